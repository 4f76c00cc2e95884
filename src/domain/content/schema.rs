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
    /// The question's own card (`card.front`, ...) or `card = false`.
    #[serde(default)]
    pub card: Option<Spanned<RawCardSetting>>,
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
    /// The insight's own card (`card.front`, ...) or `card = false`.
    #[serde(default)]
    pub card: Option<Spanned<RawCardSetting>>,
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
    /// Card-linter warnings this card may have, and why.
    #[serde(default)]
    pub lint: Option<RawLint>,
}

/// `lint.allow = ["long-back"]` with `lint.reason = "..."`: the card
/// linter's warnings a card is allowed, and why (read by `check`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLint {
    #[serde(default)]
    pub allow: Vec<Text>,
    pub reason: Option<Text>,
}

/// A question's or insight's `card`: `false` (no card), `true` (the card
/// made from the text, as without the field), or a table of its own texts.
#[derive(Debug)]
pub enum RawCardSetting {
    Flag(bool),
    Own(Box<RawOwnCard>),
}

/// `card.front`, `card.back`, `card.tags`, `card.from`, `card.lint` of a
/// question or insight.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOwnCard {
    pub front: Option<Text>,
    pub back: Option<Text>,
    #[serde(default)]
    pub tags: Vec<Text>,
    pub from: Option<Text>,
    pub lint: Option<RawLint>,
}

impl<'de> Deserialize<'de> for RawCardSetting {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CardSettingVisitor)
    }
}

struct CardSettingVisitor;

impl<'de> serde::de::Visitor<'de> for CardSettingVisitor {
    type Value = RawCardSetting;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("`false` (no card) or a table with `front`, `back`, `tags`, `from` or `lint`")
    }

    fn visit_bool<E: serde::de::Error>(self, on: bool) -> Result<RawCardSetting, E> {
        Ok(RawCardSetting::Flag(on))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawCardSetting, A::Error> {
        RawOwnCard::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            .map(|own| RawCardSetting::Own(Box::new(own)))
    }
}
