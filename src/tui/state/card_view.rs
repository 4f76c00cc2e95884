//! How the drill's card screen is laid out for a terminal size: the card's
//! rows (front, rule, back, typed and previous answers) counted as wrapped
//! rows, the card box height and scroll, the typed-answer box (wrapped, with
//! the cursor's row and column) and the grade row's form. Pure arithmetic
//! shared by `update` (to clamp scrolling) and the drill renderer (to draw).

use chrono::Duration;

use super::State;
use super::geometry;
use crate::domain::cards::Card;
use crate::domain::markdown::{self, LaidLine, display_width, truncate};
use crate::domain::schedule::format_interval;
use crate::tui::action::Command;
use crate::tui::keymap::KeyMode;
use crate::tui::state::drill::{CurrentCard, DrillView};

/// Below this terminal height a revealed card shows its question on one row.
pub const COLLAPSE_BELOW_HEIGHT: u16 = 20;

/// One row inside the card box.
#[derive(Clone, Debug, PartialEq)]
pub enum CardRow<'a> {
    /// A laid-out line of the front, back or previous answer.
    Text(&'a LaidLine),
    Blank,
    /// The line between the question and the answer.
    Rule,
    Heading(&'static str),
    /// A row of what the user typed.
    Typed(String),
    /// The question cut to one row (small screens, answer shown).
    Collapsed(String),
}

/// One grade button: its key and name (`1 Again`, or just `1` when short)
/// and the interval it would give.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GradeLabel {
    pub grade: usize,
    pub name: String,
    pub interval: String,
}

/// The typed-answer box below the card: the editor's rows on screen
/// (scrolled so the cursor shows) and the cursor.
pub type AnswerBox = crate::tui::editor::EditorView;

/// What goes under the card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Footer {
    /// "Space show the answer".
    RevealHint,
    Saving,
    /// Grade labels, one inner list per screen row.
    Grades(Vec<Vec<GradeLabel>>),
    Answer(AnswerBox),
}

impl Footer {
    /// Screen rows the footer takes (the answer box has a title row).
    pub fn height(&self) -> u16 {
        match self {
            Footer::RevealHint | Footer::Saving => 1,
            Footer::Grades(lines) => lines.len().max(1) as u16,
            // a title row above, the counts below
            Footer::Answer(answer) => answer.rows.len().max(1) as u16 + 2,
        }
    }
}

/// The card screen for the current state and size.
#[derive(Clone, Debug, PartialEq)]
pub struct CardView<'a> {
    pub rows: Vec<CardRow<'a>>,
    /// Width of the card box, borders included.
    pub box_width: u16,
    /// Height of the card box, borders included.
    pub box_height: u16,
    /// Rows of text the box shows.
    pub viewport: usize,
    /// The first row shown.
    pub scroll: usize,
    pub footer: Footer,
}

impl CardView<'_> {
    /// The furthest the card can scroll.
    pub fn max_scroll(&self) -> usize {
        crate::tui::scroll::max_offset(self.rows.len(), self.viewport)
    }
}

/// Rows of the drill body below the tab bar and the progress gauge (a store
/// problem is shown in the tab row, so it takes no row here).
fn card_area_height(state: &State) -> u16 {
    geometry::body_height(state.size.1).saturating_sub(1)
}

/// Lays out the card on screen, or None when no card is shown.
pub fn card_view(state: &State) -> Option<CardView<'_>> {
    let drill = &state.drill;
    let cur = drill
        .current
        .as_ref()
        .filter(|_| drill.view == DrillView::Card)?;
    let (width, height) = state.size;
    let text_width = geometry::card_width(width) as usize;
    let box_width = (text_width as u16 + 4).min(width);
    let typing = drill.is_typing(&state.progress);
    let footer = if cur.pending.is_some() {
        Footer::Saving
    } else if cur.revealed {
        Footer::Grades(grade_lines(state, cur, width as usize))
    } else if typing {
        // the box grows to about a third of the screen, then scrolls
        let (box_width, max_rows) = geometry::text_box::drill_answer(width, height);
        Footer::Answer(drill.editor.view(box_width, max_rows))
    } else {
        Footer::RevealHint
    };
    let room = card_area_height(state);
    let max_box = room.saturating_sub(footer.height()).max(3);
    let mut rows = card_rows(cur, text_width, false);
    if cur.revealed && height < COLLAPSE_BELOW_HEIGHT && rows.len() + 2 > max_box as usize {
        rows = card_rows(cur, text_width, true);
    }
    let box_height = (rows.len() as u16 + 2).max(5).min(max_box);
    let viewport = box_height.saturating_sub(2) as usize;
    let scroll = cur
        .scroll
        .min(crate::tui::scroll::max_offset(rows.len(), viewport));
    Some(CardView {
        rows,
        box_width,
        box_height,
        viewport,
        scroll,
        footer,
    })
}

/// A card's rows in the read-only preview: front, rule, back, laid out at
/// `width`.
pub fn preview_lines(card: &Card, width: usize) -> (Vec<LaidLine>, Vec<LaidLine>) {
    (
        markdown::layout(&card.front, width),
        markdown::layout(&card.back, width),
    )
}

/// Rows of text the preview of `card` shows in a terminal `width` x
/// `height`, and how many rows it has: (visible, total).
pub fn preview_extent(card: &Card, width: u16, height: u16) -> (usize, usize) {
    let (front, back) = preview_lines(card, geometry::card_width(width) as usize);
    // the body less the frame and the row of keys
    let visible = geometry::body_height(height).saturating_sub(3).max(1) as usize;
    (visible, front.len() + 3 + back.len())
}

/// The card's rows at `width`: the front (or its first row, cut, when
/// `collapsed`), and once revealed the back, the typed answer and the
/// previous answer.
pub fn card_rows(cur: &CurrentCard, width: usize, collapsed: bool) -> Vec<CardRow<'_>> {
    let mut rows = Vec::new();
    if collapsed {
        let first = cur
            .front
            .iter()
            .map(|l| l.spans.iter().map(|s| s.text.as_str()).collect::<String>())
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        rows.push(CardRow::Collapsed(truncate(first.trim(), width)));
    } else {
        rows.extend(cur.front.iter().map(CardRow::Text));
    }
    if !cur.revealed {
        return rows;
    }
    if collapsed {
        rows.push(CardRow::Rule);
    } else {
        rows.extend([CardRow::Blank, CardRow::Rule, CardRow::Blank]);
    }
    rows.extend(cur.back.iter().map(CardRow::Text));
    if let Some(typed) = &cur.typed {
        rows.extend([CardRow::Blank, CardRow::Heading("Your answer")]);
        rows.extend(
            crate::domain::text::wrap::wrap(typed, width)
                .into_iter()
                .map(|r| CardRow::Typed(typed.get(r.range).unwrap_or_default().to_string())),
        );
    }
    if !cur.previous.is_empty() {
        rows.extend([CardRow::Blank, CardRow::Heading("Your previous answer")]);
        rows.extend(cur.previous.iter().map(CardRow::Text));
    }
    rows
}

/// The grade labels in the widest form that fits `width` columns without
/// cutting one: one row of `1 Again · 1m`, two rows of them, one row of
/// `1 1m`, or two rows of that.
fn grade_lines(state: &State, cur: &CurrentCard, width: usize) -> Vec<Vec<GradeLabel>> {
    let fits = |line: &[GradeLabel]| grade_line_width(line) <= width;
    let tall = state.size.1 >= COLLAPSE_BELOW_HEIGHT;
    let long = grade_labels(state, cur, true);
    let short = grade_labels(state, cur, false);
    let halves = |mut all: Vec<GradeLabel>| {
        let second = all.split_off(all.len() / 2);
        vec![all, second]
    };
    if fits(&long) {
        return vec![long];
    }
    let long_halves = halves(long);
    if tall && long_halves.iter().all(|l| fits(l)) {
        return long_halves;
    }
    if fits(&short) {
        return vec![short];
    }
    halves(short)
}

/// A label per grade: its key (and, when `long`, its name) and the
/// interval it gives, from the outcomes worked out when the answer was
/// shown. Cram schedules nothing: names always, no intervals.
fn grade_labels(state: &State, cur: &CurrentCard, long: bool) -> Vec<GradeLabel> {
    let commands = [
        Command::GradeAgain,
        Command::GradeHard,
        Command::GradeGood,
        Command::GradeEasy,
    ];
    let names = ["Again", "Hard", "Good", "Easy"];
    let cram = state.drill.session.as_ref().is_some_and(|s| s.cram);
    let intervals = cur
        .shown
        .as_ref()
        .map_or([Duration::zero(); 4], |shown| shown.intervals());
    intervals
        .iter()
        .zip(commands)
        .enumerate()
        .map(|(i, (interval, command))| {
            let key = state
                .keymap
                .label_for(KeyMode::Answer, command)
                .unwrap_or_else(|| "?".into());
            let name = names.get(i).copied().unwrap_or("");
            GradeLabel {
                grade: i,
                name: if long || cram {
                    format!("{key} {name}")
                } else {
                    key
                },
                interval: if cram {
                    String::new()
                } else {
                    format_interval(*interval)
                },
            }
        })
        .collect()
}

/// Separator between grade labels and before the first.
pub const GRADE_GAP: &str = "  ";
/// Between a grade's name and its interval.
pub const INTERVAL_GAP_LONG: &str = " · ";
pub const INTERVAL_GAP_SHORT: &str = " ";

/// Display width of one row of grade labels as drawn.
pub fn grade_line_width(line: &[GradeLabel]) -> usize {
    line.iter()
        .map(|l| {
            let gap = interval_gap(l);
            GRADE_GAP.len() + display_width(&l.name) + gap.len() + display_width(&l.interval)
        })
        .sum()
}

/// The gap between a label's name and its interval.
pub fn interval_gap(label: &GradeLabel) -> &'static str {
    if label.interval.is_empty() {
        ""
    } else if label.name.contains(' ') {
        INTERVAL_GAP_LONG
    } else {
        INTERVAL_GAP_SHORT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_ends_with_an_ellipsis() {
        assert_eq!(truncate("Question text", 20), "Question text");
        assert_eq!(truncate("Question text", 6), "Quest…");
    }
}
