//! Rules across a body and the bodies under it: a parent whose report sums its
//! children's (a county's report over its townships), for one year. The corpus
//! knows the hierarchy from the user's agency list; this module only compares.

use crate::registry::{rules, Run};
use crate::Selection;
use xxgk_model::{Finding, Message, Report, Rule, Span};

/// The context of one check: a parent's report and its children's for the
/// same year. Findings are about the parent's report.
pub struct HierarchyCtx<'r> {
    /// The parent body's report.
    pub parent: &'r Report,
    /// Each child's name (as listed) and report.
    pub children: &'r [(&'r str, &'r Report)],
    rule: &'static Rule,
    findings: Vec<Finding>,
}

impl HierarchyCtx<'_> {
    /// Reports a finding of the running rule about cells of the parent's report.
    pub fn emit(
        &mut self,
        message: Message,
        span: Option<Span>,
        cells: Vec<String>,
    ) -> &mut Finding {
        self.findings
            .push(self.rule.finding(message).with_span(span).with_cells(cells));
        self.findings.last_mut().expect("just pushed")
    }

    /// Where a cell of the parent's report was printed.
    pub fn span_of(&self, path: &str) -> Option<Span> {
        self.parent.cells.get(path).map(|p| p.span)
    }
}

/// Findings about `parent` from the selected hierarchy rules.
pub fn check_hierarchy(
    parent: &Report,
    children: &[(&str, &Report)],
    selection: &Selection,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in rules().iter().filter(|r| selection.allows(r.id)) {
        let Run::Hierarchy(run) = rule.run else {
            continue;
        };
        let mut ctx = HierarchyCtx {
            parent,
            children,
            rule: rule.rule,
            findings: Vec::new(),
        };
        run(&mut ctx);
        out.append(&mut ctx.findings);
    }
    crate::capped(out, selection)
}
