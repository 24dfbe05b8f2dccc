//! Reports of a run, one file per format: [`terminal`] for people, [`json`] for scripts, [`junit`] for
//! CI systems. Each format turns a [`RunReport`] into bytes; writing them out happens in one place
//! ([`crate::app`]), so every format is testable on its own.

pub mod json;
pub mod junit;
pub mod terminal;

use std::time::Duration;

use crate::lab::LabReport;

/// Lines of each output stream shown for a failed lab.
pub const TAIL_LINES: usize = 10;

/// Every lab that ran, in the order of the labs file.
#[derive(Debug, Clone, Default)]
pub struct RunReport {
    pub labs: Vec<LabReport>,
    pub duration: Duration,
    pub interrupted: bool,
}

impl RunReport {
    pub fn passed(&self) -> usize {
        self.labs.iter().filter(|lab| lab.passed()).count()
    }

    /// Labs played that did not pass (skipped labs are neither).
    pub fn failed(&self) -> usize {
        self.labs.len() - self.passed() - self.skipped()
    }

    /// Labs not played because this machine or user cannot give what they need.
    pub fn skipped(&self) -> usize {
        self.labs.iter().filter(|lab| lab.skipped.is_some()).count()
    }

    pub fn all_passed(&self) -> bool {
        self.failed() == 0 && !self.interrupted
    }
}

/// A report format.
pub trait Format {
    fn render(&self, report: &RunReport) -> anyhow::Result<Vec<u8>>;
}
