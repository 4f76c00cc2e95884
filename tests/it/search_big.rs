//! Search on a 1 MB chapter of hundreds of sections: typing in the search
//! box and in quick jump finds results, and Enter highlights every match in
//! the laid-out chapter. (How fast this is, is measured by the benchmarks.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use studyguide::domain::content::{Chapter, Library, Section};
use studyguide::tui::action::{Action, Command, Key, KeyCode};
use studyguide::tui::update::update;

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
            pending_bodies: Vec::new(),
        }],
        ..Library::default()
    }
}

fn type_query(state: &mut studyguide::tui::state::State, open: Command, query: &str) {
    update(state, Action::Command(open), t0());
    let clear = Key {
        code: KeyCode::Char('u'),
        ctrl: true,
        alt: false,
        shift: false,
    };
    update(state, Action::Key(clear), t0());
    for c in query.chars() {
        update(state, Action::Key(Key::plain(KeyCode::Char(c))), t0());
    }
}

#[test]
fn search_and_jump_work_on_a_megabyte_chapter() {
    let mut state = state_for(big_library(), 100, 30);
    assert!(state.outline.len() > 200);
    type_query(&mut state, Command::Search, "préparation");
    assert!(
        state.search.results.total_matches > 100,
        "accent-folded matches across the chapter"
    );
    update(&mut state, Action::Command(Command::Cancel), t0());
    type_query(&mut state, Command::QuickJump, "sect 12");
    assert!(!state.jump.ranked.is_empty());
    update(&mut state, Action::Command(Command::Cancel), t0());
    update(&mut state, Action::Command(Command::Search), t0());
    update(
        &mut state,
        Action::Key(Key {
            code: KeyCode::Char('u'),
            ctrl: true,
            alt: false,
            shift: false,
        }),
        t0(),
    );
    update(&mut state, Action::Paste("prep".into()), t0());
    update(&mut state, Action::Command(Command::Submit), t0());
    assert!(state.search.highlights.matches.len() > 1000);
}
