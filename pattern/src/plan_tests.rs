//! Plans made from the tree: splits, counting, terminator handling.
use super::{OnTerminator, Part, Plan, Test};
use crate::parse::parse;

fn plan(src: &str) -> Plan {
    Plan::new(&parse(src).unwrap())
}

fn regex(part: &Part) -> (&str, &OnTerminator) {
    match &part.test {
        Test::Regex {
            regex,
            on_terminator,
        } => (regex, on_terminator),
        other => panic!("not a regex test: {other:?}"),
    }
}

fn single(src: &str) -> Part {
    let mut p = plan(src);
    assert_eq!(p.parts.len(), 1, "{src}: {p:?}");
    p.parts.remove(0)
}

#[test]
fn literals_are_escaped_and_dollar_is_the_end() {
    let p = single("a.b$");
    assert!(!p.negative);
    assert_eq!(
        regex(&p),
        (
            r"a[^\n\r\x{85}\x{2028}\x{2029}]b\z",
            &OnTerminator::Truncate
        )
    );
}

#[test]
fn terminator_handling_depends_on_the_dollars() {
    assert_eq!(regex(&single("ab")).1, &OnTerminator::Same);
    // Not the last item, two of them, not one alternative, `\z` or
    // lookaround besides: only the lookaround translation of `$` is right.
    for src in ["a$b", "a$$", "a$|b", r"a\z|$", r"(?=a)a$"] {
        let p = single(src);
        let OnTerminator::Regex(r) = regex(&p).1 else {
            panic!("{src}: {p:?}")
        };
        assert!(r.contains(r"(?=\r\n\z)"), "{src}: {r}");
    }
}

#[test]
fn leading_lookaheads_become_anchored_parts() {
    let p = plan("^(?!aws:)x*$");
    assert_eq!(p.parts.len(), 2);
    assert!(p.parts[0].negative && !p.parts[1].negative);
    assert_eq!(regex(&p.parts[0]).0, r"\A(?:aws\x{3A})");
    assert_eq!(
        regex(&p.parts[1]),
        (r"\A(?:(?:x)*\z)", &OnTerminator::Truncate)
    );
    // A positive lookahead that starts with `^` anchors the whole pattern.
    let p = plan(r"(?=^.{0,265}$)[a-z]+@");
    assert_eq!(p.parts.len(), 2);
    assert_eq!(
        p.parts[0].test,
        Test::Counted {
            all: r"\A(?:[^\n\r\x{85}\x{2028}\x{2029}])*\z".into(),
            min: 0,
            max: Some(265)
        }
    );
    assert_eq!(regex(&p.parts[1]).0, r"\A(?:(?:[a-z])+\x{40})");
}

#[test]
fn lookaheads_stay_whole_when_splitting_would_be_wrong() {
    for src in [
        "(?=a)b",        // could match anywhere
        "^(?=a)|b",      // two alternatives
        r"^(?=a\b)b",    // piece needs backtracking
        r"^(?=a)(?<=a)", // rest needs backtracking
        r"^(a)(?=\1)",   // back reference across pieces
        "(?s)^(?=a).",   // inline flags
        "^(?=a)*b",      // quantified lookahead
    ] {
        let p = single(src);
        assert!(regex(&p).0.contains("(?="), "{src}: {p:?}");
    }
}

#[test]
fn counted_one_character_atoms() {
    for (src, min, max) in [
        (r"^[\p{L}]{1,250}$", 1, Some(250)),
        ("^a+?$", 1, None),
        (r"^\d{4}$", 4, Some(4)),
    ] {
        let Test::Counted {
            min: lo, max: hi, ..
        } = single(src).test
        else {
            panic!("{src}")
        };
        assert_eq!((lo, hi), (min, max), "{src}");
    }
    // Possessive, a group, no `^`, `\A` instead of `^`, more items.
    for src in [
        "^a{2}+$", "^(a){2}$", "a{2}$", r"\Aa{2}$", "^a{2}b$", "^a{2}$|b",
    ] {
        assert!(matches!(single(src).test, Test::Regex { .. }), "{src}");
    }
}

#[test]
fn regexes_lists_every_regex_to_compile() {
    let p = plan(r"^(?!a)(?=^b{2}$)c$|");
    assert_eq!(p.parts.len(), 1, "two alternatives: no split");
    assert_eq!(p.regexes().count(), 2, "$ needs a terminator regex");
    let p = plan("^(?!a)(?=^b{2}$)c");
    assert_eq!(p.regexes().count(), 3);
}
