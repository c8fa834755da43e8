//! Constraint-trait validation with the Smithy reference semantics.
//!
//! Generated code implements [`Validate::validate_into`] by walking a value
//! and calling the [`Validator`] primitives; each primitive records a
//! [`Violation`] worded exactly like the Smithy `ValidationException`
//! messages checked by the `RestJsonValidation` protocol tests, at a JSON
//! Pointer of wire member names relative to the validated value.
//!
//! Decisions worth knowing:
//! - `@length` on strings counts Unicode scalar values (`char`s), as Smithy
//!   specifies, not bytes or UTF-16 units.
//! - `@range` on floats: NaN violates any range that has a bound (it is
//!   neither `>=` nor `<=` anything); infinities compare normally.
//! - `@range` on bigInteger/bigDecimal compares decimal strings exactly
//!   ([`Validator::range_decimal`]); an unparsable value is a violation.
//! - `@pattern` follows `java.util.regex` `Matcher.find()` (see [`Pattern`]).

mod decimal;
mod pattern;

pub use pattern::{Pattern, check_pattern};

use std::fmt;

/// A value whose constraint traits can be checked.
pub trait Validate {
    /// Checks every constraint of this value (recursively) and returns all
    /// violations found, or `Ok(())`.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut v = Validator::new();
        self.validate_into(&mut v);
        v.finish()
    }

    /// Records this value's violations into `v`, at `v`'s current path.
    #[doc(hidden)]
    fn validate_into(&self, v: &mut Validator);
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_into(&self, v: &mut Validator) {
        (**self).validate_into(v);
    }
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate_into(&self, v: &mut Validator) {
        (**self).validate_into(v);
    }
}

/// `None` is valid; `Some(x)` validates `x` at the same path.
impl<T: Validate> Validate for Option<T> {
    fn validate_into(&self, v: &mut Validator) {
        if let Some(x) = self {
            x.validate_into(v);
        }
    }
}

/// Each element is validated at `/<index>`.
impl<T: Validate> Validate for Vec<T> {
    fn validate_into(&self, v: &mut Validator) {
        self.as_slice().validate_into(v);
    }
}

/// Each element is validated at `/<index>`.
impl<T: Validate> Validate for [T] {
    fn validate_into(&self, v: &mut Validator) {
        for (i, x) in self.iter().enumerate() {
            v.index(i, |v| x.validate_into(v));
        }
    }
}

/// Each value is validated at `/<key>`, keys in sorted order so violations
/// come out in a stable order.
impl<K: AsRef<str>, V: Validate, S> Validate for std::collections::HashMap<K, V, S> {
    fn validate_into(&self, v: &mut Validator) {
        let mut entries: Vec<(&str, &V)> = self.iter().map(|(k, x)| (k.as_ref(), x)).collect();
        entries.sort_by_key(|(k, _)| *k);
        for (k, x) in entries {
            v.key(k, |v| x.validate_into(v));
        }
    }
}

/// Each value is validated at `/<key>`.
impl<K: AsRef<str>, V: Validate> Validate for std::collections::BTreeMap<K, V> {
    fn validate_into(&self, v: &mut Validator) {
        for (k, x) in self {
            v.key(k.as_ref(), |v| x.validate_into(v));
        }
    }
}

/// One failed constraint: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    path: String,
    message: String,
}

impl Violation {
    /// JSON Pointer (RFC 6901) of wire member names, list indexes and map
    /// keys, relative to the validated value, e.g. `/Tags/team`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The full Smithy-style message, e.g. `Value at '/string' failed to
    /// satisfy constraint: Member must not be null`.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every violation found while validating one value (never empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    /// The violations, in the order they were found.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
}

/// `1 validation error detected. <message>` or
/// `N validation errors detected. <message>; <message>; ...`.
impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.violations.len();
        write!(
            f,
            "{n} validation error{} detected. ",
            if n == 1 { "" } else { "s" }
        )?;
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            f.write_str(&v.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Walks a value: keeps the current JSON Pointer and collects violations.
#[derive(Debug, Default)]
pub struct Validator {
    path: String,
    /// Nesting depth of `map_key` scopes: inside one, path segments pushed by
    /// nested calls are still recorded, but violations are reported at the
    /// map's path as Smithy does.
    key_scope: Option<usize>,
    violations: Vec<Violation>,
}

impl Validator {
    /// An empty validator positioned at the root (`""`).
    pub fn new() -> Self {
        // Room for a typical nested pointer, so walking a value does not
        // reallocate the path as it deepens.
        Self { path: String::with_capacity(128), ..Self::default() }
    }

    /// `Ok(())` when nothing was recorded, else every violation.
    pub fn finish(self) -> Result<(), ValidationError> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                violations: self.violations,
            })
        }
    }

    /// The violations recorded so far.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The JSON Pointer violations are currently reported at.
    pub fn path(&self) -> &str {
        match self.key_scope {
            Some(len) => &self.path[..len],
            None => &self.path,
        }
    }

    fn push_segment(&mut self, segment: &str) -> usize {
        let len = self.path.len();
        self.path.push('/');
        if !segment.contains(['~', '/']) {
            self.path.push_str(segment);
            return len;
        }
        for c in segment.chars() {
            match c {
                '~' => self.path.push_str("~0"),
                '/' => self.path.push_str("~1"),
                c => self.path.push(c),
            }
        }
        len
    }

    fn scoped(&mut self, segment: &str, f: impl FnOnce(&mut Self)) {
        let len = self.push_segment(segment);
        f(self);
        self.path.truncate(len);
    }

    /// Runs `f` at `<path>/<wire_name>`.
    pub fn member(&mut self, wire_name: &str, f: impl FnOnce(&mut Self)) {
        self.scoped(wire_name, f);
    }

    /// Runs `f` at `<path>/<i>` (a list element).
    pub fn index(&mut self, i: usize, f: impl FnOnce(&mut Self)) {
        use std::fmt::Write;
        let len = self.path.len();
        let _ = write!(self.path, "/{i}");
        f(self);
        self.path.truncate(len);
    }

    /// How many violations have been recorded; pass it to
    /// [`Self::sort_since`].
    pub fn mark(&self) -> usize {
        self.violations.len()
    }

    /// Sorts the violations recorded since `mark` by path (stable), so that a
    /// map walked in hash order still reports in a deterministic order
    /// without sorting its entries up front.
    pub fn sort_since(&mut self, mark: usize) {
        if self.violations.len() > mark + 1 {
            self.violations[mark..].sort_by(|a, b| a.path.cmp(&b.path));
        }
    }

    /// Runs `f` at `<path>/<key>` (a map value).
    pub fn key(&mut self, key: &str, f: impl FnOnce(&mut Self)) {
        self.scoped(key, f);
    }

    /// Runs `f` for a map *key*: its violations are reported at the map's
    /// own path (Smithy reports `'/map'` for a bad key, not `'/map/<key>'`).
    pub fn map_key(&mut self, f: impl FnOnce(&mut Self)) {
        let outer = self.key_scope;
        if outer.is_none() {
            self.key_scope = Some(self.path.len());
        }
        f(self);
        self.key_scope = outer;
    }

    /// Records a violation at the current path with a custom constraint
    /// description (`Value at '<path>' failed to satisfy constraint: <what>`).
    pub fn violation(&mut self, what: &str) {
        let message = format!(
            "Value at '{}' failed to satisfy constraint: {what}",
            self.path()
        );
        self.push(message);
    }

    fn push(&mut self, message: String) {
        let path = self.path().to_owned();
        self.violations.push(Violation { path, message });
    }

    /// Records that required member `wire_name` is missing (or null).
    pub fn required(&mut self, wire_name: &str) {
        self.member(wire_name, |v| v.violation("Member must not be null"));
    }

    fn length(&mut self, len: u64, min: Option<u64>, max: Option<u64>) {
        let what = match (min, max) {
            (Some(lo), Some(hi)) if len < lo || len > hi => {
                format!("Member must have length between {lo} and {hi}, inclusive")
            }
            (Some(lo), None) if len < lo => {
                format!("Member must have length greater than or equal to {lo}")
            }
            (None, Some(hi)) if len > hi => {
                format!("Member must have length less than or equal to {hi}")
            }
            _ => return,
        };
        let message = format!(
            "Value with length {len} at '{}' failed to satisfy constraint: {what}",
            self.path()
        );
        self.push(message);
    }

    /// `@length` on a string: counts Unicode scalar values.
    pub fn length_str(&mut self, v: &str, min: Option<u64>, max: Option<u64>) {
        self.length(v.chars().count() as u64, min, max);
    }

    /// `@length` on a blob: counts bytes.
    pub fn length_bytes(&mut self, len: usize, min: Option<u64>, max: Option<u64>) {
        self.length(len as u64, min, max);
    }

    /// `@length` on a list or map: counts elements or entries.
    pub fn length_count(&mut self, len: usize, min: Option<u64>, max: Option<u64>) {
        self.length(len as u64, min, max);
    }

    fn range_violation(&mut self, min: Option<&dyn fmt::Display>, max: Option<&dyn fmt::Display>) {
        let what = match (min, max) {
            (Some(lo), Some(hi)) => format!("Member must be between {lo} and {hi}, inclusive"),
            (Some(lo), None) => format!("Member must be greater than or equal to {lo}"),
            (None, Some(hi)) => format!("Member must be less than or equal to {hi}"),
            (None, None) => return,
        };
        self.violation(&what);
    }

    /// `@range` on byte/short/integer/long (and intEnum-free integers).
    pub fn range_i64(&mut self, v: i64, min: Option<i64>, max: Option<i64>) {
        if min.is_some_and(|lo| v < lo) || max.is_some_and(|hi| v > hi) {
            self.range_violation(min.as_ref().map(|x| x as _), max.as_ref().map(|x| x as _));
        }
    }

    /// `@range` on float/double. NaN violates any range with a bound.
    /// Bounds print like Rust's `Display` for `f64` (`2.2`, `8`).
    pub fn range_f64(&mut self, v: f64, min: Option<f64>, max: Option<f64>) {
        // Written so that NaN (unordered) is outside both bounds.
        let below = min.is_some_and(|lo| v.partial_cmp(&lo).is_none_or(|o| o.is_lt()));
        let above = max.is_some_and(|hi| v.partial_cmp(&hi).is_none_or(|o| o.is_gt()));
        if below || above {
            self.range_violation(min.as_ref().map(|x| x as _), max.as_ref().map(|x| x as _));
        }
    }

    /// `@range` on float: compared as `f32` (bounds are the `f32`s nearest
    /// the model's numbers) and printed like Rust's `Display` for `f32`, so a
    /// bound of `2.2` reads `2.2`, not the widened `2.200000047683716`. NaN
    /// violates any range with a bound.
    pub fn range_f32(&mut self, v: f32, min: Option<f32>, max: Option<f32>) {
        let below = min.is_some_and(|lo| v.partial_cmp(&lo).is_none_or(|o| o.is_lt()));
        let above = max.is_some_and(|hi| v.partial_cmp(&hi).is_none_or(|o| o.is_gt()));
        if below || above {
            self.range_violation(min.as_ref().map(|x| x as _), max.as_ref().map(|x| x as _));
        }
    }

    /// `@range` on bigInteger/bigDecimal: `v` and the bounds are decimal
    /// strings (optional sign, digits, optional fraction and exponent),
    /// compared exactly. Bounds are printed as given. A value that is not a
    /// decimal number is reported as out of range.
    pub fn range_decimal(&mut self, v: &str, min: Option<&str>, max: Option<&str>) {
        use std::cmp::Ordering::{Greater, Less};
        let value = decimal::Decimal::parse(v);
        let out = |bound: Option<&str>, bad: std::cmp::Ordering| match bound {
            None => false,
            Some(b) => match (&value, decimal::Decimal::parse(b)) {
                (Some(x), Some(b)) => x.cmp(&b) == bad,
                _ => true,
            },
        };
        if out(min, Less) || out(max, Greater) {
            self.range_violation(min.as_ref().map(|x| x as _), max.as_ref().map(|x| x as _));
        }
    }

    /// `@pattern`: valid when `p` matches somewhere in `v`.
    pub fn pattern(&mut self, v: &str, p: &Pattern) {
        if !p.is_match(v) {
            self.violation(&format!(
                "Member must satisfy regular expression pattern: {}",
                p.source()
            ));
        }
    }

    /// `@uniqueItems`: one violation at the list's path if any two items
    /// are equal.
    pub fn unique_items<T: PartialEq>(&mut self, items: &[T]) {
        let dup = items
            .iter()
            .enumerate()
            .any(|(i, a)| items[i + 1..].contains(a));
        if dup {
            self.violation("Member must have unique values");
        }
    }

    /// A string enum (enum shape or `@enum` trait) whose value is not one of
    /// `allowed` (listed in model order in the message).
    pub fn enum_value(&mut self, v: &str, allowed: &[&str]) {
        if !allowed.contains(&v) {
            let what = format!(
                "Member must satisfy enum value set: [{}]",
                allowed.join(", ")
            );
            self.violation(&what);
        }
    }

    /// An intEnum whose value is not one of `allowed`.
    pub fn int_enum_value(&mut self, v: i32, allowed: &[i32]) {
        if !allowed.contains(&v) {
            let list: Vec<String> = allowed.iter().map(i32::to_string).collect();
            let what = format!("Member must satisfy enum value set: [{}]", list.join(", "));
            self.violation(&what);
        }
    }
}

#[cfg(test)]
mod tests;
