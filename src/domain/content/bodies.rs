//! A chapter's bodies: the texts of its introduction, answers, sections,
//! insights and conclusion, in reading order (one "slot" each). They are
//! nearly all of a big chapter's bytes; the content cache keeps them apart
//! so start-up reads only those the first screen shows and puts the rest
//! in place right after ([`Chapter::pending_bodies`] says which are still
//! to come). Titles, ids and the insights' intro stay with the chapter.

use std::ops::Range;

use super::model::Chapter;

/// The part of a chapter the reader opens at, from a saved position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shown<'a> {
    /// The part's id.
    pub item: &'a str,
    /// Whether the first frame lays the chapter out from this part on (the
    /// position says where the part starts): the bodies above it can wait.
    pub from_item: bool,
}

/// Body bytes start-up reads before the first frame: from the part the
/// reader opens at (its saved place, or the chapter's start) on. Two
/// screens of text are a few kilobytes; a chapter whose bodies fit is read
/// whole (so any chapter the reader lays out in one go is complete).
pub const FIRST_SCREEN_BYTES: usize = 64 * 1024;

/// Which of a chapter's bodies (of byte lengths `lens`, in reading order)
/// to read before the first frame when the reader opens at `shown` (or at
/// the start): from that part on, at least [`FIRST_SCREEN_BYTES`] or to
/// the end, and every body above it unless the first frame lays the
/// chapter out from the part on.
pub fn first_screen_range(chapter: &Chapter, lens: &[usize], shown: Option<Shown>) -> Range<usize> {
    if lens.iter().sum::<usize>() <= FIRST_SCREEN_BYTES {
        return 0..lens.len();
    }
    let slot = shown.and_then(|s| slot_of(chapter, s.item));
    let start = slot.unwrap_or(0).min(lens.len());
    let mut end = start;
    let mut bytes = 0;
    while let Some(len) = lens.get(end).filter(|_| bytes < FIRST_SCREEN_BYTES) {
        bytes += len;
        end += 1;
    }
    match shown {
        Some(s) if s.from_item && slot.is_some() => start..end,
        _ => 0..end,
    }
}

/// Every body of `chapter`, in reading order.
pub fn slots_mut(chapter: &mut Chapter) -> Vec<&mut String> {
    let mut slots = Vec::new();
    if let Some(s) = &mut chapter.introduction {
        slots.push(&mut s.body);
    }
    for iv in &mut chapter.interviews {
        slots.extend(iv.questions.iter_mut().map(|q| &mut q.answer));
    }
    slots.extend(chapter.sections.iter_mut().map(|s| &mut s.body));
    if let Some(ins) = &mut chapter.insights {
        slots.extend(ins.items.iter_mut().map(|i| &mut i.body));
    }
    if let Some(s) = &mut chapter.conclusion {
        slots.push(&mut s.body);
    }
    slots
}

/// Each part of `chapter` a reader can go to, in reading order, with
/// whether it holds a body (the chapter itself, an interview and the
/// insights' heading hold none).
pub fn items(chapter: &Chapter) -> Vec<(&str, bool)> {
    let mut items = vec![(chapter.id.as_str(), false)];
    if let Some(s) = &chapter.introduction {
        items.push((&s.id, true));
    }
    for iv in &chapter.interviews {
        items.push((&iv.id, false));
        items.extend(iv.questions.iter().map(|q| (q.id.as_str(), true)));
    }
    items.extend(chapter.sections.iter().map(|s| (s.id.as_str(), true)));
    if let Some(ins) = &chapter.insights {
        items.push((&ins.id, false));
        items.extend(ins.items.iter().map(|i| (i.id.as_str(), true)));
    }
    if let Some(s) = &chapter.conclusion {
        items.push((&s.id, true));
    }
    items
}

/// The slot of the first body at or after the part with id `id` (the
/// number of bodies before it), if the chapter has that part.
pub fn slot_of(chapter: &Chapter, id: &str) -> Option<usize> {
    let mut slot = 0;
    for (item, has_body) in items(chapter) {
        if item == id {
            return Some(slot);
        }
        slot += usize::from(has_body);
    }
    None
}

/// Takes every body out (left empty), in reading order.
pub fn take(chapter: &mut Chapter) -> Vec<String> {
    slots_mut(chapter).into_iter().map(std::mem::take).collect()
}

/// Puts `bodies` into the slots from `first` on, in order. False (and
/// nothing changed) when there are not that many slots from `first`.
pub fn put(chapter: &mut Chapter, first: usize, bodies: Vec<String>) -> bool {
    let slots = slots_mut(chapter);
    if first
        .checked_add(bodies.len())
        .is_none_or(|end| end > slots.len())
    {
        return false;
    }
    for (slot, body) in slots.into_iter().skip(first).zip(bodies) {
        *slot = body;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chapter() -> Chapter {
        let lib = crate::domain::content::bundled::load();
        lib.chapters.into_iter().next().expect("a bundled chapter")
    }

    #[test]
    fn items_are_the_chapter_ids_in_reading_order_and_slots_those_with_a_body() {
        let mut ch = chapter();
        let all: Vec<String> = items(&ch).iter().map(|(id, _)| id.to_string()).collect();
        let ids = crate::domain::content::parse::chapter_ids(&ch);
        assert_eq!(all, ids[..all.len()], "explicit cards come after");
        let with_body: Vec<String> = items(&ch)
            .into_iter()
            .filter(|(_, body)| *body)
            .map(|(id, _)| id.to_string())
            .collect();
        let bodies = take(&mut ch);
        assert_eq!(bodies.len(), with_body.len());
        assert!(bodies.iter().all(|b| !b.is_empty()));
        assert!(slots_mut(&mut ch).iter().all(|b| b.is_empty()));
        assert_eq!(slot_of(&ch, &with_body[2]), Some(2));
        assert_eq!(slot_of(&ch, &ch.id.clone()), Some(0));
        assert_eq!(slot_of(&ch, "no such id"), None);
    }

    #[test]
    fn the_first_screen_reads_from_the_shown_part_a_budget_on() {
        let ch = chapter();
        let n = slots_mut(&mut ch.clone()).len();
        let small = vec![10; n];
        assert_eq!(first_screen_range(&ch, &small, None), 0..n, "fits: all");
        let big = vec![FIRST_SCREEN_BYTES / 2; n];
        assert_eq!(first_screen_range(&ch, &big, None), 0..2);
        let with_body: Vec<&str> = items(&ch)
            .into_iter()
            .filter(|(_, body)| *body)
            .map(|(id, _)| id)
            .collect();
        let shown = |item, from_item| Some(Shown { item, from_item });
        assert_eq!(
            first_screen_range(&ch, &big, shown(with_body[3], false)),
            0..5
        );
        assert_eq!(
            first_screen_range(&ch, &big, shown(with_body[3], true)),
            3..5
        );
        let last = with_body[n - 1];
        assert_eq!(first_screen_range(&ch, &big, shown(last, false)), 0..n);
        assert_eq!(first_screen_range(&ch, &big, shown(last, true)), n - 1..n);
        assert_eq!(first_screen_range(&ch, &big, shown("gone", true)), 0..2);
    }

    #[test]
    fn taken_bodies_put_back_give_the_chapter_again() {
        let whole = chapter();
        let mut ch = whole.clone();
        let mut bodies = take(&mut ch);
        let rest = bodies.split_off(3);
        assert!(!put(&mut ch, 4, rest.clone()), "one too many from 4");
        assert!(put(&mut ch, 0, bodies));
        assert!(put(&mut ch, 3, rest));
        let json = |c: &Chapter| serde_json::to_string(c).expect("json");
        assert_eq!(json(&ch), json(&whole));
    }
}
