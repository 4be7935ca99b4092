//! botocore's own protocol-test suites and real service models through the frontend.

use super::*;

/// Wraps each suite of a conformance file into a `service-2.json`-shaped model whose
/// operations have one key per case (the `name` field unchanged).
fn conformance_models(file: &str) -> Option<Vec<(String, String)>> {
    let path = manifest_dir().join(CONFORMANCE).join(file);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            println!("skipping {file}: {} is not readable ({e})", path.display());
            return None;
        }
    };
    let suites: Vec<Value> = serde_json::from_str(&text).expect("conformance JSON");
    let mut out = Vec::new();
    for (i, suite) in suites.iter().enumerate() {
        let mut operations = Map::new();
        for (n, case) in suite["cases"].as_array().expect("cases").iter().enumerate() {
            let given = &case["given"];
            let name = given["name"].as_str().expect("name");
            let key = if n == 0 {
                name.to_string()
            } else {
                format!("{name}Case{n}")
            };
            operations.insert(key, given.clone());
        }
        let model = json!({
            "metadata": suite["metadata"],
            "operations": operations,
            "shapes": suite["shapes"],
        });
        let label = format!(
            "{file} suite {i} ({})",
            suite["description"].as_str().unwrap_or("")
        );
        out.push((label, model.to_string()));
    }
    Some(out)
}

#[test]
fn conformance_json_suites_generate() {
    let mut failures = Vec::new();
    let mut done = 0;
    for file in [
        "input/rest-json.json",
        "input/json.json",
        "input/json_1_0.json",
        "output/rest-json.json",
        "output/json.json",
        "output/json_1_0.json",
        "input/json_1_0-query-compatible.json",
        "output/json_1_0-query-compatible.json",
    ] {
        let Some(models) = conformance_models(file) else {
            continue;
        };
        for (label, text) in models {
            done += 1;
            if let Err(e) = pipeline(Path::new(&label), &text) {
                failures.push(e.to_string());
            }
        }
    }
    println!("{done} suites through the pipeline");
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn conformance_other_protocols_load() {
    let mut failures = Vec::new();
    for file in [
        "input/query.json",
        "output/query.json",
        "input/ec2.json",
        "output/ec2.json",
        "input/rest-xml.json",
        "output/rest-xml.json",
        "input/smithy-rpc-v2-cbor.json",
        "output/smithy-rpc-v2-cbor.json",
        "input/smithy-rpc-v2-cbor-query-compatible.json",
        "output/smithy-rpc-v2-cbor-query-compatible.json",
        "input/smithy-rpc-v2-cbor-non-query-compatible.json",
    ] {
        for (label, text) in conformance_models(file).into_iter().flatten() {
            let loaded =
                crate::load::load_str(Path::new(&label), &text).and_then(crate::transform::run);
            if let Err(e) = loaded {
                failures.push(e.to_string());
            } else if let Err(e) = pipeline(Path::new(&label), &text) {
                // Generation of these protocols is not supported yet; only report.
                println!("{label}: {e}");
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Runs every `*.json` of `$SMELT_BOTOCORE_DIR` (for example botocore's `data/*/*/service-2.json`,
/// decompressed) through the pipeline: `cargo test -p smelt-codegen --lib real_botocore -- --ignored`.
#[test]
#[ignore = "needs SMELT_BOTOCORE_DIR"]
fn real_botocore_models() {
    let Some(dir) = std::env::var_os("SMELT_BOTOCORE_DIR") else {
        println!("skipping: SMELT_BOTOCORE_DIR is not set");
        return;
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("readable SMELT_BOTOCORE_DIR")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    let (mut operations, mut unsupported) = (0, 0);
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("readable model");
        match pipeline(path, &text) {
            Ok(generated) => {
                operations += generated.operations;
                unsupported += generated.unsupported.len();
            }
            Err(e) => failures.push(e),
        }
    }
    println!(
        "{} models, {} failed; {operations} operations generated, {unsupported} not",
        paths.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
