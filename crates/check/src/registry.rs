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

    /// The rule's page as `xxgk rule ID` prints it and `xxgk serve` shows it
    /// (Markdown): the `# id` heading, the severity (and, for a rule over
    /// several reports, how they are chosen), then the documentation in `lang`.
    pub fn page(&self, lang: Lang) -> String {
        let doc = self.doc(lang);
        let (heading, body) = doc.split_once('\n').unwrap_or((doc.as_str(), ""));
        let severity = self.severity.word(lang);
        let hierarchy = self.group == Group::Hierarchy;
        let facts = match (lang, self.is_cross_report(), hierarchy) {
            (Lang::Zh, false, _) => format!("**级别**：{severity}"),
            (Lang::Zh, true, false) => {
                format!("**级别**：{severity}（跨报告规则：同一机关相邻年度的报告一起检查）")
            }
            (Lang::Zh, true, true) => format!(
                "**级别**：{severity}（语料库规则：xxgk ingest 按机关名录中的上下级关系检查）"
            ),
            (Lang::En, false, _) => format!("**Severity**: {severity}"),
            (Lang::En, true, false) => format!(
                "**Severity**: {severity} (cross-report: checks one body's reports for consecutive years together)"
            ),
            (Lang::En, true, true) => format!(
                "**Severity**: {severity} (corpus: `xxgk ingest` checks it along the agency list's hierarchy)"
            ),
        };
        format!("{heading}\n\n{facts}\n\n{}\n", body.trim())
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

/// Rule ids close to `query`, for "did you mean": those containing it or
/// contained in it, sharing its first word, or a few typos away.
pub fn near(query: &str) -> Vec<&'static str> {
    let query = query.trim().to_ascii_lowercase();
    if query.is_empty() {
        return Vec::new();
    }
    let first = |s: &str| s.split('-').next().unwrap_or_default().to_string();
    rules()
        .iter()
        .map(|r| r.id)
        .filter(|id| {
            id.contains(query.as_str())
                || query.contains(id)
                || first(id) == first(&query)
                || edit_distance(id, &query) <= (query.len() / 4).max(2)
        })
        .collect()
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Whether `id` names a rule of `group` (false for an unknown id).
pub fn in_group(id: &str, group: Group) -> bool {
    rule(id).is_some_and(|r| r.group == group)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_ids() {
        assert_eq!(near("request-balance"), ["requests-balance"]);
        assert!(near("appeals").contains(&"appeals-total"));
        assert!(near("narrative").len() >= 4);
        assert!(near("zzzzzzzz").is_empty());
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn the_page_puts_the_severity_under_the_heading() {
        let page = rule("requests-balance").unwrap().page(Lang::Zh);
        assert!(
            page.starts_with("# requests-balance\n\n**级别**：错误\n\n**检查**"),
            "{page}"
        );
    }
}
