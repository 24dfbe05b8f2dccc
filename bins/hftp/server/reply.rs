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

    /// The next bytes to send, at most about 64 KiB; `None` when everything was handed out. An error
    /// means a file could not be read any more mid-reply: the connection must be closed.
    pub fn next_chunk(&mut self) -> io::Result<Option<Vec<u8>>> {
        loop {
            let Some(part) = self.parts.front_mut() else { return Ok(None) };
            let chunk = match part {
                Part::Bytes(bytes) => std::mem::take(bytes),
                Part::Base64(slice) if slice.left() > 0 => STANDARD.encode(slice.read(CHUNK)?).into_bytes(),
                Part::Raw(slice) if slice.left() > 0 => slice.read(CHUNK)?,
                Part::Base64(_) | Part::Raw(_) => Vec::new(),
            };
            let done = match part {
                Part::Bytes(_) => true,
                Part::Base64(slice) | Part::Raw(slice) => slice.left() == 0,
            };
            if done {
                self.parts.pop_front();
            }
            if !chunk.is_empty() {
                return Ok(Some(chunk));
            }
        }
    }
}
