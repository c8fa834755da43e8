//! Java's `\p{..}` names (`Pattern.family` / `CharPredicates`) as classes
//! in `fancy-regex` syntax.

const CATEGORIES: &[&str] = &[
    "Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Me", "Mc", "Nd", "Nl", "No", "Zs", "Zl", "Zp", "Cc",
    "Cf", "Co", "Cs", "Pd", "Ps", "Pe", "Pc", "Po", "Sm", "Sc", "Sk", "So", "Pi", "Pf", "L", "M",
    "N", "Z", "C", "P", "S",
];

/// Java's `CharPredicates.forProperty`: categories, POSIX (ASCII) classes,
/// and `java.lang.Character` predicates.
fn java_property(name: &str) -> Option<String> {
    if CATEGORIES.contains(&name) {
        return Some(format!(r"[\p{{{name}}}]"));
    }
    let s = match name {
        "LC" => r"[\p{Lu}\p{Ll}\p{Lt}]",
        "LD" => r"[\p{L}\p{Nd}]",
        "L1" => r"[\x{0}-\x{FF}]",
        "all" => r"[\x{0}-\x{10FFFF}]",
        "ASCII" => r"[\x{0}-\x{7F}]",
        "Alnum" => "[0-9A-Za-z]",
        "Alpha" => "[A-Za-z]",
        "Blank" => r"[\t\x{20}]",
        "Cntrl" => r"[\x{0}-\x{1F}\x{7F}]",
        "Digit" => "[0-9]",
        "Graph" => r"[\x{21}-\x{7E}]",
        "Lower" => "[a-z]",
        "Print" => r"[\x{20}-\x{7E}]",
        "Punct" => r"[\x{21}-\x{2F}\x{3A}-\x{40}\x{5B}-\x{60}\x{7B}-\x{7E}]",
        "Space" => r"[\t\n\x{B}\x{C}\r\x{20}]",
        "Upper" => "[A-Z]",
        "XDigit" => "[0-9A-Fa-f]",
        "javaLowerCase" => r"[\p{Lowercase}]",
        "javaUpperCase" => r"[\p{Uppercase}]",
        "javaAlphabetic" => r"[\p{Alphabetic}]",
        "javaIdeographic" => r"[\p{Ideographic}]",
        "javaTitleCase" => r"[\p{Lt}]",
        "javaDigit" => r"[\p{Nd}]",
        "javaLetter" => r"[\p{L}]",
        "javaLetterOrDigit" => r"[\p{L}\p{Nd}]",
        "javaSpaceChar" => r"[\p{Z}]",
        "javaISOControl" => r"[\x{0}-\x{1F}\x{7F}-\x{9F}]",
        _ => return None,
    };
    Some(s.to_owned())
}

/// Java's `CharPredicates.forUnicodeProperty` (binary properties, `\p{IsX}`).
fn unicode_property(name: &str) -> Option<&'static str> {
    const GRAPH: &str = r"[^\p{Z}\p{Cc}\p{Cs}\p{Cn}]";
    Some(match name.to_ascii_uppercase().as_str() {
        "ALPHABETIC" => r"[\p{Alphabetic}]",
        "ASSIGNED" => r"[^\p{Cn}]",
        "CONTROL" => r"[\p{Cc}]",
        "HEXDIGIT" | "HEX_DIGIT" => r"[\p{Nd}A-Fa-f\x{FF21}-\x{FF26}\x{FF41}-\x{FF46}]",
        "IDEOGRAPHIC" => r"[\p{Ideographic}]",
        "JOINCONTROL" | "JOIN_CONTROL" => r"[\x{200C}\x{200D}]",
        "LETTER" => r"[\p{L}]",
        "LOWERCASE" => r"[\p{Lowercase}]",
        "UPPERCASE" => r"[\p{Uppercase}]",
        "NONCHARACTERCODEPOINT" | "NONCHARACTER_CODE_POINT" => r"[\p{Noncharacter_Code_Point}]",
        "TITLECASE" => r"[\p{Lt}]",
        "PUNCTUATION" => r"[\p{P}]",
        "WHITESPACE" | "WHITE_SPACE" => r"[\p{Z}\t-\r\x{85}]",
        "WORD" => r"[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\x{200C}\x{200D}]",
        "ALNUM" => r"[\p{Alphabetic}\p{Nd}]",
        "BLANK" => r"[\t\p{Zs}]",
        "GRAPH" => GRAPH,
        "PRINT" => r"[[^\p{Z}\p{Cc}\p{Cs}\p{Cn}]\p{Zs}]",
        "DIGIT" => r"[\p{Nd}]",
        _ => return None,
    })
}

fn script(name: &str) -> Result<String, String> {
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || name.is_empty() {
        return Err(format!("unknown character script name {{{name}}}"));
    }
    Ok(format!(r"[\p{{Script={name}}}]"))
}

/// Maps a Java `\p{name}` to a bracketed class (Java's `Pattern.family`).
pub(super) fn property(name: &str) -> Result<String, String> {
    if let Some((key, value)) = name.split_once('=') {
        return match key {
            "sc" | "script" => script(value),
            "gc" | "general_category" => java_property(value)
                .filter(|_| CATEGORIES.contains(&value) || value == "LC" || value == "LD")
                .ok_or_else(|| format!("unknown Unicode property {{name={key}, value={value}}}")),
            "blk" | "block" => Err("Unicode blocks (\\p{block=..}) are not supported".to_owned()),
            _ => Err(format!(
                "unknown Unicode property {{name={key}, value={value}}}"
            )),
        };
    }
    if name.starts_with("In") {
        return Err(format!("Unicode blocks (\\p{{{name}}}) are not supported"));
    }
    if let Some(short) = name.strip_prefix("Is") {
        if let Some(s) = unicode_property(short) {
            return Ok(s.to_owned());
        }
        if let Some(s) = java_property(short) {
            return Ok(s);
        }
        return script(short);
    }
    java_property(name).ok_or_else(|| format!("unknown character property name {{{name}}}"))
}
