//! `--checks-csv`: the class overview's per-check rows as CSV, most failed first, for a spreadsheet:
//! one row per check with its counts, pass rate, most common reason and who failed it (names joined
//! by `;`). The most common reason is a group: `most_common_reason_count` submissions failed for it,
//! in the wording shown or in `most_common_reason_similar` other wordings that differ only in
//! parenthesised details.

use super::csv::field;
use crate::grade::overview::Overview;
use crate::grade::results::{GradeResults, points};

pub fn render(results: &GradeResults) -> String {
    let overview = Overview::of(results);
    let mut out = String::from(
        "lab,check,max_points,passed,failed,flaky,not_judged,pass_percent,most_common_reason,\
         most_common_reason_count,most_common_reason_similar,failed_by\n",
    );
    for check in &overview.checks {
        let top = check.reasons.first();
        let row = [
            field(&check.lab),
            field(&check.check),
            points(check.max_points),
            check.passed.to_string(),
            check.failed.to_string(),
            check.flaky.to_string(),
            check.not_judged.to_string(),
            format!("{:.1}", check.pass_rate() * 100.0),
            field(top.map_or("", |group| group.reason.as_str())),
            top.map_or(0, |group| group.submissions.len()).to_string(),
            top.map_or(0, |group| group.wordings - 1).to_string(),
            field(&check.failed_by.join(";")),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::results::tests::sample;

    #[test]
    fn one_row_per_check_most_failed_first() {
        assert_eq!(
            render(&sample()),
            "lab,check,max_points,passed,failed,flaky,not_judged,pass_percent,most_common_reason,\
             most_common_reason_count,most_common_reason_similar,failed_by\n\
             udp-echo,echoes <hola> & more,1,0,1,0,0,0.0,\"sent 'hola', expected the reply 'hola', got 'HOLA'\",1,0,bob\n\
             udp-echo,listens on udp 127.0.0.1:3500,1,1,0,0,0,100.0,,0,0,\n\
             udp-shutdown,replies bye,1,0,0,1,0,100.0,,0,0,\n"
        );
    }
}
