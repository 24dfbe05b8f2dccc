//! Waiting for processes to end without sleeping in fixed steps: a pidfd (Linux 5.3+) becomes readable
//! the moment its process ends, so a wait wakes on the exit itself instead of on the next poll tick.
//! Nothing is reaped here; the caller still collects exit statuses with `waitpid`.

use std::os::fd::{AsFd, FromRawFd, OwnedFd};
use std::time::Duration;

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};

/// Processes being watched for their end.
pub struct ExitWatch {
    watched: Vec<OwnedFd>,
}

impl ExitWatch {
    /// Watches `pids`; one that is already gone (or a kernel without pidfds) is simply not watched.
    pub fn new(pids: impl IntoIterator<Item = i32>) -> Self {
        ExitWatch { watched: pids.into_iter().filter_map(pidfd_open).collect() }
    }

    /// Returns when a watched process ends or after `timeout`, whichever comes first. Processes seen
    /// ending are no longer watched, so the next call waits for the others.
    pub fn wait(&mut self, timeout: Duration) {
        if self.watched.is_empty() {
            std::thread::sleep(timeout);
            return;
        }
        let ended: Vec<bool> = {
            let mut fds: Vec<PollFd> =
                self.watched.iter().map(|fd| PollFd::new(fd.as_fd(), PollFlags::POLLIN)).collect();
            let millis = PollTimeout::try_from(timeout.as_millis().max(1)).unwrap_or(PollTimeout::MAX);
            if poll(&mut fds, millis).is_err() {
                return;
            }
            fds.iter().map(|fd| fd.revents().is_some_and(|events| !events.is_empty())).collect()
        };
        let mut ended = ended.into_iter();
        self.watched.retain(|_| !ended.next().unwrap_or(false));
    }
}

fn pidfd_open(pid: i32) -> Option<OwnedFd> {
    // SAFETY: pidfd_open takes a pid and flags and returns a new descriptor or -1; nothing is borrowed.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    // SAFETY: a non-negative result is a descriptor this process now owns.
    (fd >= 0).then(|| unsafe { OwnedFd::from_raw_fd(fd as i32) })
}
