//! `socklab grade`: the labs of labs.toml run against student submissions, scored and reported.

pub mod cli;
pub mod overview;
pub mod report;
pub mod results;
pub mod run;
