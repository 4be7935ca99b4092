//! The IDL frontend end to end: a service written in IDL across two files (a directory) gives
//! the same JSON AST, and the same generated crate byte for byte, as the same service written
//! by hand in the JSON AST (`tests/idl/`).

mod common;

use std::path::PathBuf;

fn dir() -> PathBuf {
    common::root().join("codegen/tests/idl")
}

#[test]
fn idl_directory_and_json_ast_give_the_same_document() {
    let mut sources = Vec::new();
    for name in ["service.smithy", "shapes.smithy"] {
        let path = dir().join("weather-idl").join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        sources.push((path, text));
    }
    let from_idl = smelt_codegen::load::idl::assemble(&sources).unwrap_or_else(|e| panic!("{e}"));
    let json_path = dir().join("weather.json");
    let from_json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json_path).unwrap()).unwrap();
    assert_eq!(from_idl, from_json);
}

#[test]
fn idl_directory_and_json_ast_generate_the_same_crate() {
    let from_idl = common::generate(&dir().join("weather-idl"));
    let from_json = common::generate(&dir().join("weather.json"));
    assert!(!from_idl.files.is_empty());
    assert_eq!(common::concat(&from_idl), common::concat(&from_json));
}
