//! socklab's integration tests: the real programs, on loopback, with port 0.

mod capture;
mod catalogues;
mod framed_json;
mod grade;
mod gradescope_bundle;
mod harness;
mod hftp;
mod isolation;
mod lan;
mod programs;
mod readme;
mod support;
mod sweep;
mod tcp_echo;
mod text_image;
mod udp_chat;
mod web_client;
