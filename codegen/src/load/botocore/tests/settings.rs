//! Service-level settings, operation keys, input/output traits, protocols and names.

use super::*;

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

#[test]
fn base_model_loads() {
    let model = load_value(base()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(model.services().count(), 1);
    pipeline(Path::new("base.json"), &base().to_string()).unwrap_or_else(|e| panic!("{e}"));
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
