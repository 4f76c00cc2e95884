//! Small text helpers shared by the interview screens: a key's label from
//! the keymap, a duration as `m:ss`, plain text and Markdown as indented
//! lines, and wrapping the answer text at spaces
//! with the cursor's place (the answer box is the shared one-line editor of
//! `tui::text_input`, drawn over several rows).

use unicode_width::UnicodeWidthChar;

use crate::tui::action::Command;
use crate::tui::keymap::KeyMode;
use crate::tui::state::State;

/// The key bound to `command` in the interview modes, for inline hints.
pub fn key(state: &State, mode: KeyMode, command: Command) -> String {
    state.keymap.label_for(mode, command).unwrap_or_default()
}

/// `text` wrapped at `width` columns (one space of indent on each row; a
/// paragraph starting with "• " hangs its later rows under its text).
pub fn wrapped<'a>(
    text: &str,
    width: usize,
    style: ratatui::style::Style,
) -> Vec<ratatui::text::Line<'a>> {
    let inner = width.saturating_sub(2).max(1);
    let mut out = Vec::new();
    for paragraph in text.lines() {
        let (bullet, body) = match paragraph.strip_prefix("• ") {
            Some(rest) if inner > 4 => ("• ", rest),
            _ => ("", paragraph),
        };
        let hang = bullet.chars().count();
        let chars: Vec<char> = body.chars().collect();
        let (rows, _) = wrap_with_cursor(&chars, 0, inner - hang);
        for (i, (start, end)) in rows.into_iter().enumerate() {
            let row: String = chars.get(start..end).unwrap_or_default().iter().collect();
            let lead = if i == 0 { bullet } else { "  " };
            let lead = if hang == 0 { "" } else { lead };
            out.push(ratatui::text::Line::from(ratatui::text::Span::styled(
                format!(" {lead}{}", row.trim_end()),
                style,
            )));
        }
    }
    out
}

/// Markdown laid out at `width` columns (one space of indent), styled.
pub fn markdown_lines<'a>(
    text: &str,
    width: usize,
    theme: &super::Theme,
) -> Vec<ratatui::text::Line<'a>> {
    let inner = width.saturating_sub(2).max(1);
    crate::domain::markdown::layout(text, inner)
        .into_iter()
        .map(|laid| {
            let mut spans = vec![ratatui::text::Span::raw(" ")];
            spans.extend(
                laid.spans
                    .iter()
                    .map(|s| ratatui::text::Span::styled(s.text.clone(), theme.markdown(s.style))),
            );
            ratatui::text::Line::from(spans)
        })
        .collect()
}

/// "1:05" for a duration.
pub fn clock(d: std::time::Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}", s / 60, s % 60)
}

/// The answer text wrapped at `width` columns (at spaces where it can),
/// as character ranges, and the cursor's row and column.
pub fn wrap_with_cursor(
    chars: &[char],
    cursor: usize,
    width: usize,
) -> (Vec<(usize, usize)>, (usize, usize)) {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut start = 0;
    let mut used = 0;
    let mut last_space: Option<usize> = None;
    for (i, c) in chars.iter().enumerate() {
        let w = c.width().unwrap_or(0);
        if used + w > width && i > start {
            match last_space.filter(|s| *s >= start && *s + 1 < i) {
                Some(s) => {
                    lines.push((start, s + 1));
                    start = s + 1;
                }
                None => {
                    lines.push((start, i));
                    start = i;
                }
            }
            used = chars
                .get(start..i)
                .unwrap_or_default()
                .iter()
                .map(|c| c.width().unwrap_or(0))
                .sum();
            last_space = None;
        }
        used += w;
        if *c == ' ' {
            last_space = Some(i);
        }
    }
    lines.push((start, chars.len()));
    let row = lines
        .iter()
        .position(|(s, e)| cursor >= *s && cursor < *e)
        .unwrap_or(lines.len() - 1);
    let (s, _) = lines[row];
    let col: usize = chars
        .get(s..cursor.max(s))
        .unwrap_or_default()
        .iter()
        .map(|c| c.width().unwrap_or(0))
        .sum();
    if col >= width {
        lines.push((chars.len(), chars.len()));
        return (lines, (row + 1, 0));
    }
    (lines, (row, col))
}

#[cfg(test)]
mod tests {
    use super::wrap_with_cursor;

    #[test]
    fn wraps_at_spaces_and_places_the_cursor() {
        let chars: Vec<char> = "one two three".chars().collect();
        let (lines, cursor) = wrap_with_cursor(&chars, chars.len(), 8);
        assert_eq!(lines, vec![(0, 8), (8, 13)]);
        assert_eq!(cursor, (1, 5));
        let (_, cursor) = wrap_with_cursor(&chars, 0, 8);
        assert_eq!(cursor, (0, 0));
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut() {
        let chars: Vec<char> = "abcdefghij".chars().collect();
        let (lines, cursor) = wrap_with_cursor(&chars, 10, 4);
        assert_eq!(lines, vec![(0, 4), (4, 8), (8, 10)]);
        assert_eq!(cursor, (2, 2));
    }
}
