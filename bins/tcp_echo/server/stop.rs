//! Why and when the server stops: SIGINT/SIGTERM, or a client's QUIT with `--exit-on-quit`. Both are
//! readable descriptors, so a server blocked in poll() (in any thread) wakes up for either.

use std::io::Write;
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::net::UnixStream;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::Result;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use socklab::shutdown::Shutdown;

pub struct Stop {
    shutdown: Shutdown,
    quit_read: UnixStream,
    quit_write: UnixStream,
    quit_reason: Mutex<Option<String>>,
}

impl Stop {
    pub fn new(shutdown: Shutdown) -> Result<Self> {
        let (quit_read, quit_write) = UnixStream::pair()?;
        Ok(Self { shutdown, quit_read, quit_write, quit_reason: Mutex::new(None) })
    }

    /// The descriptors to add to a poll set: either becomes readable when the server must stop.
    pub fn fds(&self) -> [BorrowedFd<'_>; 2] {
        [self.shutdown.fd(), self.quit_read.as_fd()]
    }

    /// Stops the server because of `reason` (a client's QUIT).
    pub fn request(&self, reason: String) {
        let mut slot = self.quit_reason.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if slot.is_none() {
            *slot = Some(reason);
            let _ = (&self.quit_write).write_all(b"q");
        }
    }

    pub fn requested(&self) -> bool {
        self.reason().is_some()
    }

    /// Why the server stops, once it must.
    pub fn reason(&self) -> Option<&'static str> {
        if self.shutdown.requested() {
            return Some("signal");
        }
        let slot = self.quit_reason.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        slot.as_ref().map(|_| "quit")
    }

    /// Sleeps for `duration` unless a stop comes first; returns false if it did.
    pub fn sleep(&self, duration: Duration) -> bool {
        if duration.is_zero() {
            return !self.requested();
        }
        let timeout = PollTimeout::try_from(duration).unwrap_or(PollTimeout::MAX);
        let [a, b] = self.fds();
        let mut fds = [PollFd::new(a, PollFlags::POLLIN), PollFd::new(b, PollFlags::POLLIN)];
        loop {
            match poll(&mut fds, timeout) {
                Err(nix::errno::Errno::EINTR) if !self.requested() => continue,
                Ok(0) => return !self.requested(),
                _ => return false,
            }
        }
    }
}
