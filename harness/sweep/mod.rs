//! `socklab sweep`: parameter sweeps over the lab programs (backlog, buffer sizes), repeated, tabulated
//! and plotted beside the kernel's own model.
//!
//! An [`experiment::Experiment`] comes from labs.toml (see [`crate::config`]); [`run::run`] plays it,
//! point by point, through the lab runner and gives [`results::SweepResults`], which [`report`]
//! renders as CSV, Markdown, SVG and JSON. [`machine`] records the kernel facts the numbers depend on.

pub mod experiment;
pub mod expr;
pub mod machine;
pub mod report;
pub mod results;
pub mod run;
