//! The registry: every rule, the checker's and extraction's, in one list, each
//! with how it runs and its documentation, taken from the doc comment of its
//! module (see build.rs).

use crate::context::Ctx;
use crate::hierarchy::HierarchyCtx;
use crate::series::SeriesCtx;
use std::ops::Deref;
use xxgk_model::{Group, Lang, Rule};

include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));

/// How a rule runs.
#[derive(Clone, Copy)]
pub enum Run {
    /// On one report.
    Report(fn(&mut Ctx)),
    /// On two reports of the same body for consecutive years.
    Series(fn(&mut SeriesCtx)),
    /// On a parent body's report and its children's for the same year.
    Hierarchy(fn(&mut HierarchyCtx)),
    /// Reported by extraction itself; registered here to be documented and selectable.
    Extraction,
}

/// A registered rule: its definition and how it runs. Reads as the rule itself
/// (`check.id`, `check.title(lang)`).
#[derive(Clone, Copy)]
pub struct Check {
    /// The rule's definition.
    pub rule: &'static Rule,
    /// How it runs.
    pub run: Run,
}

impl Check {
    /// Registers `rule` to run as `run`, which must be what its group says
    /// (checked at compile time: registries are consts).
    pub const fn new(rule: &'static Rule, run: Run) -> Check {
        let fits = match run {
            Run::Report(_) => !matches!(
                rule.group,
                Group::Series | Group::Hierarchy | Group::Extraction
            ),
            Run::Series(_) => matches!(rule.group, Group::Series),
            Run::Hierarchy(_) => matches!(rule.group, Group::Hierarchy),
            Run::Extraction => matches!(rule.group, Group::Extraction),
        };
        assert!(fits, "a rule runs as its group says");
        Check { rule, run }
    }

    /// Registers a rule extraction reports.
    pub const fn extraction(rule: &'static Rule) -> Check {
        Check::new(rule, Run::Extraction)
    }

    /// The documentation in `lang`: the module doc comment up to `## English`
    /// for Chinese, from it for English (the `# id` heading in both).
    pub fn doc(&self, lang: Lang) -> String {
        let doc = DOCS
            .iter()
            .find(|(id, _)| *id == self.rule.id)
            .map_or("", |(_, d)| d);
        let (zh, en) = doc.split_once("## English").unwrap_or((doc, ""));
        let heading = zh.lines().next().unwrap_or_default();
        match lang {
            Lang::Zh => zh.trim_end().to_string(),
            Lang::En => format!("{heading}\n{}", en.trim_end()),
        }
    }
}

impl Deref for Check {
    type Target = Rule;

    fn deref(&self) -> &Rule {
        self.rule
    }
}

/// Every rule, in the order `xxgk rules` lists them.
pub fn rules() -> &'static [Check] {
    crate::rules::ALL
}

/// The rule with id `id`.
pub fn rule(id: &str) -> Option<&'static Check> {
    rules().iter().find(|r| r.id == id)
}

/// Whether `id` names a rule of `group` (false for an unknown id).
pub fn in_group(id: &str, group: Group) -> bool {
    rule(id).is_some_and(|r| r.group == group)
}
