//! The tree and the errors the parser produces.
use super::parse;
use crate::ast::*;
use crate::error::Reason;
use crate::props::Property;

fn root(src: &str) -> Node {
    parse(src).unwrap().root
}

fn lit(s: &str) -> Vec<Node> {
    s.chars().map(Node::Literal).collect()
}

fn err(src: &str) -> (Reason, usize) {
    let e = parse(src).unwrap_err();
    (e.reason, e.offset)
}

#[test]
fn alternation_and_sequence() {
    assert_eq!(root(""), Node::Concat(vec![]));
    assert_eq!(root("ab"), Node::Concat(lit("ab")));
    assert_eq!(
        root("a|"),
        Node::Alternation(vec![Node::Concat(lit("a")), Node::Concat(vec![])])
    );
}

#[test]
fn quantifiers_keep_bounds_and_greed() {
    let rep = |min, max, greed| {
        Node::Concat(vec![Node::Repeat(Repeat {
            node: Box::new(Node::Literal('a')),
            min,
            max,
            greed,
        })])
    };
    assert_eq!(root("a?"), rep(0, Some(1), Greed::Greedy));
    assert_eq!(root("a*?"), rep(0, None, Greed::Lazy));
    assert_eq!(root("a++"), rep(1, None, Greed::Possessive));
    assert_eq!(root("a{3}"), rep(3, Some(3), Greed::Greedy));
    assert_eq!(root("a{3,}"), rep(3, None, Greed::Greedy));
    assert_eq!(root("a{2,5}?"), rep(2, Some(5), Greed::Lazy));
}

#[test]
fn classes_follow_java() {
    let range = |a, b| ClassItem::Range(a, b);
    assert_eq!(
        root("[a-z&&[^aeiou]]"),
        Node::Concat(vec![Node::Class(Class {
            negated: false,
            operands: vec![
                vec![range('a', 'z')],
                vec![ClassItem::Class(Class {
                    negated: true,
                    operands: vec!["aeiou".chars().map(ClassItem::Char).collect()],
                })],
            ],
        })])
    );
    let one = |src: &str| match root(src).items() {
        [Node::Class(c)] => c.clone(),
        other => panic!("{src}: {other:?}"),
    };
    // A leading `]` is a member; empty `&&` operands are dropped.
    assert_eq!(
        one("[]a]").operands,
        vec![vec![ClassItem::Char(']'), ClassItem::Char('a')]]
    );
    assert_eq!(one("[&&a&&]").operands, vec![vec![ClassItem::Char('a')]]);
    // `-` before `]` or `[` is a literal; after a set it is one too.
    assert_eq!(
        one("[a-]").operands,
        vec![vec![ClassItem::Char('a'), ClassItem::Char('-')]]
    );
    assert_eq!(
        one(r"[\d-z]").operands[0][1..],
        [ClassItem::Char('-'), ClassItem::Char('z')]
    );
    assert_eq!(one("[+--]").operands, vec![vec![range('+', '-')]]);
}

#[test]
fn escapes_are_characters() {
    assert_eq!(
        root(r"\x41\u00e9\0101\x{1F600}\uD83D\uDE00\t\cA\."),
        Node::Concat(lit("AéA😀😀\t\u{1}."))
    );
    // Quoting: what is between `\Q` and `\E` is literal, digits included.
    assert_eq!(root(r"\07\Q7.*\E"), Node::Concat(lit("\u{7}7.*")));
}

#[test]
fn properties_resolve_to_sets() {
    let set = |src: &str| match root(src).items() {
        [Node::Set(s)] => s.clone(),
        other => panic!("{src}: {other:?}"),
    };
    for synonym in [r"\p{Nd}", r"\p{javaDigit}", r"\p{IsDigit}", r"\p{gc=Nd}"] {
        assert_eq!(
            set(synonym).kind,
            SetKind::Property(Property::Category("Nd"))
        );
    }
    assert_eq!(
        set(r"\p{Alpha}").kind,
        SetKind::Property(Property::AsciiAlpha)
    );
    assert_eq!(
        set(r"\p{IsAlphabetic}").kind,
        SetKind::Property(Property::Alphabetic)
    );
    assert_eq!(
        set(r"\p{IsAlnum}").kind,
        SetKind::Property(Property::UnicodeAlnum)
    );
    assert_eq!(
        set(r"\p{IsLatin}").kind,
        SetKind::Property(Property::Script("Latin".into()))
    );
    assert!(set(r"\PL").negated);
    assert_eq!(
        set(r"\W"),
        Set {
            negated: true,
            kind: SetKind::Word
        }
    );
}

#[test]
fn flags_are_resolved_into_nodes() {
    let dot = |dotall| Node::Dot { dotall };
    assert_eq!(
        root("(?s).(?-s)."),
        Node::Concat(vec![dot(true), dot(false)])
    );
    // A flag group's flags end with the enclosing group.
    let Node::Concat(items) = root("((?s).).") else {
        panic!()
    };
    assert_eq!(items[1], dot(false));
    let Node::Concat(items) = root("(?m:^$)^$") else {
        panic!()
    };
    let Node::Group(g) = &items[0] else { panic!() };
    assert_eq!(
        *g.body,
        Node::Concat(vec![
            Node::Assertion(Assertion::LineStart),
            Node::Assertion(Assertion::LineEnd)
        ])
    );
    assert_eq!(
        items[1..],
        [
            Node::Assertion(Assertion::Caret),
            Node::Assertion(Assertion::End)
        ]
    );
    let ast = parse("(?u)a").unwrap();
    assert!(ast.inline_flags && !ast.backrefs);
}

#[test]
fn groups_and_back_references() {
    let Node::Concat(items) = root(r"(a)\10\2(?<n>b)\k<n>") else {
        panic!()
    };
    assert!(matches!(
        &items[0],
        Node::Group(Group {
            kind: GroupKind::Capture {
                index: 1,
                name: None
            },
            ..
        })
    ));
    // `\10` with one group is `\1` then `0`; `\2` before group 2 never matches.
    assert_eq!(
        items[1..4],
        [
            Node::Backref(Some(1)),
            Node::Literal('0'),
            Node::Backref(None)
        ]
    );
    assert!(matches!(
        &items[4],
        Node::Group(Group { kind: GroupKind::Capture { index: 2, name: Some(n) }, .. }) if n == "n"
    ));
    assert_eq!(items[5], Node::Backref(Some(2)));
    assert!(parse(r"(a)\1").unwrap().backrefs);
    let kinds: Vec<GroupKind> = root("(?:)(?=)(?!)(?<=)(?<!)(?>)")
        .items()
        .iter()
        .map(|n| match n {
            Node::Group(g) => g.kind.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    use GroupKind::*;
    assert_eq!(
        kinds,
        [
            NonCapture,
            LookAhead { negative: false },
            LookAhead { negative: true },
            LookBehind { negative: false },
            LookBehind { negative: true },
            Atomic
        ]
    );
}

#[test]
fn errors_say_what_and_where() {
    use Reason::*;
    let cases: &[(&str, Reason, usize)] = &[
        ("[", UnclosedClass, 1),
        ("ab(", UnclosedGroup, 3),
        ("a)", UnmatchedClose, 1),
        ("*a", DanglingMeta, 0),
        ("a**", DanglingMeta, 2),
        ("(?s)*", DanglingMeta, 4),
        ("a{", IllegalRepetition, 1),
        ("a{3,2}", IllegalRange, 6),
        ("a{99999999999}", CountTooLarge, 11),
        ("\\", TrailingBackslash, 1),
        (r"\y", UnsupportedEscape('y'), 2),
        (r"[\y]", UnsupportedClassEscape('y'), 3),
        (r"[\b]", UnsupportedClassEscape('b'), 3),
        ("[z-a]", IllegalCharRange, 4),
        (r"[a-\d]", IllegalCharRange, 5),
        (r"\p{Nope}", UnknownProperty("Nope".into()), 8),
        (r"\p{InGreek}", Block("InGreek".into()), 11),
        (
            r"\p{gc=Alpha}",
            UnknownPropertyValue {
                key: "gc".into(),
                value: "Alpha".into(),
            },
            12,
        ),
        (r"\p{Is-}", UnknownScript("-".into()), 7),
        ("(?i)a", UnsupportedFlag('i'), 2),
        ("(?x)a", UnsupportedFlag('x'), 2),
        ("(?q)", UnknownModifier, 3),
        (r"\X", UnsupportedEscape('X'), 2),
        (r"\uD800", LoneSurrogate, 6),
        (r"\x{110000}", CodepointTooBig, 9),
        (r"\xZ1", IllegalHex, 3),
        (r"\b{g}", GraphemeBoundary, 2),
        (r"\k<n>", UnknownGroup("n".into()), 5),
        ("(?<1a>x)", IllegalName, 4),
        ("(?<a>x)(?<a>y)", DuplicateName, 12),
        // Offsets are in the source, before `\Q..\E` removal.
        (r"\Q(((\E)", UnmatchedClose, 7),
    ];
    for (src, reason, offset) in cases {
        assert_eq!(err(src), (reason.clone(), *offset), "{src}");
    }
    let e = parse("a{3,2}").unwrap_err();
    assert_eq!(e.to_string(), "illegal repetition range at offset 6");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = "(".repeat(10_000);
    assert_eq!(err(&deep).0, Reason::TooDeep);
    let deep = "[".repeat(10_000);
    assert_eq!(err(&deep).0, Reason::TooDeep);
}
