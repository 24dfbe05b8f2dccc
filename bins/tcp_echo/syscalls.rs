//! The few socket calls the echo is made of, each one system call, so that the counts the programs
//! report are the calls that really happened. `EINTR` is retried here (a signal is not an I/O event);
//! everything else goes back to the caller, where `WouldBlock` means "not now" and `Ok(0)` from recv()
//! means the peer shut down its side.

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::time::Duration;

use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::socket::{MsgFlags, recv, send};

/// One recv() that never blocks: `WouldBlock` when nothing is queued yet. Trying first and polling
/// only when nothing is there saves a poll() per chunk while data streams in.
pub fn recv_nowait(fd: BorrowedFd<'_>, buffer: &mut [u8]) -> io::Result<usize> {
    loop {
        match recv(fd.as_raw_fd(), buffer, MsgFlags::MSG_DONTWAIT) {
            Err(Errno::EINTR) => continue,
            other => return other.map_err(io::Error::from),
        }
    }
}

/// One send() that never blocks (and never raises SIGPIPE): it returns how many bytes the kernel took,
/// which may be fewer than given (a partial send), or `WouldBlock` when the send buffer is full.
pub fn send_nowait(fd: BorrowedFd<'_>, bytes: &[u8]) -> io::Result<usize> {
    loop {
        match send(fd.as_raw_fd(), bytes, MsgFlags::MSG_DONTWAIT | MsgFlags::MSG_NOSIGNAL) {
            Err(Errno::EINTR) => continue,
            other => return other.map_err(io::Error::from),
        }
    }
}

/// Whether more bytes (or the end of the stream) are already waiting to be received.
pub fn has_pending(fd: BorrowedFd<'_>) -> bool {
    let mut byte = [0u8; 1];
    matches!(
        recv(fd.as_raw_fd(), &mut byte, MsgFlags::MSG_PEEK | MsgFlags::MSG_DONTWAIT),
        Ok(_) | Err(Errno::ECONNRESET)
    )
}

/// What a wait ended with.
#[derive(Debug, PartialEq, Eq)]
pub enum Wake {
    /// The socket is ready (or in error: the next call will say which).
    Ready,
    /// A stop was requested.
    Stop,
    TimedOut,
}

/// Waits until `fd` is ready for `flags`, one of the `stops` descriptors becomes readable, or
/// `timeout` passes.
pub fn wait(
    fd: BorrowedFd<'_>,
    flags: PollFlags,
    stops: &[BorrowedFd<'_>],
    timeout: Option<Duration>,
) -> io::Result<Wake> {
    let timeout = match timeout {
        None => PollTimeout::NONE,
        Some(t) => PollTimeout::try_from(t).unwrap_or(PollTimeout::MAX),
    };
    loop {
        let mut fds = vec![PollFd::new(fd, flags)];
        fds.extend(stops.iter().map(|stop| PollFd::new(*stop, PollFlags::POLLIN)));
        match poll(&mut fds, timeout) {
            Err(Errno::EINTR) => continue,
            Err(err) => return Err(err.into()),
            Ok(0) => return Ok(Wake::TimedOut),
            Ok(_) if fds[1..].iter().any(|stop| stop.any().unwrap_or(false)) => return Ok(Wake::Stop),
            Ok(_) => return Ok(Wake::Ready),
        }
    }
}
