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

use std::io::BufRead;
use std::path::PathBuf;

use anyhow::{Context, Result};
use socklab::cli::{EXIT_FAILURE, EXIT_OK, parse_duration};
use socklab::event::{Event, Events};
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

const USAGE: &str = "get URL [DELAY], show or quit";

fn parse(line: &str) -> Result<Command, String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        [] => Ok(Command::Nothing),
        ["get", url] => Ok(Command::Get(parse_url(url)?, None)),
        ["get", url, delay] => Ok(Command::Get(parse_url(url)?, Some(parse_duration(delay)?))),
        ["get", ..] => Err(format!("get takes a URL and an optional delay ({USAGE})")),
        ["show"] => Ok(Command::Show),
        ["quit" | "exit"] => Ok(Command::Quit),
        [other, ..] => Err(format!("unknown command '{other}' ({USAGE})")),
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
            let dir = tempfile::tempdir().context("cannot create a temporary folder for the responses")?;
            options.save = Some(dir.path().to_path_buf());
            Some(dir)
        }
    };
    let dir: PathBuf = options.save.clone().expect("a folder was chosen above");
    let mut failed = false;
    for line in std::io::stdin().lock().lines() {
        let line = line.context("cannot read stdin")?;
        match parse(&line) {
            Ok(Command::Nothing) => {}
            Ok(Command::Quit) => break,
            Ok(Command::Show) => {
                if store::indices(&dir)?.is_empty() {
                    events.emit(Event::new("empty", "no responses kept yet"));
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
                if let Err(err) = get::follow(&url, &options, &tls, events) {
                    events.warn(format!("{err:#}"));
                    failed = true;
                }
            }
            Err(reason) => events.warn(reason),
        }
    }
    Ok(if failed { EXIT_FAILURE } else { EXIT_OK })
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
    fn bad_lines_say_what_is_expected() {
        assert!(parse("fetch x").unwrap_err().contains("unknown command 'fetch'"));
        assert!(parse("get").unwrap_err().contains("get takes a URL"));
        assert!(parse("get ftp://x/").unwrap_err().contains("ftp://"));
        assert!(parse("get http://x/ soon").unwrap_err().contains("not a duration"));
    }
}
