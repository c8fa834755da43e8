//! Unit tests of `Pattern` matching: `Matcher.find()`, Java's `$` on inputs
//! that end with a line terminator, split lookaheads, failing closed. What
//! each construct translates to is tested in `smithy-pattern`.
use crate::validate::{Pattern, check_pattern};

fn m(p: &'static str, s: &str) -> bool {
    Pattern::new(p).try_is_match(s).unwrap()
}

#[test]
fn not_anchored_like_find() {
    assert!(m("[0-9]", "abc1"));
    assert!(m("b", "abc"));
    assert!(!m("^b", "abc"));
    assert!(m("", ""));
}

#[test]
fn dot_and_dollar_follow_java() {
    for t in ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"] {
        assert!(!m("^a.b$", &format!("a{t}b")), "{t:?}");
        assert!(m("^a$", &format!("a{t}")), "{t:?}");
        assert!(!m("^a$", &format!("a{t}{t}")), "{t:?}");
        assert!(m("(?s)^a.b$", &format!("a{t}b")), "{t:?}");
    }
    assert!(m("^a$", "a\r\n"));
    assert!(!m(r"^a\z", "a\n"));
    assert!(m(r"^a\Z", "a\n"));
    assert!(m(r"^a$\n", "a\n"));
    assert!(m("(?m)^b$", "a\nb\nc"));
    assert!(!m("^b$", "a\nb\nc"));
}

#[test]
fn lookaround_patterns() {
    const EMAIL: &str = r"(?=^.{0,265}$)[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,63}";
    let p = Pattern::new(EMAIL);
    assert!(p.is_match("someone@example.com"));
    assert!(p.is_match("someone@example.com\n"));
    assert!(!p.is_match(&format!("{}@example.com", "a".repeat(260))));
    assert!(!p.is_match("not an email"));
    let tag = Pattern::new(r"^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$");
    assert!(tag.is_match("Cost Center"));
    assert!(tag.is_match("日本"));
    assert!(!tag.is_match("aws:x"));
    assert!(!tag.is_match("a\u{1}"));
    assert!(m(r"(?<=a)b", "ab") && !m(r"(?<!a)b", "ab"));
    assert!(m(r"^(a)\1$", "aa") && m(r"^(a)\10$", "aa0"));
}

#[test]
fn errors_are_reported() {
    for bad in [
        "[",
        "(",
        ")",
        "*a",
        "a**",
        "a{",
        "a{3,2}",
        "\\",
        "\\y",
        "[z-a]",
        r"\p{Nope}",
        r"\p{InGreek}",
        "(?i)a",
        r"\X",
    ] {
        let e = check_pattern(bad).unwrap_err();
        assert!(!e.is_empty(), "{bad}");
        let p = Pattern::new(Box::leak(bad.to_owned().into_boxed_str()));
        assert!(p.compile_error().is_some());
        assert!(!p.is_match("a"), "uncompilable patterns match nothing");
    }
    assert!(check_pattern(r"^\\+[1-9]\\d{1,14}$").is_ok());
}

#[test]
fn defective_model_patterns_are_taken_literally() {
    let phone = Pattern::new(r"^\\+[1-9]\\d{1,14}$");
    assert!(!phone.is_match("+14155550100"));
    assert!(phone.is_match("\\\\1\\d"));
    let password = Pattern::new(r"^/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[a-zA-Z\d\S]{8,64}$/$");
    assert!(!password.is_match("Password1"));
    assert!(!password.is_match("/Password1/"));
}
