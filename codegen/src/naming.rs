//! Every Rust name the generator emits is decided here: heck for case, one escape table for
//! what Rust reserves.
//!
//! Must not: be bypassed: no other module makes a Rust name.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of every Rust edition (strict and reserved), usable as raw identifiers.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: they get a suffix instead.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Turns a snake_case word into a valid identifier: `type` → `r#type`, `self` → `self_`.
fn escape_snake(name: String) -> String {
    if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    }
}

/// The snake_case form of a name, before escaping.
pub fn snake(name: &str) -> String {
    let s = name.to_snake_case();
    if s.is_empty() {
        "value".to_string()
    } else {
        s
    }
}

/// A struct field name for a member: `clusterArn` → `cluster_arn`, `type` → `r#type`.
pub fn field_name(member: &str) -> String {
    escape_snake(snake(member))
}

/// Methods of builders and fluent builders that member setters must not shadow.
pub const BUILDER_METHODS: &[&str] = &[
    "build",
    "builder",
    "send",
    "as_input",
    "into_paginator",
    "into_items",
    "new",
    "wait",
    "waiter_delays",
];

/// Methods of the generated `Client` that operation methods must not shadow.
pub const CLIENT_METHODS: &[&str] = &["config", "from_conf", "new", "clone"];

/// A method name built from a member name, such as a setter; avoids the builder's own methods.
pub fn method_name(member: &str, reserved: &[&str]) -> String {
    let s = snake(member);
    if reserved.contains(&s.as_str()) {
        format!("{s}_value")
    } else {
        escape_snake(s)
    }
}

/// A prefixed method name (`set_type`, `get_self`, `is_throttling`): never needs escaping.
pub fn prefixed_method(prefix: &str, member: &str) -> String {
    format!("{prefix}_{}", snake(member))
}

/// A module or function name for an operation: `CopyClusterSnapshot` → `copy_cluster_snapshot`.
/// A module named `mod` would live in `mod.rs`, the file of its parent: it becomes `mod_`.
pub fn module_name(shape_name: &str) -> String {
    let s = snake(shape_name);
    if s == "mod" {
        return "mod_".to_string();
    }
    escape_snake(s)
}

/// A type name: `clusterSnapshot` → `ClusterSnapshot`; `Self` → `SelfValue`.
pub fn type_name(shape_name: &str) -> String {
    let s = shape_name.to_upper_camel_case();
    if s == "Self" {
        "SelfValue".to_string()
    } else if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{s}")
    } else {
        s
    }
}

/// An enum or union variant name. `Unknown` is kept for the generated catch-all variant.
pub fn variant_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let s = type_name(&cleaned);
    match s.as_str() {
        "Unknown" => "UnknownValue".to_string(),
        "V" => "Empty".to_string(),
        _ => s,
    }
}

/// The builder type of a structure: `ClusterSnapshot` → `ClusterSnapshotBuilder`.
pub fn builder_name(type_name: &str) -> String {
    format!("{type_name}Builder")
}

/// Operation-level type names.
pub fn operation_input(op: &str) -> String {
    format!("{}Input", type_name(op))
}

/// See [`operation_input`].
pub fn operation_output(op: &str) -> String {
    format!("{}Output", type_name(op))
}

/// See [`operation_input`].
pub fn operation_error(op: &str) -> String {
    format!("{}Error", type_name(op))
}

/// The fluent builder a client method returns.
pub fn fluent_builder(op: &str) -> String {
    format!("{}FluentBuilder", type_name(op))
}

/// The client method of a waiter: `TableExists` → `wait_until_table_exists`.
pub fn waiter_method(waiter: &str) -> String {
    format!("wait_until_{}", snake(waiter))
}

/// The builder alias of a waiter: `TableExists` → `WaitUntilTableExists`.
pub fn waiter_builder(waiter: &str) -> String {
    format!("WaitUntil{}", waiter.to_upper_camel_case())
}

/// The static describing a waiter: `TableExists` → `TABLE_EXISTS`.
pub fn waiter_static(waiter: &str) -> String {
    snake(waiter).to_uppercase()
}

/// Turns a service's SDK ID or name into a crate name: `DocDB Elastic` → `docdb-elastic`.
pub fn crate_name(sdk_id: &str) -> String {
    let lowered: String = sdk_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let parts: Vec<&str> = lowered.split('-').filter(|p| !p.is_empty()).collect();
    parts.join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_escape_every_keyword() {
        for kw in RAW_KEYWORDS {
            let name = field_name(kw);
            assert_eq!(name, format!("r#{kw}"));
            assert!(
                syn::parse_str::<syn::Ident>(&name).is_ok(),
                "{name} is not an identifier"
            );
        }
        for kw in ["self", "Self", "super", "crate"] {
            let name = field_name(kw);
            assert!(
                syn::parse_str::<syn::Ident>(&name).is_ok(),
                "{name} is not an identifier"
            );
        }
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("Self"), "self_");
    }

    #[test]
    fn case_conversion() {
        assert_eq!(field_name("snapshotArn"), "snapshot_arn");
        assert_eq!(
            field_name("camelCaseACRONYMName"),
            "camel_case_acronym_name"
        );
        assert_eq!(field_name("_leadingUnderscore"), "leading_underscore");
        assert_eq!(type_name("clusterSnapshot"), "ClusterSnapshot");
        assert_eq!(type_name("Self"), "SelfValue");
        assert_eq!(variant_name("a-b"), "AB");
        assert_eq!(variant_name("1st"), "V1st");
        assert_eq!(variant_name("Unknown"), "UnknownValue");
        assert_eq!(method_name("build", &["build"]), "build_value");
        assert_eq!(module_name("Match"), "r#match");
        // Renamed only where Rust requires it: `mod.rs` is the parent's file; the client's own
        // methods cannot be shadowed; std trait method names stay.
        assert_eq!(module_name("mod"), "mod_");
        assert_eq!(method_name("config", CLIENT_METHODS), "config_value");
        for kept in [
            "add",
            "next",
            "from_str",
            "default",
            "into_iter",
            "as_ref",
            "send",
        ] {
            assert_eq!(method_name(kept, CLIENT_METHODS), kept);
        }
        assert_eq!(crate_name("DocDB Elastic"), "docdb-elastic");
    }
}
