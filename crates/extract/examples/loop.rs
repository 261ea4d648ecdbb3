//! Runs extract_bytes on one file many times (for profiling).
fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let bytes = std::fs::read(&path).unwrap();
    let n: u32 = std::env::args()
        .nth(2)
        .and_then(|v| v.parse().ok())
        .unwrap_or(5000);
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(xxgk_extract::extract_bytes(&bytes, "x.txt").unwrap());
    }
    println!("{:?} per report", t.elapsed() / n);
}
