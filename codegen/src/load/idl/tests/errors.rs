//! Every kind of error, with its location and message, all reported in one run.

use super::*;

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

#[test]
fn statement_trait_and_property_errors_are_located() {
    let src = r#"$version: "2.0"
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
fn control_statement_values_are_checked() {
    assert_errors(
        "$version: 2\n$operationInputSuffix: [\"x\"]\n$unknown: {a: 1}\nnamespace ex\n",
        &[
            (1, 11, "`$version` must be a string"),
            (2, 24, "`$operationInputSuffix` must be a string"),
        ],
    );
    assert_errors(
        "$version: \"2.0\"\n$version: \"2.0\"\nnamespace ex\n",
        &[(2, 1, "`$version` is given more than once")],
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

#[test]
fn idl_2_syntax_in_a_1_0_file_is_an_error() {
    let src = r#"$version: "1.0"
namespace ex
enum E { A }
structure S with [M] {
    a: String = "x"
    $b
}
structure T for R {}
operation O { input := {} }
"#;
    let got = error_list(src);
    let wanted = [
        (3, 1, "an `enum` shape needs IDL 2.0"),
        (4, 13, "`with` (mixins) needs IDL 2.0"),
        (5, 15, "a default value (`= value`) needs IDL 2.0"),
        (6, 5, "an elided member (`$name`) needs IDL 2.0"),
        (8, 13, "`for` (target elision) needs IDL 2.0"),
        (9, 21, "an inline structure (`:=`) needs IDL 2.0"),
    ];
    for (line, col, fragment) in wanted {
        assert!(
            got.iter()
                .any(|(l, c, m)| (*l, *c) == (line, col) && m.contains(fragment)),
            "missing {line}:{col} {fragment} in {got:#?}"
        );
    }
}

#[test]
fn malformed_shape_ids_are_located() {
    assert_errors(
        "$version: \"2\"\nnamespace ex\nstructure S { a: x#y#z }\n",
        &[(3, 18, "`x#y#z` is not a valid shape ID")],
    );
}

#[test]
fn names_that_differ_only_in_case_are_errors() {
    let got = errors(&[
        (
            "a.smithy",
            "$version: \"2\"\nnamespace ex\nstructure S { name: String, Name: String }\n",
        ),
        ("b.smithy", "$version: \"2\"\nnamespace ex\nstring s\n"),
    ]);
    let got: Vec<_> = got
        .iter()
        .map(|(f, l, c, m)| (f.as_str(), *l, *c, m.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("a.smithy", 3, 29, "the member `Name` differs from `name` only in case; member names must differ ignoring case"),
            ("b.smithy", 3, 8, "the shape `ex#s` differs from `ex#S` (at a.smithy:3:11) only in case; shape IDs must differ ignoring case"),
        ]
    );
}

#[test]
fn traits_of_simple_types_need_a_value() {
    assert_errors(
        "$version: \"2\"\nnamespace ex\n@documentation\n@length\n@pattern()\nstring S\n",
        &[
            (
                3,
                1,
                "the trait `smithy.api#documentation` needs a value: its shape is a string",
            ),
            (
                5,
                1,
                "the trait `smithy.api#pattern` needs a value: its shape is a string",
            ),
        ],
    );
}

/// Big inputs take time in proportion to their size: many members, keys and shapes, all
/// duplicated (every duplicate reported up to the cap, none compared with all the others).
#[test]
fn large_inputs_stay_linear() {
    let n = 50_000;
    let mut src = String::from("$version: \"2\"\nmetadata m = {");
    for i in 0..n {
        src.push_str(&format!("k{}: 1 ", i % (n / 2)));
    }
    src.push_str("}\nnamespace ex\nstructure S {\n");
    for i in 0..n {
        src.push_str(&format!("m{}: String\n", i % (n / 2)));
    }
    src.push_str("}\n");
    for i in 0..n {
        src.push_str(&format!("string T{}\n", i % (n / 2)));
    }
    let start = std::time::Instant::now();
    let got = error_list(&src);
    assert_eq!(got.len(), diag::MAX_DIAGNOSTICS);
    assert!(start.elapsed() < std::time::Duration::from_secs(60));
}
