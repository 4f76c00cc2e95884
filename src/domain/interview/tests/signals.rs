//! Each signal on hand-written good and bad answers, read with the bundled
//! cue lists (the ones users get), plus the matching rules themselves.

use super::*;

const GOOD_STAR: &str = "Last year at my previous company, our biggest client \
threatened to leave after a failed release. My goal was to win back their trust \
within a month. I called their lead engineer the same day, I listened to every \
complaint and I set up a weekly review with them. I also wrote a rollback \
checklist. As a result, support tickets dropped by 40% in two months and the \
client renewed.";

const BAD_RANT: &str = "Um, I think basically we just did what the boss said, \
you know. Honestly my old manager was useless and the whole company was a joke. \
We sort of got it done, maybe.";

#[test]
fn star_coverage_on_a_good_answer_names_every_part_and_its_words() {
    let s = analyse(GOOD_STAR, &bundled().cues);
    assert_eq!(texts(&s.star.situation), ["Last year", "at my previous"]);
    assert_eq!(texts(&s.star.task), ["My goal"]);
    // "I" and a verb in the past tense, an adverb allowed between.
    assert_eq!(
        texts(&s.star.action),
        ["I called", "I listened", "I set", "I also wrote"]
    );
    assert_eq!(
        texts(&s.star.result.outcomes),
        ["As a result", "dropped", "renewed"]
    );
    assert_eq!(texts(&s.star.result.numbers), ["40%", "two"]);
    assert!(s.star.complete());
    assert!(s.star.result.specific());
}

#[test]
fn star_coverage_on_a_rant_finds_nothing() {
    let s = analyse(BAD_RANT, &bundled().cues);
    assert_eq!(s.star.covered(), []);
    assert_eq!(
        s.star.missing(),
        [
            StarPart::Situation,
            StarPart::Task,
            StarPart::Action,
            StarPart::Result
        ]
    );
}

#[test]
fn a_number_counts_for_the_result_only_beside_an_outcome_word() {
    let cues = bundled().cues;
    let s = analyse("In 2019 I joined a team of 12 people.", &cues);
    assert!(s.star.result.numbers.is_empty());
    assert!(!s.star.result.present());
    let s = analyse("In 2019 I joined. Costs dropped by 30 per cent.", &cues);
    assert_eq!(texts(&s.star.result.numbers), ["30", "per cent"]);
    let s = analyse("We improved it, but with no figure.", &cues);
    assert!(s.star.result.present() && !s.star.result.specific());
}

#[test]
fn i_and_we_are_counted_apart() {
    let cues = bundled().cues;
    let s = analyse(GOOD_STAR, &cues);
    assert_eq!(s.i.len(), 6, "{:?}", texts(&s.i));
    // "our client" says nothing about who did the work: only "we" counts.
    assert!(s.we.is_empty());
    let s = analyse(BAD_RANT, &cues);
    assert_eq!(texts(&s.i), ["I", "my"]);
    assert_eq!(texts(&s.we), ["we", "We"]);
}

#[test]
fn fillers_and_hedges_are_found_and_tallied() {
    let cues = bundled().cues;
    let s = analyse(BAD_RANT, &cues);
    assert_eq!(texts(&s.filler), ["Um", "basically", "you know", "sort of"]);
    // "I think" alone is an opener; "maybe" hedges.
    assert_eq!(texts(&s.hedging), ["maybe"]);
    let s = analyse("Um, well, um, I mean, um it basically worked.", &cues);
    let tally = tally(&s.filler);
    assert_eq!(tally[0].cue, "um");
    assert_eq!(tally[0].count, 3);
    assert_eq!(tally.len(), 3);
    assert!(analyse(GOOD_STAR, &cues).filler.is_empty());
    assert!(analyse(GOOD_STAR, &cues).hedging.is_empty());
}

#[test]
fn negativity_about_people_is_caught_with_who_it_was_about() {
    let s = analyse(BAD_RANT, &bundled().cues);
    let found: Vec<(&str, &str)> = s
        .negativity
        .iter()
        .map(|n| (n.word.text.as_str(), n.about.text.as_str()))
        .collect();
    // One remark per sentence, however many negative words it has.
    assert_eq!(found, [("useless", "manager")]);
    assert_eq!(
        s.negativity[0].sentence,
        "Honestly my old manager was useless and the whole company was a joke."
    );
}

#[test]
fn negative_words_about_things_are_not_negativity() {
    let cues = bundled().cues;
    let s = analyse(
        "The first release was a disaster, so I rebuilt the pipeline.",
        &cues,
    );
    assert!(s.negativity.is_empty());
    let s = analyse("My manager was supportive. The build was terrible.", &cues);
    assert!(s.negativity.is_empty(), "different sentences");
    assert!(analyse(GOOD_STAR, &cues).negativity.is_empty());
}

#[test]
fn enthusiasm_and_tailoring_words_are_found() {
    let cues = bundled().cues;
    let answer = "I'm really EXCITED about this role: I love building tools for \
        teachers, and your team's work on offline lessons inspired me.";
    let s = analyse(answer, &cues);
    assert_eq!(texts(&s.enthusiasm), ["EXCITED", "love", "inspired"]);
    assert_eq!(texts(&s.tailoring), ["this role", "your"]);
    let flat = analyse("It is a job. I need a job and this one pays.", &cues);
    assert!(flat.enthusiasm.is_empty());
    assert!(flat.tailoring.is_empty());
}

#[test]
fn a_closing_answer_that_asks_something_is_seen() {
    let cues = bundled().cues;
    let s = analyse(
        "Yes, thank you. What would success look like in this role after six months?",
        &cues,
    );
    assert!(s.question.asked());
    assert!(s.question.ends_with_question);
    assert_eq!(
        s.question.last(),
        Some("What would success look like in this role after six months?")
    );
    let spoken = analyse("I'd love to know how the team measures success", &cues);
    assert!(spoken.question.asked());
    assert_eq!(spoken.question.last(), None);
    assert_eq!(texts(&spoken.question.cues), ["I'd love to know"]);
    let none = analyse("No, I think you covered everything. Thanks.", &cues);
    assert!(!none.question.asked());
    assert!(!none.question.ends_with_question);
    let early = analyse("Is it remote? Anyway, that is all from me.", &cues);
    assert!(early.question.asked() && !early.question.ends_with_question);
    let quoted = analyse("I would ask (\"how do you measure success?\")", &cues);
    assert!(quoted.question.ends_with_question);
}

fn words(n: usize) -> String {
    vec!["word"; n].join(" ")
}

#[test]
fn length_is_judged_at_130_words_a_minute_against_one_to_two_minutes() {
    let cues = bundled().cues;
    assert_eq!(speaking_time(130), std::time::Duration::from_secs(60));
    let verdict = |n| analyse(&words(n), &cues).length.verdict;
    assert_eq!(verdict(0), LengthVerdict::Empty);
    assert_eq!(verdict(129), LengthVerdict::TooShort);
    assert_eq!(verdict(130), LengthVerdict::InRange);
    assert_eq!(verdict(260), LengthVerdict::InRange);
    assert_eq!(verdict(261), LengthVerdict::TooLong);
    let s = analyse(GOOD_STAR, &cues);
    assert_eq!(s.length.words, 70);
    assert_eq!(s.length.verdict, LengthVerdict::TooShort);
    let short = Target {
        min: std::time::Duration::from_secs(10),
        max: std::time::Duration::from_secs(90),
    };
    let s = analyse_with(
        "I'd like to know how the team works day to day.",
        &cues,
        short,
    );
    assert_eq!(s.length.verdict, LengthVerdict::TooShort);
    let s = analyse_with(&words(30), &cues, short);
    assert_eq!(s.length.verdict, LengthVerdict::InRange);
}

#[test]
fn matching_is_whole_word_case_and_punctuation_tolerant() {
    let cues = bundled().cues;
    // "cut" is an outcome word; "executed" must not match it.
    assert!(
        analyse("I executed the plan", &cues)
            .star
            .result
            .outcomes
            .is_empty()
    );
    // A phrase matches across commas and case, but not across sentences.
    let s = analyse("It happened BACK, in 2020.", &cues);
    assert_eq!(texts(&s.star.situation), ["BACK, in"]);
    let s = analyse("It was the last. Year after year it ran.", &cues);
    assert!(
        s.star.situation.is_empty(),
        "{:?}",
        texts(&s.star.situation)
    );
    // A trailing `*` matches any ending; hyphens split words.
    let s = analyse(
        "I organised it. I organized it. A co-worker was rude.",
        &cues,
    );
    assert_eq!(texts(&s.star.action), ["I organised", "I organized"]);
    let about: Vec<&str> = s.negativity.iter().map(|n| n.about.text.as_str()).collect();
    assert_eq!(about, ["co-worker"]);
}

#[test]
fn hits_are_unicode_safe_and_located_in_characters() {
    let cues = bundled().cues;
    let answer = "Café ☕ résumé — I’m ÉNORMÉMENT excited, 私は I love it";
    let s = analyse(answer, &cues);
    assert_eq!(texts(&s.enthusiasm), ["excited", "love"]);
    for hit in &s.enthusiasm {
        let by_chars: String = answer
            .chars()
            .skip(hit.chars.start)
            .take(hit.chars.len())
            .collect();
        assert_eq!(by_chars, hit.text);
    }
    // A curly apostrophe reads like a straight one.
    assert_eq!(texts(&s.i), ["I’m", "I"]);
    // Odd input never panics.
    for odd in [
        "",
        " ",
        "?",
        "’",
        "%",
        "1%",
        "\u{0301}",
        "🙂🙂?",
        "a\u{200D}b",
    ] {
        let _ = analyse(odd, &cues);
    }
    assert_eq!(
        texts(
            &analyse("Sales rose 25% this year", &cues)
                .star
                .result
                .numbers
        ),
        ["25%"]
    );
}

#[test]
fn cues_are_checked_when_read() {
    use crate::domain::interview::text::CueWord;
    assert!(Cue::parse("organi*").is_ok_and(|c| c.words == [CueWord::Prefix("organi".into())]));
    assert!(Cue::parse("To Be  Honest").is_ok_and(|c| c.words
        == [
            CueWord::Stem("to".into()),
            CueWord::Stem("be".into()),
            CueWord::Stem("honest".into())
        ]));
    assert!(Cue::parse("*").is_err());
    assert!(Cue::parse("a*b").is_err());
    assert!(Cue::parse("i *").is_err());
    assert!(Cue::parse(" ,.; ").is_err());
}

#[test]
fn contained_matches_are_dropped_and_overlapping_ones_kept() {
    let cues = bundled().cues;
    let s = analyse(
        "I'm not sure. So I started over, and then I rebuilt it.",
        &cues,
    );
    assert_eq!(texts(&s.hedging), ["I'm not sure"], "not also \"not sure\"");
    assert_eq!(texts(&s.star.action), ["So I started", "then I rebuilt"]);
}
