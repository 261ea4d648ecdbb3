//! # run-together
//!
//! **说明**：一行的数值连写在一起（「予以公开7000007」）。xxgk 列出所有拆分方式（数字不以 0 开头），保留与表内勾稽关系（行总计、（七）总计、平衡关系）一致的拆分。只剩一种时给出数值并以提示级说明；多种都一致时只保留它们一致的单元格，其余留空并警告。
//!
//! **示例**：「一、本年新收…230 000023」唯一一致的拆分是 23、0、0、0、0、0、23。
//!
//! **依据**：提取时发现；绝不猜测。
//!
//! ## English
//!
//! **Says**: a row's values are printed run together (「予以公开7000007」). xxgk lists every split (no number with a leading zero) and keeps those consistent with the table's identities (row total, （七） total, balance). One left: the values, noted at info level. Several: only the cells they agree on, the rest null, with a warning.
//!
//! **Example**: 「一、本年新收…230 000023」 has one consistent split: 23, 0, 0, 0, 0, 0, 23.
//!
//! **Basis**: found during extraction; nothing is guessed.

use crate::registry::{Rule, RuleKind};
use xxgk_model::Severity;

pub const RULE: Rule = Rule {
    id: "run-together",
    severity: Severity::Warning,
    title: (
        "数值连写在一起，需按勾稽关系拆分",
        "values printed without separators",
    ),
    kind: RuleKind::Extraction,
};
