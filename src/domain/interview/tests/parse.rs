//! Parse errors of interview files, each with its exact `file:line:col`.

use super::*;

/// A small valid file. Line numbers in the tests below refer to it.
const MINI: &str = r#"kind = "interview"
id = "mini"
title = "Mini"

[rubric]
[[rubric.items]]
id = "star"
label = "STAR"
description = "Structured."
signal = "star"

[cues]
situation = ["last year"]
task = ["my goal"]
action = ["i decided"]
result = ["as a result"]
numbers = ["percent"]
first_person = ["i"]
team = ["we"]
filler = ["um"]
hedging = ["maybe"]
negativity = ["useless"]
workplace = ["boss"]
enthusiasm = ["excited"]
tailoring = ["this role"]
question = ["i wonder"]

[[questions]]
id = "q1"
prompt = "Tell me about a time."
probes = ["star"]

[[questions]]
id = "end"
prompt = "Any questions?"
closing = true
"#;

/// MINI with one exact piece of text replaced (which must be there).
fn mini_with(from: &str, to: &str) -> String {
    assert!(MINI.contains(from), "fixture has no {from:?}");
    MINI.replacen(from, to, 1)
}

fn errors(text: &str) -> Vec<String> {
    match parse_interview(text, "mini.toml") {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn the_fixture_parses_into_the_model() {
    let set = parse_interview(MINI, "mini.toml").expect("valid");
    assert_eq!(set.id, "mini");
    assert_eq!(set.source, "mini.toml");
    assert_eq!(set.rubric[0].signal, Some(SignalKind::Star));
    assert_eq!(set.questions.len(), 2);
    assert_eq!(set.questions[0].probes, ["star"]);
    assert_eq!(set.questions[0].target, Target::DEFAULT);
    // No probes means every rubric item.
    assert_eq!(set.questions[1].probes, ["star"]);
    assert!(set.questions[1].closing);
    assert!(is_interview_file(MINI));
    assert!(!is_interview_file(CHAPTER));
    assert!(!is_interview_file(PRACTICE));
    assert!(!is_interview_file("not [ toml"));
}

#[test]
fn a_probe_of_an_unknown_rubric_item_is_located() {
    let text = mini_with(r#"probes = ["star"]"#, r#"probes = ["star", "STAR"]"#);
    assert_eq!(
        errors(&text),
        [
            "mini.toml:31:19: error: question `q1` probes `STAR`, which is no rubric item; expected one of star"
        ]
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    let text = mini_with(r#"probes = ["star"]"#, r#"probes = ["★", "nope"]"#);
    let errs = errors(&text);
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs[0].starts_with("mini.toml:31:11: error: question `q1` probes `★`"));
    assert!(errs[1].starts_with("mini.toml:31:16: error: question `q1` probes `nope`"));
}

#[test]
fn unknown_keys_are_refused_where_they_stand() {
    let text = mini_with("closing = true\n", "closing = true\ncolour = \"red\"\n");
    let errs = errors(&text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].starts_with("mini.toml:37:1: error: unknown field `colour`"),
        "{errs:?}"
    );
    let text = mini_with("[cues]\n", "[cues]\nsmalltalk = [\"nice weather\"]\n");
    let errs = errors(&text);
    assert!(
        errs[0].starts_with("mini.toml:13:1: error: unknown field `smalltalk`"),
        "{errs:?}"
    );
}

#[test]
fn an_empty_cue_list_is_an_error() {
    let text = mini_with(r#"filler = ["um"]"#, "filler = []");
    assert_eq!(
        errors(&text),
        [
            "mini.toml:20:10: error: empty cue list `filler`; give at least one word or phrase, or the signal can never fire"
        ]
    );
}

#[test]
fn a_missing_cue_list_is_an_error() {
    let text = mini_with("question = [\"i wonder\"]\n", "");
    let errs = errors(&text);
    assert_eq!(errs.len(), 1);
    assert!(errs[0].contains("missing field `question`"), "{errs:?}");
}

#[test]
fn a_bad_cue_is_located() {
    let text = mini_with(r#"hedging = ["maybe"]"#, r#"hedging = ["maybe", "*"]"#);
    assert_eq!(
        errors(&text),
        [
            "mini.toml:21:21: error: cue `*` in `hedging`: `*` has no word; a marker needs a word, as in `organi*`"
        ]
    );
}

#[test]
fn duplicate_ids_point_at_the_first_use() {
    let text = mini_with("id = \"end\"", "id = \"q1\"");
    assert_eq!(
        errors(&text),
        [
            "mini.toml:34:6: error: duplicate id `q1` (first used at line 29, column 6); every id in a file must be unique"
        ]
    );
}

#[test]
fn an_empty_prompt_is_an_error_and_every_problem_is_reported() {
    let text = mini_with("prompt = \"Tell me about a time.\"", "prompt = \"  \"").replacen(
        "id = \"end\"",
        "id = \"q 2\"",
        1,
    );
    assert_eq!(
        errors(&text),
        [
            "mini.toml:30:10: error: empty text: `prompt` must not be empty",
            "mini.toml:34:6: error: id `q 2` contains spaces; expected letters, digits, `-` or `_`",
        ]
    );
}

#[test]
fn an_unknown_signal_lists_the_known_ones() {
    let text = mini_with(r#"signal = "star""#, r#"signal = "stars""#);
    assert_eq!(
        errors(&text),
        [
            "mini.toml:10:10: error: unknown signal `stars`; expected one of star, result, tailored, enthusiasm, concise, no-negativity, asked-question"
        ]
    );
}

#[test]
fn a_set_needs_a_closing_question_and_the_right_kind() {
    let text = mini_with("closing = true\n", "");
    assert_eq!(
        errors(&text),
        [
            "mini.toml:1:1: error: no closing question; mark the interviewer's \"Do you have any questions for us?\" with `closing = true`"
        ]
    );
    let text = mini_with(r#"kind = "interview""#, r#"kind = "deck""#);
    assert_eq!(
        errors(&text),
        [
            "mini.toml:1:8: error: kind `deck` is not an interview file; expected `kind = \"interview\"`"
        ]
    );
}

#[test]
fn target_seconds_must_be_a_range() {
    let text = mini_with(
        "closing = true\n",
        "closing = true\ntarget_seconds = [90, 10]\n",
    );
    assert_eq!(
        errors(&text),
        [
            "mini.toml:37:18: error: `target_seconds` must be `[MIN, MAX]` with MIN below MAX, in seconds of speaking time"
        ]
    );
    let text = mini_with(
        "closing = true\n",
        "closing = true\ntarget_seconds = [10, 90]\n",
    );
    let set = parse_interview(&text, "mini.toml").expect("valid");
    assert_eq!(
        set.questions[1].target.max,
        std::time::Duration::from_secs(90)
    );
}

#[test]
fn syntax_errors_and_crlf_files_are_located() {
    let text = mini_with("title = \"Mini\"", "title = \"Mini");
    let errs = errors(&text);
    assert_eq!(errs.len(), 1);
    assert!(errs[0].starts_with("mini.toml:3:"), "{errs:?}");
    let crlf = mini_with(r#"probes = ["star"]"#, r#"probes = ["nope"]"#).replace('\n', "\r\n");
    let errs = errors(&crlf);
    assert!(errs[0].starts_with("mini.toml:31:11: error:"), "{errs:?}");
}

#[test]
fn references_to_other_files_are_kept_and_checked() {
    let text = mini_with(
        "prompt = \"Tell me about a time.\"",
        "prompt = \"Tell me about a time.\"\nadvice = [\"ch17p-nope\"]",
    );
    let set = parse_interview(&text, "mini.toml").expect("valid");
    assert_eq!(set.questions[0].advice, ["ch17p-nope"]);
    let problems = check_references(&set, |id| id == "ch17p-star-conflict", |_| false);
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "mini.toml:31:11: error: `advice` names `ch17p-nope`, which is no part of any loaded chapter"
        ]
    );
    assert!(check_references(&set, |_| true, |_| true).is_empty());
}

#[test]
fn the_old_model_field_is_read_with_a_warning() {
    let text = mini_with(
        "prompt = \"Tell me about a time.\"",
        "prompt = \"Tell me about a time.\"\nmodel = \"ch17p-star-conflict\"",
    );
    let (set, problems) = parse_interview_with_warnings(&text, "mini.toml");
    assert!(set.is_some());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].severity, Severity::Warning);
    assert!(problems[0].message.contains("`advice"), "{problems:?}");
}

#[test]
fn follow_ups_would_count_and_thresholds_are_checked_and_located() {
    let text = mini_with(
        "[[questions]]",
        "[thresholds]\nwe_heavy_at = 0\ntyped_min_percent = 150\n\n[would_count]\nsituations = \"x\"\n\n[[scripted_follow_ups]]\nid = \"fu\"\nwhen = \"quantity\"\nask = \"By how much?\"\n\n[[questions]]",
    );
    let errs = errors(&text);
    assert_eq!(errs.len(), 4, "{errs:?}");
    assert!(
        errs.iter()
            .any(|e| e.starts_with("mini.toml:30:21: error: `typed_min_percent`")),
        "{errs:?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.contains("`we_heavy_at` must be at least 1")),
        "{errs:?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.starts_with("mini.toml:33:1: error: unknown check `situations`")),
        "{errs:?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.starts_with("mini.toml:37:8: error: unknown check `quantity`")),
        "{errs:?}"
    );
}
