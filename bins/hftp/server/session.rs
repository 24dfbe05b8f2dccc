//! One client's conversation, whatever the server mode: bytes in, requests answered in order, the
//! reply queued in [`Outgoing`], and whether the connection must end (after `quit` or a fatal error).

use std::net::SocketAddr;
use std::time::Instant;

use socklab::event::{Event, Events, printable};
use socklab::tr;

use super::reply::Outgoing;
use crate::files::Folder;
use crate::lines::{Line, Lines};
use crate::protocol::{self, Extensions, Request, Status};

/// What a session needs from the server.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub folder: &'a Folder,
    pub extensions: Extensions,
    pub max_line: usize,
    pub events: Events,
}

/// Why a connection ended (the `reason` of the `closed` event).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Quit,
    /// A fatal status (1xx) was sent.
    Fatal,
    /// The client closed without `quit` (seed 002's case), `held` bytes of a line unanswered.
    ClientClosed,
    /// A reset, or a reply that could not be written or read from its file.
    Error,
    Idle,
    Shutdown,
}

impl End {
    fn name(self) -> &'static str {
        match self {
            End::Quit => "quit",
            End::Fatal => "fatal",
            End::ClientClosed => "client-closed",
            End::Error => "error",
            End::Idle => "idle",
            End::Shutdown => "shutdown",
        }
    }
}

/// Counts over a connection and over the server's life.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub requests: u64,
    pub errors: u64,
    pub bytes_in: u64,
}

impl Counts {
    pub fn add(&mut self, other: &Counts) {
        self.requests += other.requests;
        self.errors += other.errors;
        self.bytes_in += other.bytes_in;
    }
}

pub struct Session<'a> {
    peer: SocketAddr,
    context: Context<'a>,
    lines: Lines,
    started: Instant,
    /// Set once no more requests are read (after `quit` or a fatal status).
    pub ending: Option<End>,
    pub counts: Counts,
}

impl<'a> Session<'a> {
    /// A new connection from `peer` (emits `connection`).
    pub fn start(peer: SocketAddr, context: Context<'a>) -> Self {
        context.events.emit(
            Event::new("connection", tr!("hftp-connected", peer = peer.to_string()))
                .field("peer", peer.to_string()),
        );
        Session {
            peer,
            context,
            lines: Lines::new(context.max_line),
            started: Instant::now(),
            ending: None,
            counts: Counts::default(),
        }
    }

    /// Bytes from the client: every whole request among them is answered into `out`, in order.
    pub fn received(&mut self, bytes: &[u8], out: &mut Outgoing) {
        self.counts.bytes_in += bytes.len() as u64;
        self.lines.push(bytes);
        while self.ending.is_none() {
            match self.lines.next() {
                // An empty line (Enter in telnet) is no request: nothing to answer.
                Line::Request(line) if line.is_empty() => {}
                Line::Request(line) => self.answer(&line, out),
                Line::BadEol => self.fatal(Status::BadEol, Why::BadEol, out),
                Line::TooLong => {
                    self.fatal(Status::BadRequest, Why::TooLong(self.context.max_line), out);
                }
                Line::Incomplete => break,
            }
        }
    }

    fn answer(&mut self, line: &[u8], out: &mut Outgoing) {
        self.counts.requests += 1;
        let shown = shorten(line);
        let request = match protocol::parse(line, self.context.extensions) {
            Ok(request) => request,
            Err(status) if status.is_fatal() => {
                return self.fatal(status, Why::NotAscii, out);
            }
            Err(status) => {
                self.counts.errors += 1;
                self.request_event(&shown, None, status);
                out.bytes(status.line());
                return;
            }
        };
        let status = match self.serve(&request, out) {
            Ok(()) => Status::Ok,
            Err(status) => {
                self.counts.errors += 1;
                out.bytes(status.line());
                status
            }
        };
        self.request_event(&shown, Some(request.command()), status);
        if request == Request::Quit {
            self.ending = Some(End::Quit);
        } else if status.is_fatal() {
            self.ending = Some(End::Fatal);
        }
    }

    fn serve(&self, request: &Request, out: &mut Outgoing) -> Result<(), Status> {
        let folder = self.context.folder;
        match request {
            Request::ListFiles => {
                let names = folder.list().map_err(|err| self.internal(&err.to_string()))?;
                let mut reply = Status::Ok.line();
                for name in names {
                    reply.extend_from_slice(name.as_bytes());
                    reply.extend_from_slice(protocol::EOL);
                }
                reply.extend_from_slice(protocol::EOL);
                out.bytes(reply);
            }
            Request::Metadata { name } => {
                let (_, size) = folder.open_file(name)?;
                let mut reply = Status::Ok.line();
                reply.extend_from_slice(format!("{size}\r\n").as_bytes());
                out.bytes(reply);
            }
            Request::Slice { name, offset, size, raw } => {
                let slice = folder.slice(name, *offset, *size)?;
                out.bytes(Status::Ok.line());
                if *raw {
                    out.raw(slice);
                } else {
                    out.base64(slice);
                }
            }
            Request::Quit => out.bytes(Status::Ok.line()),
            Request::Help => {
                let mut reply = Status::Ok.line();
                reply.extend_from_slice(protocol::help(self.context.extensions).as_bytes());
                reply.extend_from_slice(protocol::EOL);
                out.bytes(reply);
            }
        }
        Ok(())
    }

    fn internal(&self, why: &str) -> Status {
        self.context.events.warn(tr!(
            "hftp-internal-error",
            peer = self.peer.to_string(),
            why = why.to_owned()
        ));
        Status::InternalError
    }

    fn fatal(&mut self, status: Status, why: Why, out: &mut Outgoing) {
        self.counts.errors += 1;
        out.bytes(status.line());
        let human =
            tr!("hftp-fatal", peer = self.peer.to_string(), why = why.text(), status = status.to_string());
        // The JSON field is part of the interface: English whatever the language.
        let english = socklab::i18n::in_english(|| why.text());
        self.context.events.emit(
            Event::new("error", human)
                .field("peer", self.peer.to_string())
                .field("code", status.code())
                .field("message", english),
        );
        self.ending = Some(End::Fatal);
    }

    fn request_event(&self, shown: &str, command: Option<&str>, status: Status) {
        self.context.events.emit(
            Event::new("request", tr!("hftp-request", line = shown.to_owned(), status = status.to_string()))
                .field("peer", self.peer.to_string())
                .field("command", command.map_or(serde_json::Value::Null, serde_json::Value::from))
                .field("line", shown.to_owned())
                .field("code", status.code()),
        );
    }

    /// Reports the end of the connection (emits `closed`) and returns its counts.
    pub fn end(self, end: End) -> Counts {
        let Counts { requests, errors, bytes_in } = self.counts;
        let held = self.lines.held();
        let human = if held > 0 && matches!(end, End::ClientClosed | End::Error) {
            tr!(
                "hftp-closed-dropped",
                peer = self.peer.to_string(),
                reason = end.name(),
                requests = requests,
                refused = errors,
                held = held
            )
        } else {
            tr!(
                "hftp-closed",
                peer = self.peer.to_string(),
                reason = end.name(),
                requests = requests,
                refused = errors
            )
        };
        self.context.events.emit(
            Event::new("closed", human)
                .field("peer", self.peer.to_string())
                .field("reason", end.name())
                .field("requests", requests)
                .field("errors", errors)
                .field("bytes_in", bytes_in)
                .field("unfinished", held as u64)
                .field("ms", u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)),
        );
        self.counts
    }
}

/// Why a connection is closed after a fatal status.
#[derive(Clone, Copy)]
enum Why {
    BadEol,
    TooLong(usize),
    NotAscii,
}

impl Why {
    fn text(self) -> String {
        match self {
            Why::BadEol => tr!("hftp-why-bad-eol"),
            Why::TooLong(max) => tr!("hftp-why-too-long", max = max),
            Why::NotAscii => tr!("hftp-why-not-ascii"),
        }
    }
}

/// A request as logged: printable, and at most 200 bytes of it.
fn shorten(line: &[u8]) -> String {
    const SHOWN: usize = 200;
    if line.len() <= SHOWN {
        return printable(line);
    }
    format!("{}... ({} bytes)", printable(&line[..SHOWN]), line.len())
}
