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
use crate::model::Lab;

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
    /// A folder with one sub-folder per submission (or, with --one, a single submission).
    #[arg(value_name = "SUBMISSIONS_DIR")]
    dir: PathBuf,
    /// Grade only this lab (repeat for more; default: every lab with a student command).
    #[arg(long = "lab", id = "lab_names", value_name = "NAME")]
    lab_names: Vec<String>,
    /// Lab runs at the same time (default: 12 per CPU, fewer if memory is short).
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Play each lab N times; a check whose verdict changes is flaky and not scored.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..))]
    repeat: u16,
    /// Grade only the K-th of N slices of the submissions (sorted by name), e.g. 2/4.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    shard: Option<(usize, usize)>,
    /// SUBMISSIONS_DIR is itself one submission (Gradescope's /autograder/submission).
    #[arg(long)]
    one: bool,
    /// Run student code without namespaces (needed when socklab is not root or namespaces are not
    /// allowed here): as you unless root, able to read and change your files, fixed-port labs one at a
    /// time on this machine's loopback.
    #[arg(long)]
    unisolated: bool,
    /// Refuse to copy a submission whose files add up to more than this (e.g. 64M, 1G).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_limit)]
    max_submission_size: u64,
    #[command(flatten)]
    capture: crate::capture::args::CaptureArgs,
    #[command(flatten)]
    outputs: Outputs,
}

#[derive(Args)]
pub struct MergeArgs {
    /// JSON results of `socklab grade --json` (one per shard).
    #[arg(value_name = "JSON", required = true)]
    parts: Vec<PathBuf>,
    #[command(flatten)]
    outputs: Outputs,
}

#[derive(Args)]
struct Outputs {
    /// Write the points per submission and lab as CSV.
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
    /// Write the complete results as JSON (what `socklab merge` reads).
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Write one test case per check as JUnit XML.
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// Write Gradescope's results.json (exactly one submission).
    #[arg(long, value_name = "FILE")]
    gradescope: Option<PathBuf>,
    /// Write one self-contained HTML report: the class overview (score histogram, checks most failed
    /// first with their reasons), the scores table and every submission's checks and output.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    /// Write the class overview's checks as CSV, most failed first: passed, failed, pass rate, the most
    /// common reason and who failed each one.
    #[arg(long, value_name = "FILE")]
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
        .ok_or_else(|| format!("'{text}' is not a size (expected e.g. 64M, 1G or 500000)"))?;
    match size {
        size if size > crate::cli::limits::STREAMED as u64 => {
            Err(format!("'{text}' is over the limit of 1TiB"))
        }
        size => Ok(size),
    }
}

fn parse_shard(text: &str) -> Result<(usize, usize), String> {
    let parsed = text.split_once('/').and_then(|(k, n)| Some((k.parse().ok()?, n.parse().ok()?)));
    match parsed {
        Some((k, n)) if n >= 1 && (1..=n).contains(&k) => Ok((k, n)),
        _ => Err(format!("'{text}' is not K/N with 1 <= K <= N, e.g. 1/4")),
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
            eprintln!("error: {message}");
            return Ok(EXIT_USAGE);
        }
    };
    if let Err(message) = args.capture.check() {
        eprintln!("error: {message}");
        return Ok(EXIT_USAGE);
    }
    let mut empty_shard = None;
    let submissions = match submissions(&args.dir, args.one) {
        Ok((found, skipped)) => {
            if !skipped.is_empty() {
                eprintln!("note: not graded: {}", skipped.join(", "));
            }
            let total = found.len();
            let slice = shard(found, args.shard);
            if let (true, Some((k, n))) = (slice.is_empty(), args.shard) {
                empty_shard = Some(format!(
                    "shard {k}/{n} holds no submission ({} has {total}, fewer than the {n} shards): nothing \
                     graded",
                    args.dir.display()
                ));
            }
            slice
        }
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(EXIT_USAGE);
        }
    };
    if let Err(message) = args.outputs.check() {
        eprintln!("error: {message}");
        return Ok(EXIT_USAGE);
    }
    if args.outputs.gradescope.is_some() && submissions.len() != 1 {
        eprintln!(
            "error: --gradescope writes one submission's results, but {} would be graded (use --one)",
            submissions.len()
        );
        return Ok(EXIT_USAGE);
    }
    let isolated = !args.unisolated && crate::sandbox::isolation_available();
    if !isolated && !args.unisolated {
        eprintln!(
            "error: student code cannot be isolated here ({}), so it would run as you, could read and \
             delete your files (the class folder included) and would share this machine's loopback; run \
             socklab grade as root, or pass --unisolated to grade anyway",
            if nix::unistd::Uid::effective().is_root() {
                "namespaces cannot be created: in a container, allow them (e.g. --cap-add SYS_ADMIN)"
            } else {
                "socklab is not root, so it can make no namespaces and no accounts"
            }
        );
        return Ok(EXIT_USAGE);
    }
    if !isolated {
        eprintln!(
            "warning: --unisolated: no namespaces, so student code will run {} and labs with fixed ports \
             one at a time on this machine's loopback",
            if nix::unistd::Uid::effective().is_root() {
                "as an unprivileged account"
            } else {
                "as you (it can read and change your files)"
            }
        );
    }
    let bin_dir = crate::programs::ready(labs.iter().flat_map(Lab::programs))?;
    let shutdown = crate::shutdown::Shutdown::install().context("cannot install signal handlers")?;
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
        eprintln!(
            "error: {errors} lab run(s) could not be judged because of the grading environment (see \
             'error' above); they are not scored: fix the cause and grade those submissions again"
        );
        EXIT_ENVIRONMENT
    } else {
        EXIT_OK
    })
}

pub fn merge(args: MergeArgs) -> Result<u8> {
    if let Err(message) = args.outputs.check() {
        eprintln!("error: {message}");
        return Ok(EXIT_USAGE);
    }
    let mut parts = Vec::new();
    for path in &args.parts {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        match serde_json::from_str::<GradeResults>(&text) {
            Ok(part) => parts.push(part),
            Err(err) => {
                eprintln!("error: {}: not the JSON of `socklab grade --json`: {err}", path.display());
                return Ok(EXIT_USAGE);
            }
        }
    }
    let merged = match GradeResults::merge(parts) {
        Ok(merged) => merged,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(EXIT_USAGE);
        }
    };
    write_outputs(&merged, &args.outputs)?;
    print!("{}", report::terminal(&merged, terminal_columns()));
    Ok(EXIT_OK)
}

/// The labs that can grade (they have a student command), those named or all, in file order.
pub(crate) fn select(labs: Vec<Lab>, names: &[String], file: &Path) -> Result<Vec<Lab>, String> {
    for name in names {
        match labs.iter().find(|lab| &lab.name == name) {
            None => return Err(format!("no lab named '{name}' in {} (see `socklab list`)", file.display())),
            Some(lab) if !lab.is_gradable() => {
                return Err(format!("lab '{name}' has no process with a `student` command: it cannot grade"));
            }
            Some(_) => {}
        }
    }
    let selected: Vec<Lab> = labs
        .into_iter()
        .filter(|lab| lab.is_gradable() && (names.is_empty() || names.contains(&lab.name)))
        .collect();
    if selected.is_empty() {
        return Err(format!("no lab in {} has a process with a `student` command", file.display()));
    }
    Ok(selected)
}

/// The sub-folders of `dir`, sorted by name; or `dir` itself with `one`. A link to a folder is a
/// folder. Hidden folders, `__MACOSX` (what macOS's zip adds) and links that lead to no folder are
/// skipped, each with why, for a note: a submission left out must not go unnoticed.
fn submissions(dir: &Path, one: bool) -> Result<(Vec<Submission>, Vec<String>), String> {
    if !dir.is_dir() {
        return Err(format!("{} is not a folder", dir.display()));
    }
    if one {
        let dir = dir.canonicalize().map_err(|err| format!("{}: {err}", dir.display()))?;
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or("submission".into());
        return Ok((vec![Submission { name, dir }], Vec::new()));
    }
    let entries = std::fs::read_dir(dir).map_err(|err| format!("cannot read {}: {err}", dir.display()))?;
    let (mut found, mut skipped) = (Vec::new(), Vec::new());
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = kind.is_dir() || (kind.is_symlink() && entry.path().is_dir());
        if kind.is_symlink() && !is_dir {
            skipped.push(format!("{name} (a link to no folder)"));
        } else if !is_dir {
            continue;
        } else if name == "__MACOSX" {
            skipped.push(format!("{name} (macOS zip metadata)"));
        } else if name.starts_with('.') {
            skipped.push(format!("{name} (hidden)"));
        } else if entry.file_name().to_str().is_none() {
            skipped.push(format!("{name} (its name is not UTF-8)"));
        } else {
            found.push(Submission { name, dir: entry.path() });
        }
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    skipped.sort();
    if found.is_empty() {
        return Err(format!("{} has no sub-folders to grade (for one submission, add --one)", dir.display()));
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
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("grading {bar:40} {pos}/{len} lab runs {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}

fn write_outputs(results: &GradeResults, outputs: &Outputs) -> Result<()> {
    let write = |path: &Option<PathBuf>, text: String| -> Result<()> {
        if let Some(path) = path {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
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
