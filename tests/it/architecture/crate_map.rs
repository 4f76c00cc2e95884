//! The crate as the checker sees it, read with `syn`: its modules (a file
//! each, and inline `mod` blocks), what each module defines and imports,
//! and every name each module uses — in code, in `use` trees, in macro calls
//! and in `macro_rules!` bodies — with its line. Whole files are read; code
//! under `#[cfg(test)]` is marked as such.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use proc_macro2::{Spacing, Span, TokenStream, TokenTree};
use syn::visit::{self, Visit};

/// A module's path from the library's root (`["tui", "state"]`); the
/// binary's root (`main.rs`) is `["#bin"]`.
pub type ModPath = Vec<String>;

/// The binary's root module, apart from the library's.
pub const BIN: &str = "#bin";

/// A path as written: its segments (`crate`, `super`, `$crate` included)
/// and whether it starts with `::`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Written {
    pub segments: Vec<String>,
    pub leading_colon: bool,
}

impl Written {
    /// This path followed by `more`.
    pub fn join(&self, more: &[String]) -> Written {
        let mut segments = self.segments.clone();
        segments.extend(more.iter().cloned());
        Written {
            segments,
            leading_colon: self.leading_colon,
        }
    }
}

impl std::fmt::Display for Written {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.leading_colon {
            f.write_str("::")?;
        }
        f.write_str(&self.segments.join("::"))
    }
}

/// One module: the file it is in, the names it defines, its child modules,
/// its imports (name → path as written, resolved from this module) and its
/// glob imports.
#[derive(Debug, Default)]
pub struct Module {
    pub file: String,
    pub items: BTreeSet<String>,
    pub children: BTreeSet<String>,
    pub imports: BTreeMap<String, Written>,
    pub globs: Vec<Written>,
}

/// What a module names: a path, or a method called by name (whose
/// receiver's type the checker cannot know).
#[derive(Clone, Debug)]
pub enum Named {
    Path(Written),
    Method(String),
}

/// A name used somewhere, with where.
#[derive(Clone, Debug)]
pub struct Use {
    pub file: Rc<str>,
    pub line: usize,
    pub module: Rc<ModPath>,
    pub named: Named,
    /// Under `#[cfg(test)]` (an item, or a module declared so).
    pub test: bool,
}

/// Every module and every use in a set of files.
#[derive(Debug, Default)]
pub struct CrateMap {
    pub modules: BTreeMap<ModPath, Module>,
    pub uses: Vec<Use>,
    /// Files that did not parse, with why.
    pub unreadable: Vec<(String, String)>,
    /// Modules declared under `#[cfg(test)]` (with everything inside them).
    test_modules: BTreeSet<ModPath>,
}

/// The module a file is (`tui/state/mod.rs` → `tui::state`), from its path
/// under `src/`.
pub fn module_of(file: &str) -> ModPath {
    let trimmed = file.trim_end_matches(".rs").trim_end_matches("/mod");
    match trimmed {
        "lib" => Vec::new(),
        "main" => vec![BIN.to_string()],
        t => t.split('/').map(str::to_string).collect(),
    }
}

impl CrateMap {
    /// Reads `files` (path under `src/`, text).
    pub fn read(files: &[(String, String)]) -> CrateMap {
        let mut map = CrateMap::default();
        for (file, _) in files {
            // every module up to the file's exists, with its children
            let path = module_of(file);
            for depth in 0..=path.len() {
                let module = path.get(..depth).unwrap_or_default().to_vec();
                if let Some(child) = path.get(depth) {
                    map.modules
                        .entry(module.clone())
                        .or_default()
                        .children
                        .insert(child.clone());
                } else {
                    map.modules.entry(module).or_default().file = file.clone();
                }
            }
        }
        for (file, text) in files {
            match syn::parse_file(text) {
                Ok(parsed) => {
                    let module = module_of(file);
                    let mut collector = Collector {
                        map: &mut map,
                        file: Rc::from(file.as_str()),
                        module: Rc::new(module.clone()),
                        test: false,
                    };
                    if is_cfg_test(&parsed.attrs) {
                        collector.map.test_modules.insert(module);
                    }
                    collector.visit_file(&parsed);
                }
                Err(e) => map
                    .unreadable
                    .push((file.clone(), format!("{}: {e}", e.span().start().line))),
            }
        }
        let tests = std::mem::take(&mut map.test_modules);
        for u in &mut map.uses {
            u.test |=
                (0..=u.module.len()).any(|n| tests.contains(u.module.get(..n).unwrap_or_default()));
        }
        map.test_modules = tests;
        map
    }

    /// The longest prefix of `path` that is a module.
    pub fn module_prefix<'p>(&self, path: &'p [String]) -> &'p [String] {
        (0..=path.len())
            .rev()
            .map(|n| path.get(..n).unwrap_or_default())
            .find(|p| self.modules.contains_key(*p))
            .unwrap_or_default()
    }
}

/// Whether attributes hold `#[cfg(test)]` (or a `cfg` all of whose
/// branches need `test`).
fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && matches!(&a.meta, syn::Meta::List(list) if {
                let text = list.tokens.to_string();
                text == "test" || (text.starts_with("all") && text.contains("test") && !text.contains("not"))
            })
    })
}

fn line(span: Span) -> usize {
    span.start().line
}

struct Collector<'m> {
    map: &'m mut CrateMap,
    file: Rc<str>,
    module: Rc<ModPath>,
    test: bool,
}

impl Collector<'_> {
    fn here(&mut self) -> &mut Module {
        self.map
            .modules
            .entry(self.module.as_ref().clone())
            .or_default()
    }

    fn define(&mut self, ident: &syn::Ident) {
        let name = ident.to_string();
        self.here().items.insert(name);
    }

    fn record(&mut self, line: usize, named: Named) {
        self.map.uses.push(Use {
            file: self.file.clone(),
            line,
            module: self.module.clone(),
            named,
            test: self.test,
        });
    }

    /// Each leaf of a `use` tree: an import, and a use of its path.
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree, leading: bool) {
        let written = |segments: Vec<String>| Written {
            segments,
            leading_colon: leading,
        };
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree, leading);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let name = n.ident.to_string();
                let path = if name == "self" {
                    prefix.clone()
                } else {
                    let mut p = prefix.clone();
                    p.push(name.clone());
                    p
                };
                let bound = path.last().cloned().unwrap_or_default();
                self.here().imports.insert(bound, written(path.clone()));
                self.record(line(n.ident.span()), Named::Path(written(path)));
            }
            syn::UseTree::Rename(r) => {
                let mut path = prefix.clone();
                let name = r.ident.to_string();
                if name != "self" {
                    path.push(name);
                }
                let alias = r.rename.to_string();
                if alias != "_" {
                    self.here().imports.insert(alias, written(path.clone()));
                }
                self.record(line(r.ident.span()), Named::Path(written(path)));
            }
            syn::UseTree::Glob(g) => {
                let path = written(prefix.clone());
                self.here().globs.push(path.clone());
                self.record(line(g.star_token.spans[0]), Named::Path(path));
            }
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(prefix, tree, leading);
                }
            }
        }
    }

    /// The paths and method calls in a macro's tokens (a call's arguments,
    /// a `macro_rules!` body): `a::b::c`, `::a::b`, `$crate::a`, `.m(`.
    fn scan(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let is_colons = |i: usize| {
            matches!(trees.get(i), Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == Spacing::Joint)
                && matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':')
        };
        let ident_at = |i: usize| match trees.get(i) {
            Some(TokenTree::Ident(id)) => Some(id.clone()),
            _ => None,
        };
        let mut i = 0;
        while let Some(tree) = trees.get(i) {
            match tree {
                TokenTree::Group(g) => {
                    self.scan(g.stream());
                    i += 1;
                }
                TokenTree::Punct(p) if p.as_char() == '.' => {
                    if let Some(method) = ident_at(i + 1)
                        && matches!(trees.get(i + 2), Some(TokenTree::Group(g)) if g.delimiter() == proc_macro2::Delimiter::Parenthesis)
                    {
                        self.record(line(method.span()), Named::Method(method.to_string()));
                    }
                    i += 1;
                }
                TokenTree::Punct(p) if p.as_char() == '$' => {
                    // `$crate::…` is a path into the macro's crate; `$x` a
                    // macro variable.
                    match ident_at(i + 1) {
                        Some(id) if id == "crate" => {
                            i = self.scan_path(&trees, i + 1, false);
                            if let Some(Use {
                                named: Named::Path(path),
                                ..
                            }) = self.map.uses.last_mut()
                                && let Some(first) = path.segments.first_mut()
                            {
                                *first = "$crate".to_string();
                            }
                        }
                        _ => i += 2,
                    }
                }
                TokenTree::Ident(_) => i = self.scan_path(&trees, i, false),
                TokenTree::Punct(_) if is_colons(i) && ident_at(i + 2).is_some() => {
                    i = self.scan_path(&trees, i + 2, true);
                }
                _ => i += 1,
            }
        }
    }

    /// Reads `a::b::c` from `trees[start]` (an identifier); returns the index
    /// after it.
    fn scan_path(&mut self, trees: &[TokenTree], start: usize, leading: bool) -> usize {
        let mut segments = Vec::new();
        let mut first_line = 0;
        let mut i = start;
        while let Some(TokenTree::Ident(id)) = trees.get(i) {
            if segments.is_empty() {
                first_line = line(id.span());
            }
            segments.push(id.to_string());
            let colons = matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == Spacing::Joint)
                && matches!(trees.get(i + 2), Some(TokenTree::Punct(p)) if p.as_char() == ':');
            if colons && matches!(trees.get(i + 3), Some(TokenTree::Ident(_))) {
                i += 3;
            } else {
                i += 1;
                break;
            }
        }
        if !segments.is_empty() {
            self.record(
                first_line,
                Named::Path(Written {
                    segments,
                    leading_colon: leading,
                }),
            );
        }
        i.max(start + 1)
    }

    fn with_test<T>(&mut self, attrs: &[syn::Attribute], f: impl FnOnce(&mut Self) -> T) -> T {
        let was = self.test;
        self.test |= is_cfg_test(attrs);
        let out = f(self);
        self.test = was;
        out
    }
}

/// The attributes of an item, for `#[cfg(test)]`.
fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::ExternCrate(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::ForeignMod(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Macro(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::TraitAlias(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Union(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        self.with_test(item_attrs(item), |c| visit::visit_item(c, item));
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        let attrs: &[syn::Attribute] = match item {
            syn::ImplItem::Const(i) => &i.attrs,
            syn::ImplItem::Fn(i) => &i.attrs,
            syn::ImplItem::Type(i) => &i.attrs,
            syn::ImplItem::Macro(i) => &i.attrs,
            _ => &[],
        };
        self.with_test(attrs, |c| visit::visit_impl_item(c, item));
    }

    fn visit_stmt(&mut self, stmt: &'ast syn::Stmt) {
        let attrs: &[syn::Attribute] = match stmt {
            syn::Stmt::Local(l) => &l.attrs,
            syn::Stmt::Macro(m) => &m.attrs,
            _ => &[],
        };
        self.with_test(attrs, |c| visit::visit_stmt(c, stmt));
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        let name = item.ident.to_string();
        let mut child = self.module.as_ref().clone();
        child.push(name.clone());
        self.here().children.insert(name);
        if is_cfg_test(&item.attrs) || self.test {
            self.map.test_modules.insert(child.clone());
        }
        for attr in &item.attrs {
            self.visit_attribute(attr);
        }
        if let Some((_, items)) = &item.content {
            let file = self.file.to_string();
            let entry = self.map.modules.entry(child.clone()).or_default();
            entry.file = file;
            let outer = std::mem::replace(&mut self.module, Rc::new(child));
            for inner in items {
                self.visit_item(inner);
            }
            self.module = outer;
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let leading = item.leading_colon.is_some();
        self.use_tree(&mut Vec::new(), &item.tree, leading);
    }

    fn visit_item_extern_crate(&mut self, item: &'ast syn::ItemExternCrate) {
        let name = item.ident.to_string();
        let bound = item
            .rename
            .as_ref()
            .map_or(name.clone(), |(_, r)| r.to_string());
        let path = Written {
            segments: vec![name],
            leading_colon: true,
        };
        self.here().imports.insert(bound, path.clone());
        self.record(line(item.ident.span()), Named::Path(path));
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.define(&item.sig.ident);
        visit::visit_item_fn(self, item);
    }

    fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
        self.define(&item.ident);
        visit::visit_item_struct(self, item);
    }

    fn visit_item_enum(&mut self, item: &'ast syn::ItemEnum) {
        self.define(&item.ident);
        visit::visit_item_enum(self, item);
    }

    fn visit_item_union(&mut self, item: &'ast syn::ItemUnion) {
        self.define(&item.ident);
        visit::visit_item_union(self, item);
    }

    fn visit_item_trait(&mut self, item: &'ast syn::ItemTrait) {
        self.define(&item.ident);
        visit::visit_item_trait(self, item);
    }

    fn visit_item_type(&mut self, item: &'ast syn::ItemType) {
        self.define(&item.ident);
        visit::visit_item_type(self, item);
    }

    fn visit_item_const(&mut self, item: &'ast syn::ItemConst) {
        self.define(&item.ident);
        visit::visit_item_const(self, item);
    }

    fn visit_item_static(&mut self, item: &'ast syn::ItemStatic) {
        self.define(&item.ident);
        visit::visit_item_static(self, item);
    }

    fn visit_item_macro(&mut self, item: &'ast syn::ItemMacro) {
        if let Some(name) = &item.ident {
            self.define(name);
        }
        visit::visit_item_macro(self, item);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if let Some(first) = path.segments.first() {
            let at = line(first.ident.span());
            self.record(
                at,
                Named::Path(Written {
                    segments,
                    leading_colon: path.leading_colon.is_some(),
                }),
            );
        }
        visit::visit_path(self, path);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        self.record(
            line(call.method.span()),
            Named::Method(call.method.to_string()),
        );
        visit::visit_expr_method_call(self, call);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.visit_path(&mac.path);
        self.scan(mac.tokens.clone());
    }

    fn visit_meta_list(&mut self, list: &'ast syn::MetaList) {
        self.visit_path(&list.path);
        self.scan(list.tokens.clone());
    }
}
