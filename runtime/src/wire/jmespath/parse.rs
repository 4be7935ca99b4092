//! The lexer and a Pratt parser for JMESPath (the binding powers of the specification's grammar).

use super::eval::Function;
use super::{Comparator, ErrorKind, JmesPathError, Node};
use crate::primitives::Document;
use crate::wire::json::JsonReader;

/// Nesting bound: deeper expressions are refused rather than overflowing the stack.
const MAX_DEPTH: usize = 128;

/// Tree depth bound: a chain (`a.b.c…`) nests without recursion in the parser, but evaluating
/// (and dropping) it recurses once per link, so the finished tree's depth is bounded too. The
/// deepest expression of the compliance suite is about 110 levels, waiter paths a handful; 160
/// levels evaluate within a 2 MiB thread stack even in debug builds (tested).
const MAX_TREE_DEPTH: usize = 160;

/// Node bound: a tree dropped half-built on a syntax error drops recursively, so the whole
/// expression is bounded as well (the longest of the compliance suite makes about 520 nodes).
const MAX_NODES: usize = 2048;

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Quoted(String),
    Literal(Document),
    Number(i64),
    Dot,
    Star,
    LBracket,
    RBracket,
    Filter,
    Flatten,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Comma,
    Colon,
    Pipe,
    Or,
    And,
    Not,
    Cmp(Comparator),
    At,
    Amp,
    Eof,
}

impl Tok {
    /// The left binding power (how strongly the token binds to what precedes it).
    fn power(&self) -> u8 {
        match self {
            Tok::Pipe => 1,
            Tok::Or => 2,
            Tok::And => 3,
            Tok::Cmp(_) => 5,
            Tok::Flatten => 9,
            Tok::Star => 20,
            Tok::Filter => 21,
            Tok::Dot => 40,
            Tok::Not => 45,
            Tok::LBrace => 50,
            Tok::LBracket => 55,
            Tok::LParen => 60,
            _ => 0,
        }
    }
}

/// Tokens below this power end a projection's right-hand side.
const PROJECTION_STOP: u8 = 10;

fn syntax(message: impl Into<String>) -> JmesPathError {
    JmesPathError::new(ErrorKind::Syntax, message)
}

fn lex(text: &str) -> Result<Vec<(Tok, usize)>, JmesPathError> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let next = bytes.get(i + 1).copied();
        let (tok, len) = match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'.' => (Tok::Dot, 1),
            b'*' => (Tok::Star, 1),
            b']' => (Tok::RBracket, 1),
            b'{' => (Tok::LBrace, 1),
            b'}' => (Tok::RBrace, 1),
            b'(' => (Tok::LParen, 1),
            b')' => (Tok::RParen, 1),
            b',' => (Tok::Comma, 1),
            b':' => (Tok::Colon, 1),
            b'@' => (Tok::At, 1),
            b'[' => match next {
                Some(b']') => (Tok::Flatten, 2),
                Some(b'?') => (Tok::Filter, 2),
                _ => (Tok::LBracket, 1),
            },
            b'|' if next == Some(b'|') => (Tok::Or, 2),
            b'|' => (Tok::Pipe, 1),
            b'&' if next == Some(b'&') => (Tok::And, 2),
            b'&' => (Tok::Amp, 1),
            b'!' if next == Some(b'=') => (Tok::Cmp(Comparator::Ne), 2),
            b'!' => (Tok::Not, 1),
            b'=' if next == Some(b'=') => (Tok::Cmp(Comparator::Eq), 2),
            b'<' if next == Some(b'=') => (Tok::Cmp(Comparator::Le), 2),
            b'<' => (Tok::Cmp(Comparator::Lt), 1),
            b'>' if next == Some(b'=') => (Tok::Cmp(Comparator::Ge), 2),
            b'>' => (Tok::Cmp(Comparator::Gt), 1),
            b'"' => {
                let end = closing(bytes, i, b'"')?;
                let mut reader = JsonReader::new(&bytes[i..=end]);
                let name = reader
                    .read_string()
                    .map_err(|e| syntax(format!("invalid quoted identifier at {i}: {e}")))?;
                (Tok::Quoted(name), end + 1 - i)
            }
            b'\'' => {
                let end = closing(bytes, i, b'\'')?;
                let raw = text[i + 1..end].replace("\\'", "'");
                (Tok::Literal(Document::String(raw)), end + 1 - i)
            }
            b'`' => {
                let end = closing(bytes, i, b'`')?;
                let json = text[i + 1..end].replace("\\`", "`");
                let mut reader = JsonReader::new(json.as_bytes());
                let value = reader
                    .read_document()
                    .and_then(|v| reader.finish().map(|()| v))
                    .map_err(|e| syntax(format!("invalid JSON literal at {i}: {e}")))?;
                (Tok::Literal(value), end + 1 - i)
            }
            b'-' | b'0'..=b'9' => {
                let mut end = i + 1;
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
                let digits = &text[i..end];
                let n = digits
                    .parse::<i64>()
                    .map_err(|_| syntax(format!("invalid number `{digits}` at {i}")))?;
                (Tok::Number(n), end - i)
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let mut end = i + 1;
                while end < bytes.len()
                    && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_')
                {
                    end += 1;
                }
                (Tok::Ident(text[i..end].to_owned()), end - i)
            }
            _ => {
                let c = text[i..].chars().next().unwrap_or('?');
                return Err(syntax(format!("unexpected character `{c}` at {i}")));
            }
        };
        tokens.push((tok, start));
        i += len;
    }
    tokens.push((Tok::Eof, text.len()));
    Ok(tokens)
}

/// The index of the `quote` closing the one at `open` (a backslash escapes the next byte).
fn closing(bytes: &[u8], open: usize, quote: u8) -> Result<usize, JmesPathError> {
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return Ok(i),
            _ => i += 1,
        }
    }
    Err(syntax(format!(
        "unterminated `{}` at {open}",
        quote as char
    )))
}

/// Parses a whole expression.
pub(super) fn parse(text: &str) -> Result<Node, JmesPathError> {
    let mut parser = Parser {
        tokens: lex(text)?,
        pos: 0,
        depth: 0,
        nodes: 0,
    };
    let node = parser.expression(0)?;
    if !matches!(parser.peek(), Tok::Eof) {
        return Err(parser.unexpected());
    }
    if depth(&node) > MAX_TREE_DEPTH {
        // Dropped level by level: the tree is too deep to drop (or evaluate) recursively.
        flatten_drop(node);
        return Err(syntax(format!("nested deeper than {MAX_TREE_DEPTH}")));
    }
    Ok(node)
}

fn children(node: &Node) -> Vec<&Node> {
    match node {
        Node::Current | Node::Field(_) | Node::Literal(_) | Node::Index(_) | Node::Slice(..) => {
            Vec::new()
        }
        Node::Flatten(a) | Node::Not(a) | Node::ExpRef(a) => vec![a],
        Node::Sub(a, b)
        | Node::Project(a, b)
        | Node::ProjectValues(a, b)
        | Node::Or(a, b)
        | Node::And(a, b)
        | Node::Compare(_, a, b)
        | Node::Pipe(a, b) => vec![a, b],
        Node::Filter(a, b, c) => vec![a, b, c],
        Node::List(items) | Node::Call(_, items) => items.iter().collect(),
        Node::Hash(pairs) => pairs.iter().map(|(_, n)| n).collect(),
    }
}

/// The depth of a tree, found without recursion.
fn depth(root: &Node) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(root, 1)];
    while let Some((node, d)) = stack.pop() {
        deepest = deepest.max(d);
        stack.extend(children(node).into_iter().map(|c| (c, d + 1)));
    }
    deepest
}

/// Drops a tree without recursion: each node's children are moved out before it is dropped.
fn flatten_drop(root: Node) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match node {
            Node::Flatten(a) | Node::Not(a) | Node::ExpRef(a) => stack.push(*a),
            Node::Sub(a, b)
            | Node::Project(a, b)
            | Node::ProjectValues(a, b)
            | Node::Or(a, b)
            | Node::And(a, b)
            | Node::Compare(_, a, b)
            | Node::Pipe(a, b) => stack.extend([*a, *b]),
            Node::Filter(a, b, c) => stack.extend([*a, *b, *c]),
            Node::List(items) | Node::Call(_, items) => stack.extend(items),
            Node::Hash(pairs) => stack.extend(pairs.into_iter().map(|(_, n)| n)),
            Node::Current
            | Node::Field(_)
            | Node::Literal(_)
            | Node::Index(_)
            | Node::Slice(..) => {}
        }
    }
}

struct Parser {
    tokens: Vec<(Tok, usize)>,
    pos: usize,
    depth: usize,
    nodes: usize,
}

impl Parser {
    fn peek(&self) -> &Tok {
        self.peek_at(0)
    }

    fn peek_at(&self, n: usize) -> &Tok {
        self.tokens
            .get(self.pos + n)
            .map(|(t, _)| t)
            .unwrap_or(&Tok::Eof)
    }

    fn advance(&mut self) -> Tok {
        let tok = self.peek().clone();
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        tok
    }

    fn unexpected(&self) -> JmesPathError {
        let (tok, at) = self.tokens.get(self.pos).cloned().unwrap_or((Tok::Eof, 0));
        match tok {
            Tok::Eof => syntax("unexpected end of expression"),
            tok => syntax(format!("unexpected {tok:?} at {at}")),
        }
    }

    fn expect(&mut self, tok: Tok) -> Result<(), JmesPathError> {
        if *self.peek() == tok {
            self.advance();
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn expression(&mut self, power: u8) -> Result<Node, JmesPathError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(syntax(format!("nested deeper than {MAX_DEPTH}")));
        }
        let result = self.expression_inner(power);
        self.depth -= 1;
        result
    }

    fn expression_inner(&mut self, power: u8) -> Result<Node, JmesPathError> {
        self.count()?;
        let mut left = self.nud()?;
        while power < self.peek().power() {
            self.count()?;
            left = self.led(left)?;
        }
        Ok(left)
    }

    fn count(&mut self) -> Result<(), JmesPathError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(syntax(format!("longer than {MAX_NODES} nodes")));
        }
        Ok(())
    }

    /// A token at the start of an expression.
    fn nud(&mut self) -> Result<Node, JmesPathError> {
        let at = self.pos;
        Ok(match self.advance() {
            Tok::Literal(v) => Node::Literal(v),
            Tok::Ident(name) => Node::Field(name),
            Tok::Quoted(name) => {
                if *self.peek() == Tok::LParen {
                    return Err(syntax("a quoted identifier cannot name a function"));
                }
                Node::Field(name)
            }
            Tok::Star => {
                let right = self.projection_rhs(Tok::Star.power())?;
                Node::ProjectValues(Box::new(Node::Current), Box::new(right))
            }
            Tok::Filter => self.filter(Node::Current)?,
            Tok::LBrace => self.hash()?,
            Tok::Flatten => {
                let right = self.projection_rhs(Tok::Flatten.power())?;
                Node::Project(
                    Box::new(Node::Flatten(Box::new(Node::Current))),
                    Box::new(right),
                )
            }
            Tok::LBracket => match (self.peek(), self.peek_at(1)) {
                (Tok::Number(_) | Tok::Colon, _) => {
                    let index = self.index()?;
                    self.project_if_slice(Node::Current, index)?
                }
                (Tok::Star, Tok::RBracket) => {
                    self.advance();
                    self.advance();
                    let right = self.projection_rhs(Tok::Star.power())?;
                    Node::Project(Box::new(Node::Current), Box::new(right))
                }
                _ => self.list()?,
            },
            Tok::At => Node::Current,
            Tok::Amp => Node::ExpRef(Box::new(self.expression(0)?)),
            Tok::Not => Node::Not(Box::new(self.expression(Tok::Not.power())?)),
            Tok::LParen => {
                let inner = self.expression(0)?;
                self.expect(Tok::RParen)?;
                inner
            }
            _ => {
                self.pos = at;
                return Err(self.unexpected());
            }
        })
    }

    /// A token after an expression (`left`).
    fn led(&mut self, left: Node) -> Result<Node, JmesPathError> {
        let at = self.pos;
        let tok = self.advance();
        let power = tok.power();
        Ok(match tok {
            Tok::Dot => {
                if *self.peek() == Tok::Star {
                    self.advance();
                    let right = self.projection_rhs(power)?;
                    Node::ProjectValues(Box::new(left), Box::new(right))
                } else {
                    let right = self.dot_rhs(power)?;
                    Node::Sub(Box::new(left), Box::new(right))
                }
            }
            Tok::Pipe => Node::Pipe(Box::new(left), Box::new(self.expression(power)?)),
            Tok::Or => Node::Or(Box::new(left), Box::new(self.expression(power)?)),
            Tok::And => Node::And(Box::new(left), Box::new(self.expression(power)?)),
            Tok::Cmp(c) => Node::Compare(c, Box::new(left), Box::new(self.expression(power)?)),
            Tok::LParen => {
                let Node::Field(name) = left else {
                    self.pos = at;
                    return Err(syntax("only a name can be called as a function"));
                };
                let mut args = Vec::new();
                while *self.peek() != Tok::RParen {
                    args.push(self.expression(0)?);
                    if *self.peek() == Tok::Comma {
                        self.advance();
                        if *self.peek() == Tok::RParen {
                            return Err(self.unexpected());
                        }
                    } else if *self.peek() != Tok::RParen {
                        return Err(self.unexpected());
                    }
                }
                self.advance();
                let function = Function::lookup(&name)?;
                function.check_arity(args.len())?;
                Node::Call(function, args)
            }
            Tok::Filter => self.filter(left)?,
            Tok::Flatten => {
                let right = self.projection_rhs(power)?;
                Node::Project(Box::new(Node::Flatten(Box::new(left))), Box::new(right))
            }
            Tok::LBracket => match self.peek() {
                Tok::Number(_) | Tok::Colon => {
                    let index = self.index()?;
                    self.project_if_slice(left, index)?
                }
                _ => {
                    self.expect(Tok::Star)?;
                    self.expect(Tok::RBracket)?;
                    let right = self.projection_rhs(Tok::Star.power())?;
                    Node::Project(Box::new(left), Box::new(right))
                }
            },
            _ => {
                self.pos = at;
                return Err(self.unexpected());
            }
        })
    }

    /// After `[?`: the condition, `]`, and the projection's right-hand side.
    fn filter(&mut self, left: Node) -> Result<Node, JmesPathError> {
        let condition = self.expression(0)?;
        self.expect(Tok::RBracket)?;
        let right = if *self.peek() == Tok::Flatten {
            Node::Current
        } else {
            self.projection_rhs(Tok::Filter.power())?
        };
        Ok(Node::Filter(
            Box::new(left),
            Box::new(right),
            Box::new(condition),
        ))
    }

    /// After `[` followed by a number or `:`: an index or a slice, through `]`.
    fn index(&mut self) -> Result<Node, JmesPathError> {
        let mut parts = [None; 3];
        let mut part = 0;
        let mut number_allowed = true;
        loop {
            match self.advance() {
                Tok::Number(n) if number_allowed => {
                    parts[part] = Some(n);
                    number_allowed = false;
                }
                Tok::Colon if part < 2 => {
                    part += 1;
                    number_allowed = true;
                }
                Tok::RBracket => break,
                _ => {
                    self.pos -= 1;
                    return Err(self.unexpected());
                }
            }
        }
        if part == 0 {
            // `[n]`: the loop saw a number (a lone `]` is not reached with part 0 and no number).
            parts[0]
                .map(Node::Index)
                .ok_or_else(|| syntax("empty index"))
        } else {
            Ok(Node::Slice(parts[0], parts[1], parts[2]))
        }
    }

    fn project_if_slice(&mut self, left: Node, index: Node) -> Result<Node, JmesPathError> {
        let slice = matches!(index, Node::Slice(..));
        let indexed = Node::Sub(Box::new(left), Box::new(index));
        if slice {
            let right = self.projection_rhs(Tok::Star.power())?;
            Ok(Node::Project(Box::new(indexed), Box::new(right)))
        } else {
            Ok(indexed)
        }
    }

    fn projection_rhs(&mut self, power: u8) -> Result<Node, JmesPathError> {
        match self.peek() {
            t if t.power() < PROJECTION_STOP => Ok(Node::Current),
            Tok::LBracket | Tok::Filter => self.expression(power),
            Tok::Dot => {
                self.advance();
                self.dot_rhs(power)
            }
            _ => Err(self.unexpected()),
        }
    }

    fn dot_rhs(&mut self, power: u8) -> Result<Node, JmesPathError> {
        match self.peek() {
            Tok::Ident(_) | Tok::Quoted(_) | Tok::Star => self.expression(power),
            Tok::LBracket => {
                self.advance();
                self.list()
            }
            Tok::LBrace => {
                self.advance();
                self.hash()
            }
            _ => Err(self.unexpected()),
        }
    }

    /// After `[`: a multi-select list through `]`.
    fn list(&mut self) -> Result<Node, JmesPathError> {
        let mut items = Vec::new();
        loop {
            items.push(self.expression(0)?);
            match self.advance() {
                Tok::Comma => {}
                Tok::RBracket => return Ok(Node::List(items)),
                _ => {
                    self.pos -= 1;
                    return Err(self.unexpected());
                }
            }
        }
    }

    /// After `{`: a multi-select hash through `}`.
    fn hash(&mut self) -> Result<Node, JmesPathError> {
        let mut pairs = Vec::new();
        loop {
            let key = match self.advance() {
                Tok::Ident(k) | Tok::Quoted(k) => k,
                _ => {
                    self.pos -= 1;
                    return Err(self.unexpected());
                }
            };
            self.expect(Tok::Colon)?;
            pairs.push((key, self.expression(0)?));
            match self.advance() {
                Tok::Comma => {}
                Tok::RBrace => return Ok(Node::Hash(pairs)),
                _ => {
                    self.pos -= 1;
                    return Err(self.unexpected());
                }
            }
        }
    }
}
