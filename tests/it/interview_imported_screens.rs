//! The mock interview with imported sets (TestBackend + insta): the set
//! chooser lists every set, the bundled one and those `import markdown`
//! made from guides, and an imported question whose page gives no answer
//! says there is no advice instead of borrowing another question's; one
//! whose page answers it shows that answer.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::cli_common::repo;
use crate::common::*;
use studyguide::cli::args::MarkdownShape;
use studyguide::cli::import::markdown_run::page_texts;
use studyguide::domain::content::{Library, bundled, load_files};
use studyguide::tui::action::{Action, Command, Key, KeyCode};
use studyguide::tui::state::State;
use studyguide::tui::state::interview::InterviewView;
use studyguide::tui::update::{Effect, update};

/// The bundled content with two guide pages imported beside it.
fn library() -> Library {
    let mut files: Vec<(String, Vec<u8>)> = bundled::FILES
        .iter()
        .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
        .collect();
    for (k, page) in ["obsidian/STAR stories.md", "plain/question-bank.md"]
        .iter()
        .enumerate()
    {
        let path = repo(&format!("tests/fixtures/guides/{page}"));
        let text = std::fs::read_to_string(&path).unwrap();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let (texts, _) = page_texts(page, &stem, &text, MarkdownShape::Auto).unwrap();
        for (n, t) in texts.into_iter().enumerate() {
            files.push((format!("guide{k}-{n}.toml"), t.into_bytes()));
        }
    }
    let lib = load_files(files.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
    assert_eq!(lib.errors().count(), 0, "{:?}", lib.problems);
    lib
}

fn run(state: &mut State, action: Action, secs: i64) {
    let now = t0() + chrono::Duration::seconds(secs);
    let mut pending = vec![action];
    let mut id = 0;
    while let Some(a) = pending.pop() {
        for effect in update(state, a, now) {
            if let Effect::SaveInterviewAnswer { position, .. } = effect {
                id += 1;
                pending.push(Action::InterviewAnswerSaved { position, id });
            }
        }
    }
}

/// Chooses the set titled `title` with the set row's `l`, starts, and
/// answers the first question with a short typed answer.
fn answer_first_of(state: &mut State, title: &str) -> String {
    run(state, Action::Command(Command::GoInterview), 0);
    let sets = state.library.interviews.len();
    for _ in 0..sets {
        let chosen = &state.library.interviews[state.interview.setup.set];
        if chosen.title == title {
            break;
        }
        run(state, Action::Command(Command::NextOption), 0);
    }
    assert_eq!(
        state.library.interviews[state.interview.setup.set].title,
        title
    );
    run(state, Action::Command(Command::Open), 0);
    assert_eq!(state.interview.view, InterviewView::Question);
    let session = state.interview.session.as_ref().unwrap();
    let set = &state.library.interviews[session.set];
    let prompt = set.question(&session.plan[0]).unwrap().prompt.clone();
    for c in "I led the fix and we shipped it a week early.".chars() {
        run(state, Action::Key(Key::plain(KeyCode::Char(c))), 1);
    }
    run(state, Action::Command(Command::Submit), 40);
    assert_eq!(state.interview.view, InterviewView::Feedback);
    prompt
}

#[test]
fn the_set_chooser_lists_every_set_with_the_imported_ones() {
    for (w, h) in [(80, 24), (40, 12)] {
        let mut state = state_for(library(), w, h);
        run(&mut state, Action::Command(Command::GoInterview), 0);
        run(&mut state, Action::Command(Command::NextOption), 0);
        let text = screen(&state);
        insta::assert_snapshot!(format!("setup_{w}x{h}"), text);
        assert!(text.contains("› 2 of 5"), "{text}");
        if h >= 24 {
            for title in [
                "Mock interview: Chapter 17",
                "STAR stories: Stories",
                "Software engineer interview question bank: Behavioural",
            ] {
                assert!(text.contains(title), "{title}\n{text}");
            }
        }
    }
}

#[test]
fn an_unanswered_imported_question_has_no_advice_and_an_answered_one_its_page_answer() {
    let mut state = state_for(library(), 80, 24);
    answer_first_of(
        &mut state,
        "Software engineer interview question bank: Technical conversation",
    );
    let text = screen(&state);
    insta::assert_snapshot!("no_advice_80x24", text);
    assert!(text.contains("No advice for this question"), "{text}");

    let mut state = state_for(library(), 80, 24);
    let prompt = answer_first_of(&mut state, "STAR stories: Stories");
    let text = screen(&state);
    assert!(!text.contains("No advice"), "{text}");
    let shown = if prompt.contains("authority") {
        "At my last job"
    } else {
        "I underestimated"
    };
    assert!(text.contains(shown), "{prompt}\n{text}");
}
