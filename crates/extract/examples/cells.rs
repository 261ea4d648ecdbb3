//! Prints the compact cell listing used by the exact-value tests (a development aid).
#[path = "../tests/common/mod.rs"]
mod common;
fn main() {
    for path in std::env::args().skip(1) {
        let r = common::extract(&path);
        println!(
            "== {path} {:?} {:?} {:?} {:?}\n{}",
            r.agency,
            r.year,
            r.template.map(|t| t.as_str()),
            r.published,
            common::cells(&r)
        );
        for f in &r.findings {
            println!("  {} {}", f.rule, f.message.zh);
        }
    }
}
