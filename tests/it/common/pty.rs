//! Runs the real binary in a pseudo-terminal and reads its screen through a
//! vt100 parser, for end-to-end tests.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct PtyApp {
    /// The terminal's side of the pty; `None` once closed (`close_terminal`).
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, for checks on raw output.
    pub raw: Arc<Mutex<Vec<u8>>>,
    /// The thread copying the program's output into the parser.
    output: Option<std::thread::JoinHandle<()>>,
    /// Tells that thread to stop (`close_terminal`).
    closing: Arc<AtomicBool>,
}

/// How long a wait-for waits before it fails: long, since a loaded CI machine
/// can take seconds per frame of a debug build; a passing test never waits
/// this long.
pub const WAIT: Duration = Duration::from_secs(60);

impl PtyApp {
    /// Starts the binary with `args` and a data dir of its own under `home`
    /// (also used as HOME, so nothing touches the real home directory).
    pub fn spawn(home: &Path, args: &[&str], cols: u16, rows: u16) -> PtyApp {
        Self::spawn_with_env(home, args, &[], cols, rows)
    }

    pub fn spawn_with_env(
        home: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> PtyApp {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_studyguide"));
        cmd.args(args);
        cmd.env("HOME", home);
        cmd.env("XDG_DATA_HOME", home.join("xdg-data"));
        cmd.env("XDG_CONFIG_HOME", home.join("xdg-config"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.cwd(home);
        let child = pair.slave.spawn_command(cmd).expect("spawn studyguide");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (parser.clone(), raw.clone());
        let closing = Arc::new(AtomicBool::new(false));
        let stop = closing.clone();
        #[cfg(unix)]
        let master_fd = pair.master.as_raw_fd();
        let output = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                // wait for output a little at a time, so `close_terminal`
                // can stop this thread (and close its copy of the terminal)
                #[cfg(unix)]
                if let Some(fd) = master_fd {
                    let mut ready = false;
                    while !ready {
                        if stop.load(Ordering::SeqCst) {
                            return;
                        }
                        let mut pfd = libc::pollfd {
                            fd,
                            events: libc::POLLIN,
                            revents: 0,
                        };
                        // SAFETY: one pollfd we own; the fd stays open until
                        // this thread has stopped (`close_terminal` joins it).
                        ready = unsafe { libc::poll(&mut pfd, 1, 50) } != 0;
                    }
                }
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if let Ok(mut parser) = p.lock() {
                            // vt100 can panic on output meant for the size
                            // before a resize (a wide character in a column
                            // that no longer exists). The app redraws the
                            // whole screen after a resize, so start afresh.
                            let parsed =
                                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                    parser.process(&buf[..n])
                                }));
                            if parsed.is_err() {
                                let (rows, cols) = parser.screen().size();
                                *parser = vt100::Parser::new(rows, cols, 0);
                            }
                        }
                        if let Ok(mut raw) = r.lock() {
                            raw.extend_from_slice(&buf[..n]);
                        }
                    }
                }
            }
        });
        PtyApp {
            master: Some(pair.master),
            writer: Some(writer),
            child,
            parser,
            raw,
            output: Some(output),
            closing,
        }
    }

    /// Types text (or escape sequences for special keys).
    pub fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_bytes()).expect("write to pty");
        writer.flush().expect("flush pty");
    }

    /// Closes the terminal under the program, as closing its window or
    /// killing its tmux session does (it gets SIGHUP, then every read and
    /// write of the terminal fails).
    pub fn close_terminal(&mut self) {
        self.closing.store(true, Ordering::SeqCst);
        if let Some(output) = self.output.take() {
            let _ = output.join();
        }
        self.writer = None;
        self.master = None;
    }

    /// Whether every mode the app turns on is off again: the main screen,
    /// the cursor shown, no mouse reporting, no bracketed paste, and the
    /// line discipline back in canonical mode with echo (raw mode off).
    pub fn modes_restored(&self) -> bool {
        let screen_ok = self
            .parser
            .lock()
            .map(|p| {
                let s = p.screen();
                !s.alternate_screen()
                    && !s.hide_cursor()
                    && !s.bracketed_paste()
                    && s.mouse_protocol_mode() == vt100::MouseProtocolMode::None
            })
            .unwrap_or(false);
        screen_ok && !self.raw_mode()
    }

    /// Whether the terminal is in raw mode (no canonical input, no echo).
    #[cfg(unix)]
    pub fn raw_mode(&self) -> bool {
        let Some(fd) = self.master.as_ref().and_then(|m| m.as_raw_fd()) else {
            return false;
        };
        // SAFETY: tcgetattr writes into the zeroed struct we own, on an fd
        // the master keeps open for the duration of the call.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        if unsafe { libc::tcgetattr(fd, &mut t) } != 0 {
            return false;
        }
        t.c_lflag & (libc::ICANON | libc::ECHO) == 0
    }

    #[cfg(not(unix))]
    pub fn raw_mode(&self) -> bool {
        false
    }

    pub fn screen(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Waits until the screen shows `needle`; panics with the screen if not.
    pub fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!("timed out waiting for {needle:?}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until `pred` holds for the screen.
    pub fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The screen once every key sent so far has been handled: keys are
    /// read in order, so opening the help (`?`) and closing it (`Esc`)
    /// again shows a screen drawn after all of them. (Waiting for the
    /// screen to stay still for a moment is not enough on a busy machine.)
    /// Only where `?` opens the help.
    /// The screen returned is read twice alike, so it is not a frame
    /// caught half drawn (the help's box gone, the text under it not yet).
    pub fn settled(&mut self) -> String {
        self.send("?");
        self.wait_for(" Keys ");
        self.send("\x1b");
        let mut screen = self.wait_until("the help closed", |s| !s.contains(" Keys "));
        loop {
            std::thread::sleep(Duration::from_millis(20));
            let again = self.screen();
            if again == screen {
                return screen;
            }
            screen = again;
        }
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .as_ref()
            .expect("the terminal is open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize pty");
        if let Ok(mut p) = self.parser.lock() {
            // vt100 cannot place a wide character in a 1-column screen (it
            // panics); 2 columns hold anything a 1-column program writes.
            p.screen_mut().set_size(rows, cols.max(2));
        }
    }

    /// Waits for the program to exit and returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                self.drain_output();
                return status.exit_code();
            }
            if start.elapsed() > WAIT {
                let _ = self.child.kill();
                panic!("program did not exit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits (a few seconds at most) until everything the program wrote
    /// before exiting has reached the parser.
    fn drain_output(&mut self) {
        let start = Instant::now();
        while self.output.as_ref().is_some_and(|h| !h.is_finished())
            && start.elapsed() < Duration::from_secs(5)
        {
            std::thread::sleep(Duration::from_millis(10));
        }
        if let Some(handle) = self.output.take().filter(|h| h.is_finished()) {
            let _ = handle.join();
        }
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Kills the program at once (SIGKILL).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Whether the parsed terminal is back to normal: main screen, cursor shown.
    pub fn terminal_restored(&self) -> bool {
        self.parser
            .lock()
            .map(|p| !p.screen().alternate_screen() && !p.screen().hide_cursor())
            .unwrap_or(false)
    }
}

impl Drop for PtyApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
