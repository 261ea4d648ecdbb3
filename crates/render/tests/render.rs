//! What the renderings hold: the official structure (merged header cells, the
//! identity note, the table set of each format), blank cells never printed as
//! 0, fonts declared, deterministic bytes; and reports read from published
//! documents re-rendered with what was read.

use std::io::Read;
use xxgk_model::{
    Active, Active2019Row, Active2021Row, AppealGroup, Number, Report, RequestRow, RowKind, Source,
    SourceFormat, Table, Template,
};
use xxgk_render::{docx, html, markdown, render, Document, Format};

fn report(template: Template) -> Report {
    let mut report = Report::new(Source {
        file: "r.toml".into(),
        format: SourceFormat::Text,
        sha256: String::new(),
        encoding: None,
    });
    report.agency = Some("兴庆区通贵乡人民政府".into());
    report.year = Some(if template == Template::V2019 {
        2019
    } else {
        2023
    });
    report.template = Some(template);
    report.published = Some("2024-01-05".into());
    let mut requests = Table::<RequestRow>::new();
    for &row in xxgk_render::grid::request_rows(None, template).iter() {
        for p in 0..7 {
            requests.set(row, p, Some(Number::int(0))).unwrap();
        }
    }
    requests
        .set(RequestRow::Granted, 0, Some(Number::int(12)))
        .unwrap();
    requests.set(RequestRow::Granted, 1, None).unwrap();
    report.requests = Some(requests);
    let mut appeals = Table::<AppealGroup>::new();
    for &g in AppealGroup::ALL {
        for p in 0..5 {
            appeals.set(g, p, Some(Number::int(0))).unwrap();
        }
    }
    report.appeals = Some(appeals);
    report.active = Some(match template {
        Template::V2019 => {
            let mut t = Table::<Active2019Row>::new();
            for &r in Active2019Row::ALL {
                for p in 0..r.columns().len() {
                    t.set(r, p, Some(Number::int(0))).unwrap();
                }
            }
            t.set(Active2019Row::Procurement, 1, Some(Number::new(4617, 1)))
                .unwrap();
            t.set(Active2019Row::Punishment, 1, Some(Number::int(-4)))
                .unwrap();
            Active::V2019(t)
        }
        Template::V2021 => {
            let mut t = Table::<Active2021Row>::new();
            for &r in Active2021Row::ALL {
                for p in 0..r.columns().len() {
                    t.set(r, p, Some(Number::int(0))).unwrap();
                }
            }
            t.set(Active2021Row::Fees, 0, Some(Number::new(176675, 4)))
                .unwrap();
            Active::V2021(t)
        }
    });
    report
}

fn docx_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut part = zip.by_name(name).unwrap();
    let mut text = String::new();
    part.read_to_string(&mut text).unwrap();
    text
}

#[test]
fn html_has_the_official_merged_headers() {
    let report = report(Template::V2021);
    let page = html(&Document::new(&report));
    for needle in [
        "<th class=\"note\" rowspan=\"3\" colspan=\"3\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>",
        "<th colspan=\"7\">申请人情况</th>",
        "<th rowspan=\"2\">自然人</th>",
        "<th colspan=\"5\">法人或其他组织</th>",
        "<td class=\"label\" rowspan=\"22\">三、本年度办理结果</td>",
        "<td class=\"label\" rowspan=\"3\">（六）其他处理</td>",
        "<th colspan=\"5\">行政复议</th><th colspan=\"10\">行政诉讼</th>",
        "<th class=\"block\" colspan=\"4\">第二十条第（八）项</th>",
        "<td colspan=\"3\">17.6675</td>",
        "<h1>兴庆区通贵乡人民政府<br>2023年政府信息公开工作年度报告</h1>",
        "<p class=\"signature\">2024年1月5日</p>",
        "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }",
    ] {
        assert!(page.contains(needle), "missing {needle}");
    }
    // The blank cell is a dash, never 0.
    assert!(page.contains("<td>12</td><td>—</td><td>0</td>"));
}

#[test]
fn the_2019_format_prints_its_own_rows() {
    let report = report(Template::V2019);
    let md = markdown(&Document::new(&report));
    assert!(md.contains("| 政府集中采购 | 0 | 461.7 |  |"), "{md}");
    assert!(md.contains("| 行政处罚 | 0 | -4 | 0 |"), "{md}");
    assert!(md.contains("| 第二十条第（九）项 |"));
    assert!(md.contains("|  | （六）其他处理 |  | 0 |"), "{md}");
    assert!(!md.contains("逾期不补正"));
    let page = html(&Document::new(&report));
    assert!(page.contains("rowspan=\"20\">三、本年度办理结果"));
}

#[test]
fn docx_has_real_tables_with_merged_cells_and_fonts() {
    let report = report(Template::V2021);
    let bytes = docx(&Document::new(&report));
    let document = docx_part(&bytes, "word/document.xml");
    assert_eq!(document.matches("<w:tbl>").count(), 3);
    assert!(document.contains("<w:gridSpan w:val=\"3\"/><w:vMerge w:val=\"restart\"/>"));
    assert!(document.contains("<w:gridSpan w:val=\"3\"/><w:vMerge/>"));
    assert!(document.contains("<w:tblHeader/>"));
    assert!(document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
    assert!(
        document.contains("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    );
    let styles = docx_part(&bytes, "word/styles.xml");
    for font in [
        "仿宋_GB2312",
        "黑体",
        "方正小标宋简体",
        "楷体_GB2312",
        "宋体",
    ] {
        assert!(styles.contains(&format!("w:eastAsia=\"{font}\"")), "{font}");
    }
    for part in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/_rels/document.xml.rels",
        "word/footer1.xml",
        "docProps/core.xml",
    ] {
        docx_part(&bytes, part);
    }
    // Same document, same bytes.
    assert_eq!(bytes, docx(&Document::new(&report)));
}

#[test]
fn every_format_reads_back() {
    for template in [Template::V2019, Template::V2021] {
        let report = report(template);
        let doc = Document::new(&report);
        for (format, name) in [
            (Format::Markdown, "r.md"),
            (Format::Html, "r.html"),
            (Format::Docx, "r.docx"),
        ] {
            let got = xxgk_extract::extract_bytes(&render(&doc, format), name).unwrap();
            assert_eq!(got.active, report.active, "{name}");
            assert_eq!(got.requests, report.requests, "{name}");
            assert_eq!(got.appeals, report.appeals, "{name}");
            assert_eq!(got.agency, report.agency, "{name}");
            assert_eq!(got.year, report.year, "{name}");
            assert_eq!(got.published, report.published, "{name}");
            assert_eq!(got.findings, vec![], "{name}");
        }
    }
}

#[test]
fn a_report_without_tables_prints_the_blank_tables_of_its_year() {
    let mut report = report(Template::V2019);
    report.active = None;
    report.requests = None;
    report.appeals = None;
    report.template = None;
    let doc = Document::new(&report);
    assert_eq!(doc.template(), Template::V2019);
    let page = html(&doc);
    assert!(page.contains("政府集中采购"));
    assert!(page.contains("（六）其他处理"));
    assert!(!page.contains(">0<"), "a blank table has no zeros");
    for (format, name) in [(Format::Html, "r.html"), (Format::Docx, "r.docx")] {
        let got = xxgk_extract::extract_bytes(&render(&doc, format), name).unwrap();
        assert!(got.requests.unwrap().all_blank(), "{name}");
        assert!(got.appeals.unwrap().all_blank(), "{name}");
    }
}

#[test]
fn prose_markdown_becomes_paragraphs_headings_and_lists() {
    let report = report(Template::V2021);
    let mut doc = Document::new(&report);
    doc.sections[0] = "# （一）主动公开\n\n全年主动公开**326条**信息。\n\n1. 甲\n2. 乙\n\n<script>alert(1)</script>";
    let page = html(&doc);
    assert!(page.contains("<h3>（一）主动公开</h3>"));
    assert!(page.contains("<p>全年主动公开<strong>326条</strong>信息。</p>"));
    assert!(page.contains("<p class=\"item\">1. 甲</p>"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.contains("<script>"));
    let md = markdown(&doc);
    assert!(
        md.contains("## 一、总体情况\n\n### （一）主动公开\n\n全年主动公开**326条**信息。"),
        "{md}"
    );
    let document = docx_part(&docx(&doc), "word/document.xml");
    assert!(document.contains("<w:pStyle w:val=\"Heading2\"/></w:pPr><w:r><w:t xml:space=\"preserve\">（一）主动公开</w:t>"));
    assert!(
        document.contains("<w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space=\"preserve\">326条</w:t>")
    );
}

#[test]
fn a_published_report_renders_again() {
    let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/seeds/004_ca48803eb8e502d4.txt");
    let bytes = std::fs::read(seed).unwrap();
    let report = xxgk_extract::extract_bytes(&bytes, "004.txt").unwrap();
    let texts = xxgk_render::prose::of_sections(&report);
    let doc = Document::with_prose(&report, &texts);
    for (format, name) in [
        (Format::Markdown, "r.md"),
        (Format::Html, "r.html"),
        (Format::Docx, "r.docx"),
    ] {
        let again = xxgk_extract::extract_bytes(&render(&doc, format), name).unwrap();
        assert_eq!(again.active, report.active, "{name}");
        assert_eq!(again.requests, report.requests, "{name}");
        assert_eq!(again.appeals, report.appeals, "{name}");
        assert_eq!(again.agency, report.agency, "{name}");
        assert_eq!(again.published, report.published, "{name}");
        assert_eq!(again.sections.len(), 6, "{name}");
    }
}
