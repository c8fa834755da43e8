//! Generates a Rust client crate from Smithy JSON AST models of a restJson1
//! service.
//!
//! The pipeline, one module per stage:
//! `load` (serde mirror of the JSON AST) → `assemble` (merge files, `apply`,
//! mixins, prelude, checks) → `lower` (IR: Rust names, nullability,
//! constraints, HTTP bindings) → `emit` (token streams, one emitter per
//! concern) → `render` (syn + prettyplease, file set) → `write` (only changed
//! files, or a staleness check).

pub mod assemble;
pub mod diag;
pub mod emit;
pub mod load;
pub mod lower;
pub mod naming;
pub mod pattern;
pub mod render;
pub mod write;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use diag::{Diagnostic, Diagnostics, Severity};

/// What to generate and how to name the crate.
#[derive(Debug, Clone)]
pub struct Options {
    /// Model files, merged in order.
    pub models: Vec<PathBuf>,
    /// The service to generate when the model has several.
    pub service: Option<String>,
    /// Generate only these operations (by shape name); all when empty.
    pub operations: Vec<String>,
    /// Cargo package name of the generated crate.
    pub crate_name: String,
    /// The `client-runtime` dependency line's path, relative to the output.
    pub runtime_path: String,
    /// Command named in the `@generated` header of every file.
    pub regenerate_command: String,
    /// The error the `fake` module answers a request that fails validation
    /// with, for operations that do not list
    /// `smithy.framework#ValidationException` (a shape id of one of the
    /// service's errors; its message member names every violation). `None`:
    /// the fake validates only operations that list the framework's error.
    pub fake_validation_error: Option<String>,
}

/// The files of a generated crate, by path relative to its root.
#[derive(Debug, Clone)]
pub struct Generated {
    /// File contents.
    pub files: BTreeMap<PathBuf, String>,
    /// The key of the tokens each Rust file was rendered from: what to
    /// offer back as [`render::Reuse`] to [`generate_reusing`] next time.
    pub render_keys: BTreeMap<PathBuf, u64>,
    /// How many files were taken from the `Reuse` instead of formatted.
    pub reused: usize,
    /// Warnings (errors stop generation).
    pub diagnostics: Vec<Diagnostic>,
}

impl Generated {
    /// This run's Rust files as earlier renders to offer the next
    /// [`generate_reusing`] of the same output.
    pub fn reuse(&self) -> render::Reuse {
        let mut reuse = render::Reuse::none();
        for (path, key) in &self.render_keys {
            if let Some(text) = self.files.get(path) {
                reuse.insert(path.clone(), *key, text.clone());
            }
        }
        reuse
    }
}

/// Generation failed; every problem found is listed.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", .diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
pub struct GenerateError {
    /// Errors and warnings, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// Where the generated code goes: its own crate, or a module of another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// A crate: `Cargo.toml`, `src/lib.rs` and the modules under `src/`.
    Crate,
    /// A module at this path of a crate that depends on nothing but what
    /// `client-runtime` offers and that declares `extern crate self as
    /// client_runtime` when it is the runtime itself (`credentials::sts`):
    /// `mod.rs` and the modules beside it, every `crate::` path rewritten to
    /// `crate::credentials::sts::`, no manifest.
    Module(String),
}

/// Runs the pipeline up to the file set (nothing is written).
pub fn generate(opts: &Options) -> Result<Generated, GenerateError> {
    generate_as(opts, &Layout::Crate)
}

/// Like [`generate`], laid out as `layout` says.
pub fn generate_as(opts: &Options, layout: &Layout) -> Result<Generated, GenerateError> {
    generate_reusing(opts, layout, &render::Reuse::none())
}

/// Like [`generate_as`], taking the text of every file whose tokens are
/// unchanged from `reuse` instead of formatting it again (the output is the
/// same; see `render::Reuse`).
pub fn generate_reusing(opts: &Options, layout: &Layout, reuse: &render::Reuse) -> Result<Generated, GenerateError> {
    let mut diags = Diagnostics::default();
    let files: Vec<_> = opts.models.iter().filter_map(|p| load::load_file(p, &mut diags)).collect();
    generate_loaded(files, opts, layout, diags, reuse)
}

/// Like [`generate`], from model texts already in memory (path, text).
pub fn generate_from_strs(models: &[(PathBuf, String)], opts: &Options) -> Result<Generated, GenerateError> {
    let mut diags = Diagnostics::default();
    let files: Vec<_> = models.iter().filter_map(|(p, t)| load::load_str(p, t, &mut diags)).collect();
    generate_loaded(files, opts, &Layout::Crate, diags, &render::Reuse::none())
}

fn generate_loaded(files: Vec<load::LoadedFile>, opts: &Options, layout: &Layout, mut diags: Diagnostics, reuse: &render::Reuse) -> Result<Generated, GenerateError> {
    let fail = |diags: Diagnostics| GenerateError { diagnostics: diags.into_sorted() };
    if diags.has_errors() {
        return Err(fail(diags));
    }
    let model = assemble::assemble(&files, &mut diags);
    assemble::check(&model, &mut diags);
    if diags.has_errors() {
        return Err(fail(diags));
    }
    let lower_opts = lower::LowerOptions { service: opts.service.clone(), operations: opts.operations.clone() };
    let ir = lower::lower(&model, &lower_opts, &mut diags);
    let Some(ir) = ir.filter(|_| !diags.has_errors()) else { return Err(fail(diags)) };
    let rendered = match emit::emit_crate(&ir, opts, layout, reuse) {
        Ok(f) => f,
        Err(e) => {
            diags.push(Diagnostic::error(std::path::Path::new("<generator>"), None, None, e));
            return Err(fail(diags));
        }
    };
    Ok(Generated { files: rendered.files, render_keys: rendered.keys, reused: rendered.reused, diagnostics: diags.into_sorted() })
}
