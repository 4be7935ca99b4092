//! String literals: the inside of `"…"` strings and `"""` text blocks decoded to their value
//! (escapes including `\uXXXX` surrogate pairs, line breaks normalised, the incidental-indentation
//! rule of text blocks). Used by the lexer. Must not: know tokens, nodes or the grammar.

/// Decodes the inside of a `"…"` string: escapes, and line breaks normalised to `\n`.
pub fn decode_quoted(raw: &str) -> Result<String, String> {
    unescape(&normalize_newlines(raw))
}

/// Decodes the inside of a `"""…"""` text block: it must start with a line break; the
/// indentation common to its lines (the closing line included) and trailing spaces are
/// removed before escapes are read.
pub fn decode_text_block(raw: &str) -> Result<String, String> {
    let raw = normalize_newlines(raw);
    let Some((first, rest)) = raw.split_once('\n') else {
        return Err("a text block must start with a line break after `\"\"\"`".into());
    };
    if !first.trim_matches([' ', '\t']).is_empty() {
        return Err("a text block must start with a line break after `\"\"\"`".into());
    }
    let lines: Vec<&str> = rest.split('\n').collect();
    let last = lines.len() - 1;
    let indent = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let blank = |line: &str| line.trim_matches([' ', '\t']).is_empty();
    let min_indent = lines
        .iter()
        .enumerate()
        .filter(|(i, line)| *i == last || !blank(line))
        .map(|(_, line)| indent(line))
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(rest.len());
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let cut = min_indent.min(indent(line));
        out.push_str(line[cut..].trim_end_matches([' ', '\t']));
    }
    unescape(&out)
}

/// CRLF and lone CR become LF, as the spec asks of every string.
fn normalize_newlines(s: &str) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    }
}

/// Reads the escapes of Smithy strings: `\" \\ \/ \' \b \f \n \r \t`, `\uXXXX` (surrogate
/// pairs joined), and a backslash before a line break (both removed).
fn unescape(s: &str) -> Result<String, String> {
    if !s.contains('\\') {
        return Ok(s.to_string());
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('/') => out.push('/'),
            Some('\'') => out.push('\''),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\n') => {}
            Some('u') => {
                let high = hex4(&mut chars)?;
                let code = if (0xD800..0xDC00).contains(&high) {
                    let (Some('\\'), Some('u')) = (chars.next(), chars.next()) else {
                        return Err(format!(
                            "the escape `\\u{high:04X}` is a high surrogate and must be followed by a `\\u` low surrogate"
                        ));
                    };
                    let low = hex4(&mut chars)?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(format!(
                            "`\\u{low:04X}` is not a low surrogate after `\\u{high:04X}`"
                        ));
                    }
                    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..0xE000).contains(&high) {
                    return Err(format!("the escape `\\u{high:04X}` is a lone low surrogate"));
                } else {
                    high
                };
                out.push(char::from_u32(code).ok_or("not a valid unicode escape")?);
            }
            Some(other) => {
                return Err(format!(
                    "invalid escape `\\{}` (expected one of \\\" \\\\ \\/ \\' \\b \\f \\n \\r \\t \\uXXXX)",
                    other.escape_debug()
                ))
            }
            None => return Err("a string cannot end with a lone `\\`".into()),
        }
    }
    Ok(out)
}

fn hex4(chars: &mut std::str::Chars<'_>) -> Result<u32, String> {
    let mut value = 0;
    for _ in 0..4 {
        let digit = chars
            .next()
            .and_then(|c| c.to_digit(16))
            .ok_or("`\\u` must be followed by four hexadecimal digits")?;
        value = value * 16 + digit;
    }
    Ok(value)
}
