//! Waiting on one socket and on a stop request at once: the blocking-style servers in `bins/` sleep
//! in poll(2) on their connection and on [`Shutdown`]'s descriptor, so that SIGINT/SIGTERM or an idle
//! timeout ends even a wait on a client that went silent.

use std::io;
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};

use crate::shutdown::Shutdown;

/// How a wait ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// The socket is ready for what was asked (or has an error or hang-up the next call will show).
    Ready,
    /// A stop was requested.
    Stop,
    /// `timeout` passed first.
    TimedOut,
}

/// Waits until `source` is ready for `flags` (`POLLIN`, `POLLOUT`), a stop is requested, or
/// `timeout` passes (`None`: no limit). `EINTR` is retried.
pub fn wait_for(
    source: &impl AsFd,
    flags: PollFlags,
    shutdown: &Shutdown,
    timeout: Option<Duration>,
) -> io::Result<Wake> {
    let timeout = timeout.map_or(PollTimeout::NONE, |t| PollTimeout::try_from(t).unwrap_or(PollTimeout::MAX));
    loop {
        if shutdown.requested() {
            return Ok(Wake::Stop);
        }
        let mut fds = [PollFd::new(source.as_fd(), flags), PollFd::new(shutdown.fd(), PollFlags::POLLIN)];
        match poll(&mut fds, timeout) {
            Err(Errno::EINTR) => continue,
            Err(err) => return Err(err.into()),
            Ok(0) => return Ok(Wake::TimedOut),
            Ok(_) if shutdown.requested() => return Ok(Wake::Stop),
            Ok(_) if fds[0].any().unwrap_or(false) => return Ok(Wake::Ready),
            Ok(_) => continue,
        }
    }
}

/// Sleeps `pause` unless a stop comes first (true then).
pub fn stopped_during(shutdown: &Shutdown, pause: Duration) -> io::Result<bool> {
    let mut fds = [PollFd::new(shutdown.fd(), PollFlags::POLLIN)];
    match poll(&mut fds, PollTimeout::try_from(pause).unwrap_or(PollTimeout::MAX)) {
        Ok(_) | Err(Errno::EINTR) => Ok(shutdown.requested()),
        Err(err) => Err(err.into()),
    }
}

/// The poll(2) timeout that wakes a loop at the earliest of `deadlines` (a millisecond after, so that
/// the deadline has passed when it wakes), or never if there is none.
pub fn until_earliest(deadlines: impl IntoIterator<Item = Instant>, now: Instant) -> PollTimeout {
    deadlines.into_iter().min().map_or(PollTimeout::NONE, |deadline| {
        PollTimeout::try_from(deadline.saturating_duration_since(now) + Duration::from_millis(1))
            .unwrap_or(PollTimeout::MAX)
    })
}
