//! insta snapshots of generated output: every focused test model in full, and the seed
//! operation of the default model (the rest of `generated/` is checked by the freshness test).

mod common;

#[test]
fn test_model_snapshots() {
    for model in common::test_models() {
        let name = model
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name")
            .to_string();
        let generated = common::generate(&model);
        insta::assert_snapshot!(name, common::concat(&generated));
    }
}

#[test]
fn default_model_seed_operation_snapshot() {
    let model = common::root().join("model/docdb-elastic.smithy");
    let mut generated = common::generate(&model);
    generated.files.retain(|(path, _)| {
        let p = path.to_string_lossy();
        p == "src/lib.rs" || p == "src/client.rs" || p.ends_with("copy_cluster_snapshot.rs")
    });
    insta::assert_snapshot!("docdb_elastic_seed", common::concat(&generated));
}
