//! HFTP, the Home-made File Transfer Protocol of seed 002's course lab: requests, status codes and
//! what each command must be given. The bytes on the wire are in docs/PROTOCOL.md.
//!
//! A request is one line ending in `\r\n`: a command and its arguments, each separated by one space.
//! A reply starts with a status line `CODE MESSAGE\r\n`; on success the command's data follows. The
//! 1xx codes are fatal (the server replies, then closes the connection); the 2xx codes leave it open.

use std::fmt;

/// The line terminator of requests and replies.
pub const EOL: &[u8] = b"\r\n";

/// A reply's status (the lab statement's table of codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    /// A `\n` not preceded by `\r`.
    BadEol,
    /// A request the server will not parse (a line over `--max-line`, bytes that are not ASCII).
    BadRequest,
    InternalError,
    InvalidCommand,
    /// Too many or too few arguments, or of the wrong form.
    InvalidArguments,
    FileNotFound,
    /// `OFFSET + SIZE` is past the end of the file.
    BadOffset,
}

impl Status {
    pub fn code(self) -> u16 {
        match self {
            Status::Ok => 0,
            Status::BadEol => 100,
            Status::BadRequest => 101,
            Status::InternalError => 199,
            Status::InvalidCommand => 200,
            Status::InvalidArguments => 201,
            Status::FileNotFound => 202,
            Status::BadOffset => 203,
        }
    }

    /// The text after the code, as the course's constants word it.
    pub fn message(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::BadEol => "BAD EOL",
            Status::BadRequest => "BAD REQUEST",
            Status::InternalError => "INTERNAL SERVER ERROR",
            Status::InvalidCommand => "NO SUCH COMMAND",
            Status::InvalidArguments => "INVALID ARGUMENTS FOR COMMAND",
            Status::FileNotFound => "FILE NOT FOUND",
            Status::BadOffset => "OFFSET EXCEEDS FILE SIZE",
        }
    }

    /// Fatal codes (1xx) close the connection once sent.
    pub fn is_fatal(self) -> bool {
        (100..200).contains(&self.code())
    }

    /// `CODE MESSAGE\r\n`.
    pub fn line(self) -> Vec<u8> {
        format!("{} {}\r\n", self.code(), self.message()).into_bytes()
    }

    /// The status a code stands for, for the client.
    pub fn from_code(code: u16) -> Option<Status> {
        [
            Status::Ok,
            Status::BadEol,
            Status::BadRequest,
            Status::InternalError,
            Status::InvalidCommand,
            Status::InvalidArguments,
            Status::FileNotFound,
            Status::BadOffset,
        ]
        .into_iter()
        .find(|status| status.code() == code)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.message())
    }
}

/// A request the server understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    ListFiles,
    Metadata {
        name: String,
    },
    /// `raw`: the slice's bytes as they are instead of base64 (`--raw-slices` only).
    Slice {
        name: String,
        offset: u64,
        size: u64,
        raw: bool,
    },
    Quit,
    /// The command list (`--help-command` only).
    Help,
}

impl Request {
    /// The command's name, for events.
    pub fn command(&self) -> &'static str {
        match self {
            Request::ListFiles => "get_file_listing",
            Request::Metadata { .. } => "get_metadata",
            Request::Slice { .. } => "get_slice",
            Request::Quit => "quit",
            Request::Help => "help",
        }
    }
}

/// The extensions some courses add, off unless asked for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extensions {
    /// `get_slice NAME OFFSET SIZE raw`.
    pub raw_slices: bool,
    /// `help`.
    pub help: bool,
}

/// Parses one request line (without its `\r\n`). Errors are the 2xx statuses a line can earn.
pub fn parse(line: &[u8], extensions: Extensions) -> Result<Request, Status> {
    // The protocol is ASCII: other bytes are a malformed request (fatal).
    if !line.is_ascii() {
        return Err(Status::BadRequest);
    }
    let Ok(text) = std::str::from_utf8(line) else { return Err(Status::BadRequest) };
    let mut words = text.split(' ');
    let command = words.next().unwrap_or_default();
    let args: Vec<&str> = words.collect();
    let expect = |count: usize| if args.len() == count { Ok(()) } else { Err(Status::InvalidArguments) };
    match command {
        "get_file_listing" => expect(0).map(|()| Request::ListFiles),
        "quit" => expect(0).map(|()| Request::Quit),
        "help" if extensions.help => expect(0).map(|()| Request::Help),
        "get_metadata" => {
            expect(1)?;
            Ok(Request::Metadata { name: file_name(args[0])? })
        }
        "get_slice" => {
            let raw = match args.len() {
                3 => false,
                4 if extensions.raw_slices && args[3] == "raw" => true,
                _ => return Err(Status::InvalidArguments),
            };
            let name = file_name(args[0])?;
            // A number too large for 64 bits is still a number: it is past every file's end (203).
            let number = |text: &str| -> Result<u64, Status> {
                if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
                    return Err(Status::InvalidArguments);
                }
                Ok(text.parse().unwrap_or(u64::MAX))
            };
            Ok(Request::Slice { name, offset: number(args[1])?, size: number(args[2])?, raw })
        }
        _ => Err(Status::InvalidCommand),
    }
}

/// A file name as the statement allows it: letters, digits, `.`, `-` and `_` (so never a `/`, and
/// never `.` or `..` alone). Anything else is an argument of the wrong form: 201.
fn file_name(text: &str) -> Result<String, Status> {
    let valid = !text.is_empty()
        && text != "."
        && text != ".."
        && text.bytes().all(|byte| byte.is_ascii_alphanumeric() || b".-_".contains(&byte));
    if valid { Ok(text.to_owned()) } else { Err(Status::InvalidArguments) }
}

/// The command list `help` sends: one command per line (the extensions that are on included); the
/// empty line after it is the caller's.
pub fn help(extensions: Extensions) -> String {
    let mut text =
        String::from("get_file_listing\r\nget_metadata FILENAME\r\nget_slice FILENAME OFFSET SIZE\r\n");
    if extensions.raw_slices {
        text.push_str("get_slice FILENAME OFFSET SIZE raw\r\n");
    }
    text.push_str("help\r\nquit\r\n");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_plain(line: &str) -> Result<Request, Status> {
        parse(line.as_bytes(), Extensions::default())
    }

    #[test]
    fn each_command_takes_its_arguments() {
        assert_eq!(parse_plain("get_file_listing"), Ok(Request::ListFiles));
        assert_eq!(parse_plain("quit"), Ok(Request::Quit));
        assert_eq!(parse_plain("get_metadata a.txt"), Ok(Request::Metadata { name: "a.txt".into() }));
        assert_eq!(
            parse_plain("get_slice a.txt 10 20"),
            Ok(Request::Slice { name: "a.txt".into(), offset: 10, size: 20, raw: false })
        );
    }

    #[test]
    fn the_statements_errors() {
        assert_eq!(parse_plain("verdura"), Err(Status::InvalidCommand));
        assert_eq!(parse_plain(""), Err(Status::InvalidCommand));
        assert_eq!(parse_plain("quit passing extra arguments!"), Err(Status::InvalidArguments));
        assert_eq!(parse_plain("get_metadata"), Err(Status::InvalidArguments));
        assert_eq!(parse_plain("get_slice bar x x"), Err(Status::InvalidArguments));
        assert_eq!(parse_plain("get_slice bar -1 2"), Err(Status::InvalidArguments));
        assert_eq!(
            parse_plain("get_slice bar 1 99999999999999999999999"),
            Ok(Request::Slice { name: "bar".into(), offset: 1, size: u64::MAX, raw: false })
        );
        assert_eq!(parse_plain("get_slice bar 0 1 raw"), Err(Status::InvalidArguments));
        assert_eq!(parse_plain("get_metadata  a.txt"), Err(Status::InvalidArguments));
        assert_eq!(parse_plain("help"), Err(Status::InvalidCommand));
    }

    #[test]
    fn names_that_could_leave_the_folder_are_malformed() {
        for name in ["..", ".", "../etc/passwd", "a/b", "/etc/passwd", "a\tb", "bar?$ola"] {
            assert_eq!(parse_plain(&format!("get_metadata {name}")), Err(Status::InvalidArguments), "{name}");
        }
        assert_eq!(parse_plain("get_metadata ñandú.txt"), Err(Status::BadRequest));
    }

    #[test]
    fn extensions_only_when_asked() {
        let both = Extensions { raw_slices: true, help: true };
        assert_eq!(parse(b"help", both), Ok(Request::Help));
        assert_eq!(
            parse(b"get_slice a 0 1 raw", both),
            Ok(Request::Slice { name: "a".into(), offset: 0, size: 1, raw: true })
        );
        assert_eq!(parse(b"get_slice a 0 1 rawx", both), Err(Status::InvalidArguments));
    }

    #[test]
    fn fatal_codes_are_the_1xx() {
        assert!(
            Status::BadEol.is_fatal() && Status::BadRequest.is_fatal() && Status::InternalError.is_fatal()
        );
        assert!(!Status::FileNotFound.is_fatal() && !Status::Ok.is_fatal());
        assert_eq!(Status::BadOffset.line(), b"203 OFFSET EXCEEDS FILE SIZE\r\n");
        assert_eq!(Status::from_code(202), Some(Status::FileNotFound));
    }
}
