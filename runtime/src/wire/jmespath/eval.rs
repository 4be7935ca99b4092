//! Evaluation of the syntax tree, and JMESPath's built-in functions.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::{equal, is_truthy, Comparator, ErrorKind, JmesPathError, Node};
use crate::primitives::{Document, Number};
use crate::wire::json::JsonWriter;

type Result<T> = std::result::Result<T, JmesPathError>;

fn type_error(message: impl Into<String>) -> JmesPathError {
    JmesPathError::new(ErrorKind::InvalidType, message)
}

pub(super) fn eval(node: &Node, data: &Document) -> Result<Document> {
    Ok(match node {
        Node::Current => data.clone(),
        Node::Field(name) => match data {
            Document::Object(map) => map.get(name).cloned().unwrap_or(Document::Null),
            _ => Document::Null,
        },
        Node::Literal(v) => v.clone(),
        Node::Index(i) => match data {
            Document::Array(items) => {
                let len = items.len() as i64;
                let at = if *i < 0 { len + i } else { *i };
                if (0..len).contains(&at) {
                    items[at as usize].clone()
                } else {
                    Document::Null
                }
            }
            _ => Document::Null,
        },
        Node::Slice(start, stop, step) => match data {
            Document::Array(items) => Document::Array(
                slice_indices(items.len(), *start, *stop, *step)?
                    .into_iter()
                    .map(|i| items[i].clone())
                    .collect(),
            ),
            _ => Document::Null,
        },
        Node::Sub(left, right) => eval(right, &eval(left, data)?)?,
        Node::Project(left, right) => match eval(left, data)? {
            Document::Array(items) => project(items.iter(), right)?,
            _ => Document::Null,
        },
        Node::ProjectValues(left, right) => match eval(left, data)? {
            Document::Object(map) => project(map.values(), right)?,
            _ => Document::Null,
        },
        Node::Filter(left, right, condition) => match eval(left, data)? {
            Document::Array(items) => {
                let mut kept = Vec::new();
                for item in &items {
                    if is_truthy(&eval(condition, item)?) {
                        kept.push(item);
                    }
                }
                project(kept.into_iter(), right)?
            }
            _ => Document::Null,
        },
        Node::Flatten(inner) => match eval(inner, data)? {
            Document::Array(items) => {
                let mut flat = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Document::Array(inner) => flat.extend(inner),
                        other => flat.push(other),
                    }
                }
                Document::Array(flat)
            }
            _ => Document::Null,
        },
        Node::List(items) => {
            if *data == Document::Null {
                return Ok(Document::Null);
            }
            Document::Array(items.iter().map(|n| eval(n, data)).collect::<Result<_>>()?)
        }
        Node::Hash(pairs) => {
            if *data == Document::Null {
                return Ok(Document::Null);
            }
            let mut map = BTreeMap::new();
            for (key, n) in pairs {
                map.insert(key.clone(), eval(n, data)?);
            }
            Document::Object(map)
        }
        Node::Or(left, right) => {
            let l = eval(left, data)?;
            if is_truthy(&l) {
                l
            } else {
                eval(right, data)?
            }
        }
        Node::And(left, right) => {
            let l = eval(left, data)?;
            if is_truthy(&l) {
                eval(right, data)?
            } else {
                l
            }
        }
        Node::Not(inner) => Document::Bool(!is_truthy(&eval(inner, data)?)),
        Node::Compare(c, left, right) => compare(*c, &eval(left, data)?, &eval(right, data)?),
        Node::Pipe(left, right) => eval(right, &eval(left, data)?)?,
        Node::Call(function, args) => {
            let mut values = Vec::with_capacity(args.len());
            for arg in args {
                values.push(match arg {
                    Node::ExpRef(inner) => Arg::Expr(inner),
                    other => Arg::Value(eval(other, data)?),
                });
            }
            function.call(values)?
        }
        // An expression reference is a value only as a function argument.
        Node::ExpRef(_) => Document::Null,
    })
}

/// `right` over each item, keeping the non-null results.
fn project<'a>(items: impl Iterator<Item = &'a Document>, right: &Node) -> Result<Document> {
    let mut out = Vec::new();
    for item in items {
        let v = eval(right, item)?;
        if v != Document::Null {
            out.push(v);
        }
    }
    Ok(Document::Array(out))
}

/// The indices a slice selects from a list of `len` items (Python's slice rules).
fn slice_indices(
    len: usize,
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
) -> Result<Vec<usize>> {
    let step = step.unwrap_or(1);
    if step == 0 {
        return Err(JmesPathError::new(
            ErrorKind::InvalidValue,
            "a slice step cannot be 0",
        ));
    }
    let len = len as i64;
    let clamp = |i: i64| -> i64 {
        if i < 0 {
            let i = i + len;
            if i < 0 {
                if step < 0 {
                    -1
                } else {
                    0
                }
            } else {
                i
            }
        } else if i >= len {
            if step < 0 {
                len - 1
            } else {
                len
            }
        } else {
            i
        }
    };
    let start = start.map_or(if step < 0 { len - 1 } else { 0 }, clamp);
    let stop = stop.map_or(if step < 0 { -1 } else { len }, clamp);
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        match i.checked_add(step) {
            Some(next) => i = next,
            None => break,
        }
    }
    Ok(out)
}

fn compare(c: Comparator, l: &Document, r: &Document) -> Document {
    match c {
        Comparator::Eq => Document::Bool(equal(l, r)),
        Comparator::Ne => Document::Bool(!equal(l, r)),
        _ => match (l, r) {
            (Document::Number(a), Document::Number(b)) => {
                let ord = cmp_numbers(a, b);
                Document::Bool(match c {
                    Comparator::Lt => ord == Some(Ordering::Less),
                    Comparator::Le => matches!(ord, Some(Ordering::Less | Ordering::Equal)),
                    Comparator::Gt => ord == Some(Ordering::Greater),
                    _ => matches!(ord, Some(Ordering::Greater | Ordering::Equal)),
                })
            }
            // Ordering is defined on numbers only.
            _ => Document::Null,
        },
    }
}

fn cmp_numbers(a: &Number, b: &Number) -> Option<Ordering> {
    match (a.as_i64(), b.as_i64()) {
        (Some(x), Some(y)) if !matches!(a, Number::Float(_)) && !matches!(b, Number::Float(_)) => {
            Some(x.cmp(&y))
        }
        _ => a.as_f64().partial_cmp(&b.as_f64()),
    }
}

/// A function argument: a value, or an expression reference (`&expr`).
enum Arg<'a> {
    Value(Document),
    Expr(&'a Node),
}

impl Arg<'_> {
    fn value(self, function: &str) -> Result<Document> {
        match self {
            Arg::Value(v) => Ok(v),
            Arg::Expr(_) => Err(type_error(format!(
                "{function}() expects a value, not an expression reference"
            ))),
        }
    }

    fn expr(&self, function: &str) -> Result<&Node> {
        match self {
            Arg::Expr(n) => Ok(n),
            Arg::Value(_) => Err(type_error(format!(
                "{function}() expects an expression reference (`&expr`)"
            ))),
        }
    }
}

/// A JMESPath built-in function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Function {
    Abs,
    Avg,
    Ceil,
    Contains,
    EndsWith,
    Floor,
    Join,
    Keys,
    Length,
    Map,
    Max,
    MaxBy,
    Merge,
    Min,
    MinBy,
    NotNull,
    Reverse,
    Sort,
    SortBy,
    StartsWith,
    Sum,
    ToArray,
    ToNumber,
    ToString,
    Type,
    Values,
}

const FUNCTIONS: [(&str, Function, usize, bool); 26] = [
    ("abs", Function::Abs, 1, false),
    ("avg", Function::Avg, 1, false),
    ("ceil", Function::Ceil, 1, false),
    ("contains", Function::Contains, 2, false),
    ("ends_with", Function::EndsWith, 2, false),
    ("floor", Function::Floor, 1, false),
    ("join", Function::Join, 2, false),
    ("keys", Function::Keys, 1, false),
    ("length", Function::Length, 1, false),
    ("map", Function::Map, 2, false),
    ("max", Function::Max, 1, false),
    ("max_by", Function::MaxBy, 2, false),
    ("merge", Function::Merge, 1, true),
    ("min", Function::Min, 1, false),
    ("min_by", Function::MinBy, 2, false),
    ("not_null", Function::NotNull, 1, true),
    ("reverse", Function::Reverse, 1, false),
    ("sort", Function::Sort, 1, false),
    ("sort_by", Function::SortBy, 2, false),
    ("starts_with", Function::StartsWith, 2, false),
    ("sum", Function::Sum, 1, false),
    ("to_array", Function::ToArray, 1, false),
    ("to_number", Function::ToNumber, 1, false),
    ("to_string", Function::ToString, 1, false),
    ("type", Function::Type, 1, false),
    ("values", Function::Values, 1, false),
];

fn type_name(v: &Document) -> &'static str {
    match v {
        Document::Null => "null",
        Document::Bool(_) => "boolean",
        Document::Number(_) => "number",
        Document::String(_) => "string",
        Document::Array(_) => "array",
        Document::Object(_) => "object",
    }
}

impl Function {
    pub(super) fn lookup(name: &str) -> Result<Function> {
        FUNCTIONS
            .iter()
            .find(|(n, ..)| *n == name)
            .map(|(_, f, ..)| *f)
            .ok_or_else(|| {
                JmesPathError::new(ErrorKind::UnknownFunction, format!("no function `{name}`"))
            })
    }

    fn entry(self) -> (&'static str, usize, bool) {
        FUNCTIONS
            .iter()
            .find(|(_, f, ..)| *f == self)
            .map(|(n, _, a, v)| (*n, *a, *v))
            .unwrap_or(("?", 0, false))
    }

    fn name(self) -> &'static str {
        self.entry().0
    }

    pub(super) fn check_arity(self, count: usize) -> Result<()> {
        let (name, arity, variadic) = self.entry();
        if count == arity || (variadic && count > arity) {
            Ok(())
        } else {
            let expected = if variadic {
                format!("at least {arity}")
            } else {
                arity.to_string()
            };
            Err(JmesPathError::new(
                ErrorKind::InvalidArity,
                format!("{name}() takes {expected} argument(s), got {count}"),
            ))
        }
    }

    fn wrong(self, what: &str, got: &Document) -> JmesPathError {
        type_error(format!(
            "{}() expects {what}, got {}",
            self.name(),
            type_name(got)
        ))
    }

    fn number(self, v: &Document) -> Result<Number> {
        match v {
            Document::Number(n) => Ok(*n),
            other => Err(self.wrong("a number", other)),
        }
    }

    fn string(self, v: Document) -> Result<String> {
        match v {
            Document::String(s) => Ok(s),
            other => Err(self.wrong("a string", &other)),
        }
    }

    fn array(self, v: Document) -> Result<Vec<Document>> {
        match v {
            Document::Array(a) => Ok(a),
            other => Err(self.wrong("an array", &other)),
        }
    }

    fn object(self, v: Document) -> Result<BTreeMap<String, Document>> {
        match v {
            Document::Object(o) => Ok(o),
            other => Err(self.wrong("an object", &other)),
        }
    }

    fn call(self, args: Vec<Arg<'_>>) -> Result<Document> {
        let name = self.name();
        let mut args = args.into_iter();
        let mut next = || args.next().ok_or_else(|| type_error("missing argument"));
        Ok(match self {
            Function::Abs => match self.number(&next()?.value(name)?)? {
                Number::NegInt(v) => Document::Number(Number::from(v.unsigned_abs())),
                Number::Float(v) => Document::Number(Number::Float(v.abs())),
                n => Document::Number(n),
            },
            Function::Ceil => round(self.number(&next()?.value(name)?)?, f64::ceil),
            Function::Floor => round(self.number(&next()?.value(name)?)?, f64::floor),
            Function::Avg | Function::Sum => {
                let items = self.array(next()?.value(name)?)?;
                let numbers = items
                    .iter()
                    .map(|v| self.number(v))
                    .collect::<Result<Vec<_>>>()?;
                if self == Function::Avg {
                    if numbers.is_empty() {
                        return Ok(Document::Null);
                    }
                    let total: f64 = numbers.iter().map(Number::as_f64).sum();
                    Document::Number(Number::Float(total / numbers.len() as f64))
                } else {
                    sum(&numbers)
                }
            }
            Function::Contains => {
                let subject = next()?.value(name)?;
                let search = next()?.value(name)?;
                match subject {
                    Document::Array(items) => {
                        Document::Bool(items.iter().any(|i| equal(i, &search)))
                    }
                    Document::String(s) => Document::Bool(match &search {
                        Document::String(needle) => s.contains(needle.as_str()),
                        _ => false,
                    }),
                    other => return Err(self.wrong("an array or a string", &other)),
                }
            }
            Function::EndsWith | Function::StartsWith => {
                let subject = self.string(next()?.value(name)?)?;
                let affix = self.string(next()?.value(name)?)?;
                Document::Bool(if self == Function::EndsWith {
                    subject.ends_with(&affix)
                } else {
                    subject.starts_with(&affix)
                })
            }
            Function::Join => {
                let glue = self.string(next()?.value(name)?)?;
                let parts = self
                    .array(next()?.value(name)?)?
                    .into_iter()
                    .map(|p| self.string(p))
                    .collect::<Result<Vec<_>>>()?;
                Document::String(parts.join(&glue))
            }
            Function::Keys => Document::Array(
                self.object(next()?.value(name)?)?
                    .into_keys()
                    .map(Document::String)
                    .collect(),
            ),
            Function::Values => {
                Document::Array(self.object(next()?.value(name)?)?.into_values().collect())
            }
            Function::Length => match next()?.value(name)? {
                Document::String(s) => Document::from(s.chars().count() as u64),
                Document::Array(a) => Document::from(a.len() as u64),
                Document::Object(o) => Document::from(o.len() as u64),
                other => return Err(self.wrong("a string, an array or an object", &other)),
            },
            Function::Map => {
                let first = next()?;
                let expr = first.expr(name)?;
                let items = self.array(next()?.value(name)?)?;
                Document::Array(items.iter().map(|i| eval(expr, i)).collect::<Result<_>>()?)
            }
            Function::Max | Function::Min => {
                let items = self.array(next()?.value(name)?)?;
                let keys = sort_keys(self, &items)?;
                extreme(self == Function::Max, items, keys)
            }
            Function::MaxBy | Function::MinBy => {
                let items = self.array(next()?.value(name)?)?;
                let second = next()?;
                let expr = second.expr(name)?;
                let computed = items
                    .iter()
                    .map(|i| eval(expr, i))
                    .collect::<Result<Vec<_>>>()?;
                let keys = sort_keys(self, &computed)?;
                extreme(self == Function::MaxBy, items, keys)
            }
            Function::Merge => {
                let mut merged = BTreeMap::new();
                for arg in args {
                    merged.extend(self.object(arg.value(name)?)?);
                }
                Document::Object(merged)
            }
            Function::NotNull => {
                for arg in args {
                    let v = arg.value(name)?;
                    if v != Document::Null {
                        return Ok(v);
                    }
                }
                Document::Null
            }
            Function::Reverse => match next()?.value(name)? {
                Document::String(s) => Document::String(s.chars().rev().collect()),
                Document::Array(mut a) => {
                    a.reverse();
                    Document::Array(a)
                }
                other => return Err(self.wrong("an array or a string", &other)),
            },
            Function::Sort => {
                let items = self.array(next()?.value(name)?)?;
                let keys = sort_keys(self, &items)?;
                sorted(items, keys)
            }
            Function::SortBy => {
                let items = self.array(next()?.value(name)?)?;
                let second = next()?;
                let expr = second.expr(name)?;
                let computed = items
                    .iter()
                    .map(|i| eval(expr, i))
                    .collect::<Result<Vec<_>>>()?;
                let keys = sort_keys(self, &computed)?;
                sorted(items, keys)
            }
            Function::ToArray => match next()?.value(name)? {
                Document::Array(a) => Document::Array(a),
                other => Document::Array(vec![other]),
            },
            Function::ToNumber => match next()?.value(name)? {
                Document::Number(n) => Document::Number(n),
                Document::String(s) => parse_number(&s),
                _ => Document::Null,
            },
            Function::ToString => match next()?.value(name)? {
                Document::String(s) => Document::String(s),
                other => {
                    let mut w = JsonWriter::new();
                    w.document(&other);
                    Document::String(w.into_string())
                }
            },
            Function::Type => Document::String(type_name(&next()?.value(name)?).to_owned()),
        })
    }
}

fn round(n: Number, f: fn(f64) -> f64) -> Document {
    match n {
        Number::Float(v) => Document::Number(Number::Float(f(v))),
        integer => Document::Number(integer),
    }
}

fn sum(numbers: &[Number]) -> Document {
    let mut total: i64 = 0;
    for n in numbers {
        match (n, n.as_i64()) {
            (Number::Float(_), _) | (_, None) => {
                let total: f64 = numbers.iter().map(Number::as_f64).sum();
                return Document::Number(Number::Float(total));
            }
            (_, Some(v)) => match total.checked_add(v) {
                Some(t) => total = t,
                None => {
                    let total: f64 = numbers.iter().map(Number::as_f64).sum();
                    return Document::Number(Number::Float(total));
                }
            },
        }
    }
    Document::Number(Number::from(total))
}

/// The text of a JSON number, or null.
fn parse_number(text: &str) -> Document {
    if let Ok(v) = text.parse::<i64>() {
        return Document::Number(Number::from(v));
    }
    match text.parse::<f64>() {
        // Rust accepts `inf`, `NaN` and friends; JSON does not.
        Ok(v) if v.is_finite() && text.bytes().all(|b| b"+-.0123456789eE".contains(&b)) => {
            Document::Number(Number::Float(v))
        }
        _ => Document::Null,
    }
}

/// A sort key: every key of one call is a number, or every key is a string.
#[derive(PartialEq, PartialOrd)]
enum Key {
    Number(f64),
    String(String),
}

fn sort_keys(function: Function, values: &[Document]) -> Result<Vec<Key>> {
    let mut keys = Vec::with_capacity(values.len());
    for v in values {
        let key = match v {
            Document::Number(n) => Key::Number(n.as_f64()),
            Document::String(s) => Key::String(s.clone()),
            other => return Err(function.wrong("numbers or strings", other)),
        };
        if let Some(first) = keys.first() {
            if std::mem::discriminant(first) != std::mem::discriminant(&key) {
                return Err(type_error(format!(
                    "{}() cannot compare numbers with strings",
                    function.name()
                )));
            }
        }
        keys.push(key);
    }
    Ok(keys)
}

fn sorted(items: Vec<Document>, keys: Vec<Key>) -> Document {
    let mut pairs: Vec<(Key, Document)> = keys.into_iter().zip(items).collect();
    // Stable, so equal keys keep their order.
    pairs.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(Ordering::Equal));
    Document::Array(pairs.into_iter().map(|(_, v)| v).collect())
}

fn extreme(max: bool, items: Vec<Document>, keys: Vec<Key>) -> Document {
    let mut best: Option<(Key, Document)> = None;
    for (key, item) in keys.into_iter().zip(items) {
        let better = match &best {
            None => true,
            Some((b, _)) if max => key > *b,
            Some((b, _)) => key < *b,
        };
        if better {
            best = Some((key, item));
        }
    }
    best.map_or(Document::Null, |(_, v)| v)
}
