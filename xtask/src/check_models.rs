//! `cargo xtask check-models`: every reference model generates into a
//! temporary crate that compiles without a single warning.
//!
//! Models come from `$SMITHY_MODELS_DIR` (default `../shared/models`): each
//! top-level `*.json`, and each restJson1 service of the protocol tests. The
//! crates share the workspace's target directory, so dependencies already
//! built by `cargo test` are reused.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::Value;

/// One crate to generate.
struct Job {
    name: String,
    models: Vec<PathBuf>,
    service: Option<String>,
}

pub fn models_dir(root: &Path) -> PathBuf {
    std::env::var_os("SMITHY_MODELS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/models"))
}

fn jobs(dir: &Path, root: &Path) -> Result<Vec<Job>, String> {
    let mut jobs = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot list {}: {e} (set SMITHY_MODELS_DIR)", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for f in files {
        let stem = f
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        jobs.push(Job {
            name: stem,
            models: vec![f],
            service: None,
        });
    }
    let tests = dir.join("protocol-tests/smithy-aws-protocol-tests.json");
    if tests.exists() {
        let text = std::fs::read_to_string(&tests)
            .map_err(|e| format!("cannot read {}: {e}", tests.display()))?;
        let json: Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", tests.display()))?;
        let mut services: Vec<String> = json["shapes"]
            .as_object()
            .map(|shapes| {
                shapes
                    .iter()
                    .filter(|(_, s)| {
                        s["type"] == "service"
                            && s["traits"].get("aws.protocols#restJson1").is_some()
                    })
                    .map(|(id, _)| id.clone())
                    .collect()
            })
            .unwrap_or_default();
        services.sort();
        for s in services {
            let name = format!("pt-{}", s.rsplit('#').next().unwrap_or(&s).to_lowercase());
            jobs.push(Job {
                name,
                models: vec![tests.clone()],
                service: Some(s),
            });
        }
    }
    // The generator's own purpose-built models (naming obstacles and friends).
    let own = root.join("codegen/tests/models");
    if let Ok(entries) = std::fs::read_dir(&own) {
        let mut own_files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        own_files.sort();
        for f in own_files {
            let stem = f
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            jobs.push(Job {
                name: format!("own-{stem}"),
                models: vec![f],
                service: None,
            });
        }
    }
    Ok(jobs)
}

pub fn run(root: &Path) -> Result<(), String> {
    let dir = models_dir(root);
    if !dir.exists() {
        println!(
            "check-models skipped: no models at {} (set SMITHY_MODELS_DIR)",
            dir.display()
        );
        return Ok(());
    }
    let out = root.join("target/model-check");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let mut members = Vec::new();
    let mut tested = Vec::new();
    for job in jobs(&dir, root)? {
        let crate_name = job.name.replace('_', "-");
        let opts = codegen::Options {
            models: job.models.clone(),
            service: job.service.clone(),
            operations: vec![],
            crate_name: crate_name.clone(),
            runtime_path: root.join("runtime").display().to_string(),
            regenerate_command: "cargo xtask check-models".into(),
        };
        let start = Instant::now();
        let generated = codegen::generate(&opts)
            .map_err(|e| format!("{}: generation failed:\n{e}", job.name))?;
        let mut files = generated.files;
        let tests = add_hand_written_tests(root, &job, &mut files)?;
        let report = codegen::write::write(&out.join(&crate_name), &files, false)
            .map_err(|e| e.to_string())?;
        if tests {
            tested.push(crate_name.clone());
        }
        println!(
            "generated {crate_name}: {} files ({} changed) in {:.0?}, {} warning(s)",
            files.len(),
            report.changed.len(),
            start.elapsed(),
            generated.diagnostics.len()
        );
        members.push(crate_name);
    }
    let manifest = format!(
        "# @generated by `cargo xtask check-models`\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members
            .iter()
            .map(|m| format!("\"{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    std::fs::write(out.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    let start = Instant::now();
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--workspace", "--message-format", "short"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Registry crates' lints are capped, so any warning is ours.
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("warning:") || l.contains("error"))
        .collect();
    if !output.status.success() || !problems.is_empty() {
        for l in &problems {
            eprintln!("{l}");
        }
        return Err(format!(
            "{} generated crates: build failed or warned ({} lines)",
            members.len(),
            problems.len()
        ));
    }
    println!(
        "check-models: {} generated crates compile without warnings ({:.0?})",
        members.len(),
        start.elapsed()
    );
    // Documentation converted from the models must render without a rustdoc warning.
    let start = Instant::now();
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "doc",
            "--workspace",
            "--no-deps",
            "--message-format",
            "short",
        ])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .map_err(|e| format!("cannot run cargo doc: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        for l in stderr
            .lines()
            .filter(|l| l.contains("error") || l.contains("warning"))
            .take(40)
        {
            eprintln!("{l}");
        }
        return Err("rustdoc warns about the documentation of a generated crate".into());
    }
    println!(
        "check-models: their documentation renders without warnings ({:.0?})",
        start.elapsed()
    );
    for krate in &tested {
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["test", "-p", krate.as_str(), "--tests"])
            .current_dir(&out)
            .env("CARGO_TARGET_DIR", root.join("target"))
            .status()
            .map_err(|e| format!("cannot run cargo test: {e}"))?;
        if !status.success() {
            return Err(format!("the behaviour tests of {krate} failed"));
        }
    }
    Ok(())
}

/// The generator's own models may come with behaviour tests
/// (`codegen/tests/models/<name>-tests/*.rs`): they are copied into the
/// generated crate's `tests/`, with tokio as a dev-dependency.
fn add_hand_written_tests(
    root: &Path,
    job: &Job,
    files: &mut std::collections::BTreeMap<PathBuf, String>,
) -> Result<bool, String> {
    let Some(stem) = job.name.strip_prefix("own-") else {
        return Ok(false);
    };
    let dir = root.join(format!("codegen/tests/models/{stem}-tests"));
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(false);
    };
    let mut any = false;
    for e in entries.filter_map(Result::ok) {
        let path = e.path();
        if path.extension().is_some_and(|x| x == "rs") {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            files.insert(PathBuf::from("tests").join(e.file_name()), text);
            any = true;
        }
    }
    if any {
        if let Some(manifest) = files.get_mut(Path::new("Cargo.toml")) {
            manifest.push_str("\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"rt\", \"macros\"] }\n");
        }
    }
    Ok(any)
}
