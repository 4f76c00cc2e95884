//! A cache of parsed content files, so start-up does not pay the TOML parse
//! of unchanged files. One cache file per content file in the data
//! directory's `cache/` folder, holding the parsed model and its problems in
//! postcard form, keyed by the file's reported name, size, modification time
//! and an xxh3 hash of its bytes. The bytes are always read and hashed, so an
//! edit that keeps size and mtime is still seen; any mismatch, unreadable or
//! foreign cache file means a fresh parse (and a new cache file). Writing the
//! cache is best-effort: a failure only costs the next start its speed.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::domain::content::parse::{Parsed, parse_bytes};
use crate::domain::content::{Library, Problem};
use crate::store::content_dir::load_dir_with;

/// Starts every cache file; the version changes whenever the model or this
/// format does (the crate version is part of the key too).
const MAGIC: &[u8; 8] = b"SGCACHE2";

/// What identifies one content file's bytes.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Key {
    program: String,
    name: String,
    size: u64,
    mtime_ns: Option<i128>,
    hash: u64,
}

/// What was parsed from the file.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    parsed: Option<Parsed>,
    problems: Vec<Problem>,
}

/// How many files were read from the cache and how many were parsed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: usize,
    pub misses: usize,
}

/// The cache folder inside a data directory.
pub fn cache_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("cache")
}

/// Loads a content directory like [`super::load_dir`], taking each file's
/// parsed form from `cache_dir` when the file is unchanged.
pub fn load_dir_cached(dir: &Path, cache_dir: &Path) -> (Library, CacheStats) {
    let mut stats = CacheStats::default();
    let library = load_dir_with(dir, |name, real, meta, bytes| {
        let key = Key {
            program: env!("CARGO_PKG_VERSION").to_string(),
            name: name.to_string(),
            size: bytes.len() as u64,
            mtime_ns: meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map(|d| d.as_nanos() as i128),
            hash: xxh3_64(bytes),
        };
        let file = cache_file(cache_dir, real);
        if let Some(entry) = read_entry(&file, &key) {
            stats.hits += 1;
            return (entry.parsed, entry.problems);
        }
        stats.misses += 1;
        let (parsed, problems) = parse_bytes(name, bytes);
        let entry = Entry { parsed, problems };
        // Best-effort: a cache that cannot be written is only slower.
        let _ = write_entry(cache_dir, &file, &key, &entry);
        (entry.parsed, entry.problems)
    });
    (library, stats)
}

/// The cache file of one content file (named by a hash of its real path).
fn cache_file(cache_dir: &Path, real: &Path) -> PathBuf {
    let hash = xxh3_64(real.as_os_str().as_encoded_bytes());
    cache_dir.join(format!("content-{hash:016x}.bin"))
}

fn read_entry(file: &Path, key: &Key) -> Option<Entry> {
    let bytes = std::fs::read(file).ok()?;
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let (stored, rest): (Key, &[u8]) = postcard::take_from_bytes(rest).ok()?;
    if stored != *key {
        return None;
    }
    postcard::from_bytes(rest).ok()
}

fn write_entry(cache_dir: &Path, file: &Path, key: &Key, entry: &Entry) -> anyhow::Result<()> {
    crate::store::create_private_dir(cache_dir)?;
    let mut bytes = MAGIC.to_vec();
    bytes.extend(postcard::to_stdvec(key)?);
    bytes.extend(postcard::to_stdvec(entry)?);
    let tmp = file.with_extension(format!("tmp{}", std::process::id()));
    let mut out = std::fs::File::create(&tmp)?;
    out.write_all(&bytes)?;
    drop(out);
    std::fs::rename(&tmp, file).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    const CHAPTER: &str = "id = \"c1\"\nnumber = 1\ntitle = \"One\"\n\n[introduction]\nid = \"c1-intro\"\ntitle = \"Intro\"\nbody = \"AAAA text\"\n";

    fn intro(lib: &Library) -> String {
        lib.chapters
            .first()
            .and_then(|c| c.introduction.as_ref())
            .map(|s| s.body.clone())
            .unwrap_or_default()
    }

    fn set_mtime(path: &Path, t: SystemTime) {
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .expect("open");
        f.set_modified(t).expect("set mtime");
    }

    #[test]
    fn second_load_hits_and_matches_a_fresh_parse() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let content = tmp.path().join("content");
        std::fs::create_dir(&content).expect("mkdir");
        std::fs::write(content.join("c1.toml"), CHAPTER).expect("write");
        let cache = tmp.path().join("cache");
        let (first, s1) = load_dir_cached(&content, &cache);
        let (second, s2) = load_dir_cached(&content, &cache);
        assert_eq!((s1.misses, s1.hits), (1, 0));
        assert_eq!((s2.misses, s2.hits), (0, 1));
        let fresh = crate::store::content_dir::load_dir(&content);
        let json = |l: &Library| serde_json::to_string(l).expect("json");
        assert_eq!(json(&first), json(&fresh));
        assert_eq!(json(&second), json(&fresh));
    }

    #[test]
    fn same_size_edit_is_seen_with_or_without_a_new_mtime() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let content = tmp.path().join("content");
        std::fs::create_dir(&content).expect("mkdir");
        let file = content.join("c1.toml");
        let cache = tmp.path().join("cache");
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        std::fs::write(&file, CHAPTER).expect("write");
        set_mtime(&file, t0);
        assert_eq!(intro(&load_dir_cached(&content, &cache).0), "AAAA text");

        // Same size, new mtime.
        std::fs::write(&file, CHAPTER.replace("AAAA", "BBBB")).expect("write");
        set_mtime(&file, t0 + Duration::from_secs(5));
        let (lib, stats) = load_dir_cached(&content, &cache);
        assert_eq!((intro(&lib).as_str(), stats.misses), ("BBBB text", 1));

        // Same size and the same mtime as the cached version: the hash decides.
        std::fs::write(&file, CHAPTER.replace("AAAA", "CCCC")).expect("write");
        set_mtime(&file, t0 + Duration::from_secs(5));
        let (lib, stats) = load_dir_cached(&content, &cache);
        assert_eq!((intro(&lib).as_str(), stats.misses), ("CCCC text", 1));
    }

    #[test]
    fn damaged_cache_files_are_ignored_and_replaced() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let content = tmp.path().join("content");
        std::fs::create_dir(&content).expect("mkdir");
        std::fs::write(content.join("c1.toml"), CHAPTER).expect("write");
        let cache = tmp.path().join("cache");
        load_dir_cached(&content, &cache);
        let files: Vec<_> = std::fs::read_dir(&cache)
            .expect("cache dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        assert_eq!(files.len(), 1);
        let mut bytes = std::fs::read(&files[0]).expect("read");
        let last = bytes.len() - 1;
        bytes.truncate(last / 2);
        std::fs::write(&files[0], &bytes).expect("write");
        let (lib, stats) = load_dir_cached(&content, &cache);
        assert_eq!((intro(&lib).as_str(), stats.misses), ("AAAA text", 1));
        let (_, stats) = load_dir_cached(&content, &cache);
        assert_eq!(stats.hits, 1);
    }

    #[test]
    fn files_with_errors_are_cached_with_their_problems() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let content = tmp.path().join("content");
        std::fs::create_dir(&content).expect("mkdir");
        std::fs::write(content.join("bad.toml"), "id = \"x\"\nnumber = 1\n").expect("write");
        let cache = tmp.path().join("cache");
        let (a, _) = load_dir_cached(&content, &cache);
        let (b, stats) = load_dir_cached(&content, &cache);
        assert_eq!(stats.hits, 1);
        assert!(!a.problems.is_empty());
        assert_eq!(a.problems, b.problems);
    }
}
