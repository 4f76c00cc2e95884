//! Screen geometry shared by `update` (which lays out text for a width) and
//! the renderers (which draw into the same rectangles). Pure arithmetic.

use crate::domain::markdown::COMFORTABLE_WIDTH;

/// Below this size the app shows a short note instead of its screens.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;
/// Under this width the reader shows one pane at a time.
pub const TWO_PANE_WIDTH: u16 = 60;
/// Columns left of the text: the item marker and a space.
pub const GUTTER: u16 = 2;

/// Where the reader's parts go for a terminal size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ReaderGeometry {
    /// Width of the outline pane (0 when hidden).
    pub outline_width: u16,
    /// Width of the content pane, including gutter and scrollbar.
    pub content_width: u16,
    /// Width the text is laid out at.
    pub text_width: u16,
    /// Rows available for text.
    pub view_height: u16,
}

pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

/// Rows of the body between the tab bar and the status bar.
pub fn body_height(height: u16) -> u16 {
    height.saturating_sub(2)
}

/// The narrowest the outline pane gets beside the text.
pub const MIN_OUTLINE_WIDTH: u16 = 24;

/// Columns the outline pane needs to show `rows` (indent and title display
/// widths) on one row each: the mark, the title, a space and the border.
pub fn outline_wants(rows: impl Iterator<Item = usize>) -> u16 {
    let widest = rows.max().unwrap_or(0);
    u16::try_from(widest + 3).unwrap_or(u16::MAX)
}

/// The reader layout. With `two_panes` false (narrow terminals), one pane
/// takes the whole width. The outline takes what it `wants` (see
/// [`outline_wants`]), from what the text pane has beyond its comfortable
/// measure, and up to 40% of the screen when that is not enough.
pub fn reader(width: u16, height: u16, two_panes: bool, wants: u16) -> ReaderGeometry {
    let comfortable = COMFORTABLE_WIDTH as u16 + GUTTER + 2;
    let outline_width = if two_panes {
        let spare = width.saturating_sub(comfortable);
        let cap = spare.max(width * 2 / 5);
        wants.min(cap).max(MIN_OUTLINE_WIDTH).min(width / 2)
    } else {
        0
    };
    let content_width = width.saturating_sub(outline_width);
    // gutter on the left, one column of padding and the scrollbar on the right
    let text_width = content_width
        .saturating_sub(GUTTER + 2)
        .clamp(1, COMFORTABLE_WIDTH as u16);
    // the content pane has a title row
    let view_height = body_height(height).saturating_sub(1).max(1);
    ReaderGeometry {
        outline_width,
        content_width,
        text_width,
        view_height,
    }
}

/// Width cards are laid out at in the drill.
pub fn card_width(width: u16) -> u16 {
    width.saturating_sub(6).clamp(1, COMFORTABLE_WIDTH as u16)
}

/// Inside width of the content-problems pane for a terminal `width` wide.
pub fn errors_inner_width(width: u16) -> u16 {
    width
        .saturating_sub(4)
        .max(10)
        .min(width)
        .saturating_sub(2)
        .max(1)
}

/// Rows the content-problems pane needs for its text (one or more per problem).
pub fn errors_rows(problems: &[crate::domain::content::Problem], width: u16) -> usize {
    let inner = errors_inner_width(width) as usize;
    problems
        .iter()
        .map(|p| crate::domain::markdown::hard_wrap(&p.to_string(), inner).len())
        .sum::<usize>()
        .max(1)
}

/// How the stats screen is arranged for its area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatsLayout {
    /// Heatmap, numbers and forecast side by side.
    ThreeColumns,
    /// Heatmap over the numbers, the forecast beside them.
    TwoColumns,
    /// Everything in one column that scrolls.
    Stacked,
}

/// Rows of the heatmap: title, months, seven days, week numbers, legend.
pub const STATS_HEATMAP_ROWS: u16 = 11;
/// Rows of the progress numbers.
pub const STATS_NUMBER_ROWS: u16 = 9;
/// Rows of the forecast: title and 14 days.
pub const STATS_FORECAST_ROWS: u16 = 15;
/// Columns of the heatmap with two-column cells (labels, 13 weeks).
pub const STATS_HEATMAP_WIDTH: u16 = 5 + 13 * 2;
/// Columns the numbers (or the forecast) need.
pub const STATS_COLUMN_WIDTH: u16 = 38;
/// Rows of the stacked stats screen (with a blank row between parts).
pub const STATS_STACKED_ROWS: u16 =
    STATS_HEATMAP_ROWS + 1 + STATS_NUMBER_ROWS + 1 + STATS_FORECAST_ROWS;

/// The stats arrangement for an area `width` x `height` (the screen body).
pub fn stats_layout(width: u16, height: u16) -> StatsLayout {
    let three_wide = (5 + 13 * 3) + 8 + STATS_COLUMN_WIDTH + 4 + STATS_COLUMN_WIDTH;
    let two_tall = STATS_HEATMAP_ROWS + 1 + STATS_NUMBER_ROWS;
    if width >= three_wide && height >= STATS_FORECAST_ROWS {
        StatsLayout::ThreeColumns
    } else if width >= STATS_COLUMN_WIDTH + 2 + STATS_COLUMN_WIDTH && height >= two_tall {
        StatsLayout::TwoColumns
    } else {
        StatsLayout::Stacked
    }
}

/// Rows the mock-interview trend takes under the stats (none without
/// history, or when the body is too short to share).
pub fn interview_trend_rows(body_height: u16, has_history: bool) -> u16 {
    const ROWS: u16 = 5;
    if !has_history || body_height < ROWS * 3 {
        0
    } else {
        ROWS
    }
}

/// How far the stats screen can scroll in a terminal `width` x `height`
/// (with the interview trend below it when `has_trend`).
pub fn stats_max_scroll(width: u16, height: u16, has_trend: bool) -> usize {
    let body = body_height(height);
    let body = body - interview_trend_rows(body, has_trend);
    match stats_layout(width, body) {
        StatsLayout::Stacked => STATS_STACKED_ROWS.saturating_sub(body) as usize,
        _ => 0,
    }
}

/// The inner sizes of the text boxes (columns, most rows), shared by
/// `update` (which tells each editor its box) and the renderers.
pub mod text_box {
    use super::{body_height, card_width};

    /// Most rows a growing box takes: about a third of the screen, less
    /// its frame.
    pub fn third(height: u16) -> usize {
        (height / 3).saturating_sub(2).max(1) as usize
    }

    /// The typed answer under a card: the card's text width.
    pub fn drill_answer(width: u16, height: u16) -> (usize, usize) {
        (card_width(width) as usize, third(height))
    }

    /// The interview answer: the whole width less border and padding, and
    /// the body's rows less the question's head, prompt and foot.
    pub fn interview_answer(width: u16, height: u16) -> (usize, usize) {
        (
            width.saturating_sub(4).max(1) as usize,
            body_height(height).saturating_sub(8).max(1) as usize,
        )
    }

    /// The note editor at the bottom of the body: the width less its border.
    pub fn note(width: u16, height: u16) -> (usize, usize) {
        (width.saturating_sub(2).max(1) as usize, third(height))
    }
}
