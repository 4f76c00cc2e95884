//! The insights section of the book's shape: a list of `* **Title**: text`
//! items, each an insight, and the text around the list as its
//! introduction.

use std::ops::Range;

use super::{Conversion, item_text, join};
use crate::cli::import::markdown_blocks::{Block, labels};
use crate::cli::import::toml_out::{InsightsOut, SectionOut, slug};

impl Conversion<'_> {
    /// The insights section titled `title`, its blocks `body`.
    pub(super) fn insights(&mut self, title: String, body: &[Block]) {
        let id = self.ids.unique(&format!("{}-insights", self.prefix));
        let mut intro: Vec<Block> = Vec::new();
        let mut items = Vec::new();
        for b in body {
            if b.items.is_empty() {
                if !items.is_empty() {
                    self.w.at(
                        b.range.start,
                        "text after the list of insights; added to the insights' introduction"
                            .into(),
                    );
                }
                intro.push(b.clone());
                continue;
            }
            for item in &b.items {
                items.push(self.insight(item));
            }
        }
        let intro = (!intro.is_empty()).then(|| join(self.src, &intro));
        self.file.insights = Some(InsightsOut {
            id,
            title,
            intro,
            items,
        });
    }

    /// One insight, the list item at `item`: `**Title**: text`, or (with a
    /// warning) its first words as the title.
    fn insight(&mut self, item: &Range<usize>) -> SectionOut {
        let text = item_text(self.src.get(item.clone()).unwrap_or_default());
        let (item_title, item_body) = match labels(&text).into_iter().next() {
            Some((label, _, 0)) => {
                let after = text.find(':').map_or(0, |c| c + 1);
                let rest = text
                    .get(after..)
                    .unwrap_or_default()
                    .trim_start_matches("**")
                    .trim();
                (label, rest.to_string())
            }
            _ => {
                self.w.at(item.start, "expected an insight as `* **Title**: text`; the first words are used as its title".into());
                let words: Vec<&str> = text.split_whitespace().take(6).collect();
                (words.join(" "), text.clone())
            }
        };
        let item_id = self.ids.unique(&format!(
            "{}-insight-{}",
            self.prefix,
            slug(&item_title, 30)
        ));
        let item_body = if item_body.is_empty() {
            self.w
                .at(item.start, format!("insight `{item_title}` has no text"));
            item_title.clone()
        } else {
            item_body
        };
        SectionOut {
            id: item_id,
            title: item_title,
            body: item_body,
        }
    }
}
