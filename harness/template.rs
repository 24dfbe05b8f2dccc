//! Placeholders in commands, environment values, addresses and paths of labs.toml.
//!
//! `{port}` and `{port:NAME}` are free ports the harness picked for this lab run (the same name gives
//! the same port everywhere in the lab), `{bin:NAME}` is the path of a socklab program installed next
//! to the running `socklab`, and `{tmp}` is a directory private to this lab run. `{submission}` is the
//! private copy of the submission being graded (only in a process's `student` command, see
//! [`crate::grade`]). In an experiment, `{param:NAME}` is the value of parameter NAME at the point
//! being measured; [`Template::bind`] fills it in before the lab is played. `{{` and `}}` stand for
//! literal braces.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    Param(String),
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
                return Err("a lone '}' (write '}}' for a literal brace)".to_owned());
            }
            let end = tail.find('}').ok_or("a '{' without its '}' (write '{{' for a literal brace)")?;
            let inside = &tail[1..end];
            let piece = match inside.split_once(':') {
                None if inside == "port" => Piece::Port(DEFAULT_PORT.to_owned()),
                None if inside == "tmp" => Piece::Tmp,
                None if inside == "submission" => Piece::Submission,
                Some(("port", name)) if valid_name(name) => Piece::Port(name.to_owned()),
                Some(("bin", name)) if valid_name(name) => Piece::Bin(name.to_owned()),
                Some(("param", name)) if valid_name(name) => Piece::Param(name.to_owned()),
                _ => {
                    return Err(format!(
                        "unknown placeholder {{{inside}}} (known: {{port}}, {{port:NAME}}, {{bin:NAME}}, {{tmp}}, \
                         {{submission}}, {{param:NAME}})"
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
        self.pieces.contains(&Piece::Submission)
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
                    .ok_or_else(|| format!("no value for {{param:{name}}}")),
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
                        return Err(std::io::Error::other("{submission} is only known when grading"));
                    }
                },
                Piece::Param(name) => {
                    return Err(std::io::Error::other(format!("{{param:{name}}} outside an experiment")));
                }
            }
        }
        Ok(out)
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// What placeholders stand for in one lab run. Ports are picked the first time a name is used.
#[derive(Debug)]
pub struct Context {
    bin_dir: PathBuf,
    tmp: PathBuf,
    ports: BTreeMap<String, u16>,
    submission: Option<PathBuf>,
}

impl Context {
    pub fn new(bin_dir: &Path, tmp: &Path) -> Self {
        Self { bin_dir: bin_dir.to_owned(), tmp: tmp.to_owned(), ports: BTreeMap::new(), submission: None }
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
    fn unknown_placeholders_are_rejected() {
        assert!(Template::parse("{prot}").unwrap_err().contains("unknown placeholder {prot}"));
        assert!(Template::parse("{port").is_err());
        assert!(Template::parse("a}b").is_err());
        assert!(Template::parse("{bin:}").is_err());
    }
}
