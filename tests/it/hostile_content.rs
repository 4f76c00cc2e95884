//! The hostile content corpus through the loader: every file either loads
//! (odd text made safe) or is refused with a `path:line:col: error: ...`
//! message that says what is wrong. Nothing panics; no loaded text keeps a
//! control or bidi character.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use studyguide::domain::content::{Library, Severity};
use studyguide::domain::markdown::is_unsafe_char;
use studyguide::store::content_dir::load_dir;

/// What a file of the corpus must give.
enum Expect {
    /// Loads as the chapter or deck with this id (warnings allowed).
    Loads(&'static str),
    /// Refused: `file:line:col: error: ...` containing the fragment.
    Error(usize, usize, &'static str),
}
use Expect::*;

const CASES: &[(&str, Expect)] = &[
    ("01-empty.toml", Error(1, 1, "the file is empty")),
    ("02-bom.toml", Loads("bom")),
    ("03-crlf.toml", Loads("crlf")),
    ("04-invalid-utf8.toml", Error(6, 14, "invalid UTF-8")),
    ("05-unclosed-fence.toml", Loads("fence")),
    ("06-esc-clear.toml", Loads("clear")),
    ("07-osc0-title.toml", Loads("osc0")),
    ("08-osc52.toml", Loads("osc52")),
    ("09-c1-csi-char.toml", Loads("c1csi")),
    ("10-c1-csi-raw-byte.toml", Error(6, 14, "invalid UTF-8")),
    ("11-unterminated-escapes.toml", Loads("unterm")),
    ("12-bidi.toml", Loads("bidi")),
    ("13-zwj-emoji.toml", Loads("zwj")),
    ("14-combining.toml", Loads("comb")),
    ("15-wide-cjk.toml", Loads("cjk")),
    ("16-tabs.toml", Loads("tabs")),
    ("17-duplicate-keys.toml", Error(4, 1, "duplicate key")),
    (
        "18-duplicate-ids.toml",
        Error(13, 6, "duplicate id `dupid-intro` (first used at line 6"),
    ),
    ("19-wrong-types.toml", Error(2, 10, "expected u32")),
    (
        "20-raw-esc-in-string.toml",
        Error(3, 14, "invalid basic string"),
    ),
    (
        "21-unknown-field.toml",
        Error(4, 1, "unknown field `colour`"),
    ),
    (
        "22-missing-title.toml",
        Error(1, 1, "missing field `title`"),
    ),
    ("23-empty-id.toml", Error(1, 6, "`id` must not be empty")),
    (
        "24-deck-with-number.toml",
        Error(3, 10, "a deck file cannot have `number`"),
    ),
    ("25-id-with-spaces.toml", Error(1, 6, "contains spaces")),
    ("26-bel-del-nul.toml", Loads("bel")),
    ("27-dcs-apc-pm.toml", Loads("dcs")),
    (
        "28-raw-esc-in-comment.toml",
        Error(1, 11, "invalid comment character"),
    ),
    ("29-number-overflow.toml", Error(2, 10, "expected u32")),
    ("30-html-and-links.toml", Loads("html")),
    ("31-deck-hostile-cards.toml", Loads("hdeck")),
    ("32-line-separators.toml", Loads("lsep")),
    ("33-interview-hostile.toml", Loads("intv")),
    (
        "34-unknown-kind.toml",
        Error(1, 8, "unknown kind `\\u{1b}]0;KIND\\u{7}`"),
    ),
    ("35-not-toml.toml", Error(1, 7, "key with no value")),
    (
        "36-hostile-key.toml",
        Error(4, 1, "unknown field `\\u{1b}]0;KEYNAME\\u{7}`"),
    ),
    ("37-sections-code.toml", Loads("sec")),
    ("g1-one-mib-line.toml", Loads("longline")),
    ("g2-nested-quotes.toml", Loads("quotes")),
    ("g3-nested-lists.toml", Loads("lists")),
    ("g4-nested-mixed.toml", Loads("mixed")),
    (
        "g5-toml-deep-arrays.toml",
        Error(4, 69, "nested more than 64 deep"),
    ),
    (
        "g6-toml-deep-tables.toml",
        Error(4, 325, "nested more than 64 deep"),
    ),
    (
        "g7-over-size-limit.toml",
        Error(1, 1, "over the limit of 4194304 bytes"),
    ),
    (
        "g8-symlink-out.toml",
        Error(1, 1, "links outside the content directory"),
    ),
    (
        "g9-name-\\u{1b}]0;FILENAME\\u{7}.toml",
        Error(1, 5, "key with no value"),
    ),
    (
        "x.toml",
        Error(1, 1, "is a directory; expected a TOML file"),
    ),
];

fn corpus() -> (tempfile::TempDir, String, Library) {
    let root = tempfile::tempdir().expect("tempdir");
    let dir = crate::hostile::build_content_dir(root.path());
    let lib = load_dir(&dir);
    (root, dir.display().to_string(), lib)
}

#[test]
fn every_file_loads_safely_or_is_refused_with_a_located_message() {
    let (_root, dir, lib) = corpus();
    let names: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert!(names.len() >= 45, "corpus has {} files", names.len());
    assert_eq!(names.len(), CASES.len(), "every file has an expectation");
    for (name, expect) in CASES {
        let path = format!("{dir}/{name}");
        let errors: Vec<String> = lib
            .problems
            .iter()
            .filter(|p| p.path == path && p.severity == Severity::Error)
            .map(|p| p.to_string())
            .collect();
        match expect {
            Loads(id) => {
                assert!(errors.is_empty(), "{name}: {errors:?}");
                assert!(
                    lib.chapter(id).is_some() || lib.decks.iter().any(|d| d.id == *id),
                    "{name} must load as {id}"
                );
            }
            Error(line, col, fragment) => {
                let head = format!("{path}:{line}:{col}: error: ");
                assert!(
                    errors
                        .iter()
                        .any(|e| e.starts_with(&head) && e.contains(fragment)),
                    "{name}: expected {head}...{fragment}...; got {errors:?}"
                );
            }
        }
    }
    assert!(
        lib.chapter("outside").is_none(),
        "the symlink target must not load"
    );
}

#[test]
fn no_loaded_text_or_message_keeps_a_control_or_bidi_character() {
    let (_root, _dir, lib) = corpus();
    let mut texts: Vec<String> = lib.problems.iter().map(|p| p.to_string()).collect();
    for c in &lib.chapters {
        texts.push(c.title.clone());
        for s in c
            .introduction
            .iter()
            .chain(&c.sections)
            .chain(&c.conclusion)
        {
            texts.extend([
                s.id.clone(),
                s.title.clone(),
                s.body.replace(['\n', '\t'], " "),
            ]);
        }
        for i in &c.interviews {
            texts.extend([i.title.clone(), i.interviewee.clone(), i.answerer.clone()]);
            texts.extend(i.role.clone().into_iter().chain(i.background.clone()));
            for q in &i.questions {
                texts.extend([q.question.clone(), q.answer.replace(['\n', '\t'], " ")]);
            }
        }
        if let Some(ins) = &c.insights {
            texts.extend([ins.title.clone()]);
            texts.extend(ins.intro.clone());
            texts.extend(
                ins.items
                    .iter()
                    .flat_map(|i| [i.title.clone(), i.body.clone()]),
            );
        }
    }
    for d in &lib.decks {
        texts.push(d.title.clone());
        texts.extend(
            d.cards
                .iter()
                .flat_map(|c| [c.front.clone(), c.back.clone()]),
        );
    }
    for text in texts {
        assert!(
            !text.chars().any(is_unsafe_char),
            "unsafe character kept in {:?}",
            text.chars().take(200).collect::<String>()
        );
        for payload in [
            "PWNED",
            "DECKTITLE",
            "IVTITLE",
            "INSINTRO",
            "CONCL",
            "QUOTE",
        ] {
            assert!(!text.contains(payload), "sequence payload kept in {text:?}");
        }
    }
}

#[test]
fn odd_text_keeps_its_visible_characters() {
    let (_root, _dir, lib) = corpus();
    let title = |id: &str| lib.chapter(id).map(|c| c.title.clone()).unwrap_or_default();
    assert_eq!(title("clear"), "Clear screen");
    assert_eq!(title("osc0"), "Title set");
    assert_eq!(title("bidi"), "Bidi gnp.exe title");
    assert_eq!(title("tabs"), "Tabs in title");
    assert!(title("zwj").contains("👩\u{200d}💻"));
    assert!(title("comb").contains("e\u{301}"));
    let body = |id: &str| {
        lib.chapter(id)
            .and_then(|c| c.introduction.as_ref().map(|s| s.body.clone()))
            .unwrap_or_default()
    };
    assert!(body("crlf").contains("First line.\nSecond line."));
    assert!(body("osc52").contains("Copy  done."));
    assert!(body("longline").len() > 1024 * 1024);
}
