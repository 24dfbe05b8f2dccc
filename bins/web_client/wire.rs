//! `--show-wire`: the bytes of a request and of a response head as lines a student reads, like
//! `curl -v` — `> ` before each line sent, `< ` before each line received. The blank line that ends
//! a head shows as a bare `> ` or `< `: it is part of the message (RFC 9112 §2.1).

use socklab::event::printable;

/// Which way the bytes went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Sent,
    Received,
}

impl Direction {
    /// `>` for bytes sent, `<` for bytes received.
    pub fn prefix(self) -> &'static str {
        match self {
            Direction::Sent => ">",
            Direction::Received => "<",
        }
    }

    /// The stable name used in the `wire` event.
    pub fn name(self) -> &'static str {
        match self {
            Direction::Sent => "sent",
            Direction::Received => "received",
        }
    }
}

/// The lines of a head, each without its line end; a line that ended in a bare LF (no CR) keeps a
/// visible `\n` so the difference shows. Non-UTF-8 and control bytes are escaped.
pub fn lines(head: &[u8]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest = head;
    while !rest.is_empty() {
        let (line, next) = match rest.iter().position(|&b| b == b'\n') {
            Some(end) => (&rest[..=end], &rest[end + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        let text = if let Some(line) = line.strip_suffix(b"\r\n") {
            printable(line)
        } else if let Some(line) = line.strip_suffix(b"\n") {
            format!("{}\\n", printable(line))
        } else {
            printable(line)
        };
        lines.push(text);
        rest = next;
    }
    lines
}

/// The lines prefixed for a terminal: `> GET / HTTP/1.1`, ..., `> `.
pub fn render(direction: Direction, head: &[u8]) -> String {
    lines(head).iter().map(|line| format!("{} {line}", direction.prefix())).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_renders_with_prefixes_and_the_blank_line() {
        let shown = render(Direction::Sent, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assert_eq!(shown, "> GET / HTTP/1.1\n> Host: x\n> ");
    }

    #[test]
    fn bare_lf_and_binary_bytes_are_visible() {
        assert_eq!(lines(b"HTTP/1.0 200 OK\nX: \xff\r\n\r\n"), ["HTTP/1.0 200 OK\\n", "X: \\xff", ""]);
    }
}
