//! `GET /compare`: one body across years (`?body=NAME`, the same data as
//! `xxgk compare`, from [`xxgk_corpus::compare`]), or several bodies in one
//! year side by side (`?year=Y&body=A&body=B…`).
//!
//! Every cell is shown in the official order with its official label; a
//! blank cell is blank (never 0); a change from the previous year is marked
//! `increase`/`decrease` with `data-change`; each year's column links to its
//! report.

use super::{render, ui, InLang, PageResult};
use crate::auth::Auth;
use crate::error::WebError;
use crate::state::AppState;
use crate::ui::{Ui, UiLang};
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Extension, Router};
use std::collections::BTreeMap;
use std::sync::Arc;
use xxgk_corpus::compare::{compare, Comparison, Found};
use xxgk_model::Number;
use xxgk_store::Store;

/// Bodies one side-by-side comparison shows at most.
pub const MAX_BODIES: usize = 12;

/// The routes of the compare page.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/compare", get(page))
}

/// A value as a page shows it: empty for a blank cell.
pub fn shown(value: &Option<Number>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// One cell of a comparison table.
#[derive(Clone)]
pub struct CellView {
    /// The value as printed; empty for blank.
    pub value: String,
    /// The change from the previous column (`+3`, `-2`, `0`); empty when
    /// there is none to show.
    pub change: String,
    /// `increase`, `decrease`, `same`, `differs` or empty.
    pub class: &'static str,
}

/// One row of a comparison table.
#[derive(Clone)]
pub struct RowView {
    /// The cell's contract path.
    pub path: String,
    /// Its official labels.
    pub label: String,
    /// One cell per column.
    pub cells: Vec<CellView>,
    /// True when the columns do not all print the same value.
    pub differs: bool,
}

/// A column of a comparison: a year (of one body) or a body (in one year).
#[derive(Clone)]
pub struct ColumnView {
    /// Its heading.
    pub heading: String,
    /// The report shown in it.
    pub report_id: i64,
    /// The report's file.
    pub file: String,
    /// Error findings of the report.
    pub errors: u32,
    /// Other files of the same year (copies, other versions): not compared.
    pub others: Vec<String>,
}

/// How much of section 一/五 repeats the previous year's text.
#[derive(Clone)]
pub struct RepeatView {
    /// The later year.
    pub year: i32,
    /// 一 or 五.
    pub section: &'static str,
    /// The ratio as a percentage.
    pub percent: String,
    /// The ratio, 0–1, for `data-ratio`.
    pub ratio: f64,
}

/// What the page shows.
#[derive(Clone)]
pub enum View {
    /// The search box only.
    Search,
    /// One body across the years.
    Years {
        /// The body.
        body: String,
        /// The years.
        columns: Vec<ColumnView>,
        /// The cells.
        rows: Vec<RowView>,
        /// Repeated text.
        repeats: Vec<RepeatView>,
    },
    /// Several bodies in one year.
    Bodies {
        /// The year.
        year: i32,
        /// The bodies.
        columns: Vec<ColumnView>,
        /// The cells.
        rows: Vec<RowView>,
        /// Names that matched no body, or several, or had no report that year.
        problems: Vec<String>,
    },
    /// Several bodies match the query.
    Ambiguous(Vec<String>),
    /// None matches; similar names.
    NotFound(Vec<String>),
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    ui: Ui,
    query: String,
    year: String,
    view: View,
    bodies: Vec<(String, usize)>,
}

impl ComparePage {
    fn link(&self, body: &str) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        out.append_pair("body", body);
        format!("/compare?{}", out.finish())
    }
}

async fn page(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    let names: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "body")
        .flat_map(|(_, v)| v.split(['\n', '；', ';']).map(str::trim).map(String::from))
        .filter(|v| !v.is_empty())
        .collect();
    let year_text = pairs
        .iter()
        .find(|(k, _)| k == "year")
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    let year = if year_text.is_empty() {
        None
    } else {
        Some(year_text.parse::<i32>().map_err(|_| {
            WebError::bad_request(
                format!("年度“{year_text}”不是一个年份"),
                format!("year “{year_text}” is not a year"),
            )
        }))
        .transpose()
        .in_lang(lang)?
    };
    if names.len() > MAX_BODIES {
        return Err(WebError::bad_request(
            format!("一次最多对比 {MAX_BODIES} 个机关"),
            format!("at most {MAX_BODIES} bodies can be compared at once"),
        ))
        .in_lang(lang);
    }
    let query = names.join("；");
    let cache = Arc::clone(&state);
    let (view, bodies) = state
        .read(move |store| {
            let view = match (&names[..], year) {
                ([], _) => View::Search,
                ([one], None) => {
                    Arc::unwrap_or_clone(
                        cache.memo(store, format!("compare {one}"), || years_view(store, one))?,
                    )
                }
                (_, Some(year)) => bodies_view(store, &names, year, lang)?,
                (_, None) => {
                    return Err(WebError::bad_request(
                        "对比多个机关须指定年度（year=）",
                        "comparing several bodies needs a year (year=)",
                    ))
                }
            };
            let bodies = cache.memo(store, "bodies with years".into(), || {
                bodies_with_years(store)
            })?;
            Ok((view, Arc::unwrap_or_clone(bodies)))
        })
        .await
        .in_lang(lang)?;
    Ok(render(&ComparePage {
        ui: ui(lang, &auth, "/compare"),
        query,
        year: year_text,
        view,
        bodies,
    }))
}

/// Bodies with reports of more than one year, and how many years.
fn bodies_with_years(store: &dyn Store) -> Result<Vec<(String, usize)>, WebError> {
    let mut years: BTreeMap<String, std::collections::BTreeSet<i32>> = BTreeMap::new();
    store.each_report(&mut |row| {
        if let (Some(body), Some(year)) = (row.body, row.year) {
            years.entry(body).or_default().insert(year);
        }
        Ok(())
    })?;
    Ok(years
        .into_iter()
        .filter(|(_, y)| y.len() > 1)
        .map(|(b, y)| (b, y.len()))
        .collect())
}

fn change_class(change: &Option<Number>) -> (String, &'static str) {
    match change {
        Some(c) => {
            let zero = Number::new(0, 0);
            let class = match c.cmp(&zero) {
                std::cmp::Ordering::Greater => "increase",
                std::cmp::Ordering::Less => "decrease",
                std::cmp::Ordering::Equal => "same",
            };
            let sign = if class == "increase" { "+" } else { "" };
            (format!("{sign}{c}"), class)
        }
        None => (String::new(), ""),
    }
}

fn years_view(store: &dyn Store, query: &str) -> Result<View, WebError> {
    let comparison = match compare(store, query)? {
        Found::One(c) => c,
        Found::Ambiguous(names) => return Ok(View::Ambiguous(names)),
        Found::NotFound(names) => return Ok(View::NotFound(names)),
    };
    let Comparison {
        body,
        years,
        rows,
        repeats,
    } = *comparison;
    let columns = years
        .iter()
        .map(|y| ColumnView {
            heading: y.year.to_string(),
            report_id: y.report_id,
            file: y.file.clone(),
            errors: y.errors,
            others: y.copies.iter().chain(&y.others).cloned().collect(),
        })
        .collect();
    let rows = rows
        .into_iter()
        .map(|row| {
            let printed: Vec<&Number> = row.values.iter().flatten().collect();
            let differs = printed.windows(2).any(|w| w[0] != w[1]);
            RowView {
                path: row.path.to_string(),
                label: row.label,
                cells: row
                    .values
                    .iter()
                    .zip(&row.changes)
                    .map(|(value, change)| {
                        let (change, class) = change_class(change);
                        CellView {
                            value: shown(value),
                            change,
                            class,
                        }
                    })
                    .collect(),
                differs,
            }
        })
        .collect();
    let repeats = repeats
        .into_iter()
        .map(|r| RepeatView {
            year: r.year,
            section: if r.section == 1 { "一" } else { "五" },
            percent: format!("{:.0}%", r.ratio * 100.0),
            ratio: r.ratio,
        })
        .collect();
    Ok(View::Years {
        body,
        columns,
        rows,
        repeats,
    })
}

fn bodies_view(
    store: &dyn Store,
    names: &[String],
    year: i32,
    lang: xxgk_model::Lang,
) -> Result<View, WebError> {
    let zh = lang == xxgk_model::Lang::Zh;
    let mut columns = Vec::new();
    let mut found: Vec<Comparison> = Vec::new();
    let mut problems = Vec::new();
    for name in names {
        match compare(store, name)? {
            Found::One(c) => {
                if c.years.iter().any(|y| y.year == year) {
                    found.push(*c);
                } else if zh {
                    problems.push(format!("{}：没有 {year} 年度的报告", c.body));
                } else {
                    problems.push(format!("{}: no report for {year}", c.body));
                }
            }
            Found::Ambiguous(list) => problems.push(if zh {
                format!("“{name}”对应多个机关：{}", list.join("、"))
            } else {
                format!("“{name}” matches several bodies: {}", list.join(", "))
            }),
            Found::NotFound(_) => problems.push(if zh {
                format!("没有找到机关“{name}”")
            } else {
                format!("no body “{name}”")
            }),
        }
    }
    // The rows in official order: each body's rows come in that order; a
    // path first seen in a later body goes after the path before it.
    let mut order: Vec<(String, String)> = Vec::new();
    let mut values: BTreeMap<String, Vec<Option<Number>>> = BTreeMap::new();
    for (column, c) in found.iter().enumerate() {
        let index = c.years.iter().position(|y| y.year == year).unwrap_or(0);
        let y = &c.years[index];
        columns.push(ColumnView {
            heading: c.body.clone(),
            report_id: y.report_id,
            file: y.file.clone(),
            errors: y.errors,
            others: y.copies.iter().chain(&y.others).cloned().collect(),
        });
        let mut after = 0;
        for row in &c.rows {
            if row.values[index].is_none() && !values.contains_key(row.path) {
                // Printed only in another year of this body.
                continue;
            }
            let slot = values.entry(row.path.to_string()).or_insert_with(|| {
                order.insert(after, (row.path.to_string(), row.label.clone()));
                vec![None; found.len()]
            });
            slot[column] = row.values[index];
            after = order
                .iter()
                .position(|(p, _)| p == row.path)
                .map_or(after, |p| p + 1);
        }
    }
    let rows = order
        .into_iter()
        .map(|(path, label)| {
            let values = values.remove(&path).unwrap_or_default();
            let first = values.first().copied().flatten();
            let differs = values.windows(2).any(|w| w[0] != w[1]);
            RowView {
                path,
                label,
                cells: values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| CellView {
                        value: shown(v),
                        change: String::new(),
                        class: if i > 0 && *v != first { "differs" } else { "" },
                    })
                    .collect(),
                differs,
            }
        })
        .collect();
    Ok(View::Bodies {
        year,
        columns,
        rows,
        problems,
    })
}
