//! Isolation for untrusted code (student submissions): a private network per lab run, PID and mount
//! namespaces per student process, resource limits, a leased unprivileged account, a small clean
//! environment, and a private copy of the submission's files.
//!
//! The pieces are independent so that each degrades on its own: without the rights to make
//! namespaces, `socklab grade` runs student code only when asked to (`--unisolated`), fixed-port labs
//! one at a time, as the current user with the limits still applied.

mod account;
mod contain;
mod environment;
mod limits;
mod network;
mod workdir;

pub use account::{Account, LEASE_DIR};
pub use contain::{Ended, Plan, Prepared, Report, spawn_in_new_pid_namespace};
pub use environment::{PATH as STUDENT_PATH, for_students as student_environment};
pub use limits::Limits;
pub use network::{enter_private_network, private_network_available};
pub use workdir::{CopyError, private_copy};

/// Whether student code can be isolated here: network, PID and mount namespaces can be made.
pub fn isolation_available() -> bool {
    private_network_available() && contain::available()
}
