//! The report for scripts: one JSON document with every lab, its checks, problems and the tail of each
//! process's output, and the `passed` / `failed` lab counts. Keys are English; the texts for people
//! (summaries, check names, reasons, statuses) are in the run's language, named by `lang`.

use serde_json::{Value, json};

use super::{Format, RunReport, TAIL_LINES};
use crate::model::Stream;

pub struct Json;

impl Format for Json {
    fn render(&self, report: &RunReport) -> anyhow::Result<Vec<u8>> {
        let labs: Vec<Value> = report
            .labs
            .iter()
            .map(|lab| {
                json!({
                    "name": lab.name,
                    "summary": lab.summary,
                    "passed": lab.passed(),
                    "seconds": lab.duration.as_secs_f64(),
                    "problems": lab.problems,
                    "skipped": lab.skipped,
                    "capture": lab.capture.as_ref().map(|capture| json!({
                        "file": capture.kept.then(|| capture.summary.path.display().to_string()),
                        "packets": capture.summary.packets,
                        "over_cap": capture.summary.over_cap,
                        "dropped": capture.summary.dropped,
                        "list": capture.packets,
                    })),
                    "checks": lab.checks.iter().map(|check| json!({
                        "name": check.name,
                        "points": check.points,
                        "passed": check.passed(),
                        "reason": check.failure,
                    })).collect::<Vec<_>>(),
                    "processes": lab.processes.iter().map(|process| json!({
                        "name": process.name,
                        "command": process.command,
                        "status": process.status,
                        "stdout_tail": process.tail(Stream::Stdout, TAIL_LINES),
                        "stderr_tail": process.tail(Stream::Stderr, TAIL_LINES),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let document = json!({
            "lang": crate::i18n::current().code(),
            "labs": labs,
            "passed": report.passed(),
            "failed": report.failed(),
            "skipped": report.skipped(),
            "interrupted": report.interrupted,
            "seconds": report.duration.as_secs_f64(),
        });
        let mut bytes = serde_json::to_vec_pretty(&document)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}
