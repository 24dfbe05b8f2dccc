//! The TCP echo client of guide §2.1, made safe for any size: one thread sends the payload with send()
//! calls of at most `--send-size` bytes and then shuts down its side (so the server sees EOF), while
//! the calling thread receives with recv() calls of `--recv-size` bytes until the server closes. Both
//! run at once, so neither side's buffers can fill up and deadlock the exchange, even for 1 GiB.
//! With `--pause` the sender takes turns like a person at the guide's interactive client: a chunk, its
//! echo, a pause, the next chunk.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::os::fd::AsFd;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use socket2::{Domain, Protocol, Socket, Type};
use socklab::cli::{EXIT_FAILURE, EXIT_OK, format_duration};
use socklab::event::{Event, Events, printable};
use socklab::tr;

use crate::buffers::BufferSizes;
use crate::counters::IoCounts;
use crate::payload::{Payload, fill};
use crate::syscalls::send_nowait;
use crate::verify::{Expect, Verifier};

/// Replies up to this size that came from a text message are printed as `Recibido: <text>`.
const SHOW_TEXT_UP_TO: usize = 4096;

#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub to: SocketAddr,
    pub payload: Payload,
    pub send_size: usize,
    pub recv_size: usize,
    pub send_once: bool,
    /// `--pause`: wait for each chunk's echo, then this long (zero: send without taking turns).
    pub pause: Duration,
    pub buffers: BufferSizes,
    pub expect: Expect,
    pub connect_timeout: Duration,
    /// How long a send or receive may wait without progress.
    pub io_timeout: Duration,
}

/// Why connect() did not succeed.
#[derive(Debug)]
pub enum ConnectFailure {
    Refused,
    TimedOut,
    Other(io::Error),
}

impl std::fmt::Display for ConnectFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConnectFailure::Refused => f.write_str(&tr!("tcp-echo-connection-refused")),
            ConnectFailure::TimedOut => f.write_str(&tr!("tcp-echo-timed-out")),
            ConnectFailure::Other(err) => write!(f, "{err}"),
        }
    }
}

/// A TCP socket for the server's address family, with the buffer sizes asked for already set (they
/// must be set before the handshake to take effect).
pub fn new_socket(options: &ClientOptions) -> Result<Socket, ConnectFailure> {
    let socket = Socket::new(Domain::for_address(options.to), Type::STREAM, Some(Protocol::TCP))
        .map_err(ConnectFailure::Other)?;
    options
        .buffers
        .apply(&socket)
        .map_err(|err| ConnectFailure::Other(io::Error::other(format!("{err:#}"))))?;
    Ok(socket)
}

/// Connects within `--connect-timeout`.
pub fn connect(options: &ClientOptions) -> Result<(Socket, Duration), ConnectFailure> {
    let socket = new_socket(options)?;
    let started = Instant::now();
    match socket.connect_timeout(&options.to.into(), options.connect_timeout) {
        Ok(()) => Ok((socket, started.elapsed())),
        Err(err) if err.kind() == io::ErrorKind::ConnectionRefused => Err(ConnectFailure::Refused),
        Err(err) if matches!(err.kind(), io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock) => {
            Err(ConnectFailure::TimedOut)
        }
        Err(err) => Err(ConnectFailure::Other(err)),
    }
}

/// What one exchange did.
pub struct Exchange {
    pub counts: IoCounts,
    /// Bytes the payload has (what should have been sent).
    pub payload_len: u64,
    pub elapsed: Duration,
    pub first_difference: Option<u64>,
    /// The first bytes that came back, to show short replies.
    pub preview: Vec<u8>,
    /// A send or receive error that ended the exchange early.
    pub error: Option<String>,
}

impl Exchange {
    /// The echo is complete and, unless `--expect any`, as expected.
    pub fn ok(&self, expect: Expect) -> bool {
        self.error.is_none()
            && (expect == Expect::Any
                || (self.first_difference.is_none() && self.counts.bytes_in == self.payload_len))
    }

    /// Why the echo is not right, in the terms a student compares: bytes sent against bytes back.
    pub fn problem(&self, expect: Expect) -> Option<String> {
        if let Some(error) = &self.error {
            return Some(error.clone());
        }
        if self.ok(expect) {
            return None;
        }
        let mut counts = tr!("tcp-echo-sent-got", sent = self.payload_len, back = self.counts.bytes_in);
        if self.counts.dropped > 0 {
            counts.push_str(&tr!(
                "tcp-echo-send-once-took",
                took = self.counts.bytes_out,
                bytes = self.payload_len
            ));
        }
        Some(match self.first_difference {
            Some(at) if at < self.counts.bytes_in.min(self.payload_len) => {
                let expected = expect.name();
                match expect {
                    Expect::Echo => {
                        tr!("tcp-echo-differs-echo", counts = counts, at = at, expected = expected)
                    }
                    _ => tr!("tcp-echo-differs", counts = counts, at = at, expected = expected),
                }
            }
            _ => counts,
        })
    }

    pub fn mib_per_s(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64().max(1e-9);
        (self.counts.bytes_out + self.counts.bytes_in) as f64 / 2.0 / (1024.0 * 1024.0) / seconds
    }
}

/// Sends the payload and receives the echo on `socket` at the same time.
pub fn exchange(socket: Socket, options: &ClientOptions) -> Result<Exchange> {
    let stream: TcpStream = socket.into();
    stream.set_read_timeout(Some(options.io_timeout))?;
    stream.set_write_timeout(Some(options.io_timeout))?;
    let payload_len = options.payload.len()?;
    let source = options.payload.open()?;
    let mut verifier = Verifier::new(options.expect, options.payload.open()?);
    let writer_stream = stream.try_clone().with_context(|| tr!("tcp-echo-cannot-share-socket"))?;
    let started = Instant::now();
    // Only a sender that takes turns needs to hear how much of the echo came back.
    let progress = (!options.pause.is_zero()).then(|| Arc::new(EchoProgress::default()));
    let turns =
        progress.as_ref().map(|progress| Turns { pause: options.pause, progress: Arc::clone(progress) });
    let (send_size, send_once) = (options.send_size, options.send_once);
    let writer = std::thread::spawn(move || {
        send_payload(&writer_stream, source, payload_len, send_size, send_once, turns.as_ref())
    });
    let mut counts = IoCounts::default();
    let mut preview = Vec::new();
    let mut buffer = vec![0u8; options.recv_size];
    let mut error = None;
    let mut reader = &stream;
    loop {
        match reader.read(&mut buffer) {
            // The server closed its side: the echo is complete.
            Ok(0) => break,
            Ok(received) => {
                counts.received(received);
                if let Some(progress) = &progress {
                    progress.add(received);
                }
                verifier.check(&buffer[..received]);
                let room = SHOW_TEXT_UP_TO.saturating_sub(preview.len());
                preview.extend_from_slice(&buffer[..received.min(room)]);
            }
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) if matches!(err.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                error = Some(tr!(
                    "tcp-echo-no-data",
                    timeout = format_duration(options.io_timeout),
                    back = counts.bytes_in
                ));
                let _ = stream.shutdown(Shutdown::Both);
                break;
            }
            Err(err) if is_reset(&err) => {
                error = Some(reset_by_server(counts.bytes_in));
                break;
            }
            Err(err) => {
                error = Some(tr!("tcp-echo-receive-failed", back = counts.bytes_in, error = err.to_string()));
                break;
            }
        }
    }
    if let Some(progress) = &progress {
        progress.finish();
    }
    let elapsed = started.elapsed();
    let sent = writer.join().unwrap_or_else(|_| Sent { counts: IoCounts::default(), error: None });
    counts.bytes_out = sent.counts.bytes_out;
    counts.send_calls = sent.counts.send_calls;
    counts.partial_sends = sent.counts.partial_sends;
    counts.dropped = sent.counts.dropped;
    // A send error matters only if the echo is short because of it (a server that sent QUIT's answer
    // and closed makes the rest of the payload fail to send, which `--expect any` accepts).
    if error.is_none() && options.expect != Expect::Any {
        error = sent.error.map(|err| match is_reset(&err) {
            true => reset_by_server(counts.bytes_in),
            false => tr!("tcp-echo-send-failed", sent = counts.bytes_out, error = err.to_string()),
        });
    }
    Ok(Exchange { counts, payload_len, elapsed, first_difference: verifier.first_difference, preview, error })
}

struct Sent {
    counts: IoCounts,
    error: Option<io::Error>,
}

/// The peer reset the connection: which side of the client hears it first (its sending thread with
/// EPIPE/ECONNRESET, or its receiving one) is a matter of timing, so both say the same.
fn is_reset(err: &io::Error) -> bool {
    matches!(err.kind(), io::ErrorKind::ConnectionReset | io::ErrorKind::BrokenPipe)
}

fn reset_by_server(bytes_back: u64) -> String {
    tr!("tcp-echo-reset", back = bytes_back)
}

fn send_payload(
    stream: &TcpStream,
    mut source: Box<dyn Read + Send>,
    payload_len: u64,
    send_size: usize,
    send_once: bool,
    turns: Option<&Turns>,
) -> Sent {
    let mut counts = IoCounts::default();
    let error = if send_once {
        send_whole_payload_once(stream, &mut source, payload_len, &mut counts)
    } else {
        send_in_chunks(stream, &mut source, send_size, turns, &mut counts)
    }
    .err();
    // Half-close: the server reads EOF, finishes its echo and closes; we keep reading until then.
    let _ = stream.shutdown(Shutdown::Write);
    Sent { counts, error }
}

fn send_in_chunks(
    stream: &TcpStream,
    source: &mut dyn Read,
    send_size: usize,
    turns: Option<&Turns>,
    counts: &mut IoCounts,
) -> io::Result<()> {
    let mut buffer = vec![0u8; send_size];
    let mut writer = stream;
    loop {
        let filled = fill(source, &mut buffer)?;
        if filled == 0 {
            return Ok(());
        }
        if let Some(turns) = turns {
            // Nothing more is sent once the echo stops coming: the receiving side reports why.
            if counts.bytes_out > 0 && !turns.take(counts.bytes_out) {
                return Ok(());
            }
        }
        let mut offset = 0;
        while offset < filled {
            match writer.write(&buffer[offset..filled]) {
                Ok(taken) => {
                    counts.sent(filled - offset, taken);
                    offset += taken;
                }
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => return Err(err),
            }
        }
    }
}

/// `--send-once`: the whole payload in one send() whose return value is ignored (the classic bug).
/// `--send-once`: one non-blocking send() of the whole payload. Such a call takes at most what the
/// socket's send buffer holds (SO_SNDBUF, socket(7)), so only that much of the payload is read: a
/// 100 GB payload costs no more memory than a 100 KB one. The rest is what the bug loses.
fn send_whole_payload_once(
    stream: &TcpStream,
    source: &mut dyn Read,
    payload_len: u64,
    counts: &mut IoCounts,
) -> io::Result<()> {
    let most = socket2::SockRef::from(stream).send_buffer_size()? as u64;
    let mut start = Vec::with_capacity(payload_len.min(most) as usize);
    source.take(most).read_to_end(&mut start)?;
    let taken = match send_nowait(stream.as_fd(), &start) {
        Ok(taken) => taken,
        Err(err) if err.kind() == io::ErrorKind::WouldBlock => 0,
        Err(err) => return Err(err),
    };
    counts.send_calls += 1;
    counts.bytes_out += taken as u64;
    if (taken as u64) < payload_len {
        counts.partial_sends += 1;
    }
    counts.dropped = payload_len - taken as u64;
    Ok(())
}

/// `tcp-echo client` with one connection.
pub fn run(options: ClientOptions, events: Events) -> Result<u8> {
    let to = options.to;
    let (socket, took) = match connect(&options) {
        Ok(connected) => connected,
        Err(ConnectFailure::Refused) => {
            eprintln!("error: {}", tr!("tcp-echo-refused-by", to = to.to_string()));
            return Ok(EXIT_FAILURE);
        }
        Err(ConnectFailure::TimedOut) => {
            let timeout = format_duration(options.connect_timeout);
            eprintln!("error: {}", tr!("tcp-echo-no-answer", to = to.to_string(), timeout = timeout));
            return Ok(EXIT_FAILURE);
        }
        Err(ConnectFailure::Other(err)) => {
            return Err(err).with_context(|| tr!("tcp-echo-cannot-connect", to = to.to_string()));
        }
    };
    let local = socket.local_addr().ok().and_then(|addr| addr.as_socket());
    events.emit(
        Event::quiet("connected")
            .field("to", to.to_string())
            .field("local", local.map(|addr| addr.to_string()))
            .field("connect_ms", took.as_secs_f64() * 1000.0),
    );
    options.buffers.report(&socket, events)?;
    let exchange = exchange(socket, &options)?;
    let problem = exchange.problem(options.expect);
    events.emit(echo_event(&options, &exchange, problem.is_none()));
    match problem {
        None => Ok(EXIT_OK),
        Some(problem) => {
            eprintln!("error: {problem}");
            Ok(EXIT_FAILURE)
        }
    }
}

fn echo_event(options: &ClientOptions, exchange: &Exchange, ok: bool) -> Event {
    let c = &exchange.counts;
    let short_text = matches!(options.payload, Payload::Text(_)) && c.bytes_in as usize <= SHOW_TEXT_UP_TO;
    let human = if short_text {
        format!("Recibido: {}", printable(&exchange.preview))
    } else {
        let dropped =
            if c.dropped > 0 { tr!("tcp-echo-never-sent", dropped = c.dropped) } else { String::new() };
        let verified =
            if ok && options.expect != Expect::Any { tr!("tcp-echo-verified") } else { String::new() };
        tr!(
            "tcp-echo-echo",
            bytes_out = c.bytes_out,
            send_calls = c.send_calls,
            partial_sends = c.partial_sends,
            dropped = dropped,
            bytes_in = c.bytes_in,
            recv_calls = c.recv_calls,
            verified = verified,
            seconds = format!("{:.3}", exchange.elapsed.as_secs_f64()),
            rate = format!("{:.1}", exchange.mib_per_s())
        )
    };
    let event = if short_text || ok { Event::new("echo", human) } else { Event::quiet("echo") };
    event
        .field("to", options.to.to_string())
        .field("ok", ok)
        .field("expect", options.expect.name())
        .field("payload_bytes", exchange.payload_len)
        .field("bytes_out", c.bytes_out)
        .field("send_calls", c.send_calls)
        .field("partial_sends", c.partial_sends)
        .field("dropped", c.dropped)
        .field("bytes_in", c.bytes_in)
        .field("recv_calls", c.recv_calls)
        .field("first_difference", exchange.first_difference)
        .field("seconds", exchange.elapsed.as_secs_f64())
        .field("mib_per_s", exchange.mib_per_s())
        .field("text", short_text.then(|| printable(&exchange.preview)))
}

/// `--pause`: the sender waits for each chunk's echo, then pauses, before it sends the next.
struct Turns {
    pause: Duration,
    progress: Arc<EchoProgress>,
}

impl Turns {
    /// Waits for the echo of the `sent` bytes, then pauses; false when the receiving side ended first
    /// (the server closed, or sent nothing for `--timeout`: the receiving side says which).
    fn take(&self, sent: u64) -> bool {
        let echoed = self.progress.wait_for(sent);
        if echoed {
            std::thread::sleep(self.pause);
        }
        echoed
    }
}

/// How many bytes of echo have come back, told by the receiving loop to a sender that takes turns.
#[derive(Default)]
struct EchoProgress {
    /// Bytes received, and whether the receiving loop has ended.
    state: Mutex<(u64, bool)>,
    changed: Condvar,
}

impl EchoProgress {
    fn add(&self, bytes: usize) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).0 += bytes as u64;
        self.changed.notify_all();
    }

    fn finish(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        self.changed.notify_all();
    }

    /// Waits until `bytes` have come back; false if the receiving loop ended first.
    fn wait_for(&self, bytes: u64) -> bool {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let state = self
            .changed
            .wait_while(state, |(received, ended)| *received < bytes && !*ended)
            .unwrap_or_else(|e| e.into_inner());
        state.0 >= bytes
    }
}
