//! Markdown as PDF converters print a report: pipe tables whose row labels wrap
//! over two table rows, with the values on the first part or on the second, and
//! values detached from their labels. A value row is attached to a label only
//! when the layout proves the pairing; otherwise it is left out with a finding.

mod common;

use common::{cells, extract};
use xxgk_extract::extract_text;

/// The real 2024 洪泽区 report as a converter prints it (values checked against
/// its text layer, tests/data/layout): every cell comes back.
#[test]
fn converted_report_reads_like_its_text_layer() {
    let converted = extract("converter/huaian-hongze-district-2024.converted.md");
    let layer = extract("layout/huaian-hongze-district-2024.pdftotext-layout.txt");
    assert_eq!(cells(&converted), cells(&layer));
    assert_eq!(converted.agency.as_deref(), Some("淮安市洪泽区人民政府"));
    assert_eq!(converted.year, Some(2024));
    let rules: Vec<&str> = converted.findings.iter().map(|f| f.rule.as_ref()).collect();
    assert!(rules.is_empty(), "{rules:?}");
}

const HEADER: &str = "三、收到和处理政府信息公开申请情况\n\
| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n\
|---|---|---|---|---|---|---|---|---|\n";

/// 「1.申请人无正当理由逾期不」 with its values, then 「补正、行政机关…」: the row is
/// （六）1, not the 2019 format's single （六）其他处理 row its first part names.
#[test]
fn a_wrapped_label_with_values_on_its_first_part_keeps_its_row() {
    let text = format!(
        "{HEADER}\
| （六）其他处理 | 1.申请人无正当理由逾期不 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n\
| | 补正、行政机关不再处理其政府信息公开申请 | | | | | | | |\n\
| | 2.申请人逾期未按收费通知要 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n\
| | 求缴纳费用、行政机关不再处理其政府信息公开申请 | | | | | | | |\n\
| | 3.其他 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    );
    let report = extract_text(&text, "wrapped.md");
    assert_eq!(
        cells(&report),
        "active: none\n\
requests.other_no_correction: 2 0 0 0 0 0 2\n\
requests.other_unpaid_fee: 0 0 0 0 0 0 0\n\
requests.other_misc: 1 0 0 0 0 0 1\n\
appeals: none\n"
    );
}

/// Two row labels, then two value rows on lines of their own: the layout does
/// not say which values belong to which label, so no row gets any.
#[test]
fn values_detached_from_several_labels_are_left_out() {
    let text = format!(
        "{HEADER}\
| （四）无法提供 | 1.本机关不掌握相关政府信息 | | | | | | | |\n\
| | 2.没有现成信息需要另行制作 | | | | | | | |\n\
| | | 4 | 0 | 0 | 0 | 0 | 0 | 4 |\n\
| | | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n\
| | 3.补正后申请内容仍不明确 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    );
    let report = extract_text(&text, "detached.md");
    let table = cells(&report);
    assert!(!table.contains("unavailable_not_held"), "{table}");
    assert!(!table.contains("unavailable_needs_creation"), "{table}");
    assert!(
        table.contains("requests.unavailable_unclear: 0 0 0 0 0 0 0"),
        "{table}"
    );
    let finding = report
        .findings
        .iter()
        .find(|f| f.rule == xxgk_extract::rules::unattributed_values::RULE.id)
        .expect("a finding on the detached values");
    assert_eq!(finding.severity, xxgk_model::Severity::Warning);
    assert!(
        finding.message.zh.contains("1.本机关不掌握相关政府信息"),
        "{}",
        finding.message.zh
    );
}

/// The label wrapped with its values on the second part (1.本机关不掌握相关政 /
/// 府信息 4 …) is one row; the next label's values stay its own.
#[test]
fn a_wrapped_label_with_values_on_its_second_part_is_one_row() {
    let text = format!(
        "{HEADER}\
| （四）无法提供 | 1.本机关不掌握相关政 | | | | | | | |\n\
| | 府信息 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |\n\
| | 2.没有现成信息需要另行制作 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    );
    let report = extract_text(&text, "wrapped-second.md");
    assert_eq!(
        cells(&report),
        "active: none\n\
requests.unavailable_not_held: 4 0 0 0 0 0 4\n\
requests.unavailable_needs_creation: 1 0 0 0 0 0 1\n\
appeals: none\n"
    );
}
