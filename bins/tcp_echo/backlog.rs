//! The listen() backlog of guide §2.5.1. Linux silently caps the backlog at `net.core.somaxconn`, so
//! the server says so when the number asked for is larger; on Linux the accept queue then holds
//! backlog + 1 established connections, and further SYNs are dropped until accept() makes room.

use socklab::event::Event;
use socklab::tr;

const SOMAXCONN_PATH: &str = "/proc/sys/net/core/somaxconn";

/// `net.core.somaxconn`, when it can be read.
pub fn somaxconn() -> Option<u32> {
    std::fs::read_to_string(SOMAXCONN_PATH).ok()?.trim().parse().ok()
}

/// The `backlog` event: a line for a person only when the kernel caps what was asked for.
pub fn backlog_event(requested: u32, somaxconn: Option<u32>) -> Event {
    let effective = somaxconn.map_or(requested, |cap| requested.min(cap));
    let event = match somaxconn {
        Some(cap) if requested > cap => {
            Event::new("backlog", tr!("tcp-echo-backlog-capped", requested = requested, cap = cap))
        }
        _ => Event::quiet("backlog"),
    };
    event.field("requested", requested).field("somaxconn", somaxconn).field("effective", effective)
}
