//! The long-form CSV export.

use crate::cells::{for_each_cell, long_record, Field, LONG_COLUMNS};
use crate::error::{ExportError, Result};
use crate::Entry;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// The UTF-8 byte order mark: Excel reads a CSV as UTF-8 only when it is there.
pub const BOM: &str = "\u{feff}";

/// A text field as written to any CSV of xxgk, neutralised against formula
/// injection as OWASP recommends: text starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return — which Excel and LibreOffice would run as a formula
/// (`=HYPERLINK(…)`, `@SUM(…)`) — gets a leading `'`, which spreadsheets show
/// as text.
///
/// Only text columns pass through here; numeric columns (values, counts,
/// line numbers, rates) are written as they are, so a number is never
/// changed: which fields are numbers is known from the column, never guessed
/// from the text. A text column keeps its rule for text that looks like a
/// number: the `raw` text `-3` (printed in the document) is written `'-3`.
///
/// Every CSV writer (`export --to csv`, `extract --format csv`, the `--format
/// csv` of `stats`, `coverage` and `compare`) passes its text through here.
pub fn csv_field(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Writes the long form as CSV: a BOM, a header line of the keys of
/// [`LONG_COLUMNS`](crate::LONG_COLUMNS), then one record per cell of every printed row of
/// every report added. Records end with `\r\n`; fields are quoted when needed.
pub struct CsvExport<W: Write> {
    writer: csv::Writer<W>,
    /// How the output is named in error messages.
    name: String,
    /// Reused for formatting numbers.
    buffer: String,
}

impl<W: Write> CsvExport<W> {
    /// Starts the CSV on `w` (the BOM and the header are written at once).
    pub fn new(w: W) -> Result<Self> {
        Self::named(w, "CSV")
    }

    /// Like [`CsvExport::new`], naming the output `name` in error messages.
    pub fn named(w: W, name: &str) -> Result<Self> {
        let writer = start(w, name, LONG_COLUMNS.map(|(key, _)| key))?;
        Ok(CsvExport {
            writer,
            name: name.to_string(),
            buffer: String::new(),
        })
    }

    /// Appends one record per cell of the entry's report.
    pub fn add(&mut self, entry: &Entry) -> Result<()> {
        let CsvExport {
            writer,
            name,
            buffer,
        } = self;
        for_each_cell(&entry.report, |cell| {
            for field in long_record(entry, &cell) {
                buffer.clear();
                match field {
                    Field::Int(Some(i)) => write!(buffer, "{i}").expect("a String takes text"),
                    Field::Value(Some(v)) => write!(buffer, "{v}").expect("a String takes text"),
                    Field::Text(Some(text)) => buffer.push_str(&csv_field(text)),
                    Field::Int(None) | Field::Value(None) | Field::Text(None) => {}
                }
                writer
                    .write_field(buffer.as_bytes())
                    .map_err(|e| ExportError::io(name, e))?;
            }
            writer
                .write_record(None::<&[u8]>)
                .map_err(|e| ExportError::io(name, e))
        })
    }

    /// Flushes the CSV (and `W`) and returns the writer.
    pub fn finish(self) -> Result<W> {
        finish(self.writer, &self.name)
    }
}

/// A CSV writer on `w` as every CSV of xxgk starts: a BOM (Excel then reads
/// UTF-8), CRLF line ends, and the `header` record; `name` names the output
/// in errors.
pub(crate) fn start<W: Write, I>(mut w: W, name: &str, header: I) -> Result<csv::Writer<W>>
where
    I: IntoIterator,
    I::Item: AsRef<[u8]>,
{
    w.write_all(BOM.as_bytes())
        .map_err(|e| ExportError::io(name, e))?;
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(w);
    writer
        .write_record(header)
        .map_err(|e| ExportError::io(name, e))?;
    Ok(writer)
}

/// Flushes a CSV writer (and the writer under it) and returns that writer.
pub(crate) fn finish<W: Write>(writer: csv::Writer<W>, name: &str) -> Result<W> {
    let mut w = writer
        .into_inner()
        .map_err(|e| ExportError::io(name, e.into_error()))?;
    w.flush().map_err(|e| ExportError::io(name, e))?;
    Ok(w)
}

impl CsvExport<BufWriter<File>> {
    /// Creates (or truncates) the file at `path` and starts the CSV in it.
    pub fn create(path: &Path) -> Result<Self> {
        let name = path.display().to_string();
        let file = File::create(path).map_err(|e| ExportError::io(&name, e))?;
        Self::named(BufWriter::new(file), &name)
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        assert_eq!(
            csv_field("=HYPERLINK(\"http://x\",\"点击\")"),
            "'=HYPERLINK(\"http://x\",\"点击\")"
        );
        assert_eq!(csv_field("@SUM(A1:A9)"), "'@SUM(A1:A9)");
        assert_eq!(csv_field("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(csv_field("-2+3"), "'-2+3");
        assert_eq!(csv_field("\t=1"), "'\t=1");
        assert_eq!(csv_field("-"), "'-");
        assert_eq!(csv_field("\r=1"), "'\r=1");
        // Text that looks like a number is text all the same: numbers never
        // come here (their columns are written as they are).
        assert_eq!(csv_field("-3"), "'-3");
        for kept in ["12", "", "王岗镇人民政府", "a=b", "59.6%", "1-2"] {
            assert_eq!(csv_field(kept), kept);
        }
    }
}
