//! Grading isolation: a verdict depends on the submission alone. Student-style submissions in
//! tests/submissions/ (and a few written here, where they need a path known only at test time) are
//! graded in a class folder of their own, and each exact score is asserted: code that reads files next
//! to itself, waits on input(), checks its environment, binds late, daemonizes, fills /tmp, looks for
//! classmates or deletes the class folder. Most need root (namespaces, accounts) and say SKIPPED
//! otherwise; the non-root rules (refusal without --unisolated, environment errors) are tested too.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::explain_output as explain;
use crate::support::socklab;

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn is_root() -> bool {
    nix::unistd::Uid::effective().is_root()
}

/// A class folder holding copies of the named submissions (from tests/submissions or
/// examples/submissions), and the scratch folder its graders use as TMPDIR.
struct Class {
    dir: tempfile::TempDir,
    scratch: tempfile::TempDir,
}

impl Class {
    fn new(names: &[&str]) -> Class {
        let dir = tempfile::Builder::new().prefix("socklab-class-").tempdir().unwrap();
        for name in names {
            let source = [repository().join("tests/submissions"), repository().join("examples/submissions")]
                .into_iter()
                .map(|folder| folder.join(name))
                .find(|folder| folder.is_dir())
                .unwrap_or_else(|| panic!("no submission named {name}"));
            copy_folder(&source, &dir.path().join(name));
        }
        Class { dir, scratch: tempfile::Builder::new().prefix("socklab-scratch-").tempdir().unwrap() }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A submission written here: `udp_echo_server.py` with `code`.
    fn add(&self, name: &str, code: &str) {
        std::fs::create_dir_all(self.path().join(name)).unwrap();
        std::fs::write(self.path().join(name).join("udp_echo_server.py"), code).unwrap();
    }

    /// `socklab grade CLASS ARGS --json FILE`: the output and the parsed results.
    fn grade(&self, args: &[&str]) -> (Output, Value) {
        let json = self.scratch.path().join("results.json");
        let _ = std::fs::remove_file(&json);
        let output = Command::new(socklab())
            .current_dir(repository())
            .env("TMPDIR", self.scratch.path())
            .env("SOCKLAB_TEST_SECRET", "grader-only")
            .arg("grade")
            .arg(self.path())
            .args(args)
            .arg("--json")
            .arg(&json)
            .output()
            .unwrap();
        let results = std::fs::read_to_string(&json).map(|text| serde_json::from_str(&text).unwrap());
        (output, results.unwrap_or(Value::Null))
    }
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// Points per submission and lab; a lab the environment kept from being judged is `None`.
fn scores(results: &Value) -> BTreeMap<(String, String), Option<f64>> {
    let mut scores = BTreeMap::new();
    for submission in results["submissions"].as_array().unwrap() {
        for lab in submission["labs"].as_array().unwrap() {
            let checks = lab["checks"].as_array().unwrap();
            let points = if lab.get("error").is_some() {
                None
            } else {
                Some(
                    checks
                        .iter()
                        .filter(|check| check["verdict"] == "passed")
                        .map(|check| check["max_points"].as_f64().unwrap())
                        .sum(),
                )
            };
            let key =
                (submission["name"].as_str().unwrap().to_owned(), lab["lab"].as_str().unwrap().to_owned());
            scores.insert(key, points);
        }
    }
    scores
}

/// Every reason (and process output) of one submission's lab, as one text.
fn said(results: &Value, submission: &str, lab: &str) -> String {
    results["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["name"] == submission)
        .flat_map(|s| s["labs"].as_array().unwrap().iter().filter(|l| l["lab"] == lab).cloned())
        .map(|l| l.to_string())
        .collect()
}

fn assert_scores(results: &Value, expected: &[(&str, &str, Option<f64>)], output: &Output) {
    let got = scores(results);
    let wrong: Vec<String> = expected
        .iter()
        .filter(|(name, lab, points)| got.get(&(name.to_string(), lab.to_string())) != Some(points))
        .map(|(name, lab, points)| {
            format!(
                "{name} {lab}: expected {points:?}, got {:?}\n  {}",
                got.get(&(name.to_string(), lab.to_string())),
                said(results, name, lab)
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{}\n{}", wrong.join("\n"), explain(output));
}

#[test]
fn student_code_runs_as_in_a_terminal_and_reaches_nothing_outside_its_run() {
    if !is_root() {
        eprintln!("SKIPPED student_code_runs_as_in_a_terminal_and_reaches_nothing_outside_its_run: not root");
        return;
    }
    let class = Class::new(&[
        "config-reader",
        "input-stopper",
        "env-reader",
        "late-binder",
        "classmate-reader",
        "tmp-filler",
        "correct-udp",
    ]);
    std::fs::write(
        class.path().join("classmate-reader/class_folder.txt"),
        class.path().to_string_lossy().as_bytes(),
    )
    .unwrap();
    // Deletes the class folder (and what it can of the parent of its own folder) before serving.
    class.add(
        "rm-rf",
        &format!(
            "import shutil, socket, subprocess\n\
             subprocess.run(['rm', '-rf', {class:?}, '..'])\n\
             s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n\
             s.bind(('127.0.0.1', 3500))\n\
             while True:\n    d, a = s.recvfrom(1024)\n    s.sendto(d, a)\n",
            class = class.path().to_string_lossy()
        ),
    );
    // A correct server beside a 1 GiB sparse file: copying it would write 1 GiB.
    copy_folder(&repository().join("examples/submissions/correct-udp"), &class.path().join("sparse"));
    std::fs::File::create(class.path().join("sparse/capture.bin")).unwrap().set_len(1 << 30).unwrap();
    let before: Vec<String> = std::fs::read_dir("/tmp")
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();

    let (output, results) = class.grade(&[
        "--lab",
        "grade-udp-echo",
        "--lab",
        "grade-udp-several",
        "--lab",
        "grade-udp-shutdown",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", explain(&output));
    let (echo, several, shutdown) = ("grade-udp-echo", "grade-udp-several", "grade-udp-shutdown");
    let mut expected = Vec::new();
    for name in ["config-reader", "input-stopper", "env-reader", "classmate-reader", "tmp-filler", "rm-rf"] {
        // Echo servers without /shutdown: they answer the ordinary message, then echo the shutdown
        // message instead of saying bye, and never exit.
        expected.extend([(name, echo, Some(2.0)), (name, several, Some(4.0)), (name, shutdown, Some(1.0))]);
    }
    for name in ["late-binder", "correct-udp"] {
        expected.extend([(name, echo, Some(2.0)), (name, several, Some(4.0)), (name, shutdown, Some(3.0))]);
    }
    expected.extend([
        ("sparse", echo, Some(0.0)),
        ("sparse", several, Some(0.0)),
        ("sparse", shutdown, Some(0.0)),
    ]);
    assert_scores(&results, &expected, &output);
    assert!(
        said(&results, "sparse", echo)
            .contains("over the grading limit of 64.0 MiB (its largest file, capture.bin, is 1024.0 MiB)"),
        "{}",
        said(&results, "sparse", echo)
    );

    // The originals are intact, and nothing written to /tmp by a submission is left on the machine.
    for name in ["config-reader", "correct-udp", "sparse", "rm-rf"] {
        assert!(class.path().join(name).join("udp_echo_server.py").is_file(), "{name} was deleted");
    }
    let left: Vec<String> = std::fs::read_dir("/tmp")
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| !before.contains(name) && name.starts_with("socklab-test-filler"))
        .collect();
    assert!(left.is_empty(), "left in /tmp: {left:?}");
    assert_eq!(std::fs::read_dir(class.scratch.path()).unwrap().count(), 1, "only results.json is left");
}

#[test]
fn a_daemonizing_server_gets_the_same_accurate_verdict_on_every_run() {
    if !is_root() {
        eprintln!("SKIPPED a_daemonizing_server_gets_the_same_accurate_verdict_on_every_run: not root");
        return;
    }
    let class = Class::new(&["daemonizer"]);
    let (output, results) =
        class.grade(&["--lab", "grade-udp-echo", "--lab", "grade-udp-shutdown", "--repeat", "3"]);
    assert_eq!(output.status.code(), Some(0), "{}", explain(&output));
    assert!(!results.to_string().contains("\"flaky\""), "{results}");
    assert_scores(
        &results,
        &[("daemonizer", "grade-udp-echo", Some(0.0)), ("daemonizer", "grade-udp-shutdown", Some(0.0))],
        &output,
    );
    // A lab of the instructor's own can ask for it outright.
    let labs = class.scratch.path().join("daemon-labs.toml");
    std::fs::write(
        &labs,
        "[[lab]]\nname = \"foreground\"\nsummary = \"the server stays in the foreground\"\n\
         fixed-ports = { port = 3500 }\n\n[[lab.process]]\nname = \"server\"\n\
         command = [\"{bin:udp-chat}\", \"server\", \"--bind\", \"127.0.0.1:{port}\"]\n\
         student = [\"python3\", \"{submission}/udp_echo_server.py\"]\nends = \"exit\"\ntimeout = \"2s\"\n\n\
         [[lab.check]]\nname = \"nothing is left running\"\nprocess = \"server\"\nleaves-nothing-running = true\n",
    )
    .unwrap();
    let json = class.scratch.path().join("foreground.json");
    let output = Command::new(socklab())
        .current_dir(repository())
        .env("TMPDIR", class.scratch.path())
        .arg("--labs")
        .arg(&labs)
        .args(["grade", class.path().to_str().unwrap(), "--json"])
        .arg(&json)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", explain(&output));
    let own: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_scores(&own, &[("daemonizer", "foreground", Some(0.0))], &output);
    assert!(said(&own, "daemonizer", "foreground").contains("left processes in the background"), "{own}");
    for lab in ["grade-udp-echo", "grade-udp-shutdown"] {
        let text = said(&results, "daemonizer", lab);
        assert!(
            text.contains(
                "exit 0, and left processes in the background (python3 {submission}/udp_echo_server.py)"
            ) && text.contains("run the program in the foreground"),
            "{lab}: {text}"
        );
    }
}

#[test]
fn two_graders_at_once_give_the_verdicts_of_one() {
    if !is_root() {
        eprintln!(
            "SKIPPED two_graders_at_once_give_the_verdicts_of_one: not root (graders then share the loopback)"
        );
        return;
    }
    // Every example on every lab, twice at once: both must give the lone run's ground truth.
    let names: Vec<&str> = crate::grade::EXPECTED.iter().map(|(name, _)| *name).collect();
    let (first, second) = (Class::new(&names), Class::new(&names));
    let ((out_a, a), (out_b, b)) = std::thread::scope(|scope| {
        let a = scope.spawn(|| first.grade(&[]));
        let b = scope.spawn(|| second.grade(&[]));
        (a.join().unwrap(), b.join().unwrap())
    });
    assert_eq!(out_a.status.code(), Some(0), "{}", explain(&out_a));
    assert_eq!(out_b.status.code(), Some(0), "{}", explain(&out_b));
    let expected: Vec<(&str, &str, Option<f64>)> = crate::grade::EXPECTED
        .iter()
        .flat_map(|(name, points)| {
            crate::grade::LABS.iter().zip(points).map(|(lab, p)| (*name, *lab, Some(*p)))
        })
        .collect();
    assert_scores(&a, &expected, &out_a);
    assert_scores(&b, &expected, &out_b);
}

/// Runs `body` on a thread in a network namespace of its own (root only): what it binds and the
/// programs it starts share a loopback with nothing else on the machine.
fn in_fresh_network<T: Send>(body: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                nix::sched::unshare(nix::sched::CloneFlags::CLONE_NEWNET).unwrap();
                let lo = Command::new("ip").args(["link", "set", "lo", "up"]).status();
                assert!(lo.is_ok_and(|status| status.success()), "cannot bring up lo with `ip`");
                body()
            })
            .join()
            .unwrap()
    })
}

#[test]
fn a_port_another_program_holds_is_an_environment_error_not_a_score() {
    if !is_root() || !crate::support::have("ip") {
        eprintln!(
            "SKIPPED a_port_another_program_holds_is_an_environment_error_not_a_score: needs root and `ip` \
             (the foreign program must hold 3500 in a namespace of the test's own)"
        );
        return;
    }
    let class = Class::new(&["correct-udp"]);
    let (output, results) = in_fresh_network(|| {
        let _foreign = std::net::UdpSocket::bind("127.0.0.1:3500").unwrap();
        class.grade(&["--unisolated", "--lab", "grade-udp-echo", "--lab", "grade-udp-exec"])
    });
    assert_eq!(output.status.code(), Some(3), "{}", explain(&output));
    assert_scores(
        &results,
        &[("correct-udp", "grade-udp-echo", None), ("correct-udp", "grade-udp-exec", None)],
        &output,
    );
    let text = said(&results, "correct-udp", "grade-udp-echo");
    assert!(text.contains("udp 127.0.0.1:3500 was already taken by another program"), "{text}");
    assert!(text.contains("\"verdict\":\"error\""), "{text}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("correct-udp") && stdout.contains("error"), "{stdout}");
}

#[test]
fn a_missing_interpreter_is_an_environment_error_not_a_score() {
    let class = Class::new(&["correct-udp"]);
    let labs = class.scratch.path().join("labs.toml");
    let text = std::fs::read_to_string(repository().join("labs.toml")).unwrap();
    std::fs::write(&labs, text.replace("student = [\"python3\",", "student = [\"python3-not-installed\","))
        .unwrap();
    let json = class.scratch.path().join("missing.json");
    let output = Command::new(socklab())
        .current_dir(repository())
        .env("TMPDIR", class.scratch.path())
        .arg("--labs")
        .arg(&labs)
        .args(["grade", class.path().to_str().unwrap(), "--unisolated", "--lab", "grade-udp-echo", "--json"])
        .arg(&json)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{}", explain(&output));
    let results: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_scores(&results, &[("correct-udp", "grade-udp-echo", None)], &output);
    let text = said(&results, "correct-udp", "grade-udp-echo");
    assert!(text.contains("python3-not-installed is not installed on the grading machine"), "{text}");
}

#[test]
fn without_isolation_grading_refuses_to_run_student_code_unless_told_to() {
    // As root, the same socklab is run as an unprivileged user (setpriv), which can make no namespace.
    let mut command = if is_root() {
        if !crate::support::have("setpriv") {
            eprintln!(
                "SKIPPED without_isolation_grading_refuses_to_run_student_code_unless_told_to: no setpriv"
            );
            return;
        }
        let mut command = Command::new("setpriv");
        command.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]).arg(socklab());
        command
    } else {
        Command::new(socklab())
    };
    let class = Class::new(&["correct-udp"]);
    std::fs::set_permissions(class.path(), std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let output = command
        .current_dir(repository())
        .arg("--labs")
        .arg(repository().join("labs.toml"))
        .args(["grade", class.path().to_str().unwrap(), "--lab", "grade-udp-echo"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("Permission denied") {
        eprintln!("SKIPPED without_isolation_grading_refuses_to_run_student_code_unless_told_to: {stderr}");
        return;
    }
    assert_eq!(output.status.code(), Some(2), "{}", explain(&output));
    assert!(
        stderr.contains("student code cannot be isolated here") && stderr.contains("--unisolated"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}
