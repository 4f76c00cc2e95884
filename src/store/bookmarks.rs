//! The bookmarks table: kept items with their notes.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store, ms_to_time};
use crate::domain::bookmarks::Bookmark;

impl Store {
    /// Adds or replaces the bookmark for `b.item_id`.
    pub fn upsert_bookmark(&self, b: &Bookmark) -> Result<()> {
        self.insert_bookmark(
            b,
            "chapter_id = excluded.chapter_id, title = excluded.title, \
             preview = excluded.preview, note = excluded.note, created_ms = excluded.created_ms",
        )
    }

    /// Adds a bookmark; when the item is already bookmarked (by another
    /// instance, say) its note and date are kept, so a note saved elsewhere
    /// is never wiped by adding.
    pub fn add_bookmark(&self, b: &Bookmark) -> Result<()> {
        self.insert_bookmark(
            b,
            "chapter_id = excluded.chapter_id, title = excluded.title, \
             preview = excluded.preview",
        )
    }

    /// Inserts `b`; on an existing item id, sets what `on_conflict` names.
    fn insert_bookmark(&self, b: &Bookmark, on_conflict: &str) -> Result<()> {
        self.writable()?;
        let sql = format!(
            "INSERT INTO bookmarks (item_id, chapter_id, title, preview, note, created_ms) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(item_id) DO UPDATE SET {on_conflict}"
        );
        self.conn
            .execute(
                &sql,
                params![
                    b.item_id,
                    b.chapter_id,
                    b.title,
                    b.preview,
                    b.note,
                    b.created.timestamp_millis()
                ],
            )
            .map_err(|e| self.sql(e))?;
        Ok(())
    }

    /// Sets only the note of a bookmark (nothing else is written). Returns
    /// whether the bookmark was there.
    pub fn set_bookmark_note(&self, item_id: &str, note: &str) -> Result<bool> {
        self.writable()?;
        let changed = self
            .conn
            .execute(
                "UPDATE bookmarks SET note = ?2 WHERE item_id = ?1",
                params![item_id, note],
            )
            .map_err(|e| self.sql(e))?;
        Ok(changed > 0)
    }

    /// Deletes a bookmark, returning it so the caller can undo by upserting.
    pub fn delete_bookmark(&self, item_id: &str) -> Result<Option<Bookmark>> {
        self.writable()?;
        let row = self
            .conn
            .query_row(
                "DELETE FROM bookmarks WHERE item_id = ?1 \
                 RETURNING item_id, chapter_id, title, preview, note, created_ms",
                [item_id],
                bookmark_row,
            )
            .optional()
            .map_err(|e| self.sql(e))?;
        row.map(|r| self.bookmark(r)).transpose()
    }

    /// All bookmarks, oldest first (a row that cannot be read is left out:
    /// see [`Store::bookmarks_read`]).
    pub fn bookmarks(&self) -> Result<Vec<Bookmark>> {
        Ok(self.bookmarks_read()?.0)
    }

    /// All bookmarks, oldest first, and how many rows were left out because
    /// a value in them cannot be read (a date out of range, a value of the
    /// wrong type): one bad row never hides the others.
    pub fn bookmarks_read(&self) -> Result<(Vec<Bookmark>, usize)> {
        if self.version < 2 {
            return Ok((Vec::new(), 0));
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT item_id, chapter_id, title, preview, note, created_ms FROM bookmarks \
                 ORDER BY created_ms, item_id",
            )
            .map_err(|e| self.sql(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.sql(e))?;
        let mut out = Vec::new();
        let mut unreadable = 0;
        while let Some(row) = rows.next().map_err(|e| self.sql(e))? {
            match bookmark_row(row).ok().map(|r| self.bookmark(r)) {
                Some(Ok(bookmark)) => out.push(bookmark),
                _ => unreadable += 1,
            }
        }
        Ok((out, unreadable))
    }

    pub(super) fn bookmark(&self, row: BookmarkRow) -> Result<Bookmark> {
        let (item_id, chapter_id, title, preview, note, created_ms) = row;
        Ok(Bookmark {
            item_id,
            chapter_id: chapter_id.unwrap_or_default(),
            title: title.unwrap_or_default(),
            preview: preview.unwrap_or_default(),
            note: note.unwrap_or_default(),
            created: ms_to_time(&self.path, created_ms.unwrap_or(0))?,
        })
    }
}

pub(super) type BookmarkRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
);

pub(super) fn bookmark_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BookmarkRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}
