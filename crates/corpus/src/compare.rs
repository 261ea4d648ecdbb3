//! `xxgk compare AGENCY`: one body's tables side by side across years, with the
//! change from the year before and how much of sections 一 and 五 repeats the
//! previous year's text.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use xxgk_check::body::{is_area_suffix, key};
use xxgk_model::{
    labels::ColumnDef, Active2019Row, Active2021Row, AppealGroup, Number, RequestRow, RowKind,
};
use xxgk_store::{ReportRow, Store, StoreError};

/// One year's report in a comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Year {
    /// The report year.
    pub year: i32,
    /// The report's id in the store.
    pub report_id: i64,
    /// The file it was ingested from.
    pub file: String,
    /// The agency as this year's report prints it.
    pub agency: Option<String>,
    /// The official format (`2019` or `2021`).
    pub template: Option<String>,
    /// Error findings about the report.
    pub errors: u32,
    /// Warning findings about the report.
    pub warnings: u32,
    /// Files of the same report stored again (same tables): not compared.
    pub copies: Vec<String>,
    /// Other reports of the body for the year whose tables differ: not
    /// compared, and worth a look (a correction, a second version).
    pub others: Vec<String>,
}

/// One cell across the years.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// The cell's contract path (`requests.received.total`).
    pub path: &'static str,
    /// Official row label, then column label.
    pub label: String,
    /// One value per year of [`Comparison::years`]; `None`: blank or not printed.
    pub values: Vec<Option<Number>>,
    /// Change from the previous column when both are printed and the years are
    /// consecutive.
    pub changes: Vec<Option<Number>>,
}

/// How much of a section repeats the previous year's.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Repeat {
    /// The later year of the pair.
    pub year: i32,
    /// 1 (section 一) or 5 (section 五).
    pub section: u8,
    /// Share of the section's 4-character runs found in the previous year's, 0–1.
    pub ratio: f64,
}

/// One body's reports side by side: each year, each cell across the years, and repeated prose.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// The body, as the corpus pass named it.
    pub body: String,
    /// Its reports, by year.
    pub years: Vec<Year>,
    /// Every cell printed in some year, in the official order.
    pub rows: Vec<Row>,
    /// Sections that repeat the previous year's text.
    pub repeats: Vec<Repeat>,
}

/// What a query matched.
#[derive(Clone, Debug, PartialEq)]
pub enum Found {
    /// Exactly one body matched.
    One(Box<Comparison>),
    /// Several bodies match; their names.
    Ambiguous(Vec<String>),
    /// None matches; bodies whose name contains part of the query.
    NotFound(Vec<String>),
}

/// Compares the reports of the body `query` names (full, short or traditional).
pub fn compare(store: &dyn Store, query: &str) -> Result<Found, StoreError> {
    // The bodies' names, streamed (a national corpus's rows are tens of
    // megabytes); the matched body's rows are read in a second walk.
    let mut bodies: BTreeSet<String> = BTreeSet::new();
    store.each_report(&mut |row| {
        if let Some(body) = row.body {
            bodies.insert(body);
        }
        Ok(())
    })?;
    let wanted = key(query);
    let exact: Vec<&str> = bodies
        .iter()
        .map(String::as_str)
        .filter(|b| *b == query || key(b) == wanted)
        .collect();
    // Exact key, else a shorter form of the name (洪泽区 of 淮安市洪泽区), else a
    // part of it (洪泽).
    let mut matches = exact;
    if matches.is_empty() {
        matches = bodies
            .iter()
            .map(String::as_str)
            .filter(|b| is_area_suffix(&wanted, &key(b)))
            .collect();
    }
    if matches.is_empty() && wanted.chars().count() >= 2 {
        matches = bodies
            .iter()
            .map(String::as_str)
            .filter(|b| key(b).contains(&wanted))
            .collect();
    }
    match matches[..] {
        [body] => {
            let mut rows = Vec::new();
            store.each_report(&mut |row| {
                if row.body.as_deref() == Some(body) {
                    rows.push(row);
                }
                Ok(())
            })?;
            Ok(Found::One(Box::new(comparison(store, body, &rows)?)))
        }
        [] => Ok(Found::NotFound(
            bodies
                .iter()
                .filter(|b| !wanted.is_empty() && shares_part(b, &wanted))
                .take(10)
                .map(|b| b.to_string())
                .collect(),
        )),
        _ => Ok(Found::Ambiguous(
            matches.iter().map(|b| b.to_string()).collect(),
        )),
    }
}

/// True when `name` contains a two-character piece of `query`.
fn shares_part(name: &str, query: &str) -> bool {
    let chars: Vec<char> = query.chars().collect();
    chars
        .windows(2)
        .any(|w| name.contains(&w.iter().collect::<String>()))
}

fn comparison(store: &dyn Store, body: &str, rows: &[ReportRow]) -> Result<Comparison, StoreError> {
    // One report per year: the first stored that is no copy; copies and other
    // reports of the year are named beside it.
    let mut by_year: BTreeMap<i32, Vec<&ReportRow>> = BTreeMap::new();
    for row in rows {
        if let Some(year) = row.year {
            by_year.entry(year).or_default().push(row);
        }
    }
    let years: Vec<Year> = by_year
        .iter()
        .map(|(&year, reports)| {
            let shown = reports
                .iter()
                .find(|r| r.copy_of.is_none())
                .unwrap_or(&reports[0]);
            let rest = reports.iter().filter(|r| r.id != shown.id);
            let (copies, others): (Vec<&&ReportRow>, Vec<&&ReportRow>) =
                rest.partition(|r| r.copy_of.is_some());
            Year {
                year,
                report_id: shown.id,
                file: shown.file.clone(),
                agency: shown.agency.clone(),
                template: shown.template.clone(),
                errors: shown.errors,
                warnings: shown.warnings,
                copies: copies.iter().map(|r| r.file.clone()).collect(),
                others: others.iter().map(|r| r.file.clone()).collect(),
            }
        })
        .collect();
    let labels = labels();
    let mut cells: Vec<&'static str> = Vec::new();
    let mut values: BTreeMap<&'static str, Vec<Option<Number>>> = BTreeMap::new();
    for (column, year) in years.iter().enumerate() {
        let report = store.load(year.report_id)?;
        for (path, value) in report.cell_values() {
            let slot = values.entry(path).or_insert_with(|| {
                cells.push(path);
                vec![None; years.len()]
            });
            slot[column] = value;
        }
    }
    let table_rows = cells
        .into_iter()
        .map(|path| {
            let values = values.remove(path).unwrap_or_default();
            let changes = (0..values.len())
                .map(|i| {
                    let consecutive = i > 0 && years[i].year == years[i - 1].year + 1;
                    match (
                        consecutive,
                        values[i],
                        i.checked_sub(1).and_then(|p| values[p]),
                    ) {
                        (true, Some(now), Some(before)) => now.checked_sub(before),
                        _ => None,
                    }
                })
                .collect();
            Row {
                path,
                label: labels
                    .get(path)
                    .cloned()
                    .unwrap_or_else(|| path.to_string()),
                values,
                changes,
            }
        })
        .collect();
    let ids: BTreeMap<i64, i32> = years.iter().map(|y| (y.report_id, y.year)).collect();
    let repeats = store
        .similarities()?
        .into_iter()
        .filter_map(|s| {
            Some(Repeat {
                year: *ids.get(&s.report_id)?,
                section: s.section,
                ratio: s.ratio,
            })
        })
        .collect();
    Ok(Comparison {
        body: body.to_string(),
        years,
        rows: table_rows,
        repeats,
    })
}

/// Path → 「row label · column label」 for every cell of every table.
fn labels() -> BTreeMap<&'static str, String> {
    fn add<R: RowKind>(out: &mut BTreeMap<&'static str, String>) {
        let columns: &[ColumnDef] = R::column_defs();
        for &row in R::ALL {
            for (position, &c) in row.columns().iter().enumerate() {
                let path = xxgk_model::Table::<R>::path(row, position);
                let group = row
                    .def()
                    .group()
                    .map(|g| format!("{g} "))
                    .unwrap_or_default();
                out.insert(
                    path,
                    format!("{group}{} · {}", row.def().label, columns[c].label),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    add::<Active2019Row>(&mut out);
    add::<Active2021Row>(&mut out);
    add::<RequestRow>(&mut out);
    add::<AppealGroup>(&mut out);
    out
}
