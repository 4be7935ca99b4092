//! `Builder::diff`: one focused model pair per rule (a base model and one edit of it), each
//! asserting every event it raises (ID, severity, location, bump) and the crate's bump; then
//! a real model (SQS from `../shared/models/aws`) edited by the test.

mod common;

use smelt_codegen::diff::{Bump, Report, Severity};
use smelt_codegen::Builder;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

const BASE: &str = r#"$version: "2"
namespace ex

use aws.protocols#restJson1

@restJson1
service Svc { version: "1", operations: [GetThing], errors: [Throttled] }

@http(method: "GET", uri: "/things/{id}")
@paginated(inputToken: "next", outputToken: "next", items: "items")
operation GetThing {
    input: GetThingInput
    output: GetThingOutput
    errors: [NotFound]
}

@input
structure GetThingInput {
    @required @httpLabel id: String
    @httpQuery("v") verbose: Boolean
    @httpQuery("next") next: String
    @idempotencyToken @httpHeader("X-Token") token: String
}

@output
structure GetThingOutput {
    thing: Thing
    items: Tags
    next: String
}

structure Thing {
    @required name: String
    size: Integer
    weight: Integer = 1
    @jsonName("c") colour: Colour
    tags: Tags
    created: Timestamp
    level: Level
}

enum Colour {
    RED
    GREEN
}

intEnum Level {
    LOW = 1
    HIGH = 2
}

list Tags { member: String }

@error("client") @httpError(404)
structure NotFound { message: String }

@error("client") @httpError(400)
structure Invalid { message: String }

@error("server") @httpError(503)
structure Throttled { message: String }
"#;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh folder under `target/`.
fn scratch() -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = common::root()
        .join("target/smelt-diff-tests")
        .join(format!("{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// `text` with each `from` replaced by `to`; every `from` must occur exactly once.
fn edit(text: &str, edits: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (from, to) in edits {
        assert_eq!(out.matches(from).count(), 1, "`{from}` occurs once");
        out = out.replacen(from, to, 1);
    }
    out
}

fn diff_texts(old: &str, new: &str) -> Report {
    let dir = scratch();
    let (a, b) = (dir.join("old.smithy"), dir.join("new.smithy"));
    std::fs::write(&a, old).expect("write");
    std::fs::write(&b, new).expect("write");
    let report = Builder::diff(&a, &b).unwrap_or_else(|e| panic!("diff: {e}"));
    let _ = std::fs::remove_dir_all(&dir);
    report
}

/// The base model against it with `edits` applied.
fn diff(edits: &[(&str, &str)]) -> Report {
    diff_texts(BASE, &edit(BASE, edits))
}

type Row = (String, Severity, String, Bump);

fn rows(report: &Report) -> Vec<Row> {
    report
        .events
        .iter()
        .map(|e| (e.id.clone(), e.severity, e.location(), e.bump))
        .collect()
}

fn row(id: &str, severity: Severity, location: &str, bump: Bump) -> Row {
    (id.to_string(), severity, location.to_string(), bump)
}

/// Every event of the report, in its order, and the crate's bump.
#[track_caller]
fn assert_events(report: &Report, expected: &[Row], bump: Bump) {
    assert_eq!(rows(report), expected, "{report:#?}");
    assert_eq!(report.bump(), bump);
    let errors = expected.iter().any(|r| r.1 == Severity::Error);
    assert_eq!(report.is_breaking(), errors);
}

use Bump::{Major, Minor, Patch};
use Severity::{Danger, Error, Note, Warning};

#[test]
fn identical_models_have_no_events() {
    let report = diff(&[]);
    assert!(report.is_empty(), "{report:#?}");
    assert_eq!(report.bump(), Bump::None);
    assert!(!report.is_breaking());
    assert_eq!(Bump::None.next_version("1.2.3").unwrap(), "1.2.3");
}

#[test]
fn added_operation_is_minor() {
    let report = diff(&[
        ("operations: [GetThing]", "operations: [GetThing, Ping]"),
        (
            "list Tags",
            "@http(method: \"GET\", uri: \"/ping\") operation Ping {}\nlist Tags",
        ),
    ]);
    assert_events(
        &report,
        &[
            row("AddedShape", Note, "ex#Ping", Minor),
            row(
                "AddedOperationBinding.ToService.Ping",
                Note,
                "ex#Svc",
                Minor,
            ),
        ],
        Minor,
    );
    assert_eq!(report.bump().next_version("1.4.2").unwrap(), "1.5.0");
    assert_eq!(report.bump().next_version("0.4.2").unwrap(), "0.4.3");
}

#[test]
fn removed_operation_is_major() {
    let with_ping = edit(
        BASE,
        &[
            ("operations: [GetThing]", "operations: [GetThing, Ping]"),
            (
                "list Tags",
                "@http(method: \"GET\", uri: \"/ping\") operation Ping { input := { a: String } }\nlist Tags",
            ),
        ],
    );
    let report = diff_texts(&with_ping, BASE);
    assert_events(
        &report,
        &[
            row("RemovedShape", Error, "ex#Ping", Major),
            row("RemovedShape", Error, "ex#PingInput", Patch),
            row(
                "RemovedOperationBinding.FromService.Ping",
                Error,
                "ex#Svc",
                Major,
            ),
        ],
        Major,
    );
    assert_eq!(report.bump().next_version("0.4.2").unwrap(), "0.5.0");
    assert_eq!(report.bump().next_version("2.4.2").unwrap(), "3.0.0");
}

#[test]
fn added_optional_member_is_minor() {
    let report = diff(&[(
        "    created: Timestamp",
        "    created: Timestamp\n    note: String",
    )]);
    assert_events(
        &report,
        &[row("AddedShape", Note, "ex#Thing$note", Minor)],
        Minor,
    );
}

#[test]
fn added_required_member_is_an_error_and_minor() {
    let report = diff(&[(
        "    created: Timestamp",
        "    created: Timestamp\n    @required note: String",
    )]);
    assert_events(
        &report,
        &[row("AddedRequiredMember", Error, "ex#Thing$note", Minor)],
        Minor,
    );
    // With a default it is an ordinary addition.
    let report = diff(&[(
        "    created: Timestamp",
        "    created: Timestamp\n    @required note: String = \"\"",
    )]);
    assert_events(
        &report,
        &[row("AddedShape", Note, "ex#Thing$note", Minor)],
        Minor,
    );
}

#[test]
fn removed_member_is_major() {
    let report = diff(&[("    created: Timestamp\n", "")]);
    assert_events(
        &report,
        &[row("RemovedShape", Error, "ex#Thing$created", Major)],
        Major,
    );
}

#[test]
fn changed_member_target_depends_on_the_rust_type() {
    let report = diff(&[("    size: Integer", "    size: Long")]);
    assert_events(
        &report,
        &[row("ChangedMemberTarget", Error, "ex#Thing$size", Major)],
        Major,
    );
    // Another string shape: the field is still a `String`.
    let report = diff(&[
        ("    @required name: String", "    @required name: Name"),
        ("list Tags", "string Name\nlist Tags"),
    ]);
    assert_events(
        &report,
        &[
            row("AddedShape", Note, "ex#Name", Bump::None),
            row("ChangedMemberTarget", Warning, "ex#Thing$name", Patch),
        ],
        Patch,
    );
    // A list of another element type is another Rust type.
    let report = diff(&[
        ("    tags: Tags", "    tags: Sizes"),
        ("list Tags", "list Sizes { member: Integer }\nlist Tags"),
    ]);
    assert_events(
        &report,
        &[
            row("AddedShape", Note, "ex#Sizes", Bump::None),
            row("ChangedMemberTarget", Error, "ex#Thing$tags", Major),
        ],
        Major,
    );
}

#[test]
fn changed_shape_type_is_major() {
    let report = diff(&[("enum Colour {\n    RED\n    GREEN\n}", "string Colour")]);
    assert_events(
        &report,
        &[row("ChangedShapeType", Error, "ex#Colour", Major)],
        Major,
    );
}

#[test]
fn required_added_to_a_nested_member_changes_the_field_type() {
    let report = diff(&[("    size: Integer", "    @required size: Integer")]);
    assert_events(
        &report,
        &[row(
            "ChangedNullability.AddedRequiredTrait",
            Error,
            "ex#Thing$size",
            Major,
        )],
        Major,
    );
}

#[test]
fn required_removed_from_a_nested_member_changes_the_field_type() {
    let report = diff(&[("    @required name: String", "    name: String")]);
    assert_events(
        &report,
        &[row(
            "ChangedNullability.RemovedRequiredTrait",
            Error,
            "ex#Thing$name",
            Major,
        )],
        Major,
    );
}

#[test]
fn required_on_an_input_member_only_makes_the_builder_check() {
    let report = diff(&[(
        "@httpQuery(\"v\") verbose: Boolean",
        "@required @httpQuery(\"v\") verbose: Boolean",
    )]);
    assert_events(
        &report,
        &[row(
            "ModifiedTrait.Add.smithy.api#required",
            Note,
            "ex#GetThingInput$verbose",
            Minor,
        )],
        Minor,
    );
    // Removed again: the builder stops checking; nothing else changes.
    let report = diff(&[("@required @httpLabel id: String", "@httpLabel id: String")]);
    assert_events(
        &report,
        &[row(
            "ModifiedTrait.Remove.smithy.api#required",
            Note,
            "ex#GetThingInput$id",
            Patch,
        )],
        Patch,
    );
}

#[test]
fn defaults() {
    // Added to an optional member: `Option<i32>` becomes `i32`.
    let report = diff(&[("    size: Integer", "    size: Integer = 0")]);
    assert_events(
        &report,
        &[
            row("ChangedDefault", Error, "ex#Thing$size", Major),
            row(
                "ChangedNullability.AddedDefaultTrait",
                Error,
                "ex#Thing$size",
                Major,
            ),
        ],
        Major,
    );
    // A changed value, both not the zero value: a DANGER, same field type.
    let report = diff(&[("weight: Integer = 1", "weight: Integer = 2")]);
    assert_events(
        &report,
        &[row("ChangedDefault", Danger, "ex#Thing$weight", Minor)],
        Minor,
    );
    // To the zero value: an ERROR.
    let report = diff(&[("weight: Integer = 1", "weight: Integer = 0")]);
    assert_events(
        &report,
        &[row("ChangedDefault", Error, "ex#Thing$weight", Minor)],
        Minor,
    );
    // Removed: the field becomes an `Option`.
    let report = diff(&[("weight: Integer = 1", "weight: Integer")]);
    assert_events(
        &report,
        &[
            row("ChangedDefault", Error, "ex#Thing$weight", Major),
            row("ChangedNullability", Error, "ex#Thing$weight", Major),
        ],
        Major,
    );
}

#[test]
fn json_name_changes_the_wire_not_the_api() {
    let report = diff(&[("@jsonName(\"c\")", "@jsonName(\"col\")")]);
    let id = "TraitBreakingChange.Update.smithy.api#jsonName";
    assert_events(&report, &[row(id, Error, "ex#Thing$colour", Patch)], Patch);
    assert!(
        report.events[0].message.contains(r#"from "c" to "col""#),
        "{}",
        report.events[0].message
    );
    let report = diff(&[("@jsonName(\"c\") ", "")]);
    let id = "TraitBreakingChange.Remove.smithy.api#jsonName";
    assert_events(&report, &[row(id, Error, "ex#Thing$colour", Patch)], Patch);
}

#[test]
fn xml_name_added() {
    let report = diff(&[("    size: Integer", "    @xmlName(\"Size\") size: Integer")]);
    let id = "TraitBreakingChange.Add.smithy.api#xmlName";
    assert_events(&report, &[row(id, Error, "ex#Thing$size", Patch)], Patch);
}

#[test]
fn http_bindings_move() {
    let report = diff(&[(
        "@httpQuery(\"v\") verbose",
        "@httpHeader(\"X-Verbose\") verbose",
    )]);
    let location = "ex#GetThingInput$verbose";
    assert_events(
        &report,
        &[
            row(
                "TraitBreakingChange.Add.smithy.api#httpHeader",
                Error,
                location,
                Patch,
            ),
            row(
                "TraitBreakingChange.Remove.smithy.api#httpQuery",
                Error,
                location,
                Patch,
            ),
        ],
        Patch,
    );
    let report = diff(&[("@httpHeader(\"X-Token\")", "@httpHeader(\"X-Idem\")")]);
    let id = "TraitBreakingChange.Update.smithy.api#httpHeader";
    assert_events(
        &report,
        &[row(id, Error, "ex#GetThingInput$token", Patch)],
        Patch,
    );
}

#[test]
fn http_label_and_payload_presence() {
    let report = diff(&[
        ("uri: \"/things/{id}\"", "uri: \"/things\""),
        (
            "@required @httpLabel id: String",
            "@required @httpQuery(\"id\") id: String",
        ),
    ]);
    let input = "ex#GetThingInput$id";
    assert_events(
        &report,
        &[
            row(
                "TraitBreakingChange.Update.smithy.api#http",
                Error,
                "ex#GetThing",
                Patch,
            ),
            row(
                "TraitBreakingChange.Add.smithy.api#httpQuery",
                Error,
                input,
                Patch,
            ),
            row(
                "TraitBreakingChange.Remove.smithy.api#httpLabel",
                Error,
                input,
                Patch,
            ),
        ],
        Patch,
    );
    let report = diff(&[("    thing: Thing\n", "    @httpPayload thing: Thing\n")]);
    let id = "TraitBreakingChange.Add.smithy.api#httpPayload";
    assert_events(
        &report,
        &[row(id, Error, "ex#GetThingOutput$thing", Patch)],
        Patch,
    );
}

#[test]
fn http_method_and_code() {
    let report = diff(&[("method: \"GET\"", "method: \"POST\"")]);
    let id = "TraitBreakingChange.Update.smithy.api#http";
    assert_events(&report, &[row(id, Error, "ex#GetThing", Patch)], Patch);
    assert!(report.events[0].message.contains("`method` of `@http`"));
    // Adding a `code`: may break the wire silently.
    let report = diff(&[("uri: \"/things/{id}\"", "uri: \"/things/{id}\", code: 201")]);
    let id = "TraitBreakingChange.Add.smithy.api#http";
    assert_events(&report, &[row(id, Danger, "ex#GetThing", Patch)], Patch);
}

#[test]
fn timestamp_format_added() {
    let report = diff(&[(
        "    created: Timestamp",
        "    @timestampFormat(\"epoch-seconds\") created: Timestamp",
    )]);
    let id = "TraitBreakingChange.Add.smithy.api#timestampFormat";
    assert_events(&report, &[row(id, Error, "ex#Thing$created", Patch)], Patch);
}

#[test]
fn enum_values() {
    let colour = "enum Colour {\n    RED\n    GREEN\n}";
    let report = diff(&[(colour, "enum Colour {\n    RED\n    GREEN\n    BLUE\n}")]);
    assert_events(
        &report,
        &[row(
            "ChangedEnumTrait.Appended.2",
            Note,
            "ex#Colour$BLUE",
            Minor,
        )],
        Minor,
    );
    let report = diff(&[(colour, "enum Colour {\n    GREEN\n}")]);
    assert_events(
        &report,
        &[row(
            "ChangedEnumTrait.Removed.0",
            Error,
            "ex#Colour$RED",
            Major,
        )],
        Major,
    );
    let report = diff(&[(colour, "enum Colour {\n    BLUE\n    RED\n    GREEN\n}")]);
    assert_events(
        &report,
        &[row(
            "ChangedEnumTrait.OrderChanged.0",
            Error,
            "ex#Colour$BLUE",
            Minor,
        )],
        Minor,
    );
    // The same value under another name: the Rust variant is renamed.
    let report = diff(&[(colour, "enum Colour {\n    CRIMSON = \"RED\"\n    GREEN\n}")]);
    assert_events(
        &report,
        &[row(
            "ChangedEnumTrait.NameChanged.0",
            Error,
            "ex#Colour$CRIMSON",
            Major,
        )],
        Major,
    );
}

#[test]
fn int_enum_values() {
    let report = diff(&[("    HIGH = 2\n", "    HIGH = 3\n")]);
    assert_events(
        &report,
        &[
            row("ChangedIntEnum.Appended.1", Note, "ex#Level$HIGH", Minor),
            row("ChangedIntEnum.Removed.1", Error, "ex#Level$HIGH", Major),
        ],
        Major,
    );
    let report = diff(&[("    HIGH = 2\n", "    HIGH = 2\n    TOP = 3\n")]);
    assert_events(
        &report,
        &[row(
            "ChangedIntEnum.Appended.2",
            Note,
            "ex#Level$TOP",
            Minor,
        )],
        Minor,
    );
}

#[test]
fn streaming_changes_the_rust_type() {
    let base = edit(
        BASE,
        &[
            (
                "    next: String\n}",
                "    next: String\n    @httpPayload body: Body\n}",
            ),
            ("list Tags", "blob Body\nlist Tags"),
        ],
    );
    let report = diff_texts(
        &base,
        &edit(&base, &[("blob Body", "@streaming blob Body")]),
    );
    let id = "TraitBreakingChange.Add.smithy.api#streaming";
    assert_events(&report, &[row(id, Error, "ex#Body", Major)], Major);
}

#[test]
fn sparse_changes_the_rust_type() {
    let report = diff(&[("list Tags", "@sparse list Tags")]);
    let id = "TraitBreakingChange.Add.smithy.api#sparse";
    assert_events(&report, &[row(id, Error, "ex#Tags", Major)], Major);
}

#[test]
fn idempotency_token_removed() {
    let report = diff(&[("@idempotencyToken ", "")]);
    let id = "TraitBreakingChange.Remove.smithy.api#idempotencyToken";
    assert_events(
        &report,
        &[row(id, Error, "ex#GetThingInput$token", Minor)],
        Minor,
    );
    // Adding one is no break (no rule): a note.
    let report = diff_texts(&edit(BASE, &[("@idempotencyToken ", "")]), BASE);
    let id = "ModifiedTrait.Add.smithy.api#idempotencyToken";
    assert_events(
        &report,
        &[row(id, Note, "ex#GetThingInput$token", Minor)],
        Minor,
    );
}

#[test]
fn pagination() {
    let paginated = "@paginated(inputToken: \"next\", outputToken: \"next\", items: \"items\")\n";
    let report = diff(&[(paginated, "")]);
    let id = "TraitBreakingChange.Remove.smithy.api#paginated";
    assert_events(&report, &[row(id, Error, "ex#GetThing", Major)], Major);
    let report = diff(&[(", items: \"items\"", "")]);
    let id = "TraitBreakingChange.Remove.smithy.api#paginated";
    assert_events(&report, &[row(id, Error, "ex#GetThing", Major)], Major);
    assert!(report.events[0].message.contains("`items` of `@paginated`"));
    // Another items member: the paginator's item type changes (a NOTE for smithy-diff).
    let report = diff(&[(", items: \"items\"", ", items: \"next\"")]);
    let id = "TraitBreakingChange.Update.smithy.api#paginated";
    assert_events(&report, &[row(id, Note, "ex#GetThing", Major)], Major);
    // Added: no rule; a paginator appears.
    let report = diff_texts(&edit(BASE, &[(paginated, "")]), BASE);
    let id = "ModifiedTrait.Add.smithy.api#paginated";
    assert_events(&report, &[row(id, Note, "ex#GetThing", Minor)], Minor);
}

#[test]
fn operation_errors() {
    let report = diff(&[("errors: [NotFound]", "errors: [NotFound, Invalid]")]);
    assert_events(
        &report,
        &[row(
            "AddedOperationError.Invalid",
            Warning,
            "ex#GetThing",
            Minor,
        )],
        Minor,
    );
    let report = diff(&[("errors: [NotFound]", "errors: []")]);
    assert_events(
        &report,
        &[row(
            "RemovedOperationError.NotFound",
            Warning,
            "ex#GetThing",
            Major,
        )],
        Major,
    );
    let report = diff(&[("errors: [Throttled]", "errors: [Throttled, Invalid]")]);
    assert_events(
        &report,
        &[row("AddedServiceError", Warning, "ex#Svc", Minor)],
        Minor,
    );
}

#[test]
fn operation_input_changed_compares_the_members() {
    // The old input structure stays in the model (unbound); the new one is compared with it.
    let report = diff(&[
        ("input: GetThingInput", "input: FetchInput"),
        (
            "@output\nstructure GetThingOutput",
            "@input structure FetchInput {\n    @required @httpLabel id: String\n    @httpQuery(\"v\") verbose: Boolean\n    @httpQuery(\"next\") next: String\n    @idempotencyToken @httpHeader(\"X-Token\") token: String\n    extra: String\n}\n@output\nstructure GetThingOutput",
        ),
    ]);
    assert_events(
        &report,
        &[
            row("AddedShape", Note, "ex#FetchInput", Bump::None),
            row("AddedShape", Note, "ex#FetchInput$extra", Minor),
            row(
                "ChangedOperationInput.From.GetThingInput.To.FetchInput",
                Error,
                "ex#GetThing",
                Patch,
            ),
        ],
        Minor,
    );
}

#[test]
fn protocol_change_is_a_danger() {
    let report = diff(&[
        (
            "use aws.protocols#restJson1",
            "use aws.protocols#awsJson1_1",
        ),
        ("@restJson1", "@awsJson1_1"),
    ]);
    assert_events(
        &report,
        &[row("ChangedProtocol", Danger, "ex#Svc", Minor)],
        Minor,
    );
    assert!(report.events[0]
        .message
        .contains("restJson1 to aws.protocols#awsJson1_1"));
}

#[test]
fn service_rename_renames_a_rust_type() {
    let report = diff(&[(
        "errors: [Throttled] }",
        "errors: [Throttled], rename: { \"ex#Thing\": \"Gadget\" } }",
    )]);
    assert_events(
        &report,
        &[row("ServiceRename", Error, "ex#Svc", Major)],
        Major,
    );
    assert!(report.events[0]
        .message
        .contains("`ex#Thing` is now renamed to `Gadget`"));
}

#[test]
fn documentation_is_a_patch() {
    let report = diff(&[("structure Thing {", "/// A thing.\nstructure Thing {")]);
    let id = "ModifiedTrait.Add.smithy.api#documentation";
    assert_events(&report, &[row(id, Note, "ex#Thing", Patch)], Patch);
}

#[test]
fn json_report_is_stable_and_sorted() {
    let report = diff(&[
        ("    size: Integer", "    size: Long"),
        ("errors: [NotFound]", "errors: [NotFound, Invalid]"),
    ]);
    let json = report.to_json(Some("0.3.1")).expect("a valid version");
    assert_eq!(json["breaking"], true);
    assert_eq!(json["bump"], "major");
    assert_eq!(json["nextVersion"], "0.4.0");
    assert_eq!(json["counts"]["ERROR"], 1);
    assert_eq!(json["counts"]["WARNING"], 1);
    let events = json["events"].as_array().expect("events");
    assert_eq!(events[0]["id"], "AddedOperationError.Invalid");
    assert_eq!(events[0]["member"], serde_json::Value::Null);
    assert_eq!(events[1]["shape"], "ex#Thing");
    assert_eq!(events[1]["member"], "size");
    assert_eq!(events[1]["severity"], "ERROR");
    assert_eq!(events[1]["bump"], "major");
    let again = diff(&[
        ("    size: Integer", "    size: Long"),
        ("errors: [NotFound]", "errors: [NotFound, Invalid]"),
    ]);
    assert_eq!(again.to_json(Some("0.3.1")).unwrap(), json);
    assert!(report.to_json(Some("v1")).is_err());
}

#[test]
fn an_invalid_model_is_an_error_not_a_panic() {
    let dir = scratch();
    let (good, bad) = (dir.join("good.smithy"), dir.join("bad.smithy"));
    std::fs::write(&good, BASE).unwrap();
    std::fs::write(
        &bad,
        edit(BASE, &[("structure Thing {", "structure Thing {{")]),
    )
    .unwrap();
    let error = Builder::diff(&good, &bad).expect_err("invalid model");
    assert!(error.file.ends_with("bad.smithy"), "{error}");
    let error = Builder::diff(&good, dir.join("missing.smithy")).expect_err("missing file");
    assert!(error.to_string().contains("missing.smithy"), "{error}");
    let _ = std::fs::remove_dir_all(&dir);
}

// A real model, edited by the test.

fn sqs() -> Option<serde_json::Value> {
    let Some(dir) = common::shared_models() else {
        eprintln!("../shared/models/aws is absent: skipping");
        return None;
    };
    let text = std::fs::read_to_string(dir.join("sqs.json")).expect("sqs.json");
    Some(serde_json::from_str(&text).expect("JSON"))
}

fn diff_json(old: &serde_json::Value, new: &serde_json::Value) -> Report {
    let dir = scratch();
    let (a, b) = (dir.join("old.json"), dir.join("new.json"));
    std::fs::write(&a, old.to_string()).unwrap();
    std::fs::write(&b, new.to_string()).unwrap();
    let report = Builder::diff(&a, &b).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(&dir);
    report
}

#[test]
fn sqs_against_itself_has_no_events() {
    let Some(model) = sqs() else { return };
    assert!(diff_json(&model, &model).is_empty());
}

#[test]
fn sqs_edited() {
    let Some(old) = sqs() else { return };
    let mut new = old.clone();
    let shapes = new["shapes"].as_object_mut().expect("shapes");
    // Remove an operation (its binding, the shape and its input).
    let service = &mut shapes["com.amazonaws.sqs#AmazonSQS"]["operations"];
    let ops = service.as_array_mut().expect("operations");
    let before = ops.len();
    ops.retain(|o| o["target"] != "com.amazonaws.sqs#PurgeQueue");
    assert_eq!(ops.len(), before - 1);
    shapes
        .remove("com.amazonaws.sqs#PurgeQueue")
        .expect("PurgeQueue");
    shapes
        .remove("com.amazonaws.sqs#PurgeQueueRequest")
        .expect("input");
    // Make an input member required, and a member of a nested structure.
    let delay = &mut shapes["com.amazonaws.sqs#SendMessageRequest"]["members"]["DelaySeconds"];
    delay["traits"]["smithy.api#required"] = serde_json::json!({});
    let message_id = &mut shapes["com.amazonaws.sqs#Message"]["members"]["MessageId"];
    message_id["traits"]["smithy.api#required"] = serde_json::json!({});
    // A JSON key.
    let body = &mut shapes["com.amazonaws.sqs#SendMessageRequest"]["members"]["MessageBody"];
    body["traits"]["smithy.api#jsonName"] = serde_json::json!("Body");

    let report = diff_json(&old, &new);
    assert_events(
        &report,
        &[
            row(
                "RemovedOperationBinding.FromService.PurgeQueue",
                Error,
                "com.amazonaws.sqs#AmazonSQS",
                Major,
            ),
            row(
                "ChangedNullability.AddedRequiredTrait",
                Error,
                "com.amazonaws.sqs#Message$MessageId",
                Major,
            ),
            row("RemovedShape", Error, "com.amazonaws.sqs#PurgeQueue", Major),
            row(
                "RemovedShape",
                Error,
                "com.amazonaws.sqs#PurgeQueueRequest",
                Patch,
            ),
            row(
                "ModifiedTrait.Add.smithy.api#required",
                Note,
                "com.amazonaws.sqs#SendMessageRequest$DelaySeconds",
                Minor,
            ),
            row(
                "TraitBreakingChange.Add.smithy.api#jsonName",
                Error,
                "com.amazonaws.sqs#SendMessageRequest$MessageBody",
                Patch,
            ),
        ],
        Major,
    );
    // The other way round: the operation comes back (minor), the rest reverses.
    let back = diff_json(&new, &old);
    let ids: Vec<&str> = back.events.iter().map(|e| e.id.as_str()).collect();
    assert!(
        ids.contains(&"AddedOperationBinding.ToService.PurgeQueue"),
        "{ids:?}"
    );
    assert!(
        ids.contains(&"ChangedNullability.RemovedRequiredTrait"),
        "{ids:?}"
    );
    assert!(
        ids.contains(&"TraitBreakingChange.Remove.smithy.api#jsonName"),
        "{ids:?}"
    );
    assert_eq!(back.bump(), Major);
}

#[test]
fn shapes_the_service_does_not_reach_need_no_bump() {
    let base = edit(
        BASE,
        &[("list Tags", "structure Orphan { a: String }\nlist Tags")],
    );
    let report = diff_texts(&base, &edit(&base, &[("{ a: String }", "{ a: Integer }")]));
    assert_events(
        &report,
        &[row("ChangedMemberTarget", Error, "ex#Orphan$a", Bump::None)],
        Bump::None,
    );
}

#[test]
fn botocore_model_edited() {
    let path = common::root().join("codegen/tests/botocore/sample-service-2.json");
    let text = std::fs::read_to_string(path).expect("sample");
    let old: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let mut new = old.clone();
    new["operations"]
        .as_object_mut()
        .expect("operations")
        .remove("DeleteWidget")
        .expect("DeleteWidget");
    let colour = new["shapes"]["Widget.Color"]["enum"]
        .as_array_mut()
        .expect("enum");
    colour.push(serde_json::json!("green"));
    let report = diff_json(&old, &new);
    let ns = "botocore.widgetstore";
    assert_events(
        &report,
        &[
            row("RemovedShape", Error, &format!("{ns}#DeleteWidget"), Major),
            // The request structure stays, unbound: it loses the `@input` the frontend gives
            // operation inputs, which smithy-diff reports, but it leaves the crate.
            row(
                "TraitBreakingChange.Remove.smithy.api#input",
                Error,
                &format!("{ns}#DeleteWidgetRequest"),
                Bump::None,
            ),
            row(
                "ChangedNullability.RemovedInputTrait",
                Error,
                &format!("{ns}#DeleteWidgetRequest$WidgetId"),
                Bump::None,
            ),
            row(
                "RemovedOperationBinding.FromService.DeleteWidget",
                Error,
                &format!("{ns}#WidgetStore"),
                Major,
            ),
            row(
                "ChangedEnumTrait.Appended.3",
                Note,
                &format!("{ns}#Widget_Color$green"),
                Minor,
            ),
        ],
        Major,
    );
}
