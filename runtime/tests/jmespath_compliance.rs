//! The JMESPath compliance suite (`../shared/smithy-1.73.0/jmespath-compliance/`, read in place)
//! through the runtime's evaluator: every case's expression against its `given` document, its
//! `result` compared by JMESPath equality or its `error` kind checked. Prints pass, fail and skip
//! counts per file and in total (skips with their reason); fails on any failure.

use std::collections::BTreeMap;
use std::path::Path;

use smelt_runtime::primitives::Document;
use smelt_runtime::wire::jmespath::{equal, Expression};
use smelt_runtime::wire::json::JsonReader;

fn field<'a>(doc: &'a Document, name: &str) -> Option<&'a Document> {
    match doc {
        Document::Object(map) => map.get(name),
        _ => None,
    }
}

fn text(doc: Option<&Document>) -> Option<&str> {
    match doc {
        Some(Document::String(s)) => Some(s),
        _ => None,
    }
}

#[derive(Default)]
struct Tally {
    pass: usize,
    fail: Vec<String>,
    skip: BTreeMap<&'static str, usize>,
}

fn run_case(file: &str, given: &Document, case: &Document, tally: &mut Tally) {
    let Some(expression) = text(field(case, "expression")) else {
        tally
            .fail
            .push(format!("{file}: a case without an expression"));
        return;
    };
    let outcome = Expression::compile(expression).and_then(|e| e.search(given));
    if let Some(expected) = field(case, "result") {
        match outcome {
            Ok(actual) if equal(&actual, expected) => tally.pass += 1,
            other => tally.fail.push(format!(
                "{file}: `{expression}`: expected {expected:?}, got {other:?}"
            )),
        }
    } else if let Some(kind) = text(field(case, "error")) {
        match outcome {
            Err(e) if e.kind().name() == kind => tally.pass += 1,
            other => tally.fail.push(format!(
                "{file}: `{expression}`: expected a {kind} error, got {other:?}"
            )),
        }
    } else if field(case, "bench").is_some() {
        // A benchmark case states no result; it must still compile and run without error.
        match outcome {
            Ok(_) => {
                *tally
                    .skip
                    .entry("benchmark case (no expected result; ran without error)")
                    .or_default() += 1
            }
            Err(e) => tally.fail.push(format!("{file}: `{expression}`: {e}")),
        }
    } else {
        tally
            .fail
            .push(format!("{file}: `{expression}`: neither result nor error"));
    }
}

#[test]
fn jmespath_compliance_suite() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/smithy-1.73.0/jmespath-compliance");
    let Ok(manifest) = std::fs::read_to_string(dir.join("MANIFEST")) else {
        eprintln!("skipped: {} is not present", dir.display());
        return;
    };
    let mut total = Tally::default();
    let mut files = 0;
    for file in manifest
        .lines()
        .map(str::trim)
        .filter(|l| l.ends_with(".json"))
    {
        files += 1;
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let suite = JsonReader::new(&bytes).read_document().unwrap();
        let Document::Array(groups) = suite else {
            panic!("{file}: not an array of groups");
        };
        let mut tally = Tally::default();
        for group in &groups {
            let given = field(group, "given").cloned().unwrap_or_default();
            let Some(Document::Array(cases)) = field(group, "cases") else {
                panic!("{file}: a group without cases");
            };
            for case in cases {
                run_case(file, &given, case, &mut tally);
            }
        }
        let skipped: usize = tally.skip.values().sum();
        println!(
            "{file:<18} pass {:>4}  fail {:>3}  skip {:>3}",
            tally.pass,
            tally.fail.len(),
            skipped
        );
        total.pass += tally.pass;
        total.fail.extend(tally.fail);
        for (reason, n) in tally.skip {
            *total.skip.entry(reason).or_default() += n;
        }
    }
    let skipped: usize = total.skip.values().sum();
    println!(
        "total ({files} files): pass {}, fail {}, skip {skipped}",
        total.pass,
        total.fail.len()
    );
    for (reason, n) in &total.skip {
        println!("  skipped {n}: {reason}");
    }
    for failure in &total.fail {
        println!("FAIL {failure}");
    }
    assert!(files >= 16, "the manifest lists {files} files");
    assert!(
        total.fail.is_empty(),
        "{} compliance cases failed",
        total.fail.len()
    );
}

/// Every waiter path of the shared AWS models (`smithy.waiters#waitable`) compiles.
#[test]
fn waiter_paths_of_the_shared_models_compile() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/models/aws");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} is not present", dir.display());
        return;
    };
    let mut files: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let (mut waiters, mut paths, mut bad) = (0, 0, Vec::new());
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let model = JsonReader::new(&bytes).read_document().unwrap();
        let Some(Document::Object(shapes)) = field(&model, "shapes") else {
            continue;
        };
        for (id, shape) in shapes {
            let traits = field(shape, "traits");
            let Some(Document::Object(table)) =
                traits.and_then(|t| field(t, "smithy.waiters#waitable"))
            else {
                continue;
            };
            for (name, waiter) in table {
                waiters += 1;
                let Some(Document::Array(acceptors)) = field(waiter, "acceptors") else {
                    bad.push(format!("{id} {name}: no acceptors"));
                    continue;
                };
                for acceptor in acceptors {
                    let matcher = field(acceptor, "matcher");
                    for kind in ["output", "inputOutput"] {
                        let path = matcher
                            .and_then(|m| field(m, kind))
                            .and_then(|p| field(p, "path"));
                        if let Some(path) = text(path) {
                            paths += 1;
                            if let Err(e) = Expression::compile(path) {
                                bad.push(format!("{id} {name}: {e}"));
                            }
                        }
                    }
                }
            }
        }
    }
    println!(
        "{waiters} waiters, {paths} paths compiled, {} failed",
        bad.len()
    );
    assert!(bad.is_empty(), "{bad:#?}");
    assert!(paths > 0, "no waiter paths found in {}", dir.display());
}
