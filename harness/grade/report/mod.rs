//! The formats `socklab grade` writes: one small module per format, each turning [`GradeResults`] into
//! bytes, so that every format is testable without touching the disk.

mod checks_csv;
mod csv;
mod gradescope;
mod html;
mod junit;
mod terminal;

use super::results::GradeResults;

pub use checks_csv::render as checks_csv;
pub use gradescope::render as gradescope;
pub use html::render as html;
pub use junit::render as junit;
pub use terminal::render as terminal;

pub use self::csv::render as csv;

/// The complete results as JSON: the format `socklab merge` reads.
pub fn json(results: &GradeResults) -> String {
    serde_json::to_string_pretty(results).expect("grade results always serialise") + "\n"
}
