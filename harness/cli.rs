//! Command-line conventions shared by every socklab program: named exit codes, one-line usage errors,
//! and a `main` wrapper that turns any error into a single line on stderr instead of a panic.

use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{Arg, ArgAction, Command, Parser};

use crate::tr;

/// Everything the program was asked to do worked.
pub const EXIT_OK: u8 = 0;
/// The program ran but what it was asked to do failed (no reply, refused, data lost...).
pub const EXIT_FAILURE: u8 = 1;
/// The command line was wrong: a bad flag, address, CIDR or size.
pub const EXIT_USAGE: u8 = 2;

/// Parses the command line like clap does, but reports a usage error as one line and exits with
/// [`EXIT_USAGE`]; `--help` and `--version` still print in full. Every program gets `--lang LANG`
/// here, which chooses the language of what it prints ([`crate::i18n`]), help and errors included.
pub fn parse<T: Parser>() -> T {
    let args = help_for_help(std::env::args_os());
    if let Err(message) = crate::i18n::init(crate::i18n::lang_flag(&args).as_deref()) {
        eprintln!("error: {message}");
        std::process::exit(i32::from(EXIT_USAGE))
    }
    let parsed =
        localized(T::command()).try_get_matches_from(args).and_then(|matches| T::from_arg_matches(&matches));
    match parsed {
        Ok(args) => args,
        Err(err) if matches!(err.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => err.exit(),
        Err(err) if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            std::process::exit(i32::from(EXIT_USAGE))
        }
        Err(err) => {
            eprintln!("{}", usage_error_line(&err));
            std::process::exit(i32::from(EXIT_USAGE))
        }
    }
}

/// `command` with `--lang` on it and every subcommand, and clap's own words (headings, the help
/// and version flags) in the chosen language.
pub fn localized(command: Command) -> Command {
    let lang = Arg::new("lang")
        .long("lang")
        .value_name("LANG")
        .global(true)
        .help(tr!("cli-arg-lang", available = crate::i18n::available_codes()));
    headings(command.arg(lang))
}

fn headings(command: Command) -> Command {
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        tr!("cli-heading-usage")
    );
    let has_version = command.get_version().is_some();
    let mut command = command
        .help_template(template)
        .subcommand_help_heading(tr!("cli-heading-commands"))
        .disable_help_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help(tr!("cli-arg-help")))
        .mut_args(|arg| {
            if arg.get_help_heading().is_some() {
                arg
            } else if arg.is_positional() {
                arg.help_heading(tr!("cli-heading-arguments"))
            } else {
                arg.help_heading(tr!("cli-heading-options"))
            }
        })
        .mut_subcommands(headings);
    if has_version {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(tr!("cli-arg-version")),
        );
    }
    command
}

/// A clap error as the one line socklab prints: in English clap's own message; in another language
/// the message of each common kind, with the argument and value it names.
fn usage_error_line(err: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue};
    let english = first_paragraph(&err.to_string());
    if crate::i18n::current().code() == "en" {
        return format!("{english} (see --help)");
    }
    let context = |kind: ContextKind| match err.get(kind) {
        Some(ContextValue::String(text)) => text.clone(),
        Some(ContextValue::Strings(texts)) => texts.join(", "),
        Some(ContextValue::StyledStr(text)) => text.to_string(),
        Some(ContextValue::StyledStrs(texts)) => {
            texts.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
        }
        Some(ContextValue::Number(number)) => number.to_string(),
        _ => String::new(),
    };
    let argument = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let message = match err.kind() {
        ErrorKind::UnknownArgument => tr!("cli-error-unknown-argument", argument = argument),
        ErrorKind::InvalidSubcommand => {
            tr!("cli-error-unknown-subcommand", subcommand = context(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue => tr!(
            "cli-error-invalid-value",
            value = value,
            argument = argument,
            valid = context(ContextKind::ValidValue)
        ),
        ErrorKind::ValueValidation => {
            let cause = std::error::Error::source(err).map(ToString::to_string).unwrap_or_default();
            tr!("cli-error-value-validation", value = value, argument = argument, cause = cause)
        }
        ErrorKind::MissingRequiredArgument => tr!("cli-error-missing-argument", argument = argument),
        ErrorKind::MissingSubcommand => tr!("cli-error-missing-subcommand"),
        ErrorKind::ArgumentConflict => {
            tr!("cli-error-conflict", argument = argument, other = context(ContextKind::PriorArg))
        }
        _ => tr!("cli-error-other", message = english.trim_start_matches("error: ").to_owned()),
    };
    format!("error: {} {}", message, tr!("cli-see-help"))
}

/// `PROGRAM help --help` asks for help about help: clap refuses it, other CLIs show the help. The
/// `--help` is dropped so that `help` prints what it prints alone.
fn help_for_help(args: impl Iterator<Item = std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let args: Vec<std::ffi::OsString> = args.collect();
    if args.get(1).is_some_and(|word| word == "help") {
        return args.into_iter().filter(|word| word != "--help" && word != "-h").collect();
    }
    args
}

/// A request the command line made that cannot be carried out as given (a message too large for a
/// datagram, say): reported like a usage error, with [`EXIT_USAGE`].
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Runs a program body and maps its outcome to an exit code; an error is printed as `error: ...` on
/// one line, with its causes joined by `: `.
pub fn run_main(body: impl FnOnce() -> anyhow::Result<u8>) -> ExitCode {
    match body() {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("error: {}", one_line(&format!("{err:#}")));
            let usage = err.downcast_ref::<UsageError>().is_some();
            ExitCode::from(if usage { EXIT_USAGE } else { EXIT_FAILURE })
        }
    }
}

/// The message of a clap error without its usage block, on one line.
fn first_paragraph(rendered: &str) -> String {
    let message: Vec<&str> = rendered.lines().take_while(|line| !line.trim().is_empty()).collect();
    let joined = one_line(&message.join(" "));
    if joined.is_empty() { "error: invalid arguments".to_owned() } else { joined }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses `IP:PORT` (`127.0.0.1:3500`, `[::1]:0`) or `HOST:PORT` (`localhost:3500`, resolved once).
pub fn parse_socket_addr(text: &str) -> Result<std::net::SocketAddr, String> {
    use std::net::ToSocketAddrs;
    if let Ok(addr) = text.parse() {
        return Ok(addr);
    }
    let mut found =
        text.to_socket_addrs().map_err(|_| tr!("cli-addr-not-an-address", text = text.to_owned()))?;
    found.next().ok_or_else(|| tr!("cli-addr-no-address", text = text.to_owned()))
}

/// Parses a byte count such as `1200`, `64K`, `64KiB`, `1M` or `1MiB` (K and M are powers of 1024).
pub fn parse_size(text: &str) -> Result<usize, String> {
    let trimmed = text.trim();
    let split = trimmed.find(|c: char| !c.is_ascii_digit()).unwrap_or(trimmed.len());
    let (digits, unit) = trimmed.split_at(split);
    let number: usize = digits.parse().map_err(|_| tr!("cli-size-not-a-size", text = text.to_owned()))?;
    let multiplier: usize = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        _ => return Err(tr!("cli-size-unknown-unit", text = text.to_owned())),
    };
    number.checked_mul(multiplier).ok_or_else(|| tr!("cli-size-too-large", text = text.to_owned()))
}

/// Parses a byte count like [`parse_size`] that must be at least 1 (a buffer or chunk size).
pub fn parse_positive_size(text: &str) -> Result<usize, String> {
    match parse_size(text)? {
        0 => Err(tr!("cli-size-zero")),
        size => Ok(size),
    }
}

/// A byte-count parser for clap, like [`parse_size`] but within `min..=max`: every size a program
/// allocates or hands the kernel has a limit, checked when the command line is read. The error
/// names the limit: `'100G' is over the limit of 16MiB`.
pub fn size_in(
    min: usize,
    max: usize,
) -> impl Fn(&str) -> Result<usize, String> + Clone + Send + Sync + 'static {
    move |text| match parse_size(text)? {
        size if size < min => {
            Err(tr!("cli-size-under-minimum", text = text.to_owned(), minimum = format_size(min as u64)))
        }
        size if size > max => {
            Err(tr!("cli-size-over-limit", text = text.to_owned(), limit = format_size(max as u64)))
        }
        size => Ok(size),
    }
}

/// `16MiB`, `1GiB`, `512B`: a byte count in the largest binary unit that divides it.
pub fn format_size(bytes: u64) -> String {
    for (unit, shift) in [("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10)] {
        if bytes >= 1 << shift && bytes % (1 << shift) == 0 {
            return format!("{}{unit}", bytes >> shift);
        }
    }
    format!("{bytes}B")
}

/// Limits on sizes given on a command line, shared by the programs.
pub mod limits {
    /// One recv() or send() buffer (`--recv-size`, `--send-size`): the kernel moves at most a few
    /// MiB per call on loopback, so more only costs memory.
    pub const IO_BUFFER: usize = 16 << 20;
    /// SO_SNDBUF / SO_RCVBUF asked for: setsockopt takes an int that Linux doubles (socket(7)), so
    /// anything larger would wrap around; the kernel caps it at net.core.{w,r}mem_max anyway.
    pub const SOCKET_BUFFER: usize = 1 << 30;
    /// A payload generated on the fly and streamed (`--bytes`): time, not memory, is the limit.
    pub const STREAMED: usize = 1 << 40;
}

/// Whether a report can be written at `path`, said in one line if not: its folder must exist and be
/// writable, and the path must not be a folder. Nothing is created.
pub fn check_writable(path: &std::path::Path) -> Result<(), String> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => std::path::Path::new("."),
    };
    if path.is_dir() {
        return Err(tr!("cli-write-is-folder", path = path.display().to_string()));
    }
    if !folder.is_dir() {
        return Err(tr!(
            "cli-write-no-folder",
            path = path.display().to_string(),
            folder = folder.display().to_string()
        ));
    }
    nix::unistd::access(folder, nix::unistd::AccessFlags::W_OK).map_err(|err| {
        tr!(
            "cli-write-not-writable",
            path = path.display().to_string(),
            folder = folder.display().to_string(),
            reason = err.desc()
        )
    })
}

/// Parses a duration such as `2s`, `250ms`, `1.5s` or a bare number of seconds.
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let trimmed = text.trim();
    let (number, scale) = if let Some(ms) = trimmed.strip_suffix("ms") {
        (ms, 0.001)
    } else if let Some(s) = trimmed.strip_suffix('s') {
        (s, 1.0)
    } else if let Some(m) = trimmed.strip_suffix('m') {
        (m, 60.0)
    } else {
        (trimmed, 1.0)
    };
    let value: f64 =
        number.trim().parse().map_err(|_| tr!("cli-duration-not-a-duration", text = text.to_owned()))?;
    if !value.is_finite() || value < 0.0 || value * scale > 1e9 {
        return Err(tr!("cli-duration-invalid", text = text.to_owned()));
    }
    Ok(std::time::Duration::from_secs_f64(value * scale))
}

/// [`parse_duration`] for a timeout, which must be more than zero.
pub fn parse_positive_duration(text: &str) -> Result<std::time::Duration, String> {
    match parse_duration(text)? {
        std::time::Duration::ZERO => Err(tr!("cli-duration-zero")),
        duration => Ok(duration),
    }
}

/// Formats a duration the way [`parse_duration`] reads it: `2s`, `250ms`, `1.5s`.
pub fn format_duration(duration: std::time::Duration) -> String {
    let millis = duration.as_millis();
    if millis < 1000 {
        format!("{millis}ms")
    } else if millis % 1000 == 0 {
        format!("{}s", millis / 1000)
    } else {
        format!("{}s", duration.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn help_about_help_is_the_help() {
        let args = |words: &[&str]| words.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        let parsed = help_for_help(args(&["socklab", "help", "--help"]).into_iter());
        assert_eq!(parsed, args(&["socklab", "help"]));
        let parsed = help_for_help(args(&["socklab", "run", "--help"]).into_iter());
        assert_eq!(parsed, args(&["socklab", "run", "--help"]));
    }

    #[test]
    fn sizes_accept_binary_units() {
        assert_eq!(parse_size("1200"), Ok(1200));
        assert_eq!(parse_size("64K"), Ok(65536));
        assert_eq!(parse_size("1MiB"), Ok(1 << 20));
        assert!(parse_size("12x").is_err());
        assert!(parse_size("").is_err());
        assert!(parse_size("-1").is_err());
    }

    #[test]
    fn sizes_in_a_range_name_the_limit() {
        let recv_size = size_in(1, limits::IO_BUFFER);
        assert_eq!(recv_size("64K"), Ok(65536));
        assert_eq!(recv_size("100G").unwrap_err(), "'100G' is over the limit of 16MiB");
        assert_eq!(recv_size("0").unwrap_err(), "'0' is under the minimum of 1B");
        assert_eq!(size_in(0, limits::STREAMED)("1T"), Ok(1 << 40));
        assert!(recv_size("99999999999999999999").is_err());
        assert_eq!(format_size(1 << 30), "1GiB");
        assert_eq!(format_size(65507), "65507B");
    }

    #[test]
    fn addresses_accept_ip_and_host_forms() {
        assert_eq!(parse_socket_addr("127.0.0.1:3500").unwrap().port(), 3500);
        assert!(parse_socket_addr("[::1]:0").unwrap().is_ipv6());
        assert!(parse_socket_addr("localhost:3500").unwrap().ip().is_loopback());
        assert!(parse_socket_addr("127.0.0.1").is_err());
        assert!(parse_socket_addr("300.0.0.1:5").is_err());
    }

    #[test]
    fn durations_round_trip_through_their_text() {
        assert_eq!(parse_duration("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("3"), Ok(Duration::from_secs(3)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("-1s").is_err());
        assert_eq!(format_duration(Duration::from_secs(2)), "2s");
        assert_eq!(format_duration(Duration::from_millis(250)), "250ms");
        assert_eq!(format_duration(Duration::from_millis(1500)), "1.5s");
    }
}
