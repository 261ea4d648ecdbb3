//! # unknown-row
//!
//! **说明**：表中有官方格式没有的行（如省级增加的「其他主动公开文件」），未计入数据。
//!
//! **依据**：提取时发现。
//!
//! ## English
//!
//! **Says**: the table has a row the official format does not (a province's addition such as 其他主动公开文件); it is left out of the data.
//!
//! **Basis**: found during extraction.

use xxgk_model::{Finding, Group, Message, Rule, Severity, Span};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "unknown-row",
    severity: Severity::Info,
    also: &[],
    group: Group::Extraction,
    title: (
        "表中有官方格式没有的行",
        "a row the official format does not have",
    ),
};

/// The finding about the row `text` at `span`, which printed `values`.
pub(crate) fn finding(text: &str, values: &str, span: Span) -> Finding {
    RULE.finding(Message::new(
        format!("表中「{text}」一行不属于官方格式，未计入（数值：{values}）"),
        format!(
            "row 「{text}」 is not part of the official format and is left out (values: {values})"
        ),
    ))
    .with_span(Some(span))
}
