//! `web-client session`: seed 000's `MyClient` as a small command loop. The seed's class chooses a page
//! and a delay for each request, keeps every response, and prints them on demand; here each line read
//! on stdin is one of those calls:
//!
//! - `get URL [DELAY]`: wait DELAY (`2`, `1.5s`, `250ms`; default none), then GET the URL and keep the
//!   response;
//! - `show`: print every response kept so far, in order (as `web-client show` does);
//! - `quit` (or the end of input): leave.
//!
//! Responses are kept with the store of `--save` (a temporary folder, removed at the end, without it),
//! so `show` prints exactly what `web-client show DIR` would. A bad line or a failed request is one
//! line on stderr and the session goes on, as an interactive program should.

use std::io::{BufRead, Read};
use std::path::PathBuf;

use anyhow::{Context, Result};
use socklab::cli::{EXIT_FAILURE, EXIT_OK, parse_duration};
use socklab::event::{Event, Events};
use socklab::i18n::{Said, in_english};
use socklab::{said, tr};
use url::Url;

use crate::get::{self, GetOptions};
use crate::transport::Tls;
use crate::{parse_url, show, store};

/// What a line asks for.
#[derive(Debug, PartialEq)]
enum Command {
    Get(Url, Option<std::time::Duration>),
    Show,
    Quit,
    Nothing,
}

/// A word as a message quotes it: its first 40 characters.
fn shortened(word: &str) -> String {
    match word.char_indices().nth(40) {
        Some((at, _)) => format!("{}...", &word[..at]),
        None => word.to_owned(),
    }
}

/// The longest line read; a longer one is refused whole, so input without newlines cannot grow
/// memory without bound.
const MAX_LINE: usize = 64 * 1024;

fn parse(line: &str) -> Result<Command, String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        [] => Ok(Command::Nothing),
        ["get", url] => Ok(Command::Get(parse_url(url)?, None)),
        ["get", url, delay] => Ok(Command::Get(parse_url(url)?, Some(parse_duration(delay)?))),
        ["get", ..] => Err(tr!("web-client-session-get-args")),
        ["show"] => Ok(Command::Show),
        ["show", ..] => Err(tr!("web-client-session-show-args")),
        ["quit" | "exit"] => Ok(Command::Quit),
        [other, ..] => Err(tr!("web-client-session-unknown", command = shortened(other))),
    }
}

/// Runs the loop. `options.urls` and `options.delay` are ignored: each `get` line gives its own. The
/// exit status is 1 when a request failed, 0 otherwise.
pub fn run(mut options: GetOptions, events: Events) -> Result<u8> {
    let tls = Tls::new(options.ca.as_deref())?;
    let _temporary = match &options.save {
        Some(dir) => {
            store::prepare(dir)?;
            None
        }
        None => {
            let dir = tempfile::tempdir().with_context(|| tr!("web-client-no-temporary-folder"))?;
            options.save = Some(dir.path().to_path_buf());
            Some(dir)
        }
    };
    let dir: PathBuf = options.save.clone().expect("a folder was chosen above");
    let mut failed = false;
    let mut input = std::io::stdin().lock();
    loop {
        let line = match read_line(&mut input)? {
            Line::End => break,
            Line::TooLong => {
                events.warn(said!("web-client-line-too-long", max = MAX_LINE));
                continue;
            }
            Line::NotText => {
                events.warn(said!("web-client-line-not-text"));
                continue;
            }
            Line::Text(line) => line,
        };
        match parse(&line) {
            Ok(Command::Nothing) => {}
            Ok(Command::Quit) => break,
            Ok(Command::Show) => {
                if store::indices(&dir)?.is_empty() {
                    events.emit(Event::new("empty", tr!("web-client-nothing-kept")));
                } else if show::run(&dir, events)? != EXIT_OK {
                    failed = true;
                }
            }
            Ok(Command::Get(url, delay)) => {
                if let Some(delay) = delay {
                    events.emit(
                        Event::quiet("delay")
                            .field("ms", delay.as_secs_f64() * 1000.0)
                            .field("url", url.as_str()),
                    );
                    std::thread::sleep(delay);
                }
                // A failure becomes a warning, whose --json event is English: then the whole
                // exchange runs in English (its human lines are not shown in JSON mode anyway).
                let fetched = if events.is_json() {
                    in_english(|| get::follow(&url, &options, &tls, events))
                } else {
                    get::follow(&url, &options, &tls, events)
                };
                if let Err(err) = fetched {
                    events.warn(format!("{err:#}"));
                    failed = true;
                }
            }
            // Read again in English for the --json event.
            Err(reason) => events
                .warn(Said { shown: reason, english: in_english(|| parse(&line).err().unwrap_or_default()) }),
        }
    }
    Ok(if failed { EXIT_FAILURE } else { EXIT_OK })
}

enum Line {
    Text(String),
    NotText,
    TooLong,
    End,
}

/// The next line of `input`, read at most [`MAX_LINE`] bytes at a time.
fn read_line(input: &mut impl BufRead) -> Result<Line> {
    let mut line = Vec::new();
    let mut too_long = false;
    loop {
        let read = input
            .by_ref()
            .take((MAX_LINE + 1 - line.len().min(MAX_LINE)) as u64)
            .read_until(b'\n', &mut line);
        let n = read.with_context(|| tr!("web-client-cannot-read-stdin"))?;
        if line.ends_with(b"\n") || n == 0 {
            break;
        }
        if line.len() > MAX_LINE {
            too_long = true;
            line.clear();
        }
    }
    if line.is_empty() && !too_long {
        return Ok(Line::End);
    }
    if too_long {
        return Ok(Line::TooLong);
    }
    let line = line.strip_suffix(b"\n").unwrap_or(&line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    Ok(match std::str::from_utf8(line) {
        Ok(text) => Line::Text(text.to_owned()),
        Err(_) => Line::NotText,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn lines_are_the_seeds_calls() {
        let url = Url::parse("http://127.0.0.1:8000/a.txt").unwrap();
        assert_eq!(parse("get http://127.0.0.1:8000/a.txt").unwrap(), Command::Get(url.clone(), None));
        assert_eq!(
            parse(" get http://127.0.0.1:8000/a.txt 2 ").unwrap(),
            Command::Get(url.clone(), Some(Duration::from_secs(2)))
        );
        assert_eq!(
            parse("get http://127.0.0.1:8000/a.txt 250ms").unwrap(),
            Command::Get(url, Some(Duration::from_millis(250)))
        );
        assert_eq!(parse("show").unwrap(), Command::Show);
        assert_eq!(parse("quit").unwrap(), Command::Quit);
        assert_eq!(parse("").unwrap(), Command::Nothing);
    }

    #[test]
    fn lines_are_bounded_and_text_only() {
        let mut input = std::io::Cursor::new(b"get x\r\n\xff\n".to_vec());
        assert!(matches!(read_line(&mut input).unwrap(), Line::Text(text) if text == "get x"));
        assert!(matches!(read_line(&mut input).unwrap(), Line::NotText));
        assert!(matches!(read_line(&mut input).unwrap(), Line::End));
        let mut long = vec![b'a'; 3 * MAX_LINE];
        long.extend_from_slice(b"\nshow");
        let mut input = std::io::Cursor::new(long);
        assert!(matches!(read_line(&mut input).unwrap(), Line::TooLong));
        assert!(matches!(read_line(&mut input).unwrap(), Line::Text(text) if text == "show"));
        assert!(matches!(read_line(&mut input).unwrap(), Line::End));
    }

    #[test]
    fn bad_lines_say_what_is_expected() {
        assert!(parse("show all").unwrap_err().contains("show takes no argument"));
        assert!(parse(&"x".repeat(100)).unwrap_err().contains(&format!("'{}...'", "x".repeat(40))));
        assert!(parse("fetch x").unwrap_err().contains("unknown command 'fetch'"));
        assert!(parse("get").unwrap_err().contains("get takes a URL"));
        assert!(parse("get ftp://x/").unwrap_err().contains("ftp://"));
        assert!(parse("get http://x/ soon").unwrap_err().contains("not a duration"));
    }
}
