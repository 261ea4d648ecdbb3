//! # narrative-requests
//!
//! **检查**：正文（通常在「一、总体情况」或「三、收到和处理政府信息公开申请情况」）所述依申请公开的件数，
//! 与表三「总计」列是否一致：
//!
//! - 收到/受理/接收 … 申请 N 件 —— 「一、本年新收政府信息公开申请数量」；
//! - 办结/答复/办理完毕 N 件 —— 「（七）总计」；
//! - 上年结转 N 件 —— 「二、上年结转政府信息公开申请数量」；
//! - 结转下年度/顺延 N 件 —— 「四、结转下年度继续办理」。
//!
//! 「未收到依申请公开」按收到 0 件核对。
//!
//! **原因**：正文与表三说的是同一批申请，数字不同说明其中一处写错（常见于沿用上年文字、或把其他来源的
//! 件数写进正文）。
//!
//! **示例**：正文「年内共收到政府信息依申请公开 64 件」，而表三本年新收总计为 0 —— 警告，指向正文的 64，
//! 并列出表三单元格。
//!
//! **不报**：句子说的是机关的一部分（「区政府办代表区政府受理 17 件」、「邮寄申请 3 个」）时，不与表三比较；
//! 正文收到数等于新收、或等于新收 + 上年结转时都不报 —— 「受理」常被用来指全年办理的申请（含上年结转），
//! 正文写明「含上年结转」时同样两者皆可；约数（「3000 余件」）不读取；表三单元格空白时不核对
//! （空白由 `unchecked` 提示）。
//!
//! **依据**：推定（正文与统计表应一致）；国办公开办函〔2021〕30号要求总体情况概述依申请公开情况。
//!
//! ## English
//!
//! **Checks**: request counts stated in the prose (usually in 一 overview or 三 requests) against the
//! 总计 column of table 3:
//!
//! - 收到/受理/接收 … 申请 N 件 (received) — row 一, received this year;
//! - 办结/答复/办理完毕 N 件 (answered) — row （七） total;
//! - 上年结转 N 件 (carried in) — row 二;
//! - 结转下年度/顺延 N 件 (carried over) — row 四.
//!
//! 「未收到依申请公开」 ("no request received") is checked as received 0.
//!
//! **Why**: the prose and table 3 describe the same requests; different numbers mean one of them is
//! wrong (often text copied from last year's report, or a count from another register).
//!
//! **Example**: the text says 「年内共收到政府信息依申请公开 64 件」 (64 requests received) while table 3
//! gives 0 received — a warning pointing at the 64, listing the table cell.
//!
//! **Not reported**: sentences about a part of the body (「区政府办代表区政府受理 17 件」, the district
//! office's own 17; 「邮寄申请 3 个」, requests by post) are not compared with table 3. A received count
//! equal to 新收 or to 新收 + 上年结转 passes either way — 受理 is commonly used for all requests handled
//! in the year, carry-over included — and so does one that says 「含上年结转」. Approximate numbers
//! (3000 余件) are not read. Blank table cells are not checked (`unchecked` says so).
//!
//! **Basis**: inferred (the prose and the tables must agree); 国办公开办函〔2021〕30号 asks the overview to
//! cover requests.

use super::quote;
use crate::context::{cell, Ctx};
use crate::registry::{Check, Run};
use xxgk_model::{About, ReceivedIncludes};
use xxgk_model::{Claim, ClaimKind, Group, Message, Number, RequestRow, Rule, Scope, Severity};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "narrative-requests",
    severity: Severity::Warning,
    also: &[],
    group: Group::Narrative,
    title: (
        "正文所述申请件数与表三不一致",
        "a request count in the text differs from table 3",
    ),
};

/// How it runs: on one report.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(run));

fn run(ctx: &mut Ctx) {
    let report = ctx.report;
    let Some(table) = report.requests.as_ref() else {
        return;
    };
    let total = |row| cell(table, row, 6);
    for claim in report.narrative.iter().filter(|c| c.scope == Scope::Whole) {
        let Some(value) = claim.value else {
            continue;
        };
        match claim.kind {
            ClaimKind::RequestsReceived => received(
                ctx,
                claim,
                value,
                total(RequestRow::Received),
                total(RequestRow::CarriedIn),
            ),
            ClaimKind::RequestsConcluded => compare(
                ctx,
                claim,
                value,
                total(RequestRow::Total),
                ("答复（办结）申请", "answered (concluded)"),
                ("「（七）总计」", "（七） total"),
            ),
            ClaimKind::RequestsCarriedIn => compare(
                ctx,
                claim,
                value,
                total(RequestRow::CarriedIn),
                ("上年结转申请", "carried in from last year"),
                ("「二、上年结转」总计", "row 二 (carried in) total"),
            ),
            ClaimKind::RequestsCarriedOut => compare(
                ctx,
                claim,
                value,
                total(RequestRow::CarriedOut),
                ("结转下年度（顺延）申请", "carried over to next year"),
                (
                    "「四、结转下年度继续办理」总计",
                    "row 四 (carried over) total",
                ),
            ),
            _ => {}
        }
    }
}

type Cell = (Option<Number>, &'static str);

/// A received count: it passes when it equals 新收, or 新收 + 上年结转.
fn received(ctx: &mut Ctx, claim: &Claim, value: Number, new: Cell, carried: Cell) {
    let Some(new_value) = new.0 else {
        return;
    };
    let with_carried = carried.0.and_then(|c| new_value.checked_add(c));
    if value == new_value || with_carried == Some(value) {
        return;
    }
    let including = claim.about == Some(About::Received(ReceivedIncludes::CarriedIn));
    let message = match (including, carried.0, with_carried) {
        (true, Some(c), Some(sum)) => Message::new(
            format!("正文称收到申请 {value} 件（含上年结转），表三本年新收 {new_value} + 上年结转 {c} = {sum}"),
            format!("the text says {value} requests were received (carry-over included), but table 3 gives {new_value} received + {c} carried in = {sum}"),
        ),
        (true, _, _) => return, // 上年结转 blank: nothing to compare with
        _ => Message::new(
            format!("正文称收到申请 {value} 件，表三本年新收总计为 {new_value}"),
            format!("the text says {value} requests were received, but table 3 gives {new_value} received this year"),
        ),
    };
    // 上年结转 is named only when it entered the comparison with a value.
    let cells: Vec<&str> = if carried.0.is_some_and(|c| c != Number::ZERO) {
        vec![new.1, carried.1]
    } else {
        vec![new.1]
    };
    let finding = ctx.emit_at(message, Some(claim.span), &cells);
    if let (false, Some(c), Some(sum)) = (including, carried.0, with_carried) {
        if c != Number::ZERO {
            finding.notes.push(Message::new(
                format!("新收与上年结转合计 {sum}，也与正文不符"),
                format!("received plus carried in is {sum}, which does not match either"),
            ));
        }
    }
    finding.notes.push(quote(claim));
}

/// A count against one total cell.
fn compare(
    ctx: &mut Ctx,
    claim: &Claim,
    value: Number,
    total: Cell,
    what: (&str, &str),
    row: (&str, &str),
) {
    let Some(expected) = total.0 else {
        return;
    };
    if value == expected {
        return;
    }
    let message = Message::new(
        format!("正文称{} {value} 件，表三{}为 {expected}", what.0, row.0),
        format!(
            "the text says {value} requests were {}, but in table 3 the {} is {expected}",
            what.1, row.1
        ),
    );
    ctx.emit_at(message, Some(claim.span), &[total.1])
        .notes
        .push(quote(claim));
}
