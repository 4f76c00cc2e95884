//! The small text rules of the guide importer: what reads as an interview
//! question, a question to ask the interviewer, a behavioural question or a
//! `**Term**: text` line; Obsidian's `[[links]]` and `> [!tip]` callouts
//! turned into plain Markdown, Docusaurus's `:::tip` admonitions and
//! `<summary>` lines likewise; Notion's id suffixes taken off file names;
//! and indentation taken off a nested answer.

use html5gum::{Token, Tokenizer};

/// How a prompt that is not phrased as a question may start.
const PROMPTS: [&str; 22] = [
    "tell me about",
    "tell me a time",
    "tell us about",
    "tell me how",
    "tell me why",
    "describe a",
    "describe an",
    "describe the",
    "describe your",
    "describe how",
    "describe what",
    "give me an example",
    "give an example",
    "give us an example",
    "walk me through",
    "walk us through",
    "talk me through",
    "talk about a time",
    "share an example",
    "share a time",
    "explain how",
    "explain why",
];

/// Prompts that ask for a story (answered with STAR).
const STORY: [&str; 9] = [
    "tell me about a time",
    "tell us about a time",
    "describe a time",
    "describe a situation",
    "give me an example",
    "give an example",
    "give us an example",
    "share an example",
    "talk about a time",
];

/// Labels of a bold lead-in that are not terms to learn.
const NOT_TERMS: [&str; 20] = [
    "tip",
    "tips",
    "note",
    "notes",
    "warning",
    "important",
    "example",
    "examples",
    "answer",
    "a",
    "q",
    "question",
    "pro tip",
    "bonus",
    "caution",
    "info",
    "summary",
    "tl;dr",
    "why",
    "how",
];

/// The longest text taken for a question, in characters.
const MAX_QUESTION_CHARS: usize = 300;

/// A question's text without list numbering (`1.`, `Q1.`, `Q:`,
/// `Question 3:`), surrounding emphasis and extra white space.
pub fn question_text(text: &str) -> String {
    let squashed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut t = squashed.trim().trim_matches(['*', '_']).trim();
    for prefix in ["Question", "Q"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            let digits = rest
                .trim_start()
                .trim_start_matches(|c: char| c.is_ascii_digit());
            if let Some(after) = digits.strip_prefix(['.', ':', ')']) {
                t = after.trim();
                break;
            }
        }
    }
    let digits = t.trim_start_matches(|c: char| c.is_ascii_digit());
    if digits.len() < t.len()
        && let Some(after) = digits.strip_prefix(['.', ')'])
        && after.starts_with(' ')
    {
        t = after.trim();
    }
    t.trim_matches(['*', '_']).trim().to_string()
}

/// Whether a text (already through [`question_text`]) is an interview
/// question: it ends with `?`, or starts as a prompt does ("Tell me about",
/// "Describe a", "Walk me through"...).
pub fn is_question(text: &str) -> bool {
    let chars = text.chars().count();
    if !(3..=MAX_QUESTION_CHARS).contains(&chars) || text.contains('\n') {
        return false;
    }
    // Ends with `?`, perhaps followed by a note in brackets ("(Amazon)").
    if let Some(at) = text.rfind(['?', '？']) {
        let tail = text
            .get(at..)
            .unwrap_or_default()
            .trim_start_matches(['?', '？'])
            .trim();
        let tail = tail.trim_matches(['*', '_', '"', '\'', '”', '’', ' ']);
        let bracketed = tail.starts_with('(') && tail.ends_with(')') && !tail.contains('?');
        if tail.is_empty() || bracketed || tail.chars().all(|c| !c.is_alphanumeric()) {
            return true;
        }
    }
    let lower = text.to_lowercase();
    PROMPTS.iter().any(|p| lower.starts_with(p))
}

/// Whether a question asks for a story (STAR).
pub fn is_story(text: &str) -> bool {
    let lower = text.to_lowercase();
    STORY.iter().any(|p| lower.starts_with(p)) || lower.contains("a time when")
}

/// Whether a heading (or lead-in) announces questions to ask the interviewer.
pub fn is_ask_heading(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "to ask the interviewer",
        "to ask your interviewer",
        "to ask the hiring manager",
        "to ask your hiring manager",
        "questions to ask",
        "questions for the interviewer",
        "questions for your interviewer",
        "questions for them",
        "ask the interviewer",
        "ask your interviewer",
        "reverse interview",
        "questions you should ask",
        "questions you can ask",
        "questions to pose",
    ]
    .iter()
    .any(|p| lower.contains(p))
}

/// A `**Term**: text` or `**Term:** text` line: the term and the text.
pub fn term_line(line: &str) -> Option<(String, String)> {
    let t = line.trim();
    let t = ["- ", "* ", "+ "]
        .iter()
        .find_map(|m| t.strip_prefix(m))
        .map_or(t, str::trim_start);
    let (open, rest) = if let Some(rest) = t.strip_prefix("**") {
        ("**", rest)
    } else {
        ("__", t.strip_prefix("__")?)
    };
    let close = rest.find(open)?;
    let inner = rest.get(..close)?;
    let after = rest.get(close + open.len()..)?;
    let (term, text) = match inner.trim_end().strip_suffix(':') {
        Some(term) => (term, after),
        None => (inner, after.trim_start().strip_prefix(':')?),
    };
    let term = term.trim();
    let text = text.trim();
    let plain: String = term.chars().filter(|c| c.is_alphanumeric()).collect();
    let ok = !plain.is_empty()
        && !text.is_empty()
        && term.chars().count() <= 80
        && !NOT_TERMS.contains(&term.to_lowercase().as_str());
    ok.then(|| (term.to_string(), text.to_string()))
}

/// Obsidian's syntax as plain Markdown: `[[Page|alias]]` shows `alias`,
/// `[[Page#Part]]` shows `Page › Part`, an embed `![[file]]` is named, and
/// a callout `> [!tip] Title` becomes `> **Tip: Title**`, and so does a
/// Docusaurus admonition `:::tip Title` (its closing `:::` goes); a
/// `<details>` block's `<summary>Title</summary>` line becomes `**Title**`.
pub fn plain_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&wikilinks(&summary_line(&admonition_line(&callout_line(
            line,
        )))));
    }
    out
}

fn wikilinks(line: &str) -> String {
    if !line.contains("[[") {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find("[[") {
        let Some(close) = rest.get(open + 2..).and_then(|r| r.find("]]")) else {
            break;
        };
        let inner = rest.get(open + 2..open + 2 + close).unwrap_or_default();
        let before = rest.get(..open).unwrap_or_default();
        let embed = before.ends_with('!');
        out.push_str(before.strip_suffix('!').unwrap_or(before));
        let (target, alias) = match inner.split_once('|') {
            Some((t, a)) => (t, Some(a)),
            None => (inner, None),
        };
        let shown = match alias {
            Some(a) if !a.trim().is_empty() => a.trim().to_string(),
            _ => target.trim().replace('#', " › "),
        };
        if embed {
            out.push_str(&format!("*(embedded: {shown})*"));
        } else {
            out.push_str(&shown);
        }
        rest = rest.get(open + 2 + close + 2..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// A line that opens with `<summary>`: its text (read by a WHATWG
/// tokenizer, tags inside dropped) bold up to `</summary>`, plain after.
fn summary_line(line: &str) -> String {
    let t = line.trim();
    let is_summary = |name: &[u8]| name.eq_ignore_ascii_case(b"summary");
    let mut tokens = Tokenizer::new(t).flatten();
    if !matches!(tokens.next(), Some(Token::StartTag(tag)) if is_summary(&tag.name)) {
        return line.to_string();
    }
    let (mut bold, mut after, mut closed) = (String::new(), String::new(), false);
    for token in tokens {
        match token {
            Token::String(s) if closed => after.push_str(&String::from_utf8_lossy(&s)),
            Token::String(s) => bold.push_str(&String::from_utf8_lossy(&s)),
            Token::EndTag(tag) if is_summary(&tag.name) => closed = true,
            _ => {}
        }
    }
    let bold = bold.split_whitespace().collect::<Vec<_>>().join(" ");
    let after = after.trim();
    let indent = line
        .get(..line.len() - line.trim_start().len())
        .unwrap_or_default();
    match (bold.is_empty(), after.is_empty()) {
        (true, _) => format!("{indent}{after}"),
        (false, true) => format!("{indent}**{bold}**"),
        (false, false) => format!("{indent}**{bold}** {after}"),
    }
}

/// Docusaurus's admonition fences: `:::tip Title` (or `:::tip[Title]`) as
/// `**Tip: Title**` on a line of its own (a paragraph apart from the text
/// it opens), a closing `:::` as an empty line.
fn admonition_line(line: &str) -> String {
    let Some(rest) = line.trim().strip_prefix(":::") else {
        return line.to_string();
    };
    let rest = rest.trim_start_matches(':');
    if rest.trim().is_empty() {
        return String::new();
    }
    let kind_end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let kind = rest.get(..kind_end).unwrap_or_default();
    if kind.is_empty() {
        return line.to_string();
    }
    let title = rest.get(kind_end..).unwrap_or_default().trim();
    let title = title
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(title)
        .trim();
    let indent = line
        .get(..line.len() - line.trim_start().len())
        .unwrap_or_default();
    let kind = capitalised(kind);
    if title.is_empty() {
        format!("{indent}**{kind}**\n")
    } else {
        format!("{indent}**{kind}: {title}**\n")
    }
}

/// `> [!type]± Title` as `> **Type: Title**` (any depth of `>`).
fn callout_line(line: &str) -> String {
    let quotes = line.len() - line.trim_start_matches([' ', '>']).len();
    let (marks, rest) = (
        line.get(..quotes).unwrap_or_default(),
        line.get(quotes..).unwrap_or_default(),
    );
    if !marks.contains('>') {
        return line.to_string();
    }
    match callout(rest) {
        Some((kind, title)) => {
            let kind = capitalised(&kind);
            match title {
                Some(t) => format!("{marks}**{kind}: {t}**"),
                None => format!("{marks}**{kind}**"),
            }
        }
        None => line.to_string(),
    }
}

/// The type and title of a callout's first line (after its `>`).
pub fn callout(rest: &str) -> Option<(String, Option<String>)> {
    let inner = rest.trim_start().strip_prefix("[!")?;
    let close = inner.find(']')?;
    let kind = inner.get(..close)?.trim();
    if kind.is_empty()
        || !kind
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let title = inner
        .get(close + 1..)?
        .trim_start_matches(['+', '-'])
        .trim();
    Some((
        kind.to_string(),
        (!title.is_empty()).then(|| title.to_string()),
    ))
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// A file stem without Notion's id suffix (` 1a2b…` of 32 hex digits) and
/// with `-`/`_` between words read as spaces.
pub fn stem_title(stem: &str) -> String {
    let trimmed = match stem.rsplit_once(' ') {
        Some((before, id)) if id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()) => before,
        _ => stem,
    };
    let spaced = if trimmed.contains(' ') {
        trimmed.to_string()
    } else {
        trimmed.replace(['-', '_'], " ")
    };
    let words: Vec<&str> = spaced.split_whitespace().collect();
    capitalised_first(&words.join(" "))
}

/// Whether a file stem carries a Notion id suffix.
pub fn has_notion_suffix(stem: &str) -> bool {
    stem.rsplit_once(' ')
        .is_some_and(|(_, id)| id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()))
}

fn capitalised_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Text whose later lines carry an indentation: the common indentation of
/// the lines after the first taken off (a nested answer under a list item).
pub fn dedent(text: &str) -> String {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default();
    let rest: Vec<&str> = lines.collect();
    let indent = rest
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut out = first.trim_start().to_string();
    for line in rest {
        out.push('\n');
        let strip = (line.len() - line.trim_start_matches([' ', '\t']).len()).min(indent);
        out.push_str(line.get(strip..).unwrap_or(line));
    }
    tidy(&out)
}

/// Trailing white space off every line, at most one blank line in a row
/// (blanked lines from dropped markup collapse), no blank first or last line.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_end();
        let fence = trimmed.trim_start();
        if fence.starts_with("```") || fence.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if trimmed.is_empty() && !in_fence {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_run > 0 {
                out.push('\n');
            }
        }
        blank_run = 0;
        out.push_str(if in_fence { line } else { trimmed });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_told_from_statements() {
        for q in [
            "Why do you want to work here?",
            "Tell me about yourself.",
            "Describe a time you failed",
            "Walk me through your resume",
            "What is the STAR method? (bonus)",
        ] {
            assert!(is_question(&question_text(q)), "{q}");
        }
        for s in [
            "Be concise.",
            "Describe",
            "How to prepare",
            "Research the company",
        ] {
            assert!(!is_question(&question_text(s)), "{s}");
        }
        assert_eq!(question_text("**Q3. Why us?**"), "Why us?");
        assert_eq!(question_text("12. Why  us?"), "Why us?");
        assert_eq!(question_text("Q: Why us?"), "Why us?");
        assert_eq!(
            question_text("2024 was a good year?"),
            "2024 was a good year?"
        );
        assert!(is_story("Tell me about a time you failed."));
        assert!(!is_story("Why us?"));
        assert!(is_ask_heading("Questions to ask the interviewer"));
        assert!(is_ask_heading("Good questions for your interviewer"));
        assert!(!is_ask_heading("Behavioural questions"));
    }

    #[test]
    fn term_lines_and_labels() {
        assert_eq!(
            term_line("**STAR**: Situation, Task, Action, Result"),
            Some(("STAR".into(), "Situation, Task, Action, Result".into()))
        );
        assert_eq!(
            term_line("- **SLA:** a promise"),
            Some(("SLA".into(), "a promise".into()))
        );
        assert_eq!(term_line("**Tip**: be brief"), None);
        assert_eq!(term_line("**bold** text"), None);
        assert_eq!(term_line("**x**:"), None);
    }

    #[test]
    fn obsidian_links_and_callouts_become_plain_markdown() {
        assert_eq!(
            plain_markdown("See [[STAR method|STAR]] and [[Notes#Tips]]."),
            "See STAR and Notes › Tips."
        );
        assert_eq!(
            plain_markdown("![[diagram.png]]"),
            "*(embedded: diagram.png)*"
        );
        assert_eq!(
            plain_markdown("> [!tip]- Be brief\n> body"),
            "> **Tip: Be brief**\n> body"
        );
        assert_eq!(plain_markdown("> [!NOTE]"), "> **Note**");
        assert_eq!(plain_markdown("[[unclosed"), "[[unclosed");
        assert_eq!(
            plain_markdown(":::tip Keep it short\nTwo minutes.\n:::"),
            "**Tip: Keep it short**\n\nTwo minutes.\n"
        );
        assert_eq!(
            plain_markdown("  :::note[Why it matters]\n::::info\n:::"),
            "  **Note: Why it matters**\n\n**Info**\n\n"
        );
        assert_eq!(plain_markdown("::: x\na ::: b"), "::: x\na ::: b");
        assert_eq!(
            plain_markdown(
                "<summary>What is <b>REST</b>?</summary>\n  <SUMMARY>Q&amp;A</SUMMARY> more"
            ),
            "**What is REST?**\n  **Q&A** more"
        );
        assert_eq!(plain_markdown("<summary></summary>"), "");
        assert_eq!(
            plain_markdown("a <summary>x</summary>"),
            "a <summary>x</summary>"
        );
    }

    #[test]
    fn notion_suffixes_and_file_names() {
        assert_eq!(
            stem_title("Interview Prep 1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d"),
            "Interview Prep"
        );
        assert_eq!(stem_title("behavioral-questions"), "Behavioral questions");
        assert!(has_notion_suffix("A 0123456789abcdef0123456789abcdef"));
        assert!(!has_notion_suffix("A 0123"));
    }

    #[test]
    fn dedent_and_tidy() {
        assert_eq!(dedent("a\n    - b\n      c\n    - d"), "a\n- b\n  c\n- d");
        assert_eq!(tidy("a  \n\n\n\nb\n   \n"), "a\n\nb");
        assert_eq!(tidy("```\nx\n\n\ny\n```"), "```\nx\n\n\ny\n```");
    }
}
