//! Free ports for `{port}` placeholders.
//!
//! The harness binds port 0 on 127.0.0.1 (UDP, then TCP on the same number), reads the port the kernel
//! chose and closes both sockets. Between that close and the lab's server binding the port, another
//! program could take it: the race is tiny but real. Two things absorb it: a port is never handed out
//! twice in one run (so parallel labs never clash with each other), and a lab whose server fails with
//! "Address already in use" is played once more with fresh ports (see [`crate::lab`]).

use std::collections::HashSet;
use std::io;
use std::net::{Ipv4Addr, TcpListener, UdpSocket};
use std::sync::{LazyLock, Mutex};

static HANDED_OUT: LazyLock<Mutex<HashSet<u16>>> = LazyLock::new(Default::default);

/// How many ports to try before giving up (a port free for UDP may be taken for TCP).
const ATTEMPTS: usize = 100;

/// A port free for both UDP and TCP on loopback, never returned before by this process.
pub fn pick_free_port() -> io::Result<u16> {
    for _ in 0..ATTEMPTS {
        let udp = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0))?;
        let port = udp.local_addr()?.port();
        if TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_err() {
            continue;
        }
        if HANDED_OUT.lock().unwrap_or_else(|e| e.into_inner()).insert(port) {
            return Ok(port);
        }
    }
    Err(io::Error::new(io::ErrorKind::AddrInUse, crate::tr!("run-no-free-port")))
}
