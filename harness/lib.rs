//! socklab: the library behind the `socklab` command and the support code its lab programs share.
//!
//! The programs in `bins/` (udp-chat, tcp-echo, text-image) emit events that the harness parses; the
//! format of those events lives here once ([`event`]), together with the command-line conventions every
//! program follows ([`cli`]) and the signal handling that lets servers stop cleanly ([`shutdown`]).

pub mod cli;
pub mod event;
pub mod shutdown;

pub mod app;
pub mod checks;
pub mod config;
pub mod lab;
pub mod model;
pub mod report;
pub mod runner;
pub mod sockets;
pub mod template;
