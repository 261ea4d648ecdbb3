//! What every export shares: the cells of a report in official order with their
//! keys and official labels, and the columns of the long form.
//!
//! Every label comes from `xxgk_model::labels` through [`RowKind`]; the only
//! words added here are the unit 万元 on money columns whose official label does
//! not carry it, and the separator `/` between a group and its member.

use crate::Entry;
use xxgk_model::labels::{column_levels, row_label};
use xxgk_model::{
    Active, Active2019Row, Active2021Row, AppealGroup, Number, PerSchema, Printed, Report,
    RequestRow, RowKind, Schema, Table,
};

/// Every cell position of `schema`, built once.
pub(crate) fn schema_cells(schema: Schema) -> &'static SchemaCells {
    static CELLS: PerSchema<SchemaCells> = PerSchema::new();
    CELLS.get(schema, || match schema {
        Schema::Active2019 => SchemaCells::build::<Active2019Row>(),
        Schema::Active2021 => SchemaCells::build::<Active2021Row>(),
        Schema::Requests => SchemaCells::build::<RequestRow>(),
        Schema::Appeals => SchemaCells::build::<AppealGroup>(),
    })
}

/// One cell position of a schema: its keys, labels and header levels.
#[derive(Debug)]
pub(crate) struct CellInfo {
    /// `active`, `requests` or `appeals`.
    pub table: &'static str,
    pub row_key: &'static str,
    /// The official row label, after its group for table-3 sub-rows:
    /// `（三）不予公开/1.属于国家秘密`.
    pub row_label: String,
    pub column_key: &'static str,
    /// The official column label, after its group for the organisation columns
    /// of table 3 (`法人或其他组织/商业企业`), with （万元） on money columns whose
    /// label does not say so.
    pub column_label: String,
    /// The contract path, `requests.received.total`.
    pub path: &'static str,
    /// Header levels above the cell in a wide sheet, top to bottom: the row
    /// part (group, row) then the column part (group, column).
    pub row_levels: Vec<&'static str>,
    pub column_levels: Vec<String>,
}

/// Every cell position of one schema in official order, and where each
/// row's cells start in that order.
#[derive(Debug)]
pub(crate) struct SchemaCells {
    pub cells: Vec<CellInfo>,
    offsets: Vec<usize>,
}

impl SchemaCells {
    fn build<R: RowKind>() -> SchemaCells {
        let mut cells = Vec::new();
        let mut offsets = Vec::new();
        for &row in R::ALL {
            offsets.push(cells.len());
            let def = row.def();
            // A row under a group: 行政诉讼 over 未经复议直接起诉, （三）不予公开
            // over 1.属于国家秘密.
            let row_levels: Vec<&'static str> = match def.parent {
                Some(group) => vec![group.label, def.own_label],
                None => vec![def.label],
            };
            let row_label = row_label(def);
            for (position, &c) in row.columns().iter().enumerate() {
                let column = &R::column_defs()[c];
                let column_levels = column_levels(column);
                cells.push(CellInfo {
                    table: R::TABLE.key(),
                    row_key: def.key,
                    row_label: row_label.clone(),
                    column_key: column.key,
                    column_label: column_levels.join("/"),
                    path: Table::<R>::path(row, position),
                    row_levels: row_levels.clone(),
                    column_levels,
                });
            }
        }
        SchemaCells { cells, offsets }
    }

    /// The index in [`SchemaCells::cells`] of a row's `position`-th cell.
    pub(crate) fn index<R: RowKind>(&self, row: R, position: usize) -> usize {
        self.offsets[row.index()] + position
    }
}

/// One cell of a report: where it sits, its value, and what was printed.
pub(crate) struct Cell<'a> {
    pub schema: Schema,
    /// Index into the schema's [`SchemaCells::cells`].
    pub index: usize,
    pub info: &'static CellInfo,
    /// `None`: blank or unreadable.
    pub value: Option<Number>,
    /// `None`: nothing printed for this cell.
    pub printed: Option<&'a Printed>,
}

/// Calls `f` for every cell of every printed row of the three tables, in
/// official order (tables 2, 3, 4; rows and columns as the format prints them).
pub(crate) fn for_each_cell<'a, E>(
    report: &'a Report,
    mut f: impl FnMut(Cell<'a>) -> Result<(), E>,
) -> Result<(), E> {
    match &report.active {
        Some(Active::V2019(table)) => visit(report, table, &mut f)?,
        Some(Active::V2021(table)) => visit(report, table, &mut f)?,
        None => {}
    }
    if let Some(table) = &report.requests {
        visit(report, table, &mut f)?;
    }
    if let Some(table) = &report.appeals {
        visit(report, table, &mut f)?;
    }
    Ok(())
}

fn visit<'a, R: RowKind, E>(
    report: &'a Report,
    table: &Table<R>,
    f: &mut impl FnMut(Cell<'a>) -> Result<(), E>,
) -> Result<(), E> {
    let layout = schema_cells(R::SCHEMA);
    for (row, values) in table.rows() {
        for (position, value) in values.iter().enumerate() {
            let index = layout.index(row, position);
            let info = &layout.cells[index];
            f(Cell {
                schema: R::SCHEMA,
                index,
                info,
                value: *value,
                printed: report.cells.get(info.path),
            })?;
        }
    }
    Ok(())
}

/// The columns of the long form: key (CSV header, Parquet column) and Chinese
/// heading (XLSX 明细 sheets). See the crate documentation for their meaning.
pub const LONG_COLUMNS: [(&str, &str); 21] = [
    ("report_id", "报告编号"),
    ("sha256", "SHA-256"),
    ("file", "文件"),
    ("agency", "报告所署机关"),
    ("body", "机关"),
    ("region", "地区"),
    ("level", "层级"),
    ("year", "年度"),
    ("template", "表格格式"),
    ("source_format", "文件类型"),
    ("table_key", "表"),
    ("row_key", "行键"),
    ("row_label", "行"),
    ("column_key", "列键"),
    ("column_label", "列"),
    ("path", "路径"),
    ("value", "数值"),
    ("raw", "原文"),
    ("source_line", "行号"),
    ("source_column", "列号"),
    ("source_page", "页码"),
];

/// One field of a long-form record.
pub(crate) enum Field<'a> {
    Int(Option<i64>),
    Text(Option<&'a str>),
    Value(Option<Number>),
}

/// The fields of one long-form record, in [`LONG_COLUMNS`] order.
pub(crate) fn long_record<'a>(entry: &'a Entry, cell: &Cell<'a>) -> [Field<'a>; 21] {
    let report = &entry.report;
    let span = cell.printed.map(|p| p.span);
    [
        Field::Int(Some(entry.id)),
        Field::Text(Some(&report.source.sha256)),
        Field::Text(Some(&report.source.file)),
        Field::Text(report.agency.as_deref()),
        Field::Text(entry.body.as_deref()),
        Field::Text(entry.region.as_deref()),
        Field::Text(entry.level.as_deref()),
        Field::Int(report.year.map(i64::from)),
        Field::Text(report.template.map(|t| t.as_str())),
        Field::Text(Some(report.source.format.as_str())),
        Field::Text(Some(cell.info.table)),
        Field::Text(Some(cell.info.row_key)),
        Field::Text(Some(&cell.info.row_label)),
        Field::Text(Some(cell.info.column_key)),
        Field::Text(Some(&cell.info.column_label)),
        Field::Text(Some(cell.info.path)),
        Field::Value(cell.value),
        Field::Text(cell.printed.map(|p| p.raw.as_str())),
        Field::Int(span.map(|s| i64::from(s.line))),
        Field::Int(span.map(|s| i64::from(s.column))),
        Field::Int(span.and_then(|s| s.page).map(i64::from)),
    ]
}

/// A value as an XLSX/Parquet number: integers exactly, decimals to the
/// nearest `f64`.
pub(crate) fn to_f64(value: Number) -> f64 {
    match value.as_i64() {
        Some(i) => i as f64,
        None => value.to_f64(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_cover_every_cell_once_in_order() {
        let requests = schema_cells(Schema::Requests);
        assert_eq!(requests.cells.len(), RequestRow::ALL.len() * 7);
        let cell = &requests.cells[requests.index(RequestRow::DeniedStateSecret, 1)];
        assert_eq!(cell.path, "requests.denied_state_secret.commercial");
        assert_eq!(cell.row_label, "（三）不予公开/1.属于国家秘密");
        assert_eq!(cell.column_label, "法人或其他组织/商业企业");
        assert_eq!(cell.row_levels, ["（三）不予公开", "1.属于国家秘密"]);
        let appeals = schema_cells(Schema::Appeals);
        let cell = &appeals.cells[appeals.index(AppealGroup::LitigationDirect, 4)];
        assert_eq!(cell.row_levels, ["行政诉讼", "未经复议直接起诉"]);
        assert_eq!(cell.column_levels, ["总计"]);
        let active = schema_cells(Schema::Active2019);
        let cell = &active.cells[active.index(Active2019Row::Procurement, 1)];
        assert_eq!(cell.column_label, "采购总金额（万元）");
        let active = schema_cells(Schema::Active2021);
        let cell = &active.cells[active.index(Active2021Row::Fees, 0)];
        assert_eq!(cell.column_label, "本年收费金额（单位：万元）");
        for schema in Schema::ALL {
            let paths: std::collections::HashSet<_> =
                schema_cells(schema).cells.iter().map(|c| c.path).collect();
            assert_eq!(paths.len(), schema_cells(schema).cells.len(), "{schema:?}");
        }
    }
}
