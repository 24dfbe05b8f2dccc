//! The socklab programs that labs call with `{bin:NAME}` (udp-chat, tcp-echo, ...): where they are,
//! and getting them there when they are missing.
//!
//! They live next to the running `socklab`, where cargo puts every binary of the package. But
//! `cargo run --bin socklab` builds only socklab, so on a fresh clone the others do not exist yet.
//! When socklab was started by cargo (which sets `CARGO` and `CARGO_MANIFEST_DIR` for the program it
//! runs) it builds the missing programs itself, with the same profile and target folder, and says so
//! on stderr; started any other way, the error names the missing programs and the command that
//! builds them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::tr;

/// The folder `{bin:NAME}` programs are taken from: the running socklab's own.
pub fn bin_dir() -> Result<PathBuf> {
    let exe = std::env::current_exe().with_context(|| tr!("run-no-executable"))?;
    Ok(exe.parent().map(Path::to_owned).unwrap_or_default())
}

/// [`bin_dir`], once every program in `needed` is there: built first when socklab runs under cargo,
/// an error naming the missing ones otherwise.
pub fn ready<'a>(needed: impl IntoIterator<Item = &'a str>) -> Result<PathBuf> {
    let dir = bin_dir()?;
    let needed: BTreeSet<&str> = needed.into_iter().collect();
    let missing = missing(&dir, &needed);
    if missing.is_empty() {
        return Ok(dir);
    }
    let build = BuildCommand::for_bin_dir(&dir);
    let Some(cargo) = started_by_cargo() else {
        bail!(tr!(
            "run-programs-missing",
            programs = missing.join(", "),
            dir = dir.display().to_string(),
            command = build.shown()
        ));
    };
    eprintln!("{}", tr!("run-building-programs", programs = missing.join(", "), command = build.shown()));
    build.run(&cargo, &dir)?;
    let still = self::missing(&dir, &needed);
    if !still.is_empty() {
        bail!(tr!(
            "run-programs-not-built",
            command = build.shown(),
            programs = still.join(", "),
            dir = dir.display().to_string()
        ));
    }
    Ok(dir)
}

fn missing<'a>(dir: &Path, needed: &BTreeSet<&'a str>) -> Vec<&'a str> {
    needed.iter().copied().filter(|name| !dir.join(name).is_file()).collect()
}

/// Cargo and the manifest of this package, when cargo started this process.
pub(crate) struct Cargo {
    /// The cargo executable (`CARGO`).
    pub(crate) program: PathBuf,
    /// This package's Cargo.toml (`CARGO_MANIFEST_DIR`).
    pub(crate) manifest: PathBuf,
}

/// [`Cargo`] when cargo started this process (`cargo run`, `cargo test`) for this package.
pub(crate) fn started_by_cargo() -> Option<Cargo> {
    let program = PathBuf::from(std::env::var_os("CARGO")?);
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR")?).join("Cargo.toml");
    let ours = std::env::var("CARGO_PKG_NAME").is_ok_and(|name| name == env!("CARGO_PKG_NAME"));
    (ours && manifest.is_file()).then_some(Cargo { program, manifest })
}

/// `cargo build --bins` with the profile whose folder socklab runs from (`target/release` is the
/// `release` profile, `target/debug` the `dev` one).
struct BuildCommand {
    profile: String,
}

impl BuildCommand {
    fn for_bin_dir(dir: &Path) -> Self {
        let folder = dir.file_name().and_then(|name| name.to_str()).unwrap_or("release");
        let profile = if folder == "debug" { "dev" } else { folder };
        BuildCommand { profile: profile.to_owned() }
    }

    fn profile_args(&self) -> Vec<String> {
        match self.profile.as_str() {
            "dev" => Vec::new(),
            "release" => vec!["--release".to_owned()],
            other => vec!["--profile".to_owned(), other.to_owned()],
        }
    }

    /// The command as a user would type it from the repository root.
    fn shown(&self) -> String {
        let mut words = vec!["cargo".to_owned(), "build".to_owned()];
        words.extend(self.profile_args());
        words.push("--bins".to_owned());
        words.join(" ")
    }

    /// Builds into the target folder that holds `bin_dir`; cargo's own output goes to stderr.
    fn run(&self, cargo: &Cargo, bin_dir: &Path) -> Result<()> {
        let mut command = Command::new(&cargo.program);
        command
            .arg("build")
            .args(self.profile_args())
            .arg("--bins")
            .arg("--manifest-path")
            .arg(&cargo.manifest);
        if let Some(target) = bin_dir.parent() {
            command.env("CARGO_TARGET_DIR", target);
        }
        let status = command
            .stdout(std::process::Stdio::null())
            .status()
            .with_context(|| tr!("run-cannot-run", program = cargo.program.display().to_string()))?;
        if !status.success() {
            bail!(tr!("run-build-failed", command = self.shown(), status = status.to_string()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_command_matches_the_folder_socklab_runs_from() {
        let shown = |dir: &str| BuildCommand::for_bin_dir(Path::new(dir)).shown();
        assert_eq!(shown("/repo/target/release"), "cargo build --release --bins");
        assert_eq!(shown("/repo/target/debug"), "cargo build --bins");
        assert_eq!(shown("/repo/target/bench"), "cargo build --profile bench --bins");
    }

    #[test]
    fn present_programs_are_not_missing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("udp-chat"), "").unwrap();
        let needed = BTreeSet::from(["udp-chat", "tcp-echo"]);
        assert_eq!(missing(dir.path(), &needed), ["tcp-echo"]);
    }
}
