//! The JSON API against its OpenAPI document: every endpoint called on a real
//! corpus, each JSON answer validated against the schema the document gives
//! for that status, every route of the API router in the document and every
//! path of the document served; and the contracts served exactly as the
//! command line prints them.

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
    let printed = xxgk_corpus::stats::json(
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

    // Every route of the document was called.
    assert_eq!(contract.called, routes);
}
