//! Round trip: random valid reports, rendered as full report texts in every table
//! layout seen in the wild (domain.md §6), must extract back to the model.
//!
//! * Layouts 1–5 (tab, pipe, one cell per line, lone pipes, aligned columns), and
//!   the same with traditional characters + pinyin (7) or page breaks, broken
//!   labels and full-width digits (8): the tables, template, year and agency
//!   come back exactly, blank cells as null.
//! * Layout 6 (cells run together): "null, never wrong" — every extracted cell is
//!   the generated value or null, and rows printed as single digits are exact.
//!
//! A failing case prints the model, the options and the rendered text (see
//! `kit::Case`), shrunk to the smallest report proptest could find.

use xxgk_synth::kit;

use kit::gen::{self, Model};
use kit::render::{Layout, Options};
use kit::{cases, check, exact_layout, options, pipe_layout, Case, Noise};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use xxgk_model::{Active, Active2019Row, Number, RequestRow, Template};

/// Cases per property: the 13 properties take about 15 s in debug on 2 cores.
const CASES: u32 = 64;
/// Blank cells are rare in most reports…
const BLANK_RATE: f64 = 0.02;
/// …and common in some (bodies that leave every zero blank).
const MANY_BLANKS: f64 = 0.3;

fn config() -> ProptestConfig {
    kit::proptest_config(CASES)
}

/// Extracts the case's rendered text as a `.txt` file.
fn extract(case: &Case) -> xxgk_model::Report {
    xxgk_extract::extract_text(&case.text, "roundtrip.txt")
}

/// Fails the case with one line per mismatching cell.
fn no_problems(problems: Vec<String>) -> Result<(), TestCaseError> {
    prop_assert!(
        problems.is_empty(),
        "{} mismatch(es):\n  {}\n(the rendered text is in the failing input below)",
        problems.len(),
        problems.join("\n  ")
    );
    Ok(())
}

/// Extracts the case's text and requires the model back exactly.
fn round_trips(case: &Case) -> Result<(), TestCaseError> {
    no_problems(check::exact(&case.model, &extract(case)))
}

proptest! {
    #![proptest_config(config())]

    /// The generator itself: every report balances, its year fits its template,
    /// and rendering is deterministic. (Checks the test, not the extractor.)
    #[test]
    fn generated_reports_are_valid(case in cases(BLANK_RATE, options(exact_layout(), Noise::Any))) {
        prop_assert_eq!(gen::balances(&case.model), Ok(()));
        prop_assert_eq!(Template::for_year(case.model.year), case.model.template);
        prop_assert_eq!(&kit::render::render(&case.model, &case.options), &case.text);
        let year = case.model.year.to_string();
        prop_assert!(case.text.contains(&year), "year {} not printed", year);
    }

    /// Layout 1: tab-separated rows, table 2 as 第二十条 blocks (seeds 000, 004).
    #[test]
    fn tab_separated_tables_round_trip(
        case in cases(BLANK_RATE, options(Just(Layout::Tab), Noise::Clean))
    ) {
        round_trips(&case)?;
    }

    /// Layout 2: pipe tables, with and without outer pipes and a `|---|` rule.
    #[test]
    fn pipe_tables_round_trip(case in cases(BLANK_RATE, options(pipe_layout(), Noise::Clean))) {
        round_trips(&case)?;
    }

    /// Layout 3: every cell on its own line.
    #[test]
    fn one_cell_per_line_round_trips(
        case in cases(BLANK_RATE, options(Just(Layout::PerLine), Noise::Clean))
    ) {
        round_trips(&case)?;
    }

    /// Layout 4: every cell on its own line, lines holding only `|` between them.
    #[test]
    fn lone_pipe_cells_round_trip(
        case in cases(BLANK_RATE, options(Just(Layout::LonePipe), Noise::Clean))
    ) {
        round_trips(&case)?;
    }

    /// Layout 5: columns aligned with runs of spaces (`pdftotext -layout`).
    #[test]
    fn aligned_columns_round_trip(
        case in cases(BLANK_RATE, options(Just(Layout::Aligned), Noise::Clean))
    ) {
        round_trips(&case)?;
    }

    /// Layout 7: the whole text in traditional characters, maybe with pinyin.
    #[test]
    fn traditional_characters_with_pinyin_round_trip(
        case in cases(BLANK_RATE, options(exact_layout(), Noise::Traditional))
    ) {
        round_trips(&case)?;
    }

    /// Layout 8: page numbers between blank lines inside tables, labels split over
    /// two lines or broken by spaces, full-width digits.
    #[test]
    fn page_breaks_and_broken_labels_round_trip(
        case in cases(BLANK_RATE, options(exact_layout(), Noise::Breaks))
    ) {
        round_trips(&case)?;
    }

    /// Layouts 1–5 with any combination of the noise above.
    #[test]
    fn all_noise_combined_round_trips(case in cases(BLANK_RATE, options(exact_layout(), Noise::Any))) {
        round_trips(&case)?;
    }

    /// Many blank cells (-, /, —, 无, or nothing between two values): each comes
    /// back null, never 0, and no neighbour shifts into its place.
    #[test]
    fn blank_cells_come_back_as_null(case in cases(MANY_BLANKS, options(exact_layout(), Noise::Any))) {
        round_trips(&case)?;
    }

    /// The same texts as GB18030 bytes, decoded by `extract_bytes`.
    #[test]
    fn gb18030_bytes_round_trip(case in cases(BLANK_RATE, options(exact_layout(), Noise::Any))) {
        let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&case.text);
        prop_assert!(!unmappable);
        let report = xxgk_extract::extract_bytes(&bytes, "x.txt");
        prop_assert!(report.is_ok(), "extract_bytes failed: {:?}", report.err());
        let report = report.unwrap();
        no_problems(check::exact(&case.model, &report))?;
    }

    /// The date line at the end is the report's `published` date.
    #[test]
    fn published_date_round_trips(case in cases(BLANK_RATE, options(exact_layout(), Noise::Any))) {
        let report = extract(&case);
        prop_assert_eq!(report.published.as_deref(), Some(case.model.published.as_str()));
    }

    /// Layout 6: values run together after their label. Only the arithmetic of a
    /// table can split them, and not always uniquely: a cell is the generated
    /// value or null, never another number; single-digit rows come back exactly.
    #[test]
    fn run_together_cells_are_null_never_wrong(
        case in cases(0.0, options(Just(Layout::RunTogether), Noise::Any))
    ) {
        no_problems(check::run_together(&case.model, &extract(&case)))?;
    }
}

/// A report with every count zero (a township that received no requests).
fn quiet_report(template: Template, year: i32) -> Model {
    gen::Model::build(&gen::Draws {
        template,
        year,
        agency: gen::AGENCIES[0],
        published: (1, 26),
        busy: 0,
        counts: Vec::new(),
        changes: Vec::new(),
        amounts_yuan: Vec::new(),
        blanks: Vec::new(),
    })
}

fn ints(values: &[i64]) -> Vec<Option<Number>> {
    values.iter().map(|&v| Some(Number::int(v))).collect()
}

/// 「予以公开7000007」 = 7,0,0,0,0,0,7: seven digits for seven columns split one way.
#[test]
fn run_together_seven_digits_split_exactly() {
    for template in [Template::V2019, Template::V2021] {
        let year = if template == Template::V2019 {
            2020
        } else {
            2021
        };
        let mut model = quiet_report(template, year);
        let outcomes = gen::outcome_rows(template);
        let mut leaves = vec![[0i64; 6]; outcomes.len()];
        leaves[0] = [7, 0, 0, 0, 0, 0];
        model.requests = gen::build_requests(template, &leaves, [0; 6], [0; 6]);
        let case = Case::new(model, Options::plain(Layout::RunTogether));
        assert!(case.text.contains("予以公开7000007"), "{case:?}");
        let report = extract(&case);
        let granted: Vec<_> = (0..7)
            .map(|p| {
                report
                    .requests
                    .as_ref()
                    .and_then(|t| t.get(RequestRow::Granted, p))
            })
            .collect();
        assert_eq!(granted, ints(&[7, 0, 0, 0, 0, 0, 7]), "{case:?}");
        let problems = check::exact(&case.model, &report);
        assert!(problems.is_empty(), "{problems:#?}\n{case:?}");
    }
}

/// 2019 行政许可 with 上一年 12, 增减 3, 处理决定 4 printed 「行政许可1234」 reads
/// 1|2|34, 1|23|4 or 12|3|4 and no identity decides: all three cells null.
#[test]
fn run_together_ambiguous_row_is_null() {
    let mut model = quiet_report(Template::V2019, 2020);
    let Active::V2019(active) = &mut model.active else {
        unreachable!("a 2019 report has a 2019 table 2")
    };
    for (position, value) in [12, 3, 4].into_iter().enumerate() {
        active
            .set(Active2019Row::Licensing, position, Some(Number::int(value)))
            .unwrap();
    }
    let case = Case::new(model, Options::plain(Layout::RunTogether));
    assert!(case.text.contains("行政许可1234"), "{case:?}");
    let report = extract(&case);
    let Some(Active::V2019(active)) = &report.active else {
        panic!("no 2019 table 2 extracted\n{case:?}")
    };
    let licensing: Vec<_> = (0..3)
        .map(|p| active.get(Active2019Row::Licensing, p))
        .collect();
    assert_eq!(licensing, vec![None, None, None], "{case:?}");
    let problems = check::run_together(&case.model, &report);
    assert!(problems.is_empty(), "{problems:#?}\n{case:?}");
}
