//! Phase one: walk the lines of a document and cut out table regions, each a list
//! of raw rows — the label fragments seen since the last values, then the value
//! slots that follow. No label is interpreted here beyond recognising where a
//! table starts and ends, so every layout (tabs, pipes, one cell per line, lone
//! pipes, aligned columns, labels broken over lines) comes out the same way.

use crate::value::{parse_run_cell, parse_value_cell, split_trailing_values, Range, Slot};
use aho_corasick::{AhoCorasick, MatchKind};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use xxgk_model::labels::{self, SECTIONS};
use xxgk_model::{Schema, TableId};
use xxgk_read::{Document, LineKind};

/// A piece of label text: a range of the folded text, and its compact form
/// (whitespace removed) used for matching.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fragment {
    pub range: Range,
    pub compact: String,
    /// Index of the line it is on.
    pub line: usize,
}

/// Label fragments followed by the values printed after them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawRow {
    pub label: Vec<Fragment>,
    /// The compact label text, all fragments joined (set when the row closes).
    text: String,
    pub slots: Vec<Slot>,
    /// True when the values came in separate cells (not run onto prose).
    pub cellular: bool,
    /// True when the values were printed run onto the label (「予以公开7000007」):
    /// then they were run together, not separate cells that lost a blank.
    pub run_on: bool,
    /// True when every value came from a table grid (HTML, DOCX): empty cells at
    /// the ends are real blanks unless the row has more cells than columns.
    pub grid: bool,
    /// True when the row came from a flattened table (see [`crate::flat`]): its
    /// values are one run of digits, split by the table solver.
    pub flat: bool,
    /// True when every value sits on one line split at tabs or pipes, where an
    /// empty cell between values is printed as an empty cell: only cells at the
    /// ends of such a row can be lost.
    pub separated: bool,
    /// The line of the row's first value.
    values_line: Option<usize>,
    /// Values printed beyond the [`MAX_ROW_SLOTS`] kept.
    pub slots_left_out: usize,
}

impl RawRow {
    /// Adds a slot, unless the row holds [`MAX_ROW_SLOTS`] (then counts it).
    fn push_slot(&mut self, slot: Slot) {
        if self.slots.len() < MAX_ROW_SLOTS {
            self.slots.push(slot);
        } else {
            self.slots_left_out += 1;
        }
    }

    /// Adds slots as [`RawRow::push_slot`] does.
    fn extend_slots(&mut self, slots: impl IntoIterator<Item = Slot>) {
        for slot in slots {
            self.push_slot(slot);
        }
    }

    /// Where the row is in the folded text: from its last label fragment (or
    /// first value) to the end of whatever of it comes last.
    pub fn range(&self) -> Option<Range> {
        let start = self
            .label
            .last()
            .map(|f| f.range.start)
            .or_else(|| self.slots.first().map(|s| s.range().start))?;
        let end = self
            .slots
            .iter()
            .map(|s| s.range().end)
            .chain(self.label.iter().map(|f| f.range.end))
            .max()?;
        Some(Range {
            start,
            end: end.max(start),
        })
    }

    /// The compact label text, all fragments joined.
    pub fn label_text(&self) -> &str {
        &self.text
    }

    /// Whether the row's first value is on the line of its last label
    /// fragment (in a table grid, a flattened table or a text line).
    pub fn values_beside_label(&self) -> bool {
        self.grid
            || self.flat
            || self
                .label
                .last()
                .is_some_and(|f| Some(f.line) == self.values_line)
    }

    /// The slots for a row of `columns` cells. In a table grid, empty cells at
    /// the ends are dropped only as far as the row has more cells than columns
    /// (leading ones first: they are label columns covered by a merged cell);
    /// in text they are always dropped (see [`RawRow::trimmed_slots`]).
    pub fn slots_for(&self, columns: usize) -> &[Slot] {
        if !self.grid {
            return self.trimmed_slots();
        }
        let is_empty = |s: &Slot| matches!(s, Slot::Empty(_));
        let (mut start, mut end) = (0, self.slots.len());
        while end - start > columns && is_empty(&self.slots[start]) {
            start += 1;
        }
        while end - start > columns && is_empty(&self.slots[end - 1]) {
            end -= 1;
        }
        &self.slots[start..end]
    }

    /// How the values were printed, for reading a short row.
    pub fn printing(&self) -> crate::solve::Printing {
        use crate::solve::Printing;
        if self.flat {
            Printing::Flat { omitted: false }
        } else if self.run_on {
            Printing::RunOn
        } else if self.grid {
            Printing::Grid
        } else if self.separated {
            Printing::Separated
        } else {
            Printing::Cells
        }
    }

    /// The slots without the empty cells at either end (layout residue of merged
    /// label cells and trailing separators).
    pub fn trimmed_slots(&self) -> &[Slot] {
        let is_empty = |s: &Slot| matches!(s, Slot::Empty(_));
        let start = self
            .slots
            .iter()
            .position(|s| !is_empty(s))
            .unwrap_or(self.slots.len());
        let end = self
            .slots
            .iter()
            .rposition(|s| !is_empty(s))
            .map_or(start, |i| i + 1);
        &self.slots[start..end]
    }
}

/// A table region: where it starts and its rows in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    pub kind: TableId,
    pub rows: Vec<RawRow>,
    /// Label fragments after the last values (a header with no data, say).
    pub trailing: Vec<Fragment>,
    /// Label fragments and values of the rows kept (see [`MAX_REGION_CELLS`]).
    pub cells: usize,
    /// Rows after the region held [`MAX_REGION_CELLS`], counted and not kept.
    pub rows_left_out: usize,
    /// Where the first of them was.
    pub first_left_out: Option<Range>,
}

impl Region {
    fn new(kind: TableId) -> Region {
        Region {
            kind,
            rows: Vec::new(),
            trailing: Vec::new(),
            cells: 0,
            rows_left_out: 0,
            first_left_out: None,
        }
    }
}

/// A section heading found in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub number: u8,
    pub range: Range,
    pub line: usize,
}

/// What the scan found besides the table regions (which it hands over one by
/// one as they end).
#[derive(Clone, Debug, Default)]
pub struct Scan {
    pub headings: Vec<Heading>,
    /// Indices of the lines that hold table labels or values (not prose).
    pub table_lines: Vec<usize>,
}

/// Longest row label (compact characters) with values run onto it that still
/// counts as a table row rather than a sentence ending in a number.
pub const MAX_ROW_LABEL_CHARS: usize = 40;

/// Longest label (compact characters) a table cell has; longer single-cell lines
/// are prose. The longest official label is about 35 characters.
const MAX_LABEL_CHARS: usize = 60;

/// Most cells (label fragments and values) kept of one table region: about
/// 400 times an official table 3 (26 rows of 7 values and their labels). A
/// region with more holds rows printed again and again, or other text run
/// into the table; the rows after these are counted, not kept (rule
/// `table-too-large`), so that memory stays bounded whatever the input.
pub const MAX_REGION_CELLS: usize = 100_000;

/// Most values kept of one row (the widest official row has 15 cells); the
/// rest are counted ([`RawRow::slots_left_out`]).
pub const MAX_ROW_SLOTS: usize = 1_000;

/// Label fragments kept for the next row: a real row's label and the header
/// before it hold at most a few dozen. When twice as many are pending, the
/// oldest half is dropped, so that label text without values (or a grid's rows
/// of a label and empty cells, whose words carry on) costs linear time and
/// bounded memory.
const MAX_LABEL_FRAGMENTS: usize = 256;

/// Scans the lines of `doc`; each table region is handed to `region` when it
/// ends, in document order, and not kept.
pub fn scan(doc: &Document, region: impl FnMut(Region)) -> Scan {
    let mut scanner = Scanner::new(region);
    let stride = Stride::of(doc);
    let mut blanks = 0;
    for (index, line) in doc.lines.iter().enumerate() {
        match line.kind {
            // A table row of empty cells (DOCX, HTML): a row of blank values.
            LineKind::Blank if line.grid && doc.cells(line).len() > 1 => {
                scanner.grid_line = true;
                scanner.empty_row(index, doc.cells(line));
            }
            LineKind::Blank => blanks += 1,
            LineKind::LonePipe => scanner.pipe(),
            LineKind::Cells => {
                scanner.grid_line = line.grid;
                let cells = doc.cells(line);
                if let (Some(stride), true, [cell]) = (stride, scanner.region.is_some(), cells) {
                    // One cell per line with a fixed run of blank lines between
                    // cells: longer runs are empty cells, and every cell is one
                    // value, as in a grid.
                    let value = parse_value_cell(doc.text(*cell), cell.start).is_some();
                    if let Some(empties) = stride.empty_cells(blanks, value) {
                        scanner.stride_empties(index, empties, cell.start);
                    }
                    scanner.grid_line = true;
                }
                blanks = 0;
                scanner.run_line = line.separator == xxgk_read::Separator::Run;
                scanner.separated_line = matches!(
                    line.separator,
                    xxgk_read::Separator::Tab | xxgk_read::Separator::Pipe
                );
                scanner.leading_empties.clear();
                scanner.unordered_line = doc.is_out_of_order(line);
                scanner.line(doc, index, doc.cells(line));
            }
        }
    }
    scanner.finish()
}

struct Scanner<F> {
    out: Scan,
    /// Where each region goes when it ends.
    done: F,
    region: Option<Region>,
    pending: Vec<Fragment>,
    /// The compact text of `pending`, joined.
    pending_text: String,
    /// How much of `pending_text` is known to name no official row (it was a
    /// blank row's label, put back): only what follows is searched again.
    pending_checked: usize,
    row: Option<RawRow>,
    /// A lone `|` was the last thing seen: a second one means an empty cell.
    after_pipe: bool,
    /// The line being scanned is a row of a table grid.
    grid_line: bool,
    /// The line being scanned was cut out of a flattened table.
    run_line: bool,
    /// The line being scanned is split at tabs or pipes.
    separated_line: bool,
    /// The line being scanned printed its text out of its order on the page
    /// (a PDF text layer): its values hold places in the row but are not read.
    unordered_line: bool,
    /// Empty grid cells on the current line before its first value, with no
    /// label before them on the line: real blanks of the row the values open
    /// (table 4's value row has no label of its own).
    leading_empties: Vec<Slot>,
}

impl<F: FnMut(Region)> Scanner<F> {
    fn new(done: F) -> Self {
        Scanner {
            out: Scan::default(),
            done,
            region: None,
            pending: Vec::new(),
            pending_text: String::new(),
            pending_checked: 0,
            row: None,
            after_pipe: false,
            grid_line: false,
            run_line: false,
            separated_line: false,
            unordered_line: false,
            leading_empties: Vec::new(),
        }
    }

    /// Adds a label fragment to those pending.
    fn push_pending(&mut self, fragment: Fragment) {
        self.pending_text.push_str(&fragment.compact);
        self.pending.push(fragment);
        self.bound_pending();
    }

    /// Drops the oldest pending fragments, down to [`MAX_LABEL_FRAGMENTS`],
    /// once twice as many are pending.
    fn bound_pending(&mut self) {
        if self.pending.len() < 2 * MAX_LABEL_FRAGMENTS {
            return;
        }
        let excess = self.pending.len() - MAX_LABEL_FRAGMENTS;
        let dropped: usize = self.pending[..excess].iter().map(|f| f.compact.len()).sum();
        self.pending.drain(..excess);
        self.pending_text.drain(..dropped);
        self.pending_checked = self.pending_checked.saturating_sub(dropped);
    }

    /// The pending fragments and their text, taken for a row's label.
    fn take_pending(&mut self) -> (Vec<Fragment>, String) {
        self.pending_checked = 0;
        (
            std::mem::take(&mut self.pending),
            std::mem::take(&mut self.pending_text),
        )
    }

    /// Clears the pending fragments.
    fn clear_pending(&mut self) {
        self.take_pending();
    }

    fn line(&mut self, doc: &Document, index: usize, cells: &[xxgk_read::Cell]) {
        let first = doc.text(cells[0]);
        if cells.len() == 1 && is_prose(first) {
            return;
        }
        if let Some(number) = section_number(first) {
            self.out.headings.push(Heading {
                number,
                range: Range {
                    start: cells[0].start,
                    end: cells[0].end,
                },
                line: index,
            });
            self.heading(number);
            if cells.len() == 1 {
                return;
            }
        }
        // Empty cells before any text on the line are merged-cell residue: they
        // never extend the row of an earlier line.
        let lead = cells
            .iter()
            .take_while(|&&c| doc.text(c).is_empty())
            .count();
        // In a grid, though, they are the blanks of a row that starts on this
        // line (table 4's value row has no label): kept for it.
        if self.grid_line && self.row.is_none() && self.region.is_some() {
            let room = MAX_ROW_SLOTS.saturating_sub(self.leading_empties.len());
            self.leading_empties
                .extend(cells[..lead].iter().take(room).map(|c| {
                    Slot::Empty(Range {
                        start: c.start,
                        end: c.end,
                    })
                }));
        }
        for &cell in &cells[lead..] {
            let text = doc.text(cell);
            if text.is_empty() {
                self.empty(
                    index,
                    Range {
                        start: cell.start,
                        end: cell.end,
                    },
                );
                continue;
            }
            // A cell of values is a table cell in any layout; numbers run onto the
            // end of a long text are only a table row if the text is label-sized.
            let slots = if self.run_line {
                parse_run_cell(text, cell.start)
            } else {
                parse_value_cell(text, cell.start)
            };
            if let Some(slots) = slots {
                self.values(index, slots, true);
                continue;
            }
            match split_trailing_values(text, cell.start) {
                Some((label_len, slots)) => {
                    let label = &text[..label_len];
                    let label_sized =
                        label.chars().filter(|c| !c.is_whitespace()).count() <= MAX_ROW_LABEL_CHARS;
                    self.label(index, cell.start, cell.start + label_len, label);
                    self.values(index, slots, label_sized);
                    if let Some(row) = self.row.as_mut() {
                        row.run_on = true;
                    }
                }
                None => self.label(index, cell.start, cell.end, text),
            }
        }
    }

    fn label(&mut self, line: usize, start: usize, end: usize, text: &str) {
        // Copied only when kept: most text lines lie outside every table.
        let compact: Cow<str> = if text.contains(char::is_whitespace) {
            Cow::Owned(text.chars().filter(|c| !c.is_whitespace()).collect())
        } else {
            Cow::Borrowed(text)
        };
        if let Some(kind) = anchor(&compact) {
            if self.region.as_ref().map(|r| r.kind) != Some(kind) {
                self.close_region();
                self.region = Some(Region::new(kind));
            }
        }
        if self.region.is_none() {
            return;
        }
        self.mark(line);
        // Values seen: the row is complete and this label starts the next one.
        if self.row.is_some() {
            self.close_row();
        }
        self.after_pipe = false;
        // Empty cells before a label are the label column's, not values.
        self.leading_empties.clear();
        self.push_pending(Fragment {
            range: Range { start, end },
            compact: compact.into_owned(),
            line,
        });
    }

    fn values(&mut self, line: usize, mut slots: Vec<Slot>, cellular: bool) {
        self.after_pipe = false;
        if self.region.is_none() {
            return;
        }
        if self.unordered_line {
            // Which value is in which column is unknown: each is printed, none read.
            for slot in &mut slots {
                if let Slot::Number(_) | Slot::Blank(_) = slot {
                    *slot = Slot::Unordered(slot.range());
                }
            }
        }
        self.mark(line);
        let leading = std::mem::take(&mut self.leading_empties);
        let run_line = self.run_line;
        let separated = self.separated_line && !self.grid_line;
        if self.row.is_none() {
            let (label, text) = self.take_pending();
            let mut row = RawRow {
                label,
                text,
                slots: Vec::new(),
                cellular,
                run_on: false,
                grid: self.grid_line,
                flat: run_line,
                separated,
                values_line: Some(line),
                slots_left_out: 0,
            };
            row.extend_slots(leading);
            self.row = Some(row);
        }
        let row = self.row.as_mut().expect("opened above");
        row.separated &= separated && row.values_line == Some(line);
        row.cellular &= cellular;
        row.grid &= self.grid_line;
        row.flat &= run_line;
        row.run_on |= run_line;
        row.extend_slots(slots);
    }

    fn mark(&mut self, line: usize) {
        if self.out.table_lines.last() != Some(&line) {
            self.out.table_lines.push(line);
        }
    }

    fn empty(&mut self, line: usize, range: Range) {
        if let Some(row) = self.row.as_mut() {
            row.push_slot(Slot::Empty(range));
            return;
        }
        // A flattened table's row label with no values after it: a row that
        // printed nothing (see `flat`).
        if self.run_line
            && self.region.is_some()
            && self.pending.last().is_some_and(|f| f.line == line)
        {
            self.open_blank_row(Vec::new());
            if let Some(row) = self.row.as_mut() {
                row.grid = false;
                row.flat = true;
                row.run_on = true;
            }
            return;
        }
        // In a table grid, a label followed by empty cells on its line is a row of
        // blank values — kept if the label names a row (see `close_row`).
        let blank_rows = self
            .region
            .as_ref()
            .is_some_and(|r| r.kind != TableId::Appeals);
        if self.grid_line && blank_rows && self.pending.last().is_some_and(|f| f.line == line) {
            self.open_blank_row(vec![Slot::Empty(range)]);
        }
    }

    /// A line of empty cells only: the blank values of the labels pending.
    fn empty_row(&mut self, line: usize, cells: &[xxgk_read::Cell]) {
        if self.region.is_none() {
            return;
        }
        self.close_row();
        if self.pending.is_empty() {
            return;
        }
        self.mark(line);
        self.open_blank_row(cells.iter().map(|c| {
            Slot::Empty(Range {
                start: c.start,
                end: c.end,
            })
        }));
    }

    /// `count` empty cells seen in a blank-line run (see [`Stride`]): the next
    /// cells of the open row, or the cells of the label just printed.
    fn stride_empties(&mut self, line: usize, count: usize, at: usize) {
        if count == 0 {
            return;
        }
        let empty = Slot::Empty(Range { start: at, end: at });
        if let Some(row) = self.row.as_mut() {
            row.extend_slots(std::iter::repeat_n(empty, count));
            return;
        }
        if !self.pending.is_empty() {
            self.mark(line);
            self.open_blank_row(std::iter::repeat_n(empty, count));
        }
    }

    fn open_blank_row(&mut self, slots: impl IntoIterator<Item = Slot>) {
        // What is known of the label's text carries over to the row (see
        // `close_row`).
        let checked = self.pending_checked;
        let (label, text) = self.take_pending();
        let mut row = RawRow {
            label,
            text,
            slots: Vec::new(),
            cellular: true,
            run_on: false,
            grid: true,
            flat: false,
            separated: false,
            values_line: None,
            slots_left_out: 0,
        };
        row.extend_slots(slots);
        self.row = Some(row);
        self.pending_checked = checked;
    }

    fn pipe(&mut self) {
        if self.after_pipe {
            if let Some(row) = self.row.as_mut() {
                let at = row.slots.last().map_or(0, |s| s.range().end);
                row.push_slot(Slot::Empty(Range { start: at, end: at }));
            }
        }
        self.after_pipe = true;
    }

    /// A section heading ends any table that belongs to an earlier section.
    fn heading(&mut self, number: u8) {
        let ends = match self.region.as_ref().map(|r| r.kind) {
            Some(TableId::Active) => number >= 3,
            Some(TableId::Requests) => number >= 4,
            Some(TableId::Appeals) => number != 4,
            None => false,
        };
        if ends || number == 1 {
            self.close_region();
        }
        // Section 四's table has no other anchor before its header.
        if number == 4 && self.region.is_none() {
            self.region = Some(Region::new(TableId::Appeals));
        }
    }

    fn close_row(&mut self) {
        let checked = std::mem::take(&mut self.pending_checked);
        let (Some(row), Some(region)) = (self.row.take(), self.region.as_mut()) else {
            return;
        };
        let blank = row.slots.iter().all(|s| matches!(s, Slot::Empty(_)));
        if blank && region.kind != TableId::Appeals {
            // The text before `checked` was a blank row's label already and
            // names no row: only a needle that ends after it can match.
            let from = checked.saturating_sub(crate::matcher::longest_needle());
            let from = (from..=checked.min(row.text.len()))
                .find(|&i| row.text.is_char_boundary(i))
                .unwrap_or(0);
            if !names_a_row(region.kind, &row.text[from..]) {
                // A header row ending in empty cells: its words stay pending.
                let (mut label, mut text) = (row.label, row.text);
                let checked = text.len();
                let (pending, pending_text) = self.take_pending();
                label.extend(pending);
                text.push_str(&pending_text);
                self.pending = label;
                self.pending_text = text;
                self.pending_checked = checked;
                self.bound_pending();
                return;
            }
        }
        let cells = row.label.len() + row.slots.len();
        if region.rows_left_out == 0 && region.cells + cells <= MAX_REGION_CELLS {
            region.cells += cells;
            region.rows.push(row);
        } else {
            region.rows_left_out += 1;
            if region.first_left_out.is_none() {
                region.first_left_out = row.range();
            }
        }
    }

    fn close_region(&mut self) {
        self.close_row();
        if let Some(mut region) = self.region.take() {
            region.trailing = self.take_pending().0;
            if !region.rows.is_empty() {
                (self.done)(region);
            }
        }
        self.clear_pending();
    }

    fn finish(mut self) -> Scan {
        self.close_region();
        self.out
    }
}

/// The "one cell per line" layout of page text where every table cell is
/// followed by the same number of blank lines (`gap`) and an empty cell is an
/// empty line plus that gap: a longer run of blank lines says how many empty
/// cells it holds. A row ends with `row_break` extra blank lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stride {
    gap: usize,
    row_break: usize,
}

impl Stride {
    /// Fewest value-to-value gaps that establish the stride.
    const MIN_GAPS: usize = 12;

    /// The document's stride, when its one-value lines are separated by one
    /// gap (at least one blank line) nearly always.
    fn of(doc: &Document) -> Option<Stride> {
        // Without blank lines between cells there is no stride to learn.
        let blank_lines = doc
            .lines
            .iter()
            .filter(|l| l.kind == LineKind::Blank)
            .take(Self::MIN_GAPS)
            .count();
        if blank_lines < Self::MIN_GAPS {
            return None;
        }
        // How often each gap occurs (counted, not listed: a long document
        // of one-value lines must not cost memory per line).
        let mut value_gaps: BTreeMap<usize, usize> = BTreeMap::new();
        let mut label_gaps: BTreeMap<usize, usize> = BTreeMap::new();
        let mut previous_value = None;
        let mut blanks = 0;
        for line in &doc.lines {
            match line.kind {
                LineKind::Blank => blanks += 1,
                LineKind::LonePipe => return None,
                LineKind::Cells => {
                    let cells = doc.cells(line);
                    let value = cells.len() == 1
                        && doc.text(cells[0]).starts_with(|c: char| c.is_ascii_digit())
                        && parse_value_cell(doc.text(cells[0]), cells[0].start).is_some();
                    if previous_value == Some(true) {
                        let gaps = if value {
                            &mut value_gaps
                        } else {
                            &mut label_gaps
                        };
                        *gaps.entry(blanks).or_insert(0) += 1;
                    }
                    previous_value = Some(value);
                    blanks = 0;
                }
            }
        }
        let gap = mode(&value_gaps)?;
        let share = value_gaps[&gap];
        let total: usize = value_gaps.values().sum();
        if gap == 0 || total < Self::MIN_GAPS || share * 4 < total * 3 {
            return None;
        }
        let breaks: BTreeMap<usize, usize> = label_gaps
            .iter()
            .filter_map(|(g, &n)| Some((g.checked_sub(gap)?, n)))
            .collect();
        let row_break = mode(&breaks).unwrap_or(0);
        Some(Stride { gap, row_break })
    }

    /// How many empty cells a run of `blanks` blank lines holds before a value
    /// line (`value`) or a label line; `None` when it cannot be told.
    fn empty_cells(&self, blanks: usize, value: bool) -> Option<usize> {
        let cell = self.gap + 1;
        let within = |extra: usize| {
            blanks
                .checked_sub(self.gap + extra)
                .filter(|rest| rest % cell == 0)
                .map(|rest| rest / cell)
        };
        let plain = within(0);
        let broken = (self.row_break > 0)
            .then(|| within(self.row_break))
            .flatten();
        match (plain, broken) {
            (Some(e), None) | (None, Some(e)) => Some(e),
            (Some(a), Some(b)) if a == b => Some(a),
            _ if value => None,
            _ => None,
        }
    }
}

/// The most frequent value of `counts` (value → how often), the smallest
/// among ties.
fn mode(counts: &BTreeMap<usize, usize>) -> Option<usize> {
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(&v, _)| v)
}

/// Whether a compact label names an official row of the table (exactly, not by
/// similarity): only such a label opens a row of blank values.
pub fn names_a_row(kind: TableId, label: &str) -> bool {
    Schema::ALL
        .into_iter()
        .filter(|s| s.table() == kind)
        .any(|s| crate::matcher::match_needles(label, s, |_| true).is_some())
}

/// A paragraph: a sentence (。) or longer than any table label.
pub fn is_prose(text: &str) -> bool {
    // Characters counted only up to the first past the limit.
    text.contains('。')
        || text
            .chars()
            .filter(|c| !c.is_whitespace())
            .nth(MAX_LABEL_CHARS)
            .is_some()
}

/// `二、主动公开政府信息情况` → 2. Table 3's own numbered rows (一、本年新收…) are
/// not headings: they carry none of the section words.
pub fn section_number(text: &str) -> Option<u8> {
    /// Longest section heading, in characters other than whitespace.
    const MAX_SECTION_HEADING_CHARS: usize = 40;
    let mut head = text.chars().filter(|c| !c.is_whitespace());
    if !matches!(head.next(), Some('一' | '二' | '三' | '四' | '五' | '六'))
        || head.next() != Some('、')
    {
        return None;
    }
    // Compacted on the stack (this runs for every line that starts 一、…六、),
    // and a long line (a paragraph) is rejected at the first character past
    // the limit.
    let mut buffer = [0u8; 4 * MAX_SECTION_HEADING_CHARS];
    let mut len = 0;
    for (count, c) in text.chars().filter(|c| !c.is_whitespace()).enumerate() {
        if count == MAX_SECTION_HEADING_CHARS {
            return None;
        }
        len += c.encode_utf8(&mut buffer[len..]).len();
    }
    let Ok(compact) = std::str::from_utf8(&buffer[..len]) else {
        return None; // whole characters were written: never taken
    };
    let (numeral, rest) = compact.split_once('、')?;
    let number = match numeral {
        "一" => 1,
        "二" => 2,
        "三" => 3,
        "四" => 4,
        "五" => 5,
        "六" => 6,
        _ => return None,
    };
    let def = &SECTIONS[number as usize - 1];
    def.needles
        .iter()
        .any(|n| rest.contains(n))
        .then_some(number)
}

/// Label text that can only belong to one table's header.
fn anchor(compact: &str) -> Option<TableId> {
    let (automaton, kinds) = anchors();
    automaton
        .find(compact)
        .map(|m| kinds[m.pattern().as_usize()])
}

/// The anchors of the three tables, compiled once. Table 2's anchors come first:
/// a label holding both kinds of words (never seen) is read as table 2's.
fn anchors() -> &'static (AhoCorasick, Vec<TableId>) {
    static ANCHORS: OnceLock<(AhoCorasick, Vec<TableId>)> = OnceLock::new();
    ANCHORS.get_or_init(|| {
        const ACTIVE: &[&str] = &["第二十条第", labels::INFO_CONTENT];
        const REQUESTS: &[&str] = &[
            "本列数据的勾稽关系",
            labels::APPLICANTS,
            "本年新收政府信息公开申请",
        ];
        const APPEALS: &[&str] = &["未经复议直接起诉", "复议后起诉"];
        let mut patterns: Vec<&str> = Vec::new();
        let mut kinds = Vec::new();
        let groups: [(&[&str], TableId); 5] = [
            (ACTIVE, TableId::Active),
            (labels::ACTIVE_2019_MARKERS, TableId::Active),
            (labels::ACTIVE_2021_MARKERS, TableId::Active),
            (REQUESTS, TableId::Requests),
            (APPEALS, TableId::Appeals),
        ];
        for (words, kind) in groups {
            patterns.extend_from_slice(words);
            kinds.extend(std::iter::repeat_n(kind, words.len()));
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&patterns)
            .expect("anchors are plain strings");
        (automaton, kinds)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regions(text: &str) -> Vec<Region> {
        let doc = Document::from_text(text.to_string());
        let mut regions = Vec::new();
        scan(&doc, |r| regions.push(r));
        regions
    }

    fn rows(text: &str) -> Vec<(TableId, String, usize)> {
        regions(text)
            .iter()
            .flat_map(|r| {
                r.rows.iter().map(move |row| {
                    (
                        r.kind,
                        row.label_text().to_string(),
                        row.trimmed_slots().len(),
                    )
                })
            })
            .collect()
    }

    #[test]
    fn headings_are_not_table_rows() {
        assert_eq!(
            section_number("三、收到和处理政府信息公开申请情况"),
            Some(3)
        );
        assert!(section_number("#### 四、政府信息公开行政复议、行政诉讼情况").is_none());
        assert_eq!(
            section_number("四、政府信息公开行政复议、行政诉讼情况"),
            Some(4)
        );
        assert_eq!(section_number("一、本年新收政府信息公开申请数量"), None);
        assert_eq!(section_number("四、结转下年度继续办理"), None);
        assert_eq!(section_number("五、存在的主要问题及改进措施"), Some(5));
    }

    #[test]
    fn one_cell_per_line_and_lone_pipes_give_the_same_rows() {
        let per_line = "一、本年新收政府信息公开申请数量\n10\n0\n0\n0\n0\n0\n10\n(七)总计\n1\n";
        let piped =
            "一、本年新收政府信息公开申请数量\n|\n10\n|\n0\n|\n|\n0\n|\n0\n|\n0\n|\n0\n|\n10\n";
        assert_eq!(
            rows(per_line)[0],
            (
                TableId::Requests,
                "一、本年新收政府信息公开申请数量".into(),
                7
            )
        );
        assert_eq!(rows(piped)[0].2, 8, "the doubled pipe is an empty cell");
    }

    #[test]
    fn prose_and_text_before_any_table_are_ignored() {
        let text = "年内共收到申请 64 件，均已办结。\n规章\t1\t2\t3\n第二十条第(一)项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t0\t5\n";
        assert_eq!(
            rows(text),
            [(
                TableId::Active,
                "第二十条第(一)项信息内容本年制发件数本年废止件数现行有效件数规章".into(),
                3
            )]
        );
    }

    /// Rows of a label and empty cells (a grid) whose words carry on to the
    /// next row: only the last few hundred are kept, so that ten thousand of
    /// them cost linear time, and the row that finally prints values still
    /// reads.
    #[test]
    fn label_words_carried_on_are_bounded() {
        let mut html = String::from("<table><tr><td>本列数据的勾稽关系</td><td>自然人</td></tr>");
        for i in 0..10_000 {
            let word = ["说明", "备注", "注释", "附记"][i % 4];
            html.push_str(&format!("<tr><td>{word}</td><td></td><td></td></tr>"));
        }
        html.push_str(
            "<tr><td>一、本年新收政府信息公开申请数量</td><td>1</td><td>1</td></tr></table>",
        );
        let doc = xxgk_read::html::from_html(html).unwrap();
        let mut regions = Vec::new();
        scan(&doc, |r| regions.push(r));
        let row = regions[0].rows.last().unwrap();
        assert!(
            row.label.len() < 2 * MAX_LABEL_FRAGMENTS,
            "{}",
            row.label.len()
        );
        assert!(row
            .label_text()
            .ends_with("注释附记一、本年新收政府信息公开申请数量"));
        assert_eq!(regions[0].rows.len(), 1);
        assert_eq!(row.trimmed_slots().len(), 2);
    }

    /// A region keeps rows up to its budget of cells and counts the rest.
    #[test]
    fn a_region_keeps_a_bounded_number_of_cells() {
        let mut text = String::from("本年新收政府信息公开申请\n");
        for _ in 0..20_000 {
            text.push_str("二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n");
        }
        let regions = regions(&text);
        let region = &regions[0];
        // Eight cells a row (a label and seven values), nine the first (the
        // header's words are in its label).
        let kept = (MAX_REGION_CELLS - 9) / 8 + 1;
        assert_eq!(region.rows.len(), kept);
        assert_eq!(region.rows_left_out, 20_000 - kept);
        assert!(region.first_left_out.is_some());
    }

    /// A row keeps its first values up to the limit and counts the rest.
    #[test]
    fn a_row_keeps_a_bounded_number_of_values() {
        let values = "\t1".repeat(MAX_ROW_SLOTS + 500);
        let text = format!("本年新收政府信息公开申请\n一、本年新收政府信息公开申请数量{values}\n");
        let regions = regions(&text);
        let row = &regions[0].rows[0];
        assert_eq!(row.slots.len(), MAX_ROW_SLOTS);
        assert_eq!(row.slots_left_out, 500);
    }
}
