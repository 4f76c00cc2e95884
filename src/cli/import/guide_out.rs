//! Writing a guide's mock-interview sets as `kind = "interview"` files. A
//! set made from a guide has its questions, each with the guide's own answer
//! as the model advice when it has one (else none: the screen says there is
//! no advice rather than borrowing another question's), and the closing
//! "Do you have any questions for us?". The rubric and the cue words are
//! the general ones of the bundled set — the signal checks (STAR, a result,
//! concise, no negativity, tailored, enthusiasm, a question asked) — without
//! their links to the bundled chapter's cards: nothing chapter-specific is
//! borrowed. Tune them in the file freely.

use anyhow::{Context, bail};
use serde::Serialize;

use super::guide::SetOut;
use super::toml_out::to_toml;

/// The rubric items a story question is rated on (those the rubric has).
const STORY_PROBES: [&str; 4] = ["star", "result", "concise", "no-negativity"];
const OTHER_PROBES: [&str; 3] = ["concise", "no-negativity", "tailored"];
const CLOSING_PROBES: [&str; 3] = ["asked-question", "tailored", "enthusiasm"];

/// The prompt of the closing question every set ends with.
pub const CLOSING_PROMPT: &str = "Do you have any questions for us?";

#[derive(Serialize)]
struct SetFile<'a> {
    kind: &'static str,
    id: &'a str,
    title: &'a str,
    rubric: &'a toml::Value,
    cues: &'a toml::Value,
    questions: Vec<QuestionOut<'a>>,
}

#[derive(Serialize)]
struct QuestionOut<'a> {
    id: String,
    prompt: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    probes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    guide_answer: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    closing: bool,
}

/// The general rubric (without `card` links) and cue words of the bundled
/// interview set.
pub struct General {
    rubric: toml::Value,
    cues: toml::Value,
    item_ids: Vec<String>,
}

impl General {
    pub fn from_bundled() -> anyhow::Result<General> {
        let text = crate::domain::content::bundled::FILES
            .iter()
            .find(|(_, text)| crate::domain::interview::is_interview_file(text))
            .map(|(_, text)| *text)
            .context("no bundled interview set to take the rubric and cue words from")?;
        let mut table: toml::Table = toml::from_str(text).context("the bundled interview set")?;
        let (Some(mut rubric), Some(cues)) = (table.remove("rubric"), table.remove("cues")) else {
            bail!("the bundled interview set has no rubric or cue words");
        };
        let mut item_ids = Vec::new();
        if let Some(items) = rubric.get_mut("items").and_then(toml::Value::as_array_mut) {
            for item in items.iter_mut().filter_map(toml::Value::as_table_mut) {
                item.remove("card");
                if let Some(id) = item.get("id").and_then(toml::Value::as_str) {
                    item_ids.push(id.to_string());
                }
            }
        }
        Ok(General {
            rubric,
            cues,
            item_ids,
        })
    }

    fn probes(&self, wanted: &[&str]) -> Vec<String> {
        wanted
            .iter()
            .filter(|p| self.item_ids.iter().any(|id| id == *p))
            .map(|p| p.to_string())
            .collect()
    }

    /// The TOML of one set; `origin` names the page in the file's comment.
    pub fn set_toml(&self, set: &SetOut, origin: &str) -> anyhow::Result<String> {
        let mut questions: Vec<QuestionOut> = set
            .questions
            .iter()
            .map(|q| QuestionOut {
                id: q.id.clone(),
                prompt: &q.prompt,
                probes: self.probes(if q.story {
                    &STORY_PROBES
                } else {
                    &OTHER_PROBES
                }),
                guide_answer: q.guide_answer.as_deref(),
                closing: false,
            })
            .collect();
        let closing_id = super::toml_out::free_id(&format!("{}-closing", set.id), |id| {
            set.questions.iter().any(|q| q.id == id) || id == set.id
        });
        questions.push(QuestionOut {
            id: closing_id,
            prompt: CLOSING_PROMPT,
            probes: self.probes(&CLOSING_PROBES),
            guide_answer: None,
            closing: true,
        });
        let file = SetFile {
            kind: "interview",
            id: &set.id,
            title: &set.title,
            rubric: &self.rubric,
            cues: &self.cues,
            questions,
        };
        let body = to_toml(&file, origin)?;
        Ok(body.replacen(
            "\n\n",
            "\n# The rubric and cue words are the general ones of the bundled set (no chapter's\n# cards); `guide_answer` is the page's own answer, where it has one.\n\n",
            1,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::super::guide::SetQuestion;
    use super::*;
    use crate::domain::interview::parse_interview;

    #[test]
    fn a_set_file_loads_with_its_closing_question_and_no_card_links() {
        let general = General::from_bundled().unwrap();
        let set = SetOut {
            id: "g-interview".into(),
            title: "Guide".into(),
            questions: vec![
                SetQuestion {
                    id: "g-q1".into(),
                    prompt: "Tell me about a time you failed.".into(),
                    guide_answer: None,
                    story: true,
                },
                SetQuestion {
                    id: "g-q2".into(),
                    prompt: "Why us?".into(),
                    guide_answer: None,
                    story: false,
                },
            ],
        };
        let text = general.set_toml(&set, "guide.md").unwrap();
        assert!(!text.contains("card ="), "{text}");
        let parsed = parse_interview(&text, "g.toml").unwrap();
        assert_eq!(parsed.questions.len(), 3);
        assert!(parsed.questions[2].closing);
        assert_eq!(
            parsed.questions[0].probes,
            ["star", "result", "concise", "no-negativity"]
        );
        assert!(parsed.rubric.iter().all(|r| r.card.is_none()));
    }
}
