//! Node values from tokens: the parser's part of [`super::super::node`] (objects, arrays,
//! strings, numbers, unquoted shape IDs), with the depth limit. Must not: resolve shape IDs.

use super::super::diag::Span;
use super::super::lexer::Tok;
use super::super::node::{number, Node, MAX_DEPTH};
use super::Parser;

impl Parser<'_> {
    /// Parses one node value at the current token.
    pub(super) fn node(&mut self, depth: usize) -> Result<Node, ()> {
        if depth > MAX_DEPTH {
            self.error_here(format!("node values nest deeper than {MAX_DEPTH} levels"));
            return Err(());
        }
        let token = self.next();
        match token.tok {
            Tok::Str(s) => Ok(Node::Str(s)),
            Tok::Number(n) => Ok(Node::Number(number(&n))),
            Tok::Ident(id) => Ok(match id.as_str() {
                "true" => Node::Bool(true),
                "false" => Node::Bool(false),
                "null" => Node::Null,
                _ => Node::Id(id, token.span),
            }),
            Tok::LBracket => {
                let mut items = Vec::new();
                loop {
                    if self.eat(&Tok::RBracket) {
                        return Ok(Node::Array(items));
                    }
                    if self.at_eof() {
                        self.error_here("expected `]` to close the list");
                        return Err(());
                    }
                    items.push(self.node(depth + 1)?);
                }
            }
            Tok::LBrace => {
                let mut entries: Vec<(String, Node)> = Vec::new();
                let mut seen = std::collections::HashSet::new();
                loop {
                    if self.eat(&Tok::RBrace) {
                        return Ok(Node::Object(entries));
                    }
                    let (key, span) = self.object_key()?;
                    self.expect(&Tok::Colon, "`:` after the key")?;
                    let value = self.node(depth + 1)?;
                    if !seen.insert(key.clone()) {
                        self.error_at(span, format!("duplicate key `{key}` in the object"));
                    }
                    entries.push((key, value));
                }
            }
            Tok::Error(message) => {
                self.error_at(token.span, message);
                Err(())
            }
            _ => {
                self.error_at(
                    token.span,
                    "expected a value (string, number, list `[…]`, object `{…}`, true, false, null or a shape ID)",
                );
                Err(())
            }
        }
    }

    /// An object key: an identifier or a quoted string.
    pub(super) fn object_key(&mut self) -> Result<(String, Span), ()> {
        let token = self.next();
        match token.tok {
            Tok::Ident(s) | Tok::Str(s) => Ok((s, token.span)),
            Tok::Error(message) => {
                self.error_at(token.span, message);
                Err(())
            }
            _ => {
                self.error_at(
                    token.span,
                    "expected an object key (an identifier or a string)",
                );
                Err(())
            }
        }
    }
}
