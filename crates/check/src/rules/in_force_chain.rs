//! # in-force-chain
//!
//! **检查**：同一机关相邻两年都采用 2021 年格式时，表二「规章」「行政规范性文件」两行满足：
//! 今年现行有效件数 = 去年现行有效件数 + 今年制发件数 − 今年废止件数。
//!
//! **原因**：现行有效件数是逐年累计的存量；对不上可能是清理、修订未计入，也可能是填错，值得核实。
//!
//! **示例**：去年现行有效 8，今年制发 3、废止 0，今年现行有效印 9 —— 提示。
//!
//! **依据**：表二的定义（推定）；修订、失效等情形会使等式不严格成立，所以只作提示。
//!
//! ## English
//!
//! **Checks**: when one body's reports of consecutive years both follow the 2021 format, on table 2's
//! 规章 and 行政规范性文件 rows: in force this year = in force last year + issued this year − repealed this year.
//!
//! **Why**: the in-force count is a running stock; a mismatch may be revisions or lapses not counted, or an
//! error — worth a look.
//!
//! **Example**: last year 8 in force, this year 3 issued, 0 repealed, 9 printed in force — info.
//!
//! **Basis**: the definition of table 2 [inferred]; revisions and expiry make it inexact, hence info.

use crate::registry::{Check, Run};
use crate::series::SeriesCtx;
use xxgk_model::{Active, Active2021Row, Group, Message, RowKind, Rule, Severity, Table};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "in-force-chain",
    severity: Severity::Info,
    also: &[],
    group: Group::Series,
    title: (
        "现行有效件数与上年存量及本年增减不符",
        "in force ≠ last year's + issued − repealed",
    ),
};

/// How it runs: on a body's reports for two consecutive years.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Series(run));

fn run(ctx: &mut SeriesCtx) {
    let (Some(Active::V2021(last)), Some(Active::V2021(this))) =
        (&ctx.previous.active, &ctx.current.active)
    else {
        return;
    };
    let last_year = ctx.previous.year.unwrap_or_default();
    for row in [
        Active2021Row::Regulations,
        Active2021Row::NormativeDocuments,
    ] {
        let (Some(before), Some(issued), Some(repealed), Some(now)) = (
            last.get(row, 2),
            this.get(row, 0),
            this.get(row, 1),
            this.get(row, 2),
        ) else {
            continue;
        };
        let Some(expected) = before
            .checked_add(issued)
            .and_then(|v| v.checked_sub(repealed))
        else {
            continue;
        };
        if expected == now {
            continue;
        }
        let label = row.def().label;
        let path = Table::<Active2021Row>::path(row, 2);
        let span = ctx.span_of(path);
        ctx.emit(
            Message::new(
                format!("表二「{label}」：现行有效 {now} 件，而 {last_year} 年现行有效 {before} + 本年制发 {issued} − 本年废止 {repealed} = {expected}"),
                format!("table 2, 「{label}」: {now} in force, but {last_year}'s {before} + issued {issued} − repealed {repealed} = {expected}"),
            ),
            span,
            &[path, Table::<Active2021Row>::path(row, 0), Table::<Active2021Row>::path(row, 1)],
        );
    }
}
