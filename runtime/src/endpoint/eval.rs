//! Resolving an endpoint: [`RuleSet::resolve`] evaluates the rules in order against the
//! caller's [`EndpointParams`] and gives the first matching [`Endpoint`], or the error an error
//! rule (or a missing required parameter) produces. Every failure is an [`EndpointError`]
//! value; nothing here panics. Uses the other modules of this layer.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use super::functions;
use super::partition::Partitions;
use super::ruleset::{Expr, Func, ParamType, Part, Rule, RuleKind, RuleSet, Seg};
use super::value::Value;

/// The parameter values of one resolution, by parameter name. Names the rule set does not
/// declare are ignored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EndpointParams {
    values: Vec<(String, Value)>,
}

impl EndpointParams {
    /// No values set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `name` to `value` (replacing an earlier value).
    pub fn set(&mut self, name: &str, value: impl Into<Value>) -> &mut Self {
        let value = value.into();
        match self.values.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => self.values.push((name.to_owned(), value)),
        }
        self
    }

    /// Sets `name` when `value` is `Some`.
    pub fn set_opt<V: Into<Value>>(&mut self, name: &str, value: Option<V>) -> &mut Self {
        if let Some(v) = value {
            self.set(name, v);
        }
        self
    }

    /// The values set, in the order they were first set.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.values.iter().map(|(n, v)| (n.as_str(), v))
    }

    /// Whether no value is set.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The value of `name`, if set.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

/// A resolved endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The URL, with its path (`https://bucket.s3.us-east-1.amazonaws.com`).
    pub url: String,
    /// Headers to add to the request.
    pub headers: BTreeMap<String, Vec<String>>,
    /// Properties, among them `authSchemes`.
    pub properties: BTreeMap<String, Value>,
}

/// An auth scheme of an endpoint's `authSchemes` property, as the signer needs it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuthScheme {
    /// `sigv4`, `sigv4a`, `sigv4-s3express`, ...
    pub name: String,
    /// The signing name, when the endpoint sets one.
    pub signing_name: Option<String>,
    /// The signing region (SigV4), when the endpoint sets one.
    pub signing_region: Option<String>,
    /// The signing region set (SigV4a).
    pub signing_region_set: Vec<String>,
    /// Sign the path as sent, without encoding it a second time (S3).
    pub disable_double_encoding: bool,
}

impl Endpoint {
    /// The entries of the `authSchemes` property, in order of preference.
    pub fn auth_schemes(&self) -> Vec<AuthScheme> {
        let Some(Value::Array(list)) = self.properties.get("authSchemes") else {
            return Vec::new();
        };
        list.iter()
            .filter_map(Value::as_object)
            .map(|scheme| {
                let text = |k: &str| scheme.get(k).and_then(Value::as_str).map(str::to_owned);
                AuthScheme {
                    name: text("name").unwrap_or_default(),
                    signing_name: text("signingName"),
                    signing_region: text("signingRegion"),
                    signing_region_set: scheme
                        .get("signingRegionSet")
                        .and_then(Value::as_array)
                        .map(|l| {
                            l.iter()
                                .filter_map(Value::as_str)
                                .map(str::to_owned)
                                .collect()
                        })
                        .unwrap_or_default(),
                    disable_double_encoding: scheme
                        .get("disableDoubleEncoding")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                }
            })
            .collect()
    }
}

/// Why no endpoint was resolved: an error rule's message, a missing required parameter, a
/// parameter of the wrong type, or rules that matched nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError {
    message: String,
}

impl EndpointError {
    fn new(message: impl Into<String>) -> Self {
        EndpointError {
            message: message.into(),
        }
    }

    /// The message (for an error rule, its text exactly).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EndpointError {}

type Eval<'v> = Result<Option<Cow<'v, Value>>, EndpointError>;

struct Scope<'p> {
    vars: Vec<Option<Value>>,
    partitions: &'p Partitions,
}

impl RuleSet {
    /// Resolves the endpoint for `params`, looking partitions up in `partitions` (usually
    /// [`Partitions::builtin`]).
    pub fn resolve(
        &self,
        params: &EndpointParams,
        partitions: &Partitions,
    ) -> Result<Endpoint, EndpointError> {
        let mut vars = vec![None; self.slots];
        for (slot, p) in self.params.iter().enumerate() {
            let value = match params.get(&p.name) {
                Some(v) => {
                    let fits = matches!(
                        (p.ty, v),
                        (ParamType::String, Value::String(_))
                            | (ParamType::Boolean, Value::Bool(_))
                            | (ParamType::StringArray, Value::Array(_))
                    );
                    if !fits {
                        return Err(EndpointError::new(format!(
                            "parameter {} must not be a {}",
                            p.name,
                            v.type_name()
                        )));
                    }
                    Some(v.clone())
                }
                None => p.default.clone(),
            };
            if value.is_none() && p.required {
                return Err(EndpointError::new(format!(
                    "missing required parameter {}",
                    p.name
                )));
            }
            vars[slot] = value;
        }
        let mut scope = Scope { vars, partitions };
        match scope.rules(&self.rules)? {
            Some(endpoint) => Ok(endpoint),
            None => Err(EndpointError::new("no endpoint rule matched")),
        }
    }
}

impl Scope<'_> {
    /// The first rule that matches, or `None` when none does.
    fn rules(&mut self, rules: &[Rule]) -> Result<Option<Endpoint>, EndpointError> {
        for rule in rules {
            if let Some(endpoint) = self.rule(rule)? {
                return Ok(Some(endpoint));
            }
        }
        Ok(None)
    }

    fn rule(&mut self, rule: &Rule) -> Result<Option<Endpoint>, EndpointError> {
        let mut assigned = Vec::new();
        let mut matched = true;
        for condition in &rule.conditions {
            let value = match self.eval(&condition.expr) {
                Ok(v) => v.map(Cow::into_owned),
                Err(e) => {
                    self.clear(&assigned);
                    return Err(e);
                }
            };
            let holds = match &value {
                None | Some(Value::Bool(false)) => false,
                Some(_) => true,
            };
            if !holds {
                matched = false;
                break;
            }
            if let Some(slot) = condition.assign {
                self.vars[slot] = value;
                assigned.push(slot);
            }
        }
        let result = if !matched {
            Ok(None)
        } else {
            match &rule.kind {
                RuleKind::Endpoint(e) => self.endpoint(e).map(Some),
                RuleKind::Error(message) => Err(EndpointError::new(self.string(message)?)),
                RuleKind::Tree(rules) => match self.rules(rules) {
                    Ok(Some(endpoint)) => Ok(Some(endpoint)),
                    Ok(None) => Err(EndpointError::new(
                        "no rule matched inside a tree rule whose conditions held",
                    )),
                    Err(e) => Err(e),
                },
            }
        };
        self.clear(&assigned);
        result
    }

    fn clear(&mut self, slots: &[usize]) {
        for &slot in slots {
            self.vars[slot] = None;
        }
    }

    fn endpoint(&self, e: &super::ruleset::EndpointTemplate) -> Result<Endpoint, EndpointError> {
        let url = self.string(&e.url)?;
        let mut headers = BTreeMap::new();
        for (name, values) in &e.headers {
            let values = values
                .iter()
                .map(|v| self.string(v))
                .collect::<Result<Vec<_>, _>>()?;
            headers.insert(name.clone(), values);
        }
        let mut properties = BTreeMap::new();
        for (name, value) in &e.properties {
            if let Some(v) = self.eval(value)? {
                properties.insert(name.clone(), v.into_owned());
            }
        }
        Ok(Endpoint {
            url,
            headers,
            properties,
        })
    }

    /// An expression that must give a string (URL, header, error message).
    fn string(&self, e: &Expr) -> Result<String, EndpointError> {
        match self.eval(e)?.as_deref() {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(other) => Err(EndpointError::new(format!(
                "expected a string, got a {}",
                other.type_name()
            ))),
            None => Err(EndpointError::new("expected a string, got an unset value")),
        }
    }

    fn eval<'s>(&'s self, e: &'s Expr) -> Eval<'s> {
        Ok(match e {
            Expr::Lit(v) => Some(Cow::Borrowed(v)),
            Expr::Ref(slot) => self
                .vars
                .get(*slot)
                .and_then(Option::as_ref)
                .map(Cow::Borrowed),
            Expr::Template(parts) => {
                let mut out = String::new();
                for part in parts {
                    match part {
                        Part::Text(t) => out.push_str(t),
                        Part::Var(slot, path) => {
                            let base = self.vars.get(*slot).and_then(Option::as_ref);
                            match base.and_then(|b| walk(b, path)) {
                                Some(Value::String(s)) => out.push_str(s),
                                _ => {
                                    return Err(EndpointError::new(
                                        "a template refers to a value that is not a set string",
                                    ))
                                }
                            }
                        }
                    }
                }
                Some(Cow::Owned(Value::String(out)))
            }
            Expr::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    if let Some(v) = self.eval(item)? {
                        out.push(v.into_owned());
                    }
                }
                Some(Cow::Owned(Value::Array(out)))
            }
            Expr::Object(members) => {
                let mut out = BTreeMap::new();
                for (k, v) in members {
                    if let Some(v) = self.eval(v)? {
                        out.insert(k.clone(), v.into_owned());
                    }
                }
                Some(Cow::Owned(Value::Object(out)))
            }
            Expr::Call(func, args) => return self.call(func, args),
        })
    }

    fn call<'s>(&'s self, func: &'s Func, args: &'s [Expr]) -> Eval<'s> {
        let owned = |v: Value| Ok(Some(Cow::Owned(v)));
        let bool_ = |b: bool| Ok(Some(Cow::Owned(Value::Bool(b))));
        match func {
            Func::IsSet => bool_(self.eval(&args[0])?.is_some()),
            Func::Coalesce => {
                for arg in args {
                    if let Some(v) = self.eval(arg)? {
                        return Ok(Some(v));
                    }
                }
                Ok(None)
            }
            Func::Ite => {
                let cond = matches!(self.eval(&args[0])?.as_deref(), Some(Value::Bool(true)));
                self.eval(&args[if cond { 1 } else { 2 }])
            }
            Func::GetAttr(path) => Ok(match self.eval(&args[0])? {
                None => None,
                Some(Cow::Borrowed(v)) => walk(v, path).map(Cow::Borrowed),
                Some(Cow::Owned(v)) => walk(&v, path).cloned().map(Cow::Owned),
            }),
            _ => {
                // The remaining functions need every argument set.
                let mut values = Vec::with_capacity(args.len());
                for arg in args {
                    match self.eval(arg)? {
                        Some(v) => values.push(v),
                        None => return Ok(None),
                    }
                }
                let v = |i: usize| values[i].as_ref();
                let text = |i: usize| {
                    v(i).as_str()
                        .ok_or_else(|| type_error(func, i, "a string", v(i)))
                };
                let flag = |i: usize| {
                    v(i).as_bool()
                        .ok_or_else(|| type_error(func, i, "a boolean", v(i)))
                };
                let int = |i: usize| {
                    v(i).as_int()
                        .ok_or_else(|| type_error(func, i, "an integer", v(i)))
                };
                let opt = |r: Option<Value>| Ok(r.map(Cow::Owned));
                match func {
                    Func::Not => bool_(!flag(0)?),
                    Func::BooleanEquals => bool_(flag(0)? == flag(1)?),
                    Func::StringEquals => bool_(text(0)? == text(1)?),
                    Func::Substring => {
                        opt(functions::substring(text(0)?, int(1)?, int(2)?, flag(3)?)
                            .map(Value::String))
                    }
                    Func::UriEncode => owned(Value::String(functions::uri_encode(text(0)?))),
                    Func::ParseUrl => opt(functions::parse_url(text(0)?)),
                    Func::IsValidHostLabel => {
                        bool_(functions::is_valid_host_label(text(0)?, flag(1)?))
                    }
                    Func::Split => opt(functions::split(text(0)?, text(1)?, int(2)?)),
                    Func::Partition => opt(self.partitions.lookup(text(0)?)),
                    Func::ParseArn => opt(functions::parse_arn(text(0)?)),
                    Func::IsVirtualHostableS3Bucket => {
                        bool_(functions::is_virtual_hostable_s3_bucket(text(0)?, flag(1)?))
                    }
                    Func::IsSet | Func::Coalesce | Func::Ite | Func::GetAttr(_) => Ok(None),
                }
            }
        }
    }
}

fn type_error(func: &Func, i: usize, wanted: &str, got: &Value) -> EndpointError {
    EndpointError::new(format!(
        "{func:?}: argument {} must be {wanted}, not a {}",
        i + 1,
        got.type_name()
    ))
}

/// Follows a `getAttr` path; `None` for a missing key or an index out of range.
fn walk<'v>(mut value: &'v Value, path: &[Seg]) -> Option<&'v Value> {
    for seg in path {
        value = match (seg, value) {
            (Seg::Key(k), Value::Object(members)) => members.get(k)?,
            (Seg::Index(i), Value::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(value)
}
