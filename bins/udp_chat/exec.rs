//! Running a command for a client (guide §1.5.6), like Python's `os.system`, but safely bounded.
//!
//! The command runs with `sh -c` in its own process group with stdin from /dev/null and its output on
//! the server's stderr (stdout carries the server's events). A command that outlives the timeout is
//! stopped with SIGTERM to the whole group, then SIGKILL; anything it left running in the background
//! is killed when it ends, so a client can never leave processes behind on the server.

use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

/// How long a command gets after SIGTERM before SIGKILL.
const TERM_GRACE: Duration = Duration::from_secs(1);

/// How a command ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Exited(i32),
    Signalled(i32),
    TimedOut(Duration),
    CouldNotStart(String),
}

impl Outcome {
    /// The reply the client receives. Unlike `os.system`, which returns a wait status (768 for
    /// `exit 3`), this is the exit code itself.
    pub fn reply(&self) -> String {
        match self {
            Outcome::Exited(code) => format!("exit status: {code}"),
            Outcome::Signalled(signal) => format!("killed by signal {signal}"),
            Outcome::TimedOut(limit) => format!("timed out after {}", socklab::cli::format_duration(*limit)),
            Outcome::CouldNotStart(reason) => format!("error: could not run the command: {reason}"),
        }
    }
}

/// Runs `command` with `sh -c`, waiting at most `timeout`.
pub fn run(command: &str, timeout: Duration) -> Outcome {
    let spawned = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(std::io::stderr())
        .process_group(0)
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(err) => return Outcome::CouldNotStart(err.to_string()),
    };
    let group = Pid::from_raw(child.id() as i32);
    let (done_tx, done) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done_tx.send(child.wait());
    });

    let outcome = match done.recv_timeout(timeout) {
        Ok(status) => from_status(status),
        Err(_) => {
            let _ = killpg(group, Signal::SIGTERM);
            if done.recv_timeout(TERM_GRACE).is_err() {
                let _ = killpg(group, Signal::SIGKILL);
                let _ = done.recv();
            }
            Outcome::TimedOut(timeout)
        }
    };
    // Whatever the command started in the background goes with it.
    let _ = killpg(group, Signal::SIGKILL);
    outcome
}

fn from_status(status: std::io::Result<ExitStatus>) -> Outcome {
    match status {
        Ok(status) => match (status.code(), status.signal()) {
            (Some(code), _) => Outcome::Exited(code),
            (None, Some(signal)) => Outcome::Signalled(signal),
            (None, None) => Outcome::CouldNotStart("unknown wait status".into()),
        },
        Err(err) => Outcome::CouldNotStart(err.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_exit_code_not_the_wait_status() {
        assert_eq!(run("exit 3", Duration::from_secs(5)), Outcome::Exited(3));
        assert_eq!(run("true", Duration::from_secs(5)).reply(), "exit status: 0");
    }

    #[test]
    fn reports_a_signal_and_a_timeout() {
        assert_eq!(run("kill -9 $$", Duration::from_secs(5)), Outcome::Signalled(9));
        let outcome = run("sleep 30", Duration::from_millis(200));
        assert_eq!(outcome.reply(), "timed out after 200ms");
    }
}
