//! A private copy of a submission, so that student code can neither change the original nor see or
//! change another submission's files.
//!
//! The copy is refused, before anything is written, when the submission's files add up to more than a
//! limit (their apparent sizes: a 1 GiB sparse file counts as 1 GiB, since a plain copy would write it
//! out whole).

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use nix::unistd::{Gid, Uid, chown};

/// Why a submission was not copied.
#[derive(Debug)]
pub enum CopyError {
    /// The submission is larger than the limit: its own doing, reported to the student.
    TooLarge { total: u64, largest: (PathBuf, u64), limit: u64 },
    /// The copy itself failed (disk full, permissions): the grader's environment, not the student.
    Io(io::Error),
}

impl fmt::Display for CopyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CopyError::TooLarge { total, largest, limit } => f.write_str(&crate::tr!(
                "run-submission-too-large",
                total = mib(*total),
                limit = mib(*limit),
                largest = largest.0.display().to_string(),
                size = mib(largest.1)
            )),
            CopyError::Io(err) => write!(f, "{err}"),
        }
    }
}

impl From<io::Error> for CopyError {
    fn from(err: io::Error) -> Self {
        CopyError::Io(err)
    }
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Copies `source` (recursively, regular files and directories only; symlinks are not followed, so a
/// submission cannot smuggle in a link to files outside it) into `target`, owned by `owner` when given,
/// unless its files add up to more than `limit` bytes.
pub fn private_copy(
    source: &Path,
    target: &Path,
    owner: Option<(Uid, Gid)>,
    limit: u64,
) -> Result<(), CopyError> {
    let mut total = 0;
    let mut largest = (PathBuf::new(), 0);
    measure(source, source, &mut total, &mut largest)?;
    if total > limit {
        return Err(CopyError::TooLarge { total, largest, limit });
    }
    copy(source, target, owner).map_err(CopyError::Io)
}

fn measure(root: &Path, dir: &Path, total: &mut u64, largest: &mut (PathBuf, u64)) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            measure(root, &entry.path(), total, largest)?;
        } else if kind.is_file() {
            let size = entry.metadata()?.len();
            *total = total.saturating_add(size);
            if size > largest.1 {
                let path = entry.path();
                *largest = (path.strip_prefix(root).unwrap_or(&path).to_owned(), size);
            }
        }
    }
    Ok(())
}

fn copy(source: &Path, target: &Path, owner: Option<(Uid, Gid)>) -> io::Result<()> {
    std::fs::create_dir_all(target)?;
    give(target, owner)?;
    for entry in std::fs::read_dir(source)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let destination = target.join(entry.file_name());
        if kind.is_dir() {
            copy(&entry.path(), &destination, owner)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &destination)?;
            give(&destination, owner)?;
        }
    }
    Ok(())
}

fn give(path: &Path, owner: Option<(Uid, Gid)>) -> io::Result<()> {
    match owner {
        Some((uid, gid)) => chown(path, Some(uid), Some(gid)).map_err(io::Error::from),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_files_and_folders_but_not_links() {
        let source = tempfile::tempdir().unwrap();
        std::fs::write(source.path().join("server.py"), "print('hola')").unwrap();
        std::fs::create_dir(source.path().join("lib")).unwrap();
        std::fs::write(source.path().join("lib/util.py"), "x = 1").unwrap();
        std::os::unix::fs::symlink("/etc/passwd", source.path().join("passwd")).unwrap();
        let target = tempfile::tempdir().unwrap();
        private_copy(source.path(), &target.path().join("copy"), None, 1 << 20).unwrap();
        let copy = target.path().join("copy");
        assert_eq!(std::fs::read_to_string(copy.join("server.py")).unwrap(), "print('hola')");
        assert_eq!(std::fs::read_to_string(copy.join("lib/util.py")).unwrap(), "x = 1");
        assert!(!copy.join("passwd").exists());
    }

    #[test]
    fn a_sparse_file_over_the_limit_is_refused_before_anything_is_written() {
        let source = tempfile::tempdir().unwrap();
        std::fs::write(source.path().join("server.py"), "pass").unwrap();
        let big = std::fs::File::create(source.path().join("data.bin")).unwrap();
        big.set_len(1 << 30).unwrap();
        let target = tempfile::tempdir().unwrap();
        let err = private_copy(source.path(), &target.path().join("copy"), None, 64 << 20).unwrap_err();
        assert!(matches!(err, CopyError::TooLarge { .. }));
        assert_eq!(
            err.to_string(),
            "the submission holds 1024.0 MiB of files, over the grading limit of 64.0 MiB (its largest file, \
             data.bin, is 1024.0 MiB); remove what the program does not need"
        );
        assert!(!target.path().join("copy").exists());
    }
}
