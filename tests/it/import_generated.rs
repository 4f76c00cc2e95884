//! The importers on the generated inputs the benchmarks use
//! (`generate::imports`): every Anki note becomes one card with its GUID as
//! the id, the Markdown chapter's interviews, questions and insights are all
//! recognised, both outputs load, and the TOML each importer writes for a
//! fixed small input is pinned byte for byte (a snapshot), so a faster
//! importer has to write the same files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use studyguide::cli::import::{anki, check_output, markdown, toml_out::to_toml};
use studyguide::domain::content::CardKind;
use studyguide::generate::imports::{anki_notes, markdown_chapter};

#[test]
fn generated_inputs_are_deterministic() {
    assert_eq!(anki_notes(7, 300), anki_notes(7, 300));
    assert_ne!(anki_notes(7, 300), anki_notes(8, 300));
    assert_eq!(
        markdown_chapter(7, 3, 40_000),
        markdown_chapter(7, 3, 40_000)
    );
    assert_ne!(
        markdown_chapter(7, 3, 40_000),
        markdown_chapter(8, 3, 40_000)
    );
    assert!(markdown_chapter(7, 3, 40_000).len() >= 40_000);
    // The smaller Anki set the benchmarks use is the start of the larger one.
    assert!(anki_notes(7, 1_000).starts_with(&anki_notes(7, 300)));
}

#[test]
fn every_generated_anki_note_becomes_one_card_with_its_guid() {
    let text = anki_notes(17, 400);
    let (deck, problems) = anki::convert("notes.txt", &text);
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("\tBasic\t") || l.contains("\tCloze\t"))
        .collect();
    assert_eq!(rows.len(), 400, "one line per note starts with its GUID");
    assert_eq!(deck.cards.len(), 400);
    for (row, card) in rows.iter().zip(&deck.cards) {
        // The GUID, with each character an id may not hold as `_` and hex.
        let guid = row.split('\t').next().expect("guid");
        let mut want = String::new();
        for c in guid.chars() {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                want.push(c);
            } else {
                want.push_str(&format!("_{:x}", u32::from(c)));
            }
        }
        assert!(
            card.id == want || card.id.starts_with(&format!("{want}-")),
            "{card:?}"
        );
        let cloze = row.contains("\tCloze\t");
        assert_eq!(card.kind == CardKind::Cloze, cloze, "{row}");
        let text = format!("{} {}", card.front, card.back);
        for tag in ["<b>", "<i>", "<code>", "<br>", "&amp;", "&lt;"] {
            assert!(!text.contains(tag), "HTML turned into Markdown: {card:?}");
        }
    }
    // Quoted fields spanning lines keep their quotes and the text after the tab.
    let quoted = deck
        .cards
        .iter()
        .filter(|c| c.back.contains('"') && c.back.contains("end"))
        .count();
    assert_eq!(
        quoted, 20,
        "every twentieth note has a quoted multi-line back"
    );
    assert_eq!(
        problems.len(),
        1,
        "only the warning about three decks: {problems:?}"
    );
    let toml = to_toml(&deck, "notes.txt").expect("serialises");
    check_output(&toml, "notes.txt").expect("the deck loads");
}

#[test]
fn the_generated_chapter_is_read_in_the_book_shape() {
    let src = markdown_chapter(17, 3, 60_000);
    let (chapter, problems) = markdown::convert("ch.md", &src);
    assert_eq!(chapter.number, 3);
    let interviews = src.matches("\n## Interview ").count();
    // `**Q1. ...?**` lines (an answerer may be called `**Question**`).
    let questions = src
        .lines()
        .filter(|l| {
            l.strip_prefix("**Q")
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        })
        .count();
    let plain = src.matches("\n#### ").count();
    assert!(interviews > 3 && plain > 0, "{interviews} {plain}");
    assert_eq!(chapter.interviews.len(), interviews);
    let got: usize = chapter.interviews.iter().map(|i| i.questions.len()).sum();
    assert_eq!(got, questions);
    assert!(chapter.introduction.is_some() && chapter.conclusion.is_some());
    let insights = chapter.insights.as_ref().expect("insights");
    assert_eq!(insights.items.len(), src.matches("\n* **").count());
    // Only the plain sections are warned about (one each, not an error).
    assert_eq!(problems.len(), chapter.sections.len(), "{problems:?}");
    assert!(
        problems
            .iter()
            .all(|p| p.message.contains("kept as a plain section"))
    );
    let toml = to_toml(&chapter, "ch.md").expect("serialises");
    check_output(&toml, "ch.md").expect("the chapter loads");
}

#[test]
fn the_toml_written_for_fixed_inputs_is_pinned() {
    let (deck, _) = anki::convert("notes.txt", &anki_notes(5, 40));
    insta::assert_snapshot!(
        "anki_40_notes",
        to_toml(&deck, "notes.txt").expect("serialises")
    );
    let (chapter, _) = markdown::convert("ch.md", &markdown_chapter(5, 4, 8_000));
    insta::assert_snapshot!(
        "markdown_8k_chapter",
        to_toml(&chapter, "ch.md").expect("serialises")
    );
}
