//! The long-format CSV of `xxgk extract --format csv` (and of the web API's
//! `/api/v1/reports/{id}/cells.csv`): one row per cell of every printed row,
//! so that a batch of reports loads straight into Excel, R or pandas and can
//! be pivoted at will.

use crate::csv_field;
use std::io::{self, Write};
use xxgk_model::{Active, Report, RowKind, Table};

/// The columns of the CSV, in order.
pub const HEADER: [&str; 11] = [
    "file",
    "agency",
    "year",
    "template",
    "table",
    "row",
    "column",
    "value",
    "raw",
    "line",
    "column_in_line",
];

/// The byte-order mark the file starts with ([`crate::BOM`]): Excel reads a
/// CSV as UTF-8 only when it is there.
pub const UTF8_BOM: &[u8] = crate::BOM.as_bytes();

/// Writes the BOM and the header line.
pub fn write_header(out: &mut impl Write) -> io::Result<()> {
    out.write_all(UTF8_BOM)?;
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HEADER)?;
    writer.flush()
}

/// The rows of one report (no header).
pub fn write(out: &mut impl Write, report: &Report) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(out);
    let meta = Meta::of(report);
    match &report.active {
        Some(Active::V2019(table)) => write_table(&mut writer, &meta, report, table)?,
        Some(Active::V2021(table)) => write_table(&mut writer, &meta, report, table)?,
        None => {}
    }
    if let Some(table) = &report.requests {
        write_table(&mut writer, &meta, report, table)?;
    }
    if let Some(table) = &report.appeals {
        write_table(&mut writer, &meta, report, table)?;
    }
    writer.flush()
}

/// The per-report columns repeated on every row.
struct Meta {
    file: String,
    agency: String,
    year: String,
    template: String,
}

impl Meta {
    fn of(report: &Report) -> Meta {
        Meta {
            file: report.source.file.clone(),
            agency: report.agency.clone().unwrap_or_default(),
            year: report.year.map(|y| y.to_string()).unwrap_or_default(),
            template: report
                .template
                .map(|t| t.as_str().to_string())
                .unwrap_or_default(),
        }
    }
}

/// Every cell of every printed row; a blank cell has an empty `value`, and `raw`,
/// `line`, `column_in_line` are empty when the document printed nothing there.
fn write_table<W: Write, R: RowKind>(
    writer: &mut csv::Writer<W>,
    meta: &Meta,
    report: &Report,
    table: &Table<R>,
) -> csv::Result<()> {
    for (row, cells) in table.rows() {
        for (position, value) in cells.iter().enumerate() {
            let column = &R::column_defs()[row.columns()[position]];
            let printed = report.cells.get(Table::<R>::path(row, position));
            let value = value.map(|v| v.to_string()).unwrap_or_default();
            let raw = printed.map(|p| p.raw.as_str()).unwrap_or_default();
            let line = printed.map(|p| p.span.line.to_string()).unwrap_or_default();
            let column_in_line = printed
                .map(|p| p.span.column.to_string())
                .unwrap_or_default();
            writer.write_record([
                &*csv_field(&meta.file),
                &*csv_field(&meta.agency),
                &meta.year,
                &meta.template,
                R::TABLE.key(),
                row.key(),
                column.key,
                &value,
                &*csv_field(raw),
                &line,
                &column_in_line,
            ])?;
        }
    }
    Ok(())
}
