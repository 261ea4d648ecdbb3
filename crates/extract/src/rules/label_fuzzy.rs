//! # label-fuzzy
//!
//! **说明**：行标签与官方标签不完全一致（多为 PDF 丢字，如「2.其他法律行政止公开」），按相似度识别为该行。只有唯一最相近、编号一致、且缺字不多时才识别。
//!
//! **依据**：提取时发现。
//!
//! ## English
//!
//! **Says**: a row label differs from the official one (characters lost in a PDF, like 「2.其他法律行政止公开」) and was recognised by similarity — only when it is the unique best match, its item number agrees and few characters are missing.
//!
//! **Basis**: found during extraction.

use xxgk_model::{Finding, Group, Message, Rule, Severity, Span};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "label-fuzzy",
    severity: Severity::Info,
    also: &[],
    group: Group::Extraction,
    title: (
        "行标签缺字，按相似度识别",
        "a row label recognised by similarity",
    ),
};

/// The finding about the label `printed` at `span`, taken for the official
/// `official` of the row at `path`.
pub(crate) fn finding(printed: &str, official: &str, span: Span, path: String) -> Finding {
    RULE.finding(Message::new(
        format!("行标签「{printed}」与官方标签「{official}」不一致（可能缺字），按相似度识别为该行"),
        format!("row label 「{printed}」 differs from the official 「{official}」 (characters may be missing); recognised by similarity"),
    ))
    .with_span(Some(span))
    .with_cells(vec![path])
}
