//! Playing one lab's processes: [`Session::start`] starts them in order, waits for readiness and for
//! the processes that end by themselves, then [`Session::stop`] stops the rest and returns what
//! happened. Checks are not made here (see [`crate::checks`]); between the two calls the processes that
//! run until stopped are still alive, so live checks (still running, listening) can look at them.
//!
//! Nothing waits a fixed time: the loop wakes on every output line or after a short poll interval
//! (needed for exits and /proc socket probes), and every wait has a deadline.

mod exits;
pub mod ports;
mod process;
mod stdin;
pub mod stop;

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::ExitStatus;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::sys::signal::Signal;
pub use process::{Line, Log, MAX_LINE, char_floor, split_not_kept};
use process::{Notifier, Started};

use crate::model::{Ends, Lab, ProcessId, Readiness, StartAfter, Stream};
use crate::template::Context;
use crate::tr;

/// How often the loop looks at exits and sockets when no output arrives.
const POLL: Duration = Duration::from_millis(2);
/// Lines of output shown in a problem's description.
const TAIL: usize = 10;

/// How long a lab's end waits for its student programs to go back to waiting before they are
/// stopped anyway (a busy loop never does).
const SETTLE_LIMIT: Duration = Duration::from_millis(300);

/// What every lab run shares.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where `{bin:NAME}` programs are.
    pub bin_dir: PathBuf,
    /// Set on Ctrl-C: stop everything now.
    pub interrupt: Arc<AtomicBool>,
    /// Ports decided beforehand, by placeholder name; the others are picked free.
    pub ports: BTreeMap<String, u16>,
    /// The submission being graded: what `{submission}` stands for.
    pub submission: Option<PathBuf>,
    /// How sandboxed processes (student roles) are started.
    pub sandbox: Option<Sandbox>,
    /// The values of `{var:NAME}`: labs.toml's `[vars]` with the `--set` overrides.
    pub vars: BTreeMap<String, String>,
    /// The longest line of program output a report shows (`--line-width`); checks see more.
    pub line_width: usize,
    /// Packet capture: where files go and how much they keep.
    pub capture: CaptureSettings,
    /// The calling thread is already in a network namespace of the lab's own (grading as root).
    pub private_network: bool,
}

/// How labs record packets (`--capture DIR`, `--show-packets`, the caps).
#[derive(Debug, Clone, Default)]
pub struct CaptureSettings {
    /// Keep every lab's capture as `DIR/LAB.pcap`; without it only labs that capture or check
    /// packets record them, into a temporary file.
    pub dir: Option<PathBuf>,
    pub limits: crate::capture::Limits,
    /// Put the capture's packets in the report, one line each.
    pub show_packets: bool,
}

impl Settings {
    pub fn new(bin_dir: PathBuf, interrupt: Arc<AtomicBool>) -> Self {
        Settings {
            bin_dir,
            interrupt,
            ports: BTreeMap::new(),
            submission: None,
            sandbox: None,
            vars: BTreeMap::new(),
            line_width: crate::lab::LINE_WIDTH,
            capture: CaptureSettings::default(),
            private_network: false,
        }
    }
}

/// How untrusted processes (student roles) are started: as a terminal would start them, in the
/// submission's copy with stdin open and a small environment, limited, and contained when possible.
#[derive(Debug, Clone)]
pub struct Sandbox {
    pub limits: crate::sandbox::Limits,
    /// The account they run as (when socklab is root); the lab's directory is given to it too.
    pub owner: Option<(nix::unistd::Uid, nix::unistd::Gid)>,
    /// Contain each in PID and mount namespaces of its own, with these folders hidden (the class
    /// folder); `None` runs them unisolated.
    pub hidden: Option<Vec<PathBuf>>,
}

/// How long a process stopped for a `freeze` may take to be stopped: a stop signal takes effect when
/// each thread is next scheduled, which on a loaded machine is not at once.
const FREEZE_TIMEOUT: Duration = Duration::from_secs(2);

/// Sends `signal` to the program a process runs and to every process it started; returns their pids.
/// For a contained process that is the student program and its descendants, not the keeper.
fn signal_program(run: &mut ProcessRun, signal: Signal) -> Vec<i32> {
    let Some(started) = run.started.as_mut() else { return Vec::new() };
    if !started.running() {
        return Vec::new();
    }
    let mut family = crate::procs::descendants(started.program);
    family.insert(0, started.program);
    for pid in &family {
        let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(*pid), signal);
    }
    family
}

/// A process of the lab: not started, running, or ended.
pub struct ProcessRun {
    pub name: String,
    pub argv: Vec<String>,
    env: Vec<(String, String)>,
    /// The stdin script, rendered.
    stdin: Vec<stdin::Step>,
    /// The socket readiness waits for, rendered.
    ready_addr: Option<std::net::SocketAddr>,
    started: Option<Started>,
    ready: bool,
    /// The harness sent it a signal (timeout or end of lab).
    pub stopped: bool,
    /// When it became ready (its start, without a readiness): an `ends = "exit"` timeout counts from here.
    ready_at: Option<Instant>,
    /// Held stopped by another process's `freeze`: the processes that were sent SIGSTOP.
    frozen: Vec<i32>,
    /// How many stderr lines it had printed when socklab began to stop it.
    stderr_at_stop: Option<usize>,
    /// How long it had run when socklab began to stop it.
    pub stopped_after: Option<Duration>,
    /// When socklab began to stop it, it was waiting to read its stdin (an `input()` nobody answered).
    pub reading_stdin_at_stop: bool,
}

impl ProcessRun {
    pub fn pid(&self) -> Option<i32> {
        self.started.as_ref().map(|s| s.pid)
    }

    pub fn has_started(&self) -> bool {
        self.started.is_some()
    }

    pub fn is_running(&mut self) -> bool {
        self.started.as_mut().is_some_and(Started::running)
    }

    /// Whether it still runs after `settle` (see [`process::Started::running_after`]).
    pub fn is_running_after(&mut self, settle: Duration) -> bool {
        self.started.as_mut().is_some_and(|started| started.running_after(settle))
    }

    /// It ended but left processes running (a contained program whose daemon socklab then ended).
    pub fn left_behind(&self) -> bool {
        self.started.as_ref().is_some_and(|started| started.left_behind.is_some())
    }

    pub fn exit_status(&self) -> Option<ExitStatus> {
        self.started.as_ref()?.exit.map(|(status, _)| status)
    }

    /// From start to exit, for a process that has ended.
    pub fn run_time(&self) -> Option<Duration> {
        let started = self.started.as_ref()?;
        started.exit.map(|(_, at)| at - started.started)
    }

    /// What it printed on stderr before socklab began to stop it (all of it if socklab did not): what
    /// it said of its own accord, not what being stopped made it say.
    pub fn stderr_before_stop(&self) -> String {
        let Some(started) = self.started.as_ref() else { return String::new() };
        let lines = started.log.lines(Stream::Stderr);
        let count = self.stderr_at_stop.unwrap_or(lines.len()).min(lines.len());
        lines[..count].iter().map(|line| format!("{line}\n")).collect()
    }

    pub fn log(&self) -> Option<&Log> {
        self.started.as_ref().map(|s| &*s.log)
    }

    pub fn text(&self, stream: Stream) -> String {
        self.log().map(|log| log.text(stream)).unwrap_or_default()
    }

    /// How it ended, in words: `exit 0`, `killed by SIGKILL`, `still running`, `not started`.
    pub fn describe_status(&self) -> String {
        match (&self.started, self.exit_status()) {
            (None, _) => tr!("run-not-started"),
            (Some(_), None) => tr!("run-still-running"),
            (Some(_), Some(status)) => {
                let text = describe(status, self.stopped);
                match self.left_behind_description() {
                    Some(left) => tr!("run-status-and-left", status = text, left = left),
                    None => text,
                }
            }
        }
    }

    /// What it left running when it ended, and what to do about it: `processes in the background
    /// (...) serving udp 127.0.0.1:3500 (socklab stopped it): run the program in the foreground`.
    pub fn left_behind_description(&self) -> Option<String> {
        let left = self.started.as_ref()?.left_behind.as_ref()?;
        Some(tr!("run-left-behind", what = left.describe()))
    }
}

pub fn describe(status: ExitStatus, stopped: bool) -> String {
    match (status.code(), status.signal()) {
        (Some(code), _) if stopped => tr!("run-exit-stopped", code = code),
        (Some(code), _) => tr!("run-exit", code = code),
        (None, Some(signal)) => {
            let name = nix::sys::signal::Signal::try_from(signal).map(|s| s.as_str()).unwrap_or("?");
            if stopped { tr!("run-killed-stopped", signal = name) } else { tr!("run-killed", signal = name) }
        }
        _ => format!("{status}"),
    }
}

/// A value unique to one lab run, for [`stop::MARKER_VARIABLE`].
fn next_marker(lab: &str) -> String {
    static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    format!("{}-{}-{lab}", std::process::id(), RUNS.fetch_add(1, Ordering::SeqCst))
}

/// One lab being played.
pub struct Session {
    pub processes: Vec<ProcessRun>,
    /// Why the lab failed before any check was made (never ready, timeout, ...).
    pub problems: Vec<String>,
    pub context: Context,
    pub interrupted: bool,
    pub started: Instant,
    /// `Udp: NoPorts` of the lab's network when it started, for labs that check it (see
    /// [`crate::sockets::udp_no_ports`]).
    pub udp_no_ports_at_start: Option<u64>,
    /// What the lab's capture recorded, read back once the processes ended (or why it could not be).
    pub packets: Option<Result<Vec<crate::capture::packet::Packet>, String>>,
    /// Packets the capture saw after its cap and did not keep.
    pub packets_over_cap: u64,
    lab: Lab,
    notifier: Arc<Notifier>,
    /// The output of each started process, for stdin scripts that wait on another process.
    logs: Arc<Mutex<Vec<Option<Arc<Log>>>>>,
    script_problems: Arc<Mutex<Vec<String>>>,
    /// The value of `SOCKLAB_RUN` in the environment of this lab run's processes.
    marker: String,
    scripts_stop: Arc<AtomicBool>,
    /// Set when a student program that should have kept running ended: stdin scripts stop waiting.
    student_gone: Arc<AtomicBool>,
    sandbox: Option<Sandbox>,
    /// The submission's copy: the working directory of sandboxed processes.
    submission: Option<PathBuf>,
    /// The lab's simulated machines, when it has some.
    hosts: Option<crate::hosts::Hosts>,
    // Dropped last: removes the lab's directory.
    _tmp: tempfile::TempDir,
}

enum Verdict {
    /// Nothing changed: wait for output or the next poll.
    Continue,
    /// A process became ready: what waits for it may start now.
    Again,
    Done,
    Failed(String),
}

impl Session {
    /// Starts the lab's processes and returns once every process that ends by itself has ended, or
    /// on the first problem (a readiness that never came, a timeout, Ctrl-C).
    pub fn start(lab: &Lab, settings: &Settings) -> std::io::Result<Session> {
        crate::model::Pattern::compile_in_background(lab.patterns());
        let tmp = tempfile::Builder::new().prefix(&format!("socklab-{}-", lab.name)).tempdir()?;
        if let Some(Sandbox { owner: Some((uid, gid)), .. }) = &settings.sandbox {
            nix::unistd::chown(tmp.path(), Some(*uid), Some(*gid)).map_err(std::io::Error::from)?;
        }
        let hosts = match lab.hosts.as_slice() {
            [] => None,
            names => {
                Some(crate::hosts::Hosts::create(names, lab.captures() || settings.capture.dir.is_some())?)
            }
        };
        let mut context = Context::new(&settings.bin_dir, tmp.path())
            .with_ports(&settings.ports)
            .with_vars(&settings.vars)
            .with_submission(settings.submission.as_deref())
            .with_hosts(hosts.iter().flat_map(crate::hosts::Hosts::addresses));
        let mut processes = Vec::new();
        for spec in &lab.processes {
            let argv = spec.command.iter().map(|t| t.render(&mut context)).collect::<Result<_, _>>()?;
            let env = spec
                .env
                .iter()
                .map(|(name, value)| Ok((name.clone(), value.render(&mut context)?)))
                .collect::<std::io::Result<_>>()?;
            let ready_addr = match &spec.ready {
                Some(Readiness::Socket(_, addr)) => {
                    let text = addr.render(&mut context)?;
                    Some(text.parse().map_err(|_| {
                        std::io::Error::other(tr!(
                            "run-ready-address-invalid",
                            process = spec.name.clone(),
                            addr = text.clone()
                        ))
                    })?)
                }
                _ => None,
            };
            let stdin = spec
                .stdin
                .iter()
                .map(|step| {
                    let line = step.line.as_ref().map(|line| line.render(&mut context)).transpose()?;
                    Ok(stdin::Step { wait_for: step.wait_for.clone(), line })
                })
                .collect::<std::io::Result<_>>()?;
            processes.push(ProcessRun {
                name: spec.name.clone(),
                argv,
                stdin,
                env,
                ready_addr,
                started: None,
                ready: false,
                stopped: false,
                ready_at: None,
                frozen: Vec::new(),
                stderr_at_stop: None,
                stopped_after: None,
                reading_stdin_at_stop: false,
            });
        }
        let mut session = Session {
            processes,
            problems: Vec::new(),
            context,
            interrupted: false,
            started: Instant::now(),
            udp_no_ports_at_start: lab
                .checks
                .iter()
                .flat_map(|check| &check.conditions)
                .any(|condition| matches!(condition, crate::model::CheckKind::UdpToClosedPort))
                .then(crate::sockets::udp_no_ports)
                .flatten(),
            packets: None,
            packets_over_cap: 0,
            hosts,
            lab: lab.clone(),
            notifier: Arc::new(Notifier::default()),
            logs: Arc::new(Mutex::new(vec![None; lab.processes.len()])),
            script_problems: Arc::default(),
            marker: next_marker(&lab.name),
            scripts_stop: Arc::default(),
            student_gone: Arc::default(),
            sandbox: None,
            submission: settings.submission.clone(),
            _tmp: tmp,
        };
        session.sandbox = settings.sandbox.clone();
        session.play(settings);
        Ok(session)
    }

    fn play(&mut self, settings: &Settings) {
        let deadline = self.started + self.lab.timeout;
        loop {
            let verdict = if settings.interrupt.load(Ordering::SeqCst) {
                self.interrupted = true;
                Verdict::Failed(tr!("run-interrupted"))
            } else if Instant::now() >= deadline {
                Verdict::Failed(tr!("run-lab-timeout", limit = crate::cli::format_duration(self.lab.timeout)))
            } else {
                self.step()
            };
            match verdict {
                Verdict::Continue => self.notifier.wait(POLL),
                Verdict::Again => {}
                Verdict::Done => break,
                Verdict::Failed(problem) => {
                    self.problems.push(problem);
                    break;
                }
            }
        }
        self.problems.extend(self.script_problems.lock().unwrap_or_else(|e| e.into_inner()).drain(..));
    }

    /// One pass: start what can start, notice readiness, exits and timeouts.
    fn step(&mut self) -> Verdict {
        for id in 0..self.processes.len() {
            if self.processes[id].has_started() {
                continue;
            }
            match self.can_start(id) {
                Ok(false) => {}
                Ok(true) => {
                    if let Some(freeze) = &self.lab.processes[id].freeze {
                        let target = &mut self.processes[freeze.process];
                        target.frozen = signal_program(target, Signal::SIGSTOP);
                        if !crate::procs::wait_stopped(&target.frozen, FREEZE_TIMEOUT) {
                            return Verdict::Failed(tr!(
                                "run-not-frozen",
                                name = target.name.clone(),
                                limit = crate::cli::format_duration(FREEZE_TIMEOUT)
                            ));
                        }
                    }
                    if let Err(problem) = self.spawn(id) {
                        return Verdict::Failed(problem);
                    }
                }
                Err(problem) => return Verdict::Failed(problem),
            }
        }
        self.thaw_when_due(false);
        let mut done = true;
        let mut became_ready = false;
        for id in 0..self.processes.len() {
            let spec = &self.lab.processes[id];
            let run = &mut self.processes[id];
            let Some(started) = run.started.as_mut() else {
                done = false;
                continue;
            };
            let exited = started.poll_exit();
            if exited && spec.sandboxed && spec.ends == Ends::Stop {
                // A student program that should have kept running ended (a crash): what the other
                // processes' scripts wait for will not come, and the checks will say why.
                self.student_gone.store(true, Ordering::SeqCst);
            }
            if !run.ready {
                if self.is_ready(id) {
                    self.processes[id].ready = true;
                    self.processes[id].ready_at = Some(Instant::now());
                    became_ready = true;
                } else if exited {
                    return Verdict::Failed(self.never_ready(id, &tr!("run-before-ready")));
                } else if self.processes[id].started.as_ref().unwrap().started.elapsed() >= spec.ready_timeout
                {
                    let within = tr!("run-within", limit = crate::cli::format_duration(spec.ready_timeout));
                    return Verdict::Failed(self.never_ready(id, &within));
                }
            }
            let run = &mut self.processes[id];
            if spec.ends == Ends::Exit && !exited {
                done = false;
                // Time spent getting ready is the readiness's to judge, not the exit timeout's.
                if run.ready_at.is_some_and(|at| at.elapsed() >= spec.timeout) {
                    return Verdict::Failed(tr!(
                        "run-not-exited-within",
                        name = run.name.clone(),
                        limit = crate::cli::format_duration(spec.timeout)
                    ));
                }
            }
            if spec.ends == Ends::Stop && !run.ready {
                done = false;
            }
        }
        match (done, became_ready) {
            (true, _) => Verdict::Done,
            (false, true) => Verdict::Again,
            (false, false) => Verdict::Continue,
        }
    }

    /// Lets frozen processes go on (SIGCONT) once the process that froze them printed its `until` line
    /// or ended; all of them with `all` (before the lab stops its processes).
    fn thaw_when_due(&mut self, all: bool) {
        for id in 0..self.processes.len() {
            let Some(freeze) = &self.lab.processes[id].freeze else { continue };
            if self.processes[freeze.process].frozen.is_empty() {
                continue;
            }
            let due = all
                || self.processes[id].started.as_mut().is_some_and(|started| {
                    started.log.find(0, None, &freeze.until).is_some() || started.poll_exit()
                });
            if due {
                for pid in std::mem::take(&mut self.processes[freeze.process].frozen) {
                    let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), Signal::SIGCONT);
                }
            }
        }
    }

    /// Whether process `id` may start now; an error when it never will.
    fn can_start(&self, id: ProcessId) -> Result<bool, String> {
        let name = &self.lab.processes[id].name;
        for after in &self.lab.processes[id].start_after {
            let (StartAfter::Ready(other) | StartAfter::Exited(other)) = *after;
            let run = &self.processes[other];
            let exited = run.exit_status().is_some();
            match after {
                StartAfter::Ready(_) if run.ready => {}
                StartAfter::Ready(_) if exited => {
                    return Err(tr!("run-waited-for-ended", name = name.clone(), other = run.name.clone()));
                }
                StartAfter::Exited(_) if exited => {}
                _ => return Ok(false),
            }
        }
        Ok(true)
    }

    fn spawn(&mut self, id: ProcessId) -> Result<(), String> {
        let spec = &self.lab.processes[id];
        let run = &mut self.processes[id];
        let mut env = run.env.clone();
        env.push((stop::MARKER_VARIABLE.to_owned(), self.marker.clone()));
        let sandbox = if spec.sandboxed { self.sandbox.as_ref() } else { None };
        let tmp = self.context.tmp().to_owned();
        let (dir, sandbox) = match sandbox {
            None => (tmp, None),
            Some(sandbox) => {
                // Where a student would start it: in the submission's folder.
                let dir = self.submission.clone().unwrap_or_else(|| tmp.clone());
                let plan = sandbox.hidden.as_ref().map(|hidden| crate::sandbox::Plan {
                    hidden: hidden.clone(),
                    kept: if dir == tmp { vec![tmp.clone()] } else { vec![dir.clone(), tmp.clone()] },
                    cwd: dir.clone(),
                });
                let home = if plan.is_some() { PathBuf::from("/tmp") } else { tmp.clone() };
                let mut base = crate::sandbox::student_environment(&home);
                base.retain(|(name, _)| !env.iter().any(|(set, _)| set == name));
                env.splice(0..0, base);
                (dir, Some((sandbox, plan)))
            }
        };
        let spawn = || Started::spawn(&run.argv, &env, &dir, &self.notifier, sandbox);
        let started = match (spec.host, &self.hosts) {
            (Some(host), Some(hosts)) => hosts.within(host, spawn).and_then(|started| started),
            _ => spawn(),
        };
        let mut started = started.map_err(|err| {
            tr!(
                "run-cannot-start",
                name = run.name.clone(),
                program = run.argv[0].clone(),
                error = err.to_string()
            )
        })?;
        self.logs.lock().unwrap_or_else(|e| e.into_inner())[id] = Some(Arc::clone(&started.log));
        let stdin = started.stdin.take();
        // A student program's stdin stays open, as a terminal's does, unless the lab scripts it.
        let keep_open = spec.keep_stdin_open || (spec.sandboxed && spec.stdin.is_empty());
        if !spec.stdin.is_empty() || keep_open {
            stdin::Script {
                process: run.name.clone(),
                steps: run.stdin.clone(),
                keep_open,
                names: self.lab.processes.iter().map(|p| p.name.clone()).collect(),
                logs: Arc::clone(&self.logs),
                notifier: Arc::clone(&self.notifier),
                deadline: self.started + self.lab.timeout,
                stop: Arc::clone(&self.scripts_stop),
                student_gone: Arc::clone(&self.student_gone),
                problems: Arc::clone(&self.script_problems),
            }
            .run_in_background(stdin);
        }
        run.started = Some(started);
        run.ready = spec.ready.is_none();
        run.ready_at = run.ready.then(Instant::now);
        Ok(())
    }

    fn is_ready(&self, id: ProcessId) -> bool {
        let run = &self.processes[id];
        let Some(started) = &run.started else { return false };
        match &self.lab.processes[id].ready {
            None => true,
            Some(Readiness::Line(stream, pattern)) => started.log.find(0, Some(*stream), pattern).is_some(),
            // The program's own sockets or its children's: once it has ended, a daemon it left cannot
            // make it ready.
            Some(Readiness::Socket(proto, _)) => {
                run.ready_addr.is_some_and(|addr| crate::sockets::is_listening(started.program, *proto, addr))
            }
        }
    }

    /// "server never printed a line matching /re/ on stdout within 5s" (or "server ended (exit 1)
    /// before it listened on udp 127.0.0.1:3500"), with the output so far.
    fn never_ready(&mut self, id: ProcessId, when: &str) -> String {
        let run = &mut self.processes[id];
        if let Some(started) = run.started.as_mut() {
            started.finish_output(Duration::from_millis(200));
        }
        let name = run.name.clone();
        let ended = run.exit_status().map(|_| run.describe_status());
        let when = when.to_owned();
        let addr = run.ready_addr.map(|a| a.to_string()).unwrap_or_default();
        // What happened first: a program that ended did so before it was ready.
        let mut problem = match (&self.lab.processes[id].ready, ended) {
            (Some(Readiness::Line(stream, pattern)), Some(status)) => tr!(
                "run-ended-before-line",
                name = name,
                status = status,
                pattern = pattern.to_string(),
                stream = stream.name()
            ),
            (Some(Readiness::Line(stream, pattern)), None) => tr!(
                "run-never-line",
                name = name,
                pattern = pattern.to_string(),
                stream = stream.name(),
                when = when
            ),
            (Some(Readiness::Socket(proto, _)), Some(status)) => {
                tr!(
                    "run-ended-before-listening",
                    name = name,
                    status = status,
                    proto = proto.name(),
                    addr = addr
                )
            }
            (Some(Readiness::Socket(proto, _)), None) => {
                tr!("run-never-listened", name = name, proto = proto.name(), addr = addr, when = when)
            }
            (None, Some(status)) => tr!("run-ended-before-ready", name = name, status = status),
            (None, None) => tr!("run-never-ready", name = name, when = when),
        };
        for stream in [Stream::Stdout, Stream::Stderr] {
            let lines = run.log().map(|log| log.lines(stream)).unwrap_or_default();
            let skip = lines.len().saturating_sub(TAIL);
            if lines.is_empty() {
                problem.push_str(&format!("\n{} {}: ({})", run.name, stream.name(), tr!("run-nothing")));
            } else {
                problem.push_str(&format!("\n{} {}:", run.name, stream.name()));
                for line in &lines[skip..] {
                    problem.push_str(&format!("\n  | {line}"));
                }
            }
        }
        problem
    }

    /// Stops every process still running (and anything it started), waits for their output, and
    /// returns the ended session. Processes are signalled together: SIGTERM, grace, SIGKILL.
    pub fn stop(mut self) -> Session {
        self.thaw_when_due(true);
        // A student's program may still be reacting to the lab's last events (a peer that just
        // closed): it is stopped once it waits again, so that what it printed does not depend on
        // how fast this machine was.
        let students: Vec<i32> = self
            .processes
            .iter_mut()
            .zip(&self.lab.processes)
            .filter(|(_, spec)| spec.sandboxed)
            .filter_map(|(run, _)| {
                let process = run.started.as_mut()?;
                process.running().then_some(process.program)
            })
            .collect();
        if !students.is_empty() {
            crate::procs::wait_idle(&students, SETTLE_LIMIT);
        }
        let grace = self.lab.grace;
        let mut started: Vec<&mut Started> = Vec::new();
        for run in &mut self.processes {
            if let Some(process) = run.started.as_mut() {
                if process.running() {
                    run.stopped = true;
                    run.stderr_at_stop = Some(process.log.lines(Stream::Stderr).len());
                    run.stopped_after = Some(process.started.elapsed());
                    run.reading_stdin_at_stop = crate::procs::reads_stdin(process.program);
                }
                started.push(process);
            }
        }
        // Stdin stays open while they are signalled, as a terminal's does on Ctrl-C; the scripts end
        // after (a program that waits on input() is stopped, not handed an end of input).
        let survivors = stop::stop_all(&mut started, grace, &self.marker);
        self.scripts_stop.store(true, Ordering::SeqCst);
        self.notifier.notify();
        for group in survivors {
            self.problems.push(tr!("run-survived-sigkill", group = group.to_string()));
        }
        self.problems.extend(self.script_problems.lock().unwrap_or_else(|e| e.into_inner()).drain(..));
        self
    }

    pub fn duration(&self) -> Duration {
        self.started.elapsed()
    }

    pub fn lab(&self) -> &Lab {
        &self.lab
    }
}
