//! What an experiment is, once labs.toml has been read: parameters with their values, a lab whose
//! commands name the parameters (`{param:NAME}`), the metrics read from the programs' `--json` events
//! or computed from other values, the model that predicts one of them, and what to plot.
//!
//! [`super::run`] plays the lab once per point and repeat and fills in [`super::results`].

use std::collections::BTreeMap;

use serde_json::Value;

use super::expr::Expr;
use super::machine::MachineFacts;
use super::results::{Metric, Plot};
use crate::model::Lab;

#[derive(Debug, Clone)]
pub struct Experiment {
    pub name: String,
    pub summary: String,
    /// Points may run at the same time; false where timing is what is measured.
    pub parallel: bool,
    /// Runs per point unless `--repeat` says otherwise.
    pub repeat: u32,
    pub parameters: Vec<Parameter>,
    /// The processes, templated with the parameters; the lab has no checks.
    pub lab: Lab,
    pub metrics: Vec<MetricDef>,
    pub model: Option<Model>,
    pub plot: Plot,
}

#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: String,
    /// What a value counts or measures (`bytes`, `ms`, `connections`); "" when it has no unit.
    pub unit: String,
    pub values: Vec<f64>,
    /// The values of a quick run (`--quick`, the tests).
    pub quick_values: Vec<f64>,
}

#[derive(Debug, Clone)]
pub struct MetricDef {
    pub name: String,
    pub unit: String,
    pub source: Source,
}

#[derive(Debug, Clone)]
pub enum Source {
    /// A field of the events a process printed (JSON lines on its stdout).
    Events(EventQuery),
    /// Computed from parameters, earlier metrics and machine facts.
    Expr(Expr),
}

/// Which events of which process, and how they become one number.
#[derive(Debug, Clone)]
pub struct EventQuery {
    pub process: String,
    pub event: String,
    /// The field to read; `count` needs none.
    pub field: Option<String>,
    pub aggregate: Aggregate,
    /// Only events whose fields satisfy all of these.
    pub conditions: Vec<(String, Condition)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    First,
    Last,
    Sum,
    Count,
    Min,
    Max,
}

impl Aggregate {
    pub fn named(name: &str) -> Option<Aggregate> {
        Some(match name {
            "first" => Aggregate::First,
            "last" => Aggregate::Last,
            "sum" => Aggregate::Sum,
            "count" => Aggregate::Count,
            "min" => Aggregate::Min,
            "max" => Aggregate::Max,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    Equals(Value),
    Below(f64),
    AtMost(f64),
    Above(f64),
    AtLeast(f64),
}

impl Condition {
    fn holds(&self, value: Option<&Value>) -> bool {
        let number = value.and_then(number);
        match self {
            Condition::Equals(expected) => value == Some(expected),
            Condition::Below(limit) => number.is_some_and(|n| n < *limit),
            Condition::AtMost(limit) => number.is_some_and(|n| n <= *limit),
            Condition::Above(limit) => number.is_some_and(|n| n > *limit),
            Condition::AtLeast(limit) => number.is_some_and(|n| n >= *limit),
        }
    }
}

/// A JSON value as a number: numbers as they are, booleans as 0 and 1.
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

/// The model: metric `predicted` says what metric `measured` should be.
#[derive(Debug, Clone)]
pub struct Model {
    pub measured: String,
    pub predicted: String,
    pub relation: Relation,
    /// How far apart the two may be and still agree.
    pub tolerance: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// measured = predicted (± tolerance)
    Equals,
    /// measured ≥ predicted − tolerance (the model is a lower bound)
    AtLeast,
    /// measured ≤ predicted + tolerance (the model is an upper bound)
    AtMost,
}

impl Model {
    /// `kept = model`, `recv_calls ≥ min_recv_calls`
    pub fn describe(&self) -> String {
        let relation = match self.relation {
            Relation::Equals => "=",
            Relation::AtLeast => "≥",
            Relation::AtMost => "≤",
        };
        let tolerance = if self.tolerance > 0.0 {
            format!(" ± {}", super::results::number(self.tolerance))
        } else {
            String::new()
        };
        format!("{} {relation} {}{tolerance}", self.measured, self.predicted)
    }

    /// Why `measured` and `predicted` disagree, or None when they agree.
    pub fn disagreement(&self, measured: f64, predicted: f64) -> Option<String> {
        let show = super::results::number;
        let (agrees, says) = match self.relation {
            Relation::Equals => ((measured - predicted).abs() <= self.tolerance, "says"),
            Relation::AtLeast => (measured >= predicted - self.tolerance, "says at least"),
            Relation::AtMost => (measured <= predicted + self.tolerance, "says at most"),
        };
        (!agrees).then(|| {
            format!("{} measured {}, model {says} {}", self.measured, show(measured), show(predicted))
        })
    }
}

/// The names machine facts go by in expressions.
pub const MACHINE_NAMES: [&str; 7] =
    ["cores", "somaxconn", "rmem_default", "rmem_max", "wmem_default", "wmem_max", "tcp_syn_retries"];

/// Machine facts as expression values (the ones this machine could read).
pub fn machine_values(facts: &MachineFacts) -> BTreeMap<String, f64> {
    let known = [
        ("cores", Some(facts.cores as u64)),
        ("somaxconn", facts.somaxconn),
        ("rmem_default", facts.rmem_default),
        ("rmem_max", facts.rmem_max),
        ("wmem_default", facts.wmem_default),
        ("wmem_max", facts.wmem_max),
        ("tcp_syn_retries", facts.tcp_syn_retries),
    ];
    known.into_iter().filter_map(|(name, value)| Some((name.to_owned(), value? as f64))).collect()
}

impl Experiment {
    pub fn result_metrics(&self) -> Vec<Metric> {
        self.metrics.iter().map(|m| Metric { name: m.name.clone(), unit: m.unit.clone() }).collect()
    }

    /// Every combination of parameter values, the first parameter varying slowest.
    pub fn points(&self, quick: bool) -> Vec<BTreeMap<String, f64>> {
        let mut points = vec![BTreeMap::new()];
        for parameter in &self.parameters {
            let values = if quick { &parameter.quick_values } else { &parameter.values };
            points = points
                .into_iter()
                .flat_map(|point| {
                    values.iter().map(move |value| {
                        let mut point = point.clone();
                        point.insert(parameter.name.clone(), *value);
                        point
                    })
                })
                .collect();
        }
        points
    }
}

/// The value of one event query over a process's stdout; None when no event matched (a `count` is 0).
pub fn query(query: &EventQuery, stdout: &str) -> Option<f64> {
    let values = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Map<String, Value>>(line).ok())
        .filter(|event| event.get("event").and_then(Value::as_str) == Some(query.event.as_str()))
        .filter(|event| query.conditions.iter().all(|(field, condition)| condition.holds(event.get(field))));
    if query.aggregate == Aggregate::Count {
        return Some(values.count() as f64);
    }
    let field = query.field.as_deref().unwrap_or_default();
    let numbers: Vec<f64> = values.filter_map(|event| event.get(field).and_then(number)).collect();
    match query.aggregate {
        Aggregate::First => numbers.first().copied(),
        Aggregate::Last => numbers.last().copied(),
        Aggregate::Sum => (!numbers.is_empty()).then(|| numbers.iter().sum()),
        Aggregate::Min => numbers.iter().copied().reduce(f64::min),
        Aggregate::Max => numbers.iter().copied().reduce(f64::max),
        Aggregate::Count => unreachable!("handled above"),
    }
}

/// A parameter value as it goes into a command: integers without a decimal point.
pub fn format_value(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 { format!("{value:.0}") } else { value.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLIENTS: &str = r#"{"event":"client","client":0,"connected":true,"connect_ms":0.1}
{"event":"client","client":1,"connected":true,"connect_ms":1024.5}
{"event":"client","client":2,"connected":false,"connect_ms":null}
not json
{"event":"clients","clients":3,"connected":2}
"#;

    fn clients(aggregate: Aggregate, field: Option<&str>, conditions: Vec<(&str, Condition)>) -> Option<f64> {
        let q = EventQuery {
            process: "client".into(),
            event: "client".into(),
            field: field.map(str::to_owned),
            aggregate,
            conditions: conditions.into_iter().map(|(f, c)| (f.to_owned(), c)).collect(),
        };
        query(&q, CLIENTS)
    }

    #[test]
    fn queries_filter_events_and_aggregate_a_field() {
        let connected = ("connected", Condition::Equals(Value::Bool(true)));
        assert_eq!(clients(Aggregate::Count, None, vec![]), Some(3.0));
        assert_eq!(clients(Aggregate::Count, None, vec![connected.clone()]), Some(2.0));
        let fast = ("connect_ms", Condition::Below(250.0));
        assert_eq!(clients(Aggregate::Count, None, vec![connected.clone(), fast]), Some(1.0));
        assert_eq!(clients(Aggregate::Max, Some("connect_ms"), vec![]), Some(1024.5));
        assert_eq!(clients(Aggregate::Sum, Some("client"), vec![]), Some(3.0));
        assert_eq!(clients(Aggregate::Last, Some("connected"), vec![]), Some(0.0));
        assert_eq!(clients(Aggregate::Last, Some("nothing"), vec![]), None);
    }

    #[test]
    fn models_flag_only_real_disagreements() {
        let model = |relation| Model {
            measured: "completed".into(),
            predicted: "model".into(),
            relation,
            tolerance: 0.0,
        };
        assert_eq!(model(Relation::Equals).disagreement(2.0, 2.0), None);
        assert_eq!(
            model(Relation::Equals).disagreement(3.0, 2.0).unwrap(),
            "completed measured 3, model says 2"
        );
        assert_eq!(model(Relation::AtLeast).disagreement(5.0, 2.0), None);
        assert!(model(Relation::AtLeast).disagreement(1.0, 2.0).is_some());
        assert!(model(Relation::AtMost).disagreement(3.0, 2.0).is_some());
    }

    #[test]
    fn values_print_as_integers_where_they_are() {
        assert_eq!(format_value(65536.0), "65536");
        assert_eq!(format_value(0.5), "0.5");
    }
}
