//! How to run a pattern with `Matcher.find()` semantics on `fancy-regex`,
//! decided from the tree.
//!
//! Three things make the plain translation slow or impossible to run on the
//! linear engine, and each has a rewrite here:
//! - Java's `$` also matches before a final line terminator, which needs
//!   lookaround; usually the input can instead be tried with and without
//!   that terminator ([`OnTerminator`]).
//! - Leading lookaheads (`^(?!aws:)...`, `(?=^.{0,265}$)...`) need the
//!   backtracking engine; when the match can only start at offset 0 each
//!   lookahead is its own anchored regex instead ([`Plan::parts`]).
//! - `^C{m,n}$` over a large Unicode class compiles into a huge automaton;
//!   counting characters and matching `C*` is equivalent ([`Test::Counted`]).

use crate::ast::{Assertion, Ast, Greed, GroupKind, Node};
use crate::print::{EndMode, to_fancy};

/// A pattern as regexes to run: it matches a value when every part holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Usually one part; a pattern split at its leading lookaheads has one
    /// anchored part per lookahead plus one for the rest.
    pub parts: Vec<Part>,
}

/// One condition of a [`Plan`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The part holds when its test does *not* match (a negative lookahead).
    pub negative: bool,
    /// What to run.
    pub test: Test,
}

/// How a [`Part`] is decided on an input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Test {
    /// Search with `regex`, in which `$` is the end of input; an input that
    /// ends with a line terminator is handled as `on_terminator` says.
    Regex {
        /// The pattern for [`EndMode::EndOnly`].
        regex: String,
        /// What to do when the input ends with a line terminator.
        on_terminator: OnTerminator,
    },
    /// The input, or the input without its final line terminator, has
    /// between `min` and `max` characters and matches `all` (`\A(?:C)*\z`).
    Counted {
        /// Every character of the input is the counted atom.
        all: String,
        /// Fewest characters.
        min: u32,
        /// Most characters, `None` for unbounded.
        max: Option<u32>,
    },
}

/// How a [`Test::Regex`] decides an input that ends with a line terminator,
/// where Java's `$` also matches just before that terminator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OnTerminator {
    /// No `$` in the pattern: nothing changes.
    Same,
    /// The only `$` is the last item and nothing looks around: the pattern
    /// matches if it matches the input with or without the terminator.
    Truncate,
    /// Search with this regex instead, where `$` is written with lookaround
    /// ([`EndMode::FinalTerminator`]).
    Regex(String),
}

/// What the plan needs to know about a node and everything inside it.
#[derive(Default)]
struct Facts {
    /// Non-multiline `$`/`\Z`.
    dollars: usize,
    /// `\z`.
    input_end: bool,
    /// Something only the backtracking engine runs: lookaround, back
    /// references, atomic groups, possessive quantifiers, `\b`, `\R`,
    /// multi-line anchors.
    backtracking: bool,
}

impl Facts {
    fn of(node: &Node) -> Facts {
        let mut facts = Facts::default();
        facts.add(node);
        facts
    }

    fn add(&mut self, node: &Node) {
        match node {
            Node::Concat(items) | Node::Alternation(items) => {
                items.iter().for_each(|n| self.add(n))
            }
            Node::Literal(_) | Node::Dot { .. } | Node::Class(_) | Node::Set(_) => {}
            Node::Assertion(a) => match a {
                Assertion::End => self.dollars += 1,
                Assertion::InputEnd => self.input_end = true,
                Assertion::LineStart
                | Assertion::LineEnd
                | Assertion::WordBoundary
                | Assertion::NotWordBoundary => self.backtracking = true,
                Assertion::Caret | Assertion::InputStart => {}
            },
            Node::LineBreak | Node::Backref(_) => self.backtracking = true,
            Node::Group(g) => {
                if !matches!(g.kind, GroupKind::Capture { .. } | GroupKind::NonCapture) {
                    self.backtracking = true;
                }
                self.add(&g.body);
            }
            Node::Repeat(r) => {
                if r.greed == Greed::Possessive {
                    self.backtracking = true;
                }
                self.add(&r.node);
            }
        }
    }
}

/// The items of `node` when it is a single alternative.
fn sequence(node: &Node) -> Option<&[Node]> {
    match node.alternatives() {
        [only] => Some(only.items()),
        _ => None,
    }
}

fn is_assertion(node: Option<&Node>, a: Assertion) -> bool {
    node == Some(&Node::Assertion(a))
}

/// `^C{m,n}$` for a one-character atom `C` (greedy or lazy: both match the
/// same inputs here): the atom and the bounds.
fn counted(node: &Node) -> Option<(&Node, u32, Option<u32>)> {
    match sequence(node)? {
        [
            Node::Assertion(Assertion::Caret),
            Node::Repeat(r),
            Node::Assertion(Assertion::End),
        ] if r.greed != Greed::Possessive && r.node.is_one_char() => Some((&r.node, r.min, r.max)),
        _ => None,
    }
}

/// The part that runs `node`; `anchored` when it may only match at offset 0.
fn part(node: &Node, anchored: bool, negative: bool) -> Part {
    if let Some((atom, min, max)) = counted(node) {
        let all = format!(r"\A(?:{})*\z", to_fancy(atom, EndMode::EndOnly));
        return Part {
            negative,
            test: Test::Counted { all, min, max },
        };
    }
    let print = |end| {
        let regex = to_fancy(node, end);
        match anchored {
            true => format!(r"\A(?:{regex})"),
            false => regex,
        }
    };
    let facts = Facts::of(node);
    let last_is_dollar = sequence(node).is_some_and(|s| is_assertion(s.last(), Assertion::End));
    let on_terminator = if facts.dollars == 0 {
        OnTerminator::Same
    } else if facts.dollars == 1 && last_is_dollar && !facts.backtracking && !facts.input_end {
        OnTerminator::Truncate
    } else {
        OnTerminator::Regex(print(EndMode::FinalTerminator))
    };
    Part {
        negative,
        test: Test::Regex {
            regex: print(EndMode::EndOnly),
            on_terminator,
        },
    }
}

/// The parts of a pattern `[^] (?=..)|(?!..)... rest` split at its leading
/// lookaheads, when no piece needs backtracking and the match can only
/// start at offset 0 (a `^`, or a positive lookahead that starts with `^`).
/// Back references could cross pieces, so they prevent the split; so do
/// inline flags, which the split has never had to handle.
fn split(ast: &Ast) -> Option<Vec<Part>> {
    if ast.inline_flags || ast.backrefs {
        return None;
    }
    let items = sequence(&ast.root)?;
    let has_start = is_assertion(items.first(), Assertion::Caret);
    let mut rest = &items[usize::from(has_start)..];
    let mut lookaheads = Vec::new();
    while let [Node::Group(g), tail @ ..] = rest {
        let GroupKind::LookAhead { negative } = g.kind else {
            break;
        };
        lookaheads.push((&*g.body, negative));
        rest = tail;
    }
    if lookaheads.is_empty() {
        return None;
    }
    let mut anchored = has_start;
    for (body, negative) in &lookaheads {
        if Facts::of(body).backtracking {
            return None;
        }
        anchored |=
            !negative && sequence(body).is_some_and(|s| is_assertion(s.first(), Assertion::Caret));
    }
    let rest = Node::Concat(rest.to_vec());
    if !anchored || Facts::of(&rest).backtracking {
        return None;
    }
    let mut parts: Vec<Part> = lookaheads
        .into_iter()
        .map(|(body, negative)| part(body, true, negative))
        .collect();
    parts.push(part(&rest, true, false));
    Some(parts)
}

impl Plan {
    /// Plans how to run a parsed pattern.
    pub fn new(ast: &Ast) -> Plan {
        let parts = split(ast).unwrap_or_else(|| vec![part(&ast.root, false, false)]);
        Plan { parts }
    }

    /// Every regex the plan runs, for compiling them all up front.
    pub fn regexes(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().flat_map(|p| {
            let (first, second) = match &p.test {
                Test::Regex {
                    regex,
                    on_terminator: OnTerminator::Regex(other),
                } => (regex, Some(other)),
                Test::Regex { regex, .. } => (regex, None),
                Test::Counted { all, .. } => (all, None),
            };
            std::iter::once(first.as_str()).chain(second.map(String::as_str))
        })
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
