fn main() {
    let bytes = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    let text = xxgk_read::decode(&bytes, None).unwrap().text;
    let t = std::time::Instant::now();
    for _ in 0..5000 {
        std::hint::black_box(xxgk_read::fold::fold(&text));
    }
    println!("fold {:?}", t.elapsed() / 5000);
}
