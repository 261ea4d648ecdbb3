//! Golden tests: the rendered Markdown and HTML of one report of each format
//! (the fixtures in `tests/data`), and what the checker says about them.

use std::path::Path;
use xxgk_author::{compute, read, Author};
use xxgk_model::{Lang, Report};
use xxgk_render::Document;

fn load(name: &str) -> (Author, Report) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    let author = read(&std::fs::read(path).unwrap(), name)
        .unwrap_or_else(|p| panic!("{}", p.render(Lang::En)));
    let computed = compute(&author);
    assert!(computed.problems.is_empty(), "{:?}", computed.problems);
    (author, computed.report)
}

fn document<'a>(author: &'a Author, report: &'a Report) -> Document<'a> {
    Document {
        report,
        preamble: &author.preamble,
        sections: std::array::from_fn(|i| author.sections[i].as_str()),
    }
}

#[test]
fn format_2019_markdown() {
    let (author, report) = load("wanggang-2020.toml");
    insta::assert_snapshot!(xxgk_render::markdown(&document(&author, &report)));
}

#[test]
fn format_2019_html() {
    let (author, report) = load("wanggang-2020.toml");
    insta::assert_snapshot!(xxgk_render::html(&document(&author, &report)));
}

#[test]
fn format_2021_markdown() {
    let (author, report) = load("hongze-transport-2024.toml");
    insta::assert_snapshot!(xxgk_render::markdown(&document(&author, &report)));
}

#[test]
fn format_2021_html() {
    let (author, report) = load("hongze-transport-2024.toml");
    insta::assert_snapshot!(xxgk_render::html(&document(&author, &report)));
}

/// The fixtures are what a careful body publishes: rendered and read back,
/// every single-report rule passes (the only note: a township's date is not
/// checked against a deadline).
#[test]
fn the_fixtures_pass_every_rule() {
    for name in ["wanggang-2020.toml", "hongze-transport-2024.toml"] {
        let (author, report) = load(name);
        let doc = document(&author, &report);
        for (format, file) in [
            (xxgk_render::Format::Markdown, "r.md"),
            (xxgk_render::Format::Html, "r.html"),
            (xxgk_render::Format::Docx, "r.docx"),
        ] {
            let bytes = xxgk_render::render(&doc, format);
            let extracted = xxgk_extract::extract_bytes(&bytes, file).unwrap();
            let findings = xxgk_check::check(&extracted, &xxgk_check::Selection::default());
            let shown: Vec<String> = findings
                .iter()
                .map(|f| format!("{} {}", f.rule, f.message.en))
                .collect();
            assert!(findings.is_empty(), "{name} as {file}: {shown:#?}");
            assert_eq!(extracted.sections.len(), 6, "{name} as {file}");
            assert_eq!(extracted.active, report.active, "{name} as {file}");
            assert_eq!(extracted.requests, report.requests, "{name} as {file}");
            assert_eq!(extracted.appeals, report.appeals, "{name} as {file}");
        }
    }
}
