//! One started process: its own process group, stdout and stderr drained on their own threads into a
//! [`Log`] (so a child never blocks on a full pipe), and a record of when it started and ended.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::stop;
use crate::model::Stream;
use crate::tr;

/// Output kept per process, what checks read; beyond it lines are counted but dropped, so that a
/// runaway program cannot exhaust socklab's memory (a grading runs many labs at once).
const MAX_KEPT_BYTES: usize = 16 << 20;
/// The longest line kept; the rest of a longer line is read and dropped, and counted.
pub const MAX_LINE: usize = 1 << 20;

/// Wakes the lab's loop and stdin scripts whenever any process prints a line.
#[derive(Default)]
pub struct Notifier {
    generation: Mutex<u64>,
    changed: Condvar,
}

impl Notifier {
    pub fn notify(&self) {
        *self.generation.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.changed.notify_all();
    }

    /// Waits until something is printed, or at most `timeout`.
    pub fn wait(&self, timeout: Duration) {
        let generation = self.generation.lock().unwrap_or_else(|e| e.into_inner());
        let start = *generation;
        let _ = self.changed.wait_timeout_while(generation, timeout, |now| *now == start);
    }
}

#[derive(Debug, Clone)]
pub struct Line {
    pub stream: Stream,
    pub text: String,
}

/// Every line a process printed, both streams in the order they were read.
#[derive(Default)]
pub struct Log {
    lines: Mutex<Vec<Line>>,
    kept_bytes: AtomicUsize,
    dropped: AtomicUsize,
}

impl Log {
    fn push(&self, stream: Stream, text: String) {
        if self.kept_bytes.fetch_add(text.len(), Ordering::Relaxed) > MAX_KEPT_BYTES {
            self.dropped.fetch_add(1, Ordering::Relaxed);
            return;
        }
        self.lines.lock().unwrap_or_else(|e| e.into_inner()).push(Line { stream, text });
    }

    /// The index of the first line at or after `from` that matches (in `stream`, or either).
    pub fn find(
        &self,
        from: usize,
        stream: Option<Stream>,
        pattern: &crate::model::Pattern,
    ) -> Option<usize> {
        let lines = self.lines.lock().unwrap_or_else(|e| e.into_inner());
        (from..lines.len())
            .find(|&at| stream.is_none_or(|s| lines[at].stream == s) && pattern.is_match(&lines[at].text))
    }

    /// The lines of one stream.
    pub fn lines(&self, stream: Stream) -> Vec<String> {
        let lines = self.lines.lock().unwrap_or_else(|e| e.into_inner());
        lines.iter().filter(|line| line.stream == stream).map(|line| line.text.clone()).collect()
    }

    /// One stream as text, each line ending in a newline.
    pub fn text(&self, stream: Stream) -> String {
        let mut text = String::new();
        for line in self.lines(stream) {
            text.push_str(&line);
            text.push('\n');
        }
        let dropped = self.dropped.load(Ordering::Relaxed);
        if dropped > 0 && stream == Stream::Stdout {
            text.push_str(&format!("[socklab: {dropped} more lines were not kept]\n"));
        }
        text
    }
}

/// A process the harness started, alive or ended.
pub struct Started {
    pub child: Child,
    pub pid: i32,
    pub started: Instant,
    pub exit: Option<(ExitStatus, Instant)>,
    pub log: Arc<Log>,
    pub stdin: Option<ChildStdin>,
    /// A contained process: `pid` is its keeper, and this is where the keeper says how it ended.
    report: Option<crate::sandbox::Report>,
    /// The program itself: `pid`, or for a contained process the keeper's child.
    pub program: i32,
    /// A contained process ended while other processes it started still ran (a daemon, a background
    /// child): what they were; socklab ended them at once.
    pub left_behind: Option<LeftBehind>,
    drains: Vec<JoinHandle<()>>,
}

impl Started {
    /// Starts `argv` in its own process group, in `dir`, with stdin piped and output drained. A
    /// sandboxed process starts with only `env` (not socklab's environment), limited and, with a
    /// plan, contained in namespaces of its own.
    pub fn spawn(
        argv: &[String],
        env: &[(String, String)],
        dir: &Path,
        notifier: &Arc<Notifier>,
        sandbox: Option<(&super::Sandbox, Option<crate::sandbox::Plan>)>,
    ) -> std::io::Result<Self> {
        let mut command = Command::new(&argv[0]);
        if sandbox.is_some() {
            command.env_clear();
        }
        command
            .args(&argv[1..])
            // labs.toml patterns match the programs' English output, whatever the instructor's
            // locale; a lab's own `env` may still ask for another language.
            .env(crate::i18n::ENV_LANG, "en")
            .envs(env.iter().map(|(k, v)| (k, v)))
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        let mut report = None;
        let mut contained = false;
        if let Some((sandbox, plan)) = sandbox {
            let prepared = match plan {
                Some(plan) => {
                    let (prepared, reading_end) = plan.prepare()?;
                    report = Some(reading_end);
                    contained = true;
                    Some(prepared)
                }
                None => None,
            };
            let limits = sandbox.limits.clone();
            let owner = sandbox.owner;
            // SAFETY: the hook only makes async-signal-safe system calls (unshare, mount, fork, waitpid,
            // setrlimit, setgroups, setresgid, setresuid) on data prepared before the fork.
            unsafe {
                command.pre_exec(move || {
                    if let Some(prepared) = &prepared {
                        prepared.enter()?;
                    }
                    limits.apply()?;
                    if let Some((uid, gid)) = owner {
                        nix::unistd::setgroups(&[gid])?;
                        nix::unistd::setresgid(gid, gid, gid)?;
                        nix::unistd::setresuid(uid, uid, uid)?;
                    }
                    Ok(())
                });
            }
        }
        let mut child = if contained {
            crate::sandbox::spawn_in_new_pid_namespace(|| stop::spawn_registered(&mut command))?
        } else {
            stop::spawn_registered(&mut command)?
        };
        let pid = child.id() as i32;
        // The keeper forked the program before the spawn returned (exec succeeded, or spawn failed).
        let program = if contained { first_child(pid).unwrap_or(pid) } else { pid };
        let log = Arc::new(Log::default());
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        let drains = vec![
            drain(stdout, Stream::Stdout, Arc::clone(&log), Arc::clone(notifier)),
            drain(stderr, Stream::Stderr, Arc::clone(&log), Arc::clone(notifier)),
        ];
        Ok(Self {
            stdin: child.stdin.take(),
            child,
            pid,
            started: Instant::now(),
            exit: None,
            log,
            report,
            program,
            left_behind: None,
            drains,
        })
    }

    /// Notes the exit if the process has ended; returns whether it has. For a contained process this
    /// is the end of the student program itself: if it left processes running, they are described
    /// ([`Started::left_behind`]) and ended now, so that what follows never depends on them.
    pub fn poll_exit(&mut self) -> bool {
        if self.exit.is_some() {
            return true;
        }
        if let Some(ended) = self.report.as_mut().and_then(crate::sandbox::Report::read) {
            if ended.left_behind {
                self.left_behind = Some(LeftBehind::of_keeper(self.pid));
                let _ = nix::sys::signal::kill(
                    nix::unistd::Pid::from_raw(self.pid),
                    nix::sys::signal::Signal::SIGKILL,
                );
            }
            // The keeper leaves as soon as it has reported, or was just killed: reap it.
            let _ = stop::wait_registered(&mut self.child);
            self.exit = Some((ended.status, Instant::now()));
            return true;
        }
        if let Ok(Some(status)) = stop::try_wait_registered(&mut self.child) {
            // A keeper that ended may have reported just before: the program's own status wins.
            let reported = self.report.as_mut().and_then(crate::sandbox::Report::read);
            self.exit = Some((reported.map_or(status, |ended| ended.status), Instant::now()));
        }
        self.exit.is_some()
    }

    pub fn running(&mut self) -> bool {
        !self.poll_exit()
    }

    /// Whether the process still runs after `settle`. A process that is crashing (an interpreter
    /// printing its traceback, say) may still exist for some milliseconds; judging "still running" the
    /// instant the lab ends would be a race with its last moments.
    pub fn running_after(&mut self, settle: Duration) -> bool {
        let deadline = Instant::now() + settle;
        let mut exit = super::exits::ExitWatch::new([self.pid]);
        loop {
            if self.poll_exit() {
                return false;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return true;
            }
            exit.wait(left);
        }
    }

    /// Waits (up to `timeout`) for the output threads to reach the end of both pipes.
    pub fn finish_output(&mut self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while self.drains.iter().any(|drain| !drain.is_finished()) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        for drain in std::mem::take(&mut self.drains) {
            if drain.is_finished() {
                let _ = drain.join();
            }
        }
    }
}

/// What a contained program left running when it ended.
#[derive(Debug, Clone)]
pub struct LeftBehind {
    /// Their command lines.
    pub commands: Vec<String>,
    /// What they listened on or were bound to: `udp 127.0.0.1:3500`.
    pub serving: Vec<String>,
}

impl LeftBehind {
    fn of_keeper(keeper: i32) -> Self {
        let commands = crate::procs::descendants(keeper)
            .into_iter()
            .filter_map(|pid| std::fs::read(format!("/proc/{pid}/cmdline")).ok())
            .map(|cmdline| String::from_utf8_lossy(&cmdline).replace('\0', " ").trim().to_owned())
            .filter(|command| !command.is_empty())
            .collect();
        LeftBehind { commands, serving: crate::sockets::served_by_descendants(keeper) }
    }

    /// `processes in the background (python3 server.py) serving udp 127.0.0.1:3500`. How many there
    /// were is left out: a daemon's intermediate child may or may not have ended yet.
    pub fn describe(&self) -> String {
        let mut commands = self.commands.clone();
        commands.sort();
        commands.dedup();
        let commands =
            if commands.is_empty() { String::new() } else { format!(" ({})", commands.join("; ")) };
        if self.serving.is_empty() {
            tr!("run-background-running", commands = commands)
        } else {
            tr!("run-background-serving", commands = commands, serving = self.serving.join(", "))
        }
    }
}

/// The first child of `pid`, from /proc/PID/task/PID/children.
fn first_child(pid: i32) -> Option<i32> {
    let children = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).ok()?;
    children.split_whitespace().next()?.parse().ok()
}

/// The marker at the end of a line cut at [`MAX_LINE`]: `[socklab: N more bytes of this line were not kept]`.
const NOT_KEPT: &str = "[socklab: ";
const NOT_KEPT_END: &str = " more bytes of this line were not kept]";

/// The largest index at most `at` that falls on a character boundary of `text` (so `&text[..i]` is
/// valid UTF-8).
pub fn char_floor(text: &str, at: usize) -> usize {
    (0..=at.min(text.len())).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0)
}

/// A line as the log kept it, and how many bytes of it were not kept (0 unless it was cut).
pub fn split_not_kept(line: &str) -> (&str, u64) {
    line.strip_suffix(NOT_KEPT_END)
        .and_then(|rest| {
            let at = rest.rfind(NOT_KEPT)?;
            Some((&line[..at], rest[at + NOT_KEPT.len()..].parse().ok()?))
        })
        .unwrap_or((line, 0))
}

/// Reads and drops the rest of a line (up to its newline or the end); returns how many bytes.
fn skip_line(reader: &mut impl BufRead) -> u64 {
    let mut skipped = 0;
    loop {
        let Ok(buffer) = reader.fill_buf() else { return skipped };
        if buffer.is_empty() {
            return skipped;
        }
        match buffer.iter().position(|byte| *byte == b'\n') {
            Some(at) => {
                reader.consume(at + 1);
                return skipped + at as u64;
            }
            None => {
                let length = buffer.len();
                reader.consume(length);
                skipped += length as u64;
            }
        }
    }
}

fn drain(
    pipe: impl Read + Send + 'static,
    stream: Stream,
    log: Arc<Log>,
    notifier: Arc<Notifier>,
) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut reader = BufReader::with_capacity(64 * 1024, pipe);
        let mut line = Vec::new();
        loop {
            line.clear();
            match (&mut reader).take(MAX_LINE as u64 + 1).read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    let ended = line.last() == Some(&b'\n');
                    while matches!(line.last(), Some(b'\n' | b'\r')) {
                        line.pop();
                    }
                    let mut text = String::from_utf8_lossy(&line).into_owned();
                    if !ended && line.len() > MAX_LINE {
                        let skipped = skip_line(&mut reader) + (line.len() - MAX_LINE) as u64;
                        text.truncate(char_floor(&text, MAX_LINE));
                        text.push_str(&format!("{NOT_KEPT}{skipped}{NOT_KEPT_END}"));
                    }
                    log.push(stream, text);
                    notifier.notify();
                }
            }
        }
        notifier.notify();
    })
}
