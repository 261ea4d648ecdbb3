//! Helpers shared by the extraction tests (each test file uses a part of them).
#![allow(dead_code)]

use xxgk_model::{Active, Report, RowKind, Table};

/// The project's test data folder.
pub fn data(path: &str) -> String {
    format!("{}/../../tests/data/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// Extracts a fixture file the way the CLI does.
pub fn extract(path: &str) -> Report {
    let full = data(path);
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    xxgk_extract::extract_bytes(&bytes, path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every printed row of every table, one line each: `path: v v v` with `-` for null.
/// Written out in full in the tests, so a change to any cell shows as a diff.
pub fn cells(report: &Report) -> String {
    let mut out = String::new();
    match &report.active {
        Some(Active::V2019(t)) => table_lines(t, &mut out),
        Some(Active::V2021(t)) => table_lines(t, &mut out),
        None => out.push_str("active: none\n"),
    }
    match &report.requests {
        Some(t) => table_lines(t, &mut out),
        None => out.push_str("requests: none\n"),
    }
    match &report.appeals {
        Some(t) => table_lines(t, &mut out),
        None => out.push_str("appeals: none\n"),
    }
    out
}

fn table_lines<R: RowKind>(table: &Table<R>, out: &mut String) {
    for (row, values) in table.rows() {
        let shown: Vec<String> = values
            .iter()
            .map(|v| v.map_or("-".to_string(), |n| n.to_string()))
            .collect();
        out.push_str(&format!(
            "{}.{}: {}\n",
            R::TABLE,
            row.key(),
            shown.join(" ")
        ));
    }
}
