//! The JSON API under `/api/v1/`, for scripts: a session cookie or
//! `Authorization: Bearer TOKEN` (tokens are made on the account page).
//!
//! The public contracts are served exactly as the command line prints them,
//! by the same serialisers: a report is `xxgk/report@1` as `xxgk extract`
//! prints it ([`xxgk_model::Report::json`]), its findings `xxgk/findings@1` as
//! `xxgk check --format json` prints them ([`xxgk_diagnostics::json::line`]),
//! its cells the long CSV of `xxgk extract --format csv`
//! ([`xxgk_export::report_csv`]), statistics what `xxgk stats --format json`
//! prints ([`xxgk_corpus::stats::statistics`]), a comparison and a coverage what
//! `xxgk compare`/`xxgk coverage --format json` print.
//!
//! The request register is under `/api/v1/register/` ([`register`]): its
//! cases, their deadlines and table 3 as `xxgk register … --format json`
//! prints them ([`xxgk_register::json`]), and adding, changing and removing
//! cases as the register pages do.
//!
//! Errors are JSON `{"error": "…"}` with a 4xx status: a bad parameter is 400
//! and names it, an unknown id 404. Every route is described by the OpenAPI
//! 3.1 document at `/api/v1/openapi.json` ([`crate::openapi`]); a test holds
//! the document and the real answers together.

pub mod register;

use super::error_response;
use super::report::{no_report, report_id};
use super::reports::FilterQuery;
use super::upload::{receive, visible_job};
use crate::auth::Auth;
use crate::error::WebError;
use crate::state::AppState;
use crate::ui::UiLang;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, MethodRouter};
use axum::{Extension, Json, Router};
use std::sync::Arc;
use xxgk_check::sort_in_document_order;
use xxgk_corpus::compare::Found;
use xxgk_corpus::stats::Dimension;
use xxgk_diagnostics::{Checked, Examined};
use xxgk_model::Lang;
use xxgk_store::accounts::Role;
use xxgk_store::ReportRow;

/// Reports per page when `per_page` is not given.
pub const DEFAULT_PER_PAGE: u64 = 50;
/// The most reports one page may hold.
pub const MAX_PER_PAGE: u64 = 500;

/// Every route of the API: method, path (under `/api/v1`) and handler. The
/// router is built from this list and the OpenAPI test compares it with the
/// document, so neither can lose a route.
pub fn table() -> Vec<(&'static str, &'static str, MethodRouter<Arc<AppState>>)> {
    vec![
        ("get", "/reports", get(reports)),
        ("get", "/reports/{id}", get(report)),
        ("get", "/reports/{id}/findings", get(findings)),
        ("get", "/reports/{id}/cells.csv", get(cells)),
        ("get", "/compare", get(compare)),
        ("get", "/coverage", get(coverage)),
        ("get", "/stats", get(stats)),
        ("post", "/upload", post(upload)),
        ("get", "/jobs/{id}", get(job)),
        ("get", "/register/cases", get(register::list)),
        (
            "post",
            "/register/cases",
            post(register::add).layer(DefaultBodyLimit::max(register::MAX_BODY)),
        ),
        ("get", "/register/cases/{id}", get(register::show)),
        (
            "post",
            "/register/cases/{id}",
            post(register::update).layer(DefaultBodyLimit::max(register::MAX_BODY)),
        ),
        ("delete", "/register/cases/{id}", delete(register::remove)),
        ("get", "/register/due", get(register::due)),
        ("get", "/register/table3", get(register::table3)),
        ("get", "/openapi.json", get(openapi)),
    ]
}

/// The (method, path) of every route of the API, from [`table`].
pub fn route_list() -> Vec<(&'static str, &'static str)> {
    table().into_iter().map(|(m, p, _)| (m, p)).collect()
}

/// The routes of the API (nested under `/api/v1`).
pub fn routes() -> Router<Arc<AppState>> {
    table()
        .into_iter()
        .fold(Router::new(), |router, (_, path, handler)| {
            router.route(path, handler)
        })
}

/// A failed API request: JSON `{"error": …}` in the request's language.
pub struct ApiError(pub WebError, pub Lang);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        error_response(&self.0, self.1, true)
    }
}

type ApiResult = Result<Response, ApiError>;

trait InApi<T> {
    fn api(self, lang: Lang) -> Result<T, ApiError>;
}

impl<T> InApi<T> for Result<T, WebError> {
    fn api(self, lang: Lang) -> Result<T, ApiError> {
        self.map_err(|e| ApiError(e, lang))
    }
}

/// The query parameters of a request, checked against those it takes.
struct Params(Vec<(String, String)>);

impl Params {
    /// The parameters of `query`; one not in `known` (nor `lang`, nor the
    /// `csrf` token a session may send a change with) is a 400.
    fn parse(query: Option<&str>, known: &[&str]) -> Result<Params, WebError> {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or("").as_bytes())
            .into_owned()
            .collect();
        if let Some((name, _)) = pairs
            .iter()
            .find(|(k, _)| k != "lang" && k != "csrf" && !known.contains(&k.as_str()))
        {
            let list = known.join(", ");
            return Err(WebError::bad_request(
                format!("未知参数 {name}（可用的参数：{list}）"),
                format!("unknown parameter {name} (the parameters are: {list})"),
            ));
        }
        Ok(Params(pairs))
    }

    /// The value of `name`, empty counting as absent.
    fn text(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .rev()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
    }

    /// A number parameter; text that is not one is a 400 naming it.
    fn number<T: std::str::FromStr>(
        &self,
        name: &str,
        what: (&str, &str),
    ) -> Result<Option<T>, WebError> {
        match self.text(name) {
            None => Ok(None),
            Some(text) => text.parse().map(Some).map_err(|_| {
                WebError::bad_request(
                    format!("参数 {name} 须为{}，收到「{text}」", what.0),
                    format!("the parameter {name} must be {}, got `{text}`", what.1),
                )
            }),
        }
    }

    /// The `year` parameter, if given; text that is not a whole number is a 400.
    fn year(&self) -> Result<Option<i32>, WebError> {
        self.number("year", ("年份（整数）", "a year"))
    }

    /// The `year` parameter, required.
    fn required_year(&self) -> Result<i32, WebError> {
        self.required("year")?;
        Ok(self.year()?.unwrap_or_default())
    }

    /// A required parameter.
    fn required(&self, name: &str) -> Result<String, WebError> {
        self.text(name).ok_or_else(|| {
            WebError::bad_request(
                format!("缺少参数 {name}"),
                format!("the parameter {name} is missing"),
            )
        })
    }
}

/// JSON text as the command line prints it (pretty, a newline at the end).
fn json_text(value: &impl serde::Serialize) -> Response {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    ([(header::CONTENT_TYPE, "application/json")], text).into_response()
}

/// A report row as the list gives it.
pub fn row_json(row: &ReportRow) -> serde_json::Value {
    serde_json::json!({
        "id": row.id,
        "url": format!("/reports/{}", row.id),
        "file": row.file,
        "sha256": row.sha256,
        "format": row.format,
        "agency": row.agency,
        "body": row.body,
        "year": row.year,
        "template": row.template,
        "published": row.published,
        "extractor": row.extractor,
        "copy_of": row.copy_of,
        "errors": row.errors,
        "warnings": row.warnings,
        "infos": row.infos,
    })
}

/// The filter parameters of the report list (as the `/reports` page takes them).
const FILTER: [&str; 8] = [
    "year", "format", "template", "region", "level", "body", "severity", "copies",
];

async fn reports(
    State(state): State<Arc<AppState>>,
    UiLang(lang): UiLang,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let mut known = FILTER.to_vec();
    known.extend(["page", "per_page"]);
    let params = Params::parse(query.as_deref(), &known).api(lang)?;
    let year = params.year().api(lang)?;
    let page: u64 = params
        .number("page", ("正整数", "a positive integer"))
        .api(lang)?
        .unwrap_or(1);
    let per_page: u64 = params
        .number("per_page", ("正整数", "a positive integer"))
        .api(lang)?
        .unwrap_or(DEFAULT_PER_PAGE);
    if page == 0 {
        return Err(ApiError(
            WebError::bad_request("参数 page 从 1 开始", "the parameter page starts at 1"),
            lang,
        ));
    }
    if per_page == 0 || per_page > MAX_PER_PAGE {
        return Err(ApiError(
            WebError::bad_request(
                format!("参数 per_page 须在 1 到 {MAX_PER_PAGE} 之间"),
                format!("the parameter per_page must be from 1 to {MAX_PER_PAGE}"),
            ),
            lang,
        ));
    }
    let severity = params.text("severity");
    if let Some(word) = &severity {
        if super::reports::severity(word).is_none() {
            return Err(ApiError(
                WebError::bad_request(
                    format!("参数 severity 须为 error、warning 或 info，收到「{word}」"),
                    format!("the parameter severity must be error, warning or info, got `{word}`"),
                ),
                lang,
            ));
        }
    }
    let copies = match params.text("copies").as_deref() {
        None | Some("false") | Some("0") => None,
        Some("true") | Some("1") => Some("1".to_string()),
        Some(other) => {
            return Err(ApiError(
                WebError::bad_request(
                    format!("参数 copies 须为 true 或 false，收到「{other}」"),
                    format!("the parameter copies must be true or false, got `{other}`"),
                ),
                lang,
            ))
        }
    };
    let query = FilterQuery {
        year: year.map(|y| y.to_string()),
        format: params.text("format"),
        template: params.text("template"),
        region: params.text("region"),
        level: params.text("level"),
        body: params.text("body"),
        severity,
        copies,
        page: Some(page),
    };
    let filter = query.filter();
    let offset = (page - 1).saturating_mul(per_page);
    let cache = Arc::clone(&state);
    let listed = state
        .read(move |store| Ok(cache.report_page(store, &filter, offset, per_page)?.1))
        .await
        .api(lang)?;
    Ok(Json(serde_json::json!({
        "total": listed.total,
        "page": page,
        "per_page": per_page,
        "reports": listed.rows.iter().map(row_json).collect::<Vec<_>>(),
    }))
    .into_response())
}

async fn report(
    State(state): State<Arc<AppState>>,
    UiLang(lang): UiLang,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> ApiResult {
    Params::parse(query.as_deref(), &[]).api(lang)?;
    let id = report_id(&id).api(lang)?;
    let text = state
        .read(move |store| {
            store.report(id)?.ok_or_else(|| no_report(id))?;
            let report = store.load(id)?;
            Ok(serde_json::to_string_pretty(&report.json(lang)).unwrap_or_default() + "\n")
        })
        .await
        .api(lang)?;
    Ok(([(header::CONTENT_TYPE, "application/json")], text).into_response())
}

async fn findings(
    State(state): State<Arc<AppState>>,
    UiLang(lang): UiLang,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> ApiResult {
    Params::parse(query.as_deref(), &[]).api(lang)?;
    let id = report_id(&id).api(lang)?;
    let line = state
        .read(move |store| {
            let row = store.report(id)?.ok_or_else(|| no_report(id))?;
            let report = store.load(id)?;
            // The report's and the corpus pass's findings, in document order
            // as `xxgk check` lists them.
            let mut findings: Vec<_> = store
                .findings(id)?
                .into_iter()
                .map(|stored| stored.finding)
                .collect();
            sort_in_document_order(&mut findings);
            let checked = Checked {
                file: row.file,
                outcome: Ok(Examined {
                    report,
                    findings,
                    text: None,
                }),
            };
            Ok(xxgk_diagnostics::json::line(&checked, lang))
        })
        .await
        .api(lang)?;
    Ok(([(header::CONTENT_TYPE, "application/json")], line).into_response())
}

async fn cells(
    State(state): State<Arc<AppState>>,
    UiLang(lang): UiLang,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> ApiResult {
    Params::parse(query.as_deref(), &[]).api(lang)?;
    let id = report_id(&id).api(lang)?;
    let bytes = state
        .read(move |store| {
            store.report(id)?.ok_or_else(|| no_report(id))?;
            let report = store.load(id)?;
            let mut out = Vec::new();
            xxgk_export::report_csv::write_header(&mut out)
                .and_then(|()| xxgk_export::report_csv::write(&mut out, &report))
                .map_err(WebError::io)?;
            Ok(out)
        })
        .await
        .api(lang)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"report-{id}-cells.csv\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

async fn compare(
    State(state): State<Arc<AppState>>,
    UiLang(lang): UiLang,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let params = Params::parse(query.as_deref(), &["body"]).api(lang)?;
    let body = params.required("body").api(lang)?;
    let shown = body.clone();
    let found = state
        .read(move |store| Ok(xxgk_corpus::compare::compare(store, &body)?))
        .await
        .api(lang)?;
    match found {
        Found::One(comparison) => Ok(json_text(&comparison)),
        Found::Ambiguous(names) => Err(ApiError(
            WebError::bad_request(
                format!(
                    "参数 body：有多个机关与「{shown}」对应，请写全称：{}",
                    names.join("、")
                ),
                format!(
                    "the parameter body: several bodies match `{shown}`; give the full name: {}",
                    names.join(", ")
                ),
            ),
            lang,
        )),
        Found::NotFound(near) => {
            let (zh, en) = if near.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    format!("；相近的有：{}", near.join("、")),
                    format!("; similar: {}", near.join(", ")),
                )
            };
            Err(ApiError(
                WebError::not_found(
                    format!("数据库中没有机关「{shown}」的报告{zh}"),
                    format!("no report of the body `{shown}` in the database{en}"),
                ),
                lang,
            ))
        }
    }
}

async fn coverage(
    State(state): State<Arc<AppState>>,
    UiLang(lang): UiLang,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let params = Params::parse(query.as_deref(), &["year"]).api(lang)?;
    let year = params.required_year().api(lang)?;
    let coverage = state
        .read(move |store| Ok(xxgk_corpus::coverage::coverage(store, year)?))
        .await
        .api(lang)?;
    match coverage {
        Some(coverage) => Ok(json_text(&coverage)),
        None => Err(ApiError(
            WebError::not_found(
                "数据库中没有机关名录；请先在“上传”页（或用 xxgk ingest --agencies）导入",
                "the database has no agency list; import one on the Upload page (or with xxgk ingest --agencies)",
            ),
            lang,
        )),
    }
}

async fn stats(
    State(state): State<Arc<AppState>>,
    UiLang(lang): UiLang,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let params = Params::parse(query.as_deref(), &["by"]).api(lang)?;
    let words = params.text("by").unwrap_or_else(|| "year".to_string());
    let mut by = Vec::new();
    for word in words.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        let Some(dimension) = Dimension::parse(word) else {
            let known: Vec<&str> = Dimension::ALL.iter().map(|d| d.name(Lang::En)).collect();
            return Err(ApiError(
                WebError::bad_request(
                    format!(
                        "参数 by 的「{word}」不是可用的分组（可用：{}）",
                        known.join("、")
                    ),
                    format!(
                        "the parameter by: `{word}` is not a grouping (the groupings are: {})",
                        known.join(", ")
                    ),
                ),
                lang,
            ));
        };
        by.push(dimension);
    }
    // Summing every report takes seconds at 100,000 reports: each grouping
    // is computed once per change of the data and kept, as the dashboard's.
    let cache = Arc::clone(&state);
    let json = state
        .read(move |store| {
            let key = format!("api stats {by:?} {lang:?}");
            cache.memo(store, key, || {
                Ok(xxgk_corpus::stats::statistics(store, &by, lang)?)
            })
        })
        .await
        .api(lang)?;
    Ok(json_text(json.as_ref()))
}

async fn upload(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult {
    auth.require(Role::Reviewer).api(lang)?;
    let work = receive(&state, multipart).await.api(lang)?;
    let job = state.jobs.submit(auth.user.id, work);
    let api = format!("/api/v1/jobs/{}", job.id);
    Ok((
        StatusCode::ACCEPTED,
        [(header::LOCATION, api.clone())],
        Json(serde_json::json!({
            "id": job.id,
            "url": format!("/upload/{}", job.id),
            "api": api,
        })),
    )
        .into_response())
}

async fn job(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    Path(id): Path<String>,
) -> ApiResult {
    let job = visible_job(&state, &auth, &id, "id").api(lang)?;
    Ok(Json(job.json(lang)).into_response())
}

async fn openapi() -> Response {
    Json(crate::openapi::document()).into_response()
}
