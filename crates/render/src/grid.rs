//! The three tables as grids in the official layout, before any output format.
//!
//! A grid is the rectangle of positions the official Word template draws: every
//! position is either the top-left corner of a (possibly merged) cell or covered
//! by a merged cell above or to the left. Markdown prints covered positions as
//! empty cells, HTML leaves them out (`rowspan`/`colspan`), DOCX writes
//! `w:gridSpan` and `w:vMerge` continuations. The layout of each table (its
//! cells, spans and wording) is the model's ([`xxgk_model::layout`]); a grid
//! is that layout with a report's values filled in.

use xxgk_model::layout::{self, Content, Layout};
use xxgk_model::{
    Active, Active2019Row, Active2021Row, Number, RequestRow, RowKind, Table, Template,
};

pub use xxgk_model::layout::Role;

/// The top-left position of a cell and its extent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// What the cell prints.
    pub text: String,
    /// Columns it spans (≥ 1).
    pub colspan: usize,
    /// Rows it spans (≥ 1).
    pub rowspan: usize,
    /// What kind of cell it is (alignment, shading).
    pub role: Role,
    /// For a value cell, its contract path (`requests.received.total`), so
    /// that a page can tie the cell to the report's printed text and to the
    /// findings that name it; `None` for headings and labels.
    pub path: Option<&'static str>,
}

/// One position of the grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The top-left position of a cell.
    Cell(Cell),
    /// Covered by the merged cell whose top-left position is (`row`, `col`).
    Covered {
        /// The row of the covering cell.
        row: usize,
        /// The column of the covering cell.
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
    /// The positions, row by row.
    pub rows: Vec<Vec<Slot>>,
}

impl Grid {
    /// The official `layout` with the values `value` gives for its value cells
    /// (by row index and position).
    fn fill<R: RowKind>(layout: &Layout, value: impl Fn(usize, usize) -> Option<Number>) -> Grid {
        let unset = Slot::Covered {
            row: usize::MAX,
            col: usize::MAX,
        };
        let mut rows = vec![vec![unset; layout.columns()]; layout.height];
        for placed in &layout.cells {
            let (row, col) = (placed.row, placed.col);
            for slots in &mut rows[row..row + placed.rowspan] {
                slots[col..col + placed.colspan].fill(Slot::Covered { row, col });
            }
            let (text, path) = match placed.content {
                Content::Text(text) => (text.to_string(), None),
                Content::Value { row, position } => (
                    value_text(value(row, position)),
                    Some(Table::<R>::path(R::ALL[row], position)),
                ),
            };
            rows[row][col] = Slot::Cell(Cell {
                text,
                colspan: placed.colspan,
                rowspan: placed.rowspan,
                role: placed.role,
                path,
            });
        }
        let grid = Grid {
            widths: layout.widths.to_vec(),
            header_rows: layout.header_rows,
            rows,
        };
        debug_assert!(grid.is_complete());
        grid
    }

    /// How many columns the grid has.
    pub fn columns(&self) -> usize {
        self.widths.len()
    }

    /// The cell whose top-left position is (`row`, `col`).
    pub fn cell(&self, row: usize, col: usize) -> Option<&Cell> {
        match &self.rows[row][col] {
            Slot::Cell(cell) => Some(cell),
            Slot::Covered { .. } => None,
        }
    }

    /// True when every position is a cell or covered by one (a layout bug otherwise).
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

/// The official layout of a table in `template` with the cells of `table`.
fn filled<R: RowKind>(table: Option<&Table<R>>, template: Template) -> Grid {
    Grid::fill::<R>(layout::official(R::TABLE, template), |row, position| {
        table.and_then(|t| t.get(R::ALL[row], position))
    })
}

/// The table-2 grid of a report (a blank one of `template` when it has none).
pub fn active(active: Option<&Active>, template: Template) -> Grid {
    match active {
        Some(Active::V2019(table)) => filled(Some(table), Template::V2019),
        Some(Active::V2021(table)) => filled(Some(table), Template::V2021),
        None => match template {
            Template::V2019 => filled::<Active2019Row>(None, template),
            Template::V2021 => filled::<Active2021Row>(None, template),
        },
    }
}

/// The format whose rows of （六）其他处理 table 3 prints: the report's own
/// (one row or three), else the template's.
fn requests_format(requests: Option<&Table<RequestRow>>, template: Template) -> Template {
    const SPLIT: [RequestRow; 3] = [
        RequestRow::OtherNoCorrection,
        RequestRow::OtherUnpaidFee,
        RequestRow::OtherMisc,
    ];
    match requests {
        Some(t) if t.has_row(RequestRow::Other) => Template::V2019,
        Some(t) if SPLIT.iter().any(|&r| t.has_row(r)) => Template::V2021,
        _ => template,
    }
}

/// The rows of table 3 in print order for a report.
pub fn request_rows(requests: Option<&Table<RequestRow>>, template: Template) -> Vec<RequestRow> {
    layout::request_rows(requests_format(requests, template))
}

/// Table 3: the three header rows under the identity note, then every row with
/// the group labels merged down over their sub-rows, as the official template.
pub fn requests(requests: Option<&Table<RequestRow>>, template: Template) -> Grid {
    filled(requests, requests_format(requests, template))
}

/// Table 4: 行政复议 | 行政诉讼 over 未经复议直接起诉 | 复议后起诉, the five
/// outcome columns under each, then all fifteen values on one row.
pub fn appeals(appeals: Option<&Table<xxgk_model::AppealGroup>>) -> Grid {
    filled(appeals, Template::V2021)
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

    #[test]
    fn value_cells_carry_their_contract_path_and_labels_none() {
        let grid = appeals(None);
        assert_eq!(
            grid.cell(3, 1).unwrap().path,
            Some("appeals.review.corrected")
        );
        assert_eq!(grid.cell(3, 4).unwrap().path, Some("appeals.review.total"));
        assert_eq!(grid.cell(0, 0).unwrap().path, None);
        let grid = requests(None, Template::V2021);
        assert_eq!(
            grid.cell(3, 9).unwrap().path,
            Some("requests.received.total")
        );
        assert_eq!(grid.cell(3, 0).unwrap().path, None);
        let grid = active(None, Template::V2019);
        let paths = grid
            .rows
            .iter()
            .flatten()
            .filter_map(|s| match s {
                Slot::Cell(c) => c.path,
                Slot::Covered { .. } => None,
            })
            .count();
        assert!(paths > 0);
    }
}
