//! Rust source for conformance cases: test data (JSON) → values of the generated types, built
//! through the generated API (fluent setters, `Default` plus public fields, enum `From`s).

use serde_json::Value;
use smelt_codegen::ir::{
    Crate, Member, NamedKind, Operation, Protocol, RustType, Struct, TypeKind,
};
use smelt_codegen::naming;
use std::fmt::Write as _;

fn members(def: &smelt_codegen::ir::TypeDef) -> &Struct {
    match &def.kind {
        TypeKind::Struct(s) => s,
        _ => unreachable!("operation inputs and outputs are structures"),
    }
}

/// The start of a request case's code: set `params` through the fluent builder, send through
/// a test client `http` with the configuration `config` (an expression of the runner's
/// support module, such as `config_for(&http, "example.com")`), and bind the captured request
/// to `req` (a case without a request fails here).
pub fn send_request(
    krate: &Crate,
    lib: &str,
    op: &Operation,
    params: &Value,
    config: &str,
) -> Result<String, String> {
    let input = members(&op.input);
    let mut setters = String::new();
    if let Some(params) = params.as_object() {
        for (key, value) in params {
            let m = find_member(input, key)?;
            let set = naming::prefixed_method("set", &m.smithy_name);
            let expr = if value.is_null() {
                "None".to_string()
            } else {
                format!("Some({})", value_expr(krate, lib, &m.ty, value)?)
            };
            write!(setters, "\n            .{set}({expr})").unwrap();
        }
    }
    Ok(format!(
        "        let http = smelt_runtime::http::TestClient::always(200, \"{{}}\");
        let client = {lib}::Client::from_conf({config});
        let sent = client.{method}(){setters}
            .send()
            .await;
        let requests = http.requests();
        let req = requests.first().ok_or_else(|| format!(\"no request was sent: {{:?}}\", sent.err()))?;
",
        method = op.module,
    ))
}

/// A Rust slice expression of string literals.
pub fn str_slice<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(|v| format!("{v:?}")).collect();
    format!("&[{}]", items.join(", "))
}

/// A Rust slice expression of `(name, value)` pairs from a JSON object of strings.
pub fn pair_slice(object: &Value) -> String {
    let pairs: Vec<String> = object
        .as_object()
        .map(|h| {
            h.iter()
                .map(|(k, v)| format!("({k:?}, {:?})", v.as_str().unwrap_or("")))
                .collect()
        })
        .unwrap_or_default();
    format!("&[{}]", pairs.join(", "))
}

/// Code for a botocore request case: set `params` through the fluent builder, send through a
/// test client, compare the captured request with `serialized`.
pub fn input_case(
    krate: &Crate,
    lib: &str,
    op: &Operation,
    case: &Value,
) -> Result<String, String> {
    let s = &case["serialized"];
    let list = |key: &str| {
        str_slice(
            s[key]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str),
        )
    };
    let body = match s.get("body") {
        Some(Value::String(b)) => format!("Some({b:?})"),
        _ => "None".to_string(),
    };
    // The endpoint botocore's harness uses: `example.com`, plus the base path the expected
    // host carries (`example.com/custom`); a host prefix (`foo.example.com`) is the client's job.
    let base = match s["host"].as_str() {
        Some(h) => match h.split_once('/') {
            Some((_, path)) => format!("example.com/{path}"),
            None => "example.com".to_string(),
        },
        None => "example.com".to_string(),
    };
    let send = send_request(
        krate,
        lib,
        op,
        &case["params"],
        &format!("config_for(&http, {base:?})"),
    )?;
    Ok(format!(
        "{send}        check_request(req, &Expected {{
            host: {host},
            method: {m:?},
            uri: {uri:?},
            headers: {headers},
            require: {require},
            forbid: {forbid},
            body: {body},
        }})",
        host = match s["host"].as_str() {
            Some(h) => format!("Some({h:?})"),
            None => "None".to_string(),
        },
        m = s["method"].as_str().unwrap_or("POST"),
        uri = s["uri"].as_str().unwrap_or("/"),
        headers = pair_slice(&s["headers"]),
        require = list("requireHeaders"),
        forbid = list("forbidHeaders"),
    ))
}

/// Code for a response case: parse the canned response with the generated deserializers and
/// compare with `result`, or with the expected error.
pub fn output_case(
    krate: &Crate,
    lib: &str,
    op: &Operation,
    case: &Value,
) -> Result<String, String> {
    let r = &case["response"];
    let headers: Vec<String> = r["headers"]
        .as_object()
        .map(|h| {
            h.iter()
                .map(|(k, v)| format!("({k:?}, {:?})", v.as_str().unwrap_or("")))
                .collect()
        })
        .unwrap_or_default();
    let mut code = format!(
        "        let resp = {}({}, &[{}], {:?});\n",
        if krate.service.protocol.is_cbor() {
            "response_base64"
        } else {
            "response"
        },
        r["status_code"].as_u64().unwrap_or(200),
        headers.join(", "),
        r["body"].as_str().unwrap_or("")
    );
    let module = &op.module;
    if let Some(error_code) = case["errorCode"].as_str() {
        let protocol = match &krate.service.protocol {
            Protocol::RestJson1 => "RestJson1",
            Protocol::AwsJson1_0 { .. } => "AwsJson1_0",
            Protocol::AwsJson1_1 { .. } => "AwsJson1_1",
            Protocol::AwsQuery { .. } => "AwsQuery",
            Protocol::Ec2Query { .. } => "Ec2Query",
            Protocol::RestXml { .. } => "RestXml",
            Protocol::RpcV2Cbor { .. } => "RpcV2Cbor",
            Protocol::RpcV2Json { .. } => "RpcV2Json",
            Protocol::Unsupported(p) => return Err(format!("protocol {p} has no error parser")),
        };
        let error = naming::operation_error(&op.name);
        write!(
            code,
            "        let (_, err) = smelt_runtime::client::parse_error_response(smelt_runtime::client::Protocol::{protocol}, &resp, <{lib}::operation::{module}::{error} as smelt_runtime::protocol::FromErrorResponse>::from_error_response);
        let err = err.map_err(|e| format!(\"the error response does not parse: {{e}}\"))?;
        if err.code() != Some({error_code:?}) {{
            return Err(format!(\"error code {{:?}}, expected {{:?}}\", err.code(), {error_code:?}));
        }}\n"
        )
        .unwrap();
        match op
            .errors
            .iter()
            .find(|e| e.query_code.as_deref().unwrap_or(&e.code) == error_code)
        {
            Some(e) => {
                let def = krate
                    .types
                    .iter()
                    .find(|t| t.name == e.type_name)
                    .ok_or("error type not found")?;
                let expected = struct_expr(
                    krate,
                    lib,
                    def,
                    &case["error"],
                    &format!("{lib}::types::{}", def.name),
                )?;
                write!(
                    code,
                    "        match &err {{
            {lib}::operation::{module}::{error}::{variant}(e) => same(e, &{expected}),
            other => Err(format!(\"expected {variant}, got {{other:?}}\")),
        }}",
                    variant = e.variant
                )
                .unwrap();
            }
            None => {
                let message = match case["errorMessage"].as_str() {
                    Some(m) => format!(
                        "            {lib}::operation::{module}::{error}::Unhandled(u) if u.message() != Some({m:?}) => Err(format!(\"message {{:?}}, expected {{:?}}\", u.message(), {m:?})),\n"
                    ),
                    None => String::new(),
                };
                write!(
                    code,
                    "        match &err {{
{message}            {lib}::operation::{module}::{error}::Unhandled(_) => Ok(()),
            other => Err(format!(\"expected an unhandled error, got {{other:?}}\")),
        }}"
                )
                .unwrap();
            }
        }
        return Ok(code);
    }
    let output = format!("{lib}::operation::{module}::{}", op.output.name);
    let parse = if members(&op.output).body_only() && krate.service.protocol.is_cbor() {
        "cbor_body"
    } else if members(&op.output).body_only() && krate.service.protocol.is_json() {
        "json_body"
    } else {
        "from_response"
    };
    let expected = struct_expr(krate, lib, &op.output, &case["result"], &output)?;
    write!(
        code,
        "        let actual: {output} = smelt_runtime::protocol::{parse}(&resp).map_err(|e| format!(\"the response does not parse: {{e}}\"))?;
        same(&actual, &{expected})"
    )
    .unwrap();
    Ok(code)
}

fn find_member<'a>(s: &'a Struct, key: &str) -> Result<&'a Member, String> {
    s.members
        .iter()
        .find(|m| m.smithy_name == key)
        .ok_or_else(|| format!("no member `{key}`"))
}

/// `{ let mut v = T::default(); v.field = …; v }`: works for every generated structure.
pub fn struct_expr(
    krate: &Crate,
    lib: &str,
    def: &smelt_codegen::ir::TypeDef,
    value: &Value,
    path: &str,
) -> Result<String, String> {
    let s = members(def);
    let mut out = format!("{{ let mut v = {path}::default();");
    if let Some(fields) = value.as_object() {
        for (key, field_value) in fields {
            let m = find_member(s, key)?;
            let f = &m.field;
            let inner = if field_value.is_null() {
                None
            } else {
                Some(value_expr(krate, lib, &m.ty, field_value)?)
            };
            let inner = match (inner, m.boxed) {
                (Some(e), true) => Some(format!("Box::new({e})")),
                (e, _) => e,
            };
            match (inner, m.optional) {
                (Some(e), true) => write!(out, " v.{f} = Some({e});").unwrap(),
                (Some(e), false) => write!(out, " v.{f} = {e};").unwrap(),
                (None, true) => write!(out, " v.{f} = None;").unwrap(),
                (None, false) => {}
            }
        }
    }
    out.push_str(" v }");
    Ok(out)
}

thread_local! {
    /// The number literals of the case being generated, as written in its source (see
    /// [`with_number_texts`]).
    static NUMBER_TEXTS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` with the number literals of the case's source text at hand: a big integer or big
/// decimal parameter whose value arrived as a double (the model's JSON values hold no more) is
/// written from the one literal that reads as that double, so the case keeps every digit the
/// test model gave.
pub fn with_number_texts<T>(texts: Vec<String>, f: impl FnOnce() -> T) -> T {
    NUMBER_TEXTS.with(|t| *t.borrow_mut() = texts);
    let out = f();
    NUMBER_TEXTS.with(|t| t.borrow_mut().clear());
    out
}

/// The text of a big integer or big decimal parameter: the source literal it came from when
/// exactly one literal of the case reads as the same double, else the value's own text.
fn big_number(v: &Value) -> Result<String, String> {
    let Value::Number(n) = v else {
        return number(v);
    };
    let Some(f) = n.as_f64() else {
        return number(v);
    };
    let mut found: Vec<String> = NUMBER_TEXTS.with(|t| {
        t.borrow()
            .iter()
            .filter(|text| text.parse::<f64>().ok() == Some(f))
            .cloned()
            .collect()
    });
    found.sort();
    found.dedup();
    match found.as_slice() {
        [text] => Ok(text.clone()),
        [] => number(v),
        many => Err(format!(
            "the number {n} is ambiguous in the case's source: {}",
            many.join(", ")
        )),
    }
}

fn number(v: &Value) -> Result<String, String> {
    match v {
        Value::Number(n) => Ok(n.to_string()),
        Value::String(s) => Ok(s.clone()),
        other => Err(format!("expected a number, got {other}")),
    }
}

fn float(v: &Value, ty: &str) -> Result<String, String> {
    match v {
        Value::String(s) if s == "NaN" => Ok(format!("{ty}::NAN")),
        Value::String(s) if s == "Infinity" => Ok(format!("{ty}::INFINITY")),
        Value::String(s) if s == "-Infinity" => Ok(format!("{ty}::NEG_INFINITY")),
        Value::Number(n) => Ok(format!(
            "{}{ty}",
            n.as_f64().unwrap_or(0.0).to_string().replace("inf", "INF")
        )),
        other => Err(format!("expected a float, got {other}")),
    }
}

/// A Rust expression of type `ty` for a JSON test value.
pub fn value_expr(krate: &Crate, lib: &str, ty: &RustType, v: &Value) -> Result<String, String> {
    Ok(match ty {
        RustType::String => match v {
            Value::String(s) => format!("String::from({s:?})"),
            other => return Err(format!("expected a string, got {other}")),
        },
        RustType::Bool => v
            .as_bool()
            .ok_or_else(|| format!("expected a boolean, got {v}"))?
            .to_string(),
        RustType::I8 => format!("{}i8", number(v)?),
        RustType::I16 => format!("{}i16", number(v)?),
        RustType::I32 => format!("{}i32", number(v)?),
        RustType::I64 => format!("{}i64", number(v)?),
        RustType::F32 => float(v, "f32")?,
        RustType::F64 => float(v, "f64")?,
        RustType::Blob => match v {
            Value::String(s) => {
                format!("smelt_runtime::types::Blob::new({s:?}.as_bytes().to_vec())")
            }
            other => return Err(format!("expected blob text, got {other}")),
        },
        RustType::ByteStream => match v {
            Value::String(s) => {
                format!("smelt_runtime::types::ByteStream::from({s:?}.as_bytes().to_vec())")
            }
            other => return Err(format!("expected stream text, got {other}")),
        },
        RustType::EventStream { .. } => {
            return Err("event streams have no test values in the protocol suites".to_string())
        }
        RustType::Timestamp => match v {
            Value::Number(n) if n.is_i64() => {
                format!("smelt_runtime::types::DateTime::from_secs({n})")
            }
            // The decimal text, parsed exactly (an f64 would round the fraction).
            Value::Number(n) => format!("datetime({:?})", n.to_string()),
            Value::String(s) => format!("datetime({s:?})"),
            other => return Err(format!("expected a timestamp, got {other}")),
        },
        RustType::Document => format!("document({:?})", v.to_string()),
        RustType::BigInteger => format!(
            "{:?}.parse::<smelt_runtime::types::BigInteger>().expect(\"big integer\")",
            big_number(v)?
        ),
        RustType::BigDecimal => format!(
            "{:?}.parse::<smelt_runtime::types::BigDecimal>().expect(\"big decimal\")",
            big_number(v)?
        ),
        RustType::Named { name, kind } => {
            let path = format!("{lib}::types::{name}");
            match kind {
                NamedKind::Enum => match v {
                    Value::String(s) => format!("{path}::from({s:?})"),
                    other => return Err(format!("expected an enum string, got {other}")),
                },
                NamedKind::IntEnum => format!("{path}::from({}i32)", number(v)?),
                NamedKind::Struct => {
                    let def = krate
                        .types
                        .iter()
                        .find(|t| &t.name == name)
                        .ok_or("structure not found")?;
                    struct_expr(krate, lib, def, v, &path)?
                }
                NamedKind::Union => {
                    let def = krate
                        .types
                        .iter()
                        .find(|t| &t.name == name)
                        .ok_or("union not found")?;
                    let TypeKind::Union(variants) = &def.kind else {
                        return Err("not a union".into());
                    };
                    let obj = v.as_object().ok_or("a union value must be an object")?;
                    let (key, inner) = obj
                        .iter()
                        .next()
                        .ok_or("a union value must set one member")?;
                    let variant = variants
                        .iter()
                        .find(|x| x.smithy_name == *key)
                        .ok_or_else(|| format!("no union member `{key}`"))?;
                    match &variant.ty {
                        None => format!("{path}::{}", variant.name),
                        Some(t) => {
                            let e = value_expr(krate, lib, t, inner)?;
                            let e = if variant.boxed {
                                format!("Box::new({e})")
                            } else {
                                e
                            };
                            format!("{path}::{}({e})", variant.name)
                        }
                    }
                }
            }
        }
        RustType::List { item, sparse } => {
            let items = v
                .as_array()
                .ok_or_else(|| format!("expected a list, got {v}"))?;
            let mut parts = Vec::new();
            for x in items {
                parts.push(match (sparse, x.is_null()) {
                    (true, true) => "None".to_string(),
                    (true, false) => format!("Some({})", value_expr(krate, lib, item, x)?),
                    (false, _) => value_expr(krate, lib, item, x)?,
                });
            }
            format!("vec![{}]", parts.join(", "))
        }
        RustType::Map { value, sparse } => {
            let entries = v
                .as_object()
                .ok_or_else(|| format!("expected a map, got {v}"))?;
            let mut parts = Vec::new();
            for (k, x) in entries {
                let e = match (sparse, x.is_null()) {
                    (true, true) => "None".to_string(),
                    (true, false) => format!("Some({})", value_expr(krate, lib, value, x)?),
                    (false, _) => value_expr(krate, lib, value, x)?,
                };
                parts.push(format!("(String::from({k:?}), {e})"));
            }
            format!("std::collections::HashMap::from([{}])", parts.join(", "))
        }
    })
}
