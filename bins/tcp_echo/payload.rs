//! What a client sends: a message, `--bytes N` of a pattern, or a file. Each can be read twice at
//! once, by the thread that sends it and by the check of the echo, so even a 1 GiB payload is never
//! held in memory.

use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;

use anyhow::{Context, Result};

/// The guide's message (§2.1).
pub const GUIDE_MESSAGE: &str = "Hola Mundo!";

/// `abc...xyz0123456789` repeated: a short or shifted echo shows at once where it went wrong.
const PATTERN: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

#[derive(Debug, Clone)]
pub enum Payload {
    Text(String),
    Pattern(u64),
    File(PathBuf),
}

impl Payload {
    /// How many bytes will be sent.
    pub fn len(&self) -> Result<u64> {
        Ok(match self {
            Payload::Text(text) => text.len() as u64,
            Payload::Pattern(size) => *size,
            Payload::File(path) => {
                std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?.len()
            }
        })
    }

    pub fn open(&self) -> Result<Box<dyn Read + Send>> {
        Ok(match self {
            Payload::Text(text) => Box::new(io::Cursor::new(text.clone().into_bytes())),
            Payload::Pattern(size) => Box::new(PatternReader { offset: 0, size: *size }),
            Payload::File(path) => {
                Box::new(File::open(path).with_context(|| format!("cannot open {}", path.display()))?)
            }
        })
    }
}

struct PatternReader {
    offset: u64,
    size: u64,
}

impl Read for PatternReader {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let count = buffer.len().min((self.size - self.offset) as usize);
        // Whole slices of the pattern at a time: this runs for every byte of a 1 GiB echo, twice.
        let mut start = (self.offset % PATTERN.len() as u64) as usize;
        let mut filled = 0;
        while filled < count {
            let take = (PATTERN.len() - start).min(count - filled);
            buffer[filled..filled + take].copy_from_slice(&PATTERN[start..start + take]);
            filled += take;
            start = 0;
        }
        self.offset += count as u64;
        Ok(count)
    }
}

/// Reads until `buffer` is full or the source ends; returns how many bytes were read.
pub fn fill(source: &mut dyn Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match source.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(filled)
}
