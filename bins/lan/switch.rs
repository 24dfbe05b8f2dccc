//! `lan switch`: seed 000's `Switch`, a process that forwards packets between host processes by their
//! destination address. Its table (address → host) fills as hosts register, like the seed's
//! dictionary; `--drop` makes it the seed's filtering switch, `--hub` floods every packet instead.

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr, UdpSocket};

use anyhow::{Context, Result};
use nix::poll::PollFlags;
use socklab::cli::EXIT_OK;
use socklab::event::{Event, Events};
use socklab::i18n::Said;
use socklab::shutdown::Shutdown;
use socklab::wait::{Wake, wait_for};
use socklab::{said, tr};

use crate::datagram;
use crate::wire::{Message, Packet, check_host_addr};

pub struct SwitchOptions {
    pub bind: SocketAddr,
    /// Addresses whose packets are discarded (the seed's host 3).
    pub drop: Vec<Ipv4Addr>,
    pub hub: bool,
    pub max_hosts: usize,
    pub max_datagram: usize,
}

struct Host {
    name: String,
    socket: SocketAddr,
}

#[derive(Default)]
struct Counters {
    forwarded: u64,
    discarded: u64,
    rejected: u64,
}

struct Switch {
    socket: UdpSocket,
    options: SwitchOptions,
    events: Events,
    table: HashMap<Ipv4Addr, Host>,
    by_socket: HashMap<SocketAddr, Ipv4Addr>,
    counters: Counters,
}

pub fn run(options: SwitchOptions, events: Events) -> Result<u8> {
    let shutdown = Shutdown::install().with_context(|| tr!("lan-cannot-install-signals"))?;
    let socket = UdpSocket::bind(options.bind)
        .with_context(|| tr!("lan-cannot-bind", addr = options.bind.to_string()))?;
    let local = socket.local_addr()?;
    let role = if options.hub { "hub" } else { "switch" };
    let filtering = match options.drop.as_slice() {
        [] => String::new(),
        drop => format!(" (discarding every packet for {})", list(drop)),
    };
    events.emit(
        Event::new("listening", format!("{role} listening on udp {local}{filtering}"))
            .field("proto", "udp")
            .field("addr", local.to_string())
            .field("mode", role)
            .field("drop", options.drop.iter().map(Ipv4Addr::to_string).collect::<Vec<_>>()),
    );
    let mut switch = Switch {
        socket,
        options,
        events,
        table: HashMap::new(),
        by_socket: HashMap::new(),
        counters: Counters::default(),
    };
    let mut buffer = vec![0u8; switch.options.max_datagram + 1];
    loop {
        match wait_for(&switch.socket, PollFlags::POLLIN, &shutdown, None)? {
            Wake::Stop => break,
            Wake::Ready | Wake::TimedOut => {}
        }
        match datagram::receive(&switch.socket, &mut buffer) {
            Ok(received) => {
                let kept = received.length.min(buffer.len());
                switch.handle(received.from, received.length, &buffer[..kept]);
            }
            // A host that went away makes the next receive report ICMP port unreachable; not ours.
            Err(err) if err.kind() == std::io::ErrorKind::ConnectionRefused => {}
            Err(err)
                if matches!(err.kind(), std::io::ErrorKind::Interrupted | std::io::ErrorKind::WouldBlock) => {
            }
            Err(err) => switch.events.warn(said!("lan-receive-failed", error = err.to_string())),
        }
    }
    let Counters { forwarded, discarded, rejected } = switch.counters;
    switch.events.emit(
        Event::new(
            "stopped",
            tr!(
                "lan-stopped",
                forwarded = forwarded,
                discarded = discarded,
                rejected = rejected,
                hosts = switch.table.len()
            ),
        )
        .field("forwarded", forwarded)
        .field("discarded", discarded)
        .field("rejected", rejected)
        .field("hosts", switch.table.len()),
    );
    Ok(EXIT_OK)
}

fn list(addrs: &[Ipv4Addr]) -> String {
    addrs.iter().map(Ipv4Addr::to_string).collect::<Vec<_>>().join(", ")
}

impl Switch {
    fn handle(&mut self, from: SocketAddr, length: usize, bytes: &[u8]) {
        if length > self.options.max_datagram {
            let limit = self.options.max_datagram;
            return self.reject(from, said!("lan-datagram-over-limit", length = length, limit = limit));
        }
        let message = match Message::decode(bytes) {
            Ok(message) => message,
            Err(reason) => return self.reject(from, said!("lan-bad-message", reason = reason)),
        };
        match message {
            Message::Register { name, addr } => self.register(from, name, addr),
            Message::Leave => self.leave(from),
            Message::Packet(packet) => self.packet(from, packet, bytes),
            other => {
                let reason = said!("lan-for-hosts", kind = format!("{:?}", other.type_name()));
                // An error is never answered with an error: two switches must not bounce them for ever.
                if matches!(other, Message::Error { .. }) {
                    self.log_rejection(from, &reason);
                } else {
                    self.reject(from, reason);
                }
            }
        }
    }

    fn register(&mut self, from: SocketAddr, name: String, addr: Ipv4Addr) {
        if check_host_addr(addr).is_err() {
            let reason = || check_host_addr(addr).err().unwrap_or_default();
            return self.reject(
                from,
                Said::by(|| tr!("lan-cannot-register", name = name.clone(), reason = reason())),
            );
        }
        if let Some(current) = self.by_socket.get(&from) {
            let host = &self.table[current];
            if *current == addr && host.name == name {
                // A repeated registration (the host resent it): answer again, change nothing.
                let hosts = self.others(addr);
                return self.send(from, &Message::Registered { addr, hosts });
            }
            let reason = said!(
                "lan-socket-registered",
                name = name.clone(),
                addr = addr.to_string(),
                registered = host.name.clone(),
                current = current.to_string()
            );
            return self.reject(from, reason);
        }
        if let Some(owner) = self.table.get(&addr) {
            let reason = said!(
                "lan-addr-taken",
                name = name.clone(),
                addr = addr.to_string(),
                owner = owner.name.clone()
            );
            return self.reject(from, reason);
        }
        if let Some((owner, _)) = self.table.iter().find(|(_, host)| host.name == name) {
            let reason = said!(
                "lan-name-taken",
                name = name.clone(),
                addr = addr.to_string(),
                owner = owner.to_string()
            );
            return self.reject(from, reason);
        }
        if self.table.len() >= self.options.max_hosts {
            let reason = said!(
                "lan-switch-full",
                name = name.clone(),
                addr = addr.to_string(),
                max = self.options.max_hosts
            );
            return self.reject(from, reason);
        }
        let hosts = self.others(addr);
        self.table.insert(addr, Host { name: name.clone(), socket: from });
        self.by_socket.insert(from, addr);
        self.events.emit(
            Event::new(
                "registered",
                tr!(
                    "lan-switch-registered",
                    name = name.clone(),
                    addr = addr.to_string(),
                    from = from.to_string()
                ),
            )
            .field("name", name.clone())
            .field("addr", addr.to_string())
            .field("from", from.to_string()),
        );
        self.send(from, &Message::Registered { addr, hosts });
        self.announce(addr, &Message::Joined { name, addr });
    }

    fn leave(&mut self, from: SocketAddr) {
        let Some(addr) = self.by_socket.remove(&from) else {
            return self.reject(from, said!("lan-leave-unregistered"));
        };
        let host = self.table.remove(&addr).expect("both tables hold every host");
        self.events.emit(
            Event::new("left", tr!("lan-left", name = host.name.clone(), addr = addr.to_string()))
                .field("name", host.name.clone())
                .field("addr", addr.to_string()),
        );
        // The leaving host gets it too: it tells that host every earlier answer has arrived.
        let left = Message::Left { name: host.name, addr };
        self.announce(addr, &left);
        self.send(from, &left);
    }

    fn packet(&mut self, from: SocketAddr, packet: Packet, bytes: &[u8]) {
        let Some(&registered) = self.by_socket.get(&from) else {
            return self.reject(from, said!("lan-packet-unregistered", from = from.to_string()));
        };
        if packet.src != registered {
            let reason = said!(
                "lan-packet-wrong-source",
                src = packet.src.to_string(),
                registered = registered.to_string()
            );
            return self.reject(from, reason);
        }
        let (src, dst) = (packet.src, packet.dst);
        let fields = |event: Event| {
            event
                .field("src", src.to_string())
                .field("dst", dst.to_string())
                .field("kind", packet.kind.as_str())
        };
        if self.options.drop.contains(&dst) {
            self.counters.discarded += 1;
            let event =
                Event::new("discarded", tr!("lan-discarded", src = src.to_string(), dst = dst.to_string()));
            return self.events.emit(fields(event).field("reason", "filtered"));
        }
        if self.options.hub {
            let to: Vec<(Ipv4Addr, SocketAddr)> = self
                .table
                .iter()
                .filter(|(addr, _)| **addr != src)
                .map(|(addr, host)| (*addr, host.socket))
                .collect();
            for (_, socket) in &to {
                self.send_bytes(*socket, bytes);
            }
            self.counters.forwarded += 1;
            let mut addrs: Vec<Ipv4Addr> = to.iter().map(|(addr, _)| *addr).collect();
            addrs.sort();
            let event = Event::new(
                "flooded",
                tr!("lan-flooded", src = src.to_string(), dst = dst.to_string(), count = addrs.len()),
            );
            let to: Vec<String> = addrs.iter().map(Ipv4Addr::to_string).collect();
            return self.events.emit(fields(event).field("to", to).field("bytes", bytes.len()));
        }
        let Some(host) = self.table.get(&dst) else {
            return self.reject(from, said!("lan-no-such-host", dst = dst.to_string()));
        };
        let socket = host.socket;
        self.send_bytes(socket, bytes);
        self.counters.forwarded += 1;
        let event = Event::new(
            "forwarded",
            tr!("lan-forwarded", src = src.to_string(), dst = dst.to_string(), bytes = bytes.len()),
        );
        self.events.emit(fields(event).field("bytes", bytes.len()));
    }

    /// The other hosts' addresses, sorted.
    fn others(&self, addr: Ipv4Addr) -> Vec<Ipv4Addr> {
        let mut hosts: Vec<Ipv4Addr> = self.table.keys().copied().filter(|other| *other != addr).collect();
        hosts.sort();
        hosts
    }

    fn announce(&self, except: Ipv4Addr, message: &Message) {
        let bytes = message.encode();
        for (addr, host) in &self.table {
            if *addr != except {
                self.send_bytes(host.socket, &bytes);
            }
        }
    }

    /// Logs the rejection (in the reader's language) and tells the sender why (in English: the
    /// reason is part of the protocol, like the JSON event's).
    fn reject(&mut self, from: SocketAddr, reason: Said) {
        self.log_rejection(from, &reason);
        self.send(from, &Message::Error { reason: reason.english });
    }

    fn log_rejection(&mut self, from: SocketAddr, reason: &Said) {
        self.counters.rejected += 1;
        self.events.emit(
            Event::new(
                "rejected",
                tr!("lan-switch-rejected", from = from.to_string(), reason = reason.shown.clone()),
            )
            .field("from", from.to_string())
            .field("reason", reason.english.clone()),
        );
    }

    fn send(&self, to: SocketAddr, message: &Message) {
        self.send_bytes(to, &message.encode());
    }

    fn send_bytes(&self, to: SocketAddr, bytes: &[u8]) {
        if let Err(err) = self.socket.send_to(bytes, to) {
            self.events.warn(said!("lan-cannot-send-to", to = to.to_string(), error = err.to_string()));
        }
    }
}
