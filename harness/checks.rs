//! Making a lab's checks against what its processes did ([`crate::runner::Session`]).
//!
//! Each check passes or fails with a reason a student can act on ("stdout of client does not contain
//! ..."). Live checks (still running, listening) are made while the processes still run, just
//! before the harness stops them; the others after everything has ended.

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::model::{Check, CheckKind, ExitExpectation, FileExpectation, Stream, TextMatch};
use crate::runner::{ProcessRun, Session};

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

/// Makes `check` now.
pub fn evaluate(check: &Check, session: &mut Session) -> CheckResult {
    let failure = match &check.kind {
        CheckKind::File(path, expectation) => file(session, path, expectation).err(),
        CheckKind::Listening { process, proto, addr, exact } => match addr.render(&mut session.context) {
            Ok(addr) => listening(&mut session.processes[*process], *proto, &addr, *exact).err(),
            Err(err) => Some(err.to_string()),
        },
        kind => {
            let id = process_of(kind);
            let settle = if session.lab().processes[id].sandboxed {
                SUBMISSION_RUNNING_SETTLE
            } else {
                Duration::ZERO
            };
            let run = &mut session.processes[id];
            if !run.has_started() {
                Some(format!("{} was never started", run.name))
            } else {
                on_process(kind, run, settle).err()
            }
        }
    };
    let failure = match (failure, &check.hint) {
        (Some(reason), Some(hint)) => Some(format!("{reason}: {hint}")),
        (failure, _) => failure,
    };
    CheckResult { name: check.name.clone(), points: check.points, failure }
}

fn process_of(kind: &CheckKind) -> usize {
    match kind {
        CheckKind::Exit(id, _)
        | CheckKind::Output(id, ..)
        | CheckKind::Event(id, _)
        | CheckKind::Running(id)
        | CheckKind::Listening { process: id, .. }
        | CheckKind::Within(id, _) => *id,
        CheckKind::File(..) => unreachable!("a file check is about no process"),
    }
}

/// A check on one process; `settle` is how long it must stay up to count as still running.
fn on_process(kind: &CheckKind, run: &mut ProcessRun, settle: Duration) -> Result<(), String> {
    let name = run.name.clone();
    match kind {
        CheckKind::Exit(_, expected) => exit(run, *expected),
        CheckKind::Output(_, stream, matcher) => {
            output(&name, *stream, &run.text(*stream), matcher).map_err(|reason| {
                // Nothing printed: the other stream usually says why (a client's "no reply within 2s").
                let other = match stream {
                    Stream::Stdout => Stream::Stderr,
                    Stream::Stderr => Stream::Stdout,
                };
                let said = run.text(other);
                match said.lines().rev().find(|line| !line.trim().is_empty()) {
                    Some(line) if run.text(*stream).is_empty() => {
                        format!("{reason} ({} said: {})", other.name(), shorten(line.trim()))
                    }
                    _ => reason,
                }
            })
        }
        CheckKind::Event(_, fields) => event(&name, &run.text(Stream::Stdout), fields),
        CheckKind::Running(_) => {
            if run.is_running_after(settle) {
                Ok(())
            } else {
                Err(format!("{name} was not running at the end ({})", run.describe_status()))
            }
        }
        CheckKind::Listening { .. } => unreachable!("handled by the caller"),
        CheckKind::Within(_, limit) => match run.run_time() {
            Some(took) if !run.stopped && took <= *limit => Ok(()),
            Some(took) if !run.stopped => Err(format!(
                "{name} took {} to finish, more than {}",
                human(took),
                crate::cli::format_duration(*limit)
            )),
            _ => Err(format!(
                "{name} did not finish by itself within {} ({})",
                crate::cli::format_duration(*limit),
                run.describe_status()
            )),
        },
        CheckKind::File(..) => unreachable!("handled by the caller"),
    }
}

/// Makes every check of the session's lab that `live` selects, in order.
pub fn evaluate_all(session: &mut Session, live: bool) -> Vec<CheckResult> {
    let checks: Vec<Check> =
        session.lab().checks.iter().filter(|check| check.kind.is_live() == live).cloned().collect();
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
        addr.parse().map_err(|_| format!("'{addr}' is not an IP:PORT address"))?;
    if !run.is_running() {
        return Err(format!("{name} was not running at the end ({})", run.describe_status()));
    }
    let pid = run.pid().unwrap_or_default();
    let bound = crate::sockets::addresses_for(pid, proto, addr);
    let wildcard = bound.iter().find(|local| local.port() == addr.port() && local.ip().is_unspecified());
    match wildcard {
        Some(any) if exact && *any != addr => {
            Err(format!("{name} is bound to {any} (every address of the machine) instead of {addr} as asked"))
        }
        _ if crate::sockets::serves(&bound, addr) => Ok(()),
        _ if bound.is_empty() => Err(format!("{name} has no socket listening on {} {addr}", proto.name())),
        _ => Err(format!(
            "{name} has no socket listening on {} {addr} (it has {})",
            proto.name(),
            bound.iter().map(|local| local.to_string()).collect::<Vec<_>>().join(", ")
        )),
    }
}

fn exit(run: &ProcessRun, expected: ExitExpectation) -> Result<(), String> {
    let Some(status) = run.exit_status() else {
        return Err(format!("{} did not exit", run.name));
    };
    let ok = match expected {
        ExitExpectation::Code(code) => status.code() == Some(code),
        ExitExpectation::Success => status.success(),
        ExitExpectation::Failure => status.code().is_some_and(|code| code != 0),
        ExitExpectation::Killed => status.signal().is_some(),
    };
    let wanted = match expected {
        ExitExpectation::Code(code) => format!("exit {code}"),
        ExitExpectation::Success => "success (exit 0)".to_owned(),
        ExitExpectation::Failure => "failure (a non-zero exit)".to_owned(),
        ExitExpectation::Killed => "killed by a signal".to_owned(),
    };
    // A program that went on in the background did not end: its exit status says nothing.
    if ok && !run.left_behind() {
        Ok(())
    } else {
        Err(format!("{} ended with {}, expected {wanted}", run.name, run.describe_status()))
    }
}

fn output(name: &str, stream: Stream, text: &str, matcher: &TextMatch) -> Result<(), String> {
    let ok = match matcher {
        TextMatch::Contains(needle) => text.contains(needle.as_str()),
        TextMatch::Matches(pattern) => text.lines().any(|line| pattern.is_match(line)),
        TextMatch::Equals(expected) => text.trim_end_matches('\n') == expected.trim_end_matches('\n'),
    };
    if ok {
        return Ok(());
    }
    if let TextMatch::Equals(expected) = matcher {
        let got = if text.is_empty() { "nothing".to_owned() } else { quoted(text) };
        return Err(format!(
            "{name} should print {} on {stream}, it printed {got}",
            quoted(expected),
            stream = stream.name()
        ));
    }
    let what = match matcher {
        TextMatch::Contains(needle) => format!("does not contain {needle:?}"),
        TextMatch::Matches(pattern) => format!("has no line matching /{pattern}/"),
        TextMatch::Equals(_) => unreachable!("handled above"),
    };
    let shown = if text.is_empty() { "nothing".to_owned() } else { format!("{:?}", shorten(text)) };
    Err(format!("{stream} of {name} {what} (it was {shown})", stream = stream.name()))
}

fn event(
    name: &str,
    stdout: &str,
    fields: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), String> {
    let found =
        stdout.lines().filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok()).any(|value| {
            let Some(object) = value.as_object() else { return false };
            fields.iter().all(|(key, wanted)| object.get(key).is_some_and(|got| same_json(got, wanted)))
        });
    if found {
        Ok(())
    } else {
        Err(format!("{name} printed no JSON event with {}", serde_json::Value::Object(fields.clone())))
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
    let digest = |path: &Path| -> Result<String, String> {
        let bytes = std::fs::read(path).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
        Ok(format!("{:x}", Sha256::digest(&bytes)))
    };
    if !path.exists() {
        return Err(format!("{} does not exist", shown_path(session, &path)));
    }
    match expected {
        FileExpectation::Exists => Ok(()),
        FileExpectation::Sha256(wanted) => {
            let got = digest(&path)?;
            if &got == wanted {
                Ok(())
            } else {
                Err(format!("{} has SHA-256 {got}, expected {wanted}", shown_path(session, &path)))
            }
        }
        FileExpectation::SameAs(other) => {
            let other = rendered_path(session, other)?;
            let (got, wanted) = (digest(&path)?, digest(&other)?);
            if got == wanted {
                Ok(())
            } else {
                Err(format!("{} differs from {}", shown_path(session, &path), shown_path(session, &other)))
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

fn shown_path(session: &Session, path: &Path) -> String {
    match path.strip_prefix(session.context.tmp()) {
        Ok(inside) => format!("{{tmp}}/{}", inside.display()),
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
