//! Table 3 of a report year counted from the register.
//!
//! For year Y, each case counts once in its applicant type's column:
//! * 一、本年新收: received in Y;
//! * 二、上年结转: received before Y and still open at the end of Y−1;
//! * its outcome row （一）…（六）: concluded in Y (in the 2019 format, used for
//!   2019 and 2020, the three （六） sub-rows are counted in its one （六） row);
//! * 四、结转下年度继续办理: received by the end of Y and still open then.
//!
//! Row totals, （七）总计 and every 总计 cell are sums, so table 3's printed
//! identity (一 + 二 = （七） + 四) holds by construction, and
//! [`report`] hands the table to the checker's rules like any report.

use crate::case::Case;
use crate::date::Date;
use std::collections::BTreeMap;
use xxgk_model::{layout, Number, Report, RequestRow, Source, SourceFormat, Table, Template};

/// Position of the 总计 column.
const TOTAL: usize = 6;

/// The counts of table 3 for `year`, by row and applicant column.
pub fn counts(cases: &[Case], year: i32) -> BTreeMap<RequestRow, [u64; 6]> {
    let template = Template::for_year(year);
    let first = Date::new(year, 1, 1).expect("a year from the register");
    let last = Date::new(year, 12, 31).expect("a year from the register");
    let mut counts: BTreeMap<RequestRow, [u64; 6]> = layout::request_rows(template)
        .into_iter()
        .filter(|r| !matches!(r, RequestRow::Total))
        .map(|r| (r, [0; 6]))
        .collect();
    let mut add = |row: RequestRow, column: usize| {
        if let Some(cells) = counts.get_mut(&row) {
            cells[column] += 1;
        }
    };
    for case in cases {
        let column = case.applicant.column();
        if case.received.year() == year {
            add(RequestRow::Received, column);
        }
        if case.received < first && case.open_on(first.add_days(-1)) {
            add(RequestRow::CarriedIn, column);
        }
        if let (Some(concluded), Some(outcome)) = (case.concluded, case.outcome) {
            if concluded.year() == year {
                add(row_in(outcome.row(), template), column);
            }
        }
        if case.open_on(last) {
            add(RequestRow::CarriedOut, column);
        }
    }
    counts
}

/// The row an outcome is counted in, in a format: the 2019 format has one （六）.
pub fn row_in(row: RequestRow, template: Template) -> RequestRow {
    match (row, template) {
        (
            RequestRow::OtherNoCorrection | RequestRow::OtherUnpaidFee | RequestRow::OtherMisc,
            Template::V2019,
        ) => RequestRow::Other,
        (row, _) => row,
    }
}

/// Table 3 of `year` counted from `cases`: every row of the year's format,
/// every cell a whole number, totals summed.
pub fn table(cases: &[Case], year: i32) -> Table<RequestRow> {
    let template = Template::for_year(year);
    let counts = counts(cases, year);
    let mut table = Table::new();
    let mut total_row = [0u64; 7];
    for row in layout::request_rows(template) {
        let cells: [u64; 7] = if row == RequestRow::Total {
            total_row
        } else {
            let six = counts.get(&row).copied().unwrap_or([0; 6]);
            let mut seven = [0; 7];
            seven[..6].copy_from_slice(&six);
            seven[TOTAL] = six.iter().sum();
            if RequestRow::OUTCOMES.contains(&row) {
                for (sum, value) in total_row.iter_mut().zip(seven) {
                    *sum += value;
                }
            }
            seven
        };
        for (position, value) in cells.into_iter().enumerate() {
            let value = i64::try_from(value).expect("counts fit in i64");
            table
                .set(row, position, Some(Number::new(value, 0)))
                .expect("table 3 rows have seven columns");
        }
    }
    table
}

/// A report holding only table 3 of `year`, for the checker's rules.
pub fn report(cases: &[Case], year: i32, agency: Option<String>) -> Report {
    let mut report = Report::new(Source {
        file: "register".to_string(),
        format: SourceFormat::Text,
        sha256: String::new(),
        encoding: None,
    });
    report.agency = agency;
    report.year = Some(year);
    report.template = Some(Template::for_year(year));
    report.requests = Some(table(cases, year));
    report
}

/// The cells an author file (`xxgk/author@1`) enters for table 3: rows
/// 一、二 and the outcome rows, in the six applicant columns, by contract path
/// (`requests.granted.natural_person`). The totals are the author crate's to
/// compute.
pub fn author_cells(table: &Table<RequestRow>) -> Vec<(&'static str, Number)> {
    let mut out = Vec::new();
    for (row, cells) in table.rows() {
        let leaf = matches!(row, RequestRow::Received | RequestRow::CarriedIn)
            || RequestRow::OUTCOMES.contains(&row);
        if !leaf {
            continue;
        }
        for (position, value) in cells.iter().enumerate().take(TOTAL) {
            if let Some(value) = value {
                out.push((Table::<RequestRow>::path(row, position), *value));
            }
        }
    }
    out
}

/// True when a checker finding is about table 3 (a rule of table 3 or a
/// cell of it): the findings shown on table 3 counted from the register.
pub fn concerns_table3(finding: &xxgk_model::Finding) -> bool {
    finding.cells.iter().any(|c| c.starts_with("requests."))
        || finding.rule.starts_with("requests-")
}

/// Replaces every table-3 cell of an author file's cells (`Author::cells`)
/// by the register's counts: the register is the source of table 3.
pub fn replace_author_cells(
    cells: &mut BTreeMap<&'static str, Option<Number>>,
    table: &Table<RequestRow>,
) {
    cells.retain(|path, _| !path.starts_with("requests."));
    for (path, value) in author_cells(table) {
        cells.insert(path, Some(value));
    }
}
