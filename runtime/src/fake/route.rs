//! Routing of HTTP-binding protocols: which operation a request is for, as
//! the Smithy HTTP binding spec matches `@http` URI patterns (method,
//! literal and label segments, one greedy label, literal query parts that
//! must be present).
//!
//! The table is static data the generator writes; matching is a loop over
//! it. Smithy's conflict rules leave at most one route per request in a
//! valid model, but a pattern with a label and one with a literal in the
//! same place can both match (`/things/{Id}` and `/things/new`): the more
//! specific one wins (more literal segments, then more literal query
//! parts, then no greedy label), as servers built from Smithy do.

/// One `/`-separated piece of a URI pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// Literal text, matched exactly (after percent-decoding the request).
    Literal(&'static str),
    /// `{Name}`: one non-empty segment.
    Label,
    /// `{Name+}`: one or more segments, `/` kept.
    Greedy,
}

/// An operation's `@http` method and URI pattern.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// `GET`, `POST`, ...
    pub method: &'static str,
    /// Path segments; empty for `/`.
    pub path: &'static [Segment],
    /// Literal query parts: a key with a value (`?x-id=Get`) or a key that
    /// must be present (`?flag`).
    pub query: &'static [(&'static str, Option<&'static str>)],
}

/// A matched request: the route's index in the table and its labels'
/// values, percent-decoded, in pattern order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Index into the table passed to [`find`].
    pub index: usize,
    /// Label values in the order the pattern names them.
    pub labels: Vec<String>,
}

/// Splits the query of a request into decoded `(key, value)` pairs; a key
/// without `=` has the value `""`. `None` when an escape is not valid
/// UTF-8.
pub fn parse_query(query: &str) -> Option<Vec<(String, String)>> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            Some((decode(k)?, decode(v)?))
        })
        .collect()
}

/// Percent-decodes one URI component; `None` when the result is not UTF-8.
pub fn decode(s: &str) -> Option<String> {
    percent_encoding::percent_decode_str(s).decode_utf8().ok().map(|c| c.into_owned())
}

/// The best route of `table` for `method`, `path` (the raw path, not
/// decoded) and `query` (decoded pairs); `None` when none matches.
pub fn find(table: &[Route], method: &str, path: &str, query: &[(String, String)]) -> Option<Match> {
    let raw: Vec<&str> = match path.strip_prefix('/').unwrap_or(path) {
        "" => Vec::new(),
        p => p.split('/').collect(),
    };
    let mut best: Option<((usize, usize, bool), Match)> = None;
    for (index, route) in table.iter().enumerate() {
        if !route.method.eq_ignore_ascii_case(method) {
            continue;
        }
        let Some(labels) = match_path(route.path, &raw) else {
            continue;
        };
        let query_ok = route.query.iter().all(|(k, v)| query.iter().any(|(qk, qv)| qk == k && v.is_none_or(|v| v == qv)));
        if !query_ok {
            continue;
        }
        let literals = route.path.iter().filter(|s| matches!(s, Segment::Literal(_))).count();
        let rank = (literals, route.query.len(), !route.path.contains(&Segment::Greedy));
        if best.as_ref().is_none_or(|(r, _)| rank > *r) {
            best = Some((rank, Match { index, labels }));
        }
    }
    best.map(|(_, m)| m)
}

/// Label values when `pattern` matches the raw path segments.
fn match_path(pattern: &[Segment], raw: &[&str]) -> Option<Vec<String>> {
    let mut labels = Vec::new();
    let mut i = 0;
    for (n, seg) in pattern.iter().enumerate() {
        match seg {
            Segment::Literal(l) => {
                if decode(raw.get(i)?)? != *l {
                    return None;
                }
                i += 1;
            }
            Segment::Label => {
                let v = decode(raw.get(i)?)?;
                if v.is_empty() {
                    return None;
                }
                labels.push(v);
                i += 1;
            }
            Segment::Greedy => {
                // The greedy label takes what the segments after it leave.
                let after = pattern.len() - n - 1;
                let end = raw.len().checked_sub(after)?;
                if end <= i {
                    return None;
                }
                let v = decode(&raw[i..end].join("/"))?;
                if v.is_empty() {
                    return None;
                }
                labels.push(v);
                i = end;
            }
        }
    }
    (i == raw.len()).then_some(labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &[Route] = &[
        Route { method: "GET", path: &[Segment::Literal("users"), Segment::Label, Segment::Label], query: &[] },
        Route { method: "GET", path: &[Segment::Literal("users"), Segment::Literal("me"), Segment::Label], query: &[] },
        Route { method: "PUT", path: &[Segment::Literal("files"), Segment::Greedy, Segment::Literal("meta")], query: &[] },
        Route { method: "PUT", path: &[Segment::Literal("files"), Segment::Greedy], query: &[] },
        Route { method: "POST", path: &[Segment::Literal("x")], query: &[("x-id", Some("Get"))] },
        Route { method: "POST", path: &[Segment::Literal("x")], query: &[("flag", None)] },
        Route { method: "GET", path: &[], query: &[] },
    ];

    fn route(method: &str, target: &str) -> Option<(usize, Vec<String>)> {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        find(TABLE, method, path, &parse_query(query).unwrap()).map(|m| (m.index, m.labels))
    }

    #[test]
    fn labels_are_decoded_and_the_literal_route_wins() {
        assert_eq!(route("GET", "/users/i-1/u%2F2"), Some((0, vec!["i-1".into(), "u/2".into()])));
        assert_eq!(route("GET", "/users/me/u"), Some((1, vec!["u".into()])));
        assert_eq!(route("get", "/users/a/b"), Some((0, vec!["a".into(), "b".into()])));
    }

    #[test]
    fn a_label_is_never_empty_and_segments_must_all_match() {
        assert_eq!(route("GET", "/users/a/"), None);
        assert_eq!(route("GET", "/users/a"), None);
        assert_eq!(route("GET", "/users/a/b/c"), None);
        assert_eq!(route("POST", "/users/a/b"), None);
    }

    #[test]
    fn greedy_labels_keep_slashes_and_leave_the_suffix() {
        assert_eq!(route("PUT", "/files/a/b/c"), Some((3, vec!["a/b/c".into()])));
        assert_eq!(route("PUT", "/files/a/b/meta"), Some((2, vec!["a/b".into()])));
        assert_eq!(route("PUT", "/files/meta"), Some((3, vec!["meta".into()])));
        assert_eq!(route("PUT", "/files"), None);
    }

    #[test]
    fn literal_query_parts_are_required() {
        assert_eq!(route("POST", "/x?x-id=Get"), Some((4, vec![])));
        assert_eq!(route("POST", "/x?x-id=Put"), None);
        assert_eq!(route("POST", "/x?flag&other=1"), Some((5, vec![])));
        assert_eq!(route("POST", "/x"), None);
    }

    #[test]
    fn the_root_pattern_matches_only_the_root() {
        assert_eq!(route("GET", "/"), Some((6, vec![])));
        assert_eq!(route("GET", "/users"), None);
    }

    #[test]
    fn query_pairs_are_decoded() {
        assert_eq!(parse_query("a=1&b&c=%20x+y&&"), Some(vec![("a".into(), "1".into()), ("b".into(), "".into()), ("c".into(), " x+y".into())]));
        assert_eq!(parse_query("a=%FF"), None);
    }
}
