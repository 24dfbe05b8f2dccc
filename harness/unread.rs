//! How many bytes the server has not read yet from a connection, seen from the client's side.
//!
//! The kernel lists every TCP socket of the network namespace in /proc/net/tcp and /proc/net/tcp6,
//! with `rx_queue`: the bytes received and not yet read by the program (tcp(7), "/proc interfaces";
//! proc(5)). The server's end of our connection is the entry whose local address is the server's
//! and whose remote address is ours. When the server runs in the same namespace (always in a lab),
//! this tells the client, without any timing guess, that the server has read what was sent so far:
//! a recv() of 4 bytes then really returns the 2 that were there.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::os::fd::{AsRawFd, BorrowedFd};
use std::time::{Duration, Instant};

/// The server's unread bytes on the connection `client` → `server`; `None` if no such socket is in
/// this namespace (the server is elsewhere) or /proc cannot be read.
pub fn server_unread(client: SocketAddr, server: SocketAddr) -> Option<u64> {
    let table = if server.is_ipv4() { "/proc/net/tcp" } else { "/proc/net/tcp6" };
    let text = std::fs::read_to_string(table).ok()?;
    find(&text, server, client)
}

/// Waits until the server's receive queue on this connection is empty: `Some(true)` once it is,
/// `Some(false)` if it is not within `timeout`, `None` if it cannot be seen (the server is in
/// another network namespace; a short pause stands in then).
pub fn wait_until_read(local: SocketAddr, server: SocketAddr, timeout: Duration) -> Option<bool> {
    let deadline = Instant::now() + timeout;
    loop {
        match server_unread(local, server) {
            Some(0) => return Some(true),
            Some(_) if Instant::now() >= deadline => return Some(false),
            Some(_) => std::thread::sleep(Duration::from_millis(1)),
            None => {
                std::thread::sleep(Duration::from_millis(100));
                return None;
            }
        }
    }
}
/// How many bytes wait in `fd`'s own receive queue (ioctl FIONREAD, a.k.a. SIOCINQ; tcp(7)).
pub fn queued(fd: BorrowedFd<'_>) -> io::Result<usize> {
    let mut count: libc::c_int = 0;
    // SAFETY: FIONREAD writes one int through the pointer, which points at `count`.
    if unsafe { libc::ioctl(fd.as_raw_fd(), libc::FIONREAD, &mut count) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(usize::try_from(count).unwrap_or(0))
}

/// Waits until no more bytes have arrived in `fd`'s receive queue for `quiet` (the sender stopped:
/// done, or blocked on a full window); the bytes queued then. At most `limit` in all.
pub fn wait_until_quiet(fd: BorrowedFd<'_>, quiet: Duration, limit: Duration) -> io::Result<usize> {
    let deadline = Instant::now() + limit;
    let mut last = queued(fd)?;
    let mut since = Instant::now();
    while since.elapsed() < quiet && Instant::now() < deadline {
        std::thread::sleep(quiet.min(Duration::from_millis(10)));
        let now = queued(fd)?;
        if now != last {
            (last, since) = (now, Instant::now());
        }
    }
    Ok(last)
}

/// The `rx_queue` of the row whose local address is `local` and remote address `remote`.
fn find(table: &str, local: SocketAddr, remote: SocketAddr) -> Option<u64> {
    table.lines().skip(1).find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (row_local, row_remote, queues) = (fields.get(1)?, fields.get(2)?, fields.get(4)?);
        if parse_addr(row_local)? != local || parse_addr(row_remote)? != remote {
            return None;
        }
        u64::from_str_radix(queues.split_once(':')?.1, 16).ok()
    })
}

/// `0100007F:1388` (IPv4) or 32 hex digits and a port (IPv6): each 32-bit word of the address is
/// printed as a number in the machine's byte order, the port in hexadecimal.
fn parse_addr(text: &str) -> Option<SocketAddr> {
    let (addr, port) = text.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    let word = |at: usize| addr.get(at..at + 8).and_then(|hex| u32::from_str_radix(hex, 16).ok());
    let ip = match addr.len() {
        8 => IpAddr::V4(Ipv4Addr::from(word(0)?.to_ne_bytes())),
        32 => {
            let mut bytes = [0u8; 16];
            for (index, chunk) in bytes.chunks_mut(4).enumerate() {
                chunk.copy_from_slice(&word(index * 8)?.to_ne_bytes());
            }
            IpAddr::V6(Ipv6Addr::from(bytes))
        }
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};

    use super::*;

    #[test]
    fn a_row_of_the_table_reads_as_addresses_and_queues() {
        let table = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid\n   \
                     0: 0100007F:1388 0100007F:9C40 01 00000000:00000002 00:00000000 00000000     0\n";
        let server: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let client: SocketAddr = "127.0.0.1:40000".parse().unwrap();
        if cfg!(target_endian = "little") {
            assert_eq!(find(table, server, client), Some(2));
            assert_eq!(find(table, client, server), None);
        }
    }

    #[test]
    fn the_queue_of_a_real_connection_empties_when_the_server_reads() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let server_addr = listener.local_addr().unwrap();
        let mut client = TcpStream::connect(server_addr).unwrap();
        let (mut served, _) = listener.accept().unwrap();
        let client_addr = client.local_addr().unwrap();
        client.write_all(b"ab").unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while server_unread(client_addr, server_addr) != Some(2) {
            assert!(std::time::Instant::now() < deadline, "the 2 bytes never showed as unread");
            std::thread::yield_now();
        }
        let mut two = [0u8; 2];
        served.read_exact(&mut two).unwrap();
        assert_eq!(server_unread(client_addr, server_addr), Some(0));
    }
}
