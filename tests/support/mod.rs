//! Running socklab's programs from the tests: each in its own process group, its output drained on
//! threads, readiness awaited on a line with a deadline, and the whole group killed on drop, so a
//! failing test never leaves a process behind.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

pub mod raster;

/// How long a test waits for a line or an exit before it fails with the process's output.
pub const DEADLINE: Duration = Duration::from_secs(20);
const GRACE: Duration = Duration::from_secs(2);

pub fn udp_chat() -> &'static str {
    env!("CARGO_BIN_EXE_udp-chat")
}

pub fn tcp_echo() -> &'static str {
    env!("CARGO_BIN_EXE_tcp-echo")
}

pub fn text_image() -> &'static str {
    env!("CARGO_BIN_EXE_text-image")
}

pub fn framed_json() -> &'static str {
    env!("CARGO_BIN_EXE_framed-json")
}

pub fn hftp() -> &'static str {
    env!("CARGO_BIN_EXE_hftp")
}

pub fn lan() -> &'static str {
    env!("CARGO_BIN_EXE_lan")
}

pub fn web_client() -> &'static str {
    env!("CARGO_BIN_EXE_web-client")
}

pub fn socklab() -> &'static str {
    env!("CARGO_BIN_EXE_socklab")
}

/// A running program under test.
pub struct Proc {
    label: String,
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    stdout: Vec<String>,
    stderr: Arc<Mutex<String>>,
    /// Closed once stderr reached its end.
    stderr_done: Receiver<()>,
}

impl Proc {
    pub fn start(program: impl AsRef<Path>, args: &[&str]) -> Proc {
        Self::start_in(program, args, None)
    }

    /// Starts `program` with `args`, optionally in directory `dir`.
    pub fn start_in(program: impl AsRef<Path>, args: &[&str], dir: Option<&Path>) -> Proc {
        let program = program.as_ref();
        let mut command = Command::new(program);
        command
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        if let Some(dir) = dir {
            command.current_dir(dir);
        }
        let mut child = command.spawn().unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
        let (tx, lines) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        let mut pipe = child.stderr.take().unwrap();
        let (done, stderr_done) = mpsc::channel::<()>();
        std::thread::spawn(move || {
            let _done = done;
            let mut buffer = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        let label = format!("{} {}", program.file_name().unwrap().to_string_lossy(), args.join(" "));
        Proc { label, stdin: child.stdin.take(), child, lines, stdout: Vec::new(), stderr, stderr_done }
    }

    /// Waits for the first stdout line containing `needle` and returns it.
    pub fn wait_for_line(&mut self, needle: &str) -> String {
        if let Some(line) = self.stdout.iter().find(|line| line.contains(needle)) {
            return line.clone();
        }
        let deadline = Instant::now() + DEADLINE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.stdout.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!("{}", self.explain(&format!("no line with '{needle}' in time")))
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("{}", self.explain(&format!("stdout closed before a line with '{needle}'")))
                }
            }
        }
    }

    /// Waits for the `listening on <proto> <addr>` line (or its `--json` event) and returns the address.
    pub fn listening_addr(&mut self) -> SocketAddr {
        let line = self.wait_for_line("listening");
        let addr =
            line.split_whitespace().last().and_then(|word| word.trim_matches('"').parse().ok()).or_else(
                || {
                    let value: serde_json::Value = serde_json::from_str(&line).ok()?;
                    value["addr"].as_str()?.parse().ok()
                },
            );
        addr.unwrap_or_else(|| panic!("{}", self.explain(&format!("cannot read an address in '{line}'"))))
    }

    pub fn write_stdin(&mut self, text: &str) {
        let stdin = self.stdin.as_mut().expect("stdin already closed");
        stdin.write_all(text.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }

    pub fn close_stdin(&mut self) {
        self.stdin.take();
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the process to exit by itself and returns its status.
    pub fn wait_exit(&mut self) -> ExitStatus {
        self.close_stdin();
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                self.drain();
                return status;
            }
            if Instant::now() > deadline {
                panic!("{}", self.explain("did not exit in time"));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Sends SIGTERM to the process and waits for it.
    pub fn terminate(&mut self) -> ExitStatus {
        let _ = killpg(Pid::from_raw(self.child.id() as i32), Signal::SIGTERM);
        self.wait_exit()
    }

    /// Every stdout line seen so far (after an exit: all of them).
    pub fn stdout(&mut self) -> Vec<String> {
        while let Ok(line) = self.lines.try_recv() {
            self.stdout.push(line);
        }
        self.stdout.clone()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Reads the rest of stdout, and waits for the rest of stderr, once the process has exited.
    fn drain(&mut self) {
        let deadline = Instant::now() + GRACE;
        let _ = self.stderr_done.recv_timeout(GRACE);
        while let Ok(line) = self.lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            self.stdout.push(line);
        }
    }

    pub fn explain(&mut self, what: &str) -> String {
        let stdout = self.stdout().join("\n");
        format!("{}: {what}\n--- stdout\n{stdout}\n--- stderr\n{}", self.label, self.stderr())
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let group = Pid::from_raw(self.child.id() as i32);
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = killpg(group, Signal::SIGTERM);
            let deadline = Instant::now() + GRACE;
            while Instant::now() < deadline && self.child.try_wait().ok().flatten().is_none() {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        let _ = killpg(group, Signal::SIGKILL);
        let _ = self.child.wait();
    }
}

/// Whether `program` is on PATH; tests that need an optional tool print why they skip.
pub fn have(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .stdout(Stdio::null())
        .status()
        .map(|status| status.success())
        .unwrap_or(false)
}

/// Prints a skip notice that shows in `cargo test` output.
pub fn skip(test: &str, reason: &str) {
    eprintln!("SKIPPED {test}: {reason}");
}

/// A finished command's status, stdout and stderr, for a failed assertion.
pub fn explain_output(output: &std::process::Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A folder under `target/test-artifacts/` (beside cargo's `target/tmp`, so it follows
/// `CARGO_TARGET_DIR`) where tests leave files for a person to look at: screenshots, rendered plots.
pub fn artifacts(folder: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).with_file_name("test-artifacts").join(folder);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
