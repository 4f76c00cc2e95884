//! Text sanitising, applied once when content is loaded: control characters,
//! terminal escape sequences and bidi overrides never reach the terminal.

/// Cleans multi-line text (Markdown bodies): keeps `\n` and `\t`, drops `\r`,
/// every other C0/C1 control, DEL, whole escape sequences (CSI, OSC, DCS, ...)
/// and bidirectional override/isolate characters.
pub fn sanitize_text(input: &str) -> String {
    sanitized_text(input).into_owned()
}

/// [`sanitize_text`] without the copy when nothing needs stripping (a big
/// Markdown file is usually clean).
pub fn sanitized_text(input: &str) -> std::borrow::Cow<'_, str> {
    let plain = |b: u8| (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t';
    if input.bytes().all(plain) || !input.chars().any(is_forbidden) {
        return std::borrow::Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\u{1b}' => skip_escape(&mut chars),
            // 8-bit CSI, OSC, DCS, SOS, PM, APC introduce sequences like ESC does.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Cleans single-line text (titles, names, ids): like [`sanitize_text`], with
/// newlines and tabs turned into single spaces and the ends trimmed.
pub fn sanitize_line(input: &str) -> String {
    let text = sanitize_text(input);
    let mut out = String::with_capacity(text.len());
    let mut last_space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out
}

/// Text quoted in a message (a key, a kind, a file name): every character that
/// must not reach a terminal, newlines and tabs included, is shown escaped
/// (`\u{1b}`), so the user sees what is in the file and the terminal stays safe.
pub fn escape_controls(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        if is_forbidden(c) || c == '\n' || c == '\t' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// True for characters that must never be written to a terminal.
pub fn is_forbidden(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape(chars: &mut Chars) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
            chars.next();
            skip_string(chars);
        }
        // Intermediate bytes then one final byte (e.g. `ESC ( B`).
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            while let Some(&c) = chars.peek() {
                chars.next();
                if !('\u{20}'..='\u{2f}').contains(&c) {
                    break;
                }
            }
        }
        Some(c) if ('\u{30}'..='\u{7e}').contains(&c) => {
            chars.next();
        }
        _ => {}
    }
}

/// Skips CSI parameters and intermediates up to and including the final byte.
fn skip_csi(chars: &mut Chars) {
    while let Some(&c) = chars.peek() {
        if ('\u{30}'..='\u{3f}').contains(&c) || ('\u{20}'..='\u{2f}').contains(&c) {
            chars.next();
        } else {
            if ('\u{40}'..='\u{7e}').contains(&c) {
                chars.next();
            }
            return;
        }
    }
}

/// Skips a control string (OSC, DCS, ...) up to BEL, ST (`ESC \` or 0x9c), or a
/// newline, so that an unterminated sequence cannot swallow a whole file.
fn skip_string(chars: &mut Chars) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            '\n' => return,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_csi_and_osc_sequences_whole() {
        assert_eq!(sanitize_text("a\u{1b}[2Jb"), "ab");
        assert_eq!(sanitize_text("a\u{1b}]0;title\u{7}b"), "ab");
        assert_eq!(sanitize_text("a\u{1b}]52;c;aGk=\u{1b}\\b"), "ab");
        assert_eq!(sanitize_text("a\u{9b}31mb"), "ab");
    }

    #[test]
    fn unterminated_sequences_stop_at_newline() {
        assert_eq!(sanitize_text("x\u{1b}]0;never ends\nnext"), "xnext");
        assert_eq!(sanitize_text("x\u{1b}"), "x");
        assert_eq!(sanitize_text("x\u{1b}["), "x");
    }

    #[test]
    fn keeps_newlines_tabs_and_unicode_drops_bidi_and_cr() {
        assert_eq!(
            sanitize_text("é\t漢字\r\n👩‍💻\u{202e}x\u{7f}"),
            "é\t漢字\n👩‍💻x"
        );
    }

    #[test]
    fn escape_controls_shows_what_was_there() {
        assert_eq!(
            escape_controls("a\u{1b}]0;t\u{7}\u{202e}\n"),
            "a\\u{1b}]0;t\\u{7}\\u{202e}\\n"
        );
    }

    #[test]
    fn clean_text_is_borrowed_and_anything_to_strip_is_copied() {
        use std::borrow::Cow;
        for clean in ["plain ascii\n\tline", "é 漢字 👩‍💻 no-break\u{a0}space", ""] {
            assert!(matches!(sanitized_text(clean), Cow::Borrowed(s) if s == clean));
        }
        for (dirty, cleaned) in [("a\rb", "ab"), ("é\u{1b}[1mx", "éx"), ("\u{85}z", "z")] {
            assert!(matches!(sanitized_text(dirty), Cow::Owned(s) if s == cleaned));
        }
    }

    #[test]
    fn line_collapses_whitespace() {
        assert_eq!(sanitize_line("  a \n\t b  "), "a b");
    }
}
