//! `socklab gradescope-bundle`: the autograder zip a Gradescope programming assignment takes, so that
//! a course grades each submission with `socklab grade --one --gradescope` without writing scripts.
//!
//! Gradescope's layout (<https://gradescope-autograders.readthedocs.io/en/latest/specs/>): the zip
//! is unpacked into `/autograder/source`; `setup.sh` runs there once, as root, when the autograder
//! image is built (Ubuntu 22.04 by default, with internet); for each submission Gradescope copies
//! `source/run_autograder` to `/autograder/run_autograder`, puts the student's files in
//! `/autograder/submission`, runs it, and reads `/autograder/results/results.json`.
//!
//! The zip holds:
//!
//! | entry | what |
//! |---|---|
//! | `setup.sh` | installs the Ubuntu packages the chosen labs use (`python3`, `iproute2` for labs with hosts), makes the programs executable and checks that socklab runs and reads the labs file |
//! | `run_autograder` | `socklab grade SUBMISSION --one --gradescope results.json` on the chosen labs, with `--unisolated` when the container cannot make namespaces (it says so) |
//! | `labs.toml` | the labs file as given with `--labs`, whole; `run_autograder` names the labs |
//! | `bin/` | `socklab` and the lab programs the chosen labs call, statically linked (musl), so that they run on any x86-64 Linux whatever its C library |
//!
//! Every path in the scripts starts at `$AUTOGRADER_ROOT` (default `/autograder`), so that the bundle
//! can be tried in any folder; `SOCKLAB_SKIP_APT=1` makes `setup.sh` leave the packages alone.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;

use crate::cli::{EXIT_OK, UsageError};
use crate::model::Lab;
use crate::template::Template;
use crate::tr;

/// The target whose binaries go into the bundle: x86-64 Linux with musl, linked statically.
pub const TARGET: &str = "x86_64-unknown-linux-musl";

/// How to get static binaries, for the errors that need them.
fn build_hint() -> String {
    tr!("bundle-build-hint")
}

/// Where the programs are inside the zip (and so under `/autograder/source`).
const BIN: &str = "bin";

#[derive(Args)]
#[command(after_help = tr!("bundle-after-help"))]
pub struct BundleArgs {
    #[arg(short = 'o', long = "output", value_name = "FILE", default_value = "autograder.zip", help = tr!("bundle-arg-output"))]
    output: PathBuf,
    #[arg(long = "lab", value_name = "NAME", help = tr!("bundle-arg-lab"))]
    lab_names: Vec<String>,
    #[arg(long, value_name = "DIR", help = tr!("bundle-arg-bin-dir"))]
    bin_dir: Option<PathBuf>,
}

/// What the bundle grades beyond its labs: the global options that change grading, passed on to
/// `socklab` in `run_autograder`.
pub struct Passed<'a> {
    /// `--lab-set NAME`, if given.
    pub lab_set: Option<&'a str>,
    /// Every `--set NAME=VALUE`, in order.
    pub set: &'a [(String, String)],
}

/// Writes the bundle for the labs of `file` that `args` chooses; usage errors (an unknown lab, an
/// output path that cannot be written, a binary that is missing or not static) are [`UsageError`]s.
pub fn bundle(labs: Vec<Lab>, file: &Path, args: BundleArgs, passed: Passed) -> Result<u8> {
    let labs = crate::grade::cli::select(labs, &args.lab_names, file).map_err(UsageError)?;
    check_output(&args.output).map_err(UsageError)?;
    let labs_text =
        std::fs::read(file).with_context(|| tr!("bundle-cannot-read", path = file.display().to_string()))?;
    let mut programs: BTreeSet<&str> = labs.iter().flat_map(Lab::programs).collect();
    programs.insert("socklab");
    let started = Instant::now();
    let bin_dir = match &args.bin_dir {
        Some(dir) => dir.clone(),
        None => build_static(&programs)?,
    };
    let binaries: Vec<(&str, PathBuf)> = programs.iter().map(|name| (*name, bin_dir.join(name))).collect();
    if let Some((name, _)) = binaries.iter().find(|(_, path)| !path.is_file()) {
        return Err(UsageError(tr!(
            "bundle-missing-program",
            dir = bin_dir.display().to_string(),
            name = name.to_string(),
            programs = programs.iter().copied().collect::<Vec<_>>().join(", ")
        ))
        .into());
    }
    for (_, path) in &binaries {
        check_static(path).map_err(UsageError)?;
    }
    let packages = packages(&labs);
    let names: Vec<&str> = labs.iter().map(|lab| lab.name.as_str()).collect();
    let entries = Entries {
        setup: setup_script(&packages),
        run: run_script(&names, &passed),
        labs: labs_text,
        binaries,
    };
    let size = write_zip(&args.output, &entries)?;
    let wrote = tr!(
        "bundle-wrote",
        path = args.output.display().to_string(),
        size = format!("{:.1}", size as f64 / f64::from(1 << 20)),
        seconds = format!("{:.1}", started.elapsed().as_secs_f64()),
        count = names.len(),
        labs = names.join(", "),
        programs = programs.iter().copied().collect::<Vec<_>>().join(", "),
        packages = if packages.is_empty() { tr!("bundle-no-packages") } else { packages.join(", ") },
    );
    println!("{wrote}");
    println!("{}", tr!("bundle-upload"));
    Ok(EXIT_OK)
}

/// The output path can be (re)written: its folder exists and is writable, and what is there, if
/// anything, is a zip (a typo must not replace a report or a source file).
fn check_output(path: &Path) -> Result<(), String> {
    crate::cli::check_writable(path)?;
    if path.exists() {
        let mut magic = [0u8; 4];
        let read = std::fs::File::open(path).and_then(|mut file| file.read_exact(&mut magic));
        if read.is_err() || !(magic == *b"PK\x03\x04" || magic == *b"PK\x05\x06") {
            return Err(tr!("bundle-not-a-zip", path = path.display().to_string()));
        }
    }
    Ok(())
}

/// The Ubuntu packages the labs use: `python3` when a command starts with it, `iproute2` (`ip`)
/// when a lab has hosts (they are network namespaces made with `ip`).
fn packages(labs: &[Lab]) -> Vec<&'static str> {
    let python = Template::literal("python3");
    let mut packages = BTreeSet::new();
    for lab in labs {
        let commands = lab.processes.iter().flat_map(|p| std::iter::once(&p.command).chain(&p.student));
        if commands.filter_map(|words| words.first()).any(|first| *first == python) {
            packages.insert("python3");
        }
        if !lab.hosts.is_empty() {
            packages.insert("iproute2");
        }
    }
    packages.into_iter().collect()
}

/// `word` for a POSIX shell: as is when it is plain, in single quotes otherwise.
fn shell_quote(word: &str) -> String {
    let plain =
        !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./=:,+@%".contains(&b));
    if plain { word.to_owned() } else { format!("'{}'", word.replace('\'', r"'\''")) }
}

/// `setup.sh`: the packages, the programs made executable, and a first run of socklab on the image.
fn setup_script(packages: &[&str]) -> String {
    let install = if packages.is_empty() {
        "# The labs need no Ubuntu package.\n".to_owned()
    } else {
        format!(
            "if [ \"${{SOCKLAB_SKIP_APT:-0}}\" != 1 ]; then\n  \
               apt-get update -qq\n  \
               DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends {}\n\
             fi\n",
            packages.join(" ")
        )
    };
    format!(
        "#!/usr/bin/env bash\n\
         # Gradescope runs this once, as root, when it builds the autograder image (written by\n\
         # `socklab gradescope-bundle`): it installs what the labs use and checks that socklab runs.\n\
         set -euo pipefail\n\
         root=\"${{AUTOGRADER_ROOT:-/autograder}}\"\n\
         {install}\
         chmod 755 \"$root/source/{BIN}\"/* \"$root/source/run_autograder\"\n\
         if [ -f \"$root/run_autograder\" ]; then chmod 755 \"$root/run_autograder\"; fi\n\
         \"$root/source/{BIN}/socklab\" --version\n\
         \"$root/source/{BIN}/socklab\" --labs \"$root/source/labs.toml\" list >/dev/null\n"
    )
}

/// `run_autograder`: one submission graded on the chosen labs; Gradescope's `results.json` is
/// socklab's. If socklab fails without writing it, Gradescope shows an autograder error: a failure
/// the student did not cause does not become a score.
fn run_script(labs: &[&str], passed: &Passed) -> String {
    let mut global = String::new();
    if let Some(set) = passed.lab_set {
        global.push_str(&format!(" --lab-set {}", shell_quote(set)));
    }
    for (name, value) in passed.set {
        global.push_str(&format!(" --set {}", shell_quote(&format!("{name}={value}"))));
    }
    let chosen: String = labs.iter().map(|lab| format!(" --lab {}", shell_quote(lab))).collect();
    format!(
        "#!/usr/bin/env bash\n\
         # Gradescope runs this for each submission (written by `socklab gradescope-bundle`): socklab\n\
         # grades the student's files and writes Gradescope's results.json itself.\n\
         set -u\n\
         root=\"${{AUTOGRADER_ROOT:-/autograder}}\"\n\
         mkdir -p \"$root/results\"\n\
         # The container holds this one submission and nothing of other students: without namespaces\n\
         # (Docker without SYS_ADMIN) grading unisolated is safe here.\n\
         unisolated=()\n\
         if ! unshare --net --pid --mount --fork true >/dev/null 2>&1; then\n  \
           echo \"run_autograder: this container cannot create namespaces; grading with --unisolated (the container holds this submission alone)\"\n  \
           unisolated=(--unisolated)\n\
         fi\n\
         cd \"$root/source\"\n\
         exec \"$root/source/{BIN}/socklab\" --labs \"$root/source/labs.toml\"{global} grade \"$root/submission\" --one \\\n  \
           --gradescope \"$root/results/results.json\"{chosen} ${{unisolated[@]+\"${{unisolated[@]}}\"}}\n"
    )
}

/// What goes into the zip besides the fixed names.
struct Entries<'a> {
    setup: String,
    run: String,
    labs: Vec<u8>,
    binaries: Vec<(&'a str, PathBuf)>,
}

/// Writes the zip under a temporary name in the output's folder and renames it into place; its size
/// in bytes.
fn write_zip(output: &Path, entries: &Entries) -> Result<u64> {
    use zip::write::SimpleFileOptions;
    let folder = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let temporary = tempfile::Builder::new()
        .prefix(".gradescope-bundle-")
        .suffix(".zip")
        .tempfile_in(folder)
        .with_context(|| tr!("bundle-cannot-write-in", path = folder.display().to_string()))?;
    let mut zip = zip::ZipWriter::new(temporary.reopen()?);
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let script = options.unix_permissions(0o755);
    zip.start_file("setup.sh", script)?;
    zip.write_all(entries.setup.as_bytes())?;
    zip.start_file("run_autograder", script)?;
    zip.write_all(entries.run.as_bytes())?;
    zip.start_file("labs.toml", options.unix_permissions(0o644))?;
    zip.write_all(&entries.labs)?;
    zip.add_directory(BIN, options.unix_permissions(0o755))?;
    for (name, path) in &entries.binaries {
        zip.start_file(format!("{BIN}/{name}"), script.large_file(true))?;
        let mut file = std::fs::File::open(path)
            .with_context(|| tr!("bundle-cannot-read", path = path.display().to_string()))?;
        std::io::copy(&mut file, &mut zip)
            .with_context(|| tr!("bundle-cannot-add", path = path.display().to_string()))?;
    }
    let mut written = zip.finish().with_context(|| tr!("bundle-cannot-finish"))?;
    written.flush()?;
    written.sync_all()?;
    let size = written.metadata()?.len();
    temporary
        .persist(output)
        .with_context(|| tr!("bundle-cannot-write", path = output.display().to_string()))?;
    Ok(size)
}

/// Ok when `path` is an x86-64 ELF executable without a program interpreter (PT_INTERP): statically
/// linked, so it runs on the autograder image whatever C library it has. The reason otherwise.
pub fn check_static(path: &Path) -> Result<(), String> {
    use object::elf::{EM_X86_64, PT_INTERP};
    use object::read::elf::{ElfFile64, FileHeader, ProgramHeader};
    let shown = path.display().to_string();
    let data = std::fs::read(path)
        .map_err(|err| tr!("bundle-cannot-read-reason", path = shown.clone(), reason = err.to_string()))?;
    let elf = ElfFile64::<object::Endianness>::parse(data.as_slice())
        .map_err(|_| tr!("bundle-not-elf", path = shown.clone()))?;
    let endian = elf.endian();
    if elf.elf_header().e_machine(endian) != EM_X86_64 {
        return Err(tr!("bundle-not-x86-64", path = shown));
    }
    for segment in elf.elf_program_headers() {
        if segment.p_type(endian) == PT_INTERP {
            let interpreter = segment.interpreter(endian, data.as_slice()).ok().flatten().unwrap_or_default();
            return Err(tr!(
                "bundle-dynamic",
                path = shown,
                interpreter = String::from_utf8_lossy(interpreter).into_owned(),
                hint = build_hint()
            ));
        }
    }
    Ok(())
}

/// Builds `programs` for [`TARGET`] (release, symbols stripped) into the target folder socklab runs
/// from, when cargo started socklab; the folder they are in.
fn build_static(programs: &BTreeSet<&str>) -> Result<PathBuf> {
    let shown = format!("cargo build --release --target {TARGET} --bins");
    let Some(cargo) = crate::programs::started_by_cargo() else {
        return Err(UsageError(tr!("bundle-not-by-cargo", hint = build_hint())).into());
    };
    if !target_installed(&cargo) {
        return Err(UsageError(tr!("bundle-no-target", target = TARGET)).into());
    }
    let target_dir = crate::programs::bin_dir()?.parent().map(Path::to_owned).unwrap_or_default();
    let mut command = std::process::Command::new(&cargo.program);
    command
        .args(["build", "--release", "--target", TARGET, "--manifest-path"])
        .arg(&cargo.manifest)
        .env("CARGO_TARGET_DIR", &target_dir)
        // Stripped: a fifth of the size, and nothing in the autograder reads symbols.
        .env("CARGO_PROFILE_RELEASE_STRIP", "symbols")
        .stdout(std::process::Stdio::null());
    for program in programs {
        command.args(["--bin", program]);
    }
    // ring compiles C for the target; without a musl cross compiler the system's C compiler does
    // (ring's C code uses no C library headers).
    let compiler = format!("CC_{}", TARGET.replace('-', "_"));
    if std::env::var_os(&compiler).is_none() && !on_path("x86_64-linux-musl-gcc") {
        command.env(&compiler, if on_path("musl-gcc") { "musl-gcc" } else { "cc" });
    }
    eprintln!("{}", tr!("bundle-building", command = shown.clone()));
    let status = command
        .status()
        .with_context(|| tr!("bundle-cannot-run", program = cargo.program.display().to_string()))?;
    if !status.success() {
        anyhow::bail!(tr!("bundle-build-failed", command = shown, status = status.to_string()));
    }
    Ok(target_dir.join(TARGET).join("release"))
}

/// Whether rustc has the standard library for [`TARGET`] (in its sysroot).
fn target_installed(cargo: &crate::programs::Cargo) -> bool {
    let folder = cargo.manifest.parent().unwrap_or(Path::new("."));
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = std::process::Command::new(rustc).args(["--print", "sysroot"]).current_dir(folder).output();
    output.is_ok_and(|output| {
        let sysroot = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        output.status.success() && Path::new(&sysroot).join("lib/rustlib").join(TARGET).join("lib").is_dir()
    })
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_quote("grade-udp-echo"), "grade-udp-echo");
        assert_eq!(shell_quote("shutdown=FIN"), "shutdown=FIN");
        assert_eq!(shell_quote("bye=it's over"), r"'bye=it'\''s over'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn the_running_test_binary_is_dynamic_and_text_is_not_elf() {
        let exe = std::env::current_exe().unwrap();
        let static_target = cfg!(target_env = "musl") || cfg!(target_feature = "crt-static");
        assert_eq!(check_static(&exe).is_ok(), static_target, "{:?}", check_static(&exe));
        if !static_target {
            assert!(check_static(&exe).unwrap_err().contains("dynamically linked (it needs /lib"));
        }
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("socklab");
        std::fs::write(&text, "#!/bin/sh\n").unwrap();
        assert!(check_static(&text).unwrap_err().contains("not a 64-bit ELF"));
    }

    #[test]
    fn an_existing_file_is_replaced_only_if_it_is_a_zip() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes.txt");
        std::fs::write(&notes, "hello").unwrap();
        assert!(check_output(&notes).unwrap_err().contains("not a zip"));
        let zip = dir.path().join("old.zip");
        std::fs::write(&zip, b"PK\x05\x06").unwrap();
        assert_eq!(check_output(&zip), Ok(()));
        assert!(check_output(&dir.path().join("missing/a.zip")).unwrap_err().contains("does not exist"));
    }
}
