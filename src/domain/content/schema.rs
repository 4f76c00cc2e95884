//! The TOML schema of a content file, as serde reads it. Fields whose position
//! matters for later checks (ids, texts) keep their span.

use serde::Deserialize;
use toml::Spanned;

use super::model::CardKind;

pub type Text = Spanned<String>;

/// A content file: a chapter (with `number` and `title`) or a deck (`kind = "deck"`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    #[serde(default)]
    pub kind: Option<Spanned<String>>,
    pub id: Text,
    pub number: Option<Spanned<u32>>,
    pub chapter: Option<Spanned<u32>>,
    pub title: Text,
    pub introduction: Option<RawSection>,
    #[serde(default)]
    pub interviews: Vec<RawInterview>,
    #[serde(default)]
    pub sections: Vec<RawSection>,
    pub insights: Option<RawInsights>,
    pub conclusion: Option<RawSection>,
    #[serde(default)]
    pub cards: Vec<RawCard>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    pub id: Text,
    pub title: Text,
    pub body: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInterview {
    pub id: Text,
    pub title: Text,
    pub interviewee: Text,
    pub answerer: Option<Text>,
    pub background: Option<Text>,
    pub role: Option<Text>,
    #[serde(default)]
    pub questions: Vec<RawQuestion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: Text,
    pub question: Text,
    pub answer: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInsights {
    pub id: Text,
    pub title: Text,
    pub intro: Option<Text>,
    #[serde(default)]
    pub items: Vec<RawInsight>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInsight {
    pub id: Text,
    pub title: Text,
    pub body: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCard {
    pub id: Text,
    pub front: Text,
    #[serde(default)]
    pub back: Option<Text>,
    #[serde(default)]
    pub tags: Vec<Text>,
    #[serde(default)]
    pub kind: CardKind,
    /// The id of the question or card this one was made from (a sibling:
    /// the two are not shown on the same day).
    #[serde(default)]
    pub from: Option<Text>,
}
