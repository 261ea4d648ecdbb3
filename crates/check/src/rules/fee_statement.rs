//! # fee-statement
//!
//! **检查**：采用 2021 年格式的报告，在第六部分「其他需要报告的事项」说明了信息处理费的收取情况
//! （提到「信息处理费」「处理费」或「收费」）。
//!
//! **原因**：国办函〔2020〕109号《政府信息公开信息处理费管理办法》施行后，实践中要求在年度报告中
//! 报告收取信息处理费的情况（包括「未收取」）。
//!
//! **示例**：第六部分只写「无」—— 提示。
//!
//! **依据**：国办函〔2020〕109号（推定自实践）。
//!
//! ## English
//!
//! **Checks**: a report on the 2021 format says in section 六 whether information processing fees
//! (信息处理费) were charged.
//!
//! **Why**: since 国办函〔2020〕109号 set the fee rules, reports are expected to state the fees charged
//! (including none).
//!
//! **Example**: section 六 reads only 「无」 — info.
//!
//! **Basis**: 国办函〔2020〕109号 [inferred from practice].

use crate::context::Ctx;
use crate::registry::{Check, Run};
use xxgk_model::{Group, Message, Rule, Severity, Template};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "fee-statement",
    severity: Severity::Info,
    also: &[],
    group: Group::Content,
    title: (
        "未说明信息处理费收取情况",
        "no statement on information processing fees",
    ),
};

/// How it runs: on one report.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(run));

fn run(ctx: &mut Ctx) {
    if ctx.report.template != Some(Template::V2021) {
        return;
    }
    let Some(section) = ctx.report.section(6) else {
        return;
    };
    if ["处理费", "收费", "收取"]
        .iter()
        .any(|w| section.text.contains(w))
    {
        return;
    }
    let span = Some(section.span);
    ctx.emit_at(
        Message::new(
            "第六部分没有说明信息处理费的收取情况（国办函〔2020〕109号）",
            "section 六 says nothing about information processing fees (国办函〔2020〕109号)",
        ),
        span,
        &[],
    );
}
