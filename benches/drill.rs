//! Drill benchmarks with 100,000 cards and 100,000 reviews: replaying the
//! log and building the due queue, and grading one card with the store write
//! (`Store::append_review` on a store already holding 100k reviews), and
//! what opening the stats screen and the drill's deck chooser compute; and a
//! grade as the app does it: the key, the store write, the card's new state
//! and the next card shown (`drill/app_grade_100k`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use studyguide::domain::cards::all_cards;
use studyguide::domain::content;
use studyguide::domain::progress::Progress;
use studyguide::domain::review_log::replay_with_summary;
use studyguide::domain::schedule::ReviewRecord;
use studyguide::domain::schedule::day::{DayBoundary, Zone};
use studyguide::domain::schedule::queue::{DueQueue, StateMap, replay_all};
use studyguide::domain::schedule::{Grade, Scheduler, SchedulerConfig};
use studyguide::domain::stats;
use studyguide::generate;
use studyguide::store::Store;

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(3))
}

fn drill(c: &mut Criterion) {
    let files = generate::deck_files(17, 100_000, generate::CARDS_PER_FILE);
    let lib = content::load_files(files.iter().map(|(n, t)| (n.as_str(), t.as_bytes())));
    let cards = all_cards(&lib);
    let ids: Vec<String> = cards.iter().map(|c| c.id.to_string()).collect();
    let now = generate::reference_time();
    let log: Vec<(i64, ReviewRecord)> = generate::reviews(17, &ids, 100_000, now)
        .into_iter()
        .enumerate()
        .map(|(i, r)| (i as i64 + 1, r))
        .collect();
    let config = SchedulerConfig::default();
    let scheduler = Scheduler::new(config.clone());
    c.bench_function("drill/replay_100k", |b| {
        b.iter(|| replay_all(&scheduler, &log))
    });
    let states = replay_all(&scheduler, &log);
    c.bench_function("drill/due_queue_100k", |b| {
        b.iter(|| DueQueue::build(&cards, &states, &config, now, 0))
    });
    c.bench_function("drill/replay_and_queue_100k", |b| {
        b.iter(|| {
            let states = replay_all(&scheduler, &log);
            DueQueue::build(&cards, &states, &config, now, 0)
        })
    });

    let progress = Progress::new(cards.clone(), log.clone(), scheduler.clone(), Zone::utc());
    let days = DayBoundary::new(Zone::utc(), config.day_starts_at);
    c.bench_function("drill/replay_with_summary_100k", |b| {
        b.iter(|| {
            let mut states = StateMap::default();
            replay_with_summary(&scheduler, &days, &log, &mut states, |_| true);
            states
        })
    });
    c.bench_function("drill/stats_screen_100k", |b| {
        b.iter(|| stats::compute(&progress, now))
    });
    c.bench_function("drill/today_100k", |b| {
        b.iter(|| progress.today(now).new_done)
    });
    c.bench_function("drill/all_decks_waiting_100k", |b| {
        b.iter(|| {
            let today = progress.today(now);
            progress.waiting_grouped(&today, 1, |_, _, of| of.push(0))
        })
    });

    // TMPDIR decides the disk: point it at a real disk, not a tmpfs
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open_at(tmp.path().join("p.sqlite3"), now).expect("store");
    let records: Vec<ReviewRecord> = log.iter().map(|(_, r)| r.clone()).collect();
    store.append_reviews(&records).expect("seed store");
    // as the app keeps it: the card's stored state moves on with the answer
    store.keep_card_states(&scheduler);
    store.rebuild_card_states().expect("card states");
    let mut n = 0u64;
    c.bench_function("drill/grade_one_card_store_100k", |b| {
        b.iter(|| {
            n += 1;
            let id = &ids[(n as usize * 7919) % ids.len()];
            let before = states.get(id.as_str()).cloned().unwrap_or_default();
            let at = now + chrono::Duration::seconds(n as i64);
            let day = days.day(at);
            let _after = scheduler.answer(id, &before, Grade::Good, at, day);
            store
                .append_review(&ReviewRecord {
                    card_id: id.as_str().into(),
                    at,
                    day,
                    grade: Grade::Good,
                    elapsed_ms: 4_000,
                    typed_answer: None,
                })
                .expect("append")
        })
    });
}

/// A grade in the app at 100k cards and reviews: `Reveal` then `GradeGood`
/// through the effect runner (store write on the disk TMPDIR names, with
/// the card's stored state, the state moved on, the next card picked and
/// laid out).
fn app_grade(c: &mut Criterion) {
    use studyguide::tui::action::{Action, Command};
    use studyguide::tui::effect_runner::EffectRunner;
    use studyguide::tui::keymap::Keymap;
    use studyguide::tui::state::State;
    let files = generate::deck_files(17, 100_000, generate::CARDS_PER_FILE);
    let lib = content::load_files(files.iter().map(|(n, t)| (n.as_str(), t.as_bytes())));
    let ids = generate::deck_card_ids(100_000, generate::CARDS_PER_FILE);
    let now = generate::reference_time();
    let records = generate::reviews(17, &ids, 100_000, now);
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open_at(tmp.path().join("p.sqlite3"), now).expect("store");
    store.append_reviews(&records).expect("seed store");
    let reviews = store.reviews().expect("reviews");
    let scheduler = Scheduler::new(SchedulerConfig::default());
    store.keep_card_states(&scheduler);
    store.rebuild_card_states().expect("card states");
    let mut state = State::with_progress(lib, Keymap::default(), scheduler, reviews, Zone::utc());
    let mut runner = EffectRunner::new(Some(store));
    runner.dispatch(&mut state, Action::Resize(100, 30), now);
    for command in [Command::GoDrill, Command::Open] {
        runner.dispatch(&mut state, Action::Command(command), now);
    }
    c.bench_function("drill/app_grade_100k", |b| {
        b.iter(|| {
            runner.dispatch(&mut state, Action::Command(Command::Reveal), now);
            runner.dispatch(&mut state, Action::Command(Command::GradeGood), now);
        })
    });
    assert!(state.drill.current.is_some(), "still drilling");
}

criterion_group! {
    name = benches;
    config = config();
    targets = drill, app_grade
}
criterion_main!(benches);
