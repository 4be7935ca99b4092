use super::*;

fn shared_dir(sub: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(sub);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

fn read_dir_sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| is_idl_path(p))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

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
