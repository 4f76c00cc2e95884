//! A tag line alone in an imported guide page (an MDX `<Tabs>` under a line
//! of text, as the guide property test once made it): dropped with a note
//! naming its line and column, the text around it kept, the `---` after it
//! a break, and the question after that asked; in process and through the
//! command, whose summary counts the file written beside the output.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::cli_common::Sandbox;
use studyguide::domain::content;
use studyguide::domain::content::parse::Parsed;

/// A page of MDX as a property test made it: a line of text, a lone
/// `<Tabs>` tag line and a `---` after the front matter, then a question.
/// The tag carries no text and is dropped with a note naming its line; the
/// `---` is a break between the text and the list (not the underline of a
/// heading "team <Tabs>"); the text is kept and the question is asked.
#[test]
fn a_lone_tag_line_is_dropped_and_the_break_after_it_separates() {
    use studyguide::cli::args::MarkdownShape;
    use studyguide::cli::import::markdown_run::page_texts;
    let src = "---\ntitle: Front title\ntags: [alpha, beta]\nslug: /guides/front\n---\nteam\n<Tabs>\n---\n1. Tell me about yourself.\n";
    let (texts, problems) = page_texts("p.md", "p", src, MarkdownShape::Guide).unwrap();
    let tag = problems
        .iter()
        .find(|p| p.message.contains("<Tabs>"))
        .unwrap_or_else(|| panic!("no note names the tag line: {problems:?}"));
    assert_eq!((tag.line, tag.col), (7, 1), "{tag:?}");
    assert!(tag.message.contains("dropped"), "{}", tag.message);
    let parsed: Vec<Parsed> = texts
        .iter()
        .map(|t| content::parse_bytes("p.toml", t.as_bytes()).0.unwrap())
        .collect();
    let Some(Parsed::Chapter(chapter)) = parsed.first() else {
        panic!("no chapter first: {texts:?}");
    };
    assert_eq!(chapter.title, "Front title");
    let intro = chapter.introduction.as_ref().map(|s| s.body.as_str());
    assert!(intro.is_some_and(|b| b.contains("team")), "{texts:?}");
    assert!(
        chapter.sections.iter().all(|s| s.title != "team"),
        "{texts:?}"
    );
    assert!(texts.iter().all(|t| !t.contains("<Tabs>")), "{texts:?}");
    let prompts: Vec<&str> = parsed
        .iter()
        .filter_map(|p| match p {
            Parsed::Interview(s) => Some(s),
            _ => None,
        })
        .flat_map(|s| s.questions.iter().filter(|q| !q.closing))
        .map(|q| q.prompt.as_str())
        .collect();
    assert_eq!(prompts, ["Tell me about yourself."], "{texts:?}");
}

/// The same page through the command, to one output file: the summary
/// counts the file written beside it in the singular, and the note names
/// the tag line with its place.
#[test]
fn a_lone_tag_line_page_imports_to_a_file_and_its_one_neighbour() {
    let sb = Sandbox::new();
    let page = sb.path("p.md");
    std::fs::write(
        &page,
        "---\ntitle: Front title\ntags: [alpha, beta]\nslug: /guides/front\n---\nteam\n<Tabs>\n---\n1. Tell me about yourself.\n",
    )
    .unwrap();
    let out_file = sb.path("out.toml");
    let out = sb.run(&[
        "import",
        "markdown",
        &page.display().to_string(),
        "-o",
        &out_file.display().to_string(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains(":7:1: warning: the HTML/JSX tag line `<Tabs>` dropped"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(" and 1 file beside it"),
        "{}",
        out.stderr
    );
    assert!(sb.path("out-interview.toml").exists());
}
