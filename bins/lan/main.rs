//! `lan`: seed 000's simulated LAN as real processes, hosts and a switch (or hub) that exchange
//! packets as JSON datagrams over UDP on loopback. The simulated addresses are packet fields only.
//!
//! Try it: `lan switch --drop 192.168.0.3` in one terminal, then
//! `lan host --name "PC Gamer" --addr 192.168.0.1` and `lan host --name Laptop --addr 192.168.0.2` in
//! two more, and type `192.168.0.2 Hola!` in the first host. The protocol is in `wire.rs` and
//! docs/PROTOCOL.md.

mod datagram;
mod host;
mod lines;
mod personal;
mod switch;
mod wire;

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use socklab::cli::{parse_positive_duration, parse_socket_addr, size_in};
use socklab::event::Events;

#[derive(Parser)]
#[command(
    name = "lan",
    version,
    about = "Seed 000's simulated LAN: hosts that send packets through a switch, a filtering switch or a hub",
    after_help = "Examples:\n  lan switch --drop 192.168.0.3\n  lan host --name \"PC Gamer\" --addr 192.168.0.1\n  lan host --name Laptop --addr 0xC0A80002 --stay\n\nThe protocol is described in docs/PROTOCOL.md."
)]
struct Cli {
    #[command(subcommand)]
    role: Role,
}

#[derive(Subcommand)]
enum Role {
    /// Forward packets between hosts by their destination address.
    Switch(SwitchArgs),
    /// Register an address with the switch, send a packet per typed line, print what arrives.
    Host(HostArgs),
}

const DEFAULT_SWITCH: &str = "127.0.0.1:4000";

#[derive(Args)]
#[command(
    after_help = "Examples:\n  lan switch\n  lan switch --drop 192.168.0.3 --json\n  lan switch --hub --bind 127.0.0.1:0"
)]
struct SwitchArgs {
    /// Address to listen on; port 0 picks a free port (the first line shows it).
    #[arg(long, default_value = DEFAULT_SWITCH, value_parser = parse_socket_addr)]
    bind: SocketAddr,
    /// Discard every packet for this simulated address, with a log line each (repeatable): the seed's
    /// filtering switch, which drops everything for host 3.
    #[arg(long, value_name = "ADDR", value_parser = wire::parse_host_addr)]
    drop: Vec<Ipv4Addr>,
    /// Be a hub: send every packet to every other host, whatever its destination, so that the hosts'
    /// own "not for me" rejection shows.
    #[arg(long)]
    hub: bool,
    /// Most hosts in the table; more registrations are refused.
    #[arg(long, value_name = "N", default_value = "256", value_parser = clap::value_parser!(u16).range(1..))]
    max_hosts: u16,
    /// Largest datagram taken; a larger one is rejected with its size.
    #[arg(long, value_name = "BYTES", default_value_t = wire::DEFAULT_MAX_DATAGRAM, value_parser = size_in(64, 65507))]
    max_datagram: usize,
    /// One JSON object per line instead of human output.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
#[command(
    after_help = "Each line typed is `DESTINATION TEXT` (192.168.0.2 Hola!) or only `TEXT`, sent to a known host at random.\n\nExamples:\n  lan host --name \"PC Gamer\" --addr 192.168.0.1\n  printf '192.168.0.2 Hola!\\n' | lan host --name PC --addr 192.168.0.1 --json"
)]
struct HostArgs {
    /// The host's name, for people (the seed's `name`).
    #[arg(long, value_parser = parse_name)]
    name: String,
    /// The host's simulated address: 192.168.0.1, or the seed's 0xC0A80001 or 3232235521.
    #[arg(long, value_name = "ADDR", value_parser = wire::parse_host_addr)]
    addr: Ipv4Addr,
    /// The switch's UDP address.
    #[arg(long, default_value = DEFAULT_SWITCH, value_parser = parse_socket_addr)]
    switch: SocketAddr,
    /// Local UDP address of the host's socket.
    #[arg(long, default_value = "127.0.0.1:0", value_parser = parse_socket_addr)]
    bind: SocketAddr,
    /// base: seed 000's BasePacket; personal: PersonalPacket, with the broken and danger flags.
    #[arg(long, value_enum, default_value = "personal")]
    kind: wire::Kind,
    /// A forbidden word for the danger flag (repeatable; default: the seed's isis, terrorismo, bomba).
    #[arg(long, value_name = "WORD", value_parser = personal::parse_word)]
    forbidden: Vec<String>,
    /// Send a typed JSON value that is not a string ([1, 2]) as it is, to show the broken flag; by
    /// default only text is sent, as the seed asks.
    #[arg(long)]
    allow_non_text: bool,
    /// Keep receiving after the end of input, until stopped (Ctrl-C); by default the host leaves.
    #[arg(long)]
    stay: bool,
    /// How long to wait for the switch to answer the registration.
    #[arg(long, value_name = "DURATION", default_value = "2s", value_parser = parse_positive_duration)]
    timeout: Duration,
    /// Largest datagram sent or taken.
    #[arg(long, value_name = "BYTES", default_value_t = wire::DEFAULT_MAX_DATAGRAM, value_parser = size_in(64, 65507))]
    max_datagram: usize,
    /// One JSON object per line instead of human output.
    #[arg(long)]
    json: bool,
}

fn parse_name(text: &str) -> Result<String, String> {
    wire::check_name(text)?;
    Ok(text.to_owned())
}

fn main() -> ExitCode {
    let cli: Cli = socklab::cli::parse();
    socklab::cli::run_main(|| match cli.role {
        Role::Switch(args) => switch::run(
            switch::SwitchOptions {
                bind: args.bind,
                drop: args.drop,
                hub: args.hub,
                max_hosts: usize::from(args.max_hosts),
                max_datagram: args.max_datagram,
            },
            Events::new(args.json),
        ),
        Role::Host(args) => host::run(
            host::HostOptions {
                name: args.name,
                addr: args.addr,
                switch: args.switch,
                bind: args.bind,
                kind: args.kind,
                forbidden: match args.forbidden {
                    words if words.is_empty() => personal::Forbidden::seed(),
                    words => personal::Forbidden::new(words),
                },
                allow_non_text: args.allow_non_text,
                stay: args.stay,
                timeout: args.timeout,
                max_datagram: args.max_datagram,
            },
            Events::new(args.json),
        ),
    })
}
