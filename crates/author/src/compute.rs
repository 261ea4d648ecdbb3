//! Leaf cells → a full report: every total computed with exact decimal
//! arithmetic, the balance identity of table 3 checked, nothing invented.
//!
//! * Row 总计 of table 3 = the six applicant columns; （七）总计 = the outcome
//!   rows （一）…（六）; 四、结转下年度继续办理 = 一 + 二 − （七） (so the identity
//!   printed in table 3's header holds by construction); table 4 总计 = 维持 +
//!   纠正 + 其他 + 尚未审结. Table 2 has no totals.
//! * A computed cell the author entered too must agree; otherwise an error says
//!   both values and the computation, and the author's value is what a forced
//!   render prints.
//! * A leaf cell not filled in is handled as `blank_cells` says: an error naming
//!   it (default), 0, or blank — and a total that depends on a blank cell is
//!   blank unless the author entered it.

use crate::author::{Author, BlankCells, SECTION_KEYS};
use crate::problem::Problem;
use crate::schema::{self, CellDef, Role, APPEAL_TOTAL, REQUEST_TOTAL};
use std::collections::BTreeMap;
use xxgk_model::{
    Active, Active2019Row, Active2021Row, AppealGroup, Lang, Number, Report, RequestRow, RowKind,
    Source, SourceFormat, Table, Template,
};

/// A computed report and what is wrong or worth a look in the author file.
#[derive(Clone, Debug)]
pub struct Computed {
    /// The report with every table cell of the format (blank only where the
    /// author left a leaf blank and asked to keep blanks, or after an error).
    pub report: Report,
    /// Errors (the render stops unless forced) and warnings, in file order.
    pub problems: Vec<Problem>,
}

impl Computed {
    /// True when any problem is an error (the render stops unless forced).
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }
}

/// Computes the report of an author file.
pub fn compute(author: &Author) -> Computed {
    let template = author.template();
    let mut ctx = Ctx {
        author,
        problems: Vec::new(),
        missing: BTreeMap::new(),
        list: schema::cells(template),
        index: BTreeMap::new(),
    };
    ctx.index = ctx
        .list
        .iter()
        .enumerate()
        .map(|(i, d)| (d.path, i))
        .collect();
    let mut report = Report::new(Source {
        file: author.file.clone(),
        format: SourceFormat::Text,
        sha256: String::new(),
        encoding: Some("UTF-8".to_string()),
    });
    report.agency = author.agency.clone().filter(|a| !a.is_empty());
    report.year = Some(author.year);
    report.template = Some(template);
    report.published = author.published.clone();
    report.active = Some(match template {
        Template::V2019 => Active::V2019(ctx.active::<Active2019Row>()),
        Template::V2021 => Active::V2021(ctx.active::<Active2021Row>()),
    });
    report.requests = Some(ctx.requests(template));
    report.appeals = Some(ctx.appeals());
    ctx.report_missing();
    ctx.metadata();
    crate::problem::sort(&mut ctx.problems);
    Computed {
        report,
        problems: ctx.problems,
    }
}

struct Ctx<'a> {
    author: &'a Author,
    problems: Vec<Problem>,
    /// Row order → the row's path and its leaf cells left unfilled
    /// (blank_cells = error).
    missing: BTreeMap<usize, (String, Vec<&'static str>)>,
    /// The format's cells in table order, and each path's index.
    list: Vec<CellDef>,
    index: BTreeMap<&'static str, usize>,
}

impl Ctx<'_> {
    fn def(&self, path: &str) -> &CellDef {
        &self.list[self.index[path]]
    }

    /// A leaf cell's value under the blank-cell policy.
    fn leaf(&mut self, path: &'static str) -> Option<Number> {
        if let Some(Some(value)) = self.author.entered(path) {
            return Some(value);
        }
        match self.author.blank_cells {
            BlankCells::Zero => Some(Number::ZERO),
            BlankCells::Keep => None,
            BlankCells::Error => {
                let index = self.index[path];
                let def = &self.list[index];
                // A row's cells are consecutive: its first cell orders it.
                let row_order = index - def.position;
                let row_path = format!("{}.{}", def.table.key(), def.row);
                self.missing
                    .entry(row_order)
                    .or_insert_with(|| (row_path, Vec::new()))
                    .1
                    .push(path);
                None
            }
        }
    }

    /// A computed cell: the computed value, checked against what the author
    /// entered. `how` explains the computation for messages.
    fn derived(
        &mut self,
        path: &'static str,
        computed: Option<Number>,
        how: (String, String),
    ) -> Option<Number> {
        let entered = self.author.entered(path).flatten();
        match (computed, entered) {
            (Some(c), Some(e)) if c != e => {
                let def = self.def(path);
                let problem = Problem::error(
                    Some(path),
                    format!("{}填写为 {e}，与计算值 {c} 不符", def.describe(Lang::Zh)),
                    format!(
                        "{} is entered as {e} but computes to {c}",
                        def.describe(Lang::En)
                    ),
                )
                .at(self.author.place(path))
                .with_note(how.0, how.1)
                .with_note(
                    "总计由 xxgk 计算，可以不填；填写了就必须与计算值一致",
                    "totals are computed by xxgk and may be left out; when entered they must agree",
                );
                self.problems.push(problem);
                Some(e)
            }
            (Some(c), _) => Some(c),
            (None, e) => e,
        }
    }

    fn active<R: RowKind>(&mut self) -> Table<R> {
        let mut table = Table::new();
        for &row in R::ALL {
            for position in 0..row.columns().len() {
                let path = Table::<R>::path(row, position);
                let value = self.leaf(path);
                table.set(row, position, value).expect("official column");
            }
        }
        table
    }

    fn requests(&mut self, template: Template) -> Table<RequestRow> {
        let rows = schema::request_rows(template);
        let outcomes = schema::outcome_rows(template);
        let mut table = Table::new();
        let path = |row: RequestRow, position: usize| Table::<RequestRow>::path(row, position);
        for &row in &rows {
            table.add_row(row).expect("rows of one format");
        }
        for position in 0..REQUEST_TOTAL {
            let received = self.leaf(path(RequestRow::Received, position));
            let carried_in = self.leaf(path(RequestRow::CarriedIn, position));
            let mut results = Vec::new();
            for &row in &outcomes {
                results.push((row, self.leaf(path(row, position))));
            }
            for &(row, value) in &results {
                table.set(row, position, value).expect("official column");
            }
            table
                .set(RequestRow::Received, position, received)
                .expect("official column");
            table
                .set(RequestRow::CarriedIn, position, carried_in)
                .expect("official column");

            let values: Vec<Option<Number>> = results.iter().map(|(_, v)| *v).collect();
            let sum = self.sum(path(RequestRow::Total, position), &values);
            let how = (
                format!(
                    "办理结果（一）至（六）各行之和：{}",
                    terms(&results, Lang::Zh)
                ),
                format!(
                    "the outcome rows （一）…（六） add up to: {}",
                    terms(&results, Lang::En)
                ),
            );
            let total = self.derived(path(RequestRow::Total, position), sum, how);
            table
                .set(RequestRow::Total, position, total)
                .expect("official column");

            let carried_out = self.carried_out(position, received, carried_in, total);
            table
                .set(RequestRow::CarriedOut, position, carried_out)
                .expect("official column");
        }
        for &row in &rows {
            let values: Vec<Option<Number>> =
                (0..REQUEST_TOTAL).map(|p| table.get(row, p)).collect();
            let sum = self.sum(path(row, REQUEST_TOTAL), &values);
            let how = (
                format!("六类申请人之和：{}", plus(&values, Lang::Zh)),
                format!(
                    "the six applicant columns add up to: {}",
                    plus(&values, Lang::En)
                ),
            );
            let total = self.derived(path(row, REQUEST_TOTAL), sum, how);
            table
                .set(row, REQUEST_TOTAL, total)
                .expect("official column");
        }
        table
    }

    /// 四、结转下年度继续办理 of one column: 一 + 二 − （七）, which must not be
    /// negative, checked against the value entered.
    fn carried_out(
        &mut self,
        position: usize,
        received: Option<Number>,
        carried_in: Option<Number>,
        total: Option<Number>,
    ) -> Option<Number> {
        let path = Table::<RequestRow>::path(RequestRow::CarriedOut, position);
        let computed = match (received, carried_in, total) {
            (Some(r), Some(c), Some(t)) => r.checked_add(c).and_then(|s| s.checked_sub(t)),
            _ => None,
        };
        let show = |n: Option<Number>| n.map_or("（空）".to_string(), |n| n.to_string());
        let formula_zh = format!(
            "一 {} + 二 {} − （七） {}",
            show(received),
            show(carried_in),
            show(total)
        );
        let formula_en = formula_zh.replace("（空）", "(blank)");
        if let Some(value) = computed.filter(Number::is_negative) {
            let def = self.def(path);
            let column = def.column_label.clone();
            let problem = Problem::error(
                Some(path),
                format!("「{column}」列的办理结果（七）总计多于本年新收与上年结转之和：{formula_zh} = {value}"),
                format!("in the column `{column}`, （七）总计 is more than received plus carried in: {formula_en} = {value}"),
            )
            .at(self.author.place(&format!("requests.total.{}", def.column)).or_else(|| self.author.place(&format!("requests.received.{}", def.column))))
            .with_note(
                "表头印明：第一项加第二项之和，等于第三项加第四项之和；结转下年度不能为负数",
                "the header prints the identity 一 + 二 = （七） + 四; what is carried over cannot be negative",
            );
            self.problems.push(problem);
            return self.author.entered(path).flatten();
        }
        let how = match computed {
            Some(value) => (
                format!("{formula_zh} = {value}"),
                format!("{formula_en} = {value}"),
            ),
            None => (formula_zh, formula_en),
        };
        self.derived(path, computed, how)
    }

    fn appeals(&mut self) -> Table<AppealGroup> {
        let mut table = Table::new();
        for &group in AppealGroup::ALL {
            let mut values = Vec::new();
            for position in 0..APPEAL_TOTAL {
                let value = self.leaf(Table::<AppealGroup>::path(group, position));
                table.set(group, position, value).expect("official column");
                values.push(value);
            }
            let sum = self.sum(Table::<AppealGroup>::path(group, APPEAL_TOTAL), &values);
            let how = (
                format!("维持 + 纠正 + 其他 + 尚未审结：{}", plus(&values, Lang::Zh)),
                format!(
                    "upheld + corrected + other + pending: {}",
                    plus(&values, Lang::En)
                ),
            );
            let total = self.derived(Table::<AppealGroup>::path(group, APPEAL_TOTAL), sum, how);
            table
                .set(group, APPEAL_TOTAL, total)
                .expect("official column");
        }
        table
    }

    /// The exact sum of the terms of the computed cell `path`, or `None` when a
    /// term is blank (or on overflow, reported on the cell with its terms).
    fn sum(&mut self, path: &'static str, values: &[Option<Number>]) -> Option<Number> {
        let mut sum = Number::ZERO;
        for value in values {
            match sum.checked_add((*value)?) {
                Some(s) => sum = s,
                None => {
                    let def = self.def(path);
                    let problem = Problem::error(
                        Some(path),
                        format!(
                            "{}的各项数字过大，无法求和：{}",
                            def.describe(Lang::Zh),
                            plus(values, Lang::Zh)
                        ),
                        format!(
                            "the terms of {} are too large to add up: {}",
                            def.describe(Lang::En),
                            plus(values, Lang::En)
                        ),
                    )
                    .at(self.author.place(path));
                    self.problems.push(problem);
                    return None;
                }
            }
        }
        Some(sum)
    }

    /// One error per row with unfilled leaf cells (blank_cells = error).
    fn report_missing(&mut self) {
        let missing = std::mem::take(&mut self.missing);
        let count: usize = missing.values().map(|(_, paths)| paths.len()).sum();
        for (i, (row_path, mut paths)) in missing.into_values().enumerate() {
            paths.sort_by_key(|p| self.index[p]);
            let first = self.def(paths[0]);
            let (table, row_label) = (first.table, first.row_label.clone());
            let leaves = self
                .list
                .iter()
                .filter(|d| d.table == table && d.row == first.row && d.role == Role::Leaf)
                .count();
            let (columns_zh, columns_en) = if paths.len() == leaves && leaves > 1 {
                ("整行".to_string(), "the whole row".to_string())
            } else {
                let zh: Vec<String> = paths
                    .iter()
                    .map(|p| self.def(p).column_label.clone())
                    .collect();
                let en: Vec<&str> = paths.iter().map(|p| self.def(p).column).collect();
                (zh.join("、"), en.join(", "))
            };
            let place = paths.iter().find_map(|p| self.author.place(p));
            let mut problem = Problem::error(
                Some(&row_path),
                format!(
                    "{}「{row_label}」未填写：{columns_zh}",
                    table.short_name(Lang::Zh)
                ),
                format!(
                    "{} `{row_label}`: not filled in: {columns_en}",
                    table.short_name(Lang::En)
                ),
            )
            .at(place);
            if i == 0 {
                problem = problem.with_note(
                    format!("共 {count} 个单元格未填写。没有就填 0；要把未填写的都按 0 计，设 blank_cells = \"zero\"；要留空（相关总计也留空），设 blank_cells = \"keep\""),
                    format!("{count} cells are not filled in. Enter 0 for none; to count every unfilled cell as 0 set blank_cells = \"zero\"; to print them blank (and the totals that depend on them) set blank_cells = \"keep\""),
                );
            }
            self.problems.push(problem);
        }
    }

    fn metadata(&mut self) {
        let author = self.author;
        if author.agency.as_deref().is_none_or(str::is_empty) {
            self.problems.push(
                Problem::error(
                    Some("agency"),
                    "未填写发布机关",
                    "the issuing body is not filled in",
                )
                .at(author.place("agency"))
                .with_note(
                    "标题和落款都用它，如 agency = \"某某县人民政府\"",
                    "the title and the signature print it, e.g. agency = \"某某县人民政府\"",
                ),
            );
        }
        if author.published.is_none() {
            self.problems.push(
                Problem::warning(
                    Some("published"),
                    "未填写成文日期，报告末尾将不印日期",
                    "no date given: the report will print no date at its end",
                )
                .at(author.place("published")),
            );
        }
        if author.sections[0].trim().is_empty() {
            let key = format!("sections.{}", SECTION_KEYS[0]);
            self.problems.push(
                Problem::warning(
                    Some(&key),
                    "「一、总体情况」没有正文",
                    "section 一 (总体情况) has no text",
                )
                .at(author.place(&key)),
            );
        }
    }
}

/// `2 + 3 + 5 = 10` over the non-blank, non-zero terms (`0` when all are zero).
fn terms(results: &[(RequestRow, Option<Number>)], lang: Lang) -> String {
    let values: Vec<Option<Number>> = results
        .iter()
        .map(|(_, v)| *v)
        .filter(|v| *v != Some(Number::ZERO))
        .collect();
    if values.is_empty() {
        return "0".to_string();
    }
    plus(&values, lang)
}

/// `1 + 2 + （空） = ?` or `1 + 2 = 3`.
fn plus(values: &[Option<Number>], lang: Lang) -> String {
    let blank = match lang {
        Lang::Zh => "（空）",
        Lang::En => "(blank)",
    };
    let shown: Vec<String> = values
        .iter()
        .map(|v| v.map_or(blank.to_string(), |n| n.to_string()))
        .collect();
    let mut sum = Some(Number::ZERO);
    for v in values {
        sum = match (sum, v) {
            (Some(s), Some(v)) => s.checked_add(*v),
            _ => None,
        };
    }
    match sum {
        Some(sum) => format!("{} = {sum}", shown.join(" + ")),
        None => shown.join(" + "),
    }
}

/// Every cell of a computed report that the author did not enter (the totals),
/// for tests and tools that show what was computed.
pub fn computed_paths(template: Template) -> Vec<&'static str> {
    schema::cells(template)
        .into_iter()
        .filter(|c| c.role == Role::Computed)
        .map(|c| c.path)
        .collect()
}
