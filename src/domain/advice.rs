//! The model advice for a question: the chapter parts it names in
//! `advice` (an interview answer with who gave it, an insight, the
//! conclusion), quoted as the chapter has them, then the answer an imported
//! guide gives under the question, then the question's own general advice,
//! each marked with where it comes from. Nothing here borrows a practice card's
//! back: a question without advice has none.

use crate::domain::content::Chapter;

use crate::domain::interview::Question;

/// One piece of advice as the screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    /// The chapter part's id; `None` for general advice.
    pub id: Option<String>,
    /// Where it comes from: "Sarah Johnson, asked “How did you handle
    /// behavioral questions?”", "Insight: Enthusiasm Is Key", "General
    /// advice (not from the chapter)".
    pub source: String,
    /// The text, Markdown.
    pub text: String,
}

/// The text of a chapter part by id, with where it comes from.
pub fn chapter_part(chapters: &[Chapter], id: &str) -> Option<Advice> {
    let found = |source: String, text: &str| {
        Some(Advice {
            id: Some(id.to_string()),
            source,
            text: text.trim().to_string(),
        })
    };
    for chapter in chapters {
        for interview in &chapter.interviews {
            if let Some(q) = interview.questions.iter().find(|q| q.id == id) {
                return found(
                    format!(
                        "{}, asked \u{201C}{}\u{201D}",
                        interview.interviewee, q.question
                    ),
                    &q.answer,
                );
            }
        }
        if let Some(item) = chapter
            .insights
            .as_ref()
            .and_then(|i| i.items.iter().find(|item| item.id == id))
        {
            return found(format!("Insight: {}", item.title), &item.body);
        }
        let sections = chapter
            .introduction
            .iter()
            .chain(&chapter.sections)
            .chain(&chapter.conclusion);
        for section in sections {
            if section.id == id {
                return found(section.title.clone(), &section.body);
            }
        }
    }
    None
}

/// Every piece of advice for `question`, chapter parts first, in the order
/// the question names them. Ids no loaded chapter has are left out (`check`
/// reports them).
pub fn advice_for(chapters: &[Chapter], question: &Question) -> Vec<Advice> {
    let mut out: Vec<Advice> = question
        .advice
        .iter()
        .filter_map(|id| chapter_part(chapters, id))
        .collect();
    if let Some(answer) = &question.guide_answer {
        out.push(Advice {
            id: None,
            source: GUIDE.to_string(),
            text: answer.clone(),
        });
    }
    if let Some(general) = &question.general_advice {
        out.push(Advice {
            id: None,
            source: GENERAL.to_string(),
            text: general.clone(),
        });
    }
    out
}

/// How an imported guide's own answer is marked.
pub const GUIDE: &str = "The guide's own answer";

/// How general advice is marked.
pub const GENERAL: &str = "General advice (not from the chapter)";

/// What a question with no advice says instead.
pub const NO_ADVICE: &str = "No advice for this question.";

/// The advice as one Markdown text (for the Anki export): each piece as
/// "*source*" and its text, or `NO_ADVICE`.
pub fn advice_markdown(chapters: &[Chapter], question: &Question) -> String {
    let pieces = advice_for(chapters, question);
    if pieces.is_empty() {
        return NO_ADVICE.to_string();
    }
    pieces
        .iter()
        .map(|a| format!("*{}*\n\n{}", a.source, a.text))
        .collect::<Vec<_>>()
        .join("\n\n")
}
