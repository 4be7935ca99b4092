//! A rule set read into a compact tree ready to evaluate: [`RuleSet::from_json`] checks the
//! `smithy.rules#endpointRuleSet` document once (parameters, rules, function names and
//! arities, references, templates, `getAttr` paths) and gives every parameter and `assign`ed
//! name a slot number, so evaluation never looks a name up. Uses [`super::value`] and the JSON
//! reader of the wire layer; evaluation lives in `eval`.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use super::value::Value;
use crate::primitives::Document;
use crate::wire::json;

/// The type of a rule-set parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// `string`.
    String,
    /// `boolean`.
    Boolean,
    /// `stringArray`.
    StringArray,
}

/// A parameter of a rule set.
#[derive(Debug, Clone)]
pub struct Param {
    /// Its name (`Region`, `Bucket`, ...).
    pub name: String,
    /// Its type.
    pub ty: ParamType,
    /// The value used when the caller gives none.
    pub default: Option<Value>,
    /// Whether resolution fails when it has no value (after the default).
    pub required: bool,
    /// The SDK setting it is bound to (`AWS::Region`, `SDK::Endpoint`, ...).
    pub built_in: Option<String>,
    /// Marked `deprecated`.
    pub deprecated: bool,
}

/// A rule set that could not be read: the place in the document and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSetError(pub(crate) String);

impl fmt::Display for RuleSetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid endpoint rule set: {}", self.0)
    }
}

impl std::error::Error for RuleSetError {}

/// A step of a `getAttr` path or of a `{name#path}` template reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// A library function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Func {
    IsSet,
    Not,
    BooleanEquals,
    StringEquals,
    /// With its path, parsed once.
    GetAttr(Vec<Seg>),
    Substring,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    Coalesce,
    Ite,
    Split,
    Partition,
    ParseArn,
    IsVirtualHostableS3Bucket,
}

/// A piece of a template string.
#[derive(Debug, Clone)]
pub(crate) enum Part {
    Text(String),
    Var(usize, Vec<Seg>),
}

#[derive(Debug, Clone)]
pub(crate) enum Expr {
    Lit(Value),
    Template(Vec<Part>),
    Ref(usize),
    Call(Func, Vec<Expr>),
    Array(Vec<Expr>),
    Object(Vec<(String, Expr)>),
}

#[derive(Debug, Clone)]
pub(crate) struct Condition {
    pub(crate) expr: Expr,
    pub(crate) assign: Option<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct EndpointTemplate {
    pub(crate) url: Expr,
    pub(crate) headers: Vec<(String, Vec<Expr>)>,
    pub(crate) properties: Vec<(String, Expr)>,
}

#[derive(Debug, Clone)]
pub(crate) enum RuleKind {
    Endpoint(Box<EndpointTemplate>),
    Error(Expr),
    Tree(Vec<Rule>),
}

#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub(crate) conditions: Vec<Condition>,
    pub(crate) kind: RuleKind,
}

/// An endpoint rule set, read and checked, ready to resolve endpoints.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub(crate) params: Vec<Param>,
    /// Parameters first, then every `assign`ed name.
    pub(crate) slots: usize,
    pub(crate) rules: Vec<Rule>,
}

impl RuleSet {
    /// Reads a rule set from its JSON text (the value of the `smithy.rules#endpointRuleSet`
    /// trait).
    pub fn from_json(text: &str) -> Result<RuleSet, RuleSetError> {
        let doc: Document = json::from_slice(text.as_bytes())
            .map_err(|e| RuleSetError(format!("not JSON: {e}")))?;
        RuleSet::from_document(&doc)
    }

    /// Reads a rule set from a document.
    pub fn from_document(doc: &Document) -> Result<RuleSet, RuleSetError> {
        let root = obj(doc, "the rule set")?;
        let mut reader = Reader::default();
        let mut params = Vec::new();
        if let Some(p) = root.get("parameters") {
            for (name, def) in obj(p, "parameters")? {
                let param = read_param(name, def)?;
                reader.slot(name);
                params.push(param);
            }
        }
        let rules = match root.get("rules") {
            Some(Document::Array(rules)) => reader.rules(rules, "rules")?,
            _ => return Err(RuleSetError("no `rules` array".to_owned())),
        };
        Ok(RuleSet {
            params,
            slots: reader.names.len(),
            rules,
        })
    }

    /// The parameters, in the rule set's order.
    pub fn params(&self) -> &[Param] {
        &self.params
    }
}

fn obj<'d>(doc: &'d Document, at: &str) -> Result<&'d BTreeMap<String, Document>, RuleSetError> {
    match doc {
        Document::Object(o) => Ok(o),
        _ => Err(RuleSetError(format!("{at}: expected an object"))),
    }
}

fn read_param(name: &str, def: &Document) -> Result<Param, RuleSetError> {
    let at = format!("parameters.{name}");
    let def = obj(def, &at)?;
    let ty = match def.get("type") {
        Some(Document::String(t)) if t.eq_ignore_ascii_case("string") => ParamType::String,
        Some(Document::String(t)) if t.eq_ignore_ascii_case("boolean") => ParamType::Boolean,
        Some(Document::String(t)) if t.eq_ignore_ascii_case("stringArray") => {
            ParamType::StringArray
        }
        _ => return Err(RuleSetError(format!("{at}: unknown or missing `type`"))),
    };
    let default = match def.get("default") {
        None | Some(Document::Null) => None,
        Some(d) => Some(
            param_value(ty, d)
                .ok_or_else(|| RuleSetError(format!("{at}: `default` does not have its type")))?,
        ),
    };
    let flag = |k: &str| matches!(def.get(k), Some(Document::Bool(true)));
    let built_in = match def.get("builtIn") {
        Some(Document::String(s)) => Some(s.clone()),
        _ => None,
    };
    Ok(Param {
        name: name.to_owned(),
        ty,
        default,
        required: flag("required"),
        built_in,
        deprecated: def.contains_key("deprecated"),
    })
}

/// A document as a value of a parameter type (test cases and defaults).
pub(crate) fn param_value(ty: ParamType, doc: &Document) -> Option<Value> {
    match (ty, doc) {
        (ParamType::String, Document::String(s)) => Some(Value::String(s.clone())),
        (ParamType::Boolean, Document::Bool(b)) => Some(Value::Bool(*b)),
        (ParamType::StringArray, Document::Array(items)) => items
            .iter()
            .map(|i| match i {
                Document::String(s) => Some(Value::String(s.clone())),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .map(Value::Array),
        _ => None,
    }
}

/// Reads rules, giving names their slots.
#[derive(Default)]
struct Reader {
    names: HashMap<String, usize>,
}

impl Reader {
    fn slot(&mut self, name: &str) -> usize {
        let next = self.names.len();
        *self.names.entry(name.to_owned()).or_insert(next)
    }

    fn rules(&mut self, rules: &[Document], at: &str) -> Result<Vec<Rule>, RuleSetError> {
        rules
            .iter()
            .enumerate()
            .map(|(i, r)| self.rule(r, &format!("{at}[{i}]")))
            .collect()
    }

    fn rule(&mut self, rule: &Document, at: &str) -> Result<Rule, RuleSetError> {
        let rule = obj(rule, at)?;
        let mut conditions = Vec::new();
        if let Some(c) = rule.get("conditions") {
            let Document::Array(list) = c else {
                return Err(RuleSetError(format!("{at}.conditions: expected an array")));
            };
            for (i, c) in list.iter().enumerate() {
                let cat = format!("{at}.conditions[{i}]");
                let fields = obj(c, &cat)?;
                let expr = self.expr(c, &cat)?;
                if !matches!(expr, Expr::Call(..)) {
                    return Err(RuleSetError(format!(
                        "{cat}: a condition must call a function"
                    )));
                }
                let assign = match fields.get("assign") {
                    Some(Document::String(name)) => Some(self.slot(name)),
                    None => None,
                    Some(_) => return Err(RuleSetError(format!("{cat}.assign: not a string"))),
                };
                conditions.push(Condition { expr, assign });
            }
        }
        let kind = match rule.get("type") {
            Some(Document::String(t)) if t == "endpoint" => {
                let e = rule
                    .get("endpoint")
                    .ok_or_else(|| RuleSetError(format!("{at}: no `endpoint`")))?;
                RuleKind::Endpoint(Box::new(self.endpoint(e, &format!("{at}.endpoint"))?))
            }
            Some(Document::String(t)) if t == "error" => {
                let e = rule
                    .get("error")
                    .ok_or_else(|| RuleSetError(format!("{at}: no `error`")))?;
                RuleKind::Error(self.expr(e, &format!("{at}.error"))?)
            }
            Some(Document::String(t)) if t == "tree" => match rule.get("rules") {
                Some(Document::Array(rules)) => {
                    RuleKind::Tree(self.rules(rules, &format!("{at}.rules"))?)
                }
                _ => return Err(RuleSetError(format!("{at}: a tree rule needs `rules`"))),
            },
            _ => return Err(RuleSetError(format!("{at}: unknown or missing `type`"))),
        };
        Ok(Rule { conditions, kind })
    }

    fn endpoint(&mut self, e: &Document, at: &str) -> Result<EndpointTemplate, RuleSetError> {
        let e = obj(e, at)?;
        let url = self.expr(
            e.get("url")
                .ok_or_else(|| RuleSetError(format!("{at}: no `url`")))?,
            &format!("{at}.url"),
        )?;
        let mut headers = Vec::new();
        if let Some(h) = e.get("headers") {
            for (name, values) in obj(h, &format!("{at}.headers"))? {
                let hat = format!("{at}.headers.{name}");
                let Document::Array(values) = values else {
                    return Err(RuleSetError(format!("{hat}: expected an array")));
                };
                let values = values
                    .iter()
                    .map(|v| self.expr(v, &hat))
                    .collect::<Result<_, _>>()?;
                headers.push((name.clone(), values));
            }
        }
        let mut properties = Vec::new();
        if let Some(p) = e.get("properties") {
            for (name, value) in obj(p, &format!("{at}.properties"))? {
                properties.push((
                    name.clone(),
                    self.expr(value, &format!("{at}.properties.{name}"))?,
                ));
            }
        }
        Ok(EndpointTemplate {
            url,
            headers,
            properties,
        })
    }

    fn expr(&mut self, e: &Document, at: &str) -> Result<Expr, RuleSetError> {
        Ok(match e {
            Document::String(s) => self.template(s, at)?,
            Document::Bool(b) => Expr::Lit(Value::Bool(*b)),
            Document::Number(n) => Expr::Lit(Value::Int(
                n.as_i64()
                    .ok_or_else(|| RuleSetError(format!("{at}: not an integer")))?,
            )),
            Document::Array(items) => Expr::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.expr(item, &format!("{at}[{i}]")))
                    .collect::<Result<_, _>>()?,
            ),
            Document::Object(o) => {
                if let Some(Document::String(name)) = o.get("ref") {
                    Expr::Ref(self.reference(name, at)?)
                } else if let Some(Document::String(f)) = o.get("fn") {
                    let args = match o.get("argv") {
                        Some(Document::Array(args)) => args.as_slice(),
                        _ => return Err(RuleSetError(format!("{at}: `{f}` has no `argv`"))),
                    };
                    self.call(f, args, at)?
                } else {
                    Expr::Object(
                        o.iter()
                            .map(|(k, v)| Ok((k.clone(), self.expr(v, &format!("{at}.{k}"))?)))
                            .collect::<Result<_, RuleSetError>>()?,
                    )
                }
            }
            Document::Null => return Err(RuleSetError(format!("{at}: null is not an expression"))),
        })
    }

    fn reference(&self, name: &str, at: &str) -> Result<usize, RuleSetError> {
        self.names
            .get(name)
            .copied()
            .ok_or_else(|| RuleSetError(format!("{at}: `{name}` is not a parameter or assigned")))
    }

    fn call(&mut self, f: &str, args: &[Document], at: &str) -> Result<Expr, RuleSetError> {
        let (func, arity) = match f {
            "isSet" => (Func::IsSet, 1..=1),
            "not" => (Func::Not, 1..=1),
            "booleanEquals" => (Func::BooleanEquals, 2..=2),
            "stringEquals" => (Func::StringEquals, 2..=2),
            "getAttr" => {
                let path = match args.get(1) {
                    Some(Document::String(p)) => parse_path(p)
                        .ok_or_else(|| RuleSetError(format!("{at}: invalid path `{p}`")))?,
                    _ => return Err(RuleSetError(format!("{at}: getAttr needs a path string"))),
                };
                let target = args
                    .first()
                    .ok_or_else(|| RuleSetError(format!("{at}: getAttr needs a value")))?;
                if args.len() != 2 {
                    return Err(RuleSetError(format!("{at}: getAttr takes 2 arguments")));
                }
                let target = self.expr(target, &format!("{at}.argv[0]"))?;
                return Ok(Expr::Call(Func::GetAttr(path), vec![target]));
            }
            "substring" => (Func::Substring, 4..=4),
            "uriEncode" => (Func::UriEncode, 1..=1),
            "parseURL" => (Func::ParseUrl, 1..=1),
            "isValidHostLabel" => (Func::IsValidHostLabel, 2..=2),
            "coalesce" => (Func::Coalesce, 1..=usize::MAX),
            "ite" => (Func::Ite, 3..=3),
            "split" => (Func::Split, 3..=3),
            "aws.partition" => (Func::Partition, 1..=1),
            "aws.parseArn" => (Func::ParseArn, 1..=1),
            "aws.isVirtualHostableS3Bucket" => (Func::IsVirtualHostableS3Bucket, 2..=2),
            _ => return Err(RuleSetError(format!("{at}: unknown function `{f}`"))),
        };
        if !arity.contains(&args.len()) {
            return Err(RuleSetError(format!(
                "{at}: `{f}` called with {} arguments",
                args.len()
            )));
        }
        let args = args
            .iter()
            .enumerate()
            .map(|(i, a)| self.expr(a, &format!("{at}.argv[{i}]")))
            .collect::<Result<_, _>>()?;
        Ok(Expr::Call(func, args))
    }

    /// A string: literal text, or a template with `{name}` / `{name#path}` references
    /// (`{{` and `}}` stand for braces).
    fn template(&self, s: &str, at: &str) -> Result<Expr, RuleSetError> {
        if !s.contains(['{', '}']) {
            return Ok(Expr::Lit(Value::String(s.to_owned())));
        }
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut rest = s;
        while let Some(at_brace) = rest.find(['{', '}']) {
            text.push_str(&rest[..at_brace]);
            let brace = &rest[at_brace..];
            if let Some(r) = brace
                .strip_prefix("{{")
                .or_else(|| brace.strip_prefix("}}"))
            {
                text.push(brace.as_bytes()[0] as char);
                rest = r;
                continue;
            }
            if brace.starts_with('}') {
                return Err(RuleSetError(format!("{at}: unmatched `}}` in `{s}`")));
            }
            let end = brace
                .find('}')
                .ok_or_else(|| RuleSetError(format!("{at}: unclosed `{{` in `{s}`")))?;
            let inner = &brace[1..end];
            let (name, path) = match inner.split_once('#') {
                Some((name, path)) => (
                    name,
                    parse_path(path)
                        .ok_or_else(|| RuleSetError(format!("{at}: invalid path in `{s}`")))?,
                ),
                None => (inner, Vec::new()),
            };
            if !text.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut text)));
            }
            parts.push(Part::Var(self.reference(name, at)?, path));
            rest = &brace[end + 1..];
        }
        text.push_str(rest);
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(match parts.as_slice() {
            [Part::Text(t)] => Expr::Lit(Value::String(t.clone())),
            _ => Expr::Template(parts),
        })
    }
}

/// `a.b[0].c` → keys and indexes; `None` for an empty step or a bad index.
pub(crate) fn parse_path(path: &str) -> Option<Vec<Seg>> {
    let mut segs = Vec::new();
    for step in path.split('.') {
        let (key, mut indexes) = match step.find('[') {
            Some(at) => step.split_at(at),
            None => (step, ""),
        };
        if !key.is_empty() {
            segs.push(Seg::Key(key.to_owned()));
        } else if indexes.is_empty() {
            return None;
        }
        while !indexes.is_empty() {
            let close = indexes.find(']')?;
            let n = indexes.get(1..close)?.parse::<usize>().ok()?;
            segs.push(Seg::Index(n));
            indexes = &indexes[close + 1..];
            if !indexes.is_empty() && !indexes.starts_with('[') {
                return None;
            }
        }
    }
    Some(segs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(
            parse_path("resourceId[1]"),
            Some(vec![Seg::Key("resourceId".into()), Seg::Index(1)])
        );
        assert_eq!(parse_path("[0]"), Some(vec![Seg::Index(0)]));
        assert_eq!(
            parse_path("a.b"),
            Some(vec![Seg::Key("a".into()), Seg::Key("b".into())])
        );
        assert_eq!(parse_path("a..b"), None);
        assert_eq!(parse_path("a[x]"), None);
    }

    #[test]
    fn broken_rule_sets_are_errors() {
        for text in [
            "[]",
            r#"{"parameters":{},"rules":{}}"#,
            r#"{"parameters":{"A":{"type":"integer"}},"rules":[]}"#,
            r#"{"parameters":{},"rules":[{"conditions":[{"fn":"nope","argv":[]}],"type":"error","error":"x"}]}"#,
            r#"{"parameters":{},"rules":[{"conditions":[],"type":"error","error":"{Missing}"}]}"#,
            r#"{"parameters":{},"rules":[{"conditions":[],"type":"endpoint","endpoint":{"url":"{"}}]}"#,
        ] {
            assert!(RuleSet::from_json(text).is_err(), "{text}");
        }
    }
}
