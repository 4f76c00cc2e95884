//! The layers, checked by reading `src/`: `domain ← store ← tui ← cli ← main`.
//! A file may only name the layers before its own, the domain stays pure (no
//! disk, no clock, no terminal, no database), and no two files import each
//! other, directly or round a longer circle.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `src/`, as (path relative to `src/`, text).
fn sources(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let rel = path
                    .strip_prefix(root)
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|_| path.clone());
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                out.push((rel.to_string_lossy().replace('\\', "/"), text));
            }
        }
    }
    out.sort();
    out
}

/// The code of a file with comments and `#[cfg(test)]` modules left out:
/// what the product is built from.
fn product_code(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_start() == "#[cfg(test)]" {
            break;
        }
        let code = match line.find("//") {
            Some(i) => line.get(..i).unwrap_or(line),
            None => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// What each layer may not name.
fn forbidden(file: &str) -> &'static [&'static str] {
    const DOMAIN: &[&str] = &[
        "crate::store",
        "crate::tui",
        "crate::cli",
        "rusqlite",
        "ratatui",
        "crossterm",
        "std::fs",
        "fs::",
        "Utc::now",
        "Local::now",
        "SystemTime::now",
        "Instant::now",
    ];
    const STORE: &[&str] = &["crate::tui", "crate::cli", "ratatui", "crossterm"];
    const TUI: &[&str] = &["crate::cli"];
    if file.starts_with("domain/") {
        DOMAIN
    } else if file.starts_with("store/") {
        STORE
    } else if file.starts_with("tui/") {
        TUI
    } else {
        &[]
    }
}

fn violations(files: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (file, text) in files {
        let code = product_code(text);
        for needle in forbidden(file) {
            for (n, line) in code.lines().enumerate() {
                if line.contains(needle) {
                    found.push(format!("src/{file}:{}: uses {needle}", n + 1));
                }
            }
        }
    }
    found
}

/// The module path of a file (`tui/state/mod.rs` → `tui::state`).
fn module_of(file: &str) -> String {
    let trimmed = file.trim_end_matches(".rs");
    let trimmed = trimmed.trim_end_matches("/mod");
    match trimmed {
        "lib" | "main" => String::new(),
        t => t.replace('/', "::"),
    }
}

/// The files each file names through `crate::…` or `super::…` paths.
fn import_graph(files: &[(String, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let modules: BTreeMap<String, String> = files
        .iter()
        .map(|(f, _)| (module_of(f), f.clone()))
        .collect();
    let mut graph = BTreeMap::new();
    for (file, text) in files {
        let here = module_of(file);
        let parent = match here.rfind("::") {
            Some(i) => here.get(..i).unwrap_or("").to_string(),
            None => String::new(),
        };
        let mut targets = BTreeSet::new();
        let code = product_code(text);
        for (prefix, base) in [("crate::", String::new()), ("super::", parent)] {
            let mut rest = code.as_str();
            while let Some(i) = rest.find(prefix) {
                let before = rest.get(..i).and_then(|s| s.chars().last());
                rest = rest.get(i + prefix.len()..).unwrap_or("");
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                    continue;
                }
                let path: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                let mut full = if base.is_empty() {
                    path.clone()
                } else {
                    format!("{base}::{path}")
                };
                // the longest prefix of the path that is a file's module
                loop {
                    if let Some(target) = modules.get(full.trim_end_matches(':'))
                        && target != file
                    {
                        targets.insert(target.clone());
                        break;
                    }
                    match full.rfind("::") {
                        Some(i) => full.truncate(i),
                        None => break,
                    }
                }
            }
        }
        graph.insert(file.clone(), targets);
    }
    graph
}

/// A circle of files in the graph, if there is one. A module's own
/// `mod.rs` naming its children and a child naming its parent's types is
/// the usual Rust shape, so edges from a child to one of its ancestors'
/// `mod.rs` are not counted.
fn find_circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn is_ancestor(ancestor: &str, file: &str) -> bool {
        let Some(dir) = ancestor.strip_suffix("mod.rs") else {
            return ancestor == "lib.rs";
        };
        file.starts_with(dir)
    }
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if is_ancestor(next, node) {
                continue;
            }
            match state.get(next.as_str()) {
                Some(1) => {
                    let start = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut circle = stack.get(start..).unwrap_or(&[]).to_vec();
                    circle.push(next.clone());
                    return Some(circle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(next, graph, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if !state.contains_key(node.as_str()) {
            let mut stack = Vec::new();
            if let Some(c) = visit(node, graph, &mut state, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

fn src_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn each_layer_uses_only_the_layers_before_it() {
    let files = sources(&src_dir());
    assert!(files.len() > 40, "read only {} files", files.len());
    let found = violations(&files);
    assert!(found.is_empty(), "layer rule broken:\n{}", found.join("\n"));
}

#[test]
fn every_layer_folder_states_its_rule() {
    let root = src_dir();
    for layer in ["domain", "store", "tui", "cli"] {
        let text = std::fs::read_to_string(root.join(layer).join("mod.rs")).unwrap_or_default();
        assert!(
            text.starts_with("//!") && text.contains("Rule"),
            "src/{layer}/mod.rs should start with a doc comment stating its rule"
        );
    }
}

#[test]
fn no_two_files_import_each_other() {
    let graph = import_graph(&sources(&src_dir()));
    assert!(
        graph.values().map(BTreeSet::len).sum::<usize>() > 100,
        "the import graph looks empty"
    );
    if let Some(circle) = find_circle(&graph) {
        panic!("import circle: {}", circle.join(" -> "));
    }
}

#[test]
fn a_planted_violation_is_caught() {
    let planted = vec![
        (
            "domain/cards.rs".to_string(),
            "use crate::store::Store;\nfn f() { let _ = chrono::Utc::now(); }\n".to_string(),
        ),
        (
            "store/mod.rs".to_string(),
            "use crate::tui::state::State;\n".to_string(),
        ),
        (
            "tui/app.rs".to_string(),
            "use crate::cli::args::Cli;\n#[cfg(test)]\nuse crate::cli::x;\n".to_string(),
        ),
        (
            "domain/stats.rs".to_string(),
            "// std::fs in a comment is fine\nuse rusqlite::Connection;\n".to_string(),
        ),
    ];
    let found = violations(&planted);
    assert_eq!(
        found,
        vec![
            "src/domain/cards.rs:1: uses crate::store",
            "src/domain/cards.rs:2: uses Utc::now",
            "src/store/mod.rs:1: uses crate::tui",
            "src/tui/app.rs:1: uses crate::cli",
            "src/domain/stats.rs:2: uses rusqlite",
        ]
    );
}

#[test]
fn a_planted_circle_is_caught() {
    let files = vec![
        ("lib.rs".to_string(), "pub mod a;\n".to_string()),
        (
            "a/mod.rs".to_string(),
            "pub mod b;\npub mod c;\n".to_string(),
        ),
        ("a/b.rs".to_string(), "use crate::a::c::X;\n".to_string()),
        ("a/c.rs".to_string(), "use super::b::Y;\n".to_string()),
    ];
    let circle = find_circle(&import_graph(&files));
    assert_eq!(
        circle,
        Some(vec![
            "a/b.rs".to_string(),
            "a/c.rs".to_string(),
            "a/b.rs".to_string()
        ])
    );
    // a child naming its parent module is not a circle
    let files = vec![
        (
            "a/mod.rs".to_string(),
            "use b::Y;\npub mod b;\n".to_string(),
        ),
        ("a/b.rs".to_string(), "use crate::a::Z;\n".to_string()),
    ];
    assert_eq!(find_circle(&import_graph(&files)), None);
}
