//! The files `socklab sweep` writes for an experiment: NAME.csv (one row per run), NAME.md (medians with
//! min–max), NAME.svg (the plot) and NAME.json (everything). Each renders to a string; writing them is
//! the caller's one job.

mod csv;
mod markdown;
mod svg;

use super::results::SweepResults;

pub use self::csv::render as csv;
pub use markdown::render as markdown;
pub use svg::render as svg;
pub use svg::{HEIGHT as PLOT_HEIGHT, MODEL_COLOUR, WIDTH as PLOT_WIDTH, series_colour};

pub fn json(results: &SweepResults) -> String {
    serde_json::to_string_pretty(results).expect("sweep results always serialise") + "\n"
}
