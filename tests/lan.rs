//! lan (seed 000): a switch that forwards by destination, the filtering switch and the hub, hosts
//! that receive and reject, the personal packet's flags, and every kind of bad input on both sides.

use std::net::{SocketAddr, UdpSocket};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{Value, json};

use crate::support::{DEADLINE, Proc, lan};

fn switch(args: &[&str]) -> (Proc, SocketAddr) {
    let mut all = vec!["switch", "--bind", "127.0.0.1:0", "--json"];
    all.extend_from_slice(args);
    let mut proc = Proc::start(lan(), &all);
    let addr = proc.listening_addr();
    (proc, addr)
}

/// A host that stays until stopped, registered once it returns.
fn host(switch: SocketAddr, name: &str, addr: &str, args: &[&str]) -> Proc {
    let switch = switch.to_string();
    let mut all = vec!["host", "--name", name, "--addr", addr, "--switch", &switch, "--json", "--stay"];
    all.extend_from_slice(args);
    let mut proc = Proc::start(lan(), &all);
    proc.wait_for_line("\"event\":\"registered\"");
    proc
}

/// A host fed `input` that leaves at its end; its JSON events.
fn send(switch: SocketAddr, addr: &str, input: &str, args: &[&str]) -> Vec<Value> {
    let output = Command::new(lan())
        .args(["host", "--name", "sender", "--addr", addr, "--switch", &switch.to_string(), "--json"])
        .args(args)
        .write_stdin(input)
        .timeout(DEADLINE)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(output).unwrap().lines().map(|line| serde_json::from_str(line).unwrap()).collect()
}

fn events(proc: &mut Proc, name: &str) -> Vec<Value> {
    proc.stdout()
        .iter()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|event| event["event"] == name)
        .collect()
}

#[test]
fn the_filtering_switch_delivers_to_each_host_and_discards_everything_for_host_3() {
    let (mut switch, addr) = switch(&["--drop", "192.168.0.3"]);
    let mut h2 = host(addr, "Laptop", "192.168.0.2", &[]);
    let mut h3 = host(addr, "Laptop 3", "0xC0A80003", &[]);
    let mut h4 = host(addr, "Tablet", "3232235524", &[]);
    let sent = send(
        addr,
        "192.168.0.1",
        "192.168.0.2 Hola!\n192.168.0.3 para el tres\n192.168.0.4 para el cuatro\n",
        &[],
    );
    assert_eq!(sent.iter().filter(|event| event["event"] == "sent").count(), 3, "{sent:?}");
    h2.wait_for_line("Hola!");
    h4.wait_for_line("para el cuatro");
    switch.wait_for_line("\"event\":\"discarded\"");
    switch.terminate();
    h2.terminate();
    h3.terminate();
    h4.terminate();
    let received = events(&mut h2, "received");
    assert_eq!(received.len(), 1);
    assert_eq!(received[0]["src"], "192.168.0.1");
    assert_eq!(received[0]["data"], "Hola!");
    assert!(events(&mut h3, "received").is_empty() && events(&mut h3, "rejected").is_empty());
    let discarded = events(&mut switch, "discarded");
    assert_eq!(
        discarded,
        [
            json!({"event": "discarded", "src": "192.168.0.1", "dst": "192.168.0.3", "kind": "personal", "reason": "filtered"})
        ]
    );
    let stopped = &events(&mut switch, "stopped")[0];
    assert_eq!((stopped["forwarded"].as_u64(), stopped["discarded"].as_u64()), (Some(2), Some(1)));
}

#[test]
fn a_hub_delivers_to_every_host_and_the_others_reject_it() {
    let (mut hub, addr) = switch(&["--hub"]);
    let mut h2 = host(addr, "Laptop", "192.168.0.2", &[]);
    let mut h3 = host(addr, "Laptop 3", "192.168.0.3", &[]);
    send(addr, "192.168.0.1", "192.168.0.2 solo para el dos\n", &[]);
    h2.wait_for_line("solo para el dos");
    let line = h3.wait_for_line("\"event\":\"rejected\"");
    let rejected: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(
        rejected,
        json!({"event": "rejected", "addr": "192.168.0.3", "src": "192.168.0.1", "dst": "192.168.0.2"})
    );
    let flooded = hub.wait_for_line("\"event\":\"flooded\"");
    assert!(flooded.contains(r#""to":["192.168.0.2","192.168.0.3"]"#), "{flooded}");
    let mut human = Proc::start(
        lan(),
        &["host", "--name", "h", "--addr", "192.168.0.5", "--switch", &addr.to_string(), "--stay"],
    );
    human.wait_for_line("registered");
    send(addr, "192.168.0.1", "192.168.0.2 otra vez\n", &[]);
    assert_eq!(
        human.wait_for_line("rejected"),
        "rejected: my address is 192.168.0.5, the packet is for 192.168.0.2"
    );
}

#[test]
fn personal_packets_carry_the_seeds_flags_and_base_packets_none() {
    let (_switch, addr) = switch(&[]);
    let mut h2 = host(addr, "Laptop", "192.168.0.2", &[]);
    send(
        addr,
        "192.168.0.1",
        "192.168.0.2 hay una Bomba aquí\n192.168.0.2 [1, 2]\n192.168.0.2 un bombardeo\n",
        &["--allow-non-text"],
    );
    send(addr, "192.168.0.7", "192.168.0.2 plátano\n", &["--forbidden", "PLÁTANO"]);
    send(addr, "192.168.0.8", "192.168.0.2 la bomba base\n", &["--kind", "base"]);
    h2.wait_for_line("la bomba base");
    let flags: Vec<(Value, Value, Value)> = events(&mut h2, "received")
        .into_iter()
        .map(|event| (event["data"].clone(), event["broken"].clone(), event["danger"].clone()))
        .collect();
    assert_eq!(
        flags,
        [
            (json!("hay una Bomba aquí"), json!(false), json!(true)),
            (json!([1, 2]), json!(true), json!(false)),
            (json!("un bombardeo"), json!(false), json!(false)),
            (json!("plátano"), json!(false), json!(true)),
            (json!("la bomba base"), json!(false), json!(false)),
        ]
    );
    assert!(events(&mut h2, "received").last().unwrap()["kind"] == "base");
}

#[test]
fn a_line_without_destination_goes_to_a_known_host_at_random() {
    let (_switch, addr) = switch(&[]);
    let mut h2 = host(addr, "Laptop", "192.168.0.2", &[]);
    let mut h3 = host(addr, "Laptop 3", "192.168.0.3", &[]);
    let sent = send(addr, "192.168.0.1", &"a quien toque\n".repeat(20), &[]);
    let destinations: Vec<&str> =
        sent.iter().filter(|e| e["event"] == "sent").map(|e| e["dst"].as_str().unwrap()).collect();
    assert_eq!(destinations.len(), 20);
    assert!(destinations.iter().all(|dst| ["192.168.0.2", "192.168.0.3"].contains(dst)), "{destinations:?}");
    assert!(sent.iter().filter(|e| e["event"] == "sent").all(|e| e["random"] == true));
    // The host leaves only once the switch confirmed it, after everything it sent was forwarded.
    let (n2, n3) = (
        destinations.iter().filter(|d| **d == "192.168.0.2").count(),
        20 - destinations.iter().filter(|d| **d == "192.168.0.2").count(),
    );
    for (proc, count) in [(&mut h2, n2), (&mut h3, n3)] {
        proc.terminate();
        assert_eq!(events(proc, "received").len(), count);
    }
    // Alone, a host has nobody to pick.
    let (_alone, alone) = switch(&[]);
    Command::new(lan())
        .args(["host", "--name", "solo", "--addr", "192.168.0.1", "--switch", &alone.to_string()])
        .write_stdin("hola\n")
        .timeout(DEADLINE)
        .assert()
        .success()
        .stderr(predicate::str::contains("line ignored: no other host is known yet"));
}

#[test]
fn bad_lines_are_refused_one_by_one_and_the_host_goes_on() {
    let (_switch, addr) = switch(&[]);
    let mut h2 = host(addr, "Laptop", "192.168.0.2", &[]);
    let mut bytes = b"192.168.0.300 hola\n192.168.0.2\n".to_vec();
    bytes.extend([b'x'; 9001]);
    bytes.extend_from_slice(b"\n\xff-not-text\n192.168.0.9 nadie\n192.168.0.2 sigo vivo\n");
    let output = Command::new(lan())
        .args(["host", "--name", "PC", "--addr", "192.168.0.1", "--switch", &addr.to_string()])
        .write_stdin(bytes)
        .timeout(DEADLINE)
        .assert()
        .success()
        .stderr(predicate::str::contains("'192.168.0.300' is not an IPv4 address"))
        .stderr(predicate::str::contains("nothing to send to 192.168.0.2"))
        .stderr(predicate::str::contains("it is longer than the limit of 8192 bytes"))
        .stderr(predicate::str::contains("it is not UTF-8 text"))
        .get_output()
        .stdout
        .clone();
    let stdout = String::from_utf8(output).unwrap();
    assert!(
        stdout.contains("the switch says: a packet for 192.168.0.9: no host has that address"),
        "{stdout}"
    );
    h2.wait_for_line("sigo vivo");
}

#[test]
fn registrations_that_clash_are_refused_with_the_reason() {
    let (mut switch, addr) = switch(&["--max-hosts", "2"]);
    let _h2 = host(addr, "Laptop", "192.168.0.2", &[]);
    let refused = |name: &str, host_addr: &str, expected: &str| {
        Command::new(lan())
            .args(["host", "--name", name, "--addr", host_addr, "--switch", &addr.to_string()])
            .timeout(DEADLINE)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(expected))
            .stderr(predicate::function(|text: &str| text.lines().count() == 1));
    };
    refused("Otro", "192.168.0.2", "192.168.0.2 is already registered by Laptop");
    refused("Laptop", "192.168.0.9", "the name Laptop is already registered (192.168.0.2)");
    let _h3 = host(addr, "Laptop 3", "192.168.0.3", &[]);
    refused("Tercero", "192.168.0.4", "the switch is full (2 hosts)");
    switch.terminate();
    assert_eq!(events(&mut switch, "rejected").len(), 3, "{:?}", switch.stdout());
}

#[test]
fn the_switch_logs_and_answers_bad_datagrams_and_keeps_forwarding() {
    let (mut switch, addr) = switch(&[]);
    let mut h2 = host(addr, "Laptop", "192.168.0.2", &[]);
    let peer = UdpSocket::bind("127.0.0.1:0").unwrap();
    peer.set_read_timeout(Some(DEADLINE)).unwrap();
    peer.connect(addr).unwrap();
    let ask = |datagram: &[u8]| -> String {
        peer.send(datagram).unwrap();
        let mut reply = [0u8; 65536];
        let n = peer.recv(&mut reply).unwrap();
        let reply: Value = serde_json::from_slice(&reply[..n]).unwrap();
        assert_eq!(reply["type"], "error", "{reply}");
        reply["reason"].as_str().unwrap().to_owned()
    };
    assert!(ask(b"hola").contains("not JSON"));
    assert!(ask(&[b'x'; 9000]).contains("the datagram is 9000 bytes, over the limit of 8192"));
    assert!(ask(br#"{"type":"ping"}"#).contains("unknown message type \"ping\""));
    let packet = br#"{"type":"packet","kind":"base","src":"192.168.0.1","dst":"192.168.0.2","data":"x"}"#;
    assert!(ask(packet).contains("which is not registered"));
    assert!(ask(br#"{"type":"leave"}"#).contains("not registered"));
    assert!(
        ask(br#"{"type":"register","name":"z","addr":"0.0.0.0"}"#)
            .contains("cannot be the address of one host")
    );
    peer.send(br#"{"type":"register","name":"raw","addr":"192.168.0.1"}"#).unwrap();
    let mut reply = [0u8; 1024];
    let n = peer.recv(&mut reply).unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(&reply[..n]).unwrap(),
        json!({"type": "registered", "addr": "192.168.0.1", "hosts": ["192.168.0.2"]})
    );
    let spoofed = br#"{"type":"packet","kind":"base","src":"192.168.0.9","dst":"192.168.0.2","data":"x"}"#;
    assert!(
        ask(spoofed).contains("a packet with source 192.168.0.9 from the host registered as 192.168.0.1")
    );
    assert!(
        ask(br#"{"type":"packet","kind":"personal","src":"192.168.0.1","dst":"192.168.0.2","data":"x"}"#)
            .contains("flag")
    );
    // An error is logged but never answered.
    peer.send(br#"{"type":"error","reason":"loop?"}"#).unwrap();
    peer.send(packet).unwrap();
    h2.wait_for_line("\"data\":\"x\"");
    switch.terminate();
    assert_eq!(events(&mut switch, "rejected").len(), 9);
}

#[test]
fn a_host_ignores_bad_datagrams_from_its_switch_and_goes_on() {
    let fake = UdpSocket::bind("127.0.0.1:0").unwrap();
    fake.set_read_timeout(Some(DEADLINE)).unwrap();
    let switch = fake.local_addr().unwrap().to_string();
    let mut host = Proc::start(
        lan(),
        &["host", "--name", "PC", "--addr", "192.168.0.1", "--switch", &switch, "--json", "--stay"],
    );
    let mut buffer = [0u8; 1024];
    let (_, from) = fake.recv_from(&mut buffer).unwrap();
    fake.send_to(br#"{"type":"registered","addr":"192.168.0.1","hosts":[]}"#, from).unwrap();
    host.wait_for_line("\"event\":\"registered\"");
    for bad in [&b"\xff\xfe"[..], b"{", br#"{"type":"register","name":"x","addr":"1.2.3.4"}"#, &[b'{'; 9000]]
    {
        fake.send_to(bad, from).unwrap();
    }
    fake.send_to(
        br#"{"type":"packet","kind":"base","src":"192.168.0.2","dst":"192.168.0.1","data":"ok"}"#,
        from,
    )
    .unwrap();
    host.wait_for_line("\"data\":\"ok\"");
    host.terminate();
    let bad = events(&mut host, "bad_packet");
    assert_eq!(bad.len(), 3, "{bad:?}");
    assert!(
        host.stderr().contains("ignored a datagram of 9000 bytes from the switch (over 8192)"),
        "{}",
        host.stderr()
    );
}

#[test]
fn a_host_without_a_switch_says_so_in_one_line() {
    let silent = UdpSocket::bind("127.0.0.1:0").unwrap();
    let silent_addr = silent.local_addr().unwrap().to_string();
    Command::new(lan())
        .args([
            "host",
            "--name",
            "PC",
            "--addr",
            "192.168.0.1",
            "--switch",
            &silent_addr,
            "--timeout",
            "300ms",
        ])
        .timeout(DEADLINE)
        .assert()
        .code(1)
        .stderr(format!("error: no answer from a switch at udp {silent_addr} within 300ms\n"));
    let closed = silent_addr.clone();
    drop(silent);
    Command::new(lan())
        .args(["host", "--name", "PC", "--addr", "192.168.0.1", "--switch", &closed])
        .timeout(DEADLINE)
        .assert()
        .code(1)
        .stderr(format!("error: no switch at udp {closed} (connection refused)\n"));
}

#[test]
fn bad_arguments_are_one_line_usage_errors() {
    for (args, expected) in [
        (vec!["host", "--name", "PC", "--addr", "192.168.0.256"], "is not an IPv4 address"),
        (vec!["host", "--name", "PC", "--addr", "255.255.255.255"], "cannot be the address of one host"),
        (vec!["host", "--name", "", "--addr", "192.168.0.1"], "the host name is empty"),
        (
            vec!["host", "--name", "PC", "--addr", "192.168.0.1", "--forbidden", "dos palabras"],
            "not one word",
        ),
        (vec!["switch", "--drop", "nadie"], "is not an IPv4 address"),
        (vec!["switch", "--max-hosts", "0"], "max-hosts"),
    ] {
        Command::new(lan())
            .args(&args)
            .timeout(DEADLINE)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(expected))
            .stderr(predicate::function(|text: &str| text.lines().count() == 1));
    }
}

#[test]
fn hosts_and_the_switch_speak_spanish_with_lang_es_and_with_a_spanish_locale() {
    let mut switch = Proc::start(lan(), &["--lang", "es", "switch", "--bind", "127.0.0.1:0"]);
    let addr = switch.listening_addr();
    let mut h2 = host(addr, "Laptop", "192.168.0.2", &["--lang", "es"]);
    let output = Command::new(lan())
        .args([
            "host",
            "--lang",
            "es",
            "--name",
            "PC",
            "--addr",
            "192.168.0.1",
            "--switch",
            &addr.to_string(),
        ])
        .write_stdin("192.168.0.2 hola\n192.168.0.300 x\n")
        .timeout(DEADLINE)
        .assert()
        .success()
        .stderr("aviso: línea ignorada: '192.168.0.300' no es una dirección IPv4\n")
        .get_output()
        .stdout
        .clone();
    let stdout = String::from_utf8(output).unwrap();
    assert_eq!(
        stdout,
        format!(
            "PC registrado como 192.168.0.1 en el switch de udp {addr}; otros hosts: 192.168.0.2\n\
             enviado a 192.168.0.2: hola\n\
             PC (192.168.0.1) dejó la red\n"
        )
    );
    // The switch's human lines are Spanish too; its JSON-less readiness line stays as it is.
    switch.wait_for_line("reenviado un paquete 192.168.0.1 → 192.168.0.2 (");
    // JSON stays English under --lang es.
    assert!(h2.wait_for_line(r#""event":"received""#).contains(r#""data":"hola""#));
    // No flag: the language comes from the locale.
    Command::new(lan())
        .env("LANG", "es_AR.UTF-8")
        .args(["host", "--name", "Otro", "--addr", "192.168.0.2", "--switch", &addr.to_string()])
        .timeout(DEADLINE)
        .assert()
        .code(1)
        .stderr(format!(
            "error: el switch en udp {addr} rechazó el registro: \
             cannot register Otro as 192.168.0.2: 192.168.0.2 is already registered by Laptop\n"
        ));
    switch.wait_for_line(
        "no se puede registrar Otro como 192.168.0.2: 192.168.0.2 ya está registrada por Laptop",
    );
}

#[test]
fn json_events_and_the_switch_reasons_stay_english_under_lang_es() {
    let run = |lang: &str| {
        let (mut switch, addr) = switch(&["--lang", lang]);
        let input = "192.168.0.9 nadie\n";
        let host = send(addr, "192.168.0.1", input, &["--lang", lang]);
        let rejected = switch.wait_for_line(r#""event":"rejected""#);
        let strip = |mut value: Value| {
            for key in ["switch", "from"] {
                if value.get(key).is_some() {
                    value[key] = Value::Null;
                }
            }
            value
        };
        let rejected: Value = serde_json::from_str(&rejected).unwrap();
        (host.into_iter().map(strip).collect::<Vec<_>>(), strip(rejected))
    };
    let english = run("en");
    assert_eq!(run("es"), english);
    assert_eq!(english.1["reason"], "a packet for 192.168.0.9: no host has that address");
}
