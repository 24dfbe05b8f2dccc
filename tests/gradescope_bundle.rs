//! `socklab gradescope-bundle`: the zip is unpacked into a temporary Gradescope layout
//! (AUTOGRADER_ROOT/{source,submission,results}), its `setup.sh` runs without the apt part and its
//! `run_autograder` grades example submissions; the results.json it leaves must hold only the fields
//! Gradescope documents (https://gradescope-autograders.readthedocs.io/en/latest/specs/) and the
//! scores tests/grade.rs expects of those examples. Bad inputs are refused with one line and exit 2.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::grade::{EXPECTED, LABS, grading};
use crate::support::{explain_output as explain, socklab};

const TARGET: &str = "x86_64-unknown-linux-musl";
/// The labs the bundle grades in these tests.
const BUNDLED: [&str; 2] = ["grade-udp-echo", "grade-udp-address"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `socklab --labs labs.toml gradescope-bundle ARGS` (under cargo test, so socklab may build).
fn bundle(args: &[&str]) -> Output {
    Command::new(socklab())
        .current_dir(root())
        .arg("--labs")
        .arg(root().join("labs.toml"))
        .arg("gradescope-bundle")
        .args(args)
        .output()
        .expect("socklab runs")
}

/// Whether rustc can build for the musl target (its standard library is in the sysroot).
fn musl_installed() -> bool {
    let output = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
        .args(["--print", "sysroot"])
        .current_dir(root())
        .output();
    output.is_ok_and(|output| {
        let sysroot = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        Path::new(&sysroot).join("lib/rustlib").join(TARGET).join("lib").is_dir()
    })
}

/// Unpacks the zip into `dir` with the modes it records, like Gradescope's /autograder/source.
fn unzip(zip: &Path, dir: &Path) -> Vec<String> {
    use std::os::unix::fs::PermissionsExt;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut names = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let path = dir.join(entry.enclosed_name().expect("no entry climbs out of the folder"));
        names.push(entry.name().to_owned());
        if entry.is_dir() {
            std::fs::create_dir_all(&path).unwrap();
            continue;
        }
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut file = std::fs::File::create(&path).unwrap();
        std::io::copy(&mut entry, &mut file).unwrap();
        if let Some(mode) = entry.unix_mode() {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode & 0o777)).unwrap();
        }
    }
    names
}

/// Copies every file of an example submission into `to`.
fn copy_submission(example: &str, to: &Path) {
    let from = root().join("examples/submissions").join(example);
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// The points tests/grade.rs expects of `example` on the bundled labs.
fn expected_score(example: &str) -> f64 {
    let (_, scores) = EXPECTED.iter().find(|(name, _)| *name == example).unwrap();
    BUNDLED.iter().map(|lab| scores[LABS.iter().position(|l| l == lab).unwrap()]).sum()
}

const VISIBILITY: [&str; 4] = ["hidden", "after_due_date", "after_published", "visible"];
const FORMATS: [&str; 4] = ["text", "html", "simple_format", "md"];

/// Every problem of a results.json against Gradescope's documented fields and types.
fn problems(results: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let Some(top) = results.as_object() else { return vec!["not a JSON object".into()] };
    let top_keys = [
        "score",
        "execution_time",
        "output",
        "output_format",
        "test_output_format",
        "test_name_format",
        "visibility",
        "stdout_visibility",
        "extra_data",
        "tests",
        "leaderboard",
    ];
    let test_keys = [
        "score",
        "max_score",
        "status",
        "name",
        "name_format",
        "number",
        "output",
        "output_format",
        "tags",
        "visibility",
        "extra_data",
    ];
    let check = |found: &mut Vec<String>, at: &str, key: &str, value: &Value| {
        let ok = match key {
            "score" | "max_score" | "execution_time" => value.is_number(),
            "output" | "name" | "number" => value.is_string(),
            "output_format" | "test_output_format" | "test_name_format" | "name_format" => {
                value.as_str().is_some_and(|v| FORMATS.contains(&v))
            }
            "visibility" | "stdout_visibility" => value.as_str().is_some_and(|v| VISIBILITY.contains(&v)),
            "status" => value.as_str().is_some_and(|v| ["passed", "failed"].contains(&v)),
            "tags" => value.as_array().is_some_and(|tags| tags.iter().all(Value::is_string)),
            "extra_data" => value.is_object(),
            "tests" | "leaderboard" => value.is_array(),
            _ => false,
        };
        if !ok {
            found.push(format!("{at}{key} = {value} is not what Gradescope documents"));
        }
    };
    for (key, value) in top {
        if !top_keys.contains(&key.as_str()) {
            found.push(format!("undocumented field {key}"));
        } else {
            check(&mut found, "", key, value);
        }
    }
    let tests = top.get("tests").and_then(Value::as_array).cloned().unwrap_or_default();
    for (index, test) in tests.iter().enumerate() {
        let at = format!("tests[{index}].");
        let Some(test) = test.as_object() else {
            found.push(format!("{at} is not an object"));
            continue;
        };
        for (key, value) in test {
            if !test_keys.contains(&key.as_str()) {
                found.push(format!("undocumented field {at}{key}"));
            } else {
                check(&mut found, &at, key, value);
            }
        }
    }
    let sum: f64 = tests.iter().filter_map(|test| test["score"].as_f64()).sum();
    if top.get("score").and_then(Value::as_f64) != Some(sum) {
        found.push(format!("score {:?} is not the sum of the tests' scores ({sum})", top.get("score")));
    }
    found
}

#[test]
fn the_bundle_grades_example_submissions_in_a_gradescope_layout() {
    if !musl_installed() {
        println!(
            "SKIPPED the_bundle_grades_example_submissions_in_a_gradescope_layout: the Rust target {TARGET} is not installed (rustup target add {TARGET})"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("autograder.zip");
    let mut args = vec!["-o", zip.to_str().unwrap()];
    for lab in BUNDLED {
        args.extend(["--lab", lab]);
    }
    let started = std::time::Instant::now();
    let output = bundle(&args);
    assert_eq!(output.status.code(), Some(0), "{}", explain(&output));
    println!(
        "bundle: {:.1}s, {} bytes",
        started.elapsed().as_secs_f64(),
        std::fs::metadata(&zip).unwrap().len()
    );

    let autograder = dir.path().join("autograder");
    let source = autograder.join("source");
    let names = unzip(&zip, &source);
    for name in ["setup.sh", "run_autograder", "labs.toml", "bin/socklab", "bin/udp-chat"] {
        assert!(names.iter().any(|n| n == name), "{name} missing from {names:?}");
    }
    let setup = std::fs::read_to_string(source.join("setup.sh")).unwrap();
    assert!(setup.contains("apt-get install") && setup.contains("python3"), "{setup}");
    let run = std::fs::read_to_string(source.join("run_autograder")).unwrap();
    assert!(run.contains("--one") && run.contains("--lab grade-udp-echo --lab grade-udp-address"), "{run}");

    let setup = Command::new("bash")
        .arg(source.join("setup.sh"))
        .env("AUTOGRADER_ROOT", &autograder)
        .env("SOCKLAB_SKIP_APT", "1")
        .output()
        .unwrap();
    assert!(setup.status.success(), "{}", explain(&setup));
    // Gradescope copies run_autograder up and runs it from /autograder.
    std::fs::copy(source.join("run_autograder"), autograder.join("run_autograder")).unwrap();

    let _lock = grading();
    let tmp = tempfile::tempdir().unwrap();
    for example in ["correct-udp", "upper-case"] {
        let submission = autograder.join("submission");
        let results = autograder.join("results");
        let _ = std::fs::remove_dir_all(&submission);
        let _ = std::fs::remove_dir_all(&results);
        std::fs::create_dir_all(&submission).unwrap();
        copy_submission(example, &submission);
        let started = std::time::Instant::now();
        let output = Command::new(autograder.join("run_autograder"))
            .current_dir(&autograder)
            .env("AUTOGRADER_ROOT", &autograder)
            .env("TMPDIR", tmp.path())
            .output()
            .unwrap();
        println!("run_autograder on {example}: {:.1}s", started.elapsed().as_secs_f64());
        assert_eq!(output.status.code(), Some(0), "{example}: {}", explain(&output));
        let text = std::fs::read_to_string(results.join("results.json")).unwrap();
        let json: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(problems(&json), Vec::<String>::new(), "{example}: {text}");
        assert_eq!(json["score"].as_f64(), Some(expected_score(example)), "{example}: {text}");
        let tests = json["tests"].as_array().unwrap();
        for lab in BUNDLED {
            assert!(tests.iter().any(|t| t["name"].as_str().unwrap().starts_with(&format!("{lab}: "))));
        }
        let failed = tests.iter().filter(|t| t["status"] == "failed").count();
        assert_eq!(failed > 0, example == "upper-case", "{example}: {text}");
        let isolated = nix::unistd::Uid::effective().is_root();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            stdout.contains("grading with --unisolated"),
            !json["output"].as_str().unwrap().contains("namespaces of its own"),
            "{stdout}"
        );
        if !isolated {
            assert!(stdout.contains("grading with --unisolated"), "{stdout}");
        }
    }
}

#[test]
fn a_checker_of_results_finds_undocumented_fields() {
    let good = serde_json::json!({"score": 1.0, "tests": [{"name": "a", "score": 1.0, "max_score": 1.0, "status": "passed", "visibility": "visible"}]});
    assert_eq!(problems(&good), Vec::<String>::new());
    let bad = serde_json::json!({"score": 2.0, "points": 1, "tests": [{"score": 1.0, "status": "ok", "visibility": "public"}]});
    assert_eq!(problems(&bad).len(), 4, "{:?}", problems(&bad));
}

/// One line on stderr, `error: ...`, naming what is wrong; exit 2; no zip written.
fn assert_refused(output: &Output, needle: &str, zip: &Path) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{}", explain(output));
    assert!(stderr.starts_with("error: ") && stderr.trim_end().lines().count() == 1, "{stderr}");
    assert!(stderr.contains(needle), "{needle} not in {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!zip.exists() || std::fs::read(zip).unwrap() == b"not a zip", "{} written", zip.display());
}

#[test]
fn bad_inputs_are_refused_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("autograder.zip");
    let out = zip.to_str().unwrap();

    let output = bundle(&["--lab", "no-such-lab", "-o", out]);
    assert_refused(&output, "no lab named 'no-such-lab'", &zip);
    let output = bundle(&["--lab", "udp-allowlist", "-o", out]);
    assert_refused(&output, "no process with a `student` command", &zip);

    // The test build's own programs are dynamically linked (glibc): refused, the file named.
    let dynamic = dir.path().join("dynamic");
    std::fs::create_dir(&dynamic).unwrap();
    std::os::unix::fs::symlink(socklab(), dynamic.join("socklab")).unwrap();
    std::os::unix::fs::symlink(crate::support::udp_chat(), dynamic.join("udp-chat")).unwrap();
    let bin_dir = dynamic.to_str().unwrap();
    let output = bundle(&["--lab", "grade-udp-echo", "--bin-dir", bin_dir, "-o", out]);
    if cfg!(target_env = "gnu") {
        assert_refused(&output, "dynamically linked", &zip);
        assert_refused(&output, &dynamic.join("socklab").display().to_string(), &zip);
    }
    let output = bundle(&["--lab", "grade-tcp-echo", "--bin-dir", bin_dir, "-o", out]);
    assert_refused(&output, "has no tcp-echo", &zip);

    let missing = dir.path().join("missing/autograder.zip");
    let output = bundle(&["--lab", "grade-udp-echo", "--bin-dir", bin_dir, "-o", missing.to_str().unwrap()]);
    assert_refused(&output, "does not exist", &missing);

    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "not a zip").unwrap();
    let output = bundle(&["--lab", "grade-udp-echo", "--bin-dir", bin_dir, "-o", notes.to_str().unwrap()]);
    assert_refused(&output, "not a zip file", &notes);
}

#[test]
fn refusals_are_one_spanish_line_with_lang_es() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "not a zip").unwrap();
    let output = bundle(&["--lang", "es", "--lab", "grade-udp-echo", "-o", notes.to_str().unwrap()]);
    let expected = format!("error: no se sobrescribe {}: no es un archivo zip\n", notes.display());
    assert_eq!(String::from_utf8_lossy(&output.stderr), expected);
    assert_refused(&output, "no es un archivo zip", &notes);
    let missing = dir.path().join("missing/autograder.zip");
    let output = bundle(&["--lang", "es", "--lab", "grade-udp-echo", "-o", missing.to_str().unwrap()]);
    assert_refused(
        &output,
        &format!("la carpeta {} no existe", dir.path().join("missing").display()),
        &missing,
    );
}
