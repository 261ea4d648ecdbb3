//! # narrative-appeals
//!
//! **检查**：正文关于行政复议、行政诉讼的数字和说法与表四是否一致：
//!
//! - 行政复议 N 件/起 —— 表四「行政复议」总计；
//! - 行政诉讼 N 件/起 —— 「未经复议直接起诉」总计 + 「复议后起诉」总计；
//! - 「均获维持」「全部维持」—— 所说的一类（复议、诉讼或两者）中不应有结果纠正、其他结果或尚未审结；
//! - 「零败诉」「未被纠错」—— 所说的一类中结果纠正应为 0；
//! - 「未发生行政复议、行政诉讼」「无行政复议」—— 所说的一类各单元格应为 0。
//!
//! 说的是哪一类，看句子本身提到「复议」还是「诉讼」，没有提到时看上一句；「败诉」单独出现指诉讼，
//! 「纠错」单独出现指全部案件。
//!
//! **原因**：复议、诉讼结果是评估机构重点关注的内容；正文称「均获维持」而表四有纠正或未审结案件，
//! 说明正文沿用了旧说法或表四填错。
//!
//! **示例**：上海市政府办公厅 2019 年报告称行政复议均获维持，而表四行政复议有 3 件尚未审结 —— 警告。
//! 正文「未发生因政府信息公开引起的行政复议」而表四行政复议总计 2 —— 警告。
//!
//! **不报**：说的是机关一部分的句子；「其中 2 件均获维持」这类只说部分案件的句子；「已审结的均获维持」
//! （未审结的不算矛盾）；「力争零败诉」「避免发生行政复议」这类目标；表四单元格空白时不核对。
//!
//! **依据**：推定（正文与统计表应一致）；第五十条要求报告被申请行政复议、提起行政诉讼的情况。
//!
//! ## English
//!
//! **Checks**: what the prose says about administrative review and litigation against table 4:
//!
//! - 行政复议 N 件/起 (review cases) — the review total;
//! - 行政诉讼 N 件/起 (lawsuits) — the totals of litigation without review + after review;
//! - 「均获维持」「全部维持」 (all upheld) — no corrected, other or pending case in the group it is about
//!   (review, litigation or both);
//! - 「零败诉」「未被纠错」 (none lost or corrected) — no corrected case in that group;
//! - 「未发生行政复议、行政诉讼」 (no case at all) — every cell of that group 0.
//!
//! Which group: the words of the sentence (复议 review, 诉讼 litigation), else the previous sentence;
//! 败诉 (lost a lawsuit) alone means litigation, 纠错 (corrected) alone means every case.
//!
//! **Why**: review and litigation outcomes are what evaluators look at first; 「all upheld」 next to a
//! corrected or pending case in table 4 means the text was copied from an older report or the table is
//! wrong.
//!
//! **Example**: the Shanghai government office's 2019 report says all review cases were upheld while
//! table 4 has 3 review cases pending — a warning. 「未发生…行政复议」 (no review case) with a review
//! total of 2 — a warning.
//!
//! **Not reported**: sentences about a part of the body; sentences about some cases only (「其中 2 件均获
//! 维持」); 「已审结的均获维持」 (concluded cases upheld: pending ones do not contradict it); goals
//! (「力争零败诉」); blank table cells.
//!
//! **Basis**: inferred (the prose and the tables must agree); 第五十条 asks for the review and
//! litigation cases.

use super::quote;
use crate::context::{cell, Ctx};
use crate::registry::{Check, Run};
use xxgk_model::{About, Appeals};
use xxgk_model::{
    AppealGroup, Claim, ClaimKind, Group, Message, Number, RowKind, Rule, Scope, Severity, Table,
};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "narrative-appeals",
    severity: Severity::Warning,
    also: &[],
    group: Group::Narrative,
    title: (
        "正文所述复议诉讼情况与表四不一致",
        "what the text says about review and litigation differs from table 4",
    ),
};

/// How it runs: on one report.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(run));

/// Table 4 columns.
const UPHELD: usize = 0;
const CORRECTED: usize = 1;
const OTHER: usize = 2;
const PENDING: usize = 3;
const TOTAL: usize = 4;

const LITIGATION: &[AppealGroup] = &[
    AppealGroup::LitigationDirect,
    AppealGroup::LitigationAfterReview,
];

fn run(ctx: &mut Ctx) {
    let report = ctx.report;
    let Some(table) = report.appeals.as_ref() else {
        return;
    };
    for claim in report.narrative.iter().filter(|c| c.scope == Scope::Whole) {
        match claim.kind {
            ClaimKind::ReviewTotal => count(
                ctx,
                table,
                claim,
                &[AppealGroup::Review],
                ("行政复议", "review"),
            ),
            ClaimKind::LitigationTotal => {
                count(ctx, table, claim, LITIGATION, ("行政诉讼", "litigation"))
            }
            ClaimKind::AllUpheld => contradicted(ctx, table, claim, &[CORRECTED, OTHER, PENDING]),
            ClaimKind::NoneCorrected => contradicted(ctx, table, claim, &[CORRECTED]),
            ClaimKind::NoAppeals => contradicted(
                ctx,
                table,
                claim,
                &[UPHELD, CORRECTED, OTHER, PENDING, TOTAL],
            ),
            _ => {}
        }
    }
}

/// What a yes/no claim says, in messages: (Chinese, English) for its kind and
/// the groups it is about.
fn said(claim: &Claim) -> (String, String) {
    let (zh, en) = match claim.about {
        Some(About::Appeals(Appeals::Review)) => ("行政复议", "review"),
        Some(About::Appeals(Appeals::Litigation)) => ("行政诉讼", "litigation"),
        _ => ("行政复议、行政诉讼", "review or litigation"),
    };
    match claim.kind {
        ClaimKind::AllUpheld => (
            format!("{zh}均获维持"),
            format!("every {en} case was upheld"),
        ),
        ClaimKind::NoneCorrected => (
            format!("{zh}无被纠错"),
            format!("no {en} case was corrected or lost"),
        ),
        _ => (format!("未发生{zh}"), format!("there was no {en} case")),
    }
}

/// The groups a yes/no claim is about (`None` when it does not say).
fn groups(claim: &Claim) -> Option<&'static [AppealGroup]> {
    match claim.about? {
        About::Appeals(Appeals::Review) => Some(&[AppealGroup::Review]),
        About::Appeals(Appeals::Litigation) => Some(LITIGATION),
        About::Appeals(Appeals::Both) => Some(AppealGroup::ALL),
        About::Appeals(Appeals::Unsaid) | About::Received(_) => None,
    }
}

/// A stated number of cases against the groups' totals.
fn count(
    ctx: &mut Ctx,
    table: &Table<AppealGroup>,
    claim: &Claim,
    groups: &[AppealGroup],
    name: (&str, &str),
) {
    let Some(value) = claim.value else {
        return;
    };
    let cells: Vec<_> = groups.iter().map(|&g| cell(table, g, TOTAL)).collect();
    let Some(sum) = cells
        .iter()
        .try_fold(Number::ZERO, |a, c| c.0.and_then(|v| a.checked_add(v)))
    else {
        return;
    };
    if sum == value {
        return;
    }
    let shown: Vec<String> = cells
        .iter()
        .map(|c| c.0.map_or(String::new(), |v| v.to_string()))
        .collect();
    let detail = if groups.len() > 1 {
        format!("（{}）", shown.join(" + "))
    } else {
        String::new()
    };
    let paths: Vec<&str> = cells.iter().map(|c| c.1).collect();
    ctx.emit_at(
        Message::new(
            format!(
                "正文称{} {value} 件，表四{}总计为 {sum}{detail}",
                name.0, name.0
            ),
            format!(
                "the text gives {value} {} cases, but table 4's total is {sum}{detail}",
                name.1
            ),
        ),
        Some(claim.span),
        &paths,
    )
    .notes
    .push(quote(claim));
}

/// A yes/no claim contradicted by any nonzero cell among `columns` of its groups.
fn contradicted(ctx: &mut Ctx, table: &Table<AppealGroup>, claim: &Claim, columns: &[usize]) {
    let Some(groups) = groups(claim) else {
        return;
    };
    let mut found: Vec<(AppealGroup, usize, Number)> = Vec::new();
    for &group in groups {
        for &column in columns {
            // The total is only looked at when the four outcomes say nothing.
            if column == TOTAL && found.iter().any(|f| f.0 == group) {
                continue;
            }
            if let Some(v) = table.get(group, column).filter(|v| *v > Number::ZERO) {
                found.push((group, column, v));
            }
        }
    }
    if found.is_empty() {
        return;
    }
    let label = |g: AppealGroup, c: usize| {
        let column = AppealGroup::column_defs()[g.columns()[c]].label;
        (g.def().label, column)
    };
    let zh: Vec<String> = found
        .iter()
        .map(|&(g, c, v)| {
            let (group, column) = label(g, c);
            format!("「{group}」{column} {v}")
        })
        .collect();
    let en: Vec<String> = found
        .iter()
        .map(|&(g, c, v)| {
            let (group, column) = label(g, c);
            format!("{group} {column} {v}")
        })
        .collect();
    let paths: Vec<&str> = found
        .iter()
        .map(|&(g, c, _)| Table::<AppealGroup>::path(g, c))
        .collect();
    let (said_zh, said_en) = said(claim);
    ctx.emit_at(
        Message::new(
            format!("正文称{said_zh}，表四{}", zh.join("、")),
            format!("the text says {said_en}, but table 4 has {}", en.join(", ")),
        ),
        Some(claim.span),
        &paths,
    )
    .notes
    .push(quote(claim));
}
