//! Diagnostics: every problem in a model, with where it is and what was expected.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation goes on; the output may not be what the author meant.
    Warning,
    /// Generation stops after all errors are collected.
    Error,
}

/// One problem found in a model.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file the problem is in (the one defining the shape).
    pub file: PathBuf,
    /// The shape id, when the problem is inside a shape.
    pub shape: Option<String>,
    /// The member name, when the problem is inside a member.
    pub member: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl Diagnostic {
    /// An error.
    pub fn error(file: &Path, shape: Option<&str>, member: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.to_path_buf(),
            shape: shape.map(str::to_string),
            member: member.map(str::to_string),
            message: message.into(),
        }
    }

    /// A warning.
    pub fn warning(file: &Path, shape: Option<&str>, member: Option<&str>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(file, shape, member, message) }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level}: {}", self.file.display())?;
        if let Some(shape) = &self.shape {
            write!(f, ": {shape}")?;
            if let Some(member) = &self.member {
                write!(f, "${member}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// Every diagnostic of one run, in a stable order.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// True when any error (not warning) was reported.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// All diagnostics, sorted (file, shape, member, message) and deduplicated.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, &a.shape, &a.member, &a.message, a.severity).cmp(&(&b.file, &b.shape, &b.member, &b.message, b.severity))
        });
        self.items.dedup();
        self.items
    }

    /// Borrow them in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}
