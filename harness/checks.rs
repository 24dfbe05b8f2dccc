//! Making a lab's checks against what its processes did ([`crate::runner::Session`]).
//!
//! Each check passes or fails with a reason a student can act on ("stdout of client does not contain
//! ..."). Live checks (still running, listening) are made while the processes still run, just
//! before the harness stops them; the others after everything has ended.

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::model::{Check, CheckKind, ExitExpectation, FileExpectation, Readiness, Stream, TextMatch};
use crate::runner::{ProcessRun, Session};
use crate::tr;

/// How long a submitted program must stay up, once the lab is over, to count as "still running". It
/// may be crashing at that instant: an interpreter prints its traceback and tears down for some
/// milliseconds (after closing its socket, so its client already saw the failure) before it exits.
/// The reference programs end at once when they fail and are judged without waiting.
const SUBMISSION_RUNNING_SETTLE: Duration = Duration::from_millis(250);

/// The verdict on one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    pub name: String,
    pub points: u32,
    /// `None` when it passed, else why it failed.
    pub failure: Option<String>,
}

impl CheckResult {
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }
}

/// Makes `check` now: its conditions in order, the first failure is the reason. A failure whose cause
/// is a crash of the student's program says so first (with the crash's last line) and shows no hint;
/// otherwise the hints whose condition matches what was observed follow the reason.
///
/// The reason is in the run's language; hints are matched against its English wording, the one
/// labs.toml's `when` and `unless` patterns are written for.
pub fn evaluate(check: &Check, session: &mut Session) -> CheckResult {
    let failure = check
        .conditions
        .iter()
        .find_map(|condition| condition_failure(condition, session).map(|reason| (condition, reason)));
    let failure = failure.map(|(condition, reason)| match crashed_student(session) {
        // The crash is the reason itself (no-crash): once is enough.
        Some(crash) if reason.starts_with(&crash) => reason,
        Some(crash) => tr!("checks-so", cause = crash, reason = reason),
        None => {
            let shown = explained(session, condition, reason);
            let english = if crate::i18n::current() == crate::i18n::Lang::english() {
                shown.clone()
            } else {
                crate::i18n::with_lang(&crate::i18n::Lang::english(), || {
                    // The same condition again, in English; should it hold this time (a process
                    // that changed in between), the hints see the reason shown.
                    condition_failure(condition, session)
                        .map(|reason| explained(session, condition, reason))
                        .unwrap_or_else(|| shown.clone())
                })
            };
            with_hints(shown, &english, check, session)
        }
    });
    CheckResult { name: check.name.clone(), points: check.points, failure }
}

/// `reason`, after what made it happen when that was the student's server ending (see
/// [`ended_student`]).
fn explained(session: &Session, condition: &CheckKind, reason: String) -> String {
    match ended_student(session, condition) {
        Some(ended) => tr!("checks-so", cause = ended, reason = reason),
        None => reason,
    }
}

fn condition_failure(condition: &CheckKind, session: &mut Session) -> Option<String> {
    match condition {
        CheckKind::File(path, expectation) => file(session, path, expectation).err(),
        CheckKind::Listening { process, proto, addr, exact } => match addr.render(&mut session.context) {
            Ok(addr) => listening(&mut session.processes[*process], *proto, &addr, *exact).err(),
            Err(err) => Some(err.to_string()),
        },
        CheckKind::UdpToClosedPort => udp_to_closed_port(session).err(),
        CheckKind::Packets(check) => packets(session, check).err(),
        CheckKind::Output(id, stream, matcher) => {
            let expected = match expected_text(matcher, session) {
                Ok(expected) => expected,
                Err(reason) => return Some(reason),
            };
            let budget = budget(session);
            let run = &mut session.processes[*id];
            if !run.has_started() {
                return Some(tr!("checks-never-started", name = run.name.clone()));
            }
            output_check(run, *stream, matcher, expected.as_deref(), budget).err()
        }
        kind => {
            let id = process_of(kind);
            let settle = if session.lab().processes[id].sandboxed {
                SUBMISSION_RUNNING_SETTLE
            } else {
                Duration::ZERO
            };
            let run = &mut session.processes[id];
            if !run.has_started() {
                Some(tr!("checks-never-started", name = run.name.clone()))
            } else {
                on_process(kind, run, settle).err()
            }
        }
    }
}

/// The text a contains/equals/excludes condition compares with, rendered now (`{event:...}` from the
/// processes' output); `None` for a regex.
fn expected_text(matcher: &TextMatch, session: &mut Session) -> Result<Option<String>, String> {
    let template = match matcher {
        TextMatch::Contains(t) | TextMatch::Equals(t) | TextMatch::Excludes(t) => t,
        TextMatch::Matches(_) => return Ok(None),
    };
    let wanted: Vec<(String, String, String)> =
        template.events().map(|(p, e, f)| (p.to_owned(), e.to_owned(), f.to_owned())).collect();
    for (process, event, field) in wanted {
        let stdout =
            session.processes.iter().find(|run| run.name == process).map(|run| run.text(Stream::Stdout));
        if let Some(value) = stdout.as_deref().and_then(|stdout| first_event_field(stdout, &event, &field)) {
            session.context.set_event(&process, &event, &field, value);
        }
    }
    template.render(&mut session.context).map(Some).map_err(|err| err.to_string())
}

/// A field of the first `--json` line whose `event` is `event`, as text.
fn first_event_field(stdout: &str, event: &str, field: &str) -> Option<String> {
    stdout.lines().filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok()).find_map(|value| {
        if value.get("event")?.as_str()? != event {
            return None;
        }
        match value.get(field)? {
            serde_json::Value::String(text) => Some(text.clone()),
            other => Some(other.to_string()),
        }
    })
}

/// The lab's network saw a datagram for a port nobody had bound (`Udp: NoPorts` grew since the start).
fn udp_to_closed_port(session: &Session) -> Result<(), String> {
    match (session.udp_no_ports_at_start, crate::sockets::udp_no_ports()) {
        (Some(before), Some(now)) if now > before => Ok(()),
        (Some(_), Some(_)) => Err(tr!("checks-closed-port-not-reached")),
        _ => Err(tr!("checks-udp-counters-unreadable")),
    }
}

/// The hints of `check` whose condition matches the reason or the output they look at, after it.
/// The patterns see `english`, the reason as English words it (labs.toml writes them for it);
/// `reason` is what is shown.
fn with_hints(reason: String, english: &str, check: &Check, session: &Session) -> String {
    let shown: Vec<&str> = check
        .hints
        .iter()
        .filter(|hint| {
            let budget = budget(session);
            hint.unless.as_ref().is_none_or(|pattern| !pattern.any_line(english, budget).unwrap_or(false))
        })
        .filter(|hint| match &hint.when {
            None => true,
            // A hint whose pattern runs out of time is not shown: it would explain nothing seen.
            Some(pattern) => {
                let budget = budget(session);
                pattern.any_line(english, budget).unwrap_or(false)
                    || session.processes.iter().enumerate().any(|(id, run)| {
                        hint.process.is_none_or(|wanted| wanted == id)
                            && [Stream::Stdout, Stream::Stderr]
                                .iter()
                                .any(|stream| pattern.any_line(&run.text(*stream), budget).unwrap_or(false))
                    })
            }
        })
        .map(|hint| hint.text.as_str())
        .collect();
    if shown.is_empty() { reason } else { format!("{reason}: {}", shown.join("; ")) }
}

/// A student program that crashed (a Python traceback, or killed by a signal socklab did not send):
/// `server crashed (exit 1): NameError: name 'x' is not defined`, with what the last line suggests.
fn crashed_student(session: &Session) -> Option<String> {
    session
        .lab()
        .processes
        .iter()
        .zip(&session.processes)
        .filter(|(spec, _)| spec.sandboxed)
        .find_map(|(_, run)| crash_of(run))
}

/// How `run` crashed, if it did: it ended with a Python traceback or syntax error, or was killed by
/// a signal socklab did not send.
fn crash_of(run: &ProcessRun) -> Option<String> {
    let status = run.exit_status()?;
    // When socklab stopped it, only what it printed before counts: a traceback printed then is its own
    // crash (an interpreter takes a while to exit), one printed after (its peer was stopped first, say)
    // is not; and the signal was socklab's.
    let stderr = run.stderr_before_stop();
    // A syntax error is reported before anything runs, without the "Traceback" header.
    let traceback = stderr.contains(TRACEBACK)
        || stderr
            .lines()
            .any(|line| line.starts_with("SyntaxError:") || line.starts_with("IndentationError:"));
    let killed = status.signal().is_some() && !run.stopped;
    if !traceback && !killed {
        return None;
    }
    let last = last_line(&stderr).unwrap_or_default();
    // Python reports an exception that ends a thread and goes on: the program did not crash, one of
    // its threads (a client's, in a threaded server) did.
    if run.stopped && !killed && stderr.contains("Exception in thread") {
        return Some(tr!("checks-failed-in-thread", name = run.name.clone(), last = last.to_owned()));
    }
    let hint = crash_hint(last, &stderr);
    Some(if run.stopped {
        tr!("checks-crashed", name = run.name.clone(), last = last.to_owned(), hint = hint)
    } else {
        let status = run.describe_status();
        tr!(
            "checks-crashed-with-status",
            name = run.name.clone(),
            status = status,
            last = last.to_owned(),
            hint = hint
        )
    })
}

/// The first line of a Python traceback.
const TRACEBACK: &str = "Traceback (most recent call last)";

/// When the failed condition is about a reference process that found nobody there (refused: the
/// student's server had closed its socket or ended), that comes first: `server was no longer serving
/// when second tried (connection refused)`. The client's own words decide, not the server's status at
/// the moment socklab stopped it (it may still have been ending). A UDP server that is still exiting
/// when the datagram comes leaves it unanswered instead: the reason then says "no reply", and the
/// score is the same.
fn ended_student(session: &Session, failed: &CheckKind) -> Option<String> {
    let about = condition_process(failed)?;
    let witness = &session.processes[about];
    let refused = [Stream::Stdout, Stream::Stderr]
        .iter()
        .any(|stream| witness.text(*stream).contains("connection refused"));
    if !refused || session.lab().processes[about].sandboxed {
        return None;
    }
    // Only a student's server can be "no longer serving": one that was ready on a socket.
    let server = session
        .lab()
        .processes
        .iter()
        .zip(&session.processes)
        .find(|(spec, _)| spec.sandboxed && matches!(spec.ready, Some(Readiness::Socket(..))))?
        .1;
    Some(tr!("checks-no-longer-serving", server = server.name.clone(), client = witness.name.clone()))
}

fn condition_process(condition: &CheckKind) -> Option<usize> {
    match condition {
        CheckKind::File(..) | CheckKind::UdpToClosedPort | CheckKind::Packets(_) => None,
        kind => Some(process_of(kind)),
    }
}

/// What a crash's last line says to a student, when it says something common: ` (...)`, or nothing.
fn crash_hint(last: &str, stderr: &str) -> String {
    let hint = if last.starts_with("OSError: [Errno 22] Invalid argument") && stderr.contains(".accept()") {
        tr!("checks-crash-accept-not-listening")
    } else if last.starts_with("SyntaxError: Missing parentheses in call to 'print'") {
        tr!("checks-crash-python2")
    } else if let Some(module) = last.strip_prefix("ModuleNotFoundError: No module named ") {
        tr!("checks-crash-no-module", module = module.to_owned())
    } else if last.starts_with("EOFError") {
        tr!("checks-crash-input-ended")
    } else {
        return String::new();
    };
    format!(" ({hint})")
}

fn last_line(text: &str) -> Option<&str> {
    text.lines().rev().map(str::trim).find(|line| !line.is_empty())
}

/// How socklab ended a process that did not end by itself, and what it was doing then: `socklab
/// stopped it (SIGTERM) after 5s while it was waiting on input() for a line nobody typed`.
fn stopped_status(run: &ProcessRun) -> String {
    let Some(status) = run.exit_status().filter(|_| run.stopped) else { return run.describe_status() };
    let how = match (status.code(), status.signal()) {
        (_, Some(signal)) => nix::sys::signal::Signal::try_from(signal)
            .map(|s| s.as_str().to_owned())
            .unwrap_or_else(|_| tr!("checks-signal-number", number = signal)),
        (Some(code), None) => tr!("checks-sigterm-then-exit", code = code),
        (None, None) => status.to_string(),
    };
    // In whole seconds: when socklab stops a program is its own schedule (a timeout, the lab's end),
    // and the hundredths vary from run to run.
    let mut text = match run.stopped_after {
        Some(after) => {
            let seconds = after.as_secs_f64().round().to_string();
            tr!("checks-socklab-stopped-it-after", how = how, seconds = seconds)
        }
        None => tr!("checks-socklab-stopped-it", how = how),
    };
    if run.reading_stdin_at_stop {
        text.push(' ');
        text.push_str(&tr!("checks-while-waiting-on-input"));
    }
    if let Some(left) = run.left_behind_description() {
        text.push_str(&tr!("checks-and-it-left", what = left));
    }
    text
}

fn process_of(kind: &CheckKind) -> usize {
    match kind {
        CheckKind::Exit(id, _)
        | CheckKind::Output(id, ..)
        | CheckKind::Event(id, _)
        | CheckKind::Running(id)
        | CheckKind::Listening { process: id, .. }
        | CheckKind::Within(id, _)
        | CheckKind::StopsOnSigterm(id)
        | CheckKind::LeavesNothingRunning(id)
        | CheckKind::NoCrash(id)
        | CheckKind::SaysSomething(id) => *id,
        CheckKind::File(..) | CheckKind::UdpToClosedPort | CheckKind::Packets(_) => {
            unreachable!("a check about no process")
        }
    }
}

/// A check on one process; `settle` is how long it must stay up to count as still running.
fn on_process(kind: &CheckKind, run: &mut ProcessRun, settle: Duration) -> Result<(), String> {
    let name = run.name.clone();
    match kind {
        CheckKind::Exit(_, expected) => exit(run, *expected),
        CheckKind::Output(..) => unreachable!("handled by the caller"),
        CheckKind::Event(_, fields) => event(&name, &run.text(Stream::Stdout), fields),
        CheckKind::Running(_) => {
            if run.is_running_after(settle) {
                Ok(())
            } else {
                Err(tr!("checks-not-running-at-end", name = name, status = run.describe_status()))
            }
        }
        CheckKind::Listening { .. } => unreachable!("handled by the caller"),
        CheckKind::Within(_, limit) => match run.run_time() {
            Some(took) if !run.stopped && took <= *limit => Ok(()),
            Some(took) if !run.stopped => Err(tr!(
                "checks-took-longer",
                name = name,
                took = human(took),
                limit = crate::cli::format_duration(*limit)
            )),
            _ => {
                let limit = crate::cli::format_duration(*limit);
                let stopped = stopped_status(run);
                Err(match last_line(&run.text(Stream::Stderr)) {
                    Some(line) => tr!(
                        "checks-not-finished-within-last-line",
                        name = name,
                        limit = limit,
                        stopped = stopped,
                        line = shorten(line)
                    ),
                    None => tr!("checks-not-finished-within", name = name, limit = limit, stopped = stopped),
                })
            }
        },
        CheckKind::StopsOnSigterm(_) => match run.exit_status() {
            _ if !run.stopped => {
                Err(tr!("checks-ended-before-stopped", name = name, status = run.describe_status()))
            }
            Some(status) if status.signal() == Some(libc::SIGKILL) => {
                Err(tr!("checks-killed-after-grace", name = name))
            }
            _ => Ok(()),
        },
        CheckKind::NoCrash(_) => match crash_of(run) {
            Some(crash) => Err(crash),
            None => Ok(()),
        },
        CheckKind::SaysSomething(_) => {
            let own_line = [Stream::Stdout, Stream::Stderr].iter().any(|stream| {
                let text = run.text(*stream);
                let before_traceback = text.split(TRACEBACK).next().unwrap_or_default();
                before_traceback.lines().any(|line| !line.trim().is_empty())
            });
            if own_line {
                Ok(())
            } else {
                Err(tr!("checks-printed-nothing", name = name, status = run.describe_status()))
            }
        }
        CheckKind::LeavesNothingRunning(_) => {
            if run.left_behind() {
                Err(tr!("checks-ended-with", name = name, status = run.describe_status()))
            } else {
                Ok(())
            }
        }
        CheckKind::File(..) | CheckKind::UdpToClosedPort | CheckKind::Packets(_) => {
            unreachable!("handled by the caller")
        }
    }
}

/// A packet condition, judged on what the lab's capture recorded.
fn packets(session: &mut Session, check: &crate::model::PacketCheck) -> Result<(), String> {
    use crate::capture::condition::{Condition, Endpoint};
    let mut endpoint = |template: &Option<crate::template::Template>| -> Result<Option<Endpoint>, String> {
        let Some(template) = template else { return Ok(None) };
        let text = template.render(&mut session.context).map_err(|err| err.to_string())?;
        Endpoint::parse(&text).map(Some)
    };
    let condition = Condition {
        kind: check.kind,
        from: endpoint(&check.from)?,
        to: endpoint(&check.to)?,
        count: check.count,
    };
    match &session.packets {
        Some(Ok(packets)) => condition.judge(packets).map_err(|reason| match session.packets_over_cap {
            0 => reason,
            more => tr!("checks-capture-hit-cap", reason = reason, more = more),
        }),
        Some(Err(reason)) => Err(tr!("checks-packets-unreadable", reason = reason.clone())),
        None => Err(tr!("checks-no-packets")),
    }
}

/// The time checks may still take: what is left of the lab's timeout, at least [`MIN_CHECK_BUDGET`]
/// (a lab that ran to its timeout still gets its checks made).
fn budget(session: &Session) -> Duration {
    (session.started + session.lab().timeout)
        .saturating_duration_since(std::time::Instant::now())
        .max(MIN_CHECK_BUDGET)
}

const MIN_CHECK_BUDGET: Duration = Duration::from_secs(1);

/// An output condition on `run`; the stream that was not checked is quoted when the checked one is
/// empty (a client's "no reply within 2s" explains an empty stdout).
fn output_check(
    run: &ProcessRun,
    stream: Stream,
    matcher: &TextMatch,
    expected: Option<&str>,
    budget: Duration,
) -> Result<(), String> {
    output(&run.name, stream, &run.text(stream), matcher, expected, budget).map_err(|reason| {
        let other = match stream {
            Stream::Stdout => Stream::Stderr,
            Stream::Stderr => Stream::Stdout,
        };
        match last_line(&run.text(other)) {
            Some(line) if run.text(stream).is_empty() => {
                tr!("checks-other-stream-said", reason = reason, stream = other.name(), line = shorten(line))
            }
            _ => reason,
        }
    })
}

/// A check whose own conditions held but whose `only-if` check failed does not count: it fails, and
/// its reason says so with the other check's reason. `results` are in the order of `checks`.
pub fn apply_only_if(checks: &[Check], results: &mut [CheckResult]) {
    for (index, check) in checks.iter().enumerate() {
        let Some(required) = check.only_if else { continue };
        let Some(reason) = results.get(required).and_then(|r| r.failure.clone()) else { continue };
        if let Some(result) = results.get_mut(index).filter(|result| result.passed()) {
            result.failure =
                Some(tr!("checks-not-counted", other = checks[required].name.clone(), reason = reason));
        }
    }
}

/// Makes every check of the session's lab that `live` selects, in order.
pub fn evaluate_all(session: &mut Session, live: bool) -> Vec<CheckResult> {
    let checks: Vec<Check> =
        session.lab().checks.iter().filter(|check| check.is_live() == live).cloned().collect();
    checks.iter().map(|check| evaluate(check, session)).collect()
}

fn listening(
    run: &mut ProcessRun,
    proto: crate::model::Proto,
    addr: &str,
    exact: bool,
) -> Result<(), String> {
    let name = run.name.clone();
    let addr: std::net::SocketAddr =
        addr.parse().map_err(|_| tr!("checks-not-ip-port", addr = addr.to_owned()))?;
    if !run.is_running() {
        return Err(tr!("checks-not-running-at-end", name = name, status = run.describe_status()));
    }
    let pid = run.pid().unwrap_or_default();
    let bound = crate::sockets::addresses_for(pid, proto, addr);
    let wildcard = bound.iter().find(|local| local.port() == addr.port() && local.ip().is_unspecified());
    match wildcard {
        Some(any) if exact && *any != addr => Err(tr!(
            "checks-bound-to-every-address",
            name = name,
            bound = any.to_string(),
            addr = addr.to_string()
        )),
        _ if crate::sockets::serves(&bound, addr) => Ok(()),
        _ if bound.is_empty() => {
            Err(tr!("checks-not-listening", name = name, proto = proto.name(), addr = addr.to_string()))
        }
        _ => Err(tr!(
            "checks-not-listening-has",
            name = name,
            proto = proto.name(),
            addr = addr.to_string(),
            bound = bound.iter().map(|local| local.to_string()).collect::<Vec<_>>().join(", ")
        )),
    }
}

fn exit(run: &ProcessRun, expected: ExitExpectation) -> Result<(), String> {
    let Some(status) = run.exit_status() else {
        return Err(tr!("checks-did-not-exit", name = run.name.clone()));
    };
    let ok = match expected {
        ExitExpectation::Code(code) => status.code() == Some(code),
        ExitExpectation::Success => status.success(),
        ExitExpectation::Failure => status.code().is_some_and(|code| code != 0),
        ExitExpectation::Killed => status.signal().is_some(),
    };
    let wanted = match expected {
        ExitExpectation::Code(code) => tr!("checks-expected-exit", code = code),
        ExitExpectation::Success => tr!("checks-expected-success"),
        ExitExpectation::Failure => tr!("checks-expected-failure"),
        ExitExpectation::Killed => tr!("checks-expected-killed"),
    };
    let name = run.name.clone();
    // A program that went on in the background did not end: its exit status says nothing.
    if ok && run.left_behind() {
        return Err(tr!("checks-left-processes-behind", name = name, status = run.describe_status()));
    }
    if ok {
        return Ok(());
    }
    let mut reason = if run.stopped {
        tr!("checks-did-not-end-by-itself", name = name, wanted = wanted, stopped = stopped_status(run))
    } else {
        tr!("checks-ended-with-expected", name = name, status = run.describe_status(), wanted = wanted)
    };
    if let Some(line) = last_line(&run.text(Stream::Stderr)) {
        reason.push_str(&format!(" ({})", tr!("checks-last-stderr-line", line = shorten(line))));
    }
    Err(reason)
}

fn output(
    name: &str,
    stream: Stream,
    text: &str,
    matcher: &TextMatch,
    expected: Option<&str>,
    budget: Duration,
) -> Result<(), String> {
    let wanted = expected.unwrap_or_default();
    let ok = match matcher {
        TextMatch::Contains(_) => text.contains(wanted),
        TextMatch::Excludes(_) => !text.contains(wanted),
        TextMatch::Matches(pattern) => pattern.any_line(text, budget)?,
        TextMatch::Equals(_) => text.trim_end_matches('\n') == wanted.trim_end_matches('\n'),
    };
    if ok {
        return Ok(());
    }
    let name = name.to_owned();
    if let TextMatch::Excludes(_) = matcher {
        return Err(tr!(
            "checks-printed-excluded",
            name = name,
            text = format!("{wanted:?}"),
            stream = stream.name()
        ));
    }
    if let TextMatch::Equals(_) = matcher {
        let expected = quoted(wanted);
        return Err(if text.is_empty() {
            tr!("checks-should-print-got-nothing", name = name, expected = expected, stream = stream.name())
        } else {
            tr!(
                "checks-should-print",
                name = name,
                expected = expected,
                stream = stream.name(),
                got = quoted(text)
            )
        });
    }
    let shown = format!("{:?}", shorten(text));
    Err(match (matcher, text.is_empty()) {
        (TextMatch::Contains(_), true) => {
            tr!(
                "checks-lacks-text-got-nothing",
                stream = stream.name(),
                name = name,
                wanted = format!("{wanted:?}")
            )
        }
        (TextMatch::Contains(_), false) => tr!(
            "checks-lacks-text",
            stream = stream.name(),
            name = name,
            wanted = format!("{wanted:?}"),
            shown = shown
        ),
        (TextMatch::Matches(pattern), true) => {
            tr!(
                "checks-no-matching-line-got-nothing",
                stream = stream.name(),
                name = name,
                pattern = pattern.to_string()
            )
        }
        (TextMatch::Matches(pattern), false) => tr!(
            "checks-no-matching-line",
            stream = stream.name(),
            name = name,
            pattern = pattern.to_string(),
            shown = shown
        ),
        (TextMatch::Equals(_) | TextMatch::Excludes(_), _) => unreachable!("handled above"),
    })
}

fn event(
    name: &str,
    stdout: &str,
    fields: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), String> {
    let events: Vec<serde_json::Map<String, serde_json::Value>> = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|value| value.as_object().cloned())
        .collect();
    let differing = |object: &serde_json::Map<String, serde_json::Value>| -> Vec<String> {
        fields
            .iter()
            .filter(|(key, wanted)| !object.get(*key).is_some_and(|got| same_json(got, wanted)))
            .map(|(key, wanted)| match object.get(key) {
                Some(got) => tr!(
                    "checks-event-field-differs",
                    field = key.clone(),
                    got = got.to_string(),
                    wanted = wanted.to_string()
                ),
                None => tr!("checks-event-field-missing", field = key.clone(), wanted = wanted.to_string()),
            })
            .collect()
    };
    if events.iter().any(|object| differing(object).is_empty()) {
        return Ok(());
    }
    // What happened: the event of the same kind that comes closest (the fewest fields differ; the last
    // of those), and how it differs.
    let last_of_kind = fields.get("event").and_then(|kind| {
        events
            .iter()
            .enumerate()
            .filter(|(_, object)| object.get("event") == Some(kind))
            .min_by_key(|(at, object)| (differing(object).len(), std::cmp::Reverse(*at)))
            .map(|(_, e)| (kind, e))
    });
    // An event that shares none of the asked values is about something else (another host's
    // registration): "printed no such event" says better what happened.
    let others = fields.len().saturating_sub(1);
    match last_of_kind {
        Some((kind, last)) if others <= 1 || differing(last).len() < others => Err(tr!(
            "checks-event-differs",
            name = name.to_owned(),
            kind = kind.to_string(),
            differences = differing(last).join(", ")
        )),
        _ => Err(tr!(
            "checks-no-such-event",
            name = name.to_owned(),
            fields = serde_json::Value::Object(fields.clone()).to_string()
        )),
    }
}

/// Equality that treats 3 and 3.0 alike (TOML integers against JSON numbers).
fn same_json(got: &serde_json::Value, wanted: &serde_json::Value) -> bool {
    match (got.as_f64(), wanted.as_f64()) {
        (Some(a), Some(b)) => a == b,
        _ => got == wanted,
    }
}

fn file(
    session: &mut Session,
    path: &crate::template::Template,
    expected: &FileExpectation,
) -> Result<(), String> {
    let path = rendered_path(session, path)?;
    let tmp = session.context.tmp().to_owned();
    let digest = |path: &Path| -> Result<String, String> {
        let bytes = std::fs::read(path)
            .map_err(|err| tr!("checks-cannot-read", path = shown_in(&tmp, path), error = err.to_string()))?;
        Ok(format!("{:x}", Sha256::digest(&bytes)))
    };
    if !path.exists() {
        return Err(tr!("checks-does-not-exist", path = shown_path(session, &path)));
    }
    match expected {
        FileExpectation::Exists => Ok(()),
        FileExpectation::Holds(wanted) => {
            let entries = std::fs::read_dir(&path).map_err(|err| {
                tr!("checks-cannot-list", path = shown_path(session, &path), error = err.to_string())
            })?;
            let mut got: Vec<String> =
                entries.flatten().map(|entry| entry.file_name().to_string_lossy().into_owned()).collect();
            got.sort();
            let mut wanted = wanted.clone();
            wanted.sort();
            if got == wanted {
                return Ok(());
            }
            let list =
                |names: &[String]| if names.is_empty() { tr!("checks-nothing") } else { names.join(", ") };
            Err(tr!(
                "checks-folder-holds",
                path = shown_path(session, &path),
                got = list(&got),
                wanted = list(&wanted)
            ))
        }
        FileExpectation::Sha256(wanted) => {
            let got = digest(&path)?;
            if &got == wanted {
                Ok(())
            } else {
                Err(tr!(
                    "checks-sha256-differs",
                    path = shown_path(session, &path),
                    got = got,
                    wanted = wanted.clone()
                ))
            }
        }
        FileExpectation::SameAs(other) => {
            let other = rendered_path(session, other)?;
            let (got, wanted) = (digest(&path)?, digest(&other)?);
            if got == wanted {
                Ok(())
            } else {
                Err(tr!(
                    "checks-file-differs",
                    path = shown_path(session, &path),
                    other = shown_path(session, &other)
                ))
            }
        }
    }
}

fn rendered_path(
    session: &mut Session,
    template: &crate::template::Template,
) -> Result<std::path::PathBuf, String> {
    let text = template.render(&mut session.context).map_err(|err| err.to_string())?;
    let path = Path::new(&text);
    // Relative paths are relative to the lab's directory, where its processes run.
    Ok(if path.is_absolute() { path.to_owned() } else { session.context.tmp().join(path) })
}

/// A path as the student knows it: one in the lab's directory relative to it, since that is where
/// their program ran (`received/cat.png`), not socklab's name for it.
fn shown_path(session: &Session, path: &Path) -> String {
    shown_in(session.context.tmp(), path)
}

fn shown_in(tmp: &Path, path: &Path) -> String {
    match path.strip_prefix(tmp) {
        Ok(inside) if inside.as_os_str().is_empty() => ".".to_owned(),
        Ok(inside) => inside.display().to_string(),
        Err(_) => path.display().to_string(),
    }
}

/// `'text'` for a one-line text, else the text as a Rust string literal (escaped newlines), shortened.
fn quoted(text: &str) -> String {
    let text = text.trim_end_matches('\n');
    if text.contains(['\n', '\'']) || text.chars().any(char::is_control) {
        format!("{:?}", shorten(text))
    } else {
        format!("'{}'", shorten(text))
    }
}

/// The last part of a long output, for a failure message.
fn shorten(text: &str) -> String {
    const MAX: usize = 300;
    if text.len() <= MAX {
        return text.to_owned();
    }
    let mut start = text.len() - MAX;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    format!("...{}", &text[start..])
}

fn human(duration: Duration) -> String {
    format!("{:.2}s", duration.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::i18n::{Lang, with_lang};
    use crate::runner::Settings;

    /// A lab whose client exits 3 where 0 is expected, with a hint written for the English reason.
    const LAB: &str = r#"
[[lab]]
name = "exits"
summary = "a client that fails"

[[lab.process]]
name = "client"
command = ["sh", "-c", "exit 3"]

[[lab.check]]
name = "the client succeeds"
process = "client"
exit = 0
hints = [{ when = "ended with exit 3, expected exit 0", text = "return 0 once the reply came" }]
"#;

    fn failure_in(lang: &Lang) -> Option<String> {
        let labs = crate::config::parse(Path::new("labs.toml"), LAB).unwrap();
        let settings = Settings::new(PathBuf::from("/nonexistent"), Default::default());
        with_lang(lang, || {
            let mut session = Session::start(&labs[0], &settings).unwrap().stop();
            evaluate(&labs[0].checks[0], &mut session).failure
        })
    }

    #[test]
    fn a_hint_matches_the_english_reason_and_follows_the_reason_in_the_run_language() {
        assert_eq!(
            failure_in(&Lang::english()).as_deref(),
            Some("client ended with exit 3, expected exit 0: return 0 once the reply came")
        );
        assert_eq!(
            failure_in(&Lang::parse("es").unwrap()).as_deref(),
            Some(
                "client terminó con código de salida 3; se esperaba código de salida 0: return 0 once the reply came"
            )
        );
    }
}
