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
use std::collections::{BTreeMap, BTreeSet, HashMap};
use xxgk_check::body::level_name;
use xxgk_model::labels::{REQUEST_GROUPS, REQUEST_ROWS};
use xxgk_model::{Lang, Number};
use xxgk_store::{Agency, Store, StoreError};

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

/// What `xxgk stats --format json` prints (and the web API's
/// `/api/v1/stats` answers): the dimensions, the groups, and how many copies
/// were left out.
pub fn json(
    store: &dyn Store,
    by: &[Dimension],
    lang: Lang,
) -> Result<serde_json::Value, StoreError> {
    let groups = stats(store, by, lang)?;
    let copies = store
        .reports()?
        .iter()
        .filter(|r| r.copy_of.is_some())
        .count();
    Ok(serde_json::json!({
        "by": by,
        "groups": groups,
        "copies_left_out": copies,
    }))
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
    /// Bodies with at least one error finding in the group's reports.
    pub bodies_with_errors: usize,
    /// Findings of the group's reports by severity.
    #[serde(skip)]
    pub findings: SeverityCounts,
    #[serde(rename = "findings")]
    findings_json: [usize; 3],
}

/// Statistics grouped by `by` (all reports in one group when empty).
pub fn stats(store: &dyn Store, by: &[Dimension], lang: Lang) -> Result<Vec<Group>, StoreError> {
    let rows = store.reports()?;
    let agencies: HashMap<String, Agency> = store
        .agencies()?
        .into_iter()
        .map(|a| (a.name.clone(), a))
        .collect();
    let categories = outcome_categories();
    let values = cell_values(store, &categories)?;
    let error_ids: BTreeSet<i64> = rows.iter().filter(|r| r.errors > 0).map(|r| r.id).collect();

    let mut groups: BTreeMap<Vec<String>, (Group, BTreeSet<String>, BTreeSet<String>)> =
        BTreeMap::new();
    // A report stored twice (a PDF and its text layer) counts once.
    for row in rows.iter().filter(|r| r.copy_of.is_none()) {
        let body = row
            .body
            .clone()
            .or_else(|| row.agency.clone())
            .unwrap_or_default();
        let listed = agencies.get(&body);
        let key: Vec<String> = by
            .iter()
            .map(|d| match d {
                Dimension::Year => row.year.map(|y| y.to_string()).unwrap_or_default(),
                Dimension::Format => row.format.clone(),
                Dimension::Template => row.template.clone().unwrap_or_default(),
                Dimension::Region => listed.and_then(|a| a.region.clone()).unwrap_or_default(),
                Dimension::Level => {
                    level_name(listed.and_then(|a| a.level.as_deref()), &body, lang)
                }
            })
            .collect();
        let (group, bodies, erring) = groups.entry(key.clone()).or_insert_with(|| {
            (
                Group {
                    key,
                    ..Group::default()
                },
                BTreeSet::new(),
                BTreeSet::new(),
            )
        });
        group.reports += 1;
        bodies.insert(body.clone());
        if error_ids.contains(&row.id) {
            erring.insert(body);
        }
        group.findings.errors += row.errors as usize;
        group.findings.warnings += row.warnings as usize;
        group.findings.infos += row.infos as usize;
        let cell = |path: &str| values.get(&(row.id, path.to_string())).copied().flatten();
        add_report(group, &categories, &cell);
    }
    Ok(groups
        .into_values()
        .map(|(mut group, bodies, erring)| {
            group.bodies = bodies.len();
            group.bodies_with_errors = erring.len();
            group.findings_json = [
                group.findings.errors,
                group.findings.warnings,
                group.findings.infos,
            ];
            group.disclosure_rate.finish();
            group.review.correction_rate.finish();
            group.litigation.correction_rate.finish();
            group
        })
        .collect())
}

type CellMap = HashMap<(i64, String), Option<Number>>;

/// The cells statistics need, by (report, path).
fn cell_values(
    store: &dyn Store,
    categories: &[(&'static str, String, Vec<&'static str>)],
) -> Result<CellMap, StoreError> {
    let mut paths: Vec<String> = vec![
        "requests.received.total".into(),
        "requests.total.total".into(),
    ];
    for (_, _, rows) in categories {
        paths.extend(rows.iter().map(|r| format!("requests.{r}.total")));
    }
    for group in ["review", "litigation_direct", "litigation_after_review"] {
        for column in ["upheld", "corrected", "other", "pending", "total"] {
            paths.push(format!("appeals.{group}.{column}"));
        }
    }
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    Ok(store
        .values(&refs)?
        .into_iter()
        .map(|v| ((v.report_id, v.path), v.value))
        .collect())
}

fn add_report(
    group: &mut Group,
    categories: &[(&'static str, String, Vec<&'static str>)],
    cell: &dyn Fn(&str) -> Option<Number>,
) {
    group.received.add(cell("requests.received.total"));
    let concluded = cell("requests.total.total");
    group.concluded.add(concluded);
    let mut category_sums = HashMap::new();
    for (key, _, rows) in categories {
        let sum = sum(rows.iter().map(|r| cell(&format!("requests.{r}.total"))));
        group.outcomes.entry(key).or_default().add(sum);
        category_sums.insert(*key, sum);
    }
    let disclosed = match (category_sums["granted"], category_sums["partially_granted"]) {
        (Some(a), Some(b)) => a.checked_add(b),
        _ => None,
    };
    group.disclosure_rate.add(disclosed, concluded);
    add_appeals(&mut group.review, &["review"], cell);
    add_appeals(
        &mut group.litigation,
        &["litigation_direct", "litigation_after_review"],
        cell,
    );
}

/// Adds one report's review (or litigation) rows to `appeals`.
fn add_appeals(appeals: &mut Appeals, groups: &[&str], cell: &dyn Fn(&str) -> Option<Number>) {
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
    appeals.total.add(column("total"));
    appeals.corrected.add(corrected);
    let parts = [column("upheld"), corrected, column("other")];
    let concluded = parts
        .iter()
        .all(Option::is_some)
        .then(|| sum(parts.into_iter()))
        .flatten();
    appeals.correction_rate.add(corrected, concluded);
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
