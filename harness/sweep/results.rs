//! What a sweep measured: one row per run (a combination of parameter values and a repeat), the
//! metrics read from the programs' events, and, where the experiment has one, the kernel's model of
//! what should happen, so a disagreement is flagged rather than buried in a table.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::machine::MachineFacts;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepResults {
    pub experiment: String,
    pub summary: String,
    pub machine: MachineFacts,
    /// Parameter names, in the experiment's order.
    pub parameters: Vec<String>,
    /// The unit of each parameter that has one (`recv_size` → `bytes`), from the parameter's `unit`
    /// in labs.toml; empty in results written before parameters had units.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameter_units: BTreeMap<String, String>,
    pub metrics: Vec<Metric>,
    pub plot: Plot,
    /// The model each run is compared with, in words (`kept = model`), when the experiment has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    pub runs: Vec<Run>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    pub name: String,
    pub unit: String,
}

/// What the plot shows: `y` against parameter `x`, one line per value of parameter `series`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plot {
    pub x: String,
    pub y: String,
    pub series: Option<String>,
    /// A metric drawn dashed beside `y`: the model's prediction.
    pub model: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub parameters: BTreeMap<String, f64>,
    pub repeat: u32,
    pub metrics: BTreeMap<String, f64>,
    /// Where the measurement disagrees with the model, why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disagreement: Option<String>,
}

/// Median, minimum and maximum of one metric at one point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

/// All runs at one combination of parameter values.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub parameters: BTreeMap<String, f64>,
    pub metrics: BTreeMap<String, Spread>,
    pub disagreements: Vec<String>,
}

impl SweepResults {
    /// Groups runs by parameter values, in the order the points were first run.
    pub fn points(&self) -> Vec<Point> {
        let mut points: Vec<(BTreeMap<String, f64>, Vec<&Run>)> = Vec::new();
        for run in &self.runs {
            match points.iter_mut().find(|(parameters, _)| *parameters == run.parameters) {
                Some((_, runs)) => runs.push(run),
                None => points.push((run.parameters.clone(), vec![run])),
            }
        }
        points
            .into_iter()
            .map(|(parameters, runs)| {
                let metrics = self
                    .metrics
                    .iter()
                    .filter_map(|metric| {
                        let values: Vec<f64> =
                            runs.iter().filter_map(|run| run.metrics.get(&metric.name).copied()).collect();
                        spread(&values).map(|spread| (metric.name.clone(), spread))
                    })
                    .collect();
                let disagreements = runs.iter().filter_map(|run| run.disagreement.clone()).collect();
                Point { parameters, metrics, disagreements }
            })
            .collect()
    }

    /// The unit of a metric (`connections`, `MiB/s`); "" when it has none or there is no such metric.
    pub fn unit(&self, metric: &str) -> &str {
        self.metrics.iter().find(|m| m.name == metric).map_or("", |m| m.unit.as_str())
    }

    /// The unit of a parameter (`bytes`, `ms`); "" when it has none or there is no such parameter.
    pub fn parameter_unit(&self, parameter: &str) -> &str {
        self.parameter_units.get(parameter).map_or("", String::as_str)
    }
}

pub fn spread(values: &[f64]) -> Option<Spread> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    let median =
        if sorted.len() % 2 == 0 { (sorted[middle - 1] + sorted[middle]) / 2.0 } else { sorted[middle] };
    Some(Spread { median, min: sorted[0], max: sorted[sorted.len() - 1] })
}

/// Formats a number for a table: integers as integers, others with 3 significant digits.
pub fn number(value: f64) -> String {
    if (value.fract() == 0.0 && value.abs() < 1e15) || value.abs() >= 100.0 {
        format!("{value:.0}")
    } else if value.abs() >= 1.0 {
        format!("{value:.2}")
    } else {
        format!("{value:.3}")
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn sample() -> SweepResults {
        let run = |backlog: f64, series: f64, repeat, completed: f64, model: f64| Run {
            parameters: [("backlog".to_owned(), backlog), ("clients".to_owned(), series)].into(),
            repeat,
            metrics: [("completed".to_owned(), completed), ("model".to_owned(), model)].into(),
            disagreement: (completed != model).then(|| format!("measured {completed}, model says {model}")),
        };
        SweepResults {
            experiment: "backlog".into(),
            summary: "§2.5.1 backlog".into(),
            machine: MachineFacts::read(),
            parameters: vec!["backlog".into(), "clients".into()],
            parameter_units: [("backlog".to_owned(), "connections".to_owned())].into(),
            metrics: vec![
                Metric { name: "completed".into(), unit: "connections".into() },
                Metric { name: "model".into(), unit: "connections".into() },
            ],
            plot: Plot {
                x: "backlog".into(),
                y: "completed".into(),
                series: None,
                model: Some("model".into()),
            },
            model: Some("completed = model".into()),
            runs: vec![
                run(1.0, 20.0, 1, 2.0, 2.0),
                run(1.0, 20.0, 2, 2.0, 2.0),
                run(4.0, 20.0, 1, 5.0, 5.0),
                run(4.0, 20.0, 2, 4.0, 5.0),
                run(16.0, 20.0, 1, 17.0, 17.0),
            ],
        }
    }

    #[test]
    fn points_group_repeats_and_keep_disagreements() {
        let points = sample().points();
        assert_eq!(points.len(), 3);
        assert_eq!(points[1].metrics["completed"], Spread { median: 4.5, min: 4.0, max: 5.0 });
        assert_eq!(points[1].disagreements, vec!["measured 4, model says 5".to_owned()]);
        assert!(points[0].disagreements.is_empty());
    }

    #[test]
    fn results_written_before_parameter_units_still_read() {
        let mut json = serde_json::to_value(sample()).unwrap();
        json.as_object_mut().unwrap().remove("parameter_units");
        let old: SweepResults = serde_json::from_value(json).unwrap();
        assert!(old.parameter_units.is_empty());
        assert_eq!(old.parameter_unit("backlog"), "");
        assert_eq!(sample().parameter_unit("backlog"), "connections");
    }
}
