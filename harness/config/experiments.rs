//! From `[[experiment]]` tables as written ([`super::schema`]) to [`Experiment`]s: parameter names,
//! `{param:NAME}` placeholders, metric sources, expressions and plot axes are all checked here, so a
//! typo is refused before the first run rather than found after an hour of sweeping.

use std::collections::HashSet;

use toml::Spanned;

use super::Located;
use super::schema::{Defaults, ExperimentSpec, MetricSpec, ModelSpec, PlotSpec};
use super::validate::{Result, at, check_start_order, process};
use crate::model::{DEFAULT_GRACE, DEFAULT_LAB_TIMEOUT, Lab};
use crate::sweep::experiment::{
    Aggregate, Condition, EventQuery, Experiment, MACHINE_NAMES, MetricDef, Model, Parameter, Relation,
    Source,
};
use crate::sweep::expr::Expr;
use crate::sweep::results::Plot;
use crate::tr;

pub fn experiments(specs: Vec<ExperimentSpec>, defaults: &Defaults) -> Result<Vec<Experiment>> {
    let mut seen = HashSet::new();
    let mut experiments = Vec::new();
    for (index, spec) in specs.into_iter().enumerate() {
        let key = format!("experiment[{index}]");
        if !seen.insert(spec.name.get_ref().clone()) {
            return Err(at(spec.name.span(), format!("{key}.name"), tr!("config-experiment-name-taken")));
        }
        experiments.push(experiment(spec, defaults, &key)?);
    }
    Ok(experiments)
}

fn experiment(spec: ExperimentSpec, defaults: &Defaults, key: &str) -> Result<Experiment> {
    let name = spec.name.get_ref();
    if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c == '/') {
        return Err(at(spec.name.span(), format!("{key}.name"), tr!("config-experiment-name-word")));
    }
    let parameters = spec
        .parameters
        .iter()
        .enumerate()
        .map(|(index, parameter)| {
            let key = format!("{key}.parameter[{index}]");
            let values = parameter.values.get_ref().clone();
            if values.is_empty() {
                return Err(at(
                    parameter.values.span(),
                    format!("{key}.values"),
                    tr!("config-parameter-no-values"),
                ));
            }
            let quick_values = match &parameter.quick_values {
                Some(quick) if quick.get_ref().is_empty() => {
                    return Err(at(
                        quick.span(),
                        format!("{key}.quick-values"),
                        tr!("config-quick-values-empty"),
                    ));
                }
                Some(quick) => quick.get_ref().clone(),
                None => values.clone(),
            };
            Ok(Parameter {
                name: parameter.name.get_ref().clone(),
                unit: parameter.unit.clone(),
                values,
                quick_values,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let parameter_names: Vec<&str> = parameters.iter().map(|p| p.name.as_str()).collect();
    if let Some(index) = (0..parameters.len()).find(|&i| parameter_names[..i].contains(&parameter_names[i])) {
        let name = &spec.parameters[index].name;
        return Err(at(
            name.span(),
            format!("{key}.parameter[{index}].name"),
            tr!("config-parameter-name-taken"),
        ));
    }

    let mut process_names: Vec<&str> = Vec::new();
    for (index, process) in spec.processes.iter().enumerate() {
        if process_names.contains(&process.name.get_ref().as_str()) {
            return Err(at(
                process.name.span(),
                format!("{key}.process[{index}].name"),
                tr!("config-experiment-process-name-taken"),
            ));
        }
        process_names.push(process.name.get_ref());
    }
    if spec.processes.is_empty() {
        return Err(at(spec.name.span(), format!("{key}.process"), tr!("config-experiment-no-process")));
    }
    let processes = spec
        .processes
        .iter()
        .enumerate()
        .map(|(index, p)| process(p, &process_names, defaults, &format!("{key}.process[{index}]")))
        .collect::<Result<Vec<_>>>()?;
    check_start_order(&processes, &spec.processes, key)?;
    if let Some((index, host)) =
        spec.processes.iter().enumerate().find_map(|(i, p)| p.host.as_ref().map(|h| (i, h)))
    {
        return Err(at(host.span(), format!("{key}.process[{index}].host"), tr!("config-experiment-host")));
    }
    for (index, process) in processes.iter().enumerate() {
        let words = process.command.iter().chain(process.env.iter().map(|(_, value)| value));
        if let Some(unknown) = words.flat_map(|w| w.parameters()).find(|n| !parameter_names.contains(n)) {
            return Err(at(
                spec.processes[index].command.span(),
                format!("{key}.process[{index}].command"),
                tr!("config-param-unknown", name = unknown.to_owned(), has = parameter_names.join(", ")),
            ));
        }
    }

    // Names an expression may read, growing as metrics are defined.
    let mut known: Vec<String> = parameter_names.iter().map(|n| n.to_string()).collect();
    known.extend(MACHINE_NAMES.iter().map(|n| n.to_string()));
    let mut metrics = Vec::new();
    for (index, metric) in spec.metrics.iter().enumerate() {
        let key = format!("{key}.metric[{index}]");
        let name = metric.name.get_ref();
        if known.contains(name) {
            return Err(at(
                metric.name.span(),
                format!("{key}.name"),
                tr!("config-metric-name-taken", name = name.clone()),
            ));
        }
        let source = source(metric, &process_names, &known, &key)?;
        metrics.push(MetricDef { name: name.clone(), unit: metric.unit.clone(), source });
        known.push(name.clone());
    }
    let metric_names: Vec<&str> = metrics.iter().map(|m| m.name.as_str()).collect();
    let model = match &spec.model {
        Some(model_spec) => Some(model(model_spec, &metric_names, &format!("{key}.model"))?),
        None => None,
    };
    let plot = plot(&spec.plot, &parameter_names, &metric_names, &format!("{key}.plot"))?;
    Ok(Experiment {
        name: name.clone(),
        summary: spec.summary.get_ref().resolved().to_owned(),
        parallel: spec.parallel.unwrap_or(true),
        repeat: spec.repeat.unwrap_or(1).max(1),
        parameters,
        lab: Lab {
            name: name.clone(),
            summary: spec.summary.get_ref().resolved().to_owned(),
            timeout: spec.timeout.or(defaults.timeout).unwrap_or(DEFAULT_LAB_TIMEOUT),
            grace: spec.grace.or(defaults.grace).unwrap_or(DEFAULT_GRACE),
            processes,
            checks: Vec::new(),
            fixed_ports: Default::default(),
            capture: false,
            hosts: Vec::new(),
        },
        metrics,
        model,
        plot,
    })
}

fn source(metric: &MetricSpec, processes: &[&str], known: &[String], key: &str) -> Result<Source> {
    let span = metric.name.span();
    if let Some(text) = &metric.expr {
        if metric.process.is_some() || metric.event.is_some() || metric.field.is_some() {
            return Err(at(span, key, tr!("config-metric-expr-and-event")));
        }
        let expr =
            Expr::parse(text.get_ref()).map_err(|message| at(text.span(), format!("{key}.expr"), message))?;
        if let Some(unknown) = expr.names().into_iter().find(|name| !known.iter().any(|k| k == name)) {
            return Err(at(
                text.span(),
                format!("{key}.expr"),
                tr!("config-expr-unknown-name", name = unknown.to_owned(), known = known.join(", ")),
            ));
        }
        return Ok(Source::Expr(expr));
    }
    let (Some(process), Some(event)) = (&metric.process, &metric.event) else {
        return Err(at(span, key, tr!("config-metric-no-source")));
    };
    if !processes.contains(&process.get_ref().as_str()) {
        return Err(at(
            process.span(),
            format!("{key}.process"),
            tr!("config-metric-no-process", name = process.get_ref().clone(), has = processes.join(", ")),
        ));
    }
    let aggregate = match &metric.aggregate {
        None => Aggregate::Last,
        Some(name) => Aggregate::named(name.get_ref())
            .ok_or_else(|| at(name.span(), format!("{key}.aggregate"), tr!("config-aggregate-unknown")))?,
    };
    if aggregate != Aggregate::Count && metric.field.is_none() {
        return Err(at(span, format!("{key}.field"), tr!("config-aggregate-needs-field")));
    }
    let mut conditions = Vec::new();
    for (field, value) in &metric.conditions {
        for condition in conditions_on(value, &format!("{key}.where.{field}"))? {
            conditions.push((field.clone(), condition));
        }
    }
    Ok(Source::Events(EventQuery {
        process: process.get_ref().clone(),
        event: event.clone(),
        field: metric.field.clone(),
        aggregate,
        conditions,
    }))
}

/// `true`, `"eof"`, `3` (equal), or bounds: `{ below = 250 }`, `{ at-least = 250, below = 2000 }`
/// (also `above`, `at-most`).
fn conditions_on(value: &Spanned<toml::Value>, key: &str) -> Result<Vec<Condition>> {
    let bad = || at(value.span(), key, tr!("config-condition-form"));
    match value.get_ref() {
        toml::Value::Table(table) if !table.is_empty() => table
            .iter()
            .map(|(name, limit)| {
                let limit = match limit {
                    toml::Value::Integer(n) => *n as f64,
                    toml::Value::Float(n) => *n,
                    _ => return Err(bad()),
                };
                Ok(match name.as_str() {
                    "below" => Condition::Below(limit),
                    "at-most" => Condition::AtMost(limit),
                    "above" => Condition::Above(limit),
                    "at-least" => Condition::AtLeast(limit),
                    _ => return Err(bad()),
                })
            })
            .collect(),
        toml::Value::Table(_) => Err(bad()),
        other => serde_json::to_value(other).map(|v| vec![Condition::Equals(v)]).map_err(|_| bad()),
    }
}

fn model(spec: &ModelSpec, metrics: &[&str], key: &str) -> Result<Model> {
    for (field, name) in [("measured", &spec.measured), ("predicted", &spec.predicted)] {
        metric_reference(name, metrics, &format!("{key}.{field}"))?;
    }
    let relation = match spec.relation.as_ref().map(|r| (r.get_ref().as_str(), r)) {
        None | Some(("equals", _)) => Relation::Equals,
        Some(("at-least", _)) => Relation::AtLeast,
        Some(("at-most", _)) => Relation::AtMost,
        Some((_, spanned)) => {
            return Err(at(spanned.span(), format!("{key}.relation"), tr!("config-relation-unknown")));
        }
    };
    Ok(Model {
        measured: spec.measured.get_ref().clone(),
        predicted: spec.predicted.get_ref().clone(),
        relation,
        tolerance: spec.tolerance,
    })
}

fn plot(spec: &PlotSpec, parameters: &[&str], metrics: &[&str], key: &str) -> Result<Plot> {
    for (field, name) in [("x", Some(&spec.x)), ("series", spec.series.as_ref())] {
        if let Some(name) = name {
            if !parameters.contains(&name.get_ref().as_str()) {
                return Err(at(
                    name.span(),
                    format!("{key}.{field}"),
                    tr!(
                        "config-plot-not-a-parameter",
                        name = name.get_ref().clone(),
                        has = parameters.join(", ")
                    ),
                ));
            }
        }
    }
    metric_reference(&spec.y, metrics, &format!("{key}.y"))?;
    if let Some(model) = &spec.model {
        metric_reference(model, metrics, &format!("{key}.model"))?;
    }
    Ok(Plot {
        x: spec.x.get_ref().clone(),
        y: spec.y.get_ref().clone(),
        series: spec.series.as_ref().map(|s| s.get_ref().clone()),
        model: spec.model.as_ref().map(|m| m.get_ref().clone()),
    })
}

fn metric_reference(name: &Spanned<String>, metrics: &[&str], key: &str) -> Result<()> {
    if metrics.contains(&name.get_ref().as_str()) {
        return Ok(());
    }
    Err(Located {
        span: Some(name.span()),
        key: key.to_owned(),
        message: tr!("config-no-metric", name = name.get_ref().clone(), has = metrics.join(", ")),
    })
}
