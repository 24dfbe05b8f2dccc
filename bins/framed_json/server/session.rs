//! One client's conversation, whatever the server mode: each frame in, its events, the reply frame
//! out, and the counts the `closed` event reports. The modes only move bytes.

use std::net::SocketAddr;
use std::time::Instant;

use serde_json::Value;
use socklab::event::{Event, Events};
use socklab::tr;

use crate::frame::{FrameError, Framing};
use crate::mailbox::Mailbox;
use crate::requests::{self, Reply};

/// Why a connection ended (the `reason` of the `closed` event).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The client closed after a whole frame.
    Eof,
    /// The client closed inside a frame.
    Truncated,
    /// A broken header: the error reply was sent and the connection closed.
    Framing,
    /// The connection failed (reset, or a reply could not be written).
    Error,
    /// Nothing came for `--idle-timeout`.
    Idle,
    /// The server is stopping.
    Shutdown,
}

impl End {
    fn name(self) -> &'static str {
        match self {
            End::Eof => "eof",
            End::Truncated => "truncated",
            End::Framing => "framing",
            End::Error => "error",
            End::Idle => "idle",
            End::Shutdown => "shutdown",
        }
    }
}

/// Counts over one connection, and over the server's life.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub frames_in: u64,
    pub frames_out: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub errors: u64,
}

impl Counts {
    pub fn add(&mut self, other: &Counts) {
        self.frames_in += other.frames_in;
        self.frames_out += other.frames_out;
        self.bytes_in += other.bytes_in;
        self.bytes_out += other.bytes_out;
        self.errors += other.errors;
    }
}

/// What a session needs from the server.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub framing: &'a Framing,
    pub mailbox: &'a Mailbox,
    pub events: Events,
    /// `--quiet`: no event per frame (connections, errors and totals are still reported).
    pub quiet: bool,
}

pub struct Session<'a> {
    peer: SocketAddr,
    context: Context<'a>,
    started: Instant,
    pub counts: Counts,
}

impl<'a> Session<'a> {
    /// A new connection from `peer` (emits `connection`).
    pub fn start(peer: SocketAddr, context: Context<'a>) -> Self {
        context.events.emit(
            Event::new("connection", tr!("framed-json-connection", peer = peer.to_string()))
                .field("peer", peer.to_string()),
        );
        Self { peer, context, started: Instant::now(), counts: Counts::default() }
    }

    /// A whole frame of `length` body bytes arrived: the reply frame to send.
    pub fn frame(&mut self, length: usize, message: Result<Value, FrameError>) -> Vec<u8> {
        self.counts.frames_in += 1;
        self.counts.bytes_in += (crate::frame::HEADER_LEN + length) as u64;
        let events = self.context.events;
        let quiet = self.context.quiet;
        if !quiet {
            events.emit(
                Event::quiet("frame")
                    .field("peer", self.peer.to_string())
                    .field("length", length as u64)
                    .field("ok", message.is_ok()),
            );
        }
        let reply = match message {
            Ok(message) if quiet => {
                let reply = requests::handle(message, self.context.mailbox);
                self.counts.errors += u64::from(reply.error.is_some());
                reply
            }
            Ok(message) => {
                // For a person the reply line says enough (like the seed's "Enviando respuesta");
                // scripts get the request too.
                events.emit(
                    Event::quiet("request")
                        .field("peer", self.peer.to_string())
                        .field("kind", requests::kind(&message).name())
                        .field("message", message.clone()),
                );
                let reply = requests::handle(message, self.context.mailbox);
                self.counts.errors += u64::from(reply.error.is_some());
                reply
            }
            Err(err) => {
                self.error(&err);
                Reply {
                    kind: requests::Kind::Unknown,
                    message: requests::error_reply(&err.to_string()),
                    error: Some(err.to_string()),
                }
            }
        };
        self.reply(reply)
    }

    /// A header that cannot be right: the error reply to send before closing.
    pub fn broken(&mut self, err: &FrameError) -> Vec<u8> {
        self.error(err);
        let reply = Reply {
            kind: requests::Kind::Unknown,
            message: requests::error_reply(&format!("{err}; closing the connection")),
            error: Some(err.to_string()),
        };
        self.reply(reply)
    }

    /// The client closed inside a frame, with `held` bytes of it received.
    pub fn truncated(&mut self, part: &'static str, got: usize, wanted: usize) {
        self.error(&FrameError::Truncated { part, got, wanted });
    }

    /// Reports the end of the connection (emits `closed`) and returns its counts.
    pub fn end(self, end: End) -> Counts {
        let ms = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let Counts { frames_in, frames_out, bytes_in, bytes_out, errors } = self.counts;
        self.context.events.emit(
            Event::new(
                "closed",
                tr!(
                    "framed-json-closed",
                    peer = self.peer.to_string(),
                    reason = end.name(),
                    frames_in = frames_in,
                    frames_out = frames_out
                ),
            )
            .field("peer", self.peer.to_string())
            .field("reason", end.name())
            .field("frames_in", frames_in)
            .field("frames_out", frames_out)
            .field("bytes_in", bytes_in)
            .field("bytes_out", bytes_out)
            .field("errors", errors)
            .field("ms", ms),
        );
        self.counts
    }

    fn error(&mut self, err: &FrameError) {
        self.counts.errors += 1;
        self.context.events.emit(
            Event::new(
                "error",
                tr!("framed-json-frame-error", peer = self.peer.to_string(), error = err.shown()),
            )
            .field("peer", self.peer.to_string())
            .field("kind", err.kind())
            .field("message", err.to_string()),
        );
    }

    fn reply(&mut self, reply: Reply) -> Vec<u8> {
        let frame = self.context.framing.encode(&reply.message);
        self.counts.frames_out += 1;
        self.counts.bytes_out += frame.len() as u64;
        if self.context.quiet && reply.error.is_none() {
            return frame;
        }
        let mut event = Event::new(
            "reply",
            tr!("framed-json-reply", peer = self.peer.to_string(), reply = reply.message.to_string()),
        )
        .field("peer", self.peer.to_string())
        .field("kind", reply.kind.name())
        .field("reply", reply.message);
        if let Some(why) = reply.error {
            event = event.field("error", why);
        }
        self.context.events.emit(event);
        frame
    }
}
