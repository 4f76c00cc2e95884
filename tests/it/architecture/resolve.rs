//! What a written path names, as the compiler would find it: `crate`,
//! `self`, `super` (any number) and `$crate` from the module it is written
//! in; a first segment through the module's own items, child modules,
//! imports (renames included) and glob imports; and every import on the
//! way followed to what it names, so a `pub use std::fs as disk` elsewhere
//! makes `crate::…::disk::read` a use of `std::fs::read`.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use super::crate_map::{BIN, CrateMap, ModPath, Written};

/// Where a path leads: an item (or module) of this crate, by its full path
/// where it is defined, or something in another crate (`std::fs::read`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Crate(ModPath),
    Extern(Vec<String>),
}

/// Re-exports followed before giving up (a loop of imports).
const MAX_HOPS: usize = 32;

/// The name this library is known by to the binary (`studyguide::…`).
const LIBRARY: &str = "studyguide";

pub struct Resolver<'m> {
    map: &'m CrateMap,
    externs: BTreeSet<String>,
    /// What each path resolved to in each module: a name is used many times.
    known: RefCell<HashMap<ModPath, HashMap<Written, Option<Target>>>>,
}

impl<'m> Resolver<'m> {
    /// Resolves in `map`; `externs` are the other crates' names (`std`,
    /// the dependencies).
    pub fn new(map: &'m CrateMap, externs: BTreeSet<String>) -> Resolver<'m> {
        Resolver {
            map,
            externs,
            known: RefCell::new(HashMap::new()),
        }
    }

    /// What `path`, written in `module`, names (`None`: a local variable,
    /// a generic, a prelude name, or something only a glob import of
    /// another crate could bring).
    pub fn resolve(&self, module: &[String], path: &Written) -> Option<Target> {
        if let Some(known) = self.known.borrow().get(module).and_then(|m| m.get(path)) {
            return known.clone();
        }
        let found = self.written(module, path, 0);
        self.known
            .borrow_mut()
            .entry(module.to_vec())
            .or_default()
            .insert(path.clone(), found.clone());
        found
    }

    fn written(&self, module: &[String], path: &Written, hops: usize) -> Option<Target> {
        if hops > MAX_HOPS {
            return None;
        }
        let segments = &path.segments;
        if path.leading_colon {
            return self.external(segments);
        }
        let first = segments.first()?;
        let rest = segments.get(1..).unwrap_or_default();
        match first.as_str() {
            "crate" | "$crate" => self.inside(crate_root(module), rest, hops),
            "self" => self.inside(module.to_vec(), rest, hops),
            "super" => {
                let ups = segments.iter().take_while(|s| *s == "super").count();
                let base = module
                    .get(..module.len().saturating_sub(ups))
                    .unwrap_or_default()
                    .to_vec();
                self.inside(base, segments.get(ups..).unwrap_or_default(), hops)
            }
            "Self" => None,
            _ => self.scoped(module, segments, hops),
        }
    }

    /// A path whose first segment is a plain name, looked up in `module`.
    fn scoped(&self, module: &[String], segments: &[String], hops: usize) -> Option<Target> {
        let first = segments.first()?;
        let rest = segments.get(1..).unwrap_or_default();
        if let Some(m) = self.map.modules.get(module) {
            if m.children.contains(first) || m.items.contains(first) {
                return self.inside(module.to_vec(), segments, hops);
            }
            if let Some(import) = m.imports.get(first) {
                return self.written(module, &import.join(rest), hops + 1);
            }
            if let Some(found) = self.through_globs(module, segments, hops) {
                return Some(found);
            }
        }
        if first == LIBRARY && module.first().is_some_and(|m| m == BIN) {
            return self.inside(Vec::new(), rest, hops);
        }
        if self.externs.contains(first) {
            return self.external(segments);
        }
        None
    }

    /// `segments` followed from module `base` of this crate.
    fn inside(&self, base: ModPath, segments: &[String], hops: usize) -> Option<Target> {
        let mut here = base;
        let mut i = 0;
        while let Some(name) = segments.get(i) {
            let rest = segments.get(i..).unwrap_or_default();
            if name == "super" || name == "self" {
                // `self::super::x`, `super::super::x`
                if name == "super" {
                    here.pop();
                }
                i += 1;
                continue;
            }
            let Some(m) = self.map.modules.get(&here) else {
                // an item's associated name, or a module this set of files
                // does not hold
                here.extend(rest.iter().cloned());
                return Some(Target::Crate(here));
            };
            if m.children.contains(name) {
                here.push(name.clone());
                i += 1;
                continue;
            }
            if m.items.contains(name) {
                here.extend(rest.iter().cloned());
                return Some(Target::Crate(here));
            }
            if let Some(import) = m.imports.get(name) {
                let after = segments.get(i + 1..).unwrap_or_default();
                return self.written(&here, &import.join(after), hops + 1);
            }
            if let Some(found) = self.through_globs(&here, rest, hops) {
                return Some(found);
            }
            here.extend(rest.iter().cloned());
            return Some(Target::Crate(here));
        }
        Some(Target::Crate(here))
    }

    /// `segments` found through one of `module`'s glob imports of a module
    /// of this crate that has their first name.
    fn through_globs(&self, module: &[String], segments: &[String], hops: usize) -> Option<Target> {
        let first = segments.first()?;
        let m = self.map.modules.get(module)?;
        for glob in &m.globs {
            if hops > MAX_HOPS {
                return None;
            }
            let Some(Target::Crate(from)) = self.written(module, glob, hops + 1) else {
                continue;
            };
            let Some(g) = self.map.modules.get(&from).filter(|_| from != module) else {
                continue;
            };
            let found = if g.items.contains(first)
                || g.children.contains(first)
                || g.imports.contains_key(first)
            {
                self.inside(from, segments, hops + 1)
            } else {
                self.through_globs(&from, segments, hops + 1)
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// A path into another crate, with `core::`/`alloc::` read as `std::`.
    fn external(&self, segments: &[String]) -> Option<Target> {
        let mut out = segments.to_vec();
        if let Some(first) = out.first_mut()
            && (first == "core" || first == "alloc")
        {
            *first = "std".to_string();
        }
        (!out.is_empty()).then_some(Target::Extern(out))
    }
}

/// The root of the crate a module is in (the library's, or the binary's).
fn crate_root(module: &[String]) -> ModPath {
    match module.first() {
        Some(m) if m == BIN => vec![BIN.to_string()],
        _ => Vec::new(),
    }
}
