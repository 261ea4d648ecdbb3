//! # row-short
//!
//! **说明**：某行印出的数值少于该行的列数（如 7 列只印了 6 个数）。无法看出缺的是哪一列时，xxgk 列出所有可能的对应方式，去掉与表内勾稽关系矛盾的，只保留各种对应方式一致的单元格，其余留空。成串出现的这类行只报告一次。
//!
//! **示例**：种子报告 001、003 的表三办理结果各行只印 6 个 0：每一列都可能是缺的那一列，全部留空。
//!
//! **依据**：提取时发现；绝不猜测或补数。
//!
//! ## English
//!
//! **Says**: a row prints fewer values than it has columns (6 values in a 7-column row). When the missing column cannot be seen, xxgk lists every placement, drops those that contradict the table's identities, and keeps only the cells every remaining placement agrees on; the rest are null. A run of such rows is reported once.
//!
//! **Example**: seeds 001 and 003 print six 0s in each outcome row of table 3: any column may be the missing one, so all are null.
//!
//! **Basis**: found during extraction; nothing is guessed or filled in.

use super::RowRead;
use xxgk_model::{Finding, Group, Message, Rule, Severity, Span};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "row-short",
    severity: Severity::Warning,
    also: &[],
    group: Group::Extraction,
    title: (
        "表中有的行印出的数值少于列数",
        "rows print fewer values than columns",
    ),
};

/// The finding about one row that prints too few values.
pub(crate) fn row(row: &RowRead) -> Finding {
    let (kept_zh, kept_en) = row.kept();
    let (printed, digits, width) = (row.printed, row.digits, row.width);
    RULE.finding(Message::new(
        format!("「{}」一行只印了 {printed} 个数值（{digits}），该行应有 {width} 列；无法确定缺的是哪一列，{kept_zh}", row.label_zh),
        format!("row 「{}」 prints {printed} values ({digits}) for {width} columns; which column is missing cannot be told, so {kept_en}", row.label_en),
    ))
}

/// The one finding about a run of `count` such rows, from the row labelled
/// `first` to the one labelled `last` (each (Chinese, English)).
pub(crate) fn run(
    first: (&str, &str),
    last: (&str, &str),
    count: usize,
    span: Option<Span>,
    cells: Vec<String>,
) -> Finding {
    RULE.finding(Message::new(
        format!("从「{}」到「{}」共 {count} 行印出的数值少于列数，无法确定缺的是哪一列；只保留各种对位方式都一致的单元格，其余留空", first.0, last.0),
        format!("{count} rows from 「{}」 to 「{}」 print fewer values than columns; which column is missing cannot be told, so only the cells every placement agrees on are kept", first.1, last.1),
    ))
    .with_span(span)
    .with_cells(cells)
}
