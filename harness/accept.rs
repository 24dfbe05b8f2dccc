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
            events.warn(format!(
                "accept failed: {err}; serving the {open} connection(s) already open, and trying again \
                 less and less often (up to every {}s) until it works",
                Self::LONGEST.as_secs()
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
                format!("accept() works again, after {} failed attempts over {seconds:.1}s", self.failures),
            )
            .field("failures", self.failures)
            .field("seconds", seconds),
        );
        *self = Self::default();
    }
}
