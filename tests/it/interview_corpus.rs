//! The mock interview's signals measured against the hand-labelled answers
//! in `tests/fixtures/answers/` (see its README): precision and recall per
//! signal, printed as a table, failing below 0.9 for any signal. A label
//! says what a careful reader would say; the rules are measured against
//! it, never the other way round.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;
use studyguide::domain::interview::feedback::detect;
use studyguide::domain::interview::{Check, InterviewSet, Timing, analyse_timed, parse_interview};

const FILES: [(&str, &str); 5] = [
    (
        "behavioural",
        include_str!("../fixtures/answers/behavioural.toml"),
    ),
    (
        "motivation",
        include_str!("../fixtures/answers/motivation.toml"),
    ),
    ("fit", include_str!("../fixtures/answers/fit.toml")),
    ("common", include_str!("../fixtures/answers/common.toml")),
    ("closing", include_str!("../fixtures/answers/closing.toml")),
];

/// The lowest precision and recall accepted for any signal.
const FLOOR: f64 = 0.9;

#[derive(Deserialize)]
struct File {
    answer: Vec<Answer>,
}

#[derive(Deserialize)]
struct Answer {
    id: String,
    question: String,
    text: String,
    labels: BTreeMap<String, toml::Value>,
}

/// The label as true/false: `ownership` is true for "we-heavy" (the gap
/// the check flags), every other key is a boolean.
fn label(key: &str, value: &toml::Value) -> bool {
    match (key, value) {
        ("ownership", toml::Value::String(s)) => s == "we-heavy",
        (_, toml::Value::Boolean(b)) => *b,
        _ => panic!("label {key} = {value} is neither a boolean nor an ownership"),
    }
}

#[derive(Default)]
struct Tally {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
    wrong: Vec<String>,
}

impl Tally {
    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

/// 1.0 when there is nothing to get wrong.
fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

fn bundled() -> InterviewSet {
    parse_interview(
        include_str!("../../content/chapter-17-interview.toml"),
        "bundled/chapter-17-interview.toml",
    )
    .unwrap()
}

/// Every labelled answer read by the rules: per signal, the tally.
fn measure() -> BTreeMap<Check, Tally> {
    let set = bundled();
    let mut tallies: BTreeMap<Check, Tally> = BTreeMap::new();
    let timing = Timing {
        typed: true,
        taken: Duration::from_secs(60),
        limit: Duration::from_secs(300),
    };
    let mut seen = 0;
    for (name, text) in FILES {
        let file: File = toml::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        for answer in file.answer {
            seen += 1;
            let question = set
                .question(&answer.question)
                .unwrap_or_else(|| panic!("{}: no question {}", answer.id, answer.question));
            let signals = analyse_timed(&answer.text, &set, question, timing);
            for (key, value) in &answer.labels {
                let check = Check::from_name(key)
                    .unwrap_or_else(|| panic!("{}: unknown label {key}", answer.id));
                let expected = label(key, value);
                let result = detect(&set, &signals, check);
                let found = result.found;
                let why: Vec<&str> = result.evidence.iter().map(|e| e.words.as_str()).collect();
                let t = tallies.entry(check).or_default();
                match (expected, found) {
                    (true, true) => t.tp += 1,
                    (false, false) => t.tn += 1,
                    (false, true) => {
                        t.fp += 1;
                        t.wrong.push(format!(
                            "{} (false positive: {})",
                            answer.id,
                            why.join(", ")
                        ));
                    }
                    (true, false) => {
                        t.fn_ += 1;
                        t.wrong.push(format!("{} (missed)", answer.id));
                    }
                }
            }
        }
    }
    assert_eq!(seen, 105, "the corpus has 105 answers");
    tallies
}

/// The table as Markdown, the way the README shows it.
fn table(tallies: &BTreeMap<Check, Tally>) -> String {
    let mut out = String::from(
        "| signal | precision | recall | true pos. | false pos. | missed | true neg. |\n|---|---|---|---|---|---|---|\n",
    );
    for (check, t) in tallies {
        out.push_str(&format!(
            "| {} | {:.2} | {:.2} | {} | {} | {} | {} |\n",
            check.name(),
            t.precision(),
            t.recall(),
            t.tp,
            t.fp,
            t.fn_,
            t.tn
        ));
    }
    out
}

#[test]
fn every_signal_has_precision_and_recall_of_at_least_0_9_on_the_labelled_answers() {
    let tallies = measure();
    println!("{}", table(&tallies));
    for (check, t) in &tallies {
        if !t.wrong.is_empty() {
            println!("{}: {}", check.name(), t.wrong.join(", "));
        }
    }
    assert_eq!(tallies.len(), 12, "every labelled signal is measured");
    let below: Vec<String> = tallies
        .iter()
        .filter(|(_, t)| t.precision() < FLOOR || t.recall() < FLOOR)
        .map(|(c, t)| {
            format!(
                "{}: precision {:.2}, recall {:.2} ({})",
                c.name(),
                t.precision(),
                t.recall(),
                t.wrong.join(", ")
            )
        })
        .collect();
    assert!(below.is_empty(), "below {FLOOR}:\n{}", below.join("\n"));
}
