//! Output helpers for the subcommands: writing a result to a file or to
//! standard output (a closed pipe ends quietly), and printing problems.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

/// Writes `text` to `path`, or to standard output when there is none.
pub fn write_output(path: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match path {
        // The user's file: replaced atomically, never left half written.
        Some(path) => crate::store::atomic_file::write_atomically(path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))
            .map_err(crate::cli::exit::runtime),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => Ok(()),
                // A closed pipe (`| head`) is not an error worth reporting.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(e)
                    .context("cannot write to standard output")
                    .map_err(crate::cli::exit::runtime),
            }
        }
    }
}

/// Prints import warnings to standard error, one `file:line:col: warning: ...` a line.
pub fn print_problems(problems: &[crate::domain::content::Problem]) {
    let mut err = std::io::stderr().lock();
    for p in problems {
        // A closed or full standard error must not stop the command.
        let _ = writeln!(err, "{p}");
    }
}

/// Writes one line of diagnostics to standard error. Unlike `eprintln!` it
/// never fails the command: a closed pipe (`2>&1 | head`) or a full device
/// only loses the message.
pub fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Writes `value` as pretty JSON and a newline to standard output, straight
/// through a buffer into the locked stream (no string of the whole output);
/// a closed pipe ends quietly.
pub fn write_json_to_stdout<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    write_to_stdout(|out| {
        serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
        out.write_all(b"\n")
    })
}

/// Runs `write` on a buffered, locked standard output and flushes it; a
/// closed pipe ends quietly.
pub fn write_to_stdout(
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let written = write(&mut out).and_then(|()| out.flush());
    match written {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e)
            .context("cannot write to standard output")
            .map_err(crate::cli::exit::runtime),
    }
}
