//! Command-line arguments (clap derive): the global flags and every
//! subcommand, each with an Examples section in its `--help`. `main.rs`
//! parses them and hands over to `cli::run`.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "studyguide",
    version,
    propagate_version = true,
    about = "Read a chapter, drill its questions, keep the tips you want."
)]
pub struct Cli {
    /// Where progress, bookmarks and backups are kept.
    #[arg(long, env = "STUDYGUIDE_DATA_DIR", global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// The config file (a missing file is fine).
    #[arg(long, env = "STUDYGUIDE_CONFIG", global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Load chapter files from this directory instead of the bundled content.
    #[arg(long, env = "STUDYGUIDE_CONTENT", global = true, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// The folder you already sync between machines (Syncthing, Dropbox, ...): see `sync --help`.
    #[arg(long, env = "STUDYGUIDE_SYNC_DIR", global = true, value_name = "DIR")]
    pub sync_dir: Option<PathBuf>,
    /// Act as if the time were this (RFC 3339, e.g. 2026-01-31T09:00:00Z;
    /// 1970 to 9000).
    #[arg(long, global = true, value_name = "TIME", value_parser = parse_time)]
    pub now: Option<DateTime<Utc>>,
    /// Draw the first frame and exit (for timing start-up).
    #[arg(long, hide = true)]
    pub exit_after_first_frame: bool,
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

/// An RFC 3339 time within the years the store can keep
/// (`domain::time_range`).
fn parse_time(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{e}; expected an RFC 3339 time like 2026-01-31T09:00:00Z"))
        .and_then(crate::domain::time_range::supported)
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Show how many cards are new, learning and due, per deck.
    #[command(after_help = "Examples:
  studyguide due                               # a table per deck
  studyguide due --json                        # every card: id, deck, state, due
  studyguide due --now 2026-12-01T09:00:00Z    # as if it were that time")]
    Due {
        /// Print JSON: {now, decks: [...], cards: [{id, deck, state, due}]}.
        #[arg(long)]
        json: bool,
    },
    /// Show study statistics: reviews, retention, streak, forecast.
    #[command(after_help = "Examples:
  studyguide stats
  studyguide stats --json")]
    Stats {
        /// Print the numbers as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check a content directory for errors and warnings.
    #[command(after_help = "Examples:
  studyguide check                 # the bundled content
  studyguide check my-chapters/    # every *.toml file of a directory
  studyguide check --format json content/ # machine-readable, for editors

Besides loading problems, a card linter warns about cards that are hard to
learn from (see content/README.md), each warning with a code and a help line.
A card silences one with `lint.allow = [\"CODE\"]` and `lint.reason = \"...\"`.

Exit status: 0 when there are no errors (warnings are fine), 1 otherwise.")]
    Check {
        /// The directory to check (default: the bundled content, or --content).
        dir: Option<PathBuf>,
        /// text: `file:line:col: severity: message` lines and a summary;
        /// json: an object {files, errors, warnings, problems, allowed}.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// The same as `--format json`.
        #[arg(long)]
        json: bool,
    },
    /// Print a chapter, or a Markdown file, as formatted text.
    #[command(after_help = "Examples:
  studyguide print                  # every chapter
  studyguide print 17               # chapter 17 (by number)
  studyguide print ch17 --width 60  # by id, at 60 columns
  studyguide print notes.md         # lay out a Markdown file
  studyguide print 17 | less -R     # page it (colours need --color always)")]
    Print {
        /// A chapter number or id, or a path to a .md/.markdown/.txt file (default: all chapters).
        chapter: Option<String>,
        /// Text width in columns (default: the terminal's, at most 80; 80 when not a terminal).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(10..))]
        width: Option<u16>,
        /// When to style the text with ANSI escapes (auto: only on a terminal without NO_COLOR).
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
        color: ColorChoice,
    },
    /// Convert Markdown or Anki notes into content files.
    #[command(
        subcommand,
        after_help = "Examples:
  studyguide import markdown chapter-18.md -o content/chapter-18.toml
  studyguide import anki Notes.txt -o content/anki-deck.toml

Each subcommand's --help shows the shape it expects. An import over the
4 MiB content limit is written in parts beside OUT.toml (OUT-part2.toml, ...),
each under the limit; that needs -o."
    )]
    Import(ImportCommand),
    /// Export cards for other programs.
    #[command(
        subcommand,
        after_help = "Examples:
  studyguide export anki -o studyguide.txt        # then File > Import in Anki
  studyguide export anki --deck \"Interview prep\"  # every note in one deck"
    )]
    Export(ExportCommand),
    /// Print a shell completion script.
    #[command(after_help = "Examples:
  studyguide completions bash > ~/.local/share/bash-completion/completions/studyguide
  studyguide completions zsh > ~/.zfunc/_studyguide
  studyguide completions fish > ~/.config/fish/completions/studyguide.fish")]
    Completions {
        /// The shell to write completions for.
        shell: clap_complete::Shell,
    },
    /// Show where things live and the effective settings (keys, theme).
    #[command(after_help = "Examples:
  studyguide config
  studyguide --config ./try.toml config   # check another config file

Exit status: 0; a bad config file is reported as file:line:col with status 2.")]
    Config,
    /// Print your bookmarks: a Markdown cheat sheet, or JSON.
    #[command(after_help = "Examples:
  studyguide bookmarks                  # Markdown, by chapter, with notes
  studyguide bookmarks > cheatsheet.md
  studyguide bookmarks --format json    # [{id, chapter, title, text, note, created, missing}]")]
    Bookmarks {
        #[arg(long, value_enum, default_value_t = ExportFormat::Markdown)]
        format: ExportFormat,
    },
    /// Sync your progress with your other machines through a folder you already sync.
    #[command(after_help = "Examples:
  studyguide --sync-dir ~/Dropbox sync      # once, or set sync_dir in the config file
  studyguide sync                           # with sync_dir set; the app also syncs on start and quit
  studyguide sync --status                  # the devices seen, their last write and reviews

Each machine writes only its own file, studyguide/devices/<device id>.automerge,
in the folder, and merges the others' into its store: reviews, bookmarks and
notes, interview attempts. The config stays on each machine, and so do drafts
(carried, never put into another machine's boxes).

Exit status: 0 when synced; 1 when the folder is missing, cannot be written,
or the store cannot be changed (nothing was changed then).")]
    Sync {
        /// List the devices seen in the sync folder instead of syncing.
        #[arg(long)]
        status: bool,
    },
    /// Print past mock interviews with every attempt, its scores, self-rating and follow-ups.
    #[command(after_help = "Examples:
  studyguide interviews                  # Markdown: sessions, attempts, time, words, rubric, changes
  studyguide interviews > coach.md
  studyguide interviews --format json    # [{id, set, mode, started_at, planned, score, answers: [
                                         #   {id, attempt, previous, change, self_rating, follow_ups, ...}]}]")]
    Interviews {
        #[arg(long, value_enum, default_value_t = ExportFormat::Markdown)]
        format: ExportFormat,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Convert a Markdown interview guide (or a folder of them) into content files.
    #[command(after_help = "Examples:
  studyguide import markdown behavioral.md -o content/behavioral.toml
  studyguide import markdown my-vault/ -o content/     # every page of a folder
  studyguide import markdown chapter-18.md > chapter-18.toml

Any CommonMark/GFM page: front matter (YAML `---` or TOML `+++`) gives the
title, id and tags; MDX import/export lines, HTML comments and <head> blocks
are dropped with a note; headings become sections. A list item, heading or
bold line that asks something (ends with `?`, or starts \"Tell me about\",
\"Describe a\", \"Walk me through\"...) becomes a card when an answer is
written under it and a mock-interview question either way, in one set per
heading (NAME-interview.toml, NAME-interview-2.toml, ...); questions to ask
the interviewer become a deck (NAME-ask.toml). `**Term**: text` lines,
definition lists and two-column question|answer tables become cards.
Obsidian [[links]] and callouts and Notion exports (id-suffixed names) are
understood. A summary says what was made; every line left out is named.

The book's chapter shape (`Chapter N: Title`, interviews with
`**Interviewee**: Name` and `**Q1. Question?**`, insights, conclusion) is
detected, or chosen with --shape book.")]
    Markdown {
        /// The Markdown page, or a folder of pages (needs -o DIR).
        file: PathBuf,
        /// Where to write: a TOML file (sets and decks go beside it) or a folder (default: standard output, the chapter only).
        #[arg(short, long, value_name = "OUT.toml|DIR")]
        output: Option<PathBuf>,
        /// How to read the page: the book's chapter shape, any guide, or detect it.
        #[arg(long, value_enum, default_value_t = MarkdownShape::Auto)]
        shape: MarkdownShape,
    },
    /// Convert notes exported by Anki ("Notes in Plain Text") into a deck TOML file.
    #[command(after_help = "Examples:
  studyguide import anki Notes.txt -o content/anki-deck.toml
  studyguide export anki -o cards.txt && studyguide import anki cards.txt

Columns are found from the file's `#... column:N` headers; without them the
first two columns are the front and back. A GUID column becomes the card ids.")]
    Anki {
        /// The text file exported by Anki.
        file: PathBuf,
        /// Where to write the TOML (default: standard output); over 4 MiB, in parts beside it.
        #[arg(short, long, value_name = "OUT.toml")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Write every card as Anki notes in its plain-text import format.
    #[command(after_help = "Examples:
  studyguide export anki -o studyguide.txt        # then File > Import in Anki
  studyguide export anki --deck \"Interview prep\"  # every note in one deck
  studyguide --content my-chapters/ export anki > cards.txt

Question and insight cards and basic cards become Basic notes, typed cards
\"Basic (type in the answer)\" notes, cloze cards one Cloze note each. The card
id is written to Anki's GUID column, so importing again updates the notes.")]
    Anki {
        /// Put every note in this deck (default: one deck per chapter or deck file).
        #[arg(long, value_name = "NAME")]
        deck: Option<String>,
        /// Where to write the notes (default: standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// How `import markdown` reads a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MarkdownShape {
    /// The book's chapter shape when the page has it, else a guide.
    Auto,
    /// The book's chapter shape (interviews, insights, conclusion).
    Book,
    /// Any interview guide.
    Guide,
}

/// When `print` styles its output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// How `studyguide check` prints.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    #[default]
    Text,
    Json,
}

/// How `studyguide bookmarks` prints.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    #[default]
    Markdown,
    Json,
}
