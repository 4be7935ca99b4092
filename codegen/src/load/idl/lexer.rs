//! The IDL lexer: source text → tokens with byte spans.
//!
//! Owns: whitespace (commas included, as the 2.0 grammar says), `//` comments, `///` documentation comments, identifiers and shape IDs (with `.`, `#`
//! and `$` inside), punctuation, numbers, quoted strings and text blocks (decoded by
//! [`super::strings`]). Must not: know the grammar; every call consumes at least one byte, so
//! lexing always ends.

use super::diag::Span;
use super::strings::{decode_quoted, decode_text_block};

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// An identifier or shape ID: `foo`, `smithy.api#String`, `Foo$bar`.
    Ident(String),
    /// `$name`: a control statement key or an elided member.
    DollarIdent(String),
    /// A quoted string or text block, decoded.
    Str(String),
    /// A number as written (validated).
    Number(String),
    /// One `///` line without the slashes and one leading space.
    Doc(String),
    At,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Colon,
    Walrus,
    Eq,
    /// Something that is not a token; the message says what is wrong.
    Error(String),
    Eof,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
    /// Whether a line break precedes this token (control and metadata statements end at one).
    pub newline_before: bool,
}

pub fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Lexes the whole text. Bad input becomes `Tok::Error` tokens; the list always ends with `Eof`.
pub fn lex(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // A byte-order mark at the start is not part of the model.
    let mut i = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut newline = true;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let tok = match c {
            b'\n' => {
                newline = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                let is_doc = bytes.get(i + 2) == Some(&b'/');
                let line = &text[i..end];
                i = end;
                if !is_doc {
                    continue;
                }
                let body = line[3..].trim_end_matches('\r');
                Tok::Doc(body.strip_prefix(' ').unwrap_or(body).to_string())
            }
            b',' => {
                // Commas are whitespace in IDL 2.0 (and optional separators in 1.0).
                i += 1;
                continue;
            }
            b'@' => {
                i += 1;
                Tok::At
            }
            b'{' => {
                i += 1;
                Tok::LBrace
            }
            b'}' => {
                i += 1;
                Tok::RBrace
            }
            b'[' => {
                i += 1;
                Tok::LBracket
            }
            b']' => {
                i += 1;
                Tok::RBracket
            }
            b'(' => {
                i += 1;
                Tok::LParen
            }
            b')' => {
                i += 1;
                Tok::RParen
            }
            b'=' => {
                i += 1;
                Tok::Eq
            }
            b':' if bytes.get(i + 1) == Some(&b'=') => {
                i += 2;
                Tok::Walrus
            }
            b':' => {
                i += 1;
                Tok::Colon
            }
            b'$' => {
                i += 1;
                if i < bytes.len() && is_ident_start(bytes[i]) {
                    let s = i;
                    while i < bytes.len() && is_ident_char(bytes[i]) {
                        i += 1;
                    }
                    Tok::DollarIdent(text[s..i].to_string())
                } else {
                    Tok::Error("expected an identifier after `$`".into())
                }
            }
            b'"' => {
                if text[i..].starts_with("\"\"\"") {
                    let (tok, end) = text_block(text, i);
                    i = end;
                    tok
                } else {
                    let (tok, end) = quoted(text, i);
                    i = end;
                    tok
                }
            }
            b'-' | b'0'..=b'9' => {
                let (tok, end) = number(bytes, i);
                i = end;
                tok
            }
            c if is_ident_start(c) => {
                i = shape_id_end(bytes, i);
                Tok::Ident(text[start..i].to_string())
            }
            _ => {
                // Skip the whole character (it may be several bytes long).
                let ch = text[i..].chars().next().unwrap_or('\u{fffd}');
                i += ch.len_utf8().max(1);
                Tok::Error(format!("unexpected character `{}`", ch.escape_debug()))
            }
        };
        out.push(Token {
            tok,
            span: Span::new(start, i),
            newline_before: newline,
        });
        newline = false;
    }
    out.push(Token {
        tok: Tok::Eof,
        span: Span::new(bytes.len(), bytes.len()),
        newline_before: true,
    });
    out
}

/// End of an identifier-like run: identifiers joined by `.`, then optionally `#name` and `$name`.
fn shape_id_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        let c = bytes[i];
        let joins_next =
            matches!(c, b'.' | b'#' | b'$') && bytes.get(i + 1).is_some_and(|&n| is_ident_start(n));
        if is_ident_char(c) || joins_next {
            i += 1;
        } else {
            break;
        }
    }
    i
}

fn number(bytes: &[u8], start: usize) -> (Tok, usize) {
    let mut i = start;
    if bytes[i] == b'-' {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let s = *i;
        while *i < bytes.len() && bytes[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - s
    };
    let int_start = i;
    if digits(&mut i) == 0 {
        return (
            Tok::Error("expected a digit after `-`".into()),
            i.max(start + 1),
        );
    }
    if bytes[int_start] == b'0' && i - int_start > 1 {
        return (Tok::Error("numbers must not start with 0".into()), i);
    }
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return (Tok::Error("expected a digit after `.`".into()), i);
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return (Tok::Error("expected a digit in the exponent".into()), i);
        }
    }
    if i < bytes.len() && (is_ident_char(bytes[i]) || bytes[i] == b'.') {
        let mut j = i;
        while j < bytes.len() && (is_ident_char(bytes[j]) || bytes[j] == b'.') {
            j += 1;
        }
        return (Tok::Error("not a valid number".into()), j);
    }
    let text = std::str::from_utf8(&bytes[start..i])
        .unwrap_or("0")
        .to_string();
    (Tok::Number(text), i)
}

/// A `"…"` string starting at `start`: returns the token and the offset after it.
fn quoted(text: &str, start: usize) -> (Tok, usize) {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => {
                let raw = &text[start + 1..i];
                let tok = match decode_quoted(raw) {
                    Ok(s) => Tok::Str(s),
                    Err(e) => Tok::Error(e),
                };
                return (tok, i + 1);
            }
            _ => i += 1,
        }
    }
    (
        Tok::Error("unterminated string: missing the closing `\"`".into()),
        bytes.len(),
    )
}

/// A `"""` text block starting at `start`.
fn text_block(text: &str, start: usize) -> (Tok, usize) {
    let bytes = text.as_bytes();
    let mut i = start + 3;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' if text[i..].starts_with("\"\"\"") => {
                let raw = &text[start + 3..i];
                let tok = match decode_text_block(raw) {
                    Ok(s) => Tok::Str(s),
                    Err(e) => Tok::Error(e),
                };
                return (tok, i + 3);
            }
            _ => i += 1,
        }
    }
    (
        Tok::Error("unterminated text block: missing the closing `\"\"\"`".into()),
        bytes.len(),
    )
}
