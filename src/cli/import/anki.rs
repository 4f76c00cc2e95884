//! `studyguide import anki FILE`: notes exported by Anki as "Notes in Plain
//! Text" (or written by `export anki`) -> a deck TOML file. Understands the
//! `#key:value` file headers, quoted fields (which may span lines; the rows
//! are read by the `csv` crate), HTML fields (turned back into Markdown) and
//! a GUID column (kept as card ids).

use std::fmt::Write as _;
use std::path::Path;

use super::toml_out::{CardOut, DeckFile, Ids, slug};
use crate::cli::html::html_to_markdown;
use crate::domain::content::{CardKind, Problem, Severity};

/// The file's headers, as far as they matter here.
#[derive(Debug, Default)]
struct Headers {
    separator: Option<char>,
    html: Option<bool>,
    tags: Vec<String>,
    deck: Option<String>,
    guid: Option<usize>,
    notetype: Option<usize>,
    deck_column: Option<usize>,
    tags_column: Option<usize>,
}

fn separator(value: &str) -> Option<char> {
    match value.trim().to_ascii_lowercase().as_str() {
        "tab" | "\t" => Some('\t'),
        "comma" | "," => Some(','),
        "semicolon" | ";" => Some(';'),
        "space" | " " => Some(' '),
        "pipe" | "|" => Some('|'),
        "colon" | ":" => Some(':'),
        _ => None,
    }
}

/// Reads the header lines (`#key:value`, the key in letters and spaces);
/// returns them and the byte offset where rows begin. Any other line ends
/// the headers, also one starting with `#`: an Anki GUID may (`#Ab$9!kV/s`).
fn headers(text: &str) -> (Headers, usize) {
    let mut h = Headers::default();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let Some((key, value)) = line
            .trim_end()
            .strip_prefix('#')
            .and_then(|header| header.split_once(':'))
            .filter(|(key, _)| key.chars().all(|c| c.is_ascii_alphabetic() || c == ' '))
        else {
            break;
        };
        offset += line.len();
        let column = || value.trim().parse::<usize>().ok().filter(|n| *n > 0);
        match key.trim().to_ascii_lowercase().as_str() {
            "separator" => h.separator = separator(value),
            "html" => h.html = Some(value.trim() == "true"),
            "tags" => h.tags = value.split_whitespace().map(str::to_string).collect(),
            "deck" => h.deck = Some(value.trim().to_string()),
            "guid column" => h.guid = column(),
            "notetype column" => h.notetype = column(),
            "deck column" => h.deck_column = column(),
            "tags column" => h.tags_column = column(),
            _ => {}
        }
    }
    (h, offset)
}

/// Splits rows into fields with the `csv` crate: a field that starts with
/// `"` runs to the next lone `"` (`""` is a quote) and may hold separators
/// and newlines; rows may differ in length; blank rows are left out.
/// Returns each row with the 1-based line it starts on.
fn rows(text: &str, sep: char, first_line: usize) -> Vec<(usize, Vec<String>)> {
    // every separator `separator` knows is one ASCII byte
    let Ok(delimiter) = u8::try_from(sep) else {
        return Vec::new();
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    // the text is UTF-8 and read from memory: a record cannot fail
    for record in reader.records().flatten() {
        let line = record
            .position()
            .map_or(1, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
        let row: Vec<String> = record.iter().map(str::to_string).collect();
        if row.iter().any(|f| !f.trim().is_empty()) {
            out.push((first_line + line - 1, row));
        }
    }
    out
}

/// A card id from an Anki GUID. Ids hold letters, digits, `-` and `_`;
/// Anki's GUIDs are base-91 (`b.L$9!kV#s`), so each other character becomes
/// `_` and its code in hex (`b_2eL_249_21kV_23s`), and runs of white space a
/// `-`. A GUID that is a valid id (as `export anki` writes) is kept as it is.
fn id_from_guid(guid: &str) -> String {
    let mut id = String::with_capacity(guid.len());
    for (i, word) in guid.split_whitespace().enumerate() {
        if i > 0 {
            id.push('-');
        }
        for c in word.chars() {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                id.push(c);
            } else {
                let _ = write!(id, "_{:x}", u32::from(c));
            }
        }
    }
    id
}

/// Converts the file's text; `path` is used in the comment and warnings.
pub fn convert(path: &str, text: &str) -> (DeckFile, Vec<Problem>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (headers, offset) = headers(text);
    let (header_text, body) = text.split_at_checked(offset).unwrap_or(("", text));
    let first_line = header_text.matches('\n').count() + 1;
    let sep = headers.separator.unwrap_or_else(|| guess_separator(body));
    let stem = Path::new(path)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("anki");
    let mut notes = Notes {
        html: headers.html.unwrap_or(true),
        headers: &headers,
        path,
        fallback_prefix: slug(stem, 30),
        ids: Ids::default(),
        decks: Vec::new(),
        cards: Vec::new(),
        problems: Vec::new(),
    };
    for (line, row) in rows(body, sep, first_line) {
        notes.read(line, &row);
    }
    notes.into_deck(stem)
}

/// Without a `#separator` header: the first of tab, `;` and `,` that the
/// first row holds (a tab when it holds none).
fn guess_separator(body: &str) -> char {
    let first = body.lines().next().unwrap_or_default();
    ['\t', ';', ',']
        .into_iter()
        .find(|c| first.contains(*c))
        .unwrap_or('\t')
}

/// The card a note's text makes: a cloze when its note type says so or its
/// front has a gap, a typed answer for a "type in" note type, else basic.
fn card_kind(notetype: &str, front: &str) -> CardKind {
    let notetype = notetype.to_ascii_lowercase();
    if notetype.contains("cloze") || !crate::domain::content::cloze::cloze_numbers(front).is_empty()
    {
        CardKind::Cloze
    } else if notetype.contains("type in") {
        CardKind::Typed
    } else {
        CardKind::Basic
    }
}

/// The notes read so far: their cards, the decks they name, the warnings.
struct Notes<'a> {
    headers: &'a Headers,
    /// The fields are HTML (turned back into Markdown).
    html: bool,
    path: &'a str,
    /// Card ids of notes without a GUID are `PREFIX-N`.
    fallback_prefix: String,
    ids: Ids,
    decks: Vec<String>,
    cards: Vec<CardOut>,
    problems: Vec<Problem>,
}

impl Notes<'_> {
    fn warn(&mut self, line: usize, message: String) {
        self.problems.push(Problem {
            path: self.path.to_string(),
            line,
            col: 1,
            severity: Severity::Warning,
            message,
        });
    }

    /// The trimmed field of a column a header names (1-based).
    fn column(row: &[String], column: Option<usize>) -> Option<String> {
        column
            .and_then(|c| row.get(c - 1))
            .map(|s| s.trim().to_string())
    }

    /// The fields that hold the note's text: every column but those of the
    /// GUID, the note type, the deck and the tags.
    fn text_fields(&self, row: &[String]) -> Vec<String> {
        let h = self.headers;
        let special = [h.guid, h.notetype, h.deck_column, h.tags_column];
        row.iter()
            .enumerate()
            .filter(|(i, _)| !special.contains(&Some(i + 1)))
            .map(|(_, f)| {
                if self.html {
                    html_to_markdown(f)
                } else {
                    f.trim().to_string()
                }
            })
            .collect()
    }

    /// The back: the second field, with every later one that holds text
    /// added to it (and a warning saying so).
    fn back(&mut self, line: usize, fields: &[String]) -> String {
        let mut back = fields.get(1).cloned().unwrap_or_default();
        let extra: Vec<&String> = fields.iter().skip(2).filter(|f| !f.is_empty()).collect();
        if !extra.is_empty() {
            self.warn(
                line,
                format!(
                    "{} more field(s) than front and back; added to the back",
                    extra.len()
                ),
            );
            for f in extra {
                back.push_str("\n\n");
                back.push_str(f);
            }
        }
        back
    }

    /// The tags of the file's `#tags` header, then the note's own.
    fn tags(&self, row: &[String]) -> Vec<String> {
        let mut tags = self.headers.tags.clone();
        let own = Self::column(row, self.headers.tags_column).unwrap_or_default();
        for t in own.split_whitespace() {
            if !tags.iter().any(|x| x == t) {
                tags.push(t.to_string());
            }
        }
        tags
    }

    /// The id the note asks for: from its GUID, or the next `PREFIX-N`.
    fn wanted_id(&self, row: &[String]) -> String {
        let guid = id_from_guid(&Self::column(row, self.headers.guid).unwrap_or_default());
        if guid.is_empty() {
            format!("{}-{}", self.fallback_prefix, self.cards.len() + 1)
        } else {
            guid
        }
    }

    /// Reads the note of one row (starting on `line`) into a card; a note
    /// without a front is skipped with a warning.
    fn read(&mut self, line: usize, row: &[String]) {
        let fields = self.text_fields(row);
        let front = fields.first().cloned().unwrap_or_default();
        let back = self.back(line, &fields);
        if front.is_empty() {
            self.warn(line, "a note with an empty first field; skipped it (expected the front in the first field)".into());
            return;
        }
        let notetype = Self::column(row, self.headers.notetype).unwrap_or_default();
        let kind = card_kind(&notetype, &front);
        if back.is_empty() && kind != CardKind::Cloze {
            self.warn(line, "a note with an empty answer (second field)".into());
        }
        if let Some(deck) = Self::column(row, self.headers.deck_column).filter(|d| !d.is_empty())
            && !self.decks.contains(&deck)
        {
            self.decks.push(deck);
        }
        let wanted = self.wanted_id(row);
        let card = CardOut {
            id: self.ids.unique(&wanted),
            kind,
            front,
            back,
            tags: self.tags(row),
            lint: None,
        };
        self.cards.push(card);
    }

    /// The deck of every card read, titled by the `#deck` header, the
    /// first deck a note names, or the file name `stem`; with a warning
    /// when the notes came from several decks.
    fn into_deck(mut self, stem: &str) -> (DeckFile, Vec<Problem>) {
        if self.decks.len() > 1 {
            let message = format!(
                "notes from {} decks ({}) were put in one deck file",
                self.decks.len(),
                self.decks.join(", ")
            );
            self.warn(1, message);
        }
        let title = self
            .headers
            .deck
            .clone()
            .or_else(|| self.decks.first().cloned())
            .unwrap_or_else(|| stem.to_string());
        let id = match slug(&title, 40) {
            s if s.is_empty() => "anki-deck".to_string(),
            s => s,
        };
        let deck = DeckFile {
            kind: "deck",
            id,
            title,
            cards: self.cards,
        };
        (deck, self.problems)
    }
}

pub fn run(file: &Path, output: Option<&Path>) -> anyhow::Result<i32> {
    super::refuse_overwriting_input(file, output)?;
    let text = super::read_input(file)?;
    let shown = file.display().to_string();
    let (deck, problems) = convert(&shown, &text);
    crate::cli::output::print_problems(&problems);
    if deck.cards.is_empty() {
        anyhow::bail!("{shown}: no notes found; expected tab-separated rows of front and back");
    }
    let pieces = super::part_files::DeckPieces {
        deck: &deck,
        origin: &shown,
    };
    super::finish(&pieces, file, output)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::import::toml_out::to_toml;

    #[test]
    fn reads_headers_quoted_fields_and_html() {
        let text = "#separator:tab\n#html:true\n#tags:imported\n\"front \"\"q\"\"\"\t<b>back</b><br>two\tx\n";
        let (deck, problems) = convert("notes.txt", text);
        assert_eq!(deck.cards.len(), 1);
        let card = &deck.cards[0];
        assert_eq!(card.front, "front \"q\"");
        assert_eq!(card.back, "**back**\ntwo\n\nx");
        assert_eq!(card.tags, vec!["imported"]);
        assert_eq!(card.id, "notes-1");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 4);
    }

    #[test]
    fn anki_guids_become_valid_ids_and_valid_ones_are_kept() {
        assert_eq!(id_from_guid("b.L$9!kV#s"), "b_2eL_249_21kV_23s");
        assert_eq!(id_from_guid("ch17-q1"), "ch17-q1");
        assert_eq!(id_from_guid(" a  b "), "a-b");
        assert_eq!(id_from_guid("x€"), "x_20ac");
        let text = "#guid column:1\nb.L$9!kV#s\tfront\tback\nb/L+9\tfront 2\tback 2\n";
        let (deck, _) = convert("g.txt", text);
        let ids: Vec<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["b_2eL_249_21kV_23s", "b_2fL_2b9"]);
        let toml = to_toml(&deck, "g.txt").expect("serialises");
        super::super::check_output(&toml, "g.txt").expect("the deck loads");
    }

    #[test]
    fn a_first_row_whose_guid_starts_with_a_hash_is_a_note_not_a_header() {
        let text = "#separator:tab\n#guid column:1\n#Ab$9!kV/s\tfront\tback\nx1\tf2\tb2\n";
        let (deck, problems) = convert("g.txt", text);
        let fronts: Vec<&str> = deck.cards.iter().map(|c| c.front.as_str()).collect();
        assert_eq!(fronts, ["front", "f2"], "{problems:?}");
        assert_eq!(deck.cards[0].id, "_23Ab_249_21kV_2fs");
        // Unknown `#key:value` headers are still headers (and ignored).
        let (deck, _) = convert("g.txt", "#separator:tab\n#if matches:keep\nq\ta\n");
        assert_eq!(deck.cards.len(), 1);
    }

    #[test]
    fn named_entities_in_html_notes_are_decoded_and_plain_notes_keep_them() {
        let text = "#html:true\nWait&mdash;no&hellip;\tcaf&eacute; &amp; cr&egrave;me\n";
        let (deck, _) = convert("e.txt", text);
        assert_eq!(deck.cards[0].front, "Wait\u{2014}no\u{2026}");
        assert_eq!(deck.cards[0].back, "caf\u{e9} & cr\u{e8}me");
        let (deck, _) = convert("e.txt", "#html:false\nA&mdash;B\tback\n");
        assert_eq!(
            deck.cards[0].front, "A&mdash;B",
            "plain text is kept as written"
        );
    }

    #[test]
    fn cloze_text_makes_a_cloze_card_and_quoted_fields_span_lines() {
        let text = "\"a\nb {{c1::x}}\"\t\nnext\tback\n";
        let (deck, _) = convert("d.txt", text);
        assert_eq!(deck.cards.len(), 2);
        assert_eq!(deck.cards[0].kind, CardKind::Cloze);
        assert_eq!(deck.cards[0].front, "a b {{c1::x}}");
        assert_eq!(deck.cards[1].front, "next");
    }
}
