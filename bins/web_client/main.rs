//! `web-client`: seed 000's "MyClient", a web client that shows HTTP on the wire.
//!
//! HTTP/1.1 is text over a plain TCP socket: a request line, header fields, a blank line, each ending
//! in CRLF; the server answers with a status line, header fields, a blank line and a body whose end
//! is found by `Content-Length`, chunks, or the connection closing (RFC 9112). This client writes the
//! request by hand on a `TcpStream` (inside TLS for https) so that `--show-wire` prints exactly the
//! bytes that went out and the head that came back. It opens one connection per request and asks the
//! server to close it (`Connection: close`).
//!
//! Try it: `python3 -m http.server 8000` in one terminal, then
//! `web-client get http://127.0.0.1:8000/ --show-wire` in another.

mod body;
mod get;
mod request;
mod response;
mod session;
mod show;
mod store;
mod transport;
mod wire;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use socklab::cli::{parse_duration, parse_positive_duration, parse_positive_size};
use socklab::event::Events;
use url::Url;

#[derive(Parser)]
#[command(
    name = "web-client",
    version,
    about = "A web client that shows HTTP on the wire (seed 000's MyClient): GET by hand over TCP or TLS",
    after_help = "Examples:\n  web-client get http://127.0.0.1:8000/ --show-wire\n  web-client get http://127.0.0.1:8000/a.txt http://127.0.0.1:8000/b.txt --delay 1s --save responses\n  web-client show responses\n  web-client get https://localhost:8443/ --ca lab-ca.pem"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// GET each URL (one connection per request) and report each response.
    Get(GetArgs),
    /// Print the responses a `get --save DIR` kept, in the order received.
    Show(ShowArgs),
    /// Read `get URL [DELAY]`, `show` and `quit` lines on stdin: the seed's MyClient as a command loop.
    Session(SessionArgs),
}

#[derive(Args)]
#[command(
    after_help = "Each line: `get URL [DELAY]` (wait DELAY, e.g. 2 or 500ms, then GET and keep the response), `show` (print every response kept, in order) or `quit`.\n\nExamples:\n  printf 'get http://127.0.0.1:8000/ 1\\nshow\\n' | web-client session\n  web-client session --save responses --show-wire"
)]
struct SessionArgs {
    /// Keep the responses in DIR (as `get --save`); without it they are kept in a temporary folder.
    #[arg(long, value_name = "DIR")]
    save: Option<PathBuf>,
    #[command(flatten)]
    exchange: ExchangeArgs,
}

#[derive(Args)]
#[command(
    after_help = "Output: per request `GET URL`, the status line, a summary (`200 OK, 1234 bytes (Content-Length), text/html, 3ms`) and the body when it is text (a binary body is described by its size). A status such as 404 is not an error; a failed exchange is (one line on stderr, exit 1).\n\nExamples:\n  web-client get http://127.0.0.1:8000/ --show-wire\n  web-client get http://127.0.0.1:8000/dir --follow\n  web-client get http://127.0.0.1:8000/ --count 3 --delay 500ms --json"
)]
struct GetArgs {
    /// http:// or https:// URLs, fetched in order.
    #[arg(required = true, value_name = "URL", value_parser = parse_url)]
    urls: Vec<Url>,
    /// Wait this long before each request of the list (e.g. 1s, 250ms); redirect hops follow at once.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    delay: Option<Duration>,
    /// Fetch each URL this many times.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    count: u32,
    /// Keep each response in DIR as NNNN.head, NNNN.body and NNNN.json, numbered after what DIR holds.
    #[arg(long, value_name = "DIR")]
    save: Option<PathBuf>,
    #[command(flatten)]
    exchange: ExchangeArgs,
}

/// How each request is made and shown, the same for `get` and `session`.
#[derive(Args)]
struct ExchangeArgs {
    /// Print the request bytes sent (`> `) and the response head received (`< `), like curl -v.
    #[arg(long)]
    show_wire: bool,
    /// Follow redirects (301, 302, 303, 307, 308), at most MAX per URL (default 10); each hop is reported.
    #[arg(long, value_name = "MAX", num_args = 0..=1, require_equals = true, default_missing_value = "10",
          value_parser = clap::value_parser!(u32).range(0..=100))]
    follow: Option<u32>,
    /// Refuse a body longer than this (checked before reading it when its length is announced).
    #[arg(long, value_name = "BYTES", default_value = "64MiB", value_parser = parse_positive_size)]
    max_body: usize,
    /// Give up when connecting, or waiting for any read or write, takes longer than this.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_positive_duration)]
    timeout: Duration,
    /// Also trust the CA certificates in this PEM file (a lab's own CA); certificates are always checked.
    #[arg(long, value_name = "FILE")]
    ca: Option<PathBuf>,
    /// Do not show bodies (they are still read, counted and saved).
    #[arg(long)]
    no_body: bool,
    /// One JSON object per line instead of human output.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
#[command(after_help = "Examples:\n  web-client show responses\n  web-client show responses --json")]
struct ShowArgs {
    /// A folder written by `web-client get --save DIR`.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// One JSON object per line instead of human output.
    #[arg(long)]
    json: bool,
}

/// An absolute http:// or https:// URL.
pub(crate) fn parse_url(text: &str) -> Result<Url, String> {
    let url =
        Url::parse(text).map_err(|err| format!("not a URL ({err}); expected e.g. http://127.0.0.1:8000/"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(
            "a user name or password in the URL is not supported: web-client sends no credentials".to_owned()
        );
    }
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(format!("the scheme {other}:// is not supported (only http:// and https://)")),
    }
}

impl ExchangeArgs {
    /// The options of `get`, for these requests and this way of saving.
    fn options(
        self,
        urls: Vec<Url>,
        delay: Option<Duration>,
        count: u32,
        save: Option<PathBuf>,
    ) -> get::GetOptions {
        get::GetOptions {
            announce_saves: save.is_some(),
            urls,
            delay,
            count,
            save,
            show_wire: self.show_wire,
            follow: self.follow,
            max_body: self.max_body as u64,
            timeout: self.timeout,
            ca: self.ca,
            body: !self.no_body,
        }
    }
}

fn main() -> ExitCode {
    let cli: Cli = socklab::cli::parse();
    socklab::cli::run_main(|| match cli.command {
        Command::Get(args) => {
            let events = Events::new(args.exchange.json);
            get::run(args.exchange.options(args.urls, args.delay, args.count, args.save), events)
        }
        Command::Show(args) => show::run(&args.dir, Events::new(args.json)),
        Command::Session(args) => {
            let events = Events::new(args.exchange.json);
            session::run(args.exchange.options(Vec::new(), None, 1, args.save), events)
        }
    })
}
