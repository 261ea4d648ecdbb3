//! # narrative-sum
//!
//! (documentation to be written with the rule)
//!
//! ## English
//!
//! (documentation to be written with the rule)

use crate::context::Ctx;
use crate::registry::{Rule, RuleKind};
use xxgk_model::Severity;

pub const RULE: Rule = Rule {
    id: "narrative-sum",
    severity: Severity::Info,
    title: (
        "正文数字与表格不一致",
        "a figure in the text differs from the tables",
    ),
    kind: RuleKind::Report(run),
};

fn run(_ctx: &mut Ctx) {}
