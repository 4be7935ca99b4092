//! `@pattern` values are ECMA-262 regular expressions; the runtime checks them with `regex-lite`.
//! [`translate`] rewrites one into `regex-lite` syntax for the same language, or says why it
//! cannot (look-around, back-references: no finite-automaton engine has them).
//!
//! What differs between the two syntaxes, and what is done about it:
//! - UTF-16 escapes: `\uXXXX` → `\x{XXXX}`; a surrogate pair (`\uD83D\uDE00`, also as the ends of
//!   a class range such as `\uD800\uDC00-\uDBFF\uDFFF`) → the code point it encodes; `\u{...}` and
//!   `\xHH` → `\x{...}`. A lone surrogate cannot occur in a Rust string: refused.
//! - `\d`, `\w` are ASCII in ECMA-262 (as in `regex-lite`), spelled out; `\s` is ECMA's list of
//!   white space and line terminators, spelled out; `.` excludes ECMA's four line terminators.
//! - Unicode property classes (`\p{L}`, `\p{Script=Greek}`, `\P{N}`): `regex-lite` has no
//!   Unicode tables, so the generator expands them into code-point ranges with `regex-syntax`'s
//!   tables (the generator's dependency, not the runtime's).
//! - Character classes: `[` inside a class is a literal in ECMA and a nested class in Rust, and
//!   `&&`, `--`, `~~` are set operations in Rust: such characters are escaped. `[]` matches
//!   nothing and `[^]` any character.
//! - Identity escapes (`\!`, `\_`, `\/`), a `{` that starts no quantifier, a lone `]` or `}`:
//!   literals, escaped only where Rust needs it.
//! - `(?<name>` groups are kept (both syntaxes have them).

/// The pattern in `regex-lite` syntax, or why it cannot be checked.
pub fn translate(ecma: &str) -> Result<String, String> {
    let chars: Vec<char> = ecma.chars().collect();
    let mut t = Translator {
        chars: &chars,
        pos: 0,
        out: String::new(),
        needs_expansion: false,
    };
    t.alternation()?;
    let translated = t.out;
    let translated = if t.needs_expansion {
        expand_properties(&translated)?
    } else {
        translated
    };
    // The runtime compiles with the same engine; anything it refuses is not emitted.
    regex_lite::Regex::new(&translated)
        .map_err(|e| format!("not expressible for the runtime's engine: {e}"))?;
    Ok(translated)
}

/// The line terminators `.` does not match in ECMA-262.
const DOT: &str = r"[^\n\r\x{2028}\x{2029}]";
/// ECMA-262 `\s`: WhiteSpace and LineTerminator (as ranges, for use inside a class).
const SPACE: &str = r"\t\n\x{B}\x{C}\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";
const DIGIT: &str = "0-9";
const WORD: &str = "0-9A-Za-z_";

/// Java's POSIX classes (`\p{Print}`, ...), which models written against Smithy's Java
/// validator use although ECMA-262 lacks them: ASCII only, as Java defines them.
const JAVA_POSIX: &[(&str, &str)] = &[
    ("Lower", "a-z"),
    ("Upper", "A-Z"),
    ("Alpha", "A-Za-z"),
    ("Digit", "0-9"),
    ("Alnum", "0-9A-Za-z"),
    ("Punct", r"!-/:-@\[-`\{-\~"),
    ("Graph", r"!-\~"),
    ("Print", r" -\~"),
    ("Blank", r" \t"),
    ("Cntrl", r"\x{0}-\x{1F}\x{7F}"),
    ("XDigit", "0-9A-Fa-f"),
    ("Space", r" \t\n\x{B}\x{C}\r"),
];

/// One item of a character class: a code point, or a set (`\d`, `\p{L}`, ...) as class text.
enum ClassAtom {
    Char(u32),
    Set(String),
}

struct Translator<'a> {
    chars: &'a [char],
    pos: usize,
    out: String,
    needs_expansion: bool,
}

impl Translator<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    /// The whole pattern (or the rest of a group): alternatives and their terms.
    fn alternation(&mut self) -> Result<(), String> {
        while let Some(c) = self.peek() {
            match c {
                ')' => return Ok(()),
                '(' => self.group()?,
                '[' => self.class()?,
                '\\' => self.escape_outside()?,
                '.' => {
                    self.pos += 1;
                    self.out.push_str(DOT);
                }
                '{' => {
                    self.pos += 1;
                    match self.quantifier_rest() {
                        Some(q) => {
                            self.out.push('{');
                            self.out.push_str(&q);
                        }
                        None => self.out.push_str(r"\{"),
                    }
                }
                '}' | ']' => {
                    self.pos += 1;
                    self.out.push('\\');
                    self.out.push(c);
                }
                _ => {
                    self.pos += 1;
                    // `#`, space and `&`, `~`, `-` are ordinary here in both syntaxes.
                    self.out.push(c);
                }
            }
        }
        Ok(())
    }

    /// After a `{`: the rest of a `{n}`, `{n,}` or `{n,m}` quantifier (consumed), or `None`
    /// (nothing consumed) when the brace is a literal.
    fn quantifier_rest(&mut self) -> Option<String> {
        let mut end = self.pos;
        let mut text = String::new();
        let mut digits = 0;
        let mut comma = false;
        while let Some(&c) = self.chars.get(end) {
            if c.is_ascii_digit() {
                digits += usize::from(!comma);
            } else if c == ',' && !comma && digits > 0 {
                comma = true;
            } else if c == '}' && digits > 0 {
                text.push('}');
                self.pos = end + 1;
                return Some(text);
            } else {
                return None;
            }
            text.push(c);
            end += 1;
        }
        None
    }

    fn group(&mut self) -> Result<(), String> {
        self.pos += 1;
        if self.peek() == Some('?') {
            match (self.peek_at(1), self.peek_at(2)) {
                (Some('='), _) | (Some('!'), _) => return Err("look-ahead".to_string()),
                (Some('<'), Some('=')) | (Some('<'), Some('!')) => {
                    return Err("look-behind".to_string())
                }
                (Some(':'), _) => {
                    self.pos += 2;
                    self.out.push_str("(?:");
                }
                (Some('<'), _) => {
                    self.pos += 2;
                    self.out.push_str("(?<");
                    while let Some(c) = self.peek() {
                        self.pos += 1;
                        self.out.push(c);
                        if c == '>' {
                            break;
                        }
                    }
                }
                _ => return Err("unknown group syntax".to_string()),
            }
        } else {
            self.out.push('(');
        }
        self.alternation()?;
        if self.peek() != Some(')') {
            return Err("unbalanced parenthesis".to_string());
        }
        self.pos += 1;
        self.out.push(')');
        Ok(())
    }

    /// An escape outside a class.
    fn escape_outside(&mut self) -> Result<(), String> {
        match self.peek_at(1) {
            Some(c @ '1'..='9') => Err(format!("back-reference `\\{c}`")),
            Some('k') if self.peek_at(2) == Some('<') => Err("back-reference `\\k`".to_string()),
            Some(c @ ('b' | 'B')) => {
                self.pos += 2;
                self.out.push('\\');
                self.out.push(c);
                Ok(())
            }
            _ => {
                match self.class_atom()? {
                    ClassAtom::Char(cp) => push_char(&mut self.out, cp),
                    ClassAtom::Set(set) if set.starts_with('[') => self.out.push_str(&set),
                    ClassAtom::Set(set) => {
                        self.out.push('[');
                        self.out.push_str(&set);
                        self.out.push(']');
                    }
                }
                Ok(())
            }
        }
    }

    /// A bracketed class.
    fn class(&mut self) -> Result<(), String> {
        self.pos += 1;
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut items = String::new();
        let mut empty = true;
        loop {
            match self.peek() {
                None => return Err("unclosed character class".to_string()),
                Some(']') => {
                    self.pos += 1;
                    break;
                }
                _ => {}
            }
            let first = self.class_atom()?;
            // A range `a-b`, unless the `-` is last or either end is a set.
            let is_range = self.peek() == Some('-')
                && self.peek_at(1).is_some_and(|c| c != ']')
                && matches!(first, ClassAtom::Char(_));
            if is_range {
                let save = self.pos;
                self.pos += 1;
                match (first, self.class_atom()?) {
                    (ClassAtom::Char(a), ClassAtom::Char(b)) => {
                        if a > b {
                            return Err("character range out of order".to_string());
                        }
                        if is_surrogate(a) || is_surrogate(b) {
                            return Err("lone surrogate in a range".to_string());
                        }
                        push_char(&mut items, a);
                        items.push('-');
                        push_char(&mut items, b);
                    }
                    (ClassAtom::Char(a), ClassAtom::Set(set)) => {
                        // `[a-\d]`: ECMA (Annex B) reads a literal `-` here.
                        let _ = save;
                        push_class_char(&mut items, a)?;
                        items.push_str(r"\-");
                        self.needs_expansion |= set.starts_with('[');
                        items.push_str(&set);
                    }
                    (ClassAtom::Set(_), _) => unreachable!("checked above"),
                }
            } else {
                match first {
                    ClassAtom::Char(cp) => push_class_char(&mut items, cp)?,
                    ClassAtom::Set(set) => {
                        // `[^...]` nested in a class (`[\S\d]`): `regex-lite` has no nesting,
                        // so the class is flattened by the expansion step.
                        self.needs_expansion |= set.starts_with('[');
                        items.push_str(&set);
                    }
                }
            }
            empty = false;
        }
        match (empty, negated) {
            (true, false) => self.out.push_str(r"[^\x{0}-\x{10FFFF}]"),
            (true, true) => self.out.push_str(r"[\x{0}-\x{10FFFF}]"),
            (false, _) => {
                self.out.push('[');
                if negated {
                    self.out.push('^');
                }
                self.out.push_str(&items);
                self.out.push(']');
            }
        }
        Ok(())
    }

    /// One code point or escape, inside or outside a class (surrogate pairs combined).
    fn class_atom(&mut self) -> Result<ClassAtom, String> {
        let Some(c) = self.peek() else {
            return Err("pattern ends early".to_string());
        };
        self.pos += 1;
        if c != '\\' {
            return Ok(ClassAtom::Char(c as u32));
        }
        let Some(e) = self.peek() else {
            return Err("pattern ends with `\\`".to_string());
        };
        self.pos += 1;
        let set = |s: &str| Ok(ClassAtom::Set(s.to_string()));
        let negated = |s: &str| Ok(ClassAtom::Set(format!("[^{s}]")));
        match e {
            'd' => set(DIGIT),
            'D' => negated(DIGIT),
            'w' => set(WORD),
            'W' => negated(WORD),
            's' => set(SPACE),
            'S' => negated(SPACE),
            'p' | 'P' => {
                if self.peek() != Some('{') {
                    return Err("`\\p` without `{...}`".to_string());
                }
                let mut name = String::new();
                self.pos += 1;
                loop {
                    match self.peek() {
                        None => return Err("unclosed `\\p{`".to_string()),
                        Some('}') => break,
                        Some(c) if c.is_ascii_alphanumeric() || "_=".contains(c) => name.push(c),
                        Some(c) => return Err(format!("`{c}` in a Unicode property name")),
                    }
                    self.pos += 1;
                }
                self.pos += 1;
                if let Some((_, ranges)) = JAVA_POSIX.iter().find(|(n, _)| *n == name) {
                    return Ok(ClassAtom::Set(if e == 'p' {
                        ranges.to_string()
                    } else {
                        format!("[^{ranges}]")
                    }));
                }
                self.needs_expansion = true;
                Ok(ClassAtom::Set(format!("\\{e}{{{name}}}")))
            }
            't' => Ok(ClassAtom::Char(0x9)),
            'n' => Ok(ClassAtom::Char(0xA)),
            'v' => Ok(ClassAtom::Char(0xB)),
            'f' => Ok(ClassAtom::Char(0xC)),
            'r' => Ok(ClassAtom::Char(0xD)),
            '0' if !self.peek().is_some_and(|c| c.is_ascii_digit()) => Ok(ClassAtom::Char(0)),
            'b' => Ok(ClassAtom::Char(0x8)), // only reached inside a class: backspace
            'c' => match self.peek() {
                Some(l) if l.is_ascii_alphabetic() => {
                    self.pos += 1;
                    Ok(ClassAtom::Char(l as u32 % 32))
                }
                _ => Ok(ClassAtom::Char('\\' as u32)),
            },
            'x' => {
                let hex = self.hex(2).ok_or("`\\x` needs two hex digits")?;
                Ok(ClassAtom::Char(hex))
            }
            'u' => {
                let first = if self.peek() == Some('{') {
                    self.pos += 1;
                    let start = self.pos;
                    while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                        self.pos += 1;
                    }
                    let digits: String = self.chars[start..self.pos].iter().collect();
                    if self.peek() != Some('}') || digits.is_empty() || digits.len() > 6 {
                        return Err("bad `\\u{...}` escape".to_string());
                    }
                    self.pos += 1;
                    u32::from_str_radix(&digits, 16).map_err(|e| e.to_string())?
                } else {
                    self.hex(4).ok_or("`\\u` needs four hex digits")?
                };
                // A high surrogate followed by a low one is one code point (UTF-16).
                if (0xD800..0xDC00).contains(&first)
                    && self.peek() == Some('\\')
                    && self.peek_at(1) == Some('u')
                {
                    let save = self.pos;
                    self.pos += 2;
                    match self.hex(4) {
                        Some(low) if (0xDC00..0xE000).contains(&low) => {
                            return Ok(ClassAtom::Char(
                                0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00),
                            ));
                        }
                        _ => self.pos = save,
                    }
                }
                if is_surrogate(first) {
                    return Err("lone surrogate".to_string());
                }
                if char::from_u32(first).is_none() {
                    return Err("escape beyond U+10FFFF".to_string());
                }
                Ok(ClassAtom::Char(first))
            }
            c if c.is_ascii_alphanumeric() => Err(format!("unknown escape `\\{c}`")),
            // Identity escapes: `\.`, `\-`, `\/`, `\!`, ...
            c => Ok(ClassAtom::Char(c as u32)),
        }
    }

    fn hex(&mut self, n: usize) -> Option<u32> {
        let digits: String = self.chars.get(self.pos..self.pos + n)?.iter().collect();
        if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += n;
        u32::from_str_radix(&digits, 16).ok()
    }
}

fn is_surrogate(cp: u32) -> bool {
    (0xD800..0xE000).contains(&cp)
}

/// A code point as a literal outside a class: meta characters escaped, controls and anything
/// outside printable ASCII as `\x{...}`.
fn push_char(out: &mut String, cp: u32) {
    match char::from_u32(cp) {
        Some(c) if c.is_ascii_graphic() || c == ' ' => {
            if r"\.+*?()|[]{}^$#&-~".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
        _ => out.push_str(&format!("\\x{{{cp:X}}}")),
    }
}

/// A code point inside a class.
fn push_class_char(out: &mut String, cp: u32) -> Result<(), String> {
    if is_surrogate(cp) {
        return Err("lone surrogate".to_string());
    }
    push_char(out, cp);
    Ok(())
}

/// Replaces Unicode property classes (and classes nested in classes) by the code-point ranges
/// they stand for, using `regex-syntax`'s tables: the pattern is parsed and printed back,
/// classes spelled out.
fn expand_properties(pattern: &str) -> Result<String, String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|e| format!("unknown Unicode property: {e}"))?;
    Ok(hir.to_string())
}

/// Every `@pattern` value in a Smithy JSON AST document (each once, sorted), for reports.
pub fn patterns_in(model: &serde_json::Value) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    match (k.as_str(), v) {
                        ("smithy.api#pattern", serde_json::Value::String(p)) => {
                            out.insert(p.clone());
                        }
                        _ => walk(v, out),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Default::default();
    walk(model, &mut out);
    out.into_iter().collect()
}

/// Whether a reason from [`translate`] is one no automaton engine can remove.
pub fn is_inexpressible(reason: &str) -> bool {
    reason.starts_with("look-") || reason.starts_with("back-reference")
}

#[cfg(test)]
mod tests {
    use super::translate;

    fn matches(ecma: &str, value: &str) -> bool {
        let rust = translate(ecma).unwrap_or_else(|e| panic!("{ecma}: {e}"));
        regex_lite::Regex::new(&rust).unwrap().is_match(value)
    }

    #[test]
    fn surrogate_pairs_become_code_points() {
        let p = r"^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\r\n\t]*$";
        assert!(matches(p, "plain text 😀 \u{10FFFF}"));
        assert!(!matches(p, "bell \u{7}"));
        assert!(matches(r"^\uD83D\uDE00$", "😀"));
        assert!(translate(r"^[\uD800-\uDBFF]$").is_err());
    }

    #[test]
    fn unicode_properties_are_spelled_out() {
        let p = r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$";
        assert!(matches(p, "Zoë 42 ٣ x/y=z"));
        assert!(!matches(p, "semi;colon"));
        assert!(matches(r"^\p{ASCII}+$", "abc"));
        assert!(!matches(r"^\p{ASCII}+$", "é"));
        assert!(matches(r"^\P{N}+$", "abc"));
        assert!(matches(r"^\p{Print}+$", "a ~"), "Java's POSIX classes");
        assert!(!matches(r"^\p{Print}+$", "a\u{7}"));
        assert!(!matches(r"^\p{Print}+$", "é"));
    }

    #[test]
    fn ecma_classes_and_escapes() {
        assert!(matches(r"^\d{12}$", "123456789012"));
        assert!(!matches(r"^\d$", "٣"), "\\d is ASCII in ECMA-262");
        assert!(matches(r"^\S+\s\S+$", "a\u{3000}b"));
        assert!(matches(r"^[\S\d]+$", "ab1"));
        assert!(!matches(r"^[\S\d]+$", "a b"));
        assert!(matches(r"^[\x20-\x21\x23-\x2B]*$", " !#+"));
        assert!(matches(r"^\!?[a-zA-Z0-9 :_@\/\+\=\.\-\!]*$", "!a_b/c"));
        assert!(matches(r"^[A-Za-z0-9\-\_\.]{0,126}$", "a-b_c.d"));
        assert!(matches(r"^[:\w]+$", "a:b_1"));
        assert!(matches(r"^[a[]+$", "a[["), "`[` in a class is a literal");
        assert!(
            matches(r"^a{,2}$", "a{,2}"),
            "a brace that is no quantifier"
        );
        assert!(matches(r"^a&&b--c~~$", "a&&b--c~~"));
        assert!(matches(r"^[&&~~\-]+$", "&~-"));
        assert!(!matches(r"^.$", "\r"));
        assert!(matches(r"^\u{1F600}$", "😀"));
        assert!(matches(r"^(?<year>\d{4})$", "2024"));
    }

    #[test]
    fn look_around_and_back_references_are_refused() {
        for p in [
            r"^(?!aws:).*$",
            r"(?=a)",
            r"(?<=a)b",
            r"(?<!a)b",
            r"(a)\1",
            r"(?<n>a)\k<n>",
        ] {
            assert!(translate(p).is_err(), "{p}");
        }
    }
}
