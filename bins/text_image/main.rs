//! `text-image`: a text message and images over ONE TCP connection (guide §2.5.4), nothing ever lost.
//!
//! Try it: `text-image recv --bind 127.0.0.1:3500 --out received` in one terminal, then
//! `text-image send --to 127.0.0.1:3500 --text hola --image cat.png` in another. The wire format is in
//! `frame.rs` and docs/PROTOCOL.md; why it looks like that is in the README.

mod detect;
mod frame;
mod recv;
mod send;
mod session;
mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, CommandFactory, Parser, Subcommand};
use socklab::cli::{limits, parse_positive_duration, parse_socket_addr, size_in};
use socklab::event::Events;
use socklab::i18n::Said;
use socklab::tr;

#[derive(Parser)]
#[command(
    name = "text-image",
    version,
    about = tr!("text-image-about"),
    after_help = tr!("text-image-after-help")
)]
struct Cli {
    #[command(subcommand)]
    role: Role,
}

#[derive(Subcommand)]
enum Role {
    #[command(about = tr!("text-image-cmd-send"))]
    Send(SendArgs),
    #[command(about = tr!("text-image-cmd-recv"))]
    Recv(RecvArgs),
}

#[derive(Args)]
#[command(
    after_help = tr!("text-image-send-after-help")
)]
struct SendArgs {
    #[arg(long, value_parser = parse_socket_addr, help = tr!("text-image-arg-send-to"))]
    to: SocketAddr,
    #[arg(long, value_name = "MESSAGE", help = tr!("text-image-arg-send-text"))]
    text: Vec<String>,
    #[arg(long, value_name = "FILE", help = tr!("text-image-arg-send-image"))]
    image: Vec<PathBuf>,
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_positive_duration, help = tr!("text-image-arg-send-timeout"))]
    timeout: Duration,
    #[arg(long, help = tr!("text-image-arg-json"))]
    json: bool,
}

#[derive(Args)]
#[command(
    after_help = tr!("text-image-recv-after-help")
)]
struct RecvArgs {
    #[arg(long, default_value = "127.0.0.1:3500", value_parser = parse_socket_addr, help = tr!("text-image-arg-recv-bind"))]
    bind: SocketAddr,
    #[arg(long, value_name = "DIR", help = tr!("text-image-arg-recv-out"))]
    out: PathBuf,
    #[arg(long, help = tr!("text-image-arg-recv-once"))]
    once: bool,
    #[arg(long, value_name = "BYTES", default_value = "64MiB", value_parser = size_in(0, limits::STREAMED), help = tr!("text-image-arg-recv-max-size"))]
    max_size: usize,
    #[arg(long, help = tr!("text-image-arg-recv-accept-any"))]
    accept_any: bool,
    #[arg(long, help = tr!("text-image-arg-recv-overwrite"))]
    overwrite: bool,
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_positive_duration, help = tr!("text-image-arg-recv-timeout"))]
    timeout: Duration,
    #[arg(long, help = tr!("text-image-arg-json"))]
    json: bool,
}

/// A byte count for people: `1479 bytes`, `200.0 MiB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 10 * 1024 {
        return tr!("text-image-size-bytes", bytes = bytes);
    }
    let mut value = bytes as f64;
    let mut unit = "bytes";
    for next in UNITS {
        if value < 1024.0 {
            break;
        }
        value /= 1024.0;
        unit = next;
    }
    format!("{value:.1} {unit}")
}

/// A [`Said`] as an error or an error's context: it displays in the language being written, so an
/// error chain renders for the person and, inside [`Said::by`], in English for `--json`.
#[derive(Debug, Clone)]
pub struct Message(pub Said);

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.in_current())
    }
}

impl std::error::Error for Message {}

/// Texts and images interleaved as they were given: clap keeps each flag's values apart, so their
/// positions on the command line put them back in order.
fn ordered_items(args: &SendArgs) -> Vec<send::Item> {
    // As socklab::cli::parse reads it (with --lang).
    let matches = socklab::cli::localized(Cli::command()).get_matches();
    let Some(("send", send_matches)) = matches.subcommand() else { unreachable!("parsed as send") };
    let positions =
        |id: &str| send_matches.indices_of(id).map(Iterator::collect::<Vec<_>>).unwrap_or_default();
    let mut items: Vec<(usize, send::Item)> = Vec::new();
    items.extend(
        positions("text").into_iter().zip(&args.text).map(|(at, t)| (at, send::Item::Text(t.clone()))),
    );
    items.extend(
        positions("image").into_iter().zip(&args.image).map(|(at, p)| (at, send::Item::Image(p.clone()))),
    );
    items.sort_by_key(|(at, _)| *at);
    items.into_iter().map(|(_, item)| item).collect()
}

fn main() -> ExitCode {
    let cli: Cli = socklab::cli::parse();
    socklab::cli::run_main(|| match cli.role {
        Role::Send(args) => {
            if args.text.is_empty() && args.image.is_empty() {
                eprintln!("error: {}", tr!("text-image-nothing-to-send"));
                return Ok(socklab::cli::EXIT_USAGE);
            }
            let items = ordered_items(&args);
            send::run(send::SendOptions { to: args.to, items, timeout: args.timeout }, Events::new(args.json))
        }
        Role::Recv(args) => recv::run(
            recv::RecvOptions {
                bind: args.bind,
                out: args.out,
                once: args.once,
                limits: session::Limits { max_size: args.max_size as u64, accept_any: args.accept_any },
                overwrite: args.overwrite,
                timeout: args.timeout,
            },
            Events::new(args.json),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_size(1479), "1479 bytes");
        assert_eq!(human_size(200 << 20), "200.0 MiB");
        assert_eq!(human_size(64 << 20), "64.0 MiB");
    }
}
