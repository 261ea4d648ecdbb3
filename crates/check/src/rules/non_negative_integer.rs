//! # non-negative-integer
//!
//! **检查**：计数单元格（件数、项目数、决定数、申请数、案件数）是不小于 0 的整数；金额不为负。
//! 「本年增/减」可以为负，不在此列。
//!
//! **原因**：件数不可能是负数或小数；这类值几乎总是录入或排版错误（如把「减4」写进了别的列）。
//!
//! **示例**：「行政许可 处理决定数量 -3」或「予以公开 2.5」—— 报错。
//!
//! **依据**：各表的计量单位（推定）。
//!
//! ## English
//!
//! **Checks**: count cells (documents, items, decisions, requests, cases) are whole numbers ≥ 0; money is
//! not negative. 本年增/减 (the yearly change) may be negative and is exempt.
//!
//! **Why**: a count cannot be negative or fractional; such a value is almost always a typing or layout
//! error (a 减4 that landed in the wrong column, say).
//!
//! **Example**: 行政许可 decisions -3, or granted 2.5 — an error.
//!
//! **Basis**: the units of the tables [inferred].

use crate::context::Ctx;
use crate::registry::{Check, Run};
use xxgk_model::labels::ValueKind;
use xxgk_model::{Active, Group, Message, RowKind, Rule, Severity, Table};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "non-negative-integer",
    severity: Severity::Error,
    also: &[],
    group: Group::Format,
    title: (
        "计数为非负整数，金额不为负",
        "counts are whole numbers ≥ 0, money is not negative",
    ),
};

/// How it runs: on one report.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(run));

fn run(ctx: &mut Ctx) {
    let report = ctx.report;
    match &report.active {
        Some(Active::V2019(t)) => check_table(ctx, t),
        Some(Active::V2021(t)) => check_table(ctx, t),
        None => {}
    }
    if let Some(t) = &report.requests {
        check_table(ctx, t);
    }
    if let Some(t) = &report.appeals {
        check_table(ctx, t);
    }
}

fn check_table<R: RowKind>(ctx: &mut Ctx, table: &Table<R>) {
    for (row, cells) in table.rows() {
        for (position, value) in cells.iter().enumerate() {
            let Some(value) = value else { continue };
            let kind = R::column_defs()[row.columns()[position]].kind;
            let bad = match kind {
                ValueKind::Count => value.is_negative() || !value.is_integer(),
                ValueKind::MoneyWan => value.is_negative(),
                ValueKind::Change => false,
            };
            if !bad {
                continue;
            }
            let path = Table::<R>::path(row, position);
            let column = R::column_defs()[row.columns()[position]].label;
            let label = row.def().label;
            let what = if kind == ValueKind::MoneyWan {
                ("金额不能为负", "an amount cannot be negative")
            } else {
                ("件数应为非负整数", "a count must be a whole number ≥ 0")
            };
            ctx.emit(
                Message::new(
                    format!("「{label}」的「{column}」为 {value}：{}", what.0),
                    format!("「{label}」, 「{column}」 is {value}: {}", what.1),
                ),
                &[path],
            );
        }
    }
}
