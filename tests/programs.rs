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

/// A labs file with one lab, a lab set giving a variable, and texts in English and Spanish.
const LANG_LABS: &str = r#"[vars]
port = "3500"

[[lab]]
name = "one"
summary = { en = "first lab", es = "primer lab" }

[[lab.process]]
name = "server"
command = ["{bin:udp-chat}", "server", "--bind", "127.0.0.1:{var:port}"]
ready = { stdout = "^listening" }

[[lab.process]]
name = "client"
command = ["{bin:udp-chat}", "client", "--to", "127.0.0.1:{var:port}"]
after-ready = "server"

[[lab.check]]
name = "client gets the echo"
process = "client"
stdout-contains = "-->"

[[lab-set]]
name = "all"
summary = { en = "every lab", es = "todos los labs" }
labs = ["one"]
vars = { port = "4000" }
"#;

/// `labs.toml` in a folder of its own, with `text` in it.
fn labs_file(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("labs.toml"), text).unwrap();
    dir
}

#[test]
fn socklab_help_in_spanish_translates_the_commands_and_a_subcommand_s_flags() {
    let output = command(Path::new(socklab())).args(["--lang", "es", "--help"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.starts_with(
        "Ejecuta los escenarios de sockets de labs.toml con los programas de referencia y verifica lo que ocurrió\n\nUso: socklab"
    ), "{help}");
    assert!(help.contains("\n  list               Lista los labs, uno por línea\n"), "{help}");
    assert!(help.contains("      --labs <FILE>         El archivo de labs [default: labs.toml]\n"), "{help}");
    assert!(help.contains("\nEjemplos:\n  socklab run                  # todos los labs\n"), "{help}");
    let output = command(Path::new(socklab())).args(["sweep", "--lang", "es", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("\n  [NAME]  El experimento a ejecutar (vea --list)\n"), "{help}");
    assert!(help.contains("      --list                Lista los experimentos, uno por línea\n"), "{help}");
    let english = command(Path::new(socklab())).args(["sweep", "--help"]).output().unwrap();
    let english = String::from_utf8_lossy(&english.stdout);
    assert!(english.contains("\n  [NAME]  The experiment to run (see --list)\n"), "{english}");
}

#[test]
fn socklab_list_in_spanish_gives_the_lab_texts_and_the_headings_in_spanish() {
    let dir = labs_file(LANG_LABS);
    let output = command(Path::new(socklab()))
        .current_dir(dir.path())
        .args(["--lang", "es", "list"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "one  primer lab\n\nConjuntos de labs (socklab grade DIR --lab-set NAME):\n  all  1 lab, 1 pts  todos los labs\n    con port=4000\n    one\n"
    );
    let output = command(Path::new(socklab())).current_dir(dir.path()).arg("list").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "one  first lab\n\nLab sets (socklab grade DIR --lab-set NAME):\n  all  1 lab, 1 pts  every lab\n    with port=4000\n    one\n"
    );
}

#[test]
fn a_labs_toml_mistake_is_said_in_spanish_with_its_place() {
    let dir = labs_file(&LANG_LABS.replace("after-ready = \"server\"", "after-ready = \"sever\""));
    let output = command(Path::new(socklab()))
        .current_dir(dir.path())
        .args(["--lang", "es", "list"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: labs.toml:16:15: lab[0].process[1].after-ready: no hay ningún proceso llamado 'sever' en este lab \
         (tiene: server, client)\n    16 | after-ready = \"sever\"\n"
    );
    // serde's own words for an unknown key, said again in Spanish; the locale alone chooses it.
    let dir = labs_file(&LANG_LABS.replace("after-ready", "afterready"));
    let output = command(Path::new(socklab()))
        .current_dir(dir.path())
        .env("LANG", "es_AR.UTF-8")
        .arg("list")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(
            "error: labs.toml:16:1: lab[0].process[1].afterready: clave desconocida `afterready`, se espera una de `name`, "
        ),
        "{stderr}"
    );
    assert_eq!(stderr.lines().nth(1), Some("    16 | afterready = \"server\""), "{stderr}");
    let output = command(Path::new(socklab())).current_dir(dir.path()).arg("list").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(": unknown field `afterready`, expected one of `name`, "), "{stderr}");
}

#[test]
fn a_bad_size_is_one_spanish_line_with_lang_es_or_a_spanish_locale() {
    let output = command(Path::new(udp_chat()))
        .args(["--lang", "es", "client", "--to", "127.0.0.1:9", "--size", "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: valor 'x' no válido para '--size <BYTES>': 'x' no es un tamaño (se espera p. ej. 1200, 64K o 1MiB) \
         (ver --help)\n"
    );
    let output = command(Path::new(tcp_echo()))
        .env("LANG", "es_AR.UTF-8")
        .args(["client", "--to", "127.0.0.1:9", "--recv-size", "5x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: valor '5x' no válido para '--recv-size <BYTES>': '5x' tiene una unidad desconocida (use B, K, M, G o T) \
         (ver --help)\n"
    );
    let output = command(Path::new(udp_chat()))
        .args(["client", "--to", "127.0.0.1:9", "--size", "1T"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: invalid value '1T' for '--size <BYTES>': '1T' is over the limit of 65535B (see --help)\n"
    );
}

#[test]
fn an_unknown_language_is_one_line_naming_the_ones_there_are() {
    let output = command(Path::new(socklab())).args(["--lang", "fr", "list"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert_eq!(String::from_utf8_lossy(&output.stderr), "error: unknown language 'fr' (available: en, es)\n");
}
