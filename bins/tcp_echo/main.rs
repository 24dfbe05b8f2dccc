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
use socklab::tr;

use crate::buffers::BufferSizes;
use crate::payload::Payload;
use crate::server::Mode;
use crate::transform::Transform;
use crate::verify::Expect;

#[derive(Parser)]
#[command(
    name = "tcp-echo",
    version,
    about = tr!("tcp-echo-about"),
    after_help = tr!("tcp-echo-after-help")
)]
struct Cli {
    #[command(subcommand)]
    role: Role,
}

#[derive(Subcommand)]
enum Role {
    #[command(about = tr!("tcp-echo-cmd-server"))]
    Server(ServerArgs),
    #[command(about = tr!("tcp-echo-cmd-client"))]
    Client(ClientArgs),
}

#[derive(Args)]
struct ServerArgs {
    #[arg(long, default_value = "127.0.0.1:3500", value_parser = parse_socket_addr, help = tr!("tcp-echo-arg-server-bind"))]
    bind: SocketAddr,
    #[arg(long, value_name = "N", default_value_t = 5, help = tr!("tcp-echo-arg-server-backlog"))]
    backlog: u32,
    #[arg(long, value_name = "MS", default_value = "0", value_parser = parse_millis, help = tr!("tcp-echo-arg-server-accept-delay"))]
    accept_delay: Duration,
    #[arg(long, value_name = "BYTES", default_value = "64K", value_parser = size_in(1, limits::IO_BUFFER), help = tr!("tcp-echo-arg-server-recv-size"))]
    recv_size: usize,
    #[arg(long, value_name = "BYTES", default_value = "64K", value_parser = size_in(1, limits::IO_BUFFER), help = tr!("tcp-echo-arg-server-send-size"))]
    send_size: usize,
    #[arg(long, help = tr!("tcp-echo-arg-server-send-once"))]
    send_once: bool,
    #[arg(long, conflicts_with = "send_once", requires = "no_quit", help = tr!("tcp-echo-arg-server-zero-copy"))]
    zero_copy: bool,
    #[arg(long, value_name = "BYTES", value_parser = size_in(1, MAX_COLLECT), conflicts_with = "zero_copy", help = tr!("tcp-echo-arg-server-collect"))]
    collect: Option<usize>,
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, help = tr!("tcp-echo-arg-server-hold-reads"))]
    hold_reads: Option<Duration>,
    #[command(flatten)]
    buffers: BufferSizes,
    #[arg(long, value_enum, default_value = "serial", help = tr!("tcp-echo-arg-server-mode"))]
    mode: Mode,
    #[arg(long, value_enum, default_value = "echo", help = tr!("tcp-echo-arg-server-transform"))]
    transform: Transform,
    #[arg(long, help = tr!("tcp-echo-arg-server-no-quit"))]
    no_quit: bool,
    #[arg(long, conflicts_with = "no_quit", help = tr!("tcp-echo-arg-server-exit-on-quit"))]
    exit_on_quit: bool,
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..), help = tr!("tcp-echo-arg-server-max-clients"))]
    max_clients: Option<u32>,
    #[arg(long, help = tr!("tcp-echo-arg-json"))]
    json: bool,
}

#[derive(Args)]
struct ClientArgs {
    #[arg(long, default_value = "127.0.0.1:3500", value_parser = parse_socket_addr, help = tr!("tcp-echo-arg-client-to"))]
    to: SocketAddr,
    #[arg(conflicts_with_all = ["bytes", "file"], help = tr!("tcp-echo-arg-client-message"))]
    message: Option<String>,
    #[arg(long, value_name = "BYTES", value_parser = size_in(0, limits::STREAMED), conflicts_with = "file", help = tr!("tcp-echo-arg-client-bytes"))]
    bytes: Option<usize>,
    #[arg(long, value_name = "PATH", help = tr!("tcp-echo-arg-client-file"))]
    file: Option<PathBuf>,
    #[arg(long, value_name = "BYTES", default_value = "64K", value_parser = size_in(1, limits::IO_BUFFER), help = tr!("tcp-echo-arg-client-send-size"))]
    send_size: usize,
    #[arg(long, value_name = "BYTES", default_value = "64K", value_parser = size_in(1, limits::IO_BUFFER), help = tr!("tcp-echo-arg-client-recv-size"))]
    recv_size: usize,
    #[arg(long, help = tr!("tcp-echo-arg-client-send-once"))]
    send_once: bool,
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, conflicts_with = "send_once", help = tr!("tcp-echo-arg-client-pause"))]
    pause: Option<Duration>,
    #[command(flatten)]
    buffers: BufferSizes,
    #[arg(long, value_enum, default_value = "echo", help = tr!("tcp-echo-arg-client-expect"))]
    expect: Expect,
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=10000), help = tr!("tcp-echo-arg-client-clients"))]
    clients: u32,
    #[arg(long, value_name = "MS", default_value = "3s", value_parser = parse_millis, help = tr!("tcp-echo-arg-client-connect-timeout"))]
    connect_timeout: Duration,
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration, help = tr!("tcp-echo-arg-client-timeout"))]
    timeout: Duration,
    #[arg(long, help = tr!("tcp-echo-arg-json"))]
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
