//! A report as aligned text for reading in a terminal: a title line, tables 2–4
//! with their official row and column labels, then the extraction findings.
//!
//! Every label and the rows' groups come from the model (`xxgk_model::labels`
//! through [`RowKind`], tables named by [`TableId`]); only the surrounding
//! words (文件, 年度, …) belong to the CLI.

use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;
use xxgk_model::{Active, Finding, Lang, Number, Report, RowKind, Table, TableId};

/// Row labels wider than this (in terminal columns; a CJK character is 2) get a
/// line of their own with the values below, instead of pushing every column of
/// table 3 off the screen. Nothing is truncated.
const MAX_LABEL_WIDTH: usize = 40;

/// Shown for a value that is absent from the report (`null` in JSON).
const BLANK: &str = "—";

const INDENT: &str = "  ";
const GAP: &str = "  ";

pub fn write(out: &mut impl Write, report: &Report, lang: Lang) -> io::Result<()> {
    writeln!(out, "{}", title_line(report, lang))?;
    match &report.active {
        Some(Active::V2019(table)) => write_table(out, Some(table), lang)?,
        Some(Active::V2021(table)) => write_table(out, Some(table), lang)?,
        None => write_table::<xxgk_model::Active2021Row>(out, None, lang)?,
    }
    write_table(out, report.requests.as_ref(), lang)?;
    write_table(out, report.appeals.as_ref(), lang)?;
    write_findings(out, report, lang)?;
    writeln!(out)
}

/// `文件：… 机关：… 年度：… 格式：… 发布日期：…`, with [`BLANK`] for what is unknown.
fn title_line(report: &Report, lang: Lang) -> String {
    let names = match lang {
        Lang::Zh => ["文件", "机关", "年度", "格式", "发布日期"],
        Lang::En => ["file", "agency", "year", "template", "published"],
    };
    let values = [
        Some(report.source.file.clone()),
        report.agency.clone(),
        report.year.map(|y| y.to_string()),
        report.template.map(|t| t.as_str().to_string()),
        report.published.clone(),
    ];
    let separator = if lang == Lang::Zh { "：" } else { ": " };
    names
        .iter()
        .zip(values)
        .map(|(name, value)| format!("{name}{separator}{}", value.as_deref().unwrap_or(BLANK)))
        .collect::<Vec<_>>()
        .join("  ")
}

/// `表三  收到和处理政府信息公开申请情况`: the table number plus the official section
/// title without its own numbering (`三、`).
fn heading(table: TableId, lang: Lang) -> String {
    let title = table.title();
    match lang {
        Lang::Zh => format!("{}  {title}", table.short_name(lang)),
        Lang::En => format!("Table {}  {title}", table.section_number()),
    }
}

/// One table under its heading. Consecutive rows with the same columns share a
/// header, like the blocks of the official table 2.
pub(crate) fn write_table<R: RowKind>(
    out: &mut impl Write,
    table: Option<&Table<R>>,
    lang: Lang,
) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "{}", heading(R::TABLE, lang))?;
    let Some(table) = table else {
        let note = match lang {
            Lang::Zh => "（未找到此表）",
            Lang::En => "(table not found)",
        };
        return writeln!(out, "{INDENT}{note}");
    };
    let mut rows = table.rows().peekable();
    if rows.peek().is_none() {
        let note = match lang {
            Lang::Zh => "（此表没有数据行）",
            Lang::En => "(the table has no rows)",
        };
        return writeln!(out, "{INDENT}{note}");
    }
    let mut first = true;
    while let Some((row, cells)) = rows.next() {
        let mut block = vec![(row, cells)];
        while let Some(&(next, next_cells)) = rows.peek() {
            if next.columns() != row.columns() {
                break;
            }
            block.push((next, next_cells));
            rows.next();
        }
        if !first {
            writeln!(out)?;
        }
        first = false;
        write_block(out, &block)?;
    }
    Ok(())
}

/// Rows that share one set of columns: a header line of column labels, then one
/// line per row with the label left-aligned and the numbers right-aligned.
fn write_block<R: RowKind>(
    out: &mut impl Write,
    block: &[(R, &[Option<Number>])],
) -> io::Result<()> {
    let header: Vec<&str> = block[0]
        .0
        .columns()
        .iter()
        .map(|&c| R::column_defs()[c].label)
        .collect();
    // Sub-rows of a group (（三）不予公开 …) are indented under their group label.
    let rows: Vec<(String, Vec<String>)> = block
        .iter()
        .map(|(row, cells)| {
            let label = match row.def().group() {
                Some(_) => format!("  {}", row.def().label),
                None => row.def().label.to_string(),
            };
            (label, cells.iter().map(show).collect())
        })
        .collect();
    let label_width = rows
        .iter()
        .map(|(label, _)| label.width())
        .filter(|&w| w <= MAX_LABEL_WIDTH)
        .max()
        .unwrap_or(0);
    let widths: Vec<usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            rows.iter()
                .filter_map(|(_, cells)| cells.get(i))
                .map(|c| c.width())
                .fold(h.width(), usize::max)
        })
        .collect();
    writeln!(out, "{}", line("", label_width, &header, &widths))?;
    let mut group = None;
    for ((row, _), (label, cells)) in block.iter().zip(&rows) {
        let row_group = row.def().group();
        if row_group.is_some() && row_group != group {
            writeln!(out, "{INDENT}{}", row_group.unwrap_or_default())?;
        }
        group = row_group;
        if label.width() > label_width {
            writeln!(out, "{INDENT}{label}")?;
            writeln!(out, "{}", line("", label_width, cells, &widths))?;
        } else {
            writeln!(out, "{}", line(label, label_width, cells, &widths))?;
        }
    }
    Ok(())
}

/// One aligned line without trailing spaces.
fn line(label: &str, label_width: usize, cells: &[impl AsRef<str>], widths: &[usize]) -> String {
    let mut text = format!("{INDENT}{}", pad_right(label, label_width));
    for (cell, &width) in cells.iter().zip(widths) {
        text.push_str(GAP);
        text.push_str(&pad_left(cell.as_ref(), width));
    }
    text
}

fn show(cell: &Option<Number>) -> String {
    cell.map_or_else(|| BLANK.to_string(), |n| n.to_string())
}

fn pad_left(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(text.width())))
}

fn pad_right(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

/// `警告[rule] file:line:col: message`, one per finding; the location is in the
/// form editors and terminals turn into a link.
fn write_findings(out: &mut impl Write, report: &Report, lang: Lang) -> io::Result<()> {
    writeln!(out)?;
    let title = match lang {
        Lang::Zh => "提取说明",
        Lang::En => "Extraction findings",
    };
    if report.findings.is_empty() {
        let none = if lang == Lang::Zh { "：无" } else { ": none" };
        return writeln!(out, "{title}{none}");
    }
    let count = report.findings.len();
    match lang {
        Lang::Zh => writeln!(out, "{title}（{count}）")?,
        Lang::En => writeln!(out, "{title} ({count})")?,
    }
    for finding in &report.findings {
        writeln!(
            out,
            "{INDENT}{}",
            finding_line(finding, &report.source.file, lang)
        )?;
    }
    Ok(())
}

fn finding_line(finding: &Finding, file: &str, lang: Lang) -> String {
    let severity = finding.severity.word(lang);
    let location = finding
        .span
        .map(|s| format!(" {file}:{}:{}:", s.line, s.column))
        .unwrap_or_default();
    format!(
        "{severity}[{}]{location} {}",
        finding.rule,
        finding.message.get(lang)
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use xxgk_model::Severity;
    use xxgk_model::{
        Active2019Row, AppealGroup, Message, Printed, RequestRow, Source, SourceFormat, Span,
        Template,
    };

    fn at(line: u32, column: u32) -> Span {
        Span {
            line,
            column,
            end_line: line,
            end_column: column + 1,
            ..Span::default()
        }
    }

    /// A small 2019 report built by hand, independent of the extractor.
    pub(crate) fn sample_report() -> Report {
        let mut report = Report::new(Source {
            file: "seed.txt".into(),
            format: SourceFormat::Text,
            sha256: "0".repeat(64),
            encoding: None,
        });
        report.agency = Some("王岗镇人民政府".into());
        report.year = Some(2020);
        report.template = Some(Template::V2019);
        report.published = Some("2021-01-26".into());

        let mut active = Table::new();
        active
            .set(Active2019Row::Fees, 0, Some(Number::int(3)))
            .unwrap();
        active.add_row(Active2019Row::Procurement).unwrap();
        active
            .set(Active2019Row::Procurement, 0, Some(Number::int(7)))
            .unwrap();
        active
            .set(Active2019Row::Procurement, 1, Number::parse("461.7"))
            .unwrap();
        report.active = Some(Active::V2019(active));
        report.cells.insert(
            Table::<Active2019Row>::path(Active2019Row::Procurement, 1).into(),
            Printed {
                raw: "461.70万元".into(),
                span: at(20, 12),
                folded: None,
            },
        );

        let mut requests = Table::new();
        for position in 0..7 {
            let value = if position == 0 || position == 6 {
                10
            } else {
                0
            };
            requests
                .set(RequestRow::Received, position, Some(Number::int(value)))
                .unwrap();
        }
        report.requests = Some(requests);
        report.cells.insert(
            "requests.received.total".into(),
            Printed {
                raw: "10".into(),
                span: at(42, 30),
                folded: None,
            },
        );

        let mut appeals = Table::new();
        appeals
            .set(AppealGroup::Review, 4, Some(Number::int(2)))
            .unwrap();
        report.appeals = Some(appeals);

        report.findings.push(
            Finding::new(
                "cell-unreadable",
                Severity::Warning,
                Message::new("无法识别单元格", "unreadable cell"),
            )
            .with_span(Some(at(30, 5))),
        );
        report
    }

    fn render(report: &Report, lang: Lang) -> String {
        let mut out = Vec::new();
        write(&mut out, report, lang).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn labels_come_from_the_model() {
        let text = render(&sample_report(), Lang::Zh);
        for label in [
            Active2019Row::Procurement.def().label,
            RequestRow::Received.def().label,
            AppealGroup::Review.def().label,
        ] {
            assert!(text.contains(label), "{label} missing in\n{text}");
        }
        assert!(text.contains("文件：seed.txt  机关：王岗镇人民政府  年度：2020"));
        assert!(text.contains("警告[cell-unreadable] seed.txt:30:5: 无法识别单元格"));
    }

    #[test]
    fn columns_line_up_in_display_width() {
        let text = render(&sample_report(), Lang::Zh);
        let block: Vec<&str> = text
            .lines()
            .skip_while(|l| !l.starts_with("表三"))
            .skip(1)
            .take(2)
            .collect();
        assert_eq!(block[0].width(), block[1].width(), "{text}");
        assert!(block[1].ends_with("10"));
        assert!(text.lines().all(|l| !l.ends_with(' ')), "trailing space");
    }

    #[test]
    fn long_labels_get_their_own_line() {
        let mut report = sample_report();
        let mut requests = report.requests.take().unwrap();
        requests
            .set(RequestRow::PartiallyGranted, 0, Some(Number::int(1)))
            .unwrap();
        report.requests = Some(requests);
        let text = render(&report, Lang::En);
        let label = RequestRow::PartiallyGranted.def().label;
        assert!(label.width() > MAX_LABEL_WIDTH);
        assert!(text.contains(&format!("\n{INDENT}{label}\n")), "{text}");
        assert!(text.contains("warning[cell-unreadable]"));
    }

    #[test]
    fn missing_tables_and_blank_cells_are_marked() {
        let mut report = sample_report();
        report.appeals = None;
        let text = render(&report, Lang::Zh);
        assert!(text.contains("（未找到此表）"));
        assert!(text.contains(BLANK));
    }
}
