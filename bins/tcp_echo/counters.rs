//! What a connection did, counted per system call: bytes and recv() calls in, bytes and send() calls
//! out, and how many sends were partial (the kernel took fewer bytes than asked, §2.5.2). The server
//! reports these when a connection closes and sums them for its final line.

use std::net::SocketAddr;
use std::time::Duration;

use socklab::event::Event;
use socklab::tr;

/// The counts of one connection (or of one client's side of it).
#[derive(Debug, Default, Clone, Copy)]
pub struct IoCounts {
    pub bytes_in: u64,
    pub recv_calls: u64,
    pub bytes_out: u64,
    /// send() calls that returned a byte count (a call that would block is not counted).
    pub send_calls: u64,
    /// send() calls that took fewer bytes than they were given.
    pub partial_sends: u64,
    /// Bytes a `--send-once` send() did not take and that were therefore never sent.
    pub dropped: u64,
    /// The first bytes received: what a client sent, for a grading check on a student's client.
    pub first: Preview,
}

/// The first [`Preview::SIZE`] bytes of a stream.
#[derive(Debug, Clone, Copy)]
pub struct Preview {
    bytes: [u8; Preview::SIZE],
    len: usize,
}

impl Preview {
    pub const SIZE: usize = 128;

    fn extend(&mut self, data: &[u8]) {
        let take = data.len().min(Self::SIZE - self.len);
        self.bytes[self.len..self.len + take].copy_from_slice(&data[..take]);
        self.len += take;
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl Default for Preview {
    fn default() -> Self {
        Preview { bytes: [0; Self::SIZE], len: 0 }
    }
}

impl IoCounts {
    pub fn received(&mut self, bytes: usize) {
        self.recv_calls += 1;
        self.bytes_in += bytes as u64;
    }

    /// [`IoCounts::received`], keeping the first bytes as the connection's [`IoCounts::first`].
    pub fn received_bytes(&mut self, data: &[u8]) {
        self.received(data.len());
        if self.first.len < Preview::SIZE {
            self.first.extend(data);
        }
    }

    pub fn sent(&mut self, asked: usize, taken: usize) {
        self.send_calls += 1;
        self.bytes_out += taken as u64;
        if taken < asked {
            self.partial_sends += 1;
        }
    }

    fn add(&mut self, other: &IoCounts) {
        self.bytes_in += other.bytes_in;
        self.recv_calls += other.recv_calls;
        self.bytes_out += other.bytes_out;
        self.send_calls += other.send_calls;
        self.partial_sends += other.partial_sends;
        self.dropped += other.dropped;
    }
}

/// Why a connection ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseReason {
    /// The client shut down its side and got its whole echo.
    Eof,
    /// The client sent `QUIT`.
    Quit,
    /// The client reset the connection or an I/O error ended it.
    Error,
    /// The server was asked to stop.
    Shutdown,
}

impl CloseReason {
    pub fn name(self) -> &'static str {
        match self {
            CloseReason::Eof => "eof",
            CloseReason::Quit => "quit",
            CloseReason::Error => "error",
            CloseReason::Shutdown => "shutdown",
        }
    }

    /// The reason for a person.
    fn said(self) -> String {
        match self {
            CloseReason::Eof => tr!("tcp-echo-close-eof"),
            CloseReason::Quit => tr!("tcp-echo-close-quit"),
            CloseReason::Error => tr!("tcp-echo-close-error"),
            CloseReason::Shutdown => tr!("tcp-echo-close-shutdown"),
        }
    }
}

/// The report of a connection, made when it closes.
pub fn closed_event(peer: SocketAddr, counts: &IoCounts, reason: CloseReason, lasted: Duration) -> Event {
    let dropped = if counts.dropped > 0 {
        tr!("tcp-echo-closed-dropped", dropped = counts.dropped)
    } else {
        String::new()
    };
    Event::new(
        "closed",
        tr!(
            "tcp-echo-closed",
            peer = peer.to_string(),
            reason = reason.said(),
            bytes_in = counts.bytes_in,
            recv_calls = counts.recv_calls,
            bytes_out = counts.bytes_out,
            send_calls = counts.send_calls,
            partial_sends = counts.partial_sends,
            dropped = dropped
        ),
    )
    .field("peer", peer.to_string())
    .field("reason", reason.name())
    .field("bytes_in", counts.bytes_in)
    .field("recv_calls", counts.recv_calls)
    .field("bytes_out", counts.bytes_out)
    .field("send_calls", counts.send_calls)
    .field("partial_sends", counts.partial_sends)
    .field("dropped", counts.dropped)
    .field("text", socklab::event::printable(counts.first.bytes()))
    .field("ms", lasted.as_millis() as u64)
}

/// The server's running totals over every connection it closed.
#[derive(Debug, Default, Clone)]
pub struct Totals {
    pub connections: u64,
    pub errors: u64,
    pub quits: u64,
    pub counts: IoCounts,
}

impl Totals {
    pub fn add(&mut self, counts: &IoCounts, reason: CloseReason) {
        self.connections += 1;
        self.counts.add(counts);
        match reason {
            CloseReason::Error => self.errors += 1,
            CloseReason::Quit => self.quits += 1,
            CloseReason::Eof | CloseReason::Shutdown => {}
        }
    }

    /// The final line of a server.
    pub fn shutdown_event(&self, reason: &str) -> Event {
        let c = &self.counts;
        Event::new(
            "shutdown",
            tr!(
                "tcp-echo-stopping",
                reason = match reason {
                    "quit" => tr!("tcp-echo-stop-quit"),
                    _ => tr!("tcp-echo-stop-signal"),
                },
                connections = self.connections,
                bytes_in = c.bytes_in,
                recv_calls = c.recv_calls,
                bytes_out = c.bytes_out,
                send_calls = c.send_calls,
                partial_sends = c.partial_sends,
                quits = self.quits,
                errors = self.errors
            ),
        )
        .field("reason", reason)
        .field("connections", self.connections)
        .field("bytes_in", c.bytes_in)
        .field("recv_calls", c.recv_calls)
        .field("bytes_out", c.bytes_out)
        .field("send_calls", c.send_calls)
        .field("partial_sends", c.partial_sends)
        .field("dropped", c.dropped)
        .field("quits", self.quits)
        .field("errors", self.errors)
    }
}
