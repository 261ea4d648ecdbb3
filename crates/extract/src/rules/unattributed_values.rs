//! # unattributed-values
//!
//! **说明**：一行数值单独印在一行，前面却有两个或更多官方行的标签（例如 PDF 转换成 Markdown 时标签和数值被拆开、挪动），
//! 无法从版式判断这些数值属于哪一行。xxgk 不猜：这些数值不计入任何一行，相关单元格留空。
//!
//! **为什么**：把数值挂到错误的行上，就是一个错误的数字；宁可留空并说明原因。
//!
//! **示例**：
//!
//! ```text
//! 1.本机关不掌握相关政府信息
//! 2.没有现成信息需要另行制作
//! 4  0  0  0  0  0  4
//! ```
//!
//! 这行数值可能属于第 1 行（第 2 行的数值另有去处），也可能属于第 2 行（第 1 行空白）。
//!
//! **依据**：提取时发现。
//!
//! ## English
//!
//! **Says**: a line of values stands on its own after the labels of two or more official rows (a PDF converted to
//! Markdown may separate or move labels and values), so the layout does not tell which row they belong to. xxgk does
//! not guess: the values go to no row and the cells stay empty.
//!
//! **Why**: values attached to the wrong row are wrong numbers; an empty cell with a reason is better.
//!
//! **Basis**: found during extraction.

use xxgk_model::{Finding, Group, Message, Rule, Severity, Span};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "unattributed-values",
    severity: Severity::Warning,
    also: &[],
    group: Group::Extraction,
    title: (
        "一行数值前有多个行标签，无法判断归属",
        "values after the labels of several rows; which row they belong to cannot be told",
    ),
};

/// The finding about `values` at `span`, printed after the labels `labels`.
pub(crate) fn finding(values: &str, labels: &[&str], span: Span) -> Finding {
    let list = labels.join("」「");
    RULE.finding(Message::new(
        format!("数值（{values}）单独成行，前面有「{list}」几行的标签，无法判断属于哪一行，未计入"),
        format!("values ({values}) stand on a line of their own after the labels of 「{list}」; which row they belong to cannot be told, so they are left out"),
    ))
    .with_span(Some(span))
}
