//! What grading found: per submission, per lab, per check, with points and a reason a student can read.
//!
//! This model is what every grade report renders and what `socklab merge` combines; its JSON form is the
//! `--json` output of `socklab grade`. Submissions and labs are kept sorted by name so that the results of
//! shards, merged, are identical to an unsharded run.

use serde::{Deserialize, Serialize};

use crate::tr;

/// The results of grading some submissions (all of them, or one shard).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeResults {
    /// The labs graded, in labs.toml order.
    pub labs: Vec<String>,
    pub submissions: Vec<SubmissionResult>,
    /// How runs were isolated, e.g. "network namespace per lab run" or why they were not.
    pub isolation: String,
    /// Ctrl-C stopped the grading: the results are partial, and `socklab merge` refuses them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub interrupted: bool,
    /// The slice graded (`--shard K/N`), so that `socklab merge` can tell when one is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
    /// The language the run was graded in (`en`, `es`): the reasons are in it, and `socklab merge`
    /// writes its reports in it. Results written before there was a choice are English.
    #[serde(default = "english")]
    pub lang: String,
}

fn english() -> String {
    "en".to_owned()
}

/// Slice `index` of `count` (`--shard K/N`, 1 ≤ K ≤ N).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmissionResult {
    /// The submission's folder name.
    pub name: String,
    pub labs: Vec<LabResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabResult {
    pub lab: String,
    pub checks: Vec<CheckResult>,
    /// The tail of each process's output, for the report (process name, text).
    #[serde(default)]
    pub output: Vec<(String, String)>,
    /// Why the lab could not be judged, when the cause was not the student's (a busy port, a missing
    /// interpreter, a copy that failed): its checks are [`Verdict::Error`], not scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// What went wrong in the lab outside its checks (a server that never became ready, a process
    /// over its timeout), first line of each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
    /// Ctrl-C stopped the grading before this lab run ended (or began): its checks are
    /// [`Verdict::Interrupted`], not judged and not scored.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub interrupted: bool,
    /// The pcap file of the run's packets (`--capture DIR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckResult {
    pub name: String,
    pub max_points: f64,
    pub verdict: Verdict,
    /// Why it failed (or why it is flaky), in words a student understands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Passed,
    Failed,
    /// The verdict changed between repeated runs: not scored, reported for a person to look at.
    Flaky,
    /// The grading environment failed, not the student: not scored, to be graded again.
    Error,
    /// Ctrl-C stopped the grading before the check was judged: not scored, to be graded again.
    Interrupted,
}

impl CheckResult {
    pub fn points(&self) -> f64 {
        if self.verdict == Verdict::Passed { self.max_points } else { 0.0 }
    }
}

impl LabResult {
    pub fn points(&self) -> f64 {
        self.checks.iter().map(CheckResult::points).sum()
    }

    pub fn max_points(&self) -> f64 {
        self.checks.iter().map(|check| check.max_points).sum()
    }
}

impl SubmissionResult {
    /// Labs that could not be judged because of the grading environment.
    pub fn errors(&self) -> impl Iterator<Item = &LabResult> {
        self.labs.iter().filter(|lab| lab.error.is_some())
    }

    pub fn points(&self) -> f64 {
        self.labs.iter().map(LabResult::points).sum()
    }

    /// The points at stake in the labs that were judged: a lab Ctrl-C cut short counts for nothing.
    pub fn max_points(&self) -> f64 {
        self.labs.iter().filter(|lab| !lab.interrupted).map(LabResult::max_points).sum()
    }

    pub fn lab(&self, name: &str) -> Option<&LabResult> {
        self.labs.iter().find(|lab| lab.lab == name)
    }
}

impl GradeResults {
    /// Puts submissions in name order: the canonical order of every report.
    pub fn sort(&mut self) {
        self.submissions.sort_by(|a, b| a.name.cmp(&b.name));
    }

    /// Combines shards. They must have graded the same labs, and no submission may appear twice.
    pub fn merge(parts: Vec<GradeResults>) -> Result<GradeResults, String> {
        if let Some(index) = parts.iter().position(|part| part.interrupted) {
            return Err(tr!("grade-merge-interrupted", part = index + 1));
        }
        check_languages(&parts)?;
        check_shards(&parts)?;
        let mut parts = parts.into_iter();
        let mut merged = parts.next().ok_or_else(|| tr!("grade-merge-nothing"))?;
        merged.shard = None;
        for part in parts {
            if part.labs != merged.labs {
                return Err(tr!(
                    "grade-merge-different-labs",
                    first = merged.labs.join(", "),
                    other = part.labs.join(", ")
                ));
            }
            if part.isolation != merged.isolation {
                merged.isolation = format!("{}; {}", merged.isolation, part.isolation);
            }
            for submission in part.submissions {
                if merged.submissions.iter().any(|seen| seen.name == submission.name) {
                    return Err(tr!("grade-merge-submission-twice", submission = submission.name));
                }
                merged.submissions.push(submission);
            }
        }
        merged.sort();
        Ok(merged)
    }

    /// Average score per lab over all submissions, for the summary.
    pub fn lab_average(&self, lab: &str) -> f64 {
        let scores: Vec<f64> =
            self.submissions.iter().filter_map(|s| s.lab(lab)).map(LabResult::points).collect();
        if scores.is_empty() { 0.0 } else { scores.iter().sum::<f64>() / scores.len() as f64 }
    }
}

/// The parts were graded in one language: their reasons would otherwise mix two in one report.
fn check_languages(parts: &[GradeResults]) -> Result<(), String> {
    let Some(first) = parts.first() else { return Ok(()) };
    match parts.iter().position(|part| part.lang != first.lang) {
        None => Ok(()),
        Some(index) => Err(tr!(
            "grade-merge-different-languages",
            part = index + 1,
            lang = parts[index].lang.clone(),
            first = first.lang.clone()
        )),
    }
}

/// The parts are every slice of one `--shard K/N` grading, each once, or none of them is a slice.
fn check_shards(parts: &[GradeResults]) -> Result<(), String> {
    let shards: Vec<Option<Shard>> = parts.iter().map(|part| part.shard).collect();
    if shards.iter().all(Option::is_none) {
        return Ok(());
    }
    let Some(count) = shards.iter().flatten().map(|shard| shard.count).next() else { return Ok(()) };
    let mut seen = vec![false; count];
    for (index, shard) in shards.iter().enumerate() {
        match shard {
            None => return Err(tr!("grade-merge-not-sharded", part = index + 1)),
            Some(shard) if shard.count != count => {
                return Err(tr!(
                    "grade-merge-shard-count",
                    part = index + 1,
                    index = shard.index,
                    count = shard.count,
                    expected = count
                ));
            }
            Some(shard) if seen[shard.index - 1] => {
                return Err(tr!("grade-merge-shard-twice", index = shard.index, count = count));
            }
            Some(shard) => seen[shard.index - 1] = true,
        }
    }
    let missing: Vec<String> = seen
        .iter()
        .enumerate()
        .filter(|(_, seen)| !**seen)
        .map(|(k, _)| format!("{}/{count}", k + 1))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(tr!("grade-merge-shards-missing", count = missing.len(), shards = missing.join(", ")))
    }
}

/// Formats points without a needless ".0": 3, 2.5; never "-0" (an empty sum of floats is -0.0).
pub fn points(value: f64) -> String {
    let value = if value == 0.0 { 0.0 } else { value };
    if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value:.2}") }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn sample() -> GradeResults {
        let check = |name: &str, verdict, reason: Option<&str>| CheckResult {
            name: name.into(),
            max_points: 1.0,
            verdict,
            reason: reason.map(String::from),
        };
        GradeResults {
            labs: vec!["udp-echo".into(), "udp-shutdown".into()],
            isolation: "network namespace per lab run".into(),
            interrupted: false,
            shard: None,
            lang: "en".into(),
            submissions: vec![
                SubmissionResult {
                    name: "bob".into(),
                    labs: vec![LabResult {
                        lab: "udp-echo".into(),
                        checks: vec![
                            check("listens on udp 127.0.0.1:3500", Verdict::Passed, None),
                            check(
                                "echoes <hola> & more",
                                Verdict::Failed,
                                Some("sent 'hola', expected the reply 'hola', got 'HOLA'"),
                            ),
                        ],
                        output: vec![("server".into(), "Socket creado\n<b>".into())],
                        error: None,
                        problems: Vec::new(),
                        interrupted: false,
                        capture: None,
                    }],
                },
                SubmissionResult {
                    name: "alice".into(),
                    labs: vec![LabResult {
                        lab: "udp-shutdown".into(),
                        checks: vec![check("replies bye", Verdict::Flaky, Some("passed 1 of 2 runs"))],
                        output: vec![],
                        error: None,
                        problems: Vec::new(),
                        interrupted: false,
                        capture: None,
                    }],
                },
            ],
        }
    }

    #[test]
    fn scores_count_only_passed_checks() {
        let results = sample();
        assert_eq!(results.submissions[0].points(), 1.0);
        assert_eq!(results.submissions[0].max_points(), 2.0);
        assert_eq!(results.submissions[1].points(), 0.0);
    }

    #[test]
    fn merging_shards_gives_the_unsharded_order() {
        let mut whole = sample();
        let mut first = whole.clone();
        let mut second = whole.clone();
        first.submissions.retain(|s| s.name == "bob");
        second.submissions.retain(|s| s.name == "alice");
        whole.sort();
        assert_eq!(GradeResults::merge(vec![first.clone(), second]).unwrap(), whole);
        assert!(
            GradeResults::merge(vec![first.clone(), first.clone()])
                .unwrap_err()
                .contains("more than one part")
        );
        let mut cut = first.clone();
        cut.interrupted = true;
        assert!(
            GradeResults::merge(vec![first, cut]).unwrap_err().contains("part 2 was interrupted (Ctrl-C)")
        );
    }

    #[test]
    fn merging_needs_every_shard_once() {
        let part = |index, count, name: &str| {
            let mut part = sample();
            part.submissions.retain(|s| s.name == name);
            part.shard = Some(Shard { index, count });
            part
        };
        let merged = GradeResults::merge(vec![part(2, 2, "bob"), part(1, 2, "alice")]).unwrap();
        assert_eq!(merged.shard, None);
        assert_eq!(merged.submissions.len(), 2);
        assert_eq!(
            GradeResults::merge(vec![part(1, 3, "bob"), part(3, 3, "alice")]).unwrap_err(),
            "shard(s) 2/3 missing: the merged reports would leave their submissions out (grade them, or merge \
             every part)"
        );
        assert!(
            GradeResults::merge(vec![part(1, 2, "bob"), part(1, 2, "alice")]).unwrap_err().contains("twice")
        );
        assert!(
            GradeResults::merge(vec![part(1, 2, "bob"), part(2, 3, "alice")])
                .unwrap_err()
                .contains("shard of 2")
        );
        let mut plain = sample();
        plain.submissions.retain(|s| s.name == "alice");
        assert!(
            GradeResults::merge(vec![part(1, 2, "bob"), plain])
                .unwrap_err()
                .contains("not graded with --shard")
        );
    }

    #[test]
    fn parts_graded_in_different_languages_are_refused() {
        let mut english = sample();
        english.submissions.retain(|s| s.name == "bob");
        let mut spanish = sample();
        spanish.submissions.retain(|s| s.name == "alice");
        spanish.lang = "es".into();
        assert_eq!(
            GradeResults::merge(vec![english.clone(), spanish.clone()]).unwrap_err(),
            "part 2 was graded in 'es', part 1 in 'en': their reasons are in different languages; grade \
             every part with the same --lang"
        );
        let es = crate::i18n::Lang::parse("es").unwrap();
        let error = crate::i18n::with_lang(&es, || GradeResults::merge(vec![english, spanish.clone()]));
        assert_eq!(
            error.unwrap_err(),
            "la parte 2 se calificó en 'es' y la parte 1 en 'en': sus motivos están en idiomas distintos; \
             califique todas las partes con el mismo --lang"
        );
        let mut other = spanish.clone();
        other.submissions[0].name = "carla".into();
        assert_eq!(GradeResults::merge(vec![spanish, other]).unwrap().lang, "es");
    }

    #[test]
    fn results_without_a_language_read_as_english() {
        let mut value = serde_json::to_value(sample()).unwrap();
        assert_eq!(value["lang"], "en");
        value.as_object_mut().unwrap().remove("lang");
        let read: GradeResults = serde_json::from_value(value).unwrap();
        assert_eq!(read.lang, "en");
    }

    #[test]
    fn points_never_show_minus_zero() {
        assert_eq!(points(-0.0), "0");
        assert_eq!(points(std::iter::empty::<f64>().sum()), "0");
        assert_eq!(points(2.5), "2.50");
    }
}
