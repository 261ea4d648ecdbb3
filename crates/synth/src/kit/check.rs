//! Comparing an extracted [`Report`] with the [`Model`] it was rendered from.
//!
//! Equality is decided by `PartialEq` on the model types; the functions here only
//! explain a difference cell by cell, so that a failing case says *which* cells
//! came back wrong instead of printing two 25-row tables.

use crate::kit::gen::Model;
use crate::kit::render::chinese;
use xxgk_model::{Active, AppealGroup, Number, Report, RowKind, Table};

/// Mismatches between `report` and `model` in the contract fields: template,
/// year, agency and the three tables. Empty when they agree.
pub fn exact(model: &Model, report: &Report) -> Vec<String> {
    let mut problems = metadata(model, report);
    problems.extend(tables(model, report));
    problems
}

/// Template, year and agency. The agency may come back simplified or as printed
/// in traditional characters, never with pinyin or other noise left in.
pub fn metadata(model: &Model, report: &Report) -> Vec<String> {
    let mut problems = Vec::new();
    if report.template != Some(model.template) {
        problems.push(format!(
            "template: expected {:?}, got {:?}",
            model.template, report.template
        ));
    }
    if report.year != Some(model.year) {
        problems.push(format!(
            "year: expected {}, got {:?}",
            model.year, report.year
        ));
    }
    let traditional: String = model
        .agency
        .chars()
        .map(chinese::traditional_char)
        .collect();
    let agency_ok = report
        .agency
        .as_deref()
        .is_some_and(|a| a == model.agency || a == traditional);
    if !agency_ok {
        problems.push(format!(
            "agency: expected {:?}, got {:?}",
            model.agency, report.agency
        ));
    }
    problems
}

/// The three tables, compared with `PartialEq` and explained cell by cell.
pub fn tables(model: &Model, report: &Report) -> Vec<String> {
    let mut problems = Vec::new();
    if report.active.as_ref() != Some(&model.active) {
        problems.extend(active_diff(&model.active, report.active.as_ref()));
    }
    if report.requests.as_ref() != Some(&model.requests) {
        problems.extend(table_diff(Some(&model.requests), report.requests.as_ref()));
    }
    if report.appeals.as_ref() != Some(&model.appeals) {
        problems.extend(table_diff(Some(&model.appeals), report.appeals.as_ref()));
    }
    problems
}

fn active_diff(expected: &Active, actual: Option<&Active>) -> Vec<String> {
    match (expected, actual) {
        (Active::V2019(e), Some(Active::V2019(a))) => table_diff(Some(e), Some(a)),
        (Active::V2021(e), Some(Active::V2021(a))) => table_diff(Some(e), Some(a)),
        (Active::V2019(e), None) => table_diff(Some(e), None),
        (Active::V2021(e), None) => table_diff(Some(e), None),
        (e, Some(a)) => vec![format!(
            "active: expected a {} table, got a {} table",
            e.template().as_str(),
            a.template().as_str()
        )],
    }
}

/// Every cell (and row) where `actual` differs from `expected`, as contract paths.
pub fn table_diff<R: RowKind>(
    expected: Option<&Table<R>>,
    actual: Option<&Table<R>>,
) -> Vec<String> {
    let (expected, actual) = match (expected, actual) {
        (Some(e), Some(a)) => (e, a),
        (None, None) => return Vec::new(),
        (Some(_), None) => return vec![format!("{}: table missing", R::TABLE)],
        (None, Some(_)) => return vec![format!("{}: unexpected table", R::TABLE)],
    };
    let mut problems = Vec::new();
    for &row in R::ALL {
        match (expected.has_row(row), actual.has_row(row)) {
            (false, false) => {}
            (true, false) => problems.push(format!("{}.{}: row missing", R::TABLE, row.key())),
            (false, true) => problems.push(format!("{}.{}: unexpected row", R::TABLE, row.key())),
            (true, true) => {
                for p in 0..row.columns().len() {
                    let (e, a) = (expected.get(row, p), actual.get(row, p));
                    if e != a {
                        problems.push(format!(
                            "{}: expected {}, got {}",
                            Table::<R>::path(row, p),
                            shown(e),
                            shown(a)
                        ));
                    }
                }
            }
        }
    }
    problems
}

fn shown(n: Option<Number>) -> String {
    n.map_or("null".to_string(), |n| n.to_string())
}

/// "Null, never wrong": every value `actual` prints must be the expected value
/// of the same cell (a row the model lacks has no right values).
pub fn never_wrong<R: RowKind>(expected: &Table<R>, actual: Option<&Table<R>>) -> Vec<String> {
    let Some(actual) = actual else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    for (row, cells) in actual.rows() {
        for (p, cell) in cells.iter().enumerate() {
            if let Some(got) = cell {
                let want = expected.get(row, p);
                if want != Some(*got) {
                    problems.push(format!(
                        "{}: expected {} or null, got {got} (a wrong value)",
                        Table::<R>::path(row, p),
                        shown(want)
                    ));
                }
            }
        }
    }
    problems
}

/// True when every cell of the row is printed as one digit 0–9.
pub fn single_digits(cells: &[Option<Number>]) -> bool {
    cells.iter().all(|c| {
        c.and_then(|n| n.as_i64())
            .is_some_and(|v| (0..=9).contains(&v))
    })
}

/// The rows of `expected` whose values are all single digits must come back
/// exactly: a run of as many digits as columns splits only one way.
pub fn single_digit_rows_exact<R: RowKind>(
    expected: &Table<R>,
    actual: Option<&Table<R>>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (row, cells) in expected.rows() {
        if !single_digits(cells) {
            continue;
        }
        let got: Vec<Option<Number>> = (0..cells.len())
            .map(|p| actual.and_then(|t| t.get(row, p)))
            .collect();
        if got != cells {
            let show = |cs: &[Option<Number>]| cs.iter().map(|c| shown(*c)).collect::<Vec<_>>();
            problems.push(format!(
                "{}.{}: single-digit row, expected {:?}, got {:?}",
                R::TABLE,
                row.key(),
                show(cells),
                show(&got)
            ));
        }
    }
    problems
}

/// Table 4 prints its fifteen values as one run: exact only when all fifteen are
/// single digits.
pub fn appeals_single_digit_exact(
    expected: &Table<AppealGroup>,
    actual: Option<&Table<AppealGroup>>,
) -> Vec<String> {
    let all: Vec<Option<Number>> = expected
        .rows()
        .flat_map(|(_, cells)| cells.to_vec())
        .collect();
    if single_digits(&all) && actual != Some(expected) {
        table_diff(Some(expected), actual)
    } else {
        Vec::new()
    }
}

/// Layout 6 (cells run together): every table is "null, never wrong", and every
/// row printed as single digits comes back exactly.
pub fn run_together(model: &Model, report: &Report) -> Vec<String> {
    let mut problems = metadata(model, report);
    match (&model.active, report.active.as_ref()) {
        (Active::V2019(e), Some(Active::V2019(a))) => {
            problems.extend(never_wrong(e, Some(a)));
            problems.extend(single_digit_rows_exact(e, Some(a)));
        }
        (Active::V2021(e), Some(Active::V2021(a))) => {
            problems.extend(never_wrong(e, Some(a)));
            problems.extend(single_digit_rows_exact(e, Some(a)));
        }
        (Active::V2019(e), None) => problems.extend(single_digit_rows_exact(e, None)),
        (Active::V2021(e), None) => problems.extend(single_digit_rows_exact(e, None)),
        (_, Some(_)) => problems.extend(active_diff(&model.active, report.active.as_ref())),
    }
    let requests = report.requests.as_ref();
    problems.extend(never_wrong(&model.requests, requests));
    problems.extend(single_digit_rows_exact(&model.requests, requests));
    let appeals = report.appeals.as_ref();
    problems.extend(never_wrong(&model.appeals, appeals));
    problems.extend(appeals_single_digit_exact(&model.appeals, appeals));
    problems
}
