//! JUnit XML for CI systems: one test suite per submission, one test case per check (`lab: check`).
//! A flaky check is reported as skipped: it was not scored. A check the grading environment kept from
//! being judged is an error (JUnit's word for "could not run"), not a failure.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::grade::results::{GradeResults, Verdict};
use crate::tr;

pub fn render(results: &GradeResults) -> Result<String, String> {
    let mut report = Report::new("socklab grade");
    for submission in &results.submissions {
        let mut suite = TestSuite::new(submission.name.as_str());
        for lab in &submission.labs {
            let problems: String = lab
                .problems
                .iter()
                .map(|problem| tr!("grade-html-problem", problem = problem.clone()) + "\n")
                .collect();
            let output: String = problems
                + &lab
                    .output
                    .iter()
                    .map(|(process, text)| format!("--- {process}\n{text}"))
                    .collect::<String>();
            for check in &lab.checks {
                let status = match check.verdict {
                    Verdict::Passed => TestCaseStatus::success(),
                    Verdict::Failed => {
                        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                        status.set_message(check.reason.clone().unwrap_or_default());
                        status
                    }
                    Verdict::Error => {
                        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
                        let reason = check.reason.clone().unwrap_or_default();
                        status.set_message(tr!("grade-junit-environment-error", reason = reason));
                        status
                    }
                    Verdict::Interrupted => {
                        let mut status = TestCaseStatus::skipped();
                        status.set_message(check.reason.clone().unwrap_or_default());
                        status
                    }
                    Verdict::Flaky => {
                        let mut status = TestCaseStatus::skipped();
                        status.set_message(check.reason.clone().unwrap_or_default());
                        status
                    }
                };
                let mut case = TestCase::new(format!("{}: {}", lab.lab, check.name), status);
                case.set_classname(format!("{}.{}", submission.name, lab.lab));
                if check.verdict != Verdict::Passed {
                    case.set_system_out(output.as_str());
                }
                suite.add_test_case(case);
            }
        }
        report.add_test_suite(suite);
    }
    report.to_string().map_err(|err| tr!("grade-junit-cannot-write", error = err.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::results::tests::sample;

    #[test]
    fn one_suite_per_submission_with_failures_and_skips() {
        let xml = render(&sample()).unwrap();
        assert!(xml.contains("<testsuite name=\"bob\" tests=\"2\""), "{xml}");
        assert!(xml.contains("got &apos;HOLA&apos;") || xml.contains("got 'HOLA'"), "{xml}");
        assert!(xml.contains("<skipped"), "{xml}");
    }
}
