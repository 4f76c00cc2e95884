//! The TOML schema of an interview file, as serde reads it: unknown keys are
//! refused, and every value whose position matters later keeps its span.

use std::collections::BTreeMap;

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
    pub thresholds: Option<Spanned<RawThresholds>>,
    #[serde(default)]
    pub would_count: BTreeMap<Spanned<String>, Text>,
    #[serde(default)]
    pub scripted_follow_ups: Vec<RawFollowUp>,
    #[serde(default)]
    pub questions: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawThresholds {
    pub fillers_allowed: Option<usize>,
    pub hedges_allowed: Option<usize>,
    pub we_heavy_at: Option<usize>,
    pub negation_window: Option<usize>,
    pub typed_min_percent: Option<Spanned<u32>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFollowUp {
    pub id: Text,
    pub when: Text,
    pub ask: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPoint {
    pub id: Text,
    pub label: Text,
    pub from: Option<Text>,
    pub cues: CueList,
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
    pub problem: Option<CueList>,
    pub habit: Option<CueList>,
    pub past: Option<CueList>,
    pub not_past: Option<CueList>,
    pub negation: Option<CueList>,
    pub question_words: Option<CueList>,
    pub abbreviations: Option<Spanned<Vec<Text>>>,
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
    /// Replaced by `advice`; read only to say so.
    pub model: Option<Text>,
    #[serde(default)]
    pub advice: Vec<Text>,
    pub general_advice: Option<Text>,
    /// An imported guide's own answer under the question.
    pub guide_answer: Option<Text>,
    #[serde(default)]
    pub points: Vec<RawPoint>,
    #[serde(default)]
    pub closing: bool,
    pub target_seconds: Option<Spanned<Vec<u64>>>,
}

/// Only `kind`, to tell an interview file from a chapter or deck.
#[derive(Deserialize)]
pub struct RawKind {
    pub kind: Option<String>,
}
