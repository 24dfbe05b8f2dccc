//! The receiver's side of one connection: reads frames, answers each, prints texts, stores images.
//!
//! It works on any `Read` + `Write` pair, so the tests drive it with byte buffers as well as sockets;
//! timeouts and stop requests come in as read errors (see `recv.rs`). It reports what happened through
//! a callback and returns how the connection ended. Which refusals keep the connection open and which
//! close it is decided here, and described in docs/PROTOCOL.md:
//! - an item refused from its header (too large, bad name) or after its payload and digest were read in
//!   full (checksum, not an image, bad UTF-8, disk error) leaves the stream in step: reply, go on;
//! - a bad stream header, an unknown frame type or an impossible header means the peer does not speak
//!   this protocol or lost its place: reply `FATAL` and close, since nothing after it can be trusted;
//! - an idle peer gets a `FATAL` timeout reply (if it still reads) and is closed.

use std::io::{self, Read, Write};

use sha2::{Digest, Sha256};
use socklab::i18n::Said;
use socklab::{said, tr};

use crate::detect::{ImageInfo, inspect};
use crate::frame::{
    Code, DIGEST_LEN, FRAME_HEADER_LEN, FrameHeader, Kind, MAGIC, MAX_NAME_LEN, MAX_TEXT_LEN, Reply,
    STREAM_HEADER_LEN, Status, VERSION,
};
use crate::human_size;
use crate::store::{Pending, Store, check_name};

/// Bytes read from the socket at a time; the only buffer a payload goes through.
const CHUNK: usize = 256 * 1024;

/// What the receiver accepts.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest payload of one item, in bytes.
    pub max_size: u64,
    /// Store a payload that is not a known image format as plain data instead of refusing it.
    pub accept_any: bool,
}

/// An item the receiver dealt with.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Text {
        item: u32,
        text: String,
    },
    Stored {
        item: u32,
        /// The name the sender gave.
        name: String,
        /// The name it got in DIR (differs when the name was taken).
        stored: String,
        bytes: u64,
        sha256: String,
        /// `None` for data stored with `--accept-any`.
        image: Option<ImageInfo>,
    },
    Rejected {
        item: u32,
        kind: &'static str,
        name: Option<String>,
        code: Code,
        /// The English goes on the wire and into `--json`.
        reason: Said,
        /// The connection is closed after this refusal.
        fatal: bool,
    },
}

/// How a connection ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// The sender sent END: every item was answered.
    Finished,
    /// The sender closed between frames without sending END.
    PeerClosed,
    /// The connection broke mid-frame (truncated stream, reset, write failure).
    Broken(Said),
    /// The receiver refused the stream with this code and closed it.
    Refused(Code),
    /// The sender went quiet for longer than `--timeout`.
    TimedOut,
    /// The receiver was asked to stop (SIGINT/SIGTERM).
    Stopped,
}

/// The part of the stream being read, for the reasons of a broken or timed-out connection.
#[derive(Debug, Clone, Copy)]
enum Part {
    StreamHeader,
    FrameHeader,
    Name,
    Payload,
    Digest,
}

impl Part {
    fn text(self) -> String {
        match self {
            Part::StreamHeader => tr!("text-image-part-stream-header"),
            Part::FrameHeader => tr!("text-image-part-frame-header"),
            Part::Name => tr!("text-image-part-name"),
            Part::Payload => tr!("text-image-part-payload"),
            Part::Digest => tr!("text-image-part-digest"),
        }
    }
}

/// The read error the receiver's socket adapter returns when a stop was requested.
#[derive(Debug)]
pub struct StopRequested;

impl std::fmt::Display for StopRequested {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stop requested")
    }
}

impl std::error::Error for StopRequested {}

/// Serves one connection until END, a fatal refusal, or the end of the connection.
pub fn serve(
    input: &mut impl Read,
    output: &mut impl Write,
    store: &Store,
    limits: Limits,
    report: &mut dyn FnMut(Outcome),
) -> End {
    let mut session = Session { input, output, store, limits, report, item: 0, buffer: vec![0u8; CHUNK] };
    match session.run() {
        Ok(end) | Err(end) => end,
    }
}

struct Session<'a, R, W> {
    input: &'a mut R,
    output: &'a mut W,
    store: &'a Store,
    limits: Limits,
    report: &'a mut dyn FnMut(Outcome),
    /// The number of the frame being handled (1 for the first).
    item: u32,
    buffer: Vec<u8>,
}

/// What was received of an item's payload.
enum Sink {
    Text(Vec<u8>),
    /// The temporary file, and the first write error if the disk refused (the payload is still read
    /// to the end so that the stream stays in step).
    File(Pending, Option<io::Error>),
}

impl<R: Read, W: Write> Session<'_, R, W> {
    fn run(&mut self) -> Result<End, End> {
        let mut header = [0u8; STREAM_HEADER_LEN];
        if !self.read_unit(&mut header, Part::StreamHeader)? {
            return Ok(End::PeerClosed);
        }
        if header[..4] != MAGIC {
            let reason = said!("text-image-bad-magic", bytes = format!("{:02x?}", &header[..4]));
            return Err(self.refuse_stream(Code::BadMagic, reason));
        }
        if header[4] != VERSION {
            let reason = said!("text-image-bad-version", version = header[4], supported = VERSION);
            return Err(self.refuse_stream(Code::BadVersion, reason));
        }
        loop {
            let mut bytes = [0u8; FRAME_HEADER_LEN];
            if !self.read_unit(&mut bytes, Part::FrameHeader)? {
                return Ok(End::PeerClosed);
            }
            self.item += 1;
            if let Some(end) = self.frame(FrameHeader::decode(&bytes))? {
                return Ok(end);
            }
        }
    }

    /// Handles one frame; `Some` once the connection is over.
    fn frame(&mut self, header: FrameHeader) -> Result<Option<End>, End> {
        let Some(kind) = Kind::from_byte(header.kind) else {
            let reason = said!("text-image-unknown-type", kind = header.kind);
            return Err(self.refuse_stream(Code::UnknownType, reason));
        };
        if let Some(reason) = impossible(kind, header) {
            return Err(self.refuse_stream(Code::BadHeader, reason));
        }
        let mut raw_name = vec![0u8; usize::from(header.name_len)];
        self.read_all(&mut raw_name, Part::Name)?;
        let name = (kind == Kind::Image).then(|| String::from_utf8_lossy(&raw_name).into_owned());
        let limit = match kind {
            Kind::End => {
                self.send(Status::Accepted, Code::Ok, "end of stream".to_owned())?;
                return Ok(Some(End::Finished));
            }
            Kind::Text => self.limits.max_size.min(MAX_TEXT_LEN),
            Kind::Image => self.limits.max_size,
        };
        if header.payload_len > limit {
            let reason = Said::by(|| {
                tr!(
                    "text-image-too-large",
                    kind = kind.label(),
                    size = human_size(header.payload_len),
                    limit = human_size(limit)
                )
            });
            self.reject(kind, name, Code::TooLarge, reason)?;
            return Ok(None);
        }
        let sink = match kind {
            Kind::Image => match check_name(&raw_name) {
                Err(reason) => {
                    let quoted = format!("{:?}", name.as_deref().unwrap_or(""));
                    let reason = Said::by(|| {
                        tr!("text-image-bad-name", name = quoted.clone(), why = reason.in_current())
                    });
                    self.reject(kind, name, Code::BadName, reason)?;
                    return Ok(None);
                }
                Ok(valid) => match self.store.begin(valid) {
                    Ok(pending) => Sink::File(pending, None),
                    Err(err) => {
                        let reason = said!(
                            "text-image-cannot-create-file",
                            dir = self.store.dir().display().to_string(),
                            error = err.to_string()
                        );
                        self.reject(kind, name, Code::Storage, reason)?;
                        return Ok(None);
                    }
                },
            },
            // Within the limit checked above, so at most MAX_TEXT_LEN.
            _ => Sink::Text(Vec::with_capacity(header.payload_len as usize)),
        };
        self.send(Status::Continue, Code::Ok, String::new())?;
        self.payload(kind, name, header.payload_len, sink)?;
        Ok(None)
    }

    /// Reads the payload and its digest, then accepts or refuses the item.
    fn payload(&mut self, kind: Kind, name: Option<String>, len: u64, mut sink: Sink) -> Result<(), End> {
        let mut hasher = Sha256::new();
        let mut left = len;
        while left > 0 {
            let want = left.min(self.buffer.len() as u64) as usize;
            let got = match self.input.read(&mut self.buffer[..want]) {
                Ok(0) => return Err(broken(kind, Part::Payload, len - left, len)),
                Ok(got) => got,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(self.read_failed(err, Part::Payload)),
            };
            let chunk = &self.buffer[..got];
            hasher.update(chunk);
            match &mut sink {
                Sink::Text(text) => text.extend_from_slice(chunk),
                Sink::File(pending, None) => {
                    if let Err(err) = pending.write_all(chunk) {
                        sink = match sink {
                            Sink::File(pending, _) => Sink::File(pending, Some(err)),
                            other => other,
                        };
                    }
                }
                Sink::File(_, Some(_)) => {}
            }
            left -= got as u64;
        }
        let mut digest = [0u8; DIGEST_LEN];
        self.read_all(&mut digest, Part::Digest)?;
        let actual = hasher.finalize();
        if actual[..] != digest {
            // The temporary file goes before the reply, so a sender told "rejected" never sees it.
            drop(sink);
            let reason = said!("text-image-checksum", received = hex(&digest), computed = hex(&actual));
            return self.reject(kind, name, Code::Checksum, reason);
        }
        let sha256 = hex(&actual);
        match sink {
            Sink::Text(bytes) => match String::from_utf8(bytes) {
                Ok(text) => {
                    (self.report)(Outcome::Text { item: self.item, text });
                    self.send(Status::Accepted, Code::Ok, String::new())
                }
                Err(err) => {
                    let reason = said!("text-image-text-not-utf8", offset = err.utf8_error().valid_up_to());
                    self.reject(kind, name, Code::BadUtf8, reason)
                }
            },
            Sink::File(pending, Some(err)) => {
                drop(pending);
                let reason = said!(
                    "text-image-cannot-write",
                    dir = self.store.dir().display().to_string(),
                    error = err.to_string()
                );
                self.reject(kind, name, Code::Storage, reason)
            }
            Sink::File(pending, None) => self.finish_image(name.unwrap_or_default(), len, sha256, pending),
        }
    }

    fn finish_image(
        &mut self,
        name: String,
        bytes: u64,
        sha256: String,
        pending: Pending,
    ) -> Result<(), End> {
        let image = match inspect(pending.path()) {
            Ok(image) => Some(image),
            Err(_) if self.limits.accept_any => None,
            Err(reason) => {
                drop(pending);
                let reason = Said::by(|| tr!("text-image-accept-any-hint", reason = reason.in_current()));
                return self.reject(Kind::Image, Some(name), Code::NotImage, reason);
            }
        };
        match pending.commit() {
            Ok(stored) => {
                (self.report)(Outcome::Stored {
                    item: self.item,
                    name,
                    stored: stored.clone(),
                    bytes,
                    sha256,
                    image,
                });
                self.send(Status::Accepted, Code::Ok, stored)
            }
            Err(err) => {
                let dir = self.store.dir().display().to_string();
                // The error may be one of ours (no free name): rendered in each language.
                let reason =
                    Said::by(|| tr!("text-image-cannot-store", dir = dir.clone(), error = err.to_string()));
                self.reject(Kind::Image, Some(name), Code::Storage, reason)
            }
        }
    }

    fn reject(&mut self, kind: Kind, name: Option<String>, code: Code, reason: Said) -> Result<(), End> {
        let item = self.item;
        let english = reason.english.clone();
        (self.report)(Outcome::Rejected { item, kind: kind.label(), name, code, reason, fatal: false });
        self.send(Status::Rejected, code, english)
    }

    /// Refuses the whole stream: reports, replies `FATAL` (best effort) and ends the connection.
    fn refuse_stream(&mut self, code: Code, reason: Said) -> End {
        let item = self.item;
        let kind = if item == 0 { "stream" } else { "frame" };
        let english = reason.english.clone();
        (self.report)(Outcome::Rejected { item, kind, name: None, code, reason, fatal: true });
        let _ = self.send(Status::Fatal, code, english);
        End::Refused(code)
    }

    fn send(&mut self, status: Status, code: Code, message: String) -> Result<(), End> {
        let reply = Reply { status, code, item: self.item, message };
        self.output
            .write_all(&reply.encode())
            .and_then(|()| self.output.flush())
            .map_err(|err| End::Broken(said!("text-image-cannot-send-reply", error = err.to_string())))
    }

    /// Reads a whole header; `false` if the peer closed cleanly before its first byte.
    fn read_unit(&mut self, buf: &mut [u8], what: Part) -> Result<bool, End> {
        let mut filled = 0;
        while filled < buf.len() {
            match self.input.read(&mut buf[filled..]) {
                Ok(0) if filled == 0 => return Ok(false),
                Ok(0) => {
                    let len = buf.len();
                    return Err(End::Broken(Said::by(|| {
                        tr!("text-image-closed-in", what = what.text(), got = filled, bytes = len)
                    })));
                }
                Ok(got) => filled += got,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(self.read_failed(err, what)),
            }
        }
        Ok(true)
    }

    fn read_all(&mut self, buf: &mut [u8], what: Part) -> Result<(), End> {
        match self.read_unit(buf, what)? {
            true => Ok(()),
            false => Err(End::Broken(Said::by(|| tr!("text-image-closed-before", what = what.text())))),
        }
    }

    fn read_failed(&mut self, err: io::Error, what: Part) -> End {
        if err.get_ref().is_some_and(|inner| inner.is::<StopRequested>()) {
            return End::Stopped;
        }
        if matches!(err.kind(), io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock) {
            // Only on the wire, so in English.
            let what = socklab::i18n::with_lang(&socklab::i18n::Lang::english(), || what.text());
            let reason = format!("no data for too long while waiting for {what}");
            let _ = self.send(Status::Fatal, Code::Timeout, reason);
            return End::TimedOut;
        }
        End::Broken(Said::by(|| {
            tr!("text-image-cannot-read-part", what = what.text(), error = err.to_string())
        }))
    }
}

/// A header no well-behaved sender writes; the stream has lost its place.
fn impossible(kind: Kind, header: FrameHeader) -> Option<Said> {
    match kind {
        Kind::Image if header.name_len == 0 => Some(said!("text-image-image-without-name")),
        Kind::Image if usize::from(header.name_len) > MAX_NAME_LEN => {
            Some(said!("text-image-name-too-long-in-frame", bytes = header.name_len, max = MAX_NAME_LEN))
        }
        Kind::Text | Kind::End if header.name_len != 0 => {
            Some(said!("text-image-frame-with-name", kind = kind.label(), bytes = header.name_len))
        }
        Kind::End if header.payload_len != 0 => {
            Some(said!("text-image-end-with-payload", bytes = header.payload_len))
        }
        _ => None,
    }
}

fn broken(kind: Kind, what: Part, got: u64, len: u64) -> End {
    End::Broken(Said::by(|| {
        tr!("text-image-closed-in-item", what = what.text(), kind = kind.label(), got = got, bytes = len)
    }))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::build;
    use std::fs;
    use std::path::Path;

    const PNG: &[u8] = include_bytes!("../../tests/fixtures/gradient.png");

    struct Run {
        end: End,
        outcomes: Vec<Outcome>,
        replies: Vec<Reply>,
    }

    fn run(stream: &[u8], dir: &Path, limits: Limits) -> Run {
        let store = Store::new(dir.to_owned(), false);
        let mut outcomes = Vec::new();
        let mut output = Vec::new();
        let end = serve(&mut &stream[..], &mut output, &store, limits, &mut |o| outcomes.push(o));
        let mut replies = Vec::new();
        let mut rest = output.as_slice();
        while !rest.is_empty() {
            replies.push(Reply::read_from(&mut rest).unwrap());
        }
        Run { end, outcomes, replies }
    }

    const LIMITS: Limits = Limits { max_size: 1 << 20, accept_any: false };

    fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut found: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|entry| {
                let entry = entry.unwrap();
                (entry.file_name().into_string().unwrap(), fs::read(entry.path()).unwrap())
            })
            .collect();
        found.sort();
        found
    }

    #[test]
    fn text_and_image_are_answered_continue_then_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let stream = build::stream(&[(Kind::Text, b"", b"hola"), (Kind::Image, b"cat.png", PNG)]);
        let run = run(&stream, dir.path(), LIMITS);
        assert_eq!(run.end, End::Finished);
        let statuses: Vec<_> = run.replies.iter().map(|r| (r.status, r.item)).collect();
        assert_eq!(
            statuses,
            [
                (Status::Continue, 1),
                (Status::Accepted, 1),
                (Status::Continue, 2),
                (Status::Accepted, 2),
                (Status::Accepted, 3)
            ]
        );
        assert_eq!(run.outcomes[0], Outcome::Text { item: 1, text: "hola".into() });
        assert_eq!(files(dir.path()), [("cat.png".to_owned(), PNG.to_vec())]);
    }

    #[test]
    fn an_oversized_item_is_refused_before_its_payload_and_the_stream_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let mut stream = crate::frame::stream_header().to_vec();
        crate::frame::write_frame_start(&mut stream, Kind::Image, b"big.png", 10 << 20).unwrap();
        build::item(&mut stream, Kind::Text, b"", b"still here");
        crate::frame::write_frame_start(&mut stream, Kind::End, b"", 0).unwrap();
        let run = run(&stream, dir.path(), LIMITS);
        assert_eq!(run.end, End::Finished);
        assert_eq!(run.replies[0].status, Status::Rejected);
        assert_eq!(run.replies[0].code, Code::TooLarge);
        assert!(run.replies[0].message.contains("exceeds"), "{}", run.replies[0].message);
        assert_eq!(run.outcomes[1], Outcome::Text { item: 2, text: "still here".into() });
        assert!(files(dir.path()).is_empty());
    }

    #[test]
    fn a_bad_digest_or_a_non_image_is_refused_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut stream = crate::frame::stream_header().to_vec();
        crate::frame::write_frame_start(&mut stream, Kind::Image, b"cat.png", PNG.len() as u64).unwrap();
        stream.extend_from_slice(PNG);
        stream.extend_from_slice(&[0u8; 32]);
        build::item(&mut stream, Kind::Image, b"notes.png", b"just words");
        let run = run(&stream, dir.path(), LIMITS);
        assert_eq!(run.end, End::PeerClosed);
        let codes: Vec<_> =
            run.replies.iter().filter(|r| r.status != Status::Continue).map(|r| r.code).collect();
        assert_eq!(codes, [Code::Checksum, Code::NotImage]);
        assert!(files(dir.path()).is_empty());
    }

    #[test]
    fn unknown_types_and_bad_magic_end_the_stream() {
        let dir = tempfile::tempdir().unwrap();
        let run1 = run(b"HTTP/1.1 200 OK\r\n", dir.path(), LIMITS);
        assert_eq!(run1.end, End::Refused(Code::BadMagic));
        assert_eq!(run1.replies[0].status, Status::Fatal);
        let mut stream = crate::frame::stream_header().to_vec();
        stream.extend_from_slice(&[9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let run2 = run(&stream, dir.path(), LIMITS);
        assert_eq!(run2.end, End::Refused(Code::UnknownType));
        assert_eq!(run2.replies[0].item, 1);
    }
}

/// Properties over generated streams: whatever the items, a whole stream round-trips, and a stream cut
/// anywhere leaves DIR holding exactly the items acknowledged before the cut (nothing partial).
#[cfg(test)]
mod properties {
    use super::*;
    use crate::frame::build;
    use proptest::prelude::*;
    use std::collections::BTreeMap;
    use std::path::Path;

    #[derive(Debug, Clone)]
    enum Item {
        Text(String),
        Image(String, Vec<u8>),
    }

    fn item() -> impl Strategy<Value = Item> {
        prop_oneof![
            any::<String>().prop_map(Item::Text),
            ("[a-z]{1,6}\\.(png|jpg|bin)", proptest::collection::vec(any::<u8>(), 0..3000))
                .prop_map(|(name, bytes)| Item::Image(name, bytes)),
        ]
    }

    fn encode(items: &[Item]) -> Vec<u8> {
        let parts: Vec<(Kind, &[u8], &[u8])> = items
            .iter()
            .map(|item| match item {
                Item::Text(text) => (Kind::Text, &b""[..], text.as_bytes()),
                Item::Image(name, bytes) => (Kind::Image, name.as_bytes(), bytes.as_slice()),
            })
            .collect();
        build::stream(&parts)
    }

    /// Every file in `dir` by name (temporary files included, so a leftover would show).
    fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| {
                let entry = entry.unwrap();
                (entry.file_name().into_string().unwrap(), std::fs::read(entry.path()).unwrap())
            })
            .collect()
    }

    fn serve_bytes(stream: &[u8], dir: &Path) -> (End, Vec<Outcome>, Vec<Reply>) {
        let store = Store::new(dir.to_owned(), false);
        let limits = Limits { max_size: 1 << 20, accept_any: true };
        let mut outcomes = Vec::new();
        let mut output = Vec::new();
        let end = serve(&mut &stream[..], &mut output, &store, limits, &mut |o| outcomes.push(o));
        let mut replies = Vec::new();
        let mut rest = output.as_slice();
        while !rest.is_empty() {
            replies.push(Reply::read_from(&mut rest).unwrap());
        }
        (end, outcomes, replies)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn any_sequence_of_valid_frames_round_trips(items in proptest::collection::vec(item(), 0..6)) {
            let dir = tempfile::tempdir().unwrap();
            let (end, outcomes, replies) = serve_bytes(&encode(&items), dir.path());
            prop_assert_eq!(end, End::Finished);
            prop_assert_eq!(outcomes.len(), items.len());
            let mut expected_files = BTreeMap::new();
            for (number, (item, outcome)) in items.iter().zip(&outcomes).enumerate() {
                let number = number as u32 + 1;
                match (item, outcome) {
                    (Item::Text(sent), Outcome::Text { item, text }) => {
                        prop_assert_eq!((sent, *item), (text, number));
                    }
                    (Item::Image(name, bytes), Outcome::Stored { item, name: got, stored, sha256, .. }) => {
                        prop_assert_eq!((name, *item), (got, number));
                        prop_assert_eq!(sha256, &hex(&Sha256::digest(bytes)));
                        prop_assert!(expected_files.insert(stored.clone(), bytes.clone()).is_none());
                    }
                    (item, outcome) => prop_assert!(false, "{item:?} gave {outcome:?}"),
                }
            }
            prop_assert_eq!(contents(dir.path()), expected_files);
            // Per item: CONTINUE then ACCEPTED, and one ACCEPTED for END.
            prop_assert_eq!(replies.len(), items.len() * 2 + 1);
            for (index, reply) in replies.iter().enumerate() {
                let want = if index % 2 == 0 && index < items.len() * 2 { Status::Continue } else { Status::Accepted };
                prop_assert_eq!(reply.status, want);
                prop_assert_eq!(reply.item as usize, index / 2 + 1);
            }
        }

        #[test]
        fn any_truncation_leaves_only_the_acknowledged_items(
            items in proptest::collection::vec(item(), 1..5),
            cut in any::<proptest::sample::Index>(),
        ) {
            let stream = encode(&items);
            // Cut anywhere before the end frame is complete.
            let cut = cut.index(stream.len());
            let dir = tempfile::tempdir().unwrap();
            let (end, outcomes, replies) = serve_bytes(&stream[..cut], dir.path());
            prop_assert!(matches!(end, End::Broken(_) | End::PeerClosed), "{end:?}");
            // The files in DIR are exactly those whose ACCEPTED reply went out, byte for byte.
            let accepted: Vec<u32> =
                replies.iter().filter(|r| r.status == Status::Accepted).map(|r| r.item).collect();
            let mut expected_files = BTreeMap::new();
            for outcome in &outcomes {
                if let Outcome::Stored { item, stored, .. } = outcome {
                    prop_assert!(accepted.contains(item));
                    let Item::Image(_, bytes) = &items[*item as usize - 1] else { unreachable!() };
                    expected_files.insert(stored.clone(), bytes.clone());
                }
            }
            prop_assert_eq!(contents(dir.path()), expected_files);
            // A cut inside the first item leaves DIR as it was: empty.
            let first_item_end = encode(&items[..1]).len() - FRAME_HEADER_LEN;
            if cut < first_item_end {
                prop_assert!(contents(dir.path()).is_empty());
            }
        }
    }
}
