//! # template-year
//!
//! **检查**：表格采用的格式与报告年度相符：2019、2020 年度用 2019 年格式（国办公开办函〔2019〕60号），
//! 2021 年度起用 2021 年格式（国办公开办函〔2021〕30号）。格式由表格本身判断，不由年份推定。
//!
//! **原因**：用旧格式填报，表二的统计口径（新制作/新公开 与 制发/废止/现行有效）和表三（六）的分项都不同，
//! 数据不可比。
//!
//! **示例**：2022 年度报告的表二仍有「本年新制作数量」「政府集中采购」—— 警告。
//!
//! **依据**：国办公开办函〔2021〕30号。
//!
//! ## English
//!
//! **Checks**: the tables' format fits the report year: 2019 format (国办公开办函〔2019〕60号) for 2019
//! and 2020, 2021 format (〔2021〕30号) from 2021. The format is read from the tables, not the year.
//!
//! **Why**: on the old format, table 2 counts different things and table 3's （六） has no breakdown, so the
//! figures do not compare.
//!
//! **Example**: a 2022 report whose table 2 still has 本年新制作数量 and 政府集中采购 — a warning.
//!
//! **Basis**: 国办公开办函〔2021〕30号.

use crate::context::Ctx;
use crate::registry::{Check, Run};
use xxgk_model::{Group, Message, Rule, Severity, Template};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "template-year",
    severity: Severity::Warning,
    also: &[],
    group: Group::Format,
    title: (
        "表格格式与报告年度不符",
        "the tables' format does not fit the report year",
    ),
};

/// How it runs: on one report.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(run));

fn run(ctx: &mut Ctx) {
    let (Some(template), Some(year)) = (ctx.report.template, ctx.report.year) else {
        return;
    };
    let expected = Template::for_year(year);
    if template == expected {
        return;
    }
    let span = ctx.report.metadata_spans.get("year").copied();
    ctx.emit_at(
        Message::new(
            format!(
                "{year} 年度报告的表格采用 {} 年格式，应采用 {} 年格式",
                template.as_str(),
                expected.as_str()
            ),
            format!(
                "the {year} report's tables follow the {} format; the {} format applies",
                template.as_str(),
                expected.as_str()
            ),
        ),
        span,
        &[],
    );
}
