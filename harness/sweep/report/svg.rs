//! The plot of a sweep, so that a reader sees at a glance whether the measurement follows the model:
//! the chosen metric against a parameter, one solid coloured line with point markers per value of a
//! second parameter, min–max as error bars, and the model as a dark dashed line drawn over the
//! measurement (where the two coincide, the colour shows between the dashes). Axes carry units, ticks
//! are integers for integer quantities, log axes are used where values span decades, and the machine
//! the numbers were measured on is the caption under the plot.

use std::ops::Range;

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use crate::sweep::results::SweepResults;

/// Width of the plot, in pixels (SVG user units).
pub const WIDTH: u32 = 900;
/// Height of the plot, in pixels (SVG user units), caption included.
pub const HEIGHT: u32 = 560;

/// Colour of the model's dashed line: almost black (a trace of blue tells it from the black text in a
/// rasterized plot), fully opaque, distinct from every [`series_colour`].
pub const MODEL_COLOUR: RGBColor = RGBColor(25, 25, 70);

/// Strong colours for the measured lines, readable on white (no yellow, nothing pale).
const SERIES_COLOURS: [RGBColor; 8] = [
    RGBColor(214, 39, 40),
    RGBColor(31, 119, 180),
    RGBColor(44, 160, 44),
    RGBColor(255, 127, 14),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(23, 190, 207),
];

/// The colour of the measured line of series `index` (0 = the smallest value of the series
/// parameter, or the only line); colours repeat after eight series.
pub fn series_colour(index: usize) -> RGBColor {
    SERIES_COLOURS[index % SERIES_COLOURS.len()]
}

const CAPTION_FONT: u32 = 13;
const CAPTION_LINE: u32 = 17;

/// One line of the plot: a value of the series parameter (None without one).
struct Series {
    value: Option<f64>,
    label: String,
    /// (x, median, min, max) of the plotted metric, by increasing x.
    measured: Vec<(f64, f64, f64, f64)>,
    /// (x, median) of the model metric, by increasing x.
    model: Vec<(f64, f64)>,
}

/// One axis: its range, whether it is logarithmic, its ticks and how many decimals their labels show.
struct Axis {
    range: Range<f64>,
    log: bool,
    ticks: Vec<f64>,
    decimals: usize,
}

/// An axis' coordinate with our ticks: plotters' own key points would put 2.5 between 2 and 3.
struct Ticked {
    scale: Scale,
    ticks: Vec<f64>,
}

enum Scale {
    Linear(RangedCoordf64),
    Log(LogCoord<f64>),
}

impl Axis {
    fn coord(&self) -> Ticked {
        let range = self.range.clone();
        let scale = if self.log { Scale::Log(range.log_scale().into()) } else { Scale::Linear(range.into()) };
        Ticked { scale, ticks: self.ticks.clone() }
    }
}

impl Ranged for Ticked {
    type ValueType = f64;
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        match &self.scale {
            Scale::Linear(linear) => linear.map(value, limit),
            Scale::Log(log) => log.map(value, limit),
        }
    }

    fn key_points<Hint: plotters::coord::ranged1d::KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // Grid lines at the ticks only: no light lines between them.
        if hint.weight().allow_light_points() { Vec::new() } else { self.ticks.clone() }
    }

    fn range(&self) -> Range<f64> {
        match &self.scale {
            Scale::Linear(linear) => linear.range(),
            Scale::Log(log) => log.range(),
        }
    }
}

/// The SVG document (WIDTH × HEIGHT) of the experiment's plot, or why there is nothing to plot.
pub fn render(results: &SweepResults) -> Result<String, String> {
    let plot = &results.plot;
    let series = series(results);
    if series.iter().all(|s| s.measured.is_empty()) {
        return Err(crate::tr!("sweep-plot-nothing", metric = plot.y.clone()));
    }
    let xs: Vec<f64> = series.iter().flat_map(|s| s.measured.iter().map(|p| p.0)).collect();
    let ys: Vec<f64> = series
        .iter()
        .flat_map(|s| s.measured.iter().flat_map(|p| [p.2, p.3]).chain(s.model.iter().map(|p| p.1)))
        .collect();
    let x_integer = xs.iter().all(|v| is_integer(*v));
    let y_integer = results
        .runs
        .iter()
        .flat_map(|run| {
            [Some(&plot.y), plot.model.as_ref()].into_iter().flatten().filter_map(|m| run.metrics.get(m))
        })
        .all(|v| is_integer(*v));
    let x_axis = axis(&xs, x_integer, true);
    let y_axis = axis(&ys, y_integer, false);

    let title = format!("{}: {}", results.experiment, results.summary);
    let x_label = axis_label(&plot.x, results.parameter_unit(&plot.x), x_axis.log);
    let y_label = axis_label(&plot.y, results.unit(&plot.y), y_axis.log);
    let caption =
        wrap(&crate::tr!("sweep-plot-measured-on", machine = results.machine.summary()), caption_width());
    let model_legend = plot.model.as_ref().map(|metric| model_label(results, metric));
    let legend_entries = series.len() + usize::from(model_legend.is_some());
    let widest_tick = y_axis.ticks.iter().map(|t| tick_label(*t, y_axis.decimals).len()).max().unwrap_or(1);
    let y_label_area = (widest_tick as u32 * 8 + 40).max(60);
    let (x_decimals, y_decimals) = (x_axis.decimals, y_axis.decimals);
    let x_format = move |v: &f64| tick_label(*v, x_decimals);
    let y_format = move |v: &f64| tick_label(*v, y_decimals);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let caption_height = caption.len() as u32 * CAPTION_LINE + 10;
        let (upper, lower) = root.split_vertically(HEIGHT - caption_height);
        let mut chart = ChartBuilder::on(&upper)
            .caption(&title, ("sans-serif", title_size(&title)))
            .margin(15)
            .x_label_area_size(50)
            .y_label_area_size(y_label_area)
            .build_cartesian_2d(x_axis.coord(), y_axis.coord())
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_desc(x_label.as_str())
            .y_desc(y_label.as_str())
            .x_label_formatter(&x_format)
            .y_label_formatter(&y_format)
            .label_style(("sans-serif", 13))
            .axis_desc_style(("sans-serif", 15))
            .bold_line_style(BLACK.mix(0.12))
            .light_line_style(TRANSPARENT)
            .draw()
            .map_err(|e| e.to_string())?;
        for (index, line) in series.iter().enumerate() {
            let colour = series_colour(index);
            let data = &line.measured;
            chart
                .draw_series(
                    data.iter()
                        .filter(|p| p.2 != p.3)
                        .map(|p| PathElement::new(vec![(p.0, p.2), (p.0, p.3)], colour.stroke_width(1))),
                )
                .map_err(|e| e.to_string())?;
            chart
                .draw_series(data.iter().filter(|p| p.2 != p.3).flat_map(|p| {
                    [p.2, p.3].map(|y| {
                        EmptyElement::at((p.0, y))
                            + PathElement::new(vec![(-4, 0), (4, 0)], colour.stroke_width(1))
                    })
                }))
                .map_err(|e| e.to_string())?;
            chart
                .draw_series(LineSeries::new(data.iter().map(|p| (p.0, p.1)), colour.stroke_width(3)))
                .map_err(|e| e.to_string())?
                .label(crate::tr!("sweep-plot-measured", name = line.label.clone()))
                .legend(move |(x, y)| {
                    EmptyElement::at((x, y))
                        + PathElement::new(vec![(0, 0), (24, 0)], colour.stroke_width(3))
                        + Circle::new((12, 0), 4, colour.filled())
                });
            chart
                .draw_series(data.iter().map(|p| Circle::new((p.0, p.1), 4, colour.filled())))
                .map_err(|e| e.to_string())?;
        }
        // The model last, so that it is on top of the measurement it may coincide with.
        for (index, line) in series.iter().enumerate() {
            if line.model.is_empty() {
                continue;
            }
            let drawn = chart
                .draw_series(DashedLineSeries::new(
                    line.model.iter().copied(),
                    9,
                    6,
                    MODEL_COLOUR.stroke_width(2),
                ))
                .map_err(|e| e.to_string())?;
            // One legend entry for the model: every series' model line looks the same.
            if index == series.iter().position(|s| !s.model.is_empty()).unwrap_or(0) {
                if let Some(label) = &model_legend {
                    drawn.label(label.as_str()).legend(move |(x, y)| {
                        EmptyElement::at((x, y))
                            + PathElement::new(vec![(0, 0), (9, 0)], MODEL_COLOUR.stroke_width(2))
                            + PathElement::new(vec![(15, 0), (24, 0)], MODEL_COLOUR.stroke_width(2))
                    });
                }
            }
        }
        chart
            .configure_series_labels()
            .label_font(("sans-serif", 13))
            .legend_area_size(30)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.5))
            .position(legend_position(&series, &x_axis, &y_axis, legend_entries))
            .draw()
            .map_err(|e| e.to_string())?;
        let style = ("sans-serif", CAPTION_FONT).into_font().color(&RGBColor(60, 60, 60));
        for (index, line) in caption.iter().enumerate() {
            let y = 2 + index as i32 * CAPTION_LINE as i32;
            lower.draw(&Text::new(line.as_str(), (15, y), style.clone())).map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// The lines to draw, ordered by the value of the series parameter (4096 before 65536).
fn series(results: &SweepResults) -> Vec<Series> {
    let plot = &results.plot;
    let mut lines: Vec<Series> = Vec::new();
    for point in results.points() {
        let Some(x) = point.parameters.get(&plot.x).copied() else { continue };
        let value = plot.series.as_ref().and_then(|name| point.parameters.get(name).copied());
        let index = match lines.iter().position(|s| s.value == value) {
            Some(index) => index,
            None => {
                let label = match (&plot.series, value) {
                    (Some(name), Some(v)) => {
                        let unit = results.parameter_unit(name);
                        if unit.is_empty() { format!("{name} = {v}") } else { format!("{name} = {v} {unit}") }
                    }
                    (Some(name), None) => name.clone(),
                    (None, _) => plot.y.clone(),
                };
                lines.push(Series { value, label, measured: Vec::new(), model: Vec::new() });
                lines.len() - 1
            }
        };
        if let Some(y) = point.metrics.get(&plot.y) {
            lines[index].measured.push((x, y.median, y.min, y.max));
        }
        if let Some(y) = plot.model.as_ref().and_then(|m| point.metrics.get(m)) {
            lines[index].model.push((x, y.median));
        }
    }
    lines.sort_by(|a, b| a.value.unwrap_or(0.0).total_cmp(&b.value.unwrap_or(0.0)));
    for line in &mut lines {
        line.measured.sort_by(|a, b| a.0.total_cmp(&b.0));
        line.model.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    lines
}

/// Long titles get a smaller font so that they fit the width of the plot.
fn title_size(title: &str) -> u32 {
    let fits = (WIDTH as usize * 2 / 20).max(1);
    let length = title.chars().count();
    if length <= fits { 20 } else { (20 * fits / length).max(11) as u32 }
}

/// Characters of the caption font that fit in one line of the plot (a sans-serif character is about
/// 0.6 of the font size wide), with a margin.
fn caption_width() -> usize {
    ((WIDTH - 40) as f64 / (CAPTION_FONT as f64 * 0.6)) as usize
}

/// Splits `text` into lines of at most `width` characters, after ", " where possible.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for part in text.split_inclusive(", ") {
        let current = lines.last_mut().expect("never empty");
        if !current.is_empty() && current.chars().count() + part.trim_end().chars().count() > width {
            let finished = current.trim_end().to_owned();
            *current = finished;
            lines.push(String::new());
        }
        lines.last_mut().expect("never empty").push_str(part);
    }
    lines.into_iter().map(|line| line.trim_end().to_owned()).filter(|line| !line.is_empty()).collect()
}

/// The dashed line's legend: "completed (model)" when the model metric is just called `model`,
/// "min_recv_calls (model)" when it is what the experiment's model compares the plotted metric with,
/// else the metric's name alone ("sent": the model compares another metric with it).
fn model_label(results: &SweepResults, metric: &str) -> String {
    let y = results.plot.y.as_str();
    let models_y = results.model.as_deref().is_some_and(|model| model.starts_with(&format!("{y} ")));
    match metric {
        "model" => crate::tr!("sweep-plot-model", name = y.to_owned()),
        _ if models_y => crate::tr!("sweep-plot-model", name = metric.to_owned()),
        _ => metric.to_owned(),
    }
}

/// "backlog (connections)", "recv_size (bytes, log scale)".
fn axis_label(name: &str, unit: &str, log: bool) -> String {
    match (unit.is_empty(), log) {
        (true, false) => name.to_owned(),
        (true, true) => crate::tr!("sweep-axis-log", name = name.to_owned()),
        (false, false) => format!("{name} ({unit})"),
        (false, true) => crate::tr!("sweep-axis-unit-log", name = name.to_owned(), unit = unit.to_owned()),
    }
}

fn is_integer(value: f64) -> bool {
    value.is_finite() && value.fract() == 0.0
}

/// A tick's label: integers without ".0", others with the axis' decimals.
fn tick_label(value: f64, decimals: usize) -> String {
    if decimals == 0 || is_integer(value) { grouped(value) } else { format!("{value:.decimals$}") }
}

/// An integer with its digits in groups of three from 100 000 up (SI's thin-space grouping):
/// `1 000 000`, `65536`.
fn grouped(value: f64) -> String {
    let digits = format!("{:.0}", value.abs());
    if value.abs() < 100_000.0 {
        return format!("{value:.0}");
    }
    let mut out = String::from(if value < 0.0 { "-" } else { "" });
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push('\u{202f}');
        }
        out.push(digit);
    }
    out
}

/// The axis for these values: logarithmic when they span two decades; ticks at the values themselves
/// (a parameter's few values, when they are not crowded) or at round numbers, integers only when every
/// value is an integer.
fn axis(values: &[f64], integer: bool, parameter: bool) -> Axis {
    let log = spans_decades(values);
    let range = padded(values, log);
    if log {
        let mut distinct: Vec<f64> = values.to_vec();
        distinct.sort_by(f64::total_cmp);
        distinct.dedup();
        let decades = (range.end / range.start).log10();
        let closest = distinct.windows(2).map(|w| (w[1] / w[0]).log10()).fold(f64::MAX, f64::min);
        // About 800 pixels of axis: neighbours closer than ~50 pixels would overlap their labels.
        let roomy = distinct.len() <= 12 && closest / decades * 800.0 >= 50.0;
        let ticks = if parameter && roomy { distinct } else { log_ticks(&range, integer) };
        let decimals = ticks.iter().map(|t| decimals_of(*t)).max().unwrap_or(0);
        Axis { range, log, ticks, decimals }
    } else {
        let (ticks, decimals) = linear_ticks(&range, integer);
        Axis { range, log, ticks, decimals }
    }
}

/// Ticks at 1, 10, 100… (also 2 and 5 times those when the axis spans three decades or fewer), within
/// the range; none below 1 for integer values.
fn log_ticks(range: &Range<f64>, integer: bool) -> Vec<f64> {
    let decades = (range.end / range.start).log10();
    let multiples: &[f64] = if decades <= 3.0 { &[1.0, 2.0, 5.0] } else { &[1.0] };
    let first = range.start.log10().floor() as i32;
    let last = range.end.log10().ceil() as i32;
    let mut ticks = Vec::new();
    for exponent in first..=last {
        for multiple in multiples {
            let tick = multiple * 10f64.powi(exponent);
            if range.contains(&tick) && (!integer || tick >= 1.0) {
                ticks.push(tick);
            }
        }
    }
    ticks
}

/// About ten ticks at multiples of 1, 2 or 5 times a power of ten (at least 1 for integer values), and
/// the decimals their labels need.
fn linear_ticks(range: &Range<f64>, integer: bool) -> (Vec<f64>, usize) {
    let raw = ((range.end - range.start) / 10.0).max(f64::MIN_POSITIVE);
    let magnitude = 10f64.powf(raw.log10().floor());
    let mut step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(raw);
    if integer {
        step = step.max(1.0).round();
    }
    let decimals = if integer { 0 } else { (-step.log10().floor()).max(0.0) as usize };
    let first = (range.start / step).ceil() as i64;
    let last = (range.end / step).floor() as i64;
    let ticks = (first..=last).map(|k| k as f64 * step).collect();
    (ticks, decimals)
}

/// Decimals needed to print a tick of a log axis (0.5 needs one; integers none).
fn decimals_of(value: f64) -> usize {
    if is_integer(value) { 0 } else { (-value.log10().floor()).max(1.0) as usize }
}

/// Where the legend covers the least of the lines: the corner whose box (two fifths of the width, the
/// legend's height) holds the fewest points sampled along them and their min–max bars.
fn legend_position(series: &[Series], x: &Axis, y: &Axis, entries: usize) -> SeriesLabelPosition {
    let scale = |axis: &Axis, v: f64| {
        let (low, high, v) = if axis.log {
            (axis.range.start.ln(), axis.range.end.ln(), v.max(f64::MIN_POSITIVE).ln())
        } else {
            (axis.range.start, axis.range.end, v)
        };
        (v - low) / (high - low)
    };
    let mut samples = Vec::new();
    for line in series {
        let measured: Vec<(f64, f64)> = line.measured.iter().map(|p| (p.0, p.1)).collect();
        for &(px, _, min, max) in &line.measured {
            let (low, high) = (scale(y, min), scale(y, max));
            samples.extend((0..=20).map(|i| (scale(x, px), low + (high - low) * i as f64 / 20.0)));
        }
        for path in [&measured, &line.model] {
            let scaled: Vec<(f64, f64)> = path.iter().map(|p| (scale(x, p.0), scale(y, p.1))).collect();
            samples.extend(scaled.iter().copied());
            for pair in scaled.windows(2) {
                samples.extend((1..20).map(|i| {
                    let t = i as f64 / 20.0;
                    (pair[0].0 + (pair[1].0 - pair[0].0) * t, pair[0].1 + (pair[1].1 - pair[0].1) * t)
                }));
            }
        }
    }
    let height = ((entries as f64 * 20.0 + 20.0) / 420.0).min(0.9);
    let corners = [
        (SeriesLabelPosition::UpperLeft, 0.0..0.4, (1.0 - height)..1.01),
        (SeriesLabelPosition::UpperRight, 0.6..1.01, (1.0 - height)..1.01),
        (SeriesLabelPosition::LowerRight, 0.6..1.01, 0.0..height),
        (SeriesLabelPosition::LowerLeft, 0.0..0.4, 0.0..height),
    ];
    let covered = |(xs, ys): (&Range<f64>, &Range<f64>)| {
        samples.iter().filter(|(px, py)| xs.contains(px) && ys.contains(py)).count()
    };
    corners
        .into_iter()
        .min_by_key(|(_, xs, ys)| covered((xs, ys)))
        .map_or(SeriesLabelPosition::UpperLeft, |(position, _, _)| position)
}

/// Log axes when positive values span at least two decades.
fn spans_decades(values: &[f64]) -> bool {
    let positive: Vec<f64> = values.iter().copied().filter(|v| *v > 0.0).collect();
    if positive.len() != values.len() || positive.is_empty() {
        return false;
    }
    let (low, high) = positive.iter().fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    high / low >= 100.0
}

fn padded(values: &[f64], log: bool) -> Range<f64> {
    let (low, high) = values.iter().fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    if log {
        // Down to the power of ten below when it is near, so the lowest points have a tick under them.
        let below = 10f64.powf(low.log10().floor());
        let start = if low / below < 3.0 { below.min(low / 1.5) } else { low / 1.5 };
        start..(high * 1.5)
    } else {
        let pad = ((high - low) * 0.08).max(0.5);
        (low.min(0.0) - if low < 0.0 { pad } else { 0.0 })..(high + pad)
    }
}

/// The resvg rasterizer and the blank check the tests of the committed plots also use.
#[cfg(test)]
#[path = "../../../tests/support/raster.rs"]
mod raster;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::results::tests::sample;
    use raster::{assert_drawn, rasterize};

    /// The text elements of an SVG, trimmed.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|element| element.split_once('>'))
            .map(|(_, rest)| rest.split("</text>").next().unwrap_or_default().trim().to_owned())
            .collect()
    }

    #[test]
    fn the_plot_has_labelled_axes_both_series_and_the_machine_caption() {
        let results = sample();
        let svg = render(&results).unwrap();
        assert!(svg.starts_with("<svg"));
        let texts = texts(&svg);
        for expected in ["completed (measured)", "completed (model)", "completed (connections)"] {
            assert!(texts.iter().any(|t| t == expected), "{expected} in {texts:?}");
        }
        assert!(texts.iter().any(|t| t == "backlog (connections)"), "x axis with its unit: {texts:?}");
        assert!(texts.iter().any(|t| t.starts_with("backlog: §2.5.1")), "title: {texts:?}");
        let caption: String = texts
            .iter()
            .filter(|t| !t.is_empty())
            .skip_while(|t| !t.starts_with("Measured on"))
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(caption.starts_with("Measured on Linux "), "{texts:?}");
        assert!(caption.contains("somaxconn"), "{caption}");
    }

    #[test]
    fn large_tick_labels_group_their_digits_and_low_log_points_get_a_tick_below() {
        assert_eq!(grouped(1_048_576.0), "1\u{202f}048\u{202f}576");
        assert_eq!(grouped(65536.0), "65536");
        assert_eq!(grouped(-100_000.0), "-100\u{202f}000");
        let range = padded(&[17.0, 1_048_576.0], true);
        assert_eq!(range.start, 10.0);
        assert!(log_ticks(&range, true).contains(&10.0));
        assert!((padded(&[700.0, 90_000.0], true).start - 700.0 / 1.5).abs() < 1e-9);
    }

    #[test]
    fn integer_quantities_get_integer_ticks() {
        let texts = texts(&render(&sample()).unwrap());
        let numbers: Vec<&String> = texts.iter().filter(|t| t.parse::<f64>().is_ok()).collect();
        assert!(numbers.len() >= 8, "ticks on both axes: {texts:?}");
        for number in numbers {
            assert!(number.parse::<i64>().is_ok(), "tick '{number}' is not an integer: {texts:?}");
        }
        let (ticks, decimals) = linear_ticks(&(0.0..3.5), true);
        assert_eq!((ticks, decimals), (vec![0.0, 1.0, 2.0, 3.0], 0));
        let (ticks, decimals) = linear_ticks(&(0.0..3.5), false);
        assert_eq!(decimals, 1);
        assert!(ticks.contains(&0.5), "{ticks:?}");
        assert_eq!(log_ticks(&(0.3..2000.0), true), vec![1.0, 10.0, 100.0, 1000.0]);
        assert_eq!(log_ticks(&(3.0..2000.0), true), vec![5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0]);
        assert_eq!(tick_label(1024.0, 0), "1024");
        assert_eq!(tick_label(2.5, 1), "2.5");
    }

    #[test]
    fn a_parameter_on_a_log_axis_is_ticked_at_its_values() {
        let axis = axis(&[1.0, 16.0, 256.0, 4096.0, 65536.0], true, true);
        assert!(axis.log);
        assert_eq!(axis.ticks, vec![1.0, 16.0, 256.0, 4096.0, 65536.0]);
        assert_eq!(tick_label(axis.ticks[4], axis.decimals), "65536");
    }

    #[test]
    fn the_model_legend_says_model_only_for_a_model_of_the_plotted_metric() {
        let mut results = sample();
        assert_eq!(model_label(&results, "model"), "completed (model)");
        results.plot.y = "received".into();
        results.model = Some("accounted = sent".into());
        assert_eq!(model_label(&results, "sent"), "sent");
        results.plot.y = "recv_calls".into();
        results.model = Some("recv_calls ≥ min_recv_calls".into());
        assert_eq!(model_label(&results, "min_recv_calls"), "min_recv_calls (model)");
    }

    #[test]
    fn the_caption_wraps_at_commas() {
        let lines = wrap("Measured on Linux 6.18, 2 cores, somaxconn 4096, rmem default/max 1/2", 30);
        assert_eq!(lines, ["Measured on Linux 6.18,", "2 cores, somaxconn 4096,", "rmem default/max 1/2"]);
        assert!(lines.iter().all(|line| line.chars().count() <= 30));
    }

    #[test]
    fn the_rendered_plot_shows_the_measurement_and_the_model() {
        let png = rasterize(&render(&sample()).unwrap());
        assert_drawn(&png, &[("measured", series_colour(0).rgb()), ("model", MODEL_COLOUR.rgb())]);
    }

    #[test]
    fn the_blank_check_fails_on_a_white_image_and_on_a_missing_colour() {
        let white = rasterize(&format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}"><rect width="100%" height="100%" fill="white"/></svg>"#
        ));
        assert_eq!(raster::ink(&white), 0.0);
        let blank = std::panic::catch_unwind(|| assert_drawn(&white, &[]));
        assert!(blank.is_err(), "a white image passed the blank check");
        let plot = rasterize(&render(&sample()).unwrap());
        assert_drawn(&plot, &[]);
        let missing = std::panic::catch_unwind(|| assert_drawn(&plot, &[("purple", (128, 0, 128))]));
        assert!(missing.is_err(), "a colour that is not drawn passed the check");
    }

    #[test]
    fn log_axes_only_for_values_spanning_decades() {
        assert!(spans_decades(&[1.0, 1024.0, 65536.0]));
        assert!(!spans_decades(&[0.0, 1.0, 16.0]));
        assert!(!spans_decades(&[2.0, 17.0]));
    }
}
