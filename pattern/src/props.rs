//! Java's `\p{..}` names (`Pattern.family` and `CharPredicates`) and the
//! sets they stand for.

use crate::error::Reason;

/// Unicode general categories and category groups Java knows by name.
const CATEGORIES: &[&str] = &[
    "Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Me", "Mc", "Nd", "Nl", "No", "Zs", "Zl", "Zp", "Cc",
    "Cf", "Co", "Cs", "Pd", "Ps", "Pe", "Pc", "Po", "Sm", "Sc", "Sk", "So", "Pi", "Pf", "L", "M",
    "N", "Z", "C", "P", "S",
];

/// The set a `\p{..}` name stands for. Names that Java treats as synonyms
/// resolve to the same value (`\p{javaDigit}` and `\p{IsDigit}` are both
/// `Category("Nd")`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Property {
    /// A general category or category group, by its abbreviation (`Lu`, `L`).
    Category(&'static str),
    /// `LC`: `Lu`, `Ll` and `Lt`.
    CasedLetter,
    /// `LD`, `javaLetterOrDigit`: `L` and `Nd`.
    LetterOrDigit,
    /// `L1`: U+0000 to U+00FF.
    Latin1,
    /// `all`: every code point.
    All,
    /// `ASCII`: U+0000 to U+007F.
    Ascii,
    /// POSIX `Alnum`: `[0-9A-Za-z]`.
    AsciiAlnum,
    /// POSIX `Alpha`: `[A-Za-z]`.
    AsciiAlpha,
    /// POSIX `Blank`: space and tab.
    AsciiBlank,
    /// POSIX `Cntrl`: U+0000 to U+001F and U+007F.
    AsciiCntrl,
    /// POSIX `Digit`: `[0-9]`.
    AsciiDigit,
    /// POSIX `Graph`: `!` to `~`.
    AsciiGraph,
    /// POSIX `Lower`: `[a-z]`.
    AsciiLower,
    /// POSIX `Print`: space to `~`.
    AsciiPrint,
    /// POSIX `Punct`: the ASCII punctuation and symbols.
    AsciiPunct,
    /// POSIX `Space`: `[ \t\n\x0B\f\r]`.
    AsciiSpace,
    /// POSIX `Upper`: `[A-Z]`.
    AsciiUpper,
    /// POSIX `XDigit`: `[0-9A-Fa-f]`.
    AsciiXDigit,
    /// `javaLowerCase`, `IsLowercase`: the Unicode `Lowercase` property.
    Lowercase,
    /// `javaUpperCase`, `IsUppercase`: the Unicode `Uppercase` property.
    Uppercase,
    /// `javaAlphabetic`, `IsAlphabetic`: the Unicode `Alphabetic` property.
    Alphabetic,
    /// `javaIdeographic`, `IsIdeographic`: the Unicode `Ideographic` property.
    Ideographic,
    /// `javaISOControl`: U+0000 to U+001F and U+007F to U+009F.
    IsoControl,
    /// `IsAssigned`: everything but `Cn`.
    Assigned,
    /// `IsHexDigit`: `Nd`, ASCII and full-width `A-F a-f`.
    HexDigit,
    /// `IsJoinControl`: U+200C and U+200D.
    JoinControl,
    /// `IsNoncharacterCodePoint`.
    NoncharacterCodePoint,
    /// `IsWhiteSpace`: `Z`, `\t` to `\r`, U+0085.
    WhiteSpace,
    /// `IsWord`: alphabetic, marks, `Nd`, `Pc`, joiners.
    UnicodeWord,
    /// `IsAlnum`: alphabetic and `Nd`.
    UnicodeAlnum,
    /// `IsBlank`: tab and `Zs`.
    UnicodeBlank,
    /// `IsGraph`: everything but `Z`, `Cc`, `Cs` and `Cn`.
    UnicodeGraph,
    /// `IsPrint`: `IsGraph` and `Zs`.
    UnicodePrint,
    /// `IsX`, `sc=X`, `script=X`: the script named `X`. The name is only
    /// checked for its characters here; the engine knows the scripts.
    Script(String),
}

/// Java's `CharPredicates.forProperty`: categories, POSIX (ASCII) classes,
/// and `java.lang.Character` predicates.
fn java_property(name: &str) -> Option<Property> {
    use Property::*;
    if let Some(c) = CATEGORIES.iter().find(|c| **c == name) {
        return Some(Category(c));
    }
    Some(match name {
        "LC" => CasedLetter,
        "LD" | "javaLetterOrDigit" => LetterOrDigit,
        "L1" => Latin1,
        "all" => All,
        "ASCII" => Ascii,
        "Alnum" => AsciiAlnum,
        "Alpha" => AsciiAlpha,
        "Blank" => AsciiBlank,
        "Cntrl" => AsciiCntrl,
        "Digit" => AsciiDigit,
        "Graph" => AsciiGraph,
        "Lower" => AsciiLower,
        "Print" => AsciiPrint,
        "Punct" => AsciiPunct,
        "Space" => AsciiSpace,
        "Upper" => AsciiUpper,
        "XDigit" => AsciiXDigit,
        "javaLowerCase" => Lowercase,
        "javaUpperCase" => Uppercase,
        "javaAlphabetic" => Alphabetic,
        "javaIdeographic" => Ideographic,
        "javaTitleCase" => Category("Lt"),
        "javaDigit" => Category("Nd"),
        "javaLetter" => Category("L"),
        "javaSpaceChar" => Category("Z"),
        "javaISOControl" => IsoControl,
        _ => return None,
    })
}

/// Java's `CharPredicates.forUnicodeProperty` (binary properties, `\p{IsX}`),
/// case-insensitive.
fn unicode_property(name: &str) -> Option<Property> {
    use Property::*;
    Some(match name.to_ascii_uppercase().as_str() {
        "ALPHABETIC" => Alphabetic,
        "ASSIGNED" => Assigned,
        "CONTROL" => Category("Cc"),
        "HEXDIGIT" | "HEX_DIGIT" => HexDigit,
        "IDEOGRAPHIC" => Ideographic,
        "JOINCONTROL" | "JOIN_CONTROL" => JoinControl,
        "LETTER" => Category("L"),
        "LOWERCASE" => Lowercase,
        "UPPERCASE" => Uppercase,
        "NONCHARACTERCODEPOINT" | "NONCHARACTER_CODE_POINT" => NoncharacterCodePoint,
        "TITLECASE" => Category("Lt"),
        "PUNCTUATION" => Category("P"),
        "WHITESPACE" | "WHITE_SPACE" => WhiteSpace,
        "WORD" => UnicodeWord,
        "ALNUM" => UnicodeAlnum,
        "BLANK" => UnicodeBlank,
        "GRAPH" => UnicodeGraph,
        "PRINT" => UnicodePrint,
        "DIGIT" => Category("Nd"),
        _ => return None,
    })
}

fn script(name: &str) -> Result<Property, Reason> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(Reason::UnknownScript(name.to_owned()));
    }
    Ok(Property::Script(name.to_owned()))
}

/// Resolves the name inside `\p{..}` the way Java's `Pattern.family` does.
pub(crate) fn property(name: &str) -> Result<Property, Reason> {
    if let Some((key, value)) = name.split_once('=') {
        let unknown = || Reason::UnknownPropertyValue {
            key: key.to_owned(),
            value: value.to_owned(),
        };
        return match key {
            "sc" | "script" => script(value),
            "gc" | "general_category" => java_property(value)
                .filter(|_| CATEGORIES.contains(&value) || value == "LC" || value == "LD")
                .ok_or_else(unknown),
            "blk" | "block" => Err(Reason::Block(name.to_owned())),
            _ => Err(unknown()),
        };
    }
    if name.starts_with("In") {
        return Err(Reason::Block(name.to_owned()));
    }
    if let Some(short) = name.strip_prefix("Is") {
        if let Some(p) = unicode_property(short).or_else(|| java_property(short)) {
            return Ok(p);
        }
        return script(short);
    }
    java_property(name).ok_or_else(|| Reason::UnknownProperty(name.to_owned()))
}
