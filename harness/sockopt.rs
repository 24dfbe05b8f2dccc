//! What the kernel makes of a socket buffer size a program asks for (SO_SNDBUF, SO_RCVBUF), in words
//! a student can check against socket(7): Linux doubles the value (half is bookkeeping), applies a
//! minimum, and caps what it doubles at net.core.wmem_max / net.core.rmem_max.

use crate::event::Event;

/// Which buffer: its event name, its option, and the sysctl that caps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Buffer {
    Send,
    Receive,
}

impl Buffer {
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Buffer::Send => ("sndbuf", "SO_SNDBUF", "wmem_max"),
            Buffer::Receive => ("rcvbuf", "SO_RCVBUF", "rmem_max"),
        }
    }

    /// net.core.wmem_max or net.core.rmem_max, in bytes (None if /proc/sys cannot be read).
    pub fn cap(self) -> Option<usize> {
        let (_, _, sysctl) = self.names();
        std::fs::read_to_string(format!("/proc/sys/net/core/{sysctl}")).ok()?.trim().parse().ok()
    }
}

/// The `sndbuf` / `rcvbuf` event: what was asked, what the kernel granted, and why they differ
/// (`SO_RCVBUF: asked for 1073741824 bytes, the kernel granted 425984 (capped at net.core.rmem_max =
/// 212992, then doubled)`), with the fields `requested`, `granted` and the cap.
pub fn granted(buffer: Buffer, asked: usize, granted: usize) -> Event {
    let (name, option, sysctl) = buffer.names();
    let cap = buffer.cap();
    let why = match cap {
        Some(max) if asked > max => {
            crate::tr!("run-buffer-capped", sysctl = format!("net.core.{sysctl}"), max = max.to_string())
        }
        _ if granted == asked * 2 => crate::tr!("run-buffer-doubled"),
        _ if granted > asked * 2 => crate::tr!("run-buffer-minimum"),
        _ => String::new(),
    };
    let why = if why.is_empty() { why } else { format!(" ({why})") };
    let (asked_text, granted_text) = (asked.to_string(), granted.to_string());
    let human = crate::tr!("run-buffer-granted", option = option, asked = asked_text, granted = granted_text);
    Event::new(name, format!("{human}{why}"))
        .field("requested", asked)
        .field("granted", granted)
        .field(sysctl, cap)
}
