//! The UDP echo client of guide §1.1: send a message, print the reply as `--> <reply>`.
//!
//! The socket is connected (guide §1.5.1): the kernel then reports the ICMP port-unreachable that a
//! missing server causes as "connection refused" instead of leaving the client waiting forever, and
//! only datagrams from the server are accepted. A reply that never comes ends in a timeout.

use std::io::{self, BufRead, IsTerminal, Write};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use socket2::{Domain, Protocol, Socket, Type};
use socklab::cli::{EXIT_FAILURE, EXIT_OK, UsageError, format_duration};
use socklab::event::{Event, Events, printable};
use socklab::tr;

use crate::bench;

/// The largest UDP payload over IPv4: 65535 - 20 (IP header) - 8 (UDP header).
pub const MAX_DATAGRAM_V4: usize = 65_507;
/// The largest UDP payload over IPv6 without jumbograms: 65535 - 8 (UDP header).
pub const MAX_DATAGRAM_V6: usize = 65_527;
/// The guide's message (§1.1).
pub const GUIDE_MESSAGE: &str = "TyR: Echo sobre UDP";

pub enum Payload {
    Text(String),
    /// `--size N`: N bytes of a pattern that is easy to check by eye.
    Pattern(usize),
}

pub struct ClientOptions {
    pub to: SocketAddr,
    pub bind: Option<SocketAddr>,
    pub payload: Payload,
    /// None waits for ever (chat, where the other side is a person typing).
    pub timeout: Option<Duration>,
    pub retries: u32,
    pub chat: bool,
    /// `--count N [--window W]`: measure N round trips instead of one exchange.
    pub bench: Option<(usize, usize)>,
}

/// Why a round trip failed.
#[derive(Clone, Copy)]
enum Failure {
    Refused,
    NoReply(Duration, u32),
}

pub fn run(options: ClientOptions, events: Events) -> Result<u8> {
    let client = Client::connect(&options, events)?;
    if options.chat {
        return client.chat(&options);
    }
    if let Some((count, window)) = options.bench {
        return client.bench(count, window, &options);
    }
    let message = match &options.payload {
        Payload::Text(text) => text.clone().into_bytes(),
        Payload::Pattern(size) => pattern(*size),
    };
    match client.round_trip(&message, &options)? {
        Ok(reply) => {
            client.show_reply(&message, &reply, matches!(options.payload, Payload::Pattern(_)));
            Ok(EXIT_OK)
        }
        Err(failure) => Ok(client.report(failure)),
    }
}

/// `abc...xyz0123456789` repeated: a truncated reply shows at once where it was cut.
pub fn pattern(size: usize) -> Vec<u8> {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    ALPHABET.iter().copied().cycle().take(size).collect()
}

struct Client {
    socket: Socket,
    to: SocketAddr,
    events: Events,
    max_datagram: usize,
}

impl Client {
    fn connect(options: &ClientOptions, events: Events) -> Result<Self> {
        let to = options.to;
        let local = options.bind.unwrap_or_else(|| match to {
            SocketAddr::V4(_) => (Ipv4Addr::UNSPECIFIED, 0).into(),
            SocketAddr::V6(_) => (Ipv6Addr::UNSPECIFIED, 0).into(),
        });
        if local.is_ipv4() != to.is_ipv4() {
            bail!(tr!("udp-chat-ip-versions-differ", local = local.to_string(), to = to.to_string()));
        }
        let socket = Socket::new(Domain::for_address(to), Type::DGRAM, Some(Protocol::UDP))
            .with_context(|| tr!("udp-chat-cannot-create-socket"))?;
        socket.bind(&local.into()).with_context(|| tr!("udp-chat-cannot-bind", addr = local.to_string()))?;
        socket.connect(&to.into()).with_context(|| tr!("udp-chat-cannot-reach", to = to.to_string()))?;
        let max_datagram = if to.is_ipv4() { MAX_DATAGRAM_V4 } else { MAX_DATAGRAM_V6 };
        Ok(Self { socket, to, events, max_datagram })
    }

    /// Sends `message` and waits for one reply, resending up to `retries` times.
    fn round_trip(&self, message: &[u8], options: &ClientOptions) -> Result<Result<Vec<u8>, Failure>> {
        if message.len() > self.max_datagram {
            return Err(UsageError(tr!(
                "udp-chat-message-too-large",
                bytes = message.len(),
                ip = if self.to.is_ipv4() { "IPv4" } else { "IPv6" },
                max = self.max_datagram
            ))
            .into());
        }
        let attempts = options.retries + 1;
        for attempt in 1..=attempts {
            let started = Instant::now();
            match self.socket.send(message) {
                Ok(_) => {}
                Err(err) if err.kind() == io::ErrorKind::ConnectionRefused => {
                    return Ok(Err(Failure::Refused));
                }
                Err(err) => {
                    return Err(err).with_context(|| tr!("udp-chat-cannot-send", to = self.to.to_string()));
                }
            }
            self.events.emit(
                Event::quiet("sent")
                    .field("to", self.to.to_string())
                    .field("bytes", message.len())
                    .field("attempt", attempt),
            );
            match self.receive(options.timeout)? {
                Received::Reply(reply) => {
                    self.events
                        .emit(Event::quiet("rtt").field("micros", started.elapsed().as_micros() as u64));
                    return Ok(Ok(reply));
                }
                Received::Refused => return Ok(Err(Failure::Refused)),
                Received::TimedOut if attempt < attempts => self.events.warn(self.events.in_language(|| {
                    tr!(
                        "udp-chat-resending",
                        to = self.to.to_string(),
                        timeout = format_duration(options.timeout.unwrap_or_default()),
                        attempt = attempt,
                        retries = options.retries
                    )
                })),
                Received::TimedOut => {}
            }
        }
        Ok(Err(Failure::NoReply(options.timeout.unwrap_or_default(), attempts)))
    }

    fn receive(&self, timeout: Option<Duration>) -> Result<Received> {
        let deadline = timeout.map(|t| Instant::now() + t);
        let mut buffer = vec![0u8; MAX_DATAGRAM_V6 + 1];
        loop {
            let wait = match deadline {
                None => PollTimeout::NONE,
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return Ok(Received::TimedOut);
                    }
                    PollTimeout::try_from(left.as_millis().max(1).min(i32::MAX as u128) as i32)
                        .unwrap_or(PollTimeout::MAX)
                }
            };
            let mut fds = [PollFd::new(self.socket.as_fd(), PollFlags::POLLIN)];
            match poll(&mut fds, wait) {
                Ok(0) => continue,
                Ok(_) => {}
                Err(nix::errno::Errno::EINTR) => continue,
                Err(err) => return Err(err).with_context(|| tr!("udp-chat-poll-failed")),
            }
            match nix::sys::socket::recv(
                std::os::fd::AsRawFd::as_raw_fd(&self.socket),
                &mut buffer,
                nix::sys::socket::MsgFlags::MSG_DONTWAIT,
            ) {
                Ok(n) => return Ok(Received::Reply(buffer[..n].to_vec())),
                Err(nix::errno::Errno::ECONNREFUSED) => return Ok(Received::Refused),
                Err(nix::errno::Errno::EAGAIN | nix::errno::Errno::EINTR) => continue,
                Err(err) => {
                    return Err(err)
                        .with_context(|| tr!("udp-chat-cannot-receive", from = self.to.to_string()));
                }
            }
        }
    }

    fn show_reply(&self, sent: &[u8], reply: &[u8], summarise: bool) {
        let human = if summarise {
            let (back, bytes) = (reply.len(), sent.len());
            let summary = if reply == sent {
                tr!("udp-chat-reply-identical", back = back, bytes = bytes)
            } else {
                tr!("udp-chat-reply-differs", back = back, bytes = bytes)
            };
            format!("--> {summary}")
        } else {
            format!("--> {}", printable(reply))
        };
        self.events.emit(
            Event::new("reply", human)
                .field("from", self.to.to_string())
                .field("bytes", reply.len())
                .field("sent", sent.len())
                .field("same", reply == sent)
                .field("text", printable(reply)),
        );
    }

    fn report(&self, failure: Failure) -> u8 {
        let message = || match failure {
            Failure::Refused => tr!("udp-chat-no-server", to = self.to.to_string()),
            Failure::NoReply(timeout, 1) => {
                tr!("udp-chat-no-reply", to = self.to.to_string(), timeout = format_duration(timeout))
            }
            Failure::NoReply(timeout, attempts) => tr!(
                "udp-chat-no-reply-attempts",
                to = self.to.to_string(),
                timeout = format_duration(timeout),
                attempts = attempts
            ),
        };
        if self.events.is_json() {
            self.events.emit(Event::quiet("error").field("message", self.events.in_language(message)));
        }
        eprintln!("error: {}", message());
        EXIT_FAILURE
    }

    fn bench(&self, count: usize, window: usize, options: &ClientOptions) -> Result<u8> {
        let size = match options.payload {
            Payload::Pattern(size) => size,
            Payload::Text(_) => 64,
        };
        if size > self.max_datagram {
            return Err(
                UsageError(tr!("udp-chat-size-over-maximum", size = size, max = self.max_datagram)).into()
            );
        }
        let bench_options = bench::BenchOptions {
            count,
            window,
            size,
            timeout: options.timeout.unwrap_or(Duration::from_secs(2)),
        };
        match bench::run(&self.socket, &bench_options) {
            Ok(report) => {
                self.events.emit(report.event(&bench_options));
                Ok(if report.received == 0 { EXIT_FAILURE } else { EXIT_OK })
            }
            Err(err) if is_refused(&err) => Ok(self.report(Failure::Refused)),
            Err(err) => Err(err),
        }
    }

    /// Chat (§1.5.4): each line typed is sent, then the client waits for the other side's answer.
    fn chat(&self, options: &ClientOptions) -> Result<u8> {
        let interactive = io::stdin().is_terminal();
        let mut lines = io::stdin().lock().lines();
        loop {
            if interactive {
                eprint!("> ");
                let _ = io::stderr().flush();
            }
            let Some(line) = lines.next() else { return Ok(EXIT_OK) };
            let line = line.with_context(|| tr!("udp-chat-cannot-read-stdin"))?;
            match self.round_trip(line.as_bytes(), options)? {
                Ok(reply) => self.show_reply(line.as_bytes(), &reply, false),
                Err(failure) => return Ok(self.report(failure)),
            }
        }
    }
}

fn is_refused(err: &anyhow::Error) -> bool {
    err.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::ConnectionRefused)
}

enum Received {
    Reply(Vec<u8>),
    Refused,
    TimedOut,
}
