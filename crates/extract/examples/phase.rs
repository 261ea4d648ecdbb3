fn main() {
    if std::env::var("ONLY").is_ok() {
        let bytes = std::fs::read("tests/data/seeds/002_0b1325ff460d94b6.txt").unwrap();
        let doc = xxgk_read::Document::from_text(xxgk_read::decode(&bytes, None).unwrap().text);
        let src = xxgk_model::Source {
            file: "x".into(),
            format: xxgk_model::SourceFormat::Text,
            sha256: String::new(),
            encoding: None,
        };
        for _ in 0..20000 {
            std::hint::black_box(xxgk_extract::extract_document(&doc, src.clone()));
        }
        return;
    }
    let bytes = std::fs::read("tests/data/seeds/002_0b1325ff460d94b6.txt").unwrap();
    let n: u32 = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(xxgk_read::decode(&bytes, None).unwrap());
    }
    println!("decode   {:?}", t.elapsed() / n);
    let text = xxgk_read::decode(&bytes, None).unwrap().text;
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(fast2s::convert(&text));
    }
    println!("fast2s   {:?}", t.elapsed() / n);
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(xxgk_read::fold::fold(&text));
    }
    println!("fold     {:?}", t.elapsed() / n);
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(xxgk_read::Document::from_text(text.clone()));
    }
    println!("document {:?}", t.elapsed() / n);
    let doc = xxgk_read::Document::from_text(text.clone());
    let src = xxgk_model::Source {
        file: "x".into(),
        format: xxgk_model::SourceFormat::Text,
        sha256: String::new(),
        encoding: None,
    };
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(xxgk_extract::extract_document(&doc, src.clone()));
    }
    println!("extract  {:?}", t.elapsed() / n);
}
