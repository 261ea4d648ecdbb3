//! The `full` format: rustc-style diagnostics with the offending source lines.
//!
//! ```text
//! 错误[appeals-total]: 表四「行政复议」：总计 0 不等于 维持 10 + 纠正 1 + 其他 0 + 尚未审结 0 = 11
//!    --> report.txt:149:23
//!     |
//! 149 | 10    1      0   0    0   0 …
//!     | --    -      -   -    ^
//! ```
//!
//! The primary position (the finding's span) is marked with `^`, every other
//! printed cell the finding names with `-`, as rustc marks primary and secondary
//! spans. Each involved source line is shown once, in order; runs of unrelated
//! lines between them become `...`.
//!
//! Marks line up under the text in a terminal: widths are display widths (a CJK
//! character is two columns) and tabs are expanded to the next multiple of
//! [`TAB`] in the source line and in the marks alike.

use crate::{paint, Examined, Palette};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use unicode_width::UnicodeWidthChar;
use xxgk_model::{Finding, Lang, Report, SourceFormat, Span};

/// Tab stops every this many columns.
pub const TAB: usize = 4;

/// All findings of one report, each followed by a blank line.
pub fn render(file: &str, examined: &Examined, lang: Lang, palette: &Palette) -> String {
    let mut out = String::new();
    if examined.findings.is_empty() {
        return out;
    }
    let source = examined.text.as_deref().map(Source::new);
    let file = crate::printable(file);
    let format = examined.report.source.format;
    for finding in &examined.findings {
        let snippet = source.as_ref().map_or_else(Vec::new, |s| match format {
            SourceFormat::Docx | SourceFormat::Html => s.markup_snippet(finding, format, lang),
            _ => s.snippet(finding, &examined.report),
        });
        let cell = cell_named(finding, &examined.report, lang);
        write_finding(
            &mut out,
            &file,
            Entry {
                finding,
                snippet: &snippet,
                cell: cell.as_deref(),
            },
            format,
            lang,
            palette,
        );
    }
    out
}

/// Most characters of a DOCX or HTML span shown: a finding about a row shows
/// its label and values, never a page of markup.
const MAX_SHOWN_CHARS: usize = 60;

/// What a reader sees of `markup`: its text with tags left out (a tag between
/// two texts, as between two cells, is a space) and entities decoded,
/// whitespace collapsed, at most [`MAX_SHOWN_CHARS`] characters.
fn visible(markup: &str) -> String {
    let mut out = String::new();
    let mut rest = markup;
    let mut space = false;
    let push = |out: &mut String, c: char, space: &mut bool| {
        if c.is_whitespace() {
            *space = true;
            return;
        }
        if *space && !out.is_empty() {
            out.push(' ');
        }
        *space = false;
        out.push(c);
    };
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            if let Some(end) = rest.find('>') {
                space |= separates(&rest[1..end]);
                rest = &rest[end + 1..];
                continue;
            }
        }
        if c == '&' {
            if let Some((decoded, len)) = xxgk_read::entity(rest) {
                if let Some(decoded) = decoded {
                    push(&mut out, decoded, &mut space);
                }
                rest = &rest[len..];
                continue;
            }
        }
        push(&mut out, c, &mut space);
        rest = &rest[c.len_utf8()..];
    }
    let shown: String = out.chars().take(MAX_SHOWN_CHARS).collect();
    if shown.len() < out.len() {
        format!("{shown}…")
    } else {
        shown
    }
}

/// Whether a tag (its text between `<` and `>`) separates the text around it,
/// as a cell, a paragraph, a line break or a tab does; inline tags (a run, a
/// span, a font) join it.
fn separates(tag: &str) -> bool {
    const BREAKS: &[&str] = &[
        "td", "th", "tr", "p", "br", "div", "li", "table", "w:p", "w:tc", "w:tr", "w:br", "w:tab",
        "w:cr",
    ];
    let name = tag
        .trim_start_matches('/')
        .split(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    BREAKS.contains(&name.as_str())
}

/// One source line to show: its 1-based number, its text with tabs expanded and
/// control characters removed, and the marks to print under it.
#[derive(Debug, PartialEq, Eq)]
struct Shown {
    number: usize,
    text: String,
    marks: String,
}

/// One finding to write: the finding, its source lines, and the official
/// place of the cell it names first.
struct Entry<'a> {
    finding: &'a Finding,
    snippet: &'a [Shown],
    cell: Option<&'a str>,
}

/// The official place and printed value of the first cell `finding` names, as
/// a reader finds it in the report: `表三（依申请公开）「一、本年新收…」行「自然人」列，印为「12」`.
/// `None` when it names no cell of the three tables.
fn cell_named(finding: &Finding, report: &Report, lang: Lang) -> Option<String> {
    cell_place(finding.cells.first()?, report, lang)
}

/// The official place of the cell at contract `path` and what `report`
/// printed there: `表三（依申请公开）「一、本年新收…」行「自然人」列，印为「12」`
/// (or `，空白`). `None` when the path names no table.
pub fn cell_place(path: &str, report: &Report, lang: Lang) -> Option<String> {
    let (table, row, column) = xxgk_model::labels::path_labels(path, report.template)?;
    let mut out = table.long_name(lang).to_string();
    if let Some(row) = row {
        let _ = match lang {
            Lang::Zh => write!(out, "「{row}」行"),
            Lang::En => write!(out, ", row 「{row}」"),
        };
    }
    if let Some(column) = column {
        let _ = match lang {
            Lang::Zh => write!(out, "「{column}」列"),
            Lang::En => write!(out, ", column 「{column}」"),
        };
        let printed = report
            .cells
            .get(path)
            .map(|p| p.raw.trim().to_string())
            .filter(|raw| !raw.is_empty());
        let _ = match (printed, lang) {
            (Some(raw), Lang::Zh) => write!(out, "，印为「{}」", crate::printable(&raw)),
            (Some(raw), Lang::En) => write!(out, ", printed 「{}」", crate::printable(&raw)),
            (None, Lang::Zh) => write!(out, "，空白"),
            (None, Lang::En) => write!(out, ", blank"),
        };
    }
    Some(out)
}

fn write_finding(
    out: &mut String,
    file: &str,
    entry: Entry,
    format: xxgk_model::SourceFormat,
    lang: Lang,
    palette: &Palette,
) {
    let Entry {
        finding,
        snippet,
        cell,
    } = entry;
    let style = palette.severity(finding.severity);
    let head = format!("{}[{}]", finding.severity.word(lang), finding.rule);
    let message = format!(": {}", crate::printable(finding.message.get(lang)));
    let _ = writeln!(
        out,
        "{}{}",
        paint(style, &head),
        paint(palette.strong, &message)
    );

    let widest = snippet
        .iter()
        .map(|s| s.number)
        .chain(finding.span.map(|s| s.line as usize))
        .max()
        .unwrap_or(0);
    let width = widest.to_string().len().max(1);
    let pad = " ".repeat(width);
    let arrow = paint(palette.gutter, "-->");
    let _ = match finding.span {
        Some(span) => writeln!(
            out,
            "{pad}{arrow} {file}:{}",
            crate::place(&span, format, lang)
        ),
        None => writeln!(out, "{pad}{arrow} {file}"),
    };

    let bar = paint(palette.gutter, "|");
    if !snippet.is_empty() {
        let _ = writeln!(out, "{pad} {bar}");
    }
    let mut previous: Option<usize> = None;
    for shown in snippet {
        if previous.is_some_and(|p| shown.number > p + 1) {
            let _ = writeln!(out, "{}", paint(palette.gutter, "..."));
        }
        previous = Some(shown.number);
        // Number 0: a DOCX's text, which has no line of its own to name.
        let number = match shown.number {
            0 => paint(palette.gutter, &format!("{pad} |")),
            n => paint(palette.gutter, &format!("{n:>width$} |")),
        };
        let _ = if shown.text.is_empty() {
            writeln!(out, "{number}")
        } else {
            writeln!(out, "{number} {}", shown.text)
        };
        let marks = paint_marks(&shown.marks, palette.severity(finding.severity), palette);
        let _ = writeln!(out, "{pad} {bar} {marks}");
    }

    if let Some(cell) = cell {
        let label = match lang {
            Lang::Zh => "单元格：",
            Lang::En => "cell: ",
        };
        let _ = writeln!(
            out,
            "{pad} {} {}{cell}",
            paint(palette.gutter, "="),
            paint(palette.strong, label),
        );
    }
    let label = match lang {
        Lang::Zh => "说明：",
        Lang::En => "note: ",
    };
    for note in &finding.notes {
        let _ = writeln!(
            out,
            "{pad} {} {}{}",
            paint(palette.gutter, "="),
            paint(palette.strong, label),
            crate::printable(note.get(lang))
        );
    }
    out.push('\n');
}

/// Colours runs of `^` like the severity and runs of `-` like the gutter.
fn paint_marks(marks: &str, primary: anstyle::Style, palette: &Palette) -> String {
    let mut out = String::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let style = match run.chars().next() {
            Some('^') => primary,
            Some('-') => palette.gutter,
            _ => anstyle::Style::new(),
        };
        out.push_str(&paint(style, run));
        run.clear();
    };
    for c in marks.chars() {
        if run.chars().next().is_some_and(|r| r != c) {
            flush(&mut run, &mut out);
        }
        run.push(c);
    }
    flush(&mut run, &mut out);
    out
}

/// The decoded original text and where its lines start (lines end at `\n`, as
/// the reader counts them; a `\r` before it is not shown).
struct Source<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

/// A byte range to mark, and whether it is the finding's own position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Mark {
    start: usize,
    end: usize,
    primary: bool,
}

impl<'t> Source<'t> {
    fn new(text: &'t str) -> Source<'t> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source { text, starts }
    }

    /// The 0-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// The byte range of line `index` without its line break.
    fn line(&self, index: usize) -> (usize, usize) {
        let start = self.starts[index];
        let mut end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |&next| next - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        (start, end)
    }

    /// A span that really points into this text (a stale or foreign span is
    /// not drawn rather than drawn wrong).
    fn holds(&self, span: &Span) -> bool {
        span.start <= span.end
            && span.end <= self.text.len()
            && self.text.is_char_boundary(span.start)
            && self.text.is_char_boundary(span.end)
    }

    /// For a DOCX or an HTML page, whose source lines are markup: the text of
    /// the finding's span as a reader sees it, marked whole. An HTML page keeps
    /// its line number; a DOCX (one line of XML) shows none.
    fn markup_snippet(&self, finding: &Finding, format: SourceFormat, lang: Lang) -> Vec<Shown> {
        let Some(span) = finding.span.filter(|s| self.holds(s)) else {
            return Vec::new();
        };
        let mut text = crate::printable(&visible(&self.text[span.start..span.end])).into_owned();
        if text.is_empty() {
            text = match lang {
                Lang::Zh => "（空白）",
                Lang::En => "(blank)",
            }
            .to_string();
        }
        let width: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
        vec![Shown {
            number: match format {
                SourceFormat::Docx => 0,
                _ => span.line as usize,
            },
            text,
            marks: "^".repeat(width.max(1)),
        }]
    }

    /// The lines to show for a finding: the primary span and every printed cell
    /// it names, each line once, in order.
    fn snippet(&self, finding: &Finding, report: &Report) -> Vec<Shown> {
        let Some(primary) = finding.span.filter(|s| self.holds(s)) else {
            return Vec::new();
        };
        let mut marks = vec![Mark {
            start: primary.start,
            end: primary.end,
            primary: true,
        }];
        for cell in &finding.cells {
            let Some(printed) = report.cells.get(cell.as_str()) else {
                continue;
            };
            let span = printed.span;
            if self.holds(&span)
                && !marks
                    .iter()
                    .any(|m| (m.start, m.end) == (span.start, span.end))
            {
                marks.push(Mark {
                    start: span.start,
                    end: span.end,
                    primary: false,
                });
            }
        }

        // Line → byte ranges on it. A mark over several lines is drawn on its
        // first line (to the line's end) and its last (from the text's start).
        let mut lines: BTreeMap<usize, Vec<Mark>> = BTreeMap::new();
        for mark in marks {
            let first = self.line_of(mark.start);
            let last = if mark.end > mark.start {
                self.line_of(mark.end - 1)
            } else {
                first
            };
            let (first_start, first_end) = self.line(first);
            if first == last {
                lines.entry(first).or_default().push(Mark {
                    start: mark.start.min(first_end),
                    end: mark.end.min(first_end),
                    ..mark
                });
                continue;
            }
            // To the end of the text shown, not into trailing spaces.
            let shown_end = first_start + self.text[first_start..first_end].trim_end().len();
            lines.entry(first).or_default().push(Mark {
                start: mark.start.min(shown_end),
                end: shown_end,
                ..mark
            });
            let (last_start, last_end) = self.line(last);
            let line = &self.text[last_start..last_end];
            let indent = line.len() - line.trim_start().len();
            lines.entry(last).or_default().push(Mark {
                start: last_start + indent,
                end: mark.end.clamp(last_start + indent, last_end),
                ..mark
            });
        }

        lines
            .into_iter()
            .map(|(index, marks)| {
                let (line_start, line_end) = self.line(index);
                // A long line (a flattened table, a page on one line) is shown
                // around its marks only.
                let (start, end, cut_before, cut_after) =
                    excerpt(self.text, line_start, line_end, &marks);
                let marks: Vec<Mark> = marks
                    .into_iter()
                    .filter(|m| m.end >= start && m.start <= end)
                    .map(|m| Mark {
                        start: m.start.clamp(start, end),
                        end: m.end.clamp(start, end),
                        ..m
                    })
                    .collect();
                let line = &self.text[start..end];
                let lead = if cut_before { ELLIPSIS } else { "" };
                let mut under: Vec<char> = vec![' '; lead.len()];
                // Secondary marks first so that the primary one wins where they overlap.
                for primary in [false, true] {
                    for mark in marks.iter().filter(|m| m.primary == primary) {
                        let from = lead.len() + display_width(&line[..mark.start - start]);
                        let to =
                            (lead.len() + display_width(&line[..mark.end - start])).max(from + 1);
                        if under.len() < to {
                            under.resize(to, ' ');
                        }
                        let c = if primary { '^' } else { '-' };
                        under[from..to].iter_mut().for_each(|u| *u = c);
                    }
                }
                let tail = if cut_after { ELLIPSIS } else { "" };
                Shown {
                    number: index + 1,
                    text: format!("{lead}{}{tail}", expand(line).trim_end()),
                    marks: under.into_iter().collect::<String>().trim_end().to_string(),
                }
            })
            .collect()
    }
}

/// Lines wider than this many columns are shown around their marks only.
const MAX_SHOWN: usize = 120;
/// Characters shown before the first mark and after the last of a long line.
const CONTEXT: usize = 24;
/// What stands for the part of a long line left out.
const ELLIPSIS: &str = "...";

/// The part of line `start..end` of `text` to show: all of it when it is
/// short, else from a little before the first mark to a little after the last
/// (at most [`MAX_SHOWN`] columns); and whether something was cut at either end.
fn excerpt(text: &str, start: usize, end: usize, marks: &[Mark]) -> (usize, usize, bool, bool) {
    let line = &text[start..end];
    if display_width(line) <= MAX_SHOWN {
        return (start, end, false, false);
    }
    let first = marks
        .iter()
        .map(|m| m.start)
        .min()
        .unwrap_or(start)
        .clamp(start, end);
    let last = marks
        .iter()
        .map(|m| m.end)
        .max()
        .unwrap_or(start)
        .clamp(first, end);
    let back = |at: usize, chars: usize| {
        text[start..at]
            .char_indices()
            .rev()
            .nth(chars.saturating_sub(1))
            .map_or(start, |(i, _)| start + i)
    };
    let forward = |at: usize, chars: usize| {
        text[at..end]
            .char_indices()
            .nth(chars)
            .map_or(end, |(i, _)| at + i)
    };
    let from = back(first, CONTEXT);
    let to = forward(last, CONTEXT).min(forward(from, MAX_SHOWN / 2));
    (from, to.max(from), from > start, to < end)
}

/// The line as shown: tabs expanded to the next multiple of [`TAB`], control
/// characters (a PDF text layer's form feeds, stray escapes) and
/// bidirectional overrides left out (see [`crate::printable`]).
fn expand(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let n = TAB - column % TAB;
            out.extend(std::iter::repeat_n(' ', n));
            column += n;
        } else if !hidden(c) {
            out.push(c);
            column += c.width().unwrap_or(0);
        }
    }
    out
}

/// Left out of a shown source line: controls and bidirectional overrides.
fn hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The terminal columns `text` takes once shown by [`expand`].
fn display_width(text: &str) -> usize {
    text.chars().fold(0, |column, c| {
        if c == '\t' {
            column + TAB - column % TAB
        } else if hidden(c) {
            column
        } else {
            column + c.width().unwrap_or(0)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;
    use xxgk_model::{Message, Printed, Severity, Source as ReportSource, SourceFormat};

    fn span_of(text: &str, needle: &str, nth: usize) -> Span {
        let start = text.match_indices(needle).nth(nth).unwrap().0;
        let end = start + needle.len();
        let line = text[..start].matches('\n').count() as u32 + 1;
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..start].chars().count() as u32 + 1;
        Span {
            start,
            end,
            line,
            column,
            end_line: line,
            end_column: column + needle.chars().count() as u32,
            ..Span::default()
        }
    }

    fn report() -> Report {
        Report::new(ReportSource {
            file: "r.txt".into(),
            format: SourceFormat::Text,
            sha256: String::new(),
            encoding: None,
        })
    }

    fn plain(text: &str, finding: Finding, report: Report) -> String {
        let examined = Examined {
            report,
            findings: vec![finding],
            text: Some(text.to_string()),
        };
        render("r.txt", &examined, Lang::Zh, &Palette::new(false))
    }

    #[test]
    fn tabs_and_wide_characters_keep_marks_aligned() {
        let text = "标题\n一、本年新收\t10\t0\t十二\n";
        let span = span_of(text, "十二", 0);
        let finding =
            Finding::new("x", Severity::Error, Message::new("m", "m")).with_span(Some(span));
        let out = plain(text, finding, report());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[3], "2 | 一、本年新收    10  0   十二");
        assert_eq!(lines[4], format!("  | {}^^^^", " ".repeat(24)));
        // The marks start exactly where the characters start on screen.
        let at = lines[3].find("十二").unwrap();
        assert_eq!(lines[4].find('^').unwrap(), lines[3][..at].width());
    }

    #[test]
    fn other_cells_are_marked_on_their_own_lines_with_gaps_elided() {
        let text = "a\t1\nb\t2\nc\t3\nd\t4\ne\t5\n";
        let mut report = report();
        for (path, value, line) in [("t.a", "1", 0), ("t.b", "2", 0), ("t.e", "5", 0)] {
            report.cells.insert(
                path.into(),
                Printed {
                    raw: value.into(),
                    span: span_of(text, value, line),
                    folded: None,
                },
            );
        }
        let finding = Finding::new("x", Severity::Warning, Message::new("m", "m"))
            .with_span(Some(span_of(text, "5", 0)))
            .with_cells(vec!["t.a".into(), "t.b".into(), "t.e".into(), "t.z".into()])
            .with_note(Message::new("算式", "sum"));
        let out = plain(text, finding, report);
        assert_eq!(
            out,
            "警告[x]: m\n --> r.txt:5:3\n  |\n1 | a   1\n  |     -\n2 | b   2\n  |     -\n...\n5 | e   5\n  |     ^\n  = 说明：算式\n\n"
        );
    }

    #[test]
    fn markup_shows_the_text_a_reader_sees() {
        assert_eq!(
            visible("<td><span>一、</span><span lang=EN>本年新收</span></td><td>1&nbsp;2</td>\n<td>&#24180;&amp;</td>"),
            "一、本年新收 1 2 年&"
        );
        assert_eq!(
            visible("<w:r><w:t>五、存在</w:t></w:r><w:r><w:t>的问题</w:t></w:r></w:p><w:p><w:r><w:t>无</w:t>"),
            "五、存在的问题 无"
        );
        let long = "<td>数</td>".repeat(100);
        assert_eq!(
            visible(&long),
            format!(
                "{}…",
                ["数"; MAX_SHOWN_CHARS]
                    .join(" ")
                    .chars()
                    .take(MAX_SHOWN_CHARS)
                    .collect::<String>()
            )
        );
    }

    #[test]
    fn a_docx_finding_shows_the_cells_text_without_a_line_number() {
        let text = "<w:document><w:tbl><w:tr><w:tc><w:p><w:r><w:t>一、本年新收</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:document>";
        let mut span = span_of(text, "一、本年新收", 0);
        span.table = Some(1);
        span.row = Some(3);
        span.cell = Some(0);
        let finding =
            Finding::new("x", Severity::Info, Message::new("m", "m")).with_span(Some(span));
        let mut report = report();
        report.source.format = SourceFormat::Docx;
        let examined = Examined {
            report,
            findings: vec![finding],
            text: Some(text.to_string()),
        };
        assert_eq!(
            render("r.docx", &examined, Lang::Zh, &Palette::new(false)),
            "提示[x]: m\n --> r.docx:第2个表格第4行第1格\n  |\n  | 一、本年新收\n  | ^^^^^^^^^^^^\n\n"
        );
    }

    #[test]
    fn a_finding_without_position_names_only_the_file() {
        let finding = Finding::new("unchecked", Severity::Info, Message::new("空白", "blank"));
        assert_eq!(
            plain("x\n", finding, report()),
            "提示[unchecked]: 空白\n --> r.txt\n\n"
        );
    }

    #[test]
    fn a_long_line_is_shown_around_its_marks() {
        // A flattened page: the whole report on one line.
        let text = format!(
            "{}规章000行政规范性文件5426第二十条{}\n",
            "正文".repeat(200),
            "正文".repeat(200)
        );
        let finding = Finding::new("x", Severity::Warning, Message::new("m", "m"))
            .with_span(Some(span_of(&text, "5426", 0)));
        let shown = plain(&text, finding, report());
        let expected = [
            "警告[x]: m",
            " --> r.txt:1:413",
            "  |",
            "1 | ...正文正文正文正文正文正文规章000行政规范性文件5426第二十条正文正文正文正文正文正文正文正文正文正文...",
            "  |                                                 ^^^^",
            "",
            "",
        ];
        assert_eq!(shown, expected.join("\n"));
    }

    #[test]
    fn a_span_outside_the_text_is_not_drawn() {
        let span = Span {
            start: 5,
            end: 900,
            line: 1,
            column: 6,
            end_line: 1,
            end_column: 9,
            ..Span::default()
        };
        let finding =
            Finding::new("x", Severity::Error, Message::new("m", "m")).with_span(Some(span));
        assert_eq!(
            plain("short\n", finding, report()),
            "错误[x]: m\n --> r.txt:1:6\n\n"
        );
    }

    #[test]
    fn a_span_over_lines_marks_its_first_and_last_line() {
        let text = "head\n  row 1  \n  row 2\n  row 3\ntail\n";
        let start = text.find("row 1").unwrap();
        let end = text.find("row 3").unwrap() + 5;
        let span = Span {
            start,
            end,
            line: 2,
            column: 3,
            end_line: 4,
            end_column: 8,
            ..Span::default()
        };
        let finding =
            Finding::new("x", Severity::Info, Message::new("m", "m")).with_span(Some(span));
        let out = plain(text, finding, report());
        assert!(
            out.contains("2 |   row 1\n  |   ^^^^^\n...\n4 |   row 3\n  |   ^^^^^\n"),
            "{out}"
        );
    }

    #[test]
    fn control_characters_are_not_printed() {
        assert_eq!(expand("\u{c}a\tb\r"), "a   b");
        assert_eq!(
            expand("\u{1b}]52;c;ZWNobw==\u{7}x\u{202e}y"),
            "]52;c;ZWNobw==xy"
        );
        assert_eq!(display_width("\u{c}a\t"), 4);
    }
}
