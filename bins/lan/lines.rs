//! What a user types to a host: `DESTINATION TEXT`, or only `TEXT` to let the host pick a destination
//! at random among the hosts it knows (seed 000's `generate_packet`). Only text is sent, as the seed
//! asks; `--allow-non-text` lets a JSON value through to show the `broken` flag.

use std::io;
use std::net::Ipv4Addr;
use std::os::fd::{AsRawFd, BorrowedFd};

use serde_json::Value;

/// A line the host should send.
#[derive(Debug, PartialEq)]
pub struct Outgoing {
    /// `None`: pick one of the known hosts.
    pub dst: Option<Ipv4Addr>,
    pub data: Value,
}

/// Reads a typed line. `Ok(None)` is a blank line (nothing to do); the error is one line for the
/// user: `'192.168.0.300' is not an IPv4 address`.
pub fn parse(line: &str, allow_non_text: bool) -> Result<Option<Outgoing>, String> {
    let line = line.trim();
    if line.is_empty() {
        return Ok(None);
    }
    let (first, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let (dst, text) = if looks_like_address(first) {
        let addr = match first.get(..2) {
            Some("0x" | "0X") => crate::wire::parse_host_addr(first)?,
            _ => first
                .parse::<Ipv4Addr>()
                .map_err(|_| socklab::tr!("lan-line-not-ipv4", text = first.to_owned()))?,
        };
        let text = rest.trim_start();
        if text.is_empty() {
            return Err(socklab::tr!("lan-line-nothing-to-send", addr = addr.to_string()));
        }
        (Some(addr), text)
    } else {
        (None, line)
    };
    let data = match serde_json::from_str::<Value>(text) {
        Ok(value) if allow_non_text && !value.is_string() => value,
        _ => Value::String(text.to_owned()),
    };
    Ok(Some(Outgoing { dst, data }))
}

/// Four dot-separated groups of digits, or the seed's `0x...` form: meant as an address, so a bad one
/// is an error rather than text sent to a random host.
fn looks_like_address(word: &str) -> bool {
    if let Some(hex) = word.strip_prefix("0x").or_else(|| word.strip_prefix("0X")) {
        return !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    let groups: Vec<&str> = word.split('.').collect();
    groups.len() == 4 && groups.iter().all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
}

/// Lines from a descriptor read without blocking (the host polls stdin with its socket). A line
/// longer than `max` bytes is dropped whole and reported, so that input without newlines cannot
/// make the host hold unbounded memory.
pub struct LineReader {
    pending: Vec<u8>,
    max: usize,
    skipping: bool,
    pub at_eof: bool,
}

/// One item of input.
#[derive(Debug, PartialEq)]
pub enum Input {
    Line(String),
    /// A line that was not UTF-8 text.
    NotText,
    /// A line over the limit.
    TooLong,
}

impl LineReader {
    pub fn new(max: usize) -> Self {
        Self { pending: Vec::new(), max, skipping: false, at_eof: false }
    }

    /// Reads what `fd` has (one read(2)) and returns the complete lines.
    pub fn read(&mut self, fd: BorrowedFd<'_>) -> io::Result<Vec<Input>> {
        let mut chunk = [0u8; 4096];
        match nix::unistd::read(fd.as_raw_fd(), &mut chunk) {
            Ok(0) => self.at_eof = true,
            Ok(n) => self.pending.extend_from_slice(&chunk[..n]),
            Err(nix::errno::Errno::EINTR | nix::errno::Errno::EAGAIN) => {}
            Err(err) => return Err(err.into()),
        }
        Ok(self.take_lines())
    }

    fn take_lines(&mut self) -> Vec<Input> {
        let mut lines = Vec::new();
        while let Some(end) = self.pending.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=end).collect();
            if std::mem::take(&mut self.skipping) {
                continue;
            }
            lines.push(Self::input(&line[..line.len() - 1], self.max));
        }
        if self.pending.len() > self.max {
            if !self.skipping {
                lines.push(Input::TooLong);
            }
            self.skipping = true;
            self.pending.clear();
        }
        if self.at_eof && !self.pending.is_empty() {
            let line = std::mem::take(&mut self.pending);
            if !std::mem::take(&mut self.skipping) {
                lines.push(Self::input(&line, self.max));
            }
        }
        lines
    }

    fn input(line: &[u8], max: usize) -> Input {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.len() > max {
            return Input::TooLong;
        }
        match std::str::from_utf8(line) {
            Ok(text) => Input::Line(text.to_owned()),
            Err(_) => Input::NotText,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to(addr: &str, text: &str) -> Option<Outgoing> {
        Some(Outgoing { dst: Some(addr.parse().unwrap()), data: text.into() })
    }

    #[test]
    fn a_line_is_a_destination_and_a_text() {
        assert_eq!(parse("192.168.0.2 Hola!", false).unwrap(), to("192.168.0.2", "Hola!"));
        assert_eq!(
            parse("  192.168.0.2   dos  espacios ", false).unwrap(),
            to("192.168.0.2", "dos  espacios")
        );
        assert_eq!(
            parse("Hola a alguien", false).unwrap(),
            Some(Outgoing { dst: None, data: "Hola a alguien".into() })
        );
        assert_eq!(parse("3.14 es pi", false).unwrap().unwrap().dst, None);
        assert_eq!(parse("0xC0A80002 Hola!", false).unwrap(), to("192.168.0.2", "Hola!"));
        assert!(parse("0x1C0A80002 Hola!", false).unwrap_err().contains("not an IPv4 address"));
        assert_eq!(parse("   ", false).unwrap(), None);
    }

    #[test]
    fn bad_lines_are_refused_with_the_reason() {
        assert!(parse("192.168.0.300 hola", false).unwrap_err().contains("not an IPv4 address"));
        assert!(parse("192.168.0.2", false).unwrap_err().contains("nothing to send"));
    }

    #[test]
    fn only_text_unless_allowed() {
        assert_eq!(parse("192.168.0.2 [1, 2]", false).unwrap(), to("192.168.0.2", "[1, 2]"));
        let value = parse("192.168.0.2 [1, 2]", true).unwrap().unwrap().data;
        assert_eq!(value, serde_json::json!([1, 2]));
        assert_eq!(parse("192.168.0.2 \"texto\"", true).unwrap(), to("192.168.0.2", "\"texto\""));
    }

    #[test]
    fn long_lines_are_dropped_whole_and_the_next_one_is_read() {
        let mut reader = LineReader::new(8);
        reader.pending.extend_from_slice(b"0123456789abcdef");
        assert_eq!(reader.take_lines(), [Input::TooLong]);
        reader.pending.extend_from_slice(b"ghij\nok\n\xff\n");
        assert_eq!(reader.take_lines(), [Input::Line("ok".into()), Input::NotText]);
        reader.pending.extend_from_slice(b"last");
        reader.at_eof = true;
        assert_eq!(reader.take_lines(), [Input::Line("last".into())]);
    }
}
