//! Unit tests of bookmark logic: adding, removing, undo, notes, missing ids
//! and grouping, against the bundled content and no store.

use chrono::{TimeZone, Utc};

use super::*;
use crate::domain::document::{ItemKind, outline};

fn t(n: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_770_000_000 + n, 0)
        .single()
        .expect("valid time")
}

fn lib() -> Library {
    crate::domain::content::bundled::load()
}

fn insight(items: &[OutlineItem], n: usize) -> &OutlineItem {
    items
        .iter()
        .filter(|i| i.kind == ItemKind::Insight)
        .nth(n)
        .expect("bundled chapter has insights")
}

#[test]
fn toggle_adds_then_removes_and_undo_restores_with_note() {
    let lib = lib();
    let items = outline(&lib);
    let item = insight(&items, 0);
    let mut list = Bookmarks::default();
    let added = list.toggle(from_item(item, &lib, t(0)));
    assert!(matches!(added, Toggled::Added(ref b) if b.item_id == item.id));
    assert!(list.contains(&item.id));
    assert_eq!(
        list.set_note(&item.id, "  ask about it  ").map(|b| b.note),
        Some("ask about it".into())
    );
    let removed = list.toggle(from_item(item, &lib, t(5)));
    assert!(matches!(removed, Toggled::Removed(ref b) if b.note == "ask about it"));
    assert!(list.is_empty());
    let back = list.undo().expect("something to undo");
    assert!(matches!(back, Undone::Restored(_)));
    assert_eq!(back.bookmark().note, "ask about it");
    assert_eq!(
        back.bookmark().created,
        t(0),
        "undo keeps the original date"
    );
    assert!(list.contains(&item.id));
    // then the note edit, then the add
    let note = list.undo().expect("the note edit");
    assert!(matches!(note, Undone::NoteRestored(ref b) if b.note.is_empty()));
    assert_eq!(list.get(&item.id).map(|b| b.note.as_str()), Some(""));
    let add = list.undo().expect("the add");
    assert!(matches!(add, Undone::Unadded(ref b) if b.item_id == item.id));
    assert!(!list.contains(&item.id));
    assert!(!list.can_undo());
    assert_eq!(list.undo(), None);
}

#[test]
fn undo_goes_back_several_levels_in_reverse_order() {
    let lib = lib();
    let items = outline(&lib);
    let mut list = Bookmarks::default();
    for n in 0..3 {
        list.put(from_item(insight(&items, n), &lib, t(n as i64)));
    }
    for n in 0..3 {
        list.remove(&insight(&items, n).id);
    }
    assert!(list.is_empty());
    assert_eq!(
        list.undo().map(|u| u.bookmark().item_id.clone()),
        Some(insight(&items, 2).id.clone())
    );
    assert_eq!(
        list.undo().map(|u| u.bookmark().item_id.clone()),
        Some(insight(&items, 1).id.clone())
    );
    assert_eq!(
        list.undo().map(|u| u.bookmark().item_id.clone()),
        Some(insight(&items, 0).id.clone())
    );
    assert_eq!(list.undo(), None);
    assert_eq!(list.all().len(), 3);
}

#[test]
fn bookmark_keeps_title_and_a_plain_preview() {
    let lib = lib();
    let items = outline(&lib);
    let item = insight(&items, 0);
    let b = from_item(item, &lib, t(0));
    assert_eq!(b.title, item.title);
    assert_eq!(b.chapter_id, "ch17");
    assert!(!b.preview.is_empty());
    assert!(!b.preview.contains('#'), "no heading marks: {}", b.preview);
    assert!(b.preview.chars().count() <= PREVIEW_CHARS);
}

#[test]
fn card_bookmark_is_titled_by_the_first_line_of_its_front() {
    let card = Card {
        id: "deck-x::c1".into(),
        deck: crate::domain::cards::DeckRef::new("deck-x", "Deck X"),
        front: "Use **[...]** for stories\n\nmore".into(),
        back: "STAR".into(),
        tags: Box::new([]),
        kind: crate::domain::content::CardKind::Cloze,
        from_note: Some("deck-x".into()),
    };
    let b = from_card(&card, t(0));
    assert_eq!(b.title, "Use [...] for stories");
    assert_eq!(b.preview, "STAR");
}

#[test]
fn missing_ids_are_listed_with_their_saved_preview_not_dropped() {
    let lib = lib();
    let items = outline(&lib);
    let cards = crate::domain::cards::all_cards(&lib);
    let kept = from_item(insight(&items, 1), &lib, t(0));
    let gone = Bookmark {
        item_id: "ch17-insight-that-was-renamed".into(),
        chapter_id: "ch17".into(),
        title: "Old title".into(),
        preview: "What it said then".into(),
        note: "mine".into(),
        created: t(1),
    };
    let elsewhere = Bookmark {
        item_id: "ch99-x".into(),
        chapter_id: "ch99".into(),
        ..gone.clone()
    };
    let list = vec![elsewhere.clone(), gone.clone(), kept.clone()];
    let groups = grouped(&list, &items, &lib, &cards);
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].heading, lib.chapters[0].heading());
    let ids: Vec<_> = groups[0]
        .entries
        .iter()
        .map(|e| e.bookmark.item_id.as_str())
        .collect();
    assert_eq!(ids, [kept.item_id.as_str(), gone.item_id.as_str()]);
    assert!(!groups[0].entries[0].missing);
    assert!(groups[0].entries[1].missing);
    assert_eq!(groups[0].entries[1].preview(&items), "What it said then");
    assert_eq!(groups[0].entries[1].text(&items), None);
    assert_eq!(groups[1].heading, "ch99 (missing)");
    assert!(groups[1].entries[0].missing);
}

#[test]
fn entries_follow_reading_order_within_a_chapter() {
    let lib = lib();
    let items = outline(&lib);
    let cards = crate::domain::cards::all_cards(&lib);
    let list = vec![
        from_item(insight(&items, 3), &lib, t(0)),
        from_item(&items[1], &lib, t(1)),
    ];
    let groups = grouped(&list, &items, &lib, &cards);
    assert_eq!(groups[0].entries[0].bookmark.item_id, items[1].id);
    assert_eq!(groups[0].entries[0].item, Some(1));
}

#[test]
fn cloze_card_ids_lead_to_their_base_item() {
    let lib = lib();
    let items = outline(&lib);
    let id = format!("{}::c2", items[3].id);
    assert_eq!(item_index(&id, &items), Some(3));
    assert_eq!(item_index("nothing::c1", &items), None);
    assert_eq!(item_index("x::cat", &items), None);
}

#[test]
fn body_markdown_drops_the_heading_line() {
    assert_eq!(body_markdown("## Title\n\nBody text"), "Body text");
    assert_eq!(body_markdown("# Chapter"), "");
    assert_eq!(body_markdown("plain"), "plain");
}

#[test]
fn card_bookmark_preview_is_the_back_not_the_front_again() {
    let lib = lib();
    let items = outline(&lib);
    let cards = crate::domain::cards::all_cards(&lib);
    let ids: std::collections::HashSet<&str> = items.iter().map(|i| i.id.as_str()).collect();
    let card = cards
        .iter()
        .find(|c| !ids.contains(c.id.as_str()) && !c.id.contains("::"))
        .expect("a practice card");
    let list = vec![from_card(card, t(0))];
    let groups = grouped(&list, &items, &lib, &cards);
    let entry = &groups[0].entries[0];
    let shown = entry.preview(&items);
    assert_eq!(shown, preview(&card.back));
    assert!(!shown.contains(&entry.bookmark.title), "{shown}");
}
