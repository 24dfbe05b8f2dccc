//! `--zero-copy`: the echo never enters the program. splice() moves what arrives on the socket into a
//! pipe and from the pipe back out to the same socket; the kernel passes page references along instead
//! of copying the bytes into a user buffer and out again as recv()/send() do. Only a plain echo can be
//! served this way: a transform or a QUIT line would have to look at the bytes.
//!
//! The counts keep their meaning: a "recv call" is a splice from the socket, a "send call" a splice back
//! to it, and a splice back that moved fewer bytes than asked is a partial send.

use std::io;
use std::os::fd::{AsFd, AsRawFd, OwnedFd};

use nix::errno::Errno;
use nix::fcntl::{FcntlArg, OFlag, SpliceFFlags, fcntl, splice};
use nix::poll::PollFlags;
use nix::unistd::pipe2;
use socket2::Socket;
use socklab::tr;

use super::ServerOptions;
use super::stop::Stop;
use crate::counters::{CloseReason, IoCounts};
use crate::syscalls::{Wake, wait};

/// Echoes with splice() until the client shuts down its side (`Eof`) or a stop comes (`Shutdown`).
pub fn echo_until_done(
    socket: &Socket,
    options: &ServerOptions,
    stop: &Stop,
    counts: &mut IoCounts,
) -> io::Result<CloseReason> {
    socket.set_nonblocking(true)?;
    let (from_pipe, into_pipe) = pipe2(OFlag::O_CLOEXEC | OFlag::O_NONBLOCK)?;
    // A pipe holds 64 KiB unless asked for more; a larger --recv-size needs room for a whole chunk.
    if options.recv_size > 1 << 16 {
        let size = i32::try_from(options.recv_size).unwrap_or(i32::MAX);
        fcntl(into_pipe.as_raw_fd(), FcntlArg::F_SETPIPE_SZ(size))?;
    }
    let flags = SpliceFFlags::SPLICE_F_MOVE | SpliceFFlags::SPLICE_F_NONBLOCK;
    loop {
        if stop.requested() {
            return Ok(CloseReason::Shutdown);
        }
        let received = match splice(socket, None, &into_pipe, None, options.recv_size, flags) {
            Ok(0) => return Ok(CloseReason::Eof),
            Ok(received) => received,
            Err(Errno::EINTR) => continue,
            Err(Errno::EAGAIN) => {
                if wait(socket.as_fd(), PollFlags::POLLIN, &stop.fds(), None)? == Wake::Stop {
                    return Ok(CloseReason::Shutdown);
                }
                continue;
            }
            Err(err) => return Err(err.into()),
        };
        counts.received(received);
        if !send_from_pipe(socket, &from_pipe, received, options, stop, counts)? {
            return Ok(CloseReason::Shutdown);
        }
    }
}

/// Splices `length` bytes from the pipe back to the socket, `--send-size` per call; false if a stop
/// came first.
fn send_from_pipe(
    socket: &Socket,
    pipe: &OwnedFd,
    length: usize,
    options: &ServerOptions,
    stop: &Stop,
    counts: &mut IoCounts,
) -> io::Result<bool> {
    let flags = SpliceFFlags::SPLICE_F_MOVE | SpliceFFlags::SPLICE_F_NONBLOCK;
    let mut left = length;
    while left > 0 {
        let asked = left.min(options.send_size);
        match splice(pipe, None, socket, None, asked, flags) {
            Ok(0) => {
                return Err(io::Error::new(io::ErrorKind::WriteZero, tr!("tcp-echo-splice-nothing")));
            }
            Ok(taken) => {
                counts.sent(asked, taken);
                left -= taken;
            }
            Err(Errno::EINTR) => {}
            // The socket's send buffer is full: wait until it drains (or a stop comes).
            Err(Errno::EAGAIN) => {
                if wait(socket.as_fd(), PollFlags::POLLOUT, &stop.fds(), None)? == Wake::Stop {
                    return Ok(false);
                }
            }
            Err(err) => return Err(err.into()),
        }
    }
    Ok(true)
}
