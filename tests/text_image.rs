//! text-image (guide §2.5.4): the sender and receiver on loopback, and the receiver against
//! hand-crafted byte streams written from docs/PROTOCOL.md (not from the program's own encoder).

use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;
use sha2::{Digest, Sha256};

use crate::support::{DEADLINE, Proc, have, skip, text_image};

const TEXT: u8 = 1;
const IMAGE: u8 = 2;
const END: u8 = 3;

const CONTINUE: u8 = 0;
const ACCEPTED: u8 = 1;
const REJECTED: u8 = 2;
const FATAL: u8 = 3;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn png() -> Vec<u8> {
    fs::read(fixture("gradient.png")).unwrap()
}

/// A receiver with JSON events, on a free port, writing into `dir`.
fn receiver(dir: &Path, extra: &[&str]) -> (Proc, SocketAddr) {
    let mut args = vec!["recv", "--bind", "127.0.0.1:0", "--out", dir.to_str().unwrap(), "--json"];
    args.extend_from_slice(extra);
    let mut proc = Proc::start(text_image(), &args);
    let line = proc.wait_for_line(r#""event":"listening""#);
    let event: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(event["proto"], "tcp", "{line}");
    let addr = event["addr"].as_str().unwrap().parse().unwrap();
    (proc, addr)
}

fn sender(addr: SocketAddr) -> Command {
    let mut command = Command::new(text_image());
    command.args(["send", "--to", &addr.to_string()]).timeout(DEADLINE);
    command
}

/// Proves the receiver still works after a bad client: a new sender's text is accepted.
fn still_serves(addr: SocketAddr) {
    sender(addr)
        .args(["--text", "still there?"])
        .assert()
        .success()
        .stdout(predicate::str::contains("accepted: text"));
}

/// Names of the entries in `dir`, sorted (temporary files included, so a leftover shows up).
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// A connection speaking the protocol byte by byte.
struct Raw {
    stream: TcpStream,
}

#[derive(Debug)]
struct Reply {
    status: u8,
    code: u8,
    item: u32,
    message: String,
}

impl Raw {
    fn connect(addr: SocketAddr) -> Raw {
        let stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        Raw { stream }
    }

    /// Connects and sends the stream header `TXIM` 1.
    fn start(addr: SocketAddr) -> Raw {
        let mut raw = Raw::connect(addr);
        raw.send(b"TXIM\x01");
        raw
    }

    /// The part of a `closed` event line that identifies this connection.
    fn closed_needle(&self) -> String {
        format!(r#""event":"closed","peer":"{}""#, self.stream.local_addr().unwrap())
    }

    fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).unwrap();
    }

    fn header(&mut self, kind: u8, name: &[u8], len: u64) {
        let mut bytes = vec![kind];
        bytes.extend_from_slice(&(name.len() as u16).to_be_bytes());
        bytes.extend_from_slice(&len.to_be_bytes());
        bytes.extend_from_slice(name);
        self.send(&bytes);
    }

    fn reply(&mut self) -> Reply {
        let mut header = [0u8; 8];
        self.stream.read_exact(&mut header).unwrap();
        let mut message = vec![0u8; usize::from(u16::from_be_bytes([header[6], header[7]]))];
        self.stream.read_exact(&mut message).unwrap();
        Reply {
            status: header[0],
            code: header[1],
            item: u32::from_be_bytes(header[2..6].try_into().unwrap()),
            message: String::from_utf8(message).unwrap(),
        }
    }

    /// Sends a whole item the way the protocol asks: header, wait for CONTINUE, payload, digest.
    fn item(&mut self, kind: u8, name: &[u8], payload: &[u8]) -> Reply {
        self.header(kind, name, payload.len() as u64);
        let go = self.reply();
        if go.status != CONTINUE {
            return go;
        }
        self.send(payload);
        self.send(&Sha256::digest(payload));
        self.reply()
    }

    /// True once the receiver closed the connection (reads end of stream).
    fn closed_by_peer(&mut self) -> bool {
        let mut byte = [0u8; 1];
        matches!(self.stream.read(&mut byte), Ok(0) | Err(_))
    }
}

#[test]
fn text_png_and_jpeg_arrive_byte_identical_with_format_size_and_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let mut recv =
        Proc::start(text_image(), &["recv", "--bind", "127.0.0.1:0", "--out", dir.path().to_str().unwrap()]);
    let addr = recv.listening_addr();
    let png_path = fixture("gradient.png");
    let jpg_path = fixture("grey.jpg");
    sender(addr)
        .args(["--text", "hola", "--image", png_path.to_str().unwrap(), "--text", "chau"])
        .args(["--image", jpg_path.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("accepted: text \"hola\""))
        .stdout(predicate::str::contains("accepted: image gradient.png (1479 bytes), stored as gradient.png"))
        .stdout(predicate::str::contains("accepted: image grey.jpg (164 bytes), stored as grey.jpg"))
        .stdout(predicate::str::contains("4 of 4 items accepted"));
    recv.wait_for_line("sender finished");
    let png_sha = hex(&Sha256::digest(png()));
    let lines = recv.stdout().join("\n");
    // Texts and images are reported in the order they were given.
    let order: Vec<usize> = ["text from", "hola", "image gradient.png", "chau", "image grey.jpg"]
        .iter()
        .map(|needle| lines.find(needle).unwrap_or_else(|| panic!("no '{needle}' in\n{lines}")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "out of order:\n{lines}");
    assert!(
        lines.contains(&format!("image gradient.png: png 32x24, 1479 bytes, sha256 {png_sha}")),
        "{lines}"
    );
    assert!(lines.contains("image grey.jpg: jpeg 48x32, 164 bytes, sha256 "), "{lines}");
    assert_eq!(fs::read(dir.path().join("gradient.png")).unwrap(), png());
    assert_eq!(fs::read(dir.path().join("grey.jpg")).unwrap(), fs::read(&jpg_path).unwrap());
    assert_eq!(entries(dir.path()), ["gradient.png", "grey.jpg"]);
}

#[test]
fn json_events_carry_every_field_of_a_text_and_an_image() {
    let dir = tempfile::tempdir().unwrap();
    let (mut recv, addr) = receiver(dir.path(), &[]);
    sender(addr)
        .args(["--json", "--text", "ñandú", "--image", fixture("gradient.png").to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            r#"{"event":"accepted","stored":"gradient.png","item":2,"kind":"image""#,
        ))
        .stdout(predicate::str::contains(r#""event":"done","items":2,"accepted":2,"rejected":0,"unsent":0"#));
    let text: serde_json::Value = serde_json::from_str(&recv.wait_for_line(r#""event":"text""#)).unwrap();
    assert_eq!(text["text"], "ñandú");
    assert_eq!(text["item"], 1);
    let image: serde_json::Value = serde_json::from_str(&recv.wait_for_line(r#""event":"image""#)).unwrap();
    assert_eq!(image["name"], "gradient.png");
    assert_eq!(image["stored"], "gradient.png");
    assert_eq!(image["format"], "png");
    assert_eq!((image["width"].as_u64(), image["height"].as_u64()), (Some(32), Some(24)));
    assert_eq!(image["bytes"], 1479);
    assert_eq!(image["sha256"], hex(&Sha256::digest(png())));
    let closed: serde_json::Value = serde_json::from_str(&recv.wait_for_line(r#""event":"closed""#)).unwrap();
    assert_eq!((closed["reason"].as_str(), closed["accepted"].as_u64()), (Some("end"), Some(2)));
}

#[test]
fn a_200_mib_image_streams_through_without_the_receivers_memory_growing() {
    const SIZE: u64 = 200 << 20;
    let dir = tempfile::tempdir().unwrap();
    let source_dir = tempfile::tempdir().unwrap();
    let source = source_dir.path().join("huge.png");
    let (expected, bytes) = write_big_png(&source, SIZE);
    let (mut recv, addr) = receiver(dir.path(), &["--max-size", "256M"]);
    sender(addr)
        .args(["--image", source.to_str().unwrap()])
        .timeout(Duration::from_secs(120))
        .assert()
        .success()
        .stdout(predicate::str::contains("of 200.6 MiB (50%)"))
        .stdout(predicate::str::contains("accepted: image huge.png (200.6 MiB), stored as huge.png"));
    let event: serde_json::Value = serde_json::from_str(&recv.wait_for_line(r#""event":"image""#)).unwrap();
    assert_eq!(event["bytes"], bytes);
    assert_eq!((event["width"].as_u64(), event["format"].as_str()), (Some(4000), Some("png")), "{event}");
    assert_eq!(event["sha256"], expected);
    assert_eq!(sha256_of_file(&dir.path().join("huge.png")), expected);
    // Peak resident memory of the receiver over its whole life, transfer included.
    let status = fs::read_to_string(format!("/proc/{}/status", recv.pid())).unwrap();
    let peak_kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/PID/status");
    eprintln!("receiver peak RSS (VmHWM) for a {} MiB image: {peak_kib} KiB", SIZE >> 20);
    assert!(peak_kib < 32 * 1024, "the receiver's peak RSS was {peak_kib} KiB for a 200 MiB payload");
}

/// A PNG signature and header chunk followed by filler: recognised as a PNG from its first bytes.
/// A real PNG of about `size` bytes (RGB rows of varied bytes, stored without compression, so the file
/// is as large as its pixels), written row by row; returns its SHA-256 and its exact size.
fn write_big_png(path: &Path, size: u64) -> (String, u64) {
    const WIDTH: u32 = 4000;
    let row_bytes = u64::from(WIDTH) * 3 + 1;
    let height = (size / row_bytes) as u32;
    let file = std::io::BufWriter::new(fs::File::create(path).unwrap());
    let mut encoder = png::Encoder::new(file, WIDTH, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::NoCompression);
    let mut writer = encoder.write_header().unwrap();
    let mut stream = writer.stream_writer().unwrap();
    let mut row = vec![0u8; WIDTH as usize * 3];
    for y in 0..height {
        for (i, byte) in row.iter_mut().enumerate() {
            *byte = (i as u32).wrapping_mul(31).wrapping_add(y) as u8;
        }
        stream.write_all(&row).unwrap();
    }
    stream.finish().unwrap();
    writer.finish().unwrap();
    (sha256_of_file(path), fs::metadata(path).unwrap().len())
}

fn sha256_of_file(path: &Path) -> String {
    let mut file = fs::File::open(path).unwrap();
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).unwrap();
    hex(&hasher.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn a_connection_dropped_mid_image_leaves_no_file_and_the_receiver_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let (mut recv, addr) = receiver(dir.path(), &[]);
    let image = png();
    let mut raw = Raw::start(addr);
    raw.header(IMAGE, b"cat.png", image.len() as u64);
    assert_eq!(raw.reply().status, CONTINUE);
    raw.send(&image[..image.len() / 2]);
    let needle = raw.closed_needle();
    drop(raw);
    let closed = recv.wait_for_line(&needle);
    assert!(closed.contains(r#""reason":"broken""#), "{closed}");
    assert!(closed.contains("739 of 1479 bytes received"), "{closed}");
    assert!(entries(dir.path()).is_empty(), "left behind: {:?}", entries(dir.path()));
    still_serves(addr);
}

#[test]
fn a_checksum_mismatch_is_rejected_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (mut recv, addr) = receiver(dir.path(), &[]);
    let image = png();
    let mut raw = Raw::start(addr);
    raw.header(IMAGE, b"cat.png", image.len() as u64);
    assert_eq!(raw.reply().status, CONTINUE);
    raw.send(&image);
    let mut digest = Sha256::digest(&image);
    digest[0] ^= 1;
    raw.send(&digest);
    let reply = raw.reply();
    assert_eq!((reply.status, reply.code, reply.item), (REJECTED, 7, 1), "{reply:?}");
    assert!(reply.message.contains("SHA-256 mismatch"), "{reply:?}");
    // The framing is still sound, so the same connection goes on.
    assert_eq!(raw.item(TEXT, b"", b"after the bad one").status, ACCEPTED);
    recv.wait_for_line(r#""code":"checksum""#);
    assert!(entries(dir.path()).is_empty());
    drop(raw);
    still_serves(addr);
}

#[test]
fn an_unknown_frame_type_is_refused_and_the_connection_closed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut recv, addr) = receiver(dir.path(), &[]);
    let mut raw = Raw::start(addr);
    raw.header(9, b"", 5);
    let reply = raw.reply();
    assert_eq!((reply.status, reply.code), (FATAL, 3), "{reply:?}");
    assert!(reply.message.contains("unknown frame type 9"), "{reply:?}");
    assert!(raw.closed_by_peer());
    let closed = recv.wait_for_line(&raw.closed_needle());
    assert!(closed.contains(r#""reason":"unknown-type""#), "{closed}");
    still_serves(addr);
}

#[test]
fn a_stream_with_bad_magic_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut recv, addr) = receiver(dir.path(), &[]);
    let mut raw = Raw::connect(addr);
    raw.send(b"GET / HTTP/1.1\r\n\r\n");
    let reply = raw.reply();
    assert_eq!((reply.status, reply.code, reply.item), (FATAL, 1, 0), "{reply:?}");
    assert!(reply.message.contains("bad magic"), "{reply:?}");
    assert!(raw.closed_by_peer());
    recv.wait_for_line(r#""code":"bad-magic""#);
    // A future version is refused with its own code.
    let mut raw = Raw::connect(addr);
    raw.send(b"TXIM\x02");
    let reply = raw.reply();
    assert_eq!((reply.status, reply.code), (FATAL, 2), "{reply:?}");
    still_serves(addr);
}

#[test]
fn an_item_over_the_limit_is_refused_from_its_header_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (mut recv, addr) = receiver(dir.path(), &["--max-size", "1K"]);
    let mut raw = Raw::start(addr);
    // Announce an exabyte: the receiver must refuse it without allocating or waiting for it.
    raw.header(IMAGE, b"huge.png", 1 << 60);
    let reply = raw.reply();
    assert_eq!((reply.status, reply.code), (REJECTED, 5), "{reply:?}");
    assert!(reply.message.contains("exceeds the receiver's limit of 1024 bytes"), "{reply:?}");
    assert_eq!(raw.item(TEXT, b"", b"next").status, ACCEPTED);
    recv.wait_for_line(r#""code":"too-large""#);
    drop(raw);
    // The sender reports the refusal, sends the rest, and exits 1.
    sender(addr)
        .args(["--image", fixture("gradient.png").to_str().unwrap(), "--text", "small"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "rejected: image gradient.png: image of 1479 bytes exceeds the receiver's limit of 1024 bytes [too-large]",
        ))
        .stdout(predicate::str::contains("accepted: text \"small\""))
        .stdout(predicate::str::contains("1 of 2 items accepted, 1 rejected, 0 not sent"));
    assert!(entries(dir.path()).is_empty());
    still_serves(addr);
}

#[test]
fn a_truncated_frame_header_is_logged_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (mut recv, addr) = receiver(dir.path(), &[]);
    let mut raw = Raw::start(addr);
    raw.send(&[IMAGE, 0, 7, 0, 0]);
    let needle = raw.closed_needle();
    drop(raw);
    let closed = recv.wait_for_line(&needle);
    assert!(closed.contains("connection closed in a frame header: 5 of 11 bytes received"), "{closed}");
    // A stream header cut short is reported the same way.
    let mut raw = Raw::connect(addr);
    raw.send(b"TX");
    let needle = raw.closed_needle();
    drop(raw);
    let closed = recv.wait_for_line(&needle);
    assert!(closed.contains("connection closed in the stream header: 2 of 5 bytes received"), "{closed}");
    assert!(entries(dir.path()).is_empty());
    still_serves(addr);
}

/// A PNG signature and IHDR-like bytes, then junk: a header reader took it for a huge PNG; decoding it
/// shows it is none. A name that would display as another name is refused from the header.
#[test]
fn a_png_signature_with_junk_and_a_bidi_name_are_refused_with_their_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let (mut recv, addr) = receiver(dir.path(), &[]);
    let mut raw = Raw::start(addr);
    let junk = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDRlots of bytes that are no chunks at all";
    let reply = raw.item(IMAGE, b"fake.png", junk);
    assert_eq!((reply.status, reply.code), (REJECTED, 8), "{reply:?}");
    assert!(reply.message.contains("a png header, but the image does not decode"), "{reply:?}");
    recv.wait_for_line(r#""code":"not-image""#);
    raw.header(IMAGE, "cat\u{202e}gnp.exe".as_bytes(), 10);
    let reply = raw.reply();
    assert_eq!((reply.status, reply.code), (REJECTED, 6), "{reply:?}");
    assert!(reply.message.contains("U+202E"), "{reply:?}");
    assert!(entries(dir.path()).is_empty());
    drop(raw);
    still_serves(addr);
}

#[test]
fn a_payload_that_is_not_an_image_is_refused_unless_accept_any_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let (mut recv, addr) = receiver(dir.path(), &[]);
    let mut raw = Raw::start(addr);
    let reply = raw.item(IMAGE, b"notes.png", b"plain words, no picture");
    assert_eq!((reply.status, reply.code), (REJECTED, 8), "{reply:?}");
    assert!(reply.message.contains("not a known image format"), "{reply:?}");
    recv.wait_for_line(r#""code":"not-image""#);
    assert!(entries(dir.path()).is_empty());
    drop(raw);
    still_serves(addr);

    let any_dir = tempfile::tempdir().unwrap();
    let (mut recv, addr) = receiver(any_dir.path(), &["--accept-any"]);
    let mut raw = Raw::start(addr);
    let reply = raw.item(IMAGE, b"notes.txt", b"plain words, no picture");
    assert_eq!((reply.status, reply.message.as_str()), (ACCEPTED, "notes.txt"), "{reply:?}");
    let event = recv.wait_for_line(r#""event":"image""#);
    assert!(event.contains(r#""format":null"#), "{event}");
    assert_eq!(fs::read(any_dir.path().join("notes.txt")).unwrap(), b"plain words, no picture");
}

#[test]
fn names_that_would_escape_the_directory_are_refused() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("out");
    fs::create_dir(&dir).unwrap();
    let (mut recv, addr) = receiver(&dir, &[]);
    let escape = format!("{}/escaped.png", parent.path().display());
    let names: [&[u8]; 7] = [
        b"../escaped.png",
        b"..",
        b"a/b.png",
        b"cat\0.png",
        escape.as_bytes(),
        b"/escaped.png",
        b".hidden.png",
    ];
    let mut raw = Raw::start(addr);
    for name in names {
        let reply = raw.item(IMAGE, name, &png());
        assert_eq!(
            (reply.status, reply.code),
            (REJECTED, 6),
            "{:?}: {reply:?}",
            String::from_utf8_lossy(name)
        );
        assert!(reply.message.starts_with("bad name"), "{reply:?}");
    }
    assert_eq!(raw.item(END, b"", b"").status, ACCEPTED);
    let closed = recv.wait_for_line(&raw.closed_needle());
    assert!(closed.contains(r#""accepted":0,"rejected":7"#), "{closed}");
    assert!(entries(&dir).is_empty());
    assert_eq!(entries(parent.path()), ["out"]);
    assert!(!Path::new("/escaped.png").exists());
    still_serves(addr);
}

#[test]
fn an_existing_file_is_never_replaced_unless_overwrite_is_given() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("gradient.png"), b"precious").unwrap();
    let (_recv, addr) = receiver(dir.path(), &[]);
    let image = fixture("gradient.png");
    for stored in ["gradient-1.png", "gradient-2.png"] {
        sender(addr)
            .args(["--image", image.to_str().unwrap()])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!("stored as {stored}")));
    }
    assert_eq!(fs::read(dir.path().join("gradient.png")).unwrap(), b"precious");
    assert_eq!(fs::read(dir.path().join("gradient-2.png")).unwrap(), png());

    let (_recv, addr) = receiver(dir.path(), &["--overwrite"]);
    sender(addr).args(["--image", image.to_str().unwrap()]).assert().success();
    assert_eq!(fs::read(dir.path().join("gradient.png")).unwrap(), png());
    assert_eq!(entries(dir.path()), ["gradient-1.png", "gradient-2.png", "gradient.png"]);
}

#[test]
fn text_that_is_not_utf8_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (mut recv, addr) = receiver(dir.path(), &[]);
    let mut raw = Raw::start(addr);
    let reply = raw.item(TEXT, b"", b"hola \xff\xfe");
    assert_eq!((reply.status, reply.code), (REJECTED, 9), "{reply:?}");
    assert!(reply.message.contains("not valid UTF-8 (bad byte at offset 5)"), "{reply:?}");
    recv.wait_for_line(r#""code":"bad-utf8""#);
    assert!(!recv.stdout().iter().any(|line| line.contains(r#""event":"text""#)));
    drop(raw);
    still_serves(addr);
}

#[test]
fn an_idle_sender_is_dropped_after_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let (mut recv, addr) = receiver(dir.path(), &["--timeout", "300ms"]);
    let image = png();
    let mut raw = Raw::start(addr);
    raw.header(IMAGE, b"slow.png", image.len() as u64);
    assert_eq!(raw.reply().status, CONTINUE);
    raw.send(&image[..100]);
    // ...and then nothing: the receiver gives up on its own.
    let reply = raw.reply();
    assert_eq!((reply.status, reply.code), (FATAL, 11), "{reply:?}");
    assert!(raw.closed_by_peer());
    let closed = recv.wait_for_line(&raw.closed_needle());
    assert!(closed.contains(r#""reason":"timeout""#), "{closed}");
    assert!(entries(dir.path()).is_empty());
    still_serves(addr);
}

#[test]
fn the_sender_gives_up_on_a_receiver_that_never_answers() {
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = silent.local_addr().unwrap();
    let started = std::time::Instant::now();
    sender(addr)
        .args(["--timeout", "300ms", "--text", "anyone?"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no reply from the receiver in time"))
        .stdout(predicate::str::contains("0 of 1 items accepted, 0 rejected, 1 not sent"));
    assert!(started.elapsed() < DEADLINE);
    drop(silent);
}

#[test]
fn recv_once_exits_after_one_sender_and_a_signal_stops_it_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let (mut recv, addr) = receiver(dir.path(), &["--once"]);
    still_serves(addr);
    assert_eq!(recv.wait_exit().code(), Some(0));
    assert!(
        recv.stdout()
            .last()
            .unwrap()
            .contains(r#""event":"shutdown","reason":"served one connection (--once)""#)
    );

    let (mut recv, _addr) = receiver(dir.path(), &[]);
    assert_eq!(recv.terminate().code(), Some(0));
    assert!(recv.stdout().last().unwrap().contains(r#""event":"shutdown","reason":"signal""#));
}

#[test]
fn a_signal_mid_transfer_stops_the_receiver_cleanly_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let (mut recv, addr) = receiver(dir.path(), &[]);
    let image = png();
    let mut raw = Raw::start(addr);
    raw.header(IMAGE, b"cat.png", image.len() as u64);
    assert_eq!(raw.reply().status, CONTINUE);
    raw.send(&image[..500]);
    // Stop the receiver while the image is in flight: the partial item must be discarded.
    recv.wait_for_line(r#""event":"connection""#);
    assert_eq!(recv.terminate().code(), Some(0));
    let lines = recv.stdout().join("\n");
    assert!(lines.contains(r#""reason":"stopped""#), "{lines}");
    assert!(entries(dir.path()).is_empty(), "left behind: {:?}", entries(dir.path()));
}

#[test]
fn a_python_sender_written_from_the_protocol_page_interoperates() {
    if !have("python3") {
        skip("a_python_sender_written_from_the_protocol_page_interoperates", "python3 is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (mut recv, addr) = receiver(dir.path(), &["--max-size", "2K"]);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/python/send_text_image.py");
    let big = tempfile::NamedTempFile::new().unwrap();
    fs::write(big.path(), vec![7u8; 4096]).unwrap();
    Command::new("python3")
        .arg(&script)
        .args(["--to", &addr.to_string(), "--text", "hola desde Python", "--image"])
        .arg(fixture("gradient.png"))
        .arg("--image")
        .arg(fixture("grey.jpg"))
        .arg("--image")
        .arg(big.path())
        .timeout(DEADLINE)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("item 1 accepted"))
        .stdout(predicate::str::contains("item 2 accepted: stored as gradient.png"))
        .stdout(predicate::str::contains("item 3 accepted: stored as grey.jpg"))
        .stdout(predicate::str::contains("item 4 rejected (too-large)"));
    let text = recv.wait_for_line(r#""event":"text""#);
    assert!(text.contains(r#""text":"hola desde Python""#), "{text}");
    recv.wait_for_line(r#""event":"closed""#);
    assert_eq!(fs::read(dir.path().join("gradient.png")).unwrap(), png());
    assert_eq!(fs::read(dir.path().join("grey.jpg")).unwrap(), fs::read(fixture("grey.jpg")).unwrap());
    assert_eq!(entries(dir.path()), ["gradient.png", "grey.jpg"]);
}

#[test]
fn bad_command_lines_exit_2_with_one_line() {
    Command::new(text_image())
        .args(["send", "--to", "127.0.0.1:1"])
        .assert()
        .code(2)
        .stderr("error: nothing to send: give at least one --text MESSAGE or --image FILE (see --help)\n");
    Command::new(text_image()).args(["recv", "--out", "x", "--max-size", "lots"]).assert().code(2);
    Command::new(text_image())
        .args(["send", "--to", "127.0.0.1:1", "--image", "/no/such/file.png"])
        .assert()
        .code(1)
        .stderr("error: cannot open /no/such/file.png: No such file or directory (os error 2)\n");
}

fn text_image_command(args: &[&str]) -> assert_cmd::Command {
    let mut command = assert_cmd::Command::new(text_image());
    command.args(args).timeout(std::time::Duration::from_secs(20));
    command
}

#[test]
fn spanish_help_and_errors_with_lang_es_or_the_locale() {
    let spanish =
        "error: nada que enviar: indique al menos un --text MENSAJE o un --image ARCHIVO (ver --help)\n";
    text_image_command(&["send", "--lang", "es", "--to", "127.0.0.1:9"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(spanish);
    text_image_command(&["send", "--to", "127.0.0.1:9"])
        .env("LANG", "es_AR.UTF-8")
        .assert()
        .code(2)
        .stderr(spanish);
    text_image_command(&["--lang", "es", "--help"]).assert().success().stdout(predicates::str::contains(
        "send  Envía textos e imágenes, en el orden dado, e imprime el veredicto del receptor sobre cada uno",
    ));
}

#[test]
fn json_is_the_same_in_spanish() {
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().to_string();
    let run = |lang: &str| {
        let output = text_image_command(&["send", "--json", "--lang", lang, "--to", &dead, "--text", "hola"])
            .output()
            .unwrap();
        (output.status.code(), String::from_utf8(output.stdout).unwrap())
    };
    assert_eq!(run("es"), run("en"));
}

/// A receiver with human output in Spanish, on a free port, writing into `dir`.
fn spanish_receiver(dir: &Path, extra: &[&str]) -> (Proc, SocketAddr) {
    let mut args = vec!["recv", "--lang", "es", "--bind", "127.0.0.1:0", "--out", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let mut proc = Proc::start(text_image(), &args);
    let addr = proc.listening_addr();
    (proc, addr)
}

#[test]
fn spanish_lines_of_send_and_recv_with_lang_es_while_replies_stay_english() {
    let dir = tempfile::tempdir().unwrap();
    let (mut recv, addr) = spanish_receiver(dir.path(), &["--max-size", "1K"]);
    sender(addr)
        .args(["--lang", "es", "--text", "hola", "--image"])
        .arg(fixture("grey.jpg"))
        .arg("--image")
        .arg(fixture("gradient.png"))
        .assert()
        .code(1)
        .stderr("")
        .stdout(format!(
            "conectado a {addr}\n\
             aceptado: texto \"hola\" (4 bytes)\n\
             aceptada: imagen grey.jpg (164 bytes), guardada como grey.jpg\n\
             rechazada: imagen gradient.png: image of 1479 bytes exceeds the receiver's limit of 1024 bytes \
             [too-large]\n\
             elementos aceptados: 2 de 3, rechazados: 1, sin enviar: 0\n"
        ));
    assert!(recv.wait_for_line("texto de 127.0.0.1:").ends_with(": hola"));
    recv.wait_for_line("imagen grey.jpg: jpeg 48x32, 164 bytes, sha256 ");
    let rejected = recv.wait_for_line("se rechazó la imagen gradient.png (elemento 3) de 127.0.0.1:");
    assert!(
        rejected
            .ends_with(": la imagen de 1479 bytes supera el límite de 1024 bytes del receptor [too-large]"),
        "{rejected}"
    );
    recv.wait_for_line(": el emisor terminó (2 aceptados, 1 rechazado)");

    // A bad frame: the reply on the wire stays English, the receiver's line is Spanish.
    let mut raw = Raw::start(addr);
    raw.send(&[9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let reply = raw.reply();
    assert_eq!(
        (reply.status, reply.message.as_str()),
        (FATAL, "unknown frame type 9 (known: 1 text, 2 image, 3 end)")
    );
    let peer = raw.stream.local_addr().unwrap();
    recv.wait_for_line(&format!(
        "se rechazó la trama (elemento 1) de {peer}: tipo de trama desconocido 9 (conocidos: 1 texto, 2 imagen, \
         3 fin) [unknown-type]"
    ));
    recv.wait_for_line(&format!(
        "{peer}: flujo rechazado (unknown-type), conexión cerrada (0 aceptados, 1 rechazado)"
    ));
    assert_eq!(recv.terminate().code(), Some(0));
    assert_eq!(
        recv.stdout().last().unwrap(),
        "deteniéndose (señal): 2 conexiones, 2 elementos aceptados, 2 rechazados"
    );
    assert_eq!(recv.stderr(), "");
}

#[test]
fn spanish_errors_keep_their_exit_codes() {
    text_image_command(&["send", "--lang", "es", "--to", "127.0.0.1:9", "--image", "/no/such/file.png"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("error: no se puede abrir /no/such/file.png: No such file or directory (os error 2)\n");
    // A stream that does not start with TXIM: --once exits 1, as in English.
    let dir = tempfile::tempdir().unwrap();
    let (mut recv, addr) = spanish_receiver(dir.path(), &["--once"]);
    let mut raw = Raw::connect(addr);
    raw.send(b"HTTP/");
    assert_eq!(raw.reply().status, FATAL);
    assert_eq!(recv.wait_exit().code(), Some(1));
    let lines = recv.stdout().join("\n");
    assert!(
        lines.contains(
            "(elemento 0) de 127.0.0.1:", 
        ) && lines.contains(
            ": número mágico incorrecto [48, 54, 54, 50]: no es un flujo de text-image (se esperaba \"TXIM\") \
             [bad-magic]"
        ),
        "{lines}"
    );
    assert!(
        lines.ends_with(
            "deteniéndose (se atendió una conexión (--once)): 1 conexión, 0 elementos aceptados, 1 rechazado"
        ),
        "{lines}"
    );
}

#[test]
fn the_locale_of_the_environment_chooses_spanish() {
    text_image_command(&["recv", "--bind", "127.0.0.1:0", "--out", "/no/such/dir"])
        .env("LANG", "es_AR.UTF-8")
        .assert()
        .code(1)
        .stdout("")
        .stderr("error: el directorio de salida /no/such/dir no existe (créelo primero)\n");
    text_image_command(&["send", "--to", "127.0.0.1:9", "--image", "/no/such/file.png"])
        .env("LANG", "es_AR.UTF-8")
        .assert()
        .code(1)
        .stderr("error: no se puede abrir /no/such/file.png: No such file or directory (os error 2)\n");
}

/// The JSON events of a receiver and a sender through one exchange (a text, an image, an image over
/// the limit, a connection cut in a frame header, a stream with bad magic), without the addresses.
fn json_exchange(lang: &str) -> (Vec<serde_json::Value>, Vec<serde_json::Value>) {
    let without_addresses = |lines: &[String]| -> Vec<serde_json::Value> {
        lines
            .iter()
            .map(|line| {
                let mut event: serde_json::Value = serde_json::from_str(line).unwrap();
                for key in ["peer", "addr", "to"] {
                    event.as_object_mut().unwrap().remove(key);
                }
                event
            })
            .collect()
    };
    let dir = tempfile::tempdir().unwrap();
    let (mut recv, addr) = receiver(dir.path(), &["--lang", lang, "--max-size", "1K"]);
    let output = sender(addr)
        .args(["--json", "--lang", lang, "--text", "hola", "--image"])
        .arg(fixture("grey.jpg"))
        .arg("--image")
        .arg(fixture("gradient.png"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let sent: Vec<String> = String::from_utf8(output.stdout).unwrap().lines().map(String::from).collect();
    let mut raw = Raw::start(addr);
    raw.send(&[TEXT, 0, 0, 0, 0]);
    let needle = raw.closed_needle();
    drop(raw);
    recv.wait_for_line(&needle);
    let mut raw = Raw::connect(addr);
    raw.send(b"HTTP/");
    assert_eq!(raw.reply().status, FATAL);
    recv.wait_for_line(&raw.closed_needle());
    assert_eq!(recv.terminate().code(), Some(0));
    assert_eq!(recv.stderr(), "");
    (without_addresses(&recv.stdout()), without_addresses(&sent))
}

#[test]
fn json_of_recv_and_send_is_the_same_in_spanish() {
    let english = json_exchange("en");
    let (received, sent) = json_exchange("es");
    assert_eq!((&received, &sent), (&english.0, &english.1));
    let text = received.iter().map(|event| event.to_string()).collect::<Vec<_>>().join("\n");
    assert!(text.contains("connection closed in a frame header: 5 of 11 bytes received"), "{text}");
    assert!(
        text.contains(r#""reason":"image of 1479 bytes exceeds the receiver's limit of 1024 bytes""#),
        "{text}"
    );
    assert!(text.contains(r#""reason":"signal""#), "{text}");
}

#[test]
fn a_senders_warning_is_spanish_on_stderr_and_english_in_its_json_event() {
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let output = sender(silent.local_addr().unwrap())
        .args(["--json", "--lang", "es", "--timeout", "1s", "--text", "hola"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "aviso: transferencia detenida: el receptor no respondió a tiempo (--timeout)\n"
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains(
            r#"{"event":"error","message":"transfer stopped: no reply from the receiver in time (--timeout)"}"#
        ),
        "{stdout}"
    );
}
