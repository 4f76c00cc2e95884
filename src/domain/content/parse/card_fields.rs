//! The parser's checks of what makes a card: an explicit `[[cards]]` entry,
//! and a question's or insight's `card` field (`card.front`, `card.back`,
//! `card.tags`, `card.lint`, or `card = false`). When asked (for `check`),
//! each card's place in the file is kept as a [`CardSource`].

use toml::Spanned;

use super::Checker;
use crate::domain::content::card_source::{CardSource, Position};
use crate::domain::content::model::{CardKind, CardSetting, CardSpec, OwnCard, Severity};
use crate::domain::content::sanitize::{sanitize_line, sanitize_text};
use crate::domain::content::schema::{RawCard, RawCardSetting, RawLint, Text};

impl Checker<'_> {
    fn position(&self, offset: usize) -> Position {
        let (line, col) = self.index.position(offset);
        Position { line, col }
    }

    fn tags(raw: &[Text]) -> Vec<String> {
        raw.iter()
            .map(|t| sanitize_line(t.get_ref()))
            .filter(|t| !t.is_empty())
            .collect()
    }

    /// Keeps a card's place (only when sources are asked for).
    fn keep_source(&mut self, source: impl FnOnce(&Self) -> CardSource) {
        if self.sources.is_some() {
            let source = source(self);
            if let Some(sources) = &mut self.sources {
                sources.push(source);
            }
        }
    }

    fn allowed(&self, lint: Option<&RawLint>) -> (Vec<(String, Position)>, Option<String>) {
        let Some(lint) = lint else {
            return (Vec::new(), None);
        };
        let allow = lint
            .allow
            .iter()
            .map(|code| {
                (
                    sanitize_line(code.get_ref()),
                    self.position(code.span().start),
                )
            })
            .collect();
        let reason = lint
            .reason
            .as_ref()
            .map(|r| sanitize_text(r.get_ref()).trim().to_string())
            .filter(|r| !r.is_empty());
        (allow, reason)
    }

    /// An explicit `[[cards]]` entry, checked.
    pub(super) fn card(&mut self, raw: &RawCard) -> CardSpec {
        let id = self.id(&raw.id);
        let front = self.text("front", &raw.front);
        let back = self.card_back(raw, &id);
        self.check_gaps(raw, &id, &front);
        let from = raw
            .from
            .as_ref()
            .map(|f| sanitize_line(f.get_ref()))
            .filter(|f| !f.is_empty());
        self.keep_source(|ck| {
            let (allow, reason) = ck.allowed(raw.lint.as_ref());
            CardSource {
                id: id.clone(),
                path: ck.path.to_string(),
                at: ck.position(raw.id.span().start),
                front_at: Some(ck.position(raw.front.span().start)),
                back_at: raw.back.as_ref().map(|b| ck.position(b.span().start)),
                from_at: raw.from.as_ref().map(|f| ck.position(f.span().start)),
                allow,
                reason,
            }
        });
        CardSpec {
            id: id.into(),
            front,
            back,
            tags: Self::tags(&raw.tags),
            kind: raw.kind,
            from,
        }
    }

    /// A card's `back`: a cloze card may leave it out or empty; another
    /// gets a warning for an empty one and an error for a missing one.
    fn card_back(&mut self, raw: &RawCard, id: &str) -> String {
        match &raw.back {
            Some(back) if !sanitize_text(back.get_ref()).trim().is_empty() => {
                self.text("back", back)
            }
            Some(_) if raw.kind == CardKind::Cloze => String::new(),
            Some(back) => {
                self.at(
                    back.span().start,
                    Severity::Warning,
                    format!("card `{id}` has an empty answer (`back`); the card will show nothing when revealed"),
                );
                String::new()
            }
            None if raw.kind == CardKind::Cloze => String::new(),
            None => {
                self.at(
                    raw.id.span().start,
                    Severity::Error,
                    format!(
                        "missing field `back` in card `{id}`; expected the answer as Markdown text"
                    ),
                );
                String::new()
            }
        }
    }

    /// Warnings for cloze markers in a card's `front` that are no gap, and
    /// for a cloze card without a gap.
    fn check_gaps(&mut self, raw: &RawCard, id: &str, front: &str) {
        for marker in crate::domain::content::cloze::ignored_gap_markers(front) {
            self.at(
                raw.front.span().start,
                Severity::Warning,
                format!(
                    "`{marker}` in card `{id}` is not a cloze gap; gaps are numbered from 1 with a small c, like {{{{c1::text}}}}"
                ),
            );
        }
        if raw.kind == CardKind::Cloze {
            // gaps the cards cannot show, and more than they can hold
            for problem in crate::domain::content::cloze::problems(front) {
                self.at(
                    raw.front.span().start,
                    Severity::Error,
                    format!("cloze card `{id}`: {problem}"),
                );
            }
        }
        if raw.kind == CardKind::Cloze
            && crate::domain::content::cloze::cloze_numbers(front).is_empty()
        {
            self.at(
                raw.front.span().start,
                Severity::Warning,
                format!("cloze card `{id}` has no gap; write one as {{{{c1::text}}}}"),
            );
        }
    }

    /// A question's or insight's `card` field, checked. `id` is the part's
    /// id (already checked), `front` and `back` where its own texts are
    /// written (the question and answer; an insight's title and body).
    pub(super) fn card_setting(
        &mut self,
        id: (&str, &Text),
        (front, back): (&Text, &Text),
        raw: Option<&Spanned<RawCardSetting>>,
    ) -> CardSetting {
        let (part_id, id_text) = id;
        let setting = match raw.map(Spanned::get_ref) {
            None | Some(RawCardSetting::Flag(true)) => CardSetting::Derived,
            Some(RawCardSetting::Flag(false)) => CardSetting::Off,
            Some(RawCardSetting::Own(own)) => CardSetting::Own(OwnCard {
                front: own.front.as_ref().map(|t| self.text("card.front", t)),
                back: own.back.as_ref().map(|t| self.text("card.back", t)),
                tags: Self::tags(&own.tags),
                from: own
                    .from
                    .as_ref()
                    .map(|f| sanitize_line(f.get_ref()))
                    .filter(|f| !f.is_empty()),
            }),
        };
        if setting == CardSetting::Off {
            return setting;
        }
        self.keep_source(|ck| {
            let own = match raw.map(Spanned::get_ref) {
                Some(RawCardSetting::Own(own)) => Some(own),
                _ => None,
            };
            let (allow, reason) = ck.allowed(own.and_then(|o| o.lint.as_ref()));
            let field = |f: Option<&Text>, written: &Text| {
                ck.position(f.map_or(written, |t| t).span().start)
            };
            CardSource {
                id: part_id.to_string(),
                path: ck.path.to_string(),
                at: ck.position(raw.map_or(id_text.span().start, |r| r.span().start)),
                front_at: Some(field(own.and_then(|o| o.front.as_ref()), front)),
                back_at: Some(field(own.and_then(|o| o.back.as_ref()), back)),
                from_at: own
                    .and_then(|o| o.from.as_ref())
                    .map(|f| ck.position(f.span().start)),
                allow,
                reason,
            }
        });
        setting
    }
}
