//! The README as a newcomer copies it: the files its examples name exist, and its set-up block holds
//! exactly the two commands CI runs (`.ci/run` reads them from there).

use std::path::Path;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

#[test]
fn every_repository_file_the_readme_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pattern =
        regex::Regex::new(r"(?:^|[\s`(\[])((?:examples|tests|docs|bench)/[A-Za-z0-9_./-]*[A-Za-z0-9_])")
            .unwrap();
    let text = readme();
    let missing: Vec<&str> = pattern
        .captures_iter(&text)
        .map(|found| found.get(1).unwrap().as_str())
        .filter(|path| !root.join(path).exists())
        .collect();
    assert!(missing.is_empty(), "the README names files that do not exist: {missing:?}");
}

#[test]
fn the_set_up_block_holds_the_main_job_then_the_tests() {
    let text = readme();
    let section = &text[text.find("## Set up").expect("a Set up section")..];
    let block = section.split("```sh\n").nth(1).and_then(|rest| rest.split("```").next()).unwrap();
    let commands: Vec<&str> = block
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.split("  #").next().unwrap().trim())
        .collect();
    assert_eq!(commands, ["cargo run --release --bin socklab -- run", "cargo test"]);
}
