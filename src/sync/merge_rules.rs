//! How concurrent writes to one bookmark are resolved: what two devices
//! wrote without seeing each other's write (automerge keeps both values of
//! such a field) becomes one bookmark, the same on every device.
//!
//! - Presence (`alive`): a bookmark is there when any concurrent write says
//!   so. A delete on one machine and an edit (or a new bookmark) on the
//!   other: the edit wins, and the bookmark comes back with its note. A
//!   delete made after seeing the edit deletes it.
//! - The note: two different non-empty notes written concurrently are both
//!   kept, the later write's (by automerge's order) first, the other after a
//!   `---` line, so no note text is lost; editing the note afterwards
//!   replaces the joined text. An emptied note loses to a written one.
//! - The date made: the earliest.
//! - The chapter, title and preview (taken from the content): the later write.

use automerge::ScalarValue;
use chrono::DateTime;

use crate::domain::bookmarks::Bookmark;

/// A bookmark as the merged fields give it: `None` when deleted.
#[derive(Clone, Debug, PartialEq)]
pub struct MergedBookmark {
    pub bookmark: Option<Bookmark>,
    /// Two devices wrote its presence or note without seeing each other.
    pub conflicted: bool,
    /// Two devices wrote different notes without seeing each other's, and
    /// both were kept.
    pub notes_joined: bool,
}

/// A bookmark's fields in the document.
pub const BOOKMARK_FIELDS: [&str; 6] = ["alive", "chapter", "title", "preview", "note", "created"];

/// What joins two notes written concurrently.
pub const NOTE_SEPARATOR: &str = "\n---\n";

/// The values of each field of one bookmark, oldest write first (the
/// winner last).
#[derive(Clone, Debug, Default)]
pub struct FieldValues {
    alive: Vec<ScalarValue>,
    chapter: Vec<ScalarValue>,
    title: Vec<ScalarValue>,
    preview: Vec<ScalarValue>,
    note: Vec<ScalarValue>,
    created: Vec<ScalarValue>,
}

impl FieldValues {
    pub fn set(&mut self, field: &str, values: Vec<ScalarValue>) {
        let slot = match field {
            "alive" => &mut self.alive,
            "chapter" => &mut self.chapter,
            "title" => &mut self.title,
            "preview" => &mut self.preview,
            "note" => &mut self.note,
            "created" => &mut self.created,
            _ => return,
        };
        *slot = values;
    }

    /// The bookmark these values give (see the module doc).
    pub fn resolve(&self, item_id: &str) -> MergedBookmark {
        // a number (or `true`) says "there", `false` "deleted"
        let alive: Vec<bool> = self
            .alive
            .iter()
            .filter_map(|v| v.as_bool().or_else(|| v.as_i64().map(|_| true)))
            .collect();
        let (note, notes_conflict) = join_notes(&texts(&self.note));
        let conflicted = notes_conflict || (alive.contains(&true) && alive.contains(&false));
        // a bookmark without a presence field was written only in part:
        // what is there is kept
        if !alive.is_empty() && !alive.contains(&true) {
            return MergedBookmark {
                bookmark: None,
                conflicted,
                notes_joined: notes_conflict,
            };
        }
        let winner = |values: &[ScalarValue]| texts(values).pop().unwrap_or_default();
        let created = self
            .created
            .iter()
            .filter_map(ScalarValue::as_i64)
            .min()
            .and_then(DateTime::from_timestamp_millis)
            .unwrap_or_default();
        MergedBookmark {
            bookmark: Some(Bookmark {
                item_id: item_id.to_string(),
                chapter_id: winner(&self.chapter),
                title: winner(&self.title),
                preview: winner(&self.preview),
                note,
                created,
            }),
            conflicted,
            notes_joined: notes_conflict,
        }
    }
}

fn texts(values: &[ScalarValue]) -> Vec<String> {
    values
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// One note from the notes written concurrently (oldest first): the
/// distinct non-empty ones, newest first, joined by [`NOTE_SEPARATOR`];
/// and whether there was more than one.
pub fn join_notes(notes: &[String]) -> (String, bool) {
    let mut kept: Vec<&str> = Vec::new();
    for note in notes.iter().rev() {
        if !note.is_empty() && !kept.contains(&note.as_str()) {
            kept.push(note);
        }
    }
    (kept.join(NOTE_SEPARATOR), kept.len() > 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> ScalarValue {
        ScalarValue::Str(s.into())
    }

    #[test]
    fn an_edit_outlives_a_delete_it_did_not_see() {
        let mut fields = FieldValues::default();
        fields.set(
            "alive",
            vec![ScalarValue::Boolean(false), ScalarValue::Int(3)],
        );
        fields.set("note", vec![text("keep this")]);
        let merged = fields.resolve("q1");
        assert!(merged.conflicted);
        assert_eq!(merged.bookmark.unwrap().note, "keep this");
        fields.set("alive", vec![ScalarValue::Boolean(false)]);
        assert_eq!(fields.resolve("q1").bookmark, None);
    }

    #[test]
    fn concurrent_notes_are_both_kept_newest_first() {
        let notes = ["first".to_string(), "second".to_string()];
        assert_eq!(join_notes(&notes), ("second\n---\nfirst".to_string(), true));
        let same = ["same".to_string(), "same".to_string(), String::new()];
        assert_eq!(join_notes(&same), ("same".to_string(), false));
        assert_eq!(join_notes(&[]), (String::new(), false));
    }

    #[test]
    fn the_earliest_date_and_the_latest_title_are_kept() {
        let mut fields = FieldValues::default();
        fields.set("alive", vec![ScalarValue::Boolean(true)]);
        fields.set(
            "created",
            vec![ScalarValue::Int(900), ScalarValue::Int(500)],
        );
        fields.set("title", vec![text("old"), text("new")]);
        let b = fields.resolve("x").bookmark.unwrap();
        assert_eq!(b.created.timestamp_millis(), 500);
        assert_eq!(b.title, "new");
    }
}
