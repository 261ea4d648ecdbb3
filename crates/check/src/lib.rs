//! The checker: every rule of the official formats and of the report's own
//! arithmetic, as stable ids with documentation, producing findings that point at
//! the cells and lines involved. Reports go in, findings come out: no I/O here.
//!
//! ```no_run
//! # let report: xxgk_model::Report = unimplemented!();
//! let findings = xxgk_check::check(&report, &xxgk_check::Selection::default());
//! ```

pub mod body;
mod context;
mod hierarchy;
pub mod registry;
mod rules;
mod series;

pub use context::Ctx;
pub use hierarchy::{check_hierarchy, HierarchyCtx};
pub use registry::{in_group, near, rule, rules, Check, Run};
pub use rules::copied_text::similarity as text_similarity;
pub use series::{
    check_pair, check_pair_sharing, check_series, keep_for_corpus_pass, keep_for_series,
    series_pairs, SectionShares, SeriesKey, COMPARED_SECTIONS,
};

/// The cap on each rule's findings per file, shared with extraction.
pub use xxgk_extract::rules::findings_capped;

use xxgk_model::{Finding, Report};

// The rules name the level module as `crate::level`; it lives with the body's
// identity.
use body::level;

/// Which rules run: all, or those selected, minus those ignored. A selector is a
/// rule id or a prefix ending in `*` (`narrative-*`).
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Rules to run (ids or `prefix*`); empty means all.
    pub select: Vec<String>,
    /// Rules not to run (ids or `prefix*`); wins over `select`.
    pub ignore: Vec<String>,
}

impl Selection {
    /// True when rule `id` runs under this selection.
    pub fn allows(&self, id: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| selects(s, id))) && !self.ignores(id)
    }

    /// True when an `ignore` selector names rule `id`. The note that findings
    /// were left out (`findings-capped`) is shown for every rule that runs
    /// unless it is ignored this way.
    pub fn ignores(&self, id: &str) -> bool {
        self.ignore.iter().any(|s| selects(s, id))
    }

    /// Selectors that name no rule (for a clear usage error).
    pub fn unknown(&self) -> Vec<&str> {
        self.select
            .iter()
            .chain(&self.ignore)
            .filter(|s| match s.strip_suffix('*') {
                Some(prefix) => !rules().iter().any(|r| r.id.starts_with(prefix)),
                None => rule(s).is_none(),
            })
            .map(String::as_str)
            .collect()
    }
}

/// Whether selector `selector` (an id or `prefix*`) names rule `id`.
fn selects(selector: &str, id: &str) -> bool {
    match selector.strip_suffix('*') {
        Some(prefix) => id.starts_with(prefix),
        None => selector == id,
    }
}

/// The findings of a cross-report pass about one report, capped like a single
/// report's (see [`xxgk_extract::rules::findings_capped`]); the notes on what
/// was left out unless `findings-capped` is ignored.
fn capped(mut findings: Vec<Finding>, selection: &Selection) -> Vec<Finding> {
    findings_capped::cap(&mut findings);
    if selection.ignores(findings_capped::RULE.id) {
        findings.retain(|f| f.rule != findings_capped::RULE.id);
    }
    findings
}

/// Every finding about one report: what extraction noted and what the
/// single-report rules find, in document order; at most
/// [`findings_capped::MAX_PER_RULE`] of each rule, with a note on the rest.
pub fn check(report: &Report, selection: &Selection) -> Vec<Finding> {
    let mut ctx = Ctx::new(report);
    for rule in rules().iter().filter(|r| selection.allows(r.id)) {
        match rule.run {
            Run::Report(run) => ctx.run(rule.rule, run),
            Run::Extraction => ctx.copy_extraction(rule.rule, selection),
            Run::Series(_) | Run::Hierarchy(_) => {}
        }
    }
    let mut findings = ctx.finish(selection);
    sort_in_document_order(&mut findings);
    findings
}

/// Sorts by position; findings without a position keep their order at the end.
pub fn sort_in_document_order(findings: &mut [Finding]) {
    findings.sort_by_key(|f| f.span.map_or((usize::MAX, 0), |s| (s.start, s.end)));
}
