//! An account of its own for each run of untrusted code, leased across every socklab on the machine.
//!
//! When socklab runs as root, student code must not (Gradescope gives the same advice). Each lab run
//! gets a numeric user id from a range no real account uses, so that the process limit counts only
//! that run's processes. The id is leased with a lock file per id under [`LEASE_DIR`] (flock(2)), so
//! two graders, a grader and `cargo test`, or two array tasks on one node never hand out the same id;
//! the kernel drops the lock when the holder exits, also on a crash. Ending a run's processes is the
//! PID namespace's job ([`super::contain`]); only the id's own lessee sweeps what may still run under
//! it, and only while it holds the lease.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use nix::fcntl::{Flock, FlockArg};
use nix::sys::signal::{Signal, kill};
use nix::unistd::{Gid, Pid, Uid};

/// The first user id handed out; ids above it are assumed unused by real accounts.
const FIRST_UID: u32 = 61_000;
const POOL_SIZE: u32 = 1_000;
/// Where the lease locks live: one file per user id, `<uid>.lock`.
pub const LEASE_DIR: &str = "/run/socklab/accounts";

/// A user id leased for one run; the lease ends on drop, after what still runs under it is killed.
#[derive(Debug)]
pub struct Account {
    uid: Uid,
    /// Whether the end of the lease must look for processes of the id: not when every process of the
    /// run lived in PID namespaces that ended with it.
    sweep_on_drop: bool,
    _lease: Flock<File>,
}

impl Account {
    /// Leases a free id: `Ok(None)` when socklab is not root (code then runs as the current user), an
    /// error when the lease folder cannot be used or every id is taken.
    pub fn reserve() -> std::io::Result<Option<Account>> {
        if !Uid::effective().is_root() {
            return Ok(None);
        }
        std::fs::create_dir_all(LEASE_DIR)?;
        // Start at a different id in each process so that graders rarely try the same locks.
        let start = std::process::id() % POOL_SIZE;
        for offset in 0..POOL_SIZE {
            let uid = FIRST_UID + (start + offset) % POOL_SIZE;
            let path = Path::new(LEASE_DIR).join(format!("{uid}.lock"));
            let file = OpenOptions::new().create(true).truncate(false).write(true).mode(0o600).open(&path)?;
            match Flock::lock(file, FlockArg::LockExclusiveNonblock) {
                Ok(lease) => {
                    let uid = Uid::from_raw(uid);
                    // Held by nobody else: whatever runs under it was left by a lessee that died.
                    kill_all_of(uid);
                    return Ok(Some(Account { uid, sweep_on_drop: true, _lease: lease }));
                }
                Err((_, nix::errno::Errno::EWOULDBLOCK)) => continue,
                Err((_, errno)) => {
                    let path = path.display().to_string();
                    return Err(std::io::Error::other(crate::tr!(
                        "run-cannot-lock",
                        path = path,
                        error = errno.to_string()
                    )));
                }
            }
        }
        Err(std::io::Error::other(crate::tr!(
            "run-accounts-leased",
            count = POOL_SIZE,
            dir = LEASE_DIR.to_string()
        )))
    }

    /// The run's processes are contained in PID namespaces: when the run ends they are gone already,
    /// so the lease ends without a sweep of /proc.
    pub fn contained(mut self) -> Self {
        self.sweep_on_drop = false;
        self
    }

    pub fn uid(&self) -> Uid {
        self.uid
    }

    pub fn gid(&self) -> Gid {
        Gid::from_raw(self.uid.as_raw())
    }
}

impl Drop for Account {
    fn drop(&mut self) {
        if self.sweep_on_drop {
            kill_all_of(self.uid);
        }
    }
}

/// Sends SIGKILL to every process whose real user id is `uid`, until none is left. Only for an id
/// whose lease the caller holds. Returns how many were killed.
fn kill_all_of(uid: Uid) -> usize {
    let mut killed = 0;
    // A process may fork while we scan; a few passes catch the stragglers (NPROC bounds them).
    for _ in 0..20 {
        let found = processes_of(uid);
        if found.is_empty() {
            break;
        }
        for pid in found {
            if kill(pid, Signal::SIGKILL).is_ok() {
                killed += 1;
            }
        }
    }
    killed
}

fn processes_of(uid: Uid) -> Vec<Pid> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| real_uid_of(*pid) == Some(uid.as_raw()) && !is_zombie(*pid))
        .map(Pid::from_raw)
        .collect()
}

fn real_uid_of(pid: i32) -> Option<u32> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("Uid:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn is_zombie(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| stat.rsplit(')').next().and_then(|rest| rest.split_whitespace().next()) == Some("Z"))
        .unwrap_or(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_leases_at_once_never_share_a_user_id() {
        if !Uid::effective().is_root() {
            eprintln!("SKIPPED two_leases_at_once_never_share_a_user_id: not root");
            return;
        }
        let leases: Vec<Account> = (0..8).map(|_| Account::reserve().unwrap().unwrap()).collect();
        let mut uids: Vec<u32> = leases.iter().map(|lease| lease.uid().as_raw()).collect();
        uids.sort_unstable();
        uids.dedup();
        assert_eq!(uids.len(), leases.len());
    }

    #[test]
    fn a_lease_held_by_another_process_is_not_handed_out() {
        if !Uid::effective().is_root() {
            eprintln!("SKIPPED a_lease_held_by_another_process_is_not_handed_out: not root");
            return;
        }
        // flock locks belong to open files: a lock taken through another open file of the same lock
        // path conflicts exactly as another process's would.
        let first = Account::reserve().unwrap().unwrap();
        let path = Path::new(LEASE_DIR).join(format!("{}.lock", first.uid()));
        let other = OpenOptions::new().write(true).open(&path).unwrap();
        assert!(Flock::lock(other, FlockArg::LockExclusiveNonblock).is_err(), "the lease is held");
        let second = Account::reserve().unwrap().unwrap();
        assert_ne!(first.uid(), second.uid());
    }
}
