//! Scrolling a drill card taller than the screen (`j`/`k`, `PgUp`/`PgDn`,
//! `g`/`G`), clamped to what the card view shows at the current size. Grading
//! and the rest of the drill live in `update::drill`.

use crate::tui::action::Command;
use crate::tui::scroll;
use crate::tui::state::State;
use crate::tui::state::card_view::card_view;

/// Whether `command` scrolls the card on screen.
pub fn is_scroll(command: Command) -> bool {
    scroll::is_scroll(command)
}

/// Moves the card's first shown row; does nothing when the card fits.
pub fn scroll(state: &mut State, command: Command) {
    let Some(view) = card_view(state) else {
        return;
    };
    let page = scroll::page(view.viewport);
    let next = scroll::by_command(command, view.scroll, page, view.max_scroll());
    if let (Some(cur), Some(next)) = (&mut state.drill.current, next) {
        cur.scroll = next;
    }
}

/// After a command that may have revealed the card or shown another, the
/// new view starts at its top.
pub fn reset_if_changed(state: &mut State, before: Option<(String, bool)>) {
    let Some(cur) = &mut state.drill.current else {
        return;
    };
    if before.as_ref() != Some(&(cur.card_id.clone(), cur.revealed)) {
        cur.scroll = 0;
    }
}
