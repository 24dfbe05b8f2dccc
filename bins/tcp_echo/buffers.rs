//! SO_SNDBUF and SO_RCVBUF: ask the kernel for a size and report what it granted. Linux doubles the
//! value asked for (half is bookkeeping), applies a minimum, and caps it at net.core.wmem_max/rmem_max.

use anyhow::{Context, Result};
use socket2::Socket;
use socklab::cli::{limits, size_in};
use socklab::event::Events;
use socklab::sockopt::{self, Buffer};
use socklab::tr;

/// `--sndbuf` and `--rcvbuf`, the same for the server and the client.
#[derive(Debug, Default, Clone, Copy, clap::Args)]
pub struct BufferSizes {
    #[arg(long, value_name = "BYTES", value_parser = size_in(1, limits::SOCKET_BUFFER), help = tr!("tcp-echo-arg-sndbuf"))]
    pub sndbuf: Option<usize>,
    #[arg(long, value_name = "BYTES", value_parser = size_in(1, limits::SOCKET_BUFFER), help = tr!("tcp-echo-arg-rcvbuf"))]
    pub rcvbuf: Option<usize>,
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u32).range(88..=65535), help = tr!("tcp-echo-arg-mss"))]
    pub mss: Option<u32>,
}

impl BufferSizes {
    /// Sets the sizes asked for; call before connect() or listen() so the TCP window is sized from them.
    pub fn apply(&self, socket: &Socket) -> Result<()> {
        if let Some(size) = self.sndbuf {
            socket.set_send_buffer_size(size).with_context(|| tr!("tcp-echo-cannot-set-sndbuf"))?;
        }
        if let Some(size) = self.rcvbuf {
            socket.set_recv_buffer_size(size).with_context(|| tr!("tcp-echo-cannot-set-rcvbuf"))?;
        }
        if let Some(size) = self.mss {
            socket.set_mss(size).with_context(|| tr!("tcp-echo-cannot-set-mss"))?;
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
