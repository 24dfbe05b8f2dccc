//! socklab's integration tests: the real programs, on loopback, with port 0.

mod harness;
mod support;
mod udp_chat;
