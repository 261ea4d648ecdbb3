//! Round trip: random leaf cells of either format (some left blank) → compute
//! → render as Markdown, HTML and DOCX → `xxgk_extract::extract_bytes` → the
//! same three tables, cell for cell, and the same agency, year and date.

use proptest::prelude::*;
use xxgk_author::{compute, schema, Author, BlankCells};
use xxgk_model::labels::ValueKind;
use xxgk_model::{Number, Report, RequestRow, RowKind, Template};
use xxgk_render::{Document, Format};

const AGENCIES: &[&str] = &[
    "王岗镇人民政府",
    "淮安市洪泽区交通运输局",
    "兴庆区通贵乡人民政府",
    "渠县宝城镇人民政府",
    "北京市朝阳区人民政府办公室",
];

/// A count as reports print them: mostly 0, often a few, sometimes thousands.
fn count() -> impl Strategy<Value = i64> {
    prop_oneof![5 => Just(0i64), 3 => 1i64..10, 2 => 10i64..5000]
}

/// One drawn cell: its value and whether it is left blank.
#[derive(Clone, Debug)]
struct Draw {
    count: i64,
    change: i64,
    /// Money in 1/10000 万元 (whole 元).
    amount: i64,
    blank: bool,
}

fn draw(blank_rate: f64) -> impl Strategy<Value = Draw> {
    (
        count(),
        prop_oneof![2 => Just(0i64), 3 => -20i64..20, 1 => -900i64..900],
        prop_oneof![1 => Just(0i64), 1 => (1i64..100).prop_map(|w| w * 10_000), 2 => 1i64..10_000_000_000],
        proptest::bool::weighted(blank_rate),
    )
        .prop_map(|(count, change, amount, blank)| Draw {
            count,
            change,
            amount,
            blank,
        })
}

#[derive(Clone, Debug)]
struct Case {
    year: i32,
    agency: &'static str,
    published: Option<(u32, u32)>,
    draws: Vec<Draw>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop_oneof![2019..=2020i32, 2021..=2026i32],
        proptest::sample::select(AGENCIES),
        proptest::option::weighted(0.9, (1u32..=12, 1u32..=28)),
        prop_oneof![Just(0.0), Just(0.05), Just(0.3)],
    )
        .prop_flat_map(|(year, agency, published, blank_rate)| {
            proptest::collection::vec(draw(blank_rate), 220).prop_map(move |draws| Case {
                year,
                agency,
                published,
                draws,
            })
        })
}

/// The author file of a case: every leaf of the format from the draws, the
/// received counts chosen so that nothing is carried over negatively.
fn author(case: &Case) -> Author {
    let mut author = Author::new(case.year);
    author.file = "case.toml".into();
    author.agency = Some(case.agency.to_string());
    author.published = case
        .published
        .map(|(m, d)| format!("{}-{m:02}-{d:02}", case.year + 1));
    author.blank_cells = BlankCells::Keep;
    let template = Template::for_year(case.year);
    let mut draws = case.draws.iter().cycle();
    for def in schema::cells(template) {
        if def.role != schema::Role::Leaf {
            continue;
        }
        let d = draws.next().unwrap();
        let value = match def.kind {
            ValueKind::Count => Number::int(d.count),
            ValueKind::Change => Number::int(d.change),
            ValueKind::MoneyWan => Number::new(d.amount, 4),
        };
        author.cells.insert(def.path, (!d.blank).then_some(value));
    }
    // 新收 = （七） + 结转下年度 − 上年结转, with 上年结转 ≤ （七） + 结转下年度.
    let outcomes = schema::outcome_rows(template);
    for position in 0..schema::REQUEST_TOTAL {
        let get = |row: RequestRow, a: &Author| {
            a.entered(xxgk_model::Table::<RequestRow>::path(row, position))
                .flatten()
        };
        let total: i64 = outcomes
            .iter()
            .filter_map(|&r| get(r, &author))
            .filter_map(|n| n.as_i64())
            .sum();
        let carried_out = case.draws[position].count;
        let carried_in_path =
            xxgk_model::Table::<RequestRow>::path(RequestRow::CarriedIn, position);
        let carried_in = get(RequestRow::CarriedIn, &author)
            .and_then(|n| n.as_i64())
            .map(|c| c.min(total + carried_out));
        if let Some(c) = carried_in {
            author.cells.insert(carried_in_path, Some(Number::int(c)));
        }
        let received_path = xxgk_model::Table::<RequestRow>::path(RequestRow::Received, position);
        if get(RequestRow::Received, &author).is_some() {
            let received = total + carried_out - carried_in.unwrap_or(0);
            author
                .cells
                .insert(received_path, Some(Number::int(received)));
        }
    }
    author
}

fn tables_json(report: &Report) -> serde_json::Value {
    serde_json::json!({
        "active": report.active,
        "requests": report.requests,
        "appeals": report.appeals,
    })
}

fn round_trip(case: &Case) -> Result<(), TestCaseError> {
    let author = author(case);
    let computed = compute(&author);
    let errors: Vec<_> = computed.problems.iter().filter(|p| p.is_error()).collect();
    prop_assert!(errors.is_empty(), "{errors:?}");
    let report = &computed.report;
    let doc = Document::new(report);
    for (format, name) in [
        (Format::Markdown, "r.md"),
        (Format::Html, "r.html"),
        (Format::Docx, "r.docx"),
    ] {
        let bytes = xxgk_render::render(&doc, format);
        let got = xxgk_extract::extract_bytes(&bytes, name).map_err(|e| {
            TestCaseError::fail(format!("{name}: {}", e.message(xxgk_model::Lang::En)))
        })?;
        prop_assert_eq!(&got.agency, &report.agency, "{}", name);
        prop_assert_eq!(got.year, report.year, "{}", name);
        prop_assert_eq!(&got.published, &report.published, "{}", name);
        prop_assert_eq!(got.template, report.template, "{}", name);
        prop_assert_eq!(tables_json(&got), tables_json(report), "{}", name);
    }
    Ok(())
}

/// Cases per property: 48, or `PROPTEST_CASES` for a deeper search.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(48),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn computed_reports_render_and_extract_back(case in case()) {
        round_trip(&case)?;
    }
}

/// The computed tables satisfy every identity the checker knows (blank cells
/// excepted): no arithmetic finding on any random report.
#[test]
fn computed_reports_pass_the_arithmetic_rules() {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: cases(64),
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    runner
        .run(&case(), |case| {
            let computed = compute(&author(&case));
            let selection = xxgk_check::Selection {
                select: vec![
                    "requests-*".into(),
                    "appeals-total".into(),
                    "non-negative-integer".into(),
                    "missing-table".into(),
                ],
                ignore: Vec::new(),
            };
            let findings = xxgk_check::check(&computed.report, &selection);
            prop_assert!(findings.is_empty(), "{findings:?}");
            Ok(())
        })
        .unwrap();
}

#[test]
fn the_2019_format_has_one_other_row_and_the_2021_format_three() {
    for (year, rows) in [(2020, 1), (2021, 3)] {
        let mut author = Author::new(year);
        author.blank_cells = BlankCells::Zero;
        let report = compute(&author).report;
        let requests = report.requests.unwrap();
        let other = [
            RequestRow::Other,
            RequestRow::OtherNoCorrection,
            RequestRow::OtherUnpaidFee,
            RequestRow::OtherMisc,
        ]
        .iter()
        .filter(|r| requests.has_row(**r))
        .count();
        assert_eq!(other, rows, "{year}");
        let active_rows = match report.active.unwrap() {
            xxgk_model::Active::V2019(t) => t.rows().count(),
            xxgk_model::Active::V2021(t) => t.rows().count(),
        };
        assert_eq!(active_rows, if year == 2020 { 8 } else { 6 });
        assert_eq!(
            requests.rows().count(),
            RequestRow::ALL.len() - if year == 2020 { 3 } else { 1 }
        );
    }
}
