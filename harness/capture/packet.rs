//! A captured packet as the checks and the list view see it: time, addresses, protocol, TCP flags and
//! sizes, decoded from the Ethernet frame with the `etherparse` crate.

use std::fmt;
use std::fs::File;
use std::io::{self, BufReader};
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::time::Duration;

use etherparse::{Icmpv4Type, LaxNetSlice, LaxSlicedPacket, TransportSlice};
use pcap_file::pcap::PcapReader;

/// What a packet carried above IP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transport {
    Udp {
        /// Bytes of the datagram's payload (from its length field: a cut packet keeps its size).
        payload: usize,
    },
    Tcp {
        flags: TcpFlags,
        seq: u32,
        /// Bytes of the segment's payload.
        payload: usize,
    },
    Icmp {
        kind: u8,
        code: u8,
        /// For an error (unreachable...), the UDP/TCP addresses of the packet it is about.
        about: Option<(SocketAddr, SocketAddr)>,
    },
    /// Another IP protocol, by number.
    Other(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TcpFlags {
    pub syn: bool,
    pub ack: bool,
    pub fin: bool,
    pub rst: bool,
    pub psh: bool,
}

impl fmt::Display for TcpFlags {
    /// The way a packet analyser lists them: `SYN, ACK`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> =
            [(self.syn, "SYN"), (self.fin, "FIN"), (self.rst, "RST"), (self.psh, "PSH"), (self.ack, "ACK")]
                .into_iter()
                .filter_map(|(set, name)| set.then_some(name))
                .collect();
        write!(f, "{}", names.join(", "))
    }
}

/// ICMP destination unreachable (RFC 792) and its "port unreachable" code.
pub const ICMP_UNREACHABLE: u8 = 3;
pub const ICMP_PORT_UNREACHABLE: u8 = 3;

/// One IP packet of a capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    /// Since the first packet of the capture.
    pub time: Duration,
    pub src: IpAddr,
    pub dst: IpAddr,
    /// Ports for UDP and TCP; 0 otherwise.
    pub src_port: u16,
    pub dst_port: u16,
    pub transport: Transport,
    /// Bytes of the frame on the wire.
    pub length: u32,
}

impl Packet {
    pub fn source(&self) -> SocketAddr {
        SocketAddr::new(self.src, self.src_port)
    }

    pub fn destination(&self) -> SocketAddr {
        SocketAddr::new(self.dst, self.dst_port)
    }

    pub fn protocol(&self) -> &'static str {
        match self.transport {
            Transport::Udp { .. } => "UDP",
            Transport::Tcp { .. } => "TCP",
            Transport::Icmp { .. } => "ICMP",
            Transport::Other(_) => "IP",
        }
    }
}

impl fmt::Display for Packet {
    /// One line, like a packet analyser's list view:
    /// `0.000412 127.0.0.1:41000 → 127.0.0.1:3500 TCP [SYN] seq=1234 len=0 (74 bytes)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let time = self.time.as_secs_f64();
        match &self.transport {
            Transport::Udp { payload } => {
                write!(f, "{time:.6} {} → {} UDP len={payload}", self.source(), self.destination())?
            }
            Transport::Tcp { flags, seq, payload } => write!(
                f,
                "{time:.6} {} → {} TCP [{flags}] seq={seq} len={payload}",
                self.source(),
                self.destination()
            )?,
            Transport::Icmp { kind, code, about } => {
                let what = match (*kind, *code) {
                    (ICMP_UNREACHABLE, ICMP_PORT_UNREACHABLE) => {
                        "destination unreachable (port unreachable)".to_owned()
                    }
                    (ICMP_UNREACHABLE, code) => format!("destination unreachable (code {code})"),
                    (0, _) => "echo reply".to_owned(),
                    (8, _) => "echo request".to_owned(),
                    (kind, code) => format!("type {kind} code {code}"),
                };
                write!(f, "{time:.6} {} → {} ICMP {what}", self.src, self.dst)?;
                if let Some((from, to)) = about {
                    write!(f, " for {from} → {to}")?;
                }
            }
            Transport::Other(58) => write!(f, "{time:.6} {} → {} ICMPv6", self.src, self.dst)?,
            Transport::Other(number) => {
                write!(f, "{time:.6} {} → {} IP protocol {number}", self.src, self.dst)?
            }
        }
        write!(f, " ({} bytes)", self.length)
    }
}

/// Reads a capture file: its IP packets in order (ARP and other frames are left out).
///
/// Errors: the file cannot be read or is not a pcap file.
pub fn read(path: &Path) -> io::Result<Vec<Packet>> {
    let file = File::open(path).map_err(|err| {
        let error = crate::tr!("run-cannot-open", path = path.display().to_string(), error = err.to_string());
        io::Error::new(err.kind(), error)
    })?;
    let mut reader = PcapReader::new(BufReader::new(file)).map_err(|err| {
        io::Error::other(crate::tr!(
            "run-not-pcap",
            path = path.display().to_string(),
            error = err.to_string()
        ))
    })?;
    let nanos = reader.header().ts_resolution == pcap_file::TsResolution::NanoSecond;
    let mut packets = Vec::new();
    let mut first = None;
    // Raw records: pcap-file's checked ones refuse a packet cut by the snap length (orig_len greater
    // than the snap length), which is exactly what a small --snaplen makes, and what tcpdump writes.
    while let Some(record) = reader.next_raw_packet() {
        let record = record.map_err(|err| io::Error::other(format!("{}: {err}", path.display())))?;
        let fraction = if nanos { record.ts_frac } else { record.ts_frac.saturating_mul(1000) };
        let timestamp = Duration::new(u64::from(record.ts_sec), fraction.min(999_999_999));
        let start = *first.get_or_insert(timestamp);
        if let Some(packet) = decode(&record.data, timestamp.saturating_sub(start), record.orig_len) {
            packets.push(packet);
        }
    }
    Ok(packets)
}

/// Decodes one Ethernet frame; `None` when it holds no IP packet.
pub fn decode(frame: &[u8], time: Duration, length: u32) -> Option<Packet> {
    let sliced = LaxSlicedPacket::from_ethernet(frame).ok()?;
    let (src, dst, protocol, ip_payload) = match sliced.net? {
        LaxNetSlice::Ipv4(ip) => {
            let header = ip.header();
            let payload = usize::from(header.total_len()).saturating_sub(usize::from(header.ihl()) * 4);
            (
                IpAddr::V4(header.source_addr()),
                IpAddr::V4(header.destination_addr()),
                header.protocol().0,
                payload,
            )
        }
        LaxNetSlice::Ipv6(ip) => {
            let header = ip.header();
            let payload = usize::from(header.payload_length());
            let number = ip.payload().ip_number.0;
            (IpAddr::V6(header.source_addr()), IpAddr::V6(header.destination_addr()), number, payload)
        }
        LaxNetSlice::Arp(_) => return None,
    };
    let mut packet =
        Packet { time, src, dst, src_port: 0, dst_port: 0, transport: Transport::Other(protocol), length };
    match sliced.transport {
        Some(TransportSlice::Udp(udp)) => {
            packet.src_port = udp.source_port();
            packet.dst_port = udp.destination_port();
            packet.transport = Transport::Udp { payload: usize::from(udp.length()).saturating_sub(8) };
        }
        Some(TransportSlice::Tcp(tcp)) => {
            packet.src_port = tcp.source_port();
            packet.dst_port = tcp.destination_port();
            let flags =
                TcpFlags { syn: tcp.syn(), ack: tcp.ack(), fin: tcp.fin(), rst: tcp.rst(), psh: tcp.psh() };
            let payload = ip_payload.saturating_sub(usize::from(tcp.data_offset()) * 4);
            packet.transport = Transport::Tcp { flags, seq: tcp.sequence_number(), payload };
        }
        Some(TransportSlice::Icmpv4(icmp)) => {
            let (kind, code) = (icmp.type_u8(), icmp.code_u8());
            let about = match icmp.icmp_type() {
                Icmpv4Type::DestinationUnreachable(_) => quoted(icmp.payload()),
                _ => None,
            };
            packet.transport = Transport::Icmp { kind, code, about };
        }
        _ => {}
    }
    Some(packet)
}

/// The UDP or TCP addresses of the packet an ICMP error quotes (its IP header and 8 bytes more).
fn quoted(payload: &[u8]) -> Option<(SocketAddr, SocketAddr)> {
    let ip = etherparse::Ipv4HeaderSlice::from_slice(payload).ok()?;
    let rest = payload.get(ip.slice().len()..)?;
    let ports = rest.get(..4)?;
    let (src_port, dst_port) =
        (u16::from_be_bytes([ports[0], ports[1]]), u16::from_be_bytes([ports[2], ports[3]]));
    Some((
        SocketAddr::new(IpAddr::V4(ip.source_addr()), src_port),
        SocketAddr::new(IpAddr::V4(ip.destination_addr()), dst_port),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use etherparse::PacketBuilder;

    fn frame(build: impl FnOnce(etherparse::PacketBuilderStep<etherparse::IpHeaders>) -> Vec<u8>) -> Vec<u8> {
        build(PacketBuilder::ethernet2([0; 6], [0; 6]).ipv4([127, 0, 0, 1], [127, 0, 0, 1], 64))
    }

    #[test]
    fn a_udp_datagram_and_a_tcp_syn_are_decoded_and_listed() {
        let udp = frame(|b| {
            let b = b.udp(40000, 3500);
            let mut out = Vec::new();
            b.write(&mut out, b"hola").unwrap();
            out
        });
        let packet = decode(&udp, Duration::from_micros(412), udp.len() as u32).unwrap();
        assert_eq!(packet.transport, Transport::Udp { payload: 4 });
        assert_eq!(packet.to_string(), "0.000412 127.0.0.1:40000 → 127.0.0.1:3500 UDP len=4 (46 bytes)");
        let syn = frame(|b| {
            let b = b.tcp(41000, 3500, 1234, 65535).syn();
            let mut out = Vec::new();
            b.write(&mut out, &[]).unwrap();
            out
        });
        let packet = decode(&syn, Duration::ZERO, syn.len() as u32).unwrap();
        assert_eq!(
            packet.to_string(),
            "0.000000 127.0.0.1:41000 → 127.0.0.1:3500 TCP [SYN] seq=1234 len=0 (54 bytes)"
        );
    }

    #[test]
    fn a_port_unreachable_names_the_datagram_it_is_about() {
        let datagram = frame(|b| {
            let b = b.udp(40000, 3500);
            let mut out = Vec::new();
            b.write(&mut out, b"hola").unwrap();
            out
        });
        let quoted_part = datagram[14..14 + 28].to_vec();
        let icmp = frame(|b| {
            let b =
                b.icmpv4(Icmpv4Type::DestinationUnreachable(etherparse::icmpv4::DestUnreachableHeader::Port));
            let mut out = Vec::new();
            b.write(&mut out, &quoted_part).unwrap();
            out
        });
        let packet = decode(&icmp, Duration::ZERO, icmp.len() as u32).unwrap();
        assert_eq!(
            packet.transport,
            Transport::Icmp {
                kind: ICMP_UNREACHABLE,
                code: ICMP_PORT_UNREACHABLE,
                about: Some(("127.0.0.1:40000".parse().unwrap(), "127.0.0.1:3500".parse().unwrap()))
            }
        );
        assert!(packet.to_string().contains(
            "ICMP destination unreachable (port unreachable) for 127.0.0.1:40000 → 127.0.0.1:3500"
        ));
    }

    #[test]
    fn frames_without_ip_are_left_out() {
        assert_eq!(decode(&[0u8; 10], Duration::ZERO, 10), None);
        let mut arp = vec![0u8; 12];
        arp.extend_from_slice(&[0x08, 0x06]);
        arp.extend_from_slice(&[0u8; 28]);
        assert_eq!(decode(&arp, Duration::ZERO, 42), None);
    }
}
