//! Reuse of earlier renders: formatting (syn parse and prettyplease) is
//! three quarters of a generation's time, and a regeneration after a model
//! edit changes few files. A file whose token stream hashes to the key it
//! had last time is taken from the earlier text instead of being formatted
//! again, so the output is the same bytes a full render writes.
//!
//! The caller (xtask) keeps the keys between runs and proves each earlier
//! text is still what was rendered (it hashes the file on disk); this
//! module only computes keys and looks texts up.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;

/// Earlier renders by file path: the key of the tokens and the text.
#[derive(Default)]
pub struct Reuse {
    files: HashMap<PathBuf, (u64, String)>,
}

impl Reuse {
    /// Nothing to reuse: every file is formatted.
    pub fn none() -> Self {
        Self::default()
    }

    /// Records that `text` is what tokens with `key` rendered to at `path`.
    pub fn insert(&mut self, path: PathBuf, key: u64, text: String) {
        self.files.insert(path, (key, text));
    }

    /// The earlier text of `path`, if it was rendered from tokens with `key`.
    pub(super) fn get(&self, path: &Path, key: u64) -> Option<&str> {
        self.files.get(path).filter(|(k, _)| *k == key).map(|(_, t)| t.as_str())
    }

    /// How many earlier texts are on offer.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when nothing is on offer.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl std::fmt::Debug for Reuse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Reuse({} files)", self.files.len())
    }
}

/// A stable 64-bit hash of bytes (SipHash with fixed keys), for the text
/// half of a cache entry.
pub fn text_hash(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(text.as_bytes());
    h.finish()
}

/// The key of a Rust file: its tokens (spelling, spacing, nesting) and the
/// settings that change the rendered text (header command, module path).
pub(super) fn key(tokens: &TokenStream, command: &str, module: Option<&str>) -> u64 {
    let mut h = DefaultHasher::new();
    command.hash(&mut h);
    module.hash(&mut h);
    hash_stream(tokens, &mut h);
    h.finish()
}

fn hash_stream(tokens: &TokenStream, h: &mut DefaultHasher) {
    // The stream's `Display` goes straight into the hasher: walking the
    // trees instead would copy every token (a shared stream's iterator
    // clones it). `Display` spells each token, keeps joint punctuation
    // joint and brackets every group, so two streams that print the same
    // parse the same; the one thing it drops, an invisible group around
    // interpolated tokens, does not change how prettyplease prints them.
    let _ = write!(HashWriter(h), "{tokens}");
}

struct HashWriter<'a>(&'a mut DefaultHasher);

impl std::fmt::Write for HashWriter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn keys_tell_apart_what_renders_differently() {
        let base = key(&quote!(fn a() -> u8 { 1 }), "c", None);
        assert_eq!(base, key(&quote!(fn a() -> u8 { 1 }), "c", None));
        for other in [
            key(&quote!(fn a() -> u8 { 2 }), "c", None),
            key(&quote!(fn b() -> u8 { 1 }), "c", None),
            key(&quote!(fn a() -> u8 [ 1 ]), "c", None),
            key(&quote!(fn a() -> u8 { 1 }), "d", None),
            key(&quote!(fn a() -> u8 { 1 }), "c", Some("m")),
            // Token boundaries count: `ab` is not `a b`.
            key(&quote!(fn ab() -> u8 { 1 }), "c", None),
        ] {
            assert_ne!(base, other);
        }
        // Joint and alone punctuation differ (`<<` versus `< <`).
        let joint: TokenStream = "a << b".parse().unwrap();
        let alone: TokenStream = "a < < b".parse().unwrap();
        assert_ne!(key(&joint, "c", None), key(&alone, "c", None));
    }

    #[test]
    fn lookups_need_the_same_key() {
        let mut r = Reuse::none();
        r.insert("src/a.rs".into(), 7, "text".into());
        assert_eq!(r.get(Path::new("src/a.rs"), 7), Some("text"));
        assert_eq!(r.get(Path::new("src/a.rs"), 8), None);
        assert_eq!(r.get(Path::new("src/b.rs"), 7), None);
    }
}
