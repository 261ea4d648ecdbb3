//! HTML: one self-contained page, printable on A4 with the margins and fonts of
//! a 公文 (GB/T 9704): title in 方正小标宋 二号, section headings in 黑体 三号,
//! body in 仿宋_GB2312 三号 with fallbacks for machines without them, tables
//! in 宋体 as the official template prints them, with `rowspan`/`colspan`.

use crate::grid::{Grid, Role, Slot};
use crate::prose::{self, BlockKind, Run};
use crate::{structure, Document, Tables};
use std::fmt::Write as _;
use xxgk_model::labels::SECTIONS;

const STYLE: &str = r#"@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { background: #f2f2f2; }
body { margin: 0; color: #000;
  font-family: "FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif SC", serif;
  font-size: 16pt; line-height: 28pt; }
.page { box-sizing: border-box; width: 210mm; min-height: 297mm; margin: 0 auto; padding: 37mm 26mm 35mm 28mm; background: #fff; }
h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "小标宋", "STZhongsong", "华文中宋", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: 22pt; line-height: 1.45; font-weight: normal; text-align: center; margin: 0 0 28pt; }
h1, h2, h3, h4, h5, h6 { page-break-after: avoid; break-after: avoid; }
h2 { font-family: "黑体", "SimHei", "STHeiti", "Heiti SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
  font-size: 16pt; font-weight: normal; text-indent: 2em; margin: 0; }
h3 { font-family: "楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", "Noto Serif CJK SC", serif;
  font-size: 16pt; font-weight: normal; text-indent: 2em; margin: 0; }
h4, h5, h6 { font-size: 16pt; font-weight: bold; text-indent: 2em; margin: 0; }
p { text-indent: 2em; margin: 0; text-align: justify; }
p.item { text-indent: 2em; }
p.quote { padding-left: 2em; }
p.code { text-indent: 0; white-space: pre-wrap; }
p.signature { text-indent: 0; text-align: right; padding-right: 4em; }
p.signature.first { margin-top: 28pt; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 6pt 0 14pt;
  font-family: "宋体", "SimSun", "STSong", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: 10pt; line-height: 1.35; }
th, td { border: 1px solid #000; padding: 2pt 3pt; text-align: center; vertical-align: middle; font-weight: normal; word-break: break-all; }
.label, .note, .block { text-align: left; }
.block { background: #c6d9f1; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
@media print {
  html { background: none; }
  .page { width: auto; min-height: 0; margin: 0; padding: 0; }
}
"#;

pub fn render(doc: &Document) -> String {
    let title = structure::title(doc.report);
    let tables = Tables::of(doc);
    let mut out = String::with_capacity(32 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"generator\" content=\"xxgk\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&title));
    let _ = writeln!(
        out,
        "<style>\n{STYLE}</style>\n</head>\n<body>\n<div class=\"page\">"
    );
    match structure::title_lines(doc.report) {
        (Some(agency), rest) => {
            let _ = writeln!(out, "<h1>{}<br>{}</h1>", escape(&agency), escape(&rest));
        }
        (None, rest) => {
            let _ = writeln!(out, "<h1>{}</h1>", escape(&rest));
        }
    }
    prose_html(&mut out, doc.preamble);
    for (i, section) in SECTIONS.iter().enumerate() {
        let _ = writeln!(out, "<h2>{}</h2>", escape(section.title));
        prose_html(&mut out, doc.sections[i]);
        if let Some(grid) = tables.for_section(section.number) {
            table_html(&mut out, grid);
        }
    }
    for (i, line) in crate::signature(doc.report).iter().enumerate() {
        let class = if i == 0 {
            "signature first"
        } else {
            "signature"
        };
        let _ = writeln!(out, "<p class=\"{class}\">{}</p>", escape(line));
    }
    out.push_str("</div>\n</body>\n</html>\n");
    out
}

fn prose_html(out: &mut String, markdown: &str) {
    for block in prose::blocks(markdown) {
        let runs = runs_html(&block.runs);
        match block.kind {
            BlockKind::Heading(level) => {
                let h = (level + 2).min(6);
                let _ = writeln!(out, "<h{h}>{runs}</h{h}>");
            }
            BlockKind::Paragraph => {
                let _ = writeln!(out, "<p>{runs}</p>");
            }
            BlockKind::Item { marker, depth } => {
                let marker = marker
                    .map(|m| format!("{} ", escape(&m)))
                    .unwrap_or_default();
                let pad = if depth > 1 {
                    format!(" style=\"padding-left:{}em\"", 2 * (depth - 1))
                } else {
                    String::new()
                };
                let _ = writeln!(out, "<p class=\"item\"{pad}>{marker}{runs}</p>");
            }
            BlockKind::Quote => {
                let _ = writeln!(out, "<p class=\"quote\">{runs}</p>");
            }
            BlockKind::Code => {
                let _ = writeln!(out, "<p class=\"code\">{runs}</p>");
            }
        }
    }
}

fn runs_html(runs: &[Run]) -> String {
    let mut out = String::new();
    for run in runs {
        match run {
            Run::Break => out.push_str("<br>"),
            Run::Text { text, bold, italic } => {
                let text = escape(text);
                match (bold, italic) {
                    (true, true) => {
                        let _ = write!(out, "<strong><em>{text}</em></strong>");
                    }
                    (true, false) => {
                        let _ = write!(out, "<strong>{text}</strong>");
                    }
                    (false, true) => {
                        let _ = write!(out, "<em>{text}</em>");
                    }
                    (false, false) => out.push_str(&text),
                }
            }
        }
    }
    out
}

fn table_html(out: &mut String, grid: &Grid) {
    let total: u32 = grid.widths.iter().sum();
    out.push_str("<table>\n<colgroup>");
    for width in &grid.widths {
        let percent = f64::from(*width) * 100.0 / f64::from(total);
        let _ = write!(out, "<col style=\"width:{percent:.2}%\">");
    }
    out.push_str("</colgroup>\n");
    for (r, row) in grid.rows.iter().enumerate() {
        if r == 0 && grid.header_rows > 0 {
            out.push_str("<thead>\n");
        }
        if r == grid.header_rows {
            out.push_str("<tbody>\n");
        }
        out.push_str("<tr>");
        for slot in row {
            let Slot::Cell(cell) = slot else { continue };
            let (tag, class) = match cell.role {
                Role::Head => ("th", None),
                Role::Block => ("th", Some("block")),
                Role::Note => ("th", Some("note")),
                Role::Label => ("td", Some("label")),
                Role::CentredLabel => ("td", None),
                Role::Value => ("td", None),
            };
            let _ = write!(out, "<{tag}");
            if let Some(class) = class {
                let _ = write!(out, " class=\"{class}\"");
            }
            if cell.rowspan > 1 {
                let _ = write!(out, " rowspan=\"{}\"", cell.rowspan);
            }
            if cell.colspan > 1 {
                let _ = write!(out, " colspan=\"{}\"", cell.colspan);
            }
            let _ = write!(out, ">{}</{tag}>", escape(&cell.text));
        }
        out.push_str("</tr>\n");
        if r + 1 == grid.header_rows {
            out.push_str("</thead>\n");
        }
    }
    if grid.header_rows < grid.rows.len() {
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n");
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}
