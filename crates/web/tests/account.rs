//! The account page and the life of an API token: made on the page (its
//! secret shown once), used as `Authorization: Bearer`, revoked → 401.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::*;

async fn with_token(app: &Router, token: &str, path: &str) -> Answer {
    send(
        app,
        Request::get(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

/// The text of the element with `id`.
fn element<'a>(page: &'a str, id: &str) -> &'a str {
    page.split(&format!("id=\"{id}\">"))
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_else(|| panic!("no #{id} in {page}"))
}

#[tokio::test]
async fn a_token_made_on_the_page_works_until_it_is_revoked() {
    let corpus = Corpus::of(&["seeds"]);
    let app = corpus.app();
    let session = login(&app, "reviewer").await;
    let page = get(&app, "/account", Some(&session.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(element(&page.body, "account-name"), "reviewer");
    assert_eq!(element(&page.body, "account-role"), "审核员（reviewer）");
    assert!(page.body.contains("id=\"no-tokens\""));
    // Only an admin sees the users.
    assert!(!page.body.contains("id=\"users\""));

    let made = post_form(
        &app,
        "/account/tokens",
        &session,
        "label=%E7%BB%9F%E8%AE%A1%E8%84%9A%E6%9C%AC",
    )
    .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    assert_eq!(made.headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(element(&made.body, "new-token-label"), "统计脚本");
    let secret = element(&made.body, "new-token-secret").to_string();
    assert_eq!(secret.len(), 43, "{secret}");
    // The secret is shown once: not on the page afterwards, and not stored.
    let again = get(&app, "/account", Some(&session.cookie)).await;
    assert!(!again.body.contains(&secret));
    assert!(again.body.contains("统计脚本"));
    let db = std::fs::read(&corpus.db).unwrap();
    assert!(!db.windows(secret.len()).any(|w| w == secret.as_bytes()));

    // The token works for the API, without a session or a CSRF token.
    let listed = with_token(&app, &secret, "/api/v1/reports").await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    let listed: serde_json::Value = serde_json::from_str(&listed.body).unwrap();
    assert_eq!(listed["total"], 5);
    // Its last use is shown.
    let used = get(&app, "/account", Some(&session.cookie)).await;
    let row = used.body.split("data-token=\"").nth(1).unwrap();
    let id: String = row.chars().take_while(|c| c.is_ascii_digit()).collect();
    assert!(!row.split("</tr>").next().unwrap().contains("从未使用"));

    // Another user cannot revoke it.
    let other = login(&app, "viewer").await;
    let refused = post_form(&app, &format!("/account/tokens/{id}/revoke"), &other, "").await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(
        with_token(&app, &secret, "/api/v1/reports").await.status,
        StatusCode::OK
    );

    let revoked = post_form(&app, &format!("/account/tokens/{id}/revoke"), &session, "").await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(revoked.location(), "/account?revoked=1");
    let page = get(&app, revoked.location(), Some(&session.cookie)).await;
    assert!(page.body.contains("id=\"token-revoked\""));
    assert!(page.body.contains("id=\"no-tokens\""));
    let after = with_token(&app, &secret, "/api/v1/reports").await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert!(after.body.contains("\"error\""));
}

#[tokio::test]
async fn making_a_token_needs_a_label_and_the_csrf_token() {
    let corpus = Corpus::of(&["seeds"]);
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let empty = post_form(&app, "/account/tokens", &session, "label=+").await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(
        empty.body.contains("请为令牌填写一个名称"),
        "{}",
        empty.body
    );
    let forged = send(
        &app,
        Request::post("/account/tokens")
            .header(header::COOKIE, &session.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("label=x&csrf=forged"))
            .unwrap(),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let bad = post_form(&app, "/account/tokens/abc/revoke", &session, "").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_admin_sees_every_user() {
    let corpus = Corpus::of(&["seeds"]);
    let accounts = xxgk_store::accounts::Accounts::open(&corpus.db.to_string_lossy()).unwrap();
    let mut accounts = accounts;
    accounts.set_disabled("viewer", true).unwrap();
    let app = corpus.app();
    let session = login(&app, "admin").await;
    let page = get(&app, "/account?lang=en", Some(&session.cookie)).await;
    assert_eq!(element(&page.body, "account-role"), "admin");
    assert!(page.body.contains("id=\"users\""));
    for (name, role) in [
        ("admin", "admin"),
        ("reviewer", "reviewer"),
        ("viewer", "viewer"),
    ] {
        assert!(
            page.body
                .contains(&format!("data-user=\"{name}\" data-role=\"{role}\"")),
            "{name}"
        );
    }
    let viewer = page.body.split("data-user=\"viewer\"").nth(1).unwrap();
    assert!(viewer.split("</tr>").next().unwrap().contains("disabled"));
}
