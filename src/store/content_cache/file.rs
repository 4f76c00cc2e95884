//! One cache file on disk: `MAGIC`, the header's length (u32 LE) and the
//! header (postcard), the head's length (u64 LE) and the head (postcard),
//! then the tail. A deck's tail is its cards (postcard); a chapter's is
//! its bodies (`domain::content::bodies`) as raw UTF-8, one after another,
//! their lengths in the head. The head holds the parsed file with those
//! left out, so it stays small however big the file is, and each part can
//! be read on its own.

use std::fs::File;
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::{Key, nanos};
use crate::domain::content::parse::Parsed;
use crate::domain::content::{CardSpec, Problem, bodies};

/// Starts every cache file; the version changes whenever the model or this
/// format does (the crate version is part of the key too).
const MAGIC: &[u8; 8] = b"SGCACHE5";

/// The most a cache file's header may take (a longer one is foreign).
const MAX_HEADER: u32 = 1 << 20;

/// The first part of a cache file: the key and the hash of the bytes.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Header {
    pub key: Key,
    pub hash: u64,
}

/// What was parsed from the file, a deck's cards and a chapter's bodies
/// left out (they follow).
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Head {
    pub parsed: Option<Parsed>,
    pub problems: Vec<Problem>,
    /// A chapter's body lengths in bytes, in reading order.
    pub body_lens: Vec<u64>,
}

impl Head {
    /// The body lengths, when the chapter has exactly that many bodies.
    pub fn body_lens(&mut self) -> Option<Vec<usize>> {
        let Some(Parsed::Chapter(chapter)) = &mut self.parsed else {
            return self.body_lens.is_empty().then(Vec::new);
        };
        let lens: Vec<usize> = self
            .body_lens
            .iter()
            .map(|&len| usize::try_from(len).ok())
            .collect::<Option<_>>()?;
        (lens.len() == bodies::slots_mut(chapter).len()).then_some(lens)
    }
}

/// An open cache file whose header has been read.
pub(super) struct CacheFile {
    file: File,
    path: PathBuf,
    len: u64,
    /// Where the head's length stands.
    head_at: u64,
    pub header: Header,
    /// When the entry was written or last verified (the file's mtime).
    pub verified_ns: Option<i128>,
}

impl CacheFile {
    pub fn open(path: &Path) -> Option<CacheFile> {
        let mut file = File::open(path).ok()?;
        let meta = file.metadata().ok()?;
        let mut start = [0u8; 12];
        file.read_exact(&mut start).ok()?;
        let (magic, header_len) = start.split_at(8);
        if magic != MAGIC.as_slice() {
            return None;
        }
        let header_len = u32::from_le_bytes(header_len.try_into().ok()?);
        if header_len > MAX_HEADER || u64::from(header_len) + 12 > meta.len() {
            return None;
        }
        let header = read_exactly(&mut file, u64::from(header_len))?;
        let header: Header = postcard::from_bytes(&header).ok()?;
        Some(CacheFile {
            file,
            path: path.to_path_buf(),
            len: meta.len(),
            head_at: 12 + u64::from(header_len),
            header,
            verified_ns: meta.modified().ok().and_then(nanos),
        })
    }

    /// The head's length and where the tail starts.
    fn head_len_and_tail(&mut self) -> Option<(u64, u64)> {
        self.file.seek(SeekFrom::Start(self.head_at)).ok()?;
        let mut len = [0u8; 8];
        self.file.read_exact(&mut len).ok()?;
        let len = u64::from_le_bytes(len);
        let tail_at = self.head_at.checked_add(8)?.checked_add(len)?;
        (tail_at <= self.len).then_some((len, tail_at))
    }

    /// The parsed file, a deck's cards and a chapter's bodies left out.
    pub fn head(&mut self) -> Option<Head> {
        let (len, _) = self.head_len_and_tail()?;
        decode_part(&mut self.file, self.head_at + 8, len)
    }

    /// A deck's cards (the tail).
    pub fn cards(&mut self) -> Option<Vec<CardSpec>> {
        self.cards_as()
    }

    /// A deck's cards read as `T` (a [`CardSpec`], or a reading of one
    /// that passes over parts of it).
    pub fn cards_as<T: serde::de::DeserializeOwned>(&mut self) -> Option<Vec<T>> {
        let (_, tail_at) = self.head_len_and_tail()?;
        decode_part::<ExactVec<T>>(&mut self.file, tail_at, self.len - tail_at).map(|c| c.0)
    }

    /// A deck's cards read as `T` from the tail read whole into `buffer`
    /// (kept by the caller for the next file): for a reading that borrows
    /// what it passes over instead of copying it through a stream's scratch
    /// buffer ([`CountingSpec`](crate::domain::content::counting_spec::CountingSpec)).
    pub fn cards_from<T: serde::de::DeserializeOwned>(
        &mut self,
        buffer: &mut Vec<u8>,
    ) -> Option<Vec<T>> {
        let (_, tail_at) = self.head_len_and_tail()?;
        let len = self.len - tail_at;
        self.file.seek(SeekFrom::Start(tail_at)).ok()?;
        buffer.clear();
        buffer.reserve(usize::try_from(len).ok()?);
        std::io::Read::by_ref(&mut self.file)
            .take(len)
            .read_to_end(buffer)
            .ok()?;
        (buffer.len() as u64 == len).then_some(())?;
        postcard::from_bytes::<ExactVec<T>>(buffer)
            .ok()
            .map(|c| c.0)
    }

    /// `count` of a chapter's bodies from the one numbered `first`, the
    /// bodies' lengths being `lens` (which must fill the tail exactly).
    pub fn bodies(&mut self, lens: &[usize], first: usize, count: usize) -> Option<Vec<String>> {
        let (_, tail_at) = self.head_len_and_tail()?;
        let total = lens
            .iter()
            .try_fold(0u64, |sum, &l| sum.checked_add(l as u64))?;
        (tail_at.checked_add(total)? == self.len).then_some(())?;
        let wanted = lens.get(first..first.checked_add(count)?)?;
        let skip: u64 = lens.get(..first)?.iter().map(|&l| l as u64).sum();
        let bytes: u64 = wanted.iter().map(|&l| l as u64).sum();
        self.file.seek(SeekFrom::Start(tail_at + skip)).ok()?;
        let mut reader = std::io::BufReader::with_capacity(
            64 * 1024,
            std::io::Read::by_ref(&mut self.file).take(bytes),
        );
        let mut out = Vec::with_capacity(wanted.len());
        for &len in wanted {
            let mut body = vec![0u8; len];
            reader.read_exact(&mut body).ok()?;
            out.push(String::from_utf8(body).ok()?);
        }
        Some(out)
    }

    /// Records that the entry was verified now (best-effort).
    pub fn mark_verified(&self) {
        if let Ok(file) = File::options().write(true).open(&self.path) {
            let _ = file.set_modified(SystemTime::now());
        }
    }
}

/// A list decoded at its stored length: serde's own `Vec` starts at a
/// guarded size (8,192 cards) and doubles, which leaves a 20,000-card deck
/// in room for 32,768 (7 MB unused at 100,000 cards, all held at once while
/// the cards are made). Capped for a damaged length: a content file over
/// 4 MiB is refused, so no deck holds as many cards.
struct ExactVec<T>(Vec<T>);

/// The most room made at once for a deck's cards.
const MOST_CARDS_AT_ONCE: usize = 1 << 18;

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ExactVec<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Elements<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Elements<T> {
            type Value = ExactVec<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<ExactVec<T>, A::Error> {
                let room = seq.size_hint().unwrap_or(0).min(MOST_CARDS_AT_ONCE);
                let mut out = Vec::with_capacity(room);
                while let Some(element) = seq.next_element()? {
                    out.push(element);
                }
                Ok(ExactVec(out))
            }
        }
        deserializer.deserialize_seq(Elements(std::marker::PhantomData))
    }
}

/// The bytes of a streamed decode's largest string: a text longer than
/// this is decoded from the part read whole instead.
const STREAM_SCRATCH: usize = 256 * 1024;

/// Decodes the `len` bytes at `at`, streamed through a small buffer so the
/// part is not held whole besides what it decodes to; when a string
/// outgrows the buffer, from the part read whole.
fn decode_part<T: serde::de::DeserializeOwned>(file: &mut File, at: u64, len: u64) -> Option<T> {
    file.seek(SeekFrom::Start(at)).ok()?;
    let mut scratch = vec![0u8; STREAM_SCRATCH];
    let reader =
        std::io::BufReader::with_capacity(64 * 1024, std::io::Read::by_ref(file).take(len));
    if let Ok((value, _)) = postcard::from_io::<T, _>((reader, &mut scratch)) {
        return Some(value);
    }
    file.seek(SeekFrom::Start(at)).ok()?;
    let bytes = read_exactly(file, len)?;
    postcard::from_bytes(&bytes).ok()
}

/// Exactly `len` bytes from where `file` stands, or nothing.
fn read_exactly(file: &mut File, len: u64) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(usize::try_from(len).ok()?);
    file.take(len).read_to_end(&mut out).ok()?;
    (out.len() as u64 == len).then_some(out)
}

/// The bytes of one cache file. A deck's cards and a chapter's bodies go
/// in the tail; `parsed` is left as it was.
pub(super) fn encode(
    header: &Header,
    parsed: &mut Option<Parsed>,
    problems: &[Problem],
) -> anyhow::Result<Vec<u8>> {
    let cards = match parsed {
        Some(Parsed::Deck(deck)) => std::mem::take(&mut deck.cards),
        _ => Vec::new(),
    };
    let texts = match parsed {
        Some(Parsed::Chapter(chapter)) => bodies::take(chapter),
        _ => Vec::new(),
    };
    let head = Head {
        parsed: parsed.take(),
        problems: problems.to_vec(),
        body_lens: texts.iter().map(|t| t.len() as u64).collect(),
    };
    let encoded = (|| -> anyhow::Result<Vec<u8>> {
        let header = postcard::to_stdvec(header)?;
        let head_bytes = postcard::to_stdvec(&head)?;
        let mut bytes = MAGIC.to_vec();
        bytes.extend(u32::try_from(header.len())?.to_le_bytes());
        bytes.extend(header);
        bytes.extend((head_bytes.len() as u64).to_le_bytes());
        bytes.extend(head_bytes);
        match &head.parsed {
            Some(Parsed::Chapter(_)) => texts.iter().for_each(|t| bytes.extend(t.as_bytes())),
            _ => bytes.extend(postcard::to_stdvec(&cards)?),
        }
        Ok(bytes)
    })();
    *parsed = head.parsed;
    match parsed {
        Some(Parsed::Deck(deck)) => deck.cards = cards,
        Some(Parsed::Chapter(chapter)) => {
            bodies::put(chapter, 0, texts);
        }
        _ => {}
    }
    encoded
}

/// Writes one cache file (a temporary file renamed into place).
pub(super) fn write(cache_dir: &Path, file: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    crate::store::create_private_dir(cache_dir)?;
    let tmp = file.with_extension(format!("tmp{}", std::process::id()));
    let mut out = File::create(&tmp)?;
    out.write_all(bytes)?;
    drop(out);
    std::fs::rename(&tmp, file).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    Ok(())
}
