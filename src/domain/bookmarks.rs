//! Bookmarks as data, with neither the store nor the terminal: making one from
//! an outline item or a card, the in-memory list that mirrors the store (with
//! its undo stack of adds, removals and note edits), where a bookmark points in the
//! current content (or that it is missing there), and grouping by chapter for
//! the bookmarks screen and the export.

use chrono::{DateTime, Utc};

use crate::domain::cards::Card;
use crate::domain::content::Library;
use crate::domain::document::OutlineItem;
use crate::domain::markdown::{self, LineKind};

/// A kept item (an insight, a question, ...).
#[derive(Clone, Debug, PartialEq)]
pub struct Bookmark {
    pub item_id: String,
    pub chapter_id: String,
    pub title: String,
    pub preview: String,
    pub note: String,
    pub created: DateTime<Utc>,
}

/// How many characters of text a bookmark keeps as its preview.
pub const PREVIEW_CHARS: usize = 240;

/// Markdown as plain text on one line: headings dropped, lines joined by spaces.
pub fn plain_text(md: &str) -> String {
    markdown::layout(md, 100_000)
        .iter()
        .filter(|l| !matches!(l.kind, LineKind::Heading(_) | LineKind::Blank))
        .map(|l| l.plain().trim().to_string())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first `PREVIEW_CHARS` characters of the plain text, `…` when cut.
pub fn preview(md: &str) -> String {
    let text = plain_text(md);
    if text.chars().count() <= PREVIEW_CHARS {
        return text;
    }
    let mut cut: String = text.chars().take(PREVIEW_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// The item's Markdown without its own heading line (the title is shown apart).
pub fn body_markdown(md: &str) -> &str {
    match md.split_once('\n') {
        Some((first, rest)) if first.starts_with('#') => rest.trim(),
        None if md.starts_with('#') => "",
        _ => md.trim(),
    }
}

/// A new bookmark on an outline item.
pub fn from_item(item: &OutlineItem, library: &Library, now: DateTime<Utc>) -> Bookmark {
    Bookmark {
        item_id: item.id.clone(),
        chapter_id: library
            .chapters
            .get(item.chapter)
            .map(|c| c.id.clone())
            .unwrap_or_default(),
        title: item.title.clone(),
        preview: preview(body_markdown(&item.markdown)),
        note: String::new(),
        created: now,
    }
}

/// A new bookmark on a card: titled by the first line of its front.
pub fn from_card(card: &Card, now: DateTime<Utc>) -> Bookmark {
    let title = markdown::layout(&card.front, 100_000)
        .iter()
        .map(|l| l.plain().trim().to_string())
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| card.id.to_string());
    Bookmark {
        item_id: card.id.to_string(),
        chapter_id: card.deck.to_string(),
        title,
        preview: preview(&card.back),
        note: String::new(),
        created: now,
    }
}

/// What `toggle` did.
#[derive(Clone, Debug, PartialEq)]
pub enum Toggled {
    Added(Bookmark),
    Removed(Bookmark),
}

/// A change `undo` can take back.
#[derive(Clone, Debug, PartialEq)]
enum Change {
    /// A bookmark was added (by a toggle, or to hold a new note).
    Added(String),
    /// A bookmark was removed: all of it, note and date, to bring back.
    Removed(Bookmark),
    /// A note was changed; the note before.
    Note { item_id: String, before: String },
}

/// What `undo` did.
#[derive(Clone, Debug, PartialEq)]
pub enum Undone {
    /// A removed bookmark is back, note and date included.
    Restored(Bookmark),
    /// An added bookmark is gone again.
    Unadded(Bookmark),
    /// A note is back to what it was.
    NoteRestored(Bookmark),
}

impl Undone {
    pub fn bookmark(&self) -> &Bookmark {
        match self {
            Undone::Restored(b) | Undone::Unadded(b) | Undone::NoteRestored(b) => b,
        }
    }
}

/// The bookmarks in memory, mirroring the store, and the changes `undo`
/// takes back (most recent last): adds, removals and note edits.
#[derive(Clone, Debug, Default)]
pub struct Bookmarks {
    items: Vec<Bookmark>,
    history: Vec<Change>,
}

impl Bookmarks {
    pub fn new(items: Vec<Bookmark>) -> Self {
        Bookmarks {
            items,
            history: Vec::new(),
        }
    }

    /// Takes the store's list as it is now (another instance may have
    /// changed it); the undo history stays.
    pub fn replace_all(&mut self, items: Vec<Bookmark>) {
        self.items = items;
    }

    pub fn all(&self) -> &[Bookmark] {
        &self.items
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Bookmark> {
        self.items.iter().find(|b| b.item_id == id)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Adds `b`, replacing any bookmark with the same id (no undo step).
    pub fn put(&mut self, b: Bookmark) {
        match self.items.iter_mut().find(|x| x.item_id == b.item_id) {
            Some(slot) => *slot = b,
            None => self.items.push(b),
        }
    }

    /// Adds a new bookmark, as a step `undo` takes back.
    pub fn add(&mut self, b: Bookmark) {
        self.history.push(Change::Added(b.item_id.clone()));
        self.put(b);
    }

    /// Removes the bookmark `id`, keeping it for `undo`.
    pub fn remove(&mut self, id: &str) -> Option<Bookmark> {
        let index = self.items.iter().position(|b| b.item_id == id)?;
        let b = self.items.remove(index);
        self.history.push(Change::Removed(b.clone()));
        Some(b)
    }

    /// Removes the bookmark on `candidate.item_id` if there is one, else adds `candidate`.
    pub fn toggle(&mut self, candidate: Bookmark) -> Toggled {
        match self.remove(&candidate.item_id) {
            Some(b) => Toggled::Removed(b),
            None => {
                self.add(candidate.clone());
                Toggled::Added(candidate)
            }
        }
    }

    /// Takes back the last add, removal or note edit. A step whose
    /// bookmark is no longer there (removed since) is skipped.
    pub fn undo(&mut self) -> Option<Undone> {
        while let Some(change) = self.history.pop() {
            match change {
                Change::Removed(b) => {
                    self.put(b.clone());
                    return Some(Undone::Restored(b));
                }
                Change::Added(id) => {
                    if let Some(index) = self.items.iter().position(|b| b.item_id == id) {
                        return Some(Undone::Unadded(self.items.remove(index)));
                    }
                }
                Change::Note { item_id, before } => {
                    if let Some(b) = self.items.iter_mut().find(|b| b.item_id == item_id) {
                        b.note = before;
                        return Some(Undone::NoteRestored(b.clone()));
                    }
                }
            }
        }
        None
    }

    pub fn can_undo(&self) -> bool {
        !self.history.is_empty()
    }

    /// Sets the note of bookmark `id` (an undo step when it changes);
    /// returns the bookmark.
    pub fn set_note(&mut self, id: &str, note: &str) -> Option<Bookmark> {
        let b = self.items.iter_mut().find(|b| b.item_id == id)?;
        let note = note.trim().to_string();
        if b.note != note {
            let before = std::mem::replace(&mut b.note, note);
            self.history.push(Change::Note {
                item_id: id.to_string(),
                before,
            });
        }
        Some(b.clone())
    }
}

/// The outline item a bookmark (or card) id leads to: the item itself, or for a
/// cloze card (`id::cN`) the item of its base id.
pub fn item_index(id: &str, outline: &[OutlineItem]) -> Option<usize> {
    let base = match id.rsplit_once("::c") {
        Some((base, n)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => base,
        _ => id,
    };
    outline
        .iter()
        .position(|i| i.id == id)
        .or_else(|| outline.iter().position(|i| i.id == base))
}

/// One bookmark as the current content sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry<'a> {
    pub bookmark: &'a Bookmark,
    /// The outline item it leads to in the reader.
    pub item: Option<usize>,
    /// The card it was made on, when it is a card without an item of its own.
    pub card: Option<&'a Card>,
    /// Neither an item nor a card has this id any more.
    pub missing: bool,
}

impl Entry<'_> {
    /// The text now in the content, as Markdown; None when missing.
    pub fn text(&self, outline: &[OutlineItem]) -> Option<String> {
        if let Some(item) = self.item.and_then(|i| outline.get(i))
            && item.id == self.bookmark.item_id
        {
            return Some(body_markdown(&item.markdown).to_string());
        }
        if let Some(card) = self.card {
            return Some(format!("{}\n\n{}", card.front.trim(), card.back.trim()));
        }
        self.item
            .and_then(|i| outline.get(i))
            .map(|item| body_markdown(&item.markdown).to_string())
    }

    /// A one-line preview: from the current content, else the saved one.
    /// A card's preview is its back: the title already shows the front.
    pub fn preview(&self, outline: &[OutlineItem]) -> String {
        let on_item = self
            .item
            .and_then(|i| outline.get(i))
            .is_some_and(|item| item.id == self.bookmark.item_id);
        if let (Some(card), false) = (self.card, on_item) {
            return preview(&card.back);
        }
        match self.text(outline) {
            Some(text) => preview(&text),
            None => self.bookmark.preview.clone(),
        }
    }
}

/// Bookmarks of one chapter (or deck, or an id the content no longer has).
#[derive(Clone, Debug, PartialEq)]
pub struct Group<'a> {
    pub chapter_id: String,
    /// "Chapter 17: Title", a deck's title, or the id marked as missing.
    pub heading: String,
    pub entries: Vec<Entry<'a>>,
}

/// The bookmarks grouped by chapter in content order, each group in reading
/// order; bookmarks the content no longer holds come last in their group.
pub fn grouped<'a>(
    bookmarks: &'a [Bookmark],
    outline: &[OutlineItem],
    library: &Library,
    cards: &'a [Card],
) -> Vec<Group<'a>> {
    let mut keyed: Vec<(SortKey, Entry<'a>)> = bookmarks
        .iter()
        .enumerate()
        .map(|(n, b)| {
            let (entry, within) = entry(b, outline, cards);
            ((chapter_order(&b.chapter_id, library), within, n), entry)
        })
        .collect();
    keyed.sort_by(|(a, ea), (b, eb)| {
        a.0.cmp(&b.0)
            .then_with(|| ea.bookmark.chapter_id.cmp(&eb.bookmark.chapter_id))
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| ea.bookmark.created.cmp(&eb.bookmark.created))
            .then_with(|| a.2.cmp(&b.2))
    });
    let mut groups: Vec<Group<'a>> = Vec::new();
    for (_, entry) in keyed {
        let id = &entry.bookmark.chapter_id;
        match groups.last_mut() {
            Some(g) if g.chapter_id == *id => g.entries.push(entry),
            _ => groups.push(Group {
                chapter_id: id.clone(),
                heading: heading(id, library),
                entries: vec![entry],
            }),
        }
    }
    groups
}

/// Where a bookmark sorts: its chapter's place in the content, its place
/// in the chapter, its place in the list.
type SortKey = (usize, usize, usize);

/// A bookmark as the content sees it now, and its place in its chapter:
/// its item's index, after every item for a card without one, last when
/// the content no longer holds it.
fn entry<'a>(b: &'a Bookmark, outline: &[OutlineItem], cards: &'a [Card]) -> (Entry<'a>, usize) {
    let item = item_index(&b.item_id, outline);
    let card = cards.iter().find(|c| c.id == b.item_id);
    let own_item = item.filter(|i| outline.get(*i).is_some_and(|x| x.id == b.item_id));
    let missing = own_item.is_none() && card.is_none();
    let within = match (missing, item) {
        (false, Some(i)) => i,
        (false, None) => usize::MAX - 1,
        (true, _) => usize::MAX,
    };
    let entry = Entry {
        bookmark: b,
        item,
        card: card.filter(|_| own_item.is_none()),
        missing,
    };
    (entry, within)
}

/// A chapter's (or, after the chapters, a deck's) place in the content;
/// last for an id the content no longer has.
fn chapter_order(chapter_id: &str, library: &Library) -> usize {
    library
        .chapters
        .iter()
        .position(|c| c.id == chapter_id)
        .or_else(|| {
            library
                .decks
                .iter()
                .position(|d| d.id == chapter_id)
                .map(|d| library.chapters.len() + d)
        })
        .unwrap_or(usize::MAX)
}

fn heading(chapter_id: &str, library: &Library) -> String {
    if let Some(ch) = library.chapters.iter().find(|c| c.id == chapter_id) {
        return ch.heading();
    }
    if let Some(deck) = library.decks.iter().find(|d| d.id == chapter_id) {
        return deck.title.clone();
    }
    match chapter_id {
        "" => "Elsewhere (missing)".to_string(),
        id => format!("{id} (missing)"),
    }
}

#[cfg(test)]
mod tests;
