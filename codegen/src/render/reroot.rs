//! Moving generated code from a crate's root into one of its modules:
//! `crate::types::X` becomes `crate::a::b::types::X`, in paths, `use` trees
//! and the intra-doc links of doc comments. Paths inside macro invocations
//! are tokens, not paths; generated code keeps `crate::` out of macros.

use proc_macro2::Span;
use syn::visit_mut::{self, VisitMut};

pub(super) struct Reroot {
    /// The module path's segments, `["a", "b"]`.
    segments: Vec<syn::Ident>,
    /// `crate::a::b::`, for doc text.
    prefix: String,
}

impl Reroot {
    pub(super) fn new(module: &str) -> Result<Self, String> {
        let segments: Vec<syn::Ident> = module
            .split("::")
            .map(|s| syn::parse_str::<syn::Ident>(s).map_err(|_| format!("generator bug: `{module}` is not a module path")))
            .collect::<Result<_, _>>()?;
        Ok(Self { segments, prefix: format!("crate::{module}::") })
    }

    pub(super) fn apply(&self, file: &mut syn::File) {
        Visitor(self).visit_file_mut(file);
    }
}

struct Visitor<'a>(&'a Reroot);

fn is_crate(ident: &syn::Ident) -> bool {
    ident == "crate"
}

impl VisitMut for Visitor<'_> {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        // `crate` alone is the visibility `pub(crate)`, which stays.
        if path.leading_colon.is_none() && path.segments.len() > 1 && is_crate(&path.segments[0].ident) {
            let mut old = std::mem::take(&mut path.segments).into_iter();
            path.segments.extend(old.next());
            path.segments.extend(self.0.segments.iter().map(|s| syn::PathSegment::from(s.clone())));
            path.segments.extend(old);
        }
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_use_tree_mut(&mut self, tree: &mut syn::UseTree) {
        if let syn::UseTree::Path(p) = tree
            && is_crate(&p.ident)
        {
            let mut inner = std::mem::replace(&mut *p.tree, syn::UseTree::Glob(syn::UseGlob { star_token: Default::default() }));
            for s in self.0.segments.iter().rev() {
                inner = syn::UseTree::Path(syn::UsePath { ident: s.clone(), colon2_token: Default::default(), tree: Box::new(inner) });
            }
            *p.tree = inner;
            return;
        }
        visit_mut::visit_use_tree_mut(self, tree);
    }

    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        if attr.path().is_ident("doc")
            && let syn::Meta::NameValue(nv) = &mut attr.meta
            && let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) = &mut nv.value
            && s.value().contains("crate::")
        {
            let text = s.value().replace("crate::", &self.0.prefix);
            *s = syn::LitStr::new(&text, Span::call_site());
        }
        visit_mut::visit_attribute_mut(self, attr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moved(code: &str) -> String {
        let mut file: syn::File = syn::parse_str(code).unwrap();
        Reroot::new("credentials::sts").unwrap().apply(&mut file);
        prettyplease::unparse(&file)
    }

    #[test]
    fn paths_use_trees_and_doc_links_move_under_the_module() {
        let out = moved(
            "/// See [`X`](crate::types::X).\n\
             pub(crate) fn f(x: crate::types::X) -> ::client_runtime::Y { crate::operation::a::f::<crate::types::Z>(x) }\n\
             use crate::types::{A, B};\n\
             pub(crate) use crate::protocol_serde::x;\n",
        );
        assert!(out.contains("/// See [`X`](crate::credentials::sts::types::X)."), "{out}");
        assert!(out.contains("pub(crate) fn f(x: crate::credentials::sts::types::X) -> ::client_runtime::Y"), "{out}");
        assert!(out.contains("crate::credentials::sts::operation::a::f::<crate::credentials::sts::types::Z>(x)"), "{out}");
        assert!(out.contains("use crate::credentials::sts::types::{A, B};"), "{out}");
        assert!(out.contains("pub(crate) use crate::credentials::sts::protocol_serde::x;"), "{out}");
    }

    #[test]
    fn a_bad_module_path_is_reported() {
        assert!(Reroot::new("a::2b").is_err());
    }
}
