//! Reading a `kind = "interview"` file: serde with the schema of `raw`, then
//! the checks serde cannot do (ids, references to rubric items, cue lists,
//! prompts), every problem located as `file:line:col`; and the check of ids
//! that point into other content files.

use std::collections::HashMap;
use std::time::Duration;

use toml::Spanned;

use super::check::Check;
use super::model::*;
use super::raw::*;
use super::text::Cue;

/// One problem found in an interview file, 1-based line and column (in
/// characters).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{col}: {severity}: {message}")]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// Whether a content file says `kind = "interview"`. A file that is not TOML
/// says no; the chapter parser will then report why.
pub fn is_interview_file(text: &str) -> bool {
    toml::from_str::<RawKind>(text).is_ok_and(|k| k.kind.as_deref() == Some("interview"))
}

/// Parses and checks one interview file. `file_label` is how problems name
/// the file (a path, or `bundled/NAME`). Warnings alone do not fail it.
pub fn parse_interview(text: &str, file_label: &str) -> Result<InterviewSet, Vec<Diagnostic>> {
    let (set, problems) = parse_interview_with_warnings(text, file_label);
    set.ok_or(problems)
}

/// Like `parse_interview`, also returning warnings when the set is good.
pub fn parse_interview_with_warnings(
    text: &str,
    file_label: &str,
) -> (Option<InterviewSet>, Vec<Diagnostic>) {
    let mut ck = Checker {
        file: file_label,
        text,
        problems: Vec::new(),
        ids: HashMap::new(),
    };
    let raw: RawSet = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            let message = e.message().trim().replace('\n', " ");
            ck.error(at, message.escape_debug().to_string());
            return (None, ck.problems);
        }
    };
    let set = build(&mut ck, raw);
    let failed = ck.problems.iter().any(|p| p.severity == Severity::Error);
    ((!failed).then_some(set), ck.problems)
}

/// Checks the ids this file points at: `card` against every id the loader
/// knows (`exists`: chapters' parts and deck cards), `advice` and a point's
/// `from` against the chapters' parts only (`is_chapter_part`), since
/// advice must come from the chapter text, never from a practice card's
/// back. One error per unknown id.
pub fn check_references(
    set: &InterviewSet,
    exists: impl Fn(&str) -> bool,
    is_chapter_part: impl Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    set.references
        .iter()
        .filter_map(|r| {
            let chapter_only = r.field != "card";
            let message = if chapter_only && !is_chapter_part(&r.id) {
                if exists(&r.id) {
                    format!(
                        "`{}` names `{}`, which is a card, not a part of a chapter; advice comes from the chapter text (an interview answer, an insight, the conclusion); write your own in `general_advice`",
                        r.field,
                        r.id.escape_debug()
                    )
                } else {
                    format!(
                        "`{}` names `{}`, which is no part of any loaded chapter",
                        r.field,
                        r.id.escape_debug()
                    )
                }
            } else if !chapter_only && !exists(&r.id) {
                format!(
                    "`{}` names `{}`, which is no card, question or insight in the loaded content",
                    r.field,
                    r.id.escape_debug()
                )
            } else {
                return None;
            };
            Some(Diagnostic {
                file: set.source.clone(),
                line: r.line,
                col: r.col,
                severity: Severity::Error,
                message,
            })
        })
        .collect()
}

struct Checker<'a> {
    file: &'a str,
    text: &'a str,
    problems: Vec<Diagnostic>,
    /// Every id in the file, with where it was first used.
    ids: HashMap<String, usize>,
}

impl Checker<'_> {
    /// 1-based line and column (in characters) of a byte offset.
    fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = self.text.get(..offset).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.matches('\n').count() + 1;
        let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        (line, col)
    }

    fn push(&mut self, at: usize, severity: Severity, message: String) {
        let (line, col) = self.position(at);
        self.problems.push(Diagnostic {
            file: self.file.to_string(),
            line,
            col,
            severity,
            message,
        });
    }

    fn error(&mut self, at: usize, message: String) {
        self.push(at, Severity::Error, message);
    }

    fn warning(&mut self, at: usize, message: String) {
        self.push(at, Severity::Warning, message);
    }

    fn optional_cues(&mut self, name: &str, list: &Option<CueList>) -> Vec<Cue> {
        list.as_ref().map_or_else(Vec::new, |l| self.cues(name, l))
    }

    fn check_name(&mut self, text: &Spanned<String>) -> Option<Check> {
        let name = text.get_ref().trim();
        let check = Check::from_name(name);
        if check.is_none() {
            let names: Vec<&str> = Check::ALL.iter().map(|c| c.name()).collect();
            self.error(
                text.span().start,
                format!(
                    "unknown check `{}`; expected one of {}",
                    name.escape_debug(),
                    names.join(", ")
                ),
            );
        }
        check
    }

    fn id(&mut self, id: &Text) -> String {
        let value = id.get_ref().trim().to_string();
        let at = id.span().start;
        if value.is_empty() {
            self.error(at, "empty text: `id` must not be empty".into());
        } else if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            self.error(
                at,
                format!(
                    "id `{}` contains spaces; expected letters, digits, `-` or `_`",
                    value.escape_debug()
                ),
            );
        } else if let Some(&first) = self.ids.get(&value) {
            let (line, col) = self.position(first);
            self.error(at, format!("duplicate id `{}` (first used at line {line}, column {col}); every id in a file must be unique", value.escape_debug()));
        } else {
            self.ids.insert(value.clone(), at);
        }
        value
    }

    fn text(&mut self, field: &str, text: &Text) -> String {
        let value = text.get_ref().trim().to_string();
        if value.is_empty() {
            self.error(
                text.span().start,
                format!("empty text: `{field}` must not be empty"),
            );
        }
        value
    }

    fn reference(&mut self, field: &str, id: &Text, refs: &mut Vec<Reference>) -> String {
        let value = self.text(field, id);
        let (line, col) = self.position(id.span().start);
        refs.push(Reference {
            field: field.into(),
            id: value.clone(),
            line,
            col,
        });
        value
    }

    fn cues(&mut self, name: &str, list: &CueList) -> Vec<Cue> {
        if list.get_ref().is_empty() {
            self.error(list.span().start, format!("empty cue list `{name}`; give at least one word or phrase, or the signal can never fire"));
        }
        list.get_ref()
            .iter()
            .filter_map(|cue| match Cue::parse(cue.get_ref()) {
                Ok(c) => Some(c),
                Err(why) => {
                    let shown = cue.get_ref().escape_debug().to_string();
                    self.error(
                        cue.span().start,
                        format!("cue `{shown}` in `{name}`: {why}"),
                    );
                    None
                }
            })
            .collect()
    }
}

/// Checks a parsed file part by part and builds the set; the problems go
/// to `ck`.
fn build(ck: &mut Checker, raw: RawSet) -> InterviewSet {
    if raw.kind.get_ref() != "interview" {
        let kind = raw.kind.get_ref().escape_debug().to_string();
        ck.error(
            raw.kind.span().start,
            format!("kind `{kind}` is not an interview file; expected `kind = \"interview\"`"),
        );
    }
    let id = ck.id(&raw.id);
    let title = ck.text("title", &raw.title);
    let mut references = Vec::new();
    let rubric = rubric(ck, &raw.rubric, &mut references);
    let cues = cues(ck, &raw.cues);
    let thresholds = thresholds(ck, raw.thresholds.as_ref());
    let mut would_count = std::collections::BTreeMap::new();
    for (key, text) in &raw.would_count {
        if let Some(check) = ck.check_name(key) {
            would_count.insert(check.name().to_string(), ck.text("would_count", text));
        }
    }
    let follow_ups = raw
        .scripted_follow_ups
        .iter()
        .filter_map(|f| {
            let id = ck.id(&f.id);
            let ask = ck.text("ask", &f.ask);
            let when = ck.check_name(&f.when)?;
            Some(ScriptedFollowUp { id, when, ask })
        })
        .collect();
    let questions = questions(ck, &raw.questions, &rubric, &mut references);
    InterviewSet {
        id,
        title,
        chapter: raw.chapter,
        source: ck.file.to_string(),
        rubric,
        cues,
        questions,
        references,
        follow_ups,
        would_count,
        thresholds,
    }
}

/// The rubric's items, checked (an empty rubric is an error); the cards
/// they name go to `references`.
fn rubric(
    ck: &mut Checker,
    raw: &Spanned<RawRubric>,
    references: &mut Vec<Reference>,
) -> Vec<RubricItem> {
    if raw.get_ref().items.is_empty() {
        ck.error(
            raw.span().start,
            "the rubric has no items; add `[[rubric.items]]` with `id`, `label` and `description`"
                .into(),
        );
    }
    raw.get_ref()
        .items
        .iter()
        .map(|item| RubricItem {
            id: ck.id(&item.id),
            label: ck.text("label", &item.label),
            description: ck.text("description", &item.description),
            card: item
                .card
                .as_ref()
                .map(|c| ck.reference("card", c, references)),
            signal: item.signal.as_ref().and_then(|s| signal(ck, s)),
        })
        .collect()
}

/// The word lists the signals are read with, each cue checked.
fn cues(ck: &mut Checker, c: &RawCues) -> Cues {
    Cues {
        situation: ck.cues("situation", &c.situation),
        task: ck.cues("task", &c.task),
        action: ck.cues("action", &c.action),
        result: ck.cues("result", &c.result),
        numbers: ck.cues("numbers", &c.numbers),
        first_person: ck.cues("first_person", &c.first_person),
        team: ck.cues("team", &c.team),
        filler: ck.cues("filler", &c.filler),
        hedging: ck.cues("hedging", &c.hedging),
        negativity: ck.cues("negativity", &c.negativity),
        workplace: ck.cues("workplace", &c.workplace),
        enthusiasm: ck.cues("enthusiasm", &c.enthusiasm),
        tailoring: ck.cues("tailoring", &c.tailoring),
        question: ck.cues("question", &c.question),
        problem: ck.optional_cues("problem", &c.problem),
        habit: ck.optional_cues("habit", &c.habit),
        past: ck.optional_cues("past", &c.past),
        not_past: ck.optional_cues("not_past", &c.not_past),
        negation: ck.optional_cues("negation", &c.negation),
        question_words: ck.optional_cues("question_words", &c.question_words),
        abbreviations: abbreviations(c.abbreviations.as_ref()),
    }
}

/// The abbreviations a sentence does not end at, normalised, without
/// their full stop.
fn abbreviations(list: Option<&CueList>) -> Vec<String> {
    list.map(|list| {
        list.get_ref()
            .iter()
            .map(|a| {
                crate::domain::interview::text::normalise(a.get_ref().trim().trim_end_matches('.'))
            })
            .filter(|a| !a.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

/// The questions, checked; a set needs a closing question and at least
/// one to answer.
fn questions(
    ck: &mut Checker,
    raw: &[RawQuestion],
    rubric: &[RubricItem],
    references: &mut Vec<Reference>,
) -> Vec<Question> {
    let questions: Vec<Question> = raw
        .iter()
        .map(|q| question(ck, q, rubric, references))
        .collect();
    if !questions.iter().any(|q| q.closing) {
        ck.error(0, "no closing question; mark the interviewer's \"Do you have any questions for us?\" with `closing = true`".into());
    }
    if !questions.iter().any(|q| !q.closing) {
        ck.error(
            0,
            "no questions to answer; add `[[questions]]` without `closing = true`".into(),
        );
    }
    questions
}

fn thresholds(ck: &mut Checker, raw: Option<&Spanned<RawThresholds>>) -> Thresholds {
    let mut t = Thresholds::default();
    let Some(raw) = raw else {
        return t;
    };
    let r = raw.get_ref();
    t.fillers_allowed = r.fillers_allowed.unwrap_or(t.fillers_allowed);
    t.hedges_allowed = r.hedges_allowed.unwrap_or(t.hedges_allowed);
    t.we_heavy_at = r.we_heavy_at.unwrap_or(t.we_heavy_at);
    t.negation_window = r.negation_window.unwrap_or(t.negation_window);
    if let Some(p) = &r.typed_min_percent {
        if (1..=100).contains(p.get_ref()) {
            t.typed_min_percent = *p.get_ref();
        } else {
            ck.error(
                p.span().start,
                "`typed_min_percent` must be from 1 to 100".into(),
            );
        }
    }
    if t.we_heavy_at == 0 {
        ck.error(
            raw.span().start,
            "`we_heavy_at` must be at least 1, or every answer is \"we\"-heavy".into(),
        );
    }
    t
}

fn signal(ck: &mut Checker, s: &Text) -> Option<SignalKind> {
    let kind = SignalKind::from_name(s.get_ref().trim());
    if kind.is_none() {
        let names: Vec<&str> = SignalKind::ALL.iter().map(|k| k.name()).collect();
        ck.error(
            s.span().start,
            format!(
                "unknown signal `{}`; expected one of {}",
                s.get_ref().escape_debug(),
                names.join(", ")
            ),
        );
    }
    kind
}

fn question(
    ck: &mut Checker,
    q: &RawQuestion,
    rubric: &[RubricItem],
    references: &mut Vec<Reference>,
) -> Question {
    let id = ck.id(&q.id);
    let prompt = ck.text("prompt", &q.prompt);
    let skills = q.skills.iter().map(|s| ck.text("skills", s)).collect();
    let follow_ups = q
        .follow_ups
        .iter()
        .map(|s| ck.text("follow_ups", s))
        .collect();
    if let Some(model) = &q.model {
        ck.warning(
            model.span().start,
            "`model` is no longer used: name the chapter parts that answer the question in `advice = [...]`, or write `general_advice`".into(),
        );
    }
    let advice = q
        .advice
        .iter()
        .map(|a| ck.reference("advice", a, references))
        .collect();
    let general_advice = q
        .general_advice
        .as_ref()
        .map(|g| ck.text("general_advice", g));
    let guide_answer = q.guide_answer.as_ref().map(|g| ck.text("guide_answer", g));
    let points = q
        .points
        .iter()
        .map(|p| TalkingPoint {
            id: ck.id(&p.id),
            label: ck.text("label", &p.label),
            from: p.from.as_ref().map(|f| ck.reference("from", f, references)),
            cues: ck.cues("cues", &p.cues),
        })
        .collect();
    let probes = probes(ck, q, &id, rubric);
    let target = target(ck, q.target_seconds.as_ref());
    Question {
        id,
        prompt,
        skills,
        probes,
        follow_ups,
        advice,
        general_advice,
        guide_answer,
        points,
        closing: q.closing,
        target,
    }
}

/// The rubric items question `id` probes, in the rubric's order: those it
/// names (each must be a rubric item), or all of them.
fn probes(ck: &mut Checker, q: &RawQuestion, id: &str, rubric: &[RubricItem]) -> Vec<String> {
    for probe in &q.probes {
        let name = probe.get_ref().trim();
        if !rubric.iter().any(|r| r.id == name) {
            let known: Vec<&str> = rubric.iter().map(|r| r.id.as_str()).collect();
            ck.error(
                probe.span().start,
                format!(
                    "question `{}` probes `{}`, which is no rubric item; expected one of {}",
                    id.escape_debug(),
                    name.escape_debug(),
                    known.join(", ")
                ),
            );
        }
    }
    if q.probes.is_empty() {
        rubric.iter().map(|r| r.id.clone()).collect()
    } else {
        rubric
            .iter()
            .filter(|r| q.probes.iter().any(|p| p.get_ref().trim() == r.id))
            .map(|r| r.id.clone())
            .collect()
    }
}

/// The speaking time a question aims at: `target_seconds = [MIN, MAX]`,
/// or the usual one to two minutes.
fn target(ck: &mut Checker, raw: Option<&Spanned<Vec<u64>>>) -> Target {
    match raw {
        None => Target::DEFAULT,
        Some(t) => match t.get_ref().as_slice() {
            &[min, max] if min < max => Target {
                min: Duration::from_secs(min),
                max: Duration::from_secs(max),
            },
            _ => {
                ck.error(t.span().start, "`target_seconds` must be `[MIN, MAX]` with MIN below MAX, in seconds of speaking time".into());
                Target::DEFAULT
            }
        },
    }
}
