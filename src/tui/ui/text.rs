//! Text helpers shared by the screens: wrapping a styled line (the one
//! word wrap of `domain::text::wrap`, styles kept, a hanging indent), cutting
//! a line to a width with `…` (anywhere, or between words so no number is cut),
//! the bookmark mark, a laid-out Markdown line in the theme's styles, and a
//! reader line with its search matches marked.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::Theme;
use crate::domain::markdown::LaidLine;
use crate::tui::state::search::ReaderMatches;

/// The mark beside a bookmarked item, in lists and in the reader's gutter.
pub const MARK: &str = "★";

pub use crate::domain::markdown::truncate;

/// `line` wrapped at `width` columns at spaces, styles kept: rows after
/// the first are indented by `indent` spaces, a newline starts a row, a word
/// wider than a row is broken between grapheme clusters, and the spaces a
/// row breaks at are not drawn. Nothing else is dropped.
pub fn wrap_styled(line: &Line<'_>, width: usize, indent: usize) -> Vec<Line<'static>> {
    use crate::domain::text::wrap::wrap_hanging;
    let width = width.max(indent + 1).max(2);
    let mut text = String::new();
    let mut starts: Vec<(usize, Style)> = Vec::new();
    for span in &line.spans {
        starts.push((text.len(), line.style.patch(span.style)));
        text.push_str(&span.content);
    }
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut base = 0;
    for part in text.split('\n') {
        let first = if out.is_empty() {
            width
        } else {
            width - indent
        };
        for row in wrap_hanging(part, first, width - indent) {
            let (start, mut end) = (base + row.range.start, base + row.range.end);
            while end > start && text.get(..end).is_some_and(|t| t.ends_with(' ')) && !row.ends_line
            {
                end -= 1;
            }
            let mut spans = Vec::new();
            if !out.is_empty() {
                spans.push(Span::raw(" ".repeat(indent)));
            }
            for (k, (from, style)) in starts.iter().enumerate() {
                let to = starts.get(k + 1).map_or(text.len(), |next| next.0);
                let (a, b) = ((*from).max(start), to.min(end));
                match text.get(a..b).filter(|piece| !piece.is_empty()) {
                    Some(piece) => spans.push(Span::styled(piece.to_string(), *style)),
                    None => continue,
                }
            }
            out.push(Line::from(spans));
        }
        base += part.len() + 1;
    }
    out
}

/// `text` cut to `width` columns between words, with `…`: a number (or any
/// word) is shown whole or not at all. A first word wider than the line is
/// cut as [`truncate`] would.
pub fn truncate_at_word(text: &str, width: usize) -> String {
    use crate::domain::markdown::display_width;
    if display_width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_inclusive(' ') {
        let kept = format!("{out}{word}");
        if display_width(kept.trim_end()) + 1 > width {
            break;
        }
        out = kept;
    }
    let out = out.trim_end();
    if out.is_empty() {
        return truncate(text, width);
    }
    format!("{out}…")
}

/// A laid-out Markdown line's spans, each in the theme's style for it.
pub fn laid_spans<'a>(laid: &'a LaidLine, theme: &Theme) -> Vec<Span<'a>> {
    laid.spans
        .iter()
        .map(|s| Span::styled(s.text.as_str(), theme.markdown(s.style)))
        .collect()
}

/// A laid-out Markdown line as a styled line.
pub fn laid_line<'a>(laid: &'a LaidLine, theme: &Theme) -> Line<'a> {
    Line::from(laid_spans(laid, theme))
}

/// The spans of a reader line with the search matches on it marked.
pub fn highlighted<'a>(
    laid: &'a LaidLine,
    line: usize,
    highlights: &ReaderMatches,
    theme: &Theme,
) -> Vec<Span<'a>> {
    let matches = highlights.on_line(line);
    if matches.is_empty() {
        return laid_spans(laid, theme);
    }
    let current = highlights
        .current
        .and_then(|i| highlights.matches.get(i))
        .filter(|m| m.line == line);
    let mut out: Vec<Span<'a>> = Vec::new();
    let mut col = 0;
    for span in &laid.spans {
        let base = theme.markdown(span.style);
        let mut piece = String::new();
        let mut piece_style = base;
        for g in span.text.graphemes(true) {
            let hit = matches.iter().find(|m| m.start <= col && col < m.end);
            let style = match hit {
                Some(m) if Some(m) == current => base
                    .patch(theme.search_match)
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                Some(_) => base.patch(theme.search_match),
                None => base,
            };
            if style != piece_style && !piece.is_empty() {
                out.push(Span::styled(std::mem::take(&mut piece), piece_style));
            }
            piece_style = style;
            piece.push_str(g);
            col += g.width();
        }
        if !piece.is_empty() {
            out.push(Span::styled(piece, piece_style));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::markdown::display_width;

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn wrapping_keeps_every_word_and_indents_the_rest() {
        let line = Line::from(vec![
            Span::raw(" ✓ "),
            Span::styled(
                "Length: took 1:08, 0:08 over the 1:00 limit",
                Modifier::BOLD,
            ),
        ]);
        let rows = wrap_styled(&line, 20, 5);
        assert_eq!(
            text(&rows),
            [
                " ✓ Length: took",
                "     1:08, 0:08 over",
                "     the 1:00 limit"
            ]
        );
        // the style of each piece is kept across rows
        assert_eq!(rows[1].spans[1].style, Style::from(Modifier::BOLD));
        assert_eq!(rows[0].spans[0].style, Style::default());
        let long = text(&wrap_styled(&Line::raw("abcdefghij"), 4, 0));
        assert_eq!(long.concat(), "abcdefghij");
        assert!(long.iter().all(|r| display_width(r) <= 4));
    }

    #[test]
    fn a_newline_starts_an_indented_row() {
        let line = Line::from(Span::raw(" It slipped.\nAction: I split the work"));
        assert_eq!(
            text(&wrap_styled(&line, 14, 2)),
            [" It slipped.", "  Action: I", "  split the", "  work"]
        );
    }
}
