//! The small message protocol on top of the echo (guide §1.5.5 and §1.5.6): a datagram that starts
//! with `/` and a word is a command for the server rather than text to echo.

/// What a received datagram asks the server to do.
#[derive(Debug, PartialEq, Eq)]
pub enum Request<'a> {
    /// Ordinary data: echo it (or answer it in chat mode).
    Data,
    /// `/shutdown`: reply `bye` and stop.
    Shutdown,
    /// `/exec <command>`: run the command and reply its exit status.
    Exec(&'a str),
    /// `/exec` with nothing to run.
    ExecWithoutCommand,
    /// `/something` the server does not know.
    Unknown(String),
}

pub const SHUTDOWN: &str = "/shutdown";
pub const EXEC: &str = "/exec";
pub const KNOWN: &str = "/shutdown, /exec <command>";

/// Classifies a datagram. Only `/` followed by a letter is a command, so data such as `/` alone,
/// `//` or binary bytes is echoed as usual.
pub fn classify(payload: &[u8]) -> Request<'_> {
    let Some(rest) = payload.strip_prefix(b"/") else { return Request::Data };
    if !rest.first().is_some_and(u8::is_ascii_alphabetic) {
        return Request::Data;
    }
    let Ok(text) = std::str::from_utf8(payload) else {
        let word: Vec<u8> = payload.iter().copied().take_while(|b| !b.is_ascii_whitespace()).collect();
        return Request::Unknown(socklab::event::printable(&word));
    };
    let text = text.trim_end_matches(['\r', '\n']);
    let (word, argument) = match text.split_once(char::is_whitespace) {
        Some((word, argument)) => (word, argument.trim()),
        None => (text, ""),
    };
    match word {
        SHUTDOWN if argument.is_empty() => Request::Shutdown,
        EXEC if argument.is_empty() => Request::ExecWithoutCommand,
        EXEC => Request::Exec(argument),
        _ => Request::Unknown(word.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_commands() {
        assert_eq!(classify(b"/shutdown"), Request::Shutdown);
        assert_eq!(classify(b"/shutdown\n"), Request::Shutdown);
        assert_eq!(classify(b"/exec exit 3"), Request::Exec("exit 3"));
        assert_eq!(classify(b"/exec"), Request::ExecWithoutCommand);
        assert_eq!(classify(b"/exec   "), Request::ExecWithoutCommand);
        assert_eq!(classify(b"/reboot now"), Request::Unknown("/reboot".into()));
        assert_eq!(classify(b"/shutdown please"), Request::Unknown("/shutdown".into()));
    }

    #[test]
    fn data_that_merely_starts_with_a_slash_is_echoed() {
        assert_eq!(classify(b"hola"), Request::Data);
        assert_eq!(classify(b""), Request::Data);
        assert_eq!(classify(b"/"), Request::Data);
        assert_eq!(classify(b"// comment"), Request::Data);
        assert_eq!(classify(b"/\xff"), Request::Data);
    }
}
