//! The whole-model rows of `cargo xtask bench`: what the generated crate for
//! the whole Connect model costs its users to build, next to aws-sdk-connect
//! 1.220 (every operation of its model, as published), each measured in a
//! workspace of its own under `target/bench-whole/`, one after the other:
//!
//! - clean `cargo check`, clean `cargo build` (debug), and after it a
//!   rebuild once one file of the crate (`src/operation/describe_user.rs`,
//!   in both) has changed, then `cargo doc --no-deps` of the crate;
//! - clean `cargo build --release`.
//!
//! Each with `/usr/bin/time -v`: wall time and the peak RSS of the largest
//! process (rustc on the crate). Clean means a fresh target directory, so
//! the dependencies are built too, as a user's first build does. The
//! official crate is a copy of the registry's source with its own
//! `Cargo.lock`, so both are path crates and the rebuild is measured the
//! same way.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bench::{Row, Unit, time_command};

struct Side {
    label: &'static str,
    workspace: PathBuf,
    package: &'static str,
    /// The file changed for the rebuild.
    touch: PathBuf,
}

pub fn rows(root: &Path, cargo: &str) -> Result<Vec<Row>, String> {
    let base = crate::target_dir(root).join("bench-whole");
    let ours = prepare_ours(root, &base.join("ours"))?;
    let official = prepare_official(&base.join("official"))?;
    for side in [&ours, &official] {
        // Downloads up front, outside the timings.
        let mut fetch = Command::new(cargo);
        fetch.arg("fetch").current_dir(&side.workspace);
        crate::bench::run_ok(&mut fetch, "cargo fetch")?;
    }
    let mut measured = Vec::new();
    for side in [&ours, &official] {
        measured.push(measure(cargo, side)?);
    }
    let (o, f) = (&measured[0], &measured[1]);
    let mut rows = Vec::new();
    for (i, (name, _)) in o.iter().enumerate() {
        rows.push(Row { name: format!("whole model: {name}, wall"), ours: o[i].1.0, official: f[i].1.0, unit: Unit::Seconds });
        rows.push(Row { name: format!("whole model: {name}, peak RSS"), ours: o[i].1.1, official: f[i].1.1, unit: Unit::KiB });
    }
    Ok(rows)
}

/// (what, (wall seconds, peak RSS KiB)) for each step, in order.
fn measure(cargo: &str, side: &Side) -> Result<Vec<(&'static str, (f64, f64))>, String> {
    let target = side.workspace.join("target");
    let step = |what: &'static str, args: &[&str], fresh: bool| -> Result<(&'static str, (f64, f64)), String> {
        if fresh {
            let _ = std::fs::remove_dir_all(&target);
        }
        println!("==> {}: {what} (`cargo {}`)", side.label, args.join(" "));
        let mut cmd = Command::new(cargo);
        cmd.args(args).args(["-p", side.package]).current_dir(&side.workspace).env("CARGO_TARGET_DIR", &target).env_remove("CARGO_INCREMENTAL");
        let t = time_command(&cmd, &format!("{} {what}", side.label))?;
        println!("    {:.1} s, peak RSS {:.0} MiB", t.wall_s, t.max_rss_kib / 1024.0);
        Ok((what, (t.wall_s, t.max_rss_kib)))
    };
    let mut out = vec![step("clean `cargo check`", &["check"], true)?, step("clean `cargo build`", &["build"], true)?];
    let text = std::fs::read_to_string(&side.touch).map_err(|e| format!("{}: {e}", side.touch.display()))?;
    std::fs::write(&side.touch, format!("{text}\n// changed for the rebuild measurement\n")).map_err(|e| format!("{}: {e}", side.touch.display()))?;
    out.push(step("rebuild after changing one file", &["build"], false)?);
    out.push(step("`cargo doc --no-deps` of the crate", &["doc", "--no-deps"], false)?);
    out.push(step("clean `cargo build --release`", &["build", "--release"], true)?);
    let _ = std::fs::remove_dir_all(&target);
    Ok(out)
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The whole Connect model generated as `connect-client`, in a workspace of
/// its own with this repository's lock file.
fn prepare_ours(root: &Path, workspace: &Path) -> Result<Side, String> {
    let model = oracle::model_file(root, "connect-2017-08-08.json")?;
    let _ = std::fs::remove_dir_all(workspace);
    let opts = codegen::Options {
        models: vec![model],
        service: None,
        operations: Vec::new(),
        crate_name: "connect-client".into(),
        runtime_path: root.join("runtime").display().to_string(),
        regenerate_command: "cargo xtask bench".into(),
        fake_validation_error: None,
    };
    let generated = codegen::generate(&opts).map_err(|e| format!("generating the whole Connect model: {e}"))?;
    let krate = workspace.join("connect-client");
    codegen::write::write(&krate, &generated.files, false).map_err(|e| format!("{}: {e}", krate.display()))?;
    write(&workspace.join("Cargo.toml"), "[workspace]\nresolver = \"3\"\nmembers = [\"connect-client\"]\n")?;
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    Ok(Side { label: "ours", workspace: workspace.to_path_buf(), package: "connect-client", touch: krate.join("src/operation/describe_user.rs") })
}

/// aws-sdk-connect 1.220's published source (from cargo's registry cache,
/// where `bench/peer` put it), in a workspace of its own with its lock file.
fn prepare_official(workspace: &Path) -> Result<Side, String> {
    let home = std::env::var_os("CARGO_HOME").map(PathBuf::from).or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo"))).ok_or("no CARGO_HOME or HOME")?;
    let registry = home.join("registry/src");
    let source = std::fs::read_dir(&registry)
        .map_err(|e| format!("{}: {e}", registry.display()))?
        .filter_map(|e| e.ok().map(|e| e.path().join("aws-sdk-connect-1.220.0")))
        .find(|p| p.is_dir())
        .ok_or("aws-sdk-connect 1.220.0 is not in cargo's registry cache: run `cargo fetch --manifest-path bench/peer/Cargo.toml` first")?;
    let _ = std::fs::remove_dir_all(workspace);
    let krate = workspace.join("aws-sdk-connect");
    copy_dir(&source, &krate)?;
    std::fs::rename(krate.join("Cargo.lock"), workspace.join("Cargo.lock")).map_err(|e| format!("its Cargo.lock: {e}"))?;
    write(&workspace.join("Cargo.toml"), "[workspace]\nresolver = \"2\"\nmembers = [\"aws-sdk-connect\"]\n")?;
    Ok(Side { label: "official", workspace: workspace.to_path_buf(), package: "aws-sdk-connect", touch: krate.join("src/operation/describe_user.rs") })
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let dest = to.join(path.file_name().ok_or("a file without a name")?);
        if path.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            std::fs::copy(&path, &dest).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}
