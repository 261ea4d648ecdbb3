//! # table-too-large
//!
//! **说明**：一张表的区域内已有 100000 个单元格（标签片段和数值；约为官方表三的 400 倍）时，其后的行不再读取，只计数。这样的区域多半是把表格的行重复了许多次，或把别的文字连进了表格；此前的行照常读取（重复的行另有 duplicate-row 发现），其后的行既不进入数据，也不产生其他发现。一行印出的数值超过 1000 个时同样只读取前 1000 个，该行会有 row-long 发现。
//!
//! **原因**：让任何输入的提取时间和内存都与文件大小成正比，不因异常的文件而耗尽内存。
//!
//! **依据**：提取时发现。
//!
//! ## English
//!
//! **Says**: once a table's region holds 100,000 cells (label pieces and values; about 400 times an official table 3), the rows after them are counted, not read. Such a region usually holds the table's rows printed again and again, or other text run into the table; the rows before are read as usual (repeated ones with duplicate-row findings), the rest enter neither the data nor any other finding. Likewise only the first 1,000 values of a row that prints more are read; that row has a row-long finding.
//!
//! **Why**: so that extraction takes time and memory in proportion to the file whatever it holds, and an odd file cannot exhaust memory.
//!
//! **Basis**: found during extraction.

use xxgk_model::{Finding, Group, Lang, Message, Rule, Severity, Span, TableId};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "table-too-large",
    severity: Severity::Warning,
    also: &[],
    group: Group::Extraction,
    title: (
        "表格区域过大，其后的行未读取",
        "a table's region is too large; the rest is not read",
    ),
};

/// The finding about `table`, whose region held `left_out` rows after its
/// first `cells` cells; `first` is where the first row left out was.
pub(crate) fn finding(
    table: TableId,
    cells: usize,
    left_out: usize,
    first: Option<Span>,
) -> Finding {
    let (here_zh, here_en) = match first {
        Some(_) => ("（从此处起）", " (from here on)"),
        None => ("", ""),
    };
    RULE.finding(Message::new(
        format!(
            "{}区域内的单元格超过 {cells} 个，其后的 {left_out} 行未读取{here_zh}",
            table.long_name(Lang::Zh)
        ),
        format!(
            "{} holds more than {cells} cells in its region: the {left_out} rows after them are not read{here_en}",
            table.long_name(Lang::En)
        ),
    ))
    .with_span(first)
}
