//! The three tables as grids in the official layout, before any output format.
//!
//! A grid is the rectangle of positions the official Word template draws: every
//! position is either the top-left corner of a (possibly merged) cell or covered
//! by a merged cell above or to the left. Markdown prints covered positions as
//! empty cells, HTML leaves them out (`rowspan`/`colspan`), DOCX writes
//! `w:gridSpan` and `w:vMerge` continuations. Every row and column label comes
//! from [`xxgk_model::labels`] and the row enums; the few structural headings
//! that `labels` does not hold are in [`crate::structure`].

use crate::structure;
use xxgk_model::labels;
use xxgk_model::{
    Active, Active2019Row, Active2021Row, AppealGroup, Number, RequestRow, RowKind, Table, Template,
};

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
    /// A value; empty when the cell is blank.
    Value,
}

/// The top-left position of a cell and its extent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub colspan: usize,
    pub rowspan: usize,
    pub role: Role,
}

/// One position of the grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    Cell(Cell),
    /// Covered by the merged cell whose top-left position is (`row`, `col`).
    Covered {
        row: usize,
        col: usize,
    },
}

/// A table as a rectangle of positions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grid {
    /// Relative column widths (the official template's, in twips).
    pub widths: Vec<u32>,
    /// How many rows at the top are headers (repeated on each printed page).
    pub header_rows: usize,
    pub rows: Vec<Vec<Slot>>,
}

impl Grid {
    fn new(widths: Vec<u32>) -> Grid {
        Grid {
            widths,
            header_rows: 0,
            rows: Vec::new(),
        }
    }

    pub fn columns(&self) -> usize {
        self.widths.len()
    }

    /// Starts a row; positions not yet covered from above are filled by `put`.
    fn row(&mut self) -> usize {
        self.rows.push(vec![
            Slot::Covered {
                row: usize::MAX,
                col: usize::MAX
            };
            self.columns()
        ]);
        self.rows.len() - 1
    }

    /// Puts a cell at (`row`, `col`) spanning `rowspan` × `colspan`, adding rows
    /// below as needed, and marks the positions it covers.
    fn put(
        &mut self,
        row: usize,
        col: usize,
        rowspan: usize,
        colspan: usize,
        text: &str,
        role: Role,
    ) {
        while self.rows.len() < row + rowspan {
            self.row();
        }
        for r in row..row + rowspan {
            for c in col..col + colspan {
                self.rows[r][c] = Slot::Covered { row, col };
            }
        }
        self.rows[row][col] = Slot::Cell(Cell {
            text: text.to_string(),
            colspan,
            rowspan,
            role,
        });
    }

    /// The cell whose top-left position is (`row`, `col`).
    pub fn cell(&self, row: usize, col: usize) -> Option<&Cell> {
        match &self.rows[row][col] {
            Slot::Cell(cell) => Some(cell),
            Slot::Covered { .. } => None,
        }
    }

    /// True when every position is a cell or covered by one (a builder bug otherwise).
    fn is_complete(&self) -> bool {
        self.rows.iter().flatten().all(|slot| match slot {
            Slot::Cell(_) => true,
            Slot::Covered { row, .. } => *row != usize::MAX,
        })
    }
}

/// How a blank value cell prints: the dash reports print for "nothing to
/// report", which the report contract reads as blank — never 0.
///
/// An empty cell would be the official blank form's look, but it cannot be
/// read back reliably: an empty pipe cell reads as the residue of a merged
/// cell, table 4's value row has no label to anchor its empty leading cells,
/// and a PDF's text layer drops empty cells altogether. A dash keeps every
/// position.
pub const BLANK: &str = "—";

/// A value as printed: the exact decimal, or [`BLANK`] (never 0).
pub fn value_text(value: Option<Number>) -> String {
    value.map_or_else(|| BLANK.to_string(), |n| n.to_string())
}

/// The table-2 grid of a report (a blank one of `template` when it has none).
pub fn active(active: Option<&Active>, template: Template) -> Grid {
    match (active, template) {
        (Some(Active::V2019(table)), _) => active_blocks(Some(table), structure::BLOCKS_2019),
        (Some(Active::V2021(table)), _) => active_blocks(Some(table), structure::BLOCKS_2021),
        (None, Template::V2019) => active_blocks::<Active2019Row>(None, structure::BLOCKS_2019),
        (None, Template::V2021) => active_blocks::<Active2021Row>(None, structure::BLOCKS_2021),
    }
}

/// Official widths of table 2: four equal columns.
const ACTIVE_WIDTHS: [u32; 4] = [2435; 4];

fn active_blocks<R: RowKind>(table: Option<&Table<R>>, blocks: &[(&str, &[R])]) -> Grid {
    let mut grid = Grid::new(ACTIVE_WIDTHS.to_vec());
    let width = grid.columns();
    for (item, rows) in blocks {
        let r = grid.row();
        grid.put(r, 0, 1, width, &structure::article_item(item), Role::Block);
        let columns = rows[0].columns();
        let r = grid.row();
        grid.put(r, 0, 1, 1, structure::INFO_CONTENT, Role::Head);
        spread(
            &mut grid,
            r,
            columns.len(),
            |i| R::column_defs()[columns[i]].label.to_string(),
            Role::Head,
        );
        for &row in *rows {
            let r = grid.row();
            grid.put(r, 0, 1, 1, row.def().label, Role::CentredLabel);
            let cells = row.columns().len();
            spread(
                &mut grid,
                r,
                cells,
                |i| value_text(table.and_then(|t| t.get(row, i))),
                Role::Value,
            );
        }
    }
    debug_assert!(grid.is_complete());
    grid
}

/// Puts `n` cells after the label column of row `r`, the last one spanning the
/// columns left (a 2021 row with one value spans three columns).
fn spread(grid: &mut Grid, r: usize, n: usize, text: impl Fn(usize) -> String, role: Role) {
    let width = grid.columns();
    for i in 0..n {
        let colspan = if i + 1 == n { width - 1 - i } else { 1 };
        grid.put(r, 1 + i, 1, colspan, &text(i), role);
    }
}

/// The rows of （六）其他处理 to print: the report's own (one row or three), else
/// the template's.
pub fn other_rows(
    requests: Option<&Table<RequestRow>>,
    template: Template,
) -> &'static [RequestRow] {
    const SINGLE: &[RequestRow] = &[RequestRow::Other];
    const SPLIT: &[RequestRow] = &[
        RequestRow::OtherNoCorrection,
        RequestRow::OtherUnpaidFee,
        RequestRow::OtherMisc,
    ];
    match requests {
        Some(t) if t.has_row(RequestRow::Other) => SINGLE,
        Some(t) if SPLIT.iter().any(|&r| t.has_row(r)) => SPLIT,
        _ if template == Template::V2019 => SINGLE,
        _ => SPLIT,
    }
}

/// The rows of table 3 in print order for a report.
pub fn request_rows(requests: Option<&Table<RequestRow>>, template: Template) -> Vec<RequestRow> {
    let other = other_rows(requests, template);
    RequestRow::ALL
        .iter()
        .copied()
        .filter(|r| {
            let is_other = matches!(
                r,
                RequestRow::Other
                    | RequestRow::OtherNoCorrection
                    | RequestRow::OtherUnpaidFee
                    | RequestRow::OtherMisc
            );
            !is_other || other.contains(r)
        })
        .collect()
}

/// Official widths of table 3: three label columns, seven values.
const REQUEST_WIDTHS: [u32; 10] = [754, 921, 3271, 685, 685, 685, 685, 685, 685, 685];

/// Table 3: the three header rows under the identity note, then every row with
/// the group labels merged down over their sub-rows, as the official template.
pub fn requests(requests: Option<&Table<RequestRow>>, template: Template) -> Grid {
    let columns = labels::APPLICANT_COLUMNS;
    let mut grid = Grid::new(REQUEST_WIDTHS.to_vec());
    grid.put(0, 0, 3, 3, labels::REQUESTS_IDENTITY_NOTE, Role::Note);
    grid.put(0, 3, 1, 7, structure::APPLICANTS, Role::Head);
    grid.put(1, 3, 2, 1, columns[0].label, Role::Head);
    grid.put(1, 4, 1, 5, labels::APPLICANT_ORG_GROUP, Role::Head);
    grid.put(1, 9, 2, 1, columns[6].label, Role::Head);
    for (i, column) in columns[1..6].iter().enumerate() {
        grid.put(2, 4 + i, 1, 1, column.label, Role::Head);
    }
    grid.header_rows = 3;

    let rows = request_rows(requests, template);
    // 三、本年度办理结果 stands over the outcome rows and （七）总计.
    let results: Vec<RequestRow> = rows
        .iter()
        .copied()
        .filter(|r| RequestRow::OUTCOMES.contains(r) || *r == RequestRow::Total)
        .collect();
    let mut previous_group = None;
    for (i, &row) in rows.iter().enumerate() {
        // Rows below may exist already, made by a label merged downwards.
        let r = grid.header_rows + i;
        let def = row.def();
        match row {
            RequestRow::Received | RequestRow::CarriedIn | RequestRow::CarriedOut => {
                grid.put(r, 0, 1, 3, def.label, Role::Label);
            }
            _ => {
                if results.first() == Some(&row) {
                    grid.put(
                        r,
                        0,
                        results.len(),
                        1,
                        structure::RESULTS_GROUP,
                        Role::Label,
                    );
                }
                match def.group() {
                    Some(group) => {
                        if previous_group != Some(group) {
                            let size = rows
                                .iter()
                                .filter(|other| other.def().group() == Some(group))
                                .count();
                            grid.put(r, 1, size, 1, group, Role::Label);
                        }
                        grid.put(r, 2, 1, 1, def.label, Role::Label);
                    }
                    None => grid.put(r, 1, 1, 2, def.label, Role::Label),
                }
                previous_group = def.group();
            }
        }
        for position in 0..columns.len() {
            let value = requests.and_then(|t| t.get(row, position));
            grid.put(r, 3 + position, 1, 1, &value_text(value), Role::Value);
        }
    }
    debug_assert!(grid.is_complete());
    grid
}

/// Table 4: 行政复议 | 行政诉讼 over 未经复议直接起诉 | 复议后起诉, the five
/// outcome columns under each, then all fifteen values on one row.
pub fn appeals(appeals: Option<&Table<AppealGroup>>) -> Grid {
    let columns = labels::APPEAL_COLUMNS;
    let mut grid = Grid::new(vec![649; 15]);
    let review = AppealGroup::Review.def().label;
    let (litigation, _) = split_group(AppealGroup::LitigationDirect.def().label);
    grid.put(0, 0, 1, 5, review, Role::Head);
    grid.put(0, 5, 1, 10, litigation, Role::Head);
    for (i, column) in columns.iter().enumerate() {
        grid.put(1, i, 2, 1, column.label, Role::Head);
    }
    for (g, group) in [
        AppealGroup::LitigationDirect,
        AppealGroup::LitigationAfterReview,
    ]
    .iter()
    .enumerate()
    {
        let (_, sub) = split_group(group.def().label);
        grid.put(1, 5 + 5 * g, 1, 5, sub, Role::Head);
        for (i, column) in columns.iter().enumerate() {
            grid.put(2, 5 + 5 * g + i, 1, 1, column.label, Role::Head);
        }
    }
    grid.header_rows = 3;
    let r = grid.row();
    for (g, &group) in AppealGroup::ALL.iter().enumerate() {
        for position in 0..columns.len() {
            let value = appeals.and_then(|t| t.get(group, position));
            grid.put(r, 5 * g + position, 1, 1, &value_text(value), Role::Value);
        }
    }
    debug_assert!(grid.is_complete());
    grid
}

/// `行政诉讼 · 复议后起诉` → (`行政诉讼`, `复议后起诉`).
fn split_group(label: &'static str) -> (&'static str, &'static str) {
    label.split_once(" · ").unwrap_or((label, label))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(grid: &Grid, row: usize) -> Vec<String> {
        grid.rows[row]
            .iter()
            .map(|slot| match slot {
                Slot::Cell(c) => c.text.clone(),
                Slot::Covered { .. } => "·".into(),
            })
            .collect()
    }

    #[test]
    fn table_3_follows_the_official_template() {
        let grid = requests(None, Template::V2021);
        assert_eq!(grid.rows.len(), 3 + 26 - 1);
        assert_eq!(
            texts(&grid, 1)[3..],
            ["自然人", "法人或其他组织", "·", "·", "·", "·", "总计"]
        );
        let note = grid.cell(0, 0).unwrap();
        assert_eq!((note.rowspan, note.colspan), (3, 3));
        let results = grid.cell(5, 0).unwrap();
        assert_eq!(results.text, "三、本年度办理结果");
        assert_eq!(results.rowspan, 22);
        let grid = requests(None, Template::V2019);
        assert_eq!(grid.rows.len(), 3 + 23);
        assert_eq!(grid.cell(5, 0).unwrap().rowspan, 20);
    }

    #[test]
    fn table_2_spans_single_values() {
        let grid = active(None, Template::V2021);
        let licensing = grid
            .rows
            .iter()
            .position(|r| matches!(&r[0], Slot::Cell(c) if c.text == "行政许可"))
            .unwrap();
        assert_eq!(grid.cell(licensing, 1).unwrap().colspan, 3);
        assert_eq!(grid.rows.len(), 4 * 2 + 6);
        assert_eq!(active(None, Template::V2019).rows.len(), 5 * 2 + 8);
    }

    #[test]
    fn table_4_has_fifteen_values() {
        let grid = appeals(None);
        assert_eq!(grid.rows.len(), 4);
        assert_eq!(
            texts(&grid, 0)[..6],
            ["行政复议", "·", "·", "·", "·", "行政诉讼"]
        );
        assert_eq!(texts(&grid, 2)[5..7], ["结果维持", "结果纠正"]);
    }
}
