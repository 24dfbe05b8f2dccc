//! Placeholders in commands, environment values, addresses and paths of labs.toml.
//!
//! `{port}` and `{port:NAME}` are free ports the harness picked for this lab run (the same name gives
//! the same port everywhere in the lab), `{bin:NAME}` is the path of a socklab program installed next
//! to the running `socklab`, and `{tmp}` is a directory private to this lab run. `{submission}` is the
//! private copy of the submission being graded (only in a process's `student` command, see
//! [`crate::grade`]). `{submission:A|B|GLOB}` is the submission's entry file among alternatives:
//! the first name that exists, or the one file a glob matches (`udp_echo_server.py|*udp*server*.py`).
//! `{var:NAME}` is a variable of labs.toml's `[vars]` (a course's port, shutdown word, file name...),
//! which `--set NAME=VALUE` overrides. `{event:PROCESS:EVENT:FIELD}`, in a check's value, is a field of
//! the first `--json` event named EVENT that PROCESS printed (what the reference server received, say).
//! In an experiment, `{param:NAME}` is the value of parameter NAME at the point being measured;
//! [`Template::bind`] fills it in before the lab is played. `{{` and `}}` stand for literal braces.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::tr;

/// A string with placeholders, parsed once when the file is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Port(String),
    Bin(String),
    Tmp,
    Submission,
    /// Alternatives for the entry file inside the submission (each may hold `{var:NAME}`, whose value
    /// may itself list alternatives with `|`).
    Entry(Vec<Template>),
    Var(String),
    /// The address of one of the lab's hosts.
    Host(String),
    /// (process, event, field)
    Event(String, String, String),
    Param(String),
}

/// The longest text `{repeat:COUNT:TEXT}` may make: one argument of a command line can hold at most
/// 128 KiB (MAX_ARG_STRLEN, execve(2)).
const MAX_REPEAT: usize = 128 * 1024 - 1;

/// `{repeat:COUNT:TEXT}`: TEXT COUNT times, e.g. a long message for a command line.
fn repeat(spec: &str) -> Result<String, String> {
    let usage = || {
        tr!(
            "run-repeat-usage",
            placeholder = format!("{{repeat:{spec}}}"),
            usage = "{repeat:COUNT:TEXT}",
            example = "{repeat:10000:0123456789}"
        )
    };
    let (count, text) = spec.split_once(':').ok_or_else(usage)?;
    let count: usize = count.trim().parse().map_err(|_| usage())?;
    match count.checked_mul(text.len()) {
        Some(total) if total <= MAX_REPEAT => Ok(text.repeat(count)),
        _ => Err(tr!(
            "run-repeat-too-long",
            placeholder = format!("{{repeat:{count}:...}}"),
            most = MAX_REPEAT
        )),
    }
}

/// The name `{port}` stands for.
pub const DEFAULT_PORT: &str = "default";

impl Template {
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(at) = rest.find(['{', '}']) {
            literal.push_str(&rest[..at]);
            let tail = &rest[at..];
            if tail.starts_with("{{") || tail.starts_with("}}") {
                literal.push_str(&tail[..1]);
                rest = &tail[2..];
                continue;
            }
            if tail.starts_with('}') {
                return Err(tr!("run-lone-closing-brace", brace = "'}'", literal = "'}}'"));
            }
            let end = closing_brace(tail)
                .ok_or_else(|| tr!("run-unclosed-brace", open = "'{'", close = "'}'", literal = "'{{'"))?;
            let inside = &tail[1..end];
            if let Some(spec) = inside.strip_prefix("repeat:") {
                literal.push_str(&repeat(spec)?);
                rest = &tail[end + 1..];
                continue;
            }
            let piece = match inside.split_once(':') {
                None if inside == "port" => Piece::Port(DEFAULT_PORT.to_owned()),
                None if inside == "tmp" => Piece::Tmp,
                None if inside == "submission" => Piece::Submission,
                Some(("port", name)) if valid_name(name) => Piece::Port(name.to_owned()),
                Some(("bin", name)) if valid_name(name) => Piece::Bin(name.to_owned()),
                Some(("param", name)) if valid_name(name) => Piece::Param(name.to_owned()),
                Some(("var", name)) if valid_name(name) => Piece::Var(name.to_owned()),
                Some(("host", name)) if valid_name(name) => Piece::Host(name.to_owned()),
                Some(("submission", alternatives)) if !alternatives.trim().is_empty() => Piece::Entry(
                    split_alternatives(alternatives)
                        .iter()
                        .map(|a| Template::parse(a))
                        .collect::<Result<_, _>>()?,
                ),
                Some(("event", path)) => match path.split(':').collect::<Vec<_>>().as_slice() {
                    [process, event, field] if [process, event, field].iter().all(|n| valid_name(n)) => {
                        Piece::Event(process.to_string(), event.to_string(), field.to_string())
                    }
                    _ => {
                        return Err(tr!(
                            "run-event-usage",
                            placeholder = format!("{{event:{path}}}"),
                            usage = "{event:PROCESS:EVENT:FIELD}"
                        ));
                    }
                },
                _ => {
                    return Err(tr!(
                        "run-unknown-placeholder",
                        placeholder = format!("{{{inside}}}"),
                        known = "{port}, {port:NAME}, {bin:NAME}, {tmp}, {submission}, {submission:FILE|FILE}, \
                                 {var:NAME}, {host:NAME}, {event:PROCESS:EVENT:FIELD}, {param:NAME}, \
                                 {repeat:COUNT:TEXT}"
                    ));
                }
            };
            if !literal.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut literal)));
            }
            pieces.push(piece);
            rest = &tail[end + 1..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            pieces.push(Piece::Text(literal));
        }
        Ok(Self { pieces })
    }

    /// A template that is only this text.
    pub fn literal(text: &str) -> Self {
        Self { pieces: vec![Piece::Text(text.to_owned())] }
    }

    /// Whether it names the submission being graded.
    pub fn uses_submission(&self) -> bool {
        self.pieces.iter().any(|piece| matches!(piece, Piece::Submission | Piece::Entry(_)))
    }

    /// The `[vars]` names it uses.
    pub fn variables(&self) -> Vec<&str> {
        self.pieces
            .iter()
            .flat_map(|piece| match piece {
                Piece::Var(name) => vec![name.as_str()],
                Piece::Entry(alternatives) => alternatives.iter().flat_map(Template::variables).collect(),
                _ => Vec::new(),
            })
            .collect()
    }

    /// The hosts whose address it names with `{host:NAME}`.
    pub fn hosts(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Host(name) => Some(name.as_str()),
            _ => None,
        })
    }

    /// The events it refers to: (process, event, field).
    pub fn events(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Event(process, event, field) => Some((process.as_str(), event.as_str(), field.as_str())),
            _ => None,
        })
    }

    /// The socklab programs this template names with `{bin:NAME}`.
    pub fn programs(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Bin(name) => Some(name.as_str()),
            _ => None,
        })
    }

    /// The experiment parameters this template names with `{param:NAME}`.
    pub fn parameters(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Param(name) => Some(name.as_str()),
            _ => None,
        })
    }

    /// This template with every `{param:NAME}` replaced by its value; an error names a parameter
    /// that has no value.
    pub fn bind(&self, values: &BTreeMap<String, String>) -> Result<Template, String> {
        let pieces = self
            .pieces
            .iter()
            .map(|piece| match piece {
                Piece::Param(name) => values
                    .get(name)
                    .map(|value| Piece::Text(value.clone()))
                    .ok_or_else(|| tr!("run-no-value", placeholder = format!("{{param:{name}}}"))),
                other => Ok(other.clone()),
            })
            .collect::<Result<_, _>>()?;
        Ok(Template { pieces })
    }

    pub fn render(&self, context: &mut Context) -> std::io::Result<String> {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Port(name) => out.push_str(&context.port(name)?.to_string()),
                Piece::Bin(name) => out.push_str(&context.bin_dir.join(name).to_string_lossy()),
                Piece::Tmp => out.push_str(&context.tmp.to_string_lossy()),
                Piece::Submission => match &context.submission {
                    Some(dir) => out.push_str(&dir.to_string_lossy()),
                    None => {
                        return Err(std::io::Error::other(tr!(
                            "run-only-when-grading",
                            placeholder = "{submission}"
                        )));
                    }
                },
                Piece::Entry(alternatives) => match context.submission.clone() {
                    Some(dir) => {
                        let mut names = Vec::new();
                        for alternative in alternatives {
                            let text = alternative.render(context)?;
                            names.extend(text.split('|').map(|name| name.trim().to_owned()));
                        }
                        out.push_str(&entry_file(&dir, &names)?.to_string_lossy());
                    }
                    None => {
                        return Err(std::io::Error::other(tr!(
                            "run-only-when-grading",
                            placeholder = "{submission:...}"
                        )));
                    }
                },
                Piece::Host(name) => match context.hosts.get(name) {
                    Some(addr) => out.push_str(&addr.to_string()),
                    None => return Err(std::io::Error::other(tr!("run-no-such-host", name = name.clone()))),
                },
                Piece::Var(name) => match context.vars.get(name) {
                    Some(value) => out.push_str(value),
                    None => {
                        let placeholder = format!("{{var:{name}}}");
                        return Err(std::io::Error::other(tr!("run-no-value", placeholder = placeholder)));
                    }
                },
                Piece::Event(process, event, field) => {
                    let key = (process.clone(), event.clone(), field.clone());
                    match context.events.get(&key) {
                        Some(value) => out.push_str(value),
                        None => {
                            return Err(std::io::Error::other(tr!(
                                "run-no-event-field",
                                process = process.clone(),
                                event = event.clone(),
                                field = field.clone()
                            )));
                        }
                    }
                }
                Piece::Param(name) => {
                    let placeholder = format!("{{param:{name}}}");
                    return Err(std::io::Error::other(tr!(
                        "run-param-outside-experiment",
                        placeholder = placeholder
                    )));
                }
            }
        }
        Ok(out)
    }
}

/// The entry file among `alternatives` in `dir`: the first plain name that exists, else the one file
/// a glob alternative matches. None, or several matches of a glob, is an error that lists the folder.
fn entry_file(dir: &Path, alternatives: &[String]) -> std::io::Result<PathBuf> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for alternative in alternatives {
        let is_glob = alternative.contains(['*', '?', '[']);
        if !is_glob {
            if dir.join(alternative).is_file() {
                return Ok(dir.join(alternative));
            }
            continue;
        }
        let pattern = glob::Pattern::new(alternative).map_err(|err| {
            let pattern = format!("{alternative:?}");
            std::io::Error::other(tr!("run-bad-file-pattern", pattern = pattern, error = err.to_string()))
        })?;
        let matching: Vec<&String> = names.iter().filter(|name| pattern.matches(name)).collect();
        match matching.as_slice() {
            [] => continue,
            [one] => return Ok(dir.join(one)),
            several => {
                return Err(std::io::Error::other(tr!(
                    "run-several-files-match",
                    pattern = alternative.clone(),
                    files = several.iter().map(|name| name.as_str()).collect::<Vec<_>>().join(", "),
                    name = alternatives[0].clone()
                )));
            }
        }
    }
    // What the student sees of their upload: its files and its folders (a zipped folder unpacks into
    // one), and where a wanted file is when it is one folder down.
    let mut folders: Vec<String> = std::fs::read_dir(dir)?
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let held: Vec<String> =
        names.iter().cloned().chain(folders.iter().map(|name| format!("{name}/"))).collect();
    let held = if held.is_empty() { tr!("run-nothing") } else { held.join(", ") };
    let below = folders.iter().find_map(|folder| {
        let found = entry_file_in(&dir.join(folder), alternatives)?;
        Some((found, format!("{folder}/")))
    });
    let wanted = alternatives.join(&format!(" {} ", tr!("run-or")));
    Err(std::io::Error::other(match below {
        Some((found, folder)) => {
            tr!("run-no-entry-file-below", wanted = wanted, held = held, found = found, folder = folder)
        }
        None => tr!("run-no-entry-file", wanted = wanted, held = held),
    }))
}

/// The name of the file in `dir` that the first matching alternative names, if any (a glob's first
/// match in name order): where a misplaced entry file is.
fn entry_file_in(dir: &Path, alternatives: &[String]) -> Option<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    alternatives.iter().find_map(|alternative| {
        let pattern = glob::Pattern::new(alternative).ok()?;
        names.iter().find(|name| pattern.matches(name)).cloned()
    })
}

/// Where the placeholder that `tail` starts with ends: its matching `}` (placeholders may nest once,
/// as in `{submission:{var:server-file}}`).
fn closing_brace(tail: &str) -> Option<usize> {
    let mut depth = 0;
    for (at, c) in tail.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => {}
        }
    }
    None
}

/// `a|{var:x}|b*` split at the `|` outside placeholders.
fn split_alternatives(text: &str) -> Vec<String> {
    let (mut parts, mut current, mut depth) = (Vec::new(), String::new(), 0);
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            '|' if depth == 0 => {
                parts.push(std::mem::take(&mut current).trim().to_owned());
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current.trim().to_owned());
    parts
}

/// A name of letters, digits, `-` and `_` (ports, programs, variables, hosts).
pub fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// What placeholders stand for in one lab run. Ports are picked the first time a name is used.
#[derive(Debug)]
pub struct Context {
    bin_dir: PathBuf,
    tmp: PathBuf,
    ports: BTreeMap<String, u16>,
    submission: Option<PathBuf>,
    vars: BTreeMap<String, String>,
    /// Values of `{event:...}`, filled in by whoever has the processes' output (the checks).
    events: BTreeMap<(String, String, String), String>,
    /// The addresses of the lab's hosts, by name.
    hosts: BTreeMap<String, std::net::Ipv4Addr>,
}

impl Context {
    pub fn new(bin_dir: &Path, tmp: &Path) -> Self {
        Self {
            bin_dir: bin_dir.to_owned(),
            tmp: tmp.to_owned(),
            ports: BTreeMap::new(),
            submission: None,
            vars: BTreeMap::new(),
            events: BTreeMap::new(),
            hosts: BTreeMap::new(),
        }
    }

    /// The values of `{host:NAME}`.
    pub fn with_hosts(mut self, hosts: impl IntoIterator<Item = (String, std::net::Ipv4Addr)>) -> Self {
        self.hosts.extend(hosts);
        self
    }

    /// The values of `{var:NAME}`.
    pub fn with_vars(mut self, vars: &BTreeMap<String, String>) -> Self {
        self.vars.extend(vars.iter().map(|(name, value)| (name.clone(), value.clone())));
        self
    }

    /// Sets what `{event:PROCESS:EVENT:FIELD}` stands for.
    pub fn set_event(&mut self, process: &str, event: &str, field: &str, value: String) {
        self.events.insert((process.to_owned(), event.to_owned(), field.to_owned()), value);
    }

    /// Ports decided beforehand (the fixed ports of a graded lab, inside its own network), by name
    /// (`default` for `{port}`).
    pub fn with_ports(mut self, ports: &BTreeMap<String, u16>) -> Self {
        self.ports.extend(ports.iter().map(|(name, port)| (name.clone(), *port)));
        self
    }

    pub fn with_submission(mut self, dir: Option<&Path>) -> Self {
        self.submission = dir.map(Path::to_owned);
        self
    }

    pub fn submission(&self) -> Option<&Path> {
        self.submission.as_deref()
    }

    pub fn port(&mut self, name: &str) -> std::io::Result<u16> {
        if let Some(port) = self.ports.get(name) {
            return Ok(*port);
        }
        let port = crate::runner::ports::pick_free_port()?;
        self.ports.insert(name.to_owned(), port);
        Ok(port)
    }

    pub fn tmp(&self) -> &Path {
        &self.tmp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_render_and_braces_escape() {
        let template = Template::parse("{bin:udp-chat} --bind 127.0.0.1:{port} {{x}} {tmp}/a").unwrap();
        let mut context = Context::new(Path::new("/b"), Path::new("/t"));
        let text = template.render(&mut context).unwrap();
        let port = context.port("default").unwrap();
        assert_eq!(text, format!("/b/udp-chat --bind 127.0.0.1:{port} {{x}} /t/a"));
    }

    #[test]
    fn named_ports_differ_and_repeat() {
        let mut context = Context::new(Path::new("/b"), Path::new("/t"));
        let a = Template::parse("{port:a}").unwrap().render(&mut context).unwrap();
        let b = Template::parse("{port:b}").unwrap().render(&mut context).unwrap();
        let again = Template::parse("{port:a}").unwrap().render(&mut context).unwrap();
        assert_ne!(a, b);
        assert_eq!(a, again);
    }

    #[test]
    fn parameters_are_named_and_bound() {
        let template = Template::parse("--backlog {param:backlog} --to 127.0.0.1:{port}").unwrap();
        assert_eq!(template.parameters().collect::<Vec<_>>(), vec!["backlog"]);
        let values = [("backlog".to_owned(), "4".to_owned())].into();
        let bound = template.bind(&values).unwrap();
        let mut context = Context::new(Path::new("/b"), Path::new("/t"));
        assert!(bound.render(&mut context).unwrap().starts_with("--backlog 4 --to 127.0.0.1:"));
        assert!(template.bind(&BTreeMap::new()).unwrap_err().contains("{param:backlog}"));
        assert!(template.render(&mut context).is_err());
    }

    #[test]
    fn vars_events_and_entry_files_render() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("servidor_udp.py"), "").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "").unwrap();
        let vars = [("shutdown".to_owned(), "FIN".to_owned())].into();
        let mut context =
            Context::new(Path::new("/b"), Path::new("/t")).with_vars(&vars).with_submission(Some(dir.path()));
        context.set_event("server", "datagram", "text", "hola".into());
        let render = |text: &str, context: &mut Context| Template::parse(text).unwrap().render(context);
        assert_eq!(render("say {var:shutdown}", &mut context).unwrap(), "say FIN");
        assert_eq!(render("--> {event:server:datagram:text}", &mut context).unwrap(), "--> hola");
        let entry = render("{submission:udp_echo_server.py|*udp*.py}", &mut context).unwrap();
        assert_eq!(entry, dir.path().join("servidor_udp.py").to_string_lossy());
        let vars = [("server".to_owned(), "udp_echo_server.py|servidor_*.py".to_owned())].into();
        let mut with_var =
            Context::new(Path::new("/b"), Path::new("/t")).with_vars(&vars).with_submission(Some(dir.path()));
        let entry = render("{submission:{var:server}}", &mut with_var).unwrap();
        assert_eq!(entry, dir.path().join("servidor_udp.py").to_string_lossy());
        let none = render("{submission:udp_echo_server.py|*tcp*.py}", &mut context).unwrap_err().to_string();
        assert_eq!(
            none,
            "no udp_echo_server.py or *tcp*.py in the submission (it holds: notes.txt, servidor_udp.py)"
        );
        // Files one folder down (a zipped folder): the folder is listed, and where the file is.
        let nested = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(nested.path().join("lab1")).unwrap();
        std::fs::write(nested.path().join("lab1/servidor_udp.py"), "").unwrap();
        let mut context = Context::new(Path::new("/b"), Path::new("/t")).with_submission(Some(nested.path()));
        let below = render("{submission:udp_echo_server.py|*udp*.py}", &mut context).unwrap_err().to_string();
        assert_eq!(
            below,
            "no udp_echo_server.py or *udp*.py in the submission (it holds: lab1/; servidor_udp.py is in \
             lab1/: put the files at the top of the submission)"
        );
        std::fs::remove_file(nested.path().join("lab1/servidor_udp.py")).unwrap();
        let empty = render("{submission:udp_echo_server.py}", &mut context).unwrap_err().to_string();
        assert_eq!(empty, "no udp_echo_server.py in the submission (it holds: lab1/)");
        let mut context =
            Context::new(Path::new("/b"), Path::new("/t")).with_vars(&vars).with_submission(Some(dir.path()));
        std::fs::write(dir.path().join("udp_client.py"), "").unwrap();
        let several = render("{submission:*udp*.py}", &mut context).unwrap_err().to_string();
        assert!(
            several.starts_with("several files match *udp*.py: servidor_udp.py, udp_client.py"),
            "{several}"
        );
        assert!(render("{var:port}", &mut context).is_err());
        assert!(Template::parse("{event:server:datagram}").is_err());
    }

    #[test]
    fn unknown_placeholders_are_rejected() {
        assert!(Template::parse("{prot}").unwrap_err().contains("unknown placeholder {prot}"));
        assert!(Template::parse("{port").is_err());
        assert!(Template::parse("a}b").is_err());
        assert!(Template::parse("{bin:}").is_err());
    }

    #[test]
    fn repeat_makes_long_literal_text_within_one_argument() {
        assert_eq!(Template::parse("<{repeat:3:ab}>").unwrap(), Template::literal("<ababab>"));
        let long = Template::parse("{repeat:10000:0123456789}").unwrap();
        assert_eq!(long, Template::literal(&"0123456789".repeat(10_000)));
        assert!(Template::parse("{repeat:x:ab}").unwrap_err().contains("is not {repeat:COUNT:TEXT}"));
        assert!(Template::parse("{repeat:3}").is_err());
        assert!(Template::parse("{repeat:200000:a}").unwrap_err().contains("the most one argument can hold"));
        assert!(Template::parse("{repeat:18446744073709551615:ab}").is_err());
    }
}
