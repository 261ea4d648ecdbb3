//! # requests-outcome-total
//!
//! **检查**：表三每一列，「（七）总计」等于办理结果（一）至（六）各行之和。
//!
//! **原因**：表三说明「区分处理的，只计这一情形，不计其他情形」：每件申请只计入一种结果，
//! 所以各结果行相加就是办结总数。不等说明有结果漏填或重计。
//!
//! **示例**：予以公开 2 + 部分公开 3 + 本机关不掌握 5 = 10，而（七）总计印 11 —— 报错。
//!
//! **依据**：表三（二）部分公开的注释（推定）。有空白单元格的列无法核对，每张表只以 `unchecked` 提示一次。
//!
//! ## English
//!
//! **Checks**: in every column of table 3, （七） total equals the sum of the outcome rows （一）…（六）.
//!
//! **Why**: table 3 says a request handled in parts counts under one outcome only, so the outcome rows add
//! up to the number concluded. A difference means an outcome is missing or counted twice.
//!
//! **Example**: granted 2 + partly granted 3 + not held 5 = 10, but （七） prints 11 — an error.
//!
//! **Basis**: the note on （二） in table 3 [inferred]. Columns with blank cells cannot be checked; said once
//! per table by `unchecked`.

use crate::context::{cell, column_label, Ctx, REQUESTS};
use crate::registry::{Check, Run};
use xxgk_model::{Group, Message, Number, RequestRow, Rule, Severity};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "requests-outcome-total",
    severity: Severity::Error,
    also: &[],
    group: Group::Arithmetic,
    title: (
        "表三每列：（七）总计 = 各办理结果之和",
        "table 3, every column: （七） total = the outcome rows",
    ),
};

/// How it runs: on one report.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(run));

fn run(ctx: &mut Ctx) {
    let Some(table) = ctx.report.requests.as_ref() else {
        return;
    };
    if !table.has_row(RequestRow::Total) {
        return;
    }
    let outcomes: Vec<RequestRow> = RequestRow::OUTCOMES
        .iter()
        .copied()
        .filter(|&r| table.has_row(r))
        .collect();
    if outcomes.is_empty() {
        return;
    }
    for position in 0..7 {
        let total = cell(table, RequestRow::Total, position);
        let parts: Vec<_> = outcomes.iter().map(|&r| cell(table, r, position)).collect();
        let values: Option<Vec<Number>> = parts.iter().map(|c| c.0).collect();
        let (Some(total_value), Some(values)) = (total.0, values) else {
            ctx.skipped(REQUESTS);
            continue;
        };
        let Some(sum) = values
            .iter()
            .try_fold(Number::ZERO, |a, &v| a.checked_add(v))
        else {
            continue;
        };
        if sum == total_value {
            continue;
        }
        let column = column_label(RequestRow::Total, position);
        let nonzero: Vec<String> = outcomes
            .iter()
            .zip(&values)
            .filter(|(_, v)| **v != Number::ZERO)
            .map(|(r, v)| format!("{} {v}", short_label(*r)))
            .collect();
        let shown = if nonzero.is_empty() {
            "0".to_string()
        } else {
            nonzero.join(" + ")
        };
        let mut paths = vec![total.1];
        paths.extend(parts.iter().map(|c| c.1));
        ctx.emit(
            Message::new(
                format!("表三「{column}」列：（七）总计 {total_value} 不等于各办理结果之和 {sum}"),
                format!("table 3, column 「{column}」: （七） total {total_value} differs from the sum of the outcomes, {sum}"),
            ),
            &paths,
        )
        .notes
        .push(Message::new(format!("{shown} = {sum} ≠ {total_value}"), format!("{shown} = {sum} ≠ {total_value}")));
    }
}

/// A short name for an outcome row in a computation note: the item without its
/// numbering and explanation (（二）部分公开（区分处理的…） → 部分公开).
fn short_label(row: RequestRow) -> String {
    use xxgk_model::RowKind;
    let label = row.def().label;
    let item = label.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let item = match item.strip_prefix('（').and_then(|r| r.split_once('）')) {
        Some((_, rest)) => rest,
        None => item,
    };
    item.split('（').next().unwrap_or(item).to_string()
}
