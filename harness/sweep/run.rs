//! Running an experiment: [`run`] plays the experiment's lab once per point and repeat (through
//! [`crate::lab::play`], so processes, readiness and clean stops are the runner's), reads the metrics
//! from what the processes printed, computes the model and flags disagreements.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::experiment::{Experiment, Source, format_value, machine_values, query};
use super::machine::MachineFacts;
use super::results::{Run, SweepResults};
use crate::lab::LabReport;
use crate::model::Lab;
use crate::runner::Settings;

pub struct Options {
    /// The experiment's quick values (for tests) instead of its full ones.
    pub quick: bool,
    /// Runs per point; the experiment's own `repeat` when None.
    pub repeat: Option<u32>,
    /// Runs at the same time, for experiments whose points may run in parallel.
    pub jobs: usize,
}

/// What a sweep produced, and the runs that went wrong on the way.
pub struct Outcome {
    pub results: SweepResults,
    /// One line per run that could not be measured (a process never ready, a missing event...).
    pub failures: Vec<String>,
    pub interrupted: bool,
}

/// Plays every point `repeat` times; `progress` is called after each run with a short description.
pub fn run(
    experiment: &Experiment,
    settings: &Settings,
    options: &Options,
    progress: &(dyn Fn(&str) + Sync),
) -> Outcome {
    let machine = MachineFacts::read();
    let repeat = options.repeat.unwrap_or(experiment.repeat).max(1);
    let tasks: Vec<(BTreeMap<String, f64>, u32)> = experiment
        .points(options.quick)
        .into_iter()
        .flat_map(|point| (1..=repeat).map(move |r| (point.clone(), r)))
        .collect();
    let jobs = if experiment.parallel { options.jobs.max(1) } else { 1 };
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<Measured>>> = Mutex::new(vec![None; tasks.len()]);
    let machine_values = machine_values(&machine);
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(tasks.len()) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    if index >= tasks.len() || settings.interrupt.load(Ordering::SeqCst) {
                        break;
                    }
                    let (point, repeat) = &tasks[index];
                    let outcome = run_point(experiment, settings, point, *repeat, &machine_values);
                    progress(&describe(point));
                    done.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(outcome);
                }
            });
        }
    });
    let mut runs = Vec::new();
    let mut failures = Vec::new();
    for (run, failure) in done.into_inner().unwrap_or_else(|e| e.into_inner()).into_iter().flatten() {
        if let Some(failure) = failure {
            let point = describe(&run.parameters);
            let repeat = run.repeat.to_string();
            failures.push(crate::tr!("sweep-run-failed", point = point, repeat = repeat, failure = failure));
        }
        runs.push(run);
    }
    let interrupted = settings.interrupt.load(Ordering::SeqCst);
    Outcome {
        results: SweepResults {
            experiment: experiment.name.clone(),
            summary: experiment.summary.clone(),
            machine,
            parameters: experiment.parameters.iter().map(|p| p.name.clone()).collect(),
            parameter_units: experiment
                .parameters
                .iter()
                .filter(|p| !p.unit.is_empty())
                .map(|p| (p.name.clone(), p.unit.clone()))
                .collect(),
            metrics: experiment.result_metrics(),
            plot: experiment.plot.clone(),
            model: experiment.model.as_ref().map(|model| model.describe()),
            runs,
        },
        failures,
        interrupted,
    }
}

/// A run, and why it could not be measured fully if it could not.
type Measured = (Run, Option<String>);

/// `backlog=4 clients=20`
fn describe(point: &BTreeMap<String, f64>) -> String {
    point.iter().map(|(name, value)| format!("{name}={}", format_value(*value))).collect::<Vec<_>>().join(" ")
}

/// One run at one point: the run, and why it could not be measured fully if it could not.
fn run_point(
    experiment: &Experiment,
    settings: &Settings,
    point: &BTreeMap<String, f64>,
    repeat: u32,
    machine: &BTreeMap<String, f64>,
) -> Measured {
    let mut run = Run { parameters: point.clone(), repeat, metrics: BTreeMap::new(), disagreement: None };
    let lab = match bind(&experiment.lab, point) {
        Ok(lab) => lab,
        Err(problem) => return (run, Some(problem)),
    };
    let report = crate::lab::play(&lab, settings);
    let (metrics, missing) = measure(experiment, &report, point, machine);
    run.metrics = metrics;
    if let Some(model) = &experiment.model {
        if let (Some(measured), Some(predicted)) =
            (run.metrics.get(&model.measured), run.metrics.get(&model.predicted))
        {
            run.disagreement = model.disagreement(*measured, *predicted);
        }
    }
    let failure = (!missing.is_empty() || !report.problems.is_empty()).then(|| {
        let mut lines = Vec::new();
        if !missing.is_empty() {
            lines.push(crate::tr!("sweep-run-no-value", metrics = missing.join(", ")));
        }
        lines.extend(report.problems.iter().map(|p| p.lines().next().unwrap_or_default().to_owned()));
        lines.join("; ")
    });
    (run, failure)
}

/// The experiment's lab with the point's values in its commands.
fn bind(lab: &Lab, point: &BTreeMap<String, f64>) -> Result<Lab, String> {
    let values: BTreeMap<String, String> =
        point.iter().map(|(name, value)| (name.clone(), format_value(*value))).collect();
    let mut lab = lab.clone();
    for process in &mut lab.processes {
        process.command = process.command.iter().map(|t| t.bind(&values)).collect::<Result<_, _>>()?;
        for (_, value) in &mut process.env {
            *value = value.bind(&values)?;
        }
    }
    Ok(lab)
}

/// Every metric of one run, in definition order (an expression may read the ones before it), and the
/// names of those that had no value.
fn measure(
    experiment: &Experiment,
    report: &LabReport,
    point: &BTreeMap<String, f64>,
    machine: &BTreeMap<String, f64>,
) -> (BTreeMap<String, f64>, Vec<String>) {
    let mut values: BTreeMap<String, f64> = machine.clone();
    values.extend(point.clone());
    let mut metrics = BTreeMap::new();
    let mut missing = Vec::new();
    for metric in &experiment.metrics {
        let value = match &metric.source {
            Source::Events(q) => report
                .processes
                .iter()
                .find(|process| process.name == q.process)
                .and_then(|process| query(q, &process.stdout)),
            Source::Expr(expr) => expr.eval(&values).ok(),
        };
        match value.filter(|v| v.is_finite()) {
            Some(value) => {
                metrics.insert(metric.name.clone(), value);
                values.insert(metric.name.clone(), value);
            }
            None => missing.push(metric.name.clone()),
        }
    }
    (metrics, missing)
}
