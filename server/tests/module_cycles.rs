//! No module of the server or the app imports a module that imports it back (issue 16):
//! the layers (domain, state, browser effects, views; limits and clock, ledger, store,
//! writer, handlers) each import only downwards. A module and its own submodules may use
//! each other; every other `crate::…` or `super::…` path outside the tests counts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `src`, as a module path (`api::once`, `edge`).
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(src, &mut files);
    files
        .into_iter()
        .map(|file| {
            let rel = file.strip_prefix(src).unwrap().with_extension("");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(
                parts.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                parts.pop();
            }
            (parts.join("::"), file)
        })
        .collect()
}

/// The source without its `#[cfg(test)] mod tests { … }` (which may import anything).
fn without_tests(text: &str) -> &str {
    match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    }
}

/// The paths a file names from `crate::` or `super::`, group imports expanded.
fn paths(module: &str, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let parent: Vec<&str> = module.split("::").filter(|s| !s.is_empty()).collect();
    let parent = &parent[..parent.len().saturating_sub(1)];
    for (root, base) in [("crate::", Vec::new()), ("super::", parent.to_vec())] {
        let mut rest = text;
        while let Some(at) = rest.find(root) {
            let before = rest[..at].chars().last();
            rest = &rest[at + root.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let join = |tail: &str| {
                let mut p: Vec<&str> = base.clone();
                p.extend(tail.split("::").map(str::trim).filter(|s| !s.is_empty()));
                p.join("::")
            };
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    found.push(join(item.trim().split([' ', '{']).next().unwrap_or("")));
                }
            } else {
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .unwrap_or(rest.len());
                found.push(join(rest[..end].trim_end_matches(':')));
            }
        }
    }
    found
}

/// The longest known module a path starts with.
fn resolve<'a>(mods: &'a BTreeMap<String, PathBuf>, path: &str) -> Option<&'a String> {
    let segs: Vec<&str> = path.split("::").collect();
    (1..=segs.len())
        .rev()
        .find_map(|n| mods.get_key_value(&segs[..n].join("::")).map(|(k, _)| k))
}

fn related(a: &str, b: &str) -> bool {
    a == b || a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::"))
}

/// Pairs of modules that reach each other through imports, with one path each way.
fn cycles(src: &Path) -> Vec<String> {
    let mods = modules(src);
    let mut edges: BTreeMap<&String, BTreeSet<&String>> = BTreeMap::new();
    for (module, file) in &mods {
        let text = std::fs::read_to_string(file).unwrap();
        for path in paths(module, without_tests(&text)) {
            if let Some(target) = resolve(&mods, &path) {
                if !related(module, target) {
                    edges.entry(module).or_default().insert(target);
                }
            }
        }
    }
    let reach = |from: &String| -> BTreeSet<&String> {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&String> = edges.get(from).into_iter().flatten().copied().collect();
        while let Some(m) = todo.pop() {
            if seen.insert(m) {
                todo.extend(edges.get(m).into_iter().flatten().copied());
            }
        }
        seen
    };
    let mut found = Vec::new();
    for (module, targets) in &edges {
        let back = reach(module);
        for target in targets {
            if back.contains(module) && reach(target).contains(module) {
                found.push(format!("{module} -> {target} -> … -> {module}"));
            }
        }
    }
    found
}

#[test]
fn no_module_of_the_server_imports_one_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    assert_eq!(cycles(&src), Vec::<String>::new());
}

#[test]
fn no_module_of_the_app_imports_one_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src");
    assert_eq!(cycles(&src), Vec::<String>::new());
}

#[test]
fn the_check_finds_a_cycle() {
    let dir = std::env::temp_dir().join(format!("leitai-cycles-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::write(dir.join("lib.rs"), "pub mod a;\npub mod b;\n").unwrap();
    std::fs::write(dir.join("a/mod.rs"), "use crate::b::B;\npub struct A;\n").unwrap();
    std::fs::write(dir.join("b.rs"), "use crate::{a::A, lib};\npub struct B;\n").unwrap();
    let found = cycles(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(found, vec!["a -> b -> … -> a", "b -> a -> … -> b"]);
}
