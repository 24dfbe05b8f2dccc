//! `framed-json server`: answers framed JSON messages (seed 001), typed requests (seed 000) and the
//! mailbox, one thread per client (`--mode threads`, as seed 001's server) or every client from one
//! thread with poll() (`--mode poll`).
//!
//! A frame whose header is broken gets an error reply and its connection is closed (the stream is out
//! of step); every other client is served on. SIGINT and SIGTERM stop the server cleanly with its
//! totals, and the mailbox is on disk after every change.

mod poll;
mod session;
mod threads;

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, Result};
use socklab::cli::EXIT_OK;
use socklab::event::{Event, Events};
use socklab::shutdown::Shutdown;
use socklab::tr;

use crate::frame::Framing;
use crate::mailbox::Mailbox;
pub use session::{Context, Counts, End, Session};

/// How clients are served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    #[value(help = tr!("framed-json-mode-threads"))]
    Threads,
    #[value(help = tr!("framed-json-mode-poll"))]
    Poll,
}

pub struct ServerOptions {
    pub bind: SocketAddr,
    pub mode: Mode,
    pub framing: Framing,
    /// The mailbox's JSON file; in memory only if `None`.
    pub store: Option<PathBuf>,
    pub max_stored: usize,
    /// Clients served at once; one more is told the server is full and closed.
    pub max_clients: usize,
    /// A client that sends nothing for this long is closed.
    pub idle_timeout: Duration,
    /// No event per frame.
    pub quiet: bool,
}

pub fn run(options: ServerOptions, events: Events) -> Result<u8> {
    let shutdown = Shutdown::install().with_context(|| tr!("framed-json-cannot-install-signals"))?;
    let mailbox = Mailbox::open(options.store.clone(), options.max_stored)?;
    let listener = TcpListener::bind(options.bind)
        .with_context(|| tr!("framed-json-cannot-bind", addr = options.bind.to_string()))?;
    listener.set_nonblocking(true)?;
    let local = listener.local_addr()?;
    let mode = match options.mode {
        Mode::Threads => "threads",
        Mode::Poll => "poll",
    };
    events.emit(
        Event::new("listening", format!("listening on tcp {local} ({mode})"))
            .field("proto", "tcp")
            .field("addr", local.to_string())
            .field("mode", mode)
            .field("chunk", options.framing.chunk as u64)
            .field("max_frame", options.framing.max_frame as u64),
    );
    let context = Context { framing: &options.framing, mailbox: &mailbox, events, quiet: options.quiet };
    let (connections, totals) = match options.mode {
        Mode::Threads => threads::serve(&listener, &options, context, &shutdown)?,
        Mode::Poll => poll::serve(&listener, &options, context, &shutdown)?,
    };
    events.emit(
        Event::new(
            "shutdown",
            tr!(
                "framed-json-stopped",
                connections = connections,
                frames_in = totals.frames_in,
                frames_out = totals.frames_out,
                errors = totals.errors,
                stored = mailbox.len()
            ),
        )
        .field("reason", "signal")
        .field("connections", connections)
        .field("frames_in", totals.frames_in)
        .field("frames_out", totals.frames_out)
        .field("errors", totals.errors)
        .field("stored", mailbox.len() as u64),
    );
    Ok(EXIT_OK)
}

/// The reply to a client over `--max-clients`, before it is closed.
fn full_reply(context: &Context<'_>, max_clients: usize) -> Vec<u8> {
    let why = format!("the server is full ({max_clients} clients at once); try again later");
    context.framing.encode(&crate::requests::error_reply(&why))
}

/// Tells a client over `--max-clients` so (best effort, it is not read) and closes it.
fn refuse(stream: std::net::TcpStream, peer: SocketAddr, context: &Context<'_>, max_clients: usize) {
    use std::io::Write;
    let _ = stream.set_nonblocking(true);
    let _ = (&stream).write(&full_reply(context, max_clients));
    context.events.warn(socklab::said!("framed-json-refused", peer = peer.to_string(), max = max_clients));
}
