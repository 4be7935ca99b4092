//! The layering of `src/` (see the crate docs): every `crate::` path in a module's code names its
//! own layer or one below it, never one above and never the facade of old paths; and inside a
//! layer, the modules do not import each other in a circle.
//!
//! The check reads the sources: a path is found wherever `crate::` appears in code (comment
//! lines are skipped, so doc links do not count). A module is a layer's file or folder
//! (`wire/json/`, `client/config.rs`); a path that names only a layer's root (`crate::http::X`,
//! re-exported by `http/mod.rs`) counts as a use of that root.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The layers, bottom first.
const LAYERS: [&str; 7] = [
    "primitives",
    "wire",
    "http",
    "auth",
    "endpoint",
    "client",
    "protocol",
];

fn rank(layer: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == layer)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The identifiers of each `crate::a::b...` path in the code of `source`.
fn crate_paths(source: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for line in source.lines() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        for (at, _) in line.match_indices("crate::") {
            let before = line[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // `smelt_runtime::...` in a doc test, say
            }
            let rest = &line[at + "crate::".len()..];
            let mut segments = Vec::new();
            for segment in rest.split("::") {
                let ident: String = segment
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let whole = ident.len() == segment.len();
                if ident.is_empty() {
                    break;
                }
                segments.push(ident);
                if !whole {
                    break;
                }
            }
            paths.push(segments);
        }
    }
    paths
}

/// `(layer, module)` of a file under `src/`: `wire/json/read.rs` → `("wire", "json")`,
/// `client/config.rs` → `("client", "config")`, `http/mod.rs` → `("http", "mod")`.
fn module_of(relative: &Path) -> Option<(String, String)> {
    let parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    match parts.as_slice() {
        [_file] => None, // lib.rs: the facade
        [layer, file] => Some((layer.clone(), file.trim_end_matches(".rs").to_string())),
        [layer, folder, ..] => Some((layer.clone(), folder.clone())),
        [] => None,
    }
}

#[test]
fn no_module_uses_a_higher_layer_and_no_circles_within_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();

    let mut modules: BTreeSet<(String, String)> = BTreeSet::new();
    for file in &files {
        if let Some(m) = module_of(file.strip_prefix(&src).unwrap()) {
            modules.insert(m);
        }
    }

    let mut problems = Vec::new();
    let mut edges: BTreeMap<(String, String), BTreeSet<(String, String)>> = BTreeMap::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let Some((layer, module)) = module_of(relative) else {
            continue;
        };
        let own = rank(&layer).unwrap_or_else(|| panic!("{}: not in a layer", relative.display()));
        let source = fs::read_to_string(file).unwrap();
        // A `#[macro_export]` macro lives at the crate root by Rust's rules; the file that
        // defines one may re-export it into its own module (`pub use crate::name as …`).
        let own_macros: Vec<&str> = source
            .lines()
            .filter_map(|l| l.trim().strip_prefix("macro_rules! "))
            .map(|rest| rest.trim_end_matches('{').trim())
            .collect();
        for path in crate_paths(&source) {
            if let [name] = path.as_slice() {
                if own_macros.contains(&name.as_str()) {
                    continue;
                }
            }
            let shown = format!("crate::{}", path.join("::"));
            let Some(target_rank) = rank(&path[0]) else {
                problems.push(format!(
                    "{}: `{shown}` goes through the facade of old paths (or names no layer)",
                    relative.display()
                ));
                continue;
            };
            if target_rank > own {
                problems.push(format!(
                    "{}: `{shown}` uses the higher layer `{}`",
                    relative.display(),
                    path[0]
                ));
            }
            let target_module = path
                .get(1)
                .filter(|m| modules.contains(&(path[0].clone(), m.to_string())))
                .cloned()
                .unwrap_or_else(|| "mod".to_string());
            let target = (path[0].clone(), target_module);
            if target.0 == layer && target != (layer.clone(), module.clone()) {
                edges
                    .entry((layer.clone(), module.clone()))
                    .or_default()
                    .insert(target);
            }
        }
    }

    // A circle inside a layer: depth-first search for a back edge.
    fn visit(
        node: &(String, String),
        edges: &BTreeMap<(String, String), BTreeSet<(String, String)>>,
        stack: &mut Vec<(String, String)>,
        done: &mut BTreeSet<(String, String)>,
        problems: &mut Vec<String>,
    ) {
        if done.contains(node) {
            return;
        }
        if let Some(at) = stack.iter().position(|n| n == node) {
            let circle: Vec<String> = stack[at..]
                .iter()
                .chain(std::iter::once(node))
                .map(|(l, m)| format!("{l}::{m}"))
                .collect();
            problems.push(format!("import circle: {}", circle.join(" → ")));
            return;
        }
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            visit(next, edges, stack, done, problems);
        }
        stack.pop();
        done.insert(node.clone());
    }
    let mut done = BTreeSet::new();
    for node in &modules {
        visit(node, &edges, &mut Vec::new(), &mut done, &mut problems);
    }

    assert!(
        problems.is_empty(),
        "layering broken:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_check_sees_paths() {
    let paths = crate_paths(
        "use crate::wire::json::{self, JsonReader};\n// crate::client::Handle\nlet x = crate::http::HttpRequest::new();",
    );
    assert_eq!(
        paths,
        [
            vec!["wire".to_string(), "json".to_string()],
            vec![
                "http".to_string(),
                "HttpRequest".to_string(),
                "new".to_string()
            ],
        ]
    );
}
