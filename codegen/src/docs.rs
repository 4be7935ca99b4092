//! Converts the HTML found in `@documentation` traits into the Markdown rustdoc renders:
//! paragraphs, lists, code, links and emphasis; everything else becomes plain text. Output is
//! safe for rustdoc's lints (no raw HTML, no bare URLs, no accidental intra-doc links, no
//! code blocks that would run as doctests).
//!
//! Must not: know Rust items or the model; it turns one documentation string into Markdown.

/// Converts a documentation string to Markdown. Plain text passes through (escaped).
pub fn html_to_markdown(html: &str) -> String {
    let mut r = Renderer::default();
    let mut rest = html;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(0) => match parse_tag(rest) {
                Some((tag, len)) => {
                    r.tag(tag);
                    rest = &rest[len..];
                }
                None => {
                    r.text("<");
                    rest = &rest[1..];
                }
            },
            Some(i) => {
                r.text(&rest[..i]);
                rest = &rest[i..];
            }
            None => {
                r.text(rest);
                rest = "";
            }
        }
    }
    r.finish()
}

/// The first line (sentence-ish) of converted documentation, for short summaries.
pub fn summary(markdown: &str) -> &str {
    markdown.lines().next().unwrap_or("")
}

const KNOWN_TAGS: &[&str] = &[
    "a",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "example",
    "examples",
    "fullname",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "important",
    "img",
    "kbd",
    "li",
    "note",
    "ol",
    "p",
    "pre",
    "samp",
    "section",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "title",
    "tr",
    "tt",
    "u",
    "ul",
];

struct Tag {
    name: String,
    closing: bool,
    href: Option<String>,
}

/// Parses `<name attr="v">` or `</name>` at the start of `s`; `None` when it is not a tag.
fn parse_tag(s: &str) -> Option<(Tag, usize)> {
    let end = s.find('>')?;
    let inner = &s[1..end];
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let inner = inner.trim_end_matches('/').trim();
    let name_end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    // Only real HTML (and the AWS documentation tags) count as tags: `<T>` or `<name>` in
    // prose stays text.
    if !KNOWN_TAGS.contains(&name.to_ascii_lowercase().as_str()) {
        return None;
    }
    let attrs = &inner[name_end..];
    let href = attrs.find("href=").and_then(|i| {
        let v = &attrs[i + 5..];
        let quote = v.chars().next()?;
        if quote == '"' || quote == '\'' {
            let v = &v[1..];
            v.find(quote).map(|j| decode_entities(&v[..j]))
        } else {
            Some(v.split_whitespace().next().unwrap_or("").to_string())
        }
    });
    Some((
        Tag {
            name: name.to_ascii_lowercase(),
            closing,
            href,
        },
        end + 1,
    ))
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(semi) = rest[..rest.len().min(10)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Escapes text so Markdown shows it literally, and wraps bare URLs in `<…>`.
fn escape_text(text: &str, out: &mut String) {
    let mut rest = text;
    while !rest.is_empty() {
        let url_at = ["https://", "http://"]
            .iter()
            .filter_map(|p| rest.find(p))
            .min();
        let (plain, url) = match url_at {
            Some(i) => {
                let tail = &rest[i..];
                let len = tail
                    .find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"')
                    .unwrap_or(tail.len());
                let mut url = &tail[..len];
                url = url.trim_end_matches(['.', ',', ';', ':', ')', '(']);
                (&rest[..i], url)
            }
            None => (rest, ""),
        };
        for c in plain.chars() {
            match c {
                '\\' | '`' | '*' | '[' | ']' | '#' | '|' => {
                    out.push('\\');
                    out.push(c);
                }
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                _ => out.push(c),
            }
        }
        if url.is_empty() {
            if url_at.is_some() {
                // A scheme with nothing after it: keep it as text.
                let skip = plain.len()
                    + if rest[plain.len()..].starts_with("https://") {
                        8
                    } else {
                        7
                    };
                out.push_str(&rest[plain.len()..skip]);
                rest = &rest[skip..];
                continue;
            }
            break;
        }
        out.push('<');
        out.push_str(url);
        out.push('>');
        rest = &rest[plain.len() + url.len()..];
    }
}

#[derive(Default)]
struct Renderer {
    /// Finished blocks; `true` marks list items, which join with a single newline.
    blocks: Vec<(String, bool)>,
    /// The block being built.
    inline: String,
    /// Prefix of the current list item (`- `, `1. `), pushed when its first text arrives.
    item_prefix: Option<String>,
    lists: Vec<Option<usize>>,
    /// For each open list, the indentation of its current item's content (`- ` → 2, `10. ` → 4).
    indents: Vec<usize>,
    pre: bool,
    pre_text: String,
    code: Option<String>,
    links: Vec<Option<String>>,
    link_text: Option<String>,
}

impl Renderer {
    fn flush(&mut self) {
        let text = self.inline.trim().to_string();
        self.inline.clear();
        if !text.is_empty() {
            let in_list = !self.lists.is_empty();
            let (block, is_item) = match self.item_prefix.take() {
                Some(prefix) => (format!("{prefix}{text}"), true),
                // More text of the current item after a nested list: a new paragraph of that
                // item, so a blank line before it and the item's indentation.
                None if in_list => {
                    let indent = self.indents.last().copied().unwrap_or(0);
                    (format!("{}{text}", " ".repeat(indent)), false)
                }
                None => (text, false),
            };
            self.blocks.push((block, is_item));
        }
    }

    fn push_inline(&mut self, s: &str) {
        let target = match (&mut self.code, &mut self.link_text) {
            (Some(code), _) => code,
            (None, Some(link)) => link,
            (None, None) => &mut self.inline,
        };
        target.push_str(s);
    }

    fn text(&mut self, raw: &str) {
        let decoded = decode_entities(raw);
        if self.pre {
            self.pre_text.push_str(&decoded);
            return;
        }
        let mut collapsed = String::with_capacity(decoded.len());
        let mut last_space = false;
        for c in decoded.chars() {
            if c.is_whitespace() {
                if !last_space {
                    collapsed.push(' ');
                }
                last_space = true;
            } else {
                collapsed.push(c);
                last_space = false;
            }
        }
        if self.code.is_some() {
            self.push_inline(&collapsed);
            return;
        }
        if self.inline.is_empty() && self.link_text.is_none() {
            collapsed = collapsed.trim_start().to_string();
        }
        let mut escaped = String::new();
        escape_text(&collapsed, &mut escaped);
        self.push_inline(&escaped);
    }

    fn tag(&mut self, tag: Tag) {
        match (tag.name.as_str(), tag.closing) {
            (
                "p" | "div" | "note" | "important" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "dl"
                | "dt" | "dd",
                _,
            ) if !self.lists.is_empty() => self.push_inline(" "),
            ("p" | "div" | "dl" | "dt" | "dd", _) => self.flush(),
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", false) => self.flush(),
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", true) => {
                if !self.inline.trim().is_empty() {
                    self.inline = format!("**{}**", self.inline.trim());
                }
                self.flush();
            }
            ("note", false) | ("important", false) => {
                self.flush();
                let label = if tag.name == "note" {
                    "**Note:** "
                } else {
                    "**Important:** "
                };
                self.inline.push_str(label);
            }
            ("note" | "important", true) => self.flush(),
            ("ul" | "ol", false) => {
                self.flush();
                self.lists
                    .push(if tag.name == "ol" { Some(0) } else { None });
                let base = self.indents.last().copied().unwrap_or(0);
                self.indents.push(base);
            }
            ("ul" | "ol", true) => {
                self.flush();
                self.lists.pop();
                self.indents.pop();
            }
            ("li", false) => {
                self.flush();
                if self.lists.is_empty() {
                    // A stray `<li>`: treat it as the start of a bullet list.
                    self.lists.push(None);
                    self.indents.push(0);
                }
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{n}. ")
                    }
                    _ => "- ".to_string(),
                };
                // The parent item's content indentation (0 at the top level).
                let depth = self.indents.len();
                let base = if depth >= 2 {
                    self.indents[depth - 2]
                } else {
                    0
                };
                self.item_prefix = Some(format!("{}{marker}", " ".repeat(base)));
                if let Some(last) = self.indents.last_mut() {
                    *last = base + marker.len();
                }
            }
            ("li", true) => self.flush(),
            ("br", _) => {
                if self.lists.is_empty() {
                    self.flush();
                } else {
                    self.push_inline(" ");
                }
            }
            ("pre", false) => {
                self.flush();
                self.pre = true;
                self.pre_text.clear();
            }
            ("pre", true) if self.pre => {
                self.pre = false;
                let body = self.pre_text.trim_matches('\n').to_string();
                let fence = if body.contains("```") { "````" } else { "```" };
                self.blocks
                    .push((format!("{fence}text\n{body}\n{fence}"), false));
            }
            ("code" | "tt" | "kbd" | "samp", false) if !self.pre && self.code.is_none() => {
                self.code = Some(String::new());
            }
            ("code" | "tt" | "kbd" | "samp", true) if !self.pre => {
                if let Some(code) = self.code.take() {
                    let code = code.trim();
                    if !code.is_empty() {
                        let fence = if code.contains('`') { "``" } else { "`" };
                        let pad = if code.starts_with('`') || code.ends_with('`') {
                            " "
                        } else {
                            ""
                        };
                        let rendered = format!("{fence}{pad}{code}{pad}{fence}");
                        self.push_inline(&rendered);
                    }
                }
            }
            ("a", false) => {
                let href = tag
                    .href
                    .filter(|h| h.starts_with("http://") || h.starts_with("https://"));
                self.links.push(href);
                if self.link_text.is_none() {
                    self.link_text = Some(String::new());
                }
            }
            ("a", true) => {
                if let Some(href) = self.links.pop() {
                    if self.links.is_empty() {
                        let text = self.link_text.take().unwrap_or_default();
                        let text = text.trim();
                        let rendered = match href {
                            Some(h) if text.is_empty() => format!("<{h}>"),
                            Some(h) => {
                                format!("[{text}]({})", h.replace(' ', "%20").replace(')', "%29"))
                            }
                            None => text.to_string(),
                        };
                        self.push_inline(&rendered);
                    }
                }
            }
            ("i" | "em" | "b" | "strong", _) if self.code.is_some() => {}
            ("i" | "em", _) => self.push_inline("*"),
            ("b" | "strong", _) => self.push_inline("**"),
            _ => {}
        }
    }

    fn finish(mut self) -> String {
        if let Some(code) = self.code.take() {
            self.push_inline(&code);
        }
        if let Some(text) = self.link_text.take() {
            self.inline.push_str(&text);
        }
        if self.pre {
            self.inline.push_str(&self.pre_text.clone());
        }
        self.flush();
        let mut out = String::new();
        let mut prev_list = false;
        for (i, (block, is_list)) in self.blocks.iter().enumerate() {
            if i > 0 {
                out.push_str(if *is_list && prev_list { "\n" } else { "\n\n" });
            }
            // Emphasis markers left open by unbalanced HTML would swallow the rest of the doc.
            out.push_str(&balance_emphasis(block));
            prev_list = *is_list;
        }
        out
    }
}

/// Drops emphasis markers that open without closing, or close without opening, or wrap nothing.
fn balance_emphasis(block: &str) -> String {
    let cleaned = block
        .replace("****", "")
        .replace("** **", " ")
        .replace("**", "\u{1}");
    let single = cleaned.matches('*').count() - cleaned.matches("\\*").count();
    let double = cleaned.matches('\u{1}').count();
    let mut out = cleaned.replace('\u{1}', if double.is_multiple_of(2) { "**" } else { "" });
    if !single.is_multiple_of(2) {
        // Remove unescaped single stars.
        let mut fixed = String::with_capacity(out.len());
        let mut prev = '\0';
        for c in out.chars() {
            if c == '*' && prev != '\\' && prev != '*' {
                prev = c;
                continue;
            }
            fixed.push(c);
            prev = c;
        }
        out = fixed;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::html_to_markdown as md;

    #[test]
    fn paragraphs_and_inline() {
        assert_eq!(
            md("<p>One <b>two</b>.</p><p>Three <code>x&lt;T&gt;</code></p>"),
            "One **two**.\n\nThree `x<T>`"
        );
        assert_eq!(
            md("Plain [text] with *stars* & <T>"),
            "Plain \\[text\\] with \\*stars\\* &amp; &lt;T&gt;"
        );
    }

    #[test]
    fn list_item_text_after_a_nested_list_is_an_indented_paragraph() {
        assert_eq!(
            md("<ol><li>a<ul><li>b</li></ul>more</li><li>c</li></ol>"),
            "1. a\n   - b\n\n   more\n\n2. c"
        );
    }

    #[test]
    fn lists() {
        assert_eq!(
            md("<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul>"),
            "- a\n- b\n  - c"
        );
        assert_eq!(md("<ol><li><p>x</p></li><li>y</li></ol>"), "1. x\n2. y");
    }

    #[test]
    fn links_and_urls() {
        assert_eq!(
            md("<a href=\"https://e.com/a\">docs</a>"),
            "[docs](https://e.com/a)"
        );
        assert_eq!(md("see https://e.com/x."), "see <https://e.com/x>.");
        assert_eq!(md("<a href=\"Foo\">Foo</a>"), "Foo");
    }

    #[test]
    fn pre_blocks_are_text_fences() {
        assert_eq!(
            md("<pre><code>a &lt; b\n c</code></pre>"),
            "```text\na < b\n c\n```"
        );
    }

    #[test]
    fn broken_html_is_tolerated() {
        assert_eq!(md("<p>open <i>never closed</p></p>"), "open never closed");
        assert_eq!(md("a < b"), "a &lt; b");
        assert_eq!(md("<note>Careful</note>"), "**Note:** Careful");
    }
}
