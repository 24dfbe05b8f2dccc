//! From the file as written ([`super::schema`]) to the [`crate::model`]: everything serde cannot check.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use super::Located;
use super::schema::{
    CheckSpec, ConditionSpec, Defaults, EndsSpec, ExitSpec, LabSpec, PacketsSpec, PortValue, ProcessSpec,
    ReadySpec,
};
use crate::model::{
    Check, CheckKind, DEFAULT_GRACE, DEFAULT_LAB_TIMEOUT, DEFAULT_PROCESS_TIMEOUT, DEFAULT_READY_TIMEOUT,
    Ends, ExitExpectation, FileExpectation, Freeze, Hint, Lab, PacketCheck, Pattern, Process, ProcessId,
    Proto, Readiness, StartAfter, StdinStep, Stream, TextMatch,
};
use crate::template::Template;
use crate::tr;

pub(super) type Result<T> = std::result::Result<T, Located>;

pub(super) fn at(span: Range<usize>, key: impl Into<String>, message: impl Into<String>) -> Located {
    Located { span: Some(span), key: key.into(), message: message.into() }
}

pub fn labs(specs: Vec<LabSpec>, defaults: &Defaults, vars: &BTreeMap<String, String>) -> Result<Vec<Lab>> {
    let mut seen = HashSet::new();
    let mut labs = Vec::new();
    for (index, spec) in specs.into_iter().enumerate() {
        let key = format!("lab[{index}]");
        if !seen.insert(spec.name.get_ref().clone()) {
            return Err(at(spec.name.span(), format!("{key}.name"), tr!("config-lab-name-taken")));
        }
        let span = spec.name.span();
        let lab = lab(spec, defaults, &key, vars)?;
        if let Some(problem) = unknown_names(&lab, vars) {
            return Err(at(span, key, problem));
        }
        labs.push(lab);
    }
    Ok(labs)
}

/// A `{var:NAME}` without a value in `[vars]`, or an `{event:PROCESS:...}` of a process the lab has not.
fn unknown_names(lab: &Lab, vars: &BTreeMap<String, String>) -> Option<String> {
    let mut templates: Vec<&Template> = Vec::new();
    for process in &lab.processes {
        templates.extend(process.command.iter().chain(process.student.iter().flatten()));
        templates.extend(process.env.iter().map(|(_, value)| value));
        if let Some(Readiness::Socket(_, addr)) = &process.ready {
            templates.push(addr);
        }
    }
    for condition in lab.checks.iter().flat_map(|check| &check.conditions) {
        match condition {
            CheckKind::Output(
                _,
                _,
                TextMatch::Contains(t) | TextMatch::Equals(t) | TextMatch::Excludes(t),
            ) => templates.push(t),
            CheckKind::Listening { addr, .. } => templates.push(addr),
            CheckKind::File(path, expectation) => {
                templates.push(path);
                if let FileExpectation::SameAs(other) = expectation {
                    templates.push(other);
                }
            }
            _ => {}
        }
    }
    for template in templates {
        if let Some(name) = template.variables().into_iter().find(|name| !vars.contains_key(*name)) {
            let known: Vec<&str> = vars.keys().map(String::as_str).collect();
            let has = if known.is_empty() { tr!("config-nothing") } else { known.join(", ") };
            return Some(tr!("config-var-no-value", name = name.to_owned(), has = has));
        }
        if let Some((process, ..)) =
            template.events().find(|(process, ..)| !lab.processes.iter().any(|p| p.name == *process))
        {
            return Some(tr!("config-event-no-process", process = process.to_owned()));
        }
    }
    None
}

fn lab(spec: LabSpec, defaults: &Defaults, key: &str, vars: &BTreeMap<String, String>) -> Result<Lab> {
    let name = spec.name.get_ref();
    if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c == '/') {
        return Err(at(spec.name.span(), format!("{key}.name"), tr!("config-lab-name-word")));
    }
    if spec.processes.is_empty() {
        return Err(at(spec.name.span(), format!("{key}.process"), tr!("config-lab-no-process")));
    }
    let mut names: Vec<&str> = Vec::new();
    for (index, process) in spec.processes.iter().enumerate() {
        if names.contains(&process.name.get_ref().as_str()) {
            return Err(at(
                process.name.span(),
                format!("{key}.process[{index}].name"),
                tr!("config-process-name-taken"),
            ));
        }
        names.push(process.name.get_ref());
    }
    let mut processes = spec
        .processes
        .iter()
        .enumerate()
        .map(|(index, process)| self::process(process, &names, defaults, &format!("{key}.process[{index}]")))
        .collect::<Result<Vec<_>>>()?;
    let hosts = hosts(&spec, &mut processes, key)?;
    check_start_order(&processes, &spec.processes, key)?;
    for (index, process) in processes.iter().enumerate() {
        if let Some(name) = process.command.iter().flat_map(|word| word.parameters()).next() {
            return Err(at(
                spec.processes[index].command.span(),
                format!("{key}.process[{index}].command"),
                tr!("config-param-in-lab", name = name.to_owned()),
            ));
        }
    }
    let mut checks = Vec::with_capacity(spec.checks.len());
    for (index, mut check) in spec.checks.into_iter().enumerate() {
        let key = format!("{key}.check[{index}]");
        let only_if = match check.only_if.take() {
            Some(name) => Some(earlier_check(&name, &checks, &format!("{key}.only-if"))?),
            None => None,
        };
        checks.push(Check { only_if, ..self::check(check, &names, &key)? });
    }
    let fixed_ports = match &spec.fixed_ports {
        None => BTreeMap::new(),
        Some(ports) => fixed_ports(ports, &format!("{key}.fixed-ports"), vars)?,
    };
    Ok(Lab {
        fixed_ports,
        name: name.clone(),
        summary: spec.summary.get_ref().resolved().to_owned(),
        timeout: spec.timeout.or(defaults.timeout).unwrap_or(DEFAULT_LAB_TIMEOUT),
        grace: spec.grace.or(defaults.grace).unwrap_or(DEFAULT_GRACE),
        processes,
        checks,
        capture: spec.capture.unwrap_or(false),
        hosts,
    })
}

/// The most hosts one lab may have: each is a network namespace and a veth pair.
const MAX_HOSTS: usize = 50;

/// The lab's `[[lab.host]]` names, each process's `host`, and every `{host:NAME}` checked against them.
fn hosts(spec: &LabSpec, processes: &mut [Process], key: &str) -> Result<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    for (index, host) in spec.hosts.iter().enumerate() {
        let name = host.name.get_ref();
        let host_key = format!("{key}.host[{index}].name");
        if !crate::template::valid_name(name) {
            return Err(at(
                host.name.span(),
                host_key,
                tr!("config-host-name-invalid", name = format!("{name:?}")),
            ));
        }
        if names.contains(name) {
            return Err(at(host.name.span(), host_key, tr!("config-host-name-taken")));
        }
        names.push(name.clone());
    }
    if names.len() > MAX_HOSTS {
        return Err(at(
            spec.name.span(),
            format!("{key}.host"),
            tr!("config-too-many-hosts", max = MAX_HOSTS),
        ));
    }
    for (index, (process, process_spec)) in processes.iter_mut().zip(&spec.processes).enumerate() {
        if let Some(host) = &process_spec.host {
            let position = names.iter().position(|name| name == host.get_ref()).ok_or_else(|| {
                at(
                    host.span(),
                    format!("{key}.process[{index}].host"),
                    tr!("config-no-host", name = format!("{:?}", host.get_ref())),
                )
            })?;
            process.host = Some(position);
        }
        let templates = process
            .command
            .iter()
            .chain(process.student.iter().flatten())
            .chain(process.env.iter().map(|(_, value)| value))
            .chain(process.stdin.iter().filter_map(|step| step.line.as_ref()))
            .chain(match &process.ready {
                Some(Readiness::Socket(_, addr)) => Some(addr),
                _ => None,
            });
        for template in templates {
            if let Some(unknown) = template.hosts().find(|name| !names.iter().any(|known| known == name)) {
                return Err(at(
                    process_spec.name.span(),
                    format!("{key}.process[{index}]"),
                    tr!(
                        "config-host-placeholder-no-host",
                        host = unknown.to_owned(),
                        name = format!("{unknown:?}")
                    ),
                ));
            }
        }
    }
    Ok(names)
}

pub(super) fn process(spec: &ProcessSpec, names: &[&str], defaults: &Defaults, key: &str) -> Result<Process> {
    if spec.command.get_ref().is_empty() {
        return Err(at(spec.command.span(), format!("{key}.command"), tr!("config-command-empty")));
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
                return Err(at(words.span(), student_key, tr!("config-student-command-empty")));
            }
            if matches!(spec.ready, Some(ReadySpec::Stdout(_) | ReadySpec::Stderr(_))) {
                return Err(at(words.span(), student_key, tr!("config-student-needs-socket-ready")));
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
    let freeze = match &spec.freeze {
        None => None,
        Some(freeze) => {
            let process = reference(
                freeze.process.get_ref(),
                &freeze.process,
                names,
                &format!("{key}.freeze.process"),
            )?;
            if names[process] == *spec.name.get_ref() {
                return Err(at(
                    freeze.process.span(),
                    format!("{key}.freeze.process"),
                    tr!("config-freeze-itself"),
                ));
            }
            Some(Freeze { process, until: regex(&freeze.until, &format!("{key}.freeze.until"))? })
        }
    };
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
            return Err(Located { span: None, key: step_key, message: tr!("config-stdin-step-empty") });
        }
        let line = step.line.as_ref().map(|line| template(line, &format!("{step_key}.line"))).transpose()?;
        stdin.push(StdinStep { wait_for, line });
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
        freeze,
        ends,
        timeout: spec.timeout.or(defaults.process_timeout).unwrap_or(DEFAULT_PROCESS_TIMEOUT),
        host: None,
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
                tr!("config-waits-for-itself", process = spec.name.get_ref().clone()),
            ));
        }
    }
    Ok(())
}

/// Builds a check's condition once its process is known.
type MakeCheck = Box<dyn FnOnce(ProcessId) -> CheckKind>;

const CONDITIONS: &str = "exit, stdout-contains, stdout-matches, stdout-equals, stdout-excludes, \
                          stderr-contains, stderr-matches, stderr-equals, stderr-excludes, event, file, \
                          running, listening, listening-exactly, within, udp-to-closed-port, \
                          stops-on-sigterm, leaves-nothing-running, no-crash";

fn check(mut spec: CheckSpec, names: &[&str], key: &str) -> Result<Check> {
    let name_span = spec.name.span();
    let mut conditions = condition(spec.inline(), names, key, name_span.clone())?;
    for (index, condition_spec) in std::mem::take(&mut spec.all).into_iter().enumerate() {
        conditions.extend(condition(
            condition_spec,
            names,
            &format!("{key}.all[{index}]"),
            name_span.clone(),
        )?);
    }
    if conditions.is_empty() {
        return Err(at(name_span, key, tr!("config-check-no-condition", conditions = CONDITIONS)));
    }
    if conditions.iter().any(CheckKind::is_live) && !conditions.iter().all(CheckKind::is_live) {
        return Err(at(name_span, key, tr!("config-live-and-after")));
    }
    let mut hints: Vec<Hint> = spec
        .hint
        .map(|text| Hint {
            text: text.get_ref().resolved().to_owned(),
            when: None,
            unless: None,
            process: None,
        })
        .into_iter()
        .collect();
    for (index, hint) in spec.hints.into_iter().enumerate() {
        let hint_key = format!("{key}.hints[{index}]");
        let process = match &hint.process {
            Some(name) => Some(reference(name.get_ref(), name, names, &format!("{hint_key}.process"))?),
            None => None,
        };
        let when = match &hint.when {
            Some(pattern) => Some(regex(pattern, &format!("{hint_key}.when"))?),
            None => None,
        };
        let unless = match &hint.unless {
            Some(pattern) => Some(regex(pattern, &format!("{hint_key}.unless"))?),
            None => None,
        };
        hints.push(Hint { text: hint.text.get_ref().resolved().to_owned(), when, unless, process });
    }
    Ok(Check {
        name: spec.name.get_ref().resolved().to_owned(),
        points: spec.points.unwrap_or(1),
        conditions,
        hints,
        only_if: None,
    })
}

/// The index of the check named `name` among those listed before it.
fn earlier_check(name: &Spanned<String>, before: &[Check], key: &str) -> Result<usize> {
    before.iter().position(|check| check.name == *name.get_ref()).ok_or_else(|| {
        at(
            name.span(),
            key,
            if before.is_empty() {
                tr!("config-only-if-first", name = name.get_ref().clone())
            } else {
                let earlier = before.iter().map(|c| format!("'{}'", c.name)).collect::<Vec<_>>().join(", ");
                tr!("config-only-if-unknown", name = name.get_ref().clone(), earlier = earlier)
            },
        )
    })
}

/// The conditions one set of keys asks for (each key one condition; `file` with its `sha256` or
/// `same-as` is one).
fn condition(
    spec: ConditionSpec,
    names: &[&str],
    key: &str,
    name_span: std::ops::Range<usize>,
) -> Result<Vec<CheckKind>> {
    let process = match &spec.process {
        Some(name) => Some(reference(name.get_ref(), name, names, &format!("{key}.process"))?),
        None => None,
    };
    let mut kinds: Vec<(&str, MakeCheck)> = Vec::new();
    let mut found = Vec::new();
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
    let texts = [
        (
            "stdout-contains",
            Stream::Stdout,
            &spec.stdout_contains,
            TextMatch::Contains as fn(Template) -> TextMatch,
        ),
        ("stdout-equals", Stream::Stdout, &spec.stdout_equals, TextMatch::Equals),
        ("stdout-excludes", Stream::Stdout, &spec.stdout_excludes, TextMatch::Excludes),
        ("stderr-contains", Stream::Stderr, &spec.stderr_contains, TextMatch::Contains),
        ("stderr-equals", Stream::Stderr, &spec.stderr_equals, TextMatch::Equals),
        ("stderr-excludes", Stream::Stderr, &spec.stderr_excludes, TextMatch::Excludes),
    ];
    for (field, stream, value, make) in texts {
        if let Some(text) = value {
            let value = template(text, &format!("{key}.{field}"))?;
            kinds.push((field, output(stream, make(value))));
        }
    }
    if let Some(pattern) = &spec.stdout_matches {
        let regex = regex(pattern, &format!("{key}.stdout-matches"))?;
        kinds.push(("stdout-matches", output(Stream::Stdout, TextMatch::Matches(regex))));
    }
    if let Some(pattern) = &spec.stderr_matches {
        let regex = regex(pattern, &format!("{key}.stderr-matches"))?;
        kinds.push(("stderr-matches", output(Stream::Stderr, TextMatch::Matches(regex))));
    }
    if let Some(fields) = spec.event {
        kinds.push(("event", Box::new(move |id| CheckKind::Event(id, fields))));
    }
    for (field, value) in [
        ("running", spec.running),
        ("stops-on-sigterm", spec.stops_on_sigterm),
        ("leaves-nothing-running", spec.leaves_nothing_running),
        ("no-crash", spec.no_crash),
        ("says-something", spec.says_something),
    ] {
        match value {
            Some(true) => kinds.push((
                field,
                match field {
                    "running" => Box::new(CheckKind::Running),
                    "stops-on-sigterm" => Box::new(CheckKind::StopsOnSigterm),
                    "no-crash" => Box::new(CheckKind::NoCrash),
                    "says-something" => Box::new(CheckKind::SaysSomething),
                    _ => Box::new(CheckKind::LeavesNothingRunning),
                },
            )),
            Some(false) => {
                return Err(at(
                    name_span,
                    format!("{key}.{field}"),
                    tr!("config-only-true-opposite", field = field),
                ));
            }
            None => {}
        }
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
    if let Some(packets) = &spec.packets {
        found.push(CheckKind::Packets(packet_check(packets, &format!("{key}.packets"))?));
    }
    match spec.udp_to_closed_port {
        Some(true) => found.push(CheckKind::UdpToClosedPort),
        Some(false) => {
            return Err(at(
                name_span,
                format!("{key}.udp-to-closed-port"),
                tr!("config-only-true", field = "udp-to-closed-port"),
            ));
        }
        None => {}
    }
    if spec.file.is_none() {
        for (field, value) in [("sha256", &spec.sha256), ("same-as", &spec.same_as)] {
            if let Some(value) = value {
                return Err(at(
                    value.span(),
                    format!("{key}.{field}"),
                    tr!("config-needs-file", field = field),
                ));
            }
        }
        if let Some(holds) = &spec.holds {
            return Err(at(holds.span(), format!("{key}.holds"), tr!("config-needs-file", field = "holds")));
        }
    }
    if let Some(path) = &spec.file {
        let path = template(path, &format!("{key}.file"))?;
        let expectation = match (&spec.sha256, &spec.same_as) {
            _ if spec.holds.is_some() && (spec.sha256.is_some() || spec.same_as.is_some()) => {
                let holds = spec.holds.as_ref().map(Spanned::span).unwrap_or_default();
                return Err(at(holds, format!("{key}.holds"), tr!("config-holds-with-digest")));
            }
            _ if spec.holds.is_some() => FileExpectation::Holds(
                spec.holds.as_ref().map(|names| names.get_ref().clone()).unwrap_or_default(),
            ),
            (Some(_), Some(same_as)) => {
                return Err(at(same_as.span(), format!("{key}.same-as"), tr!("config-sha256-and-same-as")));
            }
            (Some(digest), None) => {
                let hex = digest.get_ref().to_ascii_lowercase();
                if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                    return Err(at(digest.span(), format!("{key}.sha256"), tr!("config-sha256-digits")));
                }
                FileExpectation::Sha256(hex)
            }
            (None, Some(other)) => FileExpectation::SameAs(template(other, &format!("{key}.same-as"))?),
            (None, None) => FileExpectation::Exists,
        };
        found.push(CheckKind::File(path, expectation));
    }
    if let Some((field, _)) = kinds.first() {
        let Some(id) = process else {
            return Err(at(name_span, format!("{key}.process"), tr!("config-needs-process", field = *field)));
        };
        found.extend(kinds.into_iter().map(|(_, make)| make(id)));
    }
    Ok(found)
}

fn listen_address(listening: &Spanned<String>, key: &str) -> Result<(Proto, Template)> {
    let (proto, addr) = match listening.get_ref().split_once(' ') {
        Some(("udp", addr)) => (Proto::Udp, addr.trim()),
        Some(("tcp", addr)) => (Proto::Tcp, addr.trim()),
        _ => return Err(at(listening.span(), key, tr!("config-listening-form"))),
    };
    let addr = Template::parse(addr).map_err(|message| at(listening.span(), key, message))?;
    if addr.uses_submission() {
        return Err(at(listening.span(), key, tr!("config-submission-only-in-student")));
    }
    Ok((proto, addr))
}

fn fixed_ports(
    ports: &Spanned<BTreeMap<String, PortValue>>,
    key: &str,
    vars: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, u16>> {
    let mut fixed = BTreeMap::new();
    for (name, value) in ports.get_ref() {
        let port = match value {
            PortValue::Number(port) => *port,
            PortValue::Text(text) => {
                let template = Template::parse(text).map_err(|message| at(ports.span(), key, message))?;
                let mut context = crate::template::Context::new(Path::new(""), Path::new("")).with_vars(vars);
                let rendered =
                    template.render(&mut context).map_err(|err| at(ports.span(), key, err.to_string()))?;
                rendered.trim().parse::<u16>().map_err(|_| {
                    at(
                        ports.span(),
                        key,
                        tr!(
                            "config-fixed-port-not-a-port",
                            name = name.clone(),
                            text = format!("{text:?}"),
                            rendered = rendered.clone()
                        ),
                    )
                })?
            }
        };
        let port = &port;
        let placeholder = match name.split_once(':') {
            None if name == "port" => crate::template::DEFAULT_PORT.to_owned(),
            Some(("port", named)) if !named.is_empty() => named.to_owned(),
            _ => {
                return Err(at(
                    ports.span(),
                    key,
                    tr!("config-fixed-port-not-a-placeholder", name = name.clone()),
                ));
            }
        };
        if *port == 0 {
            return Err(at(ports.span(), key, tr!("config-fixed-port-zero")));
        }
        fixed.insert(placeholder, *port);
    }
    Ok(fixed)
}

fn reference<T>(name: &str, spanned: &Spanned<T>, names: &[&str], key: &str) -> Result<ProcessId> {
    names.iter().position(|candidate| *candidate == name).ok_or_else(|| {
        at(spanned.span(), key, tr!("config-no-process", name = name.to_owned(), has = names.join(", ")))
    })
}

fn regex(pattern: &Spanned<String>, key: &str) -> Result<Pattern> {
    Pattern::new(pattern.get_ref()).map_err(|err| {
        let first = err.to_string().lines().last().map(|line| line.trim().to_owned());
        let first = first.unwrap_or_else(|| tr!("config-invalid-regex"));
        at(
            pattern.span(),
            key,
            tr!("config-bad-regex", pattern = format!("{:?}", pattern.get_ref()), reason = first),
        )
    })
}

fn template(text: &Spanned<String>, key: &str) -> Result<Template> {
    let template = template_with_submission(text, key)?;
    if template.uses_submission() {
        return Err(at(text.span(), key, tr!("config-submission-only-in-student")));
    }
    Ok(template)
}

fn template_with_submission(text: &Spanned<String>, key: &str) -> Result<Template> {
    Template::parse(text.get_ref()).map_err(|message| at(text.span(), key, message))
}

/// A `packets = { ... }` condition.
fn packet_check(spec: &PacketsSpec, key: &str) -> Result<PacketCheck> {
    use crate::capture::condition::{Count, PacketKind};
    let kind = PacketKind::parse(spec.kind.get_ref()).ok_or_else(|| {
        at(
            spec.kind.span(),
            format!("{key}.kind"),
            tr!(
                "config-unknown-packet-kind",
                kind = format!("{:?}", spec.kind.get_ref()),
                known = PacketKind::NAMES.join(", ")
            ),
        )
    })?;
    let counts: Vec<Count> = [
        spec.count.map(Count::Exactly),
        spec.at_least.map(Count::AtLeast),
        spec.at_most.map(Count::AtMost),
        spec.largest_at_most.map(Count::LargestAtMost),
        spec.largest_at_least.map(Count::LargestAtLeast),
    ]
    .into_iter()
    .flatten()
    .collect();
    let count = match counts.as_slice() {
        [] => Count::AtLeast(1),
        [one] => *one,
        _ => {
            return Err(at(spec.kind.span(), key, tr!("config-packet-counts")));
        }
    };
    let largest = matches!(count, Count::LargestAtMost(_) | Count::LargestAtLeast(_));
    if largest != (kind == PacketKind::DataSegment) {
        return Err(at(spec.kind.span(), key, tr!("config-packet-largest")));
    }
    let endpoint = |value: &Option<Spanned<String>>, field: &str| -> Result<Option<Template>> {
        let Some(text) = value else { return Ok(None) };
        let parsed = template(text, &format!("{key}.{field}"))?;
        // What can be judged now is: the address without its placeholders, each standing for a number
        // or an address, must still have the shape IP:PORT, IP or :PORT.
        let sample = text.get_ref().replace("{port}", "1");
        let sample = regex::Regex::new(r"\{port:[^}]*\}")
            .map(|re| re.replace_all(&sample, "1").into_owned())
            .unwrap_or(sample);
        let sample = regex::Regex::new(r"\{(host|var):[^}]*\}")
            .map(|re| re.replace_all(&sample, "192.0.2.1").into_owned())
            .unwrap_or(sample);
        if !sample.contains('{') {
            crate::capture::condition::Endpoint::parse(&sample).map_err(|_| {
                at(
                    text.span(),
                    format!("{key}.{field}"),
                    tr!("config-packet-endpoint", text = format!("{:?}", text.get_ref())),
                )
            })?;
        }
        Ok(Some(parsed))
    };
    Ok(PacketCheck { kind, from: endpoint(&spec.from, "from")?, to: endpoint(&spec.to, "to")?, count })
}
