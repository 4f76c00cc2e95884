//! Editing a one-line text box (`tui_input::Input`) with our key type, so
//! text boxes work in `update` without any terminal events.

use tui_input::{Input, InputRequest};

use crate::action::{Key, KeyCode};
use crate::content::sanitize::is_forbidden;

/// Applies a key to the input. Returns true if the key was used.
pub fn apply_key(input: &mut Input, key: Key) -> bool {
    let request = match (key.code, key.ctrl, key.alt) {
        (KeyCode::Char(c), false, false) if !is_forbidden(c) => InputRequest::InsertChar(c),
        (KeyCode::Char('u'), true, _) => InputRequest::DeleteLine,
        (KeyCode::Char('w'), true, _) | (KeyCode::Backspace, _, true) => {
            InputRequest::DeletePrevWord
        }
        (KeyCode::Char('a'), true, _) | (KeyCode::Home, _, _) => InputRequest::GoToStart,
        (KeyCode::Char('e'), true, _) | (KeyCode::End, _, _) => InputRequest::GoToEnd,
        (KeyCode::Char('k'), true, _) => InputRequest::DeleteTillEnd,
        (KeyCode::Backspace, _, _) => InputRequest::DeletePrevChar,
        (KeyCode::Delete, _, _) => InputRequest::DeleteNextChar,
        (KeyCode::Left, true, _) | (KeyCode::Char('b'), false, true) => InputRequest::GoToPrevWord,
        (KeyCode::Right, true, _) | (KeyCode::Char('f'), false, true) => InputRequest::GoToNextWord,
        (KeyCode::Left, _, _) => InputRequest::GoToPrevChar,
        (KeyCode::Right, _, _) => InputRequest::GoToNextChar,
        _ => return false,
    };
    input.handle(request);
    true
}

/// Inserts pasted text, newlines and tabs turned into spaces, controls dropped.
pub fn apply_paste(input: &mut Input, text: &str) {
    for c in text.chars() {
        let c = if c == '\n' || c == '\t' { ' ' } else { c };
        if c != '\r' && !is_forbidden(c) {
            input.handle(InputRequest::InsertChar(c));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_editing_and_paste() {
        let mut input = Input::default();
        for c in "héllo wörld".chars() {
            assert!(apply_key(&mut input, Key::plain(KeyCode::Char(c))));
        }
        apply_key(
            &mut input,
            Key {
                code: KeyCode::Char('w'),
                ctrl: true,
                alt: false,
            },
        );
        assert_eq!(input.value(), "héllo ");
        apply_key(&mut input, Key::plain(KeyCode::Backspace));
        apply_paste(&mut input, "\nx\u{1b}y");
        assert_eq!(input.value(), "héllo xy");
        assert!(!apply_key(&mut input, Key::plain(KeyCode::Enter)));
    }
}
