//! # row-long
//!
//! **说明**：某行印出的数值多于该行的列数，多出的数无法对应到列，该行留空。
//!
//! **依据**：提取时发现。
//!
//! ## English
//!
//! **Says**: a row prints more values than it has columns; the values cannot be attributed, so the row is left empty.
//!
//! **Basis**: found during extraction.

use super::RowRead;
use xxgk_model::{Finding, Group, Message, Rule, Severity};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "row-long",
    severity: Severity::Warning,
    also: &[],
    group: Group::Extraction,
    title: (
        "表中有的行印出的数值多于列数",
        "a row prints more values than columns",
    ),
};

/// The finding about one row that prints too many values.
pub(crate) fn row(row: &RowRead) -> Finding {
    let (printed, digits, width) = (row.printed, row.digits, row.width);
    RULE.finding(Message::new(
        format!("「{}」一行印了 {printed} 个数值（{digits}），多于该行的 {width} 列，无法对应，该行数值留空", row.label_zh),
        format!("row 「{}」 prints {printed} values ({digits}), more than its {width} columns; they cannot be attributed, so its cells are left empty", row.label_en),
    ))
}
