//! The generation rows of `cargo xtask bench`: the whole Connect model
//! (every operation) generated in this process, the way `cargo xtask
//! codegen` does it, without writing: from nothing (every file formatted),
//! again with the previous run's renders on offer (nothing changed), and
//! after an edit to one shape's documentation. The official SDK's generator
//! (smithy-rs, Kotlin on Gradle) does not run here, so these rows have no
//! official column.

use std::path::Path;
use std::time::Instant;

use codegen::render::Reuse;

/// Runs per measurement; the median is reported.
const RUNS: usize = 5;

/// (row name, median seconds, files formatted in the last run)
pub fn rows(root: &Path) -> Result<Vec<(String, f64, usize)>, String> {
    let model = oracle::model_file(root, "connect-2017-08-08.json")?;
    let text = std::fs::read_to_string(&model).map_err(|e| format!("{}: {e}", model.display()))?;
    let mut json: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", model.display()))?;
    // DescribeUser's `User`: a structure one operation returns, as a typical
    // model edit touches.
    let shape = "com.amazonaws.connect#User";
    if json["shapes"][shape]["type"] != "structure" {
        return Err(format!("{}: no structure {shape} to edit", model.display()));
    }
    json["shapes"][shape]["traits"]["smithy.api#documentation"] = "<p>Edited by the benchmark.</p>".into();
    let edited = std::env::temp_dir().join(format!("xtask-bench-edited-{}.json", std::process::id()));
    std::fs::write(&edited, json.to_string()).map_err(|e| format!("{}: {e}", edited.display()))?;

    let opts = |m: &Path| codegen::Options {
        models: vec![m.to_path_buf()],
        service: None,
        operations: Vec::new(),
        crate_name: "connect-client".into(),
        runtime_path: "../runtime".into(),
        regenerate_command: "cargo xtask codegen".into(),
        fake_validation_error: None,
    };
    let layout = codegen::Layout::Crate;
    let timed = |m: &Path, reuse: &Reuse| -> Result<(f64, codegen::Generated), String> {
        let start = Instant::now();
        let g = codegen::generate_reusing(&opts(m), &layout, reuse).map_err(|e| format!("generating {}: {e}", m.display()))?;
        Ok((start.elapsed().as_secs_f64(), g))
    };
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let formatted = |g: &codegen::Generated| g.render_keys.len() - g.reused;

    let mut cold = Vec::new();
    let mut last = None;
    for _ in 0..RUNS {
        let (t, g) = timed(&model, &Reuse::none())?;
        cold.push(t);
        last = Some(g);
    }
    let full = last.ok_or("no run")?;
    let reuse = full.reuse();
    let (mut warm, mut edit) = (Vec::new(), Vec::new());
    let (mut warm_formatted, mut edit_formatted) = (0, 0);
    for _ in 0..RUNS {
        let (t, g) = timed(&model, &reuse)?;
        warm.push(t);
        warm_formatted = formatted(&g);
        let (t, g) = timed(&edited, &reuse)?;
        edit.push(t);
        edit_formatted = formatted(&g);
    }
    let _ = std::fs::remove_file(&edited);
    let files = full.files.len();
    Ok(vec![
        (format!("generate the whole model ({files} files), nothing to reuse"), median(cold), formatted(&full)),
        ("the same again, previous renders on offer".into(), median(warm), warm_formatted),
        (format!("after editing `{shape}`'s documentation"), median(edit), edit_formatted),
    ])
}
