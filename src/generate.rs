//! Deterministic large content for benchmarks and tests: a chapter TOML of
//! any size with realistic Markdown, decks of many cards (split into files
//! under the loader's size limit), a plain Markdown file, and a review log.
//! Same seed, same bytes. Writes no file (the benches and the `generate`
//! example write [`Sets::files`]); depends on the domain alone. Inputs for
//! the importers are in [`imports`].

pub mod imports;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::domain::schedule::Grade;
use crate::domain::schedule::ReviewRecord;
use crate::domain::schedule::SchedulerConfig;
use crate::domain::schedule::day::{DayBoundary, Zone};

/// A small, fast, deterministic random source (SplitMix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..hi` (`lo` when the range is empty).
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        if hi <= lo {
            return lo;
        }
        lo + (self.next_u64() % (hi - lo) as u64) as usize
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.range(0, words.len())]
    }
}

const WORDS: &[&str] = &[
    "interview",
    "candidate",
    "manager",
    "team",
    "role",
    "company",
    "skills",
    "answer",
    "question",
    "prepare",
    "research",
    "practice",
    "example",
    "result",
    "situation",
    "action",
    "task",
    "impact",
    "culture",
    "growth",
    "feedback",
    "salary",
    "offer",
    "negotiate",
    "resume",
    "story",
    "listen",
    "clarify",
    "follow",
    "up",
    "thank",
    "focus",
    "value",
    "problem",
    "solve",
    "design",
    "system",
    "data",
    "project",
    "deadline",
    "conflict",
    "lead",
    "mentor",
    "learn",
    "improve",
    "measure",
    "goal",
    "plan",
    "honest",
    "specific",
    "concise",
    "clear",
    "confident",
    "calm",
    "the",
    "a",
    "and",
    "of",
    "to",
    "in",
    "with",
    "for",
    "on",
    "about",
    "your",
    "their",
    "how",
    "why",
    "when",
    "what",
    "it",
    "was",
    "is",
    "we",
    "they",
    "every",
    "most",
    "often",
    "always",
    "café",
    "naïve",
    "résumé",
    "中文",
    "ünïcode",
];

const CODE: &[&str] = &[
    "fn main() {\n    println!(\"hello, interview\");\n}",
    "SELECT name, role FROM candidates WHERE score > 80;",
    "def star(situation, task, action, result):\n    return [situation, task, action, result]",
    "$ git log --oneline | head -5",
];

/// One sentence of `n` words, capitalised, with some inline emphasis.
fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        let w = rng.pick(WORDS);
        match rng.range(0, 40) {
            0 => write!(s, "*{w}*"),
            1 => write!(s, "**{w}**"),
            2 => write!(s, "`{w}()`"),
            3 => write!(s, "[{w}](https://example.com/{w})"),
            _ if i == 0 => {
                let mut c = w.chars();
                let first = c.next().map(|f| f.to_uppercase().collect::<String>());
                write!(s, "{}{}", first.unwrap_or_default(), c.as_str())
            }
            _ => write!(s, "{w}"),
        }
        .unwrap_or(());
    }
    s.push('.');
    s
}

fn paragraph(rng: &mut Rng) -> String {
    let n = rng.range(2, 6);
    (0..n)
        .map(|_| {
            let w = rng.range(6, 20);
            sentence(rng, w)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A Markdown body of roughly `bytes` bytes: paragraphs, lists, quotes, code.
pub fn markdown_body(rng: &mut Rng, bytes: usize) -> String {
    let mut out = String::new();
    while out.len() < bytes {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        match rng.range(0, 10) {
            0..=4 => out.push_str(&paragraph(rng)),
            5 | 6 => {
                let ordered = rng.range(0, 2) == 0;
                for i in 0..rng.range(2, 6) {
                    let w = rng.range(4, 14);
                    let marker = if ordered {
                        format!("{}.", i + 1)
                    } else {
                        "-".into()
                    };
                    writeln!(out, "{marker} {}", sentence(rng, w)).unwrap_or(());
                    if rng.range(0, 4) == 0 {
                        let w = rng.range(3, 8);
                        writeln!(out, "   - {}", sentence(rng, w)).unwrap_or(());
                    }
                }
                out.truncate(out.trim_end().len());
            }
            7 => {
                let p = paragraph(rng);
                write!(out, "> {p}").unwrap_or(());
            }
            8 => {
                let code = rng.pick(CODE);
                write!(out, "```\n{code}\n```").unwrap_or(());
            }
            _ => {
                let w = rng.range(2, 6);
                write!(out, "#### {}", sentence(rng, w).trim_end_matches('.')).unwrap_or(());
            }
        }
    }
    out
}

/// A title of a few words, no Markdown.
fn title(rng: &mut Rng) -> String {
    let n = rng.range(3, 8);
    let words: Vec<&str> = (0..n).map(|_| rng.pick(WORDS)).collect();
    let mut t = words.join(" ");
    if let Some(first) = t.get(..1) {
        t = first.to_uppercase() + t.get(1..).unwrap_or_default();
    }
    t
}

/// Writes `key = '''...'''` (a multi-line literal string: no escapes needed,
/// and the generated text never contains `'''`).
fn literal(out: &mut String, key: &str, text: &str) {
    writeln!(out, "{key} = '''\n{text}\n'''").unwrap_or(());
}

/// A chapter file of at least `target_bytes` bytes: an introduction, interviews
/// with questions, plain sections, insights and a conclusion.
pub fn chapter_toml(seed: u64, number: u32, target_bytes: usize) -> String {
    let mut rng = Rng::new(seed);
    let id = format!("gen{number}");
    let mut out = String::with_capacity(target_bytes + 4096);
    writeln!(out, "# Generated chapter (seed {seed}).\n").unwrap_or(());
    writeln!(out, "id = \"{id}\"\nnumber = {number}").unwrap_or(());
    writeln!(out, "title = \"{}\"\n", title(&mut rng)).unwrap_or(());
    writeln!(
        out,
        "[introduction]\nid = \"{id}-intro\"\ntitle = \"Introduction\""
    )
    .unwrap_or(());
    literal(&mut out, "body", &markdown_body(&mut rng, 600));
    let mut n = 0;
    // Interviews take about half the size, sections a third, insights the rest.
    while out.len() < target_bytes / 2 {
        n += 1;
        push_interview(&mut out, &mut rng, &id, n);
    }
    while out.len() < target_bytes * 5 / 6 {
        n += 1;
        push_section(&mut out, &mut rng, &id, n);
    }
    writeln!(
        out,
        "\n[insights]\nid = \"{id}-insights\"\ntitle = \"Key insights\""
    )
    .unwrap_or(());
    literal(&mut out, "intro", &paragraph(&mut rng));
    while out.len() < target_bytes {
        n += 1;
        push_insight(&mut out, &mut rng, &id, n);
    }
    writeln!(
        out,
        "\n[conclusion]\nid = \"{id}-end\"\ntitle = \"Conclusion\""
    )
    .unwrap_or(());
    literal(&mut out, "body", &paragraph(&mut rng));
    out
}

/// The typical size in bytes of a generated chapter item's body.
const ITEM_BYTES: usize = 1_600;

/// Appends interview `n` of chapter `id`: an interviewee and a role, then
/// three to eight questions with their answers.
fn push_interview(out: &mut String, rng: &mut Rng, id: &str, n: usize) {
    let name = format!("{} {}", rng.pick(WORDS), rng.pick(WORDS));
    write!(
        out,
        "\n[[interviews]]\nid = \"{id}-iv{n}\"\ntitle = \"Interview {n}: {}\"\ninterviewee = \"{name}\"\n",
        title(rng)
    )
    .unwrap_or(());
    writeln!(out, "role = \"{}\"", title(rng)).unwrap_or(());
    for q in 1..=rng.range(3, 9) {
        write!(
            out,
            "\n[[interviews.questions]]\nid = \"{id}-iv{n}-q{q}\"\nquestion = \"{}?\"\n",
            title(rng)
        )
        .unwrap_or(());
        let size = rng.range(ITEM_BYTES / 2, ITEM_BYTES * 3 / 2);
        literal(out, "answer", &markdown_body(rng, size));
    }
}

/// Appends plain section `n` of chapter `id`.
fn push_section(out: &mut String, rng: &mut Rng, id: &str, n: usize) {
    writeln!(
        out,
        "\n[[sections]]\nid = \"{id}-s{n}\"\ntitle = \"{}\"",
        title(rng)
    )
    .unwrap_or(());
    let size = rng.range(ITEM_BYTES, ITEM_BYTES * 3);
    literal(out, "body", &markdown_body(rng, size));
}

/// Appends insight `n` of chapter `id`.
fn push_insight(out: &mut String, rng: &mut Rng, id: &str, n: usize) {
    writeln!(
        out,
        "\n[[insights.items]]\nid = \"{id}-in{n}\"\ntitle = \"{}\"",
        title(rng)
    )
    .unwrap_or(());
    let size = rng.range(ITEM_BYTES / 2, ITEM_BYTES * 3 / 2);
    literal(out, "body", &markdown_body(rng, size));
}

/// A plain Markdown document of at least `target_bytes` bytes, with headings.
pub fn markdown_file(seed: u64, target_bytes: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(target_bytes + 4096);
    let mut n = 0;
    while out.len() < target_bytes {
        n += 1;
        let level = if n % 10 == 1 { "#" } else { "##" };
        writeln!(out, "{level} {n}. {}\n", title(&mut rng)).unwrap_or(());
        let size = rng.range(1_000, 3_000);
        out.push_str(&markdown_body(&mut rng, size));
        out.push_str("\n\n");
    }
    out
}

/// One deck file holding cards `first..first + count` (ids `<deck>-c<N>`).
pub fn deck_toml(seed: u64, deck: &str, first: usize, count: usize) -> String {
    let mut rng = Rng::new(seed ^ first as u64);
    let mut out = String::with_capacity(count * 140);
    writeln!(
        out,
        "kind = \"deck\"\nid = \"{deck}\"\ntitle = \"Deck {deck}\"\nchapter = 1"
    )
    .unwrap_or(());
    for n in first..first + count {
        let words = rng.range(4, 10);
        let front = sentence(&mut rng, words);
        write!(out, "\n[[cards]]\nid = \"{deck}-c{n}\"\n").unwrap_or(());
        match n % 10 {
            0 => {
                let gap = rng.pick(WORDS);
                writeln!(
                    out,
                    "kind = \"cloze\"\nfront = '''{front} {{{{c1::{gap}}}}}'''"
                )
                .unwrap_or(());
            }
            1 => {
                let answer = rng.pick(WORDS);
                writeln!(
                    out,
                    "kind = \"typed\"\nfront = '''{front}'''\nback = \"{answer}\""
                )
                .unwrap_or(());
            }
            _ => {
                let words = rng.range(6, 16);
                let back = sentence(&mut rng, words);
                writeln!(out, "front = '''{front}'''\nback = '''{back}'''").unwrap_or(());
            }
        }
        if n % 3 == 0 {
            writeln!(out, "tags = [\"{}\"]", rng.pick(&WORDS[..20])).unwrap_or(());
        }
    }
    out
}

/// Deck files for `total` cards, at most `per_file` cards each: (file name, text).
pub fn deck_files(seed: u64, total: usize, per_file: usize) -> Vec<(String, String)> {
    let per_file = per_file.max(1);
    (0..total.div_ceil(per_file))
        .map(|i| {
            let first = i * per_file;
            let count = per_file.min(total - first);
            let deck = format!("deck{}", i + 1);
            (format!("{deck}.toml"), deck_toml(seed, &deck, first, count))
        })
        .collect()
}

/// `count` reviews of the given cards, oldest first, spread over the year
/// before `end`, at most one review per card per 10 minutes.
pub fn reviews(
    seed: u64,
    card_ids: &[String],
    count: usize,
    end: DateTime<Utc>,
) -> Vec<ReviewRecord> {
    let mut rng = Rng::new(seed);
    if card_ids.is_empty() {
        return Vec::new();
    }
    let span_ms = 365 * 24 * 3_600_000i64;
    let step = span_ms / count.max(1) as i64;
    let start = end - Duration::milliseconds(span_ms);
    // study days counted in UTC, so the data is the same in every zone
    let days = DayBoundary::new(Zone::utc(), SchedulerConfig::default().day_starts_at);
    (0..count)
        .map(|i| {
            let grade = match rng.range(0, 10) {
                0 => Grade::Again,
                1 => Grade::Hard,
                2..=8 => Grade::Good,
                _ => Grade::Easy,
            };
            let at = start + Duration::milliseconds(step * i as i64);
            ReviewRecord {
                card_id: card_ids[rng.range(0, card_ids.len())].as_str().into(),
                at,
                day: days.day(at),
                grade,
                elapsed_ms: rng.range(1_000, 20_000) as u64,
                typed_answer: None,
            }
        })
        .collect()
}

/// The fixed "now" the generated review logs end at.
pub fn reference_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 31, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

/// Where the large sets go ([`Sets::in_dir`]; [`Sets::files`] makes them).
#[derive(Clone, Debug)]
pub struct Sets {
    /// A content directory with one ~1 MB chapter.
    pub chapter_dir: PathBuf,
    /// A content directory with 10,000 cards.
    pub deck10k_dir: PathBuf,
    /// A content directory with 100,000 cards.
    pub deck100k_dir: PathBuf,
    /// A ~1 MB Markdown file.
    pub markdown_file: PathBuf,
    /// An Anki plain-text export of 50,000 notes (its deck is over the
    /// 4 MiB content limit: the import writes it in parts).
    pub anki50k_file: PathBuf,
    /// The first 16,000 of those notes: a deck just under the limit.
    pub anki16k_file: PathBuf,
    /// A ~5 MB chapter in the book's Markdown shape (over the limit as TOML).
    pub chapter5mb_markdown: PathBuf,
    /// A ~3.6 MB chapter in that shape: a chapter TOML just under the limit.
    pub chapter3600k_markdown: PathBuf,
}

/// Cards per generated deck file (keeps each file well under the 4 MB limit).
pub const CARDS_PER_FILE: usize = 20_000;

impl Sets {
    /// Where each set goes under `dir`.
    pub fn in_dir(dir: &Path) -> Sets {
        Sets {
            chapter_dir: dir.join("chapter-1mb"),
            deck10k_dir: dir.join("deck-10k"),
            deck100k_dir: dir.join("deck-100k"),
            markdown_file: dir.join("large.md"),
            anki50k_file: dir.join("anki-50k.txt"),
            anki16k_file: dir.join("anki-16k.txt"),
            chapter5mb_markdown: dir.join("chapter-5mb.md"),
            chapter3600k_markdown: dir.join("chapter-3600k.md"),
        }
    }

    /// Every file of every large set, with its text, for the caller to
    /// write (this module writes nothing: test data depends on the domain
    /// alone).
    pub fn files(&self, seed: u64) -> Vec<(PathBuf, String)> {
        let mut out = vec![(
            self.chapter_dir.join("chapter-900.toml"),
            chapter_toml(seed, 900, 1_000_000),
        )];
        for (total, dir) in [(10_000, &self.deck10k_dir), (100_000, &self.deck100k_dir)] {
            for (name, text) in deck_files(seed, total, CARDS_PER_FILE) {
                out.push((dir.join(name), text));
            }
        }
        out.push((self.markdown_file.clone(), markdown_file(seed, 1_000_000)));
        for (notes, path) in [(50_000, &self.anki50k_file), (16_000, &self.anki16k_file)] {
            out.push((path.clone(), imports::anki_notes(seed, notes)));
        }
        for (bytes, path) in [
            (5_000_000, &self.chapter5mb_markdown),
            (3_600_000, &self.chapter3600k_markdown),
        ] {
            out.push((path.clone(), imports::markdown_chapter(seed, 950, bytes)));
        }
        out
    }
}

/// The ids of the cards [`deck_files`] makes (cloze cards get their `::c1`).
pub fn deck_card_ids(total: usize, per_file: usize) -> Vec<String> {
    let per_file = per_file.max(1);
    (0..total)
        .map(|n| {
            let deck = n / per_file + 1;
            if n % 10 == 0 {
                format!("deck{deck}-c{n}::c1")
            } else {
                format!("deck{deck}-c{n}")
            }
        })
        .collect()
}
