//! The cloze syntax of a card's front (`{{c1::answer::hint}}`): the gap
//! numbers a text uses, the markers that look like gaps but are not read as
//! one, and the text with one gap hidden or shown. The content parser checks
//! cards with it; the cards made from content render with it. Pure.

/// The gap numbers used in a cloze text (`{{c1::...}}`), sorted and unique.
pub fn cloze_numbers(text: &str) -> Vec<u32> {
    let mut numbers: Vec<u32> = cloze_gaps(text).into_iter().map(|g| g.number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
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
        match (
            digits.parse::<u32>(),
            after.strip_prefix("::"),
            after.find("}}"),
        ) {
            (Ok(number), Some(body), Some(_)) if number > 0 => {
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
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for gap in cloze_gaps(text) {
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
}
