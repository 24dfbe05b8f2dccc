//! web-client (seed 000's MyClient): GETs against Python's http.server (HTTP/1.0 until the close,
//! HTTP/1.1 with Content-Length or chunks, HTTPS with a CA made here), the flags that shape a run
//! (--save/show, --show-wire, --delay, --count, --follow), and servers that misbehave (Rust listeners
//! in the test that hold, write garbage or lie about lengths), each failure one line on stderr.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;

use crate::support::{DEADLINE, Proc, explain_output, have, skip, web_client};

const HELLO: &str = "hola mundo, ¿qué tal?\n";

fn python_server_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/python/http_lab_server.py")
}

/// The folder the Python server publishes: a text file, every byte value, and a subfolder.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hello.txt"), HELLO).unwrap();
    std::fs::write(dir.path().join("bytes.bin"), every_byte()).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/index.html"), "<h1>sub</h1>\n").unwrap();
    dir
}

fn every_byte() -> Vec<u8> {
    (0..=255u8).cycle().take(256 * 80 + 7).collect()
}

/// Python's http.server behind our launcher, on a free port, with its JSON log.
struct PythonServer {
    proc: Proc,
    port: u16,
}

impl PythonServer {
    /// `None` (and a skip notice) when python3 is missing.
    fn start(test: &str, dir: &Path, args: &[&str]) -> Option<PythonServer> {
        if !have("python3") {
            skip(test, "python3 is not installed");
            return None;
        }
        let script = python_server_script();
        let mut all = vec![script.to_str().unwrap(), "--bind", "127.0.0.1", "--port", "0", "--json-log"];
        all.extend_from_slice(&["--dir", dir.to_str().unwrap()]);
        all.extend_from_slice(args);
        let mut proc = Proc::start("python3", &all);
        let line = proc.wait_for_line("\"listening\"");
        let event: Value = serde_json::from_str(&line).unwrap();
        let port = event["port"].as_u64().unwrap_or_else(|| panic!("no port in {line}")) as u16;
        assert_ne!(port, 0);
        Some(PythonServer { proc, port })
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The first `count` request events the server logged (waits for them).
    fn requests(&mut self, count: usize) -> Vec<Value> {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let requests: Vec<Value> = self
                .proc
                .stdout()
                .iter()
                .filter_map(|line| serde_json::from_str::<Value>(line).ok())
                .filter(|event| event["event"] == "request")
                .collect();
            if requests.len() >= count {
                return requests;
            }
            if Instant::now() > deadline {
                panic!("{}", self.proc.explain(&format!("fewer than {count} requests logged")));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(web_client()).args(args).timeout(DEADLINE).output().unwrap()
}

/// A run that must succeed; its stdout.
fn ok(args: &[&str]) -> String {
    let output = run(args);
    assert!(output.status.success(), "web-client {}\n{}", args.join(" "), explain_output(&output));
    String::from_utf8(output.stdout).unwrap()
}

/// A run that must fail with exactly one `error: ...` line on stderr and `code`; that line.
fn fails(args: &[&str], code: i32) -> String {
    let output = run(args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let context = format!("web-client {}\n{}", args.join(" "), explain_output(&output));
    assert_eq!(output.status.code(), Some(code), "{context}");
    assert_eq!(stderr.lines().count(), 1, "not one line: {context}");
    assert!(stderr.starts_with("error: "), "{context}");
    assert!(!stderr.contains("panicked"), "{context}");
    stderr.trim_end().to_owned()
}

fn events(stdout: &str) -> Vec<Value> {
    stdout.lines().map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))).collect()
}

fn named<'a>(events: &'a [Value], name: &str) -> Vec<&'a Value> {
    events.iter().filter(|event| event["event"] == name).collect()
}

/// A Rust listener that answers each connection with `reply` once the request head has arrived,
/// then closes; it stops accepting after the deadline. Returns its address and how many requests
/// it was sent.
fn fake_server(reply: Vec<u8>) -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    let answered = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&answered);
    std::thread::spawn(move || {
        let deadline = Instant::now() + DEADLINE;
        while Instant::now() < deadline {
            let Ok((mut stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            };
            stream.set_nonblocking(false).unwrap();
            stream.set_read_timeout(Some(DEADLINE)).unwrap();
            read_head(&mut stream);
            counter.fetch_add(1, Ordering::SeqCst);
            let _ = stream.write_all(&reply);
        }
    });
    (addr, answered)
}

fn read_head(stream: &mut TcpStream) -> Vec<u8> {
    let mut head = Vec::new();
    let mut byte = [0u8];
    while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
        head.push(byte[0]);
    }
    head
}

#[test]
fn get_reads_a_body_that_ends_when_an_http10_server_closes() {
    let site = site();
    let test = "get_reads_a_body_that_ends_when_an_http10_server_closes";
    let Some(mut server) = PythonServer::start(test, site.path(), &["--close-delimited"]) else { return };
    let all = events(&ok(&["get", &server.url("/hello.txt"), "--json"]));
    let response = named(&all, "response")[0];
    assert_eq!((response["version"].as_str(), response["status"].as_u64()), (Some("HTTP/1.0"), Some(200)));
    assert_eq!(response["framing"], "close");
    assert_eq!(response["body_bytes"], HELLO.len());
    assert_eq!(named(&all, "body")[0]["text"], HELLO);
    let request = &server.requests(1)[0];
    assert_eq!((request["method"].as_str(), request["path"].as_str()), (Some("GET"), Some("/hello.txt")));
    assert_eq!(request["headers"]["Host"], format!("127.0.0.1:{}", server.port));
    assert_eq!(request["headers"]["Connection"], "close");
    assert!(request["headers"]["User-Agent"].as_str().unwrap().starts_with("socklab-web-client/"));
}

#[test]
fn get_reads_a_content_length_body_from_an_http11_server() {
    let site = site();
    let test = "get_reads_a_content_length_body_from_an_http11_server";
    let Some(server) = PythonServer::start(test, site.path(), &["--http11"]) else { return };
    let stdout = ok(&["get", &server.url("/hello.txt")]);
    let expected = format!("200 OK, {} bytes (Content-Length), text/plain", HELLO.len());
    assert!(stdout.contains("HTTP/1.1 200 OK\n"), "{stdout}");
    assert!(stdout.contains(&expected), "{stdout}");
    assert!(stdout.contains(HELLO), "the body is shown: {stdout}");
    let all = events(&ok(&["get", &server.url("/hello.txt"), "--json", "--no-body"]));
    assert_eq!(named(&all, "response")[0]["framing"], "content-length");
    assert_eq!(named(&all, "response")[0]["content_length"], HELLO.len());
    assert!(named(&all, "body").is_empty(), "--no-body shows no body");
    let missing = events(&ok(&["get", &server.url("/nothing-here"), "--json"]));
    assert_eq!(named(&missing, "response")[0]["status"], 404, "a 404 is an answer, not a failure");
}

#[test]
fn chunked_body_is_decoded_byte_exact_and_not_dumped_when_binary() {
    let site = site();
    let test = "chunked_body_is_decoded_byte_exact_and_not_dumped_when_binary";
    let Some(server) = PythonServer::start(test, site.path(), &["--http11", "--chunked"]) else { return };
    let saved = tempfile::tempdir().unwrap();
    let save = saved.path().to_str().unwrap();
    let all = events(&ok(&["get", &server.url("/bytes.bin"), "--save", save, "--json"]));
    let response = named(&all, "response")[0];
    assert_eq!(response["framing"], "chunked");
    let headers = response["headers"].as_array().unwrap();
    assert!(headers.iter().any(|h| h["name"] == "Transfer-Encoding" && h["value"] == "chunked"));
    assert_eq!(named(&all, "body")[0]["binary"], true);
    assert_eq!(std::fs::read(saved.path().join("0001.body")).unwrap(), every_byte());
    let human = ok(&["get", &server.url("/bytes.bin")]);
    assert!(human.contains(&format!("{} bytes of binary body", every_byte().len())), "{human}");
    assert!(human.len() < 1000, "a binary body is never dumped: {human}");
}

#[test]
fn save_then_show_prints_responses_in_order_and_numbering_continues() {
    let site = site();
    let test = "save_then_show_prints_responses_in_order_and_numbering_continues";
    let Some(server) = PythonServer::start(test, site.path(), &[]) else { return };
    let saved = tempfile::tempdir().unwrap();
    let folder = saved.path().join("responses");
    let save = folder.to_str().unwrap();
    ok(&["get", &server.url("/hello.txt"), &server.url("/sub/"), "--save", save]);
    let stdout = ok(&["get", &server.url("/nothing-here"), "--save", save, "--json"]);
    assert_eq!(named(&events(&stdout), "saved")[0]["index"], 3);
    let head = std::fs::read(folder.join("0001.head")).unwrap();
    assert!(head.starts_with(b"HTTP/1.0 200 OK\r\n") && head.ends_with(b"\r\n\r\n"));
    assert_eq!(std::fs::read_to_string(folder.join("0001.body")).unwrap(), HELLO);
    let meta: Value = serde_json::from_slice(&std::fs::read(folder.join("0002.json")).unwrap()).unwrap();
    assert_eq!(
        (meta["url"].as_str(), meta["status"].as_u64()),
        (Some(server.url("/sub/").as_str()), Some(200))
    );

    let shown = ok(&["show", save]);
    let titles: Vec<&str> = shown.lines().filter(|line| line.starts_with('#')).collect();
    assert_eq!(titles.len(), 3, "{shown}");
    for (title, (number, path, status)) in titles.iter().zip([
        ("#1 ", "/hello.txt", "200 OK"),
        ("#2 ", "/sub/", "200 OK"),
        ("#3 ", "/nothing-here", "404"),
    ]) {
        assert!(
            title.starts_with(number) && title.contains(&server.url(path)) && title.contains(status),
            "{title}"
        );
    }
    assert!(shown.contains(HELLO.trim_end()), "{shown}");
    let entries = events(&ok(&["show", save, "--json"]));
    let indices: Vec<u64> = named(&entries, "entry").iter().map(|e| e["index"].as_u64().unwrap()).collect();
    assert_eq!(indices, [1, 2, 3]);
}

#[test]
fn show_wire_prints_the_request_line_host_and_blank_line() {
    let site = site();
    let test = "show_wire_prints_the_request_line_host_and_blank_line";
    let Some(server) = PythonServer::start(test, site.path(), &[]) else { return };
    let stdout = ok(&["get", &server.url("/hello.txt?x=1"), "--show-wire"]);
    let lines: Vec<&str> = stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == "> GET /hello.txt?x=1 HTTP/1.1")
        .unwrap_or_else(|| panic!("{stdout}"));
    assert_eq!(lines[at + 1], format!("> Host: 127.0.0.1:{}", server.port));
    let blank = lines[at..].iter().position(|l| *l == "> ").expect("the blank line ends the request");
    assert!(lines[at..at + blank].contains(&"> Connection: close"), "{stdout}");
    assert!(lines.contains(&"< HTTP/1.0 200 OK") && lines.contains(&"< "), "{stdout}");
    assert!(!stdout.contains("inside TLS"), "{stdout}");
}

#[test]
fn delay_waits_before_each_request_and_count_repeats_each_url() {
    let site = site();
    let test = "delay_waits_before_each_request_and_count_repeats_each_url";
    let Some(mut server) = PythonServer::start(test, site.path(), &["--http11"]) else { return };
    let (a, b) = (server.url("/hello.txt"), server.url("/sub/"));
    let all = events(&ok(&["get", &a, &b, "--count", "2", "--delay", "300ms", "--json", "--no-body"]));
    assert_eq!(named(&all, "response").len(), 4);
    let requests = server.requests(4);
    let paths: Vec<&str> = requests.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["/hello.txt", "/hello.txt", "/sub/", "/sub/"]);
    let times: Vec<f64> = requests.iter().map(|r| r["t"].as_f64().unwrap()).collect();
    for pair in times.windows(2) {
        // A lower bound only: how much later a loaded machine runs the next request says nothing.
        assert!(
            pair[1] - pair[0] >= 0.3,
            "requests {:.3}s apart, less than --delay 300ms",
            pair[1] - pair[0]
        );
    }
}

#[test]
fn redirects_are_reported_without_follow_and_followed_with_it() {
    let site = site();
    let test = "redirects_are_reported_without_follow_and_followed_with_it";
    let Some(mut server) = PythonServer::start(test, site.path(), &[]) else { return };
    let not_followed = events(&ok(&["get", &server.url("/sub"), "--json"]));
    assert_eq!(named(&not_followed, "response")[0]["status"], 301);
    let redirect = named(&not_followed, "redirect")[0];
    assert_eq!(
        (redirect["followed"].as_bool(), redirect["to"].as_str()),
        (Some(false), Some(server.url("/sub/").as_str()))
    );
    assert_eq!(server.requests(1).len(), 1);

    let followed = events(&ok(&["get", &server.url("/sub"), "--follow", "--json"]));
    let statuses: Vec<u64> =
        named(&followed, "response").iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, [301, 200]);
    assert_eq!(named(&followed, "redirect")[0]["hop"], 1);
    assert_eq!(named(&followed, "body")[0]["text"], "<h1>sub</h1>\n");
    let paths: Vec<String> =
        server.requests(3).iter().map(|r| r["path"].as_str().unwrap().to_owned()).collect();
    assert_eq!(paths, ["/sub", "/sub", "/sub/"]);
}

#[test]
fn a_redirect_loop_stops_at_the_follow_limit() {
    let reply = b"HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n".to_vec();
    let (addr, answered) = fake_server(reply);
    let line = fails(&["get", &format!("http://{addr}/"), "--follow=3"], 1);
    assert!(line.contains("more than 3 redirects"), "{line}");
    assert_eq!(answered.load(Ordering::SeqCst), 4);
}

/// A CA, and a certificate it signed for 127.0.0.1 and localhost: (CA PEM, certificate PEM, key PEM).
fn test_pki(ca_name: &str) -> (String, String, String) {
    use rcgen::{
        BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
    };
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, ca_name);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
    params.distinguished_name.push(DnType::CommonName, "localhost");
    let certificate = params.signed_by(&key, &ca).unwrap();
    (ca.pem(), certificate.pem(), key.serialize_pem())
}

/// The Python server over TLS with a certificate from a fresh CA; the CA's PEM file is in the folder.
fn tls_server(test: &str, site: &Path, files: &Path) -> Option<(PythonServer, PathBuf)> {
    let (ca, certificate, key) = test_pki("socklab test CA");
    std::fs::write(files.join("ca.pem"), ca).unwrap();
    std::fs::write(files.join("cert.pem"), certificate).unwrap();
    std::fs::write(files.join("key.pem"), key).unwrap();
    let (cert, key) = (files.join("cert.pem"), files.join("key.pem"));
    let args = ["--http11", "--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap()];
    let server = PythonServer::start(test, site, &args)?;
    Some((server, files.join("ca.pem")))
}

#[test]
fn https_works_with_a_ca_made_at_test_time() {
    let (site, files) = (site(), tempfile::tempdir().unwrap());
    let test = "https_works_with_a_ca_made_at_test_time";
    let Some((server, ca)) = tls_server(test, site.path(), files.path()) else { return };
    let url = format!("https://127.0.0.1:{}/hello.txt", server.port);
    let all = events(&ok(&["get", &url, "--ca", ca.to_str().unwrap(), "--json", "--show-wire"]));
    let tls = named(&all, "tls")[0];
    assert!(tls["version"].as_str().unwrap().starts_with("TLSv1_"), "{tls}");
    assert!(!tls["cipher"].as_str().unwrap().is_empty());
    assert!(named(&all, "wire").iter().all(|wire| wire["tls"] == true));
    assert_eq!(named(&all, "body")[0]["text"], HELLO);
    let human = ok(&["get", &url, "--ca", ca.to_str().unwrap(), "--show-wire"]);
    assert!(human.contains("bytes sent (inside TLS)"), "{human}");
    assert!(human.contains("> Host: 127.0.0.1:"), "{human}");
}

#[test]
fn https_with_the_wrong_ca_names_the_certificate_problem() {
    let (site, files) = (site(), tempfile::tempdir().unwrap());
    let test = "https_with_the_wrong_ca_names_the_certificate_problem";
    let Some((server, _)) = tls_server(test, site.path(), files.path()) else { return };
    let (other_ca, _, _) = test_pki("some other CA");
    let wrong = files.path().join("other-ca.pem");
    std::fs::write(&wrong, other_ca).unwrap();
    let url = format!("https://127.0.0.1:{}/hello.txt", server.port);
    for extra in [vec!["--ca", wrong.to_str().unwrap()], vec![]] {
        let mut args = vec!["get", url.as_str()];
        args.extend(extra);
        let line = fails(&args, 1);
        assert!(line.contains("certificate") && line.contains("unknown certificate authority"), "{line}");
    }
    let not_pem = files.path().join("key.pem");
    let line = fails(&["get", &url, "--ca", not_pem.to_str().unwrap()], 1);
    assert!(line.contains("no CERTIFICATE"), "{line}");
}

#[test]
fn a_refused_port_is_one_error_line() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let line = fails(&["get", &format!("http://127.0.0.1:{port}/")], 1);
    assert!(line.contains("cannot connect") && line.contains("refused"), "{line}");
}

#[test]
fn a_server_that_never_answers_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let holder = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        // Read and never answer, until the client gives up and closes.
        let mut sink = Vec::new();
        let _ = stream.read_to_end(&mut sink);
    });
    let started = Instant::now();
    let line = fails(&["get", &format!("http://{addr}/"), "--timeout", "300ms"], 1);
    assert!(line.contains("timed out"), "{line}");
    assert!(started.elapsed() >= Duration::from_millis(300));
    holder.join().unwrap();
}

#[test]
fn garbage_instead_of_a_response_is_a_malformed_response() {
    let (addr, _) = fake_server(b"SSH-2.0-OpenSSH_9.6\r\n\x00\x01\x02 garbage\r\n\r\n".to_vec());
    let line = fails(&["get", &format!("http://{addr}/")], 1);
    assert!(line.contains("malformed response"), "{line}");
}

#[test]
fn an_interim_100_continue_is_skipped() {
    let reply = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".to_vec();
    let (addr, _) = fake_server(reply);
    let all = events(&ok(&["get", &format!("http://{addr}/"), "--json"]));
    assert_eq!(named(&all, "interim")[0]["status"], 100);
    assert_eq!(named(&all, "response")[0]["status"], 200);
    assert_eq!(named(&all, "body")[0]["text"], "ok");
}

#[test]
fn a_body_over_max_body_is_refused_before_it_is_read() {
    let announced = b"HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\n\r\nonly this".to_vec();
    let (addr, _) = fake_server(announced);
    let line = fails(&["get", &format!("http://{addr}/"), "--max-body", "1K"], 1);
    assert!(line.contains("1000000000 bytes") && line.contains("over --max-body 1KiB"), "{line}");
    let site = site();
    let test = "a_body_over_max_body_is_refused_before_it_is_read";
    let Some(server) = PythonServer::start(test, site.path(), &["--http11", "--chunked"]) else { return };
    let line = fails(&["get", &server.url("/bytes.bin"), "--max-body", "4K"], 1);
    assert!(line.contains("over --max-body 4KiB"), "{line}");
}

#[test]
fn an_invalid_or_conflicting_content_length_is_malformed() {
    for (fields, says) in [
        ("Content-Length: ten", "invalid Content-Length"),
        ("Content-Length: 2\r\nContent-Length: 3", "conflicting Content-Length"),
    ] {
        let (addr, _) = fake_server(format!("HTTP/1.1 200 OK\r\n{fields}\r\n\r\nabc").into_bytes());
        let line = fails(&["get", &format!("http://{addr}/")], 1);
        assert!(line.contains("malformed response") && line.contains(says), "{line}");
    }
}

#[test]
fn bad_urls_and_other_schemes_are_usage_errors() {
    for (url, says) in [
        ("not a url", "not a URL"),
        ("http://", "not a URL"),
        ("ftp://127.0.0.1/file", "ftp:// is not supported"),
        ("file:///etc/passwd", "file:// is not supported"),
    ] {
        let line = fails(&["get", url], 2);
        assert!(line.contains(says), "{url}: {line}");
    }
    fails(&["get", "http://127.0.0.1:1/", "--max-body", "0"], 2);
}

#[test]
fn show_of_a_missing_empty_or_damaged_folder_fails() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    assert!(fails(&["show", missing.to_str().unwrap()], 1).contains("does not exist"));
    assert!(fails(&["show", dir.path().to_str().unwrap()], 1).contains("no saved responses"));
    let file = dir.path().join("file.txt");
    std::fs::write(&file, "x").unwrap();
    assert!(fails(&["show", file.to_str().unwrap()], 1).contains("not a folder"));

    let (addr, _) = fake_server(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".to_vec());
    let save = dir.path().join("saved");
    let url = format!("http://{addr}/");
    ok(&["get", &url, &url, "--save", save.to_str().unwrap()]);
    std::fs::write(save.join("0001.json"), "{ not json").unwrap();
    let output = run(&["show", save.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", explain_output(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("0001.json"), "the damaged file is named: {stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("#2 "), "the good entry is still shown");
}

#[test]
fn get_and_session_speak_spanish_with_lang_es_and_with_a_spanish_locale() {
    let (addr, _) = fake_server(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhola\n".to_vec());
    let stdout = ok(&["--lang", "es", "get", &format!("http://{addr}/")]);
    assert!(
        stdout.starts_with(&format!(
            "GET http://{addr}/\nHTTP/1.0 200 OK\n200 OK, 5 bytes (hasta que el servidor cerró), text/plain, "
        )),
        "{stdout}"
    );
    assert!(stdout.ends_with("\nhola\n"), "{stdout}");
    let (closes, _) = fake_server(Vec::new());
    let line = fails(&["get", &format!("http://{closes}/"), "--lang", "es"], 1);
    assert_eq!(
        line,
        format!("error: GET http://{closes}/: el servidor cerró la conexión sin enviar una respuesta")
    );
    let line = fails(&["--lang", "es", "get", "ftp://127.0.0.1/x"], 2);
    assert!(line.contains("no se admite el esquema ftp:// (solo http:// y https://)"), "{line}");
    // No flag: the language comes from the locale.
    Command::new(web_client())
        .env("LANG", "es_AR.UTF-8")
        .arg("session")
        .write_stdin("fetch x\nshow\n")
        .timeout(DEADLINE)
        .assert()
        .success()
        .stdout("todavía no hay respuestas guardadas\n")
        .stderr("aviso: comando desconocido 'fetch' (get URL [DELAY], show o quit)\n");
}

#[test]
fn json_events_stay_english_under_lang_es() {
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let (closes, _) = fake_server(Vec::new());
    let (answers, _) = fake_server(b"HTTP/1.0 302 Found\r\nLocation: /otro\r\n\r\n".to_vec());
    let input = format!("fetch x\nget http://{closed}/\nget http://{closes}/\nget http://{answers}/\n");
    let run = |lang: &str| {
        let output = Command::new(web_client())
            .args(["--lang", lang, "session", "--json"])
            .write_stdin(input.clone())
            .timeout(DEADLINE)
            .output()
            .unwrap();
        let mut all = events(&String::from_utf8(output.stdout).unwrap());
        for event in &mut all {
            if let Some(object) = event.as_object_mut() {
                object.remove("elapsed_ms");
                object.remove("time");
                // The temporary folder of the session's responses.
                object.remove("dir");
            }
        }
        all
    };
    let english = run("en");
    assert_eq!(run("es"), english);
    let errors: Vec<&str> =
        named(&english, "error").iter().map(|event| event["message"].as_str().unwrap()).collect();
    assert_eq!(errors[0], "unknown command 'fetch' (get URL [DELAY], show or quit)");
    assert_eq!(
        errors[2],
        format!("GET http://{closes}/: the server closed the connection without a response")
    );
    assert_eq!(named(&english, "redirect")[0]["followed"], false);
}
