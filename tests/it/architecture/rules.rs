//! The rules, applied to every use the crate map found (resolved):
//! - the layers `domain ← store ← sync ← tui ← cli ← main.rs`, each using
//!   only the ones before it, and `generate` (test data) only the domain;
//! - the domain is pure: no disk (`std::fs`, a path's disk methods), no
//!   clock (`SystemTime`, `Instant`, `UNIX_EPOCH`, `Utc::now`,
//!   `Local::now`), no environment, processes or network, no terminal, no
//!   database; the store draws nothing;
//! - inside the TUI, the messages and the model (`action`, `effect`,
//!   `state`, `update`, `ui`) carry domain types only: the store is reached
//!   by the event loop (`tui::app`), the effect runner
//!   (`tui::effect_runner`), start-up's loading
//!   (`tui::startup`) and the rescue writer (`tui::rescue`) alone; `ui` does not call into `update`;
//! - no circle: at every level of the module tree, the sibling modules
//!   (a file, or a folder with everything in it) do not use each other
//!   round a circle. A module using its own parent or children is not a
//!   circle; code under `#[cfg(test)]` is left out of this one rule (a
//!   test may bring siblings together), but not out of the others.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::crate_map::{BIN, CrateMap, ModPath, Named, Use};
use super::resolve::{Resolver, Target};

/// A broken rule, at a file and line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "src/{}:{}: {}", self.file, self.line, self.message)
    }
}

/// The layers in order; each may use itself and those before it.
const LAYERS: [&str; 5] = ["domain", "store", "sync", "tui", "cli"];

/// The layers a top-level module may use (`None`: any — the library's
/// root and the binary).
fn allowed(layer: &str) -> Option<Vec<&'static str>> {
    if layer == "generate" {
        return Some(vec!["domain", "generate"]);
    }
    let at = LAYERS.iter().position(|l| *l == layer)?;
    Some(LAYERS.get(..=at).unwrap_or_default().to_vec())
}

/// Other crates' paths a layer may not use, and why.
fn banned(layer: &str) -> &'static [(&'static str, &'static str)] {
    const TERMINAL: &str = "the terminal belongs to the TUI";
    const DOMAIN: &[(&str, &str)] = &[
        ("std::fs", "the domain does no disk I/O"),
        ("std::path::Path::exists", "the domain does no disk I/O"),
        ("std::path::Path::try_exists", "the domain does no disk I/O"),
        ("std::path::Path::is_file", "the domain does no disk I/O"),
        ("std::path::Path::is_dir", "the domain does no disk I/O"),
        ("std::path::Path::metadata", "the domain does no disk I/O"),
        ("std::path::Path::read_dir", "the domain does no disk I/O"),
        (
            "std::path::Path::canonicalize",
            "the domain does no disk I/O",
        ),
        ("std::env", "the domain reads no environment"),
        ("std::process", "the domain starts no process"),
        ("std::net", "the domain does no network I/O"),
        ("std::time::SystemTime", "the domain reads no clock"),
        ("std::time::Instant", "the domain reads no clock"),
        ("std::time::UNIX_EPOCH", "the domain reads no clock"),
        ("chrono::Utc::now", "the domain reads no clock"),
        ("chrono::Local::now", "the domain reads no clock"),
        ("chrono::offset::Utc::now", "the domain reads no clock"),
        ("chrono::offset::Local::now", "the domain reads no clock"),
        ("chrono::Local::today", "the domain reads no clock"),
        ("rusqlite", "the database belongs to the store"),
        ("directories", "the disk belongs to the store"),
        ("ratatui", TERMINAL),
        ("crossterm", TERMINAL),
        ("tui_input", TERMINAL),
        ("signal_hook", TERMINAL),
    ];
    const NOT_DRAWING: &[(&str, &str)] = &[
        ("ratatui", TERMINAL),
        ("crossterm", TERMINAL),
        ("tui_input", TERMINAL),
        ("signal_hook", TERMINAL),
    ];
    match layer {
        "domain" | "generate" => DOMAIN,
        "store" | "sync" => NOT_DRAWING,
        _ => &[],
    }
}

/// Methods that read the disk whatever their receiver (the checker cannot
/// know a receiver's type): the domain calls none of them.
const DISK_METHODS: &[&str] = &[
    "exists",
    "try_exists",
    "is_file",
    "is_dir",
    "is_symlink",
    "metadata",
    "symlink_metadata",
    "read_dir",
    "read_link",
    "canonicalize",
];

/// Names that are the clock wherever they come from (a glob import of
/// another crate hides where): the domain names none of them.
fn names_the_clock(segments: &[String]) -> bool {
    let clock_type = |s: &String| matches!(s.as_str(), "SystemTime" | "Instant" | "UNIX_EPOCH");
    let now = segments.len() >= 2
        && segments.last().is_some_and(|s| s == "now")
        && segments
            .get(segments.len() - 2)
            .is_some_and(|s| s == "Utc" || s == "Local");
    segments.iter().any(clock_type) || now
}

/// Inside the TUI: (from, to, why) — code under `from` may not use `to`.
const TUI_RULES: &[(&str, &str, &str)] = &[
    (
        "tui::ui",
        "tui::update",
        "ui draws the state and does not call into update",
    ),
    (
        "tui::action",
        "tui::startup",
        "the TUI's messages carry domain types only",
    ),
    (
        "tui::effect",
        "tui::startup",
        "the TUI's messages carry domain types only",
    ),
];

/// TUI modules that may reach the store (besides `tui/mod.rs`): the event
/// loop (which hands the store to the effect runner), the effect runner,
/// start-up's loading, and the rescue writer (drafts written by the
/// signal watchdog and the panic hook when the loop cannot). The messages and the model (everything
/// else) carry domain types only.
const TUI_STORE_USERS: &[&str] = &[
    "tui::app",
    "tui::effect_runner",
    "tui::startup",
    "tui::rescue",
];

fn under(path: &[String], prefix: &str) -> bool {
    let prefix: Vec<&str> = prefix.split("::").collect();
    path.len() >= prefix.len() && path.iter().zip(&prefix).all(|(a, b)| a == b)
}

fn crate_path(path: &[String]) -> String {
    if path.is_empty() {
        "crate".to_string()
    } else if path.first().is_some_and(|p| p == BIN) {
        format!(
            "crate(main.rs)::{}",
            path.get(1..).unwrap_or_default().join("::")
        )
    } else {
        format!("crate::{}", path.join("::"))
    }
}

/// The message for one resolved use, if it breaks a layer rule.
fn layer_rule(u: &Use, written: &str, target: Option<&Target>) -> Option<String> {
    let layer = u.module.first().map_or("", String::as_str);
    let named_as = |shown: &str| {
        if shown == written {
            String::new()
        } else {
            format!(" (named as {written})")
        }
    };
    match target {
        Some(Target::Crate(path)) => {
            let to = path.first().map_or("", String::as_str);
            if let Some(ok) = allowed(layer)
                && (LAYERS.contains(&to) || to == "generate")
                && !ok.contains(&to)
            {
                let shown = crate_path(path);
                return Some(format!(
                    "{layer} may not use {shown}{}: it may use only {}",
                    named_as(&shown),
                    ok.join(", ")
                ));
            }
            if layer == "tui" {
                for (from, to, why) in TUI_RULES {
                    if under(&u.module, from) && under(path, to) {
                        let shown = crate_path(path);
                        return Some(format!(
                            "{from} may not use {shown}{}: {why}",
                            named_as(&shown)
                        ));
                    }
                }
                let store_user =
                    u.module.len() == 1 || TUI_STORE_USERS.iter().any(|m| under(&u.module, m));
                if (under(path, "store") || under(path, "sync")) && !store_user {
                    let shown = crate_path(path);
                    return Some(format!(
                        "{} may not use {shown}{}: the TUI's messages and model carry domain types only; the store is reached through the event loop (tui::app), the effect runner (tui::effect_runner), start-up's loading (tui::startup) and the rescue writer (tui::rescue)",
                        u.module.join("::"),
                        named_as(&shown)
                    ));
                }
            }
            None
        }
        Some(Target::Extern(path)) => {
            let shown = path.join("::");
            banned(layer).iter().find_map(|(prefix, why)| {
                let prefix: Vec<&str> = prefix.split("::").collect();
                let hit =
                    path.len() >= prefix.len() && path.iter().zip(&prefix).all(|(a, b)| a == b);
                hit.then(|| format!("{layer} may not use {shown}{}: {why}", named_as(&shown)))
            })
        }
        None => None,
    }
}

/// Every broken layer rule.
pub fn layer_findings(map: &CrateMap, resolver: &Resolver) -> Vec<Finding> {
    let mut found = BTreeSet::new();
    for u in &map.uses {
        let layer = u.module.first().map_or("", String::as_str);
        let message = match &u.named {
            Named::Path(written) => {
                let target = resolver.resolve(&u.module, written);
                let text = written.to_string();
                layer_rule(u, &text, target.as_ref()).or_else(|| {
                    (target.is_none()
                        && matches!(layer, "domain" | "generate")
                        && names_the_clock(&written.segments))
                    .then(|| format!("{layer} may not use {text}: the domain reads no clock"))
                })
            }
            Named::Method(name) => (matches!(layer, "domain" | "generate")
                && DISK_METHODS.contains(&name.as_str()))
            .then(|| format!("{layer} may not call .{name}(): it reads the disk, and the domain does no disk I/O")),
        };
        if let Some(message) = message {
            found.insert(Finding {
                file: u.file.to_string(),
                line: u.line,
                message,
            });
        }
    }
    for (file, why) in &map.unreadable {
        found.insert(Finding {
            file: file.clone(),
            line: 0,
            message: format!("does not parse: {why}"),
        });
    }
    found.into_iter().collect()
}

/// Where one sibling module first uses another: (file, line, path written).
type Evidence = (String, usize, String);

/// For each module, the edges between its children: (parent, from, to) →
/// the first use that makes the edge.
pub fn sibling_edges(
    map: &CrateMap,
    resolver: &Resolver,
) -> BTreeMap<(ModPath, String, String), Evidence> {
    let mut edges: BTreeMap<(ModPath, String, String), Evidence> = BTreeMap::new();
    for u in map.uses.iter().filter(|u| !u.test) {
        let Named::Path(written) = &u.named else {
            continue;
        };
        let Some(Target::Crate(path)) = resolver.resolve(&u.module, written) else {
            continue;
        };
        let to = map.module_prefix(&path);
        let from = &u.module;
        let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
        let (Some(a), Some(b)) = (from.get(common), to.get(common)) else {
            continue; // a module and its own ancestor
        };
        let parent = from.get(..common).unwrap_or_default().to_vec();
        let evidence = || (u.file.to_string(), u.line, written.to_string());
        match edges.get_mut(&(parent.clone(), a.clone(), b.clone())) {
            Some(e) if (&*u.file, u.line) < (e.0.as_ref(), e.1) => *e = evidence(),
            Some(_) => {}
            None => {
                edges.insert((parent, a.clone(), b.clone()), evidence());
            }
        }
    }
    edges
}

/// Each group of sibling modules that use each other round a circle (a
/// strongly connected component of two or more), with the edges inside it.
pub fn circle_findings(map: &CrateMap, resolver: &Resolver) -> Vec<Finding> {
    let edges = sibling_edges(map, resolver);
    let mut by_parent: BTreeMap<&ModPath, BTreeMap<&str, BTreeSet<&str>>> = BTreeMap::new();
    for (parent, a, b) in edges.keys() {
        by_parent
            .entry(parent)
            .or_default()
            .entry(a.as_str())
            .or_default()
            .insert(b.as_str());
    }
    let mut found = Vec::new();
    for (parent, graph) in by_parent {
        for component in strongly_connected(&graph) {
            let members: BTreeSet<&str> = component.iter().copied().collect();
            let name = |m: &str| {
                let mut p = parent.clone();
                p.push(m.to_string());
                if p.first().is_some_and(|f| f == BIN) {
                    "main.rs".to_string()
                } else {
                    p.join("::")
                }
            };
            let mut steps = Vec::new();
            let mut first: Option<&Evidence> = None;
            for ((p, a, b), evidence) in &edges {
                if p == parent && members.contains(a.as_str()) && members.contains(b.as_str()) {
                    steps.push(format!(
                        "{} -> {} (src/{}:{} {})",
                        name(a),
                        name(b),
                        evidence.0,
                        evidence.1,
                        evidence.2
                    ));
                    if first.is_none_or(|f| (evidence.0.as_str(), evidence.1) < (f.0.as_str(), f.1))
                    {
                        first = Some(evidence);
                    }
                }
            }
            let names: Vec<String> = component.iter().map(|m| name(m)).collect();
            let (file, line) = first.map_or((String::new(), 0), |e| (e.0.clone(), e.1));
            found.push(Finding {
                file,
                line,
                message: format!(
                    "import circle between {}: {}",
                    names.join(", "),
                    steps.join("; ")
                ),
            });
        }
    }
    found.sort();
    found
}

/// Tarjan's strongly connected components with two or more members, each
/// sorted.
fn strongly_connected<'a>(graph: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> Vec<Vec<&'a str>> {
    struct Walk<'a, 'g> {
        graph: &'g BTreeMap<&'a str, BTreeSet<&'a str>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<&'a str>>,
    }
    impl<'a> Walk<'a, '_> {
        fn visit(&mut self, node: &'a str) {
            let n = self.index.len();
            self.index.insert(node, n);
            self.low.insert(node, n);
            self.stack.push(node);
            self.on_stack.insert(node);
            let nexts: Vec<&'a str> = self
                .graph
                .get(node)
                .into_iter()
                .flatten()
                .copied()
                .collect();
            for next in nexts {
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next]);
                    self.low.insert(node, low);
                } else if self.on_stack.contains(next) {
                    let low = self.low[node].min(self.index[next]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut component = Vec::new();
                while let Some(top) = self.stack.pop() {
                    self.on_stack.remove(top);
                    component.push(top);
                    if top == node {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort_unstable();
                    self.out.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for node in graph.keys() {
        if !walk.index.contains_key(node) {
            walk.visit(node);
        }
    }
    walk.out
}
