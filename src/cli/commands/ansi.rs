//! Laid-out Markdown lines as terminal text: each span's style is the one
//! the screen draws it in (the theme's `markdown` map, the one home of how
//! Markdown looks), written as ANSI SGR escape codes; or plain text.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::markdown::LaidLine;
use crate::tui::ui::theme::Theme;

/// The SGR parameters for a style (empty for the terminal's default).
pub fn sgr_codes(style: Style) -> Vec<u16> {
    const MODIFIERS: [(Modifier, u16); 8] = [
        (Modifier::BOLD, 1),
        (Modifier::DIM, 2),
        (Modifier::ITALIC, 3),
        (Modifier::UNDERLINED, 4),
        (Modifier::SLOW_BLINK, 5),
        (Modifier::REVERSED, 7),
        (Modifier::HIDDEN, 8),
        (Modifier::CROSSED_OUT, 9),
    ];
    let modifiers = style.add_modifier - style.sub_modifier;
    let mut codes: Vec<u16> = MODIFIERS
        .iter()
        .filter(|(m, _)| modifiers.contains(*m))
        .map(|(_, code)| *code)
        .collect();
    if let Some(fg) = style.fg {
        codes.extend(color_codes(fg, 30));
    }
    if let Some(bg) = style.bg {
        codes.extend(color_codes(bg, 40));
    }
    codes
}

/// A colour's SGR parameters, `base` 30 for the text and 40 for the
/// background (the 16 named colours, the 256-colour palette, or RGB).
fn color_codes(color: Color, base: u16) -> Vec<u16> {
    let named = |n: u16| vec![base + n];
    let bright = |n: u16| vec![base + 60 + n];
    match color {
        Color::Reset => named(9),
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => bright(0),
        Color::LightRed => bright(1),
        Color::LightGreen => bright(2),
        Color::LightYellow => bright(3),
        Color::LightBlue => bright(4),
        Color::LightMagenta => bright(5),
        Color::LightCyan => bright(6),
        Color::White => bright(7),
        Color::Indexed(i) => vec![base + 8, 5, u16::from(i)],
        Color::Rgb(r, g, b) => vec![base + 8, 2, u16::from(r), u16::from(g), u16::from(b)],
    }
}

/// Appends one line to `out`: with a theme, each span in its SGR sequence
/// (each ends with a reset); without, the plain text with no trailing
/// spaces; then `\n`.
pub fn push_line(out: &mut String, line: &LaidLine, theme: Option<&Theme>) {
    let start = out.len();
    for span in &line.spans {
        let codes = theme.map_or_else(Vec::new, |t| sgr_codes(t.markdown(span.style)));
        if codes.is_empty() || span.text.trim().is_empty() {
            out.push_str(&span.text);
            continue;
        }
        let list: Vec<String> = codes.iter().map(u16::to_string).collect();
        out.push_str("\x1b[");
        out.push_str(&list.join(";"));
        out.push('m');
        out.push_str(&span.text);
        out.push_str("\x1b[0m");
    }
    if theme.is_none() {
        let trimmed = out.get(start..).map_or(0, |line| line.trim_end().len());
        out.truncate(start + trimmed);
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::markdown::{LineKind, SpanStyle, StyledSpan};

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
    fn spans_print_in_the_styles_the_screen_draws() {
        let bold = SpanStyle {
            bold: true,
            ..SpanStyle::default()
        };
        let mut out = String::new();
        push_line(&mut out, &line("hi", bold), Some(&Theme::color()));
        assert_eq!(out, "\x1b[1mhi\x1b[0m\n");
        // code is the theme's code style, whatever the theme says it is
        let code = SpanStyle {
            code: true,
            ..SpanStyle::default()
        };
        let theme = Theme::color();
        assert_eq!(sgr_codes(theme.markdown(code)), sgr_codes(theme.code));
        assert!(!sgr_codes(theme.code).is_empty());
        assert!(sgr_codes(theme.markdown(SpanStyle::default())).is_empty());
        // a theme of modifiers only prints no colour
        let heading = SpanStyle {
            heading: 1,
            ..SpanStyle::default()
        };
        let plain = sgr_codes(Theme::plain().markdown(heading));
        assert!(plain.iter().all(|c| *c < 10), "{plain:?}");
    }

    #[test]
    fn every_colour_kind_has_its_codes() {
        let style = Style::default()
            .fg(Color::LightCyan)
            .bg(Color::Indexed(200))
            .add_modifier(Modifier::ITALIC | Modifier::UNDERLINED);
        assert_eq!(sgr_codes(style), vec![3, 4, 96, 48, 5, 200]);
        assert_eq!(
            sgr_codes(Style::default().fg(Color::Rgb(1, 2, 3))),
            vec![38, 2, 1, 2, 3]
        );
        assert_eq!(sgr_codes(Style::default().fg(Color::Red)), vec![31]);
    }

    #[test]
    fn plain_output_has_no_escapes_or_trailing_spaces() {
        let mut out = String::new();
        push_line(&mut out, &line("hi  ", SpanStyle::default()), None);
        assert_eq!(out, "hi\n");
    }
}
