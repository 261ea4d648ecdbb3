//! What the web tests share: a corpus database ingested from real fixtures,
//! users of each role, and requests sent to the application in process.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use std::path::{Path, PathBuf};
use tower::ServiceExt;
use xxgk_store::accounts::{Accounts, Role};

/// The password every test user has.
pub const PASSWORD: &str = "correct-horse-1";

/// The repository's test data.
pub fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(path)
}

/// A corpus in a temporary folder, with users `admin`, `reviewer` and `viewer`.
pub struct Corpus {
    /// The folder (removed when dropped).
    pub dir: tempfile::TempDir,
    /// The database file.
    pub db: PathBuf,
}

impl Corpus {
    /// A corpus of the files under `paths` (relative to tests/data).
    pub fn of(paths: &[&str]) -> Corpus {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("corpus.db");
        let db_text = db.to_string_lossy().into_owned();
        {
            let mut store = xxgk_store::open(&db_text, xxgk_store::Access::Write).unwrap();
            let files: Vec<PathBuf> = paths.iter().map(|p| data(p)).collect();
            let inputs = xxgk_inputs::expand(&files);
            xxgk_corpus::ingest::ingest(
                store.as_mut(),
                &inputs,
                &xxgk_corpus::ingest::Options::default(),
                |_, _| {},
            )
            .unwrap();
            xxgk_corpus::cross::run(store.as_mut(), &xxgk_check::Selection::default()).unwrap();
        }
        let accounts = Accounts::open(&db_text).unwrap();
        let hash = xxgk_web::auth::hash_password(PASSWORD).unwrap();
        for (name, role) in [
            ("admin", Role::Admin),
            ("reviewer", Role::Reviewer),
            ("viewer", Role::Viewer),
        ] {
            accounts.add_user(name, role, &hash, 0).unwrap();
        }
        Corpus { dir, db }
    }

    /// The application over this corpus.
    pub fn app(&self) -> Router {
        xxgk_web::app(xxgk_web::Config::new(&self.db)).unwrap()
    }
}

/// An answer, read whole.
pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Answer {
    /// The `Location` of a redirect.
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// Sends `request` to `app`.
pub async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// A logged-in browser: its session cookie and the session's CSRF token.
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

/// Logs in as `name` and reads the CSRF token off the report list.
pub async fn login(app: &Router, name: &str) -> Session {
    let form = format!("name={name}&password={PASSWORD}&next=%2Freports");
    let answer = send(
        app,
        Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form))
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let set = answer.headers[header::SET_COOKIE].to_str().unwrap();
    let cookie = set.split(';').next().unwrap().to_string();
    let page = get(app, "/reports", Some(&cookie)).await;
    let csrf = page
        .body
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    Session { cookie, csrf }
}

/// `GET path`, with a session cookie if given.
pub async fn get(app: &Router, path: &str, cookie: Option<&str>) -> Answer {
    let mut request = Request::get(path);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    send(app, request.body(Body::empty()).unwrap()).await
}

/// `POST path` with a URL-encoded form (the session's CSRF token added).
pub async fn post_form(app: &Router, path: &str, session: &Session, form: &str) -> Answer {
    let body = if form.is_empty() {
        format!("csrf={}", session.csrf)
    } else {
        format!("{form}&csrf={}", session.csrf)
    };
    send(
        app,
        Request::post(path)
            .header(header::COOKIE, &session.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

/// A multipart body of `parts` (field, file name, bytes), as a browser's file
/// form sends it, and its content type.
pub fn multipart(parts: &[(&str, &str, Vec<u8>)]) -> (String, Vec<u8>) {
    use std::io::Write;
    let boundary = "xxgk-test-boundary-7d3f";
    let mut body = Vec::new();
    for (field, file, bytes) in parts {
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .unwrap();
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{boundary}--\r\n").unwrap();
    (format!("multipart/form-data; boundary={boundary}"), body)
}
