//! The Fluent catalogues under `locales/`: every language has every message with the same
//! variables, every message the code asks for exists, and none is left that nothing asks for.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// message key → (file stem, variables it uses), for one language.
type Catalogue = BTreeMap<String, (String, BTreeSet<String>)>;

fn variables(pattern: &Pattern<&str>, found: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, found);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, found: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            inline_variables(selector, found);
            for variant in variants {
                variables(&variant.value, found);
            }
        }
        Expression::Inline(inline) => inline_variables(inline, found),
    }
}

fn inline_variables(inline: &InlineExpression<&str>, found: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            found.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, found),
        InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, found);
            }
        }
        _ => {}
    }
}

fn read_language(folder: &Path, problems: &mut Vec<String>) -> Catalogue {
    let mut catalogue = Catalogue::new();
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(folder).unwrap().map(|entry| entry.unwrap().path()).collect();
    files.sort();
    for file in files {
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        if file.extension().is_none_or(|ext| ext != "ftl") {
            problems.push(format!("{}: not a .ftl file", file.display()));
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let resource = match fluent_syntax::parser::parse(text.as_str()) {
            Ok(resource) => resource,
            Err((_, errors)) => {
                for error in errors {
                    let line = text[..error.pos.start.min(text.len())].lines().count().max(1);
                    problems.push(format!("{}:{line}: {:?}", file.display(), error.kind));
                }
                continue;
            }
        };
        for entry in resource.body {
            let Entry::Message(message) = entry else { continue };
            let key = message.id.name.to_owned();
            if !key.starts_with(&format!("{stem}-")) {
                problems.push(format!("{}: key {key} does not start with '{stem}-'", file.display()));
            }
            let mut found = BTreeSet::new();
            if let Some(value) = &message.value {
                variables(value, &mut found);
            }
            if catalogue.insert(key.clone(), (stem.clone(), found)).is_some() {
                problems.push(format!("{}: key {key} is defined twice", file.display()));
            }
        }
    }
    catalogue
}

/// Every `tr!("key"` and `said!("key"` in the code, and every string literal that names a key (a table of keys).
fn keys_in_code() -> (BTreeSet<String>, BTreeSet<String>) {
    let asked = regex::Regex::new(r#"\b(?:tr|said)!\(\s*"([^"]+)""#).unwrap();
    let literal = regex::Regex::new(r#""([a-z][a-z0-9]*(?:-[a-z0-9]+)+)""#).unwrap();
    let (mut asked_for, mut named) = (BTreeSet::new(), BTreeSet::new());
    let mut folders = vec![root().join("harness"), root().join("bins")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let code: Vec<&str> =
                    text.lines().filter(|line| !line.trim_start().starts_with("//")).collect();
                let text = code.join("\n");
                asked_for.extend(asked.captures_iter(&text).map(|c| c[1].to_owned()));
                named.extend(literal.captures_iter(&text).map(|c| c[1].to_owned()));
            }
        }
    }
    (asked_for, named)
}

#[test]
fn every_language_has_every_message_with_the_same_variables_and_no_message_is_unused() {
    let mut problems = Vec::new();
    let locales = root().join("locales");
    let mut languages: Vec<String> = std::fs::read_dir(&locales)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    languages.sort();
    assert!(languages.contains(&"en".to_owned()) && languages.contains(&"es".to_owned()), "{languages:?}");
    let catalogues: BTreeMap<String, Catalogue> = languages
        .iter()
        .map(|lang| (lang.clone(), read_language(&locales.join(lang), &mut problems)))
        .collect();
    let english = &catalogues["en"];
    for (lang, catalogue) in &catalogues {
        for (key, (file, vars)) in english {
            match catalogue.get(key) {
                None => problems.push(format!("locales/{lang}/{file}.ftl: missing {key}")),
                Some((_, theirs)) if theirs != vars => problems.push(format!(
                    "locales/{lang}/{file}.ftl: {key} uses variables {theirs:?}, English uses {vars:?}"
                )),
                Some(_) => {}
            }
        }
        for (key, (file, _)) in catalogue {
            if !english.contains_key(key) {
                problems.push(format!(
                    "locales/{lang}/{file}.ftl: {key} is not in English (locales/en/{file}.ftl)"
                ));
            }
        }
    }
    let (asked_for, named) = keys_in_code();
    for key in &asked_for {
        if !english.contains_key(key) {
            problems.push(format!("the code asks for {key}, which no catalogue has"));
        }
    }
    for (key, (file, _)) in english {
        if !named.contains(key) {
            problems.push(format!("locales/*/{file}.ftl: {key} is used nowhere in the code"));
        }
    }
    assert!(problems.is_empty(), "{} catalogue problem(s):\n{}", problems.len(), problems.join("\n"));
}
