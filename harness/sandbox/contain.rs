//! Containment of one student process: a PID namespace and a mount namespace of its own, so that
//! ending the run ends exactly its processes and it sees only its own files.
//!
//! The process socklab starts (call it the keeper) is PID 1 of a new PID namespace. Between fork and
//! exec it makes a mount namespace in which:
//! - an empty tmpfs covers each hidden folder (the class folder with every original submission);
//! - `/tmp` is a fresh, size-capped tmpfs, gone with the namespace, so nothing written there is left
//!   behind and other runs' copies are out of sight;
//! - the folders the run needs (its copy of the submission, the lab's directory) are bind-mounted back
//!   at their own paths;
//! - `/proc` shows only the namespace's processes (classmates' command lines are not visible).
//!
//! The keeper then forks the student program (PID 2) and stays as the namespace's init: it reaps what
//! is re-parented to it and, when the student program ends, writes its wait status to a pipe and
//! whether other processes of the run are still alive (a daemon that double-forked, a background
//! child); those it stops (SIGSTOP) first, so that none of them acts after the program ended. When the keeper dies, the kernel kills every process left in the namespace, setsid()
//! escapes included; a SIGKILL to the keeper is the end of the run, and the keeper gets one itself
//! when socklab dies (PR_SET_PDEATHSIG). See pid_namespaces(7), mount_namespaces(7).
//!
//! Everything between fork and exec only makes async-signal-safe system calls on data prepared
//! beforehand ([`Plan`]): nothing allocates there.

use std::ffi::CString;
use std::io::{self, Read};
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::ExitStatus;

use nix::errno::Errno;
use nix::sched::{CloneFlags, setns, unshare};

/// The world-writable folders each run gets a fresh, size-capped tmpfs for (mount options): a student
/// process that fills one gets ENOSPC, the host's disk is untouched, and it is gone with the run.
const SCRATCH: [(&str, &str); 3] =
    [("/tmp", "size=256m,mode=1777"), ("/var/tmp", "size=64m,mode=1777"), ("/dev/shm", "size=64m,mode=1777")];

/// What a contained process needs prepared before fork.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Folders covered by an empty tmpfs.
    pub hidden: Vec<PathBuf>,
    /// Folders that stay visible at the same path inside the private /tmp.
    pub kept: Vec<PathBuf>,
    /// The working directory of the student program (one of `kept`).
    pub cwd: PathBuf,
}

/// The plan made concrete for one fork: C strings and descriptors.
pub struct Prepared {
    hidden: Vec<CString>,
    kept: Vec<Kept>,
    cwd: CString,
    /// Scratch folders that exist here, with their tmpfs options.
    scratch: Vec<(CString, CString)>,
    /// The write end of the report pipe (kept by the keeper, closed in the student program by exec).
    report: OwnedFd,
}

/// At most this many folders are kept visible (the copy and the lab's directory).
const MAX_KEPT: usize = 4;

struct Kept {
    /// The folder's ancestors, outermost first, to create inside a fresh scratch tmpfs.
    ancestors: Vec<CString>,
    target: CString,
}

/// The reading end of a keeper's report: how the student program ended.
pub struct Report {
    pipe: std::fs::File,
}

/// How the student program of a contained run ended.
#[derive(Debug, Clone, Copy)]
pub struct Ended {
    pub status: ExitStatus,
    /// Other processes of the run were still alive when it ended.
    pub left_behind: bool,
}

fn cstring(path: &Path) -> io::Result<CString> {
    CString::new(path.as_os_str().as_bytes()).map_err(|_| io::Error::other(crate::tr!("run-path-with-nul")))
}

impl Plan {
    /// Opens the descriptors and builds the strings; the returned [`Report`] is socklab's end.
    pub fn prepare(&self) -> io::Result<(Prepared, Report)> {
        let hidden = self.hidden.iter().map(|path| cstring(path)).collect::<io::Result<_>>()?;
        let mut kept = Vec::new();
        if self.kept.len() > MAX_KEPT {
            return Err(io::Error::other(crate::tr!("run-too-many-kept-folders", most = MAX_KEPT)));
        }
        for folder in &self.kept {
            // Only those inside a fresh tmpfs are missing; the others answer EEXIST.
            let mut ancestors: Vec<CString> = folder
                .ancestors()
                .skip(1)
                .filter(|ancestor| *ancestor != Path::new("/"))
                .map(cstring)
                .collect::<io::Result<_>>()?;
            ancestors.reverse();
            kept.push(Kept { ancestors, target: cstring(folder)? });
        }
        let (read, write) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC)?;
        let prepared = Prepared {
            hidden,
            kept,
            cwd: cstring(&self.cwd)?,
            scratch: SCRATCH
                .iter()
                .filter(|(folder, _)| Path::new(folder).is_dir())
                .map(|(folder, options)| {
                    (CString::new(*folder).expect("no NUL"), CString::new(*options).expect("no NUL"))
                })
                .collect(),
            report: write,
        };
        Ok((prepared, Report { pipe: std::fs::File::from(read) }))
    }
}

/// Runs `spawn` with the calling thread's new children in a PID namespace of their own: the process
/// it starts is PID 1 there. The thread's own namespace is unchanged, and its later children are
/// back in it.
pub fn spawn_in_new_pid_namespace<T>(spawn: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
    let original = std::fs::File::open("/proc/thread-self/ns/pid")?;
    unshare(CloneFlags::CLONE_NEWPID)
        .map_err(|errno| io::Error::other(crate::tr!("run-no-pid-namespace", error = errno.to_string())))?;
    let spawned = spawn();
    setns(&original, CloneFlags::CLONE_NEWPID).map_err(io::Error::from)?;
    spawned
}

fn check(result: libc::c_int) -> io::Result<()> {
    if result < 0 { Err(io::Error::last_os_error()) } else { Ok(()) }
}

fn mount(
    source: *const libc::c_char,
    target: &CString,
    kind: *const libc::c_char,
    flags: libc::c_ulong,
    data: *const libc::c_char,
) -> io::Result<()> {
    // SAFETY: every pointer is a NUL-terminated string that outlives the call, or null.
    check(unsafe { libc::mount(source, target.as_ptr(), kind, flags, data.cast()) })
}

const TMPFS: &std::ffi::CStr = c"tmpfs";
const PROC: &std::ffi::CStr = c"proc";
const HIDDEN_OPTIONS: &std::ffi::CStr = c"size=16k,mode=0755";

impl Prepared {
    /// In the keeper, between fork and exec: builds the mount namespace, forks the student program and
    /// returns in it (to go on to exec); the keeper itself never returns. Only async-signal-safe calls.
    pub fn enter(&self) -> io::Result<()> {
        unshare(CloneFlags::CLONE_NEWNS).map_err(io::Error::from)?;
        let root = c"/".to_owned();
        mount(std::ptr::null(), &root, std::ptr::null(), libc::MS_REC | libc::MS_PRIVATE, std::ptr::null())?;
        // A bind mount's source must be in this mount namespace: open the kept folders here, before
        // the scratch tmpfs covers them, and bind them back through their descriptors afterwards.
        let mut sources = [-1; MAX_KEPT];
        for (source, kept) in sources.iter_mut().zip(&self.kept) {
            // SAFETY: a NUL-terminated path; the descriptor is closed by exec or by the keeper.
            *source = unsafe {
                libc::open(kept.target.as_ptr(), libc::O_PATH | libc::O_DIRECTORY | libc::O_CLOEXEC)
            };
            check(*source)?;
        }
        for hidden in &self.hidden {
            let flags = libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC;
            mount(TMPFS.as_ptr(), hidden, TMPFS.as_ptr(), flags, HIDDEN_OPTIONS.as_ptr())?;
        }
        for (folder, options) in &self.scratch {
            mount(
                TMPFS.as_ptr(),
                folder,
                TMPFS.as_ptr(),
                libc::MS_NOSUID | libc::MS_NODEV,
                options.as_ptr(),
            )?;
        }
        for (source, kept) in sources.iter().zip(&self.kept) {
            for ancestor in kept.ancestors.iter().chain([&kept.target]) {
                // SAFETY: a NUL-terminated path; EEXIST is fine.
                if unsafe { libc::mkdir(ancestor.as_ptr(), 0o755) } < 0 && Errno::last() != Errno::EEXIST {
                    return Err(io::Error::last_os_error());
                }
            }
            let mut buffer = [0u8; 32];
            let source_path = descriptor_path(*source, &mut buffer);
            mount(
                source_path.as_ptr(),
                &kept.target,
                std::ptr::null(),
                libc::MS_BIND | libc::MS_REC,
                std::ptr::null(),
            )?;
        }
        let proc_dir = c"/proc".to_owned();
        let flags = libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC;
        mount(PROC.as_ptr(), &proc_dir, PROC.as_ptr(), flags, std::ptr::null())?;
        // SAFETY: a NUL-terminated path.
        check(unsafe { libc::chdir(self.cwd.as_ptr()) })?;
        // SAFETY: prctl with PR_SET_PDEATHSIG only sets a flag of the calling process.
        check(unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0) })?;
        // SAFETY: fork in a single-threaded child; both sides only make async-signal-safe calls.
        match unsafe { libc::fork() } {
            -1 => Err(io::Error::last_os_error()),
            0 => Ok(()),
            program => keep(program, self.report.as_raw_fd()),
        }
    }
}

/// `/proc/self/fd/N` in `buffer`, without allocating.
fn descriptor_path(fd: RawFd, buffer: &mut [u8; 32]) -> &std::ffi::CStr {
    const PREFIX: &[u8] = b"/proc/self/fd/";
    buffer[..PREFIX.len()].copy_from_slice(PREFIX);
    let mut digits = [0u8; 10];
    let mut count = 0;
    let mut value = fd.max(0) as u32;
    loop {
        digits[count] = b'0' + (value % 10) as u8;
        count += 1;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    for index in 0..count {
        buffer[PREFIX.len() + index] = digits[count - 1 - index];
    }
    buffer[PREFIX.len() + count] = 0;
    std::ffi::CStr::from_bytes_with_nul(&buffer[..=PREFIX.len() + count]).expect("one NUL at the end")
}

/// The keeper's life as init of the namespace: reap, report the student program's end, and leave when
/// nothing is left. Never returns.
fn keep(program: libc::pid_t, report: RawFd) -> ! {
    // Nothing but the report pipe: socklab must see end-of-file on the output pipes and on the spawn
    // error pipe as soon as the student program has closed them.
    // SAFETY: close_range only closes descriptors.
    unsafe {
        if report > 0 {
            libc::syscall(libc::SYS_close_range, 0u32, (report - 1) as u32, 0u32);
        }
        libc::syscall(libc::SYS_close_range, (report + 1) as u32, u32::MAX, 0u32);
    }
    let mut reported = false;
    loop {
        let mut status: libc::c_int = 0;
        // SAFETY: waitpid writes the status into a local.
        let pid = unsafe { libc::waitpid(-1, &mut status, 0) };
        if pid < 0 {
            if Errno::last() == Errno::EINTR {
                continue;
            }
            // SAFETY: _exit ends the process without running anything else.
            unsafe { libc::_exit(0) };
        }
        if pid == program && !reported {
            reported = true;
            let left_behind = others_alive();
            if left_behind {
                // Freeze them at once, so that nothing of the run acts after the program ended: what
                // they hold is described by socklab, which then ends the namespace.
                // SAFETY: kill(-1) signals every process of the namespace but its init, the keeper.
                unsafe { libc::kill(-1, libc::SIGSTOP) };
            }
            let mut message = [0u8; 5];
            message[..4].copy_from_slice(&status.to_le_bytes());
            message[4] = u8::from(left_behind);
            // SAFETY: writes 5 bytes from a local buffer; a pipe write this small is atomic.
            unsafe { libc::write(report, message.as_ptr().cast(), message.len()) };
            if !left_behind {
                // SAFETY: as above.
                unsafe { libc::_exit(0) };
            }
        }
    }
}

/// Whether the keeper still has a living child (reaping those that already ended).
fn others_alive() -> bool {
    loop {
        let mut status: libc::c_int = 0;
        // SAFETY: waitpid writes the status into a local.
        match unsafe { libc::waitpid(-1, &mut status, libc::WNOHANG) } {
            0 => return true,
            pid if pid > 0 => continue,
            _ => return false,
        }
    }
}

impl Report {
    /// The student program's end, once the keeper has written it; `None` before (never blocks).
    pub fn read(&mut self) -> Option<Ended> {
        let mut message = [0u8; 5];
        set_nonblocking(self.pipe.as_raw_fd());
        match self.pipe.read(&mut message) {
            Ok(5) => Some(Ended {
                status: ExitStatus::from_raw(i32::from_le_bytes([
                    message[0], message[1], message[2], message[3],
                ])),
                left_behind: message[4] != 0,
            }),
            _ => None,
        }
    }
}

fn set_nonblocking(fd: RawFd) {
    // SAFETY: fcntl on a descriptor this process owns.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags >= 0 && flags & libc::O_NONBLOCK == 0 {
            libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK);
        }
    }
}

/// Whether this process may create PID and mount namespaces (root, or CAP_SYS_ADMIN); tried on a
/// throwaway child.
pub fn available() -> bool {
    let probe = std::process::Command::new("/bin/true");
    let plan = Plan { hidden: Vec::new(), kept: Vec::new(), cwd: PathBuf::from("/") };
    let Ok((prepared, _report)) = plan.prepare() else { return false };
    let mut probe = probe;
    // SAFETY: enter() only makes async-signal-safe system calls.
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(&mut probe, move || prepared.enter());
    }
    let probe = std::thread::spawn(move || spawn_in_new_pid_namespace(|| probe.status()));
    matches!(probe.join(), Ok(Ok(status)) if status.success())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptor_paths_are_written_without_allocating() {
        let mut buffer = [0u8; 32];
        assert_eq!(descriptor_path(7, &mut buffer).to_str(), Ok("/proc/self/fd/7"));
        assert_eq!(descriptor_path(1234, &mut buffer).to_str(), Ok("/proc/self/fd/1234"));
        assert_eq!(descriptor_path(0, &mut buffer).to_str(), Ok("/proc/self/fd/0"));
    }
}
