//! Laid-out Markdown lines as terminal text: `SpanStyle` -> ANSI SGR escape
//! codes, or plain text. Only the 16 named colours, like the TUI's theme.

use crate::domain::markdown::{LaidLine, SpanStyle};

/// The SGR parameters for a span style (empty for plain text).
pub fn sgr_codes(s: SpanStyle) -> Vec<u8> {
    let mut codes = Vec::new();
    let mut fg = None;
    match s.heading {
        0 => {}
        1 => {
            codes.extend([1, 4]);
            fg = Some(35);
        }
        2 => {
            codes.push(1);
            fg = Some(36);
        }
        _ => codes.push(1),
    }
    if s.bold {
        codes.push(1);
    }
    if s.italic || s.quote {
        codes.push(3);
    }
    if s.strike {
        codes.push(9);
    }
    if s.url {
        codes.push(2);
    }
    if s.link {
        codes.push(4);
        fg = Some(34);
    }
    if s.code || s.code_block {
        fg = Some(33);
    }
    if s.marker {
        fg = fg.or(Some(36));
    }
    codes.sort_unstable();
    codes.dedup();
    codes.extend(fg);
    codes
}

/// Appends one line to `out`: styled spans wrapped in SGR sequences (each
/// span ends with a reset), or the plain text; no trailing spaces, then `\n`.
pub fn push_line(out: &mut String, line: &LaidLine, styled: bool) {
    let start = out.len();
    for span in &line.spans {
        let codes = if styled {
            sgr_codes(span.style)
        } else {
            Vec::new()
        };
        if codes.is_empty() || span.text.trim().is_empty() {
            out.push_str(&span.text);
            continue;
        }
        out.push_str("\x1b[");
        let list: Vec<String> = codes.iter().map(u8::to_string).collect();
        out.push_str(&list.join(";"));
        out.push('m');
        out.push_str(&span.text);
        out.push_str("\x1b[0m");
    }
    if !styled {
        let trimmed = out.get(start..).map_or(0, |line| line.trim_end().len());
        out.truncate(start + trimmed);
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::markdown::{LineKind, StyledSpan};

    fn line(text: &str, style: SpanStyle) -> LaidLine {
        LaidLine {
            spans: vec![StyledSpan {
                text: text.into(),
                style,
            }],
            kind: LineKind::Text,
        }
    }

    #[test]
    fn bold_and_code_map_to_sgr() {
        let bold = SpanStyle {
            bold: true,
            ..SpanStyle::default()
        };
        let mut out = String::new();
        push_line(&mut out, &line("hi", bold), true);
        assert_eq!(out, "\x1b[1mhi\x1b[0m\n");
        let code = SpanStyle {
            code: true,
            ..SpanStyle::default()
        };
        assert_eq!(sgr_codes(code), vec![33]);
        assert!(sgr_codes(SpanStyle::default()).is_empty());
    }

    #[test]
    fn plain_output_has_no_escapes_or_trailing_spaces() {
        let mut out = String::new();
        push_line(&mut out, &line("hi  ", SpanStyle::default()), false);
        assert_eq!(out, "hi\n");
    }
}
