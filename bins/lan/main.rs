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
use socklab::tr;

#[derive(Parser)]
#[command(
    name = "lan",
    version,
    about = tr!("lan-about"),
    after_help = tr!("lan-after-help")
)]
struct Cli {
    #[command(subcommand)]
    role: Role,
}

#[derive(Subcommand)]
enum Role {
    #[command(about = tr!("lan-cmd-switch"))]
    Switch(SwitchArgs),
    #[command(about = tr!("lan-cmd-host"))]
    Host(HostArgs),
}

const DEFAULT_SWITCH: &str = "127.0.0.1:4000";

#[derive(Args)]
#[command(
    after_help = tr!("lan-switch-after-help")
)]
struct SwitchArgs {
    #[arg(long, default_value = DEFAULT_SWITCH, value_parser = parse_socket_addr, help = tr!("lan-arg-switch-bind"))]
    bind: SocketAddr,
    #[arg(long, value_name = "ADDR", value_parser = wire::parse_host_addr, help = tr!("lan-arg-switch-drop"))]
    drop: Vec<Ipv4Addr>,
    #[arg(long, help = tr!("lan-arg-switch-hub"))]
    hub: bool,
    #[arg(long, value_name = "N", default_value = "256", value_parser = clap::value_parser!(u16).range(1..), help = tr!("lan-arg-switch-max-hosts"))]
    max_hosts: u16,
    #[arg(long, value_name = "BYTES", default_value_t = wire::DEFAULT_MAX_DATAGRAM, value_parser = size_in(64, 65507), help = tr!("lan-arg-switch-max-datagram"))]
    max_datagram: usize,
    #[arg(long, help = tr!("lan-arg-switch-json"))]
    json: bool,
}

#[derive(Args)]
#[command(
    after_help = tr!("lan-host-after-help")
)]
struct HostArgs {
    #[arg(long, value_parser = parse_name, help = tr!("lan-arg-host-name"))]
    name: String,
    #[arg(long, value_name = "ADDR", value_parser = wire::parse_host_addr, help = tr!("lan-arg-host-addr"))]
    addr: Ipv4Addr,
    #[arg(long, default_value = DEFAULT_SWITCH, value_parser = parse_socket_addr, help = tr!("lan-arg-host-switch"))]
    switch: SocketAddr,
    #[arg(long, default_value = "127.0.0.1:0", value_parser = parse_socket_addr, help = tr!("lan-arg-host-bind"))]
    bind: SocketAddr,
    #[arg(long, value_enum, default_value = "personal", help = tr!("lan-arg-host-kind"))]
    kind: wire::Kind,
    #[arg(long, value_name = "WORD", value_parser = personal::parse_word, help = tr!("lan-arg-host-forbidden"))]
    forbidden: Vec<String>,
    #[arg(long, help = tr!("lan-arg-host-allow-non-text"))]
    allow_non_text: bool,
    #[arg(long, help = tr!("lan-arg-host-stay"))]
    stay: bool,
    #[arg(long, value_name = "DURATION", default_value = "2s", value_parser = parse_positive_duration, help = tr!("lan-arg-host-timeout"))]
    timeout: Duration,
    #[arg(long, value_name = "BYTES", default_value_t = wire::DEFAULT_MAX_DATAGRAM, value_parser = size_in(64, 65507), help = tr!("lan-arg-host-max-datagram"))]
    max_datagram: usize,
    #[arg(long, help = tr!("lan-arg-host-json"))]
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
