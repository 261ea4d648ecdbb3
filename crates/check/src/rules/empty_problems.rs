//! # empty-problems
//!
//! **检查**：第五部分「存在的主要问题及改进情况」有实际内容：不是空白、不是「无」，也不只有一两句话
//! （少于 60 个字）。
//!
//! **原因**：评估机构把「问题与改进」写得空泛或缺失视为报告质量问题；这一部分应说明具体问题和改进措施。
//!
//! **示例**：第五部分只有「无。」—— 警告。
//!
//! **依据**：《条例》第五十条第（四）项；第三方评估的通行做法。
//!
//! ## English
//!
//! **Checks**: section 五 (problems and improvements) has real content: not blank, not 无, not just a
//! sentence or two (under 60 characters).
//!
//! **Why**: evaluators count an empty or perfunctory problems section against a report; it should name
//! concrete problems and what is being done.
//!
//! **Example**: section 五 reads only 「无。」 — a warning.
//!
//! **Basis**: Article 50 (4) of the Regulations; evaluators' practice.

use crate::context::Ctx;
use crate::registry::{Check, Run};
use xxgk_model::{Group, Message, Rule, Severity};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "empty-problems",
    severity: Severity::Warning,
    also: &[],
    group: Group::Content,
    title: (
        "「存在的主要问题及改进情况」内容空泛",
        "the problems-and-improvements section is empty or perfunctory",
    ),
};

/// How it runs: on one report.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(run));

/// Fewer characters than this (punctuation and spaces not counted) is "a sentence or two".
const MIN_CHARS: usize = 60;

fn run(ctx: &mut Ctx) {
    let Some(section) = ctx.report.section(5) else {
        return;
    };
    let chars = section.text.chars().filter(|c| c.is_alphanumeric()).count();
    if chars >= MIN_CHARS {
        return;
    }
    let shown: String = section.text.chars().take(30).collect();
    let span = Some(section.span);
    ctx.emit_at(
        Message::new(
            format!("第五部分「存在的主要问题及改进情况」只有 {chars} 个字（「{shown}」），没有说明具体问题和改进措施"),
            format!("section 五 (problems and improvements) has only {chars} characters (「{shown}」): no concrete problems or measures"),
        ),
        span,
        &[],
    );
}
