//! A private copy of a submission, so that student code can neither change the original nor see or
//! change another submission's files.

use std::io;
use std::path::Path;

use nix::unistd::{Gid, Uid, chown};

/// Copies `source` (recursively, regular files and directories only; symlinks are not followed, so a
/// submission cannot smuggle in a link to files outside it) into `target`, owned by `owner` when given.
pub fn private_copy(source: &Path, target: &Path, owner: Option<(Uid, Gid)>) -> io::Result<()> {
    std::fs::create_dir_all(target)?;
    give(target, owner)?;
    for entry in std::fs::read_dir(source)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let destination = target.join(entry.file_name());
        if kind.is_dir() {
            private_copy(&entry.path(), &destination, owner)?;
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
        private_copy(source.path(), &target.path().join("copy"), None).unwrap();
        let copy = target.path().join("copy");
        assert_eq!(std::fs::read_to_string(copy.join("server.py")).unwrap(), "print('hola')");
        assert_eq!(std::fs::read_to_string(copy.join("lib/util.py")).unwrap(), "x = 1");
        assert!(!copy.join("passwd").exists());
    }
}
