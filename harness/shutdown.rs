//! Clean stops on SIGINT and SIGTERM.
//!
//! Servers block in poll(); a signal handler can only set a flag, so [`Shutdown`] also writes a byte
//! into a socket pair whose read end a server adds to its poll set. The server then wakes up, prints
//! its final counters and exits 0 instead of being killed mid-line.

use std::io;
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use signal_hook::consts::{SIGINT, SIGTERM};

/// A stop request from SIGINT or SIGTERM, observable both as a flag and as a readable descriptor.
pub struct Shutdown {
    requested: Arc<AtomicBool>,
    wake: UnixStream,
}

impl Shutdown {
    /// Installs the handlers. Call once, early in `main`.
    pub fn install() -> io::Result<Self> {
        let requested = Arc::new(AtomicBool::new(false));
        let (wake, notify) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        for signal in [SIGINT, SIGTERM] {
            signal_hook::flag::register(signal, Arc::clone(&requested))?;
            signal_hook::low_level::pipe::register(signal, notify.try_clone()?)?;
        }
        Ok(Self { requested, wake })
    }

    pub fn requested(&self) -> bool {
        self.requested.load(Ordering::SeqCst)
    }

    /// A descriptor that becomes readable once a stop was requested; add it to a poll set.
    pub fn fd(&self) -> BorrowedFd<'_> {
        self.wake.as_fd()
    }

    /// Makes a stop request also shut down the reading side of `socket`, so that a thread blocked in
    /// recv() on it returns at once (with 0 bytes) instead of waiting for the next datagram. This lets
    /// a busy server block in recv() directly, one system call per datagram, without missing a signal
    /// that arrives just before it blocks.
    pub fn interrupt_reads(&self, socket: &impl std::os::fd::AsRawFd) -> io::Result<()> {
        let fd = socket.as_raw_fd();
        for signal in [SIGINT, SIGTERM] {
            // SAFETY: the action only calls shutdown(2), which is async-signal-safe.
            unsafe {
                signal_hook::low_level::register(signal, move || {
                    libc::shutdown(fd, libc::SHUT_RD);
                })?;
            }
        }
        Ok(())
    }

    /// A flag that other threads can watch.
    pub fn flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.requested)
    }
}
