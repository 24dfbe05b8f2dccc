//! `--mode serial` and `--mode threads`: each client is served by blocking-style code, requests read
//! and replies written in turn. Serial serves clients one after another (a slow one makes the others
//! wait in the accept queue, the point of seed 002's question); threads gives each its own thread.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::Result;
use nix::poll::PollFlags;
use socklab::accept::{AcceptBackoff, next_connection};
use socklab::shutdown::Shutdown;
use socklab::wait::{Wake, wait_for};

use super::reply::Outgoing;
use super::{Context, Counts, End, Mode, ServerOptions, Session, refuse};

/// Serves until a stop; the number of connections and the totals.
pub fn serve(
    listener: &TcpListener,
    options: &ServerOptions,
    context: Context<'_>,
    shutdown: &Shutdown,
) -> Result<(u64, Counts)> {
    let active = AtomicUsize::new(0);
    let totals = Mutex::new(Counts::default());
    let mut connections = 0u64;
    let mut backoff = AcceptBackoff::default();
    std::thread::scope(|scope| -> Result<()> {
        loop {
            let open = active.load(Ordering::SeqCst);
            let Some((stream, peer)) =
                next_connection(listener, shutdown, &mut backoff, open, context.events)?
            else {
                return Ok(());
            };
            connections += 1;
            if options.mode == Mode::Serial {
                add(&totals, serve_client(stream, peer, context, options.idle_timeout, shutdown));
                continue;
            }
            if active.load(Ordering::SeqCst) >= options.max_clients {
                refuse(peer, options.max_clients, context.events);
                continue;
            }
            active.fetch_add(1, Ordering::SeqCst);
            let (active, totals) = (&active, &totals);
            scope.spawn(move || {
                add(totals, serve_client(stream, peer, context, options.idle_timeout, shutdown));
                active.fetch_sub(1, Ordering::SeqCst);
            });
        }
    })?;
    let totals = *totals.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    Ok((connections, totals))
}

fn add(totals: &Mutex<Counts>, counts: Counts) {
    totals.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).add(&counts);
}

fn serve_client(
    stream: TcpStream,
    peer: SocketAddr,
    context: Context<'_>,
    idle: Duration,
    shutdown: &Shutdown,
) -> Counts {
    let mut session = Session::start(peer, context);
    let end = match converse(&stream, &mut session, idle, shutdown) {
        Ok(end) => end,
        // A client that took nothing of a reply for --idle-timeout.
        Err(err) if err.kind() == io::ErrorKind::TimedOut => End::Idle,
        Err(_) => End::Error,
    };
    if end == End::Fatal {
        linger(&stream, shutdown);
    }
    session.end(end)
}

/// After a fatal status, what the client still sends is read and dropped (up to 1 s, after our side
/// is shut down): closing a socket with unread data sends a reset, which can destroy the status line
/// before the client reads it.
fn linger(stream: &TcpStream, shutdown: &Shutdown) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let deadline = std::time::Instant::now() + LINGER;
    let mut sink = [0u8; 64 << 10];
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        match (&*stream).read(&mut sink) {
            Ok(0) => return,
            Ok(_) => {}
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                if !matches!(wait_for(stream, PollFlags::POLLIN, shutdown, Some(left)), Ok(Wake::Ready)) {
                    return;
                }
            }
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

/// How long a connection closed by a fatal status is drained.
pub const LINGER: Duration = Duration::from_secs(1);

fn converse(
    stream: &TcpStream,
    session: &mut Session<'_>,
    idle: Duration,
    shutdown: &Shutdown,
) -> io::Result<End> {
    stream.set_nonblocking(true)?;
    let mut buffer = vec![0u8; 64 << 10];
    let mut out = Outgoing::default();
    loop {
        let read = match (&*stream).read(&mut buffer) {
            Ok(0) => return Ok(End::ClientClosed),
            Ok(read) => read,
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                match wait_for(stream, PollFlags::POLLIN, shutdown, Some(idle))? {
                    Wake::Ready => continue,
                    Wake::Stop => return Ok(End::Shutdown),
                    Wake::TimedOut => return Ok(End::Idle),
                }
            }
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        session.received(&buffer[..read], &mut out);
        while let Some(chunk) = out.next_chunk()? {
            if !write_all(stream, &chunk, idle, shutdown)? {
                return Ok(End::Shutdown);
            }
        }
        if let Some(end) = session.ending {
            return Ok(end);
        }
    }
}

/// Writes all of `bytes`; false on a stop. A client that takes nothing for `idle` is an error.
fn write_all(stream: &TcpStream, bytes: &[u8], idle: Duration, shutdown: &Shutdown) -> io::Result<bool> {
    let mut sent = 0;
    while sent < bytes.len() {
        match (&*stream).write(&bytes[sent..]) {
            Ok(written) => sent += written,
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                match wait_for(stream, PollFlags::POLLOUT, shutdown, Some(idle))? {
                    Wake::Ready => {}
                    Wake::Stop => return Ok(false),
                    Wake::TimedOut => {
                        return Err(io::Error::new(io::ErrorKind::TimedOut, "the client reads no replies"));
                    }
                }
            }
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(true)
}
