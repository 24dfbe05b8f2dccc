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
use socklab::tr;

use frame::{ByteOrder, Framing, Prefix};

#[derive(Parser)]
#[command(
    name = "framed-json",
    version,
    about = tr!("framed-json-about"),
    after_help = tr!("framed-json-after-help")
)]
struct Cli {
    #[command(subcommand)]
    role: Role,
}

#[derive(Subcommand)]
enum Role {
    #[command(about = tr!("framed-json-cmd-server"))]
    Server(ServerArgs),
    #[command(about = tr!("framed-json-cmd-client"))]
    Client(ClientArgs),
}

/// The constants of the format, which courses vary.
#[derive(Args, Clone, Copy)]
struct FramingArgs {
    #[arg(long, value_name = "BYTES", default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..=65536), help = tr!("framed-json-arg-chunk"))]
    chunk: u32,
    #[arg(long, value_enum, default_value = "big", help = tr!("framed-json-arg-byte-order"))]
    byte_order: ByteOrder,
    #[arg(long, value_enum, default_value = "bytes", help = tr!("framed-json-arg-prefix"))]
    prefix: Prefix,
    #[arg(long, value_name = "BYTES", default_value = "1MiB", value_parser = size_in(1, MAX_FRAME), help = tr!("framed-json-arg-max-frame"))]
    max_frame: usize,
    #[arg(long, help = tr!("framed-json-arg-lenient"))]
    lenient: bool,
}

impl FramingArgs {
    /// The format, or why these constants cannot work together.
    fn checked(self) -> Result<Framing, String> {
        if self.max_frame < self.chunk as usize {
            return Err(tr!(
                "framed-json-max-frame-below-chunk",
                max_frame = self.max_frame,
                chunk = self.chunk
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
    after_help = tr!("framed-json-server-after-help")
)]
struct ServerArgs {
    #[arg(long, default_value = "127.0.0.1:5000", value_parser = parse_socket_addr, help = tr!("framed-json-arg-bind"))]
    bind: SocketAddr,
    #[arg(long, value_enum, default_value = "threads", help = tr!("framed-json-arg-mode"))]
    mode: server::Mode,
    #[arg(long, value_name = "PATH", help = tr!("framed-json-arg-store"))]
    store: Option<PathBuf>,
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000), help = tr!("framed-json-arg-max-stored"))]
    max_stored: u32,
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000), help = tr!("framed-json-arg-max-clients"))]
    max_clients: u32,
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = parse_positive_duration, help = tr!("framed-json-arg-idle-timeout"))]
    idle_timeout: Duration,
    #[arg(long, help = tr!("framed-json-arg-quiet"))]
    quiet: bool,
    #[command(flatten)]
    framing: FramingArgs,
    #[arg(long, help = tr!("framed-json-arg-json"))]
    json: bool,
}

#[derive(Args)]
#[command(
    allow_negative_numbers = true,
    after_help = tr!("framed-json-client-after-help")
)]
struct ClientArgs {
    #[arg(long, default_value = "127.0.0.1:5000", value_parser = parse_socket_addr, help = tr!("framed-json-arg-to"))]
    to: SocketAddr,
    #[arg(long, value_name = "TEXT", help = tr!("framed-json-arg-send"))]
    send: Vec<String>,
    #[arg(long, value_name = "JSON", value_parser = parse_json, help = tr!("framed-json-arg-request"))]
    request: Vec<Value>,
    #[arg(long, value_names = ["ACTION", "ARGS"], num_args = 2..=3, action = ArgAction::Append, help = tr!("framed-json-arg-mailbox"))]
    mailbox: Vec<String>,
    #[arg(long, value_name = "NAME", requires = "mailbox", help = tr!("framed-json-arg-from"))]
    from: Option<String>,
    #[arg(long, help = tr!("framed-json-arg-pipeline"))]
    pipeline: bool,
    #[arg(long, value_name = "BYTE", help = tr!("framed-json-arg-cut-after"))]
    cut_after: Vec<usize>,
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000), help = tr!("framed-json-arg-clients"))]
    clients: u32,
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100_000_000),
          conflicts_with_all = ["pipeline", "cut_after"], help = tr!("framed-json-arg-count"))]
    count: u32,
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_positive_duration, help = tr!("framed-json-arg-timeout"))]
    timeout: Duration,
    #[arg(long, conflicts_with_all = ["send", "request", "mailbox"], help = tr!("framed-json-arg-raw-json"))]
    raw_json: bool,
    #[arg(long, value_name = "DURATION", value_parser = parse_positive_duration, help = tr!("framed-json-arg-linger"))]
    linger: Option<Duration>,
    #[command(flatten)]
    framing: FramingArgs,
    #[arg(long, help = tr!("framed-json-arg-json"))]
    json: bool,
}

fn parse_json(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|err| tr!("framed-json-not-json", error = err.to_string()))
}

/// `--mailbox send TO TEXT` or `--mailbox poll USER` as the request it stands for.
fn mailbox_request(words: &[String], from: Option<&str>) -> Result<Value, String> {
    match words {
        [action, to, text] if action == "send" => {
            Ok(json!({ "type": 3, "to": to, "from": from, "text": text }))
        }
        [action, user] if action == "poll" => Ok(json!({ "type": 4, "user": user })),
        [action, ..] if action == "send" => Err(tr!("framed-json-mailbox-send-args")),
        [action, ..] if action == "poll" => Err(tr!("framed-json-mailbox-poll-args")),
        [action, ..] => Err(tr!("framed-json-mailbox-bad-action", action = format!("{action:?}"))),
        [] => Err(tr!("framed-json-mailbox-no-action")),
    }
}

/// The messages of `--send`, `--request` and `--mailbox` in command-line order.
fn ordered_messages(args: &ClientArgs) -> Result<Vec<Value>, String> {
    // Read again for the positions of the flags: with `--lang`, as socklab::cli::parse read it.
    let matches = socklab::cli::localized(Cli::command()).get_matches();
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
                eprintln!("error: {}", tr!("framed-json-pipeline-needs-messages"));
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
