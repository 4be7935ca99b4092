//! `smithy.rules#endpointTests` → [`EndpointTests`]: the cases as compact JSON for the
//! runtime's runner, and each distinct operation call (`operationInputs`) as the input members
//! to set, resolved against the lowered operations.

use crate::ir::{EndpointTestCall, EndpointTests, HostSegment, Operation, TypeKind};
use serde_json::{Map, Value};

/// The tests of a service whose traits carry both a rule set and `endpointTests`; `None`
/// otherwise (and when the tests hold no case list).
pub fn endpoint_tests(
    rules: Option<&Value>,
    tests: Option<&Value>,
    operations: &[Operation],
) -> Option<EndpointTests> {
    rules?;
    let list = tests?.get("testCases")?.as_array()?;
    // (operation, params, call, the `@endpoint` host prefix with the params filled in)
    let mut calls: Vec<(String, Value, EndpointTestCall, Option<String>)> = Vec::new();
    let mut left_out = Vec::new();
    let mut cases = Vec::new();
    for (i, case) in list.iter().enumerate() {
        let Some(case) = case.as_object() else {
            continue;
        };
        let mut out: Map<String, Value> = case
            .iter()
            .filter(|(k, _)| k.as_str() != "operationInputs")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut inputs = Vec::new();
        for input in case
            .get("operationInputs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = input
                .get("operationName")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let params = input
                .get("operationParams")
                .cloned()
                .unwrap_or_else(|| Value::Object(Map::new()));
            let index = match calls
                .iter()
                .position(|(n, p, ..)| n == name && *p == params)
            {
                Some(at) => at,
                None => match call(name, &params, operations) {
                    Ok((c, prefix)) => {
                        calls.push((name.to_string(), params.clone(), c, prefix));
                        calls.len() - 1
                    }
                    Err(reason) => {
                        left_out.push(format!("case {i}, {name}: {reason}"));
                        continue;
                    }
                },
            };
            let mut entry = Map::new();
            entry.insert("input".into(), Value::from(index));
            entry.insert("operationName".into(), Value::from(name));
            if let Some(prefix) = &calls[index].3 {
                entry.insert("hostPrefix".into(), Value::from(prefix.as_str()));
            }
            for key in ["builtInParams", "clientParams"] {
                if let Some(v) = input.get(key) {
                    entry.insert(key.into(), v.clone());
                }
            }
            inputs.push(Value::Object(entry));
        }
        if !inputs.is_empty() {
            out.insert("operationInputs".into(), Value::Array(inputs));
        }
        cases.push(sorted(&Value::Object(out)));
    }
    let mut doc = Map::new();
    doc.insert("testCases".into(), Value::Array(cases));
    Some(EndpointTests {
        cases: Value::Object(doc).to_string(),
        calls: calls.into_iter().map(|(_, _, c, _)| c).collect(),
        left_out,
    })
}

/// The call of operation `name` with `params`, and the operation's `@endpoint` host prefix
/// filled in from them (the client puts it before the resolved host): an error when the crate
/// has no such operation (or does not generate it) or its input has no such member.
fn call(
    name: &str,
    params: &Value,
    operations: &[Operation],
) -> Result<(EndpointTestCall, Option<String>), String> {
    let op = operations
        .iter()
        .find(|op| op.name == name)
        .ok_or("no such operation")?;
    if let Some(reason) = &op.unsupported {
        return Err(format!("the operation is not generated ({reason})"));
    }
    let TypeKind::Struct(input) = &op.input.kind else {
        return Err("the input is not a structure".into());
    };
    let mut out = Vec::new();
    for (key, value) in params.as_object().into_iter().flatten() {
        let member = input
            .members
            .iter()
            .find(|m| &m.smithy_name == key)
            .ok_or_else(|| format!("the input has no member `{key}`"))?;
        out.push((member.clone(), value.clone()));
    }
    let prefix = match &op.host_prefix {
        None => None,
        Some(segments) => {
            let mut text = String::new();
            for segment in segments {
                match segment {
                    HostSegment::Literal(l) => text.push_str(l),
                    HostSegment::Label(field) => {
                        let value = input
                            .members
                            .iter()
                            .find(|m| &m.field == field)
                            .and_then(|m| params.get(&m.smithy_name))
                            .and_then(Value::as_str)
                            .ok_or_else(|| format!("the host prefix needs `{field}`"))?;
                        text.push_str(value);
                    }
                }
            }
            Some(text)
        }
    };
    Ok((
        EndpointTestCall {
            client_method: op.client_method.clone(),
            params: out,
        },
        prefix,
    ))
}

/// Keys sorted at every level, so the embedded text does not depend on the model file's order.
fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(members) => {
            let mut keys: Vec<&String> = members.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), sorted(&members[k])))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}
