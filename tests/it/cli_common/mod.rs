//! Running the `studyguide` binary in tests: a scratch home, data and config
//! location per run (never the real home), and the output it gave.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run gave.
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A scratch directory acting as HOME for the runs of one test.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, text).expect("write");
        path
    }

    /// The command with a clean environment pointing at the sandbox.
    pub fn command(&self, args: &[&str]) -> Command {
        let data = self.path("data").display().to_string();
        let mut cmd = self.command_without_data_dir(&["--data-dir", &data]);
        cmd.args(args);
        cmd
    }

    /// The binary with the sandbox's home and environment but no
    /// `--data-dir` (for a test that names data directories of its own).
    pub fn command_without_data_dir(&self, args: &[&str]) -> Command {
        let home = self.dir.path();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_studyguide"));
        cmd.args(args)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("share"))
            .env_remove("STUDYGUIDE_CONFIG")
            .env_remove("STUDYGUIDE_CONTENT")
            .env_remove("STUDYGUIDE_DATA_DIR")
            .env_remove("NO_COLOR");
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        output(self.command(args))
    }
}

pub fn output(mut cmd: Command) -> Output {
    let out = cmd.output().expect("run studyguide");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The repository's own files.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Whitespace runs collapsed to one space, ends trimmed.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
