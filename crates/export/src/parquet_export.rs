//! The Parquet export: the long form, partitioned by year the Hive way.

use crate::cells::{for_each_cell, to_f64, CellInfo};
use crate::error::{ExportError, ExportErrorKind, Result};
use crate::Entry;
use bytes::Bytes;
use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DataType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::{WriterProperties, WriterPropertiesPtr};
use parquet::file::writer::{SerializedColumnWriter, SerializedFileWriter};
use parquet::schema::parser::parse_message_type;
use parquet::schema::types::TypePtr;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use xxgk_model::Number;

/// The partition directory of reports whose year is unknown, as Hive, Spark,
/// DuckDB and Trino name a null partition value.
pub const NULL_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

/// Rows per row group (a little under DuckDB's 122,880, the size its readers
/// parallelise over).
const ROW_GROUP_ROWS: usize = 100_000;

/// The Parquet schema of the long form: name, physical type, required.
/// See the crate documentation for the meaning of each column.
pub const PARQUET_COLUMNS: [(&str, &str); 22] = [
    ("report_id", "required int64"),
    ("sha256", "required binary (STRING)"),
    ("file", "required binary (STRING)"),
    ("agency", "optional binary (STRING)"),
    ("body", "optional binary (STRING)"),
    ("region", "optional binary (STRING)"),
    ("level", "optional binary (STRING)"),
    ("year", "optional int32"),
    ("template", "optional binary (STRING)"),
    ("source_format", "required binary (STRING)"),
    ("table_key", "required binary (STRING)"),
    ("row_key", "required binary (STRING)"),
    ("row_label", "required binary (STRING)"),
    ("column_key", "required binary (STRING)"),
    ("column_label", "required binary (STRING)"),
    ("path", "required binary (STRING)"),
    ("value", "optional double"),
    ("value_text", "optional binary (STRING)"),
    ("raw", "optional binary (STRING)"),
    ("source_line", "optional int32"),
    ("source_column", "optional int32"),
    ("source_page", "optional int32"),
];

/// One file written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionFile {
    /// The partition's year; `None` for [`NULL_PARTITION`].
    pub year: Option<i32>,
    /// The file written (under the name given by [`ParquetExport::named`]).
    pub path: PathBuf,
    /// Rows (cells) in it.
    pub rows: u64,
}

/// Writes the long form as Parquet under a directory, one file per year:
/// `DIR/year=2023/part-0.parquet`, `DIR/year=__HIVE_DEFAULT_PARTITION__/part-0.parquet`.
///
/// Rows are buffered up to one row group for the current year; a row group is
/// written when it is full or when the year changes, so memory stays bounded
/// whatever the order of the entries (entries ordered by year give the fewest,
/// largest row groups). One file per year stays open until [`ParquetExport::finish`].
pub struct ParquetExport {
    dir: PathBuf,
    /// The directory messages and [`PartitionFile`]s name (`dir`, unless the
    /// caller writes to a temporary directory that becomes this one).
    name: PathBuf,
    schema: TypePtr,
    properties: WriterPropertiesPtr,
    files: BTreeMap<Option<i32>, OpenFile>,
    buffer: Buffer,
    row_group_rows: usize,
}

struct OpenFile {
    /// The file as messages name it (under [`ParquetExport::named`]).
    path: PathBuf,
    writer: SerializedFileWriter<BufWriter<File>>,
    rows: u64,
}

/// The rows of one year not yet written.
#[derive(Default)]
struct Buffer {
    year: Option<i32>,
    reports: Vec<ReportColumns>,
    cells: Vec<CellRow>,
}

/// The report's fields, converted once and shared by its rows.
struct ReportColumns {
    id: i64,
    sha256: ByteArray,
    file: ByteArray,
    agency: Option<ByteArray>,
    body: Option<ByteArray>,
    region: Option<ByteArray>,
    level: Option<ByteArray>,
    year: Option<i32>,
    template: Option<ByteArray>,
    source_format: ByteArray,
}

struct CellRow {
    /// Index into [`Buffer::reports`].
    report: usize,
    info: &'static CellInfo,
    value: Option<Number>,
    raw: Option<ByteArray>,
    line: Option<i32>,
    column: Option<i32>,
    page: Option<i32>,
}

/// Values of one column for a row group.
enum Values {
    Int64(Vec<Option<i64>>),
    Int32(Vec<Option<i32>>),
    Double(Vec<Option<f64>>),
    Text(Vec<Option<ByteArray>>),
}

impl ParquetExport {
    /// Starts an export into `dir` (created if missing). Refuses a directory
    /// that already has `year=…` partitions: a query over the directory would
    /// mix them with the new ones.
    pub fn new(dir: &Path) -> Result<Self> {
        Self::with_row_group_rows(dir, ROW_GROUP_ROWS)
    }

    /// Like [`ParquetExport::new`] with at most about `rows` rows per row group
    /// (a group ends after the report that fills it).
    #[doc(hidden)]
    pub fn with_row_group_rows(dir: &Path, rows: usize) -> Result<Self> {
        let name = dir.display().to_string();
        std::fs::create_dir_all(dir).map_err(|e| ExportError::io(&name, e))?;
        let entries = std::fs::read_dir(dir).map_err(|e| ExportError::io(&name, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| ExportError::io(&name, e))?;
            if entry.file_name().to_string_lossy().starts_with("year=") {
                return Err(ExportError::new(
                    ExportErrorKind::Exists,
                    format!("目录 {name} 中已有按年度分区的数据（year=…），请换一个目录或先删除"),
                    format!(
                        "{name} already holds year partitions (year=…); choose another directory or remove them first"
                    ),
                ));
            }
        }
        let message = schema_message();
        let schema = parse_message_type(&message).map_err(|e| ExportError::parquet(dir, e))?;
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("xxgk-export {}", env!("CARGO_PKG_VERSION")))
            .build();
        Ok(ParquetExport {
            dir: dir.to_path_buf(),
            name: dir.to_path_buf(),
            schema: Arc::new(schema),
            properties: Arc::new(properties),
            files: BTreeMap::new(),
            buffer: Buffer::default(),
            row_group_rows: rows.max(1),
        })
    }

    /// Names the directory `name` in messages and in the [`PartitionFile`]s
    /// returned: the export is written to a temporary directory that the
    /// caller renames to `name` when it is complete.
    pub fn named(mut self, name: &Path) -> Self {
        self.name = name.to_path_buf();
        self
    }

    /// Adds one row per cell of the entry's report to its year's partition.
    pub fn add(&mut self, entry: &Entry) -> Result<()> {
        let report = &entry.report;
        if report.year != self.buffer.year {
            self.flush()?;
            self.buffer.year = report.year;
        }
        let index = self.buffer.reports.len();
        let text = |s: &str| ByteArray::from(s);
        self.buffer.reports.push(ReportColumns {
            id: entry.id,
            sha256: text(&report.source.sha256),
            file: text(&report.source.file),
            agency: report.agency.as_deref().map(text),
            body: entry.body.as_deref().map(text),
            region: entry.region.as_deref().map(text),
            level: entry.level.as_deref().map(text),
            year: report.year,
            template: report.template.map(|t| static_text(t.as_str())),
            source_format: static_text(report.source.format.as_str()),
        });
        let cells = &mut self.buffer.cells;
        for_each_cell(report, |cell| {
            let span = cell.printed.map(|p| p.span);
            let int = |n: u32| i32::try_from(n).ok();
            cells.push(CellRow {
                report: index,
                info: cell.info,
                value: cell.value,
                raw: cell.printed.map(|p| ByteArray::from(p.raw.as_str())),
                line: span.and_then(|s| int(s.line)),
                column: span.and_then(|s| int(s.column)),
                page: span.and_then(|s| s.page).and_then(int),
            });
            Ok::<(), ExportError>(())
        })?;
        if self.buffer.cells.len() >= self.row_group_rows {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the buffered rows as one row group of their year's file.
    fn flush(&mut self) -> Result<()> {
        if self.buffer.cells.is_empty() {
            self.buffer.reports.clear();
            return Ok(());
        }
        let year = self.buffer.year;
        if !self.files.contains_key(&year) {
            let file = self.open(year)?;
            self.files.insert(year, file);
        }
        let file = self.files.get_mut(&year).expect("opened above");
        let fail = |e: parquet::errors::ParquetError| ExportError::parquet(&file.path, e);
        let mut group = file.writer.next_row_group().map_err(fail)?;
        let mut index = 0;
        while let Some(mut column) = group.next_column().map_err(fail)? {
            let (name, spec) = PARQUET_COLUMNS[index];
            let required = spec.starts_with("required");
            write_column(&mut column, self.buffer.values(name), required).map_err(fail)?;
            column.close().map_err(fail)?;
            index += 1;
        }
        group.close().map_err(fail)?;
        file.rows += self.buffer.cells.len() as u64;
        self.buffer.cells.clear();
        self.buffer.reports.clear();
        Ok(())
    }

    fn open(&self, year: Option<i32>) -> Result<OpenFile> {
        let partition = match year {
            Some(year) => format!("year={year}"),
            None => format!("year={NULL_PARTITION}"),
        };
        const FILE: &str = "part-0.parquet";
        let dir = self.dir.join(&partition);
        let shown = self.name.join(&partition).join(FILE);
        let name = shown.display().to_string();
        std::fs::create_dir_all(&dir).map_err(|e| ExportError::io(&name, e))?;
        let file = File::create(dir.join(FILE)).map_err(|e| ExportError::io(&name, e))?;
        let writer = SerializedFileWriter::new(
            BufWriter::new(file),
            self.schema.clone(),
            self.properties.clone(),
        )
        .map_err(|e| ExportError::parquet(&shown, e))?;
        Ok(OpenFile {
            path: shown,
            writer,
            rows: 0,
        })
    }

    /// Writes what is buffered and closes every file; returns the files
    /// written, by year (unknown year last).
    pub fn finish(mut self) -> Result<Vec<PartitionFile>> {
        self.flush()?;
        let mut written = Vec::new();
        for (year, file) in std::mem::take(&mut self.files) {
            file.writer
                .close()
                .map_err(|e| ExportError::parquet(&file.path, e))?;
            written.push(PartitionFile {
                year,
                path: file.path,
                rows: file.rows,
            });
        }
        // BTreeMap puts `None` first; the unknown year reads better last.
        let unknown_first = written.first().is_some_and(|f| f.year.is_none());
        written.rotate_left(usize::from(unknown_first));
        Ok(written)
    }
}

impl Buffer {
    /// The values of column `name` for the buffered rows.
    fn values(&self, name: &str) -> Values {
        let cells = &self.cells;
        let report = |c: &CellRow| &self.reports[c.report];
        let text =
            |f: &dyn Fn(&CellRow) -> Option<ByteArray>| Values::Text(cells.iter().map(f).collect());
        match name {
            "report_id" => Values::Int64(cells.iter().map(|c| Some(report(c).id)).collect()),
            "sha256" => text(&|c| Some(report(c).sha256.clone())),
            "file" => text(&|c| Some(report(c).file.clone())),
            "agency" => text(&|c| report(c).agency.clone()),
            "body" => text(&|c| report(c).body.clone()),
            "region" => text(&|c| report(c).region.clone()),
            "level" => text(&|c| report(c).level.clone()),
            "year" => Values::Int32(cells.iter().map(|c| report(c).year).collect()),
            "template" => text(&|c| report(c).template.clone()),
            "source_format" => text(&|c| Some(report(c).source_format.clone())),
            "table_key" => text(&|c| Some(static_text(c.info.table))),
            "row_key" => text(&|c| Some(static_text(c.info.row_key))),
            "row_label" => text(&|c| Some(static_text(&c.info.row_label))),
            "column_key" => text(&|c| Some(static_text(c.info.column_key))),
            "column_label" => text(&|c| Some(static_text(&c.info.column_label))),
            "path" => text(&|c| Some(static_text(c.info.path))),
            "value" => Values::Double(cells.iter().map(|c| c.value.map(to_f64)).collect()),
            "value_text" => text(&|c| c.value.map(|v| ByteArray::from(v.to_string().into_bytes()))),
            "raw" => text(&|c| c.raw.clone()),
            "source_line" => Values::Int32(cells.iter().map(|c| c.line).collect()),
            "source_column" => Values::Int32(cells.iter().map(|c| c.column).collect()),
            "source_page" => Values::Int32(cells.iter().map(|c| c.page).collect()),
            other => unreachable!("no values for column {other}"),
        }
    }
}

/// A string that lives as long as the program (labels, keys), without a copy.
fn static_text(s: &'static str) -> ByteArray {
    ByteArray::from(Bytes::from_static(s.as_bytes()))
}

/// The schema in Parquet's message syntax.
fn schema_message() -> String {
    let fields: String = PARQUET_COLUMNS
        .iter()
        .map(|(name, spec)| match spec.split_once(" (") {
            Some((physical, logical)) => format!("  {physical} {name} ({logical};\n"),
            None => format!("  {spec} {name};\n"),
        })
        .collect();
    format!("message xxgk_cell {{\n{fields}}}\n")
}

fn write_column(
    column: &mut SerializedColumnWriter<'_>,
    values: Values,
    required: bool,
) -> parquet::errors::Result<()> {
    match values {
        Values::Int64(v) => write_typed::<Int64Type>(column, v, required),
        Values::Int32(v) => write_typed::<Int32Type>(column, v, required),
        Values::Double(v) => write_typed::<DoubleType>(column, v, required),
        Values::Text(v) => write_typed::<ByteArrayType>(column, v, required),
    }
}

fn write_typed<T: DataType>(
    column: &mut SerializedColumnWriter<'_>,
    values: Vec<Option<T::T>>,
    required: bool,
) -> parquet::errors::Result<()> {
    let levels: Vec<i16> = values.iter().map(|v| i16::from(v.is_some())).collect();
    let present: Vec<T::T> = values.into_iter().flatten().collect();
    let levels = (!required).then_some(levels.as_slice());
    column.typed::<T>().write_batch(&present, levels, None)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_parses_with_every_column() {
        let schema = parse_message_type(&schema_message()).unwrap();
        let names: Vec<&str> = schema.get_fields().iter().map(|f| f.name()).collect();
        let expected: Vec<&str> = PARQUET_COLUMNS.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, expected);
    }
}
