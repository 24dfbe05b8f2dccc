//! One self-contained HTML page (no external fetches): a summary, a table of submissions × labs that
//! sorts on a click, and a section per submission with every check, its reason and the process output.

use std::fmt::Write;

use crate::grade::results::{GradeResults, SubmissionResult, Verdict, points};

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}\
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}\
th{cursor:pointer;background:#f3f3f3}.passed{color:#1a7f37}.failed{color:#c0392b}.flaky{color:#b7791f}.error{color:#6b46c1}\
pre{background:#f7f7f7;padding:.6em;overflow-x:auto;max-height:20em}";

const SORT_SCRIPT: &str = "document.querySelectorAll('#scores th').forEach((th,i)=>th.addEventListener('click',()=>{\
const body=document.querySelector('#scores tbody');const rows=[...body.rows];const asc=th.dataset.asc!=='1';\
th.dataset.asc=asc?'1':'0';rows.sort((a,b)=>{const x=a.cells[i].dataset.v??a.cells[i].textContent,\
y=b.cells[i].dataset.v??b.cells[i].textContent;const n=parseFloat(x)-parseFloat(y);\
return (isNaN(n)?x.localeCompare(y):n)*(asc?1:-1)});rows.forEach(r=>body.appendChild(r))}));";

pub fn render(results: &GradeResults) -> String {
    let mut page = String::new();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>socklab grades</title>\
         <style>{STYLE}</style></head><body>\n<h1>socklab grades</h1>\n"
    );
    summary(&mut page, results);
    table(&mut page, results);
    for submission in &results.submissions {
        details(&mut page, submission);
    }
    let _ = write!(page, "<script>{SORT_SCRIPT}</script>\n</body></html>\n");
    page
}

fn summary(page: &mut String, results: &GradeResults) {
    if results.interrupted {
        page.push_str(
            "<p class=\"error\"><strong>PARTIAL RESULTS: grading was interrupted (Ctrl-C).</strong> Lab runs \
             that had not ended are marked interrupted and not scored; grade again for a complete report.</p>\n",
        );
    }
    let _ = write!(
        page,
        "<p>{} submission(s), {} lab(s). Isolation: {}.</p>\n<ul>",
        results.submissions.len(),
        results.labs.len(),
        escape(&results.isolation)
    );
    for lab in &results.labs {
        let _ = write!(page, "<li>{}: average {}</li>", escape(lab), points(results.lab_average(lab)));
    }
    page.push_str("</ul>\n");
}

fn table(page: &mut String, results: &GradeResults) {
    page.push_str("<table id=\"scores\"><thead><tr><th>submission</th>");
    for lab in &results.labs {
        let _ = write!(page, "<th>{}</th>", escape(lab));
    }
    page.push_str("<th>total</th></tr></thead><tbody>\n");
    for submission in &results.submissions {
        let _ = write!(
            page,
            "<tr><td data-v=\"{0}\"><a href=\"#{1}\">{0}</a></td>",
            escape(&submission.name),
            anchor(&submission.name)
        );
        for lab in &results.labs {
            match submission.lab(lab) {
                Some(result) => {
                    let _ = write!(
                        page,
                        "<td data-v=\"{}\">{} / {}</td>",
                        result.points(),
                        points(result.points()),
                        points(result.max_points())
                    );
                }
                None => page.push_str("<td data-v=\"-1\">–</td>"),
            }
        }
        let _ = writeln!(
            page,
            "<td data-v=\"{}\">{} / {}</td></tr>",
            submission.points(),
            points(submission.points()),
            points(submission.max_points())
        );
    }
    page.push_str("</tbody></table>\n");
}

fn details(page: &mut String, submission: &SubmissionResult) {
    let _ = writeln!(
        page,
        "<h2 id=\"{}\">{}: {} / {}</h2>",
        anchor(&submission.name),
        escape(&submission.name),
        points(submission.points()),
        points(submission.max_points())
    );
    for lab in &submission.labs {
        let _ = write!(page, "<h3>{}</h3>\n<ul>", escape(&lab.lab));
        for problem in &lab.problems {
            let _ = write!(page, "<li class=\"failed\">problem: {}</li>", escape(problem));
        }
        if let Some(capture) = &lab.capture {
            let _ = write!(page, "<li>packets: <a href=\"{0}\">{0}</a></li>", escape(capture));
        }
        for check in &lab.checks {
            let (class, word) = match check.verdict {
                Verdict::Passed => ("passed", "passed"),
                Verdict::Failed => ("failed", "FAILED"),
                Verdict::Flaky => ("flaky", "flaky"),
                Verdict::Error => ("error", "ERROR (grading environment, not scored)"),
                Verdict::Interrupted => ("error", "INTERRUPTED (not judged, not scored)"),
            };
            let _ = write!(
                page,
                "<li class=\"{class}\">{word}: {} ({} / {})",
                escape(&check.name),
                points(check.points()),
                points(check.max_points)
            );
            if let Some(reason) = &check.reason {
                let _ = write!(page, " — {}", escape(reason));
            }
            page.push_str("</li>");
        }
        page.push_str("</ul>\n");
        let failed = lab.checks.iter().any(|check| check.verdict != Verdict::Passed);
        if failed {
            for (process, text) in &lab.output {
                let _ = writeln!(page, "<p>{} output:</p><pre>{}</pre>", escape(process), escape(text));
            }
        }
    }
}

/// A fragment id from a submission name: letters, digits, `-` and `_` kept, anything else as `_XX`.
fn anchor(name: &str) -> String {
    let mut id = String::from("s-");
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' {
            id.push(byte as char);
        } else {
            let _ = write!(id, "_{byte:02x}");
        }
    }
    id
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::results::tests::sample;

    #[test]
    fn the_page_is_self_contained_and_escapes_everything() {
        let page = render(&sample());
        assert!(!page.contains("http://") && !page.contains("https://") && !page.contains(" src="));
        assert!(page.contains("<a href=\"#s-bob\">bob</a>"));
        assert!(page.contains("id=\"s-alice\""));
        assert!(page.contains("echoes &lt;hola&gt; &amp; more"));
        assert!(page.contains("&lt;b&gt;"), "process output is escaped");
        assert!(!page.contains("<b>"));
    }
}
