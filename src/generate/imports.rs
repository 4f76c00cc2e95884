//! Deterministic inputs for `studyguide import`: notes as Anki exports them
//! ("Notes in Plain Text": headers, GUID, note type, deck and tags columns,
//! HTML fields, quoted fields spanning lines) and a chapter written in the
//! book's Markdown shape (title, introduction, interviews, insights,
//! conclusion). Same seed, same bytes.

use std::fmt::Write as _;

use super::{Rng, WORDS, markdown_body, paragraph, sentence, title};

/// Characters of the generated GUIDs: Anki's base-91 alphabet, `#` first.
const GUID_CHARS: &[u8] =
    b"#abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!$%&()*+,-./:;<=>?@[]^_`{|}~";

/// A sentence as Anki stores it: Markdown emphasis turned into HTML tags, and
/// `&`, `<`, `>` as entities.
fn html_sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(if rng.range(0, 30) == 0 { '\u{a0}' } else { ' ' });
        }
        let w = rng.pick(WORDS);
        match rng.range(0, 30) {
            0 => write!(s, "<b>{w}</b>"),
            1 => write!(s, "<i>{w}</i>"),
            2 => write!(s, "<code>{w}</code>"),
            3 => write!(s, "{w} &amp; {w}"),
            4 => write!(s, "&lt;{w}&gt;"),
            _ => write!(s, "{w}"),
        }
        .unwrap_or(());
    }
    s
}

/// `count` notes in Anki's "Notes in Plain Text" export with HTML: one in
/// ten a cloze note, one in twenty with a field quoted over several lines,
/// three decks, tags on most notes.
pub fn anki_notes(seed: u64, count: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(count * 160);
    out.push_str(
        "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n",
    );
    for n in 0..count {
        // Not `#` first: `#letters:` at the start of a row right after the
        // headers would read as one more header.
        let guid: String = (0..10)
            .map(|i| char::from(GUID_CHARS[rng.range(usize::from(i == 0), GUID_CHARS.len())]))
            .collect();
        let deck = [
            "Interviews",
            "Interviews::Behavioural",
            "Interviews::Systems",
        ][rng.range(0, 3)];
        let words = rng.range(4, 12);
        let (notetype, front, back) = if n % 10 == 0 {
            let front = html_sentence(&mut rng, words);
            let gap = rng.pick(WORDS);
            (
                "Cloze",
                format!("{front} {{{{c1::{gap}}}}}."),
                String::new(),
            )
        } else {
            let back_words = rng.range(6, 24);
            let mut back = html_sentence(&mut rng, back_words);
            if rng.range(0, 3) == 0 {
                back.push_str("<br>");
                let more = rng.range(4, 12);
                back.push_str(&html_sentence(&mut rng, more));
            }
            if n % 20 == 1 {
                // Anki quotes a field holding a newline, tab or quote.
                back = format!("\"{back}\n\"\"{}\"\"\tend\"", rng.pick(WORDS));
            }
            (
                "Basic",
                format!("{}?", html_sentence(&mut rng, words)),
                back,
            )
        };
        let tags = match rng.range(0, 4) {
            0 => String::new(),
            1 => rng.pick(&WORDS[..20]).to_string(),
            _ => format!("{} {}", rng.pick(&WORDS[..20]), rng.pick(&WORDS[20..40])),
        };
        writeln!(out, "{guid}\t{notetype}\t{deck}\t{front}\t{back}\t{tags}").unwrap_or(());
    }
    out
}

/// A chapter in the book's Markdown shape of at least `target_bytes` bytes:
/// `# Chapter N: Title`, an introduction, interviews (`**Interviewee**:`
/// line, `**Q1. ...?**` questions, answers starting `**Name**:`), one plain
/// section (with a subheading) in five, `## Key insights` as a list, and a conclusion.
pub fn markdown_chapter(seed: u64, number: u32, target_bytes: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(target_bytes + 4096);
    writeln!(out, "# Chapter {number}: {}\n", title(&mut rng)).unwrap_or(());
    out.push_str(&markdown_body(&mut rng, 600));
    out.push_str("\n\n");
    let insights_bytes = target_bytes / 10;
    let mut n = 0;
    while out.len() < target_bytes - insights_bytes {
        n += 1;
        if n % 5 == 0 {
            // A subheading keeps a plain section from reading as insights.
            let (section, sub) = (title(&mut rng), title(&mut rng));
            writeln!(out, "## {section}\n\n#### {sub}\n").unwrap_or(());
            let size = rng.range(1_000, 3_000);
            out.push_str(&markdown_body(&mut rng, size));
            out.push_str("\n\n");
            continue;
        }
        let first = rng.pick(&WORDS[..40]);
        let name = format!(
            "{}{} {}",
            first.get(..1).unwrap_or("A").to_uppercase(),
            first.get(1..).unwrap_or_default(),
            rng.pick(&WORDS[..40])
        );
        writeln!(out, "## Interview {n}: {}\n", title(&mut rng)).unwrap_or(());
        writeln!(
            out,
            "**Interviewee**: {name} **Role**: {}\n",
            title(&mut rng)
        )
        .unwrap_or(());
        let short = name.split(' ').next().unwrap_or("A").to_string();
        for q in 1..=rng.range(3, 9) {
            writeln!(out, "**Q{q}. {}?**\n", title(&mut rng)).unwrap_or(());
            writeln!(out, "**{short}**: {}\n", paragraph(&mut rng)).unwrap_or(());
            if rng.range(0, 2) == 0 {
                let size = rng.range(300, 1_500);
                out.push_str(&markdown_body(&mut rng, size));
                out.push_str("\n\n");
            }
        }
    }
    out.push_str("## Key insights\n\n");
    let mut items = 0;
    while out.len() < target_bytes || items < 3 {
        items += 1;
        let words = rng.range(8, 30);
        writeln!(
            out,
            "* **{}**: {}",
            title(&mut rng),
            sentence(&mut rng, words)
        )
        .unwrap_or(());
    }
    writeln!(out, "\n## Conclusion\n\n{}", paragraph(&mut rng)).unwrap_or(());
    out
}
