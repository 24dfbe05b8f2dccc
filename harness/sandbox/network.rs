//! A private network per lab run: a new network namespace holding only a loopback interface.
//!
//! Namespaces belong to threads: after [`enter_private_network`], every process the calling thread
//! starts, and every socket it opens, lives in the new namespace. Two hundred submissions can then
//! all bind 127.0.0.1:3500 at once, each on its own loopback. Creating a network namespace needs
//! CAP_SYS_ADMIN (root); other users fall back to running such labs one at a time.

use std::io;
use std::os::fd::AsRawFd;

use nix::sched::{CloneFlags, unshare};
use socket2::{Domain, Socket, Type};

/// Moves the calling thread into a new network namespace and brings its loopback up.
pub fn enter_private_network() -> io::Result<()> {
    unshare(CloneFlags::CLONE_NEWNET).map_err(|errno| {
        io::Error::new(
            io::Error::from(errno).kind(),
            format!("cannot create a network namespace ({errno}); run as root to isolate labs"),
        )
    })?;
    bring_loopback_up()
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
        if libc::ioctl(socket.as_raw_fd(), libc::SIOCGIFFLAGS, &mut request) < 0 {
            return Err(io::Error::last_os_error());
        }
        request.ifr_ifru.ifru_flags |= (libc::IFF_UP | libc::IFF_RUNNING) as libc::c_short;
        if libc::ioctl(socket.as_raw_fd(), libc::SIOCSIFFLAGS, &request) < 0 {
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
