//! Malformed botocore documents give located errors, never panics.

use super::*;

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
