//! `hftp`: the Home-made File Transfer Protocol of seed 002's course lab, a server that publishes the
//! files of one folder and a client, over TCP port 19500.
//!
//! Try it: `hftp server --dir some/folder` in one terminal, then `hftp client ls`,
//! `hftp client stat NAME` and `hftp client get NAME` in another. The protocol is in `protocol.rs`
//! and docs/PROTOCOL.md.

mod client;
mod files;
mod lines;
mod protocol;
mod server;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use socklab::cli::{parse_positive_duration, parse_socket_addr, size_in};
use socklab::event::Events;
use socklab::tr;

#[derive(Parser)]
#[command(
    name = "hftp",
    version,
    about = tr!("hftp-about"),
    after_help = tr!("hftp-after-help")
)]
struct Cli {
    #[command(subcommand)]
    role: Role,
}

#[derive(Subcommand)]
enum Role {
    #[command(about = tr!("hftp-cmd-server"))]
    Server(ServerArgs),
    #[command(about = tr!("hftp-cmd-client"))]
    Client(ClientArgs),
}

#[derive(Args)]
#[command(
    allow_negative_numbers = true,
    after_help = tr!("hftp-server-after-help")
)]
struct ServerArgs {
    #[arg(long, short = 'd', value_name = "DIR", default_value = "testdata", help = tr!("hftp-arg-dir"))]
    dir: PathBuf,
    #[arg(long, default_value = "127.0.0.1:19500", value_parser = parse_socket_addr, help = tr!("hftp-arg-bind"))]
    bind: SocketAddr,
    #[arg(long, value_enum, default_value = "threads", help = tr!("hftp-arg-mode"))]
    mode: server::Mode,
    #[arg(long, value_name = "BYTES", default_value = "8MiB", value_parser = size_in(16, 64 << 20), help = tr!("hftp-arg-max-line"))]
    max_line: usize,
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000), help = tr!("hftp-arg-max-clients"))]
    max_clients: u32,
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = parse_positive_duration, help = tr!("hftp-arg-idle-timeout"))]
    idle_timeout: Duration,
    #[arg(long, help = tr!("hftp-arg-raw-slices"))]
    raw_slices: bool,
    #[arg(long, help = tr!("hftp-arg-help-command"))]
    help_command: bool,
    #[arg(long, help = tr!("hftp-arg-json"))]
    json: bool,
}

#[derive(Args)]
#[command(
    allow_negative_numbers = true,
    after_help = tr!("hftp-client-after-help")
)]
struct ClientArgs {
    #[arg(long, global = true, default_value = "127.0.0.1:19500", value_parser = parse_socket_addr, help = tr!("hftp-arg-to"))]
    to: SocketAddr,
    #[arg(long, global = true, value_name = "DURATION", default_value = "10s", value_parser = parse_positive_duration, help = tr!("hftp-arg-timeout"))]
    timeout: Duration,
    #[arg(long, global = true, help = tr!("hftp-arg-json"))]
    json: bool,
    #[command(subcommand)]
    action: Option<ClientAction>,
}

#[derive(Subcommand)]
enum ClientAction {
    #[command(about = tr!("hftp-cmd-ls"))]
    Ls,
    #[command(about = tr!("hftp-cmd-stat"))]
    Stat { name: String },
    #[command(about = tr!("hftp-cmd-get"))]
    Get {
        name: String,
        #[arg(long, value_name = "PATH", help = tr!("hftp-arg-out"))]
        out: Option<PathBuf>,
        #[arg(long, value_name = "BYTES", default_value = "1MiB", value_parser = size_in(1, 64 << 20), help = tr!("hftp-arg-slice-size"))]
        slice_size: usize,
        #[arg(long, value_name = "DURATION", value_parser = parse_positive_duration, help = tr!("hftp-arg-hold-reads"))]
        hold_reads: Option<Duration>,
    },
    #[command(about = tr!("hftp-cmd-raw"))]
    Raw {
        #[arg(value_name = "TEXT", value_parser = client::unescape)]
        texts: Vec<Vec<u8>>,
        #[arg(long, value_name = "BYTES", value_parser = size_in(1, 64 << 20), help = tr!("hftp-arg-long-line"))]
        long_line: Option<usize>,
        #[arg(long, help = tr!("hftp-arg-split"))]
        split: bool,
        #[arg(long, value_name = "DURATION", value_parser = parse_positive_duration, help = tr!("hftp-arg-linger"))]
        linger: Option<Duration>,
    },
}

fn main() -> ExitCode {
    let cli: Cli = socklab::cli::parse();
    socklab::cli::run_main(|| match cli.role {
        Role::Server(args) => server::run(
            server::ServerOptions {
                bind: args.bind,
                dir: args.dir,
                mode: args.mode,
                extensions: protocol::Extensions { raw_slices: args.raw_slices, help: args.help_command },
                max_line: args.max_line,
                max_clients: args.max_clients as usize,
                idle_timeout: args.idle_timeout,
            },
            Events::new(args.json),
        ),
        Role::Client(args) => {
            let action = match args.action {
                None => client::Action::Interactive,
                Some(ClientAction::Ls) => client::Action::List,
                Some(ClientAction::Stat { name }) => client::Action::Stat { name },
                Some(ClientAction::Get { name, out, slice_size, hold_reads }) => {
                    client::Action::Get { name, out, slice_size: slice_size as u64, hold: hold_reads }
                }
                Some(ClientAction::Raw { mut texts, long_line, split, linger }) => {
                    if let Some(count) = long_line {
                        let mut line = b"get_metadata ".to_vec();
                        line.resize(line.len() + count, b'x');
                        line.extend_from_slice(b"\r\n");
                        texts.push(line);
                    }
                    if texts.is_empty() {
                        eprintln!("error: {}", tr!("hftp-raw-needs-text"));
                        return Ok(socklab::cli::EXIT_USAGE);
                    }
                    client::Action::Raw { texts, split, linger }
                }
            };
            client::run(
                client::ClientOptions { to: args.to, timeout: args.timeout, action },
                Events::new(args.json),
            )
        }
    })
}
