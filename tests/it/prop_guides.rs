//! Property test of `import markdown` on any page: built from the pieces
//! guides are made of (front matter, MDX, HTML, headings, question lists,
//! bold questions, terms, tables, callouts, details, code) mixed with any
//! text, a page converts without panicking, every file it gives loads as
//! `check` would load it, and every line of the page is either placed (its
//! words are in the files) or named in a warning.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use studyguide::cli::args::MarkdownShape;
use studyguide::cli::import::{check_output, guide_text, markdown_run};

const WORDS: &[&str] = &[
    "team", "deadline", "Airbnb", "stories", "result", "conflict", "manager", "offer", "salary",
    "résumé", "设计", "growth", "customer",
];

const LINES: &[&str] = &[
    "# Guide title",
    "## Behavioral",
    "### Airbnb",
    "## Questions to ask the interviewer",
    "## Why this company?",
    "1. Tell me about yourself.",
    "2. Why do you want to work here?",
    "- Describe a time you failed",
    "  - Say what you learned.",
    "    - Keep it short.",
    "**What is STAR?**",
    "Q: Why this role?",
    "A: Because it grows me.",
    "**STAR**: Situation, Task, Action, Result",
    "**Tip**: breathe",
    "| Question | Answer |",
    "|---|---|",
    "| What is an SLA? | A promise |",
    "Term",
    ": its meaning",
    "> [!tip] Keep stories short",
    "> [!question] Why leave your job?",
    "> Growth.",
    "<details>",
    "<summary>What is REST?</summary>",
    "</details>",
    "<!-- hidden note -->",
    "<head>",
    "<title>Page title</title>",
    "</head>",
    "<Tabs>",
    "</Tabs>",
    "  <TabItem value=\"a\" label=\"A\">",
    "  </TabItem>",
    ":::tip Keep it short",
    ":::",
    "import Tabs from '@theme/Tabs';",
    "export const meta = {};",
    "```",
    "code inside fence",
    "---",
    "===",
    "Plain paragraph text here.",
    "[ref]: https://example.com",
    "",
    "",
];

const FRONT: &[&str] = &[
    "---\ntitle: Front title\ntags: [alpha, beta]\nslug: /guides/front\n---\n",
    "+++\ntitle = \"Toml title\"\n+++\n",
    "---\ntitle: [broken\n---\n",
    "",
];

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(LINES).prop_map(str::to_string),
        2 => prop::collection::vec(prop::sample::select(WORDS), 1..6)
            .prop_map(|w| format!("- {}?", w.join(" "))),
        2 => prop::collection::vec(prop::sample::select(WORDS), 1..8).prop_map(|w| w.join(" ")),
        1 => "\\PC{0,40}",
    ]
}

fn page() -> impl Strategy<Value = String> {
    (
        prop::sample::select(FRONT),
        prop::collection::vec(line(), 0..40),
    )
        .prop_map(|(front, lines)| format!("{front}{}\n", lines.join("\n")))
}

/// The letter words of a line (3 letters or more), lowercased. Tags
/// among words are markup (`<summary>` may become bold); a line of tags
/// alone must still be placed or named.
fn words(line: &str) -> Vec<String> {
    let outside: String = html5gum::Tokenizer::new(line)
        .flatten()
        .map(|t| match t {
            html5gum::Token::String(s) => String::from_utf8_lossy(&s).into_owned(),
            _ => " ".into(),
        })
        .collect();
    let line = if outside.trim().is_empty() {
        line
    } else {
        &outside
    };
    line.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .collect()
}

/// The lines a warning names: `lines A-B: ...` or its own line.
fn named(problems: &[studyguide::domain::content::Problem]) -> Vec<(usize, usize)> {
    problems
        .iter()
        .map(|p| {
            let range = p
                .message
                .strip_prefix("lines ")
                .and_then(|r| r.split_once(':'))
                .and_then(|(r, _)| r.split_once('-'))
                .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)));
            range.unwrap_or((p.line, p.line))
        })
        .collect()
}

/// The property: `src` converts, every file it gives loads as `check`
/// would load it, and every line is placed (its words are in the files) or
/// named in a warning.
fn placed_or_named(src: &str) -> Result<(), TestCaseError> {
    let (texts, problems) =
        markdown_run::page_texts("p.md", "p", src, MarkdownShape::Guide).unwrap();
    for (k, text) in texts.iter().enumerate() {
        prop_assert!(check_output(text, &format!("file {k}")).is_ok(), "{}", text);
    }
    let all = texts.join("\n").to_lowercase();
    let named = named(&problems);
    for (i, line) in src.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty()
            || line.contains("[[")
            || named.iter().any(|(a, b)| (*a..=*b).contains(&n))
        {
            continue;
        }
        // A question's numbering ("Q:", "1.") is no word of it.
        let asked = guide_text::question_text(line);
        let missing: Vec<String> = words(line)
            .into_iter()
            .filter(|w| !all.contains(w.as_str()))
            .collect();
        let missing_asked: Vec<String> = words(&asked)
            .into_iter()
            .filter(|w| !all.contains(w.as_str()))
            .collect();
        prop_assert!(
            missing.is_empty() || missing_asked.is_empty(),
            "line {n} {line:?} is neither placed nor named (missing {missing:?})\npage:\n{src}\nproblems: {problems:?}\nfiles:\n{}",
            texts.join("\n")
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 160,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_page_imports_with_every_line_placed_or_named(src in page()) {
        placed_or_named(&src)?;
    }

    #[test]
    fn any_text_imports_without_panic_in_either_shape(text in "\\PC{0,400}") {
        for shape in [MarkdownShape::Guide, MarkdownShape::Book, MarkdownShape::Auto] {
            let _ = markdown_run::page_texts("x.md", "x", &text, shape);
        }
    }
}

/// Found by the property above: text above the title heading (here a link
/// definition after front matter that does not parse) was dropped unnamed.
#[test]
fn text_above_the_title_heading_is_kept() {
    let src = "---\ntitle: [broken\n---\n[ref]: https://example.com\n# Guide title\n";
    let (texts, _) = markdown_run::page_texts("p.md", "p", src, MarkdownShape::Guide).unwrap();
    let all = texts.join("\n");
    assert!(all.contains("[ref]: https://example.com"), "{all}");
}

/// Found by the property above: a line that is only a JSX tag (`<Tabs>`)
/// under a line of text and over a `---` made the two a heading, and the
/// tag was lost from its title unnamed.
#[test]
fn a_tag_line_over_a_thematic_break_is_named() {
    let src = "---\ntitle: Front title\ntags: [alpha, beta]\nslug: /guides/front\n---\nteam\n<Tabs>\n---\n1. Tell me about yourself.\n";
    placed_or_named(src).unwrap();
}

/// Found by the property above once `<summary>` lines became bold: the tag
/// names are markup, the question is placed.
#[test]
fn a_summary_line_alone_is_placed() {
    let src = "---\ntitle: Front title\ntags: [alpha, beta]\nslug: /guides/front\n---\n<summary>What is REST?</summary>\n";
    placed_or_named(src).unwrap();
    let (texts, _) = markdown_run::page_texts("p.md", "p", src, MarkdownShape::Guide).unwrap();
    assert!(texts[0].contains("**What is REST?**"), "{}", texts[0]);
}
