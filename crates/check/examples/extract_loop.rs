//! Extracts one file many times (for profiling): `extract_loop FILE [TIMES]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("a file");
    let times: usize = args.next().map_or(2000, |n| n.parse().expect("a count"));
    let bytes = std::fs::read(&path).unwrap();
    for _ in 0..times {
        std::hint::black_box(xxgk_extract::extract_bytes(&bytes, &path).unwrap());
    }
}
