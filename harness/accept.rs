//! What a server does when accept() fails for want of a resource, shared by the servers in `bins/`.

use std::time::{Duration, Instant};

use crate::event::{Event, Events};

/// accept() failing for want of a resource (EMFILE, ENFILE, ENOBUFS, ENOMEM; accept(2)). The
/// connection stays in the queue and the listener stays readable, so trying again at once would spin
/// and log without end. The server waits instead, 10 ms at first and twice as long after each failure
/// up to 1 s, says so once, goes on serving the connections it has, and says how many attempts failed
/// once accept() works again.
#[derive(Debug, Default)]
pub struct AcceptBackoff {
    failures: u64,
    since: Option<Instant>,
    delay: Duration,
}

impl AcceptBackoff {
    const FIRST: Duration = Duration::from_millis(10);
    const LONGEST: Duration = Duration::from_secs(1);

    pub fn is_exhaustion(err: &std::io::Error) -> bool {
        matches!(err.raw_os_error(), Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM))
    }

    /// Counts a failure; the result is how long to wait before the next accept().
    pub fn failed(&mut self, err: &std::io::Error, open: usize, events: Events) -> Duration {
        if self.failures == 0 {
            events.warn(crate::said!(
                "run-accept-failing",
                error = err.to_string(),
                open = open,
                seconds = Self::LONGEST.as_secs()
            ));
            self.since = Some(Instant::now());
            self.delay = Self::FIRST;
        } else {
            self.delay = (self.delay * 2).min(Self::LONGEST);
        }
        self.failures += 1;
        self.delay
    }

    /// accept() worked: if it had been failing, says for how long.
    pub fn succeeded(&mut self, events: Events) {
        if self.failures == 0 {
            return;
        }
        let seconds = self.since.map(|since| since.elapsed().as_secs_f64()).unwrap_or_default();
        events.emit(
            Event::new(
                "accept-recovered",
                crate::tr!(
                    "run-accept-recovered",
                    failures = self.failures,
                    seconds = format!("{seconds:.1}")
                ),
            )
            .field("failures", self.failures)
            .field("seconds", seconds),
        );
        *self = Self::default();
    }
}

/// accept() failures that only mean "not this time": the client gave up before it was accepted, or
/// a signal came.
pub fn is_transient(err: &std::io::Error) -> bool {
    matches!(
        err.kind(),
        std::io::ErrorKind::WouldBlock
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::Interrupted
    )
}

/// For a blocking-style server: waits for the next connection and accepts it; `None` once a stop was
/// requested. Running out of descriptors or memory backs off (said once, see [`AcceptBackoff`]) with
/// `open` connections served meanwhile; transient failures are retried. Errors: any other failure of
/// poll() or accept().
pub fn next_connection(
    listener: &std::net::TcpListener,
    shutdown: &crate::shutdown::Shutdown,
    backoff: &mut AcceptBackoff,
    open: usize,
    events: Events,
) -> anyhow::Result<Option<Accepted>> {
    use crate::wait::{Wake, stopped_during, wait_for};
    use anyhow::Context;
    loop {
        if wait_for(listener, nix::poll::PollFlags::POLLIN, shutdown, None)? != Wake::Ready {
            return Ok(None);
        }
        match listener.accept() {
            Ok(accepted) => {
                backoff.succeeded(events);
                return Ok(Some(accepted));
            }
            Err(err) if AcceptBackoff::is_exhaustion(&err) => {
                let pause = backoff.failed(&err, open, events);
                if stopped_during(shutdown, pause)? {
                    return Ok(None);
                }
            }
            Err(err) if is_transient(&err) => {}
            Err(err) => return Err(err).with_context(|| crate::tr!("run-accept-failed")),
        }
    }
}

/// A connection just accepted: its socket and the peer's address.
pub type Accepted = (std::net::TcpStream, std::net::SocketAddr);

/// For a poll() server whose listener is readable: accepts what is queued, at most `at_most`
/// connections. Also returns, when accept() ran out of descriptors or memory, the instant before
/// which the listener should not be polled again (the backoff's pause). Errors: an accept() failure
/// that is neither transient nor exhaustion.
pub fn accept_ready(
    listener: &std::net::TcpListener,
    backoff: &mut AcceptBackoff,
    open: usize,
    at_most: usize,
    events: Events,
) -> anyhow::Result<(Vec<Accepted>, Option<Instant>)> {
    use anyhow::Context;
    let mut accepted = Vec::new();
    while accepted.len() < at_most {
        match listener.accept() {
            Ok(connection) => {
                backoff.succeeded(events);
                accepted.push(connection);
            }
            Err(err) if AcceptBackoff::is_exhaustion(&err) => {
                let pause = backoff.failed(&err, open + accepted.len(), events);
                return Ok((accepted, Some(Instant::now() + pause)));
            }
            Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => break,
            Err(err) if is_transient(&err) => {}
            Err(err) => return Err(err).with_context(|| crate::tr!("run-accept-failed")),
        }
    }
    Ok((accepted, None))
}
