//! The report page, the source download and the rule pages, on real reports:
//! the 洪泽 2023 PDF (two `appeals-total` errors: table 4 prints 总计 0 beside
//! 10 + 1 and beside 5), an HTML page and the official DOCX template.

mod common;

use axum::http::{header, StatusCode};
use common::*;

/// The text of the findings list: tags dropped, one line per line of text.
fn findings_text(page: &str) -> String {
    let start = page
        .find("<ol class=\"findings\"")
        .expect("a findings list");
    let end = start + page[start..].find("</ol>").unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in page[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
}

/// The opening tag of the element with `data-path="path"` inside the part of
/// `page` from `from` on.
fn tag_of<'a>(page: &'a str, from: &str, path: &str) -> &'a str {
    let part = &page[page.find(from).unwrap_or_else(|| panic!("no {from}"))..];
    let at = part
        .find(&format!("data-path=\"{path}\""))
        .unwrap_or_else(|| panic!("no cell {path}"));
    let open = part[..at].rfind('<').unwrap();
    let close = at + part[at..].find('>').unwrap();
    &part[open..=close]
}

/// The text of the table cell of `path`.
fn table_value<'a>(page: &'a str, path: &str) -> &'a str {
    let part = &page[page.find("id=\"tables\"").unwrap()..];
    let needle = format!("data-path=\"{path}\"");
    let at = part
        .find(&needle)
        .unwrap_or_else(|| panic!("no cell {path}"));
    let open = at + part[at..].find('>').unwrap() + 1;
    let close = open + part[open..].find('<').unwrap();
    &part[open..close]
}

const HONGZE: &str = "pdf/huaian-hongze-district-2023.pdf";

#[tokio::test]
async fn the_report_page_lists_every_finding_and_marks_the_cells_of_one() {
    let corpus = Corpus::of(&[HONGZE]);
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let page = get(&app, "/reports/1", Some(&session.cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;

    // The header.
    let title = body.split("id=\"report-title\">").nth(1).unwrap();
    assert!(title.starts_with("洪泽区人民政府 <span"), "{title}");
    assert!(body.contains("id=\"report-year\">2023<"));
    assert!(body.contains("id=\"report-file\">huaian-hongze-district-2023.pdf<"));
    assert!(body.contains("id=\"report-format\">pdf<"));
    assert!(body.contains("id=\"report-template\">2021<"));
    assert!(body.contains("id=\"count-errors\">错误 2<"));
    assert!(body.contains("id=\"count-warnings\">警告 1<"));
    assert!(body.contains("id=\"count-infos\">提示 1<"));
    assert!(body.contains(
        "href=\"/compare?body=%E6%B4%AA%E6%B3%BD%E5%8C%BA%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C\""
    ));
    for link in [
        "href=\"/reports/1/source\"",
        "href=\"/api/v1/reports/1\"",
        "href=\"/api/v1/reports/1/findings\"",
        "href=\"/api/v1/reports/1/cells.csv\"",
    ] {
        assert!(body.contains(link), "{link}");
    }

    // Every finding, with its rule linked, in the store's order.
    let rules: Vec<&str> = body
        .split("data-rule=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "label-fuzzy",
            "template-mixed",
            "appeals-total",
            "appeals-total"
        ]
    );
    assert!(body.contains("<a class=\"rule\" href=\"/rules/appeals-total\">appeals-total</a>"));
    assert!(body
        .contains("表四「行政复议」：总计 0 不等于 维持 10 + 纠正 1 + 其他 0 + 尚未审结 0 = 11"));
    assert!(body.contains("<a class=\"line-link\" href=\"#L149\">149:23（第 4 页）</a>"));

    // The tables print exactly what the document printed.
    for (path, printed) in [
        ("requests.received.natural_person", "21"),
        ("requests.received.total", "21"),
        ("requests.partially_granted.total", "4"),
        ("active.licensing.decisions", "550"),
        ("active.punishment.decisions", "4119"),
        ("active.fees.amount_wan", "7730.28"),
        ("appeals.review.upheld", "10"),
        ("appeals.review.corrected", "1"),
        ("appeals.review.total", "0"),
        ("appeals.litigation_after_review.upheld", "5"),
    ] {
        assert_eq!(table_value(body, path), printed, "{path}");
    }
    // The document's text, with line anchors, page markers and the value spans.
    assert!(body.contains("<div class=\"page-marker\" id=\"page-4\">"));
    assert!(body.contains("<div class=\"line\" id=\"L149\"><a class=\"ln\" href=\"#L149\">149</a><span class=\"tx\"><span class=\"v flag-error\" data-path=\"appeals.review.upheld\">10</span>"));
    // Nothing is marked before a finding is chosen.
    assert!(!body.contains(" primary"), "no mark without ?finding");

    // ?finding=2: the first appeals-total error, its total primary and the four
    // outcomes related, in the table and in the text; its line marked.
    let marked = get(&app, "/reports/1?finding=2", Some(&session.cookie)).await;
    let body = &marked.body;
    assert!(body.contains("id=\"finding-2\" data-finding=\"2\""));
    assert!(body.contains("class=\"finding error selected\" id=\"finding-2\""));
    for (from, tag) in [("id=\"tables\"", "td"), ("id=\"source\"", "span")] {
        assert_eq!(
            tag_of(body, from, "appeals.review.total"),
            format!("<{tag} class=\"v primary flag-error\" data-path=\"appeals.review.total\">"),
            "{from}"
        );
        for related in ["upheld", "corrected", "other", "pending"] {
            let path = format!("appeals.review.{related}");
            assert_eq!(
                tag_of(body, from, &path),
                format!("<{tag} class=\"v related flag-error\" data-path=\"{path}\">"),
                "{from}"
            );
        }
        // The other group's cells are not marked.
        assert!(!tag_of(body, from, "appeals.litigation_after_review.total").contains("primary"));
    }
    assert!(body.contains("<div class=\"line hit\" id=\"L149\">"));
    assert!(body.contains("id=\"clear-finding\""));

    // A row named by a finding marks that row's cells.
    let row = get(&app, "/reports/1?finding=0", Some(&session.cookie)).await;
    assert!(tag_of(
        &row.body,
        "id=\"tables\"",
        "requests.denied_law.natural_person"
    )
    .contains("primary"));
    // A finding that does not exist marks nothing and fails nothing.
    for bad in ["99", "-1", "x"] {
        let answer = get(
            &app,
            &format!("/reports/1?finding={bad}"),
            Some(&session.cookie),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK);
        assert!(!answer.body.contains(" primary"));
    }
}

#[tokio::test]
async fn the_findings_list_reads_as_a_reviewer_reads_it() {
    let corpus = Corpus::of(&[HONGZE]);
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let zh = get(&app, "/reports/1", Some(&session.cookie)).await;
    insta::assert_snapshot!("hongze_2023_findings_zh", findings_text(&zh.body));
    let en = get(&app, "/reports/1?lang=en", Some(&session.cookie)).await;
    insta::assert_snapshot!("hongze_2023_findings_en", findings_text(&en.body));
}

#[tokio::test]
async fn the_report_page_speaks_english_on_request() {
    let corpus = Corpus::of(&[HONGZE]);
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let page = get(&app, "/reports/1?lang=en&finding=3", Some(&session.cookie)).await;
    let body = &page.body;
    assert!(body.contains("lang=\"en\""));
    assert!(body.contains(">The document as published<"));
    assert!(body.contains(">The three tables (official layout)<"));
    assert!(body.contains("id=\"count-errors\">errors 2<"));
    assert!(body.contains("<span class=\"badge error\">error</span>"));
    assert!(body.contains("table 4 (review and litigation), row 「行政诉讼 · 复议后起诉」, column 「总计」, printed 「0」"));
    assert!(body.contains("149:67 (page 4)"));
    // Links keep the language.
    assert!(body.contains("href=\"/rules/appeals-total?lang=en\""));
    assert!(body.contains("href=\"/reports/1?finding=2&#38;lang=en#L149\""));
    assert!(tag_of(
        body,
        "id=\"tables\"",
        "appeals.litigation_after_review.total"
    )
    .contains("primary"));
}

#[tokio::test]
async fn the_source_downloads_as_an_attachment_never_inline() {
    let corpus = Corpus::of(&[HONGZE, "html/word-2021-gb2312.html"]);
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let list = get(&app, "/reports?format=html", Some(&session.cookie)).await;
    let html_id: String = list
        .body
        .split("data-report=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let pdf_id = if html_id == "1" { "2" } else { "1" };

    let pdf = get(
        &app,
        &format!("/reports/{pdf_id}/source"),
        Some(&session.cookie),
    )
    .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(
        pdf.headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"huaian-hongze-district-2023.pdf\"; filename*=UTF-8''huaian-hongze-district-2023.pdf"
    );
    let size = std::fs::metadata(data(HONGZE)).unwrap().len();
    assert_eq!(
        pdf.headers[header::CONTENT_LENGTH],
        size.to_string().as_str()
    );
    assert!(pdf.body.starts_with("%PDF"));

    // A page of HTML is bytes to save, not a page to show.
    let html = get(
        &app,
        &format!("/reports/{html_id}/source"),
        Some(&session.cookie),
    )
    .await;
    assert_eq!(html.status, StatusCode::OK);
    assert_eq!(
        html.headers[header::CONTENT_TYPE],
        "application/octet-stream"
    );
    assert!(html.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"word-2021-gb2312.html\""));
    assert_eq!(html.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");

    // The HTML report's page shows the text a reader sees, not its markup,
    // with the printed values marked.
    let page = get(&app, &format!("/reports/{html_id}"), Some(&session.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"report-format\">html<"));
    let source = &page.body
        [page.body.find("id=\"source\"").unwrap()..page.body.find("id=\"tables\"").unwrap()];
    assert!(source.contains("data-path=\"requests.received.total\""));
    assert!(!source.contains("&lt;td"), "markup is not shown");
    assert!(source.contains("id=\"L1\""));
}

#[tokio::test]
async fn unknown_and_malformed_ids_get_a_page_with_a_message() {
    let corpus = Corpus::of(&[HONGZE]);
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let missing = get(&app, "/reports/999", Some(&session.cookie)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing.body.contains("没有编号为 999 的报告"),
        "{}",
        missing.body
    );
    let missing = get(&app, "/reports/999/source", Some(&session.cookie)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let english = get(&app, "/reports/999?lang=en", Some(&session.cookie)).await;
    assert!(english.body.contains("there is no report with id 999"));
    for bad in ["abc", "1.5", "99999999999999999999999", "%3Cscript%3E"] {
        let answer = get(&app, &format!("/reports/{bad}"), Some(&session.cookie)).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(answer.body.contains("报告编号应为数字"), "{bad}");
        assert!(!answer.body.contains("<script>"));
    }
    let rule = get(&app, "/rules/no-such-rule", Some(&session.cookie)).await;
    assert_eq!(rule.status, StatusCode::NOT_FOUND);
    assert!(rule.body.contains("没有规则「no-such-rule」"));
    let near = get(&app, "/rules/request-balance", Some(&session.cookie)).await;
    assert_eq!(near.status, StatusCode::NOT_FOUND);
    assert!(
        near.body.contains("相近的有：requests-balance"),
        "{}",
        near.body
    );
}

#[tokio::test]
async fn docx_and_html_and_text_reports_render() {
    let corpus = Corpus::of(&[
        "docx/official-template-2021-blank.docx",
        "seeds/000_60799c090932cf1e.txt",
    ]);
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let mut formats = Vec::new();
    for id in 1..=2 {
        let page = get(&app, &format!("/reports/{id}"), Some(&session.cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let format = page.body.split("id=\"report-format\">").nth(1).unwrap();
        let format = format.split('<').next().unwrap().to_string();
        assert!(page.body.contains("id=\"L1\""), "{format}: lines shown");
        assert!(page.body.contains("id=\"table-requests\""), "{format}");
        if format == "docx" {
            // The blank template: every value cell blank (—), never 0.
            assert_eq!(table_value(&page.body, "requests.received.total"), "—");
            assert!(page.body.contains("data-rule=\"no-year\""));
            assert!(
                page.body.contains("第2个表格"),
                "DOCX places as Word counts them"
            );
            assert!(!page.body.contains("w:t"), "no XML shown");
        }
        formats.push(format);
    }
    formats.sort();
    assert_eq!(formats, ["docx", "text"]);
}

#[tokio::test]
async fn the_rule_list_and_pages_come_from_the_registry() {
    let corpus = Corpus::of(&[HONGZE]);
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let list = get(&app, "/rules", Some(&session.cookie)).await;
    assert_eq!(list.status, StatusCode::OK);
    let rules = xxgk_check::rules();
    assert_eq!(list.body.matches("<tr id=\"rule-").count(), rules.len());
    assert!(list
        .body
        .contains(&format!("id=\"rule-count\">{}<", rules.len())));
    assert!(list.body.contains(
        "<tr id=\"rule-requests-balance\" data-rule=\"requests-balance\" data-severity=\"error\" data-group=\"arithmetic\">"
    ));
    assert!(list
        .body
        .contains("表三每列：新收 + 上年结转 = 总计 + 结转下年"));
    let english = get(&app, "/rules?lang=en", Some(&session.cookie)).await;
    assert!(english
        .body
        .contains("table 3, every column: received + carried in = total + carried out"));
    assert!(english
        .body
        .contains("href=\"/rules/requests-balance?lang=en\""));

    let zh = get(&app, "/rules/requests-balance", Some(&session.cookie)).await;
    assert_eq!(zh.status, StatusCode::OK);
    assert!(zh.body.contains("<h1>requests-balance</h1>"));
    assert!(zh.body.contains("<p><strong>级别</strong>：错误</p>"));
    assert!(zh.body.contains("<strong>检查</strong>：表三每一列"));
    assert!(!zh.body.contains("Checks"), "the Chinese part only");
    let en = get(
        &app,
        "/rules/requests-balance?lang=en",
        Some(&session.cookie),
    )
    .await;
    assert!(en.body.contains("<p><strong>Severity</strong>: error</p>"));
    assert!(en
        .body
        .contains("<strong>Checks</strong>: in every column of table 3"));
    assert!(en.body.contains("<code>unchecked</code>"));
    // Every rule's page renders.
    for rule in rules {
        let page = get(&app, &format!("/rules/{}", rule.id), Some(&session.cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", rule.id);
    }
    // The report page's script is served.
    let script = get(&app, "/static/report.js", None).await;
    assert_eq!(script.status, StatusCode::OK);
    assert!(script.body.contains("data-cells"));
}

#[tokio::test]
async fn a_finding_of_the_corpus_pass_is_listed_and_labelled() {
    let corpus = Corpus::of(&["rules/in-force-chain"]);
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let list = get(&app, "/reports?year=2022", Some(&session.cookie)).await;
    let id = list
        .body
        .split("data-report=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let page = get(&app, &format!("/reports/{id}"), Some(&session.cookie)).await;
    let item = page
        .body
        .split("<li class=\"finding")
        .find(|item| item.contains("data-rule=\"in-force-chain\""))
        .expect("the corpus finding is listed");
    assert!(item.contains("<span class=\"origin\""), "{item}");
    assert!(item.contains(">跨报告<"));
    assert!(item.contains(
        "表二「行政规范性文件」：现行有效 3 件，而 2021 年现行有效 0 + 本年制发 0 − 本年废止 0 = 0"
    ));
    let index = item
        .split("data-finding=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let marked = get(
        &app,
        &format!("/reports/{id}?finding={index}"),
        Some(&session.cookie),
    )
    .await;
    let first = item
        .split("data-cells=\"")
        .nth(1)
        .unwrap()
        .split([' ', '"'])
        .next()
        .unwrap();
    assert!(
        tag_of(&marked.body, "id=\"tables\"", first).contains("primary"),
        "{first}"
    );
    assert!(marked.body.contains("<div class=\"line hit\" id=\"L24\">"));
}

#[tokio::test]
async fn hostile_text_and_file_names_are_shown_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(data("seeds/000_60799c090932cf1e.txt")).unwrap();
    let (head, rest) = seed.split_at(seed.find('\n').unwrap() + 1);
    let hostile = format!(
        "{head}正文 <script>alert(1)</script><img src=x onerror=alert(2)>\u{1b}[2J\n{rest}"
    );
    let path = dir.path().join("<b>evil\"\r.txt");
    std::fs::write(&path, hostile).unwrap();
    let corpus = Corpus::of(&[path.to_str().unwrap()]);
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let page = get(&app, "/reports/1", Some(&session.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("<script>alert"));
    assert!(!page.body.contains("<img src=x"));
    assert!(!page.body.contains("<b>evil"));
    assert!(page.body.contains("id=\"report-format\">text<"));
    assert!(
        page.body
            .contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            || page.body.contains("&lt;script&gt;alert(1)")
    );
    let line = &page.body[page.body.find("id=\"L2\"").unwrap()..];
    let line = &line[..line.find("</div>").unwrap()];
    // The reader keeps a control character as a damaged place (U+FFFD).
    assert!(line.contains("\u{fffd}[2J"), "{line}");
    assert!(!page.body.contains('\u{1b}'));
    let download = get(&app, "/reports/1/source", Some(&session.cookie)).await;
    assert_eq!(download.headers[header::CONTENT_TYPE], "text/plain");
    assert_eq!(
        download.headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"<b>evil__.txt\"; filename*=UTF-8''%3Cb%3Eevil%22%0D.txt"
    );
}
