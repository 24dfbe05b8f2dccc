//! Round-trip measurement (`udp-chat client --count N [--window W]`): how many echoes per second the
//! server sustains and how long each took, with one datagram in flight (latency) or several (throughput).
//!
//! Each datagram carries its sequence number after a `#` marker byte (the marker keeps a datagram from
//! ever starting with `/`, which the server would read as a command), so replies can be matched to
//! their send times even when they overtake each other or some are lost. A reply that does not come within the
//! timeout counts as lost and its slot in the window is reused.
//!
//! With several in flight a reply is always due, so the client polls for it before sleeping (see
//! batch.rs): a client that sleeps between bursts measures its own wake-ups more than the server. With
//! one in flight it sends with send() and sleeps in recvfrom() at once, like any client, so latency is
//! measured as udp_ref measures it.

use std::io;
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use socket2::Socket;
use socklab::event::Event;
use socklab::tr;

use crate::batch::{Inbox, Outbox, POLL_BEFORE_SLEEP};

/// The first byte of every measured datagram.
const MARKER: u8 = b'#';
/// The sequence number follows the marker, as 8 little-endian bytes.
const SEQUENCE: std::ops::Range<usize> = 1..9;
/// The smallest datagram that carries a sequence number.
pub const SEQUENCE_BYTES: usize = SEQUENCE.end;

/// The most datagrams sent or received per system call.
const MAX_BATCH: usize = 64;

pub struct BenchOptions {
    pub count: usize,
    pub window: usize,
    pub size: usize,
    pub timeout: Duration,
}

#[derive(Debug)]
pub struct Report {
    pub received: usize,
    pub lost: usize,
    pub elapsed: Duration,
    /// Round-trip times of the received datagrams, sorted.
    pub latencies: Vec<Duration>,
}

#[derive(Clone, Copy, PartialEq)]
enum Slot {
    Pending,
    Answered,
    Lost,
}

/// Runs the round trips on a connected socket. `Err` with `ConnectionRefused` means no server.
pub fn run(socket: &Socket, options: &BenchOptions) -> Result<Report> {
    socket.set_read_timeout(Some(options.timeout)).with_context(|| tr!("udp-chat-cannot-set-timeout"))?;
    let mut payload = crate::client::pattern(options.size.max(SEQUENCE_BYTES));
    payload[0] = MARKER;
    let datagram = options.size.max(SEQUENCE_BYTES);
    let mut outbox = Outbox::new(options.window.min(MAX_BATCH));
    let mut inbox = Inbox::new(options.window.min(MAX_BATCH), datagram);
    let mut sent_at = vec![Instant::now(); options.count];
    let mut slots = vec![Slot::Pending; options.count];
    let mut latencies = Vec::with_capacity(options.count);
    let (mut next, mut in_flight, mut lost) = (0usize, 0usize, 0usize);
    let started = Instant::now();
    while next < options.count || in_flight > 0 {
        // Refill the window with one sendmmsg(), and take every reply already there with one recvmmsg()
        // (one in flight: send() and recvfrom()).
        while next < options.count && in_flight < options.window {
            payload[SEQUENCE].copy_from_slice(&(next as u64).to_le_bytes());
            sent_at[next] = Instant::now();
            outbox.push(None, &payload[..datagram]);
            next += 1;
            in_flight += 1;
        }
        let mut failure = None;
        outbox.flush(socket.as_fd(), |_, _, result| {
            if let Err(err) = result {
                failure.get_or_insert(err);
            }
        });
        if let Some(err) = failure {
            return Err(err.into());
        }
        let received = if options.window > 1 {
            inbox.receive_batch(socket.as_fd(), POLL_BEFORE_SLEEP)
        } else {
            inbox.receive_one(socket.as_fd())
        };
        let replies = match received {
            Ok(replies) => replies,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) if matches!(err.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                for slot in slots[..next].iter_mut().filter(|slot| **slot == Slot::Pending) {
                    *slot = Slot::Lost;
                }
                lost += in_flight;
                in_flight = 0;
                continue;
            }
            Err(err) => return Err(err.into()),
        };
        for index in 0..replies {
            let reply = inbox.get(index).payload;
            if reply.len() < SEQUENCE_BYTES {
                continue;
            }
            let sequence = u64::from_le_bytes(reply[SEQUENCE].try_into().unwrap()) as usize;
            if sequence < next && slots[sequence] == Slot::Pending {
                slots[sequence] = Slot::Answered;
                latencies.push(sent_at[sequence].elapsed());
                in_flight -= 1;
            }
        }
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    Ok(Report { received: latencies.len(), lost, elapsed, latencies })
}

impl Report {
    /// The latency below which `fraction` of the round trips completed.
    pub fn percentile(&self, fraction: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let index = ((self.latencies.len() as f64 * fraction) as usize).min(self.latencies.len() - 1);
        self.latencies[index]
    }

    pub fn rate(&self) -> f64 {
        self.received as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    pub fn event(&self, options: &BenchOptions) -> Event {
        let micros = |d: Duration| (d.as_secs_f64() * 1e6 * 10.0).round() / 10.0;
        let (p50, p99, max) = (self.percentile(0.5), self.percentile(0.99), self.percentile(1.0));
        Event::new(
            "bench",
            tr!(
                "udp-chat-bench",
                received = self.received,
                size = options.size.max(SEQUENCE_BYTES),
                window = options.window,
                rate = format!("{:.0}", self.rate()),
                seconds = format!("{:.3}", self.elapsed.as_secs_f64()),
                p50 = format!("{:.1}", micros(p50)),
                p99 = format!("{:.1}", micros(p99)),
                max = format!("{:.1}", micros(max)),
                lost = self.lost
            ),
        )
        .field("count", options.count)
        .field("window", options.window)
        .field("size", options.size.max(SEQUENCE_BYTES))
        .field("received", self.received)
        .field("lost", self.lost)
        .field("seconds", self.elapsed.as_secs_f64())
        .field("per_second", self.rate())
        .field("p50_us", micros(p50))
        .field("p99_us", micros(p99))
        .field("max_us", micros(max))
    }
}
