//! Uploading through the application in process: real fixtures sent as a
//! multipart form, the background job followed to its end, the reports then
//! listed, the unreadable and refused files listed with their reasons, and
//! a second upload adding nothing.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::*;
use std::io::Write;

/// Sends an upload as the browser form does (`?csrf=` in the URL).
async fn upload(app: &Router, session: &Session, parts: &[(&str, &str, Vec<u8>)]) -> Answer {
    let (content_type, body) = multipart(parts);
    send(
        app,
        Request::post(format!("/upload?csrf={}", session.csrf))
            .header(header::COOKIE, &session.cookie)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

/// Polls the job's API until it is finished; its last state.
async fn finished(app: &Router, session: &Session, job: &str) -> serde_json::Value {
    for _ in 0..600 {
        let answer = get(app, &format!("/api/v1/jobs/{job}"), Some(&session.cookie)).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        let state: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
        if state["state"] == "done" || state["state"] == "failed" {
            return state;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the job did not finish in a minute");
}

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(data(path)).unwrap()
}

/// A ZIP of two crawled reports and an entry that tries to leave the folder.
fn archive() -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in [
        (
            "2019/hebei-industry-2019.txt",
            fixture("crawled/hebei-industry-2019.txt"),
        ),
        (
            "2020/hebei-industry-2020.txt",
            fixture("crawled/hebei-industry-2020.txt"),
        ),
        ("../evil.txt", b"not a report".to_vec()),
        // What macOS adds to an archive: hidden, not read.
        (
            "__MACOSX/2019/._hebei-industry-2019.txt",
            b"\x00\x05\x16\x07".to_vec(),
        ),
    ] {
        out.start_file(name, options).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn parts() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    vec![
        (
            "files",
            "000_60799c090932cf1e.txt",
            fixture("seeds/000_60799c090932cf1e.txt"),
        ),
        (
            "files",
            "cms-2019-saved-page.html",
            fixture("html/cms-2019-saved-page.html"),
        ),
        (
            "folder",
            "templates/official-template-2021-blank.docx",
            fixture("docx/official-template-2021-blank.docx"),
        ),
        (
            "folder",
            "templates/.DS_Store",
            b"\x00\x00\x00\x01Bud1".to_vec(),
        ),
        ("files", "reports.zip", archive()),
        (
            "files",
            "junk.pdf",
            b"%PDF-1.4\n\x00\x01\x02 not a pdf".to_vec(),
        ),
    ]
}

#[tokio::test]
async fn an_upload_is_ingested_in_the_background_and_again_adds_nothing() {
    let corpus = Corpus::of(&["seeds/001_45d6ed1fafd8548f.txt"]);
    let app = corpus.app();
    let session = login(&app, "reviewer").await;
    let before = get(&app, "/reports", Some(&session.cookie)).await;
    assert!(before.body.contains("id=\"total\">1<"), "{}", before.body);

    let answer = upload(&app, &session, &parts()).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let job = answer
        .location()
        .strip_prefix("/upload/")
        .unwrap()
        .to_string();
    let state = finished(&app, &session, &job).await;
    assert_eq!(state["state"], "done", "{state:#}");
    let summary = &state["summary"];
    assert_eq!(summary["inputs"], 6, "{state:#}");
    // The text, HTML and DOCX reports and the two in the archive; the
    // junk file fails; the entry leaving the folder is refused before.
    assert_eq!(summary["added"], 5, "{state:#}");
    assert_eq!(summary["unchanged"], 0, "{state:#}");
    assert_eq!(summary["failed"], 1, "{state:#}");
    let failures = state["failures"].as_array().unwrap();
    let reason = |file: &str| {
        failures
            .iter()
            .find(|f| f["file"] == file)
            .unwrap_or_else(|| panic!("{file} not listed: {state:#}"))["reason"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // The entry that tried to leave the folder is refused by name; the
    // rest of the archive is read.
    assert!(
        reason("reports.zip/../evil.txt").contains("../evil.txt"),
        "{state:#}"
    );
    assert!(reason("reports.zip/../evil.txt").contains("上级目录"));
    assert!(
        reason("junk.pdf").contains("PDF 文件已损坏或不完整"),
        "{state:#}"
    );
    assert_eq!(failures.len(), 2, "{state:#}");
    let files: Vec<&str> = state["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 5, "{files:?}");
    for file in [
        "000_60799c090932cf1e.txt",
        "templates/official-template-2021-blank.docx",
        "cms-2019-saved-page.html",
        "reports.zip/2019/hebei-industry-2019.txt",
        "reports.zip/2020/hebei-industry-2020.txt",
    ] {
        assert!(files.contains(&file), "{file}: {files:?}");
    }

    // The list shows them, under the names the user sent.
    let after = get(&app, "/reports", Some(&session.cookie)).await;
    assert!(after.body.contains("id=\"total\">6<"), "{}", after.body);
    assert!(after
        .body
        .contains("reports.zip/2020/hebei-industry-2020.txt"));

    // The job page: the summary, every failure with its reason, the links.
    let page = get(&app, &format!("/upload/{job}"), Some(&session.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("id=\"summary-added\">5<"),
        "{}",
        page.body
    );
    assert!(page.body.contains("data-file=\"junk.pdf\""));
    assert!(page.body.contains("data-file=\"reports.zip/../evil.txt\""));
    assert_eq!(page.body.matches("<li data-report=").count(), 5);
    assert!(page.body.contains("data-state=\"done\""));

    let english = get(
        &app,
        &format!("/upload/{job}?lang=en"),
        Some(&session.cookie),
    )
    .await;
    assert!(english.body.contains("Reports added"), "{}", english.body);
    assert!(english
        .body
        .contains("the PDF file is damaged or incomplete and cannot be read"));
    let form = get(&app, "/upload?lang=en", Some(&session.cookie)).await;
    assert!(form.body.contains("Upload reports"));
    assert!(form.body.contains("webkitdirectory"));
    assert!(form.body.contains(&format!("data-job=\"{job}\"")));

    // Again: nothing is added.
    let again = upload(&app, &session, &parts()).await;
    let job = again
        .location()
        .strip_prefix("/upload/")
        .unwrap()
        .to_string();
    let state = finished(&app, &session, &job).await;
    assert_eq!(state["summary"]["added"], 0, "{state:#}");
    assert_eq!(state["summary"]["unchanged"], 5, "{state:#}");
    assert_eq!(state["summary"]["failed"], 1, "{state:#}");
    let after = get(&app, "/reports", Some(&session.cookie)).await;
    assert!(after.body.contains("id=\"total\">6<"), "{}", after.body);
}

#[tokio::test]
async fn a_viewer_may_not_upload() {
    let corpus = Corpus::of(&["seeds/001_45d6ed1fafd8548f.txt"]);
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    assert_eq!(
        get(&app, "/upload", Some(&session.cookie)).await.status,
        StatusCode::FORBIDDEN
    );
    let answer = upload(&app, &session, &parts()[..1]).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(answer.body.contains("没有此操作的权限"), "{}", answer.body);
}

#[tokio::test]
async fn an_oversize_upload_gets_413_with_the_limit_in_the_users_language() {
    let corpus = Corpus::of(&["seeds/001_45d6ed1fafd8548f.txt"]);
    let mut config = xxgk_web::Config::new(&corpus.db);
    config.upload_limit = 4096;
    let app = xxgk_web::app(config).unwrap();
    let session = login(&app, "reviewer").await;
    let big = vec![("files", "big.txt", vec![b'x'; 10_000])];
    let answer = upload(&app, &session, &big).await;
    assert_eq!(
        answer.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        answer.body
    );
    assert!(answer.body.contains("上传的文件太大"), "{}", answer.body);
    assert!(answer.body.contains("4 KB"), "{}", answer.body);

    let (content_type, body) = multipart(&big);
    let english = send(
        &app,
        Request::post("/api/v1/upload?lang=en")
            .header(header::COOKIE, &session.cookie)
            .header("x-csrf-token", &session.csrf)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap(),
    )
    .await;
    assert_eq!(english.status, StatusCode::PAYLOAD_TOO_LARGE);
    let error: serde_json::Value = serde_json::from_str(&english.body).unwrap();
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .starts_with("the upload is too large: one upload may be at most 4 KB"),
        "{error}"
    );
}

#[tokio::test]
async fn unsafe_part_names_are_refused_by_name_and_an_empty_form_is_a_400() {
    let corpus = Corpus::of(&["seeds/001_45d6ed1fafd8548f.txt"]);
    let app = corpus.app();
    let session = login(&app, "reviewer").await;
    let answer = upload(
        &app,
        &session,
        &[
            ("files", "../../etc/passwd", b"x".to_vec()),
            ("files", "/abs.txt", b"x".to_vec()),
            ("files", "C:\\Users\\a.txt", b"x".to_vec()),
        ],
    )
    .await;
    let job = answer
        .location()
        .strip_prefix("/upload/")
        .unwrap()
        .to_string();
    let state = finished(&app, &session, &job).await;
    let failures = state["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 3, "{state:#}");
    assert_eq!(failures[0]["file"], "../../etc/passwd");
    assert!(failures[1]["reason"].as_str().unwrap().contains("绝对路径"));
    assert!(failures[2]["reason"].as_str().unwrap().contains("盘符"));
    assert_eq!(state["summary"]["inputs"], 0);

    let empty = upload(&app, &session, &[("files", "", Vec::new())]).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(empty.body.contains("没有选择任何文件"), "{}", empty.body);
}

#[tokio::test]
async fn an_agency_list_is_imported_with_the_reports() {
    let corpus = Corpus::of(&["seeds/001_45d6ed1fafd8548f.txt"]);
    let app = corpus.app();
    let session = login(&app, "admin").await;
    let answer = upload(
        &app,
        &session,
        &[("agencies", "agencies.csv", fixture("corpus/agencies.csv"))],
    )
    .await;
    let job = answer
        .location()
        .strip_prefix("/upload/")
        .unwrap()
        .to_string();
    let state = finished(&app, &session, &job).await;
    assert_eq!(state["state"], "done", "{state:#}");
    let coverage = get(&app, "/api/v1/coverage?year=2023", Some(&session.cookie)).await;
    assert_eq!(coverage.status, StatusCode::OK, "{}", coverage.body);
    let coverage: serde_json::Value = serde_json::from_str(&coverage.body).unwrap();
    assert!(coverage["listed"].as_u64().unwrap() > 0, "{coverage}");
}

#[tokio::test]
async fn a_job_waits_while_another_process_writes_the_corpus() {
    let corpus = Corpus::of(&["seeds/001_45d6ed1fafd8548f.txt"]);
    let app = corpus.app();
    let session = login(&app, "reviewer").await;
    // A command-line ingest holds the writer's lock.
    let writer = xxgk_store::open(&corpus.db.to_string_lossy(), xxgk_store::Access::Write).unwrap();
    let answer = upload(
        &app,
        &session,
        &[(
            "files",
            "000.txt",
            fixture("seeds/000_60799c090932cf1e.txt"),
        )],
    )
    .await;
    let job = answer
        .location()
        .strip_prefix("/upload/")
        .unwrap()
        .to_string();
    let mut waited = false;
    for _ in 0..100 {
        let state = get(&app, &format!("/api/v1/jobs/{job}"), Some(&session.cookie)).await;
        if state.body.contains("\"waiting\"") {
            waited = true;
            assert!(state.body.contains("等待其他写入完成"), "{}", state.body);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(waited, "the job never said it waits");
    // Reading goes on meanwhile.
    assert_eq!(
        get(&app, "/reports", Some(&session.cookie)).await.status,
        StatusCode::OK
    );
    drop(writer);
    let state = finished(&app, &session, &job).await;
    assert_eq!(state["summary"]["added"], 1, "{state:#}");
}

#[tokio::test]
async fn an_upload_of_500_files_leaves_the_server_responsive() {
    let corpus = Corpus::of(&["seeds/001_45d6ed1fafd8548f.txt"]);
    let app = corpus.app();
    let session = login(&app, "reviewer").await;
    let seed = fixture("seeds/000_60799c090932cf1e.txt");
    let names: Vec<String> = (0..500).map(|i| format!("batch/{i:03}.txt")).collect();
    let parts: Vec<(&str, &str, Vec<u8>)> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            // Distinct bytes: each file is read, extracted and checked.
            let mut bytes = seed.clone();
            bytes.extend_from_slice(format!("\n附：第 {i} 份\n").as_bytes());
            ("files", name.as_str(), bytes)
        })
        .collect();
    let answer = upload(&app, &session, &parts).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let job = answer
        .location()
        .strip_prefix("/upload/")
        .unwrap()
        .to_string();
    let mut slowest = std::time::Duration::ZERO;
    let mut while_running = 0;
    loop {
        let started = std::time::Instant::now();
        let list = get(&app, "/reports", Some(&session.cookie)).await;
        assert_eq!(list.status, StatusCode::OK);
        slowest = slowest.max(started.elapsed());
        let state = get(&app, &format!("/api/v1/jobs/{job}"), Some(&session.cookie)).await;
        if state.body.contains("\"state\":\"done\"") {
            break;
        }
        while_running += 1;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(while_running > 0);
    assert!(
        slowest < std::time::Duration::from_secs(2),
        "a page took {slowest:?} during the upload"
    );
    let state = finished(&app, &session, &job).await;
    assert_eq!(state["summary"]["added"], 500, "{state:#}");
}

#[tokio::test]
async fn a_zip_bomb_entry_and_a_symbolic_link_are_refused_by_name() {
    let corpus = Corpus::of(&["seeds/001_45d6ed1fafd8548f.txt"]);
    let app = corpus.app();
    let session = login(&app, "reviewer").await;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    out.start_file("bomb.txt", deflated).unwrap();
    out.write_all(&vec![0u8; 8 * 1024 * 1024]).unwrap();
    out.add_symlink("link.txt", "/etc/passwd", deflated)
        .unwrap();
    out.start_file("ok/000.txt", deflated).unwrap();
    out.write_all(&fixture("seeds/000_60799c090932cf1e.txt"))
        .unwrap();
    let bytes = out.finish().unwrap().into_inner();
    let answer = upload(&app, &session, &[("files", "pack.zip", bytes)]).await;
    let job = answer
        .location()
        .strip_prefix("/upload/")
        .unwrap()
        .to_string();
    let state = finished(&app, &session, &job).await;
    let failures = state["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 2, "{state:#}");
    assert_eq!(failures[0]["file"], "pack.zip/bomb.txt");
    assert!(
        failures[0]["reason"]
            .as_str()
            .unwrap()
            .contains("超过上限 200:1（疑似 ZIP 炸弹）"),
        "{state:#}"
    );
    assert_eq!(failures[1]["file"], "pack.zip/link.txt");
    assert!(failures[1]["reason"].as_str().unwrap().contains("符号链接"));
    assert_eq!(state["summary"]["added"], 1, "{state:#}");
    assert_eq!(state["reports"][0]["file"], "pack.zip/ok/000.txt");
}
