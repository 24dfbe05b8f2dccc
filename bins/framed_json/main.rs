//! `framed-json`: messages with a length prefix and JSON over TCP (seed 001), with seed 000's typed
//! requests (the time in a country, a sum) and a mailbox kept in a JSON file.
//!
//! Try it: `framed-json server` in one terminal, then `framed-json client --send hola` or
//! `framed-json client --request '{"type": 2, "data": [1, 2.5, 3]}'` in another. The wire format is
//! in `frame.rs` and docs/PROTOCOL.md, the requests in `requests.rs`.

mod client;
mod frame;
mod mailbox;
mod requests;
mod server;
mod timezones;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{ArgAction, Args, CommandFactory, Parser, Subcommand};
use serde_json::{Value, json};
use socklab::cli::{EXIT_USAGE, parse_positive_duration, parse_socket_addr, size_in};
use socklab::event::Events;

use frame::{ByteOrder, Framing, Prefix};

#[derive(Parser)]
#[command(
    name = "framed-json",
    version,
    about = "JSON messages with a length prefix over TCP: answers, typed requests and a mailbox (seeds 001 and 000)",
    after_help = "Examples:\n  framed-json server --bind 127.0.0.1:5000 --store mailbox.json\n  framed-json client --to 127.0.0.1:5000 --send hola\n  framed-json client --request '{\"type\": 1, \"data\": \"AR\"}'\n  framed-json client --mailbox send ana \"nos vemos a las 5\" --from beto\n  framed-json client --mailbox poll ana\n\nThe wire format is described in docs/PROTOCOL.md."
)]
struct Cli {
    #[command(subcommand)]
    role: Role,
}

#[derive(Subcommand)]
enum Role {
    /// Answer every message; serve typed requests and the mailbox.
    Server(ServerArgs),
    /// Send messages and print the replies (scripted with --send/--request/--mailbox, or typed lines).
    Client(ClientArgs),
}

/// The constants of the format, which courses vary.
#[derive(Args, Clone, Copy)]
struct FramingArgs {
    /// Pad each JSON text with NUL bytes to a multiple of this many bytes (1 to 65536).
    #[arg(long, value_name = "BYTES", default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..=65536))]
    chunk: u32,
    /// Byte order of the 4-byte prefix.
    #[arg(long, value_enum, default_value = "big")]
    byte_order: ByteOrder,
    /// What the prefix counts: the body's bytes, or its chunks (seed 001's first example).
    #[arg(long, value_enum, default_value = "bytes")]
    prefix: Prefix,
    /// Largest body accepted, checked from the prefix before reading it (at most 64MiB).
    #[arg(long, value_name = "BYTES", default_value = "1MiB", value_parser = size_in(1, MAX_FRAME))]
    max_frame: usize,
    /// Accept bodies whose length is not a multiple of --chunk.
    #[arg(long)]
    lenient: bool,
}

impl FramingArgs {
    /// The format, or why these constants cannot work together.
    fn checked(self) -> Result<Framing, String> {
        if self.max_frame < self.chunk as usize {
            return Err(format!(
                "--max-frame {} is smaller than one chunk (--chunk {}): every frame would be refused",
                self.max_frame, self.chunk
            ));
        }
        Ok(self.framing())
    }

    fn framing(self) -> Framing {
        Framing {
            chunk: self.chunk as usize,
            order: self.byte_order,
            prefix: self.prefix,
            max_frame: self.max_frame,
            lenient: self.lenient,
        }
    }
}

const MAX_FRAME: usize = 64 << 20;

#[derive(Args)]
#[command(
    allow_negative_numbers = true,
    after_help = "Examples:\n  framed-json server\n  framed-json server --bind 127.0.0.1:0 --mode poll --store mailbox.json --json"
)]
struct ServerArgs {
    /// Address to listen on; port 0 picks a free port (the first line shows it).
    #[arg(long, default_value = "127.0.0.1:5000", value_parser = parse_socket_addr)]
    bind: SocketAddr,
    /// threads: a thread per client (seed 001); poll: every client from one thread.
    #[arg(long, value_enum, default_value = "threads")]
    mode: server::Mode,
    /// Keep the mailbox in this JSON file (saved atomically after every change); memory only if not given.
    #[arg(long, value_name = "PATH")]
    store: Option<PathBuf>,
    /// Most messages the mailbox holds at once; more are refused until some are polled.
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    max_stored: u32,
    /// Clients served at once; one more gets an error reply and is closed.
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    max_clients: u32,
    /// Close a client that sends nothing for this long.
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = parse_positive_duration)]
    idle_timeout: Duration,
    /// No line per message (connections, refused requests, errors and totals are still reported): for
    /// load tests.
    #[arg(long)]
    quiet: bool,
    #[command(flatten)]
    framing: FramingArgs,
    /// One JSON object per line instead of human output.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
#[command(
    allow_negative_numbers = true,
    after_help = "Examples:\n  framed-json client --send hola --send chao\n  framed-json client --request '{\"type\": 2, \"data\": [1, 2.5, 3]}'\n  framed-json client --mailbox send ana hola --from beto\n  framed-json client --send uno --send dos --cut-after 2 --json\n  framed-json client            (type lines; each is sent as a JSON string)"
)]
struct ClientArgs {
    /// Server address.
    #[arg(long, default_value = "127.0.0.1:5000", value_parser = parse_socket_addr)]
    to: SocketAddr,
    /// Send this text as a JSON string (repeatable; messages go in command-line order).
    #[arg(long, value_name = "TEXT")]
    send: Vec<String>,
    /// Send this JSON value as it is, e.g. '{"type": 2, "data": [1, 2]}' (repeatable).
    #[arg(long, value_name = "JSON", value_parser = parse_json)]
    request: Vec<Value>,
    /// A mailbox request: `send TO TEXT` or `poll USER` (repeatable).
    #[arg(long, value_names = ["ACTION", "ARGS"], num_args = 2..=3, action = ArgAction::Append)]
    mailbox: Vec<String>,
    /// The sender named in `--mailbox send` requests.
    #[arg(long, value_name = "NAME", requires = "mailbox")]
    from: Option<String>,
    /// Write every frame back to back in one write, then read the replies.
    #[arg(long)]
    pipeline: bool,
    /// Cut the stream of frames after this byte and send the rest once the server has read what
    /// came before (repeatable); e.g. 2 splits the first length prefix.
    #[arg(long, value_name = "BYTE")]
    cut_after: Vec<usize>,
    /// Open this many connections first, then send every message on each at once; `{client}` in a
    /// text becomes the connection's number (1 to N).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    clients: u32,
    /// Send the messages this many times on each connection and print only a summary (a load test).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100_000_000),
          conflicts_with_all = ["pipeline", "cut_after"])]
    count: u32,
    /// Give up when connecting, sending or waiting for a reply takes longer than this.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_positive_duration)]
    timeout: Duration,
    /// Interactive: each typed line is JSON to send as it is (instead of a string).
    #[arg(long, conflicts_with_all = ["send", "request", "mailbox"])]
    raw_json: bool,
    /// After the last reply, keep the connection open this long before closing it (a client that
    /// stays, while others must be served).
    #[arg(long, value_name = "DURATION", value_parser = parse_positive_duration)]
    linger: Option<Duration>,
    #[command(flatten)]
    framing: FramingArgs,
    /// One JSON object per line instead of human output.
    #[arg(long)]
    json: bool,
}

fn parse_json(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|err| format!("not JSON: {err}"))
}

/// `--mailbox send TO TEXT` or `--mailbox poll USER` as the request it stands for.
fn mailbox_request(words: &[String], from: Option<&str>) -> Result<Value, String> {
    match words {
        [action, to, text] if action == "send" => {
            Ok(json!({ "type": 3, "to": to, "from": from, "text": text }))
        }
        [action, user] if action == "poll" => Ok(json!({ "type": 4, "user": user })),
        [action, ..] if action == "send" => {
            Err("--mailbox send takes a recipient and a text: --mailbox send TO TEXT".into())
        }
        [action, ..] if action == "poll" => {
            Err("--mailbox poll takes one user name: --mailbox poll USER".into())
        }
        [action, ..] => Err(format!("--mailbox {action:?}: the action is send or poll")),
        [] => Err("--mailbox needs an action: send or poll".into()),
    }
}

/// The messages of `--send`, `--request` and `--mailbox` in command-line order.
fn ordered_messages(args: &ClientArgs) -> Result<Vec<Value>, String> {
    let matches = Cli::command().get_matches();
    let Some(("client", client)) = matches.subcommand() else { unreachable!("parsed as client") };
    let positions = |id: &str| client.indices_of(id).map(Iterator::collect::<Vec<_>>).unwrap_or_default();
    let mut messages: Vec<(usize, Value)> = Vec::new();
    messages.extend(
        positions("send").into_iter().zip(&args.send).map(|(at, text)| (at, Value::String(text.clone()))),
    );
    messages.extend(
        positions("request").into_iter().zip(&args.request).map(|(at, request)| (at, request.clone())),
    );
    let mailbox_positions = positions("mailbox");
    let occurrences = client.get_occurrences::<String>("mailbox").into_iter().flatten();
    let mut next = 0;
    for words in occurrences {
        let words: Vec<String> = words.cloned().collect();
        let at = mailbox_positions.get(next).copied().unwrap_or(usize::MAX);
        next += words.len();
        messages.push((at, mailbox_request(&words, args.from.as_deref())?));
    }
    messages.sort_by_key(|(at, _)| *at);
    Ok(messages.into_iter().map(|(_, message)| message).collect())
}

fn main() -> ExitCode {
    let cli: Cli = socklab::cli::parse();
    socklab::cli::run_main(|| match cli.role {
        Role::Server(args) => server::run(
            server::ServerOptions {
                bind: args.bind,
                mode: args.mode,
                framing: match args.framing.checked() {
                    Ok(framing) => framing,
                    Err(why) => {
                        eprintln!("error: {why}");
                        return Ok(EXIT_USAGE);
                    }
                },
                store: args.store,
                max_stored: args.max_stored as usize,
                max_clients: args.max_clients as usize,
                idle_timeout: args.idle_timeout,
                quiet: args.quiet,
            },
            Events::new(args.json),
        ),
        Role::Client(args) => {
            let messages = match ordered_messages(&args) {
                Ok(messages) => messages,
                Err(why) => {
                    eprintln!("error: {why}");
                    return Ok(EXIT_USAGE);
                }
            };
            if messages.is_empty() && (args.pipeline || !args.cut_after.is_empty()) {
                eprintln!(
                    "error: --pipeline and --cut-after need messages: give --send, --request or --mailbox"
                );
                return Ok(EXIT_USAGE);
            }
            let framing = match args.framing.checked() {
                Ok(framing) => framing,
                Err(why) => {
                    eprintln!("error: {why}");
                    return Ok(EXIT_USAGE);
                }
            };
            client::run(
                client::ClientOptions {
                    to: args.to,
                    framing,
                    linger: args.linger,
                    messages,
                    pipeline: args.pipeline,
                    cuts: args.cut_after,
                    timeout: args.timeout,
                    clients: args.clients as usize,
                    count: args.count as usize,
                    raw_json: args.raw_json,
                },
                Events::new(args.json),
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailbox_words_make_requests_or_say_what_is_missing() {
        let words = |list: &[&str]| list.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            mailbox_request(&words(&["send", "ana", "hola"]), Some("beto")),
            Ok(json!({"type": 3, "to": "ana", "from": "beto", "text": "hola"}))
        );
        assert_eq!(mailbox_request(&words(&["poll", "ana"]), None), Ok(json!({"type": 4, "user": "ana"})));
        assert!(mailbox_request(&words(&["send", "ana"]), None).unwrap_err().contains("TO TEXT"));
        assert!(mailbox_request(&words(&["poll", "ana", "x"]), None).unwrap_err().contains("one user"));
        assert!(mailbox_request(&words(&["peek", "ana"]), None).unwrap_err().contains("send or poll"));
    }
}
