//! hftp (seed 002): every command and status code, the course's hard cases (a request a byte at a
//! time, two at once, a 5 MiB file name, NUL bytes, 1000 files), binary and large files, many
//! clients in each mode, and clients that misbehave.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use predicates::prelude::*;
use serde_json::Value;

use crate::support::{DEADLINE, Proc, have, hftp, skip};

const MODES: [&str; 3] = ["serial", "threads", "poll"];

fn server(dir: &Path, args: &[&str]) -> (Proc, SocketAddr) {
    let mut all = vec!["server", "--dir", dir.to_str().unwrap(), "--bind", "127.0.0.1:0", "--json"];
    all.extend_from_slice(args);
    let mut proc = Proc::start(hftp(), &all);
    let addr = proc.listening_addr();
    (proc, addr)
}

fn client(addr: SocketAddr, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::new(hftp()).args(["client", "--to", &addr.to_string()]).args(args).timeout(DEADLINE).assert()
}

/// A folder with the files the tests serve.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hola.txt"), "Qué calor que hace hoy, pinchemos un poco!\n").unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    let every_byte: Vec<u8> = (0..=255u8).cycle().take(256 * 40).collect();
    std::fs::write(dir.path().join("bytes.bin"), every_byte).unwrap();
    dir
}

/// A raw connection to speak the protocol by hand.
struct Raw {
    stream: TcpStream,
    reader: BufReader<TcpStream>,
}

impl Raw {
    fn open(addr: SocketAddr) -> Raw {
        let stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        stream.set_nodelay(true).unwrap();
        let reader = BufReader::new(stream.try_clone().unwrap());
        Raw { stream, reader }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).unwrap();
    }

    fn line(&mut self) -> String {
        let mut line = Vec::new();
        self.reader.read_until(b'\n', &mut line).unwrap();
        assert!(line.ends_with(b"\r\n"), "a reply line without \\r\\n: {:?}", String::from_utf8_lossy(&line));
        String::from_utf8(line[..line.len() - 2].to_vec()).unwrap()
    }

    /// The rest of the stream until the server closes it.
    fn rest(&mut self) -> Vec<u8> {
        let mut rest = Vec::new();
        self.reader.read_to_end(&mut rest).unwrap();
        rest
    }
}

#[test]
fn each_command_answers_as_the_statement_says_in_every_mode() {
    let dir = folder();
    for mode in MODES {
        let (_server, addr) = server(dir.path(), &["--mode", mode]);
        let mut raw = Raw::open(addr);
        raw.send(b"get_file_listing\r\n");
        assert_eq!(raw.line(), "0 OK");
        let names: Vec<String> =
            std::iter::from_fn(|| Some(raw.line())).take_while(|l| !l.is_empty()).collect();
        assert_eq!(names, ["bytes.bin", "empty.txt", "hola.txt"], "{mode}");
        raw.send(b"get_metadata hola.txt\r\n");
        assert_eq!((raw.line(), raw.line()), ("0 OK".to_owned(), "44".to_owned()));
        // The statement's example: bytes 5 to 25 of the text, in base64.
        raw.send(b"get_slice hola.txt 5 20\r\n");
        assert_eq!(raw.line(), "0 OK");
        assert_eq!(STANDARD.decode(raw.line()).unwrap(), "calor que hace hoy, ".as_bytes());
        raw.send(b"get_slice empty.txt 0 0\r\n");
        assert_eq!((raw.line(), raw.line()), ("0 OK".to_owned(), String::new()));
        raw.send(b"quit\r\n");
        assert_eq!(raw.line(), "0 OK");
        assert!(raw.rest().is_empty(), "{mode}: the server did not close after quit");
    }
}

#[test]
fn every_error_code_and_which_ones_close_the_connection() {
    let dir = folder();
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("escape")).unwrap();
    let (_server, addr) = server(dir.path(), &[]);
    let mut raw = Raw::open(addr);
    for (request, status) in [
        ("verdura", "200 NO SUCH COMMAND"),
        ("quit passing extra arguments!", "201 INVALID ARGUMENTS FOR COMMAND"),
        ("get_metadata", "201 INVALID ARGUMENTS FOR COMMAND"),
        ("get_slice hola.txt x x", "201 INVALID ARGUMENTS FOR COMMAND"),
        ("get_slice hola.txt -1 3", "201 INVALID ARGUMENTS FOR COMMAND"),
        ("get_metadata does_not_exist", "202 FILE NOT FOUND"),
        ("get_metadata ../../etc/passwd", "201 INVALID ARGUMENTS FOR COMMAND"),
        ("get_metadata bar?$ola", "201 INVALID ARGUMENTS FOR COMMAND"),
        ("get_metadata escape", "202 FILE NOT FOUND"),
        ("get_slice hola.txt 40 10", "203 OFFSET EXCEEDS FILE SIZE"),
        ("get_slice hola.txt 18446744073709551615 2", "203 OFFSET EXCEEDS FILE SIZE"),
        ("get_slice hola.txt 1 99999999999999999999999", "203 OFFSET EXCEEDS FILE SIZE"),
    ] {
        raw.send(format!("{request}\r\n").as_bytes());
        assert_eq!(raw.line(), status, "{request}");
    }
    // 1xx: the reply, then the connection closes.
    raw.send(b"qui\nt\n");
    assert_eq!(raw.line(), "100 BAD EOL");
    assert!(raw.rest().is_empty());
    let mut raw = Raw::open(addr);
    raw.send(b"get_metadata \xff\xfe\r\n");
    assert_eq!(raw.line(), "101 BAD REQUEST");
    assert!(raw.rest().is_empty());
}

#[test]
fn the_courses_hard_cases_in_every_mode() {
    let dir = folder();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for i in 0..1000 {
        std::fs::write(data.join(format!("test_file{i:04}")), "").unwrap();
    }
    let nulls = [&[b'x'; 100][..], &[0u8; 100], &[b'y'; 100]].concat();
    std::fs::write(data.join("nulls"), &nulls).unwrap();
    for mode in MODES {
        let (_server, addr) = server(&data, &["--mode", mode]);
        // A request a byte at a time.
        let mut raw = Raw::open(addr);
        for byte in b"get_metadata nulls\r\n" {
            raw.send(&[*byte]);
        }
        assert_eq!((raw.line(), raw.line()), ("0 OK".to_owned(), "300".to_owned()), "{mode}");
        // Two requests in one send(), answered in order.
        raw.send(b"get_slice nulls 0 300\r\nget_metadata nulls\r\n");
        assert_eq!(raw.line(), "0 OK");
        assert_eq!(STANDARD.decode(raw.line()).unwrap(), nulls, "{mode}");
        assert_eq!((raw.line(), raw.line()), ("0 OK".to_owned(), "300".to_owned()));
        // A 5 MiB file name: no such file (the line is under --max-line).
        raw.send(format!("get_metadata {}\r\n", "x".repeat(5 << 20)).as_bytes());
        assert_eq!(raw.line(), "202 FILE NOT FOUND", "{mode}");
        raw.send(b"quit\r\n");
        assert_eq!(raw.line(), "0 OK");
        // 1000 files (and the one with NULs).
        let assert = client(addr, &["ls"]).success();
        assert_eq!(String::from_utf8_lossy(&assert.get_output().stdout).lines().count(), 1001, "{mode}");
    }
}

#[test]
fn binary_empty_and_large_files_download_byte_for_byte() {
    let dir = folder();
    let large: Vec<u8> = (0..2_000_003u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    std::fs::write(dir.path().join("large.bin"), &large).unwrap();
    let out = tempfile::tempdir().unwrap();
    for mode in MODES {
        let (_server, addr) = server(dir.path(), &["--mode", mode]);
        for (name, slice) in
            [("bytes.bin", "1000"), ("empty.txt", "1MiB"), ("large.bin", "300000"), ("large.bin", "64MiB")]
        {
            let path = out.path().join(format!("{mode}-{slice}-{name}"));
            client(addr, &["get", name, "--out", path.to_str().unwrap(), "--slice-size", slice]).success();
            assert_eq!(
                std::fs::read(&path).unwrap(),
                std::fs::read(dir.path().join(name)).unwrap(),
                "{mode} {name}"
            );
        }
    }
    // A file the server does not have: one line, exit 1, nothing written.
    let (_server, addr) = server(dir.path(), &[]);
    let path = out.path().join("nada");
    client(addr, &["get", "nada", "--out", path.to_str().unwrap()])
        .code(1)
        .stderr("error: get_metadata: the server answered 202 FILE NOT FOUND\n");
    assert!(!path.exists());
    assert_eq!(
        std::fs::read_dir(out.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".hftp"))
            .count(),
        0
    );
}

#[test]
fn a_client_that_leaves_without_quit_or_mid_line_is_logged_and_others_are_served() {
    let dir = folder();
    for mode in MODES {
        let (mut server, addr) = server(dir.path(), &["--mode", mode]);
        // Seed 002's case: a client closes without quit.
        let mut raw = Raw::open(addr);
        raw.send(b"get_metadata hola.txt\r\n");
        raw.line();
        drop(raw);
        server.wait_for_line(r#""reason":"client-closed""#);
        // Half a line, then a reset; a megabyte without a line end, then a close.
        let half = TcpStream::connect(addr).unwrap();
        (&half).write_all(b"get_meta").unwrap();
        socket2::SockRef::from(&half).set_linger(Some(std::time::Duration::ZERO)).unwrap();
        drop(half);
        let mut long = TcpStream::connect(addr).unwrap();
        long.write_all(&vec![b'x'; 1 << 20]).unwrap();
        drop(long);
        client(addr, &["stat", "hola.txt"]).success().stdout("hola.txt: 44 bytes\n");
        let closed: Vec<Value> = server
            .stdout()
            .iter()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|event| event["event"] == "closed")
            .collect();
        assert!(closed.len() >= 3, "{mode}: {closed:?}");
    }
}

#[test]
fn a_line_over_the_maximum_is_a_101_and_closes() {
    let dir = folder();
    let (_server, addr) = server(dir.path(), &["--max-line", "1KiB"]);
    client(addr, &["raw", "--long-line", "5000", "--json"])
        .success()
        .stdout(predicate::str::contains(r#""code":101"#))
        .stdout(predicate::str::contains(r#""by_server":true"#));
}

#[test]
fn threads_and_poll_serve_ten_clients_while_one_does_not_read_its_slice() {
    let dir = folder();
    let large = vec![7u8; 8 << 20];
    std::fs::write(dir.path().join("large.bin"), &large).unwrap();
    for mode in ["threads", "poll"] {
        let (_server, addr) = server(dir.path(), &["--mode", mode]);
        // Asks for 8 MiB (11 MiB of base64) and reads none of it.
        let mut stalled = Raw::open(addr);
        stalled.send(b"get_slice large.bin 0 8388608\r\n");
        std::thread::scope(|scope| {
            let clients: Vec<_> = (0..10)
                .map(|_| scope.spawn(move || client(addr, &["stat", "bytes.bin"]).success()))
                .collect();
            for client in clients {
                client.join().unwrap();
            }
        });
        assert_eq!(stalled.line(), "0 OK", "{mode}");
        drop(stalled);
    }
}

#[test]
fn a_serial_server_serves_the_next_client_once_the_first_quits() {
    let dir = folder();
    let (mut server, addr) = server(dir.path(), &["--mode", "serial"]);
    let mut first = Raw::open(addr);
    first.send(b"get_metadata hola.txt\r\n");
    assert_eq!((first.line(), first.line()), ("0 OK".to_owned(), "44".to_owned()));
    let mut second = Raw::open(addr);
    second.send(b"get_metadata hola.txt\r\n");
    let line = server.wait_for_line(r#""command":"get_metadata""#);
    assert!(line.contains(&first.stream.local_addr().unwrap().to_string()), "{line}");
    first.send(b"quit\r\n");
    assert_eq!(first.line(), "0 OK");
    assert_eq!(second.line(), "0 OK");
}

#[test]
fn the_extensions_answer_only_when_enabled() {
    let dir = folder();
    let (_server, addr) = server(dir.path(), &[]);
    let mut raw = Raw::open(addr);
    raw.send(b"help\r\nget_slice hola.txt 0 4 raw\r\n");
    assert_eq!(raw.line(), "200 NO SUCH COMMAND");
    assert_eq!(raw.line(), "201 INVALID ARGUMENTS FOR COMMAND");
    let (_server, addr) = server(dir.path(), &["--help-command", "--raw-slices"]);
    let mut raw = Raw::open(addr);
    raw.send(b"help\r\n");
    assert_eq!(raw.line(), "0 OK");
    let commands: Vec<String> =
        std::iter::from_fn(|| Some(raw.line())).take_while(|l| !l.is_empty()).collect();
    assert_eq!(commands.len(), 6, "{commands:?}");
    raw.send(b"get_slice bytes.bin 250 10 raw\r\nquit\r\n");
    assert_eq!(raw.line(), "0 OK");
    let mut bytes = [0u8; 10];
    raw.reader.read_exact(&mut bytes).unwrap();
    assert_eq!(bytes, [250, 251, 252, 253, 254, 255, 0, 1, 2, 3]);
    assert_eq!(raw.line(), "0 OK");
}

fn python_example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/python").join(name)
}

#[test]
fn a_python_client_written_from_the_protocol_page_downloads_from_every_mode() {
    if !have("python3") {
        return skip(
            "a_python_client_written_from_the_protocol_page_downloads_from_every_mode",
            "python3 is not installed",
        );
    }
    let dir = folder();
    let out = tempfile::tempdir().unwrap();
    for mode in MODES {
        let (_server, addr) = server(dir.path(), &["--mode", mode]);
        Command::new("python3")
            .arg(python_example("hftp_client.py"))
            .args(["-p", &addr.port().to_string(), "bytes.bin"])
            .current_dir(out.path())
            .timeout(DEADLINE)
            .assert()
            .success()
            .stdout(predicate::str::contains("bytes.bin: 10240 bytes"));
        assert_eq!(
            std::fs::read(out.path().join("bytes.bin")).unwrap(),
            std::fs::read(dir.path().join("bytes.bin")).unwrap()
        );
    }
}

#[test]
fn bad_command_lines_are_one_line_errors() {
    for args in [
        &["server", "--dir", "/no/such/folder"][..],
        &["server", "--mode", "fork"],
        &["server", "--max-line", "1"],
        &["server", "--max-line", "1G"],
        &["server", "--max-line", "-5"],
        &["server", "--idle-timeout", "0s"],
        &["client", "raw"],
        &["client", "raw", "\\q"],
        &["client", "get", "x", "--slice-size", "0"],
        &["client", "--to", "nowhere", "ls"],
    ] {
        let assert = Command::new(hftp()).args(args).timeout(DEADLINE).assert().failure();
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    }
}

#[test]
fn the_client_speaks_spanish_with_lang_es_and_with_a_spanish_locale() {
    let dir = folder();
    let out = tempfile::tempdir().unwrap();
    let (_server, addr) = server(dir.path(), &[]);
    let path = out.path().join("copia.txt");
    client(addr, &["--lang", "es", "get", "hola.txt", "--out", path.to_str().unwrap()])
        .success()
        .stdout(format!("hola.txt: 44 bytes guardados en {}\n", path.display()));
    client(addr, &["--lang", "es", "get", "nada", "--out", out.path().join("nada").to_str().unwrap()])
        .code(1)
        .stderr("error: get_metadata: el servidor respondió 202 FILE NOT FOUND\n");
    // No flag: the language comes from the locale.
    Command::new(hftp())
        .env("LANG", "es_AR.UTF-8")
        .args(["client", "--to", &addr.to_string(), "raw", "quit\\r\\n"])
        .timeout(DEADLINE)
        .assert()
        .success()
        .stdout("0 OK\nel servidor cerró la conexión\n");
    Command::new(hftp())
        .env("LANG", "es_AR.UTF-8")
        .args(["client", "raw", "\\q"])
        .timeout(DEADLINE)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("escape desconocido \\q"));
}

#[test]
fn json_output_stays_english_under_lang_es() {
    let dir = folder();
    let run = |lang: &str| {
        let mut all = vec![
            "--lang",
            lang,
            "server",
            "--dir",
            dir.path().to_str().unwrap(),
            "--bind",
            "127.0.0.1:0",
            "--json",
        ];
        all.extend_from_slice(&["--mode", "serial"]);
        let mut server = Proc::start(hftp(), &all);
        let addr = server.listening_addr();
        let client = Command::new(hftp())
            .args(["--lang", lang, "client", "--to", &addr.to_string(), "--json", "raw"])
            .args(["get_metadata nada\\r\\n", "qui\\nt\\n"])
            .timeout(DEADLINE)
            .assert()
            .success();
        let error = server.wait_for_line(r#""event":"error""#);
        (
            String::from_utf8_lossy(&client.get_output().stdout).into_owned(),
            error.replace(&addr.to_string(), ""),
        )
    };
    let (client_en, error_en) = run("en");
    let (client_es, error_es) = run("es");
    assert_eq!(client_es, client_en);
    assert!(client_es.contains(r#""message":"FILE NOT FOUND""#), "{client_es}");
    let strip_peer = |line: &str| {
        let value: Value = serde_json::from_str(line).unwrap();
        (value["code"].clone(), value["message"].clone())
    };
    assert_eq!(strip_peer(&error_es), strip_peer(&error_en));
    assert_eq!(strip_peer(&error_es).1, r"a \n outside a \r\n line end");
}
