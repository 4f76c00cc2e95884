//! Folding text for matching: lower case, Latin accents removed (é → e,
//! ß → s), combining marks dropped. Keeps a map from each folded byte back to
//! the original text, so a match found in folded text can be shown in the
//! original. Pure; no terminal, no content model.

use std::ops::Range;

use nucleo_matcher::chars::normalize;

/// Whether `c` is a combining diacritical mark (dropped when folding, so a
/// decomposed `e\u{301}` matches `e` too).
fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Appends the folded form of `c` to `out`.
fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(fold_ascii(c));
        return;
    }
    if is_dash(c) {
        out.push(' ');
        return;
    }
    for lower in c.to_lowercase() {
        let plain = normalize(lower);
        if !is_combining(plain) {
            // the normalisation table maps some letters to capitals (Ø → O)
            out.extend(plain.to_lowercase());
        }
    }
}

/// An ASCII character folded: lower case, and a hyphen is a space (so
/// `problem solving` finds "problem-solving" and the other way round).
fn fold_ascii(c: char) -> char {
    if c == '-' {
        ' '
    } else {
        c.to_ascii_lowercase()
    }
}

/// Hyphens and dashes other than ASCII `-`, folded to a space too.
fn is_dash(c: char) -> bool {
    matches!(c, '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}')
}

/// The distinct words of a folded query, in order.
pub fn query_words(folded: &str) -> Vec<&str> {
    let mut words: Vec<&str> = Vec::new();
    for word in folded.split_whitespace() {
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// Folds a string (for queries: no map kept).
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.chars().map(fold_ascii).collect();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_folded(c, &mut out);
    }
    out
}

/// A folded text and the way back to the original.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    /// For each byte of `text`, the byte offset in the original of the char
    /// it came from. `None` when the original is ASCII (offsets are equal).
    map: Option<Vec<u32>>,
}

impl Folded {
    pub fn new(original: &str) -> Folded {
        if original.is_ascii() {
            return Folded {
                text: original.chars().map(fold_ascii).collect(),
                map: None,
            };
        }
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len());
        for (at, c) in original.char_indices() {
            let offset = u32::try_from(at).unwrap_or(u32::MAX);
            if c.is_ascii() {
                text.push(fold_ascii(c));
                map.push(offset);
                continue;
            }
            let before = text.len();
            push_folded(c, &mut text);
            map.extend(std::iter::repeat_n(offset, text.len() - before));
        }
        Folded {
            text,
            map: Some(map),
        }
    }

    /// The original byte range of the folded range `folded`. Always on char
    /// boundaries of `original` (the text this was built from) and inside it.
    pub fn original_range(&self, original: &str, folded: Range<usize>) -> Range<usize> {
        let Some(map) = &self.map else {
            let end = folded.end.min(original.len());
            return folded.start.min(end)..end;
        };
        let at = |i: usize| map.get(i).map_or(original.len(), |&o| o as usize);
        let start = at(folded.start);
        let last = at(folded.end.saturating_sub(1).max(folded.start));
        let mut end = original
            .get(last..)
            .and_then(|rest| rest.chars().next())
            .map_or(original.len(), |c| last + c.len_utf8());
        // take the marks that were dropped with the last letter along
        if let Some(rest) = original.get(end..) {
            end += rest
                .chars()
                .take_while(|c| is_combining(*c))
                .map(char::len_utf8)
                .sum::<usize>();
        }
        start.min(end)..end
    }

    /// Every match of each word of an already folded `query`, as original
    /// byte ranges in order, overlapping matches joined.
    pub fn find(&self, original: &str, query: &str) -> Vec<Range<usize>> {
        let mut folded: Vec<Range<usize>> = query_words(query)
            .into_iter()
            .flat_map(|word| {
                self.text
                    .match_indices(word)
                    .map(|(at, m)| at..at + m.len())
            })
            .collect();
        folded.sort_by_key(|r| r.start);
        let mut out: Vec<Range<usize>> = Vec::new();
        for r in folded {
            let r = self.original_range(original, r);
            match out.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => out.push(r),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(
            fold("Élan CAFÉ naïve Ørsted Straße"),
            "elan cafe naive orsted strase"
        );
        assert_eq!(fold("e\u{301}te\u{301}"), "ete");
        assert_eq!(fold("日本語 🎉"), "日本語 🎉");
    }

    #[test]
    fn maps_matches_back_to_the_original() {
        let original = "Un café, un CAFÉ et un cafe\u{301}.";
        let folded = Folded::new(original);
        let hits: Vec<&str> = folded
            .find(original, "cafe")
            .into_iter()
            .filter_map(|r| original.get(r))
            .collect();
        assert_eq!(hits, ["café", "CAFÉ", "cafe\u{301}"]);
    }

    #[test]
    fn ascii_text_keeps_offsets() {
        let folded = Folded::new("Prep and PREP");
        assert_eq!(folded.find("Prep and PREP", "prep"), vec![0..4, 9..13]);
    }
}
