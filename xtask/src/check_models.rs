//! `cargo xtask check-models`: every reference model generates into a
//! temporary crate that builds and documents without a single warning.
//!
//! Models come from `$SMITHY_MODELS_DIR` (default `../shared/models`): each
//! top-level `*.json`, each `more/*.json` (other AWS services and protocols,
//! jobs `more-<name>`), each service of the protocol tests whose protocol is
//! generated (`pt-<name>`) and the generator's own test models
//! (`own-<name>`). The crates form one workspace, built and documented in
//! one cargo run each (in parallel, one build of the runtime); when that
//! fails or warns, crate by crate, so one that fails does not hide the
//! others and the report says which (`--per-crate` always does, and times
//! each). They share the repository's target directory, so dependencies
//! already built by `cargo test` are reused. Without the models the command
//! skips, or fails under CI.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use codegen::lower::ir::Protocol;
use serde_json::Value;

/// One crate to generate.
struct Job {
    name: String,
    models: Vec<PathBuf>,
    service: Option<String>,
}

/// The `*.json` files directly in `dir`, sorted; none when it does not exist.
fn json_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot list {}: {e}", dir.display())),
    };
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    files.sort();
    Ok(files)
}

fn stem(f: &Path) -> String {
    f.file_stem().unwrap_or_default().to_string_lossy().to_string()
}

fn jobs(dir: &Path, root: &Path) -> Result<Vec<Job>, String> {
    let mut jobs = Vec::new();
    for f in json_files(dir)? {
        jobs.push(Job { name: stem(&f), models: vec![f], service: None });
    }
    for f in json_files(&dir.join("more"))? {
        jobs.push(Job { name: format!("more-{}", stem(&f)), models: vec![f], service: None });
    }
    let tests = dir.join("protocol-tests/smithy-aws-protocol-tests.json");
    if tests.exists() {
        let text = std::fs::read_to_string(&tests).map_err(|e| format!("cannot read {}: {e}", tests.display()))?;
        let json: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", tests.display()))?;
        let mut services: Vec<String> = json["shapes"]
            .as_object()
            .map(|shapes| {
                shapes
                    .iter()
                    .filter(|(_, s)| s["type"] == "service" && Protocol::PREFERENCE.iter().any(|p| s["traits"].get(p.trait_id()).is_some()))
                    .map(|(id, _)| id.clone())
                    .collect()
            })
            .unwrap_or_default();
        services.sort();
        for s in services {
            let name = format!("pt-{}", s.rsplit('#').next().unwrap_or(&s).to_lowercase());
            jobs.push(Job { name, models: vec![tests.clone()], service: Some(s) });
        }
    }
    // The generator's own purpose-built models (naming obstacles and friends).
    for f in json_files(&root.join("codegen/tests/models"))? {
        jobs.push(Job { name: format!("own-{}", stem(&f)), models: vec![f], service: None });
    }
    Ok(jobs)
}

/// What one job produced, for its summary line.
struct Done {
    crate_name: String,
    shapes: usize,
    operations: usize,
    generated_in: Duration,
}

pub fn run(root: &Path, only: &[String], per_crate: bool) -> Result<(), String> {
    let Some(dir) = crate::oracle_or_skip("check-models", oracle::models(root))? else { return Ok(()) };
    let out = root.join("target/model-check");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let mut done = Vec::new();
    let mut failed = Vec::new();
    let mut tested = Vec::new();
    let jobs: Vec<Job> = jobs(&dir, root)?.into_iter().filter(|j| only.is_empty() || only.contains(&j.name)).collect();
    if jobs.is_empty() {
        return Err(format!("no check-models job is named {only:?}"));
    }
    for job in jobs {
        let crate_name = job.name.replace('_', "-");
        let opts = codegen::Options {
            models: job.models.clone(),
            service: job.service.clone(),
            operations: vec![],
            crate_name: crate_name.clone(),
            runtime_path: root.join("runtime").display().to_string(),
            regenerate_command: "cargo xtask check-models".into(),
            fake_validation_error: None,
        };
        let start = Instant::now();
        let generated = match codegen::generate(&opts) {
            Ok(g) => g,
            Err(e) => {
                eprintln!("{}: generation failed:\n{e}", job.name);
                failed.push(format!("{crate_name} (generation)"));
                continue;
            }
        };
        let generated_in = start.elapsed();
        let mut files = generated.files;
        let operations = files.keys().filter(|p| p.starts_with("src/operation") && p.extension().is_some_and(|x| x == "rs")).count();
        let tests = add_hand_written_tests(root, &job, &mut files)?;
        let tests = crate::wire_tests::add(root, &job.name, &job.models, job.service.as_deref(), &mut files)? || tests;
        let report = codegen::write::write(&out.join(&crate_name), &files, false).map_err(|e| e.to_string())?;
        if tests {
            tested.push(crate_name.clone());
        }
        println!(
            "generated {crate_name}: {} files ({} changed) in {generated_in:.0?}, {} warning(s)",
            files.len(),
            report.changed.len(),
            generated.diagnostics.len()
        );
        let shapes = reachable_shapes(&job)?;
        done.push(Done { crate_name, shapes, operations, generated_in });
    }
    let manifest = format!(
        "# @generated by `cargo xtask check-models`\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        done.iter().map(|d| format!("\"{}\"", d.crate_name)).collect::<Vec<_>>().join(", ")
    );
    std::fs::write(out.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    let target = crate::target_dir(root);
    let passed = if per_crate { build_each(&out, &target, &done, &mut failed)? } else { build_all(&out, &target, &done, &mut failed)? };
    let tested: Vec<&String> = tested.iter().filter(|k| passed.contains(k)).collect();
    if !tested.is_empty() {
        let mut args = vec!["test", "--tests", "--all-features"];
        for krate in &tested {
            args.extend(["-p", krate.as_str()]);
        }
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(&args)
            .current_dir(&out)
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .map_err(|e| format!("cannot run cargo test: {e}"))?;
        if !status.success() {
            failed.push(format!("behaviour tests of {}", tested.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")));
        }
    }
    if !failed.is_empty() {
        return Err(format!("{} of {} models failed: {}", failed.len(), done.len() + failed.len(), failed.join(", ")));
    }
    println!("check-models: {} generated crates build and document without warnings", passed.len());
    Ok(())
}

/// Builds and documents every crate in one cargo run each (in parallel,
/// sharing one build of the runtime); on a failure or warning, crate by
/// crate to say which. Returns the crates that passed.
fn build_all(out: &Path, target: &Path, done: &[Done], failed: &mut Vec<String>) -> Result<Vec<String>, String> {
    let start = Instant::now();
    if cargo(out, target, &["build", "--workspace", "--all-features"]).is_err() {
        eprintln!("check-models: the workspace build failed or warned; building crate by crate");
        return build_each(out, target, done, failed);
    }
    let built_in = start.elapsed();
    let start = Instant::now();
    if cargo(out, target, &["doc", "--workspace", "--no-deps", "--all-features"]).is_err() {
        eprintln!("check-models: the workspace documentation failed or warned; documenting crate by crate");
        return build_each(out, target, done, failed);
    }
    for d in done {
        println!("{}: {} shapes, {} operations; generated in {:.1?}", d.crate_name, d.shapes, d.operations, d.generated_in);
    }
    println!("check-models: {} crates built in {built_in:.1?}, documented in {:.1?} (`--per-crate` times each)", done.len(), start.elapsed());
    Ok(done.iter().map(|d| d.crate_name.clone()).collect())
}

/// Builds and documents crate by crate, timing each; records failures.
fn build_each(out: &Path, target: &Path, done: &[Done], failed: &mut Vec<String>) -> Result<Vec<String>, String> {
    // The runtime first, so each crate's build time is its own.
    let start = Instant::now();
    // The runtime is not a member here, so no `--all-features`: each crate's
    // build below turns on what it uses.
    if let Err(problems) = cargo(out, target, &["build", "-p", "client-runtime"]) {
        return Err(format!("the runtime does not build for the generated crates:\n{problems}"));
    }
    println!("check-models: runtime built in {:.0?}", start.elapsed());
    let mut passed = Vec::new();
    for d in done {
        let start = Instant::now();
        // Registry crates' lints are capped, so any warning is ours.
        if let Err(problems) = cargo(out, target, &["build", "-p", &d.crate_name, "--all-features"]) {
            eprintln!("{}: build failed or warned:\n{problems}", d.crate_name);
            failed.push(format!("{} (build)", d.crate_name));
            continue;
        }
        let built_in = start.elapsed();
        // Documentation converted from the models must render without a rustdoc warning.
        let start = Instant::now();
        if let Err(problems) = cargo(out, target, &["doc", "--no-deps", "-p", &d.crate_name, "--all-features"]) {
            eprintln!("{}: rustdoc failed or warned:\n{problems}", d.crate_name);
            failed.push(format!("{} (doc)", d.crate_name));
            continue;
        }
        println!(
            "{}: {} shapes, {} operations; generated in {:.1?}, built in {built_in:.1?}, documented in {:.1?}",
            d.crate_name,
            d.shapes,
            d.operations,
            d.generated_in,
            start.elapsed()
        );
        passed.push(d.crate_name.clone());
    }
    Ok(passed)
}

/// Runs cargo in the check workspace; `Err` holds every warning and error
/// line when it fails or warns. Rustdoc warnings are denied.
fn cargo(workspace: &Path, target: &Path, args: &[&str]) -> Result<(), String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .args(["--message-format", "short"])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Diagnostics start with their level; a crate name such as `thiserror`
    // in a `Checking ...` line is not one.
    let problems: Vec<&str> = stderr.lines().filter(|l| is_diagnostic(l)).collect();
    if output.status.success() && problems.is_empty() { Ok(()) } else { Err(problems.join("\n")) }
}

/// How many shapes the job's service reaches (the generator does not report
/// it, so this lowers the model once more, untimed).
fn reachable_shapes(job: &Job) -> Result<usize, String> {
    let mut diags = codegen::Diagnostics::default();
    let files: Vec<_> = job.models.iter().filter_map(|p| codegen::load::load_file(p, &mut diags)).collect();
    let model = codegen::assemble::assemble(&files, &mut diags);
    let opts = codegen::lower::LowerOptions { service: job.service.clone(), operations: Vec::new() };
    let ir = codegen::lower::lower(&model, &opts, &mut diags).ok_or_else(|| format!("{}: cannot lower the model again", job.name))?;
    Ok(ir.structures.len() + ir.unions.len() + ir.enums.len() + ir.int_enums.len() + ir.lists.len() + ir.maps.len())
}

/// The generator's own models may come with behaviour tests
/// (`codegen/tests/models/<name>-tests/*.rs`): they are copied into the
/// generated crate's `tests/`, with tokio as a dev-dependency.
fn add_hand_written_tests(root: &Path, job: &Job, files: &mut std::collections::BTreeMap<PathBuf, String>) -> Result<bool, String> {
    let Some(stem) = job.name.strip_prefix("own-") else { return Ok(false) };
    let dir = root.join(format!("codegen/tests/models/{stem}-tests"));
    let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(false) };
    let mut any = false;
    for e in entries.filter_map(Result::ok) {
        let path = e.path();
        if path.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            files.insert(PathBuf::from("tests").join(e.file_name()), text);
            any = true;
        }
    }
    if any {
        if let Some(manifest) = files.get_mut(Path::new("Cargo.toml")) {
            manifest.push_str("\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"rt\", \"macros\"] }\nserde_json = { version = \"1\", features = [\"float_roundtrip\"] }\n");
        }
    }
    Ok(any)
}

/// A rustc/rustdoc/cargo warning or error line (`warning: ...`, `error[E0308]: ...`).
fn is_diagnostic(line: &str) -> bool {
    let l = line.trim_start();
    l.starts_with("warning") || l.starts_with("error")
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_diagnostic_lines_count() {
        assert!(super::is_diagnostic("warning: unused variable: `item`"));
        assert!(super::is_diagnostic("error[E0425]: cannot find value"));
        assert!(super::is_diagnostic("error: could not document `x`"));
        assert!(!super::is_diagnostic("    Checking thiserror v2.0.21"));
        assert!(!super::is_diagnostic("   Documenting my-error-crate v0.1.0"));
    }
}
