//! A Markdown table a student can paste into a report: one row per point, each metric as its median
//! with the min–max range, and a last column that flags where the measurement disagrees with the model.
//! Headers carry the units of parameters and metrics that have one.

use std::fmt::Write;

use crate::sweep::results::{SweepResults, number};
use crate::tr;

pub fn render(results: &SweepResults) -> String {
    let runs_per_point = results.runs.iter().map(|run| run.repeat).max().unwrap_or(0);
    let intro = tr!(
        "sweep-md-intro",
        runs = results.runs.len().to_string(),
        per_point = runs_per_point.to_string(),
        machine = results.machine.summary()
    );
    let mut out = format!("# {}: {}\n\n{intro}\n\n", results.experiment, results.summary);
    let with_unit = |name: &str, unit: &str| {
        if unit.is_empty() { name.to_owned() } else { format!("{name} ({unit})") }
    };
    let mut header: Vec<String> =
        results.parameters.iter().map(|name| with_unit(name, results.parameter_unit(name))).collect();
    header.extend(results.metrics.iter().map(|m| with_unit(&m.name, &m.unit)));
    header.push(tr!("sweep-md-agrees"));
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
    let has_model = results.model.is_some() || results.plot.model.is_some();
    let mut flagged = 0;
    for point in results.points() {
        let mut cells: Vec<String> = results
            .parameters
            .iter()
            .map(|name| point.parameters.get(name).map_or(String::new(), |v| number(*v)))
            .collect();
        for metric in &results.metrics {
            cells.push(match point.metrics.get(&metric.name) {
                Some(s) if s.min == s.max => number(s.median),
                Some(s) => format!("{} ({}–{})", number(s.median), number(s.min), number(s.max)),
                None => "–".into(),
            });
        }
        cells.push(match (has_model, point.disagreements.first()) {
            (false, _) => "–".into(),
            (true, None) => tr!("sweep-md-yes"),
            (true, Some(reason)) => {
                flagged += 1;
                tr!("sweep-md-no", reason = reason.clone())
            }
        });
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    if has_model {
        if let Some(model) = &results.model {
            let _ = writeln!(out, "\n{}", tr!("sweep-md-model", model = model.clone()));
        }
        let _ = writeln!(out, "\n{}", tr!("sweep-md-flagged", flagged = flagged.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::results::tests::sample;

    #[test]
    fn medians_with_ranges_and_flags() {
        let md = render(&sample());
        assert!(md.contains(
            "| backlog (connections) | clients | completed (connections) | model (connections) | agrees with model |"
        ));
        assert!(md.contains("| 1 | 20 | 2 | 2 | yes |"));
        assert!(md.contains("| 4 | 20 | 4.50 (4–5) | 5 | **no**: measured 4, model says 5 |"));
        assert!(md.contains("1 point(s) disagree with the model."));
    }
}
