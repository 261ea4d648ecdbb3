//! The routes: the HTML pages (one module each) and the JSON API.
//!
//! Each module exposes `routes()`; [`router`] puts them behind the login
//! middleware, except the login page and the static files.

pub mod account;
pub mod api;
pub mod compare;
pub mod coverage;
pub mod dashboard;
pub mod export;
pub mod login;
pub mod register;
pub mod report;
pub mod reports;
pub mod rules;
pub mod upload;

use crate::auth::{require_login, Auth};
use crate::error::WebError;
use crate::state::AppState;
use crate::ui::{Ui, UiLang};
use askama::Template;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use std::sync::Arc;
use xxgk_model::Lang;

/// Every route of the application.
pub fn router(state: Arc<AppState>) -> Router {
    let limit = usize::try_from(state.config.upload_limit).unwrap_or(usize::MAX);
    let protected = Router::new()
        .route("/", get(|| async { Redirect::to("/reports") }))
        .merge(login::logout_routes())
        .merge(reports::routes())
        .merge(report::routes())
        .merge(rules::routes())
        .merge(compare::routes())
        .merge(coverage::routes())
        .merge(dashboard::routes())
        .merge(export::routes())
        .merge(upload::routes())
        .merge(account::routes())
        .merge(register::routes())
        .nest("/api/v1", api::routes())
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            require_login,
        ));
    Router::new()
        .merge(login::routes())
        .route("/static/{name}", get(crate::assets::serve))
        .merge(protected)
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn(security_headers))
        .layer(middleware::from_fn(remember_language))
        .with_state(state)
}

/// Headers every answer carries: no framing by other sites, no guessing of
/// media types, no referrer leaking report names, scripts only from here.
/// `?lang=en` (or `zh`) on any page is remembered in a cookie, so the next
/// page, a form's answer or a bookmark stays in the chosen language.
async fn remember_language(request: Request, next: Next) -> Response {
    let asked = crate::ui::asked_lang(request.uri().query());
    let mut response = next.run(request).await;
    if let Some(word @ ("zh" | "en")) = asked.as_deref() {
        let cookie = format!(
            "{}={word}; Path=/; SameSite=Lax; Max-Age=31536000",
            crate::ui::LANG_COOKIE
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
        ),
    );
    response
}

async fn not_found(UiLang(lang): UiLang, request: Request) -> Response {
    let api = request.uri().path().starts_with("/api/");
    error_response(
        &WebError::not_found("没有这个页面", "no such page"),
        lang,
        api,
    )
}

/// Renders a template, or a 500 page if rendering fails.
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(err) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("page rendering failed: {err}"),
        )
            .into_response(),
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    ui: Ui,
    status: u16,
    message: &'a str,
}

/// The answer to a failed request: JSON `{"error": …}` for the API, a page
/// otherwise.
pub fn error_response(err: &WebError, lang: Lang, api: bool) -> Response {
    if api {
        return (
            err.status,
            Json(serde_json::json!({ "error": err.text(lang) })),
        )
            .into_response();
    }
    let page = ErrorPage {
        ui: Ui::new(lang, None, String::new(), ""),
        status: err.status.as_u16(),
        message: err.text(lang),
    };
    let mut response = render(&page);
    *response.status_mut() = err.status;
    response
}

/// A failed page request, in the page's language.
pub struct PageError(pub WebError, pub Lang);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        error_response(&self.0, self.1, false)
    }
}

/// The frame of a page of `section` for `auth`'s user.
pub fn ui(lang: Lang, auth: &Auth, section: &'static str) -> Ui {
    Ui::new(lang, Some(auth.user.name.clone()), auth.csrf(), section)
}

/// The result of a page handler.
pub type PageResult = Result<Response, PageError>;

/// Attaches the page's language to an error.
pub trait InLang<T> {
    /// The error, to be shown in `lang`.
    fn in_lang(self, lang: Lang) -> Result<T, PageError>;
}

impl<T> InLang<T> for Result<T, WebError> {
    fn in_lang(self, lang: Lang) -> Result<T, PageError> {
        self.map_err(|e| PageError(e, lang))
    }
}

/// Query parameters of type `T`; parameters that do not parse are answered
/// with a 400 in the page's language naming the problem (axum's own
/// rejection is English plain text), as JSON under `/api/`.
pub struct Params<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for Params<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        serde_urlencoded::from_str(query)
            .map(Params)
            .map_err(|err| {
                let lang = crate::ui::lang_of(parts.uri.query(), &parts.headers);
                let api = parts.uri.path().starts_with("/api/");
                error_response(
                    &WebError::bad_request(
                        format!("查询参数有误：{err}"),
                        format!("bad query parameters: {err}"),
                    ),
                    lang,
                    api,
                )
            })
    }
}

/// `Content-Disposition` for a download named `name` (RFC 6266): an ASCII
/// `filename` a browser of any age reads (other characters `_`), and the
/// real name as UTF-8 in `filename*` (RFC 8187 percent-encoding).
pub fn attachment(name: &str) -> String {
    let name = name.trim();
    let name = if name.is_empty() { "report" } else { name };
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' && c != '%' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for byte in name.bytes() {
        let c = byte as char;
        if c.is_ascii_alphanumeric() || "!#$&+-.^_`|~".contains(c) {
            encoded.push(c);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}
