//! The import direction of the generator's own source: each pipeline stage uses only the stages
//! before it (and the shared vocabulary below them), and no two sibling modules of one folder
//! use each other, directly or through others. Read from the source text: every `crate::a::b`
//! and `super::x` path counts, so a new upward import fails here with the edge that caused it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level modules of `smelt-codegen`, lowest first. A module may use those of a lower or
/// equal rank.
const CODEGEN_RANKS: &[(&str, u8)] = &[
    ("error", 0),
    ("model", 0),
    ("naming", 0),
    ("pattern", 0),
    ("docs", 0),
    ("load", 1),
    ("transform", 2),
    ("ir", 3),
    ("emit", 4),
    ("format", 5),
    ("write", 6),
    ("ast", 6),
    ("diff", 6),
    ("builder", 7),
    ("workspace", 8),
    ("lib", 9),
];

#[test]
fn codegen_stages_only_use_the_stages_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = module_graph(&src);
    let rank = |m: &str| CODEGEN_RANKS.iter().find(|(n, _)| *n == m).map(|(_, r)| *r);
    let mut upward = Vec::new();
    for (from, tos) in &graph {
        let Some(top_from) = from.first() else {
            continue;
        };
        let from_rank = rank(top_from).unwrap_or_else(|| {
            panic!("codegen module `{top_from}` has no rank in CODEGEN_RANKS; add it")
        });
        for to in tos {
            if let Some(to_rank) = to.first().and_then(|t| rank(t)) {
                if to_rank > from_rank {
                    upward.push(format!("{} -> {}", from.join("::"), to.join("::")));
                }
            }
        }
    }
    assert!(upward.is_empty(), "upward imports: {upward:#?}");
    assert_no_sibling_cycles(&graph);
}

/// Fails naming the cycle when sibling modules (files of one folder) use each other.
fn assert_no_sibling_cycles(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) {
    // Edges between siblings only: a parent and its children form the module tree, not layers.
    let mut siblings: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (from, tos) in graph {
        for to in tos {
            // Compare at the level where the two paths part.
            let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
            if common == from.len() || common == to.len() {
                continue;
            }
            let a = from[..=common].to_vec();
            let b = to[..=common].to_vec();
            siblings.entry(a).or_default().insert(b);
        }
    }
    for start in siblings.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in siblings.get(&node).into_iter().flatten() {
                if next == start {
                    let names: Vec<String> = path.iter().map(|p| p.join("::")).collect();
                    panic!(
                        "import cycle: {} -> {}",
                        names.join(" -> "),
                        start.join("::")
                    );
                }
                if seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
}

/// Module path → the module paths its source refers to (`crate::…`, `super::…`), limited to
/// modules that exist in `src`.
fn module_graph(src: &Path) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let files = rust_files(src);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_path(src, f)).collect();
    let mut graph = BTreeMap::new();
    for file in &files {
        let module = module_path(src, file);
        let text = std::fs::read_to_string(file).unwrap();
        let mut refs = BTreeSet::new();
        if module.iter().any(|m| m == "tests") {
            continue; // tests (and their submodules) may use every stage
        }
        for line in text.lines().map(str::trim_start) {
            if line.starts_with("//") {
                continue;
            }
            if line.starts_with("#[cfg(test)]") {
                break; // the file's test module, at its end by convention
            }
            for (prefix, base) in [("crate::", Vec::new()), ("super::", parent_of(&module))] {
                let mut rest = line;
                while let Some(at) = rest.find(prefix) {
                    let before = rest[..at].chars().last();
                    rest = &rest[at + prefix.len()..];
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                        continue;
                    }
                    let mut path = base.clone();
                    for segment in rest.split("::") {
                        let name: String = segment
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        if name.is_empty() {
                            break;
                        }
                        let mut candidate = path.clone();
                        candidate.push(name.clone());
                        if !modules.contains(&candidate) {
                            break;
                        }
                        path = candidate;
                        if name.len() != segment.len() {
                            break;
                        }
                    }
                    if !path.is_empty() && path != module {
                        refs.insert(path);
                    }
                }
            }
        }
        graph.insert(module, refs);
    }
    graph
}

/// The module a `super::` path in this file starts from.
fn parent_of(module: &[String]) -> Vec<String> {
    module[..module.len().saturating_sub(1)].to_vec()
}

/// `emit/response.rs` → `[emit, response]`; `emit/mod.rs` → `[emit]`; `lib.rs` → `[lib]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_cycle_check_finds_a_cycle_through_a_third_module() {
    let path = |p: &str| p.split("::").map(str::to_string).collect::<Vec<_>>();
    let mut graph = BTreeMap::new();
    graph.insert(
        path("emit::operation"),
        BTreeSet::from([path("emit::types")]),
    );
    graph.insert(
        path("emit::types"),
        BTreeSet::from([path("emit::json::reader")]),
    );
    graph.insert(
        path("emit::json::reader"),
        BTreeSet::from([path("emit::operation")]),
    );
    // A parent and its child are not a cycle.
    graph.insert(path("emit"), BTreeSet::from([path("emit::types")]));
    let caught = std::panic::catch_unwind(|| assert_no_sibling_cycles(&graph));
    let message = *caught.unwrap_err().downcast::<String>().unwrap();
    assert!(
        message.contains("emit::operation -> emit::types -> emit::json"),
        "{message}"
    );
    graph.remove(&path("emit::json::reader"));
    assert_no_sibling_cycles(&graph);
}
