//! JUnit XML, which CI systems read: one test suite per lab, one test case per check. Problems outside
//! the checks (a server never ready, a timeout) are a test case of their own named `lab`.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::{Format, RunReport, TAIL_LINES};
use crate::model::Stream;

pub struct Junit;

impl Format for Junit {
    fn render(&self, report: &RunReport) -> anyhow::Result<Vec<u8>> {
        let mut junit = Report::new("socklab");
        junit.set_time(report.duration);
        for lab in &report.labs {
            let mut suite = TestSuite::new(lab.name.as_str());
            suite.set_time(lab.duration);
            let stdout: String = lab
                .processes
                .iter()
                .map(|p| {
                    format!(
                        "--- {} stdout\n{}\n--- {} stderr\n{}\n",
                        p.name,
                        p.tail(Stream::Stdout, TAIL_LINES).join("\n"),
                        p.name,
                        p.tail(Stream::Stderr, TAIL_LINES).join("\n")
                    )
                })
                .collect();
            if let Some(why) = &lab.skipped {
                let mut status = TestCaseStatus::skipped();
                status.set_message(why.as_str());
                let mut case = TestCase::new("lab", status);
                case.set_classname(lab.name.as_str());
                suite.add_test_case(case);
            }
            if !lab.problems.is_empty() {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status.set_message(lab.problems.join("\n"));
                let mut case = TestCase::new("lab", status);
                case.set_classname(lab.name.as_str());
                case.set_system_out(stdout.as_str());
                suite.add_test_case(case);
            }
            for check in &lab.checks {
                let status = match &check.failure {
                    None => TestCaseStatus::success(),
                    Some(reason) => {
                        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                        status.set_message(reason.as_str());
                        status
                    }
                };
                let mut case = TestCase::new(check.name.as_str(), status);
                case.set_classname(lab.name.as_str());
                if !check.passed() {
                    case.set_system_out(stdout.as_str());
                }
                suite.add_test_case(case);
            }
            junit.add_test_suite(suite);
        }
        Ok(junit.to_string()?.into_bytes())
    }
}
