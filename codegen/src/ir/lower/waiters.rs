//! `smithy.waiters#waitable` → [`Waiter`]s, and which types the waiters' paths read (they get a
//! `ToDocument` view).

use super::*;

impl Lower<'_> {
    /// The waiters of an operation, in name order. Streaming operations get none (a waiter calls
    /// the operation again with the same input, which a byte stream cannot be). `error_codes`
    /// pairs each modeled error's shape name with the code a caller sees: an `errorType` that
    /// names a modeled error is matched on that code (IAM's `NoSuchEntityException` is
    /// `NoSuchEntity` on the wire).
    pub(super) fn waiters(
        &self,
        shape: &Shape,
        input: &TypeDef,
        output: &TypeDef,
        error_codes: &[(String, String)],
    ) -> Result<Vec<Waiter>> {
        let Some(trait_value) = shape.traits.get(t::WAITABLE) else {
            return Ok(Vec::new());
        };
        let streaming = |d: &TypeDef| matches!(&d.kind, TypeKind::Struct(s) if s.streaming());
        if streaming(input) || streaming(output) {
            return Ok(Vec::new());
        }
        let bad = |msg: String| Error::shape(self.path, &shape.id, msg);
        let Value::Object(waiters) = trait_value else {
            return Err(bad("`waitable` must be an object of waiters".into()));
        };
        let mut out = Vec::new();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        for (name, w) in waiters {
            let bad = |msg: &str| bad(format!("waiter `{name}`: {msg}"));
            if !name.starts_with(|c: char| c.is_ascii_uppercase())
                || !name.chars().all(|c| c.is_ascii_alphanumeric())
            {
                return Err(bad("the name must be an upper camel case identifier"));
            }
            let method = naming::waiter_method(name);
            if let Some(other) = names.insert(method.clone(), name.clone()) {
                return Err(bad(&format!("its method `{method}` is also `{other}`'s")));
            }
            let delay = |key: &str, default: u64| -> Result<u64> {
                match w.get(key) {
                    None => Ok(default),
                    Some(v) => v
                        .as_u64()
                        .filter(|d| *d >= 1)
                        .ok_or_else(|| bad(&format!("`{key}` must be an integer of at least 1"))),
                }
            };
            let min_delay = delay("minDelay", 2)?;
            let max_delay = delay("maxDelay", 120)?;
            if min_delay > max_delay {
                return Err(bad("`minDelay` is greater than `maxDelay`"));
            }
            let Some(Value::Array(list)) = w.get("acceptors") else {
                return Err(bad("`acceptors` must be a list"));
            };
            if list.is_empty() {
                return Err(bad("`acceptors` is empty"));
            }
            let mut acceptors = Vec::new();
            for (i, a) in list.iter().enumerate() {
                let bad = |msg: &str| bad(&format!("acceptor {i}: {msg}"));
                let state = match a.get("state").and_then(Value::as_str) {
                    Some("success") => WaiterState::Success,
                    Some("failure") => WaiterState::Failure,
                    Some("retry") => WaiterState::Retry,
                    _ => return Err(bad("`state` must be success, failure or retry")),
                };
                let Some(Value::Object(m)) = a.get("matcher") else {
                    return Err(bad("`matcher` must be an object"));
                };
                let (kind, value) = match (m.len(), m.iter().next()) {
                    (1, Some(entry)) => entry,
                    _ => return Err(bad("`matcher` must have exactly one member")),
                };
                let path = |v: &Value| -> Result<WaiterPath> {
                    let text = |k: &str| v.get(k).and_then(Value::as_str).map(String::from);
                    let comparator = match text("comparator").as_deref() {
                        Some("stringEquals") => WaiterComparator::StringEquals,
                        Some("booleanEquals") => WaiterComparator::BooleanEquals,
                        Some("allStringEquals") => WaiterComparator::AllStringEquals,
                        Some("anyStringEquals") => WaiterComparator::AnyStringEquals,
                        _ => return Err(bad("unknown or missing `comparator`")),
                    };
                    let (Some(path), Some(expected)) = (text("path"), text("expected")) else {
                        return Err(bad("`path` and `expected` must be strings"));
                    };
                    if comparator == WaiterComparator::BooleanEquals
                        && !matches!(expected.as_str(), "true" | "false")
                    {
                        return Err(bad("`booleanEquals` expects `true` or `false`"));
                    }
                    Ok(WaiterPath {
                        path,
                        expected,
                        comparator,
                    })
                };
                let matcher = match kind.as_str() {
                    "output" => WaiterMatcher::Output(path(value)?),
                    "inputOutput" => WaiterMatcher::InputOutput(path(value)?),
                    "success" => WaiterMatcher::Success(
                        value
                            .as_bool()
                            .ok_or_else(|| bad("`success` must be a boolean"))?,
                    ),
                    "errorType" => {
                        let named = value
                            .as_str()
                            .ok_or_else(|| bad("`errorType` must be a string"))?;
                        let name = named.rsplit('#').next().unwrap_or(named);
                        let code = error_codes
                            .iter()
                            .find(|(shape, _)| shape == name)
                            .map_or(name, |(_, code)| code.as_str());
                        WaiterMatcher::ErrorType(code.to_string())
                    }
                    other => return Err(bad(&format!("unknown matcher `{other}`"))),
                };
                acceptors.push(WaiterAcceptor { state, matcher });
            }
            out.push(Waiter {
                name: name.clone(),
                builder: naming::waiter_builder(name),
                static_name: naming::waiter_static(name),
                method,
                docs: w
                    .get("documentation")
                    .and_then(Value::as_str)
                    .map(html_to_markdown)
                    .unwrap_or_default(),
                deprecated: w.get("deprecated").and_then(Value::as_bool) == Some(true),
                min_delay,
                max_delay,
                acceptors,
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
}

/// Marks the shared types a waiter's paths can read: everything reachable from the output of
/// an operation with waiters, and from its input when an acceptor reads the input.
pub(super) fn mark_waited(types: &mut [TypeDef], operations: &[Operation]) {
    let index: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    fn named(ty: &RustType, out: &mut Vec<String>) {
        match ty {
            RustType::Named { name, .. } => out.push(name.clone()),
            RustType::List { item, .. } => named(item, out),
            RustType::Map { value, .. } => named(value, out),
            _ => {}
        }
    }
    let mut stack = Vec::new();
    for op in operations
        .iter()
        .filter(|op| op.unsupported.is_none() && !op.waiters.is_empty())
    {
        let mut roots = vec![&op.output];
        if op.waiters.iter().any(Waiter::reads_input) {
            roots.push(&op.input);
        }
        for root in roots {
            if let TypeKind::Struct(s) = &root.kind {
                s.members.iter().for_each(|m| named(&m.ty, &mut stack));
            }
        }
    }
    while let Some(name) = stack.pop() {
        let Some(&i) = index.get(&name) else { continue };
        let def = &mut types[i];
        if def.to_document {
            continue;
        }
        def.to_document = true;
        match &def.kind {
            TypeKind::Struct(s) => s.members.iter().for_each(|m| named(&m.ty, &mut stack)),
            TypeKind::Union(vs) => vs
                .iter()
                .filter_map(|v| v.ty.as_ref())
                .for_each(|ty| named(ty, &mut stack)),
            _ => {}
        }
    }
}
