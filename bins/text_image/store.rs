//! Where received images land: the only module that touches the output directory.
//!
//! A payload is written to a hidden temporary file in DIR (`.text-image-<pid>-<n>.part`); only once its
//! SHA-256 matched and its format was checked is it fsynced and given its real name, so a reader of DIR
//! never sees a partial image. A [`Pending`] dropped before [`Pending::commit`] removes its temporary
//! file: a lost connection, a bad checksum or a refused format leaves nothing behind. A name from the
//! wire is a file name and nothing more: anything that could leave DIR is refused (see [`check_name`]).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use socklab::i18n::Said;
use socklab::said;

use crate::Message;
use crate::frame::MAX_NAME_LEN;

/// The output directory and how to treat a name that is already taken.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    overwrite: bool,
}

/// Numbers temporary files within this process.
static NEXT_TEMP: AtomicU64 = AtomicU64::new(0);

/// How many `-N` suffixes to try before giving up on finding a free name.
const MAX_SUFFIX: u32 = 10_000;

const TEMP_PREFIX: &str = ".text-image-";

impl Store {
    pub fn new(dir: PathBuf, overwrite: bool) -> Self {
        Self { dir, overwrite }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Opens a new temporary file for an item that will be called `name`.
    pub fn begin(&self, name: &str) -> io::Result<Pending> {
        let number = NEXT_TEMP.fetch_add(1, Ordering::Relaxed);
        let temp = self.dir.join(format!("{TEMP_PREFIX}{}-{number}.part", std::process::id()));
        let file = OpenOptions::new().write(true).create_new(true).open(&temp)?;
        Ok(Pending { store: self.clone(), name: name.to_owned(), temp, file: Some(file) })
    }
}

/// A payload being received; its temporary file disappears unless it is committed.
#[derive(Debug)]
pub struct Pending {
    store: Store,
    name: String,
    temp: PathBuf,
    file: Option<File>,
}

impl Pending {
    pub fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.file.as_mut().expect("open until commit").write_all(bytes)
    }

    /// The temporary file, for reading the image header back.
    pub fn path(&self) -> &Path {
        &self.temp
    }

    /// Makes the payload durable and visible under its name (or `name-N.ext` if that is taken and
    /// overwriting was not asked for); returns the name it got.
    pub fn commit(mut self) -> io::Result<String> {
        let file = self.file.take().expect("open until commit");
        file.sync_all()?;
        drop(file);
        let stored = if self.store.overwrite {
            fs::rename(&self.temp, self.store.dir.join(&self.name))?;
            self.name.clone()
        } else {
            self.link_to_free_name()?
        };
        // The directory entry must reach the disk too, or a crash could lose the file after the ack.
        File::open(&self.store.dir)?.sync_all()?;
        Ok(stored)
    }

    /// A hard link fails if the target exists, so no existing file is ever replaced, even by a race.
    fn link_to_free_name(&self) -> io::Result<String> {
        for suffix in 0..MAX_SUFFIX {
            let candidate = numbered(&self.name, suffix);
            match fs::hard_link(&self.temp, self.store.dir.join(&candidate)) {
                Ok(()) => {
                    fs::remove_file(&self.temp)?;
                    return Ok(candidate);
                }
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(err) => return Err(err),
            }
        }
        let why = said!("text-image-no-free-name", name = self.name.clone());
        Err(io::Error::new(io::ErrorKind::AlreadyExists, Message(why)))
    }
}

impl Drop for Pending {
    /// Not committed, or the commit failed half-way: the temporary file goes. After a successful
    /// commit it is already gone (renamed, or unlinked after the hard link) and this finds nothing.
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.temp);
    }
}

/// `cat.png` → `cat.png`, `cat-1.png`, `cat-2.png`...; `README` → `README-1`.
fn numbered(name: &str, suffix: u32) -> String {
    if suffix == 0 {
        return name.to_owned();
    }
    match name.rfind('.') {
        Some(dot) if dot > 0 => format!("{}-{suffix}{}", &name[..dot], &name[dot..]),
        _ => format!("{name}-{suffix}"),
    }
}

/// The characters that reorder how text displays (Unicode's bidirectional controls, UAX #9): a name
/// holding one can show as another name, the "Trojan Source" trick (CVE-2021-42574).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Accepts a name from the wire only if it is a plain file name: UTF-8, 1 to 255 bytes, no `/` or
/// `\`, no NUL or other control characters (bidirectional ones included), and not starting with `.`
/// (which rules out `.`, `..` and hidden files, including the receiver's own temporary files).
/// Returns why otherwise.
pub fn check_name(raw: &[u8]) -> Result<&str, Said> {
    let name = std::str::from_utf8(raw).map_err(|_| said!("text-image-name-not-utf8"))?;
    if name.is_empty() {
        return Err(said!("text-image-name-empty"));
    }
    if raw.len() > MAX_NAME_LEN {
        return Err(said!("text-image-name-too-long-for-disk", max = MAX_NAME_LEN));
    }
    if name.contains(['/', '\\']) {
        return Err(said!("text-image-name-separator"));
    }
    if name.contains('\0') {
        return Err(said!("text-image-name-nul"));
    }
    if name.chars().any(char::is_control) {
        return Err(said!("text-image-name-control"));
    }
    if let Some(bidi) = name.chars().find(|c| is_bidi_control(*c)) {
        return Err(said!("text-image-name-bidi", code = format!("U+{:04X}", bidi as u32)));
    }
    if name.starts_with('.') {
        return Err(said!("text-image-name-dot"));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_could_leave_the_directory_are_refused() {
        for bad in [
            &b"../x.png"[..],
            b"..",
            b".",
            b"/etc/passwd",
            b"a/b.png",
            b"a\\b.png",
            b"a\0b",
            b"",
            b"\xff.png",
            b".hidden",
            b"tab\there",
        ] {
            assert!(check_name(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(check_name(&[b'a'; 256]).is_err());
        assert_eq!(check_name("gato ñandú.png".as_bytes()), Ok("gato ñandú.png"));
        assert_eq!(check_name(b"a..b.png"), Ok("a..b.png"));
    }

    #[test]
    fn names_that_display_as_other_names_are_refused() {
        let reason = check_name("cat\u{202e}gnp.exe".as_bytes()).unwrap_err().english;
        assert!(reason.contains("U+202E"), "{reason}");
        for bidi in ['\u{200f}', '\u{2066}', '\u{061c}'] {
            assert!(check_name(format!("a{bidi}b.png").as_bytes()).is_err(), "{bidi:?} was accepted");
        }
        assert_eq!(check_name("صورة.png".as_bytes()), Ok("صورة.png"), "right-to-left letters are fine");
    }

    #[test]
    fn taken_names_get_a_number_before_the_extension() {
        assert_eq!(numbered("cat.png", 0), "cat.png");
        assert_eq!(numbered("cat.png", 2), "cat-2.png");
        assert_eq!(numbered("archive.tar.gz", 1), "archive.tar-1.gz");
        assert_eq!(numbered("README", 1), "README-1");
    }

    #[test]
    fn an_existing_file_is_kept_unless_overwrite_is_asked() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("cat.png"), b"old").unwrap();
        let store = Store::new(dir.path().to_owned(), false);
        let mut pending = store.begin("cat.png").unwrap();
        pending.write_all(b"new").unwrap();
        assert_eq!(pending.commit().unwrap(), "cat-1.png");
        assert_eq!(fs::read(dir.path().join("cat.png")).unwrap(), b"old");
        assert_eq!(fs::read(dir.path().join("cat-1.png")).unwrap(), b"new");

        let store = Store::new(dir.path().to_owned(), true);
        let mut pending = store.begin("cat.png").unwrap();
        pending.write_all(b"newer").unwrap();
        assert_eq!(pending.commit().unwrap(), "cat.png");
        assert_eq!(fs::read(dir.path().join("cat.png")).unwrap(), b"newer");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_pending_file_dropped_without_commit_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().to_owned(), false);
        let mut pending = store.begin("cat.png").unwrap();
        pending.write_all(b"half").unwrap();
        drop(pending);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
