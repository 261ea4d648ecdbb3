//! Year, agency and format from wherever the document states them: titles over
//! two lines, crawler header lines, titles without a year (the statistical
//! period, 「20XX年度」 in the opening, the date at the end), and the format
//! from table 3 or the year when table 2 cannot tell — with a finding naming
//! the evidence whenever it is not the usual place.

use xxgk_extract::extract_text;
use xxgk_extract::rules::metadata_inferred::RULE as METADATA_INFERRED;
use xxgk_model::{Report, Template};

fn inferred(report: &Report) -> Vec<&str> {
    report
        .findings
        .iter()
        .filter(|f| f.rule == METADATA_INFERRED.id)
        .map(|f| f.message.zh.as_str())
        .collect()
}

const TABLE_3_2021: &str = "三、收到和处理政府信息公开申请情况\n\
一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n\
（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n\
（七）总计\t1\t0\t0\t0\t0\t0\t1\n";

#[test]
fn a_title_over_two_lines() {
    let text = format!(
        "2024 年上海市科委政府信息公开工作\n年度报告\n\n一、总体情况\n正文。\n{TABLE_3_2021}"
    );
    let report = extract_text(&text, "t.txt");
    assert_eq!(report.year, Some(2024));
    assert_eq!(report.agency.as_deref(), Some("上海市科委"));
    assert_eq!(report.metadata_spans["year"].line, 1);
}

#[test]
fn crawler_header_lines_before_the_page_text() {
    let text = format!(
        "河北省工业和信息化厅2019年政府信息公开报告\n2020-01-30\nhttp://gxt.hebei.gov.cn/index.html\n\n\n根据条例编写本报告。\n{TABLE_3_2021}"
    );
    let report = extract_text(&text, "t.txt");
    assert_eq!(report.year, Some(2019));
    assert_eq!(report.agency.as_deref(), Some("河北省工业和信息化厅"));
    // The crawler's date is the page's, not a date printed on the report.
    assert_eq!(report.published, None);
}

#[test]
fn the_year_from_the_statistical_period() {
    let text = format!(
        "某某街道政府信息公开工作年度报告\n本报告所列数据统计期限为2020年1月1日至2020年12月31日。\n{TABLE_3_2021}"
    );
    let report = extract_text(&text, "t.txt");
    assert_eq!(report.year, Some(2020));
    assert_eq!(report.metadata_spans["year"].line, 2);
    assert!(
        inferred(&report).iter().any(|m| m.contains("统计期限")),
        "{:?}",
        inferred(&report)
    );
}

#[test]
fn the_year_from_the_opening_then_from_the_date_at_the_end() {
    let text = format!("某某街道政府信息公开工作年度报告\n一、总体情况\n2020年度我街道坚持公开为常态。\n{TABLE_3_2021}");
    let report = extract_text(&text, "t.txt");
    assert_eq!(report.year, Some(2020));
    assert!(inferred(&report).iter().any(|m| m.contains("2020年度")));

    let text = format!("某某街道政府信息公开工作年度报告\n一、总体情况\n坚持公开为常态。\n{TABLE_3_2021}\n某某街道办事处\n2021年1月15日\n");
    let report = extract_text(&text, "t.txt");
    assert_eq!(report.published.as_deref(), Some("2021-01-15"));
    assert_eq!(report.year, Some(2020));
    assert!(
        inferred(&report)
            .iter()
            .any(|m| m.contains("落款日期 2021-01-15")),
        "{:?}",
        inferred(&report)
    );
}

#[test]
fn the_format_from_table_3_then_from_the_year() {
    // No table 2: table 3's three （六） rows say 2021.
    let text = format!("某某镇2022年政府信息公开工作年度报告\n{TABLE_3_2021}");
    let report = extract_text(&text, "t.txt");
    assert_eq!(report.template, Some(Template::V2021));
    assert!(
        inferred(&report).iter().any(|m| m.contains("（六）")),
        "{:?}",
        inferred(&report)
    );

    // Neither table 2 nor the （六） rows: the year decides.
    let text = "某某镇2020年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n（七）总计\t1\t0\t0\t0\t0\t0\t1\n";
    let report = extract_text(text, "t.txt");
    assert_eq!(report.template, Some(Template::V2019));
    assert!(
        inferred(&report).iter().any(|m| m.contains("报告年度")),
        "{:?}",
        inferred(&report)
    );

    // A document without tables gets no format at all.
    let report = extract_text(
        "某某镇2020年政府信息公开工作年度报告\n没有表格。\n",
        "t.txt",
    );
    assert_eq!(report.template, None);
}
