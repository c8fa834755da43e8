//! The oracles our tests compare against: a JDK (`java.util.regex`), a
//! Python with botocore (`BOTOCORE_PYTHON`) and the reference models
//! (`SMITHY_MODELS_DIR`, default `<workspace>/../shared/models`).
//!
//! Locally a missing oracle skips the test that needs it and says why, so a
//! fresh checkout tests what it can. Under CI (`CI` set, as CI services and
//! `.ci/run` do) it fails instead: a CI machine that lost an oracle must not
//! pass while checking less.
//!
//! A test finds its oracle with one of the finders and hands the result to
//! [`require`]:
//!
//! ```no_run
//! let Some(python) = oracle::require(oracle::botocore_python()) else { return };
//! ```

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What to do about an oracle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision<T> {
    /// It is there: compare with it.
    Use(T),
    /// Missing, not under CI: skip, printing the reason.
    Skip(String),
    /// Missing under CI: fail with this message.
    Fail(String),
}

/// True when the `CI` variable's value asks for CI behaviour. `CI=false` and
/// `CI=0` (and an empty value) are how one turns an inherited `CI` off.
pub fn is_ci(ci: Option<&OsStr>) -> bool {
    ci.is_some_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// The decision for `found` given the value of `CI`.
pub fn decide_with<T>(ci: Option<&OsStr>, found: Result<T, String>) -> Decision<T> {
    match found {
        Ok(v) => Decision::Use(v),
        Err(reason) if is_ci(ci) => {
            Decision::Fail(format!("{reason} (CI is set, so a missing oracle fails instead of skipping)"))
        }
        Err(reason) => Decision::Skip(reason),
    }
}

/// The decision for `found` in this process's environment.
pub fn decide<T>(found: Result<T, String>) -> Decision<T> {
    decide_with(std::env::var_os("CI").as_deref(), found)
}

/// For tests: the oracle, or `None` after printing `skipped: <reason>`;
/// under CI a missing oracle panics, failing the test.
pub fn require<T>(found: Result<T, String>) -> Option<T> {
    require_with(std::env::var_os("CI").as_deref(), found)
}

fn require_with<T>(ci: Option<&OsStr>, found: Result<T, String>) -> Option<T> {
    match decide_with(ci, found) {
        Decision::Use(v) => Some(v),
        Decision::Skip(reason) => {
            println!("skipped: {reason}");
            None
        }
        Decision::Fail(message) => panic!("{message}"),
    }
}

/// `command` (program and arguments, e.g. `["javac", "-version"]`) runs and
/// exits 0; else the reason, which names it and says what it is for (`why`).
pub fn program(command: &[&str], why: &str) -> Result<(), String> {
    let (name, args) = command.split_first().ok_or_else(|| format!("no program given ({why})"))?;
    match Command::new(name).args(args).output() {
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(format!("`{}` failed ({}): {why}", command.join(" "), o.status)),
        Err(e) => Err(format!("`{name}` cannot run ({e}): {why}")),
    }
}

/// The python named by `BOTOCORE_PYTHON`, checked to import botocore.
pub fn botocore_python() -> Result<PathBuf, String> {
    let Some(py) = std::env::var_os("BOTOCORE_PYTHON") else {
        return Err(
            "BOTOCORE_PYTHON is not set (a python with botocore installed; `cargo xtask test` makes one)".into()
        );
    };
    botocore_python_at(Path::new(&py))
}

/// `python` when it imports botocore.
pub fn botocore_python_at(python: &Path) -> Result<PathBuf, String> {
    match Command::new(python).args(["-c", "import botocore"]).output() {
        Ok(o) if o.status.success() => Ok(python.to_path_buf()),
        Ok(o) => Err(format!(
            "botocore is not importable by {}: {}",
            python.display(),
            String::from_utf8_lossy(&o.stderr).trim()
        )),
        Err(e) => Err(format!("cannot run {}: {e}", python.display())),
    }
}

/// Where the reference models are: `SMITHY_MODELS_DIR`, else
/// `../shared/models` beside the workspace root. Not checked; see
/// [`models`] and [`model_file`].
pub fn models_dir(workspace_root: &Path) -> PathBuf {
    match std::env::var_os("SMITHY_MODELS_DIR") {
        Some(d) => PathBuf::from(d),
        None => workspace_root.join("../shared/models"),
    }
}

/// The reference models directory, when it exists.
pub fn models(workspace_root: &Path) -> Result<PathBuf, String> {
    let dir = models_dir(workspace_root);
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(format!("no models directory at {} (set SMITHY_MODELS_DIR)", dir.display()))
    }
}

/// One file of the reference models (`relative` to their directory), when
/// it exists.
pub fn model_file(workspace_root: &Path, relative: &str) -> Result<PathBuf, String> {
    let file = models_dir(workspace_root).join(relative);
    if file.is_file() { Ok(file) } else { Err(format!("{} not found (set SMITHY_MODELS_DIR)", file.display())) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ci(v: &str) -> Option<&OsStr> {
        Some(OsStr::new(v))
    }

    #[test]
    fn a_missing_oracle_fails_under_ci() {
        for value in ["true", "1", "yes"] {
            match decide_with::<()>(ci(value), Err("`javac` cannot run".into())) {
                Decision::Fail(m) => assert!(m.contains("`javac` cannot run"), "{m}"),
                other => panic!("CI={value}: {other:?}"),
            }
        }
    }

    #[test]
    #[should_panic(expected = "no models directory at /nowhere")]
    fn require_panics_under_ci() {
        require_with::<()>(ci("true"), Err("no models directory at /nowhere".into()));
    }

    #[test]
    fn a_missing_oracle_skips_locally() {
        for value in [None, ci(""), ci("0"), ci("false"), ci("FALSE")] {
            assert_eq!(decide_with::<()>(value, Err("gone".into())), Decision::Skip("gone".into()), "CI={value:?}");
            assert_eq!(require_with::<()>(value, Err("gone".into())), None);
        }
    }

    #[test]
    fn a_present_oracle_is_used_either_way() {
        assert_eq!(decide_with(ci("true"), Ok(3)), Decision::Use(3));
        assert_eq!(require_with(None, Ok(3)), Some(3));
    }

    #[test]
    fn program_reports_what_cannot_run() {
        let e = program(&["/nonexistent/javac", "-version"], "a JDK is needed").unwrap_err();
        assert!(e.starts_with("`/nonexistent/javac` cannot run (") && e.ends_with("): a JDK is needed"), "{e}");
        let e = program(&["sh", "-c", "exit 3"], "shell").unwrap_err();
        assert!(e.contains("`sh -c exit 3` failed") && e.contains('3'), "{e}");
        assert_eq!(program(&["sh", "-c", "exit 0"], "shell"), Ok(()));
    }

    #[test]
    fn botocore_python_names_the_python_that_lacks_it() {
        let e = botocore_python_at(Path::new("/nonexistent/python")).unwrap_err();
        assert!(e.starts_with("cannot run /nonexistent/python:"), "{e}");
        // `false` runs and exits 1, as a python without botocore does.
        let e = botocore_python_at(Path::new("false")).unwrap_err();
        assert!(e.starts_with("botocore is not importable by false"), "{e}");
    }

    #[test]
    fn model_file_says_where_it_looked() {
        let e = model_file(Path::new("/nonexistent-root"), "protocol-tests/x.json").unwrap_err();
        assert!(e.contains("protocol-tests/x.json not found (set SMITHY_MODELS_DIR)"), "{e}");
    }
}
