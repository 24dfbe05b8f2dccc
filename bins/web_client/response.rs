//! Reading a response off the wire: the head parsed with `httparse`, then the body framed the way
//! RFC 9112 §6.3 says a client finds its end — by `Content-Length`, by chunked transfer coding, or
//! when the server closes the connection.
//!
//! The entry point is [`read`]. Everything is bounded: the head by [`MAX_HEAD`], the body by the
//! caller's `max_body`, checked before the bytes are read, so a server can never make the client
//! hold more than that in memory.

use std::io::{self, Read};

use anyhow::{Result, anyhow, bail};
use socklab::cli::format_size;
use socklab::event::printable;
use socklab::tr;

/// The largest response head accepted (status line, headers and the blank line), in bytes.
pub const MAX_HEAD: usize = 64 << 10;
/// Most header fields in one head.
const MAX_HEADERS: usize = 256;
/// Longest chunk-size line (size, extensions, CRLF) accepted, in bytes.
const MAX_CHUNK_LINE: usize = 4 << 10;
/// Bytes asked of the socket per read.
const READ_SIZE: usize = 64 << 10;

/// How the end of a body was found (RFC 9112 §6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `Content-Length: N`: exactly N bytes follow the head.
    ContentLength(u64),
    /// `Transfer-Encoding: chunked`: size-prefixed chunks ending in a zero-size chunk (§7.1).
    Chunked,
    /// No length: the body is everything until the server closes the connection.
    Close,
    /// 1xx, 204 and 304 responses have no body whatever their headers say.
    None,
}

impl Framing {
    /// The stable name used in events and saved metadata.
    pub fn name(self) -> &'static str {
        match self {
            Framing::ContentLength(_) => "content-length",
            Framing::Chunked => "chunked",
            Framing::Close => "close",
            Framing::None => "none",
        }
    }

    /// What a person reads in the summary line.
    pub fn describe(self) -> String {
        match self {
            Framing::ContentLength(_) => "Content-Length".to_owned(),
            Framing::Chunked => "chunked".to_owned(),
            Framing::Close => tr!("web-client-framing-close"),
            Framing::None => tr!("web-client-framing-none"),
        }
    }
}

/// A response head as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The exact bytes of the status line, the header fields and the blank line.
    pub raw: Vec<u8>,
    /// The minor version: 0 for HTTP/1.0, 1 for HTTP/1.1.
    pub minor_version: u8,
    pub status: u16,
    pub reason: String,
    /// Header fields in the order received; values are bytes (RFC 9110 §5.5 allows obs-text).
    pub headers: Vec<(String, Vec<u8>)>,
}

impl Head {
    /// `HTTP/1.1`.
    pub fn version(&self) -> String {
        format!("HTTP/1.{}", self.minor_version)
    }

    /// Every value of the field `name` (case-insensitive, RFC 9110 §5.1).
    pub fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.headers
            .iter()
            .filter(move |(field, _)| field.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }

    /// The first value of the field `name`, as text.
    pub fn value(&self, name: &str) -> Option<String> {
        self.values(name).next().map(|value| String::from_utf8_lossy(value).trim().to_owned())
    }

    /// The status line without its CRLF, printable.
    pub fn status_line(&self) -> String {
        let end = self.raw.iter().position(|&b| b == b'\n').unwrap_or(self.raw.len());
        printable(self.raw[..end].strip_suffix(b"\r").unwrap_or(&self.raw[..end]))
    }
}

/// A whole response: the final head, any 1xx interim heads before it, and the decoded body.
#[derive(Debug)]
pub struct Response {
    pub interim: Vec<Head>,
    pub head: Head,
    pub framing: Framing,
    /// The body with any chunked coding removed (other codings, e.g. gzip, are left as sent).
    pub body: Vec<u8>,
}

/// Reads one response to a GET from `stream`: skips 1xx interim responses (RFC 9110 §15.2), then
/// reads the final head and its body.
///
/// Errors (each one line): the connection closed or timed out before the end; a malformed head,
/// chunk or `Content-Length` (`malformed response: ...`); a head over [`MAX_HEAD`]; a body over
/// `max_body` bytes (found before it is read when the length is announced).
pub fn read(stream: impl Read, max_body: u64) -> Result<Response> {
    let mut wire = Wire::new(stream);
    let mut interim = Vec::new();
    let head = loop {
        let head = wire.head()?;
        match head.status {
            101 => {
                bail!(tr!("web-client-unasked-upgrade"))
            }
            100..=199 => interim.push(head),
            _ => break head,
        }
    };
    let framing = framing(&head)?;
    let body = match framing {
        Framing::None => Vec::new(),
        Framing::ContentLength(length) => {
            if length > max_body {
                bail!(tr!("web-client-body-too-long", length = length, max = format_size(max_body)));
            }
            let mut body = Vec::with_capacity(length.min(READ_SIZE as u64) as usize);
            wire.exact(length, &mut body).map_err(|err| {
                anyhow!(tr!(
                    "web-client-body-partly-received",
                    error = format!("{err:#}"),
                    got = body.len(),
                    length = length
                ))
            })?;
            body
        }
        Framing::Chunked => wire.chunked(max_body)?,
        Framing::Close => wire.until_close(max_body)?,
    };
    Ok(Response { interim, head, framing, body })
}

/// Finds how the body of `head` ends (RFC 9112 §6.3, for a response to GET).
///
/// Errors: `Content-Length` that is not a number, or several different ones.
pub fn framing(head: &Head) -> Result<Framing> {
    if matches!(head.status, 100..=199 | 204 | 304) {
        return Ok(Framing::None);
    }
    if let Some(codings) = comma_list(head.values("transfer-encoding")).last() {
        // §6.3 rule 4: chunked must be the final coding; otherwise the body runs until the close.
        // Transfer-Encoding overrides any Content-Length (rule 3).
        return Ok(if codings.eq_ignore_ascii_case("chunked") { Framing::Chunked } else { Framing::Close });
    }
    let mut length: Option<u64> = None;
    for text in comma_list(head.values("content-length")) {
        let valid = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
        let value: u64 = match text.parse() {
            Ok(value) if valid => value,
            _ => bail!(tr!("web-client-bad-content-length", text = format!("{text:?}"))),
        };
        // §6.3 rule 5: a list of identical values may be taken as one; different values are an error.
        if length.is_some_and(|seen| seen != value) {
            bail!(tr!("web-client-conflicting-lengths", first = length.unwrap_or(0), second = value));
        }
        length = Some(value);
    }
    Ok(length.map_or(Framing::Close, Framing::ContentLength))
}

/// The elements of comma-separated field values, trimmed, empty ones dropped (RFC 9110 §5.6.1).
fn comma_list<'a>(values: impl Iterator<Item = &'a [u8]>) -> Vec<String> {
    values
        .flat_map(|value| {
            String::from_utf8_lossy(value).split(',').map(|part| part.trim().to_owned()).collect::<Vec<_>>()
        })
        .filter(|part| !part.is_empty())
        .collect()
}

/// What a failed read says; a read timeout is named as such.
fn read_error(err: io::Error) -> anyhow::Error {
    if matches!(err.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) {
        anyhow!(tr!("web-client-read-timeout"))
    } else {
        anyhow!(tr!("web-client-cannot-receive", error = err.to_string()))
    }
}

/// A buffered reader over the connection; bytes read past the head wait here for the body.
struct Wire<R> {
    inner: R,
    buf: Vec<u8>,
    start: usize,
}

impl<R: Read> Wire<R> {
    fn new(inner: R) -> Self {
        Self { inner, buf: Vec::new(), start: 0 }
    }

    fn available(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    fn consume(&mut self, count: usize) {
        self.start += count;
        if self.start == self.buf.len() {
            self.buf.clear();
            self.start = 0;
        }
    }

    /// Reads more bytes into the buffer; `Ok(0)` when the server has closed the connection.
    fn fill(&mut self) -> Result<usize> {
        if self.start > 0 {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        let old = self.buf.len();
        self.buf.resize(old + READ_SIZE, 0);
        loop {
            match self.inner.read(&mut self.buf[old..]) {
                Ok(count) => {
                    self.buf.truncate(old + count);
                    return Ok(count);
                }
                // A signal arrived during the read: nothing was lost, read again.
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => {
                    self.buf.truncate(old);
                    return Err(read_error(err));
                }
            }
        }
    }

    fn head(&mut self) -> Result<Head> {
        loop {
            let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
            let mut parsed = httparse::Response::new(&mut fields);
            let available = &self.buf[self.start..];
            match parsed.parse(available) {
                Ok(httparse::Status::Complete(length)) if length <= MAX_HEAD => {
                    let head = Head {
                        raw: available[..length].to_vec(),
                        minor_version: parsed.version.unwrap_or(1),
                        status: parsed.code.unwrap_or(0),
                        reason: parsed.reason.unwrap_or("").to_owned(),
                        headers: parsed
                            .headers
                            .iter()
                            .map(|field| (field.name.to_owned(), field.value.to_vec()))
                            .collect(),
                    };
                    self.consume(length);
                    return Ok(head);
                }
                Ok(_) if available.len() >= MAX_HEAD => {
                    bail!(tr!("web-client-head-too-large", max = format_size(MAX_HEAD as u64)))
                }
                Ok(_) => {}
                Err(err) => {
                    let start = &available[..available.len().min(40)];
                    bail!(tr!("web-client-bad-head", error = err.to_string(), start = printable(start)))
                }
            }
            if self.fill()? == 0 {
                if self.available().is_empty() {
                    bail!(tr!("web-client-closed-no-response"));
                }
                bail!(tr!("web-client-closed-in-head"));
            }
        }
    }

    /// Appends exactly `count` bytes to `out`.
    fn exact(&mut self, count: u64, out: &mut Vec<u8>) -> Result<()> {
        let mut left = count;
        while left > 0 {
            if self.available().is_empty() && self.fill()? == 0 {
                bail!(tr!("web-client-closed-in-body"));
            }
            let take = self.available().len().min(usize::try_from(left).unwrap_or(usize::MAX));
            out.extend_from_slice(&self.available()[..take]);
            self.consume(take);
            left -= take as u64;
        }
        Ok(())
    }

    /// The body until the server closes, at most `max_body` bytes.
    fn until_close(&mut self, max_body: u64) -> Result<Vec<u8>> {
        let mut body = Vec::new();
        loop {
            let available = self.available().len();
            if body.len() as u64 + available as u64 > max_body {
                bail!(tr!("web-client-body-over-until-close", max = format_size(max_body)));
            }
            body.extend_from_slice(self.available());
            self.consume(available);
            if self.fill()? == 0 {
                return Ok(body);
            }
        }
    }

    /// A chunked body (RFC 9112 §7.1), decoded; chunk extensions and trailer fields are ignored.
    fn chunked(&mut self, max_body: u64) -> Result<Vec<u8>> {
        let mut body = Vec::new();
        loop {
            let size = self.chunk_size()?;
            if size == 0 {
                self.trailers()?;
                return Ok(body);
            }
            if body.len() as u64 + size > max_body {
                bail!(tr!(
                    "web-client-body-over-chunk",
                    max = format_size(max_body),
                    size = size,
                    after = body.len()
                ));
            }
            self.exact(size, &mut body)?;
            self.crlf()?;
        }
    }

    /// The size on a chunk-size line, the line consumed.
    fn chunk_size(&mut self) -> Result<u64> {
        loop {
            match httparse::parse_chunk_size(self.available()) {
                Ok(httparse::Status::Complete((length, size))) => {
                    self.consume(length);
                    return Ok(size);
                }
                Ok(httparse::Status::Partial) if self.available().len() > MAX_CHUNK_LINE => {
                    bail!(tr!("web-client-chunk-line-too-long", max = MAX_CHUNK_LINE))
                }
                Ok(httparse::Status::Partial) => {}
                Err(_) => {
                    let line = self.available().split(|&b| b == b'\n').next().unwrap_or_default();
                    let line = &line[..line.len().min(40)];
                    bail!(tr!("web-client-bad-chunk-line", line = printable(line)))
                }
            }
            if self.fill()? == 0 {
                bail!(tr!("web-client-closed-in-chunks"));
            }
        }
    }

    /// The CRLF after chunk data.
    fn crlf(&mut self) -> Result<()> {
        while self.available().len() < 2 {
            if self.fill()? == 0 {
                bail!(tr!("web-client-closed-in-chunks"));
            }
        }
        if &self.available()[..2] != b"\r\n" {
            bail!(tr!("web-client-chunk-no-crlf"));
        }
        self.consume(2);
        Ok(())
    }

    /// Trailer fields after the last chunk, up to the blank line; read and dropped.
    fn trailers(&mut self) -> Result<()> {
        let mut total = 0;
        loop {
            if let Some(end) = self.available().iter().position(|&b| b == b'\n') {
                let blank = end == 0 || (end == 1 && self.available()[0] == b'\r');
                self.consume(end + 1);
                total += end + 1;
                if blank {
                    return Ok(());
                }
                continue;
            }
            if total + self.available().len() > MAX_HEAD {
                bail!(tr!("web-client-trailer-too-large", max = format_size(MAX_HEAD as u64)));
            }
            if self.fill()? == 0 {
                bail!(tr!("web-client-closed-in-trailer"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out its bytes in the pieces given, one piece per read.
    struct Pieces(Vec<Vec<u8>>);

    impl Read for Pieces {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let Some(piece) = self.0.first_mut() else { return Ok(0) };
            let count = piece.len().min(out.len());
            out[..count].copy_from_slice(&piece[..count]);
            piece.drain(..count);
            if piece.is_empty() {
                self.0.remove(0);
            }
            Ok(count)
        }
    }

    fn split_at(bytes: &[u8], at: usize) -> Pieces {
        Pieces(
            vec![bytes[..at].to_vec(), bytes[at..].to_vec()].into_iter().filter(|p| !p.is_empty()).collect(),
        )
    }

    fn one_byte_at_a_time(bytes: &[u8]) -> Pieces {
        Pieces(bytes.iter().map(|&b| vec![b]).collect())
    }

    const CHUNKED: &[u8] = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
        5\r\nhello\r\n1;name=value\r\n \r\nA\r\n0123456789\r\n0\r\nExpires: never\r\n\r\n";

    #[test]
    fn chunked_body_decodes_whatever_the_reads_split() {
        for at in 0..=CHUNKED.len() {
            let response = read(split_at(CHUNKED, at), 1 << 20).unwrap();
            assert_eq!(response.body, b"hello 0123456789", "split at {at}");
            assert_eq!(response.framing, Framing::Chunked);
        }
        let response = read(one_byte_at_a_time(CHUNKED), 1 << 20).unwrap();
        assert_eq!(response.body, b"hello 0123456789");
    }

    #[test]
    fn chunked_body_with_binary_data_is_byte_exact() {
        let data: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
        let mut wire = b"HTTP/1.1 200 OK\r\ntransfer-encoding: gzip, chunked\r\n\r\n".to_vec();
        for piece in data.chunks(1000) {
            wire.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
            wire.extend_from_slice(piece);
            wire.extend_from_slice(b"\r\n");
        }
        wire.extend_from_slice(b"0\r\n\r\n");
        for at in (0..wire.len()).step_by(7) {
            assert_eq!(read(split_at(&wire, at), 1 << 20).unwrap().body, data, "split at {at}");
        }
    }

    #[test]
    fn chunked_body_errors_are_malformed_or_over_the_limit() {
        let bad_size = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n";
        let err = read(&bad_size[..], 100).unwrap_err().to_string();
        assert!(err.contains("invalid chunk size"), "{err}");
        let wrong_size = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n";
        assert!(read(&wrong_size[..], 100).unwrap_err().to_string().contains("not followed by CRLF"));
        let cut = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel";
        assert!(read(&cut[..], 100).unwrap_err().to_string().contains("closed"));
        assert!(read(CHUNKED, 10).unwrap_err().to_string().contains("--max-body"));
    }

    #[test]
    fn content_length_body_is_read_exactly_and_the_rest_ignored() {
        let wire = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloEXTRA";
        for at in 0..=wire.len() {
            let response = read(split_at(wire, at), 100).unwrap();
            assert_eq!(response.body, b"hello");
            assert_eq!(response.framing, Framing::ContentLength(5));
        }
        let cut = b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nhello";
        assert!(read(&cut[..], 100).unwrap_err().to_string().contains("before the end of the body"));
        assert!(read(&wire[..], 4).unwrap_err().to_string().contains("over --max-body"));
    }

    #[test]
    fn content_length_must_be_one_number() {
        let head = |fields: &str| format!("HTTP/1.1 200 OK\r\n{fields}\r\n\r\nhello");
        let ok = head("Content-Length: 5, 5\r\nContent-Length: 5");
        assert_eq!(read(ok.as_bytes(), 100).unwrap().body, b"hello");
        for bad in [
            "Content-Length: 5\r\nContent-Length: 6",
            "Content-Length: five",
            "Content-Length: -5",
            "Content-Length: +5",
        ] {
            let err = read(head(bad).as_bytes(), 100).unwrap_err().to_string();
            assert!(err.starts_with("malformed response:"), "{bad}: {err}");
        }
    }

    #[test]
    fn close_delimited_body_and_bodiless_statuses() {
        let wire = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it";
        let response = read(&wire[..], 100).unwrap();
        assert_eq!((response.body.as_slice(), response.framing), (&b"all of it"[..], Framing::Close));
        assert!(read(&wire[..], 5).unwrap_err().to_string().contains("--max-body"));
        let no_body = b"HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n";
        assert_eq!(read(&no_body[..], 100).unwrap().framing, Framing::None);
    }

    #[test]
    fn interim_responses_are_skipped() {
        let wire = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        let response = read(&wire[..], 100).unwrap();
        assert_eq!(
            (response.interim.len(), response.head.status, response.body.as_slice()),
            (2, 200, &b"ok"[..])
        );
    }

    #[test]
    fn garbage_and_oversized_heads_are_errors() {
        assert!(
            read(&b"SSH-2.0-OpenSSH\r\n\r\n"[..], 100)
                .unwrap_err()
                .to_string()
                .starts_with("malformed response")
        );
        assert!(read(&b""[..], 100).unwrap_err().to_string().contains("without a response"));
        let mut huge = b"HTTP/1.1 200 OK\r\nX: ".to_vec();
        huge.resize(MAX_HEAD + 10, b'a');
        assert!(read(&huge[..], 100).unwrap_err().to_string().contains("larger than 64KiB"));
    }

    #[test]
    fn head_keeps_the_raw_bytes() {
        let wire = b"HTTP/1.1 404 Not Found\r\nServer: x\r\nContent-Length: 0\r\n\r\n";
        let response = read(&wire[..], 100).unwrap();
        assert_eq!(response.head.raw, wire);
        assert_eq!(response.head.status_line(), "HTTP/1.1 404 Not Found");
        assert_eq!(response.head.value("server").as_deref(), Some("x"));
    }
}
