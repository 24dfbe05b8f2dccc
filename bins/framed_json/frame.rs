//! The wire format of seed 001: a 4-byte length, then that many bytes of UTF-8 JSON padded with NUL
//! bytes to a multiple of the chunk size (60 by default).
//!
//! TCP delivers a stream of bytes, not messages: one recv() may return part of a message, or the end
//! of one and the start of the next. The length prefix is what lets the receiver cut the stream back
//! into messages, so it must be read whole (a loop until 4 bytes arrived, never one `recv(4)`), and
//! exactly the announced bytes after it (the next message may already be queued behind them).
//! docs/PROTOCOL.md has a byte-by-byte example.

use std::fmt;

use serde_json::Value;

/// The bytes before each body.
pub const HEADER_LEN: usize = 4;

/// Byte order of the 4-byte prefix (seed 001's final example: big; its first example: little).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ByteOrder {
    Big,
    Little,
}

/// What the prefix counts: the body's bytes (seed 001's final example) or its chunks (its first
/// example, which sends the number of 4-byte chunks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Prefix {
    Bytes,
    Chunks,
}

/// The constants of one course's variant of the format.
#[derive(Debug, Clone, Copy)]
pub struct Framing {
    /// Bodies are padded with NUL bytes to a multiple of this many bytes (≥ 1).
    pub chunk: usize,
    pub order: ByteOrder,
    pub prefix: Prefix,
    /// The largest body accepted, in bytes, checked from the prefix before anything is allocated.
    pub max_frame: usize,
    /// Accept a body whose length is not a multiple of `chunk`.
    pub lenient: bool,
}

impl Default for Framing {
    fn default() -> Self {
        Self { chunk: 60, order: ByteOrder::Big, prefix: Prefix::Bytes, max_frame: 1 << 20, lenient: false }
    }
}

/// Why a frame was refused. The first four break the framing itself: nothing after them can be
/// trusted to start at a message boundary, so the connection is closed. A body that is framed
/// correctly but is not UTF-8 or not JSON leaves the stream in step: it gets an error reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameError {
    /// The prefix announces more than `--max-frame` bytes.
    TooLarge { length: u64, max: usize },
    /// The body length is not a multiple of the chunk size (and `--lenient` was not given).
    NotMultiple { length: usize, chunk: usize },
    /// The peer closed the connection inside a frame: `got` of `wanted` bytes of its `part` (the
    /// header, the body, or the whole frame).
    Truncated { part: &'static str, got: usize, wanted: usize },
    /// The body (NULs stripped) is not UTF-8.
    BadUtf8 { at: usize },
    /// The body is UTF-8 but not JSON.
    BadJson(String),
}

impl FrameError {
    /// A stable label for JSON events and error replies.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "too-large",
            Self::NotMultiple { .. } => "not-multiple",
            Self::Truncated { .. } => "truncated",
            Self::BadUtf8 { .. } => "bad-utf8",
            Self::BadJson(_) => "bad-json",
        }
    }
}

impl FrameError {
    /// The same sentence as `Display` in the reader's language: `Display` stays English, since it
    /// goes into error replies and JSON events.
    pub fn shown(&self) -> String {
        use socklab::tr;
        match self {
            Self::TooLarge { length, max } => {
                tr!("framed-json-frame-too-large", length = *length, max = *max)
            }
            Self::NotMultiple { length, chunk } => {
                tr!("framed-json-frame-not-multiple", length = *length, chunk = *chunk)
            }
            Self::Truncated { part, got, wanted } => {
                let part = match *part {
                    "header" => tr!("framed-json-part-header"),
                    "body" => tr!("framed-json-part-body"),
                    "frame" => tr!("framed-json-part-frame"),
                    other => other.to_owned(),
                };
                tr!("framed-json-frame-truncated", got = *got, wanted = *wanted, part = part)
            }
            Self::BadUtf8 { at } => tr!("framed-json-frame-bad-utf8", at = *at),
            Self::BadJson(why) => tr!("framed-json-frame-bad-json", why = why.clone()),
        }
    }
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { length, max } => {
                write!(f, "the length prefix announces {length} bytes, more than the {max}-byte maximum")
            }
            Self::NotMultiple { length, chunk } => write!(
                f,
                "a body of {length} bytes is not padded to a multiple of {chunk} bytes (pad with NUL bytes)"
            ),
            Self::Truncated { part, got, wanted } => {
                write!(f, "the connection closed after {got} of the {wanted} bytes of the {part}")
            }
            Self::BadUtf8 { at } => write!(f, "the body is not UTF-8 (invalid byte at offset {at})"),
            Self::BadJson(why) => write!(f, "the body is not JSON: {why}"),
        }
    }
}

impl Framing {
    /// The whole frame for `message`: prefix, JSON text, NUL padding.
    pub fn encode(&self, message: &Value) -> Vec<u8> {
        let text = message.to_string();
        let padded = text.len().div_ceil(self.chunk).max(1) * self.chunk;
        let count = match self.prefix {
            Prefix::Bytes => padded,
            Prefix::Chunks => padded / self.chunk,
        };
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        let mut frame = Vec::with_capacity(HEADER_LEN + padded);
        frame.extend_from_slice(&match self.order {
            ByteOrder::Big => count.to_be_bytes(),
            ByteOrder::Little => count.to_le_bytes(),
        });
        frame.extend_from_slice(text.as_bytes());
        frame.resize(HEADER_LEN + padded, 0);
        frame
    }

    /// The body length a header announces, checked against the maximum and the chunk size.
    pub fn body_len(&self, header: [u8; HEADER_LEN]) -> Result<usize, FrameError> {
        let count = u64::from(match self.order {
            ByteOrder::Big => u32::from_be_bytes(header),
            ByteOrder::Little => u32::from_le_bytes(header),
        });
        let length = match self.prefix {
            Prefix::Bytes => count,
            Prefix::Chunks => count.saturating_mul(self.chunk as u64),
        };
        if length > self.max_frame as u64 {
            return Err(FrameError::TooLarge { length, max: self.max_frame });
        }
        let length = length as usize;
        if !self.lenient && length % self.chunk != 0 {
            return Err(FrameError::NotMultiple { length, chunk: self.chunk });
        }
        Ok(length)
    }

    /// The message in a body: trailing NUL padding stripped, then UTF-8, then JSON.
    pub fn decode_body(&self, body: &[u8]) -> Result<Value, FrameError> {
        let end = body.iter().rposition(|&byte| byte != 0).map_or(0, |last| last + 1);
        let text =
            std::str::from_utf8(&body[..end]).map_err(|err| FrameError::BadUtf8 { at: err.valid_up_to() })?;
        serde_json::from_str(text).map_err(|err| FrameError::BadJson(err.to_string()))
    }
}

/// Cuts frames out of bytes as they arrive, for code that cannot block on one connection (the poll
/// server). Bytes after a frame's end stay queued for the next frame; what it holds is at most the
/// last read plus one unfinished frame.
#[derive(Debug, Default)]
pub struct Decoder {
    pending: Vec<u8>,
    /// Where the next frame starts in `pending` (frames taken are skipped, not moved).
    start: usize,
}

/// One step of a [`Decoder`].
#[derive(Debug, PartialEq)]
pub enum Decoded {
    /// A whole frame: its body length and its message (or why the body is not one).
    Frame { length: usize, message: Result<Value, FrameError> },
    /// The header is broken: the stream cannot be cut any further.
    Broken(FrameError),
    /// More bytes are needed.
    Incomplete,
}

impl Decoder {
    /// Appends bytes just received.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.start > 0 {
            self.pending.drain(..self.start);
            self.start = 0;
        }
        if self.pending.is_empty() && self.pending.capacity() > KEPT_CAPACITY {
            self.pending = Vec::new();
        }
        self.pending.extend_from_slice(bytes);
    }

    /// The bytes held of an unfinished frame (a close now would cut it).
    pub fn held(&self) -> usize {
        self.pending.len() - self.start
    }

    /// The whole length (header included) of the unfinished frame, once its header is here.
    pub fn frame_len(&self, framing: &Framing) -> Option<usize> {
        let rest = &self.pending[self.start..];
        let header = rest.get(..HEADER_LEN)?;
        framing.body_len([header[0], header[1], header[2], header[3]]).ok().map(|length| HEADER_LEN + length)
    }

    /// Takes the next whole frame, if its bytes are all here.
    pub fn next(&mut self, framing: &Framing) -> Decoded {
        let rest = &self.pending[self.start..];
        if rest.len() < HEADER_LEN {
            return Decoded::Incomplete;
        }
        let header = [rest[0], rest[1], rest[2], rest[3]];
        let length = match framing.body_len(header) {
            Ok(length) => length,
            Err(err) => return Decoded::Broken(err),
        };
        if rest.len() < HEADER_LEN + length {
            return Decoded::Incomplete;
        }
        let message = framing.decode_body(&rest[HEADER_LEN..HEADER_LEN + length]);
        self.start += HEADER_LEN + length;
        Decoded::Frame { length, message }
    }
}

/// An idle decoder gives back a buffer larger than this.
const KEPT_CAPACITY: usize = 64 << 10;

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_message_is_a_big_endian_length_then_json_padded_to_60() {
        let frame = Framing::default().encode(&json!("hola"));
        assert_eq!(frame.len(), 4 + 60);
        assert_eq!(&frame[..4], &[0, 0, 0, 60]);
        assert_eq!(&frame[4..10], b"\"hola\"");
        assert!(frame[10..].iter().all(|&byte| byte == 0));
    }

    #[test]
    fn the_seeds_first_variant_counts_little_endian_chunks_of_4() {
        let framing =
            Framing { chunk: 4, order: ByteOrder::Little, prefix: Prefix::Chunks, ..Framing::default() };
        // Seed 001's own bytes: 53 bytes of JSON padded to 56, announced as 14 chunks.
        let seed =
            b"\x0e\x00\x00\x00{\"nombre\": \"Margot\", \"edad\": 15, \"raza\": \"Schnauzer\"}\x00\x00\x00";
        let dog = json!({"nombre": "Margot", "edad": 15, "raza": "Schnauzer"});
        assert_eq!(framing.body_len([seed[0], seed[1], seed[2], seed[3]]), Ok(56));
        assert_eq!(framing.decode_body(&seed[4..]), Ok(dog.clone()));
        let frame = framing.encode(&dog);
        assert_eq!(
            u32::from_le_bytes([frame[0], frame[1], frame[2], frame[3]]) as usize * 4,
            frame.len() - 4
        );
        assert_eq!(framing.decode_body(&frame[4..]), Ok(dog));
    }

    #[test]
    fn an_empty_text_still_takes_one_chunk() {
        assert_eq!(Framing::default().encode(&json!("")).len(), 64);
    }

    #[test]
    fn lengths_over_the_maximum_or_off_the_chunk_are_refused_from_the_header() {
        let framing = Framing { max_frame: 120, ..Framing::default() };
        assert_eq!(framing.body_len([0, 0, 0, 180]), Err(FrameError::TooLarge { length: 180, max: 120 }));
        assert_eq!(
            framing.body_len([0xff; 4]),
            Err(FrameError::TooLarge { length: u32::MAX as u64, max: 120 })
        );
        assert_eq!(framing.body_len([0, 0, 0, 37]), Err(FrameError::NotMultiple { length: 37, chunk: 60 }));
        assert_eq!(Framing { lenient: true, ..framing }.body_len([0, 0, 0, 37]), Ok(37));
    }

    #[test]
    fn bodies_that_are_not_utf8_or_not_json_say_so() {
        let framing = Framing::default();
        assert_eq!(framing.decode_body(b"\"a\xff\"\0\0"), Err(FrameError::BadUtf8 { at: 2 }));
        assert!(matches!(framing.decode_body(b"{nope\0"), Err(FrameError::BadJson(_))));
        assert!(matches!(framing.decode_body(b"\0\0\0"), Err(FrameError::BadJson(_))));
    }

    #[test]
    fn the_decoder_cuts_pipelined_frames_at_their_boundaries_from_any_split() {
        let framing = Framing::default();
        let mut stream = framing.encode(&json!("uno"));
        stream.extend(framing.encode(&json!({"type": 2, "data": [1, 2]})));
        for step in [1, 3, 4, 5, 63, 64, 65, stream.len()] {
            let mut decoder = Decoder::default();
            let mut messages = Vec::new();
            for piece in stream.chunks(step) {
                decoder.push(piece);
                while let Decoded::Frame { message, .. } = decoder.next(&framing) {
                    messages.push(message.unwrap());
                }
            }
            assert_eq!(messages, [json!("uno"), json!({"type": 2, "data": [1, 2]})], "pieces of {step}");
            assert_eq!(decoder.held(), 0);
        }
    }

    #[test]
    fn the_decoder_refuses_a_broken_header_and_holds_an_unfinished_frame() {
        let framing = Framing::default();
        let mut decoder = Decoder::default();
        decoder.push(&[0, 0, 0, 60, b'"']);
        assert_eq!(decoder.next(&framing), Decoded::Incomplete);
        assert_eq!(decoder.held(), 5);
        assert_eq!(
            decoder.next(&Framing { max_frame: 59, ..framing }),
            Decoded::Broken(FrameError::TooLarge { length: 60, max: 59 })
        );
    }
}
