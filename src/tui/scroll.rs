//! Scroll offsets, in one place: how far a view of `viewport` rows over
//! `total` rows can scroll, where a scroll key takes it, and the offset that
//! keeps a run of rows in view. The state (what a screen shows) and the
//! update step (what a key does) both use it; the bar drawn beside a
//! scrolled view is `ui::scrollbar`.

use crate::tui::action::Command;

/// The furthest first row: the last row at the bottom of the view.
pub fn max_offset(total: usize, viewport: usize) -> usize {
    total.saturating_sub(viewport)
}

/// Rows a page key moves: the view less one row, so a line of context stays.
pub fn page(viewport: usize) -> usize {
    viewport.saturating_sub(1).max(1)
}

/// Where a scroll key (`Up`, `Down`, `PageUp`, `PageDown`, `Top`, `Bottom`)
/// takes `offset`, clamped to `max`; `None` for any other command.
pub fn by_command(command: Command, offset: usize, page: usize, max: usize) -> Option<usize> {
    let next = match command {
        Command::Down => offset.saturating_add(1),
        Command::Up => offset.saturating_sub(1),
        Command::PageDown => offset.saturating_add(page),
        Command::PageUp => offset.saturating_sub(page),
        Command::Top => 0,
        Command::Bottom => max,
        _ => return None,
    };
    Some(next.min(max))
}

/// Whether `command` is one of the keys [`by_command`] moves by.
pub fn is_scroll(command: Command) -> bool {
    by_command(command, 0, 1, 0).is_some()
}

/// The offset nearest `offset` that shows rows `first..=last` in a view of
/// `viewport` rows over `total` (the start wins when the run is taller than
/// the view).
pub fn reveal(offset: usize, first: usize, last: usize, viewport: usize, total: usize) -> usize {
    let viewport = viewport.max(1);
    let mut offset = offset.min(max_offset(total, viewport));
    if last >= offset + viewport {
        offset = last + 1 - viewport;
    }
    if first < offset {
        offset = first;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_move_and_stop_at_the_ends() {
        let (page, max) = (page(10), max_offset(25, 10));
        assert_eq!((page, max), (9, 15));
        assert_eq!(by_command(Command::Down, 3, page, max), Some(4));
        assert_eq!(by_command(Command::Up, 0, page, max), Some(0));
        assert_eq!(by_command(Command::PageDown, 10, page, max), Some(15));
        assert_eq!(by_command(Command::PageUp, 5, page, max), Some(0));
        assert_eq!(by_command(Command::Top, 7, page, max), Some(0));
        assert_eq!(by_command(Command::Bottom, 0, page, max), Some(15));
        assert_eq!(by_command(Command::Open, 7, page, max), None);
        // a view that fits does not move
        assert_eq!(
            by_command(Command::PageDown, 0, page, max_offset(4, 10)),
            Some(0)
        );
        assert!(is_scroll(Command::Bottom) && !is_scroll(Command::Close));
    }

    #[test]
    fn reveal_scrolls_just_enough() {
        // below the view: its last row comes to the bottom
        assert_eq!(reveal(0, 12, 13, 10, 30), 4);
        // above the view: its first row comes to the top
        assert_eq!(reveal(8, 2, 3, 10, 30), 2);
        // already in view: nothing moves
        assert_eq!(reveal(5, 6, 7, 10, 30), 5);
        // taller than the view: its start shows
        assert_eq!(reveal(0, 3, 20, 5, 30), 3);
        // an offset past the end is brought back first
        assert_eq!(reveal(99, 29, 29, 10, 30), 20);
        // a page of one row
        assert_eq!(page(1), 1);
    }
}
