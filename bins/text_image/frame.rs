//! The wire format of text-image, in one place for both sides (docs/PROTOCOL.md is its description).
//!
//! Sender to receiver: a 5-byte stream header (`TXIM`, version 1), then frames. A frame is an 11-byte
//! header (type u8, name length u16, payload length u64, big-endian), the name, and, only after the
//! receiver answered `CONTINUE`, the payload followed by its 32-byte SHA-256. Receiver to sender: one
//! 8-byte reply header (status u8, code u8, item u32, message length u16) and a UTF-8 message, per step.
//!
//! The go-ahead (`CONTINUE`) is what lets the receiver refuse an item from its header alone (too large,
//! bad name) without the sender streaming hundreds of MiB that would be thrown away, and without
//! closing the connection: the framing stays in step, so the next item can follow.

use std::fmt;
use std::io::{self, Read, Write};

use socklab::said;

use crate::Message;

/// The first bytes of every stream: "TXIM" (TeXt and IMages).
pub const MAGIC: [u8; 4] = *b"TXIM";
/// The protocol version this program speaks.
pub const VERSION: u8 = 1;
pub const STREAM_HEADER_LEN: usize = 5;
pub const FRAME_HEADER_LEN: usize = 11;
pub const REPLY_HEADER_LEN: usize = 8;
pub const DIGEST_LEN: usize = 32;
/// Image names are file names: at most 255 bytes, like NAME_MAX on Linux.
pub const MAX_NAME_LEN: usize = 255;
/// Texts are printed, so they are held in memory: they are capped at 1 MiB whatever `--max-size` says.
pub const MAX_TEXT_LEN: u64 = 1 << 20;

/// What a frame carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A UTF-8 message, printed by the receiver.
    Text = 1,
    /// A named image, stored by the receiver.
    Image = 2,
    /// No more items: the receiver replies and closes.
    End = 3,
}

impl Kind {
    pub fn from_byte(byte: u8) -> Option<Kind> {
        match byte {
            1 => Some(Kind::Text),
            2 => Some(Kind::Image),
            3 => Some(Kind::End),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Image => "image",
            Kind::End => "end",
        }
    }
}

/// The fixed part of a frame; the name (`name_len` bytes) follows it on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameHeader {
    /// The raw type byte, kept raw so that an unknown type can be reported as received.
    pub kind: u8,
    pub name_len: u16,
    pub payload_len: u64,
}

impl FrameHeader {
    pub fn new(kind: Kind, name_len: u16, payload_len: u64) -> Self {
        Self { kind: kind as u8, name_len, payload_len }
    }

    pub fn encode(&self) -> [u8; FRAME_HEADER_LEN] {
        let mut bytes = [0u8; FRAME_HEADER_LEN];
        bytes[0] = self.kind;
        bytes[1..3].copy_from_slice(&self.name_len.to_be_bytes());
        bytes[3..11].copy_from_slice(&self.payload_len.to_be_bytes());
        bytes
    }

    pub fn decode(bytes: &[u8; FRAME_HEADER_LEN]) -> Self {
        Self {
            kind: bytes[0],
            name_len: u16::from_be_bytes([bytes[1], bytes[2]]),
            payload_len: u64::from_be_bytes(bytes[3..11].try_into().expect("8 bytes")),
        }
    }
}

pub fn stream_header() -> [u8; STREAM_HEADER_LEN] {
    let mut bytes = [0u8; STREAM_HEADER_LEN];
    bytes[..4].copy_from_slice(&MAGIC);
    bytes[4] = VERSION;
    bytes
}

/// Writes a frame header and its name: everything the receiver needs to decide on the item.
pub fn write_frame_start(out: &mut impl Write, kind: Kind, name: &[u8], payload_len: u64) -> io::Result<()> {
    let name_len = u16::try_from(name.len()).map_err(|_| {
        io::Error::new(io::ErrorKind::InvalidInput, Message(said!("text-image-name-too-long")))
    })?;
    let mut bytes = Vec::with_capacity(FRAME_HEADER_LEN + name.len());
    bytes.extend_from_slice(&FrameHeader::new(kind, name_len, payload_len).encode());
    bytes.extend_from_slice(name);
    out.write_all(&bytes)
}

/// The receiver's answer to a frame header (`Continue`) or to a whole item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The header is acceptable: send the payload and its digest.
    Continue = 0,
    /// The item arrived intact and was printed or stored.
    Accepted = 1,
    /// The item was refused; the connection stays open for the next frame.
    Rejected = 2,
    /// The stream cannot be trusted any more: the receiver closes the connection after this reply.
    Fatal = 3,
}

impl Status {
    pub fn from_byte(byte: u8) -> Option<Status> {
        match byte {
            0 => Some(Status::Continue),
            1 => Some(Status::Accepted),
            2 => Some(Status::Rejected),
            3 => Some(Status::Fatal),
            _ => None,
        }
    }
}

/// Why an item was refused (0 when it was not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    Ok = 0,
    BadMagic = 1,
    BadVersion = 2,
    UnknownType = 3,
    BadHeader = 4,
    TooLarge = 5,
    BadName = 6,
    Checksum = 7,
    NotImage = 8,
    BadUtf8 = 9,
    Storage = 10,
    Timeout = 11,
}

impl Code {
    pub const ALL: [Code; 12] = [
        Code::Ok,
        Code::BadMagic,
        Code::BadVersion,
        Code::UnknownType,
        Code::BadHeader,
        Code::TooLarge,
        Code::BadName,
        Code::Checksum,
        Code::NotImage,
        Code::BadUtf8,
        Code::Storage,
        Code::Timeout,
    ];

    pub fn from_byte(byte: u8) -> Option<Code> {
        Code::ALL.into_iter().find(|code| *code as u8 == byte)
    }

    /// The stable name used in events and docs.
    pub fn label(self) -> &'static str {
        match self {
            Code::Ok => "ok",
            Code::BadMagic => "bad-magic",
            Code::BadVersion => "bad-version",
            Code::UnknownType => "unknown-type",
            Code::BadHeader => "bad-header",
            Code::TooLarge => "too-large",
            Code::BadName => "bad-name",
            Code::Checksum => "checksum",
            Code::NotImage => "not-image",
            Code::BadUtf8 => "bad-utf8",
            Code::Storage => "storage",
            Code::Timeout => "timeout",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One message from the receiver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: Status,
    pub code: Code,
    /// The item it is about: 1 for the first frame after the stream header, 0 for the stream itself.
    pub item: u32,
    /// A reason for a refusal, the stored file name for an accepted image, a summary for END.
    pub message: String,
}

impl Reply {
    pub fn encode(&self) -> Vec<u8> {
        let mut message = self.message.as_bytes();
        if message.len() > usize::from(u16::MAX) {
            message = &message[..usize::from(u16::MAX)];
        }
        let mut bytes = Vec::with_capacity(REPLY_HEADER_LEN + message.len());
        bytes.push(self.status as u8);
        bytes.push(self.code as u8);
        bytes.extend_from_slice(&self.item.to_be_bytes());
        bytes.extend_from_slice(&(message.len() as u16).to_be_bytes());
        bytes.extend_from_slice(message);
        bytes
    }

    /// Reads one reply; a status or code this program does not know is an error, not a guess.
    pub fn read_from(input: &mut impl Read) -> io::Result<Reply> {
        let mut header = [0u8; REPLY_HEADER_LEN];
        input.read_exact(&mut header)?;
        let invalid = |what| io::Error::new(io::ErrorKind::InvalidData, Message(what));
        let status = Status::from_byte(header[0])
            .ok_or_else(|| invalid(said!("text-image-unknown-status", status = header[0])))?;
        let code = Code::from_byte(header[1])
            .ok_or_else(|| invalid(said!("text-image-unknown-code", code = header[1])))?;
        let item = u32::from_be_bytes(header[2..6].try_into().expect("4 bytes"));
        let len = u16::from_be_bytes([header[6], header[7]]);
        let mut message = vec![0u8; usize::from(len)];
        input.read_exact(&mut message)?;
        Ok(Reply { status, code, item, message: String::from_utf8_lossy(&message).into_owned() })
    }
}

/// Builds whole streams in memory, for the tests of both sides.
#[cfg(test)]
pub mod build {
    use super::*;
    use sha2::{Digest, Sha256};

    /// The bytes a well-behaved sender writes for `items` (each `(kind, name, payload)`), ending with END.
    pub fn stream(items: &[(Kind, &[u8], &[u8])]) -> Vec<u8> {
        let mut bytes = stream_header().to_vec();
        for (kind, name, payload) in items {
            item(&mut bytes, *kind, name, payload);
        }
        write_frame_start(&mut bytes, Kind::End, b"", 0).unwrap();
        bytes
    }

    pub fn item(bytes: &mut Vec<u8>, kind: Kind, name: &[u8], payload: &[u8]) {
        write_frame_start(bytes, kind, name, payload.len() as u64).unwrap();
        bytes.extend_from_slice(payload);
        bytes.extend_from_slice(&Sha256::digest(payload));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_header_is_big_endian_and_eleven_bytes() {
        let header = FrameHeader::new(Kind::Image, 7, 0x0102_0304_0506_0708);
        assert_eq!(header.encode(), [2, 0, 7, 1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(FrameHeader::decode(&header.encode()), header);
    }

    #[test]
    fn replies_round_trip_through_their_bytes() {
        let reply =
            Reply { status: Status::Rejected, code: Code::TooLarge, item: 3, message: "too big".into() };
        let bytes = reply.encode();
        assert_eq!(&bytes[..8], &[2, 5, 0, 0, 0, 3, 0, 7]);
        assert_eq!(Reply::read_from(&mut bytes.as_slice()).unwrap(), reply);
    }

    #[test]
    fn every_code_is_read_back_from_its_byte() {
        for code in Code::ALL {
            assert_eq!(Code::from_byte(code as u8), Some(code));
        }
        assert_eq!(Code::from_byte(200), None);
    }

    #[test]
    fn stream_header_is_magic_then_version() {
        assert_eq!(stream_header(), *b"TXIM\x01");
    }
}
