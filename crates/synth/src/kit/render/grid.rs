//! The three tables as grids of cells, before any layout.
//!
//! A grid keeps the official structure of each table — header rows, group labels
//! sharing a line with their first sub-row, padding cells where the original had a
//! merged cell — with every value already printed as text. The layouts in
//! [`super::layouts`] only decide how cells are separated, so every layout prints
//! the same table. All label text comes from `xxgk_model::labels`.

use super::{chinese, Layout, Options};
use crate::kit::gen::Model;
use crate::render::layouts::only_matches_itself;
use crate::rng::Rng;
use xxgk_model::labels::{self, ValueKind};
use xxgk_model::{Active, AppealGroup, Number, RequestRow, RowKind, Table};

pub use crate::render::grid::{Cell, Grid, Row, BLOCKS_2019, BLOCKS_2021, RESULTS_GROUP};

/// How a blank cell may be printed (never as nothing, except between values).
const BLANK_MARKERS: &[&str] = &["-", "/", "—", "无"];

/// The widest table-2 block has three value columns.
const ACTIVE_WIDTH: usize = 3;

/// Builds grids; owns the random choices so all tables draw from one stream.
pub struct Builder<'a> {
    /// What noise to print.
    pub opts: &'a Options,
    /// The stream of per-cell choices.
    pub rng: Rng,
}

impl Builder<'_> {
    /// Table 2 as 第二十条 blocks, each with a 信息内容 header row.
    pub fn active(&mut self, model: &Model) -> Grid {
        match &model.active {
            Active::V2019(t) => self.active_blocks(t, BLOCKS_2019),
            Active::V2021(t) => self.active_blocks(t, BLOCKS_2021),
        }
    }

    fn active_blocks<R: RowKind>(&mut self, table: &Table<R>, blocks: &[(&str, &[R])]) -> Grid {
        let mut grid = Grid::new();
        for (item, rows) in blocks {
            let (open, close) = self.brackets();
            let heading = format!("第二十条第{open}{item}{close}项");
            let mut heading_row = vec![Cell::Label(heading)];
            heading_row.extend(empties(ACTIVE_WIDTH));
            grid.push(heading_row);
            let columns = rows[0].columns();
            let mut header = vec![self.label("信息内容")];
            for &c in columns {
                header.push(self.head(R::column_defs()[c].label));
            }
            header.extend(empties(ACTIVE_WIDTH - columns.len()));
            grid.push(header);
            for &row in *rows {
                let labels = vec![self.label(row.def().label)];
                let mut values = self.values(table, row);
                values.extend(empties(ACTIVE_WIDTH - row.columns().len()));
                self.push_data_row(&mut grid, labels, values);
            }
        }
        grid
    }

    /// Table 3 with its three header rows and the group labels in front of the
    /// first sub-row of each group, as the official Word template prints it.
    pub fn requests(&mut self, model: &Model) -> Grid {
        let columns = labels::APPLICANT_COLUMNS;
        let mut grid = vec![
            vec![
                self.label(labels::REQUESTS_IDENTITY_NOTE),
                Cell::Pad,
                self.head("申请人情况"),
            ],
            [
                vec![Cell::Pad, Cell::Pad, self.head(columns[0].label)],
                vec![self.head(labels::APPLICANT_ORG_GROUP)],
                empties(4),
                vec![self.head(columns[6].label)],
            ]
            .concat(),
            [Cell::Pad, Cell::Pad, Cell::Empty]
                .into_iter()
                .chain(columns[1..6].iter().map(|c| self.head(c.label)))
                .collect(),
        ];
        let mut previous_group = None;
        for (row, _) in model.requests.rows() {
            let group = row.def().group();
            let first_of_group = group.is_some() && group != previous_group;
            previous_group = group;
            let labels = self.request_labels(row, first_of_group);
            let values = self.values(&model.requests, row);
            self.push_data_row(&mut grid, labels, values);
        }
        grid
    }

    /// The label cells in front of a table-3 row's values: 一、二、四 span both
    /// label columns; a group label (三、本年度办理结果, （三）不予公开 …) stands in
    /// front of its first sub-row only.
    fn request_labels(&mut self, row: RequestRow, first_of_group: bool) -> Vec<Cell> {
        use RequestRow::*;
        let text = self.bracketed(row.def().label);
        let label = self.label(&text);
        match (row, row.def().group()) {
            (Received | CarriedIn | CarriedOut, _) => vec![label, Cell::Pad],
            (Granted, _) => vec![self.label(RESULTS_GROUP), label],
            (_, Some(group)) if first_of_group => {
                let group = self.bracketed(group);
                vec![Cell::Pad, self.label(&group), label]
            }
            (_, Some(_)) => vec![Cell::Pad, Cell::Pad, label],
            (_, None) => vec![Cell::Pad, label],
        }
    }

    /// Table 4: two header levels (复议 | 诉讼 · 直接起诉 | 诉讼 · 复议后起诉) over
    /// the five outcome columns, then all fifteen values on one row.
    pub fn appeals(&mut self, model: &Model) -> Grid {
        let group = |g: AppealGroup| g.def().label.rsplit(" · ").next().unwrap();
        let litigation = AppealGroup::LitigationDirect
            .def()
            .label
            .split(" · ")
            .next()
            .unwrap();
        let outcome_labels = |b: &mut Self| -> Vec<Cell> {
            labels::APPEAL_COLUMNS
                .iter()
                .map(|c| b.head(c.label))
                .collect()
        };
        let mut grid = Grid::new();
        let mut top = vec![self.head(group(AppealGroup::Review))];
        top.extend(empties(4));
        top.push(self.head(litigation));
        grid.push(top);
        let mut middle = outcome_labels(self);
        middle.push(self.head(group(AppealGroup::LitigationDirect)));
        middle.extend(empties(4));
        middle.push(self.head(group(AppealGroup::LitigationAfterReview)));
        grid.push(middle);
        let mut bottom = empties(5);
        bottom.extend(outcome_labels(self));
        bottom.extend(outcome_labels(self));
        grid.push(bottom);
        let cells: Vec<(Option<Number>, ValueKind)> = AppealGroup::ALL
            .iter()
            .flat_map(|&g| (0..5).map(move |p| (model.appeals.get(g, p), ValueKind::Count)))
            .collect();
        let values = self.value_cells(&cells);
        grid.push(values);
        grid
    }

    /// The printed cells of one row of `table`.
    fn values<R: RowKind>(&mut self, table: &Table<R>, row: R) -> Vec<Cell> {
        let cells: Vec<(Option<Number>, ValueKind)> = row
            .columns()
            .iter()
            .enumerate()
            .map(|(p, &c)| (table.get(row, p), R::column_defs()[c].kind))
            .collect();
        self.value_cells(&cells)
    }

    /// Prints a run of values; only cells strictly between two others may be
    /// printed as nothing (at either end they would read as layout residue).
    fn value_cells(&mut self, cells: &[(Option<Number>, ValueKind)]) -> Vec<Cell> {
        let n = cells.len();
        cells
            .iter()
            .enumerate()
            .map(|(i, &(v, kind))| Cell::Value(self.value(v, kind, i > 0 && i + 1 < n)))
            .collect()
    }

    /// One value as a report would print it.
    fn value(&mut self, value: Option<Number>, kind: ValueKind, interior: bool) -> String {
        let varied = self.opts.varied;
        let run_together = self.opts.layout == Layout::RunTogether;
        let text = match value {
            None if !varied => "-".to_string(),
            None => {
                let empty_ok = interior && self.opts.layout.allows_empty_cells();
                let choices = if empty_ok { 5 } else { BLANK_MARKERS.len() };
                BLANK_MARKERS
                    .get(self.rng.below(choices))
                    .unwrap_or(&"")
                    .to_string()
            }
            Some(n) => match kind {
                ValueKind::Count => n.to_string(),
                ValueKind::Change => self.change(n, run_together),
                ValueKind::MoneyWan => self.money(n, run_together),
            },
        };
        if self.opts.fullwidth && self.rng.chance(0.5) {
            chinese::full_width_digits(&text)
        } else {
            text
        }
    }

    /// 本年增/减: `-3` or `减3`, `+2` or `2` (no `+` when cells run together, so
    /// that a single-digit value is a single printed digit).
    fn change(&mut self, n: Number, run_together: bool) -> String {
        let plain = n.to_string();
        if !self.opts.varied {
            return plain;
        }
        if n.is_negative() {
            if self.rng.chance(0.5) {
                format!("减{}", &plain[1..])
            } else {
                plain
            }
        } else if n > Number::ZERO && !run_together && self.rng.chance(0.5) {
            format!("+{plain}")
        } else {
            plain
        }
    }

    /// Money in 万元, with or without the unit, or converted to 元.
    fn money(&mut self, n: Number, run_together: bool) -> String {
        let wan = n.to_string();
        if !self.opts.varied {
            return wan;
        }
        match self.rng.below(if run_together { 2 } else { 4 }) {
            0 => wan,
            1 => format!("{wan}万元"),
            2 => format!("{wan} 万元"),
            _ => format!("{}元", yuan(&wan)),
        }
    }

    /// A row label cell (see [`Builder::noisy`]).
    fn label(&mut self, text: &str) -> Cell {
        Cell::Label(self.noisy(text))
    }

    /// A column header cell (see [`Builder::noisy`]).
    fn head(&mut self, text: &str) -> Cell {
        Cell::Head(self.noisy(text))
    }

    /// Label text, sometimes broken by spaces (自 然 人, 本年新 制作数量).
    fn noisy(&mut self, text: &str) -> String {
        if self.opts.spaced_labels && self.rng.chance(0.3) {
            chinese::spaced(text, &mut self.rng)
        } else {
            text.to_string()
        }
    }

    /// Full-width （一） as in the official template or ASCII (一) as in many copies.
    fn brackets(&mut self) -> (&'static str, &'static str) {
        if self.opts.varied && self.rng.chance(0.5) {
            ("(", ")")
        } else {
            ("（", "）")
        }
    }

    /// A label from `labels` with its brackets as this document prints them.
    fn bracketed(&mut self, label: &str) -> String {
        let (open, close) = self.brackets();
        label.replace(['(', '（'], open).replace([')', '）'], close)
    }

    /// Pushes a data row; with label splitting on, the row label may be broken
    /// over two lines: its head alone on one row, its tail in front of the values.
    fn push_data_row(&mut self, grid: &mut Grid, mut labels: Vec<Cell>, values: Vec<Cell>) {
        let split = match labels.last() {
            Some(Cell::Label(text)) if self.opts.split_labels && self.rng.chance(0.3) => {
                choose_split(text, &mut self.rng)
            }
            _ => None,
        };
        match split {
            Some((head, tail)) => {
                // The tail stays in the label's column, under its head.
                let indent = pads(labels.len() - 1);
                *labels.last_mut().unwrap() = Cell::Label(head);
                grid.push(labels);
                grid.push(
                    indent
                        .into_iter()
                        .chain([Cell::Label(tail)])
                        .chain(values)
                        .collect(),
                );
            }
            None => grid.push(labels.into_iter().chain(values).collect()),
        }
    }
}

fn pads(n: usize) -> Vec<Cell> {
    vec![Cell::Pad; n]
}

fn empties(n: usize) -> Vec<Cell> {
    vec![Cell::Empty; n]
}

/// `17.6675` (万元) → `176675` (元); amounts have at most four decimals.
fn yuan(wan: &str) -> String {
    let (int, frac) = wan.split_once('.').unwrap_or((wan, ""));
    let digits = format!("{int}{frac:0<4}");
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Splits a long label near its middle into a head and a tail such that neither
/// part alone reads as *another* row or column of any table — a split that makes
/// 「2.其他」 out of 「2.其他法律行政法规禁止公开」 would be a different document.
fn choose_split(text: &str, rng: &mut Rng) -> Option<(String, String)> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    if n < 8 {
        return None;
    }
    for _ in 0..4 {
        let at = n / 3 + rng.below(n / 3 + 1);
        let head: String = chars[..at].iter().collect::<String>().trim().to_string();
        let tail: String = chars[at..].iter().collect::<String>().trim().to_string();
        if !head.is_empty() && !tail.is_empty() && only_matches_itself(text, &head, &tail) {
            return Some((head, tail));
        }
    }
    None
}
