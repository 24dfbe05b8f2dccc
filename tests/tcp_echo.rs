//! tcp-echo (guide §2): the server in its three modes and the client, on loopback.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

use crate::support::{DEADLINE, Proc, have, skip, tcp_echo};

const MODES: [&str; 3] = ["serial", "threads", "poll"];

fn server(args: &[&str]) -> (Proc, SocketAddr) {
    let mut all = vec!["server", "--bind", "127.0.0.1:0"];
    all.extend_from_slice(args);
    let mut proc = Proc::start(tcp_echo(), &all);
    let addr = if args.contains(&"--json") {
        let line = proc.wait_for_line(r#""event":"listening""#);
        let event: Value = serde_json::from_str(&line).unwrap();
        event["addr"].as_str().unwrap().parse().unwrap()
    } else {
        proc.listening_addr()
    };
    (proc, addr)
}

fn client(addr: SocketAddr, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::new(tcp_echo()).args(["client", "--to", &addr.to_string()]).args(args).timeout(DEADLINE).assert()
}

/// The JSON events named `name` among `lines`.
fn events(lines: &[String], name: &str) -> Vec<Value> {
    lines
        .iter()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|event| event["event"] == name)
        .collect()
}

fn stdout_events(assert: &assert_cmd::assert::Assert, name: &str) -> Vec<Value> {
    let text = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    events(&text.lines().map(str::to_owned).collect::<Vec<_>>(), name)
}

/// Stops the server with SIGTERM and returns its `closed` events.
fn closed_events(mut server: Proc) -> Vec<Value> {
    assert!(server.terminate().success(), "{}", server.explain("server did not exit 0"));
    events(&server.stdout(), "closed")
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    stream
}

fn read_to_end(stream: &mut TcpStream) -> Vec<u8> {
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).unwrap();
    reply
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

#[test]
fn client_prints_the_echo_in_the_guides_format() {
    let (_server, addr) = server(&[]);
    client(addr, &[]).success().stdout("Recibido: Hola Mundo!\n");
}

#[test]
fn every_mode_returns_the_exact_bytes_to_several_concurrent_clients() {
    for mode in MODES {
        let (server, addr) = server(&["--mode", mode, "--json"]);
        let assert = client(addr, &["--clients", "4", "--bytes", "3M", "--json"]).success();
        let summary = &stdout_events(&assert, "clients")[0];
        assert_eq!(summary["echo_ok"], 4, "{mode}: {summary}");
        let closed = closed_events(server);
        assert_eq!(closed.len(), 4, "{mode}: {closed:?}");
        for report in closed {
            assert_eq!(report["bytes_in"], 3 << 20, "{mode}: {report}");
            assert_eq!(report["bytes_out"], 3 << 20, "{mode}: {report}");
            assert_eq!(report["reason"], "eof", "{mode}: {report}");
        }
    }
}

#[test]
fn zero_copy_returns_the_exact_bytes_and_counts_its_splices() {
    for mode in ["serial", "threads"] {
        let (server, addr) = server(&[
            "--mode",
            mode,
            "--zero-copy",
            "--no-quit",
            "--recv-size",
            "4K",
            "--send-size",
            "1K",
            "--json",
        ]);
        let assert = client(addr, &["--clients", "3", "--bytes", "3M", "--json"]).success();
        assert_eq!(stdout_events(&assert, "clients")[0]["echo_ok"], 3, "{mode}");
        let closed = closed_events(server);
        assert_eq!(closed.len(), 3, "{mode}: {closed:?}");
        for report in closed {
            assert_eq!(
                (report["bytes_in"].as_u64(), report["bytes_out"].as_u64()),
                (Some(3 << 20), Some(3 << 20))
            );
            assert!(report["recv_calls"].as_u64().unwrap() >= 768, "at most 4 KiB per splice: {report}");
            assert!(report["send_calls"].as_u64().unwrap() >= 3072, "at most 1 KiB per splice: {report}");
            assert_eq!(report["reason"], "eof", "{mode}: {report}");
        }
    }
}

#[test]
fn one_byte_recv_and_send_calls_lose_nothing() {
    for mode in ["serial", "poll"] {
        let (server, addr) = server(&["--mode", mode, "--recv-size", "1", "--send-size", "1", "--json"]);
        client(addr, &["--bytes", "20000", "--send-size", "1", "--recv-size", "1"]).success();
        let report = &closed_events(server)[0];
        assert_eq!(report["bytes_in"], 20000, "{report}");
        assert_eq!(report["recv_calls"], 20000, "{report}");
        assert_eq!(report["bytes_out"], 20000, "{report}");
        assert_eq!(report["send_calls"], 20000, "{report}");
    }
}

#[test]
fn partial_sends_are_completed_with_a_small_send_buffer() {
    let (server, addr) = server(&["--mode", "poll", "--sndbuf", "4096", "--json"]);
    client(addr, &["--bytes", "4M", "--recv-size", "1K"]).success();
    let report = &closed_events(server)[0];
    assert_eq!(report["bytes_out"], 4 << 20, "{report}");
    assert!(report["partial_sends"].as_u64().unwrap() > 0, "{report}");
}

#[test]
fn the_client_detects_the_loss_caused_by_a_single_send() {
    let (mut server, addr) = server(&["--send-once", "--sndbuf", "4096"]);
    server.wait_for_line("SO_SNDBUF: asked for 4096 bytes");
    client(addr, &["--bytes", "1M"])
        .code(1)
        .stderr(predicate::str::is_match(r"^error: sent 1048576 bytes, got \d+ back").unwrap());
    let line = server.wait_for_line("closed");
    assert!(line.contains("dropped by --send-once"), "{line}");
}

#[test]
fn a_client_that_sends_once_reports_what_the_kernel_did_not_take() {
    let (_server, addr) = server(&["--rcvbuf", "4096", "--accept-delay", "200"]);
    client(addr, &["--bytes", "1M", "--send-once", "--sndbuf", "4096"])
        .code(1)
        .stderr(predicate::str::contains("--send-once: the single send() took only"));
}

#[test]
fn a_pausing_client_sends_each_chunk_after_the_echo_of_the_previous_one() {
    let (_server, addr) = server(&["--mode", "serial"]);
    let assert =
        client(addr, &["--clients", "3", "--bytes", "64K", "--send-size", "16K", "--pause", "1ms", "--json"])
            .success();
    assert_eq!(stdout_events(&assert, "clients")[0]["echo_ok"], 3);
    // A server that reads but never answers: the client stops after its first chunk instead of
    // sending everything, and says what it waited for.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let silent = listener.local_addr().unwrap();
    let reader = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut all = Vec::new();
        let _ = stream.read_to_end(&mut all);
        all.len()
    });
    client(silent, &["--bytes", "64K", "--send-size", "16K", "--pause", "1ms", "--timeout", "1s"])
        .code(1)
        .stderr(predicate::str::contains("no data from the server for 1s"));
    assert_eq!(reader.join().unwrap(), 16 * 1024, "only the first chunk was sent");
}

/// More clients at once than a serial server's accept queue holds: each client echoes as soon as it is
/// connected, so the server serves them one after the other and the rest connect when their SYN is
/// retried, instead of everyone waiting until the last connect() is settled (which kept a serial
/// server waiting on its first client until the connect timeout). A client that connected on a retried
/// SYN may be reset by the kernel (its handshake went through a SYN cookie while the queue was full):
/// that is the only failure allowed.
#[test]
fn a_serial_server_serves_a_burst_of_clients_larger_than_its_queue() {
    let (_server, addr) = server(&["--mode", "serial", "--backlog", "1"]);
    let output = Command::new(tcp_echo())
        .args(["client", "--to", &addr.to_string(), "--clients", "6", "--bytes", "64K"])
        .args(["--connect-timeout", "20s", "--json"])
        .timeout(DEADLINE)
        .output()
        .unwrap();
    let lines: Vec<String> = String::from_utf8_lossy(&output.stdout).lines().map(str::to_owned).collect();
    let summary = &events(&lines, "clients")[0];
    assert_eq!(summary["connected"], 6, "{summary}");
    assert!(summary["echo_ok"].as_u64().unwrap() >= 2, "the two queued clients get their echo: {summary}");
    for client in events(&lines, "client").iter().filter(|client| client["echo_ok"] == false) {
        let problem = client["problem"].as_str().unwrap_or_default();
        assert!(problem.contains("the server reset the connection"), "{client}");
    }
}

/// 5 clients at once against a serial server that holds each connection in the queue for 1.5 s:
/// the number that connect within 500 ms is the accept queue's size.
fn clients_connected_at_once(backlog: &str) -> u64 {
    let (_server, addr) = server(&["--mode", "serial", "--backlog", backlog, "--accept-delay", "1500"]);
    let assert = client(addr, &["--clients", "5", "--connect-timeout", "500", "--json"]).code(1);
    let summary = &stdout_events(&assert, "clients")[0];
    assert_eq!(summary["connected"], summary["echo_ok"], "every connected client gets its echo: {summary}");
    assert_eq!(summary["first_try"], summary["connected"], "none waited for a SYN retransmission: {summary}");
    summary["connected"].as_u64().unwrap()
}

#[test]
fn backlog_zero_lets_one_connection_complete_at_once() {
    assert_eq!(clients_connected_at_once("0"), 1);
}

#[test]
fn backlog_one_lets_two_connections_complete_at_once() {
    assert_eq!(clients_connected_at_once("1"), 2);
}

#[test]
fn backlog_two_lets_three_connections_complete_at_once() {
    assert_eq!(clients_connected_at_once("2"), 3);
}

#[test]
fn a_backlog_above_somaxconn_is_reported_with_the_cap() {
    let (mut server, _addr) = server(&["--backlog", "100000000"]);
    let line = server.wait_for_line("net.core.somaxconn");
    assert!(line.contains("exceeds"), "{line}");
}

#[test]
fn upper_transform_upper_cases_the_text() {
    for mode in MODES {
        let (_server, addr) = server(&["--transform", "upper", "--mode", mode]);
        client(addr, &["--expect", "upper", "hola, mundo ñandú"])
            .success()
            .stdout("Recibido: HOLA, MUNDO ñANDú\n");
        client(addr, &["hola"]).code(1).stderr(predicate::str::contains(
            "sent 4 bytes, got 4 back: the echo differs from what was sent at byte 0",
        ));
    }
}

#[test]
fn vowels_transform_replaces_each_vowel_with_a_digit() {
    let (_server, addr) = server(&["--transform", "vowels", "--mode", "poll"]);
    client(addr, &["--expect", "vowels", "Hola Mundo"])
        .success()
        .stdout(predicate::str::is_match(r"^Recibido: H\dl\d M\dnd\d\n$").unwrap());
    client(addr, &["--expect", "vowels", "--bytes", "1M"]).success();
}

#[test]
fn quit_closes_that_connection_and_the_server_keeps_serving() {
    for mode in MODES {
        let (server, addr) = server(&["--transform", "upper", "--mode", mode, "--json"]);
        let mut stream = connect(addr);
        stream.write_all(b"hola\nQUIT\nnot this").unwrap();
        assert_eq!(read_to_end(&mut stream), b"HOLA\n", "{mode}");
        // The guide's interactive client sends QUIT without a newline and waits for the server to close.
        let mut stream = connect(addr);
        stream.write_all(b"QUIT").unwrap();
        assert_eq!(read_to_end(&mut stream), b"", "{mode}");
        client(addr, &["--expect", "upper", "QUITTER"]).success().stdout("Recibido: QUITTER\n");
        let reasons: Vec<Value> = closed_events(server).iter().map(|c| c["reason"].clone()).collect();
        assert_eq!(reasons, ["quit", "quit", "eof"], "{mode}");
    }
}

#[test]
fn exit_on_quit_stops_the_server_with_its_counters() {
    for mode in MODES {
        let (mut server, addr) = server(&["--exit-on-quit", "--mode", mode]);
        client(addr, &["ping"]).success();
        let mut stream = connect(addr);
        stream.write_all(b"QUIT").unwrap();
        assert_eq!(read_to_end(&mut stream), b"");
        assert!(server.wait_exit().success(), "{}", server.explain("exit status"));
        let last = server.stdout().last().cloned().unwrap_or_default();
        assert!(last.starts_with("stopping (quit): 2 connections"), "{mode}: {last}");
    }
}

#[test]
fn sigterm_stops_the_server_with_its_final_counters_even_with_an_idle_client() {
    for mode in MODES {
        let (mut server, addr) = server(&["--mode", mode, "--json"]);
        client(addr, &["hola"]).success();
        let _idle = connect(addr);
        if mode != "serial" {
            server.wait_for_line(r#""event":"connection""#);
        }
        assert!(server.terminate().success(), "{}", server.explain("exit status"));
        let lines = server.stdout();
        let last: Value = serde_json::from_str(lines.last().unwrap()).unwrap();
        assert_eq!(last["event"], "shutdown", "{mode}");
        assert_eq!(last["reason"], "signal", "{mode}");
        assert_eq!(last["bytes_in"], 4, "{mode}: {last}");
        assert_eq!(last["bytes_out"], 4, "{mode}: {last}");
    }
}

#[test]
fn a_client_reset_is_logged_and_the_server_keeps_serving() {
    for mode in MODES {
        let (mut server, addr) = server(&["--mode", mode, "--recv-size", "1"]);
        let stream = socket2::Socket::from(connect(addr));
        stream.send(&[b'x'; 100_000]).unwrap();
        stream.set_linger(Some(Duration::ZERO)).unwrap();
        drop(stream);
        server.wait_for_line("closed");
        client(addr, &["hola"]).success().stdout("Recibido: hola\n");
        server.wait_for_line("(eof)");
    }
}

#[test]
fn a_missing_server_is_connection_refused_in_one_line() {
    let addr = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    client(addr, &["hola"]).code(1).stderr(
        predicate::str::contains("connection refused")
            .and(predicate::str::ends_with("\n"))
            .and(predicate::function(|s: &str| s.lines().count() == 1)),
    );
}

#[test]
fn bad_flags_are_one_line_usage_errors() {
    for args in [
        &["client", "--to", "nowhere"][..],
        &["server", "--mode", "fork"],
        &["server", "--recv-size", "0"],
        &["client", "--clients", "0"],
        &["server", "--zero-copy"],
        &["server", "--zero-copy", "--no-quit", "--transform", "upper"],
        &["server", "--zero-copy", "--no-quit", "--mode", "poll"],
        &["server", "--zero-copy", "--no-quit", "--send-once"],
        &["server", "--recv-size", "100G"],
        &["server", "--send-size", "17M"],
        &["client", "--send-size", "100G"],
        &["client", "--recv-size", "100G"],
        &["client", "--bytes", "2T"],
        &["server", "--sndbuf", "100G"],
        &["client", "--rcvbuf", "2G"],
        &["server", "--collect", "0"],
        &["server", "--collect", "65M"],
        &["server", "--collect", "1000", "--mode", "poll"],
        &["server", "--hold-reads", "300ms", "--mode", "poll"],
        &["server", "--hold-reads", "soon"],
        &["server", "--mss", "40"],
        &["client", "--mss", "70000"],
    ] {
        Command::new(tcp_echo())
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::function(|s: &str| s.lines().count() == 1));
    }
}

#[test]
fn the_guides_python_client_gets_its_echo_from_this_server() {
    if !have("python3") {
        return skip("the_guides_python_client_gets_its_echo_from_this_server", "python3 is not installed");
    }
    let (_server, addr) = server(&[]);
    Command::new("python3")
        .arg(fixture("tcp_echo_client.py"))
        .arg(addr.port().to_string())
        .timeout(DEADLINE)
        .assert()
        .success()
        .stdout("Recibido:  Hola Mundo!\n");
}

#[test]
fn this_client_verifies_the_echo_of_a_python_server_like_seed_004() {
    if !have("python3") {
        return skip(
            "this_client_verifies_the_echo_of_a_python_server_like_seed_004",
            "python3 is not installed",
        );
    }
    let mut python = Proc::start("python3", &[fixture("seed_echo_server.py").to_str().unwrap()]);
    let addr = python.listening_addr();
    client(addr, &["--bytes", "2M", "--json"]).success().stdout(predicate::str::contains(r#""ok":true"#));
    assert!(python.wait_exit().success());
}

#[test]
fn a_file_is_echoed_and_verified() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.bin");
    std::fs::write(&path, (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect::<Vec<u8>>()).unwrap();
    let (_server, addr) = server(&["--mode", "threads", "--no-quit"]);
    client(addr, &["--file", path.to_str().unwrap()])
        .success()
        .stdout(predicate::str::contains("got 300000 back").and(predicate::str::contains("echo verified")));
}

#[test]
fn max_clients_makes_the_next_client_wait_until_a_slot_frees() {
    for mode in ["threads", "poll"] {
        let (mut server, addr) = server(&["--mode", mode, "--max-clients", "1"]);
        let mut first = connect(addr);
        let first_local = first.local_addr().unwrap();
        server.wait_for_line(&format!("connection from {first_local}"));
        let mut second = Proc::start(tcp_echo(), &["client", "--to", &addr.to_string(), "segundo cliente"]);
        // The second client's connect() completes in the kernel's queue, but the server does not take
        // it while the first one holds the only slot.
        first.write_all(b"primero").unwrap();
        first.shutdown(std::net::Shutdown::Write).unwrap();
        assert_eq!(read_to_end(&mut first), b"primero");
        assert!(second.wait_exit().success(), "{mode}: {}", second.explain("second client"));
        second.wait_for_line("Recibido: segundo cliente");
        server.wait_for_line("(eof): 15 bytes in");
        let lines = server.stdout();
        let closed_first =
            lines.iter().position(|l| l.starts_with(&format!("closed {first_local}"))).unwrap();
        let accepted = lines.iter().filter(|l| l.starts_with("connection from")).collect::<Vec<_>>();
        let second_accepted = lines.iter().position(|l| l == accepted[1]).unwrap();
        assert!(
            closed_first < second_accepted,
            "{mode}: the second client was served while the first held the slot:\n{}",
            lines.join("\n")
        );
    }
}

#[test]
fn a_collecting_server_echoes_nothing_before_the_whole_message_and_counts_a_partial_one() {
    let (server, addr) = server(&["--collect", "100000", "--rcvbuf", "4096", "--mss", "536", "--json"]);
    // The whole message: echoed whole once all of it arrived.
    client(addr, &["--bytes", "100000"]).success();
    // Part of it, then the client shuts down its side: the part is echoed, and counted.
    let mut part = connect(addr);
    part.write_all(&[b'x'; 30000]).unwrap();
    part.set_read_timeout(Some(Duration::from_millis(300))).unwrap();
    let mut byte = [0u8; 1];
    assert!(part.read(&mut byte).is_err(), "an echo came before the whole message");
    part.set_read_timeout(Some(DEADLINE)).unwrap();
    part.shutdown(std::net::Shutdown::Write).unwrap();
    assert_eq!(read_to_end(&mut part).len(), 30000);
    let closed = closed_events(server);
    let received: Vec<u64> = closed.iter().map(|event| event["bytes_in"].as_u64().unwrap()).collect();
    assert_eq!(received, [100000, 30000], "{closed:?}");
}

/// `--hold-reads`: the server reads nothing while the client sends, so one non-blocking send() of a
/// large message takes only what fits; a client that loops over its sends still gets it all through.
#[test]
fn holding_reads_makes_a_single_send_partial_and_a_send_loop_whole() {
    let args = ["--collect", "100000", "--hold-reads", "300ms", "--rcvbuf", "4096", "--mss", "536", "--json"];
    let (mut server, addr) = server(&args);
    client(addr, &["--bytes", "100000", "--send-once", "--expect", "any"])
        .success()
        .stdout(predicate::str::is_match(r"1 partial, \d+ bytes never sent \(--send-once\)").unwrap());
    server.wait_for_line(r#""event":"closed""#);
    client(addr, &["--bytes", "100000"]).success();
    // The second connection's own close (the first one's brought fewer bytes in).
    server.wait_for_line(r#""bytes_in":100000,"#);
    let held = events(&server.stdout(), "held");
    assert_eq!(held.len(), 2, "{held:?}");
    assert!(
        held.iter()
            .all(|event| event["queued"].as_u64().unwrap() > 0 && event["ms"].as_u64().unwrap() >= 300)
    );
    let received: Vec<u64> =
        closed_events(server).iter().map(|event| event["bytes_in"].as_u64().unwrap()).collect();
    assert!(received.len() == 2 && received[0] < 100000 && received[1] == 100000, "{received:?}");
}

/// With 32 descriptors, a server in `mode` that holds as many idle connections as it can: accept()
/// fails with EMFILE while 40 more wait in the queue. The server says so once (not once per failed
/// accept, which was millions of lines a second), keeps echoing on the connections it has, and
/// accepts the waiting ones once descriptors are free again.
fn out_of_descriptors(mode: &str) {
    let command = format!(
        "ulimit -n 32 && exec {} server --bind 127.0.0.1:0 --mode {mode} --backlog 100 --json",
        tcp_echo()
    );
    let mut server = Proc::start("sh", &["-c", &command]);
    let addr = server.listening_addr();
    let mut held: Vec<TcpStream> = (0..60).map(|_| connect(addr)).collect();
    server.wait_for_line(r#""event":"connection""#);
    // The first connection still gets its echo while accept() fails.
    held[0].write_all(b"hola").unwrap();
    let mut echo = [0u8; 4];
    held[0].read_exact(&mut echo).unwrap();
    assert_eq!(&echo, b"hola");
    server.wait_for_line("accept failed: Too many open files");
    // Free descriptors: every waiting connection is accepted in the end, and the server says so.
    held.truncate(5);
    server.wait_for_line(r#""event":"accept-recovered""#);
    let deadline = std::time::Instant::now() + DEADLINE;
    while server.stdout().iter().filter(|line| line.contains(r#""event":"connection""#)).count() < 60 {
        assert!(
            std::time::Instant::now() < deadline,
            "{}",
            server.explain("not every connection was accepted")
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // One warning per time accept() ran out, however many calls failed meanwhile.
    let lines = server.stdout();
    let episodes = lines.iter().filter(|line| line.contains(r#""event":"accept-recovered""#)).count();
    let warnings = lines.iter().filter(|line| line.contains("accept failed")).count();
    assert!(warnings == episodes && warnings < 10, "{}", server.explain("one warning per episode"));
    let mut last = held.pop().unwrap();
    last.write_all(b"chau").unwrap();
    last.read_exact(&mut echo).unwrap();
    assert_eq!(&echo, b"chau");
}

#[test]
fn a_threaded_server_out_of_descriptors_backs_off_and_keeps_serving() {
    out_of_descriptors("threads");
}

#[test]
fn a_poll_server_out_of_descriptors_backs_off_and_keeps_serving() {
    out_of_descriptors("poll");
}

#[test]
fn every_size_flag_names_its_limit() {
    for (args, limit) in [
        (&["server", "--recv-size", "100G"][..], "over the limit of 16MiB"),
        (&["client", "--bytes", "2T"], "over the limit of 1TiB"),
        (&["server", "--rcvbuf", "100G"], "over the limit of 1GiB"),
    ] {
        Command::new(tcp_echo()).args(args).assert().code(2).stderr(predicate::str::contains(limit));
    }
}

/// `--send-once` with a 100 GB payload, in 256 MiB of address space: one non-blocking send() takes at
/// most the send buffer, so only that much is read, and the rest is reported as dropped.
#[test]
fn send_once_with_a_huge_payload_holds_no_more_than_the_send_buffer() {
    let (_server, addr) = server(&[]);
    let command = format!(
        "ulimit -v 262144 && exec {} client --to {addr} --bytes 100G --send-once --expect any --json",
        tcp_echo()
    );
    let output = std::process::Command::new("sh").args(["-c", &command]).output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let echo = &events(&text.lines().map(str::to_owned).collect::<Vec<_>>(), "echo");
    assert_eq!(echo.len(), 1, "{}", crate::support::explain_output(&output));
    let (sent, dropped) = (echo[0]["bytes_out"].as_u64().unwrap(), echo[0]["dropped"].as_u64().unwrap());
    assert!(sent > 0 && sent < 64 << 20, "{}", echo[0]);
    assert_eq!(sent + dropped, 100 << 30, "{}", echo[0]);
    assert_eq!(echo[0]["send_calls"], 1);
}

fn free_tcp_addr() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap()
}

#[test]
fn spanish_with_lang_es_for_lines_and_errors_but_recibido_stays() {
    let (mut server, addr) = server(&["--lang", "es", "--exit-on-quit"]);
    client(addr, &["--lang", "es", "hola"]).success().stdout("Recibido: hola\n");
    client(addr, &["--lang", "es", "--bytes", "1000"])
        .success()
        .stdout(predicate::str::is_match(
            r"^se enviaron 1000 bytes en 1 llamadas a send\(\) \(0 parciales\), volvieron 1000 en \d+ llamadas a recv\(\), eco verificado, en [\d.]+s, [\d.]+ MiB/s\n$",
        )
        .unwrap());
    server.wait_for_line("conexión desde 127.0.0.1:");
    server.wait_for_line("cerrada 127.0.0.1:");
    client(addr, &["--lang", "es", "--expect", "any", "QUIT"]).success();
    server.wait_exit();
    let last = server.stdout().last().cloned().unwrap_or_default();
    assert!(last.starts_with("deteniéndose (QUIT): 3 conexiones"), "{last}");
    let dead = free_tcp_addr();
    client(dead, &["--lang", "es", "hola"])
        .code(1)
        .stdout("")
        .stderr(format!("error: conexión rechazada por {dead} (¿está corriendo el servidor?)\n"));
    Command::new(tcp_echo())
        .args(["server", "--lang", "es", "--bind", "127.0.0.1:0", "--mode", "poll", "--collect", "5"])
        .timeout(DEADLINE)
        .assert()
        .code(2)
        .stderr("error: --collect funciona con --mode serial o threads, no con poll\n");
}

#[test]
fn the_locale_of_the_environment_chooses_spanish() {
    let dead = free_tcp_addr();
    Command::new(tcp_echo())
        .args(["client", "--to", &dead.to_string(), "hola"])
        .env("LANG", "es_AR.UTF-8")
        .timeout(DEADLINE)
        .assert()
        .code(1)
        .stderr(format!("error: conexión rechazada por {dead} (¿está corriendo el servidor?)\n"));
}

#[test]
fn json_is_the_same_in_spanish() {
    let dead = free_tcp_addr();
    let run = |lang: &str| {
        let output = Command::new(tcp_echo())
            .args(["client", "--json", "--lang", lang, "--clients", "2", "--to", &dead.to_string(), "hola"])
            .timeout(DEADLINE)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        String::from_utf8(output.stdout).unwrap()
    };
    let (english, spanish) = (run("en"), run("es"));
    assert!(english.contains(r#""problem":"not connected: connection refused""#), "{english}");
    let sorted = |text: &str| {
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        lines.sort();
        lines
    };
    assert_eq!(sorted(&spanish), sorted(&english));
    let (mut server, addr) = server(&["--json", "--lang", "es", "--exit-on-quit"]);
    client(addr, &["--json", "--lang", "es", "--expect", "any", "QUIT"]).success();
    server.wait_exit();
    let lines = server.stdout();
    assert_eq!(events(&lines, "closed")[0]["reason"], "quit");
    assert_eq!(events(&lines, "shutdown")[0]["reason"], "quit");
}
