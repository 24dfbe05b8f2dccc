//! SO_SNDBUF and SO_RCVBUF: ask the kernel for a size and report what it granted. Linux doubles the
//! value asked for (half is bookkeeping), applies a minimum, and caps it at net.core.wmem_max/rmem_max.

use anyhow::{Context, Result};
use socket2::Socket;
use socklab::event::{Event, Events};

/// `--sndbuf` and `--rcvbuf`, the same for the server and the client.
#[derive(Debug, Default, Clone, Copy, clap::Args)]
pub struct BufferSizes {
    /// Ask for this SO_SNDBUF and report what the kernel granted (a server's accepted sockets inherit it).
    #[arg(long, value_name = "BYTES", value_parser = socklab::cli::parse_positive_size)]
    pub sndbuf: Option<usize>,
    /// Ask for this SO_RCVBUF and report what the kernel granted (a server's accepted sockets inherit it).
    #[arg(long, value_name = "BYTES", value_parser = socklab::cli::parse_positive_size)]
    pub rcvbuf: Option<usize>,
    /// Ask for this TCP_MAXSEG, the largest segment, before connect() or listen() (88 to 65535, tcp(7)).
    /// On loopback (MTU 65536) small segments keep the peer's send buffer small, so that its large
    /// send() calls take only part of what they are given (§2.5.2).
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u32).range(88..=65535))]
    pub mss: Option<u32>,
}

impl BufferSizes {
    /// Sets the sizes asked for; call before connect() or listen() so the TCP window is sized from them.
    pub fn apply(&self, socket: &Socket) -> Result<()> {
        if let Some(size) = self.sndbuf {
            socket.set_send_buffer_size(size).context("cannot set SO_SNDBUF")?;
        }
        if let Some(size) = self.rcvbuf {
            socket.set_recv_buffer_size(size).context("cannot set SO_RCVBUF")?;
        }
        if let Some(size) = self.mss {
            socket.set_mss(size).context("cannot set TCP_MAXSEG")?;
        }
        Ok(())
    }

    /// Emits a `sndbuf` / `rcvbuf` event for each size that was asked for.
    pub fn report(&self, socket: &Socket, events: Events) -> Result<()> {
        if let Some(asked) = self.sndbuf {
            let granted = socket.send_buffer_size()?;
            events.emit(granted_event("sndbuf", "SO_SNDBUF", asked, granted));
        }
        if let Some(asked) = self.rcvbuf {
            let granted = socket.recv_buffer_size()?;
            events.emit(granted_event("rcvbuf", "SO_RCVBUF", asked, granted));
        }
        Ok(())
    }
}

fn granted_event(name: &'static str, option: &str, asked: usize, granted: usize) -> Event {
    let note = if granted == asked * 2 { " (Linux doubles it: half is kernel bookkeeping)" } else { "" };
    Event::new(name, format!("{option}: asked for {asked} bytes, the kernel granted {granted}{note}"))
        .field("requested", asked)
        .field("granted", granted)
}
