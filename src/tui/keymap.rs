//! The keymap as data: the default bindings (an embedded TOML file), user
//! overrides from the config file, and `resolve(mode, key)`. The help overlay
//! and the status-bar hints are generated from it.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::tui::action::{Command, Key, KeyCode};

const DEFAULT_KEYMAP: &str = include_str!("keymap.toml");

/// The keymap sections. Text-entry modes do not fall back to global keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyMode {
    Global,
    Reader,
    Drill,
    Answer,
    Typing,
    Bookmarks,
    Stats,
    Help,
    Errors,
    Search,
    Jump,
    Note,
    Preview,
    Interview,
    InterviewAnswer,
    /// The editing keys every text box shares (the box's own mode first).
    Editor,
    InterviewFeedback,
}

impl KeyMode {
    pub const ALL: [KeyMode; 17] = [
        KeyMode::Global,
        KeyMode::Reader,
        KeyMode::Drill,
        KeyMode::Answer,
        KeyMode::Typing,
        KeyMode::Bookmarks,
        KeyMode::Stats,
        KeyMode::Help,
        KeyMode::Errors,
        KeyMode::Search,
        KeyMode::Jump,
        KeyMode::Note,
        KeyMode::Preview,
        KeyMode::Interview,
        KeyMode::InterviewAnswer,
        KeyMode::Editor,
        KeyMode::InterviewFeedback,
    ];

    /// Modes where typed characters are text, so global keys do not apply.
    pub fn is_text_entry(self) -> bool {
        matches!(
            self,
            KeyMode::Typing
                | KeyMode::Search
                | KeyMode::Jump
                | KeyMode::Note
                | KeyMode::InterviewAnswer
                | KeyMode::Editor
        )
    }

    /// Where keys not bound in this mode are looked up next. A text box
    /// falls back to the editing keys and stops there; overlays stop at
    /// their own table.
    pub fn parent(self) -> Option<KeyMode> {
        match self {
            KeyMode::Answer => Some(KeyMode::Drill),
            KeyMode::InterviewFeedback => Some(KeyMode::Interview),
            KeyMode::Global
            | KeyMode::Help
            | KeyMode::Errors
            | KeyMode::Preview
            | KeyMode::Editor => None,
            m if m.is_text_entry() => Some(KeyMode::Editor),
            _ => Some(KeyMode::Global),
        }
    }

    /// Whether keys not bound in this mode fall back to the global table.
    pub fn uses_global(self) -> bool {
        self.parent() == Some(KeyMode::Global)
    }

    pub fn name(self) -> &'static str {
        match self {
            KeyMode::Global => "global",
            KeyMode::Reader => "reader",
            KeyMode::Drill => "drill",
            KeyMode::Answer => "answer",
            KeyMode::Typing => "typing",
            KeyMode::Bookmarks => "bookmarks",
            KeyMode::Stats => "stats",
            KeyMode::Help => "help",
            KeyMode::Errors => "errors",
            KeyMode::Search => "search",
            KeyMode::Jump => "jump",
            KeyMode::Note => "note",
            KeyMode::Preview => "preview",
            KeyMode::Interview => "interview",
            KeyMode::InterviewAnswer => "interview_answer",
            KeyMode::Editor => "editor",
            KeyMode::InterviewFeedback => "interview_feedback",
        }
    }
}

/// The sections of the help overlay, in order, with their headings.
pub const HELP_SECTIONS: [(KeyMode, &str); 14] = [
    (KeyMode::Global, "Everywhere"),
    (KeyMode::Reader, "Reader"),
    (KeyMode::Drill, "Drill"),
    (KeyMode::Answer, "Answering a card"),
    (KeyMode::Typing, "Typing an answer"),
    (KeyMode::Editor, "In every text box"),
    (KeyMode::Bookmarks, "Bookmarks"),
    (KeyMode::Note, "Editing a note"),
    (KeyMode::Interview, "Mock interview"),
    (KeyMode::InterviewAnswer, "Answering an interview question"),
    (
        KeyMode::InterviewFeedback,
        "Feedback on an interview answer",
    ),
    (KeyMode::Search, "Search and jump"),
    (KeyMode::Preview, "Card preview"),
    (KeyMode::Help, "This help"),
];

/// Bindings per mode, in the order they were written.
#[derive(Clone, Debug)]
pub struct Keymap {
    modes: BTreeMap<KeyMode, Vec<(Key, Command)>>,
}

/// A problem in a keymap table: the key as written and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeymapError {
    pub mode: String,
    pub key: String,
    pub message: String,
}

/// Parses a key name such as `j`, `G`, `space`, `ctrl-p`, `pagedown`.
pub fn parse_key(name: &str) -> Option<Key> {
    let mut ctrl = false;
    let mut alt = false;
    let mut shift = false;
    let mut rest = name;
    loop {
        let lower = rest.to_ascii_lowercase();
        if rest.chars().count() > 2 && lower.starts_with("ctrl-") {
            ctrl = true;
            rest = rest.get(5..).unwrap_or_default();
        } else if rest.chars().count() > 2 && lower.starts_with("alt-") {
            alt = true;
            rest = rest.get(4..).unwrap_or_default();
        } else if rest.chars().count() > 6 && lower.starts_with("shift-") && lower != "shift-tab" {
            shift = true;
            rest = rest.get(6..).unwrap_or_default();
        } else {
            break;
        }
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() => {
            KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c })
        }
        _ => match rest.to_ascii_lowercase().as_str() {
            "space" => KeyCode::Char(' '),
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            f if f.starts_with('f') => match f.get(1..).map(str::parse::<u8>) {
                Some(Ok(n @ 1..=12)) => KeyCode::F(n),
                _ => return None,
            },
            _ => return None,
        },
    };
    // Shift counts only where the key itself does not carry it (see `Key`).
    let shift = shift && (code == KeyCode::Enter || (ctrl && matches!(code, KeyCode::Char(_))));
    Some(Key {
        code,
        ctrl,
        alt,
        shift,
    })
}

/// A key as shown to users: `j`, `Space`, `Ctrl-P`, `PgDn`.
pub fn key_label(key: Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) if key.ctrl => c.to_ascii_uppercase().to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "S-Tab".into(),
        KeyCode::Backspace => "Bksp".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::F(n) => format!("F{n}"),
    };
    let mut label = String::new();
    if key.ctrl {
        label.push_str("Ctrl-");
    }
    if key.alt {
        label.push_str("Alt-");
    }
    if key.shift {
        label.push_str("Shift-");
    }
    label.push_str(&base);
    label
}

fn parse_command(name: &str) -> Option<Command> {
    Command::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(name))
        .ok()
}

impl Default for Keymap {
    fn default() -> Self {
        let mut map = Keymap {
            modes: BTreeMap::new(),
        };
        // The embedded file is checked by a unit test, so errors cannot happen here.
        let _ = map.apply(&embedded_bindings(DEFAULT_KEYMAP));
        map
    }
}

/// The bindings `(mode, key, command)` of the embedded keymap file, in the
/// order written. That file holds only `[mode]` headers, `key = "command"`
/// lines (the key bare or in double quotes, no escapes) and comments, so a
/// line reader gives what the TOML parser gives (a unit test holds the two
/// equal) in a hundredth of the time, on every start.
fn embedded_bindings(source: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut mode = "";
    for line in source.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            mode = name.trim();
            continue;
        }
        let (key, after_key) = match line.strip_prefix('"') {
            Some(quoted) => quoted.split_once('"').unwrap_or((quoted, "")),
            None => line
                .find('=')
                .and_then(|at| line.split_at_checked(at))
                .map_or((line, ""), |(key, rest)| (key.trim(), rest)),
        };
        let command = (after_key.trim_start().strip_prefix('='))
            .and_then(|value| value.trim_start().strip_prefix('"'))
            .and_then(|value| value.split_once('"'));
        if let Some((command, _)) = command {
            out.push((mode.to_string(), key.to_string(), command.to_string()));
        }
    }
    out
}

impl Keymap {
    /// Applies bindings `(mode, key, command)` on top of the current ones: a
    /// key bound anew in a mode replaces its old binding there.
    pub fn apply(&mut self, bindings: &[(String, String, String)]) -> Vec<KeymapError> {
        let mut errors = Vec::new();
        for (mode_name, key_name, command_name) in bindings {
            let err = |message: String| KeymapError {
                mode: mode_name.clone(),
                key: key_name.clone(),
                message,
            };
            let Some(mode) = KeyMode::ALL.iter().copied().find(|m| m.name() == mode_name) else {
                let names: Vec<_> = KeyMode::ALL.iter().map(|m| m.name()).collect();
                errors.push(err(format!(
                    "unknown mode `{mode_name}`; expected one of {}",
                    names.join(", ")
                )));
                continue;
            };
            let Some(key) = parse_key(key_name) else {
                errors.push(err(format!("unknown key `{key_name}`; expected a character or a name like space, enter, esc, tab, up, pagedown, ctrl-p")));
                continue;
            };
            let Some(command) = parse_command(command_name) else {
                errors.push(err(format!("unknown action `{command_name}`; see `studyguide config` or the help screen for action names")));
                continue;
            };
            let list = self.modes.entry(mode).or_default();
            list.retain(|(k, _)| *k != key);
            list.push((key, command));
        }
        errors
    }

    /// The command bound to `key` in `mode`, falling back along the mode's parents.
    pub fn resolve(&self, mode: KeyMode, key: Key) -> Option<Command> {
        let mut current = Some(mode);
        while let Some(m) = current {
            let found = self
                .bindings(m)
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, c)| *c);
            if found.is_some() {
                return found;
            }
            current = m.parent();
        }
        None
    }

    /// The bindings of one mode (not including global ones), in order.
    pub fn bindings(&self, mode: KeyMode) -> &[(Key, Command)] {
        self.modes.get(&mode).map_or(&[], |v| v.as_slice())
    }

    /// The first key that gives `command` in `mode` (looking along its parents), as a label.
    pub fn label_for(&self, mode: KeyMode, command: Command) -> Option<String> {
        let mut current = Some(mode);
        while let Some(m) = current {
            let key = self
                .bindings(m)
                .iter()
                .find(|(k, c)| *c == command && self.resolve(mode, *k) == Some(command));
            if let Some((k, _)) = key {
                return Some(key_label(*k));
            }
            current = m.parent();
        }
        None
    }

    /// Status-bar hints for a mode: `key label` pairs for the given commands that are bound.
    pub fn hints(&self, mode: KeyMode, commands: &[Command]) -> Vec<(String, &'static str)> {
        commands
            .iter()
            .filter_map(|c| self.label_for(mode, *c).map(|k| (k, c.hint())))
            .collect()
    }

    /// How many lines the help overlay has: per non-empty section a heading
    /// and its rows, with a blank line between sections.
    pub fn help_line_count(&self) -> usize {
        let sizes: Vec<usize> = HELP_SECTIONS
            .iter()
            .map(|(m, _)| self.help_rows(*m).len())
            .filter(|n| *n > 0)
            .collect();
        sizes.iter().map(|n| n + 1).sum::<usize>() + sizes.len().saturating_sub(1)
    }

    /// Help rows for a mode: each command with all its keys, in binding order.
    pub fn help_rows(&self, mode: KeyMode) -> Vec<(String, &'static str)> {
        let mut rows: Vec<(Command, Vec<String>)> = Vec::new();
        for (key, command) in self.bindings(mode) {
            match rows.iter_mut().find(|(c, _)| c == command) {
                Some((_, keys)) => keys.push(key_label(*key)),
                None => rows.push((*command, vec![key_label(*key)])),
            }
        }
        rows.into_iter()
            .map(|(c, keys)| (keys.join(" "), c.describe()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_keymap_parses_without_errors() {
        let mut map = Keymap {
            modes: BTreeMap::new(),
        };
        assert_eq!(map.apply(&embedded_bindings(DEFAULT_KEYMAP)), vec![]);
    }

    #[test]
    fn the_line_reader_gives_what_the_toml_parser_gives() {
        let table: BTreeMap<String, BTreeMap<String, String>> =
            toml::from_str(DEFAULT_KEYMAP).expect("valid TOML");
        let by_mode = |list: Vec<(String, String, String)>| {
            let mut modes: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
            for (mode, key, command) in list {
                modes.entry(mode).or_default().push((key, command));
            }
            modes
        };
        let read = by_mode(embedded_bindings(DEFAULT_KEYMAP));
        assert_eq!(read, by_mode(ordered(DEFAULT_KEYMAP, &table)));
        let bindings: usize = table.values().map(BTreeMap::len).sum();
        assert!(bindings > 100, "{bindings}");
        // Quoted keys, bare keys and trailing comments are read alike.
        let text = "[a]\n\"?\" = \"help\" # shown\nctrl-p = \"quick_jump\"\n\"=\" = \"x\"\n";
        assert_eq!(
            embedded_bindings(text),
            vec![
                ("a".into(), "?".into(), "help".into()),
                ("a".into(), "ctrl-p".into(), "quick_jump".into()),
                ("a".into(), "=".into(), "x".into()),
            ]
        );
    }

    /// Keeps the bindings in the order they appear in the source text.
    fn ordered(
        source: &str,
        table: &BTreeMap<String, BTreeMap<String, String>>,
    ) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for (mode, binds) in table {
            // look for each key inside its own [mode] section
            let start = source.find(&format!("\n[{mode}]")).unwrap_or(0);
            let end = source
                .get(start + 1..)
                .and_then(|after| after.find("\n["))
                .map_or(source.len(), |e| start + 1 + e);
            let section = source.get(start..end).unwrap_or_default();
            let mut list: Vec<_> = binds.iter().collect();
            list.sort_by_key(|(k, _)| {
                let quoted = format!("\n\"{k}\" =");
                let bare = format!("\n{k} =");
                section
                    .find(&bare)
                    .or_else(|| section.find(&quoted))
                    .unwrap_or(usize::MAX)
            });
            for (k, v) in list {
                out.push((mode.clone(), k.clone(), v.clone()));
            }
        }
        out
    }

    #[test]
    fn resolves_mode_then_global() {
        let map = Keymap::default();
        let j = Key::plain(KeyCode::Char('j'));
        let q = Key::plain(KeyCode::Char('q'));
        assert_eq!(map.resolve(KeyMode::Reader, j), Some(Command::Down));
        assert_eq!(map.resolve(KeyMode::Reader, q), Some(Command::Quit));
        assert_eq!(map.resolve(KeyMode::Help, q), Some(Command::Close));
        assert_eq!(
            map.resolve(KeyMode::Search, q),
            None,
            "text entry keeps q as text"
        );
    }

    #[test]
    fn parses_and_labels_keys() {
        let k = parse_key("ctrl-p").expect("key");
        assert!(k.ctrl);
        assert_eq!(key_label(k), "Ctrl-P");
        assert_eq!(parse_key("space").map(key_label).as_deref(), Some("Space"));
        assert_eq!(parse_key("G"), Some(Key::plain(KeyCode::Char('G'))));
        assert_eq!(parse_key("nope"), None);
    }

    #[test]
    fn override_replaces_and_reports_bad_names() {
        let mut map = Keymap::default();
        let errs = map.apply(&[
            ("reader".into(), "x".into(), "down".into()),
            ("reader".into(), "j".into(), "up".into()),
            ("reader".into(), "y".into(), "fly".into()),
            ("nowhere".into(), "y".into(), "up".into()),
        ]);
        assert_eq!(errs.len(), 2);
        assert!(errs[0].message.contains("unknown action `fly`"));
        assert_eq!(
            map.resolve(KeyMode::Reader, Key::plain(KeyCode::Char('x'))),
            Some(Command::Down)
        );
        assert_eq!(
            map.resolve(KeyMode::Reader, Key::plain(KeyCode::Char('j'))),
            Some(Command::Up)
        );
    }

    #[test]
    fn every_box_has_the_newline_and_undo_keys() {
        let map = Keymap::default();
        let key = |name: &str| parse_key(name).expect(name);
        for mode in [
            KeyMode::Typing,
            KeyMode::Note,
            KeyMode::InterviewAnswer,
            KeyMode::Search,
        ] {
            for name in ["alt-enter", "ctrl-j", "shift-enter"] {
                assert_eq!(
                    map.resolve(mode, key(name)),
                    Some(Command::Newline),
                    "{name}"
                );
            }
            assert_eq!(map.resolve(mode, key("ctrl-z")), Some(Command::UndoTyping));
            assert_eq!(map.resolve(mode, key("ctrl-y")), Some(Command::RedoTyping));
            assert_eq!(
                map.resolve(mode, key("ctrl-shift-z")),
                Some(Command::RedoTyping)
            );
            assert_eq!(map.resolve(mode, key("enter")), Some(Command::Submit));
            assert_eq!(map.resolve(mode, key("esc")), Some(Command::Cancel));
        }
        assert_eq!(
            map.resolve(KeyMode::Typing, key("alt-u")),
            Some(Command::Undo)
        );
        assert_eq!(key_label(key("ctrl-shift-z")), "Ctrl-Shift-Z");
        assert_eq!(key_label(key("shift-enter")), "Shift-Enter");
        // Shift is not kept where the character carries it
        assert_eq!(parse_key("shift-g"), Some(Key::plain(KeyCode::Char('g'))));
        assert_eq!(
            parse_key("shift-tab").map(|k| k.code),
            Some(KeyCode::BackTab)
        );
    }

    #[test]
    fn help_rows_group_keys_per_command() {
        let rows = Keymap::default().help_rows(KeyMode::Reader);
        assert_eq!(rows[0], ("j ↓".to_string(), "move down"));
    }
}
