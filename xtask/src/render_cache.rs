//! Between `cargo xtask codegen` runs: which tokens each generated file was
//! rendered from, so a regeneration formats only the files whose tokens
//! changed (`codegen::render::Reuse`).
//!
//! One index per output directory under `target/codegen-reuse/`, lines of
//! `<token key> <text hash> <path>`, headed by the generator's identity (the
//! xtask binary's size and modification time): a rebuilt generator may
//! format the same tokens differently, so its first run formats everything.
//! An entry is offered only when the file on disk still hashes to the
//! recorded text, so a hand-edited or deleted file is formatted again. Any
//! problem with the index (missing, unreadable, another format) means a
//! full render, never an error: the index only saves time.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use codegen::render::{Reuse, text_hash};

const FORMAT: &str = "codegen-reuse v1";

/// The index file for output directory `out`.
pub fn index_path(target: &Path, out: &Path) -> PathBuf {
    let mut h = DefaultHasher::new();
    out.hash(&mut h);
    target.join("codegen-reuse").join(format!("{:016x}.txt", h.finish()))
}

/// The generator's identity: a different binary starts a new index.
fn generator_id() -> String {
    let meta = std::env::current_exe().and_then(std::fs::metadata);
    match meta {
        Ok(m) => {
            let modified = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
            format!("{} {}", m.len(), modified)
        }
        Err(_) => "unknown".into(),
    }
}

/// The earlier renders still on disk under `out`, as the index describes them.
pub fn load(index: &Path, out: &Path) -> Reuse {
    let mut reuse = Reuse::none();
    let Ok(text) = std::fs::read_to_string(index) else { return reuse };
    let mut lines = text.lines();
    if lines.next() != Some(&format!("{FORMAT} {}", generator_id())) {
        return reuse;
    }
    for line in lines {
        let mut parts = line.splitn(3, ' ');
        let (Some(key), Some(hash), Some(path)) = (parts.next(), parts.next(), parts.next()) else { return Reuse::none() };
        let (Ok(key), Ok(hash)) = (u64::from_str_radix(key, 16), u64::from_str_radix(hash, 16)) else { return Reuse::none() };
        let Ok(on_disk) = std::fs::read_to_string(out.join(path)) else { continue };
        if text_hash(&on_disk) == hash {
            reuse.insert(PathBuf::from(path), key, on_disk);
        }
    }
    reuse
}

/// Records what this run rendered; a failure to save only costs time next
/// run, so it is reported and not an error.
pub fn save(index: &Path, keys: &BTreeMap<PathBuf, u64>, files: &BTreeMap<PathBuf, String>) {
    let mut text = format!("{FORMAT} {}\n", generator_id());
    for (path, key) in keys {
        let (Some(content), Some(p)) = (files.get(path), path.to_str()) else { continue };
        let _ = writeln!(text, "{key:016x} {:016x} {p}", text_hash(content));
    }
    let saved = index.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(index, text));
    if let Err(e) = saved {
        eprintln!("note: cannot save {} ({e}); the next run formats every file", index.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offers_only_files_that_still_hold_the_recorded_text() {
        let dir = std::env::temp_dir().join(format!("xtask-reuse-{}", std::process::id()));
        let out = dir.join("out");
        std::fs::create_dir_all(out.join("src")).unwrap();
        let index = index_path(&dir, &out);
        let files: BTreeMap<PathBuf, String> =
            [("src/a.rs", "a"), ("src/b.rs", "b"), ("src/c.rs", "c")].into_iter().map(|(p, t)| (PathBuf::from(p), t.to_string())).collect();
        for (p, t) in &files {
            std::fs::write(out.join(p), t).unwrap();
        }
        let keys: BTreeMap<PathBuf, u64> = files.keys().cloned().zip([1, 2, 3]).collect();
        save(&index, &keys, &files);
        std::fs::write(out.join("src/b.rs"), "edited by hand").unwrap();
        std::fs::remove_file(out.join("src/c.rs")).unwrap();
        let reuse = load(&index, &out);
        assert_eq!(reuse.len(), 1, "only src/a.rs is unchanged on disk");
        std::fs::write(&index, "codegen-reuse v0 other\n0 0 src/a.rs\n").unwrap();
        assert!(load(&index, &out).is_empty(), "another format or generator: nothing offered");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
