//! The rules engine from the outside: a small rule set written here (templates, `assign`, tree
//! and error rules, headers, properties, parameter defaults and required parameters), and the
//! built-in partition table compared with botocore's `partitions.json` when `../shared` is
//! present (read in place).

use smelt_runtime::endpoint::{EndpointParams, Partitions, RuleSet, Value};

const RULES: &str = r#"{
  "version": "1.0",
  "parameters": {
    "Region": {"type": "String", "builtIn": "AWS::Region"},
    "UseFIPS": {"type": "Boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false},
    "Endpoint": {"type": "String", "builtIn": "SDK::Endpoint"},
    "Ids": {"type": "stringArray"}
  },
  "rules": [
    {"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]},
                    {"fn": "parseURL", "argv": ["{Endpoint}"], "assign": "url"}],
     "type": "endpoint",
     "endpoint": {"url": "{url#scheme}://{url#authority}{url#normalizedPath}x",
                  "headers": {"x-id": ["{{literal}}", "{url#scheme}"]}}},
    {"conditions": [{"fn": "isSet", "argv": [{"ref": "Ids"}]},
                    {"fn": "getAttr", "argv": [{"ref": "Ids"}, "[1]"], "assign": "second"}],
     "type": "endpoint", "endpoint": {"url": "https://{second}.example.com"}},
    {"conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}],
     "type": "tree",
     "rules": [
       {"conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"},
                       {"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
        "type": "endpoint",
        "endpoint": {"url": "https://svc-fips.{Region}.{p#dnsSuffix}",
                     "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{Region}",
                                                      "disableDoubleEncoding": true}]}}},
       {"conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}],
        "type": "endpoint", "endpoint": {"url": "https://svc.{Region}.{p#dnsSuffix}"}}
     ]},
    {"conditions": [], "type": "error", "error": "Invalid Configuration: Missing Region"}
  ]
}"#;

fn resolve(set: impl FnOnce(&mut EndpointParams)) -> Result<String, String> {
    let rules = RuleSet::from_json(RULES).unwrap();
    let mut params = EndpointParams::new();
    set(&mut params);
    rules
        .resolve(&params, Partitions::builtin())
        .map(|e| e.url)
        .map_err(|e| e.message().to_owned())
}

#[test]
fn rules_resolve_in_order() {
    assert_eq!(
        resolve(|p| {
            p.set("Region", "cn-north-1");
        }),
        Ok("https://svc.cn-north-1.amazonaws.com.cn".to_owned())
    );
    assert_eq!(
        resolve(|p| {
            p.set("Region", "us-west-2").set("UseFIPS", true);
        }),
        Ok("https://svc-fips.us-west-2.amazonaws.com".to_owned())
    );
    assert_eq!(
        resolve(|p| {
            p.set("Endpoint", "http://localhost:5000/base");
        }),
        Ok("http://localhost:5000/base/x".to_owned())
    );
    assert_eq!(
        resolve(|p| {
            p.set("Ids", vec!["a".to_owned(), "b".to_owned()]);
        }),
        Ok("https://b.example.com".to_owned())
    );
    // Index out of range: the condition fails and the next rule applies.
    assert_eq!(
        resolve(|p| {
            p.set("Ids", vec!["a".to_owned()]);
        }),
        Err("Invalid Configuration: Missing Region".to_owned())
    );
    assert_eq!(
        resolve(|p| {
            p.set("UseFIPS", "yes");
        }),
        Err("parameter UseFIPS must not be a string".to_owned())
    );
}

#[test]
fn headers_and_properties() {
    let rules = RuleSet::from_json(RULES).unwrap();
    let mut params = EndpointParams::new();
    params.set("Endpoint", "https://h.example");
    let e = rules.resolve(&params, Partitions::builtin()).unwrap();
    assert_eq!(e.headers["x-id"], ["{literal}", "https"]);

    let mut params = EndpointParams::new();
    params.set("Region", "us-east-1").set("UseFIPS", true);
    let e = rules.resolve(&params, Partitions::builtin()).unwrap();
    let schemes = e.auth_schemes();
    assert_eq!(schemes.len(), 1);
    assert_eq!(schemes[0].name, "sigv4");
    assert_eq!(schemes[0].signing_region.as_deref(), Some("us-east-1"));
    assert!(schemes[0].disable_double_encoding);
    assert_eq!(
        e.properties["authSchemes"].to_string(),
        r#"[{"disableDoubleEncoding":true,"name":"sigv4","signingRegion":"us-east-1"}]"#
    );
    assert_eq!(Value::from("x"), Value::String("x".to_owned()));
}

#[test]
fn required_parameters_without_a_value_are_errors() {
    let rules = RuleSet::from_json(
        r#"{"parameters": {"R": {"type": "string", "required": true}}, "rules": []}"#,
    )
    .unwrap();
    let err = rules
        .resolve(&EndpointParams::new(), Partitions::builtin())
        .unwrap_err();
    assert_eq!(err.message(), "missing required parameter R");
}

/// The built-in table says what botocore 1.44.5's `partitions.json` says: the same partitions
/// in the same order, each with the same regions, region pattern and outputs.
#[test]
fn builtin_partitions_match_botocore() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/conformance/botocore-1.44.5/endpoint-rules/partitions.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is not present", path.display());
        return;
    };
    let file = Partitions::from_json(&text).unwrap();
    let builtin = Partitions::builtin();
    assert_eq!(file.partitions().len(), builtin.partitions().len());
    for (a, b) in file.partitions().iter().zip(builtin.partitions()) {
        assert_eq!(a.id(), b.id());
        assert_eq!(a.region_regex(), b.region_regex(), "{}", a.id());
        assert_eq!(a.outputs(), b.outputs(), "{}", a.id());
        assert_eq!(
            a.regions().collect::<Vec<_>>(),
            b.regions().collect::<Vec<_>>(),
            "{}",
            a.id()
        );
    }
}
