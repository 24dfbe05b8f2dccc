//! The guide's server: accept one client, serve it to the end, accept the next. Clients that connect
//! meanwhile wait in the kernel's accept queue (the listen() backlog of §2.5.1).

use anyhow::Result;
use socket2::Socket;
use socklab::event::Events;

use super::stop::Stop;
use super::{ServerOptions, accepted_event, connection, listener, stops_server};
use crate::counters::{CloseReason, Totals};

pub fn serve(listening: &Socket, options: &ServerOptions, stop: &Stop, events: Events) -> Result<Totals> {
    let mut totals = Totals::default();
    let mut backoff = socklab::accept::AcceptBackoff::default();
    while let Some((socket, peer)) = listener::next_client(listening, options, stop, &mut backoff, 0, events)?
    {
        events.emit(accepted_event(peer));
        let (counts, reason) = connection::serve(socket, peer, options, stop, events);
        totals.add(&counts, reason);
        if reason == CloseReason::Quit && stops_server(options, &totals) {
            stop.request(format!("QUIT from {peer}"));
        }
        if stop.requested() {
            break;
        }
    }
    Ok(totals)
}
