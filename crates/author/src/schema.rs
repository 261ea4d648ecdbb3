//! The cells an author file holds for a report year: every cell of the three
//! tables of that year's format, by its contract path, with what kind of value
//! it takes and whether the author enters it (a leaf) or xxgk computes it.

use xxgk_model::labels::ValueKind;
use xxgk_model::{
    layout, Active2019Row, Active2021Row, AppealGroup, RequestRow, RowKind, Table, Template,
};

/// Whether a cell is entered or computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Entered by the author.
    Leaf,
    /// Computed by xxgk: row totals of table 3, （七）总计, 四、结转下年度继续办理,
    /// table 4 totals. An author may enter one too; it must then agree.
    Computed,
}

/// Which table a cell is in: the model's one table identity.
pub use xxgk_model::TableId;

/// One cell of a format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellDef {
    /// The contract path, e.g. `requests.granted.natural_person`.
    pub path: &'static str,
    /// The table the cell is in.
    pub table: TableId,
    /// The row's contract key (`granted`).
    pub row: &'static str,
    /// The column's contract key (`natural_person`).
    pub column: &'static str,
    /// Position of the cell in its row (index into the row's columns).
    pub position: usize,
    /// What the column holds: counts, changes or money.
    pub kind: ValueKind,
    /// Whether the author enters the cell or xxgk computes it.
    pub role: Role,
    /// The official row label, with its group for table-3 sub-rows
    /// (`（三）不予公开 1.属于国家秘密`).
    pub row_label: String,
    /// The official column label (`法人或其他组织 · 商业企业` for table 3's
    /// organisation columns).
    pub column_label: String,
}

impl CellDef {
    /// `表三「（一）予以公开」·「自然人」`, for messages.
    pub fn describe(&self, lang: xxgk_model::Lang) -> String {
        format!(
            "{}「{}」·「{}」",
            self.table.short_name(lang),
            self.row_label,
            self.column_label
        )
    }
}

/// The rows of table 3 in a format: （六） is one row in 2019, three in 2021.
pub fn request_rows(template: Template) -> Vec<RequestRow> {
    layout::request_rows(template)
}

/// The outcome rows （一）…（六） of table 3 in a format, summed by （七）总计.
pub fn outcome_rows(template: Template) -> Vec<RequestRow> {
    request_rows(template)
        .into_iter()
        .filter(|r| RequestRow::OUTCOMES.contains(r))
        .collect()
}

/// Position of the 总计 column in table 3 and table 4 rows.
pub const REQUEST_TOTAL: usize = 6;
/// Position of the 总计 column in table 4 rows.
pub const APPEAL_TOTAL: usize = 4;

/// Every cell of the format of `template`, in table order.
pub fn cells(template: Template) -> Vec<CellDef> {
    let mut out = Vec::new();
    match template {
        Template::V2019 => table_cells(Active2019Row::ALL, &mut out),
        Template::V2021 => table_cells(Active2021Row::ALL, &mut out),
    }
    table_cells(&request_rows(template), &mut out);
    table_cells(AppealGroup::ALL, &mut out);
    out
}

fn table_cells<R: RowKind>(rows: &[R], out: &mut Vec<CellDef>) {
    let table = R::TABLE;
    for &row in rows {
        let def = row.def();
        let row_label = match def.group() {
            Some(group) => format!("{group} {}", def.label),
            None => def.label.to_string(),
        };
        for (position, &column) in row.columns().iter().enumerate() {
            let column_def = &R::column_defs()[column];
            let role = match table {
                TableId::Active => Role::Leaf,
                TableId::Requests => {
                    let computed_row = matches!(def.key, "total" | "carried_out");
                    if computed_row || position == REQUEST_TOTAL {
                        Role::Computed
                    } else {
                        Role::Leaf
                    }
                }
                TableId::Appeals => {
                    if position == APPEAL_TOTAL {
                        Role::Computed
                    } else {
                        Role::Leaf
                    }
                }
            };
            let column_label = match column_def.parent {
                Some(group) => format!("{} · {}", group.label, column_def.label),
                None => column_def.label.to_string(),
            };
            out.push(CellDef {
                path: Table::<R>::path(row, position),
                table,
                row: def.key,
                column: column_def.key,
                position,
                kind: column_def.kind,
                role,
                row_label: row_label.clone(),
                column_label,
            });
        }
    }
}

/// The cell at `path` in the format of `template`, if it has one.
pub fn find(template: Template, path: &str) -> Option<CellDef> {
    cells(template).into_iter().find(|c| c.path == path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaf_and_computed_cells() {
        let cells = cells(Template::V2021);
        let leaves = cells.iter().filter(|c| c.role == Role::Leaf).count();
        // Table 2: 3 + 3 + 1 + 1 + 1 + 1; table 3: 23 leaf rows × 6; table 4: 3 × 4.
        assert_eq!(leaves, 10 + 23 * 6 + 12);
        let granted = find(Template::V2021, "requests.granted.commercial").unwrap();
        assert_eq!(granted.column_label, "法人或其他组织 · 商业企业");
        assert_eq!(granted.role, Role::Leaf);
        let secret = find(Template::V2021, "requests.denied_state_secret.total").unwrap();
        assert_eq!(secret.row_label, "（三）不予公开 1.属于国家秘密");
        assert_eq!(secret.role, Role::Computed);
        assert!(find(Template::V2021, "requests.other.total").is_none());
        assert!(find(Template::V2019, "active.procurement.amount_wan").is_some());
        assert_eq!(TableId::Requests.title(), "收到和处理政府信息公开申请情况");
    }
}
