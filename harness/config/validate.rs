//! From the file as written ([`super::schema`]) to the [`crate::model`]: everything serde cannot check.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use toml::Spanned;

use super::Located;
use super::schema::{CheckSpec, Defaults, EndsSpec, ExitSpec, LabSpec, ProcessSpec, ReadySpec};
use crate::model::{
    Check, CheckKind, DEFAULT_GRACE, DEFAULT_LAB_TIMEOUT, DEFAULT_PROCESS_TIMEOUT, DEFAULT_READY_TIMEOUT,
    Ends, ExitExpectation, FileExpectation, Lab, Pattern, Process, ProcessId, Proto, Readiness, StartAfter,
    StdinStep, Stream, TextMatch,
};
use crate::template::Template;

pub(super) type Result<T> = std::result::Result<T, Located>;

pub(super) fn at(span: Range<usize>, key: impl Into<String>, message: impl Into<String>) -> Located {
    Located { span: Some(span), key: key.into(), message: message.into() }
}

pub fn labs(specs: Vec<LabSpec>, defaults: &Defaults) -> Result<Vec<Lab>> {
    let mut seen = HashSet::new();
    let mut labs = Vec::new();
    for (index, spec) in specs.into_iter().enumerate() {
        let key = format!("lab[{index}]");
        if !seen.insert(spec.name.get_ref().clone()) {
            return Err(at(spec.name.span(), format!("{key}.name"), "another lab has this name"));
        }
        labs.push(lab(spec, defaults, &key)?);
    }
    Ok(labs)
}

fn lab(spec: LabSpec, defaults: &Defaults, key: &str) -> Result<Lab> {
    let name = spec.name.get_ref();
    if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c == '/') {
        return Err(at(spec.name.span(), format!("{key}.name"), "a lab name is one word without '/'"));
    }
    if spec.processes.is_empty() {
        return Err(at(
            spec.name.span(),
            format!("{key}.process"),
            "a lab needs at least one [[lab.process]]",
        ));
    }
    let mut names: Vec<&str> = Vec::new();
    for (index, process) in spec.processes.iter().enumerate() {
        if names.contains(&process.name.get_ref().as_str()) {
            return Err(at(
                process.name.span(),
                format!("{key}.process[{index}].name"),
                "another process of this lab has this name",
            ));
        }
        names.push(process.name.get_ref());
    }
    let processes = spec
        .processes
        .iter()
        .enumerate()
        .map(|(index, process)| self::process(process, &names, defaults, &format!("{key}.process[{index}]")))
        .collect::<Result<Vec<_>>>()?;
    check_start_order(&processes, &spec.processes, key)?;
    for (index, process) in processes.iter().enumerate() {
        if let Some(name) = process.command.iter().flat_map(|word| word.parameters()).next() {
            return Err(at(
                spec.processes[index].command.span(),
                format!("{key}.process[{index}].command"),
                format!("{{param:{name}}} is only for experiments ([[experiment]])"),
            ));
        }
    }
    let checks = spec
        .checks
        .into_iter()
        .enumerate()
        .map(|(index, check)| self::check(check, &names, &format!("{key}.check[{index}]")))
        .collect::<Result<Vec<_>>>()?;
    let fixed_ports = match &spec.fixed_ports {
        None => BTreeMap::new(),
        Some(ports) => fixed_ports(ports, &format!("{key}.fixed-ports"))?,
    };
    Ok(Lab {
        fixed_ports,
        name: name.clone(),
        summary: spec.summary,
        timeout: spec.timeout.or(defaults.timeout).unwrap_or(DEFAULT_LAB_TIMEOUT),
        grace: spec.grace.or(defaults.grace).unwrap_or(DEFAULT_GRACE),
        processes,
        checks,
    })
}

pub(super) fn process(spec: &ProcessSpec, names: &[&str], defaults: &Defaults, key: &str) -> Result<Process> {
    if spec.command.get_ref().is_empty() {
        return Err(at(
            spec.command.span(),
            format!("{key}.command"),
            "the command needs at least a program",
        ));
    }
    let command = spec
        .command
        .get_ref()
        .iter()
        .map(|word| template(word, &format!("{key}.command")))
        .collect::<Result<Vec<_>>>()?;
    let student = match &spec.student {
        None => None,
        Some(words) => {
            let student_key = format!("{key}.student");
            if words.get_ref().is_empty() {
                return Err(at(words.span(), student_key, "the student command needs at least a program"));
            }
            if matches!(spec.ready, Some(ReadySpec::Stdout(_) | ReadySpec::Stderr(_))) {
                return Err(at(
                    words.span(),
                    student_key,
                    "a role with a student command needs socket readiness (ready = { udp = \"ADDR\" } or \
                     { tcp = \"ADDR\" }): student programs print what they like",
                ));
            }
            let words = words
                .get_ref()
                .iter()
                .map(|word| template_with_submission(word, &student_key))
                .collect::<Result<Vec<_>>>()?;
            Some(words)
        }
    };
    let env = spec
        .env
        .iter()
        .map(|(name, value)| Ok((name.clone(), template(value, &format!("{key}.env.{name}"))?)))
        .collect::<Result<Vec<_>>>()?;
    let ready = match &spec.ready {
        None => None,
        Some(ReadySpec::Stdout(pattern)) => {
            Some(Readiness::Line(Stream::Stdout, regex(pattern, &format!("{key}.ready.stdout"))?))
        }
        Some(ReadySpec::Stderr(pattern)) => {
            Some(Readiness::Line(Stream::Stderr, regex(pattern, &format!("{key}.ready.stderr"))?))
        }
        Some(ReadySpec::Tcp(addr)) => {
            Some(Readiness::Socket(Proto::Tcp, template(addr, &format!("{key}.ready.tcp"))?))
        }
        Some(ReadySpec::Udp(addr)) => {
            Some(Readiness::Socket(Proto::Udp, template(addr, &format!("{key}.ready.udp"))?))
        }
    };
    let mut start_after = Vec::new();
    for (field, list, wrap) in [
        ("after-ready", &spec.after_ready, StartAfter::Ready as fn(ProcessId) -> StartAfter),
        ("after-exit", &spec.after_exit, StartAfter::Exited),
    ] {
        if let Some(list) = list {
            for name in &list.get_ref().0 {
                let id = reference(name, list, names, &format!("{key}.{field}"))?;
                start_after.push(wrap(id));
            }
        }
    }
    let mut stdin = Vec::new();
    for (index, step) in spec.stdin.iter().enumerate() {
        let step_key = format!("{key}.stdin[{index}]");
        let watched = match &step.wait_in {
            Some(name) => reference(name.get_ref(), name, names, &format!("{step_key}.wait-in"))?,
            None => names.iter().position(|n| n == spec.name.get_ref()).unwrap_or_default(),
        };
        let wait_for = match &step.wait_for {
            Some(pattern) => Some((watched, regex(pattern, &format!("{step_key}.wait-for"))?)),
            None => None,
        };
        if wait_for.is_none() && step.line.is_none() {
            return Err(Located {
                span: None,
                key: step_key,
                message: "a stdin step needs `line`, `wait-for` or both".to_owned(),
            });
        }
        stdin.push(StdinStep { wait_for, line: step.line.clone() });
    }
    let ends = match spec.ends {
        Some(EndsSpec::Exit) => Ends::Exit,
        Some(EndsSpec::Stop) => Ends::Stop,
        None if ready.is_some() => Ends::Stop,
        None => Ends::Exit,
    };
    Ok(Process {
        name: spec.name.get_ref().clone(),
        command,
        student,
        sandboxed: false,
        env,
        stdin,
        keep_stdin_open: spec.keep_stdin_open,
        ready,
        ready_timeout: spec.ready_timeout.or(defaults.ready_timeout).unwrap_or(DEFAULT_READY_TIMEOUT),
        start_after,
        ends,
        timeout: spec.timeout.or(defaults.process_timeout).unwrap_or(DEFAULT_PROCESS_TIMEOUT),
    })
}

/// Refuses a start order that can never be satisfied (a waits for b, b waits for a).
pub(super) fn check_start_order(processes: &[Process], specs: &[ProcessSpec], key: &str) -> Result<()> {
    fn waits_on(processes: &[Process], from: ProcessId, target: ProcessId, seen: &mut Vec<bool>) -> bool {
        if seen[from] {
            return false;
        }
        seen[from] = true;
        processes[from].start_after.iter().any(|after| {
            let (StartAfter::Ready(id) | StartAfter::Exited(id)) = *after;
            id == target || waits_on(processes, id, target, seen)
        })
    }
    for (id, spec) in specs.iter().enumerate() {
        if waits_on(processes, id, id, &mut vec![false; processes.len()]) {
            return Err(at(
                spec.name.span(),
                format!("{key}.process[{id}]"),
                format!(
                    "process '{}' waits (through after-ready/after-exit) for itself",
                    spec.name.get_ref()
                ),
            ));
        }
    }
    Ok(())
}

/// Builds a check's condition once its process is known.
type MakeCheck = Box<dyn FnOnce(ProcessId) -> CheckKind>;

const CONDITIONS: &str = "exit, stdout-contains, stdout-matches, stdout-equals, stderr-contains, \
                          stderr-matches, stderr-equals, event, file, running, listening, within";

fn check(spec: CheckSpec, names: &[&str], key: &str) -> Result<Check> {
    let name_span = spec.name.span();
    let process = match &spec.process {
        Some(name) => Some(reference(name.get_ref(), name, names, &format!("{key}.process"))?),
        None => None,
    };
    let mut kinds: Vec<(&str, MakeCheck)> = Vec::new();
    let output = |stream, matcher| Box::new(move |id| CheckKind::Output(id, stream, matcher)) as MakeCheck;
    if let Some(exit) = spec.exit {
        let expectation = match exit {
            ExitSpec::Code(code) => ExitExpectation::Code(code),
            ExitSpec::Success => ExitExpectation::Success,
            ExitSpec::Failure => ExitExpectation::Failure,
            ExitSpec::Killed => ExitExpectation::Killed,
        };
        kinds.push(("exit", Box::new(move |id| CheckKind::Exit(id, expectation))));
    }
    if let Some(text) = spec.stdout_contains {
        kinds.push(("stdout-contains", output(Stream::Stdout, TextMatch::Contains(text))));
    }
    if let Some(pattern) = &spec.stdout_matches {
        let regex = regex(pattern, &format!("{key}.stdout-matches"))?;
        kinds.push(("stdout-matches", output(Stream::Stdout, TextMatch::Matches(regex))));
    }
    if let Some(text) = spec.stdout_equals {
        kinds.push(("stdout-equals", output(Stream::Stdout, TextMatch::Equals(text))));
    }
    if let Some(text) = spec.stderr_contains {
        kinds.push(("stderr-contains", output(Stream::Stderr, TextMatch::Contains(text))));
    }
    if let Some(pattern) = &spec.stderr_matches {
        let regex = regex(pattern, &format!("{key}.stderr-matches"))?;
        kinds.push(("stderr-matches", output(Stream::Stderr, TextMatch::Matches(regex))));
    }
    if let Some(text) = spec.stderr_equals {
        kinds.push(("stderr-equals", output(Stream::Stderr, TextMatch::Equals(text))));
    }
    if let Some(fields) = spec.event {
        kinds.push(("event", Box::new(move |id| CheckKind::Event(id, fields))));
    }
    if let Some(true) = spec.running {
        kinds.push(("running", Box::new(CheckKind::Running)));
    } else if let Some(false) = spec.running {
        return Err(at(
            name_span,
            format!("{key}.running"),
            "`running` can only be true; use `exit` instead",
        ));
    }
    if let Some(listening) = &spec.listening {
        let (proto, addr) = listen_address(listening, &format!("{key}.listening"))?;
        kinds.push((
            "listening",
            Box::new(move |process| CheckKind::Listening { process, proto, addr, exact: false }),
        ));
    }
    if let Some(listening) = &spec.listening_exactly {
        let (proto, addr) = listen_address(listening, &format!("{key}.listening-exactly"))?;
        kinds.push((
            "listening-exactly",
            Box::new(move |process| CheckKind::Listening { process, proto, addr, exact: true }),
        ));
    }
    if let Some(limit) = spec.within {
        kinds.push(("within", Box::new(move |id| CheckKind::Within(id, limit))));
    }
    let file = match &spec.file {
        Some(path) => Some(template(path, &format!("{key}.file"))?),
        None => None,
    };
    if file.is_none() {
        for (field, value) in [("sha256", &spec.sha256), ("same-as", &spec.same_as)] {
            if let Some(value) = value {
                return Err(at(
                    value.span(),
                    format!("{key}.{field}"),
                    format!("`{field}` goes with `file`"),
                ));
            }
        }
    }
    let name = spec.name.into_inner();
    let points = spec.points.unwrap_or(1);
    let hint = spec.hint;
    if let Some(path) = file {
        if let Some((first, _)) = kinds.first() {
            return Err(at(
                name_span,
                key,
                format!("a check has one condition, but this one has `file` and `{first}`"),
            ));
        }
        let expectation = match (&spec.sha256, &spec.same_as) {
            (Some(_), Some(same_as)) => {
                return Err(at(
                    same_as.span(),
                    format!("{key}.same-as"),
                    "use `sha256` or `same-as`, not both",
                ));
            }
            (Some(digest), None) => {
                let hex = digest.get_ref().to_ascii_lowercase();
                if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                    return Err(at(digest.span(), format!("{key}.sha256"), "expected 64 hexadecimal digits"));
                }
                FileExpectation::Sha256(hex)
            }
            (None, Some(other)) => FileExpectation::SameAs(template(other, &format!("{key}.same-as"))?),
            (None, None) => FileExpectation::Exists,
        };
        return Ok(Check { name, points, kind: CheckKind::File(path, expectation), hint });
    }
    if kinds.len() != 1 {
        let found: Vec<&str> = kinds.iter().map(|(field, _)| *field).collect();
        let message = if found.is_empty() {
            format!("a check needs one condition: {CONDITIONS}")
        } else {
            format!("a check has one condition, but this one has {}", found.join(", "))
        };
        return Err(at(name_span, key, message));
    }
    let (field, make) = kinds.pop().expect("one condition");
    let Some(id) = process else {
        return Err(at(name_span, format!("{key}.process"), format!("`{field}` needs `process = \"NAME\"`")));
    };
    Ok(Check { name, points, kind: make(id), hint })
}

fn listen_address(listening: &Spanned<String>, key: &str) -> Result<(Proto, Template)> {
    let (proto, addr) = match listening.get_ref().split_once(' ') {
        Some(("udp", addr)) => (Proto::Udp, addr.trim()),
        Some(("tcp", addr)) => (Proto::Tcp, addr.trim()),
        _ => return Err(at(listening.span(), key, "expected \"udp ADDR\" or \"tcp ADDR\"")),
    };
    let addr = Template::parse(addr).map_err(|message| at(listening.span(), key, message))?;
    if addr.uses_submission() {
        return Err(at(listening.span(), key, SUBMISSION_ONLY_IN_STUDENT));
    }
    Ok((proto, addr))
}

fn fixed_ports(ports: &Spanned<BTreeMap<String, u16>>, key: &str) -> Result<BTreeMap<String, u16>> {
    let mut fixed = BTreeMap::new();
    for (name, port) in ports.get_ref() {
        let placeholder = match name.split_once(':') {
            None if name == "port" => crate::template::DEFAULT_PORT.to_owned(),
            Some(("port", named)) if !named.is_empty() => named.to_owned(),
            _ => {
                return Err(at(
                    ports.span(),
                    key,
                    format!("'{name}' is not a port placeholder (write port = 3500 or \"port:NAME\" = 3501)"),
                ));
            }
        };
        if *port == 0 {
            return Err(at(ports.span(), key, "a fixed port cannot be 0"));
        }
        fixed.insert(placeholder, *port);
    }
    Ok(fixed)
}

const SUBMISSION_ONLY_IN_STUDENT: &str =
    "{submission} only exists when grading: use it in a process's `student` command";

fn reference<T>(name: &str, spanned: &Spanned<T>, names: &[&str], key: &str) -> Result<ProcessId> {
    names.iter().position(|candidate| *candidate == name).ok_or_else(|| {
        at(
            spanned.span(),
            key,
            format!("no process named '{name}' in this lab (it has: {})", names.join(", ")),
        )
    })
}

fn regex(pattern: &Spanned<String>, key: &str) -> Result<Pattern> {
    Pattern::new(pattern.get_ref()).map_err(|err| {
        let first = err.to_string().lines().last().unwrap_or("invalid regex").trim().to_owned();
        at(pattern.span(), key, format!("bad regex {:?}: {first}", pattern.get_ref()))
    })
}

fn template(text: &Spanned<String>, key: &str) -> Result<Template> {
    let template = template_with_submission(text, key)?;
    if template.uses_submission() {
        return Err(at(text.span(), key, SUBMISSION_ONLY_IN_STUDENT));
    }
    Ok(template)
}

fn template_with_submission(text: &Spanned<String>, key: &str) -> Result<Template> {
    Template::parse(text.get_ref()).map_err(|message| at(text.span(), key, message))
}
