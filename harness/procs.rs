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

/// Every process whose chain of parents leads to `pid` (see [`ProcessTree::descendants`]).
pub fn descendants(pid: i32) -> Vec<i32> {
    ProcessTree::read().descendants(pid)
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
