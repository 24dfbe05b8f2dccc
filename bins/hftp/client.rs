//! `hftp client`: `ls`, `stat NAME`, `get NAME` (the whole file, slice by slice, checked against its
//! size and written atomically), `raw TEXT...` (bytes sent as given, each reply's status reported: how
//! the labs test a server's error codes), or an interactive session like telnet's.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown as Direction, SocketAddr, TcpStream};
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use socklab::cli::{EXIT_FAILURE, EXIT_OK};
use socklab::event::{Event, Events, printable};
use socklab::tr;

use crate::protocol::Status;

pub enum Action {
    List,
    Stat {
        name: String,
    },
    /// `hold`: after each request, read nothing until no more bytes have arrived for this long (the
    /// server has sent all it could), so that a reply cut short by a partial send() shows.
    Get {
        name: String,
        out: Option<PathBuf>,
        slice_size: u64,
        hold: Option<Duration>,
    },
    /// `split`: each byte sent once the server has read the one before; `linger`: then keep the
    /// connection open this long.
    Raw {
        texts: Vec<Vec<u8>>,
        split: bool,
        linger: Option<Duration>,
    },
    Interactive,
}

pub struct ClientOptions {
    pub to: SocketAddr,
    pub timeout: Duration,
    pub action: Action,
}

/// A connection with its replies read line by line.
struct Connection {
    stream: TcpStream,
    reader: BufReader<TcpStream>,
    /// Longest reply line accepted (a slice's base64 is one line).
    max_line: usize,
}

impl Connection {
    fn open(options: &ClientOptions, max_line: usize) -> Result<Self> {
        let stream = TcpStream::connect_timeout(&options.to, options.timeout)
            .with_context(|| tr!("hftp-cannot-connect", addr = options.to.to_string()))?;
        stream.set_read_timeout(Some(options.timeout))?;
        stream.set_write_timeout(Some(options.timeout))?;
        let reader = BufReader::with_capacity(256 << 10, stream.try_clone()?);
        Ok(Self { stream, reader, max_line })
    }

    fn send(&mut self, bytes: &[u8]) -> Result<()> {
        self.stream.write_all(bytes).with_context(|| tr!("hftp-cannot-send"))
    }

    fn request(&mut self, line: &str) -> Result<()> {
        self.send(format!("{line}\r\n").as_bytes())
    }

    /// One reply line without its `\r\n`; `None` if the server closed the connection first.
    fn line(&mut self) -> Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        let limit = self.max_line as u64 + 2;
        let read = match (&mut self.reader).take(limit).read_until(b'\n', &mut line) {
            Ok(read) => read,
            // How much came depends on the kernel's buffers at that moment: not said, so that the
            // same server always gets the same words.
            Err(err) if !line.is_empty() => {
                bail!(tr!("hftp-reply-cut", cause = timeout_says(err).to_string()))
            }
            Err(err) => return Err(timeout_says(err)),
        };
        if read == 0 {
            return Ok(None);
        }
        if !line.ends_with(b"\r\n") {
            if line.len() as u64 >= limit {
                bail!(tr!("hftp-reply-too-long", max = self.max_line));
            }
            if line.ends_with(b"\n") {
                bail!(tr!("hftp-reply-bare-newline", line = format!("{:?}", printable(&line))));
            }
            bail!(tr!("hftp-reply-closed-inside"));
        }
        line.truncate(line.len() - 2);
        Ok(Some(line))
    }

    /// A status line: the status, and the text after the code.
    fn status(&mut self) -> Result<Option<(u16, String)>> {
        let Some(line) = self.line()? else { return Ok(None) };
        let text = String::from_utf8_lossy(&line).into_owned();
        let (code, message) = text.split_once(' ').unwrap_or((&text, ""));
        let code = code
            .parse::<u16>()
            .map_err(|_| anyhow!(tr!("hftp-not-status-line", line = format!("{:?}", printable(&line)))))?;
        Ok(Some((code, message.to_owned())))
    }

    /// The status of a command that must succeed; an error that says what the server answered.
    fn expect_ok(&mut self, command: &str) -> Result<()> {
        match self.status()? {
            Some((0, _)) => Ok(()),
            Some((code, message)) => Err(anyhow!(tr!(
                "hftp-server-answered",
                command = command.to_owned(),
                code = code,
                message = message
            ))),
            None => Err(anyhow!(tr!("hftp-server-closed-no-reply", command = command.to_owned()))),
        }
    }

    fn quit(mut self) -> Result<()> {
        self.request("quit")?;
        self.expect_ok("quit")
    }
}

fn timeout_says(err: io::Error) -> anyhow::Error {
    if matches!(err.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) {
        anyhow!(tr!("hftp-no-reply-timeout"))
    } else {
        anyhow!(tr!("hftp-cannot-receive", error = err.to_string()))
    }
}

pub fn run(options: ClientOptions, events: Events) -> Result<u8> {
    match &options.action {
        Action::List => {
            let mut connection = Connection::open(&options, 64 << 10)?;
            let mut names = list(&mut connection)?;
            names.sort();
            for name in &names {
                events.emit(Event::quiet("file").field("name", name.clone()));
            }
            if !events.is_json() {
                // A reader that stops early (`| head`) is no error.
                let mut out = io::stdout().lock();
                for name in &names {
                    if writeln!(out, "{name}").is_err() {
                        break;
                    }
                }
            }
            events.emit(Event::quiet("listing").field(
                "files",
                names.iter().map(|n| serde_json::Value::from(n.clone())).collect::<Vec<_>>(),
            ));
            connection.quit()?;
        }
        Action::Stat { name } => {
            let mut connection = Connection::open(&options, 64 << 10)?;
            let size = metadata(&mut connection, name)?;
            events.emit(
                Event::new("metadata", tr!("hftp-metadata", name = name.clone(), size = size))
                    .field("name", name.clone())
                    .field("size", size),
            );
            connection.quit()?;
        }
        Action::Get { name, out, slice_size, hold } => {
            let max_line = usize::try_from(slice_size.div_ceil(3) * 4).unwrap_or(usize::MAX).max(64 << 10);
            let mut connection = Connection::open(&options, max_line)?;
            let path = out.clone().unwrap_or_else(|| PathBuf::from(name));
            let size = download(&mut connection, name, *slice_size, *hold, &path)?;
            events.emit(
                Event::new(
                    "saved",
                    tr!("hftp-saved", name = name.clone(), size = size, path = path.display().to_string()),
                )
                .field("name", name.clone())
                .field("size", size)
                .field("path", path.display().to_string()),
            );
            connection.quit()?;
        }
        Action::Raw { texts, split, linger } => return raw(&options, texts, *split, *linger, events),
        Action::Interactive => return interactive(&options, events),
    }
    Ok(EXIT_OK)
}

fn list(connection: &mut Connection) -> Result<Vec<String>> {
    connection.request("get_file_listing")?;
    connection.expect_ok("get_file_listing")?;
    let mut names = Vec::new();
    loop {
        match connection.line()? {
            Some(line) if line.is_empty() => return Ok(names),
            Some(line) => names.push(String::from_utf8_lossy(&line).into_owned()),
            None => bail!(tr!("hftp-listing-closed")),
        }
    }
}

fn metadata(connection: &mut Connection, name: &str) -> Result<u64> {
    connection.request(&format!("get_metadata {name}"))?;
    connection.expect_ok("get_metadata")?;
    let line = connection.line()?.ok_or_else(|| anyhow!(tr!("hftp-metadata-no-size")))?;
    let text = String::from_utf8_lossy(&line);
    text.trim().parse().map_err(|_| anyhow!(tr!("hftp-metadata-bad-size", text = format!("{text:?}"))))
}

/// Fetches `name` slice by slice into a temporary file beside `path`, checks that exactly its size
/// arrived, and renames it into place.
fn download(
    connection: &mut Connection,
    name: &str,
    slice_size: u64,
    hold: Option<Duration>,
    path: &Path,
) -> Result<u64> {
    if path.is_dir() {
        bail!(tr!("hftp-out-is-folder", path = path.display().to_string()));
    }
    let size = metadata(connection, name)?;
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".hftp-")
        .tempfile_in(dir)
        .with_context(|| tr!("hftp-cannot-write-in", dir = dir.display().to_string()))?;
    let mut offset = 0;
    while offset < size {
        let count = slice_size.min(size - offset);
        connection.request(&format!("get_slice {name} {offset} {count}"))?;
        if let Some(quiet) = hold {
            socklab::unread::wait_until_quiet(connection.stream.as_fd(), quiet, Duration::from_secs(60))?;
        }
        connection.expect_ok("get_slice")?;
        let line = connection.line()?.ok_or_else(|| anyhow!(tr!("hftp-slice-no-data")))?;
        let bytes = STANDARD
            .decode(&line)
            .map_err(|err| anyhow!(tr!("hftp-slice-not-base64", error = err.to_string())))?;
        if bytes.len() as u64 != count {
            bail!(tr!(
                "hftp-slice-wrong-size",
                name = name.to_owned(),
                offset = offset,
                count = count,
                got = bytes.len()
            ));
        }
        temp.write_all(&bytes)?;
        offset += count;
    }
    // Readable like any file the user makes (a temporary file is private to its owner).
    temp.as_file().set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644))?;
    temp.as_file().sync_all()?;
    temp.persist(path)
        .map_err(|err| err.error)
        .with_context(|| tr!("hftp-cannot-save", path = path.display().to_string()))?;
    Ok(size)
}

/// Sends each text as given and reports the status of each request in it (each piece of it up to a `\n`);
/// after a fatal status or `quit`, whether the server closed the connection.
fn raw(
    options: &ClientOptions,
    texts: &[Vec<u8>],
    split: bool,
    linger: Option<Duration>,
    events: Events,
) -> Result<u8> {
    let mut connection = Connection::open(options, 64 << 20)?;
    let mut last = None;
    for text in texts {
        // A server that closed the connection (after a fatal status, say) makes a send fail: its
        // replies are read all the same, and the failure is said after them.
        let sent =
            if split { send_split(&mut connection, text, options.timeout) } else { connection.send(text) };
        let requests: Vec<&[u8]> = text.split(|b| *b == b'\n').filter(|r| !r.is_empty()).collect();
        for request in &requests {
            let Some((code, message)) = connection.status()? else {
                events.emit(Event::new("closed", tr!("hftp-closed-without-reply")).field("replied", false));
                return Ok(EXIT_FAILURE);
            };
            events.emit(
                Event::new("status", format!("{code} {message}"))
                    .field("sent", shown(request.strip_suffix(b"\r").unwrap_or(request)))
                    .field("code", code)
                    .field("message", message),
            );
            // The data of a successful reply, by the command that was sent.
            if code == 0 {
                match request.split(|b| *b == b' ' || *b == b'\r').next() {
                    Some(b"get_file_listing") | Some(b"help") => {
                        while connection.line()?.is_some_and(|line| !line.is_empty()) {}
                    }
                    Some(b"get_metadata") | Some(b"get_slice") => {
                        connection.line()?;
                    }
                    _ => {}
                }
            }
            last = Some((Status::from_code(code), request.starts_with(b"quit")));
            if last.is_some_and(|(status, quit)| quit || status.is_some_and(Status::is_fatal)) {
                break;
            }
        }
        if let Err(err) = sent {
            if last.is_some_and(|(status, quit)| quit || status.is_some_and(Status::is_fatal)) {
                break;
            }
            return Err(err);
        }
    }
    if last.is_some_and(|(status, quit)| quit || status.is_some_and(Status::is_fatal)) {
        let closed = closes(&mut connection);
        events.emit(
            Event::new("closed", if closed { tr!("hftp-closed-by-server") } else { tr!("hftp-kept-open") })
                .field("replied", true)
                .field("by_server", closed),
        );
    }
    if let Some(linger) = linger {
        events.emit(Event::quiet("lingering").field("seconds", linger.as_secs_f64()));
        std::thread::sleep(linger);
    }
    let _ = connection.stream.shutdown(Direction::Both);
    Ok(EXIT_OK)
}

/// A request as events show it: printable, and at most 200 bytes of it.
fn shown(request: &[u8]) -> String {
    const SHOWN: usize = 200;
    if request.len() <= SHOWN {
        return printable(request);
    }
    format!("{}... ({} bytes)", printable(&request[..SHOWN]), request.len())
}

/// Sends `text` a byte at a time, each once the server has read the one before (its receive queue,
/// seen in /proc/net/tcp, is empty): a server must put a request together from pieces.
fn send_split(connection: &mut Connection, text: &[u8], timeout: Duration) -> Result<()> {
    let (local, server) = (connection.stream.local_addr()?, connection.stream.peer_addr()?);
    connection.stream.set_nodelay(true)?;
    for byte in text {
        connection.send(std::slice::from_ref(byte))?;
        socklab::unread::wait_until_read(local, server, timeout);
    }
    Ok(())
}

/// Whether the server closes the connection (within the timeout) without sending anything more.
fn closes(connection: &mut Connection) -> bool {
    let mut byte = [0u8; 1];
    match connection.reader.read(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(err) => !matches!(err.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut),
    }
}

/// Lines typed are sent with `\r\n`; everything the server sends is printed as it comes.
fn interactive(options: &ClientOptions, events: Events) -> Result<u8> {
    let connection = Connection::open(options, 64 << 20)?;
    let mut reader = connection.reader;
    reader.get_ref().set_read_timeout(None)?;
    let printer = std::thread::spawn(move || {
        let mut line = Vec::new();
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {
                    let text = printable(line.strip_suffix(b"\r\n").unwrap_or(&line));
                    events.emit(Event::new("line", text.clone()).field("text", text));
                }
            }
        }
    });
    let mut stream = connection.stream;
    for line in io::stdin().lock().lines() {
        let line = line.with_context(|| tr!("hftp-cannot-read-input"))?;
        stream.write_all(format!("{line}\r\n").as_bytes()).with_context(|| tr!("hftp-cannot-send"))?;
    }
    let _ = stream.shutdown(Direction::Write);
    let _ = printer.join();
    Ok(EXIT_OK)
}

/// `\r`, `\n`, `\t`, `\\` and `\xNN` in a `raw` argument, so that a shell can give any bytes.
pub fn unescape(text: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        if ch != '\\' {
            let mut buffer = [0u8; 4];
            bytes.extend_from_slice(ch.encode_utf8(&mut buffer).as_bytes());
            continue;
        }
        match chars.next() {
            Some('r') => bytes.push(b'\r'),
            Some('n') => bytes.push(b'\n'),
            Some('t') => bytes.push(b'\t'),
            Some('\\') => bytes.push(b'\\'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                let byte = u8::from_str_radix(&hex, 16)
                    .map_err(|_| tr!("hftp-escape-not-hex", hex = hex.clone()))?;
                bytes.push(byte);
            }
            other => {
                return Err(tr!("hftp-escape-unknown", escape = other.map(String::from).unwrap_or_default()));
            }
        }
    }
    Ok(bytes)
}
