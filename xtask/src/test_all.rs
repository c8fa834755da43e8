//! `cargo xtask test`: every check CI runs, on a fresh machine too.
//!
//! Before the steps it provides the oracles the tests compare against: the
//! reference models (`SMITHY_MODELS_DIR`, default `../shared/models`) and a
//! Python with botocore (`BOTOCORE_PYTHON`; unless set, a virtualenv in
//! `.venv`, made with `python3 -m venv` and `pip install botocore` the first
//! time and reused after). Every step sees both. A missing oracle is a note
//! here and a skip in the tests that need it; under CI it fails the run
//! before anything is built.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use oracle::Decision;

/// Every check CI runs, in order; stops at the first failure.
pub fn run(root: &Path) -> ExitCode {
    let env = match oracle_env(root) {
        Ok(env) => env,
        Err(e) => {
            eprintln!("==> {e}");
            return ExitCode::FAILURE;
        }
    };
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let me = std::env::current_exe().expect("the running xtask has a path");
    let command = |program: &Path, args: &[&str]| {
        let mut c = Command::new(program);
        c.args(args).current_dir(root).envs(env.iter().map(|(k, v)| (k, v)));
        c
    };
    let cargo = Path::new(&cargo);
    // Our own crates build without a warning (registry crates' lints are capped).
    println!("==> the workspace builds without warnings");
    // `--all-features` so the runtime's optional protocol code (`xml`,
    // `compression`) is built and tested too, in the same single build.
    match command(cargo, &["test", "--workspace", "--all-features", "--no-run", "--message-format", "short"]).output() {
        Ok(out) => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning:") || l.contains("error")).collect();
            if !out.status.success() || !warnings.is_empty() {
                eprintln!("{}", warnings.join("\n"));
                eprintln!("==> the workspace builds without warnings: FAILED");
                return ExitCode::FAILURE;
            }
        }
        Err(e) => {
            eprintln!("==> cannot run cargo: {e}");
            return ExitCode::FAILURE;
        }
    }
    let steps = [
        ("cargo test --workspace --all-features", command(cargo, &["test", "--workspace", "--all-features"])),
        ("every reference model compiles", command(&me, &["check-models"])),
        ("every model's endpoint tests", command(&me, &["endpoint-tests"])),
        ("protocol compliance tests", command(&me, &["protocol-tests"])),
        ("a program written against aws-sdk-connect, unchanged on ours", command(&me, &["parity"])),
    ];
    for (name, mut cmd) in steps {
        println!("==> {name}");
        let start = Instant::now();
        match cmd.status() {
            Ok(s) if s.success() => println!("==> {name}: ok ({:.0?})", start.elapsed()),
            Ok(s) => {
                eprintln!("==> {name}: FAILED ({s})");
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("==> {name}: cannot run: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

/// The variables the steps need that are not already set, after checking
/// every oracle: a missing one is a note, or under CI the error.
fn oracle_env(root: &Path) -> Result<Vec<(&'static str, OsString)>, String> {
    let mut env = Vec::new();
    if std::env::var_os("SMITHY_MODELS_DIR").is_none() {
        env.push(("SMITHY_MODELS_DIR", oracle::models_dir(root).into_os_string()));
    }
    // Checked here, although the steps check it again, so that CI stops
    // before a long build and a local run says up front what will skip.
    note(oracle::models(root))?;
    if std::env::var_os("BOTOCORE_PYTHON").is_some() {
        note(oracle::botocore_python())?;
    } else if let Some(python) = note(botocore_venv(root))? {
        env.push(("BOTOCORE_PYTHON", python.into_os_string()));
    }
    const JDK: &str = "a JDK is needed for the java.util.regex oracle";
    note(oracle::program(&["javac", "-version"], JDK))?;
    note(oracle::program(&["java", "-version"], JDK))?;
    Ok(env)
}

fn note<T>(found: Result<T, String>) -> Result<Option<T>, String> {
    match oracle::decide(found) {
        Decision::Use(v) => Ok(Some(v)),
        Decision::Skip(reason) => {
            println!("note: {reason}; the tests that need it will skip");
            Ok(None)
        }
        Decision::Fail(message) => Err(message),
    }
}

/// The python of `.venv`, made (quietly) when missing and given botocore
/// when it lacks it; an existing one is reused as it is.
fn botocore_venv(root: &Path) -> Result<PathBuf, String> {
    let venv = root.join(".venv");
    let python = if cfg!(windows) { venv.join("Scripts/python.exe") } else { venv.join("bin/python") };
    if !python.exists() {
        println!("==> making a virtualenv with botocore in {}", venv.display());
        quietly(Command::new("python3").arg("-m").arg("venv").arg(&venv), "python3 -m venv")?;
    }
    if oracle::botocore_python_at(&python).is_err() {
        quietly(Command::new(&python).args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "botocore"]), "pip install botocore")?;
    }
    oracle::botocore_python_at(&python)
}

/// Runs `cmd`, showing its output only when it fails.
fn quietly(cmd: &mut Command, what: &str) -> Result<(), String> {
    match cmd.output() {
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(format!("`{what}` failed ({}): {}{}", o.status, String::from_utf8_lossy(&o.stdout).trim(), String::from_utf8_lossy(&o.stderr).trim())),
        Err(e) => Err(format!("cannot run `{what}`: {e}")),
    }
}
