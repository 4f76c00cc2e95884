//! The bundled chapter 17 set: it parses cleanly and everything it points at
//! exists in the chapter's other content files.

use std::collections::HashSet;

use super::*;

/// Every `id` value anywhere in a content file's TOML.
fn ids_in(text: &str) -> HashSet<String> {
    fn walk(value: &toml::Value, out: &mut HashSet<String>) {
        match value {
            toml::Value::Table(table) => {
                if let Some(toml::Value::String(id)) = table.get("id") {
                    out.insert(id.clone());
                }
                table.values().for_each(|v| walk(v, out));
            }
            toml::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let table: toml::Table = toml::from_str(text).expect("content file is TOML");
    let mut out = HashSet::new();
    walk(&toml::Value::Table(table), &mut out);
    out
}

#[test]
fn the_bundled_set_parses_without_warnings() {
    let (set, problems) =
        parse_interview_with_warnings(BUNDLED, "bundled/chapter-17-interview.toml");
    assert!(problems.is_empty(), "{problems:?}");
    let set = set.expect("parses");
    assert_eq!(set.chapter, Some(17));
    assert_eq!(set.rubric.len(), 7);
    assert!(set.questions.iter().filter(|q| !q.closing).count() >= 10);
    assert_eq!(set.closing_questions().count(), 2);
    assert!(
        set.rubric
            .iter()
            .all(|r| r.signal.is_some() && r.card.is_some()),
        "every rubric item can be suggested and links a card"
    );
}

#[test]
fn every_advice_and_card_id_exists_in_the_chapter_files() {
    let set = bundled();
    let chapter: HashSet<String> = ids_in(CHAPTER);
    let known: HashSet<String> = chapter.iter().cloned().chain(ids_in(PRACTICE)).collect();
    assert!(
        known.contains("ch17-insight-behavioral"),
        "the walk finds ids"
    );
    let missing = check_references(&set, |id| known.contains(id), |id| chapter.contains(id));
    assert!(missing.is_empty(), "{missing:?}");
    for q in &set.questions {
        assert!(
            !q.advice.is_empty() || q.general_advice.is_some(),
            "{} has advice",
            q.id
        );
        assert!(!q.points.is_empty(), "{} has talking points", q.id);
    }
    // And the check can fail: with nothing known, every reference is reported
    // at its own line.
    let all = check_references(&set, |_| false, |_| false);
    assert_eq!(all.len(), set.references.len());
    let first = &all[0];
    let line = BUNDLED
        .lines()
        .nth(first.line - 1)
        .expect("the line exists");
    assert_eq!(line, "card = \"ch17-insight-behavioral\"");
    assert_eq!(first.col, 8);
}

#[test]
fn advice_names_chapter_parts_never_practice_cards() {
    let set = bundled();
    let practice = ids_in(PRACTICE);
    let chapter = ids_in(CHAPTER);
    let problems = check_references(&set, |_| true, |id| chapter.contains(id));
    assert!(problems.is_empty(), "{problems:?}");
    // A practice card named as advice is refused, with the reason.
    let card = practice.iter().next().expect("a practice card");
    let text = BUNDLED.replacen(
        "advice = [\"ch17-sarah-q2\"",
        &format!("advice = [\"{card}\""),
        1,
    );
    let set = parse_interview(&text, "x.toml").expect("still valid");
    let problems = check_references(&set, |_| true, |id| chapter.contains(id));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .message
            .contains("a card, not a part of a chapter")
    );
}

#[test]
fn interview_ids_do_not_clash_with_the_chapter_files() {
    let ids = ids_in(BUNDLED);
    let others: HashSet<String> = ids_in(CHAPTER)
        .into_iter()
        .chain(ids_in(PRACTICE))
        .collect();
    let clashes: Vec<&String> = ids.intersection(&others).collect();
    assert!(clashes.is_empty(), "{clashes:?}");
}

#[test]
fn behavioural_questions_are_rated_on_star_and_closing_ones_on_asking() {
    let set = bundled();
    for q in &set.questions {
        if q.closing {
            assert!(q.probes.iter().any(|p| p == "asked-question"), "{}", q.id);
            assert!(!q.probes.iter().any(|p| p == "star"), "{}", q.id);
        }
        if q.advice.iter().any(|a| a == "ch17-sarah-q2")
            && q.skills.iter().all(|s| s != "self-awareness")
        {
            assert!(q.probes.iter().any(|p| p == "star"), "{}", q.id);
        }
    }
}
