//! A private network per lab run: a new network namespace holding only a loopback interface.
//!
//! Namespaces belong to threads: after [`enter_private_network`], every process the calling thread
//! starts, and every socket it opens, lives in the new namespace. Two hundred submissions can then
//! all bind 127.0.0.1:3500 at once, each on its own loopback. Creating a network namespace needs
//! CAP_SYS_ADMIN (root); other users fall back to running such labs one at a time.
//!
//! A new namespace shares the machine's TCP and UDP hash tables unless its parent asks otherwise, and
//! reading /proc/net/tcp walks every bucket of them (262144 for TCP here): the readiness checks that
//! read it every few milliseconds spent most of a grading's CPU there. So lab namespaces are made
//! inside one intermediate namespace whose `tcp_child_ehash_entries` and `udp_child_hash_entries`
//! (ip-sysctl.rst, Linux 6.1 and 6.2) give each of them small tables of its own.

use std::io;
use std::os::fd::AsRawFd;

use nix::sched::{CloneFlags, unshare};
use socket2::{Domain, Socket, Type};

/// Moves the calling thread into a new network namespace and brings its loopback up.
pub fn enter_private_network() -> io::Result<()> {
    if let Some(parent) = small_tables_parent() {
        // Without it the namespace is only slower to inspect: no reason to fail.
        let _ = nix::sched::setns(parent, CloneFlags::CLONE_NEWNET);
    }
    unshare(CloneFlags::CLONE_NEWNET).map_err(|errno| {
        io::Error::new(
            io::Error::from(errno).kind(),
            crate::tr!("run-no-network-namespace", error = errno.to_string()),
        )
    })?;
    bring_loopback_up()
}

/// Hash buckets of each lab namespace's own tables: far more than a lab's few sockets need.
const TCP_BUCKETS: &str = "1024";
const UDP_BUCKETS: &str = "256";

/// The namespace lab namespaces are made in (see the module's documentation), made once; `None` when
/// it cannot be made or the kernel has no per-namespace tables.
fn small_tables_parent() -> Option<&'static std::os::fd::OwnedFd> {
    static PARENT: std::sync::OnceLock<Option<std::os::fd::OwnedFd>> = std::sync::OnceLock::new();
    PARENT
        .get_or_init(|| {
            std::thread::spawn(|| {
                unshare(CloneFlags::CLONE_NEWNET).ok()?;
                std::fs::write("/proc/sys/net/ipv4/tcp_child_ehash_entries", TCP_BUCKETS).ok()?;
                let _ = std::fs::write("/proc/sys/net/ipv4/udp_child_hash_entries", UDP_BUCKETS);
                std::fs::File::open("/proc/thread-self/ns/net").ok().map(std::os::fd::OwnedFd::from)
            })
            .join()
            .ok()
            .flatten()
        })
        .as_ref()
}

/// Whether this process may create network namespaces; tried on a throwaway thread.
pub fn private_network_available() -> bool {
    std::thread::spawn(|| enter_private_network().is_ok()).join().unwrap_or(false)
}

/// `ip link set lo up`, with the SIOCSIFFLAGS ioctl. The kernel gives a new namespace's loopback its
/// 127.0.0.1/8 and ::1 addresses as soon as it is up.
fn bring_loopback_up() -> io::Result<()> {
    let socket = Socket::new(Domain::IPV4, Type::DGRAM, None)?;
    // SAFETY: ifreq is plain old data; all-zero is a valid value.
    let mut request: libc::ifreq = unsafe { std::mem::zeroed() };
    for (slot, byte) in request.ifr_name.iter_mut().zip(b"lo\0") {
        *slot = *byte as libc::c_char;
    }
    // SAFETY: the ioctls read and write the ifreq we pass, which outlives the calls.
    unsafe {
        if libc::ioctl(socket.as_raw_fd(), libc::SIOCGIFFLAGS as _, &mut request) < 0 {
            return Err(io::Error::last_os_error());
        }
        request.ifr_ifru.ifru_flags |= (libc::IFF_UP | libc::IFF_RUNNING) as libc::c_short;
        if libc::ioctl(socket.as_raw_fd(), libc::SIOCSIFFLAGS as _, &request) < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::UdpSocket;

    #[test]
    fn a_private_network_has_small_socket_tables_of_its_own() {
        if !private_network_available() {
            eprintln!(
                "SKIPPED a_private_network_has_small_socket_tables_of_its_own: no network namespaces (not root)"
            );
            return;
        }
        let buckets = std::thread::spawn(|| {
            enter_private_network().unwrap();
            std::fs::read_to_string("/proc/sys/net/ipv4/tcp_ehash_entries").ok()
        })
        .join()
        .unwrap();
        match buckets {
            // Negative: shared with the machine's namespace (a kernel before 6.1 has no such file).
            Some(buckets) => assert_eq!(buckets.trim(), TCP_BUCKETS, "the lab's TCP table"),
            None => eprintln!(
                "SKIPPED a_private_network_has_small_socket_tables_of_its_own: no per-namespace tables"
            ),
        }
    }

    #[test]
    fn two_private_networks_can_bind_the_same_fixed_port() {
        if !private_network_available() {
            eprintln!(
                "SKIPPED two_private_networks_can_bind_the_same_fixed_port: no network namespaces (not root)"
            );
            return;
        }
        let bind_in_private_network = || {
            std::thread::spawn(|| {
                enter_private_network().unwrap();
                let first = UdpSocket::bind("127.0.0.1:3500").unwrap();
                let second = UdpSocket::bind("127.0.0.2:0").unwrap();
                second.send_to(b"hola", "127.0.0.1:3500").unwrap();
                let mut buffer = [0u8; 8];
                first.set_read_timeout(Some(std::time::Duration::from_secs(5))).unwrap();
                let (n, from) = first.recv_from(&mut buffer).unwrap();
                (buffer[..n].to_vec(), from.ip().to_string(), first)
            })
        };
        let (a, b) = (bind_in_private_network(), bind_in_private_network());
        let (a, b) = (a.join().unwrap(), b.join().unwrap());
        assert_eq!(a.0, b"hola");
        assert_eq!(b.1, "127.0.0.2");
    }
}
