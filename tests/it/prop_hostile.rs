//! Property tests on arbitrary input, bounded to run in seconds: the content
//! loader on raw bytes and on TOML-ish text built from fragments, and the
//! Markdown layout on Markdown-ish text. Nothing panics, every laid-out line
//! fits its width, and no control or bidi character survives.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use studyguide::domain::content::{Severity, parse_bytes};
use studyguide::domain::markdown::{is_unsafe_char, layout};

/// Pieces of content files, hostile and ordinary, glued in any order.
const TOML_FRAGMENTS: &[&str] = &[
    "id = \"a\"\n",
    "number = 1\n",
    "title = \"T\"\n",
    "kind = \"deck\"\n",
    "chapter = 2\n",
    "[introduction]\n",
    "[conclusion]\n",
    "[[sections]]\n",
    "[[interviews]]\n",
    "[[interviews.questions]]\n",
    "[insights]\n",
    "[[insights.items]]\n",
    "[[cards]]\n",
    "body = \"",
    "body = '''\n",
    "'''\n",
    "\"\n",
    "\"\"\"\n",
    "front = \"Q\"\n",
    "back = \"A\"\n",
    "kind = \"typed\"\n",
    "kind = \"cloze\"\n",
    "question = \"?\"\n",
    "answer = \"!\"\n",
    "interviewee = \"X\"\n",
    "tags = [\"t\"]\n",
    "[",
    "]",
    "{",
    "}",
    "=",
    "#",
    "\n",
    "\r\n",
    "\\u001b]52;c;aGk=\\u0007",
    "\\u001b[2J",
    "\\u009b",
    "\u{202e}",
    "\u{1b}",
    "\u{9b}",
    "\t",
    "👩‍💻",
    "漢字",
    "e\u{301}",
    "\\",
    "\"\"",
    "x = [[[[1]]]]\n",
    "id = \"a\"\n",
    "1e999",
    "number = -1\n",
    "number = 4294967296\n",
    "\u{feff}",
    "```\n",
    "> ",
    "- ",
];

/// Pieces of Markdown, structural and hostile.
const MD_FRAGMENTS: &[&str] = &[
    "# ",
    "## ",
    "> ",
    "- ",
    "1. ",
    "* ",
    "```",
    "```rust\n",
    "~~~",
    "    ",
    "\n",
    "\n\n",
    "\t",
    "**",
    "*",
    "_",
    "~~",
    "`",
    "[",
    "](",
    ")",
    "<",
    ">",
    "![",
    "|",
    "---",
    "\\",
    "&amp;",
    "[^1]",
    "[^1]: ",
    "word ",
    "longwordwithoutanyspaces",
    "漢字かな",
    "👨‍👩‍👧‍👦",
    "e\u{301}\u{302}",
    "\u{1b}]52;c;aGk=\u{7}",
    "\u{1b}[2J",
    "\u{9b}31m",
    "\u{7}",
    "\u{0}",
    "\r",
    "\u{202e}",
    "\u{2066}",
    "\u{200f}",
    "\u{2028}",
    "\u{a0}",
    "\u{ad}",
    "\u{200b}",
    "\u{fe0f}",
    "<script>",
    "http://example.com/",
    "<http://a.b/\u{1b}[5m>",
];

fn glued(fragments: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(fragments), 0..max).prop_map(|v| v.concat())
}

fn check_problems(problems: &[studyguide::domain::content::Problem]) {
    for p in problems {
        assert!(p.line >= 1 && p.col >= 1, "{p}");
        let text = p.to_string();
        assert!(!text.chars().any(is_unsafe_char), "unsafe message {text:?}");
        if p.severity == Severity::Error {
            assert!(!p.message.trim().is_empty(), "empty message");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn loader_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let (parsed, problems) = parse_bytes("p.toml", &bytes);
        check_problems(&problems);
        prop_assert!(parsed.is_some() || !problems.is_empty());
    }

    #[test]
    fn loader_never_panics_on_toml_fragments(text in glued(TOML_FRAGMENTS, 40)) {
        let (parsed, problems) = parse_bytes("p.toml", text.as_bytes());
        check_problems(&problems);
        if let Some(studyguide::domain::content::parse::Parsed::Chapter(c)) = parsed {
            prop_assert!(!c.title.chars().any(is_unsafe_char));
            for s in c.introduction.iter().chain(&c.sections) {
                prop_assert!(!s.body.chars().any(|c| c != '\n' && c != '\t' && is_unsafe_char(c)));
            }
        }
    }

    #[test]
    fn layout_fits_and_is_safe(text in glued(MD_FRAGMENTS, 60), width in 0usize..50) {
        for line in layout(&text, width) {
            prop_assert!(line.width() <= width.max(1), "{:?} wider than {width}", line.plain());
            for span in &line.spans {
                prop_assert!(!span.text.chars().any(is_unsafe_char), "unsafe {:?}", span.text);
            }
        }
    }

    #[test]
    fn layout_of_any_string_fits_and_is_safe(text in "\\PC{0,80}|[\\x00-\\x{ff}]{0,80}", width in 1usize..30) {
        for line in layout(&text, width) {
            prop_assert!(line.width() <= width, "{:?} wider than {width}", line.plain());
            prop_assert!(!line.plain().chars().any(is_unsafe_char));
        }
    }
}
