//! `tcp-echo`: the TCP lab of the guide (§2) as one program with a server and a client.
//!
//! Try it: `tcp-echo server` in one terminal, then `tcp-echo client hola` (or `nc 127.0.0.1 3500`)
//! in another. The server shows the guide's exercises: the listen() backlog (§2.5.1), send() and recv()
//! chunk sizes and partial sends (§2.5.2, §2.5.3), three server designs, and the transforms and QUIT of
//! the uppercase and vowel servers.

mod backlog;
mod buffers;
mod client;
mod counters;
mod many_clients;
mod payload;
mod server;
mod syscalls;
mod transform;
mod verify;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use socklab::cli::{limits, parse_duration, parse_socket_addr, size_in};
use socklab::event::Events;

use crate::buffers::BufferSizes;
use crate::payload::Payload;
use crate::server::Mode;
use crate::transform::Transform;
use crate::verify::Expect;

#[derive(Parser)]
#[command(
    name = "tcp-echo",
    version,
    about = "TCP echo server and client for the socket lab (guide §2)",
    after_help = "Examples:\n  \
        tcp-echo server --bind 127.0.0.1:3500 --mode threads\n  \
        tcp-echo client --to 127.0.0.1:3500 'Hola Mundo!'\n  \
        tcp-echo client --bytes 1G                       # bulk echo, verified, with MiB/s\n  \
        tcp-echo server --mode serial --backlog 1 --accept-delay 5000\n  \
        tcp-echo client --clients 5 --connect-timeout 500   # how many fit in the accept queue?\n  \
        tcp-echo server --transform upper                 # send QUIT to close the connection"
)]
struct Cli {
    #[command(subcommand)]
    role: Role,
}

#[derive(Subcommand)]
enum Role {
    /// Echo what each client sends until it shuts down its side (or sends QUIT).
    Server(ServerArgs),
    /// Send a message, a pattern or a file, read the echo back and check it.
    Client(ClientArgs),
}

#[derive(Args)]
struct ServerArgs {
    /// Address to listen on; port 0 picks a free port (the first line shows it).
    #[arg(long, default_value = "127.0.0.1:3500", value_parser = parse_socket_addr)]
    bind: SocketAddr,
    /// listen() backlog, passed as given (§2.5.1); Linux caps it at net.core.somaxconn.
    #[arg(long, value_name = "N", default_value_t = 5)]
    backlog: u32,
    /// Wait this long (milliseconds, or e.g. 2s) once a client is waiting, before each accept().
    #[arg(long, value_name = "MS", default_value = "0", value_parser = parse_millis)]
    accept_delay: Duration,
    /// Bytes asked for per recv() call (§2.5.3; at most 16MiB).
    #[arg(long, value_name = "BYTES", default_value = "64K", value_parser = size_in(1, limits::IO_BUFFER))]
    recv_size: usize,
    /// At most this many bytes per send() call; partial sends are completed (§2.5.2; at most 16MiB).
    #[arg(long, value_name = "BYTES", default_value = "64K", value_parser = size_in(1, limits::IO_BUFFER))]
    send_size: usize,
    /// Bug reproduction: one send() per echo, ignoring how much it took (the rest is lost).
    #[arg(long)]
    send_once: bool,
    /// Echo with splice() through a pipe: the bytes never enter the program (plain echo with --no-quit,
    /// --mode serial or threads).
    #[arg(long, conflicts_with = "send_once", requires = "no_quit")]
    zero_copy: bool,
    /// Keep the echo back until this many bytes arrived (a message of known length, §2.5.2), then echo
    /// them unchanged: a client reads no reply before the server has its whole message, so what the
    /// server counts is what the client sent (at most 64MiB; --mode serial or threads).
    #[arg(long, value_name = "BYTES", value_parser = size_in(1, MAX_COLLECT), conflicts_with = "zero_copy")]
    collect: Option<usize>,
    /// Once a client's first bytes arrive, read nothing until none have arrived for this long (e.g.
    /// 300ms): the client's sends stop on a full window, so a send() that does not block returns
    /// with only part of a large message (§2.5.2) whatever the scheduling (--mode serial or threads).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    hold_reads: Option<Duration>,
    #[command(flatten)]
    buffers: BufferSizes,
    /// serial: one client at a time; threads: a thread per client; poll: one thread, poll().
    #[arg(long, value_enum, default_value = "serial")]
    mode: Mode,
    /// What to send back.
    #[arg(long, value_enum, default_value = "echo")]
    transform: Transform,
    /// Treat a line `QUIT` as data instead of closing the connection (for arbitrary binary data).
    #[arg(long)]
    no_quit: bool,
    /// Stop the server (exit 0) when a client sends QUIT.
    #[arg(long, conflicts_with = "no_quit")]
    exit_on_quit: bool,
    /// Serve at most N clients at the same time (threads and poll); others wait in the accept queue.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    max_clients: Option<u32>,
    /// One JSON object per line instead of human output.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct ClientArgs {
    /// Server address.
    #[arg(long, default_value = "127.0.0.1:3500", value_parser = parse_socket_addr)]
    to: SocketAddr,
    /// Message to send (default: the guide's "Hola Mundo!").
    #[arg(conflicts_with_all = ["bytes", "file"])]
    message: Option<String>,
    /// Send this many bytes of a recognisable pattern (e.g. 100000, 64K, 1G; made as it is sent, at
    /// most 1TiB).
    #[arg(long, value_name = "BYTES", value_parser = size_in(0, limits::STREAMED), conflicts_with = "file")]
    bytes: Option<usize>,
    /// Send the contents of this file.
    #[arg(long, value_name = "PATH")]
    file: Option<PathBuf>,
    /// At most this many bytes per send() call (at most 16MiB).
    #[arg(long, value_name = "BYTES", default_value = "64K", value_parser = size_in(1, limits::IO_BUFFER))]
    send_size: usize,
    /// Bytes asked for per recv() call (at most 16MiB).
    #[arg(long, value_name = "BYTES", default_value = "64K", value_parser = size_in(1, limits::IO_BUFFER))]
    recv_size: usize,
    /// Bug reproduction: the whole payload in one send(), ignoring how much it took.
    #[arg(long)]
    send_once: bool,
    /// Take turns like a person at an interactive client: after each --send-size chunk, wait for its
    /// echo, then this long (e.g. 5ms), then send the next. A serial server makes everyone else wait.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, conflicts_with = "send_once")]
    pause: Option<Duration>,
    #[command(flatten)]
    buffers: BufferSizes,
    /// What the reply must be: the bytes sent (echo), upper-cased, vowels as digits, or anything.
    #[arg(long, value_enum, default_value = "echo")]
    expect: Expect,
    /// Open this many connections at once and report each (§2.5.1).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=10000))]
    clients: u32,
    /// Give up on connect() after this long (milliseconds, or e.g. 2s).
    #[arg(long, value_name = "MS", default_value = "3s", value_parser = parse_millis)]
    connect_timeout: Duration,
    /// Give up when a send or receive makes no progress for this long (e.g. 30s).
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    timeout: Duration,
    /// One JSON object per line instead of human output.
    #[arg(long)]
    json: bool,
}

/// The largest `--collect`: the server holds that much in memory per client.
const MAX_COLLECT: usize = 64 << 20;

/// A bare number is milliseconds (`500`); a unit may be given (`2s`, `250ms`).
fn parse_millis(text: &str) -> Result<Duration, String> {
    match text.trim().parse::<u64>() {
        Ok(millis) => Ok(Duration::from_millis(millis)),
        Err(_) => parse_duration(text),
    }
}

fn main() -> ExitCode {
    let cli: Cli = socklab::cli::parse();
    socklab::cli::run_main(|| match cli.role {
        Role::Server(args) => server::run(
            server::ServerOptions {
                bind: args.bind,
                backlog: args.backlog,
                accept_delay: args.accept_delay,
                recv_size: args.recv_size,
                send_size: args.send_size,
                send_once: args.send_once,
                zero_copy: args.zero_copy,
                collect: args.collect,
                hold_reads: args.hold_reads,
                buffers: args.buffers,
                mode: args.mode,
                transform: args.transform,
                quit: !args.no_quit,
                exit_on_quit: args.exit_on_quit,
                max_clients: args.max_clients.map(|n| n as usize),
            },
            Events::new(args.json),
        ),
        Role::Client(args) => {
            let payload = match (args.message, args.bytes, args.file) {
                (_, _, Some(path)) => Payload::File(path),
                (_, Some(size), None) => Payload::Pattern(size as u64),
                (Some(text), None, None) => Payload::Text(text),
                (None, None, None) => Payload::Text(payload::GUIDE_MESSAGE.to_owned()),
            };
            let options = client::ClientOptions {
                to: args.to,
                payload,
                send_size: args.send_size,
                recv_size: args.recv_size,
                send_once: args.send_once,
                pause: args.pause.unwrap_or_default(),
                buffers: args.buffers,
                expect: args.expect,
                connect_timeout: args.connect_timeout,
                io_timeout: args.timeout,
            };
            let events = Events::new(args.json);
            if args.clients > 1 {
                many_clients::run(args.clients as usize, options, events)
            } else {
                client::run(options, events)
            }
        }
    })
}
