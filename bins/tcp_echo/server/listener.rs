//! The listening socket: SO_REUSEADDR as in the guide (a restarted server can bind again while old
//! connections sit in TIME_WAIT), the buffer sizes that accepted sockets inherit, and listen(backlog).

use std::io::ErrorKind;
use std::net::SocketAddr;
use std::os::fd::AsFd;

use anyhow::{Context, Result};
use nix::poll::PollFlags;
use socket2::{Domain, Protocol, Socket, Type};
use socklab::accept::AcceptBackoff;
use socklab::event::{Event, Events};
use socklab::tr;

use super::ServerOptions;
use super::stop::Stop;
use crate::backlog;
use crate::syscalls::{Wake, wait};

pub fn listen(options: &ServerOptions, events: Events) -> Result<Socket> {
    let bind = options.bind;
    let socket = Socket::new(Domain::for_address(bind), Type::STREAM, Some(Protocol::TCP))
        .with_context(|| tr!("tcp-echo-cannot-create-socket"))?;
    socket.set_reuse_address(true).with_context(|| tr!("tcp-echo-cannot-set-reuseaddr"))?;
    options.buffers.apply(&socket)?;
    socket.bind(&bind.into()).with_context(|| tr!("tcp-echo-cannot-bind", addr = bind.to_string()))?;
    let backlog = i32::try_from(options.backlog).unwrap_or(i32::MAX);
    socket.listen(backlog).with_context(|| tr!("tcp-echo-cannot-listen", addr = bind.to_string()))?;
    socket.set_nonblocking(true).with_context(|| tr!("tcp-echo-cannot-make-nonblocking"))?;
    let local = socket.local_addr()?.as_socket().with_context(|| tr!("tcp-echo-no-ip-address"))?;
    events.emit(
        Event::new("listening", format!("listening on tcp {local}"))
            .field("proto", "tcp")
            .field("addr", local.to_string())
            .field("mode", options.mode.name())
            .field("backlog", options.backlog)
            .field("transform", options.transform.name()),
    );
    events.emit(backlog::backlog_event(options.backlog, backlog::somaxconn()));
    options.buffers.report(&socket, events)?;
    Ok(socket)
}

/// Accepts one pending connection, as a blocking socket (the poll server makes it non-blocking).
pub fn accept(listener: &Socket) -> std::io::Result<(Socket, SocketAddr)> {
    let (socket, peer) = listener.accept()?;
    socket.set_nonblocking(false)?;
    let peer = peer.as_socket().ok_or_else(|| std::io::Error::other("the peer has no IP address"))?;
    Ok((socket, peer))
}

/// Waits for a client, holds it in the accept queue for `--accept-delay`, then accepts it. None when
/// the server must stop. The delay starts when a connection is waiting, so that connections arriving
/// meanwhile fill the queue whatever the moment the clients started. `open` is how many connections
/// the server is serving meanwhile (for what it says when accept() runs out of descriptors).
pub fn next_client(
    listener: &Socket,
    options: &ServerOptions,
    stop: &Stop,
    backoff: &mut AcceptBackoff,
    open: usize,
    events: Events,
) -> Result<Option<(Socket, SocketAddr)>> {
    loop {
        if wait(listener.as_fd(), PollFlags::POLLIN, &stop.fds(), None)? == Wake::Stop {
            return Ok(None);
        }
        if !stop.sleep(options.accept_delay) {
            return Ok(None);
        }
        match accept(listener) {
            Ok(client) => {
                backoff.succeeded(events);
                return Ok(Some(client));
            }
            // The listener is non-blocking: a client that gave up meanwhile leaves nothing to accept.
            Err(err) if matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::ConnectionAborted) => {}
            Err(err) if AcceptBackoff::is_exhaustion(&err) => {
                if !stop.sleep(backoff.failed(&err, open, events)) {
                    return Ok(None);
                }
            }
            Err(err) => events.warn(socklab::said!("tcp-echo-accept-failed", error = err.to_string())),
        }
    }
}
