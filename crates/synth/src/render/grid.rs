//! The three tables as grids of cells, before any layout (adapted from the
//! extractor's round-trip test renderer).
//!
//! A grid keeps the official structure of each table — header rows, group
//! labels sharing a line with their first sub-row, padding cells where the
//! original had a merged cell — with every value already printed as text. All
//! label text comes from `xxgk_model::labels`.

use crate::rng::Rng;
use xxgk_model::labels::{self, ValueKind};
use xxgk_model::{
    Active, Active2019Row, Active2021Row, AppealGroup, Number, RequestRow, RowKind, Table,
};

/// One cell of a grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Label-column residue where a merged cell was.
    Pad,
    /// A row label (or a group label in front of it).
    Label(String),
    /// A column header, standing over a value column.
    Head(String),
    /// Value-column residue under a merged header.
    Empty,
    /// A value as printed.
    Value(String),
}

/// The cells of one line of a table.
pub type Row = Vec<Cell>;
/// A table, row by row.
pub type Grid = Vec<Row>;

/// Item headings of table 2 (第二十条第（…）项) and the rows under each.
pub const BLOCKS_2019: &[(&str, &[Active2019Row])] = &[
    (
        "一",
        &[
            Active2019Row::Regulations,
            Active2019Row::NormativeDocuments,
        ],
    ),
    (
        "五",
        &[Active2019Row::Licensing, Active2019Row::OtherServices],
    ),
    ("六", &[Active2019Row::Punishment, Active2019Row::Coercion]),
    ("八", &[Active2019Row::Fees]),
    ("九", &[Active2019Row::Procurement]),
];
/// The same for the 2021 format.
pub const BLOCKS_2021: &[(&str, &[Active2021Row])] = &[
    (
        "一",
        &[
            Active2021Row::Regulations,
            Active2021Row::NormativeDocuments,
        ],
    ),
    ("五", &[Active2021Row::Licensing]),
    ("六", &[Active2021Row::Punishment, Active2021Row::Coercion]),
    ("八", &[Active2021Row::Fees]),
];

/// The group label in front of the outcome rows of table 3 (not in `labels`:
/// it is no row of its own).
pub const RESULTS_GROUP: &str = "三、本年度办理结果";

/// The widest table-2 block has three value columns.
const ACTIVE_WIDTH: usize = 3;

/// How a document prints its values and brackets.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// ASCII (一) instead of the template's full-width （一）.
    pub ascii_brackets: bool,
    /// Signs and units as some bodies print them: 减3, +2, 461.7万元.
    pub varied: bool,
    /// The marker of a blank cell (`/`, `-`, `—`, `无`).
    pub blank: &'static str,
    /// Counts of 1000 and more with thousands separators (3,119).
    pub thousands: bool,
}

/// Builds grids; owns the random choices of one document.
pub struct Builder<'a> {
    pub style: Style,
    pub rng: &'a mut Rng,
}

impl Builder<'_> {
    /// Table 2 as 第二十条 blocks, each with a 信息内容 header row.
    pub fn active(&mut self, active: &Active) -> Grid {
        match active {
            Active::V2019(t) => self.active_blocks(t, BLOCKS_2019),
            Active::V2021(t) => self.active_blocks(t, BLOCKS_2021),
        }
    }

    fn active_blocks<R: RowKind>(&mut self, table: &Table<R>, blocks: &[(&str, &[R])]) -> Grid {
        let mut grid = Grid::new();
        let (open, close) = self.brackets();
        for (item, rows) in blocks {
            let mut heading_row = vec![Cell::Label(format!("第二十条第{open}{item}{close}项"))];
            heading_row.extend(empties(ACTIVE_WIDTH));
            grid.push(heading_row);
            let columns = rows[0].columns();
            let mut header = vec![Cell::Label("信息内容".to_string())];
            for &c in columns {
                header.push(Cell::Head(R::column_defs()[c].label.to_string()));
            }
            header.extend(empties(ACTIVE_WIDTH - columns.len()));
            grid.push(header);
            for &row in *rows {
                let mut cells = vec![Cell::Label(row.def().label.to_string())];
                cells.extend(self.values(table, row));
                cells.extend(empties(ACTIVE_WIDTH - row.columns().len()));
                grid.push(cells);
            }
        }
        grid
    }

    /// Table 3 with its three header rows and the group labels in front of the
    /// first sub-row of each group, as the official Word template prints it.
    pub fn requests(&mut self, table: &Table<RequestRow>) -> Grid {
        let columns = labels::APPLICANT_COLUMNS;
        let head = |s: &str| Cell::Head(s.to_string());
        let mut grid = vec![
            vec![
                Cell::Label(labels::REQUESTS_IDENTITY_NOTE.to_string()),
                Cell::Pad,
                head("申请人情况"),
            ],
            [
                vec![Cell::Pad, Cell::Pad, head(columns[0].label)],
                vec![head(labels::APPLICANT_ORG_GROUP)],
                empties(4),
                vec![head(columns[6].label)],
            ]
            .concat(),
            [Cell::Pad, Cell::Pad, Cell::Empty]
                .into_iter()
                .chain(columns[1..6].iter().map(|c| head(c.label)))
                .collect(),
        ];
        let mut previous_group = None;
        for (row, _) in table.rows() {
            let group = row.def().group();
            let first_of_group = group.is_some() && group != previous_group;
            previous_group = group;
            let mut cells = self.request_labels(row, first_of_group);
            cells.extend(self.values(table, row));
            grid.push(cells);
        }
        grid
    }

    /// The label cells in front of a table-3 row's values.
    fn request_labels(&mut self, row: RequestRow, first_of_group: bool) -> Vec<Cell> {
        use RequestRow::*;
        let label = Cell::Label(self.bracketed(row.def().label));
        match (row, row.def().group()) {
            (Received | CarriedIn | CarriedOut, _) => vec![label, Cell::Pad],
            (Granted, _) => vec![Cell::Label(RESULTS_GROUP.to_string()), label],
            (_, Some(group)) if first_of_group => {
                vec![Cell::Pad, Cell::Label(self.bracketed(group)), label]
            }
            (_, Some(_)) => vec![Cell::Pad, Cell::Pad, label],
            (_, None) => vec![Cell::Pad, label],
        }
    }

    /// Table 4: two header levels over the five outcome columns, then all
    /// fifteen values on one row.
    pub fn appeals(&mut self, table: &Table<AppealGroup>) -> Grid {
        let group = |g: AppealGroup| {
            g.def()
                .label
                .rsplit(" · ")
                .next()
                .unwrap_or_default()
                .to_string()
        };
        let litigation = AppealGroup::LitigationDirect
            .def()
            .label
            .split(" · ")
            .next()
            .unwrap_or_default()
            .to_string();
        let outcome_labels = || -> Vec<Cell> {
            labels::APPEAL_COLUMNS
                .iter()
                .map(|c| Cell::Head(c.label.to_string()))
                .collect()
        };
        let mut grid = Grid::new();
        let mut top = vec![Cell::Head(group(AppealGroup::Review))];
        top.extend(empties(4));
        top.push(Cell::Head(litigation));
        grid.push(top);
        let mut middle = outcome_labels();
        middle.push(Cell::Head(group(AppealGroup::LitigationDirect)));
        middle.extend(empties(4));
        middle.push(Cell::Head(group(AppealGroup::LitigationAfterReview)));
        grid.push(middle);
        let mut bottom = empties(5);
        bottom.extend(outcome_labels());
        bottom.extend(outcome_labels());
        grid.push(bottom);
        let values = AppealGroup::ALL
            .iter()
            .flat_map(|&g| (0..5).map(move |p| table.get(g, p)))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|v| Cell::Value(self.value(v, ValueKind::Count)))
            .collect();
        grid.push(values);
        grid
    }

    /// The printed cells of one row of `table`.
    fn values<R: RowKind>(&mut self, table: &Table<R>, row: R) -> Vec<Cell> {
        row.columns()
            .iter()
            .enumerate()
            .map(|(p, &c)| Cell::Value(self.value(table.get(row, p), R::column_defs()[c].kind)))
            .collect()
    }

    /// One value as a report would print it.
    pub fn value(&mut self, value: Option<Number>, kind: ValueKind) -> String {
        match value {
            None => self.style.blank.to_string(),
            Some(n) => match kind {
                ValueKind::Count if self.style.thousands => grouped(&n.to_string()),
                ValueKind::Count => n.to_string(),
                ValueKind::Change => self.change(n),
                ValueKind::MoneyWan => self.money(n),
            },
        }
    }

    /// 本年增/减: `-3` or `减3`, `+2` or `2`.
    fn change(&mut self, n: Number) -> String {
        let plain = n.to_string();
        if !self.style.varied {
            return plain;
        }
        if n.is_negative() && self.rng.chance(0.5) {
            format!("减{}", &plain[1..])
        } else if n > Number::ZERO && self.rng.chance(0.5) {
            format!("+{plain}")
        } else {
            plain
        }
    }

    /// Money in 万元, with or without the unit.
    fn money(&mut self, n: Number) -> String {
        let wan = n.to_string();
        if self.style.varied && self.rng.chance(0.5) {
            format!("{wan}万元")
        } else {
            wan
        }
    }

    fn brackets(&self) -> (&'static str, &'static str) {
        if self.style.ascii_brackets {
            ("(", ")")
        } else {
            ("（", "）")
        }
    }

    /// A label from `labels` with its brackets as this document prints them.
    fn bracketed(&self, label: &str) -> String {
        let (open, close) = self.brackets();
        label.replace(['(', '（'], open).replace([')', '）'], close)
    }
}

/// `3119` → `3,119`.
fn grouped(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn empties(n: usize) -> Vec<Cell> {
    vec![Cell::Empty; n]
}
