//! Unit tests of `guide_walk`: which blocks become questions and cards.

use super::super::guide_tree::tree;
use super::*;

fn walk(src: &str) -> Found {
    let mut w = Walker::new(src, None);
    w.walk(&tree(src));
    w.found
}

fn qa(found: &Found) -> Vec<(String, Option<String>)> {
    found
        .questions
        .iter()
        .map(|q| (q.text.clone(), q.answer.clone()))
        .collect()
}

#[test]
fn list_items_with_nested_answers_and_without() {
    let f = walk(
        "## Airbnb\n\n1. Tell me about yourself.\n   - Present, past, future\n   - Two minutes\n2. Why Airbnb?\n3. Not a question\n",
    );
    assert_eq!(
        qa(&f),
        [
            (
                "Tell me about yourself.".to_string(),
                Some("- Present, past, future\n- Two minutes".to_string())
            ),
            ("Why Airbnb?".to_string(), None),
        ]
    );
    assert!(f.questions.iter().all(|q| q.group == "Airbnb" && !q.ask));
}

#[test]
fn heading_bold_and_q_questions_take_the_paragraphs_after_them() {
    let f = walk(
        "### Why us?\n\nBecause.\n\nMore.\n\n### Next\n\n**What is STAR?**\n\nA: A method.\n\nQ: Why?\n\nSo.\n",
    );
    assert_eq!(
        qa(&f),
        [
            ("Why us?".to_string(), Some("Because.\n\nMore.".to_string())),
            ("What is STAR?".to_string(), Some("A method.".to_string())),
            ("Why?".to_string(), Some("So.".to_string())),
        ]
    );
    assert_eq!(f.questions[1].group, "Next");
}

#[test]
fn a_single_item_list_is_answered_by_the_paragraph_after_it() {
    let f = walk("1. Tell me about yourself.\n\nStart with now.\n\n2. Why us?\n\nResearch.\n");
    assert_eq!(f.questions.len(), 2);
    assert_eq!(f.questions[0].answer.as_deref(), Some("Start with now."));
    assert_eq!(f.questions[1].answer.as_deref(), Some("Research."));
}

#[test]
fn questions_to_ask_are_marked() {
    let f = walk(
        "## Questions to ask the interviewer\n\n- **What does a typical day look like?**\n\nAlso ask:\n\n- How is success measured?\n\n## After\n\nQuestions to ask your interviewer:\n\n- Who would I work with?\n",
    );
    assert!(f.questions.iter().all(|q| q.ask), "{:?}", f.questions);
    assert_eq!(f.questions.len(), 3);
}

#[test]
fn terms_definitions_tables_callouts_and_details() {
    let src = "**STAR**: Situation, Task, Action, Result\n**Tip**: none\n\nSLA\n: a promise\n\n| Question | Answer |\n|---|---|\n| What is a PR? | A change |\n| Term | Text |\n\n> [!question] Why [[Obsidian]]?\n> Because links.\n\n<details>\n<summary>What is REST?</summary>\n\nAn architectural style.\n\n</details>\n";
    let f = walk(src);
    let cards: Vec<(&str, &str)> = f
        .cards
        .iter()
        .map(|c| (c.front.as_str(), c.back.as_str()))
        .collect();
    assert_eq!(
        cards,
        [
            ("STAR", "Situation, Task, Action, Result"),
            ("SLA", "a promise"),
            ("What is a PR?", "A change"),
            ("Term", "Text")
        ]
    );
    assert_eq!(
        qa(&f),
        [
            (
                "Why Obsidian?".to_string(),
                Some("Because links.".to_string())
            ),
            (
                "What is REST?".to_string(),
                Some("An architectural style.".to_string())
            ),
        ]
    );
}

#[test]
fn a_list_lead_groups_its_nested_questions() {
    let f = walk("- Amazon\n  - Tell me about a time you failed.\n  - Why Amazon?\n- Plain\n");
    assert_eq!(f.questions.len(), 2);
    assert!(f.questions.iter().all(|q| q.group == "Amazon"));
}
