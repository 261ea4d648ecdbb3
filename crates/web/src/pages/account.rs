//! `GET /account`: the user's name and role, their API tokens (label,
//! created, last used) with forms to make one (`POST /account/tokens`; its
//! secret is shown once, on the answer to that form, and only its hash is
//! stored) and to revoke one (`POST /account/tokens/{id}/revoke`); for an
//! admin, every user with their role and whether they are disabled.

use super::upload::time_text;
use super::{render, ui, InLang, PageResult};
use crate::auth::{new_secret, now, secret_hash, Auth};
use crate::error::WebError;
use crate::state::AppState;
use crate::ui::{Ui, UiLang};
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use serde::Deserialize;
use std::sync::Arc;
use xxgk_model::Lang;
use xxgk_store::accounts::{Role, Token, User};

/// The longest token label kept.
const MAX_LABEL_CHARS: usize = 100;

/// The routes of the account page.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/account", get(page))
        .route("/account/tokens", post(create))
        .route("/account/tokens/{id}/revoke", post(revoke))
}

/// A token as the page lists it.
struct TokenLine {
    id: i64,
    label: String,
    created: String,
    last_used: Option<String>,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    ui: Ui,
    name: String,
    role: &'static str,
    tokens: Vec<TokenLine>,
    users: Vec<User>,
    /// The secret of the token just made (shown this once).
    secret: Option<String>,
    /// The label of the token just made.
    made: String,
    /// A token was just revoked.
    revoked: bool,
}

impl AccountPage {
    fn role_name(&self, role: &Role) -> &'static str {
        role_words(*role, self.ui.lang)
    }
}

/// A role in words.
pub fn role_words(role: Role, lang: Lang) -> &'static str {
    match (role, lang) {
        (Role::Viewer, Lang::Zh) => "查看者（viewer）",
        (Role::Reviewer, Lang::Zh) => "审核员（reviewer）",
        (Role::Admin, Lang::Zh) => "管理员（admin）",
        (Role::Viewer, Lang::En) => "viewer",
        (Role::Reviewer, Lang::En) => "reviewer",
        (Role::Admin, Lang::En) => "admin",
    }
}

async fn show(
    state: &Arc<AppState>,
    auth: &Auth,
    lang: Lang,
    secret: Option<String>,
    made: String,
    revoked: bool,
) -> PageResult {
    let user_id = auth.user.id;
    let admin = auth.user.role >= Role::Admin;
    let (tokens, users) = state
        .accounts(move |accounts| {
            let tokens: Vec<Token> = accounts.tokens(user_id)?;
            let users = if admin { accounts.users()? } else { Vec::new() };
            Ok((tokens, users))
        })
        .await
        .in_lang(lang)?;
    Ok(render(&AccountPage {
        ui: ui(lang, auth, "/account"),
        name: auth.user.name.clone(),
        role: role_words(auth.user.role, lang),
        tokens: tokens
            .into_iter()
            .map(|t| TokenLine {
                id: t.id,
                label: t.label,
                created: time_text(t.created),
                last_used: t.last_used.map(time_text),
            })
            .collect(),
        users,
        secret,
        made,
        revoked,
    }))
}

async fn page(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    RawQuery(query): RawQuery,
) -> PageResult {
    let revoked = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .any(|(k, v)| k == "revoked" && v == "1");
    show(&state, &auth, lang, None, String::new(), revoked).await
}

#[derive(Deserialize)]
struct NewToken {
    label: Option<String>,
}

async fn create(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    Form(form): Form<NewToken>,
) -> PageResult {
    let label: String = form
        .label
        .as_deref()
        .map(str::trim)
        .unwrap_or("")
        .chars()
        .take(MAX_LABEL_CHARS)
        .collect();
    if label.is_empty() {
        return Err(WebError::bad_request(
            "请为令牌填写一个名称（如“统计脚本”）",
            "give the token a label (such as \"stats script\")",
        ))
        .in_lang(lang);
    }
    let secret = new_secret().in_lang(lang)?;
    let hash = secret_hash(&secret);
    let user_id = auth.user.id;
    let stored = label.clone();
    state
        .accounts(move |accounts| Ok(accounts.add_token(user_id, &stored, &hash, now())?))
        .await
        .in_lang(lang)?;
    // The secret is on this answer only; reloading the page does not show it.
    let mut response = show(&state, &auth, lang, Some(secret), label, false).await?;
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

async fn revoke(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    Path(id): Path<String>,
) -> PageResult {
    let id: i64 = id
        .parse()
        .map_err(|_| {
            WebError::bad_request(
                format!("令牌编号须为整数，收到「{id}」"),
                format!("a token id is an integer, got `{id}`"),
            )
        })
        .in_lang(lang)?;
    let user_id = auth.user.id;
    let revoked = state
        .accounts(move |accounts| Ok(accounts.revoke_token(user_id, id)?))
        .await
        .in_lang(lang)?;
    if !revoked {
        return Err(WebError::not_found(
            format!("您没有编号为 {id} 的令牌"),
            format!("you have no token {id}"),
        ))
        .in_lang(lang);
    }
    let english = if lang == Lang::En { "&lang=en" } else { "" };
    Ok(Redirect::to(&format!("/account?revoked=1{english}")).into_response())
}
