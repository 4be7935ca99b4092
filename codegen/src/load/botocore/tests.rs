//! Tests of the botocore frontend: the sample model, every setting, and located errors.

use super::*;
use crate::model::Member;
use serde_json::Map;
use std::path::PathBuf;

const NS: &str = "botocore.widgetstore";

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> Model {
    let path = manifest_dir().join("tests/botocore/sample-service-2.json");
    crate::load::load_file(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn id(name: &str) -> ShapeId {
    ShapeId::new(NS, name)
}

fn shape<'m>(model: &'m Model, name: &str) -> &'m Shape {
    model
        .shape(&id(name))
        .unwrap_or_else(|| panic!("no shape {name}"))
}

fn member<'m>(model: &'m Model, shape_name: &str, member: &str) -> &'m Member {
    shape(model, shape_name)
        .member(member)
        .unwrap_or_else(|| panic!("no member {shape_name}${member}"))
}

fn options() -> crate::Options {
    crate::Options {
        runtime: crate::RuntimeDependency::Path("../runtime".into()),
        standalone: false,
        package_name: None,
    }
}

/// load (with format detection and prelude) → transform → lower → emit.
fn pipeline(path: &Path, text: &str) -> std::result::Result<crate::Generated, String> {
    let model = crate::load::load_str(path, text).map_err(|e| e.to_string())?;
    let closure = crate::transform::run(model).map_err(|e| e.to_string())?;
    let krate = crate::ir::lower(&closure).map_err(|e| e.to_string())?;
    crate::emit::emit(&krate, &options())
}

fn load_value(value: Value) -> Result<Model> {
    crate::load::load_str(Path::new("test.json"), &value.to_string())
}

#[test]
fn sample_service_shape() {
    let model = sample();
    let services: Vec<&Shape> = model.services().collect();
    assert_eq!(services.len(), 1);
    let service = services[0];
    assert_eq!(service.id, id("WidgetStore"));
    let tr = &service.traits;
    assert_eq!(tr.get(t::REST_JSON1), Some(&json!({})));
    assert!(!tr.has(t::AWS_JSON1_1));
    assert_eq!(
        tr.get(t::AWS_SERVICE),
        Some(&json!({"sdkId": "Widget Store", "endpointPrefix": "widgets"}))
    );
    assert_eq!(tr.get(t::SIGV4), Some(&json!({"name": "widgetstore"})));
    assert_eq!(tr.str(t::TITLE), Some("Example Widget Store"));
    assert_eq!(tr.str(t::DOCUMENTATION), Some("<p>Stores widgets.</p>"));
    let props = service.service.as_ref().expect("service props");
    assert_eq!(props.version, "2024-01-01");
    assert_eq!(props.operations.len(), 7);
    assert!(props.operations.contains(&id("PutWidgetData")));
    assert!(props.rename.is_empty());
}

#[test]
fn sample_operations() {
    let model = sample();
    let create = shape(&model, "CreateWidget");
    assert_eq!(create.ty, ShapeType::Operation);
    assert_eq!(
        create.traits.get(t::HTTP),
        Some(&json!({"method": "POST", "uri": "/widgets", "code": 201}))
    );
    assert!(create.traits.has(IDEMPOTENT));
    assert_eq!(
        create.traits.str(t::DOCUMENTATION),
        Some("<p>Creates a widget.</p>")
    );
    let props = create.operation.as_ref().expect("operation props");
    assert_eq!(props.input, Some(id("CreateWidgetRequest")));
    assert_eq!(props.output, Some(id("CreateWidgetResponse")));
    assert_eq!(
        props.errors,
        vec![
            id("ConflictException"),
            id("ServiceFailure"),
            id("ThrottlingException")
        ]
    );
    let http = |op: &str| shape(&model, op).traits.get(t::HTTP).cloned();
    // Labels are renamed from `locationName` to the member name; `+` and the query survive.
    assert_eq!(
        http("GetWidget"),
        Some(json!({"method": "GET", "uri": "/widgets/{WidgetId}", "code": 200}))
    );
    assert_eq!(
        http("PutWidgetData").unwrap()["uri"],
        json!("/widgets/{WidgetId}/data/{Path+}")
    );
    assert_eq!(
        http("ListWidgets").unwrap()["uri"],
        json!("/widgets?view=summary")
    );
    let delete = shape(&model, "DeleteWidget");
    assert_eq!(http("DeleteWidget").unwrap()["code"], json!(204));
    assert_eq!(
        delete.traits.get(t::DEPRECATED),
        Some(&json!({"message": "Use RetireWidget instead."}))
    );
    assert_eq!(delete.operation.as_ref().unwrap().output, None);
    assert_eq!(
        shape(&model, "DescribeWidgetHistory").traits.get(ENDPOINT),
        Some(&json!({"hostPrefix": "history."}))
    );
    assert!(shape(&model, "PutWidgetData").traits.has(UNSIGNED_PAYLOAD));
}

#[test]
fn sample_member_bindings() {
    let model = sample();
    let tr = |s: &str, m: &str| member(&model, s, m).traits.clone();
    assert!(tr("GetWidgetRequest", "WidgetId").has(t::HTTP_LABEL));
    assert!(tr("GetWidgetRequest", "WidgetId").has(t::REQUIRED));
    assert_eq!(
        tr("GetWidgetRequest", "Version").str(t::HTTP_QUERY),
        Some("version")
    );
    assert_eq!(
        tr("GetWidgetResponse", "ETag").str(t::HTTP_HEADER),
        Some("ETag")
    );
    let modified = tr("GetWidgetResponse", "LastModified");
    assert_eq!(modified.str(t::HTTP_HEADER), Some("Last-Modified"));
    assert_eq!(modified.str(t::TIMESTAMP_FORMAT), Some("http-date"));
    assert!(!modified.has(t::JSON_NAME));
    assert!(tr("ListWidgetsRequest", "Filters").has(t::HTTP_QUERY_PARAMS));
    assert!(!tr("ListWidgetsRequest", "Filters").has(t::HTTP_QUERY));
    assert_eq!(
        tr("ListWidgetsRequest", "MaxResults").str(t::HTTP_QUERY),
        Some("maxResults")
    );
    assert_eq!(
        tr("PutWidgetDataRequest", "Metadata").str(t::HTTP_PREFIX_HEADERS),
        Some("x-amz-meta-")
    );
    assert!(tr("PutWidgetDataRequest", "Body").has(t::HTTP_PAYLOAD));
    assert!(tr("PutWidgetDataRequest", "Path").has(t::REQUIRED));
    assert!(!tr("PutWidgetDataRequest", "Metadata").has(t::REQUIRED));
    assert!(tr("CreateWidgetResponse", "Status").has(t::HTTP_RESPONSE_CODE));
    assert!(tr("DescribeWidgetHistoryResponse", "History").has(t::HTTP_PAYLOAD));
    assert!(tr("CreateWidgetRequest", "ClientToken").has(t::IDEMPOTENCY_TOKEN));
    assert_eq!(
        tr("CreateWidgetRequest", "Name").str(t::DOCUMENTATION),
        Some("<p>The widget's name.</p>")
    );
    // Body members: `locationName` is the JSON (and XML) name.
    assert_eq!(
        tr("ListWidgetsResponse", "NextToken").str(t::JSON_NAME),
        Some("nextToken")
    );
    assert_eq!(tr("Widget", "Color").str(t::JSON_NAME), Some("colour"));
    assert_eq!(tr("Widget", "Color").str(XML_NAME), Some("colour"));
    assert_eq!(member(&model, "Widget", "Color").target, id("Widget_Color"));
    // A member name that is not an identifier keeps its wire name.
    assert_eq!(
        tr("Widget", "item_count").str(t::JSON_NAME),
        Some("item-count")
    );
    assert_eq!(
        tr("Widget", "CreatedAt").str(t::TIMESTAMP_FORMAT),
        Some("epoch-seconds")
    );
    assert_eq!(
        tr("Widget", "Deprecated").get(t::DEPRECATED),
        Some(&json!({}))
    );
    assert!(tr("WatchEvent", "Widget").has(EVENT_PAYLOAD));
    assert!(tr("WatchEvent", "Sequence").has(EVENT_HEADER));
    // `jsonvalue` points the member at a synthetic string with the media type.
    let attributes = member(&model, "PutWidgetDataRequest", "Attributes");
    assert_eq!(attributes.target, id("AttributesDocumentJsonValue"));
    assert_eq!(
        attributes.traits.str(t::HTTP_HEADER),
        Some("X-Widget-Attributes")
    );
    let synthetic = shape(&model, "AttributesDocumentJsonValue");
    assert_eq!(synthetic.ty, ShapeType::String);
    assert_eq!(
        synthetic.traits.str(t::MEDIA_TYPE),
        Some("application/json")
    );
    assert!(!shape(&model, "AttributesDocument")
        .traits
        .has(t::MEDIA_TYPE));
}

#[test]
fn sample_shapes_and_errors() {
    let model = sample();
    let color = shape(&model, "Widget_Color");
    assert_eq!(
        color.traits.get(t::ENUM),
        Some(&json!([{"value": "red"}, {"value": "dark-blue"}, {"value": "2tone"}]))
    );
    assert_eq!(
        shape(&model, "WidgetState").traits.get(t::ENUM),
        Some(&json!([
            {"value": "ACTIVE", "name": "ACTIVE"},
            {"value": "RETIRED", "name": "RETIRED"}
        ]))
    );
    let token = shape(&model, "ClientToken");
    assert_eq!(
        token.traits.get(t::LENGTH),
        Some(&json!({"min": 1, "max": 64}))
    );
    assert_eq!(token.traits.str(t::PATTERN), Some("^[a-zA-Z0-9-]+$"));
    assert_eq!(
        shape(&model, "MaxResults").traits.get(t::RANGE),
        Some(&json!({"min": 1, "max": 100}))
    );
    assert_eq!(
        shape(&model, "TagMap").traits.get(t::LENGTH),
        Some(&json!({"max": 50}))
    );
    let data = shape(&model, "WidgetData");
    assert_eq!(data.ty, ShapeType::Blob);
    assert!(data.traits.has(t::STREAMING) && data.traits.has(t::REQUIRES_LENGTH));
    assert_eq!(
        shape(&model, "Timestamp").traits.str(t::TIMESTAMP_FORMAT),
        Some("date-time")
    );
    assert!(shape(&model, "SecretToken").traits.has(t::SENSITIVE));
    assert_eq!(shape(&model, "HistoryEntry").ty, ShapeType::Union);
    assert!(!shape(&model, "HistoryEntry").traits.has(t::STREAMING));
    assert_eq!(shape(&model, "Details").ty, ShapeType::Document);
    let stream = shape(&model, "WatchEventStream");
    assert_eq!(stream.ty, ShapeType::Union);
    assert!(stream.traits.has(t::STREAMING));
    assert_eq!(shape(&model, "WidgetList").members[0].target, id("Widget"));
    let map = shape(&model, "TagMap");
    assert_eq!(
        map.members
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>(),
        ["key", "value"]
    );

    let conflict = shape(&model, "ConflictException");
    assert_eq!(conflict.traits.str(t::ERROR), Some("client"));
    assert_eq!(conflict.traits.get(t::HTTP_ERROR), Some(&json!(409)));
    assert!(!conflict.traits.has(AWS_QUERY_ERROR));
    let failure = shape(&model, "ServiceFailure");
    assert_eq!(failure.traits.str(t::ERROR), Some("server"));
    assert_eq!(
        failure.traits.get(AWS_QUERY_ERROR),
        Some(&json!({"code": "InternalFailure", "httpResponseCode": 500}))
    );
    let not_found = shape(&model, "NotFoundException");
    assert_eq!(not_found.traits.str(t::ERROR), Some("client"));
    assert!(!not_found.traits.has(t::HTTP_ERROR));
    assert_eq!(
        shape(&model, "ThrottlingException")
            .traits
            .get(t::RETRYABLE),
        Some(&json!({"throttling": true}))
    );

    assert!(shape(&model, "CreateWidgetRequest").traits.has(t::INPUT));
    assert!(shape(&model, "CreateWidgetResponse").traits.has(t::OUTPUT));
    assert!(!shape(&model, "Widget").traits.has(t::INPUT));
    assert!(!shape(&model, "Widget").traits.has(t::OUTPUT));
}

#[test]
fn sample_generates_a_crate() {
    let path = manifest_dir().join("tests/botocore/sample-service-2.json");
    let text = std::fs::read_to_string(&path).expect("sample model");
    let generated = pipeline(&path, &text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(generated.package, "widget-store");
    assert_eq!(generated.operations, 7);
    assert!(
        generated.unsupported.is_empty(),
        "{:?}",
        generated.unsupported
    );
    let all: String = generated.files.iter().map(|(_, c)| c.as_str()).collect();
    // The event stream: its events' header and payload bindings carried over.
    assert!(all.contains("EventReceiver<crate::types::WatchEventStream>"));
    assert!(all.contains(r#"(message, "Sequence")"#));
    assert!(all.contains("X-Widget-Attributes"));
    assert!(all.contains("\"colour\""));
}

/// A small service around the given operations and shapes.
fn service(protocol: &str, operations: Value, shapes: Value) -> Value {
    json!({
        "metadata": {"protocol": protocol, "apiVersion": "2020-01-01", "serviceId": "Test"},
        "operations": operations,
        "shapes": shapes,
    })
}

#[test]
fn operation_keys_that_differ_from_names_are_renamed() {
    let given = |uri: &str| {
        json!({"name": "OperationName", "http": {"method": "POST", "requestUri": uri},
               "input": {"shape": "In"}})
    };
    let model = load_value(service(
        "rest-json",
        json!({
            "OperationName": given("/a"),
            "OperationNameCase1": given("/b"),
            "other-key!": given("/c"),
        }),
        json!({"In": {"type": "structure", "members": {"A": {"shape": "S"}}},
               "S": {"type": "string"}}),
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let service = model.services().next().expect("service");
    let props = service.service.as_ref().unwrap();
    let plain = ShapeId::new("botocore.test", "OperationName");
    let case1 = ShapeId::new("botocore.test.operationnamecase1", "OperationName");
    let other = ShapeId::new("botocore.test.other_key", "OperationName");
    assert_eq!(
        props.operations,
        vec![plain.clone(), case1.clone(), other.clone()]
    );
    assert_eq!(
        props.rename.get(&case1).map(String::as_str),
        Some("OperationNameCase1")
    );
    assert_eq!(
        props.rename.get(&other).map(String::as_str),
        Some("other_key")
    );
    assert!(!props.rename.contains_key(&plain));
    assert_eq!(
        model.shapes[&case1].traits.get(t::HTTP).unwrap()["uri"],
        json!("/b")
    );
    // The input is shared by three operations, so it is not an `@input` structure.
    assert!(!model.shapes[&ShapeId::new("botocore.test", "In")]
        .traits
        .has(t::INPUT));
    let closure = crate::transform::run(model).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = closure
        .operations
        .iter()
        .map(|op| closure.name(op))
        .collect();
    assert_eq!(names, ["OperationName", "OperationNameCase1", "other_key"]);
}

#[test]
fn input_and_output_traits_only_on_exclusive_structures() {
    let op = |input: &str, output: &str| {
        json!({"name": "X", "http": {"method": "POST", "requestUri": "/"},
               "input": {"shape": input}, "output": {"shape": output}})
    };
    let mut ops =
        json!({"A": op("AIn", "Both"), "B": op("Both", "BOut"), "C": op("CIn", "Shared")});
    for (key, value) in ops.as_object_mut().unwrap() {
        value["name"] = json!(key);
    }
    let empty = json!({"type": "structure", "members": {}});
    let model = load_value(service(
        "json",
        ops,
        json!({
            "AIn": empty, "Both": empty, "BOut": empty, "CIn": empty, "Shared": empty,
            "Holder": {"type": "structure", "members": {"S": {"shape": "Shared"}}},
        }),
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let has = |name: &str, tr: &str| {
        model.shapes[&ShapeId::new("botocore.test", name)]
            .traits
            .has(tr)
    };
    assert!(has("AIn", t::INPUT) && has("CIn", t::INPUT) && has("BOut", t::OUTPUT));
    assert!(!has("Both", t::INPUT) && !has("Both", t::OUTPUT));
    assert!(!has("Shared", t::OUTPUT));
    assert!(!has("Holder", t::INPUT) && !has("Holder", t::OUTPUT));
}

#[test]
fn json_protocol_metadata() {
    let mut model = service("json", json!({}), json!({}));
    model["metadata"] = json!({
        "protocols": ["json", "query", "future-protocol"],
        "jsonVersion": "1.0",
        "targetPrefix": "Frobnicator_20200101",
        "endpointPrefix": "frob",
        "awsQueryCompatible": {},
    });
    let model = load_value(model).unwrap_or_else(|e| panic!("{e}"));
    let service = model.services().next().expect("service");
    assert_eq!(
        service.id,
        ShapeId::new("botocore.frob", "Frobnicator_20200101")
    );
    assert!(service.traits.has(t::AWS_JSON1_0));
    assert!(service.traits.has(t::AWS_QUERY));
    assert!(!service.traits.has(t::AWS_JSON1_1));
    assert!(service.traits.has(t::AWS_QUERY_COMPATIBLE));
    assert_eq!(service.traits.get(t::SIGV4), Some(&json!({"name": "frob"})));
    assert_eq!(
        service.traits.get(t::AWS_SERVICE),
        Some(&json!({"sdkId": "Frobnicator_20200101", "endpointPrefix": "frob"}))
    );

    let mut v11 = service_json_version(None);
    let model = load_value(v11.take()).unwrap_or_else(|e| panic!("{e}"));
    assert!(model.services().next().unwrap().traits.has(t::AWS_JSON1_1));
}

#[test]
fn dotted_target_prefix_names_the_service_and_is_kept_verbatim() {
    let with_prefix = |protocol: &str, prefix: &str| {
        let mut model = service(protocol, json!({}), json!({}));
        model["metadata"]["targetPrefix"] = json!(prefix);
        load_value(model)
    };
    let model = with_prefix(
        "json",
        "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let service = model.services().next().unwrap();
    assert_eq!(
        service.id,
        ShapeId::new("botocore.test", "CloudTrail_20131101")
    );
    // The header's prefix is the one botocore sends: `targetPrefix` as written.
    assert_eq!(
        service.traits.get(t::TARGET_PREFIX),
        Some(&json!(
            "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"
        ))
    );
    // A prefix whose last segment is no identifier names nothing, but is still sent.
    let model = with_prefix("json", "com.example.Not-Valid").unwrap_or_else(|e| panic!("{e}"));
    let service = model.services().next().unwrap();
    assert_eq!(service.id, ShapeId::new("botocore.test", "Test"));
    assert_eq!(
        service.traits.get(t::TARGET_PREFIX),
        Some(&json!("com.example.Not-Valid"))
    );
    let err = with_prefix("json", "Not Valid").unwrap_err();
    assert!(
        err.message
            .contains("`targetPrefix` `Not Valid` cannot be sent in the X-Amz-Target header"),
        "{err}"
    );
    let model = with_prefix("rest-json", "com.example.Not-Valid").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        model.services().next().unwrap().id,
        ShapeId::new("botocore.test", "Test")
    );
}

#[test]
fn xml_protocols_get_xml_names_only() {
    let model = service(
        "rest-xml",
        json!({"Op": {"name": "Op", "http": {"method": "GET", "requestUri": "/"},
                      "output": {"shape": "Out"}}}),
        json!({
            "Out": {"type": "structure", "members": {
                // S3 has pairs like this: one flattened list named like its neighbour.
                "Event": {"shape": "S", "deprecated": true},
                "Events": {"shape": "Events", "locationName": "Event"},
                "odd-name": {"shape": "S"}}},
            "Events": {"type": "list", "member": {"shape": "S", "locationName": "member"},
                       "flattened": true},
            "S": {"type": "string"},
        }),
    );
    let model = load_value(model).unwrap_or_else(|e| panic!("{e}"));
    let out = &model.shapes[&ShapeId::new("botocore.test", "Out")];
    let events = out.member("Events").unwrap();
    assert_eq!(events.traits.str(XML_NAME), Some("Event"));
    assert!(!events.traits.has(t::JSON_NAME));
    assert!(events.traits.has(XML_FLATTENED));
    assert_eq!(
        out.member("odd_name").unwrap().traits.str(XML_NAME),
        Some("odd-name")
    );
    assert!(!out.member("odd_name").unwrap().traits.has(t::JSON_NAME));
    let list = &model.shapes[&ShapeId::new("botocore.test", "Events")];
    assert!(list.traits.has(XML_FLATTENED));
    assert_eq!(list.members[0].traits.str(XML_NAME), Some("member"));
    assert!(model.services().next().unwrap().traits.has(t::REST_XML));
}

fn service_json_version(version: Option<&str>) -> Value {
    let mut model = service("json", json!({}), json!({}));
    if let Some(v) = version {
        model["metadata"]["jsonVersion"] = json!(v);
    }
    model
}

#[test]
fn names_are_sanitized_consistently() {
    let model = load_value(service(
        "rest-json",
        json!({"Thing": {"name": "Thing", "http": {"method": "GET", "requestUri": "/"},
                         "output": {"shape": "Out"}, "errors": [{"shape": "Bad-Request"}]}}),
        json!({
            "Out": {"type": "structure", "members": {
                "a": {"shape": "Foo-Bar"}, "b": {"shape": "FooBar"}, "c": {"shape": "thing"}}},
            "Foo-Bar": {"type": "string"},
            "FooBar": {"type": "integer"},
            "thing": {"type": "string"},
            "Bad-Request": {"type": "structure", "members": {}, "exception": true,
                            "error": {"httpStatusCode": 400, "senderFault": true}},
        }),
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let ns = |n: &str| ShapeId::new("botocore.test", n);
    let out = &model.shapes[&ns("Out")];
    let targets: Vec<&ShapeId> = out.members.iter().map(|m| &m.target).collect();
    // `Foo-Bar` becomes `Foo_Bar`, the same Rust name as `FooBar`; `thing` clashes with the operation `Thing`.
    assert_eq!(targets, [&ns("Foo_Bar2"), &ns("FooBar"), &ns("thing2")]);
    assert_eq!(model.shapes[&ns("Foo_Bar2")].ty, ShapeType::String);
    assert_eq!(model.shapes[&ns("FooBar")].ty, ShapeType::Integer);
    assert_eq!(model.shapes[&ns("Thing")].ty, ShapeType::Operation);
    // The error code survives the sanitized name.
    let bad = &model.shapes[&ns("Bad_Request")];
    assert_eq!(
        bad.traits.get(AWS_QUERY_ERROR),
        Some(&json!({"code": "Bad-Request", "httpResponseCode": 400}))
    );
    assert_eq!(
        model.shapes[&ns("Thing")]
            .operation
            .as_ref()
            .unwrap()
            .errors,
        vec![ns("Bad_Request")]
    );
}

#[test]
fn format_detection() {
    let botocore = service("rest-json", json!({}), json!({}));
    assert!(crate::load::load_str(Path::new("x.json"), &botocore.to_string()).is_ok());
    let mut smithy = botocore.clone();
    smithy["smithy"] = json!("2.0");
    // With a `smithy` key it is read as the JSON AST, whose `shapes` are absolute IDs.
    let err = crate::load::load_str(Path::new("x.json"), &smithy.to_string());
    assert!(err.is_ok_and(|m| m.services().next().is_none()));
}

/// A minimal valid model that the malformed-input cases below break one field at a time.
fn base() -> Value {
    json!({
        "metadata": {"protocol": "rest-json", "apiVersion": "2020-01-01", "serviceId": "T"},
        "operations": {
            "Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/{Id}"},
                   "input": {"shape": "In"}, "output": {"shape": "Out"},
                   "errors": [{"shape": "Err"}]}
        },
        "shapes": {
            "In": {"type": "structure", "required": ["Id"], "members": {
                "Id": {"shape": "S", "location": "uri"},
                "L": {"shape": "List"}}},
            "Out": {"type": "structure", "members": {"V": {"shape": "S"}}},
            "Err": {"type": "structure", "members": {}, "exception": true,
                    "error": {"httpStatusCode": 400}},
            "S": {"type": "string"},
            "N": {"type": "integer"},
            "List": {"type": "list", "member": {"shape": "S"}},
        }
    })
}

#[test]
fn base_model_loads() {
    let model = load_value(base()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(model.services().count(), 1);
    pipeline(Path::new("base.json"), &base().to_string()).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn malformed_input_gives_located_errors() {
    type Edit = fn(&mut Value);
    let cases: &[(Edit, Option<&str>, Option<&str>, &str)] = &[
        (
            |v| v["metadata"] = json!([]),
            None,
            None,
            "`metadata` must be an object",
        ),
        (
            |v| v["metadata"]["protocol"] = json!(5),
            None,
            None,
            "`metadata.protocol` must be a string",
        ),
        (
            |v| v["metadata"]["protocol"] = json!("soap"),
            None,
            None,
            "unknown protocol `soap`",
        ),
        (
            |v| v["metadata"]["protocols"] = json!("json"),
            None,
            None,
            "`metadata.protocols` must be an array",
        ),
        (
            |v| v["metadata"]["apiVersion"] = json!(2020),
            None,
            None,
            "`metadata.apiVersion` must be a string",
        ),
        (
            |v| v["shapes"] = json!([]),
            None,
            None,
            "`shapes` must be an object",
        ),
        (
            |v| v["shapes"]["S"] = json!("string"),
            Some("S"),
            None,
            "must be a JSON object",
        ),
        (
            |v| v["shapes"]["S"]["type"] = json!(1),
            Some("S"),
            None,
            "`type` must be a string",
        ),
        (
            |v| v["shapes"]["S"]["type"] = json!("widget"),
            Some("S"),
            None,
            "unknown shape type `widget`",
        ),
        (
            |v| {
                v["shapes"]["S"].as_object_mut().unwrap().remove("type");
            },
            Some("S"),
            None,
            "missing `type`",
        ),
        (
            |v| v["shapes"]["S"]["enum"] = json!([1]),
            Some("S"),
            None,
            "`enum` must be an array of strings",
        ),
        (
            |v| v["shapes"]["S"]["min"] = json!("1"),
            Some("S"),
            None,
            "`min` must be a number",
        ),
        (
            |v| v["shapes"]["S"]["min"] = json!(-1),
            Some("S"),
            None,
            "must not be negative",
        ),
        (
            |v| v["shapes"]["S"]["sensitive"] = json!("yes"),
            Some("S"),
            None,
            "`sensitive` must be a boolean",
        ),
        (
            |v| v["shapes"]["N"]["max"] = json!({}),
            Some("N"),
            None,
            "`max` must be a number",
        ),
        (
            |v| v["shapes"]["S"]["xmlNamespace"] = json!(5),
            Some("S"),
            None,
            "`xmlNamespace` must be a string or an object",
        ),
        (
            |v| v["shapes"]["In"]["members"] = json!([]),
            Some("In"),
            None,
            "`members` must be an object",
        ),
        (
            |v| v["shapes"]["In"]["members"]["Id"] = json!("S"),
            Some("In"),
            Some("Id"),
            "must be a JSON object",
        ),
        (
            |v| {
                v["shapes"]["In"]["members"]["Id"]
                    .as_object_mut()
                    .unwrap()
                    .remove("shape");
            },
            Some("In"),
            Some("Id"),
            "needs a `shape`",
        ),
        (
            |v| v["shapes"]["In"]["members"]["Id"]["shape"] = json!(["S"]),
            Some("In"),
            Some("Id"),
            "`shape` must be a string",
        ),
        (
            |v| v["shapes"]["In"]["members"]["Id"]["shape"] = json!("Nope"),
            Some("In"),
            Some("Id"),
            "`Nope`, which is not defined",
        ),
        (
            |v| v["shapes"]["In"]["members"]["Id"]["location"] = json!(1),
            Some("In"),
            Some("Id"),
            "`location` must be a string",
        ),
        (
            |v| v["shapes"]["In"]["members"]["Id"]["location"] = json!("body"),
            Some("In"),
            Some("Id"),
            "unknown `location` `body`",
        ),
        (
            |v| v["shapes"]["In"]["members"]["Id"]["locationName"] = json!(false),
            Some("In"),
            Some("Id"),
            "`locationName` must be a string",
        ),
        (
            |v| v["shapes"]["In"]["members"]["Id"]["timestampFormat"] = json!("weird"),
            Some("In"),
            Some("Id"),
            "unknown `timestampFormat` `weird`",
        ),
        (
            |v| v["shapes"]["In"]["members"]["Id"]["jsonvalue"] = json!(1),
            Some("In"),
            Some("Id"),
            "`jsonvalue` must be a boolean",
        ),
        (
            |v| v["shapes"]["In"]["members"]["L"]["jsonvalue"] = json!(true),
            Some("In"),
            Some("L"),
            "`jsonvalue` needs a string target",
        ),
        (
            |v| v["shapes"]["In"]["required"] = json!("Id"),
            Some("In"),
            None,
            "`required` must be an array",
        ),
        (
            |v| v["shapes"]["In"]["required"] = json!([1]),
            Some("In"),
            None,
            "`required` must be an array of member names",
        ),
        (
            |v| v["shapes"]["In"]["required"] = json!(["Nope"]),
            Some("In"),
            None,
            "`required` names `Nope`",
        ),
        (
            |v| v["shapes"]["In"]["payload"] = json!("Nope"),
            Some("In"),
            None,
            "`payload` names `Nope`",
        ),
        (
            |v| v["shapes"]["In"]["payload"] = json!(true),
            Some("In"),
            None,
            "`payload` must be a string",
        ),
        (
            |v| v["shapes"]["In"]["union"] = json!("true"),
            Some("In"),
            None,
            "`union` must be a boolean",
        ),
        (
            |v| v["shapes"]["Err"]["error"] = json!("x"),
            Some("Err"),
            None,
            "`error` must be an object",
        ),
        (
            |v| v["shapes"]["Err"]["error"]["httpStatusCode"] = json!("400"),
            Some("Err"),
            None,
            "`error.httpStatusCode` must be a non-negative integer",
        ),
        (
            |v| v["shapes"]["Err"]["error"]["code"] = json!(1),
            Some("Err"),
            None,
            "`error.code` must be a string",
        ),
        (
            |v| v["shapes"]["Err"]["retryable"] = json!(true),
            Some("Err"),
            None,
            "`retryable` must be an object",
        ),
        (
            |v| {
                v["shapes"]["List"]
                    .as_object_mut()
                    .unwrap()
                    .remove("member");
            },
            Some("List"),
            None,
            "a list needs a `member`",
        ),
        (
            |v| v["shapes"]["List"]["member"] = json!("S"),
            Some("List"),
            None,
            "`member` must be an object",
        ),
        (
            |v| v["shapes"]["List"]["member"]["shape"] = json!("Nope"),
            Some("List"),
            Some("member"),
            "which is not defined",
        ),
        (
            |v| v["shapes"]["List"]["type"] = json!("map"),
            Some("List"),
            None,
            "a map needs a `key`",
        ),
        (
            |v| v["operations"]["Op"] = json!(1),
            Some("operations.Op"),
            None,
            "an operation must be a JSON object",
        ),
        (
            |v| v["operations"]["Op"]["name"] = json!("Not valid"),
            Some("operations.Op"),
            None,
            "is not an identifier",
        ),
        (
            |v| v["operations"]["Op"]["name"] = json!(3),
            Some("operations.Op"),
            None,
            "`name` must be a string",
        ),
        (
            |v| v["operations"]["Op"]["http"] = json!("POST /"),
            Some("operations.Op"),
            None,
            "`http` must be an object",
        ),
        (
            |v| v["operations"]["Op"]["http"]["method"] = json!(1),
            Some("operations.Op"),
            None,
            "`http.method` must be a string",
        ),
        (
            |v| {
                v["operations"]["Op"]["http"]
                    .as_object_mut()
                    .unwrap()
                    .remove("requestUri");
            },
            Some("operations.Op"),
            None,
            "missing `http.requestUri`",
        ),
        (
            |v| v["operations"]["Op"]["http"]["responseCode"] = json!(-1),
            Some("operations.Op"),
            None,
            "`http.responseCode` must be a non-negative integer",
        ),
        (
            |v| v["operations"]["Op"]["input"] = json!("In"),
            Some("operations.Op"),
            None,
            "`input` must be an object",
        ),
        (
            |v| v["operations"]["Op"]["input"] = json!({}),
            Some("operations.Op"),
            None,
            "missing `input.shape`",
        ),
        (
            |v| v["operations"]["Op"]["input"]["shape"] = json!("Nope"),
            Some("operations.Op"),
            None,
            "`Nope`, which is not defined",
        ),
        (
            |v| v["operations"]["Op"]["output"]["shape"] = json!("List"),
            Some("operations.Op"),
            None,
            "must be a plain structure",
        ),
        (
            |v| v["operations"]["Op"]["errors"] = json!({}),
            Some("operations.Op"),
            None,
            "`errors` must be an array",
        ),
        (
            |v| v["operations"]["Op"]["errors"] = json!(["Err"]),
            Some("operations.Op"),
            None,
            "`errors` must be an array of",
        ),
        (
            |v| v["operations"]["Op"]["deprecated"] = json!("yes"),
            Some("operations.Op"),
            None,
            "`deprecated` must be a boolean",
        ),
        (
            |v| v["operations"]["Op"]["documentation"] = json!(["x"]),
            Some("operations.Op"),
            None,
            "`documentation` must be a string",
        ),
    ];
    for (i, (edit, shape, member, message)) in cases.iter().enumerate() {
        let mut model = base();
        edit(&mut model);
        let err = match load_value(model) {
            Ok(_) => panic!("case {i} ({message}): loaded without an error"),
            Err(e) => e,
        };
        assert_eq!(err.file, Path::new("test.json"), "case {i}: {err}");
        assert_eq!(err.shape.as_deref(), *shape, "case {i}: {err}");
        assert_eq!(err.member.as_deref(), *member, "case {i}: {err}");
        assert!(
            err.message.contains(message),
            "case {i}: `{err}` lacks `{message}`"
        );
    }
}

#[test]
fn wrong_top_level_is_an_error() {
    let path = Path::new("test.json");
    for text in [
        "[]",
        "1",
        "{\"metadata\": {}, \"operations\": {}, \"shapes\": {}}",
    ] {
        let value: Value = serde_json::from_str(text).unwrap();
        assert!(load(path, value).is_err(), "{text}");
    }
}

#[test]
fn label_rewriting() {
    let labels = [
        ("foo".to_string(), "Foo".to_string()),
        ("Key".to_string(), "ObjectKey".to_string()),
    ];
    assert_eq!(
        rewrite_labels("/{foo}/x/{Key+}?foo={foo}", &labels),
        "/{Foo}/x/{ObjectKey+}?foo={foo}"
    );
    assert_eq!(
        rewrite_labels("/{other}/{unclosed", &labels),
        "/{other}/{unclosed"
    );
}

const CONFORMANCE: &str = "../../shared/conformance/botocore-1.44.5";

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

/// awsQuery and ec2Query: a flattened list member without a `locationName` of its own is named
/// after the list member's (`Attribute.1.Name`), and still read under its own name; ec2 keeps
/// the member's own request key; a member's own `locationName` wins; restXml keeps the member's
/// name and reads entries under the list member's too.
#[test]
fn flattened_lists_named_after_their_member() {
    let shapes = json!({
        "In": {"type": "structure", "members": {
            "Attributes": {"shape": "AttributeList"},
            "Named": {"shape": "AttributeList", "locationName": "Own"},
            "Plain": {"shape": "Strings"}
        }},
        "AttributeList": {"type": "list", "member": {"shape": "S", "locationName": "Attribute"},
                          "flattened": true},
        "Strings": {"type": "list", "member": {"shape": "S"}, "flattened": true},
        "S": {"type": "string"}
    });
    let ops = json!({"Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/"},
                            "input": {"shape": "In"}}});
    let member = |model: &Model, name: &str| -> Member {
        model
            .shape(&ShapeId::new("botocore.test", "In"))
            .and_then(|s| s.member(name))
            .cloned()
            .unwrap_or_else(|| panic!("no member In${name}"))
    };
    for protocol in ["query", "ec2", "rest-xml"] {
        let model = load_value(service(protocol, ops.clone(), shapes.clone()))
            .unwrap_or_else(|e| panic!("{e}"));
        let attributes = &member(&model, "Attributes").traits;
        if protocol == "rest-xml" {
            assert!(!attributes.has(XML_NAME), "{protocol}");
            assert_eq!(
                attributes.get(t::FLATTENED_ALIAS),
                Some(&json!("Attribute")),
                "{protocol}"
            );
        } else {
            assert_eq!(
                attributes.get(XML_NAME),
                Some(&json!("Attribute")),
                "{protocol}"
            );
            assert_eq!(
                attributes.get(t::FLATTENED_ALIAS),
                Some(&json!("Attributes")),
                "{protocol}"
            );
            let ec2_key = attributes.get(EC2_QUERY_NAME);
            if protocol == "ec2" {
                assert_eq!(ec2_key, Some(&json!("Attributes")));
            } else {
                assert_eq!(ec2_key, None);
            }
        }
        let named = &member(&model, "Named").traits;
        assert_eq!(named.get(XML_NAME), Some(&json!("Own")), "{protocol}");
        assert!(!named.has(t::FLATTENED_ALIAS), "{protocol}");
        assert!(!member(&model, "Plain").traits.has(XML_NAME), "{protocol}");
    }
}

/// `eventpayload` and `eventheader` on the members of an event structure become
/// `@eventPayload` and `@eventHeader`; an `eventstream` structure becomes a streaming union.
/// (The conformance runner has no event-stream values, so this key is tested here.)
#[test]
fn event_payload_and_header() {
    let shapes = json!({
        "Out": {"type": "structure", "members": {"Stream": {"shape": "Events"}}, "payload": "Stream"},
        "Events": {"type": "structure", "eventstream": true, "members": {"Chunk": {"shape": "Chunk"}}},
        "Chunk": {"type": "structure", "event": true, "members": {
            "Bytes": {"shape": "B", "eventpayload": true},
            "Seq": {"shape": "I", "eventheader": true}
        }},
        "B": {"type": "blob"},
        "I": {"type": "integer"}
    });
    let ops = json!({"Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/"},
                            "output": {"shape": "Out"}}});
    let model = load_value(service("rest-json", ops, shapes)).unwrap_or_else(|e| panic!("{e}"));
    let shape = |name: &str| {
        model
            .shape(&ShapeId::new("botocore.test", name))
            .unwrap_or_else(|| panic!("no shape {name}"))
    };
    assert_eq!(shape("Events").ty, ShapeType::Union);
    assert!(shape("Events").traits.has(t::STREAMING));
    let chunk = shape("Chunk");
    assert!(chunk.member("Bytes").unwrap().traits.has(EVENT_PAYLOAD));
    assert!(chunk.member("Seq").unwrap().traits.has(EVENT_HEADER));
}
