//! # findings-capped
//!
//! **说明**：同一条规则在一个文件中最多列出 100 条发现；其余的不列出，只计数，由本条提示说明该规则另有多少条未列出（按严重程度计数），并指向未列出的第一条的位置。提取时和检查时都如此。`xxgk check` 末尾的汇总行仍按全部发现计数，并注明其中多少条未列出；JSON 输出中本条发现带有 `left_out` 字段（`rule`、`count`、`errors`、`warnings`、`infos`）。只要被限制的规则在运行，本条就会出现，除非用 `--ignore findings-capped` 排除。
//!
//! **原因**：一个异常的文件（例如把表三的行重复了上百万次）会产生上百万条相同的发现，使输出和内存无限增长，而多列出的发现并不提供新的信息。
//!
//! **示例**：表三的行重复出现 1,040,100 次：列出 100 条 duplicate-row 警告，本条提示其余 1,040,000 条未列出。
//!
//! ## English
//!
//! **Says**: at most 100 findings of one rule are listed per file; the rest are counted, not listed, and this note says how many more of that rule there are (by severity) and points at the first one left out. Extraction and the checker alike. The summary line of `xxgk check` still counts every finding and says how many were not listed; in JSON this finding carries `left_out` (`rule`, `count`, `errors`, `warnings`, `infos`). It appears whenever the capped rule runs, unless `--ignore findings-capped` leaves it out.
//!
//! **Why**: one odd file (table 3's rows printed again a million times) would make a million identical findings, so output and memory would grow without bound, and the findings beyond the first say nothing new.
//!
//! **Example**: table 3's rows printed 1,040,100 times: 100 duplicate-row warnings are listed, and this note says 1,040,000 more are not.

use xxgk_model::{Finding, Group, LeftOut, Message, Rule, Severity, Span};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: LeftOut::RULE,
    severity: Severity::Info,
    also: &[],
    group: Group::Coverage,
    title: (
        "同一规则的发现过多，其余未列出",
        "more findings of one rule than are listed",
    ),
};

/// At most this many findings of one rule are listed for one file; the rest
/// are counted in one `findings-capped` finding.
pub const MAX_PER_RULE: usize = 100;

/// The cap on a file's findings: admits the first [`MAX_PER_RULE`] findings
/// of each rule and counts the rest, so that a file that makes a million
/// findings of one rule never holds them in memory. The one place findings
/// are capped, for extraction and the checker alike.
#[derive(Clone, Debug, Default)]
pub struct Cap {
    rules: Vec<Tally>,
}

/// One rule's findings so far.
#[derive(Clone, Debug)]
struct Tally {
    kept: usize,
    left_out: LeftOut,
    /// Where the first finding left out was.
    first: Option<Span>,
}

impl Cap {
    /// Counts `finding`; true when it is to be listed (one of the first
    /// [`MAX_PER_RULE`] of its rule). A `findings-capped` finding itself is
    /// always listed: there is one per rule at most.
    pub fn admit(&mut self, finding: &Finding) -> bool {
        if finding.left_out.is_some() {
            return true;
        }
        // A file's findings come from a few dozen rules: a list is enough.
        let index = match self
            .rules
            .iter()
            .position(|t| t.left_out.rule == finding.rule)
        {
            Some(i) => i,
            None => {
                self.rules.push(Tally {
                    kept: 0,
                    left_out: LeftOut::new(&finding.rule),
                    first: None,
                });
                self.rules.len() - 1
            }
        };
        let tally = &mut self.rules[index];
        if tally.kept < MAX_PER_RULE {
            tally.kept += 1;
            return true;
        }
        tally.left_out.add(finding.severity);
        if tally.left_out.count() == 1 {
            tally.first = finding.span;
        }
        false
    }

    /// Appends `finding` to `findings` if it is admitted.
    pub fn push(&mut self, findings: &mut Vec<Finding>, finding: Finding) {
        if self.admit(&finding) {
            findings.push(finding);
        }
    }

    /// One `findings-capped` finding for each rule that had findings left out.
    pub fn summaries(&self) -> impl Iterator<Item = Finding> + '_ {
        self.rules
            .iter()
            .filter(|t| t.left_out.count() > 0)
            .map(|t| finding(t.left_out.clone(), t.first))
    }
}

/// Caps a finished list: the first [`MAX_PER_RULE`] findings of each rule, in
/// the order given, then one `findings-capped` finding for each rule that had
/// more.
pub fn cap(findings: &mut Vec<Finding>) {
    let mut cap = Cap::default();
    findings.retain(|f| cap.admit(f));
    findings.extend(cap.summaries());
}

/// The finding that `left_out` findings of a rule were not listed; `first` is
/// where the first of them was.
pub fn finding(left_out: LeftOut, first: Option<Span>) -> Finding {
    let (rule, count) = (left_out.rule.as_str(), left_out.count());
    let (here_zh, here_en) = match first {
        Some(_) => ("；此处为未列出的第一条", "; the first of them is here"),
        None => ("", ""),
    };
    let mut finding = RULE
        .finding(Message::new(
            format!(
                "规则 {rule} 另有 {count} 条发现未列出（每条规则每个文件最多列出 {MAX_PER_RULE} 条{here_zh}）"
            ),
            match count {
                1 => format!(
                    "1 more finding of rule {rule} is not listed (at most {MAX_PER_RULE} per rule and file{here_en})"
                ),
                _ => format!(
                    "{count} more findings of rule {rule} are not listed (at most {MAX_PER_RULE} per rule and file{here_en})"
                ),
            },
        ))
        .with_span(first);
    finding.left_out = Some(left_out);
    finding
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(rule: &str, severity: Severity, n: usize) -> Vec<Finding> {
        (0..n)
            .map(|i| {
                let span = Span {
                    start: i,
                    end: i + 1,
                    line: i as u32 + 1,
                    ..Span::default()
                };
                Finding::new(rule, severity, Message::new(i.to_string(), i.to_string()))
                    .with_span(Some(span))
            })
            .collect()
    }

    #[test]
    fn keeps_the_first_of_each_rule_and_counts_the_rest_by_severity() {
        let mut findings = numbered("a-rule", Severity::Warning, MAX_PER_RULE + 5);
        findings.extend(numbered("b-rule", Severity::Error, MAX_PER_RULE));
        findings.extend(numbered("a-rule", Severity::Error, 2));
        cap(&mut findings);
        assert_eq!(findings.len(), 2 * MAX_PER_RULE + 1);
        let of = |rule: &str| findings.iter().filter(|f| f.rule == rule).count();
        assert_eq!((of("a-rule"), of("b-rule")), (MAX_PER_RULE, MAX_PER_RULE));
        // The first ones are kept, in order.
        let kept: Vec<&str> = findings
            .iter()
            .filter(|f| f.rule == "a-rule")
            .map(|f| f.message.zh.as_str())
            .take(3)
            .collect();
        assert_eq!(kept, ["0", "1", "2"]);
        let summary = findings.last().unwrap();
        assert_eq!(
            (summary.rule.as_str(), summary.severity),
            ("findings-capped", Severity::Info)
        );
        assert_eq!(
            summary.left_out,
            Some(LeftOut {
                rule: "a-rule".into(),
                errors: 2,
                warnings: 5,
                infos: 0
            })
        );
        assert_eq!(
            summary.message.zh,
            "规则 a-rule 另有 7 条发现未列出（每条规则每个文件最多列出 100 条；此处为未列出的第一条）"
        );
        assert_eq!(
            summary.message.en,
            "7 more findings of rule a-rule are not listed (at most 100 per rule and file; the first of them is here)"
        );
        // It points at the first finding left out: the 101st a-rule warning.
        assert_eq!(summary.span.map(|s| s.line), Some(MAX_PER_RULE as u32 + 1));
    }

    #[test]
    fn a_capped_list_is_left_as_it_is() {
        let mut findings = numbered("a-rule", Severity::Info, MAX_PER_RULE + 1);
        cap(&mut findings);
        let once = findings.clone();
        cap(&mut findings);
        assert_eq!(findings, once);
        let mut few = numbered("a-rule", Severity::Info, MAX_PER_RULE);
        cap(&mut few);
        assert_eq!(few, numbered("a-rule", Severity::Info, MAX_PER_RULE));
    }

    #[test]
    fn without_a_position_the_summary_says_no_here() {
        let mut cap = Cap::default();
        let mut findings = Vec::new();
        for _ in 0..=MAX_PER_RULE {
            cap.push(
                &mut findings,
                Finding::new("a-rule", Severity::Info, Message::new("x", "x")),
            );
        }
        let summary: Vec<Finding> = cap.summaries().collect();
        assert_eq!(findings.len(), MAX_PER_RULE);
        assert_eq!(
            summary[0].message.en,
            "1 more finding of rule a-rule is not listed (at most 100 per rule and file)"
        );
        assert_eq!(summary[0].span, None);
    }
}
