//! One client served by blocking-style code (the serial and threaded servers): recv() up to
//! `--recv-size` bytes until the client shuts down its side, and echo each piece with send() calls of
//! at most `--send-size` bytes, looping over partial sends. Every wait also watches the stop
//! descriptors, so SIGTERM ends even a connection whose client has stalled.

use std::io;
use std::net::{Shutdown as Direction, SocketAddr};
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use nix::poll::PollFlags;
use socket2::Socket;
use socklab::event::{Event, Events};
use socklab::tr;

use super::ServerOptions;
use super::stop::Stop;
use crate::counters::{CloseReason, IoCounts, closed_event};
use crate::syscalls::{Wake, has_pending, recv_nowait, send_nowait, wait};
use crate::transform::{StreamTransform, Verdict};

/// Serves `socket` until the client is done, reports it, and returns its counts and why it closed.
pub fn serve(
    socket: Socket,
    peer: SocketAddr,
    options: &ServerOptions,
    stop: &Stop,
    events: Events,
) -> (IoCounts, CloseReason) {
    let started = Instant::now();
    let mut counts = IoCounts::default();
    if let Some(quiet) = options.hold_reads {
        match hold_reads(&socket, quiet, stop) {
            Ok(Some(queued)) => events.emit(held_event(peer, queued, started.elapsed())),
            Ok(None) => {
                events.emit(closed_event(peer, &counts, CloseReason::Shutdown, started.elapsed()));
                return (counts, CloseReason::Shutdown);
            }
            Err(err) => events.warn(events.in_language(|| {
                tr!("tcp-echo-connection-error", peer = peer.to_string(), error = err.to_string())
            })),
        }
    }
    let echoed = if options.zero_copy {
        super::zero_copy::echo_until_done(&socket, options, stop, &mut counts)
    } else {
        match options.collect.map(|size| collect(&socket, size, options, stop, &mut counts)) {
            Some(Ok(Some(done))) => Ok(done),
            Some(Err(err)) => Err(err),
            Some(Ok(None)) | None => echo_until_done(&socket, options, stop, &mut counts),
        }
    };
    let reason = match echoed {
        Ok(reason) => reason,
        Err(err) => {
            events.warn(events.in_language(|| {
                tr!("tcp-echo-connection-error", peer = peer.to_string(), error = err.to_string())
            }));
            CloseReason::Error
        }
    };
    if reason == CloseReason::Eof {
        let _ = socket.shutdown(Direction::Write);
    }
    drop(socket);
    events.emit(closed_event(peer, &counts, reason, started.elapsed()));
    (counts, reason)
}

fn echo_until_done(
    socket: &Socket,
    options: &ServerOptions,
    stop: &Stop,
    counts: &mut IoCounts,
) -> io::Result<CloseReason> {
    let fd = socket.as_fd();
    let mut buffer = vec![0u8; options.recv_size];
    let mut transform = StreamTransform::new(options.transform, options.quit);
    let mut echo = Vec::new();
    loop {
        if stop.requested() {
            return Ok(CloseReason::Shutdown);
        }
        echo.clear();
        let verdict = match recv_nowait(fd, &mut buffer) {
            // The client shut down its side: what it sent is all there is.
            Ok(0) => {
                let verdict = transform.finish(&mut echo);
                if !send_echo(socket, &echo, options, stop, counts)? {
                    return Ok(CloseReason::Shutdown);
                }
                return Ok(if verdict == Verdict::Quit { CloseReason::Quit } else { CloseReason::Eof });
            }
            Ok(received) if transform.passes_through(&buffer[..received]) => {
                // Bulk echo: send straight from the receive buffer, no copy.
                counts.received_bytes(&buffer[..received]);
                if !send_echo(socket, &buffer[..received], options, stop, counts)? {
                    return Ok(CloseReason::Shutdown);
                }
                continue;
            }
            Ok(received) => {
                counts.received_bytes(&buffer[..received]);
                match transform.feed(&buffer[..received], &mut echo) {
                    Verdict::Continue if transform.holds_quit() && !has_pending(fd) => Verdict::Quit,
                    verdict => verdict,
                }
            }
            // Nothing queued yet: wait for data or a stop.
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                if wait(fd, PollFlags::POLLIN, &stop.fds(), None)? == Wake::Stop {
                    return Ok(CloseReason::Shutdown);
                }
                continue;
            }
            Err(err) => return Err(err),
        };
        if !send_echo(socket, &echo, options, stop, counts)? {
            return Ok(CloseReason::Shutdown);
        }
        if verdict == Verdict::Quit {
            return Ok(CloseReason::Quit);
        }
    }
}

/// `--hold-reads`: once the client's first bytes arrived, reads nothing until no more have arrived
/// for `quiet`. A sender then stops on a full window (the receive buffer is full and nothing reads
/// it), so a non-blocking send() it made has returned with what fitted (a partial send, §2.5.2)
/// instead of racing this server's reads. Returns the bytes queued when reading begins, `None` on
/// a stop.
fn hold_reads(socket: &Socket, quiet: Duration, stop: &Stop) -> io::Result<Option<usize>> {
    let fd = socket.as_fd();
    if wait(fd, PollFlags::POLLIN, &stop.fds(), None)? == Wake::Stop {
        return Ok(None);
    }
    let step = quiet.min(HOLD_STEP);
    let mut queued = socklab::unread::queued(fd)?;
    let mut since = Instant::now();
    while since.elapsed() < quiet {
        if wait_for_stop(stop, step)? {
            return Ok(None);
        }
        let now = socklab::unread::queued(fd)?;
        if now != queued {
            (queued, since) = (now, Instant::now());
        }
    }
    Ok(Some(queued))
}

/// How often `--hold-reads` looks at the receive queue.
const HOLD_STEP: Duration = Duration::from_millis(10);

/// Sleeps `duration` unless a stop comes first (true then).
fn wait_for_stop(stop: &Stop, duration: Duration) -> io::Result<bool> {
    let [first, second] = stop.fds();
    Ok(wait(first, PollFlags::POLLIN, &[second], Some(duration))? != Wake::TimedOut)
}

/// The `held` event: reading began after `--hold-reads`, with this many bytes queued.
fn held_event(peer: SocketAddr, queued: usize, elapsed: Duration) -> Event {
    Event::new("held", tr!("tcp-echo-held", peer = peer.to_string(), queued = queued))
        .field("peer", peer.to_string())
        .field("queued", queued)
        .field("ms", u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX))
}

/// `--collect`: receives until `size` bytes arrived (or the client shut down its side), then echoes
/// them unchanged. `Some` when the connection is over, `None` to go on echoing what comes next.
fn collect(
    socket: &Socket,
    size: usize,
    options: &ServerOptions,
    stop: &Stop,
    counts: &mut IoCounts,
) -> io::Result<Option<CloseReason>> {
    let fd = socket.as_fd();
    let mut message = vec![0u8; size];
    let mut filled = 0;
    while filled < size {
        if stop.requested() {
            return Ok(Some(CloseReason::Shutdown));
        }
        let end = size.min(filled + options.recv_size);
        match recv_nowait(fd, &mut message[filled..end]) {
            Ok(0) => break,
            Ok(received) => {
                counts.received_bytes(&message[filled..filled + received]);
                filled += received;
            }
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                if wait(fd, PollFlags::POLLIN, &stop.fds(), None)? == Wake::Stop {
                    return Ok(Some(CloseReason::Shutdown));
                }
            }
            Err(err) => return Err(err),
        }
    }
    if !send_echo(socket, &message[..filled], options, stop, counts)? {
        return Ok(Some(CloseReason::Shutdown));
    }
    Ok((filled < size).then_some(CloseReason::Eof))
}

/// Sends `echo`; false if a stop came first.
fn send_echo(
    socket: &Socket,
    echo: &[u8],
    options: &ServerOptions,
    stop: &Stop,
    counts: &mut IoCounts,
) -> io::Result<bool> {
    if echo.is_empty() {
        return Ok(true);
    }
    if options.send_once {
        send_once(socket, echo, counts)?;
        return Ok(true);
    }
    let mut offset = 0;
    loop {
        offset += send_until_full(socket, &echo[offset..], options.send_size, counts)?;
        if offset == echo.len() {
            return Ok(true);
        }
        // The send buffer is full: wait until it drains (or a stop comes).
        if wait(socket.as_fd(), PollFlags::POLLOUT, &stop.fds(), None)? == Wake::Stop {
            return Ok(false);
        }
    }
}

/// Sends `bytes`, `send_size` bytes per call, until all are taken or the send buffer is full; returns
/// how many the kernel took.
pub fn send_until_full(
    socket: &Socket,
    bytes: &[u8],
    send_size: usize,
    counts: &mut IoCounts,
) -> io::Result<usize> {
    let mut offset = 0;
    while offset < bytes.len() {
        let chunk = &bytes[offset..bytes.len().min(offset + send_size)];
        match send_nowait(socket.as_fd(), chunk) {
            Ok(taken) => {
                counts.sent(chunk.len(), taken);
                offset += taken;
            }
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => break,
            Err(err) => return Err(err),
        }
    }
    Ok(offset)
}

/// `--send-once`: the classic bug. One send() of the whole echo whose return value is ignored:
/// whatever the kernel did not take is lost (counted in `dropped` so the report can show it).
pub fn send_once(socket: &Socket, echo: &[u8], counts: &mut IoCounts) -> io::Result<()> {
    let taken = match send_nowait(socket.as_fd(), echo) {
        Ok(taken) => taken,
        Err(err) if err.kind() == io::ErrorKind::WouldBlock => 0,
        Err(err) => return Err(err),
    };
    counts.sent(echo.len(), taken);
    counts.dropped += (echo.len() - taken) as u64;
    Ok(())
}
