//! `cargo xtask bench`: connect-client side by side with the official
//! aws-sdk-connect. Not part of CI (`cargo xtask test` does not run it).
//!
//! 1. `cargo bench` in `bench/peer/` (its own workspace, versions pinned by
//!    `bench/peer/Cargo.lock`, target dir `target/peer`): criterion benches
//!    of the same calls on both clients (see `bench/peer/benches/compare.rs`),
//!    read back from criterion's `estimates.json` (median).
//!    The `endpoints` bench runs there and in `bench/peer-tree` (the same
//!    file against aws-sdk-connect 1.150, whose resolver is generated Rust
//!    per rule tree; target dir `target/peer-tree`), for the endpoint rows.
//! 2. For each of `tiny-ours` and `tiny-official` (the same small program on
//!    each SDK), one after the other: a clean `cargo build --release` in a
//!    fresh target dir under the system temp dir, under `/usr/bin/time -v`
//!    (wall time, peak RSS of the largest single process), the size of the
//!    binary, and the number of crates in its dependency tree.
//!
//! The table ends with the ratio official / ours. Both columns come from
//! the same run; on a shared machine compare the ratios, not absolute times.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// Criterion measurement time per benchmark, seconds.
    #[arg(long, default_value_t = 3)]
    measurement_time: u32,
    /// Criterion warm-up time per benchmark, seconds.
    #[arg(long, default_value_t = 1)]
    warm_up_time: u32,
    /// Skip the clean release builds (compile time, RSS, binary size).
    #[arg(long)]
    skip_builds: bool,
    /// Skip the criterion benchmarks.
    #[arg(long)]
    skip_criterion: bool,
    /// Skip the whole-model builds (ours and aws-sdk-connect: check,
    /// debug, rebuild, doc, release; the longest part, about an hour).
    #[arg(long)]
    skip_whole_model: bool,
    /// A developer's few minutes: the generation rows and the per-call
    /// benches with one second each, no clean builds.
    #[arg(long)]
    quick: bool,
}

/// A row of the table: what, ours, official, unit.
pub struct Row {
    pub name: String,
    pub ours: f64,
    pub official: f64,
    pub unit: Unit,
}

#[derive(Clone, Copy)]
pub enum Unit {
    Nanos,
    Seconds,
    KiB,
    Bytes,
    Count,
}

impl Unit {
    fn format(self, v: f64) -> String {
        match self {
            Unit::Nanos if v >= 1e6 => format!("{:.2} ms", v / 1e6),
            Unit::Nanos if v >= 1e3 => format!("{:.2} µs", v / 1e3),
            Unit::Nanos => format!("{v:.0} ns"),
            Unit::Seconds => format!("{v:.1} s"),
            Unit::KiB => format!("{:.0} MiB", v / 1024.0),
            Unit::Bytes => format!("{:.2} MiB", v / (1024.0 * 1024.0)),
            Unit::Count => format!("{v:.0}"),
        }
    }
}

pub fn run(root: &Path, mut args: Args) -> Result<(), String> {
    if args.quick {
        args.measurement_time = 1;
        args.warm_up_time = 1;
        args.skip_builds = true;
        args.skip_whole_model = true;
    }
    let peer = root.join("bench/peer");
    let manifest = peer.join("Cargo.toml");
    let target = root.join("target/peer");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut rows = Vec::new();

    println!("==> machine: {} cores, {}, load average {}", cores(), rustc_version(), loadavg());
    // Every download up front: nothing below uses the network.
    run_ok(Command::new(&cargo).args(["fetch", "--locked", "--manifest-path"]).arg(&manifest), "cargo fetch")?;

    if !args.skip_criterion {
        let criterion_home = target.join("criterion");
        let _ = std::fs::remove_dir_all(&criterion_home);
        println!("==> criterion benches (bench/peer/benches/compare.rs)");
        let mut c = Command::new(&cargo);
        c.args(["bench", "--locked", "--offline", "--bench", "compare", "--manifest-path"])
            .arg(&manifest)
            .args(["--", "--warm-up-time", &args.warm_up_time.to_string()])
            .args(["--measurement-time", &args.measurement_time.to_string()])
            .env("CARGO_TARGET_DIR", &target)
            .env("CRITERION_HOME", &criterion_home);
        run_ok(&mut c, "cargo bench")?;
        for (name, group, ours, official) in [
            ("deserialize full response (1)", "deserialize", "ours", "official_in_send"),
            ("send() full response (2)", "send_full", "ours", "official"),
            ("send() empty response `{}`", "send_empty", "ours", "official"),
        ] {
            rows.push(Row {
                name: name.into(),
                ours: median_ns(&criterion_home, group, ours)?,
                official: median_ns(&criterion_home, group, official)?,
                unit: Unit::Nanos,
            });
        }
        let full = &rows[1];
        let empty = &rows[2];
        rows.push(Row {
            name: "send full − send empty (parse cost inside send)".into(),
            ours: full.ours - empty.ours,
            official: full.official - empty.official,
            unit: Unit::Nanos,
        });
        rows.extend(endpoint_rows(&cargo, root, &args)?);
    }

    if !args.skip_builds {
        let time = Path::new("/usr/bin/time");
        if !time.exists() {
            return Err("/usr/bin/time (GNU time) is needed for the build measurements".into());
        }
        let mut stats = Vec::new();
        // One after the other, never in parallel.
        for package in ["tiny-ours", "tiny-official"] {
            stats.push(build_stats(&cargo, &manifest, package)?);
        }
        let [ours, official] = [&stats[0], &stats[1]];
        for (name, unit, f) in [
            ("clean release build, wall (3)", Unit::Seconds, (|s: &BuildStats| s.wall_s) as fn(&BuildStats) -> f64),
            ("clean release build, peak RSS (3)", Unit::KiB, |s| s.max_rss_kib),
            ("crates compiled in that build", Unit::Count, |s| s.compiled),
            ("dependency crates, `-e normal` (4)", Unit::Count, |s| s.deps_normal),
            ("dependency crates, `-e normal,build`", Unit::Count, |s| s.deps_with_build),
            ("release binary size (5)", Unit::Bytes, |s| s.binary_bytes),
        ] {
            rows.push(Row { name: name.into(), ours: f(ours), official: f(official), unit });
        }
    }

    if !args.skip_whole_model {
        rows.extend(crate::bench_whole::rows(root, &cargo)?);
    }

    println!("==> generation of the whole Connect model, in this process (medians of 5)");
    let generation = crate::bench_generation::rows(root)?;

    println!("\n==> load average at the end: {}\n", loadavg());
    println!("| measure | ours (connect-client) | official (aws-sdk-connect) | official / ours |");
    println!("| --- | ---: | ---: | ---: |");
    for r in &rows {
        let ratio = if r.ours > 0.0 { format!("{:.2}×", r.official / r.ours) } else { "–".into() };
        println!("| {} | {} | {} | {} |", r.name, r.unit.format(r.ours), r.unit.format(r.official), ratio);
    }
    println!("\n| generation (release xtask; no official counterpart runs here) | wall | files formatted |");
    println!("| --- | ---: | ---: |");
    for (name, seconds, formatted) in generation {
        println!("| {name} | {:.0} ms | {formatted} |", seconds * 1e3);
    }
    Ok(())
}

/// The `endpoints` bench in `bench/peer` (official 1.220, a decision
/// diagram) and `bench/peer-tree` (official 1.150, generated Rust per rule
/// tree): a row per case and design, ours from the same process.
fn endpoint_rows(cargo: &str, root: &Path, args: &Args) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for (dir, official, design) in [("peer", "official_bdd", "1.220 decision diagram"), ("peer-tree", "official_tree", "1.150 generated Rust tree")] {
        let manifest = root.join("bench").join(dir).join("Cargo.toml");
        let target = root.join("target").join(dir);
        let criterion_home = target.join("criterion-endpoints");
        let _ = std::fs::remove_dir_all(&criterion_home);
        run_ok(Command::new(cargo).args(["fetch", "--locked", "--manifest-path"]).arg(&manifest), "cargo fetch")?;
        println!("==> endpoint resolution (bench/{dir}, official {design})");
        let mut c = Command::new(cargo);
        c.args(["bench", "--locked", "--offline", "--bench", "endpoints", "--manifest-path"])
            .arg(&manifest)
            .args(["--", "--warm-up-time", &args.warm_up_time.to_string()])
            .args(["--measurement-time", &args.measurement_time.to_string()])
            .env("CARGO_TARGET_DIR", &target)
            .env("CRITERION_HOME", &criterion_home);
        run_ok(&mut c, "cargo bench --bench endpoints")?;
        for case in ["us_east_1", "gov_fips_dual_stack", "custom_endpoint_with_fips_error"] {
            let group = format!("endpoint_{case}");
            rows.push(Row {
                name: format!("endpoint `{case}`, uncached, vs {design}"),
                ours: median_ns(&criterion_home, &group, "ours")?,
                official: median_ns(&criterion_home, &group, official)?,
                unit: Unit::Nanos,
            });
        }
    }
    Ok(rows)
}

struct BuildStats {
    wall_s: f64,
    max_rss_kib: f64,
    compiled: f64,
    deps_normal: f64,
    deps_with_build: f64,
    binary_bytes: f64,
}

fn build_stats(cargo: &str, manifest: &Path, package: &str) -> Result<BuildStats, String> {
    let dir: PathBuf = std::env::temp_dir().join(format!("connect-client-bench-{package}"));
    let _ = std::fs::remove_dir_all(&dir);
    println!("==> clean `cargo build --release -p {package}` in {}", dir.display());
    let start = Instant::now();
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--release", "--locked", "--offline", "-p", package, "--manifest-path"]).arg(manifest).env("CARGO_TARGET_DIR", &dir);
    let Timed { wall_s, max_rss_kib, stderr } = time_command(&cmd, &format!("building {package}"))?;
    let compiled = stderr.lines().filter(|l| l.trim_start().starts_with("Compiling ")).count() as f64 - 1.0;
    let binary = dir.join("release").join(package);
    let binary_bytes = std::fs::metadata(&binary).map_err(|e| format!("{}: {e}", binary.display()))?.len() as f64;
    println!(
        "    {package}: {wall_s:.1} s wall ({:.1} s by the clock here), max RSS {:.0} MiB, {} crates compiled, binary {binary_bytes} bytes",
        start.elapsed().as_secs_f64(),
        max_rss_kib / 1024.0,
        compiled
    );
    let deps_normal = count_deps(cargo, manifest, package, "normal")?;
    let deps_with_build = count_deps(cargo, manifest, package, "normal,build")?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(BuildStats { wall_s, max_rss_kib, compiled, deps_normal, deps_with_build, binary_bytes })
}

/// Distinct packages in `cargo tree -e EDGES` of `package`, without the
/// package itself.
fn count_deps(cargo: &str, manifest: &Path, package: &str, edges: &str) -> Result<f64, String> {
    let out = Command::new(cargo)
        .args(["tree", "--locked", "--offline", "--prefix", "none", "-e", edges, "-p", package, "--manifest-path"])
        .arg(manifest)
        .output()
        .map_err(|e| format!("cannot run cargo tree: {e}"))?;
    if !out.status.success() {
        return Err(format!("cargo tree -p {package} failed:\n{}", String::from_utf8_lossy(&out.stderr)));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let unique: BTreeSet<&str> = text.lines().map(|l| l.trim().trim_end_matches("(*)").trim()).filter(|l| !l.is_empty() && !l.starts_with('[')).collect();
    Ok(unique.len().saturating_sub(1) as f64)
}

/// What `/usr/bin/time -v` said of a command.
pub struct Timed {
    pub wall_s: f64,
    /// Peak RSS of the largest single process.
    pub max_rss_kib: f64,
    /// The command's own stderr, with time's report.
    pub stderr: String,
}

/// Runs `cmd` under `/usr/bin/time -v`; a failure is an error naming `what`.
pub fn time_command(cmd: &Command, what: &str) -> Result<Timed, String> {
    let mut timed = Command::new("/usr/bin/time");
    timed.arg("-v").arg(cmd.get_program()).args(cmd.get_args());
    if let Some(dir) = cmd.get_current_dir() {
        timed.current_dir(dir);
    }
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => timed.env(k, v),
            None => timed.env_remove(k),
        };
    }
    // A compiler cache would measure the cache, not the build.
    let out = timed.env_remove("RUSTC_WRAPPER").env_remove("CARGO_BUILD_RUSTC_WRAPPER").output().map_err(|e| format!("cannot run /usr/bin/time: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if !out.status.success() {
        return Err(format!("{what} failed:\n{stderr}"));
    }
    let field = |label: &str| {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(label).map(|v| v.trim().to_string()))
            .ok_or_else(|| format!("no `{label}` in the output of /usr/bin/time"))
    };
    let wall_s = parse_clock(&field("Elapsed (wall clock) time (h:mm:ss or m:ss):")?).ok_or("cannot read the wall clock time of /usr/bin/time")?;
    let max_rss_kib: f64 = field("Maximum resident set size (kbytes):")?.parse().map_err(|e| format!("max RSS: {e}"))?;
    Ok(Timed { wall_s, max_rss_kib, stderr })
}

/// `m:ss.ss` or `h:mm:ss` as seconds.
fn parse_clock(s: &str) -> Option<f64> {
    s.split(':').try_fold(0.0, |acc, part| part.parse::<f64>().ok().map(|v| acc * 60.0 + v))
}

fn median_ns(home: &Path, group: &str, function: &str) -> Result<f64, String> {
    let path = home.join(group).join(function).join("new/estimates.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    json["median"]["point_estimate"].as_f64().ok_or_else(|| format!("{}: no median.point_estimate", path.display()))
}

pub fn run_ok(cmd: &mut Command, what: &str) -> Result<(), String> {
    match cmd.status() {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("{what} failed ({s})")),
        Err(e) => Err(format!("cannot run {what}: {e}")),
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn rustc_version() -> String {
    Command::new("rustc").arg("-V").output().ok().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()).unwrap_or_else(|| "rustc ?".into())
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg").map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" ")).unwrap_or_else(|_| "?".into())
}
