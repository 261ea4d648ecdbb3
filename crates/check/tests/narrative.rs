//! The narrative-* rules: each on a made-up sentence that breaks it and one that
//! does not, and on every real report, where only seed 000's 64 件 is a real
//! contradiction.
//!
//! The made-up reports are seed 004 (tables known and balanced: received 10,
//! granted 2, partly granted 3, unavailable 5, total 10; review 1 upheld + 1
//! corrected, litigation after review 1 upheld) with its request sentence
//! replaced, so every sentence is read in a real report's layout.

use xxgk_check::{check, Selection};
use xxgk_model::{Finding, Report};

fn data(path: &str) -> String {
    format!("{}/../../tests/data/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn extract(path: &str) -> Report {
    let bytes = std::fs::read(data(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    xxgk_extract::extract_bytes(&bytes, path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const SEED_004: &str = "seeds/004_ca48803eb8e502d4.txt";
const SEED_004_SENTENCE: &str =
    "2020年，王岗镇人民政府接收邮寄信息公开申请3个，区转办信息公开申请7个。";

/// Seed 004 with its request sentence replaced by `prose`, and `edits`
/// (whole-line replacements) applied.
fn made_up(prose: &str, edits: &[(&str, &str)]) -> Report {
    let mut text = std::fs::read_to_string(data(SEED_004)).expect("seed 004");
    assert!(text.contains(SEED_004_SENTENCE));
    text = text.replace(SEED_004_SENTENCE, prose);
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    xxgk_extract::extract_text(&text, "made-up.md")
}

/// Seed 004 with 2 requests carried in (granted 4, total 12), still balanced.
fn with_carry_in(prose: &str) -> Report {
    made_up(
        prose,
        &[
            (
                "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t",
                "二、上年结转政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2\t",
            ),
            (
                "(一) 予以公开\t2\t0\t0\t0\t0\t0\t2\t",
                "(一) 予以公开\t4\t0\t0\t0\t0\t0\t4\t",
            ),
            (
                "\t(七) 总计\t10\t0\t0\t0\t0\t0\t10\t",
                "\t(七) 总计\t12\t0\t0\t0\t0\t0\t12\t",
            ),
        ],
    )
}

fn only(rule: &str, report: &Report) -> Vec<Finding> {
    let selection = Selection {
        select: vec![rule.into()],
        ..Default::default()
    };
    check(report, &selection)
}

/// The Chinese messages of `rule` on `report`.
fn messages(rule: &str, report: &Report) -> Vec<String> {
    only(rule, report)
        .into_iter()
        .map(|f| f.message.zh)
        .collect()
}

fn none(rule: &str, prose: &str) {
    let report = made_up(prose, &[]);
    assert_eq!(
        messages(rule, &report),
        Vec::<String>::new(),
        "{prose}\n{:#?}",
        report.narrative
    );
}

fn one(rule: &str, prose: &str, expected: &str) -> Finding {
    let report = made_up(prose, &[]);
    let findings = only(rule, &report);
    assert_eq!(
        findings
            .iter()
            .map(|f| f.message.zh.as_str())
            .collect::<Vec<_>>(),
        [expected],
        "{prose}\n{:#?}",
        report.narrative
    );
    findings.into_iter().next().expect("one")
}

// ------------------------------------------------------------ real reports

#[test]
fn seed_000_says_64_requests_while_table_3_says_0() {
    let report = extract("seeds/000_60799c090932cf1e.txt");
    let findings = only("narrative-*", &report);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(f.rule, "narrative-requests");
    assert_eq!(f.severity.as_str(), "warning");
    assert_eq!(f.message.zh, "正文称收到申请 64 件，表三本年新收总计为 0");
    assert_eq!(
        f.message.en,
        "the text says 64 requests were received, but table 3 gives 0 received this year"
    );
    assert_eq!(f.cells, ["requests.received.total"]);
    let span = f.span.expect("a position");
    let original = std::fs::read_to_string(data(&report.source.file)).expect("fixture");
    assert_eq!(&original[span.start..span.end], "64");
    assert_eq!((span.line, span.column), (42, 16));
    assert_eq!(f.notes.len(), 1);
    assert!(f.notes[0]
        .zh
        .starts_with("原文：「年内共收到政府信息依申请公开 64 件，"));
}

#[test]
fn no_other_real_report_contradicts_its_tables() {
    for path in [
        "seeds/001_45d6ed1fafd8548f.txt",
        "seeds/002_0b1325ff460d94b6.txt",
        "seeds/003_896bea92d5be09c0.txt",
        "seeds/004_ca48803eb8e502d4.txt",
        // 受理 3119 = 新收 3119; 答复 3050 = （七）; 上年结转 34; 顺延 103; 复议 351; 诉讼 46.
        "layout/huaian-city-2024.pdftotext-layout.txt",
        // 全区受理 21 = 新收 21.
        "layout/huaian-hongze-district-2023.pdftotext-layout.txt",
        // 区政府办 … 受理 17 件 is the office's share of the district's 95: a part.
        "layout/huaian-hongze-district-2024.pdftotext-layout.txt",
    ] {
        let report = extract(path);
        let findings = only("narrative-*", &report);
        assert!(findings.is_empty(), "{path}: {findings:#?}");
    }
}

// ------------------------------------------------------- narrative-requests

#[test]
fn requests_received_differs() {
    let f = one(
        "narrative-requests",
        "2020年，我镇共收到政府信息公开申请12件。",
        "正文称收到申请 12 件，表三本年新收总计为 10",
    );
    assert_eq!(f.cells, ["requests.received.total"]);
}

#[test]
fn requests_received_matches() {
    none(
        "narrative-requests",
        "2020年，我镇共收到政府信息公开申请10件，办结10件，无结转下年度办理的申请。",
    );
}

#[test]
fn requests_in_chinese_numerals() {
    one(
        "narrative-requests",
        "全年共受理政府信息公开申请十二件。",
        "正文称收到申请 12 件，表三本年新收总计为 10",
    );
    none("narrative-requests", "全年共受理政府信息公开申请十件。");
}

#[test]
fn requests_none_received_but_table_has_ten() {
    let f = one(
        "narrative-requests",
        "依申请公开办理情况：未收到依申请公开。",
        "正文称收到申请 0 件，表三本年新收总计为 10",
    );
    assert!(f.notes[0].zh.contains("未收到依申请公开"));
}

#[test]
fn requests_concluded_and_carried_over_differ() {
    one(
        "narrative-requests",
        "全年共受理政府信息公开申请10件，办结8件。",
        "正文称答复（办结）申请 8 件，表三「（七）总计」为 10",
    );
    one(
        "narrative-requests",
        "全年共受理政府信息公开申请10件，另有2件顺延至下年度办理。",
        "正文称结转下年度（顺延）申请 2 件，表三「四、结转下年度继续办理」总计为 0",
    );
}

#[test]
fn requests_of_a_part_are_not_compared() {
    none(
        "narrative-requests",
        "2020年，镇党政办代表镇政府受理政府信息公开申请3件，各村受理政府信息公开申请5件。",
    );
    none(
        "narrative-requests",
        "2020年，王岗镇人民政府接收邮寄信息公开申请3个，区转办信息公开申请4个。",
    );
}

#[test]
fn requests_including_carry_over() {
    // 新收 10 + 上年结转 2 = 12.
    for prose in [
        "全年共受理政府信息公开申请12件（含上年结转2件），均已办结。",
        "全年共受理政府信息公开申请10件，上年结转2件，办结12件。",
        // 受理 is often used for everything handled in the year.
        "全年共受理政府信息公开申请12件，均已办结。",
    ] {
        let report = with_carry_in(prose);
        assert_eq!(
            messages("narrative-requests", &report),
            Vec::<String>::new(),
            "{prose}"
        );
    }
    let report = with_carry_in("全年共受理政府信息公开申请15件（含上年结转2件）。");
    let findings = only("narrative-requests", &report);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(
        findings[0].message.zh,
        "正文称收到申请 15 件（含上年结转），表三本年新收 10 + 上年结转 2 = 12"
    );
    assert_eq!(
        findings[0].cells,
        ["requests.received.total", "requests.carried_in.total"]
    );
}

// ------------------------------------------------------- narrative-outcomes

#[test]
fn outcomes_differ() {
    let f = one(
        "narrative-outcomes",
        "全年共受理政府信息公开申请10件，其中予以公开3件。",
        "正文称予以公开 3 件，表三「（一）予以公开」总计为 2",
    );
    assert_eq!(f.cells, ["requests.granted.total"]);
    let f = one(
        "narrative-outcomes",
        "全年共受理政府信息公开申请10件，予以公开及部分公开6件。",
        "正文称予以公开及部分公开 6 件，表三予以公开及部分公开各行总计之和为 5",
    );
    assert_eq!(
        f.cells,
        ["requests.granted.total", "requests.partially_granted.total"]
    );
    one(
        "narrative-outcomes",
        "全年共受理政府信息公开申请10件，不予公开1件。",
        "正文称不予公开 1 件，表三不予公开各行总计之和为 0",
    );
}

#[test]
fn outcomes_match() {
    none(
        "narrative-outcomes",
        "全年共受理政府信息公开申请10件，其中予以公开2件，部分公开3件，无法提供5件，不予处理0件。",
    );
}

#[test]
fn outcome_shares() {
    // 2 of 10 is exactly 20 %; 5 of 10 is 50 %.
    none(
        "narrative-outcomes",
        "全年共受理政府信息公开申请10件，予以公开2件（占20%），无法提供5件，占比50.0%。",
    );
    one(
        "narrative-outcomes",
        "全年共受理政府信息公开申请10件，予以公开2件，占25%。",
        "正文称予以公开 2 件占 25%，按表三（七）总计 10 计算应为 20.0%",
    );
    one(
        "narrative-outcomes",
        "全年共受理政府信息公开申请10件，予以公开2件，占21%。",
        "正文称予以公开 2 件占 21%，按表三（七）总计 10 计算应为 20.0%",
    );
}

// -------------------------------------------------------- narrative-appeals

#[test]
fn appeal_counts() {
    // Table 4: review total 2; litigation 0 + 1.
    none(
        "narrative-appeals",
        "全年被申请行政复议2件，被提起行政诉讼1件。",
    );
    let f = one(
        "narrative-appeals",
        "全年被申请行政复议3件。",
        "正文称行政复议 3 件，表四行政复议总计为 2",
    );
    assert_eq!(f.cells, ["appeals.review.total"]);
    let f = one(
        "narrative-appeals",
        "全年被提起行政诉讼2起。",
        "正文称行政诉讼 2 件，表四行政诉讼总计为 1（0 + 1）",
    );
    assert_eq!(
        f.cells,
        [
            "appeals.litigation_direct.total",
            "appeals.litigation_after_review.total"
        ]
    );
}

#[test]
fn all_upheld() {
    // Review: 1 upheld, 1 corrected.
    let f = one(
        "narrative-appeals",
        "全年被申请行政复议2件，均获维持。",
        "正文称行政复议均获维持，表四「行政复议」结果纠正 1",
    );
    assert_eq!(f.cells, ["appeals.review.corrected"]);
    // Litigation: 1 upheld.
    none("narrative-appeals", "全年被提起行政诉讼1件，均获维持。");
    // A subset, and concluded cases only: no claim about all cases.
    none(
        "narrative-appeals",
        "全年被申请行政复议2件，其中1件均获维持。",
    );
    none(
        "narrative-appeals",
        "全年被申请行政复议2件，已审结的均获维持。",
    );
}

#[test]
fn none_corrected_and_no_appeals() {
    none("narrative-appeals", "全年行政诉讼零败诉。");
    one(
        "narrative-appeals",
        "全年行政复议无被纠错案件。",
        "正文称行政复议无被纠错，表四「行政复议」结果纠正 1",
    );
    let f = one(
        "narrative-appeals",
        "全年未发生因政府信息公开引起的行政复议和行政诉讼。",
        "正文称未发生行政复议、行政诉讼，表四「行政复议」结果维持 1、「行政复议」结果纠正 1、「行政诉讼 · 复议后起诉」结果维持 1",
    );
    assert_eq!(
        f.cells,
        [
            "appeals.review.upheld",
            "appeals.review.corrected",
            "appeals.litigation_after_review.upheld"
        ]
    );
    // A goal is no claim.
    none("narrative-appeals", "下一步，力争实现行政复议零纠错。");
}

// ------------------------------------------------------------ narrative-sum

#[test]
fn parts_do_not_add_up() {
    let f = one(
        "narrative-sum",
        "2020年，我镇主动公开政府信息100条，其中在网站公开60条，在公开栏公开30条。",
        "正文给出总数 100，「其中」各项之和为 60 + 30 = 90",
    );
    assert_eq!(f.severity.as_str(), "info");
    assert!(f.cells.is_empty());
    none(
        "narrative-sum",
        "2020年，我镇主动公开政府信息100条，其中在网站公开60条，在公开栏公开40条。",
    );
    // One part is no breakdown; approximate parts are not added.
    none(
        "narrative-sum",
        "2020年，我镇主动公开政府信息100条，其中在网站公开60条。",
    );
    none(
        "narrative-sum",
        "2020年，我镇主动公开政府信息100条，其中在网站公开60余条，在公开栏公开30条。",
    );
}
