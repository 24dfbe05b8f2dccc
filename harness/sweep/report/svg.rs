//! The plot: the chosen metric against a parameter, one line per value of a second parameter, the
//! model dashed beside the measurement, min–max as error bars, log axes where values span decades.

use std::collections::BTreeMap;

use plotters::prelude::*;

use crate::sweep::results::{Point, SweepResults};

const WIDTH: u32 = 900;
const HEIGHT: u32 = 560;

pub fn render(results: &SweepResults) -> Result<String, String> {
    let points = results.points();
    let plot = &results.plot;
    let mut lines: BTreeMap<String, Vec<(f64, f64, f64, f64)>> = BTreeMap::new();
    let mut model: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
    for point in &points {
        let Some(x) = point.parameters.get(&plot.x).copied() else { continue };
        let label = series_label(results, point);
        if let Some(y) = point.metrics.get(&plot.y) {
            lines.entry(label.clone()).or_default().push((x, y.median, y.min, y.max));
        }
        if let Some(y) = plot.model.as_ref().and_then(|m| point.metrics.get(m)) {
            model.entry(label).or_default().push((x, y.median));
        }
    }
    if lines.is_empty() {
        return Err(format!("nothing to plot: no run measured '{}'", plot.y));
    }
    let xs: Vec<f64> = lines.values().flatten().map(|p| p.0).collect();
    let ys: Vec<f64> = lines
        .values()
        .flatten()
        .flat_map(|p| [p.2, p.3])
        .chain(model.values().flatten().map(|p| p.1))
        .collect();
    let (log_x, log_y) = (spans_decades(&xs), spans_decades(&ys));
    let x_range = padded(&xs, log_x);
    let y_range = padded(&ys, log_y);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let caption = format!("{}: {}", results.experiment, results.summary);
        let x_label = axis_label(&plot.x, "", log_x);
        let y_label = axis_label(&plot.y, results.unit(&plot.y), log_y);
        let footer = results.machine.summary();
        macro_rules! draw {
            ($xspec:expr, $yspec:expr) => {{
                let mut chart = ChartBuilder::on(&root)
                    .caption(&caption, ("sans-serif", caption_size(&caption)))
                    .margin(15)
                    .x_label_area_size(45)
                    .y_label_area_size(70)
                    .build_cartesian_2d($xspec, $yspec)
                    .map_err(|e| e.to_string())?;
                chart
                    .configure_mesh()
                    .x_desc(x_label.as_str())
                    .y_desc(y_label.as_str())
                    .draw()
                    .map_err(|e| e.to_string())?;
                for (index, (label, data)) in lines.iter().enumerate() {
                    let color = Palette99::pick(index).to_rgba();
                    chart
                        .draw_series(LineSeries::new(data.iter().map(|p| (p.0, p.1)), color.stroke_width(2)))
                        .map_err(|e| e.to_string())?
                        .label(format!("{} (measured)", label))
                        .legend(move |(x, y)| {
                            PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
                        });
                    chart
                        .draw_series(data.iter().map(|p| Circle::new((p.0, p.1), 3, color.filled())))
                        .map_err(|e| e.to_string())?;
                    chart
                        .draw_series(
                            data.iter().map(|p| {
                                PathElement::new(vec![(p.0, p.2), (p.0, p.3)], color.stroke_width(1))
                            }),
                        )
                        .map_err(|e| e.to_string())?;
                }
                for (index, (label, data)) in model.iter().enumerate() {
                    let color = Palette99::pick(index).mix(0.6);
                    chart
                        .draw_series(DashedLineSeries::new(data.iter().copied(), 6, 4, color.stroke_width(2)))
                        .map_err(|e| e.to_string())?
                        .label(model_label(plot, label))
                        .legend(move |(x, y)| {
                            PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(1))
                        });
                }
                chart
                    .configure_series_labels()
                    .background_style(WHITE.mix(0.85))
                    .border_style(BLACK)
                    .position(SeriesLabelPosition::UpperLeft)
                    .draw()
                    .map_err(|e| e.to_string())?;
            }};
        }
        match (log_x, log_y) {
            (false, false) => draw!(x_range.clone(), y_range.clone()),
            (true, false) => draw!(x_range.clone().log_scale(), y_range.clone()),
            (false, true) => draw!(x_range.clone(), y_range.clone().log_scale()),
            (true, true) => draw!(x_range.clone().log_scale(), y_range.clone().log_scale()),
        }
        root.draw(&Text::new(footer, (10, HEIGHT as i32 - 14), ("sans-serif", 11).into_font()))
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// Long captions get a smaller font so that they fit the width of the plot.
fn caption_size(caption: &str) -> u32 {
    let fits = (WIDTH as usize * 2 / 20).max(1);
    let length = caption.chars().count();
    if length <= fits { 20 } else { (20 * fits / length).max(11) as u32 }
}

fn series_label(results: &SweepResults, point: &Point) -> String {
    match &results.plot.series {
        Some(name) => point.parameters.get(name).map_or(name.clone(), |v| format!("{name} = {v}")),
        None => results.plot.y.clone(),
    }
}

/// The dashed line's legend: "completed (model)" when the model metric is just called `model`, else the
/// metric it draws ("sent", or "buffer = 16: sent" beside other series).
fn model_label(plot: &crate::sweep::results::Plot, series: &str) -> String {
    match (plot.model.as_deref(), &plot.series) {
        (Some("model") | None, _) => format!("{series} (model)"),
        (Some(metric), None) => metric.to_owned(),
        (Some(metric), Some(_)) => format!("{series}: {metric}"),
    }
}

fn axis_label(name: &str, unit: &str, log: bool) -> String {
    let scale = if log { ", log scale" } else { "" };
    if unit.is_empty() { format!("{name}{scale}") } else { format!("{name} ({unit}{scale})") }
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

fn padded(values: &[f64], log: bool) -> std::ops::Range<f64> {
    let (low, high) = values.iter().fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    if log {
        (low / 1.5)..(high * 1.5)
    } else {
        let pad = ((high - low) * 0.08).max(0.5);
        (low.min(0.0) - if low < 0.0 { pad } else { 0.0 })..(high + pad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::results::tests::sample;

    #[test]
    fn the_plot_has_labelled_axes_and_both_series() {
        let svg = render(&sample()).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("completed (measured)"));
        assert!(svg.contains("completed (model)"));
        assert!(svg.contains("completed (connections)"));
        assert!(svg.contains("backlog"));
    }

    #[test]
    fn log_axes_only_for_values_spanning_decades() {
        assert!(spans_decades(&[1.0, 1024.0, 65536.0]));
        assert!(!spans_decades(&[0.0, 1.0, 16.0]));
        assert!(!spans_decades(&[2.0, 17.0]));
    }
}
