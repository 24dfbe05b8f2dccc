//! Every sentence a student or an instructor reads, in their language.
//!
//! The words live in Fluent catalogues (<https://projectfluent.org>), one folder per language under
//! `locales/` (`locales/en/*.ftl`, `locales/es/*.ftl`), compiled into every program; code names a
//! message by its key and passes its variables: `tr!("grade-no-reply", seconds = 2)`. English is
//! the fallback for a language or a key that a catalogue lacks. What is an interface stays
//! English whatever the language: `--json` events, the `listening on …` readiness line, JSON results.
//!
//! The language is chosen once per process, by [`init`]: `--lang` on the command line, else
//! `SOCKLAB_LANG`, else the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set (POSIX order, see
//! locale(7)), else English. The harness starts the programs a lab runs with `SOCKLAB_LANG=en`, so
//! that labs.toml patterns on their output do not depend on the instructor's locale.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

pub use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

use crate::tr;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around variables: reasons go to terminals, CSV and JUnit XML,
        // where the marks would be invisible noise that breaks copy and paste and grep.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The variable that overrides the locale for socklab alone (`SOCKLAB_LANG=es`).
pub const ENV_LANG: &str = "SOCKLAB_LANG";

/// A language socklab has a catalogue for, by its code (`en`, `es`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lang(LanguageIdentifier);

impl Lang {
    /// English: the fallback for everything.
    pub fn english() -> Self {
        Lang(fluent_templates::langid!("en"))
    }

    /// The language's code as `--lang` and labs.toml tables write it (`es`).
    pub fn code(&self) -> String {
        self.0.language.as_str().to_owned()
    }

    /// Reads `--lang`'s value: a language code (`es`, `en`), optionally with a region (`es-AR`).
    ///
    /// # Errors
    /// A code with no catalogue: the message names the languages there are.
    pub fn parse(text: &str) -> Result<Self, String> {
        let wanted = text.trim().replace('_', "-");
        let language = wanted.split('-').next().unwrap_or_default().to_ascii_lowercase();
        Lang::known(&language)
            .ok_or_else(|| tr!("cli-lang-unknown", given = text.to_owned(), available = available_codes()))
    }

    /// The language with the code `language`, if it has a catalogue (no message: [`current`] calls
    /// this while it chooses the language).
    fn known(language: &str) -> Option<Self> {
        available().into_iter().find(|lang| lang.code() == language)
    }

    /// The language a locale value names (`es_AR.UTF-8`, `es`), if it has a catalogue; `C` and
    /// `POSIX` name none.
    fn from_locale(value: &str) -> Option<Self> {
        let name = value.split(['.', '@']).next().unwrap_or_default();
        if name.is_empty() || name == "C" || name == "POSIX" {
            return None;
        }
        let language = name.replace('_', "-");
        Lang::known(&language.split('-').next().unwrap_or_default().to_ascii_lowercase())
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.code())
    }
}

/// The languages with a catalogue, English first.
pub fn available() -> Vec<Lang> {
    let mut langs: Vec<Lang> = LOCALES.locales().map(|id| Lang(id.clone())).collect();
    langs.sort_by_key(|lang| (lang.code() != "en", lang.code()));
    langs.dedup();
    langs
}

/// `en, es`: for messages.
pub fn available_codes() -> String {
    available().iter().map(Lang::code).collect::<Vec<_>>().join(", ")
}

static CHOSEN: OnceLock<Lang> = OnceLock::new();

thread_local! {
    static OVERRIDE: RefCell<Option<Lang>> = const { RefCell::new(None) };
}

/// Chooses the process's language: `flag` (from `--lang`) if given, else the environment (see the
/// module docs). Only the first call counts.
///
/// # Errors
/// `flag` names a language with no catalogue.
pub fn init(flag: Option<&str>) -> Result<Lang, String> {
    let lang = match flag {
        Some(text) => Lang::parse(text)?,
        None => from_env(|name| std::env::var(name).ok()),
    };
    Ok(CHOSEN.get_or_init(|| lang).clone())
}

/// The language the environment asks for: `SOCKLAB_LANG`, then the first of `LC_ALL`,
/// `LC_MESSAGES`, `LANG` that is set and not empty; English when that one has no catalogue.
pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Lang {
    [ENV_LANG, "LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| var(name).filter(|value| !value.is_empty()))
        .and_then(|value| Lang::from_locale(&value))
        .unwrap_or_else(Lang::english)
}

/// The language messages are written in on this thread: the one [`with_lang`] set, else the
/// process's ([`init`]; the environment's when nothing called it).
pub fn current() -> Lang {
    if let Some(lang) = OVERRIDE.with(|cell| cell.borrow().clone()) {
        return lang;
    }
    // Unit tests compare English text whatever the locale of the machine they run on.
    CHOSEN
        .get_or_init(|| if cfg!(test) { Lang::english() } else { from_env(|name| std::env::var(name).ok()) })
        .clone()
}

/// Runs `body` with messages in `lang` on this thread (a report rendered in another language than
/// the process's, tests).
pub fn with_lang<T>(lang: &Lang, body: impl FnOnce() -> T) -> T {
    let previous = OVERRIDE.with(|cell| cell.replace(Some(lang.clone())));
    let result = body();
    OVERRIDE.with(|cell| *cell.borrow_mut() = previous);
    result
}

/// Runs `body` with messages in English: for text that goes on the wire or into `--json`.
pub fn in_english<T>(body: impl FnOnce() -> T) -> T {
    with_lang(&Lang::english(), body)
}

/// The message `key` in the current language with its variables; use [`tr!`](crate::tr).
pub fn message(key: &str, args: Vec<(&'static str, FluentValue<'static>)>) -> String {
    message_in(&current(), key, args)
}

/// The message `key` in `lang`, falling back to English, then to the key itself (which the
/// catalogue test rules out).
pub fn message_in(lang: &Lang, key: &str, args: Vec<(&'static str, FluentValue<'static>)>) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue<'static>> =
        args.into_iter().map(|(name, value)| (Cow::Borrowed(name), value)).collect();
    let args = (!args.is_empty()).then_some(&args);
    LOCALES
        .try_lookup_complete(&lang.0, key, args)
        .or_else(|| LOCALES.try_lookup_complete(&Lang::english().0, key, args))
        .unwrap_or_else(|| key.to_owned())
}

/// Whether the catalogue of `lang` itself holds `key` (no fallback).
pub fn has_message(lang: &Lang, key: &str) -> bool {
    LOCALES.lookup_single_language::<&str>(&lang.0, key, None).is_ok()
}

/// A message in the current language: `tr!("key")` or `tr!("key", name = value, ...)`, where a
/// value is a string or a number (numbers choose plural forms: `{ $count -> [one] … *[other] … }`).
#[macro_export]
macro_rules! tr {
    ($key:literal) => {
        $crate::i18n::message($key, Vec::new())
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::message(
            $key,
            vec![$((stringify!($name), $crate::i18n::FluentValue::from($value))),+],
        )
    };
}

/// A sentence in the reader's language together with its English twin: the English goes where the
/// text is an interface (the `message` of a `--json` event), the other to the person reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub shown: String,
    pub english: String,
}

impl Said {
    /// A sentence made by `render` of other messages (which [`said!`](crate::said) cannot render
    /// twice), in the reader's language and in English.
    pub fn by(render: impl Fn() -> String) -> Self {
        let english = in_english(&render);
        let shown = if current() == Lang::english() { english.clone() } else { render() };
        Said { shown, english }
    }

    /// The half in the language messages are being written in: English inside [`in_english`] (and
    /// so inside [`Said::by`]'s English rendering), the reader's elsewhere.
    pub fn in_current(&self) -> String {
        if current() == Lang::english() { self.english.clone() } else { self.shown.clone() }
    }

    /// The message `key` rendered in the current language and in English; use [`said!`](crate::said).
    pub fn new(key: &str, args: Vec<(&'static str, FluentValue<'static>)>) -> Self {
        let english = message_in(&Lang::english(), key, args.clone());
        let lang = current();
        let shown = if lang == Lang::english() { english.clone() } else { message_in(&lang, key, args) };
        Said { shown, english }
    }
}

/// Text that is the same in every language (a peer's bytes, a system error).
impl From<String> for Said {
    fn from(text: String) -> Self {
        Said { shown: text.clone(), english: text }
    }
}

impl From<&str> for Said {
    fn from(text: &str) -> Self {
        Said::from(text.to_owned())
    }
}

/// Like [`tr!`](crate::tr), but a [`Said`]: the message in the current language and in English.
#[macro_export]
macro_rules! said {
    ($key:literal) => {
        $crate::i18n::Said::new($key, Vec::new())
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::Said::new(
            $key,
            vec![$((stringify!($name), $crate::i18n::FluentValue::from($value))),+],
        )
    };
}

/// Splits `--lang X` / `--lang=X` out of a command line before clap reads it, so that clap's own
/// help and errors are built in that language. Stops at `--`.
pub fn lang_flag(args: &[std::ffi::OsString]) -> Option<String> {
    let mut words = args.iter().skip(1).map(|word| word.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            return None;
        }
        if word == "--lang" {
            return words.next().map(|value| value.into_owned());
        }
        if let Some(value) = word.strip_prefix("--lang=") {
            return Some(value.to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_values_name_a_language_or_fall_back_to_english() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| (*value).to_owned())
        };
        assert_eq!(from_env(env(&[("LANG", "es_AR.UTF-8")])).code(), "es");
        assert_eq!(from_env(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "es_ES")])).code(), "en");
        assert_eq!(from_env(env(&[("LC_ALL", ""), ("LC_MESSAGES", "es_MX"), ("LANG", "en")])).code(), "es");
        assert_eq!(from_env(env(&[("SOCKLAB_LANG", "es"), ("LC_ALL", "C")])).code(), "es");
        assert_eq!(from_env(env(&[("LANG", "C.UTF-8")])).code(), "en");
        assert_eq!(from_env(env(&[("LANG", "fr_FR.UTF-8")])).code(), "en");
        assert_eq!(from_env(env(&[])).code(), "en");
    }

    #[test]
    fn an_unknown_language_is_refused_with_the_ones_there_are() {
        let error = with_lang(&Lang::english(), || Lang::parse("fr").unwrap_err());
        assert_eq!(error, "unknown language 'fr' (available: en, es)");
        assert_eq!(Lang::parse("es-AR").unwrap().code(), "es");
        assert_eq!(Lang::parse("ES").unwrap().code(), "es");
    }

    #[test]
    fn the_lang_flag_is_found_before_clap_reads_the_line() {
        let line = |words: &[&str]| words.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_flag(&line(&["socklab", "grade", "--lang", "es", "x"])).as_deref(), Some("es"));
        assert_eq!(lang_flag(&line(&["udp-chat", "--lang=en", "client"])).as_deref(), Some("en"));
        assert_eq!(lang_flag(&line(&["udp-chat", "client", "--", "--lang", "es"])), None);
        assert_eq!(lang_flag(&line(&["udp-chat", "client"])), None);
    }

    #[test]
    fn messages_follow_the_thread_language_and_fall_back_to_english() {
        let es = Lang::parse("es").unwrap();
        let text = with_lang(&es, || tr!("cli-lang-unknown", given = "fr", available = "en, es"));
        assert_eq!(text, "idioma desconocido 'fr' (disponibles: en, es)");
        assert_eq!(message_in(&es, "no-such-key", Vec::new()), "no-such-key");
        let said = with_lang(&es, || crate::said!("cli-lang-unknown", given = "fr", available = "en"));
        assert_eq!(said.shown, "idioma desconocido 'fr' (disponibles: en)");
        assert_eq!(said.english, "unknown language 'fr' (available: en)");
    }
}
