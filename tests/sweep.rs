//! socklab sweep: every experiment of labs.toml in its quick mode (few points, one repeat), asserting
//! what the kernel guarantees rather than how fast anything was, and that the four output files exist
//! and parse.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

use crate::support::explain_output as explain;
use crate::support::raster;
use crate::support::socklab;

/// A quick sweep is a few seconds; a hang fails the test instead of blocking CI.
const SWEEP_LIMIT: Duration = Duration::from_secs(60);

fn labs_toml() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("labs.toml")
}

fn socklab_sweep(args: &[&str]) -> Output {
    Command::new(socklab())
        .arg("--labs")
        .arg(labs_toml())
        .arg("sweep")
        .args(args)
        .timeout(SWEEP_LIMIT)
        .output()
        .unwrap()
}

/// The runs of one quick sweep, read back from NAME.json, after checking that NAME.csv, NAME.md and
/// NAME.svg exist and parse.
struct Sweep {
    runs: Vec<Value>,
    svg_texts: BTreeSet<String>,
}

impl Sweep {
    fn run(name: &str) -> Sweep {
        let out = tempfile::tempdir().unwrap();
        let output =
            socklab_sweep(&[name, "--quick", "--repeat", "1", "--out", out.path().to_str().unwrap()]);
        assert!(output.status.success(), "{}", explain(&output));
        let read = |extension: &str| {
            let path = out.path().join(format!("{name}.{extension}"));
            std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}\n{}", path.display(), explain(&output)))
        };
        let json: Value = serde_json::from_str(&read("json")).unwrap();
        assert_eq!(json["experiment"], name);
        assert!(json["machine"]["kernel"].is_string(), "machine facts are recorded");
        let runs = json["runs"].as_array().unwrap().clone();
        assert!(!runs.is_empty());
        check_csv(&read("csv"), &json);
        check_markdown(&read("md"), &json);
        let svg_texts = svg_texts(&read("svg"));
        let x = json["plot"]["x"].as_str().unwrap();
        assert!(svg_texts.iter().any(|t| t.starts_with(x)), "x axis labelled {x}: {svg_texts:?}");
        assert!(svg_texts.iter().any(|t| t.ends_with("(measured)")), "a measured series: {svg_texts:?}");
        Sweep { runs, svg_texts }
    }

    /// A parameter or metric of every run, as (parameters, metrics) lookups.
    fn each(&self, mut check: impl FnMut(&dyn Fn(&str) -> f64)) {
        for run in &self.runs {
            let value = |name: &str| {
                run["parameters"][name]
                    .as_f64()
                    .or_else(|| run["metrics"][name].as_f64())
                    .unwrap_or_else(|| panic!("run has no {name}: {run}"))
            };
            check(&value);
        }
    }
}

/// A comment line with the machine, a header, one row per run with one cell per column.
fn check_csv(csv: &str, json: &Value) {
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("# Linux "), "{csv}");
    let columns = lines[1].split(',').count();
    let parameters = json["parameters"].as_array().unwrap().len();
    let metrics = json["metrics"].as_array().unwrap().len();
    assert_eq!(columns, parameters + 1 + metrics + 1, "{csv}");
    let rows = &lines[2..];
    assert_eq!(rows.len(), json["runs"].as_array().unwrap().len(), "{csv}");
    for row in rows {
        // Disagreements are quoted and may hold commas; the runs here have none.
        assert_eq!(row.split(',').count(), columns, "row {row} in\n{csv}");
    }
}

/// A table with a header, a separator and one row per point, every row with as many cells.
fn check_markdown(markdown: &str, json: &Value) {
    let table: Vec<&str> = markdown.lines().filter(|line| line.starts_with('|')).collect();
    let cells = |line: &str| line.trim_matches('|').split(" | ").count();
    assert!(table.len() >= 3, "{markdown}");
    assert!(table[1].starts_with("|---|"), "{markdown}");
    for metric in json["metrics"].as_array().unwrap() {
        assert!(table[0].contains(metric["name"].as_str().unwrap()), "{markdown}");
    }
    for row in &table[2..] {
        assert_eq!(cells(row), cells(table[0]), "{row} in\n{markdown}");
    }
    assert!(markdown.contains("point(s) disagree with the model"), "{markdown}");
}

/// Parses the SVG as XML (any error fails the test) and returns the text it shows.
fn svg_texts(svg: &str) -> BTreeSet<String> {
    let mut reader = quick_xml::Reader::from_str(svg);
    let (mut texts, mut depth, mut root) = (BTreeSet::new(), 0i32, None);
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("invalid SVG: {e}")) {
            quick_xml::events::Event::Start(element) => {
                depth += 1;
                root.get_or_insert_with(|| String::from_utf8_lossy(element.name().as_ref()).into_owned());
            }
            quick_xml::events::Event::End(_) => depth -= 1,
            quick_xml::events::Event::Text(text) => {
                let text = String::from_utf8_lossy(&text).trim().to_owned();
                if !text.is_empty() {
                    texts.insert(text);
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "unbalanced SVG");
    assert_eq!(root.as_deref(), Some("svg"));
    texts
}

#[test]
fn backlog_completes_exactly_backlog_plus_one_connections_at_once() {
    let sweep = Sweep::run("backlog");
    let mut backlogs = BTreeSet::new();
    sweep.each(|value| {
        let backlog = value("backlog");
        backlogs.insert(backlog as u64);
        assert_eq!(value("completed"), backlog + 1.0, "backlog {backlog}");
        assert_eq!(value("model"), backlog + 1.0);
        assert_eq!(value("completed") + value("not_connected"), value("clients"), "the others timed out");
    });
    assert_eq!(backlogs, BTreeSet::from([0, 1, 2]));
    for run in &sweep.runs {
        assert!(run.get("disagreement").is_none(), "{run}");
    }
    assert!(sweep.svg_texts.contains("completed (model)"), "{:?}", sweep.svg_texts);
}

#[test]
fn recv_calls_are_at_least_the_bytes_over_the_recv_size() {
    let sweep = Sweep::run("recv-size");
    sweep.each(|value| {
        let minimum = (value("bytes") / value("recv_size")).ceil();
        assert!(value("recv_calls") >= minimum, "client: {} < {minimum}", value("recv_calls"));
        assert!(value("server_recv_calls") >= minimum, "server: {} < {minimum}", value("server_recv_calls"));
        assert_eq!(value("echoed"), value("bytes"), "nothing is lost whatever the recv size");
        if value("recv_size") == 1.0 {
            assert_eq!(value("recv_calls"), value("bytes"), "one byte per call");
        }
    });
}

#[test]
fn send_calls_are_at_least_the_bytes_over_the_send_size() {
    let sweep = Sweep::run("send-size");
    sweep.each(|value| {
        let minimum = (value("bytes") / value("send_size")).ceil();
        assert!(value("send_calls") >= minimum, "{} < {minimum}", value("send_calls"));
        assert!(value("partial_sends") <= value("send_calls"));
        assert!(value("sndbuf_granted") >= value("sndbuf"), "Linux grants at least what was asked");
    });
}

#[test]
fn send_once_loses_exactly_what_the_server_dropped() {
    let sweep = Sweep::run("send-once");
    sweep.each(|value| {
        assert_eq!(value("missing"), value("dropped"), "the client misses what the server dropped");
        if value("chunk") > 2.0 * value("sndbuf") {
            assert!(value("dropped") > 0.0, "a chunk larger than the send buffer cannot all be taken");
        }
    });
}

#[test]
fn truncation_keeps_exactly_the_smaller_of_size_and_buffer() {
    let sweep = Sweep::run("udp-truncation");
    sweep.each(|value| {
        let (size, buffer) = (value("size"), value("buffer"));
        assert_eq!(value("kept"), size.min(buffer), "size {size}, buffer {buffer}");
        assert_eq!(value("truncated"), if size > buffer { 1.0 } else { 0.0 });
    });
    assert!(sweep.svg_texts.contains("buffer = 512 bytes (measured)"), "{:?}", sweep.svg_texts);
    assert!(sweep.svg_texts.contains("kept (model)"), "{:?}", sweep.svg_texts);
    assert!(sweep.svg_texts.contains("size (bytes)"), "x axis with its unit: {:?}", sweep.svg_texts);
}

#[test]
fn every_datagram_of_a_burst_is_either_received_or_dropped_by_the_kernel() {
    let sweep = Sweep::run("udp-rcvbuf");
    sweep.each(|value| {
        assert_eq!(value("received") + value("dropped"), value("sent"), "rcvbuf {}", value("rcvbuf"));
        assert_eq!(value("sent"), value("burst"));
        if value("rcvbuf") <= 2048.0 {
            assert!(value("dropped") > 0.0, "a few KiB cannot hold a burst of {}", value("burst"));
        }
    });
}

#[test]
fn sweep_list_names_every_experiment_and_an_unknown_one_is_a_usage_error() {
    let output = socklab_sweep(&["--list"]);
    assert!(output.status.success(), "{}", explain(&output));
    let listed = String::from_utf8_lossy(&output.stdout);
    for name in ["backlog", "recv-size", "send-size", "send-once", "udp-truncation", "udp-rcvbuf"] {
        assert!(listed.lines().any(|line| line.starts_with(&format!("{name} "))), "{listed}");
    }
    let output = socklab_sweep(&["no-such-experiment"]);
    assert_eq!(output.status.code(), Some(2), "{}", explain(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no experiment named 'no-such-experiment'"), "{stderr}");
}

/// Every committed plot of docs/experiments, drawn from its JSON by today's code and rasterized:
/// not blank, its measured line and (where the experiment has one) its model seen. The PNGs are left
/// in target/test-artifacts/plots/ for a person to look at.
#[test]
fn every_committed_experiment_plot_renders_with_its_measurement_and_model() {
    use socklab::sweep::report;
    use socklab::sweep::results::SweepResults;

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let artifacts = crate::support::artifacts("plots");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(root.join("docs/experiments")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let results: SweepResults =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let svg = report::svg(&results).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let pixmap = raster::rasterize(&svg);
        assert_eq!((pixmap.width(), pixmap.height()), (report::PLOT_WIDTH, report::PLOT_HEIGHT));
        let png = artifacts.join(format!("{}.png", results.experiment));
        pixmap.save_png(&png).unwrap();
        let rgb = |colour: plotters::style::RGBColor| (colour.0, colour.1, colour.2);
        let mut colours = vec![("measured line", rgb(report::series_colour(0)))];
        if results.plot.model.is_some() {
            colours.push(("model line", rgb(report::MODEL_COLOUR)));
        }
        println!("{}: {:.1} % drawn on", png.display(), raster::ink(&pixmap) * 100.0);
        raster::assert_drawn(&pixmap, &colours);
        names.push(results.experiment);
    }
    names.sort();
    assert_eq!(names, ["backlog", "recv-size", "send-once", "send-size", "udp-rcvbuf", "udp-truncation"]);
}

#[test]
fn a_saved_sweep_is_written_again_without_running_anything() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/experiments");
    let out = tempfile::tempdir().unwrap();
    let output = socklab_sweep(&[
        "--from",
        committed.join("backlog.json").to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", explain(&output));
    for file in ["backlog.json", "backlog.csv", "backlog.md", "backlog.svg"] {
        assert_eq!(
            std::fs::read_to_string(out.path().join(file)).unwrap(),
            std::fs::read_to_string(committed.join(file)).unwrap(),
            "{file} written from the JSON differs from the committed one: run `socklab sweep --from \
             docs/experiments/backlog.json --out docs/experiments` after changing a report"
        );
    }
    let output = socklab_sweep(&["--from", "Cargo.toml", "--out", out.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", explain(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: Cargo.toml: not the JSON of `socklab sweep`"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn a_sweep_written_in_spanish_has_spanish_words_and_the_same_csv_and_json() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/experiments");
    let out = tempfile::tempdir().unwrap();
    let output = socklab_sweep(&[
        "--lang",
        "es",
        "--from",
        committed.join("backlog.json").to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", explain(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let first = format!("se escribió {}\n", out.path().join("backlog.csv").display());
    assert!(stdout.starts_with(&first), "{stdout}");
    let markdown = std::fs::read_to_string(out.path().join("backlog.md")).unwrap();
    assert!(
        markdown.contains("\n\n18 ejecuciones, 3 por punto; mediana (mín–máx). Máquina: Linux "),
        "{markdown}"
    );
    assert!(markdown.contains(" | model (connections) | coincide con el modelo |\n"), "{markdown}");
    assert!(
        markdown.contains("| 0 | 20 | 4000 | 1 | 19 | 0 | 0 | 2 | 1007 (1005–1031) | 1 | sí |\n"),
        "{markdown}"
    );
    assert!(markdown.contains("\n0 punto(s) no coinciden con el modelo.\n"), "{markdown}");
    let texts = svg_texts(&std::fs::read_to_string(out.path().join("backlog.svg")).unwrap());
    assert!(texts.contains("completed (medido)") && texts.contains("completed (modelo)"), "{texts:?}");
    assert!(texts.iter().any(|text| text.starts_with("Medido en Linux ")), "{texts:?}");
    for file in ["backlog.json", "backlog.csv"] {
        assert_eq!(
            std::fs::read_to_string(out.path().join(file)).unwrap(),
            std::fs::read_to_string(committed.join(file)).unwrap(),
            "{file} is the same in every language"
        );
    }
    let output =
        socklab_sweep(&["--lang", "es", "--from", "Cargo.toml", "--out", out.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", explain(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: Cargo.toml: no es el JSON de `socklab sweep`: "), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}
