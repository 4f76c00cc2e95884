//! Tests of [`super`]: front matter, MDX lines, comments, `<head>` blocks
//! and tag lines taken out of a page.

use super::*;

/// The first and last line of each part of `src` that `page` dropped.
fn dropped_lines(src: &str, page: &CleanPage) -> Vec<(usize, usize)> {
    page.dropped
        .iter()
        .map(|d| lines_of(src, &d.range))
        .collect()
}

#[test]
fn yaml_front_matter_gives_title_id_and_tags_and_is_blanked() {
    let src = "---\ntitle: \"Behavioral: the 30 questions\"\nslug: /behavioral/common\nkeywords: [star, stories]\ndescription: x\n---\n\n# Hi\n";
    let page = clean(src);
    assert_eq!(page.text.len(), src.len());
    assert_eq!(
        page.front.title.as_deref(),
        Some("Behavioral: the 30 questions")
    );
    assert_eq!(page.front.id.as_deref(), Some("common"));
    assert_eq!(page.front.tags, ["star", "stories"]);
    assert_eq!(page.front.unused, ["description"]);
    assert!(
        page.text.trim_start().starts_with("# Hi"),
        "{:?}",
        page.text
    );
    assert_eq!(page.front_range, Some(0..src.find("\n\n#").unwrap() + 1));
}

#[test]
fn toml_front_matter_and_a_bad_yaml_one() {
    let page = clean("+++\ntitle = \"T\"\ntags = [\"a\"]\nchapter = 4\n+++\ntext\n");
    assert_eq!(page.front.title.as_deref(), Some("T"));
    assert_eq!(page.front.chapter, Some(4));
    assert_eq!(page.text.trim(), "text");
    let page = clean("---\ntitle: [unclosed\n---\ntext\n");
    assert!(page.front_error.is_some());
    assert_eq!(page.text.trim(), "text");
}

#[test]
fn mdx_lines_comments_head_blocks_and_tag_lines_are_dropped() {
    let src = "import Tabs from '@theme/Tabs';\nimport X from \"x\";\n\n<head>\n  <title>Hi</title>\n\n  <meta name=\"a\"/>\n</head>\n\n<!-- a\ncomment -->\n\nimport the data first.\n\n<Tabs>\n<TabItem value=\"a\">\n\nKept **text**.\n\n</TabItem>\n</Tabs>\n\nexport const meta = {\n  a: 1,\n};\n";
    let page = clean(src);
    let kept: Vec<&str> = page
        .text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(kept, ["import the data first.", "Kept **text**."]);
    let what: Vec<&str> = page.dropped.iter().map(|d| d.what.as_str()).collect();
    assert_eq!(what.len(), 8, "{what:?}");
    assert!(what[0].contains("import"));
    assert!(what[1].contains("<head>"));
    assert!(what[2].contains("comment"));
    assert!(what[7].contains("export"));
    assert_eq!(lines_of(src, &page.dropped[1].range), (4, 8));
    // A range ending inside a character still counts its last line.
    assert_eq!(lines_of("a\nb\u{1e08f}\n", &(2..6)), (2, 2));
}

#[test]
fn tag_lines_inside_a_paragraph_are_dropped_but_tags_among_words_are_kept() {
    let src =
        "team\n<Tabs>\n---\nText\n  </TabItem> <br/>\nmore <b>bold</b>\n<a\nhref=\"x\">link</a>\n";
    let page = clean(src);
    let what: Vec<(usize, &str)> = page
        .dropped
        .iter()
        .map(|d| (lines_of(src, &d.range).0, d.what.as_str()))
        .collect();
    assert_eq!(
        what,
        [
            (2, "the HTML/JSX tag line `<Tabs>`"),
            (5, "the HTML/JSX tag line `</TabItem> <br/>`")
        ]
    );
    let lines: Vec<&str> = page.text.lines().map(str::trim).collect();
    assert_eq!(
        lines,
        [
            "team",
            "",
            "---",
            "Text",
            "",
            "more <b>bold</b>",
            "<a",
            "href=\"x\">link</a>"
        ]
    );
}

#[test]
fn tag_lines_in_a_list_item_are_dropped_but_not_beside_a_marker() {
    let src = "<Tabs>\n\n- Why?\n  - Because.\n\n  </TabItem>\n  <TabItem value=\"b\">\n\n- <br/>\n\n> <Tabs>\n";
    let page = clean(src);
    assert_eq!(dropped_lines(src, &page), [(1, 1), (6, 6), (7, 7)]);
    assert_eq!(page.dropped[1].what, "the HTML/JSX tag line `</TabItem>`");
    assert!(page.text.contains("- <br/>\n\n> <Tabs>"), "{:?}", page.text);
}

#[test]
fn tag_lines_under_a_tight_list_items_text_are_dropped() {
    // A tight item's text comes with no paragraph: its tag lines (a lazy
    // continuation, or one indented under the text) are found all the same.
    let src = "2. Why here?\n<Tabs>\n- Because.\n  </TabItem>\n  - Deeper <b>x</b>\n---\n";
    let page = clean(src);
    assert_eq!(dropped_lines(src, &page), [(2, 2), (4, 4)]);
    assert!(page.text.contains("2. Why here?\n"), "{:?}", page.text);
    assert!(page.text.contains("Deeper <b>x</b>"), "{:?}", page.text);
}

#[test]
fn tag_lines_and_mdx_lines_are_told_from_text() {
    assert!(is_tag_line("<TabItem value=\"a\" label=\"A\">"));
    assert!(is_tag_line("</Tabs> <br/>"));
    assert!(!is_tag_line("<summary>Why?</summary>"));
    assert!(!is_tag_line("a < b > c"));
    assert!(is_mdx_line("export default function Page() {"));
    assert!(!is_mdx_line("export your data to CSV"));
    assert!(!is_mdx_line("import the data first."));
}
