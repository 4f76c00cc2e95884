//! Unit tests of content loading: the bundled chapter, and each kind of error
//! with its line and column.

use super::*;

fn problems(text: &str) -> Vec<Problem> {
    parse_bytes("t.toml", text.as_bytes()).1
}

fn one_error(text: &str) -> Problem {
    let (parsed, probs) = parse_bytes("t.toml", text.as_bytes());
    assert!(parsed.is_none(), "file with an error must be refused");
    let errors: Vec<_> = probs
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    assert!(!errors.is_empty(), "expected an error");
    errors[0].clone()
}

const HEAD: &str = "id = \"c\"\nnumber = 1\ntitle = \"T\"\n";

#[test]
fn bundled_chapter_has_two_interviews_six_questions_five_insights() {
    let lib = bundled::load();
    assert_eq!(lib.problems, vec![]);
    let ch = lib.chapter("ch17").expect("chapter 17");
    assert_eq!(ch.number, 17);
    assert_eq!(
        ch.title,
        "Interviews with Successful Job Seekers and Hiring Managers"
    );
    assert_eq!(ch.interviews.len(), 2);
    assert_eq!(
        ch.interviews
            .iter()
            .map(|i| i.questions.len())
            .sum::<usize>(),
        6
    );
    assert_eq!(ch.insights.as_ref().map(|i| i.items.len()), Some(5));
    assert_eq!(ch.interviews[0].interviewee, "Sarah Johnson");
    assert_eq!(
        ch.interviews[1].role.as_deref(),
        Some("HR Manager at a Fortune 500 Company")
    );
    assert!(
        ch.introduction
            .as_ref()
            .is_some_and(|s| s.body.starts_with("In this chapter"))
    );
    assert!(
        ch.conclusion
            .as_ref()
            .is_some_and(|s| s.body.ends_with("qualities employers seek."))
    );
}

#[test]
fn bundled_text_matches_the_seed_word_for_word() {
    let seed = include_str!("../../../tests/fixtures/seed/chapter-17.md");
    let lib = bundled::load();
    let ch = &lib.chapters[0];
    let mut texts: Vec<&str> = vec![&ch.title];
    texts.extend(ch.introduction.iter().map(|s| s.body.as_str()));
    for iv in &ch.interviews {
        texts.extend([iv.title.as_str(), iv.interviewee.as_str()]);
        texts.extend(
            iv.background
                .iter()
                .chain(iv.role.iter())
                .map(|s| s.as_str()),
        );
        for q in &iv.questions {
            texts.extend([q.question.as_str(), q.answer.as_str()]);
        }
    }
    for i in ch.insights.iter().flat_map(|i| i.items.iter()) {
        texts.extend([i.title.as_str(), i.body.as_str()]);
    }
    texts.extend(ch.conclusion.iter().map(|s| s.body.as_str()));
    for text in texts {
        assert!(seed.contains(text), "not in the seed: {text}");
    }
}

#[test]
fn unknown_key_is_located() {
    let p = one_error(&format!("{HEAD}colour = 3\n"));
    assert_eq!((p.line, p.col), (4, 1));
    assert!(
        p.message.contains("unknown field `colour`"),
        "{}",
        p.message
    );
}

#[test]
fn wrong_type_is_located() {
    let p = one_error("id = \"c\"\nnumber = \"seventeen\"\ntitle = \"T\"\n");
    assert_eq!((p.line, p.col), (2, 10));
    assert!(p.message.contains("invalid type"), "{}", p.message);
}

#[test]
fn missing_field_names_the_field() {
    let p = one_error(&format!(
        "{HEAD}[[interviews]]\nid = \"i\"\ntitle = \"I\"\n"
    ));
    assert!(
        p.message.contains("missing field `interviewee`"),
        "{}",
        p.message
    );
    assert_eq!(p.line, 4);
}

#[test]
fn duplicate_id_points_at_the_second_use() {
    let p = one_error(&format!(
        "{HEAD}[introduction]\nid = \"x\"\ntitle = \"A\"\nbody = \"b\"\n[conclusion]\nid = \"x\"\ntitle = \"B\"\nbody = \"b\"\n"
    ));
    assert_eq!((p.line, p.col), (9, 6));
    assert!(
        p.message
            .contains("duplicate id `x` (first used at line 5, column 6)"),
        "{}",
        p.message
    );
}

#[test]
fn empty_text_is_an_error() {
    let p = one_error(&format!(
        "{HEAD}[introduction]\nid = \"x\"\ntitle = \"A\"\nbody = \"  \\n \"\n"
    ));
    assert_eq!((p.line, p.col), (7, 8));
    assert!(p.message.contains("empty text: `body`"), "{}", p.message);
}

#[test]
fn toml_syntax_error_is_located() {
    let p = one_error("id = \"c\"\nnumber = 1\ntitle = \"T\n");
    assert_eq!(p.line, 3);
}

#[test]
fn invalid_utf8_is_located() {
    let (parsed, probs) = parse_bytes("t.toml", b"id = \"c\"\ntitle = \"\xff\"\n");
    assert!(parsed.is_none());
    assert_eq!((probs[0].line, probs[0].col), (2, 10));
    assert!(probs[0].message.contains("UTF-8"));
}

#[test]
fn oversized_file_is_refused_unparsed() {
    let big = vec![b'#'; MAX_FILE_BYTES as usize + 1];
    let (parsed, probs) = parse_bytes("big.toml", &big);
    assert!(parsed.is_none());
    assert!(probs[0].message.contains("over the limit"));
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let text = format!(
        "id = \"c\"\nx = {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let p = one_error(&text);
    assert!(p.message.contains("nested more than"), "{}", p.message);
}

#[test]
fn control_characters_are_removed_at_load() {
    let (parsed, _) = parse_bytes(
        "t.toml",
        format!("{HEAD}[introduction]\nid = \"x\"\ntitle = \"A\\u001b[2J\"\nbody = \"b\\u001b]0;pwned\\u0007c\"\n").as_bytes(),
    );
    let Some(parse::Parsed::Chapter(ch)) = parsed else {
        panic!("should load")
    };
    let intro = ch.introduction.expect("intro");
    assert_eq!(intro.title, "A");
    assert_eq!(intro.body, "bc");
}

#[test]
fn bom_and_crlf_are_accepted() {
    let text = format!("\u{feff}{}", HEAD.replace('\n', "\r\n"));
    assert_eq!(problems(&text), vec![]);
}

#[test]
fn a_bad_file_does_not_stop_good_ones() {
    let good = bundled::FILES[0].1.as_bytes();
    let lib = load_files([("good.toml", good), ("bad.toml", b"id = 3".as_slice())]);
    assert_eq!(lib.chapters.len(), 1);
    assert_eq!(lib.errors().count(), 1);
    assert_eq!(lib.problems[0].path, "bad.toml");
}

#[test]
fn chapters_are_ordered_by_number() {
    let a = "id = \"a\"\nnumber = 9\ntitle = \"Nine\"\n";
    let b = "id = \"b\"\nnumber = 2\ntitle = \"Two\"\n";
    let lib = load_files([("a.toml", a.as_bytes()), ("b.toml", b.as_bytes())]);
    let numbers: Vec<_> = lib.chapters.iter().map(|c| c.number).collect();
    assert_eq!(numbers, vec![2, 9]);
}

#[test]
fn deck_files_hold_cards() {
    let text = "kind = \"deck\"\nid = \"d\"\ntitle = \"D\"\nchapter = 17\n[[cards]]\nid = \"k1\"\nfront = \"F\"\nback = \"B\"\ntags = [\"star\"]\nkind = \"typed\"\n";
    let lib = load_files([("d.toml", text.as_bytes())]);
    assert_eq!(lib.problems, vec![]);
    assert_eq!(lib.decks[0].cards[0].kind, CardKind::Typed);
    assert_eq!(lib.decks[0].chapter, Some(17));
}

#[test]
fn id_reused_across_files_is_an_error_naming_both_and_the_rest_loads() {
    let a = "id = \"a\"\nnumber = 1\ntitle = \"One\"\n";
    let lib = load_files([
        ("a.toml", a.as_bytes()),
        ("b.toml", a.replace("number = 1", "number = 2").as_bytes()),
    ]);
    assert_eq!(lib.chapters.len(), 2);
    assert_eq!(lib.problems.len(), 1);
    let p = &lib.problems[0];
    assert_eq!(p.severity, Severity::Error);
    assert_eq!(p.path, "b.toml");
    assert!(p.message.contains("a.toml"), "{}", p.message);
    assert!(p.message.contains("leave this one out"), "{}", p.message);
}

#[test]
fn ids_hold_only_letters_digits_dash_and_underscore() {
    for bad in ["a/b", "../x", "a\\\"b", "deck::c1", "a.b"] {
        let text = format!(
            "kind = \"deck\"\nid = \"d\"\ntitle = \"D\"\n[[cards]]\nid = \"{bad}\"\nfront = \"F\"\nback = \"B\"\n"
        );
        let lib = load_files([("d.toml", text.as_bytes())]);
        assert!(
            lib.problems
                .iter()
                .any(|p| p.severity == Severity::Error && p.message.contains("expected letters")),
            "{bad}: {:?}",
            lib.problems
        );
    }
    let ok = "kind = \"deck\"\nid = \"d\"\ntitle = \"D\"\n[[cards]]\nid = \"é-1_x\"\nfront = \"F\"\nback = \"B\"\n";
    assert_eq!(load_files([("d.toml", ok.as_bytes())]).problems, vec![]);
}

#[test]
fn cloze_gaps_numbered_zero_or_with_a_capital_c_are_warned() {
    let text = "kind = \"deck\"\nid = \"d\"\ntitle = \"D\"\n[[cards]]\nid = \"k\"\nkind = \"cloze\"\nfront = \"{{c0::a}} {{C1::b}} {{c2::ok}}\"\n";
    let lib = load_files([("d.toml", text.as_bytes())]);
    let warned: Vec<&str> = lib
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .map(|p| p.message.as_str())
        .collect();
    assert_eq!(warned.len(), 2, "{warned:?}");
    assert!(warned[0].contains("{{c0::"), "{warned:?}");
    assert!(warned[1].contains("{{C1::"), "{warned:?}");
}

#[test]
fn interviews_are_named_by_person_and_role() {
    let library = bundled::load();
    let names: Vec<String> = library.chapters[0]
        .interviews
        .iter()
        .map(Interview::outline_title)
        .collect();
    assert_eq!(
        names,
        [
            "Sarah Johnson — successful job seeker",
            "John Mitchell — HR manager"
        ]
    );
    let plain = Interview {
        id: "x".into(),
        title: "A chat".into(),
        interviewee: "Ana".into(),
        answerer: "Ana".into(),
        background: None,
        role: None,
        questions: Vec::new(),
    };
    assert_eq!(plain.outline_title(), "Ana");
}

const WITH_CARDS: &str = "id = \"c\"\nnumber = 1\ntitle = \"T\"\n\
[[interviews]]\nid = \"iv\"\ntitle = \"I\"\ninterviewee = \"Sarah Johnson\"\n\
[[interviews.questions]]\nid = \"q1\"\nquestion = \"Any tips?\"\nanswer = \"Smile.\"\n\
card.front = \"What did Sarah say not to underestimate?\"\ncard.back = \"A friendly smile.\"\n\
card.tags = [\"rapport\"]\ncard.from = \"q2\"\n\
[[interviews.questions]]\nid = \"q2\"\nquestion = \"Left out?\"\nanswer = \"Yes.\"\ncard = false\n\
[[interviews.questions]]\nid = \"q3\"\nquestion = \"As it is?\"\nanswer = \"Yes.\"\ncard = true\n";

#[test]
fn a_question_sets_its_own_card_and_the_reader_keeps_its_text() {
    let (parsed, problems) = parse_bytes("t.toml", WITH_CARDS.as_bytes());
    assert_eq!(problems, vec![]);
    let Some(parse::Parsed::Chapter(ch)) = parsed else {
        panic!("a chapter");
    };
    let q = &ch.interviews[0].questions;
    assert_eq!(
        (q[0].question.as_str(), q[0].answer.as_str()),
        ("Any tips?", "Smile.")
    );
    assert_eq!(
        q[0].card,
        CardSetting::Own(OwnCard {
            front: Some("What did Sarah say not to underestimate?".into()),
            back: Some("A friendly smile.".into()),
            tags: vec!["rapport".into()],
            from: Some("q2".into()),
        })
    );
    assert_eq!(
        (&q[1].card, &q[2].card),
        (&CardSetting::Off, &CardSetting::Derived)
    );

    let lib = parse::assemble(vec![parse::Parsed::Chapter(ch)], Vec::new());
    let cards = crate::domain::cards::all_cards(&lib);
    let ids: Vec<&str> = cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["q1", "q3"], "`card = false` makes no card");
    assert_eq!(&*cards[0].front, "What did Sarah say not to underestimate?");
    assert_eq!(&*cards[0].back, "A friendly smile.");
    assert_eq!(&*cards[0].tags, ["interview", "rapport"]);
    assert_eq!(cards[0].note(), "q2");
    assert!(cards[1].front.contains("As it is?"));
}

#[test]
fn a_card_setting_of_the_wrong_shape_is_located() {
    let text = WITH_CARDS.replace("card = false", "card = \"no\"");
    let p = one_error(&text);
    assert_eq!(p.line, 20, "{p:?}");
    assert!(
        p.message.contains("`false` (no card) or a table"),
        "{}",
        p.message
    );
    let text = WITH_CARDS.replace("card.tags", "card.colour");
    let p = one_error(&text);
    assert!(
        p.message.contains("unknown field `colour`"),
        "{}",
        p.message
    );
}

#[test]
fn sources_place_each_card_and_keep_what_it_allows() {
    let text = format!(
        "{WITH_CARDS}[[cards]]\nid = \"k\"\nfront = \"F?\"\nback = \"B\"\n\
         lint.allow = [\"long-back\"]\nlint.reason = \"why\"\n"
    );
    let (_, problems, sources) = parse::parse_bytes_with_sources("t.toml", text.as_bytes());
    assert_eq!(problems, vec![]);
    let ids: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        ["k", "q1", "q3"],
        "cards first, then questions; none for `card = false`"
    );
    let q1 = &sources[1];
    assert_eq!((q1.at.line, q1.front_at.map(|p| p.line)), (12, Some(12)));
    assert_eq!(q1.back_at.map(|p| p.line), Some(13));
    let k = &sources[0];
    assert_eq!(
        k.allow.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>(),
        ["long-back"]
    );
    assert_eq!(k.reason.as_deref(), Some("why"));
    assert_eq!(
        parse_bytes("t.toml", text.as_bytes()).1,
        problems,
        "the same problems"
    );
}
