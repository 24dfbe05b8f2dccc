//! The event format: the one place that decides how a program reports what happened.
//!
//! Every program reports through an [`Events`] sink. By default each event is a line for a person
//! (`datagram from 127.0.0.1:5555, 12 bytes`); with `--json` it is one JSON object per line with an
//! `"event"` field and the event's fields. The JSON form is the stable contract the harness and the
//! experiments parse, so field names here are part of socklab's interface.

use std::io::Write;

use serde_json::{Map, Value};

/// One thing a program reports: a name, its fields, and the sentence a person reads.
#[derive(Debug, Clone)]
pub struct Event {
    name: &'static str,
    fields: Map<String, Value>,
    human: Option<String>,
}

impl Event {
    pub fn new(name: &'static str, human: impl Into<String>) -> Self {
        Self { name, fields: Map::new(), human: Some(human.into()) }
    }

    /// An event for scripts only: it has no line in the human output.
    pub fn quiet(name: &'static str) -> Self {
        Self { name, fields: Map::new(), human: None }
    }

    /// Adds a field to the JSON form; the human form is unaffected.
    pub fn field(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.fields.insert(key.to_owned(), value.into());
        self
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The JSON object for this event, with `"event"` first.
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        object.insert("event".to_owned(), Value::from(self.name));
        object.extend(self.fields.clone());
        Value::Object(object)
    }
}

/// Where events go: human lines or JSON lines on stdout, each flushed at once so that a harness
/// reading the pipe sees it immediately.
#[derive(Debug, Clone, Copy)]
pub struct Events {
    json: bool,
}

impl Events {
    pub fn new(json: bool) -> Self {
        Self { json }
    }

    pub fn is_json(&self) -> bool {
        self.json
    }

    /// Reports an event on stdout. A closed stdout is not an error worth dying for: the line is dropped.
    pub fn emit(&self, event: Event) {
        let line = match (self.json, &event.human) {
            (true, _) => event.to_json().to_string(),
            (false, Some(human)) => human.clone(),
            (false, None) => return,
        };
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    }

    /// Runs `body` in the language of this output: English under `--json`, where messages are part
    /// of the interface, else the reader's.
    pub fn in_language<T>(&self, body: impl FnOnce() -> T) -> T {
        if self.json { crate::i18n::in_english(body) } else { body() }
    }

    /// Reports a problem that does not stop the program: on stderr for a person, in their language,
    /// and also as an `error` event on stdout in JSON mode, in English, so that scripts see it in
    /// order with the other events. Give a [`crate::said!`] to have both.
    pub fn warn(&self, message: impl Into<crate::i18n::Said>) {
        let message = message.into();
        eprintln!("{} {}", crate::tr!("cli-warning"), message.shown);
        if self.json {
            self.emit(Event::new("error", message.english.clone()).field("message", message.english));
        }
    }
}

/// Renders bytes for a terminal: valid UTF-8 as is, anything else with `\xNN` escapes, so that a
/// peer's bytes can never garble the output or be mistaken for something else.
pub fn printable(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for ch in chunk.valid().chars() {
            if ch.is_control() && ch != '\t' {
                text.extend(ch.escape_default());
            } else {
                text.push(ch);
            }
        }
        for byte in chunk.invalid() {
            text.push_str(&format!("\\x{byte:02x}"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_form_starts_with_the_event_name() {
        let event = Event::new("datagram", "datagram from x").field("bytes", 12);
        assert_eq!(event.to_json().to_string(), r#"{"event":"datagram","bytes":12}"#);
    }

    #[test]
    fn printable_escapes_invalid_utf8_and_control_bytes() {
        assert_eq!(printable(b"hola"), "hola");
        assert_eq!(printable(b"a\xffb"), "a\\xffb");
        assert_eq!(printable(b"a\nb"), "a\\nb");
        assert_eq!(printable("ñandú".as_bytes()), "ñandú");
    }
}
