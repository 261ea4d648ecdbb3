//! # appeals-total
//!
//! **检查**：表四的行政复议、未经复议直接起诉、复议后起诉三组，各自「总计」等于
//! 结果维持 + 结果纠正 + 其他结果 + 尚未审结。
//!
//! **原因**：每件案件只有一种状态；总计是四种状态之和。
//!
//! **示例**：行政复议 维持 10、纠正 1、其他 0、尚未审结 0，总计印 0 —— 报错。
//!
//! **依据**：表四的列结构（推定）。有空白单元格的组无法核对，以 `unchecked` 提示一次。
//!
//! ## English
//!
//! **Checks**: for each of table 4's three groups (review, litigation without review, litigation after
//! review), 总计 = upheld + corrected + other + pending.
//!
//! **Why**: every case is in exactly one state; the total adds them up.
//!
//! **Example**: review: upheld 10, corrected 1, other 0, pending 0, total printed 0 — an error.
//!
//! **Basis**: the column structure of table 4 [inferred]. Groups with blank cells cannot be checked; said
//! once by `unchecked`.

use crate::context::{cell, Ctx, APPEALS};
use crate::registry::{Check, Run};
use xxgk_model::{Group, Message, Number, RowKind, Rule, Severity};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "appeals-total",
    severity: Severity::Error,
    also: &[],
    group: Group::Arithmetic,
    title: (
        "表四每组：总计 = 维持 + 纠正 + 其他 + 尚未审结",
        "table 4, each group: total = upheld + corrected + other + pending",
    ),
};

/// How it runs: on one report.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(run));

fn run(ctx: &mut Ctx) {
    let Some(table) = ctx.report.appeals.as_ref() else {
        return;
    };
    for (group, _) in table.rows() {
        let cells: Vec<_> = (0..5).map(|p| cell(table, group, p)).collect();
        let Some(values) = cells.iter().map(|c| c.0).collect::<Option<Vec<Number>>>() else {
            ctx.skipped(APPEALS);
            continue;
        };
        let Some(sum) = values[..4]
            .iter()
            .try_fold(Number::ZERO, |a, &v| a.checked_add(v))
        else {
            continue;
        };
        if sum == values[4] {
            continue;
        }
        let label = group.def().label;
        let total = values[4];
        let (u, c, o, p) = (values[0], values[1], values[2], values[3]);
        let mut paths = vec![cells[4].1];
        paths.extend(cells[..4].iter().map(|c| c.1));
        ctx.emit(
            Message::new(
                format!("表四「{label}」：总计 {total} 不等于 维持 {u} + 纠正 {c} + 其他 {o} + 尚未审结 {p} = {sum}"),
                format!("table 4, 「{label}」: total {total} but upheld {u} + corrected {c} + other {o} + pending {p} = {sum}"),
            ),
            &paths,
        );
    }
}
