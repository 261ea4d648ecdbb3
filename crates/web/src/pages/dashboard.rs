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
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use xxgk_corpus::stats::{
    self, figure_paths, figures, Cube, Dimension, Figure, FigureValue, Group, Keyed, Part,
};
use xxgk_model::labels::path_labels;
use xxgk_model::{Lang, Number};
use xxgk_store::Store;

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
    /// Region from the agency list; admits its sub-regions (`-`: unknown)
    /// unless `own` is set.
    pub region: Option<String>,
    /// `1`: the region's own reports only (本级), not its sub-regions'.
    pub own: Option<String>,
    /// Level (the Chinese name, as `xxgk stats --by level` prints it; `-`: unknown).
    pub level: Option<String>,
    /// The figure to drill into (`/dashboard/cells`).
    pub figure: Option<String>,
    /// Or the one cell a figure sums (`requests.received.total`).
    pub path: Option<String>,
    /// The page of the reports a drill-down counts, from 1.
    pub page: Option<u64>,
    /// The page of the reports it leaves out, from 1.
    pub left_page: Option<u64>,
    /// Reports to a page of a drill-down ([`PER_PAGE`] unless given; at most
    /// [`MAX_PER_PAGE`]).
    pub per_page: Option<u64>,
}

/// Reports listed on a page of a drill-down.
pub const PER_PAGE: u64 = 200;

/// The most reports a page of a drill-down lists, whatever is asked.
pub const MAX_PER_PAGE: u64 = 1000;

fn field(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl DashboardQuery {
    /// True when only the region's own reports are selected.
    pub fn own(&self) -> bool {
        field(&self.own).is_some() && field(&self.region).is_some()
    }

    /// True when a report with these values (a report, or a combination of
    /// the [`Cube`]) is in the selection.
    pub fn admits(&self, keyed: &dyn Keyed) -> bool {
        let matches = |wanted: Option<&str>, dimension: Dimension, prefix: bool| {
            // A dimension not filtered is not asked for.
            let Some(wanted) = wanted else {
                return true;
            };
            let have = keyed.value(dimension);
            match wanted {
                UNKNOWN => have.is_empty(),
                w if prefix => have.starts_with(w),
                w => have == w,
            }
        };
        matches(field(&self.year), Dimension::Year, false)
            && matches(field(&self.region), Dimension::Region, !self.own())
            && matches(field(&self.level), Dimension::Level, false)
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
        // A region set by the link admits its sub-regions.
        let region_set = matches!(dimension, Some((Dimension::Region, _)));
        if self.own() && !region_set {
            out.append_pair("own", "1");
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
    /// By region: the column of the filter's region's own reports (本级),
    /// whose other columns are the regions directly under it.
    pub own: Option<String>,
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
    fn fname(&self, figure: &Figure) -> String {
        figure.title(self.ui.lang)
    }

    fn fdef<'a>(&self, figure: &'a Figure) -> &'a str {
        figure.definition(self.ui.lang)
    }

    fn selected(&self, value: &Option<String>, option: &str) -> bool {
        field(value) == Some(option)
    }

    fn heading(&self, table: &FigureTable, key: &Option<String>) -> String {
        match key.as_deref() {
            None => self.ui.t("合计", "All").to_string(),
            Some("") => self.ui.t("（未知）", "(unknown)").to_string(),
            Some(k) if table.own.as_deref() == Some(k) => {
                format!("{k}{}", self.ui.t("（本级）", " (itself)"))
            }
            Some(k) => k.to_string(),
        }
    }

    fn value(&self, group: &Group, figure: &Figure) -> ValueView {
        value_view(group, &figure.key)
    }

    fn href(&self, table: &FigureTable, key: &Option<String>, figure: &Figure) -> String {
        if key.is_some() && *key == table.own {
            // The region's own reports: its sub-regions have columns of their own.
            let own = DashboardQuery {
                region: key.clone(),
                own: Some("1".into()),
                ..self.query.clone()
            };
            return format!("/dashboard/cells?{}", own.link(None, &figure.key));
        }
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
                serde_json::json!({ "name": f.title(lang), "rate": f.rate, "values": series(&f.key) }),
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
                "dashboard {:?} {:?} {:?} {}",
                wanted.year,
                wanted.region,
                wanted.level,
                wanted.own()
            );
            let cube = cache.cube(store)?;
            cache.memo(store, key, || Ok(DashboardView::of(&cube, &wanted)))
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
    fn of(cube: &Cube, query: &DashboardQuery) -> DashboardView {
        let selected = cube.select(|combination| query.admits(combination));
        let total = selected.group(&[]).into_iter().next();
        let table = |id: &'static str, dimension: Dimension, groups: Vec<Group>| {
            let mut columns: Vec<(Option<String>, Group)> = groups
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
                own: None,
            }
        };
        // By region, one level at a time: the regions directly under the
        // filter's (the top ones without a filter), each with its
        // sub-regions, and the filter's region's own reports. A corpus of a
        // province has a thousand regions; a table of them all is unreadable.
        let within = match field(&query.region) {
            Some(UNKNOWN) | None => "",
            Some(region) => region,
        };
        let under = if query.own() {
            Vec::new()
        } else {
            cube.regions_under(within)
        };
        let by_region = selected.group_with(|combination| {
            let region = combination.value(Dimension::Region);
            let column = under
                .iter()
                .find(|u| region.starts_with(u.as_str()))
                .map_or(region.as_ref(), String::as_str);
            vec![column.to_string()]
        });
        // The table by year and the charts show the same groups.
        let by_year = selected.group(&[Dimension::Year]);
        let tables = if selected.is_empty() {
            Vec::new()
        } else {
            let mut regions = table("by-region", Dimension::Region, by_region);
            regions.own = (!within.is_empty()).then(|| within.to_string());
            vec![
                table("by-year", Dimension::Year, by_year.clone()),
                table(
                    "by-level",
                    Dimension::Level,
                    selected.group(&[Dimension::Level]),
                ),
                regions,
            ]
        };
        DashboardView {
            years: cube.values(Dimension::Year),
            regions: cube.values(Dimension::Region),
            levels: cube.values(Dimension::Level),
            by_year,
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

/// One page of a list of a drill-down: its rows and where the others are.
pub struct Listed {
    /// The rows of this page.
    pub rows: Vec<CellRow>,
    /// Rows of the whole list.
    pub total: usize,
    /// This page, from 1.
    pub page: u64,
    /// The number of pages (at least 1).
    pub pages: u64,
    /// The position of this page's first row in the list, from 1.
    pub first: usize,
}

impl Listed {
    /// Reads page `page` (`per_page` rows) of the reports `ids` from `store`:
    /// each report's row and the values of `paths` (a figure's), and its
    /// part in figure `key`, computed as the statistics compute it.
    fn read(
        store: &dyn Store,
        ids: impl Iterator<Item = i64>,
        page: u64,
        per_page: u64,
        key: &str,
        paths: &[String],
    ) -> Result<Listed, WebError> {
        let ids: Vec<i64> = ids.collect();
        let total = ids.len();
        let pages = (total as u64).div_ceil(per_page).max(1);
        let page = page.clamp(1, pages);
        let skip = ((page - 1) * per_page) as usize;
        let shown: Vec<i64> = ids.into_iter().skip(skip).take(per_page as usize).collect();
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let mut values: HashMap<(i64, String), Option<Number>> = store
            .values_of(&shown, &refs)?
            .into_iter()
            .map(|v| ((v.report_id, v.path), v.value))
            .collect();
        let mut rows = Vec::with_capacity(shown.len());
        for id in shown {
            // A report removed since the cube was summed is not listed; the
            // cube goes with the data generation, so the next view is exact.
            let Some(row) = store.report(id)? else {
                continue;
            };
            let mut cells: Vec<Option<Number>> = paths
                .iter()
                .map(|p| values.remove(&(id, p.clone())).flatten())
                .collect();
            let value = |path: &str| paths.iter().position(|p| p == path).and_then(|i| cells[i]);
            let part = stats::report_part(key, &value);
            rows.push(CellRow {
                report_id: id,
                body: stats::counted_body(&row),
                year: row.year.map(|y| y.to_string()).unwrap_or_default(),
                file: row.file,
                part,
                cells: cells
                    .drain(..)
                    .map(|v| v.map(|v| v.to_string()).unwrap_or_default())
                    .collect(),
            });
        }
        Ok(Listed {
            rows,
            total,
            page,
            pages,
            first: skip + 1,
        })
    }
}

/// The links between the pages of one list of a drill-down.
pub struct Pager {
    /// `cells` (the reports counted) or `left-out`: the prefix of its ids.
    pub id: &'static str,
    /// The previous page, if any.
    pub previous: Option<String>,
    /// The next page, if any.
    pub next: Option<String>,
    /// Which reports this page shows, of how many.
    pub text: String,
    /// The word of the link to the previous page.
    pub previous_label: &'static str,
    /// The word of the link to the next page.
    pub next_label: &'static str,
}

#[derive(Template)]
#[template(path = "cells.html")]
struct CellsPage {
    ui: Ui,
    query: DashboardQuery,
    figure: Figure,
    headers: Vec<String>,
    counted: Listed,
    left_out: Listed,
    value: ValueView,
    sum: String,
    denominator: String,
}

impl CellsPage {
    fn fname(&self, figure: &Figure) -> String {
        figure.title(self.ui.lang)
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

    /// This drill-down with page `page` of the counted reports (`left`
    /// false) or of those left out, the other list where it is.
    fn page_link(&self, left: bool, page: u64) -> String {
        let (counted, left_out) = if left {
            (self.counted.page, page)
        } else {
            (page, self.left_out.page)
        };
        let mut query = self.query.link(None, &self.figure.key);
        query.push_str(&format!("&page={counted}&left_page={left_out}"));
        if let Some(per_page) = self.query.per_page {
            query.push_str(&format!("&per_page={per_page}"));
        }
        format!("/dashboard/cells?{query}")
    }

    /// The pager of the reports counted (`left` false) or of those left
    /// out; none when they fit on one page.
    fn pager(&self, left: bool) -> Option<Pager> {
        let list = if left { &self.left_out } else { &self.counted };
        let last = list.first + list.rows.len().max(1) - 1;
        (list.pages > 1).then(|| Pager {
            id: if left { "left-out" } else { "cells" },
            previous: (list.page > 1).then(|| self.page_link(left, list.page - 1)),
            next: (list.page < list.pages).then(|| self.page_link(left, list.page + 1)),
            text: match self.ui.lang {
                Lang::Zh => format!(
                    "第 {}–{last} 份，共 {} 份 · {} / {}",
                    list.first, list.total, list.page, list.pages
                ),
                Lang::En => format!(
                    "Reports {}–{last} of {} · page {} of {}",
                    list.first, list.total, list.page, list.pages
                ),
            },
            previous_label: self.ui.t("上一页", "Previous"),
            next_label: self.ui.t("下一页", "Next"),
        })
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
    let per_page = query.per_page.unwrap_or(PER_PAGE).clamp(1, MAX_PER_PAGE);
    let wanted = query.clone();
    let figure_key = figure.key.clone();
    let read_paths = paths.clone();
    let cache = Arc::clone(&state);
    // The sums come from the cube; only the reports of the pages shown are
    // read, so a drill-down over a national corpus costs what it lists.
    let (group, counted, left_out) = state
        .read(move |store| {
            let cube = cache.cube(store)?;
            let selected = cube.select(|combination| wanted.admits(combination));
            let group = selected.group(&[]).into_iter().next().unwrap_or_default();
            let list = |takes_part: bool, page: Option<u64>| {
                Listed::read(
                    store,
                    selected.reports(&figure_key, takes_part).map(|r| r.id),
                    page.unwrap_or(1),
                    per_page,
                    &figure_key,
                    &read_paths,
                )
            };
            let counted = list(true, wanted.page)?;
            let left_out = list(false, wanted.left_page)?;
            Ok((group, counted, left_out))
        })
        .await
        .in_lang(lang)?;
    let value = value_view(&group, &figure.key);
    let (sum, denominator) = match group.figure(&figure.key) {
        Some(FigureValue::Sum(t)) => (t.sum.to_string(), String::new()),
        Some(FigureValue::Rate(r)) => (r.numerator.sum.to_string(), r.denominator.sum.to_string()),
        None => (String::new(), String::new()),
    };
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
        counted,
        left_out,
        value,
        sum,
        denominator,
    }))
}
