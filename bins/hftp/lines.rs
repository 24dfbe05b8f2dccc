//! Cutting the request stream into lines. TCP delivers bytes, not lines: a request may arrive one
//! byte at a time, or several at once (the course's tests send `quit\r\n` a character per second, and
//! two `get_file_listing\r\n` in one send()). [`Lines`] keeps what came and hands out whole lines.

/// What the next step of the stream is.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// A whole request, without its `\r\n`.
    Request(Vec<u8>),
    /// A `\n` not preceded by `\r` (status 100, fatal).
    BadEol,
    /// More than `max_line` bytes without a line end (status 101, fatal).
    TooLong,
    /// The line is not complete yet.
    Incomplete,
}

#[derive(Debug)]
pub struct Lines {
    pending: Vec<u8>,
    /// Where the next line starts in `pending`.
    start: usize,
    /// How far `pending` was searched for a `\n` already.
    scanned: usize,
    max_line: usize,
}

impl Lines {
    /// A line longer than `max_line` bytes (its `\r\n` not counted) is refused.
    pub fn new(max_line: usize) -> Self {
        Self { pending: Vec::new(), start: 0, scanned: 0, max_line }
    }

    pub fn push(&mut self, bytes: &[u8]) {
        if self.start > 0 {
            self.pending.drain(..self.start);
            self.scanned -= self.start;
            self.start = 0;
        }
        self.pending.extend_from_slice(bytes);
    }

    /// Bytes of an unfinished line held.
    pub fn held(&self) -> usize {
        self.pending.len() - self.start
    }

    pub fn next(&mut self) -> Line {
        let from = self.scanned.max(self.start);
        match memchr::memchr(b'\n', &self.pending[from..]) {
            Some(at) => {
                let end = from + at;
                if end == self.start || self.pending[end - 1] != b'\r' {
                    return Line::BadEol;
                }
                let line = self.pending[self.start..end - 1].to_vec();
                self.start = end + 1;
                self.scanned = self.start;
                if line.len() > self.max_line {
                    return Line::TooLong;
                }
                Line::Request(line)
            }
            None => {
                self.scanned = self.pending.len();
                // A `\r` at the very end may be the start of the terminator: not counted yet.
                let held = self.held() - usize::from(self.pending.last() == Some(&b'\r'));
                if held > self.max_line { Line::TooLong } else { Line::Incomplete }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(pieces: &[&[u8]]) -> Vec<Line> {
        let mut lines = Lines::new(16);
        let mut got = Vec::new();
        for piece in pieces {
            lines.push(piece);
            loop {
                match lines.next() {
                    Line::Incomplete => break,
                    line => {
                        let stop = !matches!(line, Line::Request(_));
                        got.push(line);
                        if stop {
                            return got;
                        }
                    }
                }
            }
        }
        got
    }

    #[test]
    fn requests_in_pieces_and_together_come_out_whole() {
        let pieces: Vec<&[u8]> = b"quit\r\n".chunks(1).collect();
        assert_eq!(lines_of(&pieces), [Line::Request(b"quit".to_vec())]);
        assert_eq!(
            lines_of(&[b"get_file_listing\r\nget_file_listing\r\n"]),
            [Line::Request(b"get_file_listing".to_vec()), Line::Request(b"get_file_listing".to_vec())]
        );
        assert_eq!(lines_of(&[b"\r\n"]), [Line::Request(Vec::new())]);
    }

    #[test]
    fn a_bare_newline_is_a_bad_eol() {
        assert_eq!(lines_of(&[b"qui\nt\n"]), [Line::BadEol]);
        assert_eq!(lines_of(&[b"\n"]), [Line::BadEol]);
        assert_eq!(lines_of(&[b"quit\r\n", b"x\n"]), [Line::Request(b"quit".to_vec()), Line::BadEol]);
    }

    #[test]
    fn a_line_over_the_maximum_is_refused_without_waiting_for_its_end() {
        assert_eq!(lines_of(&[&[b'x'; 17]]), [Line::TooLong]);
        assert_eq!(lines_of(&[&[b'x'; 16], b"\r"]), Vec::<Line>::new());
        assert_eq!(lines_of(&[&[b'x'; 16], b"\r\n"]), [Line::Request(vec![b'x'; 16])]);
    }
}
