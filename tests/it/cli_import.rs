//! Import and export end to end: the seed Markdown chapter imports to the
//! bundled chapter's texts; Anki export then import gives the same cards.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::cli_common::{Sandbox, repo, squash};
use studyguide::domain::content::parse::Parsed;
use studyguide::domain::content::{self, CardKind, Chapter, Deck};

fn load_chapter(path: &std::path::Path) -> Chapter {
    let bytes = std::fs::read(path).expect("read output");
    let (parsed, problems) = content::parse_bytes("out.toml", &bytes);
    assert_eq!(problems, vec![], "the output loads cleanly");
    match parsed {
        Some(Parsed::Chapter(c)) => *c,
        other => panic!("expected a chapter, got {other:?}"),
    }
}

#[test]
fn seed_markdown_imports_to_the_bundled_chapter() {
    let sb = Sandbox::new();
    let out_path = sb.path("ch17.toml");
    let seed = repo("tests/fixtures/seed/chapter-17.md")
        .display()
        .to_string();
    let out = sb.run(&[
        "import",
        "markdown",
        &seed,
        "-o",
        &out_path.display().to_string(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The seed follows the shape: no warnings, only the summary.
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", out.stderr);
    assert!(
        lines[0].contains("chapter-17.md: the book's chapter shape: 2 interviews, 6 questions, 5 insights, 5 sections; 0 left out; written to"),
        "{}",
        out.stderr
    );
    let got = load_chapter(&out_path);
    let lib = content::bundled::load();
    let want = lib.chapter("ch17").expect("bundled");

    assert_eq!((got.number, &got.title), (want.number, &want.title));
    let section =
        |s: &Option<content::Section>| s.as_ref().map(|s| (s.title.clone(), s.body.clone()));
    assert_eq!(section(&got.introduction), section(&want.introduction));
    assert_eq!(section(&got.conclusion), section(&want.conclusion));
    assert_eq!(got.interviews.len(), want.interviews.len());
    for (g, w) in got.interviews.iter().zip(&want.interviews) {
        assert_eq!(
            (
                &g.title,
                &g.interviewee,
                &g.answerer,
                &g.background,
                &g.role
            ),
            (
                &w.title,
                &w.interviewee,
                &w.answerer,
                &w.background,
                &w.role
            )
        );
        let qa = |i: &content::Interview| -> Vec<(String, String)> {
            i.questions
                .iter()
                .map(|q| (q.question.clone(), q.answer.clone()))
                .collect()
        };
        assert_eq!(qa(g), qa(w));
    }
    let (gi, wi) = (
        got.insights.as_ref().expect("insights"),
        want.insights.as_ref().expect("insights"),
    );
    assert_eq!((&gi.title, &gi.intro), (&wi.title, &wi.intro));
    let items = |i: &content::Insights| -> Vec<(String, String)> {
        i.items
            .iter()
            .map(|x| (x.title.clone(), x.body.clone()))
            .collect()
    };
    assert_eq!(items(gi), items(wi));
    assert!(got.sections.is_empty());
}

#[test]
fn markdown_import_to_stdout_warns_where_the_shape_is_left() {
    let sb = Sandbox::new();
    let md = "# Chapter 3: Odd\n\nIntro text.\n\n## Interview with Ann\n\n**Interviewee**: Ann Lee **Role**: CTO\n\n\
              **Q1. Why \"quotes\" and \\backslashes\\?**\n\nShe answered without a label.\n\n\
              ## Extra Notes\n\nKeep me \"\"\" please.\n\n## Conclusion\n\nDone.\n";
    let file = sb.write("odd.md", md);
    let out = sb.run(&["import", "markdown", &file.display().to_string()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "odd.md:11:1: warning: expected the answer to start with the answerer's name"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("odd.md:13:1: warning: section `Extra Notes` is not an interview"),
        "{}",
        out.stderr
    );
    let written = sb.write("odd.toml", &out.stdout);
    let ch = load_chapter(&written);
    assert_eq!(ch.number, 3);
    let iv = &ch.interviews[0];
    assert_eq!(
        (iv.interviewee.as_str(), iv.role.as_deref()),
        ("Ann Lee", Some("CTO"))
    );
    assert_eq!(
        iv.questions[0].question,
        "Why \"quotes\" and \\backslashes\\?"
    );
    assert_eq!(iv.questions[0].answer, "She answered without a label.");
    assert_eq!(ch.sections[0].body, "Keep me \"\"\" please.");
    assert_eq!(
        ch.conclusion.as_ref().map(|c| c.body.as_str()),
        Some("Done.")
    );
}

fn load_deck(path: &std::path::Path) -> Deck {
    let bytes = std::fs::read(path).expect("read output");
    let (parsed, problems) = content::parse_bytes("deck.toml", &bytes);
    assert!(
        problems
            .iter()
            .all(|p| p.severity != content::Severity::Error),
        "{problems:?}"
    );
    match parsed {
        Some(Parsed::Deck(d)) => d,
        other => panic!("expected a deck, got {other:?}"),
    }
}

#[test]
fn anki_export_then_import_gives_the_same_cards() {
    let sb = Sandbox::new();
    let dir = sb.path("content");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::copy(repo("content/chapter-17.toml"), dir.join("chapter-17.toml")).expect("copy");
    std::fs::copy(
        repo("tests/fixtures/decks/tricky.toml"),
        dir.join("tricky.toml"),
    )
    .expect("copy");
    let content_dir = dir.display().to_string();
    let notes = sb.path("notes.txt").display().to_string();
    let out = sb.run(&["--content", &content_dir, "export", "anki", "-o", &notes]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(&notes).expect("notes");
    assert!(text.starts_with("#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n"));
    for row in text.lines().filter(|l| !l.starts_with('#')) {
        assert_eq!(row.split('\t').count(), 6, "{row}");
    }
    assert!(text.contains("\ttricky-cloze\t") || text.contains("\ntricky-cloze\tCloze\t"));
    assert_eq!(
        text.matches("{{c1::STAR}}").count(),
        1,
        "one note per cloze spec"
    );

    let deck_path = sb.path("deck.toml");
    let out = sb.run(&[
        "import",
        "anki",
        &notes,
        "-o",
        &deck_path.display().to_string(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let deck = load_deck(&deck_path);

    let lib = studyguide::store::content_dir::load_dir(&dir);
    let mut originals: Vec<(String, String, String, Vec<String>, CardKind)> = Vec::new();
    for card in studyguide::domain::cards::all_cards(&lib) {
        if card.kind != CardKind::Cloze {
            originals.push((
                card.id.to_string(),
                card.front.into(),
                card.back.into(),
                card.tags.into(),
                card.kind,
            ));
        }
    }
    for spec in lib
        .chapters
        .iter()
        .flat_map(|c| &c.cards)
        .chain(lib.decks.iter().flat_map(|d| &d.cards))
        .filter(|c| c.kind == CardKind::Cloze)
    {
        originals.push((
            spec.id.to_string(),
            spec.front.clone(),
            spec.back.clone(),
            spec.tags.clone(),
            spec.kind,
        ));
    }
    assert_eq!(deck.cards.len(), originals.len());
    for (id, front, back, tags, kind) in originals {
        let got = deck
            .cards
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("card {id} came back"));
        assert_eq!(squash(&got.front), squash(&front), "{id}");
        assert_eq!(squash(&got.back), squash(&back), "{id}");
        assert_eq!(got.tags, tags, "{id}");
        assert_eq!(got.kind, kind, "{id}");
    }
}

#[test]
fn anki_import_reads_a_file_exported_by_anki() {
    let sb = Sandbox::new();
    // As Anki writes "Notes in Plain Text" with HTML, tags and a quoted field.
    let file = sb.write(
        "Anki.txt",
        "#separator:tab\n#html:true\n#tags column:3\n\
         What is <b>FSRS</b>?\t\"A <i>scheduler</i>;<br>\"\"free\"\"\"\tsrs memory\n\
         {{c1::Paris}} is the capital of France\t\tgeo\n",
    );
    let out = sb.run(&["import", "anki", &file.display().to_string()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let deck_path = sb.write("anki.toml", &out.stdout);
    let deck = load_deck(&deck_path);
    assert_eq!(deck.title, "Anki");
    assert_eq!(deck.cards.len(), 2);
    assert_eq!(deck.cards[0].front, "What is **FSRS**?");
    assert_eq!(deck.cards[0].back, "A *scheduler*;\n\"free\"");
    assert_eq!(deck.cards[0].tags, vec!["srs", "memory"]);
    assert_eq!(deck.cards[1].kind, CardKind::Cloze);
    assert_eq!(deck.cards[0].id, "anki-1");
}

#[test]
fn an_anki_export_too_big_for_one_file_is_written_in_parts_that_all_load() {
    use studyguide::generate::imports::anki_notes;
    let sb = Sandbox::new();
    // 18,000 notes come to about 4.6 MB of TOML, over the 4 MiB limit.
    let notes = sb.path("notes.txt");
    std::fs::write(&notes, anki_notes(3, 18_000)).unwrap();
    let notes = notes.display().to_string();
    let dir = sb.path("content");
    std::fs::create_dir(&dir).unwrap();
    let first = dir.join("deck.toml").display().to_string();
    // A part would land on the input itself: refused, the input kept.
    let input_as_part = dir.join("deck-part2.toml");
    std::fs::copy(&notes, &input_as_part).unwrap();
    let out = sb.run(&[
        "import",
        "anki",
        &input_as_part.display().to_string(),
        "-o",
        &first,
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        squash(&out.stderr).contains("is the input file"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read(&input_as_part).unwrap(),
        std::fs::read(&notes).unwrap()
    );
    assert!(!dir.join("deck.toml").exists(), "nothing is written");
    std::fs::remove_file(&input_as_part).unwrap();
    // A part left by an earlier, bigger import is pointed out.
    std::fs::write(dir.join("deck-part3.toml"), "# old\n").unwrap();

    let out = sb.run(&["import", "anki", &notes, "-o", &first]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let stderr = squash(&out.stderr);
    assert!(stderr.contains("written in 2 parts"), "{stderr}");
    assert!(
        stderr.contains("deck-part3.toml: warning: left from an earlier import"),
        "{stderr}"
    );
    std::fs::remove_file(dir.join("deck-part3.toml")).unwrap();
    let parts = [
        load_deck(&dir.join("deck.toml")),
        load_deck(&dir.join("deck-part2.toml")),
    ];
    let cards: usize = parts.iter().map(|d| d.cards.len()).sum();
    assert_eq!(cards, 18_000);
    assert!(
        parts[0].title.ends_with("(part 1 of 2)"),
        "{}",
        parts[0].title
    );
    assert_eq!(parts[1].id, format!("{}-part2", parts[0].id));
    for name in ["deck.toml", "deck-part2.toml"] {
        let len = std::fs::metadata(dir.join(name)).unwrap().len();
        assert!(len <= content::MAX_FILE_BYTES, "{name}: {len}");
    }
    let check = sb.run(&["check", &dir.display().to_string()]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    // every part loads without a problem; the generated cards' texts may
    // get the card linter's warnings
    assert!(check.stdout.contains("0 errors, "), "{}", check.stdout);
    assert!(
        check
            .stdout
            .lines()
            .filter(|l| l.contains(": warning: "))
            .all(|l| l.contains(": warning: [")),
        "{}",
        check.stdout
    );

    // Standard output cannot be split: the message says to give -o.
    let out = sb.run(&["import", "anki", &notes]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert!(
        squash(&out.stderr).contains("give an output file with -o"),
        "{}",
        out.stderr
    );
}
