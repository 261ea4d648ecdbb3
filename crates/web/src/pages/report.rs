//! `GET /reports/{id}`: one report, the page a reviewer spends most time on —
//! the document as published (its text, every printed value of the three
//! tables marked where it stands) beside the three tables in the official
//! layout, every finding listed and shown on the cells it names; and
//! `GET /reports/{id}/source`, the original bytes as a download.
//!
//! The document is read again from the stored bytes the way extraction read
//! it (`xxgk-read`), so the report's spans point into the same text: text and
//! a PDF's text layer show their own lines (a PDF with page markers), HTML and
//! DOCX show the lines of text the reader found in the markup.
//!
//! Without scripts, `?finding=N` marks finding N's cells (the first one it
//! names `primary`, the others `related`) and the source line it points at
//! (`hit`); `/static/report.js` does the same on a click, without a reload.

use super::{render, ui, InLang, PageResult};
use crate::auth::Auth;
use crate::error::WebError;
use crate::state::AppState;
use crate::ui::{Ui, UiLang};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Extension, Router};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;
use xxgk_model::{Lang, Report, Severity, SourceFormat, Span, TableId, Template as Format};
use xxgk_render::grid::{self, Grid, Role, Slot};
use xxgk_store::{Origin, ReportRow, StoredFinding};

/// The routes of the report page and its source download.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/reports/{id}", get(page))
        .route("/reports/{id}/source", get(source))
}

/// The query of a report page.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ReportQuery {
    /// The finding (its index in the list, from 0) whose cells are marked.
    pub finding: Option<String>,
}

/// A report id from the path (pages and API): a number, else 400 with a
/// message naming the parameter.
pub(crate) fn report_id(text: &str) -> Result<i64, WebError> {
    text.trim().parse::<i64>().map_err(|_| {
        WebError::bad_request(
            format!("参数 id：报告编号应为数字，而不是「{}」", short(text)),
            format!(
                "the parameter id: a report id is a number, not 「{}」",
                short(text)
            ),
        )
    })
}

/// At most 40 characters of `text`, for a message.
fn short(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// The answer for a report id the store does not have: 404.
pub(crate) fn no_report(id: i64) -> WebError {
    WebError::not_found(
        format!("没有编号为 {id} 的报告"),
        format!("there is no report with id {id}"),
    )
}

// ------------------------------------------------------------------ the page

/// One line of the document as shown: its number (and anchor `L{number}`),
/// the page it starts (PDF), and its text in pieces.
pub struct SourceLine {
    /// The line's number: the source line for text and PDF, the count of
    /// text lines for HTML and DOCX (whose source lines are markup).
    pub number: usize,
    /// A page of a PDF starts on this line.
    pub page: Option<u32>,
    /// The text, with each printed value of the tables a piece of its own.
    pub pieces: Vec<Piece>,
    /// The selected finding points at this line.
    pub hit: bool,
}

/// A piece of a shown line.
pub struct Piece {
    /// The text, as printed (control characters made visible).
    pub text: String,
    /// For a printed value of a table, its cell's contract path.
    pub path: Option<&'static str>,
    /// `primary` or `related` for a cell the selected finding names, else
    /// empty; then the severity of the worst finding naming it (`flag-error`).
    pub class: String,
    /// A boundary between two cells of a table row (HTML, DOCX).
    pub sep: bool,
}

/// A cell of a table as shown.
pub struct ShownCell {
    /// Columns spanned.
    pub colspan: usize,
    /// Rows spanned.
    pub rowspan: usize,
    /// The classes: its role, then marks.
    pub class: String,
    /// The text: official wording, or exactly what the document printed.
    pub text: String,
    /// For a value cell, its contract path.
    pub path: Option<&'static str>,
}

/// One of the three tables.
pub struct ShownTable {
    /// `active`, `requests` or `appeals`.
    pub key: &'static str,
    /// 表二（主动公开）…
    pub name: &'static str,
    /// The rows of the official layout, `None` when the document has no
    /// such table.
    pub rows: Option<Vec<Vec<ShownCell>>>,
}

/// A cell a finding names.
pub struct NamedCell {
    /// Its contract path.
    pub path: String,
    /// Its official table, row and column, and what was printed there.
    pub place: String,
    /// The first cell the finding names.
    pub primary: bool,
}

/// A finding as listed.
pub struct ShownFinding {
    /// Its index in the list (from 0): `?finding=N`, `data-finding`.
    pub index: usize,
    /// `error`, `warning`, `info`.
    pub severity: &'static str,
    /// 错误 / 警告 / 提示 in the page language.
    pub severity_word: &'static str,
    /// The rule id.
    pub rule: String,
    /// The message in the page language.
    pub message: String,
    /// The notes in the page language.
    pub notes: Vec<String>,
    /// Made by the corpus pass (across reports), not by the report's own rules.
    pub corpus: bool,
    /// The cells it names.
    pub cells: Vec<NamedCell>,
    /// Where it is, as `xxgk check` says it (`149:23（第 4 页）`).
    pub place: Option<String>,
    /// The shown line it points at.
    pub line: Option<usize>,
    /// The finding marked on the page (`?finding=N`).
    pub selected: bool,
}

impl ShownFinding {
    /// The cells' paths, space-separated, for `data-cells`.
    pub fn paths(&self) -> String {
        self.cells
            .iter()
            .map(|c| c.path.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    ui: Ui,
    id: i64,
    row: ReportRow,
    body: String,
    compare: Option<String>,
    template: Option<&'static str>,
    file_name: String,
    tables: Vec<ShownTable>,
    findings: Vec<ShownFinding>,
    lines: Vec<SourceLine>,
    unreadable: Option<String>,
    selected: Option<usize>,
}

impl ReportPage {
    /// `&lang=en` on an English page, so that links keep the language.
    fn lang_suffix(&self) -> &'static str {
        if self.ui.english() {
            "&lang=en"
        } else {
            ""
        }
    }

    /// `?lang=en` on an English page.
    fn lang_query(&self) -> &'static str {
        if self.ui.english() {
            "?lang=en"
        } else {
            ""
        }
    }
}

/// What the page is built from, read on a blocking thread.
struct Loaded {
    row: ReportRow,
    report: Report,
    findings: Vec<StoredFinding>,
    document: Result<ReadDocument, String>,
}

/// The document re-read from the stored bytes.
#[derive(Clone)]
struct ReadDocument {
    format: SourceFormat,
    document: xxgk_read::Document,
}

async fn page(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    Path(id): Path<String>,
    Query(query): Query<ReportQuery>,
) -> PageResult {
    let id = report_id(&id).in_lang(lang)?;
    let cache = Arc::clone(&state);
    let loaded = state
        .read(move |store| {
            let row = store.report(id)?.ok_or_else(|| no_report(id))?;
            let report = store.load(id)?;
            let findings = store.findings(id)?;
            let reread = || -> Result<Result<ReadDocument, xxgk_model::Message>, WebError> {
                let bytes = store.source_bytes(&row.sha256)?;
                Ok(xxgk_read::read(&bytes, &row.file)
                    .map(|read| ReadDocument {
                        format: read.format,
                        document: read.document,
                    })
                    .map_err(|e| e.message))
            };
            // A PDF is read by running pdftotext (a tenth of a second and
            // more): its text is kept until the data changes.
            let document = if row.format == "pdf" {
                let key = format!("document {}", row.sha256);
                Arc::unwrap_or_clone(cache.memo(store, key, reread)?)
            } else {
                reread()?
            };
            let document = document.map_err(|message| message.get(lang).to_string());
            Ok(Loaded {
                row,
                report,
                findings,
                document,
            })
        })
        .await
        .in_lang(lang)?;
    let selected = query
        .finding
        .as_deref()
        .and_then(|f| f.trim().parse::<usize>().ok())
        .filter(|&n| n < loaded.findings.len());
    Ok(render(&build(
        ui(lang, &auth, "/reports"),
        id,
        loaded,
        selected,
    )))
}

fn build(ui: Ui, id: i64, loaded: Loaded, selected: Option<usize>) -> ReportPage {
    let lang = ui.lang;
    let Loaded {
        row,
        report,
        findings,
        document,
    } = loaded;
    let format = report.source.format;

    // The marks of the selected finding, and the worst severity naming each cell.
    let mut marks: HashMap<&str, &'static str> = HashMap::new();
    if let Some(finding) = selected.and_then(|n| findings.get(n)) {
        for (i, path) in finding.finding.cells.iter().enumerate() {
            marks
                .entry(path.as_str())
                .or_insert(if i == 0 { "primary" } else { "related" });
        }
    }
    let mut worst: HashMap<&str, Severity> = HashMap::new();
    for stored in &findings {
        for path in &stored.finding.cells {
            let entry = worst
                .entry(path.as_str())
                .or_insert(stored.finding.severity);
            *entry = (*entry).max(stored.finding.severity);
        }
    }
    let worst = |path: &str| {
        worst
            .iter()
            .filter(|(named, _)| names(named, path))
            .map(|(_, s)| *s)
            .max()
    };
    let class_of = |path: &str| -> String {
        let mut class = String::new();
        let mark = marks
            .iter()
            .filter(|(named, _)| names(named, path))
            .map(|(_, mark)| *mark)
            .min_by_key(|mark| *mark != "primary");
        if let Some(mark) = mark {
            class.push_str(mark);
        }
        if let Some(severity) = worst(path) {
            if !class.is_empty() {
                class.push(' ');
            }
            class.push_str("flag-");
            class.push_str(severity.as_str());
        }
        class
    };

    // The document, its lines, and where each finding points in them.
    let (mut lines, locate, unreadable) = match &document {
        Ok(read) => {
            let view = SourceView::new(read, &report, &class_of);
            let lines = view.lines;
            (lines, Some(view.index), None)
        }
        Err(message) => (Vec::new(), None, Some(message.clone())),
    };
    let line_of = |span: &Span| locate.as_ref().and_then(|l| l.line_of(span));

    let shown: Vec<ShownFinding> = findings
        .iter()
        .enumerate()
        .map(|(index, stored)| {
            let finding = &stored.finding;
            let cells = finding
                .cells
                .iter()
                .enumerate()
                .map(|(i, path)| NamedCell {
                    path: path.clone(),
                    place: xxgk_diagnostics::full::cell_place(path, &report, lang)
                        .unwrap_or_else(|| path.clone()),
                    primary: i == 0,
                })
                .collect();
            // A finding about cells points at its first printed one when it
            // has no position of its own.
            let span = finding.span.or_else(|| {
                finding
                    .cells
                    .iter()
                    .find_map(|p| report.cells.get(p.as_str()).map(|c| c.span))
            });
            ShownFinding {
                index,
                severity: finding.severity.as_str(),
                severity_word: finding.severity.word(lang),
                rule: finding.rule.clone(),
                message: printable(finding.message.get(lang)),
                notes: finding
                    .notes
                    .iter()
                    .map(|n| printable(n.get(lang)))
                    .collect(),
                corpus: stored.origin == Origin::Corpus,
                cells,
                place: finding
                    .span
                    .map(|s| xxgk_diagnostics::place(&s, format, lang)),
                line: span.as_ref().and_then(line_of),
                selected: selected == Some(index),
            }
        })
        .collect();
    if let Some(line) = selected.and_then(|n| shown.get(n)).and_then(|f| f.line) {
        if let Some(shown_line) = lines.iter_mut().find(|l| l.number == line) {
            shown_line.hit = true;
        }
    }

    let template = report
        .template
        .or(report.year.map(Format::for_year))
        .unwrap_or(Format::V2021);
    let values: HashMap<&str, Option<xxgk_model::Number>> =
        report.cell_values().into_iter().collect();
    let tables = vec![
        shown_table(
            TableId::Active,
            report
                .active
                .as_ref()
                .map(|a| grid::active(Some(a), template)),
            &report,
            &values,
            lang,
            &class_of,
        ),
        shown_table(
            TableId::Requests,
            report
                .requests
                .as_ref()
                .map(|r| grid::requests(Some(r), template)),
            &report,
            &values,
            lang,
            &class_of,
        ),
        shown_table(
            TableId::Appeals,
            report.appeals.as_ref().map(|a| grid::appeals(Some(a))),
            &report,
            &values,
            lang,
            &class_of,
        ),
    ];

    let body = row
        .body
        .clone()
        .or_else(|| row.agency.clone())
        .unwrap_or_else(|| ui.t("（未识别机关）", "(body not found)").to_string());
    let compare = row.body.clone().or_else(|| row.agency.clone()).map(|b| {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("body", &b)
            .finish()
    });
    ReportPage {
        ui,
        id,
        file_name: file_name(&row.file).to_string(),
        body,
        compare,
        template: report.template.map(Format::as_str),
        row,
        tables,
        findings: shown,
        lines,
        unreadable,
        selected,
    }
}

/// Whether a path a finding names covers the cell at `cell`: the cell
/// itself, its row (`requests.denied_law`) or its column
/// (`requests.*.social_welfare`).
pub fn names(named: &str, cell: &str) -> bool {
    if named == cell {
        return true;
    }
    let (mut named, mut cell) = (named.split('.'), cell.split('.'));
    let mut matched = 0;
    loop {
        match (named.next(), cell.next()) {
            (None, _) => return matched >= 2,
            (Some(_), None) => return false,
            (Some(n), Some(c)) if n == "*" || n == c => matched += 1,
            _ => return false,
        }
    }
}

/// Text from a document or a message, with control characters made visible.
fn printable(text: &str) -> String {
    xxgk_diagnostics::printable(text).into_owned()
}

/// The last part of a path as given (either slash).
pub fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\'])
        .find(|p| !p.is_empty())
        .unwrap_or(path)
}

/// A table of the report in its official layout: wording from the model,
/// each value cell exactly what the document printed (blank: `—`, never 0).
fn shown_table(
    table: TableId,
    grid: Option<Grid>,
    report: &Report,
    values: &HashMap<&str, Option<xxgk_model::Number>>,
    lang: Lang,
    class_of: &dyn Fn(&str) -> String,
) -> ShownTable {
    let rows = grid.map(|grid| {
        grid.rows
            .iter()
            .map(|slots| {
                slots
                    .iter()
                    .filter_map(|slot| match slot {
                        Slot::Cell(cell) => Some(cell),
                        Slot::Covered { .. } => None,
                    })
                    .map(|cell| {
                        let role = match cell.role {
                            Role::Block => "block",
                            Role::Head => "head",
                            Role::Label => "label",
                            Role::CentredLabel => "label centred",
                            Role::Note => "note",
                            Role::Value => "v",
                        };
                        let mut class = role.to_string();
                        let text = match cell.path {
                            Some(path) => {
                                let printed = report
                                    .cells
                                    .get(path)
                                    .map(|p| p.raw.trim())
                                    .filter(|raw| !raw.is_empty());
                                let value = values.get(path).copied().flatten();
                                match printed {
                                    Some(raw) => {
                                        if value.is_none() {
                                            class.push_str(" unread");
                                        }
                                        printable(raw)
                                    }
                                    None => {
                                        class.push_str(" blank");
                                        grid::BLANK.to_string()
                                    }
                                }
                            }
                            None => cell.text.clone(),
                        };
                        if let Some(path) = cell.path {
                            let marks = class_of(path);
                            if !marks.is_empty() {
                                class.push(' ');
                                class.push_str(&marks);
                            }
                        }
                        ShownCell {
                            colspan: cell.colspan,
                            rowspan: cell.rowspan,
                            class,
                            text,
                            path: cell.path,
                        }
                    })
                    .collect()
            })
            .collect()
    });
    ShownTable {
        key: table.key(),
        name: table.long_name(lang),
        rows,
    }
}

// ------------------------------------------------------------ the document

/// Where the shown lines are, to find the line a span points into.
enum LineIndex {
    /// Text: the byte offset each line starts at; line `i` is number `i + 1`.
    Text(Vec<usize>),
    /// HTML, DOCX: each cell's byte range of the markup and its line number,
    /// in order.
    Markup(Vec<(usize, usize, usize)>),
}

impl LineIndex {
    /// The number of the shown line holding the start of `span`.
    fn line_of(&self, span: &Span) -> Option<usize> {
        match self {
            LineIndex::Text(starts) => {
                let i = starts.partition_point(|&s| s <= span.start);
                (i > 0).then_some(i)
            }
            LineIndex::Markup(ranges) => {
                let i = ranges.partition_point(|&(a, _, _)| a <= span.start);
                // Inside a cell's text, or after it: the nearest line before.
                ranges.get(i.checked_sub(1)?).map(|&(_, _, line)| line)
            }
        }
    }
}

/// The document as shown, with the index to find lines in it.
struct SourceView {
    lines: Vec<SourceLine>,
    index: LineIndex,
}

/// A printed value to wrap: its byte range in the original and its path.
#[derive(Clone, Copy)]
struct ValueSpan {
    start: usize,
    end: usize,
    path: &'static str,
}

impl SourceView {
    fn new(read: &ReadDocument, report: &Report, class_of: &dyn Fn(&str) -> String) -> SourceView {
        let original = read.document.original.as_str();
        let holds = |s: &Span| {
            s.start < s.end
                && s.end <= original.len()
                && original.is_char_boundary(s.start)
                && original.is_char_boundary(s.end)
        };
        // The printed values, by where they start (paths are the static
        // strings of the model's tables).
        let mut values: Vec<ValueSpan> = report
            .cell_values()
            .into_iter()
            .filter_map(|(path, _)| {
                let printed = report.cells.get(path)?;
                holds(&printed.span).then_some(ValueSpan {
                    start: printed.span.start,
                    end: printed.span.end,
                    path,
                })
            })
            .collect();
        values.sort_by_key(|v| (v.start, v.end));
        values.dedup_by_key(|v| v.start);
        match read.format {
            SourceFormat::Html | SourceFormat::Docx => {
                markup_view(&read.document, &values, class_of)
            }
            SourceFormat::Pdf => text_view(original, &values, true, class_of),
            SourceFormat::Text | SourceFormat::Markdown => {
                text_view(original, &values, original.contains('\x0c'), class_of)
            }
        }
    }
}

/// A text (or a PDF's text layer): every line as it is, numbered as the
/// reader numbers them; a form feed starts a page.
fn text_view(
    original: &str,
    values: &[ValueSpan],
    paginated: bool,
    class_of: &dyn Fn(&str) -> String,
) -> SourceView {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(original.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut lines = Vec::with_capacity(starts.len());
    let mut page = 1u32;
    let mut next = 0; // the first value not yet placed
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(original.len(), |&n| n - 1);
        let text = &original[start..end];
        let text = text.strip_suffix('\r').unwrap_or(text);
        let end = start + text.len();
        let breaks = text.matches('\x0c').count() as u32;
        let marker = if paginated && i == 0 {
            Some(1)
        } else if paginated && breaks > 0 {
            page += breaks;
            Some(page)
        } else {
            None
        };
        let mut pieces = Vec::new();
        let mut at = start;
        while let Some(v) = values.get(next).filter(|v| v.start < end) {
            next += 1;
            if v.start < at || v.end > end {
                continue; // overlapping or over a line break: left as text
            }
            push_text(&mut pieces, &original[at..v.start]);
            pieces.push(Piece {
                text: clean(&original[v.start..v.end]),
                path: Some(v.path),
                class: class_of(v.path),
                sep: false,
            });
            at = v.end;
        }
        push_text(&mut pieces, &original[at..end]);
        lines.push(SourceLine {
            number: i + 1,
            page: marker,
            pieces,
            hit: false,
        });
    }
    SourceView {
        lines,
        index: LineIndex::Text(starts),
    }
}

/// Text as shown: form feeds (page breaks, shown as markers) left out, other
/// control characters made visible.
fn clean(text: &str) -> String {
    if text.contains('\x0c') {
        printable(&text.replace('\x0c', ""))
    } else {
        printable(text)
    }
}

fn push_text(pieces: &mut Vec<Piece>, text: &str) {
    if !text.is_empty() {
        pieces.push(Piece {
            text: clean(text),
            path: None,
            class: String::new(),
            sep: false,
        });
    }
}

/// HTML or DOCX: the lines of text the reader found, each cell's text as a
/// reader sees it (tags left out, entities decoded, white space collapsed).
fn markup_view(
    document: &xxgk_read::Document,
    values: &[ValueSpan],
    class_of: &dyn Fn(&str) -> String,
) -> SourceView {
    let original = document.original.as_str();
    let mut lines = Vec::new();
    let mut ranges = Vec::new();
    for line in &document.lines {
        if line.kind != xxgk_read::LineKind::Cells {
            continue;
        }
        let number = lines.len() + 1;
        let mut pieces = Vec::new();
        for cell in document.cells(line) {
            if cell.end <= cell.start {
                continue;
            }
            let span = document.span(cell.start, cell.end);
            let (a, b) = (span.start, span.end);
            if a >= b || b > original.len() {
                continue;
            }
            if !pieces.is_empty() {
                pieces.push(Piece {
                    text: String::new(),
                    path: None,
                    class: String::new(),
                    sep: true,
                });
            }
            ranges.push((a, b, number));
            let from = values.partition_point(|v| v.start < a);
            let inside: Vec<ValueSpan> = values[from..]
                .iter()
                .take_while(|v| v.start < b)
                .copied()
                .collect();
            visible_pieces(&original[a..b], a, &inside, class_of, &mut pieces);
        }
        if pieces.is_empty() {
            continue;
        }
        lines.push(SourceLine {
            number,
            page: None,
            pieces,
            hit: false,
        });
    }
    ranges.sort_unstable();
    SourceView {
        lines,
        index: LineIndex::Markup(ranges),
    }
}

/// The visible text of `markup` (which starts at byte `offset` of the
/// original) as pieces, each printed value in `values` a piece of its own.
fn visible_pieces(
    markup: &str,
    offset: usize,
    values: &[ValueSpan],
    class_of: &dyn Fn(&str) -> String,
    pieces: &mut Vec<Piece>,
) {
    // (character, its byte offset in the original), white space collapsed.
    let mut chars: Vec<(char, usize)> = Vec::new();
    // Where the pending run of white space started, if one is pending.
    let mut space: Option<usize> = None;
    let mut push = |c: char, at: usize, chars: &mut Vec<(char, usize)>| {
        if c.is_whitespace() {
            space.get_or_insert(at);
            return;
        }
        if let Some(space_at) = space.take().filter(|_| !chars.is_empty()) {
            chars.push((' ', space_at));
        }
        chars.push((c, at));
    };
    let mut i = 0;
    while let Some(c) = markup[i..].chars().next() {
        let rest = &markup[i..];
        if c == '<' {
            if let Some(end) = rest.find('>') {
                i += end + 1;
                continue;
            }
        }
        if c == '&' {
            if let Some((decoded, len)) = xxgk_read::entity(rest) {
                if let Some(decoded) = decoded {
                    push(decoded, offset + i, &mut chars);
                }
                i += len;
                continue;
            }
        }
        push(c, offset + i, &mut chars);
        i += c.len_utf8();
    }
    // Runs of characters outside any value, or inside the same one.
    let value_at = |at: usize| values.iter().find(|v| v.start <= at && at < v.end);
    let mut run = String::new();
    let mut current: Option<&ValueSpan> = None;
    let flush = |run: &mut String, value: Option<&ValueSpan>, pieces: &mut Vec<Piece>| {
        if run.is_empty() {
            return;
        }
        pieces.push(Piece {
            text: printable(run),
            path: value.map(|v| v.path),
            class: value.map(|v| class_of(v.path)).unwrap_or_default(),
            sep: false,
        });
        run.clear();
    };
    for (c, at) in chars {
        let value = value_at(at);
        if value.map(|v| v.start) != current.map(|v| v.start) {
            flush(&mut run, current, pieces);
            current = value;
        }
        run.push(c);
    }
    flush(&mut run, current, pieces);
}

// ------------------------------------------------------------ the download

/// `GET /reports/{id}/source`: the bytes as ingested, always as an
/// attachment (never shown inline: reports are hostile input), named as the
/// file was, with a media type by format (HTML as bytes, not as a page).
async fn source(
    State(state): State<Arc<AppState>>,
    UiLang(lang): UiLang,
    Path(id): Path<String>,
) -> PageResult {
    let id = report_id(&id).in_lang(lang)?;
    let (row, bytes) = state
        .read(move |store| {
            let row = store.report(id)?.ok_or_else(|| no_report(id))?;
            let bytes = store.source_bytes(&row.sha256)?;
            Ok((row, bytes))
        })
        .await
        .in_lang(lang)?;
    let mime = match row.format.as_str() {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "text" | "markdown" => "text/plain",
        _ => "application/octet-stream",
    };
    let disposition = HeaderValue::from_str(&crate::pages::attachment(file_name(&row.file)))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_download_name_is_safe_in_both_forms() {
        assert_eq!(
            crate::pages::attachment("洪泽区 2023.pdf"),
            "attachment; filename=\"___ 2023.pdf\"; filename*=UTF-8''%E6%B4%AA%E6%B3%BD%E5%8C%BA%202023.pdf"
        );
        assert_eq!(
            crate::pages::attachment("a\"b\\c\r\n.html"),
            "attachment; filename=\"a_b_c__.html\"; filename*=UTF-8''a%22b%5Cc%0D%0A.html"
        );
        assert_eq!(file_name("/tmp/x/tests/data/a.pdf"), "a.pdf");
        assert_eq!(file_name("C:\\docs\\b.docx"), "b.docx");
    }

    #[test]
    fn markup_text_keeps_the_offsets_of_values() {
        let markup = "<w:t>总计</w:t> <w:t>1&amp;2</w:t>";
        let mut pieces = Vec::new();
        visible_pieces(markup, 100, &[], &|_| String::new(), &mut pieces);
        assert_eq!(pieces.len(), 1);
        assert_eq!(pieces[0].text, "总计 1&2");
        let value = ValueSpan {
            start: 100 + markup.find("1&amp;").unwrap(),
            end: 100 + markup.rfind("</w:t>").unwrap(),
            path: "requests.received.total",
        };
        let mut pieces = Vec::new();
        visible_pieces(markup, 100, &[value], &|_| "primary".into(), &mut pieces);
        let texts: Vec<_> = pieces
            .iter()
            .map(|p| (p.text.as_str(), p.path, p.class.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                ("总计 ", None, ""),
                ("1&2", Some("requests.received.total"), "primary")
            ]
        );
    }
}
