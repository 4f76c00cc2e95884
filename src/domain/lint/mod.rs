//! The card linter: warnings about cards that are hard to learn from, after
//! the rules of good flashcards (SuperMemo's "20 rules of formulating
//! knowledge", the Anki manual). Each warning has a stable code, says where
//! the card is written and what to do, and can be allowed per card with a
//! reason (`lint.allow = ["long-back"]`, `lint.reason = "..."`). Pure: it
//! reads the content model and where each card is written, nothing else.
//! `studyguide check` runs it.

mod duplicates;
mod rules;
pub mod subject;
pub mod words;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::domain::content::{CardSource, Library, Position};
use subject::Subject;

/// What a warning is about. The codes (`as_str`) are stable: content files
/// name them in `lint.allow`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// The front holds the key words of its own answer.
    AnswerInFront,
    /// A basic card's back is an unnumbered list of 4 or more items.
    UnnumberedList,
    /// The back is over [`rules::MAX_BACK_WORDS`] words.
    LongBack,
    /// A cloze gap holds only stop words or pronouns.
    StopWordGap,
    /// Two cards' answers nearly repeat each other and neither names the
    /// other in `from`.
    NearDuplicate,
    /// The front of a question-and-answer card is not a question.
    NotAQuestion,
    /// `from` names no card or part of the content.
    UnknownFrom,
    /// `lint.allow` without `lint.reason`.
    AllowWithoutReason,
    /// `lint.allow` names a code the linter does not have.
    UnknownLintCode,
    /// `lint.allow` names a code the card does not get.
    UnusedAllow,
}

impl Code {
    /// The codes a card may allow.
    pub const ALLOWABLE: [Code; 7] = [
        Code::AnswerInFront,
        Code::UnnumberedList,
        Code::LongBack,
        Code::StopWordGap,
        Code::NearDuplicate,
        Code::NotAQuestion,
        Code::UnknownFrom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::AnswerInFront => "answer-in-front",
            Code::UnnumberedList => "unnumbered-list",
            Code::LongBack => "long-back",
            Code::StopWordGap => "stop-word-gap",
            Code::NearDuplicate => "near-duplicate",
            Code::NotAQuestion => "not-a-question",
            Code::UnknownFrom => "unknown-from",
            Code::AllowWithoutReason => "allow-without-reason",
            Code::UnknownLintCode => "unknown-lint-code",
            Code::UnusedAllow => "unused-allow",
        }
    }

    fn allowable(code: &str) -> Option<Code> {
        Code::ALLOWABLE.into_iter().find(|c| c.as_str() == code)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which part of a card a warning points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Card,
    Front,
    Back,
    From,
}

/// What one rule found on one card, before it is placed in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub code: Code,
    pub field: Field,
    /// What is wrong, for this card.
    pub message: String,
    /// What to do about it.
    pub suggestion: String,
}

impl Hit {
    fn new(code: Code, field: Field, message: String, suggestion: &str) -> Hit {
        Hit {
            code,
            field,
            message,
            suggestion: suggestion.to_string(),
        }
    }
}

/// A warning placed in its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub code: Code,
    /// The card's id.
    pub card: String,
    pub message: String,
    pub suggestion: String,
    /// The card's `lint.reason`, when the card allows this warning.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What the linter found in a library.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LintReport {
    /// Warnings to act on, in content order.
    pub warnings: Vec<Finding>,
    /// Warnings the cards allow, each with the card's reason.
    pub allowed: Vec<Finding>,
}

impl LintReport {
    /// How many warnings of each code, allowed ones apart.
    pub fn counts(&self) -> (BTreeMap<Code, usize>, BTreeMap<Code, usize>) {
        let count = |found: &[Finding]| {
            let mut counts = BTreeMap::new();
            for f in found {
                *counts.entry(f.code).or_insert(0) += 1;
            }
            counts
        };
        (count(&self.warnings), count(&self.allowed))
    }
}

/// Lints every card of `library`; `sources` say where each is written and
/// what it allows (see `parse::parse_bytes_with_sources`). A card without a
/// source is placed at the top of its file and allows nothing.
pub fn lint(library: &Library, sources: &[CardSource]) -> LintReport {
    let subjects = subject::subjects(library);
    let by_id: HashMap<&str, &CardSource> = sources.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut hits: Vec<Vec<Hit>> = subjects.iter().map(rules::check).collect();
    let known_ids = known_ids(library);
    let known = |id: &str| known_ids.contains(id);
    for (hits, subject) in hits.iter_mut().zip(&subjects) {
        hits.extend(rules::unknown_from(subject, &known));
    }
    for (i, hit) in duplicates::near_duplicates(&subjects) {
        if let Some(list) = hits.get_mut(i) {
            list.push(hit);
        }
    }
    let mut report = LintReport::default();
    for (subject, hits) in subjects.iter().zip(hits) {
        place(
            subject,
            hits,
            by_id.get(subject.id.as_str()).copied(),
            &mut report,
        );
    }
    report
}

/// Every id the library defines: chapter parts, cards, decks.
fn known_ids(library: &Library) -> std::collections::HashSet<String> {
    let mut ids: std::collections::HashSet<String> = library
        .chapters
        .iter()
        .flat_map(|c| {
            crate::domain::content::parse::chapter_ids(c)
                .into_iter()
                .map(String::from)
        })
        .collect();
    for deck in &library.decks {
        ids.insert(deck.id.clone());
        ids.extend(deck.cards.iter().map(|c| c.id.to_string()));
    }
    ids
}

/// Puts one card's hits in its file, and sorts them into warnings and
/// allowed ones by the card's `lint.allow`.
fn place(subject: &Subject, hits: Vec<Hit>, source: Option<&CardSource>, report: &mut LintReport) {
    let place = Placing { subject, source };
    let allow: &[(String, Position)] = source.map_or(&[], |s| &s.allow);
    let reason = source.and_then(|s| s.reason.clone());
    let mut hits = hits;
    hits.sort_by_key(|h| {
        let at = place.at(h.field);
        (at.line, at.col)
    });
    for hit in &hits {
        let found = place.finding(
            place.at(hit.field),
            hit.code,
            hit.message.clone(),
            hit.suggestion.clone(),
        );
        if allow.iter().any(|(code, _)| code == hit.code.as_str()) {
            report.allowed.push(Finding {
                reason: reason.clone(),
                ..found
            });
        } else {
            report.warnings.push(found);
        }
    }
    if let (Some((_, first)), None) = (allow.first(), &reason) {
        report.warnings.push(place.finding(
            *first,
            Code::AllowWithoutReason,
            "`lint.allow` has no `lint.reason`".into(),
            "say in `lint.reason` why the card is better as it is".into(),
        ));
    }
    report.warnings.extend(
        allow
            .iter()
            .filter_map(|(code, at)| place.bad_allow(code, *at, &hits)),
    );
}

/// Where one card's findings go: its file and the places of its fields.
struct Placing<'a> {
    subject: &'a Subject,
    /// The card's place in its file (none: at line 1 of the subject's).
    source: Option<&'a CardSource>,
}

impl Placing<'_> {
    /// Where `field` is written (the card's own place for a field it does
    /// not write).
    fn at(&self, field: Field) -> Position {
        let Some(s) = self.source else {
            return Position { line: 1, col: 1 };
        };
        let written = match field {
            Field::Card => None,
            Field::Front => s.front_at,
            Field::Back => s.back_at,
            Field::From => s.from_at,
        };
        written.unwrap_or(s.at)
    }

    fn finding(&self, at: Position, code: Code, message: String, suggestion: String) -> Finding {
        Finding {
            path: self
                .source
                .map_or_else(|| self.subject.path.clone(), |s| s.path.clone()),
            line: at.line,
            col: at.col,
            code,
            card: self.subject.id.clone(),
            message,
            suggestion,
            reason: None,
        }
    }

    /// A warning for a `lint.allow` entry (`code`, written `at`) that is no
    /// card-linter code, or that the card does not get among its `hits`.
    fn bad_allow(&self, code: &str, at: Position, hits: &[Hit]) -> Option<Finding> {
        match Code::allowable(code) {
            None => Some(self.finding(
                at,
                Code::UnknownLintCode,
                format!("`{code}` is not a card-linter code"),
                format!(
                    "use one of {}",
                    Code::ALLOWABLE.map(Code::as_str).join(", ")
                ),
            )),
            Some(c) if !hits.iter().any(|h| h.code == c) => Some(self.finding(
                at,
                Code::UnusedAllow,
                format!("the card allows `{code}` but does not get it"),
                "remove it from `lint.allow`".into(),
            )),
            Some(_) => None,
        }
    }
}

#[cfg(test)]
mod tests;
