//! JMESPath: the query language of Smithy waiters (`smithy.waiters#waitable` paths), evaluated
//! over [`Document`]s.
//!
//! [`Expression::compile`] parses an expression once (syntax errors, unknown functions and wrong
//! argument counts are found here); [`Expression::search`] evaluates it against a document (type
//! errors of function arguments are found here). Written for this crate rather than taken from a
//! crate: it reads and returns [`Document`]s directly, with no conversion to another value type,
//! and adds no dependency (the README's Waiters section has the measurements). It passes the
//! JMESPath compliance suite (`runtime/tests/jmespath_compliance.rs`).
//!
//! One difference from JMESPath implementations over ordered JSON objects: a [`Document`] object
//! is a sorted map, so `*`, `keys()` and `values()` visit members in key order.
//!
//! Inside the module: `parse` (lexer and parser) → the syntax tree here; `eval` runs it and holds
//! the built-in functions. Uses [`crate::wire::json`] for JSON literals and `to_string()`.

mod eval;
mod parse;

use std::fmt;

use crate::primitives::Document;

/// What kind of JMESPath error (the compliance suite's error names).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The expression is not valid JMESPath.
    Syntax,
    /// A function is called with a value of the wrong type.
    InvalidType,
    /// A value is out of range (a slice step of zero).
    InvalidValue,
    /// A function is called with the wrong number of arguments.
    InvalidArity,
    /// A function that JMESPath does not define.
    UnknownFunction,
}

impl ErrorKind {
    /// The name the JMESPath specification and its compliance suite use (`invalid-type`).
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "syntax",
            ErrorKind::InvalidType => "invalid-type",
            ErrorKind::InvalidValue => "invalid-value",
            ErrorKind::InvalidArity => "invalid-arity",
            ErrorKind::UnknownFunction => "unknown-function",
        }
    }
}

/// A JMESPath error: its kind, a message, and the expression it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JmesPathError {
    kind: ErrorKind,
    message: String,
    expression: String,
}

impl JmesPathError {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        JmesPathError {
            kind,
            message: message.into(),
            expression: String::new(),
        }
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    fn in_expression(mut self, expression: &str) -> Self {
        self.expression = expression.to_owned();
        self
    }
}

impl fmt::Display for JmesPathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "JMESPath {} error in `{}`: {}",
            self.kind.name(),
            self.expression,
            self.message
        )
    }
}

impl std::error::Error for JmesPathError {}

/// A compiled JMESPath expression.
#[derive(Clone, Debug)]
pub struct Expression {
    text: String,
    root: Node,
}

impl Expression {
    /// Parses `text`. Fails on a syntax error, an unknown function or a wrong argument count.
    pub fn compile(text: &str) -> Result<Self, JmesPathError> {
        let root = parse::parse(text).map_err(|e| e.in_expression(text))?;
        Ok(Expression {
            text: text.to_owned(),
            root,
        })
    }

    /// The expression's text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Evaluates the expression against `data`. Fails when a function gets an argument of the
    /// wrong type or a slice has a zero step.
    pub fn search(&self, data: &Document) -> Result<Document, JmesPathError> {
        eval::eval(&self.root, data).map_err(|e| e.in_expression(&self.text))
    }
}

/// Compiles `expression` and evaluates it against `data` in one step.
pub fn search(expression: &str, data: &Document) -> Result<Document, JmesPathError> {
    Expression::compile(expression)?.search(data)
}

/// JMESPath truthiness: `null`, `false`, `""`, `[]` and `{}` are false; everything else
/// (including `0`) is true.
pub fn is_truthy(value: &Document) -> bool {
    match value {
        Document::Null => false,
        Document::Bool(b) => *b,
        Document::String(s) => !s.is_empty(),
        Document::Array(a) => !a.is_empty(),
        Document::Object(o) => !o.is_empty(),
        Document::Number(_) => true,
    }
}

/// JMESPath equality: numbers compare by value (`1 == 1.0`), arrays and objects deeply.
pub fn equal(a: &Document, b: &Document) -> bool {
    match (a, b) {
        (Document::Number(x), Document::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Document::Array(x), Document::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| equal(x, y))
        }
        (Document::Object(x), Document::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, vx), (ky, vy))| kx == ky && equal(vx, vy))
        }
        _ => a == b,
    }
}

/// The syntax tree.
#[derive(Clone, Debug)]
enum Node {
    /// `@`, and the implicit current node.
    Current,
    /// `name` or `"name"`.
    Field(String),
    /// `` `json` `` or `'raw'`.
    Literal(Document),
    /// `[n]`.
    Index(i64),
    /// `[start:stop:step]`.
    Slice(Option<i64>, Option<i64>, Option<i64>),
    /// `left.right`, `left[0]`.
    Sub(Box<Node>, Box<Node>),
    /// A list projection: `right` over each element of `left`.
    Project(Box<Node>, Box<Node>),
    /// `left.*`: `right` over each value of `left`.
    ProjectValues(Box<Node>, Box<Node>),
    /// `left[?condition]`, then `right` over each kept element.
    Filter(Box<Node>, Box<Node>, Box<Node>),
    /// `left[]`.
    Flatten(Box<Node>),
    /// `[a, b]`.
    List(Vec<Node>),
    /// `{k: a}`.
    Hash(Vec<(String, Node)>),
    /// `a || b`.
    Or(Box<Node>, Box<Node>),
    /// `a && b`.
    And(Box<Node>, Box<Node>),
    /// `!a`.
    Not(Box<Node>),
    /// `a == b` and the other comparators.
    Compare(Comparator, Box<Node>, Box<Node>),
    /// `a | b`.
    Pipe(Box<Node>, Box<Node>),
    /// `name(args)`.
    Call(eval::Function, Vec<Node>),
    /// `&expr`.
    ExpRef(Box<Node>),
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Comparator {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(json: &str) -> Document {
        crate::wire::json::JsonReader::new(json.as_bytes())
            .read_document()
            .unwrap()
    }

    #[test]
    fn waiter_style_paths() {
        let data = doc(r#"{"Table":{"TableStatus":"ACTIVE"},"Items":[{"S":"a"},{"S":"b"}]}"#);
        assert_eq!(
            search("Table.TableStatus", &data).unwrap(),
            Document::from("ACTIVE")
        );
        assert_eq!(
            search("length(Items[?S == 'b']) > `0`", &data).unwrap(),
            Document::Bool(true)
        );
        assert_eq!(
            search("Items[].S", &data).unwrap(),
            Document::Array(vec!["a".into(), "b".into()])
        );
    }

    #[test]
    fn errors_name_kind_and_expression() {
        let e = Expression::compile("foo(").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Syntax);
        assert!(e.to_string().contains("`foo(`"), "{e}");
        let e = search("abs('x')", &Document::Null).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidType);
        assert!(e.to_string().contains("abs() expects a number"), "{e}");
    }

    /// Random token soup: compiling and evaluating never panics (errors are values).
    #[test]
    fn random_expressions_do_not_panic() {
        const PIECES: &[&str] = &[
            "a",
            "b",
            "\"q\"",
            "'r'",
            "`[1,2]`",
            "`{\"a\":1}`",
            "0",
            "-1",
            "9223372036854775807",
            "-9223372036854775808",
            ".",
            "*",
            "[",
            "]",
            "[?",
            "[]",
            "{",
            "}",
            "(",
            ")",
            ",",
            ":",
            "|",
            "||",
            "&&",
            "!",
            "==",
            "!=",
            "<",
            "<=",
            ">",
            ">=",
            "@",
            "&",
            "length",
            "sort_by",
            "max_by",
            "abs",
            "to_number",
            "merge",
            "not_null",
            "join",
            " ",
        ];
        let data = doc(r#"{"a":[1,"x",{"b":[2,3]},null,true],"b":{"c":"d"}}"#);
        let mut rng = fastrand::Rng::with_seed(17);
        for _ in 0..20_000 {
            let n = rng.usize(1..12);
            let text: String = (0..n).map(|_| PIECES[rng.usize(..PIECES.len())]).collect();
            if let Ok(e) = Expression::compile(&text) {
                let _ = e.search(&data);
            }
        }
    }

    #[test]
    fn extreme_slices() {
        let data = doc("[0,1,2,3,4,5,6,7,8,9]");
        let r = search("[5::9223372036854775807]", &data).unwrap();
        assert_eq!(r, Document::Array(vec![5i64.into()]));
        let r = search("[::-9223372036854775808]", &data).unwrap();
        assert_eq!(r, Document::Array(vec![9i64.into()]));
        assert_eq!(
            search("[::0]", &data).unwrap_err().kind(),
            ErrorKind::InvalidValue
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowing() {
        let text = format!("{}a{}", "(".repeat(1_000), ")".repeat(1_000));
        let e = Expression::compile(&text).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Syntax);
        assert!(e.to_string().contains("nested deeper"), "{e}");
        // A long chain nests without recursing in the parser: bounded by size and tree depth.
        let chain = format!("a{}", ".a".repeat(100_000));
        let e = Expression::compile(&chain).unwrap_err();
        assert!(e.to_string().contains("longer than 2048 nodes"), "{e}");
        let chain = format!("a{}.", ".a".repeat(900));
        assert_eq!(
            Expression::compile(&chain).unwrap_err().kind(),
            ErrorKind::Syntax
        );
        let chain = format!("a{}", ".a".repeat(900));
        let e = Expression::compile(&chain).unwrap_err();
        assert!(e.to_string().contains("nested deeper than 160"), "{e}");
        // Just under the bound: compiles and evaluates.
        let chain = format!("a{}", ".a".repeat(158));
        assert_eq!(search(&chain, &Document::Null).unwrap(), Document::Null);
    }
}
