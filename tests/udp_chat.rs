//! udp-chat (guide §1): the server and client on loopback, every point of the UDP lab.

use std::net::{SocketAddr, UdpSocket};
use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;

use crate::support::{Proc, have, skip, udp_chat};

fn server(args: &[&str]) -> (Proc, SocketAddr) {
    server_on("127.0.0.1:0", args)
}

fn server_on(bind: &str, args: &[&str]) -> (Proc, SocketAddr) {
    let mut all = vec!["server", "--bind", bind];
    all.extend_from_slice(args);
    let mut proc = Proc::start(udp_chat(), &all);
    let addr = proc.listening_addr();
    (proc, addr)
}

fn client(addr: SocketAddr, args: &[&str]) -> Command {
    let mut command = Command::new(udp_chat());
    command.args(["client", "--to", &addr.to_string()]).args(args).timeout(Duration::from_secs(20));
    command
}

/// A plain socket the test drives by hand, with a deadline on every receive.
fn raw_socket(bind: &str) -> UdpSocket {
    let socket = UdpSocket::bind(bind).unwrap();
    socket.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    socket
}

fn json_lines(lines: &[String]) -> Vec<serde_json::Value> {
    lines
        .iter()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect()
}

#[test]
fn server_prints_its_real_address_as_the_first_line() {
    let (mut server, addr) = server(&[]);
    assert_ne!(addr.port(), 0);
    assert_eq!(server.stdout()[0], format!("listening on udp {addr}"));
}

#[test]
fn client_prints_the_echo_in_the_guides_format() {
    let (_server, addr) = server(&[]);
    client(addr, &["hola"]).assert().success().stdout("--> hola\n");
    client(addr, &[]).assert().success().stdout("--> TyR: Echo sobre UDP\n");
}

#[test]
fn server_echoes_any_bytes_back_unchanged_and_logs_each_datagram() {
    let (mut server, addr) = server(&[]);
    let socket = raw_socket("127.0.0.1:0");
    let payload: Vec<u8> = (0..=255u8).chain([0xff, 0xfe, 0x00]).collect();
    socket.send_to(&payload, addr).unwrap();
    let mut buffer = [0u8; 2048];
    let (n, from) = socket.recv_from(&mut buffer).unwrap();
    assert_eq!(from, addr);
    assert_eq!(&buffer[..n], &payload[..]);
    let local = socket.local_addr().unwrap();
    server.wait_for_line(&format!("datagram from {local}, {} bytes", payload.len()));
}

#[test]
fn empty_datagrams_are_echoed_as_empty() {
    let (_server, addr) = server(&[]);
    let socket = raw_socket("127.0.0.1:0");
    socket.send_to(b"", addr).unwrap();
    let mut buffer = [0u8; 16];
    let (n, _) = socket.recv_from(&mut buffer).unwrap();
    assert_eq!(n, 0);
    client(addr, &[""]).assert().success().stdout("--> \n");
}

#[test]
fn invalid_utf8_is_shown_escaped_on_both_sides() {
    let (mut server, addr) = server(&["--json"]);
    let socket = raw_socket("127.0.0.1:0");
    socket.send_to(b"a\xffb", addr).unwrap();
    let mut buffer = [0u8; 16];
    let (n, _) = socket.recv_from(&mut buffer).unwrap();
    assert_eq!(&buffer[..n], b"a\xffb");
    let line = server.wait_for_line(r#""event":"datagram""#);
    let event: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(event["text"], "a\\xffb");
}

#[test]
fn ipv6_server_and_client_work_on_the_ipv6_loopback() {
    if UdpSocket::bind("[::1]:0").is_err() {
        return skip("ipv6_server_and_client_work_on_the_ipv6_loopback", "no IPv6 loopback on this machine");
    }
    let (_server, addr) = server_on("[::1]:0", &["--allow", "::1"]);
    assert!(addr.is_ipv6());
    client(addr, &["hola v6"]).assert().success().stdout("--> hola v6\n");
}

#[test]
fn server_ignores_datagrams_from_unlisted_addresses() {
    let (mut server, addr) = server(&["--allow", "127.0.0.1"]);
    client(addr, &["--bind", "127.0.0.2:0", "--timeout", "300ms", "intruso"])
        .assert()
        .failure()
        .stderr(format!("error: no reply from {addr} within 300ms\n"));
    let line = server.wait_for_line("ignored datagram from 127.0.0.2:");
    assert!(line.contains("127.0.0.2 is not in the allowlist (127.0.0.1/32)"), "{line}");
    // The server keeps serving allowed sources.
    client(addr, &["--bind", "127.0.0.1:0", "amigo"]).assert().success().stdout("--> amigo\n");
}

#[test]
fn allowlist_accepts_networks_in_cidr_notation() {
    let (_server, addr) = server(&["--allow", "10.0.0.0/8", "--allow", "127.0.0.0/30"]);
    client(addr, &["--bind", "127.0.0.2:0", "hola"]).assert().success().stdout("--> hola\n");
    client(addr, &["--bind", "127.0.0.5:0", "--timeout", "200ms", "hola"]).assert().failure();
}

#[test]
fn small_receive_buffer_truncates_and_reports_the_real_size() {
    let (mut server, addr) = server(&["--recv-buf", "16"]);
    let socket = raw_socket("127.0.0.1:0");
    let payload = vec![b'x'; 1200];
    socket.send_to(&payload, addr).unwrap();
    let mut buffer = [0u8; 2048];
    let (n, _) = socket.recv_from(&mut buffer).unwrap();
    assert_eq!(n, 16, "the server echoes what it kept");
    let local = socket.local_addr().unwrap();
    server.wait_for_line(&format!("datagram from {local} truncated: kept 16 of 1200 bytes"));
    client(addr, &["--size", "1200"])
        .assert()
        .success()
        .stdout("--> 16 of 1200 bytes back, differs from what was sent\n");
}

#[test]
fn rcvbuf_reports_what_the_kernel_granted() {
    let (mut server, _addr) = server(&["--rcvbuf", "4096", "--json"]);
    let line = server.wait_for_line(r#""event":"rcvbuf""#);
    let event: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(event["requested"], 4096);
    assert!(event["granted"].as_u64().unwrap() >= 4096, "{line}");
    assert!(server.stdout()[0].contains(r#""event":"listening""#), "listening stays the first line");
}

/// A size over net.core.rmem_max is capped (and doubled), and the event says so; one over what
/// setsockopt's int can hold is refused when the command line is read, instead of wrapping around.
#[test]
fn a_rcvbuf_over_the_kernels_cap_says_what_was_asked_granted_and_why() {
    let rmem_max: u64 =
        std::fs::read_to_string("/proc/sys/net/core/rmem_max").unwrap().trim().parse().unwrap();
    let asked = (rmem_max * 4).min(1 << 30).to_string();
    let (mut server, _addr) = server(&["--rcvbuf", &asked]);
    let line = server.wait_for_line("SO_RCVBUF");
    assert!(line.contains(&format!("asked for {asked} bytes")), "{line}");
    assert!(line.contains(&format!("capped at net.core.rmem_max = {rmem_max}, then doubled")), "{line}");
    Command::new(udp_chat())
        .args(["server", "--rcvbuf", "100G"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("over the limit of 1GiB"));
}

#[test]
fn a_slow_reader_drops_a_burst_and_counts_every_datagram_as_received_or_dropped() {
    let (mut server, addr) = server(&["--rcvbuf", "2048", "--read-delay", "1ms", "--quiet", "--json"]);
    server.wait_for_line(r#""event":"rcvbuf""#);
    client(addr, &["--count", "200", "--window", "200", "--size", "64", "--timeout", "500ms"])
        .assert()
        .code(predicate::in_iter([0, 1]));
    server.terminate();
    let events = json_lines(&server.stdout());
    let shutdown = events.iter().find(|e| e["event"] == "shutdown").expect("a shutdown event");
    let (received, dropped) = (shutdown["datagrams"].as_u64().unwrap(), shutdown["drops"].as_u64().unwrap());
    assert_eq!(received + dropped, 200, "{shutdown}");
    assert!(dropped > 0, "a 4 KiB buffer cannot hold 200 datagrams: {shutdown}");
}

#[test]
fn chat_server_answers_each_message_with_a_typed_line() {
    let (mut server, addr) = server(&["--chat"]);
    server.write_stdin("hola, soy el servidor\nchau\n");
    client(addr, &["--chat"])
        .write_stdin("hola, soy el cliente\nme voy\n")
        .assert()
        .success()
        .stdout("--> hola, soy el servidor\n--> chau\n");
    server.wait_for_line("says: hola, soy el cliente");
    server.wait_for_line("says: me voy");
}

#[test]
fn chat_server_stops_when_its_input_ends() {
    let (mut server, addr) = server(&["--chat"]);
    server.close_stdin();
    client(addr, &["--timeout", "300ms", "hola"]).assert().failure();
    assert!(server.wait_exit().success());
    server.wait_for_line("end of stdin");
}

#[test]
fn shutdown_message_makes_the_server_reply_bye_and_exit_0() {
    let (mut server, addr) = server(&[]);
    client(addr, &["/shutdown"]).assert().success().stdout("--> bye\n");
    assert_eq!(server.wait_exit().code(), Some(0));
    client(addr, &["hola"])
        .assert()
        .failure()
        .stderr(format!("error: no server at {addr} (connection refused)\n"));
}

#[test]
fn a_burst_from_two_clients_is_answered_in_order_and_bye_comes_last() {
    let (mut server, addr) = server(&["--quiet", "--json"]);
    let (first, second) = (raw_socket("127.0.0.1:0"), raw_socket("127.0.0.1:0"));
    for i in 0..100 {
        first.send_to(format!("a{i}").as_bytes(), addr).unwrap();
        second.send_to(format!("b{i}").as_bytes(), addr).unwrap();
    }
    first.send_to(b"/nope", addr).unwrap();
    first.send_to(b"/shutdown", addr).unwrap();
    let replies = |socket: &UdpSocket, count: usize| -> Vec<String> {
        let mut buffer = [0u8; 512];
        (0..count)
            .map(|_| {
                let length = socket.recv(&mut buffer).expect("a reply within 5 s");
                String::from_utf8_lossy(&buffer[..length]).into_owned()
            })
            .collect()
    };
    let expected: Vec<String> = (0..100).map(|i| format!("b{i}")).collect();
    assert_eq!(replies(&second, 100), expected);
    let got = replies(&first, 102);
    let expected: Vec<String> = (0..100).map(|i| format!("a{i}")).collect();
    assert_eq!(got[..100], expected[..]);
    assert!(got[100].starts_with("error: unknown command /nope"), "{}", got[100]);
    assert_eq!(got[101], "bye");
    assert_eq!(server.wait_exit().code(), Some(0));
    let events = json_lines(&server.stdout());
    let shutdown = events.iter().find(|e| e["event"] == "shutdown").expect("a shutdown event");
    assert_eq!(
        (shutdown["datagrams"].as_u64(), shutdown["replies"].as_u64()),
        (Some(202), Some(202)),
        "{shutdown}"
    );
}

#[test]
fn shutdown_from_an_unlisted_source_is_ignored() {
    let (mut server, addr) = server(&["--allow", "127.0.0.1"]);
    client(addr, &["--bind", "127.0.0.2:0", "--timeout", "200ms", "/shutdown"]).assert().failure();
    server.wait_for_line("ignored datagram from 127.0.0.2");
    client(addr, &["still here?"]).assert().success().stdout("--> still here?\n");
}

#[test]
fn exec_is_refused_unless_the_server_allows_it() {
    let (mut server, addr) = server(&[]);
    client(addr, &["/exec touch /tmp/should-not-exist"])
        .assert()
        .success()
        .stdout("--> error: /exec is disabled on this server (start it with --allow-exec)\n");
    server.wait_for_line("refused /exec");
}

#[test]
fn exec_replies_the_exit_code_not_the_wait_status() {
    let (_server, addr) = server(&["--allow-exec"]);
    client(addr, &["/exec exit 3"]).assert().success().stdout("--> exit status: 3\n");
    client(addr, &["/exec true"]).assert().success().stdout("--> exit status: 0\n");
    client(addr, &["/exec kill -9 $$"]).assert().success().stdout("--> killed by signal 9\n");
}

#[test]
fn exec_gives_the_command_an_empty_stdin() {
    let (mut server, addr) = server(&["--allow-exec", "--exec-timeout", "5s"]);
    server.write_stdin("this line must not reach the command\n");
    client(addr, &["--timeout", "8s", "/exec read line"]).assert().success().stdout("--> exit status: 1\n");
}

#[test]
fn exec_times_out_and_leaves_no_process_behind() {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("pid");
    let (_server, addr) = server(&["--allow-exec", "--exec-timeout", "300ms"]);
    let command = format!("/exec sleep 30 & echo $! > {}; wait", pid_file.display());
    client(addr, &["--timeout", "10s", &command]).assert().success().stdout("--> timed out after 300ms\n");
    let background: i32 = std::fs::read_to_string(&pid_file).unwrap().trim().parse().unwrap();
    assert_gone(background);
}

#[test]
fn exec_kills_what_a_finished_command_left_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("pid");
    let (_server, addr) = server(&["--allow-exec"]);
    let command = format!("/exec sleep 30 & echo $! > {}", pid_file.display());
    client(addr, &[&command]).assert().success().stdout("--> exit status: 0\n");
    let background: i32 = std::fs::read_to_string(&pid_file).unwrap().trim().parse().unwrap();
    assert_gone(background);
}

/// Waits (with a deadline) until `pid` no longer runs; a killed orphan is reaped by init shortly after.
fn assert_gone(pid: i32) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let proc_dir = format!("/proc/{pid}");
    while Path::new(&proc_dir).exists() {
        let state = std::fs::read_to_string(format!("{proc_dir}/stat")).unwrap_or_default();
        if state.split_whitespace().nth(2) == Some("Z") || state.is_empty() {
            return;
        }
        assert!(Instant::now() < deadline, "process {pid} is still running");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn unknown_commands_get_an_error_reply_not_an_echo() {
    let (_server, addr) = server(&[]);
    client(addr, &["/reboot now"])
        .assert()
        .success()
        .stdout("--> error: unknown command /reboot (known: /shutdown, /exec <command>)\n");
}

#[test]
fn client_without_server_reports_connection_refused_at_once() {
    let port = {
        let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
        socket.local_addr().unwrap().port()
    };
    let started = Instant::now();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    client(addr, &["--timeout", "10s", "hola"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(format!("error: no server at {addr} (connection refused)\n"));
    assert!(started.elapsed() < Duration::from_secs(10), "refused must not wait for the timeout");
}

#[test]
fn client_gives_up_after_the_timeout_and_resends_with_retries() {
    let silent = raw_socket("127.0.0.1:0");
    let addr = silent.local_addr().unwrap();
    client(addr, &["--timeout", "200ms", "--retries", "2", "eco?"]).assert().code(1).stderr(
        predicate::str::ends_with(format!("error: no reply from {addr} within 200ms (3 attempts)\n")),
    );
    let mut buffer = [0u8; 64];
    for _ in 0..3 {
        let (n, _) = silent.recv_from(&mut buffer).unwrap();
        assert_eq!(&buffer[..n], b"eco?");
    }
}

#[test]
fn client_refuses_a_message_larger_than_a_udp_datagram() {
    let silent = raw_socket("127.0.0.1:0");
    let addr = silent.local_addr().unwrap();
    client(addr, &["--size", "65508"])
        .assert()
        .code(2)
        .stderr("error: the message is 65508 bytes; a UDP datagram over IPv4 carries at most 65507 bytes\n");
    silent.set_nonblocking(true).unwrap();
    assert!(silent.recv_from(&mut [0u8; 16]).is_err(), "nothing was sent");
    let (_server, addr) = server(&[]);
    client(addr, &["--size", "65507"])
        .assert()
        .success()
        .stdout("--> 65507 of 65507 bytes back, identical to what was sent\n");
}

#[test]
fn client_bound_to_a_chosen_source_address_uses_it() {
    let (mut server, addr) = server(&[]);
    client(addr, &["--bind", "127.0.0.3:0", "desde .3"]).assert().success();
    server.wait_for_line("datagram from 127.0.0.3:");
}

#[test]
fn bad_command_lines_get_one_line_and_exit_2() {
    for args in [
        vec!["server", "--allow", "10.0.0.0/33"],
        vec!["server", "--allow", "not-an-ip"],
        vec!["server", "--bind", "127.0.0.1"],
        vec!["server", "--recv-buf", "0"],
        vec!["server", "--exec-timeout", "soon"],
        vec!["client", "--to", "nowhere:abc"],
        vec!["client", "--size", "lots"],
        vec!["frobnicate"],
    ] {
        let output = Command::new(udp_chat()).args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
    }
}

#[test]
fn binding_a_port_in_use_is_a_one_line_error() {
    let taken = raw_socket("127.0.0.1:0");
    let addr = taken.local_addr().unwrap().to_string();
    Command::new(udp_chat())
        .args(["server", "--bind", &addr])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(format!("error: cannot bind udp {addr}")))
        .stderr(predicate::str::contains("in use"));
}

#[test]
fn json_mode_prints_one_event_per_line_on_both_sides() {
    let (mut server, addr) = server(&["--json", "--allow-exec"]);
    let output = client(addr, &["--json", "/exec exit 4"]).output().unwrap();
    assert!(output.status.success());
    let client_events =
        json_lines(&String::from_utf8(output.stdout).unwrap().lines().map(String::from).collect::<Vec<_>>());
    let reply = client_events.iter().find(|e| e["event"] == "reply").expect("a reply event");
    assert_eq!(reply["text"], "exit status: 4");
    server.wait_for_line(r#""event":"exec""#);
    client(addr, &["/shutdown"]).assert().success();
    server.wait_exit();
    let events = json_lines(&server.stdout());
    let names: Vec<&str> = events.iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert_eq!(names.first(), Some(&"listening"));
    let exec = events.iter().find(|e| e["event"] == "exec").unwrap();
    assert_eq!(exec["status"], 4);
    assert_eq!(exec["command"], "exit 4");
    assert_eq!(names.last(), Some(&"shutdown"));
}

#[test]
fn sigterm_stops_the_server_with_its_counters() {
    let (mut server, addr) = server(&[]);
    client(addr, &["uno"]).assert().success();
    let status = server.terminate();
    assert_eq!(status.code(), Some(0));
    server.wait_for_line("stopping (signal): 1 datagrams, 3 bytes");
}

#[test]
fn a_python_client_written_like_the_guides_gets_its_echo() {
    if !have("python3") {
        return skip("a_python_client_written_like_the_guides_gets_its_echo", "python3 is not installed");
    }
    let (_server, addr) = server(&[]);
    let script = format!(
        "import socket\n\
         HOST = '{}'\nPORT = {}\nLONG_MENSAJE = 1024\nmensaje = 'TyR: Echo sobre UDP'\n\
         s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n\
         s.settimeout(5)\n\
         s.sendto(mensaje.encode(), (HOST, PORT))\n\
         data = s.recvfrom(LONG_MENSAJE)\n\
         s.close()\n\
         print ('-->', data[0].decode())\n",
        addr.ip(),
        addr.port()
    );
    Command::new("python3")
        .args(["-c", &script])
        .timeout(Duration::from_secs(20))
        .assert()
        .success()
        .stdout("--> TyR: Echo sobre UDP\n");
}

#[test]
fn netcat_gets_its_echo() {
    if !have("nc") {
        return skip("netcat_gets_its_echo", "nc is not installed (apt-get install netcat-openbsd)");
    }
    let (_server, addr) = server(&[]);
    Command::new("nc")
        .args(["-u", "-w1", &addr.ip().to_string(), &addr.port().to_string()])
        .write_stdin("hola nc\n")
        .timeout(Duration::from_secs(20))
        .assert()
        .stdout(predicate::str::contains("hola nc"));
}

#[test]
fn count_mode_measures_every_round_trip_with_a_window() {
    let (_server, addr) = server(&["--quiet"]);
    let output =
        client(addr, &["--json", "--count", "2000", "--window", "8", "--size", "64"]).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let event: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(event["event"], "bench");
    assert_eq!(event["received"], 2000);
    assert_eq!(event["lost"], 0);
    assert!(event["p50_us"].as_f64().unwrap() <= event["p99_us"].as_f64().unwrap());
}

#[test]
fn count_mode_against_no_server_reports_connection_refused() {
    let port = UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    client(addr, &["--count", "10"]).assert().code(1).stderr(predicate::str::contains("connection refused"));
}

fn free_udp_addr() -> SocketAddr {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket.local_addr().unwrap()
}

#[test]
fn spanish_with_lang_es_for_lines_and_errors_but_the_guides_outputs_stay() {
    let (mut server, addr) = server(&["--lang", "es"]);
    let socket = raw_socket("127.0.0.1:0");
    socket.send_to(b"hola", addr).unwrap();
    let mut buffer = [0u8; 16];
    assert_eq!(socket.recv_from(&mut buffer).unwrap().0, 4);
    server.wait_for_line(&format!("datagrama de {}, 4 bytes", socket.local_addr().unwrap()));
    client(addr, &["--lang", "es", "hola"]).assert().success().stdout("--> hola\n");
    client(addr, &["--lang", "es", "--size", "100"])
        .assert()
        .success()
        .stdout("--> volvieron 100 de 100 bytes, idénticos a lo enviado\n");
    client(addr, &["--lang", "es", "/shutdown"]).assert().success().stdout("--> bye\n");
    server.wait_exit();
    let last = server.stdout().last().cloned().unwrap_or_default();
    assert!(last.starts_with("deteniéndose (/shutdown de 127.0.0.1:"), "{last}");
    let dead = free_udp_addr();
    client(dead, &["--lang", "es", "hola"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(format!("error: no hay servidor en {dead} (conexión rechazada)\n"));
    let output = client(dead, &["--lang", "es", "--count", "0"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("'0' no es un número entero positivo"), "{stderr}");
}

#[test]
fn the_locale_of_the_environment_chooses_spanish() {
    let dead = free_udp_addr();
    client(dead, &["hola"])
        .env("LANG", "es_AR.UTF-8")
        .assert()
        .code(1)
        .stderr(format!("error: no hay servidor en {dead} (conexión rechazada)\n"));
    Command::new(udp_chat())
        .args(["server", "--allow", "localhost"])
        .env("LANG", "es_AR.UTF-8")
        .timeout(Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "'localhost' no es una dirección IP ni un CIDR (p. ej. 127.0.0.1, 10.0.0.0/8, ::1)",
        ));
}

#[test]
fn json_is_the_same_in_spanish() {
    let dead = free_udp_addr();
    let english = client(dead, &["--json", "hola"]).output().unwrap();
    let spanish = client(dead, &["--json", "--lang", "es", "hola"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&spanish.stdout), String::from_utf8_lossy(&english.stdout));
    assert!(String::from_utf8_lossy(&english.stdout).contains(r#""message":"no server at"#));
    let (mut server, addr) = server(&["--json", "--lang", "es"]);
    let output = client(addr, &["--json", "--lang", "es", "/shutdown"]).output().unwrap();
    let events =
        json_lines(&String::from_utf8(output.stdout).unwrap().lines().map(String::from).collect::<Vec<_>>());
    assert_eq!(events.last().unwrap()["text"], "bye");
    server.wait_exit();
    let events = json_lines(&server.stdout());
    let shutdown = events.last().unwrap();
    assert_eq!(shutdown["event"], "shutdown");
    assert!(shutdown["reason"].as_str().unwrap().starts_with("/shutdown from 127.0.0.1:"), "{shutdown}");
}
