//! Simple HTML for Anki fields: Markdown -> one-line HTML (pulldown-cmark), and
//! the way back, HTML -> Markdown for the few tags Anki's editor writes
//! (`b strong i em u code pre br div p li a`); other tags are dropped, their text kept.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};

/// Markdown as HTML on one line: newlines between blocks are dropped, newlines
/// inside `<pre>` become `<br>`, soft breaks become spaces, tabs four spaces.
///
/// Anki runs the scripts in card HTML, so raw HTML in the Markdown is escaped
/// (it shows as text), and links or images to `javascript:`, `vbscript:` or
/// `data:` addresses lose their address.
pub fn markdown_to_html(markdown: &str) -> String {
    let mut html = String::new();
    let parser =
        Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).map(|event| match event {
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: safe_address(dest_url),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: safe_address(dest_url),
                title,
                id,
            }),
            other => other,
        });
    pulldown_cmark::html::push_html(&mut html, parser);
    let mut out = String::with_capacity(html.len());
    let mut in_pre = false;
    let mut rest = html.as_str();
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("<pre") {
            in_pre = true;
        } else if rest.starts_with("</pre>") {
            in_pre = false;
        }
        match c {
            '\n' if in_pre && !rest.starts_with("\n</code></pre>") => out.push_str("<br>"),
            '\n' => {
                // Next to a block tag a newline means nothing; inside text it is a space.
                let after_block = out.ends_with('>')
                    && out
                        .rfind('<')
                        .and_then(|i| out.get(i..))
                        .is_some_and(is_block_tag);
                let before_block = rest
                    .get(1..)
                    .is_none_or(|r| r.is_empty() || is_block_tag(r));
                if !(after_block || before_block) {
                    out.push(' ');
                }
            }
            '\t' => out.push_str("    "),
            '\r' => {}
            c => out.push(c),
        }
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    out
}

/// The address itself, or nothing when it would run code (`javascript:`,
/// `vbscript:`, `data:`; spaces and control characters inside are ignored,
/// as browsers ignore them).
fn safe_address(address: CowStr<'_>) -> CowStr<'_> {
    let scheme: String = address
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(11)
        .collect::<String>()
        .to_ascii_lowercase();
    if ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| scheme.starts_with(s))
    {
        CowStr::Borrowed("")
    } else {
        address
    }
}

/// True when `text` starts with an HTML tag that makes a block (`<p>`, `</li>`, ...).
fn is_block_tag(text: &str) -> bool {
    let Some(tag) = text.strip_prefix('<') else {
        return false;
    };
    let name: String = tag
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    matches!(
        name.as_str(),
        "p" | "div"
            | "ul"
            | "ol"
            | "li"
            | "pre"
            | "blockquote"
            | "hr"
            | "br"
            | "table"
            | "thead"
            | "tbody"
            | "tr"
            | "th"
            | "td"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
    )
}

/// Decodes the HTML entities Anki writes (`&amp; &lt; &gt; &quot; &#39; &nbsp;`
/// and numeric ones); unknown entities are left as they are.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, from_amp)) = rest.find('&').and_then(|at| rest.split_at_checked(at)) {
        out.push_str(before);
        let after_amp = from_amp.get(1..).unwrap_or_default();
        // An entity name is short: its `;` comes within the next ten characters.
        let entity = after_amp
            .char_indices()
            .take(11)
            .find(|(_, c)| *c == ';')
            .and_then(|(end, _)| Some((after_amp.get(..end)?, after_amp.get(end + 1..)?)))
            .and_then(|(name, tail)| Some((decode_entity(name)?, tail)));
        match entity {
            Some((c, tail)) => {
                out.push(c);
                rest = tail;
            }
            None => {
                out.push('&');
                rest = after_amp;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character an entity name (`amp`, `#39`, `#x41`) stands for, if known.
fn decode_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" | "#39" => Some('\''),
        "nbsp" => Some(' '),
        n => {
            let code = n.strip_prefix('#')?;
            match code.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => code.parse().ok(),
            }
            .and_then(char::from_u32)
        }
    }
}

/// Anki-style HTML -> Markdown: bold and italics become `**`/`*`, line and
/// block breaks newlines, list items `- ` (`1. `, `2. ` in a numbered list),
/// links `[text](url)`; the result has runs of blank lines squeezed and the
/// ends trimmed.
pub fn html_to_markdown(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut link: Vec<String> = Vec::new();
    // the open lists: the items so far of a numbered one, `None` for bullets
    let mut lists: Vec<Option<u32>> = Vec::new();
    let mut in_pre = false;
    while !rest.is_empty() {
        let Some((text, from_open)) = rest.find('<').and_then(|at| rest.split_at_checked(at))
        else {
            push_text(&mut out, rest, in_pre);
            break;
        };
        push_text(&mut out, text, in_pre);
        rest = from_open;
        let Some((tag, after)) = rest
            .find('>')
            .and_then(|close| Some((rest.get(1..close)?, rest.get(close + 1..)?)))
        else {
            push_text(&mut out, rest, in_pre);
            break;
        };
        rest = after;
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("b" | "strong", _) => out.push_str("**"),
            ("i" | "em", _) => out.push('*'),
            ("s" | "del" | "strike", _) => out.push_str("~~"),
            ("code", _) if !in_pre => out.push('`'),
            ("pre", false) => {
                out.push_str("\n\n```\n");
                in_pre = true;
            }
            ("pre", true) => {
                out.push_str("\n```\n\n");
                in_pre = false;
            }
            ("br", _) => out.push('\n'),
            ("ol" | "ul", closing) => {
                if closing {
                    lists.pop();
                } else {
                    lists.push((name == "ol").then_some(0));
                }
                out.push_str("\n\n")
            }
            ("p" | "div" | "blockquote" | "h1" | "h2" | "h3" | "h4", _) => out.push_str("\n\n"),
            ("li", false) => match lists.last_mut() {
                Some(Some(n)) => {
                    *n += 1;
                    out.push_str(&format!("\n{n}. "));
                }
                _ => out.push_str("\n- "),
            },
            ("a", false) => {
                link.push(attribute(tag, "href").unwrap_or_default());
                out.push('[');
            }
            ("a", true) => {
                let href = link.pop().unwrap_or_default();
                out.push_str(&format!("]({href})"));
            }
            _ => {}
        }
    }
    tidy(&out)
}

fn push_text(out: &mut String, text: &str, in_pre: bool) {
    let text = decode_entities(text);
    if in_pre {
        out.push_str(&text);
    } else {
        // Source newlines in HTML are spaces.
        out.push_str(&text.replace(['\n', '\r'], " "));
    }
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!("{name}="))?;
    let value = tag.get(at + name.len() + 1..)?;
    let quote = value.chars().next()?;
    let value = if quote == '"' || quote == '\'' {
        value.get(1..)?.split_once(quote)?.0
    } else {
        value.split_whitespace().next()?
    };
    Some(decode_entities(value))
}

/// Trims line ends, squeezes blank-line runs to one, trims the whole.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_lists_keep_their_numbers() {
        let html = "<ol><li>one</li><li>two</li></ol><ul><li>dot</li></ul>";
        assert_eq!(html_to_markdown(html), "1. one\n2. two\n\n- dot");
    }

    #[test]
    fn raw_html_is_escaped_and_script_links_lose_their_address() {
        let html = markdown_to_html(
            "<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> [a](javascript:alert(1)) [b]( JaVa\tScript:x) [c](https://ok.example)",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.to_ascii_lowercase().contains("javascript:"), "{html}");
        assert!(html.contains("href=\"https://ok.example\""), "{html}");
    }

    #[test]
    fn entities_cut_inside_a_character_do_not_panic() {
        assert_eq!(decode_entities("&abcdefghij€"), "&abcdefghij€");
        assert_eq!(decode_entities("€&amp;€&#x41;&#66;"), "€&€AB");
        assert_eq!(html_to_markdown("<a href=\"€\">x€</a>"), "[x€](€)");
    }

    #[test]
    fn markdown_becomes_one_line_html() {
        let html = markdown_to_html("*Asked:*\n\n**Why?**\nnext\tline");
        assert_eq!(
            html,
            "<p><em>Asked:</em></p><p><strong>Why?</strong> next    line</p>"
        );
        let code = markdown_to_html("```\na\nb\n```");
        assert!(!code.contains('\n'), "{code}");
        assert!(code.contains("a<br>b"), "{code}");
    }

    #[test]
    fn html_becomes_markdown() {
        assert_eq!(
            html_to_markdown("<b>Bold</b> &amp; <i>it</i><br>next<div>block</div>"),
            "**Bold** & *it*\nnext\n\nblock"
        );
        assert_eq!(
            html_to_markdown("<p><em>Asked:</em></p><p><strong>Why?</strong></p>"),
            "*Asked:*\n\n**Why?**"
        );
        assert_eq!(
            html_to_markdown("<a href=\"https://x.org/?a=1&amp;b\">x</a> <span>y</span>"),
            "[x](https://x.org/?a=1&b) y"
        );
        assert_eq!(decode_entities("&#65;&#x42;&bogus; &"), "AB&bogus; &");
    }
}
