//! # hierarchy-sum
//!
//! **检查**：机关名录中声明了上下级关系时（`parent` 列），上级机关某年度报告表三、表四的每个数字
//! 是否等于其全部下级机关同年度报告对应数字之和。只比较上级和每个下级都填了数字的格子；
//! 有下级缺少该年度报告时不检查。
//!
//! **原因**：汇总本地区情况的报告（如县政府汇总各乡镇）应当与下级机关各自公布的数字一致；
//! 对不上说明汇总时漏算、重复计算，或某个下级的报告有误。
//!
//! **示例**：县政府 2024 年度表三「一、本年新收」总计 120 件，三个乡镇分别为 40、50、20 件（合计 110） —— 警告。
//!
//! **依据**：汇总报告的定义（推定）。只对 `xxgk ingest --agencies` 名录中有下级的机关运行；
//! 名录有「汇总」（sums）列时，只对该列为「是」的机关运行——上级报告往往只反映本机关情况，
//! 不汇总下级。
//!
//! ## English
//!
//! **Checks**: when the agency list declares a hierarchy (its `parent` column), whether every number of
//! tables 3 and 4 in a parent's report for a year equals the sum of the same number in all its children's
//! reports for that year. Only cells that the parent and every child filled in are compared; when a child
//! has no report for the year, nothing is checked.
//!
//! **Why**: a report that sums its area (a county over its townships) should agree with what the bodies
//! below it published; a difference means something was left out or counted twice, or a child's report is
//! wrong.
//!
//! **Example**: the county's 2024 table 3 「一、本年新收」 total is 120; its three townships report 40, 50
//! and 20 (110 together) — a warning.
//!
//! **Basis**: the meaning of a summary report [inferred]. Runs only for bodies with children in the agency
//! list given to `xxgk ingest --agencies`; when the list has a `sums` (汇总) column, only for the bodies it
//! marks yes — a parent's report often covers its own office only, not the bodies below it.

use crate::hierarchy::HierarchyCtx;
use crate::registry::{Check, Run};
use xxgk_model::{Group, Message, Number, Rule, Severity};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "hierarchy-sum",
    severity: Severity::Warning,
    also: &[],
    group: Group::Hierarchy,
    title: (
        "上级机关的数字不等于下级机关之和",
        "a parent's figures differ from the sum of its children's",
    ),
};

/// How it runs: on a parent's report and its children's.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Hierarchy(run));

/// At most this many computations are shown as notes; the cells list has all.
const NOTES: usize = 5;

fn run(ctx: &mut HierarchyCtx) {
    if ctx.children.is_empty() {
        return;
    }
    let mut differing: Vec<(&'static str, Number, Number)> = Vec::new();
    for (path, value) in ctx.parent.cell_values() {
        let table = path.split('.').next().unwrap_or_default();
        if table != "requests" && table != "appeals" {
            continue;
        }
        let Some(printed) = value else { continue };
        let Some(sum) = children_sum(ctx, path) else {
            continue;
        };
        if sum != printed {
            differing.push((path, printed, sum));
        }
    }
    let Some(&(first, printed, sum)) = differing.first() else {
        return;
    };
    let names: Vec<&str> = ctx.children.iter().map(|(name, _)| *name).collect();
    let span = ctx.span_of(first);
    let cells = differing.iter().map(|(p, _, _)| p.to_string()).collect();
    let count = differing.len();
    let finding = ctx.emit(
        Message::new(
            format!(
                "{count} 个数字不等于 {} 个下级机关之和，首个为 {first}：本报告 {printed}，下级合计 {sum}",
                names.len()
            ),
            format!(
                "{count} figures differ from the sum of the {} children, first {first}: {printed} here, {sum} summed",
                names.len()
            ),
        ),
        span,
        cells,
    );
    finding.notes.push(Message::new(
        format!("下级机关：{}", names.join("、")),
        format!("children: {}", names.join(", ")),
    ));
    for (path, printed, sum) in differing.iter().take(NOTES) {
        finding.notes.push(Message::new(
            format!("{path}：本报告 {printed} ≠ 下级合计 {sum}"),
            format!("{path}: {printed} here ≠ {sum} summed"),
        ));
    }
}

/// The children's sum of one cell, when every child printed it.
fn children_sum(ctx: &HierarchyCtx, path: &str) -> Option<Number> {
    let mut sum = Number::new(0, 0);
    for (_, child) in ctx.children {
        sum = sum.checked_add(child.value(path)?)?;
    }
    Some(sum)
}
