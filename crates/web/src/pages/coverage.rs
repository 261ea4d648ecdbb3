//! `GET /coverage?year=Y`: which bodies of the agency list (stored by
//! `xxgk ingest --agencies`) have no report for a year (default: the latest
//! year in the corpus), from [`xxgk_corpus::coverage`], and why: nothing
//! found (未找到), or a stored file that could not be read and whose name
//! names the body ([`xxgk_corpus::coverage::unreadable`] documents the
//! matching).

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
use std::sync::Arc;
use xxgk_corpus::coverage::{coverage, unreadable, Coverage, Missing};

/// The routes of the coverage page.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/coverage", get(page))
}

/// `?year=`.
#[derive(Debug, Default, Deserialize)]
pub struct CoverageQuery {
    /// The report year; empty: the latest in the corpus.
    pub year: Option<String>,
}

#[derive(Template)]
#[template(path = "coverage.html")]
struct CoveragePage {
    ui: Ui,
    years: Vec<i32>,
    year: Option<i32>,
    coverage: Option<Coverage>,
    missing: Vec<Missing>,
}

impl CoveragePage {
    fn reason(&self, missing: &Missing) -> Vec<String> {
        missing
            .unreadable
            .iter()
            .map(|f| {
                let why = f.message.get(self.ui.lang);
                match self.ui.lang {
                    xxgk_model::Lang::Zh => format!("文件无法读取：{}（{why}）", f.file),
                    xxgk_model::Lang::En => format!("file cannot be read: {} ({why})", f.file),
                }
            })
            .collect()
    }

    fn is_year(&self, y: &i32) -> bool {
        self.year == Some(*y)
    }
}

async fn page(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    Query(query): Query<CoverageQuery>,
) -> PageResult {
    let asked = match query
        .year
        .as_deref()
        .map(str::trim)
        .filter(|y| !y.is_empty())
    {
        Some(text) => Some(text.parse::<i32>().map_err(|_| {
            WebError::bad_request(
                format!("年度“{text}”不是一个年份"),
                format!("year “{text}” is not a year"),
            )
        }))
        .transpose()
        .in_lang(lang)?,
        None => None,
    };
    let cache = Arc::clone(&state);
    let (years, year, coverage, missing) = state
        .read(move |store| {
            let years = store.facets()?.years;
            let Some(year) = asked.or_else(|| years.first().copied()) else {
                return Ok((years, None, None, Vec::new()));
            };
            let computed = cache.memo(store, format!("coverage {year}"), || {
                let found = coverage(store, year)?;
                let missing = match &found {
                    Some(c) => unreadable(c, &store.failures()?),
                    None => Vec::new(),
                };
                Ok((found, missing))
            })?;
            let (found, missing) = Arc::unwrap_or_clone(computed);
            Ok((years, Some(year), found, missing))
        })
        .await
        .in_lang(lang)?;
    Ok(render(&CoveragePage {
        ui: ui(lang, &auth, "/coverage"),
        years,
        year,
        coverage,
        missing,
    }))
}
