//! Packet capture and lab hosts (as root: each lab in a network namespace of its own): pcap files a
//! real packet analyser reads, the list view, the caps, packet checks with their reasons, hosts that
//! reach only what they bind and nothing outside, and a clear skip without root.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::{explain_output, have, skip, socklab};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn is_root() -> bool {
    nix::unistd::Uid::effective().is_root()
}

/// `socklab --labs FILE ARGS` from the repository root.
fn run(labs: &Path, args: &[&str]) -> Output {
    Command::new(socklab()).current_dir(root()).arg("--labs").arg(labs).args(args).output().unwrap()
}

fn labs_file() -> std::path::PathBuf {
    root().join("labs.toml")
}

#[test]
fn captures_are_pcap_files_a_packet_analyser_reads_with_the_packets_the_report_lists() {
    if !is_root() {
        return skip(
            "captures_are_pcap_files_a_packet_analyser_reads_with_the_packets_the_report_lists",
            "capture needs root",
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let captures = dir.path().join("captures");
    let report = dir.path().join("report.json");
    let output = run(
        &labs_file(),
        &[
            "run",
            "udp-packets",
            "tcp-packets",
            "--capture",
            captures.to_str().unwrap(),
            "--show-packets",
            "--json",
        ],
    );
    assert!(output.status.success(), "{}", explain_output(&output));
    std::fs::write(&report, &output.stdout).unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    for (lab, expected) in [("udp-packets", 2), ("tcp-packets", 10)] {
        let entry = json["labs"].as_array().unwrap().iter().find(|l| l["name"] == lab).unwrap();
        let capture = &entry["capture"];
        assert_eq!(capture["packets"], expected, "{entry}");
        let file = captures.join(format!("{lab}.pcap"));
        assert_eq!(capture["file"], file.to_str().unwrap());
        let list: Vec<&str> =
            capture["list"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
        assert_eq!(list.len(), expected);
        if lab == "tcp-packets" {
            assert!(list[0].contains("TCP [SYN] seq="), "{list:?}");
            assert!(list[1].contains("TCP [SYN, ACK]"), "{list:?}");
        } else {
            assert!(list[0].contains("UDP len=19") || list[0].contains("UDP len="), "{list:?}");
        }
        if have("tshark") {
            let read = Command::new("tshark").arg("-r").arg(&file).output().unwrap();
            assert!(read.status.success(), "{}", explain_output(&read));
            let lines = String::from_utf8_lossy(&read.stdout).lines().count();
            assert_eq!(lines, expected, "tshark lists {lines} packets in {}", file.display());
        } else if have("tcpdump") {
            let read = Command::new("tcpdump").arg("-n").arg("-r").arg(&file).output().unwrap();
            assert!(read.status.success(), "{}", explain_output(&read));
        } else {
            skip(
                "captures_are_pcap_files_a_packet_analyser_reads_with_the_packets_the_report_lists (the packet analyser part)",
                "neither tshark nor tcpdump is installed",
            );
        }
    }
}

#[test]
fn a_capture_over_its_cap_keeps_the_first_packets_and_says_how_many_more_came() {
    if !is_root() {
        return skip(
            "a_capture_over_its_cap_keeps_the_first_packets_and_says_how_many_more_came",
            "capture needs root",
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let captures = dir.path().join("captures");
    let output = run(
        &labs_file(),
        &["run", "tcp-packets", "--capture", captures.to_str().unwrap(), "--capture-packets", "3"],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("(3 packets; the cap was hit: 7 more not kept)"), "{stdout}");
    // The checks see the 3 packets kept: the handshake, and not the close.
    assert!(stdout.contains("expected 1 FIN to 127.0.0.1:"), "{stdout}");
    assert!(stdout.contains("(the capture hit its cap: 7 later packets were not kept)"), "{stdout}");
    assert_eq!(output.status.code(), Some(1));
    // A capture folder that cannot be one is refused before anything runs.
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let output = run(&labs_file(), &["run", "udp-packets", "--capture", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", explain_output(&output));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error: cannot keep captures in "));
}

#[test]
fn packet_checks_say_what_was_seen() {
    if !is_root() {
        return skip("packet_checks_say_what_was_seen", "capture needs root");
    }
    let dir = tempfile::tempdir().unwrap();
    let labs = dir.path().join("labs.toml");
    std::fs::write(
        &labs,
        r#"
[[lab]]
name = "wrong"
summary = "packet checks that fail"

[[lab.process]]
name = "server"
command = ["{bin:udp-chat}", "server", "--bind", "127.0.0.1:{port}"]
ready = { udp = "127.0.0.1:{port}" }

[[lab.process]]
name = "client"
command = ["{bin:udp-chat}", "client", "--to", "127.0.0.1:{port}", "hola"]
after-ready = "server"

[[lab.check]]
name = "three datagrams"
packets = { kind = "udp", to = "127.0.0.1:{port}", count = 3 }

[[lab.check]]
name = "a handshake"
packets = { kind = "handshake", to = "127.0.0.1:{port}" }
"#,
    )
    .unwrap();
    let output = run(&labs, &["run"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("check 'three datagrams' failed: expected 3 UDP datagrams to 127.0.0.1:"),
        "{stdout}"
    );
    assert!(stdout.contains(", saw 1\n"), "{stdout}");
    assert!(stdout.contains("expected at least 1 completed three-way handshake to 127.0.0.1:"), "{stdout}");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn mistakes_in_packet_checks_and_hosts_are_config_errors_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let labs = dir.path().join("labs.toml");
    for (body, expected) in [
        (r#"packets = { kind = "udpp" }"#, "unknown packet kind \"udpp\""),
        (r#"packets = { kind = "udp", count = 1, at-most = 2 }"#, "give one of count"),
        (r#"packets = { kind = "udp", largest-at-most = 2 }"#, "are for kind = \"data-segment\""),
        (
            r#"packets = { kind = "udp", to = "localhost:80" }"#,
            "\"localhost:80\" is not IP:PORT, IP or :PORT",
        ),
        (r#"packets = { kind = "udp", to = "{port}" }"#, "\"{port}\" is not IP:PORT, IP or :PORT"),
    ] {
        std::fs::write(
            &labs,
            format!(
                "[[lab]]\nname = \"l\"\nsummary = \"s\"\n\n[[lab.process]]\nname = \"p\"\ncommand = [\"true\"]\n\n\
                 [[lab.check]]\nname = \"c\"\n{body}\n"
            ),
        )
        .unwrap();
        let output = run(&labs, &["list"]);
        assert_eq!(output.status.code(), Some(2), "{body}: {}", explain_output(&output));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected) && stderr.contains("labs.toml:"), "{body}: {stderr}");
    }
    for (body, expected) in [
        (
            "[[lab.host]]\nname = \"a\"\n\n[[lab.host]]\nname = \"a\"\n",
            "another host of this lab has this name",
        ),
        ("[[lab.host]]\nname = \"a b\"\n", "is not a name"),
    ] {
        std::fs::write(
            &labs,
            format!("[[lab]]\nname = \"l\"\nsummary = \"s\"\n\n{body}\n[[lab.process]]\nname = \"p\"\ncommand = [\"true\"]\n"),
        )
        .unwrap();
        let output = run(&labs, &["list"]);
        assert_eq!(output.status.code(), Some(2), "{}", explain_output(&output));
        assert!(String::from_utf8_lossy(&output.stderr).contains(expected), "{}", explain_output(&output));
    }
    for (process, expected) in [
        ("host = \"c\"\ncommand = [\"true\"]", "the lab has no [[lab.host]] named \"c\""),
        ("command = [\"echo\", \"{host:c}\"]", "{host:c}: the lab has no [[lab.host]] named \"c\""),
    ] {
        std::fs::write(
            &labs,
            format!(
                "[[lab]]\nname = \"l\"\nsummary = \"s\"\n\n[[lab.host]]\nname = \"a\"\n\n[[lab.process]]\nname = \"p\"\n{process}\n"
            ),
        )
        .unwrap();
        let output = run(&labs, &["list"]);
        assert_eq!(output.status.code(), Some(2), "{}", explain_output(&output));
        assert!(String::from_utf8_lossy(&output.stderr).contains(expected), "{}", explain_output(&output));
    }
}

#[test]
fn hosts_reach_what_their_servers_bind_and_nothing_outside_their_network() {
    if !is_root() {
        return skip(
            "hosts_reach_what_their_servers_bind_and_nothing_outside_their_network",
            "lab hosts need root",
        );
    }
    if !have("ip") {
        return skip(
            "hosts_reach_what_their_servers_bind_and_nothing_outside_their_network",
            "iproute2's ip is not installed",
        );
    }
    let output = run(&labs_file(), &["run", "bind-address", "--json"]);
    assert!(output.status.success(), "{}", explain_output(&output));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let lab = &json["labs"][0];
    assert_eq!(lab["passed"], true, "{lab}");
    let checks: Vec<&str> =
        lab["checks"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert!(checks.contains(&"the hosts' network leads nowhere else"), "{checks:?}");
    // Nothing of the lab's links is left in the machine's namespace.
    let links = Command::new("ip").args(["-o", "link"]).output().unwrap();
    let links = String::from_utf8_lossy(&links.stdout);
    assert!(!links.contains("br-lab") && !links.contains(" vh0"), "{links}");
}

#[test]
fn without_root_a_lab_that_captures_is_skipped_with_the_reason() {
    if !is_root() || !have("setpriv") {
        return skip(
            "without_root_a_lab_that_captures_is_skipped_with_the_reason",
            "needs root and setpriv to run as nobody",
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let labs = dir.path().join("labs.toml");
    std::fs::copy(labs_file(), &labs).unwrap();
    std::fs::set_permissions(dir.path(), std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let output = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(socklab())
        .arg("--labs")
        .arg(&labs)
        .args(["run", "udp-echo", "udp-packets", "bind-address"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{}", explain_output(&output));
    assert!(
        stdout.contains("skipped: it records packets, which needs a network namespace of its own"),
        "{stdout}"
    );
    assert!(stdout.contains("skipped: it has hosts, which needs a network namespace of its own"), "{stdout}");
    assert!(stdout.ends_with("1 passed, 0 failed, 2 skipped\n"), "{stdout}");
}

#[test]
fn grading_with_capture_keeps_a_file_per_submission_and_lab_and_judges_its_packets() {
    if !is_root() {
        return skip(
            "grading_with_capture_keeps_a_file_per_submission_and_lab_and_judges_its_packets",
            "capture needs root",
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let labs = dir.path().join("labs.toml");
    std::fs::write(
        &labs,
        r#"
[vars]
udp-server = "udp_echo_server.py"

[[lab]]
name = "grade-udp-packets"
summary = "the student's UDP server answers each datagram with one datagram"
fixed-ports = { port = 3500 }

[[lab.process]]
name = "server"
command = ["{bin:udp-chat}", "server", "--bind", "127.0.0.1:{port}"]
student = ["python3", "{submission:{var:udp-server}}"]
ready = { udp = "127.0.0.1:{port}" }

[[lab.process]]
name = "client"
command = ["{bin:udp-chat}", "client", "--to", "127.0.0.1:{port}", "hola"]
after-ready = "server"

[[lab.check]]
name = "exactly one datagram back"
packets = { kind = "udp", from = "127.0.0.1:{port}", count = 1 }
"#,
    )
    .unwrap();
    let submissions = dir.path().join("subs");
    std::fs::create_dir(&submissions).unwrap();
    for name in ["correct-udp", "double-reply"] {
        let from = root().join("examples/submissions").join(name).join("udp_echo_server.py");
        std::fs::create_dir(submissions.join(name)).unwrap();
        std::fs::copy(from, submissions.join(name).join("udp_echo_server.py")).unwrap();
    }
    let captures = dir.path().join("captures");
    let report = dir.path().join("report.json");
    let output = run(
        &labs,
        &[
            "grade",
            submissions.to_str().unwrap(),
            "--capture",
            captures.to_str().unwrap(),
            "--json",
            report.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", explain_output(&output));
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    for submission in json["submissions"].as_array().unwrap() {
        let name = submission["name"].as_str().unwrap();
        let lab = &submission["labs"][0];
        let file = captures.join(name).join("grade-udp-packets.pcap");
        assert_eq!(lab["capture"], file.to_str().unwrap());
        assert!(file.exists());
        let check = &lab["checks"][0];
        match name {
            "correct-udp" => assert_eq!(check["verdict"], "passed", "{lab}"),
            _ => {
                assert_eq!(check["verdict"], "failed", "{lab}");
                assert_eq!(check["reason"], "expected 1 UDP datagram from 127.0.0.1:3500, saw 2");
            }
        }
    }
}
