//! `lan host`: seed 000's `Host` as a process. It registers its simulated address with the switch,
//! sends a packet for each line typed on stdin, and says of each packet it gets whether it was for it
//! ("received …") or not ("rejected: my address is X, the packet is for Y"), as the seed's
//! `received()` does.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr, UdpSocket};
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use rand::seq::IteratorRandom;
use serde_json::Value;
use socklab::cli::EXIT_OK;
use socklab::event::{Event, Events, printable};
use socklab::i18n::Said;
use socklab::shutdown::Shutdown;
use socklab::{said, tr};

use crate::datagram;
use crate::lines::{self, Input, LineReader};
use crate::personal::{self, Forbidden};
use crate::wire::{Kind, Message, Packet};

pub struct HostOptions {
    pub name: String,
    pub addr: Ipv4Addr,
    pub switch: SocketAddr,
    pub bind: SocketAddr,
    pub kind: Kind,
    pub forbidden: Forbidden,
    pub allow_non_text: bool,
    /// Keep receiving after the end of input, until stopped.
    pub stay: bool,
    /// How long registration may take.
    pub timeout: Duration,
    pub max_datagram: usize,
}

struct Host {
    socket: UdpSocket,
    options: HostOptions,
    events: Events,
    /// The other hosts: address → name (unknown for those the switch listed at registration).
    known: BTreeMap<Ipv4Addr, Option<String>>,
}

pub fn run(options: HostOptions, events: Events) -> Result<u8> {
    let shutdown = Shutdown::install().with_context(|| tr!("lan-cannot-install-signals"))?;
    let socket = UdpSocket::bind(options.bind)
        .with_context(|| tr!("lan-cannot-bind", addr = options.bind.to_string()))?;
    // Connected: only the switch's datagrams arrive, and an absent switch shows as "refused".
    socket
        .connect(options.switch)
        .with_context(|| tr!("lan-cannot-reach-switch", switch = options.switch.to_string()))?;
    let mut host = Host { socket, options, events, known: BTreeMap::new() };
    let hosts = host.register(&shutdown)?;
    let Some(hosts) = hosts else { return Ok(EXIT_OK) };
    host.known = hosts.into_iter().map(|addr| (addr, None)).collect();
    let (name, addr, switch) = (&host.options.name, host.options.addr, host.options.switch);
    let knows = match host.known.keys().map(Ipv4Addr::to_string).collect::<Vec<_>>().join(", ") {
        list if list.is_empty() => tr!("lan-no-other-host"),
        list => tr!("lan-other-hosts", list = list),
    };
    host.events.emit(
        Event::new(
            "registered",
            tr!(
                "lan-host-registered",
                name = name.clone(),
                addr = addr.to_string(),
                switch = switch.to_string(),
                knows = knows
            ),
        )
        .field("name", name.clone())
        .field("addr", addr.to_string())
        .field("switch", switch.to_string())
        .field("hosts", host.known.keys().map(Ipv4Addr::to_string).collect::<Vec<_>>()),
    );
    host.serve(&shutdown)?;
    host.leave(&shutdown)?;
    Ok(EXIT_OK)
}

impl Host {
    /// Registers, resending the request four times within the timeout (a datagram can be lost). The
    /// other hosts' addresses, or `None` when a stop came first.
    fn register(&mut self, shutdown: &Shutdown) -> Result<Option<Vec<Ipv4Addr>>> {
        let request = Message::Register { name: self.options.name.clone(), addr: self.options.addr }.encode();
        let deadline = Instant::now() + self.options.timeout;
        let resend = self.options.timeout / 4;
        let mut buffer = vec![0u8; self.options.max_datagram + 1];
        let switch = self.options.switch;
        loop {
            self.socket
                .send(&request)
                .with_context(|| tr!("lan-cannot-send-switch", switch = switch.to_string()))?;
            let until = (Instant::now() + resend).min(deadline);
            while let Some(left) = until.checked_duration_since(Instant::now()).filter(|left| !left.is_zero())
            {
                if !self.wait(shutdown, left)? {
                    return Ok(None);
                }
                let Some(bytes) = self.receive(&mut buffer)? else { continue };
                match Message::decode(&bytes) {
                    Ok(Message::Registered { addr, hosts }) if addr == self.options.addr => {
                        return Ok(Some(hosts));
                    }
                    Ok(Message::Error { reason }) => {
                        bail!(tr!("lan-registration-refused", switch = switch.to_string(), reason = reason))
                    }
                    _ => {}
                }
            }
            if Instant::now() >= deadline {
                bail!(tr!(
                    "lan-no-answer",
                    switch = switch.to_string(),
                    timeout = format!("{:?}", self.options.timeout)
                ));
            }
        }
    }

    /// Waits for a datagram (true) or a stop (false), at most `timeout`.
    fn wait(&self, shutdown: &Shutdown, timeout: Duration) -> Result<bool> {
        let wake = socklab::wait::wait_for(&self.socket, PollFlags::POLLIN, shutdown, Some(timeout))?;
        Ok(wake != socklab::wait::Wake::Stop)
    }

    /// The next datagram, if one is there; a refused send shows here as "no switch".
    fn receive(&self, buffer: &mut [u8]) -> Result<Option<Vec<u8>>> {
        match datagram::receive(&self.socket, buffer) {
            Ok(received) if received.length > self.options.max_datagram => {
                let limit = self.options.max_datagram;
                self.events.warn(said!("lan-datagram-too-large", length = received.length, limit = limit));
                Ok(None)
            }
            Ok(received) => Ok(Some(buffer[..received.length].to_vec())),
            Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => Ok(None),
            Err(err) if err.kind() == std::io::ErrorKind::ConnectionRefused => {
                bail!(tr!("lan-no-switch", switch = self.options.switch.to_string()))
            }
            Err(err) => Err(err).with_context(|| tr!("lan-cannot-receive")),
        }
    }

    fn serve(&mut self, shutdown: &Shutdown) -> Result<()> {
        let stdin = std::io::stdin();
        let mut reader = LineReader::new(self.options.max_datagram);
        let mut buffer = vec![0u8; self.options.max_datagram + 1];
        loop {
            if shutdown.requested() {
                // What the switch already delivered is handled before the host goes.
                while let Ok(Some(bytes)) = self.receive(&mut buffer) {
                    self.handle(&bytes);
                }
                return Ok(());
            }
            if reader.at_eof && !self.options.stay {
                return Ok(());
            }
            let (socket_ready, stdin_ready) = {
                let mut fds = vec![
                    PollFd::new(self.socket.as_fd(), PollFlags::POLLIN),
                    PollFd::new(shutdown.fd(), PollFlags::POLLIN),
                ];
                if !reader.at_eof {
                    fds.push(PollFd::new(stdin.as_fd(), PollFlags::POLLIN));
                }
                match poll(&mut fds, PollTimeout::NONE) {
                    Err(Errno::EINTR) => continue,
                    Err(err) => return Err(err).with_context(|| tr!("lan-poll-failed")),
                    Ok(_) => {}
                }
                let ready = |fd: &PollFd| fd.any().unwrap_or(false);
                (ready(&fds[0]), fds.get(2).is_some_and(ready))
            };
            if socket_ready {
                match self.receive(&mut buffer) {
                    Ok(Some(bytes)) => self.handle(&bytes),
                    Ok(None) => {}
                    // The switch went away: say so, keep going (it may come back on the same port).
                    Err(err) => self.events.warn(format!("{err:#}")),
                }
            }
            if stdin_ready {
                for input in reader.read(stdin.as_fd()).with_context(|| tr!("lan-cannot-read-stdin"))? {
                    self.typed(input);
                }
            }
        }
    }

    fn typed(&mut self, input: Input) {
        let line = match input {
            Input::Line(line) => line,
            Input::NotText => {
                return self.events.warn(said!("lan-line-not-text"));
            }
            Input::TooLong => {
                let limit = self.options.max_datagram;
                return self.events.warn(said!("lan-line-too-long", limit = limit));
            }
        };
        let allow = self.options.allow_non_text;
        let outgoing = match lines::parse(&line, allow) {
            Ok(Some(outgoing)) => outgoing,
            Ok(None) => return,
            // Read again for the reason in English too (the --json event's).
            Err(_) => {
                let reason = || lines::parse(&line, allow).err().unwrap_or_default();
                return self.events.warn(Said::by(|| tr!("lan-line-ignored", reason = reason())));
            }
        };
        let random = outgoing.dst.is_none();
        let dst = match outgoing.dst {
            Some(dst) => dst,
            None => match self.known.keys().choose(&mut rand::thread_rng()) {
                Some(dst) => *dst,
                None => {
                    return self.events.warn(said!("lan-line-no-host"));
                }
            },
        };
        let options = &self.options;
        let packet = personal::build(options.kind, options.addr, dst, outgoing.data, &options.forbidden);
        let bytes = Message::Packet(packet.clone()).encode();
        if bytes.len() > options.max_datagram {
            let limit = options.max_datagram;
            return self.events.warn(said!("lan-line-packet-too-large", size = bytes.len(), limit = limit));
        }
        if let Err(err) = self.socket.send(&bytes) {
            return self.events.warn(said!(
                "lan-cannot-send-switch-error",
                switch = options.switch.to_string(),
                error = err.to_string()
            ));
        }
        let (dst_text, data) = (dst.to_string(), shown(&packet.data));
        let text = if random {
            tr!("lan-sent-random", dst = dst_text, data = data, flags = flags(&packet))
        } else {
            tr!("lan-sent", dst = dst_text, data = data, flags = flags(&packet))
        };
        self.events.emit(packet_fields(Event::new("sent", text), &packet).field("random", random));
    }

    fn handle(&mut self, bytes: &[u8]) {
        let message = match Message::decode(bytes) {
            Ok(message) => message,
            Err(reason) => return self.bad(said!("lan-bad-message", reason = reason)),
        };
        match message {
            Message::Packet(packet) if packet.dst == self.options.addr => {
                let text = tr!(
                    "lan-received",
                    src = packet.src.to_string(),
                    data = shown(&packet.data),
                    flags = flags(&packet)
                );
                self.events.emit(packet_fields(Event::new("received", text), &packet));
            }
            Message::Packet(packet) => {
                let (addr, dst) = (self.options.addr, packet.dst);
                let text = tr!("lan-host-rejected", addr = addr.to_string(), dst = dst.to_string());
                self.events.emit(
                    Event::new("rejected", text)
                        .field("addr", addr.to_string())
                        .field("src", packet.src.to_string())
                        .field("dst", dst.to_string()),
                );
            }
            Message::Joined { name, addr } => {
                self.events.emit(
                    Event::new("joined", tr!("lan-joined", name = name.clone(), addr = addr.to_string()))
                        .field("name", name.clone())
                        .field("addr", addr.to_string()),
                );
                self.known.insert(addr, Some(name));
            }
            Message::Left { name, addr } => {
                self.known.remove(&addr);
                self.events.emit(
                    Event::new("left", tr!("lan-left", name = name.clone(), addr = addr.to_string()))
                        .field("name", name)
                        .field("addr", addr.to_string()),
                );
            }
            Message::Error { reason } => {
                self.events.emit(
                    Event::new("switch_error", tr!("lan-switch-says", reason = reason.clone()))
                        .field("reason", reason),
                );
            }
            // A late answer to a resent registration.
            Message::Registered { .. } => {}
            other => self.bad(said!("lan-for-switches", kind = format!("{:?}", other.type_name()))),
        }
    }

    /// A datagram the host cannot use: the reason in the reader's language, and in English for JSON.
    fn bad(&self, reason: Said) {
        self.events.emit(
            Event::new("bad_packet", tr!("lan-ignored-datagram", reason = reason.shown))
                .field("reason", reason.english),
        );
    }

    /// Tells the switch this host is gone, so that its address can be registered again. After the end
    /// of input it waits (at most the timeout) for the switch's `left` answer, which comes after its
    /// answers to every packet sent before: an error about the last line is still shown.
    fn leave(&mut self, shutdown: &Shutdown) -> Result<()> {
        let (addr, name) = (self.options.addr, self.options.name.clone());
        let _ = self.socket.send(&Message::Leave.encode());
        let deadline = Instant::now() + self.options.timeout;
        let mut buffer = vec![0u8; self.options.max_datagram + 1];
        let mut confirmed = false;
        while let Some(left) = deadline.checked_duration_since(Instant::now()).filter(|left| !left.is_zero())
        {
            if !self.wait(shutdown, left)? {
                break;
            }
            match self.receive(&mut buffer) {
                Ok(Some(bytes)) => match Message::decode(&bytes) {
                    Ok(Message::Left { addr: gone, .. }) if gone == addr => {
                        confirmed = true;
                        break;
                    }
                    _ => self.handle(&bytes),
                },
                Ok(None) => {}
                Err(_) => break,
            }
        }
        let text = if confirmed {
            tr!("lan-left-network", name = name.clone(), addr = addr.to_string())
        } else {
            tr!("lan-left-network-unconfirmed", name = name.clone(), addr = addr.to_string())
        };
        self.events.emit(
            Event::new("left", text)
                .field("name", name)
                .field("addr", addr.to_string())
                .field("confirmed", confirmed),
        );
        Ok(())
    }
}

fn packet_fields(event: Event, packet: &Packet) -> Event {
    event
        .field("src", packet.src.to_string())
        .field("dst", packet.dst.to_string())
        .field("kind", packet.kind.as_str())
        .field("data", packet.data.clone())
        .field("broken", packet.broken)
        .field("danger", packet.danger)
}

/// Data for a terminal: text as it is (control characters escaped), anything else as JSON.
fn shown(data: &Value) -> String {
    match data {
        Value::String(text) => printable(text.as_bytes()),
        other => other.to_string(),
    }
}

/// The personal packet's flags after its data: ` [broken: not text]`, or nothing.
fn flags(packet: &Packet) -> String {
    match (packet.broken, packet.danger) {
        (true, _) => format!(" {}", tr!("lan-flag-broken")),
        (false, true) => format!(" {}", tr!("lan-flag-danger")),
        (false, false) => String::new(),
    }
}
