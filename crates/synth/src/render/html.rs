//! A report as a web page (adapted from the extractor's round-trip test
//! renderer): the text with its three tables as HTML tables in the official
//! layout — group labels merged down with `rowspan` (or empty `<td>`s in their
//! place), headers and single values spanning columns with `colspan` — in
//! plain markup or the markup Word writes when a report is saved as a web page,
//! optionally inside a whole site page (navigation, scripts, a metadata table,
//! a footer). All label text comes from `xxgk_model::labels`.

use super::grid::{Builder, Style, BLOCKS_2019, BLOCKS_2021, RESULTS_GROUP};
use super::{date_line, sections, Document};
use crate::rng::Rng;
use xxgk_model::labels::{self, ValueKind};
use xxgk_model::{Active, AppealGroup, RequestRow, RowKind, Table};

/// One cell of an HTML table row.
struct Td {
    html: String,
    colspan: usize,
    rowspan: usize,
}

fn td(html: String) -> Td {
    Td {
        html,
        colspan: 1,
        rowspan: 1,
    }
}

fn span(html: String, colspan: usize, rowspan: usize) -> Td {
    Td {
        html,
        colspan,
        rowspan,
    }
}

/// `style` attributes Word writes on runs.
const SPAN_STYLES: &[&str] = &[
    "font-size:10.5pt;font-family:宋体",
    "font-size:10.5pt;font-family:宋体;mso-ascii-font-family:\"Times New Roman\";\n  mso-hansi-font-family:\"Times New Roman\";color:black;mso-font-kerning:0pt",
];

struct Renderer<'a> {
    style: Style,
    rng: &'a mut Rng,
    /// Word's "save as web page" markup, else plain tags.
    word: bool,
    /// Each table on one line, else one tag per line.
    one_line: bool,
    /// Empty `<td>` where a merged label covers a position, instead of `rowspan`.
    empty_cells: bool,
}

/// The page.
pub fn render(doc: &Document, style: Style, rng: &mut Rng) -> String {
    let word = rng.chance(0.3);
    let one_line = rng.chance(0.3);
    let empty_cells = rng.chance(0.3);
    let site = rng.chance(0.4);
    let mut r = Renderer {
        style,
        rng,
        word,
        one_line,
        empty_cells,
    };
    r.page(doc, site)
}

impl Renderer<'_> {
    fn nl(&self) -> &'static str {
        if self.one_line {
            ""
        } else {
            "\n"
        }
    }

    fn page(&mut self, doc: &Document, site: bool) -> String {
        let title = format!("{}{}年政府信息公开工作年度报告", doc.agency, doc.year);
        let mut out = String::with_capacity(32 * 1024);
        out.push_str("<!DOCTYPE html>\n");
        if self.word {
            out.push_str("<html xmlns:v=\"urn:schemas-microsoft-com:vml\"\nxmlns:o=\"urn:schemas-microsoft-com:office:office\"\nxmlns:w=\"urn:schemas-microsoft-com:office:word\"\nxmlns=\"http://www.w3.org/TR/REC-html40\">\n");
        } else {
            out.push_str("<html lang=\"zh-CN\">\n");
        }
        out.push_str("<head>\n<meta charset=\"utf-8\">\n");
        out.push_str(&format!("<title>{title}</title>\n"));
        if self.word {
            out.push_str("<style>\n<!--\n p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{mso-style-parent:\"\";\n\tmargin:0cm;\n\tfont-size:10.5pt;}\n-->\n</style>\n");
        } else {
            out.push_str("<style type=\"text/css\">body{font:14px \"微软雅黑\"} td{border:1px solid #333}</style>\n");
        }
        out.push_str("</head>\n<body>\n");
        if site {
            self.site_header(&mut out, doc, &title);
        }
        out.push_str(if self.word {
            "<div class=WordSection1 style='layout-grid:15.6pt'>\n"
        } else {
            "<div class=\"article\" id=\"zoom\">\n"
        });
        out.push_str(&self.heading(&title, true));
        for p in &doc.prose.preamble {
            out.push_str(&self.paragraph(p));
        }
        for (heading, paragraphs, table) in sections(doc.prose) {
            out.push_str(&self.heading(heading, false));
            for p in paragraphs {
                out.push_str(&self.paragraph(p));
            }
            let rows = match table {
                Some(0) => self.active_rows(doc.active),
                Some(1) => self.request_rows(doc.requests),
                Some(_) => self.appeal_rows(doc.appeals),
                None => continue,
            };
            let table = self.table(&rows);
            out.push_str(&table);
        }
        out.push_str(&self.signature(doc.agency));
        out.push_str(&self.signature(&date_line(doc.date)));
        out.push_str("</div>\n");
        if site {
            out.push_str(&format!(
                "<div class=\"footer\">\n<p>主办单位：{}&nbsp;&nbsp;网站标识码：3208000001</p>\n</div>\n",
                doc.agency
            ));
        }
        out.push_str("</body>\n</html>\n");
        out
    }

    /// Navigation and the metadata table above the report.
    fn site_header(&mut self, out: &mut String, doc: &Document, title: &str) {
        out.push_str("<div class=\"nav\"><ul>");
        for item in ["首页", "政务公开", "政务服务", "互动交流"] {
            out.push_str(&format!("<li><a href=\"/{item}\">{item}</a></li>"));
        }
        out.push_str("</ul></div>\n");
        out.push_str("<div class=\"position\">当前位置：<a href=\"/\">首页</a>&nbsp;&gt;&nbsp;政务公开&nbsp;&gt;&nbsp;年度报告</div>\n");
        let (y, m, d) = doc.date;
        out.push_str(&format!(
            "<table class=\"xxgk_table\" width=\"100%\">\n<tr><td>索引号：</td><td>11320800MB{:07}/{}-00012</td><td>分类：</td><td>政务公开</td></tr>\n<tr><td>发布机构：</td><td>{}</td><td>发文日期：</td><td>{y}-{m:02}-{d:02}</td></tr>\n<tr><td>名称：</td><td colspan=\"3\">{title}</td></tr>\n</table>\n",
            self.rng.below(10_000_000),
            doc.year + 1,
            doc.agency
        ));
    }

    fn heading(&mut self, text: &str, title: bool) -> String {
        if self.word {
            let align = if title {
                " align=center style='text-align:center'"
            } else {
                ""
            };
            format!("<p class=MsoNormal{align}><b><span style='font-size:16.0pt;font-family:黑体'>{text}<o:p></o:p></span></b></p>\n")
        } else if title {
            format!("<h1 class=\"title\">{text}</h1>\n")
        } else {
            format!("<h3>{text}</h3>\n")
        }
    }

    fn paragraph(&mut self, text: &str) -> String {
        if self.word {
            format!("<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0'><span\nstyle='font-size:16.0pt;font-family:仿宋_GB2312'>{text}<o:p></o:p></span></p>\n")
        } else {
            format!("<p style=\"text-indent:2em\">{text}</p>\n")
        }
    }

    fn signature(&mut self, text: &str) -> String {
        if self.word {
            format!("<p class=MsoNormal align=right style='text-align:right'><span style='font-size:16.0pt'>{text}</span></p>\n")
        } else {
            format!("<p align=\"right\">{text}</p>\n")
        }
    }

    fn table(&mut self, rows: &[Vec<Td>]) -> String {
        let nl = self.nl();
        let mut out = String::new();
        if self.word {
            out.push_str(&format!("<div align=center>{nl}<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0{nl} style='border-collapse:collapse;border:none'>{nl}"));
        } else {
            out.push_str(&format!(
                "<table border=\"1\" cellspacing=\"0\">{nl}<tbody>{nl}"
            ));
        }
        for (r, row) in rows.iter().enumerate() {
            if self.word {
                out.push_str(&format!(
                    " <tr style='mso-yfti-irow:{r};height:20.0pt'>{nl}"
                ));
            } else {
                out.push_str(&format!("<tr>{nl}"));
            }
            for cell in row {
                out.push_str(&self.cell(cell));
                out.push_str(nl);
            }
            out.push_str(&format!("</tr>{nl}"));
        }
        if self.word {
            out.push_str(&format!("</table>{nl}</div>\n"));
        } else {
            out.push_str(&format!("</tbody>{nl}</table>\n"));
        }
        out
    }

    fn cell(&mut self, cell: &Td) -> String {
        let mut attrs = String::new();
        if cell.colspan > 1 {
            attrs.push_str(&format!(" colspan={}", cell.colspan));
        }
        if cell.rowspan > 1 {
            attrs.push_str(&format!(" rowspan={}", cell.rowspan));
        }
        if self.word {
            format!("  <td width=80{attrs} valign=top style='width:60.0pt;border:solid windowtext 1.0pt'>  <p class=MsoNormal align=center style='text-align:center'>{}</p>  </td>", cell.html)
        } else {
            format!("<td{attrs}>{}</td>", cell.html)
        }
    }

    /// A label or header as the cell's inner HTML: in Word markup, cut into
    /// runs with their own styles.
    fn text(&mut self, text: &str) -> String {
        if !self.word {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        let cut = if chars.len() >= 4 && self.rng.chance(0.5) {
            1 + self.rng.below(chars.len() - 1)
        } else {
            chars.len()
        };
        let mut out = String::new();
        for piece in [&chars[..cut], &chars[cut..]] {
            if piece.is_empty() {
                continue;
            }
            let piece: String = piece.iter().collect();
            let style = self.rng.pick(SPAN_STYLES);
            out.push_str(&format!("<span\n  style='{style}'>{piece}</span>"));
        }
        out.push_str("<span lang=EN-US><o:p></o:p></span>");
        out
    }

    /// A value as the cell's inner HTML.
    fn value(&mut self, value: Option<xxgk_model::Number>, kind: ValueKind) -> String {
        let text = Builder {
            style: self.style,
            rng: &mut *self.rng,
        }
        .value(value, kind);
        if self.word {
            format!("<span lang=EN-US style='font-size:10.5pt;font-family:\"Times New Roman\",serif'>{text}<o:p></o:p></span>")
        } else {
            text
        }
    }

    /// The value cells of a row, the last one spanning `last_span` columns.
    fn values<R: RowKind>(&mut self, table: &Table<R>, row: R, last_span: usize) -> Vec<Td> {
        let mut cells: Vec<Td> = row
            .columns()
            .iter()
            .enumerate()
            .map(|(p, &c)| td(self.value(table.get(row, p), R::column_defs()[c].kind)))
            .collect();
        if last_span > 1 {
            if let Some(last) = cells.last_mut() {
                last.colspan = last_span;
            }
        }
        cells
    }

    /// Table 2 in 第二十条 blocks, four grid columns wide.
    fn active_rows(&mut self, active: &Active) -> Vec<Vec<Td>> {
        match active {
            Active::V2019(t) => self.active_blocks(t, BLOCKS_2019),
            Active::V2021(t) => self.active_blocks(t, BLOCKS_2021),
        }
    }

    fn active_blocks<R: RowKind>(
        &mut self,
        table: &Table<R>,
        blocks: &[(&str, &[R])],
    ) -> Vec<Vec<Td>> {
        let (open, close) = if self.style.ascii_brackets {
            ("(", ")")
        } else {
            ("（", "）")
        };
        let mut rows = Vec::new();
        for (item, block_rows) in blocks {
            let heading = self.text(&format!("第二十条第{open}{item}{close}项"));
            rows.push(vec![span(heading, 4, 1)]);
            let columns = block_rows[0].columns();
            let mut header = vec![td(self.text("信息内容"))];
            for &c in columns {
                header.push(td(self.text(R::column_defs()[c].label)));
            }
            if columns.len() < 4 - 1 {
                if let Some(last) = header.last_mut() {
                    last.colspan = 4 - columns.len();
                }
            }
            rows.push(header);
            for &row in *block_rows {
                let mut cells = vec![td(self.text(row.def().label))];
                cells.extend(self.values(table, row, 4 - row.columns().len()));
                rows.push(cells);
            }
        }
        rows
    }

    /// A table-3 label with this document's brackets.
    fn bracketed(&mut self, label: &str) -> String {
        let label = if self.style.ascii_brackets {
            label.replace('（', "(").replace('）', ")")
        } else {
            label.to_string()
        };
        self.text(&label)
    }

    /// Table 3 in the official layout: three label columns (三、本年度办理结果
    /// merged down the outcome rows, each group label down its sub-rows), seven
    /// value columns, three header rows.
    fn request_rows(&mut self, table: &Table<RequestRow>) -> Vec<Vec<Td>> {
        let columns = labels::APPLICANT_COLUMNS;
        let empty = self.empty_cells;
        let note = self.text(labels::REQUESTS_IDENTITY_NOTE);
        let applicants = self.text("申请人情况");
        let mut rows = vec![vec![
            span(note, 3, if empty { 1 } else { 3 }),
            span(applicants, 7, 1),
        ]];
        let mut second = Vec::new();
        if empty {
            second.push(span(String::new(), 3, 1));
        }
        second.push(span(
            self.text(columns[0].label),
            1,
            if empty { 1 } else { 2 },
        ));
        second.push(span(self.text(labels::APPLICANT_ORG_GROUP), 5, 1));
        second.push(span(
            self.text(columns[6].label),
            1,
            if empty { 1 } else { 2 },
        ));
        rows.push(second);
        let mut third = Vec::new();
        if empty {
            third.push(span(String::new(), 3, 1));
            third.push(td(String::new()));
        }
        for c in &columns[1..6] {
            third.push(td(self.text(c.label)));
        }
        if empty {
            third.push(td(String::new()));
        }
        rows.push(third);

        let present: Vec<RequestRow> = table.rows().map(|(r, _)| r).collect();
        let results = present
            .iter()
            .filter(|r| {
                !matches!(
                    r,
                    RequestRow::Received | RequestRow::CarriedIn | RequestRow::CarriedOut
                )
            })
            .count();
        let mut previous_group = None;
        for &row in &present {
            let def = row.def();
            let group = def.group();
            let first_of_group = group.is_some() && group != previous_group;
            previous_group = group;
            let group_size = group.map_or(0, |g| {
                present
                    .iter()
                    .filter(|r| r.def().group() == Some(g))
                    .count()
            });
            let label = self.bracketed(def.label);
            let mut cells = Vec::new();
            match row {
                RequestRow::Received | RequestRow::CarriedIn | RequestRow::CarriedOut => {
                    cells.push(span(label, 3, 1));
                }
                RequestRow::Granted => {
                    let results_label = self.text(RESULTS_GROUP);
                    cells.push(span(results_label, 1, if empty { 1 } else { results }));
                    cells.push(span(label, 2, 1));
                }
                _ => {
                    if empty {
                        cells.push(td(String::new()));
                    }
                    match group {
                        // A group of one row (（六）其他处理 in 2019) has no sub-rows.
                        Some(g) if group_size > 1 => {
                            if first_of_group {
                                let g = self.bracketed(g);
                                cells.push(span(g, 1, if empty { 1 } else { group_size }));
                            } else if empty {
                                cells.push(td(String::new()));
                            }
                            cells.push(td(label));
                        }
                        _ => cells.push(span(label, 2, 1)),
                    }
                }
            }
            cells.extend(self.values(table, row, 1));
            rows.push(cells);
        }
        rows
    }

    /// Table 4: 行政复议 over five columns merged down two header rows, 行政诉讼
    /// over two groups of five, then the fifteen values.
    fn appeal_rows(&mut self, table: &Table<AppealGroup>) -> Vec<Vec<Td>> {
        let empty = self.empty_cells;
        let group = |g: AppealGroup| {
            g.def()
                .label
                .rsplit(" · ")
                .next()
                .unwrap_or_default()
                .to_string()
        };
        let litigation = AppealGroup::LitigationDirect
            .def()
            .label
            .split(" · ")
            .next()
            .unwrap_or_default()
            .to_string();
        let mut rows = Vec::new();
        let review = self.text(&group(AppealGroup::Review));
        let litigation = self.text(&litigation);
        rows.push(vec![span(review, 5, 1), span(litigation, 10, 1)]);
        let mut middle = Vec::new();
        for c in labels::APPEAL_COLUMNS {
            let html = self.text(c.label);
            middle.push(span(html, 1, if empty { 1 } else { 2 }));
        }
        for g in [
            AppealGroup::LitigationDirect,
            AppealGroup::LitigationAfterReview,
        ] {
            let html = self.text(&group(g));
            middle.push(span(html, 5, 1));
        }
        rows.push(middle);
        let mut bottom = Vec::new();
        if empty {
            bottom.extend((0..5).map(|_| td(String::new())));
        }
        for _ in 0..2 {
            for c in labels::APPEAL_COLUMNS {
                bottom.push(td(self.text(c.label)));
            }
        }
        rows.push(bottom);
        let values = AppealGroup::ALL
            .iter()
            .flat_map(|&g| (0..5).map(move |p| table.get(g, p)))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|v| td(self.value(v, ValueKind::Count)))
            .collect();
        rows.push(values);
        rows
    }
}
