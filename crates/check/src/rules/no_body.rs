//! # no-body
//!
//! **检查**：能确定发布报告的机关：标题（或标题上方一行）写明了机关名称。
//!
//! **原因**：不知道是哪个机关的报告，就无法归入该机关的年度序列和上下级汇总，也无法核对应报未报；统计中
//! 这份报告没有归属。官方空白模板（「XX区人民政府」）也在此被指出，而不是“检查通过”。一张表也没有的文件
//! 只报 `no-tables`。
//! 从网页上截取的片段（只有表格）也会触发本规则：名称要从原网页补充，不能由本工具推测。
//!
//! **示例**：标题只有「2023年政府信息公开工作年度报告」，上方也没有机关名称 —— 报错。
//!
//! **依据**：《条例》第四十九条、第五十条：各级行政机关向社会公布本机关的年度报告。
//!
//! ## English
//!
//! **Checks**: the body that publishes the report can be told: the title (or the line above it) names it.
//!
//! **Why**: a report whose body is unknown cannot join that body's years or a parent's sum, nor show who
//! has reported; statistics cannot place it. The official blank template (「XX区人民政府」) is named here
//! instead of "passing". A file with none of the tables gets `no-tables` alone. A fragment cut from a web
//! page (the tables alone) fires it too: the name must come from the page, not from a guess.
//!
//! **Example**: a report titled only 「2023年政府信息公开工作年度报告」 with no body's name above it — an error.
//!
//! **Basis**: Articles 49 and 50 of the Regulations: each administrative body publishes its own annual
//! report.

use crate::context::Ctx;
use crate::registry::{Check, Run};
use xxgk_model::{Group, Message, Rule, Severity};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "no-body",
    severity: Severity::Error,
    also: &[],
    group: Group::Content,
    title: ("未写明发布机关", "the publishing body is not named"),
};

/// How it runs: on one report.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(run));

fn run(ctx: &mut Ctx) {
    // A file with none of the tables is not a report: no-tables says so once.
    if ctx.report.agency.is_some() || ctx.report.has_no_tables() {
        return;
    }
    ctx.emit_at(
        Message::new(
            "未能确定发布报告的机关：标题及其上方一行都没有写明机关名称",
            "the publishing body could not be told: neither the title nor the line above it names it",
        ),
        None,
        &[],
    );
}
