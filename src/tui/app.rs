//! The event loop: draw, read an event, resolve it through the keymap, update
//! the state, carry out the effects (the [`EffectRunner`] does the store
//! I/O). The only place that touches the terminal; it also watches for the
//! signals that quit.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{DateTime, Utc};
use ratatui::crossterm::event;

use crate::store::Store;
use crate::tui::action::{Action, Command};
use crate::tui::effect_runner::EffectRunner;
use crate::tui::rescue::Rescue;
use crate::tui::state::State;
use crate::tui::terminal;
use crate::tui::ui::{self, Theme};

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

/// The loop itself: draw, then (once the first frame is up) finish what
/// start-up left to read, then wait for an event; the keymap turns it into an
/// action, and the effect runner updates the state with it and carries out
/// the effects. Ends on quit, on a signal, or when the terminal fails.
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
    fit_first_screen(&mut effects, &mut state, size, &mut deferred, &clock);
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
        if finish_start(&mut effects, &mut state, &mut deferred, clock.now()) {
            continue;
        }
        let ev = match next_event() {
            Ok(Some(ev)) => ev,
            Ok(None) => {
                on_idle(&mut effects, &mut state, clock.now());
                continue;
            }
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

/// Before the first frame: the state learns the screen's size, and when
/// the first screen shows more of a big chapter than start-up read (a very
/// tall screen, or a saved place far into its part), the rest is read
/// before it is drawn.
fn fit_first_screen(
    effects: &mut EffectRunner,
    state: &mut State,
    size: ratatui::layout::Size,
    deferred: &mut Option<crate::tui::startup::Deferred>,
    clock: &Clock,
) {
    effects.dispatch(state, Action::Resize(size.width, size.height), clock.now());
    if state.reader.doc.waits_for_bodies()
        && let Some(rest) = deferred.take()
    {
        let loaded = rest.load(effects.store.as_ref());
        effects.dispatch(state, Action::Loaded(Box::new(loaded)), clock.now());
    }
}

/// Once the first frame is up, before waiting for a key: reads what
/// start-up left (the cards and the review log), or else lays out the rest
/// of a long chapter whose start the first frame showed. One step per call;
/// false when nothing is left to do.
fn finish_start(
    effects: &mut EffectRunner,
    state: &mut State,
    deferred: &mut Option<crate::tui::startup::Deferred>,
    now: DateTime<Utc>,
) -> bool {
    if let Some(rest) = deferred.take() {
        let loaded = rest.load(effects.store.as_ref());
        effects.dispatch(state, Action::Loaded(Box::new(loaded)), now);
        return true;
    }
    if state.reader.doc.is_partial() && !state.reader.doc.waits_for_bodies() {
        effects.dispatch(state, Action::CompleteLayout, now);
        return true;
    }
    false
}

/// The next terminal event, or none when nothing came within [`POLL`].
fn next_event() -> std::io::Result<Option<event::Event>> {
    if event::poll(POLL)? {
        event::read().map(Some)
    } else {
        Ok(None)
    }
}

/// No event came: shows what another instance changed (a cheap check), and
/// moves the screens that go with the clock (the interview countdown, a
/// draft waiting for its second) without keys.
fn on_idle(effects: &mut EffectRunner, state: &mut State, now: DateTime<Utc>) {
    effects.sync(state, now);
    if state.interview.countdown_running() || state.drafts.waiting() {
        effects.dispatch(state, Action::Tick, now);
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
