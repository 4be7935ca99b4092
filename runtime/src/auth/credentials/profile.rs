//! A small parser for the AWS shared config and credentials files (INI dialect).
//!
//! Supported syntax: `[section]` headers (text after the closing `]` is ignored), `key = value`
//! properties (keys are case-insensitive and stored lower-case), full-line comments starting with
//! `#` or `;`, inline comments in values introduced by whitespace followed by `#` or `;`, blank
//! lines, and indented continuation lines (appended to the previous value with a newline; when
//! the previous value is empty they are sub-properties, e.g. `s3 =` blocks, stored as
//! `s3.endpoint_url`).
//!
//! Part of `auth::credentials`: it parses text it is given; it must not read files or the
//! environment (the profile provider does).

use std::collections::HashMap;

/// Properties of one section, keys lower-cased.
pub(crate) type Properties = HashMap<String, String>;

/// Parses INI text into `section name → properties`. Sections appearing several times are merged
/// (later values win). Properties outside any section and lines that are neither a section nor a
/// property are ignored.
pub(crate) fn parse_ini(text: &str) -> HashMap<String, Properties> {
    let mut sections: HashMap<String, Properties> = HashMap::new();
    let mut current: Option<String> = None;
    // The last property key in the current section, and whether it started a sub-property block.
    let mut last_key: Option<(String, bool)> = None;

    for raw_line in text.lines() {
        let line = raw_line.trim_end_matches('\r');
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('[') {
            let Some(end) = rest.find(']') else {
                // Malformed header: ignore everything until the next valid one.
                current = None;
                last_key = None;
                continue;
            };
            let name = rest[..end].trim().to_string();
            sections.entry(name.clone()).or_default();
            current = Some(name);
            last_key = None;
            continue;
        }
        let Some(section) = current.as_ref() else {
            continue;
        };
        let indented = line.starts_with([' ', '\t']);
        if indented {
            if let Some((key, is_block)) = &last_key {
                if let Some(props) = sections.get_mut(section) {
                    if !*is_block {
                        let value = strip_inline_comment(trimmed);
                        if let Some(v) = props.get_mut(key) {
                            v.push('\n');
                            v.push_str(value);
                        }
                    } else if let Some((sub, value)) = trimmed.split_once('=') {
                        // A sub-property of a block (`s3 =` then `  endpoint_url = ...`),
                        // kept as `s3.endpoint_url`.
                        let sub = sub.trim().to_ascii_lowercase();
                        if !sub.is_empty() {
                            let value = strip_inline_comment(value.trim()).to_string();
                            props.insert(format!("{key}.{sub}"), value);
                        }
                    }
                }
                continue;
            }
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        if key.is_empty() {
            continue;
        }
        let value = strip_inline_comment(value.trim()).to_string();
        let is_block = value.is_empty();
        if let Some(props) = sections.get_mut(section) {
            props.insert(key.clone(), value);
        }
        last_key = Some((key, is_block));
    }
    sections
}

/// Removes an inline comment (`#` or `;` preceded by whitespace) and trailing whitespace.
fn strip_inline_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for i in 1..bytes.len() {
        if (bytes[i] == b'#' || bytes[i] == b';') && bytes[i - 1].is_ascii_whitespace() {
            return value[..i].trim_end();
        }
    }
    value
}

/// Which file a section map came from: profile sections are named differently in each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// `~/.aws/config`: `[profile NAME]`, plus `[default]` for the default profile.
    Config,
    /// `~/.aws/credentials`: `[NAME]`.
    Credentials,
}

/// The properties of a `[KIND NAME]` section of the config file (`sso-session`, `services`).
pub(crate) fn named_section<'a>(
    sections: &'a HashMap<String, Properties>,
    kind: &str,
    name: &str,
) -> Option<&'a Properties> {
    sections.iter().find_map(|(section, props)| {
        let rest = section.strip_prefix(kind)?;
        if !rest.starts_with([' ', '\t']) {
            return None;
        }
        (rest.trim() == name).then_some(props)
    })
}

/// Extracts the properties of profile `name` from a parsed file.
pub(crate) fn profile_section<'a>(
    sections: &'a HashMap<String, Properties>,
    kind: FileKind,
    name: &str,
) -> Option<&'a Properties> {
    match kind {
        FileKind::Credentials => sections.get(name),
        FileKind::Config => {
            let prefixed = sections.iter().find_map(|(section, props)| {
                let rest = section.strip_prefix("profile")?;
                // Require whitespace between `profile` and the name.
                if !rest.starts_with([' ', '\t']) {
                    return None;
                }
                (rest.trim() == name).then_some(props)
            });
            match prefixed {
                Some(p) => Some(p),
                None if name == "default" => sections.get("default"),
                None => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
# leading comment
stray = ignored

[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key=secret/with+chars==   # trailing comment
; another comment
region = us-west-2 ;inline

[profile dev]   # comment after header
Region=eu-west-1
s3 =
  max_concurrent_requests = 20
after = block
note = first
  second

[broken
aws_access_key_id = lost

[profile  spaced ]
region = ap-south-1
[profile\tdefault]
region = us-east-2
[profilex]
region = nope
";

    #[test]
    fn parses_sections_properties_and_comments() {
        let s = parse_ini(SAMPLE);
        let d = &s["default"];
        assert_eq!(d["aws_access_key_id"], "AKIDDEFAULT");
        assert_eq!(d["aws_secret_access_key"], "secret/with+chars==");
        assert_eq!(d["region"], "us-west-2");
        assert!(!d.contains_key("stray"));

        let dev = &s["profile dev"];
        assert_eq!(dev["region"], "eu-west-1");
        assert_eq!(dev["s3"], "");
        assert!(!dev.contains_key("max_concurrent_requests"));
        assert_eq!(dev["s3.max_concurrent_requests"], "20");
        assert_eq!(dev["after"], "block");
        assert_eq!(dev["note"], "first\nsecond");
        assert!(!s
            .values()
            .any(|p| p.get("aws_access_key_id").map(String::as_str) == Some("lost")));
    }

    #[test]
    fn config_and_credentials_profile_naming() {
        let s = parse_ini(SAMPLE);
        let get =
            |kind, name| profile_section(&s, kind, name).and_then(|p| p.get("region").cloned());
        assert_eq!(get(FileKind::Config, "dev").as_deref(), Some("eu-west-1"));
        assert_eq!(
            get(FileKind::Config, "spaced").as_deref(),
            Some("ap-south-1")
        );
        // `[profile default]` takes precedence over `[default]` in the config file.
        assert_eq!(
            get(FileKind::Config, "default").as_deref(),
            Some("us-east-2")
        );
        assert_eq!(get(FileKind::Config, "x"), None);
        assert_eq!(
            named_section(&s, "profile", "dev").unwrap()["after"],
            "block"
        );
        assert!(named_section(&s, "sso-session", "dev").is_none());
        assert_eq!(get(FileKind::Credentials, "dev"), None);
        assert_eq!(
            get(FileKind::Credentials, "default").as_deref(),
            Some("us-west-2")
        );
    }

    #[test]
    fn crlf_and_empty_input() {
        assert!(parse_ini("").is_empty());
        let s = parse_ini("[a]\r\nk = v\r\n");
        assert_eq!(s["a"]["k"], "v");
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for text in [
            "[",
            "]",
            "=",
            "[]\n=\n = x",
            "[a]\n\t\u{e9} = #;",
            "[a]\n  x = 1",
        ] {
            let _ = parse_ini(text);
        }
        assert_eq!(strip_inline_comment("a #b"), "a");
        assert_eq!(strip_inline_comment("a#b"), "a#b");
        assert_eq!(strip_inline_comment("#"), "#");
    }
}
