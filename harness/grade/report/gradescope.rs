//! Gradescope's autograder results (`/autograder/results/results.json`): a total score and one test per
//! check with its score, maximum, status, output and visibility. Gradescope grades one submission per
//! run, so this format holds exactly one submission.

use serde_json::json;

use crate::grade::results::{GradeResults, Verdict};

pub fn render(results: &GradeResults) -> Result<String, String> {
    let [submission] = results.submissions.as_slice() else {
        return Err(format!(
            "Gradescope's results.json holds one submission, but {} were graded (grade one folder with --one)",
            results.submissions.len()
        ));
    };
    let mut tests = Vec::new();
    for lab in &submission.labs {
        for check in &lab.checks {
            let mut output = check.reason.clone().unwrap_or_else(|| "ok".to_owned());
            if check.verdict == Verdict::Error {
                output = format!("not graded: the grading machine failed, not your code ({output})");
            }
            if check.verdict == Verdict::Interrupted {
                output =
                    "not graded: the grading was stopped before this check was judged; ask for a regrade"
                        .to_owned();
            }
            if check.verdict != Verdict::Passed {
                for problem in &lab.problems {
                    output.push_str(&format!("\nproblem: {problem}"));
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
    let mut text = format!("socklab graded {} lab(s); {}", submission.labs.len(), results.isolation);
    if results.interrupted {
        text.push_str(
            "\nNOT COMPLETE: the grading was stopped before every lab was judged; ask for a regrade",
        );
    }
    let errors: Vec<&str> = submission.errors().map(|lab| lab.lab.as_str()).collect();
    if !errors.is_empty() {
        text.push_str(&format!(
            "\nNOT GRADED because of the grading machine (the score is incomplete; ask for a regrade): {}",
            errors.join(", ")
        ));
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
