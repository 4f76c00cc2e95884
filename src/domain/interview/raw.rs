//! The TOML schema of an interview file, as serde reads it: unknown keys are
//! refused, and every value whose position matters later keeps its span.

use serde::Deserialize;
use toml::Spanned;

pub type Text = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSet {
    pub kind: Text,
    pub id: Text,
    pub title: Text,
    pub chapter: Option<u32>,
    pub rubric: Spanned<RawRubric>,
    pub cues: RawCues,
    #[serde(default)]
    pub questions: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRubric {
    #[serde(default)]
    pub items: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    pub id: Text,
    pub label: Text,
    pub description: Text,
    pub card: Option<Text>,
    pub signal: Option<Text>,
}

pub type CueList = Spanned<Vec<Text>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCues {
    pub situation: CueList,
    pub task: CueList,
    pub action: CueList,
    pub result: CueList,
    pub numbers: CueList,
    pub first_person: CueList,
    pub team: CueList,
    pub filler: CueList,
    pub hedging: CueList,
    pub negativity: CueList,
    pub workplace: CueList,
    pub enthusiasm: CueList,
    pub tailoring: CueList,
    pub question: CueList,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: Text,
    pub prompt: Text,
    #[serde(default)]
    pub skills: Vec<Text>,
    #[serde(default)]
    pub probes: Vec<Text>,
    #[serde(default)]
    pub follow_ups: Vec<Text>,
    pub model: Option<Text>,
    #[serde(default)]
    pub closing: bool,
    pub target_seconds: Option<Spanned<Vec<u64>>>,
}

/// Only `kind`, to tell an interview file from a chapter or deck.
#[derive(Deserialize)]
pub struct RawKind {
    pub kind: Option<String>,
}
