//! `GET /dashboard?year=&region=&level=`: the figures a supervisor asks for,
//! by year, level and region, each with its exact definition (口径) and the
//! number of reports its sum covers; and `GET /dashboard/cells?figure=KEY&…`,
//! the reports and cells a figure sums, whose values add up to it.
//!
//! Every figure comes from [`xxgk_corpus::stats`] (the same definitions and
//! code as `xxgk stats`): [`stats::report_figures`] gives each report's part,
//! [`stats::group`] sums the parts of the selected reports. Nothing is
//! computed here. A blank cell is left out, never counted as 0.
//!
//! The charts (ECharts, vendored: `/static/echarts.min.js`) are drawn by
//! `/static/dashboard.js` from the JSON in `<script type="application/json"
//! id="dashboard-data">`; every figure is also a number in a table.

use super::{render, ui, InLang, PageResult};
use crate::auth::Auth;
use crate::error::WebError;
use crate::state::AppState;
use crate::ui::{Ui, UiLang};
use askama::Template;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Extension, Router};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use xxgk_corpus::stats::{
    self, figure_paths, figures, Dimension, Figure, FigureValue, Group, Part, ReportFigures,
};
use xxgk_model::labels::path_labels;
use xxgk_model::{Lang, Number};

/// The value of a dimension in a link that stands for "unknown" (a report
/// whose region, level or year is not known).
pub const UNKNOWN: &str = "-";

/// The routes of the dashboard.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/dashboard", get(page))
        .route("/dashboard/cells", get(cells))
}

/// The dashboard's filter; empty fields admit all.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct DashboardQuery {
    /// Report year (`-`: unknown).
    pub year: Option<String>,
    /// Region from the agency list; admits its sub-regions (`-`: unknown).
    pub region: Option<String>,
    /// Level (the Chinese name, as `xxgk stats --by level` prints it; `-`: unknown).
    pub level: Option<String>,
    /// The figure to drill into (`/dashboard/cells`).
    pub figure: Option<String>,
    /// Or the one cell a figure sums (`requests.received.total`).
    pub path: Option<String>,
}

fn field(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl DashboardQuery {
    /// True when `report` is in the selection.
    pub fn admits(&self, report: &ReportFigures) -> bool {
        let year = report.key(Dimension::Year);
        let matches = |wanted: Option<&str>, have: &str, prefix: bool| match wanted {
            None => true,
            Some(UNKNOWN) => have.is_empty(),
            Some(w) if prefix => have.starts_with(w),
            Some(w) => have == w,
        };
        matches(field(&self.year), &year, false)
            && matches(field(&self.region), &report.region, true)
            && matches(field(&self.level), &report.level, false)
    }

    /// The query string of this selection with `dimension` set to `value`
    /// (`None`: as it is) and `figure` named.
    pub fn link(&self, dimension: Option<(Dimension, &str)>, figure: &str) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        let value = |d: Dimension, own: &Option<String>| -> Option<String> {
            match dimension {
                Some((dim, v)) if dim == d => {
                    Some(if v.is_empty() { UNKNOWN } else { v }.to_string())
                }
                _ => field(own).map(str::to_string),
            }
        };
        for (name, d, own) in [
            ("year", Dimension::Year, &self.year),
            ("region", Dimension::Region, &self.region),
            ("level", Dimension::Level, &self.level),
        ] {
            if let Some(v) = value(d, own) {
                out.append_pair(name, &v);
            }
        }
        out.append_pair("figure", figure);
        out.finish()
    }

    fn check(&self) -> Result<(), WebError> {
        match field(&self.year) {
            Some(y) if y != UNKNOWN && y.parse::<i32>().is_err() => Err(WebError::bad_request(
                format!("年度“{y}”不是一个年份"),
                format!("year “{y}” is not a year"),
            )),
            _ => Ok(()),
        }
    }
}

/// A figure's value as a page shows it: the number (or rate), what it
/// divides, and how many reports it covers. Empty when no report printed it.
pub struct ValueView {
    /// The sum or the rate (`50.6%`); empty when nothing was printed.
    pub text: String,
    /// A rate's parts (`81/160`).
    pub parts: String,
    /// Reports the figure covers.
    pub reports: usize,
    /// The exact value for `data-value` (a sum's decimal, a rate's ratio).
    pub data: String,
}

/// A figure's value in `group`.
pub fn value_view(group: &Group, key: &str) -> ValueView {
    match group.figure(key) {
        Some(FigureValue::Sum(t)) if t.reports > 0 => ValueView {
            text: t.sum.to_string(),
            parts: String::new(),
            reports: t.reports,
            data: t.sum.to_string(),
        },
        Some(FigureValue::Rate(r)) => match r.value {
            Some(v) => ValueView {
                text: format!("{:.1}%", v * 100.0),
                parts: format!("{}/{}", r.numerator.sum, r.denominator.sum),
                reports: r.denominator.reports,
                data: v.to_string(),
            },
            None => ValueView {
                text: String::new(),
                parts: String::new(),
                reports: r.denominator.reports,
                data: String::new(),
            },
        },
        _ => ValueView {
            text: String::new(),
            parts: String::new(),
            reports: 0,
            data: String::new(),
        },
    }
}

/// One table of figures: figures down, the groups of one dimension across.
#[derive(Clone)]
pub struct FigureTable {
    /// `by-year`, `by-level`, `by-region`.
    pub id: &'static str,
    /// The dimension.
    pub dimension: Dimension,
    /// Column headings (group keys; empty: unknown) and the groups, then the
    /// whole selection as the last column (`None` key).
    pub columns: Vec<(Option<String>, Group)>,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    ui: Ui,
    query: DashboardQuery,
    years: Vec<String>,
    regions: Vec<String>,
    levels: Vec<String>,
    figures: Vec<Figure>,
    tables: Vec<FigureTable>,
    reports: usize,
    data: String,
}

impl DashboardPage {
    fn fname<'a>(&self, figure: &'a Figure) -> &'a str {
        figure.name(self.ui.lang)
    }

    fn fdef<'a>(&self, figure: &'a Figure) -> &'a str {
        figure.definition(self.ui.lang)
    }

    fn selected(&self, value: &Option<String>, option: &str) -> bool {
        field(value) == Some(option)
    }

    fn heading(&self, key: &Option<String>) -> String {
        match key.as_deref() {
            None => self.ui.t("合计", "All").to_string(),
            Some("") => self.ui.t("（未知）", "(unknown)").to_string(),
            Some(k) => k.to_string(),
        }
    }

    fn value(&self, group: &Group, figure: &Figure) -> ValueView {
        value_view(group, &figure.key)
    }

    fn href(&self, table: &FigureTable, key: &Option<String>, figure: &Figure) -> String {
        let dimension = key.as_deref().map(|k| (table.dimension, k));
        format!(
            "/dashboard/cells?{}",
            self.query.link(dimension, &figure.key)
        )
    }

    fn title(&self, table: &FigureTable) -> String {
        match self.ui.lang {
            Lang::Zh => format!("按{}", table.dimension.name(Lang::Zh)),
            Lang::En => format!("By {}", table.dimension.name(Lang::En)),
        }
    }
}

/// The data the charts draw: by year, `null` where no report printed a figure.
fn chart_data(by_year: &[Group], figures: &[Figure], lang: Lang) -> String {
    let series = |key: &str| -> Vec<serde_json::Value> {
        by_year
            .iter()
            .map(|g| match g.figure(key) {
                Some(FigureValue::Sum(t)) if t.reports > 0 => serde_json::json!(t.sum.to_f64()),
                Some(FigureValue::Rate(r)) => r
                    .value
                    .map_or(serde_json::Value::Null, |v| serde_json::json!(v)),
                _ => serde_json::Value::Null,
            })
            .collect()
    };
    let named: BTreeMap<&str, serde_json::Value> = figures
        .iter()
        .map(|f| {
            (
                f.key.as_str(),
                serde_json::json!({ "name": f.name(lang), "rate": f.rate, "values": series(&f.key) }),
            )
        })
        .collect();
    let outcomes: Vec<&str> = figures
        .iter()
        .filter(|f| f.key.starts_with("outcome."))
        .map(|f| f.key.as_str())
        .collect();
    let json = serde_json::json!({
        "years": by_year
            .iter()
            .map(|g| match g.key[0].as_str() {
                "" => lang_text(lang, "（未知）", "(unknown)").to_string(),
                year => year.to_string(),
            })
            .collect::<Vec<_>>(),
        "figures": named,
        "requests": ["received", "concluded"],
        "outcomes": outcomes,
        "rates": ["disclosure_rate", "review.correction_rate", "litigation.correction_rate"],
        "titles": {
            "requests": lang_text(lang, "申请数量", "Requests"),
            "outcomes": lang_text(lang, "办理结果", "Outcomes"),
            "rates": lang_text(lang, "比率", "Rates"),
        },
    });
    script_json(&json)
}

fn lang_text(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// JSON safe inside `<script type="application/json">`: `<`, `>` and `&`
/// written as escapes, so no text can end the element.
pub fn script_json(value: &serde_json::Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

async fn page(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    Query(query): Query<DashboardQuery>,
) -> PageResult {
    query.check().in_lang(lang)?;
    let cache = Arc::clone(&state);
    let wanted = query.clone();
    let view = state
        .read(move |store| {
            let key = format!(
                "dashboard {:?} {:?} {:?}",
                wanted.year, wanted.region, wanted.level
            );
            let all = cache.report_figures(store)?;
            cache.memo(store, key, || Ok(DashboardView::of(&all, &wanted)))
        })
        .await
        .in_lang(lang)?;
    let figures = figures();
    let data = chart_data(&view.by_year, &figures, lang);
    let DashboardView {
        years,
        regions,
        levels,
        tables,
        reports,
        ..
    } = Arc::unwrap_or_clone(view);
    Ok(render(&DashboardPage {
        ui: ui(lang, &auth, "/dashboard"),
        query,
        years,
        regions,
        levels,
        figures,
        tables,
        reports,
        data,
    }))
}

/// What the dashboard computes from the corpus for one filter (the same in
/// both languages: dimension values are the Chinese names, so that links mean
/// the same in both), kept by [`AppState::memo`] until the data changes.
#[derive(Clone)]
struct DashboardView {
    years: Vec<String>,
    regions: Vec<String>,
    levels: Vec<String>,
    tables: Vec<FigureTable>,
    reports: usize,
    by_year: Vec<Group>,
}

impl DashboardView {
    fn of(all: &[ReportFigures], query: &DashboardQuery) -> DashboardView {
        let distinct = |d: Dimension| -> Vec<String> {
            all.iter()
                .map(|r| r.key(d))
                .filter(|k| !k.is_empty())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect()
        };
        let selected: Vec<ReportFigures> =
            all.iter().filter(|r| query.admits(r)).cloned().collect();
        let total = stats::group(&selected, &[]).into_iter().next();
        let table = |id: &'static str, dimension: Dimension| {
            let mut columns: Vec<(Option<String>, Group)> = stats::group(&selected, &[dimension])
                .into_iter()
                .map(|g| (Some(g.key[0].clone()), g))
                .collect();
            if let Some(total) = &total {
                columns.push((None, total.clone()));
            }
            FigureTable {
                id,
                dimension,
                columns,
            }
        };
        let tables = if selected.is_empty() {
            Vec::new()
        } else {
            vec![
                table("by-year", Dimension::Year),
                table("by-level", Dimension::Level),
                table("by-region", Dimension::Region),
            ]
        };
        DashboardView {
            years: distinct(Dimension::Year),
            regions: distinct(Dimension::Region),
            levels: distinct(Dimension::Level),
            by_year: stats::group(&selected, &[Dimension::Year]),
            tables,
            reports: selected.len(),
        }
    }
}

/// One report's line in a drill-down.
pub struct CellRow {
    /// The report.
    pub report_id: i64,
    /// Its body.
    pub body: String,
    /// Its year.
    pub year: String,
    /// Its file.
    pub file: String,
    /// Its part in the figure (a value, or numerator and denominator).
    pub part: Option<Part>,
    /// The printed value of each cell the figure reads (empty: blank).
    pub cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "cells.html")]
struct CellsPage {
    ui: Ui,
    query: DashboardQuery,
    figure: Figure,
    headers: Vec<String>,
    rows: Vec<CellRow>,
    left_out: Vec<CellRow>,
    value: ValueView,
    sum: String,
    denominator: String,
}

impl CellsPage {
    fn fname<'a>(&self, figure: &'a Figure) -> &'a str {
        figure.name(self.ui.lang)
    }

    fn fdef<'a>(&self, figure: &'a Figure) -> &'a str {
        figure.definition(self.ui.lang)
    }

    fn back(&self) -> String {
        let mut q = self.query.link(None, "");
        // The figure is the drill-down's, not the dashboard's.
        if let Some(stripped) = q.strip_suffix("figure=") {
            q = stripped.trim_end_matches('&').to_string();
        }
        format!("/dashboard?{q}")
    }

    fn part(&self, row: &CellRow) -> (String, String) {
        match row.part {
            Some(Part::Sum(v)) => (v.to_string(), String::new()),
            Some(Part::Ratio(n, d)) => (n.to_string(), d.to_string()),
            None => (String::new(), String::new()),
        }
    }
}

async fn cells(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    Query(query): Query<DashboardQuery>,
) -> PageResult {
    query.check().in_lang(lang)?;
    let key = field(&query.figure).unwrap_or_default().to_string();
    let path = field(&query.path).unwrap_or_default().to_string();
    // By key, or by the one cell a figure sums.
    let Some(figure) = figures().into_iter().find(|f| {
        f.key == key || (key.is_empty() && figure_paths(&f.key) == [path.clone()] && !f.rate)
    }) else {
        let known: Vec<String> = figures().into_iter().map(|f| f.key).collect();
        return Err(WebError::bad_request(
            format!("没有统计项“{key}”；可用的有：{}", known.join("、")),
            format!("no figure “{key}”; the figures are: {}", known.join(", ")),
        ))
        .in_lang(lang);
    };
    let paths = figure_paths(&figure.key);
    let wanted = query.clone();
    let read_paths = paths.clone();
    let cache = Arc::clone(&state);
    let computed = state
        .read(move |store| {
            let key = format!(
                "cells {:?} {:?} {:?} {:?}",
                read_paths, wanted.year, wanted.region, wanted.level
            );
            let all = cache.report_figures(store)?;
            cache.memo(store, key, || {
                let selected: Vec<ReportFigures> =
                    all.iter().filter(|r| wanted.admits(r)).cloned().collect();
                let refs: Vec<&str> = read_paths.iter().map(String::as_str).collect();
                let ids: BTreeSet<i64> = selected.iter().map(|r| r.row.id).collect();
                let values: BTreeMap<(i64, String), Option<Number>> = store
                    .values(&refs)?
                    .into_iter()
                    .filter(|v| ids.contains(&v.report_id))
                    .map(|v| ((v.report_id, v.path), v.value))
                    .collect();
                Ok((selected, values))
            })
        })
        .await
        .in_lang(lang)?;
    let (selected, values) = &*computed;
    let group = stats::group(selected, &[])
        .into_iter()
        .next()
        .unwrap_or_default();
    let value = value_view(&group, &figure.key);
    let (sum, denominator) = match group.figure(&figure.key) {
        Some(FigureValue::Sum(t)) => (t.sum.to_string(), String::new()),
        Some(FigureValue::Rate(r)) => (r.numerator.sum.to_string(), r.denominator.sum.to_string()),
        None => (String::new(), String::new()),
    };
    let mut rows = Vec::new();
    let mut left_out = Vec::new();
    for report in selected {
        let row = CellRow {
            report_id: report.row.id,
            body: report.body.clone(),
            year: report.key(Dimension::Year),
            file: report.row.file.clone(),
            part: report.parts.get(&figure.key).copied(),
            cells: paths
                .iter()
                .map(|p| {
                    values
                        .get(&(report.row.id, p.clone()))
                        .copied()
                        .flatten()
                        .map(|v| v.to_string())
                        .unwrap_or_default()
                })
                .collect(),
        };
        if row.part.is_some() {
            rows.push(row);
        } else {
            left_out.push(row);
        }
    }
    let headers = paths
        .iter()
        .map(|p| match path_labels(p, None) {
            Some((_, row, column)) => {
                let row = row.unwrap_or_default();
                column.map_or(row.clone(), |c| format!("{row} · {c}"))
            }
            None => p.clone(),
        })
        .collect();
    Ok(render(&CellsPage {
        ui: ui(lang, &auth, "/dashboard"),
        query,
        figure,
        headers,
        rows,
        left_out,
        value,
        sum,
        denominator,
    }))
}
