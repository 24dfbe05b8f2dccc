//! The report a person reads: a line per lab (`ok` or `FAILED`, time, summary), under a failed lab
//! its problems, each failed check with the reason, and the tail of each process's output; last, the
//! line `N passed, M failed` (counting labs).

use super::{Format, RunReport, TAIL_LINES};
use crate::lab::LabReport;
use crate::model::Stream;
use crate::tr;

const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31;1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

pub struct Terminal {
    pub color: bool,
    /// Width of the lab-name column: the longest name of the run, so that times and summaries align.
    pub name_width: usize,
}

impl Terminal {
    /// Colors only on a terminal, and never when NO_COLOR is set (<https://no-color.org>).
    pub fn for_stdout() -> Self {
        use std::io::IsTerminal;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        Self { color: std::io::stdout().is_terminal() && !no_color, name_width: 0 }
    }

    /// The same, with the name column as wide as the longest of `names`.
    pub fn aligned_for<'a>(mut self, names: impl IntoIterator<Item = &'a str>) -> Self {
        self.name_width = names.into_iter().map(|name| name.chars().count()).max().unwrap_or(0);
        self
    }

    fn paint(&self, color: &str, text: &str) -> String {
        if self.color { format!("{color}{text}{RESET}") } else { text.to_owned() }
    }

    /// The block for one lab, ending in a newline.
    pub fn lab(&self, lab: &LabReport) -> String {
        // The three words padded to one width, so that the lab names line up.
        let words = [tr!("report-verdict-skip"), tr!("report-verdict-ok"), tr!("report-verdict-failed")];
        let width = words.iter().map(|word| word.chars().count()).max().unwrap_or(0);
        let [skip, ok, failed] = words.map(|word| format!("{word:<width$}"));
        let verdict = match (lab.passed(), &lab.skipped) {
            (_, Some(_)) => self.paint(DIM, &skip),
            (true, None) => self.paint(GREEN, &ok),
            (false, None) => self.paint(RED, &failed),
        };
        let mut out = format!(
            "{verdict} {:<width$} {:>6.2}s  {}\n",
            lab.name,
            lab.duration.as_secs_f64(),
            self.paint(DIM, &lab.summary),
            width = self.name_width
        );
        if let Some(why) = &lab.skipped {
            out.push_str(&format!("       {}\n", tr!("report-skipped", why = why.clone())));
            return out;
        }
        if let Some(capture) = &lab.capture {
            out.push_str(&format!("       {}\n", capture.describe()));
            for packet in &capture.packets {
                out.push_str(&format!("         {packet}\n"));
            }
        }
        if lab.passed() {
            return out;
        }
        for problem in &lab.problems {
            let mut lines = problem.lines();
            let first = lines.next().unwrap_or_default().to_owned();
            out.push_str(&format!("       {}\n", tr!("report-problem", problem = first)));
            for line in lines {
                out.push_str(&format!("         {line}\n"));
            }
        }
        for check in lab.checks.iter().filter(|check| !check.passed()) {
            let reason = check.failure.as_deref().unwrap_or_default();
            let line = tr!("report-check-failed", check = check.name.clone(), reason = reason.to_owned());
            out.push_str(&format!("       {line}\n"));
        }
        for process in &lab.processes {
            out.push_str(&format!(
                "       {} ({}): {}\n",
                process.name,
                process.status,
                process.command.join(" ")
            ));
            for stream in [Stream::Stdout, Stream::Stderr] {
                let tail = process.tail(stream, TAIL_LINES);
                if tail.is_empty() {
                    continue;
                }
                let total = process.output(stream).lines().count();
                let which = if total > tail.len() {
                    tr!("report-tail-of", shown = tail.len(), total = total)
                } else {
                    String::new()
                };
                out.push_str(&format!("         {}{which}:\n", stream.name()));
                for line in tail {
                    out.push_str(&format!("           | {line}\n"));
                }
            }
        }
        out
    }

    /// The last line: `N passed, M failed`.
    pub fn summary(&self, report: &RunReport) -> String {
        let mut out = String::new();
        if report.interrupted {
            out.push_str(&tr!("report-interrupted"));
            out.push('\n');
        }
        let failed = report.failed();
        let failed_text = tr!("report-summary-failed", count = failed);
        let failed_text = if failed > 0 { self.paint(RED, &failed_text) } else { failed_text };
        let skipped = match report.skipped() {
            0 => String::new(),
            skipped => format!(", {}", tr!("report-summary-skipped", count = skipped)),
        };
        let passed = tr!("report-summary-passed", count = report.passed());
        out.push_str(&format!("{passed}, {failed_text}{skipped}\n"));
        out
    }
}

impl Format for Terminal {
    fn render(&self, report: &RunReport) -> anyhow::Result<Vec<u8>> {
        let mut out = String::new();
        let aligned = Terminal { color: self.color, name_width: self.name_width };
        let aligned = aligned.aligned_for(report.labs.iter().map(|lab| lab.name.as_str()));
        for lab in &report.labs {
            out.push_str(&aligned.lab(lab));
        }
        out.push_str(&self.summary(report));
        Ok(out.into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::checks::CheckResult;

    fn lab(name: &str, failure: Option<&str>) -> LabReport {
        LabReport {
            name: name.to_owned(),
            summary: "§0 test".to_owned(),
            duration: Duration::from_millis(120),
            problems: Vec::new(),
            checks: vec![CheckResult {
                name: "c".to_owned(),
                points: 1,
                failure: failure.map(str::to_owned),
            }],
            processes: Vec::new(),
            interrupted: false,
            capture: None,
            skipped: None,
        }
    }

    #[test]
    fn the_summary_counting_labs_is_the_last_line() {
        let report = RunReport { labs: vec![lab("a", None), lab("b", Some("no"))], ..Default::default() };
        let text =
            String::from_utf8(Terminal { color: false, name_width: 0 }.render(&report).unwrap()).unwrap();
        assert!(text.starts_with("ok     a "), "{text}");
        assert!(text.contains("FAILED b ") && text.contains("check 'c' failed: no"), "{text}");
        assert_eq!(text.lines().last(), Some("1 passed, 1 failed"));
    }

    #[test]
    fn times_stay_in_one_column_whatever_the_length_of_lab_names() {
        let labs = vec![lab("a", None), lab("grade-udp-client-no-server-and-more", None)];
        let report = RunReport { labs, ..Default::default() };
        let text =
            String::from_utf8(Terminal { color: false, name_width: 0 }.render(&report).unwrap()).unwrap();
        let columns: Vec<usize> = text.lines().filter_map(|line| line.find("0.12s")).collect();
        assert_eq!(columns.len(), 2, "{text}");
        assert_eq!(columns[0], columns[1], "{text}");
    }

    #[test]
    fn colors_are_escape_codes_only_when_asked_for() {
        let report = RunReport { labs: vec![lab("b", Some("no"))], ..Default::default() };
        let plain =
            String::from_utf8(Terminal { color: false, name_width: 0 }.render(&report).unwrap()).unwrap();
        let colored =
            String::from_utf8(Terminal { color: true, name_width: 0 }.render(&report).unwrap()).unwrap();
        assert!(!plain.contains('\x1b'));
        assert!(colored.contains("\x1b[31;1mFAILED"));
    }

    #[test]
    fn the_report_speaks_the_language_of_the_run() {
        let report = RunReport { labs: vec![lab("a", None), lab("b", Some("no"))], ..Default::default() };
        let es = crate::i18n::Lang::parse("es").unwrap();
        let text = crate::i18n::with_lang(&es, || {
            String::from_utf8(Terminal { color: false, name_width: 0 }.render(&report).unwrap()).unwrap()
        });
        assert!(text.starts_with("ok      a "), "{text}");
        assert!(text.contains("FALLÓ   b ") && text.contains("la comprobación 'c' falló: no"), "{text}");
        assert_eq!(text.lines().last(), Some("1 aprobado, 1 fallido"));
    }
}
