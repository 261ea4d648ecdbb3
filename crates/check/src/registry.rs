//! The rules: stable ids, severities, one-line titles, and the documentation
//! taken from each rule module's doc comment (see build.rs).

use crate::context::Ctx;
use crate::hierarchy::HierarchyCtx;
use crate::series::SeriesCtx;
use xxgk_model::{Lang, Severity};

include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));

/// How a rule runs.
#[derive(Clone, Copy)]
pub enum RuleKind {
    /// On one report.
    Report(fn(&mut Ctx)),
    /// On two reports of the same body for consecutive years.
    Series(fn(&mut SeriesCtx)),
    /// On a parent body's report and its children's for the same year.
    Hierarchy(fn(&mut HierarchyCtx)),
    /// Reported by extraction itself; registered here to be documented and selectable.
    Extraction,
}

/// A rule with a stable id.
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// One-line summary, Chinese and English.
    pub title: (&'static str, &'static str),
    pub kind: RuleKind,
}

impl Rule {
    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.title.0,
            Lang::En => self.title.1,
        }
    }

    /// The documentation in `lang`: the module doc comment up to `## English`
    /// for Chinese, from it for English (the `# id` heading in both).
    pub fn doc(&self, lang: Lang) -> String {
        let doc = DOCS
            .iter()
            .find(|(id, _)| *id == self.id)
            .map_or("", |(_, d)| d);
        let (zh, en) = doc.split_once("## English").unwrap_or((doc, ""));
        let heading = zh.lines().next().unwrap_or_default();
        match lang {
            Lang::Zh => zh.trim_end().to_string(),
            Lang::En => format!("{heading}\n{}", en.trim_end()),
        }
    }

    pub fn is_cross_report(&self) -> bool {
        matches!(self.kind, RuleKind::Series(_) | RuleKind::Hierarchy(_))
    }
}

/// Every rule, in the order `xxgk rules` lists them.
pub fn rules() -> &'static [Rule] {
    crate::rules::ALL
}

pub fn rule(id: &str) -> Option<&'static Rule> {
    rules().iter().find(|r| r.id == id)
}
