//! `import markdown` on interview guides of every common style (the
//! fixtures in `tests/fixtures/guides/`: front matter + MDX, Obsidian, a
//! Notion export, a plain question bank, a Q/A table): each page imports
//! with its title, distinct ids, the questions and cards it holds, and
//! `check` clean; a folder imports every page with one summary; `print`
//! shows no front matter; a closed or full standard error stops nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::cli_common::{Sandbox, repo};
use studyguide::domain::content::parse::Parsed;
use studyguide::domain::content::{self, Chapter, Deck};
use studyguide::domain::interview::InterviewSet;

fn fixture(name: &str) -> String {
    repo(&format!("tests/fixtures/guides/{name}"))
        .display()
        .to_string()
}

/// Every file an import wrote, parsed, by kind.
#[derive(Default)]
struct Written {
    chapters: Vec<Chapter>,
    decks: Vec<Deck>,
    sets: Vec<InterviewSet>,
}

impl Written {
    fn read(dir: &Path) -> Written {
        let mut w = Written::default();
        let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        for path in names {
            let bytes = std::fs::read(&path).unwrap();
            let (parsed, problems) = content::parse_bytes(&path.display().to_string(), &bytes);
            assert_eq!(problems, vec![], "{}", path.display());
            match parsed.expect("parses") {
                Parsed::Chapter(c) => w.chapters.push(*c),
                Parsed::Deck(d) => w.decks.push(d),
                Parsed::Interview(s) => w.sets.push(*s),
            }
        }
        w
    }

    fn prompts(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .sets
            .iter()
            .flat_map(|s| s.questions.iter().filter(|q| !q.closing))
            .map(|q| q.prompt.clone())
            .collect();
        all.sort();
        all
    }

    fn fronts(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .chapters
            .iter()
            .flat_map(|c| &c.cards)
            .map(|c| c.front.clone())
            .collect();
        all.sort();
        all
    }

    /// Every id of every file; panics on one given twice.
    fn assert_ids_distinct(&self) {
        let mut seen = std::collections::BTreeSet::new();
        let mut add = |id: &str| assert!(seen.insert(id.to_string()), "id {id} twice");
        for c in &self.chapters {
            content::parse::chapter_ids(c)
                .into_iter()
                .for_each(&mut add);
        }
        for d in &self.decks {
            add(&d.id);
            d.cards.iter().for_each(|c| add(c.id.as_ref()));
        }
        for s in &self.sets {
            add(&s.id);
            s.questions.iter().for_each(|q| add(&q.id));
        }
    }
}

/// Imports one page into a fresh folder; returns the sandbox, the folder,
/// standard error, and what was written. `check` must find nothing.
fn import_one(name: &str) -> (Sandbox, PathBuf, String, Written) {
    let sb = Sandbox::new();
    let dir = sb.path("content");
    let out = sb.run(&[
        "import",
        "markdown",
        &fixture(name),
        "-o",
        &format!("{}/", dir.display()),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let check = sb.run(&["check", &dir.display().to_string()]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(
        check.stdout.contains("0 errors, 0 warnings"),
        "{}",
        check.stdout
    );
    let written = Written::read(&dir);
    written.assert_ids_distinct();
    (sb, dir, out.stderr, written)
}

#[test]
fn a_page_with_front_matter_and_mdx_keeps_its_text_and_questions() {
    let (_sb, _dir, stderr, w) = import_one("docusaurus/behavioral-interview.md");
    let ch = &w.chapters[0];
    assert_eq!(ch.title, "Behavioral interview questions");
    assert_eq!(ch.id, "behavioral-interview", "the front matter's id");
    let text: String = ch.sections.iter().map(|s| s.body.as_str()).collect();
    for gone in [
        "sidebar_position",
        "import Tabs",
        "<head>",
        "TODO",
        "TabItem",
        "export const",
    ] {
        assert!(!text.contains(gone), "{gone} shown: {text}");
    }
    // Each drop is named by its lines.
    for named in [
        "behavioral-interview.md:1:1: warning: lines 1-7: front matter",
        "behavioral-interview.md:9:1: warning: lines 9-10: an MDX `import` statement dropped",
        "behavioral-interview.md:12:1: warning: lines 12-15: a `<head>` block dropped",
        "behavioral-interview.md:17:1: warning: an HTML comment dropped",
        "behavioral-interview.md:76:1: warning: an MDX `export` statement dropped",
    ] {
        assert!(stderr.contains(named), "{named}\n{stderr}");
    }
    assert!(
        stderr.contains(
            "13 interview questions in 3 sets, 4 cards, 5 sections, 3 questions to ask; 10 left out (named above)"
        ),
        "{stderr}"
    );
    let titles: Vec<&str> = w.sets.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Behavioral interview questions: Airbnb",
            "Behavioral interview questions: Stripe",
            "Behavioral interview questions: The most common questions",
        ]
    );
    let common = &w.sets[2];
    assert_eq!(common.questions.len(), 9, "8 and the closing question");
    assert_eq!(common.questions[0].prompt, "Tell me about yourself.");
    assert!(common.questions[8].closing);
    // The page's own answer is the model advice; no chapter card is borrowed.
    let answer = common.questions[0].guide_answer.as_deref().unwrap_or("");
    assert!(
        answer.contains("your current role and one achievement")
            && answer.contains("why this job is the next step"),
        "{answer}"
    );
    assert_eq!(common.questions[1].guide_answer, None);
    assert!(common.rubric.iter().all(|r| r.card.is_none()));
    assert_eq!(
        w.fronts(),
        [
            "Result",
            "STAR",
            "Tell me about a time you disagreed with a teammate.",
            "Tell me about yourself.",
        ]
    );
    // The bold questions to ask the interviewer are a deck, not interview questions.
    assert_eq!(w.decks.len(), 1);
    let ask: Vec<&str> = w.decks[0].cards.iter().map(|c| c.front.as_str()).collect();
    assert_eq!(
        ask,
        [
            "What does a typical week look like for someone in this role?",
            "How will my success be measured in the first six months?",
            "What is the team's biggest challenge right now?",
        ]
    );
    assert!(!w.prompts().iter().any(|p| p.contains("typical week")));
}

#[test]
fn an_obsidian_note_gets_its_links_callouts_and_definitions_read() {
    let (_sb, _dir, _stderr, w) = import_one("obsidian/STAR stories.md");
    let ch = &w.chapters[0];
    assert_eq!(
        (ch.id.as_str(), ch.title.as_str()),
        ("star-stories", "STAR stories")
    );
    let intro = &ch.introduction.as_ref().unwrap().body;
    assert!(
        intro.contains("See the checklist\nand Company research › Stripe"),
        "{intro}"
    );
    assert!(
        intro.contains("> **Tip: Keep every story under two minutes**"),
        "{intro}"
    );
    assert!(!intro.contains("[["), "{intro}");
    assert_eq!(
        w.fronts(),
        [
            "Situation",
            "Task",
            "Tell me about a time you led without authority.",
            "Tell me about a time you missed a deadline.",
        ]
    );
    assert_eq!(
        w.prompts(),
        [
            "Salary expectations: what number will you give?",
            "Tell me about a time you led without authority.",
            "Tell me about a time you missed a deadline.",
            "Why are you leaving your current job?",
        ]
    );
    let led = ch.cards.iter().find(|c| c.front.contains("led")).unwrap();
    assert!(led.back.starts_with("At my last job"), "{}", led.back);
    assert_eq!(
        led.tags,
        ["interview", "stories"],
        "the front matter's tags"
    );
}

#[test]
fn a_notion_export_loses_its_id_suffixes_and_property_lines() {
    let sb = Sandbox::new();
    let dir = sb.path("content");
    let out = sb.run(&[
        "import",
        "markdown",
        &fixture("notion"),
        "-o",
        &dir.display().to_string(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "2 pages: 8 interview questions in 3 sets, 2 cards, 5 sections; 2 left out (named above); 5 files written to"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(
            "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d.md:3:1: warning: lines 3-4: Notion page properties"
        ),
        "{}",
        out.stderr
    );
    let w = Written::read(&dir);
    w.assert_ids_distinct();
    let pages: Vec<(&str, &str)> = w
        .chapters
        .iter()
        .map(|c| (c.id.as_str(), c.title.as_str()))
        .collect();
    assert_eq!(
        pages,
        [
            ("company-research", "Company Research"),
            ("interview-prep", "Interview Prep")
        ]
    );
    let prep = &w.chapters[1];
    let text = &prep.introduction.as_ref().unwrap().body;
    assert!(!text.contains("Status:"), "{text}");
    assert!(
        prep.cards
            .iter()
            .all(|c| c.tags == ["behavioral", "planning"])
    );
    let airbnb = prep_section(&w.chapters[0], "Airbnb");
    assert!(
        airbnb.contains("💡 Read the latest shareholder letter"),
        "{airbnb}"
    );
    assert!(!airbnb.contains("<aside>"), "{airbnb}");
}

fn prep_section<'a>(ch: &'a Chapter, title: &str) -> &'a str {
    &ch.sections.iter().find(|s| s.title == title).unwrap().body
}

#[test]
fn a_plain_question_bank_and_a_table_give_sets_cards_and_a_deck() {
    let (_sb, _dir, stderr, w) = import_one("plain/question-bank.md");
    assert_eq!(
        w.chapters[0].title,
        "Software engineer interview question bank"
    );
    assert!(
        stderr.contains(
            "8 interview questions in 2 sets, 0 cards, 4 sections, 2 questions to ask; 0 left out"
        ),
        "{stderr}"
    );
    let ask: Vec<&str> = w.decks[0].cards.iter().map(|c| c.front.as_str()).collect();
    assert_eq!(
        ask,
        [
            "What does onboarding look like?",
            "How do you review code here?"
        ]
    );

    let (_sb, _dir, stderr, w) = import_one("table/qa-table.md");
    assert_eq!(
        w.chapters[0].title, "Interview vocabulary",
        "the TOML front matter"
    );
    assert!(
        stderr.contains("0 interview questions in 0 sets, 5 cards, 3 sections; 0 left out"),
        "{stderr}"
    );
    let cards: Vec<(&str, &str)> = w.chapters[0]
        .cards
        .iter()
        .map(|c| (c.front.as_str(), c.back.as_str()))
        .collect();
    assert_eq!(
        cards[0],
        (
            "What does SLA stand for?",
            "Service level agreement: what a service promises its users."
        )
    );
    assert_eq!(
        cards[4],
        ("Runbook", "Written steps for handling a known problem.")
    );
    assert!(w.sets.is_empty() && w.decks.is_empty());
}

#[test]
fn a_folder_of_every_style_imports_with_one_summary_and_ids_that_never_meet() {
    let sb = Sandbox::new();
    let dir = sb.path("content");
    let guides = fixture("");
    let run = || {
        sb.run(&[
            "import",
            "markdown",
            &guides,
            "-o",
            &dir.display().to_string(),
        ])
    };
    let out = run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let summary: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains("pages:"))
        .collect();
    assert_eq!(
        summary,
        [format!(
            "6 pages: 33 interview questions in 10 sets, 15 cards, 21 sections, 5 questions to ask; 12 left out (named above); 18 files written to {}",
            dir.display()
        )]
    );
    let check = sb.run(&["check", &dir.display().to_string()]);
    // two pages both teach what STAR means: the card linter says so, and
    // nothing else
    assert!(
        check.stdout.contains("0 errors, 1 warning in 18 files")
            && check.stdout.contains(
                "[near-duplicate] card `interview-vocabulary-what-is-the-star-method`: \
                 its answer nearly repeats card `behavioral-interview-star`"
            ),
        "{}",
        check.stdout
    );
    let first = Written::read(&dir);
    first.assert_ids_distinct();
    // Again: the same files, the same ids (progress is kept by id).
    let before: Vec<(PathBuf, Vec<u8>)> = files(&dir);
    let out = run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(files(&dir), before);
    // The mock interview offers every set.
    let sets = studyguide::store::content_dir::load_dir(&dir).interviews;
    assert_eq!(sets.len(), 10);
}

fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut all: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    all.sort();
    all
}

#[test]
fn two_pages_without_a_title_never_share_an_id() {
    let sb = Sandbox::new();
    let dir = sb.path("content");
    std::fs::create_dir(&dir).unwrap();
    let a = sb.write("a/README.md", "- Why us?\n- Tell me about yourself.\n");
    let b = sb.write("b/README.md", "Some notes.\n\n- Why this team?\n");
    let empty = sb.write("c/README.md", "\n");
    for page in [&a, &b, &empty] {
        let out = sb.run(&[
            "import",
            "markdown",
            &page.display().to_string(),
            "-o",
            &dir.join("readme.toml").display().to_string(),
        ]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        // Each import to its own name, as a user moving files would.
        let n = std::fs::read_dir(&dir).unwrap().count();
        std::fs::rename(dir.join("readme.toml"), dir.join(format!("page{n}.toml"))).unwrap();
        for extra in ["readme-interview.toml"] {
            if dir.join(extra).exists() {
                std::fs::rename(dir.join(extra), dir.join(format!("page{n}-interview.toml")))
                    .unwrap();
            }
        }
    }
    let w = Written::read(&dir);
    w.assert_ids_distinct();
    let ids: Vec<&str> = w.chapters.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), 3);
    assert!(ids.iter().all(|id| id.starts_with("readme")), "{ids:?}");
    assert!(!ids.contains(&"untitled"));
    let check = sb.run(&["check", &dir.display().to_string()]);
    assert!(
        check.stdout.contains("0 errors, 0 warnings"),
        "{}",
        check.stdout
    );
}

#[test]
fn print_shows_no_front_matter_and_no_mdx() {
    let sb = Sandbox::new();
    for (page, shown) in [
        (
            "docusaurus/behavioral-interview.md",
            "Behavioral rounds test",
        ),
        ("table/qa-table.md", "Terms that come up"),
        ("obsidian/STAR stories.md", "My stories for behavioral"),
    ] {
        let out = sb.run(&["print", &fixture(page), "--color", "never"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains(shown), "{page}: {}", out.stdout);
        for gone in [
            "sidebar_position",
            "title = ",
            "title:",
            "aliases",
            "import Tabs",
            "<head>",
            "TODO",
            "export const",
            "+++",
            "tags:",
        ] {
            assert!(
                !out.stdout.contains(gone),
                "{page}: {gone} shown:\n{}",
                out.stdout
            );
        }
    }
}

#[test]
fn without_an_output_file_the_chapter_goes_to_standard_output_and_the_sets_are_named() {
    let sb = Sandbox::new();
    let out = sb.run(&["import", "markdown", &fixture("plain/question-bank.md")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("title = \"Software engineer interview question bank\"")
    );
    assert!(
        out.stderr
            .contains("2 interview sets and the deck of questions to ask are written only with -o"),
        "{}",
        out.stderr
    );
    // The book's shape is still read as the book (and can be asked for as a guide).
    let seed = repo("tests/fixtures/seed/chapter-17.md")
        .display()
        .to_string();
    let book = sb.run(&["import", "markdown", &seed]);
    assert!(book.stdout.contains("[[interviews]]"), "{}", book.stderr);
    let guide = sb.run(&["import", "markdown", &seed, "--shape", "guide"]);
    assert_eq!(guide.code, 0, "{}", guide.stderr);
    assert!(!guide.stdout.contains("[[interviews]]"));
    assert!(guide.stdout.contains("[[sections]]"));
}

/// The import with standard error closed (`2>&-`), a pipe whose reader is
/// gone, and a full device: the files are written all the same.
#[test]
fn a_closed_or_full_standard_error_stops_no_import() {
    let sb = Sandbox::new();
    let page = fixture("docusaurus/behavioral-interview.md");
    let bin = env!("CARGO_BIN_EXE_studyguide");
    let data = sb.path("data").display().to_string();
    type Setup = fn(&mut Command);
    let cases: [(&str, Setup); 3] = [
        ("closed", |_| {}),
        ("pipe", |c| {
            c.stderr(Stdio::piped());
        }),
        ("full", |c| {
            c.stderr(std::fs::File::create("/dev/full").unwrap());
        }),
    ];
    for (name, setup) in cases {
        let out_file = sb.path(&format!("{name}/guide.toml"));
        let out_arg = out_file.display().to_string();
        let mut cmd = if name == "closed" {
            let mut c = Command::new("sh");
            c.args(["-c", "exec \"$@\" 2>&-", "sh", bin, "--data-dir", &data]);
            c
        } else {
            let mut c = Command::new(bin);
            c.args(["--data-dir", &data]);
            c
        };
        cmd.args(["import", "markdown", &page, "-o", &out_arg]);
        cmd.stdout(Stdio::null());
        setup(&mut cmd);
        std::fs::create_dir_all(out_file.parent().unwrap()).unwrap();
        let status = if name == "pipe" {
            let mut child = cmd.spawn().unwrap();
            drop(child.stderr.take());
            child.wait().unwrap()
        } else {
            cmd.status().unwrap()
        };
        assert_eq!(status.code(), Some(0), "{name}");
        let written = std::fs::read_to_string(&out_file).unwrap();
        assert!(
            written.contains("title = \"Behavioral interview questions\""),
            "{name}"
        );
        assert!(
            sb.path(&format!("{name}/guide-interview-3.toml")).exists(),
            "{name}"
        );
    }
}
