//! socklab and the programs its labs call (`{bin:NAME}`): found next to socklab, built by socklab when
//! cargo started it and they are missing (a fresh clone's `cargo run --bin socklab`), or named in an
//! error that says how to build them.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

use crate::support::{socklab, tcp_echo, text_image, udp_chat};

const RUN_LIMIT: Duration = Duration::from_secs(60);

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A target folder holding socklab alone, as `cargo run --release --bin socklab` leaves a fresh clone.
fn socklab_alone() -> (tempfile::TempDir, PathBuf) {
    let target = tempfile::tempdir().unwrap();
    let release = target.path().join("release");
    std::fs::create_dir(&release).unwrap();
    let copy = release.join("socklab");
    std::fs::copy(socklab(), &copy).unwrap();
    (target, copy)
}

/// socklab started the way a user starts it: none of cargo's variables (the test runner sets them).
fn command(program: &Path) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir(repository())
        .env_remove("CARGO")
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("CARGO_PKG_NAME")
        .env("NO_COLOR", "1")
        .timeout(RUN_LIMIT);
    command
}

#[test]
fn socklab_without_its_programs_names_them_and_the_command_that_builds_them() {
    let (_target, socklab) = socklab_alone();
    let output = command(&socklab).args(["run", "udp-echo"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("error: udp-chat not found next to socklab in "), "{stderr}");
    assert!(stderr.contains("`cargo build --release --bins`"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn socklab_started_by_cargo_builds_the_missing_programs_and_then_plays() {
    let (target, socklab) = socklab_alone();
    // A stand-in for cargo that records how it was called and "builds" by copying the real programs
    // into the target folder it was given.
    let calls = target.path().join("cargo-calls");
    let cargo = target.path().join("fake-cargo");
    std::fs::write(
        &cargo,
        format!(
            "#!/bin/sh\necho \"$@\" >> '{calls}'\ncp '{udp}' '{tcp}' '{text}' \"$CARGO_TARGET_DIR/release/\"\n",
            calls = calls.display(),
            udp = udp_chat(),
            tcp = tcp_echo(),
            text = text_image(),
        ),
    )
    .unwrap();
    std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    let run_under_cargo = || {
        command(&socklab)
            .env("CARGO", &cargo)
            .env("CARGO_MANIFEST_DIR", repository())
            .env("CARGO_PKG_NAME", "socklab")
            .args(["run", "udp-echo"])
            .output()
            .unwrap()
    };
    let output = run_under_cargo();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{stderr}");
    assert!(stderr.contains("note: building the lab programs socklab runs (udp-chat)"), "{stderr}");
    assert_eq!(stdout.lines().last(), Some("1 passed, 0 failed"), "{stdout}");
    let calls = std::fs::read_to_string(&calls).unwrap();
    let manifest = repository().join("Cargo.toml");
    assert_eq!(calls.trim(), format!("build --release --bins --manifest-path {}", manifest.display()));
    // Built once: a second run finds them.
    let again = run_under_cargo();
    assert!(again.status.success());
    assert!(!String::from_utf8_lossy(&again.stderr).contains("building"));
}

#[test]
fn outside_the_repository_the_labs_file_error_says_where_it_looked_and_names_the_flag() {
    let elsewhere = tempfile::tempdir().unwrap();
    let output = command(Path::new(socklab())).current_dir(elsewhere.path()).arg("run").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let looked = elsewhere.path().join("labs.toml");
    assert!(stderr.contains(&format!("looked for {}", looked.display())), "{stderr}");
    assert!(stderr.contains("--labs FILE"), "{stderr}");
}

#[test]
fn help_about_help_prints_the_help() {
    let output = command(Path::new(socklab())).args(["help", "--help"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("Usage: socklab"));
}
