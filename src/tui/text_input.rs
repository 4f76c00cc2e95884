//! Editing a one-line text box (`tui_input::Input`) with our key type, so
//! text boxes (search, quick jump, typed answers, notes) work in `update`
//! without any terminal events. One implementation for every box.

use tui_input::{Input, InputRequest};

use crate::domain::content::sanitize::is_forbidden;
use crate::tui::action::{Key, KeyCode};

/// Applies a key to the input, keeping it at most `max_chars` long.
/// Returns true if the text changed.
pub fn apply_key(input: &mut Input, key: Key, max_chars: usize) -> bool {
    use InputRequest::*;
    let word = key.ctrl || key.alt;
    let request = match key.code {
        KeyCode::Char(c) if !key.ctrl && !key.alt => {
            if input.value().chars().count() >= max_chars || is_forbidden(c) {
                return false;
            }
            InsertChar(c)
        }
        KeyCode::Char('u') if key.ctrl => DeleteLine,
        KeyCode::Char('w') if key.ctrl => DeletePrevWord,
        KeyCode::Char('k') if key.ctrl => DeleteTillEnd,
        KeyCode::Char('a') if key.ctrl => GoToStart,
        KeyCode::Char('e') if key.ctrl => GoToEnd,
        KeyCode::Char('b') if key.ctrl => GoToPrevChar,
        KeyCode::Char('f') if key.ctrl => GoToNextChar,
        KeyCode::Char('y') if key.ctrl => Yank,
        KeyCode::Backspace if word => DeletePrevWord,
        KeyCode::Backspace => DeletePrevChar,
        KeyCode::Delete => DeleteNextChar,
        KeyCode::Left if word => GoToPrevWord,
        KeyCode::Left => GoToPrevChar,
        KeyCode::Right if word => GoToNextWord,
        KeyCode::Right => GoToNextChar,
        KeyCode::Home => GoToStart,
        KeyCode::End => GoToEnd,
        _ => return false,
    };
    input.handle(request).is_some_and(|changed| changed.value)
}

/// Inserts pasted text at the cursor, whitespace (newlines, tabs) turned into
/// spaces and controls dropped, up to `max_chars` in all. Returns true if the
/// text changed. Linear in the size of the paste and of the box: the text is
/// built once, never character by character.
pub fn apply_paste(input: &mut Input, text: &str, max_chars: usize) -> bool {
    let value = input.value();
    let room = max_chars.saturating_sub(value.chars().count());
    let pasted: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !is_forbidden(*c))
        .take(room)
        .collect();
    if pasted.is_empty() {
        return false;
    }
    let cursor = input.cursor();
    let split = value
        .char_indices()
        .nth(cursor)
        .map_or(value.len(), |(at, _)| at);
    let (before, after) = value.split_at_checked(split).unwrap_or((value, ""));
    let new_cursor = cursor + pasted.chars().count();
    let new_value = format!("{before}{pasted}{after}");
    *input = std::mem::take(input)
        .with_value(new_value)
        .with_cursor(new_cursor);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_editing_and_paste() {
        let mut input = Input::default();
        for c in "héllo wörld".chars() {
            assert!(apply_key(&mut input, Key::plain(KeyCode::Char(c)), 100));
        }
        apply_key(
            &mut input,
            Key {
                code: KeyCode::Char('w'),
                ctrl: true,
                alt: false,
                shift: false,
            },
            100,
        );
        assert_eq!(input.value(), "héllo ");
        apply_key(&mut input, Key::plain(KeyCode::Backspace), 100);
        apply_paste(&mut input, "\nx\u{1b}y", 100);
        assert_eq!(input.value(), "héllo xy");
        assert!(!apply_key(&mut input, Key::plain(KeyCode::Enter), 100));
    }

    #[test]
    fn paste_goes_in_at_the_cursor() {
        let mut input = Input::default().with_value("héllo".into()).with_cursor(2);
        assert!(apply_paste(&mut input, "中\nx", 100));
        assert_eq!(input.value(), "hé中 xllo");
        assert_eq!(input.cursor(), 5);
        assert!(!apply_paste(&mut input, "more", 8), "no room left");
    }

    #[test]
    fn length_is_capped() {
        let mut input = Input::default();
        assert!(apply_paste(&mut input, "abcdef", 3));
        assert_eq!(input.value(), "abc");
        assert!(!apply_key(&mut input, Key::plain(KeyCode::Char('z')), 3));
    }
}
