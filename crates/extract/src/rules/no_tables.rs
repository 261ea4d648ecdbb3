//! # no-tables
//!
//! **说明**：文档中没有找到表二、表三、表四中的任何一张。可能不是年度报告，或表格以图片形式发布。这样的文件无法检查，因此是错误，`xxgk ingest` 也不把它作为报告存入语料库（记为失败并说明原因）。
//!
//! **依据**：提取时发现。
//!
//! ## English
//!
//! **Says**: none of tables 2, 3 and 4 was found. The document may not be an annual report, or its tables are images. Such a file cannot be checked, so this is an error, and `xxgk ingest` does not store it as a report (it is a failure, with this reason).
//!
//! **Basis**: found during extraction.

use xxgk_model::{Finding, Group, Message, Rule, Severity};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "no-tables",
    severity: Severity::Error,
    also: &[],
    group: Group::Extraction,
    title: ("未找到任何统计表", "none of the three tables found"),
};

/// The finding: none of the three tables is in the document.
pub(crate) fn finding() -> Finding {
    RULE.finding(Message::new(
        "未找到主动公开、依申请公开或复议诉讼统计表",
        "none of the three statistical tables (proactive disclosure, requests, review and litigation) was found",
    ))
}
