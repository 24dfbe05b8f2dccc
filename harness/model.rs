//! What a lab is, once labs.toml has been read and checked: processes to start and checks to make.
//!
//! The runner ([`crate::runner`]) and the checks ([`crate::checks`]) work only on these types, never on
//! the raw file, so another front end (grading student submissions, say) can build a [`Lab`] itself,
//! for instance by swapping the command of one role, and reuse everything else.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};
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
    /// Record the lab's packets (`capture = true`, or a packet check): the lab then runs in a network
    /// namespace of its own.
    pub capture: bool,
    /// Simulated machines (`[[lab.host]]`), each a network namespace of its own on the lab's bridge.
    pub hosts: Vec<String>,
}

impl Lab {
    /// Whether the lab needs a network namespace of its own: it records packets or has hosts.
    pub fn needs_private_network(&self) -> bool {
        self.captures() || !self.hosts.is_empty()
    }

    /// Whether the lab records its packets: asked for, or needed by a packet check.
    pub fn captures(&self) -> bool {
        self.capture
            || self
                .checks
                .iter()
                .flat_map(|check| &check.conditions)
                .any(|c| matches!(c, CheckKind::Packets(_)))
    }

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

    /// The socklab programs (`{bin:NAME}`) its commands call, reference and student roles alike.
    pub fn programs(&self) -> impl Iterator<Item = &str> {
        self.processes
            .iter()
            .flat_map(|process| process.command.iter().chain(process.student.iter().flatten()))
            .flat_map(|word| word.programs())
    }

    /// Every regular expression the lab uses: readiness lines, stdin waits and output checks.
    pub fn patterns(&self) -> Vec<Pattern> {
        let ready = self.processes.iter().filter_map(|process| match &process.ready {
            Some(Readiness::Line(_, pattern)) => Some(pattern),
            _ => None,
        });
        let waits = self
            .processes
            .iter()
            .flat_map(|process| &process.stdin)
            .filter_map(|step| step.wait_for.as_ref().map(|(_, pattern)| pattern));
        let checks = self.checks.iter().flat_map(|check| &check.conditions).filter_map(|kind| match kind {
            CheckKind::Output(_, _, TextMatch::Matches(pattern)) => Some(pattern),
            _ => None,
        });
        let hints = self
            .checks
            .iter()
            .flat_map(|check| &check.hints)
            .flat_map(|hint| hint.when.iter().chain(&hint.unless));
        let freezes = self.processes.iter().filter_map(|process| process.freeze.as_ref().map(|f| &f.until));
        ready.chain(waits).chain(checks).chain(hints).chain(freezes).cloned().collect()
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
    pub freeze: Option<Freeze>,
    pub ends: Ends,
    /// For a process that ends by itself: how long it may take from its start.
    pub timeout: Duration,
    /// The lab host it runs on (an index into [`Lab::hosts`]); `None`: the lab's own namespace.
    pub host: Option<usize>,
}

#[derive(Debug, Clone)]
pub enum Readiness {
    /// A line on stdout or stderr matches.
    Line(Stream, Pattern),
    /// The process (or a descendant) has a socket listening on / bound to this address.
    Socket(Proto, Template),
}

/// Another process held stopped (SIGSTOP) from just before this one starts until this one prints a
/// line matching `until` (or ends): it cannot run accept() or recv() meanwhile, whatever its design,
/// while the kernel goes on queueing connections and data for it.
#[derive(Debug, Clone)]
pub struct Freeze {
    pub process: ProcessId,
    pub until: Pattern,
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
    pub wait_for: Option<(ProcessId, Pattern)>,
    /// The line to send, with placeholders filled in when the lab starts.
    pub line: Option<Template>,
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
    /// Every condition must hold; the first that fails gives the reason. Either all live or none.
    pub conditions: Vec<CheckKind>,
    /// Added to the reason of a failure, each only when its condition matches what was observed.
    pub hints: Vec<Hint>,
    /// The index of an earlier check of the lab that must pass for this one to count (`only-if`): a
    /// server that answers nobody must not earn "ignores 127.0.0.2" or "keeps running".
    pub only_if: Option<usize>,
}

impl Check {
    /// Made while the processes still run (see [`CheckKind::is_live`]).
    pub fn is_live(&self) -> bool {
        self.conditions.first().is_some_and(CheckKind::is_live)
    }
}

/// A hint for a failed check: shown when `when` matches a line of the reason or of the output of
/// `process` (or of any process of the lab), or always without `when`; never when `unless` matches a
/// line of the reason (what was seen rules the hint out).
#[derive(Debug, Clone)]
pub struct Hint {
    pub text: String,
    pub when: Option<Pattern>,
    pub unless: Option<Pattern>,
    pub process: Option<ProcessId>,
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
    /// The lab's network received a UDP datagram at a port nobody was bound to (`Udp: NoPorts` of
    /// /proc/net/snmp grew during the lab): a client really sent to a server that was not there.
    UdpToClosedPort,
    /// The process was stopped by socklab and ended within the grace period after SIGTERM.
    StopsOnSigterm(ProcessId),
    /// The process ended without leaving anything it started running (no daemon, no stray child).
    LeavesNothingRunning(ProcessId),
    /// The process did not crash: no Python traceback or syntax error, no signal socklab did not send.
    NoCrash(ProcessId),
    /// The process printed a line of its own on stdout or stderr (a traceback does not count).
    SaysSomething(ProcessId),
    /// A condition on the packets the lab's capture recorded.
    Packets(PacketCheck),
}

/// `packets = { kind = "udp", to = "127.0.0.1:{port}", count = 1 }`: a packet condition whose
/// addresses are filled in when the lab runs.
#[derive(Debug, Clone)]
pub struct PacketCheck {
    pub kind: crate::capture::condition::PacketKind,
    pub from: Option<Template>,
    pub to: Option<Template>,
    pub count: crate::capture::condition::Count,
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
    Contains(Template),
    Matches(Pattern),
    Equals(Template),
    /// The stream does not contain this text (e.g. a Python traceback).
    Excludes(Template),
}

#[derive(Debug, Clone)]
pub enum FileExpectation {
    Exists,
    Sha256(String),
    SameAs(Template),
    /// The path is a folder whose entries are exactly these names (hidden ones included).
    Holds(Vec<String>),
}

/// Text a compiled pattern searches on the calling thread; more goes to [`Pattern::any_line`]'s thread.
const INLINE_MATCH: usize = 64 * 1024;

/// A regular expression of labs.toml. Its syntax is checked when the file is read; it is compiled the
/// first time a lab uses it, so playing one lab does not pay for compiling every pattern in the file.
#[derive(Clone)]
pub struct Pattern {
    source: Arc<str>,
    compiled: Arc<OnceLock<Regex>>,
}

impl Pattern {
    /// Checks the syntax (the regex crate's, with its nesting limit); the error is the parser's message.
    pub fn new(source: &str) -> Result<Pattern, String> {
        regex_syntax::Parser::new().parse(source).map_err(|err| err.to_string())?;
        Ok(Pattern { source: source.into(), compiled: Arc::default() })
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.regex().is_match(text)
    }

    /// Whether a line of `text` matches, decided within `budget`: a huge pattern (slow to compile)
    /// over long lines of output can take longer than a lab may, so beyond a little text the work runs
    /// on a thread of its own that is left behind when the budget is spent. The error says so.
    pub fn any_line(&self, text: &str, budget: Duration) -> Result<bool, String> {
        if self.compiled.get().is_some() && text.len() <= INLINE_MATCH {
            return Ok(text.lines().any(|line| self.is_match(line)));
        }
        let (pattern, text_copy) = (self.clone(), Arc::<str>::from(text));
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = sender.send(text_copy.lines().any(|line| pattern.is_match(line)));
        });
        receiver.recv_timeout(budget).map_err(|_| {
            format!(
                "timed out: matching /{}/ against {} bytes of output took more than the {} left of the lab's time",
                self.source,
                text.len(),
                crate::cli::format_duration(Duration::from_millis(budget.as_millis() as u64))
            )
        })
    }

    /// Compiles `patterns` on a thread of their own, while the caller goes on (starting processes,
    /// say); a pattern needed before its turn is compiled by whoever needs it first, once.
    pub fn compile_in_background(mut patterns: Vec<Pattern>) {
        patterns.retain(|pattern| pattern.compiled.get().is_none());
        if patterns.is_empty() {
            return;
        }
        std::thread::spawn(move || {
            for pattern in patterns {
                pattern.regex();
            }
        });
    }

    fn regex(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            // The syntax is valid, so only the default size limit can refuse it: lift the limit then.
            Regex::new(&self.source).unwrap_or_else(|_| {
                regex::RegexBuilder::new(&self.source)
                    .size_limit(usize::MAX >> 1)
                    .build()
                    .expect("a pattern whose syntax was checked compiles without a size limit")
            })
        })
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pattern({:?})", &*self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::Pattern;

    #[test]
    fn a_pattern_is_checked_when_made_and_matches_once_compiled() {
        assert!(Pattern::new("(ready").unwrap_err().contains("unclosed group"));
        let pattern = Pattern::new(r"^listening on udp \d+$").unwrap();
        assert!(pattern.is_match("listening on udp 3500"));
        assert!(!pattern.is_match("listening on tcp 3500"));
        assert_eq!(pattern.to_string(), r"^listening on udp \d+$");
    }

    #[test]
    fn a_pattern_too_big_for_the_default_limit_still_compiles() {
        let huge = r"a{1000}{1000}";
        assert!(regex::Regex::new(huge).is_err(), "the default size limit refuses it");
        assert!(!Pattern::new(huge).unwrap().is_match("too short"));
    }
}
