//! The `socklab` command: `socklab run [LAB...]` plays labs from labs.toml and reports, `socklab list`
//! names them, `socklab grade` and `socklab merge` grade submissions ([`crate::grade::cli`]),
//! `socklab sweep NAME` runs an experiment and writes its table and plot, `socklab gradescope-bundle`
//! packs socklab and the labs for Gradescope ([`crate::bundle`]). [`run`] is the entry point;
//! `bins/socklab/main.rs` only parses and calls it.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use crate::cli::{EXIT_FAILURE, EXIT_OK, EXIT_USAGE};
use crate::lab::LabReport;
use crate::model::Lab;
use crate::report::{Format, RunReport, json::Json, junit::Junit, terminal::Terminal};
use crate::runner::{Settings, stop};
use crate::sweep::experiment::Experiment;
use crate::tr;

/// Ctrl-C (or SIGTERM) stopped the run; every started process was stopped first.
pub const EXIT_INTERRUPTED: u8 = 130;

#[derive(Parser)]
#[command(name = "socklab", version, about = tr!("app-about"), after_help = tr!("app-after-help"))]
pub struct Cli {
    #[arg(long, global = true, value_name = "FILE", default_value = "labs.toml", help = tr!("app-arg-labs"))]
    labs: PathBuf,
    #[arg(long = "set", global = true, value_name = "NAME=VALUE", value_parser = parse_assignment, help = tr!("app-arg-set"))]
    set: Vec<(String, String)>,
    #[arg(long = "lab-set", global = true, value_name = "NAME", help = tr!("app-arg-lab-set"))]
    lab_set: Option<String>,
    #[arg(
        long,
        global = true,
        value_name = "BYTES",
        default_value = "500",
        value_parser = crate::cli::size_in(20, crate::runner::MAX_LINE),
        help = tr!("app-arg-line-width")
    )]
    line_width: usize,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    #[command(about = tr!("app-cmd-run"))]
    Run(RunArgs),
    #[command(about = tr!("app-cmd-list"))]
    List,
    #[command(about = tr!("app-cmd-grade"), after_help = tr!("app-cmd-grade-after-help"))]
    Grade(crate::grade::cli::GradeArgs),
    #[command(about = tr!("app-cmd-merge"))]
    Merge(crate::grade::cli::MergeArgs),
    #[command(about = tr!("app-cmd-gradescope-bundle"))]
    GradescopeBundle(crate::bundle::BundleArgs),
    #[command(about = tr!("app-cmd-sweep"))]
    Sweep(SweepArgs),
}

#[derive(Args)]
#[command(after_help = tr!("app-sweep-after-help"))]
struct SweepArgs {
    #[arg(value_name = "NAME", required_unless_present_any = ["list", "from"], help = tr!("app-sweep-arg-name"))]
    name: Option<String>,
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["name", "list", "repeat", "quick", "jobs"],
        help = tr!("app-sweep-arg-from")
    )]
    from: Option<PathBuf>,
    #[arg(long, conflicts_with = "name", help = tr!("app-sweep-arg-list"))]
    list: bool,
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..), help = tr!("app-sweep-arg-repeat"))]
    repeat: Option<u32>,
    #[arg(long, value_name = "DIR", default_value = "sweeps", help = tr!("app-sweep-arg-out"))]
    out: PathBuf,
    #[arg(long, help = tr!("app-sweep-arg-quick"))]
    quick: bool,
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..), help = tr!("app-sweep-arg-jobs"))]
    jobs: Option<u16>,
}

#[derive(Args)]
struct RunArgs {
    #[arg(value_name = "LAB", help = tr!("app-run-arg-names"))]
    names: Vec<String>,
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..), help = tr!("app-run-arg-jobs"))]
    jobs: Option<u16>,
    #[arg(long, help = tr!("app-run-arg-json"))]
    json: bool,
    #[arg(long, value_name = "FILE", help = tr!("app-run-arg-junit"))]
    junit: Option<PathBuf>,
    #[arg(long, value_name = "DIR", help = tr!("app-run-arg-keep-logs"))]
    keep_logs: Option<PathBuf>,
    #[command(flatten)]
    capture: crate::capture::args::CaptureArgs,
}

/// Runs the command; the result is the exit code.
pub fn run(cli: Cli) -> Result<u8> {
    if let Command::Merge(args) = cli.command {
        return crate::grade::cli::merge(args);
    }
    if cli.lab_set.is_some() && matches!(cli.command, Command::Sweep(_)) {
        eprintln!("error: {}", tr!("app-lab-set-with-sweep"));
        return Ok(EXIT_USAGE);
    }
    let choice = crate::config::Choice { lab_set: cli.lab_set.clone(), overrides: cli.set.clone() };
    let config = match crate::config::load_config_with(&cli.labs, &choice) {
        Ok(config) => config,
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(EXIT_USAGE);
        }
    };
    let vars = config.vars.clone();
    match cli.command {
        Command::List if config.labs.is_empty() => {
            eprintln!("error: {}", no_labs(&cli.labs));
            Ok(EXIT_USAGE)
        }
        Command::List => {
            list(&config.labs, &config.lab_sets, cli.lab_set.as_deref())?;
            Ok(EXIT_OK)
        }
        Command::Run(args) => run_labs(config.labs, &cli.labs, args, vars, cli.line_width),
        Command::Grade(args) => crate::grade::cli::grade(config.labs, &cli.labs, args, vars, cli.line_width),
        Command::Merge(_) => unreachable!("handled before the labs are read"),
        Command::GradescopeBundle(args) => {
            let passed = crate::bundle::Passed { lab_set: cli.lab_set.as_deref(), set: &cli.set };
            crate::bundle::bundle(config.labs, &cli.labs, args, passed)
        }
        Command::Sweep(args) => sweep(&config.experiments, &cli.labs, args, vars),
    }
}

/// `NAME=VALUE` of `--set`.
fn parse_assignment(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => Err(tr!("app-set-not-assignment", text = text.to_owned())),
    }
}

fn sweep(
    experiments: &[Experiment],
    file: &Path,
    args: SweepArgs,
    vars: std::collections::BTreeMap<String, String>,
) -> Result<u8> {
    if args.list {
        let width = experiments.iter().map(|e| e.name.len()).max().unwrap_or(0);
        let mut out = std::io::stdout().lock();
        for experiment in experiments {
            writeln!(out, "{:<width$}  {}", experiment.name, experiment.summary)?;
        }
        return Ok(EXIT_OK);
    }
    if let Some(path) = &args.from {
        return replot(path, &args.out);
    }
    let name = args.name.unwrap_or_default();
    let Some(experiment) = experiments.iter().find(|e| e.name == name) else {
        eprintln!(
            "error: {}",
            tr!("app-no-experiment", name = name.clone(), file = file.display().to_string())
        );
        return Ok(EXIT_USAGE);
    };
    let shutdown = crate::shutdown::Shutdown::install().with_context(|| tr!("app-no-signal-handlers"))?;
    stop::become_subreaper();
    let mut settings = Settings::new(crate::programs::ready(experiment.lab.programs())?, shutdown.flag());
    settings.vars = vars;
    let options = crate::sweep::run::Options {
        quick: args.quick,
        repeat: args.repeat,
        jobs: args
            .jobs
            .map(usize::from)
            .unwrap_or_else(|| std::thread::available_parallelism().map(usize::from).unwrap_or(1)),
    };
    let repeat = options.repeat.unwrap_or(experiment.repeat).max(1);
    let total = experiment.points(options.quick).len() as u64 * u64::from(repeat);
    let bar = progress_bar(total, &experiment.name);
    let outcome = crate::sweep::run::run(experiment, &settings, &options, &|point| {
        bar.set_message(point.to_owned());
        bar.inc(1);
    });
    bar.finish_and_clear();
    stop::kill_orphans();
    for failure in &outcome.failures {
        eprintln!("{} {failure}", tr!("cli-warning"));
    }
    if outcome.interrupted {
        eprintln!("{}", tr!("app-sweep-interrupted"));
        return Ok(EXIT_INTERRUPTED);
    }
    let written = write_sweep(&outcome.results, &args.out)?;
    let flagged = outcome.results.points().iter().filter(|p| !p.disagreements.is_empty()).count();
    let mut out = std::io::stdout().lock();
    let runs = outcome.results.runs.len();
    writeln!(
        out,
        "{}",
        tr!("app-sweep-done", name = experiment.name.clone(), runs = runs, flagged = flagged)
    )?;
    for path in written {
        writeln!(out, "{}", tr!("app-wrote", path = path.display().to_string()))?;
    }
    Ok(if outcome.failures.is_empty() { EXIT_OK } else { EXIT_FAILURE })
}

/// `sweep --from FILE`: the reports of saved results, written again.
fn replot(path: &Path, out: &Path) -> Result<u8> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            let path = path.display().to_string();
            eprintln!("error: {}", tr!("app-cannot-read", path = path, reason = err.to_string()));
            return Ok(EXIT_USAGE);
        }
    };
    let results: crate::sweep::results::SweepResults = match serde_json::from_str(&text) {
        Ok(results) => results,
        Err(err) => {
            let path = path.display().to_string();
            eprintln!("error: {}", tr!("app-not-sweep-json", path = path, reason = err.to_string()));
            return Ok(EXIT_USAGE);
        }
    };
    let mut stdout = std::io::stdout().lock();
    for written in write_sweep(&results, out)? {
        writeln!(stdout, "{}", tr!("app-wrote", path = written.display().to_string()))?;
    }
    Ok(EXIT_OK)
}

/// A bar on stderr when it is a terminal; nothing otherwise (logs, CI, tests).
fn progress_bar(total: u64, name: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    let style = indicatif::ProgressStyle::with_template(&tr!("app-progress-template"))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_prefix(name.to_owned());
    bar
}

/// Writes the four files of a sweep; the paths written.
fn write_sweep(results: &crate::sweep::results::SweepResults, dir: &Path) -> Result<Vec<PathBuf>> {
    use crate::sweep::report;
    std::fs::create_dir_all(dir)
        .with_context(|| tr!("app-cannot-create", path = dir.display().to_string()))?;
    let svg = report::svg(results).map_err(|err| anyhow::anyhow!(tr!("app-cannot-draw", reason = err)))?;
    let files = [
        ("csv", report::csv(results)),
        ("md", report::markdown(results)),
        ("svg", svg),
        ("json", report::json(results)),
    ];
    let mut written = Vec::new();
    for (extension, text) in files {
        let path = dir.join(format!("{}.{extension}", results.experiment));
        std::fs::write(&path, text)
            .with_context(|| tr!("app-cannot-write", path = path.display().to_string()))?;
        written.push(path);
    }
    Ok(written)
}

/// The labs, one line each (a grading lab with its points), then the lab sets with their labs and
/// points; with `--lab-set`, that set's labs and that set only.
fn list(labs: &[Lab], sets: &[crate::config::LabSet], chosen: Option<&str>) -> Result<()> {
    let width = labs.iter().map(|lab| lab.name.len()).max().unwrap_or(0);
    let points = |lab: &Lab| lab.checks.iter().map(|check| check.points).sum::<u32>();
    let mut out = std::io::stdout().lock();
    let grading = labs.iter().any(Lab::is_gradable);
    for lab in labs {
        match (grading, lab.is_gradable()) {
            (false, _) => writeln!(out, "{:<width$}  {}", lab.name, lab.summary)?,
            (true, true) => {
                let points = tr!("app-list-points", points = format!("{:>3}", points(lab)));
                writeln!(out, "{:<width$}  {points}  {}", lab.name, lab.summary)?
            }
            (true, false) => {
                let blank = " ".repeat(tr!("app-list-points", points = "   ").chars().count());
                writeln!(out, "{:<width$}  {blank}  {}", lab.name, lab.summary)?
            }
        }
    }
    let sets: Vec<_> = sets.iter().filter(|set| chosen.is_none_or(|name| set.name == name)).collect();
    if !sets.is_empty() {
        writeln!(out, "\n{}", tr!("app-list-lab-sets"))?;
    }
    for set in sets {
        let total = labs.iter().filter(|lab| set.labs.contains(&lab.name)).map(points).sum::<u32>();
        let counts = tr!("app-list-set-counts", labs = set.labs.len(), points = total);
        writeln!(out, "  {}  {counts}  {}", set.name, set.summary)?;
        let vars: Vec<String> = set.vars.iter().map(|(name, value)| format!("{name}={value}")).collect();
        if !vars.is_empty() {
            writeln!(out, "    {}", tr!("app-list-set-vars", vars = vars.join(" ")))?;
        }
        writeln!(out, "    {}", set.labs.join(" "))?;
    }
    Ok(())
}

fn run_labs(
    labs: Vec<Lab>,
    file: &Path,
    args: RunArgs,
    vars: std::collections::BTreeMap<String, String>,
    line_width: usize,
) -> Result<u8> {
    let labs = match select(labs, &args.names, file) {
        Ok(labs) => labs,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(EXIT_USAGE);
        }
    };
    if let Some(Err(message)) = args.junit.as_deref().map(crate::cli::check_writable) {
        eprintln!("error: {message}");
        return Ok(EXIT_USAGE);
    }
    let bin_dir = crate::programs::ready(labs.iter().flat_map(Lab::programs))?;
    let shutdown = crate::shutdown::Shutdown::install().with_context(|| tr!("app-no-signal-handlers"))?;
    stop::become_subreaper();
    let mut settings = Settings::new(bin_dir, shutdown.flag());
    settings.vars = vars;
    settings.line_width = line_width;
    if let Err(message) = args.capture.check() {
        eprintln!("error: {message}");
        return Ok(EXIT_USAGE);
    }
    settings.capture = args.capture.settings(args.capture.capture.clone());
    let jobs = args
        .jobs
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map(usize::from).unwrap_or(1));
    let terminal = Terminal::for_stdout().aligned_for(labs.iter().map(|lab| lab.name.as_str()));
    let started = Instant::now();
    let mut report = RunReport::default();
    let keep_logs = args.keep_logs.as_deref();
    let json = args.json;
    play_all(&labs, &settings, jobs, |lab| {
        if let Some(dir) = keep_logs {
            if let Err(err) = save_logs(dir, lab) {
                let message =
                    tr!("app-cannot-save-logs", lab = lab.name.clone(), reason = format!("{err:#}"));
                eprintln!("{} {message}", tr!("cli-warning"));
            }
        }
        if !json {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(terminal.lab(lab).as_bytes());
            let _ = out.flush();
        }
        report.labs.push(lab.clone());
    });
    // Anything orphaned, re-parented to socklab and still alive is stopped too.
    stop::kill_orphans();
    report.duration = started.elapsed();
    report.interrupted = shutdown.requested();
    if let Some(path) = &args.junit {
        let bytes = Junit.render(&report)?;
        std::fs::write(path, bytes)
            .with_context(|| tr!("app-cannot-write", path = path.display().to_string()))?;
    }
    let mut out = std::io::stdout().lock();
    if json {
        out.write_all(&Json.render(&report)?)?;
    } else {
        out.write_all(terminal.summary(&report).as_bytes())?;
    }
    out.flush()?;
    Ok(if report.interrupted {
        EXIT_INTERRUPTED
    } else if report.all_passed() {
        EXIT_OK
    } else {
        EXIT_FAILURE
    })
}

/// The labs named on the command line, in file order; all of them when none is named.
fn no_labs(file: &Path) -> String {
    tr!("app-no-labs", file = file.display().to_string())
}

/// The labs named, or all of them; an empty file is an error, not "0 passed, 0 failed".
fn select(labs: Vec<Lab>, names: &[String], file: &Path) -> Result<Vec<Lab>, String> {
    if labs.is_empty() {
        return Err(no_labs(file));
    }
    if let Some(unknown) = names.iter().find(|name| !labs.iter().any(|lab| &lab.name == *name)) {
        return Err(tr!("app-no-lab", name = unknown.clone(), file = file.display().to_string()));
    }
    Ok(labs.into_iter().filter(|lab| names.is_empty() || names.contains(&lab.name)).collect())
}

/// Plays labs on `jobs` threads and hands each report to `done` in file order, as soon as it and
/// every lab before it have finished. After Ctrl-C no new lab starts.
pub fn play_all(labs: &[Lab], settings: &Settings, jobs: usize, mut done: impl FnMut(&LabReport)) {
    let next = AtomicUsize::new(0);
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(labs.len()) {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    if index >= labs.len() || settings.interrupt.load(Ordering::SeqCst) {
                        break;
                    }
                    let report = crate::lab::play(&labs[index], settings);
                    if sender.send((index, report)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut finished = BTreeMap::new();
        let mut next_to_show = 0;
        for (index, report) in receiver {
            finished.insert(index, report);
            while let Some(report) = finished.remove(&next_to_show) {
                done(&report);
                next_to_show += 1;
            }
        }
        // After an interruption some labs never ran: show those that did.
        for report in finished.into_values() {
            done(&report);
        }
    });
}

fn save_logs(dir: &Path, lab: &LabReport) -> Result<()> {
    let dir = dir.join(&lab.name);
    std::fs::create_dir_all(&dir)
        .with_context(|| tr!("app-cannot-create", path = dir.display().to_string()))?;
    for process in &lab.processes {
        std::fs::write(dir.join(format!("{}.stdout", process.name)), &process.stdout)?;
        std::fs::write(dir.join(format!("{}.stderr", process.name)), &process.stderr)?;
    }
    Ok(())
}
