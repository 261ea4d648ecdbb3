//! Exports of a corpus of extracted reports: CSV, XLSX and (with the `parquet`
//! feature) Parquet; and the findings workbook of a check or a corpus
//! ([`findings`]).
//!
//! Every export is a writer fed one [`Entry`] at a time and closed with
//! `finish`, so a corpus of any size streams through in bounded memory:
//!
//! ```no_run
//! # fn entries() -> Vec<xxgk_export::Entry> { Vec::new() }
//! use xxgk_export::{CsvExport, XlsxExport};
//! # fn main() -> xxgk_export::Result<()> {
//! let mut csv = CsvExport::create("cells.csv".as_ref())?;
//! let mut xlsx = XlsxExport::new("corpus.xlsx".as_ref())?;
//! for entry in entries() {
//!     csv.add(&entry)?;
//!     xlsx.add(&entry)?;
//! }
//! csv.finish()?;
//! xlsx.finish()?;
//! # Ok(()) }
//! ```
//!
//! Values are never invented: a cell that is blank or unreadable in the report
//! (`null` in `xxgk/report@1`) is an empty field, an empty cell or a Parquet
//! null — never 0. Numbers keep their exact decimal text in CSV; XLSX and the
//! Parquet `value` column hold them as numbers (every count exactly; money in
//! 万元 to the nearest double), and Parquet's `value_text` keeps the exact text.
//! Labels are the official wording of `xxgk_model::labels`.
//!
//! # The long form (CSV, XLSX 明细, Parquet)
//!
//! One record per cell of every row the report prints, in official order
//! (table 2, 3, 4; rows and columns as the format prints them). A table the
//! report does not have gives no records; a row it does not print gives none
//! either (so a 2019 report has `requests.other.*`, a 2021 report
//! `requests.other_no_correction.*` …). Columns, in order (as data:
//! [`LONG_COLUMNS`]):
//!
//! | key | 明细 heading | meaning |
//! |---|---|---|
//! | `report_id` | 报告编号 | the entry's id (the store's report id) |
//! | `sha256` | SHA-256 | hex SHA-256 of the source bytes |
//! | `file` | 文件 | the source path as given |
//! | `agency` | 报告所署机关 | the issuing body as printed (`王岗镇人民政府`); empty if not found |
//! | `body` | 机关 | the body the report is attributed to by the corpus pass; empty before it |
//! | `region` | 地区 | from the user's agency list; empty if unknown |
//! | `level` | 层级 | from the user's agency list; empty if unknown |
//! | `year` | 年度 | the reporting year; empty if not found |
//! | `template` | 表格格式 | `2019` or `2021` (国办公开办函〔2019〕60号 / 〔2021〕30号); empty if unknown |
//! | `source_format` | 文件类型 | `text`, `markdown`, `html`, `docx` or `pdf` |
//! | `table_key` | 表 | `active` (table 2), `requests` (table 3), `appeals` (table 4) |
//! | `row_key` | 行键 | the row key of `xxgk/report@1` (`received`, `procurement`, `review`, …) |
//! | `row_label` | 行 | the official row label; a table-3 sub-row after its group: `（三）不予公开/1.属于国家秘密` |
//! | `column_key` | 列键 | the column key of `xxgk/report@1` (`total`, `amount_wan`, …) |
//! | `column_label` | 列 | the official column label; table 3's organisation columns after their group: `法人或其他组织/商业企业`; money columns say （万元） |
//! | `path` | 路径 | `table_key.row_key.column_key`, e.g. `requests.received.total` |
//! | `value` | 数值 | the value: exact decimal text in CSV (`10`, `-4`, `461.7`), a number in XLSX; empty when blank/unreadable. Money is in 万元 |
//! | `raw` | 原文 | the text printed for the cell (`10`, `461.70万元`, `-`); empty if nothing was printed |
//! | `source_line` | 行号 | 1-based line of the printed text in the decoded source; empty if nothing was printed |
//! | `source_column` | 列号 | 1-based column (in characters) of the printed text |
//! | `source_page` | 页码 | PDF page, when the source is a PDF |
//!
//! # CSV
//!
//! [`CsvExport`]: UTF-8 with a byte order mark (so Excel detects the encoding),
//! a header line of the keys above, records ending in CRLF, fields quoted only
//! when needed (RFC 4180). Text fields that a spreadsheet would run as a
//! formula get a leading `'` ([`csv_field`]); numeric fields are written as
//! they are.
//!
//! # XLSX
//!
//! [`XlsxExport`] writes one workbook with these sheets, in order:
//!
//! * **报告** — one row per report: 报告编号, 文件, SHA-256, 报告所署机关 (agency),
//!   机关 (body), 地区, 层级, 年度, 表格格式 (template), 文件类型 (source
//!   format), 错误, 警告, 提示 (finding counts). Header frozen, autofilter.
//! * **表二（2019年格式）**, **表二（2021年格式）**, **表三**, **表四** — the tables in
//!   the official layout, one row per report that has the table (table 2 on the
//!   sheet of its format). Row 1 is the section title (`三、收到和处理政府信息公开申请情况`);
//!   then the header rows, merged like the official forms; then the data.
//!   The first seven columns are the report: 机关 (the body, or the agency as
//!   printed when no body is known), 地区, 层级, 年度, 文件, 表格格式, 报告编号;
//!   then one column per cell of the format:
//!   * 表二: the row label (规章, 行政许可, 政府集中采购 …) over its columns
//!     (本年新制作数量 …; 采购总金额（万元）).
//!   * 表三: four header rows — the group （三）不予公开, （四）无法提供, （五）不予处理,
//!     （六）其他处理 over its sub-rows (other rows span both rows), the row
//!     label, then 自然人 / 法人或其他组织 (over 商业企业, 科研机构, 社会公益组织,
//!     法律服务机构, 其他) / 总计. All 26 rows of both formats are there: a 2019
//!     report fills the single （六）其他处理 row, a 2021 report its three
//!     sub-rows.
//!   * 表四: 行政复议 and 行政诉讼 (over 未经复议直接起诉 and 复议后起诉), each over
//!     结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
//!
//!   Panes are frozen below the headers and right of the report columns.
//!   Values are numbers; blank or unreadable cells and rows the report does
//!   not print are empty cells.
//! * **明细**, **明细2**, **明细3** … — the long form with the headings above
//!   (values, ids, years, lines as numbers). A sheet holds at most Excel's
//!   1,048,576 rows; the rest continues on the next sheet. Header frozen,
//!   autofilter.
//!
//! Sheets are written row by row to temporary files in the directory of the
//! output (`rust_xlsxwriter`'s low-memory mode): memory depends on the number
//! of distinct strings, not on the number of rows. The temporary files hold
//! the uncompressed sheets, about ten times the size of the final workbook
//! (10,000 reports: 1.3 GB of temporary files for a 132 MB workbook, 14 MB of
//! memory, 34 s); they are removed when the workbook is saved or dropped.
//!
//! # Parquet (feature `parquet`)
//!
//! `ParquetExport` writes the long form under a directory, partitioned by
//! year as Hive, Spark, DuckDB and Trino expect:
//!
//! ```text
//! DIR/year=2019/part-0.parquet
//! DIR/year=2020/part-0.parquet
//! DIR/year=__HIVE_DEFAULT_PARTITION__/part-0.parquet   (year unknown)
//! ```
//!
//! The columns are those of the long form, typed: `report_id` INT64;
//! `year`, `source_line`, `source_column`, `source_page` INT32; the others
//! UTF-8 strings (BYTE_ARRAY, logical type STRING); `value` DOUBLE plus
//! `value_text`, the exact decimal text. Nulls where the CSV is empty;
//! `report_id`, `sha256`, `file`, `source_format` and the keys, labels and path
//! are required. `year` is in the files as well as in the directory name, so a
//! single file is self-describing; with `hive_partitioning` readers take the
//! directory's value, which is the same (DuckDB then types it BIGINT, and
//! reads `__HIVE_DEFAULT_PARTITION__` as NULL).
//!
//! Why DOUBLE and not DECIMAL: every count is an integer far below 2^53, so
//! DOUBLE holds it exactly, and the few money amounts (万元, at most six
//! decimals after a 元 → 万元 conversion) round-trip through the shortest
//! representation of their double; DOUBLE is read natively by every engine
//! and dataframe library, without the precision and scale choices of DECIMAL
//! (a fixed scale would either pad every count with zeros or round amounts).
//! `value_text` keeps the exact decimal for anyone who needs it
//! (`CAST(value_text AS DECIMAL(38, 12))`).
//!
//! Files use Snappy compression and dictionary encoding, row groups of about
//! 100,000 rows. Example:
//!
//! ```sql
//! SELECT year, sum(value) FROM read_parquet('DIR/**/*.parquet', hive_partitioning = true)
//! WHERE path = 'requests.received.total' GROUP BY year ORDER BY year;
//! ```

mod cells;
pub mod corpus;
mod csv_export;
mod error;
pub mod findings;
#[cfg(feature = "parquet")]
mod parquet_export;
pub mod report_csv;
mod xlsx;

pub use cells::LONG_COLUMNS;
pub use csv_export::{csv_field, CsvExport, BOM};
pub use error::{ExportError, ExportErrorKind, Result};
pub use findings::{FileRows, FindingsCsv, FindingsXlsx};
#[cfg(feature = "parquet")]
pub use parquet_export::{ParquetExport, PartitionFile, NULL_PARTITION, PARQUET_COLUMNS};
pub use xlsx::{XlsxExport, DETAIL_SHEET, EXCEL_MAX_ROWS, REPORTS_SHEET};

/// One report of the corpus with what the store knows about it.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The store's report id.
    pub id: i64,
    /// The body the report is attributed to by the corpus pass.
    pub body: Option<String>,
    /// From the user's agency list.
    pub region: Option<String>,
    /// From the user's agency list: the body's level.
    pub level: Option<String>,
    /// The extracted report.
    pub report: xxgk_model::Report,
    /// Finding counts by severity.
    pub errors: u32,
    /// Warning findings.
    pub warnings: u32,
    /// Info findings.
    pub infos: u32,
}

/// The names of the table sheets of the XLSX export, in workbook order after
/// [`REPORTS_SHEET`].
pub const TABLE_SHEETS: [&str; 4] = ["表二（2019年格式）", "表二（2021年格式）", "表三", "表四"];
