//! Tests of the botocore frontend: helpers and the sample model here; service settings and
//! names in `settings`, located errors in `errors`, real suites and models in `corpus`.

mod corpus;
mod errors;
mod settings;

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
        ..Default::default()
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

/// A small service around the given operations and shapes.
fn service(protocol: &str, operations: Value, shapes: Value) -> Value {
    json!({
        "metadata": {"protocol": protocol, "apiVersion": "2020-01-01", "serviceId": "Test"},
        "operations": operations,
        "shapes": shapes,
    })
}

fn service_json_version(version: Option<&str>) -> Value {
    let mut model = service("json", json!({}), json!({}));
    if let Some(v) = version {
        model["metadata"]["jsonVersion"] = json!(v);
    }
    model
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
    assert!(all.contains("EventReceiver<types::WatchEventStream>"));
    assert!(all.contains(r#"(message, "Sequence")"#));
    assert!(all.contains("X-Widget-Attributes"));
    assert!(all.contains("\"colour\""));
}

const CONFORMANCE: &str = "../../shared/conformance/botocore-1.44.5";
