//! The positions table: small pieces of UI state kept between runs (the
//! reading position).

use rusqlite::OptionalExtension;

use super::{Result, Store};

impl Store {
    /// Saves a small piece of UI state (reading position, ...).
    pub fn set_position(&self, key: &str, value: &str) -> Result<()> {
        self.writable()?;
        self.conn
            .execute(
                "INSERT INTO positions (key, value) VALUES (?1, ?2) \
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .map_err(|e| self.sql(e))?;
        Ok(())
    }

    /// Reads back what [`Store::set_position`] saved.
    pub fn position(&self, key: &str) -> Result<Option<String>> {
        if self.version < 2 {
            return Ok(None);
        }
        let value: Option<Option<String>> = self
            .conn
            .query_row("SELECT value FROM positions WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.sql(e))?;
        Ok(value.flatten())
    }
}
