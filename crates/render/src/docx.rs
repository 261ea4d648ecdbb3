//! DOCX: the OOXML parts of a Word document, written as strings and zipped.
//!
//! * Page: A4 with the margins of a 公文 (GB/T 9704: top 37 mm, bottom 35 mm,
//!   left 28 mm, right 26 mm), page numbers `— N —` in the footer.
//! * Styles: `Title` (方正小标宋简体 二号, centred), `Heading1` for the six
//!   section headings (黑体 三号), `Heading2` (楷体_GB2312) and `Heading3` (仿宋
//!   bold) for the author's own headings, `Normal` body text (仿宋_GB2312 三号,
//!   28 pt lines, first line indented two characters), `TableText` (宋体 10 pt,
//!   as the official template's tables), `Signature` (right-aligned). Each
//!   declares its East Asian font (`w:eastAsia`) next to a Latin one.
//! * Tables: real `w:tbl` with the official grid; merged cells as `w:gridSpan`
//!   and `w:vMerge` (restart / continue), header rows repeated on each page.
//!
//! The zip entries carry no timestamps, so the same document gives the same bytes.

use crate::grid::{Grid, Role, Slot};
use crate::prose::{self, BlockKind, Run};
use crate::{structure, Document, Tables};
use std::fmt::Write as _;
use std::io::Write as _;
use xxgk_model::labels::SECTIONS;

/// A4 width minus the left and right margins, in twips.
const TEXT_WIDTH: u32 = 11906 - 1587 - 1474;

/// Renders the document as the bytes of a `.docx` file.
pub fn render(doc: &Document) -> Vec<u8> {
    let title = structure::title(doc.report);
    let parts: [(&str, String); 10] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("docProps/core.xml", core_properties(&title, doc)),
        ("docProps/app.xml", APP_PROPERTIES.to_string()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
        ("word/document.xml", document(doc)),
        ("word/styles.xml", STYLES.to_string()),
        ("word/settings.xml", SETTINGS.to_string()),
        ("word/fontTable.xml", FONT_TABLE.to_string()),
        ("word/footer1.xml", FOOTER.to_string()),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::DEFAULT);
    for (name, content) in parts {
        zip.start_file(name, options)
            .and_then(|_| zip.write_all(content.as_bytes()).map_err(Into::into))
            .expect("writing to memory cannot fail");
    }
    zip.finish()
        .expect("writing to memory cannot fail")
        .into_inner()
}

fn document(doc: &Document) -> String {
    let tables = Tables::of(doc);
    let mut body = String::with_capacity(128 * 1024);
    paragraph(&mut body, "Title", &title_runs(doc.report));
    prose_xml(&mut body, doc.preamble);
    for (i, section) in SECTIONS.iter().enumerate() {
        paragraph(&mut body, "Heading1", &[plain(section.title)]);
        prose_xml(&mut body, doc.sections[i]);
        if let Some(grid) = tables.for_section(section.number) {
            table_xml(&mut body, grid);
        }
    }
    let signature = crate::signature(doc.report);
    if !signature.is_empty() {
        body.push_str("<w:p/>");
    }
    for line in &signature {
        paragraph(&mut body, "Signature", &[plain(line)]);
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:body>{body}\
<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>\
<w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>\
<w:cols w:space=\"425\"/><w:docGrid w:linePitch=\"312\"/></w:sectPr>\
</w:body></w:document>"
    )
}

/// The title on two lines, the agency above the rest, as 公文 titles break.
fn title_runs(report: &xxgk_model::Report) -> Vec<Run> {
    let (first, second) = structure::title_lines(report);
    match first {
        Some(agency) => vec![plain(&agency), Run::Break, plain(&second)],
        None => vec![plain(&second)],
    }
}

fn plain(text: &str) -> Run {
    Run::Text {
        text: text.to_string(),
        bold: false,
        italic: false,
    }
}

/// One `w:p` of a style, with optional extra paragraph properties.
fn paragraph(out: &mut String, style: &str, runs: &[Run]) {
    paragraph_with(out, style, "", runs);
}

fn paragraph_with(out: &mut String, style: &str, properties: &str, runs: &[Run]) {
    let _ = write!(
        out,
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>{properties}</w:pPr>"
    );
    runs_xml(out, runs);
    out.push_str("</w:p>");
}

fn runs_xml(out: &mut String, runs: &[Run]) {
    for run in runs {
        match run {
            Run::Break => out.push_str("<w:r><w:br/></w:r>"),
            Run::Text { text, bold, italic } => {
                out.push_str("<w:r>");
                if *bold || *italic {
                    out.push_str("<w:rPr>");
                    if *bold {
                        out.push_str("<w:b/><w:bCs/>");
                    }
                    if *italic {
                        out.push_str("<w:i/><w:iCs/>");
                    }
                    out.push_str("</w:rPr>");
                }
                let _ = write!(
                    out,
                    "<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                    escape(text)
                );
            }
        }
    }
}

fn prose_xml(out: &mut String, markdown: &str) {
    for block in prose::blocks(markdown) {
        match block.kind {
            BlockKind::Heading(1) => paragraph(out, "Heading2", &block.runs),
            BlockKind::Heading(_) => paragraph(out, "Heading3", &block.runs),
            BlockKind::Paragraph => paragraph(out, "Normal", &block.runs),
            BlockKind::Item { marker, depth } => {
                let mut runs = block.runs.clone();
                if let Some(marker) = marker {
                    runs.insert(0, plain(&format!("{marker} ")));
                }
                let indent = if depth > 1 {
                    format!(
                        "<w:ind w:left=\"{}\" w:firstLine=\"640\"/>",
                        640 * u32::from(depth - 1)
                    )
                } else {
                    String::new()
                };
                paragraph_with(out, "Normal", &indent, &runs);
            }
            BlockKind::Quote => paragraph_with(
                out,
                "Normal",
                "<w:ind w:left=\"640\" w:firstLine=\"640\"/>",
                &block.runs,
            ),
            BlockKind::Code => paragraph_with(
                out,
                "Normal",
                "<w:ind w:firstLine=\"0\"/><w:jc w:val=\"left\"/>",
                &block.runs,
            ),
        }
    }
}

/// The grid's column widths scaled to the text width, in twips.
fn scaled_widths(grid: &Grid) -> Vec<u32> {
    let total: u32 = grid.widths.iter().sum();
    let mut widths: Vec<u32> = grid.widths.iter().map(|w| w * TEXT_WIDTH / total).collect();
    let rest = TEXT_WIDTH - widths.iter().sum::<u32>();
    if let Some(last) = widths.last_mut() {
        *last += rest;
    }
    widths
}

fn table_xml(out: &mut String, grid: &Grid) {
    let widths = scaled_widths(grid);
    let border = |side: &str| {
        format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>")
    };
    let _ = write!(
        out,
        "<w:tbl><w:tblPr><w:tblW w:w=\"{TEXT_WIDTH}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>{}{}{}{}{}{}</w:tblBorders>\
<w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar>\
<w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
        border("top"),
        border("left"),
        border("bottom"),
        border("right"),
        border("insideH"),
        border("insideV"),
    );
    for width in &widths {
        let _ = write!(out, "<w:gridCol w:w=\"{width}\"/>");
    }
    out.push_str("</w:tblGrid>");
    for (r, row) in grid.rows.iter().enumerate() {
        out.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if r < grid.header_rows {
            out.push_str("<w:tblHeader/>");
        }
        out.push_str(
            "<w:trHeight w:val=\"340\" w:hRule=\"atLeast\"/><w:jc w:val=\"center\"/></w:trPr>",
        );
        let mut c = 0;
        while c < row.len() {
            match &row[c] {
                Slot::Cell(cell) => {
                    let width: u32 = widths[c..c + cell.colspan].iter().sum();
                    let merge = if cell.rowspan > 1 {
                        "<w:vMerge w:val=\"restart\"/>"
                    } else {
                        ""
                    };
                    cell_xml(out, width, cell.colspan, merge, cell.role, &cell.text);
                    c += cell.colspan;
                }
                Slot::Covered {
                    row: origin_row,
                    col,
                } => {
                    let origin = grid
                        .cell(*origin_row, *col)
                        .expect("a covered position points at a cell");
                    if *col == c && *origin_row < r {
                        // The continuation of a cell merged downwards.
                        let width: u32 = widths[c..c + origin.colspan].iter().sum();
                        cell_xml(out, width, origin.colspan, "<w:vMerge/>", origin.role, "");
                        c += origin.colspan;
                    } else {
                        c += 1;
                    }
                }
            }
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    // Word needs a paragraph between two tables and after the last one.
    out.push_str("<w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p>");
}

fn cell_xml(out: &mut String, width: u32, colspan: usize, merge: &str, role: Role, text: &str) {
    let span = if colspan > 1 {
        format!("<w:gridSpan w:val=\"{colspan}\"/>")
    } else {
        String::new()
    };
    let shade = if role == Role::Block {
        "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"C6D9F1\"/>"
    } else {
        ""
    };
    let align = match role {
        Role::Block | Role::Label | Role::Note => "left",
        Role::Head | Role::CentredLabel | Role::Value => "center",
    };
    let _ = write!(
        out,
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>{span}{merge}{shade}<w:vAlign w:val=\"center\"/></w:tcPr>\
<w:p><w:pPr><w:pStyle w:val=\"TableText\"/><w:jc w:val=\"{align}\"/></w:pPr>"
    );
    if !text.is_empty() {
        let _ = write!(
            out,
            "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>",
            escape(text)
        );
    }
    out.push_str("</w:p></w:tc>");
}

fn core_properties(title: &str, doc: &Document) -> String {
    let creator = doc.report.agency.as_deref().unwrap_or("");
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
<dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>",
        escape(title),
        escape(creator)
    )
}

/// Escapes text for XML content and attribute values; drops characters XML 1.0
/// cannot hold (control characters other than tab and line breaks).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

const APP_PROPERTIES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>xxgk</Application></Properties>"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/></w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>"#;

/// The 公文 fonts, with the names machines without them can fall back to.
const FONT_TABLE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font><w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font><w:font w:name="仿宋"><w:altName w:val="FangSong"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font><w:font w:name="黑体"><w:altName w:val="SimHei"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font><w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font><w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/><w:charset w:val="86"/><w:family w:val="script"/><w:pitch w:val="variable"/></w:font><w:font w:name="宋体"><w:altName w:val="SimSun"/><w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font></w:fonts>"#;

/// Styles: fonts are declared per style, with `w:eastAsia` for Chinese text
/// and Times New Roman for Latin letters and digits, as 公文 are set.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:cs="Times New Roman" w:hint="eastAsia"/><w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/></w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:cs="Times New Roman" w:hint="eastAsia"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="0" w:after="560" w:line="700" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="方正小标宋简体" w:cs="Times New Roman" w:hint="eastAsia"/><w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="黑体" w:cs="Times New Roman" w:hint="eastAsia"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="楷体_GB2312" w:cs="Times New Roman" w:hint="eastAsia"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="3"/></w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:cs="Times New Roman" w:hint="eastAsia"/><w:b/><w:bCs/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Signature"><w:name w:val="Signature"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0" w:right="1280"/><w:jc w:val="right"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体" w:cs="Times New Roman" w:hint="eastAsia"/><w:kern w:val="0"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体" w:hint="eastAsia"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
</w:styles>"#;

/// The footer: the page number between dashes, centred, as 公文 print it.
const FOOTER: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr><w:r><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#;
