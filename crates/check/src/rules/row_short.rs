//! # row-short
//!
//! **说明**：某行印出的数值少于该行的列数（如 7 列只印了 6 个数）。无法看出缺的是哪一列时，xxgk 列出所有可能的对应方式，去掉与表内勾稽关系矛盾的，只保留各种对应方式一致的单元格，其余留空。成串出现的这类行只报告一次。
//!
//! **示例**：种子报告 001、003 的表三办理结果各行只印 6 个 0：每一列都可能是缺的那一列，全部留空。
//!
//! **依据**：提取时发现；绝不猜测或补数。
//!
//! ## English
//!
//! **Says**: a row prints fewer values than it has columns (6 values in a 7-column row). When the missing column cannot be seen, xxgk lists every placement, drops those that contradict the table's identities, and keeps only the cells every remaining placement agrees on; the rest are null. A run of such rows is reported once.
//!
//! **Example**: seeds 001 and 003 print six 0s in each outcome row of table 3: any column may be the missing one, so all are null.
//!
//! **Basis**: found during extraction; nothing is guessed or filled in.

use crate::registry::{Rule, RuleKind};
use xxgk_model::Severity;

pub const RULE: Rule = Rule {
    id: "row-short",
    severity: Severity::Warning,
    title: (
        "表中有的行印出的数值少于列数",
        "rows print fewer values than columns",
    ),
    kind: RuleKind::Extraction,
};
