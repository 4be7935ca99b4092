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

// ---- helpers ------------------------------------------------------------------------------

fn files(sources: &[(&str, &str)]) -> Vec<(PathBuf, String)> {
    sources
        .iter()
        .map(|(p, t)| (PathBuf::from(p), t.to_string()))
        .collect()
}

/// The JSON AST of one IDL file, or a panic showing the errors.
fn ast(src: &str) -> Value {
    assemble(&files(&[("test.smithy", src)])).unwrap_or_else(|e| panic!("{e}"))
}

#[allow(dead_code)]
fn shape(src: &str, id: &str) -> Value {
    let json = ast(src);
    json["shapes"]
        .get(id)
        .cloned()
        .unwrap_or_else(|| panic!("no {id} in {json:#}"))
}

/// Every error of a failed assembly as (file, line, column, message).
fn errors(sources: &[(&str, &str)]) -> Vec<(String, u32, u32, String)> {
    let error = assemble(&files(sources)).expect_err("expected errors");
    error
        .all()
        .map(|e| {
            let (line, col) = e.location.as_ref().map_or((0, 0), |l| (l.line, l.column));
            (e.file.display().to_string(), line, col, e.message.clone())
        })
        .collect()
}

fn error_list(src: &str) -> Vec<(u32, u32, String)> {
    errors(&[("test.smithy", src)])
        .into_iter()
        .map(|(_, l, c, m)| (l, c, m))
        .collect()
}

/// Asserts that exactly these (line, column, message fragment) errors are reported.
fn assert_errors(src: &str, expected: &[(u32, u32, &str)]) {
    let got = error_list(src);
    assert_eq!(got.len(), expected.len(), "errors: {got:#?}");
    for ((line, col, message), (el, ec, fragment)) in got.iter().zip(expected) {
        assert_eq!((*line, *col), (*el, *ec), "{message}");
        assert!(message.contains(fragment), "`{message}` lacks `{fragment}`");
    }
}

// ---- grammar ------------------------------------------------------------------------------

#[test]
fn simple_shapes_of_every_kind() {
    let kinds = [
        "blob",
        "boolean",
        "document",
        "string",
        "byte",
        "short",
        "integer",
        "long",
        "float",
        "double",
        "bigInteger",
        "bigDecimal",
        "timestamp",
    ];
    let src: String = std::iter::once("$version: \"2\"\nnamespace ex\n".to_string())
        .chain(kinds.iter().map(|k| format!("{k} My{k}\n")))
        .collect();
    let json = ast(&src);
    for k in kinds {
        assert_eq!(json["shapes"][format!("ex#My{k}")], json!({ "type": k }));
    }
    assert_eq!(json["smithy"], "2.0");
    assert!(json.get("metadata").is_none());
}

#[test]
fn lists_sets_and_maps() {
    let src = r#"$version: "2.0"
namespace ex
list Names { member: String }
set Unique { member: String }
map Counts {
    key: String
    value: Integer
}
"#;
    let json = ast(src);
    assert_eq!(
        json["shapes"]["ex#Names"],
        json!({"type": "list", "member": {"target": "smithy.api#String"}})
    );
    assert_eq!(
        json["shapes"]["ex#Unique"],
        json!({"type": "list", "member": {"target": "smithy.api#String"},
               "traits": {"smithy.api#uniqueItems": {}}})
    );
    assert_eq!(
        json["shapes"]["ex#Counts"],
        json!({"type": "map", "key": {"target": "smithy.api#String"},
               "value": {"target": "smithy.api#Integer"}})
    );
}

#[test]
fn structure_members_defaults_documentation_and_commas() {
    let src = r#"$version: "2.0"
namespace ex

/// A widget.
/// Second line.
@sensitive
structure Widget {
    /// The name.
    @required
    name: String,

    count: Integer = 0, size: Long = -12
    // a plain comment is not documentation
    tags: Tags = []
}

list Tags { member: String }
union Choice { a: String, b: Widget }
"#;
    let json = ast(src);
    assert_eq!(
        json["shapes"]["ex#Widget"],
        json!({
            "type": "structure",
            "members": {
                "name": {"target": "smithy.api#String", "traits": {
                    "smithy.api#required": {}, "smithy.api#documentation": "The name."}},
                "count": {"target": "smithy.api#Integer", "traits": {"smithy.api#default": 0}},
                "size": {"target": "smithy.api#Long", "traits": {"smithy.api#default": -12}},
                "tags": {"target": "ex#Tags", "traits": {"smithy.api#default": []}}
            },
            "traits": {
                "smithy.api#sensitive": {},
                "smithy.api#documentation": "A widget.\nSecond line."
            }
        })
    );
    assert_eq!(
        json["shapes"]["ex#Choice"]["members"]["b"],
        json!({"target": "ex#Widget"})
    );
}

#[test]
fn enums_and_int_enums() {
    let src = r#"$version: "2.0"
namespace ex
enum Suit {
    /// Red.
    HEART = "heart"
    SPADE
}
intEnum Level { LOW = 1, HIGH = 10 }
"#;
    let json = ast(src);
    assert_eq!(
        json["shapes"]["ex#Suit"],
        json!({"type": "enum", "members": {
            "HEART": {"target": "smithy.api#Unit", "traits": {
                "smithy.api#documentation": "Red.", "smithy.api#enumValue": "heart"}},
            "SPADE": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "SPADE"}}
        }})
    );
    assert_eq!(
        json["shapes"]["ex#Level"]["members"]["HIGH"],
        json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 10}})
    );
}

#[test]
fn services_resources_and_operations() {
    let src = r#"$version: "2.0"
namespace ex
service Shop {
    version: "2024-01-01"
    operations: [Ping]
    resources: [Item]
    errors: [Oops]
    rename: { "other.ns#Item": "OtherItem" }
}
resource Item {
    identifiers: { id: String }
    properties: { name: String }
    create: Ping
    read: Ping
    list: Ping
    operations: [Ping]
    collectionOperations: [Ping]
}
operation Ping {
    input: PingIn
    errors: [Oops]
}
structure PingIn {}
@error("client")
structure Oops {}
"#;
    let json = ast(src);
    assert_eq!(
        json["shapes"]["ex#Shop"],
        json!({"type": "service", "version": "2024-01-01",
            "operations": [{"target": "ex#Ping"}], "resources": [{"target": "ex#Item"}],
            "errors": [{"target": "ex#Oops"}], "rename": {"other.ns#Item": "OtherItem"}})
    );
    assert_eq!(
        json["shapes"]["ex#Item"],
        json!({"type": "resource",
            "identifiers": {"id": {"target": "smithy.api#String"}},
            "properties": {"name": {"target": "smithy.api#String"}},
            "create": {"target": "ex#Ping"}, "read": {"target": "ex#Ping"},
            "list": {"target": "ex#Ping"}, "operations": [{"target": "ex#Ping"}],
            "collectionOperations": [{"target": "ex#Ping"}]})
    );
    assert_eq!(
        json["shapes"]["ex#Ping"],
        json!({"type": "operation", "input": {"target": "ex#PingIn"},
            "output": {"target": "smithy.api#Unit"}, "errors": [{"target": "ex#Oops"}]})
    );
    assert_eq!(
        json["shapes"]["ex#Oops"]["traits"],
        json!({"smithy.api#error": "client"})
    );
}

#[test]
fn inline_input_and_output_with_suffixes_traits_and_mixins() {
    let src = r#"$version: "2.0"
$operationInputSuffix: "Request"
$operationOutputSuffix: "Response"
namespace ex
operation GetThing {
    input := @sensitive with [Common] {
        id: String
    }
    output := {
        @required
        name: String
    }
}
@mixin
structure Common { trace: String }
"#;
    let json = ast(src);
    assert_eq!(
        json["shapes"]["ex#GetThing"],
        json!({"type": "operation", "input": {"target": "ex#GetThingRequest"},
            "output": {"target": "ex#GetThingResponse"}})
    );
    assert_eq!(
        json["shapes"]["ex#GetThingRequest"],
        json!({"type": "structure", "mixins": [{"target": "ex#Common"}],
            "members": {"id": {"target": "smithy.api#String"}},
            "traits": {"smithy.api#sensitive": {}, "smithy.api#input": {}}})
    );
    assert_eq!(
        json["shapes"]["ex#GetThingResponse"]["traits"],
        json!({"smithy.api#output": {}})
    );
    // The default suffixes.
    let json = ast("$version: \"2\"\nnamespace ex\noperation A { input := {} output := {} }");
    assert_eq!(
        json["shapes"]["ex#AInput"]["traits"],
        json!({"smithy.api#input": {}})
    );
    assert_eq!(
        json["shapes"]["ex#AOutput"]["traits"],
        json!({"smithy.api#output": {}})
    );
}

#[test]
fn elided_members_take_targets_from_resources_and_mixins() {
    let src = r#"$version: "2.0"
namespace ex
resource City {
    identifiers: { cityId: CityId }
    properties: { name: String }
}
string CityId
structure GetCityInput for City {
    @required
    $cityId
    $name
}
@mixin
structure Base { size: Integer }
@mixin
structure Middle with [Base] {}
structure Leaf with [Middle] {
    @required
    $size
}
"#;
    let json = ast(src);
    assert_eq!(
        json["shapes"]["ex#GetCityInput"]["members"],
        json!({"cityId": {"target": "ex#CityId", "traits": {"smithy.api#required": {}}},
               "name": {"target": "smithy.api#String"}})
    );
    assert_eq!(
        json["shapes"]["ex#Leaf"]["members"]["size"],
        json!({"target": "smithy.api#Integer", "traits": {"smithy.api#required": {}}})
    );
}

#[test]
fn apply_single_and_block_forms_merge_into_shapes_and_members() {
    let src = r#"$version: "2.0"
namespace ex
structure Thing { name: String }
apply Thing @sensitive
apply Thing$name {
    @required
    @documentation("The name")
}
@mixin
structure M { inherited: String }
structure WithMixin with [M] {}
apply WithMixin$inherited @required
"#;
    let json = ast(src);
    assert_eq!(
        json["shapes"]["ex#Thing"],
        json!({"type": "structure",
            "members": {"name": {"target": "smithy.api#String", "traits": {
                "smithy.api#required": {}, "smithy.api#documentation": "The name"}}},
            "traits": {"smithy.api#sensitive": {}}})
    );
    // A member that only exists through a mixin keeps its traits as a JSON AST `apply`.
    assert_eq!(
        json["shapes"]["ex#WithMixin$inherited"],
        json!({"type": "apply", "traits": {"smithy.api#required": {}}})
    );
    // And the model loads with the trait on the flattened member.
    let model = crate::load::smithy_json::load(Path::new("t.json"), json).unwrap();
    assert!(model.shapes.keys().any(|k| k.as_str() == "ex#WithMixin"));
}

#[test]
fn every_trait_syntax() {
    let src = r#"$version: "2.0"
namespace ex
use aws.api#arn

@tags
@readonly()
@http(method: "GET", uri: "/a", code: 200)
@examples([{title: "t", input: {a: 1}}])
@documentation("shorthand")
@paginated(inputToken: "next", outputToken: "next",)
@arn(template: "{x}")
@aws.auth#sigv4(name: "svc")
operation Op {}
@trait(selector: "*")
list myListTrait { member: String }
@myListTrait
@deprecated(message: """
    Use another.
    """)
string S
"#;
    let json = ast(src);
    assert_eq!(
        json["shapes"]["ex#Op"]["traits"],
        json!({
            "smithy.api#tags": [],
            "smithy.api#readonly": {},
            "smithy.api#http": {"method": "GET", "uri": "/a", "code": 200},
            "smithy.api#examples": [{"title": "t", "input": {"a": 1}}],
            "smithy.api#documentation": "shorthand",
            "smithy.api#paginated": {"inputToken": "next", "outputToken": "next"},
            "aws.api#arn": {"template": "{x}"},
            "aws.auth#sigv4": {"name": "svc"}
        })
    );
    // A list trait defined in the model itself is an empty list as an annotation.
    assert_eq!(
        json["shapes"]["ex#S"]["traits"],
        json!({"ex#myListTrait": [], "smithy.api#deprecated": {"message": "Use another.\n"}})
    );
}

#[test]
fn node_values_numbers_strings_and_escapes() {
    let src = r#"$version: "2.0"
metadata numbers = [0, -1, 1.5, -2.25, 1e3, 2.5E-2, 9007199254740993, true, false, null]
metadata escapes = "q\" b\\ s\/ a\' \b\f\n\r\t \u00e9 \uD83D\uDE00 line\
continued"
metadata multiline = "a
b"
metadata ids = [Foo, smithy.api#String, other.ns#X$y]
namespace ex
"#;
    let json = ast(src);
    assert_eq!(
        json["metadata"]["numbers"],
        json!([
            0,
            -1,
            1.5,
            -2.25,
            1000.0,
            0.025,
            9007199254740993u64,
            true,
            false,
            null
        ])
    );
    assert_eq!(
        json["metadata"]["escapes"],
        json!("q\" b\\ s/ a' \u{8}\u{c}\n\r\t é 😀 linecontinued")
    );
    assert_eq!(json["metadata"]["multiline"], json!("a\nb"));
    // Unquoted shape IDs that name nothing stay as written.
    assert_eq!(
        json["metadata"]["ids"],
        json!(["Foo", "smithy.api#String", "other.ns#X$y"])
    );
}

#[test]
fn text_blocks_strip_incidental_indentation() {
    let cases = [
        // The closing delimiter's line counts for the indentation.
        ("\"\"\"\n    Foo\n      Baz\n    \"\"\"", "Foo\n  Baz\n"),
        ("\"\"\"\n    Foo\n    Bar\"\"\"", "Foo\nBar"),
        ("\"\"\"\n        Foo\n    \"\"\"", "    Foo\n"),
        // Blank lines do not count, and trailing spaces go.
        ("\"\"\"\n    a   \n\n    b\n    \"\"\"", "a\n\nb\n"),
        // Escapes are read after the stripping (the spaces after `\n` stay); quotes need no
        // escape.
        (
            "\"\"\"\n  say \"hi\"\\n  x\\t\n  \"\"\"",
            "say \"hi\"\n  x\t\n",
        ),
        ("\"\"\"\n\"\"\"", ""),
    ];
    for (block, expected) in cases {
        let src = format!("$version: \"2\"\nmetadata t = {block}\nnamespace ex\n");
        assert_eq!(ast(&src)["metadata"]["t"], json!(expected), "{block}");
    }
}

#[test]
fn shape_ids_resolve_use_then_namespace_then_prelude() {
    let a = r#"$version: "2.0"
namespace ex
use other#Thing
use other#Integer
structure S {
    thing: Thing
    local: String
    integer: Integer
    prelude: Boolean
    absolute: smithy.api#String
    member: Other$name
}
@documentation(Other)
string String
"#;
    let b = r#"$version: "2.0"
namespace ex
structure Other { name: smithy.api#String }
"#;
    let c = "$version: \"2.0\"\nnamespace other\nstructure Thing {}\ninteger Integer\n";
    let json = assemble(&files(&[("a.smithy", a), ("b.smithy", b), ("c.smithy", c)])).unwrap();
    let members = &json["shapes"]["ex#S"]["members"];
    assert_eq!(members["thing"]["target"], "other#Thing");
    assert_eq!(
        members["local"]["target"], "ex#String",
        "the namespace beats the prelude"
    );
    assert_eq!(
        members["integer"]["target"], "other#Integer",
        "use beats the prelude"
    );
    assert_eq!(members["prelude"]["target"], "smithy.api#Boolean");
    assert_eq!(members["absolute"]["target"], "smithy.api#String");
    assert_eq!(members["member"]["target"], "ex#Other$name");
    // An unquoted shape ID in a trait value that names a shape becomes absolute.
    assert_eq!(
        json["shapes"]["ex#String"]["traits"]["smithy.api#documentation"],
        "ex#Other"
    );
}

#[test]
fn idl_1_and_idl_2_give_the_same_json_ast() {
    let v1 = r#"$version: "1.0"
namespace ex
structure Counts {
    plain: PrimitiveInteger,
    flag: PrimitiveBoolean,
    @box
    boxedMember: PrimitiveLong,
    nullable: Integer,
    custom: MyLong,
    boxedCustom: BoxedLong,
    @required
    name: String,
    payload: Stream,
}
long MyLong
@box
long BoxedLong
set Names { member: String }
@streaming
blob Stream
"#;
    let v2 = r#"$version: "2.0"
namespace ex
structure Counts {
    plain: PrimitiveInteger = 0
    flag: PrimitiveBoolean = false
    boxedMember: PrimitiveLong
    nullable: Integer
    @default(0)
    custom: MyLong
    boxedCustom: BoxedLong
    @required
    name: String
    payload: Stream = ""
}
long MyLong
long BoxedLong
@uniqueItems
list Names { member: String }
@streaming
blob Stream
"#;
    assert_eq!(ast(v1), ast(v2));
}

#[test]
fn files_of_one_namespace_and_json_ast_files_merge() {
    let a = r#"$version: "2.0"
metadata tags = ["a"]
namespace ex
structure A { b: B, c: C }
@tags(["one"])
string Same
"#;
    let b = r#"$version: "2.0"
metadata tags = ["b"]
namespace ex
structure B { a: A }
apply Same @tags(["two"])
@tags(["one"])
string Same
"#;
    let c = r#"{"smithy": "2.0", "shapes": {"ex#C": {"type": "string"},
        "ex#A$b": {"type": "apply", "traits": {"smithy.api#required": {}}}}}"#;
    let json = assemble(&files(&[("a.smithy", a), ("b.smithy", b), ("c.json", c)])).unwrap();
    assert_eq!(json["metadata"]["tags"], json!(["a", "b"]));
    assert_eq!(json["shapes"]["ex#A"]["members"]["c"]["target"], "ex#C");
    assert_eq!(
        json["shapes"]["ex#A"]["members"]["b"]["traits"],
        json!({"smithy.api#required": {}})
    );
    // Identical definitions are one shape; list traits concatenate.
    assert_eq!(
        json["shapes"]["ex#Same"]["traits"]["smithy.api#tags"],
        json!(["one", "two"])
    );
}

// ---- errors -------------------------------------------------------------------------------

#[test]
fn syntax_errors_are_all_reported_with_recovery_at_the_next_shape() {
    let src = r#"$version: "2.0"
namespace ex
structure A {
    a String
}
string B
structure C { c: }
list D { member: String }
operation E { foo: Bar }
"#;
    assert_errors(
        src,
        &[
            (4, 7, "expected `:` and the member's target, found `String`"),
            (7, 18, "expected the member's target shape, found `}`"),
            (9, 15, "unknown operation property `foo`"),
        ],
    );
}

#[test]
fn resolution_errors_name_what_was_not_found() {
    let src = r#"$version: "2.0"
namespace ex
structure A {
    b: Missing
    @unknownTrait
    c: String
}
apply Nope @required
"#;
    assert_errors(
        src,
        &[
            (4, 8, "cannot resolve the shape `Missing`: it is not imported with `use`, not defined in namespace `ex`"),
            (5, 5, "unknown trait `@unknownTrait`"),
            (8, 7, "`apply` targets `Nope`"),
        ],
    );
}

#[test]
fn lexical_errors_are_located() {
    let src = r#"$version: "2.0"
namespace ex
@documentation("bad \q escape")
string A
@range(min: 01)
integer B
string C ~
@documentation("never closed)
string D
"#;
    assert_errors(
        src,
        &[
            (3, 16, "invalid escape `\\q`"),
            (5, 13, "numbers must not start with 0"),
            (7, 10, "unexpected character `~`"),
            (8, 16, "unterminated string"),
        ],
    );
    assert_errors(
        "$version: \"2\"\nmetadata a = \"\\uD800x\"\nmetadata b = \"\"\"x\n\"\"\"\nnamespace ex\n",
        &[
            (2, 14, "high surrogate"),
            (3, 14, "a text block must start with a line break"),
        ],
    );
}

#[test]
fn semantic_errors_of_shapes_are_located() {
    let src = r#"$version: "3.0"
namespace ex
intEnum E { A = 1, B }
structure S { $x }
structure T { a: String, a: Integer }
string T
"#;
    assert_errors(
        src,
        &[
            (1, 11, "unsupported IDL version `3.0`"),
            (3, 20, "an intEnum member needs a value"),
            (
                4,
                15,
                "`$x` takes its target from a resource (`for`) or a mixin (`with`)",
            ),
            (5, 26, "the member `a` is defined twice"),
            (6, 8, "the shape `ex#T` is defined twice in this file"),
        ],
    );
    assert_errors(
        "$version: \"2\"\nstring A\n",
        &[(2, 1, "a namespace statement must come before the shapes")],
    );
    assert_errors(
        "$version: \"2\"\nnamespace ex\nuse a#X\nuse b#X\nstructure S with [M] { $nothing }\n@mixin\nstructure M {}\n",
        &[
            (4, 5, "`use b#X` conflicts with `use a#X`"),
            (5, 24, "`$nothing` of `ex#S` matches no identifier or property of its resource and no member of its mixins"),
        ],
    );
}

#[test]
fn conflicts_between_files_name_both_places() {
    let a = "$version: \"2.0\"\nmetadata m = \"x\"\nnamespace ex\nstring A\n@documentation(\"one\")\nstring B\n";
    let b = "$version: \"2.0\"\nmetadata m = \"y\"\nnamespace ex\ninteger A\napply B @documentation(\"two\")\n";
    let got = errors(&[("a.smithy", a), ("b.smithy", b)]);
    let expected = [
        (2, 1, "metadata `m` conflicts with its value at a.smithy:2:1 (only lists are merged)"),
        (4, 9, "the shape `ex#A` is defined again, differently (first defined at a.smithy:4:8)"),
        (5, 7, "the trait `smithy.api#documentation` of `ex#B` is applied again with a different value (first at a.smithy:5:1)"),
    ];
    assert_eq!(got.len(), expected.len(), "{got:#?}");
    for ((file, line, col, message), (el, ec, em)) in got.iter().zip(expected) {
        assert_eq!(
            (file.as_str(), *line, *col, message.as_str()),
            ("b.smithy", el, ec, em)
        );
    }
}

#[test]
fn errors_render_rustc_style() {
    let error = assemble(&files(&[(
        "m.smithy",
        "$version: \"2\"\nnamespace ex\nstructure A {\n    a: Nope\n}\n",
    )]))
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "m.smithy:4:8: cannot resolve the shape `Nope`: it is not imported with `use`, not defined in namespace `ex`, and not in the prelude\n  |\n4 |     a: Nope\n  |        ^^^^"
    );
}

#[test]
fn deep_nesting_is_refused_not_overflowing() {
    let deep = format!(
        "$version: \"2\"\nmetadata x = {}{}\nnamespace ex\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let got = error_list(&deep);
    assert!(got[0].2.contains("nest deeper than"), "{got:?}");
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
    println!(
        "{} files, {:.2} MB, {:.1} MB/s",
        sources.len(),
        bytes as f64 / 1e6,
        (bytes * rounds) as f64 / 1e6 / secs
    );
}

#[test]
fn statement_trait_and_property_errors_are_located() {
    let src = r#"$version: 2
namespace ex
use Relative
metadata late = 1
/// Doc.
@documentation("other")
string A
list B { item: String }
enum C { X = 1 }
structure D { @default(1) d: Integer = 2 }
service E { version: 1, color: "red" }
@tags(["a"]) @tags(["b"])
string F
@http(method: "GET", method: "PUT")
string G
apply A$nope @sensitive
metadata x = {a: 1, a: 2}
"#;
    assert_errors(
        src,
        &[
            (1, 11, "`$version` must be a string"),
            (
                3,
                5,
                "`use` needs an absolute shape ID (namespace#Name), found `Relative`",
            ),
            (
                4,
                1,
                "`metadata` statements must come before the shape definitions",
            ),
            (
                6,
                1,
                "`@documentation` conflicts with the documentation comment (`///`)",
            ),
            (8, 6, "the list `ex#B` has no `member` member"),
            (8, 10, "a list has only the member `member`, not `item`"),
            (9, 10, "the value of an enum member must be a string"),
            (
                10,
                27,
                "a default is given both with `=` and with `@default`",
            ),
            (11, 11, "unknown service property `color`"),
            (11, 11, "`version` must be a string"),
            (12, 14, "the trait `smithy.api#tags` is applied twice here"),
            (14, 22, "duplicate key `method` in the trait value"),
            (
                16,
                7,
                "`apply` targets `ex#A$nope`, but `ex#A` has no such member",
            ),
            (
                17,
                1,
                "`metadata` statements must come before the shape definitions",
            ),
        ],
    );
}

#[test]
fn broken_json_ast_files_are_reported_with_the_idl_errors() {
    let got = errors(&[
        ("a.json", r#"{"smithy": "2.0", "shapes": {"#),
        ("b.json", r#"{"shapes": {}}"#),
        ("c.json", r#"{"smithy": "3.0"}"#),
        ("d.smithy", "$version: \"2\"\nnamespace ex\nstring S with\n"),
    ]);
    let summary: Vec<(&str, &str)> = got
        .iter()
        .map(|(f, _, _, m)| (f.as_str(), m.split(':').next().unwrap_or("")))
        .collect();
    assert_eq!(
        summary,
        [
            ("a.json", "not valid JSON"),
            ("b.json", "not a Smithy JSON AST (no `smithy` version); botocore models load only one file at a time"),
            ("c.json", "unsupported Smithy version `3.0` (expected 1.0 or 2.0)"),
            ("d.smithy", "expected `[` after `with`, found the end of the file"),
        ]
    );
    assert_eq!(
        (got[0].1, got[0].2),
        (1, 29),
        "the JSON error is located (its last character)"
    );
}
