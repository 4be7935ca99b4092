//! The rules language's library functions that need no partition data: `substring`,
//! `uriEncode`, `parseURL`, `isValidHostLabel`, `split`, `aws.parseArn` and
//! `aws.isVirtualHostableS3Bucket`. Each takes plain Rust values and returns `None` where the
//! language says the result is unset; none panics on any input. Uses [`super::value`] only.

use std::collections::BTreeMap;

use super::value::Value;

/// `substring(input, start, stop, reverse)`: the ASCII characters `start..stop` of `input`
/// (counted from the end when `reverse`); unset when the input is not ASCII or the range is
/// empty or out of bounds.
pub fn substring(input: &str, start: i64, stop: i64, reverse: bool) -> Option<String> {
    if !input.is_ascii() || start < 0 || start >= stop {
        return None;
    }
    let len = input.len() as i64;
    if stop > len {
        return None;
    }
    let (from, to) = if reverse {
        (len - stop, len - start)
    } else {
        (start, stop)
    };
    input.get(from as usize..to as usize).map(str::to_owned)
}

/// `uriEncode(value)`: percent-encodes every byte but the unreserved characters
/// (`A-Z a-z 0-9 - _ . ~`), with upper-case hex digits.
pub fn uri_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
    out
}

/// `parseURL(value)`: the record `{scheme, authority, path, normalizedPath, isIp}` of an
/// `http` or `https` URL without a query string or fragment; unset for anything else.
pub fn parse_url(value: &str) -> Option<Value> {
    let (scheme, rest) = value.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    if rest.contains(['?', '#']) {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    if authority.is_empty() || authority.contains(['@', ' ']) {
        return None;
    }
    let host = host_of(authority)?;
    let is_ip = is_ipv4(host) || (host.starts_with('[') && host.ends_with(']'));
    let normalized = if path.is_empty() {
        "/".to_owned()
    } else if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    };
    let mut record = BTreeMap::new();
    record.insert("scheme".to_owned(), Value::from(scheme));
    record.insert("authority".to_owned(), Value::from(authority));
    record.insert("path".to_owned(), Value::from(path));
    record.insert("normalizedPath".to_owned(), Value::String(normalized));
    record.insert("isIp".to_owned(), Value::Bool(is_ip));
    Some(Value::Object(record))
}

/// The host of an authority (`host`, `host:port`, `[v6]`, `[v6]:port`), if the port is numeric.
fn host_of(authority: &str) -> Option<&str> {
    if authority.starts_with('[') {
        let end = authority.find(']')?;
        let (host, port) = authority.split_at(end + 1);
        return match port.strip_prefix(':') {
            None if port.is_empty() => Some(host),
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => Some(host),
            _ => None,
        };
    }
    match authority.split_once(':') {
        None => Some(authority),
        Some((host, port))
            if !host.is_empty() && !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) =>
        {
            Some(host)
        }
        Some(_) => None,
    }
}

/// Four dot-separated decimal numbers of at most three digits each.
fn is_ipv4(host: &str) -> bool {
    let mut parts = 0;
    for part in host.split('.') {
        parts += 1;
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    parts == 4
}

/// `isValidHostLabel(value, allowSubDomains)`: one DNS label of 1–63 letters, digits and
/// hyphens, not starting with a hyphen; with `allow_sub_domains`, dot-separated labels.
pub fn is_valid_host_label(value: &str, allow_sub_domains: bool) -> bool {
    if allow_sub_domains {
        value.split('.').all(is_one_host_label)
    } else {
        is_one_host_label(value)
    }
}

fn is_one_host_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes[0].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`: a bucket name that can be the
/// first label(s) of a host: each label 3–63 lower-case letters, digits and hyphens, starting
/// and ending with a letter or digit; dots only with `allow_sub_domains`; never an IPv4
/// address.
pub fn is_virtual_hostable_s3_bucket(value: &str, allow_sub_domains: bool) -> bool {
    if is_ipv4(value) {
        return false;
    }
    if allow_sub_domains {
        value.split('.').all(is_s3_label)
    } else {
        is_s3_label(value)
    }
}

fn is_s3_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    (3..=63).contains(&bytes.len())
        && is_lower_alnum(bytes[0])
        && is_lower_alnum(bytes[bytes.len() - 1])
        && bytes.iter().all(|&b| is_lower_alnum(b) || b == b'-')
}

fn is_lower_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// `split(value, delimiter, limit)`: the parts of `value` between occurrences of `delimiter`,
/// at most `limit` of them (the last keeps the rest) when `limit` is positive; unset for an
/// empty delimiter or a negative limit.
pub fn split(value: &str, delimiter: &str, limit: i64) -> Option<Value> {
    if delimiter.is_empty() || limit < 0 {
        return None;
    }
    let parts: Vec<Value> = if limit == 0 {
        value.split(delimiter).map(Value::from).collect()
    } else {
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        value.splitn(limit, delimiter).map(Value::from).collect()
    };
    Some(Value::Array(parts))
}

/// `aws.parseArn(value)`: `{partition, service, region, accountId, resourceId}` of
/// `arn:partition:service:region:account-id:resource`, `resourceId` being the resource split
/// at every `:` and `/`; unset unless partition, service and resource are non-empty.
pub fn parse_arn(value: &str) -> Option<Value> {
    let mut parts = value.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let partition = parts.next()?;
    let service = parts.next()?;
    let region = parts.next()?;
    let account = parts.next()?;
    let resource = parts.next()?;
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let resource_id = resource.split([':', '/']).map(Value::from).collect();
    let mut record = BTreeMap::new();
    record.insert("partition".to_owned(), Value::from(partition));
    record.insert("service".to_owned(), Value::from(service));
    record.insert("region".to_owned(), Value::from(region));
    record.insert("accountId".to_owned(), Value::from(account));
    record.insert("resourceId".to_owned(), Value::Array(resource_id));
    Some(Value::Object(record))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substring_counts_from_either_end() {
        assert_eq!(substring("abcdef", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abcdef", 0, 4, true).as_deref(), Some("cdef"));
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("abcd", 2, 2, false), None);
        assert_eq!(substring("ab\u{e9}cd", 0, 2, false), None);
    }

    #[test]
    fn parse_url_parts() {
        let url = parse_url("https://example.com:8443/a/b").unwrap();
        let url = url.as_object().unwrap();
        assert_eq!(url["authority"], Value::from("example.com:8443"));
        assert_eq!(url["normalizedPath"], Value::from("/a/b/"));
        assert_eq!(url["isIp"], Value::Bool(false));
        assert_eq!(parse_url("https://e.com?x=1"), None);
        assert_eq!(parse_url("ftp://e.com"), None);
        let ip = parse_url("http://[fe80::1]:80").unwrap();
        assert_eq!(ip.as_object().unwrap()["isIp"], Value::Bool(true));
    }

    #[test]
    fn arns_and_labels() {
        let arn = parse_arn("arn:aws:s3:us-east-2:012345678:outpost:op-1234").unwrap();
        assert_eq!(
            arn.as_object().unwrap()["resourceId"],
            Value::from(vec!["outpost".to_owned(), "op-1234".to_owned()])
        );
        assert_eq!(parse_arn("arn:aws::us-west-2:1:r"), None);
        assert!(is_valid_host_label("a.b", true));
        assert!(!is_valid_host_label("a.b", false));
        assert!(!is_valid_host_label("", false));
        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("My-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("192.168.0.1", true));
        assert_eq!(uri_encode("a b/ü"), "a%20b%2F%C3%BC");
    }
}
