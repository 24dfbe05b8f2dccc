//! `text-image send`: sends texts and images, in the order given, over one TCP connection.
//!
//! Each item's header goes first; only after the receiver's `CONTINUE` does the payload follow, read
//! from the file in chunks and hashed on the way, then its SHA-256. The receiver's verdict on every
//! item is printed, and the exit status is 0 only if every item was accepted.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};
use socklab::cli::{EXIT_FAILURE, EXIT_OK};
use socklab::event::{Event, Events, printable};
use socklab::i18n::Said;
use socklab::{said, tr};

use crate::frame::{self, Kind, Reply, Status};
use crate::session::hex;
use crate::{Message, human_size};

/// Bytes read from a file and written to the socket at a time.
const CHUNK: usize = 256 * 1024;
/// Payloads at least this large get progress lines.
const PROGRESS_MIN: u64 = 1 << 20;
/// A progress line every this many percent.
const PROGRESS_STEP: u64 = 10;

/// One thing to send, as given on the command line.
#[derive(Debug, Clone)]
pub enum Item {
    Text(String),
    Image(PathBuf),
}

pub struct SendOptions {
    pub to: SocketAddr,
    pub items: Vec<Item>,
    pub timeout: Duration,
}

/// An item ready to go: its payload source is open, so a missing file fails before connecting.
struct Prepared {
    kind: Kind,
    /// The label printed for it: the file name, or the first words of the text.
    label: String,
    name: Vec<u8>,
    len: u64,
    source: Source,
}

enum Source {
    Text(Vec<u8>),
    File(File),
}

#[derive(Default)]
struct Tally {
    accepted: u64,
    rejected: u64,
    unsent: u64,
}

pub fn run(options: SendOptions, events: Events) -> Result<u8> {
    let prepared = options.items.iter().map(prepare).collect::<Result<Vec<_>>>()?;
    let stream = TcpStream::connect_timeout(&options.to, options.timeout)
        .with_context(|| tr!("text-image-cannot-connect", to = options.to.to_string()))?;
    stream.set_read_timeout(Some(options.timeout))?;
    stream.set_write_timeout(Some(options.timeout))?;
    stream.set_nodelay(true)?;
    events.emit(
        Event::new("connected", tr!("text-image-connected", to = options.to.to_string()))
            .field("to", options.to.to_string()),
    );
    let mut sender =
        Sender { reader: stream.try_clone()?, writer: BufWriter::with_capacity(CHUNK, stream), events };
    sender
        .writer
        .write_all(&frame::stream_header())
        .with_context(|| tr!("text-image-cannot-send-stream-header"))?;
    let total = prepared.len() as u64;
    let mut tally = Tally::default();
    let mut failure = None;
    for (index, item) in prepared.into_iter().enumerate() {
        match sender.item(index as u32 + 1, item) {
            Ok(Status::Accepted) => tally.accepted += 1,
            Ok(Status::Fatal) => {
                tally.rejected += 1;
                failure = Some(anyhow::anyhow!(Message(said!("text-image-receiver-closed"))));
                break;
            }
            Ok(_) => tally.rejected += 1,
            Err(err) => {
                failure = Some(err);
                break;
            }
        }
    }
    if failure.is_none() {
        if let Err(err) = sender.end(total as u32 + 1) {
            failure = Some(err);
        }
    }
    tally.unsent = total - tally.accepted - tally.rejected;
    if let Some(failure) = &failure {
        events.warn(Said::by(|| tr!("text-image-transfer-stopped", failure = format!("{failure:#}"))));
    }
    events.emit(
        Event::new(
            "done",
            tr!(
                "text-image-done",
                accepted = tally.accepted,
                total = total,
                rejected = tally.rejected,
                unsent = tally.unsent
            ),
        )
        .field("items", total)
        .field("accepted", tally.accepted)
        .field("rejected", tally.rejected)
        .field("unsent", tally.unsent),
    );
    Ok(if tally.accepted == total && failure.is_none() { EXIT_OK } else { EXIT_FAILURE })
}

fn prepare(item: &Item) -> Result<Prepared> {
    match item {
        Item::Text(text) => Ok(Prepared {
            kind: Kind::Text,
            label: preview(text),
            name: Vec::new(),
            len: text.len() as u64,
            source: Source::Text(text.clone().into_bytes()),
        }),
        Item::Image(path) => {
            let shown = || path.display().to_string();
            let file = File::open(path).with_context(|| tr!("text-image-cannot-open", path = shown()))?;
            let len = file.metadata().with_context(|| tr!("text-image-cannot-read", path = shown()))?.len();
            let name = path
                .file_name()
                .with_context(|| tr!("text-image-no-file-name", path = shown()))?
                .as_encoded_bytes()
                .to_vec();
            Ok(Prepared { kind: Kind::Image, label: printable(&name), name, len, source: Source::File(file) })
        }
    }
}

fn preview(text: &str) -> String {
    const MAX: usize = 40;
    let shown = printable(text.as_bytes());
    if shown.chars().count() <= MAX {
        return format!("\"{shown}\"");
    }
    format!("\"{}...\"", shown.chars().take(MAX).collect::<String>())
}

struct Sender {
    reader: TcpStream,
    writer: BufWriter<TcpStream>,
    events: Events,
}

impl Sender {
    /// Sends one item and returns the receiver's verdict (`Accepted`, `Rejected` or `Fatal`).
    fn item(&mut self, number: u32, item: Prepared) -> Result<Status> {
        frame::write_frame_start(&mut self.writer, item.kind, &item.name, item.len)?;
        self.writer.flush().with_context(|| Message(said!("text-image-cannot-send-frame-header")))?;
        let go = self.reply(number)?;
        if go.status != Status::Continue {
            self.verdict(number, &item, &go, None);
            return Ok(go.status);
        }
        let sha256 = self.payload(number, &item)?;
        let verdict = self.reply(number)?;
        self.verdict(number, &item, &verdict, Some(&sha256));
        Ok(verdict.status)
    }

    /// Streams the payload, hashing it on the way, then the digest; returns the digest in hex.
    fn payload(&mut self, number: u32, item: &Prepared) -> Result<String> {
        let mut hasher = Sha256::new();
        match &item.source {
            Source::Text(bytes) => {
                hasher.update(bytes);
                self.writer
                    .write_all(bytes)
                    .with_context(|| Message(said!("text-image-cannot-send-text")))?;
            }
            Source::File(file) => {
                let mut progress = Progress::new(number, &item.label, item.len, self.events);
                let mut buffer = vec![0u8; CHUNK];
                let mut reader = file.take(item.len);
                let mut sent = 0u64;
                loop {
                    let got = match reader.read(&mut buffer) {
                        Ok(0) => break,
                        Ok(got) => got,
                        Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                        Err(err) => {
                            return Err(err).with_context(|| {
                                Message(said!("text-image-cannot-read", path = item.label.clone()))
                            });
                        }
                    };
                    hasher.update(&buffer[..got]);
                    self.writer
                        .write_all(&buffer[..got])
                        .with_context(|| Message(said!("text-image-cannot-send-image")))?;
                    sent += got as u64;
                    progress.update(sent);
                }
                // The length is already on the wire: a file that shrank cannot be framed any more.
                anyhow::ensure!(
                    sent == item.len,
                    Message(said!(
                        "text-image-shrank",
                        label = item.label.clone(),
                        sent = sent,
                        bytes = item.len
                    ))
                );
            }
        }
        let digest = hasher.finalize();
        self.writer.write_all(&digest).with_context(|| Message(said!("text-image-cannot-send-checksum")))?;
        self.writer.flush().with_context(|| Message(said!("text-image-cannot-send-payload")))?;
        Ok(hex(&digest))
    }

    fn end(&mut self, number: u32) -> Result<()> {
        frame::write_frame_start(&mut self.writer, Kind::End, b"", 0)?;
        self.writer.flush().with_context(|| Message(said!("text-image-cannot-send-end")))?;
        let reply = self.reply(number)?;
        anyhow::ensure!(
            reply.status == Status::Accepted,
            Message(said!("text-image-end-frame-refused", reason = reply.message.clone()))
        );
        Ok(())
    }

    fn reply(&mut self, number: u32) -> Result<Reply> {
        let reply = Reply::read_from(&mut self.reader).map_err(|err| match err.kind() {
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => {
                anyhow::anyhow!(Message(said!("text-image-no-reply")))
            }
            io::ErrorKind::UnexpectedEof => anyhow::anyhow!(Message(said!("text-image-receiver-closed"))),
            _ => anyhow::Error::new(err).context(Message(said!("text-image-cannot-read-reply"))),
        })?;
        // A stream-level refusal (bad magic) is about item 0; anything else must be about this item.
        anyhow::ensure!(
            reply.item == number || reply.status == Status::Fatal,
            Message(said!("text-image-wrong-item", answered = reply.item, item = number))
        );
        Ok(reply)
    }

    fn verdict(&self, number: u32, item: &Prepared, reply: &Reply, sha256: Option<&str>) {
        let kind = item.kind.label();
        let event = match reply.status {
            Status::Accepted => {
                let (label, size) = (item.label.clone(), human_size(item.len));
                let human = match item.kind {
                    Kind::Image => tr!(
                        "text-image-accepted-stored",
                        kind = kind,
                        label = label,
                        size = size,
                        stored = printable(reply.message.as_bytes())
                    ),
                    _ => tr!("text-image-accepted", kind = kind, label = label, size = size),
                };
                Event::new("accepted", human)
                    .field("stored", (item.kind == Kind::Image).then(|| reply.message.clone()))
            }
            _ => Event::new(
                "rejected",
                tr!(
                    "text-image-rejected",
                    kind = kind,
                    label = item.label.clone(),
                    reason = printable(reply.message.as_bytes()),
                    code = reply.code.label()
                ),
            )
            .field("code", reply.code.label())
            .field("reason", reply.message.clone())
            .field("fatal", reply.status == Status::Fatal),
        };
        self.events.emit(
            event
                .field("item", number)
                .field("kind", kind)
                .field("name", (item.kind == Kind::Image).then(|| item.label.clone()))
                .field("bytes", item.len)
                .field("sha256", sha256),
        );
    }
}

/// Progress lines for a large payload, one every [`PROGRESS_STEP`] percent.
struct Progress<'a> {
    item: u32,
    label: &'a str,
    total: u64,
    next_percent: u64,
    events: Events,
}

impl<'a> Progress<'a> {
    fn new(item: u32, label: &'a str, total: u64, events: Events) -> Self {
        let next_percent = if total >= PROGRESS_MIN { PROGRESS_STEP } else { u64::MAX };
        Self { item, label, total, next_percent, events }
    }

    fn update(&mut self, sent: u64) {
        let percent = sent * 100 / self.total.max(1);
        if percent < self.next_percent {
            return;
        }
        self.next_percent = (percent / PROGRESS_STEP + 1) * PROGRESS_STEP;
        self.events.emit(
            Event::new(
                "progress",
                tr!(
                    "text-image-progress",
                    label = self.label.to_owned(),
                    sent = human_size(sent),
                    total = human_size(self.total),
                    percent = percent
                ),
            )
            .field("item", self.item)
            .field("name", self.label)
            .field("sent", sent)
            .field("total", self.total),
        );
    }
}
