//! The editor's text on screen: wrapped rows at the box width (the wrap and
//! the widths of `domain::text`, one column kept free for the cursor at a
//! row's end), the cursor's row and column, the rows shown when the box is
//! shorter than the text, and the offsets Up, Down, Home and End go to.

use crate::domain::text::width::{graphemes, width as text_width};
use crate::domain::text::wrap::{Row, wrap};

/// What a box shows of an editor: some of its rows and the cursor.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct EditorView {
    /// The rows on screen, top to bottom (at least one).
    pub rows: Vec<String>,
    /// The cursor's row within `rows`, and its column.
    pub cursor: (u16, u16),
    /// The index of the first row shown among all rows.
    pub first: usize,
    /// How many rows the whole text has at this width.
    pub total: usize,
}

/// The rows of `text` in a box `width` columns wide (0: not wrapped).
pub fn rows(text: &str, width: usize) -> Vec<Row> {
    let wrap_at = if width == 0 {
        usize::MAX
    } else {
        width.saturating_sub(1).max(1)
    };
    wrap(text, wrap_at)
}

/// The row holding `cursor` and the cursor's column in it. At a wrapped
/// row's end the cursor belongs to the next row.
pub fn locate(text: &str, rows: &[Row], cursor: usize) -> (usize, usize) {
    let index = rows
        .iter()
        .position(|r| {
            r.range.start <= cursor
                && (cursor < r.range.end || (cursor == r.range.end && r.ends_line))
        })
        .unwrap_or(rows.len().saturating_sub(1));
    let column = rows
        .get(index)
        .and_then(|r| text.get(r.range.start..cursor.max(r.range.start)))
        .map_or(0, text_width);
    (index, column)
}

/// The offset in `row` nearest to `column` from the left (for Up and Down).
/// In a wrapped row it stays before the row's last cluster, whose end is
/// the next row's start.
pub fn offset_at(text: &str, row: &Row, column: usize) -> usize {
    let part = text.get(row.range.clone()).unwrap_or_default();
    let mut used = 0;
    let mut last = row.range.start;
    for c in graphemes(part) {
        if used + c.width > column {
            return row.range.start + c.at;
        }
        used += c.width;
        last = row.range.start + c.at;
    }
    if row.ends_line { row.range.end } else { last }
}

/// Where End goes on `row`: its end, or before its last cluster when the
/// row is wrapped (its end is the next row's start).
pub fn row_end(text: &str, row: &Row) -> usize {
    if row.ends_line {
        return row.range.end;
    }
    offset_at(text, row, usize::MAX)
}

/// The first row to show so that the cursor's row is among `shown` rows,
/// keeping `scroll` when it already is.
pub fn first_shown(scroll: usize, cursor_row: usize, shown: usize, total: usize) -> usize {
    let shown = shown.max(1);
    let lowest = (cursor_row + 1).saturating_sub(shown);
    scroll
        .clamp(lowest, cursor_row)
        .min(total.saturating_sub(shown))
}

/// The view of `text` with the cursor at `cursor`, in a box `width` wide
/// and at most `max_rows` tall, starting from `scroll` when the cursor
/// shows from there.
pub fn view(text: &str, cursor: usize, scroll: usize, width: usize, max_rows: usize) -> EditorView {
    let all = rows(text, width);
    let (row, column) = locate(text, &all, cursor);
    let shown = all.len().min(max_rows.max(1));
    let first = first_shown(scroll, row, shown, all.len());
    let column = if width == 0 {
        column
    } else {
        column.min(width - 1)
    };
    EditorView {
        rows: all
            .iter()
            .skip(first)
            .take(shown)
            .map(|r| text.get(r.range.clone()).unwrap_or_default().to_string())
            .collect(),
        cursor: (
            u16::try_from(row - first).unwrap_or(u16::MAX),
            u16::try_from(column).unwrap_or(u16::MAX),
        ),
        first,
        total: all.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_is_on_screen_at_the_end_of_a_full_row() {
        // width 5 wraps at 4, so a row's end always has a column for the cursor
        let v = view("abcd", 4, 0, 5, 3);
        assert_eq!(v.rows, ["abcd"]);
        assert_eq!(v.cursor, (0, 4));
        let v = view("abcdefgh", 8, 0, 5, 3);
        assert_eq!(v.rows, ["abcd", "efgh"]);
        assert_eq!(v.cursor, (1, 4));
    }

    #[test]
    fn the_box_scrolls_to_the_cursor_and_stays_put() {
        let text = "one\ntwo\nthree\nfour\nfive";
        let end = text.len();
        let v = view(text, end, 0, 20, 2);
        assert_eq!(v.rows, ["four", "five"]);
        assert_eq!(v.cursor, (1, 4));
        // the cursor at the top scrolls back up
        let v = view(text, 0, 3, 20, 2);
        assert_eq!((v.first, v.cursor), (0, (0, 0)));
        // a scroll that shows the cursor is kept
        let v = view(text, 4, 1, 20, 2);
        assert_eq!((v.first, v.cursor), (1, (0, 0)));
    }

    #[test]
    fn wide_clusters_place_the_cursor_by_their_width() {
        let text = "❤️ love";
        let v = view(text, "❤️".len(), 0, 20, 1);
        assert_eq!(v.cursor, (0, 2));
    }

    #[test]
    fn up_and_down_targets() {
        let text = "one two three";
        let all = rows(text, 9); // wraps at 8: "one two " / "three"
        assert_eq!(all.len(), 2);
        assert_eq!(offset_at(text, &all[1], 3), 11);
        assert_eq!(offset_at(text, &all[1], 20), text.len());
        // a wrapped row stays before its hanging space
        assert_eq!(offset_at(text, &all[0], 20), 7);
        assert_eq!(row_end(text, &all[0]), 7);
        assert_eq!(
            locate(text, &all, 8),
            (1, 0),
            "a wrapped row's end is the next row"
        );
    }
}
