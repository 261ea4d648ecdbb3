//! # duplicate-row
//!
//! **说明**：同一官方行在表中出现两次，只采用格式更完整的一次。
//!
//! **依据**：提取时发现。
//!
//! ## English
//!
//! **Says**: an official row is printed twice in one table; the better-formed one is used.
//!
//! **Basis**: found during extraction.

use xxgk_model::{Finding, Group, Message, Rule, Severity, Span};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "duplicate-row",
    severity: Severity::Warning,
    also: &[],
    group: Group::Extraction,
    title: ("同一官方行出现两次", "an official row printed twice"),
};

/// The finding about a row printed as `text` at `span`, a second time the
/// official row `official`.
pub(crate) fn finding(text: &str, official: &str, span: Span) -> Finding {
    RULE.finding(Message::new(
        format!("「{text}」一行重复出现（{official}），只采用格式更完整的一次"),
        format!("row 「{text}」 appears again ({official}); only the better-formed one is used"),
    ))
    .with_span(Some(span))
}
