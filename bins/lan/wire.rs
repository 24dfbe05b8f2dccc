//! What travels between the processes of the simulated LAN: one JSON object per UDP datagram, either
//! a packet (seed 000's `BasePacket` and `PersonalPacket`) or a control message of the switch's
//! registration protocol. docs/PROTOCOL.md ("The LAN protocol") is the same description for students.
//!
//! The simulated addresses (`192.168.0.1`) are fields of these messages only: every process has a
//! real loopback socket, and the switch's table maps a simulated address to that socket.

use std::net::Ipv4Addr;

use serde_json::{Map, Value, json};
use socklab::tr;

/// The largest datagram any LAN process accepts by default (bytes of JSON): far more than a line of
/// text needs, far less than the 65507 bytes UDP allows, so that a peer cannot make a process hold
/// large buffers.
pub const DEFAULT_MAX_DATAGRAM: usize = 8192;

/// Seed 000's two packet classes: `PersonalPacket` adds the `broken` and `danger` flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Base,
    Personal,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Base => "base",
            Kind::Personal => "personal",
        }
    }
}

/// A packet from one simulated host to another.
#[derive(Debug, Clone, PartialEq)]
pub struct Packet {
    pub kind: Kind,
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
    /// Text for every packet a host builds from a typed line; any JSON value on the wire.
    pub data: Value,
    /// Personal packets only: `data` is not text.
    pub broken: bool,
    /// Personal packets only: the text holds a forbidden word.
    pub danger: bool,
}

/// Every message of the protocol.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// Host → switch: take me into your table.
    Register {
        name: String,
        addr: Ipv4Addr,
    },
    /// Switch → host: you are in; these are the other hosts' addresses.
    Registered {
        addr: Ipv4Addr,
        hosts: Vec<Ipv4Addr>,
    },
    /// Switch → every other host: a host registered.
    Joined {
        name: String,
        addr: Ipv4Addr,
    },
    /// Host → switch: take me out of your table.
    Leave,
    /// Switch → every other host: a host left.
    Left {
        name: String,
        addr: Ipv4Addr,
    },
    /// Switch → host: what it could not do with that host's last datagram.
    Error {
        reason: String,
    },
    Packet(Packet),
}

impl Message {
    /// The datagram for this message.
    pub fn encode(&self) -> Vec<u8> {
        let value = match self {
            Message::Register { name, addr } => {
                json!({"type": "register", "name": name, "addr": addr.to_string()})
            }
            Message::Registered { addr, hosts } => json!({
                "type": "registered",
                "addr": addr.to_string(),
                "hosts": hosts.iter().map(Ipv4Addr::to_string).collect::<Vec<_>>(),
            }),
            Message::Joined { name, addr } => {
                json!({"type": "joined", "name": name, "addr": addr.to_string()})
            }
            Message::Leave => json!({"type": "leave"}),
            Message::Left { name, addr } => json!({"type": "left", "name": name, "addr": addr.to_string()}),
            Message::Error { reason } => json!({"type": "error", "reason": reason}),
            Message::Packet(packet) => {
                let mut value = json!({
                    "type": "packet",
                    "kind": packet.kind.as_str(),
                    "src": packet.src.to_string(),
                    "dst": packet.dst.to_string(),
                    "data": packet.data,
                });
                if packet.kind == Kind::Personal {
                    value["broken"] = packet.broken.into();
                    value["danger"] = packet.danger.into();
                }
                value
            }
        };
        value.to_string().into_bytes()
    }

    /// Reads a datagram. The error says what is wrong with it, for a log line:
    /// `field "dst" is not an IPv4 address: "192.168.0.300"`.
    pub fn decode(datagram: &[u8]) -> Result<Message, String> {
        let text = std::str::from_utf8(datagram).map_err(|_| "not UTF-8 text".to_owned())?;
        let value: Value = serde_json::from_str(text).map_err(|err| format!("not JSON ({err})"))?;
        let Value::Object(object) = value else {
            return Err("not a JSON object".to_owned());
        };
        let fields = Fields(&object);
        match fields.text("type")? {
            "register" => Ok(Message::Register { name: fields.name()?, addr: fields.addr("addr")? }),
            "registered" => {
                let hosts = match object.get("hosts") {
                    Some(Value::Array(items)) => items
                        .iter()
                        .map(|item| item.as_str().and_then(|text| text.parse().ok()))
                        .collect::<Option<Vec<Ipv4Addr>>>()
                        .ok_or("field \"hosts\" is not a list of IPv4 addresses")?,
                    _ => return Err("field \"hosts\" is missing or not a list".to_owned()),
                };
                Ok(Message::Registered { addr: fields.addr("addr")?, hosts })
            }
            "joined" => Ok(Message::Joined { name: fields.name()?, addr: fields.addr("addr")? }),
            "leave" => Ok(Message::Leave),
            "left" => Ok(Message::Left { name: fields.name()?, addr: fields.addr("addr")? }),
            "error" => Ok(Message::Error { reason: fields.text("reason")?.to_owned() }),
            "packet" => {
                let kind = match fields.text("kind")? {
                    "base" => Kind::Base,
                    "personal" => Kind::Personal,
                    other => return Err(format!("unknown packet kind {other:?} (base or personal)")),
                };
                let data = object.get("data").cloned().ok_or("field \"data\" is missing")?;
                let (broken, danger) = match kind {
                    Kind::Base => (false, false),
                    Kind::Personal => (fields.flag("broken")?, fields.flag("danger")?),
                };
                Ok(Message::Packet(Packet {
                    kind,
                    src: fields.addr("src")?,
                    dst: fields.addr("dst")?,
                    data,
                    broken,
                    danger,
                }))
            }
            other => Err(format!("unknown message type {other:?}")),
        }
    }

    /// The `type` field, for log lines.
    pub fn type_name(&self) -> &'static str {
        match self {
            Message::Register { .. } => "register",
            Message::Registered { .. } => "registered",
            Message::Joined { .. } => "joined",
            Message::Leave => "leave",
            Message::Left { .. } => "left",
            Message::Error { .. } => "error",
            Message::Packet(_) => "packet",
        }
    }
}

/// Host names are for people: printable, one line, at most this many characters.
pub const MAX_NAME: usize = 64;

struct Fields<'a>(&'a Map<String, Value>);

impl Fields<'_> {
    fn text(&self, key: &str) -> Result<&str, String> {
        match self.0.get(key) {
            Some(Value::String(text)) => Ok(text),
            Some(_) => Err(format!("field {key:?} is not a string")),
            None => Err(format!("field {key:?} is missing")),
        }
    }

    fn name(&self) -> Result<String, String> {
        let name = self.text("name")?;
        // The reason goes back on the wire: English.
        socklab::i18n::in_english(|| check_name(name))?;
        Ok(name.to_owned())
    }

    fn addr(&self, key: &str) -> Result<Ipv4Addr, String> {
        let text = self.text(key)?;
        text.parse().map_err(|_| format!("field {key:?} is not an IPv4 address: {text:?}"))
    }

    fn flag(&self, key: &str) -> Result<bool, String> {
        match self.0.get(key) {
            Some(Value::Bool(flag)) => Ok(*flag),
            Some(_) => Err(format!("field {key:?} is not true or false")),
            None => Err(format!("a personal packet needs the {key:?} flag")),
        }
    }
}

/// A host name: 1 to [`MAX_NAME`] characters, no control characters.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err(tr!("lan-name-empty"));
    }
    if name.chars().count() > MAX_NAME {
        return Err(tr!("lan-name-too-long", max = MAX_NAME));
    }
    if name.chars().any(char::is_control) {
        return Err(tr!("lan-name-control"));
    }
    Ok(())
}

/// A simulated address as a user may type it: dotted (`192.168.0.1`), or the seed's integer form,
/// hexadecimal (`0xC0A80001`) or decimal (`3232235521`). It must be a unicast address a host can have.
pub fn parse_host_addr(text: &str) -> Result<Ipv4Addr, String> {
    let addr = if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        u32::from_str_radix(hex, 16).map(Ipv4Addr::from).ok()
    } else if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse::<u32>().map(Ipv4Addr::from).ok()
    } else {
        text.parse().ok()
    };
    let addr = addr.ok_or_else(|| tr!("lan-not-host-addr", text = text.to_owned()))?;
    check_host_addr(addr)?;
    Ok(addr)
}

/// Refuses addresses no single host can have: 0.0.0.0, broadcast and multicast.
pub fn check_host_addr(addr: Ipv4Addr) -> Result<(), String> {
    if addr.is_unspecified() || addr.is_broadcast() || addr.is_multicast() {
        return Err(tr!("lan-not-one-host", addr = addr.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packet(kind: Kind) -> Packet {
        Packet {
            kind,
            src: Ipv4Addr::new(192, 168, 0, 1),
            dst: Ipv4Addr::new(192, 168, 0, 2),
            data: "Hola!".into(),
            broken: false,
            danger: true,
        }
    }

    #[test]
    fn every_message_decodes_to_itself() {
        let a = Ipv4Addr::new(192, 168, 0, 1);
        for message in [
            Message::Register { name: "PC Gamer".into(), addr: a },
            Message::Registered { addr: a, hosts: vec![Ipv4Addr::new(192, 168, 0, 2)] },
            Message::Joined { name: "Laptop".into(), addr: a },
            Message::Leave,
            Message::Left { name: "Laptop".into(), addr: a },
            Message::Error { reason: "no".into() },
            Message::Packet(packet(Kind::Personal)),
            Message::Packet(Packet { danger: false, ..packet(Kind::Base) }),
        ] {
            assert_eq!(Message::decode(&message.encode()).unwrap(), message);
        }
    }

    #[test]
    fn a_base_packet_has_no_flags_on_the_wire() {
        let text = String::from_utf8(Message::Packet(packet(Kind::Base)).encode()).unwrap();
        assert_eq!(
            text,
            r#"{"type":"packet","kind":"base","src":"192.168.0.1","dst":"192.168.0.2","data":"Hola!"}"#
        );
    }

    #[test]
    fn bad_datagrams_say_what_is_wrong() {
        let cases: [(&[u8], &str); 9] = [
            (b"\xff", "not UTF-8 text"),
            (b"hola", "not JSON"),
            (b"[1]", "not a JSON object"),
            (br#"{"kind":"base"}"#, "field \"type\" is missing"),
            (br#"{"type":"ping"}"#, "unknown message type \"ping\""),
            (
                br#"{"type":"packet","kind":"base","src":"1.2.3.4","dst":"192.168.0.300","data":1}"#,
                "\"dst\" is not an IPv4",
            ),
            (
                br#"{"type":"packet","kind":"personal","src":"1.2.3.4","dst":"1.2.3.5","data":"x"}"#,
                "needs the \"broken\" flag",
            ),
            (br#"{"type":"packet","kind":"base","src":"1.2.3.4","dst":"1.2.3.5"}"#, "\"data\" is missing"),
            (br#"{"type":"register","name":"a\nb","addr":"1.2.3.4"}"#, "control characters"),
        ];
        for (datagram, expected) in cases {
            let error = Message::decode(datagram).unwrap_err();
            assert!(error.contains(expected), "{error:?} should contain {expected:?}");
        }
    }

    #[test]
    fn addresses_are_typed_as_in_the_seed_or_dotted() {
        let expected = Ipv4Addr::new(192, 168, 0, 1);
        for text in ["192.168.0.1", "0xC0A80001", "0xc0a80001", "3232235521"] {
            assert_eq!(parse_host_addr(text).unwrap(), expected, "{text}");
        }
        for text in
            ["", "192.168.0.300", "0x1C0A80001", "99999999999", "0.0.0.0", "255.255.255.255", "224.0.0.1"]
        {
            assert!(parse_host_addr(text).is_err(), "{text:?} should be refused");
        }
    }
}
