//! # requests-balance
//!
//! **检查**：表三每一列，「一、本年新收」加「二、上年结转」等于「（七）总计」加「四、结转下年度继续办理」。
//!
//! **原因**：这是表三表头印明的勾稽关系：「本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和」。
//! 不相等说明报告自相矛盾：有申请被漏计、重计，或结转数填错。
//!
//! **示例**：自然人列 一 10 + 二 0 = 10，而 （七） 11 + 四 0 = 11 —— 报错，指向这四个单元格。
//!
//! **依据**：国办公开办函〔2019〕60号、〔2021〕30号年度报告格式，表三表头。有空白单元格的列无法核对，
//! 每张表只以 `unchecked` 提示一次。
//!
//! ## English
//!
//! **Checks**: in every column of table 3, 一 received + 二 carried in = （七） total + 四 carried out.
//!
//! **Why**: table 3's header prints this identity ("the first item plus the second equals the third plus
//! the fourth"). When it fails the report contradicts itself: requests were lost, counted twice, or carried
//! over wrongly.
//!
//! **Example**: natural persons: 一 10 + 二 0 = 10 but （七） 11 + 四 0 = 11 — an error pointing at the four cells.
//!
//! **Basis**: the 2019 and 2021 official formats, table 3 header. Columns with blank cells cannot be checked;
//! that is said once per table by `unchecked`.

use crate::context::{cell, column_label, Ctx, REQUESTS};
use crate::registry::{Check, Run};
use xxgk_model::{Group, Message, RequestRow, Rule, Severity};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "requests-balance",
    severity: Severity::Error,
    also: &[],
    group: Group::Arithmetic,
    title: (
        "表三每列：新收 + 上年结转 = 总计 + 结转下年",
        "table 3, every column: received + carried in = total + carried out",
    ),
};

/// How it runs: on one report.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(run));

fn run(ctx: &mut Ctx) {
    let Some(table) = ctx.report.requests.as_ref() else {
        return;
    };
    let rows = [
        RequestRow::Received,
        RequestRow::CarriedIn,
        RequestRow::Total,
        RequestRow::CarriedOut,
    ];
    if !rows.iter().all(|&r| table.has_row(r)) {
        return; // missing-table says which rows are missing
    }
    for position in 0..7 {
        let [a, b, t, o] = rows.map(|r| cell(table, r, position));
        let (Some(av), Some(bv), Some(tv), Some(ov)) = (a.0, b.0, t.0, o.0) else {
            ctx.skipped(REQUESTS);
            continue;
        };
        let (Some(lhs), Some(rhs)) = (av.checked_add(bv), tv.checked_add(ov)) else {
            continue;
        };
        if lhs == rhs {
            continue;
        }
        let column = column_label(RequestRow::Received, position);
        ctx.emit(
            Message::new(
                format!("表三「{column}」列：一 {av} + 二 {bv} = {lhs}，不等于 （七） {tv} + 四 {ov} = {rhs}"),
                format!("table 3, column 「{column}」: 一 {av} + 二 {bv} = {lhs}, but （七） {tv} + 四 {ov} = {rhs}"),
            ),
            &[t.1, o.1, a.1, b.1],
        )
        .notes
        .push(Message::new(
            "表头印明：本列数据的勾稽关系为第一项加第二项之和，等于第三项加第四项之和",
            "the table header states: item 1 plus item 2 equals item 3 plus item 4, in every column",
        ));
    }
}
