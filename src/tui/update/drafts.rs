//! Drafts: the text of every box reaches the store without a key waiting
//! for it. An edit marks its box unsaved; the save is an effect a second
//! after the last keystroke (or five seconds into steady typing), checked
//! on every update and on the idle ticks the loop sends while a save
//! waits. Whenever a box with text closes or changes hands (a card moves
//! on, a note editor closes, an interview question ends, undo brings the
//! previous card back), its text is saved at once unless it was just
//! submitted. A box opening on a key with a draft gets the draft back, with
//! a one-line message. A box emptied by the user drops its draft.

use chrono::{DateTime, Utc};

use crate::domain::content::CardKind;
use crate::domain::drafts::{self, Draft};
use crate::tui::effect::Effect;
use crate::tui::state::State;
use crate::tui::state::drafts::{LiveBox, SAVE_AFTER, SAVE_WHILE_TYPING, Unsaved};
use crate::tui::state::drill::DrillView;
use crate::tui::state::interview::InterviewView;

/// Every box holding text the user may want back, with its key: the typed
/// answer of the card on screen (in the box, or submitted and not yet
/// graded), the interview answer being written, the note being edited.
pub fn live_boxes(state: &State) -> Vec<LiveBox> {
    let mut boxes = Vec::new();
    let drill = &state.drill;
    if let Some(cur) = drill
        .current
        .as_ref()
        .filter(|_| drill.view == DrillView::Card)
        && state
            .progress
            .card(&cur.card_id)
            .is_some_and(|c| c.kind == CardKind::Typed)
    {
        let text = if cur.revealed {
            cur.typed.clone().unwrap_or_default()
        } else {
            drill.editor.text().to_string()
        };
        boxes.push(LiveBox {
            key: drafts::card_key(&cur.card_id),
            text,
            base: None,
        });
    }
    if let Some(key) = interview_key(state)
        && let Some(session) = &state.interview.session
    {
        boxes.push(LiveBox {
            key,
            text: session.editor.text().to_string(),
            base: None,
        });
    }
    if let Some(edit) = &state.bookmarks.editing {
        boxes.push(LiveBox {
            key: drafts::note_key(&edit.item_id),
            text: edit.editor.text().to_string(),
            base: Some(edit.opened_on.note.clone()),
        });
    }
    boxes
}

/// The draft key of the interview question on screen, if one is asked
/// (a follow-up to it has a key of its own).
pub fn interview_key(state: &State) -> Option<String> {
    let session = state.interview.session.as_ref()?;
    let set = state.library.interviews.get(session.set)?;
    let question = session.plan.get(session.current)?;
    let key = drafts::interview_key(&set.id, question);
    match (state.interview.view, &session.follow_up) {
        (InterviewView::Question, _) => Some(key),
        (InterviewView::FollowUp, Some(step)) => Some(format!("{key}:follow-up-{}", step.asked)),
        _ => None,
    }
}

/// An edit in the box of `key`: its draft is saved a little later.
pub fn edited(state: &mut State, key: String, now: DateTime<Utc>) -> Vec<Effect> {
    let mut effects = Vec::new();
    match &mut state.drafts.unsaved {
        Some(unsaved) if unsaved.key == key => unsaved.last = now,
        other => {
            // another box was waiting: save it now
            if let Some(previous) = other.take() {
                effects.extend(save(state, &previous.key, now, false));
            }
            state.drafts.unsaved = Some(Unsaved {
                key,
                first: now,
                last: now,
            });
        }
    }
    effects
}

/// The debounced save, when its time has come.
pub fn due(state: &mut State, now: DateTime<Utc>) -> Vec<Effect> {
    let Some(unsaved) = &state.drafts.unsaved else {
        return Vec::new();
    };
    if now - unsaved.last < SAVE_AFTER && now - unsaved.first < SAVE_WHILE_TYPING {
        return Vec::new();
    }
    let key = unsaved.key.clone();
    save(state, &key, now, false)
}

/// Saves every box whose text the store does not hold yet (quitting,
/// leaving a box).
pub fn save_all(state: &mut State, now: DateTime<Utc>) -> Vec<Effect> {
    let keys: Vec<String> = live_boxes(state).into_iter().map(|b| b.key).collect();
    keys.iter()
        .flat_map(|k| save(state, k, now, false))
        .collect()
}

/// Saves the text of the box of `key` (dropping its draft when the box is
/// empty). `force` writes it even when the store is thought to hold it
/// already (another window may have removed it).
pub fn save(state: &mut State, key: &str, now: DateTime<Utc>, force: bool) -> Vec<Effect> {
    if state.drafts.unsaved.as_ref().is_some_and(|u| u.key == key) {
        state.drafts.unsaved = None;
    }
    let Some(live) = live_boxes(state).into_iter().find(|b| b.key == key) else {
        return Vec::new();
    };
    keep(state, live, now, force)
}

fn keep(state: &mut State, live: LiveBox, now: DateTime<Utc>, force: bool) -> Vec<Effect> {
    // an empty box, or a note as it was, has nothing to keep
    if live.text.trim().is_empty() || live.base.as_deref() == Some(live.text.as_str()) {
        return match state.drafts.stored.remove(&live.key) {
            Some(old) => vec![Effect::DeleteDraft {
                key: live.key,
                text: old.text,
            }],
            None => Vec::new(),
        };
    }
    let same = state
        .drafts
        .stored
        .get(&live.key)
        .is_some_and(|d| d.text == live.text);
    if same && !force {
        return Vec::new();
    }
    let draft = Draft {
        key: live.key.clone(),
        text: live.text,
        base: live.base,
        saved: now,
    };
    state.drafts.stored.insert(live.key, draft.clone());
    vec![Effect::SaveDraft(draft)]
}

/// The text of `key` was stored for good (an answer, a note): its draft
/// goes, and its box closing is not kept as a draft.
pub fn submitted(state: &mut State, key: &str) -> Vec<Effect> {
    state.drafts.submitted.push(key.to_string());
    if state.drafts.unsaved.as_ref().is_some_and(|u| u.key == key) {
        state.drafts.unsaved = None;
    }
    match state.drafts.stored.remove(key) {
        Some(old) => vec![Effect::DeleteDraft {
            key: key.to_string(),
            text: old.text,
        }],
        None => Vec::new(),
    }
}

/// After an update: boxes that closed or changed hands keep their text as
/// drafts; boxes that opened on a key with a draft get it back.
pub fn after_update(state: &mut State, before: Vec<LiveBox>, now: DateTime<Utc>) -> Vec<Effect> {
    let after = live_boxes(state);
    let mut effects = Vec::new();
    for gone in before {
        let still = after.iter().any(|b| b.key == gone.key);
        if still || state.drafts.submitted.contains(&gone.key) {
            continue;
        }
        if state
            .drafts
            .unsaved
            .as_ref()
            .is_some_and(|u| u.key == gone.key)
        {
            state.drafts.unsaved = None;
        }
        effects.extend(keep(state, gone, now, false));
    }
    state.drafts.submitted.clear();
    restore(state);
    effects
}

/// Puts a kept draft in a box that opened empty on its key.
fn restore(state: &mut State) {
    let mut restored = false;
    let drill = &mut state.drill;
    if let Some(cur) = drill.current.as_ref().filter(|c| !c.revealed)
        && drill.view == DrillView::Card
        && drill.editor.is_empty()
        && drill.draft_checked.as_deref() != Some(cur.card_id.as_str())
    {
        drill.draft_checked = Some(cur.card_id.clone());
        if let Some(d) = state.drafts.stored.get(&drafts::card_key(&cur.card_id)) {
            drill.editor = crate::tui::state::drill::answer_editor().with_text(&d.text);
            restored = true;
        }
    }
    let key = interview_key(state);
    if let (Some(key), Some(session)) = (key, state.interview.session.as_mut())
        && session.editor.is_empty()
        && session.draft_checked.as_deref() != Some(key.as_str())
    {
        if let Some(d) = state.drafts.stored.get(&key) {
            session.editor = crate::tui::state::interview::answer_editor().with_text(&d.text);
            restored = true;
        }
        session.draft_checked = Some(key);
    }
    if let Some(edit) = &mut state.bookmarks.editing
        && !edit.draft_checked
    {
        edit.draft_checked = true;
        let kept = state
            .drafts
            .stored
            .get(&drafts::note_key(&edit.item_id))
            .filter(|d| d.text != edit.editor.text());
        if let Some(d) = kept {
            edit.editor = crate::tui::state::bookmarks::note_editor(&d.text);
            // the draft was written against this note: a note changed since
            // (in another window) is kept beside it when this one is saved
            if let Some(base) = &d.base {
                edit.opened_on.note = base.clone();
            }
            restored = true;
        }
    }
    if restored {
        let over = [
            Some(&state.drill.editor),
            state.interview.session.as_ref().map(|s| &s.editor),
            state.bookmarks.editing.as_ref().map(|e| &e.editor),
        ]
        .into_iter()
        .flatten()
        .find_map(crate::tui::editor::Editor::kept_whole);
        state.message = Some(match over {
            Some(over) => format!("Draft restored and {over}"),
            None => "Draft restored: the text you were writing here is back".into(),
        });
    }
}
