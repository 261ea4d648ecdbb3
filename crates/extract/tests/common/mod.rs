//! Helpers shared by the extraction tests (each test file uses a part of them).
#![allow(dead_code, unused_imports)]

use xxgk_model::Report;
pub use xxgk_synth::kit::{cells, data};

/// Extracts a fixture file the way the CLI does.
pub fn extract(path: &str) -> Report {
    let full = data(path);
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    xxgk_extract::extract_bytes(&bytes, path).unwrap_or_else(|e| panic!("{path}: {e}"))
}
