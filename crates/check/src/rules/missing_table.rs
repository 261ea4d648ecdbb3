//! # missing-table
//!
//! **检查**：报告有表二、表三、表四三张统计表，且每张表有其格式规定的全部行。
//!
//! **原因**：三张表是年度报告格式规定的必备内容；缺表或缺行，读者无法知道相应数据。
//!
//! **示例**：表三缺少「二、上年结转政府信息公开申请数量」一行 —— 报错，列出缺少的行。
//!
//! **依据**：《条例》第五十条；国办公开办函〔2019〕60号、〔2021〕30号。2021 年格式中（六）只印一行的情况
//! 由 `template-mixed` 指出，不在此重复。
//!
//! ## English
//!
//! **Checks**: the report has tables 2, 3 and 4, each with every row its format prescribes.
//!
//! **Why**: the three tables are required content; a missing table or row leaves its figures unknown.
//!
//! **Example**: table 3 without 二、上年结转 — an error listing the missing rows.
//!
//! **Basis**: Article 50 of the Regulations; the 2019 and 2021 formats. A single （六） row in a 2021 report
//! is reported by `template-mixed`, not here.

use crate::context::Ctx;
use crate::registry::{Check, Run};
use xxgk_model::{Active, Group, Message, RequestRow, RowKind, Rule, Severity, Table};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "missing-table",
    severity: Severity::Error,
    also: &[],
    group: Group::Format,
    title: (
        "缺少统计表或表中的行",
        "a table, or rows of it, are missing",
    ),
};

/// How it runs: on one report.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(run));

fn run(ctx: &mut Ctx) {
    let report = ctx.report;
    if report.has_no_tables() {
        return; // no-tables says it once
    }
    let tables: [(bool, &str, &str); 3] = [
        (
            report.active.is_some(),
            "表二「主动公开政府信息情况」",
            "table 2 (proactive disclosure)",
        ),
        (
            report.requests.is_some(),
            "表三「收到和处理政府信息公开申请情况」",
            "table 3 (requests received and handled)",
        ),
        (
            report.appeals.is_some(),
            "表四「政府信息公开行政复议、行政诉讼情况」",
            "table 4 (review and litigation)",
        ),
    ];
    for (present, zh, en) in tables {
        if !present {
            ctx.emit_at(
                Message::new(format!("缺少{zh}"), format!("{en} is missing")),
                None,
                &[],
            );
        }
    }
    match &report.active {
        Some(Active::V2019(t)) => missing_rows(ctx, t, |_| true),
        Some(Active::V2021(t)) => missing_rows(ctx, t, |_| true),
        None => {}
    }
    if let Some(t) = &report.requests {
        // （六） is one row or three: whichever the table prints, the other is not missing.
        let split = [
            RequestRow::OtherNoCorrection,
            RequestRow::OtherUnpaidFee,
            RequestRow::OtherMisc,
        ];
        let prints_split = split.iter().any(|&r| t.has_row(r));
        let prints_single = t.has_row(RequestRow::Other);
        let expected = |r: RequestRow| match r {
            RequestRow::Other => !prints_split,
            r if split.contains(&r) => {
                !prints_single
                    && (prints_split || report.template == Some(xxgk_model::Template::V2021))
            }
            _ => true,
        };
        missing_rows(ctx, t, expected);
    }
    if let Some(t) = &report.appeals {
        missing_rows(ctx, t, |_| true);
    }
}

fn missing_rows<R: RowKind>(ctx: &mut Ctx, table: &Table<R>, expected: impl Fn(R) -> bool) {
    let missing: Vec<R> = R::ALL
        .iter()
        .copied()
        .filter(|&r| expected(r) && !table.has_row(r))
        .collect();
    if missing.is_empty() {
        return;
    }
    let labels: Vec<&str> = missing.iter().map(|r| r.def().label).collect();
    let keys: Vec<&str> = missing.iter().map(|r| r.key()).collect();
    let name = (
        R::TABLE.short_name(xxgk_model::Lang::Zh),
        R::TABLE.short_name(xxgk_model::Lang::En),
    );
    ctx.emit_at(
        Message::new(
            format!("{}缺少 {} 行：{}", name.0, missing.len(), labels.join("、")),
            format!(
                "{} lacks {} row(s): {}",
                name.1,
                missing.len(),
                keys.join(", ")
            ),
        ),
        None,
        &[],
    );
}
