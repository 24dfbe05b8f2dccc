//! One lab, start to verdict: run its processes ([`crate::runner`]), make its checks
//! ([`crate::checks`]) and gather a [`LabReport`]. The entry point is [`play`].

use std::time::Duration;

use crate::capture::{self, Capture};
use crate::checks::{self, CheckResult};
use crate::model::{Lab, Stream};
use crate::runner::{Session, Settings};
use crate::tr;

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
    /// What the lab's packet capture recorded, when it had one.
    pub capture: Option<CaptureReport>,
    /// Why the lab was not played: it needs what this machine or user cannot give (root for a
    /// capture); such a lab neither passes nor fails.
    pub skipped: Option<String>,
}

impl LabReport {
    pub fn passed(&self) -> bool {
        self.skipped.is_none() && self.problems.is_empty() && self.checks.iter().all(CheckResult::passed)
    }

    /// A lab that did not run, with `problem` as the reason.
    fn not_played(lab: &Lab, problem: Option<String>, skipped: Option<String>) -> Self {
        LabReport {
            name: lab.name.clone(),
            summary: lab.summary.clone(),
            duration: Duration::ZERO,
            problems: problem.into_iter().collect(),
            checks: Vec::new(),
            processes: Vec::new(),
            interrupted: false,
            capture: None,
            skipped,
        }
    }
}

/// A lab's capture, for reports.
#[derive(Debug, Clone)]
pub struct CaptureReport {
    pub summary: capture::Summary,
    /// The file stays (`--capture DIR`); otherwise it was a temporary file, now removed.
    pub kept: bool,
    /// The packets, one line each, when the report asked for them (`--show-packets`).
    pub packets: Vec<String>,
}

impl CaptureReport {
    /// `capture: DIR/lab.pcap (12 packets)`, or `capture: 12 packets; not kept: --capture DIR keeps
    /// the file`, with the cap and the kernel's drops when there were any.
    pub fn describe(&self) -> String {
        let summary = &self.summary;
        let mut notes = vec![tr!("checks-capture-packets", count = summary.packets)];
        if summary.over_cap > 0 {
            notes.push(tr!("checks-capture-over-cap", more = summary.over_cap));
        }
        if summary.dropped > 0 {
            notes.push(tr!("checks-capture-dropped", count = summary.dropped));
        }
        if self.kept {
            let path = summary.path.display().to_string();
            return tr!("checks-capture-kept", path = path, notes = notes.join("; "));
        }
        notes.push(tr!("checks-capture-not-kept"));
        tr!("checks-capture-summary", notes = notes.join("; "))
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
    format!("{}... [{}]", &kept[..end], tr!("checks-line-cut", more = more))
}

/// Plays `lab` and reports on it; a lab whose server lost its port to another program is played again.
pub fn play(lab: &Lab, settings: &Settings) -> LabReport {
    let capturing = lab.needs_private_network() || settings.capture.dir.is_some();
    if capturing && !settings.private_network {
        return play_in_private_network(lab, settings);
    }
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

/// A lab that records packets, played on a thread of its own that first moves into a new network
/// namespace, so that the capture sees the lab's packets and nothing of the machine's.
fn play_in_private_network(lab: &Lab, settings: &Settings) -> LabReport {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                if let Err(err) = crate::sandbox::enter_private_network() {
                    let why = if lab.hosts.is_empty() {
                        tr!("checks-skipped-records-packets", error = err.to_string())
                    } else {
                        tr!("checks-skipped-has-hosts", error = err.to_string())
                    };
                    return LabReport::not_played(lab, None, Some(why));
                }
                let mut settings = settings.clone();
                settings.private_network = true;
                play(lab, &settings)
            })
            .join()
            .unwrap_or_else(|_| LabReport::not_played(lab, Some(tr!("checks-play-failed")), None))
    })
}

/// Starts the lab's capture when it records packets: into `DIR/LAB.pcap` with `--capture DIR`, else
/// into a temporary file.
fn start_capture(
    lab: &Lab,
    settings: &Settings,
) -> std::io::Result<Option<(Capture, Option<tempfile::NamedTempFile>)>> {
    if !lab.captures() && settings.capture.dir.is_none() {
        return Ok(None);
    }
    let (path, temporary) = match &settings.capture.dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            (dir.join(format!("{}.pcap", lab.name)), None)
        }
        None => {
            let file = tempfile::Builder::new()
                .prefix(&format!("socklab-{}-", lab.name))
                .suffix(".pcap")
                .tempfile()?;
            (file.path().to_path_buf(), Some(file))
        }
    };
    Ok(Some((Capture::start(&path, settings.capture.limits)?, temporary)))
}

fn play_once(lab: &Lab, settings: &Settings) -> LabReport {
    let capture = match start_capture(lab, settings) {
        Ok(capture) => capture,
        Err(err) => {
            let problem = tr!("checks-cannot-capture", error = err.to_string());
            return LabReport::not_played(lab, Some(problem), None);
        }
    };
    let mut session = match Session::start(lab, settings) {
        Ok(session) => session,
        Err(err) => {
            return LabReport::not_played(
                lab,
                Some(tr!("checks-cannot-prepare", error = err.to_string())),
                None,
            );
        }
    };
    let live = checks::evaluate_all(&mut session, true);
    let mut session = session.stop();
    let capture = capture.and_then(|(capture, temporary)| match capture.finish() {
        Ok(summary) => {
            let packets = capture::packet::read(&summary.path).map_err(|err| err.to_string());
            let lines = match (&packets, settings.capture.show_packets) {
                (Ok(packets), true) => packets.iter().map(ToString::to_string).collect(),
                _ => Vec::new(),
            };
            session.packets = Some(packets);
            session.packets_over_cap = summary.over_cap;
            drop(temporary);
            Some(CaptureReport { summary, kept: settings.capture.dir.is_some(), packets: lines })
        }
        Err(err) => {
            session.packets = Some(Err(err.to_string()));
            None
        }
    });
    let after = checks::evaluate_all(&mut session, false);
    // Report checks in the order the file lists them.
    let mut live = live.into_iter();
    let mut after = after.into_iter();
    let mut results: Vec<CheckResult> = lab
        .checks
        .iter()
        .filter_map(|check| if check.is_live() { live.next() } else { after.next() })
        .collect();
    checks::apply_only_if(&lab.checks, &mut results);
    let mut report = report(&session, results, settings.line_width);
    report.capture = capture;
    report
}

/// An argument as reports show it: a long one (a 100000-byte message) cut to its start and length.
fn shown_argument(arg: &str) -> String {
    const LONGEST: usize = 200;
    if arg.len() <= LONGEST {
        return arg.to_owned();
    }
    let start: String = arg.chars().take(40).collect();
    format!("{start}... ({})", tr!("checks-argument-bytes", count = arg.len()))
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
        capture: None,
        skipped: None,
    }
}
