//! framed-json: the wire format against seed-style Python peers, typed requests, the mailbox under
//! concurrency and a kill, framing errors, and both server modes.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{Value, json};

use crate::support::{DEADLINE, Proc, framed_json, have, skip};

const MODES: [&str; 2] = ["threads", "poll"];

fn server(args: &[&str]) -> (Proc, SocketAddr) {
    let mut all = vec!["server", "--bind", "127.0.0.1:0", "--json"];
    all.extend_from_slice(args);
    let mut proc = Proc::start(framed_json(), &all);
    let addr = proc.listening_addr();
    (proc, addr)
}

fn client(addr: SocketAddr, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::new(framed_json())
        .args(["client", "--to", &addr.to_string()])
        .args(args)
        .timeout(DEADLINE)
        .assert()
}

/// The JSON events named `name` in `text`.
fn events(text: &str, name: &str) -> Vec<Value> {
    text.lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|event| event["event"] == name)
        .collect()
}

fn replies(assert: &assert_cmd::assert::Assert) -> Vec<Value> {
    events(&String::from_utf8_lossy(&assert.get_output().stdout), "reply")
        .into_iter()
        .map(|event| event["reply"].clone())
        .collect()
}

/// One frame in the default format.
fn frame(message: &Value) -> Vec<u8> {
    let mut body = message.to_string().into_bytes();
    body.resize(body.len().div_ceil(60).max(1) * 60, 0);
    let mut frame = (body.len() as u32).to_be_bytes().to_vec();
    frame.extend(body);
    frame
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    stream
}

/// Reads one reply frame (default format) and returns its JSON.
fn read_reply(stream: &mut TcpStream) -> Value {
    let mut header = [0u8; 4];
    stream.read_exact(&mut header).unwrap();
    let mut body = vec![0u8; u32::from_be_bytes(header) as usize];
    stream.read_exact(&mut body).unwrap();
    assert_eq!(body.len() % 60, 0, "the reply is not padded to 60");
    let end = body.iter().rposition(|&b| b != 0).map_or(0, |at| at + 1);
    serde_json::from_slice(&body[..end]).unwrap()
}

/// After the server's reply to a broken frame, the connection ends.
fn assert_closed(stream: &mut TcpStream) {
    let mut rest = Vec::new();
    stream.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty(), "more came after the error reply: {rest:?}");
}

fn python_example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/python").join(name)
}

#[test]
fn this_client_and_a_seed_style_python_server_understand_each_other() {
    if !have("python3") {
        return skip(
            "this_client_and_a_seed_style_python_server_understand_each_other",
            "python3 is not installed",
        );
    }
    let mut python =
        Proc::start("python3", &[python_example("framed_json_server.py").to_str().unwrap(), "0"]);
    let line = python.wait_for_line("Servidor escuchando en");
    let addr: SocketAddr = line.rsplit(' ').next().unwrap().parse().unwrap();
    // In pieces and back to back, the Python server (which reads exactly) answers each in order.
    let assert = client(
        addr,
        &["--send", "hola", "--send", "¿qué tal?", "--cut-after", "2", "--cut-after", "34", "--json"],
    )
    .success();
    assert_eq!(
        replies(&assert),
        [json!("Respuesta asociada al mensaje hola"), json!("Respuesta asociada al mensaje ¿qué tal?")]
    );
}

#[test]
fn a_seed_style_python_client_gets_the_seeds_answers_from_both_server_modes() {
    if !have("python3") {
        return skip(
            "a_seed_style_python_client_gets_the_seeds_answers_from_both_server_modes",
            "python3 is not installed",
        );
    }
    for mode in MODES {
        let (_server, addr) = server(&["--mode", mode]);
        Command::new("python3")
            .arg(python_example("framed_json_client.py"))
            .args(["127.0.0.1", &addr.port().to_string()])
            .write_stdin("hola\nñandú 🦤\n")
            .timeout(DEADLINE)
            .assert()
            .success()
            .stdout(predicate::str::contains("Mensaje recibido: Respuesta asociada al mensaje hola\n"))
            .stdout(predicate::str::contains("Mensaje recibido: Respuesta asociada al mensaje ñandú 🦤\n"));
    }
}

#[test]
fn typed_requests_get_a_response_and_refused_ones_the_reason() {
    let (_server, addr) = server(&[]);
    let assert = client(
        addr,
        &[
            "--request",
            r#"{"type": 1, "data": "cl"}"#,
            "--request",
            r#"{"type": 2, "data": [1, 2.5, 3]}"#,
            "--request",
            r#"{"type": "sum", "data": [40, 2]}"#,
            "--request",
            r#"{"type": 2, "data": "1+2"}"#,
            "--request",
            r#"{"type": 1, "data": "ZZ"}"#,
            "--json",
        ],
    )
    .code(1)
    .stderr("error: the server refused 2 of 5 requests (see the \"error\" of each reply)\n");
    let replies = replies(&assert);
    let zones: Vec<&str> = replies[0]["response"]
        .as_array()
        .unwrap()
        .iter()
        .map(|zone| zone["zone"].as_str().unwrap())
        .collect();
    assert_eq!(zones, ["America/Santiago", "America/Coyhaique", "America/Punta_Arenas", "Pacific/Easter"]);
    let time = replies[0]["response"][0]["time"].as_str().unwrap();
    assert!(time.ends_with("-03:00") || time.ends_with("-04:00"), "{time}");
    assert_eq!(replies[1]["response"], json!(6.5));
    assert_eq!(replies[2]["response"], json!(42));
    assert!(replies[3]["error"].as_str().unwrap().contains("a list of numbers"));
    assert!(
        replies[4]["error"].as_str().unwrap().contains("no time zone is known for the country code \"ZZ\"")
    );
}

#[test]
fn pipelined_and_cut_frames_are_answered_in_order_by_both_modes() {
    for mode in MODES {
        let (_server, addr) = server(&["--mode", mode]);
        for extra in [&["--pipeline"][..], &["--cut-after", "2"], &["--cut-after", "34", "--cut-after", "65"]]
        {
            let mut args = vec![
                "--send",
                "uno",
                "--request",
                r#"{"type": 2, "data": [2, 2]}"#,
                "--send",
                "tres",
                "--json",
            ];
            args.extend_from_slice(extra);
            let assert = client(addr, &args).success();
            assert_eq!(
                replies(&assert),
                [
                    json!("Respuesta asociada al mensaje uno"),
                    json!({"type": 2, "data": [2, 2], "response": 4}),
                    json!("Respuesta asociada al mensaje tres")
                ],
                "{mode} {extra:?}"
            );
            let pieces = events(&String::from_utf8_lossy(&assert.get_output().stdout), "piece");
            assert!(pieces.iter().all(|piece| piece["read_by_server"] == true), "{pieces:?}");
        }
        // One byte per write, no delay: the frames still come out whole.
        let mut stream = connect(addr);
        stream.set_nodelay(true).unwrap();
        let mut bytes = frame(&json!("a"));
        bytes.extend(frame(&json!("b")));
        for byte in bytes {
            stream.write_all(&[byte]).unwrap();
        }
        assert_eq!(read_reply(&mut stream), json!("Respuesta asociada al mensaje a"));
        assert_eq!(read_reply(&mut stream), json!("Respuesta asociada al mensaje b"));
    }
}

#[test]
fn a_broken_header_closes_only_its_connection_and_a_bad_body_gets_an_error_reply() {
    for mode in MODES {
        let (mut server, addr) = server(&["--mode", mode, "--max-frame", "120"]);
        let mut other = connect(addr);
        for (header, why) in [
            (180u32.to_be_bytes(), "announces 180 bytes, more than the 120-byte maximum"),
            (37u32.to_be_bytes(), "a body of 37 bytes is not padded to a multiple of 60 bytes"),
            (u32::MAX.to_be_bytes(), "announces 4294967295 bytes"),
        ] {
            let mut stream = connect(addr);
            stream.write_all(&header).unwrap();
            let reply = read_reply(&mut stream);
            assert!(reply["error"].as_str().unwrap().contains(why), "{mode}: {reply}");
            assert_closed(&mut stream);
        }
        // Bad UTF-8 and bad JSON inside a whole frame: an error reply, and the connection goes on.
        let mut stream = connect(addr);
        for body in [&b"\"\xff\xfe\""[..], b"{not json"] {
            let mut bad = 60u32.to_be_bytes().to_vec();
            bad.extend(body);
            bad.resize(64, 0);
            stream.write_all(&bad).unwrap();
            let reply = read_reply(&mut stream);
            assert!(reply["error"].as_str().unwrap().starts_with("the body is not"), "{mode}: {reply}");
        }
        stream.write_all(&frame(&json!("sigo"))).unwrap();
        assert_eq!(read_reply(&mut stream), json!("Respuesta asociada al mensaje sigo"));
        // A client that leaves inside a frame is reported; the first client was served all along.
        let mut cut = connect(addr);
        cut.write_all(&[0, 0, 0, 60, b'"']).unwrap();
        drop(cut);
        server.wait_for_line(r#""reason":"truncated""#);
        other.write_all(&frame(&json!("aún acá"))).unwrap();
        assert_eq!(read_reply(&mut other), json!("Respuesta asociada al mensaje aún acá"));
        let kinds: BTreeSet<String> = events(&server.stdout().join("\n"), "error")
            .iter()
            .map(|event| event["kind"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            kinds,
            ["bad-json", "bad-utf8", "not-multiple", "too-large", "truncated"].map(String::from).into(),
            "{mode}"
        );
    }
}

#[test]
fn lenient_accepts_unpadded_bodies_and_the_constants_can_change() {
    let (_server, addr) = server(&["--lenient"]);
    let mut stream = connect(addr);
    let mut unpadded = 6u32.to_be_bytes().to_vec();
    unpadded.extend(b"\"hola\"");
    stream.write_all(&unpadded).unwrap();
    assert_eq!(read_reply(&mut stream), json!("Respuesta asociada al mensaje hola"));
    // Seed 001's first variant: a little-endian count of 4-byte chunks.
    let variant = ["--chunk", "4", "--byte-order", "little", "--prefix", "chunks"];
    let (_server, addr) = server(&variant);
    let mut args = vec!["--send", "Margot", "--json"];
    args.extend_from_slice(&variant);
    assert_eq!(replies(&client(addr, &args).success()), [json!("Respuesta asociada al mensaje Margot")]);
    // A client with the default constants sees the mismatch in one line.
    client(addr, &["--send", "x"]).code(1).stderr(predicate::str::starts_with("error: reply 1:"));
}

#[test]
fn the_client_names_a_reply_without_padding() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let fake = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = [0u8; 64];
        stream.read_exact(&mut request).unwrap();
        let mut reply = 6u32.to_be_bytes().to_vec();
        reply.extend(b"\"hola\"");
        stream.write_all(&reply).unwrap();
    });
    client(addr, &["--send", "hola"]).code(1).stderr(
        "error: reply 1: a body of 6 bytes is not padded to a multiple of 60 bytes (pad with NUL bytes)\n",
    );
    fake.join().unwrap();
}

/// Sends one mailbox message from client `index` and returns whether the server stored it.
fn send_mail(addr: SocketAddr, index: usize) -> bool {
    let Ok(mut stream) = TcpStream::connect(addr) else { return false };
    let _ = stream.set_read_timeout(Some(DEADLINE));
    let request =
        json!({"type": 3, "to": "ana", "from": format!("c{index}"), "text": format!("mensaje {index}")});
    if stream.write_all(&frame(&request)).is_err() {
        return false;
    }
    let mut header = [0u8; 4];
    if stream.read_exact(&mut header).is_err() {
        return false;
    }
    let mut body = vec![0u8; u32::from_be_bytes(header) as usize];
    stream.read_exact(&mut body).is_ok() && String::from_utf8_lossy(&body).contains("\"stored\"")
}

fn poll_mail(addr: SocketAddr) -> Vec<Value> {
    let assert = client(addr, &["--mailbox", "poll", "ana", "--json"]).success();
    replies(&assert)[0]["response"].as_array().unwrap().clone()
}

#[test]
fn fifty_clients_at_once_lose_no_message_and_a_restart_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("mailbox.json");
    let store_arg = store.to_str().unwrap();
    for mode in MODES {
        let (mut server, addr) = server(&["--mode", mode, "--store", store_arg]);
        let stored: Vec<bool> = std::thread::scope(|scope| {
            let senders: Vec<_> = (0..50).map(|index| scope.spawn(move || send_mail(addr, index))).collect();
            senders.into_iter().map(|sender| sender.join().unwrap()).collect()
        });
        assert!(stored.iter().all(|ok| *ok), "{mode}: {stored:?}");
        assert!(server.terminate().success());
        let saved: Value = serde_json::from_str(&std::fs::read_to_string(&store).unwrap()).unwrap();
        assert_eq!(saved["messages"].as_array().unwrap().len(), 50, "{mode}");
        let (_server, addr) = server_again(store_arg, mode);
        let texts: BTreeSet<String> =
            poll_mail(addr).iter().map(|message| message["text"].as_str().unwrap().to_owned()).collect();
        assert_eq!(texts, (0..50).map(|index| format!("mensaje {index}")).collect(), "{mode}");
        assert!(poll_mail(addr).is_empty(), "{mode}: polled messages came back");
    }
}

fn server_again(store: &str, mode: &str) -> (Proc, SocketAddr) {
    server(&["--mode", mode, "--store", store])
}

#[test]
fn a_server_killed_while_saving_leaves_a_whole_store_with_every_acknowledged_message() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("mailbox.json");
    let store_arg = store.to_str().unwrap();
    let (mut server, addr) = server(&["--store", store_arg]);
    // Each sender stops at its first message without an acknowledgement.
    let (acknowledged, kill) = std::thread::scope(|scope| {
        let senders: Vec<_> = (0..8)
            .map(|thread| {
                scope.spawn(move || {
                    (0..1000)
                        .map(|n| thread * 1000 + n)
                        .take_while(|&index| send_mail(addr, index))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        // Kill once some messages are in, while the senders keep the server saving.
        server.wait_for_line(r#""stored":40"#);
        let kill = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(server.pid() as i32),
            nix::sys::signal::SIGKILL,
        );
        let acknowledged: Vec<usize> =
            senders.into_iter().flat_map(|sender| sender.join().unwrap()).collect();
        (acknowledged, kill)
    });
    kill.unwrap();
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&store).unwrap())
        .expect("the store is not whole JSON after the kill");
    let on_disk: BTreeSet<String> = saved["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|message| message["text"].as_str().unwrap().to_owned())
        .collect();
    assert!(on_disk.len() >= 40, "{} saved", on_disk.len());
    let lost: Vec<&usize> =
        acknowledged.iter().filter(|index| !on_disk.contains(&format!("mensaje {index}"))).collect();
    assert!(lost.is_empty(), "acknowledged but not saved: {lost:?}");
    let on_disk = on_disk.len();
    let (_server, addr) = server_again(store_arg, "threads");
    assert_eq!(poll_mail(addr).len(), on_disk);
    let leftovers: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().flatten().map(|entry| entry.file_name()).collect();
    assert_eq!(leftovers.len(), 1, "temporary files left: {leftovers:?}");
}

#[test]
fn a_client_over_the_limit_is_told_the_server_is_full() {
    for mode in MODES {
        let (mut server, addr) = server(&["--mode", mode, "--max-clients", "1"]);
        let mut first = connect(addr);
        first.write_all(&frame(&json!("primero"))).unwrap();
        assert_eq!(read_reply(&mut first), json!("Respuesta asociada al mensaje primero"));
        let mut second = connect(addr);
        let reply = read_reply(&mut second);
        assert!(
            reply["error"].as_str().unwrap().contains("the server is full (1 clients at once)"),
            "{reply}"
        );
        assert_closed(&mut second);
        server.wait_for_line("--max-clients");
    }
}

#[test]
fn sigterm_stops_either_mode_with_its_totals_while_clients_idle() {
    for mode in MODES {
        let (mut server, addr) = server(&["--mode", mode]);
        let _idle = connect(addr);
        let mut talker = connect(addr);
        talker.write_all(&frame(&json!("hola"))).unwrap();
        read_reply(&mut talker);
        assert!(server.terminate().success(), "{}", server.explain("did not exit 0"));
        let shutdown = events(&server.stdout().join("\n"), "shutdown");
        assert_eq!(shutdown[0]["connections"], 2, "{mode}");
        assert_eq!(shutdown[0]["frames_in"], 1, "{mode}");
    }
    // --quiet: no event per message, but the refused request, the connection and the totals.
    let (mut server, addr) = server(&["--quiet"]);
    client(addr, &["--send", "hola", "--request", r#"{"type": 9}"#]).code(1);
    assert!(server.terminate().success());
    let stdout = server.stdout().join("\n");
    let names: Vec<String> = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .map(|event| event["event"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["listening", "connection", "reply", "closed", "shutdown"], "{stdout}");
    assert!(stdout.contains("unknown request type 9"), "{stdout}");
}

#[test]
fn an_idle_client_is_closed_after_the_idle_timeout() {
    for mode in MODES {
        let (mut server, addr) = server(&["--mode", mode, "--idle-timeout", "200ms"]);
        let mut idle = connect(addr);
        assert_closed(&mut idle);
        server.wait_for_line(r#""reason":"idle""#);
    }
}

#[test]
fn the_interactive_client_sends_each_typed_line_and_waits_for_the_replies() {
    let (_server, addr) = server(&[]);
    let assert = Command::new(framed_json())
        .args(["client", "--to", &addr.to_string()])
        .write_stdin("hola\nchao\n")
        .timeout(DEADLINE)
        .assert()
        .success();
    // Replies are printed by a listener thread as they come, so they may come between the sends.
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let mut lines: Vec<&str> = stdout.lines().collect();
    lines.sort_unstable();
    assert_eq!(
        lines,
        [
            "Enviando mensaje: chao",
            "Enviando mensaje: hola",
            "Mensaje recibido: Respuesta asociada al mensaje chao",
            "Mensaje recibido: Respuesta asociada al mensaje hola"
        ]
    );
    Command::new(framed_json())
        .args(["client", "--to", &addr.to_string(), "--raw-json"])
        .write_stdin("{\"type\": 2, \"data\": [1, 1]}\n{oops\n")
        .timeout(DEADLINE)
        .assert()
        .success()
        .stdout(predicate::str::contains(r#""response":2"#))
        .stderr(predicate::str::contains("not sent: the line is not JSON"));
}

#[test]
fn bad_command_lines_and_a_bad_store_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"messages\": [").unwrap();
    for args in [
        &["server", "--chunk", "0"][..],
        &["server", "--max-frame", "65M"],
        &["server", "--max-frame", "-5"],
        &["client", "--clients", "-3"],
        &["server", "--mode", "fork"],
        &["server", "--idle-timeout", "0s"],
        &["server", "--store", broken.to_str().unwrap()],
        &["server", "--store", "/no/such/dir/mailbox.json"],
        &["client", "--request", "{nope"],
        &["client", "--mailbox", "send", "ana"],
        &["client", "--mailbox", "peek", "ana"],
        &["client", "--pipeline"],
        &["client", "--to", "nowhere"],
    ] {
        let assert = Command::new(framed_json()).args(args).timeout(DEADLINE).assert().failure();
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    }
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    client(closed, &["--send", "hola"]).code(1).stderr(predicate::str::contains("Connection refused"));
}

#[test]
fn clients_at_once_each_send_their_numbered_message_and_a_poll_counts_them() {
    let (_server, addr) = server(&["--mode", "poll"]);
    let assert =
        client(addr, &["--clients", "20", "--mailbox", "send", "carla", "mensaje {client}", "--json"])
            .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let numbers: BTreeSet<u64> =
        events(&stdout, "reply").iter().map(|event| event["client"].as_u64().unwrap()).collect();
    assert_eq!(numbers, (1..=20).collect());
    let assert =
        client(addr, &["--mailbox", "poll", "carla", "--mailbox", "poll", "carla", "--json"]).success();
    let polled = events(&String::from_utf8_lossy(&assert.get_output().stdout), "polled");
    assert_eq!(
        polled,
        [
            json!({"event": "polled", "user": "carla", "count": 20, "distinct": 20}),
            json!({"event": "polled", "user": "carla", "count": 0, "distinct": 0})
        ]
    );
}

#[test]
fn the_client_and_the_server_speak_spanish_with_lang_es_and_with_a_spanish_locale() {
    let (_server, addr) = server(&[]);
    client(addr, &["--lang", "es", "--send", "hola", "--count", "2"])
        .success()
        .stdout(predicate::str::contains("2 pedidos respondidos en "))
        .stdout(predicate::str::contains(" por segundo\n"));
    Command::new(framed_json())
        .args(["client", "--lang", "es", "--mailbox", "peek", "ana"])
        .timeout(DEADLINE)
        .assert()
        .code(2)
        .stderr("error: --mailbox \"peek\": la acción es send o poll\n");
    // No flag: the language comes from the locale.
    Command::new(framed_json())
        .env("LANG", "es_AR.UTF-8")
        .args(["client", "--to", &addr.to_string(), "--send", "hola", "--count", "3"])
        .timeout(DEADLINE)
        .assert()
        .success()
        .stdout(predicate::str::contains("3 pedidos respondidos en "));
    Command::new(framed_json())
        .env("LANG", "es_AR.UTF-8")
        .args(["server", "--bind", "127.0.0.1:0", "--store", "/no/such/dir/mailbox.json"])
        .timeout(DEADLINE)
        .assert()
        .code(1)
        .stderr("error: la carpeta del archivo del buzón /no/such/dir no existe\n");
}

#[test]
fn json_output_stays_english_under_lang_es() {
    let (_server, addr) = server(&[]);
    let run = |lang: &str| {
        let assert = client(
            addr,
            &["--lang", lang, "--json", "--send", "hola", "--request", r#"{"type": 2, "data": [1, "x"]}"#],
        );
        String::from_utf8_lossy(&assert.code(1).get_output().stdout).into_owned()
    };
    let english = run("en");
    assert_eq!(run("es"), english);
    assert!(english.contains("Respuesta asociada al mensaje hola"), "{english}");
    assert!(english.contains("not a number"), "{english}");
}

#[test]
fn the_server_says_in_spanish_why_it_refused_a_frame_and_its_reply_stays_english() {
    let mut server = Proc::start(framed_json(), &["server", "--lang", "es", "--bind", "127.0.0.1:0"]);
    let line = server.wait_for_line("listening on tcp ");
    let addr: SocketAddr = line.split_whitespace().nth(3).unwrap().parse().unwrap();
    let assert = client(addr, &["--chunk", "50", "--lenient", "--json", "--send", "hola"]);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.contains("is not padded to a multiple of 60 bytes"), "{stdout}");
    let error = server.wait_for_line("trama de ");
    assert!(
        error.ends_with(
            ": un cuerpo de 50 bytes no está rellenado hasta un múltiplo de 60 bytes (rellene con bytes NUL)"
        ),
        "{error}"
    );
}
