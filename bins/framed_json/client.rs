//! `framed-json client`: scripted (`--send`, `--request`, `--mailbox`: send each, print each reply,
//! exit) or interactive like seed 001's client (each line typed is sent as a JSON string while a
//! listener thread prints what arrives).
//!
//! Two ways to send that test a server's reading: `--pipeline` writes every frame back to back in
//! one write, and `--cut-after N` cuts that stream after byte N and sends the next piece only once
//! the server has read everything before it (its receive queue is empty, see `unread.rs`). A server
//! that assumes `recv(4)` returns 4 bytes, or reads a fixed size that runs into the next frame, then
//! answers wrongly every time, not by chance.

use std::io::{self, BufRead, Read, Write};
use std::net::{Shutdown as Direction, SocketAddr, TcpStream};
use std::sync::{Barrier, mpsc};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::Value;
use socklab::cli::{EXIT_FAILURE, EXIT_OK};
use socklab::event::{Event, Events};
use socklab::{said, tr};

use crate::frame::{FrameError, Framing, HEADER_LEN};
use socklab::unread::wait_until_read;

pub struct ClientOptions {
    pub to: SocketAddr,
    pub framing: Framing,
    /// The messages to send, in order; none means interactive.
    pub messages: Vec<Value>,
    pub pipeline: bool,
    /// Byte offsets in the stream of frames after which to wait for the server to read.
    pub cuts: Vec<usize>,
    pub timeout: Duration,
    /// Connections opened at once, each sending every message (`{client}` in a string becomes its
    /// number, 1 to N).
    pub clients: usize,
    /// Send the messages this many times on each connection, printing only a summary (a load).
    pub count: usize,
    /// Interactive: parse each typed line as JSON instead of sending it as a string.
    pub raw_json: bool,
    /// Keep the connection open this long after the last reply.
    pub linger: Option<Duration>,
}

pub fn run(options: ClientOptions, events: Events) -> Result<u8> {
    if options.messages.is_empty() {
        let stream = connect(&options)?;
        return interactive(stream, &options, events);
    }
    let started = Instant::now();
    let requests = options.messages.len() * options.count * options.clients;
    if options.clients <= 1 {
        let stream = connect(&options)?;
        let refused = scripted(&stream, &options, &options.messages, None, events)?;
        summary(&options, requests, started, events);
        return Ok(verdict(refused, requests));
    }
    // Every connection is open before any sends, so that the server serves them all at once.
    let streams = (0..options.clients).map(|_| connect(&options)).collect::<Result<Vec<_>>>()?;
    let start = Barrier::new(streams.len());
    let outcomes: Vec<Result<usize>> = std::thread::scope(|scope| {
        let runs: Vec<_> = streams
            .iter()
            .enumerate()
            .map(|(index, stream)| {
                let (start, options) = (&start, &options);
                scope.spawn(move || {
                    let number = index + 1;
                    let messages: Vec<Value> =
                        options.messages.iter().map(|message| numbered(message, number)).collect();
                    start.wait();
                    scripted(stream, options, &messages, Some(number), events)
                        .with_context(|| tr!("framed-json-client-number", number = number))
                })
            })
            .collect();
        runs.into_iter()
            .map(|run| run.join().unwrap_or_else(|_| bail!(tr!("framed-json-thread-failed"))))
            .collect()
    });
    let mut refused = 0;
    let mut failures = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(count) => refused += count,
            Err(err) => failures.push(format!("{err:#}")),
        }
    }
    if let Some(first) = failures.first() {
        bail!(tr!(
            "framed-json-clients-failed",
            failed = failures.len(),
            clients = options.clients,
            first = first.clone()
        ));
    }
    summary(&options, requests, started, events);
    Ok(verdict(refused, requests))
}

/// With `--count`: how many request-reply round trips were made, in how long.
fn summary(options: &ClientOptions, requests: usize, started: Instant, events: Events) {
    if options.count <= 1 {
        return;
    }
    let seconds = started.elapsed().as_secs_f64();
    let rate = requests as f64 / seconds.max(f64::MIN_POSITIVE);
    events.emit(
        Event::new(
            "summary",
            tr!(
                "framed-json-summary",
                requests = requests,
                seconds = format!("{seconds:.3}"),
                rate = format!("{rate:.0}")
            ),
        )
        .field("requests", requests as u64)
        .field("seconds", seconds)
        .field("per_second", rate),
    );
}

fn connect(options: &ClientOptions) -> Result<TcpStream> {
    let stream = TcpStream::connect_timeout(&options.to, options.timeout)
        .with_context(|| tr!("framed-json-cannot-connect", addr = options.to.to_string()))?;
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(options.timeout))?;
    stream.set_write_timeout(Some(options.timeout))?;
    Ok(stream)
}

/// Exit status: 0 when the server served every request.
fn verdict(refused: usize, requests: usize) -> u8 {
    if refused == 0 {
        return EXIT_OK;
    }
    eprintln!("error: {}", tr!("framed-json-refused-requests", refused = refused, requests = requests));
    EXIT_FAILURE
}

/// `message` with `{client}` in its strings replaced by the client's number (`--clients`).
fn numbered(message: &Value, number: usize) -> Value {
    match message {
        Value::String(text) => Value::String(text.replace("{client}", &number.to_string())),
        Value::Array(items) => items.iter().map(|item| numbered(item, number)).collect(),
        Value::Object(fields) => {
            fields.iter().map(|(key, value)| (key.clone(), numbered(value, number))).collect()
        }
        other => other.clone(),
    }
}

/// Sends `messages` on one connection and reports each reply; the count of refused requests.
fn scripted(
    stream: &TcpStream,
    options: &ClientOptions,
    messages: &[Value],
    client: Option<usize>,
    events: Events,
) -> Result<usize> {
    let frames: Vec<Vec<u8>> = messages.iter().map(|message| options.framing.encode(message)).collect();
    let mut refused = 0;
    if options.count > 1 {
        for _ in 0..options.count {
            for (index, frame) in frames.iter().enumerate() {
                (&*stream).write_all(frame).with_context(|| tr!("framed-json-cannot-send"))?;
                let reply = read_frame(stream, &options.framing).map_err(|err| {
                    anyhow::anyhow!(tr!("framed-json-reply-failed", index = index + 1, why = err.describe()))
                })?;
                refused += usize::from(reply.get("error").is_some());
            }
        }
    } else if options.pipeline || !options.cuts.is_empty() {
        for message in messages {
            sent_event(message, events);
        }
        send_in_pieces(stream, &frames.concat(), &options.cuts, options.timeout, events)?;
        for (index, message) in messages.iter().enumerate() {
            refused += usize::from(receive_reply(stream, &options.framing, index, message, client, events)?);
        }
    } else {
        for (index, (message, frame)) in messages.iter().zip(&frames).enumerate() {
            sent_event(message, events);
            (&*stream).write_all(frame).with_context(|| tr!("framed-json-cannot-send"))?;
            refused += usize::from(receive_reply(stream, &options.framing, index, message, client, events)?);
        }
    }
    if let Some(linger) = options.linger {
        events.emit(Event::quiet("lingering").field("seconds", linger.as_secs_f64()));
        std::thread::sleep(linger);
    }
    let _ = stream.shutdown(Direction::Write);
    Ok(refused)
}

fn sent_event(message: &Value, events: Events) {
    events.emit(
        Event::new("sent", format!("Enviando mensaje: {}", shown(message))).field("message", message.clone()),
    );
}

/// A message as seed 001's programs print it: a string's text, anything else as JSON.
fn shown(message: &Value) -> String {
    match message {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Writes `bytes` in pieces cut after each offset in `cuts`, each piece once the server has read
/// every byte before it.
fn send_in_pieces(
    stream: &TcpStream,
    bytes: &[u8],
    cuts: &[usize],
    timeout: Duration,
    events: Events,
) -> Result<()> {
    let mut cuts: Vec<usize> = cuts.iter().copied().filter(|&cut| cut > 0 && cut < bytes.len()).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let (local, server) = (stream.local_addr()?, stream.peer_addr()?);
    let mut from = 0;
    for cut in cuts {
        (&*stream).write_all(&bytes[from..cut]).with_context(|| tr!("framed-json-cannot-send"))?;
        let read = wait_until_read(local, server, timeout);
        events.emit(
            Event::new(
                "piece",
                match read {
                    Some(true) => tr!("framed-json-piece-read", from = from, to = cut),
                    Some(false) => tr!("framed-json-piece-unread", from = from, to = cut),
                    None => tr!("framed-json-piece-unknown", from = from, to = cut),
                },
            )
            .field("from", from as u64)
            .field("to", cut as u64)
            .field("read_by_server", read.map_or(Value::Null, Value::Bool)),
        );
        from = cut;
    }
    (&*stream).write_all(&bytes[from..]).with_context(|| tr!("framed-json-cannot-send"))?;
    Ok(())
}

/// Reads reply number `index` (to `request`) and reports it; true if the server refused the request.
fn receive_reply(
    stream: &TcpStream,
    framing: &Framing,
    index: usize,
    request: &Value,
    client: Option<usize>,
    events: Events,
) -> Result<bool> {
    let reply = match read_frame(stream, framing) {
        Ok(reply) => reply,
        Err(err) => bail!(tr!("framed-json-reply-failed", index = index + 1, why = err.describe())),
    };
    let refused = reply.get("error").is_some();
    let mut event = reply_event(&reply);
    if let Some(number) = client {
        event = event.field("client", number as u64);
    }
    events.emit(event);
    if let Some(polled) = polled_event(request, &reply) {
        events.emit(polled);
    }
    Ok(refused)
}

/// For the reply to a mailbox poll: how many messages came, and how many different texts, so that
/// a lab can check that none was lost or given twice.
fn polled_event(request: &Value, reply: &Value) -> Option<Event> {
    if !matches!(&request["type"], Value::Number(n) if n.as_u64() == Some(4)) && request["type"] != "poll" {
        return None;
    }
    let messages = reply.get("response")?.as_array()?;
    let texts: std::collections::BTreeSet<String> = messages
        .iter()
        .map(|message| message.get("text").map_or_else(|| message.to_string(), Value::to_string))
        .collect();
    Some(
        Event::quiet("polled")
            .field("user", request["user"].clone())
            .field("count", messages.len() as u64)
            .field("distinct", texts.len() as u64),
    )
}

/// The reply as an event, its objects' keys sorted: the order a server wrote them in means nothing in
/// JSON, and labs match the text.
fn reply_event(reply: &Value) -> Event {
    let sorted = sorted_keys(reply);
    Event::new("reply", format!("Mensaje recibido: {}", shown(&sorted))).field("reply", sorted)
}

fn sorted_keys(value: &Value) -> Value {
    match value {
        Value::Object(fields) => {
            let mut keys: Vec<&String> = fields.keys().collect();
            keys.sort();
            keys.into_iter().map(|key| (key.clone(), sorted_keys(&fields[key]))).collect()
        }
        Value::Array(items) => items.iter().map(sorted_keys).collect(),
        other => other.clone(),
    }
}

enum ReplyError {
    /// The server closed after this many bytes of the frame.
    Closed(usize),
    Frame(FrameError),
    Io(io::Error),
}

impl ReplyError {
    fn describe(&self) -> String {
        match self {
            ReplyError::Closed(0) => tr!("framed-json-closed-before-reply"),
            ReplyError::Closed(got) => {
                tr!("framed-json-closed-inside-reply", got = *got)
            }
            ReplyError::Frame(err @ FrameError::TooLarge { length, .. }) => {
                let text = u32::try_from(*length).map(u32::to_be_bytes).unwrap_or_default();
                if text.iter().all(|byte| byte.is_ascii_graphic() || *byte == b' ') {
                    tr!(
                        "framed-json-not-a-server",
                        error = err.shown(),
                        text = format!("{:?}", String::from_utf8_lossy(&text))
                    )
                } else {
                    err.shown()
                }
            }
            ReplyError::Frame(err) => err.shown(),
            ReplyError::Io(err)
                if matches!(err.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) =>
            {
                tr!("framed-json-no-reply-timeout")
            }
            ReplyError::Io(err) => tr!("framed-json-cannot-receive", error = err.to_string()),
        }
    }
}

/// One whole frame from the server, read exactly.
fn read_frame(stream: &TcpStream, framing: &Framing) -> Result<Value, ReplyError> {
    let mut header = [0u8; HEADER_LEN];
    read_exactly(stream, &mut header, 0)?;
    let length = framing.body_len(header).map_err(ReplyError::Frame)?;
    let mut body = vec![0u8; length];
    read_exactly(stream, &mut body, HEADER_LEN)?;
    framing.decode_body(&body).map_err(ReplyError::Frame)
}

fn read_exactly(mut stream: &TcpStream, buffer: &mut [u8], before: usize) -> Result<(), ReplyError> {
    let mut filled = 0;
    while filled < buffer.len() {
        match stream.read(&mut buffer[filled..]) {
            Ok(0) => return Err(ReplyError::Closed(before + filled)),
            Ok(read) => filled += read,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(ReplyError::Io(err)),
        }
    }
    Ok(())
}

/// Seed 001's client: lines typed are sent, replies printed as they come. At the end of input it
/// waits for the replies still due, then exits.
fn interactive(stream: TcpStream, options: &ClientOptions, events: Events) -> Result<u8> {
    let (replies, arrived) = mpsc::channel::<Result<(), String>>();
    let reader = stream.try_clone()?;
    reader.set_read_timeout(None)?;
    let framing = options.framing;
    std::thread::spawn(move || {
        loop {
            let outcome = match read_frame(&reader, &framing) {
                Ok(reply) => {
                    events.emit(reply_event(&reply));
                    Ok(())
                }
                Err(err) => Err(tr!("framed-json-a-reply", why = err.describe())),
            };
            let last = outcome.is_err();
            if replies.send(outcome).is_err() || last {
                return;
            }
        }
    });
    let mut due = 0usize;
    for line in io::stdin().lock().split(b'\n') {
        let line = line.with_context(|| tr!("framed-json-cannot-read-input"))?;
        let Ok(line) = String::from_utf8(line.strip_suffix(b"\r").unwrap_or(&line).to_vec()) else {
            events.warn(said!("framed-json-line-not-utf8"));
            continue;
        };
        let message = if options.raw_json {
            match serde_json::from_str::<Value>(&line) {
                Ok(message) => message,
                Err(err) => {
                    events.warn(said!("framed-json-line-not-json", error = err.to_string()));
                    continue;
                }
            }
        } else {
            Value::String(line)
        };
        // Replies that already came are counted off, and a closed connection ends the session.
        while let Ok(outcome) = arrived.try_recv() {
            match outcome {
                Ok(()) => due = due.saturating_sub(1),
                Err(why) => bail!("{why}"),
            }
        }
        sent_event(&message, events);
        (&stream)
            .write_all(&options.framing.encode(&message))
            .with_context(|| tr!("framed-json-cannot-send"))?;
        due += 1;
    }
    let deadline = Instant::now() + options.timeout;
    while due > 0 {
        match arrived.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(Ok(())) => due -= 1,
            Ok(Err(why)) => bail!(tr!("framed-json-replies-due", why = why, due = due)),
            Err(_) => bail!(tr!("framed-json-replies-late", due = due)),
        }
    }
    let _ = stream.shutdown(Direction::Both);
    Ok(EXIT_OK)
}
