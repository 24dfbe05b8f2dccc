//! `hftp server`: serves the files of one folder over HFTP, to one client at a time (`--mode serial`),
//! a thread per client (`threads`), or every client from one thread with poll() (`poll`): seed 002's
//! question of serving many clients. A client that closes without `quit`, resets, sends half a line
//! or a line of megabytes is logged and dropped; the others are served on. SIGINT/SIGTERM stop the
//! server with its totals.

mod blocking;
mod poll;
mod reply;
mod session;

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, Result};
use socklab::cli::EXIT_OK;
use socklab::event::{Event, Events};
use socklab::shutdown::Shutdown;
use socklab::tr;

use crate::files::Folder;
use crate::protocol::Extensions;
pub use session::{Context, Counts, End, Session};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    #[value(help = tr!("hftp-mode-serial"))]
    Serial,
    #[value(help = tr!("hftp-mode-threads"))]
    Threads,
    #[value(help = tr!("hftp-mode-poll"))]
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

pub struct ServerOptions {
    pub bind: SocketAddr,
    pub dir: PathBuf,
    pub mode: Mode,
    pub extensions: Extensions,
    /// Longest request line; a longer one is a 101 and the connection is closed.
    pub max_line: usize,
    /// Clients served at once (threads, poll); one more is closed at once.
    pub max_clients: usize,
    pub idle_timeout: Duration,
}

pub fn run(options: ServerOptions, events: Events) -> Result<u8> {
    let shutdown = Shutdown::install().with_context(|| tr!("hftp-cannot-install-signals"))?;
    let folder = Folder::open(&options.dir).map_err(anyhow::Error::msg)?;
    let listener = TcpListener::bind(options.bind)
        .with_context(|| tr!("hftp-cannot-bind", addr = options.bind.to_string()))?;
    listener.set_nonblocking(true)?;
    let local = listener.local_addr()?;
    events.emit(
        Event::new(
            "listening",
            tr!(
                "hftp-running",
                addr = local.to_string(),
                mode = options.mode.name(),
                dir = folder.path().display().to_string()
            ),
        )
        .field("proto", "tcp")
        .field("addr", local.to_string())
        .field("mode", options.mode.name())
        .field("dir", folder.path().display().to_string()),
    );
    let context =
        Context { folder: &folder, extensions: options.extensions, max_line: options.max_line, events };
    let (connections, totals) = match options.mode {
        Mode::Serial | Mode::Threads => blocking::serve(&listener, &options, context, &shutdown)?,
        Mode::Poll => poll::serve(&listener, &options, context, &shutdown)?,
    };
    events.emit(
        Event::new(
            "shutdown",
            tr!(
                "hftp-stopped",
                connections = connections,
                requests = totals.requests,
                refused = totals.errors
            ),
        )
        .field("reason", "signal")
        .field("connections", connections)
        .field("requests", totals.requests)
        .field("errors", totals.errors),
    );
    Ok(EXIT_OK)
}

/// A client over `--max-clients`: closed at once, and logged.
fn refuse(peer: SocketAddr, max_clients: usize, events: Events) {
    events.warn(tr!("hftp-refused", peer = peer.to_string(), max = max_clients));
}
