//! Lines typed on stdin, read without blocking a stop request: the chat server waits in poll() on
//! both stdin and the shutdown descriptor, so Ctrl-C or SIGTERM ends it even while it waits for the
//! user to type an answer.

use std::io;
use std::os::fd::AsFd;

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use socklab::shutdown::Shutdown;

/// Why no line came.
pub enum NoLine {
    EndOfInput,
    Stopped,
}

#[derive(Default)]
pub struct StdinLines {
    pending: Vec<u8>,
    at_eof: bool,
}

impl StdinLines {
    /// The next line without its line ending; a last line without a newline counts too.
    pub fn next_line(&mut self, shutdown: &Shutdown) -> io::Result<Result<String, NoLine>> {
        loop {
            if let Some(end) = self.pending.iter().position(|&b| b == b'\n') {
                let mut line: Vec<u8> = self.pending.drain(..=end).collect();
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(Ok(String::from_utf8_lossy(&line).into_owned()));
            }
            if self.at_eof {
                if self.pending.is_empty() {
                    return Ok(Err(NoLine::EndOfInput));
                }
                let line = std::mem::take(&mut self.pending);
                return Ok(Ok(String::from_utf8_lossy(&line).into_owned()));
            }
            if !self.wait_readable(shutdown)? {
                return Ok(Err(NoLine::Stopped));
            }
            let mut chunk = [0u8; 4096];
            match nix::unistd::read(libc::STDIN_FILENO, &mut chunk) {
                Ok(0) => self.at_eof = true,
                Ok(n) => self.pending.extend_from_slice(&chunk[..n]),
                Err(nix::errno::Errno::EINTR | nix::errno::Errno::EAGAIN) => {}
                Err(err) => return Err(err.into()),
            }
        }
    }

    /// Waits until stdin has input (true) or a stop was requested (false).
    fn wait_readable(&self, shutdown: &Shutdown) -> io::Result<bool> {
        loop {
            if shutdown.requested() {
                return Ok(false);
            }
            let stdin = io::stdin();
            let mut fds = [
                PollFd::new(stdin.as_fd(), PollFlags::POLLIN),
                PollFd::new(shutdown.fd(), PollFlags::POLLIN),
            ];
            match poll(&mut fds, PollTimeout::NONE) {
                Ok(_) if shutdown.requested() => return Ok(false),
                Ok(_) => return Ok(true),
                Err(nix::errno::Errno::EINTR) => continue,
                Err(err) => return Err(err.into()),
            }
        }
    }
}
