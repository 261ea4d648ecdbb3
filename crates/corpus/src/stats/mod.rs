//! `xxgk stats`: the figures people ask of a corpus, by year, format, region,
//! level or template.
//!
//! Every figure is a sum of what the reports print (exact decimals), with the
//! number of reports that printed it: a blank cell is left out, never counted as
//! zero. A rate is computed only over the reports that printed every cell it
//! needs, so numerator and denominator always cover the same reports:
//!
//! Copies (the corpus pass marks a report that repeats another of the same
//! body and year, table for table) are left out: a body's year counts once.
//!
//! - **实质公开率** (substantive disclosure rate) = (（一）予以公开 + （二）部分公开) / （七）总计
//!   (办结), table 3's 总计 column;
//! - **纠错率** (correction rate) of administrative review = 结果纠正 / (结果维持 + 结果纠正 +
//!   其他结果): the share of concluded cases that were corrected (尚未审结 is not
//!   concluded); for litigation, both litigation rows together.

use crate::ingest::SeverityCounts;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use xxgk_check::body::level_name;
use xxgk_model::labels::{
    path_labels, APPEAL_COLUMNS, APPEAL_LITIGATION, REQUEST_GROUPS, REQUEST_ROWS,
};
use xxgk_model::{Lang, Number};
use xxgk_store::{Agency, ReportRow, Store, StoreError};

mod cube;
pub use cube::{Combination, Cube, CubeReport, Selection, CUBE_DIMENSIONS};

/// What statistics are grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    /// The report year.
    Year,
    /// The source format (text, HTML, DOCX, PDF).
    Format,
    /// The region from the agency list.
    Region,
    /// The body's level.
    Level,
    /// The official format (2019 or 2021).
    Template,
}

impl Dimension {
    /// The dimension's column heading in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Dimension::Year, Lang::Zh) => "年度",
            (Dimension::Format, Lang::Zh) => "格式",
            (Dimension::Region, Lang::Zh) => "地区",
            (Dimension::Level, Lang::Zh) => "层级",
            (Dimension::Template, Lang::Zh) => "表格式",
            (Dimension::Year, Lang::En) => "year",
            (Dimension::Format, Lang::En) => "format",
            (Dimension::Region, Lang::En) => "region",
            (Dimension::Level, Lang::En) => "level",
            (Dimension::Template, Lang::En) => "template",
        }
    }
}

impl Dimension {
    /// Every dimension, in the order `xxgk stats --by` lists them.
    pub const ALL: [Dimension; 5] = [
        Dimension::Year,
        Dimension::Format,
        Dimension::Region,
        Dimension::Level,
        Dimension::Template,
    ];

    /// The dimension's stable word (`year`, `region`, …: its English name,
    /// as `--by` and the JSON take it).
    pub fn parse(word: &str) -> Option<Dimension> {
        Dimension::ALL
            .into_iter()
            .find(|d| d.name(Lang::En) == word)
    }
}

/// Statistics grouped by some dimensions: what `xxgk stats` prints (as
/// JSON, exactly this) and the web API's `/api/v1/stats` answers.
#[derive(Clone, Debug, Serialize)]
pub struct Statistics {
    /// The dimensions grouped by, in order.
    pub by: Vec<Dimension>,
    /// The groups, in the order of their keys.
    pub groups: Vec<Group>,
    /// How many reports were left out as copies of another.
    pub copies_left_out: usize,
}

/// The statistics of every stored report grouped by `by` (all reports in
/// one group when empty), summed one report at a time: memory holds the
/// groups, not the reports.
pub fn statistics(
    store: &dyn Store,
    by: &[Dimension],
    lang: Lang,
) -> Result<Statistics, StoreError> {
    let mut grouping = Grouping::new(by);
    let copies = each_report_figures(store, lang, &mut |report| grouping.add(&report))?;
    Ok(Statistics {
        by: by.to_vec(),
        groups: grouping.finish(),
        copies_left_out: copies,
    })
}

/// The outcome categories of table 3 (（一）…（六）) and the rows each sums, in
/// the 总计 column. The groups' row keys and labels come from the model.
pub fn outcome_categories() -> Vec<(&'static str, String, Vec<&'static str>)> {
    let mut categories = vec![
        ("granted", "（一）予以公开".to_string(), vec!["granted"]),
        (
            "partially_granted",
            "（二）部分公开".to_string(),
            vec!["partially_granted"],
        ),
    ];
    for group in REQUEST_GROUPS {
        let key = group.key;
        let mut rows: Vec<&str> = group.members(REQUEST_ROWS).map(|r| r.key).collect();
        if key == "other" {
            // The 2019 format prints （六）其他处理 as one row.
            rows.push("other");
        }
        categories.push((key, group.label.to_string(), rows));
    }
    categories
}

/// A sum and how many reports contributed to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Total {
    /// The sum of the values printed.
    pub sum: Number,
    /// How many reports printed a value.
    pub reports: usize,
}

impl Default for Total {
    fn default() -> Self {
        Total {
            sum: Number::new(0, 0),
            reports: 0,
        }
    }
}

impl Total {
    fn add(&mut self, value: Option<Number>) {
        if let Some(v) = value {
            if let Some(sum) = self.sum.checked_add(v) {
                self.sum = sum;
                self.reports += 1;
            }
        }
    }

    /// Adds another sum and its reports. A sum that would leave the range of
    /// [`Number`] is left out, reports and all, as [`Total::add`] leaves out
    /// a value.
    fn merge(&mut self, other: &Total) {
        if other.reports == 0 {
            return;
        }
        if let Some(sum) = self.sum.checked_add(other.sum) {
            self.sum = sum;
            self.reports += other.reports;
        }
    }
}

/// A rate over the reports that printed both of its parts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Rate {
    /// The sum above the line.
    pub numerator: Total,
    /// The sum below the line.
    pub denominator: Total,
    /// numerator / denominator, `None` when the denominator is 0.
    pub value: Option<f64>,
}

impl Rate {
    fn add(&mut self, numerator: Option<Number>, denominator: Option<Number>) {
        if let (Some(n), Some(d)) = (numerator, denominator) {
            self.numerator.add(Some(n));
            self.denominator.add(Some(d));
        }
    }

    fn merge(&mut self, other: &Rate) {
        self.numerator.merge(&other.numerator);
        self.denominator.merge(&other.denominator);
    }

    fn finish(&mut self) {
        let d = self.denominator.sum.to_f64();
        self.value = (d > 0.0).then(|| self.numerator.sum.to_f64() / d);
    }
}

/// Review or litigation figures of one group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Appeals {
    /// Cases of the group, 总计 column.
    pub total: Total,
    /// Cases whose result was corrected (结果纠正).
    pub corrected: Total,
    /// Corrected ÷ concluded cases (维持 + 纠正 + 其他).
    pub correction_rate: Rate,
}

impl Appeals {
    fn merge(&mut self, other: &Appeals) {
        self.total.merge(&other.total);
        self.corrected.merge(&other.corrected);
        self.correction_rate.merge(&other.correction_rate);
    }
}

/// The statistics of one group of reports.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Group {
    /// The group's value for each dimension (empty string: unknown).
    pub key: Vec<String>,
    /// Reports in the group.
    pub reports: usize,
    /// Distinct bodies in the group.
    pub bodies: usize,
    /// New requests received (一、本年新收), 总计 column.
    pub received: Total,
    /// Requests concluded ((七) 总计), 总计 column.
    pub concluded: Total,
    /// Category key → sum of its rows in the 总计 column.
    pub outcomes: BTreeMap<&'static str, Total>,
    /// (一) + (二) ÷ (七): the share of concluded requests disclosed in whole or part.
    pub disclosure_rate: Rate,
    /// Administrative review (行政复议).
    pub review: Appeals,
    /// Administrative litigation (行政诉讼), both rows together.
    pub litigation: Appeals,
    /// 本年收费金额 (万元) of 行政事业性收费, table 2 of the 2021 format ([`FEES_PATH`]).
    pub fees: Total,
    /// Bodies with at least one error finding in the group's reports.
    pub bodies_with_errors: usize,
    /// Findings of the group's reports by severity.
    #[serde(skip)]
    pub findings: SeverityCounts,
    #[serde(rename = "findings")]
    findings_json: [usize; 3],
}

/// One figure of the statistics: its stable key, its name and its exact
/// definition (口径), in both languages. The web dashboard shows the
/// definition next to the figure and drills down by the key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Figure {
    /// The stable key (`received`, `outcome.granted`, `disclosure_rate`, …).
    pub key: String,
    /// The figure's name in Chinese.
    pub zh: String,
    /// Its name in English.
    pub en: String,
    /// Its definition in Chinese: which cells it sums and which reports count.
    pub definition_zh: String,
    /// Its definition in English.
    pub definition_en: String,
    /// True for a rate (numerator ÷ denominator), false for a sum.
    pub rate: bool,
}

impl Figure {
    /// The name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// The name in `lang` as a heading or a row's label: in English with a
    /// capital first letter (`Requests received`); the name itself stays lower
    /// case for column headers and within sentences.
    pub fn title(&self, lang: Lang) -> String {
        let name = self.name(lang);
        let mut chars = name.chars();
        match chars.next() {
            Some(first) if lang == Lang::En => first.to_uppercase().chain(chars).collect(),
            _ => name.to_string(),
        }
    }

    /// The definition in `lang`.
    pub fn definition(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.definition_zh,
            Lang::En => &self.definition_en,
        }
    }
}

/// The path of the cell that holds 本年收费金额 (万元) of 行政事业性收费, table 2
/// of the 2021 format (the 2019 format prints no amount).
pub const FEES_PATH: &str = "active.fees.amount_wan";

/// The official words of a cell: `表三「一、本年新收… · 总计」`, from the model's labels.
fn cell_words(path: &str, lang: Lang) -> String {
    match path_labels(path, None) {
        Some((table, row, column)) => {
            let row = row.unwrap_or_default();
            let column = column.map(|c| format!(" · {c}")).unwrap_or_default();
            match lang {
                Lang::Zh => format!("{}「{row}{column}」", table.short_name(lang)),
                Lang::En => format!("{} “{row}{column}”", table.short_name(lang)),
            }
        }
        None => path.to_string(),
    }
}

/// Every figure of [`Group`], in the order a page shows them, each with its
/// definition written from the official labels of the cells it reads.
pub fn figures() -> Vec<Figure> {
    const BLANK_ZH: &str = "空白单元格不计入（不当作 0），只统计填报了该单元格的报告。";
    const BLANK_EN: &str =
        "A blank cell is left out (never counted as 0): only the reports that print it count.";
    let words = |key: &str, lang: Lang| {
        let sep = if lang == Lang::Zh { "、" } else { ", " };
        figure_paths(key)
            .iter()
            .map(|p| cell_words(p, lang))
            .collect::<Vec<_>>()
            .join(sep)
    };
    let sum = |key: &str, zh: &str, en: &str, extra_zh: &str, extra_en: &str| Figure {
        key: key.to_string(),
        zh: zh.to_string(),
        en: en.to_string(),
        definition_zh: format!("{} 之和。{extra_zh}{BLANK_ZH}", words(key, Lang::Zh)),
        definition_en: format!("The sum of {}. {extra_en}{BLANK_EN}", words(key, Lang::En)),
        rate: false,
    };
    let review = path_labels("appeals.review", None)
        .and_then(|(_, row, _)| row)
        .unwrap_or_default();
    let litigation = APPEAL_LITIGATION.label;
    let column = |key: &str| {
        APPEAL_COLUMNS
            .iter()
            .find(|c| c.key == key)
            .map_or("", |c| c.label)
    };
    let (upheld, corrected, other) = (column("upheld"), column("corrected"), column("other"));
    let request = |key: &str| {
        REQUEST_ROWS
            .iter()
            .find(|r| r.key == key)
            .map_or("", |r| r.label)
    };
    let (granted, partly, total) = (
        request("granted"),
        request("partially_granted"),
        request("total"),
    );
    let both_rows_zh = format!("{litigation}两行都填报的报告才计入。");
    let both_rows_en = format!("A report counts only when it prints both {litigation} rows. ");
    let mut out = vec![
        sum("received", "新收申请", "requests received", "", ""),
        sum("concluded", "办结", "requests concluded", "", ""),
    ];
    for (key, label, _) in outcome_categories() {
        // The official label in both languages: the category has no other name.
        out.push(sum(
            &format!("outcome.{key}"),
            &label,
            &label,
            "填报了其中任一行的报告即计入。",
            "A report counts when it prints any of these rows. ",
        ));
    }
    let rate = |key: &str, zh: &str, en: &str, dzh: String, den: String| Figure {
        key: key.to_string(),
        zh: zh.to_string(),
        en: en.to_string(),
        definition_zh: dzh,
        definition_en: den,
        rate: true,
    };
    out.push(rate(
        "disclosure_rate",
        "实质公开率",
        "disclosure rate",
        format!("（{granted} + {partly}）÷ {total}（办结），表三总计列；只统计三项都填报的报告，分子分母覆盖同一批报告。"),
        format!("({granted} + {partly}) ÷ {total} (concluded), table 3's 总计 column; only reports printing all three count, so numerator and denominator cover the same reports."),
    ));
    out.push(sum(
        "review.total",
        &review,
        "administrative reviews",
        "",
        "",
    ));
    out.push(sum(
        "review.corrected",
        &format!("{review}{corrected}"),
        "reviews corrected",
        "",
        "",
    ));
    out.push(rate(
        "review.correction_rate",
        "复议纠错率",
        "review correction rate",
        format!("{review} {corrected} ÷（{upheld} + {corrected} + {other}），即已审结案件中被纠正的比例（尚未审结不计）；只统计各项都填报的报告。"),
        format!("{review}: {corrected} ÷ ({upheld} + {corrected} + {other}), the share of concluded cases that were corrected (pending cases are not concluded); only reports printing all of them count."),
    ));
    out.push(sum(
        "litigation.total",
        litigation,
        "administrative lawsuits",
        &both_rows_zh,
        &both_rows_en,
    ));
    out.push(sum(
        "litigation.corrected",
        &format!("{litigation}{corrected}"),
        "lawsuits corrected",
        &both_rows_zh,
        &both_rows_en,
    ));
    out.push(rate(
        "litigation.correction_rate",
        "诉讼纠错率",
        "lawsuit correction rate",
        format!("{litigation}两行合计：{corrected} ÷（{upheld} + {corrected} + {other}）；只统计各项都填报的报告。"),
        format!("Both {litigation} rows together: {corrected} ÷ ({upheld} + {corrected} + {other}); only reports printing all of them count."),
    ));
    out.push(sum(
        "fees",
        "收取费用（万元）",
        "fees charged (10,000 yuan)",
        "只有 2021 年格式的表二列出收费金额；2019 年格式的报告不计入。",
        "Only table 2 of the 2021 format prints the amount; reports on the 2019 format are left out. ",
    ));
    out
}

/// One report's part in a figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Part {
    /// Its value in a sum.
    Sum(Number),
    /// Its numerator and denominator in a rate.
    Ratio(Number, Number),
}

/// What one report (not a copy) adds to the statistics: its place in every
/// dimension and its part in every figure it takes part in.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportFigures {
    /// The report.
    pub row: ReportRow,
    /// The body it is counted for (the corpus pass's, else as printed).
    pub body: String,
    /// Region from the agency list (empty: unknown).
    pub region: String,
    /// Level: the agency list's, else inferred from the name (empty: unknown).
    pub level: String,
    /// Figure key → this report's part; a figure the report does not take part
    /// in (a blank cell) is absent.
    pub parts: BTreeMap<String, Part>,
}

impl ReportFigures {
    /// The report's value for dimension `d` (empty string: unknown).
    pub fn key(&self, d: Dimension) -> String {
        match d {
            Dimension::Year => self.row.year.map(|y| y.to_string()).unwrap_or_default(),
            Dimension::Format => self.row.format.clone(),
            Dimension::Template => self.row.template.clone().unwrap_or_default(),
            Dimension::Region => self.region.clone(),
            Dimension::Level => self.level.clone(),
        }
    }
}

/// Something with a value in each [`Dimension`] (empty: unknown): a report's
/// figures, a combination of a [`Cube`]. Filters take either.
pub trait Keyed {
    /// The value of `dimension`.
    fn value(&self, dimension: Dimension) -> Cow<'_, str>;
}

impl Keyed for ReportFigures {
    fn value(&self, dimension: Dimension) -> Cow<'_, str> {
        Cow::Owned(self.key(dimension))
    }
}

/// What every report (copies left out) adds to the statistics, in the
/// store's order (year, body, id). [`stats`] sums exactly these parts.
pub fn report_figures(store: &dyn Store, lang: Lang) -> Result<Vec<ReportFigures>, StoreError> {
    let mut out = Vec::new();
    each_report_figures(store, lang, &mut |figures| out.push(figures))?;
    Ok(out)
}

/// [`report_figures`] one report at a time, without holding them: what
/// [`stats`] sums, in memory that does not grow with the corpus. Returns how
/// many copies were left out.
pub fn each_report_figures(
    store: &dyn Store,
    lang: Lang,
    each: &mut dyn FnMut(ReportFigures),
) -> Result<usize, StoreError> {
    let agencies: HashMap<String, Agency> = store
        .agencies()?
        .into_iter()
        .map(|a| (a.name.clone(), a))
        .collect();
    let categories = outcome_categories();
    let paths = cell_paths(&categories);
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let mut copies = 0;
    store.each_report_values(&paths, &mut |row, values| {
        // A report stored twice (a PDF and its text layer) counts once.
        if row.copy_of.is_some() {
            copies += 1;
            return Ok(());
        }
        let body = counted_body(&row);
        let listed = agencies.get(&body);
        let region = listed.and_then(|a| a.region.clone()).unwrap_or_default();
        let level = level_name(listed.and_then(|a| a.level.as_deref()), &body, lang);
        let cell = |path: &str| values.iter().find(|v| v.path == path).and_then(|v| v.value);
        let parts = report_parts(&categories, &cell);
        each(ReportFigures {
            row,
            body,
            region,
            level,
            parts,
        });
        Ok(())
    })?;
    Ok(copies)
}

/// The body a report is counted for: the corpus pass's, else as printed
/// (empty: unknown).
pub fn counted_body(row: &ReportRow) -> String {
    row.body
        .clone()
        .or_else(|| row.agency.clone())
        .unwrap_or_default()
}

/// One report's part in the figure `key` (see [`figures`]), from its cells
/// (`cell(path)`: the value printed, `None` when blank): what [`stats`]
/// adds of it. `None` when the report does not take part.
pub fn report_part(key: &str, cell: &dyn Fn(&str) -> Option<Number>) -> Option<Part> {
    report_parts(&outcome_categories(), cell).remove(key)
}

/// The groups of [`statistics`].
pub fn stats(store: &dyn Store, by: &[Dimension], lang: Lang) -> Result<Vec<Group>, StoreError> {
    Ok(statistics(store, by, lang)?.groups)
}

/// The statistics of `reports` (from [`report_figures`], possibly a
/// selection of them) grouped by `by`.
pub fn group(reports: &[ReportFigures], by: &[Dimension]) -> Vec<Group> {
    let mut grouping = Grouping::new(by);
    for report in reports {
        grouping.add(report);
    }
    grouping.finish()
}

/// Groups being summed: each with the bodies it counts and those with an
/// error (the only things held besides the sums: one name per body).
struct Grouping<'d> {
    by: &'d [Dimension],
    groups: BTreeMap<Vec<String>, (Group, BTreeSet<String>, BTreeSet<String>)>,
}

impl<'d> Grouping<'d> {
    fn new(by: &'d [Dimension]) -> Self {
        Grouping {
            by,
            groups: BTreeMap::new(),
        }
    }

    /// Adds one report to its group.
    fn add(&mut self, report: &ReportFigures) {
        let key: Vec<String> = self.by.iter().map(|d| report.key(*d)).collect();
        let (group, bodies, erring) = self.groups.entry(key.clone()).or_insert_with(|| {
            (
                Group {
                    key,
                    ..Group::default()
                },
                BTreeSet::new(),
                BTreeSet::new(),
            )
        });
        if !bodies.contains(&report.body) {
            bodies.insert(report.body.clone());
        }
        if report.row.errors > 0 && !erring.contains(&report.body) {
            erring.insert(report.body.clone());
        }
        group.add_report(report);
    }

    /// The groups, in key order, with their counts and rates.
    fn finish(self) -> Vec<Group> {
        self.groups
            .into_values()
            .map(|(group, bodies, erring)| group.finish(bodies.len(), erring.len()))
            .collect()
    }
}

impl Group {
    /// Counts one report (its findings and its part in every figure), not
    /// its body: the caller counts distinct bodies.
    fn add_report(&mut self, report: &ReportFigures) {
        let row = &report.row;
        self.reports += 1;
        self.findings.errors += row.errors as usize;
        self.findings.warnings += row.warnings as usize;
        self.findings.infos += row.infos as usize;
        add_parts(self, &report.parts);
    }

    /// Adds the counts and sums of `other`, a group of other reports, as if
    /// its reports had been added one by one (exact decimals: the order of
    /// the additions does not change a sum). Bodies are the caller's.
    fn merge(&mut self, other: &Group) {
        self.reports += other.reports;
        self.findings += other.findings;
        self.received.merge(&other.received);
        self.concluded.merge(&other.concluded);
        for (key, total) in &other.outcomes {
            self.outcomes.entry(key).or_default().merge(total);
        }
        self.disclosure_rate.merge(&other.disclosure_rate);
        self.review.merge(&other.review);
        self.litigation.merge(&other.litigation);
        self.fees.merge(&other.fees);
    }

    /// The group with its distinct bodies counted and its rates computed.
    fn finish(mut self, bodies: usize, bodies_with_errors: usize) -> Group {
        self.bodies = bodies;
        self.bodies_with_errors = bodies_with_errors;
        self.findings_json = [
            self.findings.errors,
            self.findings.warnings,
            self.findings.infos,
        ];
        self.disclosure_rate.finish();
        self.review.correction_rate.finish();
        self.litigation.correction_rate.finish();
        self
    }
}

impl Group {
    /// The figure `key` of [`figures`]: a sum, or a rate's numerator,
    /// denominator and value. `None` for an unknown key.
    pub fn figure(&self, key: &str) -> Option<FigureValue> {
        let sum = |t: &Total| Some(FigureValue::Sum(*t));
        let rate = |r: &Rate| Some(FigureValue::Rate(*r));
        match key {
            "received" => sum(&self.received),
            "concluded" => sum(&self.concluded),
            "disclosure_rate" => rate(&self.disclosure_rate),
            "review.total" => sum(&self.review.total),
            "review.corrected" => sum(&self.review.corrected),
            "review.correction_rate" => rate(&self.review.correction_rate),
            "litigation.total" => sum(&self.litigation.total),
            "litigation.corrected" => sum(&self.litigation.corrected),
            "litigation.correction_rate" => rate(&self.litigation.correction_rate),
            "fees" => sum(&self.fees),
            _ => {
                let category = key.strip_prefix("outcome.")?;
                Some(FigureValue::Sum(
                    self.outcomes.get(category).copied().unwrap_or_default(),
                ))
            }
        }
    }
}

/// A figure of a group.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FigureValue {
    /// A sum and how many reports it covers.
    Sum(Total),
    /// A rate.
    Rate(Rate),
}

/// The cells a figure is computed from, as contract paths (every row a
/// category sums; both litigation rows).
pub fn figure_paths(key: &str) -> Vec<String> {
    let appeals = |groups: &[&str], columns: &[&str]| {
        groups
            .iter()
            .flat_map(|g| columns.iter().map(move |c| format!("appeals.{g}.{c}")))
            .collect::<Vec<_>>()
    };
    const LITIGATION: &[&str] = &["litigation_direct", "litigation_after_review"];
    const CONCLUDED: &[&str] = &["upheld", "corrected", "other"];
    match key {
        "received" => vec!["requests.received.total".into()],
        "concluded" => vec!["requests.total.total".into()],
        "disclosure_rate" => vec![
            "requests.granted.total".into(),
            "requests.partially_granted.total".into(),
            "requests.total.total".into(),
        ],
        "review.total" => appeals(&["review"], &["total"]),
        "review.corrected" => appeals(&["review"], &["corrected"]),
        "review.correction_rate" => appeals(&["review"], CONCLUDED),
        "litigation.total" => appeals(LITIGATION, &["total"]),
        "litigation.corrected" => appeals(LITIGATION, &["corrected"]),
        "litigation.correction_rate" => appeals(LITIGATION, CONCLUDED),
        "fees" => vec![FEES_PATH.into()],
        _ => key
            .strip_prefix("outcome.")
            .and_then(|c| {
                outcome_categories()
                    .into_iter()
                    .find(|(k, _, _)| *k == c)
                    .map(|(_, _, rows)| {
                        rows.iter().map(|r| format!("requests.{r}.total")).collect()
                    })
            })
            .unwrap_or_default(),
    }
}

/// The cells statistics read.
fn cell_paths(categories: &[(&'static str, String, Vec<&'static str>)]) -> Vec<String> {
    let mut paths: Vec<String> = vec![
        "requests.received.total".into(),
        "requests.total.total".into(),
    ];
    for (_, _, rows) in categories {
        paths.extend(rows.iter().map(|r| format!("requests.{r}.total")));
    }
    paths.push(FEES_PATH.into());
    for group in ["review", "litigation_direct", "litigation_after_review"] {
        for column in ["upheld", "corrected", "other", "pending", "total"] {
            paths.push(format!("appeals.{group}.{column}"));
        }
    }
    paths
}

/// One report's part in every figure, from its cells.
fn report_parts(
    categories: &[(&'static str, String, Vec<&'static str>)],
    cell: &dyn Fn(&str) -> Option<Number>,
) -> BTreeMap<String, Part> {
    let mut parts = BTreeMap::new();
    let put_sum = |key: &str, value: Option<Number>, parts: &mut BTreeMap<String, Part>| {
        if let Some(v) = value {
            parts.insert(key.to_string(), Part::Sum(v));
        }
    };
    put_sum("received", cell("requests.received.total"), &mut parts);
    let concluded = cell("requests.total.total");
    put_sum("concluded", concluded, &mut parts);
    let mut category_sums = HashMap::new();
    for (key, _, rows) in categories {
        let sum = sum(rows.iter().map(|r| cell(&format!("requests.{r}.total"))));
        put_sum(&format!("outcome.{key}"), sum, &mut parts);
        category_sums.insert(*key, sum);
    }
    let disclosed = match (category_sums["granted"], category_sums["partially_granted"]) {
        (Some(a), Some(b)) => a.checked_add(b),
        _ => None,
    };
    if let (Some(n), Some(d)) = (disclosed, concluded) {
        parts.insert("disclosure_rate".into(), Part::Ratio(n, d));
    }
    for (name, groups) in [
        ("review", &["review"][..]),
        (
            "litigation",
            &["litigation_direct", "litigation_after_review"][..],
        ),
    ] {
        let (total, corrected, rate) = appeal_parts(groups, cell);
        put_sum(&format!("{name}.total"), total, &mut parts);
        put_sum(&format!("{name}.corrected"), corrected, &mut parts);
        if let Some((n, d)) = rate {
            parts.insert(format!("{name}.correction_rate"), Part::Ratio(n, d));
        }
    }
    put_sum("fees", cell(FEES_PATH), &mut parts);
    parts
}

/// Adds one report's parts to `group`.
fn add_parts(group: &mut Group, parts: &BTreeMap<String, Part>) {
    let value = |key: &str| match parts.get(key) {
        Some(Part::Sum(v)) => Some(*v),
        _ => None,
    };
    let ratio = |key: &str| match parts.get(key) {
        Some(Part::Ratio(n, d)) => (Some(*n), Some(*d)),
        _ => (None, None),
    };
    group.received.add(value("received"));
    group.concluded.add(value("concluded"));
    for (key, _, _) in outcome_categories() {
        group
            .outcomes
            .entry(key)
            .or_default()
            .add(value(&format!("outcome.{key}")));
    }
    let (n, d) = ratio("disclosure_rate");
    group.disclosure_rate.add(n, d);
    for (name, appeals) in [
        ("review", &mut group.review),
        ("litigation", &mut group.litigation),
    ] {
        appeals.total.add(value(&format!("{name}.total")));
        appeals.corrected.add(value(&format!("{name}.corrected")));
        let (n, d) = ratio(&format!("{name}.correction_rate"));
        appeals.correction_rate.add(n, d);
    }
    group.fees.add(value("fees"));
}

/// One report's review (or litigation) parts: total, corrected, and
/// (corrected, concluded) for the correction rate.
type AppealParts = (Option<Number>, Option<Number>, Option<(Number, Number)>);

fn appeal_parts(groups: &[&str], cell: &dyn Fn(&str) -> Option<Number>) -> AppealParts {
    let column = |c: &str| {
        let values: Vec<Option<Number>> = groups
            .iter()
            .map(|g| cell(&format!("appeals.{g}.{c}")))
            .collect();
        // Litigation needs both rows printed, or the sum would mix in a blank.
        values
            .iter()
            .all(Option::is_some)
            .then(|| sum(values.into_iter()))
            .flatten()
    };
    let corrected = column("corrected");
    let parts = [column("upheld"), corrected, column("other")];
    let concluded = parts
        .iter()
        .all(Option::is_some)
        .then(|| sum(parts.into_iter()))
        .flatten();
    let rate = match (corrected, concluded) {
        (Some(n), Some(d)) => Some((n, d)),
        _ => None,
    };
    (column("total"), corrected, rate)
}

/// The sum of the values printed, `None` when none was (or on overflow).
fn sum(values: impl Iterator<Item = Option<Number>>) -> Option<Number> {
    let mut total: Option<Number> = None;
    for value in values.flatten() {
        total = Some(match total {
            Some(t) => t.checked_add(value)?,
            None => value,
        });
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report's part in a figure needs only the cells `figure_paths`
    /// names: what a drill-down reads of a report gives the part the sums
    /// added. Cells are given distinct values, some blank, so that a cell
    /// read from the wrong place changes a part.
    #[test]
    fn a_part_needs_only_the_cells_its_figure_names() {
        let categories = outcome_categories();
        let all = cell_paths(&categories);
        for blank in [None, Some(3), Some(7)] {
            let value = |path: &str| {
                let i = all.iter().position(|p| p == path)?;
                (Some(i % 11) != blank).then(|| Number::new(i as i64 * 3 + 1, (i % 2) as u8))
            };
            let parts = report_parts(&categories, &value);
            for figure in figures() {
                let named = figure_paths(&figure.key);
                assert!(!named.is_empty(), "{}", figure.key);
                let only_named = |path: &str| {
                    named
                        .iter()
                        .any(|p| p == path)
                        .then(|| value(path))
                        .flatten()
                };
                assert_eq!(
                    report_part(&figure.key, &only_named),
                    parts.get(&figure.key).copied(),
                    "{} (blank {blank:?})",
                    figure.key
                );
            }
        }
    }
}
