//! # no-tables
//!
//! **说明**：文档中没有找到表二、表三、表四中的任何一张。可能不是年度报告，或表格以图片形式发布。
//!
//! **依据**：提取时发现。
//!
//! ## English
//!
//! **Says**: none of tables 2, 3 and 4 was found. The document may not be an annual report, or its tables are images.
//!
//! **Basis**: found during extraction.

use crate::registry::{Rule, RuleKind};
use xxgk_model::Severity;

pub const RULE: Rule = Rule {
    id: "no-tables",
    severity: Severity::Warning,
    title: ("未找到任何统计表", "none of the three tables found"),
    kind: RuleKind::Extraction,
};
