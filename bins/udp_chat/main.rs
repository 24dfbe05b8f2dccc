//! `udp-chat`: the UDP lab of the guide (§1) as one program with a server and a client.
//!
//! Try it: `udp-chat server --bind 127.0.0.1:3500` in one terminal, then
//! `udp-chat client --to 127.0.0.1:3500 hola` (or `nc -u 127.0.0.1 3500`) in another.

mod allowlist;
mod batch;
mod bench;
mod client;
mod command;
mod exec;
mod server;
mod stdin_lines;

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use ipnet::IpNet;
use socklab::cli::{limits, parse_duration, parse_positive_size, parse_socket_addr, size_in};
use socklab::event::Events;
use socklab::tr;

#[derive(Parser)]
#[command(
    name = "udp-chat",
    version,
    about = tr!("udp-chat-about"),
    after_help = tr!("udp-chat-after-help")
)]
struct Cli {
    #[command(subcommand)]
    role: Role,
}

#[derive(Subcommand)]
enum Role {
    #[command(about = tr!("udp-chat-cmd-server"))]
    Server(ServerArgs),
    #[command(about = tr!("udp-chat-cmd-client"))]
    Client(ClientArgs),
}

#[derive(Args)]
struct ServerArgs {
    #[arg(long, default_value = "127.0.0.1:3500", value_parser = parse_socket_addr, help = tr!("udp-chat-arg-bind"))]
    bind: SocketAddr,
    #[arg(long, value_name = "IP|CIDR", value_parser = allowlist::parse_network, help = tr!("udp-chat-arg-allow"))]
    allow: Vec<IpNet>,
    #[arg(long, value_name = "BYTES", default_value = "65536", value_parser = parse_receive_buffer, help = tr!("udp-chat-arg-recv-buf"))]
    recv_buf: usize,
    #[arg(long, value_name = "BYTES", value_parser = size_in(1, limits::SOCKET_BUFFER), help = tr!("udp-chat-arg-rcvbuf"))]
    rcvbuf: Option<usize>,
    #[arg(long, help = tr!("udp-chat-arg-chat"))]
    chat: bool,
    #[arg(long, help = tr!("udp-chat-arg-quiet"))]
    quiet: bool,
    #[arg(long, value_name = "DURATION", default_value = "0ms", value_parser = parse_duration, help = tr!("udp-chat-arg-read-delay"))]
    read_delay: Duration,
    #[arg(long, help = tr!("udp-chat-arg-allow-exec"))]
    allow_exec: bool,
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration, help = tr!("udp-chat-arg-exec-timeout"))]
    exec_timeout: Duration,
    #[arg(long, help = tr!("udp-chat-arg-json"))]
    json: bool,
}

#[derive(Args)]
struct ClientArgs {
    #[arg(long, default_value = "127.0.0.1:3500", value_parser = parse_socket_addr, help = tr!("udp-chat-arg-client-to"))]
    to: SocketAddr,
    #[arg(conflicts_with_all = ["size", "chat"], help = tr!("udp-chat-arg-client-message"))]
    message: Option<String>,
    #[arg(long, value_name = "BYTES", value_parser = size_in(0, MAX_DATAGRAM), conflicts_with = "chat", help = tr!("udp-chat-arg-client-size"))]
    size: Option<usize>,
    #[arg(long, value_parser = parse_socket_addr, help = tr!("udp-chat-arg-client-bind"))]
    bind: Option<SocketAddr>,
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, help = tr!("udp-chat-arg-client-timeout"))]
    timeout: Option<Duration>,
    #[arg(long, default_value_t = 0, help = tr!("udp-chat-arg-client-retries"))]
    retries: u32,
    #[arg(long, help = tr!("udp-chat-arg-client-chat"))]
    chat: bool,
    #[arg(long, value_name = "N", value_parser = count_in(MAX_COUNT), conflicts_with = "chat", help = tr!("udp-chat-arg-client-count"))]
    count: Option<usize>,
    #[arg(long, value_name = "N", default_value = "1", value_parser = count_in(MAX_WINDOW), requires = "count", help = tr!("udp-chat-arg-client-window"))]
    window: usize,
    #[arg(long, help = tr!("udp-chat-arg-json"))]
    json: bool,
}

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(2);

/// No datagram is larger than 65535 bytes; a bigger buffer only wastes memory.
const MAX_RECEIVE_BUFFER: usize = 1 << 20;

fn parse_receive_buffer(text: &str) -> Result<usize, String> {
    match parse_positive_size(text)? {
        size if size > MAX_RECEIVE_BUFFER => {
            Err(tr!("udp-chat-recv-buf-too-large", limit = MAX_RECEIVE_BUFFER))
        }
        size => Ok(size),
    }
}

/// No UDP datagram is larger (its length field has 16 bits; RFC 768).
const MAX_DATAGRAM: usize = 65535;
/// `--count`: every round trip's time is kept (16 bytes each).
const MAX_COUNT: usize = 10_000_000;
/// `--window`: a buffer of --size bytes per datagram in flight.
const MAX_WINDOW: usize = 1024;

fn count_in(max: usize) -> impl Fn(&str) -> Result<usize, String> + Clone + Send + Sync + 'static {
    move |text| match text.parse::<usize>() {
        Ok(0) | Err(_) => Err(tr!("udp-chat-count-not-positive", text = text.to_owned())),
        Ok(count) if count > max => {
            Err(tr!("udp-chat-count-over-limit", text = text.to_owned(), limit = max))
        }
        Ok(count) => Ok(count),
    }
}

fn main() -> ExitCode {
    let cli: Cli = socklab::cli::parse();
    socklab::cli::run_main(|| match cli.role {
        Role::Server(args) => server::run(
            server::ServerOptions {
                bind: args.bind,
                allow: allowlist::Allowlist::new(args.allow),
                recv_buf: args.recv_buf,
                rcvbuf: args.rcvbuf,
                chat: args.chat,
                quiet: args.quiet,
                read_delay: args.read_delay,
                allow_exec: args.allow_exec,
                exec_timeout: args.exec_timeout,
            },
            Events::new(args.json),
        ),
        Role::Client(args) => {
            let payload = match (args.message, args.size) {
                (_, Some(size)) => client::Payload::Pattern(size),
                (Some(text), None) => client::Payload::Text(text),
                (None, None) => client::Payload::Text(client::GUIDE_MESSAGE.to_owned()),
            };
            let timeout = match (args.timeout, args.chat) {
                (Some(timeout), _) => Some(timeout),
                (None, true) => None,
                (None, false) => Some(DEFAULT_TIMEOUT),
            };
            client::run(
                client::ClientOptions {
                    to: args.to,
                    bind: args.bind,
                    payload,
                    timeout,
                    retries: args.retries,
                    chat: args.chat,
                    bench: args.count.map(|count| (count, args.window)),
                },
                Events::new(args.json),
            )
        }
    })
}
