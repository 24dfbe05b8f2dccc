//! `socklab grade` and `socklab merge` on the command line: which submissions and labs, how many at
//! once, which slice (`--shard K/N`), and where each report goes. Writing files happens here only.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;

use super::report;
use super::results::GradeResults;
use super::run::{self, Options, Submission};
use crate::cli::{EXIT_OK, EXIT_USAGE};
use crate::i18n::Lang;
use crate::model::Lab;
use crate::tr;

/// Ctrl-C stopped the grading.
const EXIT_INTERRUPTED: u8 = 130;
/// Grading finished, but some lab runs could not be judged because of the grading environment.
pub const EXIT_ENVIRONMENT: u8 = 3;

/// Lab runs per CPU when `--jobs` is not given. A grading run mostly waits (interpreters starting,
/// replies that never come, a stubborn process's grace period), so more runs than CPUs keep the CPUs
/// busy. Measured on 2 CPUs, 200 submissions × the 25 grade labs (docs/BENCHMARKS.md, "a class on
/// every grade lab"): 90 s with 8 runs at a time before socklab's own CPU was cut, then 24 runs
/// (47 s) and 32 (49 s) kept both CPUs busy (wall ÷ CPU-per-core 1.16), with the same verdicts as one
/// run at a time.
const RUNS_PER_CPU: usize = 12;
/// What one lab run may hold in memory at most, for the bound on the default number of runs: its
/// processes (interpreters mostly) and socklab's share.
const MEMORY_PER_RUN: u64 = 128 << 20;

/// The default number of lab runs at a time: [`RUNS_PER_CPU`] per CPU, fewer when the memory
/// available (MemAvailable of /proc/meminfo) would not hold them.
fn default_jobs() -> usize {
    let cpus = std::thread::available_parallelism().map(usize::from).unwrap_or(1);
    let by_memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            let line = text.lines().find(|line| line.starts_with("MemAvailable:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(usize::MAX, |kib| ((kib << 10) / MEMORY_PER_RUN).max(1) as usize);
    (RUNS_PER_CPU * cpus).min(by_memory)
}

#[derive(Args)]
pub struct GradeArgs {
    #[arg(value_name = "SUBMISSIONS_DIR", help = tr!("grade-arg-dir"))]
    dir: PathBuf,
    #[arg(long = "lab", id = "lab_names", value_name = "NAME", help = tr!("grade-arg-lab"))]
    lab_names: Vec<String>,
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..), help = tr!("grade-arg-jobs"))]
    jobs: Option<u16>,
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..), help = tr!("grade-arg-repeat"))]
    repeat: u16,
    #[arg(long, value_name = "K/N", value_parser = parse_shard, help = tr!("grade-arg-shard"))]
    shard: Option<(usize, usize)>,
    #[arg(long, help = tr!("grade-arg-one"))]
    one: bool,
    #[arg(long, help = tr!("grade-arg-unisolated"))]
    unisolated: bool,
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_limit, help = tr!("grade-arg-max-submission-size"))]
    max_submission_size: u64,
    #[command(flatten)]
    capture: crate::capture::args::CaptureArgs,
    #[command(flatten)]
    outputs: Outputs,
}

#[derive(Args)]
pub struct MergeArgs {
    #[arg(value_name = "JSON", required = true, help = tr!("grade-arg-parts"))]
    parts: Vec<PathBuf>,
    #[command(flatten)]
    outputs: Outputs,
}

#[derive(Args)]
struct Outputs {
    #[arg(long, value_name = "FILE", help = tr!("grade-arg-csv"))]
    csv: Option<PathBuf>,
    #[arg(long, value_name = "FILE", help = tr!("grade-arg-json"))]
    json: Option<PathBuf>,
    #[arg(long, value_name = "FILE", help = tr!("grade-arg-junit"))]
    junit: Option<PathBuf>,
    #[arg(long, value_name = "FILE", help = tr!("grade-arg-gradescope"))]
    gradescope: Option<PathBuf>,
    #[arg(long, value_name = "FILE", help = tr!("grade-arg-html"))]
    html: Option<PathBuf>,
    #[arg(long, value_name = "FILE", help = tr!("grade-arg-checks-csv"))]
    checks_csv: Option<PathBuf>,
}

impl Outputs {
    /// Every report path can be written: checked before grading, so that a typo in a folder name
    /// does not cost a whole class's grading.
    fn check(&self) -> Result<(), String> {
        [&self.csv, &self.json, &self.junit, &self.gradescope, &self.html, &self.checks_csv]
            .into_iter()
            .flatten()
            .try_for_each(|path| crate::cli::check_writable(path))
    }
}

fn parse_limit(text: &str) -> Result<u64, String> {
    let upper = text.trim().to_ascii_uppercase();
    let (digits, shift) = match upper.trim_end_matches("IB").trim_end_matches('B') {
        t if t.ends_with('G') => (t[..t.len() - 1].to_owned(), 30),
        t if t.ends_with('M') => (t[..t.len() - 1].to_owned(), 20),
        t if t.ends_with('K') => (t[..t.len() - 1].to_owned(), 10),
        t => (t.to_owned(), 0),
    };
    let size = digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .ok_or_else(|| tr!("grade-size-invalid", text = text.to_owned()))?;
    match size {
        size if size > crate::cli::limits::STREAMED as u64 => {
            Err(tr!("grade-size-over", text = text.to_owned()))
        }
        size => Ok(size),
    }
}

fn parse_shard(text: &str) -> Result<(usize, usize), String> {
    let parsed = text.split_once('/').and_then(|(k, n)| Some((k.parse().ok()?, n.parse().ok()?)));
    match parsed {
        Some((k, n)) if n >= 1 && (1..=n).contains(&k) => Ok((k, n)),
        _ => Err(tr!("grade-shard-invalid", text = text.to_owned())),
    }
}

pub fn grade(
    labs: Vec<Lab>,
    file: &Path,
    args: GradeArgs,
    vars: std::collections::BTreeMap<String, String>,
    line_width: usize,
) -> Result<u8> {
    let labs = match select(labs, &args.lab_names, file) {
        Ok(labs) => labs,
        Err(message) => {
            eprintln!("{}", tr!("grade-error", message = message));
            return Ok(EXIT_USAGE);
        }
    };
    if let Err(message) = args.capture.check() {
        eprintln!("{}", tr!("grade-error", message = message));
        return Ok(EXIT_USAGE);
    }
    let mut empty_shard = None;
    let submissions = match submissions(&args.dir, args.one) {
        Ok((found, skipped)) => {
            if !skipped.is_empty() {
                eprintln!("{}", tr!("grade-note-skipped", folders = skipped.join(", ")));
            }
            let total = found.len();
            let slice = shard(found, args.shard);
            if let (true, Some((k, n))) = (slice.is_empty(), args.shard) {
                empty_shard = Some(tr!(
                    "grade-empty-shard",
                    index = k,
                    count = n,
                    dir = args.dir.display().to_string(),
                    total = total
                ));
            }
            slice
        }
        Err(message) => {
            eprintln!("{}", tr!("grade-error", message = message));
            return Ok(EXIT_USAGE);
        }
    };
    if let Err(message) = args.outputs.check() {
        eprintln!("{}", tr!("grade-error", message = message));
        return Ok(EXIT_USAGE);
    }
    if args.outputs.gradescope.is_some() && submissions.len() != 1 {
        eprintln!("{}", tr!("grade-gradescope-not-one", count = submissions.len()));
        return Ok(EXIT_USAGE);
    }
    let isolated = !args.unisolated && crate::sandbox::isolation_available();
    if !isolated && !args.unisolated {
        let why = if nix::unistd::Uid::effective().is_root() {
            tr!("grade-no-isolation-root")
        } else {
            tr!("grade-no-isolation-user")
        };
        eprintln!("{}", tr!("grade-no-isolation", why = why));
        return Ok(EXIT_USAGE);
    }
    if !isolated {
        let how = if nix::unistd::Uid::effective().is_root() {
            tr!("grade-unisolated-as-account")
        } else {
            tr!("grade-unisolated-as-you")
        };
        eprintln!("{}", tr!("grade-unisolated-warning", how = how));
    }
    let bin_dir = crate::programs::ready(labs.iter().flat_map(Lab::programs))?;
    let shutdown = crate::shutdown::Shutdown::install().with_context(|| tr!("grade-signal-handlers"))?;
    crate::runner::stop::become_subreaper();
    let jobs = args.jobs.map(usize::from).unwrap_or_else(default_jobs);
    let bar = progress_bar((submissions.len() * labs.len()) as u64);
    let progress_bar = bar.clone();
    let options = Options {
        bin_dir,
        jobs,
        repeat: usize::from(args.repeat),
        interrupt: shutdown.flag(),
        progress: Box::new(move || progress_bar.inc(1)),
        isolated,
        hidden: vec![std::path::absolute(&args.dir).unwrap_or_else(|_| args.dir.clone())],
        max_submission_size: args.max_submission_size,
        capture: args.capture.clone(),
        vars,
        line_width,
    };
    let mut results = run::grade(&labs, &submissions, &options);
    results.shard = args.shard.map(|(index, count)| crate::grade::results::Shard { index, count });
    bar.finish_and_clear();
    crate::runner::stop::kill_orphans();
    write_outputs(&results, &args.outputs)?;
    match empty_shard {
        // No table of nobody's scores: its averages would be made up.
        Some(line) => println!("{line}"),
        None => print!("{}", report::terminal(&results, terminal_columns())),
    }
    let errors = results.submissions.iter().flat_map(|s| s.errors()).count();
    Ok(if shutdown.requested() {
        EXIT_INTERRUPTED
    } else if errors > 0 {
        eprintln!("{}", tr!("grade-environment-errors", count = errors));
        EXIT_ENVIRONMENT
    } else {
        EXIT_OK
    })
}

pub fn merge(args: MergeArgs) -> Result<u8> {
    if let Err(message) = args.outputs.check() {
        eprintln!("{}", tr!("grade-error", message = message));
        return Ok(EXIT_USAGE);
    }
    let mut parts = Vec::new();
    for path in &args.parts {
        let text = std::fs::read_to_string(path)
            .with_context(|| tr!("grade-cannot-read", path = path.display().to_string()))?;
        match serde_json::from_str::<GradeResults>(&text) {
            Ok(part) => parts.push(part),
            Err(err) => {
                eprintln!(
                    "{}",
                    tr!(
                        "grade-merge-not-results",
                        path = path.display().to_string(),
                        error = err.to_string()
                    )
                );
                return Ok(EXIT_USAGE);
            }
        }
    }
    let merged = match GradeResults::merge(parts) {
        Ok(merged) => merged,
        Err(message) => {
            eprintln!("{}", tr!("grade-error", message = message));
            return Ok(EXIT_USAGE);
        }
    };
    // The reports speak the language the parts were graded in, unless --lang asks for another.
    let explicit = crate::i18n::lang_flag(&std::env::args_os().collect::<Vec<_>>());
    let lang = report_lang(explicit.as_deref(), &merged.lang);
    crate::i18n::with_lang(&lang, || -> Result<u8> {
        write_outputs(&merged, &args.outputs)?;
        print!("{}", report::terminal(&merged, terminal_columns()));
        Ok(EXIT_OK)
    })
}

/// The language of merged reports: `--lang` when given, else the one the parts were graded in (the
/// current one if socklab has no catalogue for it).
fn report_lang(explicit: Option<&str>, graded_in: &str) -> Lang {
    explicit
        .and_then(|code| Lang::parse(code).ok())
        .or_else(|| Lang::parse(graded_in).ok())
        .unwrap_or_else(crate::i18n::current)
}

/// The labs that can grade (they have a student command), those named or all, in file order.
pub(crate) fn select(labs: Vec<Lab>, names: &[String], file: &Path) -> Result<Vec<Lab>, String> {
    for name in names {
        match labs.iter().find(|lab| &lab.name == name) {
            None => {
                return Err(tr!("grade-no-such-lab", name = name.clone(), file = file.display().to_string()));
            }
            Some(lab) if !lab.is_gradable() => {
                return Err(tr!("grade-lab-not-gradable", name = name.clone()));
            }
            Some(_) => {}
        }
    }
    let selected: Vec<Lab> = labs
        .into_iter()
        .filter(|lab| lab.is_gradable() && (names.is_empty() || names.contains(&lab.name)))
        .collect();
    if selected.is_empty() {
        return Err(tr!("grade-no-gradable-lab", file = file.display().to_string()));
    }
    Ok(selected)
}

/// The sub-folders of `dir`, sorted by name; or `dir` itself with `one`. A link to a folder is a
/// folder. Hidden folders, `__MACOSX` (what macOS's zip adds) and links that lead to no folder are
/// skipped, each with why, for a note: a submission left out must not go unnoticed.
fn submissions(dir: &Path, one: bool) -> Result<(Vec<Submission>, Vec<String>), String> {
    if !dir.is_dir() {
        return Err(tr!("grade-not-a-folder", dir = dir.display().to_string()));
    }
    if one {
        let dir = dir.canonicalize().map_err(|err| format!("{}: {err}", dir.display()))?;
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| tr!("grade-default-name"));
        return Ok((vec![Submission { name, dir }], Vec::new()));
    }
    let entries = std::fs::read_dir(dir).map_err(|err| {
        tr!("grade-cannot-read-dir", dir = dir.display().to_string(), error = err.to_string())
    })?;
    let (mut found, mut skipped) = (Vec::new(), Vec::new());
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = kind.is_dir() || (kind.is_symlink() && entry.path().is_dir());
        if kind.is_symlink() && !is_dir {
            skipped.push(tr!("grade-skipped-link", name = name));
        } else if !is_dir {
            continue;
        } else if name == "__MACOSX" {
            skipped.push(tr!("grade-skipped-macosx", name = name));
        } else if name.starts_with('.') {
            skipped.push(tr!("grade-skipped-hidden", name = name));
        } else if entry.file_name().to_str().is_none() {
            skipped.push(tr!("grade-skipped-not-utf8", name = name));
        } else {
            found.push(Submission { name, dir: entry.path() });
        }
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    skipped.sort();
    if found.is_empty() {
        return Err(tr!("grade-no-subfolders", dir = dir.display().to_string()));
    }
    Ok((found, skipped))
}

/// The K-th of N slices: submission `i` (in name order) belongs to slice `i % N + 1`.
fn shard(submissions: Vec<Submission>, shard: Option<(usize, usize)>) -> Vec<Submission> {
    let Some((k, n)) = shard else { return submissions };
    submissions.into_iter().enumerate().filter(|(index, _)| index % n == k - 1).map(|(_, s)| s).collect()
}

/// The terminal's width in columns, when standard output is a terminal.
fn terminal_columns() -> Option<usize> {
    console::Term::stdout().size_checked().map(|(_, columns)| usize::from(columns))
}

fn progress_bar(total: u64) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) = indicatif::ProgressStyle::with_template(&tr!("grade-progress")) {
        bar.set_style(style);
    }
    bar
}

fn write_outputs(results: &GradeResults, outputs: &Outputs) -> Result<()> {
    let write = |path: &Option<PathBuf>, text: String| -> Result<()> {
        if let Some(path) = path {
            std::fs::write(path, text)
                .with_context(|| tr!("grade-cannot-write", path = path.display().to_string()))?;
        }
        Ok(())
    };
    write(&outputs.csv, report::csv(results))?;
    write(&outputs.json, report::json(results))?;
    write(&outputs.html, report::html(results))?;
    write(&outputs.checks_csv, report::checks_csv(results))?;
    if outputs.junit.is_some() {
        write(&outputs.junit, report::junit(results).map_err(anyhow::Error::msg)?)?;
    }
    if outputs.gradescope.is_some() {
        write(&outputs.gradescope, report::gradescope(results).map_err(anyhow::Error::msg)?)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_sorted_submissions_by_index() {
        let all: Vec<Submission> = ["a", "b", "c", "d", "e"]
            .iter()
            .map(|n| Submission { name: n.to_string(), dir: n.into() })
            .collect();
        let names = |k| shard(all.clone(), Some((k, 2))).into_iter().map(|s| s.name).collect::<Vec<_>>();
        assert_eq!(names(1), ["a", "c", "e"]);
        assert_eq!(names(2), ["b", "d"]);
        assert!(parse_shard("0/2").is_err() && parse_shard("3/2").is_err() && parse_shard("x").is_err());
        assert_eq!(parse_shard("2/3"), Ok((2, 3)));
    }

    #[test]
    fn links_to_folders_are_submissions_and_what_is_skipped_is_named() {
        let class = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        for folder in ["ana", "__MACOSX", ".git"] {
            std::fs::create_dir(class.path().join(folder)).unwrap();
        }
        std::fs::write(class.path().join("grades.csv"), "").unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), class.path().join("linked")).unwrap();
        std::os::unix::fs::symlink(class.path().join("gone"), class.path().join("broken")).unwrap();
        let (found, skipped) = submissions(class.path(), false).unwrap();
        let names: Vec<&str> = found.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["ana", "linked"]);
        assert_eq!(
            skipped,
            [".git (hidden)", "__MACOSX (macOS zip metadata)", "broken (a link to no folder)"]
        );
    }
}
