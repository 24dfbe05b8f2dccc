//! `socklab grade` and `socklab merge` on the example submissions (examples/submissions/), whose
//! expected scores are the ground truth. Every example hard-codes 127.0.0.1:3500 and they are graded
//! in parallel: as root each lab run has namespaces of its own; otherwise (with `--unisolated`) the
//! fixed-port labs run one at a time and the results say so.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::{Mutex, MutexGuard, OnceLock};

use serde_json::Value;

use crate::support::explain_output as explain;
use crate::support::socklab;

/// Grading runs one at a time in this file (and in gradescope_bundle.rs), so that "nothing is left"
/// looks only at its own run and unisolated runs do not share port 3500.
static GRADING: Mutex<()> = Mutex::new(());

pub fn grading() -> MutexGuard<'static, ()> {
    GRADING.lock().unwrap_or_else(|e| e.into_inner())
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn examples() -> PathBuf {
    root().join("examples/submissions")
}

/// `socklab --labs labs.toml ARGS`, from the repository root; `grade` with `--unisolated` when the
/// tests are not root (student code cannot be isolated then, and socklab refuses without the flag).
fn run(args: &[&str]) -> Output {
    let unisolated = args.first() == Some(&"grade") && !nix::unistd::Uid::effective().is_root();
    Command::new(socklab())
        .current_dir(root())
        .env("TMPDIR", scratch())
        .arg("--labs")
        .arg(root().join("labs.toml"))
        .args(args)
        .args(unisolated.then_some("--unisolated"))
        .output()
        .expect("socklab runs")
}

/// The results without the process output, and with the reference programs' ephemeral client ports
/// (`127.0.0.1:57084`, different every run) left out of the reasons that quote their output.
/// A UDP server that crashed or exited is reported by the client either as "no server (connection
/// refused)", which the reason starts with "no longer serving", or as "no reply within 2s", depending
/// on whether the kernel had closed its socket when the datagram arrived; both say the server is gone
/// (and score the same), so they compare as one. A client that sends without end until it is stopped
/// (send-resends) has sent a different amount each time: what counts is that it was more.
fn scores_and_reasons(mut results: Value) -> Value {
    let ephemeral = regex::Regex::new(r"127\.0\.0\.1:[0-9]{5}\b").unwrap();
    let endless = regex::Regex::new(r"bytes_in = [0-9]{6,} ").unwrap();
    let gone =
        regex::Regex::new(r"server was no longer serving when [a-z0-9-]+ tried \(connection refused\); so: ")
            .unwrap();
    for submission in results["submissions"].as_array_mut().unwrap() {
        for lab in submission["labs"].as_array_mut().unwrap() {
            lab.as_object_mut().unwrap().remove("output");
            for check in lab["checks"].as_array_mut().unwrap() {
                if let Some(reason) = check["reason"].as_str() {
                    let reason = gone.replace_all(reason, "");
                    let reason = endless.replace_all(&reason, "bytes_in = MORE ");
                    let same = ephemeral
                        .replace_all(&reason, "127.0.0.1:EPHEMERAL")
                        .replace("no reply from 127.0.0.1:3500 within 2s", "SERVER GONE")
                        .replace("no server at 127.0.0.1:3500 (connection refused)", "SERVER GONE");
                    check["reason"] = Value::from(same);
                }
            }
        }
    }
    results
}

/// Every check whose verdict or reason differs between two gradings, one line each.
fn differences(a: &Value, b: &Value) -> Vec<String> {
    let checks = |results: &Value| -> BTreeMap<String, String> {
        let mut all = BTreeMap::new();
        for submission in results["submissions"].as_array().unwrap() {
            for lab in submission["labs"].as_array().unwrap() {
                for check in lab["checks"].as_array().unwrap() {
                    let key = format!("{} / {} / {}", submission["name"], lab["lab"], check["name"]);
                    all.insert(key, format!("{} {}", check["verdict"], check["reason"]));
                }
                let key = format!("{} / {} / (the lab)", submission["name"], lab["lab"]);
                let rest: Value = lab
                    .as_object()
                    .unwrap()
                    .iter()
                    .filter(|(k, _)| *k != "checks")
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                all.insert(key, rest.to_string());
            }
        }
        all
    };
    let (a, b) = (checks(a), checks(b));
    let mut lines: Vec<String> = a
        .iter()
        .filter(|(key, verdict)| b.get(*key) != Some(verdict))
        .map(|(key, verdict)| format!("{key}: {verdict} vs {}", b.get(key).map_or("missing", String::as_str)))
        .collect();
    lines
        .extend(b.keys().filter(|key| !a.contains_key(*key)).map(|key| format!("{key}: only in the second")));
    lines
}

/// Points per submission and lab.
fn points(results: &Value) -> BTreeMap<String, BTreeMap<String, f64>> {
    results["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|submission| {
            let labs = submission["labs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|lab| {
                    let points = lab["checks"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|check| check["verdict"] == "passed")
                        .map(|check| check["max_points"].as_f64().unwrap())
                        .sum();
                    (lab["lab"].as_str().unwrap().to_owned(), points)
                })
                .collect();
            (submission["name"].as_str().unwrap().to_owned(), labs)
        })
        .collect()
}

/// Where a reason is found: (submission, lab, words in the reason).
fn reason(results: &Value, submission: &str, lab: &str, needle: &str) -> bool {
    results["submissions"].as_array().unwrap().iter().filter(|s| s["name"] == submission).any(|s| {
        s["labs"].as_array().unwrap().iter().filter(|l| l["lab"] == lab).any(|l| {
            l["checks"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["reason"].as_str().is_some_and(|r| r.contains(needle)))
        })
    })
}

/// One unsharded grading of every example, with every report written, shared by the tests below.
struct Graded {
    json: Value,
    dir: tempfile::TempDir,
    stdout: String,
    seconds: f64,
}

fn graded() -> &'static Graded {
    static GRADED: OnceLock<Graded> = OnceLock::new();
    GRADED.get_or_init(|| {
        let _lock = grading();
        let dir = tempfile::tempdir().unwrap();
        let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
        let started = std::time::Instant::now();
        let output = run(&[
            "grade",
            examples().to_str().unwrap(),
            "--jobs",
            "8",
            "--json",
            &path("all.json"),
            "--csv",
            &path("all.csv"),
            "--html",
            &path("all.html"),
            "--junit",
            &path("all.xml"),
            "--checks-csv",
            &path("checks.csv"),
        ]);
        let seconds = started.elapsed().as_secs_f64();
        assert_eq!(output.status.code(), Some(0), "{}", explain(&output));
        let json =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join("all.json")).unwrap()).unwrap();
        assert_no_leftovers();
        Graded { json, dir, stdout: String::from_utf8_lossy(&output.stdout).into_owned(), seconds }
    })
}

/// The temporary folder of this test binary's graders (their TMPDIR): where their copies of the
/// submissions are, so that what they left behind is told apart from another grader's on the machine.
fn scratch() -> &'static std::path::Path {
    static SCRATCH: OnceLock<tempfile::TempDir> = OnceLock::new();
    SCRATCH.get_or_init(|| tempfile::Builder::new().prefix("socklab-grade-tests-").tempdir().unwrap()).path()
}

/// No python3 running a copy of an example made by this binary's graders, nor an original, is left.
/// (Processes of other graders on the machine, such as another `cargo test`, are not looked at.)
fn assert_no_leftovers() {
    let examples = examples().to_string_lossy().into_owned();
    let scratch = scratch().to_string_lossy().into_owned();
    let mut left = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|name| name.parse::<u32>().ok()) else {
            continue;
        };
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        if status.lines().any(|line| line.starts_with("State:") && line.contains("zombie")) {
            continue;
        }
        let uid: u32 = status
            .lines()
            .find(|line| line.starts_with("Uid:"))
            .and_then(|line| line.split_whitespace().nth(1)?.parse().ok())
            .unwrap_or(0);
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        if cmdline.starts_with("python3") && (cmdline.contains(&examples) || cmdline.contains(&scratch)) {
            left.push(format!("{pid} uid {uid}: {cmdline}"));
        }
    }
    assert!(left.is_empty(), "socklab grade left processes behind:\n{}", left.join("\n"));
}

pub const LABS: [&str; 25] = [
    "grade-udp-echo",
    "grade-udp-address",
    "grade-udp-several",
    "grade-udp-allowlist",
    "grade-udp-shutdown",
    "grade-udp-exec",
    "grade-udp-client",
    "grade-udp-client-no-server",
    "grade-tcp-echo",
    "grade-tcp-several",
    "grade-tcp-long",
    "grade-tcp-address",
    "grade-tcp-client",
    "grade-tcp-backlog",
    "grade-tcp-send",
    "grade-udp-chat-server",
    "grade-udp-chat-client",
    "grade-text-image-receiver",
    "grade-text-image-sender",
    "grade-framed-json-server",
    "grade-hftp-server",
    "grade-lan-switch",
    "grade-lan-host",
    "grade-lan-host-hub",
    "grade-web-client",
];

/// The ground truth: points per lab, in the order of [`LABS`]. Each example shows one kind of
/// mistake, and each mistake costs points in one lab only (every lab has a fresh server).
pub const EXPECTED: [(&str, [f64; 25]); 60] = [
    // The guide's server with listen(1) (§2.5.1): full marks on the backlog lab, one recv(1024) still.
    (
        "backlog-one",
        [0., 0., 0., 0., 0., 0., 0., 0., 2., 1., 0., 1., 0., 3., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    (
        "binds-any",
        [2., 0., 4., 2., 3., 3., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // Seed 004's names (server.py, client.py) and port 1234: graded with --lab-set blog-echo only.
    (
        "blog-echo",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    (
        "blog-no-listen",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // Accepts one client, then spins on its closed connection: only the labs with a second client fail.
    (
        "busy-loop-tcp",
        [0., 0., 0., 0., 0., 0., 0., 0., 2., 0., 2., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    (
        "chat-correct",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 4., 4., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    (
        "chat-echo",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // A chat client without `except EOFError`: a traceback at the end of its input.
    (
        "chat-eof",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 3., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    (
        "chat-one-turn",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 1., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // Answers to its own address instead of the client's: the client never hears back.
    (
        "chat-wrong-address",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    (
        "correct-tcp",
        [0., 0., 0., 0., 0., 0., 0., 0., 2., 1., 2., 1., 3., 1., 2., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    (
        "correct-udp",
        [2., 1., 4., 2., 3., 3., 3., 2., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    (
        "crashes",
        [2., 1., 0., 2., 1., 3., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // Replies twice; has no allowlist, shutdown or exec.
    (
        "double-reply",
        [2., 1., 3., 1., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    (
        "exec-crash",
        [2., 1., 4., 1., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // Seeds 001/000 done right: exact reads, padding, typed requests, a locked mailbox.
    (
        "framed-correct",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 16., 0., 0., 0., 0., 0.],
    ),
    // The mailbox read and written without a lock (and slowly): 19 of 20 simultaneous messages lost.
    (
        "framed-no-lock",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 14., 0., 0., 0., 0., 0.],
    ),
    // Replies without NUL padding: only the strict client refuses them.
    (
        "framed-no-padding",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 15., 0., 0., 0., 0., 0.],
    ),
    // json.loads on the padded body fails every time: only the padding of its replies is right.
    (
        "framed-no-strip",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 1., 0., 0., 0., 0., 0.],
    ),
    // Exact body reads, but one recv(4) for the prefix: only the cut prefix breaks it.
    (
        "framed-recv4",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 14., 0., 0., 0., 0., 0.],
    ),
    // Seed 001's own reads (one recv(4), then recv(60) until enough): cut prefixes and bodies break it.
    (
        "framed-seed",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 12., 0., 0., 0., 0., 0.],
    ),
    // No threads: a client that stays connected keeps the next one waiting.
    (
        "framed-serial",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 14., 0., 0., 0., 0., 0.],
    ),
    // Checks OFFSET alone, not OFFSET + SIZE: 0 OK where 203 is due.
    (
        "hftp-bad-offset",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 18., 0., 0., 0., 0.],
    ),
    // Seed 002's HFTP server done right: codes, fatal closes, sendall, a thread per client.
    (
        "hftp-correct",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 19., 0., 0., 0., 0.],
    ),
    // Answers 100 but keeps the connection open.
    (
        "hftp-no-close",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 17., 0., 0., 0., 0.],
    ),
    // Sends each slice with one send(): the 8 MiB slice stops partway.
    (
        "hftp-send",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 17., 0., 0., 0., 0.],
    ),
    // No threads: a client that stays keeps the next one waiting.
    (
        "hftp-serial",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 17., 0., 0., 0., 0.],
    ),
    (
        "ignores-allowlist",
        [2., 1., 4., 1., 3., 3., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    (
        "image-correct",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 5., 4., 0., 0., 0., 0., 0., 0.],
    ),
    (
        "image-fixed-name",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 3., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // Sends the image's whole path as its name: refused as bad-name, the text alone accepted.
    (
        "image-full-path",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 1., 0., 0., 0., 0., 0., 0.],
    ),
    // Sends the digest as 64 hex characters: the text is refused, the stream then misframed.
    (
        "image-hexdigest",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    (
        "image-little-endian",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // Never answers CONTINUE, so the sender waits for it and gives up.
    (
        "image-no-continue",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // A UDP client that asks for its message with input() instead of taking it from the command line:
    // nobody types, so it never sends and socklab stops it while it waits.
    (
        "input-prompt",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // A switch and a host that follow the LAN protocol (seed 000): full marks on the three LAN labs.
    (
        "lan-correct",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 10., 7., 3., 0.],
    ),
    // json.loads without a try: the datagram that is not JSON crashes the switch, and every later check fails.
    (
        "lan-crash-json",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // Sends BasePackets: no danger flag on the packet with a forbidden word.
    (
        "lan-host-base",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 6., 3., 0.],
    ),
    // Prints every packet it gets: behind a hub it shows another host's text.
    (
        "lan-host-shows-all",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 7., 0., 0.],
    ),
    // The seed's plain Switch instead of its filtering subclass: host 3 receives.
    (
        "lan-no-filter",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 8., 0., 0., 0.],
    ),
    // Answers nobody: "keeps running" and "ignores 127.0.0.2" do not count for a server that serves no one.
    (
        "never-replies",
        [0., 1., 0., 0., 2., 3., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // Answers one datagram and exits 0: no longer passes the shutdown lab.
    (
        "one-shot",
        [2., 1., 0., 0., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // A Python 2 client crashes at once: it neither sends nor "fails at once" correctly.
    (
        "python2-client",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    (
        "recv-last-chunk",
        [0., 0., 0., 0., 0., 0., 0., 0., 2., 1., 0., 1., 0., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // Its own file names (servidor_udp.py, cliente_udp.py), found among the alternatives.
    (
        "renamed",
        [2., 1., 4., 1., 1., 0., 3., 2., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // One send() of a 100000-byte message on a socket with a timeout: about half is lost.
    (
        "send-bare",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 3., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    (
        "send-loop",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 3., 0., 2., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // Keeps what the last send() returned instead of adding it up: sends the same bytes again and again.
    (
        "send-resends",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 3., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // Handles the missing server (a timeout), but ends without a word: the user never learns why.
    (
        "silent-client",
        [0., 0., 0., 0., 0., 0., 3., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    (
        "single-recv",
        [0., 0., 0., 0., 0., 0., 0., 0., 2., 1., 0., 1., 0., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // Its /shutdown ends the parent but leaves the child that holds 3500: the exit does not count.
    (
        "stubborn-child",
        [2., 1., 4., 2., 1., 3., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    (
        "tcp-binds-any",
        [0., 0., 0., 0., 0., 0., 0., 0., 2., 1., 2., 0., 0., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // Serves one client whole and exits: loses the second client and the queued ones only.
    (
        "tcp-serves-once",
        [0., 0., 0., 0., 0., 0., 0., 0., 2., 0., 2., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // listen(1) and a thread per client: frozen, its accept queue holds 2 like the serial server's.
    (
        "threaded-tcp",
        [0., 0., 0., 0., 0., 0., 0., 0., 2., 1., 2., 1., 0., 3., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    (
        "upper-case",
        [0., 1., 4., 2., 3., 3., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    (
        "wait-status",
        [2., 1., 4., 2., 3., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
    ),
    // show prints bodies without their status lines.
    (
        "web-body-only",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 6.],
    ),
    // Seed 000's MyClient on a socket, reading until the server closes.
    (
        "web-correct",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 8.],
    ),
    // Reads with input(): the end of input raises EOFError, so it exits 1.
    (
        "web-input-eof",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 7.],
    ),
    // One recv(4096): the end of a 100 KB page never arrives.
    (
        "web-one-recv",
        [0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 6.],
    ),
];

#[test]
fn grading_every_example_in_parallel_gives_exactly_the_expected_scores() {
    let graded = graded();
    let got = points(&graded.json);
    let expected: BTreeMap<String, BTreeMap<String, f64>> = EXPECTED
        .iter()
        .map(|(name, scores)| {
            (
                name.to_string(),
                LABS.iter().zip(scores).map(|(lab, points)| (lab.to_string(), *points)).collect(),
            )
        })
        .collect();
    let differences: Vec<String> = expected
        .iter()
        .flat_map(|(name, labs)| labs.iter().map(move |(lab, points)| (name, lab, points)))
        .filter(|(name, lab, points)| got.get(*name).and_then(|labs| labs.get(*lab)) != Some(points))
        .map(|(name, lab, points)| {
            let reasons: Vec<String> = graded.json["submissions"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s["name"] == name.as_str())
                .flat_map(|s| {
                    s["labs"].as_array().unwrap().iter().filter(|l| l["lab"] == lab.as_str()).cloned()
                })
                .map(|l| l.to_string())
                .collect();
            format!("{name} {lab}: expected {points}, got {:?}\n{}", got[name].get(lab), reasons.join("\n"))
        })
        .collect();
    assert!(differences.is_empty(), "{}\n{}", differences.join("\n\n"), graded.stdout);
    assert_eq!(got, expected);
    let totals: Vec<f64> = EXPECTED.iter().map(|(_, scores)| scores.iter().sum()).collect();
    assert_eq!(
        totals,
        [
            7., 14., 0., 0., 5., 8., 1., 3., 1., 0., 12., 20., 9., 8., 9., 16., 14., 15., 1., 14., 12., 14.,
            18., 19., 17., 17., 17., 14., 9., 3., 1., 0., 0., 0., 0., 20., 0., 9., 7., 8., 6., 4., 0., 5.,
            14., 3., 5., 3., 4., 5., 13., 6., 5., 9., 13., 13., 6., 8., 7., 6.
        ]
    );
    // Every lab's total over all submissions.
    let lab_totals: Vec<f64> = (0..LABS.len()).map(|i| EXPECTED.iter().map(|(_, s)| s[i]).sum()).collect();
    assert_eq!(
        lab_totals,
        [
            20., 11., 35., 16., 23., 22., 9., 5., 16., 6., 10., 7., 12., 10., 4., 5., 8., 8., 5., 86., 88.,
            18., 20., 6., 27.
        ]
    );
    let csv = std::fs::read_to_string(graded.dir.path().join("all.csv")).unwrap();
    assert!(
        csv.lines()
            .any(|line| line == "correct-udp,2,1,4,2,3,3,3,2,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,20,114"),
        "{csv}"
    );
    let isolation = graded.json["isolation"].as_str().unwrap();
    if nix::unistd::Uid::effective().is_root() {
        assert!(isolation.starts_with("each lab run in network, PID and mount namespaces"), "{isolation}");
    } else {
        assert!(isolation.starts_with("UNISOLATED") && isolation.contains("one at a time"), "{isolation}");
    }
    eprintln!("graded {} examples x {} labs in {:.1}s", EXPECTED.len(), LABS.len(), graded.seconds);
}

#[test]
fn failed_checks_say_why_in_words_a_student_understands() {
    let json = &graded().json;
    for (submission, lab, needle) in [
        ("upper-case", "grade-udp-echo", "client should print '--> hola' on stdout, it printed '--> HOLA'"),
        ("upper-case", "grade-udp-echo", "the reply must be the very bytes received, unchanged"),
        ("wait-status", "grade-udp-exec", "it printed '--> exit status: 768'"),
        ("wait-status", "grade-udp-exec", "os.system returns a wait status, use os.waitstatus_to_exitcode"),
        ("never-replies", "grade-udp-echo", "no reply from 127.0.0.1:3500 within 2s"),
        (
            "never-replies",
            "grade-udp-allowlist",
            "not counted: its own conditions held, but it counts only when \"a client from 127.0.0.1 gets an \
             answer\" passes, which failed: stdout of allowed has no line matching /^--> / (it was nothing)",
        ),
        ("binds-any", "grade-udp-address", "bound to 0.0.0.0:3500 (every address of the machine)"),
        ("tcp-binds-any", "grade-tcp-address", "bound to 0.0.0.0:3500 (every address of the machine)"),
        ("single-recv", "grade-tcp-long", "the server reset the connection after 1024 bytes back"),
        ("single-recv", "grade-tcp-long", "one recv(1024) reads at most 1024 bytes"),
        ("ignores-allowlist", "grade-udp-allowlist", "which is not in the allowlist"),
        ("double-reply", "grade-udp-several", "each datagram must get exactly one sendto() back"),
        (
            "busy-loop-tcp",
            "grade-tcp-several",
            "after serving a client, go back to accept() for the next one",
        ),
        (
            "single-recv",
            "grade-udp-echo",
            "no udp_echo_server.py or servidor_udp.py or *udp*serv*.py in the submission (it holds: tcp_echo_server.py)",
        ),
        ("correct-udp", "grade-tcp-client", "no tcp_echo_client.py or cliente_tcp.py"),
        ("lan-no-filter", "grade-lan-switch", "h3 printed \"para el tres\" on stdout"),
        (
            "lan-host-base",
            "grade-lan-host",
            "danger = false (expected true), kind = \"base\" (expected \"personal\")",
        ),
        ("lan-host-shows-all", "grade-lan-host-hub", "host printed \"secreto-4K\" on stdout"),
        ("lan-crash-json", "grade-lan-switch", "switch crashed (exit 1): json.decoder.JSONDecodeError"),
        ("web-one-recv", "grade-web-client", "one recv() returns what has arrived so far"),
        ("web-input-eof", "grade-web-client", "client crashed (exit 1): EOFError: EOF when reading a line"),
        // What happened comes first: the crash, with its last line and what it suggests.
        (
            "python2-client",
            "grade-udp-client",
            "client crashed (exit 1): SyntaxError: Missing parentheses in call to 'print'",
        ),
        ("python2-client", "grade-udp-client", "(written for Python 2? the grader runs python3)"),
        (
            "exec-crash",
            "grade-udp-exec",
            "server crashed (exit 1): AttributeError: module 'os' has no attribute 'sytem'",
        ),
        ("crashes", "grade-udp-several", "server crashed (exit 1): RuntimeError"),
        (
            "one-shot",
            "grade-udp-shutdown",
            "server was no longer serving when shutdown tried (connection refused); so: shutdown should print '--> bye'",
        ),
        (
            "tcp-serves-once",
            "grade-tcp-several",
            "server was no longer serving when second tried (connection refused); so: ",
        ),
        (
            "stubborn-child",
            "grade-udp-shutdown",
            "a program that leaves processes behind has not ended, so its exit status does not count",
        ),
        // §2.5.1: the count the accept queue let through, and what it says about listen().
        ("correct-tcp", "grade-tcp-backlog", "burst's \"clients\" event has first_try = 4 (expected 2)"),
        ("correct-tcp", "grade-tcp-backlog", "the server still calls listen() with a larger backlog"),
        // §2.5.2: how much of the message arrived.
        ("send-bare", "grade-tcp-send", "server's \"closed\" event has bytes_in = "),
        ("send-bare", "grade-tcp-send", "send() takes only what fits in the socket's buffers"),
        ("recv-last-chunk", "grade-tcp-long", "sent 100000 bytes, got "),
        // §1.5.4: what each side saw.
        ("chat-echo", "grade-udp-chat-server", "it was \"--> hola\\n--> como va\\n\""),
        (
            "chat-echo",
            "grade-udp-chat-server",
            "the server echoed the message: answer with the line input() returned",
        ),
        ("chat-wrong-address", "grade-udp-chat-server", "no reply from 127.0.0.1:3500 within 2s"),
        ("chat-wrong-address", "grade-udp-chat-server", "send it with sendto(answer, address)"),
        ("chat-eof", "grade-udp-chat-client", "client crashed (exit 1): EOFError: EOF when reading a line"),
        ("chat-one-turn", "grade-udp-chat-client", "read the next line and send it"),
        // §1.5.1: a client that handles the missing server must also say so.
        (
            "silent-client",
            "grade-udp-client-no-server",
            "client printed nothing of its own, on stdout or stderr (exit 0)",
        ),
        // A client stuck in input(): said in a sentence, with what it was waiting on.
        (
            "input-prompt",
            "grade-udp-client",
            "client did not end by itself (expected exit 0): socklab stopped it (SIGTERM) after ",
        ),
        ("input-prompt", "grade-udp-client", "while it was waiting on input() for a line nobody typed"),
        ("input-prompt", "grade-udp-client-no-server", "the client never sent one"),
        ("input-prompt", "grade-udp-client-no-server", "while it was waiting on input()"),
        // A file the lab looks for is named as the student's program sees it, where it ran.
        ("image-full-path", "grade-text-image-sender", "received/cat.png does not exist"),
        ("framed-correct", "grade-hftp-server", "got/bytes.bin does not exist"),
        // §2.5.4: the receiver's refusal, and where the image went.
        ("image-hexdigest", "grade-text-image-sender", "stream refused (unknown-type)"),
        ("image-hexdigest", "grade-text-image-sender", "hashlib.sha256(payload).digest(), not hexdigest()"),
        ("image-little-endian", "grade-text-image-sender", "[too-large]"),
        ("image-little-endian", "grade-text-image-sender", "network byte order (big-endian)"),
        (
            "image-fixed-name",
            "grade-text-image-receiver",
            "received holds imagen.png, expected exactly cat.png",
        ),
        ("image-no-continue", "grade-text-image-receiver", "no reply from the receiver in time"),
        ("image-full-path", "grade-text-image-sender", "send the file's name only (os.path.basename(path))"),
        ("send-resends", "grade-tcp-send", "the server got more bytes than the message has"),
    ] {
        assert!(reason(json, submission, lab, needle), "{submission} / {lab}: no reason with {needle:?}");
    }
    // A hint shows only when what it explains happened.
    for (submission, lab, needle) in [
        ("exec-crash", "grade-udp-exec", "os.system returns a wait status"),
        ("never-replies", "grade-udp-echo", "the reply must be the very bytes received"),
        ("correct-tcp", "grade-tcp-long", "one recv(1024)"),
        ("crashes", "grade-udp-several", "exactly one sendto()"),
        ("tcp-serves-once", "grade-tcp-long", "one recv(1024)"),
        // The server that never replies did end by itself, but after the client gave up waiting.
        ("never-replies", "grade-udp-shutdown", "no longer serving"),
        // The receiver refused the stream: the student's sender is no server that stopped serving.
        ("image-hexdigest", "grade-text-image-sender", "no longer serving"),
        // The consequence of a hex digest (an unknown frame type) is not blamed on the byte order.
        ("image-hexdigest", "grade-text-image-sender", "big-endian"),
        ("backlog-one", "grade-tcp-backlog", "listen("),
        ("send-loop", "grade-tcp-send", "sendall"),
        // It never sent, so recvfrom() waiting for ever is not what kept it.
        ("input-prompt", "grade-udp-client-no-server", "recvfrom()"),
        ("input-prompt", "grade-udp-client", "ended with killed"),
        // Its traceback came when socklab stopped the server it was still sending to: no crash of its own.
        ("send-resends", "grade-tcp-send", "crashed"),
    ] {
        assert!(!reason(json, submission, lab, needle), "{submission} / {lab}: a reason shows {needle:?}");
    }
}

#[test]
fn no_reason_shows_socklab_placeholders() {
    for submission in graded().json["submissions"].as_array().unwrap() {
        for lab in submission["labs"].as_array().unwrap() {
            for check in lab["checks"].as_array().unwrap() {
                let reason = check["reason"].as_str().unwrap_or_default();
                assert!(!reason.contains("{tmp}"), "{}: {reason}", submission["name"]);
            }
        }
    }
}

/// A class folder as an instructor unpacks it: a link to a submission, macOS's zip metadata and a
/// hidden folder; sharded in more slices than it has submissions.
#[test]
fn an_empty_shard_says_so_and_skipped_folders_are_named() {
    let class = tempfile::tempdir().unwrap();
    for folder in ["__MACOSX", ".git"] {
        std::fs::create_dir(class.path().join(folder)).unwrap();
    }
    std::os::unix::fs::symlink(examples().join("correct-udp"), class.path().join("linked")).unwrap();
    let class_dir = class.path().to_str().unwrap();
    let output = run(&["grade", class_dir, "--lab", "grade-udp-echo", "--shard", "2/2"]);
    assert_eq!(output.status.code(), Some(0), "{}", explain(&output));
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(stderr.contains("note: not graded: .git (hidden), __MACOSX (macOS zip metadata)"), "{stderr}");
    assert!(stdout.contains("shard 2/2 holds no submission") && stdout.contains("has 1"), "{stdout}");
    assert!(!stdout.contains("average"), "{stdout}");
}

#[test]
fn shards_merged_are_identical_to_the_unsharded_run_and_grading_is_repeatable() {
    let whole = &graded().json;
    let _lock = grading();
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    for shard in ["1/2", "2/2"] {
        let out = path(&format!("part{}.json", &shard[..1]));
        let output =
            run(&["grade", examples().to_str().unwrap(), "--jobs", "8", "--shard", shard, "--json", &out]);
        assert_eq!(output.status.code(), Some(0), "{}", explain(&output));
    }
    let part1: Value = serde_json::from_str(&std::fs::read_to_string(path("part1.json")).unwrap()).unwrap();
    let names: Vec<&str> =
        part1["submissions"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "backlog-one",
            "blog-echo",
            "busy-loop-tcp",
            "chat-echo",
            "chat-one-turn",
            "correct-tcp",
            "crashes",
            "exec-crash",
            "framed-no-lock",
            "framed-no-strip",
            "framed-seed",
            "hftp-bad-offset",
            "hftp-no-close",
            "hftp-serial",
            "image-correct",
            "image-full-path",
            "image-little-endian",
            "input-prompt",
            "lan-crash-json",
            "lan-host-shows-all",
            "never-replies",
            "python2-client",
            "renamed",
            "send-loop",
            "silent-client",
            "stubborn-child",
            "tcp-serves-once",
            "upper-case",
            "web-body-only",
            "web-input-eof",
        ]
    );
    // One part alone would make reports without half the class: refused, the missing shard named.
    let output = run(&["merge", &path("part1.json"), "--json", &path("half.json")]);
    assert_eq!(output.status.code(), Some(2), "{}", explain(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: shard(s) 2/2 missing"), "{stderr}");
    assert!(!std::path::Path::new(&path("half.json")).exists());
    let output = run(&["merge", &path("part1.json"), &path("part2.json"), "--json", &path("merged.json")]);
    assert_eq!(output.status.code(), Some(0), "{}", explain(&output));
    let merged: Value = serde_json::from_str(&std::fs::read_to_string(path("merged.json")).unwrap()).unwrap();
    // A second, independent grading of every submission: same scores, same reasons.
    let (merged, whole) = (scores_and_reasons(merged), scores_and_reasons(whole.clone()));
    assert!(merged == whole, "the gradings differ:\n{}", differences(&merged, &whole).join("\n"));
    assert_no_leftovers();
}

#[test]
fn repeated_runs_of_a_lab_agree_and_nothing_is_flaky() {
    let _lock = grading();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("repeat.json");
    let output = run(&[
        "grade",
        examples().to_str().unwrap(),
        "--lab",
        "grade-udp-echo",
        "--lab",
        "grade-udp-exec",
        "--repeat",
        "3",
        "--jobs",
        "8",
        "--json",
        json.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", explain(&output));
    let results: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let text = results.to_string();
    assert!(!text.contains("\"flaky\""), "{text}");
    let got = points(&results);
    assert_eq!(got["wait-status"]["grade-udp-exec"], 1.0);
    assert_eq!(got["upper-case"]["grade-udp-echo"], 0.0);
    assert_eq!(got["correct-udp"]["grade-udp-exec"], 3.0);
    assert_no_leftovers();
}

#[test]
fn one_submission_gives_gradescope_results_with_a_failed_check_for_a_missing_file() {
    let _lock = grading();
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("results.json");
    let output = run(&[
        "grade",
        examples().join("correct-tcp").to_str().unwrap(),
        "--one",
        "--lab",
        "grade-tcp-echo",
        "--lab",
        "grade-udp-echo",
        "--gradescope",
        results.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", explain(&output));
    let value: Value = serde_json::from_str(&std::fs::read_to_string(&results).unwrap()).unwrap();
    assert_eq!(value["score"], 2.0);
    let tests = value["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 2);
    for test in tests {
        for field in ["name", "score", "max_score", "status", "output", "visibility"] {
            assert!(test.get(field).is_some(), "{field} missing in {test}");
        }
    }
    let missing = tests.iter().find(|t| t["name"].as_str().unwrap().starts_with("grade-udp-echo")).unwrap();
    assert_eq!(missing["status"], "failed");
    assert!(
        missing["output"].as_str().unwrap().contains("no udp_echo_server.py or servidor_udp.py"),
        "{missing}"
    );
    assert_no_leftovers();
}

/// Chromium, when installed: the program's name.
fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser"].into_iter().find(|name| crate::support::have(name))
}

/// Chromium started headless on a file, with a profile of its own, and `args` (e.g. `--dump-dom`).
fn headless(chromium: &str, page: &std::path::Path, args: &[String]) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", explain(&output));
    output
}

#[test]
fn the_html_report_opened_in_headless_chromium_shows_every_submission() {
    let graded = graded();
    let Some(chromium) = chromium() else {
        eprintln!(
            "SKIPPED the_html_report_opened_in_headless_chromium_shows_every_submission: chromium not installed"
        );
        return;
    };
    let output = headless(chromium, &graded.dir.path().join("all.html"), &["--dump-dom".into()]);
    let dom = String::from_utf8_lossy(&output.stdout);
    let table = dom.split("id=\"scores\"").nth(1).expect("the scores table");
    let body = table.split("<tbody>").nth(1).unwrap().split("</tbody>").next().unwrap();
    assert_eq!(body.matches("<tr").count(), EXPECTED.len(), "{body}");
    for (name, _) in EXPECTED {
        assert!(body.contains(&format!("href=\"#s-{name}\"")), "{name} not in the table");
        assert!(dom.contains(&format!("id=\"s-{name}\"")), "no section for {name}");
    }
}

/// The value of each `name="..."` attribute in `text`, in order.
fn attributes<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    let marker = format!(" {name}=\"");
    text.split(&marker).skip(1).map(|rest| rest.split('"').next().unwrap()).collect()
}

/// How each check went over the class, from the JSON results: (lab, check) → (passed, failed).
fn check_counts(results: &Value) -> std::collections::BTreeMap<(String, String), (usize, usize)> {
    let mut counts = std::collections::BTreeMap::new();
    for submission in results["submissions"].as_array().unwrap() {
        for lab in submission["labs"].as_array().unwrap() {
            for check in lab["checks"].as_array().unwrap() {
                let key =
                    (lab["lab"].as_str().unwrap().to_owned(), check["name"].as_str().unwrap().to_owned());
                let entry: &mut (usize, usize) = counts.entry(key).or_default();
                match check["verdict"].as_str().unwrap() {
                    "passed" => entry.0 += 1,
                    "failed" => entry.1 += 1,
                    other => panic!("a check of the examples was {other}"),
                }
            }
        }
    }
    counts
}

/// Undoes the page's escaping of attribute values.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn the_class_overview_in_headless_chromium_holds_the_class_numbers() {
    let graded = graded();
    // The histogram, from the expected scores: total points as a share of the maximum, in tenths.
    let mut bins = [0usize; 11];
    for (name, scores) in EXPECTED {
        let submission =
            graded.json["submissions"].as_array().unwrap().iter().find(|s| s["name"] == name).unwrap();
        let max: f64 = submission["labs"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|lab| lab["checks"].as_array().unwrap())
            .map(|check| check["max_points"].as_f64().unwrap())
            .sum();
        let share = scores.iter().sum::<f64>() / max * 100.0;
        bins[if share >= 100.0 { 10 } else { (share / 10.0) as usize }] += 1;
    }
    let counts = check_counts(&graded.json);
    // The terminal shows the same overview after the table.
    assert!(graded.stdout.contains("most failed checks (passed of judged):"), "{}", graded.stdout);
    // --checks-csv: one row per check, with the same counts, most failed first.
    let csv = std::fs::read_to_string(graded.dir.path().join("checks.csv")).unwrap();
    let csv_rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(csv_rows.len(), counts.len(), "{csv}");
    let Some(chromium) = chromium() else {
        eprintln!(
            "SKIPPED the_class_overview_in_headless_chromium_holds_the_class_numbers: chromium not installed"
        );
        return;
    };
    let page = graded.dir.path().join("all.html");
    let dom = String::from_utf8_lossy(&headless(chromium, &page, &["--dump-dom".into()]).stdout).into_owned();
    let histogram =
        dom.split("id=\"histogram\"").nth(1).expect("the histogram").split("</svg>").next().unwrap();
    let shown: Vec<usize> = attributes(histogram, "data-count").iter().map(|n| n.parse().unwrap()).collect();
    assert_eq!(shown, bins, "histogram bars of the page vs the expected scores");
    let table = dom.split("id=\"check-rates\"").nth(1).expect("the checks table");
    let rows = table.split("<tbody>").nth(1).unwrap().split("</tbody>").next().unwrap();
    let labs = attributes(rows, "data-lab");
    let checks = attributes(rows, "data-check");
    let passed = attributes(rows, "data-passed");
    let failed = attributes(rows, "data-failed");
    assert_eq!(labs.len(), counts.len(), "one row per check of the graded labs");
    let mut last_rate = 0.0;
    for index in 0..labs.len() {
        let key = (unescape(labs[index]), unescape(checks[index]));
        let (p, f): (usize, usize) = (passed[index].parse().unwrap(), failed[index].parse().unwrap());
        assert_eq!(counts.get(&key), Some(&(p, f)), "{key:?} on the page");
        let rate = p as f64 / (p + f).max(1) as f64;
        assert!(
            rate >= last_rate,
            "{key:?} ({rate}) comes after a check with a higher pass rate ({last_rate})"
        );
        last_rate = rate;
        let fields: Vec<&str> = csv_rows[index].split(',').collect();
        assert_eq!(fields[0], key.0, "the CSV lists checks in the page's order");
        assert_eq!(
            fields[fields.len() - 1].split(';').filter(|n| !n.is_empty()).count(),
            f,
            "{}",
            csv_rows[index]
        );
    }
    // The most failed check names its most common reason with its count, and links to the lab's section.
    let first = rows.split("</tr>").next().unwrap();
    let count: usize = attributes(first, "data-count")[0].parse().unwrap();
    assert!(
        first.contains(&format!(
            "<strong>{count} of {}</strong>",
            passed[0].parse::<usize>().unwrap() + failed[0].parse::<usize>().unwrap()
        )),
        "{first}"
    );
    let link = first.split("href=\"#").nth(1).unwrap().split('"').next().unwrap();
    assert!(dom.contains(&format!("<h3 id=\"{link}\">")), "{link} leads nowhere");
    // Screenshots, wide and narrow, for a person to look at; neither is blank.
    for (name, width) in [("grade-report-wide.png", 1280), ("grade-report-narrow.png", 400)] {
        let shot = crate::support::artifacts("grade").join(name);
        headless(
            chromium,
            &page,
            &[format!("--screenshot={}", shot.display()), format!("--window-size={width},1600")],
        );
        let pixmap = resvg::tiny_skia::Pixmap::load_png(&shot).unwrap();
        crate::support::raster::assert_drawn(&pixmap, &[("the histogram's bars", (0x4a, 0x78, 0xb5))]);
        eprintln!("screenshot of the report: {}", shot.display());
    }
}

fn config_error(labs: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("labs.toml");
    std::fs::write(&file, labs).unwrap();
    let output = Command::new(socklab())
        .arg("--labs")
        .arg(&file)
        .args(["grade", examples().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", explain(&output));
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const LAB: &str = r#"
[[lab]]
name = "echo"
summary = "echo"
fixed-ports = { port = 3500 }

[[lab.process]]
name = "server"
command = ["{bin:udp-chat}", "server", "--bind", "127.0.0.1:{port}"]
student = ["python3", "{submission}/udp_echo_server.py"]
ready = { udp = "127.0.0.1:{port}" }
"#;

#[test]
fn only_if_names_an_earlier_check_of_the_lab() {
    let checks = "\n[[lab.check]]\nname = \"first\"\nprocess = \"server\"\nrunning = true\nonly-if = \"second\"\n\
                  \n[[lab.check]]\nname = \"second\"\nprocess = \"server\"\nrunning = true\n";
    let err = config_error(&format!("{LAB}{checks}"));
    assert!(
        err.contains("labs.toml:17:11:")
            && err.contains("lab[0].check[0].only-if")
            && err.contains("no check named 'second' before this one in the lab"),
        "{err}"
    );
}

#[test]
fn mistakes_in_grading_labs_are_config_errors_with_their_place() {
    let err = config_error(&LAB.replace("command = [\"{bin:udp-chat}\"", "command = [\"{submission}/x\""));
    assert!(err.contains("labs.toml:9:") && err.contains("{submission} only exists when grading"), "{err}");
    let err = config_error(
        &LAB.replace("ready = { udp = \"127.0.0.1:{port}\" }", "ready = { stdout = \"^Socket\" }"),
    );
    assert!(err.contains("needs socket readiness"), "{err}");
    let err = config_error(&LAB.replace("{ port = 3500 }", "{ prot = 3500 }"));
    assert!(err.contains("'prot' is not a port placeholder"), "{err}");
    let err = config_error(&LAB.replace("student = ", "studnet = "));
    assert!(err.contains("studnet"), "{err}");
    let output = run(&["grade", examples().to_str().unwrap(), "--lab", "udp-echo"]);
    assert_eq!(output.status.code(), Some(2), "{}", explain(&output));
    assert!(String::from_utf8_lossy(&output.stderr).contains("has no process with a `student` command"));
    let output = run(&["grade", examples().to_str().unwrap(), "--shard", "3/2"]);
    assert_eq!(output.status.code(), Some(2), "{}", explain(&output));
}

#[test]
fn the_guides_own_programs_get_full_marks_on_every_lab_they_answer() {
    let _lock = grading();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("guide.json");
    let guide = root().join("tests/submissions/guide");
    let output = run(&["grade", guide.to_str().unwrap(), "--one", "--json", json.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", explain(&output));
    let results: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let got = &points(&results)["guide"];
    // Every task the guide's scripts do (§1.1-1.3, §2.1-2.3): full marks, their fixed messages
    // ('TyR: Echo sobre UDP', 'Hola Mundo!') included.
    for (lab, full) in [
        ("grade-udp-echo", 2.),
        ("grade-udp-address", 1.),
        ("grade-udp-several", 4.),
        ("grade-udp-client", 3.),
        ("grade-tcp-echo", 2.),
        ("grade-tcp-several", 1.),
        ("grade-tcp-address", 1.),
        ("grade-tcp-client", 3.),
    ] {
        assert_eq!(got[lab], full, "{lab}: {}", results);
    }
    // The exercises they leave to the student (§1.5.1, §1.5.2, §1.5.5, §1.5.6, §2.5.3).
    for (lab, points) in [
        ("grade-udp-client-no-server", 1.),
        ("grade-udp-allowlist", 1.),
        ("grade-udp-shutdown", 1.),
        ("grade-udp-exec", 0.),
        ("grade-tcp-long", 0.),
        // listen(5): four connections complete at once, and all are served.
        ("grade-tcp-backlog", 1.),
        // Its client sends its own 'Hola Mundo!', not the message it is given.
        ("grade-tcp-send", 0.),
    ] {
        assert_eq!(got[lab], points, "{lab}: {}", results);
    }
    assert!(reason(&results, "guide", "grade-udp-client-no-server", "set a timeout with settimeout()"));
    assert!(reason(&results, "guide", "grade-tcp-send", "bytes_in = 11 (expected 100000)"));
    assert!(reason(&results, "guide", "grade-tcp-send", "the message it is given as its first argument"));
    assert_no_leftovers();
}

#[test]
fn a_course_with_its_own_words_and_port_sets_them_on_the_command_line() {
    let _lock = grading();
    let dir = tempfile::tempdir().unwrap();
    let submission = dir.path().join("fin");
    std::fs::create_dir(&submission).unwrap();
    std::fs::write(
        submission.join("udp_echo_server.py"),
        "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(('127.0.0.1', 3500))\n\
         while True:\n    d, a = s.recvfrom(1024)\n    if d == b'FIN':\n        s.sendto(b'chau', a)\n        break\n\
         \x20   s.sendto(d, a)\n",
    )
    .unwrap();
    let json = dir.path().join("fin.json");
    let args = |set: &[&'static str]| {
        let mut args = vec!["grade", submission.to_str().unwrap(), "--one", "--lab", "grade-udp-shutdown"];
        args.extend(set);
        args.extend(["--json", json.to_str().unwrap()]);
        args.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let score = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = run(&args);
        assert_eq!(output.status.code(), Some(0), "{}", explain(&output));
        let results: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        points(&results)["fin"]["grade-udp-shutdown"]
    };
    assert_eq!(score(args(&[])), 1.0);
    assert_eq!(score(args(&["--set", "shutdown=FIN", "--set", "bye=chau"])), 3.0);
    // A course on another port: the fixed port is a variable too.
    let code = std::fs::read_to_string(submission.join("udp_echo_server.py")).unwrap();
    std::fs::write(submission.join("udp_echo_server.py"), code.replace("3500", "5000")).unwrap();
    assert_eq!(score(args(&["--set", "shutdown=FIN", "--set", "bye=chau"])), 0.0);
    assert_eq!(score(args(&["--set", "shutdown=FIN", "--set", "bye=chau", "--set", "port=5000"])), 3.0);
    let output = run(&["grade", submission.to_str().unwrap(), "--one", "--set", "shutdwon=FIN"]);
    assert_eq!(output.status.code(), Some(2), "{}", explain(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no variable 'shutdwon' in [vars]") && stderr.contains("shutdown"), "{stderr}");
}

#[test]
fn a_lab_set_grades_the_blogs_echo_with_its_own_port_and_file_names() {
    let _lock = grading();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("blog.json");
    let output = run(&[
        "grade",
        examples().to_str().unwrap(),
        "--lab-set",
        "blog-echo",
        "--jobs",
        "8",
        "--json",
        json.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", explain(&output));
    let results: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let got = points(&results);
    let labs: Vec<&str> = got["blog-echo"].keys().map(String::as_str).collect();
    assert_eq!(labs, ["grade-tcp-address", "grade-tcp-client", "grade-tcp-echo", "grade-tcp-long"]);
    assert_eq!(got["blog-echo"].values().sum::<f64>(), 8.0, "{results}");
    // Its server calls accept() without listen(): a crash, with what it means; its client is fine.
    assert_eq!(got["blog-no-listen"]["grade-tcp-client"], 3.0);
    assert_eq!(got["blog-no-listen"].values().sum::<f64>(), 3.0, "{results}");
    assert!(reason(
        &results,
        "blog-no-listen",
        "grade-tcp-echo",
        "server crashed (exit 1): OSError: [Errno 22] Invalid argument (accept() on a socket that is not listening: call listen() after bind())"
    ));
    // The set looks for the blog's own file names only.
    assert_eq!(got["correct-tcp"].values().sum::<f64>(), 0.0);
    assert!(reason(
        &results,
        "correct-tcp",
        "grade-tcp-echo",
        "no server.py or servidor.py in the submission"
    ));
    assert_no_leftovers();
}

#[test]
fn a_report_path_that_cannot_be_written_is_refused_before_grading() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder/grades.json");
    let started = std::time::Instant::now();
    let output = run(&["grade", examples().to_str().unwrap(), "--json", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", explain(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot write") && stderr.contains("does not exist"), "{stderr}");
    assert!(output.stdout.is_empty(), "nothing was graded: {}", explain(&output));
    let output = run(&["merge", "x.json", "--csv", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", explain(&output));
    assert!(String::from_utf8_lossy(&output.stderr).contains("it is a folder"), "{}", explain(&output));
    eprintln!("refused in {:.2}s", started.elapsed().as_secs_f64());
}

/// Ctrl-C in the middle of a grading: exit 130, reports marked partial, labs cut short not scored
/// (neither failed nor "-0"), and `socklab merge` refuses the partial JSON.
#[test]
fn ctrl_c_leaves_partial_reports_marked_as_such_that_merge_refuses() {
    let _lock = grading();
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let mut args = vec!["--labs".to_owned(), root().join("labs.toml").to_string_lossy().into_owned()];
    args.extend(
        ["grade", examples().to_str().unwrap(), "--lab", "grade-tcp-backlog", "--jobs", "2"]
            .map(String::from),
    );
    args.extend(["--json".into(), path("cut.json"), "--csv".into(), path("cut.csv")]);
    if !nix::unistd::Uid::effective().is_root() {
        args.push("--unisolated".into());
    }
    let grader = Command::new(socklab())
        .current_dir(root())
        .env("TMPDIR", scratch())
        .args(&args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Once a student's server runs, some lab runs are under way and others have not begun.
    let scratch = scratch().to_string_lossy().into_owned();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !student_running(&scratch) {
        assert!(std::time::Instant::now() < deadline, "no student program started");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(grader.id() as i32), nix::sys::signal::Signal::SIGINT)
        .unwrap();
    let output = grader.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130), "{}", explain(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("PARTIAL RESULTS: grading was interrupted (Ctrl-C)"), "{stdout}");
    assert!(stdout.lines().any(|line| line.contains("interrupted") && line.ends_with(" 0/0")), "{stdout}");
    let results: Value = serde_json::from_str(&std::fs::read_to_string(path("cut.json")).unwrap()).unwrap();
    assert_eq!(results["interrupted"], true);
    let labs: Vec<&Value> = results["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["labs"].as_array().unwrap())
        .collect();
    assert_eq!(labs.len(), EXPECTED.len(), "every submission keeps its lab, judged or not");
    let cut: Vec<&&Value> = labs.iter().filter(|lab| lab["interrupted"] == true).collect();
    assert!(!cut.is_empty(), "{results}");
    for lab in &cut {
        for check in lab["checks"].as_array().unwrap() {
            assert_eq!(check["verdict"], "interrupted", "{lab}");
        }
    }
    let csv = std::fs::read_to_string(path("cut.csv")).unwrap();
    assert!(csv.contains(",interrupted,") && !csv.contains("-0"), "{csv}");
    let merged = run(&["merge", &path("cut.json"), "--json", &path("merged.json")]);
    assert_eq!(merged.status.code(), Some(2), "{}", explain(&merged));
    assert!(String::from_utf8_lossy(&merged.stderr).contains("part 1 was interrupted (Ctrl-C)"));
    assert_no_leftovers();
}

/// Whether a python3 runs a copy of a submission made by this binary's graders.
fn student_running(scratch: &str) -> bool {
    std::fs::read_dir("/proc").unwrap().flatten().any(|entry| {
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline);
        cmdline.starts_with("python3") && cmdline.contains(scratch)
    })
}

/// A few examples graded with `--lang es`, every report written, shared by the Spanish tests below.
struct GradedInSpanish {
    dir: tempfile::TempDir,
    json: Value,
    stdout: String,
}

/// The examples of the Spanish grading: a correct one and three kinds of mistake.
const SPANISH_CLASS: [&str; 4] = ["correct-udp", "never-replies", "upper-case", "wait-status"];
const SPANISH_LABS: [&str; 2] = ["grade-udp-echo", "grade-udp-exec"];

fn graded_in_spanish() -> &'static GradedInSpanish {
    static GRADED: OnceLock<GradedInSpanish> = OnceLock::new();
    GRADED.get_or_init(|| {
        let _lock = grading();
        let dir = tempfile::tempdir().unwrap();
        let class = dir.path().join("class");
        std::fs::create_dir(&class).unwrap();
        for name in SPANISH_CLASS {
            std::os::unix::fs::symlink(examples().join(name), class.join(name)).unwrap();
        }
        let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
        let mut args =
            vec!["grade".to_owned(), class.to_string_lossy().into_owned(), "--lang".into(), "es".into()];
        for lab in SPANISH_LABS {
            args.extend(["--lab".into(), lab.into()]);
        }
        for (flag, file) in [
            ("--json", "es.json"),
            ("--csv", "es.csv"),
            ("--html", "es.html"),
            ("--junit", "es.xml"),
            ("--checks-csv", "checks-es.csv"),
        ] {
            args.extend([flag.to_owned(), path(file)]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = run(&args);
        assert_eq!(output.status.code(), Some(0), "{}", explain(&output));
        let json =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join("es.json")).unwrap()).unwrap();
        assert_no_leftovers();
        GradedInSpanish { dir, json, stdout: String::from_utf8_lossy(&output.stdout).into_owned() }
    })
}

/// The points of the English grading of every example, for the submissions and labs of the Spanish one.
fn english_points() -> BTreeMap<String, BTreeMap<String, f64>> {
    points(&graded().json)
        .into_iter()
        .filter(|(name, _)| SPANISH_CLASS.contains(&name.as_str()))
        .map(|(name, labs)| {
            (name, labs.into_iter().filter(|(lab, _)| SPANISH_LABS.contains(&lab.as_str())).collect())
        })
        .collect()
}

#[test]
fn grading_in_spanish_writes_every_report_in_spanish_with_the_english_scores() {
    let english = english_points();
    let spanish = graded_in_spanish();
    let dir = spanish.dir.path();
    // --json: the language recorded, the reasons in Spanish, the scores of the English grading.
    assert_eq!(spanish.json["lang"], "es");
    assert_eq!(points(&spanish.json), english);
    assert!(
        reason(&spanish.json, "upper-case", "grade-udp-echo", "debería imprimir '--> hola' en stdout"),
        "{}",
        spanish.json
    );
    // The terminal: the table, the overview and the last line.
    let stdout = &spanish.stdout;
    assert!(stdout.starts_with("entrega  "), "{stdout}");
    assert!(stdout.lines().any(|line| line.starts_with("promedio ")), "{stdout}");
    for words in ["puntajes (proporción del máximo):", "comprobaciones más falladas (aprobadas de juzgadas):"]
    {
        assert!(stdout.contains(words), "{words} not in {stdout}");
    }
    assert!(stdout.lines().any(|line| line.starts_with("4 entregas; ")), "{stdout}");
    for (name, labs) in &english {
        let total: f64 = labs.values().sum();
        let row = stdout.lines().find(|line| line.starts_with(name.as_str())).expect(name);
        assert!(row.split_whitespace().last().unwrap().starts_with(&format!("{total}/")), "{row}");
    }
    // --csv: a file format, its header English; the points of the English grading.
    let csv = std::fs::read_to_string(dir.join("es.csv")).unwrap();
    assert!(csv.starts_with("submission,grade-udp-echo,grade-udp-exec,total,max\n"), "{csv}");
    for (name, labs) in &english {
        // `+ 0.0`: an empty sum of floats is -0.0, which the CSV writes as 0.
        let cells: Vec<String> = SPANISH_LABS.iter().map(|lab| (labs[*lab] + 0.0).to_string()).collect();
        let row = format!("{name},{},{},", cells.join(","), labs.values().sum::<f64>() + 0.0);
        assert!(csv.lines().any(|line| line.starts_with(&row)), "{row} not in {csv}");
    }
    // --checks-csv: the header English, the most common reasons in Spanish.
    let checks = std::fs::read_to_string(dir.join("checks-es.csv")).unwrap();
    assert!(checks.starts_with("lab,check,max_points,passed,failed,"), "{checks}");
    assert!(checks.contains("debería imprimir"), "{checks}");
    // --junit: element names as they are, one failure per failed check, the reasons in Spanish.
    let xml = std::fs::read_to_string(dir.join("es.xml")).unwrap();
    let failed = spanish.json["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["labs"].as_array().unwrap())
        .flat_map(|l| l["checks"].as_array().unwrap())
        .filter(|c| c["verdict"] == "failed")
        .count();
    assert!(failed > 0);
    assert_eq!(xml.matches("<failure").count(), failed, "{xml}");
    assert!(xml.contains("debería imprimir"), "{xml}");
    // --html: the page's language and its words.
    let page = std::fs::read_to_string(dir.join("es.html")).unwrap();
    assert!(page.contains("<html lang=\"es\">"), "{page}");
    for words in [
        "<h1>calificaciones de socklab</h1>",
        "<h2>Panorama de la clase</h2>",
        "<h2>Puntajes</h2>",
        "<th>entrega</th>",
        "FALLÓ: ",
        "<summary>quiénes</summary>",
        "debería imprimir",
    ] {
        assert!(page.contains(words), "{words} not in the page");
    }
}

#[test]
fn gradescope_results_in_spanish_score_as_in_english() {
    let english = english_points();
    let _lock = grading();
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("results.json");
    let output = run(&[
        "grade",
        examples().join("upper-case").to_str().unwrap(),
        "--one",
        "--lang",
        "es",
        "--lab",
        "grade-udp-echo",
        "--lab",
        "grade-udp-exec",
        "--gradescope",
        results.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", explain(&output));
    let value: Value = serde_json::from_str(&std::fs::read_to_string(&results).unwrap()).unwrap();
    assert_eq!(value["score"].as_f64(), Some(english["upper-case"].values().sum::<f64>() + 0.0), "{value}");
    assert!(value["output"].as_str().unwrap().starts_with("socklab calificó 2 laboratorios; "), "{value}");
    let tests = value["tests"].as_array().unwrap();
    assert!(tests.iter().any(|t| t["status"] == "passed" && t["output"] == "correcto"), "{value}");
    assert!(
        tests.iter().any(|t| t["status"] == "failed"
            && t["output"].as_str().unwrap().contains("debería imprimir '--> hola'")),
        "{value}"
    );
    assert_no_leftovers();
}

#[test]
fn merge_writes_in_the_language_graded_in_and_refuses_two_languages() {
    let spanish = graded_in_spanish();
    let dir = tempfile::tempdir().unwrap();
    let es = spanish.dir.path().join("es.json");
    let output = run(&["merge", es.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", explain(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("entrega  ") && stdout.contains("\n4 entregas; "), "{stdout}");
    // --lang says which language the report's own words are in.
    let output = run(&["merge", es.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(output.status.code(), Some(0), "{}", explain(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("submission") && stdout.contains("\n4 submission(s); "), "{stdout}");
    // A part graded in English beside one graded in Spanish: one line, exit 2, nothing written.
    let mut english = graded().json.clone();
    english["submissions"].as_array_mut().unwrap().retain(|s| s["name"] == "correct-tcp");
    let en = dir.path().join("en.json");
    std::fs::write(&en, english.to_string()).unwrap();
    let merged = dir.path().join("merged.json");
    let output =
        run(&["merge", es.to_str().unwrap(), en.to_str().unwrap(), "--json", merged.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", explain(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: part 2 was graded in 'en', part 1 in 'es': their reasons are in different languages; grade \
         every part with the same --lang\n"
    );
    assert!(!merged.exists());
}

#[test]
fn grade_errors_are_one_spanish_line_with_lang_es_or_a_spanish_locale() {
    let output = run(&["grade", "/no/such/class", "--lang", "es"]);
    assert_eq!(output.status.code(), Some(2), "{}", explain(&output));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "error: /no/such/class no es una carpeta\n");
    let output = Command::new(socklab())
        .current_dir(root())
        .env("LANG", "es_AR.UTF-8")
        .args([
            "--labs",
            root().join("labs.toml").to_str().unwrap(),
            "grade",
            "/no/such/class",
            "--shard",
            "3/2",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", explain(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("'3/2' no es K/N con 1 <= K <= N, p. ej. 1/4"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn the_spanish_html_report_in_headless_chromium() {
    let spanish = graded_in_spanish();
    let Some(chromium) = chromium() else {
        eprintln!("SKIPPED the_spanish_html_report_in_headless_chromium: chromium not installed");
        return;
    };
    let page = spanish.dir.path().join("es.html");
    let dom = String::from_utf8_lossy(&headless(chromium, &page, &["--dump-dom".into()]).stdout).into_owned();
    assert!(dom.contains("<html lang=\"es\">"), "{dom}");
    for words in [
        "<title>calificaciones de socklab</title>",
        "<h2>Panorama de la clase</h2>",
        "<h3>Laboratorios, menor promedio primero</h3>",
        "<h3>Comprobaciones, las más falladas primero</h3>",
        "<h2>Puntajes</h2>",
        "<th>entrega</th>",
        "aria-label=\"histograma de puntajes\"",
        "debería imprimir",
    ] {
        assert!(dom.contains(words), "{words} not in the page's DOM");
    }
    let table = dom.split("id=\"scores\"").nth(1).expect("the scores table");
    let body = table.split("<tbody>").nth(1).unwrap().split("</tbody>").next().unwrap();
    assert_eq!(body.matches("<tr").count(), SPANISH_CLASS.len(), "{body}");
    let shot = crate::support::artifacts("grade").join("grade-report-es.png");
    headless(
        chromium,
        &page,
        &[format!("--screenshot={}", shot.display()), "--window-size=1280,1600".into()],
    );
    let pixmap = resvg::tiny_skia::Pixmap::load_png(&shot).unwrap();
    crate::support::raster::assert_drawn(&pixmap, &[("the histogram's bars", (0x4a, 0x78, 0xb5))]);
    eprintln!("screenshot of the Spanish report: {}", shot.display());
}
