//! The request a student could type by hand: an HTTP/1.1 GET built as bytes, so that what goes on the
//! wire is exactly what `--show-wire` prints.
//!
//! Shape (RFC 9112 §3 request line, §2.1 CRLF line ends; RFC 9110 §7.2 Host):
//! ```text
//! GET /path?query HTTP/1.1\r\n
//! Host: example.com[:port]\r\n
//! User-Agent: socklab-web-client/<version>\r\n
//! Accept: */*\r\n
//! Connection: close\r\n
//! \r\n
//! ```
//! `Connection: close` asks for one connection per request: the server closes after its answer, so a
//! body without a length ends there too (RFC 9112 §9.6).

use anyhow::{Result, bail};
use url::Url;

/// The `User-Agent` value: the program and its version.
pub const USER_AGENT: &str = concat!("socklab-web-client/", env!("CARGO_PKG_VERSION"));

/// A GET request ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The request target in origin form (RFC 9112 §3.2.1): path and query, never the fragment.
    pub target: String,
    /// The exact bytes to write on the connection.
    pub bytes: Vec<u8>,
}

/// Builds the GET for `url` (http or https). The `Host` header carries the port only when it is not
/// the scheme's default (RFC 9110 §7.2); an IPv6 host keeps its brackets.
///
/// Errors: a URL without a host.
pub fn get(url: &Url) -> Result<Request> {
    let Some(host) = url.host_str() else { bail!(socklab::tr!("web-client-no-host", url = url.to_string())) };
    let host = match url.port() {
        // `Url::port` is None when the port is the scheme's default.
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    let mut target = url.path().to_owned();
    if target.is_empty() {
        target.push('/');
    }
    if let Some(query) = url.query() {
        target.push('?');
        target.push_str(query);
    }
    let text = format!(
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: {USER_AGENT}\r\nAccept: */*\r\nConnection: close\r\n\r\n"
    );
    Ok(Request { target, bytes: text.into_bytes() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(url: &str) -> String {
        String::from_utf8(get(&Url::parse(url).unwrap()).unwrap().bytes).unwrap()
    }

    #[test]
    fn request_has_the_request_line_headers_and_blank_line_with_crlf() {
        let expected = format!(
            "GET /a/b.txt?x=1&y=2 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: {USER_AGENT}\r\nAccept: */*\r\nConnection: close\r\n\r\n"
        );
        assert_eq!(text("http://example.com/a/b.txt?x=1&y=2#part"), expected);
    }

    #[test]
    fn host_has_the_port_only_when_it_is_not_the_default() {
        assert!(text("http://example.com:80/").contains("\r\nHost: example.com\r\n"));
        assert!(text("https://example.com:443/").contains("\r\nHost: example.com\r\n"));
        assert!(text("http://127.0.0.1:8080/").contains("\r\nHost: 127.0.0.1:8080\r\n"));
        assert!(text("https://example.com:80/").contains("\r\nHost: example.com:80\r\n"));
        assert!(text("http://[::1]:8080/").contains("\r\nHost: [::1]:8080\r\n"));
    }

    #[test]
    fn empty_path_becomes_slash() {
        assert!(text("http://example.com").starts_with("GET / HTTP/1.1\r\n"));
        assert!(text("http://example.com?q").starts_with("GET /?q HTTP/1.1\r\n"));
    }

    #[test]
    fn every_line_ends_in_crlf() {
        let bytes = text("http://example.com/");
        for (at, byte) in bytes.bytes().enumerate() {
            if byte == b'\n' {
                assert_eq!(bytes.as_bytes()[at - 1], b'\r');
            }
        }
        assert!(bytes.ends_with("\r\n\r\n"));
    }
}
