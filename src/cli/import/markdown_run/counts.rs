//! What an `import markdown` run made, added up over its pages, and the
//! line of the summary that says so.

/// What the run made, added up over the pages.
#[derive(Default)]
pub(super) struct Counts {
    pub(super) guide_pages: usize,
    pub(super) questions: usize,
    pub(super) sets: usize,
    pub(super) cards: usize,
    pub(super) sections: usize,
    pub(super) ask: usize,
    pub(super) left_out: usize,
    /// Pages in the book's shape, their interviews, questions and insights.
    pub(super) book_pages: usize,
    pub(super) interviews: usize,
    pub(super) book_questions: usize,
    pub(super) insights: usize,
}

impl Counts {
    pub(super) fn add(&mut self, o: &Counts) {
        self.guide_pages += o.guide_pages;
        self.questions += o.questions;
        self.sets += o.sets;
        self.cards += o.cards;
        self.sections += o.sections;
        self.ask += o.ask;
        self.left_out += o.left_out;
        self.book_pages += o.book_pages;
        self.interviews += o.interviews;
        self.book_questions += o.book_questions;
        self.insights += o.insights;
    }

    /// "29 interview questions in 2 sets, 41 cards, 12 sections; 0 left out"
    pub(super) fn line(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = Vec::new();
        if self.guide_pages > 0 || self.book_pages == 0 {
            parts.push(format!(
                "{} in {}, {}",
                plural(self.questions, "interview question", "interview questions"),
                plural(self.sets, "set", "sets"),
                plural(self.cards, "card", "cards"),
            ));
        }
        if self.book_pages > 0 {
            let which = match self.book_pages {
                1 => "the book's chapter shape".to_string(),
                n => format!("{n} chapters in the book's shape"),
            };
            parts.push(format!(
                "{which}: {}, {}, {}",
                plural(self.interviews, "interview", "interviews"),
                plural(self.book_questions, "question", "questions"),
                plural(self.insights, "insight", "insights"),
            ));
        }
        parts.push(plural(self.sections, "section", "sections"));
        if self.ask > 0 {
            parts.push(plural(self.ask, "question to ask", "questions to ask"));
        }
        let mut line = format!("{}; {} left out", parts.join(", "), self.left_out);
        if self.left_out > 0 {
            line.push_str(" (named above)");
        }
        line
    }
}
