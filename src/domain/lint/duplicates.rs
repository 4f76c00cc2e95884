//! The card linter's rule across cards, `near-duplicate`: two cards whose
//! answers share most of their key words, neither naming the other in
//! `from` (so the two may come up on the same day, and each gives the other
//! away). Cards of one note (a cloze text's gaps, cards made `from` one
//! question, a card and the one it names in `from`) are siblings and never
//! warn. As in the drill, `from` is not followed further: a card made from
//! a card that is itself made from a question names the question.

use std::collections::{BTreeSet, HashMap};

use super::subject::Subject;
use super::{Code, Field, Hit};

/// Two answers are near duplicates when this share of the shorter one's
/// key words is in the longer, with at least [`FEW_IN_COMMON`] in common...
pub const SHARED_OF_SHORTER: f64 = 0.5;
pub const FEW_IN_COMMON: usize = 4;
/// ... or when this share is, with at least [`FEWEST_IN_COMMON`] (a short
/// answer repeated whole).
pub const MOST_OF_SHORTER: f64 = 0.8;
pub const FEWEST_IN_COMMON: usize = 3;
/// A key word in more answers than this finds no pairs by itself (it is
/// too common to say two answers are alike); the comparison stays fast on
/// decks of 100,000 cards.
const MOST_ANSWERS_PER_WORD: usize = 200;

/// Each card whose answer nearly repeats an earlier card's, with the hit
/// naming that card (the later card of a pair gets it).
pub fn near_duplicates(subjects: &[Subject]) -> Vec<(usize, Hit)> {
    let keys: Vec<&BTreeSet<String>> = subjects.iter().map(|s| &s.answer_keys).collect();
    let mut answers_with: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, stems) in keys.iter().enumerate() {
        for stem in stems.iter() {
            answers_with.entry(stem.as_str()).or_default().push(i);
        }
    }
    let mut found = Vec::new();
    for (i, stems) in keys.iter().enumerate() {
        if stems.len() < FEWEST_IN_COMMON {
            continue;
        }
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for stem in stems.iter() {
            let Some(list) = answers_with.get(stem.as_str()) else {
                continue;
            };
            if list.len() > MOST_ANSWERS_PER_WORD {
                continue;
            }
            for &j in list.iter().take_while(|&&j| j < i) {
                *shared.entry(j).or_insert(0) += 1;
            }
        }
        let mut pairs: Vec<usize> = shared.into_keys().collect();
        pairs.sort_unstable();
        for j in pairs {
            let (Some(a), Some(b), Some(other)) = (subjects.get(j), subjects.get(i), keys.get(j))
            else {
                continue;
            };
            if linked(a, b) || !alike(stems, other) {
                continue;
            }
            found.push((i, hit(a)));
        }
    }
    found
}

/// Whether two cards are siblings: they share a note (one names the other
/// in `from`, or both name a third), as the drill buries them.
fn linked(a: &Subject, b: &Subject) -> bool {
    a.note() == b.note()
}

/// Whether two answers' key words make them near duplicates.
pub fn alike(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    let common = a.intersection(b).count();
    let shorter = a.len().min(b.len()).max(1) as f64;
    let share = common as f64 / shorter;
    (common >= FEW_IN_COMMON && share >= SHARED_OF_SHORTER)
        || (common >= FEWEST_IN_COMMON && share >= MOST_OF_SHORTER)
}

fn hit(earlier: &Subject) -> Hit {
    let message = format!(
        "its answer nearly repeats card `{}` ({})",
        earlier.id, earlier.path
    );
    let suggestion = format!(
        "if it is the same fact, keep one card; if it repeats `{}` on purpose, say \
         `from = \"{}\"` so the two are not shown on the same day",
        earlier.id,
        earlier.note()
    );
    Hit {
        code: Code::NearDuplicate,
        field: Field::Card,
        message,
        suggestion,
    }
}
