//! The layers, checked on `src/` parsed with `syn`: `domain ← store ← sync ←
//! tui ← cli ← main.rs`, `generate` (test data) on the domain alone, a pure
//! domain, the TUI's messages and model free of the store, and no circle
//! between modules (see `rules` for the whole list). Every `use` tree,
//! path, method call and macro body of every file is read, names resolved
//! as the compiler would (renames, `super`, globs, re-exports followed).
//!
//! A check that cannot fail is not a check: each file in
//! `tests/fixtures/architecture/planted/` breaks one rule in one way, says
//! what the checker must report, and the checker must report exactly that.

mod crate_map;
mod resolve;
mod rules;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate_map::CrateMap;
use resolve::Resolver;
use rules::Finding;

/// Every `.rs` file under `root`, as (path relative to `root`, text).
fn sources(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let rel = path.strip_prefix(root).unwrap();
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((rel.to_string_lossy().replace('\\', "/"), text));
            }
        }
    }
    out.sort();
    out
}

/// The other crates a path may start with: `std` and its parts, and every
/// dependency in `Cargo.toml`.
fn extern_crates() -> BTreeSet<String> {
    let manifest = manifest_dir().join("Cargo.toml");
    let text = std::fs::read_to_string(manifest).unwrap();
    let toml: toml::Table = text.parse().unwrap();
    let mut names: BTreeSet<String> = ["std", "core", "alloc"].map(String::from).into();
    for table in ["dependencies", "dev-dependencies"] {
        if let Some(deps) = toml.get(table).and_then(|d| d.as_table()) {
            names.extend(deps.keys().map(|k| k.replace('-', "_")));
        }
    }
    names
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every broken rule in `files` (path under `src/`, text).
fn check(files: &[(String, String)]) -> Vec<Finding> {
    let map = CrateMap::read(files);
    let resolver = Resolver::new(&map, extern_crates());
    let mut found = rules::layer_findings(&map, &resolver);
    found.extend(rules::circle_findings(&map, &resolver));
    found
}

fn report(found: &[Finding]) -> String {
    found.iter().map(|f| format!("{f}\n")).collect()
}

/// `src/` keeps every rule; and the checker reads it for real: the edges
/// it finds include ones every version of the code has, and there are
/// many (one test: `src/` is parsed once).
#[test]
fn src_keeps_every_rule() {
    let files = sources(&manifest_dir().join("src"));
    assert!(files.len() > 100, "read only {} files", files.len());
    let map = CrateMap::read(&files);
    let resolver = Resolver::new(&map, extern_crates());
    let mut found = rules::layer_findings(&map, &resolver);
    found.extend(rules::circle_findings(&map, &resolver));
    assert!(
        found.is_empty(),
        "architecture rules broken:\n{}",
        report(&found)
    );

    let edges = rules::sibling_edges(&map, &resolver);
    let has = |parent: &[&str], a: &str, b: &str| {
        let parent: Vec<String> = parent.iter().map(|s| s.to_string()).collect();
        edges.contains_key(&(parent, a.to_string(), b.to_string()))
    };
    assert!(has(&[], "store", "domain"), "store uses the domain");
    assert!(has(&[], "tui", "store"), "the TUI uses the store");
    assert!(has(&[], "cli", "tui"), "the command line starts the TUI");
    assert!(has(&[], "#bin", "cli"), "main.rs hands over to cli");
    assert!(has(&["tui"], "update", "state"), "update changes the state");
    assert!(edges.len() > 150, "only {} edges", edges.len());
}

#[test]
fn every_layer_folder_states_its_rule() {
    let root = manifest_dir().join("src");
    for layer in ["domain", "store", "tui", "cli"] {
        let text = std::fs::read_to_string(root.join(layer).join("mod.rs")).unwrap_or_default();
        assert!(
            text.starts_with("//!") && text.contains("Rule"),
            "src/{layer}/mod.rs should start with a doc comment stating its rule"
        );
    }
}

/// A planted case: `// expect: …` lines (what the checker must report,
/// each exactly), then files, each after a `// file: src/…` line (its line
/// numbers count from the line after that one).
struct Planted {
    expected: Vec<String>,
    files: Vec<(String, String)>,
}

fn read_planted(text: &str) -> Planted {
    let mut expected = Vec::new();
    let mut files: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(file) = line.strip_prefix("// file: src/") {
            files.push((file.trim().to_string(), String::new()));
        } else if let Some((_, body)) = files.last_mut() {
            body.push_str(line);
            body.push('\n');
        } else if let Some(e) = line.strip_prefix("// expect: ") {
            expected.push(e.trim().to_string());
        }
    }
    Planted { expected, files }
}

fn planted_dir() -> PathBuf {
    manifest_dir().join("tests/fixtures/architecture/planted")
}

#[test]
fn every_planted_violation_is_reported_as_it_says() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(planted_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 14, "only {} planted cases", cases.len());
    let mut wrong = String::new();
    for case in &cases {
        let planted = read_planted(&std::fs::read_to_string(case).unwrap());
        let name = case.file_name().unwrap().to_string_lossy();
        assert!(!planted.expected.is_empty(), "{name} expects nothing");
        assert!(!planted.files.is_empty(), "{name} plants no file");
        let got: Vec<String> = check(&planted.files)
            .iter()
            .map(Finding::to_string)
            .collect();
        if got != planted.expected {
            wrong.push_str(&format!(
                "{name}\n  expected:\n    {}\n  got:\n    {}\n",
                planted.expected.join("\n    "),
                got.join("\n    ")
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong}");
}

/// The same files with the rule kept pass: what the planted cases catch is
/// the violation, not the shape of a small crate.
#[test]
fn planted_crates_pass_once_mended() {
    let files = vec![
        (
            "domain/cards.rs".to_string(),
            "use crate::{domain::content::Library, domain::content::model::Deck};\nuse super::content;\nfn f(d: chrono::DateTime<chrono::Utc>) {}\n".to_string(),
        ),
        ("domain/content/mod.rs".to_string(), "pub mod model;\npub use model::*;\n".to_string()),
        ("domain/content/model.rs".to_string(), "pub struct Library;\npub struct Deck;\n".to_string()),
        ("store/mod.rs".to_string(), "use crate::domain::cards;\npub use std::fs;\nfn f() { fs::write(\"a\", \"b\").ok(); }\n".to_string()),
        ("tui/app.rs".to_string(), "use crate::store::fs;\nuse super::state::State;\n".to_string()),
        ("tui/state.rs".to_string(), "pub struct State(crate::domain::content::Library);\n".to_string()),
    ];
    let found = check(&files);
    assert!(found.is_empty(), "{}", report(&found));
}
