//! # requests-row-total
//!
//! **检查**：表三每一行，「总计」等于自然人与五类法人或其他组织（商业企业、科研机构、社会公益组织、
//! 法律服务机构、其他）六列之和。
//!
//! **原因**：总计列是本行各申请人类别的合计；不等说明某一列或总计填错。
//!
//! **示例**：（一）予以公开 自然人 7、其他各列 0、总计 8 —— 报错。
//!
//! **依据**：表三的列结构（推定）。有空白单元格的行无法核对，每张表只以 `unchecked` 提示一次。
//!
//! ## English
//!
//! **Checks**: in every row of table 3, 总计 equals the sum of the six applicant columns (natural persons
//! and the five kinds of legal persons and other organisations).
//!
//! **Why**: the total column adds up the row; a difference means a column or the total is wrong.
//!
//! **Example**: （一） granted: natural persons 7, others 0, total 8 — an error.
//!
//! **Basis**: the column structure of table 3 [inferred]. Rows with blank cells cannot be checked; said
//! once per table by `unchecked`.

use crate::context::{cell, Ctx, REQUESTS};
use crate::registry::{Check, Run};
use xxgk_model::{Group, Message, Number, RowKind, Rule, Severity};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "requests-row-total",
    severity: Severity::Error,
    also: &[],
    group: Group::Arithmetic,
    title: (
        "表三每行：总计 = 六类申请人之和",
        "table 3, every row: total = the six applicant columns",
    ),
};

/// How it runs: on one report.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(run));

fn run(ctx: &mut Ctx) {
    let Some(table) = ctx.report.requests.as_ref() else {
        return;
    };
    for (row, _) in table.rows() {
        let cells: Vec<_> = (0..7).map(|p| cell(table, row, p)).collect();
        let values: Option<Vec<Number>> = cells.iter().map(|c| c.0).collect();
        let Some(values) = values else {
            ctx.skipped(REQUESTS);
            continue;
        };
        let Some(sum) = values[..6]
            .iter()
            .try_fold(Number::ZERO, |a, &v| a.checked_add(v))
        else {
            continue;
        };
        if sum == values[6] {
            continue;
        }
        let label = row.def().label;
        let parts = values[..6]
            .iter()
            .map(Number::to_string)
            .collect::<Vec<_>>()
            .join(" + ");
        let total = values[6];
        let mut paths = vec![cells[6].1];
        paths.extend(cells[..6].iter().map(|c| c.1));
        ctx.emit(
            Message::new(
                format!("表三「{label}」行：总计 {total} 不等于各类申请人之和 {sum}"),
                format!("table 3, row 「{label}」: total {total} differs from the applicant columns' sum {sum}"),
            ),
            &paths,
        )
        .notes
        .push(Message::new(format!("{parts} = {sum} ≠ {total}"), format!("{parts} = {sum} ≠ {total}")));
    }
}
