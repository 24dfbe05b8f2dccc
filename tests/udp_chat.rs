//! udp-chat (guide §1): the server and client on loopback.

use crate::support::{Proc, udp_chat};
use assert_cmd::Command;

fn server(args: &[&str]) -> (Proc, std::net::SocketAddr) {
    let mut all = vec!["server", "--bind", "127.0.0.1:0"];
    all.extend_from_slice(args);
    let mut proc = Proc::start(udp_chat(), &all);
    let addr = proc.listening_addr();
    (proc, addr)
}

#[test]
fn client_prints_the_echo_in_the_guides_format() {
    let (_server, addr) = server(&[]);
    Command::new(udp_chat())
        .args(["client", "--to", &addr.to_string(), "hola"])
        .assert()
        .success()
        .stdout("--> hola\n");
}
