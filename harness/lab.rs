//! One lab, start to verdict: run its processes ([`crate::runner`]), make its checks
//! ([`crate::checks`]) and gather a [`LabReport`]. The entry point is [`play`].

use std::time::Duration;

use crate::checks::{self, CheckResult};
use crate::model::{Lab, Stream};
use crate::runner::{Session, Settings};

/// How many times a lab is played when its server found its port taken (see [`crate::runner::ports`]).
const ATTEMPTS_ON_PORT_CLASH: u32 = 2;
/// What a program prints when the port it was given is already taken (EADDRINUSE).
const ADDR_IN_USE: &str = "Address already in use";

/// What happened in one lab.
#[derive(Debug, Clone)]
pub struct LabReport {
    pub name: String,
    pub summary: String,
    pub duration: Duration,
    /// What went wrong outside the checks: a readiness that never came, a timeout, Ctrl-C.
    pub problems: Vec<String>,
    pub checks: Vec<CheckResult>,
    pub processes: Vec<ProcessReport>,
    pub interrupted: bool,
}

impl LabReport {
    pub fn passed(&self) -> bool {
        self.problems.is_empty() && self.checks.iter().all(CheckResult::passed)
    }
}

/// One process of a lab, after the lab.
#[derive(Debug, Clone)]
pub struct ProcessReport {
    pub name: String,
    pub command: Vec<String>,
    /// `exit 0`, `killed by SIGKILL (stopped by socklab)`, `not started`...
    pub status: String,
    pub stdout: String,
    pub stderr: String,
    /// The longest line [`ProcessReport::tail`] shows.
    pub line_width: usize,
}

impl ProcessReport {
    pub fn output(&self, stream: Stream) -> &str {
        match stream {
            Stream::Stdout => &self.stdout,
            Stream::Stderr => &self.stderr,
        }
    }

    /// The last `count` lines of one stream, each cut at the report's line width: what a report
    /// shows of a program that printed 100 MB without a newline is its start and how much was cut.
    pub fn tail(&self, stream: Stream, count: usize) -> Vec<String> {
        let lines: Vec<&str> = self.output(stream).lines().collect();
        lines[lines.len().saturating_sub(count)..]
            .iter()
            .map(|line| cut_line(line, self.line_width))
            .collect()
    }
}

/// The longest line of program output a report shows by default (`--line-width`).
pub const LINE_WIDTH: usize = 500;

/// `line`, or its first `width` bytes (at a character boundary) and how many more it had, counting
/// those the log itself did not keep ([`crate::runner::MAX_LINE`]).
pub fn cut_line(line: &str, width: usize) -> String {
    if line.len() <= width {
        return line.to_owned();
    }
    let (kept, not_kept) = crate::runner::split_not_kept(line);
    let end = crate::runner::char_floor(kept, width);
    let more = (kept.len() - end) as u64 + not_kept;
    format!("{}... [{more} more bytes on this line, not shown]", &kept[..end])
}

/// Plays `lab` and reports on it; a lab whose server lost its port to another program is played again.
pub fn play(lab: &Lab, settings: &Settings) -> LabReport {
    let mut attempt = 1;
    loop {
        let report = play_once(lab, settings);
        let clash =
            !report.passed() && report.processes.iter().any(|process| process.stderr.contains(ADDR_IN_USE));
        if !clash || attempt >= ATTEMPTS_ON_PORT_CLASH || report.interrupted {
            return report;
        }
        attempt += 1;
    }
}

fn play_once(lab: &Lab, settings: &Settings) -> LabReport {
    let mut session = match Session::start(lab, settings) {
        Ok(session) => session,
        Err(err) => {
            return LabReport {
                name: lab.name.clone(),
                summary: lab.summary.clone(),
                duration: Duration::ZERO,
                problems: vec![format!("cannot prepare the lab: {err}")],
                checks: Vec::new(),
                processes: Vec::new(),
                interrupted: false,
            };
        }
    };
    let live = checks::evaluate_all(&mut session, true);
    let mut session = session.stop();
    let after = checks::evaluate_all(&mut session, false);
    // Report checks in the order the file lists them.
    let mut live = live.into_iter();
    let mut after = after.into_iter();
    let results = lab
        .checks
        .iter()
        .filter_map(|check| if check.is_live() { live.next() } else { after.next() })
        .collect();
    report(&session, results, settings.line_width)
}

/// An argument as reports show it: a long one (a 100000-byte message) cut to its start and length.
fn shown_argument(arg: &str) -> String {
    const LONGEST: usize = 200;
    if arg.len() <= LONGEST {
        return arg.to_owned();
    }
    let start: String = arg.chars().take(40).collect();
    format!("{start}... ({} bytes)", arg.len())
}

fn report(session: &Session, checks: Vec<CheckResult>, line_width: usize) -> LabReport {
    let lab = session.lab();
    LabReport {
        name: lab.name.clone(),
        summary: lab.summary.clone(),
        duration: session.duration(),
        problems: session.problems.clone(),
        checks,
        processes: session
            .processes
            .iter()
            .map(|run| ProcessReport {
                name: run.name.clone(),
                command: run.argv.iter().map(|arg| shown_argument(arg)).collect(),
                status: run.describe_status(),
                stdout: run.text(Stream::Stdout),
                stderr: run.text(Stream::Stderr),
                line_width,
            })
            .collect(),
        interrupted: session.interrupted,
    }
}
