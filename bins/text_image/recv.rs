//! `text-image recv`: listens, serves senders one after another, and reports every item as an event.
//!
//! The protocol work is in `session.rs`; this module owns the sockets. Each read waits in poll() on
//! the connection and on the shutdown descriptor, with the idle timeout, so a silent peer is dropped
//! after `--timeout` and SIGINT/SIGTERM stop the receiver at once, even mid-transfer (the partial item
//! is discarded like any other broken transfer).

use std::io::{self, Read};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::fd::AsFd;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use socklab::cli::{EXIT_FAILURE, EXIT_OK};
use socklab::event::{Event, Events, printable};
use socklab::i18n::Said;
use socklab::shutdown::Shutdown;
use socklab::{said, tr};

use crate::human_size;
use crate::session::{self, End, Limits, Outcome, StopRequested};
use crate::store::Store;

pub struct RecvOptions {
    pub bind: SocketAddr,
    pub out: PathBuf,
    pub once: bool,
    pub limits: Limits,
    pub overwrite: bool,
    pub timeout: Duration,
}

/// Totals over the receiver's life, printed when it stops.
#[derive(Default)]
struct Totals {
    connections: u64,
    accepted: u64,
    rejected: u64,
}

pub fn run(options: RecvOptions, events: Events) -> Result<u8> {
    let shutdown = Shutdown::install().with_context(|| tr!("text-image-signal-handlers"))?;
    if !options.out.is_dir() {
        bail!(tr!("text-image-no-output-dir", dir = options.out.display().to_string()));
    }
    let listener = TcpListener::bind(options.bind)
        .with_context(|| tr!("text-image-cannot-bind", addr = options.bind.to_string()))?;
    let local = listener.local_addr()?;
    events.emit(
        Event::new("listening", format!("listening on tcp {local}"))
            .field("proto", "tcp")
            .field("addr", local.to_string()),
    );
    let store = Store::new(options.out.clone(), options.overwrite);
    let mut totals = Totals::default();
    while let Some((stream, peer)) = accept(&listener, &shutdown)? {
        totals.connections += 1;
        let clean = serve_connection(stream, peer, &store, &options, &shutdown, events, &mut totals);
        if options.once {
            report_stop(Stop::Once, &totals, events);
            return Ok(if clean { EXIT_OK } else { EXIT_FAILURE });
        }
        if shutdown.requested() {
            break;
        }
    }
    report_stop(Stop::Signal, &totals, events);
    Ok(EXIT_OK)
}

/// Waits for the next sender; `None` once a stop was requested.
fn accept(listener: &TcpListener, shutdown: &Shutdown) -> Result<Option<(TcpStream, SocketAddr)>> {
    loop {
        if shutdown.requested() {
            return Ok(None);
        }
        let mut fds =
            [PollFd::new(listener.as_fd(), PollFlags::POLLIN), PollFd::new(shutdown.fd(), PollFlags::POLLIN)];
        match poll(&mut fds, PollTimeout::NONE) {
            Ok(_) if shutdown.requested() => return Ok(None),
            Ok(_) => {}
            Err(nix::errno::Errno::EINTR) => continue,
            Err(err) => return Err(err).with_context(|| tr!("text-image-poll-failed")),
        }
        match listener.accept() {
            Ok(accepted) => return Ok(Some(accepted)),
            // The peer gave up between poll and accept, or a signal came: wait again.
            Err(err)
                if matches!(err.kind(), io::ErrorKind::ConnectionAborted | io::ErrorKind::Interrupted) => {}
            Err(err) => return Err(err).with_context(|| tr!("text-image-accept-failed")),
        }
    }
}

/// Serves one sender; true when it sent END and every item was accepted.
fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    store: &Store,
    options: &RecvOptions,
    shutdown: &Shutdown,
    events: Events,
    totals: &mut Totals,
) -> bool {
    events.emit(
        Event::new("connection", tr!("text-image-connection", peer = peer.to_string()))
            .field("peer", peer.to_string()),
    );
    // Replies are a few bytes; a peer that does not read them for this long is as gone as a silent one.
    let _ = stream.set_write_timeout(Some(options.timeout));
    let mut writer = match stream.try_clone() {
        Ok(writer) => writer,
        Err(err) => {
            events.warn(said!(
                "text-image-cannot-use-connection",
                peer = peer.to_string(),
                error = err.to_string()
            ));
            return false;
        }
    };
    let mut reader = Paced { stream: &stream, idle: options.timeout, shutdown };
    let (mut accepted, mut rejected) = (0u64, 0u64);
    let end = session::serve(&mut reader, &mut writer, store, options.limits, &mut |outcome| {
        match outcome {
            Outcome::Rejected { .. } => rejected += 1,
            _ => accepted += 1,
        }
        events.emit(outcome_event(peer, outcome));
    });
    totals.accepted += accepted;
    totals.rejected += rejected;
    if matches!(end, End::Refused(_)) {
        linger(&stream);
    }
    let reason = match &end {
        End::Finished => "end",
        End::PeerClosed => "peer-closed",
        End::Broken(_) => "broken",
        End::Refused(code) => code.label(),
        End::TimedOut => "timeout",
        End::Stopped => "stopped",
    };
    // The detail is a field of the JSON event too: English there.
    let detail = Said::by(|| match &end {
        End::Finished => tr!("text-image-ended-finished"),
        End::PeerClosed => tr!("text-image-ended-peer-closed"),
        End::Broken(why) => tr!("text-image-ended-broken", why = why.in_current()),
        End::Refused(code) => tr!("text-image-ended-refused", code = code.label()),
        End::TimedOut => {
            tr!("text-image-ended-timed-out", idle = socklab::cli::format_duration(options.timeout))
        }
        End::Stopped => tr!("text-image-ended-stopped"),
    });
    let human = tr!(
        "text-image-closed",
        peer = peer.to_string(),
        detail = detail.shown,
        accepted = accepted,
        rejected = rejected
    );
    events.emit(
        Event::new("closed", human)
            .field("peer", peer.to_string())
            .field("reason", reason)
            .field("detail", detail.english)
            .field("accepted", accepted)
            .field("rejected", rejected),
    );
    end == End::Finished && rejected == 0
}

/// After refusing a stream, reads (and drops) what the peer already sent before closing: closing
/// with unread data makes the kernel send a reset, which can destroy the FATAL reply in flight.
fn linger(stream: &TcpStream) {
    const MAX_DRAIN: u64 = 1 << 20;
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(LINGER));
    let _ = io::copy(&mut stream.take(MAX_DRAIN), &mut io::sink());
}

/// How long a refused peer has to notice the reply and close its end.
const LINGER: Duration = Duration::from_millis(500);

fn outcome_event(peer: SocketAddr, outcome: Outcome) -> Event {
    match outcome {
        Outcome::Text { item, text } => Event::new(
            "text",
            tr!("text-image-text", peer = peer.to_string(), text = printable(text.as_bytes())),
        )
        .field("peer", peer.to_string())
        .field("item", item)
        .field("bytes", text.len())
        .field("text", text),
        Outcome::Stored { item, name, stored, bytes, sha256, image } => {
            let shown = printable(name.as_bytes());
            let shown = if stored == name {
                shown
            } else {
                format!("{shown} {}", tr!("text-image-renamed", stored = stored.clone()))
            };
            let human = match &image {
                Some(info) => tr!(
                    "text-image-image",
                    name = shown,
                    format = info.format.clone(),
                    width = info.width.to_string(),
                    height = info.height.to_string(),
                    size = human_size(bytes),
                    sha256 = sha256.clone()
                ),
                None => {
                    tr!("text-image-data", name = shown, size = human_size(bytes), sha256 = sha256.clone())
                }
            };
            let event = Event::new("image", human);
            event
                .field("peer", peer.to_string())
                .field("item", item)
                .field("name", name)
                .field("stored", stored)
                .field("format", image.as_ref().map(|i| i.format.clone()))
                .field("width", image.as_ref().map(|i| i.width))
                .field("height", image.as_ref().map(|i| i.height))
                .field("bytes", bytes)
                .field("sha256", sha256)
        }
        Outcome::Rejected { item, kind, name, code, reason, fatal } => {
            let human = tr!(
                "text-image-rejected-item",
                kind = kind,
                // With its space, so that nameless items read well: "rejected stream (item 0)".
                name = name
                    .as_deref()
                    .map(|name| format!(" {}", printable(name.as_bytes())))
                    .unwrap_or_default(),
                item = item,
                peer = peer.to_string(),
                reason = reason.shown,
                code = code.label()
            );
            Event::new("rejected", human)
                .field("peer", peer.to_string())
                .field("item", item)
                .field("kind", kind)
                .field("name", name)
                .field("code", code.label())
                .field("reason", reason.english)
                .field("fatal", fatal)
        }
    }
}

/// Why the receiver stops.
#[derive(Clone, Copy)]
enum Stop {
    Once,
    Signal,
}

fn report_stop(stop: Stop, totals: &Totals, events: Events) {
    // The reason is a field of the JSON event too: English there.
    let reason = match stop {
        Stop::Once => said!("text-image-stop-once"),
        Stop::Signal => said!("text-image-stop-signal"),
    };
    events.emit(
        Event::new(
            "shutdown",
            tr!(
                "text-image-stopping",
                reason = reason.shown,
                connections = totals.connections,
                accepted = totals.accepted,
                rejected = totals.rejected
            ),
        )
        .field("reason", reason.english)
        .field("connections", totals.connections)
        .field("accepted", totals.accepted)
        .field("rejected", totals.rejected),
    );
}

/// Reads from the connection, but gives up with `TimedOut` after `idle` without data and with
/// [`StopRequested`] once a stop was requested.
struct Paced<'a> {
    stream: &'a TcpStream,
    idle: Duration,
    shutdown: &'a Shutdown,
}

impl Read for Paced<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let timeout = PollTimeout::try_from(self.idle).unwrap_or(PollTimeout::MAX);
        loop {
            if self.shutdown.requested() {
                return Err(io::Error::other(StopRequested));
            }
            let mut fds = [
                PollFd::new(self.stream.as_fd(), PollFlags::POLLIN),
                PollFd::new(self.shutdown.fd(), PollFlags::POLLIN),
            ];
            match poll(&mut fds, timeout) {
                // Nothing arrived within the idle timeout.
                Ok(0) => return Err(io::Error::new(io::ErrorKind::TimedOut, "idle timeout")),
                Ok(_) if self.shutdown.requested() => return Err(io::Error::other(StopRequested)),
                Ok(_) => {}
                Err(nix::errno::Errno::EINTR) => continue,
                Err(err) => return Err(err.into()),
            }
            match (&mut &*self.stream).read(buf) {
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                other => return other,
            }
        }
    }
}
