//! `studyguide print`: a chapter (or a Markdown file) laid out by the same code
//! as the reader (`document::outline` + `Document::build`, `markdown::layout`),
//! written to standard output as plain or ANSI-styled text.

use std::borrow::Cow;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, bail};

use super::ansi;
use crate::cli::args::Cli;
use crate::cli::args::ColorChoice;
use crate::cli::config;
use crate::domain::cards::Card;
use crate::domain::content::Library;
use crate::domain::content::sanitize::{escape_controls, sanitized_text};
use crate::domain::document::{self, Document};
use crate::domain::markdown::{self, COMFORTABLE_WIDTH, LaidLine};
use crate::tui::ui::theme::Theme;

/// Files larger than this are refused (a book chapter is far smaller).
const MAX_PRINT_BYTES: u64 = 64 * 1024 * 1024;

/// Whether output should carry ANSI styles.
pub fn use_color(choice: ColorChoice, is_tty: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_tty && no_color.is_none_or(|v| v.is_empty()),
    }
}

/// The text width: as asked, else the terminal's (capped at the comfortable width), else 80.
pub fn text_width(asked: Option<u16>, terminal: Option<u16>) -> usize {
    match (asked, terminal) {
        (Some(w), _) => usize::from(w),
        (None, Some(cols)) => usize::from(cols).clamp(10, COMFORTABLE_WIDTH),
        (None, None) => 80.min(COMFORTABLE_WIDTH),
    }
}

/// True when the argument names a Markdown/text file rather than a chapter.
fn is_markdown_path(arg: &str) -> bool {
    let path = Path::new(arg);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(ext.as_deref(), Some("md" | "markdown" | "mdx" | "txt")) && path.is_file()
}

/// A Markdown file to print (refused over [`MAX_PRINT_BYTES`]), as text
/// with anything that must not reach a terminal stripped, and what is no
/// text for a reader left out as `import markdown` leaves it out (front
/// matter, MDX `import`/`export` lines, HTML comments, `<head>` blocks and
/// lines that are only tags), as glow and mdcat hide front matter.
fn read_markdown_file(arg: &str) -> anyhow::Result<String> {
    let path = Path::new(arg);
    let shown = escape_controls(arg);
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot open {shown}"))?
        .len();
    if size > MAX_PRINT_BYTES {
        bail!("{shown} is {size} bytes, over the limit of {MAX_PRINT_BYTES} bytes");
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {shown}"))?;
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    let cleaned = match sanitized_text(&text) {
        Cow::Owned(cleaned) => Some(cleaned),
        Cow::Borrowed(_) => None,
    };
    let text = cleaned.unwrap_or(text);
    let text = text.strip_prefix('\u{feff}').map_or(text.as_str(), |t| t);
    Ok(crate::cli::import::page_clean::clean(text).text)
}

/// Prints a Markdown file while it is laid out, one line at a time: the
/// laid-out document is never held whole.
fn print_markdown_file(arg: &str, width: usize, theme: Option<Theme>) -> anyhow::Result<i32> {
    let text = read_markdown_file(arg)?;
    let mut out = LineWriter::new(theme);
    let mut failed = None;
    markdown::layout_each(&text, width, |line| {
        if failed.is_none()
            && let Err(e) = out.write(&line)
        {
            failed = Some(e);
        }
    });
    match failed {
        Some(e) => broken_pipe_is_fine(e),
        None => out.finish(),
    }
}

/// Laid-out lines to standard output (buffered, locked), plain or styled.
struct LineWriter {
    out: BufWriter<std::io::StdoutLock<'static>>,
    buffer: String,
    /// The theme spans are styled in; none for plain text.
    theme: Option<Theme>,
}

impl LineWriter {
    fn new(theme: Option<Theme>) -> Self {
        LineWriter {
            out: BufWriter::with_capacity(64 * 1024, std::io::stdout().lock()),
            buffer: String::new(),
            theme,
        }
    }

    fn write(&mut self, line: &LaidLine) -> std::io::Result<()> {
        self.buffer.clear();
        ansi::push_line(&mut self.buffer, line, self.theme.as_ref());
        self.out.write_all(self.buffer.as_bytes())
    }

    /// Flushes; a closed pipe ends quietly.
    fn finish(mut self) -> anyhow::Result<i32> {
        match self.out.flush() {
            Ok(()) => Ok(0),
            Err(e) => broken_pipe_is_fine(e),
        }
    }
}

/// The lines to print for the argument.
pub fn lines_for(cli: &Cli, arg: Option<&str>, width: usize) -> anyhow::Result<Vec<LaidLine>> {
    if let Some(arg) = arg.filter(|a| is_markdown_path(a)) {
        return Ok(markdown::layout(&read_markdown_file(arg)?, width));
    }
    let library = crate::cli::context::load_library(cli);
    for p in library.errors() {
        crate::cli::output::say(&p.to_string());
    }
    let (chapters, decks) = chosen_parts(&library, arg)?;
    Ok(laid_out(&library, &chapters, &decks, width))
}

/// What the argument names, as indices: the chapter (by id or number) or
/// else the deck (by id) it names; with no argument every chapter, then the
/// decks of no loaded chapter. An argument naming nothing is refused with
/// the list of what there is.
fn chosen_parts(library: &Library, arg: Option<&str>) -> anyhow::Result<(Vec<usize>, Vec<usize>)> {
    let Some(arg) = arg else {
        let loose_decks = (0..library.decks.len())
            .filter(|&d| {
                library
                    .decks
                    .get(d)
                    .is_some_and(|deck| library.chapter_of_deck(&deck.id).is_none())
            })
            .collect();
        return Ok(((0..library.chapters.len()).collect(), loose_decks));
    };
    let chapter = library
        .chapters
        .iter()
        .position(|c| c.id == arg || arg.parse::<u32>().is_ok_and(|n| n == c.number));
    let deck = library.decks.iter().position(|d| d.id == arg);
    match (chapter, deck) {
        (Some(index), _) => Ok((vec![index], Vec::new())),
        (None, Some(index)) => Ok((Vec::new(), vec![index])),
        (None, None) => {
            let known: Vec<String> = library
                .chapters
                .iter()
                .map(|c| format!("{} ({})", c.number, c.id))
                .chain(library.decks.iter().map(|d| format!("deck {}", d.id)))
                .collect();
            bail!(
                "no chapter, deck or Markdown file `{}`; there are: {}",
                escape_controls(arg),
                escape_controls(&known.join(", "))
            );
        }
    }
}

/// The chapters, laid out as the reader lays them out, then the decks, each
/// as [`deck_markdown`] laid out, two blank lines between them.
fn laid_out(library: &Library, chapters: &[usize], decks: &[usize], width: usize) -> Vec<LaidLine> {
    let outline = document::outline(library);
    let cards = crate::domain::cards::all_cards(library);
    let mut lines = Vec::new();
    let gap = |lines: &mut Vec<LaidLine>| {
        if !lines.is_empty() {
            lines.push(LaidLine::blank());
            lines.push(LaidLine::blank());
        }
    };
    for &index in chapters {
        gap(&mut lines);
        lines.extend(Document::build(&outline, index, width).lines);
    }
    for &index in decks {
        let Some(deck) = library.decks.get(index) else {
            continue;
        };
        gap(&mut lines);
        let in_deck: Vec<&Card> = cards.iter().filter(|c| *c.deck == *deck.id).collect();
        lines.extend(markdown::layout(
            &deck_markdown(&deck.title, &in_deck),
            width,
        ));
    }
    lines
}

/// A deck as Markdown laid out like a chapter: its title, then each card as
/// a numbered question with its answer below.
pub fn deck_markdown(title: &str, cards: &[&Card]) -> String {
    let mut md = format!("# {title}\n");
    for (n, card) in cards.iter().enumerate() {
        let front = card.front.trim();
        let back = card.back.trim();
        if front.contains('\n') {
            md.push_str(&format!("\n### Card {}\n\n{front}\n", n + 1));
        } else {
            md.push_str(&format!("\n### {}. {front}\n", n + 1));
        }
        if back.contains('\n') {
            md.push_str(&format!("\n**Answer:**\n\n{back}\n"));
        } else {
            md.push_str(&format!("\n**Answer:** {back}\n"));
        }
    }
    md
}

pub fn run(
    cli: &Cli,
    config_path: &Path,
    arg: Option<&str>,
    width: Option<u16>,
    color: ColorChoice,
) -> anyhow::Result<i32> {
    let stdout = std::io::stdout();
    let is_tty = stdout.is_terminal();
    let terminal = if is_tty {
        ratatui::crossterm::terminal::size()
            .ok()
            .map(|(w, _)| w)
            .filter(|w| *w > 0)
    } else {
        None
    };
    let width = text_width(width, terminal);
    let styled = use_color(color, is_tty, std::env::var_os("NO_COLOR").as_deref());
    // styled text is drawn as the TUI draws it: the theme of the config file
    let theme = match styled {
        true => Some(Theme::from_config(&config::load(config_path)?.theme)),
        false => None,
    };
    if let Some(arg) = arg.filter(|a| is_markdown_path(a)) {
        return print_markdown_file(arg, width, theme);
    }
    let lines = lines_for(cli, arg, width)?;
    let mut out = LineWriter::new(theme);
    for line in &lines {
        if let Err(e) = out.write(line) {
            return broken_pipe_is_fine(e);
        }
    }
    out.finish()
}

fn broken_pipe_is_fine(e: std::io::Error) -> anyhow::Result<i32> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(0)
    } else {
        Err(e)
            .context("cannot write to standard output")
            .map_err(crate::cli::exit::runtime)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn color_follows_the_choice_the_tty_and_no_color() {
        use std::ffi::OsStr;
        assert!(use_color(ColorChoice::Auto, true, None));
        assert!(!use_color(ColorChoice::Auto, false, None));
        assert!(!use_color(ColorChoice::Auto, true, Some(OsStr::new("1"))));
        assert!(use_color(ColorChoice::Auto, true, Some(OsStr::new(""))));
        assert!(use_color(ColorChoice::Always, false, Some(OsStr::new("1"))));
        assert!(!use_color(ColorChoice::Never, true, None));
    }

    #[test]
    fn a_deck_prints_as_numbered_questions_with_answers() {
        let deck = "kind = \"deck\"\nid = \"d\"\ntitle = \"Practice\"\n[[cards]]\nid = \"c1\"\nfront = \"Why STAR?\"\nback = \"It keeps answers short.\"\n[[cards]]\nid = \"c2\"\nfront = \"Two\\n\\nparagraphs\"\nback = \"- one\\n- two\"\n";
        let library = crate::domain::content::load_files([("d.toml", deck.as_bytes())]);
        let cards = crate::domain::cards::all_cards(&library);
        let refs: Vec<&Card> = cards.iter().collect();
        let text: Vec<String> = markdown::layout(&deck_markdown("Practice", &refs), 60)
            .iter()
            .map(|l| l.plain().trim_end().to_string())
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(
            text,
            [
                "Practice",
                "1. Why STAR?",
                "Answer: It keeps answers short.",
                "Card 2",
                "Two",
                "paragraphs",
                "Answer:",
                "• one",
                "• two"
            ]
        );
    }

    #[test]
    fn width_is_capped_unless_asked() {
        assert_eq!(text_width(None, Some(200)), COMFORTABLE_WIDTH);
        assert_eq!(text_width(None, Some(50)), 50);
        assert_eq!(text_width(Some(120), Some(50)), 120);
        assert_eq!(text_width(None, None), 80.min(COMFORTABLE_WIDTH));
    }
}
