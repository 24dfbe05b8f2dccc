//! What the server sends back for what it receives (`--transform`), and where a client's `QUIT` is.
//!
//! TCP is a byte stream: one send() by the client can arrive in several recv() calls and several sends
//! in one. Every rule here is therefore defined on the stream, never on a recv() chunk:
//! - `echo` returns each byte unchanged; `upper` upper-cases ASCII letters byte by byte (other bytes,
//!   including UTF-8 multi-byte characters, pass unchanged); `vowels` replaces each ASCII vowel
//!   (`aeiouAEIOU`) with a random digit. All three map one byte to one byte, so a chunk boundary can never
//!   change the result.
//! - `QUIT` is a line that is exactly `QUIT`: it starts the stream or follows a `\n`, and is followed by
//!   `\n`, `\r\n`, the end of the stream, or the end of what the client has sent so far (nothing more is
//!   waiting in the socket when the server looks; this is how the guide's interactive client, which sends
//!   `QUIT` with no newline and waits, is understood). While a line could still become `QUIT`, its first
//!   bytes are held back, so that the word is never echoed; they are released as soon as the line differs.

use rand::Rng;
use socklab::tr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Transform {
    #[value(help = tr!("tcp-echo-transform-echo"))]
    Echo,
    #[value(help = tr!("tcp-echo-transform-upper"))]
    Upper,
    #[value(help = tr!("tcp-echo-transform-vowels"))]
    Vowels,
}

impl Transform {
    pub fn name(self) -> &'static str {
        match self {
            Transform::Echo => "echo",
            Transform::Upper => "upper",
            Transform::Vowels => "vowels",
        }
    }
}

pub fn is_vowel(byte: u8) -> bool {
    b"aeiouAEIOU".contains(&byte)
}

const QUIT_LINE: &[u8] = b"QUIT\r";

/// Whether the client asked to end its connection.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Continue,
    Quit,
}

/// The transform applied to one connection's stream, with the bytes held back while a line may be `QUIT`.
pub struct StreamTransform {
    kind: Transform,
    quit_enabled: bool,
    held: Vec<u8>,
    at_line_start: bool,
}

impl StreamTransform {
    pub fn new(kind: Transform, quit_enabled: bool) -> Self {
        Self { kind, quit_enabled, held: Vec::new(), at_line_start: true }
    }

    /// Transforms `chunk` into `out`. After `Quit`, the rest of the chunk is discarded.
    pub fn feed(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> Verdict {
        if !self.quit_enabled {
            self.emit(chunk, out);
            return Verdict::Continue;
        }
        let mut i = 0;
        while i < chunk.len() {
            if self.held.is_empty() && !self.at_line_start {
                // Inside a line that is not QUIT: copy up to and including the next newline at once.
                let end = memchr::memchr(b'\n', &chunk[i..]).map_or(chunk.len(), |p| i + p + 1);
                self.emit(&chunk[i..end], out);
                self.at_line_start = chunk[end - 1] == b'\n';
                i = end;
                continue;
            }
            let byte = chunk[i];
            i += 1;
            if byte == b'\n' && self.holds_quit() {
                self.held.clear();
                return Verdict::Quit;
            }
            self.held.push(byte);
            if QUIT_LINE.starts_with(&self.held) {
                continue;
            }
            // The line is not QUIT after all: release what was held.
            let held = std::mem::take(&mut self.held);
            self.emit(&held, out);
            self.at_line_start = byte == b'\n';
        }
        Verdict::Continue
    }

    /// Whether `feed` would return `chunk` unchanged and leave the state as it is: an echo in the middle
    /// of a line that the chunk does not end. The caller may then send the chunk itself, without a copy.
    pub fn passes_through(&self, chunk: &[u8]) -> bool {
        self.kind == Transform::Echo
            && self.held.is_empty()
            && (!self.quit_enabled || (!self.at_line_start && memchr::memchr(b'\n', chunk).is_none()))
    }

    /// True when the bytes held back so far are exactly `QUIT` (or `QUIT\r`): if nothing else is coming
    /// for now, the client has quit.
    pub fn holds_quit(&self) -> bool {
        self.held == b"QUIT" || self.held == b"QUIT\r"
    }

    /// The client closed its side: a held `QUIT` counts, any other held bytes are released.
    pub fn finish(&mut self, out: &mut Vec<u8>) -> Verdict {
        if self.holds_quit() {
            self.held.clear();
            return Verdict::Quit;
        }
        let held = std::mem::take(&mut self.held);
        self.emit(&held, out);
        Verdict::Continue
    }

    fn emit(&self, bytes: &[u8], out: &mut Vec<u8>) {
        match self.kind {
            Transform::Echo => out.extend_from_slice(bytes),
            Transform::Upper => out.extend(bytes.iter().map(u8::to_ascii_uppercase)),
            Transform::Vowels => {
                let mut rng = rand::thread_rng();
                out.extend(bytes.iter().map(|&b| if is_vowel(b) { b'0' + rng.gen_range(0..10) } else { b }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_echo_inside_a_line_passes_through() {
        let mut transform = StreamTransform::new(Transform::Echo, true);
        assert!(!transform.passes_through(b"QUIT"), "a line start may be QUIT");
        let mut out = Vec::new();
        transform.feed(b"hola", &mut out);
        assert!(transform.passes_through(b" mundo"));
        assert!(!transform.passes_through(b" mundo\n"), "a newline starts a line that may be QUIT");
        assert!(!StreamTransform::new(Transform::Upper, false).passes_through(b"x"));
        assert!(StreamTransform::new(Transform::Echo, false).passes_through(b"QUIT\n"));
    }

    fn run(kind: Transform, chunks: &[&[u8]]) -> (Vec<u8>, Verdict) {
        let mut transform = StreamTransform::new(kind, true);
        let mut out = Vec::new();
        for chunk in chunks {
            if transform.feed(chunk, &mut out) == Verdict::Quit {
                return (out, Verdict::Quit);
            }
        }
        let verdict = transform.finish(&mut out);
        (out, verdict)
    }

    #[test]
    fn upper_case_does_not_depend_on_chunk_boundaries() {
        let whole = run(Transform::Upper, &[b"hola mundo\nchau"]).0;
        let split = run(Transform::Upper, &[b"ho", b"la mu", b"ndo\nch", b"a", b"u"]).0;
        assert_eq!(whole, b"HOLA MUNDO\nCHAU");
        assert_eq!(split, whole);
    }

    #[test]
    fn quit_is_found_across_chunks_and_not_echoed() {
        assert_eq!(run(Transform::Echo, &[b"hola\nQU", b"IT\nmore"]), (b"hola\n".to_vec(), Verdict::Quit));
        assert_eq!(run(Transform::Echo, &[b"QUIT"]), (Vec::new(), Verdict::Quit));
        assert_eq!(run(Transform::Echo, &[b"QUIT\r\n"]), (Vec::new(), Verdict::Quit));
    }

    #[test]
    fn words_that_start_like_quit_are_echoed() {
        assert_eq!(run(Transform::Echo, &[b"QU", b"ITTER\nQ"]), (b"QUITTER\nQ".to_vec(), Verdict::Continue));
        assert_eq!(run(Transform::Echo, &[b"a QUIT\n"]), (b"a QUIT\n".to_vec(), Verdict::Continue));
        assert_eq!(run(Transform::Upper, &[b"quit\n"]), (b"QUIT\n".to_vec(), Verdict::Continue));
    }

    #[test]
    fn vowels_become_digits_and_nothing_else_changes() {
        let (out, _) = run(Transform::Vowels, &[b"Hola Mundo"]);
        assert_eq!(out.len(), 10);
        for (sent, got) in b"Hola Mundo".iter().zip(&out) {
            if is_vowel(*sent) {
                assert!(got.is_ascii_digit());
            } else {
                assert_eq!(sent, got);
            }
        }
    }
}
