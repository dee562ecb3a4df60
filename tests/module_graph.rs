//! The crate's modules depend on each other without a circle: among its
//! top-level modules (`core`, `look`, `picture`, `tui`, …), and among the
//! modules within each (whose parent's own items, in its `mod.rs`, are
//! theirs to share), no module reaches itself through the paths it names
//! (`crate::…`, `super::…`, and a module's own children by name). Run
//! with `-- --nocapture` to see the top-level graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module's path below the crate: `["tui", "app"]`.
type Module = Vec<String>;

/// Every module of the crate, by the file that holds it, with its code
/// (comments dropped).
fn modules() -> BTreeMap<Module, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![Path::new("src").to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix("src").unwrap().with_extension("");
            let mut module: Module = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            if module.last().is_some_and(|m| m == "mod") {
                module.pop();
            }
            if module == ["lib"] || module == ["main"] {
                continue;
            }
            let code: String = std::fs::read_to_string(&path)
                .unwrap()
                .lines()
                .map(|line| line.split("//").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
            out.insert(module, code);
        }
    }
    out
}

/// The identifiers of a path that starts at `at` in `code`, up to the
/// first that is not followed by `::`.
fn path_at(code: &str, at: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = &code[at..];
    loop {
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        parts.push(rest[..end].to_string());
        match rest[end..].strip_prefix("::") {
            Some(next) => rest = next,
            None => break,
        }
    }
    parts
}

/// The modules the crate's root names again at its top (`pub use
/// crate::core::format;` in lib.rs): `format` for `core::format`.
fn root_aliases() -> BTreeMap<String, Module> {
    let lib = std::fs::read_to_string("src/lib.rs").unwrap();
    lib.lines()
        .filter_map(|line| line.trim().strip_prefix("pub use crate::")?.strip_suffix(';'))
        .filter(|path| !path.contains('{'))
        .map(|path| {
            let module: Module = path.split("::").map(str::to_string).collect();
            (module.last().unwrap().clone(), module)
        })
        .collect()
}

/// The modules each module names, resolved to the longest module prefix.
fn edges(modules: &BTreeMap<Module, String>) -> BTreeSet<(Module, Module)> {
    let known: BTreeSet<&Module> = modules.keys().collect();
    let aliases = root_aliases();
    let longest = |mut path: Vec<String>| -> Option<Module> {
        if let Some(module) = path.first().and_then(|first| aliases.get(first)) {
            path.splice(..1, module.iter().cloned());
        }
        (1..=path.len()).rev().map(|n| path[..n].to_vec()).find(|m| known.contains(m))
    };
    let mut out = BTreeSet::new();
    for (module, code) in modules {
        let bytes = code.as_bytes();
        for (at, _) in code.match_indices("::") {
            // The start of the path this `::` belongs to.
            let mut start = at;
            while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
                start -= 1;
            }
            if start == at || (start >= 2 && &code[start - 2..start] == "::") {
                continue;
            }
            let path = path_at(code, start);
            let target = match path.first().map(String::as_str) {
                Some("crate") => longest(path[1..].to_vec()),
                Some("super") => {
                    let ups = path.iter().take_while(|p| *p == "super").count();
                    let base = module[..module.len().saturating_sub(ups)].to_vec();
                    longest([base, path[ups..].to_vec()].concat())
                }
                // A child of this module named by itself.
                Some(_) => {
                    let child = [module.clone(), vec![path[0].clone()]].concat();
                    known.contains(&child).then(|| longest([module.clone(), path].concat())).flatten()
                }
                None => None,
            };
            if let Some(target) = target.filter(|t| t != module) {
                out.insert((module.clone(), target));
            }
        }
    }
    out
}

/// The circles of a graph: its strongly connected parts of more than one node.
fn circles(nodes: &BTreeSet<Module>, edges: &BTreeSet<(Module, Module)>) -> Vec<Vec<Module>> {
    let reaches = |from: &Module| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(m) = stack.pop() {
            for (a, b) in edges {
                if *a == m && seen.insert(b.clone()) {
                    stack.push(b.clone());
                }
            }
        }
        seen
    };
    let reach: BTreeMap<&Module, BTreeSet<Module>> = nodes.iter().map(|n| (n, reaches(n))).collect();
    let mut out: Vec<Vec<Module>> = Vec::new();
    for n in nodes {
        let part: Vec<Module> =
            nodes.iter().filter(|m| reach[n].contains(*m) && reach[*m].contains(n)).cloned().collect();
        if part.len() > 1 && !out.contains(&part) {
            out.push(part);
        }
    }
    out
}

/// The graph of `modules` seen at `depth` (1: top-level modules) within
/// `within` (a module's own modules, or the whole crate).
fn graph(
    edges: &BTreeSet<(Module, Module)>,
    modules: &BTreeMap<Module, String>,
    within: &[String],
    depth: usize,
) -> (BTreeSet<Module>, BTreeSet<(Module, Module)>) {
    let at = |m: &Module| (m.starts_with(within) && m.len() >= depth).then(|| m[..depth].to_vec());
    let nodes = modules.keys().filter_map(at).collect();
    let edges = edges.iter().filter_map(|(a, b)| Some((at(a)?, at(b)?))).filter(|(a, b)| a != b).collect();
    (nodes, edges)
}

#[test]
fn no_module_reaches_itself() {
    let modules = modules();
    let edges = edges(&modules);
    let (nodes, top) = graph(&edges, &modules, &[], 1);
    for n in &nodes {
        let to: Vec<&str> = top.iter().filter(|(a, _)| a == n).map(|(_, b)| b[0].as_str()).collect();
        println!("{} -> {}", n[0], to.join(", "));
    }
    let mut found = circles(&nodes, &top);
    for parent in &nodes {
        let (inner, inner_edges) = graph(&edges, &modules, parent, 2);
        found.extend(circles(&inner, &inner_edges));
    }
    let said: Vec<String> =
        found.iter().map(|c| c.iter().map(|m| m.join("::")).collect::<Vec<_>>().join(" ⇄ ")).collect();
    assert!(said.is_empty(), "modules that reach themselves: {said:?}");
}

#[test]
fn core_uses_nothing_above_it() {
    let modules = modules();
    let edges = edges(&modules);
    let (_, top) = graph(&edges, &modules, &[], 1);
    let above: Vec<&str> = top.iter().filter(|(a, _)| a[0] == "core").map(|(_, b)| b[0].as_str()).collect();
    assert!(above.is_empty(), "core uses {above:?}");
    // A module named again at the crate's top is still the one it names.
    assert!(edges.contains(&(vec!["tui".into(), "command".into()], vec!["core".into(), "sanitize".into()])));
}

#[test]
fn a_circle_is_found() {
    // The check itself: a graph a → b → a has one circle, a → b none.
    let (a, b) = (vec!["a".to_string()], vec!["b".to_string()]);
    let nodes: BTreeSet<Module> = [a.clone(), b.clone()].into();
    let one: BTreeSet<(Module, Module)> = [(a.clone(), b.clone())].into();
    assert!(circles(&nodes, &one).is_empty());
    let both: BTreeSet<(Module, Module)> = [(a.clone(), b.clone()), (b.clone(), a.clone())].into();
    assert_eq!(circles(&nodes, &both), vec![vec![a, b]]);
}
