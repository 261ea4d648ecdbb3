//! Renders a [`Model`] as a web page: the report's text, with its three tables as
//! HTML tables in the official layout — group labels merged down with `rowspan`
//! (or empty `<td>` in their place), headers and single values spanning columns
//! with `colspan` — in plain markup or the markup Word writes when a report is
//! saved as a web page (`MsoNormal` paragraphs, runs split into `<span>`s with
//! long `style`s broken over lines, `<font>`, `<o:p>`, `&nbsp;` blanks,
//! conditional comments), optionally inside a whole saved site page (navigation,
//! scripts, a metadata table, a footer). All label text comes from
//! `xxgk_model::labels`.

use super::grid::{BLOCKS_2019, BLOCKS_2021};
use super::{date_line, prose};
use crate::kit::gen::Model;
use crate::rng::Rng;
use xxgk_model::labels::{self, ValueKind};
use xxgk_model::{Active, AppealGroup, Number, RequestRow, RowKind, Table};

/// How the page is written.
#[derive(Clone, Debug)]
pub struct HtmlOptions {
    /// Word's "save as web page" markup, else plain tags.
    pub word: bool,
    /// Each table on one line, else one tag per line.
    pub one_line: bool,
    /// Empty `<td>` where a merged label covers a position, instead of `rowspan`.
    pub empty_cells: bool,
    /// A whole saved site page around the report, else the report alone.
    pub site: bool,
    /// Vary how values print (blank markers, `&nbsp;`, empty cells, 减3, 万元).
    pub varied: bool,
    /// The charset the page declares (`None`: no declaration).
    pub charset: Option<&'static str>,
    /// Seed for the per-cell choices the flags above enable.
    pub seed: u64,
}

impl HtmlOptions {
    /// Plain tags, no site page, canonical values, UTF-8 declared.
    pub fn plain() -> HtmlOptions {
        HtmlOptions {
            word: false,
            one_line: false,
            empty_cells: false,
            site: false,
            varied: false,
            charset: Some("utf-8"),
            seed: 0,
        }
    }
}

/// One cell of an HTML table row.
#[derive(Clone, Debug)]
struct Td {
    /// Inner HTML.
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

/// Blank markers that read as blank at any position of a row.
const BLANK_MARKERS: &[&str] = &["-", "/", "—", "无"];
/// Blank cells that read as empty, only between two other values (at either end
/// of a row an empty cell is layout residue to the extractor).
const EMPTY_BLANKS: &[&str] = &["", "&nbsp;", "　", "<o:p>&nbsp;</o:p>"];

/// `style` attributes Word writes on runs; the long ones are broken over lines
/// and exceed what folding removes as a tag.
const SPAN_STYLES: &[&str] = &[
    "font-size:10.5pt;font-family:宋体",
    "font-size:10.5pt;font-family:宋体;mso-ascii-font-family:\"Times New Roman\";\n  mso-hansi-font-family:\"Times New Roman\";color:black;mso-font-kerning:0pt",
    "font-size:10.5pt;font-family:宋体;mso-ascii-font-family:\"Times New Roman\";\n  mso-fareast-font-family:宋体;mso-hansi-font-family:\"Times New Roman\";mso-bidi-font-family:\n  宋体;color:black;mso-font-kerning:0pt;mso-ansi-language:EN-US;mso-fareast-language:\n  ZH-CN;mso-bidi-language:AR-SA;layout-grid-mode:line",
];

struct Renderer<'a> {
    opts: &'a HtmlOptions,
    rng: Rng,
}

/// The page as UTF-8 text (encode it for other charsets).
pub fn render(model: &Model, opts: &HtmlOptions) -> String {
    let mut r = Renderer {
        opts,
        rng: Rng::new(opts.seed),
    };
    r.page(model)
}

impl Renderer<'_> {
    fn nl(&self) -> &'static str {
        if self.opts.one_line {
            ""
        } else {
            "\n"
        }
    }

    fn page(&mut self, model: &Model) -> String {
        let title = format!("{}{}年政府信息公开工作年度报告", model.agency, model.year);
        let mut out = String::new();
        out.push_str("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n");
        if self.opts.word {
            out.push_str("<html xmlns:v=\"urn:schemas-microsoft-com:vml\"\nxmlns:o=\"urn:schemas-microsoft-com:office:office\"\nxmlns:w=\"urn:schemas-microsoft-com:office:word\"\nxmlns=\"http://www.w3.org/TR/REC-html40\">\n");
        } else {
            out.push_str("<html xmlns=\"http://www.w3.org/1999/xhtml\">\n");
        }
        out.push_str("<head>\n");
        match self.opts.charset {
            Some(c) if self.rng.chance(0.5) => out.push_str(&format!("<meta charset=\"{c}\">\n")),
            Some(c) => out.push_str(&format!(
                "<meta http-equiv=Content-Type content=\"text/html; charset={c}\">\n"
            )),
            None => {}
        }
        out.push_str(&format!("<title>{title}_门户网站</title>\n"));
        out.push_str("<meta name=\"keywords\" content=\"政府信息公开,年度报告\">\n");
        if self.opts.word {
            out.push_str("<!--[if gte mso 9]><xml>\n <o:DocumentProperties>\n  <o:Author>办公室</o:Author>\n  <o:Pages>5</o:Pages>\n </o:DocumentProperties>\n</xml><![endif]-->\n");
            out.push_str("<style>\n<!--\n /* Font Definitions */\n p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{mso-style-parent:\"\";\n\tmargin:0cm;\n\tfont-size:10.5pt;\n\tfont-family:\"Times New Roman\";}\n table.MsoNormalTable\n\t{mso-style-name:普通表格;}\n-->\n</style>\n");
        } else {
            out.push_str("<style type=\"text/css\">body{font:14px \"微软雅黑\"} .nav li{float:left} td{border:1px solid #333}</style>\n");
        }
        out.push_str("<script type=\"text/javascript\">var _hmt = _hmt || []; if (1 < 2 && 3 > 2) { document.write('<table><tr><td>广告 9</td><td>8</td></tr></table>'); }</script>\n");
        out.push_str("</head>\n");
        if self.opts.word {
            out.push_str(
                "<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>\n",
            );
        } else {
            out.push_str("<body>\n");
        }
        if self.opts.site {
            self.site_header(&mut out, model, &title);
        }
        out.push_str(if self.opts.word {
            "<div class=WordSection1 style='layout-grid:15.6pt'>\n"
        } else {
            "<div class=\"article\" id=\"zoom\">\n"
        });
        out.push_str(&self.heading(&title, true));
        for (i, section) in labels::SECTIONS.iter().enumerate() {
            out.push_str(&self.heading(section.title, false));
            out.push_str(&self.paragraph(&prose(model, i)));
            let rows = match i {
                1 => self.active_rows(model),
                2 => self.request_rows(model),
                3 => self.appeal_rows(model),
                _ => continue,
            };
            let table = self.table(&rows);
            out.push_str(&table);
        }
        out.push_str(&self.signature(&model.agency));
        out.push_str(&self.signature(&date_line(&model.published)));
        out.push_str("</div>\n");
        if self.opts.site {
            out.push_str("<div class=\"share\">分享到：<a href=\"#\">微信</a> <a href=\"#\">微博</a></div>\n");
            out.push_str("<select onchange=\"window.open(this.value)\"><option>友情链接</option><option value=\"http://www.gov.cn\">中国政府网</option></select>\n");
            out.push_str(&format!(
                "<div class=\"footer\">\n<p>主办单位：{}办公室&nbsp;&nbsp;地址：人民路1号</p>\n<p>网站标识码：3208000001&nbsp;苏ICP备12345678号</p>\n</div>\n",
                model.agency
            ));
            out.push_str(
                "<script>$(function(){ $('#zoom td').css('padding','4px'); });</script>\n",
            );
        }
        out.push_str("</body>\n</html>\n");
        out
    }

    /// Site navigation, breadcrumb and the metadata table above the report.
    fn site_header(&mut self, out: &mut String, model: &Model, title: &str) {
        out.push_str("<div class=\"top\"><a href=\"/\">人民政府门户网站</a><noscript><p>请开启浏览器脚本功能</p></noscript></div>\n");
        out.push_str("<div class=\"nav\"><ul>");
        for item in [
            "首页",
            "走进本地",
            "政务公开",
            "政务服务",
            "互动交流",
            "专题专栏",
        ] {
            out.push_str(&format!("<li><a href=\"/{item}\">{item}</a></li>"));
        }
        out.push_str("</ul></div>\n");
        out.push_str("<div class=\"position\">当前位置：<a href=\"/\">首页</a>&nbsp;&gt;&nbsp;<a href=\"/zwgk\">政务公开</a>&nbsp;&gt;&nbsp;年度报告</div>\n");
        let date = &model.published;
        out.push_str(&format!(
            "<table class=\"xxgk_table\" width=\"100%\">\n<tr><td>索引号：</td><td>11320800MB1234567X/{}-00012</td><td>分类：</td><td>政务公开</td></tr>\n<tr><td>发布机构：</td><td>{}</td><td>发文日期：</td><td>{date}</td></tr>\n<tr><td>名称：</td><td colspan=\"3\">{title}</td></tr>\n<tr><td>文号：</td><td></td><td>主题词：</td><td>年度报告</td></tr>\n</table>\n",
            model.year + 1,
            model.agency
        ));
    }

    fn heading(&mut self, text: &str, title: bool) -> String {
        if self.opts.word {
            let align = if title {
                " align=center style='text-align:center'"
            } else {
                ""
            };
            format!(
                "<p class=MsoNormal{align}><b><span style='font-size:16.0pt;font-family:黑体'>{text}<o:p></o:p></span></b></p>\n"
            )
        } else if title {
            format!("<h1 class=\"title\">{text}</h1>\n")
        } else {
            format!("<h3>{text}</h3>\n")
        }
    }

    fn paragraph(&mut self, text: &str) -> String {
        if self.opts.word {
            format!(
                "<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0'><span\nstyle='font-size:16.0pt;font-family:仿宋_GB2312'>{text}<o:p></o:p></span></p>\n"
            )
        } else {
            format!("<p style=\"text-indent:2em\">&nbsp;&nbsp;{text}</p>\n")
        }
    }

    fn signature(&mut self, text: &str) -> String {
        if self.opts.word {
            format!("<p class=MsoNormal align=right style='text-align:right'><span style='font-size:16.0pt'>{text}</span></p>\n")
        } else {
            format!("<p align=\"right\">{text}</p>\n")
        }
    }

    // ---------------------------------------------------------------- tables

    fn table(&mut self, rows: &[Vec<Td>]) -> String {
        let nl = self.nl();
        let mut out = String::new();
        if self.opts.word {
            out.push_str(&format!("<div align=center>{nl}<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0{nl} style='border-collapse:collapse;mso-table-layout-alt:fixed;border:none;{nl} mso-border-alt:solid windowtext .5pt;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>{nl}"));
        } else {
            out.push_str(&format!(
                "<table border=\"1\" cellspacing=\"0\">{nl}<tbody>{nl}"
            ));
        }
        for (r, row) in rows.iter().enumerate() {
            if self.opts.word {
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
        if self.opts.word {
            // Word's row of column widths for browsers that misalign columns.
            let width = rows
                .iter()
                .map(|r| r.iter().map(|c| c.colspan).sum::<usize>())
                .max()
                .unwrap_or(1);
            out.push_str(&format!(
                "<![if !supportMisalignedColumns]>{nl}<tr height=0>{nl}"
            ));
            for _ in 0..width {
                out.push_str("<td width=60 style='border:none'></td>");
            }
            out.push_str(&format!("{nl}</tr>{nl}<![endif]>{nl}</table>{nl}</div>\n"));
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
        if self.opts.word {
            let nl = self.nl();
            format!(
                "  <td width=80{attrs} valign=top style='width:60.0pt;border:solid windowtext 1.0pt;{nl}  border-top:none;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>{nl}  <p class=MsoNormal align=center style='text-align:center'>{}</p>{nl}  </td>",
                cell.html
            )
        } else {
            format!("<td{attrs}>{}</td>", cell.html)
        }
    }

    /// A label or header as the cell's inner HTML: in Word markup, cut into runs
    /// with their own styles, one maybe inside `<font>`.
    fn text(&mut self, text: &str) -> String {
        if !self.opts.word {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        let pieces = if chars.len() >= 4 {
            1 + self.rng.below(3)
        } else {
            1
        };
        let mut cuts: Vec<usize> = (1..pieces)
            .map(|_| 1 + self.rng.below(chars.len() - 1))
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut out = String::new();
        let mut from = 0;
        for &cut in cuts.iter().chain(std::iter::once(&chars.len())) {
            let piece: String = chars[from..cut].iter().collect();
            from = cut;
            let style = self.rng.pick(SPAN_STYLES);
            let run = format!("<span\n  style='{style}'>{piece}</span>");
            if self.rng.chance(0.2) {
                out.push_str(&format!("<font face=\"宋体\">{run}</font>"));
            } else {
                out.push_str(&run);
            }
        }
        out.push_str("<span lang=EN-US><o:p></o:p></span>");
        out
    }

    /// A value as the cell's inner HTML.
    fn value(&mut self, value: Option<Number>, kind: ValueKind, interior: bool) -> String {
        let varied = self.opts.varied;
        let text = match value {
            None if !varied => "-".to_string(),
            None => {
                let choices: Vec<&str> = if interior {
                    BLANK_MARKERS.iter().chain(EMPTY_BLANKS).copied().collect()
                } else {
                    BLANK_MARKERS.to_vec()
                };
                let blank = self.rng.pick(&choices).to_string();
                if self.opts.word && blank.is_empty() && self.rng.chance(0.5) {
                    // Word's empty paragraph in an empty cell.
                    return "<![if !supportEmptyParas]>&nbsp;<![endif]><o:p></o:p>".to_string();
                }
                blank
            }
            Some(n) => match kind {
                ValueKind::Count => n.to_string(),
                ValueKind::Change if varied && n.is_negative() && self.rng.chance(0.5) => {
                    format!("减{}", &n.to_string()[1..])
                }
                ValueKind::Change if varied && n > Number::ZERO && self.rng.chance(0.5) => {
                    format!("+{n}")
                }
                ValueKind::Change => n.to_string(),
                ValueKind::MoneyWan if varied => match self.rng.below(3) {
                    0 => n.to_string(),
                    1 => format!("{n}万元"),
                    _ => format!("{n} 万元"),
                },
                ValueKind::MoneyWan => n.to_string(),
            },
        };
        if !self.opts.word {
            return text;
        }
        let digits: Vec<char> = text.chars().collect();
        if digits.len() >= 2 && text.bytes().all(|b| b.is_ascii_digit()) && self.rng.chance(0.2) {
            // Word splits a number into runs after an edit.
            let cut = 1 + self.rng.below(digits.len() - 1);
            let (a, b): (String, String) = (
                digits[..cut].iter().collect(),
                digits[cut..].iter().collect(),
            );
            return format!("<span lang=EN-US>{a}</span><span lang=EN-US style='font-size:10.5pt'>{b}<o:p></o:p></span>");
        }
        format!(
            "<span lang=EN-US style='font-size:10.5pt;font-family:\"Times New Roman\",serif;mso-fareast-font-family:宋体'>{text}<o:p></o:p></span>"
        )
    }

    /// The value cells of a row, the last one spanning `last_span` columns.
    fn values<R: RowKind>(&mut self, table: &Table<R>, row: R, last_span: usize) -> Vec<Td> {
        let n = row.columns().len();
        let mut cells: Vec<Td> = row
            .columns()
            .iter()
            .enumerate()
            .map(|(p, &c)| {
                let kind = R::column_defs()[c].kind;
                let interior = p > 0 && p + 1 < n;
                td(self.value(table.get(row, p), kind, interior))
            })
            .collect();
        self.span_last(&mut cells, last_span);
        cells
    }

    /// Makes the last cell span `span` columns: `colspan`, or (varied) empty
    /// cells after it as some copies print.
    fn span_last(&mut self, cells: &mut Vec<Td>, span: usize) {
        if span <= 1 {
            return;
        }
        if self.opts.varied && self.rng.chance(0.3) {
            cells.extend((1..span).map(|_| td(String::new())));
        } else if let Some(last) = cells.last_mut() {
            last.colspan = span;
        }
    }

    /// Table 2 in 第二十条 blocks, four grid columns wide.
    fn active_rows(&mut self, model: &Model) -> Vec<Vec<Td>> {
        match &model.active {
            Active::V2019(t) => self.active_blocks(t, BLOCKS_2019),
            Active::V2021(t) => self.active_blocks(t, BLOCKS_2021),
        }
    }

    fn active_blocks<R: RowKind>(
        &mut self,
        table: &Table<R>,
        blocks: &[(&str, &[R])],
    ) -> Vec<Vec<Td>> {
        let mut rows = Vec::new();
        for (item, block_rows) in blocks {
            let heading = self.text(&format!("第二十条第（{item}）项"));
            rows.push(vec![Td {
                html: heading,
                colspan: 4,
                rowspan: 1,
            }]);
            let columns = block_rows[0].columns();
            let mut header = vec![td(self.text("信息内容"))];
            for &c in columns {
                header.push(td(self.text(R::column_defs()[c].label)));
            }
            self.span_last(&mut header, 4 - columns.len());
            rows.push(header);
            for &row in *block_rows {
                let mut cells = vec![td(self.text(row.def().label))];
                cells.extend(self.values(table, row, 4 - row.columns().len()));
                rows.push(cells);
            }
        }
        rows
    }

    /// Table 3 in the official layout: three label columns (三、本年度办理结果
    /// merged down the outcome rows, each group label down its sub-rows), seven
    /// value columns, three header rows.
    fn request_rows(&mut self, model: &Model) -> Vec<Vec<Td>> {
        let columns = labels::APPLICANT_COLUMNS;
        let empty = self.opts.empty_cells;
        let mut rows = vec![vec![
            Td {
                html: self.text(labels::REQUESTS_IDENTITY_NOTE),
                colspan: 3,
                rowspan: if empty { 1 } else { 3 },
            },
            Td {
                html: self.text("申请人情况"),
                colspan: 7,
                rowspan: 1,
            },
        ]];
        let mut second = Vec::new();
        if empty {
            second.push(Td {
                html: String::new(),
                colspan: 3,
                rowspan: 1,
            });
        }
        second.push(Td {
            html: self.text(columns[0].label),
            colspan: 1,
            rowspan: if empty { 1 } else { 2 },
        });
        second.push(Td {
            html: self.text(labels::APPLICANT_ORG_GROUP),
            colspan: 5,
            rowspan: 1,
        });
        second.push(Td {
            html: self.text(columns[6].label),
            colspan: 1,
            rowspan: if empty { 1 } else { 2 },
        });
        rows.push(second);
        let mut third = Vec::new();
        if empty {
            third.push(Td {
                html: String::new(),
                colspan: 3,
                rowspan: 1,
            });
            third.push(td(String::new()));
        }
        for c in &columns[1..6] {
            third.push(td(self.text(c.label)));
        }
        if empty {
            third.push(td(String::new()));
        }
        rows.push(third);

        let table = &model.requests;
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
            let label = self.text(def.label);
            let mut cells = Vec::new();
            match row {
                RequestRow::Received | RequestRow::CarriedIn | RequestRow::CarriedOut => {
                    cells.push(Td {
                        html: label,
                        colspan: 3,
                        rowspan: 1,
                    });
                }
                RequestRow::Granted => {
                    let results_label = self.text("三、本年度办理结果");
                    cells.push(Td {
                        html: results_label,
                        colspan: 1,
                        rowspan: if empty { 1 } else { results },
                    });
                    cells.push(Td {
                        html: label,
                        colspan: 2,
                        rowspan: 1,
                    });
                }
                _ => {
                    if empty {
                        cells.push(td(String::new()));
                    }
                    match group {
                        // A group of one row (（六）其他处理 in 2019) has no sub-rows.
                        Some(g) if group_size > 1 => {
                            if first_of_group {
                                let g = self.text(g);
                                cells.push(Td {
                                    html: g,
                                    colspan: 1,
                                    rowspan: if empty { 1 } else { group_size },
                                });
                            } else if empty {
                                cells.push(td(String::new()));
                            }
                            cells.push(td(label));
                        }
                        _ => cells.push(Td {
                            html: label,
                            colspan: 2,
                            rowspan: 1,
                        }),
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
    fn appeal_rows(&mut self, model: &Model) -> Vec<Vec<Td>> {
        let empty = self.opts.empty_cells;
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
        rows.push(vec![
            Td {
                html: review,
                colspan: 5,
                rowspan: 1,
            },
            Td {
                html: litigation,
                colspan: 10,
                rowspan: 1,
            },
        ]);
        let mut middle = Vec::new();
        for c in labels::APPEAL_COLUMNS {
            let html = self.text(c.label);
            middle.push(Td {
                html,
                colspan: 1,
                rowspan: if empty { 1 } else { 2 },
            });
        }
        for g in [
            AppealGroup::LitigationDirect,
            AppealGroup::LitigationAfterReview,
        ] {
            let html = self.text(&group(g));
            middle.push(Td {
                html,
                colspan: 5,
                rowspan: 1,
            });
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
        let cells: Vec<(Option<Number>, usize)> = AppealGroup::ALL
            .iter()
            .flat_map(|&g| (0..5).map(move |p| (model.appeals.get(g, p), p)))
            .collect();
        let n = cells.len();
        let values = cells
            .iter()
            .enumerate()
            .map(|(i, &(v, _))| td(self.value(v, ValueKind::Count, i > 0 && i + 1 < n)))
            .collect();
        rows.push(values);
        rows
    }
}
