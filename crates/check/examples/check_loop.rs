//! Runs the checker on one extracted report many times (for profiling).
fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let report = xxgk_extract::extract_bytes(&std::fs::read(&path).unwrap(), &path).unwrap();
    let selection = xxgk_check::Selection::default();
    for _ in 0..20000 {
        std::hint::black_box(xxgk_check::check(&report, &selection));
    }
}
