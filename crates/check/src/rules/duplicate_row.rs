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

use crate::registry::{Rule, RuleKind};
use xxgk_model::Severity;

pub const RULE: Rule = Rule {
    id: "duplicate-row",
    severity: Severity::Warning,
    title: ("同一官方行出现两次", "an official row printed twice"),
    kind: RuleKind::Extraction,
};
