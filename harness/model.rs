//! What a lab is, once labs.toml has been read and checked: processes to start and checks to make.
//!
//! The runner ([`crate::runner`]) and the checks ([`crate::checks`]) work only on these types, never on
//! the raw file, so another front end (grading student submissions, say) can build a [`Lab`] itself,
//! for instance by swapping the command of one role, and reuse everything else.

use std::collections::BTreeMap;
use std::time::Duration;

use regex::Regex;

use crate::template::Template;

/// Limits used when neither the lab nor the process sets one.
pub const DEFAULT_LAB_TIMEOUT: Duration = Duration::from_secs(30);
pub const DEFAULT_PROCESS_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_READY_TIMEOUT: Duration = Duration::from_secs(5);
pub const DEFAULT_GRACE: Duration = Duration::from_secs(2);

/// One lab scenario.
#[derive(Debug, Clone)]
pub struct Lab {
    pub name: String,
    /// One line naming the guide task it covers, e.g. "§1.5.2 allowlist: ...".
    pub summary: String,
    /// The whole lab, from the first start to the last check, must fit in this.
    pub timeout: Duration,
    /// Time between SIGTERM and SIGKILL when a process is stopped.
    pub grace: Duration,
    pub processes: Vec<Process>,
    pub checks: Vec<Check>,
    /// Ports the assignment hard-codes, by placeholder name (`default` for `{port}`); used when grading.
    pub fixed_ports: BTreeMap<String, u16>,
}

impl Lab {
    /// Whether some role has a student command, i.e. the lab can grade submissions.
    pub fn is_gradable(&self) -> bool {
        self.processes.iter().any(|process| process.student.is_some())
    }

    /// The lab as it grades a submission: each role with a student command runs it, sandboxed.
    pub fn for_grading(&self) -> Lab {
        let mut lab = self.clone();
        for process in &mut lab.processes {
            if let Some(student) = process.student.take() {
                process.command = student;
                process.sandboxed = true;
            }
        }
        lab
    }
}

/// Index of a process in [`Lab::processes`].
pub type ProcessId = usize;

#[derive(Debug, Clone)]
pub struct Process {
    /// The role this process plays (`server`, `client`, ...); unique within its lab.
    pub name: String,
    pub command: Vec<Template>,
    /// The command of the student's version of this role, when grading.
    pub student: Option<Vec<Template>>,
    /// Runs untrusted code: started with the grading limits and account.
    pub sandboxed: bool,
    pub env: Vec<(String, Template)>,
    pub stdin: Vec<StdinStep>,
    /// Keep stdin open after the script (a program that stops at end of input stays up).
    pub keep_stdin_open: bool,
    pub ready: Option<Readiness>,
    pub ready_timeout: Duration,
    pub start_after: Vec<StartAfter>,
    pub ends: Ends,
    /// For a process that ends by itself: how long it may take from its start.
    pub timeout: Duration,
}

#[derive(Debug, Clone)]
pub enum Readiness {
    /// A line on stdout or stderr matches.
    Line(Stream, Regex),
    /// The process (or a descendant) has a socket listening on / bound to this address.
    Socket(Proto, Template),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartAfter {
    Ready(ProcessId),
    Exited(ProcessId),
}

/// How a process is expected to finish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ends {
    /// By itself, within its timeout; the lab waits for it.
    Exit,
    /// The harness stops it once every `Exit` process is done.
    Stop,
}

#[derive(Debug, Clone)]
pub struct StdinStep {
    /// Wait for a line of this process's output that matches, after the previous step's match.
    pub wait_for: Option<(ProcessId, Regex)>,
    pub line: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

impl Stream {
    pub fn name(self) -> &'static str {
        match self {
            Stream::Stdout => "stdout",
            Stream::Stderr => "stderr",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proto {
    Tcp,
    Udp,
}

impl Proto {
    pub fn name(self) -> &'static str {
        match self {
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Check {
    pub name: String,
    pub points: u32,
    pub kind: CheckKind,
    /// Added to the reason of a failure.
    pub hint: Option<String>,
}

#[derive(Debug, Clone)]
pub enum CheckKind {
    Exit(ProcessId, ExitExpectation),
    Output(ProcessId, Stream, TextMatch),
    /// A `--json` line on stdout whose fields include all of these.
    Event(ProcessId, serde_json::Map<String, serde_json::Value>),
    File(Template, FileExpectation),
    Running(ProcessId),
    /// Listening on the address; with `exact`, a wildcard bind (0.0.0.0) does not count.
    Listening {
        process: ProcessId,
        proto: Proto,
        addr: Template,
        exact: bool,
    },
    /// The process exited by itself within this long of its start.
    Within(ProcessId, Duration),
}

impl CheckKind {
    /// Checks that look at processes while they still run, just before the harness stops them.
    pub fn is_live(&self) -> bool {
        matches!(self, CheckKind::Running(_) | CheckKind::Listening { .. })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitExpectation {
    Code(i32),
    Success,
    Failure,
    Killed,
}

#[derive(Debug, Clone)]
pub enum TextMatch {
    Contains(String),
    Matches(Regex),
    Equals(String),
}

#[derive(Debug, Clone)]
pub enum FileExpectation {
    Exists,
    Sha256(String),
    SameAs(Template),
}
