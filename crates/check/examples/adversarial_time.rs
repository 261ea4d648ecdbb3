//! Times extract and check once on adversarial inputs (development aid).
use std::time::Instant;
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let kind = &args[0];
    let report =
        std::fs::read_to_string(xxgk_synth::kit::data("seeds/003_896bea92d5be09c0.txt")).unwrap();
    for n in args[1..].iter().map(|a| a.parse::<usize>().unwrap()) {
        let text = xxgk_synth::kit::adversarial::of_kind(kind, &report, n).unwrap();
        let t = Instant::now();
        let r = if kind == "grid" {
            match xxgk_extract::extract_bytes(text.as_bytes(), "a.html") {
                Ok(r) => r,
                Err(e) => {
                    let refused = t.elapsed();
                    let why = e.message(xxgk_model::Lang::En);
                    println!(
                        "{kind} n={n} bytes={} refused in {refused:?}: {why}",
                        text.len()
                    );
                    continue;
                }
            }
        } else {
            xxgk_extract::extract_text(&text, "a.txt")
        };
        let e = t.elapsed();
        let t = Instant::now();
        let f = xxgk_check::check(&r, &xxgk_check::Selection::default());
        let c = t.elapsed();
        println!("{kind} n={n} bytes={} extract={:?} ({:.1} ns/B) check={:?} findings(extract)={} findings(check)={} claims={}", text.len(), e, e.as_nanos() as f64 / text.len() as f64, c, r.findings.len(), f.len(), r.narrative.len());
    }
}
