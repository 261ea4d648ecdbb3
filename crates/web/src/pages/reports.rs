//! `GET /reports`: the corpus as a list, filtered by year, source format,
//! official format, region, level, body and severity, 50 to a page, each
//! report with its counts of errors, warnings and notes.

use super::{render, ui, InLang, PageResult};
use crate::auth::Auth;
use crate::state::AppState;
use crate::ui::{Ui, UiLang};
use askama::Template;
use axum::extract::State;
use axum::routing::get;
use axum::{Extension, Router};
use serde::Deserialize;
use std::sync::Arc;
use xxgk_model::Severity;
use xxgk_store::{Facets, ReportFilter, ReportRow};

/// Reports on one page of the list.
pub const PAGE_SIZE: u64 = 50;

/// The routes of the report list.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/reports", get(page))
}

/// The filter as a form sends it: every field text, empty for "any".
#[derive(Clone, Debug, Default, Deserialize)]
pub struct FilterQuery {
    /// Report year.
    pub year: Option<String>,
    /// Source format.
    pub format: Option<String>,
    /// Official format.
    pub template: Option<String>,
    /// Region (prefix).
    pub region: Option<String>,
    /// Level.
    pub level: Option<String>,
    /// Text in the body, agency or file name.
    pub body: Option<String>,
    /// `error`, `warning` or `info`: reports with such a finding.
    pub severity: Option<String>,
    /// Include copies.
    pub copies: Option<String>,
    /// Page number, from 1.
    pub page: Option<u64>,
}

impl FilterQuery {
    /// The store's filter; fields that are empty or do not parse admit all.
    pub fn filter(&self) -> ReportFilter {
        let text = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        ReportFilter {
            year: text(&self.year).and_then(|y| y.parse().ok()),
            format: text(&self.format),
            template: text(&self.template),
            region: text(&self.region),
            level: text(&self.level),
            body: text(&self.body),
            severity: text(&self.severity).and_then(|s| severity(&s)),
            copies: text(&self.copies).is_some(),
        }
    }

    /// The query string of this filter on another page.
    pub fn with_page(&self, page: u64) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        let fields = [
            ("year", &self.year),
            ("format", &self.format),
            ("template", &self.template),
            ("region", &self.region),
            ("level", &self.level),
            ("body", &self.body),
            ("severity", &self.severity),
            ("copies", &self.copies),
        ];
        for (name, value) in fields {
            if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
                out.append_pair(name, v);
            }
        }
        out.append_pair("page", &page.to_string());
        out.finish()
    }
}

/// The severity named by its stable word.
pub fn severity(word: &str) -> Option<Severity> {
    [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .find(|s| s.as_str() == word)
}

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportsPage {
    ui: Ui,
    query: FilterQuery,
    facets: Facets,
    rows: Vec<ReportRow>,
    total: u64,
    page: u64,
    pages: u64,
}

impl ReportsPage {
    fn selected(&self, value: &Option<String>, option: &str) -> bool {
        value.as_deref() == Some(option)
    }

    fn year_selected(&self, year: &i32) -> bool {
        self.query.year.as_deref() == Some(year.to_string().as_str())
    }

    fn name<'a>(&self, row: &'a ReportRow) -> &'a str {
        row.body
            .as_deref()
            .or(row.agency.as_deref())
            .unwrap_or(self.ui.t("（未识别机关）", "(body not found)"))
    }

    fn link(&self, page: u64) -> String {
        format!("/reports?{}", self.query.with_page(page))
    }
}

async fn page(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    super::Params(query): super::Params<FilterQuery>,
) -> PageResult {
    let filter = query.filter();
    let page = query.page.unwrap_or(1).max(1);
    let offset = (page - 1).saturating_mul(PAGE_SIZE);
    let cache = Arc::clone(&state);
    let (facets, listed) = state
        .read(move |store| cache.report_page(store, &filter, offset, PAGE_SIZE))
        .await
        .in_lang(lang)?;
    let pages = listed.total.div_ceil(PAGE_SIZE).max(1);
    Ok(render(&ReportsPage {
        ui: ui(lang, &auth, "/reports"),
        query,
        facets,
        rows: listed.rows,
        total: listed.total,
        page,
        pages,
    }))
}
