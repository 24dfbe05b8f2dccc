//! One self-contained HTML page (no external fetches): the class overview (charts as inline SVG), a
//! table of submissions × labs that sorts on a click, and a section per submission with every check,
//! its reason and the process output. It reads in a narrow window: wide tables scroll on their own.

mod overview;

use std::fmt::Write;

use crate::grade::overview::Overview;
use crate::grade::results::{GradeResults, SubmissionResult, Verdict, points};
use crate::tr;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em auto;padding:0 1em;max-width:70em}\
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}\
th{background:#f3f3f3}#scores th{cursor:pointer}.nowrap,#scores td{white-space:nowrap}\
.scroll{overflow-x:auto;max-width:100%}.chart{margin:0}.chart svg{width:100%;max-width:36em;height:auto}\
.share{width:5em;height:.7em;vertical-align:middle}.muted{color:#666;font-size:.9em}.lab{color:#666}\
table.rates{width:100%}.rates td:first-child{min-width:10em;max-width:22em}\
.rates td:last-child{overflow-wrap:anywhere}.reasons{margin:0;padding-left:1.2em}.reasons summary{color:#666}\
.passed{color:#1a7f37}.failed{color:#c0392b}.flaky{color:#b7791f}.error{color:#6b46c1}\
pre{background:#f7f7f7;padding:.6em;overflow-x:auto;max-height:20em;white-space:pre-wrap;word-break:break-all}\
@media (max-width:40em){body{margin:.5em auto;padding:0 .5em}th,td{padding:.2em .3em}\
#check-rates thead{display:none}#check-rates tr,#check-rates td{display:block;border:none}\
#check-rates td:first-child{max-width:none}#check-rates tr{border-top:1px solid #ccc;padding:.3em 0}}";

const SORT_SCRIPT: &str = "document.querySelectorAll('#scores th').forEach((th,i)=>th.addEventListener('click',()=>{\
const body=document.querySelector('#scores tbody');const rows=[...body.rows];const asc=th.dataset.asc!=='1';\
th.dataset.asc=asc?'1':'0';rows.sort((a,b)=>{const x=a.cells[i].dataset.v??a.cells[i].textContent,\
y=b.cells[i].dataset.v??b.cells[i].textContent;const n=parseFloat(x)-parseFloat(y);\
return (isNaN(n)?x.localeCompare(y):n)*(asc?1:-1)});rows.forEach(r=>body.appendChild(r))}));";

pub fn render(results: &GradeResults) -> String {
    let mut page = String::new();
    let title = escape(&tr!("grade-html-title"));
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>\
         <style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n",
        lang = crate::i18n::current().code(),
    );
    summary(&mut page, results);
    overview::render(&mut page, &Overview::of(results));
    let _ = writeln!(page, "<h2>{}</h2>", escape(&tr!("grade-html-scores")));
    table(&mut page, results);
    for submission in &results.submissions {
        details(&mut page, submission);
    }
    let _ = write!(page, "<script>{SORT_SCRIPT}</script>\n</body></html>\n");
    page
}

fn summary(page: &mut String, results: &GradeResults) {
    if results.interrupted {
        let _ = writeln!(
            page,
            "<p class=\"error\"><strong>{}</strong> {}</p>",
            escape(&tr!("grade-html-partial")),
            escape(&tr!("grade-html-partial-detail"))
        );
    }
    let line = tr!(
        "grade-html-summary",
        submissions = results.submissions.len(),
        labs = results.labs.len(),
        isolation = results.isolation.clone()
    );
    let _ = writeln!(page, "<p>{}</p>", escape(&line));
}

fn table(page: &mut String, results: &GradeResults) {
    let _ = write!(
        page,
        "<div class=\"scroll\"><table id=\"scores\"><thead><tr><th>{}</th>",
        escape(&tr!("grade-table-submission"))
    );
    for lab in &results.labs {
        let _ = write!(page, "<th>{}</th>", escape(lab));
    }
    let _ = writeln!(page, "<th>{}</th></tr></thead><tbody>", escape(&tr!("grade-table-total")));
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
    page.push_str("</tbody></table></div>\n");
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
        let _ = write!(
            page,
            "<h3 id=\"{}\">{}</h3>\n<ul>",
            lab_anchor(&submission.name, &lab.lab),
            escape(&lab.lab)
        );
        for problem in &lab.problems {
            let _ = write!(
                page,
                "<li class=\"failed\">{}</li>",
                escape(&tr!("grade-html-problem", problem = problem.clone()))
            );
        }
        if let Some(capture) = &lab.capture {
            let _ = write!(
                page,
                "<li>{}: <a href=\"{1}\">{1}</a></li>",
                escape(&tr!("grade-html-packets")),
                escape(capture)
            );
        }
        for check in &lab.checks {
            let (class, word) = match check.verdict {
                Verdict::Passed => ("passed", tr!("grade-html-verdict-passed")),
                Verdict::Failed => ("failed", tr!("grade-html-verdict-failed")),
                Verdict::Flaky => ("flaky", tr!("grade-html-verdict-flaky")),
                Verdict::Error => ("error", tr!("grade-html-verdict-error")),
                Verdict::Interrupted => ("error", tr!("grade-html-verdict-interrupted")),
            };
            let _ = write!(
                page,
                "<li class=\"{class}\">{}: {} ({} / {})",
                escape(&word),
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
                let heading = tr!("grade-html-output", process = process.clone());
                let _ = writeln!(page, "<p>{}</p><pre>{}</pre>", escape(&heading), escape(text));
            }
        }
    }
}

/// A submission's fragment id: `s-` and its name, letters, digits and `-` kept, anything else (`_`
/// included, so that no two names meet) as `_XX`.
fn anchor(name: &str) -> String {
    format!("s-{}", fragment(name))
}

/// The fragment id of a submission's section on one lab: `l-` and both names joined by `/` (`_2f`);
/// submission ids start with `s-`, so the two kinds never meet.
fn lab_anchor(submission: &str, lab: &str) -> String {
    format!("l-{}", fragment(&format!("{submission}/{lab}")))
}

fn fragment(text: &str) -> String {
    let mut id = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' {
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

    #[test]
    fn the_overview_comes_first_with_its_numbers_in_data_attributes() {
        let page = render(&sample());
        let overview = page.find("id=\"overview\"").expect("an overview section");
        assert!(overview < page.find("id=\"scores\"").unwrap());
        assert!(page.contains("<g class=\"bin\" data-bin=\"50–59 %\" data-count=\"1\">"));
        assert!(page.contains("<g class=\"bin\" data-bin=\"100 %\" data-count=\"0\">"));
        let first = page.split("id=\"check-rates\"").nth(1).unwrap().split("<tbody>").nth(1).unwrap();
        assert!(
            first.trim_start().starts_with(
                "<tr data-lab=\"udp-echo\" data-check=\"echoes &lt;hola&gt; &amp; more\" data-passed=\"0\" data-failed=\"1\">"
            ),
            "{first}"
        );
        assert!(
            page.contains("<a href=\"#l-bob_2fudp-echo\">bob</a>"),
            "a failure links to the lab's section"
        );
        assert!(page.contains("<h3 id=\"l-bob_2fudp-echo\">"));
        assert_ne!(anchor("x y"), anchor("x_20y"), "two folder names never share an anchor");
        assert_eq!(anchor("ana_b"), "s-ana_5fb");
    }

    #[test]
    fn the_page_speaks_the_language_of_the_run_and_says_so() {
        assert!(render(&sample()).starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        let es = crate::i18n::Lang::parse("es").unwrap();
        let page = crate::i18n::with_lang(&es, || render(&sample()));
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"es\">"), "{page}");
        for words in [
            "<title>calificaciones de socklab</title>",
            "<h2>Panorama de la clase</h2>",
            "<h3>Laboratorios, menor promedio primero</h3>",
            "<h3>Comprobaciones, las más falladas primero</h3>",
            "<h2>Puntajes</h2>",
            "<th>entrega</th>",
            "<li class=\"failed\">FALLÓ: echoes &lt;hola&gt; &amp; more (0 / 1)",
            "<summary>quiénes</summary>",
            "aria-label=\"histograma de puntajes\"",
            "<p>salida de server:</p>",
            "<p>2 entregas, 2 laboratorios. Aislamiento: network namespace per lab run.</p>",
        ] {
            assert!(page.contains(words), "{words} not in {page}");
        }
    }
}
