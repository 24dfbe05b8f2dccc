//! A reply on its way out. A slice can be as large as the file (the course's tests fetch 32 MiB in one
//! `get_slice`), so it is never held whole: it is read and base64-encoded a chunk at a time, as the
//! socket takes it.

use std::collections::VecDeque;
use std::io;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::files::Slice;

/// Raw bytes read per chunk: a multiple of 3, so that the base64 of the chunks, joined, is the base64
/// of the whole slice (no padding before the end).
const CHUNK: usize = 48 << 10;

enum Part {
    Bytes(Vec<u8>),
    Base64(Slice),
    Raw(Slice),
}

/// What is still to be sent to one client, in order.
#[derive(Default)]
pub struct Outgoing {
    parts: VecDeque<Part>,
}

impl Outgoing {
    pub fn bytes(&mut self, bytes: Vec<u8>) {
        self.parts.push_back(Part::Bytes(bytes));
    }

    /// A slice as base64 text, then the line end.
    pub fn base64(&mut self, slice: Slice) {
        self.parts.push_back(Part::Base64(slice));
        self.bytes(crate::protocol::EOL.to_vec());
    }

    /// A slice as it is (`--raw-slices`).
    pub fn raw(&mut self, slice: Slice) {
        self.parts.push_back(Part::Raw(slice));
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The next bytes to send, about 64 KiB when there is that much: small parts are joined with what
    /// follows (a status line with its data, a slice's last chunk with its `\r\n`), so that no small
    /// segment waits on its own. `None` when everything was handed out. An error means a file could
    /// not be read any more mid-reply: the connection must be closed.
    pub fn next_chunk(&mut self) -> io::Result<Option<Vec<u8>>> {
        let mut chunk = Vec::new();
        while chunk.len() < OUT_CHUNK {
            let Some(part) = self.parts.front_mut() else { break };
            match part {
                Part::Bytes(bytes) => chunk.append(bytes),
                Part::Base64(slice) if slice.left() > 0 => {
                    let raw = slice.read(CHUNK)?;
                    let start = chunk.len();
                    chunk.resize(start + raw.len().div_ceil(3) * 4, 0);
                    let written =
                        STANDARD.encode_slice(&raw, &mut chunk[start..]).map_err(io::Error::other)?;
                    chunk.truncate(start + written);
                }
                Part::Raw(slice) if slice.left() > 0 => chunk.extend_from_slice(&slice.read(CHUNK)?),
                Part::Base64(_) | Part::Raw(_) => {}
            }
            let done = match self.parts.front() {
                Some(Part::Bytes(bytes)) => bytes.is_empty(),
                Some(Part::Base64(slice) | Part::Raw(slice)) => slice.left() == 0,
                None => false,
            };
            if done {
                self.parts.pop_front();
            }
        }
        Ok((!chunk.is_empty()).then_some(chunk))
    }
}

/// About how much goes into one write().
const OUT_CHUNK: usize = 64 << 10;
