//! Packet checks: what a lab asks of the packets its capture holds (labs.toml `packets = { ... }`),
//! and a reason that says what was seen when the answer is no ("expected 1 UDP datagram
//! 127.0.0.1 → 127.0.0.1:3500, saw 3").

use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, SocketAddr};

use super::packet::{ICMP_PORT_UNREACHABLE, ICMP_UNREACHABLE, Packet, Transport};
use crate::tr;

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacketKind {
    /// UDP datagrams.
    Udp,
    /// TCP segments (any flags).
    Tcp,
    /// TCP segments that open a connection: SYN without ACK.
    Syn,
    /// SYNs sent again for the same connection (same source and sequence number): the client's
    /// SYN went unanswered, e.g. because the accept queue was full (§2.5.1, RFC 6298 for the timer).
    SynRetransmission,
    /// Connections whose three-way handshake completed: SYN, SYN-ACK, ACK (RFC 9293 §3.5).
    Handshake,
    /// Connections closed with a FIN or reset with a RST, in either direction.
    Close,
    /// TCP segments with FIN: one side has no more to send (RFC 9293 §3.6).
    Fin,
    /// TCP segments with RST: a connection reset (or refused).
    Rst,
    /// ICMP "port unreachable" errors (RFC 792); `from`/`to` match the datagram they are about.
    PortUnreachable,
    /// TCP segments that carry data, for sizes: `largest` compares the largest payload (§2.5.2).
    DataSegment,
}

impl PacketKind {
    pub const NAMES: [&'static str; 10] = [
        "udp",
        "tcp",
        "syn",
        "syn-retransmission",
        "handshake",
        "close",
        "fin",
        "rst",
        "port-unreachable",
        "data-segment",
    ];

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "udp" => PacketKind::Udp,
            "tcp" => PacketKind::Tcp,
            "syn" => PacketKind::Syn,
            "syn-retransmission" => PacketKind::SynRetransmission,
            "handshake" => PacketKind::Handshake,
            "close" => PacketKind::Close,
            "fin" => PacketKind::Fin,
            "rst" => PacketKind::Rst,
            "port-unreachable" => PacketKind::PortUnreachable,
            "data-segment" => PacketKind::DataSegment,
            _ => return None,
        })
    }

    /// How `count` of them reads, without the number: `UDP datagrams`.
    fn noun(self, count: u64) -> String {
        match self {
            PacketKind::Udp => tr!("checks-packet-udp", count = count),
            PacketKind::Tcp => tr!("checks-packet-tcp", count = count),
            PacketKind::Syn => tr!("checks-packet-syn", count = count),
            PacketKind::SynRetransmission => tr!("checks-packet-syn-retransmission", count = count),
            PacketKind::Handshake => tr!("checks-packet-handshake", count = count),
            PacketKind::Close => tr!("checks-packet-close", count = count),
            PacketKind::Fin => tr!("checks-packet-fin", count = count),
            PacketKind::Rst => tr!("checks-packet-rst", count = count),
            PacketKind::PortUnreachable => tr!("checks-packet-port-unreachable", count = count),
            PacketKind::DataSegment => tr!("checks-packet-data-segment", count = count),
        }
    }
}

/// An address a check names: `IP:PORT`, `IP` (any port) or `:PORT` (any address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    pub ip: Option<IpAddr>,
    pub port: Option<u16>,
}

impl Endpoint {
    pub fn parse(text: &str) -> Result<Self, String> {
        if let Ok(addr) = text.parse::<SocketAddr>() {
            return Ok(Endpoint { ip: Some(addr.ip()), port: Some(addr.port()) });
        }
        if let Ok(ip) = text.parse::<IpAddr>() {
            return Ok(Endpoint { ip: Some(ip), port: None });
        }
        if let Some(port) = text.strip_prefix(':').and_then(|port| port.parse().ok()) {
            return Ok(Endpoint { ip: None, port: Some(port) });
        }
        Err(tr!("checks-endpoint-invalid", text = text.to_owned()))
    }

    fn matches(&self, addr: SocketAddr) -> bool {
        self.ip.is_none_or(|ip| ip == addr.ip()) && self.port.is_none_or(|port| port == addr.port())
    }
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.ip, self.port) {
            (Some(ip), Some(port)) => write!(f, "{}", SocketAddr::new(ip, port)),
            (Some(ip), None) => write!(f, "{ip}"),
            (None, Some(port)) => f.write_str(&tr!("checks-endpoint-port", port = port.to_string())),
            (None, None) => f.write_str(&tr!("checks-endpoint-anywhere")),
        }
    }
}

/// How many are wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Exactly(u64),
    AtLeast(u64),
    AtMost(u64),
    /// For `data-segment`: the largest payload is at most this many bytes.
    LargestAtMost(u64),
    /// For `data-segment`: the largest payload is at least this many bytes.
    LargestAtLeast(u64),
}

/// One packet check, its addresses already filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub kind: PacketKind,
    pub from: Option<Endpoint>,
    pub to: Option<Endpoint>,
    pub count: Count,
}

impl Condition {
    /// Judges the captured `packets`; the error is the reason.
    pub fn judge(&self, packets: &[Packet]) -> Result<(), String> {
        let direction = |from: SocketAddr, to: SocketAddr| {
            self.from.is_none_or(|end| end.matches(from)) && self.to.is_none_or(|end| end.matches(to))
        };
        let forward = |packet: &Packet| direction(packet.source(), packet.destination());
        let seen: Vec<u64> = match self.kind {
            PacketKind::Udp => count(packets, |p| matches!(p.transport, Transport::Udp { .. }) && forward(p)),
            PacketKind::Tcp => count(packets, |p| matches!(p.transport, Transport::Tcp { .. }) && forward(p)),
            PacketKind::Syn => count(packets, |p| is_syn(p) && forward(p)),
            PacketKind::SynRetransmission => {
                let mut first = BTreeSet::new();
                let again = packets
                    .iter()
                    .filter(|p| is_syn(p) && forward(p))
                    .filter(|p| {
                        let Transport::Tcp { seq, .. } = p.transport else { return false };
                        !first.insert((p.source(), p.destination(), seq))
                    })
                    .count();
                vec![again as u64]
            }
            PacketKind::Handshake => vec![handshakes(packets, &direction)],
            PacketKind::Close => vec![closes(packets, &direction)],
            PacketKind::Fin => count(packets, |p| {
                matches!(p.transport, Transport::Tcp { flags, .. } if flags.fin) && forward(p)
            }),
            PacketKind::Rst => count(packets, |p| {
                matches!(p.transport, Transport::Tcp { flags, .. } if flags.rst) && forward(p)
            }),
            PacketKind::PortUnreachable => count(packets, |p| match p.transport {
                Transport::Icmp { kind: ICMP_UNREACHABLE, code: ICMP_PORT_UNREACHABLE, about } => {
                    about.is_some_and(|(from, to)| direction(from, to))
                }
                _ => false,
            }),
            PacketKind::DataSegment => packets
                .iter()
                .filter(|p| forward(p))
                .filter_map(|p| match p.transport {
                    Transport::Tcp { payload, .. } if payload > 0 => Some(payload as u64),
                    _ => None,
                })
                .collect(),
        };
        let route = self.route();
        let total = match self.kind {
            PacketKind::DataSegment => seen.len() as u64,
            _ => seen.iter().sum(),
        };
        let noun = |n: u64| self.kind.noun(n);
        let fail = |wanted: String| {
            Err(tr!("checks-packets-expected", wanted = wanted, route = route.clone(), total = total))
        };
        match self.count {
            Count::Exactly(n) if total != n => fail(tr!("checks-packets-exactly", count = n, noun = noun(n))),
            Count::AtLeast(n) if total < n => fail(tr!("checks-packets-at-least", count = n, noun = noun(n))),
            Count::AtMost(n) if total > n => fail(tr!("checks-packets-at-most", count = n, noun = noun(n))),
            Count::LargestAtMost(n) | Count::LargestAtLeast(n) => {
                let largest = seen.iter().copied().max();
                let ok = match (self.count, largest) {
                    (Count::LargestAtMost(_), Some(largest)) => largest <= n,
                    (Count::LargestAtLeast(_), Some(largest)) => largest >= n,
                    _ => false,
                };
                match (ok, largest) {
                    (true, _) => Ok(()),
                    (false, Some(largest)) => {
                        let key_at_most = matches!(self.count, Count::LargestAtMost(_));
                        let (route, noun) = (route.clone(), noun(total));
                        Err(if key_at_most {
                            tr!(
                                "checks-largest-at-most",
                                route = route,
                                largest = largest,
                                bound = n,
                                total = total,
                                noun = noun
                            )
                        } else {
                            tr!(
                                "checks-largest-at-least",
                                route = route,
                                largest = largest,
                                bound = n,
                                total = total,
                                noun = noun
                            )
                        })
                    }
                    (false, None) => Err(tr!("checks-no-data-segment", route = route.clone())),
                }
            }
            _ => Ok(()),
        }
    }

    fn route(&self) -> String {
        match (self.from, self.to) {
            (None, None) => String::new(),
            (Some(from), None) => format!(" {}", tr!("checks-route-from", from = from.to_string())),
            (None, Some(to)) => format!(" {}", tr!("checks-route-to", to = to.to_string())),
            (Some(from), Some(to)) => format!(" {from} → {to}"),
        }
    }
}

fn count(packets: &[Packet], wanted: impl Fn(&Packet) -> bool) -> Vec<u64> {
    vec![packets.iter().filter(|p| wanted(p)).count() as u64]
}

fn is_syn(packet: &Packet) -> bool {
    matches!(packet.transport, Transport::Tcp { flags, .. } if flags.syn && !flags.ack)
}

/// Connections (client, server) whose client sent a SYN, got a SYN-ACK and acknowledged it.
fn handshakes(packets: &[Packet], direction: &impl Fn(SocketAddr, SocketAddr) -> bool) -> u64 {
    #[derive(Default)]
    struct Progress {
        syn: bool,
        syn_ack: bool,
        done: bool,
    }
    let mut connections: BTreeMap<(SocketAddr, SocketAddr), Progress> = BTreeMap::new();
    for packet in packets {
        let Transport::Tcp { flags, .. } = packet.transport else { continue };
        let (from, to) = (packet.source(), packet.destination());
        if flags.syn && !flags.ack && direction(from, to) {
            connections.insert((from, to), Progress { syn: true, ..Progress::default() });
        } else if flags.syn && flags.ack {
            if let Some(progress) = connections.get_mut(&(to, from)) {
                progress.syn_ack = progress.syn;
            }
        } else if flags.ack && !flags.rst {
            if let Some(progress) = connections.get_mut(&(from, to)) {
                progress.done |= progress.syn_ack;
            }
        }
    }
    connections.values().filter(|progress| progress.done).count() as u64
}

/// Connections client → server that a FIN or RST ended, from either side.
fn closes(packets: &[Packet], direction: &impl Fn(SocketAddr, SocketAddr) -> bool) -> u64 {
    let mut closed = BTreeSet::new();
    for packet in packets {
        let Transport::Tcp { flags, .. } = packet.transport else { continue };
        if !(flags.fin || flags.rst) {
            continue;
        }
        let (from, to) = (packet.source(), packet.destination());
        if direction(from, to) {
            closed.insert((from, to));
        } else if direction(to, from) {
            closed.insert((to, from));
        }
    }
    closed.len() as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::packet::TcpFlags;
    use std::time::Duration;

    const CLIENT: &str = "127.0.0.1:40000";
    const SERVER: &str = "127.0.0.1:3500";

    fn packet(from: &str, to: &str, transport: Transport) -> Packet {
        let (from, to): (SocketAddr, SocketAddr) = (from.parse().unwrap(), to.parse().unwrap());
        Packet {
            time: Duration::ZERO,
            src: from.ip(),
            dst: to.ip(),
            src_port: from.port(),
            dst_port: to.port(),
            transport,
            length: 60,
        }
    }

    fn tcp(from: &str, to: &str, flags: &str, seq: u32, payload: usize) -> Packet {
        let flags = TcpFlags {
            syn: flags.contains('S'),
            ack: flags.contains('A'),
            fin: flags.contains('F'),
            rst: flags.contains('R'),
            psh: false,
        };
        packet(from, to, Transport::Tcp { flags, seq, payload })
    }

    fn condition(kind: PacketKind, to: Option<&str>, count: Count) -> Condition {
        Condition { kind, from: None, to: to.map(|to| Endpoint::parse(to).unwrap()), count }
    }

    #[test]
    fn datagrams_are_counted_by_direction_with_a_reason_that_says_what_was_seen() {
        let packets: Vec<Packet> =
            (0..3).map(|_| packet(CLIENT, SERVER, Transport::Udp { payload: 4 })).collect();
        let check = condition(PacketKind::Udp, Some(SERVER), Count::Exactly(1));
        assert_eq!(check.judge(&packets).unwrap_err(), "expected 1 UDP datagram to 127.0.0.1:3500, saw 3");
        assert!(condition(PacketKind::Udp, Some(SERVER), Count::Exactly(3)).judge(&packets).is_ok());
        assert!(condition(PacketKind::Udp, Some(":9"), Count::Exactly(0)).judge(&packets).is_ok());
        let from_server = Condition { from: Some(Endpoint::parse(SERVER).unwrap()), to: None, ..check };
        assert!(from_server.judge(&packets).unwrap_err().ends_with("from 127.0.0.1:3500, saw 0"));
    }

    #[test]
    fn a_packet_reason_reads_in_the_run_language() {
        let packets: Vec<Packet> =
            (0..3).map(|_| packet(CLIENT, SERVER, Transport::Udp { payload: 4 })).collect();
        let es = crate::i18n::Lang::parse("es").unwrap();
        let reason = |count| {
            let check = condition(PacketKind::Udp, Some(SERVER), count);
            crate::i18n::with_lang(&es, || check.judge(&packets).unwrap_err())
        };
        assert_eq!(
            reason(Count::Exactly(1)),
            "se esperaba 1 datagrama UDP hacia 127.0.0.1:3500; se vieron 3"
        );
        assert_eq!(
            reason(Count::AtLeast(5)),
            "se esperaba al menos 5 datagramas UDP hacia 127.0.0.1:3500; se vieron 3"
        );
    }

    #[test]
    fn a_handshake_needs_all_three_steps_and_a_close_a_fin_or_rst() {
        let mut packets = vec![tcp(CLIENT, SERVER, "S", 7, 0), tcp(SERVER, CLIENT, "SA", 9, 0)];
        let handshake = condition(PacketKind::Handshake, Some(SERVER), Count::Exactly(1));
        assert_eq!(
            handshake.judge(&packets).unwrap_err(),
            "expected 1 completed three-way handshake to 127.0.0.1:3500, saw 0"
        );
        packets.push(tcp(CLIENT, SERVER, "A", 8, 0));
        assert!(handshake.judge(&packets).is_ok());
        let close = condition(PacketKind::Close, Some(SERVER), Count::Exactly(1));
        assert!(close.judge(&packets).is_err());
        packets.push(tcp(SERVER, CLIENT, "R", 10, 0));
        assert!(close.judge(&packets).is_ok());
    }

    #[test]
    fn a_syn_sent_again_with_the_same_sequence_number_is_a_retransmission() {
        let packets = vec![
            tcp(CLIENT, SERVER, "S", 7, 0),
            tcp(CLIENT, SERVER, "S", 7, 0),
            tcp("127.0.0.1:40001", SERVER, "S", 100, 0),
        ];
        let check = condition(PacketKind::SynRetransmission, Some(SERVER), Count::Exactly(1));
        assert!(check.judge(&packets).is_ok());
        assert!(condition(PacketKind::Syn, Some(SERVER), Count::Exactly(3)).judge(&packets).is_ok());
    }

    #[test]
    fn segment_sizes_compare_the_largest_payload() {
        let packets = vec![tcp(CLIENT, SERVER, "A", 1, 536), tcp(CLIENT, SERVER, "A", 537, 1448)];
        let check = condition(PacketKind::DataSegment, Some(SERVER), Count::LargestAtMost(536));
        assert_eq!(
            check.judge(&packets).unwrap_err(),
            "the largest TCP segment to 127.0.0.1:3500 carried 1448 bytes of data (expected at most 536), in 2 TCP segments with data"
        );
        assert!(
            condition(PacketKind::DataSegment, Some(SERVER), Count::LargestAtLeast(1000))
                .judge(&packets)
                .is_ok()
        );
    }

    #[test]
    fn a_port_unreachable_matches_the_datagram_it_is_about() {
        let icmp = packet(
            "127.0.0.1:0",
            "127.0.0.1:0",
            Transport::Icmp {
                kind: ICMP_UNREACHABLE,
                code: ICMP_PORT_UNREACHABLE,
                about: Some((CLIENT.parse().unwrap(), SERVER.parse().unwrap())),
            },
        );
        let check = condition(PacketKind::PortUnreachable, Some(SERVER), Count::AtLeast(1));
        assert!(check.judge(std::slice::from_ref(&icmp)).is_ok());
        assert_eq!(
            check.judge(&[]).unwrap_err(),
            "expected at least 1 ICMP port unreachable to 127.0.0.1:3500, saw 0"
        );
    }

    #[test]
    fn endpoints_are_ip_port_ip_or_port() {
        assert_eq!(Endpoint::parse(":3500").unwrap().to_string(), "port 3500");
        assert_eq!(Endpoint::parse("127.0.0.1").unwrap().to_string(), "127.0.0.1");
        assert!(Endpoint::parse("localhost:3500").is_err());
    }
}
