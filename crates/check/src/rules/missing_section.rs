//! # missing-section
//!
//! **检查**：报告有全部六个部分，且顺序正确：一、总体情况；二、主动公开政府信息情况；
//! 三、收到和处理政府信息公开申请情况；四、政府信息公开行政复议、行政诉讼情况；
//! 五、存在的主要问题及改进情况；六、其他需要报告的事项。
//!
//! **原因**：《条例》第五十条规定了年度报告的内容，国家的报告格式规定了六个部分；评估机构对缺项扣分。
//! 措辞不同（如「存在问题及改进情况」）不算缺失。
//!
//! **示例**：王岗镇 2020 年度报告没有「六、其他需要报告的事项」—— 警告。
//!
//! **依据**：《条例》第五十条。
//!
//! ## English
//!
//! **Checks**: the report has all six sections in order: 一 overview, 二 proactive disclosure, 三 requests,
//! 四 review and litigation, 五 problems and improvements, 六 other matters.
//!
//! **Why**: Article 50 of the Regulations sets the contents and the national format has six sections;
//! evaluators penalise missing ones. Different wording does not count as missing.
//!
//! **Example**: 王岗镇's 2020 report has no section 六 — a warning.
//!
//! **Basis**: Article 50 of the Regulations.

use crate::context::Ctx;
use crate::registry::{Check, Run};
use xxgk_model::labels::SECTIONS;
use xxgk_model::{Group, Message, Rule, Severity};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "missing-section",
    severity: Severity::Warning,
    also: &[],
    group: Group::Format,
    title: (
        "缺少规定的部分或顺序不对",
        "a required section is missing or out of order",
    ),
};

/// How it runs: on one report.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(run));

fn run(ctx: &mut Ctx) {
    let sections = &ctx.report.sections;
    if sections.is_empty() && ctx.report.has_no_tables() {
        return; // not a report at all: no-tables says so
    }
    for def in SECTIONS {
        if !sections.iter().any(|s| s.number == def.number) {
            ctx.emit_at(
                Message::new(
                    format!("缺少第{}部分「{}」", numeral(def.number), def.title),
                    format!("section {} ({}) is missing", def.number, def.title),
                ),
                None,
                &[],
            );
        }
    }
    for pair in sections.windows(2) {
        if pair[1].number <= pair[0].number {
            ctx.emit_at(
                Message::new(
                    format!(
                        "第{}部分出现在第{}部分之后，顺序不对",
                        numeral(pair[1].number),
                        numeral(pair[0].number)
                    ),
                    format!(
                        "section {} comes after section {}: out of order",
                        pair[1].number, pair[0].number
                    ),
                ),
                Some(pair[1].span),
                &[],
            );
        }
    }
}

fn numeral(n: u8) -> &'static str {
    ["", "一", "二", "三", "四", "五", "六"][n as usize]
}
