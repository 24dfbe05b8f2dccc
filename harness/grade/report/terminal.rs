//! The table `socklab grade` prints when it is done: one row per submission, points per lab, the
//! total, then the average of each lab; then, for a class, the overview: the spread of scores and the
//! most failed checks with their most common reasons.

use crate::grade::overview::Overview;
use crate::grade::results::{GradeResults, Verdict, points};
use crate::tr;

/// Checks listed under "most failed checks", and reasons under each: the rest are in the HTML and CSV.
const CHECKS_SHOWN: usize = 10;
const REASONS_SHOWN: usize = 2;
/// Characters of a reason shown on its line when the output is not a terminal; on a terminal, what
/// its width leaves after the indent, within [`REASON_WIDTHS`].
const REASON_WIDTH: usize = 110;
const REASON_WIDTHS: std::ops::RangeInclusive<usize> = 40..=300;
/// Columns before a reason: its count and `× `.
const REASON_INDENT: usize = 21;
/// Characters of the longest histogram bar.
const BAR_WIDTH: usize = 40;

/// The table and, for a class, the overview; `columns` is the terminal's width when the output is a
/// terminal (reasons are cut to fit it), `None` otherwise.
pub fn render(results: &GradeResults, columns: Option<usize>) -> String {
    let (heading, total, average_word) =
        (tr!("grade-table-submission"), tr!("grade-table-total"), tr!("grade-table-average"));
    let name_width = results
        .submissions
        .iter()
        .map(|s| s.name.chars().count())
        .chain([heading.chars().count(), average_word.chars().count()])
        .max()
        .unwrap_or(10);
    let widths: Vec<usize> = results.labs.iter().map(|lab| lab.len().max(7)).collect();
    let mut out = format!("{heading:<name_width$}");
    for (lab, width) in results.labs.iter().zip(&widths) {
        out.push_str(&format!("  {lab:>width$}"));
    }
    out.push_str(&format!("  {total:>7}\n"));
    for submission in &results.submissions {
        out.push_str(&format!("{:<name_width$}", submission.name));
        for (lab, width) in results.labs.iter().zip(&widths) {
            let cell = match submission.lab(lab) {
                Some(result) if result.error.is_some() => tr!("grade-table-error"),
                Some(result) if result.interrupted => tr!("grade-table-interrupted"),
                Some(result) => {
                    let flaky = result.checks.iter().any(|check| check.verdict == Verdict::Flaky);
                    format!(
                        "{}{}/{}",
                        if flaky { "~" } else { "" },
                        points(result.points()),
                        points(result.max_points())
                    )
                }
                None => "-".to_owned(),
            };
            out.push_str(&format!("  {cell:>width$}"));
        }
        out.push_str(&format!(
            "  {:>7}\n",
            format!("{}/{}", points(submission.points()), points(submission.max_points()))
        ));
    }
    out.push_str(&format!("{average_word:<name_width$}"));
    for (lab, width) in results.labs.iter().zip(&widths) {
        out.push_str(&format!("  {:>width$}", points(results.lab_average(lab))));
    }
    let average = if results.submissions.is_empty() {
        0.0
    } else {
        results.submissions.iter().map(|s| s.points()).sum::<f64>() / results.submissions.len() as f64
    };
    out.push_str(&format!("  {:>7}\n", points(average)));
    if results
        .submissions
        .iter()
        .flat_map(|s| &s.labs)
        .flat_map(|l| &l.checks)
        .any(|c| c.verdict == Verdict::Flaky)
    {
        out.push_str(&tr!("grade-table-flaky-note"));
        out.push('\n');
    }
    if results.submissions.len() > 1 {
        let width = columns.map_or(REASON_WIDTH, |columns| {
            columns.saturating_sub(REASON_INDENT).clamp(*REASON_WIDTHS.start(), *REASON_WIDTHS.end())
        });
        out.push_str(&overview(&Overview::of(results), width));
    }
    for submission in &results.submissions {
        for lab in &submission.labs {
            for problem in &lab.problems {
                let line = tr!(
                    "grade-table-problem",
                    submission = submission.name.clone(),
                    lab = lab.lab.clone(),
                    problem = problem.clone()
                );
                out.push_str(&line);
                out.push('\n');
            }
        }
        for lab in submission.errors() {
            let line = tr!(
                "grade-table-environment-error",
                submission = submission.name.clone(),
                lab = lab.lab.clone(),
                error = lab.error.clone().unwrap_or_default()
            );
            out.push_str(&line);
            out.push('\n');
        }
    }
    let line =
        tr!("grade-table-count", count = results.submissions.len(), isolation = results.isolation.clone());
    out.push_str(&line);
    out.push('\n');
    if results.interrupted {
        out.push_str(&tr!("grade-table-partial", interrupted = tr!("grade-table-interrupted")));
        out.push('\n');
    }
    out
}

/// The histogram as text bars, then the most failed checks with their most common reasons.
fn overview(overview: &Overview, reason_width: usize) -> String {
    let mut out = format!("\n{}\n", tr!("grade-overview-scores"));
    let most = overview.histogram.iter().map(|bin| bin.count).max().unwrap_or(0).max(1);
    for bin in &overview.histogram {
        let bar = "█".repeat((bin.count * BAR_WIDTH).div_ceil(most));
        out.push_str(&format!(
            "  {:>9}  {bar}{}{}\n",
            bin.label(),
            if bar.is_empty() { "" } else { " " },
            bin.count
        ));
    }
    let failed: Vec<_> = overview.failed_checks().collect();
    if failed.is_empty() {
        out.push_str(&tr!("grade-overview-all-passed"));
        out.push_str("\n\n");
        return out;
    }
    out.push_str(&tr!("grade-overview-most-failed"));
    out.push('\n');
    for check in failed.iter().take(CHECKS_SHOWN) {
        out.push_str(&format!(
            "  {:>11} {:>4.0}%  {}: {}\n",
            tr!("grade-overview-passed-of", passed = check.passed, judged = check.judged()),
            check.pass_rate() * 100.0,
            check.lab,
            check.check
        ));
        for group in check.reasons.iter().take(REASONS_SHOWN) {
            let similar = match group.wordings {
                1 => String::new(),
                n => format!(" {}", tr!("grade-overview-similar", count = n - 1)),
            };
            out.push_str(&format!(
                "  {:>17}× {}{similar}\n",
                group.submissions.len(),
                shortened(group.reason.lines().next().unwrap_or_default(), reason_width)
            ));
        }
    }
    if failed.len() > CHECKS_SHOWN {
        let line = tr!("grade-overview-more-checks", count = failed.len() - CHECKS_SHOWN);
        out.push_str(&format!("  {line}\n"));
    }
    out.push('\n');
    out
}

/// The first `width` characters of `text`, with "…" when it was longer.
fn shortened(text: &str, width: usize) -> String {
    match text.char_indices().nth(width) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::results::tests::sample;

    #[test]
    fn the_table_has_a_row_per_submission_and_marks_flaky_labs() {
        let text = render(&sample(), None);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("submission") && lines[0].contains("udp-echo"), "{text}");
        assert!(lines[1].starts_with("bob") && lines[1].contains("1/2"), "{text}");
        assert!(lines[2].starts_with("alice") && lines[2].contains("~0/1"), "{text}");
        assert!(text.contains("flaky"), "{text}");
    }

    #[test]
    fn a_lab_the_environment_spoiled_shows_error_not_points() {
        let mut results = sample();
        let lab = &mut results.submissions[0].labs[0];
        lab.error = Some("python3 is not installed on the grading machine".into());
        for check in &mut lab.checks {
            check.verdict = Verdict::Error;
        }
        results.submissions[1].labs[0].problems =
            vec!["server never listened on udp 127.0.0.1:3500 within 5s".into()];
        let text = render(&results, None);
        assert!(
            text.contains(
                "problem alice udp-shutdown: server never listened on udp 127.0.0.1:3500 within 5s"
            ),
            "{text}"
        );
        let bob = text.lines().find(|line| line.starts_with("bob")).unwrap();
        assert!(bob.contains("error") && !bob.contains("1/2"), "{text}");
        assert!(
            text.contains(
                "error bob udp-echo: not graded, the grading environment failed: python3 is not installed"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_class_gets_the_spread_of_scores_and_the_most_failed_checks() {
        let text = render(&sample(), None);
        assert!(text.contains("scores (share of the maximum):"), "{text}");
        assert!(text.contains("  50–59 %  ████████████████████████████████████████ 1\n"), "{text}");
        assert!(text.contains("      0–9 %  ████████████████████████████████████████ 1\n"), "{text}");
        assert!(text.contains("     100 %  0\n"), "{text}");
        let checks = text.split("most failed checks (passed of judged):\n").nth(1).expect(&text);
        let first = checks.lines().next().unwrap();
        assert_eq!(first, "       0 of 1    0%  udp-echo: echoes <hola> & more");
        assert_eq!(
            checks.lines().nth(1).unwrap(),
            "                  1× sent 'hola', expected the reply 'hola', got 'HOLA'"
        );
        assert_eq!(shortened("ábcd", 2), "áb…");
        assert_eq!(shortened("ab", 2), "ab");
    }

    #[test]
    fn the_table_and_overview_speak_the_language_of_the_run() {
        let es = crate::i18n::Lang::parse("es").unwrap();
        let text = crate::i18n::with_lang(&es, || render(&sample(), None));
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("entrega ") && lines[0].ends_with("  total"), "{text}");
        assert!(lines[3].starts_with("promedio"), "{text}");
        assert!(text.contains("~ una comprobación de este laboratorio fue inestable"), "{text}");
        assert!(text.contains("puntajes (proporción del máximo):\n"), "{text}");
        assert!(text.contains("comprobaciones más falladas (aprobadas de juzgadas):\n"), "{text}");
        assert!(text.contains("       0 de 1    0%  udp-echo: echoes <hola> & more\n"), "{text}");
        assert!(text.ends_with("2 entregas; network namespace per lab run\n"), "{text}");
    }
}
