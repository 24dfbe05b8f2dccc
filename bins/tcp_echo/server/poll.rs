//! Every client from one thread (seed 002's answer): all sockets are non-blocking and one poll() says
//! which can be read or written. Each connection keeps its own output buffer: what the transform
//! produced but the kernel has not taken yet. A connection whose buffer is full is not read from until
//! it drains, so a client that does not read cannot make the server hold unbounded memory.

use std::io;
use std::net::{Shutdown as Direction, SocketAddr};
use std::os::fd::AsFd;
use std::time::Instant;

use anyhow::{Context, Result};
use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use socket2::Socket;
use socklab::event::Events;

use super::connection::send_once;
use super::stop::Stop;
use super::{ServerOptions, accepted_event, listener, stops_server};
use crate::counters::{CloseReason, IoCounts, Totals, closed_event};
use crate::syscalls::{has_pending, recv_some, send_nowait};
use crate::transform::{StreamTransform, Verdict};

/// Stop reading from a client while this much of its echo waits to be sent.
const OUTPUT_LIMIT: usize = 1 << 20;

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
        let mut flags = PollFlags::empty();
        if !self.read_done && self.pending() < OUTPUT_LIMIT {
            flags |= PollFlags::POLLIN;
        }
        if self.pending() > 0 {
            flags |= PollFlags::POLLOUT;
        }
        flags
    }

    fn finished(&self) -> bool {
        self.failed || (self.read_done && self.pending() == 0)
    }

    /// Reads what is there (until the socket would block or the output buffer is full).
    fn on_readable(&mut self, buffer: &mut [u8], options: &ServerOptions) -> io::Result<()> {
        while !self.read_done && self.pending() < OUTPUT_LIMIT {
            let before = self.output.len();
            match recv_some(self.socket.as_fd(), buffer) {
                Ok(0) => {
                    self.quit = self.transform.finish(&mut self.output) == Verdict::Quit;
                    self.read_done = true;
                }
                Ok(received) => {
                    self.counts.received(received);
                    let verdict = self.transform.feed(&buffer[..received], &mut self.output);
                    if verdict == Verdict::Quit
                        || (self.transform.holds_quit() && !has_pending(self.socket.as_fd()))
                    {
                        self.quit = true;
                        self.read_done = true;
                    }
                }
                // Nothing more queued for now.
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => return Ok(()),
                Err(err) => return Err(err),
            }
            if options.send_once && self.output.len() > before {
                send_once(&self.socket, &self.output[before..], &mut self.counts)?;
                self.output.truncate(before);
            }
        }
        Ok(())
    }

    /// Sends what is waiting, `--send-size` bytes per call, until the kernel takes no more.
    fn on_writable(&mut self, options: &ServerOptions) -> io::Result<()> {
        while self.pending() > 0 {
            let end = self.output.len().min(self.sent + options.send_size);
            let chunk = &self.output[self.sent..end];
            match send_nowait(self.socket.as_fd(), chunk) {
                Ok(taken) => {
                    self.counts.sent(chunk.len(), taken);
                    self.sent += taken;
                }
                // The send buffer is full: poll() says when there is room again.
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => break,
                Err(err) => return Err(err),
            }
        }
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
    // When a client is waiting and --accept-delay runs, the moment it will be accepted.
    let mut accept_at: Option<Instant> = None;
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
            Err(err) => return Err(err).context("poll failed"),
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
            let readable = flags.intersects(PollFlags::POLLIN | PollFlags::POLLHUP | PollFlags::POLLERR);
            let mut outcome = Ok(());
            if readable && !connection.read_done {
                outcome = connection.on_readable(&mut buffer, options);
            }
            if outcome.is_ok() && connection.pending() > 0 {
                outcome = connection.on_writable(options);
            }
            if let Err(err) = outcome {
                events.warn(format!("connection from {}: {err}", connection.peer));
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
            accept_at = None;
            accept_one(listening, options, &mut connections, events);
        }
    }
    for connection in &connections {
        close(connection, CloseReason::Shutdown, &mut totals, events);
    }
    Ok(totals)
}

fn accept_one(
    listening: &Socket,
    options: &ServerOptions,
    connections: &mut Vec<Connection>,
    events: Events,
) {
    match listener::accept(listening).and_then(|(socket, peer)| {
        socket.set_nonblocking(true)?;
        Ok((socket, peer))
    }) {
        Ok((socket, peer)) => {
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
        Err(err) => events.warn(format!("accept failed: {err}")),
    }
}

fn close(connection: &Connection, reason: CloseReason, totals: &mut Totals, events: Events) {
    if reason == CloseReason::Eof {
        let _ = connection.socket.shutdown(Direction::Write);
    }
    totals.add(&connection.counts, reason);
    events.emit(closed_event(connection.peer, &connection.counts, reason, connection.started.elapsed()));
}
