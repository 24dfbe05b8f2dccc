//! `--save DIR`: each response kept as three files, numbered in the order received, so that `show`
//! can print them later (the seed's "save the responses, then print them").
//!
//! For response number N (4 digits, wider past 9999; numbering continues after the highest number
//! already in the folder):
//! - `NNNN.head`: the status line, header fields and blank line, exactly as received;
//! - `NNNN.body`: the body, with the chunked coding removed;
//! - `NNNN.json`: [`Meta`] — URL, time (RFC 3339, UTC), status, framing, sizes.
//!
//! `NNNN.head` is created first and exclusively (two clients saving to one folder get different
//! numbers); `NNNN.json` is written last, under a temporary name then renamed, so an entry with a
//! `.json` is complete.

use std::collections::BTreeSet;
use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use serde::{Deserialize, Serialize};
use socklab::tr;

/// What `NNNN.json` says about a saved response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub index: u32,
    pub url: String,
    /// When the response was complete, RFC 3339 in UTC.
    pub time: String,
    /// `HTTP/1.1`.
    pub version: String,
    pub status: u16,
    pub reason: String,
    /// `content-length`, `chunked`, `close` or `none` (RFC 9112 §6.3).
    pub framing: String,
    pub body_bytes: u64,
    pub content_type: Option<String>,
    /// From the start of the connection to the end of the body, in milliseconds.
    pub elapsed_ms: f64,
}

/// The largest response head `get` accepts (and so saves).
const MAX_HEAD: u64 = 64 * 1024;

/// A saved response read back.
#[derive(Debug)]
pub struct Saved {
    pub meta: Meta,
    pub head: Vec<u8>,
    pub body: Vec<u8>,
}

fn file(dir: &Path, index: u32, extension: &str) -> PathBuf {
    dir.join(format!("{index:04}.{extension}"))
}

/// The number in a file name of the store (`0012.body` → 12); other names are not the store's.
fn index_of(name: &str) -> Option<u32> {
    let (stem, extension) = name.split_once('.')?;
    let ours = matches!(extension, "head" | "body" | "json") && !stem.is_empty();
    if ours && stem.bytes().all(|b| b.is_ascii_digit()) { stem.parse().ok() } else { None }
}

/// Creates `dir` if missing. Errors: it exists and is not a folder, or cannot be created.
pub fn prepare(dir: &Path) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        bail!(tr!("web-client-save-not-folder", dir = dir.display().to_string()));
    }
    fs::create_dir_all(dir)
        .with_context(|| tr!("web-client-cannot-create-folder", dir = dir.display().to_string()))
}

/// The numbers present in `dir`, in order (any of the three files counts).
///
/// Errors: `dir` is missing or not a folder, or cannot be listed.
pub fn indices(dir: &Path) -> Result<BTreeSet<u32>> {
    if !dir.exists() {
        bail!(tr!("web-client-folder-missing", dir = dir.display().to_string()));
    }
    if !dir.is_dir() {
        bail!(tr!("web-client-not-a-folder", dir = dir.display().to_string()));
    }
    let mut found = BTreeSet::new();
    for entry in
        fs::read_dir(dir).with_context(|| tr!("web-client-cannot-list", dir = dir.display().to_string()))?
    {
        let entry = entry.with_context(|| tr!("web-client-cannot-list", dir = dir.display().to_string()))?;
        if let Some(index) = entry.file_name().to_str().and_then(index_of) {
            found.insert(index);
        }
    }
    Ok(found)
}

/// Saves one response under the next free number and returns it. `meta.index` is set here.
pub fn save(dir: &Path, mut meta: Meta, head: &[u8], body: &[u8]) -> Result<u32> {
    let mut index = indices(dir)?.last().map_or(1, |last| last.saturating_add(1));
    // Claim the number: the first to create NNNN.head owns it.
    let mut head_file = loop {
        match OpenOptions::new().write(true).create_new(true).open(file(dir, index, "head")) {
            Ok(opened) => break opened,
            Err(err) if err.kind() == ErrorKind::AlreadyExists && index < u32::MAX => index += 1,
            Err(err) => {
                return Err(anyhow!(tr!(
                    "web-client-cannot-save-in",
                    dir = dir.display().to_string(),
                    error = err.to_string()
                )));
            }
        }
    };
    let written = |path: PathBuf| {
        move |err: std::io::Error| {
            anyhow!(tr!(
                "web-client-cannot-write",
                path = path.display().to_string(),
                error = err.to_string()
            ))
        }
    };
    head_file.write_all(head).map_err(written(file(dir, index, "head")))?;
    fs::write(file(dir, index, "body"), body).map_err(written(file(dir, index, "body")))?;
    meta.index = index;
    let json = serde_json::to_string_pretty(&meta)? + "\n";
    let temporary = dir.join(format!(".{index:04}.json.partial"));
    fs::write(&temporary, json).map_err(written(temporary.clone()))?;
    fs::rename(&temporary, file(dir, index, "json")).map_err(written(file(dir, index, "json")))?;
    Ok(index)
}

/// Reads response `index` back. Errors name the file: missing, unreadable, or `.json` not a [`Meta`].
pub fn load(dir: &Path, index: u32) -> Result<Saved> {
    let read = |extension: &str| {
        let path = file(dir, index, extension);
        fs::read(&path).map_err(|err| match err.kind() {
            ErrorKind::NotFound => anyhow!(tr!("web-client-file-missing", path = path.display().to_string())),
            _ => anyhow!(tr!(
                "web-client-cannot-read",
                path = path.display().to_string(),
                error = err.to_string()
            )),
        })
    };
    let json = read("json")?;
    let meta: Meta = serde_json::from_slice(&json).map_err(|err| {
        anyhow!(tr!(
            "web-client-not-metadata",
            path = file(dir, index, "json").display().to_string(),
            error = err.to_string()
        ))
    })?;
    if meta.index != index {
        bail!(tr!(
            "web-client-wrong-index",
            path = file(dir, index, "json").display().to_string(),
            index = meta.index
        ));
    }
    // Sizes first: a damaged file is reported without being read into memory.
    let body_path = file(dir, index, "body");
    let size = fs::metadata(&body_path).map(|m| m.len()).unwrap_or(meta.body_bytes);
    if size != meta.body_bytes {
        bail!(tr!(
            "web-client-wrong-size",
            path = body_path.display().to_string(),
            size = size,
            expected = meta.body_bytes
        ));
    }
    let head_path = file(dir, index, "head");
    if fs::metadata(&head_path).is_ok_and(|m| m.len() > MAX_HEAD) {
        bail!(tr!("web-client-head-file-too-large", path = head_path.display().to_string(), max = MAX_HEAD));
    }
    let head = read("head")?;
    let body = read("body")?;
    Ok(Saved { meta, head, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(url: &str) -> Meta {
        Meta {
            index: 0,
            url: url.to_owned(),
            time: "2024-01-01T00:00:00.000Z".to_owned(),
            version: "HTTP/1.1".to_owned(),
            status: 200,
            reason: "OK".to_owned(),
            framing: "content-length".to_owned(),
            body_bytes: 2,
            content_type: None,
            elapsed_ms: 1.5,
        }
    }

    #[test]
    fn numbering_continues_after_the_highest_and_ignores_other_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), "x").unwrap();
        assert_eq!(save(dir.path(), meta("http://a/"), b"HTTP/1.1 200 OK\r\n\r\n", b"hi").unwrap(), 1);
        fs::write(dir.path().join("0041.body"), "x").unwrap();
        assert_eq!(save(dir.path(), meta("http://b/"), b"HTTP/1.1 200 OK\r\n\r\n", b"hi").unwrap(), 42);
        assert_eq!(indices(dir.path()).unwrap().into_iter().collect::<Vec<_>>(), [1, 41, 42]);
        let saved = load(dir.path(), 42).unwrap();
        assert_eq!((saved.meta.url.as_str(), saved.body.as_slice()), ("http://b/", &b"hi"[..]));
        assert!(load(dir.path(), 41).unwrap_err().to_string().contains("0041.json is missing"));
    }

    #[test]
    fn only_numbered_store_files_count() {
        assert_eq!(index_of("0007.json"), Some(7));
        assert_eq!(index_of("12345.head"), Some(12345));
        assert_eq!(index_of(".0007.json.partial"), None);
        assert_eq!(index_of("a7.body"), None);
        assert_eq!(index_of("0007.txt"), None);
    }
}
