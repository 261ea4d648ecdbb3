//! The analysis pages on real fixtures: compare, coverage, the dashboard and
//! its drill-down, the export, and the vendored ECharts. Every value the pages
//! show is checked against the library the CLI prints from.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::*;
use http_body_util::BodyExt;
use std::collections::BTreeSet;
use std::path::PathBuf;
use tower::ServiceExt;
use xxgk_corpus::compare::{compare, Found};
use xxgk_corpus::stats::{self, figures, Dimension, FigureValue};
use xxgk_model::{Lang, Number};
use xxgk_store::{Access, ReportFilter, Store};

/// The corpus database, opened for reading.
fn store(corpus: &Corpus) -> Box<dyn Store> {
    xxgk_store::open(&corpus.db.to_string_lossy(), Access::Read).unwrap()
}

/// `GET path` as `viewer`, expecting 200.
async fn page(app: &Router, session: &Session, path: &str) -> String {
    let answer = get(app, &encode(path), Some(&session.cookie)).await;
    assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
    answer.body
}

/// A path with its non-ASCII characters percent-encoded.
fn encode(path: &str) -> String {
    let mut out = String::new();
    for c in path.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The part of `html` from the element that carries `marker` to its `</tr>`.
fn row<'a>(html: &'a str, marker: &str) -> &'a str {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in the page"));
    let rest = &html[start..];
    &rest[..rest.find("</tr>").unwrap()]
}

/// The text of every `<td …>…</td>` of a row, tags removed.
fn cells(row: &str) -> Vec<String> {
    row.split("<td")
        .skip(1)
        .map(|cell| {
            let inner = &cell[cell.find('>').unwrap() + 1..];
            let inner = &inner[..inner.find("</td>").unwrap_or(inner.len())];
            text(inner)
        })
        .collect()
}

/// The value of attribute `name` on each `<td` of a row that has it.
fn attributes(row: &str, name: &str) -> Vec<String> {
    let needle = format!("{name}=\"");
    row.split("<td")
        .skip(1)
        .map(|cell| {
            let tag = &cell[..cell.find('>').unwrap()];
            tag.split(&needle)
                .nth(1)
                .map(|v| v[..v.find('"').unwrap()].to_string())
                .unwrap_or_default()
        })
        .collect()
}

/// Text with tags removed and whitespace trimmed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

#[tokio::test]
async fn compare_shows_one_body_across_years_as_the_cli_does() {
    let corpus = Corpus::of(&["rules/copied-text", "seeds"]);
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let Found::One(expected) = compare(store(&corpus).as_ref(), "古百").unwrap() else {
        panic!("古百 names one body");
    };
    assert_eq!(expected.body, "涟青区古百街道办事处");
    let html = page(&app, &session, "/compare?body=古百").await;
    assert!(html.contains("id=\"compare-title\">涟青区古百街道办事处<"));
    // Each year's column links to its report.
    let years: Vec<i32> = expected.years.iter().map(|y| y.year).collect();
    assert_eq!(years, [2020, 2021]);
    for year in &expected.years {
        assert!(
            html.contains(&format!(
                "data-report=\"{0}\"><a href=\"/reports/{0}\"",
                year.report_id
            )),
            "{}",
            year.year
        );
    }
    // Every cell, in the official order, with the library's values; a blank
    // cell is empty, never 0.
    let mut at = 0;
    for expected_row in &expected.rows {
        let marker = format!("<tr data-path=\"{}\"", expected_row.path);
        let found = html[at..].find(&marker).expect(expected_row.path) + at;
        assert!(found >= at, "{} out of order", expected_row.path);
        at = found;
        let shown: Vec<String> = cells(row(&html[found..], &marker))
            .into_iter()
            .map(|c| c.split(" (").next().unwrap().to_string())
            .collect();
        let values: Vec<String> = expected_row
            .values
            .iter()
            .map(|v| v.map(|n| n.to_string()).unwrap_or_default())
            .collect();
        assert_eq!(shown, values, "{}", expected_row.path);
    }
    // The changes the CLI prints as 1 → 4 (+3) and 10 → 8 (-2).
    let licensing = row(&html, "<tr data-path=\"active.licensing.decisions\"");
    assert_eq!(cells(licensing), ["1", "4 (+3)"]);
    assert!(licensing.contains("class=\"num increase\" data-change=\"+3\""));
    let punishment = row(&html, "<tr data-path=\"active.punishment.decisions\"");
    assert_eq!(cells(punishment), ["10", "8 (-2)"]);
    assert!(punishment.contains("class=\"num decrease\" data-change=\"-2\""));
    // Printed in 2020 only (the 2019 format's table 2): blank in 2021.
    assert_eq!(
        cells(row(
            &html,
            "<tr data-path=\"active.procurement.amount_wan\""
        )),
        ["308.29", ""]
    );
    // An unchanged cell is marked the same, with no highlighted change.
    let same = row(&html, "<tr data-path=\"requests.received.total\"");
    assert_eq!(cells(same), ["0", "0"]);
    assert!(same.contains("class=\"num same\" data-change=\"0\""));
    // Sections 一 and 五 repeated from 2020: 97% and 100%, as the CLI says.
    let repeats: Vec<(u8, String)> = expected
        .repeats
        .iter()
        .map(|r| (r.section, format!("{:.0}%", r.ratio * 100.0)))
        .collect();
    assert_eq!(repeats, [(1, "97%".into()), (5, "100%".into())]);
    let section_one = row(&html, "data-year=\"2021\" data-section=\"一\"");
    assert!(section_one.contains(">97%<"), "{section_one}");
    let section_five = row(&html, "data-year=\"2021\" data-section=\"五\"");
    assert!(section_five.contains(">100%<"), "{section_five}");

    // English.
    let english = page(&app, &session, "/compare?body=古百&lang=en").await;
    assert!(english.contains("Text repeated from the previous year"));
}

#[tokio::test]
async fn compare_lists_the_bodies_a_query_matches_and_puts_bodies_side_by_side() {
    let corpus = Corpus::of(&["rules/copied-text", "seeds"]);
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let Found::Ambiguous(names) = compare(store(&corpus).as_ref(), "岗镇").unwrap() else {
        panic!("岗镇 matches several bodies");
    };
    let html = page(&app, &session, "/compare?body=岗镇").await;
    assert!(html.contains("id=\"compare-ambiguous\""));
    for name in &names {
        let query: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("body", name)
            .finish();
        assert!(
            html.contains(&format!(
                "<a href=\"/compare?{query}\" data-body=\"{name}\">"
            )),
            "{name}"
        );
    }
    assert!(names.len() >= 2, "{names:?}");

    // Two bodies in 2020, in the order asked; a body without a 2020 report
    // is named, not shown.
    let html = page(
        &app,
        &session,
        "/compare?year=2020&body=古百&body=王岗镇人民政府&body=渠县宝城镇人民政府",
    )
    .await;
    let gubai = html.find(">涟青区古百街道办事处</a>").unwrap();
    let wanggang = html.find(">王岗镇人民政府</a>").unwrap();
    assert!(gubai < wanggang);
    assert!(html.contains("渠县宝城镇人民政府：没有 2020 年度的报告"));
    let store = store(&corpus);
    let value = |body: &str, path: &str| -> String {
        let Found::One(c) = compare(store.as_ref(), body).unwrap() else {
            panic!("{body}")
        };
        let column = c.years.iter().position(|y| y.year == 2020).unwrap();
        c.rows
            .iter()
            .find(|r| r.path == path)
            .and_then(|r| r.values[column])
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    for path in ["requests.received.total", "active.licensing.decisions"] {
        let shown = cells(row(&html, &format!("<tr data-path=\"{path}\"")));
        assert_eq!(
            shown,
            [value("古百", path), value("王岗镇人民政府", path)],
            "{path}"
        );
    }
    // A differing cell is marked.
    let received = row(&html, "<tr data-path=\"requests.received.total\"");
    let (a, b) = (
        value("古百", "requests.received.total"),
        value("王岗镇人民政府", "requests.received.total"),
    );
    assert_eq!(received.contains("class=\"differs\""), a != b);

    // Several bodies need a year; a year must be a year.
    let answer = get(
        &app,
        &encode("/compare?body=古百&body=王岗镇"),
        Some(&session.cookie),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.body.contains("须指定年度"));
    let answer = get(&app, "/compare?body=x&year=abc", Some(&session.cookie)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
}

/// A corpus of the seeds, an agency list, and a file that cannot be read
/// whose name names 淮安市清江浦区人民政府 and 2020.
fn corpus_with_agencies() -> (Corpus, PathBuf) {
    let corpus = Corpus::of(&["seeds"]);
    let folder = corpus.dir.path().join("in");
    std::fs::create_dir(&folder).unwrap();
    let bad = folder.join("淮安市清江浦区人民政府2020年度报告.docx");
    std::fs::write(&bad, b"PK\x03\x04 this is not a word document").unwrap();
    let db = corpus.db.to_string_lossy().into_owned();
    let mut store = xxgk_store::open(&db, Access::Write).unwrap();
    let list = std::fs::read(data("corpus/agencies.csv")).unwrap();
    let agencies = xxgk_corpus::agencies::parse(&list, "agencies.csv").unwrap();
    store.set_agencies(&agencies).unwrap();
    let inputs = xxgk_inputs::expand(std::slice::from_ref(&folder));
    xxgk_corpus::ingest::ingest(
        store.as_mut(),
        &inputs,
        &xxgk_corpus::ingest::Options::default(),
        |_, _| {},
    )
    .unwrap();
    xxgk_corpus::cross::run(store.as_mut(), &xxgk_check::Selection::default()).unwrap();
    (corpus, bad)
}

#[tokio::test]
async fn coverage_names_the_missing_bodies_and_why() {
    let (corpus, bad) = corpus_with_agencies();
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let store = store(&corpus);
    assert_eq!(
        store.failures().unwrap().len(),
        1,
        "the bad file is stored as a failure"
    );
    let expected = xxgk_corpus::coverage::coverage(store.as_ref(), 2020)
        .unwrap()
        .unwrap();
    assert_eq!(
        (expected.listed, expected.covered, expected.missing.len()),
        (5, 1, 4)
    );
    // The latest year of the seeds is 2020: the default.
    let html = page(&app, &session, "/coverage").await;
    for (id, value) in [
        ("coverage-listed", expected.listed),
        ("coverage-covered", expected.covered),
        ("coverage-missing", expected.missing.len()),
        ("coverage-unlisted", expected.unlisted_reports),
    ] {
        assert!(
            html.contains(&format!("id=\"{id}\" data-value=\"{value}\"")),
            "{id} = {value}"
        );
    }
    assert_eq!(expected.unlisted_reports, 3);
    for agency in &expected.missing {
        assert!(
            html.contains(&format!("<tr data-body=\"{}\"", agency.name)),
            "{}",
            agency.name
        );
    }
    assert!(
        !html.contains("<tr data-body=\"王岗镇人民政府\""),
        "王岗镇 has a report"
    );
    let qingjiangpu = row(&html, "<tr data-body=\"淮安市清江浦区人民政府\"");
    assert!(qingjiangpu.contains("data-reason=\"unreadable\""));
    let file = bad.to_string_lossy();
    assert!(
        qingjiangpu.contains(&format!("文件无法读取：{file}")),
        "{qingjiangpu}"
    );
    for body in [
        "淮安市人民政府",
        "淮安市洪泽区人民政府",
        "淮安市洪泽区交通运输局",
    ] {
        let line = row(&html, &format!("<tr data-body=\"{body}\""));
        assert!(line.contains("data-reason=\"not-found\""), "{body}");
        assert!(line.contains("未找到"), "{body}");
    }
    // 2021: the file names 2020, so it is nobody's for 2021.
    let html = page(&app, &session, "/coverage?year=2021").await;
    assert!(!html.contains("data-reason=\"unreadable\""));
    assert!(html.contains("id=\"coverage-missing\" data-value=\"5\""));
    let english = page(&app, &session, "/coverage?lang=en").await;
    assert!(english.contains("file cannot be read: "));
    let answer = get(&app, "/coverage?year=20x", Some(&session.cookie)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn coverage_without_an_agency_list_says_how_to_add_one() {
    let corpus = Corpus::of(&["seeds"]);
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let html = page(&app, &session, "/coverage").await;
    assert!(html.contains("id=\"coverage-no-list\""));
    assert!(html.contains("xxgk ingest --agencies"));
}

/// The `data-value` of figure `key` in column `column` of table `table`.
fn figure_value(html: &str, table: &str, key: &str, column: &str) -> (String, String) {
    let start = html.find(&format!("id=\"figures-{table}\"")).unwrap();
    let table_html = &html[start..start + html[start..].find("</table>").unwrap()];
    let header = &table_html[..table_html.find("</thead>").unwrap()];
    let keys: Vec<&str> = header
        .split("data-key=\"")
        .skip(1)
        .map(|k| &k[..k.find('"').unwrap()])
        .collect();
    let index = keys
        .iter()
        .position(|k| *k == column)
        .unwrap_or_else(|| panic!("no column {column} in {keys:?}"));
    let line = row(table_html, &format!("<tr data-figure=\"{key}\""));
    (
        attributes(line, "data-value")[index].clone(),
        attributes(line, "data-reports")[index].clone(),
    )
}

/// A figure as the dashboard writes it in `data-value`, and the reports it covers.
fn expected_value(group: &stats::Group, key: &str) -> (String, String) {
    match group.figure(key).unwrap() {
        FigureValue::Sum(t) if t.reports > 0 => (t.sum.to_string(), t.reports.to_string()),
        FigureValue::Sum(_) => (String::new(), "0".into()),
        FigureValue::Rate(r) => (
            r.value.map(|v| v.to_string()).unwrap_or_default(),
            r.denominator.reports.to_string(),
        ),
    }
}

#[tokio::test]
async fn dashboard_figures_are_the_stats_of_the_library_and_drill_down_to_their_cells() {
    let corpus = Corpus::of(&["rules/copied-text", "rules/in-force-chain", "seeds"]);
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let store = store(&corpus);
    let by_year = stats::stats(store.as_ref(), &[Dimension::Year], Lang::Zh).unwrap();
    let all = stats::stats(store.as_ref(), &[], Lang::Zh)
        .unwrap()
        .remove(0);
    let html = page(&app, &session, "/dashboard").await;
    assert!(html.contains(&format!(
        "id=\"dashboard-reports\" data-value=\"{}\"",
        all.reports
    )));
    for figure in figures() {
        for group in &by_year {
            assert_eq!(
                figure_value(&html, "by-year", &figure.key, &group.key[0]),
                expected_value(group, &figure.key),
                "{} {}",
                figure.key,
                group.key[0]
            );
        }
        assert_eq!(
            figure_value(&html, "by-year", &figure.key, "all"),
            expected_value(&all, &figure.key),
            "{}",
            figure.key
        );
        // Its definition stands beside it.
        assert!(html.contains(&format!(
            "<td class=\"definition small\">{}</td>",
            figure.definition_zh
        )));
    }
    // Exact values of this corpus, as `xxgk stats --by year` prints them.
    assert_eq!(
        figure_value(&html, "by-year", "received", "2020"),
        ("10".into(), "5".into())
    );
    assert_eq!(
        figure_value(&html, "by-year", "disclosure_rate", "2020"),
        ((5.0f64 / 10.0).to_string(), "3".into())
    );
    assert_eq!(
        figure_value(&html, "by-year", "fees", "2021"),
        ("36.56".into(), "2".into())
    );
    // The chart data.
    assert!(html.contains("<script type=\"application/json\" id=\"dashboard-data\">{"));
    assert!(html.contains("<script src=\"/static/echarts.min.js\"></script>"));

    // The drill-down: each report's part, and their sum is the figure.
    for (figure, year) in [
        ("received", "2020"),
        ("outcome.denied", "2020"),
        ("outcome.unavailable", "2020"),
        ("fees", "2021"),
        ("litigation.total", "2022"),
        ("disclosure_rate", "2020"),
    ] {
        let group = by_year.iter().find(|g| g.key[0] == year).unwrap();
        let drill = page(
            &app,
            &session,
            &format!("/dashboard/cells?figure={figure}&year={year}"),
        )
        .await;
        let list = &drill[drill.find("id=\"cells-list\"").unwrap()..];
        let list = &list[..list.find("</tbody>").unwrap()];
        let parts: Vec<Number> = list
            .split("data-part=\"")
            .skip(1)
            .map(|p| Number::parse(&p[..p.find('"').unwrap()]).unwrap())
            .collect();
        let sum = parts
            .iter()
            .fold(Number::new(0, 0), |a, b| a.checked_add(*b).unwrap());
        match group.figure(figure).unwrap() {
            FigureValue::Sum(t) => {
                assert_eq!(parts.len(), t.reports, "{figure}");
                assert_eq!(sum, t.sum, "{figure}");
            }
            FigureValue::Rate(r) => {
                assert_eq!(parts.len(), r.numerator.reports);
                assert_eq!(sum, r.numerator.sum);
                let denominators = list
                    .split("data-denominator=\"")
                    .skip(1)
                    .map(|p| Number::parse(&p[..p.find('"').unwrap()]).unwrap())
                    .fold(Number::new(0, 0), |a, b| a.checked_add(b).unwrap());
                assert_eq!(denominators, r.denominator.sum);
            }
        }
        assert!(drill.contains(&format!("data-sum=\"{sum}\"")), "{figure}");
        // Each report links to its page.
        for id in list.split("<tr data-report=\"").skip(1) {
            let id = &id[..id.find('"').unwrap()];
            assert!(list.contains(&format!("href=\"/reports/{id}\"")));
        }
    }
    let drill = page(&app, &session, "/dashboard/cells?figure=fees&year=2021").await;
    assert!(drill.contains("data-sum=\"36.56\""));
    // By the cell a figure sums.
    let drill = page(
        &app,
        &session,
        "/dashboard/cells?path=requests.received.total&year=2020",
    )
    .await;
    assert!(drill.contains("data-figure=\"received\""));
    assert!(drill.contains("data-sum=\"10\""));

    // Filters: a level admits only its reports.
    let html = page(&app, &session, "/dashboard?level=乡级").await;
    let reports = stats::report_figures(store.as_ref(), Lang::Zh)
        .unwrap()
        .into_iter()
        .filter(|r| r.level == "乡级")
        .collect::<Vec<_>>();
    let expected = stats::group(&reports, &[]).remove(0);
    assert_eq!(
        figure_value(&html, "by-year", "received", "all"),
        expected_value(&expected, "received")
    );
    // Bad input is a 400.
    let answer = get(
        &app,
        "/dashboard/cells?figure=nothing",
        Some(&session.cookie),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.body.contains("没有统计项"));
    let answer = get(&app, "/dashboard?year=soon", Some(&session.cookie)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let english = page(&app, &session, "/dashboard?lang=en").await;
    // A figure's name heads its row with a capital, and its drill-down.
    assert!(english.contains(">Disclosure rate</th>"));
    assert!(english.contains(">Requests received</th>"));
    // A count of one takes the singular (`Ui::unit`).
    assert!(!english.contains(">1 reports<"), "{english}");
    let drill = page(&app, &session, "/dashboard/cells?figure=received&lang=en").await;
    assert!(drill.contains("<title>Requests received"), "{drill}");
    let chinese = page(&app, &session, "/dashboard/cells?figure=received").await;
    assert!(chinese.contains("<title>新收申请"));
}

/// The report ids of the table `id` of a drill-down, in order.
fn listed(html: &str, id: &str) -> Vec<String> {
    let Some(start) = html.find(&format!("id=\"{id}\"")) else {
        return Vec::new();
    };
    let table = &html[start..];
    let table = &table[..table.find("</tbody>").unwrap()];
    table
        .split("<tr data-report=\"")
        .skip(1)
        .map(|r| r[..r.find('"').unwrap()].to_string())
        .collect()
}

/// The target of the link `id`, unescaped; `None` when there is none.
fn link(html: &str, id: &str) -> Option<String> {
    let tag = &html[html.find(&format!("id=\"{id}\""))?..];
    let tag = &html[..html.len() - tag.len()];
    let href = &tag[tag.rfind("href=\"")? + 6..];
    Some(href[..href.find('"').unwrap()].replace("&#38;", "&"))
}

/// Every page of one list of a drill-down, from `first`, following its
/// "next" links: the ids listed, and how many pages there were.
async fn walk(
    app: &Router,
    session: &Session,
    first: &str,
    list: &str,
    next: &str,
) -> (Vec<String>, usize) {
    let (mut ids, mut pages, mut at) = (Vec::new(), 0, Some(first.to_string()));
    while let Some(path) = at {
        let html = page(app, session, &path).await;
        let shown = listed(&html, list);
        assert!(shown.len() <= 2, "{path}: {} rows", shown.len());
        // The figure's total is the whole selection's on every page.
        assert!(html.contains("data-sum=\"71.3\""), "{path}");
        ids.extend(shown);
        pages += 1;
        at = link(&html, next);
    }
    (ids, pages)
}

#[tokio::test]
async fn a_drill_down_lists_its_reports_page_by_page() {
    let corpus = Corpus::of(&["rules/copied-text", "rules/in-force-chain", "seeds"]);
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let whole = page(&app, &session, "/dashboard/cells?figure=fees").await;
    let counted = listed(&whole, "cells-list");
    let left_out = listed(&whole, "cells-left-out");
    // Exact figures of this corpus: 3 reports print the fees (2021 format),
    // 6 do not; each is listed once.
    assert_eq!((counted.len(), left_out.len()), (3, 6));
    assert!(whole.contains("data-sum=\"71.3\""));
    assert!(whole.contains("id=\"cells-counted\" data-value=\"3\""));
    assert!(!whole.contains("id=\"cells-pager\""));
    let first = "/dashboard/cells?figure=fees&per_page=2";
    let (paged, pages) = walk(&app, &session, first, "cells-list", "cells-next").await;
    assert_eq!((paged, pages), (counted.clone(), 2));
    let (paged, pages) = walk(&app, &session, first, "cells-left-out", "left-out-next").await;
    assert_eq!((paged, pages), (left_out.clone(), 3));
    // Going back from the last page; a page past the end is the last.
    let last = page(
        &app,
        &session,
        "/dashboard/cells?figure=fees&per_page=2&page=99",
    )
    .await;
    assert_eq!(listed(&last, "cells-list"), counted[2..]);
    assert!(last.contains("第 3–3 份，共 3 份 · 2 / 2"), "{last}");
    let english = page(
        &app,
        &session,
        "/dashboard/cells?figure=fees&per_page=2&page=99&lang=en",
    )
    .await;
    assert!(
        english.contains("Reports 3–3 of 3 · page 2 of 2"),
        "{english}"
    );
    let back = link(&last, "cells-previous").unwrap();
    assert!(back.contains("page=1&left_page=1&per_page=2"), "{back}");
    let before = page(&app, &session, &back).await;
    assert_eq!(listed(&before, "cells-list"), counted[..2]);
    // A filter is kept from page to page.
    let filtered = page(
        &app,
        &session,
        "/dashboard/cells?figure=fees&year=2021&per_page=1",
    )
    .await;
    assert!(filtered.contains("data-sum=\"36.56\""));
    let next = link(&filtered, "cells-next").unwrap();
    assert!(
        next.starts_with("/dashboard/cells?year=2021&figure=fees&page=2"),
        "{next}"
    );
}

/// The column keys of the dashboard's table `id`.
fn columns(html: &str, id: &str) -> Vec<String> {
    let table = &html[html.find(&format!("id=\"figures-{id}\"")).unwrap()..];
    let head = &table[..table.find("</thead>").unwrap()];
    head.split("data-key=\"")
        .skip(1)
        .map(|k| k[..k.find('"').unwrap()].to_string())
        .collect()
}

#[tokio::test]
async fn the_table_by_region_shows_one_level_at_a_time() {
    let corpus = Corpus::of(&["seeds"]);
    {
        // The seeds' bodies in nested regions; 宁夏's government has no report.
        let mut store = xxgk_store::open(&corpus.db.to_string_lossy(), Access::Write).unwrap();
        let agency = |name: &str, region: &str| xxgk_store::Agency {
            name: name.into(),
            region: Some(region.into()),
            level: None,
            parent: None,
            sums: None,
        };
        store
            .set_agencies(&[
                agency("宁夏回族自治区人民政府", "宁夏回族自治区"),
                agency("兴庆区通贵乡", "宁夏回族自治区银川市兴庆区"),
                agency("青铜峡市邵岗镇", "宁夏回族自治区吴忠市青铜峡市"),
                agency("夏邑县火店镇人民政府", "河南省商丘市夏邑县"),
                agency("渠县宝城镇人民政府", "四川省达州市渠县"),
                agency("王岗镇人民政府", "江苏省淮安市洪泽区"),
            ])
            .unwrap();
        xxgk_corpus::cross::run(store.as_mut(), &xxgk_check::Selection::default()).unwrap();
    }
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let top = page(&app, &session, "/dashboard").await;
    assert_eq!(
        columns(&top, "by-region"),
        [
            "四川省达州市渠县",
            "宁夏回族自治区",
            "江苏省淮安市洪泽区",
            "河南省商丘市夏邑县",
            "all"
        ]
    );
    // 宁夏 holds its two bodies' reports: 兴庆区 (2020) and 青铜峡 (2020).
    let (_, reports) = figure_value(&top, "by-region", "received", "宁夏回族自治区");
    assert_eq!(reports, "2");
    let within = page(&app, &session, "/dashboard?region=宁夏回族自治区").await;
    assert_eq!(
        columns(&within, "by-region"),
        [
            "宁夏回族自治区吴忠市青铜峡市",
            "宁夏回族自治区银川市兴庆区",
            "all"
        ]
    );
    // Every column drills down to the reports it sums.
    for (html, region) in [
        (&top, "宁夏回族自治区"),
        (&top, "江苏省淮安市洪泽区"),
        (&within, "宁夏回族自治区银川市兴庆区"),
    ] {
        let (value, reports) = figure_value(html, "by-region", "received", region);
        let drill = page(
            &app,
            &session,
            &format!("/dashboard/cells?region={region}&figure=received"),
        )
        .await;
        assert!(drill.contains(&format!("data-sum=\"{value}\"")), "{region}");
        assert_eq!(
            listed(&drill, "cells-list").len().to_string(),
            reports,
            "{region}"
        );
    }
    // A region's own reports (本级) are a column beside its sub-regions',
    // and drill down to those alone.
    let county = page(
        &app,
        &session,
        "/dashboard?region=宁夏回族自治区银川市兴庆区",
    )
    .await;
    assert_eq!(
        columns(&county, "by-region"),
        ["宁夏回族自治区银川市兴庆区", "all"]
    );
    assert!(county.contains("宁夏回族自治区银川市兴庆区（本级）"));
    assert!(county.contains("own=1"));
    let own = page(
        &app,
        &session,
        "/dashboard/cells?region=宁夏回族自治区&own=1&figure=received",
    )
    .await;
    assert!(listed(&own, "cells-list").is_empty());
    let own = page(
        &app,
        &session,
        "/dashboard/cells?region=宁夏回族自治区银川市兴庆区&own=1&figure=received",
    )
    .await;
    assert_eq!(listed(&own, "cells-list").len(), 1);
    // The region filter offers the listed regions, reports or not.
    assert!(top.contains("<option>宁夏回族自治区</option>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_sums_are_kept_current_in_the_background() {
    let corpus = Corpus::of(&["seeds"]);
    let state =
        std::sync::Arc::new(xxgk_web::AppState::open(xxgk_web::Config::new(&corpus.db)).unwrap());
    let generation = store(&corpus).generation().unwrap();
    assert!(!state.cube_is_of(generation));
    let keeper = tokio::spawn(
        std::sync::Arc::clone(&state).keep_cube_current(std::time::Duration::from_millis(20)),
    );
    // The data stays the same for two looks: the sums are made.
    let mut waited = 0;
    while !state.cube_is_of(generation) {
        assert!(waited < 500, "the sums were not made in 10 s");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        waited += 1;
    }
    keeper.abort();
}

/// `GET path` as `session`, the body as bytes.
async fn bytes(
    app: &Router,
    session: &Session,
    path: &str,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response = app
        .clone()
        .oneshot(
            Request::get(encode(path))
                .header(header::COOKIE, &session.cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, body.to_vec())
}

#[tokio::test]
async fn an_export_holds_exactly_the_filtered_reports() {
    let corpus = Corpus::of(&["rules/copied-text", "seeds"]);
    let app = corpus.app();
    let session = login(&app, "viewer").await;
    let store = store(&corpus);
    let filter = ReportFilter {
        year: Some(2020),
        ..ReportFilter::default()
    };
    let expected: BTreeSet<i64> = store
        .report_page(&filter, 0, u64::MAX)
        .unwrap()
        .rows
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(expected.len(), 5);

    let (status, headers, body) = bytes(&app, &session, "/export?year=2020&to=xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"xxgk-__-2020.xlsx\"; filename*=UTF-8''xxgk-%E6%8A%A5%E5%91%8A-2020.xlsx"
    );
    use calamine::Reader;
    let mut workbook = calamine::Xlsx::new(std::io::Cursor::new(body)).unwrap();
    let sheet = workbook
        .worksheet_range(xxgk_export::REPORTS_SHEET)
        .unwrap();
    let mut rows = sheet.rows();
    assert_eq!(rows.next().unwrap()[0].to_string(), "报告编号");
    let exported: BTreeSet<i64> = rows.map(|r| r[0].to_string().parse().unwrap()).collect();
    assert_eq!(exported, expected);

    // CSV: the long form, every cell of the same reports.
    let (status, headers, body) = bytes(&app, &session, "/export?year=2020&to=csv").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    let text = String::from_utf8(body).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let ids: BTreeSet<i64> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(ids, expected);
    let cells: usize = expected
        .iter()
        .map(|id| store.load(*id).unwrap().cell_values().len())
        .sum();
    assert_eq!(text.lines().count() - 1, cells);

    // The findings workbook of the selection.
    let (status, _, body) = bytes(&app, &session, "/export?year=2020&to=findings-xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.starts_with(b"PK"));

    // Without `to`, the choices; Parquet is refused by this build; an unknown
    // format is a 400.
    let html = page(&app, &session, "/export?year=2020").await;
    assert!(html.contains("id=\"export-total\" data-value=\"5\""));
    assert!(html.contains("href=\"/export?year=2020&#38;to=xlsx\""));
    let (status, _, body) = bytes(&app, &session, "/export?year=2020&to=parquet").await;
    if cfg!(feature = "parquet") {
        // The year partitions of `xxgk export --to parquet`, in a ZIP archive.
        assert_eq!(status, StatusCode::OK);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(body)).unwrap();
        let names: Vec<String> = archive.file_names().map(str::to_string).collect();
        assert!(
            !names.is_empty()
                && names
                    .iter()
                    .all(|n| n.starts_with("year=2020/") && n.ends_with(".parquet")),
            "{names:?}"
        );
        let mut first = archive.by_index(0).unwrap();
        let mut magic = [0u8; 4];
        std::io::Read::read_exact(&mut first, &mut magic).unwrap();
        assert_eq!(&magic, b"PAR1");
    } else {
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(String::from_utf8_lossy(&body).contains("没有 Parquet 导出"));
    }
    let (status, _, _) = bytes(&app, &session, "/export?to=pdf").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_vendored_echarts_and_the_dashboard_script_are_served() {
    let corpus = Corpus::of(&["seeds"]);
    let app = corpus.app();
    for (name, size) in [
        (
            "echarts.min.js",
            include_bytes!("../assets/vendor/echarts.min.js").len(),
        ),
        (
            "dashboard.js",
            include_bytes!("../assets/dashboard.js").len(),
        ),
    ] {
        let response = app
            .clone()
            .oneshot(
                Request::get(format!("/static/{name}"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/javascript; charset=utf-8"
        );
        let body = response.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(body.len(), size, "{name}");
    }
}
