//! Exact values of every cell of every table of the real reports: the five seeds
//! and the text layers (`pdftotext -layout`) of the three published PDFs. Each
//! expected block was checked by hand against the source document.

mod common;
use common::{cells, extract};

fn rules(report: &xxgk_model::Report) -> Vec<&str> {
    report.findings.iter().map(|f| f.rule.as_str()).collect()
}

#[test]
fn seed_000_tab_layout_with_social_organisation_header() {
    let report = extract("seeds/000_60799c090932cf1e.txt");
    assert_eq!(report.agency.as_deref(), Some("青铜峡市邵岗镇"));
    assert_eq!(report.year, Some(2020));
    assert_eq!(report.template.map(|t| t.as_str()), Some("2019"));
    assert_eq!(report.published.as_deref(), None);
    assert_eq!(
        cells(&report),
        "\
active.regulations: 0 0 0
active.normative_documents: 0 0 0
active.licensing: 0 0 0
active.other_services: 0 0 0
active.punishment: 0 0 0
active.coercion: 0 0 0
active.fees: 0 0
active.procurement: 2 17.6675
requests.received: 0 0 0 0 0 0 0
requests.carried_in: 0 0 0 0 0 0 0
requests.granted: 0 0 0 0 0 0 0
requests.partially_granted: 0 0 0 0 0 0 0
requests.denied_state_secret: 0 0 0 0 0 0 0
requests.denied_law: 0 0 0 0 0 0 0
requests.denied_safety: 0 0 0 0 0 0 0
requests.denied_third_party: 0 0 0 0 0 0 0
requests.denied_internal: 0 0 0 0 0 0 0
requests.denied_process: 0 0 0 0 0 0 0
requests.denied_enforcement: 0 0 0 0 0 0 0
requests.denied_query: 0 0 0 0 0 0 0
requests.unavailable_not_held: 0 0 0 0 0 0 0
requests.unavailable_needs_creation: 0 0 0 0 0 0 0
requests.unavailable_unclear: 0 0 0 0 0 0 0
requests.rejected_petition: 0 0 0 0 0 0 0
requests.rejected_duplicate: 0 0 0 0 0 0 0
requests.rejected_publication: 0 0 0 0 0 0 0
requests.rejected_excessive: 0 0 0 0 0 0 0
requests.rejected_confirmation: 0 0 0 0 0 0 0
requests.other: 0 0 0 0 0 0 0
requests.total: 0 0 0 0 0 0 0
requests.carried_out: 0 0 0 0 0 0 0
appeals.review: 0 0 0 0 0
appeals.litigation_direct: 0 0 0 0 0
appeals.litigation_after_review: 0 0 0 0 0
"
    );
    assert!(rules(&report).is_empty(), "{:?}", rules(&report));
}

#[test]
fn seed_001_six_values_in_seven_columns() {
    let report = extract("seeds/001_45d6ed1fafd8548f.txt");
    assert_eq!(report.agency.as_deref(), Some("夏邑县火店镇人民政府"));
    assert_eq!(report.year, Some(2020));
    assert_eq!(report.template.map(|t| t.as_str()), Some("2019"));
    assert_eq!(report.published.as_deref(), None);
    assert_eq!(
        cells(&report),
        "\
active.regulations: 0 0 0
active.normative_documents: 0 0 0
active.licensing: 0 0 0
active.other_services: 0 0 0
active.punishment: 0 0 0
active.coercion: 0 0 0
active.fees: 0 0
active.procurement: 0 0
requests.received: 0 0 0 0 0 0 0
requests.carried_in: 0 0 0 0 0 0 0
requests.granted: - 0 0 0 0 0 -
requests.partially_granted: - 0 0 0 0 0 -
requests.denied_state_secret: - 0 0 0 0 0 -
requests.denied_law: - 0 0 0 0 0 -
requests.denied_safety: - 0 0 0 0 0 -
requests.denied_third_party: - 0 0 0 0 0 -
requests.denied_internal: - 0 0 0 0 0 -
requests.denied_process: - 0 0 0 0 0 -
requests.denied_enforcement: - 0 0 0 0 0 -
requests.denied_query: - 0 0 0 0 0 -
requests.unavailable_not_held: - 0 0 0 0 0 -
requests.unavailable_needs_creation: - 0 0 0 0 0 -
requests.unavailable_unclear: - 0 0 0 0 0 -
requests.rejected_petition: - 0 0 0 0 0 -
requests.rejected_duplicate: - 0 0 0 0 0 -
requests.rejected_publication: - 0 0 0 0 0 -
requests.rejected_excessive: - 0 0 0 0 0 -
requests.rejected_confirmation: - 0 0 0 0 0 -
requests.other: - 0 0 0 0 0 -
requests.total: - 0 0 0 0 0 -
requests.carried_out: - 0 0 0 0 0 -
appeals.review: 0 0 0 0 0
appeals.litigation_direct: 0 0 0 0 0
appeals.litigation_after_review: 0 0 0 0 0
"
    );
    assert_eq!(rules(&report), ["row-short"]);
}

#[test]
fn seed_002_traditional_with_pinyin_and_pipes() {
    let report = extract("seeds/002_0b1325ff460d94b6.txt");
    assert_eq!(report.agency.as_deref(), Some("渠县宝城镇人民政府"));
    assert_eq!(report.year, Some(2019));
    assert_eq!(report.template.map(|t| t.as_str()), Some("2019"));
    assert_eq!(report.published.as_deref(), Some("2020-01-12"));
    assert_eq!(
        cells(&report),
        "\
active.regulations: 0 0 0
active.normative_documents: 0 0 0
active.licensing: 0 0 0
active.other_services: 0 0 0
active.punishment: 0 0 0
active.coercion: 0 0 0
active.fees: 0 0
active.procurement: 0 0
requests.received: 0 0 0 0 0 0 0
requests.carried_in: 0 0 0 0 0 0 0
requests.granted: 0 0 0 0 0 0 0
requests.partially_granted: 0 0 0 0 0 0 0
requests.denied_state_secret: 0 0 0 0 0 0 0
requests.denied_law: 0 0 0 0 0 0 0
requests.denied_safety: 0 0 0 0 0 0 0
requests.denied_third_party: 0 0 0 0 0 0 0
requests.denied_internal: 0 0 0 0 0 0 0
requests.denied_process: 0 0 0 0 0 0 0
requests.denied_enforcement: 0 0 0 0 0 0 0
requests.denied_query: 0 0 0 0 0 0 0
requests.unavailable_not_held: 0 0 0 0 0 0 0
requests.unavailable_needs_creation: 0 0 0 0 0 0 0
requests.unavailable_unclear: 0 0 0 0 0 0 0
requests.rejected_petition: 0 0 0 0 0 0 0
requests.rejected_duplicate: 0 0 0 0 0 0 0
requests.rejected_publication: 0 0 0 0 0 0 0
requests.rejected_excessive: 0 0 0 0 0 0 0
requests.rejected_confirmation: 0 0 0 0 0 0 0
requests.other: 0 0 0 0 0 0 0
requests.total: 0 0 0 0 0 0 0
requests.carried_out: 0 0 0 0 0 0 0
appeals.review: 0 0 0 0 0
appeals.litigation_direct: 0 0 0 0 0
appeals.litigation_after_review: 0 0 0 0 0
"
    );
    assert!(rules(&report).is_empty(), "{:?}", rules(&report));
}

#[test]
fn seed_003_header_rule_and_six_value_rows() {
    let report = extract("seeds/003_896bea92d5be09c0.txt");
    assert_eq!(report.agency.as_deref(), Some("兴庆区通贵乡"));
    assert_eq!(report.year, Some(2020));
    assert_eq!(report.template.map(|t| t.as_str()), Some("2019"));
    assert_eq!(report.published.as_deref(), None);
    assert_eq!(
        cells(&report),
        "\
active.regulations: 0 0 0
active.normative_documents: 0 0 0
active.licensing: 4 0 0
active.other_services: 5 0 0
active.punishment: 4 0 0
active.coercion: 3 0 0
active.fees: 0 0
active.procurement: 0 0
requests.received: 0 0 0 0 0 0 0
requests.carried_in: 0 0 0 0 0 0 0
requests.granted: - 0 0 0 0 0 -
requests.partially_granted: - 0 0 0 0 0 -
requests.denied_state_secret: - 0 0 0 0 0 -
requests.denied_law: - 0 0 0 0 0 -
requests.denied_safety: - 0 0 0 0 0 -
requests.denied_third_party: - 0 0 0 0 0 -
requests.denied_internal: - 0 0 0 0 0 -
requests.denied_process: - 0 0 0 0 0 -
requests.denied_enforcement: - 0 0 0 0 0 -
requests.denied_query: - 0 0 0 0 0 -
requests.unavailable_not_held: - 0 0 0 0 0 -
requests.unavailable_needs_creation: - 0 0 0 0 0 -
requests.unavailable_unclear: - 0 0 0 0 0 -
requests.rejected_petition: - 0 0 0 0 0 -
requests.rejected_duplicate: - 0 0 0 0 0 -
requests.rejected_publication: - 0 0 0 0 0 -
requests.rejected_excessive: - 0 0 0 0 0 -
requests.rejected_confirmation: - 0 0 0 0 0 -
requests.other: - 0 0 0 0 0 -
requests.total: - 0 0 0 0 0 -
requests.carried_out: - 0 0 0 0 0 -
appeals.review: 0 0 0 0 0
appeals.litigation_direct: 0 0 0 0 0
appeals.litigation_after_review: 0 0 0 0 0
"
    );
    assert_eq!(rules(&report), ["row-short"]);
}

#[test]
fn seed_004_markdown_with_balanced_nonzero_tables() {
    let report = extract("seeds/004_ca48803eb8e502d4.txt");
    assert_eq!(report.agency.as_deref(), Some("王岗镇人民政府"));
    assert_eq!(report.year, Some(2020));
    assert_eq!(report.template.map(|t| t.as_str()), Some("2019"));
    assert_eq!(report.published.as_deref(), Some("2021-01-26"));
    assert_eq!(
        cells(&report),
        "\
active.regulations: 0 0 0
active.normative_documents: 0 0 0
active.licensing: 0 0 0
active.other_services: 0 0 0
active.punishment: 0 1 3
active.coercion: 0 0 0
active.fees: 0 0
active.procurement: 7 461.7
requests.received: 10 0 0 0 0 0 10
requests.carried_in: 0 0 0 0 0 0 0
requests.granted: 2 0 0 0 0 0 2
requests.partially_granted: 3 0 0 0 0 0 3
requests.denied_state_secret: 0 0 0 0 0 0 0
requests.denied_law: 0 0 0 0 0 0 0
requests.denied_safety: 0 0 0 0 0 0 0
requests.denied_third_party: 0 0 0 0 0 0 0
requests.denied_internal: 0 0 0 0 0 0 0
requests.denied_process: 0 0 0 0 0 0 0
requests.denied_enforcement: 0 0 0 0 0 0 0
requests.denied_query: 0 0 0 0 0 0 0
requests.unavailable_not_held: 5 0 0 0 0 0 5
requests.unavailable_needs_creation: 0 0 0 0 0 0 0
requests.unavailable_unclear: 0 0 0 0 0 0 0
requests.rejected_petition: 0 0 0 0 0 0 0
requests.rejected_duplicate: 0 0 0 0 0 0 0
requests.rejected_publication: 0 0 0 0 0 0 0
requests.rejected_excessive: 0 0 0 0 0 0 0
requests.rejected_confirmation: 0 0 0 0 0 0 0
requests.other: 0 0 0 0 0 0 0
requests.total: 10 0 0 0 0 0 10
requests.carried_out: 0 0 0 0 0 0 0
appeals.review: 1 1 0 0 2
appeals.litigation_direct: 0 0 0 0 0
appeals.litigation_after_review: 1 0 0 0 1
"
    );
    assert!(rules(&report).is_empty(), "{:?}", rules(&report));
}

#[test]
fn hongze_2023_aligned_layout() {
    let report = extract("layout/huaian-hongze-district-2023.pdftotext-layout.txt");
    assert_eq!(report.agency.as_deref(), Some("洪泽区人民政府"));
    assert_eq!(report.year, Some(2023));
    assert_eq!(report.template.map(|t| t.as_str()), Some("2021"));
    assert_eq!(report.published.as_deref(), None);
    assert_eq!(
        cells(&report),
        "\
active.regulations: 0 0 0
active.normative_documents: 0 5 5
active.licensing: 550
active.punishment: 4119
active.coercion: 195
active.fees: 7730.28
requests.received: 21 0 0 0 0 0 21
requests.carried_in: 0 0 0 0 0 0 0
requests.granted: 0 0 0 0 0 0 0
requests.partially_granted: 4 0 0 0 0 0 4
requests.denied_state_secret: 1 0 0 0 0 0 1
requests.denied_law: 0 0 0 0 0 0 0
requests.denied_safety: 0 0 0 0 0 0 0
requests.denied_third_party: 0 0 0 0 0 0 0
requests.denied_internal: 0 0 0 0 0 0 0
requests.denied_process: 1 0 0 0 0 0 1
requests.denied_enforcement: 1 0 0 0 0 0 1
requests.denied_query: 0 0 0 0 0 0 0
requests.unavailable_not_held: 10 0 0 0 0 0 10
requests.unavailable_needs_creation: 3 0 0 0 0 0 3
requests.unavailable_unclear: 0 0 0 0 0 0 0
requests.rejected_petition: 1 0 0 0 0 0 1
requests.rejected_duplicate: 0 0 0 0 0 0 0
requests.rejected_publication: 0 0 0 0 0 0 0
requests.rejected_excessive: 0 0 0 0 0 0 0
requests.rejected_confirmation: 0 0 0 0 0 0 0
requests.other: 0 0 0 0 0 0 0
requests.total: 21 0 0 0 0 0 21
requests.carried_out: 0 0 0 0 0 0 0
appeals.review: 10 1 0 0 0
appeals.litigation_direct: 0 0 0 0 0
appeals.litigation_after_review: 5 0 0 0 0
"
    );
    assert_eq!(rules(&report), ["label-fuzzy"]);
}

#[test]
fn hongze_2024_single_other_row_and_lost_characters() {
    let report = extract("layout/huaian-hongze-district-2024.pdftotext-layout.txt");
    assert_eq!(report.agency.as_deref(), Some("淮安市洪泽区人民政府"));
    assert_eq!(report.year, Some(2024));
    assert_eq!(report.template.map(|t| t.as_str()), Some("2021"));
    assert_eq!(report.published.as_deref(), None);
    assert_eq!(
        cells(&report),
        "\
active.regulations: 0 0 0
active.normative_documents: 3 0 8
active.licensing: 9487
active.punishment: 2776
active.coercion: 84
active.fees: 7545
requests.received: 95 0 0 0 0 0 95
requests.carried_in: 0 0 0 0 0 0 0
requests.granted: 50 0 0 0 0 0 50
requests.partially_granted: 9 0 0 0 0 0 9
requests.denied_state_secret: 0 0 0 0 0 0 0
requests.denied_law: 0 0 0 0 0 0 0
requests.denied_safety: 1 0 0 0 0 0 1
requests.denied_third_party: 0 0 0 0 0 0 0
requests.denied_internal: 0 0 0 0 0 0 0
requests.denied_process: 1 0 0 0 0 0 1
requests.denied_enforcement: 1 0 0 0 0 0 1
requests.denied_query: 0 0 0 0 0 0 0
requests.unavailable_not_held: 31 0 0 0 0 0 31
requests.unavailable_needs_creation: 1 0 0 0 0 0 1
requests.unavailable_unclear: 0 0 0 0 0 0 0
requests.rejected_petition: 1 0 0 0 0 0 1
requests.rejected_duplicate: 0 0 0 0 0 0 0
requests.rejected_publication: 0 0 0 0 0 0 0
requests.rejected_excessive: 0 0 0 0 0 0 0
requests.rejected_confirmation: 0 0 0 0 0 0 0
requests.other: 0 0 0 0 0 0 0
requests.total: 95 0 0 0 0 0 95
requests.carried_out: 0 0 0 0 0 0 0
appeals.review: 1 1 0 0 2
appeals.litigation_direct: 1 0 0 0 1
appeals.litigation_after_review: 2 0 1 0 3
"
    );
    assert_eq!(rules(&report), ["label-fuzzy"]);
}

#[test]
fn huaian_city_2024_table_split_over_pages() {
    let report = extract("layout/huaian-city-2024.pdftotext-layout.txt");
    assert_eq!(report.agency.as_deref(), Some("淮安市人民政府"));
    assert_eq!(report.year, Some(2024));
    assert_eq!(report.template.map(|t| t.as_str()), Some("2021"));
    assert_eq!(report.published.as_deref(), None);
    assert_eq!(
        cells(&report),
        "\
active.regulations: 1 0 11
active.normative_documents: 8 26 66
active.licensing: 447228
active.punishment: 3985758
active.coercion: 88283
active.fees: 96171.6
requests.received: 3001 53 0 0 61 4 3119
requests.carried_in: 34 0 0 0 0 0 34
requests.granted: 1288 21 0 0 50 3 1362
requests.partially_granted: 447 7 0 0 0 0 454
requests.denied_state_secret: 2 0 0 0 0 0 2
requests.denied_law: 30 1 0 0 0 0 31
requests.denied_safety: 5 0 0 0 0 0 5
requests.denied_third_party: 6 0 0 0 0 0 6
requests.denied_internal: 7 1 0 0 0 0 8
requests.denied_process: 12 0 0 0 0 0 12
requests.denied_enforcement: 9 0 0 0 0 0 9
requests.denied_query: 105 0 0 0 0 0 105
requests.unavailable_not_held: 746 12 0 0 10 1 769
requests.unavailable_needs_creation: 11 0 0 0 0 0 11
requests.unavailable_unclear: 1 0 0 0 0 0 1
requests.rejected_petition: 56 6 0 0 0 0 62
requests.rejected_duplicate: 25 0 0 0 0 0 25
requests.rejected_publication: 0 0 0 0 0 0 0
requests.rejected_excessive: 0 0 0 0 0 0 0
requests.rejected_confirmation: 1 0 0 0 0 0 1
requests.other_no_correction: 67 3 0 0 1 0 71
requests.other_unpaid_fee: 6 0 0 0 0 0 6
requests.other_misc: 108 2 0 0 0 0 110
requests.total: 2932 53 0 0 61 4 3050
requests.carried_out: 103 0 0 0 0 0 103
appeals.review: 72 64 178 37 351
appeals.litigation_direct: 13 4 8 1 26
appeals.litigation_after_review: 12 1 1 6 20
"
    );
    assert!(rules(&report).is_empty(), "{:?}", rules(&report));
}

/// Provenance: every value keeps the text it was printed as and where, in the
/// original (not the folded) text.
#[test]
fn values_point_at_what_the_document_printed() {
    let report = extract("seeds/004_ca48803eb8e502d4.txt");
    let received = &report.cells["requests.received.total"];
    assert_eq!(received.raw, "10");
    assert_eq!((received.span.line, received.span.column), (55, 32));
    let change = &report.cells["active.punishment.change"];
    assert_eq!((change.raw.as_str(), change.span.line), ("+1", 41));
    let amount = &report.cells["active.procurement.amount_wan"];
    assert_eq!(amount.raw, "461.7 万元");

    // Traditional characters and pinyin: the label is reported as printed.
    let report = extract("seeds/002_0b1325ff460d94b6.txt");
    let label = &report.row_labels["requests.denied_law"];
    assert_eq!(label.raw, "2. 其他法律行政法規(guī) 禁止公開");
    assert_eq!(label.span.line, label.span.end_line);
}

/// Header and row labels as printed, for the label-drift check.
#[test]
fn printed_labels_are_kept_for_label_checks() {
    let report = extract("seeds/000_60799c090932cf1e.txt");
    assert_eq!(
        report.column_labels["requests.*.social_welfare"].raw,
        "社会组织"
    );
    let report = extract("seeds/001_45d6ed1fafd8548f.txt");
    assert_eq!(
        report.row_labels["requests.denied_law"].raw,
        "2.其他法律法规禁止公开"
    );
}

/// Seeds 001 and 003 print six values in the seven-column rows of table 3. Which
/// column was dropped cannot be told. Tabs keep an empty cell between two values
/// as an empty cell, so only an end cell can have been lost: the five middle
/// cells are certain, the two end cells null, and one finding names the rows
/// and points at them — no invented zeros.
#[test]
fn short_rows_are_null_with_one_finding() {
    for seed in [
        "seeds/001_45d6ed1fafd8548f.txt",
        "seeds/003_896bea92d5be09c0.txt",
    ] {
        let report = extract(seed);
        let requests = report.requests.as_ref().unwrap();
        let zero = Some(xxgk_model::Number::ZERO);
        assert!(requests
            .rows()
            .filter(|(r, _)| !matches!(
                r,
                xxgk_model::RequestRow::Received | xxgk_model::RequestRow::CarriedIn
            ))
            .all(|(_, v)| v[0].is_none() && v[6].is_none() && v[1..6].iter().all(|&c| c == zero)));
        let short: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.rule == "row-short")
            .collect();
        assert_eq!(short.len(), 1, "{seed}");
        assert_eq!(short[0].cells.len(), 21 * 2);
        assert!(
            short[0].message.zh.contains("共 21 行"),
            "{}",
            short[0].message.zh
        );
        let span = short[0].span.unwrap();
        assert!(span.end_line > span.line);
    }
}

/// The section headings in order, with their numbers.
#[test]
fn sections_are_found_in_every_layout() {
    for (path, expected) in [
        ("seeds/000_60799c090932cf1e.txt", vec![1, 2, 3, 4, 5, 6]),
        ("seeds/002_0b1325ff460d94b6.txt", vec![1, 2, 3, 4, 5, 6]),
        ("seeds/004_ca48803eb8e502d4.txt", vec![1, 2, 3, 4, 5]),
        (
            "layout/huaian-city-2024.pdftotext-layout.txt",
            vec![1, 2, 3, 4, 5, 6],
        ),
    ] {
        let report = extract(path);
        let numbers: Vec<u8> = report.sections.iter().map(|s| s.number).collect();
        assert_eq!(numbers, expected, "{path}");
    }
}
