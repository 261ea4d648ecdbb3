//! Rows the official format does not foresee, and values printed without
//! separators, in the exact shapes the issue and real documents show.

mod common;

use xxgk_extract::extract_text;

/// A province adds a row to table 2: it is kept out of the model and noted.
#[test]
fn an_extra_province_row_is_left_out_and_noted() {
    let text = "二、主动公开政府信息情况\n第二十条第（一）项\t\t\t\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t2\n行政规范性文件\t3\t1\t9\n其他主动公开文件\t5\t3\t8\n三、收到和处理政府信息公开申请情况\n";
    let report = extract_text(text, "extra.txt");
    assert_eq!(
        common::cells(&report),
        "active.regulations: 0 0 2\nactive.normative_documents: 3 1 9\nrequests: none\nappeals: none\n"
    );
    let unknown: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "unknown-row")
        .collect();
    assert_eq!(unknown.len(), 1);
    assert!(
        unknown[0].message.zh.contains("其他主动公开文件"),
        "{}",
        unknown[0].message.zh
    );
    assert!(
        unknown[0].message.zh.contains("5 3 8"),
        "{}",
        unknown[0].message.zh
    );
    assert_eq!(unknown[0].span.map(|s| s.line), Some(6));
}

/// 「一、本年新收…230 000023」: digits split so that the row total holds — the
/// only consistent reading is 23, 0, 0, 0, 0, 0, 23 — with a note saying so.
#[test]
fn run_together_values_are_split_by_the_row_total() {
    let text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量230 000023\n二、上年结转政府信息公开申请数量0000000\n";
    let report = extract_text(text, "run.txt");
    assert_eq!(
        common::cells(&report),
        "active: none\nrequests.received: 23 0 0 0 0 0 23\nrequests.carried_in: 0 0 0 0 0 0 0\nappeals: none\n"
    );
    let notes: Vec<&str> = report
        .findings
        .iter()
        .map(|f| f.message.zh.as_str())
        .collect();
    assert!(
        notes
            .iter()
            .any(|m| m.contains("按表内勾稽关系拆分为 23、0、0、0、0、0、23")),
        "{notes:?}"
    );
    assert!(notes.iter().any(|m| m.contains("按位拆分")), "{notes:?}");
    // Each split value points at its own digits.
    let total = &report.cells["requests.received.total"];
    assert_eq!((total.raw.as_str(), total.span.column), ("23", 25));
}

/// When two splits both fit the arithmetic, the cells they disagree on stay null.
#[test]
fn an_ambiguous_split_keeps_only_agreed_cells() {
    // 2021 table 2 has no identity: 规章 "1 23" could be 1|2|3 only — but "1234"
    // into three columns has three readings and none is preferred.
    let text = "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章1234\n";
    let report = extract_text(text, "ambiguous.txt");
    assert_eq!(
        common::cells(&report),
        "active.regulations: - - -\nrequests: none\nappeals: none\n"
    );
    let finding = report
        .findings
        .iter()
        .find(|f| f.rule == "run-together")
        .expect("a finding");
    assert_eq!(finding.severity, xxgk_model::Severity::Warning);
    assert!(
        finding.message.zh.contains("有 3 种拆分"),
        "{}",
        finding.message.zh
    );
}
