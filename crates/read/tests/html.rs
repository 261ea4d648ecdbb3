//! The HTML reader: lines of cells from whole saved pages and Word-generated
//! markup, charsets, merged cells, spans with their table/row/cell, and
//! malformed input (never a panic).

use proptest::prelude::*;
use xxgk_read::{html, Document, LineKind};

fn data(path: &str) -> Vec<u8> {
    let full = format!("{}/../../tests/data/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// The non-blank lines of a document, cells joined by ` | `.
fn lines(doc: &Document) -> Vec<String> {
    doc.lines
        .iter()
        .filter(|l| l.kind != LineKind::Blank)
        .map(|l| {
            doc.cells(l)
                .iter()
                .map(|&c| doc.text(c))
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

fn read_str(html: &str) -> Document {
    html::read(html.as_bytes()).unwrap()
}

/// Every cell's span lies inside the original, on character boundaries, in
/// page order.
fn spans_are_sound(doc: &Document) {
    let mut last = 0;
    for line in &doc.lines {
        for &cell in doc.cells(line) {
            let span = doc.span(cell.start, cell.end);
            assert!(span.start <= span.end && span.end <= doc.original.len());
            assert!(doc.original.is_char_boundary(span.start));
            assert!(doc.original.is_char_boundary(span.end));
            assert!(span.start >= last, "cells out of page order");
            last = span.end;
        }
    }
}

#[test]
fn word_page_in_gb2312_reads_as_lines_and_rows() {
    let bytes = data("html/word-2021-gb2312.html");
    let (doc, encoding) = html::read_with_encoding(&bytes).unwrap();
    assert_eq!(encoding, "gb18030");
    let lines = lines(&doc);
    // <head>, its <title>, the <xml> in a conditional comment and the <style>
    // leave nothing; the first line is the title paragraph.
    assert_eq!(
        lines[0],
        "淮安市洪泽区交通运输局2022年政府信息公开工作年度报告"
    );
    let expected = [
        "第二十条第(一)项",
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数",
        "行政规范性文件 | 2 | 1 | 15",
        "信息内容 | 本年收费金额(单位:万元)",
        "行政事业性收费 | 12.5",
        "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况",
        " | 自然人 | 法人或其他组织 | 总计",
        " |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他",
        "三、本年度办理结果 | (一)予以公开 | 5 | 1 | 0 | 0 | 1 | 0 | 7",
        " | (三)不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0",
        " |  | 2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0",
        " |  | 3.补正后申请内容仍不明确 | 0 | 0 |  | 0 | 0 | 0 | 0",
        " | (七)总计 | 10 | 1 | 0 | 0 | 1 | 0 | 12",
        "四、结转下年度继续办理 | 1 | 1 | 0 | 0 | 0 | 0 | 2",
        "行政复议 | 行政诉讼",
        "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉",
        " |  |  |  |  | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计",
        "1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 0",
        "2023年1月18日",
    ];
    for line in expected {
        assert!(
            lines.iter().any(|l| l == line),
            "missing line {line:?} in\n{lines:#?}"
        );
    }
    // Word's <![if !supportMisalignedColumns]> row of widths is a blank line.
    assert!(doc.lines.iter().any(|l| l.kind == LineKind::Blank));
    spans_are_sound(&doc);
    // The original is the decoded page, even where markup between text runs
    // was blanked for folding (Word's long run styles).
    let decoded = xxgk_read::decode(&bytes, Some("gb2312")).unwrap().text;
    assert!(doc.original == decoded);
}

#[test]
fn saved_site_page_keeps_only_the_visible_text() {
    let doc = html::read(&data("html/cms-2019-saved-page.html")).unwrap();
    let lines = lines(&doc);
    let text = lines.join("\n");
    for hidden in [
        "假表格",
        "手机版",
        "_hmt",
        "float:left",
        "兴庆区人民政府\n",
        "脚本",
    ] {
        assert!(!text.contains(hidden), "{hidden:?} leaked into\n{text}");
    }
    assert!(lines.contains(&"首页".to_string()));
    assert!(
        lines.contains(&"发布机构: | 兴庆区通贵乡人民政府 | 生成日期: | 2021-01-26".to_string())
    );
    // Empty cells stand where the page left merged label cells empty.
    assert!(
        lines.contains(&" | (三)不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0".to_string())
    );
    assert!(
        lines.contains(&"信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量".to_string())
    );
    assert!(lines.contains(&" | (六)其他处理 | 0 | 0 |  | 0 | 0 | 0 | 0".to_string()));
    spans_are_sound(&doc);
}

#[test]
fn gbk_pages_read_with_or_without_a_declaration() {
    let utf8 = String::from_utf8(data("html/cms-2019-saved-page.html")).unwrap();
    let expected = lines(&read_str(&utf8));
    let declared = utf8.replace("<meta charset=\"utf-8\">", "<meta charset=\"gbk\">");
    assert_ne!(declared, utf8);
    let undeclared = utf8.replace("<meta charset=\"utf-8\">", "");
    for page in [declared, undeclared] {
        let (bytes, _, unmappable) = encoding_rs::GBK.encode(&page);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&bytes).is_err(), "really GBK bytes");
        let (doc, encoding) = html::read_with_encoding(&bytes).unwrap();
        assert_eq!(encoding, "gb18030");
        assert_eq!(lines(&doc), expected);
    }
    // A page that declares UTF-8 but is GBK is still read.
    let (bytes, _, _) = encoding_rs::GBK.encode(&utf8);
    assert_eq!(lines(&html::read(&bytes).unwrap()), expected);
}

#[test]
fn word_markup_folds_to_cell_text() {
    let page = "<html><head><meta charset=utf-8>\
        <style><!-- p.MsoNormal {mso-style-parent:\"\"; margin:0cm;} --></style></head><body>\
        <table class=MsoNormalTable><tr style='mso-yfti-irow:0'>\
        <td width=120 style='border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt'>\
        <p class=MsoNormal><span style='font-family:宋体;mso-ascii-font-family:\"Times New Roman\"'>本年新</span><span lang=EN-US>/</span><font face=\"宋体\"><span style='mso-bidi-font-family:宋体'>修订</span></font><span lang=EN-US><o:p></o:p></span></p></td>\
        <td><p class=MsoNormal align=center><span lang=EN-US>１２<o:p></o:p></span></p></td>\
        <td><p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p></td>\
        <td><p class=MsoNormal><![if !supportEmptyParas]>&nbsp;<![endif]><o:p></o:p></p></td>\
        <td></td>\
        <td><p><span lang=EN-US>3</span><!--[if gte mso 9]><xml><w:x/></xml><![endif]--><span>4</span></p></td>\
        </tr><![if !supportMisalignedColumns]><tr height=0><td width=120 style='border:none'></td></tr><![endif]>\
        </table></body></html>";
    let doc = read_str(page);
    assert_eq!(lines(&doc), ["本年新/修订 | 12 |  |  |  | 34"]);
}

#[test]
fn tables_on_one_line_or_one_row_per_line_read_the_same() {
    let rows = [
        "<tr><td rowspan=2>（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>1</td></tr>",
        "<tr><td>2.其他法律行政法规禁止公开</td><td>2</td><td>3</td></tr>",
    ];
    let one_line = format!("<table>{}</table>", rows.concat());
    let per_line = format!("<table>\n  {}\n</table>\n", rows.join("\n  "));
    let spaced = per_line.replace("><", ">\n    <");
    let expected = lines(&read_str(&one_line));
    assert_eq!(
        expected,
        [
            "(三)不予公开 | 1.属于国家秘密 | 0 | 1",
            " | 2.其他法律行政法规禁止公开 | 2 | 3"
        ]
    );
    assert_eq!(lines(&read_str(&per_line)), expected);
    assert_eq!(lines(&read_str(&spaced)), expected);
}

#[test]
fn spans_point_at_the_page_and_carry_their_place() {
    let page = "<html><body>\n<p>前言</p>\n<table><tr><td>表头</td></tr></table>\n\
        <table>\n<tr><td colspan=2>行政复议</td><td rowspan=2>总计</td></tr>\n\
        <tr><td>维持</td><td><b>１</b>0</td></tr>\n</table>\n<p>结尾&nbsp;段落</p></body></html>";
    let doc = read_str(page);
    let find = |text: &str| {
        doc.lines
            .iter()
            .flat_map(|l| doc.cells(l).iter().copied())
            .find(|&c| doc.text(c) == text)
            .map(|c| doc.span(c.start, c.end))
            .unwrap_or_else(|| panic!("no cell {text:?}"))
    };
    let ten = find("10");
    assert_eq!(&page[ten.start..ten.end], "１</b>0");
    assert_eq!((ten.table, ten.row, ten.cell), (Some(1), Some(1), Some(1)));
    assert_eq!((ten.line, ten.column), (6, 23));
    let total = find("总计");
    assert_eq!(
        (total.table, total.row, total.cell),
        (Some(1), Some(0), Some(2))
    );
    let head = find("表头");
    assert_eq!(
        (head.table, head.row, head.cell),
        (Some(0), Some(0), Some(0))
    );
    let first = find("前言");
    assert_eq!((first.paragraph, first.table), (Some(0), None));
    let last = find("结尾 段落");
    assert_eq!(&page[last.start..last.end], "结尾&nbsp;段落");
    assert_eq!(last.paragraph, Some(1));
}

#[test]
fn merged_cells_expand_into_the_grid() {
    // The official table 3 header: the note spans 3 columns and 3 rows, 自然人
    // and 总计 two rows; a covered position is an empty cell where it sits.
    let page = "<table>\
        <tr><td colspan=3 rowspan=3>（本列数据的勾稽关系）</td><td colspan=7>申请人情况</td></tr>\
        <tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>\
        <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>\
        <tr><td colspan=3>一、本年新收</td><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td><td>6</td><td>21</td></tr>\
        </table>";
    let doc = read_str(page);
    assert_eq!(
        lines(&doc),
        [
            "(本列数据的勾稽关系) | 申请人情况",
            " | 自然人 | 法人或其他组织 | 总计",
            " |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他",
            "一、本年新收 | 1 | 2 | 3 | 4 | 5 | 6 | 21",
        ]
    );
    let columns: Vec<Option<u32>> = doc
        .cells(&doc.lines[2])
        .iter()
        .map(|c| doc.span(c.start, c.end).cell)
        .collect();
    assert_eq!(
        columns,
        [
            Some(0),
            Some(3),
            Some(4),
            Some(5),
            Some(6),
            Some(7),
            Some(8)
        ]
    );
    // rowspan=0 runs to the end of its row group; thead/tbody end row spans.
    let page =
        "<table><thead><tr><td rowspan=0>甲</td><td>乙</td></tr><tr><td>丙</td></tr></thead>\
        <tbody><tr><td>丁</td><td>戊</td></tr></tbody></table>";
    assert_eq!(lines(&read_str(page)), ["甲 | 乙", " | 丙", "丁 | 戊"]);
}

#[test]
fn span_attributes_are_read_however_they_are_spelled() {
    // Uppercase among other attributes, a value spelled with an entity, a
    // longer name that starts with `rowspan`, a `rowspan` without a value, and
    // a repeated one (the first counts).
    let page = "<table>\
        <tr><td style='width:10pt' ROWSPAN=\"2\" class=x>甲</td>\
        <td rowspanx=2 colspan=\"&#50;\">乙</td></tr>\
        <tr><td rowspan colspan=1>丙</td><td rowspan=1 rowspan=2>丁</td></tr>\
        <tr><td>戊</td><td>己</td><td>庚</td></tr>\
        </table>";
    assert_eq!(
        lines(&read_str(page)),
        ["甲 | 乙", " | 丙 | 丁", "戊 | 己 | 庚"]
    );
}

#[test]
fn layout_tables_and_article_cells_become_paragraphs() {
    let page = "<table width=1000><tr><td width=200><a href=/>首页</a></td><td>\
        <p>一、总体情况</p><p>2023年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化政务公开工作，各项工作有序推进。</p>\
        </td></tr></table>\
        <table><tr><td><div>导航</div></td><td><table><tr><td>规章</td><td>1</td></tr></table></td></tr></table>";
    assert_eq!(
        lines(&read_str(page)),
        [
            "首页",
            "一、总体情况",
            "2023年,本机关认真贯彻落实《中华人民共和国政府信息公开条例》,持续深化政务公开工作,各项工作有序推进。",
            "导航",
            "规章 | 1",
        ]
    );
}

#[test]
fn malformed_pages_read_without_panicking() {
    for page in [
        "<html><body><table><tr><td>规章<td>1<tr><td>规范性文件<td>2",
        "<table><td>无行</td></table>",
        "</td></tr></table><td>孤立</td>",
        "<table><tr><td><table><tr><td>内</td>",
        "<p>未闭合<div>块<span>行内",
        "<html><head><title>未闭合标题",
        "<script>var x = '<table>';",
        "<td colspan=99999 rowspan=99999>大</td><td>小</td><tr><td>下</td>",
        "<table><tr><td rowspan=-3 colspan=abc>负</td></tr></table>",
        "<!-- 未闭合注释 <td>1</td>",
        "<![if !supportMisalignedColumns]><tr><td>",
        "<head><body><head><p>二次</p>",
        "<plaintext><td>1</td>",
        "<td\n",
        "<",
    ] {
        let doc = read_str(page);
        spans_are_sound(&doc);
    }
    assert_eq!(
        lines(&read_str(
            "<html><body><table><tr><td>规章<td>1<tr><td>规范性文件<td>2"
        )),
        ["规章 | 1", "规范性文件 | 2"]
    );
    assert!(html::read(b"").is_err());
    assert!(html::read(b"<html>\x00\x01\x02\x03\x00\x00").is_err());
}

#[test]
fn every_cut_of_the_fixtures_reads() {
    for fixture in [
        "html/word-2021-gb2312.html",
        "html/cms-2019-saved-page.html",
    ] {
        let page = String::from_utf8(data(fixture))
            .unwrap_or_else(|e| xxgk_read::decode(e.as_bytes(), None).unwrap().text);
        let mut cut = 0;
        while cut < page.len() {
            if page.is_char_boundary(cut) {
                if let Ok(doc) = html::read(&page.as_bytes()[..cut]) {
                    spans_are_sound(&doc);
                }
            }
            cut += 997;
        }
    }
}

/// Pathological pages kept in tests/data/fuzz (a grid of huge row and column
/// spans, hundreds of unclosed nested tables, values split by long tags).
#[test]
fn fuzz_regressions_read() {
    let dir = format!("{}/../../tests/data/fuzz", env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("html-") {
            if let Ok(doc) = html::read(&std::fs::read(&path).unwrap()) {
                spans_are_sound(&doc);
            }
            count += 1;
        }
    }
    assert!(count > 0, "no html-* regression inputs in {dir}");
}

/// A page of `cells` empty table cells, `per_row` to a row, after a line of
/// text.
fn grid_page(cells: usize, per_row: usize) -> String {
    let mut page = String::from("<html><body><p>三、收到和处理政府信息公开申请情况</p><table>");
    for row in 0..cells.div_ceil(per_row) {
        page.push_str("<tr>");
        for _ in 0..per_row.min(cells - row * per_row) {
            page.push_str("<td></td>");
        }
        page.push_str("</tr>");
    }
    page + "</table></body></html>"
}

/// A crafted page of empty cells is refused past the limit, whatever their
/// rows, before they take memory many times its size; at the limit it reads.
#[test]
fn a_page_of_too_many_table_cells_is_refused() {
    let at_limit = read_str(&grid_page(xxgk_read::MAX_TABLE_CELLS, 3));
    assert_eq!(lines(&at_limit), ["三、收到和处理政府信息公开申请情况"]);
    let cells: usize = at_limit.lines.iter().map(|l| at_limit.cells(l).len()).sum();
    assert_eq!(cells, xxgk_read::MAX_TABLE_CELLS + 1);
    for per_row in [3, xxgk_read::MAX_TABLE_CELLS + 1] {
        let page = grid_page(xxgk_read::MAX_TABLE_CELLS + 1, per_row);
        let error = html::read(page.as_bytes()).unwrap_err();
        assert_eq!(error.kind, xxgk_read::ErrorKind::TooLarge);
        assert_eq!(
            error.message(xxgk_model::Lang::Zh),
            "HTML 表格单元格过多：超过 100,000 个（年度报告的表格只有数百个单元格）"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Arbitrary bytes after `<html>`: a document or a named error, never a panic.
    #[test]
    fn arbitrary_bytes_after_html(tail in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut bytes = b"<html>".to_vec();
        bytes.extend_from_slice(&tail);
        if let Ok(doc) = html::read(&bytes) {
            spans_are_sound(&doc);
        }
    }

    /// Arbitrary text made of markup pieces: the cells keep page order and
    /// every span is a valid range of the original.
    #[test]
    fn markup_soup(pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..200)) {
        let page: String = pieces.concat();
        let doc = html::from_html(page.clone()).unwrap();
        spans_are_sound(&doc);
        prop_assert_eq!(doc.original.len(), page.len());
    }
}

const PIECES: &[&str] = &[
    "<table>",
    "</table>",
    "<tr>",
    "</tr>",
    "<td>",
    "</td>",
    "<th rowspan=2>",
    "<td colspan=3>",
    "<td rowspan=0>",
    "<thead>",
    "</tbody>",
    "<p>",
    "</p>",
    "<br>",
    "<span\nstyle='a:b;\nc:d'>",
    "</span>",
    "<o:p>",
    "</o:p>",
    "&nbsp;",
    "&#",
    "&amp",
    "<!--",
    "-->",
    "<![if !vml]>",
    "<![endif]>",
    "<script>",
    "</script>",
    "<style>",
    "</style>",
    "<head>",
    "</head>",
    "<body>",
    "<select>",
    "</select>",
    "<template>",
    "</template>",
    "<title>",
    "</title>",
    "<",
    ">",
    "\n",
    "\r\n",
    " ",
    "0",
    "12",
    "规章",
    "（七）总计",
    "國(guó)",
    "**",
    "<caption>",
    "<div>",
    "</div>",
    "<a title=\"x>y\">",
    "</a>",
    "<plaintext>",
    "\u{3000}",
    "<font face=宋体>",
];
