//! Isolation for untrusted code (student submissions): a private network per lab run, resource limits,
//! an unprivileged account of its own, and a private copy of the submission's files.
//!
//! The pieces are independent so that each degrades on its own: without the rights to make a network
//! namespace, runs that need a fixed port are serialised by the caller; without root, code runs as the
//! current user with the limits still applied.

mod account;
mod limits;
mod network;
mod workdir;

pub use account::{Account, kill_all_of};
pub use limits::Limits;
pub use network::{enter_private_network, private_network_available};
pub use workdir::private_copy;
