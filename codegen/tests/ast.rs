//! The writers of `smelt_codegen::ast`: the canonical JSON AST (deterministic, independent of
//! key order and of equivalent spellings, prelude left out, mixins applied) and the IDL 2.0
//! text written from it (expected text reasoned out from the Smithy 2.0 IDL specification,
//! escaping that reads back, every shared AWS model).

mod common;

use serde_json::{json, Value};
use smelt_codegen::ast::{to_idl, to_json_ast};
use std::path::Path;

/// Loads JSON AST text and writes its canonical form as pretty JSON.
fn canonical(text: &str) -> String {
    let model = smelt_codegen::load::load_str(Path::new("test.json"), text).expect("model loads");
    let ast = to_json_ast(&model).expect("model is valid");
    serde_json::to_string_pretty(&ast).expect("serializes")
}

fn canonical_value(model: &Value) -> Value {
    let text = canonical(&model.to_string());
    serde_json::from_str(&text).expect("parses")
}

/// The IDL files of a model given as JSON AST.
fn idl(model: &Value) -> Vec<(String, String)> {
    to_idl(&canonical_value(model)).expect("writes IDL")
}

/// A deterministic permutation of every JSON object's keys except `members` (member order
/// means something), recursively.
fn shuffle(value: &Value, seed: &mut u64, in_members: bool) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            if !in_members {
                for i in (1..entries.len()).rev() {
                    *seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let j = (*seed >> 33) as usize % (i + 1);
                    entries.swap(i, j);
                }
            }
            entries
                .into_iter()
                .map(|(k, v)| {
                    let members = !in_members && k == "members";
                    (k.clone(), shuffle(v, seed, members))
                })
                .collect::<serde_json::Map<_, _>>()
                .into()
        }
        Value::Array(items) => items.iter().map(|v| shuffle(v, seed, false)).collect(),
        other => other.clone(),
    }
}

#[test]
fn canonical_form_is_independent_of_key_order_and_deterministic() {
    let mut paths = vec![common::root().join("codegen/tests/reference/docdb-elastic.json")];
    // A shared model with large nested trait values (endpoint rules, examples, waiters).
    match common::shared_models() {
        Some(dir) => paths.push(dir.join("lambda.json")),
        None => eprintln!("lambda.json skipped: ../shared/models/aws is not present"),
    }
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("model file");
        assert_shuffles_to_the_same_bytes(&text);
    }
}

fn assert_shuffles_to_the_same_bytes(text: &str) {
    let original: Value = serde_json::from_str(text).expect("JSON");
    let expected = canonical(text);
    assert_eq!(expected, canonical(text), "two runs differ");
    for seed in [1u64, 7, 1234] {
        let mut state = seed;
        let shuffled = shuffle(&original, &mut state, false);
        assert_ne!(
            serde_json::to_string(&shuffled).unwrap(),
            serde_json::to_string(&original).unwrap(),
            "the shuffle changed nothing"
        );
        assert_eq!(expected, canonical(&shuffled.to_string()), "seed {seed}");
    }
}

#[test]
fn trait_values_and_metadata_have_sorted_keys() {
    let ast = canonical_value(&json!({
        "smithy": "2.0",
        "metadata": {"z": {"y": 1, "x": [{"b": 1, "a": 2}]}, "a": 1},
        "shapes": {"ex#S": {"type": "string", "traits": {"ex#t": {"b": {"d": 1, "c": 2}, "a": 0}}}}
    }));
    let text = ast.to_string();
    assert_eq!(
        text,
        r#"{"smithy":"2.0","metadata":{"a":1,"z":{"x":[{"a":2,"b":1}],"y":1}},"shapes":{"ex#S":{"type":"string","traits":{"ex#t":{"a":0,"b":{"c":2,"d":1}}}}}}"#
    );
}

#[test]
fn equivalent_spellings_give_the_same_bytes() {
    // `apply`, an explicit Unit input, an enum member without its value and a version-less
    // service written out in full versus the canonical spelling.
    let long = json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {"type": "service", "operations": [{"target": "ex#Op"}]},
            "ex#Op": {"type": "operation", "input": {"target": "smithy.api#Unit"}},
            "ex#E": {"type": "enum", "members": {"A": {"target": "smithy.api#Unit"}}},
            "ex#S": {"type": "structure", "members": {"m": {"target": "smithy.api#String"}}},
            "ex#S$m": {"type": "apply", "traits": {"smithy.api#required": {}}},
            "ex#E$A": {"type": "apply", "traits": {"smithy.api#documentation": "a"}}
        }
    });
    let short = json!({
        "smithy": "2.0",
        "shapes": {
            "ex#E": {"type": "enum", "members": {"A": {"target": "smithy.api#Unit", "traits": {
                "smithy.api#documentation": "a", "smithy.api#enumValue": "A"}}}},
            "ex#Op": {"type": "operation"},
            "ex#S": {"type": "structure", "members": {"m": {"target": "smithy.api#String",
                "traits": {"smithy.api#required": {}}}}},
            "ex#Svc": {"type": "service", "version": "", "operations": [{"target": "ex#Op"}]}
        }
    });
    assert_eq!(canonical(&long.to_string()), canonical(&short.to_string()));
}

#[test]
fn prelude_is_left_out_but_a_same_named_shape_of_the_model_is_kept() {
    let ast = canonical_value(&json!({
        "smithy": "2.0",
        "shapes": {
            "ex#S": {"type": "structure", "members": {
                "a": {"target": "smithy.api#String"}, "b": {"target": "ex#String"}}},
            "ex#String": {"type": "string"}
        }
    }));
    let shapes = ast["shapes"].as_object().unwrap();
    let ids: Vec<&str> = shapes.keys().map(String::as_str).collect();
    assert_eq!(ids, ["ex#S", "ex#String"]);
    assert_eq!(ast["smithy"], "2.0");
    assert!(ast.get("metadata").is_none());
}

#[test]
fn mixins_are_applied_and_mixin_shapes_dropped() {
    let ast = canonical_value(&json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Base": {"type": "structure",
                "members": {"id": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}},
                "traits": {"smithy.api#mixin": {"localTraits": ["ex#local"]},
                           "ex#local": {}, "ex#shared": "base", "smithy.api#documentation": "base"}},
            "ex#Named": {"type": "structure", "mixins": [{"target": "ex#Base"}],
                "members": {"name": {"target": "smithy.api#String"}},
                "traits": {"smithy.api#mixin": {}}},
            "ex#Thing": {"type": "structure", "mixins": [{"target": "ex#Named"}],
                "members": {"size": {"target": "smithy.api#Integer"}},
                "traits": {"smithy.api#documentation": "own"}},
            "ex#Thing$id": {"type": "apply", "traits": {"smithy.api#documentation": "the id"}}
        }
    }));
    assert_eq!(
        ast,
        json!({
            "smithy": "2.0",
            "shapes": {
                "ex#Thing": {
                    "type": "structure",
                    "members": {
                        "id": {"target": "smithy.api#String", "traits": {
                            "smithy.api#documentation": "the id", "smithy.api#required": {}}},
                        "name": {"target": "smithy.api#String"},
                        "size": {"target": "smithy.api#Integer"}
                    },
                    "traits": {"ex#shared": "base", "smithy.api#documentation": "own"}
                }
            }
        })
    );
    // Member order is part of the model: mixin members first, in mixin order.
    let members: Vec<&String> = ast["shapes"]["ex#Thing"]["members"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(members, ["id", "name", "size"]);
}

#[test]
fn mixins_of_services_and_operations_merge_their_properties() {
    let ast = canonical_value(&json!({
        "smithy": "2.0",
        "shapes": {
            "ex#BaseService": {"type": "service", "version": "1", "errors": [{"target": "ex#E1"}],
                "operations": [{"target": "ex#A"}], "traits": {"smithy.api#mixin": {}}},
            "ex#Svc": {"type": "service", "mixins": [{"target": "ex#BaseService"}],
                "errors": [{"target": "ex#E2"}], "operations": [{"target": "ex#B"}]},
            "ex#Errs": {"type": "operation", "errors": [{"target": "ex#E1"}],
                "traits": {"smithy.api#mixin": {}, "smithy.api#readonly": {}}},
            "ex#A": {"type": "operation", "mixins": [{"target": "ex#Errs"}],
                "errors": [{"target": "ex#E2"}]},
            "ex#B": {"type": "operation"},
            "ex#E1": {"type": "structure", "traits": {"smithy.api#error": "client"}},
            "ex#E2": {"type": "structure", "traits": {"smithy.api#error": "server"}}
        }
    }));
    let r = |id: &str| json!({"target": id});
    assert_eq!(
        ast["shapes"]["ex#Svc"],
        json!({"type": "service", "version": "1", "operations": [r("ex#A"), r("ex#B")],
               "errors": [r("ex#E1"), r("ex#E2")]})
    );
    assert_eq!(
        ast["shapes"]["ex#A"],
        json!({"type": "operation", "errors": [r("ex#E1"), r("ex#E2")],
               "traits": {"smithy.api#readonly": {}}})
    );
    assert!(
        ast["shapes"].get("ex#BaseService").is_none() && ast["shapes"].get("ex#Errs").is_none()
    );
}

#[test]
fn service_resource_and_operation_properties_are_written() {
    let ast = canonical_value(&json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {"type": "service", "version": "1", "resources": [{"target": "ex#R"}],
                       "errors": [{"target": "ex#Err"}], "rename": {"ex2#Err": "OtherErr"}},
            "ex#R": {"type": "resource",
                     "properties": {"b": {"target": "smithy.api#String"}},
                     "identifiers": {"z": {"target": "smithy.api#String"}, "a": {"target": "smithy.api#String"}},
                     "list": {"target": "ex#L"}, "create": {"target": "ex#C"},
                     "collectionOperations": [{"target": "ex#Batch"}],
                     "operations": [{"target": "ex#Touch"}], "resources": [{"target": "ex#Child"}]},
            "ex#Child": {"type": "resource"},
            "ex#C": {"type": "operation", "output": {"target": "ex#Out"}, "errors": [{"target": "ex2#Err"}]},
            "ex#L": {"type": "operation"}, "ex#Batch": {"type": "operation"}, "ex#Touch": {"type": "operation"},
            "ex#Out": {"type": "structure"},
            "ex#Err": {"type": "structure", "traits": {"smithy.api#error": "client"}},
            "ex2#Err": {"type": "structure", "traits": {"smithy.api#error": "server"}}
        }
    }));
    let r = |id: &str| json!({"target": id});
    assert_eq!(
        ast["shapes"]["ex#R"],
        json!({"type": "resource",
               "identifiers": {"a": r("smithy.api#String"), "z": r("smithy.api#String")},
               "properties": {"b": r("smithy.api#String")},
               "create": r("ex#C"), "list": r("ex#L"),
               "operations": [r("ex#Touch")], "collectionOperations": [r("ex#Batch")],
               "resources": [r("ex#Child")]})
    );
    assert_eq!(
        ast["shapes"]["ex#Svc"],
        json!({"type": "service", "version": "1", "resources": [r("ex#R")],
               "errors": [r("ex#Err")], "rename": {"ex2#Err": "OtherErr"}})
    );
    assert_eq!(
        ast["shapes"]["ex#C"],
        json!({"type": "operation", "output": r("ex#Out"), "errors": [r("ex2#Err")]})
    );
}

#[test]
fn an_invalid_model_gives_a_located_error() {
    let model = smelt_codegen::load::load_str(
        Path::new("bad.json"),
        r#"{"smithy": "2.0", "shapes": {"ex#S": {"type": "structure", "members": {"m": {"target": "ex#Missing"}}}}}"#,
    )
    .unwrap();
    let err = to_json_ast(&model).unwrap_err().to_string();
    assert!(
        err.contains("bad.json") && err.contains("ex#S") && err.contains("ex#Missing"),
        "{err}"
    );
}

/// The example model of the IDL tests: two namespaces, a name clash across them, a shadowed
/// prelude name, every shape kind and the common trait forms.
fn weather() -> Value {
    json!({
        "smithy": "2.0",
        "metadata": {"z": {"b": 1, "a": true}, "authors": ["a"]},
        "shapes": {
            "ex.weather#Weather": {"type": "service", "version": "2006-03-01",
                "operations": [{"target": "ex.weather#GetCity"}],
                "resources": [{"target": "ex.weather#City"}],
                "errors": [{"target": "ex.common#Oops"}],
                "rename": {"ex.common#City": "CommonCity"},
                "traits": {"aws.auth#sigv4": {"name": "weather"},
                           "smithy.api#documentation": "The weather service.\n\nSecond paragraph.",
                           "smithy.api#title": "Weather"}},
            "ex.weather#City": {"type": "resource",
                "identifiers": {"cityId": {"target": "ex.weather#CityId"}},
                "properties": {"name": {"target": "smithy.api#String"}},
                "read": {"target": "ex.weather#GetCity"},
                "list": {"target": "ex.weather#ListCities"}},
            "ex.weather#CityId": {"type": "string", "traits": {"smithy.api#pattern": "^[A-Za-z0-9 ]+$"}},
            "ex.weather#GetCity": {"type": "operation",
                "input": {"target": "ex.weather#GetCityInput"},
                "output": {"target": "ex.weather#GetCityOutput"},
                "errors": [{"target": "ex.weather#NoSuchCity"}],
                "traits": {"smithy.api#readonly": {}}},
            "ex.weather#GetCityInput": {"type": "structure",
                "members": {"cityId": {"target": "ex.weather#CityId", "traits": {"smithy.api#required": {}}}},
                "traits": {"smithy.api#input": {}}},
            "ex.weather#GetCityOutput": {"type": "structure",
                "members": {
                    "name": {"target": "smithy.api#String"},
                    "city": {"target": "ex.common#City"},
                    "size": {"target": "smithy.api#Integer", "traits": {"smithy.api#default": 0}},
                    "tags": {"target": "ex.weather#Tags", "traits": {"smithy.api#default": {}}}
                },
                "traits": {"smithy.api#output": {}}},
            "ex.weather#ListCities": {"type": "operation",
                "output": {"target": "ex.weather#ListCitiesOutput"},
                "traits": {"smithy.api#readonly": {}}},
            "ex.weather#ListCitiesOutput": {"type": "structure",
                "members": {"items": {"target": "ex.weather#CityIds"}}},
            "ex.weather#CityIds": {"type": "list", "member": {"target": "ex.weather#CityId"}},
            "ex.weather#Tags": {"type": "map", "key": {"target": "smithy.api#String"},
                "value": {"target": "smithy.api#String"},
                "traits": {"smithy.api#length": {"min": 1, "max": 50}}},
            "ex.weather#NoSuchCity": {"type": "structure",
                "members": {"message": {"target": "smithy.api#String"}},
                "traits": {"smithy.api#error": "client"}},
            "ex.weather#Sky": {"type": "enum", "members": {
                "CLEAR": {"target": "smithy.api#Unit"},
                "CLOUDY": {"target": "smithy.api#Unit", "traits": {
                    "smithy.api#enumValue": "cloudy", "smithy.api#documentation": "Grey."}}}},
            "ex.weather#Level": {"type": "intEnum", "members": {
                "LOW": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}},
                "HIGH": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 2}}}},
            "ex.weather#Integer": {"type": "long"},
            "ex.weather#Forecast": {"type": "union", "members": {
                "sun": {"target": "smithy.api#Unit"},
                "rain": {"target": "smithy.api#Integer"}}},
            "ex.common#City": {"type": "structure", "members": {}},
            "ex.common#Oops": {"type": "structure",
                "members": {"message": {"target": "smithy.api#String"}},
                "traits": {"smithy.api#error": "server"}}
        }
    })
}

const WEATHER_COMMON: &str = r#"$version: "2"

metadata authors = ["a"]
metadata z = { a: true, b: 1 }

namespace ex.common

structure City {}

@error("server")
structure Oops {
    message: String
}
"#;

const WEATHER: &str = r#"$version: "2"

namespace ex.weather

use aws.auth#sigv4
use ex.common#Oops

resource City {
    identifiers: { cityId: CityId }
    properties: { name: String }
    read: GetCity
    list: ListCities
}

@pattern("^[A-Za-z0-9 ]+$")
string CityId

list CityIds {
    member: CityId
}

union Forecast {
    sun: Unit
    rain: smithy.api#Integer
}

@readonly
operation GetCity {
    input := {
        @required
        cityId: CityId
    }
    output := {
        name: String
        city: ex.common#City
        size: smithy.api#Integer = 0
        tags: Tags = {}
    }
    errors: [NoSuchCity]
}

long Integer

intEnum Level {
    LOW = 1
    HIGH = 2
}

@readonly
operation ListCities {
    output: ListCitiesOutput
}

structure ListCitiesOutput {
    items: CityIds
}

@error("client")
structure NoSuchCity {
    message: String
}

enum Sky {
    CLEAR

    /// Grey.
    CLOUDY = "cloudy"
}

@length(max: 50, min: 1)
map Tags {
    key: String
    value: String
}

/// The weather service.
///
/// Second paragraph.
@sigv4(name: "weather")
@title("Weather")
service Weather {
    version: "2006-03-01"
    operations: [GetCity]
    resources: [City]
    errors: [Oops]
    rename: { "ex.common#City": "CommonCity" }
}
"#;

#[test]
fn idl_of_a_small_model_reads_like_hand_written_idl() {
    let files = idl(&weather());
    let names: Vec<&str> = files.iter().map(|(ns, _)| ns.as_str()).collect();
    assert_eq!(names, ["ex.common", "ex.weather"]);
    assert_eq!(files[0].1, WEATHER_COMMON);
    assert_eq!(files[1].1, WEATHER);
}

#[test]
fn names_resolve_to_the_intended_shape() {
    // `ex.a#Thing` is local; `ex.b#Thing` clashes with it; `ex.b#String` would shadow the
    // prelude's `String`, which the file also uses; `ex.b#Other` and `ex.c#Other` clash with
    // each other; `ex.b#Solo` is imported.
    let files = idl(&json!({
        "smithy": "2.0",
        "shapes": {
            "ex.a#Thing": {"type": "structure", "members": {
                "a": {"target": "ex.b#Thing"},
                "b": {"target": "ex.b#String"},
                "c": {"target": "smithy.api#String"},
                "d": {"target": "ex.b#Other"},
                "e": {"target": "ex.c#Other"},
                "f": {"target": "ex.b#Solo"},
                "g": {"target": "ex.a#Thing"}
            }},
            "ex.b#Thing": {"type": "string"}, "ex.b#String": {"type": "string"},
            "ex.b#Other": {"type": "string"}, "ex.c#Other": {"type": "string"},
            "ex.b#Solo": {"type": "string"}
        }
    }));
    let expected = r#"$version: "2"

namespace ex.a

use ex.b#Solo

structure Thing {
    a: ex.b#Thing
    b: ex.b#String
    c: String
    d: ex.b#Other
    e: ex.c#Other
    f: Solo
    g: Thing
}
"#;
    assert_eq!(files[0], ("ex.a".to_string(), expected.to_string()));
    assert_eq!(files.len(), 3);
}

#[test]
fn long_trait_values_and_reference_lists_break_over_lines() {
    let ops: serde_json::Map<String, Value> = (0..8)
        .map(|i| {
            (
                format!("ex#OperationNumber{i}"),
                json!({"type": "operation"}),
            )
        })
        .collect();
    let mut shapes = ops.clone();
    shapes.insert(
        "ex#Svc".into(),
        json!({"type": "service",
               "operations": ops.keys().map(|k| json!({"target": k})).collect::<Vec<_>>(),
               "traits": {"other#big": {"first": "a fairly long string value that takes room",
                                     "second": ["another long string value", "and one more of them"]}}}),
    );
    let files = idl(&json!({"smithy": "2.0", "shapes": shapes}));
    let text = &files[0].1;
    let expected = r#"operation OperationNumber7 {}

@big(
    first: "a fairly long string value that takes room"
    second: ["another long string value", "and one more of them"]
)
service Svc {
    operations: [
        OperationNumber0
        OperationNumber1
        OperationNumber2
        OperationNumber3
        OperationNumber4
        OperationNumber5
        OperationNumber6
        OperationNumber7
    ]
}
"#;
    assert!(text.ends_with(expected), "{text}");
    assert!(
        text.contains("\nnamespace ex\n\nuse other#big\n\noperation"),
        "{text}"
    );
}

/// Reads an IDL quoted string starting at `text` (after the opening quote) the way the
/// specification defines its escapes; returns the value and the rest after the closing quote.
fn read_quoted(text: &str) -> (String, &str) {
    let mut out = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (out, &text[i + 1..]),
            '\\' => {
                let (_, e) = chars.next().expect("escape");
                match e {
                    '"' => out.push('"'),
                    '\\' => out.push('\\'),
                    '/' => out.push('/'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'u' => {
                        let hex: String = (0..4).map(|_| chars.next().expect("hex").1).collect();
                        let code = u32::from_str_radix(&hex, 16).expect("hex digits");
                        out.push(char::from_u32(code).expect("not a surrogate"));
                    }
                    other => panic!("unknown escape \\{other}"),
                }
            }
            c => {
                assert!(
                    !c.is_control(),
                    "raw control character {c:?} in a quoted string"
                );
                out.push(c);
            }
        }
    }
    panic!("unterminated string");
}

#[test]
fn hostile_strings_are_escaped_so_they_read_back() {
    let hostile = "say \"hi\" \\ back\\slash\nnew line\ttab\r\u{0}nul\u{7f}del \u{1b}[0m 🦀 é ✓ /";
    let files = idl(&json!({
        "smithy": "2.0",
        "metadata": {"we\"ird key": hostile},
        "shapes": {"ex#S": {"type": "string", "traits": {
            "smithy.api#documentation": hostile,
            "smithy.api#pattern": "^\\d+\\.\\d*$"
        }}}
    }));
    let text = &files[0].1;
    let expected_literal =
        r#""say \"hi\" \\ back\\slash\nnew line\ttab\r\u0000nul\u007Fdel \u001B[0m 🦀 é ✓ /""#;
    assert!(
        text.contains(&format!(
            "metadata \"we\\\"ird key\" = {expected_literal}\n"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("@documentation({expected_literal})\n")),
        "{text}"
    );
    assert!(
        text.contains("@pattern(\"^\\\\d+\\\\.\\\\d*$\")\n"),
        "{text}"
    );
    // Every quoted string in the file reads back to one of the inputs.
    let mut rest = text.as_str();
    let mut read = Vec::new();
    while let Some(start) = rest.find('"') {
        let (value, after) = read_quoted(&rest[start + 1..]);
        read.push(value);
        rest = after;
    }
    assert_eq!(
        read,
        ["2", "we\"ird key", hostile, hostile, "^\\d+\\.\\d*$"],
        "{text}"
    );
}

#[test]
fn documentation_uses_comments_only_where_they_read_back() {
    let doc = |d: &str| json!({"type": "string", "traits": {"smithy.api#documentation": d}});
    let files = idl(&json!({
        "smithy": "2.0",
        "shapes": {
            "ex#A": doc("line one\n  indented\n\nend 🦀"),
            "ex#B": doc("trailing space "),
            "ex#C": doc(""),
            "ex#D": doc("\nstarts with a blank line"),
            "ex#E": doc("tab\there")
        }
    }));
    let expected = r#"$version: "2"

namespace ex

/// line one
///   indented
///
/// end 🦀
string A

/// trailing space 
string B

@documentation("")
string C

@documentation("\nstarts with a blank line")
string D

@documentation("tab\there")
string E
"#;
    assert_eq!(files[0].1, expected);
}

#[test]
fn a_model_without_shapes_gives_one_file_without_namespace() {
    let files =
        to_idl(&json!({"smithy": "2.0", "metadata": {"k": [1, 2.5, null, false]}, "shapes": {}}))
            .unwrap();
    assert_eq!(
        files,
        [(
            String::new(),
            "$version: \"2\"\n\nmetadata k = [1, 2.5, null, false]\n".to_string()
        )]
    );
}

/// A shared model's path, canonical JSON AST and IDL files.
type AwsModel = (std::path::PathBuf, Value, Vec<(String, String)>);

/// The canonical JSON AST and IDL files of every shared AWS model, or `None` (with the reason
/// printed) when `../shared/models/aws` is absent.
fn aws_models() -> Option<Vec<AwsModel>> {
    let Some(dir) = common::shared_models() else {
        eprintln!("skipped: ../shared/models/aws is not present");
        return None;
    };
    let models = common::json_files(&dir);
    assert_eq!(models.len(), 22, "the shared corpus has 22 models");
    Some(
        models
            .into_iter()
            .map(|path| {
                let model = smelt_codegen::load::load_file(&path).expect("loads");
                let ast = to_json_ast(&model).unwrap_or_else(|e| panic!("{e}"));
                let files = to_idl(&ast).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                (path, ast, files)
            })
            .collect(),
    )
}

#[test]
fn every_shared_aws_model_is_written_as_idl_naming_every_shape() {
    let Some(models) = aws_models() else { return };
    for (path, ast, files) in models {
        for (id, shape) in ast["shapes"].as_object().unwrap() {
            let (namespace, name) = id.split_once('#').unwrap();
            let ty = shape["type"].as_str().unwrap();
            let text = &files
                .iter()
                .find(|(ns, _)| ns == namespace)
                .unwrap_or_else(|| panic!("{}: no file for {namespace}", path.display()))
                .1;
            let statement = format!("\n{ty} {name}");
            if text.contains(&format!("{statement}\n")) || text.contains(&format!("{statement} {{"))
            {
                continue;
            }
            // Or written inline in its operation: `input := {` / `output := {`.
            let inline = [("Input", "input"), ("Output", "output")]
                .into_iter()
                .find_map(|(suffix, key)| Some((name.strip_suffix(suffix)?, key)))
                .and_then(|(operation, key)| {
                    let start = text.find(&format!("\noperation {operation} {{\n"))?;
                    let end = start + text[start..].find("\n}\n")?;
                    Some(text[start..end].contains(&format!("\n    {key} := {{")))
                });
            assert_eq!(
                inline,
                Some(true),
                "{}: no `{ty} {name}` statement nor inline structure",
                path.display()
            );
        }
    }
}

/// The canonical JSON AST of the model the given IDL files define, loaded as one model by the
/// IDL frontend (`load_paths`).
fn parse_idl_for_roundtrip(files: &[(String, String)]) -> Value {
    let dir = std::env::temp_dir().join(format!(
        "smelt-ast-roundtrip-{}-{}",
        std::process::id(),
        ROUNDTRIP_DIRS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let paths: Vec<std::path::PathBuf> = files
        .iter()
        .map(|(namespace, text)| {
            let path = dir.join(format!("{namespace}.smithy"));
            std::fs::write(&path, text).expect("written");
            path
        })
        .collect();
    let model = smelt_codegen::load::load_paths(&paths).unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_dir_all(&dir).ok();
    to_json_ast(&model).unwrap_or_else(|e| panic!("{e}"))
}

/// Tests run in parallel: each round trip gets its own folder.
static ROUNDTRIP_DIRS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[test]
fn every_shared_aws_model_round_trips_through_idl() {
    let Some(models) = aws_models() else { return };
    for (path, ast, files) in models {
        assert_eq!(parse_idl_for_roundtrip(&files), ast, "{}", path.display());
    }
}

/// Top-level pieces of an IDL file (the header, then one per shape), with `//` line comments
/// dropped, sorted: equal for two files that differ only in shape order and comments.
fn idl_blocks(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("//") || l.starts_with("///"))
        .collect();
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let next_starts_block = lines
            .get(i + 1)
            .is_some_and(|n| !n.is_empty() && !n.starts_with(' '));
        if line.is_empty() && next_starts_block {
            if !current.is_empty() {
                blocks.push(current.join("\n").trim_end().to_string());
            }
            current.clear();
        } else if !(line.is_empty() && current.is_empty()) {
            current.push(line);
        }
    }
    if !current.is_empty() {
        blocks.push(current.join("\n").trim_end().to_string());
    }
    blocks.sort();
    blocks
}

#[test]
fn docdb_elastic_smithy_is_the_json_model_rearranged() {
    let root = common::root();
    let json =
        std::fs::read_to_string(root.join("codegen/tests/reference/docdb-elastic.json")).unwrap();
    let files = to_idl(&serde_json::from_str(&canonical(&json)).unwrap()).unwrap();
    assert_eq!(files.len(), 1);
    let written = std::fs::read_to_string(root.join("model/docdb-elastic.smithy")).unwrap();
    let (expected, actual) = (idl_blocks(&files[0].1), idl_blocks(&written));
    assert!(expected.len() > 50, "{} blocks", expected.len());
    for (e, a) in expected.iter().zip(&actual) {
        assert_eq!(
            e, a,
            "model/docdb-elastic.smithy no longer matches codegen/tests/reference/docdb-elastic.json"
        );
    }
    assert_eq!(expected.len(), actual.len());
}

#[test]
fn docdb_elastic_smithy_loads_as_the_json_model() {
    let root = common::root();
    let json =
        std::fs::read_to_string(root.join("codegen/tests/reference/docdb-elastic.json")).unwrap();
    let written = std::fs::read_to_string(root.join("model/docdb-elastic.smithy")).unwrap();
    let expected: Value = serde_json::from_str(&canonical(&json)).unwrap();
    let files = [("com.amazonaws.docdbelastic".to_string(), written)];
    assert_eq!(parse_idl_for_roundtrip(&files), expected);
}

#[test]
fn the_canonical_form_is_a_fixed_point() {
    // Loading the canonical document again gives the same document: nothing the writer adds
    // or drops is read differently. Run over the project's models and the shared corpus, each
    // also written as IDL.
    let mut paths = common::test_models();
    paths.push(common::root().join("codegen/tests/reference/docdb-elastic.json"));
    if let Some(dir) = common::shared_models() {
        paths.extend(common::json_files(&dir));
    } else {
        eprintln!("shared corpus skipped: ../shared/models/aws is not present");
    }
    for path in paths {
        let model = smelt_codegen::load::load_file(&path).expect("loads");
        let first = to_json_ast(&model).unwrap_or_else(|e| panic!("{e}"));
        to_idl(&first).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let text = serde_json::to_string_pretty(&first).unwrap();
        assert_eq!(
            canonical(&text),
            text,
            "{}: canonical form changes when read again",
            path.display()
        );
    }
}

/// The default model's source is IDL now; the JSON AST it was first written in stays as the
/// reference: both give the same crate, byte for byte.
#[test]
fn docdb_elastic_from_idl_generates_the_crate_of_the_json_reference() {
    let root = common::root();
    let from_idl = common::generate(&root.join("model/docdb-elastic.smithy"));
    let from_json = common::generate(&root.join("codegen/tests/reference/docdb-elastic.json"));
    assert_eq!(from_idl.files.len(), from_json.files.len());
    for ((path_a, text_a), (path_b, text_b)) in from_idl.files.iter().zip(&from_json.files) {
        assert_eq!(path_a, path_b);
        assert!(text_a == text_b, "{} differs", path_a.display());
    }
}
