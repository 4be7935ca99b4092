//! Each grammar feature, with the JSON AST the spec says it means.

use super::*;

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
enum Traited {
    @enumValue("t")
    T
}
intEnum TraitedInt {
    @enumValue(-3)
    MINUS
}
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
        json["shapes"]["ex#Traited"]["members"]["T"]["traits"],
        json!({"smithy.api#enumValue": "t"})
    );
    assert_eq!(
        json["shapes"]["ex#TraitedInt"]["members"]["MINUS"]["traits"],
        json!({"smithy.api#enumValue": -3})
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
    let model = crate::load::json_ast::load(Path::new("t.json"), json).unwrap();
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

#[test]
fn a_file_without_version_is_read_as_idl_1_0() {
    let json = ast("namespace ex\nstructure S { a: PrimitiveInteger }\n");
    assert_eq!(
        json["shapes"]["ex#S"]["members"]["a"]["traits"],
        json!({"smithy.api#default": 0})
    );
    let got = error_list("namespace ex\nstructure S with [M] {}\n@mixin\nstructure M {}\n");
    assert!(got[0].2.contains("needs IDL 2.0"), "{got:?}");
}

#[test]
fn a_byte_order_mark_and_crlf_line_endings_are_accepted() {
    let json = ast("\u{feff}$version: \"2\"\r\nnamespace ex\r\n/// Doc.\r\nstring S\r\n");
    assert_eq!(
        json["shapes"]["ex#S"],
        json!({"type": "string", "traits": {"smithy.api#documentation": "Doc."}})
    );
}

#[test]
fn idl_1_0_box_on_collection_members_is_dropped() {
    let src = "$version: \"1.0\"\nnamespace ex\nlist L {\n    @box\n    member: Integer\n}\n";
    assert_eq!(
        ast(src)["shapes"]["ex#L"],
        json!({"type": "list", "member": {"target": "smithy.api#Integer"}})
    );
}
