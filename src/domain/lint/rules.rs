//! The card linter's rules that read one card at a time, one small function
//! each. A rule returns what it found on the card (nothing when it passes);
//! `mod.rs` places the hits in the file and applies `lint.allow`.

use super::subject::{Shape, Subject};
use super::words::{all_stems, all_stems_in, is_stop_word, key_stems, plain, words};
use super::{Code, Field, Hit};
use crate::domain::content::CardKind;
use crate::domain::content::cloze::{gap_answers, render_cloze};

/// A back longer than this (in words) warns: an answer to learn is short.
pub const MAX_BACK_WORDS: usize = 40;
/// An unnumbered list of more items than this on a basic back warns.
pub const MAX_UNNUMBERED_ITEMS: usize = 3;

/// Every rule of one card, in order.
pub fn check(subject: &Subject) -> Vec<Hit> {
    let rules: [fn(&Subject) -> Vec<Hit>; 5] = [
        answer_in_front,
        unnumbered_list,
        long_back,
        stop_word_gap,
        not_a_question,
    ];
    rules.iter().flat_map(|rule| rule(subject)).collect()
}

/// `answer-in-front`: the front shows at least half of the key words of its
/// own answer (a cloze gap: every key word it hides is shown elsewhere).
pub fn answer_in_front(subject: &Subject) -> Vec<Hit> {
    let suggestion = "ask for the answer without naming it: take its words out of the front, \
                      or turn the card round";
    if subject.is_cloze() {
        return gap_answers(&subject.front)
            .into_iter()
            .filter_map(|(n, answer)| {
                let hidden = key_stems(answer);
                let shown = all_stems(&render_cloze(&subject.front, n, false));
                (!hidden.is_empty() && hidden.is_subset(&shown)).then(|| {
                    let message =
                        format!("gap {n} (\"{}\") is also shown on its front", plain(answer));
                    Hit::new(Code::AnswerInFront, Field::Front, message, suggestion)
                })
            })
            .collect();
    }
    let keys = &subject.answer_keys;
    let front = all_stems_in(&subject.front_text);
    let given: Vec<&str> = keys.intersection(&front).map(String::as_str).collect();
    if keys.is_empty() || given.len() * 2 < keys.len() {
        return Vec::new();
    }
    let message = format!(
        "the front holds {} of the {} key words of its answer ({})",
        given.len(),
        keys.len(),
        given.join(", ")
    );
    vec![Hit::new(
        Code::AnswerInFront,
        Field::Front,
        message,
        suggestion,
    )]
}

/// `unnumbered-list`: a basic card's back is a bulleted list of 4 or more
/// items (a set is hard to recall whole, and no order helps).
pub fn unnumbered_list(subject: &Subject) -> Vec<Hit> {
    if !matches!(
        subject.shape,
        Shape::Derived | Shape::Explicit(CardKind::Basic)
    ) {
        return Vec::new();
    }
    // a list needs a line that starts like an item
    let may_list = subject
        .back
        .lines()
        .any(|l| l.trim_start().starts_with(['-', '*', '+']));
    let items = if may_list {
        longest_unnumbered_list(&subject.back)
    } else {
        0
    };
    if items <= MAX_UNNUMBERED_ITEMS {
        return Vec::new();
    }
    let message = format!("the back is an unnumbered list of {items} items");
    let suggestion = "number the items when their order helps (and ask for them by number), \
                      or make a cloze text with one gap per item";
    vec![Hit::new(
        Code::UnnumberedList,
        Field::Back,
        message,
        suggestion,
    )]
}

/// The most items of one bulleted (not numbered) list in a Markdown text.
fn longest_unnumbered_list(markdown: &str) -> usize {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    // each open list: numbered or not, and its items so far
    let mut open: Vec<(bool, usize)> = Vec::new();
    let mut most = 0;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::List(first)) => open.push((first.is_some(), 0)),
            Event::Start(Tag::Item) => {
                if let Some((_, items)) = open.last_mut() {
                    *items += 1;
                }
            }
            Event::End(TagEnd::List(_)) => {
                if let Some((false, items)) = open.pop() {
                    most = most.max(items);
                }
            }
            _ => {}
        }
    }
    most
}

/// `long-back`: the back has more than [`MAX_BACK_WORDS`] words.
pub fn long_back(subject: &Subject) -> Vec<Hit> {
    let count = words(&subject.back_text).len();
    if count <= MAX_BACK_WORDS {
        return Vec::new();
    }
    let message = format!("the back has {count} words (more than {MAX_BACK_WORDS})");
    let suggestion = "keep one short answer per card: split the rest into cards of their own, \
                      or leave the detail to the chapter";
    vec![Hit::new(Code::LongBack, Field::Back, message, suggestion)]
}

/// `stop-word-gap`: a cloze gap hides only stop words or pronouns, which
/// many words could fill.
pub fn stop_word_gap(subject: &Subject) -> Vec<Hit> {
    if !subject.is_cloze() {
        return Vec::new();
    }
    gap_answers(&subject.front)
        .into_iter()
        .filter_map(|(n, answer)| {
            let words = words(&plain(answer));
            (!words.is_empty() && words.iter().all(|w| is_stop_word(w))).then(|| {
                let message = format!(
                    "gap {n} hides only \"{}\", a stop word or pronoun",
                    plain(answer)
                );
                let suggestion = "hide a key word or phrase instead: a term, a name or a \
                                  number that only one answer fits";
                Hit::new(Code::StopWordGap, Field::Front, message, suggestion)
            })
        })
        .collect()
}

/// `not-a-question`: the front of a question-and-answer card (made from
/// the chapter, basic or typed) does not end with a question mark: a title
/// or a statement can be answered many ways. An interviewer's prompt
/// ("Tell me about…", "Describe…") asks, and so does a deck's term card (a
/// few words, no sentence: "STAR" and its meaning).
pub fn not_a_question(subject: &Subject) -> Vec<Hit> {
    if subject.is_cloze() {
        return Vec::new();
    }
    let text = &subject.front_text;
    let end = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | ')' | '*' | '_')
    });
    if end.ends_with('?') || is_prompt(end) {
        return Vec::new();
    }
    // A deck's term card ("STAR" → its meaning) asks for the meaning of a
    // term; a sentence or a title made from the chapter does not ask.
    if subject.shape != Shape::Derived && is_term(end) {
        return Vec::new();
    }
    let suggestion = match subject.shape {
        Shape::Derived => {
            "give the card a question of its own with `card.front` \
                           (the chapter's text stays as it is)"
        }
        _ => "ask the question the back answers",
    };
    let message = format!("the front is not a question: \"{}\"", shorten(text));
    vec![Hit::new(
        Code::NotAQuestion,
        Field::Front,
        message,
        suggestion,
    )]
}

/// `unknown-from`: `from` names no card and no part of the content, so the
/// card has no sibling to keep apart from.
pub fn unknown_from(subject: &Subject, known: &impl Fn(&str) -> bool) -> Vec<Hit> {
    match &subject.from {
        Some(from) if !known(from) => {
            let message = format!("`from` names `{from}`, which no loaded file defines");
            let suggestion = "name the question, insight or card this one repeats";
            vec![Hit::new(
                Code::UnknownFrom,
                Field::From,
                message,
                suggestion,
            )]
        }
        _ => Vec::new(),
    }
}

/// A text cut to about 60 characters for a message.
fn shorten(text: &str) -> String {
    const MOST: usize = 60;
    if text.chars().count() <= MOST {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(MOST - 1).collect();
    cut.push('…');
    cut
}

/// An interviewer's prompt that asks without a question mark ("Tell me
/// about a time you…", "Describe…", "Walk me through…").
fn is_prompt(text: &str) -> bool {
    const PROMPTS: [&str; 8] = [
        "tell me about",
        "tell me how",
        "describe ",
        "give me an example",
        "give an example",
        "walk me through",
        "explain ",
        "talk me through",
    ];
    let lower = text.trim_start_matches(['*', '_', ' ']).to_lowercase();
    PROMPTS.iter().any(|p| lower.starts_with(p))
}

/// A term: a few words with no sentence in them ("On-call", "STAR",
/// "Growth mindset").
fn is_term(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=4).contains(&words) && !text.contains(['.', ',', ';', ':', '!'])
}
