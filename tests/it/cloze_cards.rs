//! Cloze cards (issue 27 items 8 and 20): `check` refuses the gaps the
//! renderer cannot show (empty, nested, unclosed) and a cloze text with too
//! many gaps (8,000 in 100 KB made 8,000 cards of 100 KB each: 17 s and
//! 935 MB), with a clear error; the cards of one within the limits are made
//! from its gaps found once, each card right.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use studyguide::domain::cards::all_cards;
use studyguide::domain::content::{self, Severity};

use crate::cli_common::Sandbox;

/// A deck file with one cloze card whose front is `front` (TOML-escaped).
fn deck(front: &str) -> String {
    let front = front.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "kind = \"deck\"\nid = \"d\"\ntitle = \"D\"\n\n[[cards]]\nid = \"z\"\nkind = \"cloze\"\nfront = \"{front}\"\n"
    )
}

fn errors(front: &str) -> Vec<String> {
    let (_, problems) = content::parse_bytes("d.toml", deck(front).as_bytes());
    problems
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn check_refuses_what_the_renderer_cannot_show() {
    let sb = Sandbox::new();
    for (name, front, says) in [
        ("empty", "Say {{c1::}} now", "an empty gap `{{c1::}}`"),
        (
            "nested",
            "{{c1::outer {{c2::inner}} rest}}",
            "a gap inside another gap",
        ),
        ("unclosed", "{{c1::a}} and {{c2::never", "is never closed"),
    ] {
        let path = sb.write(&format!("{name}/d.toml"), &deck(front));
        let out = sb.run(&["check", path.parent().unwrap().to_str().unwrap()]);
        assert_eq!(out.code, 1, "{name}: {}", out.stdout);
        assert!(
            out.stdout.contains("d.toml:8:9: error: cloze card `z`: ") && out.stdout.contains(says),
            "{name}: {}",
            out.stdout
        );
    }
}

#[test]
fn a_cloze_text_with_thousands_of_gaps_is_refused_with_a_clear_error() {
    // 8,000 gaps in about 100 KB
    let front: String = (1..=8_000).map(|n| format!("{{{{c{n}::w}}}} x")).collect();
    assert!(front.len() > 90_000);
    let found = errors(&front);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("8000 gaps in one cloze card; at most 100: split it"),
        "{found:?}"
    );
    // and `export` of such a file leaves it out instead of making 8,000 cards
    let sb = Sandbox::new();
    sb.write("content/d.toml", &deck(&front));
    let out = sb.run(&[
        "--content",
        sb.path("content").to_str().unwrap(),
        "export",
        "anki",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("8000 gaps"), "{}", out.stderr);
    assert!(out.stdout.len() < 10_000, "{} bytes", out.stdout.len());
}

#[test]
fn a_cloze_text_at_the_limit_makes_each_gaps_card_right() {
    let front: String = (1..=100)
        .map(|n| format!("w{n} {{{{c{n}::a{n}::h{n}}}}} "))
        .collect();
    assert_eq!(errors(&front), Vec::<String>::new());
    let library = content::load_files([("d.toml", deck(&front).as_bytes())]);
    let cards = all_cards(&library);
    assert_eq!(cards.len(), 100);
    for (i, card) in cards.iter().enumerate() {
        let n = i + 1;
        assert_eq!(card.id, format!("z::c{n}"));
        assert!(
            card.front.contains(&format!("w{n} [h{n}]")),
            "{}",
            card.front
        );
        assert!(
            card.back.contains(&format!("w{n} **a{n}**")),
            "{}",
            card.back
        );
        // the other gaps show their answers
        let other = if n == 1 { 2 } else { 1 };
        assert!(card.front.contains(&format!("w{other} a{other} ")));
    }
}
