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
use socklab::tr;
use url::Url;

#[derive(Parser)]
#[command(
    name = "web-client",
    version,
    about = tr!("web-client-about"),
    after_help = tr!("web-client-after-help")
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    #[command(about = tr!("web-client-cmd-get"))]
    Get(GetArgs),
    #[command(about = tr!("web-client-cmd-show"))]
    Show(ShowArgs),
    #[command(about = tr!("web-client-cmd-session"))]
    Session(SessionArgs),
}

#[derive(Args)]
#[command(
    after_help = tr!("web-client-session-after-help")
)]
struct SessionArgs {
    #[arg(long, value_name = "DIR", help = tr!("web-client-arg-session-save"))]
    save: Option<PathBuf>,
    #[command(flatten)]
    exchange: ExchangeArgs,
}

#[derive(Args)]
#[command(
    after_help = tr!("web-client-get-after-help")
)]
struct GetArgs {
    #[arg(required = true, value_name = "URL", value_parser = parse_url, help = tr!("web-client-arg-get-urls"))]
    urls: Vec<Url>,
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, help = tr!("web-client-arg-get-delay"))]
    delay: Option<Duration>,
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1_000_000), help = tr!("web-client-arg-get-count"))]
    count: u32,
    #[arg(long, value_name = "DIR", help = tr!("web-client-arg-get-save"))]
    save: Option<PathBuf>,
    #[command(flatten)]
    exchange: ExchangeArgs,
}

/// How each request is made and shown, the same for `get` and `session`.
#[derive(Args)]
struct ExchangeArgs {
    #[arg(long, help = tr!("web-client-arg-exchange-show-wire"))]
    show_wire: bool,
    #[arg(long, value_name = "MAX", num_args = 0..=1, require_equals = true, default_missing_value = "10",
          value_parser = clap::value_parser!(u32).range(0..=100), help = tr!("web-client-arg-exchange-follow"))]
    follow: Option<u32>,
    #[arg(long, value_name = "BYTES", default_value = "64MiB", value_parser = parse_positive_size, help = tr!("web-client-arg-exchange-max-body"))]
    max_body: usize,
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_positive_duration, help = tr!("web-client-arg-exchange-timeout"))]
    timeout: Duration,
    #[arg(long, value_name = "FILE", help = tr!("web-client-arg-exchange-ca"))]
    ca: Option<PathBuf>,
    #[arg(long, help = tr!("web-client-arg-exchange-no-body"))]
    no_body: bool,
    #[arg(long, help = tr!("web-client-arg-exchange-json"))]
    json: bool,
}

#[derive(Args)]
#[command(after_help = tr!("web-client-show-after-help"))]
struct ShowArgs {
    #[arg(value_name = "DIR", help = tr!("web-client-arg-show-dir"))]
    dir: PathBuf,
    #[arg(long, help = tr!("web-client-arg-show-json"))]
    json: bool,
}

/// An absolute http:// or https:// URL.
pub(crate) fn parse_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|err| tr!("web-client-not-a-url", error = err.to_string()))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(tr!("web-client-url-credentials"));
    }
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(tr!("web-client-bad-scheme", scheme = other.to_owned())),
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
