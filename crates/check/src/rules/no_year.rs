//! # no-year
//!
//! **检查**：能确定报告的统计年度：标题、统计期间、开头或落款中写明了年度（其他依据见 `metadata-inferred`）。
//!
//! **原因**：不知道年度，就无法判断应采用的表格格式，也无法与同一机关其他年度的报告比对（`carry-chain`
//! 等跨年度检查不会运行），统计和语料库中的这份报告没有归属。官方空白模板（「20XX年」）也在此被指出，而不是“检查通过”。一张表也
//! 没有的文件只报 `no-tables`。
//!
//! **示例**：标题为「XX区人民政府20XX年政府信息公开工作年度报告」的空白模板 —— 报错。
//!
//! **依据**：《条例》第五十条：年度报告是对上一年度工作的报告；国办公开办函〔2021〕30号 格式的标题写明年度。
//!
//! ## English
//!
//! **Checks**: the report's year can be told: the title, the statistical period, the opening or the date
//! states it (other evidence: `metadata-inferred`).
//!
//! **Why**: without the year, the format the tables must follow is unknown, the report cannot be set
//! beside the body's other years (`carry-chain` and the other cross-year rules do not run), and statistics
//! and the corpus cannot place it. The official blank template (「20XX年」) is named here instead of
//! "passing". A file with none of the tables gets `no-tables` alone.
//!
//! **Example**: the blank template titled 「XX区人民政府20XX年政府信息公开工作年度报告」 — an error.
//!
//! **Basis**: Article 50 of the Regulations: the annual report covers the previous year; the 2021
//! format's title states the year.

use crate::context::Ctx;
use crate::registry::{Check, Run};
use xxgk_model::{Group, Message, Rule, Severity};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "no-year",
    severity: Severity::Error,
    also: &[],
    group: Group::Content,
    title: ("未写明报告年度", "the report's year is not stated"),
};

/// How it runs: on one report.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(run));

fn run(ctx: &mut Ctx) {
    // A file with none of the tables is not a report: no-tables says so once.
    if ctx.report.year.is_some() || ctx.report.has_no_tables() {
        return;
    }
    ctx.emit_at(
        Message::new(
            "未能确定报告年度：标题、统计期间、开头和落款中都没有写明",
            "the report's year could not be told: neither the title, the statistical period, the opening nor the date states it",
        ),
        None,
        &[],
    );
}
