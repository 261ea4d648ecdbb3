//! # template-unknown
//!
//! **说明**：找到了表二，但既看不出 2019 年格式的列，也看不出 2021 年格式的列，表二未提取。
//!
//! **依据**：提取时发现。
//!
//! ## English
//!
//! **Says**: table 2 was found but neither format's columns could be recognised; it is not extracted.
//!
//! **Basis**: found during extraction.

use xxgk_model::{Finding, Group, Message, Rule, Severity, Span};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "template-unknown",
    severity: Severity::Warning,
    also: &[],
    group: Group::Extraction,
    title: (
        "无法判断表二采用哪种格式",
        "table 2's format cannot be told",
    ),
};

/// The finding about table 2, found at `span` in a format that cannot be told.
pub(crate) fn finding(span: Option<Span>) -> Finding {
    RULE.finding(Message::new(
        "找到了表二（主动公开政府信息情况），但无法判断它采用 2019 年还是 2021 年格式，表二未提取",
        "found table 2 (proactive disclosure) but cannot tell whether it follows the 2019 or the 2021 format; table 2 is not extracted",
    ))
    .with_span(span)
}
