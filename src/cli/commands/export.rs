//! `studyguide export anki`: every card as a note in Anki's "Notes in Plain
//! Text" import format. One row a note, tab separated, with file headers:
//!
//! ```text
//! #separator:tab
//! #html:true
//! #guid column:1
//! #notetype column:2
//! #deck column:3
//! #tags column:6
//! ch17-sarah-q1<TAB>Basic<TAB>Chapter 17: ...<TAB><p>front</p><TAB><p>back</p><TAB>interview
//! ```
//!
//! The card id goes in the GUID column, so a second import updates the notes
//! in place and `import anki` gets the ids back. Cloze cards are one Cloze
//! note per card spec (Anki makes the per-gap cards itself). The rows are
//! written by the `csv` crate.

use std::path::Path;

use crate::cli::html::markdown_to_html;
use crate::domain::cards;
use crate::domain::content::{CardKind, CardSpec, Library};

/// Anki's built-in note types for each card kind.
pub const BASIC: &str = "Basic";
pub const TYPED: &str = "Basic (type in the answer)";
pub const CLOZE: &str = "Cloze";

/// The header lines, each ending in a newline.
pub const HEADER: &str = "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n";

/// One exported note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub guid: String,
    pub notetype: &'static str,
    pub deck: String,
    /// Markdown (converted to HTML when written).
    pub front: String,
    pub back: String,
    pub tags: Vec<String>,
}

/// A card's note type: a typed card is "type in the answer" only when its
/// answer is short enough to type and compare; an outline is a Basic note.
fn notetype(card: &cards::Card) -> &'static str {
    match card.kind {
        CardKind::Basic => BASIC,
        CardKind::Typed if cards::typed_answer_is_short(&card.back) => TYPED,
        CardKind::Typed => BASIC,
        CardKind::Cloze => CLOZE,
    }
}

/// The notes for a library: derived and basic cards as they are drilled,
/// cloze cards once per spec with the original `{{c1::...}}` text.
pub fn notes(library: &Library, deck: Option<&str>) -> Vec<Note> {
    let specs: Vec<&CardSpec> = library
        .chapters
        .iter()
        .flat_map(|c| &c.cards)
        .chain(library.decks.iter().flat_map(|d| &d.cards))
        .collect();
    let mut seen_cloze = std::collections::HashSet::new();
    let mut out = Vec::new();
    for card in cards::all_cards(library) {
        let deck = deck.map_or_else(|| card.deck.title().to_string(), str::to_string);
        if card.kind == CardKind::Cloze {
            let spec_id = card
                .id
                .rsplit_once("::c")
                .map_or(card.id.as_str(), |(s, _)| s);
            let Some(spec) = specs.iter().find(|s| s.id == spec_id) else {
                continue;
            };
            if seen_cloze.insert(spec.id.clone()) {
                out.push(Note {
                    guid: spec.id.to_string(),
                    notetype: CLOZE,
                    deck,
                    front: spec.front.clone(),
                    back: spec.back.clone(),
                    tags: spec.tags.clone(),
                });
            }
            continue;
        }
        out.push(Note {
            guid: card.id.to_string(),
            notetype: notetype(&card),
            deck,
            front: card.front.into(),
            back: card.back.into(),
            tags: card.tags.into(),
        });
    }
    out.extend(interview_notes(library, deck));
    out
}

/// Interview questions as Basic notes: the prompt on the front; the model
/// advice (the chapter text the question names, and its general advice
/// marked as such) and the follow-ups on the back.
fn interview_notes(library: &Library, deck: Option<&str>) -> Vec<Note> {
    let mut out = Vec::new();
    for set in &library.interviews {
        for q in &set.questions {
            let mut back = crate::domain::advice::advice_markdown(&library.chapters, q);
            if !q.follow_ups.is_empty() {
                if !back.is_empty() {
                    back.push_str("\n\n");
                }
                back.push_str("Follow-ups:");
                for f in &q.follow_ups {
                    back.push_str(&format!("\n- {f}"));
                }
            }
            let mut tags = vec!["interview".to_string()];
            tags.extend(q.skills.iter().cloned());
            out.push(Note {
                guid: q.id.clone(),
                notetype: BASIC,
                deck: deck.map_or_else(|| set.title.clone(), str::to_string),
                front: q.prompt.clone(),
                back,
                tags,
            });
        }
    }
    out
}

/// A field on one line: a tab, newline or carriage return becomes a space
/// (the fields are one-line HTML; a row stays a line).
fn one_line(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

/// Anki tags cannot hold spaces: they become `_`.
fn tag(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join("_")
}

/// The whole file: the headers, then a row a note written by the `csv`
/// crate (tab separated; a field holding a `"` or a `#` is quoted, inner
/// quotes doubled, as Anki's reader expects).
pub fn render(notes: &[Note]) -> anyhow::Result<String> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .comment(Some(b'#'))
        .from_writer(HEADER.as_bytes().to_vec());
    for note in notes {
        let tags: Vec<String> = note.tags.iter().map(|t| tag(t)).collect();
        writer.write_record([
            one_line(&note.guid),
            one_line(note.notetype),
            one_line(&note.deck),
            one_line(&markdown_to_html(&note.front)),
            one_line(&markdown_to_html(&note.back)),
            one_line(&tags.join(" ")),
        ])?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes)?)
}

pub fn run(library: &Library, deck: Option<&str>, output: Option<&Path>) -> anyhow::Result<i32> {
    for p in library.errors() {
        crate::cli::output::say(&p.to_string());
    }
    let notes = notes(library, deck);
    crate::cli::output::write_output(output, &render(&notes)?)?;
    if output.is_some() {
        crate::cli::output::say(&format!("exported {} notes", notes.len()));
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_never_hold_tabs_or_newlines_and_quotes_and_hashes_are_quoted() {
        let note = Note {
            guid: "#id".into(),
            notetype: BASIC,
            deck: "a\tb\nc".into(),
            front: "say \"hi\"".into(),
            back: "plain".into(),
            tags: vec!["two words".into(), "x".into()],
        };
        let text = render(&[note]).unwrap();
        let row = text.strip_prefix(HEADER).unwrap();
        assert_eq!(
            row,
            "\"#id\"\tBasic\ta b c\t\"<p>say \"\"hi\"\"</p>\"\t<p>plain</p>\ttwo_words x\n"
        );
    }

    #[test]
    fn interview_questions_export_as_basic_notes_with_the_model_advice() {
        let library = crate::domain::content::bundled::load();
        let all = notes(&library, None);
        let note = all
            .iter()
            .find(|n| n.guid == "ch17i-disagreement")
            .expect("the question is exported");
        assert_eq!(note.notetype, BASIC);
        assert!(
            note.front.contains("disagreed with a colleague"),
            "{}",
            note.front
        );
        // The advice is the chapter's own answer, with who gave it.
        assert!(note.back.contains("Sarah Johnson"), "{}", note.back);
        assert!(
            note.back.contains("I used the STAR method"),
            "{}",
            note.back
        );
        assert!(note.tags.iter().any(|t| t == "interview"));
    }

    #[test]
    fn typed_cards_type_in_a_phrase_but_an_outline_is_basic() {
        let deck = "kind = \"deck\"\nid = \"d\"\ntitle = \"D\"\n\
            [[cards]]\nid = \"short\"\nkind = \"typed\"\nfront = \"STAR?\"\nback = \"Situation, Task, Action, Result\"\n\
            [[cards]]\nid = \"outline\"\nkind = \"typed\"\nfront = \"Story?\"\nback = \"- S: where\\n- R: how it ended\"\n";
        let library = crate::domain::content::load_files([("d.toml", deck.as_bytes())]);
        assert_eq!(library.problems, vec![]);
        let types: Vec<(String, &str)> = notes(&library, None)
            .into_iter()
            .map(|n| (n.guid, n.notetype))
            .collect();
        assert_eq!(
            types,
            [("short".to_string(), TYPED), ("outline".to_string(), BASIC)]
        );
    }

    #[test]
    fn bundled_chapter_exports_a_basic_note_per_card() {
        let lib = crate::domain::content::bundled::load();
        let text = render(&notes(&lib, Some("Prep"))).unwrap();
        let rows: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        // 11 derived cards and 2 cloze notes of the chapter, one note per
        // card spec of the practice deck, then one per interview question
        let questions = lib
            .interviews
            .iter()
            .map(|s| s.questions.len())
            .sum::<usize>();
        assert!(questions > 0);
        let chapter_rows = rows
            .iter()
            .filter(|r| !r.starts_with("ch17p-") && !r.starts_with("ch17i-"));
        assert_eq!(chapter_rows.count(), 11 + 2);
        let deck = lib
            .decks
            .iter()
            .find(|d| d.id == "ch17-practice")
            .map_or(0, |d| d.cards.len());
        assert_eq!(rows.len(), 11 + 2 + deck + questions);
        let first: Vec<&str> = rows[0].split('\t').collect();
        assert_eq!(first.len(), 6);
        assert_eq!(&first[..3], &["ch17-sarah-q1", "Basic", "Prep"]);
        assert_eq!(first[5], "interview preparation");
    }
}
