//! Table 3 from the register: a year of generated cases (a deterministic
//! generator) counts into a table that passes every arithmetic rule of the
//! checker and equals an independent count; the spreadsheets offices keep
//! import with every bad row named and nothing half-imported.

use std::collections::BTreeMap;
use std::path::PathBuf;
use xxgk_check::Selection;
use xxgk_model::{Lang, Number, RequestRow, RowKind, Template};
use xxgk_register::{
    sheet, table3, Applicant, Calendar, Case, Channel, Correction, Date, Fee, FeeBasis, Outcome,
};

/// A small deterministic generator (SplitMix64).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Cases received from 2024-01-01 to 2025-12-20, most of them concluded
/// within 40 working days, every outcome row used, every step valid.
fn generate(seed: u64, count: usize) -> Vec<Case> {
    let calendar = Calendar::official();
    let mut rng = Rng(seed);
    let outcomes: Vec<Outcome> = Outcome::all().collect();
    let first = Date::new(2024, 1, 1).unwrap();
    let mut cases = Vec::new();
    for i in 0..count {
        let received = first.add_days(rng.below(720) as i32);
        let applicant = Applicant::ALL[rng.below(6) as usize];
        let channel = Channel::ALL[rng.below(5) as usize];
        let mut case = Case::new(format!("G-{i:04}"), applicant, channel, received);
        if rng.below(10) < 8 {
            let outcome = outcomes[rng.below(outcomes.len() as u64) as usize];
            let mut concluded = calendar
                .add_working_days(received, 1 + rng.below(40) as u32)
                .unwrap();
            match outcome.row() {
                RequestRow::OtherNoCorrection => {
                    case.correction = Some(Correction {
                        notice: calendar.add_working_days(received, 3).unwrap(),
                        corrected: None,
                    });
                    concluded = concluded.max(calendar.add_working_days(received, 4).unwrap());
                }
                RequestRow::UnavailableUnclear => {
                    let notice = calendar.add_working_days(received, 2).unwrap();
                    case.correction = Some(Correction {
                        notice,
                        corrected: Some(notice.add_days(3)),
                    });
                    concluded = concluded.max(notice.add_days(4));
                }
                RequestRow::OtherUnpaidFee => {
                    let notice = calendar.add_working_days(received, 1).unwrap();
                    case.fee = Some(Fee {
                        basis: FeeBasis::Pages { pages: 130 },
                        amount: 1300,
                        notice,
                        paid: None,
                    });
                    concluded = calendar.add_working_days(notice, 21).unwrap();
                }
                _ => {}
            }
            case.concluded = Some(concluded);
            case.outcome = Some(outcome);
        }
        case.validate(calendar)
            .unwrap_or_else(|e| panic!("{}: {e}", case.id));
        cases.push(case);
    }
    cases
}

/// The same counts, reached another way: by each case's dates as text.
fn independent(cases: &[Case], year: i32) -> BTreeMap<(String, &'static str), i64> {
    let y = year.to_string();
    let mut out: BTreeMap<(String, &'static str), i64> = BTreeMap::new();
    for case in cases {
        let received = case.received.to_string();
        let concluded = case.concluded.map(|d| d.to_string());
        let column = case.applicant.key();
        let mut bump = |row: &str| {
            *out.entry((row.to_string(), column)).or_default() += 1;
            *out.entry((row.to_string(), "total")).or_default() += 1;
        };
        if received.starts_with(&y) {
            bump("received");
        }
        let before_year = received.as_str() < y.as_str();
        let open_at_start = concluded.as_deref().is_none_or(|c| c >= y.as_str());
        if before_year && open_at_start {
            bump("carried_in");
        }
        if let Some(c) = &concluded {
            if c.starts_with(&y) {
                bump(case.outcome.unwrap().key());
                bump("total");
            }
        }
        let next = (year + 1).to_string();
        if received.as_str() < next.as_str()
            && concluded.as_deref().is_none_or(|c| c >= next.as_str())
        {
            bump("carried_out");
        }
    }
    out
}

#[test]
fn a_year_of_generated_cases_counts_into_a_table_that_checks() {
    let cases = generate(2025, 600);
    let table = table3::table(&cases, 2025);
    let mut counted: BTreeMap<(String, &'static str), i64> = BTreeMap::new();
    for (row, cells) in table.rows() {
        for (position, value) in cells.iter().enumerate() {
            let column = xxgk_model::labels::APPLICANT_COLUMNS[row.columns()[position]].key;
            let value = value.unwrap().as_i64().unwrap();
            if value != 0 {
                counted.insert((row.key().to_string(), column), value);
            }
        }
    }
    assert_eq!(counted, independent(&cases, 2025));
    // Every outcome row was used, and there is something to carry.
    for row in RequestRow::OUTCOMES
        .iter()
        .filter(|r| **r != RequestRow::Other)
    {
        assert!(
            table.get(*row, 6).unwrap().as_i64().unwrap() > 0,
            "{row:?} never used"
        );
    }
    assert!(
        table
            .get(RequestRow::CarriedIn, 6)
            .unwrap()
            .as_i64()
            .unwrap()
            > 0
    );
    assert!(
        table
            .get(RequestRow::CarriedOut, 6)
            .unwrap()
            .as_i64()
            .unwrap()
            > 0
    );

    let report = table3::report(&cases, 2025, Some("某某区人民政府办公室".into()));
    let findings = xxgk_check::check(&report, &Selection::default());
    let arithmetic = [
        "requests-balance",
        "requests-row-total",
        "requests-outcome-total",
        "non-negative-integer",
    ];
    let bad: Vec<_> = findings
        .iter()
        .filter(|f| arithmetic.contains(&f.rule.as_str()) || f.rule.starts_with("requests-"))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn the_2019_format_counts_the_three_other_rows_in_one() {
    let cases = generate(7, 400);
    let mut moved = cases.clone();
    for case in &mut moved {
        case.received = case.received.add_days(-5 * 365 - 1);
        case.concluded = case.concluded.map(|d| d.add_days(-5 * 365 - 1));
        case.correction = None;
        case.fee = None;
        case.consultations.clear();
    }
    let table = table3::table(&moved, 2020);
    assert!(table.has_row(RequestRow::Other));
    assert!(!table.has_row(RequestRow::OtherMisc));
    let report = table3::report(&moved, 2020, None);
    assert_eq!(report.template, Some(Template::V2019));
    let findings = xxgk_check::check(&report, &Selection::default());
    assert!(
        findings.iter().all(|f| !f.rule.starts_with("requests-")),
        "{findings:#?}"
    );
}

#[test]
fn author_cells_are_the_leaf_cells() {
    let cases = generate(3, 200);
    let table = table3::table(&cases, 2025);
    let cells = table3::author_cells(&table);
    assert_eq!(
        cells.len(),
        (2 + 21) * 6,
        "一、二 and the 21 outcome rows of the 2021 format"
    );
    assert!(cells.iter().all(|(path, _)| !path.ends_with(".total")));
    assert!(cells
        .iter()
        .any(|(path, _)| *path == "requests.granted.natural_person"));
    let sum: i64 = cells
        .iter()
        .filter(|(p, _)| p.starts_with("requests.received."))
        .map(|(_, n)| n.as_i64().unwrap())
        .sum();
    assert_eq!(
        Some(Number::new(sum, 0)),
        table.get(RequestRow::Received, 6)
    );
}

fn fixture(name: &str) -> (Vec<u8>, String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/register")
        .join(name);
    (std::fs::read(&path).unwrap(), name.to_string())
}

#[test]
fn a_messy_real_looking_sheet_imports() {
    let (bytes, name) = fixture("ledger-2025.csv");
    let cases = sheet::read(&bytes, &name).unwrap_or_else(|e| panic!("{}", e.render(Lang::Zh)));
    assert_eq!(cases.len(), 9);
    let by_id: BTreeMap<&str, &Case> = cases.iter().map(|c| (c.id.as_str(), c)).collect();
    let c = by_id["2025-003"];
    assert_eq!(c.applicant, Applicant::Research);
    assert_eq!(c.channel, Channel::OrdinaryLetter);
    assert_eq!(c.consultations[0].party.as_deref(), Some("某某公司"));
    assert_eq!(c.extension.as_ref().unwrap().days, 10);
    assert_eq!(c.outcome.unwrap().row(), RequestRow::DeniedThirdParty);
    assert_eq!(by_id["2025-002"].applicant, Applicant::SocialWelfare);
    assert_eq!(
        by_id["2025-005"].outcome.unwrap().row(),
        RequestRow::OtherNoCorrection
    );
    assert!(by_id["2024-032"].is_open());

    let table = table3::table(&cases, 2025);
    let total = |row| table.get(row, 6).unwrap().as_i64().unwrap();
    assert_eq!(total(RequestRow::Received), 7);
    assert_eq!(total(RequestRow::CarriedIn), 2);
    assert_eq!(total(RequestRow::Total), 7);
    assert_eq!(total(RequestRow::CarriedOut), 2);

    // The same sheet saved by Excel as GBK reads the same.
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    assert_eq!(sheet::read(&gbk, "ledger-gbk.csv").unwrap(), cases);

    // Written back as CSV and XLSX, it reads the same; text a spreadsheet
    // would run as a formula is neutralised in the CSV and restored on reading.
    let mut cases = cases;
    cases[0].content = "=HYPERLINK(\"http://x\")".into();
    cases[1].applicant_name = Some("@某人".into());
    let csv = String::from_utf8(sheet::to_csv(&cases)).unwrap();
    assert!(
        csv.contains("'=HYPERLINK") && csv.contains("'@某人"),
        "{csv}"
    );
    assert_eq!(
        sheet::read(&sheet::to_csv(&cases), "back.csv").unwrap(),
        cases
    );
    assert_eq!(
        sheet::read(&sheet::to_xlsx(&cases).unwrap(), "back.xlsx").unwrap(),
        cases
    );
}

#[test]
fn bad_rows_are_named_and_nothing_is_imported() {
    let (bytes, name) = fixture("ledger-bad.csv");
    let err = sheet::read(&bytes, &name).unwrap_err();
    let text = err.render(Lang::Zh);
    insta::assert_snapshot!("ledger_bad_zh", text);
    let rows: Vec<usize> = err.problems.iter().map(|p| p.row).collect();
    assert!(!rows.contains(&2), "row 2 is good: {text}");
    for row in 3..=7 {
        assert!(rows.contains(&row), "row {row} not named: {text}");
    }
    let en = err.render(Lang::En);
    assert!(
        en.contains("row 3, column “申请人类型”: “个体户” is not an applicant type of table 3"),
        "{en}"
    );
    assert!(en.ends_with("5 bad rows, nothing imported\n"), "{en}");
}

/// An XLSX as an office keeps it: a title row, headers of its own wording,
/// dates as Excel dates (serial numbers with a date format), numbers as numbers.
#[test]
fn an_office_workbook_with_excel_dates_imports() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("2025年台账").unwrap();
    let date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    sheet
        .merge_range(
            0,
            0,
            0,
            7,
            "某某局依申请公开登记台账（2025年）",
            &Format::new(),
        )
        .unwrap();
    let headers = [
        "序号",
        "申请人类型",
        "申请人姓名/名称",
        "申请方式",
        "受理日期*",
        "申请内容",
        "延长天数",
        "答复日期",
        "处理结果",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    /// (no., applicant, received, extension days, concluded, outcome).
    type Row<'a> = (
        &'a str,
        &'a str,
        (u16, u8, u8),
        Option<f64>,
        Option<(u16, u8, u8)>,
        &'a str,
    );
    let rows: [Row; 2] = [
        (
            "1",
            "自然人",
            (2025, 1, 20),
            None,
            Some((2025, 2, 10)),
            "予以公开",
        ),
        ("2", "商业企业", (2025, 3, 3), None, None, ""),
    ];
    for (i, (id, applicant, received, days, concluded, outcome)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        sheet
            .write_number(r, 0, id.parse::<f64>().unwrap())
            .unwrap();
        sheet.write_string(r, 1, *applicant).unwrap();
        sheet.write_string(r, 2, "某人").unwrap();
        sheet.write_string(r, 3, "网上").unwrap();
        let (y, m, d) = *received;
        sheet
            .write_datetime_with_format(r, 4, ExcelDateTime::from_ymd(y, m, d).unwrap(), &date)
            .unwrap();
        sheet.write_string(r, 5, "某事项").unwrap();
        if let Some(days) = days {
            sheet.write_number(r, 6, *days).unwrap();
        }
        if let Some((y, m, d)) = concluded {
            sheet
                .write_datetime_with_format(
                    r,
                    7,
                    ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                    &date,
                )
                .unwrap();
        }
        if !outcome.is_empty() {
            sheet.write_string(r, 8, *outcome).unwrap();
        }
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let cases =
        sheet::read(&bytes, "台账.xlsx").unwrap_or_else(|e| panic!("{}", e.render(Lang::Zh)));
    assert_eq!(cases.len(), 2);
    assert_eq!(cases[0].id, "1");
    assert_eq!(cases[0].received, Date::new(2025, 1, 20).unwrap());
    assert_eq!(cases[0].channel, Channel::Online);
    assert_eq!(cases[0].concluded, Date::new(2025, 2, 10));
    assert_eq!(cases[0].outcome.unwrap().row(), RequestRow::Granted);
    assert_eq!(cases[1].applicant, Applicant::Commercial);
    assert!(cases[1].is_open());

    // A text that is not a date in a date column is named with its cell's row.
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, h) in ["登记号", "申请人类型", "申请方式", "收到日期"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["A-1", "自然人", "当面", "一月二十日"].iter().enumerate() {
        sheet.write_string(1, c as u16, *v).unwrap();
    }
    let err = sheet::read(&workbook.save_to_buffer().unwrap(), "x.xlsx").unwrap_err();
    assert_eq!(err.problems.len(), 1);
    assert_eq!(err.problems[0].row, 2);
    assert_eq!(err.problems[0].column.as_deref(), Some("收到日期"));
}
