//! A lab's simulated machines (`[[lab.host]]`), for what one machine's loopback cannot show: seed
//! 002's question of which address a server binds (127.0.0.1, 0.0.0.0 or its own) and whether a
//! client on another machine reaches it.
//!
//! Each host is a network namespace of its own with a loopback and an `eth0` that has one address of
//! [`NETWORK`] (RFC 2544's range for network testing), joined by a veth pair to a bridge in the lab's
//! namespace (the calling thread's: [`Hosts::create`] needs a lab that already has a namespace of its
//! own). The namespaces have no route anywhere but that network, so nothing a lab does leaves them.
//! Links are made with iproute2's `ip`, started from threads placed in the right namespace.
//!
//! A process runs on a host when it is started from a thread moved into that host's namespace
//! ([`Hosts::within`]); namespaces belong to threads (setns(2)), so the lab's thread goes back to
//! its own namespace right after.

use std::io;
use std::net::Ipv4Addr;
use std::os::fd::{AsRawFd, OwnedFd};
use std::process::Command;

use nix::sched::{CloneFlags, setns};

/// The hosts' network: 198.18.0.0/24, host number i having 198.18.0.(i+1).
pub const NETWORK: (Ipv4Addr, u8) = (Ipv4Addr::new(198, 18, 0, 0), 24);

/// The bridge in the lab's namespace that the hosts' links join.
pub const BRIDGE: &str = "br-lab";

struct Host {
    name: String,
    addr: Ipv4Addr,
    namespace: OwnedFd,
}

/// The hosts of one lab run; dropping it closes the namespaces (the kernel removes each once its
/// last process is gone).
pub struct Hosts {
    hosts: Vec<Host>,
    /// The lab's own namespace, to come back to.
    home: OwnedFd,
}

impl Hosts {
    /// Makes the hosts in order. `segment_like_a_wire`: turn segmentation offload off on every link
    /// (for a capture that shows real segment sizes).
    pub fn create(names: &[String], segment_like_a_wire: bool) -> io::Result<Hosts> {
        let home = own_namespace()?;
        ip(&["link", "add", BRIDGE, "type", "bridge"])?;
        let _ = std::fs::write(format!("/proc/sys/net/ipv6/conf/{BRIDGE}/disable_ipv6"), "1");
        ip(&["link", "set", BRIDGE, "up"])?;
        let mut hosts = Vec::new();
        for (index, name) in names.iter().enumerate() {
            let addr = Ipv4Addr::from(u32::from(NETWORK.0) + index as u32 + 1);
            let namespace = new_namespace()?;
            let link = format!("vh{index}");
            let path = format!("/proc/{}/fd/{}", std::process::id(), namespace.as_raw_fd());
            ip(&["link", "add", &link, "type", "veth", "peer", "name", "eth0", "netns", &path])?;
            // IPv4 labs: without IPv6 on the links, no router or neighbour solicitations fill captures.
            let _ = std::fs::write(format!("/proc/sys/net/ipv6/conf/{link}/disable_ipv6"), "1");
            ip(&["link", "set", &link, "master", BRIDGE, "up"])?;
            if segment_like_a_wire {
                crate::capture::segment_like_a_wire(&link)?;
            }
            let cidr = format!("{addr}/{}", NETWORK.1);
            in_namespace(&namespace, &home, || {
                let _ = std::fs::write("/proc/sys/net/ipv6/conf/eth0/disable_ipv6", "1");
                ip(&["addr", "add", &cidr, "dev", "eth0"])?;
                ip(&["link", "set", "eth0", "up"])?;
                if segment_like_a_wire {
                    crate::capture::segment_like_a_wire("eth0")?;
                    crate::capture::segment_like_a_wire("lo")?;
                }
                Ok::<(), io::Error>(())
            })??;
            hosts.push(Host { name: name.clone(), addr, namespace });
        }
        Ok(Hosts { hosts, home })
    }

    /// Each host's name and address.
    pub fn addresses(&self) -> impl Iterator<Item = (String, Ipv4Addr)> + '_ {
        self.hosts.iter().map(|host| (host.name.clone(), host.addr))
    }

    /// Runs `work` with the calling thread in host `index`'s namespace (what it starts runs on that
    /// host), then moves the thread back to the lab's namespace.
    pub fn within<T>(&self, index: usize, work: impl FnOnce() -> T) -> io::Result<T> {
        in_namespace(&self.hosts[index].namespace, &self.home, work)
    }
}

fn in_namespace<T>(namespace: &OwnedFd, home: &OwnedFd, work: impl FnOnce() -> T) -> io::Result<T> {
    setns(namespace, CloneFlags::CLONE_NEWNET)
        .map_err(|err| io::Error::other(crate::tr!("run-cannot-enter-host", error = err.to_string())))?;
    let result = work();
    setns(home, CloneFlags::CLONE_NEWNET)
        .map_err(|err| io::Error::other(crate::tr!("run-cannot-leave-host", error = err.to_string())))?;
    Ok(result)
}

/// The calling thread's network namespace.
fn own_namespace() -> io::Result<OwnedFd> {
    std::fs::File::open("/proc/thread-self/ns/net").map(OwnedFd::from)
}

/// A new network namespace with its loopback up, made on a thread of its own so that the caller's
/// stays where it is.
fn new_namespace() -> io::Result<OwnedFd> {
    std::thread::spawn(|| {
        crate::sandbox::enter_private_network()?;
        own_namespace()
    })
    .join()
    .map_err(|_| io::Error::other(crate::tr!("run-host-thread-failed")))?
}

/// Runs `ip ARGS` (iproute2) in the calling thread's namespace; its error output is the error.
fn ip(args: &[&str]) -> io::Result<()> {
    let output = Command::new("ip").args(args).output().map_err(|err| {
        io::Error::new(err.kind(), crate::tr!("run-cannot-run-ip", error = err.to_string()))
    })?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    Err(io::Error::other(crate::tr!(
        "run-ip-failed",
        args = args.join(" "),
        error = stderr.trim().to_owned()
    )))
}
