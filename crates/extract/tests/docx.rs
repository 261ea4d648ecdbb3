//! DOCX reports through the whole extractor:
//!
//! * the official blank 2021 template: a report with no invented number;
//! * the same template filled in with a random valid report (Word's own table
//!   structure: `w:gridSpan` and `w:vMerge` label cells, WPS markup): every
//!   cell comes back exactly, its span naming the table, row and cell;
//! * random valid reports written as DOCX by the test writer (runs split
//!   inside values and labels, line breaks and paragraphs inside label cells,
//!   merged cells): extraction gives the model back.

mod common;
use xxgk_synth::kit;

use kit::gen::{self, Model};
use kit::render::grid::{self, Cell, Grid};
use kit::render::{Layout, Options};
use kit::Rng;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use xxgk_extract::extract_bytes;
use xxgk_model::{Active, Report, RequestRow, RowKind, SourceFormat, Table, Template};
use xxgk_synth::kit::docx::{document_xml, docx, Block, Merge, Tc};

const TEMPLATE: &str = "docx/official-template-2021-blank.docx";

fn template_bytes() -> Vec<u8> {
    std::fs::read(common::data(TEMPLATE)).unwrap()
}

/// Every value the report holds, as `path = value`.
fn values(report: &Report) -> Vec<String> {
    fn of<R: RowKind>(table: &Table<R>, out: &mut Vec<String>) {
        for (row, cells) in table.rows() {
            for (p, v) in cells.iter().enumerate() {
                if let Some(v) = v {
                    out.push(format!("{} = {v}", Table::<R>::path(row, p)));
                }
            }
        }
    }
    let mut out = Vec::new();
    match &report.active {
        Some(Active::V2019(t)) => of(t, &mut out),
        Some(Active::V2021(t)) => of(t, &mut out),
        None => {}
    }
    if let Some(t) = &report.requests {
        of(t, &mut out);
    }
    if let Some(t) = &report.appeals {
        of(t, &mut out);
    }
    out
}

#[test]
fn the_blank_template_extracts_without_inventing_numbers() {
    let report = extract_bytes(&template_bytes(), TEMPLATE).unwrap();
    assert_eq!(report.source.format, SourceFormat::Docx);
    assert!(values(&report).is_empty(), "{:?}", values(&report));
    assert!(report.cells.values().all(|p| p.raw.trim().is_empty()));
    let numbers: Vec<u8> = report.sections.iter().map(|s| s.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
    assert_eq!(report.sections[0].heading, "一、总体情况");
    assert_eq!(report.sections[0].span.paragraph, Some(3));
}

/// What issue 4 asks of the blank template: a 2021 report whose three tables are
/// all there, every row, every cell null. The extractor does not read rows whose
/// value cells are all empty yet (see `scan.rs`: an empty cell only extends a
/// row that already has values), so this waits for it.
#[test]
fn the_blank_template_is_a_2021_report_with_every_cell_null() {
    let report = extract_bytes(&template_bytes(), TEMPLATE).unwrap();
    assert_eq!(report.template, Some(Template::V2021));
    let Some(Active::V2021(active)) = &report.active else {
        panic!("table 2: {:?}", report.active)
    };
    let requests = report.requests.as_ref().expect("table 3");
    let appeals = report.appeals.as_ref().expect("table 4");
    for &row in xxgk_model::Active2021Row::ALL {
        assert!(active.has_row(row), "{row:?}");
    }
    for row in gen::outcome_rows(Template::V2021).into_iter().chain([
        RequestRow::Received,
        RequestRow::CarriedIn,
        RequestRow::Total,
        RequestRow::CarriedOut,
    ]) {
        assert!(requests.has_row(row), "{row:?}");
    }
    assert!(!requests.has_row(RequestRow::Other));
    for &group in xxgk_model::AppealGroup::ALL {
        assert!(appeals.has_row(group), "{group:?}");
    }
    assert!(active.all_blank() && requests.all_blank() && appeals.all_blank());
    assert!(values(&report).is_empty());
}

// ---------------------------------------------------------------------------
// The official template, filled in.

/// The `(start, end)` byte ranges of each `open`…`close` element at the top level
/// of `xml[range]` (no nesting of the same element inside, as in the template).
fn elements(
    xml: &str,
    range: std::ops::Range<usize>,
    open: &str,
    close: &str,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = range.start;
    while let Some(i) = xml[at..range.end].find(open) {
        let start = at + i;
        // `<w:tr` must not match `<w:trPr`, nor `<w:tc` match `<w:tcPr`.
        let next = xml.as_bytes()[start + open.len()];
        if next != b'>' && next != b' ' {
            at = start + open.len();
            continue;
        }
        let end = start + xml[start..range.end].find(close).unwrap() + close.len();
        out.push((start, end));
        at = end;
    }
    out
}

/// The template's document.xml with `values` typed into its value cells:
/// `(table, row, cell, text)`.
fn fill(xml: &str, values: &[(usize, usize, usize, String)]) -> String {
    let tables = elements(xml, 0..xml.len(), "<w:tbl", "</w:tbl>");
    let mut inserts: Vec<(usize, String)> = Vec::new();
    for (t, r, c, text) in values {
        let (start, end) = tables[*t];
        let (row_start, row_end) = elements(xml, start..end, "<w:tr", "</w:tr>")[*r];
        let (cell_start, cell_end) = elements(xml, row_start..row_end, "<w:tc", "</w:tc>")[*c];
        let p_end = cell_start + xml[cell_start..cell_end].rfind("</w:p>").unwrap();
        inserts.push((p_end, format!("<w:r><w:t>{text}</w:t></w:r>")));
    }
    inserts.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    let mut out = xml.to_string();
    for (at, text) in inserts {
        out.insert_str(at, &text);
    }
    out
}

fn template_xml() -> String {
    let bytes = template_bytes();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice())).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    xml
}

/// Where each value of a 2021 model goes in the template: (table, row, cell).
fn template_cells(model: &Model) -> Vec<(usize, usize, usize, String)> {
    let text = |v: Option<xxgk_model::Number>| v.map_or(String::new(), |v| v.to_string());
    let mut out = Vec::new();
    let Active::V2021(active) = &model.active else {
        panic!("a 2021 model")
    };
    // Table 2: rows 2, 3 hold three columns; 行政许可, 处罚, 强制, 收费 one.
    let active_rows = [2, 3, 6, 9, 10, 13];
    for ((_, cells), &r) in active.rows().zip(&active_rows) {
        for (p, &v) in cells.iter().enumerate() {
            out.push((0, r, 1 + p, text(v)));
        }
    }
    // Table 3: rows 3–27 in official order, the values in the last seven cells.
    let widths = [
        8, 8, 9, 9, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 9,
        8,
    ];
    let rows: Vec<_> = model.requests.rows().collect();
    assert_eq!(rows.len(), widths.len());
    for (i, ((_, cells), width)) in rows.into_iter().zip(widths).enumerate() {
        for (p, &v) in cells.iter().enumerate() {
            out.push((1, 3 + i, width - 7 + p, text(v)));
        }
    }
    // Table 4: the fifteen values of row 3.
    for (g, (_, cells)) in model.appeals.rows().enumerate() {
        for (p, &v) in cells.iter().enumerate() {
            out.push((2, 3, g * 5 + p, text(v)));
        }
    }
    out
}

fn model_2021() -> impl Strategy<Value = Model> {
    gen::model(0.0).prop_filter("2021 format", |m| m.template == Template::V2021)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    /// The official template filled in with a valid report: the three tables
    /// come back exactly, each value's span names its table, row and cell and
    /// covers the digits typed into document.xml.
    #[test]
    fn the_filled_in_template_extracts_exactly(model in model_2021()) {
        let cells = template_cells(&model);
        let xml = fill(&template_xml(), &cells);
        let report = extract_bytes(&docx(&xml), "filled.docx").unwrap();
        let problems = kit::check::tables(&model, &report);
        prop_assert!(problems.is_empty(), "{}", problems.join("\n"));
        prop_assert_eq!(report.template, Some(Template::V2021));
        let mut located = 0;
        for (path, printed) in &report.cells {
            let span = printed.span;
            prop_assert_eq!(&xml[span.start..span.end], printed.raw.as_str(), "{}", path);
            if let (Some(t), Some(r), Some(c)) = (span.table, span.row, span.cell) {
                let expected = cells.iter().find(|x| (x.0, x.1, x.2) == (t as usize, r as usize, c as usize));
                prop_assert!(expected.is_some_and(|x| x.3 == printed.raw), "{} at {:?}", path, (t, r, c));
                located += 1;
            }
        }
        prop_assert_eq!(located, cells.len());
    }
}

#[test]
fn a_filled_in_requests_table_points_at_its_cells() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let model = model_2021().new_tree(&mut runner).unwrap().current();
    let cells = template_cells(&model);
    let xml = fill(&template_xml(), &cells);
    let report = extract_bytes(&docx(&xml), "filled.docx").unwrap();
    let requests = report.requests.as_ref().unwrap();
    assert_eq!(requests, &model.requests);
    let printed = &report.cells["requests.total.total"];
    assert_eq!(
        (printed.span.table, printed.span.row, printed.span.cell),
        (Some(1), Some(26), Some(8))
    );
    assert_eq!(
        printed.raw,
        model
            .requests
            .get(RequestRow::Total, 6)
            .unwrap()
            .to_string()
    );
}

// ---------------------------------------------------------------------------
// Random reports written by the test writer.

/// The grid of one table as DOCX rows: a pad after a label widens the label
/// (`w:gridSpan`), a pad elsewhere continues the merged cell above (`w:vMerge`);
/// values and labels are split into runs, labels sometimes broken by a line
/// break or a second paragraph.
fn table_rows(grid: &Grid, rng: &mut Rng) -> Vec<Vec<Tc>> {
    let mut rows: Vec<Vec<Tc>> = Vec::new();
    for row in grid {
        let mut out: Vec<Tc> = Vec::new();
        for cell in row {
            match cell {
                Cell::Pad => match out.last_mut() {
                    Some(last) if last.merge != Merge::Continue && rng.chance(0.7) => {
                        last.span += 1;
                    }
                    _ => out.push(Tc::empty().merge(Merge::Continue)),
                },
                Cell::Label(text) | Cell::Head(text) => out.push(Tc::text(&label_text(text, rng))),
                Cell::Empty => out.push(Tc::empty()),
                Cell::Value(text) => out.push(Tc::text(&split_runs(text, rng))),
            }
        }
        rows.push(out);
    }
    rows
}

/// `|` marks between characters: the writer starts a new run there.
fn split_runs(text: &str, rng: &mut Rng) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i > 0 && rng.chance(0.3) {
            out.push('|');
        }
        out.push(c);
    }
    out
}

/// A label split into runs, sometimes broken by a line break or a new paragraph.
fn label_text(text: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = split_runs(text, rng);
    if chars.len() > 4 && rng.chance(0.3) {
        let at = 2 + rng.below(chars.len() - 3);
        let prefix: String = chars[..at].iter().collect();
        let rest: String = chars[at..].iter().collect();
        let mark = if rng.chance(0.5) { '\u{2028}' } else { '\n' };
        out = format!(
            "{}{mark}{}",
            split_runs(&prefix, rng),
            split_runs(&rest, rng)
        );
    }
    out
}

/// A whole report as a DOCX.
fn render_docx(model: &Model, options: &Options) -> Vec<u8> {
    let mut rng = Rng::new(options.seed);
    let mut builder = grid::Builder {
        opts: options,
        rng: Rng::new(rng.next_u64()),
    };
    let grids = [
        builder.active(model),
        builder.requests(model),
        builder.appeals(model),
    ];
    let mut blocks = vec![Block::Para(format!(
        "{}{}年政府信息公开工作年度报告",
        model.agency, model.year
    ))];
    for (i, section) in xxgk_model::labels::SECTIONS.iter().enumerate() {
        blocks.push(Block::Para(split_runs(section.title, &mut rng)));
        blocks.push(Block::Para(if i == 0 {
            format!(
                "{}年，本机关认真贯彻落实条例，各项工作有序推进。",
                model.year
            )
        } else {
            "本年度相关情况见下表。".to_string()
        }));
        if (1..=3).contains(&i) {
            blocks.push(Block::Table(table_rows(&grids[i - 1], &mut rng)));
            blocks.push(Block::Para(String::new()));
        }
    }
    blocks.push(Block::Para(model.agency.clone()));
    let parts: Vec<u32> = model
        .published
        .split('-')
        .map(|p| p.parse().unwrap())
        .collect();
    blocks.push(Block::Para(format!(
        "{}年{}月{}日",
        parts[0], parts[1], parts[2]
    )));
    docx(&document_xml(&blocks))
}

fn docx_options() -> impl Strategy<Value = Options> {
    (any::<bool>(), any::<u64>()).prop_map(|(varied, seed)| Options {
        varied,
        seed,
        ..Options::plain(Layout::Tab)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    /// Random valid reports (both formats, some blank cells) written as DOCX
    /// extract back to the model, every value located in its table cell.
    #[test]
    fn generated_docx_reports_round_trip(options in docx_options(), model in gen::model(0.02)) {
        let bytes = render_docx(&model, &options);
        let report = extract_bytes(&bytes, "generated.docx").unwrap();
        let problems = kit::check::exact(&model, &report);
        prop_assert!(problems.is_empty(), "{}", problems.join("\n"));
        for (path, printed) in &report.cells {
            let span = printed.span;
            prop_assert!(span.table.is_some() && span.row.is_some() && span.cell.is_some(), "{}", path);
        }
    }
}
