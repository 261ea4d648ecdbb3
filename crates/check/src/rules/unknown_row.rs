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

use crate::registry::{Rule, RuleKind};
use xxgk_model::Severity;

pub const RULE: Rule = Rule {
    id: "unknown-row",
    severity: Severity::Info,
    title: (
        "表中有官方格式没有的行",
        "a row the official format does not have",
    ),
    kind: RuleKind::Extraction,
};
