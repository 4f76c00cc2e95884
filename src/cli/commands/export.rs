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
//! note per card spec (Anki makes the per-gap cards itself).

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

fn notetype(kind: CardKind) -> &'static str {
    match kind {
        CardKind::Basic => BASIC,
        CardKind::Typed => TYPED,
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
            notetype: notetype(card.kind),
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
/// advice (the back of the card or insight the question names) and the
/// follow-ups on the back.
fn interview_notes(library: &Library, deck: Option<&str>) -> Vec<Note> {
    let all = cards::all_cards(library);
    let mut out = Vec::new();
    for set in &library.interviews {
        for q in &set.questions {
            let advice = q
                .model
                .as_deref()
                .and_then(|id| all.iter().find(|c| c.id == id))
                .map(|c| c.back.to_string());
            let mut back = advice.unwrap_or_default();
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

/// A field as written in the file: tabs and newlines never appear raw; a
/// field holding a `"` (or starting with `#`) is quoted, inner quotes doubled,
/// as Anki's CSV reader expects.
pub fn field(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c => c,
        })
        .collect();
    if flat.contains('"') || flat.starts_with('#') {
        format!("\"{}\"", flat.replace('"', "\"\""))
    } else {
        flat
    }
}

/// Anki tags cannot hold spaces: they become `_`.
fn tag(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join("_")
}

/// The whole file.
pub fn render(notes: &[Note]) -> String {
    let mut out = String::from(HEADER);
    for note in notes {
        let tags: Vec<String> = note.tags.iter().map(|t| tag(t)).collect();
        let row = [
            field(&note.guid),
            field(note.notetype),
            field(&note.deck),
            field(&markdown_to_html(&note.front)),
            field(&markdown_to_html(&note.back)),
            field(&tags.join(" ")),
        ];
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    out
}

pub fn run(library: &Library, deck: Option<&str>, output: Option<&Path>) -> anyhow::Result<i32> {
    for p in library.errors() {
        crate::cli::output::say(&p.to_string());
    }
    let notes = notes(library, deck);
    crate::cli::output::write_output(output, &render(&notes))?;
    if output.is_some() {
        crate::cli::output::say(&format!("exported {} notes", notes.len()));
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_never_hold_tabs_or_newlines_and_quotes_are_doubled() {
        assert_eq!(field("a\tb\nc"), "a b c");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("plain"), "plain");
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
        let advice = cards::all_cards(&library)
            .into_iter()
            .find(|c| c.id == "ch17p-star-conflict")
            .expect("model card");
        assert!(note.back.starts_with(&*advice.back), "{}", note.back);
        assert!(note.tags.iter().any(|t| t == "interview"));
    }

    #[test]
    fn bundled_chapter_exports_a_basic_note_per_card() {
        let lib = crate::domain::content::bundled::load();
        let text = render(&notes(&lib, Some("Prep")));
        let rows: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        // 11 derived cards of the chapter, one note per card spec of the
        // practice deck, then one per interview question
        let questions = lib
            .interviews
            .iter()
            .map(|s| s.questions.len())
            .sum::<usize>();
        assert!(questions > 0);
        let chapter_rows = rows
            .iter()
            .filter(|r| !r.starts_with("ch17p-") && !r.starts_with("ch17i-"));
        assert_eq!(chapter_rows.count(), 11);
        assert_eq!(rows.len(), 11 + 37 + questions);
        let first: Vec<&str> = rows[0].split('\t').collect();
        assert_eq!(first.len(), 6);
        assert_eq!(&first[..3], &["ch17-sarah-q1", "Basic", "Prep"]);
        assert_eq!(first[5], "interview");
    }
}
