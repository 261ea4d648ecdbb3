//! `GET/POST /login` and `POST /logout`.

use super::{render, PageResult};
use crate::auth::{self, session_cookie};
use crate::state::AppState;
use crate::ui::{Ui, UiLang};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use std::sync::Arc;

/// The login page (public).
pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/login", get(page).post(submit))
}

/// Logging out (needs the session and its CSRF token).
pub fn logout_routes() -> Router<Arc<AppState>> {
    Router::new().route("/logout", post(logout))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    ui: Ui,
    next: String,
    failed: bool,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn page(UiLang(lang): UiLang, Query(query): Query<NextQuery>) -> Response {
    render(&LoginPage {
        ui: Ui::new(lang, None, String::new(), ""),
        next: safe_next(query.next.as_deref()),
        failed: false,
    })
}

#[derive(Deserialize)]
struct Credentials {
    name: String,
    password: String,
    next: Option<String>,
}

async fn submit(
    State(state): State<Arc<AppState>>,
    UiLang(lang): UiLang,
    headers: HeaderMap,
    Form(form): Form<Credentials>,
) -> PageResult {
    use super::InLang;
    if !same_origin(&headers) {
        return Err(super::PageError(
            crate::WebError::new(
                StatusCode::FORBIDDEN,
                "登录请求来自其他网站，已拒绝",
                "the login request came from another site and was refused",
            ),
            lang,
        ));
    }
    let next = safe_next(form.next.as_deref());
    match auth::login(&state, form.name, form.password)
        .await
        .in_lang(lang)?
    {
        Some(secret) => Ok((
            [(
                header::SET_COOKIE,
                session_cookie(Some(&secret), state.config.secure_cookies),
            )],
            Redirect::to(&next),
        )
            .into_response()),
        None => {
            let mut response = render(&LoginPage {
                ui: Ui::new(lang, None, String::new(), ""),
                next,
                failed: true,
            });
            *response.status_mut() = StatusCode::UNAUTHORIZED;
            Ok(response)
        }
    }
}

async fn logout(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    // The session ends in the database even if the browser keeps the cookie.
    let _ = auth::logout(&state, &headers).await;
    (
        [(
            header::SET_COOKIE,
            session_cookie(None, state.config.secure_cookies),
        )],
        Redirect::to("/login"),
    )
        .into_response()
}

/// Where to go after logging in: a path of this site only (never
/// `//evil.example` or `https://…`), the report list by default.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_string()
        }
        _ => "/reports".to_string(),
    }
}

/// A login form posted from another site is refused: the browser says where
/// the form came from (`Origin`, or `Sec-Fetch-Site`).
fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return site == "same-origin" || site == "none";
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest == host)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/reports/3?x=1")), "/reports/3?x=1");
        assert_eq!(safe_next(Some("//evil.example/")), "/reports");
        assert_eq!(safe_next(Some("https://evil.example/")), "/reports");
        assert_eq!(safe_next(Some("/\\evil.example")), "/reports");
        assert_eq!(safe_next(None), "/reports");
    }
}
