//! Grading itself: every (submission, lab) pair is played on a thread of its own, in a network of its
//! own, on a private copy of the submission, with student roles limited and run as an account of
//! their own. [`grade`] is the entry point; it returns [`GradeResults`] for the reports.
//!
//! Without the rights to make network namespaces, labs with fixed ports are played one at a time
//! (they would all bind 3500 on the same loopback) and the results say so.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::results::{CheckResult, GradeResults, LabResult, SubmissionResult, Verdict};
use crate::lab::LabReport;
use crate::model::Lab;
use crate::runner::{Sandbox, Settings};
use crate::sandbox::{self, Account, CopyError, Limits};
use crate::template::Context;
use crate::tr;

/// Lines of each stream kept in a lab's output for the reports.
const OUTPUT_TAIL: usize = 20;

/// One folder of student code.
#[derive(Debug, Clone)]
pub struct Submission {
    pub name: String,
    pub dir: PathBuf,
}

/// What grading needs besides the labs and submissions.
pub struct Options {
    pub bin_dir: PathBuf,
    pub jobs: usize,
    /// Times each lab is played per submission; a check whose verdict changes is flaky.
    pub repeat: usize,
    pub interrupt: Arc<AtomicBool>,
    /// Called after each (submission, lab) pair is graded.
    pub progress: Box<dyn Fn() + Sync>,
    /// Each run in namespaces of its own (network, PID, mount); `false` only with `--unisolated`.
    pub isolated: bool,
    /// Folders student code must not see (the class folder): covered in its mount namespace.
    pub hidden: Vec<PathBuf>,
    /// A submission whose files add up to more bytes is not copied (and fails with a reason).
    pub max_submission_size: u64,
    /// The values of `{var:NAME}`.
    pub vars: std::collections::BTreeMap<String, String>,
    /// The longest line of program output the reports show.
    pub line_width: usize,
    /// Packet capture: `--capture DIR` keeps DIR/SUBMISSION/LAB.pcap.
    pub capture: crate::capture::args::CaptureArgs,
}

/// The default of [`Options::max_submission_size`]: 64 MiB, far above a lab's scripts and images.
pub const MAX_SUBMISSION_SIZE: u64 = 64 << 20;

/// Serialises labs with fixed ports when they share the machine's network.
static SHARED_NETWORK: Mutex<()> = Mutex::new(());

/// Grades every submission on every lab (labs already selected, in file order).
pub fn grade(labs: &[Lab], submissions: &[Submission], options: &Options) -> GradeResults {
    let pairs: Vec<(usize, usize)> =
        (0..submissions.len()).flat_map(|s| (0..labs.len()).map(move |l| (s, l))).collect();
    let results: Mutex<Vec<Option<LabResult>>> = Mutex::new(vec![None; pairs.len()]);
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..options.jobs.clamp(1, pairs.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    if index >= pairs.len() || options.interrupt.load(Ordering::SeqCst) {
                        break;
                    }
                    let (submission, lab) = pairs[index];
                    let result = grade_pair(&labs[lab], &submissions[submission], options);
                    results.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(result);
                    (options.progress)();
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner()).into_iter();
    let mut graded = GradeResults {
        labs: labs.iter().map(|lab| lab.name.clone()).collect(),
        submissions: submissions
            .iter()
            .map(|submission| SubmissionResult {
                name: submission.name.clone(),
                labs: labs
                    .iter()
                    .map(|lab| results.next().flatten().unwrap_or_else(|| interrupted_lab(lab)))
                    .collect(),
            })
            .collect(),
        isolation: isolation(options.isolated),
        interrupted: options.interrupt.load(Ordering::SeqCst),
        shard: None,
        lang: crate::i18n::current().code(),
    };
    graded.sort();
    graded
}

/// How runs were kept apart, for the reports.
pub fn isolation(isolated: bool) -> String {
    if isolated {
        tr!("grade-isolation-namespaces")
    } else {
        let account = if nix::unistd::Uid::effective().is_root() {
            tr!("grade-isolation-account-root")
        } else {
            tr!("grade-isolation-account-user")
        };
        tr!("grade-isolation-unisolated", account = account)
    }
}

/// Plays one lab `repeat` times for one submission and combines the verdicts.
fn grade_pair(lab: &Lab, submission: &Submission, options: &Options) -> LabResult {
    let runs: Vec<LabResult> =
        (0..options.repeat.max(1)).map(|_| play_with_retry(lab, submission, options)).collect();
    combine(runs)
}

/// One run; a run that met an environment error is played once more, since such errors (a busy port,
/// a namespace or account that could not be had) are often passing.
fn play_with_retry(lab: &Lab, submission: &Submission, options: &Options) -> LabResult {
    let mut result = play_on_thread(lab, submission, options);
    if result.error.is_some() && !options.interrupt.load(Ordering::SeqCst) {
        result = play_on_thread(lab, submission, options);
    }
    result
}

fn play_on_thread(lab: &Lab, submission: &Submission, options: &Options) -> LabResult {
    std::thread::scope(|scope| {
        scope
            .spawn(|| match play_isolated(lab, submission, options) {
                Ok(result) => result,
                Err(EnvironmentError(reason)) => environment_error(lab, &reason),
            })
            .join()
            .unwrap_or_else(|_| environment_error(lab, &tr!("grade-env-panic")))
    })
}

/// Something the student did not cause kept the lab from being judged.
struct EnvironmentError(String);

/// One run, on the calling thread, which it moves into a new network namespace when isolated.
fn play_isolated(
    lab: &Lab,
    submission: &Submission,
    options: &Options,
) -> Result<LabResult, EnvironmentError> {
    let _shared = if options.isolated {
        sandbox::enter_private_network()
            .map_err(|err| EnvironmentError(tr!("grade-env-isolate", error = err.to_string())))?;
        None
    } else if !lab.fixed_ports.is_empty() {
        let guard = SHARED_NETWORK.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(busy) = busy_port(&lab.fixed_ports) {
            return Err(EnvironmentError(tr!("grade-env-port-taken", port = busy)));
        }
        Some(guard)
    } else {
        None
    };
    let account = Account::reserve()
        .map_err(|err| EnvironmentError(tr!("grade-env-account", error = err.to_string())))?
        .map(|account| if options.isolated { account.contained() } else { account });
    let owner = account.as_ref().map(|account| (account.uid(), account.gid()));
    let copy = match private_copy(submission, owner, options.max_submission_size) {
        Ok(copy) => copy,
        Err(CopyError::Io(err)) => {
            return Err(EnvironmentError(tr!("grade-env-copy", error = err.to_string())));
        }
        Err(too_large) => return Ok(failed_lab(lab, &too_large.to_string())),
    };
    let target = copy.path().join(&submission.name);
    let lab = lab.for_grading();
    // What the student commands name, rendered as the run will render them.
    let mut context = Context::new(&options.bin_dir, &target)
        .with_ports(&lab.fixed_ports)
        .with_vars(&options.vars)
        .with_submission(Some(&target));
    if let Some(missing) = missing_program(&lab, &mut context) {
        return Err(EnvironmentError(missing));
    }
    if let Some(missing) = missing_file(&lab, &target, &mut context) {
        return Ok(failed_lab(&lab, &missing));
    }
    let mut settings = Settings::new(options.bin_dir.clone(), Arc::clone(&options.interrupt));
    settings.ports = lab.fixed_ports.clone();
    settings.submission = Some(target.clone());
    settings.vars = options.vars.clone();
    settings.line_width = options.line_width;
    settings.capture =
        options.capture.settings(options.capture.capture.as_ref().map(|dir| dir.join(&submission.name)));
    settings.private_network = options.isolated;
    settings.sandbox = Some(Sandbox {
        limits: Limits::for_students(),
        owner,
        hidden: options.isolated.then(|| options.hidden.clone()),
    });
    let report = crate::lab::play(&lab, &settings);
    if let Some(why) = &report.skipped {
        return Err(EnvironmentError(tr!("grade-env-skipped", why = why.clone())));
    }
    // Everything still running as the run's account goes, then its files.
    drop(account);
    drop(copy);
    if !options.isolated && !report.passed() && lost_its_port(&report) {
        return Err(EnvironmentError(tr!("grade-env-port-lost")));
    }
    Ok(lab_result(&report, &target))
}

/// The first fixed port another program already holds (TCP or UDP on 127.0.0.1), in words.
fn busy_port(ports: &std::collections::BTreeMap<String, u16>) -> Option<String> {
    ports.values().find_map(|port| {
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], *port));
        if std::net::UdpSocket::bind(addr).is_err() {
            return Some(format!("udp {addr}"));
        }
        let tcp = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).ok()?;
        // As the guide's servers do: SO_REUSEADDR, so a connection in TIME_WAIT does not count.
        let _ = tcp.set_reuse_address(true);
        tcp.bind(&addr.into()).is_err().then(|| format!("tcp {addr}"))
    })
}

fn lost_its_port(report: &LabReport) -> bool {
    report.processes.iter().any(|process| process.stderr.contains("Address already in use"))
}

/// `DIR/NAME`, a copy of the submission that only the run's account can read, in a folder that
/// others can only cross.
fn private_copy(
    submission: &Submission,
    owner: Option<(nix::unistd::Uid, nix::unistd::Gid)>,
    limit: u64,
) -> Result<tempfile::TempDir, CopyError> {
    let dir = tempfile::Builder::new().prefix("socklab-submission-").tempdir()?;
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o711))?;
    let target = dir.path().join(&submission.name);
    sandbox::private_copy(&submission.dir, &target, owner, limit)?;
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o700))?;
    Ok(dir)
}

/// A student command's program that is neither in the submission nor installed (`python3` missing
/// on the grading machine): the machine's fault, not the student's.
fn missing_program(lab: &Lab, context: &mut Context) -> Option<String> {
    for process in lab.processes.iter().filter(|process| process.sandboxed) {
        let Some(first) = process.command.first() else { continue };
        if first.uses_submission() {
            continue;
        }
        let Ok(program) = first.render(context) else { continue };
        let found = if program.contains('/') {
            Path::new(&program).is_file()
        } else {
            sandbox::STUDENT_PATH.split(':').any(|dir| Path::new(dir).join(&program).is_file())
        };
        if !found {
            return Some(tr!("grade-env-not-installed", program = program, path = sandbox::STUDENT_PATH));
        }
    }
    None
}

/// The first file of the submission that a student command names and that does not exist.
fn missing_file(lab: &Lab, target: &Path, context: &mut Context) -> Option<String> {
    for process in lab.processes.iter().filter(|process| process.sandboxed) {
        for word in process.command.iter().filter(|word| word.uses_submission()) {
            // An entry file among alternatives that matches nothing (or several) says so itself.
            let path = match word.render(context) {
                Ok(path) => path,
                Err(err) => return Some(err.to_string()),
            };
            if let Ok(inside) = Path::new(&path).strip_prefix(target) {
                if !inside.as_os_str().is_empty() && !Path::new(&path).exists() {
                    return Some(tr!("grade-file-not-found", file = inside.display().to_string()));
                }
            }
        }
    }
    None
}

/// Every check of `lab` could not be judged, for a reason the student did not cause.
fn environment_error(lab: &Lab, reason: &str) -> LabResult {
    let mut result = failed_lab(lab, reason);
    for check in &mut result.checks {
        check.verdict = Verdict::Error;
    }
    result.error = Some(reason.to_owned());
    result
}

/// Ctrl-C stopped the grading before this lab run ended (or began): nothing is judged.
fn interrupted_lab(lab: &Lab) -> LabResult {
    let mut result = failed_lab(lab, &tr!("grade-interrupted-reason"));
    for check in &mut result.checks {
        check.verdict = Verdict::Interrupted;
    }
    result.interrupted = true;
    result
}

/// Every check of `lab` failed, for the same reason.
fn failed_lab(lab: &Lab, reason: &str) -> LabResult {
    LabResult {
        lab: lab.name.clone(),
        checks: lab
            .checks
            .iter()
            .map(|check| CheckResult {
                name: check.name.clone(),
                max_points: f64::from(check.points),
                verdict: Verdict::Failed,
                reason: Some(reason.to_owned()),
            })
            .collect(),
        output: Vec::new(),
        error: None,
        problems: Vec::new(),
        interrupted: false,
        capture: None,
    }
}

fn lab_result(report: &LabReport, target: &Path) -> LabResult {
    let target = target.to_string_lossy().into_owned();
    let interrupted = report.interrupted;
    let first_problem = report.problems.first().and_then(|problem| problem.lines().next());
    // The words checks.rs puts after a process's name when it never started, in the run's language.
    let never_started = tr!("checks-never-started", name = "").trim().to_owned();
    let checks = report
        .checks
        .iter()
        .map(|check| {
            let reason = check.failure.as_ref().map(|failure| match first_problem {
                // A check on a process that never started says little; the lab's problem says why,
                // right after it (before any hint).
                Some(problem) if failure.contains(&never_started) => {
                    failure.replacen(&never_started, &format!("{never_started}: {problem}"), 1)
                }
                _ => failure.clone(),
            });
            match interrupted {
                true => CheckResult {
                    name: check.name.clone(),
                    max_points: f64::from(check.points),
                    verdict: Verdict::Interrupted,
                    reason: Some(tr!("grade-interrupted-reason")),
                },
                false => CheckResult {
                    name: check.name.clone(),
                    max_points: f64::from(check.points),
                    verdict: if check.passed() { Verdict::Passed } else { Verdict::Failed },
                    reason: reason.map(|reason| reason.replace(&target, "{submission}")),
                },
            }
        })
        .collect();
    let output = report
        .processes
        .iter()
        .map(|process| {
            let mut text = format!("$ {} ({})\n", process.command.join(" "), process.status);
            for stream in [crate::model::Stream::Stdout, crate::model::Stream::Stderr] {
                let tail = process.tail(stream, OUTPUT_TAIL);
                if !tail.is_empty() {
                    text.push_str(&format!("{}:\n", stream.name()));
                    for line in tail {
                        text.push_str(&format!("  {line}\n"));
                    }
                }
            }
            (process.name.clone(), text.replace(&target, "{submission}"))
        })
        .collect();
    let problems = report
        .problems
        .iter()
        .filter_map(|problem| problem.lines().next())
        .map(|line| line.replace(&target, "{submission}"))
        .collect();
    let capture = report.capture.as_ref().filter(|capture| capture.kept).map(|capture| {
        let path = &capture.summary.path;
        std::path::absolute(path).unwrap_or_else(|_| path.clone()).display().to_string()
    });
    LabResult { lab: report.name.clone(), checks, output, error: None, problems, interrupted, capture }
}

/// One result from repeated runs: a check that passed in some runs and failed in others is flaky.
fn combine(mut runs: Vec<LabResult>) -> LabResult {
    if runs.len() == 1 {
        return runs.pop().expect("one run");
    }
    // A run the environment spoiled, or Ctrl-C cut short, cannot be compared with the others.
    if let Some(spoiled) = runs.iter().position(|run| run.error.is_some() || run.interrupted) {
        return runs.swap_remove(spoiled);
    }
    let total = runs.len();
    let mut combined = runs[0].clone();
    for (index, check) in combined.checks.iter_mut().enumerate() {
        let verdicts: Vec<&CheckResult> = runs.iter().filter_map(|run| run.checks.get(index)).collect();
        let passed = verdicts.iter().filter(|check| check.verdict == Verdict::Passed).count();
        if passed == total {
            check.verdict = Verdict::Passed;
            check.reason = None;
        } else if passed == 0 {
            check.verdict = Verdict::Failed;
        } else {
            let failure = verdicts.iter().find_map(|check| check.reason.clone()).unwrap_or_default();
            check.verdict = Verdict::Flaky;
            check.reason = Some(tr!("grade-flaky-reason", passed = passed, total = total, failure = failure));
        }
    }
    // Show the output of a failing run when there is one.
    if let Some(failing) = runs.iter().find(|run| run.checks.iter().any(|c| c.verdict != Verdict::Passed)) {
        combined.output = failing.output.clone();
    }
    combined
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(verdicts: &[Verdict]) -> LabResult {
        LabResult {
            lab: "udp-echo".into(),
            checks: verdicts
                .iter()
                .map(|verdict| CheckResult {
                    name: "echo".into(),
                    max_points: 1.0,
                    verdict: *verdict,
                    reason: (*verdict == Verdict::Failed).then(|| "no reply within 2s".into()),
                })
                .collect(),
            output: vec![],
            error: None,
            problems: Vec::new(),
            interrupted: false,
            capture: None,
        }
    }

    #[test]
    fn a_check_that_changes_its_verdict_between_runs_is_flaky() {
        let combined = combine(vec![
            run(&[Verdict::Passed, Verdict::Passed, Verdict::Failed]),
            run(&[Verdict::Failed, Verdict::Passed, Verdict::Failed]),
        ]);
        let verdicts: Vec<Verdict> = combined.checks.iter().map(|c| c.verdict).collect();
        assert_eq!(verdicts, [Verdict::Flaky, Verdict::Passed, Verdict::Failed]);
        assert_eq!(
            combined.checks[0].reason.as_deref(),
            Some("passed 1 of 2 runs; a failing run said: no reply within 2s")
        );
        assert_eq!(combined.points(), 1.0);
    }
}
