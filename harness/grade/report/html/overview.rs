//! The top of the HTML report: the class [`Overview`] as inline SVG charts and tables, so an
//! instructor sees the spread of scores and the most failed checks before any single submission.
//!
//! Numbers are also carried in `data-*` attributes (`data-count`, `data-passed`, `data-failed`...),
//! which is what a script or a test reads instead of parsing the visible text.

use std::fmt::Write;

use super::{escape, lab_anchor};
use crate::grade::overview::{Bin, CheckRate, LabRate, Overview, REASONS_SHOWN};
use crate::grade::results::points;

/// Histogram geometry, in SVG user units (the SVG scales to the page width).
const CHART_WIDTH: u32 = 640;
const CHART_HEIGHT: u32 = 240;
const AXIS: u32 = 30;
const PASSED: &str = "#1a7f37";
const FAILED: &str = "#e8b4ae";

pub fn render(page: &mut String, overview: &Overview) {
    page.push_str("<section id=\"overview\">\n<h2>Class overview</h2>\n");
    histogram(page, overview);
    labs(page, &overview.labs);
    checks(page, overview);
    page.push_str("</section>\n");
}

fn histogram(page: &mut String, overview: &Overview) {
    let most = overview.histogram.iter().map(|bin| bin.count).max().unwrap_or(0).max(1);
    let slot = (CHART_WIDTH - AXIS) / overview.histogram.len() as u32;
    let plot_height = CHART_HEIGHT - 2 * AXIS;
    let _ = write!(
        page,
        "<figure class=\"chart\"><svg id=\"histogram\" viewBox=\"0 0 {CHART_WIDTH} {CHART_HEIGHT}\" role=\"img\" \
         aria-label=\"score histogram\">"
    );
    // Horizontal guide lines at whole counts, at most 5 of them.
    let step = most.div_ceil(5);
    for count in (0..=most).step_by(step) {
        let y = AXIS + plot_height - (count as u32 * plot_height / most as u32);
        let _ = write!(
            page,
            "<line x1=\"{AXIS}\" x2=\"{CHART_WIDTH}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#ddd\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"11\">{count}</text>",
            AXIS - 4,
            y + 4
        );
    }
    for (index, bin) in overview.histogram.iter().enumerate() {
        bar(page, bin, index as u32 * slot + AXIS, slot, plot_height, most);
    }
    let _ = writeln!(
        page,
        "</svg><figcaption>Total score as a share of its maximum: how many of the {} submission(s) in each \
         band{}.</figcaption></figure>",
        overview.submissions,
        if overview.unscored > 0 {
            format!(" ({} with nothing judged are left out)", overview.unscored)
        } else {
            String::new()
        }
    );
}

fn bar(page: &mut String, bin: &Bin, x: u32, slot: u32, plot_height: u32, most: usize) {
    let height = bin.count as u32 * plot_height / most as u32;
    let top = AXIS + plot_height - height;
    let label = escape(&bin.label());
    let colour = if bin.from == 100 { PASSED } else { "#4a78b5" };
    let _ = write!(
        page,
        "<g class=\"bin\" data-bin=\"{label}\" data-count=\"{count}\"><title>{label}: {count}</title>\
         <rect x=\"{}\" y=\"{top}\" width=\"{}\" height=\"{height}\" fill=\"{colour}\"/>\
         <text x=\"{mid}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\">{count}</text>\
         <text x=\"{mid}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\">{label}</text></g>",
        x + 3,
        slot - 6,
        top.saturating_sub(4),
        CHART_HEIGHT - AXIS + 16,
        count = bin.count,
        mid = x + slot / 2,
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
    page.push_str(
        "<h3>Labs, lowest average first</h3>\n<div class=\"scroll\"><table id=\"lab-rates\" class=\"rates\">\
         <thead><tr><th>lab</th><th>average</th><th>full marks</th></tr></thead><tbody>\n",
    );
    for lab in sorted {
        let _ = writeln!(
            page,
            "<tr data-lab=\"{name}\" data-average=\"{average}\" data-full-marks=\"{full}\" data-judged=\"{judged}\">\
             <td>{name}</td><td class=\"nowrap\">{bar} {average} / {max}</td>\
             <td class=\"nowrap\">{full} of {judged}</td></tr>",
            name = escape(&lab.lab),
            bar = share_bar(share(lab)),
            average = points(lab.average),
            max = points(lab.max_points),
            full = lab.full_marks,
            judged = lab.judged,
        );
    }
    page.push_str("</tbody></table></div>\n");
}

fn checks(page: &mut String, overview: &Overview) {
    page.push_str(
        "<h3>Checks, most failed first</h3>\n<div class=\"scroll\"><table id=\"check-rates\" class=\"rates\">\
         <thead><tr><th>check</th><th>passed</th><th>why they failed</th></tr></thead><tbody>\n",
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
         <td class=\"nowrap\">{bar} {percent} %<br><span class=\"muted\">{passed} of {judged}</span>{extra}</td><td>",
        lab = escape(&check.lab),
        name = escape(&check.check),
        max = points(check.max_points),
        passed = check.passed,
        failed = check.failed,
        judged = check.judged(),
        bar = share_bar(check.pass_rate()),
        percent = (check.pass_rate() * 100.0).round(),
        extra = not_scored(check),
    );
    if check.reasons.is_empty() {
        page.push_str("<span class=\"muted\">no failure</span>");
    } else {
        page.push_str("<ul class=\"reasons\">");
        for group in check.reasons.iter().take(REASONS_SHOWN) {
            let _ = write!(
                page,
                "<li data-count=\"{count}\"><strong>{count} of {judged}</strong>: {reason}{similar}\
                 <details><summary>who</summary>",
                count = group.submissions.len(),
                judged = check.judged(),
                reason = escape(&group.reason),
                similar = match group.wordings {
                    1 => String::new(),
                    n => format!(" <span class=\"muted\">(and {} similar)</span>", n - 1),
                },
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
        let rest: usize = check.reasons.iter().skip(REASONS_SHOWN).map(|g| g.submissions.len()).sum();
        if rest > 0 {
            let _ = write!(page, "<li class=\"muted\">{rest} more, for other reasons</li>");
        }
        page.push_str("</ul>");
    }
    page.push_str("</td></tr>\n");
}

/// "2 flaky, 1 not judged" under the rate, when some verdicts were not scored.
fn not_scored(check: &CheckRate) -> String {
    let mut parts = Vec::new();
    if check.flaky > 0 {
        parts.push(format!("{} flaky", check.flaky));
    }
    if check.not_judged > 0 {
        parts.push(format!("{} not judged", check.not_judged));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("<br><span class=\"muted\">{}</span>", parts.join(", "))
    }
}
