//! Reading labs.toml: [`load`] parses the file into the [`crate::model`], or returns a [`ConfigError`]
//! that names the file, line, column and key, before anything runs.
//!
//! Parsing has two layers: `schema` is the file as serde reads it (unknown keys and wrong types are
//! refused there), `validate` resolves what serde cannot see (process references, regexes,
//! placeholders, one condition per check).

mod experiments;
mod schema;
mod sets;
mod texts;
mod validate;

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::model::Lab;
use crate::sweep::experiment::Experiment;
use crate::tr;

/// Everything labs.toml defines.
#[derive(Debug, Clone)]
pub struct Config {
    pub labs: Vec<Lab>,
    pub experiments: Vec<Experiment>,
    /// `[vars]`: the values of `{var:NAME}`, with the chosen lab set's and `--set`'s applied.
    pub vars: std::collections::BTreeMap<String, String>,
    /// `[[lab-set]]`s, in file order.
    pub lab_sets: Vec<LabSet>,
}

/// `[[lab-set]]`: labs selected together by name, with the variable values of the course behind them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabSet {
    pub name: String,
    pub summary: String,
    /// Lab names, in the order the set lists them; each names a lab of the file.
    pub labs: Vec<String>,
    /// `[vars]` values the set gives (a `--set` still overrides them).
    pub vars: std::collections::BTreeMap<String, String>,
}

/// The names a "no such NAME" error lists: `a, b, c`, or `none`.
pub(crate) fn listed<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.into_iter().collect();
    if names.is_empty() { tr!("config-none") } else { names.join(", ") }
}

/// What the command line chose before the file is checked: a lab set and `--set` overrides.
#[derive(Debug, Clone, Default)]
pub struct Choice {
    /// `--lab-set NAME`: only the set's labs, with its variable values.
    pub lab_set: Option<String>,
    /// `--set NAME=VALUE`, applied after the set's values.
    pub overrides: Vec<(String, String)>,
}

/// A mistake in labs.toml, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// The key path, e.g. `lab[2].process[0].ready`.
    pub key: String,
    pub message: String,
    /// The offending line of the file, shown under the message.
    pub source_line: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Line 0 means the error is about the whole file (it cannot be read), not a place in it.
        match self.line {
            0 => write!(f, "{}: ", self.file.display())?,
            line => write!(f, "{}:{}:{}: ", self.file.display(), line, self.column)?,
        }
        if !self.key.is_empty() {
            write!(f, "{}: ", self.key)?;
        }
        write!(f, "{}", self.message)?;
        if !self.source_line.trim().is_empty() {
            write!(f, "\n  {:>4} | {}", self.line, self.source_line)?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// Where an error points before it is turned into line and column.
pub(crate) struct Located {
    pub span: Option<Range<usize>>,
    pub key: String,
    pub message: String,
}

impl Located {
    fn into_error(self, file: &Path, text: &str) -> ConfigError {
        let offset = self.span.map(|span| span.start.min(text.len())).unwrap_or(0);
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|at| at + 1).unwrap_or(0);
        let column = before[line_start..].chars().count() + 1;
        let source_line = text[line_start..].lines().next().unwrap_or("").to_owned();
        ConfigError { file: file.to_owned(), line, column, key: self.key, message: self.message, source_line }
    }
}

/// Reads and checks a labs file: its labs.
pub fn load(path: &Path) -> Result<Vec<Lab>, ConfigError> {
    load_config(path).map(|config| config.labs)
}

/// Reads and checks a labs file: its labs and experiments.
pub fn load_config(path: &Path) -> Result<Config, ConfigError> {
    load_config_with(path, &Choice::default())
}

/// [`load_config`] with a lab set and `--set NAME=VALUE` overrides of `[vars]`, applied before the
/// labs are checked (a fixed port may be a variable).
pub fn load_config_with(path: &Path, choice: &Choice) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|err| ConfigError {
        file: path.to_owned(),
        line: 0,
        column: 0,
        key: String::new(),
        message: cannot_read(path, &err),
        source_line: String::new(),
    })?;
    parse_config_with(path, &text, choice)
}

/// Why the labs file cannot be read, with where socklab looked and how to point it elsewhere.
fn cannot_read(path: &Path, err: &std::io::Error) -> String {
    let looked = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let reason = err.to_string();
    if err.kind() == std::io::ErrorKind::NotFound {
        tr!("config-cannot-read-not-found", reason = reason, looked = looked.display().to_string())
    } else {
        tr!("config-cannot-read", reason = reason)
    }
}

/// A key path as the file writes it: without the markers serde's span tracking adds to the path
/// (`command.$__serde_spanned_private_value` is the key `command`).
fn readable_key(path: &str) -> String {
    path.split('.').filter(|part| !part.starts_with("$__serde_spanned")).collect::<Vec<_>>().join(".")
}

/// The message of a TOML or serde error in the language of the run: serde writes English, so its
/// common forms (an unknown or missing key, a value of the wrong type) are said again; anything
/// else is kept as it is.
fn serde_message(message: &str) -> String {
    if crate::i18n::current().code() == "en" {
        return message.to_owned();
    }
    let message = message.trim_end();
    fn quoted(text: &str) -> Option<(&str, &str)> {
        text.strip_prefix('`').and_then(|rest| rest.split_once('`'))
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        if let Some((field, expected)) = quoted(rest) {
            let expected = expected.trim_start_matches(", expected ");
            let expected = expected.strip_prefix("one of ").unwrap_or(expected);
            if expected == "there are no fields" {
                return tr!("config-serde-unknown-key-none", key = field.to_owned());
            }
            return tr!("config-serde-unknown-key", key = field.to_owned(), expected = expected.to_owned());
        }
    }
    if let Some((field, "")) = message.strip_prefix("missing field ").and_then(quoted) {
        return tr!("config-serde-missing-key", key = field.to_owned());
    }
    if let Some((field, "")) = message.strip_prefix("duplicate field ").and_then(quoted) {
        return tr!("config-serde-duplicate-key", key = field.to_owned());
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        if let Some((variant, expected)) = quoted(rest) {
            let expected = expected.trim_start_matches(", expected ");
            let expected = expected.strip_prefix("one of ").unwrap_or(expected);
            return tr!(
                "config-serde-unknown-value",
                value = variant.to_owned(),
                expected = expected.to_owned()
            );
        }
    }
    let found_expected = |prefix: &str| {
        let rest = message.strip_prefix(prefix)?;
        rest.split_once(", expected ").map(|(found, expected)| (found.to_owned(), expected.to_owned()))
    };
    if let Some((found, expected)) = found_expected("invalid type: ") {
        return tr!("config-serde-invalid-type", found = found, expected = expected);
    }
    if let Some((found, expected)) = found_expected("invalid value: ") {
        return tr!("config-serde-invalid-value", found = found, expected = expected);
    }
    message.to_owned()
}

/// Checks labs file text; `path` only names the file in errors.
pub fn parse(path: &Path, text: &str) -> Result<Vec<Lab>, ConfigError> {
    parse_config(path, text).map(|config| config.labs)
}

/// Checks labs file text, experiments included; `path` only names the file in errors.
pub fn parse_config(path: &Path, text: &str) -> Result<Config, ConfigError> {
    parse_config_with(path, text, &Choice::default())
}

/// [`parse_config`] with a lab set and `--set` overrides; an unknown set, or an override of a variable
/// `[vars]` does not have, is an error.
pub fn parse_config_with(path: &Path, text: &str, choice: &Choice) -> Result<Config, ConfigError> {
    // Tracking the key path costs a fifth of reading the file, so it is done only to explain an error.
    let syntax_error = |err: toml::de::Error| {
        Located { span: err.span(), key: String::new(), message: serde_message(err.message()) }
            .into_error(path, text)
    };
    let file: schema::LabFile = match toml::from_str(text) {
        Ok(file) => file,
        Err(_) => {
            let deserializer = toml::Deserializer::parse(text).map_err(syntax_error)?;
            serde_path_to_error::deserialize(deserializer).map_err(|err| {
                let key = readable_key(&err.path().to_string());
                let inner = err.into_inner();
                Located {
                    span: inner.span(),
                    key: if key == "." { String::new() } else { key },
                    message: serde_message(inner.message()),
                }
                .into_error(path, text)
            })?
        }
    };
    let mut file = file;
    texts::resolve(&mut file, &crate::i18n::current()).map_err(|located| located.into_error(path, text))?;
    let whole_file = |message: String| ConfigError {
        file: path.to_owned(),
        line: 0,
        column: 0,
        key: String::new(),
        message,
        source_line: String::new(),
    };
    let located = |located: Located| located.into_error(path, text);
    let lab_sets = sets::lab_sets(&file.lab_sets, &file.labs, &file.vars).map_err(located)?;
    if let Some(name) = &choice.lab_set {
        let Some(set) = lab_sets.iter().find(|set| &set.name == name) else {
            let has = listed(lab_sets.iter().map(|set| set.name.as_str()));
            return Err(whole_file(tr!("config-no-lab-set", name = name.clone(), has = has)));
        };
        file.vars.extend(set.vars.clone());
        file.labs.retain(|lab| set.labs.contains(lab.name.get_ref()));
    }
    for (name, value) in &choice.overrides {
        if !file.vars.contains_key(name) {
            let has = listed(file.vars.keys().map(String::as_str));
            let message = tr!("config-no-variable", name = name.clone(), has = has);
            return Err(whole_file(format!("--set {name}: {message}")));
        }
        file.vars.insert(name.clone(), value.clone());
    }
    let labs = validate::labs(file.labs, &file.defaults, &file.vars).map_err(located)?;
    let experiments = experiments::experiments(file.experiments, &file.defaults).map_err(located)?;
    Ok(Config { labs, experiments, vars: file.vars, lab_sets })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> ConfigError {
        parse(Path::new("labs.toml"), text).unwrap_err()
    }

    const GOOD: &str = r#"
[[lab]]
name = "echo"
summary = "§1 echo"

[[lab.process]]
name = "server"
command = ["{bin:udp-chat}", "server", "--bind", "127.0.0.1:{port}"]
ready = { stdout = "^listening" }

[[lab.process]]
name = "client"
command = ["{bin:udp-chat}", "client", "--to", "127.0.0.1:{port}"]
after-ready = "server"

[[lab.check]]
name = "client gets the echo"
process = "client"
stdout-contains = "-->"
"#;

    #[test]
    fn a_good_file_loads() {
        let labs = parse(Path::new("labs.toml"), GOOD).unwrap();
        assert_eq!(labs.len(), 1);
        assert_eq!(labs[0].processes.len(), 2);
        assert_eq!(labs[0].processes[1].ends, crate::model::Ends::Exit);
        assert_eq!(labs[0].processes[0].ends, crate::model::Ends::Stop);
    }

    #[test]
    fn unknown_keys_name_line_column_and_key() {
        let err = error(&GOOD.replace("after-ready", "afterready"));
        assert_eq!((err.line, err.column), (14, 1), "{err}");
        assert!(err.key.starts_with("lab[0].process[1]"), "{err}");
        assert!(err.message.contains("afterready"), "{err}");
    }

    #[test]
    fn a_wrong_type_of_a_spanned_key_names_the_key_as_written() {
        let err = error(&GOOD.replace(
            "command = [\"{bin:udp-chat}\", \"client\", \"--to\", \"127.0.0.1:{port}\"]",
            "command = 5",
        ));
        assert_eq!(err.key, "lab[0].process[1].command", "{err}");
        assert!(!err.to_string().contains("serde"), "{err}");
    }

    #[test]
    fn a_missing_labs_file_says_where_it_looked_and_how_to_name_another() {
        let err = load(Path::new("no-such-dir/labs.toml")).unwrap_err().to_string();
        let looked = std::env::current_dir().unwrap().join("no-such-dir/labs.toml");
        assert!(err.contains(&looked.display().to_string()), "{err}");
        assert!(err.contains("--labs FILE"), "{err}");
    }

    #[test]
    fn wrong_types_name_the_key() {
        let err = error(&GOOD.replace("stdout-contains = \"-->\"", "stdout-contains = 3"));
        assert_eq!((err.line, err.column), (19, 19), "{err}");
        assert_eq!(err.key, "lab[0].check[0].stdout-contains", "{err}");
    }

    #[test]
    fn bad_regexes_point_at_the_pattern() {
        let err = error(&GOOD.replace("^listening", "(unclosed"));
        assert_eq!((err.line, err.column), (9, 20), "{err}");
        assert_eq!(err.key, "lab[0].process[0].ready.stdout", "{err}");
    }

    #[test]
    fn missing_processes_are_named() {
        let err = error(&GOOD.replace("after-ready = \"server\"", "after-ready = \"sever\""));
        assert_eq!((err.line, err.column), (14, 15), "{err}");
        assert!(err.message.contains("no process named 'sever'"), "{err}");
    }

    const EXPERIMENT: &str = r#"
[[experiment]]
name = "trunc"
summary = "truncation"

[[experiment.parameter]]
name = "size"
unit = "bytes"
values = [16, 1200]
quick-values = [16]

[[experiment.process]]
name = "server"
command = ["{bin:udp-chat}", "server", "--bind", "127.0.0.1:{port}", "--recv-buf", "512"]
ready = { stdout = "^listening" }

[[experiment.process]]
name = "client"
command = ["{bin:udp-chat}", "client", "--to", "127.0.0.1:{port}", "--size", "{param:size}"]
after-ready = "server"

[[experiment.metric]]
name = "kept"
process = "client"
event = "reply"
field = "bytes"
where = { same = false, bytes = { at-least = 1, below = 70000 } }

[[experiment.metric]]
name = "model"
expr = "min(size, 512)"

[experiment.model]
measured = "kept"
predicted = "model"

[experiment.plot]
x = "size"
y = "kept"
model = "model"
"#;

    fn experiment_error(text: &str) -> ConfigError {
        parse_config(Path::new("labs.toml"), text).unwrap_err()
    }

    #[test]
    fn an_experiment_loads_with_its_points_and_conditions() {
        let config = parse_config(Path::new("labs.toml"), EXPERIMENT).unwrap();
        let experiment = &config.experiments[0];
        assert_eq!(experiment.points(false).len(), 2);
        assert_eq!(experiment.points(true).len(), 1);
        assert!(experiment.parallel);
        let crate::sweep::experiment::Source::Events(query) = &experiment.metrics[0].source else {
            panic!("kept reads events")
        };
        assert_eq!(query.conditions.len(), 3);
    }

    #[test]
    fn experiment_mistakes_name_line_and_key() {
        let err = experiment_error(&EXPERIMENT.replace("{param:size}", "{param:bytes}"));
        assert_eq!((err.line, err.column), (19, 11), "{err}");
        assert!(err.message.contains("{param:bytes} names no parameter"), "{err}");
        let err = experiment_error(&EXPERIMENT.replace("min(size, 512)", "min(sise, 512)"));
        assert_eq!((err.line, err.key.as_str()), (31, "experiment[0].metric[1].expr"), "{err}");
        assert!(err.message.contains("'sise' is not a parameter"), "{err}");
        let err = experiment_error(&EXPERIMENT.replace("y = \"kept\"", "y = \"kep\""));
        assert!(err.message.contains("no metric named 'kep'"), "{err}");
        let err = experiment_error(&EXPERIMENT.replace("at-least = 1", "atleast = 1"));
        assert!(err.key.ends_with("where.bytes"), "{err}");
        let err = experiment_error(&EXPERIMENT.replace("field = \"bytes\"", "feld = \"bytes\""));
        assert!(err.message.contains("feld"), "{err}");
    }

    #[test]
    fn a_parameter_unit_is_carried_and_must_be_a_string() {
        let config = parse_config(Path::new("labs.toml"), EXPERIMENT).unwrap();
        assert_eq!(config.experiments[0].parameters[0].unit, "bytes");
        let err = experiment_error(&EXPERIMENT.replace("unit = \"bytes\"", "unit = 16"));
        assert_eq!((err.line, err.key.as_str()), (8, "experiment[0].parameter[0].unit"), "{err}");
        assert!(err.message.contains("string"), "{err}");
    }

    #[test]
    fn labs_cannot_use_experiment_parameters() {
        let err = error(&GOOD.replace("--bind\", \"127.0.0.1:{port}\"", "--bind\", \"{param:x}\""));
        assert!(err.message.contains("only for experiments"), "{err}");
    }

    const PER_LANGUAGE: &str = r#"
[[lab]]
name = "echo"
summary = { en = "§1 echo", es = "§1 eco" }

[[lab.process]]
name = "server"
command = ["{bin:udp-chat}", "server", "--bind", "127.0.0.1:{port}"]
ready = { stdout = "^listening" }

[[lab.check]]
name.en = "server starts"
name.es = "el servidor arranca"
process = "server"
running = true

[[lab.check]]
name = { en = "still running", es = "sigue en marcha" }
only-if = "server starts"
hint = { en = "look at the log", es = "mire el registro" }
hints = [{ text = { en = "read the reason", es = "lea el motivo" }, when = "x" }]
process = "server"
running = true
"#;

    #[test]
    fn per_language_texts_are_read_in_the_language_of_the_run() {
        let es = crate::i18n::Lang::parse("es").unwrap();
        let labs = crate::i18n::with_lang(&es, || parse(Path::new("labs.toml"), PER_LANGUAGE)).unwrap();
        assert_eq!(labs[0].summary, "§1 eco");
        assert_eq!(labs[0].checks[0].name, "el servidor arranca");
        assert_eq!(labs[0].checks[1].name, "sigue en marcha");
        assert_eq!(labs[0].checks[1].only_if, Some(0), "only-if gives the English name");
        let hints: Vec<&str> = labs[0].checks[1].hints.iter().map(|hint| hint.text.as_str()).collect();
        assert_eq!(hints, ["mire el registro", "lea el motivo"]);
        let en = crate::i18n::Lang::english();
        let labs = crate::i18n::with_lang(&en, || parse(Path::new("labs.toml"), PER_LANGUAGE)).unwrap();
        assert_eq!(labs[0].checks[0].name, "server starts");
    }

    #[test]
    fn a_text_without_the_language_asked_for_is_an_error_unless_the_file_falls_back() {
        let es = crate::i18n::Lang::parse("es").unwrap();
        let en = crate::i18n::Lang::english();
        let partial = PER_LANGUAGE.replace(r#"name.es = "el servidor arranca""#, "");
        let error = crate::i18n::with_lang(&es, || parse(Path::new("labs.toml"), &partial)).unwrap_err();
        let error = error.to_string();
        assert!(error.contains("lab[0].check[0].name"), "{error}");
        assert!(error.contains("no hay texto en 'es' (tiene: en)"), "{error}");
        let error = crate::i18n::with_lang(&en, || {
            parse(Path::new("labs.toml"), &partial.replace("name.en", "name.es"))
        });
        assert!(error.unwrap_err().to_string().contains("no 'en' text (it has: es)"));
        let fallback = format!("fallback-lang = \"en\"\n{partial}");
        let labs = crate::i18n::with_lang(&es, || parse(Path::new("labs.toml"), &fallback)).unwrap();
        assert_eq!(labs[0].checks[0].name, "server starts");
        assert_eq!(labs[0].checks[1].name, "sigue en marcha");
        let unknown = PER_LANGUAGE.replace("es = \"§1 eco\"", "xx = \"?\"");
        let error = crate::i18n::with_lang(&es, || parse(Path::new("labs.toml"), &unknown)).unwrap_err();
        assert!(error.to_string().contains("'xx'"), "{error}");
    }
}
