//! The last step of every frame: no cell of the screen holds a character a
//! terminal would act on or draw at another width than the layout counted.
//! Bidirectional controls (which reverse the text after them), other
//! control characters, and line and paragraph separators (U+2028, U+2029:
//! a newline to some terminals, nothing to others) are dropped from each
//! cell, whatever screen drew it and wherever its text came from (content,
//! a note, a typed answer, a path). A cell left with nothing shows a space,
//! so the columns after it stay where the layout put them. Zero-width
//! characters never get a cell of their own (ratatui places them on none).

use ratatui::buffer::Buffer;

use crate::domain::content::sanitize::is_forbidden;

/// Whether `c` is dropped from a cell.
fn unsafe_in_cell(c: char) -> bool {
    is_forbidden(c) || c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Cleans every cell of `buffer` (see the module doc).
pub fn clean(buffer: &mut Buffer) {
    for cell in &mut buffer.content {
        let symbol = cell.symbol();
        // the common case: one printable ASCII character
        if symbol.len() == 1 && symbol.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            continue;
        }
        if !symbol.chars().any(unsafe_in_cell) {
            continue;
        }
        let kept: String = symbol.chars().filter(|c| !unsafe_in_cell(*c)).collect();
        cell.set_symbol(if kept.is_empty() { " " } else { &kept });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    #[test]
    fn controls_bidi_and_separators_leave_no_trace_and_no_gap() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 6, 1));
        for (x, symbol) in ["a", "\u{2028}", "b\u{202e}", "\u{1b}", "e\u{301}", "中"]
            .iter()
            .enumerate()
        {
            buffer[(x as u16, 0)].set_symbol(symbol);
        }
        clean(&mut buffer);
        let symbols: Vec<&str> = (0..6).map(|x| buffer[(x, 0)].symbol()).collect();
        assert_eq!(symbols, ["a", " ", "b", " ", "e\u{301}", "中"]);
    }
}
