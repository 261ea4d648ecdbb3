//! Logging in and out, roles, CSRF, and what an anonymous request gets.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;

#[tokio::test]
async fn every_route_but_login_and_static_files_needs_a_login() {
    let corpus = Corpus::of(&["seeds"]);
    let app = corpus.app();
    for path in [
        "/",
        "/reports",
        "/reports/1",
        "/dashboard",
        "/upload",
        "/no/such/page",
    ] {
        let answer = get(&app, path, None).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{path}");
        assert!(answer.location().starts_with("/login?next="), "{path}");
    }
    for path in ["/api/v1/reports", "/api/v1/openapi.json", "/api/v1/nothing"] {
        let answer = get(&app, path, None).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{path}");
        assert!(answer.body.contains("需要登录"), "{}", answer.body);
    }
    assert_eq!(get(&app, "/login", None).await.status, StatusCode::OK);
    assert_eq!(
        get(&app, "/static/xxgk.css", None).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_wrong_password_or_unknown_user_is_refused_alike() {
    let corpus = Corpus::of(&["seeds"]);
    let app = corpus.app();
    for form in ["name=admin&password=wrong", "name=nobody&password=wrong"] {
        let answer = send(
            &app,
            Request::post("/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form))
                .unwrap(),
        )
        .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert!(answer.body.contains("用户名或密码不正确"));
        assert!(answer.headers.get(header::SET_COOKIE).is_none());
    }
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site_and_logout_ends_it() {
    let corpus = Corpus::of(&["seeds"]);
    let app = corpus.app();
    let form = format!("name=viewer&password={PASSWORD}&next=%2Freports%3Fyear%3D2023");
    let answer = send(
        &app,
        Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form))
            .unwrap(),
    )
    .await;
    assert_eq!(answer.location(), "/reports?year=2023");
    let set = answer.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );

    let session = login(&app, "viewer").await;
    assert_eq!(
        get(&app, "/reports", Some(&session.cookie)).await.status,
        StatusCode::OK
    );
    // Without the CSRF token, logging out is refused and the session lives on.
    let forged = send(
        &app,
        Request::post("/logout")
            .header(header::COOKIE, &session.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("csrf=forged"))
            .unwrap(),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(forged.body.contains("CSRF"));
    assert_eq!(
        get(&app, "/reports", Some(&session.cookie)).await.status,
        StatusCode::OK
    );
    let out = post_form(&app, "/logout", &session, "").await;
    assert_eq!(out.location(), "/login");
    // The old cookie no longer works, even if a browser kept it.
    let after = get(&app, "/reports", Some(&session.cookie)).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_login_form_from_another_site_is_refused() {
    let corpus = Corpus::of(&["seeds"]);
    let app = corpus.app();
    let answer = send(
        &app,
        Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::ORIGIN, "https://evil.example")
            .body(Body::from(format!("name=admin&password={PASSWORD}")))
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_report_list_shows_the_corpus_and_filters_it() {
    let corpus = Corpus::of(&["seeds"]);
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let all = get(&app, "/reports", Some(&session.cookie)).await;
    assert_eq!(all.body.matches("data-report=").count(), 5, "{}", all.body);
    assert!(all.body.contains("id=\"total\">5<"));
    let warned = get(&app, "/reports?severity=warning", Some(&session.cookie)).await;
    assert!(warned.body.contains("id=\"total\">4<"), "{}", warned.body);
    let english = get(&app, "/reports?lang=en", Some(&session.cookie)).await;
    assert!(english.body.contains(">Reports<"));
    assert!(english.body.contains("lang=\"en\""));
}

#[tokio::test]
async fn the_chosen_language_is_remembered() {
    let corpus = Corpus::of(&["seeds"]);
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let english = get(&app, "/reports?lang=en", Some(&session.cookie)).await;
    let set: Vec<&str> = english
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(
        set.iter().any(|c| c.starts_with("xxgk_lang=en;")),
        "{set:?}"
    );
    let cookies = format!("{}; xxgk_lang=en", session.cookie);
    let next = get(&app, "/rules", Some(&cookies)).await;
    assert!(next.body.contains("lang=\"en\""));
    let login_page = get(&app, "/login", Some("xxgk_lang=en")).await;
    assert!(login_page.body.contains("Log in"));
}
