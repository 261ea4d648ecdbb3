//! The crawled reports (page text as web crawlers keep it), every cell asserted.
//!
//! Two layouts: one cell per line with a fixed run of blank lines between cells
//! (an empty cell is a longer run), and tables flattened into runs of labels and
//! digits with no separator at all, some of them with blank cells dropped. The
//! values below were checked by hand against the text of each file: the digit
//! runs were split by reading the table (row totals, outcome sums, 一 + 二 =
//! （七） + 四), and a cell is `-` where the document prints a blank or where the
//! printed digits can be read more than one way (table 2 has no arithmetic:
//! `行政规范性文件5426` may be 5|4|26, 5|42|6 or 54|2|6).

mod common;

use common::{cells, extract};

fn warnings(report: &xxgk_model::Report) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.severity != xxgk_model::Severity::Info)
        .map(|f| format!("{}: {}", f.rule, f.message.zh))
        .collect()
}

#[test]
fn hebei_education_2019() {
    let report = extract("crawled/hebei-education-2019.txt");
    assert_eq!(report.agency.as_deref(), Some("河北省教育厅"));
    assert_eq!(report.year, Some(2019));
    assert_eq!(
        cells(&report),
        "\
active.regulations: 0 0 0
active.normative_documents: 16 16 16
active.licensing: 9 0 16
active.other_services: 17 0 0
active.punishment: 5 0 0
active.coercion: 0 0 0
active.fees: 21 0
active.procurement: 22 256146
requests.received: 16 0 0 0 0 0 16
requests.carried_in: 0 0 0 0 0 0 0
requests.granted: 9 0 0 0 0 0 9
requests.partially_granted: - - - - - - -
requests.denied_state_secret: - - - - - - -
requests.denied_law: - - - - - - -
requests.denied_safety: - - - - - - -
requests.denied_third_party: - - - - - - -
requests.denied_internal: - - - - - - -
requests.denied_process: - - - - - - -
requests.denied_enforcement: - - - - - - -
requests.denied_query: - - - - - - -
requests.unavailable_not_held: 3 0 0 0 0 0 3
requests.unavailable_needs_creation: 4 0 0 0 0 0 4
requests.unavailable_unclear: - - - - - - -
requests.rejected_petition: - - - - - - -
requests.rejected_duplicate: - - - - - - -
requests.rejected_publication: - - - - - - -
requests.rejected_excessive: - - - - - - -
requests.rejected_confirmation: - - - - - - -
requests.other: - - - - - - -
requests.total: 16 0 0 0 0 0 16
requests.carried_out: 0 0 0 0 0 0 0
appeals.review: - - - - 0
appeals.litigation_direct: - - - - 0
appeals.litigation_after_review: - - - - 0
"
    );
    assert_eq!(
        report.template.map(|t| t.as_str().to_string()),
        Some("2019".into())
    );
    assert_eq!(warnings(&report), Vec::<String>::new());
}

#[test]
fn hebei_education_2022() {
    let report = extract("crawled/hebei-education-2022.txt");
    assert_eq!(report.agency.as_deref(), Some("河北省教育厅"));
    assert_eq!(report.year, Some(2022));
    assert_eq!(
        cells(&report),
        "\
active.regulations: 0 0 0
active.normative_documents: 5 17 159
active.licensing: 6267
active.punishment: 0
active.coercion: 0
active.fees: 465.74
requests.received: 41 2 0 0 1 0 44
requests.carried_in: 0 0 0 0 0 0 0
requests.granted: 24 2 0 0 1 0 27
requests.partially_granted: 3 0 0 0 0 0 3
requests.denied_state_secret: 0 0 0 0 0 0 0
requests.denied_law: 0 0 0 0 0 0 0
requests.denied_safety: 1 0 0 0 0 0 1
requests.denied_third_party: 2 0 0 0 0 0 2
requests.denied_internal: 0 0 0 0 0 0 0
requests.denied_process: 0 0 0 0 0 0 0
requests.denied_enforcement: 0 0 0 0 0 0 0
requests.denied_query: 0 0 0 0 0 0 0
requests.unavailable_not_held: 2 0 0 0 0 0 2
requests.unavailable_needs_creation: 1 0 0 0 0 0 1
requests.unavailable_unclear: 1 0 0 0 0 0 1
requests.rejected_petition: 5 0 0 0 0 0 5
requests.rejected_duplicate: 0 0 0 0 0 0 0
requests.rejected_publication: 0 0 0 0 0 0 0
requests.rejected_excessive: 0 0 0 0 0 0 0
requests.rejected_confirmation: 0 0 0 0 0 0 0
requests.other_no_correction: 2 0 0 0 0 0 2
requests.other_unpaid_fee: 0 0 0 0 0 0 0
requests.other_misc: 0 0 0 0 0 0 0
requests.total: 41 2 0 0 1 0 44
requests.carried_out: 0 0 0 0 0 0 0
appeals.review: 2 2 0 0 4
appeals.litigation_direct: 0 1 0 1 2
appeals.litigation_after_review: 1 0 0 0 1
"
    );
    assert_eq!(
        report.template.map(|t| t.as_str().to_string()),
        Some("2021".into())
    );
    assert_eq!(warnings(&report), Vec::<String>::new());
}

#[test]
fn hebei_industry_2019() {
    let report = extract("crawled/hebei-industry-2019.txt");
    assert_eq!(report.agency.as_deref(), Some("河北省工业和信息化厅"));
    assert_eq!(report.year, Some(2019));
    assert_eq!(
        cells(&report),
        "\
active.regulations: 0 0 0
active.normative_documents: - - -
active.licensing: 156 - -
active.other_services: - - -
active.punishment: 1 - -
active.coercion: - - -
active.fees: - -
active.procurement: - -
requests.received: - - - - - - 2
requests.carried_in: - - - - - - -
requests.granted: - - - - - - 2
requests.partially_granted: - - - - - - -
requests.denied_state_secret: - - - - - - -
requests.denied_law: - - - - - - -
requests.denied_safety: - - - - - - -
requests.denied_third_party: - - - - - - -
requests.denied_internal: - - - - - - -
requests.denied_process: - - - - - - -
requests.denied_enforcement: - - - - - - -
requests.denied_query: - - - - - - -
requests.unavailable_not_held: - - - - - - -
requests.unavailable_needs_creation: - - - - - - -
requests.unavailable_unclear: - - - - - - -
requests.rejected_petition: - - - - - - -
requests.rejected_duplicate: - - - - - - -
requests.rejected_publication: - - - - - - -
requests.rejected_excessive: - - - - - - -
requests.rejected_confirmation: - - - - - - -
requests.other: - - - - - - -
requests.total: - - - - - - 2
requests.carried_out: - - - - - - -
appeals: none
"
    );
    assert_eq!(
        report.template.map(|t| t.as_str().to_string()),
        Some("2019".into())
    );
    // Blank cells are not printed: which applicant column the one request
    // belongs to cannot be told, so only the totals are certain.
    let warned = warnings(&report);
    assert!(
        warned
            .iter()
            .any(|w| w.contains("「一、本年新收政府信息公开申请数量」")
                && w.contains("未印空白单元格")),
        "{warned:?}"
    );
}

#[test]
fn hebei_industry_2020() {
    let report = extract("crawled/hebei-industry-2020.txt");
    assert_eq!(report.agency.as_deref(), Some("河北省工业和信息化厅"));
    assert_eq!(report.year, Some(2020));
    assert_eq!(
        cells(&report),
        "\
active.regulations: - - -
active.normative_documents: - - -
active.licensing: 97 - -
active.other_services: - - -
active.punishment: 0 - -
active.coercion: - - -
active.fees: - -
active.procurement: - -
requests.received: - - - - - - 1
requests.carried_in: - - - - - - -
requests.granted: - - - - - - -
requests.partially_granted: - - - - - - 1
requests.denied_state_secret: - - - - - - -
requests.denied_law: - - - - - - -
requests.denied_safety: - - - - - - -
requests.denied_third_party: - - - - - - -
requests.denied_internal: - - - - - - -
requests.denied_process: - - - - - - -
requests.denied_enforcement: - - - - - - -
requests.denied_query: - - - - - - -
requests.unavailable_not_held: - - - - - - -
requests.unavailable_needs_creation: - - - - - - -
requests.unavailable_unclear: - - - - - - -
requests.rejected_petition: - - - - - - -
requests.rejected_duplicate: - - - - - - -
requests.rejected_publication: - - - - - - -
requests.rejected_excessive: - - - - - - -
requests.rejected_confirmation: - - - - - - -
requests.other: - - - - - - -
requests.total: - - - - - - 1
requests.carried_out: - - - - - - -
appeals: none
"
    );
    assert_eq!(
        report.template.map(|t| t.as_str().to_string()),
        Some("2019".into())
    );
    // Blank cells are not printed: which applicant column the one request
    // belongs to cannot be told, so only the totals are certain.
    let warned = warnings(&report);
    assert!(
        warned
            .iter()
            .any(|w| w.contains("「一、本年新收政府信息公开申请数量」")
                && w.contains("未印空白单元格")),
        "{warned:?}"
    );
}

#[test]
fn hebei_industry_2021() {
    let report = extract("crawled/hebei-industry-2021.txt");
    assert_eq!(report.agency.as_deref(), Some("河北省工业和信息化厅"));
    assert_eq!(report.year, Some(2021));
    assert_eq!(
        cells(&report),
        "\
active.regulations: 0 0 0
active.normative_documents: - - -
active.licensing: 273
active.punishment: 54
active.coercion: 0
active.fees: 739.0766
requests.received: 4 0 0 0 0 0 4
requests.carried_in: 0 0 0 0 0 0 0
requests.granted: 3 0 0 0 0 0 3
requests.partially_granted: 1 0 0 0 0 0 1
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
requests.other_no_correction: 0 0 0 0 0 0 0
requests.other_unpaid_fee: 0 0 0 0 0 0 0
requests.other_misc: 0 0 0 0 0 0 0
requests.total: 4 0 0 0 0 0 4
requests.carried_out: 0 0 0 0 0 0 0
appeals.review: 0 0 0 0 0
appeals.litigation_direct: 0 0 0 0 0
appeals.litigation_after_review: 0 0 0 0 0
"
    );
    assert_eq!(
        report.template.map(|t| t.as_str().to_string()),
        Some("2021".into())
    );
    // Only table 2's 行政规范性文件 run is undecidable (no arithmetic there).
    let warned = warnings(&report);
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].contains("「行政规范性文件」"), "{warned:?}");
}

#[test]
fn hebei_industry_2022() {
    let report = extract("crawled/hebei-industry-2022.txt");
    assert_eq!(report.agency.as_deref(), Some("河北省工业和信息化厅"));
    assert_eq!(report.year, Some(2022));
    assert_eq!(
        cells(&report),
        "\
active.regulations: 0 0 0
active.normative_documents: - - -
active.licensing: 194
active.punishment: 46
active.coercion: 0
active.fees: 650.6
requests.received: 12 1 0 1 0 0 14
requests.carried_in: 0 0 0 0 0 0 0
requests.granted: 3 1 0 1 0 0 5
requests.partially_granted: 1 0 0 0 0 0 1
requests.denied_state_secret: 0 0 0 0 0 0 0
requests.denied_law: 0 0 0 0 0 0 0
requests.denied_safety: 0 0 0 0 0 0 0
requests.denied_third_party: 0 0 0 0 0 0 0
requests.denied_internal: 0 0 0 0 0 0 0
requests.denied_process: 0 0 0 0 0 0 0
requests.denied_enforcement: 0 0 0 0 0 0 0
requests.denied_query: 0 0 0 0 0 0 0
requests.unavailable_not_held: 8 0 0 0 0 0 8
requests.unavailable_needs_creation: 0 0 0 0 0 0 0
requests.unavailable_unclear: 0 0 0 0 0 0 0
requests.rejected_petition: 0 0 0 0 0 0 0
requests.rejected_duplicate: 0 0 0 0 0 0 0
requests.rejected_publication: 0 0 0 0 0 0 0
requests.rejected_excessive: 0 0 0 0 0 0 0
requests.rejected_confirmation: 0 0 0 0 0 0 0
requests.other_no_correction: 0 0 0 0 0 0 0
requests.other_unpaid_fee: 0 0 0 0 0 0 0
requests.other_misc: 0 0 0 0 0 0 0
requests.total: 12 1 0 1 0 0 14
requests.carried_out: 0 0 0 0 0 0 0
appeals.review: 1 0 0 0 1
appeals.litigation_direct: 0 0 0 0 0
appeals.litigation_after_review: 1 0 0 0 1
"
    );
    assert_eq!(
        report.template.map(|t| t.as_str().to_string()),
        Some("2021".into())
    );
    // Only table 2's 行政规范性文件 run is undecidable (no arithmetic there).
    let warned = warnings(&report);
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].contains("「行政规范性文件」"), "{warned:?}");
}

#[test]
fn hebei_industry_2023() {
    let report = extract("crawled/hebei-industry-2023.txt");
    assert_eq!(report.agency.as_deref(), Some("河北省工业和信息化厅"));
    assert_eq!(report.year, Some(2023));
    assert_eq!(
        cells(&report),
        "\
active.regulations: 0 0 0
active.normative_documents: - - -
active.licensing: 3189
active.punishment: 81
active.coercion: 0
active.fees: 670.376375
requests.received: 8 1 0 1 0 0 10
requests.carried_in: 0 0 0 0 0 0 0
requests.granted: 3 1 0 0 0 0 4
requests.partially_granted: 2 0 0 0 0 0 2
requests.denied_state_secret: 0 0 0 0 0 0 0
requests.denied_law: 0 0 0 0 0 0 0
requests.denied_safety: 0 0 0 0 0 0 0
requests.denied_third_party: 0 0 0 0 0 0 0
requests.denied_internal: 0 0 0 0 0 0 0
requests.denied_process: 0 0 0 0 0 0 0
requests.denied_enforcement: 0 0 0 0 0 0 0
requests.denied_query: 0 0 0 0 0 0 0
requests.unavailable_not_held: 3 0 0 1 0 0 4
requests.unavailable_needs_creation: 0 0 0 0 0 0 0
requests.unavailable_unclear: 0 0 0 0 0 0 0
requests.rejected_petition: 0 0 0 0 0 0 0
requests.rejected_duplicate: 0 0 0 0 0 0 0
requests.rejected_publication: 0 0 0 0 0 0 0
requests.rejected_excessive: 0 0 0 0 0 0 0
requests.rejected_confirmation: 0 0 0 0 0 0 0
requests.other_no_correction: 0 0 0 0 0 0 0
requests.other_unpaid_fee: 0 0 0 0 0 0 0
requests.other_misc: 0 0 0 0 0 0 0
requests.total: 8 1 0 1 0 0 10
requests.carried_out: 0 0 0 0 0 0 0
appeals.review: 0 0 0 1 1
appeals.litigation_direct: 3 0 0 0 3
appeals.litigation_after_review: 0 0 0 1 1
"
    );
    assert_eq!(
        report.template.map(|t| t.as_str().to_string()),
        Some("2021".into())
    );
    // Only table 2's 行政规范性文件 run is undecidable (no arithmetic there).
    let warned = warnings(&report);
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].contains("「行政规范性文件」"), "{warned:?}");
}

mod arbitrary {
    //! Flattened text built from table vocabulary and arbitrary digit runs:
    //! never a panic, and every value read has its digits printed at the span
    //! it names.

    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "三、收到和处理政府信息公开申请情况",
        "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他",
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "（三）不予公开1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "（六）其他处理",
        "（七）总计",
        "四、结转下年度继续办理",
        "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章",
        "行政规范性文件",
        "行政事业性收费",
        "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计",
        "2019年全年",
        "。",
    ];

    fn flattened() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            (
                0..PIECES.len(),
                "[0-9]{0,14}(\\.[0-9]{1,3})?",
                any::<bool>(),
            ),
            3..40,
        )
        .prop_map(|parts| {
            parts
                .into_iter()
                .map(|(p, digits, sign)| {
                    let sign = if sign && !digits.is_empty() { "+" } else { "" };
                    format!("{}{sign}{digits}", PIECES[p])
                })
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn every_value_is_printed_where_it_says(text in flattened()) {
            let report = xxgk_extract::extract_text(&text, "arbitrary.txt");
            for (path, value) in report.cell_values() {
                let Some(value) = value else { continue };
                let printed = &report.cells[path];
                // The value's digits are printed there. (Readings that agree on a
                // value read from different digits of a run keep the span
                // covering them all: `99` for a 9 every reading gives.)
                let digits = value.to_string();
                let digits = digits.trim_start_matches('-');
                prop_assert!(
                    printed.raw.contains(digits),
                    "{} = {} printed {:?} in {:?}", path, value, printed.raw, text
                );
                let at = &text[printed.span.start..printed.span.end];
                prop_assert_eq!(at, printed.raw.as_str());
            }
        }
    }
}
