//! The drafts table (schema 5): text typed into a box and not yet
//! submitted, one row per box key (see `domain::drafts`). Written often
//! (a second after typing stops) and on every way out of the app; each
//! write is one statement.

use chrono::{DateTime, Utc};

use super::{Result, Store, ms_to_time};
use crate::domain::drafts::Draft;

impl Store {
    /// Keeps `text` as the draft of `key` (replacing the one there).
    pub fn save_draft(
        &self,
        key: &str,
        text: &str,
        base: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.writable()?;
        self.conn
            .execute(
                "INSERT INTO drafts (key, text, base, saved_ms) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT(key) DO UPDATE SET text = excluded.text, base = excluded.base, \
                 saved_ms = excluded.saved_ms",
                rusqlite::params![key, text, base, at.timestamp_millis()],
            )
            .map_err(|e| self.sql(e))?;
        Ok(())
    }

    /// Removes the draft of `key` if it still holds `text` (a draft another
    /// window saved since is kept). Returns whether one was removed.
    pub fn delete_draft(&self, key: &str, text: &str) -> Result<bool> {
        self.writable()?;
        let n = self
            .conn
            .execute(
                "DELETE FROM drafts WHERE key = ?1 AND text = ?2",
                [key, text],
            )
            .map_err(|e| self.sql(e))?;
        Ok(n > 0)
    }

    /// Every kept draft, by key.
    pub fn drafts(&self) -> Result<Vec<Draft>> {
        // a read-only older store has no drafts table (writable opens make it)
        if self.is_read_only()
            && !super::schema::has_table(&self.conn, "drafts").map_err(|e| self.sql(e))?
        {
            return Ok(Vec::new());
        }
        let mut stmt = self
            .conn
            .prepare("SELECT key, text, base, saved_ms FROM drafts ORDER BY key")
            .map_err(|e| self.sql(e))?;
        let rows: Vec<(String, String, Option<String>, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.sql(e))?;
        rows.into_iter()
            .map(|(key, text, base, ms)| {
                Ok(Draft {
                    key,
                    text,
                    base,
                    saved: ms_to_time(&self.path, ms)?,
                })
            })
            .collect()
    }
}
