//! `web-client get`: each URL fetched `--count` times, after `--delay`, one connection per request;
//! each response reported (and shown, and saved); redirects followed with `--follow`.
//!
//! The entry point is [`run`]; [`exchange`] is one request and its response on a fresh connection.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};
use socklab::cli::{EXIT_OK, format_duration};
use socklab::event::{Event, Events, printable};
use socklab::{said, tr};
use url::Url;

use crate::response::{Framing, Response};
use crate::transport::{Stream, Tls};
use crate::wire::Direction;
use crate::{body, request, response, store, transport, wire};

/// Statuses whose `Location` a client may follow with the same GET (RFC 9110 §15.4).
const REDIRECTS: [u16; 5] = [301, 302, 303, 307, 308];

pub struct GetOptions {
    pub urls: Vec<Url>,
    /// Waited before each request of the list (redirect hops follow at once).
    pub delay: Option<Duration>,
    pub count: u32,
    pub save: Option<PathBuf>,
    pub show_wire: bool,
    /// Most redirects followed per URL; `None`: redirects are reported, not followed.
    pub follow: Option<u32>,
    pub max_body: u64,
    /// For connecting, and for each read and write.
    pub timeout: Duration,
    pub ca: Option<PathBuf>,
    /// Show each body (text as is, binary by its size).
    pub body: bool,
    /// Say where each response was saved (off when the folder is a session's temporary one).
    pub announce_saves: bool,
}

/// Runs every request in order; the first failure ends the run with its error. A response with
/// any status (404, 500...) is a success: the exchange worked.
pub fn run(options: GetOptions, events: Events) -> Result<u8> {
    let tls = Tls::new(options.ca.as_deref())?;
    if let Some(dir) = &options.save {
        store::prepare(dir)?;
    }
    for url in &options.urls {
        for _ in 0..options.count {
            if let Some(delay) = options.delay {
                events.emit(
                    Event::quiet("delay")
                        .field("ms", delay.as_secs_f64() * 1000.0)
                        .field("url", url.as_str()),
                );
                std::thread::sleep(delay);
            }
            follow(url, &options, &tls, events)?;
        }
    }
    Ok(EXIT_OK)
}

/// One URL, and the redirects after it when `--follow` says so.
pub fn follow(start: &Url, options: &GetOptions, tls: &Tls, events: Events) -> Result<()> {
    let mut url = start.clone();
    let mut hops = 0;
    loop {
        let response = exchange(&url, options, tls, events).with_context(|| format!("GET {url}"))?;
        let status = response.head.status;
        if !REDIRECTS.contains(&status) {
            return Ok(());
        }
        let Some(location) = response.head.value("location") else {
            events.warn(said!("web-client-redirect-no-location", url = url.to_string(), status = status));
            return Ok(());
        };
        let next = url.join(&location).map_err(|err| {
            anyhow!(tr!(
                "web-client-bad-location",
                url = url.to_string(),
                location = format!("{location:?}"),
                error = err.to_string()
            ))
        })?;
        let redirect = |human: String| {
            Event::new("redirect", human)
                .field("status", status)
                .field("from", url.as_str())
                .field("to", next.as_str())
        };
        let Some(max) = options.follow else {
            events.emit(
                redirect(tr!("web-client-redirect-not-followed", status = status, next = next.to_string()))
                    .field("followed", false),
            );
            return Ok(());
        };
        if hops >= max {
            bail!(tr!(
                "web-client-too-many-redirects",
                url = start.to_string(),
                max = max,
                next = next.to_string()
            ));
        }
        if !matches!(next.scheme(), "http" | "https") {
            bail!(tr!("web-client-redirect-scheme", url = url.to_string(), next = next.to_string()));
        }
        hops += 1;
        let human = tr!(
            "web-client-redirect-followed",
            status = status,
            next = next.to_string(),
            hop = hops,
            max = max
        );
        events.emit(redirect(human).field("followed", true).field("hop", hops));
        url = next;
    }
}

/// Connects, sends the GET for `url`, reads the response, reports it, shows and saves it.
fn exchange(url: &Url, options: &GetOptions, tls: &Tls, events: Events) -> Result<Response> {
    let wire_human = |name: &'static str, human: String| {
        if options.show_wire { Event::new(name, human) } else { Event::quiet(name) }
    };
    let started = Instant::now();
    let (host, port) = transport::endpoint(url)?;
    let addrs = transport::resolve(&host, port)?;
    let listed: Vec<Value> = addrs.iter().map(|addr| Value::from(addr.to_string())).collect();
    events.emit(
        wire_human("connecting", tr!("web-client-connecting", host = host.clone(), port = port))
            .field("url", url.as_str())
            .field("host", host.as_str())
            .field("port", port)
            .field("addrs", listed),
    );
    let tcp = transport::connect(&addrs, options.timeout)?;
    let peer = tcp.peer_addr().map(|addr| addr.to_string()).unwrap_or_default();
    events.emit(
        wire_human("connected", tr!("web-client-connected", addr = peer.clone()))
            .field("addr", peer.as_str()),
    );
    let secure = url.scheme() == "https";
    let mut stream = if secure {
        let (stream, info) = transport::handshake(tls, &host, tcp)?;
        let human = tr!(
            "web-client-tls",
            version = info.version.clone(),
            cipher = info.cipher.clone(),
            host = host.clone()
        );
        events.emit(wire_human("tls", human).field("version", info.version).field("cipher", info.cipher));
        stream
    } else {
        Stream::Plain(tcp)
    };
    let request = request::get(url)?;
    stream
        .write_all(&request.bytes)
        .and_then(|()| stream.flush())
        .map_err(|err| anyhow!(tr!("web-client-cannot-send", error = err.to_string())))?;
    events.emit(
        Event::new("request", format!("GET {url}"))
            .field("method", "GET")
            .field("url", url.as_str())
            .field("target", request.target.as_str())
            .field("bytes", request.bytes.len()),
    );
    if options.show_wire {
        show_wire(events, Direction::Sent, &request.bytes, secure);
    }
    let response = response::read(&mut stream, options.max_body)?;
    let elapsed_ms = (started.elapsed().as_secs_f64() * 1e6).round() / 1e3;
    drop(stream);
    report(url, &response, elapsed_ms, options, events, secure);
    if let Some(dir) = &options.save {
        let meta = store::Meta {
            index: 0,
            url: url.to_string(),
            time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            version: response.head.version(),
            status: response.head.status,
            reason: response.head.reason.clone(),
            framing: response.framing.name().to_owned(),
            body_bytes: response.body.len() as u64,
            content_type: response.head.value("content-type"),
            elapsed_ms,
        };
        let index = store::save(dir, meta, &response.head.raw, &response.body)?;
        let human = tr!("web-client-saved", dir = dir.display().to_string(), index = format!("{index:04}"));
        let saved = if options.announce_saves { Event::new("saved", human) } else { Event::quiet("saved") };
        events.emit(saved.field("dir", dir.display().to_string()).field("index", index));
    }
    Ok(response)
}

/// The `wire` event: the lines sent or received, `> `/`< ` for a person.
fn show_wire(events: Events, direction: Direction, bytes: &[u8], secure: bool) {
    let note = match (direction, secure) {
        (Direction::Sent, false) => tr!("web-client-wire-sent", bytes = bytes.len()),
        (Direction::Sent, true) => tr!("web-client-wire-sent-tls", bytes = bytes.len()),
        (Direction::Received, false) => tr!("web-client-wire-received", bytes = bytes.len()),
        (Direction::Received, true) => tr!("web-client-wire-received-tls", bytes = bytes.len()),
    };
    let human = format!("{note}\n{}", wire::render(direction, bytes));
    events.emit(
        Event::new("wire", human)
            .field("direction", direction.name())
            .field("tls", secure)
            .field("lines", wire::lines(bytes)),
    );
}

/// The `response` event (and the interim ones before it, and the `body`).
fn report(
    url: &Url,
    response: &Response,
    elapsed_ms: f64,
    options: &GetOptions,
    events: Events,
    secure: bool,
) {
    for interim in &response.interim {
        if options.show_wire {
            show_wire(events, Direction::Received, &interim.raw, secure);
        }
        events.emit(
            Event::quiet("interim").field("status", interim.status).field("reason", interim.reason.as_str()),
        );
    }
    let head = &response.head;
    if options.show_wire {
        show_wire(events, Direction::Received, &head.raw, secure);
    }
    let content_type = head.value("content-type");
    let size = match response.framing {
        Framing::None => tr!("web-client-no-body", status = head.status),
        framing => tr!("web-client-body-size", bytes = response.body.len(), framing = framing.describe()),
    };
    let mut summary = format!("{} {}, {size}", head.status, head.reason);
    if let Some(kind) = &content_type {
        summary.push_str(&format!(", {kind}"));
    }
    summary.push_str(&format!(", {}", format_duration(Duration::from_secs_f64(elapsed_ms / 1000.0))));
    let human = if options.show_wire { summary } else { format!("{}\n{summary}", head.status_line()) };
    let headers: Vec<Value> =
        head.headers.iter().map(|(name, value)| json!({ "name": name, "value": printable(value) })).collect();
    let mut event = Event::new("response", human)
        .field("url", url.as_str())
        .field("version", head.version())
        .field("status", head.status)
        .field("reason", head.reason.as_str())
        .field("headers", headers)
        .field("framing", response.framing.name())
        .field("body_bytes", response.body.len())
        .field("content_type", content_type)
        .field("elapsed_ms", elapsed_ms);
    if let Framing::ContentLength(length) = response.framing {
        event = event.field("content_length", length);
    }
    events.emit(event);
    if options.body && !response.body.is_empty() {
        let text = body::is_text(&response.body);
        let mut event = Event::new("body", body::shown(&response.body))
            .field("bytes", response.body.len())
            .field("binary", !text);
        if text {
            event = event.field("text", String::from_utf8_lossy(&response.body));
        }
        events.emit(event);
    }
}
