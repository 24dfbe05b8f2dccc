//! One row per run: the parameters, the repeat, every metric, and any disagreement with the model.

use crate::sweep::results::SweepResults;

pub fn render(results: &SweepResults) -> String {
    let mut header: Vec<String> = results.parameters.clone();
    header.push("repeat".into());
    header.extend(results.metrics.iter().map(|metric| metric.name.clone()));
    header.push("disagreement".into());
    let mut out = format!("# {}\n{}\n", results.machine.summary().replace(',', ";"), header.join(","));
    for run in &results.runs {
        let mut row: Vec<String> = results
            .parameters
            .iter()
            .map(|name| run.parameters.get(name).map(|v| v.to_string()).unwrap_or_default())
            .collect();
        row.push(run.repeat.to_string());
        row.extend(
            results
                .metrics
                .iter()
                .map(|m| run.metrics.get(&m.name).map(|v| v.to_string()).unwrap_or_default()),
        );
        row.push(run.disagreement.as_deref().map(quote).unwrap_or_default());
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::results::tests::sample;

    #[test]
    fn one_row_per_run_after_a_header() {
        let csv = render(&sample());
        let lines: Vec<&str> = csv.lines().collect();
        assert!(lines[0].starts_with("# Linux "));
        assert_eq!(lines[1], "backlog,clients,repeat,completed,model,disagreement");
        assert_eq!(lines[2], "1,20,1,2,2,");
        assert_eq!(lines[5], "4,20,2,4,5,\"measured 4, model says 5\"");
        assert_eq!(lines.len(), 2 + 5);
    }
}
