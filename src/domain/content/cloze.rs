//! The cloze syntax of a card's front (`{{c1::answer::hint}}`): the gap
//! numbers a text uses, the markers that look like gaps but are not read as
//! one, the text with one gap hidden or shown, and what a cloze text must be
//! for its cards to show right ([`problems`]). The content parser checks
//! cards with it; the cards made from content render with it. Pure, and
//! linear in the text's length.

/// The gap numbers used in a cloze text (`{{c1::...}}`), sorted and unique.
pub fn cloze_numbers(text: &str) -> Vec<u32> {
    ClozeText::new(text).numbers()
}

/// Each gap of a cloze text: its number and the text it hides, in order.
pub fn gap_answers(text: &str) -> Vec<(u32, &str)> {
    cloze_gaps(text)
        .into_iter()
        .map(|g| (g.number, g.answer))
        .collect()
}

struct Gap<'a> {
    start: usize,
    end: usize,
    number: u32,
    answer: &'a str,
    hint: Option<&'a str>,
}

fn cloze_gaps(text: &str) -> Vec<Gap<'_>> {
    let mut gaps = Vec::new();
    let mut from = 0;
    while let Some(rel) = text.get(from..).and_then(|t| t.find("{{c")) {
        let start = from + rel;
        let rest = text.get(start + 3..).unwrap_or_default();
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        let after = rest.get(digits.len()..).unwrap_or_default();
        match (digits.parse::<u32>(), after.strip_prefix("::")) {
            (Ok(number), Some(body)) if number > 0 => {
                // no `}}` after this marker closes any later one either: a
                // scan on from each unclosed marker would be quadratic
                let Some(inner) = body.find("}}").and_then(|close| body.get(..close)) else {
                    break;
                };
                let close = inner.len();
                let (answer, hint) = match inner.split_once("::") {
                    Some((a, h)) => (a, Some(h)),
                    None => (inner, None),
                };
                let end = start + 3 + digits.len() + 2 + close + 2;
                gaps.push(Gap {
                    start,
                    end,
                    number,
                    answer,
                    hint,
                });
                from = end;
            }
            _ => from = start + 3,
        }
    }
    gaps
}

/// Gap markers that look like cloze gaps but are not read as one: number 0
/// (`{{c0::`) or a capital C (`{{C1::`). Each is returned as written.
pub fn ignored_gap_markers(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(rel) = text.get(from..).and_then(|t| t.find("{{")) {
        let start = from + rel;
        from = start + 2;
        let rest = text.get(start + 2..).unwrap_or_default();
        let Some(after_c) = rest.strip_prefix(['c', 'C']) else {
            continue;
        };
        let digits: String = after_c.chars().take_while(char::is_ascii_digit).collect();
        let tail = after_c.get(digits.len()..).unwrap_or_default();
        if digits.is_empty() || !tail.starts_with("::") {
            continue;
        }
        let zero = digits.parse::<u32>().is_ok_and(|n| n == 0);
        if zero || rest.starts_with('C') {
            found.push(format!(
                "{{{{{}{digits}::",
                rest.chars().next().unwrap_or('c')
            ));
        }
    }
    found
}

/// Renders a cloze text for gap `number`: that gap hidden as `[...]` (or
/// `[hint]`) on the front, shown in bold on the back; other gaps show their text.
pub fn render_cloze(text: &str, number: u32, reveal: bool) -> String {
    ClozeText::new(text).render(number, reveal)
}

/// A cloze text with its gaps found once: a text with many gap numbers is
/// rendered once per number, each from the same gaps.
pub struct ClozeText<'a> {
    text: &'a str,
    gaps: Vec<Gap<'a>>,
}

impl<'a> ClozeText<'a> {
    pub fn new(text: &'a str) -> Self {
        ClozeText {
            text,
            gaps: cloze_gaps(text),
        }
    }

    /// The gap numbers used, sorted and unique.
    pub fn numbers(&self) -> Vec<u32> {
        let mut numbers: Vec<u32> = self.gaps.iter().map(|g| g.number).collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers
    }

    /// The text for gap `number`, as [`render_cloze`] says.
    pub fn render(&self, number: u32, reveal: bool) -> String {
        render_gaps(self.text, &self.gaps, number, reveal)
    }
}

fn render_gaps(text: &str, gaps: &[Gap<'_>], number: u32, reveal: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for gap in gaps {
        out.push_str(text.get(last..gap.start).unwrap_or_default());
        if gap.number == number {
            if reveal {
                out.push_str(&format!("**{}**", gap.answer));
            } else {
                out.push_str(&format!("[{}]", gap.hint.unwrap_or("...")));
            }
        } else {
            out.push_str(gap.answer);
        }
        last = gap.end;
    }
    out.push_str(text.get(last..).unwrap_or_default());
    out
}

// What a cloze card's text must be for the cards made from it to show
// right, checked when content loads (errors: `check` refuses them, and the
// file does not load): every gap `{{cN::answer}}` closed, none inside
// another, none empty; and at most [`MAX_GAPS`] gaps, whose cards together
// hold at most [`MAX_CARDS_BYTES`] of text. A cloze text with N gap numbers
// makes N cards, each the whole text again: 8,000 gaps in 100 KB would be
// 8,000 cards and 1.6 GB. One pass over the text.

/// The most gaps one cloze text may hold.
pub const MAX_GAPS: usize = 100;

/// The most text the cards of one cloze text may hold together (each card's
/// front and back are the whole text): 4 MiB, the size of a content file.
pub const MAX_CARDS_BYTES: usize = 4 * 1024 * 1024;

/// A gap marker `{{cN::` at `at` (bytes), with its number and where its
/// answer starts.
struct Opened {
    at: usize,
    number: u32,
    body: usize,
}

/// The problems of a cloze text, each a sentence (the caller says where).
pub fn problems(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let closed = closed_gaps(text, &mut found);
    found.extend(size_problem(text.len(), closed.count, closed.numbers.len()));
    found
}

/// The gaps of a cloze text that close: how many, and their numbers.
struct ClosedGaps {
    count: usize,
    numbers: std::collections::BTreeSet<u32>,
}

/// Reads the gaps of a cloze text in one pass, adding to `found` each gap
/// inside another, each empty gap and a gap never closed; returns the gaps
/// that close.
fn closed_gaps(text: &str, found: &mut Vec<String>) -> ClosedGaps {
    let bytes = text.as_bytes();
    let mut open: Option<Opened> = None;
    let mut closed = ClosedGaps {
        count: 0,
        numbers: std::collections::BTreeSet::new(),
    };
    let mut i = 0;
    while i < bytes.len() {
        if let Some((number, body)) = marker_at(bytes, i) {
            if let Some(outer) = &open {
                found.push(format!(
                    "a gap inside another gap (`{{{{c{number}::` inside `{{{{c{}::` at byte {}); \
                     the card cannot show it: put the gaps side by side",
                    outer.number, outer.at
                ));
                // the inner marker is read as text of the outer gap
                i = body;
                continue;
            }
            open = Some(Opened {
                at: i,
                number,
                body,
            });
            i = body;
        } else if bytes.get(i..i + 2) == Some(b"}}") {
            if let Some(gap) = open.take() {
                found.extend(empty_gap_problem(text, &gap, i));
                closed.count += 1;
                closed.numbers.insert(gap.number);
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    if let Some(gap) = open {
        found.push(format!(
            "the gap `{{{{c{}::` at byte {} is never closed with `}}}}`; the card would show it as typed",
            gap.number, gap.at
        ));
    }
    closed
}

/// The problem of the gap `gap` closed at byte `close`, when it hides
/// nothing (its answer, before any `::hint`, is blank).
fn empty_gap_problem(text: &str, gap: &Opened, close: usize) -> Option<String> {
    let inner = text.get(gap.body..close).unwrap_or_default();
    let answer = inner.split_once("::").map_or(inner, |(a, _)| a);
    answer.trim().is_empty().then(|| {
        format!(
            "an empty gap `{{{{c{}::{inner}}}}}` at byte {}: nothing to hide or show; \
             write the answer between `::` and `}}}}`",
            gap.number, gap.at
        )
    })
}

/// The problem of a cloze text of `text_len` bytes with `gaps` gaps of
/// `numbers` different numbers, when it has too many gaps ([`MAX_GAPS`]) or
/// its cards would hold too much text ([`MAX_CARDS_BYTES`]).
fn size_problem(text_len: usize, gaps: usize, numbers: usize) -> Option<String> {
    let cards_bytes = numbers.saturating_mul(text_len).saturating_mul(2);
    if gaps > MAX_GAPS {
        Some(format!(
            "{gaps} gaps in one cloze card; at most {MAX_GAPS}: split it into several cards"
        ))
    } else if cards_bytes > MAX_CARDS_BYTES {
        Some(format!(
            "its {numbers} cards would hold {cards_bytes} bytes of text (each is the whole \
             {text_len}-byte text); at most {MAX_CARDS_BYTES}: split it into several cards"
        ))
    } else {
        None
    }
}

/// A gap marker `{{cN::` (N from 1) at `i`: its number and the byte after it.
fn marker_at(bytes: &[u8], i: usize) -> Option<(u32, usize)> {
    if bytes.get(i..i + 3) != Some(b"{{c") {
        return None;
    }
    let digits = bytes
        .get(i + 3..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let end = i + 3 + digits;
    if digits == 0 || digits > 9 || bytes.get(end..end + 2) != Some(b"::") {
        return None;
    }
    let number: u32 = std::str::from_utf8(bytes.get(i + 3..end)?)
        .ok()?
        .parse()
        .ok()?;
    (number > 0).then_some((number, end + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloze_gaps_hide_one_number_at_a_time() {
        let text = "Use {{c1::STAR}} for {{c2::behavioural::kind}} questions";
        assert_eq!(cloze_numbers(text), vec![1, 2]);
        assert_eq!(
            render_cloze(text, 1, false),
            "Use [...] for behavioural questions"
        );
        assert_eq!(
            render_cloze(text, 2, false),
            "Use STAR for [kind] questions"
        );
        assert_eq!(
            render_cloze(text, 1, true),
            "Use **STAR** for behavioural questions"
        );
    }

    #[test]
    fn malformed_cloze_is_left_as_text() {
        assert!(cloze_numbers("{{c::x}} {{cx::y}} {{c1::unclosed").is_empty());
        assert_eq!(render_cloze("{{c1::unclosed", 1, false), "{{c1::unclosed");
    }

    #[test]
    fn gaps_the_renderer_shows_pass() {
        for text in [
            "Use {{c1::STAR}} for {{c2::behavioural::kind}} questions",
            "{{c1::a}} and {{c1::b}} and }} alone",
            "no gaps {{c0::zero}} {{C1::capital}}",
        ] {
            assert_eq!(problems(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn empty_nested_and_unclosed_gaps_are_named() {
        let empty = problems("Say {{c1::}} and {{c2::  ::hint}}");
        assert_eq!(empty.len(), 2, "{empty:?}");
        assert!(
            empty[0].contains("an empty gap `{{c1::}}` at byte 4"),
            "{empty:?}"
        );
        let nested = problems("{{c1::outer {{c2::inner}} rest}}");
        assert_eq!(nested.len(), 1, "{nested:?}");
        assert!(
            nested[0].contains("a gap inside another gap (`{{c2::` inside `{{c1::` at byte 0)"),
            "{nested:?}"
        );
        let unclosed = problems("fine {{c1::a}} then {{c2::never");
        assert_eq!(unclosed.len(), 1, "{unclosed:?}");
        assert!(
            unclosed[0].contains("`{{c2::` at byte 20 is never closed"),
            "{unclosed:?}"
        );
    }

    #[test]
    fn too_many_gaps_or_too_much_text_is_refused() {
        let many: String = (1..=101).map(|n| format!("{{{{c{n}::w}}}} ")).collect();
        let found = problems(&many);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].contains("101 gaps in one cloze card; at most 100"),
            "{found:?}"
        );
        // 30 cards of a 100 KB text: 6 MB of cards
        let mut big: String = (1..=30).map(|n| format!("{{{{c{n}::w}}}} ")).collect();
        big.push_str(&"x".repeat(100_000));
        let found = problems(&big);
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("its 30 cards would hold"), "{found:?}");
        // one gap number used 8,000 times is one card: only the count is over
        let same: String = "{{c1::w}} ".repeat(8_000);
        assert!(problems(&same)[0].contains("8000 gaps"));
    }
}
