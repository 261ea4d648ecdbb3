//! HTML reports: random valid reports rendered as web pages (official table
//! layout with rowspan/colspan, plain or Word markup, whole saved site pages,
//! UTF-8 or GBK) extract back to the same tables, cell for cell; blank cells are
//! null; every value's span is its text in the page, with its table, row and
//! cell; damaged pages give a report or an error, never a panic.

mod common;
use xxgk_synth::kit;

use kit::check;
use kit::gen::{self, Model};
use kit::render::html::{render, HtmlOptions};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestCaseError;
use xxgk_model::{Number, Report, RequestRow, SourceFormat, Template};

const CASES: u32 = 48;
const BLANK_RATE: f64 = 0.02;
const MANY_BLANKS: f64 = 0.3;

fn config() -> ProptestConfig {
    kit::proptest_config(CASES)
}

/// Any way of writing the page.
fn html_options() -> impl Strategy<Value = HtmlOptions> {
    (proptest::array::uniform5(any::<bool>()), any::<u64>()).prop_map(
        |([word, one_line, empty_cells, site, varied], seed)| HtmlOptions {
            word,
            one_line,
            empty_cells,
            site,
            varied,
            charset: Some("utf-8"),
            seed,
        },
    )
}

/// A rendered page that failed, printed in full by proptest.
#[derive(Clone)]
struct Page {
    model: Model,
    options: HtmlOptions,
    html: String,
}

impl std::fmt::Debug for Page {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{:?}\n{:?}\n--- page ---", self.options, self.model)?;
        for (i, line) in self.html.lines().enumerate() {
            writeln!(f, "{:4} {line}", i + 1)?;
        }
        write!(f, "--- end of page ---")
    }
}

fn pages(blank_rate: f64) -> impl Strategy<Value = Page> {
    (html_options(), gen::model(blank_rate)).prop_map(|(options, model)| Page {
        html: render(&model, &options),
        model,
        options,
    })
}

fn extract(bytes: &[u8]) -> Result<Report, TestCaseError> {
    let report = xxgk_extract::extract_bytes(bytes, "report.html");
    prop_assert!(report.is_ok(), "extract_bytes failed: {:?}", report.err());
    let report = report.unwrap();
    prop_assert_eq!(report.source.format, SourceFormat::Html);
    Ok(report)
}

fn no_problems(problems: Vec<String>) -> Result<(), TestCaseError> {
    prop_assert!(
        problems.is_empty(),
        "{} mismatch(es):\n  {}\n(the page is in the failing input below)",
        problems.len(),
        problems.join("\n  ")
    );
    Ok(())
}

/// Every value the report gives is printed in the page at its span, and the
/// span names its table, row and cell.
fn spans_hold(page: &str, report: &Report) -> Result<(), TestCaseError> {
    for (path, printed) in &report.cells {
        prop_assert_eq!(
            page.get(printed.span.start..printed.span.end),
            Some(printed.raw.as_str()),
            "{}",
            path
        );
        let s = printed.span;
        prop_assert!(
            s.table.is_some() && s.row.is_some() && s.cell.is_some(),
            "{} has no table/row/cell: {:?}",
            path,
            s
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// Random valid reports as web pages extract back cell for cell.
    #[test]
    fn html_pages_round_trip(page in pages(BLANK_RATE)) {
        let report = extract(page.html.as_bytes())?;
        no_problems(check::exact(&page.model, &report))?;
        spans_hold(&page.html, &report)?;
    }

    /// Many blank cells (-, /, —, 无, &nbsp;, empty <td>): each comes back null.
    #[test]
    fn blank_cells_come_back_null(page in pages(MANY_BLANKS)) {
        let report = extract(page.html.as_bytes())?;
        no_problems(check::exact(&page.model, &report))?;
    }

    /// The same pages in GBK, declared by `<meta>` or not declared at all.
    #[test]
    fn gbk_pages_round_trip(page in pages(BLANK_RATE), declared in any::<bool>()) {
        let mut options = page.options.clone();
        options.charset = declared.then_some("gbk");
        let html = render(&page.model, &options);
        let (bytes, _, unmappable) = encoding_rs::GBK.encode(&html);
        prop_assert!(!unmappable);
        let report = extract(&bytes)?;
        no_problems(check::exact(&page.model, &report))?;
    }

    /// A page cut anywhere: a report or a named error, never a panic; any value
    /// it still reports is printed where its span says.
    #[test]
    fn truncated_pages_never_panic(page in pages(BLANK_RATE), cut in 0.0f64..1.0) {
        let mut at = (page.html.len() as f64 * cut) as usize;
        while !page.html.is_char_boundary(at) {
            at -= 1;
        }
        let html = &page.html[..at];
        if let Ok(report) = xxgk_extract::extract_bytes(html.as_bytes(), "cut.html") {
            for (path, printed) in &report.cells {
                prop_assert_eq!(html.get(printed.span.start..printed.span.end), Some(printed.raw.as_str()), "{}", path);
            }
        }
    }

    /// Arbitrary bytes after `<html>`: a report or a named error, never a panic.
    #[test]
    fn arbitrary_bytes_after_html_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut bytes = b"<html><body><table><tr><td>".to_vec();
        bytes.extend_from_slice(&tail);
        let _ = xxgk_extract::extract_bytes(&bytes, "fuzz.html");
    }

    /// Arbitrary markup made of table and Word vocabulary, never a panic.
    #[test]
    fn tag_soup_never_panics(words in proptest::collection::vec(0usize..SOUP.len(), 0..300)) {
        let html: String = std::iter::once("<html>").chain(words.iter().map(|&i| SOUP[i])).collect();
        if let Ok(report) = xxgk_extract::extract_bytes(html.as_bytes(), "soup.html") {
            for (path, printed) in &report.cells {
                prop_assert_eq!(html.get(printed.span.start..printed.span.end), Some(printed.raw.as_str()), "{}", path);
            }
        }
    }
}

const SOUP: &[&str] = &[
    "<table>",
    "</table>",
    "<tr>",
    "</tr>",
    "<td>",
    "</td>",
    "<th>",
    "<td rowspan=3>",
    "<td colspan=2>",
    "<td rowspan=0>",
    "<tbody>",
    "</tbody>",
    "<p>",
    "</p>",
    "<br>",
    "<span>",
    "</span>",
    "<o:p>",
    "</o:p>",
    "&nbsp;",
    "<!--",
    "-->",
    "<![if !x]>",
    "<![endif]>",
    "<script>",
    "</script>",
    "<style>",
    "<head>",
    "</head>",
    "<select>",
    "<template>",
    "</template>",
    "<",
    ">",
    "\n",
    " ",
    "0",
    "1",
    "12",
    "-",
    "无",
    "规章",
    "（七）总计",
    "一、本年新收政府信息公开申请数量",
    "三、收到和处理政府信息公开申请情况",
    "本列数据的勾稽关系",
    "<span\nstyle='a;\nb'>",
    "&amp;",
    "&#",
    "<caption>",
    "<div>",
    "</div>",
];

/// A fixed random report of `template` (no blank cells but the ones a test sets).
fn sample(template: Template) -> Model {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    loop {
        let model = gen::model(0.0).new_tree(&mut runner).unwrap().current();
        if model.template == template {
            return model;
        }
    }
}

#[test]
fn blank_nbsp_and_empty_cells_are_null() {
    let mut model = sample(Template::V2021);
    // Interior cells of table 3 blank: printed as &nbsp;, an empty <td>, Word's
    // empty paragraph.
    for (row, p) in [
        (RequestRow::Granted, 1),
        (RequestRow::Granted, 3),
        (RequestRow::DeniedLaw, 2),
        (RequestRow::Total, 5),
    ] {
        model.requests.set(row, p, None).unwrap();
    }
    for word in [false, true] {
        for seed in 0..8 {
            let options = HtmlOptions {
                word,
                varied: true,
                seed,
                ..HtmlOptions::plain()
            };
            let html = render(&model, &options);
            let report = xxgk_extract::extract_bytes(html.as_bytes(), "blank.html").unwrap();
            let problems = check::exact(&model, &report);
            assert!(problems.is_empty(), "{problems:#?}");
            let requests = report.requests.as_ref().unwrap();
            assert_eq!(requests.get(RequestRow::Granted, 1), None);
            assert_eq!(requests.get(RequestRow::DeniedLaw, 2), None);
        }
    }
}

#[test]
fn value_spans_point_at_the_page_with_table_row_and_cell() {
    let mut model = sample(Template::V2021);
    model
        .requests
        .set(RequestRow::Granted, 0, Some(Number::int(4321)))
        .unwrap();
    let html = render(
        &model,
        &HtmlOptions {
            word: true,
            site: true,
            ..HtmlOptions::plain()
        },
    );
    let report = xxgk_extract::extract_bytes(html.as_bytes(), "spans.html").unwrap();
    let printed = &report.cells["requests.granted.natural_person"];
    assert_eq!(printed.raw, "4321");
    let span = printed.span;
    assert_eq!(&html[span.start..span.end], "4321");
    // Table 0 is the metadata table, then tables 2, 3, 4 of the report; table 3
    // has three header rows, 新收, 上年结转, then 予以公开; three label columns.
    assert_eq!(
        (span.table, span.row, span.cell),
        (Some(2), Some(5), Some(3))
    );
    let line = html[..span.start].matches('\n').count() as u32 + 1;
    assert_eq!(span.line, line);
}

const WORD_2021_CELLS: &str = "\
active.regulations: 0 0 0
active.normative_documents: 2 1 15
active.licensing: 1263
active.punishment: 87
active.coercion: 3
active.fees: 12.5
requests.received: 10 2 0 0 1 0 13
requests.carried_in: 1 0 0 0 0 0 1
requests.granted: 5 1 0 0 1 0 7
requests.partially_granted: 1 0 0 0 0 0 1
requests.denied_state_secret: 0 0 0 0 0 0 0
requests.denied_law: 0 0 0 0 0 0 0
requests.denied_safety: 0 0 0 0 0 0 0
requests.denied_third_party: 1 0 0 0 0 0 1
requests.denied_internal: 0 0 0 0 0 0 0
requests.denied_process: 0 0 0 0 0 0 0
requests.denied_enforcement: 0 0 0 0 0 0 0
requests.denied_query: 0 0 0 0 0 0 0
requests.unavailable_not_held: 2 0 0 0 0 0 2
requests.unavailable_needs_creation: 0 0 0 0 0 0 0
requests.unavailable_unclear: 0 0 - 0 0 0 0
requests.rejected_petition: 0 0 0 0 0 0 0
requests.rejected_duplicate: 1 0 0 0 0 0 1
requests.rejected_publication: 0 0 0 0 0 0 0
requests.rejected_excessive: 0 0 0 0 0 0 0
requests.rejected_confirmation: 0 0 0 0 0 0 0
requests.other_no_correction: 0 0 0 0 0 0 0
requests.other_unpaid_fee: 0 0 0 0 0 0 0
requests.other_misc: 0 0 0 0 0 0 0
requests.total: 10 1 0 0 1 0 12
requests.carried_out: 1 1 0 0 0 0 2
appeals.review: 1 0 0 0 1
appeals.litigation_direct: 0 0 0 1 1
appeals.litigation_after_review: 0 0 0 0 0
";

/// A report saved from Word as a web page, in GB2312 (declared by `<meta>`):
/// every cell, the agency, year, template and date; the `&nbsp;` cell is null.
#[test]
fn word_page_in_gb2312_extracts_every_cell() {
    let report = common::extract("html/word-2021-gb2312.html");
    assert_eq!(report.source.format, SourceFormat::Html);
    assert_eq!(report.agency.as_deref(), Some("淮安市洪泽区交通运输局"));
    assert_eq!(report.year, Some(2022));
    assert_eq!(report.template, Some(Template::V2021));
    assert_eq!(report.published.as_deref(), Some("2023-01-18"));
    assert_eq!(common::cells(&report), WORD_2021_CELLS);
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert_eq!(report.sections.len(), 6);
    // Without its declaration the page is still GBK, detected.
    let bytes = std::fs::read(common::data("html/word-2021-gb2312.html")).unwrap();
    let stripped: Vec<u8> = {
        let needle = b"<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">";
        let at = bytes
            .windows(needle.len())
            .position(|w| w == needle)
            .unwrap();
        [&bytes[..at], &bytes[at + needle.len()..]].concat()
    };
    let report = xxgk_extract::extract_bytes(&stripped, "undeclared.html").unwrap();
    assert_eq!(common::cells(&report), WORD_2021_CELLS);
}

/// A whole saved site page (navigation, scripts, a metadata table, footer) with
/// the tables on one line each, empty `<td>` instead of rowspan and `&nbsp;`
/// blanks: every cell.
#[test]
fn saved_site_page_extracts_every_cell() {
    let report = common::extract("html/cms-2019-saved-page.html");
    assert_eq!(report.agency.as_deref(), Some("兴庆区通贵乡人民政府"));
    assert_eq!(report.year, Some(2020));
    assert_eq!(report.template, Some(Template::V2019));
    assert_eq!(report.published.as_deref(), Some("2021-01-26"));
    assert_eq!(
        common::cells(&report),
        "\
active.regulations: 0 0 0
active.normative_documents: 3 3 27
active.licensing: 12 -2 340
active.other_services: 4 0 26
active.punishment: 6 -1 98
active.coercion: 0 0 0
active.fees: 2 0
active.procurement: 5 461.7
requests.received: 20 3 0 1 0 0 24
requests.carried_in: 0 0 0 0 0 0 0
requests.granted: 12 2 0 1 0 0 15
requests.partially_granted: 2 0 0 0 0 0 2
requests.denied_state_secret: 0 0 0 0 0 0 0
requests.denied_law: 0 0 0 0 0 0 0
requests.denied_safety: 0 0 0 0 0 0 0
requests.denied_third_party: 0 0 0 0 0 0 0
requests.denied_internal: 0 0 0 0 0 0 0
requests.denied_process: 1 0 0 0 0 0 1
requests.denied_enforcement: 0 0 0 0 0 0 0
requests.denied_query: 0 0 0 0 0 0 0
requests.unavailable_not_held: 3 1 0 0 0 0 4
requests.unavailable_needs_creation: 0 0 0 0 0 0 0
requests.unavailable_unclear: 0 0 0 0 0 0 0
requests.rejected_petition: 1 0 0 0 0 0 1
requests.rejected_duplicate: 0 0 0 0 0 0 0
requests.rejected_publication: 0 0 0 0 0 0 0
requests.rejected_excessive: 0 0 0 0 0 0 0
requests.rejected_confirmation: 0 0 0 0 0 0 0
requests.other: 0 0 - 0 0 0 0
requests.total: 19 3 0 1 0 0 23
requests.carried_out: 1 0 0 0 0 0 1
appeals.review: 2 0 0 0 2
appeals.litigation_direct: 1 0 0 1 2
appeals.litigation_after_review: 0 0 0 0 0
"
    );
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let numbers: Vec<u8> = report.sections.iter().map(|s| s.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
    // Values point at the page, with their table (the metadata table is 0).
    let page = std::fs::read_to_string(common::data("html/cms-2019-saved-page.html")).unwrap();
    let printed = &report.cells["active.procurement.amount_wan"];
    assert_eq!(&page[printed.span.start..printed.span.end], "461.7 万元");
    assert_eq!(printed.span.table, Some(1));
    let other = &report.cells["requests.total.total"];
    assert_eq!(&page[other.span.start..other.span.end], "23");
    assert_eq!((other.span.table, other.span.cell), (Some(2), Some(9)));
}

/// A blank `<td>` at the end of a row is a real blank cell in HTML (a table
/// grid), not layout residue as trailing separators are in text: it comes back
/// null and the other cells exact. (It once came back as a split 「12」 → 1, 2.)
#[test]
fn trailing_blank_value_cell_is_null() {
    let page = std::fs::read_to_string(common::data("html/cms-2019-saved-page.html")).unwrap();
    let row = page.find("（一）予以公开").unwrap();
    let row_end = row + page[row..].find("</tr>").unwrap();
    let last_cell = row + page[row..row_end].rfind("<td").unwrap();
    let page = format!("{}<td>&nbsp;</td>{}", &page[..last_cell], &page[row_end..]);
    let report = xxgk_extract::extract_bytes(page.as_bytes(), "trailing.html").unwrap();
    let granted: Vec<Option<Number>> = (0..7)
        .map(|p| {
            report
                .requests
                .as_ref()
                .unwrap()
                .get(RequestRow::Granted, p)
        })
        .collect();
    let int = |v: i64| Some(Number::int(v));
    assert_eq!(
        granted,
        [int(12), int(2), int(0), int(1), int(0), int(0), None]
    );
}

/// Table 4's value row has no label; its leading `<td></td>` are blanks of the
/// review group, not layout residue. Dropping them once made the row short, and
/// the digits of 4167 were split into four invented values (found by rendering
/// reports with blank review cells).
#[test]
fn leading_blank_cells_of_table_4_are_blanks_not_residue() {
    let row = [
        "", "", "", "4167", "", "0", "4592", "0", "0", "4592", "2336", "9", "4", "0", "2349",
    ];
    let cells: String = row.iter().map(|c| format!("<td>{c}</td>")).collect();
    let page = format!(
        "<html><body><p>某某镇人民政府2024年政府信息公开工作年度报告</p>\
         <p>四、政府信息公开行政复议、行政诉讼情况</p><table>\
         <tr><td colspan=\"5\">行政复议</td><td colspan=\"10\">行政诉讼</td></tr>\
         <tr><td rowspan=\"2\">结果维持</td><td rowspan=\"2\">结果纠正</td><td rowspan=\"2\">其他结果</td>\
         <td rowspan=\"2\">尚未审结</td><td rowspan=\"2\">总计</td><td colspan=\"5\">未经复议直接起诉</td>\
         <td colspan=\"5\">复议后起诉</td></tr>\
         <tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>\
         <td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>\
         <tr>{cells}</tr></table></body></html>"
    );
    let report = xxgk_extract::extract_bytes(page.as_bytes(), "t4.html").unwrap();
    let appeals = serde_json::to_value(report.appeals.as_ref().unwrap()).unwrap();
    assert_eq!(
        appeals,
        serde_json::json!({
            "review": {"upheld": null, "corrected": null, "other": null, "pending": 4167, "total": null},
            "litigation_direct": {"upheld": 0, "corrected": 4592, "other": 0, "pending": 0, "total": 4592},
            "litigation_after_review": {"upheld": 2336, "corrected": 9, "other": 4, "pending": 0, "total": 2349},
        })
    );
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

/// A CMS page body saved without `<html>` or `<body>`, and the same body as
/// the content of a JavaScript string (`var contentHtml = "…<\/p>…";`), read
/// like the page text a crawler kept of the same report (tests/data/crawled,
/// hand-checked there).
#[test]
fn fragments_and_js_strings_read_like_the_page_text() {
    let text = common::extract("crawled/hebei-education-2022.txt");
    for path in [
        "fragments/fragment-hebei-education-2022.html",
        "fragments/js-string-hebei-education-2022.txt",
    ] {
        let report = common::extract(path);
        assert_eq!(report.source.format, SourceFormat::Html, "{path}");
        assert_eq!(common::cells(&report), common::cells(&text), "{path}");
        assert_eq!(report.year, Some(2022), "{path}");
        assert_eq!(report.sections.len(), 6, "{path}");
    }
}

/// A report whose text (tab tables, pipe tables, columns aligned with spaces)
/// a page shows in a `<pre>` reads like the text file itself: the same cells,
/// year and agency, and every value's span is its text in the page.
#[test]
fn preformatted_text_reads_like_the_text_file() {
    for path in [
        "seeds/000_60799c090932cf1e.txt",
        "seeds/001_45d6ed1fafd8548f.txt",
        "seeds/002_0b1325ff460d94b6.txt",
        "seeds/003_896bea92d5be09c0.txt",
        "seeds/004_ca48803eb8e502d4.txt",
        "layout/huaian-city-2024.pdftotext-layout.txt",
        "layout/huaian-hongze-district-2023.pdftotext-layout.txt",
    ] {
        let text = std::fs::read_to_string(common::data(path)).unwrap();
        let expected = common::extract(path);
        let escaped = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        let page = format!(
            "<!DOCTYPE html>\n<html><head><title>年度报告</title></head><body>\n<pre>{escaped}</pre>\n</body></html>\n"
        );
        let report = xxgk_extract::extract_bytes(page.as_bytes(), "report.html")
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(report.source.format, SourceFormat::Html, "{path}");
        assert_eq!(common::cells(&report), common::cells(&expected), "{path}");
        assert_eq!(
            (&report.agency, report.year),
            (&expected.agency, expected.year),
            "{path}"
        );
        assert!(
            !report.findings.iter().any(|f| f.rule == "no-tables"),
            "{path}"
        );
        for (cell, printed) in &report.cells {
            assert_eq!(
                page.get(printed.span.start..printed.span.end),
                Some(printed.raw.as_str()),
                "{path}: {cell}"
            );
        }
    }
}
