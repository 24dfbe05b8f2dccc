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

#[derive(Parser)]
#[command(
    name = "hftp",
    version,
    about = "The Home-made File Transfer Protocol (seed 002): a file server with error codes, and its client",
    after_help = "Examples:\n  hftp server --dir testdata\n  hftp client ls\n  hftp client get big.bin --out copy.bin\n  hftp client raw 'qui\\nt\\n'\n\nThe protocol is described in docs/PROTOCOL.md."
)]
struct Cli {
    #[command(subcommand)]
    role: Role,
}

#[derive(Subcommand)]
enum Role {
    /// Publish the files of a folder.
    Server(ServerArgs),
    /// List, inspect and download files, or send raw requests.
    Client(ClientArgs),
}

#[derive(Args)]
#[command(
    allow_negative_numbers = true,
    after_help = "Examples:\n  hftp server --dir testdata\n  hftp server --dir testdata --bind 127.0.0.1:0 --mode poll --json"
)]
struct ServerArgs {
    /// The folder whose files are published (the course's `-d`).
    #[arg(long, short = 'd', value_name = "DIR", default_value = "testdata")]
    dir: PathBuf,
    /// Address to listen on; port 0 picks a free port (the first line shows it).
    #[arg(long, default_value = "127.0.0.1:19500", value_parser = parse_socket_addr)]
    bind: SocketAddr,
    /// serial: one client at a time; threads: a thread per client; poll: every client from one thread.
    #[arg(long, value_enum, default_value = "threads")]
    mode: server::Mode,
    /// Longest request line; a longer one gets 101 and the connection is closed (the course's tests
    /// send a 5 MiB file name and expect 202).
    #[arg(long, value_name = "BYTES", default_value = "8MiB", value_parser = size_in(16, 64 << 20))]
    max_line: usize,
    /// Clients served at once (threads, poll); more are closed at once.
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    max_clients: u32,
    /// Close a client that sends nothing (or reads nothing) for this long.
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = parse_positive_duration)]
    idle_timeout: Duration,
    /// Also accept `get_slice NAME OFFSET SIZE raw`: the bytes as they are instead of base64.
    #[arg(long)]
    raw_slices: bool,
    /// Also accept `help`: the list of commands.
    #[arg(long)]
    help_command: bool,
    /// One JSON object per line instead of human output.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
#[command(
    allow_negative_numbers = true,
    after_help = "Examples:\n  hftp client ls\n  hftp client --to 127.0.0.1:19500 get photo.jpg --out /tmp/photo.jpg\n  hftp client raw 'get_metadata nada\\r\\n' 'qui\\nt\\n' --json\n  hftp client        (type requests; replies are printed as they come)"
)]
struct ClientArgs {
    /// Server address.
    #[arg(long, global = true, default_value = "127.0.0.1:19500", value_parser = parse_socket_addr)]
    to: SocketAddr,
    /// Give up when connecting or waiting for a reply takes longer than this.
    #[arg(long, global = true, value_name = "DURATION", default_value = "10s", value_parser = parse_positive_duration)]
    timeout: Duration,
    /// One JSON object per line instead of human output.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    action: Option<ClientAction>,
}

#[derive(Subcommand)]
enum ClientAction {
    /// The files the server publishes (get_file_listing).
    Ls,
    /// A file's size in bytes (get_metadata).
    Stat { name: String },
    /// Download a whole file slice by slice, check its size, and save it atomically.
    Get {
        name: String,
        /// Where to save it (default: its name, in the current folder).
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// Bytes per get_slice.
        #[arg(long, value_name = "BYTES", default_value = "1MiB", value_parser = size_in(1, 64 << 20))]
        slice_size: usize,
        /// After each get_slice, read nothing until no more bytes came for this long (e.g. 300ms): a
        /// server whose single send() took only part of a large reply then shows it.
        #[arg(long, value_name = "DURATION", value_parser = parse_positive_duration)]
        hold_reads: Option<Duration>,
    },
    /// Send each TEXT exactly (escapes: \r \n \t \\ \xNN) and report each reply's status.
    Raw {
        #[arg(value_name = "TEXT", value_parser = client::unescape)]
        texts: Vec<Vec<u8>>,
        /// Then send `get_metadata ` and this many `x`, then \r\n: a very long request.
        #[arg(long, value_name = "BYTES", value_parser = size_in(1, 64 << 20))]
        long_line: Option<usize>,
        /// Send a byte at a time, each once the server has read the one before.
        #[arg(long)]
        split: bool,
        /// After the replies, keep the connection open this long (a client that stays).
        #[arg(long, value_name = "DURATION", value_parser = parse_positive_duration)]
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
                        eprintln!("error: raw needs at least one TEXT (or --long-line)");
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
