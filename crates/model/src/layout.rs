//! One layout of each official table, per format year: the rectangle of cells
//! the official Word template draws — header rows with their row and column
//! spans, then the body with its label cells and their spans — and, for each
//! value cell, which row and column of the table it shows.
//!
//! Renderers draw from these layouts and fill in the values of a report (the
//! Markdown, HTML and DOCX of `xxgk-render`; the fill-in sheet of
//! `xxgk-author` takes table 3's column header from here). Every text comes
//! from [`crate::labels`]; this module only arranges it.

use crate::labels::{self, BlockDef, ColumnDef, GroupDef, RowDef};
use crate::{AppealGroup, RequestRow, RowKind, Schema, TableId, Template};
use std::sync::OnceLock;

/// What a cell holds, which decides its alignment and shading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A block heading of table 2 (第二十条第（一）项): shaded, left-aligned.
    Block,
    /// A column header (centred).
    Head,
    /// A row label, left-aligned (table 3).
    Label,
    /// A row label printed centred (table 2, as the official template does).
    CentredLabel,
    /// The identity note over table 3's labels (left-aligned).
    Note,
    /// A value.
    Value,
}

/// What a cell shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Content {
    /// Official wording.
    Text(&'static str),
    /// The value of a table cell: the row (index into its schema's rows) and
    /// the position in that row's columns.
    Value {
        /// Index into [`Schema::rows`] (and [`RowKind::ALL`]).
        row: usize,
        /// Index into the row's columns.
        position: usize,
    },
}

/// A cell of a layout: its top-left position, its extent and what it shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    /// The top row (0-based, header rows included).
    pub row: usize,
    /// The left column (0-based).
    pub col: usize,
    /// Rows the cell spans (≥ 1).
    pub rowspan: usize,
    /// Columns the cell spans (≥ 1).
    pub colspan: usize,
    /// What kind of cell it is.
    pub role: Role,
    /// What it shows.
    pub content: Content,
}

/// One official table as a rectangle of cells.
#[derive(Debug)]
pub struct Layout {
    /// The rows and columns the value cells refer to.
    pub schema: Schema,
    /// Relative column widths (the official template's, in twips).
    pub widths: &'static [u32],
    /// How many rows at the top are headers (repeated on each printed page).
    pub header_rows: usize,
    /// How many rows the table has, header rows included.
    pub height: usize,
    /// The schema rows the table prints, in order (indices into its rows).
    pub rows: Vec<usize>,
    /// Every cell, each position of the rectangle covered by exactly one.
    pub cells: Vec<Placed>,
}

impl Layout {
    /// How many columns the table has.
    pub fn columns(&self) -> usize {
        self.widths.len()
    }

    /// The first column that holds values (the columns before it hold labels).
    pub fn first_value_column(&self) -> usize {
        self.cells
            .iter()
            .filter(|c| matches!(c.content, Content::Value { .. }))
            .map(|c| c.col)
            .min()
            .unwrap_or(0)
    }
}

/// The official layout of `table` in the format of `template`.
pub fn official(table: TableId, template: Template) -> &'static Layout {
    static LAYOUTS: [[OnceLock<Layout>; 2]; 3] = [
        [OnceLock::new(), OnceLock::new()],
        [OnceLock::new(), OnceLock::new()],
        [OnceLock::new(), OnceLock::new()],
    ];
    let year = match template {
        Template::V2019 => 0,
        Template::V2021 => 1,
    };
    LAYOUTS[table as usize][year].get_or_init(|| match table {
        TableId::Active => active(template),
        TableId::Requests => requests(template),
        TableId::Appeals => appeals(),
    })
}

/// The rows of table 3 in a format: （六） is one row in 2019, three in 2021.
pub fn request_rows(template: Template) -> Vec<RequestRow> {
    RequestRow::ALL
        .iter()
        .copied()
        .filter(|r| match r {
            RequestRow::Other => template == Template::V2019,
            RequestRow::OtherNoCorrection | RequestRow::OtherUnpaidFee | RequestRow::OtherMisc => {
                template == Template::V2021
            }
            _ => true,
        })
        .collect()
}

/// Builds a layout cell by cell.
struct Builder {
    layout: Layout,
}

impl Builder {
    fn new(schema: Schema, widths: &'static [u32]) -> Builder {
        Builder {
            layout: Layout {
                schema,
                widths,
                header_rows: 0,
                height: 0,
                rows: Vec::new(),
                cells: Vec::new(),
            },
        }
    }

    /// Starts a row below the last one and returns its index.
    fn row(&mut self) -> usize {
        self.layout.height += 1;
        self.layout.height - 1
    }

    fn put(&mut self, at: (usize, usize), span: (usize, usize), role: Role, content: Content) {
        let (row, col) = at;
        let (rowspan, colspan) = span;
        self.layout.height = self.layout.height.max(row + rowspan);
        self.layout.cells.push(Placed {
            row,
            col,
            rowspan,
            colspan,
            role,
            content,
        });
    }

    fn text(&mut self, at: (usize, usize), span: (usize, usize), role: Role, text: &'static str) {
        self.put(at, span, role, Content::Text(text));
    }

    fn value(&mut self, at: (usize, usize), span: (usize, usize), row: usize, position: usize) {
        self.put(at, span, Role::Value, Content::Value { row, position });
    }

    /// Column headers of `columns` from (`top`, `left`), two levels deep: a
    /// column under a group heading sits below it, one without spans both.
    fn column_header(&mut self, top: usize, left: usize, columns: &[&'static ColumnDef]) {
        let mut previous: Option<&GroupDef> = None;
        for (i, column) in columns.iter().enumerate() {
            let col = left + i;
            match column.parent {
                Some(group) => {
                    if previous != Some(group) {
                        let size = columns[i..]
                            .iter()
                            .take_while(|c| c.parent == Some(group))
                            .count();
                        self.text((top, col), (1, size), Role::Head, group.label);
                    }
                    self.text((top + 1, col), (1, 1), Role::Head, column.label);
                }
                None => self.text((top, col), (2, 1), Role::Head, column.label),
            }
            previous = column.parent;
        }
    }

    fn finish(self) -> Layout {
        self.layout
    }
}

/// Official widths of table 2: four equal columns.
const ACTIVE_WIDTHS: &[u32] = &[2435; 4];

/// Table 2: per item of 第二十条, a shaded heading, a header of the block's
/// columns under 信息内容, then its rows; a row with fewer values than the
/// widest block spans its last value over the columns left.
fn active(template: Template) -> Layout {
    let (schema, blocks): (Schema, &[BlockDef]) = match template {
        Template::V2019 => (Schema::Active2019, labels::ACTIVE_2019_BLOCKS),
        Template::V2021 => (Schema::Active2021, labels::ACTIVE_2021_BLOCKS),
    };
    let rows = schema.rows();
    let mut b = Builder::new(schema, ACTIVE_WIDTHS);
    let width = ACTIVE_WIDTHS.len();
    for block in blocks {
        let r = b.row();
        b.text((r, 0), (1, width), Role::Block, block.heading);
        let r = b.row();
        b.text((r, 0), (1, 1), Role::Head, labels::INFO_CONTENT);
        let columns = rows[block.rows[0]].columns;
        for (i, &c) in columns.iter().enumerate() {
            let span = spread(i, columns.len(), width);
            b.text((r, 1 + i), span, Role::Head, schema.columns()[c].label);
        }
        for &row in block.rows {
            let r = b.row();
            b.layout.rows.push(row);
            b.text((r, 0), (1, 1), Role::CentredLabel, rows[row].own_label);
            let cells = rows[row].columns.len();
            for position in 0..cells {
                b.value(
                    (r, 1 + position),
                    spread(position, cells, width),
                    row,
                    position,
                );
            }
        }
    }
    b.finish()
}

/// The span of the `i`-th of `n` cells after the label column: the last one
/// spans the columns left (a 2021 row with one value spans three columns).
fn spread(i: usize, n: usize, width: usize) -> (usize, usize) {
    (1, if i + 1 == n { width - 1 - i } else { 1 })
}

/// Official widths of table 3: three label columns, seven values.
const REQUEST_WIDTHS: &[u32] = &[754, 921, 3271, 685, 685, 685, 685, 685, 685, 685];

/// Table 3: the identity note beside three header rows (申请人情况 over the
/// applicant columns, 法人或其他组织 over five of them), then every row: 一, 二
/// and 四 across the three label columns; 三、本年度办理结果 merged down over
/// the outcome rows and （七）总计, each group heading merged down over its
/// sub-rows.
fn requests(template: Template) -> Layout {
    let schema = Schema::Requests;
    let columns: Vec<&ColumnDef> = schema.columns().iter().collect();
    let mut b = Builder::new(schema, REQUEST_WIDTHS);
    let labels_width = 3;
    b.text(
        (0, 0),
        (3, labels_width),
        Role::Note,
        labels::REQUESTS_IDENTITY_NOTE,
    );
    b.text(
        (0, labels_width),
        (1, columns.len()),
        Role::Head,
        labels::APPLICANTS,
    );
    b.column_header(1, labels_width, &columns);
    b.layout.header_rows = 3;

    let rows = request_rows(template);
    let results = rows
        .iter()
        .filter(|r| RequestRow::OUTCOMES.contains(r) || **r == RequestRow::Total)
        .count();
    let mut in_results = false;
    let mut previous: Option<&GroupDef> = None;
    for (i, &row) in rows.iter().enumerate() {
        let r = 3 + i;
        let def = row.def();
        b.layout.rows.push(row.index());
        match row {
            RequestRow::Received | RequestRow::CarriedIn | RequestRow::CarriedOut => {
                b.text((r, 0), (1, labels_width), Role::Label, def.own_label);
            }
            _ => {
                if !in_results {
                    in_results = true;
                    b.text((r, 0), (results, 1), Role::Label, labels::RESULTS_GROUP);
                }
                match def.parent {
                    Some(group) => {
                        if previous != Some(group) {
                            let size = members(&rows, group);
                            b.text((r, 1), (size, 1), Role::Label, group.label);
                        }
                        b.text((r, 2), (1, 1), Role::Label, def.own_label);
                    }
                    None => b.text((r, 1), (1, 2), Role::Label, def.own_label),
                }
            }
        }
        previous = def.parent;
        for position in 0..def.columns.len() {
            b.value((r, labels_width + position), (1, 1), row.index(), position);
        }
    }
    b.finish()
}

/// How many of `rows` stand under `group`.
fn members<R: RowKind>(rows: &[R], group: &GroupDef) -> usize {
    rows.iter()
        .filter(|r| r.def().parent == Some(group))
        .count()
}

/// Table 4: 行政复议 | 行政诉讼 over 未经复议直接起诉 | 复议后起诉, the five
/// outcome columns under each, then all fifteen values on one row.
fn appeals() -> Layout {
    let schema = Schema::Appeals;
    let columns: Vec<&ColumnDef> = schema.columns().iter().collect();
    let n = columns.len();
    let mut b = Builder::new(schema, &[649; 15]);
    let mut previous: Option<&GroupDef> = None;
    for (g, &group) in AppealGroup::ALL.iter().enumerate() {
        let def: &RowDef = group.def();
        let left = n * g;
        match def.parent {
            Some(parent) => {
                if previous != Some(parent) {
                    let size = members(AppealGroup::ALL, parent);
                    b.text((0, left), (1, n * size), Role::Head, parent.label);
                }
                b.text((1, left), (1, n), Role::Head, def.own_label);
                for (i, column) in columns.iter().enumerate() {
                    b.text((2, left + i), (1, 1), Role::Head, column.label);
                }
            }
            None => {
                b.text((0, left), (1, n), Role::Head, def.own_label);
                for (i, column) in columns.iter().enumerate() {
                    b.text((1, left + i), (2, 1), Role::Head, column.label);
                }
            }
        }
        previous = def.parent;
    }
    b.layout.header_rows = 3;
    let r = b.row();
    for &group in AppealGroup::ALL {
        b.layout.rows.push(group.index());
        for position in 0..n {
            b.value(
                (r, n * group.index() + position),
                (1, 1),
                group.index(),
                position,
            );
        }
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_layout() -> Vec<(TableId, Template, &'static Layout)> {
        let mut out = Vec::new();
        for table in TableId::ALL {
            for template in [Template::V2019, Template::V2021] {
                out.push((table, template, official(table, template)));
            }
        }
        out
    }

    /// The cell covering each position, or a panic on a gap, an overlap or a
    /// cell outside the rectangle.
    fn coverage(layout: &Layout) -> Vec<Vec<usize>> {
        let mut owner = vec![vec![usize::MAX; layout.columns()]; layout.height];
        for (i, cell) in layout.cells.iter().enumerate() {
            assert!(cell.rowspan >= 1 && cell.colspan >= 1, "{cell:?}");
            assert!(cell.row + cell.rowspan <= layout.height, "{cell:?}");
            assert!(cell.col + cell.colspan <= layout.columns(), "{cell:?}");
            for row in &mut owner[cell.row..cell.row + cell.rowspan] {
                for slot in &mut row[cell.col..cell.col + cell.colspan] {
                    assert_eq!(*slot, usize::MAX, "overlap at {cell:?}");
                    *slot = i;
                }
            }
        }
        owner
    }

    #[test]
    fn spans_cover_every_position_exactly_once() {
        for (table, template, layout) in every_layout() {
            let owner = coverage(layout);
            assert!(
                owner.iter().flatten().all(|&o| o != usize::MAX),
                "{table:?} {template:?} has a gap"
            );
        }
    }

    #[test]
    fn every_printed_cell_of_every_row_appears_once() {
        for (table, template, layout) in every_layout() {
            let rows = layout.schema.rows();
            let mut seen = std::collections::BTreeMap::new();
            for cell in &layout.cells {
                if let Content::Value { row, position } = cell.content {
                    *seen.entry((row, position)).or_insert(0) += 1;
                    assert!(cell.row >= layout.header_rows, "value in header");
                }
            }
            let expected: Vec<(usize, usize)> = layout
                .rows
                .iter()
                .flat_map(|&r| (0..rows[r].columns.len()).map(move |p| (r, p)))
                .collect();
            assert_eq!(seen.keys().copied().collect::<Vec<_>>(), expected);
            assert!(seen.values().all(|&n| n == 1), "{table:?} {template:?}");
            // Each printed row's own label is printed exactly once.
            for &r in &layout.rows {
                let label = rows[r].own_label;
                let count = layout
                    .cells
                    .iter()
                    .filter(|c| c.content == Content::Text(label))
                    .count();
                assert_eq!(count, 1, "{table:?} {template:?} {label}");
            }
        }
    }

    #[test]
    fn the_2019_and_2021_formats_differ_where_the_forms_do() {
        let a19 = official(TableId::Active, Template::V2019);
        let a21 = official(TableId::Active, Template::V2021);
        assert_eq!(
            (a19.schema, a19.rows.len(), a19.height),
            (Schema::Active2019, 8, 5 * 2 + 8)
        );
        assert_eq!(
            (a21.schema, a21.rows.len(), a21.height),
            (Schema::Active2021, 6, 4 * 2 + 6)
        );
        let licensing = a21
            .cells
            .iter()
            .find(|c| {
                c.content
                    == Content::Value {
                        row: 2,
                        position: 0,
                    }
            })
            .unwrap();
        assert_eq!(licensing.colspan, 3);

        let r19 = official(TableId::Requests, Template::V2019);
        let r21 = official(TableId::Requests, Template::V2021);
        assert_eq!(r19.height, 3 + 23);
        assert_eq!(r21.height, 3 + 25);
        let other = RequestRow::Other.index();
        assert!(r19.rows.contains(&other) && !r21.rows.contains(&other));
        let heading = |layout: &Layout, text| {
            layout
                .cells
                .iter()
                .find(|c| c.content == Content::Text(text))
                .map(|c| (c.row, c.rowspan))
        };
        assert_eq!(heading(r19, labels::RESULTS_GROUP), Some((5, 20)));
        assert_eq!(heading(r21, labels::RESULTS_GROUP), Some((5, 22)));
        // （六）其他处理 is a row of its own in 2019, a heading over three in 2021.
        assert_eq!(
            heading(r21, labels::REQUEST_OTHER.label).map(|h| h.1),
            Some(3)
        );

        let t19 = official(TableId::Appeals, Template::V2019);
        let t21 = official(TableId::Appeals, Template::V2021);
        assert_eq!(t19.cells, t21.cells);
    }

    #[test]
    fn group_headings_stand_over_their_members() {
        let r = official(TableId::Requests, Template::V2021);
        let org = r
            .cells
            .iter()
            .find(|c| c.content == Content::Text(labels::APPLICANT_ORGANISATIONS.label))
            .unwrap();
        assert_eq!((org.row, org.col, org.rowspan, org.colspan), (1, 4, 1, 5));
        let a = official(TableId::Appeals, Template::V2021);
        let litigation = a
            .cells
            .iter()
            .find(|c| c.content == Content::Text(labels::APPEAL_LITIGATION.label))
            .unwrap();
        assert_eq!(
            (litigation.row, litigation.col, litigation.colspan),
            (0, 5, 10)
        );
        assert_eq!(a.height, 4);
    }
}
