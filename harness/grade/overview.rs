//! The class overview: what an instructor asks first after grading — how the scores are spread, and
//! which checks the class struggled with, and why.
//!
//! It is computed once from [`GradeResults`] and rendered by the HTML report (charts), the terminal
//! (after the table) and `--checks-csv`, so the three always agree on every number.

use std::collections::{BTreeMap, HashMap};

use crate::grade::results::{GradeResults, Verdict};
use crate::tr;

/// How many of a check's failure reasons are shown, most common first; the rest are counted.
pub const REASONS_SHOWN: usize = 3;

/// Score spread and per-check pass rates of one grading.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// Submissions graded (all of them, whatever their verdicts).
    pub submissions: usize,
    /// Submissions by total score as a share of their maximum, in [`Bin`]s from 0 % up to 100 %.
    pub histogram: Vec<Bin>,
    /// Submissions whose maximum is 0 (every lab interrupted): in no bin.
    pub unscored: usize,
    /// Per lab: average, full marks, in labs.toml order.
    pub labs: Vec<LabRate>,
    /// Every check of every lab, most failed first: lowest pass rate, then most failures, then file order.
    pub checks: Vec<CheckRate>,
}

/// One bar of the histogram: the submissions whose score is in `from..to` percent of their maximum
/// (`to` included only for the last bin, which is exactly 100 %).
#[derive(Debug, Clone, PartialEq)]
pub struct Bin {
    pub from: u32,
    pub to: u32,
    pub count: usize,
}

impl Bin {
    /// "0–9 %", ..., "90–99 %", "100 %".
    pub fn label(&self) -> String {
        if self.from == self.to {
            format!("{} %", self.from)
        } else {
            format!("{}–{} %", self.from, self.to - 1)
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LabRate {
    pub lab: String,
    /// Points at stake in the lab (its checks' maximum).
    pub max_points: f64,
    /// Average points over the submissions that were judged on it.
    pub average: f64,
    /// Submissions judged on the lab (not spoiled by the environment, not interrupted).
    pub judged: usize,
    /// Of those, the ones with every point.
    pub full_marks: usize,
}

/// How one check went across the class.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckRate {
    pub lab: String,
    pub check: String,
    pub max_points: f64,
    pub passed: usize,
    /// Failed checks, including those of a submission that lacks the lab's file: the student's doing.
    pub failed: usize,
    /// Flaky (verdict changed between runs, not scored).
    pub flaky: usize,
    /// Not judged: the grading environment failed, or grading was interrupted.
    pub not_judged: usize,
    /// The submissions that failed it, in name order.
    pub failed_by: Vec<String>,
    /// Why they failed, grouped, most common first.
    pub reasons: Vec<ReasonGroup>,
}

impl CheckRate {
    fn new(lab: &str, check: &str, max_points: f64) -> CheckRate {
        CheckRate {
            lab: lab.to_owned(),
            check: check.to_owned(),
            max_points,
            passed: 0,
            failed: 0,
            flaky: 0,
            not_judged: 0,
            failed_by: Vec::new(),
            reasons: Vec::new(),
        }
    }

    /// Passed and failed: the verdicts that count.
    pub fn judged(&self) -> usize {
        self.passed + self.failed
    }

    /// Share of judged submissions that passed, 0.0–1.0; 1.0 when none was judged.
    pub fn pass_rate(&self) -> f64 {
        if self.judged() == 0 { 1.0 } else { self.passed as f64 / self.judged() as f64 }
    }
}

/// Failures of one check whose reasons say the same thing.
///
/// Reasons are the same when they are equal once their parenthesised details are left out, so
/// "no client.py in the submission (it holds: a.py)" and "(it holds: b.py)" are one group.
#[derive(Debug, Clone, PartialEq)]
pub struct ReasonGroup {
    /// The most frequent wording in the group.
    pub reason: String,
    /// How many different wordings the group holds (1 when every reason was the same text).
    pub wordings: usize,
    /// The submissions, in name order.
    pub submissions: Vec<String>,
}

impl Overview {
    pub fn of(results: &GradeResults) -> Overview {
        let mut histogram: Vec<Bin> =
            (0..10).map(|tenth| Bin { from: tenth * 10, to: tenth * 10 + 10, count: 0 }).collect();
        histogram.push(Bin { from: 100, to: 100, count: 0 });
        let mut unscored = 0;
        for submission in &results.submissions {
            let max = submission.max_points();
            if max <= 0.0 {
                unscored += 1;
                continue;
            }
            let percent = (submission.points() / max * 100.0).clamp(0.0, 100.0);
            let index = if percent >= 100.0 { 10 } else { (percent / 10.0).floor() as usize };
            histogram[index].count += 1;
        }
        Overview {
            submissions: results.submissions.len(),
            histogram,
            unscored,
            labs: results.labs.iter().map(|lab| lab_rate(results, lab)).collect(),
            checks: check_rates(results),
        }
    }

    /// Checks that at least one submission failed, most failed first.
    pub fn failed_checks(&self) -> impl Iterator<Item = &CheckRate> {
        self.checks.iter().filter(|check| check.failed > 0)
    }
}

fn lab_rate(results: &GradeResults, lab: &str) -> LabRate {
    let judged: Vec<_> = results
        .submissions
        .iter()
        .filter_map(|submission| submission.lab(lab))
        .filter(|result| result.error.is_none() && !result.interrupted)
        .collect();
    let max_points = judged.iter().map(|result| result.max_points()).fold(0.0, f64::max);
    let average = if judged.is_empty() {
        0.0
    } else {
        judged.iter().map(|result| result.points()).sum::<f64>() / judged.len() as f64
    };
    let full_marks = judged
        .iter()
        .filter(|result| result.checks.iter().all(|check| check.verdict == Verdict::Passed))
        .count();
    LabRate { lab: lab.to_owned(), max_points, average, judged: judged.len(), full_marks }
}

fn check_rates(results: &GradeResults) -> Vec<CheckRate> {
    // In the order the file gives them: by lab, then by each check's first place seen.
    // (lab's place in the file, the rate, each failure's (submission, reason))
    type Tally = (usize, CheckRate, Vec<(String, String)>);
    let mut rates: Vec<Tally> = Vec::new();
    let mut places: HashMap<(&str, &str), usize> = HashMap::new();
    for submission in &results.submissions {
        for lab in &submission.labs {
            let lab_index = results.labs.iter().position(|name| *name == lab.lab).unwrap_or(usize::MAX);
            for check in &lab.checks {
                let place = *places.entry((&lab.lab, &check.name)).or_insert_with(|| {
                    rates.push((
                        lab_index,
                        CheckRate::new(&lab.lab, &check.name, check.max_points),
                        Vec::new(),
                    ));
                    rates.len() - 1
                });
                let (_, rate, reasons) = &mut rates[place];
                match check.verdict {
                    Verdict::Passed => rate.passed += 1,
                    Verdict::Failed => {
                        rate.failed += 1;
                        rate.failed_by.push(submission.name.clone());
                        let reason = check.reason.clone().unwrap_or_else(|| tr!("grade-no-reason"));
                        reasons.push((submission.name.clone(), reason));
                    }
                    Verdict::Flaky => rate.flaky += 1,
                    Verdict::Error | Verdict::Interrupted => rate.not_judged += 1,
                }
            }
        }
    }
    rates.sort_by_key(|(lab_index, _, _)| *lab_index);
    let mut checks: Vec<CheckRate> = rates
        .into_iter()
        .map(|(_, mut rate, reasons)| {
            rate.failed_by.sort();
            rate.reasons = group_reasons(reasons);
            rate
        })
        .collect();
    // Stable: equal rates keep the file's order.
    checks.sort_by(|a, b| a.pass_rate().total_cmp(&b.pass_rate()).then(b.failed.cmp(&a.failed)));
    checks
}

/// Groups (submission, reason) pairs by [`reason_key`], most submissions first, then by wording.
fn group_reasons(failures: Vec<(String, String)>) -> Vec<ReasonGroup> {
    let mut groups: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (submission, reason) in failures {
        groups.entry(reason_key(&reason)).or_default().push((submission, reason));
    }
    let mut groups: Vec<ReasonGroup> = groups
        .into_values()
        .map(|members| {
            let mut wordings: BTreeMap<&str, usize> = BTreeMap::new();
            for (_, reason) in &members {
                *wordings.entry(reason.as_str()).or_default() += 1;
            }
            // The most frequent wording; among equals, the first in sort order.
            let reason = wordings
                .iter()
                .fold(None::<(&str, usize)>, |best, (text, count)| match best {
                    Some((_, most)) if most >= *count => best,
                    _ => Some((text, *count)),
                })
                .map(|(text, _)| text.to_owned())
                .unwrap_or_default();
            let count = wordings.len();
            let mut submissions: Vec<String> =
                members.into_iter().map(|(submission, _)| submission).collect();
            submissions.sort();
            ReasonGroup { reason, wordings: count, submissions }
        })
        .collect();
    groups.sort_by(|a, b| b.submissions.len().cmp(&a.submissions.len()).then(a.reason.cmp(&b.reason)));
    groups
}

/// A reason's first line with its parenthesised details left out and spaces collapsed: what makes two
/// reasons "the same" for grouping.
fn reason_key(reason: &str) -> String {
    let line = reason.lines().next().unwrap_or_default();
    let mut key = String::with_capacity(line.len());
    let mut depth = 0usize;
    for ch in line.chars() {
        match ch {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => key.push(ch),
            _ => {}
        }
    }
    key.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::results::tests::sample;
    use crate::grade::results::{CheckResult, LabResult, SubmissionResult};

    fn class() -> GradeResults {
        let check = |name: &str, verdict, reason: Option<&str>| CheckResult {
            name: name.into(),
            max_points: 1.0,
            verdict,
            reason: reason.map(String::from),
        };
        let submission =
            |name: &str, first: Verdict, reason: Option<&str>, second: Verdict| SubmissionResult {
                name: name.into(),
                labs: vec![
                    LabResult {
                        lab: "echo".into(),
                        checks: vec![check("listens", Verdict::Passed, None), {
                            let mut c = check("echoes", first, reason);
                            c.max_points = 2.0;
                            c
                        }],
                        output: vec![],
                        error: None,
                        problems: vec![],
                        interrupted: false,
                        capture: None,
                    },
                    LabResult {
                        lab: "exit".into(),
                        checks: vec![check("exits 0", second, None)],
                        output: vec![],
                        error: None,
                        problems: vec![],
                        interrupted: false,
                        capture: None,
                    },
                ],
            };
        GradeResults {
            labs: vec!["echo".into(), "exit".into()],
            isolation: "test".into(),
            interrupted: false,
            shard: None,
            lang: "en".into(),
            submissions: vec![
                submission("ana", Verdict::Passed, None, Verdict::Passed),
                submission("bea", Verdict::Failed, Some("no echo.py (it holds: a.py)"), Verdict::Passed),
                submission("cai", Verdict::Failed, Some("no echo.py (it holds: b.py)"), Verdict::Failed),
                submission("dan", Verdict::Failed, Some("it printed 'HOLA'"), Verdict::Passed),
                submission("eva", Verdict::Error, Some("python3 missing"), Verdict::Passed),
            ],
        }
    }

    #[test]
    fn checks_come_most_failed_first_with_their_reasons_grouped() {
        let overview = Overview::of(&class());
        let order: Vec<(&str, usize, usize)> =
            overview.checks.iter().map(|c| (c.check.as_str(), c.passed, c.failed)).collect();
        assert_eq!(order, [("echoes", 1, 3), ("exits 0", 4, 1), ("listens", 5, 0)]);
        let echoes = &overview.checks[0];
        assert_eq!(echoes.not_judged, 1);
        assert_eq!(echoes.failed_by, ["bea", "cai", "dan"]);
        assert_eq!(echoes.reasons.len(), 2);
        assert_eq!(echoes.reasons[0].reason, "no echo.py (it holds: a.py)");
        assert_eq!(echoes.reasons[0].wordings, 2);
        assert_eq!(echoes.reasons[0].submissions, ["bea", "cai"]);
        assert_eq!(echoes.reasons[1].submissions, ["dan"]);
        assert!((echoes.pass_rate() - 0.25).abs() < 1e-9);
        assert_eq!(overview.failed_checks().count(), 2);
    }

    #[test]
    fn the_histogram_bins_scores_by_share_of_the_maximum() {
        let overview = Overview::of(&class());
        // ana 4/4 = 100 %; bea, dan and eva 2/4 = 50 % (eva's spoiled check is not scored); cai 1/4 = 25 %.
        let counts: Vec<(String, usize)> =
            overview.histogram.iter().filter(|b| b.count > 0).map(|b| (b.label(), b.count)).collect();
        assert_eq!(counts, [("20–29 %".to_owned(), 1), ("50–59 %".to_owned(), 3), ("100 %".to_owned(), 1)]);
        assert_eq!(overview.histogram.iter().map(|b| b.count).sum::<usize>(), 5);
        assert_eq!(overview.labs[0].full_marks, 1);
        assert_eq!(overview.labs[0].judged, 5);
    }

    #[test]
    fn reasons_are_the_same_once_their_details_are_left_out() {
        assert_eq!(
            reason_key("no a.py  (it holds: x (y).py) in the submission"),
            "no a.py in the submission"
        );
        assert_eq!(reason_key("crashed (exit 1): Traceback\nline 2"), "crashed : Traceback");
        assert_ne!(reason_key("it printed 'HOLA'"), reason_key("it printed 'hola'"));
        let overview = Overview::of(&sample());
        assert_eq!(overview.submissions, 2);
        assert_eq!(
            overview.checks[0].reasons[0].reason,
            "sent 'hola', expected the reply 'hola', got 'HOLA'"
        );
    }
}
