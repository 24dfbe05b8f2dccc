//! The process tree as /proc shows it: each process's parent and process group, read in one pass.
//! The harness uses it to find everything a lab process started, also what left its process group
//! (a daemon that called setsid) or lost its parent (re-parented to socklab, the subreaper).

/// One reading of /proc: every process with its parent and process group.
pub struct ProcessTree {
    entries: Vec<Entry>,
}

struct Entry {
    pid: i32,
    parent: i32,
    group: i32,
}

impl ProcessTree {
    /// Reads every process now; one that ends meanwhile is left out.
    pub fn read() -> Self {
        let entries = all_processes()
            .into_iter()
            .filter_map(|pid| {
                let Stat { parent, group } = stat(pid)?;
                Some(Entry { pid, parent, group })
            })
            .collect();
        ProcessTree { entries }
    }

    /// Every process whose chain of parents leads to `pid`, also those that left its process group.
    pub fn descendants(&self, pid: i32) -> Vec<i32> {
        let mut found = vec![pid];
        let mut index = 0;
        while index < found.len() {
            let parent = found[index];
            found.extend(self.children(parent));
            index += 1;
        }
        found.remove(0);
        found
    }

    pub fn pids(&self) -> impl Iterator<Item = i32> + '_ {
        self.entries.iter().map(|entry| entry.pid)
    }

    pub fn children(&self, pid: i32) -> impl Iterator<Item = i32> + '_ {
        self.entries.iter().filter(move |entry| entry.parent == pid).map(|entry| entry.pid)
    }

    pub fn group_of(&self, pid: i32) -> Option<i32> {
        self.entries.iter().find(|entry| entry.pid == pid).map(|entry| entry.group)
    }
}

/// Every process whose chain of parents leads to `pid` (see [`ProcessTree::descendants`]), found by
/// walking down from `pid` through /proc/PID/task/TID/children (proc(5)): a few small reads instead of
/// one per process on the machine, which matters when a grading with hundreds of processes asks
/// every millisecond. Falls back to a full read of /proc on a kernel without those files.
pub fn descendants(pid: i32) -> Vec<i32> {
    let mut found = vec![pid];
    let mut index = 0;
    while index < found.len() {
        match children(found[index]) {
            Some(children) => found.extend(children),
            None => return ProcessTree::read().descendants(pid),
        }
        index += 1;
    }
    found.remove(0);
    found
}

/// The children of every thread of `pid`; empty when it has ended, `None` when the kernel does not
/// list children (CONFIG_PROC_CHILDREN off).
fn children(pid: i32) -> Option<Vec<i32>> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else { return Some(Vec::new()) };
    let mut children = Vec::new();
    for task in tasks.flatten() {
        match std::fs::read_to_string(task.path().join("children")) {
            Ok(text) => children.extend(text.split_whitespace().filter_map(|word| word.parse::<i32>().ok())),
            // The thread ended between the listing and the read.
            Err(err) if err.kind() == std::io::ErrorKind::NotFound && !task.path().exists() => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return None,
            Err(_) => {}
        }
    }
    Some(children)
}

/// The pids in /proc.
fn all_processes() -> Vec<i32> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries.flatten().filter_map(|entry| entry.file_name().to_str()?.parse().ok()).collect()
}

/// The fields of /proc/PID/stat the harness needs.
struct Stat {
    parent: i32,
    group: i32,
}

fn stat(pid: i32) -> Option<Stat> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may contain spaces: split after the last ')'.
    let rest = &text[text.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    let _state = fields.next()?;
    let parent = fields.next()?.parse().ok()?;
    let group = fields.next()?.parse().ok()?;
    Some(Stat { parent, group })
}

/// Waits until no thread of the processes in `pids` or of their descendants is running or in
/// uninterruptible sleep (state `R` or `D`) at two samples a millisecond apart, or `limit` passed
/// (false then). A program woken by its peer's close, say, has printed what that made it print and
/// gone back to waiting: stopping it now, not a moment earlier, keeps its output the same from one
/// run to the next.
pub fn wait_idle(pids: &[i32], limit: std::time::Duration) -> bool {
    let deadline = std::time::Instant::now() + limit;
    let idle = || {
        pids.iter().flat_map(|pid| std::iter::once(*pid).chain(descendants(*pid))).all(|pid| {
            let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else { return true };
            tasks.flatten().all(|task| {
                let stat = std::fs::read_to_string(task.path().join("stat")).unwrap_or_default();
                let state = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().next());
                !matches!(state, Some("R" | "D"))
            })
        })
    };
    let mut quiet_samples = 0;
    while quiet_samples < 2 {
        if std::time::Instant::now() >= deadline {
            return false;
        }
        quiet_samples = if idle() { quiet_samples + 1 } else { 0 };
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    true
}

/// Whether a thread of `pid` is blocked reading its stdin: in read(2) on descriptor 0, as Python's
/// `input()` is while nobody types (/proc/PID/task/TID/syscall; false when that cannot be read).
pub fn reads_stdin(pid: i32) -> bool {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else { return false };
    tasks.flatten().any(|task| {
        let text = std::fs::read_to_string(task.path().join("syscall")).unwrap_or_default();
        reading_fd_zero(&text)
    })
}

/// A /proc syscall line (`NUMBER ARG1 ARG2 ...`) of a read(2) of descriptor 0.
fn reading_fd_zero(syscall: &str) -> bool {
    let mut fields = syscall.split_whitespace();
    fields.next().and_then(|number| number.parse::<i64>().ok()) == Some(libc::SYS_read)
        && fields.next() == Some("0x0")
}

/// Waits until every thread of every process in `pids` is stopped (state `T` in /proc/PID/task/TID/stat),
/// or has ended; false if that took longer than `limit`. A thread that was asleep in accept() when
/// SIGSTOP came could otherwise still take a connection before it stops.
pub fn wait_stopped(pids: &[i32], limit: std::time::Duration) -> bool {
    let deadline = std::time::Instant::now() + limit;
    let stopped = |pid: &i32| {
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else { return true };
        tasks.flatten().all(|task| {
            let stat = std::fs::read_to_string(task.path().join("stat")).unwrap_or_default();
            // The state follows the command name, which is in parentheses and may hold spaces.
            let state = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().next());
            matches!(state, None | Some("T" | "t" | "Z" | "X"))
        })
    };
    loop {
        if pids.iter().all(stopped) {
            return true;
        }
        if std::time::Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_waiting_on_its_stdin_is_told_from_one_waiting_on_something_else() {
        let line = format!("{} 0x0 0x55d0c0a1b2c0 0x2000 0x0 0x0 0x0 0x7ffd 0x7f12", libc::SYS_read);
        assert!(reading_fd_zero(&line));
        assert!(!reading_fd_zero(&line.replacen(" 0x0 ", " 0x3 ", 1)));
        assert!(!reading_fd_zero("running") && !reading_fd_zero(""));
        let spawn = |program: &str, arg: &str| {
            std::process::Command::new(program)
                .arg(arg)
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        };
        let (mut reader, mut sleeper) = (spawn("cat", "-"), spawn("sleep", "30"));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !reads_stdin(reader.id() as i32) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(reads_stdin(reader.id() as i32), "cat never seen reading its stdin");
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(!reads_stdin(sleeper.id() as i32));
        for child in [&mut reader, &mut sleeper] {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    #[test]
    fn the_walk_down_finds_what_a_full_read_of_proc_finds() {
        let mut shell = std::process::Command::new("sh")
            .args(["-c", "sleep 30 & sleep 30 & (sleep 30 & wait) & echo started; wait"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(shell.stdout.take().unwrap()), &mut line)
            .unwrap();
        let pid = shell.id() as i32;
        // The subshell starts its sleep on its own time: wait until all four exist.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while ProcessTree::read().descendants(pid).len() < 4 && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let mut walked = descendants(pid);
        let mut read = ProcessTree::read().descendants(pid);
        walked.sort();
        read.sort();
        for pid in &walked {
            let _ =
                nix::sys::signal::kill(nix::unistd::Pid::from_raw(*pid), nix::sys::signal::Signal::SIGKILL);
        }
        let _ = shell.kill();
        let _ = shell.wait();
        assert_eq!(walked, read);
        assert_eq!(walked.len(), 4, "two sleeps, a subshell and its sleep: {walked:?}");
    }
}
