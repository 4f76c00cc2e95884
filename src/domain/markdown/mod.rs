//! Markdown to wrapped, styled lines: the public types (`SpanStyle`,
//! `StyledSpan`, `LaidLine`, `LineKind`), the `layout` entry point and the
//! character-safety helpers shared by the walker (`layout.rs`) and the word
//! wrapper (`wrap.rs`). Pure: knows nothing of ratatui or the terminal.

mod blocks;
mod layout;
mod wrap;

/// How a run of text should look; the UI maps this to terminal styles.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SpanStyle {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    /// Inline code.
    pub code: bool,
    /// Text of a fenced or indented code block.
    pub code_block: bool,
    /// Link text.
    pub link: bool,
    /// The URL shown (dimmed) after link text.
    pub url: bool,
    /// 0 = not a heading, 1..=6.
    pub heading: u8,
    /// Text inside a blockquote.
    pub quote: bool,
    /// Decoration: list bullets/numbers, quote bars, rule chars, truncation marks.
    pub marker: bool,
}

/// A run of text with one style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StyledSpan {
    pub text: String,
    pub style: SpanStyle,
}

/// What a laid-out line belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Text,
    Heading(u8),
    CodeBlock,
    Rule,
    Blank,
}

/// One display line, already wrapped to the requested width.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaidLine {
    pub spans: Vec<StyledSpan>,
    pub kind: LineKind,
}

impl SpanStyle {
    /// Decoration only: bullets, bars, rules, truncation marks.
    pub const MARKER: SpanStyle = SpanStyle {
        bold: false,
        italic: false,
        strike: false,
        code: false,
        code_block: false,
        link: false,
        url: false,
        heading: 0,
        quote: false,
        marker: true,
    };
}

impl LaidLine {
    /// Display width (unicode-width) of all spans: the sum of each span's width.
    pub fn width(&self) -> usize {
        self.spans
            .iter()
            .map(|span| display_width(&span.text))
            .sum()
    }

    /// Concatenated span text.
    pub fn plain(&self) -> String {
        self.spans.iter().map(|span| span.text.as_str()).collect()
    }

    /// An empty separator line.
    pub fn blank() -> Self {
        LaidLine {
            spans: Vec::new(),
            kind: LineKind::Blank,
        }
    }
}

/// Comfortable maximum text width; callers use min(pane width, this).
pub const COMFORTABLE_WIDTH: usize = 80;

/// Lays out Markdown to lines no wider than `width` display columns (width 0 is treated as 1).
pub fn layout(markdown: &str, width: usize) -> Vec<LaidLine> {
    layout::layout_markdown(markdown, width.max(1))
}

/// Lays out Markdown like [`layout`], handing each line to `sink` as soon as
/// it is final instead of returning them all (for printing big files).
pub fn layout_each(markdown: &str, width: usize, sink: impl FnMut(LaidLine)) {
    layout::layout_markdown_each(markdown, width.max(1), sink);
}

/// Display width of a string (unicode-width), the one measure used everywhere.
/// Cuts plain text into rows of at most `width` columns, anywhere between
/// characters (no word wrap), as byte ranges. Empty text is one empty row.
pub fn hard_wrap(text: &str, width: usize) -> Vec<std::ops::Range<usize>> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let (mut start, mut used) = (0, 0);
    let columns: Box<dyn Iterator<Item = (usize, usize)>> = if text.is_ascii() {
        // the common case, and much faster than finding the clusters
        Box::new(
            text.char_indices()
                .map(|(i, c)| (i, usize::from(!c.is_ascii_control()))),
        )
    } else {
        Box::new(crate::domain::text::width::graphemes(text).map(|g| (g.at, g.width)))
    };
    for (i, w) in columns {
        if used + w > width && i > start {
            rows.push(start..i);
            start = i;
            used = 0;
        }
        used += w;
    }
    rows.push(start..text.len());
    rows
}

/// (`domain::text::width`, by grapheme cluster: zero-width characters take
/// no column, an emoji sequence the two it is drawn in).
pub fn display_width(s: &str) -> usize {
    crate::domain::text::width::width(s)
}

/// True for characters that must never reach the terminal: control
/// characters (C0, DEL, C1) and bidi overrides, isolates and marks.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        )
}

/// Inline text made safe for one display line: every breaking whitespace
/// character (tab, newline, ...) becomes a plain space, unsafe characters
/// (see [`is_unsafe_char`]) are dropped. No-break spaces are kept.
pub fn sanitize_inline(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len());
    for c in text.chars() {
        if is_breaking_space(c) {
            cleaned.push(' ');
        } else if !is_unsafe_char(c) {
            cleaned.push(c);
        }
    }
    cleaned
}

/// Whether [`sanitize_inline`] would change `text` (fast path for clean ASCII).
pub(crate) fn needs_inline_sanitizing(text: &str) -> bool {
    if text.bytes().all(|byte| (0x20..0x7f).contains(&byte)) {
        return false;
    }
    text.chars()
        .any(|c| c != ' ' && (is_breaking_space(c) || is_unsafe_char(c)))
}

/// One source line of a code block made safe: tabs become four spaces, line
/// and paragraph separators become a space, unsafe characters are dropped.
pub(crate) fn sanitize_code_line(line: &str) -> String {
    let mut cleaned = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\t' => cleaned.push_str("    "),
            '\u{2028}' | '\u{2029}' => cleaned.push(' '),
            c if is_unsafe_char(c) => {}
            c => cleaned.push(c),
        }
    }
    cleaned
}

/// Whitespace at which text may wrap (all Unicode whitespace except the no-break spaces).
fn is_breaking_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}')
}

/// Cuts `text` to `width` display columns, ending with `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for cluster in crate::domain::text::width::graphemes(text) {
        if used + cluster.width + 1 > width {
            break;
        }
        used += cluster.width;
        out.push_str(cluster.text);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn hard_wrap_cuts_by_columns() {
        use super::hard_wrap;
        assert_eq!(hard_wrap("abcdef", 4), vec![0..4, 4..6]);
        assert_eq!(hard_wrap("", 4), vec![0..0]);
        // a wide character that does not fit moves to the next row
        assert_eq!(hard_wrap("abc漢", 4), vec![0..3, 3..6]);
    }

    use super::*;
    use proptest::prelude::*;

    fn plain_lines(markdown: &str, width: usize) -> Vec<String> {
        layout(markdown, width)
            .iter()
            .map(LaidLine::plain)
            .collect()
    }

    fn assert_safe_and_fits(lines: &[LaidLine], width: usize) {
        for line in lines {
            assert!(
                line.width() <= width.max(1),
                "line {:?} is {} wide, limit {width}",
                line.plain(),
                line.width()
            );
            for span in &line.spans {
                assert!(
                    !span.text.chars().any(is_unsafe_char),
                    "unsafe char in {:?}",
                    span.text
                );
            }
        }
    }

    #[test]
    fn empty_input_gives_no_lines() {
        assert!(layout("", 10).is_empty());
        assert!(layout("\n\n   \n", 10).is_empty());
    }

    #[test]
    fn width_zero_is_treated_as_one() {
        let lines = layout("hello world", 0);
        assert_safe_and_fits(&lines, 1);
        assert!(!lines.is_empty());
    }

    #[test]
    fn laid_line_helpers() {
        let line = LaidLine {
            spans: vec![
                StyledSpan {
                    text: "中文".into(),
                    style: SpanStyle::default(),
                },
                StyledSpan {
                    text: "ab".into(),
                    style: SpanStyle {
                        bold: true,
                        ..SpanStyle::default()
                    },
                },
            ],
            kind: LineKind::Text,
        };
        assert_eq!(line.width(), 6);
        assert_eq!(line.plain(), "中文ab");
        assert_eq!(LaidLine::blank().kind, LineKind::Blank);
        assert!(LaidLine::blank().spans.is_empty());
    }

    #[test]
    fn display_width_cases() {
        let cases = [
            ("abc", 3),
            ("中文", 4),
            ("e\u{301}", 1),
            ("👩\u{200D}💻", 2),
            ("", 0),
        ];
        for (text, expected) in cases {
            assert_eq!(display_width(text), expected, "{text:?}");
        }
    }

    #[test]
    fn paragraphs_wrap_at_several_widths() {
        let text = "the quick brown fox jumps over the lazy dog";
        let cases: [(usize, &[&str]); 4] = [
            (80, &["the quick brown fox jumps over the lazy dog"]),
            (20, &["the quick brown fox", "jumps over the lazy", "dog"]),
            (
                10,
                &["the quick", "brown fox", "jumps over", "the lazy", "dog"],
            ),
            (
                4,
                &[
                    "the", "quic", "k", "brow", "n", "fox", "jump", "s", "over", "the", "lazy",
                    "dog",
                ],
            ),
        ];
        for (width, expected) in cases {
            assert_eq!(plain_lines(text, width), expected, "width {width}");
        }
    }

    #[test]
    fn blocks_are_separated_by_one_blank_line() {
        let lines = layout("# Title\n\n\n\npara one\n\n---\n\npara two\n", 20);
        let kinds: Vec<LineKind> = lines.iter().map(|line| line.kind).collect();
        assert_eq!(
            kinds,
            [
                LineKind::Heading(1),
                LineKind::Blank,
                LineKind::Text,
                LineKind::Blank,
                LineKind::Rule,
                LineKind::Blank,
                LineKind::Text,
            ]
        );
        assert_eq!(lines[4].plain(), "─".repeat(20));
        assert!(lines[4].spans.iter().all(|span| span.style.marker));
    }

    #[test]
    fn heading_kind_and_style() {
        for level in 1..=6u8 {
            let markdown = format!("{} Heading text", "#".repeat(usize::from(level)));
            let lines = layout(&markdown, 40);
            assert_eq!(lines.len(), 1);
            assert_eq!(lines[0].kind, LineKind::Heading(level));
            assert_eq!(lines[0].plain(), "Heading text");
            assert!(
                lines[0]
                    .spans
                    .iter()
                    .all(|span| span.style.heading == level && span.style.bold)
            );
        }
    }

    #[test]
    fn inline_styles() {
        let lines = layout("*it* **bold** ~~gone~~ `a  b`", 80);
        let styled: Vec<(String, SpanStyle)> = lines[0]
            .spans
            .iter()
            .map(|span| (span.text.clone(), span.style))
            .collect();
        let find = |needle: &str| {
            styled
                .iter()
                .find(|(text, _)| text == needle)
                .map(|(_, style)| *style)
                .unwrap_or_else(|| panic!("no span {needle:?} in {styled:?}"))
        };
        assert!(find("it").italic);
        assert!(find("bold").bold);
        assert!(find("gone").strike);
        assert!(find("a  b").code, "inline code keeps its spaces");
    }

    #[test]
    fn block_layout_cases() {
        let cases: [(&str, usize, &str); 14] = [
            // Hanging indents in nested lists.
            (
                "- one two three\n  - four five six\n    - seven eight",
                12,
                "• one two\n  three\n  ◦ four\n    five six\n    ▪ seven\n      eight",
            ),
            ("1. a\n1. b", 20, "1. a\n2. b"),
            ("7. seven eight nine", 13, "7. seven\n   eight nine"),
            ("- a\n\n- b", 20, "• a\n\n• b"),
            ("- a\n- \n- c", 20, "• a\n•\n• c"),
            // Quote bar on every wrapped line and on blank lines inside.
            (
                "> aa bb cc dd\n>\n> ee\n> > ff gg",
                7,
                "│ aa bb\n│ cc dd\n│\n│ ee\n│\n│ │ ff\n│ │ gg",
            ),
            ("> - aa bb", 8, "│ • aa\n│   bb"),
            // Code blocks are not wrapped; long lines are cut with an ellipsis.
            (
                "```\nlet x = 1;\n\n\tlong line here\n```",
                10,
                "let x = 1;\n\n    long …",
            ),
            ("```\nunclosed fence", 20, "unclosed fence"),
            ("- ```\n  abcdefgh\n  ```", 6, "• abc…"),
            // Links, autolinks, images, footnotes, HTML, tables.
            ("[text](http://x.y)", 80, "text (http://x.y)"),
            ("<http://x.y> <a@b.c>", 80, "http://x.y a@b.c"),
            (
                "![alt](i.png)[^n] <b>hi</b>\n\n[^n]: note",
                80,
                "[image: alt][^n] <b>hi</b>\n\n[^n]: note",
            ),
            ("| a | b |\n|---|---|\n| 1 | 2 |", 80, "a │ b\n1 │ 2"),
        ];
        for (markdown, width, expected) in cases {
            let lines = layout(markdown, width);
            assert_safe_and_fits(&lines, width);
            let joined = lines
                .iter()
                .map(LaidLine::plain)
                .collect::<Vec<_>>()
                .join("\n");
            assert_eq!(joined, expected, "{markdown:?} at width {width}");
        }
    }

    #[test]
    fn line_kinds_and_span_styles() {
        let lines = layout("> quoted **bold**\n\n```\ncode\n```\n\n[a](u)", 40);
        let kinds: Vec<LineKind> = lines.iter().map(|line| line.kind).collect();
        use LineKind::{Blank, CodeBlock, Text};
        assert_eq!(kinds, [Text, Blank, CodeBlock, Blank, Text]);
        let bar = &lines[0].spans[0];
        assert!(bar.text == "│ " && bar.style.marker && bar.style.quote);
        assert!(lines[0].spans[1..].iter().all(|span| span.style.quote));
        assert!(
            lines[0]
                .spans
                .iter()
                .any(|span| span.text == "bold" && span.style.bold)
        );
        assert!(lines[2].spans.iter().all(|span| span.style.code_block));
        let link_spans: Vec<(&str, bool, bool)> = lines[4]
            .spans
            .iter()
            .map(|span| (span.text.as_str(), span.style.link, span.style.url))
            .collect();
        assert_eq!(link_spans, [("a", true, false), (" (u)", false, true)]);
        let cut = layout("```\nabcdef\n```", 4);
        let last = cut[0]
            .spans
            .last()
            .map(|span| (span.text.as_str(), span.style.marker));
        assert_eq!(last, Some(("…", true)));
    }

    #[test]
    fn bold_keeps_style_across_wraps_and_cjk_emoji_fit() {
        let lines = layout("**one two three four**", 8);
        assert_eq!(lines.len(), 3);
        assert!(
            lines
                .iter()
                .all(|line| line.spans.iter().all(|span| span.style.bold))
        );
        let cases: [(&str, usize, &[&str]); 3] = [
            ("中文字符 测试", 5, &["中文", "字符", "测试"]),
            (
                "👩\u{200D}💻 👩\u{200D}💻 ok",
                5,
                &["👩\u{200D}💻 👩\u{200D}💻", "ok"],
            ),
            (
                "cafe\u{301} cafe\u{301}",
                5,
                &["cafe\u{301}", "cafe\u{301}"],
            ),
        ];
        for (markdown, width, expected) in cases {
            assert_eq!(plain_lines(markdown, width), expected, "{markdown:?}");
        }
    }

    #[test]
    fn control_characters_are_dropped() {
        let cases = [
            "evil\u{1b}[2J text",
            "bidi \u{202E}reversed\u{202C} \u{2066}iso\u{2069} \u{200E}\u{200F}\u{061C}",
            "bell\u{7} del\u{7f} c1\u{85}\u{9b}",
            "```\ncode\u{1b}[31m\twith\u{0}nul\n```",
            "`code\u{1b}` and <b>\u{1b}html</b>",
        ];
        for markdown in cases {
            let lines = layout(markdown, 30);
            assert_safe_and_fits(&lines, 30);
            assert!(!lines.is_empty());
        }
        assert_eq!(plain_lines("a\u{1b}[2Jb", 20), ["a[2Jb"]);
    }

    #[test]
    fn deep_nesting_does_not_panic_and_fits() {
        let depth = 10_000;
        for unit in ["> ", "- ", "1. ", "> - "] {
            let markdown = format!("{}deep text here", unit.repeat(depth));
            for width in [1, 2, 3, 10, 40] {
                let lines = layout(&markdown, width);
                assert_safe_and_fits(&lines, width);
                if width < 10 {
                    continue;
                }
                let text_line = lines
                    .iter()
                    .find(|line| line.plain().contains("deep"))
                    .unwrap_or_else(|| panic!("text lost for {unit:?} at {width}"));
                assert!(text_line.width() <= width);
            }
        }
        // One nesting level per line, too.
        let mut per_line = String::new();
        for level in 0..2_000 {
            per_line.push_str(&"  ".repeat(level));
            per_line.push_str("- item\n");
        }
        let lines = layout(&per_line, 30);
        assert_safe_and_fits(&lines, 30);
    }

    #[test]
    fn large_document_lays_out() {
        let chunk = "# Heading\n\nSome *emphasis* and **strong** text with `code` and a \
                     [link](http://example.com).\n\n- item one\n- item two\n  - nested\n\n\
                     > quoted text that goes on\n\n```rust\nfn main() {}\n```\n\n";
        let markdown = chunk.repeat(1_000);
        let lines = layout(&markdown, 100);
        assert_safe_and_fits(&lines, 100);
        assert!(lines.len() > 10_000);
    }
    fn markdownish() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[-*_>#`~ \\[\\]()!|:\n\t0-9a-z.\u{e9}\u{4e2d}\u{1F600}\u{200D}\u{301}\u{1b}\u{202E}\u{FE0F}\u{644}\u{627}]{0,300}",
            proptest::collection::vec(
                prop_oneof![
                    Just("> ".to_string()),
                    Just("- ".to_string()),
                    Just("1. ".to_string()),
                    Just("\n".to_string()),
                    Just("\n\n".to_string()),
                    Just("```\n".to_string()),
                    Just("**".to_string()),
                    Just("`".to_string()),
                    Just("[a](b)".to_string()),
                    Just("| x | y |\n|---|---|\n".to_string()),
                    "[a-z\u{4e2d}\u{1F469}\u{200D}\u{1F4BB}\t ]{1,30}",
                ],
                0..40
            )
            .prop_map(|pieces| pieces.concat()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn layout_never_panics_fits_and_is_safe(markdown in markdownish(), width in 1usize..200) {
            let lines = layout(&markdown, width);
            for line in &lines {
                prop_assert!(line.width() <= width, "{:?} wider than {}", line.plain(), width);
                for span in &line.spans {
                    prop_assert!(!span.text.chars().any(is_unsafe_char), "unsafe in {:?}", span.text);
                }
            }
            prop_assert!(lines.first().is_none_or(|line| line.kind != LineKind::Blank));
            prop_assert!(lines.last().is_none_or(|line| line.kind != LineKind::Blank));
            let doubled_blank = lines
                .windows(2)
                .any(|pair| pair[0].kind == LineKind::Blank && pair[1].kind == LineKind::Blank);
            prop_assert!(!doubled_blank, "doubled blank line");
        }
    }
}
