//! Seed 000's `PersonalPacket` checks, made when a host builds a packet: `broken` when the data is not
//! text, `danger` when the text holds a forbidden word ('isis', 'terrorismo', 'bomba' in the seed).

use std::net::Ipv4Addr;

use serde_json::Value;

use crate::wire::{Kind, Packet};

/// The seed's list.
pub const SEED_WORDS: [&str; 3] = ["isis", "terrorismo", "bomba"];

/// Forbidden words, matched as whole words without regard to case: "Bomba!" matches `bomba`,
/// "bombardeo" does not.
#[derive(Debug, Clone)]
pub struct Forbidden {
    words: Vec<String>,
}

impl Forbidden {
    pub fn new(words: impl IntoIterator<Item = String>) -> Self {
        Self { words: words.into_iter().map(|word| word.to_lowercase()).collect() }
    }

    pub fn seed() -> Self {
        Self::new(SEED_WORDS.iter().map(|word| (*word).to_owned()))
    }

    /// The forbidden words `text` holds, in the order of the list.
    pub fn found_in(&self, text: &str) -> Vec<&str> {
        let lower = text.to_lowercase();
        let words: Vec<&str> =
            lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        self.words.iter().filter(|word| words.contains(&word.as_str())).map(String::as_str).collect()
    }
}

/// A word given with `--forbidden`: one word of letters or digits, as the matching splits text.
pub fn parse_word(text: &str) -> Result<String, String> {
    if text.is_empty() || !text.chars().all(char::is_alphanumeric) {
        return Err(socklab::tr!("lan-not-a-word", text = text.to_owned()));
    }
    Ok(text.to_owned())
}

/// Builds a packet as the seed's classes do: a personal packet sets its flags from the data.
pub fn build(kind: Kind, src: Ipv4Addr, dst: Ipv4Addr, data: Value, forbidden: &Forbidden) -> Packet {
    let (broken, danger) = match (kind, &data) {
        (Kind::Base, _) => (false, false),
        (Kind::Personal, Value::String(text)) => (false, !forbidden.found_in(text).is_empty()),
        (Kind::Personal, _) => (true, false),
    };
    Packet { kind, src, dst, data, broken, danger }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_in_any_case_are_dangerous() {
        let words = Forbidden::seed();
        assert_eq!(words.found_in("Hay una BOMBA!"), ["bomba"]);
        assert_eq!(words.found_in("terrorismo, isis"), ["isis", "terrorismo"]);
        assert!(words.found_in("un bombardeo de preguntas").is_empty());
        assert!(words.found_in("").is_empty());
    }

    #[test]
    fn flags_follow_the_seed() {
        let (a, b) = (Ipv4Addr::new(192, 168, 0, 1), Ipv4Addr::new(192, 168, 0, 2));
        let words = Forbidden::seed();
        let text = build(Kind::Personal, a, b, "la bomba".into(), &words);
        assert!(text.danger && !text.broken);
        let number = build(Kind::Personal, a, b, 42.into(), &words);
        assert!(number.broken && !number.danger);
        let base = build(Kind::Base, a, b, "la bomba".into(), &words);
        assert!(!base.broken && !base.danger);
    }

    #[test]
    fn forbidden_words_are_single_words() {
        assert_eq!(parse_word("Bomba").unwrap(), "Bomba");
        assert!(parse_word("dos palabras").is_err());
        assert!(parse_word("").is_err());
    }
}
