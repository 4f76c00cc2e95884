//! Where things live: the data directory, the config file and the content
//! source, from flags, environment variables or the platform defaults.

use std::path::{Path, PathBuf};

/// The platform's directories for studyguide, if the home directory is known.
fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "studyguide")
}

pub fn default_data_dir() -> PathBuf {
    project_dirs().map_or_else(
        || PathBuf::from(".studyguide"),
        |d| d.data_dir().to_path_buf(),
    )
}

pub fn default_config_file() -> PathBuf {
    project_dirs().map_or_else(
        || PathBuf::from("studyguide.toml"),
        |d| d.config_dir().join("config.toml"),
    )
}

/// Creates the data directory (owner-only on Unix) if it does not exist.
pub fn ensure_data_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}
