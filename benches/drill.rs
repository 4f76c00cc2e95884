//! Drill benchmarks with 100,000 cards and 100,000 reviews: replaying the
//! log and building the due queue, and grading one card with the store write
//! (`Store::append_review` on a store already holding 100k reviews), and
//! what opening the stats screen and the drill's deck chooser compute; and a
//! grade as the app does it: the key, the store write, the card's new state
//! and the next card shown (`app_grade_100k`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use divan::Bencher;
use studyguide::domain::cards::{Card, all_cards};
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

fn main() {
    divan::Divan::from_args()
        .sample_count(10)
        .min_time(std::time::Duration::from_secs(3))
        .main();
}

/// 100,000 cards, a log of 100,000 reviews of them, and the states it
/// gives: made once per benchmark (each runs on its own data).
struct Drill {
    cards: Vec<Card>,
    ids: Vec<String>,
    log: Vec<(i64, ReviewRecord)>,
    config: SchedulerConfig,
    scheduler: Scheduler,
    states: StateMap,
    now: chrono::DateTime<chrono::Utc>,
}

impl Drill {
    fn new() -> Self {
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
        let states = replay_all(&scheduler, &log);
        Drill {
            cards,
            ids,
            log,
            config,
            scheduler,
            states,
            now,
        }
    }

    fn progress(&self) -> Progress {
        Progress::new(
            self.cards.clone(),
            self.log.clone(),
            self.scheduler.clone(),
            Zone::utc(),
        )
    }
}

#[divan::bench]
fn replay_100k(bencher: Bencher) {
    let d = Drill::new();
    bencher.bench_local(|| replay_all(&d.scheduler, &d.log));
}

#[divan::bench]
fn due_queue_100k(bencher: Bencher) {
    let d = Drill::new();
    bencher.bench_local(|| DueQueue::build(&d.cards, &d.states, &d.config, d.now, 0));
}

#[divan::bench]
fn replay_and_queue_100k(bencher: Bencher) {
    let d = Drill::new();
    bencher.bench_local(|| {
        let states = replay_all(&d.scheduler, &d.log);
        DueQueue::build(&d.cards, &states, &d.config, d.now, 0)
    });
}

#[divan::bench]
fn replay_with_summary_100k(bencher: Bencher) {
    let d = Drill::new();
    let days = DayBoundary::new(Zone::utc(), d.config.day_starts_at);
    bencher.bench_local(|| {
        let mut states = StateMap::default();
        replay_with_summary(&d.scheduler, &days, &d.log, &mut states, |_| true);
        states
    });
}

#[divan::bench]
fn stats_screen_100k(bencher: Bencher) {
    let d = Drill::new();
    let progress = d.progress();
    bencher.bench_local(|| stats::compute(&progress, d.now));
}

#[divan::bench]
fn today_100k(bencher: Bencher) {
    let d = Drill::new();
    let progress = d.progress();
    bencher.bench_local(|| progress.today(d.now).new_done);
}

#[divan::bench]
fn all_decks_waiting_100k(bencher: Bencher) {
    let d = Drill::new();
    let progress = d.progress();
    bencher.bench_local(|| {
        let today = progress.today(d.now);
        progress.waiting_grouped(&today, 1, |_, _, of| of.push(0))
    });
}

#[divan::bench]
fn grade_one_card_store_100k(bencher: Bencher) {
    let d = Drill::new();
    let days = DayBoundary::new(Zone::utc(), d.config.day_starts_at);
    // TMPDIR decides the disk: point it at a real disk, not a tmpfs
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open_at(tmp.path().join("p.sqlite3"), d.now).expect("store");
    let records: Vec<ReviewRecord> = d.log.iter().map(|(_, r)| r.clone()).collect();
    store.append_reviews(&records).expect("seed store");
    // as the app keeps it: the card's stored state moves on with the answer
    store.keep_card_states(&d.scheduler);
    store.rebuild_card_states().expect("card states");
    let mut n = 0u64;
    bencher.bench_local(|| {
        n += 1;
        let id = &d.ids[(n as usize * 7919) % d.ids.len()];
        let before = d.states.get(id.as_str()).cloned().unwrap_or_default();
        let at = d.now + chrono::Duration::seconds(n as i64);
        let day = days.day(at);
        let _after = d.scheduler.answer(id, &before, Grade::Good, at, day);
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
    });
}

/// A grade in the app at 100k cards and reviews: `Reveal` then `GradeGood`
/// through the effect runner (store write on the disk TMPDIR names, with
/// the card's stored state, the state moved on, the next card picked and
/// laid out).
#[divan::bench]
fn app_grade_100k(bencher: Bencher) {
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
    bencher.bench_local(|| {
        runner.dispatch(&mut state, Action::Command(Command::Reveal), now);
        runner.dispatch(&mut state, Action::Command(Command::GradeGood), now);
    });
    assert!(state.drill.current.is_some(), "still drilling");
}
