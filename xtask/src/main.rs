//! `cargo xtask`: project commands.
//!
//! `cargo xtask codegen` regenerates `generated/` from `model/`;
//! `--model`, `--out`, `--service` and `--operation` generate any model
//! anywhere; `--check` writes nothing and fails when files are stale.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod bench_generation;
mod bench_whole;
mod check_models;
mod endpoint_tests;
mod parity;
mod protocol_tests;
mod render_cache;
mod test_all;
mod validation_tests;
mod wire_tests;

#[derive(Parser)]
#[command(name = "xtask", about = "Project commands")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a client crate from Smithy JSON AST models.
    Codegen(CodegenArgs),
    /// Run the Smithy protocol compliance tests (restJson1, awsJson1_0, awsJson1_1) against generated crates.
    ProtocolTests(protocol_tests::Args),
    /// Build a program written against aws-sdk-connect as it is and against connect-client (only its `use` line changed), run both against one local server, require the same output.
    Parity,
    /// Generate every reference model (top level, `more/`, protocol tests) into a crate that must build and document, warnings denied.
    CheckModels {
        /// Only the jobs with these names (e.g. `voice-id-2021-09-27`, `more-sqs`); default: all.
        only: Vec<String>,
        /// Build and document crate by crate, timing each (slower: one crate at a time).
        #[arg(long)]
        per_crate: bool,
    },
    /// Run every model's `smithy.rules#endpointTests` cases against its generated endpoint resolver.
    EndpointTests,
    /// Run every test: `cargo test --workspace` (freshness of `generated/` included), check-models, endpoint tests, protocol tests;
    /// makes the botocore virtualenv `.venv` first when missing.
    Test,
    /// Side-by-side benchmark against the official aws-sdk-connect (`bench/peer/`); not part of CI.
    Bench(bench::Args),
}

#[derive(clap::Args)]
struct CodegenArgs {
    /// A model file (repeatable); default: every `*.json` in `model/`.
    #[arg(long = "model", value_name = "FILE")]
    models: Vec<PathBuf>,
    /// Output directory; default: `generated/`.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The service shape id, when the model defines several.
    #[arg(long)]
    service: Option<String>,
    /// Generate only this operation (repeatable); default: all.
    #[arg(long = "operation", value_name = "NAME")]
    operations: Vec<String>,
    /// Cargo package name of the generated crate.
    #[arg(long, default_value = "connect-client")]
    crate_name: String,
    /// A TOML file whose contents are appended to the generated Cargo.toml
    /// (dev-dependencies for hand-written tests); default:
    /// `model/generated-manifest.toml` when generating into `generated/`.
    #[arg(long, value_name = "FILE")]
    manifest_extra: Option<PathBuf>,
    /// Write nothing; list stale files and fail if any.
    #[arg(long)]
    check: bool,
}

/// The string value of `key` in table `[table]` of a manifest: the
/// generator's settings in `model/generated-manifest.toml` (`key = "value"`
/// lines only; the file is otherwise Cargo's business).
fn manifest_setting(text: &str, table: &str, key: &str) -> Option<String> {
    let header = format!("[{table}]");
    let mut inside = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            inside = line == header;
        } else if inside {
            let Some((k, v)) = line.split_once('=') else { continue };
            if k.trim() == key {
                return Some(v.trim().trim_matches('"').to_string());
            }
        }
    }
    None
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is inside the workspace").to_path_buf()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Codegen(args) => match codegen(args) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Parity => match parity::run(&workspace_root()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::ProtocolTests(args) => protocol_tests::run(&workspace_root(), args).unwrap_or_else(|e| {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }),
        Command::CheckModels { only, per_crate } => match check_models::run(&workspace_root(), &only, per_crate) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::EndpointTests => match endpoint_tests::run(&workspace_root()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Test => test_all::run(&workspace_root()),
        Command::Bench(args) => match bench::run(&workspace_root(), args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

/// A command's oracle: `Some` when present, `None` after saying the command
/// skips, an error under CI (see the `oracle` crate).
fn oracle_or_skip<T>(command: &str, found: Result<T, String>) -> Result<Option<T>, String> {
    match oracle::decide(found) {
        oracle::Decision::Use(v) => Ok(Some(v)),
        oracle::Decision::Skip(reason) => {
            println!("{command} skipped: {reason}");
            Ok(None)
        }
        oracle::Decision::Fail(message) => Err(message),
    }
}

/// Where cargo builds this workspace, so the crates the commands generate
/// reuse what `cargo test` built.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(|d| absolute(Path::new(&d))).unwrap_or_else(|| root.join("target"))
}

fn codegen(args: CodegenArgs) -> Result<ExitCode, String> {
    let start = Instant::now();
    let root = workspace_root();
    let default_out = args.out.is_none();
    let out = args.out.clone().unwrap_or_else(|| root.join("generated"));
    let models = if args.models.is_empty() {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join("model"))
            .map_err(|e| format!("cannot list model/: {e}"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        found.sort();
        found
    } else {
        args.models.clone()
    };
    let models: Vec<PathBuf> = models.iter().map(|m| absolute(m)).collect();
    let out = absolute(&out);
    // Relative paths in diagnostics and headers are relative to the workspace.
    std::env::set_current_dir(&root).map_err(|e| format!("cannot enter {}: {e}", root.display()))?;
    let runtime = root.join("runtime");
    let runtime_path = if default_out { "../runtime".to_string() } else { runtime.display().to_string() };
    let extra = match &args.manifest_extra {
        Some(p) => Some(p.clone()),
        None if default_out => Some(root.join("model/generated-manifest.toml")),
        None => None,
    };
    let extra_text = match extra.filter(|p| p.exists()) {
        Some(p) => Some(std::fs::read_to_string(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?),
        None => None,
    };
    let opts = codegen::Options {
        models: models.iter().map(|m| display_path(&root, m)).collect(),
        service: args.service.clone(),
        operations: args.operations.clone(),
        crate_name: args.crate_name.clone(),
        runtime_path,
        regenerate_command: if default_out { "cargo xtask codegen".into() } else { "cargo xtask codegen --out ...".into() },
        fake_validation_error: extra_text.as_deref().and_then(|t| manifest_setting(t, "package.metadata.codegen", "fake-validation-error")),
    };
    let index = render_cache::index_path(&target_dir(&root), &out);
    let reuse = render_cache::load(&index, &out);
    let mut generated = match codegen::generate_reusing(&opts, &codegen::Layout::Crate, &reuse) {
        Ok(g) => g,
        Err(e) => {
            for d in &e.diagnostics {
                eprintln!("{d}");
            }
            let n = e.diagnostics.iter().filter(|d| d.severity == codegen::Severity::Error).count();
            return Err(format!("the model has {n} error(s); nothing was written"));
        }
    };
    for d in &generated.diagnostics {
        eprintln!("{d}");
    }
    if let Some(text) = &extra_text {
        if let Some(manifest) = generated.files.get_mut(Path::new("Cargo.toml")) {
            manifest.push('\n');
            manifest.push_str(text);
        }
    }
    drop(reuse);
    let report = codegen::write::write(&out, &generated.files, args.check).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    if !args.check {
        render_cache::save(&index, &generated.render_keys, &generated.files);
    }
    // The default run also regenerates the runtime's own clients.
    let modules_fresh = if default_out && args.models.is_empty() { codegen_runtime_modules(&root, args.check)? } else { true };
    let elapsed = start.elapsed();
    if args.check {
        if !modules_fresh {
            eprintln!("runtime/src/credentials is stale: run `cargo xtask codegen`");
            return Ok(ExitCode::FAILURE);
        }
        if report.is_fresh() {
            println!("{} is fresh ({} files, checked in {:.0?})", out.display(), report.unchanged, elapsed);
            return Ok(ExitCode::SUCCESS);
        }
        for p in &report.changed {
            eprintln!("stale: {}", p.display());
        }
        for p in &report.removed {
            eprintln!("no longer generated: {}", p.display());
        }
        eprintln!("{} is stale: run `cargo xtask codegen`", out.display());
        return Ok(ExitCode::FAILURE);
    }
    println!(
        "{}: {} written, {} removed, {} unchanged in {:.0?} ({} of {} files formatted, the rest reused)",
        out.display(),
        report.changed.len(),
        report.removed.len(),
        report.unchanged,
        elapsed,
        generated.render_keys.len() - generated.reused,
        generated.render_keys.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// Clients generated into the runtime as modules, for its credential
/// providers (docs/credentials.md): folder under `runtime/src`, module
/// path, models.
const RUNTIME_MODULES: [(&str, &str, [&str; 2]); 2] = [
    ("credentials/sts", "credentials::sts", ["model/credentials/sts.json", "model/credentials/sts-endpoint-rule-set.json"]),
    ("credentials/sso", "credentials::sso", ["model/credentials/sso.json", "model/credentials/sso-endpoint-rule-set.json"]),
];

/// Generates (or, with `check`, compares) the runtime's own clients; the
/// report lines go to stdout, stale files to stderr. `Ok(false)`: stale.
fn codegen_runtime_modules(root: &Path, check: bool) -> Result<bool, String> {
    let mut fresh = true;
    for (dir, module, models) in RUNTIME_MODULES {
        let opts = codegen::Options {
            models: models.iter().map(PathBuf::from).collect(),
            service: None,
            operations: Vec::new(),
            crate_name: "client-runtime".into(),
            runtime_path: String::new(),
            regenerate_command: "cargo xtask codegen".into(),
            fake_validation_error: None,
        };
        let generated = codegen::generate_as(&opts, &codegen::Layout::Module(module.into())).map_err(|e| format!("{module}: {e}"))?;
        for d in &generated.diagnostics {
            eprintln!("{d}");
        }
        let out = root.join("runtime/src").join(dir);
        let report = codegen::write::write(&out, &generated.files, check).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        for p in report.changed.iter().chain(&report.removed).filter(|_| check) {
            eprintln!("stale: runtime/src/{dir}/{}", p.display());
        }
        fresh &= report.is_fresh();
        if !check {
            println!("{}: {} written, {} removed, {} unchanged", out.display(), report.changed.len(), report.removed.len(), report.unchanged);
        }
    }
    Ok(fresh)
}

/// Paths inside the workspace are shown relative to it, so diagnostics and
/// headers do not depend on where the checkout lives.
fn display_path(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| p.to_path_buf())
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf()) }
}
