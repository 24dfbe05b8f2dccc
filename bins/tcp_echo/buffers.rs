//! SO_SNDBUF and SO_RCVBUF: ask the kernel for a size and report what it granted. Linux doubles the
//! value asked for (half is bookkeeping), applies a minimum, and caps it at net.core.wmem_max/rmem_max.

use anyhow::{Context, Result};
use socket2::Socket;
use socklab::cli::{limits, size_in};
use socklab::event::Events;
use socklab::sockopt::{self, Buffer};

/// `--sndbuf` and `--rcvbuf`, the same for the server and the client.
#[derive(Debug, Default, Clone, Copy, clap::Args)]
pub struct BufferSizes {
    /// Ask for this SO_SNDBUF and report what the kernel granted (a server's accepted sockets inherit
    /// it; at most 1GiB).
    #[arg(long, value_name = "BYTES", value_parser = size_in(1, limits::SOCKET_BUFFER))]
    pub sndbuf: Option<usize>,
    /// Ask for this SO_RCVBUF and report what the kernel granted (a server's accepted sockets inherit
    /// it; at most 1GiB).
    #[arg(long, value_name = "BYTES", value_parser = size_in(1, limits::SOCKET_BUFFER))]
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
            events.emit(sockopt::granted(Buffer::Send, asked, granted));
        }
        if let Some(asked) = self.rcvbuf {
            let granted = socket.recv_buffer_size()?;
            events.emit(sockopt::granted(Buffer::Receive, asked, granted));
        }
        Ok(())
    }
}
