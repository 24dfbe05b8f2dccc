//! Every client from one thread (seed 002's answer): all sockets are non-blocking and one poll() says
//! which can be read or written. A ready connection is driven like the serial server drives its one
//! client: recv(), echo at once (straight from the receive buffer when the transform leaves the bytes
//! as they are), recv() again, until a call would block; poll() only runs then. What the kernel did not
//! take waits in that connection's output buffer, and the connection is not read from again until it is
//! sent, so a client that does not read cannot make the server hold more than one chunk for it.

use std::io;
use std::net::{Shutdown as Direction, SocketAddr};
use std::os::fd::AsFd;
use std::time::Instant;

use anyhow::{Context, Result};
use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use socket2::Socket;
use socklab::event::Events;
use socklab::tr;

use super::connection::{send_once, send_until_full};
use super::stop::Stop;
use super::{ServerOptions, accepted_event, listener, stops_server};
use crate::counters::{CloseReason, IoCounts, Totals, closed_event};
use crate::syscalls::{has_pending, recv_nowait};
use crate::transform::{StreamTransform, Verdict};

/// The most recv() calls one connection gets per turn, so that a client streaming fast cannot keep
/// the others waiting.
const RECVS_PER_TURN: usize = 16;

struct Connection {
    socket: Socket,
    peer: SocketAddr,
    started: Instant,
    transform: StreamTransform,
    /// Echo bytes not yet taken by the kernel; `output[sent..]` is what is left.
    output: Vec<u8>,
    sent: usize,
    counts: IoCounts,
    /// The client shut down its side or sent QUIT: nothing more to read.
    read_done: bool,
    quit: bool,
    failed: bool,
}

impl Connection {
    fn pending(&self) -> usize {
        self.output.len() - self.sent
    }

    fn interest(&self) -> PollFlags {
        if self.pending() > 0 {
            PollFlags::POLLOUT
        } else if !self.read_done {
            PollFlags::POLLIN
        } else {
            PollFlags::empty()
        }
    }

    fn finished(&self) -> bool {
        self.failed || (self.read_done && self.pending() == 0)
    }

    /// Receives and echoes until the socket would block (or this turn's share is used up).
    fn drive(&mut self, buffer: &mut [u8], options: &ServerOptions) -> io::Result<()> {
        for _ in 0..RECVS_PER_TURN {
            if self.pending() > 0 {
                self.flush(options)?;
                if self.pending() > 0 {
                    // The send buffer is full: poll() says when there is room again.
                    return Ok(());
                }
            }
            if self.read_done {
                return Ok(());
            }
            let received = match recv_nowait(self.socket.as_fd(), buffer) {
                // Nothing more queued for now.
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => return Ok(()),
                Err(err) => return Err(err),
                Ok(received) => received,
            };
            self.echo(&buffer[..received], options)?;
        }
        Ok(())
    }

    /// Echoes one received chunk (empty: the client shut down its side).
    fn echo(&mut self, chunk: &[u8], options: &ServerOptions) -> io::Result<()> {
        if chunk.is_empty() {
            self.quit = self.transform.finish(&mut self.output) == Verdict::Quit;
            self.read_done = true;
        } else {
            self.counts.received_bytes(chunk);
            if !options.send_once && self.transform.passes_through(chunk) {
                // Bulk echo: send straight from the receive buffer; keep only what the kernel left.
                let taken = send_until_full(&self.socket, chunk, options.send_size, &mut self.counts)?;
                self.output.extend_from_slice(&chunk[taken..]);
                return Ok(());
            }
            let verdict = self.transform.feed(chunk, &mut self.output);
            if verdict == Verdict::Quit || (self.transform.holds_quit() && !has_pending(self.socket.as_fd()))
            {
                self.quit = true;
                self.read_done = true;
            }
        }
        if options.send_once && self.pending() > 0 {
            send_once(&self.socket, &self.output[self.sent..], &mut self.counts)?;
            self.output.clear();
            self.sent = 0;
        }
        Ok(())
    }

    /// Sends what waits in the output buffer, until it is empty or the kernel takes no more.
    fn flush(&mut self, options: &ServerOptions) -> io::Result<()> {
        self.sent +=
            send_until_full(&self.socket, &self.output[self.sent..], options.send_size, &mut self.counts)?;
        if self.pending() == 0 {
            self.output.clear();
            self.sent = 0;
        }
        Ok(())
    }

    fn reason(&self) -> CloseReason {
        match (self.failed, self.quit) {
            (true, _) => CloseReason::Error,
            (false, true) => CloseReason::Quit,
            (false, false) => CloseReason::Eof,
        }
    }
}

pub fn serve(listening: &Socket, options: &ServerOptions, stop: &Stop, events: Events) -> Result<Totals> {
    let mut totals = Totals::default();
    let mut connections: Vec<Connection> = Vec::new();
    let mut buffer = vec![0u8; options.recv_size];
    // When a client is waiting and --accept-delay runs (or accept() ran out of descriptors), the
    // moment it will be accepted.
    let mut accept_at: Option<Instant> = None;
    let mut backoff = socklab::accept::AcceptBackoff::default();
    while !stop.requested() {
        let room = options.max_clients.is_none_or(|max| connections.len() < max);
        let now = Instant::now();
        let accept_due = accept_at.is_some_and(|at| at <= now);
        let watch_listener = room && accept_at.is_none();
        let stops = stop.fds();
        let mut fds: Vec<PollFd> = stops.iter().map(|fd| PollFd::new(*fd, PollFlags::POLLIN)).collect();
        if watch_listener {
            fds.push(PollFd::new(listening.as_fd(), PollFlags::POLLIN));
        }
        let first_connection = fds.len();
        fds.extend(connections.iter().map(|c| PollFd::new(c.socket.as_fd(), c.interest())));
        let timeout = match accept_at {
            _ if accept_due && room => PollTimeout::ZERO,
            Some(at) if room => PollTimeout::try_from(at - now).unwrap_or(PollTimeout::MAX),
            _ => PollTimeout::NONE,
        };
        match poll(&mut fds, timeout) {
            Err(Errno::EINTR) => continue,
            Err(err) => return Err(err).with_context(|| tr!("tcp-echo-poll-failed")),
            Ok(_) => {}
        }
        let ready: Vec<PollFlags> =
            fds[first_connection..].iter().map(|fd| fd.revents().unwrap_or(PollFlags::empty())).collect();
        let listener_ready = watch_listener && fds[first_connection - 1].any().unwrap_or(false);
        drop(fds);
        if stop.requested() {
            break;
        }
        for (connection, flags) in connections.iter_mut().zip(ready) {
            if flags.is_empty() {
                continue;
            }
            if let Err(err) = connection.drive(&mut buffer, options) {
                events.warn(events.in_language(|| {
                    tr!(
                        "tcp-echo-connection-error",
                        peer = connection.peer.to_string(),
                        error = err.to_string()
                    )
                }));
                connection.failed = true;
            }
        }
        connections.retain_mut(|connection| {
            if !connection.finished() {
                return true;
            }
            close(connection, connection.reason(), &mut totals, events);
            if connection.reason() == CloseReason::Quit && stops_server(options, &totals) {
                stop.request(format!("QUIT from {}", connection.peer));
            }
            false
        });
        if listener_ready {
            accept_at = Some(Instant::now() + options.accept_delay);
        }
        if accept_at.is_some_and(|at| at <= Instant::now()) && room {
            accept_at = accept_one(listening, options, &mut connections, &mut backoff, events)
                .map(|pause| Instant::now() + pause);
        }
    }
    for connection in &connections {
        close(connection, CloseReason::Shutdown, &mut totals, events);
    }
    Ok(totals)
}

/// Accepts one client; when accept() ran out of a resource, how long to wait before trying again.
fn accept_one(
    listening: &Socket,
    options: &ServerOptions,
    connections: &mut Vec<Connection>,
    backoff: &mut socklab::accept::AcceptBackoff,
    events: Events,
) -> Option<std::time::Duration> {
    match listener::accept(listening).and_then(|(socket, peer)| {
        socket.set_nonblocking(true)?;
        Ok((socket, peer))
    }) {
        Ok((socket, peer)) => {
            backoff.succeeded(events);
            events.emit(accepted_event(peer));
            connections.push(Connection {
                socket,
                peer,
                started: Instant::now(),
                transform: StreamTransform::new(options.transform, options.quit),
                output: Vec::new(),
                sent: 0,
                counts: IoCounts::default(),
                read_done: false,
                quit: false,
                failed: false,
            });
        }
        // The client gave up before it was accepted.
        Err(err) if matches!(err.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::ConnectionAborted) => {}
        Err(err) if socklab::accept::AcceptBackoff::is_exhaustion(&err) => {
            return Some(backoff.failed(&err, connections.len(), events));
        }
        Err(err) => events.warn(socklab::said!("tcp-echo-accept-failed", error = err.to_string())),
    }
    None
}

fn close(connection: &Connection, reason: CloseReason, totals: &mut Totals, events: Events) {
    if reason == CloseReason::Eof {
        let _ = connection.socket.shutdown(Direction::Write);
    }
    totals.add(&connection.counts, reason);
    events.emit(closed_event(connection.peer, &connection.counts, reason, connection.started.elapsed()));
}
