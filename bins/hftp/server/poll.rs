//! `--mode poll` (the lab's starred task): every client from one thread. Sockets are non-blocking and
//! one poll() waits on the listener, the shutdown descriptor and every connection. Requests are read
//! only while a client's reply is not waiting to go out, so a client that does not read its replies
//! holds at most one request's reply (a slice is read from its file as the socket takes it).

use std::io::{self, Read, Write};
use std::net::{Shutdown as Direction, TcpListener, TcpStream};
use std::os::fd::AsFd;
use std::time::Instant;

use anyhow::{Context as _, Result};
use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, poll};
use socklab::accept::{AcceptBackoff, accept_ready};
use socklab::shutdown::Shutdown;
use socklab::wait::until_earliest;

use super::blocking::LINGER;
use super::reply::Outgoing;
use super::{Context, Counts, End, ServerOptions, Session, refuse};

const READ_SIZE: usize = 64 << 10;
const ACCEPTS_PER_ROUND: usize = 64;

struct Connection<'a> {
    stream: TcpStream,
    session: Session<'a>,
    out: Outgoing,
    /// The chunk being written and how much of it went out.
    chunk: Vec<u8>,
    sent: usize,
    /// How the connection ends once its reply is out; after a fatal status it is drained first.
    ending: Option<End>,
    draining_until: Option<Instant>,
    /// The client closed its side while being drained.
    drained: bool,
    last_activity: Instant,
}

impl Connection<'_> {
    fn sending(&self) -> bool {
        self.sent < self.chunk.len() || !self.out.is_empty()
    }

    fn interest(&self) -> PollFlags {
        if self.draining_until.is_some() || (self.ending.is_none() && !self.sending()) {
            PollFlags::POLLIN
        } else if self.sending() {
            PollFlags::POLLOUT
        } else {
            PollFlags::empty()
        }
    }

    fn read(&mut self, buffer: &mut [u8]) {
        match (&self.stream).read(buffer) {
            Ok(0) if self.draining_until.is_some() => self.drained = true,
            Ok(0) => self.ending = Some(End::ClientClosed),
            Ok(_) if self.draining_until.is_some() => {}
            Ok(read) => {
                self.last_activity = Instant::now();
                self.session.received(&buffer[..read], &mut self.out);
                self.ending = self.session.ending;
            }
            Err(err) if matches!(err.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted) => {}
            Err(_) => self.fail(),
        }
    }

    /// Sends what the socket takes now.
    fn write(&mut self) {
        loop {
            if self.sent == self.chunk.len() {
                match self.out.next_chunk() {
                    Ok(Some(chunk)) => (self.chunk, self.sent) = (chunk, 0),
                    Ok(None) => return,
                    Err(_) => return self.fail(),
                }
            }
            match (&self.stream).write(&self.chunk[self.sent..]) {
                Ok(written) => {
                    self.sent += written;
                    self.last_activity = Instant::now();
                }
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => return,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return self.fail(),
            }
        }
    }

    fn fail(&mut self) {
        self.ending = Some(End::Error);
        self.out = Outgoing::default();
        self.chunk.clear();
        self.sent = 0;
        self.draining_until = None;
    }

    /// Whether the connection is over now. A fatal status, once sent, starts the drain instead.
    fn finished(&mut self, now: Instant) -> bool {
        match (self.ending, self.draining_until) {
            (None, _) => false,
            (Some(_), _) if self.sending() => false,
            (Some(End::Fatal), None) => {
                let _ = self.stream.shutdown(Direction::Write);
                self.draining_until = Some(now + LINGER);
                false
            }
            (Some(_), Some(until)) => now >= until || self.drained,
            (Some(_), None) => true,
        }
    }
}

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
        let deadlines =
            connections.iter().map(|c| c.draining_until.unwrap_or(c.last_activity + options.idle_timeout));
        let timeout = until_earliest(deadlines.chain(accept_after.filter(|_| !accepting)), now);
        let mut fds = vec![
            PollFd::new(shutdown.fd(), PollFlags::POLLIN),
            PollFd::new(listener.as_fd(), if accepting { PollFlags::POLLIN } else { PollFlags::empty() }),
        ];
        fds.extend(connections.iter().map(|c| PollFd::new(c.stream.as_fd(), c.interest())));
        match poll(&mut fds, timeout) {
            Ok(_) | Err(Errno::EINTR) => {}
            Err(err) => return Err(err).with_context(|| socklab::tr!("hftp-poll-failed")),
        }
        let ready: Vec<PollFlags> = fds.iter().map(|fd| fd.revents().unwrap_or(PollFlags::empty())).collect();
        drop(fds);
        for (connection, revents) in connections.iter_mut().zip(&ready[2..]) {
            if revents.intersects(PollFlags::POLLIN | PollFlags::POLLHUP | PollFlags::POLLERR)
                && (connection.ending.is_none() || connection.draining_until.is_some())
            {
                connection.read(&mut buffer);
            }
            if connection.ending != Some(End::Error) {
                connection.write();
            }
        }
        let now = Instant::now();
        let mut kept = Vec::with_capacity(connections.len());
        for mut connection in connections.drain(..) {
            if connection.ending.is_none() && now >= connection.last_activity + options.idle_timeout {
                connection.ending = Some(End::Idle);
                connection.out = Outgoing::default();
                connection.chunk.clear();
                connection.sent = 0;
            }
            if connection.finished(now) {
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
                    refuse(peer, options.max_clients, context.events);
                    continue;
                }
                if stream.set_nonblocking(true).and_then(|()| stream.set_nodelay(true)).is_err() {
                    continue;
                }
                connections.push(Connection {
                    stream,
                    session: Session::start(peer, context),
                    out: Outgoing::default(),
                    chunk: Vec::new(),
                    sent: 0,
                    ending: None,
                    draining_until: None,
                    drained: false,
                    last_activity: Instant::now(),
                });
            }
        }
    }
}
