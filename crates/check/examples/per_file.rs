//! Times extraction and checking of each file given, one line each: µs per
//! report and per KB (development aid for the per-layout cost of issue 13;
//! `cargo bench -p xxgk-extract -- layout` is the measured benchmark).
//!
//! `cargo run --release -p xxgk-check --example per_file -- [--once] FILE…`
//!
//! With `--once` each file is extracted and checked once and nothing is printed:
//! a fixed amount of work to count instructions of (`valgrind --tool=callgrind`),
//! which other work on the machine does not disturb.
use std::time::{Duration, Instant};

/// The fastest of a few rounds of `reps` calls, per call: the least disturbed
/// by other work on the machine.
fn fastest(reps: u32, mut f: impl FnMut()) -> Duration {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..reps {
                f();
            }
            t.elapsed() / reps
        })
        .min()
        .expect("five rounds")
}

fn main() {
    let selection = xxgk_check::Selection::default();
    let mut paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.first().is_some_and(|p| p == "--once") {
        for path in &paths[1..] {
            let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
            if let Ok(report) = xxgk_extract::extract_bytes(&bytes, path) {
                std::hint::black_box(xxgk_check::check(&report, &selection));
            }
        }
        return;
    }
    paths.sort();
    println!(
        "{:>9} {:>10} {:>8} {:>10} {:>8}  file",
        "KB", "extract µs", "µs/KB", "check µs", "µs/KB"
    );
    for path in paths {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let kb = bytes.len() as f64 / 1024.0;
        let reps = (2_000_000 / bytes.len().max(1)).clamp(3, 400) as u32;
        let extract = fastest(reps, || {
            std::hint::black_box(xxgk_extract::extract_bytes(&bytes, &path).ok());
        });
        let report = xxgk_extract::extract_bytes(&bytes, &path).expect("extracts");
        let check = fastest(reps, || {
            std::hint::black_box(xxgk_check::check(&report, &selection));
        });
        let us = |d: Duration| d.as_secs_f64() * 1e6;
        println!(
            "{kb:9.1} {:10.0} {:8.1} {:10.0} {:8.1}  {path}",
            us(extract),
            us(extract) / kb,
            us(check),
            us(check) / kb
        );
    }
}
