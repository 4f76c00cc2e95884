//! An interview section of the book's shape: the `**Interviewee**: Name`
//! line (with `**Background**:` and `**Role**:`), the questions
//! (`**Q1. Question?**` or `### Q1. ...`) and their answers, each opening
//! with the answerer's name in bold (`**Sarah**: ...`). Blocks that fit
//! none of these are kept in a section of notes after the interview.

use super::{Conversion, join, source};
use crate::cli::import::markdown_blocks::{Block, labels};
use crate::cli::import::toml_out::{InterviewOut, QuestionOut, SectionOut, slug};

/// A label of a block: its name, its value, where it starts in the block.
type Label = (String, String, usize);

/// The question of a `**Q1. Question?**` paragraph or a `### Q1. ...` heading.
fn question_text(src: &str, block: &Block) -> Option<String> {
    let inner = if block.heading >= 3 {
        block.title.trim()
    } else if block.heading == 0 {
        src.strip_prefix("**")?.strip_suffix("**")?.trim()
    } else {
        return None;
    };
    let rest = inner.strip_prefix('Q')?;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let rest = rest
        .get(digits..)
        .unwrap_or_default()
        .trim_start_matches(['.', ':', ')'])
        .trim();
    (!rest.is_empty() && !rest.contains("**")).then(|| rest.to_string())
}

/// The interview's title made short for ids: `interview-with-a-cto` ->
/// `cto`.
fn short_name(title: &str) -> String {
    let short = slug(title, 60);
    short
        .strip_prefix("interview-with-")
        .map(|s| {
            s.trim_start_matches("a-")
                .trim_start_matches("an-")
                .trim_start_matches("the-")
        })
        .unwrap_or(&short)
        .to_string()
}

/// An interview as it is read, block by block.
#[derive(Default)]
struct Reading {
    interviewee: String,
    background: Option<String>,
    role: Option<String>,
    /// The name the answers are given under (`**Sarah**: ...`).
    answerer: Option<String>,
    /// Each question, the blocks of its answer so far, where it starts.
    questions: Vec<(String, Vec<String>, usize)>,
    /// Blocks before the first question that are no label line.
    stray: Vec<Block>,
}

impl Conversion<'_> {
    /// An interview section titled `title`, its blocks `body`.
    pub(super) fn interview(&mut self, title: &str, body: &[Block]) {
        let short = short_name(title);
        let id = self
            .ids
            .unique(&format!("{}-{}", self.prefix, slug(&short, 40)));
        let mut r = Reading::default();
        for b in body {
            self.interview_block(title, b, &mut r);
        }
        let interviewee = if r.interviewee.is_empty() {
            let at = body.first().map_or(0, |b| b.range.start);
            self.w.at(
                at,
                format!("no `**Interviewee**: Name` line in `{title}`; the title is used"),
            );
            title.to_string()
        } else {
            r.interviewee
        };
        let answerer = r.answerer.unwrap_or_else(|| {
            interviewee
                .split(' ')
                .next()
                .unwrap_or_default()
                .to_string()
        });
        let questions = self.questions(r.questions, &answerer);
        self.file.interviews.push(InterviewOut {
            id,
            title: title.to_string(),
            interviewee,
            answerer,
            background: r.background,
            role: r.role,
            questions,
        });
        if !r.stray.is_empty() {
            let id = self
                .ids
                .unique(&format!("{}-{}-notes", self.prefix, slug(&short, 30)));
            self.file.sections.push(SectionOut {
                id,
                title: format!("{title} (notes)"),
                body: join(self.src, &r.stray),
            });
        }
    }

    /// One block of the interview `title`: a question, the label line, or
    /// part of the last question's answer (a stray before any question).
    fn interview_block(&mut self, title: &str, b: &Block, r: &mut Reading) {
        let text = source(self.src, b);
        if let Some(q) = question_text(text, b) {
            r.questions.push((q, Vec::new(), b.range.start));
            return;
        }
        let found = if b.heading == 0 {
            labels(text)
        } else {
            Vec::new()
        };
        let first = found.first().filter(|(_, _, at)| *at == 0);
        if first.is_some_and(|(l, _, _)| l.eq_ignore_ascii_case("interviewee")) {
            self.interviewee_labels(b, &found, r);
            return;
        }
        let Some((_, answer, _)) = r.questions.last_mut() else {
            self.w.at(b.range.start, format!("expected `**Interviewee**: Name` or a question `**Q1. ...**` in `{title}`; kept in a plain section"));
            r.stray.push(b.clone());
            return;
        };
        match first {
            Some((name, value, _)) if answer.is_empty() => {
                match &r.answerer {
                    Some(a) if a != name => self.w.at(
                        b.range.start,
                        format!(
                            "answer by `{name}`, but earlier answers in `{title}` are by `{a}`"
                        ),
                    ),
                    Some(_) => {}
                    None => r.answerer = Some(name.clone()),
                }
                let from_value = text
                    .find(value.as_str())
                    .and_then(|at| text.get(at..))
                    .unwrap_or(text);
                answer.push(from_value.trim().to_string());
            }
            _ => {
                if answer.is_empty() {
                    self.w.at(b.range.start, "expected the answer to start with the answerer's name in bold, like `**Sarah**: ...`".into());
                }
                answer.push(text.to_string());
            }
        }
    }

    /// The labels of an `**Interviewee**: Name` line (block `b`): the
    /// interviewee, background and role; any other label is added to the
    /// background, with a warning.
    fn interviewee_labels(&mut self, b: &Block, found: &[Label], r: &mut Reading) {
        for (label, value, at) in found {
            match label.to_ascii_lowercase().as_str() {
                "interviewee" => r.interviewee = value.clone(),
                "background" => r.background = Some(value.clone()),
                "role" => r.role = Some(value.clone()),
                _ => {
                    self.w.at(b.range.start + at, format!("unknown label `{label}`; expected Interviewee, Background or Role; added to the background"));
                    let extra = format!("**{label}**: {value}");
                    r.background = Some(match r.background.take() {
                        Some(bg) => format!("{bg} {extra}"),
                        None => extra,
                    });
                }
            }
        }
    }

    /// The questions read, with their ids (`PREFIX-WHO-qN`) and answers; a
    /// question without an answer gets a warning and a placeholder.
    fn questions(
        &mut self,
        read: Vec<(String, Vec<String>, usize)>,
        answerer: &str,
    ) -> Vec<QuestionOut> {
        let who = slug(answerer, 20);
        read.into_iter()
            .enumerate()
            .map(|(n, (question, answer, at))| {
                let answer = if answer.is_empty() {
                    self.w
                        .at(at, format!("question `{question}` has no answer"));
                    "(no answer in the source)".to_string()
                } else {
                    answer.join("\n\n")
                };
                QuestionOut {
                    id: self
                        .ids
                        .unique(&format!("{}-{who}-q{}", self.prefix, n + 1)),
                    question,
                    answer,
                }
            })
            .collect()
    }
}
