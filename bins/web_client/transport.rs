//! The connection under HTTP: a plain `TcpStream` for `http://`, the same stream inside TLS (rustls,
//! ring provider) for `https://`. One connection per request; the caller drops it after the response.
//!
//! Certificates are always verified: against Mozilla's roots (webpki-roots) plus any CA given with
//! `--ca`. There is no way to turn verification off.

use std::io::{self, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{CertificateError, ClientConfig, ClientConnection, RootCertStore, StreamOwned};
use socklab::tr;
use url::{Host, Url};

/// TLS settings shared by every https request of one run.
#[derive(Clone)]
pub struct Tls {
    config: Arc<ClientConfig>,
}

impl Tls {
    /// Mozilla's roots, plus every certificate in the PEM file `ca` when given (a lab's own CA).
    ///
    /// Errors: the file cannot be read, holds no certificate, or a certificate is not valid DER.
    pub fn new(ca: Option<&Path>) -> Result<Self> {
        let mut roots = RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        if let Some(path) = ca {
            let mut added = 0;
            let certificates = CertificateDer::pem_file_iter(path).map_err(|err| {
                anyhow!(tr!(
                    "web-client-ca-unreadable",
                    path = path.display().to_string(),
                    error = err.to_string()
                ))
            })?;
            for certificate in certificates {
                let certificate = certificate.map_err(|err| {
                    anyhow!(tr!(
                        "web-client-ca-not-pem",
                        path = path.display().to_string(),
                        error = err.to_string()
                    ))
                })?;
                roots.add(certificate).map_err(|err| {
                    anyhow!(tr!(
                        "web-client-ca-bad-certificate",
                        path = path.display().to_string(),
                        error = err.to_string()
                    ))
                })?;
                added += 1;
            }
            if added == 0 {
                bail!(tr!("web-client-ca-empty", path = path.display().to_string()));
            }
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .with_context(|| tr!("web-client-tls-setup"))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Self { config: Arc::new(config) })
    }
}

/// What the TLS handshake agreed on.
#[derive(Debug, Clone)]
pub struct TlsInfo {
    /// `TLSv1_3`, `TLSv1_2`.
    pub version: String,
    /// `TLS13_AES_256_GCM_SHA384`.
    pub cipher: String,
}

/// An open connection, plain or inside TLS.
pub enum Stream {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ClientConnection, TcpStream>>),
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(stream) => stream.read(buf),
            Stream::Tls(stream) => match stream.read(buf) {
                // The server closed the TCP connection without TLS close_notify. Many servers do (Python's
                // among them); a body with a length or chunks still detects a cut, a body read until the
                // close cannot (RFC 8446 §6.1).
                Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => Ok(0),
                other => other,
            },
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(stream) => stream.write(buf),
            Stream::Tls(stream) => stream.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stream::Plain(stream) => stream.flush(),
            Stream::Tls(stream) => stream.flush(),
        }
    }
}

/// The host and port of `url`, the port defaulted by scheme (80, 443).
pub fn endpoint(url: &Url) -> Result<(String, u16)> {
    let host = match url.host() {
        Some(Host::Domain(name)) => name.to_owned(),
        Some(Host::Ipv4(ip)) => ip.to_string(),
        Some(Host::Ipv6(ip)) => ip.to_string(),
        None => bail!(tr!("web-client-no-host", url = url.to_string())),
    };
    let port = url
        .port_or_known_default()
        .ok_or_else(|| anyhow!(tr!("web-client-no-port", url = url.to_string())))?;
    Ok((host, port))
}

/// Resolves `host` (DNS, or an IP as is) to the addresses to try, in the resolver's order.
///
/// Errors: the name does not resolve.
pub fn resolve(host: &str, port: u16) -> Result<Vec<SocketAddr>> {
    let found: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|err| {
            anyhow!(tr!("web-client-cannot-resolve", host = host.to_owned(), error = err.to_string()))
        })?
        .collect();
    if found.is_empty() {
        bail!(tr!("web-client-no-address", host = host.to_owned()));
    }
    Ok(found)
}

/// Connects to the first of `addrs` that answers within `timeout`, and sets `timeout` on every
/// later read and write.
///
/// Errors: the last address's failure (refused, timed out, unreachable).
pub fn connect(addrs: &[SocketAddr], timeout: Duration) -> Result<TcpStream> {
    let mut last = None;
    for addr in addrs {
        match TcpStream::connect_timeout(addr, timeout) {
            Ok(stream) => {
                stream.set_read_timeout(Some(timeout))?;
                stream.set_write_timeout(Some(timeout))?;
                // The request goes in one write; no reason to hold it back.
                stream.set_nodelay(true)?;
                return Ok(stream);
            }
            Err(err) => last = Some((*addr, err)),
        }
    }
    let (addr, err) = last.ok_or_else(|| anyhow!(tr!("web-client-nothing-to-connect")))?;
    if matches!(err.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) {
        bail!(tr!(
            "web-client-connect-timeout",
            addr = addr.to_string(),
            timeout = socklab::cli::format_duration(timeout)
        ));
    }
    bail!(tr!("web-client-cannot-connect", addr = addr.to_string(), error = err.to_string()))
}

/// Runs the TLS handshake for `host` over `tcp` and checks the server's certificate.
///
/// Errors: the handshake fails; a certificate problem is named (unknown issuer, wrong name,
/// expired...).
pub fn handshake(tls: &Tls, host: &str, mut tcp: TcpStream) -> Result<(Stream, TlsInfo)> {
    let name = match host.parse::<IpAddr>() {
        Ok(ip) => ServerName::IpAddress(ip.into()),
        Err(_) => ServerName::try_from(host.to_owned())
            .map_err(|_| anyhow!(tr!("web-client-bad-server-name", host = host.to_owned())))?,
    };
    let mut connection = ClientConnection::new(Arc::clone(&tls.config), name).map_err(|err| {
        anyhow!(tr!("web-client-tls-start", host = host.to_owned(), error = err.to_string()))
    })?;
    while connection.is_handshaking() {
        if let Err(err) = connection.complete_io(&mut tcp) {
            return Err(handshake_error(host, err));
        }
    }
    let info = TlsInfo {
        version: connection.protocol_version().map(|v| format!("{v:?}")).unwrap_or_default(),
        cipher: connection.negotiated_cipher_suite().map(|s| format!("{:?}", s.suite())).unwrap_or_default(),
    };
    Ok((Stream::Tls(Box::new(StreamOwned::new(connection, tcp))), info))
}

fn handshake_error(host: &str, err: io::Error) -> anyhow::Error {
    if matches!(err.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) {
        return anyhow!(tr!("web-client-handshake-timeout", host = host.to_owned()));
    }
    let Some(tls) = err.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()) else {
        return anyhow!(tr!("web-client-handshake-failed", host = host.to_owned(), error = err.to_string()));
    };
    match tls {
        rustls::Error::InvalidCertificate(problem) => {
            anyhow!(tr!(
                "web-client-handshake-bad-certificate",
                host = host.to_owned(),
                problem = certificate_problem(problem)
            ))
        }
        rustls::Error::InvalidMessage(_) => {
            anyhow!(tr!("web-client-handshake-not-tls", host = host.to_owned(), error = tls.to_string()))
        }
        other => {
            anyhow!(tr!("web-client-handshake-failed", host = host.to_owned(), error = other.to_string()))
        }
    }
}

/// A certificate problem in words, with rustls's name for it.
fn certificate_problem(problem: &CertificateError) -> String {
    let words = match problem {
        CertificateError::UnknownIssuer => tr!("web-client-cert-unknown-issuer"),
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            tr!("web-client-cert-wrong-name")
        }
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => tr!("web-client-cert-expired"),
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            tr!("web-client-cert-not-yet-valid")
        }
        CertificateError::Revoked => tr!("web-client-cert-revoked"),
        CertificateError::BadSignature => tr!("web-client-cert-bad-signature"),
        CertificateError::BadEncoding => tr!("web-client-cert-bad-encoding"),
        _ => tr!("web-client-cert-rejected"),
    };
    format!("{words} [{problem:?}]")
}
