//! One thread per client (seed 001): the main thread only accepts; each client's thread runs the same
//! code as the serial server. `--max-clients` bounds how many threads run at once; further clients
//! wait in the accept queue until one finishes.

use std::sync::{Condvar, Mutex};
use std::time::Duration;

use anyhow::Result;
use socket2::Socket;
use socklab::event::Events;

use super::stop::Stop;
use super::{ServerOptions, accepted_event, connection, listener, stops_server};
use crate::counters::{CloseReason, Totals};

/// How often a server at its `--max-clients` limit looks again at a stop request.
const LIMIT_RECHECK: Duration = Duration::from_millis(50);

pub fn serve(listening: &Socket, options: &ServerOptions, stop: &Stop, events: Events) -> Result<Totals> {
    let totals = Mutex::new(Totals::default());
    let active = (Mutex::new(0usize), Condvar::new());
    let mut backoff = socklab::accept::AcceptBackoff::default();
    std::thread::scope(|scope| -> Result<()> {
        loop {
            if !wait_for_a_free_slot(options.max_clients, &active, stop) {
                return Ok(());
            }
            let open = *lock(&active.0);
            let Some((socket, peer)) =
                listener::next_client(listening, options, stop, &mut backoff, open, events)?
            else {
                return Ok(());
            };
            *lock(&active.0) += 1;
            events.emit(accepted_event(peer));
            let (totals, active) = (&totals, &active);
            scope.spawn(move || {
                let (counts, reason) = connection::serve(socket, peer, options, stop, events);
                let mut totals = lock(totals);
                totals.add(&counts, reason);
                if reason == CloseReason::Quit && stops_server(options, &totals) {
                    stop.request(format!("QUIT from {peer}"));
                }
                drop(totals);
                *lock(&active.0) -= 1;
                active.1.notify_all();
            });
        }
    })?;
    Ok(totals.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner()))
}

/// Waits until fewer than `max` clients are being served; false if the server must stop.
fn wait_for_a_free_slot(max: Option<usize>, active: &(Mutex<usize>, Condvar), stop: &Stop) -> bool {
    let Some(max) = max else { return !stop.requested() };
    let mut count = lock(&active.0);
    while *count >= max {
        if stop.requested() {
            return false;
        }
        count =
            active.1.wait_timeout(count, LIMIT_RECHECK).unwrap_or_else(|poisoned| poisoned.into_inner()).0;
    }
    !stop.requested()
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
