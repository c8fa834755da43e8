//! What the printed regexes match, compiled with the engine the runtime
//! uses. Inputs here do not end with a line terminator unless the test is
//! about `$`, so the [`EndMode::EndOnly`] form is the whole story.

use smithy_pattern::{EndMode, build, check, parse, to_fancy};

fn compiled(src: &str, end: EndMode) -> fancy_regex::Regex {
    let ast = parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    build(&to_fancy(&ast.root, end)).unwrap_or_else(|e| panic!("{src}: {e}"))
}

/// Whether `src` matches somewhere in `s` (`Matcher.find()`).
fn finds(src: &str, s: &str) -> bool {
    compiled(src, EndMode::EndOnly).is_match(s).unwrap()
}

#[test]
fn shorthand_classes_are_ascii() {
    assert!(!finds(r"^\d$", "٣"));
    assert!(!finds(r"^\w$", "é"));
    assert!(!finds(r"^\s$", "\u{a0}"));
    assert!(finds(r"^\S$", "\u{a0}"));
    assert!(finds(r"^\h$", "\u{a0}") && !finds(r"^\H$", "\u{a0}"));
    assert!(finds(r"^\v$", "\u{2028}") && finds(r"^\V$", "a"));
    assert!(finds(r"^\p{L}$", "é"));
    assert!(!finds(r"^\p{Alpha}$", "é"));
    assert!(finds(r"^\p{IsAlphabetic}$", "é"));
    assert!(finds(r"^\P{IsAlphabetic}$", "1"));
    assert!(finds(r"^\p{Punct}+$", "!~"));
}

#[test]
fn word_boundary_is_ascii() {
    // ECMA-262 and Java 19+ (Java 17 also treats non-ASCII letters as word characters).
    assert!(finds(r"\bfoo\b", "a foo b"));
    assert!(!finds(r"\bfoo\b", "afoo"));
    assert!(finds(r"\bfoo\b", "éfooé"));
    assert!(finds(r"a\Bb", "ab"));
}

#[test]
fn dot_excludes_java_line_terminators() {
    for t in ['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'] {
        assert!(!finds("^a.b$", &format!("a{t}b")), "{t:?}");
        assert!(finds("(?s)^a.b$", &format!("a{t}b")), "{t:?}");
    }
    assert!(finds("^a.b$", "a\u{1}b"));
}

#[test]
fn dollar_before_a_final_terminator() {
    let re = compiled("^a$", EndMode::FinalTerminator);
    for t in ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}", "\r\n"] {
        assert!(re.is_match(&format!("a{t}")).unwrap(), "{t:?}");
        assert!(!re.is_match(&format!("a{t}{t}")).unwrap(), "{t:?}");
    }
    assert!(!re.is_match("a\n\r").unwrap());
    assert!(
        !compiled(r"^a\z", EndMode::FinalTerminator)
            .is_match("a\n")
            .unwrap()
    );
    assert!(
        compiled(r"^a\Z", EndMode::FinalTerminator)
            .is_match("a\n")
            .unwrap()
    );
    assert!(finds("(?m)^b$", "a\nb\nc"));
    assert!(finds("(?m)^b$", "a\r\nb\r\nc"));
    assert!(!finds("^b$", "a\nb\nc"));
    // No line starts between `\r` and `\n`, nor after a final terminator.
    assert!(!finds("(?m)^$", "a\r\nb"));
    assert!(!finds("(?m)\n^", "a\n"));
}

#[test]
fn classes_follow_java() {
    assert!(finds("^[a-z&&[^aeiou]]+$", "bcd"));
    assert!(!finds("^[a-z&&[^aeiou]]+$", "bad"));
    assert!(finds("^[a-z&&[b-y]&&[^c]]+$", "bd") && !finds("^[a-z&&[b-y]&&[^c]]$", "c"));
    assert!(finds("^[]a]+$", "]a"));
    assert!(finds("^[a-c[x-z]]+$", "axz"));
    // Java 9+: the negation covers the nested class too.
    assert!(!finds("^[^a-c[x-z]]$", "y"));
    assert!(finds("^[^a-c[x-z]]$", "m"));
    assert!(finds("^[^a&&[a-c]]$", "b") && !finds("^[^a-c&&[a-b]]$", "a"));
    assert!(finds(r"^[\p{Alpha}]+$", "Ab"));
    assert!(finds("^[+--]+$", "+,-"));
    assert!(finds(r"^[\^\]\-\\]+$", r"^]-\"));
}

#[test]
fn escapes_and_quoting() {
    assert!(finds(r"^\x41\u00e9\0101\x{1F600}$", "AéA😀"));
    assert!(finds(r"^\uD83D\uDE00$", "😀"));
    assert!(finds(r"^\Qa.b\E$", "a.b"));
    assert!(!finds(r"^\Qa.b\E$", "axb"));
    assert!(finds(r"^\\d$", "\\d"));
    assert!(finds(r"^\t\cA$", "\t\u{1}"));
    assert!(finds(r"^a\Rb$", "a\r\nb") && finds(r"^a\Rb$", "a\u{2028}b"));
}

#[test]
fn quantifiers_groups_and_references() {
    assert!(finds("^a{2,3}$", "aaa") && !finds("^a{2,3}$", "aaaa"));
    assert!(finds("^a{2}$", "aa") && !finds("^a{2}$", "a"));
    assert!(finds("^a{2,}$", "aaaaa"));
    assert!(finds("^a*?b$", "aab"));
    assert!(!finds("^a*+a$", "aaa"), "possessive gives nothing back");
    assert!(!finds("^(?>a*)a$", "aaa"));
    assert!(finds(r"(?<=a)b", "ab") && !finds(r"(?<!a)b", "ab"));
    assert!(finds(r"^(a)\1$", "aa") && finds(r"^(a)\10$", "aa0"));
    assert!(finds(r"^(?<x>a)\k<x>$", "aa"));
    assert!(
        !finds(r"^\2(a)$", "a"),
        "a reference to a later group fails"
    );
    assert!(finds("^(?:ab|c)+$", "abcab"));
}

/// `IsGraph` and `IsPrint` are left out: they are written with `\p{Cs}`,
/// which the engine rejects (no `char` is a surrogate), so today they are
/// compile errors, as `\p{Cs}` itself is.
#[test]
fn every_property_name_compiles() {
    let names = [
        "Lu",
        "L",
        "LC",
        "LD",
        "L1",
        "all",
        "ASCII",
        "Alnum",
        "Alpha",
        "Blank",
        "Cntrl",
        "Digit",
        "Graph",
        "Lower",
        "Print",
        "Punct",
        "Space",
        "Upper",
        "XDigit",
        "javaLowerCase",
        "javaUpperCase",
        "javaAlphabetic",
        "javaIdeographic",
        "javaTitleCase",
        "javaDigit",
        "javaLetter",
        "javaLetterOrDigit",
        "javaSpaceChar",
        "javaISOControl",
        "IsAlphabetic",
        "IsAssigned",
        "IsControl",
        "IsHexDigit",
        "IsHex_Digit",
        "IsIdeographic",
        "IsJoinControl",
        "IsLetter",
        "IsLowercase",
        "IsUppercase",
        "IsNoncharacterCodePoint",
        "IsTitlecase",
        "IsPunctuation",
        "IsWhiteSpace",
        "IsWord",
        "IsAlnum",
        "IsBlank",
        "IsDigit",
        "IsLatin",
        "sc=Greek",
        "script=Han",
        "gc=Lu",
        "general_category=LD",
        "IsLu",
    ];
    for name in names {
        for p in ["p", "P"] {
            let src = format!(r"\{p}{{{name}}}");
            check(&src).unwrap_or_else(|e| panic!("{src}: {e}"));
            check(&format!("[^{src}a]")).unwrap_or_else(|e| panic!("{src}: {e}"));
        }
    }
}

#[test]
fn check_also_reports_what_the_engine_rejects() {
    // Java accepts bounded lookbehind and has no script called Nope; both
    // parse, neither compiles.
    for src in [r"(?<=a+)b", r"\p{IsNope}", r"\p{Cs}"] {
        assert!(parse(src).is_ok(), "{src}");
        let e = check(src).unwrap_err();
        assert!(matches!(e, smithy_pattern::Error::Compile(_)), "{src}: {e}");
        assert!(
            e.to_string()
                .starts_with("cannot compile the translated pattern")
        );
    }
}
