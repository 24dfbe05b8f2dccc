//! socklab run: the harness itself, driven with the small `harness-fixture` program (print, sleep,
//! exit, stubborn children, sockets) so its behaviour is tested without the network programs; and
//! the real labs.toml with the reference programs.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use nix::errno::Errno;
use nix::sys::signal::kill;
use nix::unistd::Pid;

use crate::support::explain_output as explain;
use crate::support::socklab;

/// No test run of socklab may take longer than this; a hang fails the test instead of blocking CI.
const RUN_LIMIT: Duration = Duration::from_secs(60);

struct Labs {
    dir: tempfile::TempDir,
}

impl Labs {
    fn new(text: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("labs.toml"), text).unwrap();
        Labs { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(socklab())
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .args(args)
            .timeout(RUN_LIMIT)
            .output()
            .unwrap()
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn last_line(output: &Output) -> String {
    text(&output.stdout).lines().last().unwrap_or_default().to_owned()
}

fn gone(pid: i32) -> bool {
    kill(Pid::from_raw(pid), None) == Err(Errno::ESRCH) && !Path::new(&format!("/proc/{pid}")).exists()
}

fn read_pid(path: &Path) -> i32 {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn a_line_readiness_starts_the_next_process_and_checks_pass() {
    let labs = Labs::new(
        r#"
[[lab]]
name = "line"
summary = "readiness by line"

[[lab.process]]
name = "server"
command = ["{bin:harness-fixture}", "eprint", "warming up", "print", "ready on {port}", "hang"]
ready = { stdout = '^ready on \d+$' }

[[lab.process]]
name = "client"
command = ["{bin:harness-fixture}", "print", "client ran", "exit", "3"]
after-ready = "server"

[[lab.check]]
name = "client prints"
process = "client"
stdout-equals = "client ran"

[[lab.check]]
name = "client exit code"
process = "client"
exit = 3

[[lab.check]]
name = "server still up"
process = "server"
running = true

[[lab.check]]
name = "server was stopped by the harness"
process = "server"
exit = "killed"
"#,
    );
    let output = labs.run(&["run"]);
    assert!(output.status.success(), "{}", explain(&output));
    assert!(text(&output.stdout).starts_with("ok     line"), "{}", explain(&output));
    assert_eq!(last_line(&output), "1 passed, 0 failed");
}

#[test]
fn socket_readiness_waits_for_a_tcp_listener_and_a_bound_udp_socket() {
    let labs = Labs::new(
        r#"
[[lab]]
name = "tcp"
summary = "readiness by tcp"

[[lab.process]]
name = "server"
command = ["{bin:harness-fixture}", "sleep", "200ms", "listen-tcp", "127.0.0.1:{port}", "hang"]
ready = { tcp = "127.0.0.1:{port}" }

[[lab.check]]
name = "listens on tcp"
process = "server"
listening = "tcp 127.0.0.1:{port}"

[[lab]]
name = "udp"
summary = "readiness by udp"

[[lab.process]]
name = "server"
command = ["{bin:harness-fixture}", "sleep", "200ms", "bind-udp", "127.0.0.1:{port:a}", "hang"]
ready = { udp = "127.0.0.1:{port:a}" }

[[lab.process]]
name = "after"
command = ["{bin:harness-fixture}", "print", "started after the bind"]
after-ready = "server"

[[lab.check]]
name = "bound on udp"
process = "server"
listening = "udp 127.0.0.1:{port:a}"

[[lab.check]]
name = "not on tcp"
process = "server"
listening = "tcp 127.0.0.1:{port:a}"
"#,
    );
    let output = labs.run(&["run"]);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{}", explain(&output));
    assert!(stdout.contains("ok     tcp"), "{}", explain(&output));
    assert!(stdout.contains("FAILED udp"), "{}", explain(&output));
    assert!(
        stdout.contains("check 'not on tcp' failed: server has no socket listening on tcp"),
        "{}",
        explain(&output)
    );
    assert!(!stdout.contains("check 'bound on udp' failed"), "{}", explain(&output));
    assert_eq!(last_line(&output), "1 passed, 1 failed");
}

#[test]
fn a_socket_held_by_a_child_of_the_started_process_counts_as_listening() {
    // `sh -c '...; true'` stays the parent: the socket is its child's, as with a student's wrapper script.
    let labs = Labs::new(
        r#"
[[lab]]
name = "wrapped"
summary = "the server runs under a shell"

[[lab.process]]
name = "server"
command = ["sh", "-c", "'{bin:harness-fixture}' bind-udp 127.0.0.1:{port} hang; true"]
ready = { udp = "127.0.0.1:{port}" }

[[lab.check]]
name = "bound on udp"
process = "server"
listening = "udp 127.0.0.1:{port}"

[[lab.check]]
name = "not on another port"
process = "server"
listening = "udp 127.0.0.1:{port:other}"
"#,
    );
    let output = labs.run(&["run"]);
    let stdout = text(&output.stdout);
    assert!(!stdout.contains("check 'bound on udp' failed"), "{}", explain(&output));
    assert!(
        stdout
            .contains("check 'not on another port' failed: server has no socket listening on udp 127.0.0.1:"),
        "{}",
        explain(&output)
    );
    assert!(stdout.contains("(it has 127.0.0.1:"), "the child's socket is named: {}", explain(&output));
}

#[test]
fn a_readiness_that_never_comes_fails_with_the_output_instead_of_hanging() {
    let labs = Labs::new(
        r#"
[[lab]]
name = "never"
summary = "never ready"

[[lab.process]]
name = "server"
command = ["{bin:harness-fixture}", "print", "starting up", "eprint", "cannot open the thing", "hang"]
ready = { stdout = "^listening" }
ready-timeout = "500ms"

[[lab.process]]
name = "client"
command = ["{bin:harness-fixture}", "print", "should not run"]
after-ready = "server"
"#,
    );
    let started = Instant::now();
    let output = labs.run(&["run"]);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{}", explain(&output));
    assert!(
        stdout.contains("problem: server never printed a line matching /^listening/ on stdout within 500ms"),
        "{}",
        explain(&output)
    );
    assert!(stdout.contains("| starting up") && stdout.contains("| cannot open the thing"), "{stdout}");
    assert!(stdout.contains("client (not started)"), "{stdout}");
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
}

#[test]
fn a_server_that_dies_before_it_is_ready_is_reported_at_once() {
    let labs = Labs::new(
        r#"
[[lab]]
name = "dies"
summary = "dies early"

[[lab.process]]
name = "server"
command = ["{bin:harness-fixture}", "eprint", "error: cannot bind", "exit", "1"]
ready = { stdout = "^listening" }
ready-timeout = "20s"
"#,
    );
    let started = Instant::now();
    let output = labs.run(&["run"]);
    assert_eq!(output.status.code(), Some(1), "{}", explain(&output));
    assert!(
        text(&output.stdout)
            .contains("ended (exit 1) before it printed a line matching /^listening/ on stdout"),
        "{}",
        explain(&output)
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_process_over_its_timeout_is_stopped_and_fails_the_lab() {
    let labs = Labs::new(
        r#"
[[lab]]
name = "slow"
summary = "per-process timeout"

[[lab.process]]
name = "client"
command = ["{bin:harness-fixture}", "print", "waiting", "hang"]
timeout = "300ms"

[[lab.check]]
name = "finishes in time"
process = "client"
within = "1s"
"#,
    );
    let started = Instant::now();
    let output = labs.run(&["run"]);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{}", explain(&output));
    assert!(stdout.contains("problem: client did not exit within 300ms"), "{stdout}");
    assert!(stdout.contains("check 'finishes in time' failed: client did not finish by itself"), "{stdout}");
    assert!(stdout.contains("client (killed by SIGTERM (stopped by socklab))"), "{stdout}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn the_lab_timeout_stops_a_lab_that_never_ends() {
    let labs = Labs::new(
        r#"
[[lab]]
name = "forever"
summary = "lab timeout"
timeout = "400ms"

[[lab.process]]
name = "client"
command = ["{bin:harness-fixture}", "hang"]
"#,
    );
    let output = labs.run(&["run"]);
    assert_eq!(output.status.code(), Some(1), "{}", explain(&output));
    assert!(
        text(&output.stdout).contains("problem: the lab did not finish within 400ms"),
        "{}",
        explain(&output)
    );
}

#[test]
fn stubborn_children_that_ignore_sigterm_leave_nothing_behind() {
    let labs = Labs::new("");
    let (inside, escaped, orphan) =
        (labs.path("inside.pid"), labs.path("escaped.pid"), labs.path("orphan.pid"));
    std::fs::write(
        labs.path("labs.toml"),
        format!(
            r#"
[[lab]]
name = "stubborn"
summary = "children that ignore SIGTERM, one of them in its own process group"
grace = "300ms"

[[lab.process]]
name = "server"
command = ["{{bin:harness-fixture}}", "stubborn-child", "{inside}", "escaped-child", "{escaped}", "print", "ready", "hang"]
ready = {{ stdout = "^ready$" }}

[[lab.process]]
name = "quitter"
command = ["{{bin:harness-fixture}}", "escaped-child", "{orphan}", "exit", "0"]

[[lab.check]]
name = "running"
process = "server"
running = true

[[lab]]
name = "afterwards"
summary = "the next lab sees none of them (labs run one at a time here)"

[[lab.process]]
name = "probe"
command = ["sh", "-c", "for f in {inside} {escaped} {orphan}; do kill -0 $(cat $f) && echo alive $f; done; true"]

[[lab.check]]
name = "nothing survived the first lab"
process = "probe"
stdout-equals = ""
"#,
            inside = inside.display(),
            escaped = escaped.display(),
            orphan = orphan.display()
        ),
    )
    .unwrap();
    let started = Instant::now();
    let output = labs.run(&["run", "--jobs", "1"]);
    assert!(output.status.success(), "{}", explain(&output));
    let (inside, escaped, orphan) = (read_pid(&inside), read_pid(&escaped), read_pid(&orphan));
    assert!(gone(inside), "the child in the group survived (pid {inside})");
    assert!(gone(escaped), "the child that left the group survived (pid {escaped})");
    assert!(gone(orphan), "the child that left the group of a process that ended survived (pid {orphan})");
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
}

#[test]
fn a_process_that_fills_both_pipes_does_not_deadlock() {
    let labs = Labs::new(
        r#"
[[lab]]
name = "flood"
summary = "several MB on stdout and stderr"

[[lab.process]]
name = "talker"
command = ["{bin:harness-fixture}", "flood", "8000000"]

[[lab.check]]
name = "all of it was read"
process = "talker"
stdout-matches = '^flood done: \d+ lines$'

[[lab.check]]
name = "it ended by itself"
process = "talker"
exit = "success"
"#,
    );
    let output = labs.run(&["run", "--keep-logs", "logs"]);
    assert!(output.status.success(), "{}", explain(&output));
    let kept = std::fs::metadata(labs.path("logs/flood/talker.stderr")).unwrap().len();
    assert!(kept >= 8_000_000, "only {kept} bytes of stderr kept");
}

#[test]
fn a_stdin_script_waits_for_output_before_each_line() {
    let labs = Labs::new(
        r#"
[[lab]]
name = "script"
summary = "stdin script"

[[lab.process]]
name = "peer"
command = ["{bin:harness-fixture}", "print", "hello", "echo-stdin", "print", "bye"]
stdin = [
  { wait-for = "^hello$", line = "one" },
  { wait-for = "^got: one$", line = "two" },
  { wait-for = "^got: two$" },
]

[[lab.check]]
name = "lines in order"
process = "peer"
stdout-equals = "hello\ngot: one\ngot: two\nbye\n"
"#,
    );
    let output = labs.run(&["run"]);
    assert!(output.status.success(), "{}", explain(&output));
}

#[test]
fn stdin_lines_have_their_placeholders_filled_in() {
    let labs = Labs::new(
        r#"
[vars]
word = "hola"

[[lab]]
name = "script"
summary = "placeholders in stdin lines"

[[lab.process]]
name = "peer"
command = ["{bin:harness-fixture}", "echo-stdin", "print", "--{port}--"]
stdin = [{ line = "{var:word} {port}" }]

[[lab.check]]
name = "the line was sent with the port the command got"
process = "peer"
stdout-matches = '^got: hola (\d+)$'
"#,
    );
    let output = labs.run(&["run", "--keep-logs", "logs"]);
    assert!(output.status.success(), "{}", explain(&output));
    let stdout = std::fs::read_to_string(labs.path("logs/script/peer.stdout")).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let port = lines[0].strip_prefix("got: hola ").unwrap();
    assert_eq!(lines[1], format!("--{port}--"), "{stdout}");
    let bad = Labs::new(
        r#"
[[lab]]
name = "script"
summary = "a bad placeholder in a stdin line"

[[lab.process]]
name = "peer"
command = ["{bin:harness-fixture}", "echo-stdin"]
stdin = [{ line = "{nope}" }]
"#,
    );
    let output = bad.run(&["run"]);
    assert_eq!(output.status.code(), Some(2), "{}", explain(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("stdin[0].line") && stderr.contains("unknown placeholder {nope}"), "{stderr}");
}

#[test]
fn failed_checks_show_the_reason_and_the_tail_of_the_output() {
    let labs = Labs::new(
        r#"
[[lab]]
name = "wrong"
summary = "a failing check"

[[lab.process]]
name = "client"
command = ["{bin:harness-fixture}", "print", "--> adios", "eprint", "a warning"]

[[lab.check]]
name = "the echo"
process = "client"
stdout-contains = "--> hola"
points = 3

[[lab.check]]
name = "an event"
process = "client"
event = { event = "reply", bytes = 4 }

[[lab.check]]
name = "a file"
file = "{tmp}/out.txt"
"#,
    );
    let output = labs.run(&["run"]);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{}", explain(&output));
    assert!(stdout.starts_with("FAILED wrong"), "{stdout}");
    assert!(
        stdout.contains(
            r#"check 'the echo' failed: stdout of client does not contain "--> hola" (it was "--> adios\n")"#
        ),
        "{stdout}"
    );
    assert!(stdout.contains("check 'an event' failed: client printed no JSON event with"), "{stdout}");
    assert!(stdout.contains("check 'a file' failed: out.txt does not exist"), "{stdout}");
    assert!(stdout.contains("| a warning"), "{stdout}");
    assert_eq!(last_line(&output), "0 passed, 1 failed");
}

const TWO_LABS: &str = r#"
[[lab]]
name = "good"
summary = "passes"

[[lab.process]]
name = "p"
command = ["{bin:harness-fixture}", "print", "fine"]

[[lab.check]]
name = "prints fine"
process = "p"
stdout-contains = "fine"

[[lab]]
name = "bad"
summary = "fails"

[[lab.process]]
name = "p"
command = ["{bin:harness-fixture}", "exit", "4"]

[[lab.check]]
name = "succeeds"
process = "p"
exit = "success"
"#;

#[test]
fn exit_codes_say_whether_every_lab_passed() {
    let labs = Labs::new(TWO_LABS);
    assert_eq!(labs.run(&["run", "good"]).status.code(), Some(0));
    assert_eq!(labs.run(&["run", "bad"]).status.code(), Some(1));
    let both = labs.run(&["run", "--jobs", "2"]);
    assert_eq!(both.status.code(), Some(1));
    assert_eq!(last_line(&both), "1 passed, 1 failed");
    let unknown = labs.run(&["run", "good", "nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("no lab named 'nope'"), "{}", explain(&unknown));
    assert!(unknown.stdout.is_empty());
}

#[test]
fn list_prints_one_line_per_lab() {
    let labs = Labs::new(TWO_LABS);
    let output = labs.run(&["list"]);
    assert!(output.status.success(), "{}", explain(&output));
    assert_eq!(text(&output.stdout), "good  passes\nbad   fails\n");
}

#[test]
fn json_report_lists_labs_checks_and_counts() {
    let labs = Labs::new(TWO_LABS);
    let output = labs.run(&["run", "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("stdout is one JSON document");
    assert_eq!(report["passed"], 1);
    assert_eq!(report["failed"], 1);
    assert_eq!(report["labs"][1]["name"], "bad");
    assert_eq!(report["labs"][1]["checks"][0]["passed"], false);
    assert_eq!(report["labs"][1]["checks"][0]["reason"], "p ended with exit 4, expected success (exit 0)");
}

#[test]
fn junit_report_is_well_formed_xml_with_a_case_per_check() {
    let labs = Labs::new(TWO_LABS);
    let output = labs.run(&["run", "--junit", "report.xml"]);
    assert_eq!(output.status.code(), Some(1));
    let xml = std::fs::read_to_string(labs.path("report.xml")).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut cases, mut failures, mut depth) = (0, 0, 0i32);
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("invalid XML: {e}\n{xml}")) {
            quick_xml::events::Event::Start(element) => {
                depth += 1;
                cases += usize::from(element.name().as_ref() == b"testcase");
                failures += usize::from(element.name().as_ref() == b"failure");
            }
            quick_xml::events::Event::Empty(element) => {
                cases += usize::from(element.name().as_ref() == b"testcase");
                failures += usize::from(element.name().as_ref() == b"failure");
            }
            quick_xml::events::Event::End(_) => depth -= 1,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "unbalanced XML:\n{xml}");
    assert_eq!((cases, failures), (2, 1), "{xml}");
}

/// Every config mistake: exit 2, `labs.toml:LINE:COLUMN: KEY: message`, and nothing run.
fn config_error(broken: &str, expected: &str) {
    let labs = Labs::new(broken);
    let output = labs.run(&["run"]);
    assert_eq!(output.status.code(), Some(2), "{}", explain(&output));
    assert!(output.stdout.is_empty(), "{}", explain(&output));
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with(&format!("error: labs.toml:{expected}")), "{stderr}");
    assert!(!labs.path("ran").exists(), "a process ran despite the error");
}

const VALID: &str = r#"
[[lab]]
name = "ok"
summary = "a valid lab"

[[lab.process]]
name = "server"
command = ["{bin:harness-fixture}", "print", "ready", "hang"]
ready = { stdout = "^ready" }

[[lab.process]]
name = "client"
command = ["touch", "ran"]
after-ready = "server"

[[lab.check]]
name = "client ran"
process = "client"
exit = "success"
"#;

#[test]
fn an_unknown_key_is_an_error_with_file_line_column_and_key() {
    config_error(
        &VALID.replace("after-ready", "after_ready"),
        "14:1: lab[0].process[1].after_ready: unknown field `after_ready`",
    );
}

#[test]
fn a_wrong_type_is_an_error_with_file_line_column_and_key() {
    config_error(
        &VALID.replace(r#"exit = "success""#, "exit = true"),
        "19:8: lab[0].check[0].exit: invalid type: boolean `true`",
    );
}

#[test]
fn a_bad_regex_is_an_error_with_file_line_column_and_key() {
    config_error(
        &VALID.replace("^ready", "(ready"),
        "9:20: lab[0].process[0].ready.stdout: bad regex \"(ready\"",
    );
}

#[test]
fn a_reference_to_a_missing_process_is_an_error_with_file_line_column_and_key() {
    config_error(
        &VALID.replace(r#"process = "client""#, r#"process = "clinet""#),
        "18:11: lab[0].check[0].process: no process named 'clinet' in this lab (it has: server, client)",
    );
}

#[test]
fn a_check_without_a_condition_is_an_error() {
    config_error(
        &VALID.replace(r#"exit = "success""#, ""),
        "17:8: lab[0].check[0]: a check needs a condition",
    );
}

#[test]
fn ctrl_c_stops_every_process_and_exits_130() {
    let labs = Labs::new("");
    let pid_file = labs.path("child.pid");
    std::fs::write(
        labs.path("labs.toml"),
        format!(
            r#"
[[lab]]
name = "long"
summary = "never ends by itself"
grace = "200ms"

[[lab.process]]
name = "server"
command = ["{{bin:harness-fixture}}", "stubborn-child", "{}", "hang"]
"#,
            pid_file.display()
        ),
    )
    .unwrap();
    let mut run = std::process::Command::new(socklab())
        .current_dir(labs.dir.path())
        .args(["run"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + RUN_LIMIT;
    while std::fs::read_to_string(&pid_file).map_or(true, |text| text.is_empty()) {
        assert!(Instant::now() < deadline, "the lab never started");
        std::thread::sleep(Duration::from_millis(20));
    }
    let child = read_pid(&pid_file);
    kill(Pid::from_raw(run.id() as i32), nix::sys::signal::Signal::SIGINT).unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = run.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = run.kill();
            panic!("socklab did not stop after Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(130));
    assert!(gone(child), "the stubborn child survived Ctrl-C (pid {child})");
}

#[test]
fn the_real_labs_pass_with_the_reference_programs() {
    let output = Command::new(socklab())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(["run"])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", explain(&output));
    assert!(last_line(&output).ends_with(" passed, 0 failed"), "{}", explain(&output));
}

#[test]
fn file_checks_look_at_existence_digest_and_content_in_the_labs_directory() {
    let labs = Labs::new(
        r#"
[[lab]]
name = "files"
summary = "file checks"

[[lab.process]]
name = "writer"
command = ["sh", "-c", "printf abc > out.txt && printf abc > copy.txt && printf abd > other.txt"]

[[lab.check]]
name = "exists"
file = "{tmp}/out.txt"

[[lab.check]]
name = "digest"
file = "out.txt"
sha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

[[lab.check]]
name = "same bytes"
file = "out.txt"
same-as = "{tmp}/copy.txt"

[[lab.check]]
name = "different bytes"
file = "out.txt"
same-as = "other.txt"
"#,
    );
    let output = labs.run(&["run"]);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{}", explain(&output));
    assert!(stdout.contains("check 'different bytes' failed: out.txt differs from other.txt"), "{stdout}");
    assert_eq!(stdout.matches("failed:").count(), 1, "{stdout}");
}

#[test]
fn conditions_combine_hints_show_only_when_they_match_and_values_render_their_placeholders() {
    let labs = Labs::new(
        r#"
[vars]
word = "hola"

[[lab]]
name = "conditions"
summary = "several conditions, conditional hints, rendered values"
grace = "300ms"

[[lab.process]]
name = "server"
command = ["{bin:harness-fixture}", "print", '{{"event":"datagram","text":"{var:word}"}}', "print", "port {port}", "hang"]
ready = { stdout = '^port' }

[[lab.process]]
name = "client"
command = ["{bin:harness-fixture}", "print", "--> {var:word}", "eprint", "Traceback (most recent call last):", "eprint", "ValueError: x", "exit", "1"]
after-ready = "server"

[[lab.process]]
name = "stubborn"
command = ["{bin:harness-fixture}", "ignore-term", "print", "up", "hang"]
ready = { stdout = '^up' }

[[lab.check]]
name = "values render"
all = [
  { process = "server", stdout-contains = "port {port}" },
  { process = "client", stdout-equals = "--> {event:server:datagram:text}" },
]

[[lab.check]]
name = "the second condition gives the reason"
process = "client"
stdout-contains = "-->"
exit = 0
hints = [
  { when = "exit 1", text = "HINT-SHOWN" },
  { when = "exit 2", text = "HINT-HIDDEN" },
]

[[lab.check]]
name = "no crash"
process = "client"
no-crash = true

[[lab.check]]
name = "the stubborn one stops on SIGTERM"
process = "stubborn"
stops-on-sigterm = true

[[lab.check]]
name = "the server stops on SIGTERM"
process = "server"
stops-on-sigterm = true
"#,
    );
    let output = labs.run(&["run", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let checks = &report["labs"][0]["checks"];
    let failure = |index: usize| checks[index]["reason"].as_str().map(str::to_owned);
    assert_eq!(failure(0), None, "{report}");
    let reason = failure(1).unwrap();
    assert!(reason.starts_with("client ended with exit 1, expected exit 0"), "{reason}");
    assert!(reason.contains("HINT-SHOWN") && !reason.contains("HINT-HIDDEN"), "{reason}");
    assert_eq!(failure(2).as_deref(), Some("client crashed (exit 1): ValueError: x"), "{report}");
    assert!(failure(3).unwrap().contains("killed with SIGKILL"), "{report}");
    assert_eq!(failure(4), None, "{report}");
}

#[test]
fn an_unknown_variable_or_event_process_is_a_config_error() {
    config_error(
        &VALID.replace(r#"exit = "success""#, r#"stdout-equals = "{var:nope}""#),
        "3:8: lab[0]: {var:nope} has no value: add it to [vars] (it has: nothing)",
    );
    config_error(
        &VALID.replace(r#"exit = "success""#, r#"stdout-equals = "{event:ghost:datagram:text}""#),
        "3:8: lab[0]: {event:ghost:...} names no process of this lab",
    );
}

const SETS: &str = r#"
[vars]
word = "hola"

[[lab]]
name = "say"
summary = "says a word"

[[lab.process]]
name = "p"
command = ["echo", "{var:word}"]

[[lab.check]]
name = "it says hola"
points = 2
process = "p"
stdout-equals = "hola"

[[lab]]
name = "other"
summary = "another lab"

[[lab.process]]
name = "p"
command = ["true"]

[[lab-set]]
name = "spanish"
summary = "the word in Spanish"
labs = ["say"]

[[lab-set]]
name = "english"
summary = "the word in English"
labs = ["say"]
vars = { word = "hello" }
"#;

#[test]
fn a_lab_set_selects_its_labs_and_gives_its_variables() {
    let labs = Labs::new(SETS);
    let output = labs.run(&["run", "--lab-set", "spanish"]);
    assert_eq!(output.status.code(), Some(0), "{}", explain(&output));
    assert_eq!(last_line(&output), "1 passed, 0 failed");
    // The set's value makes the lab fail; a --set still overrides the set's value.
    let output = labs.run(&["run", "--lab-set", "english"]);
    assert_eq!(output.status.code(), Some(1), "{}", explain(&output));
    assert!(text(&output.stdout).contains("it printed 'hello'"), "{}", explain(&output));
    let output = labs.run(&["run", "--lab-set", "english", "--set", "word=hola"]);
    assert_eq!(output.status.code(), Some(0), "{}", explain(&output));
    let output = labs.run(&["list", "--lab-set", "english"]);
    let listed = text(&output.stdout);
    assert!(listed.starts_with("say  says a word\n") && !listed.contains("other"), "{listed}");
    assert!(
        listed.contains("english  1 lab, 2 pts  the word in English\n    with word=hello\n    say\n"),
        "{listed}"
    );
    assert!(!listed.contains("spanish"), "{listed}");
    let output = labs.run(&["run", "--lab-set", "french"]);
    assert_eq!(output.status.code(), Some(2), "{}", explain(&output));
    assert!(
        text(&output.stderr)
            .contains("--lab-set french: no [[lab-set]] named 'french' (it has: spanish, english)"),
        "{}",
        explain(&output)
    );
    let output = labs.run(&["sweep", "x", "--lab-set", "english"]);
    assert_eq!(output.status.code(), Some(2), "{}", explain(&output));
}

#[test]
fn a_lab_set_naming_an_unknown_lab_or_variable_is_a_config_error() {
    config_error(
        &format!("{VALID}\n[[lab-set]]\nname = \"s\"\nsummary = \"s\"\nlabs = [\"ok\", \"okk\"]\n"),
        "24:15: lab-set[0].labs[1]: no lab named 'okk' in this file",
    );
    config_error(
        &format!(
            "{VALID}\n[[lab-set]]\nname = \"s\"\nsummary = \"s\"\nlabs = [\"ok\"]\nvars = {{ prot = \"1\" }}\n"
        ),
        "25:10: lab-set[0].vars.prot: no variable 'prot' in [vars] (it has: none)",
    );
    config_error(
        &format!("{VALID}\n[[lab-set]]\nname = \"s\"\nsummary = \"s\"\nlabs = []\n"),
        "22:8: lab-set[0].labs: a lab set needs at least one lab",
    );
}

#[test]
fn a_freeze_must_name_another_process_and_a_valid_pattern() {
    config_error(
        &VALID.replace(
            "after-ready = \"server\"",
            "after-ready = \"server\"\nfreeze = { process = \"sever\", until = \"x\" }",
        ),
        "15:22: lab[0].process[1].freeze.process: no process named 'sever'",
    );
    config_error(
        &VALID.replace(
            "after-ready = \"server\"",
            "after-ready = \"server\"\nfreeze = { process = \"client\", until = \"x\" }",
        ),
        "15:22: lab[0].process[1].freeze.process: a process cannot freeze itself",
    );
    config_error(
        &VALID.replace(
            "after-ready = \"server\"",
            "after-ready = \"server\"\nfreeze = { process = \"server\", until = \"(x\" }",
        ),
        "15:",
    );
}

#[test]
fn an_empty_labs_file_is_an_error_not_a_pass() {
    for file in ["", "# nothing yet\n", "[vars]\nport = \"3500\"\n"] {
        let labs = Labs::new(file);
        for command in ["run", "list"] {
            let output = labs.run(&[command]);
            assert_eq!(output.status.code(), Some(2), "{}", explain(&output));
            let stderr = text(&output.stderr);
            assert!(stderr.contains("has no [[lab]]: there is nothing to run"), "{}", explain(&output));
            assert!(output.stdout.is_empty(), "{}", explain(&output));
        }
    }
}

const FLOOD: &str = r#"
[[lab]]
name = "flood"
summary = "5 MB on one line"

[[lab.process]]
name = "p"
command = ["sh", "-c", "head -c 5000000 /dev/zero | tr '\\0' x; echo; echo done"]

[[lab.check]]
name = "the checks see the line"
process = "p"
stdout-matches = '^x{1000}'

[[lab.check]]
name = "a failing check quotes it"
process = "p"
stdout-equals = "y"
"#;

/// A program that prints 5 MB without a newline: checks still read the line, but the reports show
/// its start and how much was cut, in every format.
#[test]
fn a_huge_line_is_cut_in_reports_and_says_how_much() {
    let labs = Labs::new(FLOOD);
    let junit = labs.path("report.xml");
    let output = labs.run(&["run", "--json", "--junit", junit.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", explain(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["labs"][0]["checks"][0]["passed"], true, "{report}");
    assert!(output.stdout.len() < 20_000, "the JSON report holds {} bytes", output.stdout.len());
    let tail = report["labs"][0]["processes"][0]["stdout_tail"].to_string();
    assert!(tail.contains("[4999500 more bytes on this line, not shown]"), "{tail}");
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.len() < 20_000 && xml.contains("more bytes on this line"), "{} bytes", xml.len());
    let output = labs.run(&["run", "--line-width", "100"]);
    let text = text(&output.stdout);
    assert!(text.contains("[4999900 more bytes on this line, not shown]") && text.len() < 5_000, "{text}");
}

const SLOW_PATTERN: &str = r#"
[[lab]]
name = "slow"
summary = "a pattern that takes far longer than the lab may"
timeout = "2s"

[[lab.process]]
name = "p"
command = ["sh", "-c", "head -c 100000 /dev/zero | tr '\\0' x; echo"]

[[lab.check]]
name = "a pathological pattern over a 100 KB line"
process = "p"
stdout-matches = '(?:.{1,100}){200}z'
"#;

/// Matching that pattern takes tens of seconds; the check gives up when the lab's time is spent and
/// says so, instead of holding the lab (and a grading) far past its timeout.
#[test]
fn a_check_that_runs_past_the_labs_timeout_is_reported_as_timed_out() {
    let labs = Labs::new(SLOW_PATTERN);
    let output = labs.run(&["run"]);
    assert_eq!(output.status.code(), Some(1), "{}", explain(&output));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("failed: timed out: matching /(?:.{1,100}){200}z/ against 100001 bytes"),
        "{stdout}"
    );
}

/// A lab whose program ends with exit 4 where success is expected, with a hint written for the
/// English reason and given in both languages.
const FAILS_WITH_A_HINT: &str = r#"
[[lab]]
name = "bad"
summary = { en = "fails", es = "falla" }

[[lab.process]]
name = "p"
command = ["{bin:harness-fixture}", "eprint", "no config", "exit", "4"]

[[lab.check]]
name = { en = "succeeds", es = "termina bien" }
process = "p"
exit = "success"
hints = [{ when = "ended with exit 4, expected success", text = { en = "end with exit 0", es = "termine con código 0" } }]
"#;

#[test]
fn a_failure_reason_is_in_spanish_with_lang_es_and_its_hint_still_matches() {
    let labs = Labs::new(FAILS_WITH_A_HINT);
    let output = labs.run(&["run", "--lang", "es"]);
    assert_eq!(output.status.code(), Some(1), "{}", explain(&output));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains(
            "p terminó con código de salida 4; se esperaba éxito (código de salida 0) \
             (su última línea en stderr: no config): termine con código 0"
        ),
        "{}",
        explain(&output)
    );
    assert!(!stdout.contains("ended with"), "{}", explain(&output));
    let english = labs.run(&["run", "--lang", "en"]);
    assert!(
        text(&english.stdout).contains(
            "p ended with exit 4, expected success (exit 0) (its last line on stderr: no config): end with exit 0"
        ),
        "{}",
        explain(&english)
    );
}

#[test]
fn a_spanish_locale_gives_spanish_reasons_without_a_flag() {
    let labs = Labs::new(
        r#"
[[lab]]
name = "slow"
summary = "per-process timeout"

[[lab.process]]
name = "client"
command = ["{bin:harness-fixture}", "print", "waiting", "hang"]
timeout = "300ms"

[[lab.check]]
name = "finishes in time"
process = "client"
within = "1s"
"#,
    );
    let output = Command::new(socklab())
        .current_dir(labs.dir.path())
        .env("NO_COLOR", "1")
        .env("LANG", "es_AR.UTF-8")
        .args(["run"])
        .timeout(RUN_LIMIT)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", explain(&output));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("client no terminó en 300ms"), "{stdout}");
    assert!(stdout.contains("client no terminó por sí solo en 1s: socklab lo detuvo (SIGTERM)"), "{stdout}");
    assert!(stdout.contains("terminado por SIGTERM (detenido por socklab)"), "{stdout}");
}
