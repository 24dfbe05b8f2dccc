//! An account of its own for each run of untrusted code.
//!
//! When socklab runs as root, student code must not (Gradescope gives the same advice). Each lab run
//! gets a numeric user id from a range no real account uses, so that the process limit counts only
//! that run's processes, and so that at the end every process of that id — including one that
//! escaped its process group with setsid() and ignores SIGTERM — can be found and killed.

use std::sync::Mutex;

use nix::sys::signal::{Signal, kill};
use nix::unistd::{Gid, Pid, Uid};

/// The first user id handed out; ids above it are assumed unused by real accounts.
const FIRST_UID: u32 = 61_000;
const POOL_SIZE: u32 = 1_000;

static IN_USE: Mutex<Vec<bool>> = Mutex::new(Vec::new());

/// A user id reserved for one run; given back on drop, after killing what still runs under it.
#[derive(Debug)]
pub struct Account {
    uid: Uid,
}

impl Account {
    /// Reserves an id, or `None` when socklab is not root (code then runs as the current user).
    pub fn reserve() -> Option<Account> {
        if !Uid::effective().is_root() {
            return None;
        }
        let mut in_use = IN_USE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if in_use.is_empty() {
            in_use.resize(POOL_SIZE as usize, false);
        }
        let slot = in_use.iter().position(|used| !used)?;
        in_use[slot] = true;
        let uid = Uid::from_raw(FIRST_UID + slot as u32);
        kill_all_of(uid);
        Some(Account { uid })
    }

    pub fn uid(&self) -> Uid {
        self.uid
    }

    pub fn gid(&self) -> Gid {
        Gid::from_raw(self.uid.as_raw())
    }

    /// A `pre_exec` hook that switches the child to this account: groups, gid, then uid. It makes only
    /// async-signal-safe system calls.
    pub fn switch_hook(&self) -> impl Fn() -> std::io::Result<()> + Send + Sync + 'static {
        let (uid, gid) = (self.uid, self.gid());
        move || {
            nix::unistd::setgroups(&[gid])?;
            nix::unistd::setresgid(gid, gid, gid)?;
            nix::unistd::setresuid(uid, uid, uid)?;
            Ok(())
        }
    }
}

impl Drop for Account {
    fn drop(&mut self) {
        kill_all_of(self.uid);
        let slot = (self.uid.as_raw() - FIRST_UID) as usize;
        let mut in_use = IN_USE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        in_use[slot] = false;
    }
}

/// Sends SIGKILL to every process whose real user id is `uid`, until none is left. Returns how many
/// were killed.
pub fn kill_all_of(uid: Uid) -> usize {
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
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    #[test]
    fn dropping_an_account_kills_what_escaped_its_process_group() {
        let Some(account) = Account::reserve() else {
            eprintln!("SKIPPED dropping_an_account_kills_what_escaped_its_process_group: not root");
            return;
        };
        let uid = account.uid();
        let mut command = Command::new("sh");
        // The grandchild leaves the process group with setsid and ignores SIGTERM.
        command
            .args(["-c", "setsid sh -c 'trap \"\" TERM; sleep 60' >/dev/null 2>&1 & echo started"])
            .stdout(Stdio::piped());
        // SAFETY: the hook only makes async-signal-safe system calls.
        unsafe { command.pre_exec(account.switch_hook()) };
        let output = command.output().unwrap();
        assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "started");
        let deadline = Instant::now() + Duration::from_secs(5);
        while processes_of(uid).is_empty() && Instant::now() < deadline {
            std::thread::yield_now();
        }
        assert!(!processes_of(uid).is_empty(), "the escaped process should be running");
        drop(account);
        assert!(processes_of(uid).is_empty(), "nothing may survive the account");
    }
}
