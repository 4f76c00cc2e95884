//! Parsing content files: bytes -> TOML -> checked model, with every problem
//! located as `file:line:col`. A bad file is refused whole; the good ones load.

use std::collections::HashMap;

use super::card_source::CardSource;
use super::line_index::{LineIndex, MAX_NESTING, too_deep};
use super::model::*;
use super::sanitize::{escape_controls, sanitize_line, sanitize_text};
use super::schema::*;

mod card_fields;

/// Files larger than this are refused unread.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// Texts longer than this get a warning (they still load).
pub const LONG_FIELD_CHARS: usize = 20_000;

/// One parsed and checked file.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub enum Parsed {
    Chapter(Box<Chapter>),
    Deck(Deck),
    Interview(Box<crate::domain::interview::InterviewSet>),
}

/// Collects problems for one file.
struct Checker<'a> {
    path: &'a str,
    index: LineIndex<'a>,
    problems: Vec<Problem>,
    ids: HashMap<String, usize>,
    /// Each card's place in the file, when asked for (`check`).
    sources: Option<Vec<CardSource>>,
}

impl<'a> Checker<'a> {
    fn at(&mut self, offset: usize, severity: Severity, message: String) {
        let (line, col) = self.index.position(offset);
        self.problems.push(Problem {
            path: self.path.to_string(),
            line,
            col,
            severity,
            message,
        });
    }

    fn id(&mut self, id: &Text) -> String {
        let clean = sanitize_line(id.get_ref());
        let start = id.span().start;
        if clean.is_empty() {
            self.at(
                start,
                Severity::Error,
                "empty text: `id` must not be empty".into(),
            );
        } else if clean.chars().any(|c| c.is_whitespace()) {
            self.at(
                start,
                Severity::Error,
                format!("id `{clean}` contains spaces; expected letters, digits, `-` or `_`"),
            );
        } else if let Some(bad) = clean
            .chars()
            .find(|c| !(c.is_alphanumeric() || *c == '-' || *c == '_'))
        {
            // `:` is reserved for derived ids (`deck-card::c1`, cloze gaps).
            self.at(
                start,
                Severity::Error,
                format!(
                    "id `{clean}` contains `{}`; expected letters, digits, `-` or `_`",
                    bad.escape_default()
                ),
            );
        } else if let Some(&first) = self.ids.get(&clean) {
            let (line, col) = self.index.position(first);
            self.at(start, Severity::Error, format!("duplicate id `{clean}` (first used at line {line}, column {col}); every id in a file must be unique"));
        } else {
            self.ids.insert(clean.clone(), start);
        }
        clean
    }

    fn line(&mut self, field: &str, text: &Text) -> String {
        let clean = sanitize_line(text.get_ref());
        self.check_text(field, text, &clean);
        clean
    }

    fn text(&mut self, field: &str, text: &Text) -> String {
        let clean = sanitize_text(text.get_ref()).trim_end().to_string();
        self.check_text(field, text, &clean);
        clean
    }

    fn check_text(&mut self, field: &str, text: &Text, clean: &str) {
        let start = text.span().start;
        if clean.trim().is_empty() {
            self.at(
                start,
                Severity::Error,
                format!("empty text: `{field}` must not be empty"),
            );
        } else if clean.chars().count() > LONG_FIELD_CHARS {
            self.at(
                start,
                Severity::Warning,
                format!(
                    "`{field}` is unusually long ({} characters)",
                    clean.chars().count()
                ),
            );
        }
    }

    fn optional_line(&mut self, field: &str, text: &Option<Text>) -> Option<String> {
        text.as_ref().map(|t| self.line(field, t))
    }

    fn section(&mut self, raw: &RawSection) -> Section {
        Section {
            id: self.id(&raw.id),
            title: self.line("title", &raw.title),
            body: self.text("body", &raw.body),
        }
    }
}

/// Parses and checks one file's bytes. Returns the model (if no error was
/// found) and every problem, warnings included.
pub fn parse_bytes(path: &str, bytes: &[u8]) -> (Option<Parsed>, Vec<Problem>) {
    let (parsed, problems, _) = parse_bytes_as(path, bytes, false);
    (parsed, problems)
}

/// [`parse_bytes`], with each card's place in the file and the linter
/// warnings it allows (for `check`).
pub fn parse_bytes_with_sources(
    path: &str,
    bytes: &[u8],
) -> (Option<Parsed>, Vec<Problem>, Vec<CardSource>) {
    parse_bytes_as(path, bytes, true)
}

type ParsedWithSources = (Option<Parsed>, Vec<Problem>, Vec<CardSource>);

fn parse_bytes_as(path: &str, bytes: &[u8], with_sources: bool) -> ParsedWithSources {
    let problem = |line, col, message: String| Problem {
        path: path.to_string(),
        line,
        col,
        severity: Severity::Error,
        message,
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let msg = format!(
            "file is {} bytes, over the limit of {} bytes; split it into several chapter files",
            bytes.len(),
            MAX_FILE_BYTES
        );
        return (None, vec![problem(1, 1, msg)], Vec::new());
    }
    if let Some(kind) = super::encoding::utf16(bytes) {
        let msg = super::encoding::utf16_message(kind, "content files");
        return (None, vec![problem(1, 1, msg)], Vec::new());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let (line, col) = LineIndex::new(good).position(good.len());
            return (
                None,
                vec![problem(
                    line,
                    col,
                    "invalid UTF-8; content files must be UTF-8 text".into(),
                )],
                Vec::new(),
            );
        }
    };
    parse_str_as(path, text, with_sources)
}

/// A file refused whole with one error at `line:col`.
fn refused(
    path: &str,
    (line, col): (usize, usize),
    message: String,
) -> (Option<Parsed>, Vec<Problem>) {
    let problem = Problem {
        path: path.into(),
        line,
        col,
        severity: Severity::Error,
        message,
    };
    (None, vec![problem])
}

/// Parses and checks one file's text.
pub fn parse_str(path: &str, text: &str) -> (Option<Parsed>, Vec<Problem>) {
    let (parsed, problems, _) = parse_str_as(path, text, false);
    (parsed, problems)
}

fn parse_str_as(path: &str, text: &str, with_sources: bool) -> ParsedWithSources {
    let refused = |at, message| {
        let (parsed, problems) = refused(path, at, message);
        (parsed, problems, Vec::new())
    };
    if text.trim().is_empty() {
        let message = "the file is empty; expected a chapter (`id`, `number`, `title`) or a deck (`kind = \"deck\"`)".into();
        return refused((1, 1), message);
    }
    if let Some(offset) = too_deep(text) {
        let message = format!(
            "arrays or tables nested more than {MAX_NESTING} deep; content files never need that"
        );
        return refused(LineIndex::new(text).position(offset), message);
    }
    if crate::domain::interview::is_interview_file(text) {
        let (set, problems) = super::interview_file::parse(path, text);
        return (
            set.map(|s| Parsed::Interview(Box::new(s))),
            problems,
            Vec::new(),
        );
    }
    let raw: RawFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            let message = escape_controls(&e.message().trim().replace('\n', " "));
            return refused(LineIndex::new(text).position(offset), message);
        }
    };
    let mut ck = Checker {
        path,
        index: LineIndex::new(text),
        problems: Vec::new(),
        ids: HashMap::new(),
        sources: with_sources.then(Vec::new),
    };
    let parsed = build(&mut ck, &raw, path);
    let ok = !ck.problems.iter().any(|p| p.severity == Severity::Error);
    (
        ok.then_some(parsed),
        ck.problems,
        ck.sources.unwrap_or_default(),
    )
}

/// Checks a parsed file and builds its model: a deck (`kind = "deck"`) or
/// a chapter; the problems go to `ck`.
fn build(ck: &mut Checker, raw: &RawFile, path: &str) -> Parsed {
    let id = ck.id(&raw.id);
    let title = ck.line("title", &raw.title);
    let cards = raw.cards.iter().map(|c| ck.card(c)).collect();
    match raw.kind.as_ref().map(|k| k.get_ref().as_str()) {
        Some("deck") => {
            refuse_chapter_parts_in_deck(ck, raw);
            return Parsed::Deck(Deck {
                id,
                title,
                chapter: raw.chapter.as_ref().map(|c| *c.get_ref()),
                source: path.into(),
                cards,
            });
        }
        Some("chapter") | None => {}
        Some(other) => {
            let other = escape_controls(other);
            let at = raw.kind.as_ref().map_or(0, |k| k.span().start);
            ck.at(
                at,
                Severity::Error,
                format!("unknown kind `{other}`; expected `chapter` or `deck`"),
            );
        }
    }
    let number = chapter_number(ck, raw);
    let introduction = raw.introduction.as_ref().map(|s| ck.section(s));
    let interviews = raw.interviews.iter().map(|i| interview(ck, i)).collect();
    let sections = raw.sections.iter().map(|s| ck.section(s)).collect();
    let insights = raw.insights.as_ref().map(|ins| insights(ck, ins));
    let conclusion = raw.conclusion.as_ref().map(|s| ck.section(s));
    Parsed::Chapter(Box::new(Chapter {
        id,
        number,
        title,
        source: path.into(),
        introduction,
        interviews,
        sections,
        insights,
        conclusion,
        cards,
        pending_bodies: Vec::new(),
    }))
}

/// An error for each part only a chapter has (`number`, the introduction,
/// conclusion, insights, interviews and sections) in a deck file.
fn refuse_chapter_parts_in_deck(ck: &mut Checker, raw: &RawFile) {
    for (name, present) in [
        ("number", raw.number.as_ref().map(|n| n.span().start)),
        (
            "introduction",
            raw.introduction.as_ref().map(|s| s.id.span().start),
        ),
        (
            "conclusion",
            raw.conclusion.as_ref().map(|s| s.id.span().start),
        ),
        ("insights", raw.insights.as_ref().map(|s| s.id.span().start)),
    ] {
        if let Some(at) = present {
            ck.at(at, Severity::Error, format!("a deck file cannot have `{name}`; expected only `id`, `title`, `chapter` and `[[cards]]`"));
        }
    }
    if !raw.interviews.is_empty() || !raw.sections.is_empty() {
        ck.at(
            0,
            Severity::Error,
            "a deck file cannot have interviews or sections".into(),
        );
    }
}

/// A chapter's `number` (an error when missing); a deck's `chapter` field
/// in a chapter is an error too.
fn chapter_number(ck: &mut Checker, raw: &RawFile) -> u32 {
    let number = match &raw.number {
        Some(n) => *n.get_ref(),
        None => {
            ck.at(
                0,
                Severity::Error,
                "missing field `number`; a chapter needs its number (or write `kind = \"deck\"`)"
                    .into(),
            );
            0
        }
    };
    if let Some(c) = &raw.chapter {
        ck.at(
            c.span().start,
            Severity::Error,
            "`chapter` belongs in deck files; a chapter has `number`".into(),
        );
    }
    number
}

/// A chapter's insights: each item checked, with its `card` setting.
fn insights(ck: &mut Checker, ins: &RawInsights) -> Insights {
    Insights {
        id: ck.id(&ins.id),
        title: ck.line("title", &ins.title),
        intro: ins.intro.as_ref().map(|t| ck.text("intro", t)),
        items: ins
            .items
            .iter()
            .map(|i| {
                let id = ck.id(&i.id);
                let title = ck.line("title", &i.title);
                let body = ck.text("body", &i.body);
                let card = ck.card_setting((&id, &i.id), (&i.title, &i.body), i.card.as_ref());
                Insight {
                    id,
                    title,
                    body,
                    card,
                }
            })
            .collect(),
    }
}

fn interview(ck: &mut Checker, raw: &RawInterview) -> Interview {
    let id = ck.id(&raw.id);
    let title = ck.line("title", &raw.title);
    let interviewee = ck.line("interviewee", &raw.interviewee);
    let answerer = ck
        .optional_line("answerer", &raw.answerer)
        .unwrap_or_else(|| {
            interviewee
                .split(' ')
                .next()
                .unwrap_or_default()
                .to_string()
        });
    let background = ck.optional_line("background", &raw.background);
    let role = ck.optional_line("role", &raw.role);
    let questions = raw
        .questions
        .iter()
        .map(|q| {
            let id = ck.id(&q.id);
            let question = ck.line("question", &q.question);
            let answer = ck.text("answer", &q.answer);
            let card = ck.card_setting((&id, &q.id), (&q.question, &q.answer), q.card.as_ref());
            QuestionAnswer {
                id,
                question,
                answer,
                card,
            }
        })
        .collect();
    Interview {
        id,
        title,
        interviewee,
        answerer,
        background,
        role,
        questions,
    }
}

/// Puts parsed files together into a library: [`order`], then
/// [`cross_check`] across files.
pub fn assemble(parsed: Vec<Parsed>, problems: Vec<Problem>) -> Library {
    let mut library = order(parsed, problems);
    cross_check(&mut library);
    library
}

/// Sorts parsed files into a library (chapters by number, decks by chapter,
/// interview sets by chapter) with the problems found in the files, without
/// the checks across files ([`cross_check`]).
pub fn order(parsed: Vec<Parsed>, problems: Vec<Problem>) -> Library {
    let mut chapters = Vec::new();
    let mut decks = Vec::new();
    let mut interviews = Vec::new();
    for p in parsed {
        match p {
            Parsed::Chapter(c) => chapters.push(*c),
            Parsed::Deck(d) => decks.push(d),
            Parsed::Interview(set) => interviews.push(*set),
        }
    }
    interviews.sort_by(|a: &crate::domain::interview::InterviewSet, b| {
        (a.chapter, &a.id).cmp(&(b.chapter, &b.id))
    });
    chapters.sort_by(|a: &Chapter, b| (a.number, &a.id).cmp(&(b.number, &b.id)));
    decks.sort_by(|a: &Deck, b| (a.chapter, &a.id).cmp(&(b.chapter, &b.id)));
    Library {
        chapters,
        decks,
        interviews,
        problems,
    }
}

/// The checks across files, their problems appended: an id used in two
/// files, and interview references to ids no file defines. Needs every
/// deck's cards in place.
pub fn cross_check(library: &mut Library) {
    // Ids come from the user's own files: a fast, fixed hash is safe here.
    let ids = library.chapters.len() * 64
        + library
            .decks
            .iter()
            .map(|d| d.cards.len() + 1)
            .sum::<usize>();
    let mut seen: HashMap<&str, &str, rustc_hash::FxBuildHasher> =
        HashMap::with_capacity_and_hasher(ids, Default::default());
    let chapter_pairs = library
        .chapters
        .iter()
        .flat_map(|c| chapter_ids(c).into_iter().map(|id| (id, c.source.as_str())));
    let deck_pairs = library.decks.iter().flat_map(|d| {
        std::iter::once(d.id.as_str())
            .chain(d.cards.iter().map(|card| card.id.as_str()))
            .map(|id| (id, d.source.as_str()))
    });
    let mut found = Vec::new();
    for (id, source) in chapter_pairs.chain(deck_pairs) {
        match seen.get(id) {
            Some(&first) if first != source => found.push(Problem {
                path: source.to_string(),
                line: 1,
                col: 1,
                severity: Severity::Error,
                message: format!("id `{id}` is also used in {first}; the drill and bookmarks keep the one in {first} and leave this one out; rename one of them"),
            }),
            Some(_) => {}
            None => {
                seen.insert(id, source);
            }
        }
    }
    let parts: std::collections::HashSet<&str> =
        library.chapters.iter().flat_map(chapter_ids).collect();
    let mut dangling = super::interview_file::check_references(
        library,
        |id| seen.contains_key(id),
        |id| parts.contains(id),
    );
    drop(parts);
    drop(seen);
    library.problems.append(&mut found);
    library.problems.append(&mut dangling);
}

/// Every id a chapter defines, in reading order.
pub fn chapter_ids(c: &Chapter) -> Vec<&str> {
    let mut ids = vec![c.id.as_str()];
    ids.extend(c.introduction.iter().map(|s| s.id.as_str()));
    for i in &c.interviews {
        ids.push(&i.id);
        ids.extend(i.questions.iter().map(|q| q.id.as_str()));
    }
    ids.extend(c.sections.iter().map(|s| s.id.as_str()));
    if let Some(ins) = &c.insights {
        ids.push(&ins.id);
        ids.extend(ins.items.iter().map(|i| i.id.as_str()));
    }
    ids.extend(c.conclusion.iter().map(|s| s.id.as_str()));
    ids.extend(c.cards.iter().map(|s| s.id.as_str()));
    ids
}

/// Loads named in-memory files (the bundled content, or tests).
pub fn load_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Library {
    let mut parsed = Vec::new();
    let mut problems = Vec::new();
    for (name, bytes) in files {
        let (p, mut probs) = parse_bytes(name, bytes);
        parsed.extend(p);
        problems.append(&mut probs);
    }
    assemble(parsed, problems)
}
