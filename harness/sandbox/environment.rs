//! The environment student code runs with: what a terminal on a lab machine would give it, not the
//! grader's (which may hold tokens, paths of the class folder, CI variables).

use std::path::Path;

/// The search path of student processes.
pub const PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// The variables a student process starts with, before the lab's own `env`: `PATH`, `HOME` (a folder
/// of the run), `LANG=C.UTF-8` (Python reads and prints UTF-8, as the guide's Spanish messages need),
/// `PYTHONUNBUFFERED=1` (prints reach the grader at once, as on a terminal, not when a pipe buffer
/// fills), `PYTHONDONTWRITEBYTECODE=1` (no `__pycache__` in the copy) and `MALLOC_ARENA_MAX=2`:
/// glibc reserves 64 MiB of address space for each thread's malloc arena, up to 8 per core
/// (mallopt(3)), so under the address-space limit a threaded server with 20 clients at once would fail
/// to start threads ("can't start new thread") while using a few MiB.
pub fn for_students(home: &Path) -> Vec<(String, String)> {
    [
        ("PATH", PATH.to_owned()),
        ("HOME", home.to_string_lossy().into_owned()),
        ("LANG", "C.UTF-8".to_owned()),
        ("PYTHONUNBUFFERED", "1".to_owned()),
        ("PYTHONDONTWRITEBYTECODE", "1".to_owned()),
        ("MALLOC_ARENA_MAX", "2".to_owned()),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value))
    .collect()
}
