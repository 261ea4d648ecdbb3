//! The request register in the browser: forms, deadlines, conflicts,
//! validation, roles, import/export, table 3, the due-soon marks, and writes
//! while the corpus writer's lock is held.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::{get, login, post_form, send, Corpus, Session};
use http_body_util::BodyExt;
use tower::ServiceExt;
use xxgk_register::{deadline, sheet, table3, Calendar, Channel, Date};
use xxgk_store::register::RegisterDb;

fn enc(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

async fn add_case(app: &Router, session: &Session, id: &str, received: &str) {
    let answer = post_form(
        app,
        "/register/new",
        session,
        &form(&[
            ("id", id),
            ("applicant", "natural_person"),
            ("channel", "online"),
            ("received", received),
            ("applicant_name", "王某"),
            ("content", "征收补偿方案"),
            ("assignee", "李四"),
        ]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert_eq!(answer.location(), format!("/register/{id}"));
}

/// The version a case's edit form carries.
fn version_of(body: &str) -> String {
    body.split("id=\"form-version\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string()
}

fn register(corpus: &Corpus) -> RegisterDb {
    RegisterDb::open(&corpus.db.to_string_lossy()).unwrap()
}

#[tokio::test]
async fn a_case_is_added_its_steps_recorded_and_its_deadline_explained() {
    let corpus = Corpus::of(&[]);
    let app = corpus.app();
    let reviewer = login(&app, "reviewer").await;
    add_case(&app, &reviewer, "2025-001", "2025-01-20").await;

    let page = get(&app, "/register/2025-001", Some(&reviewer.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    // Received online on 2025-01-20: due 2025-02-21, past the Spring Festival.
    assert!(
        page.body
            .contains("答复期限：<strong>2025-02-21（周五）</strong>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("春节假期，不计"));
    assert!(page.body.contains("调休上班"));
    assert!(page
        .body
        .contains("data-step=\"received\" data-date=\"2025-01-20\""));
    assert!(page.body.contains("<td class=\"who\">reviewer</td>"));

    let edit = get(&app, "/register/2025-001/edit", Some(&reviewer.cookie)).await;
    assert_eq!(version_of(&edit.body), "1");
    let answer = post_form(
        &app,
        "/register/2025-001/edit",
        &reviewer,
        &form(&[
            ("version", "1"),
            ("content", "征收补偿方案"),
            ("assignee", "李四"),
            ("extension.approved", "2025-02-20"),
            ("extension.approver", "王主任"),
            ("extension.days", "10"),
        ]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let page = get(&app, "/register/2025-001?lang=en", Some(&reviewer.cookie)).await;
    let stored = register(&corpus).case("2025-001").unwrap().unwrap();
    assert_eq!(stored.version, 2);
    assert_eq!(stored.updated_by, "reviewer");
    let due = deadline::explain_case(&stored.case, Calendar::official())
        .unwrap()
        .due
        .unwrap();
    assert_eq!(due, Date::new(2025, 3, 7).unwrap());
    assert!(
        page.body.contains("Due: <strong>2025-03-07 (Fri)</strong>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Original due date: 2025-02-21 (Fri)"));
    assert!(page
        .body
        .contains("data-step=\"extension\" data-date=\"2025-02-20\""));
    assert!(page.body.contains("approved by 王主任"));
    // The audit trail names what the change changed.
    assert!(page.body.contains("<li data-field=\"extension.approver\"><code>extension.approver</code>: <del></del> → <ins>王主任</ins></li>"));
}

#[tokio::test]
async fn the_deadline_calculator_explains_and_names_a_missing_year() {
    let corpus = Corpus::of(&[]);
    let app = corpus.app();
    let viewer = login(&app, "viewer").await;
    let page = get(
        &app,
        "/deadline?date=2025-01-20&channel=online",
        Some(&viewer.cookie),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    let explanation = deadline::explain(
        Date::new(2025, 1, 20).unwrap(),
        Some(Channel::Online),
        Calendar::official(),
    )
    .unwrap();
    assert!(page.body.contains("2025-02-21（周五）"));
    for day in &explanation.days {
        assert!(page.body.contains(&format!("data-date=\"{}\"", day.date)));
        assert!(page.body.contains(&day.describe(xxgk_model::Lang::Zh)));
    }
    let page = get(&app, "/deadline?date=2099-03-02", Some(&viewer.cookie)).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("2099 年的节假日安排"), "{}", page.body);
    let page = get(&app, "/deadline?date=2025-02-30", Some(&viewer.cookie)).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn two_sessions_editing_the_same_version_conflict_and_nothing_is_lost() {
    let corpus = Corpus::of(&[]);
    let app = corpus.app();
    let reviewer = login(&app, "reviewer").await;
    let admin = login(&app, "admin").await;
    add_case(&app, &reviewer, "2025-002", "2025-03-03").await;
    let a = get(&app, "/register/2025-002/edit", Some(&reviewer.cookie)).await;
    let b = get(&app, "/register/2025-002/edit", Some(&admin.cookie)).await;
    assert_eq!(version_of(&a.body), "1");
    assert_eq!(version_of(&b.body), "1");
    let first = post_form(
        &app,
        "/register/2025-002/edit",
        &reviewer,
        &form(&[
            ("version", "1"),
            ("assignee", "张三"),
            ("content", "征收补偿方案"),
        ]),
    )
    .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let second = post_form(
        &app,
        "/register/2025-002/edit",
        &admin,
        &form(&[
            ("version", "1"),
            ("assignee", "赵六"),
            ("content", "另一项内容"),
        ]),
    )
    .await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert!(second.body.contains("id=\"conflict\""));
    assert!(second.body.contains("已被 reviewer 于"), "{}", second.body);
    assert!(second.body.contains("<ins>张三</ins>"));
    // What the second user entered is still there, now based on version 2.
    assert!(second.body.contains("value=\"赵六\""));
    assert!(second.body.contains("value=\"另一项内容\""));
    assert_eq!(version_of(&second.body), "2");
    let stored = register(&corpus).case("2025-002").unwrap().unwrap();
    assert_eq!(stored.case.assignee.as_deref(), Some("张三"));
    // Saving again from the conflict page saves over version 2.
    let again = post_form(
        &app,
        "/register/2025-002/edit",
        &admin,
        &form(&[
            ("version", "2"),
            ("assignee", "赵六"),
            ("content", "另一项内容"),
        ]),
    )
    .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let history = register(&corpus).history("2025-002").unwrap();
    let who: Vec<&str> = history.iter().map(|e| e.who.as_str()).collect();
    assert_eq!(who, ["reviewer", "reviewer", "admin"]);
}

#[tokio::test]
async fn a_validation_error_is_shown_in_the_page_language_with_the_values_kept() {
    let corpus = Corpus::of(&[]);
    let app = corpus.app();
    let reviewer = login(&app, "reviewer").await;
    add_case(&app, &reviewer, "2025-003", "2025-01-20").await;
    let answer = post_form(
        &app,
        "/register/2025-003/edit?lang=en",
        &reviewer,
        &form(&[
            ("version", "1"),
            ("content", "征收补偿方案"),
            ("extension.approved", "2025-02-20"),
            ("extension.approver", ""),
            ("extension.days", "25"),
        ]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer
            .body
            .contains("an extension adds at most 20 working days, this one 25"),
        "{}",
        answer.body
    );
    assert!(answer.body.contains("the approver is missing"));
    assert!(answer
        .body
        .contains("name=\"extension.days\" id=\"f-extension-days\" value=\"25\""));
    assert!(answer
        .body
        .contains("name=\"extension.approved\" id=\"f-extension-approved\" value=\"2025-02-20\""));
    assert_eq!(
        register(&corpus).case("2025-003").unwrap().unwrap().version,
        1
    );
    // A date that is no date, in Chinese.
    let answer = post_form(
        &app,
        "/register/new?lang=zh",
        &reviewer,
        &form(&[
            ("id", "2025-004"),
            ("applicant", "natural_person"),
            ("channel", "online"),
            ("received", "2025-02-30"),
        ]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.body.contains("「2025-02-30」不是日期"));
    assert!(answer.body.contains("value=\"2025-004\""));
}

#[tokio::test]
async fn a_viewer_reads_but_cannot_write() {
    let corpus = Corpus::of(&[]);
    let app = corpus.app();
    let reviewer = login(&app, "reviewer").await;
    add_case(&app, &reviewer, "2025-005", "2025-01-20").await;
    let viewer = login(&app, "viewer").await;
    assert_eq!(
        get(&app, "/register", Some(&viewer.cookie)).await.status,
        StatusCode::OK
    );
    let page = get(&app, "/register/2025-005", Some(&viewer.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("id=\"case-edit\""));
    let fields = form(&[
        ("id", "2025-006"),
        ("applicant", "natural_person"),
        ("channel", "online"),
        ("received", "2025-01-20"),
    ]);
    assert_eq!(
        post_form(&app, "/register/new", &viewer, &fields)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let edit = form(&[("version", "1"), ("assignee", "x")]);
    assert_eq!(
        post_form(&app, "/register/2025-005/edit", &viewer, &edit)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post_form(&app, "/register/2025-005/remove", &viewer, "version=1")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(register(&corpus).cases().unwrap().len(), 1);
    // A reviewer removes; the history stays.
    let answer = post_form(&app, "/register/2025-005/remove", &reviewer, "version=1").await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert!(register(&corpus).case("2025-005").unwrap().is_none());
    assert_eq!(register(&corpus).history("2025-005").unwrap().len(), 2);
}

async fn upload(app: &Router, session: &Session, name: &str, bytes: &[u8]) -> common::Answer {
    let (content_type, body) = common::multipart(&[("file", name, bytes.to_vec())]);
    send(
        app,
        Request::post(format!("/register/import?csrf={}", session.csrf))
            .header(header::COOKIE, &session.cookie)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

async fn bytes_of(app: &Router, path: &str, cookie: &str) -> (axum::http::HeaderMap, Vec<u8>) {
    let response = app
        .clone()
        .oneshot(
            Request::get(path)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    (
        headers,
        response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
}

#[tokio::test]
async fn import_names_bad_rows_and_takes_nothing_then_export_reads_back() {
    let corpus = Corpus::of(&[]);
    let app = corpus.app();
    let reviewer = login(&app, "reviewer").await;
    let bad = std::fs::read(common::data("register/ledger-bad.csv")).unwrap();
    let answer = upload(&app, &reviewer, "ledger-bad.csv", &bad).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    let expected = sheet::read(&bad, "ledger-bad.csv").unwrap_err();
    assert!(!expected.problems.is_empty());
    for p in &expected.problems {
        let column = p.column.clone().unwrap_or_default();
        assert!(
            answer.body.contains(&format!(
                "data-row=\"{}\" data-column=\"{}\"",
                p.row, column
            )),
            "row {} {column}: {}",
            p.row,
            answer.body
        );
        assert!(answer.body.contains(p.message.get(xxgk_model::Lang::Zh)));
    }
    // Rows 3 (个体户), 4 (飞鸽传书, 2025-02-30), 6 and 7 are named.
    for row in ["3", "4", "6", "7"] {
        assert!(
            answer.body.contains(&format!("data-row=\"{row}\"")),
            "row {row}"
        );
    }
    assert!(
        register(&corpus).cases().unwrap().is_empty(),
        "nothing was imported"
    );

    let good = std::fs::read(common::data("register/ledger-2025.csv")).unwrap();
    let cases = sheet::read(&good, "ledger-2025.csv").unwrap();
    let answer = upload(&app, &reviewer, "ledger-2025.csv", &good).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert_eq!(
        answer.location(),
        format!("/register?imported={}", cases.len())
    );
    let stored: Vec<_> = register(&corpus)
        .cases()
        .unwrap()
        .into_iter()
        .map(|s| s.case)
        .collect();
    assert_eq!(stored.len(), cases.len());

    let (headers, csv) = bytes_of(&app, "/register/export?to=csv", &reviewer.cookie).await;
    let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"register-"),
        "{disposition}"
    );
    assert!(disposition.contains(".csv\"; filename*=UTF-8''register-"));
    assert_eq!(csv, sheet::to_csv(&stored));
    assert_eq!(sheet::read(&csv, "back.csv").unwrap(), stored);
    let (_, xlsx) = bytes_of(&app, "/register/export?to=xlsx", &reviewer.cookie).await;
    assert_eq!(sheet::read(&xlsx, "back.xlsx").unwrap(), stored);
    let viewer = login(&app, "viewer").await;
    assert_eq!(
        get(&app, "/register/export?to=pdf", Some(&viewer.cookie))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );

    // Table 3 of 2025, as the library counts it, in the official layout.
    let page = get(&app, "/register/table3?year=2025", Some(&viewer.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    let table = table3::table(&stored, 2025);
    let cells = table3::author_cells(&table);
    assert!(!cells.is_empty());
    for (path, value) in &cells {
        assert!(
            page.body
                .contains(&format!("data-path=\"{path}\">{value}<")),
            "{path} = {value}"
        );
    }
    let received_total = table.get(xxgk_model::RequestRow::Received, 6).unwrap();
    assert!(page.body.contains(&format!(
        "data-path=\"requests.received.total\">{received_total}<"
    )));
    assert!(page
        .body
        .contains(xxgk_model::TableId::Requests.long_name(xxgk_model::Lang::Zh)));
    let (headers, toml) = bytes_of(
        &app,
        "/register/table3?year=2025&download=toml",
        &viewer.cookie,
    )
    .await;
    assert!(headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("register-2025.toml"));
    let author = xxgk_author::read(&toml, "register-2025.toml").unwrap();
    assert_eq!(author.year, 2025);
    for (path, value) in &cells {
        assert_eq!(
            author.cells.get(path).copied().flatten(),
            Some(*value),
            "{path}"
        );
    }
}

#[tokio::test]
async fn overdue_and_due_soon_are_marked_as_of_a_day() {
    let corpus = Corpus::of(&[]);
    let app = corpus.app();
    let reviewer = login(&app, "reviewer").await;
    // Due 2025-02-21 (received online 2025-01-20).
    add_case(&app, &reviewer, "2025-010", "2025-01-20").await;
    // Due 2025-03-31 (received 2025-03-03: 20 working days).
    add_case(&app, &reviewer, "2025-011", "2025-03-03").await;
    let row = |body: &str, id: &str| {
        body.split(&format!("<tr data-case=\"{id}\""))
            .nth(1)
            .and_then(|rest| rest.split('>').next())
            .unwrap()
            .to_string()
    };
    let page = get(&app, "/register?as_of=2025-02-18", Some(&reviewer.cookie)).await;
    assert!(
        row(&page.body, "2025-010").contains("class=\"due-soon\""),
        "{}",
        row(&page.body, "2025-010")
    );
    assert!(!row(&page.body, "2025-011").contains("class="));
    assert!(page.body.contains("id=\"count-due-soon\" data-count=\"1\""));
    assert!(page.body.contains("id=\"count-overdue\" data-count=\"0\""));
    let page = get(&app, "/register?as_of=2025-02-24", Some(&reviewer.cookie)).await;
    assert!(row(&page.body, "2025-010").contains("class=\"overdue\""));
    assert!(page.body.contains("已超期 1 个工作日"));
    assert!(page.body.contains("id=\"count-overdue\" data-count=\"1\""));
    // Open cases by due date: the overdue one first.
    let first = page.body.find("data-case=\"2025-010\"").unwrap();
    let second = page.body.find("data-case=\"2025-011\"").unwrap();
    assert!(first < second);
    let page = get(&app, "/register?as_of=2025-01-21", Some(&reviewer.cookie)).await;
    assert!(!row(&page.body, "2025-010").contains("class="));
    // Filters: text, state.
    let page = get(
        &app,
        "/register?as_of=2025-02-24&q=2025-011",
        Some(&reviewer.cookie),
    )
    .await;
    assert!(page.body.contains("data-case=\"2025-011\""));
    assert!(!page.body.contains("data-case=\"2025-010\""));
    let page = get(&app, "/register?as_of=nonsense", Some(&reviewer.cookie)).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_case_is_written_while_the_corpus_writer_lock_is_held() {
    let corpus = Corpus::of(&[]);
    let app = corpus.app();
    let reviewer = login(&app, "reviewer").await;
    let db = corpus.db.to_string_lossy().into_owned();
    let writer = xxgk_store::open(&db, xxgk_store::Access::Write).unwrap();
    assert!(
        xxgk_store::open(&db, xxgk_store::Access::Write).is_err(),
        "the lock is held"
    );
    add_case(&app, &reviewer, "2025-020", "2025-01-20").await;
    drop(writer);
    assert_eq!(register(&corpus).cases().unwrap().len(), 1);
}
