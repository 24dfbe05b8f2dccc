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

#[derive(Parser)]
#[command(
    name = "text-image",
    version,
    about = "Send a text message and images over one TCP connection, with framing, checksums and acks (guide §2.5.4)",
    after_help = "Examples:\n  text-image recv --bind 127.0.0.1:3500 --out received\n  text-image send --to 127.0.0.1:3500 --text hola --image cat.png --image dog.jpg\n  text-image recv --bind 127.0.0.1:0 --out received --once --max-size 1M --json\n\nThe protocol is described in docs/PROTOCOL.md."
)]
struct Cli {
    #[command(subcommand)]
    role: Role,
}

#[derive(Subcommand)]
enum Role {
    /// Send texts and images, in the order given, and print the receiver's verdict on each.
    Send(SendArgs),
    /// Receive: print each text, store each image in DIR, answer every item.
    Recv(RecvArgs),
}

#[derive(Args)]
#[command(
    after_help = "Examples:\n  text-image send --to 127.0.0.1:3500 --text hola --image cat.png\n  text-image send --to 127.0.0.1:3500 --image a.png --text \"between the two\" --image b.jpg --json"
)]
struct SendArgs {
    /// Receiver address.
    #[arg(long, value_parser = parse_socket_addr)]
    to: SocketAddr,
    /// A text message to send (repeatable; texts and images go in command-line order).
    #[arg(long, value_name = "MESSAGE")]
    text: Vec<String>,
    /// An image file to send (repeatable); the receiver stores it under the file's name.
    #[arg(long, value_name = "FILE")]
    image: Vec<PathBuf>,
    /// Give up when connecting, or waiting for a reply or for the socket, takes longer than this.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_positive_duration)]
    timeout: Duration,
    /// One JSON object per line instead of human output.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
#[command(
    after_help = "Examples:\n  text-image recv --bind 127.0.0.1:3500 --out received\n  text-image recv --bind 127.0.0.1:0 --out received --once --max-size 1M --timeout 5s --json"
)]
struct RecvArgs {
    /// Address to listen on; port 0 picks a free port (the first line shows it).
    #[arg(long, default_value = "127.0.0.1:3500", value_parser = parse_socket_addr)]
    bind: SocketAddr,
    /// Directory the images are written to (it must exist).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Serve one sender, then exit (0 if it sent END and every item was accepted, 1 otherwise).
    #[arg(long)]
    once: bool,
    /// Largest item accepted; a larger one is refused from its header, before any payload is sent.
    #[arg(long, value_name = "BYTES", default_value = "64MiB", value_parser = size_in(0, limits::STREAMED))]
    max_size: usize,
    /// Store payloads that are not a known image format as plain data instead of refusing them.
    #[arg(long)]
    accept_any: bool,
    /// Replace a file of the same name instead of storing the new one as NAME-1.EXT.
    #[arg(long)]
    overwrite: bool,
    /// Drop a sender that sends nothing for this long.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_positive_duration)]
    timeout: Duration,
    /// One JSON object per line instead of human output.
    #[arg(long)]
    json: bool,
}

/// A byte count for people: `1479 bytes`, `200.0 MiB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 10 * 1024 {
        return format!("{bytes} bytes");
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

/// Texts and images interleaved as they were given: clap keeps each flag's values apart, so their
/// positions on the command line put them back in order.
fn ordered_items(args: &SendArgs) -> Vec<send::Item> {
    let matches = Cli::command().get_matches();
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
                eprintln!(
                    "error: nothing to send: give at least one --text MESSAGE or --image FILE (see --help)"
                );
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
