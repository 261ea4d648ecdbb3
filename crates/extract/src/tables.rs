//! Phase two: turn the raw rows of each table region into a typed table.

use crate::matcher::{match_row, Match};
use crate::rules::findings_capped::Cap;
use crate::rules::run_together::{self, Split};
use crate::rules::text_order::UnorderedCells;
use crate::rules::{
    duplicate_row, label_fuzzy, row_long, row_short, table_too_large, template_unknown,
    unattributed_values, unknown_row, RowRead,
};
use crate::scan::{Fragment, RawRow, Region, MAX_REGION_CELLS};
use crate::solve::{agreed, narrow, readings, Cand, Identity, Origin, Printing, Readings, Shape};
use crate::value::{Range, Slot, Unit};
use std::borrow::Cow;
use xxgk_model::labels::{self, ValueKind};
use xxgk_model::{
    Active, Active2019Row, Active2021Row, AppealGroup, Finding, Printed, Report, RequestRow,
    RowKind, Severity, Span, Table, TableId,
};
use xxgk_read::{Document, SpanCursor};

/// Fills the report's table of a scanned region's kind, unless it is filled
/// already (regions come in document order: the first region of each kind
/// that yields rows wins; a later one is usually a repeated header). Its
/// findings go through `cap`: a region may hold a great many rows. Cells whose
/// values were printed on a line out of order are null, and listed in `unordered`
/// rather than in the report's cells (which text is theirs is unknown).
pub fn build(
    doc: &Document,
    region: &Region,
    report: &mut Report,
    cap: &mut Cap,
    unordered: &mut UnorderedCells,
) {
    let filled = match region.kind {
        TableId::Requests => report.requests.is_some(),
        TableId::Appeals => report.appeals.is_some(),
        TableId::Active => report.active.is_some(),
    };
    if filled {
        return;
    }
    let before = report.findings.len();
    if region.rows_left_out > 0 {
        let first = region.first_left_out.map(|r| doc.span(r.start, r.end));
        let finding =
            table_too_large::finding(region.kind, MAX_REGION_CELLS, region.rows_left_out, first);
        cap.push(&mut report.findings, finding);
    }
    let mut builder = Builder::new(doc, report, cap, unordered);
    match region.kind {
        TableId::Requests => {
            let table = builder.requests(region);
            builder.note_flat(TableId::Requests);
            report.requests = table;
        }
        TableId::Appeals => {
            let table = builder.appeals(region);
            builder.note_flat(TableId::Appeals);
            report.appeals = table;
        }
        TableId::Active => {
            let table = builder.active(region);
            builder.note_flat(TableId::Active);
            report.active = table;
        }
    }
    merge_short_rows(&mut report.findings, before);
}

/// Rows with too few values usually come in runs (a table whose every outcome row
/// lost a cell): report such a run once, not once per row.
fn merge_short_rows(findings: &mut Vec<Finding>, from: usize) {
    const MIN_RUN: usize = 3;
    let short: Vec<usize> = (from..findings.len())
        .filter(|&i| findings[i].rule == row_short::RULE.id)
        .collect();
    if short.len() < MIN_RUN {
        return;
    }
    let rows: Vec<Finding> = short.iter().map(|&i| findings[i].clone()).collect();
    let first_label = quoted(&rows[0].message.zh);
    let last_label = quoted(&rows[rows.len() - 1].message.zh);
    let first_en = quoted(&rows[0].message.en);
    let last_en = quoted(&rows[rows.len() - 1].message.en);
    let n = rows.len();
    let span = rows.iter().filter_map(|f| f.span).reduce(Span::cover);
    let cells = rows.iter().flat_map(|f| f.cells.clone()).collect();
    let merged = row_short::run(
        (&first_label, &first_en),
        (&last_label, &last_en),
        n,
        span,
        cells,
    );
    let mut index = 0;
    findings.retain(|f| {
        let keep = !(index >= from && f.rule == row_short::RULE.id);
        index += 1;
        keep
    });
    findings.insert(short[0].min(findings.len()), merged);
}

/// The text inside the first 「」 of a message.
fn quoted(message: &str) -> String {
    message
        .split_once('「')
        .and_then(|(_, r)| r.split_once('」'))
        .map_or_else(String::new, |(q, _)| q.to_string())
}

struct Builder<'a> {
    doc: &'a Document,
    report: &'a mut Report,
    /// Every finding goes through it (see [`Builder::note`]).
    cap: &'a mut Cap,
    /// Cells printed on lines out of order.
    unordered: &'a mut UnorderedCells,
    /// Rows of a flattened table read with certainty, reported together.
    flat: FlatRows,
    /// Where the last cell printed was: the next is usually just after.
    cursor: SpanCursor,
}

/// The rows of a flattened table whose digits split one way only.
#[derive(Default)]
struct FlatRows {
    tally: run_together::Flat,
    span: Option<Span>,
    cells: Vec<String>,
}

/// A raw row matched to an official row.
struct Matched<'r, R> {
    row: R,
    raw: &'r RawRow,
    at: Match,
}

impl<'a> Builder<'a> {
    fn new(
        doc: &'a Document,
        report: &'a mut Report,
        cap: &'a mut Cap,
        unordered: &'a mut UnorderedCells,
    ) -> Self {
        Builder {
            doc,
            report,
            cap,
            unordered,
            flat: FlatRows::default(),
            cursor: SpanCursor::default(),
        }
    }

    /// Adds a finding to the report's, unless its rule has made as many as are
    /// listed (then it is only counted).
    fn note(&mut self, finding: Finding) {
        self.cap.push(&mut self.report.findings, finding);
    }

    /// One note for all rows of a flattened table that were read with
    /// certainty: where they are and how they were split.
    fn note_flat(mut self, table: TableId) {
        let flat = std::mem::take(&mut self.flat);
        if flat.tally.rows == 0 {
            return;
        }
        let finding = run_together::flat(table, &flat.tally, flat.span, flat.cells);
        self.note(finding);
    }

    fn requests(&mut self, region: &Region) -> Option<Table<RequestRow>> {
        let matched = self.match_rows::<RequestRow>(region);
        if matched.is_empty() {
            return None;
        }
        if let Some(first) = matched
            .iter()
            .find(|m| m.row == RequestRow::Received)
            .or(matched.first())
        {
            self.record_headers(region, first);
        }
        let index = |row: RequestRow| matched.iter().position(|m| m.row == row);
        let mut identities = Vec::new();
        for i in 0..matched.len() {
            identities.push(Identity {
                lhs: (0..6).map(|c| (i, c)).collect(),
                rhs: vec![(i, 6)],
            });
        }
        if let Some(total) = index(RequestRow::Total) {
            let outcomes: Vec<usize> = RequestRow::OUTCOMES
                .iter()
                .filter_map(|&r| index(r))
                .collect();
            for c in 0..7 {
                identities.push(Identity {
                    lhs: outcomes.iter().map(|&r| (r, c)).collect(),
                    rhs: vec![(total, c)],
                });
            }
        }
        if let (Some(a), Some(b), Some(t), Some(o)) = (
            index(RequestRow::Received),
            index(RequestRow::CarriedIn),
            index(RequestRow::Total),
            index(RequestRow::CarriedOut),
        ) {
            for c in 0..7 {
                identities.push(Identity {
                    lhs: vec![(a, c), (b, c)],
                    rhs: vec![(t, c), (o, c)],
                });
            }
        }
        let row_total = [((0..6).collect(), 6)];
        Some(self.fill(&matched, &identities, &row_total))
    }

    fn active(&mut self, region: &Region) -> Option<Active> {
        match self.active_template(region) {
            Some(xxgk_model::Template::V2019) => {
                let matched = self.match_rows::<Active2019Row>(region);
                (!matched.is_empty()).then(|| Active::V2019(self.fill(&matched, &[], &[])))
            }
            Some(xxgk_model::Template::V2021) => {
                let matched = self.match_rows::<Active2021Row>(region);
                (!matched.is_empty()).then(|| Active::V2021(self.fill(&matched, &[], &[])))
            }
            None => {
                let span = region.rows.first().map(|r| self.row_span(r));
                self.note(template_unknown::finding(span));
                None
            }
        }
    }

    /// The format of table 2, from the header words only one format prints, else
    /// from how many values the item rows carry.
    fn active_template(&self, region: &Region) -> Option<xxgk_model::Template> {
        use xxgk_model::Template::{V2019, V2021};
        let text: String = region
            .rows
            .iter()
            .map(RawRow::label_text)
            .chain(region.trailing.iter().map(|f| f.compact.as_str()))
            .collect();
        let count = |markers: &[&str]| markers.iter().filter(|m| text.contains(*m)).count();
        let (old, new) = (
            count(labels::ACTIVE_2019_MARKERS),
            count(labels::ACTIVE_2021_MARKERS),
        );
        if old != new {
            return Some(if old > new { V2019 } else { V2021 });
        }
        let items = ["行政许可", "行政处罚", "行政强制"];
        let widths: Vec<usize> = region
            .rows
            .iter()
            .filter(|r| items.iter().any(|i| r.label_text().ends_with(i)))
            .map(|r| r.trimmed_slots().len())
            .collect();
        match (
            widths.iter().all(|&w| w == 3),
            widths.iter().all(|&w| w == 1),
        ) {
            _ if widths.is_empty() => None,
            (true, _) => Some(V2019),
            (_, true) => Some(V2021),
            _ => None,
        }
    }

    fn appeals(&mut self, region: &Region) -> Option<Table<AppealGroup>> {
        const OUTCOME_WORDS: &[&str] = &["维持", "纠正", "审结", "其他结果"];
        let is_header = |raw: &RawRow| {
            let text = raw.label_text();
            text.is_empty() || OUTCOME_WORDS.iter().any(|w| text.contains(w))
        };
        // Only the rows kept are copied (`..region.clone()` copied them all
        // and dropped them again).
        let labelled = Region {
            kind: region.kind,
            rows: region
                .rows
                .iter()
                .filter(|r| !is_header(r))
                .cloned()
                .collect(),
            trailing: region.trailing.clone(),
            cells: region.cells,
            rows_left_out: region.rows_left_out,
            first_left_out: region.first_left_out,
        };
        let grouped: Vec<Matched<AppealGroup>> = self
            .match_rows::<AppealGroup>(&labelled)
            .into_iter()
            .filter(|m| m.raw.trimmed_slots().len() >= 2)
            .collect();
        if !grouped.is_empty() {
            let identities: Vec<Identity> = (0..grouped.len())
                .map(|i| Identity {
                    lhs: (0..4).map(|c| (i, c)).collect(),
                    rhs: vec![(i, 4)],
                })
                .collect();
            let group_total = [((0..4).collect(), 4)];
            return Some(self.fill(&grouped, &identities, &group_total));
        }
        // The usual layout: a two-level header, then all fifteen values in one row.
        let flat = region.rows.iter().find(|r| is_header(r) && r.cellular)?;
        Some(self.fill_flat_appeals(flat))
    }

    fn fill_flat_appeals(&mut self, raw: &RawRow) -> Table<AppealGroup> {
        let identities: Vec<Identity> = (0..3)
            .map(|g| Identity {
                lhs: (0..4).map(|c| (0, g * 5 + c)).collect(),
                rhs: vec![(0, g * 5 + 4)],
            })
            .collect();
        let slots = in_wan(blank_padded(raw, 15), &[]);
        let shape = Shape {
            sums: (0..3)
                .map(|g| ((0..4).map(|c| g * 5 + c).collect(), g * 5 + 4))
                .collect(),
            ..Shape::counts(15)
        };
        let printing = match raw.printing() {
            Printing::Flat { .. } => Printing::Flat {
                omitted: printed_digits(self.doc.folded_text(), raw) < 15,
            },
            other => other,
        };
        let mut rows = vec![Some(readings(
            self.doc.folded_text(),
            &slots,
            &shape,
            printing,
        ))];
        narrow(&mut rows, &identities);
        let reading = rows.pop().flatten().expect("one row");
        let cells = agreed(&reading, 15);
        let mut table = Table::new();
        for (g, &group) in AppealGroup::ALL.iter().enumerate() {
            for c in 0..5 {
                let path = Table::<AppealGroup>::path(group, c);
                self.set_cell(&mut table, group, c, path, &cells[g * 5 + c]);
            }
        }
        let path =
            |i: usize| Table::<AppealGroup>::path(AppealGroup::ALL[i / 5], i % 5).to_string();
        let labels = Some(("复议诉讼表", "table 4"));
        self.note_reading(raw, labels, &reading, &cells, path);
        table
    }

    /// Matches every raw row of a region to an official row of `R`; unknown rows
    /// with values are noted, repeated rows keep the better-formed reading.
    fn match_rows<'r, R: RowKind>(&mut self, region: &'r Region) -> Vec<Matched<'r, R>> {
        let mut matched: Vec<Matched<R>> = Vec::new();
        for (i, raw) in region.rows.iter().enumerate() {
            let label = raw.label_text();
            let direct = match_row(label, R::SCHEMA, |_| true);
            let continued = region
                .rows
                .get(i + 1)
                .and_then(|next| continued_match::<R>(label, next, direct));
            let Some(at) = continued.or(direct) else {
                self.note_unknown_row(raw, label);
                continue;
            };
            if region.kind != TableId::Appeals && !raw.values_beside_label() {
                let named = rows_named::<R>(label);
                if named.len() > 1 {
                    self.note_unattributed::<R>(raw, &named);
                    continue;
                }
            }
            let row = R::ALL[at.row];
            let width = row.columns().len();
            let fits = |r: &RawRow| (r.cellular, r.slots_for(width).len() == width);
            match matched.iter().position(|m| m.row == row) {
                Some(i) => {
                    let (keep_new, old) = (fits(raw) > fits(matched[i].raw), matched[i].raw);
                    let dropped = if keep_new { old } else { raw };
                    if dropped.cellular {
                        self.note_duplicate(dropped, row.def().label);
                    }
                    if keep_new {
                        matched[i] = Matched { row, raw, at };
                    }
                }
                None => matched.push(Matched { row, raw, at }),
            }
        }
        matched.sort_by_key(|m| m.row);
        for m in &matched {
            self.record_row_label(m);
        }
        matched
    }

    /// Reads the matched rows (with the table's identities, and the sums within
    /// each row, `row_sums`) into a table.
    fn fill<R: RowKind>(
        &mut self,
        matched: &[Matched<R>],
        identities: &[Identity],
        row_sums: &[(Vec<usize>, usize)],
    ) -> Table<R> {
        let text = self.doc.folded_text();
        // A flattened table that prints fewer digits in some row than the row
        // has cells does not print its blank cells: then any row's values may
        // sit in any of its columns.
        let omitted = matched
            .iter()
            .any(|m| m.raw.flat && printed_digits(text, m.raw) < m.row.columns().len());
        // Rows of one width share their kinds and sums: the shape is rebuilt
        // only when a row's columns differ from the last row's.
        let mut shape = Shape::default();
        let mut rows: Vec<Option<Readings>> = Vec::with_capacity(matched.len());
        for m in matched {
            reshape::<R>(&mut shape, m.row, row_sums);
            let slots = in_wan(blank_padded(m.raw, shape.kinds.len()), &shape.kinds);
            let printing = match m.raw.printing() {
                Printing::Flat { .. } => Printing::Flat { omitted },
                other => other,
            };
            rows.push(Some(readings(text, &slots, &shape, printing)));
        }
        narrow(&mut rows, identities);
        let mut table = Table::new();
        for (m, reading) in matched.iter().zip(rows) {
            let reading = reading.expect("every row has readings");
            let width = m.row.columns().len();
            let cells = agreed(&reading, width);
            if let Err(e) = table.add_row(m.row) {
                self.note_duplicate(m.raw, &e.to_string());
                continue;
            }
            // The row's paths, looked up once for all its cells.
            let paths = &R::paths()[m.row.index()];
            for (c, cand) in cells.iter().enumerate() {
                self.set_cell(&mut table, m.row, c, paths[c], cand);
            }
            if reading.origin != Origin::Exact {
                self.note_reading(m.raw, None, &reading, &cells, |c| {
                    Table::<R>::path(m.row, c).to_string()
                });
            }
        }
        table
    }

    /// Sets cell `position` of `row`, whose path is `path`, to what `cand`
    /// read, and records where it was printed.
    fn set_cell<R: RowKind>(
        &mut self,
        table: &mut Table<R>,
        row: R,
        position: usize,
        path: &'static str,
        cand: &Cand,
    ) {
        let (value, range) = match cand {
            Cand::Known(n, range) => (Some(*n), *range),
            Cand::Blank(range) | Cand::Damaged(range) => (None, *range),
            Cand::Unordered(range) => {
                // Null, and no printed text: the text in its place on the line
                // may be another column's.
                table
                    .set(row, position, None)
                    .expect("position within the row's columns");
                self.unordered.push(path, range.start);
                return;
            }
            Cand::Unknown | Cand::Omitted => return,
        };
        table
            .set(row, position, value)
            .expect("position within the row's columns");
        let printed = self.printed(range);
        self.report.cells.insert(path.into(), printed);
    }

    fn printed(&mut self, range: Range) -> Printed {
        let (raw, span) = self
            .doc
            .printed_near(range.start, range.end, &mut self.cursor);
        Printed {
            raw: raw.into(),
            span,
            folded: None,
        }
    }

    /// Notes on how a row's values were read, when they were not read one to one.
    /// `labels` names the row in Chinese and English; `None` names it by its
    /// label as printed, read only for a message (a flattened row read with
    /// certainty is only tallied).
    fn note_reading(
        &mut self,
        raw: &RawRow,
        labels: Option<(&str, &str)>,
        reading: &Readings,
        cells: &[Cand],
        paths: impl Fn(usize) -> String,
    ) {
        let printed = raw.trimmed_slots().len() + raw.slots_left_out;
        let width = cells.len();
        let known = cells.iter().filter(|c| !matches!(c, Cand::Unknown)).count();
        let span = Some(self.row_span(raw));
        let certain = reading.list.len() == 1 && (known == width || !reading.narrowed);
        if raw.flat && certain && matches!(reading.origin, Origin::Split | Origin::Omitted) {
            let flat = &mut self.flat;
            flat.tally.rows += 1;
            flat.tally.by_arithmetic += usize::from(reading.lexical > 1);
            flat.tally.omitted |= reading.origin == Origin::Omitted;
            flat.span = match (flat.span, span) {
                (Some(a), Some(b)) => Some(a.cover(b)),
                (a, b) => a.or(b),
            };
            flat.cells.extend((0..width).map(&paths));
            return;
        }
        // One value per column: nothing to note, so no message text to build
        // (most rows of most layouts).
        if reading.origin == Origin::Exact {
            return;
        }
        let own;
        let (label_zh, label_en) = match labels {
            Some(labels) => labels,
            None => {
                own = self.label_of(raw);
                (own.as_str(), own.as_str())
            }
        };
        let digits = self.values_text(raw);
        let row = RowRead {
            label_zh,
            label_en,
            digits: &digits,
            printed,
            width,
            known,
        };
        let finding = match reading.origin {
            Origin::Exact => return,
            Origin::Short => row_short::row(&row),
            Origin::Long => row_long::row(&row),
            Origin::TooMany => run_together::too_many(&row),
            Origin::Split | Origin::Omitted => {
                let split = match reading.list.len() {
                    1 if certain => Split::Certain {
                        by_arithmetic: reading.lexical != 1,
                        values: self.values_of(cells),
                    },
                    1 => Split::Unresolved,
                    0 => Split::None,
                    count => Split::Several {
                        count,
                        readings: self.readings_of(reading),
                    },
                };
                run_together::row(&row, reading.origin == Origin::Omitted, split)
            }
        };
        // A note on a certain split names every cell it filled in; a warning,
        // the cells left unknown.
        let noted = finding.severity == Severity::Info;
        let uncertain: Vec<String> = cells
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c, Cand::Unknown) || noted)
            .map(|(i, _)| paths(i))
            .collect();
        self.note(finding.with_span(span).with_cells(uncertain));
    }

    /// The first few readings of a row, for a message: `12、1、0 / 1、21、0 …`.
    fn readings_of(&self, reading: &Readings) -> String {
        const SHOWN: usize = 4;
        let mut text = reading
            .list
            .iter()
            .take(SHOWN)
            .map(|r| self.values_of(r))
            .collect::<Vec<_>>()
            .join(" / ");
        if reading.list.len() > SHOWN {
            text.push_str(" / …");
        }
        text
    }

    fn values_of(&self, cells: &[Cand]) -> String {
        cells
            .iter()
            .map(|c| match c {
                Cand::Known(n, _) => n.to_string(),
                Cand::Omitted => "空".into(),
                _ => "—".into(),
            })
            .collect::<Vec<_>>()
            .join("、")
    }

    /// The values of a row as printed, for messages: the first
    /// [`SHOWN_VALUES`], then `…` for a row that prints more.
    fn values_text(&self, raw: &RawRow) -> String {
        let slots = raw.trimmed_slots();
        let mut shown: Vec<String> = slots
            .iter()
            .take(SHOWN_VALUES)
            .map(|s| {
                let r = s.range();
                let text = self.doc.original_of(r.start, r.end);
                if text.is_empty() {
                    "□".to_string()
                } else {
                    text.to_string()
                }
            })
            .collect();
        if slots.len() > SHOWN_VALUES || raw.slots_left_out > 0 {
            shown.push("…".into());
        }
        shown.join(" ")
    }

    fn note_unknown_row(&mut self, raw: &RawRow, label: &str) {
        // A label longer than any table label, or values run onto it, is prose that
        // happened to sit in the table's region: nothing to report.
        let short = label.chars().count() <= 24 && !label.is_empty();
        if !(raw.cellular && short && !raw.trimmed_slots().is_empty()) {
            return;
        }
        let text = self.label_of(raw);
        let finding = unknown_row::finding(&text, &self.values_text(raw), self.row_span(raw));
        self.note(finding);
    }

    fn note_unattributed<R: RowKind>(&mut self, raw: &RawRow, named: &[usize]) {
        let labels: Vec<&str> = named.iter().map(|&r| R::defs()[r].label).collect();
        let values = self.values_text(raw);
        let finding = unattributed_values::finding(&values, &labels, self.row_span(raw));
        self.note(finding);
    }

    fn note_duplicate(&mut self, raw: &RawRow, official: &str) {
        let text = self.label_of(raw);
        let finding = duplicate_row::finding(&text, official, self.row_span(raw));
        self.note(finding);
    }

    fn record_row_label<R: RowKind>(&mut self, m: &Matched<R>) {
        let fragments = covering(&m.raw.label, m.at.start, m.at.end);
        let (Some(first), Some(last)) = (fragments.first(), fragments.last()) else {
            return;
        };
        let mut printed = self.printed(Range {
            start: first.range.start,
            end: last.range.end,
        });
        let folded = without_whitespace(self.doc.slice(first.range.start, last.range.end));
        printed.folded = Some(folded.as_ref().into());
        let path = m.row.row_path();
        if m.at.fuzzy {
            let official = m.row.def().label;
            let finding = label_fuzzy::finding(&printed.raw, official, printed.span, path.into());
            self.note(finding);
        }
        self.report.row_labels.insert(path.into(), printed);
    }

    /// Column headers of table 3 as printed (for the label-drift check).
    fn record_headers(&mut self, region: &Region, first: &Matched<RequestRow>) {
        // The first row's own label starts at the first fragment its match
        // covers (found once: a label may hold thousands of fragments).
        let own = covering(&first.raw.label, first.at.start, first.at.end)
            .first()
            .copied();
        let header = region
            .rows
            .iter()
            .take_while(|r| !std::ptr::eq(*r, first.raw))
            .flat_map(|r| r.label.iter())
            .chain(
                first
                    .raw
                    .label
                    .iter()
                    .take_while(|f| own.is_none_or(|c| !std::ptr::eq(c, *f))),
            );
        for fragment in header {
            for def in labels::APPLICANT_COLUMNS {
                let hit = def.needles.iter().any(|n| match *n {
                    labels::Needle::Contains(s) | labels::Needle::EndsWith(s) => {
                        fragment.compact.ends_with(s)
                            && fragment.compact.chars().count() <= s.chars().count() + 2
                    }
                });
                if !hit {
                    continue;
                }
                // The first header printed for a column is kept: a later one
                // is not read at all.
                let path = xxgk_model::column_path(TableId::Requests, def);
                if self.report.column_labels.contains_key(&path) {
                    continue;
                }
                let mut printed = self.printed(fragment.range);
                printed.folded = Some(fragment.compact.as_str().into());
                self.report.column_labels.insert(path, printed);
            }
        }
    }

    /// The row's label as printed in the original (its last fragment or two).
    fn label_of(&self, raw: &RawRow) -> String {
        let fragments = &raw.label[raw.label.len().saturating_sub(2)..];
        fragments
            .iter()
            .map(|f| {
                self.doc
                    .original_of(f.range.start, f.range.end)
                    .split_whitespace()
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn row_span(&self, raw: &RawRow) -> Span {
        raw.range()
            .map_or_else(Span::default, |r| self.doc.span(r.start, r.end))
    }
}

/// Most values of one row a message shows (the widest official row has 15).
const SHOWN_VALUES: usize = 40;

/// How many values a row's slots can hold at most: every digit of a run may be
/// a value of its own.
fn printed_digits(text: &str, raw: &RawRow) -> usize {
    raw.trimmed_slots()
        .iter()
        .map(|s| crate::solve::capacity_of(text, s))
        .sum()
}

/// The row's slots for `width` columns; a row of nothing but empty cells (a
/// blank form's row) is `width` blanks, however many cells its grid has.
/// Borrowed from the row unless made or converted here (most rows).
fn blank_padded(raw: &RawRow, width: usize) -> Cow<'_, [Slot]> {
    let all_empty = !raw.slots.is_empty() && raw.slots.iter().all(|s| matches!(s, Slot::Empty(_)));
    if all_empty {
        let first = raw.slots[0].range();
        return Cow::Owned(vec![Slot::Empty(first); width]);
    }
    Cow::Borrowed(raw.slots_for(width))
}

/// Slots with amounts printed in 元 converted to 万元 (the contract's unit). Only
/// money columns convert; `kinds` empty means "all columns are counts".
fn in_wan<'r>(slots: Cow<'r, [Slot]>, kinds: &[ValueKind]) -> Cow<'r, [Slot]> {
    let in_yuan = |slot: &Slot| matches!(slot, Slot::Number(t) if t.unit == Some(Unit::Yuan));
    if !kinds.contains(&ValueKind::MoneyWan) || !slots.iter().any(in_yuan) {
        return slots;
    }
    let mut slots = slots.into_owned();
    for slot in &mut slots {
        if let Slot::Number(t) = slot {
            if t.unit == Some(Unit::Yuan) {
                t.number = t.number.shift_left(4);
            }
        }
    }
    Cow::Owned(slots)
}

/// Makes `shape` that of `row`: its columns' kinds and the sums of
/// `row_sums` that lie within them. Left as it is when the kinds are those
/// already there (then so are the sums).
fn reshape<R: RowKind>(shape: &mut Shape, row: R, row_sums: &[(Vec<usize>, usize)]) {
    let kinds = row.columns().iter().map(|&c| R::column_defs()[c].kind);
    if kinds.clone().eq(shape.kinds.iter().copied()) {
        return;
    }
    shape.kinds.clear();
    shape.kinds.extend(kinds);
    let width = shape.kinds.len();
    shape.sums.clear();
    shape.sums.extend(
        row_sums
            .iter()
            .filter(|(parts, total)| *total < width && parts.iter().all(|&p| p < width))
            .cloned(),
    );
}

/// A row label wrapped over two lines with the values on its first line
/// (`1.申请人无正当理由逾期不  0 0 0 …` / `补正、行政机关不再处理…`): the second
/// part comes after the values, at the head of the next raw row's label. The
/// match of the label joined with that continuation, when a needle runs across
/// the join and names another row than the label alone.
fn continued_match<R: RowKind>(label: &str, next: &RawRow, direct: Option<Match>) -> Option<Match> {
    let continuation: String = next
        .label
        .iter()
        .take_while(|f| !crate::flat::starts_label(&f.compact))
        .map(|f| f.compact.as_str())
        .collect();
    if continuation.is_empty() || label.is_empty() {
        return None;
    }
    let joined = format!("{label}{continuation}");
    let m = crate::matcher::match_needles(&joined, R::SCHEMA, |_| true)?;
    let across = m.start < label.len() && m.end > label.len();
    (across && direct.is_none_or(|d| d.row != m.row)).then_some(m)
}

/// The official rows a label names by their own words (several when labels of
/// rows that printed no values run together), leaving out a group label in
/// front of its own sub-row (（六）其他处理 1.申请人…).
fn rows_named<R: RowKind>(label: &str) -> Vec<usize> {
    let defs = R::defs();
    let mut named: Vec<usize> = (0..defs.len())
        .filter(|&r| {
            defs[r].needles.iter().any(|n| match *n {
                labels::Needle::Contains(s) => label.contains(s),
                labels::Needle::EndsWith(s) => label.ends_with(s),
            })
        })
        .collect();
    let groups: Vec<&str> = named.iter().filter_map(|&r| defs[r].group()).collect();
    named.retain(|&r| !groups.contains(&defs[r].label));
    named
}

/// `text` without its whitespace; borrowed when it has none (most labels), so
/// nothing is collected character by character.
fn without_whitespace(text: &str) -> Cow<'_, str> {
    if text.contains(char::is_whitespace) {
        text.split(char::is_whitespace).collect::<String>().into()
    } else {
        text.into()
    }
}

/// The fragments that hold compact bytes `start..end` of the joined label.
fn covering(fragments: &[Fragment], start: usize, end: usize) -> Vec<&Fragment> {
    let mut at = 0;
    let mut out = Vec::new();
    for f in fragments {
        let next = at + f.compact.len();
        if next > start && at < end {
            out.push(f);
        }
        at = next;
    }
    out
}
