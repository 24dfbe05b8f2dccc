//! `--clients N` (guide §2.5.1): N connections started at the same moment, each reporting whether
//! connect() succeeded within `--connect-timeout`, how long it took, and whether its echo came back.
//!
//! Against a serial server with `--backlog B` and a long `--accept-delay`, the count of clients that
//! connected within a short timeout is the size of the kernel's accept queue (B + 1 on Linux): the
//! other SYNs are dropped and would only be retried after a second. The count, not a time, is what a
//! script should look at.
//!
//! The connections are started from one thread with non-blocking connect() calls, one after the
//! other, and then awaited together; each one starts its echo on a thread of its own as soon as it is
//! connected, as independent clients would (a serial server then serves them one after the other,
//! and a client whose SYN was dropped connects when the kernel retries it). On loopback each handshake
//! is over (or its SYN dropped) before the next begins. Started from N threads at once, two SYNs can both pass the kernel's
//! "queue full?" check before either handshake completes; the second client then believes it is
//! connected although its final ACK is dropped, and the count would say backlog + 2.

use std::io;
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use anyhow::Result;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use socket2::Socket;
use socklab::cli::{EXIT_FAILURE, EXIT_OK, format_duration};
use socklab::event::{Event, Events};
use socklab::tr;

use crate::client::{self, ClientOptions, ConnectFailure};

/// A SYN that the listener dropped (its accept queue was full) is sent again after the initial
/// retransmission timeout, 1 s (RFC 6298 §2.1, Linux's TCP_TIMEOUT_INIT): a connection that took less
/// was completed by the first SYN, whatever the load of the machine.
const FIRST_RETRY_MS: f64 = 1000.0;

struct Outcome {
    connected: bool,
    connect_ms: f64,
    echo_ok: bool,
    problem: Option<String>,
    bytes_in: u64,
}

pub fn run(count: usize, options: ClientOptions, events: Events) -> Result<u8> {
    let attempts = start_connections(count, &options);
    // Every SYN is out (or already answered): a harness that froze the server may let it go on.
    events.emit(Event::quiet("connecting").field("clients", count));
    let (report, outcomes) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        settle_connections(attempts, &options, |index, connection| {
            let (report, options) = (report.clone(), &options);
            scope.spawn(move || {
                // The problem is a JSON field too: English under --json.
                let outcome = events.in_language(|| exchange(connection, options));
                emit_client(index + 1, &outcome, options, events);
                let _ = report.send(outcome);
            });
        });
    });
    drop(report);
    let outcomes: Vec<Outcome> = outcomes.iter().collect();
    let connected = outcomes.iter().filter(|o| o.connected).count();
    let first_try = outcomes.iter().filter(|o| o.connected && o.connect_ms < FIRST_RETRY_MS).count();
    let echo_ok = outcomes.iter().filter(|o| o.echo_ok).count();
    let timeout = format_duration(options.connect_timeout);
    events.emit(
        Event::new(
            "clients",
            tr!(
                "tcp-echo-clients",
                count = count,
                first_try = first_try,
                connected = connected,
                timeout = timeout,
                echo_ok = echo_ok
            ),
        )
        .field("clients", count)
        .field("first_try", first_try)
        .field("connected", connected)
        .field("not_connected", count - connected)
        .field("echo_ok", echo_ok)
        .field("connect_timeout_ms", options.connect_timeout.as_millis() as u64),
    );
    Ok(if echo_ok == count { EXIT_OK } else { EXIT_FAILURE })
}

/// One client's connection: a connect() in progress, its outcome not yet handed over, or handed over.
enum Attempt {
    Connecting { socket: Socket, started: Instant },
    Over(Connection),
    Handed,
}

enum Connection {
    Connected(Socket, Duration),
    Failed(ConnectFailure),
}

/// Starts every connection with a non-blocking connect(), one after the other.
fn start_connections(count: usize, options: &ClientOptions) -> Vec<Attempt> {
    (0..count)
        .map(|_| {
            let started = Instant::now();
            match begin_connect(options) {
                Ok(socket) => Attempt::Connecting { socket, started },
                Err(failure) => Attempt::Over(Connection::Failed(failure)),
            }
        })
        .collect()
}

fn begin_connect(options: &ClientOptions) -> Result<Socket, ConnectFailure> {
    let socket = client::new_socket(options)?;
    socket.set_nonblocking(true).map_err(ConnectFailure::Other)?;
    match socket.connect(&options.to.into()) {
        Ok(()) => Ok(socket),
        // The handshake is under way: poll() says when it is over.
        Err(err) if err.raw_os_error() == Some(libc::EINPROGRESS) => Ok(socket),
        Err(err) if err.kind() == io::ErrorKind::ConnectionRefused => Err(ConnectFailure::Refused),
        Err(err) => Err(ConnectFailure::Other(err)),
    }
}

/// Waits until every connect() completed, failed, or ran out of `--connect-timeout`, and hands each
/// connection (with its index) to `settled` the moment its fate is known.
fn settle_connections(
    mut attempts: Vec<Attempt>,
    options: &ClientOptions,
    mut settled: impl FnMut(usize, Connection),
) {
    loop {
        let now = Instant::now();
        for attempt in attempts.iter_mut() {
            if let Attempt::Connecting { started, .. } = attempt {
                if now.duration_since(*started) >= options.connect_timeout {
                    *attempt = Attempt::Over(Connection::Failed(ConnectFailure::TimedOut));
                }
            }
        }
        for (index, attempt) in attempts.iter_mut().enumerate() {
            if matches!(attempt, Attempt::Over(_)) {
                if let Attempt::Over(connection) = std::mem::replace(attempt, Attempt::Handed) {
                    settled(index, connection);
                }
            }
        }
        let pending: Vec<(usize, &Socket, Instant)> = attempts
            .iter()
            .enumerate()
            .filter_map(|(index, attempt)| match attempt {
                Attempt::Connecting { socket, started } => Some((index, socket, *started)),
                _ => None,
            })
            .collect();
        let Some(first_deadline) =
            pending.iter().map(|(_, _, started)| *started + options.connect_timeout).min()
        else {
            return;
        };
        let ready: Vec<usize> = {
            let mut fds: Vec<PollFd> = pending
                .iter()
                .map(|(_, socket, _)| PollFd::new(socket.as_fd(), PollFlags::POLLOUT))
                .collect();
            let wait = first_deadline.saturating_duration_since(now).max(Duration::from_millis(1));
            let timeout = PollTimeout::try_from(wait).unwrap_or(PollTimeout::MAX);
            match poll(&mut fds, timeout) {
                Ok(_) => pending
                    .iter()
                    .zip(&fds)
                    .filter(|(_, fd)| fd.any().unwrap_or(false))
                    .map(|((index, _, _), _)| *index)
                    .collect(),
                Err(_) => Vec::new(),
            }
        };
        for index in ready {
            let Attempt::Connecting { socket, started } =
                std::mem::replace(&mut attempts[index], Attempt::Handed)
            else {
                continue;
            };
            let took = started.elapsed();
            attempts[index] = Attempt::Over(match socket.take_error() {
                Ok(None) => Connection::Connected(socket, took),
                Ok(Some(err)) if err.kind() == io::ErrorKind::ConnectionRefused => {
                    Connection::Failed(ConnectFailure::Refused)
                }
                Ok(Some(err)) | Err(err) => Connection::Failed(ConnectFailure::Other(err)),
            });
        }
    }
}

fn exchange(connection: Connection, options: &ClientOptions) -> Outcome {
    let (socket, took) = match connection {
        Connection::Connected(socket, took) => (socket, took),
        Connection::Failed(failure) => {
            let problem = match failure {
                ConnectFailure::TimedOut => {
                    tr!("tcp-echo-not-connected-within", timeout = format_duration(options.connect_timeout))
                }
                other => tr!("tcp-echo-not-connected-because", reason = other.to_string()),
            };
            return Outcome {
                connected: false,
                connect_ms: 0.0,
                echo_ok: false,
                problem: Some(problem),
                bytes_in: 0,
            };
        }
    };
    let connect_ms = took.as_secs_f64() * 1000.0;
    if let Err(err) = socket.set_nonblocking(false) {
        return Outcome {
            connected: true,
            connect_ms,
            echo_ok: false,
            problem: Some(err.to_string()),
            bytes_in: 0,
        };
    }
    match client::exchange(socket, options) {
        Ok(exchange) => Outcome {
            connected: true,
            connect_ms,
            echo_ok: exchange.ok(options.expect),
            problem: exchange.problem(options.expect),
            bytes_in: exchange.counts.bytes_in,
        },
        Err(err) => Outcome {
            connected: true,
            connect_ms,
            echo_ok: false,
            problem: Some(format!("{err:#}")),
            bytes_in: 0,
        },
    }
}

fn emit_client(number: usize, outcome: &Outcome, options: &ClientOptions, events: Events) {
    let human = match (outcome.connected, &outcome.problem) {
        (false, problem) => tr!(
            "tcp-echo-client-not-connected",
            number = number,
            problem = problem.clone().unwrap_or_else(|| tr!("tcp-echo-not-connected"))
        ),
        (true, None) => tr!(
            "tcp-echo-client-ok",
            number = number,
            ms = format!("{:.1}", outcome.connect_ms),
            bytes = outcome.bytes_in
        ),
        (true, Some(problem)) => tr!(
            "tcp-echo-client-failed",
            number = number,
            ms = format!("{:.1}", outcome.connect_ms),
            problem = problem.clone()
        ),
    };
    events.emit(
        Event::new("client", human)
            .field("client", number)
            .field("to", options.to.to_string())
            .field("connected", outcome.connected)
            .field("connect_ms", outcome.connected.then_some(outcome.connect_ms))
            .field("echo_ok", outcome.echo_ok)
            .field("bytes_in", outcome.bytes_in)
            .field("problem", outcome.problem.clone()),
    );
}
