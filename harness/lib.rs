//! socklab: the library behind the `socklab` command and the support code its lab programs share.
//!
//! The programs in `bins/` (udp-chat, tcp-echo, text-image, framed-json, hftp) emit events that the harness parses; the
//! format of those events lives here once ([`event`]), together with the command-line conventions every
//! program follows ([`cli`]), what the kernel makes of a buffer size ([`sockopt`]) and the signal handling that lets servers stop cleanly ([`shutdown`]) the back-off on a failing accept() ([`accept`]) waits on a socket that a stop request ends ([`wait`]) and what a peer in the same namespace has not read yet ([`unread`]).
//!
//! The harness behind `socklab run` is a pipeline of small parts, each reusable on its own:
//! [`config`] reads labs.toml into the [`model`] (a [`model::Lab`] of processes and checks, with
//! [`template`] placeholders), [`runner`] plays a lab's processes (process groups, drained output,
//! readiness, stdin scripts, clean stops), [`checks`] judges what they did (with [`sockets`] for what
//! /proc says they listen on), [`lab::play`] ties the three together for one lab, and [`report`]
//! renders the results. [`app`] is the `socklab` command line; [`programs`] finds (or, under cargo,
//! builds) the programs labs call; [`bundle`] packs socklab for Gradescope. Grading ([`grade`]) plays the same labs with student code in the
//! [`sandbox`]: namespaces, a leased account, limits, a private copy.

pub mod accept;
pub mod app;
pub mod bundle;
pub mod capture;
pub mod checks;
pub mod cli;
pub mod config;
pub mod event;
pub mod grade;
pub mod hosts;
pub mod i18n;
pub mod lab;
pub mod model;
pub mod procs;
pub mod programs;
pub mod report;
pub mod runner;
pub mod sandbox;
pub mod shutdown;
pub mod sockets;
pub mod sockopt;
pub mod sweep;
pub mod template;
pub mod unread;
pub mod wait;
