//! The labs.toml file as written: plain serde structs, one per table, that refuse unknown keys.
//!
//! Nothing here is checked beyond its type; [`super::validate`] turns these into the [`crate::model`]
//! the runner uses. Values that later checks must point at keep their position with [`Spanned`].

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use toml::Spanned;

pub use super::texts::Text;

/// The whole file: optional defaults, then `[[lab]]` tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LabFile {
    #[serde(default)]
    pub defaults: Defaults,
    /// `[vars]`: `{var:NAME}` values, overridable with `--set NAME=VALUE`.
    #[serde(default)]
    pub vars: BTreeMap<String, String>,
    #[serde(default, rename = "lab")]
    pub labs: Vec<LabSpec>,
    #[serde(default, rename = "experiment")]
    pub experiments: Vec<ExperimentSpec>,
    #[serde(default, rename = "lab-set")]
    pub lab_sets: Vec<LabSetSpec>,
    /// The language of a per-language text that lacks the one asked for (`fallback-lang = "en"`);
    /// without it such a text is an error.
    pub fallback_lang: Option<Spanned<String>>,
}

/// `[[lab-set]]`: labs an instructor selects together by name (`--lab-set NAME`), with the values of
/// `[vars]` that the course behind the set uses.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LabSetSpec {
    pub name: Spanned<String>,
    pub summary: Spanned<Text>,
    pub labs: Vec<Spanned<String>>,
    #[serde(default)]
    pub vars: BTreeMap<Spanned<String>, String>,
}

/// `[[experiment]]`: a parameter sweep for `socklab sweep`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExperimentSpec {
    pub name: Spanned<String>,
    pub summary: Spanned<Text>,
    /// Points may run at the same time (default true).
    pub parallel: Option<bool>,
    pub repeat: Option<u32>,
    /// One run (one point, one repeat), from the first start to the end.
    #[serde(default, deserialize_with = "duration")]
    pub timeout: Option<Duration>,
    #[serde(default, deserialize_with = "duration")]
    pub grace: Option<Duration>,
    #[serde(rename = "parameter")]
    pub parameters: Vec<ParameterSpec>,
    #[serde(rename = "process")]
    pub processes: Vec<ProcessSpec>,
    #[serde(rename = "metric")]
    pub metrics: Vec<MetricSpec>,
    pub model: Option<ModelSpec>,
    pub plot: PlotSpec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ParameterSpec {
    pub name: Spanned<String>,
    /// What a value counts or measures, for axes and table headers: `unit = "bytes"`.
    #[serde(default)]
    pub unit: String,
    pub values: Spanned<Vec<f64>>,
    pub quick_values: Option<Spanned<Vec<f64>>>,
}

/// A metric: either read from events (`process`, `event`, `field`, `aggregate`, `where`) or
/// computed (`expr`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MetricSpec {
    pub name: Spanned<String>,
    #[serde(default)]
    pub unit: String,
    pub process: Option<Spanned<String>>,
    pub event: Option<String>,
    pub field: Option<String>,
    pub aggregate: Option<Spanned<String>>,
    #[serde(default, rename = "where")]
    pub conditions: BTreeMap<String, Spanned<toml::Value>>,
    pub expr: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ModelSpec {
    pub measured: Spanned<String>,
    pub predicted: Spanned<String>,
    /// `"equals"` (default), `"at-least"` or `"at-most"`.
    pub relation: Option<Spanned<String>>,
    #[serde(default)]
    pub tolerance: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PlotSpec {
    pub x: Spanned<String>,
    pub y: Spanned<String>,
    pub series: Option<Spanned<String>>,
    pub model: Option<Spanned<String>>,
}

/// `[defaults]`: limits that apply to every lab unless the lab or process sets its own.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Defaults {
    #[serde(default, deserialize_with = "duration")]
    pub timeout: Option<Duration>,
    #[serde(default, deserialize_with = "duration")]
    pub process_timeout: Option<Duration>,
    #[serde(default, deserialize_with = "duration")]
    pub ready_timeout: Option<Duration>,
    #[serde(default, deserialize_with = "duration")]
    pub grace: Option<Duration>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LabSpec {
    pub name: Spanned<String>,
    pub summary: Spanned<Text>,
    #[serde(default, deserialize_with = "duration")]
    pub timeout: Option<Duration>,
    #[serde(default, deserialize_with = "duration")]
    pub grace: Option<Duration>,
    /// Ports the assignment hard-codes: `{ port = 3500 }` makes `{port}` 3500 when grading (each lab
    /// run then has a network of its own); `"port:NAME"` keys name other ports.
    #[serde(default)]
    pub fixed_ports: Option<Spanned<BTreeMap<String, PortValue>>>,
    /// Record the lab's packets into a pcap file (the lab then runs in a network namespace of its own).
    pub capture: Option<bool>,
    /// Simulated machines the processes may run on.
    #[serde(default, rename = "host")]
    pub hosts: Vec<HostSpec>,
    #[serde(rename = "process")]
    pub processes: Vec<ProcessSpec>,
    #[serde(default, rename = "check")]
    pub checks: Vec<CheckSpec>,
}

/// `[[lab.host]] name = "a"`: a machine of its own (a network namespace) on the lab's bridge.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HostSpec {
    pub name: Spanned<String>,
}

/// `packets = { kind = "udp", from = "IP:PORT", to = "IP:PORT", count = 1 }` (or `at-least`,
/// `at-most`, and for `data-segment` `largest-at-most`, `largest-at-least`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PacketsSpec {
    pub kind: Spanned<String>,
    pub from: Option<Spanned<String>>,
    pub to: Option<Spanned<String>>,
    pub count: Option<u64>,
    pub at_least: Option<u64>,
    pub at_most: Option<u64>,
    pub largest_at_most: Option<u64>,
    pub largest_at_least: Option<u64>,
}

/// A fixed port: a number, or a text of `{var:NAME}` placeholders (`"{var:port}"`) that gives one.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum PortValue {
    Number(u16),
    Text(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProcessSpec {
    pub name: Spanned<String>,
    pub command: Spanned<Vec<Spanned<String>>>,
    /// When grading: the command that starts the student's version of this role (`{submission}` is
    /// the private copy of the submission).
    pub student: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub env: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub stdin: Vec<StdinStepSpec>,
    #[serde(default)]
    pub keep_stdin_open: bool,
    pub ready: Option<ReadySpec>,
    #[serde(default, deserialize_with = "duration")]
    pub ready_timeout: Option<Duration>,
    pub after_ready: Option<Spanned<Names>>,
    pub after_exit: Option<Spanned<Names>>,
    pub freeze: Option<FreezeSpec>,
    pub ends: Option<EndsSpec>,
    #[serde(default, deserialize_with = "duration")]
    pub timeout: Option<Duration>,
    /// The lab host (`[[lab.host]]`) it runs on.
    pub host: Option<Spanned<String>>,
}

/// `ready = { stdout = "regex" }`, `{ stderr = ... }`, `{ tcp = "ADDR" }` or `{ udp = "ADDR" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub enum ReadySpec {
    Stdout(Spanned<String>),
    Stderr(Spanned<String>),
    Tcp(Spanned<String>),
    Udp(Spanned<String>),
}

/// `ends = "exit"` (the process finishes by itself) or `"stop"` (the harness stops it at the end).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EndsSpec {
    Exit,
    Stop,
}

/// `freeze = { process = "server", until = REGEX }`: stop that process (SIGSTOP) just before this one
/// starts, and let it go on (SIGCONT) once this one printed a line matching `until`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FreezeSpec {
    pub process: Spanned<String>,
    pub until: Spanned<String>,
}

/// One stdin step: optionally wait for an output line, then send `line`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StdinStepSpec {
    pub wait_for: Option<Spanned<String>>,
    /// Whose output `wait-for` watches; this process by default.
    pub wait_in: Option<Spanned<String>>,
    /// May hold placeholders (`{port}`, `{var:NAME}`...).
    pub line: Option<Spanned<String>>,
}

/// A check: a name, points, and exactly one of the condition keys.
/// Defines the condition keys once: [`CheckSpec`] has them inline, [`ConditionSpec`] (an item of a
/// check's `all = [...]`) has the same, and [`CheckSpec::inline`] moves the inline ones into one.
macro_rules! condition_keys {
    ($($(#[$attr:meta])* $field:ident: $kind:ty,)*) => {
        /// A check: a name, points, hints, and its conditions, written inline (several keys: all must
        /// hold) and/or as `all = [{...}, {...}]` (each with its own `process`).
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        pub struct CheckSpec {
            pub name: Spanned<Text>,
            pub points: Option<u32>,
            /// A hint shown on every failure.
            pub hint: Option<Spanned<Text>>,
            /// Hints shown only when their `when` matches what was observed.
            #[serde(default)]
            pub hints: Vec<HintSpec>,
            /// The name of an earlier check of the lab that must pass for this one to count.
            pub only_if: Option<Spanned<String>>,
            #[serde(default)]
            pub all: Vec<ConditionSpec>,
            $($(#[$attr])* pub $field: $kind,)*
        }

        /// One condition of a check (the same keys as inline in a check).
        #[derive(Debug, Default, Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        pub struct ConditionSpec {
            $($(#[$attr])* pub $field: $kind,)*
        }

        impl CheckSpec {
            /// The conditions written inline, as one [`ConditionSpec`].
            pub fn inline(&mut self) -> ConditionSpec {
                ConditionSpec { $($field: self.$field.take(),)* }
            }
        }
    };
}

condition_keys! {
    process: Option<Spanned<String>>,
    exit: Option<ExitSpec>,
    stdout_contains: Option<Spanned<String>>,
    stdout_matches: Option<Spanned<String>>,
    stdout_equals: Option<Spanned<String>>,
    stdout_excludes: Option<Spanned<String>>,
    stderr_contains: Option<Spanned<String>>,
    stderr_matches: Option<Spanned<String>>,
    stderr_equals: Option<Spanned<String>>,
    stderr_excludes: Option<Spanned<String>>,
    event: Option<serde_json::Map<String, serde_json::Value>>,
    file: Option<Spanned<String>>,
    sha256: Option<Spanned<String>>,
    same_as: Option<Spanned<String>>,
    holds: Option<Spanned<Vec<String>>>,
    running: Option<bool>,
    listening: Option<Spanned<String>>,
    listening_exactly: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "duration")]
    within: Option<Duration>,
    udp_to_closed_port: Option<bool>,
    stops_on_sigterm: Option<bool>,
    leaves_nothing_running: Option<bool>,
    no_crash: Option<bool>,
    says_something: Option<bool>,
    packets: Option<PacketsSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HintSpec {
    pub text: Spanned<Text>,
    pub when: Option<Spanned<String>>,
    pub unless: Option<Spanned<String>>,
    pub process: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitSpec {
    Code(i32),
    Success,
    Failure,
    Killed,
}

impl<'de> Deserialize<'de> for ExitSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ExitVisitor;
        impl Visitor<'_> for ExitVisitor {
            type Value = ExitSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(&crate::tr!("config-expect-exit"))
            }
            fn visit_i64<E: de::Error>(self, code: i64) -> Result<ExitSpec, E> {
                match i32::try_from(code) {
                    Ok(code) if (0..=255).contains(&code) => Ok(ExitSpec::Code(code)),
                    _ => Err(E::invalid_value(de::Unexpected::Signed(code), &self)),
                }
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<ExitSpec, E> {
                match text {
                    "success" => Ok(ExitSpec::Success),
                    "failure" => Ok(ExitSpec::Failure),
                    "killed" => Ok(ExitSpec::Killed),
                    _ => Err(E::invalid_value(de::Unexpected::Str(text), &self)),
                }
            }
        }
        deserializer.deserialize_any(ExitVisitor)
    }
}

/// Durations are written as strings: `"2s"`, `"250ms"`.
fn duration<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Duration>, D::Error> {
    let text = String::deserialize(deserializer)?;
    crate::cli::parse_duration(&text).map(Some).map_err(de::Error::custom)
}

/// `after-ready = "server"` or `after-ready = ["a", "b"]`.
#[derive(Debug, Clone, Default)]
pub struct Names(pub Vec<String>);

impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NamesVisitor;
        impl<'de> Visitor<'de> for NamesVisitor {
            type Value = Names;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(&crate::tr!("config-expect-names"))
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Names, E> {
                Ok(Names(vec![name.to_owned()]))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Names, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    names.push(name);
                }
                Ok(Names(names))
            }
        }
        deserializer.deserialize_any(NamesVisitor)
    }
}
