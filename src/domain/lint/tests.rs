//! Every rule against its fixture in `tests/fixtures/lint/`: each `fail-`
//! card gets the file's code, no `pass-` card does. Then `lint.allow`, and
//! the bundled content.

use super::*;
use crate::domain::content::parse::{assemble, parse_bytes_with_sources};

/// The fixtures, by the code they test.
const FIXTURES: &[(Code, &str, &str)] = &[
    (
        Code::AnswerInFront,
        "answer-in-front.toml",
        include_str!("../../../tests/fixtures/lint/answer-in-front.toml"),
    ),
    (
        Code::UnnumberedList,
        "unnumbered-list.toml",
        include_str!("../../../tests/fixtures/lint/unnumbered-list.toml"),
    ),
    (
        Code::LongBack,
        "long-back.toml",
        include_str!("../../../tests/fixtures/lint/long-back.toml"),
    ),
    (
        Code::StopWordGap,
        "stop-word-gap.toml",
        include_str!("../../../tests/fixtures/lint/stop-word-gap.toml"),
    ),
    (
        Code::NearDuplicate,
        "near-duplicate.toml",
        include_str!("../../../tests/fixtures/lint/near-duplicate.toml"),
    ),
    (
        Code::NotAQuestion,
        "not-a-question.toml",
        include_str!("../../../tests/fixtures/lint/not-a-question.toml"),
    ),
    (
        Code::UnknownFrom,
        "unknown-from.toml",
        include_str!("../../../tests/fixtures/lint/unknown-from.toml"),
    ),
];

fn lint_files(files: &[(&str, &str)]) -> LintReport {
    let mut parsed = Vec::new();
    let mut problems = Vec::new();
    let mut sources = Vec::new();
    for (name, text) in files {
        let (p, probs, src) = parse_bytes_with_sources(name, text.as_bytes());
        parsed.extend(p);
        problems.extend(probs);
        sources.extend(src);
    }
    assert_eq!(problems, vec![], "the fixtures load cleanly");
    lint(&assemble(parsed, Vec::new()), &sources)
}

#[test]
fn every_rule_fails_its_failing_cards_and_passes_its_passing_ones() {
    for &(code, name, text) in FIXTURES {
        let report = lint_files(&[(name, text)]);
        let got = |card: &str| {
            report
                .warnings
                .iter()
                .any(|f| f.card == card && f.code == code)
        };
        let ids: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("id = \""))
            .filter_map(|l| l.strip_suffix('"'))
            .collect();
        let failing: Vec<&&str> = ids.iter().filter(|id| id.starts_with("fail-")).collect();
        let passing: Vec<&&str> = ids.iter().filter(|id| id.starts_with("pass-")).collect();
        assert!(!failing.is_empty() && !passing.is_empty(), "{name}");
        for id in failing {
            assert!(got(id), "{name}: `{id}` should get {code}: {report:#?}");
        }
        for id in passing {
            assert!(
                !got(id),
                "{name}: `{id}` should not get {code}: {report:#?}"
            );
        }
    }
}

#[test]
fn a_warning_names_its_file_line_and_card_and_says_what_to_do() {
    let (_, name, text) = FIXTURES[2];
    assert_eq!(FIXTURES[2].0, Code::LongBack);
    let report = lint_files(&[(name, text)]);
    let found = report
        .warnings
        .iter()
        .find(|f| f.card == "fail-essay")
        .expect("a warning");
    let back_line = text
        .lines()
        .position(|l| l.starts_with("back = \"\"\""))
        .expect("a back")
        + 1;
    assert_eq!((found.path.as_str(), found.line), (name, back_line));
    assert_eq!(found.code.as_str(), "long-back");
    assert!(found.message.contains("words"), "{}", found.message);
    assert!(!found.suggestion.is_empty());
}

#[test]
fn allowed_warnings_need_a_reason_and_a_known_code_the_card_gets() {
    let text = include_str!("../../../tests/fixtures/lint/allow.toml");
    let report = lint_files(&[("allow.toml", text)]);
    let codes = |card: &str| -> Vec<Code> {
        report
            .warnings
            .iter()
            .filter(|f| f.card == card)
            .map(|f| f.code)
            .collect()
    };
    assert_eq!(codes("allowed"), vec![]);
    assert_eq!(codes("no-reason"), vec![Code::AllowWithoutReason]);
    assert_eq!(
        codes("bad-codes"),
        vec![Code::UnknownLintCode, Code::UnusedAllow]
    );
    let allowed: Vec<_> = report
        .allowed
        .iter()
        .map(|f| (f.card.as_str(), f.code, f.reason.as_deref()))
        .collect();
    assert_eq!(
        allowed,
        vec![
            ("allowed", Code::NotAQuestion, Some("a rehearsal prompt")),
            ("no-reason", Code::NotAQuestion, None),
        ]
    );
}

#[test]
fn a_question_with_card_false_is_not_linted() {
    let text = "id = \"c\"\nnumber = 1\ntitle = \"T\"\n[insights]\nid = \"i\"\ntitle = \"I\"\n\
                [[insights.items]]\nid = \"x\"\ntitle = \"A Title\"\nbody = \"Body.\"\ncard = false\n";
    assert_eq!(lint_files(&[("c.toml", text)]), LintReport::default());
}

#[test]
fn the_bundled_content_has_no_warning_left_unexplained() {
    let files: Vec<(&str, &str)> = crate::domain::content::bundled::FILES.to_vec();
    let report = lint_files(&files);
    let left: Vec<String> = report
        .warnings
        .iter()
        .map(|f| {
            format!(
                "{}:{}: [{}] {}: {}",
                f.path, f.line, f.code, f.card, f.message
            )
        })
        .collect();
    assert_eq!(left, Vec::<String>::new(), "every warning fixed or allowed");
    for allowed in &report.allowed {
        assert!(allowed.reason.is_some(), "{allowed:?} has a reason");
    }
}
