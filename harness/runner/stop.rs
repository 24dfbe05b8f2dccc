//! Ending processes so that nothing is left behind.
//!
//! Each process runs in its own process group. Stopping it sends SIGTERM to the group and to any
//! descendant that left the group (setsid), waits a grace period while output is still drained, then
//! sends SIGKILL to whatever is left. `socklab` also makes itself a child subreaper, so descendants
//! orphaned by their parent are re-parented to it instead of init; [`reap_orphans`] collects them. To
//! do so without stealing the exit status of a process a lab is still watching, every process the
//! harness starts is registered here while it is spawned.

use std::collections::HashSet;
use std::process::{Child, Command, ExitStatus};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::sys::signal::{Signal, kill, killpg};
use nix::sys::wait::{Id, WaitPidFlag, waitid, waitpid};
use nix::unistd::Pid;

use super::exits::ExitWatch;
use super::process::Started;
use crate::procs::ProcessTree;

/// How often a stop checks whether everything is gone.
const POLL: Duration = Duration::from_millis(2);
/// How long to wait after SIGKILL before reporting that something survived.
const KILL_WAIT: Duration = Duration::from_secs(5);

/// Set once this process is the subreaper: from then on every process a lab starts stays its descendant.
static SUBREAPER: AtomicBool = AtomicBool::new(false);

/// Pids of the children the harness started and has not reaped yet.
static REGISTERED: LazyLock<Mutex<HashSet<i32>>> = LazyLock::new(Default::default);

fn registered() -> std::sync::MutexGuard<'static, HashSet<i32>> {
    REGISTERED.lock().unwrap_or_else(|e| e.into_inner())
}

/// Makes this process the reaper of its orphaned descendants (Linux `PR_SET_CHILD_SUBREAPER`).
pub fn become_subreaper() {
    // SAFETY: prctl with PR_SET_CHILD_SUBREAPER only sets a flag on the calling process.
    let done = unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) };
    SUBREAPER.store(done == 0, Ordering::SeqCst);
}

/// Whether this process has any child, running or not yet reaped (`waitid` answers ECHILD when not).
fn has_children() -> bool {
    let flags = WaitPidFlag::WEXITED | WaitPidFlag::WNOHANG | WaitPidFlag::WNOWAIT;
    waitid(Id::All, flags) != Err(Errno::ECHILD)
}

/// Spawns while holding the registry, so [`reap_orphans`] never mistakes the new child for an orphan.
pub fn spawn_registered(command: &mut Command) -> std::io::Result<Child> {
    let mut registry = registered();
    let child = command.spawn()?;
    registry.insert(child.id() as i32);
    Ok(child)
}

pub fn try_wait_registered(child: &mut Child) -> std::io::Result<Option<ExitStatus>> {
    let status = child.try_wait()?;
    if status.is_some() {
        registered().remove(&(child.id() as i32));
    }
    Ok(status)
}

/// Waits for a registered child to end and reaps it.
pub fn wait_registered(child: &mut Child) -> std::io::Result<ExitStatus> {
    let status = child.wait()?;
    registered().remove(&(child.id() as i32));
    Ok(status)
}

/// Reaps descendants that were re-parented to this process after their parent ended.
pub fn reap_orphans() {
    let registry = registered();
    let me = std::process::id() as i32;
    for pid in ProcessTree::read().children(me).filter(|pid| !registry.contains(pid)) {
        let _ = waitpid(Pid::from_raw(pid), Some(WaitPidFlag::WNOHANG));
    }
}

/// Kills and reaps every child of this process that the harness did not start itself: descendants
/// orphaned and re-parented here. Called when no lab is running any more.
pub fn kill_orphans() {
    let me = std::process::id() as i32;
    let deadline = Instant::now() + KILL_WAIT;
    while has_children() {
        let orphans: Vec<i32> = {
            let registry = registered();
            ProcessTree::read().children(me).filter(|pid| !registry.contains(pid)).collect()
        };
        if orphans.is_empty() || Instant::now() >= deadline {
            return;
        }
        for pid in orphans {
            let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
        }
        std::thread::sleep(POLL);
        reap_orphans();
    }
}

/// Whether a process (or every process of a group) is gone: `kill(pid, 0)` answers ESRCH.
fn gone(result: nix::Result<()>) -> bool {
    result == Err(Errno::ESRCH)
}

/// Everything that belongs to one started process: its group and its descendants.
struct Family {
    group: i32,
    members: Vec<i32>,
    /// The leader was reaped: its pid (and so its group id, once the group is empty) may already
    /// belong to another program, so only members that carry this run's marker are signalled.
    reaped: bool,
}

impl Family {
    fn of(process: &mut Started, marked: &[i32], tree: &ProcessTree) -> Self {
        let pid = process.pid;
        if !process.running() {
            let members = marked.iter().copied().filter(|m| tree.group_of(*m) == Some(pid)).collect();
            return Self { group: pid, members, reaped: true };
        }
        let mut members = tree.descendants(pid);
        members.push(pid);
        Self { group: pid, members, reaped: false }
    }

    fn signal(&self, signal: Signal) {
        if !self.reaped {
            let _ = killpg(Pid::from_raw(self.group), signal);
        }
        for member in &self.members {
            let _ = kill(Pid::from_raw(*member), signal);
        }
    }

    fn is_gone(&self) -> bool {
        (self.reaped || gone(killpg(Pid::from_raw(self.group), None)))
            && self.members.iter().all(|member| gone(kill(Pid::from_raw(*member), None)))
    }
}

/// The environment variable every process of a lab run inherits, `SOCKLAB_RUN=<marker>`: it finds
/// descendants that left the process group after their parent ended (and were re-parented).
pub const MARKER_VARIABLE: &str = "SOCKLAB_RUN";

/// Processes whose environment carries `SOCKLAB_RUN=marker`. Once this process is the subreaper,
/// whatever a lab started is its descendant (an orphan is re-parented to it), so only those are read.
fn marked(marker: &str, tree: &ProcessTree) -> Vec<i32> {
    let needle = format!("{MARKER_VARIABLE}={marker}");
    let candidates = if SUBREAPER.load(Ordering::SeqCst) {
        tree.descendants(std::process::id() as i32)
    } else {
        tree.pids().collect()
    };
    candidates
        .into_iter()
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|environ| environ.split(|b| *b == 0).any(|entry| entry == needle.as_bytes()))
        })
        .collect()
}

/// Stops every process in `started` that is still running, and anything they started (found by
/// process group, by parentage, and by the `marker` in their environment): SIGTERM, `grace`, then
/// SIGKILL. All are signalled together so a stubborn process costs one grace period. Returns the
/// process groups that still could not be removed (should never happen).
pub fn stop_all(started: &mut [&mut Started], grace: Duration, marker: &str) -> Vec<i32> {
    let tree = ProcessTree::read();
    let ours = marked(marker, &tree);
    let mut families: Vec<Family> =
        started.iter_mut().map(|process| Family::of(process, &ours, &tree)).collect();
    let outside = |marked: Vec<i32>, families: &[Family]| -> Vec<i32> {
        marked.into_iter().filter(|pid| !families.iter().any(|f| f.members.contains(pid))).collect()
    };
    let stray = outside(ours, &families);
    if let Some(first) = families.first_mut() {
        first.members.extend(stray);
    }
    for (process, family) in started.iter_mut().zip(&families) {
        if process.running() || !family.is_gone() {
            family.signal(Signal::SIGTERM);
        }
    }
    if !wait_until_gone(started, &families, grace) {
        // Descendants may have started more processes in the meantime: look again before SIGKILL.
        let tree = ProcessTree::read();
        for (process, family) in started.iter().zip(families.iter_mut()) {
            if !family.reaped {
                family.members.extend(tree.descendants(process.pid));
            }
        }
        let extra = outside(marked(marker, &tree), &families);
        if let Some(first) = families.first_mut() {
            first.members.extend(extra);
        }
        for family in &families {
            family.signal(Signal::SIGKILL);
        }
        wait_until_gone(started, &families, KILL_WAIT);
    }
    for process in started.iter_mut() {
        process.finish_output(grace);
    }
    families.iter().filter(|family| !family.is_gone()).map(|family| family.group).collect()
}

fn wait_until_gone(started: &mut [&mut Started], families: &[Family], limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    let mut exits = ExitWatch::new(families.iter().flat_map(|family| family.members.iter().copied()));
    // Leaders are reaped by poll_exit; any other member may be an orphan that only reap_orphans collects.
    let orphans_possible =
        families.iter().any(|family| family.members.iter().any(|member| *member != family.group));
    loop {
        for process in started.iter_mut() {
            process.poll_exit();
        }
        if orphans_possible {
            reap_orphans();
        }
        if families.iter().all(Family::is_gone) {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        exits.wait(POLL);
    }
}
