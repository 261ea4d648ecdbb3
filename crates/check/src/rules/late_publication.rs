//! # late-publication
//!
//! **检查**：报告落款日期不晚于法定期限：县级以上人民政府部门在次年 1 月 31 日前公布本部门报告，
//! 县级以上人民政府在次年 3 月 31 日前公布本级政府报告。乡镇、街道的期限由地方规定，不检查。
//!
//! **原因**：逾期公布是评估扣分项，也违反《条例》第四十九条。
//!
//! **示例**：某区教育局 2023 年度报告落款 2024 年 2 月 20 日 —— 警告。
//!
//! **依据**：《条例》第四十九条。机关层级由名称判断，判断不了时不检查。
//!
//! ## English
//!
//! **Checks**: the printed date is within the legal deadline: departments of governments at county level
//! and above publish by 31 January of the next year; those governments' own reports by 31 March.
//! Townships' deadlines are set locally and are not checked.
//!
//! **Why**: late publication breaks Article 49 of the Regulations and is penalised by evaluators.
//!
//! **Example**: a district education bureau's 2023 report dated 2024-02-20 — a warning.
//!
//! **Basis**: Article 49 of the Regulations. The body's level is read from its name; when it cannot be,
//! nothing is checked.

use crate::context::Ctx;
use crate::level::{level_of, Level};
use crate::registry::{Check, Run};
use xxgk_model::{Group, Message, Rule, Severity};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "late-publication",
    severity: Severity::Warning,
    also: &[],
    group: Group::Content,
    title: (
        "报告公布日期晚于法定期限",
        "published after the legal deadline",
    ),
};

/// How it runs: on one report.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(run));

fn run(ctx: &mut Ctx) {
    let report = ctx.report;
    let (Some(published), Some(year), Some(agency)) =
        (&report.published, report.year, &report.agency)
    else {
        return;
    };
    let (deadline, who_zh, who_en) = match level_of(agency) {
        Level::CountyDepartment | Level::CityDepartment | Level::ProvinceDepartment => (
            (1, 31),
            "县级以上人民政府部门",
            "a department of a government at county level or above",
        ),
        Level::CountyGovernment | Level::CityGovernment | Level::ProvinceGovernment => (
            (3, 31),
            "县级以上人民政府",
            "a government at county level or above",
        ),
        Level::Township | Level::Unknown => return,
    };
    let limit = format!("{:04}-{:02}-{:02}", year + 1, deadline.0, deadline.1);
    if published.as_str() <= limit.as_str() {
        return;
    }
    let span = report.metadata_spans.get("published").copied();
    ctx.emit_at(
        Message::new(
            format!("落款日期 {published} 晚于{who_zh}的公布期限 {limit}（《条例》第四十九条）"),
            format!("dated {published}, after the deadline for {who_en}, {limit} (Article 49)"),
        ),
        span,
        &[],
    );
}
