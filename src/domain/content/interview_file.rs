//! Interview files (`kind = "interview"`) as the content loader sees them:
//! parsed by `domain::interview`, their problems turned into content
//! `Problem`s, every text shown to the user run through the sanitiser, and
//! the `card`/`model` ids checked against everything else that was loaded.

use super::model::{Library, Problem, Severity};
use super::sanitize::{escape_controls, sanitize_line, sanitize_text};
use crate::domain::interview::{self, Diagnostic, InterviewSet};

/// Parses one interview file's text: the set (when it has no errors) and
/// every problem found, located as `file:line:col`.
pub fn parse(path: &str, text: &str) -> (Option<InterviewSet>, Vec<Problem>) {
    let (set, diagnostics) = interview::parse_interview_with_warnings(text, path);
    let problems = diagnostics.into_iter().map(problem).collect();
    (set.map(sanitized), problems)
}

fn problem(d: Diagnostic) -> Problem {
    Problem {
        path: d.file,
        line: d.line,
        col: d.col,
        severity: match d.severity {
            interview::Severity::Error => Severity::Error,
            interview::Severity::Warning => Severity::Warning,
        },
        message: escape_controls(&d.message),
    }
}

/// The set with its titles, prompts, labels and follow-ups sanitised (the
/// interview parser trims but does not sanitise).
fn sanitized(mut set: InterviewSet) -> InterviewSet {
    set.title = sanitize_line(&set.title);
    for f in &mut set.follow_ups {
        f.ask = sanitize_text(&f.ask);
    }
    for text in set.would_count.values_mut() {
        *text = sanitize_text(text);
    }
    for item in &mut set.rubric {
        item.label = sanitize_line(&item.label);
        item.description = sanitize_text(&item.description);
    }
    for q in &mut set.questions {
        q.prompt = sanitize_text(&q.prompt);
        for f in &mut q.follow_ups {
            *f = sanitize_text(f);
        }
        if let Some(g) = &mut q.general_advice {
            *g = sanitize_text(g);
        }
        if let Some(g) = &mut q.guide_answer {
            *g = sanitize_text(g);
        }
        for p in &mut q.points {
            p.label = sanitize_line(&p.label);
        }
        for s in &mut q.skills {
            *s = sanitize_line(s);
        }
    }
    set
}

/// Checks every interview set's `card` ids with `known` (the chapters' and
/// decks' ids) and its `advice` and `from` ids against the chapters' parts
/// only; one error per unknown id. A set with a dangling id still loads
/// (the screen shows no advice for it).
pub fn check_references(
    library: &Library,
    known: impl Fn(&str) -> bool,
    is_chapter_part: impl Fn(&str) -> bool,
) -> Vec<Problem> {
    library
        .interviews
        .iter()
        .flat_map(|set| interview::check_references(set, &known, &is_chapter_part))
        .map(problem)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_interview_loads_and_every_reference_resolves() {
        let library = crate::domain::content::bundled::load();
        assert_eq!(library.interviews.len(), 1);
        let errors: Vec<String> = library.errors().map(|p| p.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
        assert!(
            !library
                .problems
                .iter()
                .any(|p| p.path.contains("interview"))
        );
    }

    #[test]
    fn unknown_model_id_is_an_error_at_its_line() {
        let text = include_str!("../../../content/chapter-17-interview.toml").replacen(
            "advice = [\"ch17-sarah-q2\"",
            "advice = [\"no-such-card\"",
            1,
        );
        let line = text
            .lines()
            .position(|l| l.contains("no-such-card"))
            .map(|i| i + 1);
        let library = crate::domain::content::parse::load_files([
            (
                "bundled/chapter-17.toml",
                crate::domain::content::bundled::FILES[0].1.as_bytes(),
            ),
            (
                "bundled/chapter-17-practice.toml",
                crate::domain::content::bundled::FILES[1].1.as_bytes(),
            ),
            ("x/interview.toml", text.as_bytes()),
        ]);
        let found: Vec<&Problem> = library
            .errors()
            .filter(|p| p.message.contains("no-such-card"))
            .collect();
        assert_eq!(found.len(), 1, "{:?}", library.problems);
        assert_eq!(Some(found[0].line), line);
        assert_eq!(found[0].path, "x/interview.toml");
    }

    #[test]
    fn control_characters_in_prompts_are_sanitised() {
        let text = include_str!("../../../content/chapter-17-interview.toml").replacen(
            "prompt = \"",
            "prompt = \"\\u001b[31m",
            1,
        );
        let (set, _) = parse("x.toml", &text);
        let set = set.expect("still valid");
        assert!(set.questions.iter().all(|q| !q.prompt.contains('\u{1b}')));
    }
}
