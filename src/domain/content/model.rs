//! The content model as the rest of the program sees it: chapters with their
//! introduction, interviews, sections, insights, conclusion and explicit cards,
//! and decks of cards. Every part has a stable `id`. Plain data, no I/O.

use serde::{Deserialize, Serialize};

use super::sanitize::escape_controls;
use crate::domain::card_id::CardId;

/// Everything loaded from the content sources, good chapters and the problems found.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Library {
    /// Chapters ordered by number (then id).
    pub chapters: Vec<Chapter>,
    /// Stand-alone decks of cards, ordered by chapter number then id.
    pub decks: Vec<Deck>,
    /// Mock-interview sets (`kind = "interview"` files), ordered by chapter then id.
    #[serde(default)]
    pub interviews: Vec<crate::domain::interview::InterviewSet>,
    /// Errors and warnings, in the order found.
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Chapter {
    pub id: String,
    pub number: u32,
    pub title: String,
    /// Where the chapter came from (a path, or `bundled/NAME`).
    pub source: String,
    pub introduction: Option<Section>,
    pub interviews: Vec<Interview>,
    /// Further plain sections, shown after the interviews.
    pub sections: Vec<Section>,
    pub insights: Option<Insights>,
    pub conclusion: Option<Section>,
    /// Explicit cards written in the chapter file.
    pub cards: Vec<CardSpec>,
    /// While start-up has put only some bodies in place (the rest wait in
    /// the content cache, see [`super::bodies`]): for each body in reading
    /// order, the bytes still to come (0 when it is in place). Empty when
    /// the chapter is complete.
    #[serde(skip)]
    pub pending_bodies: Vec<usize>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Interview {
    pub id: String,
    pub title: String,
    pub interviewee: String,
    /// How the interviewee is named before each answer ("Sarah").
    pub answerer: String,
    pub background: Option<String>,
    pub role: Option<String>,
    pub questions: Vec<QuestionAnswer>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuestionAnswer {
    pub id: String,
    pub question: String,
    pub answer: String,
    /// How the question becomes a card (the reader shows the text above).
    #[serde(default)]
    pub card: CardSetting,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Insights {
    pub id: String,
    pub title: String,
    pub intro: Option<String>,
    pub items: Vec<Insight>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Insight {
    pub id: String,
    pub title: String,
    pub body: String,
    /// How the insight becomes a card (the reader shows the text above).
    #[serde(default)]
    pub card: CardSetting,
}

/// How a question or insight becomes a flashcard: its `card` field. The
/// reader always shows the chapter's own text; only the card differs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CardSetting {
    /// The card made from the text: the question (or the insight's title)
    /// on the front, the answer (or the insight's body) on the back.
    #[default]
    Derived,
    /// `card = false`: no card.
    Off,
    /// `card.front`, `card.back`, `card.tags`, `card.from`: its own texts
    /// where given (the others derived), topic tags besides
    /// `interview`/`insight`, and the card it repeats.
    Own(OwnCard),
}

/// The texts a question or insight sets for its own card.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnCard {
    pub front: Option<String>,
    pub back: Option<String>,
    pub tags: Vec<String>,
    /// The question or card this one repeats (its sibling), as a card's `from`.
    pub from: Option<String>,
}

/// The kind of an explicit card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CardKind {
    #[default]
    Basic,
    Cloze,
    Typed,
}

/// A card as written in a content file (before cloze expansion).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CardSpec {
    pub id: CardId,
    pub front: String,
    pub back: String,
    pub tags: Vec<String>,
    pub kind: CardKind,
    /// The question or card this one was made from, if any (its sibling).
    #[serde(default)]
    pub from: Option<String>,
}

/// A file of cards that is not itself a chapter.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Deck {
    pub id: String,
    pub title: String,
    /// The chapter the deck belongs with, if any.
    pub chapter: Option<u32>,
    pub source: String,
    pub cards: Vec<CardSpec>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a content file, located by line and column (1-based).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            escape_controls(&self.path),
            self.line,
            self.col,
            sev,
            escape_controls(&self.message)
        )
    }
}

impl Library {
    pub fn chapter(&self, id: &str) -> Option<&Chapter> {
        self.chapters.iter().find(|c| c.id == id)
    }

    /// A chapter's short label ("Ch 17"), or nothing for a bad index.
    pub fn chapter_label(&self, chapter: usize) -> String {
        self.chapters
            .get(chapter)
            .map(Chapter::label)
            .unwrap_or_default()
    }

    /// The index of the chapter a deck of cards belongs to: the chapter whose
    /// id it is, or the chapter a deck file names by number.
    pub fn chapter_of_deck(&self, deck: &str) -> Option<usize> {
        self.chapters.iter().position(|c| c.id == deck).or_else(|| {
            let number = self.decks.iter().find(|d| d.id == deck)?.chapter?;
            self.chapters.iter().position(|c| c.number == number)
        })
    }

    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
    }
}

impl Chapter {
    /// The chapter's heading as shown to users: "Chapter 17: Title"; a
    /// page with no number (0, as imported guides have) shows its title.
    pub fn heading(&self) -> String {
        match self.number {
            0 => self.title.clone(),
            n => format!("Chapter {n}: {}", self.title),
        }
    }

    /// The chapter's short label: "Ch 17", or the first words of the title
    /// of a page with no number.
    pub fn label(&self) -> String {
        match self.number {
            0 => {
                let mut label = String::new();
                for word in self.title.split_whitespace() {
                    if !label.is_empty() && label.chars().count() + word.chars().count() >= 24 {
                        label.push('…');
                        break;
                    }
                    if !label.is_empty() {
                        label.push(' ');
                    }
                    label.push_str(word);
                }
                label
            }
            n => format!("Ch {n}"),
        }
    }
}

impl Interview {
    /// The outline's name for the interview: the person and their role,
    /// "Sarah Johnson — successful job seeker", "John Mitchell — HR
    /// manager". The role is the `role` field up to " at " or a comma, or
    /// else the title after "Interview with a"; words in capitals (HR) are
    /// kept, others lowered. Just the person when neither says more.
    pub fn outline_title(&self) -> String {
        let from_role = self.role.as_deref().map(|role| {
            let cut = [" at ", ",", " of "]
                .iter()
                .filter_map(|sep| role.find(sep))
                .min()
                .unwrap_or(role.len());
            role.get(..cut).unwrap_or(role).trim().to_string()
        });
        let from_title = || {
            let lower = self.title.to_lowercase();
            [
                "interview with an ",
                "interview with a ",
                "interview with the ",
                "interview with ",
            ]
            .iter()
            .find(|p| lower.starts_with(*p))
            .and_then(|p| self.title.get(p.len()..))
            .map(|rest| rest.trim().to_string())
        };
        match from_role.filter(|r| !r.is_empty()).or_else(from_title) {
            Some(role) if !role.is_empty() => {
                let words: Vec<String> = role
                    .split_whitespace()
                    .map(|w| {
                        if w.chars()
                            .filter(|c| c.is_alphabetic())
                            .all(char::is_uppercase)
                        {
                            w.to_string()
                        } else {
                            w.to_lowercase()
                        }
                    })
                    .collect();
                format!("{} — {}", self.interviewee, words.join(" "))
            }
            _ => self.interviewee.clone(),
        }
    }

    /// Who was interviewed, with their background or role when given.
    pub fn who(&self) -> String {
        match (&self.role, &self.background) {
            (Some(role), _) => format!("{} ({})", self.interviewee, role),
            _ => self.interviewee.clone(),
        }
    }
}
