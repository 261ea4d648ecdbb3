//! The DOCX reader: the official blank 2021 template read into lines of cells,
//! generated documents with merged cells and split runs, and broken packages
//! (truncated, no main part, ZIP bombs, random bytes) refused with named errors,
//! never a panic.

use proptest::prelude::*;
use std::collections::BTreeMap;
use xxgk_model::SourceFormat;
use xxgk_read::{docx, Document, ErrorKind, LineKind, Location};
use xxgk_synth::kit::bomb::{zip_bomb, Declared};
use xxgk_synth::kit::docx::{document_xml, docx, package, Block, Merge, Tc};

fn data(path: &str) -> String {
    format!("{}/../../tests/data/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn template_bytes() -> Vec<u8> {
    std::fs::read(data("docx/official-template-2021-blank.docx")).unwrap()
}

/// The texts of each line's cells.
fn lines(doc: &Document) -> Vec<Vec<&str>> {
    doc.lines
        .iter()
        .map(|l| doc.cells(l).iter().map(|&c| doc.text(c)).collect())
        .collect()
}

/// Table rows by table index: each row's cell texts, in order.
fn tables(doc: &Document) -> BTreeMap<u32, Vec<Vec<String>>> {
    let mut tables: BTreeMap<u32, Vec<Vec<String>>> = BTreeMap::new();
    for line in &doc.lines {
        let cells = doc.cells(line);
        let Some(first) = cells.first() else { continue };
        let span = doc.span(first.start, first.end);
        if let (Some(t), Some(r)) = (span.table, span.row) {
            let rows = tables.entry(t).or_default();
            assert_eq!(rows.len(), r as usize, "rows of table {t} in order");
            rows.push(cells.iter().map(|&c| doc.text(c).to_string()).collect());
        }
    }
    tables
}

fn location(doc: &Document, line: usize, cell: usize) -> Location {
    let c = doc.cells(&doc.lines[line])[cell];
    let span = doc.span(c.start, c.end);
    Location {
        page: span.page,
        paragraph: span.paragraph,
        table: span.table,
        row: span.row,
        cell: span.cell,
    }
}

#[test]
fn the_official_template_reads_as_paragraphs_and_three_tables() {
    let bytes = template_bytes();
    let read = xxgk_read::read(&bytes, "official-template-2021-blank.docx").unwrap();
    assert_eq!(read.format, SourceFormat::Docx);
    let doc = read.document;
    let tables = tables(&doc);
    assert_eq!(tables.len(), 3);

    // One cell per w:tc: merged cells do not add cells, vMerge continuations are empty.
    let widths = |t: u32| -> Vec<usize> { tables[&t].iter().map(Vec::len).collect() };
    assert_eq!(widths(0), [1, 4, 4, 4, 1, 2, 2, 1, 2, 2, 2, 1, 2, 2]);
    let mut requests = vec![2, 4, 8, 8, 8, 9, 9];
    requests.extend([10; 19]);
    requests.extend([9, 8]);
    assert_eq!(widths(1), requests);
    assert_eq!(widths(2), [2, 7, 15, 15]);

    let active = &tables[&0];
    assert_eq!(active[0], ["第二十条第(一)项"]);
    assert_eq!(
        active[1],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    );
    assert_eq!(
        active[2],
        ["规章", "", "", ""],
        "full-width spaces are blank"
    );
    assert_eq!(active[6], ["行政许可", ""]);
    assert_eq!(active[12], ["信息内容", "本年收费金额(单位:万元)"]);
    assert_eq!(active[13], ["行政事业性收费", ""]);

    let requests = &tables[&1];
    assert_eq!(
        requests[0][0],
        "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
    );
    assert_eq!(requests[1], ["", "自然人", "法人或其他组织", "总计"]);
    assert_eq!(
        requests[2],
        [
            "",
            "",
            "商业 企业",
            "科研 机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            ""
        ]
    );
    assert_eq!(requests[3][0], "一、本年新收政府信息公开申请数量");
    assert_eq!(requests[5][..2], ["三、本年度办理结果", "(一)予以公开"]);
    assert_eq!(requests[7][..3], ["", "(三)不予公开", "1.属于国家秘密"]);
    assert_eq!(requests[8][..3], ["", "", "2.其他法律行政法规禁止公开"]);
    assert_eq!(
        requests[23][2],
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    );
    assert_eq!(requests[26][1], "(七)总计");
    assert_eq!(requests[27][0], "四、结转下年度继续办理");
    // Every value cell of table 3 is blank.
    for row in &requests[3..] {
        assert!(row[row.len() - 7..].iter().all(String::is_empty), "{row:?}");
    }

    let appeals = &tables[&2];
    assert_eq!(appeals[0], ["行政复议", "行政诉讼"]);
    // A line break inside a cell reads as a space.
    assert_eq!(
        appeals[1][..5],
        ["结果维持", "结果 纠正", "其他 结果", "尚未 审结", "总计"]
    );
    assert!(appeals[3].iter().all(String::is_empty));
    assert_eq!(doc.lines.last().unwrap().kind, LineKind::Blank);

    // Body paragraphs: one line each, located by paragraph.
    let texts = lines(&doc);
    let heading = texts.iter().position(|l| l == &["一、总体情况"]).unwrap();
    assert_eq!(location(&doc, heading, 0).paragraph, Some(3));
    assert_eq!(location(&doc, heading, 0).table, None);
    for heading in [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ] {
        assert!(texts.iter().any(|l| l == &[heading]), "{heading}");
    }
}

#[test]
fn template_spans_point_at_the_printed_text_and_its_cell() {
    let doc = docx::read(&template_bytes()).unwrap();
    let mut seen = 0;
    for (i, line) in doc.lines.iter().enumerate() {
        for (j, &cell) in doc.cells(line).iter().enumerate() {
            if cell.start == cell.end {
                continue;
            }
            let span = doc.span(cell.start, cell.end);
            // The span starts and ends on printed text of document.xml.
            let original = &doc.original[span.start..span.end];
            assert!(
                !original.starts_with('<') && !original.ends_with('>'),
                "{original}"
            );
            if let Some(row) = span.row {
                assert_eq!(span.cell, Some(j as u32), "line {i}");
                assert!(span.table.is_some() && span.paragraph.is_none());
                let _ = row;
            } else {
                assert!(span.paragraph.is_some(), "line {i}");
            }
            seen += 1;
        }
    }
    assert!(seen > 80, "{seen} cells with text");
    // A label printed in one run maps to exactly its characters.
    let line = doc
        .lines
        .iter()
        .find(|l| doc.cells(l).first().is_some_and(|&c| doc.text(c) == "规章"))
        .unwrap();
    let cell = doc.cells(line)[0];
    let span = doc.span(cell.start, cell.end);
    assert_eq!(&doc.original[span.start..span.end], "规章");
    assert_eq!(
        (span.table, span.row, span.cell),
        (Some(0), Some(2), Some(0))
    );
}

#[test]
fn runs_breaks_merges_and_escapes_read_back() {
    let xml = document_xml(&[
        Block::Para("三、收到和处理|政府信息公开申请情况".into()),
        Block::Table(vec![
            vec![
                Tc::text("一、本年|新收\n政府信息公开申请数量").span(3),
                Tc::text("1|2"),
                Tc::empty(),
                Tc::text("3"),
            ],
            vec![
                Tc::text("三、本年度办理结果").merge(Merge::Restart),
                Tc::text("(一)予以\u{2028}公开").span(2),
                Tc::text("１０"),
                Tc::text("-"),
                Tc::text("A&B<C>"),
            ],
            vec![
                Tc::empty().merge(Merge::Continue),
                Tc::text("（二）部分公开").span(2),
                Tc::text("4\t5"),
                Tc::empty(),
                Tc::empty(),
            ],
        ]),
        Block::Para("\t规章\t\t7\t".into()),
    ]);
    let doc = docx::read(&docx(&xml)).unwrap();
    assert_eq!(
        lines(&doc),
        [
            vec!["三、收到和处理政府信息公开申请情况"],
            vec!["一、本年新收 政府信息公开申请数量", "12", "", "3"],
            vec!["三、本年度办理结果", "(一)予以 公开", "10", "-", "A&B<C>"],
            vec!["", "(二)部分公开", "4 5", "", ""],
            vec!["规章", "", "7"],
        ]
    );
    assert_eq!(
        location(&doc, 2, 2),
        Location {
            table: Some(0),
            row: Some(1),
            cell: Some(2),
            ..Location::default()
        }
    );
    assert_eq!(location(&doc, 4, 2).paragraph, Some(1));
    // Values map back to their digits in document.xml, byte for byte.
    let ten = doc.cells(&doc.lines[2])[2];
    let span = doc.span(ten.start, ten.end);
    assert_eq!(&xml[span.start..span.end], "１０");
    assert_eq!(doc.original.len(), xml.len());
    let twelve = doc.cells(&doc.lines[1])[1];
    let span = doc.span(twelve.start, twelve.end);
    assert!(xml[span.start..span.end].starts_with('1') && xml[span.start..span.end].ends_with('2'));
}

#[test]
fn pretty_printed_and_prefixed_xml_reads_the_same() {
    let xml = r#"<?xml version="1.0"?>
<doc:document xmlns:doc="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <doc:body>
    <doc:p>
      <doc:r>
        <doc:t>规</doc:t>
      </doc:r>
      <doc:r>
        <doc:t>章</doc:t>
      </doc:r>
    </doc:p>
    <doc:tbl>
      <doc:tr>
        <doc:tc><doc:p><doc:r><doc:t>规章</doc:t></doc:r></doc:p></doc:tc>
        <doc:tc>
          <doc:p><doc:r><doc:t>1</doc:t></doc:r></doc:p>
          <doc:p><doc:r><doc:t>2</doc:t></doc:r></doc:p>
        </doc:tc>
      </doc:tr>
    </doc:tbl>
  </doc:body>
</doc:document>"#;
    let doc = docx::read_document_xml(xml.to_string()).unwrap();
    assert_eq!(lines(&doc), [vec!["规章"], vec!["规章", "1 2"]]);
    assert_eq!(doc.original.lines().count(), xml.lines().count());
    let two = doc.cells(&doc.lines[1])[1];
    assert_eq!(doc.span(two.start, two.end).line, 16);
}

#[test]
fn framing_tables_read_as_their_content() {
    let inner = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>规章</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
    let xml = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>{inner}<w:p><w:r><w:t>正文。</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#
    );
    let doc = docx::read_document_xml(xml).unwrap();
    assert_eq!(
        lines(&doc),
        [vec!["一、总体情况"], vec!["规章", "5"], vec!["正文。"]]
    );
    assert_eq!(location(&doc, 1, 1).table, Some(1));
    assert_eq!(location(&doc, 0, 0).table, Some(0));

    // A one-column table is a box around paragraphs, not a table of data.
    let boxed = document_xml(&[Block::Table(vec![vec![Tc::text(
        "五、存在的主要问题及改进情况\n一是……。\n二是……。",
    )]])]);
    let doc = docx::read_document_xml(boxed).unwrap();
    assert_eq!(
        lines(&doc),
        [
            vec!["五、存在的主要问题及改进情况"],
            vec!["一是……。"],
            vec!["二是……。"]
        ]
    );
}

fn error_kind(bytes: &[u8]) -> ErrorKind {
    docx::read(bytes).map(|_| ()).unwrap_err().kind
}

#[test]
fn truncated_and_foreign_packages_are_corrupt() {
    let bytes = template_bytes();
    let err = docx::read(&bytes[..bytes.len() / 2])
        .map(|_| ())
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Corrupt);
    assert!(
        err.message.zh.starts_with("DOCX 文件已损坏："),
        "{}",
        err.message.zh
    );
    // Through the sniffing entry point too.
    let err = xxgk_read::read(&bytes[..bytes.len() / 2], "report.docx")
        .map(|_| ())
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Corrupt);
    assert_eq!(
        error_kind(b"PK\x03\x04 not really a zip"),
        ErrorKind::Corrupt
    );
    assert_eq!(error_kind(b""), ErrorKind::Corrupt);

    let no_main = package(&[("word/styles.xml", b"<w:styles/>".as_slice())]);
    let err = docx::read(&no_main).map(|_| ()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Corrupt);
    assert!(
        err.message.zh.contains("word/document.xml"),
        "{}",
        err.message.zh
    );

    let broken_xml = docx("<w:document><w:body><w:p></w:body>");
    assert_eq!(error_kind(&broken_xml), ErrorKind::Corrupt);
    let not_utf8 = package(&[(
        "word/document.xml",
        b"<w:document>\xff\xfe\xfd</w:document>".as_slice(),
    )]);
    assert_eq!(error_kind(&not_utf8), ErrorKind::Corrupt);
}

/// Sets the uncompressed size of every entry, in local and central headers.
fn declare_size(zip: &mut [u8], size: u32) {
    let mut i = 0;
    while i + 30 <= zip.len() {
        let at = match &zip[i..i + 4] {
            b"PK\x03\x04" => Some(i + 22),
            b"PK\x01\x02" => Some(i + 24),
            _ => None,
        };
        if let Some(at) = at {
            zip[at..at + 4].copy_from_slice(&size.to_le_bytes());
        }
        i += 1;
    }
}

#[test]
fn huge_parts_are_refused_before_they_are_read() {
    let xml = document_xml(&[Block::Para("规章".into())]);
    let mut bomb = package(&[("word/document.xml", xml.as_bytes())]);
    declare_size(&mut bomb, 200 * 1024 * 1024);
    let err = docx::read(&bomb).map(|_| ()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::TooLarge);
    assert_eq!(
        err.message.zh,
        "DOCX 部件 word/document.xml 解压后为 209,715,200 字节，上限为 67,108,864 字节"
    );

    // A part that declares a small size and inflates to more is read for what it
    // holds (its checksum is right), still within the limit.
    let spaces = vec![b' '; 4 * 1024 * 1024];
    let mut liar = package(&[("word/document.xml", spaces.as_slice())]);
    declare_size(&mut liar, 100);
    let doc = docx::read(&liar).unwrap();
    assert_eq!(doc.original.len(), spaces.len());
    assert!(doc.lines.is_empty());
}

/// A part that really inflates past the limit is refused while it is read
/// (65 MiB of spaces deflate to 64 KiB).
#[test]
fn parts_inflating_past_the_limit_are_too_large() {
    let zeros = vec![b' '; 65 * 1024 * 1024];
    let bomb = package(&[("word/document.xml", zeros.as_slice())]);
    assert!(bomb.len() < 1024 * 1024);
    assert_eq!(error_kind(&bomb), ErrorKind::TooLarge);

    // 512 MiB that declare 2 KiB: inflating stops one byte past the limit.
    let xml = document_xml(&[Block::Para("规章".into())]);
    let real = package(&[("word/document.xml", xml.as_bytes())]);
    let liar = zip_bomb(&real, "word/document.xml", 512 << 20, Declared::Lying(2048));
    let err = docx::read(&liar).map(|_| ()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::TooLarge);
    assert_eq!(
        err.message.zh,
        "DOCX 部件 word/document.xml 解压后超过 67,108,864 字节的上限"
    );
}

#[test]
fn the_main_part_is_found_through_the_package_relationships() {
    let xml = document_xml(&[Block::Para("规章".into())]);
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
    let bytes = package(&[
        ("_rels/.rels", rels.as_bytes()),
        ("word/document2.xml", xml.as_bytes()),
    ]);
    assert_eq!(lines(&docx::read(&bytes).unwrap()), [["规章"]]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Arbitrary bytes after a ZIP header: an error, never a panic.
    #[test]
    fn arbitrary_bytes_with_a_zip_header_are_refused(tail in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend(tail);
        prop_assert!(docx::read(&bytes).is_err());
        prop_assert!(xxgk_read::read(&bytes, "x.docx").is_err());
    }

    /// A real DOCX with bytes overwritten: an error or a document, never a panic.
    #[test]
    fn damaged_packages_never_panic(at in 0usize..200_000, noise in proptest::collection::vec(any::<u8>(), 1..64)) {
        let mut bytes = template_bytes();
        let at = at % bytes.len();
        let end = (at + noise.len()).min(bytes.len());
        bytes[at..end].copy_from_slice(&noise[..end - at]);
        let _ = docx::read(&bytes);
    }

    /// document.xml text with markup and text spliced in: an error or a document
    /// whose cells map back inside the original, never a panic.
    #[test]
    fn damaged_document_xml_never_panics(cut in 0usize..4000, len in 0usize..200, noise in "(<w:(p|t|r|tc|tr|tbl|br|tab)/?>|</w:(p|t|r|tc|tr|tbl)>|[规章0-9 &;<>/]){0,12}") {
        let xml = document_xml(&[
            Block::Para("一、总体情况".into()),
            Block::Table(vec![vec![Tc::text("规章").span(2), Tc::text("1|2"), Tc::empty()]]),
        ]);
        let mut cut = cut.min(xml.len());
        while !xml.is_char_boundary(cut) { cut -= 1; }
        let mut end = (cut + len).min(xml.len());
        while !xml.is_char_boundary(end) { end -= 1; }
        let damaged = format!("{}{}{}", &xml[..cut], noise, &xml[end..]);
        if let Ok(doc) = docx::read_document_xml(damaged.clone()) {
            prop_assert_eq!(doc.original.len(), damaged.len());
            for line in &doc.lines {
                for &cell in doc.cells(line) {
                    let span = doc.span(cell.start, cell.end);
                    prop_assert!(span.start <= span.end && span.end <= damaged.len());
                }
            }
        }
    }
}

/// Inputs the docx fuzz target found failing (`tests/data/fuzz/docx-*`), run the
/// way it runs them: the first byte picks a whole package (even) or the text of
/// document.xml (odd); a document read keeps the XML's length and has no line
/// break or tab inside a cell.
#[test]
fn fuzz_regressions_read_cleanly() {
    let dir = data("fuzz");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("docx-") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let Some((&mode, rest)) = bytes.split_first() else {
            continue;
        };
        let read = if mode % 2 == 0 {
            docx::read(rest)
        } else {
            let xml = String::from_utf8_lossy(rest).into_owned();
            let len = xml.len();
            docx::read_document_xml(xml).inspect(|doc| assert_eq!(doc.original.len(), len))
        };
        if let Ok(doc) = read {
            for line in &doc.lines {
                for &cell in doc.cells(line) {
                    let text = doc.text(cell);
                    assert!(!text.contains(['\n', '\t']), "{name}: {text:?}");
                }
            }
        }
        count += 1;
    }
    assert!(count > 0, "no docx regression inputs in {dir}");
}
