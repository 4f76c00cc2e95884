//! What a sync did, as one line (`pulled 42 reviews, 3 bookmarks from 2
//! devices; pushed 17; 0 conflicts`) and as the last-sync record the app's
//! status line and `config` show.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::store::SyncApplied;

/// The `sync_state` key of the last sync's record.
pub const LAST_SYNC_KEY: &str = "last_sync";

/// What one sync did.
#[derive(Clone, Debug, Default)]
pub struct SyncReport {
    /// Local changes put into this device's document.
    pub pushed: usize,
    /// What the store took from the merged document.
    pub applied: SyncApplied,
    /// Other devices whose files were read.
    pub devices: usize,
    /// Bookmarks and answers' marks two devices changed without seeing
    /// each other's change, first met in this sync: what became of each,
    /// in a sentence.
    pub conflicts: Vec<String>,
    /// Sync-tool copies of this device's own file that were merged (and
    /// removed).
    pub conflict_copies: usize,
    /// Files and batches skipped, and why.
    pub warnings: Vec<String>,
    /// This device's file in the folder.
    pub files: PathBuf,
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

impl SyncReport {
    pub fn warn(&mut self, warning: String) {
        self.warnings.push(warning);
    }

    /// The one-line summary.
    pub fn line(&self) -> String {
        let a = &self.applied;
        let mut pulled = Vec::new();
        if a.reviews > 0 {
            pulled.push(count(a.reviews, "review", "reviews"));
        }
        if a.undone > 0 {
            pulled.push(count(a.undone, "undo", "undos"));
        }
        if a.bookmarks > 0 {
            pulled.push(count(a.bookmarks, "bookmark", "bookmarks"));
        }
        if a.attempts > 0 {
            pulled.push(count(a.attempts, "interview answer", "interview answers"));
        }
        if a.marks > 0 {
            pulled.push(count(a.marks, "answer rating", "answer ratings"));
        }
        if a.points > 0 {
            pulled.push(count(a.points, "missed point", "missed points"));
        }
        let pulled = if pulled.is_empty() {
            "nothing".to_string()
        } else {
            pulled.join(", ")
        };
        let from = match self.devices {
            0 => "(no other device yet)".to_string(),
            n => format!("from {}", count(n, "device", "devices")),
        };
        let mut line = format!(
            "pulled {pulled} {from}; pushed {}; {}",
            self.pushed,
            count(self.conflicts.len(), "conflict", "conflicts"),
        );
        if self.conflict_copies > 0 {
            line.push_str(&format!(
                "; merged {}",
                count(self.conflict_copies, "conflict copy", "conflict copies")
            ));
        }
        if a.kept_local > 0 {
            line.push_str(&format!(
                "; kept {} changed here meanwhile (sent next time)",
                a.kept_local
            ));
        }
        if !self.warnings.is_empty() {
            line.push_str(&format!(
                "; {}",
                count(self.warnings.len(), "warning", "warnings")
            ));
        }
        line
    }
}

/// The last sync: when, whether it worked, and its line (or its error).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastSync {
    pub at: DateTime<Utc>,
    pub ok: bool,
    pub result: String,
}

/// The `sync_state` key of the conflicts recent syncs met.
pub const CONFLICTS_KEY: &str = "recent_conflicts";

/// How many conflicts [`RecentConflicts`] keeps.
pub const KEEP_CONFLICTS: usize = 20;

/// A conflict a sync met, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenConflict {
    pub at: DateTime<Utc>,
    pub text: String,
}

/// The conflicts recent syncs met, oldest first (the last
/// [`KEEP_CONFLICTS`]), for `sync --status`: the sync that meets one tells
/// it once, and the next sync (the one on quit) must not make it vanish.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentConflicts(pub Vec<SeenConflict>);

impl RecentConflicts {
    pub fn decode(text: &str) -> RecentConflicts {
        serde_json::from_str(text).unwrap_or_default()
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Adds what a sync at `at` met, keeping the newest.
    pub fn add(&mut self, at: DateTime<Utc>, texts: &[String]) {
        self.0.extend(texts.iter().map(|text| SeenConflict {
            at,
            text: text.clone(),
        }));
        let extra = self.0.len().saturating_sub(KEEP_CONFLICTS);
        self.0.drain(..extra);
    }
}

impl LastSync {
    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn decode(text: &str) -> Option<LastSync> {
        serde_json::from_str(text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_says_what_moved() {
        let mut report = SyncReport {
            pushed: 17,
            devices: 2,
            ..SyncReport::default()
        };
        report.applied.reviews = 42;
        report.applied.bookmarks = 3;
        assert_eq!(
            report.line(),
            "pulled 42 reviews, 3 bookmarks from 2 devices; pushed 17; 0 conflicts"
        );
        let quiet = SyncReport {
            devices: 1,
            conflicts: vec!["the note on the bookmark \"x\" was written on two machines".into()],
            ..SyncReport::default()
        };
        assert_eq!(
            quiet.line(),
            "pulled nothing from 1 device; pushed 0; 1 conflict"
        );
    }

    #[test]
    fn recent_conflicts_keep_the_newest_and_read_back() {
        let at = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let mut recent = RecentConflicts::default();
        let texts: Vec<String> = (0..25).map(|n| format!("conflict {n}")).collect();
        recent.add(at, &texts[..3]);
        recent.add(at, &texts[3..]);
        assert_eq!(recent.0.len(), KEEP_CONFLICTS);
        assert_eq!(recent.0[0].text, "conflict 5");
        assert_eq!(recent.0[KEEP_CONFLICTS - 1].text, "conflict 24");
        assert_eq!(RecentConflicts::decode(&recent.encode()), recent);
        assert_eq!(
            RecentConflicts::decode("not json"),
            RecentConflicts::default()
        );
    }
}
