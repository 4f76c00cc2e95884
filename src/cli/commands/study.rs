//! `studyguide due` and `studyguide stats`: the drill's numbers on the command
//! line (the cards of missed interview points included). They read the
//! progress store without writing to it.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::cli::args::Cli;
use crate::cli::commands::report;
use crate::cli::{config, context};
use crate::domain::card_index::{self, IndexedCards};
use crate::domain::content::sanitize::escape_controls;
use crate::domain::progress::{Progress, StoredStates};
use crate::domain::schedule::Scheduler;
use crate::domain::schedule::day::{DayBoundary, Zone};
use crate::domain::stats::{self, LogFacts, Stats};
use crate::store::{LogMark, StatsSource, Store};

/// What `due` and `stats` read: the content's cards (their texts left out
/// where the content cache allows), the settings, the store (read-only)
/// when there is one, what the command read from it, and what it read
/// beside the content.
struct Loaded<T, U = ()> {
    cards: IndexedCards,
    scheduler: Scheduler,
    store: Option<Store>,
    read: T,
    beside: U,
}

/// Loads content, config and opens the store read-only, then lets `read`
/// read the store. The content is loaded on a second thread meanwhile: the
/// two take about as long at 100,000 cards, and neither needs the other.
fn load<T: Send>(
    cli: &Cli,
    config_path: &Path,
    read: impl FnOnce(Option<&Store>, &Scheduler) -> anyhow::Result<T>,
) -> anyhow::Result<Loaded<T>> {
    load_with(cli, config_path, read, || ())
}

/// [`load`], with `beside` run on the content's thread after the content.
fn load_with<T: Send, U: Send>(
    cli: &Cli,
    config_path: &Path,
    read: impl FnOnce(Option<&Store>, &Scheduler) -> anyhow::Result<T>,
    beside: impl FnOnce() -> U + Send,
) -> anyhow::Result<Loaded<T, U>> {
    let loaded = config::load(config_path)?;
    context::require_content_dir(cli)?;
    let scheduler = Scheduler::new(loaded.config.scheduler.to_config());
    let (cards, problems, store, beside) = std::thread::scope(|scope| {
        let content = scope.spawn(|| {
            let mut library = context::load_library_for_counting(cli);
            let problems: Vec<String> = library.errors().map(|p| p.to_string()).collect();
            let cards = card_index::take_all_cards_without_texts(&mut library);
            (cards, problems, beside())
        });
        let store = open_and_read(cli, &scheduler, read);
        let (cards, problems, beside) = content.join().map_err(|_| {
            crate::cli::exit::runtime(anyhow::anyhow!("loading the content failed"))
        })?;
        anyhow::Ok((cards, problems, store, beside))
    })?;
    for problem in problems {
        crate::cli::output::say(&problem);
    }
    let (store, read) = store?;
    if let Some(store) = store.as_ref().filter(|s| s.card_states_damaged()) {
        crate::cli::output::say(&format!(
            "{}: warning: a stored card state cannot be read; counted from the review log \
             instead (the app rebuilds the card states on its next start)",
            escape_controls(&store.path().display().to_string())
        ));
    }
    let cards = with_missed_cards(cards, store.as_ref())?;
    Ok(Loaded {
        cards,
        scheduler,
        store,
        read,
        beside,
    })
}

/// The content's cards and the cards of missed interview points kept in the
/// store (scheduled like any other, counted in their own deck).
fn with_missed_cards(cards: IndexedCards, store: Option<&Store>) -> anyhow::Result<IndexedCards> {
    let points = match store {
        Some(store) => store.missed_points()?,
        None => return Ok(cards),
    };
    if points.is_empty() {
        return Ok(cards);
    }
    let mut all = cards.into_cards();
    all.extend(crate::domain::missed_cards::missed_cards(
        &points,
        |_| None,
        false,
    ));
    Ok(IndexedCards::new(all))
}

/// The store of the data directory the flags name, opened read-only (none
/// when there is no file yet), and what `read` reads from it.
fn open_and_read<T>(
    cli: &Cli,
    scheduler: &Scheduler,
    read: impl FnOnce(Option<&Store>, &Scheduler) -> anyhow::Result<T>,
) -> anyhow::Result<(Option<Store>, T)> {
    let path = context::store_path(&context::data_dir(cli));
    let store = if path.exists() {
        // an older store's answers have no study day: counted as the TUI counts them
        let days = DayBoundary::new(Zone::Local, scheduler.config().day_starts_at);
        Some(Store::open_read_only(&path)?.count_days_with(days))
    } else {
        None
    };
    let read = read(store.as_ref(), scheduler)?;
    Ok((store, read))
}

/// The progress from the whole review log, replayed.
fn replay<T, U>(loaded: Loaded<T, U>) -> anyhow::Result<Progress> {
    let reviews = match &loaded.store {
        Some(store) => {
            let (reviews, left_out) = store.valid_reviews()?;
            if left_out > 0 {
                crate::cli::output::say(&format!(
                    "{}: warning: {left_out} review(s) with invalid values were left out",
                    escape_controls(&store.path().display().to_string())
                ));
            }
            reviews
        }
        None => Vec::new(),
    };
    Ok(Progress::new(
        loaded.cards.into_cards(),
        reviews,
        loaded.scheduler,
        Zone::Local,
    ))
}

pub fn due(cli: &Cli, config_path: &Path, json: bool) -> anyhow::Result<i32> {
    let now = cli.now.unwrap_or_else(Utc::now);
    // The card states kept in the store when they match the log (and no
    // answer is dated after `now`); else the log replayed. Both give the
    // same report (tests/due_from_states.rs).
    let mut loaded = load(cli, config_path, |store, scheduler| {
        let fingerprint = scheduler.config().state_fingerprint();
        Ok(match store {
            Some(store) => store.card_states_into::<StoredStates>(&fingerprint)?,
            None => Some(StoredStates::default()),
        }
        .filter(|states| states.latest_answer().is_none_or(|t| t <= now))
        .map(|mut states| {
            // while the content still loads
            states.sort_first_answers();
            states
        }))
    })?;
    let (progress, from_states) = match loaded.read.take() {
        Some(states) => {
            let progress =
                Progress::from_states(loaded.cards, states, loaded.scheduler, Zone::Local);
            (progress, true)
        }
        None => (replay(loaded)?, false),
    };
    let today = from_states
        .then(|| progress.today_from_states(now))
        .flatten()
        .unwrap_or_else(|| progress.today(now));
    let report = report::due_report_in(&progress, &today);
    if json {
        crate::cli::output::write_to_stdout(|out| {
            report.write_json(out)?;
            out.write_all(b"\n")
        })?;
    } else {
        crate::cli::output::write_output(None, &report.to_text())?;
    }
    // The process ends right after: the OS takes the memory back at once,
    // where freeing 100,000 cards and reviews piece by piece takes longer.
    std::mem::forget(report);
    std::mem::forget(today);
    std::mem::forget(progress);
    Ok(0)
}

/// A stats source with its first answers sorted (while the content loads).
fn first_answers_sorted(mut source: StatsSource<StoredStates>) -> StatsSource<StoredStates> {
    source.states.sort_first_answers();
    source
}

pub fn stats(cli: &Cli, config_path: &Path, json: bool) -> anyhow::Result<i32> {
    let now = cli.now.unwrap_or_else(Utc::now);
    // The card states kept in the store, the answers' times and the recent
    // cards' histories when the table matches the log; else the log
    // replayed. Both give the same numbers (tests/due_from_states.rs).
    let since = stats::retention_since(now);
    let mut loaded = load_stats_source(cli, config_path, since)?;
    let source = agreed_source(&mut loaded, since)?;
    let (stats, progress) = match source {
        Some(source) => from_source(loaded, source, now),
        None => {
            let progress = replay(loaded)?;
            (report::stats_report(&progress, now), progress)
        }
    };
    if json {
        crate::cli::output::write_json_to_stdout(&stats)?;
    } else {
        crate::cli::output::write_output(None, &report::stats_text(&stats))?;
    }
    // Not freed, as in `due`.
    std::mem::forget(progress);
    Ok(0)
}

/// What `stats` reads, beside the content: the stats source without the
/// answers' times (none when the card-state table does not match the log),
/// and the answers' times on a second connection, read at the same time
/// (none when that fails: then they are read with the states).
type StatsLoaded = Loaded<Option<StatsSource<StoredStates>>, Option<(LogMark, Vec<DateTime<Utc>>)>>;

/// Loads what `stats` counts from: [`StatsLoaded`], recent histories from
/// `since`.
fn load_stats_source(
    cli: &Cli,
    config_path: &Path,
    since: DateTime<Utc>,
) -> anyhow::Result<StatsLoaded> {
    let path = context::store_path(&context::data_dir(cli));
    load_with(
        cli,
        config_path,
        |store, scheduler| {
            let fingerprint = scheduler.config().state_fingerprint();
            Ok(match store {
                Some(store) => store
                    .stats_source_without_times(&fingerprint, since)?
                    .map(first_answers_sorted),
                None => Some(StatsSource::default()),
            })
        },
        || {
            path.exists()
                .then(|| Store::open_read_only(&path).and_then(|s| s.answer_times()))
                .and_then(Result::ok)
        },
    )
}

/// The stats source with the answers' times in it when both reads saw the
/// same log; when the log moved between the two, all of it read again, in
/// one. None when the card-state table cannot serve (the log is replayed).
fn agreed_source(
    loaded: &mut StatsLoaded,
    since: DateTime<Utc>,
) -> anyhow::Result<Option<StatsSource<StoredStates>>> {
    Ok(match (loaded.read.take(), loaded.beside.take()) {
        (Some(mut source), Some((mark, times))) if mark == source.mark => {
            source.answer_times = times;
            Some(source)
        }
        (Some(_), _) if let Some(store) = &loaded.store => {
            let fingerprint = loaded.scheduler.config().state_fingerprint();
            store
                .stats_source(&fingerprint, since)?
                .map(first_answers_sorted)
        }
        (source, _) => source,
    })
}

/// The stats and the progress made from the card states, the answers' times
/// and the recent cards' histories, without replaying the log.
fn from_source(
    loaded: StatsLoaded,
    mut source: StatsSource<StoredStates>,
    now: DateTime<Utc>,
) -> (Stats, Progress) {
    let states = std::mem::take(&mut source.states);
    let progress = Progress::from_states(loaded.cards, states, loaded.scheduler, Zone::Local);
    let histories = source
        .recent_histories
        .iter()
        .map(|(id, answers)| (id.as_str(), answers.as_slice()));
    let facts = LogFacts::from_answers(
        &progress.days,
        &progress.scheduler,
        &source.answer_times,
        histories,
        now,
    );
    (stats::compute_from(&progress, &facts, now), progress)
}
