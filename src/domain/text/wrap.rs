//! Word wrapping of plain text (what a user typed), measured with
//! [`super::width`]: rows as byte ranges into the text, so an editor can map
//! its cursor to a row and column. A newline always ends a row; a row breaks
//! after a space where it can, and a word longer than the row is cut
//! between grapheme clusters. Spaces at a break stay at the end of the row
//! they follow (they may hang past the edge), so every byte but the
//! newlines is in exactly one row.

use std::ops::Range;

use super::width::graphemes;

/// One wrapped row: the bytes it shows and which line (0-based, counting
/// newlines) it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub range: Range<usize>,
    pub line: usize,
    /// Whether it is the last row of its line (the next byte is a newline or
    /// the end of the text).
    pub ends_line: bool,
}

/// The rows of `text` wrapped at `width` columns (at least 1). Empty text,
/// and each empty line, is one empty row.
pub fn wrap(text: &str, width: usize) -> Vec<Row> {
    wrap_hanging(text, width, width)
}

/// Like [`wrap`], but the first row of each line has `first` columns and
/// the rows after it `rest` (a hanging indent: the caller puts
/// `first - rest` columns of space before each later row).
pub fn wrap_hanging(text: &str, first: usize, rest: usize) -> Vec<Row> {
    let widths = (first.max(1), rest.max(1));
    let mut rows = Vec::new();
    let mut start = 0;
    for (line, part) in text.split('\n').enumerate() {
        wrap_line(part, start, widths, line, &mut rows);
        start += part.len() + 1;
    }
    rows
}

fn wrap_line(
    part: &str,
    base: usize,
    (first, rest): (usize, usize),
    line: usize,
    rows: &mut Vec<Row>,
) {
    let mut width = first;
    let clusters: Vec<_> = graphemes(part).collect();
    let mut row_start = 0;
    let mut used = 0;
    // the byte after the last space of this row, where a break may go
    let mut break_at: Option<usize> = None;
    let mut i = 0;
    while let Some(c) = clusters.get(i) {
        if c.text == " " {
            used += c.width;
            break_at = Some(c.at + 1);
            i += 1;
            continue;
        }
        if used + c.width > width && c.at > row_start {
            let end = break_at.filter(|b| *b > row_start).unwrap_or(c.at);
            rows.push(Row {
                range: base + row_start..base + end,
                line,
                ends_line: false,
            });
            row_start = end;
            width = rest;
            used = clusters
                .iter()
                .filter(|k| k.at >= row_start && k.at < c.at)
                .map(|k| k.width)
                .sum();
            break_at = None;
            continue;
        }
        used += c.width;
        i += 1;
    }
    rows.push(Row {
        range: base + row_start..base + part.len(),
        line,
        ends_line: true,
    });
}

#[cfg(test)]
mod tests {
    use super::super::width::width;
    use super::*;

    fn shown(text: &str, w: usize) -> Vec<&str> {
        wrap(text, w)
            .into_iter()
            .map(|r| text.get(r.range).unwrap_or("?"))
            .collect()
    }

    #[test]
    fn breaks_after_spaces_and_cuts_long_words() {
        assert_eq!(shown("", 5), [""]);
        assert_eq!(shown("one two three", 8), ["one two ", "three"]);
        assert_eq!(shown("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(shown("a verylongword", 4), ["a ", "very", "long", "word"]);
    }

    #[test]
    fn newlines_end_rows_and_empty_lines_are_rows() {
        assert_eq!(shown("one\n\ntwo", 10), ["one", "", "two"]);
        let rows = wrap("ab\ncd", 10);
        assert_eq!(rows[1].line, 1);
        assert!(rows.iter().all(|r| r.ends_line));
        assert_eq!(shown("x\n", 3), ["x", ""]);
    }

    #[test]
    fn wide_clusters_are_not_split() {
        assert_eq!(shown("❤️❤️❤️", 4), ["❤️❤️", "❤️"]);
        assert_eq!(shown("中文字", 3), ["中", "文", "字"]);
        // a cluster wider than the row still gets a row of its own
        assert_eq!(shown("中文", 1), ["中", "文"]);
    }

    #[test]
    fn later_rows_take_the_hanging_width() {
        let text = "one two three four";
        let rows: Vec<&str> = wrap_hanging(text, 9, 6)
            .into_iter()
            .map(|r| text.get(r.range).unwrap_or("?"))
            .collect();
        assert_eq!(rows, ["one two ", "three ", "four"]);
        // each line starts again at the first width
        let text = "aaaa bb\ncccc dd";
        let rows: Vec<&str> = wrap_hanging(text, 7, 4)
            .into_iter()
            .map(|r| text.get(r.range).unwrap_or("?"))
            .collect();
        assert_eq!(rows, ["aaaa bb", "cccc dd"]);
    }

    #[test]
    fn every_byte_is_kept_in_order() {
        let text = "Situation, Task, Action, Result: I led the ❤️ migration.\nSecond line";
        for w in 1..30 {
            let rows = wrap(text, w);
            let joined: Vec<&str> = rows
                .iter()
                .map(|r| text.get(r.range.clone()).unwrap())
                .collect();
            assert_eq!(joined.join(""), text.replace('\n', ""), "width {w}");
            for row in &joined {
                assert!(width(row.trim_end()) <= w.max(2), "width {w}: {row:?}");
            }
        }
    }
}
