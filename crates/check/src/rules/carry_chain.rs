//! # carry-chain
//!
//! **检查**：同一机关相邻两年的报告中，今年表三「二、上年结转政府信息公开申请数量」等于去年
//! 「四、结转下年度继续办理」，逐列核对。
//!
//! **原因**：去年结转到下一年的申请就是今年的上年结转；对不上说明其中一年填错或漏报。
//!
//! **示例**：2023 年度结转下年度 5 件，2024 年度上年结转 3 件 —— 警告。
//!
//! **依据**：表三的定义（推定）。同一次检查中有同一机关相邻年度的报告时运行。
//!
//! ## English
//!
//! **Checks**: for one body's reports of consecutive years, this year's 二 carried in equals last year's 四
//! carried out, column by column.
//!
//! **Why**: what was carried into the next year is next year's carry-in; a mismatch means one of the two
//! reports is wrong.
//!
//! **Example**: 2023 carried out 5, 2024 carried in 3 — a warning.
//!
//! **Basis**: the definition of table 3 [inferred]. Runs when the same check includes the body's report
//! for the previous year.

use crate::context::column_label;
use crate::registry::{Check, Run};
use crate::series::SeriesCtx;
use xxgk_model::{Group, Message, RequestRow, Rule, Severity, Table};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "carry-chain",
    severity: Severity::Warning,
    also: &[],
    group: Group::Series,
    title: (
        "上年结转与上一年度报告的结转下年度不符",
        "carried in differs from last year's carried out",
    ),
};

/// How it runs: on a body's reports for two consecutive years.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Series(run));

fn run(ctx: &mut SeriesCtx) {
    let (Some(last), Some(this)) = (&ctx.previous.requests, &ctx.current.requests) else {
        return;
    };
    let (Some(last_year), Some(year)) = (ctx.previous.year, ctx.current.year) else {
        return;
    };
    for position in 0..7 {
        let (Some(out), Some(into)) = (
            last.get(RequestRow::CarriedOut, position),
            this.get(RequestRow::CarriedIn, position),
        ) else {
            continue;
        };
        if out == into {
            continue;
        }
        let path = Table::<RequestRow>::path(RequestRow::CarriedIn, position);
        let column = column_label(RequestRow::CarriedIn, position);
        let span = ctx.span_of(path);
        ctx.emit(
            Message::new(
                format!("表三「{column}」列：本年度上年结转 {into} 件，而 {last_year} 年度报告结转下年度 {out} 件"),
                format!("table 3, column 「{column}」: carried in {into}, but the {last_year} report carried out {out}"),
            ),
            span,
            &[path],
        )
        .notes
        .push(Message::new(
            format!("{last_year} 年度的「四、结转下年度继续办理」应等于 {year} 年度的「二、上年结转」"),
            format!("{last_year}'s 四 carried out should equal {year}'s 二 carried in"),
        ));
    }
}
