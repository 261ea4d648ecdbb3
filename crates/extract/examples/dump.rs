//! Prints the extraction of the files given (a development aid).
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("readable file");
        match xxgk_extract::extract_bytes(&bytes, &path) {
            Ok(report) => {
                let mut v = report.to_json(xxgk_model::Lang::Zh);
                v.as_object_mut().unwrap().remove("cells");
                println!("{}", serde_json::to_string(&v).unwrap())
            }
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
}
