//! Whether a keymap leaves a way out of every screen: from each screen some
//! keys lead, through other screens and overlays, to a key that quits, and
//! each overlay and text box has a key that leaves it. A custom keymap that
//! rebinds `q` and binds `quit` only where the app never gets would
//! otherwise leave no way out but closing the terminal.
//!
//! The moves are a model of the app's, kept small: the screen keys (`1`-`5`,
//! `F1`-`F5`), the overlays each screen opens (help, content problems,
//! search, quick jump, a note), a revealed card and an interview answer,
//! and the keys that leave an overlay (`close`, `cancel`, `submit`), which
//! go back to the screen it was opened from.

use std::collections::BTreeSet;

use crate::tui::action::Command;
use crate::tui::keymap::{KeyMode, Keymap};

/// Where a problem is: the mode with no way out, and what it lacks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoWayOut {
    pub mode: KeyMode,
    pub message: String,
}

/// The screens the app shows (each with its own keys); the others are
/// overlays and text boxes opened from one of them.
const SCREENS: [KeyMode; 7] = [
    KeyMode::Reader,
    KeyMode::Drill,
    KeyMode::Answer,
    KeyMode::Bookmarks,
    KeyMode::Stats,
    KeyMode::Interview,
    KeyMode::InterviewFeedback,
];

/// The commands some key gives in `mode` (its own table, then its parents').
fn commands(keymap: &Keymap, mode: KeyMode) -> BTreeSet<Command> {
    let mut out = BTreeSet::new();
    let mut current = Some(mode);
    while let Some(m) = current {
        for (key, _) in keymap.bindings(m) {
            if let Some(command) = keymap.resolve(mode, *key) {
                out.insert(command);
            }
        }
        current = m.parent();
    }
    out
}

/// Where `command` in `mode` leads, in the model of the module doc.
fn leads_to(mode: KeyMode, command: Command) -> Option<KeyMode> {
    use Command::*;
    Some(match (mode, command) {
        (_, GoReader) => KeyMode::Reader,
        (_, GoDrill) => KeyMode::Drill,
        (_, GoBookmarks) => KeyMode::Bookmarks,
        (_, GoStats) => KeyMode::Stats,
        (_, GoInterview) => KeyMode::Interview,
        (m, Help) if m != KeyMode::Help => KeyMode::Help,
        (_, ShowErrors) => KeyMode::Errors,
        (_, Search) => KeyMode::Search,
        (_, QuickJump) => KeyMode::Jump,
        (KeyMode::Reader | KeyMode::Bookmarks, EditNote) => KeyMode::Note,
        (KeyMode::Drill, Reveal) => KeyMode::Answer,
        (KeyMode::Drill, Open) => KeyMode::Typing,
        (KeyMode::Answer, GradeAgain | GradeHard | GradeGood | GradeEasy | Close) => KeyMode::Drill,
        (KeyMode::Interview, Open) => KeyMode::InterviewAnswer,
        (KeyMode::InterviewAnswer, Submit) => KeyMode::InterviewFeedback,
        (KeyMode::InterviewFeedback, Close) => KeyMode::Interview,
        _ => return None,
    })
}

/// The commands that leave an overlay or a text box (back to the screen
/// it was opened from).
fn leaves(mode: KeyMode) -> &'static [Command] {
    use Command::*;
    match mode {
        KeyMode::Help | KeyMode::Errors => &[Close, Help],
        KeyMode::Preview => &[Close, Open],
        KeyMode::Search | KeyMode::Jump | KeyMode::Note => &[Cancel, Submit, Close],
        KeyMode::Typing | KeyMode::InterviewAnswer => &[Submit, Cancel],
        _ => &[],
    }
}

/// An action as the config file names it (`close`, `go_reader`).
fn action_name(command: Command) -> String {
    serde_json::to_value(command)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Whether quitting can be reached from `start` through the moves.
fn reaches_quit(keymap: &Keymap, start: KeyMode) -> bool {
    let mut seen = BTreeSet::from([start]);
    let mut todo = vec![start];
    while let Some(mode) = todo.pop() {
        let available = commands(keymap, mode);
        if available.contains(&Command::Quit) {
            return true;
        }
        for next in available.iter().filter_map(|c| leads_to(mode, *c)) {
            if seen.insert(next) {
                todo.push(next);
            }
        }
    }
    false
}

/// Every screen from which no key leads to quitting, and every overlay or
/// text box no key leaves; empty for a keymap with a way out everywhere.
pub fn without_a_way_out(keymap: &Keymap) -> Vec<NoWayOut> {
    let mut out = Vec::new();
    for mode in SCREENS {
        if !reaches_quit(keymap, mode) {
            out.push(NoWayOut {
                mode,
                message: format!(
                    "no key quits from the {} screen, nor from any screen or overlay its keys \
                     lead to; bind one, like [keys.global] q = \"quit\"",
                    mode.name()
                ),
            });
        }
    }
    for mode in KeyMode::ALL {
        let exits = leaves(mode);
        if exits.is_empty() {
            continue;
        }
        let available = commands(keymap, mode);
        let can_leave = exits.iter().any(|c| available.contains(c))
            || available.contains(&Command::Quit)
            || available.iter().any(|c| leads_to(mode, *c).is_some());
        if !can_leave {
            let names: Vec<String> = exits
                .iter()
                .map(|c| format!("\"{}\"", action_name(*c)))
                .collect();
            out.push(NoWayOut {
                mode,
                message: format!(
                    "no key leaves {} (none is bound to {}); bind one, like [keys.{}] esc = {}",
                    mode.name(),
                    names.join(" or "),
                    mode.name(),
                    names.first().map_or("\"close\"", String::as_str)
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(bindings: &[(&str, &str, &str)]) -> Keymap {
        let mut map = Keymap::default();
        let owned: Vec<(String, String, String)> = bindings
            .iter()
            .map(|(m, k, c)| (m.to_string(), k.to_string(), c.to_string()))
            .collect();
        assert_eq!(map.apply(&owned), vec![]);
        map
    }

    #[test]
    fn the_default_keymap_has_a_way_out_everywhere() {
        assert_eq!(without_a_way_out(&Keymap::default()), vec![]);
    }

    #[test]
    fn quit_only_in_a_mode_no_screen_reaches_is_no_way_out() {
        // q and ctrl-c no longer quit; quit only in the errors overlay,
        // which ! opens from every screen: still a way out
        let map = with(&[
            ("global", "q", "down"),
            ("global", "ctrl-c", "down"),
            ("errors", "x", "quit"),
        ]);
        assert_eq!(without_a_way_out(&map), vec![]);
        // and without the key that opens it, none
        let map = with(&[
            ("global", "q", "down"),
            ("global", "ctrl-c", "down"),
            ("global", "!", "down"),
            ("errors", "x", "quit"),
        ]);
        let found = without_a_way_out(&map);
        assert_eq!(found.len(), SCREENS.len(), "{found:?}");
        assert!(
            found[0]
                .message
                .contains("no key quits from the reader screen")
        );
    }

    #[test]
    fn an_overlay_no_key_leaves_is_named() {
        let map = with(&[
            ("help", "esc", "down"),
            ("help", "?", "down"),
            ("help", "q", "down"),
        ]);
        let found = without_a_way_out(&map);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].mode, KeyMode::Help);
        assert!(found[0].message.contains("no key leaves help"), "{found:?}");
    }
}
