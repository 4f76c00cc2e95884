//! Search speed on a 1 MB chapter of hundreds of sections: each keystroke in
//! the search box (and in quick jump) must take under 10 ms in a release
//! build. Debug builds only check that it works.

mod common;

use std::time::{Duration, Instant};

use common::*;
use studyguide::action::{Action, Command, Key, KeyCode};
use studyguide::content::{Chapter, Library, Section};
use studyguide::update::update;

fn big_library() -> Library {
    let words = [
        "interview",
        "préparation",
        "candidate",
        "company",
        "research",
        "面接",
        "résumé",
        "practice",
        "question",
        "answer",
        "role",
        "team",
        "🎉",
        "skills",
        "prepare",
    ];
    let mut sections = Vec::new();
    let mut size = 0;
    let mut n = 0;
    while size < 1_000_000 {
        let mut body = String::new();
        for w in 0..500 {
            body.push_str(words[(n * 7 + w * 3) % words.len()]);
            body.push(if w % 40 == 39 { '\n' } else { ' ' });
            if w % 120 == 119 {
                body.push('\n');
            }
        }
        size += body.len();
        sections.push(Section {
            id: format!("s{n}"),
            title: format!("Section {n}: {}", words[n % words.len()]),
            body,
        });
        n += 1;
    }
    Library {
        chapters: vec![Chapter {
            id: "big".into(),
            number: 1,
            title: "A big chapter".into(),
            source: "test".into(),
            introduction: None,
            interviews: Vec::new(),
            sections,
            insights: None,
            conclusion: None,
            cards: Vec::new(),
        }],
        ..Library::default()
    }
}

fn slowest_keystroke(state: &mut studyguide::state::State, open: Command, query: &str) -> Duration {
    update(state, Action::Command(open), t0());
    let clear = Key {
        code: KeyCode::Char('u'),
        ctrl: true,
        alt: false,
    };
    update(state, Action::Key(clear), t0());
    let mut slowest = Duration::ZERO;
    for c in query.chars() {
        let start = Instant::now();
        update(state, Action::Key(Key::plain(KeyCode::Char(c))), t0());
        slowest = slowest.max(start.elapsed());
    }
    update(state, Action::Command(Command::Cancel), t0());
    slowest
}

#[test]
fn a_keystroke_searches_a_megabyte_in_under_10ms() {
    let mut state = state_for(big_library(), 100, 30);
    assert!(state.outline.len() > 200);
    let search = slowest_keystroke(&mut state, Command::Search, "préparation");
    let single = slowest_keystroke(&mut state, Command::Search, "e");
    let jump = slowest_keystroke(&mut state, Command::QuickJump, "sect 12");
    eprintln!("slowest keystroke: search {search:?}, one letter {single:?}, jump {jump:?}");
    update(&mut state, Action::Command(Command::Search), t0());
    update(
        &mut state,
        Action::Key(Key::plain(KeyCode::Backspace)),
        t0(),
    );
    update(&mut state, Action::Paste("prep".into()), t0());
    let start = Instant::now();
    update(&mut state, Action::Command(Command::Submit), t0());
    eprintln!(
        "enter (lay out and highlight the chapter): {:?}",
        start.elapsed()
    );
    assert!(state.search.highlights.matches.len() > 1000);
    if !cfg!(debug_assertions) {
        let limit = Duration::from_millis(10);
        assert!(search < limit && single < limit && jump < limit);
    }
}
