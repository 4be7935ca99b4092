//! The reference models in `../shared`: trait libraries, protocol tests, the AWS JSON models.

use super::*;

#[test]
#[ignore]
fn dump_trait_kinds() {
    let Some(dir) = shared_dir("smithy-1.73.0/traits") else {
        return;
    };
    let json = assemble(&read_dir_sources(&dir)).unwrap_or_else(|e| panic!("{e}"));
    for (id, shape) in json["shapes"].as_object().unwrap() {
        let is_trait = shape
            .get("traits")
            .and_then(|t| t.get("smithy.api#trait"))
            .is_some();
        println!(
            "{} {} {}",
            if is_trait { "T" } else { "S" },
            id,
            shape["type"].as_str().unwrap_or("?")
        );
    }
}

/// Every entry of the trait table is a trait shape of that kind in the library definitions,
/// parsed with this parser.
#[test]
fn trait_table_matches_the_library_definitions() {
    let Some(dir) = shared_dir("smithy-1.73.0/traits") else {
        return;
    };
    let json = assemble(&read_dir_sources(&dir)).unwrap_or_else(|e| panic!("{e}"));
    let shapes = json["shapes"].as_object().unwrap();
    assert!(
        traits::TRAITS.windows(2).all(|w| w[0].0 < w[1].0),
        "TRAITS must be sorted"
    );
    for (id, kind) in traits::TRAITS {
        let shape = shapes
            .get(*id)
            .unwrap_or_else(|| panic!("{id} is not defined"));
        assert_eq!(shape["type"], *kind, "{id}");
        assert!(
            shape["traits"].get("smithy.api#trait").is_some(),
            "{id} is not a trait"
        );
    }
    for (name, kind) in traits::PRELUDE_SHAPES {
        assert_eq!(
            shapes[&format!("smithy.api#{name}")]["type"],
            *kind,
            "{name}"
        );
    }
    let defined = shapes
        .values()
        .filter(|s| {
            s.get("traits")
                .and_then(|t| t.get("smithy.api#trait"))
                .is_some()
        })
        .count();
    assert_eq!(
        defined,
        traits::TRAITS.len(),
        "every library trait is in the table"
    );
}

#[test]
fn protocol_test_models_load() {
    let (Some(tests), Some(traits)) = (
        shared_dir("smithy-1.73.0/protocol-tests"),
        shared_dir("smithy-1.73.0/traits"),
    ) else {
        return;
    };
    let model = crate::load::load_paths(&[tests, traits]).unwrap_or_else(|e| panic!("{e}"));
    assert!(model.services().count() >= 10);
}

/// Prints the JSON AST of the files in `SMELT_IDL_DUMP` (space-separated), for eyeballing.
#[test]
#[ignore]
fn dump_json_ast() {
    let Ok(paths) = std::env::var("SMELT_IDL_DUMP") else {
        return;
    };
    let sources: Vec<(PathBuf, String)> = paths
        .split_whitespace()
        .map(|p| (PathBuf::from(p), std::fs::read_to_string(p).unwrap()))
        .collect();
    match assemble(&sources) {
        Ok(json) => println!("{}", serde_json::to_string_pretty(&json).unwrap()),
        Err(e) => println!("{e}"),
    }
}

/// The 22 AWS JSON AST models still load, alone through `load_paths`, and come out of
/// `assemble` unchanged (they have no `apply` entries or sets to rewrite).
#[test]
fn aws_json_models_load_and_assemble_unchanged() {
    let Some(dir) = shared_dir("models/aws") else {
        return;
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 22);
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        crate::load::load_paths(std::slice::from_ref(&path)).unwrap_or_else(|e| panic!("{e}"));
        let original: Value = serde_json::from_str(&text).unwrap();
        let assembled = assemble(&[(path.clone(), text)]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            assembled["shapes"],
            original["shapes"],
            "{}",
            path.display()
        );
        assert_eq!(
            assembled.get("metadata"),
            original.get("metadata"),
            "{}",
            path.display()
        );
    }
}

#[test]
fn load_paths_reads_directories_of_mixed_formats() {
    let dir = std::env::temp_dir().join(format!("smelt-idl-{}", std::process::id()));
    let nested = dir.join("nested");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(
        dir.join("a.smithy"),
        "$version: \"2\"\nnamespace ex\nservice S { version: \"1\", operations: [Op] }\n",
    )
    .unwrap();
    std::fs::write(
        nested.join("b.json"),
        r#"{"smithy": "2.0", "shapes": {"ex#Op": {"type": "operation"}}}"#,
    )
    .unwrap();
    std::fs::write(dir.join("notes.txt"), "ignored").unwrap();
    let model = crate::load::load_paths(std::slice::from_ref(&dir));
    std::fs::remove_dir_all(&dir).unwrap();
    let model = model.unwrap_or_else(|e| panic!("{e}"));
    assert!(model.shapes.keys().any(|k| k.as_str() == "ex#Op"));
    assert_eq!(model.services().count(), 1);
}

/// Throughput of the whole IDL path (lex, parse, resolve, merge) on the protocol-test models;
/// run with `--ignored --nocapture` (in release mode for a meaningful figure).
#[test]
#[ignore]
fn throughput_on_protocol_tests() {
    let Some(dir) = shared_dir("smithy-1.73.0/protocol-tests") else {
        return;
    };
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                walk(&p, out);
            } else if is_idl_path(&p) {
                let text = std::fs::read_to_string(&p).unwrap();
                out.push((p, text));
            }
        }
    }
    let mut sources = Vec::new();
    walk(&dir, &mut sources);
    if let Some(traits) = shared_dir("smithy-1.73.0/traits") {
        sources.extend(read_dir_sources(&traits));
    }
    let bytes: usize = sources.iter().map(|(_, t)| t.len()).sum();
    let start = std::time::Instant::now();
    let rounds = 5;
    for _ in 0..rounds {
        assemble(&sources).unwrap_or_else(|e| panic!("{e}"));
    }
    let secs = start.elapsed().as_secs_f64();
    let parse_start = std::time::Instant::now();
    for _ in 0..rounds {
        for (_, text) in &sources {
            let tokens = lexer::lex(text);
            let mut parser = Parser::new(&tokens);
            std::hint::black_box(parser.parse_file());
        }
    }
    println!(
        "lex and parse alone: {:.1} MB/s",
        (bytes * rounds) as f64 / 1e6 / parse_start.elapsed().as_secs_f64()
    );
    println!(
        "{} files, {:.2} MB, {:.1} MB/s",
        sources.len(),
        bytes as f64 / 1e6,
        (bytes * rounds) as f64 / 1e6 / secs
    );
}
