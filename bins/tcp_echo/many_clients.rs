//! `--clients N` (guide §2.5.1): N connections started at the same moment, each reporting whether
//! connect() succeeded within `--connect-timeout`, how long it took, and whether its echo came back.
//!
//! Against a serial server with `--backlog B` and a long `--accept-delay`, the count of clients that
//! connected within a short timeout is the size of the kernel's accept queue (B + 1 on Linux): the
//! other SYNs are dropped and would only be retried after a second. The count, not a time, is what a
//! script should look at.

use std::sync::{Arc, Barrier};

use anyhow::Result;
use socklab::cli::{EXIT_FAILURE, EXIT_OK, format_duration};
use socklab::event::{Event, Events};

use crate::client::{self, ClientOptions, ConnectFailure};

struct Outcome {
    connected: bool,
    connect_ms: f64,
    echo_ok: bool,
    problem: Option<String>,
    bytes_in: u64,
}

pub fn run(count: usize, options: ClientOptions, events: Events) -> Result<u8> {
    let start = Arc::new(Barrier::new(count));
    let (report, outcomes) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        for number in 1..=count {
            let (start, report, options) = (Arc::clone(&start), report.clone(), &options);
            scope.spawn(move || {
                start.wait();
                let outcome = one_client(options);
                emit_client(number, &outcome, options, events);
                let _ = report.send(outcome);
            });
        }
    });
    drop(report);
    let outcomes: Vec<Outcome> = outcomes.iter().collect();
    let connected = outcomes.iter().filter(|o| o.connected).count();
    let echo_ok = outcomes.iter().filter(|o| o.echo_ok).count();
    let timeout = format_duration(options.connect_timeout);
    events.emit(
        Event::new(
            "clients",
            format!("{count} clients: {connected} connected within {timeout}, {echo_ok} got their echo"),
        )
        .field("clients", count)
        .field("connected", connected)
        .field("not_connected", count - connected)
        .field("echo_ok", echo_ok)
        .field("connect_timeout_ms", options.connect_timeout.as_millis() as u64),
    );
    Ok(if echo_ok == count { EXIT_OK } else { EXIT_FAILURE })
}

fn one_client(options: &ClientOptions) -> Outcome {
    let (socket, took) = match client::connect(options) {
        Ok(connected) => connected,
        Err(failure) => {
            let problem = match failure {
                ConnectFailure::TimedOut => {
                    format!("not connected within {}", format_duration(options.connect_timeout))
                }
                other => format!("not connected: {other}"),
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
        (false, problem) => format!("client {number}: {}", problem.as_deref().unwrap_or("not connected")),
        (true, None) => format!(
            "client {number}: connected in {:.1}ms, echo ok ({} bytes)",
            outcome.connect_ms, outcome.bytes_in
        ),
        (true, Some(problem)) => {
            format!("client {number}: connected in {:.1}ms, echo failed: {problem}", outcome.connect_ms)
        }
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
