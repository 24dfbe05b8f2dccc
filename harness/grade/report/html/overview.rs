//! The top of the HTML report: the class [`Overview`] as inline SVG charts and tables, so an
//! instructor sees the spread of scores and the most failed checks before any single submission.
//!
//! Numbers are also carried in `data-*` attributes (`data-count`, `data-passed`, `data-failed`...),
//! which is what a script or a test reads instead of parsing the visible text.

use std::fmt::Write;

use super::{escape, lab_anchor};
use crate::grade::overview::{Bin, CheckRate, LabRate, Overview, REASONS_SHOWN, ReasonGroup};
use crate::grade::results::points;
use crate::tr;

/// Histogram geometry, in SVG user units (the SVG scales to the page width): a row per band, its
/// label on the left, the bar, and the count after it.
const CHART_WIDTH: u32 = 480;
const ROW: u32 = 22;
const LABEL: u32 = 70;
const COUNT: u32 = 40;
const PASSED: &str = "#1a7f37";
const FAILED: &str = "#e8b4ae";
/// The colour of the histogram's bars below full marks.
const BAR: &str = "#4a78b5";

pub fn render(page: &mut String, overview: &Overview) {
    let _ = write!(page, "<section id=\"overview\">\n<h2>{}</h2>\n", escape(&tr!("grade-html-overview")));
    histogram(page, overview);
    labs(page, &overview.labs);
    checks(page, overview);
    page.push_str("</section>\n");
}

fn histogram(page: &mut String, overview: &Overview) {
    let most = overview.histogram.iter().map(|bin| bin.count).max().unwrap_or(0).max(1);
    let height = ROW * overview.histogram.len() as u32;
    let _ = write!(
        page,
        "<figure class=\"chart\"><svg id=\"histogram\" viewBox=\"0 0 {CHART_WIDTH} {height}\" role=\"img\" \
         aria-label=\"{}\">",
        escape(&tr!("grade-html-histogram-label"))
    );
    for (index, bin) in overview.histogram.iter().enumerate() {
        bar(page, bin, index as u32 * ROW, most);
    }
    let caption = if overview.unscored > 0 {
        tr!(
            "grade-html-histogram-caption-unscored",
            submissions = overview.submissions,
            unscored = overview.unscored
        )
    } else {
        tr!("grade-html-histogram-caption", submissions = overview.submissions)
    };
    let _ = writeln!(page, "</svg><figcaption>{}</figcaption></figure>", escape(&caption));
}

/// One band of the histogram: its label, a bar as long as its share of the fullest band, its count.
fn bar(page: &mut String, bin: &Bin, top: u32, most: usize) {
    let length = bin.count as u32 * (CHART_WIDTH - LABEL - COUNT) / most as u32;
    let label = escape(&bin.label());
    let colour = if bin.from == 100 { PASSED } else { BAR };
    let _ = write!(
        page,
        "<g class=\"bin\" data-bin=\"{label}\" data-count=\"{count}\"><title>{label}: {count}</title>\
         <text x=\"{}\" y=\"{baseline}\" text-anchor=\"end\" font-size=\"13\">{label}</text>\
         <rect x=\"{LABEL}\" y=\"{}\" width=\"{length}\" height=\"{}\" fill=\"{colour}\"/>\
         <text x=\"{}\" y=\"{baseline}\" font-size=\"13\">{count}</text></g>",
        LABEL - 6,
        top + 3,
        ROW - 6,
        LABEL + length + 5,
        count = bin.count,
        baseline = top + ROW - 7,
    );
}

/// A bar of a share (0.0–1.0) as a small inline SVG: green for the share, pale red for the rest.
fn share_bar(share: f64) -> String {
    let width = (share.clamp(0.0, 1.0) * 100.0).round();
    format!(
        "<svg class=\"share\" viewBox=\"0 0 100 8\" preserveAspectRatio=\"none\" aria-hidden=\"true\">\
         <rect width=\"100\" height=\"8\" fill=\"{FAILED}\"/><rect width=\"{width}\" height=\"8\" fill=\"{PASSED}\"/></svg>"
    )
}

fn labs(page: &mut String, labs: &[LabRate]) {
    let mut sorted: Vec<&LabRate> = labs.iter().collect();
    let share = |lab: &LabRate| if lab.max_points > 0.0 { lab.average / lab.max_points } else { 1.0 };
    sorted.sort_by(|a, b| share(a).total_cmp(&share(b)));
    let _ = writeln!(
        page,
        "<h3>{}</h3>\n<div class=\"scroll\"><table id=\"lab-rates\" class=\"rates\">\
         <thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        escape(&tr!("grade-html-labs")),
        escape(&tr!("grade-html-labs-lab")),
        escape(&tr!("grade-html-labs-average")),
        escape(&tr!("grade-html-labs-full-marks")),
    );
    for lab in sorted {
        let _ = writeln!(
            page,
            "<tr data-lab=\"{name}\" data-average=\"{average}\" data-full-marks=\"{full}\" data-judged=\"{judged}\">\
             <td>{name}</td><td>{bar} <span class=\"nowrap\">{average} / {max}</span> ({percent} %)</td><td>{full_of}</td></tr>",
            name = escape(&lab.lab),
            bar = share_bar(share(lab)),
            average = points(lab.average),
            percent = (share(lab) * 100.0).round(),
            max = points(lab.max_points),
            full = lab.full_marks,
            judged = lab.judged,
            full_of = escape(&tr!("grade-overview-passed-of", passed = lab.full_marks, judged = lab.judged)),
        );
    }
    page.push_str("</tbody></table></div>\n");
}

fn checks(page: &mut String, overview: &Overview) {
    let _ = writeln!(
        page,
        "<h3>{}</h3>\n<div class=\"scroll\"><table id=\"check-rates\" class=\"rates\">\
         <thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        escape(&tr!("grade-html-checks")),
        escape(&tr!("grade-html-checks-check")),
        escape(&tr!("grade-html-checks-passed")),
        escape(&tr!("grade-html-checks-why")),
    );
    for check in &overview.checks {
        check_row(page, check);
    }
    page.push_str("</tbody></table></div>\n");
}

fn check_row(page: &mut String, check: &CheckRate) {
    let _ = write!(
        page,
        "<tr data-lab=\"{lab}\" data-check=\"{name}\" data-passed=\"{passed}\" data-failed=\"{failed}\">\
         <td><span class=\"lab\">{lab}</span><br>{name} <span class=\"muted\">({max} pt)</span></td>\
         <td class=\"nowrap\">{bar} {percent} %<br><span class=\"muted\">{passed_of}</span>{extra}</td><td>",
        lab = escape(&check.lab),
        name = escape(&check.check),
        max = points(check.max_points),
        passed = check.passed,
        failed = check.failed,
        passed_of = escape(&tr!("grade-overview-passed-of", passed = check.passed, judged = check.judged())),
        bar = share_bar(check.pass_rate()),
        percent = (check.pass_rate() * 100.0).round(),
        extra = not_scored(check),
    );
    if check.reasons.is_empty() {
        let _ = write!(page, "<span class=\"muted\">{}</span>", escape(&tr!("grade-html-no-failure")));
    } else {
        page.push_str("<ul class=\"reasons\">");
        for group in check.reasons.iter().take(REASONS_SHOWN) {
            reason(page, check, group);
        }
        page.push_str("</ul>");
        let rest = &check.reasons[check.reasons.len().min(REASONS_SHOWN)..];
        if !rest.is_empty() {
            let more = tr!(
                "grade-html-more-reasons",
                count = rest.iter().map(|group| group.submissions.len()).sum::<usize>(),
                reasons = rest.len()
            );
            let _ = write!(
                page,
                "<details class=\"more\"><summary>{}</summary><ul class=\"reasons\">",
                escape(&more)
            );
            for group in rest {
                reason(page, check, group);
            }
            page.push_str("</ul></details>");
        }
    }
    page.push_str("</td></tr>\n");
}

/// One group of failures: how many, the reason, and (folded) links to each failing submission's
/// section on the lab.
fn reason(page: &mut String, check: &CheckRate, group: &ReasonGroup) {
    let _ = write!(
        page,
        "<li data-count=\"{count}\"><strong>{count_of}</strong>: {reason}{similar}\
         <details><summary>{who}</summary>",
        count = group.submissions.len(),
        count_of = escape(&tr!(
            "grade-overview-passed-of",
            passed = group.submissions.len(),
            judged = check.judged()
        )),
        reason = escape(&group.reason),
        similar = match group.wordings {
            1 => String::new(),
            n => format!(
                " <span class=\"muted\">{}</span>",
                escape(&tr!("grade-overview-similar", count = n - 1))
            ),
        },
        who = escape(&tr!("grade-html-who")),
    );
    for (index, submission) in group.submissions.iter().enumerate() {
        let _ = write!(
            page,
            "{}<a href=\"#{}\">{}</a>",
            if index > 0 { ", " } else { "" },
            lab_anchor(submission, &check.lab),
            escape(submission)
        );
    }
    page.push_str("</details></li>");
}

/// "2 flaky, 1 not judged" under the rate, when some verdicts were not scored.
fn not_scored(check: &CheckRate) -> String {
    let mut parts = Vec::new();
    if check.flaky > 0 {
        parts.push(tr!("grade-html-flaky", count = check.flaky));
    }
    if check.not_judged > 0 {
        parts.push(tr!("grade-html-not-judged", count = check.not_judged));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("<br><span class=\"muted\">{}</span>", escape(&parts.join(", ")))
    }
}
