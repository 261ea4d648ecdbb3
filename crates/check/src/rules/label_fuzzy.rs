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

use crate::registry::{Rule, RuleKind};
use xxgk_model::Severity;

pub const RULE: Rule = Rule {
    id: "label-fuzzy",
    severity: Severity::Info,
    title: (
        "行标签缺字，按相似度识别",
        "a row label recognised by similarity",
    ),
    kind: RuleKind::Extraction,
};
