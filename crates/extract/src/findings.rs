//! The findings extraction itself reports: what it could not read with certainty.
//! Rule ids are stable; `xxgk rules` documents them.

use xxgk_model::{Finding, Message, Severity, Span};

/// A row prints fewer values than it has columns.
pub const ROW_SHORT: &str = "row-short";
/// A row prints more values than it has columns.
pub const ROW_LONG: &str = "row-long";
/// Values printed without separators, split (or not) by the table's arithmetic.
pub const RUN_TOGETHER: &str = "run-together";
/// A row that the official format does not have (a province's extra row).
pub const UNKNOWN_ROW: &str = "unknown-row";
/// Values printed on a line of their own after the labels of several rows:
/// which row they belong to cannot be told, so they are left out.
pub const UNATTRIBUTED_VALUES: &str = "unattributed-values";
/// The same official row printed twice in one table.
pub const DUPLICATE_ROW: &str = "duplicate-row";
/// A row label recognised by similarity because characters are missing.
pub const LABEL_FUZZY: &str = "label-fuzzy";
/// Table 2 was found but its format (2019 or 2021) could not be told.
pub const TEMPLATE_UNKNOWN: &str = "template-unknown";
/// The year or the format was not stated where it usually is and was taken
/// from other evidence, which the finding names.
pub const METADATA_INFERRED: &str = "metadata-inferred";
/// The document has none of the three tables.
pub const NO_TABLES: &str = "no-tables";

pub fn finding(
    rule: &str,
    severity: Severity,
    zh: String,
    en: String,
    span: Option<Span>,
    cells: Vec<String>,
) -> Finding {
    Finding::new(rule, severity, Message::new(zh, en))
        .with_span(span)
        .with_cells(cells)
}
