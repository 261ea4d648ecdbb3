//! # template-mixed
//!
//! **检查**：表二与表三采用同一种格式：2021 年格式的表二配 2021 年格式的表三（（六）其他处理分三项），
//! 2019 年格式的表二配单行的（六）其他处理。
//!
//! **原因**：两种格式混用说明套用了过时的模板，（六）的分项统计缺失或口径不一致。
//!
//! **示例**：淮安市洪泽区 2024 年度报告表二为 2021 年格式，表三却只印一行「（六）其他处理」—— 警告。
//!
//! **依据**：国办公开办函〔2021〕30号 表三。
//!
//! ## English
//!
//! **Checks**: tables 2 and 3 follow the same format: a 2021-format table 2 with table 3's （六） in three
//! sub-rows, a 2019-format table 2 with a single （六） row.
//!
//! **Why**: mixing formats means an outdated template was used in part; the （六） breakdown is missing or
//! counted differently.
//!
//! **Example**: 淮安市洪泽区's 2024 report has a 2021-format table 2 but a single （六）其他处理 row — a warning.
//!
//! **Basis**: 国办公开办函〔2021〕30号, table 3.

use crate::context::Ctx;
use crate::registry::{Check, Run};
use xxgk_model::{Group, Message, RequestRow, Rule, Severity, Table, Template};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "template-mixed",
    severity: Severity::Warning,
    also: &[],
    group: Group::Format,
    title: (
        "表二与表三的格式不一致",
        "tables 2 and 3 follow different formats",
    ),
};

/// How it runs: on one report.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(run));

fn run(ctx: &mut Ctx) {
    let (Some(active), Some(requests)) = (&ctx.report.active, &ctx.report.requests) else {
        return;
    };
    let single = requests.has_row(RequestRow::Other);
    let split = [
        RequestRow::OtherNoCorrection,
        RequestRow::OtherUnpaidFee,
        RequestRow::OtherMisc,
    ]
    .iter()
    .any(|&r| requests.has_row(r));
    let (row, zh, en) = match active.template() {
        Template::V2021 if single => (
            RequestRow::Other,
            "表二为 2021 年格式，表三却只有一行「（六）其他处理」，缺少 2021 年格式的三个分项",
            "table 2 follows the 2021 format but table 3 prints a single （六） row instead of the 2021 format's three",
        ),
        Template::V2019 if split => (
            RequestRow::OtherNoCorrection,
            "表二为 2019 年格式，表三的「（六）其他处理」却分为 2021 年格式的三项",
            "table 2 follows the 2019 format but table 3 splits （六） into the 2021 format's three rows",
        ),
        _ => return,
    };
    let path = Table::<RequestRow>::path(row, 6);
    ctx.emit(Message::new(zh, en), &[path]);
}
