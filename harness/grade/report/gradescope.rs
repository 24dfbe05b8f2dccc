//! Gradescope's autograder results (`/autograder/results/results.json`): a total score and one test per
//! check with its score, maximum, status, output and visibility. Gradescope grades one submission per
//! run, so this format holds exactly one submission.

use serde_json::json;

use crate::grade::results::{GradeResults, Verdict};
use crate::tr;

pub fn render(results: &GradeResults) -> Result<String, String> {
    let [submission] = results.submissions.as_slice() else {
        return Err(tr!("grade-gradescope-one", count = results.submissions.len()));
    };
    let mut tests = Vec::new();
    for lab in &submission.labs {
        for check in &lab.checks {
            let mut output = check.reason.clone().unwrap_or_else(|| tr!("grade-gradescope-ok"));
            if check.verdict == Verdict::Error {
                output = tr!("grade-gradescope-environment", reason = output);
            }
            if check.verdict == Verdict::Interrupted {
                output = tr!("grade-gradescope-interrupted");
            }
            if check.verdict != Verdict::Passed {
                for problem in &lab.problems {
                    output.push('\n');
                    output.push_str(&tr!("grade-html-problem", problem = problem.clone()));
                }
                for (process, text) in &lab.output {
                    output.push_str(&format!("\n\n--- {process}\n{text}"));
                }
            }
            tests.push(json!({
                "name": format!("{}: {}", lab.lab, check.name),
                "score": check.points(),
                "max_score": check.max_points,
                "status": if check.verdict == Verdict::Passed { "passed" } else { "failed" },
                "tags": match check.verdict {
                    Verdict::Error => vec!["environment-error"],
                    Verdict::Interrupted => vec!["interrupted"],
                    _ => Vec::new(),
                },
                "output": output,
                "visibility": "visible",
            }));
        }
    }
    let document = json!({
        "score": submission.points(),
        "output": summary(submission, results),
        "visibility": "visible",
        "tests": tests,
    });
    Ok(serde_json::to_string_pretty(&document).expect("JSON values always serialise") + "\n")
}

/// The top line: what was graded, and a warning when the environment kept labs from being judged.
fn summary(submission: &crate::grade::results::SubmissionResult, results: &GradeResults) -> String {
    let mut text =
        tr!("grade-gradescope-summary", count = submission.labs.len(), isolation = results.isolation.clone());
    if results.interrupted {
        text.push('\n');
        text.push_str(&tr!("grade-gradescope-not-complete"));
    }
    let errors: Vec<&str> = submission.errors().map(|lab| lab.lab.as_str()).collect();
    if !errors.is_empty() {
        text.push('\n');
        text.push_str(&tr!("grade-gradescope-not-graded", labs = errors.join(", ")));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::results::tests::sample;

    #[test]
    fn one_test_per_check_with_scores() {
        let mut results = sample();
        results.submissions.truncate(1);
        let value: serde_json::Value = serde_json::from_str(&render(&results).unwrap()).unwrap();
        assert_eq!(value["score"], 1.0);
        assert_eq!(value["tests"].as_array().unwrap().len(), 2);
        assert_eq!(value["tests"][1]["status"], "failed");
        assert!(value["tests"][1]["output"].as_str().unwrap().contains("got 'HOLA'"));
        assert!(render(&sample()).is_err());
    }
}
