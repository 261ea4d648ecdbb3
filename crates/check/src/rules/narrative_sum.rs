//! # narrative-sum
//!
//! **检查**：正文一句话里给出总数和「其中」各项时，各项之和是否等于总数：「主动公开政府信息 1035 条，
//! 其中在微信公众号公布 185 条，在公开栏公开 850 条」（185 + 850 = 1035）；「行政复议 351 件，其中结果
//! 维持 72 件，结果纠正 64 件，其他结果 178 件，尚未审结 37 件」。读取的总数有：主动公开条数、收到申请
//! 件数、行政复议件数、行政诉讼件数。
//!
//! **原因**：一句话内的数字对不上，多半是某个数字写错或漏列了一项；不涉及表格，也适用于说的是机关
//! 一部分的句子。
//!
//! **示例**：「主动公开政府信息 1035 条，其中网站 185 条，公开栏 840 条」—— 提示：185 + 840 = 1025，
//! 不等于 1035。
//!
//! **为何只是提示**：「其中」列出的可能只是一部分（其余未列），同一条信息也可能在几个渠道同时发布；
//! 所以各项之和不等于总数只值得看一眼。只列一项的不检查；有约数（「余条」）的不检查。
//!
//! **依据**：推定。
//!
//! ## English
//!
//! **Checks**: when one sentence gives a total and its parts (其中 A … B), the parts add up to the
//! total: 「主动公开政府信息 1035 条，其中在微信公众号公布 185 条，在公开栏公开 850 条」 (185 + 850 =
//! 1035); 「行政复议 351 件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚未审结 37 件」. Totals
//! read: proactive disclosure items, requests received, review cases, lawsuits.
//!
//! **Why**: numbers that do not add up within one sentence usually mean a typo or a forgotten item; no
//! table is involved, so this applies to sentences about a part of the body too.
//!
//! **Example**: 「主动公开政府信息 1035 条，其中网站 185 条，公开栏 840 条」 — info: 185 + 840 = 1025,
//! not 1035.
//!
//! **Why only info**: the parts after 其中 may list only some items, and one item may be published on
//! several channels; a different sum is worth a look, no more. A single part is not checked, nor are
//! approximate numbers (余条).
//!
//! **Basis**: inferred.

use crate::context::Ctx;
use crate::registry::{Check, Run};
use xxgk_model::{Group, Message, Number, Rule, Severity};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "narrative-sum",
    severity: Severity::Info,
    also: &[],
    group: Group::Narrative,
    title: (
        "正文中「其中」各项之和不等于总数",
        "the parts listed in a sentence do not add up to its total",
    ),
};

/// How it runs: on one report.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(run));

fn run(ctx: &mut Ctx) {
    let report = ctx.report;
    for claim in report.narrative.iter().filter(|c| c.parts.len() >= 2) {
        let Some(total) = claim.value else {
            continue;
        };
        let Some(sum) = claim
            .parts
            .iter()
            .try_fold(Number::ZERO, |a, p| a.checked_add(p.value))
        else {
            continue;
        };
        if sum == total {
            continue;
        }
        let terms: Vec<String> = claim.parts.iter().map(|p| p.value.to_string()).collect();
        let terms = terms.join(" + ");
        ctx.emit_at(
            Message::new(
                format!("正文给出总数 {total}，「其中」各项之和为 {terms} = {sum}"),
                format!("the text gives a total of {total}, but the parts listed add up to {terms} = {sum}"),
            ),
            Some(claim.span),
            &[],
        )
        .notes
        .push(super::quote(claim));
    }
}
