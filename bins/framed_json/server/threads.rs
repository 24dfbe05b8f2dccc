//! `--mode threads`: seed 001's design, a thread that accepts and a thread per client. Each client's
//! thread reads exactly the 4 header bytes, then exactly the body's bytes, looping over short reads,
//! so that it never takes a byte of the next message. Every wait also watches the shutdown descriptor
//! and the idle timeout.

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

use super::{Context, Counts, End, ServerOptions, Session, refuse};
use crate::frame::HEADER_LEN;

/// Serves until a stop; returns the number of connections and the totals.
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
            if active.load(Ordering::SeqCst) >= options.max_clients {
                refuse(stream, peer, &context, options.max_clients);
                continue;
            }
            active.fetch_add(1, Ordering::SeqCst);
            let (active, totals) = (&active, &totals);
            scope.spawn(move || {
                let counts = serve_client(stream, peer, context, options.idle_timeout, shutdown);
                totals.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).add(&counts);
                active.fetch_sub(1, Ordering::SeqCst);
            });
        }
    })?;
    let totals = *totals.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    Ok((connections, totals))
}

/// One client, frame after frame, until it closes, breaks the framing, idles or the server stops.
fn serve_client(
    stream: TcpStream,
    peer: SocketAddr,
    context: Context<'_>,
    idle: Duration,
    shutdown: &Shutdown,
) -> Counts {
    let mut session = Session::start(peer, context);
    let end = converse(&stream, &mut session, context, idle, shutdown).unwrap_or(End::Error);
    session.end(end)
}

fn converse(
    stream: &TcpStream,
    session: &mut Session<'_>,
    context: Context<'_>,
    idle: Duration,
    shutdown: &Shutdown,
) -> io::Result<End> {
    stream.set_nonblocking(true)?;
    let mut writer = stream;
    loop {
        let mut header = [0u8; HEADER_LEN];
        match read_exactly(stream, &mut header, idle, shutdown)? {
            Read_::Whole => {}
            Read_::Closed(0) => return Ok(End::Eof),
            Read_::Closed(got) => {
                session.truncated("header", got, HEADER_LEN);
                return Ok(End::Truncated);
            }
            Read_::Idle => return Ok(End::Idle),
            Read_::Stopped => return Ok(End::Shutdown),
        }
        let length = match context.framing.body_len(header) {
            Ok(length) => length,
            Err(err) => {
                let reply = session.broken(&err);
                write_all(&mut writer, &reply, idle, shutdown)?;
                return Ok(End::Framing);
            }
        };
        // At most --max-frame bytes: checked from the header above, before this allocation.
        let mut body = vec![0u8; length];
        match read_exactly(stream, &mut body, idle, shutdown)? {
            Read_::Whole => {}
            Read_::Closed(got) => {
                session.truncated("body", got, length);
                return Ok(End::Truncated);
            }
            Read_::Idle => return Ok(End::Idle),
            Read_::Stopped => return Ok(End::Shutdown),
        }
        let reply = session.frame(length, context.framing.decode_body(&body));
        if !write_all(&mut writer, &reply, idle, shutdown)? {
            return Ok(End::Shutdown);
        }
    }
}

/// How a read of an exact count ended.
enum Read_ {
    Whole,
    /// The peer closed after this many bytes.
    Closed(usize),
    Idle,
    Stopped,
}

/// Fills `buffer` from the stream, however many recv() calls that takes.
fn read_exactly(
    stream: &TcpStream,
    buffer: &mut [u8],
    idle: Duration,
    shutdown: &Shutdown,
) -> io::Result<Read_> {
    let mut filled = 0;
    let mut reader = stream;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => return Ok(Read_::Closed(filled)),
            Ok(read) => filled += read,
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                if shutdown.requested() {
                    return Ok(Read_::Stopped);
                }
                match wait_for(stream, PollFlags::POLLIN, shutdown, Some(idle))? {
                    Wake::Ready => {}
                    Wake::Stop => return Ok(Read_::Stopped),
                    Wake::TimedOut => return Ok(Read_::Idle),
                }
            }
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(Read_::Whole)
}

/// Writes all of `bytes`; false if the server is stopping. A client that reads nothing for `idle`
/// while its reply waits is an error.
fn write_all(writer: &mut &TcpStream, bytes: &[u8], idle: Duration, shutdown: &Shutdown) -> io::Result<bool> {
    let mut sent = 0;
    while sent < bytes.len() {
        match writer.write(&bytes[sent..]) {
            Ok(written) => sent += written,
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                match wait_for(*writer, PollFlags::POLLOUT, shutdown, Some(idle))? {
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
