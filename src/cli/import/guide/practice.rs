//! What a guide page gives to practise, made of what the walker found in
//! it: cards (each answered question, then each term and table row), the
//! mock-interview sets of its questions and the deck of questions to ask
//! the interviewer.

use std::collections::{HashMap, HashSet};

use super::{Made, SetOut, SetQuestion};
use crate::cli::import::guide_text::is_story;
use crate::cli::import::guide_walk::FoundQuestion;
use crate::cli::import::toml_out::{CardOut, DeckFile, Ids, LintOut, slug};
use crate::domain::content::CardKind;

/// Adds the chapter's cards: each answered question (not one to ask the
/// interviewer) whose front is new, then each term and table row whose
/// front is new. Returns, for each question found, the model answer its
/// interview set shows: the page's own answer, when it became a card.
pub(super) fn cards(made: &mut Made, page_tags: &[String]) -> Vec<Option<String>> {
    let id = made.id;
    let mut fronts: HashSet<String> = HashSet::new();
    let mut model_of: Vec<Option<String>> = Vec::new();
    for q in &made.found.questions {
        let card = match (&q.answer, q.ask) {
            (Some(answer), false) if fronts.insert(q.text.clone()) => {
                let cid = made.ids.unique(&format!("{id}-{}", slug(&q.text, 40)));
                made.chapter.cards.push(CardOut {
                    id: cid.clone(),
                    kind: CardKind::Basic,
                    front: q.text.clone(),
                    back: answer.clone(),
                    tags: card_tags(page_tags),
                    lint: None,
                });
                Some(cid)
            }
            _ => None,
        };
        // the page's own answer is the question's model advice
        model_of.push(card.and(q.answer.clone()));
    }
    for c in &made.found.cards {
        if !fronts.insert(c.front.clone()) {
            continue;
        }
        made.chapter.cards.push(CardOut {
            id: made.ids.unique(&format!("{id}-{}", slug(&c.front, 40))),
            kind: CardKind::Basic,
            front: c.front.clone(),
            back: c.back.clone(),
            tags: card_tags(page_tags),
            lint: None,
        });
    }
    model_of
}

/// A card's tags: the page's own (front matter, Notion properties).
fn card_tags(page_tags: &[String]) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in page_tags
        .iter()
        .map(|t| slug(t, 30))
        .filter(|t| !t.is_empty())
    {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

/// The interview sets: one per heading holding two or more questions;
/// questions alone under their heading go together into one for the page.
pub(super) fn interview_sets(
    id: &str,
    title: &str,
    found: &[FoundQuestion],
    model_of: &[Option<String>],
    ids: &mut Ids,
) -> Vec<SetOut> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, q) in found.iter().enumerate().filter(|(_, q)| !q.ask) {
        match index.get(q.group.as_str()).and_then(|&k| groups.get_mut(k)) {
            Some((_, members)) => members.push(i),
            None => {
                index.insert(&q.group, groups.len());
                groups.push((q.group.clone(), vec![i]));
            }
        }
    }
    let (mut kept, alone): (Vec<_>, Vec<_>) = groups
        .into_iter()
        .partition(|(g, m)| m.len() > 1 && !g.is_empty());
    let pooled: Vec<usize> = alone.into_iter().flat_map(|(_, m)| m).collect();
    if !pooled.is_empty() {
        kept.push((String::new(), pooled));
    }
    kept.sort_by_key(|(_, m)| m.first().copied());
    kept.into_iter()
        .map(|(group, members)| {
            let (set_title, base) = if group.is_empty() {
                (title.to_string(), format!("{id}-interview"))
            } else {
                (
                    format!("{title}: {group}"),
                    format!("{id}-{}-set", slug(&group, 24)),
                )
            };
            let set_id = ids.unique(&base);
            let mut prompts: HashSet<&str> = HashSet::new();
            let mut questions = Vec::new();
            for i in members {
                let q = &found[i];
                if !prompts.insert(&q.text) {
                    continue;
                }
                questions.push(SetQuestion {
                    id: ids.unique(&format!("{set_id}-q{}", questions.len() + 1)),
                    prompt: q.text.clone(),
                    guide_answer: model_of.get(i).cloned().flatten(),
                    story: is_story(&q.text),
                });
            }
            SetOut {
                id: set_id,
                title: set_title,
                questions,
            }
        })
        .collect()
}

/// The questions to ask the interviewer, as a deck: the question in front,
/// the guide's note on it (or where it came from) on the back.
pub(super) fn ask_deck(
    id: &str,
    title: &str,
    found: &[FoundQuestion],
    tags: &[String],
    ids: &mut Ids,
) -> Option<DeckFile> {
    let mut fronts: HashSet<&str> = HashSet::new();
    let mut cards = Vec::new();
    for q in found.iter().filter(|q| q.ask) {
        if !fronts.insert(&q.text) {
            continue;
        }
        let back = q
            .answer
            .clone()
            .unwrap_or_else(|| format!("A question to ask the interviewer (from {title})."));
        let mut card_tags = card_tags(tags);
        card_tags.push("ask-the-interviewer".into());
        // without a note of its own, every such card's back is the same
        // line (the linter's near-duplicate, allowed with a reason)
        let lint = q.answer.is_none().then(|| LintOut {
            allow: vec!["near-duplicate".into()],
            reason: "a question to ask the interviewer, kept to be read: the back only says \
                     where it comes from"
                .into(),
        });
        cards.push(CardOut {
            id: ids.unique(&format!("{id}-ask-{}", slug(&q.text, 40))),
            kind: CardKind::Basic,
            front: q.text.clone(),
            back,
            tags: card_tags,
            lint,
        });
    }
    // the first such card is the one the others repeat: it needs no allow
    if let Some(first) = cards.iter_mut().find(|c| c.lint.is_some()) {
        first.lint = None;
    }
    (!cards.is_empty()).then(|| DeckFile {
        kind: "deck",
        id: ids.unique(&format!("{id}-ask")),
        title: format!("{title}: questions to ask the interviewer"),
        cards,
    })
}
