//! `smithy.rules#operationContextParams`: the JMESPath subset the Smithy
//! rules spec allows for a path into an operation's input (identifiers,
//! sub-expressions, `[*]` projections, `[]` flattening, multi-select lists
//! and `keys()`), parsed and typed against the input here, so the emitter
//! writes plain Rust that walks the input without a JMESPath engine at run
//! time.
//!
//! Parsing follows JMESPath's binding powers: a projection's right-hand side
//! takes the dots and `[*]` after it, while `[]` (lower) applies to the
//! whole expression on its left, so
//! `Items[*].[A.Name, B.Name][]` flattens the list of pairs.

use super::endpoint_ir::{ContextPath, PathTy};
use super::ir::{Ir, Scalar, StructRef, Target};

/// A parsed path, before typing.
#[derive(Debug, Clone, PartialEq)]
enum Ast {
    /// `@`, or the element of a projection.
    Current,
    /// `name` applied to the current value.
    Field(String),
    /// `a.b`: `b` evaluated on `a`'s result.
    Sub(Box<Ast>, Box<Ast>),
    /// `a[*] rhs`: `rhs` on every element of `a`, nulls dropped.
    Project(Box<Ast>, Box<Ast>),
    /// `a[]`: sub-lists merged into one list.
    Flatten(Box<Ast>),
    /// `[a, b]`.
    MultiSelect(Vec<Ast>),
    /// `keys(a)`.
    Keys(Box<Ast>),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Dot,
    Star,
    Flatten,
    LBracket,
    RBracket,
    Comma,
    LParen,
    RParen,
    At,
}

fn tokens(s: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let single = match c {
            b'.' => Some(Tok::Dot),
            b',' => Some(Tok::Comma),
            b'(' => Some(Tok::LParen),
            b')' => Some(Tok::RParen),
            b'@' => Some(Tok::At),
            b']' => Some(Tok::RBracket),
            _ => None,
        };
        if let Some(t) = single {
            out.push(t);
            i += 1;
            continue;
        }
        match c {
            b' ' | b'\t' => i += 1,
            b'[' => {
                let rest = s[i + 1..].trim_start();
                if let Some(r) = rest.strip_prefix('*') {
                    if !r.trim_start().starts_with(']') {
                        return Err("`[*` must close with `]`".into());
                    }
                    out.push(Tok::Star);
                    i = s.len() - r.trim_start().len() + 1;
                } else if rest.starts_with(']') {
                    out.push(Tok::Flatten);
                    i = s.len() - rest.len() + 1;
                } else {
                    out.push(Tok::LBracket);
                    i += 1;
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                out.push(Tok::Ident(s[start..i].to_string()));
            }
            _ => {
                let ch = s[i..].chars().next().unwrap_or('?');
                return Err(format!("`{ch}` at offset {i} is outside the JMESPath subset of operationContextParams"));
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
}

/// Binding powers, as JMESPath's: a dot 40, `[` 55, `[]` 9.
fn lbp(t: Option<&Tok>) -> u8 {
    match t {
        Some(Tok::Dot) => 40,
        Some(Tok::Star | Tok::LBracket) => 55,
        Some(Tok::Flatten) => 9,
        _ => 0,
    }
}

const PROJECTION_STOP: u8 = 10;

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn expect(&mut self, t: Tok) -> Result<(), String> {
        match self.next() {
            Some(got) if got == t => Ok(()),
            got => Err(format!("expected {t:?}, found {}", got.map_or("the end".to_string(), |g| format!("{g:?}")))),
        }
    }

    fn expression(&mut self, rbp: u8) -> Result<Ast, String> {
        let mut left = self.nud()?;
        while rbp < lbp(self.peek()) {
            left = self.led(left)?;
        }
        Ok(left)
    }

    fn nud(&mut self) -> Result<Ast, String> {
        match self.next() {
            Some(Tok::Ident(name)) if name == "keys" && self.peek() == Some(&Tok::LParen) => {
                self.next();
                let arg = self.expression(0)?;
                self.expect(Tok::RParen)?;
                Ok(Ast::Keys(Box::new(arg)))
            }
            Some(Tok::Ident(name)) => Ok(Ast::Field(name)),
            Some(Tok::At) => Ok(Ast::Current),
            Some(Tok::LBracket) => self.multi_select(),
            Some(Tok::Star) => Ok(Ast::Project(Box::new(Ast::Current), Box::new(self.projection_rhs(20)?))),
            Some(Tok::Flatten) => Ok(Ast::Project(Box::new(Ast::Flatten(Box::new(Ast::Current))), Box::new(self.projection_rhs(9)?))),
            Some(t) => Err(format!("{t:?} cannot start an expression")),
            None => Err("the path ends too early".into()),
        }
    }

    fn led(&mut self, left: Ast) -> Result<Ast, String> {
        match self.next() {
            Some(Tok::Dot) => Ok(Ast::Sub(Box::new(left), Box::new(self.dot_rhs()?))),
            Some(Tok::Star) => Ok(Ast::Project(Box::new(left), Box::new(self.projection_rhs(20)?))),
            Some(Tok::Flatten) => Ok(Ast::Project(Box::new(Ast::Flatten(Box::new(left))), Box::new(self.projection_rhs(9)?))),
            Some(Tok::LBracket) => Err("indexes and filters (`[n]`, `[?`) are outside the JMESPath subset of operationContextParams".into()),
            t => Err(format!("unexpected {t:?}")),
        }
    }

    fn dot_rhs(&mut self) -> Result<Ast, String> {
        match self.next() {
            Some(Tok::Ident(name)) => Ok(Ast::Field(name)),
            Some(Tok::LBracket) => self.multi_select(),
            t => Err(format!("expected a name or `[` after `.`, found {t:?}")),
        }
    }

    fn projection_rhs(&mut self, rbp: u8) -> Result<Ast, String> {
        if lbp(self.peek()) < PROJECTION_STOP {
            return Ok(Ast::Current);
        }
        match self.peek() {
            Some(Tok::Star | Tok::LBracket | Tok::Flatten) => {
                // The element is the current value of what follows.
                let mut left = Ast::Current;
                while rbp < lbp(self.peek()) {
                    left = self.led(left)?;
                }
                Ok(left)
            }
            Some(Tok::Dot) => {
                self.next();
                let mut left = self.dot_rhs()?;
                while rbp < lbp(self.peek()) {
                    left = self.led(left)?;
                }
                Ok(left)
            }
            t => Err(format!("unexpected {t:?} after a projection")),
        }
    }

    fn multi_select(&mut self) -> Result<Ast, String> {
        let mut items = vec![self.expression(0)?];
        loop {
            match self.next() {
                Some(Tok::Comma) => items.push(self.expression(0)?),
                Some(Tok::RBracket) => return Ok(Ast::MultiSelect(items)),
                t => return Err(format!("expected `,` or `]` in a multi-select list, found {t:?}")),
            }
        }
    }
}

fn parse(path: &str) -> Result<Ast, String> {
    let mut p = Parser { toks: tokens(path)?, at: 0 };
    let ast = p.expression(0)?;
    match p.peek() {
        None => Ok(ast),
        Some(t) => Err(format!("unexpected {t:?} after a complete expression")),
    }
}

/// The type of a member target, as a path sees it; `None` for what a path
/// cannot select into a string parameter (numbers, blobs, unions...).
fn ty_of(ir: &Ir, target: Target) -> Option<PathTy> {
    Some(match target {
        Target::Scalar(Scalar::String) | Target::Enum(_) => PathTy::Str,
        Target::Scalar(Scalar::Boolean) => PathTy::Boolean,
        Target::Structure(s) => PathTy::Struct(s),
        Target::Map(m) => PathTy::Map(m),
        Target::List(l) => {
            let l = &ir[l];
            PathTy::ModelList { elem: Box::new(ty_of(ir, l.member.target)?), sparse: l.sparse }
        }
        _ => return None,
    })
}

fn type_error(what: &str, ty: &PathTy) -> String {
    let kind = match ty {
        PathTy::Str => "a string",
        PathTy::Boolean => "a boolean",
        PathTy::Struct(_) => "a structure",
        PathTy::Map(_) => "a map",
        PathTy::ModelList { .. } | PathTy::List(_) => "a list",
    };
    format!("{what} is applied to {kind}")
}

fn typed(ir: &Ir, ast: &Ast, cur: &PathTy) -> Result<(ContextPath, PathTy), String> {
    Ok(match ast {
        Ast::Current => (ContextPath::Current, cur.clone()),
        Ast::Field(name) => {
            let PathTy::Struct(s) = cur else { return Err(type_error(&format!("`{name}`"), cur)) };
            let s = &ir[*s];
            let m = s.members.iter().find(|m| &m.name == name).ok_or_else(|| format!("{} has no member `{name}`", s.id))?;
            let ty = ty_of(ir, m.target).ok_or_else(|| format!("`{name}` of {} is neither a string, a boolean, a structure, a list nor a map", s.id))?;
            (ContextPath::Field { field: m.rust.clone(), nullable: m.nullable, ty: ty.clone() }, ty)
        }
        Ast::Sub(a, b) => {
            let (a, a_ty) = typed(ir, a, cur)?;
            let (b, b_ty) = typed(ir, b, &a_ty)?;
            (ContextPath::Sub(Box::new(a), Box::new(b)), b_ty)
        }
        Ast::Project(list, each) => {
            let (list, list_ty) = typed(ir, list, cur)?;
            let elem = match &list_ty {
                PathTy::ModelList { elem, .. } | PathTy::List(elem) => (**elem).clone(),
                other => return Err(type_error("a projection `[*]`", other)),
            };
            let (each, each_ty) = typed(ir, each, &elem)?;
            (ContextPath::Project { list: Box::new(list), list_ty, each: Box::new(each) }, PathTy::List(Box::new(each_ty)))
        }
        Ast::Flatten(inner) => {
            let (inner, inner_ty) = typed(ir, inner, cur)?;
            let elem = match &inner_ty {
                PathTy::ModelList { elem, .. } | PathTy::List(elem) => (**elem).clone(),
                other => return Err(type_error("`[]`", other)),
            };
            let out = match &elem {
                PathTy::ModelList { elem, .. } | PathTy::List(elem) => (**elem).clone(),
                other => other.clone(),
            };
            (ContextPath::Flatten { inner: Box::new(inner), inner_ty, elem }, PathTy::List(Box::new(out)))
        }
        Ast::MultiSelect(items) => {
            let mut out = Vec::new();
            let mut ty: Option<PathTy> = None;
            for item in items {
                let (p, t) = typed(ir, item, cur)?;
                match &ty {
                    Some(prev) if *prev != t => return Err("a multi-select list whose items differ in type".into()),
                    _ => ty = Some(t),
                }
                out.push(p);
            }
            let ty = ty.ok_or("an empty multi-select list")?;
            (ContextPath::MultiSelect { items: out, cur_ty: cur.clone() }, PathTy::List(Box::new(ty)))
        }
        Ast::Keys(inner) => {
            let (inner, inner_ty) = typed(ir, inner, cur)?;
            if !matches!(inner_ty, PathTy::Map(_)) {
                return Err(type_error("`keys()`", &inner_ty));
            }
            (ContextPath::Keys(Box::new(inner)), PathTy::List(Box::new(PathTy::Str)))
        }
    })
}

/// Parses `path` and types it against the input structure `input`; the
/// result's type must fit the parameter: a
/// string, a boolean, or a list of strings for `stringArray`.
pub fn compile(ir: &Ir, input: StructRef, path: &str, want: super::endpoint_ir::ParamType) -> Result<(ContextPath, PathTy), String> {
    use super::endpoint_ir::ParamType;
    let ast = parse(path)?;
    let (p, ty) = typed(ir, &ast, &PathTy::Struct(input))?;
    let fits = match want {
        ParamType::String => ty == PathTy::Str,
        ParamType::Boolean => ty == PathTy::Boolean,
        ParamType::StringArray => matches!(&ty, PathTy::List(e) | PathTy::ModelList { elem: e, .. } if **e == PathTy::Str),
    };
    if !fits {
        return Err(format!("the path selects {} where the parameter is a {want:?}", describe(&ty)));
    }
    Ok((p, ty))
}

fn describe(ty: &PathTy) -> String {
    match ty {
        PathTy::ModelList { elem, .. } | PathTy::List(elem) => {
            let of = match **elem {
                PathTy::Str => "strings",
                PathTy::Boolean => "booleans",
                PathTy::Struct(_) => "structures",
                PathTy::Map(_) => "maps",
                PathTy::ModelList { .. } | PathTy::List(_) => "lists",
            };
            format!("a list of {of}")
        }
        PathTy::Str => "a string".into(),
        PathTy::Boolean => "a boolean".into(),
        PathTy::Struct(_) => "a structure".into(),
        PathTy::Map(_) => "a map".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> Box<Ast> {
        Box::new(Ast::Field(s.into()))
    }

    fn sub(a: Box<Ast>, b: Box<Ast>) -> Box<Ast> {
        Box::new(Ast::Sub(a, b))
    }

    #[test]
    fn paths_parse_with_jmespath_binding_powers() {
        assert_eq!(parse("A.B").unwrap(), *sub(f("A"), f("B")));
        assert_eq!(parse("keys(RequestItems)").unwrap(), Ast::Keys(f("RequestItems")));
        // The projection takes the dots after it.
        assert_eq!(parse("Items[*].Get.Name").unwrap(), Ast::Project(f("Items"), sub(f("Get"), f("Name"))));
        // `[]` applies to the whole projection on its left.
        assert_eq!(
            parse("Items[*].[A.N, B.N][]").unwrap(),
            Ast::Project(
                Box::new(Ast::Flatten(Box::new(Ast::Project(f("Items"), Box::new(Ast::MultiSelect(vec![*sub(f("A"), f("N")), *sub(f("B"), f("N"))])))))),
                Box::new(Ast::Current)
            )
        );
        // A second `[*]` nests inside the first projection.
        assert_eq!(parse("A[*].B[*].C").unwrap(), Ast::Project(f("A"), Box::new(Ast::Project(f("B"), f("C")))));
        assert_eq!(parse("A[]").unwrap(), Ast::Project(Box::new(Ast::Flatten(f("A"))), Box::new(Ast::Current)));
        assert_eq!(parse("A[ * ]").unwrap(), Ast::Project(f("A"), Box::new(Ast::Current)));
    }

    #[test]
    fn paths_outside_the_subset_are_refused_with_a_reason() {
        for (path, why) in [
            ("A[0]", "`0` at offset 2"),
            ("A[?b]", "`?` at offset 2"),
            ("A[B]", "indexes and filters"),
            ("A | B", "`|` at offset 2"),
            ("A.", "expected a name or `[` after `.`"),
            ("A B", "after a complete expression"),
            ("[A, B", "expected `,` or `]`"),
            ("", "ends too early"),
            ("length(A)", "after a complete expression"),
        ] {
            let e = parse(path).unwrap_err();
            assert!(e.contains(why), "{path}: {e}");
        }
    }
}
