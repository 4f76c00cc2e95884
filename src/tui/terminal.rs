//! Entering and leaving the terminal's full-screen mode, and translating
//! crossterm events into `Action`s. The terminal is restored on quit, on
//! error and on panic.

use std::io::{self, Write};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind, KeyModifiers, KeyboardEnhancementFlags, MouseEventKind,
    PopKeyboardEnhancementFlags, PushKeyboardEnhancementFlags,
};
use ratatui::crossterm::{cursor, execute, terminal};

use crate::tui::action::{Action, Key, KeyCode, Mouse};
use crate::tui::keymap::{KeyMode, Keymap};

/// Enters raw mode and the alternate screen, with mouse and paste reporting
/// and, where the terminal has it, keys told apart that the classic
/// encoding mixes up (so `Shift-Enter` arrives as itself); installs a panic
/// hook that restores the terminal first.
pub fn enter() -> io::Result<DefaultTerminal> {
    let original = std::panic::take_hook();
    let terminal = ratatui::try_init()?;
    // ratatui's own hook would print "Failed to restore terminal" on a
    // terminal that went away; ours restores quietly
    let _ = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        original(info);
    }));
    execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste)?;
    // terminals without the keyboard protocol ignore this
    let _ = execute!(
        io::stdout(),
        PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
    );
    Ok(terminal)
}

/// Leaves the alternate screen, shows the cursor and turns raw mode off.
/// Safe to call more than once, and quiet: a terminal that went away (EIO,
/// ENXIO) has nothing to restore and nothing to print on.
pub fn leave() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        PopKeyboardEnhancementFlags,
        DisableMouseCapture,
        DisableBracketedPaste
    );
    let _ = terminal::disable_raw_mode();
    let _ = execute!(out, terminal::LeaveAlternateScreen, cursor::Show);
    let _ = out.flush();
}

/// Converts a crossterm key event to our key type.
pub fn key_from(event: &event::KeyEvent) -> Option<Key> {
    use event::KeyCode as K;
    let code = match event.code {
        K::Char(c) => KeyCode::Char(c),
        K::Enter => KeyCode::Enter,
        K::Esc => KeyCode::Esc,
        K::Tab => KeyCode::Tab,
        K::BackTab => KeyCode::BackTab,
        K::Backspace => KeyCode::Backspace,
        K::Delete => KeyCode::Delete,
        K::Up => KeyCode::Up,
        K::Down => KeyCode::Down,
        K::Left => KeyCode::Left,
        K::Right => KeyCode::Right,
        K::Home => KeyCode::Home,
        K::End => KeyCode::End,
        K::PageUp => KeyCode::PageUp,
        K::PageDown => KeyCode::PageDown,
        K::F(n) => KeyCode::F(n),
        _ => return None,
    };
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    let code = match code {
        KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
        other => other,
    };
    // Shift is kept only where the character does not carry it.
    let shift = event.modifiers.contains(KeyModifiers::SHIFT)
        && (code == KeyCode::Enter || (ctrl && matches!(code, KeyCode::Char(_))));
    Some(Key {
        code,
        ctrl,
        alt: event.modifiers.contains(KeyModifiers::ALT),
        shift,
    })
}

/// Turns a terminal event into an action for the current key mode.
pub fn action_from(event: Event, keymap: &Keymap, mode: KeyMode) -> Option<Action> {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            let key = key_from(&k)?;
            Some(
                keymap
                    .resolve(mode, key)
                    .map_or(Action::Key(key), Action::Command),
            )
        }
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Mouse(m) => {
            let (column, row) = (m.column, m.row);
            match m.kind {
                MouseEventKind::ScrollDown => {
                    Some(Action::Mouse(Mouse::ScrollDown { column, row }))
                }
                MouseEventKind::ScrollUp => Some(Action::Mouse(Mouse::ScrollUp { column, row })),
                MouseEventKind::Down(event::MouseButton::Left) => {
                    Some(Action::Mouse(Mouse::Click { column, row }))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode as K, KeyEvent};

    #[test]
    fn shift_is_kept_only_where_the_character_does_not_carry_it() {
        let key = |code, modifiers| key_from(&KeyEvent::new(code, modifiers)).expect("a key");
        let enter = key(K::Enter, KeyModifiers::SHIFT);
        assert_eq!((enter.code, enter.shift), (KeyCode::Enter, true));
        let g = key(K::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(g, Key::plain(KeyCode::Char('G')));
        let redo = key(K::Char('Z'), KeyModifiers::CONTROL | KeyModifiers::SHIFT);
        assert_eq!(
            (redo.code, redo.ctrl, redo.shift),
            (KeyCode::Char('z'), true, true)
        );
        let up = key(K::Up, KeyModifiers::SHIFT);
        assert_eq!(up, Key::plain(KeyCode::Up), "Shift-Up is Up");
    }
}
