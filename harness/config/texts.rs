//! Texts of labs.toml that a reader sees (a lab's or a set's `summary`, a check's `name`, a hint)
//! may be written once for every language or per language, `name = { en = "…", es = "…" }`; this
//! picks each one's text in the language of the run, before anything else reads the file.
//!
//! A table without the language asked for is an error, unless the file names a `fallback-lang` at
//! its top, which is then used instead. Check names are also how `only-if` points at a check: an
//! `only-if` may give the name in any of its languages.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::schema::{CheckSpec, LabFile};
use super::validate::{Result, at};
use crate::i18n::Lang;
use crate::tr;

/// A text a reader sees: the same in every language, or a table by language code.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Text {
    Same(String),
    ByLang(BTreeMap<String, String>),
}

impl Text {
    /// The text once [`resolve`] chose its language; before that, a table gives its English (or
    /// its first entry).
    pub fn resolved(&self) -> &str {
        match self {
            Text::Same(text) => text,
            Text::ByLang(by_lang) => {
                by_lang.get("en").or_else(|| by_lang.values().next()).map(String::as_str).unwrap_or_default()
            }
        }
    }

    fn all(&self) -> Vec<&str> {
        match self {
            Text::Same(text) => vec![text],
            Text::ByLang(by_lang) => by_lang.values().map(String::as_str).collect(),
        }
    }
}

/// Replaces every per-language text of `file` by its text in `lang` (or in the file's
/// `fallback-lang`), and every `only-if` by the chosen name of the check it points at.
///
/// # Errors
/// A table without `lang` (and without the fallback), or with a language code socklab does not
/// know, with the key and place of the text.
pub fn resolve(file: &mut LabFile, lang: &Lang) -> Result<()> {
    let fallback = file
        .fallback_lang
        .as_ref()
        .map(|code| Lang::parse(code.get_ref()).map_err(|message| at(code.span(), "fallback-lang", message)));
    let fallback = fallback.transpose()?;
    let pick = |text: &mut Spanned<Text>, key: &str| pick(text, key, lang, fallback.as_ref());
    for (index, set) in file.lab_sets.iter_mut().enumerate() {
        pick(&mut set.summary, &format!("lab-set[{index}].summary"))?;
    }
    for (index, experiment) in file.experiments.iter_mut().enumerate() {
        pick(&mut experiment.summary, &format!("experiment[{index}].summary"))?;
    }
    for (index, lab) in file.labs.iter_mut().enumerate() {
        pick(&mut lab.summary, &format!("lab[{index}].summary"))?;
        let mut names: Vec<(Vec<String>, String)> = Vec::new();
        for (check_index, check) in lab.checks.iter_mut().enumerate() {
            let key = format!("lab[{index}].check[{check_index}]");
            let every = check.name.get_ref().all().into_iter().map(str::to_owned).collect();
            pick(&mut check.name, &format!("{key}.name"))?;
            names.push((every, check.name.get_ref().resolved().to_owned()));
            point_only_if(check, &names[..check_index]);
            if let Some(hint) = &mut check.hint {
                pick(hint, &format!("{key}.hint"))?;
            }
            for (hint_index, hint) in check.hints.iter_mut().enumerate() {
                pick(&mut hint.text, &format!("{key}.hints[{hint_index}].text"))?;
            }
        }
    }
    Ok(())
}

/// An `only-if` that gives an earlier check's name in another language names it as chosen.
fn point_only_if(check: &mut CheckSpec, earlier: &[(Vec<String>, String)]) {
    let Some(only_if) = &mut check.only_if else { return };
    if let Some((_, chosen)) =
        earlier.iter().find(|(every, _)| every.iter().any(|name| name == only_if.get_ref()))
    {
        *only_if = Spanned::new(only_if.span(), chosen.clone());
    }
}

fn pick(text: &mut Spanned<Text>, key: &str, lang: &Lang, fallback: Option<&Lang>) -> Result<()> {
    let span = text.span();
    let Text::ByLang(by_lang) = text.get_ref() else { return Ok(()) };
    if let Some(code) = by_lang.keys().find(|code| Lang::parse(code).is_err()) {
        return Err(at(
            span,
            key,
            tr!("config-text-unknown-lang", code = code.clone(), available = crate::i18n::available_codes()),
        ));
    }
    let chosen = by_lang
        .get(&lang.code())
        .or_else(|| fallback.and_then(|fallback| by_lang.get(&fallback.code())))
        .cloned();
    let Some(chosen) = chosen else {
        let has = by_lang.keys().cloned().collect::<Vec<_>>().join(", ");
        return Err(at(
            span,
            key,
            match fallback {
                None => tr!("config-text-missing-lang", lang = lang.code(), has = has),
                Some(fallback) => {
                    tr!(
                        "config-text-missing-lang-and-fallback",
                        lang = lang.code(),
                        fallback = fallback.code(),
                        has = has
                    )
                }
            },
        ));
    };
    *text = Spanned::new(span, Text::Same(chosen));
    Ok(())
}
