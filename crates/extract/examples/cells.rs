//! Prints the compact cell listing used by the exact-value tests (a development aid).
use xxgk_synth::kit::{cells, data};

fn main() {
    for path in std::env::args().skip(1) {
        let full = data(&path);
        let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
        let r =
            xxgk_extract::extract_bytes(&bytes, &path).unwrap_or_else(|e| panic!("{path}: {e}"));
        println!(
            "== {path} {:?} {:?} {:?} {:?}\n{}",
            r.agency,
            r.year,
            r.template.map(|t| t.as_str()),
            r.published,
            cells(&r)
        );
        for f in &r.findings {
            println!("  {} {}", f.rule, f.message.zh);
        }
    }
}
