//! Project policies that the compiler does not hold on its own.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `.rs` file under `dir`, recursively.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The workspace denies `unsafe_code`; the one exception is glibc's
/// `malloc_trim` in the CLI's memory module. Any other `unsafe` must be a
/// decision of its own, not an `allow` slipped in beside other work.
#[test]
fn unsafe_code_lives_in_the_memory_module_only() {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(root().join("crates")).unwrap() {
        let src = entry.unwrap().path().join("src");
        if src.is_dir() {
            sources(&src, &mut files);
        }
    }
    let root = root().canonicalize().unwrap();
    let mut with_unsafe: Vec<String> = files
        .iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            ["allow(unsafe_code)", "unsafe {", "unsafe fn", "unsafe impl"]
                .iter()
                .any(|marker| text.contains(marker))
        })
        .map(|path| {
            let path = path.canonicalize().unwrap();
            path.strip_prefix(&root).unwrap().display().to_string()
        })
        .collect();
    with_unsafe.sort();
    assert_eq!(with_unsafe, ["crates/cli/src/memory.rs"]);
}
