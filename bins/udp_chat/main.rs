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

#[derive(Parser)]
#[command(
    name = "udp-chat",
    version,
    about = "UDP echo and chat peer for the socket lab (guide §1)",
    after_help = "Examples:\n  udp-chat server --bind 127.0.0.1:3500 --allow 127.0.0.1\n  udp-chat client --to 127.0.0.1:3500 hola\n  udp-chat client --to 127.0.0.1:3500 --size 1200\n  udp-chat server --chat        # answer each message by typing"
)]
struct Cli {
    #[command(subcommand)]
    role: Role,
}

#[derive(Subcommand)]
enum Role {
    /// Echo every datagram back to its sender (or answer it by hand with --chat).
    Server(ServerArgs),
    /// Send a message and print the reply as `--> <reply>`.
    Client(ClientArgs),
}

#[derive(Args)]
struct ServerArgs {
    /// Address to listen on; port 0 picks a free port (the first line shows it).
    #[arg(long, default_value = "127.0.0.1:3500", value_parser = parse_socket_addr)]
    bind: SocketAddr,
    /// Only answer sources in this IP or CIDR (repeatable); others are ignored and logged (§1.5.2).
    #[arg(long, value_name = "IP|CIDR", value_parser = allowlist::parse_network)]
    allow: Vec<IpNet>,
    /// Bytes passed to each receive; longer datagrams are truncated and reported (§1.5.3).
    #[arg(long, value_name = "BYTES", default_value = "65536", value_parser = parse_receive_buffer)]
    recv_buf: usize,
    /// Ask the kernel for this SO_RCVBUF and report what it granted.
    #[arg(long, value_name = "BYTES", value_parser = size_in(1, limits::SOCKET_BUFFER))]
    rcvbuf: Option<usize>,
    /// Answer each message with a line typed on stdin instead of echoing it (§1.5.4).
    #[arg(long)]
    chat: bool,
    /// Do not log each datagram (for load tests); ignored, truncated and commands are still reported.
    #[arg(long)]
    quiet: bool,
    /// Wait this long before each receive (`1ms`, `5ms`): a slow reader, so that a burst fills the
    /// receive buffer and the kernel drops what does not fit (counted as `drops` at shutdown).
    #[arg(long, value_name = "DURATION", default_value = "0ms", value_parser = parse_duration)]
    read_delay: Duration,
    /// Accept `/exec <command>` (remote command execution: only for trusted sources) (§1.5.6).
    #[arg(long)]
    allow_exec: bool,
    /// Stop an /exec command (its whole process group) after this long.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    exec_timeout: Duration,
    /// One JSON object per line instead of human output.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct ClientArgs {
    /// Server address.
    #[arg(long, default_value = "127.0.0.1:3500", value_parser = parse_socket_addr)]
    to: SocketAddr,
    /// Message to send (default: the guide's "TyR: Echo sobre UDP").
    #[arg(conflicts_with_all = ["size", "chat"])]
    message: Option<String>,
    /// Send this many bytes of a recognisable pattern instead of a message (at most 65535: no UDP
    /// datagram is larger).
    #[arg(long, value_name = "BYTES", value_parser = size_in(0, MAX_DATAGRAM), conflicts_with = "chat")]
    size: Option<usize>,
    /// Source address to send from, e.g. 127.0.0.2:0 to test an allowlist.
    #[arg(long, value_parser = parse_socket_addr)]
    bind: Option<SocketAddr>,
    /// How long to wait for each reply (default 2s; in --chat mode, for ever).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    timeout: Option<Duration>,
    /// Resend this many times when no reply comes.
    #[arg(long, default_value_t = 0)]
    retries: u32,
    /// Send each line typed on stdin and print each answer, until end of input (§1.5.4).
    #[arg(long)]
    chat: bool,
    /// Measure this many round trips (of --size bytes, default 64) and print rate and latency (at
    /// most 10000000: each is timed in memory).
    #[arg(long, value_name = "N", value_parser = count_in(MAX_COUNT), conflicts_with = "chat")]
    count: Option<usize>,
    /// With --count: keep this many datagrams in flight (at most 1024).
    #[arg(long, value_name = "N", default_value = "1", value_parser = count_in(MAX_WINDOW), requires = "count")]
    window: usize,
    /// One JSON object per line instead of human output.
    #[arg(long)]
    json: bool,
}

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(2);

/// No datagram is larger than 65535 bytes; a bigger buffer only wastes memory.
const MAX_RECEIVE_BUFFER: usize = 1 << 20;

fn parse_receive_buffer(text: &str) -> Result<usize, String> {
    match parse_positive_size(text)? {
        size if size > MAX_RECEIVE_BUFFER => {
            Err(format!("at most {MAX_RECEIVE_BUFFER} bytes (no UDP datagram is larger than 65535)"))
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
        Ok(0) | Err(_) => Err(format!("'{text}' is not a positive whole number")),
        Ok(count) if count > max => Err(format!("'{text}' is over the limit of {max}")),
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
