//! `web-client show DIR`: the responses `--save DIR` kept, in the order they were received — per
//! response a line `#N  time  URL  status  size`, then the head as received, then the body when it
//! is text.
//!
//! A missing, non-folder or empty DIR is an error. A damaged entry (a file missing, metadata that
//! does not parse, a body whose size disagrees) is reported as a warning naming the file, the other
//! entries are still shown, and the exit status is then 1.

use std::path::Path;

use anyhow::{Result, bail};
use socklab::cli::{EXIT_FAILURE, EXIT_OK};
use socklab::event::{Event, Events, printable};
use socklab::tr;

use crate::{body, store, wire};

pub fn run(dir: &Path, events: Events) -> Result<u8> {
    let indices = store::indices(dir)?;
    if indices.is_empty() {
        bail!(tr!("web-client-show-empty", dir = dir.display().to_string()));
    }
    let mut damaged = 0;
    for index in indices {
        // A damaged response becomes a warning, whose --json event is English.
        let loaded = if events.is_json() {
            socklab::i18n::in_english(|| store::load(dir, index))
        } else {
            store::load(dir, index)
        };
        let saved = match loaded {
            Ok(saved) => saved,
            Err(err) => {
                events.warn(format!("#{index}: {err:#}"));
                damaged += 1;
                continue;
            }
        };
        let meta = &saved.meta;
        let title = format!(
            "#{index}  {}  {}  {} {}  {} bytes",
            meta.time, meta.url, meta.status, meta.reason, meta.body_bytes
        );
        let text = body::is_text(&saved.body);
        let mut human = format!("{title}\n{}", wire::lines(&saved.head).join("\n"));
        if !saved.body.is_empty() {
            human.push('\n');
            human.push_str(&body::shown(&saved.body));
        }
        let mut event = Event::new("entry", human)
            .field("index", index)
            .field("url", meta.url.as_str())
            .field("time", meta.time.as_str())
            .field("version", meta.version.as_str())
            .field("status", meta.status)
            .field("reason", meta.reason.as_str())
            .field("framing", meta.framing.as_str())
            .field("body_bytes", meta.body_bytes)
            .field("content_type", meta.content_type.clone())
            .field("elapsed_ms", meta.elapsed_ms)
            .field("head", printable(&saved.head))
            .field("binary", !text);
        if text {
            event = event.field("body", String::from_utf8_lossy(&saved.body));
        }
        events.emit(event);
    }
    if damaged > 0 {
        eprintln!(
            "error: {}",
            tr!("web-client-show-damaged", count = damaged, dir = dir.display().to_string())
        );
        return Ok(EXIT_FAILURE);
    }
    Ok(EXIT_OK)
}
