//! Differential test of `client_runtime::validate::Pattern` against
//! `java.util.regex` (`Matcher.find()`), the Smithy reference semantics.
//!
//! Patterns: every distinct `smithy.api#pattern` in the reference models
//! (`$SMITHY_MODELS_DIR`, default `<workspace>/../shared/models`, plus the
//! protocol tests), in the project's own `model/*.json` when present, and a
//! hand-written list of tricky constructs. Values: a fixed corpus (Unicode,
//! astral emoji, combining marks, line terminators, empty, long), strings
//! generated to match each pattern (`pattern_oracle/generate.rs`, which
//! reads Java syntax, plus proptest's generator where it applies), and
//! mutations of those (near misses).
//! Java runs `runtime/tests/pattern_oracle/PatternOracle.java`, compiled with
//! `javac` into a temporary directory. Without a JDK or the models the test
//! is skipped, or fails under CI (see the `oracle` crate).
//!
//! The test fails on any disagreement, and also when a pattern could not be
//! compared: Java accepts a pattern we reject or the reverse, Java gives an
//! answer other than a verdict, the oracle's output does not line up with
//! its input, or a model pattern gets no value that Java matches (so only
//! rejections would have been compared). `PATTERN_ORACLE_VERBOSE=1` prints
//! Java's answer and the value counts for every pattern.

#[path = "pattern_oracle/generate.rs"]
mod generate;

use client_runtime::validate::{Pattern, check_pattern};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn collect_patterns(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("smithy.api#pattern", serde_json::Value::String(p)) => {
                        out.insert(p.clone());
                    }
                    _ => collect_patterns(v, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| collect_patterns(v, out)),
        _ => {}
    }
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    files
}

/// Constructs the model patterns do not cover. Only ones whose meaning is the
/// same in every Java version since 9 (so no `\b`, see the unit tests).
const SYNTHETIC: &[&str] = &[
    r"[a-z&&[^aeiou]]+",
    r"^[a-z&&[^aeiou]]+$",
    r"^[\w&&[^\d]]+$",
    r"^[a-c[x-z]]+$",
    r"^[^a-c[x-z]]+$",
    r"^[]a]+$",
    r"^[^]a]+$",
    r"^[+--]+$",
    r"^[a-]+$",
    r"^[-a]+$",
    r"^[\[\]]+$",
    r"^[&a]+$",
    r"^[a&&]+$",
    r"\Qa.b\E",
    r"^\Q(x)\E$",
    r"a.c",
    r"^.$",
    r"^.*$",
    r"(?s)^.*$",
    r"(?s:a.c)",
    r"a$",
    r"^a\Z",
    r"^a\z",
    r"a$\n",
    r"a$\s",
    r"(?m)^b$",
    r"(?m)^$",
    r"(?m)a$",
    r"(?m:^c)",
    r"^\x41\u00e9\0101\x{1F600}$",
    r"\uD83D\uDE00",
    r"^\p{Alpha}+$",
    r"^\p{Punct}+$",
    r"^\p{IsAlphabetic}+$",
    r"^\p{IsLatin}+$",
    r"^\p{script=Latin}+$",
    r"^\p{IsL}+$",
    r"^\p{Lu}",
    r"^\pL+$",
    r"^\p{L}\p{M}*$",
    r"^\P{C}*$",
    r"\p{C}",
    r"^\p{javaLowerCase}+$",
    r"^\p{IsWhite_Space}+$",
    r"^\p{Space}+$",
    r"^\p{Print}*$",
    r"^\p{LD}+$",
    r"^\p{IsPunctuation}+$",
    r"^\h+$",
    r"^\v+$",
    r"^\V+$",
    r"^\R$",
    r"^\s+$",
    r"^\S+$",
    r"^\d+$",
    r"^\w+$",
    r"^\W+$",
    r"^\D+$",
    r"^[\s\S]*$",
    r"a++a",
    r"^(?>a+)b",
    r"^(a)\1$",
    r"^(a)\10$",
    r"^(?<n>x)\k<n>$",
    r"^x{2,3}?$",
    r"^x{2,}$",
    r"^x{2}$",
    r"a|",
    r"()",
    r"(?<=a)b",
    r"(?<!a)b",
    r"(?=.*\d)(?=.*[a-z]).{8,}",
    r"^(?!.*(.).*\1)[a-z]+$",
    r"^\t\n\r\f\a\e\cA$",
    r"^[\t-\r]+$",
    r"^\.\*\+\?\(\)\{\}\|\^\$\/$",
    r"}",
    r"]",
    r"^(a|b)*?c$",
    r"^[\x{0}-\x{7F}]*$",
    r"^\x{10FFFF}?$",
    r"\\d",
    r"(?=^.{0,265}$)[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,63}",
    r"^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[a-zA-Z\d\S]{8,64}$",
    r"^(?!aws:)(?!.*\n)[a-z:]*$",
    r"(?=^a$)a",
    r"(?=a$)a",
    r"(?!a)[a-z]+$",
    r"^(?=[a-z]+\Z).*",
    r"^(?=[a-z]+\z).*",
    r"^(?!x)[a-z]$\s*",
    r"^a$|^b$",
    r"^[a-z]+$\Z",
    // Rejected by Java; must be rejected here too.
    r"[",
    r"[]",
    r"(",
    r")",
    r"*a",
    r"a**",
    r"a{",
    r"a{x}",
    r"a{3,2}",
    r"\",
    r"\y",
    r"\0",
    r"\x4",
    r"[z-a]",
    r"[a-\d]",
    r"\p{Nope}",
    r"\p{IsNope}",
    r"(?<1a>x)",
    r"\k<missing>",
    r"[\1]",
];

/// Model patterns that no string matches (in Java too), so the test cannot
/// demand a matching value for them.
const NEVER_MATCHES: &[&str] = &[
    // A JavaScript-style `/.../` literal: the second `^` (no MULTILINE) can
    // only match at offset 0, which the `/` before it has already passed.
    r"^/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[a-zA-Z\d\S]{8,64}$/$",
];

/// Strings that every pattern is tried against.
fn corpus() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        "a",
        "b",
        "c",
        "x",
        "xx",
        "xxx",
        "abc",
        "ABC",
        "aB3",
        "Ab",
        "0",
        "123",
        "12:30",
        "7:05",
        "24:00",
        "+14155550100",
        "14155550100",
        "\\+14155550100",
        "\\+1\\d",
        "user@example.com",
        "a@b",
        "a@b.c",
        "user@@example.com",
        "aws:tag",
        "AWS:tag",
        "team",
        "cost-center",
        "k=v/x:y@z+w_1.2",
        "d-1234567890",
        "d-12345",
        "d--ab",
        "12345678-1234-1234-1234-123456789012",
        "abcdef01-2345-6789-abcd-ef0123456789",
        "arn:aws:connect:us-west-2:123456789012:instance/abcdef01-2345-6789-abcd-ef0123456789",
        "arn:aws:iam::123456789012:role/Role",
        "arn:aws:kms:us-east-1:123456789012:key/x",
        "arn:aws:wisdom:us-east-1:123456789012:knowledge-base/abcdef01-2345-6789-abcd-ef0123456789",
        "s3://bucket/key",
        "https://bucket.s3.region.amazonaws.com/key",
        "http://x",
        "s3://ab",
        "text/plain",
        "text/csv",
        "application/pdf",
        "application/x.wisdom-json;source=zendesk",
        "application/x.quickresponse;format=plain",
        "id#abcdefghij0123456789AB",
        "aws.partner/x",
        "Password1",
        "aB3$xyz!Q",
        "/^Password1$/",
        "us-east-1",
        "eu-central-1",
        " lead",
        "trail ",
        " both ",
        "a b",
        "a\tb",
        "a,b",
        "a.b",
        "a\\b",
        "a]b",
        "a[b",
        "~/x",
        "\n",
        "a\n",
        "a\r",
        "a\r\n",
        "a\n\n",
        "\r\n",
        "a\u{85}",
        "a\u{2028}",
        "a\u{2029}",
        "a\nb",
        "b\na",
        "a\rb",
        "\u{b}",
        "\u{c}",
        "\t",
        "\u{0}",
        "\u{7f}",
        "\u{a0}",
        "\u{2003}",
        "\u{3000}",
        "é",
        "e\u{301}",
        "\u{301}",
        "Ω",
        "ß",
        "Straße",
        "日本語",
        "한국어",
        "עברית",
        "مرحبا",
        "😀",
        "👍🏽",
        "a😀b",
        "\u{1F600}\u{1F600}",
        "𝐀",
        "\u{378}",
        "\u{e000}",
        "\u{fffe}",
        "\u{200d}",
        "\u{feff}",
        "x\u{10FFFF}",
        "٣",
        "Ⅻ",
        "½",
        "_",
        "-",
        "--",
        "+",
        "+-=",
        "=",
        "!",
        "\"",
        "#",
        "$",
        "%",
        "&",
        "'",
        "(",
        ")",
        "*",
        "/",
        ":",
        ";",
        "<",
        "?",
        "@",
        "^",
        "`",
        "{",
        "|",
        "}",
        "~",
        "aeiou",
        "bcdfg",
        "xyz",
        "a.c",
        "abc\n",
        "aa",
        "aaa",
        "aab",
        "ab",
        "ba",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
        "xa",
        "ax",
        "AB",
        "Ab1",
        "A",
        "Aa",
        "aA1!aA1!",
        "0000000000000000000000000000000000000000!",
        "00000000000000000000000000000000",
        "12345",
        "1234567890123",
        "2024-01-31",
        "2024-1-31",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("x".repeat(300));
    v.push("a".repeat(9000));
    v.push(format!("{}!", "0".repeat(5000)));
    v.push("😀".repeat(256));
    v.push("é".repeat(128));
    v.push(format!("{}\n", "a".repeat(200)));
    v
}

/// Characters the oracle may see: those whose Unicode data is the same in
/// Java 17 (Unicode 13) and the `regex` crate (Unicode 15/16): everything
/// below U+0500, and the listed characters (all from Unicode 3.1 or
/// earlier, unchanged since; U+10FFFF and U+0378 are unassigned in both).
/// Characters assigned or recategorised after Unicode 13 are a documented
/// divergence, and are not generated.
fn old_unicode(s: &str) -> bool {
    const OLD: &str = "😀👍🏽日本語한국어עברית مرحبا٣Ⅻ𝐀\u{2003}\u{3000}\u{2028}\u{2029}\u{200d}\u{feff}\u{e000}\u{fffe}\u{10FFFF}";
    s.chars().all(|c| (c as u32) < 0x0500 || OLD.contains(c))
}

/// A stable seed per pattern, so values do not depend on pattern order.
fn seed(p: &str) -> u64 {
    p.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Up to `n` strings generated to match `pattern` (read as Rust syntax,
/// which is close enough to produce candidates; Java decides).
fn generated(pattern: &str, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    // proptest panics on a few constructs (empty alternatives); those
    // patterns just get no generated values.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let strategy = std::panic::catch_unwind(|| proptest::string::string_regex(pattern).ok());
    std::panic::set_hook(hook);
    let Ok(Some(strategy)) = strategy else {
        return out;
    };
    let mut runner = TestRunner::deterministic();
    for _ in 0..(n * 8) {
        if out.len() >= n {
            break;
        }
        if let Ok(tree) = strategy.new_tree(&mut runner) {
            let s = tree.current();
            if old_unicode(&s) && s.chars().count() <= 2000 {
                out.push(s);
            }
        }
    }
    out
}

fn mutations(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut v = vec![
        format!("{s}\n"),
        format!("{s}\r\n"),
        format!("{s}!"),
        format!("x{s}"),
        format!(" {s}"),
        s.repeat(3),
        s.to_uppercase(),
        s.to_lowercase(),
    ];
    if !chars.is_empty() {
        v.push(chars[1..].iter().collect());
        v.push(chars[..chars.len() - 1].iter().collect());
        let mid = chars.len() / 2;
        let mut m = chars.clone();
        m.insert(mid, '😀');
        v.push(m.iter().collect());
        let mut m = chars.clone();
        m[mid] = if m[mid] == 'a' { '\n' } else { 'a' };
        v.push(m.iter().collect());
    }
    v
}

fn hex(s: &str) -> String {
    s.bytes()
        .fold(String::with_capacity(s.len() * 2), |mut h, b| {
            let _ = write!(h, "{b:02x}");
            h
        })
}

/// What Java said about one pattern.
#[derive(Debug, PartialEq)]
enum JavaCompile {
    Ok,
    Rejected(String),
}

/// Per-pattern tallies, for the summary and the coverage checks.
#[derive(Default)]
struct Tally {
    values: usize,
    java_matches: usize,
    java_misses: usize,
    timeouts: usize,
}

#[test]
fn patterns_agree_with_java() {
    const JDK: &str = "a JDK is needed for the java.util.regex oracle";
    let Some(()) = oracle::require(oracle::program(&["javac", "-version"], JDK)) else { return };
    let Some(()) = oracle::require(oracle::program(&["java", "-version"], JDK)) else { return };
    let Some(models) = oracle::require(oracle::models(&workspace_root())) else { return };
    let verbose = std::env::var_os("PATTERN_ORACLE_VERBOSE").is_some_and(|v| v != "0");
    let mut model_patterns = BTreeSet::new();
    let mut files = json_files(&models);
    files.extend(json_files(&models.join("protocol-tests")));
    files.extend(json_files(&workspace_root().join("model")));
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        collect_patterns(&json, &mut model_patterns);
    }
    assert!(
        model_patterns.len() > 50,
        "only {} model patterns found",
        model_patterns.len()
    );

    let mut patterns: Vec<(String, bool)> =
        model_patterns.iter().map(|p| (p.clone(), true)).collect();
    patterns.extend(
        SYNTHETIC
            .iter()
            .filter(|p| !model_patterns.contains(**p))
            .map(|p| (p.to_string(), false)),
    );

    // Anything that keeps a pattern or value from being compared is a
    // failure too, not just a disagreement.
    let mut failures = Vec::new();

    // Build the oracle input.
    let corpus = corpus();
    let mut generator = generate::Generator::default();
    let mut input = String::new();
    let mut cases: Vec<Vec<String>> = Vec::new();
    for (p, from_model) in &patterns {
        let mut values: BTreeSet<String> = corpus.iter().cloned().collect();
        let mut candidates = match generator.values(p, 24, seed(p)) {
            Ok(v) => v,
            // Java syntax errors are expected for the rejected hand-written
            // patterns; a model pattern must be understood.
            Err(e) if *from_model => {
                failures.push(format!(
                    "model pattern {p:?}: the value generator cannot read it ({e}); extend pattern_oracle/generate.rs"
                ));
                Vec::new()
            }
            Err(_) => Vec::new(),
        };
        candidates.extend(generated(p, 12));
        for g in candidates {
            values.extend(mutations(&g));
            values.insert(g);
        }
        let values: Vec<String> = values.into_iter().filter(|v| old_unicode(v)).collect();
        let _ = writeln!(input, "P {}", hex(p));
        for v in &values {
            let _ = writeln!(input, "V {}", hex(v));
        }
        cases.push(values);
    }

    let dir = std::env::temp_dir().join(format!("pattern-oracle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let java_src =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pattern_oracle/PatternOracle.java");
    let status = Command::new("javac")
        .arg("-d")
        .arg(&dir)
        .arg(&java_src)
        .status()
        .unwrap();
    assert!(status.success(), "javac failed");
    let input_file = dir.join("input.txt");
    std::fs::write(&input_file, &input).unwrap();
    let output = Command::new("java")
        .arg("-Xss64m")
        .arg("-cp")
        .arg(&dir)
        .arg("PatternOracle")
        .arg(&input_file)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output.status.success(),
        "java failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("oracle output is not UTF-8");
    let mut lines = stdout.lines();

    let mut disagreements = 0usize;
    let mut compared = 0usize;
    let mut timeouts = Vec::new();
    let (mut model_compared, mut hand_compared, mut hand_rejected) = (0usize, 0usize, 0usize);
    let mut model_value_counts = Vec::new();
    'patterns: for ((src, from_model), values) in patterns.iter().zip(cases) {
        let kind = if *from_model { "model" } else { "hand-written" };
        let Some(answer) = lines.next() else {
            failures.push(format!(
                "oracle output ended early, at {kind} pattern {src:?}"
            ));
            break;
        };
        let java = match answer {
            "OK" => JavaCompile::Ok,
            a if a.starts_with("ERR ") => JavaCompile::Rejected(a[4..].to_string()),
            other => {
                failures.push(format!(
                    "{kind} pattern {src:?} not compared: Java answered {other:?} instead of OK or ERR"
                ));
                JavaCompile::Rejected(other.to_string())
            }
        };
        let ours = check_pattern(src);
        let both = match (&java, &ours) {
            (JavaCompile::Ok, Ok(())) => true,
            (JavaCompile::Rejected(_), Err(_)) => {
                if !*from_model {
                    hand_rejected += 1;
                }
                false
            }
            (JavaCompile::Rejected(j), Ok(())) => {
                failures.push(format!(
                    "{kind} pattern {src:?}: Java rejects it ({j}), we accept it"
                ));
                false
            }
            (JavaCompile::Ok, Err(e)) => {
                failures.push(format!(
                    "{kind} pattern {src:?}: Java accepts it, we reject it ({e})"
                ));
                false
            }
        };
        // A leaked 'static is fine in a test: `Pattern::new` takes one.
        let pattern = Pattern::new(Box::leak(src.clone().into_boxed_str()));
        let mut tally = Tally::default();
        for v in values {
            let Some(line) = lines.next() else {
                failures.push(format!(
                    "oracle output ended early, at {kind} pattern {src:?}"
                ));
                break 'patterns;
            };
            if !both {
                continue;
            }
            let java_match = match line {
                "1" => true,
                "0" => false,
                "T" => {
                    tally.timeouts += 1;
                    timeouts.push(format!("{src:?} on {} chars", v.chars().count()));
                    continue;
                }
                other => {
                    failures.push(format!(
                        "{kind} pattern {src:?} value {v:?} not compared: Java answered {other:?}"
                    ));
                    continue;
                }
            };
            compared += 1;
            tally.values += 1;
            if java_match {
                tally.java_matches += 1;
            } else {
                tally.java_misses += 1;
            }
            let our_match = pattern.try_is_match(&v);
            if our_match != Ok(java_match) {
                disagreements += 1;
                failures.push(format!(
                    "{kind} pattern {src:?} value {v:?}: Java {java_match}, ours {our_match:?}"
                ));
            }
        }
        if verbose {
            println!(
                "{kind:12} Java {answer:?}, ours {:?}: {} values compared, {} matched by Java, {} timeouts: {src:?}",
                ours.as_ref().map(|_| "OK"),
                tally.values,
                tally.java_matches,
                tally.timeouts,
            );
        }
        if !both {
            continue;
        }
        if *from_model {
            model_compared += 1;
            model_value_counts.push(tally.values);
            let never = NEVER_MATCHES.contains(&src.as_str());
            if tally.java_matches == 0 && !never {
                failures.push(format!(
                    "model pattern {src:?}: none of its {} values matches in Java, so only rejections were compared; \
                     extend the generator or the corpus",
                    tally.values
                ));
            }
            if tally.java_matches > 0 && never {
                failures.push(format!(
                    "model pattern {src:?} is listed in NEVER_MATCHES but Java matched {} values",
                    tally.java_matches
                ));
            }
        } else {
            hand_compared += 1;
        }
    }
    if let Some(extra) = lines.next() {
        failures.push(format!(
            "oracle output has more lines than input (next: {extra:?}); answers are misaligned"
        ));
    }

    model_value_counts.sort_unstable();
    let hand_total = patterns.len() - model_patterns.len();
    println!(
        "model patterns: {} ({model_compared} compared value by value, {} to {} values each); \
         hand-written patterns: {hand_total} ({hand_compared} compared value by value, {hand_rejected} rejected by both); \
         values compared: {compared}; Java timeouts (not compared): {}; disagreements: {disagreements}",
        model_patterns.len(),
        model_value_counts.first().unwrap_or(&0),
        model_value_counts.last().unwrap_or(&0),
        timeouts.len(),
    );
    for t in &timeouts {
        println!("Java backtracked too long (value not compared): {t}");
    }
    assert!(
        failures.is_empty(),
        "{} failures ({disagreements} disagreements):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
