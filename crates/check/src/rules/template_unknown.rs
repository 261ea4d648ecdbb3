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

use crate::registry::{Rule, RuleKind};
use xxgk_model::Severity;

pub const RULE: Rule = Rule {
    id: "template-unknown",
    severity: Severity::Warning,
    title: (
        "无法判断表二采用哪种格式",
        "table 2's format cannot be told",
    ),
    kind: RuleKind::Extraction,
};
