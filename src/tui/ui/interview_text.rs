//! Small text helpers shared by the interview screens: a key's label from
//! the keymap, a duration as `m:ss`, and plain text and Markdown as
//! indented lines.

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
    let mut out = Vec::new();
    for paragraph in text.lines() {
        // one space of indent; a bullet's later rows hang under its text
        let hang = match paragraph.starts_with("• ") && width > 6 {
            true => 3,
            false => 1,
        };
        let line = ratatui::text::Line::from(ratatui::text::Span::styled(
            format!(" {}", paragraph.trim_end()),
            style,
        ));
        out.extend(super::text::wrap_styled(
            &line,
            width.saturating_sub(1),
            hang,
        ));
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
