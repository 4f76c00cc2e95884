//! Text helpers shared by the screens: cutting a line to a width with `…`
//! (anywhere, or between words so no number is cut),
//! the bookmark mark, and a reader line with its search matches marked.

use ratatui::style::Modifier;
use ratatui::text::Span;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::Theme;
use crate::domain::markdown::LaidLine;
use crate::tui::state::search::ReaderMatches;

/// The mark beside a bookmarked item, in lists and in the reader's gutter.
pub const MARK: &str = "★";

pub use crate::domain::markdown::truncate;

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

/// The spans of a reader line with the search matches on it marked.
pub fn highlighted<'a>(
    laid: &'a LaidLine,
    line: usize,
    highlights: &ReaderMatches,
    theme: &Theme,
) -> Vec<Span<'a>> {
    let matches = highlights.on_line(line);
    if matches.is_empty() {
        return laid
            .spans
            .iter()
            .map(|s| Span::styled(s.text.as_str(), theme.markdown(s.style)))
            .collect();
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
