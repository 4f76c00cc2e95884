//! TEMPORARY stand-in for the markdown layout (replaced by the real module).
use unicode_width::UnicodeWidthStr;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SpanStyle {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub code: bool,
    pub code_block: bool,
    pub link: bool,
    pub url: bool,
    pub heading: u8,
    pub quote: bool,
    pub marker: bool,
}
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StyledSpan {
    pub text: String,
    pub style: SpanStyle,
}
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Text,
    Heading(u8),
    CodeBlock,
    Rule,
    Blank,
}
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaidLine {
    pub spans: Vec<StyledSpan>,
    pub kind: LineKind,
}
impl LaidLine {
    pub fn width(&self) -> usize {
        self.spans.iter().map(|s| display_width(&s.text)).sum()
    }
    pub fn plain(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
    pub fn blank() -> Self {
        Self {
            spans: vec![],
            kind: LineKind::Blank,
        }
    }
}
pub const COMFORTABLE_WIDTH: usize = 80;
pub fn display_width(s: &str) -> usize {
    s.width()
}
pub fn layout(markdown: &str, width: usize) -> Vec<LaidLine> {
    let width = width.max(1);
    let mut out = Vec::new();
    for para in markdown.split("\n\n") {
        if !out.is_empty() {
            out.push(LaidLine::blank());
        }
        let (kind, text) = match para
            .strip_prefix("### ")
            .or_else(|| para.strip_prefix("## "))
            .or_else(|| para.strip_prefix("# "))
        {
            Some(t) => (LineKind::Heading(1), t),
            None => (LineKind::Text, para),
        };
        let mut line = String::new();
        for word in text.split_whitespace() {
            if !line.is_empty() && line.width() + 1 + word.width() > width {
                out.push(LaidLine {
                    spans: vec![StyledSpan {
                        text: std::mem::take(&mut line),
                        style: SpanStyle::default(),
                    }],
                    kind,
                });
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push(LaidLine {
            spans: vec![StyledSpan {
                text: line,
                style: SpanStyle {
                    heading: matches!(kind, LineKind::Heading(_)) as u8,
                    ..Default::default()
                },
            }],
            kind,
        });
    }
    out
}
