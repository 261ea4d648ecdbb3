//! Malformed requests get a 4xx with a message, never a 5xx or a panic:
//! random paths, query strings and bodies against every route, logged in.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use proptest::prelude::*;

/// The routes a user reaches, with `{}` where a random segment goes.
const GET_ROUTES: &[&str] = &[
    "/reports?{}",
    "/reports/{}",
    "/reports/1?{}",
    "/reports/{}/source",
    "/rules/{}",
    "/compare?{}",
    "/coverage?{}",
    "/dashboard?{}",
    "/dashboard/cells?{}",
    "/export?{}",
    "/upload/{}",
    "/account?{}",
    "/api/v1/reports?{}",
    "/api/v1/reports/{}",
    "/api/v1/reports/{}/findings",
    "/api/v1/reports/{}/cells.csv",
    "/api/v1/compare?{}",
    "/api/v1/coverage?{}",
    "/api/v1/stats?{}",
    "/api/v1/jobs/{}",
    "/static/{}",
    "/{}",
];

const POST_ROUTES: &[&str] = &[
    "/upload",
    "/api/v1/upload",
    "/account/tokens",
    "/login",
    "/logout",
];

/// Text a URL may carry, percent-encoded where needed.
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("99999999999999999999".to_string()),
        Just("year=abc&page=-3&severity=fatal".to_string()),
        Just("page=18446744073709551616".to_string()),
        Just("to=exe&year=2023".to_string()),
        Just("by=nothing".to_string()),
        Just("body=%00%FF%FE".to_string()),
        Just("..%2F..%2Fetc%2Fpasswd".to_string()),
        "[a-z0-9=&%._-]{0,40}",
        any::<Vec<u8>>().prop_map(|bytes| bytes
            .iter()
            .map(|b| format!("%{b:02X}"))
            .collect::<String>()),
    ]
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn no_request_makes_the_server_fail(route in 0..GET_ROUTES.len(), text in segment(), post in 0..POST_ROUTES.len(), body in any::<Vec<u8>>()) {
        let rt = runtime();
        rt.block_on(async {
            let corpus = shared_corpus();
            let app = corpus.app();
            let session = login(&app, "reviewer").await;
            let path = GET_ROUTES[route].replace("{}", &text);
            let answer = get(&app, &path, Some(&session.cookie)).await;
            prop_assert!(answer.status.as_u16() < 500, "GET {path}: {} {}", answer.status, answer.body);
            prop_assert!(!answer.body.is_empty() || answer.status.is_redirection(), "GET {path}: empty answer");

            let target = POST_ROUTES[post];
            for content_type in ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json"] {
                let request = Request::post(format!("{target}?csrf={}", session.csrf))
                    .header(header::COOKIE, &session.cookie)
                    .header(header::CONTENT_TYPE, content_type)
                    .body(Body::from(body.clone()))
                    .unwrap();
                let answer = send(&app, request).await;
                prop_assert!(answer.status.as_u16() < 500, "POST {target} ({content_type}): {} {}", answer.status, answer.body);
            }
            Ok(())
        })?;
    }
}

/// One corpus for every case (ingesting per case would take minutes).
fn shared_corpus() -> &'static Corpus {
    static CORPUS: std::sync::OnceLock<Corpus> = std::sync::OnceLock::new();
    CORPUS.get_or_init(|| Corpus::of(&["seeds", "layout"]))
}

#[tokio::test]
async fn a_bad_query_parameter_is_named_in_chinese() {
    let corpus = Corpus::of(&["seeds"]);
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let answer = get(&app, "/reports?page=abc", Some(&session.cookie)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.body.contains("查询参数有误"), "{}", answer.body);
}
