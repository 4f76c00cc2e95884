//! The event loop: draw, read an event, resolve it through the keymap, update
//! the state, carry out the effects. The only place that touches the terminal.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{DateTime, Utc};
use ratatui::crossterm::event;

use crate::store::Store;
use crate::tui::action::{Action, Command};
use crate::tui::rescue::Rescue;
use crate::tui::state::State;
use crate::tui::terminal;
use crate::tui::ui::{self, Theme};
use crate::tui::update::{Effect, update};

/// What the interactive app needs to start.
pub struct AppOptions {
    pub state: State,
    /// The progress store, when it could be opened.
    pub store: Option<Store>,
    pub theme: Theme,
    /// Acts as if the clock read this at start (`--now`).
    pub start_time: Option<DateTime<Utc>>,
    /// Draw the first frame, then exit (for timing start-up).
    pub exit_after_first_frame: bool,
    /// What start-up left to read after the first frame (the state is then
    /// `loading`); read before the first key.
    pub deferred: Option<crate::tui::startup::Deferred>,
}

/// A clock that starts at `--now` when given and runs in real time from there.
pub struct Clock {
    start: Instant,
    base: DateTime<Utc>,
}

impl Clock {
    pub fn new(start_time: Option<DateTime<Utc>>) -> Self {
        Clock {
            start: Instant::now(),
            base: start_time.unwrap_or_else(Utc::now),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.base + chrono::Duration::from_std(self.start.elapsed()).unwrap_or_default()
    }
}

/// How long the loop waits for an event before checking for signals.
const POLL: Duration = Duration::from_millis(100);

/// Test-only switch, hidden from `--help`: with `STUDYGUIDE_TEST_PANIC=1` the
/// app panics right after drawing its first frame, with `=error` it fails
/// with an error there. The end-to-end tests use it to prove the terminal is
/// restored on both paths. Nothing else reads it.
const TEST_PANIC_ENV: &str = "STUDYGUIDE_TEST_PANIC";

/// Every catchable signal whose default action ends the process (SIGPIPE
/// aside, which Rust ignores, and SIGABRT, SIGBUS, SIGTRAP, which mean the
/// process itself is broken): each quits through the normal path, like `q`
/// (drafts and the reading position saved, the terminal restored).
/// SIGXFSZ caught also turns "file too large" into a write error the
/// effect runner reports.
#[cfg(unix)]
pub fn quit_signals() -> Vec<i32> {
    use signal_hook::consts as sig;
    let mut signals = vec![
        sig::SIGTERM,
        sig::SIGHUP,
        sig::SIGINT,
        sig::SIGQUIT,
        sig::SIGUSR1,
        sig::SIGUSR2,
        sig::SIGALRM,
        sig::SIGXCPU,
        sig::SIGXFSZ,
        sig::SIGVTALRM,
        sig::SIGPROF,
        sig::SIGSYS,
    ];
    #[cfg(not(target_os = "haiku"))]
    signals.push(sig::SIGIO);
    #[cfg(any(target_os = "linux", target_os = "android"))]
    signals.extend([libc::SIGPWR, libc::SIGSTKFLT]);
    signals
}

/// Runs the TUI until the user quits. The terminal is restored on every exit
/// path; every signal of [`quit_signals`] quits through the normal path,
/// and when that path is stuck (the terminal went away) the watchdog saves
/// the drafts and the position itself.
pub fn run(options: AppOptions) -> anyhow::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    let rescue = Rescue::new(
        options
            .store
            .as_ref()
            .filter(|s| !s.is_read_only())
            .map(|s| s.path().to_path_buf()),
    );
    #[cfg(unix)]
    {
        let signals = quit_signals();
        for signal in &signals {
            signal_hook::flag::register(*signal, Arc::clone(&stop))
                .context("cannot watch for termination signals")?;
        }
        start_watchdog(&signals, rescue.clone(), options.start_time)?;
    }
    let mut terminal = terminal::enter().context("cannot set up the terminal")?;
    let panic_rescue = rescue.clone();
    let start_time = options.start_time;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // what the user typed first, the terminal second
        panic_rescue.write(Clock::new(start_time).now());
        terminal::leave();
        hook(info);
    }));
    let result = event_loop(&mut terminal, options, &stop, &rescue);
    terminal::leave();
    rescue.mark_saved();
    result
}

/// How long the loop has to save and quit by itself after a signal before
/// the watchdog does it (the loop looks at the signal flag every poll).
#[cfg(unix)]
const QUIT_GRACE: Duration = Duration::from_millis(600);

/// After a signal the loop normally saves and quits within one poll. When
/// the terminal itself has gone (a closed window or `tmux kill-session`
/// sends SIGHUP, then every read of it fails), crossterm's reader may spin
/// inside `poll` and never come back; this thread then writes the rescue
/// snapshot (drafts, reading position) through its own store connection,
/// restores what is left of the terminal and ends the process.
#[cfg(unix)]
fn start_watchdog(
    signals: &[i32],
    rescue: Rescue,
    start_time: Option<DateTime<Utc>>,
) -> anyhow::Result<()> {
    let mut incoming = signal_hook::iterator::Signals::new(signals)
        .context("cannot watch for termination signals")?;
    std::thread::Builder::new()
        .name("quit-watchdog".into())
        .spawn(move || {
            if let Some(signal) = incoming.forever().next() {
                let waited = Instant::now();
                while waited.elapsed() < QUIT_GRACE {
                    if rescue.saved_by_loop() {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
                rescue.write(Clock::new(start_time).now());
                terminal::leave();
                std::process::exit(128 + signal);
            }
        })
        .context("cannot start the quit watchdog")?;
    Ok(())
}

/// Whether an I/O error means the terminal went away (a closed window, a
/// killed tmux session): then the app saves and quits quietly.
fn terminal_gone(error: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    matches!(
        error.kind(),
        ErrorKind::BrokenPipe | ErrorKind::UnexpectedEof | ErrorKind::NotConnected
    ) || matches!(error.raw_os_error(), Some(code) if is_eio_or_enxio(code))
}

#[cfg(unix)]
fn is_eio_or_enxio(code: i32) -> bool {
    code == libc::EIO || code == libc::ENXIO
}

#[cfg(not(unix))]
fn is_eio_or_enxio(_code: i32) -> bool {
    false
}

/// Fails on purpose after the first frame when the test-only switch is set.
fn test_failure() -> anyhow::Result<()> {
    match std::env::var(TEST_PANIC_ENV).as_deref() {
        Ok("error") => anyhow::bail!("test-only failure requested by {TEST_PANIC_ENV}"),
        Ok(_) => panic!("test-only panic requested by {TEST_PANIC_ENV}"),
        Err(_) => Ok(()),
    }
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    options: AppOptions,
    stop: &AtomicBool,
    rescue: &Rescue,
) -> anyhow::Result<()> {
    let AppOptions {
        state,
        store,
        theme,
        start_time,
        exit_after_first_frame,
        mut deferred,
    } = options;
    // The state is not freed at exit: the OS takes the memory back at once,
    // where freeing 100,000 cards piece by piece costs tens of milliseconds.
    // (The store, which must be closed, is dropped as usual.)
    let mut state = std::mem::ManuallyDrop::new(state);
    let mut effects = EffectRunner::new(store);
    let clock = Clock::new(start_time);
    let size = terminal.size()?;
    effects.dispatch(
        &mut state,
        Action::Resize(size.width, size.height),
        clock.now(),
    );
    if state.reader.doc.waits_for_bodies()
        && let Some(rest) = deferred.take()
    {
        // The first screen shows more of a big chapter than start-up read
        // (a very tall screen, or a saved place far into its part): read
        // the rest before drawing it.
        let loaded = rest.load(effects.store.as_ref());
        effects.dispatch(&mut state, Action::Loaded(Box::new(loaded)), clock.now());
    }
    let mut first_frame = true;
    loop {
        rescue.refresh(&state);
        if let Err(e) = terminal.draw(|frame| ui::render(frame, &state, &theme)) {
            return leave_on_error(&mut effects, &mut state, clock.now(), e);
        }
        if exit_after_first_frame {
            return Ok(());
        }
        if first_frame {
            first_frame = false;
            test_failure()?;
        }
        if stop.load(Ordering::Relaxed) {
            quit_on_signal(&mut effects, &mut state, clock.now());
            return Ok(());
        }
        if let Some(rest) = deferred.take() {
            // The first frame is up: read the cards and the review log
            // before waiting for a key.
            let loaded = rest.load(effects.store.as_ref());
            effects.dispatch(&mut state, Action::Loaded(Box::new(loaded)), clock.now());
            continue;
        }
        if state.reader.doc.is_partial() && !state.reader.doc.waits_for_bodies() {
            // The first frame showed the start of a long chapter: lay out the
            // rest before waiting for a key.
            effects.dispatch(&mut state, Action::CompleteLayout, clock.now());
            continue;
        }
        let ready = match event::poll(POLL) {
            Ok(ready) => ready,
            Err(e) => return leave_on_error(&mut effects, &mut state, clock.now(), e),
        };
        if !ready {
            // idle: show what another instance changed (a cheap check)
            effects.sync(&mut state, clock.now());
            if state.interview.countdown_running() || state.drafts.waiting() {
                // The countdown on screen moves with the clock; a draft
                // waits for its second without keys.
                effects.dispatch(&mut state, Action::Tick, clock.now());
            }
            continue;
        }
        let ev = match event::read() {
            Ok(ev) => ev,
            Err(e) => return leave_on_error(&mut effects, &mut state, clock.now(), e),
        };
        let Some(action) = terminal::action_from(ev, &state.keymap, state.key_mode()) else {
            continue;
        };
        if effects.dispatch(&mut state, action, clock.now()) {
            return Ok(());
        }
    }
}

/// The terminal failed: everything is saved first (drafts, the position),
/// then the loop ends; a terminal that went away is a quiet quit, not an
/// error to report on it.
fn leave_on_error(
    effects: &mut EffectRunner,
    state: &mut State,
    now: DateTime<Utc>,
    error: std::io::Error,
) -> anyhow::Result<()> {
    quit_on_signal(effects, state, now);
    if terminal_gone(&error) {
        return Ok(());
    }
    Err(error).context("the terminal failed")
}

/// Leaves like `q` would: keeps a note being written (saves it) and the text
/// of every other box (as drafts for next time), closes any overlay so the
/// quit is not swallowed, then quits, applying whatever effects that brings.
pub fn quit_on_signal(effects: &mut EffectRunner, state: &mut State, now: DateTime<Utc>) {
    if state.bookmarks.editing.is_some() {
        effects.dispatch(state, Action::Command(Command::Submit), now);
    }
    for _ in 0..4 {
        if state.overlay.is_none() {
            break;
        }
        effects.dispatch(state, Action::Command(Command::Close), now);
    }
    effects.dispatch(state, Action::Command(Command::Quit), now);
}

/// Carries out effects against the store and feeds their results back.
pub struct EffectRunner {
    pub store: Option<Store>,
    /// The store's `data_version` when last read: a change means another
    /// instance wrote to it.
    seen_version: Option<i64>,
    /// Ids for answers kept in memory only (no store): negative, counting down.
    next_memory_id: i64,
}

impl EffectRunner {
    pub fn new(store: Option<Store>) -> Self {
        let seen_version = store.as_ref().and_then(|s| s.data_version().ok());
        EffectRunner {
            store,
            seen_version,
            next_memory_id: -1,
        }
    }

    /// Updates the state with `action` and every action its effects give
    /// back. Returns true when the app should quit.
    pub fn dispatch(&mut self, state: &mut State, action: Action, now: DateTime<Utc>) -> bool {
        let changed = match action {
            Action::Resize(..) | Action::CompleteLayout | Action::Loaded(_) => None,
            _ => self.store_changed(),
        };
        // the change is handled first: the key then acts on what the store
        // holds now
        let mut pending = vec![action];
        pending.extend(changed);
        let mut quit = false;
        while let Some(action) = pending.pop() {
            for effect in update(state, action, now) {
                match self.apply(effect) {
                    Outcome::Quit => quit = true,
                    Outcome::Then(next) => pending.push(next),
                    Outcome::Refused(failed) => {
                        // the store's answers and bookmarks put back in
                        // memory, then the message (popped last, it stays)
                        pending.push(failed);
                        pending.extend(self.reread());
                    }
                    Outcome::Done => {}
                }
            }
        }
        quit
    }

    /// What the store holds now (its review log and bookmarks), read
    /// whatever its version: after a refused write, memory is made to agree
    /// with it again. Nothing when there is no store or it cannot be read
    /// (the failure's message says what was not saved).
    fn reread(&mut self) -> Option<Action> {
        let store = self.store.as_ref()?;
        let reviews = store.reviews().ok()?;
        let bookmarks = store.bookmarks().ok()?;
        let drafts = store.drafts().ok()?;
        self.seen_version = store.data_version().ok();
        Some(Action::StoreChanged {
            reviews,
            bookmarks,
            drafts,
        })
    }

    /// Replays what another instance wrote to the store, if anything.
    pub fn sync(&mut self, state: &mut State, now: DateTime<Utc>) {
        if let Some(changed) = self.store_changed() {
            self.dispatch(state, changed, now);
        }
    }

    /// When another instance has written to the store since it was last
    /// read: its review log and bookmarks, to replay (a failed read leaves
    /// things as they are and is tried again next time).
    fn store_changed(&mut self) -> Option<Action> {
        let store = self.store.as_ref()?;
        let version = store.data_version().ok()?;
        if self.seen_version == Some(version) {
            return None;
        }
        let reviews = store.reviews().ok()?;
        let bookmarks = store.bookmarks().ok()?;
        self.seen_version = Some(version);
        let drafts = store.drafts().ok()?;
        Some(Action::StoreChanged {
            reviews,
            bookmarks,
            drafts,
        })
    }

    fn apply(&mut self, effect: Effect) -> Outcome {
        match effect {
            Effect::Quit => Outcome::Quit,
            Effect::SaveReview(review) => match &self.store {
                Some(store) if !store.is_read_only() => match store.append_review(&review) {
                    Ok(id) => Outcome::Then(Action::ReviewSaved { id, review }),
                    Err(e) => {
                        Outcome::Then(Action::Failed(format!("The answer was not saved: {e}")))
                    }
                },
                _ => {
                    let id = self.next_memory_id;
                    self.next_memory_id -= 1;
                    Outcome::Then(Action::ReviewSaved { id, review })
                }
            },
            Effect::UndoReview(id) if id < 0 => Outcome::Done,
            // memory forgot the answer first: a refusal brings it back
            Effect::UndoReview(id) => match &self.store {
                Some(store) => match store.undo_review(id) {
                    Ok(()) => Outcome::Done,
                    Err(e) => Outcome::Refused(Action::Failed(format!("Undo was not saved: {e}"))),
                },
                None => Outcome::Done,
            },
            // the bookmarks changed in memory first: a refusal puts them
            // back as stored
            Effect::SaveBookmark(b) => {
                self.mirrored_write("The bookmark was not saved", |s| s.add_bookmark(&b))
            }
            Effect::RestoreBookmark(b) => {
                self.mirrored_write("The bookmark was not restored", |s| s.upsert_bookmark(&b))
            }
            Effect::SaveNote { item_id, note } => self
                .mirrored_write("The note was not saved", |s| {
                    s.set_bookmark_note(&item_id, &note).map(|_| ())
                }),
            Effect::DeleteBookmark(id) => self
                .mirrored_write("The bookmark was not deleted", |s| {
                    s.delete_bookmark(&id).map(|_| ())
                }),
            // A read-only store keeps its old position; nothing to tell.
            Effect::SavePosition(_) if self.store.as_ref().is_none_or(Store::is_read_only) => {
                Outcome::Done
            }
            Effect::SaveInterviewAnswer {
                session,
                position,
                attempt,
                answer,
                at,
            } => match &self.store {
                Some(store) if !store.is_read_only() => {
                    match store.save_interview_answer(&session, position, &attempt, &answer, at) {
                        Ok(id) => Outcome::Then(Action::InterviewAnswerSaved { position, id }),
                        Err(e) => Outcome::Then(Action::Failed(format!(
                            "The interview answer was not saved: {e}"
                        ))),
                    }
                }
                _ => {
                    let id = self.next_memory_id;
                    self.next_memory_id -= 1;
                    Outcome::Then(Action::InterviewAnswerSaved { position, id })
                }
            },
            // Without a writable store the answer itself was kept in memory
            // only (and the start said so): its later changes go there too.
            Effect::RateInterviewAnswer { .. }
            | Effect::SaveFollowUps { .. }
            | Effect::DeleteMissedPoint { .. }
            | Effect::RestoreMissedPoint { .. }
                if self.store.as_ref().is_none_or(Store::is_read_only) =>
            {
                Outcome::Done
            }
            Effect::RateInterviewAnswer {
                attempt,
                rating,
                self_rating,
            } => self.store_write("The interview rating was not saved", |s| {
                s.rate_interview_answer(&attempt, &rating, self_rating)
            }),
            Effect::SaveFollowUps {
                attempt,
                follow_ups,
            } => self.store_write("The follow-up answer was not saved", |s| {
                s.save_follow_ups(&attempt, &follow_ups)
            }),
            Effect::SaveMissedPoints { points, reviews } => match &self.store {
                Some(store) if !store.is_read_only() => {
                    match store.save_missed_points(&points, &reviews) {
                        Ok(ids) => Outcome::Then(Action::MissedPointsSaved {
                            points,
                            reviews: ids.into_iter().zip(reviews).collect(),
                        }),
                        Err(e) => Outcome::Then(Action::Failed(format!(
                            "The cards of the missed points were not saved: {e}"
                        ))),
                    }
                }
                _ => {
                    let reviews = reviews
                        .into_iter()
                        .map(|r| {
                            let id = self.next_memory_id;
                            self.next_memory_id -= 1;
                            (id, r)
                        })
                        .collect();
                    Outcome::Then(Action::MissedPointsSaved { points, reviews })
                }
            },
            Effect::DeleteMissedPoint { card_id, at } => self
                .store_write("The card was not deleted", |s| {
                    s.delete_missed_point(&card_id, at).map(|_| ())
                }),
            Effect::RestoreMissedPoint { card_id } => self
                .store_write("The card was not brought back", |s| {
                    s.restore_missed_point(&card_id).map(|_| ())
                }),
            Effect::SavePosition(value) => self
                .store_write("The reading position was not saved", |s| {
                    s.set_position(crate::tui::state::position::KEY, &value)
                }),
            // Drafts are kept only where the store can be written; the
            // text stays in its box either way.
            Effect::SaveDraft(_) | Effect::DeleteDraft { .. }
                if self.store.as_ref().is_none_or(Store::is_read_only) =>
            {
                Outcome::Done
            }
            Effect::SaveDraft(d) => self.store_write("Your draft was not kept", |s| {
                s.save_draft(&d.key, &d.text, d.base.as_deref(), d.saved)
            }),
            Effect::DeleteDraft { key, text } => self
                .store_write("An old draft was not removed", |s| {
                    s.delete_draft(&key, &text).map(|_| ())
                }),
        }
    }

    /// Runs a write against the store; a failure, or having no store to
    /// write to, comes back as a message, so nothing claims to be saved.
    fn store_write(
        &self,
        what: &str,
        write: impl FnOnce(&Store) -> crate::store::Result<()>,
    ) -> Outcome {
        match &self.store {
            Some(store) => match write(store) {
                Ok(()) => Outcome::Done,
                Err(e) => Outcome::Then(Action::Failed(format!("{what}: {e}"))),
            },
            None => Outcome::Then(Action::Failed(format!(
                "{what}: progress cannot be saved in this session"
            ))),
        }
    }

    /// [`Self::store_write`] for data that memory mirrors (the bookmarks):
    /// a refusal also puts what the store holds back in memory, so the two
    /// agree.
    fn mirrored_write(
        &self,
        what: &str,
        write: impl FnOnce(&Store) -> crate::store::Result<()>,
    ) -> Outcome {
        match self.store_write(what, write) {
            Outcome::Then(failed) if self.store.is_some() => Outcome::Refused(failed),
            other => other,
        }
    }
}

enum Outcome {
    Quit,
    Then(Action),
    /// The store refused a write: this failure, after memory is made to
    /// agree with the store again.
    Refused(Action),
    Done,
}
