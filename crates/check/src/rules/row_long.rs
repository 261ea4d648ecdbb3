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

use crate::registry::{Rule, RuleKind};
use xxgk_model::Severity;

pub const RULE: Rule = Rule {
    id: "row-long",
    severity: Severity::Warning,
    title: (
        "表中有的行印出的数值多于列数",
        "a row prints more values than columns",
    ),
    kind: RuleKind::Extraction,
};
