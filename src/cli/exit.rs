//! The exit codes, one table for every command (the README's "Exit codes"):
//!
//! | code | meaning |
//! |---|---|
//! | 0 | done (also when the output pipe closed early) |
//! | 1 | a runtime failure: the output could not be written, the terminal could not be set up, the store failed while working; or `check` found errors |
//! | 2 | usage or bad input: an argument, the config file, a content directory or an input file is wrong |
//! | 3 | the progress store was refused: damaged, not a store, from a newer version, or not writable |
//!
//! An error says what it is where it is made: writing the output marks its
//! failure [`runtime`]; a store error is sorted by its kind; a config error
//! is bad input; the rest of a command's errors take the default its
//! dispatcher gives ([`or_default`]).

use crate::cli::config::ConfigError;
use crate::store::StoreError;

pub const OK: i32 = 0;
pub const FAILED: i32 = 1;
pub const BAD_INPUT: i32 = 2;
pub const STORE_REFUSED: i32 = 3;

/// An error with the exit code it ends the program with. Shown as the error
/// it holds, causes included.
#[derive(Debug)]
pub struct Coded {
    pub code: i32,
    error: anyhow::Error,
}

impl std::fmt::Display for Coded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:#}", self.error)
    }
}

impl std::error::Error for Coded {}

/// `error` marked as a runtime failure (exit 1).
pub fn runtime(error: anyhow::Error) -> anyhow::Error {
    anyhow::Error::new(Coded {
        code: FAILED,
        error,
    })
}

/// `error` marked as bad input (exit 2).
pub fn bad_input(error: anyhow::Error) -> anyhow::Error {
    anyhow::Error::new(Coded {
        code: BAD_INPUT,
        error,
    })
}

/// The exit code an error's own kind gives, if it has one: a code it was
/// marked with, a store error's, a config error's.
fn own_code(error: &anyhow::Error) -> Option<i32> {
    error.chain().find_map(|cause| {
        if let Some(coded) = cause.downcast_ref::<Coded>() {
            return Some(coded.code);
        }
        if cause.is::<ConfigError>() {
            return Some(BAD_INPUT);
        }
        cause.downcast_ref::<StoreError>().map(store_code)
    })
}

/// A store error's code: a refusal (3) or a failure while working (1).
fn store_code(error: &StoreError) -> i32 {
    match error {
        StoreError::Empty { .. }
        | StoreError::NotADatabase { .. }
        | StoreError::Corrupt { .. }
        | StoreError::TooNew { .. }
        | StoreError::WrongTables { .. }
        | StoreError::BadData { .. }
        | StoreError::WalWithoutIndex { .. }
        | StoreError::NotWritable { .. }
        | StoreError::ReadOnly { .. } => STORE_REFUSED,
        _ => FAILED,
    }
}

/// The exit code for an error that ended the program: its own kind's, or 1.
pub fn code_of(error: &anyhow::Error) -> i32 {
    own_code(error).unwrap_or(FAILED)
}

/// A command's result with errors of no kind of their own given `code`:
/// for a command whose other errors are all about what it was given.
pub fn or_default<T>(result: anyhow::Result<T>, code: i32) -> anyhow::Result<T> {
    result.map_err(|error| match own_code(&error) {
        Some(_) => error,
        None => anyhow::Error::new(Coded { code, error }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_error_has_its_code() {
        let plain = || anyhow::anyhow!("something");
        assert_eq!(code_of(&plain()), FAILED);
        assert_eq!(code_of(&bad_input(plain()).context("outer")), BAD_INPUT);
        assert_eq!(code_of(&runtime(plain())), FAILED);
        let refused = StoreError::Empty { path: "p".into() };
        assert_eq!(code_of(&anyhow::Error::new(refused)), STORE_REFUSED);
        let failed = StoreError::NoSuchReview {
            path: "p".into(),
            id: 1,
        };
        assert_eq!(code_of(&anyhow::Error::new(failed)), FAILED);
        // a default never hides a kind of its own
        let written = or_default::<()>(Err(runtime(plain())), BAD_INPUT).unwrap_err();
        assert_eq!(code_of(&written), FAILED);
        let given = or_default::<()>(Err(plain()), BAD_INPUT).unwrap_err();
        assert_eq!(code_of(&given), BAD_INPUT);
        assert_eq!(
            format!("{given:#}"),
            "something",
            "shown as the error it holds"
        );
    }
}
