//! Whether a body can be shown on a terminal as it is. A body is text when it is UTF-8 without
//! control characters other than tab, line ends and form feed; anything else (an image, a gzip
//! stream, escape sequences that would drive the terminal) is reported by its size only.

/// Whether `body` is safe to print as it is.
pub fn is_text(body: &[u8]) -> bool {
    match std::str::from_utf8(body) {
        Ok(text) => !text.chars().any(|ch| ch.is_control() && !matches!(ch, '\t' | '\n' | '\r' | '\x0c')),
        Err(_) => false,
    }
}

/// The body as a terminal shows it: the text without one final line end (the printer adds one), or
/// a note for a binary body.
pub fn shown(body: &[u8]) -> String {
    if is_text(body) {
        let text = String::from_utf8_lossy(body);
        let text = text.strip_suffix('\n').unwrap_or(&text);
        text.strip_suffix('\r').unwrap_or(text).to_owned()
    } else {
        socklab::tr!("web-client-binary-body", bytes = body.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_utf8_without_terminal_controls() {
        assert!(is_text("línea 1\r\n\tlínea 2\n".as_bytes()));
        assert!(is_text(b""));
        assert!(!is_text(b"\x89PNG\r\n\x1a\n"));
        assert!(!is_text(b"\x1b[2J clear screen"));
        assert!(!is_text(b"a\0b"));
        assert_eq!(shown(b"hola\n"), "hola");
        assert_eq!(shown(b"\xff\xfe"), "(2 bytes of binary body, not shown; --save DIR keeps it)");
    }
}
