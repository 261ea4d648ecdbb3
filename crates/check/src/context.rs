//! What a rule sees and how it reports: the report, helpers to reach cells and
//! their printed positions, and one place where findings are made.

use crate::rules::unchecked;
use crate::Selection;
use xxgk_extract::rules::findings_capped::{self, Cap};
use xxgk_model::{Finding, Message, Report, RowKind, Rule, Span, Table, TableId};

/// The context of one report's check.
pub struct Ctx<'r> {
    /// The report being checked.
    pub report: &'r Report,
    /// The running rule.
    rule: Option<&'static Rule>,
    findings: Vec<Finding>,
    /// Counts every finding, keeps the first of each rule (see
    /// [`findings_capped`]).
    cap: Cap,
    /// Where a finding that is only counted is made (rules add notes to what
    /// [`Ctx::emit`] returns).
    left_out: Option<Finding>,
    /// (rule id, table, number of checks skipped).
    skipped: Vec<(&'static str, TableId, usize)>,
}

impl<'r> Ctx<'r> {
    pub(crate) fn new(report: &'r Report) -> Self {
        Ctx {
            report,
            rule: None,
            findings: Vec::new(),
            cap: Cap::default(),
            left_out: None,
            skipped: Vec::new(),
        }
    }

    pub(crate) fn run(&mut self, rule: &'static Rule, run: fn(&mut Ctx)) {
        self.rule = Some(rule);
        run(self);
        self.rule = None;
    }

    /// Copies extraction's findings of `rule` (already capped), and its note
    /// on those of `rule` it left out, unless that note is ignored.
    pub(crate) fn copy_extraction(&mut self, rule: &Rule, selection: &Selection) {
        let notes = !selection.ignores(findings_capped::RULE.id);
        for f in &self.report.findings {
            let left_out = f.left_out.as_ref().is_some_and(|l| l.rule == rule.id);
            if f.rule == rule.id || (left_out && notes) {
                self.cap.push(&mut self.findings, f.clone());
            }
        }
    }

    /// The findings, with one `unchecked` note per rule and table where blank
    /// cells kept a check from running, and one `findings-capped` note per rule
    /// that made more findings than are listed.
    pub(crate) fn finish(mut self, selection: &Selection) -> Vec<Finding> {
        if selection.allows(unchecked::RULE.id) {
            for (id, table, count) in std::mem::take(&mut self.skipped) {
                let span = self.table_span(table.key());
                let finding = unchecked::finding(id, table, count).with_span(span);
                self.cap.push(&mut self.findings, finding);
            }
        }
        if !selection.ignores(findings_capped::RULE.id) {
            self.findings.extend(self.cap.summaries());
        }
        self.findings
    }

    fn current(&self) -> &'static Rule {
        self.rule.expect("findings are made while a rule runs")
    }

    /// Reports a finding of the running rule about `cells` (contract paths); its
    /// position is that of the first cell that was printed.
    pub fn emit(&mut self, message: Message, cells: &[&str]) -> &mut Finding {
        let span = cells.iter().find_map(|c| self.span_of(c));
        self.emit_at(message, span, cells)
    }

    /// Reports a finding at an explicit position.
    pub fn emit_at(
        &mut self,
        message: Message,
        span: Option<Span>,
        cells: &[&str],
    ) -> &mut Finding {
        let finding = self
            .current()
            .finding(message)
            .with_span(span)
            .with_cells(cells.iter().map(|c| c.to_string()).collect());
        if self.cap.admit(&finding) {
            self.findings.push(finding);
            self.findings.last_mut().expect("just pushed")
        } else {
            self.left_out.insert(finding)
        }
    }

    /// Notes that a check of the running rule could not run in `table` because
    /// cells are blank; reported once per rule and table.
    pub fn skipped(&mut self, table: TableId) {
        let id = self.current().id;
        match self
            .skipped
            .iter_mut()
            .find(|(r, t, _)| *r == id && *t == table)
        {
            Some(entry) => entry.2 += 1,
            None => self.skipped.push((id, table, 1)),
        }
    }

    /// Where a table starts: its first printed row label.
    fn table_span(&self, key: &str) -> Option<Span> {
        let prefix = format!("{key}.");
        self.report
            .row_labels
            .iter()
            .filter(|(path, _)| path.starts_with(&prefix))
            .map(|(_, printed)| printed.span)
            .min_by_key(|span| span.start)
    }

    /// Where a cell was printed.
    pub fn span_of(&self, path: &str) -> Option<Span> {
        self.report.cells.get(path).map(|p| p.span).or_else(|| {
            // An unprinted cell: point at its row's label.
            let row = path.rsplit_once('.').map(|(row, _)| row)?;
            self.report.row_labels.get(row).map(|p| p.span)
        })
    }

    /// What a cell printed, for messages (`0`, `+1`, `461.7 万元`).
    pub fn raw(&self, path: &str) -> Option<&str> {
        self.report.cells.get(path).map(|p| p.raw.as_str())
    }
}

/// The tables rules name when they skip a check.
pub use xxgk_model::TableId::{Appeals as APPEALS, Requests as REQUESTS};

/// A cell of a table: its value and contract path.
pub fn cell<R: RowKind>(
    table: &Table<R>,
    row: R,
    position: usize,
) -> (Option<xxgk_model::Number>, &'static str) {
    (table.get(row, position), Table::<R>::path(row, position))
}

/// The official label of a column of `R`, for messages.
pub fn column_label<R: RowKind>(row: R, position: usize) -> &'static str {
    R::column_defs()[row.columns()[position]].label
}
