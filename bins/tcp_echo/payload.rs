//! What a client sends: a message, `--bytes N` of a pattern, or a file. Each can be read twice at
//! once, by the thread that sends it and by the check of the echo, so even a 1 GiB payload is never
//! held in memory.

use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;

use anyhow::{Context, Result};
use socklab::tr;

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
            Payload::File(path) => std::fs::metadata(path)
                .with_context(|| tr!("tcp-echo-cannot-read", path = path.display().to_string()))?
                .len(),
        })
    }

    pub fn open(&self) -> Result<Box<dyn Read + Send>> {
        Ok(match self {
            Payload::Text(text) => Box::new(io::Cursor::new(text.clone().into_bytes())),
            Payload::Pattern(size) => Box::new(PatternReader { offset: 0, size: *size }),
            Payload::File(path) => Box::new(
                File::open(path)
                    .with_context(|| tr!("tcp-echo-cannot-open", path = path.display().to_string()))?,
            ),
        })
    }
}

struct PatternReader {
    offset: u64,
    size: u64,
}

/// The pattern repeated to a little over 64 KiB: any read of up to 64 KiB is then one copy from it,
/// starting at the right phase. This runs for every byte of a 1 GiB echo, twice (send and check).
fn repeated_pattern() -> &'static [u8] {
    static REPEATED: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    REPEATED.get_or_init(|| {
        PATTERN.iter().copied().cycle().take(PATTERN.len() * (65_536 / PATTERN.len() + 2)).collect()
    })
}

impl Read for PatternReader {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let repeated = repeated_pattern();
        let count = buffer.len().min((self.size - self.offset) as usize);
        let mut filled = 0;
        while filled < count {
            let start = ((self.offset + filled as u64) % PATTERN.len() as u64) as usize;
            let take = (repeated.len() - start).min(count - filled);
            buffer[filled..filled + take].copy_from_slice(&repeated[start..start + take]);
            filled += take;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pattern_reads_the_same_in_any_chunking() {
        let whole: Vec<u8> = PATTERN.iter().copied().cycle().take(200_000).collect();
        for chunk in [1, 7, 36, 4096, 65_536, 100_000] {
            let mut reader = PatternReader { offset: 0, size: 200_000 };
            let mut read = Vec::new();
            let mut buffer = vec![0u8; chunk];
            loop {
                let n = reader.read(&mut buffer).unwrap();
                if n == 0 {
                    break;
                }
                read.extend_from_slice(&buffer[..n]);
            }
            assert_eq!(read, whole, "chunk {chunk}");
        }
    }
}
