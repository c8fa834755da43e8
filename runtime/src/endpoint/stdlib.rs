//! The rules engine library functions on plain Rust values, with the
//! semantics of the Smithy rules engine specification (standard library and
//! AWS extensions). The evaluator wraps them; each is usable and tested on
//! its own. `aws.partition` lives in [`partitions`](super::partitions).

use std::net::{Ipv4Addr, Ipv6Addr};

/// `substring(input, start, stop, reverse)`: the ASCII characters
/// `start..stop`, counted from the end when `reverse`. `None` when
/// `start >= stop`, when `stop` is past the end, or when `input` is not ASCII.
pub fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<&str> {
    if start >= stop || stop > input.len() || !input.is_ascii() {
        return None;
    }
    let (from, to) = if reverse { (input.len() - stop, input.len() - start) } else { (start, stop) };
    Some(&input[from..to])
}

/// `isValidHostLabel(value, allowSubDomains)`: an RFC 1123 host label (1 to 63
/// letters, digits and `-`, not starting with `-`); with `allow_sub_domains`,
/// one or more such labels separated by `.`.
pub fn is_valid_host_label(value: &str, allow_sub_domains: bool) -> bool {
    if allow_sub_domains {
        return value.split('.').all(|label| is_valid_host_label(label, false));
    }
    let bytes = value.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes[0].is_ascii_alphanumeric()
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// `uriEncode(value)`: RFC 3986 percent-encoding of everything but the
/// unreserved characters (`A-Z a-z 0-9 - . _ ~`), with upper-case hex digits.
pub fn uri_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

/// The result of [`parse_url`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url<'a> {
    /// `http` or `https`.
    pub scheme: &'a str,
    /// Host and port, e.g. `example.com:8443`.
    pub authority: &'a str,
    /// The path as written (`""` when there is none).
    pub path: &'a str,
    /// The path starting and ending with `/` (`/` when there is none).
    pub normalized_path: String,
    /// Whether the host is an IPv4 or (bracketed) IPv6 address.
    pub is_ip: bool,
}

/// `parseURL(value)`: splits an `http` or `https` URL. `None` when it has
/// another scheme or none, no host, a query or a fragment, or an authority
/// that is not a host with an optional port.
pub fn parse_url(value: &str) -> Option<Url<'_>> {
    let (scheme, rest) = value.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    if rest.contains(['?', '#']) {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    if authority.is_empty() || authority.contains('@') || authority.parse::<http::uri::Authority>().is_err() {
        return None;
    }
    let mut normalized_path = String::with_capacity(path.len() + 2);
    if !path.starts_with('/') {
        normalized_path.push('/');
    }
    normalized_path.push_str(path);
    if !normalized_path.ends_with('/') {
        normalized_path.push('/');
    }
    Some(Url { scheme, authority, path, normalized_path, is_ip: host_is_ip(authority) })
}

/// Whether the host of `authority` (`host[:port]`) is an IP address.
fn host_is_ip(authority: &str) -> bool {
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split_once(']').is_some_and(|(v6, _)| v6.parse::<Ipv6Addr>().is_ok());
    }
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    host.parse::<Ipv4Addr>().is_ok()
}

/// The result of [`parse_arn`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn<'a> {
    /// `aws`, `aws-cn`, ...
    pub partition: &'a str,
    /// The service namespace, e.g. `dynamodb`.
    pub service: &'a str,
    /// The region (may be empty).
    pub region: &'a str,
    /// The account id (may be empty).
    pub account_id: &'a str,
    /// The resource part split at every `:` and `/`.
    pub resource_id: Vec<&'a str>,
}

/// `aws.parseArn(value)`: `arn:partition:service:region:account:resource`.
/// `None` unless it starts with `arn` and has a partition, a service and a
/// resource; region and account may be empty.
pub fn parse_arn(value: &str) -> Option<Arn<'_>> {
    let mut parts = value.splitn(6, ':');
    let (arn, partition, service, region, account_id, resource) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if arn != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let resource_id = resource.split([':', '/']).collect();
    Some(Arn { partition, service, region, account_id, resource_id })
}

/// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`: a host label of 3
/// to 63 characters, all lower case, that is not an IP address; with
/// `allow_sub_domains`, each `.`-separated label must be one.
pub fn is_virtual_hostable_s3_bucket(value: &str, allow_sub_domains: bool) -> bool {
    if allow_sub_domains {
        // Labels like `192.168.100.200` are each fine; the whole is an address.
        return value.parse::<Ipv4Addr>().is_err()
            && value.split('.').all(|label| is_virtual_hostable_s3_bucket(label, false));
    }
    is_valid_host_label(value, false)
        && (3..=63).contains(&value.len())
        && !value.bytes().any(|b| b.is_ascii_uppercase())
        && value.parse::<Ipv4Addr>().is_err()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substring_counts_from_either_end_and_refuses_what_the_spec_refuses() {
        assert_eq!(substring("abcdefg", 0, 4, false), Some("abcd"));
        assert_eq!(substring("abcdefg", 0, 4, true), Some("defg"));
        assert_eq!(substring("abcdefg", 1, 3, true), Some("ef"));
        assert_eq!(substring("abcdefg", 0, 7, false), Some("abcdefg"));
        assert_eq!(substring("abcdefg", 0, 8, false), None, "stop past the end");
        assert_eq!(substring("abcdefg", 4, 4, false), None, "empty range");
        assert_eq!(substring("abcdefg", 5, 2, false), None, "start after stop");
        assert_eq!(substring("abc\u{e9}defg", 0, 2, false), None, "non-ASCII input");
    }

    #[test]
    fn host_labels_with_and_without_sub_domains() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(is_valid_host_label("a", false));
        assert!(is_valid_host_label(&"a".repeat(63), false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("-abc", false));
        assert!(!is_valid_host_label("a_b", false));
        assert!(!is_valid_host_label("foo.bar", false));
        assert!(is_valid_host_label("foo.bar", true));
        assert!(is_valid_host_label("us-east-1", true));
        assert!(!is_valid_host_label("foo..bar", true));
        assert!(!is_valid_host_label("foo.-bar", true));
        assert!(!is_valid_host_label("foo.", true));
        assert!(!is_valid_host_label("", true));
    }

    #[test]
    fn uri_encode_keeps_only_unreserved_characters() {
        assert_eq!(uri_encode("abcXYZ019-._~"), "abcXYZ019-._~");
        assert_eq!(uri_encode("a b/c?d=e&f:g"), "a%20b%2Fc%3Fd%3De%26f%3Ag");
        assert_eq!(uri_encode("\u{e9}"), "%C3%A9");
        assert_eq!(uri_encode(""), "");
    }

    #[test]
    fn parse_url_splits_and_normalizes() {
        let u = parse_url("https://example.com").unwrap();
        assert_eq!(
            (u.scheme, u.authority, u.path, u.normalized_path.as_str(), u.is_ip),
            ("https", "example.com", "", "/", false)
        );
        let u = parse_url("http://example.com:8080/foo/bar").unwrap();
        assert_eq!(
            (u.scheme, u.authority, u.path, u.normalized_path.as_str()),
            ("http", "example.com:8080", "/foo/bar", "/foo/bar/")
        );
        let u = parse_url("https://example.com/").unwrap();
        assert_eq!((u.path, u.normalized_path.as_str()), ("/", "/"));
        assert!(parse_url("http://192.168.1.1:8080/x").unwrap().is_ip);
        assert!(parse_url("https://[fe80::1]:443").unwrap().is_ip);
        assert!(!parse_url("https://192.168.1.1.example.com").unwrap().is_ip);
        assert_eq!(parse_url("https://example.com?foo=bar"), None, "a query");
        assert_eq!(parse_url("https://example.com/#x"), None, "a fragment");
        assert_eq!(parse_url("example.com"), None, "no scheme");
        assert_eq!(parse_url("ftp://example.com"), None, "another scheme");
        assert_eq!(parse_url("https://"), None, "no host");
        assert_eq!(parse_url("https://exa mple.com"), None, "not an authority");
    }

    #[test]
    fn parse_arn_fields_and_refusals() {
        let a = parse_arn("arn:aws:dynamodb:us-east-1:123456789012:table/users/index:x").unwrap();
        assert_eq!((a.partition, a.service, a.region, a.account_id), ("aws", "dynamodb", "us-east-1", "123456789012"));
        assert_eq!(a.resource_id, ["table", "users", "index", "x"]);
        let a = parse_arn("arn:aws:s3:::bucket").unwrap();
        assert_eq!((a.region, a.account_id, a.resource_id.as_slice()), ("", "", ["bucket"].as_slice()));
        assert_eq!(parse_arn("arn:aws:s3:::"), None, "no resource");
        assert_eq!(parse_arn("arn::s3:::b"), None, "no partition");
        assert_eq!(parse_arn("arn:aws::::b"), None, "no service");
        assert_eq!(parse_arn("urn:aws:s3:::b"), None, "not an ARN");
        assert_eq!(parse_arn("arn:aws:s3:us-east-1"), None, "too few parts");
    }

    #[test]
    fn virtual_hostable_buckets() {
        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(is_virtual_hostable_s3_bucket("abc", false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false), "too short");
        assert!(!is_virtual_hostable_s3_bucket(&"a".repeat(64), false), "too long");
        assert!(!is_virtual_hostable_s3_bucket("My-Bucket", false), "upper case");
        assert!(!is_virtual_hostable_s3_bucket("my.bucket", false), "dots need allowSubDomains");
        assert!(is_virtual_hostable_s3_bucket("abc.bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("my.b", true), "each label 3 or more");
        assert!(!is_virtual_hostable_s3_bucket("192.168.100.200", true), "an IP address");
        assert!(!is_virtual_hostable_s3_bucket("-bucket", false));
    }
}
