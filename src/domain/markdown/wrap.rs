//! Greedy word wrapping of styled inline text by display width, and cutting
//! of unwrappable lines (code) to a width with a `…` mark. Words break at
//! spaces; a word wider than the line breaks at grapheme boundaries. Every
//! width here is a sum of `display_width` over the pieces that end up in spans.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

use super::{SpanStyle, StyledSpan, display_width};

/// The mark ending a cut line, or standing in for a grapheme wider than the line.
pub(crate) const ELLIPSIS: &str = "…";

/// One piece of inline content handed to the wrapper. Text must already be
/// sanitized: its only whitespace is the plain space.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Fragment<'a> {
    /// Text that may be broken at spaces; runs of spaces collapse to one.
    Text(Cow<'a, str>, SpanStyle),
    /// Text kept whole (inline code, table separators); broken only when wider than a line.
    Atom(Cow<'a, str>, SpanStyle),
    /// A forced line break.
    HardBreak,
}

/// A wrapped line of styled text and its display width.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WrappedLine {
    pub spans: Vec<StyledSpan>,
    pub width: usize,
}

/// Appends `text` to `spans`, extending the last span when the style matches.
pub(crate) fn push_span(spans: &mut Vec<StyledSpan>, text: &str, style: SpanStyle) {
    if text.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last) if last.style == style => last.text.push_str(text),
        _ => spans.push(StyledSpan {
            text: text.to_owned(),
            style,
        }),
    }
}

/// Wraps `fragments` into lines no wider than `width` (at least 1) columns.
/// No line starts or ends with a space; an empty input gives no lines.
pub(crate) fn wrap_fragments(fragments: &[Fragment<'_>], width: usize) -> Vec<WrappedLine> {
    let mut wrapper = Wrapper {
        width: width.max(1),
        lines: Vec::new(),
        line: Vec::new(),
        line_width: 0,
        pending_space: None,
        word: Vec::new(),
        word_width: 0,
    };
    for fragment in fragments {
        match fragment {
            Fragment::Text(text, style) => wrapper.push_text(text, *style),
            Fragment::Atom(text, style) => wrapper.push_word_piece(text, *style),
            Fragment::HardBreak => {
                wrapper.commit_word();
                wrapper.finish_line();
            }
        }
    }
    wrapper.commit_word();
    if !wrapper.line.is_empty() {
        wrapper.finish_line();
    }
    wrapper.lines
}

/// Greedy line filler: collects the current word, then places it on the
/// current line (after one space) or on a fresh line.
struct Wrapper<'a> {
    width: usize,
    lines: Vec<WrappedLine>,
    line: Vec<StyledSpan>,
    line_width: usize,
    /// Style of the space owed before the next word, if any whitespace was seen.
    pending_space: Option<SpanStyle>,
    /// Pieces of the current word, borrowed from the fragments.
    word: Vec<(&'a str, SpanStyle)>,
    word_width: usize,
}

impl<'a> Wrapper<'a> {
    fn push_text(&mut self, text: &'a str, style: SpanStyle) {
        let mut rest = text;
        while !rest.is_empty() {
            match rest.find(' ') {
                Some(0) => {
                    self.commit_word();
                    self.pending_space.get_or_insert(style);
                    rest = rest.trim_start_matches(' ');
                }
                Some(space_at) => {
                    let (word, from_space) = rest.split_at_checked(space_at).unwrap_or((rest, ""));
                    self.push_word_piece(word, style);
                    rest = from_space;
                }
                None => {
                    self.push_word_piece(rest, style);
                    rest = "";
                }
            }
        }
    }

    fn push_word_piece(&mut self, text: &'a str, style: SpanStyle) {
        if text.is_empty() {
            return;
        }
        self.word_width += display_width(text);
        self.word.push((text, style));
    }

    fn finish_line(&mut self) {
        self.lines.push(WrappedLine {
            spans: std::mem::take(&mut self.line),
            width: self.line_width,
        });
        self.line_width = 0;
        self.pending_space = None;
    }

    fn commit_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let mut word = std::mem::take(&mut self.word);
        let word_width = std::mem::replace(&mut self.word_width, 0);
        let space = match self.pending_space.take() {
            Some(style) if !self.line.is_empty() => Some(style),
            _ => None,
        };
        let space_width = usize::from(space.is_some());
        if self.line_width + space_width + word_width <= self.width {
            if let Some(style) = space {
                push_span(&mut self.line, " ", style);
                self.line_width += 1;
            }
            self.line_width += word_width;
        } else {
            if !self.line.is_empty() {
                self.finish_line();
            }
            if word_width <= self.width {
                self.line_width = word_width;
            } else {
                self.break_word(&word);
                word.clear();
            }
        }
        for (text, style) in word.drain(..) {
            push_span(&mut self.line, text, style);
        }
        // Keep the allocation for the next word.
        self.word = word;
    }

    /// Places a word wider than the line grapheme by grapheme.
    fn break_word(&mut self, word: &[(&'a str, SpanStyle)]) {
        for &(piece, piece_style) in word {
            for grapheme in piece.graphemes(true) {
                let (text, style, grapheme_width) =
                    fitting_grapheme(grapheme, piece_style, self.width);
                if self.line_width + grapheme_width > self.width {
                    self.finish_line();
                }
                push_span(&mut self.line, text, style);
                self.line_width += grapheme_width;
            }
        }
    }
}

/// The grapheme itself, or `…` in marker style when it is wider than `width`.
fn fitting_grapheme(grapheme: &str, style: SpanStyle, width: usize) -> (&str, SpanStyle, usize) {
    let grapheme_width = display_width(grapheme);
    if grapheme_width > width {
        (ELLIPSIS, SpanStyle::MARKER, display_width(ELLIPSIS))
    } else {
        (grapheme, style, grapheme_width)
    }
}

/// `text` in `style` if it fits in `width` columns; otherwise cut to
/// `width - 1` columns at a grapheme boundary and ended with a `…` marker.
pub(crate) fn cut_to_width(text: &str, style: SpanStyle, width: usize) -> WrappedLine {
    let width = width.max(1);
    let mut spans = Vec::new();
    let text_width = display_width(text);
    if text_width <= width {
        push_span(&mut spans, text, style);
        return WrappedLine {
            spans,
            width: text_width,
        };
    }
    let budget = width - 1;
    let mut kept_width = 0;
    let mut kept_len = 0;
    for (offset, grapheme) in text.grapheme_indices(true) {
        let grapheme_width = display_width(grapheme);
        if kept_width + grapheme_width > budget {
            break;
        }
        kept_width += grapheme_width;
        kept_len = offset + grapheme.len();
    }
    push_span(&mut spans, text.get(..kept_len).unwrap_or_default(), style);
    push_span(&mut spans, ELLIPSIS, SpanStyle::MARKER);
    WrappedLine {
        spans,
        width: kept_width + display_width(ELLIPSIS),
    }
}

/// Re-fits spans whose combined width exceeds `width` because display width
/// is not always additive (a merged span can measure wider than its pieces):
/// one span per grapheme, kept while the running sum fits. Returns the spans
/// untouched when they already fit.
pub(crate) fn fit_spans(spans: Vec<StyledSpan>, width: usize) -> Vec<StyledSpan> {
    let total: usize = spans.iter().map(|span| display_width(&span.text)).sum();
    if total <= width {
        return spans;
    }
    let mut fitted = Vec::new();
    let mut used = 0;
    for span in &spans {
        for grapheme in span.text.graphemes(true) {
            let grapheme_width = display_width(grapheme);
            if used + grapheme_width > width {
                return fitted;
            }
            used += grapheme_width;
            fitted.push(StyledSpan {
                text: grapheme.to_owned(),
                style: span.style,
            });
        }
    }
    fitted
}

/// Removes trailing spaces from the last spans, dropping spans left empty.
pub(crate) fn trim_trailing_spaces(spans: &mut Vec<StyledSpan>) {
    while let Some(last) = spans.last_mut() {
        let trimmed_len = last.text.trim_end_matches(' ').len();
        last.text.truncate(trimmed_len);
        if !last.text.is_empty() {
            break;
        }
        spans.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn bold() -> SpanStyle {
        SpanStyle {
            bold: true,
            ..SpanStyle::default()
        }
    }

    fn plain(lines: &[WrappedLine]) -> Vec<String> {
        lines
            .iter()
            .map(|line| line.spans.iter().map(|span| span.text.as_str()).collect())
            .collect()
    }

    fn text(s: &str) -> Fragment<'_> {
        Fragment::Text(Cow::Borrowed(s), SpanStyle::default())
    }

    #[test]
    fn wraps_by_display_width() {
        let cases: [(&str, usize, &[&str]); 6] = [
            ("aa bb cc", 5, &["aa bb", "cc"]),
            ("aa   bb", 80, &["aa bb"]),
            ("  leading and trailing  ", 80, &["leading and trailing"]),
            ("中文 中文 中文", 9, &["中文 中文", "中文"]),
            ("中文字", 3, &["中", "文", "字"]),
            (
                "👩\u{200D}💻👩\u{200D}💻👩\u{200D}💻",
                4,
                &["👩\u{200D}💻👩\u{200D}💻", "👩\u{200D}💻"],
            ),
        ];
        for (input, width, expected) in cases {
            let lines = wrap_fragments(&[text(input)], width);
            assert_eq!(plain(&lines), expected, "{input:?} at {width}");
            for line in &lines {
                assert!(line.width <= width);
            }
        }
    }

    #[test]
    fn combining_marks_are_zero_width() {
        let lines = wrap_fragments(&[text("e\u{301}e\u{301}e\u{301} x")], 5);
        assert_eq!(plain(&lines), ["e\u{301}e\u{301}e\u{301} x"]);
        assert_eq!(lines[0].width, 5);
    }

    #[test]
    fn wide_grapheme_on_narrow_line_becomes_ellipsis() {
        let lines = wrap_fragments(&[text("中")], 1);
        assert_eq!(plain(&lines), [ELLIPSIS]);
        assert!(lines[0].spans[0].style.marker);
    }

    #[test]
    fn style_carries_across_wraps() {
        let fragments = [
            text("plain "),
            Fragment::Text("bold words here".into(), bold()),
        ];
        let lines = wrap_fragments(&fragments, 10);
        assert_eq!(plain(&lines), ["plain bold", "words here"]);
        assert!(lines[1].spans.iter().all(|span| span.style == bold()));
    }

    #[test]
    fn words_span_fragments_and_atoms_stay_whole() {
        let code = SpanStyle {
            code: true,
            ..SpanStyle::default()
        };
        let fragments = [
            text("see "),
            Fragment::Atom("a b c".into(), code),
            text(", then"),
        ];
        assert_eq!(
            plain(&wrap_fragments(&fragments, 9)),
            ["see", "a b c,", "then"]
        );
        assert_eq!(
            plain(&wrap_fragments(&fragments, 3)),
            ["see", "a b", " c,", "the", "n"]
        );
    }

    #[test]
    fn hard_breaks_start_new_lines() {
        let fragments = [
            text("one"),
            Fragment::HardBreak,
            Fragment::HardBreak,
            text("two"),
        ];
        assert_eq!(plain(&wrap_fragments(&fragments, 10)), ["one", "", "two"]);
        assert!(wrap_fragments(&[], 10).is_empty());
        assert!(wrap_fragments(&[text("   ")], 10).is_empty());
    }

    #[test]
    fn cut_adds_ellipsis_only_when_needed() {
        let style = SpanStyle::default();
        let cases: [(&str, usize, &str); 5] = [
            ("short", 10, "short"),
            ("exactly", 7, "exactly"),
            ("too long line", 8, "too lon…"),
            ("中文中文", 4, "中…"),
            ("abc", 1, "…"),
        ];
        for (input, width, expected) in cases {
            let line = cut_to_width(input, style, width);
            let joined: String = line.spans.iter().map(|span| span.text.as_str()).collect();
            assert_eq!(joined, expected, "{input:?} at {width}");
            assert!(line.width <= width);
        }
    }

    #[test]
    fn fit_spans_trims_overwide_lines() {
        let spans = vec![StyledSpan {
            text: "abcdef".into(),
            style: SpanStyle::default(),
        }];
        let fitted = fit_spans(spans.clone(), 3);
        let joined: String = fitted.iter().map(|span| span.text.as_str()).collect();
        assert_eq!(joined, "abc");
        assert_eq!(fit_spans(spans.clone(), 6), spans);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn wrapped_lines_fit_and_keep_text(input in "[a-z \u{4e2d}\u{301}\u{1F600}]{0,120}", width in 2usize..40) {
            let lines = wrap_fragments(&[text(&input)], width);
            let mut kept = String::new();
            for line in &lines {
                prop_assert!(line.width <= width);
                for span in &line.spans {
                    kept.push_str(&span.text);
                }
            }
            let without_spaces = |s: &str| s.chars().filter(|c| *c != ' ').collect::<String>();
            prop_assert_eq!(without_spaces(&kept), without_spaces(&input));
        }
    }
}
