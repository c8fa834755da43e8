//! Pathological patterns and long inputs must not take super-linear time.
//! Lookaround-free patterns (and patterns whose lookaheads sit at the start)
//! run on the linear engine; the rest run with a backtracking limit and fail
//! closed. Time bounds are deliberately generous (debug builds, busy CI).

use client_runtime::validate::Pattern;
use std::time::{Duration, Instant};

fn timed(p: &Pattern, s: &str) -> (Result<bool, String>, Duration) {
    let start = Instant::now();
    let r = p.try_is_match(s);
    (r, start.elapsed())
}

const LIMIT: Duration = Duration::from_secs(2);

#[test]
fn nested_quantifier_from_the_protocol_tests_is_linear() {
    // RestJsonMalformedPatternReDOSString.
    static EVIL: Pattern = Pattern::new("^([0-9]+)+$");
    let _ = EVIL.is_match(""); // compile outside the timing
    let small = format!("{}!", "0".repeat(10_000));
    let big = format!("{}!", "0".repeat(100_000));
    let (r_small, t_small) = timed(&EVIL, &small);
    let (r_big, t_big) = timed(&EVIL, &big);
    assert_eq!(r_small, Ok(false));
    assert_eq!(r_big, Ok(false));
    assert!(t_big < LIMIT, "100 KB took {t_big:?}");
    println!("10 KB: {t_small:?}, 100 KB: {t_big:?}");
    // With a final line terminator `$` may match before it: still linear.
    let (r, t) = timed(&EVIL, &format!("{}!\n", "0".repeat(100_000)));
    assert_eq!(r, Ok(false));
    assert!(t < LIMIT, "{t:?}");
    let (r, t) = timed(&EVIL, &format!("{}\n", "0".repeat(100_000)));
    assert_eq!(r, Ok(true));
    assert!(t < LIMIT, "{t:?}");
}

#[test]
fn leading_lookahead_patterns_stay_linear() {
    // Voice ID's domain id pattern: nested quantifiers after a lookahead.
    static P: Pattern = Pattern::new(r"^(?!d-)([\da-zA-Z]+)([-]*[\da-zA-Z])*$");
    let (r, t) = timed(&P, &format!("{}!", "0".repeat(100_000)));
    assert_eq!(r, Ok(false));
    assert!(t < LIMIT, "{t:?}");
    let (r, t) = timed(&P, &"ab-c".repeat(25_000));
    assert_eq!(r, Ok(true));
    assert!(t < LIMIT, "{t:?}");
    static TAG: Pattern = Pattern::new(r"^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$");
    let (r, t) = timed(&TAG, &"é".repeat(100_000));
    assert_eq!(r, Ok(true));
    assert!(t < LIMIT, "{t:?}");
}

#[test]
fn backtracking_patterns_fail_safely() {
    // A lookbehind in the middle needs the backtracking engine.
    static P: Pattern = Pattern::new(r"^(a|aa)+(?<=a)b$");
    let input = "a".repeat(100_000);
    let (r, t) = timed(&P, &input);
    assert!(t < LIMIT * 5, "{t:?}");
    // Either decided (false) or the step limit was hit; never `true`, and
    // `is_match` counts the undecided case as not matching.
    assert_ne!(r, Ok(true));
    assert!(!P.is_match(&input));
    assert!(P.is_match("aab"));
}

#[test]
fn long_inputs_on_model_like_patterns() {
    static UNICODE: Pattern = Pattern::new(r"^[\P{C}\r\n\t]{1,250}$");
    let (r, t) = timed(&UNICODE, &"😀".repeat(250));
    assert_eq!(r, Ok(true));
    assert!(t < LIMIT, "{t:?}");
    assert!(!UNICODE.is_match(&"😀".repeat(251)));
    static ASCII: Pattern = Pattern::new(r"^\p{ASCII}{0,8192}$");
    let (r, t) = timed(&ASCII, &"x".repeat(100_000));
    assert_eq!(r, Ok(false));
    assert!(t < LIMIT, "{t:?}");
}
