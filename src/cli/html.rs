//! Simple HTML for Anki fields: Markdown -> one-line HTML (pulldown-cmark), and
//! the way back, HTML (read by a WHATWG tokenizer) -> Markdown for the few
//! tags Anki's editor writes (`b strong i em u code pre br div p li a`);
//! other tags are dropped, their text kept.

use html5gum::{DefaultEmitter, StartTag, Token, Tokenizer};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};

/// Markdown as HTML on one line: newlines between blocks are dropped, newlines
/// inside `<pre>` become `<br>`, soft breaks become spaces, tabs four spaces.
///
/// Anki runs the scripts in card HTML, so raw HTML in the Markdown is escaped
/// (it shows as text), and links or images to `javascript:`, `vbscript:` or
/// `data:` addresses lose their address.
pub fn markdown_to_html(markdown: &str) -> String {
    let mut html = String::new();
    let parser = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).map(defused);
    pulldown_cmark::html::push_html(&mut html, parser);
    on_one_line(&html)
}

/// A Markdown event made safe for Anki: raw HTML becomes text (it shows as
/// written), and a link's or image's address that would run code is
/// dropped ([`safe_address`]).
fn defused(event: Event<'_>) -> Event<'_> {
    match event {
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
    }
}

/// HTML as pulldown-cmark writes it, put on one line: a newline inside
/// `<pre>` becomes `<br>`, one next to a block tag goes, any other becomes a
/// space; tabs become four spaces, carriage returns go.
fn on_one_line(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_pre = false;
    let mut rest = html;
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

/// Anki-style HTML -> Markdown: bold and italics become `**`/`*`, line and
/// block breaks newlines, list items `- ` (`1. `, `2. ` in a numbered list),
/// links `[text](url)`; the result has runs of blank lines squeezed and the
/// ends trimmed. The HTML is read by a WHATWG tokenizer (html5gum): every
/// character reference (`&mdash;`, `&eacute;`, `&#8212;`) in text and
/// attributes comes out decoded as a browser would decode it, comments go,
/// and what is inside `<script>` and `<style>` is dropped.
pub fn html_to_markdown(html: &str) -> String {
    let mut emitter = DefaultEmitter::default();
    // `<script>`, `<style>`, `<textarea>`: their text is read as a browser
    // reads it, not as tags
    emitter.naively_switch_states(true);
    let mut writer = MarkdownWriter {
        out: String::with_capacity(html.len()),
        ..MarkdownWriter::default()
    };
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::String(text) if writer.hidden == 0 => {
                push_text(
                    &mut writer.out,
                    &String::from_utf8_lossy(&text),
                    writer.in_pre,
                );
            }
            Token::StartTag(tag) => writer.tag(&tag.name.to_ascii_lowercase(), false, Some(&tag)),
            Token::EndTag(tag) => writer.tag(&tag.name.to_ascii_lowercase(), true, None),
            _ => {}
        }
    }
    tidy(&writer.out)
}

/// The Markdown written so far from Anki's HTML, and where in the HTML the
/// tokenizer is.
#[derive(Default)]
struct MarkdownWriter {
    out: String,
    /// The addresses of the open links.
    link: Vec<String>,
    /// The open lists: the items so far of a numbered one, `None` for bullets.
    lists: Vec<Option<u32>>,
    in_pre: bool,
    /// How many `<script>` and `<style>` elements are open (their text is
    /// dropped).
    hidden: usize,
}

impl MarkdownWriter {
    /// Writes the Markdown of an opening (`closing` false, with the tag) or
    /// closing tag named `name` (lower case); a tag it does not know writes
    /// nothing.
    fn tag(&mut self, name: &[u8], closing: bool, start: Option<&StartTag<()>>) {
        let out = &mut self.out;
        match (name, closing) {
            (b"script" | b"style", false) => self.hidden += 1,
            (b"script" | b"style", true) => self.hidden = self.hidden.saturating_sub(1),
            (b"b" | b"strong", _) => out.push_str("**"),
            (b"i" | b"em", _) => out.push('*'),
            (b"s" | b"del" | b"strike", _) => out.push_str("~~"),
            (b"code", _) if !self.in_pre => out.push('`'),
            (b"pre", false) => {
                out.push_str("\n\n```\n");
                self.in_pre = true;
            }
            (b"pre", true) => {
                out.push_str("\n```\n\n");
                self.in_pre = false;
            }
            (b"br", _) => out.push('\n'),
            (b"ol" | b"ul", closing) => {
                if closing {
                    self.lists.pop();
                } else {
                    self.lists.push((name == b"ol").then_some(0));
                }
                out.push_str("\n\n")
            }
            (b"p" | b"div" | b"blockquote" | b"h1" | b"h2" | b"h3" | b"h4", _) => {
                out.push_str("\n\n")
            }
            (b"li", false) => match self.lists.last_mut() {
                Some(Some(n)) => {
                    *n += 1;
                    out.push_str(&format!("\n{n}. "));
                }
                _ => out.push_str("\n- "),
            },
            (b"a", false) => {
                let href = start
                    .and_then(|t| t.attributes.get(b"href".as_slice()))
                    .map(|v| String::from_utf8_lossy(v).into_owned());
                self.link.push(href.unwrap_or_default());
                out.push('[');
            }
            (b"a", true) => {
                let href = self.link.pop().unwrap_or_default();
                out.push_str(&format!("]({href})"));
            }
            _ => {}
        }
    }
}

fn push_text(out: &mut String, text: &str, in_pre: bool) {
    if in_pre {
        out.push_str(text);
    } else {
        // Source newlines in HTML are spaces.
        out.push_str(&text.replace(['\n', '\r'], " "));
    }
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
    fn every_named_character_reference_is_decoded() {
        // the four the old hand-written decoder knew, and some it did not
        assert_eq!(
            html_to_markdown("a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;"),
            "a & b <c> \"d\" 'e'"
        );
        assert_eq!(
            html_to_markdown("Wait&mdash;no&hellip; caf&eacute; &rarr; &euro;5 &frac12; &copy;"),
            "Wait\u{2014}no\u{2026} caf\u{e9} \u{2192} \u{20ac}5 \u{bd} \u{a9}"
        );
        assert_eq!(
            html_to_markdown("&#8212;&#x2014;&#65;&#x42;"),
            "\u{2014}\u{2014}AB"
        );
        // an unknown name stays as written; a bare & is text
        assert_eq!(html_to_markdown("&bogus; &"), "&bogus; &");
        assert_eq!(
            html_to_markdown("<a href=\"\u{20ac}\">x\u{20ac}</a>"),
            "[x\u{20ac}](\u{20ac})"
        );
    }

    #[test]
    fn scripts_styles_and_comments_leave_no_text() {
        assert_eq!(
            html_to_markdown(
                "<style>b { color: red }</style>a<script>if (1 < 2) { x() }</script><!-- note -->b"
            ),
            "ab"
        );
        // an attribute holding `>` does not end its tag
        assert_eq!(
            html_to_markdown("<a title=\"1 > 0\" href=\"https://x.org\">x</a>"),
            "[x](https://x.org)"
        );
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
    }
}
