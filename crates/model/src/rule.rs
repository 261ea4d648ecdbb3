//! What a rule is: a stable id, the severities its findings carry, the group it
//! belongs to and a one-line title. Extraction and the checker both define their
//! rules with this type (one module per rule, its doc comment the rule's
//! documentation), and make every finding from the rule it is about, so that a
//! finding's id and severity are always those the rule declares.

use crate::{Finding, Lang, Message, Severity};

/// What a rule is about. Decides how the checker runs it and how tools treat its
/// findings (an author's computed tables make the arithmetic hold; extraction
/// notes on xxgk's own rendering say nothing about the data).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// The identities of the tables' arithmetic (totals, the balance).
    Arithmetic,
    /// The official format: tables, sections, rows, columns, values.
    Format,
    /// What the regulation asks a report to say (problems, fees, deadlines).
    Content,
    /// The prose's figures against the tables.
    Narrative,
    /// Which checks could not run, and why.
    Coverage,
    /// One body's reports for consecutive years, checked together.
    Series,
    /// A parent body's report against its children's for the same year.
    Hierarchy,
    /// What extraction could not read with certainty.
    Extraction,
}

impl Group {
    /// Every group, in the order rule lists present them.
    pub const ALL: [Group; 8] = [
        Group::Arithmetic,
        Group::Format,
        Group::Content,
        Group::Narrative,
        Group::Coverage,
        Group::Series,
        Group::Hierarchy,
        Group::Extraction,
    ];

    /// A stable lowercase name (`arithmetic`), for filters and attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Arithmetic => "arithmetic",
            Group::Format => "format",
            Group::Content => "content",
            Group::Narrative => "narrative",
            Group::Coverage => "coverage",
            Group::Series => "series",
            Group::Hierarchy => "hierarchy",
            Group::Extraction => "extraction",
        }
    }

    /// The group's name for people, in `lang`.
    pub fn word(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Zh, Group::Arithmetic) => "表内勾稽",
            (Lang::Zh, Group::Format) => "格式",
            (Lang::Zh, Group::Content) => "内容",
            (Lang::Zh, Group::Narrative) => "正文与表格",
            (Lang::Zh, Group::Coverage) => "检查覆盖",
            (Lang::Zh, Group::Series) => "跨年度",
            (Lang::Zh, Group::Hierarchy) => "上下级",
            (Lang::Zh, Group::Extraction) => "提取",
            (Lang::En, Group::Arithmetic) => "arithmetic",
            (Lang::En, Group::Format) => "format",
            (Lang::En, Group::Content) => "content",
            (Lang::En, Group::Narrative) => "text against tables",
            (Lang::En, Group::Coverage) => "coverage",
            (Lang::En, Group::Series) => "across years",
            (Lang::En, Group::Hierarchy) => "parent and children",
            (Lang::En, Group::Extraction) => "extraction",
        }
    }
}

/// A rule with a stable id (`requests-balance`), documented by `xxgk rule ID`.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// The stable id findings carry and `--select` names.
    pub id: &'static str,
    /// The severity of its findings, the one `xxgk rules` shows.
    pub severity: Severity,
    /// Severities its findings may carry besides `severity`, for a rule that
    /// reports cases of different weight (run-together: info when one split is
    /// left, warning when several are).
    pub also: &'static [Severity],
    /// What the rule is about.
    pub group: Group,
    /// One-line summary, Chinese and English.
    pub title: (&'static str, &'static str),
}

impl Rule {
    /// A finding of this rule at its declared severity.
    pub fn finding(&self, message: Message) -> Finding {
        Finding::new(self.id, self.severity, message)
    }

    /// A finding of this rule at `severity`, which must be one it declares.
    pub fn finding_at(&self, severity: Severity, message: Message) -> Finding {
        debug_assert!(
            self.may_emit(severity),
            "rule {} does not declare severity {}",
            self.id,
            severity.as_str()
        );
        Finding::new(self.id, severity, message)
    }

    /// Whether findings of this rule may carry `severity`.
    pub fn may_emit(&self, severity: Severity) -> bool {
        self.severity == severity || self.also.contains(&severity)
    }

    /// The title in `lang`.
    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.title.0,
            Lang::En => self.title.1,
        }
    }

    /// Whether the rule checks several reports together.
    pub fn is_cross_report(&self) -> bool {
        matches!(self.group, Group::Series | Group::Hierarchy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: Rule = Rule {
        id: "some-rule",
        severity: Severity::Warning,
        also: &[Severity::Info],
        group: Group::Extraction,
        title: ("标题", "title"),
    };

    #[test]
    fn findings_carry_the_rule_and_a_declared_severity() {
        let finding = RULE.finding(Message::new("中", "en"));
        assert_eq!(
            (finding.rule.as_str(), finding.severity),
            ("some-rule", Severity::Warning)
        );
        let info = RULE.finding_at(Severity::Info, Message::new("中", "en"));
        assert_eq!(info.severity, Severity::Info);
        assert!(!RULE.may_emit(Severity::Error));
    }

    #[test]
    #[should_panic(expected = "does not declare")]
    #[cfg(debug_assertions)]
    fn an_undeclared_severity_is_a_bug() {
        RULE.finding_at(Severity::Error, Message::new("中", "en"));
    }
}
