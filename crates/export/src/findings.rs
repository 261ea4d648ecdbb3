//! The findings workbook: what a reviewer hands in after checking a folder of
//! reports (`xxgk check --format xlsx|csv`, `xxgk export --to
//! findings-xlsx|findings-csv`).
//!
//! The rows are built here, once, from a report and its findings
//! ([`FileRows::report`]), from a file that could not be read
//! ([`FileRows::unreadable`]) or from what `xxgk check` made of an input
//! ([`FileRows::checked`]); [`FindingsXlsx`] and [`FindingsCsv`] write them.
//!
//! # 发现 (Findings): one row per finding, in the order given
//!
//! [`FINDING_COLUMNS`]: 机关 (the report's agency as extracted), 年度, 文件 (the
//! path as given), 规则 (rule id), 严重程度 (错误/警告/提示), 说明 (the message), 表,
//! 行, 列 (the official table name, row and column label of the first cell the
//! finding names, from `xxgk_model::labels` — a finding about a row names no
//! column, one about the year no table), 数值 (what the report printed in that
//! cell: its text as printed, or the value read when no text was kept; empty
//! when blank), 位置 (`line:column` as `xxgk check --format concise` shows it,
//! the table/row/cell of a DOCX, with the page of a PDF). A file that could not
//! be read is one row: no rule, 错误, the reason.
//!
//! # 汇总 (Summary): one row per file
//!
//! [`SUMMARY_COLUMNS`]: 机关, 年度, 文件, 错误, 警告, 提示 (every finding made,
//! counting those a `findings-capped` finding says were left out of the list,
//! as the summary line of `xxgk check` does; a file that could not be read
//! counts as one error, as its row on 发现 does), 规则 (the rules that fired, in
//! the order they first fired).
//!
//! Headers, sheet names, severities and messages follow the language; row and
//! column labels are the official Chinese wording in both. Text is always
//! written as text, never as a formula: the workbook's cells are strings or
//! numbers (`rust_xlsxwriter`'s `write_string`), and the CSV passes every text
//! field through [`csv_field`].

use crate::csv_export::csv_field;
use crate::error::{ExportError, Result};
use crate::xlsx::EXCEL_MAX_ROWS;
use rust_xlsxwriter::{ColNum, Format, RowNum, Workbook, Worksheet, XlsxError};
use std::io::Write;
use std::path::{Path, PathBuf};
use xxgk_diagnostics::Checked;
use xxgk_model::labels::path_labels;
use xxgk_model::{Finding, Lang, Report, Severity, SourceFormat, Span};

/// The columns of the 发现 sheet (and of the findings CSV): Chinese heading,
/// English heading, width.
pub const FINDING_COLUMNS: [(&str, &str, f64); 11] = [
    ("机关", "Body", 24.0),
    ("年度", "Year", 6.0),
    ("文件", "File", 36.0),
    ("规则", "Rule", 20.0),
    ("严重程度", "Severity", 9.0),
    ("说明", "Message", 70.0),
    ("表", "Table", 18.0),
    ("行", "Row", 30.0),
    ("列", "Column", 18.0),
    ("数值", "Value", 9.0),
    ("位置", "Position", 14.0),
];

/// The columns of the 汇总 sheet: Chinese heading, English heading, width.
pub const SUMMARY_COLUMNS: [(&str, &str, f64); 7] = [
    ("机关", "Body", 24.0),
    ("年度", "Year", 6.0),
    ("文件", "File", 36.0),
    ("错误", "Errors", 7.0),
    ("警告", "Warnings", 9.0),
    ("提示", "Infos", 7.0),
    ("规则", "Rules", 50.0),
];

/// The name of the findings sheet: 发现, or `Findings`.
pub fn findings_sheet(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "发现",
        Lang::En => "Findings",
    }
}

/// The name of the summary sheet: 汇总, or `Summary`.
pub fn summary_sheet(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "汇总",
        Lang::En => "Summary",
    }
}

fn heading(column: &(&'static str, &'static str, f64), lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => column.0,
        Lang::En => column.1,
    }
}

/// One row of the 发现 sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct FindingRow {
    /// The report's agency as extracted.
    pub body: Option<String>,
    /// The report year.
    pub year: Option<i32>,
    /// The path as given.
    pub file: String,
    /// The rule id; `None` for a file that could not be read.
    pub rule: Option<String>,
    /// How serious it is.
    pub severity: Severity,
    /// The message in the chosen language.
    pub message: String,
    /// The table of the first cell named (`表四（复议诉讼）`).
    pub table: Option<&'static str>,
    /// The official label of that cell's row.
    pub row: Option<String>,
    /// The official label of that cell's column.
    pub column: Option<String>,
    /// What the report printed in that cell.
    pub value: Option<String>,
    /// Where: `149:23（第4页）`.
    pub position: Option<String>,
}

/// One row of the 汇总 sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryRow {
    /// The report's agency as extracted.
    pub body: Option<String>,
    /// The report year.
    pub year: Option<i32>,
    /// The path as given.
    pub file: String,
    /// Error findings, listed or not.
    pub errors: usize,
    /// Warning findings, listed or not.
    pub warnings: usize,
    /// Info findings, listed or not.
    pub infos: usize,
    /// The rules that fired, in the order they first fired.
    pub rules: Vec<String>,
}

/// Everything the workbook says about one file.
#[derive(Clone, Debug, PartialEq)]
pub struct FileRows {
    /// Its rows on 发现.
    pub findings: Vec<FindingRow>,
    /// Its row on 汇总.
    pub summary: SummaryRow,
}

impl FileRows {
    /// The rows of a report read from `file`, with its findings in the order
    /// they are to be listed. The value of a cell is what `report.cells` holds
    /// for it (the printed text), else the value of its table.
    pub fn report(file: &str, report: &Report, findings: &[Finding], lang: Lang) -> FileRows {
        let body = report.agency.clone();
        let year = report.year;
        let mut summary = SummaryRow {
            body: body.clone(),
            year,
            file: file.to_string(),
            errors: 0,
            warnings: 0,
            infos: 0,
            rules: Vec::new(),
        };
        let mut rows = Vec::with_capacity(findings.len());
        for finding in findings {
            for (severity, n) in finding.counted() {
                summary.count(severity, n);
            }
            if !summary.rules.contains(&finding.rule) {
                summary.rules.push(finding.rule.clone());
            }
            let labels = finding
                .cells
                .first()
                .and_then(|path| Some((path, path_labels(path, report.template)?)));
            let (table, row, column, value) = match labels {
                Some((path, (table, row, column))) => {
                    let value = match report.cells.get(path.as_str()) {
                        Some(printed) => Some(printed.raw.to_string()),
                        None => report.value(path).map(|v| v.to_string()),
                    };
                    (Some(table.long_name(lang)), row, column, value)
                }
                None => (None, None, None, None),
            };
            rows.push(FindingRow {
                body: body.clone(),
                year,
                file: file.to_string(),
                rule: Some(finding.rule.clone()),
                severity: finding.severity,
                message: finding.message.get(lang).to_string(),
                table,
                row,
                column,
                value: value.filter(|v| !v.is_empty()),
                position: finding
                    .span
                    .map(|span| position(&span, report.source.format, lang)),
            });
        }
        FileRows {
            findings: rows,
            summary,
        }
    }

    /// The rows of a file that could not be read: one error without a rule,
    /// saying why.
    pub fn unreadable(file: &str, message: &str) -> FileRows {
        FileRows {
            findings: vec![FindingRow {
                body: None,
                year: None,
                file: file.to_string(),
                rule: None,
                severity: Severity::Error,
                message: message.to_string(),
                table: None,
                row: None,
                column: None,
                value: None,
                position: None,
            }],
            summary: SummaryRow {
                body: None,
                year: None,
                file: file.to_string(),
                errors: 1,
                warnings: 0,
                infos: 0,
                rules: Vec::new(),
            },
        }
    }

    /// The rows of one input of `xxgk check`.
    pub fn checked(checked: &Checked, lang: Lang) -> FileRows {
        match &checked.outcome {
            Ok(examined) => {
                FileRows::report(&checked.file, &examined.report, &examined.findings, lang)
            }
            Err(error) => FileRows::unreadable(&checked.file, error.message(lang)),
        }
    }
}

impl SummaryRow {
    fn count(&mut self, severity: Severity, n: usize) {
        match severity {
            Severity::Error => self.errors += n,
            Severity::Warning => self.warnings += n,
            Severity::Info => self.infos += n,
        }
    }

    /// The rules on one line: `appeals-total, label-fuzzy`.
    pub fn rules_text(&self) -> String {
        self.rules.join(", ")
    }
}

/// Where a finding is, as `xxgk check --format concise` says it
/// ([`xxgk_diagnostics::position`]), with the page when the source is a PDF
/// (or its text layer): `149:23（第4页）`, `149:23 (page 4)`.
pub fn position(span: &Span, format: SourceFormat, lang: Lang) -> String {
    let at = xxgk_diagnostics::position(span, format, lang);
    match (span.page, lang) {
        (Some(page), Lang::Zh) => format!("{at}（第{page}页）"),
        (Some(page), Lang::En) => format!("{at} (page {page})"),
        (None, _) => at,
    }
}

/// A printed value that is a plain decimal numeral (`10`, `-4`, `461.7`):
/// written as a number, so that a spreadsheet sums and filters it. Anything
/// else (`+1`, `461.70万元`, `—`) stays the text it was printed as.
fn plain_number(text: &str) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let numeral = !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && whole.len() + fraction.len() <= 15;
    numeral.then(|| text.parse().ok()).flatten()
}

/// Writes the findings workbook: 发现 and 汇总 (or `Findings` and `Summary`),
/// one file at a time. The sheets are written row by row to temporary files
/// in the folder of the output, so memory does not grow with the findings; a
/// 发现 sheet past Excel's row limit continues on 发现2, 发现3 ….
pub struct FindingsXlsx {
    path: PathBuf,
    name: PathBuf,
    lang: Lang,
    workbook: Workbook,
    header: Format,
    findings_done: Vec<Worksheet>,
    findings: Sheet,
    summary: Sheet,
}

struct Sheet {
    worksheet: Worksheet,
    next_row: RowNum,
}

impl Sheet {
    fn new(
        workbook: &mut Workbook,
        name: &str,
        columns: &[(&'static str, &'static str, f64)],
        header: &Format,
        lang: Lang,
    ) -> Result<Sheet, XlsxError> {
        let mut worksheet = workbook.new_worksheet_with_low_memory()?;
        worksheet.set_name(name)?;
        for (col, column) in columns.iter().enumerate() {
            let col = col as ColNum;
            worksheet.write_string_with_format(0, col, heading(column, lang), header)?;
            worksheet.set_column_width(col, column.2)?;
        }
        worksheet.set_freeze_panes(1, 0)?;
        Ok(Sheet {
            worksheet,
            next_row: 1,
        })
    }

    fn text(&mut self, col: ColNum, text: Option<&str>) -> Result<(), XlsxError> {
        if let Some(text) = text.filter(|t| !t.is_empty()) {
            self.worksheet.write_string(self.next_row, col, text)?;
        }
        Ok(())
    }

    fn number(&mut self, col: ColNum, number: Option<f64>) -> Result<(), XlsxError> {
        if let Some(number) = number {
            self.worksheet.write_number(self.next_row, col, number)?;
        }
        Ok(())
    }

    fn finish(mut self, columns: usize) -> Result<Worksheet, XlsxError> {
        let last_row = self.next_row.saturating_sub(1);
        self.worksheet
            .autofilter(0, 0, last_row, columns as ColNum - 1)?;
        Ok(self.worksheet)
    }
}

impl FindingsXlsx {
    /// Starts a workbook to be saved at `path` by [`FindingsXlsx::finish`],
    /// headers and sheet names in `lang`.
    pub fn new(path: &Path, lang: Lang) -> Result<Self> {
        let fail = |e: XlsxError| ExportError::xlsx(path, e);
        let mut workbook = crate::xlsx::workbook_for(path)?;
        let header = crate::xlsx::header_format();
        let findings = Sheet::new(
            &mut workbook,
            findings_sheet(lang),
            &FINDING_COLUMNS,
            &header,
            lang,
        )
        .map_err(fail)?;
        let summary = Sheet::new(
            &mut workbook,
            summary_sheet(lang),
            &SUMMARY_COLUMNS,
            &header,
            lang,
        )
        .map_err(fail)?;
        Ok(FindingsXlsx {
            path: path.to_path_buf(),
            name: path.to_path_buf(),
            lang,
            workbook,
            header,
            findings_done: Vec::new(),
            findings,
            summary,
        })
    }

    /// Names the file `name` in messages (the workbook is saved at a
    /// temporary path that becomes `name` when complete).
    pub fn named(mut self, name: &Path) -> Self {
        self.name = name.to_path_buf();
        self
    }

    /// Adds one file: its findings on 发现, its row on 汇总.
    pub fn add(&mut self, rows: &FileRows) -> Result<()> {
        self.add_inner(rows)
            .map_err(|e| ExportError::xlsx(&self.name, e))
    }

    fn add_inner(&mut self, rows: &FileRows) -> Result<(), XlsxError> {
        let lang = self.lang;
        for row in &rows.findings {
            if self.findings.next_row >= EXCEL_MAX_ROWS {
                let name = format!("{}{}", findings_sheet(lang), self.findings_done.len() + 2);
                let next = Sheet::new(
                    &mut self.workbook,
                    &name,
                    &FINDING_COLUMNS,
                    &self.header,
                    lang,
                )?;
                let full = std::mem::replace(&mut self.findings, next);
                self.findings_done.push(full.finish(FINDING_COLUMNS.len())?);
            }
            let sheet = &mut self.findings;
            sheet.text(0, row.body.as_deref())?;
            sheet.number(1, row.year.map(f64::from))?;
            sheet.text(2, Some(&row.file))?;
            sheet.text(3, row.rule.as_deref())?;
            sheet.text(4, Some(row.severity.word(lang)))?;
            sheet.text(5, Some(&row.message))?;
            sheet.text(6, row.table)?;
            sheet.text(7, row.row.as_deref())?;
            sheet.text(8, row.column.as_deref())?;
            match row.value.as_deref().map(|v| (v, plain_number(v))) {
                Some((_, Some(number))) => sheet.number(9, Some(number))?,
                Some((text, None)) => sheet.text(9, Some(text))?,
                None => {}
            }
            sheet.text(10, row.position.as_deref())?;
            sheet.next_row += 1;
        }
        let summary = &rows.summary;
        let sheet = &mut self.summary;
        sheet.text(0, summary.body.as_deref())?;
        sheet.number(1, summary.year.map(f64::from))?;
        sheet.text(2, Some(&summary.file))?;
        sheet.number(3, Some(summary.errors as f64))?;
        sheet.number(4, Some(summary.warnings as f64))?;
        sheet.number(5, Some(summary.infos as f64))?;
        sheet.text(6, Some(&summary.rules_text()))?;
        sheet.next_row += 1;
        Ok(())
    }

    /// Saves the workbook: 发现 (and its continuations), then 汇总.
    pub fn finish(self) -> Result<()> {
        let FindingsXlsx {
            path,
            name,
            mut workbook,
            findings_done,
            findings,
            summary,
            ..
        } = self;
        let fail = |e: XlsxError| ExportError::xlsx(&name, e);
        for sheet in findings_done {
            workbook.push_worksheet(sheet);
        }
        workbook.push_worksheet(findings.finish(FINDING_COLUMNS.len()).map_err(fail)?);
        workbook.push_worksheet(summary.finish(SUMMARY_COLUMNS.len()).map_err(fail)?);
        workbook.save(&path).map_err(fail)
    }
}

/// Writes the 发现 sheet as CSV: a BOM, the headings in the chosen language,
/// one record per finding (CRLF, quoted when needed). Text fields pass through
/// [`csv_field`]; the year, and a value printed as a plain numeral, are written
/// as they are.
pub struct FindingsCsv<W: Write> {
    writer: csv::Writer<W>,
    name: String,
    lang: Lang,
}

impl<W: Write> FindingsCsv<W> {
    /// Starts the CSV on `w`, naming it `name` in error messages.
    pub fn named(w: W, name: &str, lang: Lang) -> Result<Self> {
        let header = FINDING_COLUMNS.iter().map(|c| heading(c, lang));
        let writer = crate::csv_export::start(w, name, header)?;
        Ok(FindingsCsv {
            writer,
            name: name.to_string(),
            lang,
        })
    }

    /// Appends the file's findings.
    pub fn add(&mut self, rows: &FileRows) -> Result<()> {
        let text = |t: Option<&str>| csv_field(t.unwrap_or("")).into_owned();
        for row in &rows.findings {
            let value = match row.value.as_deref() {
                Some(v) if plain_number(v).is_some() => v.to_string(),
                other => text(other),
            };
            let record = [
                text(row.body.as_deref()),
                row.year.map(|y| y.to_string()).unwrap_or_default(),
                text(Some(&row.file)),
                text(row.rule.as_deref()),
                text(Some(row.severity.word(self.lang))),
                text(Some(&row.message)),
                text(row.table),
                text(row.row.as_deref()),
                text(row.column.as_deref()),
                value,
                text(row.position.as_deref()),
            ];
            self.writer
                .write_record(&record)
                .map_err(|e| ExportError::io(&self.name, e))?;
        }
        Ok(())
    }

    /// Flushes the CSV and returns the writer.
    pub fn finish(self) -> Result<W> {
        crate::csv_export::finish(self.writer, &self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgk_model::{LeftOut, Message, Source};

    fn report() -> Report {
        let mut report = Report::new(Source {
            file: "r.pdf".into(),
            format: SourceFormat::Pdf,
            sha256: String::new(),
            encoding: None,
        });
        report.agency = Some("某镇人民政府".into());
        report.year = Some(2024);
        report
    }

    #[test]
    fn numerals_are_numbers_and_other_text_is_not() {
        assert_eq!(plain_number("10"), Some(10.0));
        assert_eq!(plain_number("-4"), Some(-4.0));
        assert_eq!(plain_number("461.7"), Some(461.7));
        for text in [
            "+1",
            "461.70万元",
            "—",
            "",
            "-",
            "1.",
            ".5",
            "1e3",
            "12345678901234567",
        ] {
            assert_eq!(plain_number(text), None, "{text}");
        }
    }

    #[test]
    fn counts_include_what_was_left_out_and_rules_are_listed_once() {
        let span = Span {
            line: 3,
            column: 7,
            page: Some(2),
            ..Span::default()
        };
        let mut left_out = LeftOut::new("row-short");
        left_out.add(Severity::Warning);
        left_out.add(Severity::Error);
        let mut capped = Finding::new("findings-capped", Severity::Info, Message::new("略", "cut"));
        capped.left_out = Some(left_out);
        let findings = [
            Finding::new("row-short", Severity::Warning, Message::new("短", "short"))
                .with_span(Some(span))
                .with_cells(vec!["requests.denied_law".into()]),
            Finding::new("row-short", Severity::Warning, Message::new("短", "short"))
                .with_cells(vec!["year".into()]),
            capped,
        ];
        let rows = FileRows::report("r.pdf", &report(), &findings, Lang::Zh);
        assert_eq!(
            (
                rows.summary.errors,
                rows.summary.warnings,
                rows.summary.infos
            ),
            (1, 3, 1)
        );
        assert_eq!(rows.summary.rules_text(), "row-short, findings-capped");
        let first = &rows.findings[0];
        assert_eq!(first.table, Some("表三（依申请公开）"));
        assert_eq!(
            first.row.as_deref(),
            Some("（三）不予公开/2.其他法律行政法规禁止公开")
        );
        assert_eq!(first.column, None);
        assert_eq!(first.position.as_deref(), Some("3:7（第2页）"));
        assert_eq!(rows.findings[1].table, None);
        let en = FileRows::report("r.pdf", &report(), &findings, Lang::En);
        assert_eq!(en.findings[0].table, Some("table 3 (requests)"));
        assert_eq!(en.findings[0].position.as_deref(), Some("3:7 (page 2)"));
    }
}
