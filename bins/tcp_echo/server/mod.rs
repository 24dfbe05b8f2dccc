//! The TCP echo server of guide §2.2 in three designs (`--mode`): [`serial`] serves one client at a
//! time like the guide, [`threads`] gives each client a thread (seed 001), [`poll`] serves every client
//! from one thread with poll() and non-blocking sockets (seed 002). All three share the listening
//! socket ([`listener`]), the stop logic ([`stop`]), the transform and the counters, so they give the
//! same bytes back and report the same figures.

mod connection;
mod listener;
mod poll;
mod serial;
mod stop;
mod threads;
mod zero_copy;

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context, Result};
use socklab::cli::{EXIT_OK, UsageError};
use socklab::event::{Event, Events};
use socklab::shutdown::Shutdown;
use socklab::tr;

use crate::buffers::BufferSizes;
use crate::counters::Totals;
use crate::transform::Transform;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    #[value(help = tr!("tcp-echo-mode-serial"))]
    Serial,
    #[value(help = tr!("tcp-echo-mode-threads"))]
    Threads,
    #[value(help = tr!("tcp-echo-mode-poll"))]
    Poll,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Serial => "serial",
            Mode::Threads => "threads",
            Mode::Poll => "poll",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ServerOptions {
    pub bind: SocketAddr,
    pub backlog: u32,
    pub accept_delay: Duration,
    pub recv_size: usize,
    pub send_size: usize,
    pub send_once: bool,
    /// Echo with splice() through a pipe instead of recv()/send() (serial and threads).
    pub zero_copy: bool,
    /// `--collect`: hold the echo until this many bytes arrived.
    pub collect: Option<usize>,
    /// `--hold-reads`: read nothing once a client's bytes arrive until none came for this long.
    pub hold_reads: Option<Duration>,
    pub buffers: BufferSizes,
    pub mode: Mode,
    pub transform: Transform,
    pub quit: bool,
    pub exit_on_quit: bool,
    pub max_clients: Option<usize>,
}

pub fn run(options: ServerOptions, events: Events) -> Result<u8> {
    check_zero_copy(&options)?;
    check_collect(&options)?;
    let shutdown = Shutdown::install().with_context(|| tr!("tcp-echo-signal-handlers"))?;
    let listener = listener::listen(&options, events)?;
    let stop = stop::Stop::new(shutdown)?;
    let totals = match options.mode {
        Mode::Serial => serial::serve(&listener, &options, &stop, events)?,
        Mode::Threads => threads::serve(&listener, &options, &stop, events)?,
        Mode::Poll => poll::serve(&listener, &options, &stop, events)?,
    };
    events.emit(totals.shutdown_event(stop.reason().unwrap_or("signal")));
    Ok(EXIT_OK)
}

/// `--zero-copy` moves bytes it never sees, with blocking-style waits.
fn check_zero_copy(options: &ServerOptions) -> Result<(), UsageError> {
    if !options.zero_copy {
        return Ok(());
    }
    if options.transform != Transform::Echo {
        return Err(UsageError(tr!("tcp-echo-zero-copy-transform", transform = options.transform.name())));
    }
    if options.mode == Mode::Poll {
        return Err(UsageError(tr!("tcp-echo-not-poll", option = "--zero-copy")));
    }
    Ok(())
}

fn check_collect(options: &ServerOptions) -> Result<(), UsageError> {
    if options.collect.is_some() && options.mode == Mode::Poll {
        return Err(UsageError(tr!("tcp-echo-not-poll", option = "--collect")));
    }
    if options.hold_reads.is_some() && options.mode == Mode::Poll {
        return Err(UsageError(tr!("tcp-echo-not-poll", option = "--hold-reads")));
    }
    Ok(())
}

/// The `connection` event, printed when a client is accepted (the guide's "Conexion desde").
fn accepted_event(peer: SocketAddr) -> Event {
    Event::new("connection", tr!("tcp-echo-connection", peer = peer.to_string()))
        .field("peer", peer.to_string())
}

/// Whether a finished connection should stop the server (`--exit-on-quit`).
fn stops_server(options: &ServerOptions, totals: &Totals) -> bool {
    options.exit_on_quit && totals.quits > 0
}
