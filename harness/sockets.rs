//! Which sockets a process holds, read from /proc the way guide §1.3.2 and §2.3.2 do by hand with
//! `netstat -aunp` and `ps`: the socket inodes in /proc/PID/fd, matched against the tables in
//! /proc/PID/net/{udp,udp6,tcp,tcp6} (read through the process, so they are those of its network
//! namespace). Used both to wait for a server to be ready and to check that it listens.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use crate::model::Proto;

/// TCP_LISTEN in /proc/net/tcp's `st` column.
const TCP_LISTEN: &str = "0A";
/// An unconnected UDP socket (TCP_CLOSE in the kernel's numbering): bound and receiving from anyone.
const UDP_UNCONNECTED: &str = "07";

/// Whether `pid` or one of its descendants listens on `addr` (TCP) or is bound to it (UDP, not connected).
/// A socket bound to the wildcard address with the same port counts too.
pub fn is_listening(pid: i32, proto: Proto, addr: SocketAddr) -> bool {
    serves(&addresses_for(pid, proto, addr), addr)
}

/// Whether one of the `bound` local addresses receives what is sent to `addr`: the same address, or
/// the wildcard address with the same port.
pub fn serves(bound: &[SocketAddr], addr: SocketAddr) -> bool {
    bound.iter().any(|local| *local == addr || (local.port() == addr.port() && local.ip().is_unspecified()))
}

/// The local addresses `pid` listens on (TCP) or is bound to (UDP, not connected) when one of them
/// serves `addr`; otherwise those of `pid` and all its descendants. A server usually holds its socket
/// itself, and its own descriptors are much quicker to read than the whole process tree.
pub fn addresses_for(pid: i32, proto: Proto, addr: SocketAddr) -> Vec<SocketAddr> {
    let own = bound_by(pid, &[pid], proto);
    if serves(&own, addr) {
        return own;
    }
    let mut family = crate::procs::descendants(pid);
    family.push(pid);
    bound_by(pid, &family, proto)
}

/// `Udp: NoPorts` of the calling thread's network namespace (/proc/thread-self/net/snmp): datagrams
/// that arrived for a port no socket was bound to (and were answered with ICMP port unreachable).
pub fn udp_no_ports() -> Option<u64> {
    let snmp = std::fs::read_to_string("/proc/thread-self/net/snmp").ok()?;
    let mut udp = snmp.lines().filter(|line| line.starts_with("Udp:"));
    let (names, values) = (udp.next()?, udp.next()?);
    let column = names.split_whitespace().position(|name| name == "NoPorts")?;
    values.split_whitespace().nth(column)?.parse().ok()
}

/// What `pid`'s descendants serve, in words: `udp 127.0.0.1:3500`, `tcp 0.0.0.0:8080`.
pub fn served_by_descendants(pid: i32) -> Vec<String> {
    let family = crate::procs::descendants(pid);
    [Proto::Udp, Proto::Tcp]
        .into_iter()
        .flat_map(|proto| {
            bound_by(pid, &family, proto).into_iter().map(move |addr| format!("{} {addr}", proto.name()))
        })
        .collect()
}

/// The local addresses of the sockets `members` listen on or are bound to, in the network namespace
/// of `pid`: asked of the sockets themselves when the kernel allows it ([`bound_directly`]), else
/// read from /proc/PID/net.
fn bound_by(pid: i32, members: &[i32], proto: Proto) -> Vec<SocketAddr> {
    let direct: Option<Vec<Vec<SocketAddr>>> =
        members.iter().map(|member| bound_directly(*member, proto)).collect();
    if let Some(direct) = direct {
        let mut found: Vec<SocketAddr> = direct.into_iter().flatten().collect();
        found.sort();
        found.dedup();
        return found;
    }
    bound_in_tables(pid, members, proto)
}

/// The local addresses of `pid`'s own sockets that listen (TCP) or are bound and not connected
/// (UDP), asked of each socket: a copy of its descriptor (pidfd_getfd(2), Linux 5.6) answers
/// getsockname(2) and SO_ACCEPTCONN, with no walk of the kernel's socket tables (which is what reading
/// /proc/PID/net/tcp costs, whatever the namespace holds). `None` when the kernel or the permissions
/// do not allow it (ptrace access to the process is needed); an ended process has none.
pub fn bound_directly(pid: i32, proto: Proto) -> Option<Vec<SocketAddr>> {
    use std::os::fd::{FromRawFd, OwnedFd};
    let Ok(entries) = std::fs::read_dir(format!("/proc/{pid}/fd")) else { return Some(Vec::new()) };
    let sockets: Vec<i32> = entries
        .flatten()
        .filter(|entry| {
            std::fs::read_link(entry.path())
                .is_ok_and(|target| target.to_string_lossy().starts_with("socket:"))
        })
        .filter_map(|entry| entry.file_name().to_str()?.parse().ok())
        .collect();
    if sockets.is_empty() {
        return Some(Vec::new());
    }
    // SAFETY: pidfd_open takes a pid and flags and returns a new descriptor or -1.
    let pidfd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    if pidfd < 0 {
        return match std::io::Error::last_os_error().raw_os_error() {
            Some(libc::ESRCH) => Some(Vec::new()),
            _ => None,
        };
    }
    // SAFETY: a new descriptor that nothing else owns.
    let pidfd = unsafe { OwnedFd::from_raw_fd(pidfd as i32) };
    let mut found = Vec::new();
    for fd in sockets {
        // SAFETY: pidfd_getfd takes a pidfd, a descriptor number of that process and flags, and returns
        // a new descriptor or -1.
        let copy =
            unsafe { libc::syscall(libc::SYS_pidfd_getfd, std::os::fd::AsRawFd::as_raw_fd(&pidfd), fd, 0) };
        if copy < 0 {
            match std::io::Error::last_os_error().raw_os_error() {
                // Closed meanwhile, or the process ended.
                Some(libc::EBADF | libc::ESRCH) => continue,
                _ => return None,
            }
        }
        // SAFETY: a new descriptor that nothing else owns; dropping it does not affect the original.
        let copy = unsafe { OwnedFd::from_raw_fd(copy as i32) };
        let socket = socket2::SockRef::from(&copy);
        let wanted = match proto {
            Proto::Tcp => {
                socket.r#type().ok() == Some(socket2::Type::STREAM) && socket.is_listener().unwrap_or(false)
            }
            Proto::Udp => socket.r#type().ok() == Some(socket2::Type::DGRAM) && socket.peer_addr().is_err(),
        };
        let Some(local) =
            wanted.then(|| socket.local_addr().ok()).flatten().and_then(|addr| addr.as_socket())
        else {
            continue;
        };
        if local.port() != 0 {
            found.push(SocketAddr::new(local.ip().to_canonical(), local.port()));
        }
    }
    Some(found)
}

/// [`bound_by`] from /proc/PID/net/{tcp,udp}{,6}.
fn bound_in_tables(pid: i32, members: &[i32], proto: Proto) -> Vec<SocketAddr> {
    let inodes: HashSet<u64> = members.iter().flat_map(|member| socket_inodes(*member)).collect();
    if inodes.is_empty() {
        return Vec::new();
    }
    let (table, state) = match proto {
        Proto::Tcp => ("tcp", TCP_LISTEN),
        Proto::Udp => ("udp", UDP_UNCONNECTED),
    };
    let mut found: Vec<SocketAddr> = [table.to_owned(), format!("{table}6")]
        .iter()
        .filter_map(|file| std::fs::read_to_string(format!("/proc/{pid}/net/{file}")).ok())
        .flat_map(|text| text.lines().skip(1).filter_map(parse_row).collect::<Vec<_>>())
        .filter(|row| row.state == state && inodes.contains(&row.inode))
        .map(|row| row.local)
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The inodes of the sockets process `pid` has open.
pub fn socket_inodes(pid: i32) -> HashSet<u64> {
    let Ok(entries) = std::fs::read_dir(format!("/proc/{pid}/fd")) else { return HashSet::new() };
    entries
        .flatten()
        .filter_map(|entry| std::fs::read_link(entry.path()).ok())
        .filter_map(|target| {
            let target = target.to_string_lossy().into_owned();
            target.strip_prefix("socket:[")?.strip_suffix(']')?.parse().ok()
        })
        .collect()
}

struct Row {
    local: SocketAddr,
    state: String,
    inode: u64,
}

fn parse_row(line: &str) -> Option<Row> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let local = parse_hex_addr(fields.get(1)?)?;
    Some(Row { local, state: fields.get(3)?.to_string(), inode: fields.get(9)?.parse().ok()? })
}

/// `0100007F:0DAC` → 127.0.0.1:3500. The kernel prints each 32-bit word of the address as it lies in
/// memory, read as a native integer, and the port in host order.
fn parse_hex_addr(text: &str) -> Option<SocketAddr> {
    let (ip, port) = text.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    let ip: IpAddr = match ip.len() {
        8 => Ipv4Addr::from(u32::from_str_radix(ip, 16).ok()?.to_ne_bytes()).into(),
        32 => {
            let mut bytes = [0u8; 16];
            for (word, chunk) in bytes.chunks_mut(4).enumerate() {
                let value = u32::from_str_radix(&ip[word * 8..word * 8 + 8], 16).ok()?;
                chunk.copy_from_slice(&value.to_ne_bytes());
            }
            Ipv6Addr::from(bytes).into()
        }
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sockets_asked_directly_agree_with_the_tables() {
        let udp = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let connected_udp = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        connected_udp.connect(udp.local_addr().unwrap()).unwrap();
        let me = std::process::id() as i32;
        let Some(tcp) = bound_directly(me, Proto::Tcp) else {
            eprintln!(
                "SKIPPED sockets_asked_directly_agree_with_the_tables: pidfd_getfd is not allowed here"
            );
            return;
        };
        let udp_bound = bound_directly(me, Proto::Udp).unwrap();
        assert!(tcp.contains(&listener.local_addr().unwrap()), "{tcp:?}");
        assert!(!tcp.contains(&client.local_addr().unwrap()), "a connected socket does not listen: {tcp:?}");
        assert!(udp_bound.contains(&udp.local_addr().unwrap()), "{udp_bound:?}");
        assert!(!udp_bound.contains(&connected_udp.local_addr().unwrap()), "{udp_bound:?}");
        let tables = bound_in_tables(me, &[me], Proto::Tcp);
        assert!(tables.contains(&listener.local_addr().unwrap()), "{tables:?}");
        assert!(bound_directly(i32::MAX - 1, Proto::Tcp).is_none_or(|found| found.is_empty()));
    }

    #[test]
    fn proc_net_addresses_decode() {
        if cfg!(target_endian = "little") {
            assert_eq!(parse_hex_addr("0100007F:0DAC"), Some("127.0.0.1:3500".parse().unwrap()));
            assert_eq!(
                parse_hex_addr("00000000000000000000000001000000:0050"),
                Some("[::1]:80".parse().unwrap())
            );
        }
    }

    #[test]
    fn a_bound_udp_socket_of_this_process_is_seen() {
        let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let addr = socket.local_addr().unwrap();
        let me = std::process::id() as i32;
        assert!(is_listening(me, Proto::Udp, addr));
        assert!(!is_listening(me, Proto::Tcp, addr));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        assert!(is_listening(me, Proto::Tcp, listener.local_addr().unwrap()));
    }
}
