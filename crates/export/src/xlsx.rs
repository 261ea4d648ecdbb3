//! The XLSX export: a 报告 sheet, one sheet per table in the official layout,
//! and the long form on 明细 sheets.
//!
//! Every sheet is a "low memory" worksheet of `rust_xlsxwriter`: rows are
//! written in order and go to a temporary file as soon as the next row starts,
//! and strings are shared through one table. Memory stays bounded by the
//! distinct strings (file names, agencies, printed texts), not by the rows.

use crate::cells::{for_each_cell, long_record, schema_cells, to_f64, Field, LONG_COLUMNS};
use crate::error::{ExportError, Result};
use crate::Entry;
use rust_xlsxwriter::{
    ColNum, Color, Format, FormatAlign, FormatBorder, RowNum, Workbook, Worksheet, XlsxError,
};
use std::path::{Path, PathBuf};
use xxgk_model::{Active, Schema};

/// Rows per sheet in Excel (header included).
pub const EXCEL_MAX_ROWS: u32 = 1_048_576;

/// The sheet names.
pub const REPORTS_SHEET: &str = "报告";
/// The sheet of the long form, one row per cell.
pub const DETAIL_SHEET: &str = "明细";

/// The first columns of every table sheet: name and width.
const TABLE_META: [(&str, f64); 7] = [
    ("机关", 24.0),
    ("地区", 12.0),
    ("层级", 8.0),
    ("年度", 6.0),
    ("文件", 30.0),
    ("表格格式", 8.0),
    ("报告编号", 8.0),
];

/// The columns of the 报告 sheet: heading and width.
const REPORT_COLUMNS: [(&str, f64); 13] = [
    ("报告编号", 8.0),
    ("文件", 30.0),
    ("SHA-256", 16.0),
    ("报告所署机关", 24.0),
    ("机关", 24.0),
    ("地区", 12.0),
    ("层级", 8.0),
    ("年度", 6.0),
    ("表格格式", 8.0),
    ("文件类型", 8.0),
    ("错误", 6.0),
    ("警告", 6.0),
    ("提示", 6.0),
];

/// Widths of the 明细 columns, in [`LONG_COLUMNS`] order.
const DETAIL_WIDTHS: [f64; 21] = [
    8.0, 16.0, 30.0, 20.0, 20.0, 10.0, 8.0, 6.0, 8.0, 8.0, 9.0, 20.0, 36.0, 14.0, 22.0, 34.0, 10.0,
    10.0, 6.0, 6.0, 6.0,
];

/// Width of a value column in a table sheet.
const VALUE_WIDTH: f64 = 10.0;

/// Header cells wider than this many columns are groups, left-aligned.
const GROUP_MIN_COLUMNS: usize = 7;

/// Writes a corpus to one XLSX workbook, one entry at a time.
pub struct XlsxExport {
    path: PathBuf,
    /// The name messages give the file (the path, unless the caller writes
    /// to a temporary file that becomes this name).
    name: PathBuf,
    workbook: Workbook,
    header: Format,
    reports: Sheet,
    /// One per [`Schema`], in [`Schema::ALL`] order.
    tables: Vec<Sheet>,
    /// 明细 sheets already full.
    details_done: Vec<Worksheet>,
    detail: Sheet,
    /// Rows per 明细 sheet, header included.
    detail_limit: u32,
}

/// A worksheet and the next row to write.
struct Sheet {
    worksheet: Worksheet,
    next_row: RowNum,
}

/// A workbook to be saved at `path`, whose sheets are written row by row to
/// temporary files in the folder of `path` (the output's own disk, not /tmp).
pub(crate) fn workbook_for(path: &Path) -> Result<Workbook> {
    let mut workbook = Workbook::new();
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    workbook
        .set_tempdir(dir)
        .map_err(|e| ExportError::xlsx(path, e))?;
    Ok(workbook)
}

/// The look of a header cell in every workbook xxgk writes: bold, centred,
/// thin borders, light blue.
pub(crate) fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xDDEBF7))
}

impl XlsxExport {
    /// Starts a workbook to be saved at `path` by [`XlsxExport::finish`].
    /// Temporary files go to the directory of `path`.
    pub fn new(path: &Path) -> Result<Self> {
        Self::with_detail_row_limit(path, EXCEL_MAX_ROWS)
    }

    /// Like [`XlsxExport::new`] with at most `limit` rows (header included) per
    /// 明细 sheet, for testing the split without writing a million rows.
    #[doc(hidden)]
    pub fn with_detail_row_limit(path: &Path, limit: u32) -> Result<Self> {
        let fail = |e: XlsxError| ExportError::xlsx(path, e);
        let mut workbook = workbook_for(path)?;
        let header = header_format().set_text_wrap();
        let title = Format::new().set_bold().set_font_size(14);

        let mut reports = Sheet::new(&mut workbook, REPORTS_SHEET).map_err(fail)?;
        reports
            .simple_header(&REPORT_COLUMNS, &header)
            .map_err(fail)?;
        let mut tables = Vec::new();
        for schema in Schema::ALL {
            tables.push(Sheet::table(&mut workbook, schema, &header, &title).map_err(fail)?);
        }
        let detail = Sheet::detail(&mut workbook, DETAIL_SHEET, &header).map_err(fail)?;
        Ok(XlsxExport {
            path: path.to_path_buf(),
            name: path.to_path_buf(),
            workbook,
            header,
            reports,
            tables,
            details_done: Vec::new(),
            detail,
            detail_limit: limit.clamp(2, EXCEL_MAX_ROWS),
        })
    }

    /// Names the file `name` in messages: the workbook is saved at a temporary
    /// path that the caller renames to `name` when it is complete.
    pub fn named(mut self, name: &Path) -> Self {
        self.name = name.to_path_buf();
        self
    }

    /// Adds the entry: a row on 报告, a row on each table sheet whose table the
    /// report has, and its cells on 明细.
    pub fn add(&mut self, entry: &Entry) -> Result<()> {
        self.add_inner(entry)
            .map_err(|e| ExportError::xlsx(&self.name, e))
    }

    fn add_inner(&mut self, entry: &Entry) -> Result<(), XlsxError> {
        let report = &entry.report;
        self.reports.report_row(entry)?;

        let mut present = Vec::new();
        match &report.active {
            Some(Active::V2019(_)) => present.push(Schema::Active2019),
            Some(Active::V2021(_)) => present.push(Schema::Active2021),
            None => {}
        }
        if report.requests.is_some() {
            present.push(Schema::Requests);
        }
        if report.appeals.is_some() {
            present.push(Schema::Appeals);
        }
        for &schema in &present {
            self.tables[schema as usize].table_meta(entry)?;
        }

        for_each_cell(report, |cell| {
            let sheet = &mut self.tables[cell.schema as usize];
            if let Some(value) = cell.value {
                let col = (TABLE_META.len() + cell.index) as ColNum;
                sheet
                    .worksheet
                    .write_number(sheet.next_row, col, to_f64(value))?;
            }
            if self.detail.next_row >= self.detail_limit {
                let name = format!("{DETAIL_SHEET}{}", self.details_done.len() + 2);
                let next = Sheet::detail(&mut self.workbook, &name, &self.header)?;
                let full = std::mem::replace(&mut self.detail, next);
                self.details_done
                    .push(full.finish_with_filter(LONG_COLUMNS.len())?);
            }
            self.detail.long_row(entry, &cell)
        })?;

        for &schema in &present {
            self.tables[schema as usize].next_row += 1;
        }
        Ok(())
    }

    /// Saves the workbook. Sheets in order: 报告, 表二（2019年格式）,
    /// 表二（2021年格式）, 表三, 表四, 明细, 明细2, …
    pub fn finish(self) -> Result<()> {
        let XlsxExport {
            path,
            name,
            mut workbook,
            reports,
            tables,
            details_done,
            detail,
            header: _,
            detail_limit: _,
        } = self;
        let fail = |e: XlsxError| ExportError::xlsx(&name, e);
        workbook.push_worksheet(
            reports
                .finish_with_filter(REPORT_COLUMNS.len())
                .map_err(fail)?,
        );
        for sheet in tables {
            workbook.push_worksheet(sheet.worksheet);
        }
        for sheet in details_done {
            workbook.push_worksheet(sheet);
        }
        workbook.push_worksheet(
            detail
                .finish_with_filter(LONG_COLUMNS.len())
                .map_err(fail)?,
        );
        workbook.save(&path).map_err(fail)
    }
}

impl Sheet {
    fn new(workbook: &mut Workbook, name: &str) -> Result<Sheet, XlsxError> {
        let mut worksheet = workbook.new_worksheet_with_low_memory()?;
        worksheet.set_name(name)?;
        Ok(Sheet {
            worksheet,
            next_row: 0,
        })
    }

    /// One header row of `columns` (heading, width), frozen.
    fn simple_header(&mut self, columns: &[(&str, f64)], header: &Format) -> Result<(), XlsxError> {
        for (col, (name, width)) in columns.iter().enumerate() {
            let col = col as ColNum;
            self.worksheet
                .write_string_with_format(0, col, *name, header)?;
            self.worksheet.set_column_width(col, *width)?;
        }
        self.worksheet.set_freeze_panes(1, 0)?;
        self.next_row = 1;
        Ok(())
    }

    fn detail(workbook: &mut Workbook, name: &str, header: &Format) -> Result<Sheet, XlsxError> {
        let mut sheet = Sheet::new(workbook, name)?;
        let columns: Vec<(&str, f64)> = LONG_COLUMNS
            .iter()
            .zip(DETAIL_WIDTHS)
            .map(|(&(_, heading), width)| (heading, width))
            .collect();
        sheet.simple_header(&columns, header)?;
        Ok(sheet)
    }

    /// The sheet of one table: a title row, the merged headers, frozen below
    /// the headers and right of the report columns.
    fn table(
        workbook: &mut Workbook,
        schema: Schema,
        header: &Format,
        title: &Format,
    ) -> Result<Sheet, XlsxError> {
        let mut sheet = Sheet::new(workbook, table_sheet_name(schema))?;
        let ws = &mut sheet.worksheet;
        ws.write_string_with_format(0, 0, table_title(schema), title)?;
        ws.set_row_height(0, 22)?;

        let grid = HeaderGrid::build(schema);
        let widths: Vec<f64> = TABLE_META
            .iter()
            .map(|&(_, w)| w)
            .chain(std::iter::repeat_n(
                VALUE_WIDTH,
                grid.columns - TABLE_META.len(),
            ))
            .collect();
        for (col, &width) in widths.iter().enumerate() {
            ws.set_column_width(col as ColNum, width)?;
        }
        for level in 0..grid.depth {
            ws.set_row_height(1 + level as RowNum, grid.row_height(level, &widths))?;
        }
        // A group over more than one row's columns (（三）不予公开 over 56, 行政诉讼
        // over 10) is left-aligned, so that its label shows while scrolling.
        let group = header.clone().set_align(FormatAlign::Left).set_indent(1);
        for rect in &grid.rects {
            let (top, left) = (1 + rect.top as RowNum, rect.left as ColNum);
            let (bottom, right) = (1 + rect.bottom as RowNum, rect.right as ColNum);
            let format = if rect.right - rect.left + 1 > GROUP_MIN_COLUMNS {
                &group
            } else {
                header
            };
            if (top, left) == (bottom, right) {
                ws.write_string_with_format(top, left, &rect.text, format)?;
            } else {
                ws.merge_range(top, left, bottom, right, &rect.text, format)?;
            }
        }
        let first_data_row = 1 + grid.depth as RowNum;
        ws.set_freeze_panes(first_data_row, TABLE_META.len() as ColNum)?;
        sheet.next_row = first_data_row;
        Ok(sheet)
    }

    /// The report columns of a table sheet's row (the row advances after the
    /// cells are written).
    fn table_meta(&mut self, entry: &Entry) -> Result<(), XlsxError> {
        let report = &entry.report;
        let row = self.next_row;
        let ws = &mut self.worksheet;
        // 机关: the attributed body, or the agency as printed before the corpus pass.
        if let Some(body) = entry.body.as_deref().or(report.agency.as_deref()) {
            ws.write_string(row, 0, body)?;
        }
        if let Some(region) = &entry.region {
            ws.write_string(row, 1, region)?;
        }
        if let Some(level) = &entry.level {
            ws.write_string(row, 2, level)?;
        }
        if let Some(year) = report.year {
            ws.write_number(row, 3, year)?;
        }
        ws.write_string(row, 4, &report.source.file)?;
        if let Some(template) = report.template {
            ws.write_string(row, 5, template.as_str())?;
        }
        ws.write_number(row, 6, entry.id as f64)?;
        Ok(())
    }

    /// One row of the 报告 sheet.
    fn report_row(&mut self, entry: &Entry) -> Result<(), XlsxError> {
        let report = &entry.report;
        let row = self.next_row;
        let ws = &mut self.worksheet;
        ws.write_number(row, 0, entry.id as f64)?;
        ws.write_string(row, 1, &report.source.file)?;
        ws.write_string(row, 2, &report.source.sha256)?;
        let texts = [
            (3, report.agency.as_deref()),
            (4, entry.body.as_deref()),
            (5, entry.region.as_deref()),
            (6, entry.level.as_deref()),
            (8, report.template.map(|t| t.as_str())),
            (9, Some(report.source.format.as_str())),
        ];
        for (col, text) in texts {
            if let Some(text) = text {
                ws.write_string(row, col, text)?;
            }
        }
        if let Some(year) = report.year {
            ws.write_number(row, 7, year)?;
        }
        ws.write_number(row, 10, entry.errors)?;
        ws.write_number(row, 11, entry.warnings)?;
        ws.write_number(row, 12, entry.infos)?;
        self.next_row += 1;
        Ok(())
    }

    /// One row of a 明细 sheet.
    fn long_row(&mut self, entry: &Entry, cell: &crate::cells::Cell<'_>) -> Result<(), XlsxError> {
        let row = self.next_row;
        for (col, field) in long_record(entry, cell).into_iter().enumerate() {
            let col = col as ColNum;
            match field {
                Field::Int(Some(i)) => {
                    self.worksheet.write_number(row, col, i as f64)?;
                }
                Field::Value(Some(v)) => {
                    self.worksheet.write_number(row, col, to_f64(v))?;
                }
                Field::Text(Some(text)) => {
                    self.worksheet.write_string(row, col, text)?;
                }
                Field::Int(None) | Field::Value(None) | Field::Text(None) => {}
            }
        }
        self.next_row += 1;
        Ok(())
    }

    /// The worksheet, with an autofilter over its header and rows.
    fn finish_with_filter(mut self, columns: usize) -> Result<Worksheet, XlsxError> {
        let last_row = self.next_row.saturating_sub(1);
        self.worksheet
            .autofilter(0, 0, last_row, columns as ColNum - 1)?;
        Ok(self.worksheet)
    }
}

/// The sheet of a schema, from [`crate::TABLE_SHEETS`].
fn table_sheet_name(schema: Schema) -> &'static str {
    crate::TABLE_SHEETS[schema as usize]
}

/// The official section title over the table (`二、主动公开政府信息情况`), with
/// the format for table 2.
fn table_title(schema: Schema) -> String {
    let title = schema.table().section().title;
    match schema {
        Schema::Active2019 => format!("{title}（2019年格式）"),
        Schema::Active2021 => format!("{title}（2021年格式）"),
        Schema::Requests | Schema::Appeals => title.to_string(),
    }
}

/// The header of a table sheet as rectangles of merged cells.
struct HeaderGrid {
    depth: usize,
    columns: usize,
    rects: Vec<Rect>,
}

/// Header cells `top..=bottom` × `left..=right` (0-based, header rows only)
/// showing `text`.
#[derive(Debug)]
struct Rect {
    top: usize,
    left: usize,
    bottom: usize,
    right: usize,
    text: String,
}

impl HeaderGrid {
    /// Every header column gets one (identity, text) per level: the row part of
    /// the levels (group, row label) then the column part (group, column
    /// label); a column with fewer levels than the part's depth repeats its
    /// last one downwards. Equal identities side by side merge into one cell.
    fn build(schema: Schema) -> HeaderGrid {
        let cells = &schema_cells(schema).cells;
        let row_depth = cells.iter().map(|c| c.row_levels.len()).max().unwrap_or(1);
        let col_depth = cells
            .iter()
            .map(|c| c.column_levels.len())
            .max()
            .unwrap_or(1);
        let depth = row_depth + col_depth;
        let mut grid: Vec<Vec<(String, String)>> = Vec::new();
        for (i, &(name, _)) in TABLE_META.iter().enumerate() {
            grid.push(vec![(format!("meta:{i}"), name.to_string()); depth]);
        }
        for cell in cells {
            let mut levels = Vec::with_capacity(depth);
            let rows = &cell.row_levels;
            for level in 0..row_depth {
                let i = level.min(rows.len() - 1);
                let id = if i == rows.len() - 1 {
                    format!("row:{}", cell.row_key)
                } else {
                    format!("group:{}", rows[..=i].join("/"))
                };
                levels.push((id, rows[i].to_string()));
            }
            let columns = &cell.column_levels;
            for level in 0..col_depth {
                let i = level.min(columns.len() - 1);
                let id = if i == columns.len() - 1 {
                    format!("row:{}/column:{}", cell.row_key, cell.column_key)
                } else {
                    format!("row:{}/group:{}", cell.row_key, columns[..=i].join("/"))
                };
                levels.push((id, columns[i].clone()));
            }
            grid.push(levels);
        }

        let columns = grid.len();
        let mut done = vec![vec![false; columns]; depth];
        let mut rects = Vec::new();
        for top in 0..depth {
            for left in 0..columns {
                if done[top][left] {
                    continue;
                }
                let id = &grid[left][top].0;
                let mut right = left;
                while right + 1 < columns && !done[top][right + 1] && &grid[right + 1][top].0 == id
                {
                    right += 1;
                }
                let mut bottom = top;
                while bottom + 1 < depth && (left..=right).all(|c| &grid[c][bottom + 1].0 == id) {
                    bottom += 1;
                }
                for row in done.iter_mut().take(bottom + 1).skip(top) {
                    row[left..=right].fill(true);
                }
                rects.push(Rect {
                    top,
                    left,
                    bottom,
                    right,
                    text: grid[left][top].1.clone(),
                });
            }
        }
        HeaderGrid {
            depth,
            columns,
            rects,
        }
    }

    /// A height (points) for header row `level` that shows its one-row cells'
    /// text wrapped in their width.
    fn row_height(&self, level: usize, widths: &[f64]) -> f64 {
        let lines = self
            .rects
            .iter()
            .filter(|r| r.top == level && r.bottom == level)
            .map(|r| {
                let width: f64 = widths[r.left..=r.right].iter().sum::<f64>() - 1.0;
                let text: f64 = r
                    .text
                    .chars()
                    .map(|c| if c as u32 >= 0x2E80 { 2.2 } else { 1.0 })
                    .sum();
                (text / width.max(1.0)).ceil().max(1.0)
            })
            .fold(1.0, f64::max);
        15.0 * lines + 4.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'a>(grid: &'a HeaderGrid, text: &str) -> Vec<&'a Rect> {
        grid.rects.iter().filter(|r| r.text == text).collect()
    }

    #[test]
    fn table_4_header_follows_the_official_structure() {
        let grid = HeaderGrid::build(Schema::Appeals);
        assert_eq!(grid.depth, 3);
        assert_eq!(grid.columns, TABLE_META.len() + 15);
        let m = TABLE_META.len();
        let review = find(&grid, "行政复议");
        assert_eq!(review.len(), 1);
        assert_eq!(
            (
                review[0].top,
                review[0].bottom,
                review[0].left,
                review[0].right
            ),
            (0, 1, m, m + 4)
        );
        let litigation = find(&grid, "行政诉讼");
        assert_eq!(
            (litigation[0].top, litigation[0].left, litigation[0].right),
            (0, m + 5, m + 14)
        );
        assert_eq!(find(&grid, "结果维持").len(), 3);
        assert_eq!(find(&grid, "机关")[0].bottom, 2);
    }

    #[test]
    fn table_3_header_has_groups_and_applicant_columns() {
        let grid = HeaderGrid::build(Schema::Requests);
        assert_eq!(grid.depth, 4);
        let denied = find(&grid, "（三）不予公开");
        assert_eq!(denied.len(), 1);
        assert_eq!(denied[0].right - denied[0].left + 1, 8 * 7);
        let received = find(&grid, "一、本年新收政府信息公开申请数量");
        assert_eq!((received[0].top, received[0].bottom), (0, 1));
        let natural = find(&grid, "自然人");
        assert_eq!(natural.len(), 26);
        assert_eq!((natural[0].top, natural[0].bottom), (2, 3));
        let org = find(&grid, "法人或其他组织");
        assert_eq!(org[0].right - org[0].left + 1, 5);
        // The single （六） row of 2019 and the group of the three 2021 rows.
        assert_eq!(find(&grid, "（六）其他处理").len(), 2);
    }
}
