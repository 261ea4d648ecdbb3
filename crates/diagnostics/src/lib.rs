//! Diagnostics as people and tools read them. Findings are data (`xxgk_model::Finding`);
//! this crate says where they are ([`position`], [`problem::Place`]) and prints them: `full`
//! (rustc-style, with source excerpts), `concise`, `json` (`xxgk/findings@1`),
//! `sarif` (2.1.0), `github` (workflow commands) and [`problem`] (what is wrong with a
//! data file). Each renderer takes results and a language and returns text; the
//! caller chooses the writer. The output formats of `xxgk check`: what one checked input looks like in each
//! format, and the summary line. `check.rs` decides what runs and in which order;
//! these modules only turn results into text.

pub mod concise;
pub mod full;
pub mod github;
pub mod json;
pub mod problem;
pub mod sarif;

use anstyle::{AnsiColor, Style};
use xxgk_model::{Finding, Lang, Report, Severity};
use xxgk_read::ReadError;

/// One input after checking, in input order.
pub struct Checked {
    /// The path as given (or as found while walking a folder).
    pub file: String,
    /// What became of it: the report and its findings, or why it could not be read.
    pub outcome: Result<Examined, ReadError>,
}

/// A report that was read, and everything found in it.
pub struct Examined {
    /// What extraction made of the input.
    pub report: Report,
    /// Extraction findings, single-report and cross-report findings, in document order.
    pub findings: Vec<Finding>,
    /// The decoded original text the spans index into; kept only for `full`.
    pub text: Option<String>,
}

/// `text` as it may reach a terminal: every control character but newline and
/// tab shown as a visible stand-in, so that text from a document, a file name
/// or a data file cannot move the cursor, retitle the window, write to the
/// clipboard (OSC 52) or hide what follows.
///
/// C0 controls (ESC, NUL, BEL, CR …) become their Unicode control pictures
/// (`␛`, `␀`, `␇`, `␍`: one column wide, so marks under a line stay aligned);
/// DEL becomes `␡`; C1 controls (U+0080–U+009F, which some terminals obey as
/// CSI or OSC) and the bidirectional overrides and isolates that reorder what is
/// shown ("Trojan source") become `<U+009B>`-style text. Text without them is
/// returned as it is, without copying.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            _ if !needs_escape(c) => out.push(c),
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
            '\u{7f}' => out.push('\u{2421}'),
            _ => out.push_str(&format!("<U+{:04X}>", c as u32)),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Styles for terminals; every one is plain when colour is off.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    /// Errors (错误).
    pub error: Style,
    /// Warnings (警告).
    pub warning: Style,
    /// Infos (提示).
    pub info: Style,
    /// Line numbers, `|`, `-->` and secondary marks.
    pub gutter: Style,
    /// Emphasis: the summary line and headings.
    pub strong: Style,
}

impl Palette {
    /// The palette for a terminal with colour (`true`) or plain text.
    pub fn new(color: bool) -> Palette {
        if !color {
            let plain = Style::new();
            return Palette {
                error: plain,
                warning: plain,
                info: plain,
                gutter: plain,
                strong: plain,
            };
        }
        let bold = Style::new().bold();
        Palette {
            error: bold.fg_color(Some(AnsiColor::BrightRed.into())),
            warning: bold.fg_color(Some(AnsiColor::BrightYellow.into())),
            info: bold.fg_color(Some(AnsiColor::BrightCyan.into())),
            gutter: bold.fg_color(Some(AnsiColor::BrightBlue.into())),
            strong: bold,
        }
    }

    /// The style of a severity's word and marks.
    pub fn severity(&self, severity: Severity) -> Style {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }
}

/// `text` in `style` (nothing added when the style is plain).
pub fn paint(style: Style, text: &str) -> String {
    if style == Style::new() || text.is_empty() {
        text.to_string()
    } else {
        format!("{style}{text}{style:#}")
    }
}

/// What a run found, for the summary line and the exit status. The counts
/// are of every finding made, listed or not: a file lists at most a fixed
/// number of each rule's findings, and a `findings-capped` finding (counted
/// with the infos) holds how many more there are of each severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Inputs that were read and checked.
    pub checked: usize,
    /// Inputs that could not be read (or whose processing crashed).
    pub unreadable: usize,
    /// Error findings, over every input.
    pub errors: usize,
    /// Warning findings, over every input.
    pub warnings: usize,
    /// Info findings, over every input.
    pub infos: usize,
    /// Of those, the findings not listed (see `findings-capped`).
    pub left_out: usize,
}

impl std::ops::AddAssign for Tally {
    /// Counts another part of the run (the tally of one input, made on the
    /// worker that checked it).
    fn add_assign(&mut self, other: Tally) {
        let Tally {
            checked,
            unreadable,
            errors,
            warnings,
            infos,
            left_out,
        } = other;
        self.checked += checked;
        self.unreadable += unreadable;
        self.errors += errors;
        self.warnings += warnings;
        self.infos += infos;
        self.left_out += left_out;
    }
}

impl Tally {
    /// Counts the inputs and findings of a run.
    pub fn of(results: &[Checked]) -> Tally {
        let mut tally = Tally::default();
        for result in results {
            tally.add(result);
        }
        tally
    }

    /// Counts one more input and its findings.
    pub fn add(&mut self, result: &Checked) {
        match &result.outcome {
            Ok(examined) => self.add_examined(examined),
            Err(_) => self.unreadable += 1,
        }
    }

    /// Counts one more input that was read, and its findings.
    pub fn add_examined(&mut self, examined: &Examined) {
        self.add_checked(&examined.findings);
    }

    /// Counts one more input that was read, with these findings (when the
    /// report itself is no longer at hand).
    pub fn add_checked(&mut self, findings: &[Finding]) {
        self.checked += 1;
        self.add_findings(findings);
    }

    /// Counts more findings of an input already counted (cross-report
    /// findings, which come after the input's own).
    pub fn add_findings(&mut self, findings: &[Finding]) {
        for finding in findings {
            for (severity, n) in finding.counted() {
                match severity {
                    Severity::Error => self.errors += n,
                    Severity::Warning => self.warnings += n,
                    Severity::Info => self.infos += n,
                }
            }
            self.left_out += finding.left_out.as_ref().map_or(0, |l| l.count());
        }
    }

    /// `已检查 N 个文件：错误 E 个，警告 W 个，提示 I 个；K 个文件无法读取`, with
    /// `（其中 L 个未列出…）` after the counts when findings were left out.
    pub fn summary(&self, lang: Lang) -> String {
        let Tally {
            checked,
            unreadable,
            errors,
            warnings,
            infos,
            left_out,
        } = *self;
        let max = xxgk_check::findings_capped::MAX_PER_RULE;
        match lang {
            Lang::Zh => {
                let unlisted = if left_out > 0 {
                    format!("（其中 {left_out} 个未列出：每条规则每个文件最多列出 {max} 个）")
                } else {
                    String::new()
                };
                format!(
                    "已检查 {checked} 个文件：错误 {errors} 个，警告 {warnings} 个，提示 {infos} 个{unlisted}；{unreadable} 个文件无法读取"
                )
            }
            Lang::En => {
                let unlisted = if left_out > 0 {
                    format!(" ({left_out} of them not listed: at most {max} per rule and file)")
                } else {
                    String::new()
                };
                format!(
                    "Checked {}: {}, {}, {}{unlisted}; {} could not be read",
                    count(checked, "file", "files"),
                    count(errors, "error", "errors"),
                    count(warnings, "warning", "warnings"),
                    count(infos, "info", "infos"),
                    count(unreadable, "file", "files"),
                )
            }
        }
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Where a finding is, for people: `line:column` in text, HTML and a PDF's text
/// layer; in a DOCX, whose XML is one long line, the table/row/cell (1-based)
/// or the paragraph instead. A DOCX table is counted as Word shows it (第2个表格,
/// "the document's table 2"): never 表2, which reads as the report's 表二.
pub fn position(
    span: &xxgk_model::Span,
    format: xxgk_model::SourceFormat,
    lang: xxgk_model::Lang,
) -> String {
    use xxgk_model::{Lang, SourceFormat};
    if format == SourceFormat::Docx {
        let n = |v: u32| v + 1;
        match (span.table, span.row, span.cell, span.paragraph, lang) {
            (Some(t), Some(r), Some(c), _, Lang::Zh) => {
                return format!("第{}个表格第{}行第{}格", n(t), n(r), n(c))
            }
            (Some(t), Some(r), Some(c), _, Lang::En) => {
                return format!("document table {}, row {}, cell {}", n(t), n(r), n(c))
            }
            (_, _, _, Some(p), Lang::Zh) => return format!("第{}段", n(p)),
            (_, _, _, Some(p), Lang::En) => return format!("paragraph {}", n(p)),
            _ => {}
        }
    }
    format!("{}:{}", span.line, span.column)
}

/// Where a finding is, as `full` names it after the file: [`position`], and
/// for a PDF's text layer, whose lines a reader cannot count, the page too
/// (`149:23（第 4 页）`, `149:23 (page 4)`).
pub fn place(
    span: &xxgk_model::Span,
    format: xxgk_model::SourceFormat,
    lang: xxgk_model::Lang,
) -> String {
    use xxgk_model::{Lang, SourceFormat};
    let at = position(span, format, lang);
    match (span.page, format, lang) {
        (_, SourceFormat::Docx, _) | (None, _, _) => at,
        (Some(page), _, Lang::Zh) => format!("{at}（第 {page} 页）"),
        (Some(page), _, Lang::En) => format!("{at} (page {page})"),
    }
}

#[cfg(test)]
mod printable_tests {
    use super::printable;

    #[test]
    fn terminal_controls_are_made_visible_and_plain_text_is_not_copied() {
        assert!(matches!(
            printable("表三 总计\t12\n"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            printable("\u{1b}[2J\u{1b}]0;owned\u{7}行\u{0}\r\u{7f}"),
            "␛[2J␛]0;owned␇行␀␍␡"
        );
        assert_eq!(printable("a\u{9b}31mb\u{202e}c"), "a<U+009B>31mb<U+202E>c");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_in_both_languages() {
        let tally = Tally {
            checked: 3,
            unreadable: 1,
            errors: 2,
            warnings: 1,
            infos: 0,
            left_out: 0,
        };
        assert_eq!(
            tally.summary(Lang::Zh),
            "已检查 3 个文件：错误 2 个，警告 1 个，提示 0 个；1 个文件无法读取"
        );
        assert_eq!(
            tally.summary(Lang::En),
            "Checked 3 files: 2 errors, 1 warning, 0 infos; 1 file could not be read"
        );
    }

    #[test]
    fn findings_left_out_are_counted_and_said_to_be_left_out() {
        let listed = (0..100).map(|_| {
            Finding::new(
                "a-rule",
                Severity::Warning,
                xxgk_model::Message::new("", ""),
            )
        });
        let mut left_out = xxgk_model::LeftOut::new("a-rule");
        for _ in 0..7 {
            left_out.add(Severity::Warning);
        }
        left_out.add(Severity::Error);
        let note = xxgk_check::findings_capped::finding(left_out, None);
        let examined = Examined {
            report: Report::new(xxgk_model::Source {
                file: "a.txt".into(),
                format: xxgk_model::SourceFormat::Text,
                sha256: String::new(),
                encoding: None,
            }),
            findings: listed.chain([note]).collect(),
            text: None,
        };
        let results = [Checked {
            file: "a.txt".into(),
            outcome: Ok(examined),
        }];
        let tally = Tally::of(&results);
        assert_eq!(
            (tally.errors, tally.warnings, tally.infos, tally.left_out),
            (1, 107, 1, 8)
        );
        assert_eq!(
            tally.summary(Lang::Zh),
            "已检查 1 个文件：错误 1 个，警告 107 个，提示 1 个（其中 8 个未列出：每条规则每个文件最多列出 100 个）；0 个文件无法读取"
        );
        assert_eq!(
            tally.summary(Lang::En),
            "Checked 1 file: 1 error, 107 warnings, 1 info (8 of them not listed: at most 100 per rule and file); 0 files could not be read"
        );
    }

    #[test]
    fn plain_palette_adds_no_escapes() {
        let palette = Palette::new(false);
        assert_eq!(paint(palette.error, "error"), "error");
        let palette = Palette::new(true);
        assert!(paint(palette.error, "error").starts_with('\x1b'));
    }
}

#[cfg(test)]
mod position_tests {
    use super::position;
    use xxgk_model::{Lang, SourceFormat, Span};

    /// A DOCX cell is named by Word's table count, never as 表N (which reads
    /// as the report's own table N); text formats give line:column.
    #[test]
    fn docx_cells_are_named_as_word_counts_them() {
        let span = Span {
            line: 2,
            column: 7,
            table: Some(1),
            row: Some(3),
            cell: Some(0),
            ..Span::default()
        };
        assert_eq!(
            position(&span, SourceFormat::Docx, Lang::Zh),
            "第2个表格第4行第1格"
        );
        assert_eq!(
            position(&span, SourceFormat::Docx, Lang::En),
            "document table 2, row 4, cell 1"
        );
        assert_eq!(position(&span, SourceFormat::Text, Lang::Zh), "2:7");
        let paragraph = Span {
            paragraph: Some(28),
            ..Span::default()
        };
        assert_eq!(position(&paragraph, SourceFormat::Docx, Lang::Zh), "第29段");
    }
}
