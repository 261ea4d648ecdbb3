//! Derives the extractor's version from its own source: the package version plus
//! a fingerprint of the source of the crates that decide what a document
//! extracts to (model, read, extract). A corpus stores that version with each
//! report, so `xxgk reindex` knows exactly which reports an updated extractor
//! would read differently — no manual bump to forget.

use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let crates = manifest.parent().expect("crates folder");
    let mut files = Vec::new();
    for name in ["model", "read", "extract"] {
        let src = crates.join(name).join("src");
        println!("cargo:rerun-if-changed={}", src.display());
        collect(&src, &mut files);
    }
    files.sort();
    // FNV-1a over paths and contents: stable across Rust versions and runs
    // (std's DefaultHasher is only used as a fallback when no source is found).
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in &files {
        let relative = file.strip_prefix(crates).unwrap_or(file);
        let contents = fs::read(file).unwrap_or_default();
        for byte in relative.to_string_lossy().bytes().chain(contents) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    if files.is_empty() {
        let mut fallback = DefaultHasher::new();
        std::env::var("CARGO_PKG_VERSION")
            .unwrap()
            .hash(&mut fallback);
        hash = fallback.finish();
    }
    println!(
        "cargo:rustc-env=XXGK_EXTRACTOR_FINGERPRINT={:08x}",
        hash >> 32
    );
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}
