//! What the server answers to each message: the protocol above the framing.
//!
//! - A message that is not an object with a `"type"` gets seed 001's answer, the JSON string
//!   `"Respuesta asociada al mensaje …"` (the seed's words, kept as the seed writes them).
//! - Seed 000's typed packets, as JSON objects instead of pickled ones: type 1 (or `"time"`) asks
//!   the current time in the country `data` (an ISO 3166 code), type 2 (or `"sum"`) the sum of the
//!   numbers in `data`. The reply is the request with a `response` field added, as the seed's
//!   `Packet.response`.
//! - The mailbox: type 3 (or `"send"`) stores `text` for the user `to`; type 4 (or `"poll"`) returns
//!   and removes the messages waiting for `user`.
//!
//! A request that cannot be served gets the request back with an `error` field that says why.

use chrono::{SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use crate::mailbox::{MAX_NAME, Mailbox};
use crate::timezones;

/// What kind of message a request was (the `kind` of the `request` and `reply` events).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Answer,
    Time,
    Sum,
    Send,
    Poll,
    /// A typed request whose type is unknown or not a type.
    Unknown,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Answer => "answer",
            Kind::Time => "time",
            Kind::Sum => "sum",
            Kind::Send => "send",
            Kind::Poll => "poll",
            Kind::Unknown => "unknown",
        }
    }
}

/// The reply to one request.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub kind: Kind,
    pub message: Value,
    /// Why the request was refused (also in `message["error"]`).
    pub error: Option<String>,
}

/// Seed 001's answer to any message.
pub fn answer_text(message: &Value) -> String {
    match message {
        Value::String(text) => format!("Respuesta asociada al mensaje {text}"),
        other => format!("Respuesta asociada al mensaje {other}"),
    }
}

/// The kind of request `message` is, before it is served.
pub fn kind(message: &Value) -> Kind {
    match message {
        Value::Object(request) => request.get("type").map_or(Kind::Answer, kind_of),
        _ => Kind::Answer,
    }
}

/// The reply to `message`.
pub fn handle(message: Value, mailbox: &Mailbox) -> Reply {
    let Value::Object(request) = message else {
        return Reply { kind: Kind::Answer, message: Value::String(answer_text(&message)), error: None };
    };
    let Some(kind) = request.get("type").map(kind_of) else {
        let message = Value::Object(request);
        return Reply { kind: Kind::Answer, message: Value::String(answer_text(&message)), error: None };
    };
    let result = match kind {
        Kind::Time => time(&request),
        Kind::Sum => sum(&request),
        Kind::Send => send(&request, mailbox),
        Kind::Poll => poll(&request, mailbox),
        Kind::Answer | Kind::Unknown => Err(format!(
            "unknown request type {}: use 1 (time), 2 (sum), 3 (send) or 4 (poll)",
            request["type"]
        )),
    };
    let mut reply = request;
    match result {
        Ok(response) => {
            reply.insert("response".to_owned(), response);
            Reply { kind, message: Value::Object(reply), error: None }
        }
        Err(why) => {
            reply.insert("error".to_owned(), Value::String(why.clone()));
            Reply { kind, message: Value::Object(reply), error: Some(why) }
        }
    }
}

/// The reply to a message whose frame was whole but whose body was not JSON.
pub fn error_reply(why: &str) -> Value {
    json!({ "error": why })
}

fn kind_of(value: &Value) -> Kind {
    match value {
        Value::Number(number) => match number.as_u64() {
            Some(1) => Kind::Time,
            Some(2) => Kind::Sum,
            Some(3) => Kind::Send,
            Some(4) => Kind::Poll,
            _ => Kind::Unknown,
        },
        Value::String(name) => match name.as_str() {
            "time" => Kind::Time,
            "sum" => Kind::Sum,
            "send" => Kind::Send,
            "poll" => Kind::Poll,
            _ => Kind::Unknown,
        },
        _ => Kind::Unknown,
    }
}

fn time(request: &Map<String, Value>) -> Result<Value, String> {
    let Some(Value::String(code)) = request.get("data") else {
        return Err("a time request needs \"data\": a country code such as \"AR\"".to_owned());
    };
    let times = timezones::local_times(code, Utc::now())?;
    Ok(times.into_iter().map(|local| json!({ "zone": local.zone, "time": local.time })).collect())
}

/// The sum of `data`: an integer while every number is one and the total fits 64 bits, a float
/// otherwise (as Python's `sum()` would give).
fn sum(request: &Map<String, Value>) -> Result<Value, String> {
    let Some(Value::Array(numbers)) = request.get("data") else {
        return Err("a sum request needs \"data\": a list of numbers such as [1, 2.5, 3]".to_owned());
    };
    let mut whole: Option<i128> = Some(0);
    let mut total = 0f64;
    for (at, item) in numbers.iter().enumerate() {
        let Value::Number(number) = item else {
            return Err(format!("item {at} of \"data\" is {item}, not a number"));
        };
        whole = match (whole, number.as_i64()) {
            (Some(sum), Some(n)) => Some(sum + i128::from(n)),
            _ => None,
        };
        total += number.as_f64().unwrap_or(f64::NAN);
    }
    if let Some(sum) = whole.and_then(|sum| i64::try_from(sum).ok()) {
        return Ok(Value::from(sum));
    }
    serde_json::Number::from_f64(total)
        .map(Value::Number)
        .ok_or_else(|| "the sum is too large to be a number".to_owned())
}

fn send(request: &Map<String, Value>, mailbox: &Mailbox) -> Result<Value, String> {
    let to = name(request, "to")?;
    let from = match request.get("from") {
        None | Some(Value::Null) => None,
        Some(_) => Some(name(request, "from")?),
    };
    let Some(Value::String(text)) = request.get("text") else {
        return Err("a send request needs \"text\": the message as a string".to_owned());
    };
    let at = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    let id = mailbox.send(to, from, text, at)?;
    Ok(json!({ "stored": id, "to": to }))
}

fn poll(request: &Map<String, Value>, mailbox: &Mailbox) -> Result<Value, String> {
    let user = name(request, "user")?;
    let messages = mailbox.poll(user)?;
    Ok(messages
        .into_iter()
        .map(|message| json!({ "id": message.id, "from": message.from, "text": message.text, "at": message.at }))
        .collect())
}

/// A user name field: a string of 1 to 64 characters without control characters.
fn name<'a>(request: &'a Map<String, Value>, field: &str) -> Result<&'a str, String> {
    match request.get(field) {
        Some(Value::String(name))
            if !name.is_empty()
                && name.chars().count() <= MAX_NAME
                && !name.chars().any(char::is_control) =>
        {
            Ok(name)
        }
        Some(other) => Err(format!(
            "\"{field}\" must be a user name of 1 to {MAX_NAME} characters without control characters, not {other}"
        )),
        None => Err(format!("this request needs \"{field}\": a user name")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(request: Value) -> Reply {
        handle(request, &Mailbox::open(None, 10).unwrap())
    }

    #[test]
    fn any_other_message_gets_the_seeds_answer() {
        assert_eq!(reply(json!("hola")).message, json!("Respuesta asociada al mensaje hola"));
        assert_eq!(reply(json!([1, 2])).message, json!("Respuesta asociada al mensaje [1,2]"));
        assert_eq!(reply(json!({"a": 1})).kind, Kind::Answer);
    }

    #[test]
    fn sums_stay_integers_while_they_can() {
        let sum = |data: Value| reply(json!({"type": 2, "data": data})).message["response"].clone();
        assert_eq!(sum(json!([1, 2, 3])), json!(6));
        assert_eq!(sum(json!([1, 2.5, 3])), json!(6.5));
        assert_eq!(sum(json!([])), json!(0));
        assert_eq!(sum(json!([i64::MAX, 1])), json!(9.223372036854776e18));
        assert!(reply(json!({"type": 2, "data": [1.7e308, 1.7e308]})).error.unwrap().contains("too large"));
        let refused = reply(json!({"type": "sum", "data": [1, "2"]}));
        assert_eq!(refused.error.as_deref(), Some("item 1 of \"data\" is \"2\", not a number"));
        assert_eq!(refused.message["type"], "sum");
    }

    #[test]
    fn time_requests_answer_every_zone_of_the_country() {
        let answered = reply(json!({"type": 1, "data": "ar"}));
        assert_eq!(answered.error, None);
        assert_eq!(answered.message["response"].as_array().unwrap().len(), 12);
        assert!(reply(json!({"type": 1, "data": "QQ"})).error.unwrap().contains("no time zone"));
        assert!(reply(json!({"type": 1})).error.unwrap().contains("country code"));
    }

    #[test]
    fn unknown_types_and_bad_fields_are_refused_with_the_reason() {
        assert!(reply(json!({"type": 9})).error.unwrap().starts_with("unknown request type 9"));
        assert!(reply(json!({"type": null})).error.unwrap().starts_with("unknown request type null"));
        assert!(reply(json!({"type": 3, "to": "", "text": "x"})).error.unwrap().contains("\"to\" must be"));
        assert!(reply(json!({"type": 3, "to": "ana"})).error.unwrap().contains("\"text\""));
        assert!(reply(json!({"type": 4})).error.unwrap().contains("\"user\""));
    }

    #[test]
    fn the_mailbox_hands_each_message_to_its_recipient_once() {
        let mailbox = Mailbox::open(None, 10).unwrap();
        let sent = handle(json!({"type": 3, "to": "ana", "from": "beto", "text": "hola"}), &mailbox);
        assert_eq!(sent.message["response"], json!({"stored": 1, "to": "ana"}));
        let polled = handle(json!({"type": "poll", "user": "ana"}), &mailbox);
        assert_eq!(polled.message["response"][0]["text"], "hola");
        assert_eq!(polled.message["response"][0]["from"], "beto");
        assert_eq!(handle(json!({"type": 4, "user": "ana"}), &mailbox).message["response"], json!([]));
    }
}
