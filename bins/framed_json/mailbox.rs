//! The mailbox of seed 000's note: the server keeps each message until its recipient polls for it,
//! in a small JSON database.
//!
//! Every change is saved before it is answered, the whole file at once: written to a temporary file
//! in the same directory, flushed to disk (fsync), then renamed over the store (rename(2) replaces a
//! file atomically), and the directory flushed. A reader, or a server killed at any instant, sees the
//! old file or the new one, never half of one. One lock serialises every change, so clients served at
//! the same time by different threads never lose each other's messages.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use socklab::tr;

/// Longest user name, in characters.
pub const MAX_NAME: usize = 64;

/// One stored message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Unique within the store, in arrival order.
    pub id: u64,
    pub to: String,
    pub from: Option<String>,
    pub text: String,
    /// When it arrived, RFC 3339 UTC.
    pub at: String,
}

/// The file's contents.
#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    next_id: u64,
    messages: Vec<Message>,
}

/// The messages waiting for their recipients, saved in `path` if one was given.
pub struct Mailbox {
    path: Option<PathBuf>,
    max_messages: usize,
    state: Mutex<State>,
}

impl Mailbox {
    /// Opens the store at `path` (created on the first message if missing), or keeps messages in
    /// memory only. At most `max_messages` wait at once. Errors: the file is unreadable or is not a
    /// mailbox.
    pub fn open(path: Option<PathBuf>, max_messages: usize) -> Result<Self> {
        let state = match &path {
            Some(path) if path.exists() => {
                let text = fs::read_to_string(path).with_context(|| {
                    tr!("framed-json-store-unreadable", path = path.display().to_string())
                })?;
                serde_json::from_str(&text).with_context(|| {
                    tr!("framed-json-store-not-mailbox", path = path.display().to_string())
                })?
            }
            Some(path) => {
                let dir = directory_of(path);
                if !dir.is_dir() {
                    anyhow::bail!(tr!("framed-json-store-no-dir", dir = dir.display().to_string()));
                }
                State::default()
            }
            None => State::default(),
        };
        let state = checked(state).map_err(|why| {
            anyhow::anyhow!(tr!("framed-json-store-inconsistent", path = shown(&path), why = why))
        })?;
        if state.messages.len() > max_messages {
            eprintln!(
                "{} {}",
                tr!("cli-warning"),
                tr!("framed-json-store-over-max", count = state.messages.len(), max = max_messages)
            );
        }
        if let Some(path) = &path {
            remove_leftovers(path);
        }
        Ok(Self { path, max_messages, state: Mutex::new(state) })
    }

    /// Stores a message for `to`; its id once it is saved. Errors (for the error reply): the
    /// mailbox is full, or the store could not be saved (then nothing was stored).
    pub fn send(&self, to: &str, from: Option<&str>, text: &str, at: String) -> Result<u64, String> {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if state.messages.len() >= self.max_messages {
            return Err(format!("the mailbox is full ({} messages wait to be polled)", self.max_messages));
        }
        let id = state.next_id + 1;
        let message =
            Message { id, to: to.to_owned(), from: from.map(str::to_owned), text: text.to_owned(), at };
        state.messages.push(message);
        state.next_id = id;
        if let Err(err) = self.save(&state) {
            state.messages.pop();
            state.next_id = id - 1;
            return Err(err);
        }
        Ok(id)
    }

    /// Takes every message waiting for `user`, oldest first. Errors: the store could not be saved
    /// (then the messages stay).
    pub fn poll(&self, user: &str) -> Result<Vec<Message>, String> {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (mine, others): (Vec<Message>, Vec<Message>) =
            std::mem::take(&mut state.messages).into_iter().partition(|message| message.to == user);
        state.messages = others;
        if mine.is_empty() {
            return Ok(mine);
        }
        if let Err(err) = self.save(&state) {
            state.messages.extend(mine);
            state.messages.sort_by_key(|message| message.id);
            return Err(err);
        }
        Ok(mine)
    }

    /// How many messages wait.
    pub fn len(&self) -> usize {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).messages.len()
    }

    fn save(&self, state: &State) -> Result<(), String> {
        let Some(path) = &self.path else { return Ok(()) };
        write_atomically(path, state).map_err(|err| format!("cannot save the mailbox: {err:#}"))
    }
}

fn shown(path: &Option<PathBuf>) -> String {
    path.as_ref().map_or_else(String::new, |path| path.display().to_string())
}

/// A store read from disk, as this program would have written it: unique ids below `next_id`, in
/// arrival order, and user names a request could give. Errors say what is wrong.
fn checked(mut state: State) -> Result<State, String> {
    let mut seen = std::collections::HashSet::new();
    for message in &state.messages {
        if !seen.insert(message.id) {
            return Err(tr!("framed-json-store-id-twice", id = message.id));
        }
        if message.id == 0 || message.id > state.next_id {
            return Err(tr!("framed-json-store-id-range", id = message.id, next_id = state.next_id));
        }
        for name in std::iter::once(&message.to).chain(message.from.as_ref()) {
            if name.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
                return Err(tr!("framed-json-store-bad-user", id = message.id, name = format!("{name:?}")));
            }
        }
    }
    state.messages.sort_by_key(|message| message.id);
    Ok(state)
}

/// Temporary files are named `.NAME.XXXXXX.tmp` beside the store.
fn temp_prefix(path: &Path) -> String {
    format!(".{}.", path.file_name().map(|name| name.to_string_lossy()).unwrap_or_default())
}

const TEMP_SUFFIX: &str = ".tmp";

fn directory_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

fn write_atomically(path: &Path, state: &State) -> Result<()> {
    let dir = directory_of(path);
    let mut temp = tempfile::Builder::new()
        .prefix(&temp_prefix(path))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    serde_json::to_writer_pretty(&mut temp, state)?;
    temp.write_all(b"\n")?;
    temp.as_file().sync_all()?;
    temp.persist(path)?;
    File::open(dir)?.sync_all()?;
    Ok(())
}

/// Temporary files a killed server left behind; the store itself is always whole.
fn remove_leftovers(path: &Path) {
    let prefix = temp_prefix(path);
    let Ok(entries) = fs::read_dir(directory_of(path)) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(TEMP_SUFFIX) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_wait_for_their_recipient_and_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mail.json");
        let mailbox = Mailbox::open(Some(path.clone()), 10).unwrap();
        assert_eq!(mailbox.send("ana", Some("beto"), "hola", "t1".into()), Ok(1));
        assert_eq!(mailbox.send("caro", None, "chau", "t2".into()), Ok(2));
        assert_eq!(mailbox.send("ana", None, "otra", "t3".into()), Ok(3));
        drop(mailbox);
        let reopened = Mailbox::open(Some(path.clone()), 10).unwrap();
        let texts: Vec<String> = reopened.poll("ana").unwrap().into_iter().map(|m| m.text).collect();
        assert_eq!(texts, ["hola", "otra"]);
        assert!(reopened.poll("ana").unwrap().is_empty());
        assert_eq!(reopened.len(), 1);
        let saved: serde_json::Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(saved["messages"][0]["to"], "caro");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "a temporary file was left");
    }

    #[test]
    fn a_full_mailbox_refuses_and_a_bad_store_is_an_error() {
        let mailbox = Mailbox::open(None, 1).unwrap();
        mailbox.send("ana", None, "uno", "t".into()).unwrap();
        assert!(mailbox.send("ana", None, "dos", "t".into()).unwrap_err().contains("full"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mail.json");
        fs::write(&path, "[1, 2").unwrap();
        let err = Mailbox::open(Some(path), 10).err().unwrap();
        assert!(format!("{err:#}").contains("is not a mailbox file"), "{err:#}");
        assert!(Mailbox::open(Some(dir.path().join("no/such/dir/m.json")), 10).is_err());
        let message = |id: u64, to: &str| {
            format!(r#"{{"id": {id}, "to": "{to}", "from": null, "text": "x", "at": "t"}}"#)
        };
        for (next_id, messages, why) in [
            (1, vec![message(5, "ana")], "not between 1 and next_id"),
            (9, vec![message(2, "ana"), message(2, "beto")], "used twice"),
            (9, vec![message(2, "")], "names the user"),
        ] {
            let path = dir.path().join("bad.json");
            fs::write(&path, format!(r#"{{"next_id": {next_id}, "messages": [{}]}}"#, messages.join(",")))
                .unwrap();
            let err = format!("{:#}", Mailbox::open(Some(path), 10).err().unwrap());
            assert!(err.contains(why), "{err}");
        }
    }

    #[test]
    fn a_store_that_cannot_be_saved_keeps_nothing_half_done() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone").join("mail.json");
        fs::create_dir(dir.path().join("gone")).unwrap();
        let mailbox = Mailbox::open(Some(path), 10).unwrap();
        fs::remove_dir(dir.path().join("gone")).unwrap();
        assert!(
            mailbox.send("ana", None, "hola", "t".into()).unwrap_err().starts_with("cannot save the mailbox")
        );
        assert_eq!(mailbox.len(), 0);
    }
}
