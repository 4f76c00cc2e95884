//! `studyguide bookmarks`: the bookmarks printed as a Markdown cheat sheet or
//! as JSON, with each item's full text from the current content (or the
//! preview saved with the bookmark, marked missing). Formatting is pure; `run`
//! opens the store read-only and prints.

use std::path::Path;

use chrono::SecondsFormat;
use serde::Serialize;

use crate::cli::args::{Cli, ExportFormat};
use crate::domain::bookmarks::Bookmark;
use crate::domain::bookmarks::grouped;
use crate::domain::cards::Card;
use crate::domain::content::Library;
use crate::domain::content::sanitize::{sanitize_line, sanitize_text};
use crate::domain::document::OutlineItem;
use crate::store::{Store, StoreError};

/// One bookmark as printed in JSON.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExportedBookmark {
    pub id: String,
    pub chapter: String,
    pub title: String,
    pub text: String,
    pub note: String,
    /// RFC 3339.
    pub created: String,
    pub missing: bool,
}

/// What is printed, in the order of the bookmarks screen.
pub struct Export {
    /// (chapter heading, its bookmarks)
    pub groups: Vec<(String, Vec<ExportedBookmark>)>,
}

/// Gathers the bookmarks with their current text.
pub fn gather(
    bookmarks: &[Bookmark],
    outline: &[OutlineItem],
    library: &Library,
    cards: &[Card],
) -> Export {
    let groups = grouped(bookmarks, outline, library, cards)
        .into_iter()
        .map(|g| {
            let entries = g
                .entries
                .iter()
                .map(|e| {
                    let b = e.bookmark;
                    ExportedBookmark {
                        id: b.item_id.clone(),
                        chapter: b.chapter_id.clone(),
                        title: b.title.clone(),
                        text: e.text(outline).unwrap_or_else(|| b.preview.clone()),
                        note: b.note.clone(),
                        created: b.created.to_rfc3339_opts(SecondsFormat::Secs, true),
                        missing: e.missing,
                    }
                })
                .collect();
            (g.heading, entries)
        })
        .collect();
    Export { groups }
}

/// The printable cheat sheet. Stored text (titles, previews, notes) is
/// sanitised: no escape sequence reaches the terminal, and a title or a saved
/// preview stays on its line, so it cannot start a heading of its own.
pub fn to_markdown(export: &Export) -> String {
    let mut out = String::from("# Bookmarks\n");
    if export.groups.is_empty() {
        out.push_str(
            "\nNo bookmarks yet. In the reader or the drill, press b to bookmark an item.\n",
        );
    }
    for (heading, entries) in &export.groups {
        out.push_str(&format!("\n## {}\n", sanitize_line(heading)));
        for b in entries {
            out.push_str(&format!("\n### {}\n", sanitize_line(&b.title)));
            let text = if b.missing {
                out.push_str("\n*Missing from the current content; saved preview:*\n");
                sanitize_line(&b.text)
            } else {
                sanitize_text(&b.text)
            };
            if !text.trim().is_empty() {
                out.push_str(&format!("\n{}\n", text.trim_end()));
            }
            let note = sanitize_text(&b.note);
            if !note.trim().is_empty() {
                let quoted: Vec<&str> = note.trim_end().lines().collect();
                out.push_str(&format!("\n> Note: {}\n", quoted.join("\n> ")));
            }
        }
    }
    out
}

/// A JSON array of every bookmark.
pub fn to_json(export: &Export) -> String {
    let all: Vec<&ExportedBookmark> = export.groups.iter().flat_map(|(_, e)| e).collect();
    let mut out = serde_json::to_string_pretty(&all).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

/// `studyguide bookmarks`: prints them for the data directory and content the flags give.
pub fn run(cli: &Cli, format: ExportFormat) -> anyhow::Result<i32> {
    let library = crate::cli::context::load_library(cli);
    let text = render(&crate::cli::context::cli_store_path(cli), &library, format)?;
    crate::cli::output::write_output(None, &text)?;
    Ok(0)
}

/// Reads the store at `store_path` (read-only; a missing store has no
/// bookmarks) and formats them against `library`.
pub fn render(
    store_path: &Path,
    library: &Library,
    format: ExportFormat,
) -> Result<String, StoreError> {
    let bookmarks = match Store::open_read_only(store_path) {
        Ok(store) => {
            let (bookmarks, unreadable) = store.bookmarks_read()?;
            if unreadable > 0 {
                crate::cli::output::say(&format!(
                    "{}: warning: {unreadable} bookmark(s) with a value that cannot be read were left out",
                    crate::domain::content::sanitize::escape_controls(
                        &store_path.display().to_string()
                    )
                ));
            }
            bookmarks
        }
        Err(StoreError::Missing { .. }) => Vec::new(),
        Err(e) => return Err(e),
    };
    let outline = crate::domain::document::outline(library);
    let cards = crate::domain::cards::all_cards(library);
    let export = gather(&bookmarks, &outline, library, &cards);
    Ok(match format {
        ExportFormat::Markdown => to_markdown(&export),
        ExportFormat::Json => to_json(&export),
    })
}
