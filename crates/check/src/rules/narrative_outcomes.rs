//! # narrative-outcomes
//!
//! **检查**：正文所述办理结果件数与表三「总计」列是否一致：予以公开 N 件 ——「（一）予以公开」；
//! 部分公开 N 件 ——「（二）部分公开」；予以公开及部分公开 N 件 —— （一）+（二）；不予公开 N 件 ——
//! （三）的 8 行之和；无法提供 N 件 —— （四）的 3 行之和；不予处理 N 件 —— （五）的 5 行之和。
//! 件数后印有百分比（「占 50%」）时，再核对百分比与件数是否相符。
//!
//! **原因**：正文与表三说的是同一批申请的办理结果；数字不同，说明一处写错或沿用了旧数字。
//!
//! **示例**：上海市政府办公厅 2019 年报告正文称「予以公开及部分公开 258 件」，而表三（一）+（二）为 275 ——
//! 警告。正文「予以公开 10 件，占 40%」而表三（七）总计 20（应为 50%）—— 警告。
//!
//! **百分比的容差**：按印出的位数，百分比须在精确值截尾与进一的结果之间（四舍五入必在其中）：2/3 印作
//! 66%、67%、66.7% 都不报，印作 68% 或 66.5% 报；恰为 20% 的只能印 20%。分母取表三（七）总计、本年新收、
//! 或新收 + 上年结转，任一相符即不报 —— 报告很少写明分母。
//!
//! **不报**：说的是机关一部分的句子；约数；表三相关单元格空白（空白由 `unchecked` 提示）。
//!
//! **依据**：推定（正文与统计表应一致）。
//!
//! ## English
//!
//! **Checks**: outcome counts stated in the prose against the 总计 column of table 3: 予以公开 N 件
//! (granted) — row （一）; 部分公开 N 件 (partly granted) — row （二）; 予以公开及部分公开 N 件 — （一）+（二）;
//! 不予公开 N 件 (refused) — the 8 rows of （三）; 无法提供 N 件 (unavailable) — the 3 rows of （四）;
//! 不予处理 N 件 (not processed) — the 5 rows of （五）. When a share is printed with the count
//! (「占 50%」), it is checked against the count too.
//!
//! **Why**: the prose and table 3 describe the outcomes of the same requests; different numbers mean
//! one is wrong or copied from an older report.
//!
//! **Example**: the Shanghai government office's 2019 report says 「予以公开及部分公开 258 件」 while
//! table 3 gives （一）+（二） = 275 — a warning. 「予以公开 10 件，占 40%」 with a （七） total of 20 (50 %)
//! — a warning.
//!
//! **Tolerance for shares**: to the printed number of decimals, the share must lie between the exact
//! value cut down and rounded up (rounding always does): 2/3 printed 66 %, 67 % or 66.7 % passes, 68 %
//! or 66.5 % does not; exactly 20 % must be printed 20 %. The base may be the （七） total, the received
//! count, or received + carried in; any one that fits passes, as reports seldom say which they used.
//!
//! **Not reported**: sentences about a part of the body; approximate numbers; blank table cells
//! (`unchecked` says so).
//!
//! **Basis**: inferred (the prose and the tables must agree).

use super::quote;
use crate::context::{cell, Ctx};
use crate::registry::{Check, Run};
use xxgk_model::{
    Claim, ClaimKind, Group, Message, Number, RequestRow, RowKind as _, Rule, Scope, Severity,
};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "narrative-outcomes",
    severity: Severity::Warning,
    also: &[],
    group: Group::Narrative,
    title: (
        "正文所述办理结果与表三不一致",
        "an outcome count or share in the text differs from table 3",
    ),
};

/// How it runs: on one report.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(run));

/// The table-3 rows an outcome claim counts, and its name in messages.
fn rows(kind: ClaimKind) -> Option<(&'static [RequestRow], &'static str, &'static str)> {
    use RequestRow::*;
    Some(match kind {
        ClaimKind::Granted => (&[Granted], "予以公开", "granted"),
        ClaimKind::PartiallyGranted => (&[PartiallyGranted], "部分公开", "partly granted"),
        ClaimKind::GrantedOrPartially => (
            &[Granted, PartiallyGranted],
            "予以公开及部分公开",
            "granted in full or in part",
        ),
        ClaimKind::Denied => (
            &[
                DeniedStateSecret,
                DeniedLaw,
                DeniedSafety,
                DeniedThirdParty,
                DeniedInternal,
                DeniedProcess,
                DeniedEnforcement,
                DeniedQuery,
            ],
            "不予公开",
            "refused",
        ),
        ClaimKind::Unavailable => (
            &[
                UnavailableNotHeld,
                UnavailableNeedsCreation,
                UnavailableUnclear,
            ],
            "无法提供",
            "unavailable",
        ),
        ClaimKind::Rejected => (
            &[
                RejectedPetition,
                RejectedDuplicate,
                RejectedPublication,
                RejectedExcessive,
                RejectedConfirmation,
            ],
            "不予处理",
            "not processed",
        ),
        _ => return None,
    })
}

fn run(ctx: &mut Ctx) {
    let report = ctx.report;
    let Some(table) = report.requests.as_ref() else {
        return;
    };
    for claim in report.narrative.iter().filter(|c| c.scope == Scope::Whole) {
        let (Some((rows, zh, en)), Some(value)) = (rows(claim.kind), claim.value) else {
            continue;
        };
        let cells: Vec<_> = rows.iter().map(|&r| cell(table, r, 6)).collect();
        let paths: Vec<&str> = cells.iter().map(|c| c.1).collect();
        let sum = cells
            .iter()
            .try_fold(Number::ZERO, |a, c| c.0.and_then(|v| a.checked_add(v)));
        if let Some(sum) = sum.filter(|&s| s != value) {
            let row = if rows.len() == 1 {
                format!("「{}」总计", rows[0].def().label)
            } else {
                format!("{zh}各行总计之和")
            };
            ctx.emit_at(
                Message::new(
                    format!("正文称{zh} {value} 件，表三{row}为 {sum}"),
                    format!("the text says {value} requests were {en}, but table 3 gives {sum}"),
                ),
                Some(claim.span),
                &paths,
            )
            .notes
            .push(quote(claim));
        }
        if let Some(percent) = claim.percent {
            share(ctx, claim, value, percent, (zh, en));
        }
    }
}

/// Checks `占 X%` against the count and the possible bases.
fn share(ctx: &mut Ctx, claim: &Claim, value: Number, percent: Number, name: (&str, &str)) {
    let Some(table) = ctx.report.requests.as_ref() else {
        return;
    };
    let total = cell(table, RequestRow::Total, 6);
    let received = cell(table, RequestRow::Received, 6).0;
    let carried = cell(table, RequestRow::CarriedIn, 6).0;
    let bases: Vec<f64> = [
        total.0,
        received,
        received.zip(carried).and_then(|(r, c)| r.checked_add(c)),
    ]
    .into_iter()
    .flatten()
    .map(Number::to_f64)
    .filter(|b| *b > 0.0)
    .collect();
    let printed = percent.to_f64();
    if bases.is_empty() || !(0.0..=100.0).contains(&printed) {
        return;
    }
    let places = decimals(percent);
    let share_of = |base: f64| value.to_f64() / base * 100.0;
    if bases
        .iter()
        .any(|&b| printed_fits(share_of(b), printed, places))
    {
        return;
    }
    let Some(base) = total.0 else {
        return; // the message names the （七） total; without it, say nothing
    };
    let computed = share_of(base.to_f64());
    ctx.emit_at(
        Message::new(
            format!(
                "正文称{} {value} 件占 {percent}%，按表三（七）总计 {base} 计算应为 {computed:.1}%",
                name.0
            ),
            format!(
                "the text says {value} {} requests are {percent}%, but against table 3's total of {base} they are {computed:.1}%",
                name.1
            ),
        ),
        Some(claim.span),
        &[total.1],
    )
    .notes
    .push(quote(claim));
}

/// True when `printed` (with `places` decimals) lies between `exact` cut down and
/// rounded up to that many decimals: rounding, truncation and rounding up all
/// give such a value, and nothing else does (2/3: 66, 67, 66.6, 66.7 fit; 68 and
/// 66.5 do not; 20 exactly: only 20).
fn printed_fits(exact: f64, printed: f64, places: usize) -> bool {
    let scale = 10f64.powi(places as i32);
    // Six decimals are far beyond any printed share and absorb float noise.
    let scaled = (exact * scale * 1e6).round() / 1e6;
    let printed = printed * scale;
    printed >= scaled.floor() - 1e-6 && printed <= scaled.ceil() + 1e-6
}

/// Digits after the decimal point as printed (12.5 → 1).
fn decimals(n: Number) -> usize {
    n.to_string().split_once('.').map_or(0, |(_, f)| f.len())
}
