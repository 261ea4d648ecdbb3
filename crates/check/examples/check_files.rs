//! Prints the findings for the files given, one line each (a development aid;
//! `xxgk check` is the real interface).
fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let reports: Vec<_> = paths
        .iter()
        .filter_map(|p| xxgk_extract::extract_bytes(&std::fs::read(p).ok()?, p).ok())
        .collect();
    let selection = xxgk_check::Selection::default();
    let refs: Vec<&xxgk_model::Report> = reports.iter().collect();
    let series = xxgk_check::check_series(&refs, &selection);
    for (report, cross) in reports.iter().zip(series) {
        println!("== {}", report.source.file);
        for f in xxgk_check::check(report, &selection)
            .into_iter()
            .chain(cross)
        {
            let at = f
                .span
                .map_or(String::new(), |s| format!("{}:{}", s.line, s.column));
            println!(
                "  {:7} {:22} {:>7} {}",
                f.severity.as_str(),
                f.rule,
                at,
                f.message.zh
            );
        }
    }
}
