//! # unchecked
//!
//! **说明**：某条算术规则因单元格空白（未填、「-」、「/」或无法确定）而无法核对。空白不等于 0，所以不报错；每条规则每张表只提示一次，说明有几处无法核对。
//!
//! **示例**：表三法人各列全部留空时，requests-balance 有 5 列无法核对。
//!
//! ## English
//!
//! **Says**: an arithmetic rule could not check some places because cells are blank (not filled in, `-`, `/`, or undecidable). A blank is not a zero, so this is no error; it is said once per rule and table, with how many places were skipped.
//!
//! **Example**: all legal-person columns of table 3 left blank: requests-balance skips 5 columns.

use crate::registry::{Check, Run};
use xxgk_model::{Finding, Group, Lang, Message, Rule, Severity, TableId};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "unchecked",
    severity: Severity::Info,
    also: &[],
    group: Group::Coverage,
    title: (
        "因单元格空白，有的核对无法进行",
        "a check could not run for blank cells",
    ),
};

/// How it runs: on one report, where the context notes what the arithmetic
/// rules skip and reports it with [`finding`] when they are done.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(|_| {}));

/// The finding: rule `id` could not check `count` places of `table`.
pub(crate) fn finding(id: &str, table: TableId, count: usize) -> Finding {
    RULE.finding(Message::new(
        format!(
            "{}有空白单元格，规则 {id} 有 {count} 处无法核对",
            table.long_name(Lang::Zh)
        ),
        format!(
            "{} has blank cells: rule {id} could not check {count} place(s)",
            table.long_name(Lang::En)
        ),
    ))
}
