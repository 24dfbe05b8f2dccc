//! The served folder. A request names a file with letters, digits, `.`, `-` and `_` only (checked in
//! `protocol.rs`), so it can never hold a `/` or be `..`; the file is opened with O_NOFOLLOW, so a
//! symbolic link in the folder (which could point anywhere) is not followed; and only regular files
//! are served or listed.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::protocol::Status;

pub struct Folder {
    dir: PathBuf,
}

impl Folder {
    /// Errors: `dir` is not a folder that can be read.
    pub fn open(dir: &Path) -> Result<Self, String> {
        match fs::read_dir(dir) {
            Ok(_) => Ok(Self { dir: dir.to_path_buf() }),
            Err(err) => Err(socklab::tr!(
                "hftp-cannot-serve",
                dir = dir.display().to_string(),
                error = err.to_string()
            )),
        }
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The names of the regular files a request can name, sorted.
    pub fn list(&self) -> io::Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in fs::read_dir(&self.dir)? {
            let entry = entry?;
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else { continue };
            let servable = crate::protocol::parse(
                format!("get_metadata {name}").as_bytes(),
                crate::protocol::Extensions::default(),
            )
            .is_ok();
            if servable && entry.file_type()?.is_file() {
                names.push(name);
            }
        }
        names.sort();
        Ok(names)
    }

    /// The file `name`, opened for reading, and its size. 202 if it is not a regular file here.
    pub fn open_file(&self, name: &str) -> Result<(File, u64), Status> {
        let file = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(self.dir.join(name))
            .map_err(|_| Status::FileNotFound)?;
        let metadata = file.metadata().map_err(|_| Status::InternalError)?;
        if !metadata.is_file() {
            return Err(Status::FileNotFound);
        }
        Ok((file, metadata.len()))
    }

    /// `size` bytes of `name` from `offset`, to be read as they are sent. 203 if the slice is not
    /// all inside the file (`offset + size` past its end).
    pub fn slice(&self, name: &str, offset: u64, size: u64) -> Result<Slice, Status> {
        let (mut file, length) = self.open_file(name)?;
        if offset.checked_add(size).is_none_or(|end| end > length) {
            return Err(Status::BadOffset);
        }
        file.seek(SeekFrom::Start(offset)).map_err(|_| Status::InternalError)?;
        Ok(Slice { file, left: size })
    }
}

/// Part of a file still to be sent.
#[derive(Debug)]
pub struct Slice {
    file: File,
    left: u64,
}

impl Slice {
    pub fn left(&self) -> u64 {
        self.left
    }

    /// The next `at_most` bytes (fewer only at the end). A file that shrank since it was opened is
    /// an error: the reply promised bytes that are no longer there.
    pub fn read(&mut self, at_most: usize) -> io::Result<Vec<u8>> {
        let count = usize::try_from(self.left).unwrap_or(usize::MAX).min(at_most);
        let mut bytes = vec![0u8; count];
        self.file.read_exact(&mut bytes)?;
        self.left -= count as u64;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_with_servable_names_are_listed_and_opened() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("b.txt"), "bb").unwrap();
        fs::write(dir.path().join("a.bin"), [0u8, 1, 2]).unwrap();
        fs::write(dir.path().join("con espacio"), "x").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", dir.path().join("escape")).unwrap();
        let folder = Folder::open(dir.path()).unwrap();
        assert_eq!(folder.list().unwrap(), ["a.bin", "b.txt"]);
        assert_eq!(folder.open_file("b.txt").map(|(_, size)| size), Ok(2));
        assert_eq!(folder.open_file("escape").err(), Some(Status::FileNotFound));
        assert_eq!(folder.open_file("sub").err(), Some(Status::FileNotFound));
        assert_eq!(folder.open_file("nada").err(), Some(Status::FileNotFound));
    }

    #[test]
    fn slices_must_end_inside_the_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("f"), "0123456789").unwrap();
        let folder = Folder::open(dir.path()).unwrap();
        assert_eq!(folder.slice("f", 2, 3).unwrap().read(100).unwrap(), b"234");
        assert_eq!(folder.slice("f", 10, 0).unwrap().left(), 0);
        assert_eq!(folder.slice("f", 8, 3).err().map(|s| s.code()), Some(203));
        assert_eq!(folder.slice("f", u64::MAX, 2).err().map(|s| s.code()), Some(203));
        let mut slice = folder.slice("f", 0, 10).unwrap();
        assert_eq!(slice.read(4).unwrap(), b"0123");
        assert_eq!(slice.read(100).unwrap(), b"456789");
        assert_eq!(slice.left(), 0);
    }
}
