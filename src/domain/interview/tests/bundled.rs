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
fn every_model_and_card_id_exists_in_the_chapter_files() {
    let set = bundled();
    let known: HashSet<String> = ids_in(CHAPTER)
        .into_iter()
        .chain(ids_in(PRACTICE))
        .collect();
    assert!(
        known.contains("ch17-insight-behavioral"),
        "the walk finds ids"
    );
    let missing = check_references(&set, |id| known.contains(id));
    assert!(missing.is_empty(), "{missing:?}");
    let models = set.questions.iter().filter(|q| q.model.is_some()).count();
    assert_eq!(
        models,
        set.questions.len(),
        "every question has model advice"
    );
    assert_eq!(set.references.len(), set.rubric.len() + models);
    // And the check can fail: with nothing known, every reference is reported
    // at its own line.
    let all = check_references(&set, |_| false);
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
        if q.model
            .as_deref()
            .is_some_and(|m| m.starts_with("ch17p-star-"))
        {
            assert!(q.probes.iter().any(|p| p == "star"), "{}", q.id);
        }
    }
}
