//! CSV: one row per submission, a column of points per lab (`error` for a lab the grading environment
//! kept from being judged, `interrupted` for one Ctrl-C cut short), then the total.

use crate::grade::results::{GradeResults, points};

pub fn render(results: &GradeResults) -> String {
    let mut out = String::from("submission");
    for lab in &results.labs {
        out.push(',');
        out.push_str(&field(lab));
    }
    out.push_str(",total,max\n");
    for submission in &results.submissions {
        out.push_str(&field(&submission.name));
        for lab in &results.labs {
            out.push(',');
            let cell = submission.lab(lab).map(|l| match (&l.error, l.interrupted) {
                (Some(_), _) => "error".to_owned(),
                (None, true) => "interrupted".to_owned(),
                (None, false) => points(l.points()),
            });
            out.push_str(&cell.unwrap_or_default());
        }
        out.push_str(&format!(",{},{}\n", points(submission.points()), points(submission.max_points())));
    }
    out
}

/// Quotes a field when it needs it (RFC 4180). A text a spreadsheet would read as a formula (it
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return: a folder named `=1+1`) gets a `'` in
/// front, as OWASP's advice on CSV injection has it.
pub(super) fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::results::tests::sample;

    #[test]
    fn one_row_per_submission_with_lab_points_and_total() {
        assert_eq!(
            render(&sample()),
            "submission,udp-echo,udp-shutdown,total,max\nbob,1,,1,2\nalice,,0,0,1\n"
        );
        assert_eq!(field("a,\"b\""), "\"a,\"\"b\"\"\"");
        assert_eq!(field("=1+1"), "'=1+1");
        assert_eq!(field("@x,y"), "\"'@x,y\"");
        assert_eq!(field("a-b"), "a-b");
    }
}
