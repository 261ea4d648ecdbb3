//! The JSON API against its OpenAPI document: every endpoint called on a real
//! corpus, each JSON answer validated against the schema the document gives
//! for that status (and each request body sent against the document's), every
//! route of the API router in the document and every path of the document
//! served; and the contracts served exactly as the command line prints them,
//! the request register's included.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// The document, and the routes called so far.
struct Contract {
    doc: Value,
    called: BTreeSet<(String, String)>,
}

impl Contract {
    /// The schema the document gives for `method path` answering `status`,
    /// with the document's components beside it so that its `$ref`s resolve.
    fn schema(&self, method: &str, path: &str, status: u16) -> Value {
        let mut response = &self.doc["paths"][path][method]["responses"][status.to_string()];
        assert!(
            !response.is_null(),
            "the document gives no {status} answer of {method} {path}"
        );
        if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
            let name = reference.rsplit('/').next().unwrap();
            response = &self.doc["components"]["responses"][name];
        }
        let schema = response["content"]["application/json"]["schema"].clone();
        assert!(
            !schema.is_null(),
            "no JSON schema for {status} of {method} {path}"
        );
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "allOf": [schema],
            "components": self.doc["components"],
        })
    }

    /// Checks a request body sent to `method path` against the document's
    /// schema for it.
    fn request(&self, method: &str, path: &str, body: &Value) {
        let schema = self.doc["paths"][path][method]["requestBody"]["content"]["application/json"]
            ["schema"]
            .clone();
        assert!(!schema.is_null(), "no request body of {method} {path}");
        let schema = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "allOf": [schema],
            "components": self.doc["components"],
        });
        let validator = jsonschema::draft202012::new(&schema).unwrap();
        let errors: Vec<String> = validator.iter_errors(body).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{method} {path} {body}: {errors:#?}");
    }

    /// Checks a JSON answer of `method path` (the document's path template)
    /// against its schema; the parsed answer.
    fn check(&mut self, method: &str, path: &str, answer: &Answer) -> Value {
        self.called.insert((method.to_string(), path.to_string()));
        let content_type = answer.headers[header::CONTENT_TYPE].to_str().unwrap();
        assert!(
            content_type.starts_with("application/json"),
            "{method} {path}: {content_type}"
        );
        let value: Value = serde_json::from_str(&answer.body)
            .unwrap_or_else(|e| panic!("{method} {path}: not JSON ({e}): {}", answer.body));
        let schema = self.schema(method, path, answer.status.as_u16());
        let validator = jsonschema::draft202012::new(&schema)
            .unwrap_or_else(|e| panic!("the schema of {method} {path} is not valid: {e}"));
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{method} {path} {}: {errors:#?}\n{}",
            answer.status,
            answer.body.chars().take(2000).collect::<String>()
        );
        value
    }
}

async fn api(app: &Router, session: &Session, path: &str) -> Answer {
    get(app, &format!("/api/v1{path}"), Some(&session.cookie)).await
}

#[tokio::test]
async fn every_endpoint_answers_as_the_openapi_document_says() {
    let corpus = Corpus::of(&["seeds", "crawled"]);
    let app = corpus.app();
    let session = login(&app, "reviewer").await;
    let doc = api(&app, &session, "/openapi.json").await;
    assert_eq!(doc.status, StatusCode::OK);
    let doc: Value = serde_json::from_str(&doc.body).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let mut contract = Contract {
        doc: doc.clone(),
        called: BTreeSet::new(),
    };
    contract.check(
        "get",
        "/openapi.json",
        &api(&app, &session, "/openapi.json").await,
    );

    // The document and the router list the same routes.
    let routes: BTreeSet<(String, String)> = xxgk_web::pages::api::route_list()
        .into_iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |method| (method.clone(), path.clone()))
        })
        .collect();
    assert_eq!(routes, documented);
    for scheme in ["cookie", "bearer"] {
        assert!(doc["components"]["securitySchemes"][scheme].is_object());
    }

    // The report list.
    let list = contract.check("get", "/reports", &api(&app, &session, "/reports").await);
    assert_eq!(list["total"], 12);
    assert_eq!(list["reports"].as_array().unwrap().len(), 12);
    let page = contract.check(
        "get",
        "/reports",
        &api(
            &app,
            &session,
            "/reports?severity=warning&per_page=2&page=2",
        )
        .await,
    );
    assert_eq!(page["per_page"], 2);
    assert_eq!(page["reports"].as_array().unwrap().len(), 2);
    let year = contract.check(
        "get",
        "/reports",
        &api(&app, &session, "/reports?year=2019").await,
    );
    assert!(year["reports"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["year"] == 2019));
    for (query, parameter) in [
        ("year=twenty", "year"),
        ("per_page=0", "per_page"),
        ("per_page=501", "per_page"),
        ("page=0", "page"),
        ("severity=fatal", "severity"),
        ("copies=maybe", "copies"),
        ("colour=red", "colour"),
    ] {
        let answer = api(&app, &session, &format!("/reports?{query}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        let error = contract.check("get", "/reports", &answer);
        assert!(
            error["error"].as_str().unwrap().contains(parameter),
            "{query}: {error}"
        );
    }

    // One report, as `xxgk extract` prints it.
    let row = &list["reports"][0];
    let id = row["id"].as_i64().unwrap();
    let file = row["file"].as_str().unwrap().to_string();
    let answer = api(&app, &session, &format!("/reports/{id}")).await;
    let report = contract.check("get", "/reports/{id}", &answer);
    assert_eq!(report["schema"], "xxgk/report@1");
    let bytes = std::fs::read(&file).unwrap();
    let extracted = xxgk_extract::extract_bytes(&bytes, &file).unwrap();
    let printed =
        serde_json::to_string_pretty(&extracted.json(xxgk_model::Lang::Zh)).unwrap() + "\n";
    assert_eq!(answer.body, printed);
    let missing = api(&app, &session, "/reports/999999").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    contract.check("get", "/reports/{id}", &missing);
    let malformed = api(&app, &session, "/reports/first").await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    let error = contract.check("get", "/reports/{id}", &malformed);
    assert!(error["error"].as_str().unwrap().contains("id"));

    // Its findings, as `xxgk check --format json` prints them: one line,
    // every single-report finding of the checker among them.
    let answer = api(&app, &session, &format!("/reports/{id}/findings")).await;
    let findings = contract.check("get", "/reports/{id}/findings", &answer);
    assert!(answer.body.ends_with("}\n") && answer.body.lines().count() == 1);
    assert_eq!(findings["schema"], "xxgk/findings@1");
    assert_eq!(findings["file"], file.as_str());
    assert_eq!(findings["report"], report);
    let checked = xxgk_check::check(&extracted, &xxgk_check::Selection::default());
    let listed = findings["findings"].as_array().unwrap();
    assert!(!checked.is_empty());
    for finding in &checked {
        assert!(
            listed.contains(&finding.to_json(xxgk_model::Lang::Zh)),
            "{finding:?} not in {listed:#?}"
        );
    }
    let missing = api(&app, &session, "/reports/999999/findings").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    contract.check("get", "/reports/{id}/findings", &missing);

    // Its cells, as `xxgk extract --format csv` prints them.
    let answer = api(&app, &session, &format!("/reports/{id}/cells.csv")).await;
    contract
        .called
        .insert(("get".into(), "/reports/{id}/cells.csv".into()));
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.headers[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    let mut csv = Vec::new();
    xxgk_export::report_csv::write_header(&mut csv).unwrap();
    xxgk_export::report_csv::write(&mut csv, &extracted).unwrap();
    assert_eq!(answer.body.as_bytes(), csv.as_slice());
    assert!(answer.body.starts_with(
        "\u{feff}file,agency,year,template,table,row,column,value,raw,line,column_in_line\n"
    ));
    let missing = api(&app, &session, "/reports/999999/cells.csv").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    contract.check("get", "/reports/{id}/cells.csv", &missing);

    // A body across the years.
    let body: String = form_urlencoded::byte_serialize("河北省工业和信息化厅".as_bytes()).collect();
    let comparison = contract.check(
        "get",
        "/compare",
        &api(&app, &session, &format!("/compare?body={body}")).await,
    );
    let years: Vec<i64> = comparison["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2019, 2020, 2021, 2022, 2023]);
    let none = api(&app, &session, "/compare").await;
    assert_eq!(none.status, StatusCode::BAD_REQUEST);
    assert!(contract.check("get", "/compare", &none)["error"]
        .as_str()
        .unwrap()
        .contains("body"));
    let unknown = api(&app, &session, "/compare?body=%E4%B8%8D%E5%AD%98%E5%9C%A8").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    contract.check("get", "/compare", &unknown);

    // Statistics, as `xxgk stats --format json` prints them.
    let answer = api(&app, &session, "/stats?by=year,template").await;
    let stats = contract.check("get", "/stats", &answer);
    assert_eq!(stats["by"], json!(["year", "template"]));
    let store = xxgk_store::open(&corpus.db.to_string_lossy(), xxgk_store::Access::Read).unwrap();
    let printed = xxgk_corpus::stats::statistics(
        store.as_ref(),
        &[
            xxgk_corpus::stats::Dimension::Year,
            xxgk_corpus::stats::Dimension::Template,
        ],
        xxgk_model::Lang::Zh,
    )
    .unwrap();
    assert_eq!(
        answer.body,
        serde_json::to_string_pretty(&printed).unwrap() + "\n"
    );
    // Kept until the data changes, per grouping and language.
    let again = api(&app, &session, "/stats?by=year,template").await;
    assert_eq!(again.body, answer.body);
    let english = api(&app, &session, "/stats?by=level&lang=en").await;
    let printed = xxgk_corpus::stats::statistics(
        store.as_ref(),
        &[xxgk_corpus::stats::Dimension::Level],
        xxgk_model::Lang::En,
    )
    .unwrap();
    assert_eq!(
        english.body,
        serde_json::to_string_pretty(&printed).unwrap() + "\n"
    );
    assert_ne!(
        english.body,
        api(&app, &session, "/stats?by=level").await.body
    );
    contract.check("get", "/stats", &api(&app, &session, "/stats").await);
    let wrong = api(&app, &session, "/stats?by=colour").await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(contract.check("get", "/stats", &wrong)["error"]
        .as_str()
        .unwrap()
        .contains("colour"));

    // Coverage needs an agency list: none yet.
    let answer = api(&app, &session, "/coverage?year=2023").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    contract.check("get", "/coverage", &answer);
    let answer = api(&app, &session, "/coverage").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(contract.check("get", "/coverage", &answer)["error"]
        .as_str()
        .unwrap()
        .contains("year"));
    let answer = api(&app, &session, "/coverage?year=soon").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    contract.check("get", "/coverage", &answer);

    // Upload one through the API (an agency list and a report).
    let (content_type, body) = multipart(&[
        (
            "agencies",
            "agencies.csv",
            std::fs::read(data("corpus/agencies.csv")).unwrap(),
        ),
        ("files", "junk.docx", b"PK\x03\x04 not a docx".to_vec()),
    ]);
    let answer = send(
        &app,
        Request::post("/api/v1/upload")
            .header(header::COOKIE, &session.cookie)
            .header("x-csrf-token", &session.csrf)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.body);
    let accepted = contract.check("post", "/upload", &answer);
    assert_eq!(answer.location(), accepted["api"].as_str().unwrap());
    let job = accepted["id"].as_u64().unwrap();
    let mut state = Value::Null;
    for _ in 0..600 {
        let answer = api(&app, &session, &format!("/jobs/{job}")).await;
        state = contract.check("get", "/jobs/{id}", &answer);
        if state["state"] == "done" || state["state"] == "failed" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(state["state"], "done", "{state:#}");
    assert_eq!(state["failures"][0]["file"], "junk.docx", "{state:#}");
    let answer = api(&app, &session, "/jobs/424242").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    contract.check("get", "/jobs/{id}", &answer);
    let answer = api(&app, &session, "/jobs/latest").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    contract.check("get", "/jobs/{id}", &answer);
    // A viewer may not upload, and may not see another's job.
    let viewer = login(&app, "viewer").await;
    let (content_type, body) = multipart(&[("files", "a.txt", b"x".to_vec())]);
    let answer = send(
        &app,
        Request::post("/api/v1/upload")
            .header(header::COOKIE, &viewer.cookie)
            .header("x-csrf-token", &viewer.csrf)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    contract.check("post", "/upload", &answer);
    let answer = api(&app, &viewer, &format!("/jobs/{job}")).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);

    // Now coverage answers, in English when asked.
    let answer = api(&app, &session, "/coverage?year=2023&lang=en").await;
    let coverage = contract.check("get", "/coverage", &answer);
    assert_eq!(coverage["year"], 2023);
    assert!(coverage["listed"].as_u64().unwrap() > 0);

    // Without a login: 401, as documented.
    let anonymous = get(&app, "/api/v1/reports", None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    contract.check("get", "/reports", &anonymous);

    // The request register.
    register_calls(&app, &corpus, &mut contract).await;

    // Every route of the document was called.
    assert_eq!(contract.called, routes);
}

/// A request with a JSON body to the API, with the session's cookie and CSRF
/// token (`text` sent as it is).
async fn send_text(
    app: &Router,
    method: &str,
    path: &str,
    session: &Session,
    text: &str,
) -> Answer {
    send(
        app,
        Request::builder()
            .method(method.to_uppercase().as_str())
            .uri(format!("/api/v1{path}"))
            .header(header::COOKIE, &session.cookie)
            .header("x-csrf-token", &session.csrf)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(text.to_string()))
            .unwrap(),
    )
    .await
}

/// A register write: `body` checked against the document first when the
/// route takes one, the answer checked against it after.
async fn write(
    app: &Router,
    contract: &mut Contract,
    (method, path, uri): (&str, &str, &str),
    session: &Session,
    body: Option<&Value>,
) -> (Answer, Value) {
    let text = match body {
        Some(body) => {
            contract.request(method, path, body);
            body.to_string()
        }
        None => String::new(),
    };
    let answer = send_text(app, method, uri, session, &text).await;
    let value = contract.check(method, path, &answer);
    (answer, value)
}

/// A stored case as `xxgk register show --format json` prints it, from the
/// store and the register's serialiser.
fn shown_by_the_store(db: &std::path::Path, id: &str) -> String {
    use xxgk_register::json;
    let store = xxgk_store::SqliteStore::open_read_only(&db.to_string_lossy()).unwrap();
    let stored = store.register_case(id).unwrap().unwrap();
    let history = store.register_history(id).unwrap();
    let value = json::show(
        stored.versioned(),
        history.iter().map(xxgk_store::register::Event::entry),
        xxgk_register::Calendar::official(),
    );
    json::text(&value)
}

/// The register's cases as the store holds them.
fn stored_cases(db: &std::path::Path) -> Vec<xxgk_store::register::StoredCase> {
    xxgk_store::SqliteStore::open_read_only(&db.to_string_lossy())
        .unwrap()
        .register_cases()
        .unwrap()
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["case"]["id"].as_str().unwrap())
        .collect()
}

/// The register's routes: cases added, read, changed and removed through the
/// API, each answer what the command line's serialiser makes of the store.
async fn register_calls(app: &Router, corpus: &Corpus, contract: &mut Contract) {
    use xxgk_register::json;
    let cases = "/register/cases";
    let case = "/register/cases/{id}";
    let reviewer = login(app, "reviewer").await;
    let empty = contract.check("get", cases, &api(app, &reviewer, cases).await);
    assert_eq!(empty, json!([]));

    // Four requests; the deadlines are the statutory 20 working days on the
    // official calendar (2025-01-20 online: 2025-02-21, the guide's example).
    let added = [
        (
            json!({"id": "2025-001", "applicant": "自然人", "channel": "网络", "received": "2025-01-20", "content": "征收补偿方案", "assignee": "李四"}),
            "2025-02-21",
        ),
        (
            json!({"id": "2025-002", "applicant": "商业企业", "channel": "当面", "received": "2025/2/10", "name": "某公司"}),
            "2025-03-10",
        ),
        (
            json!({"id": "2025-003", "applicant": "natural_person", "channel": "online", "received": "2025-03-01"}),
            "2025-03-28",
        ),
        (
            json!({"id": "2024-009", "applicant": "其他", "channel": "传真", "received": "2024-12-20"}),
            "2025-01-20",
        ),
    ];
    for (body, due) in &added {
        let (answer, value) =
            write(app, contract, ("post", cases, cases), &reviewer, Some(body)).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
        let id = body["id"].as_str().unwrap();
        assert_eq!(answer.location(), format!("/api/v1/register/cases/{id}"));
        assert_eq!(value["due"], *due, "{id}");
        assert_eq!(value["status"], "running");
        assert_eq!(value["version"], 1);
        assert_eq!(value["updated_by"], "reviewer");
        assert_eq!(value["history"][0]["who"], "reviewer");
        assert_eq!(value["history"][0]["action"], "add");
        // Exactly what `xxgk register show --format json` prints.
        assert_eq!(answer.body, shown_by_the_store(&corpus.db, id));
        let read = api(app, &reviewer, &format!("{cases}/{id}")).await;
        contract.check("get", case, &read);
        assert_eq!(read.body, answer.body);
    }
    let first = contract.check(
        "get",
        case,
        &api(app, &reviewer, "/register/cases/2025-002").await,
    );
    assert_eq!(first["case"]["received"], "2025-02-10");
    assert_eq!(first["case"]["applicant"], "commercial");
    assert_eq!(first["case"]["applicant_name"], "某公司");

    // Refused: each names the field, or says the number exists.
    let (answer, value) = write(
        app,
        contract,
        ("post", cases, cases),
        &reviewer,
        Some(&added[0].0),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    assert!(
        value["error"].as_str().unwrap().contains("2025-001"),
        "{value}"
    );
    for (body, field) in [
        (
            json!({"id": "x", "applicant": "个体户", "channel": "网络", "received": "2025-01-20"}),
            "applicant",
        ),
        (
            json!({"id": "x", "applicant": "自然人", "channel": "飞鸽", "received": "2025-01-20"}),
            "channel",
        ),
        (
            json!({"id": "x", "applicant": "自然人", "channel": "网络", "received": "2025-13-01"}),
            "received",
        ),
        (
            json!({"id": "x", "applicant": "自然人", "received": "2025-01-20"}),
            "channel",
        ),
        (
            json!({"id": "x", "applicant": "自然人", "channel": "网络", "received": 20250120}),
            "received",
        ),
        (
            json!({"id": " ", "applicant": "自然人", "channel": "网络", "received": "2025-01-20"}),
            "id",
        ),
        (
            json!({"id": "x", "applicant": "自然人", "channel": "网络", "received": "2025-01-20", "colour": "red"}),
            "colour",
        ),
        (
            json!({"id": "x", "applicant": "自然人", "channel": "网络", "received": "2025-01-20", "by": "王五"}),
            "by",
        ),
    ] {
        // Sent as is: the document would refuse some of these bodies itself.
        let answer = send_text(app, "post", cases, &reviewer, &body.to_string()).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            answer.body
        );
        let value = contract.check("post", cases, &answer);
        assert!(
            value["error"].as_str().unwrap().contains(field),
            "{body}: {value}"
        );
    }
    // A day the calendar does not cover: named on the day of receipt.
    let beyond =
        json!({"id": "x", "applicant": "自然人", "channel": "网络", "received": "2031-01-20"});
    let (answer, value) = write(
        app,
        contract,
        ("post", cases, cases),
        &reviewer,
        Some(&beyond),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(value["problems"][0]["field"], "received", "{value}");
    for text in ["{not json", "[1, 2]", ""] {
        let answer = send_text(app, "post", cases, &reviewer, text).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{text}");
        let value = contract.check("post", cases, &answer);
        assert!(value["error"].as_str().unwrap().contains("JSON"), "{value}");
    }
    let huge = format!("{{\"content\": \"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let answer = send_text(app, "post", cases, &reviewer, &huge).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    contract.check("post", cases, &answer);

    // A change, based on the version read: the extension moves the due date.
    let extend =
        json!({"based_on": 1, "extend": 20, "approved": "2025-02-20", "approver": "王主任"});
    let (answer, value) = write(
        app,
        contract,
        ("post", case, "/register/cases/2025-001"),
        &reviewer,
        Some(&extend),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(value["version"], 2);
    assert_eq!(value["due"], "2025-03-21");
    assert_eq!(value["case"]["extension"]["approver"], "王主任");
    assert_eq!(answer.body, shown_by_the_store(&corpus.db, "2025-001"));
    // A change based on version 1 now: refused, saying the current version,
    // and nothing written.
    let stale = json!({"based_on": 1, "content": "另一处修改"});
    let (answer, value) = write(
        app,
        contract,
        ("post", case, "/register/cases/2025-001"),
        &reviewer,
        Some(&stale),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    assert_eq!(value["current_version"], 2);
    let error = value["error"].as_str().unwrap();
    assert!(
        error.contains("现为第 2 版")
            && error.contains("基于第 1 版")
            && error.contains("reviewer"),
        "{error}"
    );
    let (_, value) = write(
        app,
        contract,
        ("post", case, "/register/cases/2025-001?lang=en"),
        &reviewer,
        Some(&stale),
    )
    .await;
    assert!(
        value["error"].as_str().unwrap().contains("now version 2"),
        "{value}"
    );
    let unchanged = contract.check(
        "get",
        case,
        &api(app, &reviewer, "/register/cases/2025-001").await,
    );
    assert_eq!(unchanged["case"]["content"], "征收补偿方案");
    assert_eq!(unchanged["version"], 2);
    // Concluded: the outcome is a row of table 3, by a distinctive part of its label.
    let concluded = json!({"based_on": 2, "concluded": "2025-03-10", "outcome": "国家秘密"});
    let (answer, value) = write(
        app,
        contract,
        ("post", case, "/register/cases/2025-001"),
        &reviewer,
        Some(&concluded),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(value["case"]["outcome"], "denied_state_secret");
    let granted = json!({"based_on": 1, "concluded": "2025-03-10", "outcome": "予以公开"});
    let (answer, _) = write(
        app,
        contract,
        ("post", case, "/register/cases/2025-003"),
        &reviewer,
        Some(&granted),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    // What the register refuses, by field of the case.
    for (body, field) in [
        (
            json!({"based_on": 1, "correction_notice": "2025-03-05"}),
            "correction.notice",
        ),
        (json!({"based_on": 1, "concluded": "2025-03-01"}), "outcome"),
        (
            json!({"based_on": 1, "extend": 10, "approved": "2025-02-20", "approver": " "}),
            "extension.approver",
        ),
    ] {
        let (answer, value) = write(
            app,
            contract,
            ("post", case, "/register/cases/2025-002"),
            &reviewer,
            Some(&body),
        )
        .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            answer.body
        );
        assert_eq!(value["problems"][0]["field"], field, "{body}: {value}");
        assert!(value["error"].as_str().unwrap().contains(field), "{value}");
    }
    // Steps that cannot be applied, as `xxgk register update` refuses them
    // (sent as they are: the document refuses some of them itself).
    for (body, field) in [
        (
            json!({"based_on": 1, "extend": 25, "approved": "2025-02-20", "approver": "王主任"}),
            "extension.days",
        ),
        (
            json!({"based_on": 1, "corrected": "2025-02-12"}),
            "corrected",
        ),
        (json!({"based_on": 1, "opinion": "2025-02-12"}), "opinion"),
        (json!({"based_on": 1, "consult": "第三方"}), "consult"),
        (json!({"based_on": 1, "extend": 10}), "extend"),
        (
            json!({"based_on": 1, "fee": "pages", "quantity": 130}),
            "fee",
        ),
        (json!({"based_on": 1, "outcome": "不予公开"}), "outcome"),
        (json!({"based_on": 1, "paid": "2025-02-12"}), "paid"),
        (json!({"content": "x"}), "based_on"),
    ] {
        let answer = send_text(
            app,
            "post",
            "/register/cases/2025-002",
            &reviewer,
            &body.to_string(),
        )
        .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            answer.body
        );
        let value = contract.check("post", case, &answer);
        assert!(
            value["error"].as_str().unwrap().contains(field),
            "{body}: {value}"
        );
    }
    let (answer, _) = write(
        app,
        contract,
        ("post", case, "/register/cases/2099-404"),
        &reviewer,
        Some(&json!({"based_on": 1})),
    )
    .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let missing = api(app, &reviewer, "/register/cases/2099-404").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(contract.check("get", case, &missing)["error"]
        .as_str()
        .unwrap()
        .contains("2099-404"));

    // Who changed what is the logged-in user, whoever the body names.
    let admin = login(app, "admin").await;
    let assign = json!({"based_on": 1, "assignee": "王五"});
    let (answer, value) = write(
        app,
        contract,
        ("post", case, "/register/cases/2025-002"),
        &admin,
        Some(&assign),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(value["updated_by"], "admin");
    assert_eq!(value["history"][1]["who"], "admin");
    // … also with an API token, which needs no CSRF token.
    let made = post_form(app, "/account/tokens", &admin, "label=sync").await;
    let secret = made
        .body
        .split("id=\"new-token-secret\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap()
        .to_string();
    let pushed = json!({"id": "2025-010", "applicant": "自然人", "channel": "网络", "received": "2025-03-03"});
    let answer = send(
        app,
        Request::post("/api/v1/register/cases")
            .header(header::AUTHORIZATION, format!("Bearer {secret}"))
            .body(Body::from(pushed.to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    assert_eq!(
        contract.check("post", cases, &answer)["updated_by"],
        "admin"
    );
    let answer = send(
        app,
        Request::delete("/api/v1/register/cases/2025-010?based_on=1")
            .header(header::AUTHORIZATION, format!("Bearer {secret}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);

    // Removing needs the current version; the case then leaves the lists,
    // and its number answers 404.
    let mistake = json!({"id": "2025-009", "applicant": "自然人", "channel": "网络", "received": "2025-03-02"});
    let (answer, _) = write(
        app,
        contract,
        ("post", cases, cases),
        &reviewer,
        Some(&mistake),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    let (answer, value) = write(
        app,
        contract,
        ("delete", case, "/register/cases/2025-009"),
        &reviewer,
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(
        value["error"].as_str().unwrap().contains("based_on"),
        "{value}"
    );
    let (answer, value) = write(
        app,
        contract,
        ("delete", case, "/register/cases/2025-009?based_on=5"),
        &reviewer,
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    assert_eq!(value["current_version"], 1);
    let (answer, value) = write(
        app,
        contract,
        ("delete", case, "/register/cases/2025-009?based_on=1"),
        &reviewer,
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(
        (&value["id"], &value["version"], &value["removed"]),
        (&json!("2025-009"), &json!(2), &json!(true))
    );
    // With its history, the removal last, by the logged-in user: what the
    // CLI's `register show --format json` prints of a removed case.
    let history = value["history"].as_array().unwrap();
    assert_eq!(history.len(), 2, "{value}");
    assert_eq!(
        (&history[1]["version"], &history[1]["who"]),
        (&json!(2), &json!("reviewer"))
    );
    assert_eq!(
        api(app, &reviewer, "/register/cases/2025-009").await.status,
        StatusCode::NOT_FOUND
    );
    let (answer, _) = write(
        app,
        contract,
        ("delete", case, "/register/cases/2025-009?based_on=2"),
        &reviewer,
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);

    // A viewer reads, and may not write; without a login, 401.
    let viewer = login(app, "viewer").await;
    assert_eq!(api(app, &viewer, cases).await.status, StatusCode::OK);
    for (method, path, uri, body) in [
        ("post", cases, cases.to_string(), Some(mistake.clone())),
        (
            "post",
            case,
            "/register/cases/2025-002".to_string(),
            Some(json!({"based_on": 2, "assignee": "赵六"})),
        ),
        (
            "delete",
            case,
            "/register/cases/2025-002?based_on=2".to_string(),
            None,
        ),
    ] {
        let (answer, _) = write(app, contract, (method, path, &uri), &viewer, body.as_ref()).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{method} {uri}");
    }
    let answer = get(app, "/api/v1/register/cases", None).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    contract.check("get", cases, &answer);
    let answer = send(
        app,
        Request::post("/api/v1/register/cases")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(mistake.to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    contract.check("post", cases, &answer);
    // A session's change without its CSRF token: 403.
    let answer = send(
        app,
        Request::post("/api/v1/register/cases")
            .header(header::COOKIE, &reviewer.cookie)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(mistake.to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    contract.check("post", cases, &answer);

    // The list, as `xxgk register list --format json` prints it.
    let stored = stored_cases(&corpus.db);
    let calendar = xxgk_register::Calendar::official();
    let answer = api(app, &reviewer, cases).await;
    let list = contract.check("get", cases, &answer);
    assert_eq!(
        answer.body,
        json::text(&json::list(
            stored
                .iter()
                .map(xxgk_store::register::StoredCase::versioned),
            calendar
        ))
    );
    assert_eq!(ids(&list), ["2024-009", "2025-001", "2025-002", "2025-003"]);
    let list = contract.check(
        "get",
        cases,
        &api(app, &reviewer, "/register/cases?year=2024").await,
    );
    assert_eq!(ids(&list), ["2024-009"]);
    let list = contract.check(
        "get",
        cases,
        &api(app, &reviewer, "/register/cases?open=true").await,
    );
    assert_eq!(ids(&list), ["2024-009", "2025-002"]);
    for (query, parameter) in [
        ("open=maybe", "open"),
        ("year=soon", "year"),
        ("colour=red", "colour"),
    ] {
        let answer = api(app, &reviewer, &format!("{cases}?{query}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(contract.check("get", cases, &answer)["error"]
            .as_str()
            .unwrap()
            .contains(parameter));
    }

    // Due as of 2025-03-04 within 5 working days: 2024-009 overdue since
    // 2025-01-20, 2025-002 due 2025-03-10; 2025-001 (extended) and 2025-003
    // (concluded) not.
    let due = "/register/due";
    let answer = api(app, &reviewer, "/register/due?as_of=2025-03-04").await;
    let value = contract.check("get", due, &answer);
    let expected = json::due(
        stored.iter().map(|s| (&s.case, s.version)),
        xxgk_register::Date::new(2025, 3, 4).unwrap(),
        5,
        calendar,
    )
    .unwrap();
    assert_eq!(
        answer.body,
        json::text(&expected.json(xxgk_model::Lang::Zh))
    );
    let listed: Vec<(&str, &str, i64, bool)> = value["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap(),
                c["due"].as_str().unwrap(),
                c["working_days_left"].as_i64().unwrap(),
                c["overdue"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("2024-009", "2025-01-20", -27, true),
            ("2025-002", "2025-03-10", 4, false)
        ]
    );
    let value = contract.check(
        "get",
        due,
        &api(app, &reviewer, "/register/due?as_of=2025-03-04&within=15").await,
    );
    assert_eq!(value["within"], 15);
    assert_eq!(value["cases"].as_array().unwrap().len(), 3, "{value}");
    contract.check("get", due, &api(app, &reviewer, due).await);
    for (query, parameter) in [
        ("as_of=soon", "as_of"),
        ("as_of=2026-12-30", "as_of"),
        ("within=-1", "within"),
    ] {
        let answer = api(app, &reviewer, &format!("{due}?{query}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(
            contract.check("get", due, &answer)["error"]
                .as_str()
                .unwrap()
                .contains(parameter),
            "{query}"
        );
    }

    // Table 3 of 2025 counted from the four cases, as `xxgk register table3
    // --format json` prints it: 一 3 + 二 1 = （七） 2 + 四 2.
    let table3 = "/register/table3";
    let answer = api(app, &reviewer, "/register/table3?year=2025").await;
    let value = contract.check("get", table3, &answer);
    let records: Vec<xxgk_register::Case> = stored.iter().map(|s| s.case.clone()).collect();
    let report = xxgk_register::table3::report(&records, 2025, None);
    let findings: Vec<xxgk_model::Finding> =
        xxgk_check::check(&report, &xxgk_check::Selection::default())
            .into_iter()
            .filter(xxgk_register::table3::concerns_table3)
            .collect();
    let printed = json::table3(
        2025,
        4,
        report.requests.as_ref().unwrap(),
        &findings,
        xxgk_model::Lang::Zh,
    );
    assert_eq!(answer.body, json::text(&printed));
    assert_eq!(value["cases"], 4);
    let t = &value["requests"];
    for (row, column, count) in [
        ("received", "natural_person", 2),
        ("received", "commercial", 1),
        ("received", "total", 3),
        ("carried_in", "other_org", 1),
        ("carried_in", "total", 1),
        ("granted", "natural_person", 1),
        ("denied_state_secret", "natural_person", 1),
        ("total", "total", 2),
        ("carried_out", "commercial", 1),
        ("carried_out", "other_org", 1),
        ("carried_out", "total", 2),
    ] {
        assert_eq!(t[row][column], count, "{row}.{column}");
    }
    assert!(
        !findings
            .iter()
            .any(|f| f.severity == xxgk_model::Severity::Error),
        "{findings:?}"
    );
    let value = contract.check(
        "get",
        table3,
        &api(app, &reviewer, "/register/table3?year=2024").await,
    );
    assert_eq!(value["requests"]["received"]["other_org"], 1);
    assert_eq!(value["requests"]["carried_out"]["total"], 1);
    for (query, parameter) in [("", "year"), ("?year=1990", "year"), ("?year=soon", "year")] {
        let answer = api(app, &reviewer, &format!("{table3}{query}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(contract.check("get", table3, &answer)["error"]
            .as_str()
            .unwrap()
            .contains(parameter));
    }
    // The request bodies the document gives are the fields the server takes.
    for (schema, fields) in [
        (
            "RegisterCaseAdd",
            &xxgk_web::pages::api::register::ADD_FIELDS[..],
        ),
        (
            "RegisterCaseUpdate",
            &xxgk_web::pages::api::register::UPDATE_FIELDS[..],
        ),
    ] {
        let documented: BTreeSet<&str> = contract.doc["components"]["schemas"][schema]
            ["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(documented, fields.iter().copied().collect(), "{schema}");
    }
}
