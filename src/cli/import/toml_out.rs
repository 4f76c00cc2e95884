//! Writing content files: serde mirrors of the TOML schema (serialised with
//! the `toml` crate, so quotes, backslashes and `"""` are escaped correctly),
//! and the id helpers the importers share (slugs made unique).

use std::collections::HashSet;

use serde::Serialize;

use crate::domain::content::CardKind;

#[derive(Debug, Default, Serialize)]
pub struct ChapterFile {
    pub id: String,
    pub number: u32,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub introduction: Option<SectionOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interviews: Vec<InterviewOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<SectionOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub insights: Option<InsightsOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conclusion: Option<SectionOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cards: Vec<CardOut>,
}

#[derive(Debug, Serialize)]
pub struct SectionOut {
    pub id: String,
    pub title: String,
    pub body: String,
}

#[derive(Debug, Serialize)]
pub struct InterviewOut {
    pub id: String,
    pub title: String,
    pub interviewee: String,
    pub answerer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub background: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub questions: Vec<QuestionOut>,
}

#[derive(Debug, Serialize)]
pub struct QuestionOut {
    pub id: String,
    pub question: String,
    pub answer: String,
}

#[derive(Debug, Serialize)]
pub struct InsightsOut {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intro: Option<String>,
    pub items: Vec<SectionOut>,
}

#[derive(Debug, Serialize)]
pub struct DeckFile {
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    pub cards: Vec<CardOut>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardOut {
    pub id: String,
    pub kind: CardKind,
    pub front: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub back: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Card-linter warnings the card is allowed, with the reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lint: Option<LintOut>,
}

/// `lint.allow = [...]` and `lint.reason = "..."` of a card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LintOut {
    pub allow: Vec<String>,
    pub reason: String,
}

/// Serialises a content file, with a comment line saying where it came from.
pub fn to_toml<T: Serialize>(file: &T, origin: &str) -> anyhow::Result<String> {
    let body = toml::to_string_pretty(file)?;
    // a TOML comment holds no control character: the name shows them escaped
    let origin = crate::domain::content::sanitize::escape_controls(origin);
    Ok(format!(
        "# Imported from {origin} by `studyguide import`. Ids are stable: keep them when editing.\n\n{body}"
    ))
}

/// A lowercase ASCII slug of at most `max` characters, cut at a `-`.
pub fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    if out.len() > max {
        let cut = out.get(..max).and_then(|s| s.rfind('-')).unwrap_or(max);
        out.truncate(cut);
    }
    out
}

/// Hands out ids, adding `-2`, `-3`, ... when one was already given.
#[derive(Debug, Default)]
pub struct Ids {
    used: HashSet<String>,
    /// For each id asked for, the suffix to try next: many cards share the
    /// first words of their question, and each must not retry every suffix.
    next: std::collections::HashMap<String, usize>,
}

impl Ids {
    /// Marks an id as given (one used by a file the import leaves alone).
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    /// Whether an id was given or reserved.
    pub fn is_taken(&self, id: &str) -> bool {
        self.used.contains(id)
    }

    pub fn unique(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() { "item" } else { wanted };
        let mut n = self.next.get(base).copied().unwrap_or(1);
        let mut id = if n <= 1 {
            base.to_string()
        } else {
            format!("{base}-{n}")
        };
        while self.used.contains(&id) {
            n = n.max(1) + 1;
            id = format!("{base}-{n}");
        }
        self.next.insert(base.to_string(), n.max(1) + 1);
        self.used.insert(id.clone());
        id
    }
}

/// `base`, or `base-2`, `base-3`, ... : the first that `taken` says is free.
pub fn free_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut id = base.to_string();
    let mut n = 2;
    while taken(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugs_and_unique_ids() {
        assert_eq!(
            slug("Interview with a Hiring Manager", 40),
            "interview-with-a-hiring-manager"
        );
        assert_eq!(slug("  Q&A: “Why?” ", 40), "q-a-why");
        assert_eq!(slug("one two three", 8), "one-two");
        let mut ids = Ids::default();
        assert_eq!(ids.unique("a"), "a");
        assert_eq!(ids.unique("a"), "a-2");
        ids.reserve("a-3");
        assert_eq!(ids.unique("a"), "a-4");
        assert_eq!(ids.unique("a-2"), "a-2-2");
        assert_eq!(ids.unique(""), "item");
    }

    proptest! {
        #[test]
        fn any_text_round_trips_through_the_toml_writer(text in any::<String>(), title in "\\PC*") {
            let deck = DeckFile {
                kind: "deck",
                id: "d".into(),
                title: title.clone(),
                cards: vec![CardOut {
                    id: "c".into(),
                    kind: CardKind::Basic,
                    front: text.clone(),
                    back: format!("\"\"\"{text}\\\"\"\""),
                    tags: vec![text.clone()],
                    lint: None,
                }],
            };
            let written = to_toml(&deck, "x\ny").expect("serialises");
            let value: toml::Table = toml::from_str(&written).expect("parses back");
            let card = &value["cards"].as_array().expect("cards")[0];
            prop_assert_eq!(card["front"].as_str(), Some(text.as_str()));
            let back = format!("\"\"\"{text}\\\"\"\"");
            prop_assert_eq!(card["back"].as_str(), Some(back.as_str()));
            prop_assert_eq!(value["title"].as_str(), Some(title.as_str()));
        }
    }
}
