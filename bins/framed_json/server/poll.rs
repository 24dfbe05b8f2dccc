//! `--mode poll`: every client from one thread. Sockets are non-blocking; one poll() waits on the
//! listener, the shutdown descriptor and every connection. Bytes read go to the connection's
//! [`Decoder`], which cuts whole frames out of them; replies queue in the connection's output and go
//! out as the socket takes them. A client that does not read its replies stops being read once
//! `OUT_LIMIT` bytes wait for it, so no client can make the server hold unbounded memory.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::fd::AsFd;
use std::time::Instant;

use anyhow::{Context as _, Result};
use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, poll};
use socklab::accept::{AcceptBackoff, accept_ready};
use socklab::shutdown::Shutdown;
use socklab::wait::until_earliest;

use super::{Context, Counts, End, ServerOptions, Session, refuse};
use crate::frame::{Decoded, Decoder};

/// Bytes read per recv() call.
const READ_SIZE: usize = 64 << 10;

/// Replies waiting for one client beyond which the server stops reading from it.
const OUT_LIMIT: usize = 1 << 20;

/// Connections accepted per wake-up, so that a burst of clients cannot starve the others.
const ACCEPTS_PER_ROUND: usize = 64;

struct Connection<'a> {
    stream: TcpStream,
    session: Session<'a>,
    decoder: Decoder,
    out: Vec<u8>,
    sent: usize,
    /// Set once the connection is to end, after what is queued has gone out.
    ending: Option<End>,
    last_read: Instant,
}

impl Connection<'_> {
    fn queued(&self) -> usize {
        self.out.len() - self.sent
    }

    fn interest(&self) -> PollFlags {
        let mut flags = PollFlags::empty();
        if self.ending.is_none() && self.queued() < OUT_LIMIT {
            flags |= PollFlags::POLLIN;
        }
        if self.queued() > 0 {
            flags |= PollFlags::POLLOUT;
        }
        flags
    }

    /// Reads what is there and answers every whole frame.
    fn read(&mut self, buffer: &mut [u8], context: &Context<'_>) {
        match (&self.stream).read(buffer) {
            Ok(0) => {
                let held = self.decoder.held();
                self.ending = Some(match self.decoder.frame_len(context.framing) {
                    _ if held == 0 => End::Eof,
                    Some(whole) => {
                        self.session.truncated("frame", held, whole);
                        End::Truncated
                    }
                    None => {
                        self.session.truncated("header", held, crate::frame::HEADER_LEN);
                        End::Truncated
                    }
                });
            }
            Ok(read) => {
                self.last_read = Instant::now();
                self.decoder.push(&buffer[..read]);
                loop {
                    match self.decoder.next(context.framing) {
                        Decoded::Frame { length, message } => {
                            let reply = self.session.frame(length, message);
                            self.out.extend_from_slice(&reply);
                        }
                        Decoded::Broken(err) => {
                            let reply = self.session.broken(&err);
                            self.out.extend_from_slice(&reply);
                            self.ending = Some(End::Framing);
                            break;
                        }
                        Decoded::Incomplete => break,
                    }
                }
            }
            Err(err) if matches!(err.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted) => {}
            Err(_) => self.fail(),
        }
    }

    /// Sends what the socket takes now.
    fn write(&mut self) {
        while self.queued() > 0 {
            match (&self.stream).write(&self.out[self.sent..]) {
                Ok(written) => self.sent += written,
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => break,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => {
                    self.fail();
                    return;
                }
            }
        }
        if self.queued() == 0 {
            self.out.clear();
            self.sent = 0;
            if self.out.capacity() > OUT_LIMIT {
                self.out = Vec::new();
            }
        }
    }

    fn fail(&mut self) {
        self.ending = Some(End::Error);
        self.out.clear();
        self.sent = 0;
    }

    fn done(&self) -> bool {
        self.ending.is_some() && self.queued() == 0
    }
}

/// Serves until a stop; returns the number of connections and the totals.
pub fn serve(
    listener: &TcpListener,
    options: &ServerOptions,
    context: Context<'_>,
    shutdown: &Shutdown,
) -> Result<(u64, Counts)> {
    let mut connections: Vec<Connection<'_>> = Vec::new();
    let mut totals = Counts::default();
    let mut accepted = 0u64;
    let mut backoff = AcceptBackoff::default();
    let mut accept_after: Option<Instant> = None;
    let mut buffer = vec![0u8; READ_SIZE];
    loop {
        if shutdown.requested() {
            for connection in connections.drain(..) {
                totals.add(&connection.session.end(End::Shutdown));
            }
            return Ok((accepted, totals));
        }
        let now = Instant::now();
        let accepting = accept_after.is_none_or(|after| now >= after);
        let deadlines = connections.iter().map(|c| c.last_read + options.idle_timeout);
        let timeout = until_earliest(deadlines.chain(accept_after.filter(|_| !accepting)), now);
        let listen_flags = if accepting { PollFlags::POLLIN } else { PollFlags::empty() };
        let mut fds =
            vec![PollFd::new(shutdown.fd(), PollFlags::POLLIN), PollFd::new(listener.as_fd(), listen_flags)];
        fds.extend(connections.iter().map(|c| PollFd::new(c.stream.as_fd(), c.interest())));
        match poll(&mut fds, timeout) {
            Ok(_) | Err(Errno::EINTR) => {}
            Err(err) => return Err(err).with_context(|| socklab::tr!("framed-json-poll-failed")),
        }
        let ready: Vec<PollFlags> = fds.iter().map(|fd| fd.revents().unwrap_or(PollFlags::empty())).collect();
        drop(fds);
        for (connection, revents) in connections.iter_mut().zip(&ready[2..]) {
            if revents.intersects(PollFlags::POLLIN | PollFlags::POLLHUP | PollFlags::POLLERR)
                && connection.ending.is_none()
            {
                connection.read(&mut buffer, &context);
            }
            connection.write();
        }
        let now = Instant::now();
        let mut kept = Vec::with_capacity(connections.len());
        for mut connection in connections.drain(..) {
            if connection.ending.is_none() && now >= connection.last_read + options.idle_timeout {
                connection.ending = Some(End::Idle);
                connection.out.clear();
                connection.sent = 0;
            }
            if connection.done() {
                let end = connection.ending.unwrap_or(End::Error);
                totals.add(&connection.session.end(end));
            } else {
                kept.push(connection);
            }
        }
        connections = kept;
        if accepting && ready[1].contains(PollFlags::POLLIN) {
            let open = connections.len();
            let (fresh, pause_until) =
                accept_ready(listener, &mut backoff, open, ACCEPTS_PER_ROUND, context.events)?;
            accept_after = pause_until;
            for (stream, peer) in fresh {
                accepted += 1;
                if connections.len() >= options.max_clients {
                    refuse(stream, peer, &context, options.max_clients);
                    continue;
                }
                if stream.set_nonblocking(true).is_err() {
                    continue;
                }
                let session = Session::start(peer, context);
                connections.push(Connection {
                    stream,
                    session,
                    decoder: Decoder::default(),
                    out: Vec::new(),
                    sent: 0,
                    ending: None,
                    last_read: Instant::now(),
                });
            }
        }
    }
}
