//! Reading HTML sources into a [`Document`]: whole saved pages
//! (navigation, scripts, metadata tables around the report), Word-generated
//! markup, GBK pages.
//!
//! # What becomes a line
//!
//! * Text outside tables: each block (`<p>`, `<div>`, `<h1>`…`<h6>`, `<li>`, a run
//!   ended by `<br>`…) is one line of one cell, located as `paragraph` *i* (the
//!   *i*-th such line, from 0).
//! * Each `<tr>` is one line with one cell per `<td>`/`<th>`, located as
//!   `table`/`row`/`cell`: the *n*-th `<table>` of the page in document order, the
//!   row within it and the grid column, all from 0.
//! * Merged cells are expanded into the rectangular grid the browser draws: a cell
//!   with `colspan=N` is one cell occupying N columns (nothing is added for the
//!   other N − 1), and a position covered by a `rowspan` from a row above is an
//!   empty cell in its row, where the merged cell's column is — the shape of the
//!   tab-separated dumps (seeds), whose empty cells the extractor reads as the
//!   residue of merged label cells. Covered positions after a row's last cell of
//!   its own are left out. An empty `<td>` (or one holding only `&nbsp;`) is an
//!   empty cell, so blank values stay null.
//! * Preformatted text (`<pre>`, `<listing>`) is read the way a text file is:
//!   one line per line of it, split into cells at tabs, pipes or runs of two or
//!   more spaces, so a table typed into a `<pre>` reads like its text version.
//!   Its lines are located as the `paragraph` of the block. A `<pre>` inside a
//!   table cell makes that row a layout row.
//! * A table inside a cell makes the outer row a layout row (a page laid out with
//!   tables): its cells' text becomes paragraph lines and the inner table's rows
//!   their own lines, all in document order. So does a row with a cell holding
//!   several paragraphs of prose (the article body in a layout cell).
//! * Skipped: `<head>` and everything in `<script>`, `<style>`, `<noscript>`,
//!   `<template>`, `<title>`, `<textarea>`, `<iframe>`, `<select>`. Comments,
//!   including Word's conditional ones (`<!--[if gte mso 9]>`,
//!   `<![if !supportMisalignedColumns]>`), are not text.
//!
//! # Spans
//!
//! A cell is one byte range of the decoded page, from its first text to its last
//! (see [`DocumentBuilder`]): markup between its text runs (`</span><span …>`,
//! `<o:p></o:p>`, `<font>`) and entities (`&nbsp;`) are removed by folding, so a
//! value's span is its text in the page. Markup that folding cannot remove — a
//! tag over 200 bytes broken over lines, as Word writes long `style` attributes,
//! or a `<![if …]>` — is blanked for folding when it sits between two text runs
//! of one cell (replaced by a comment of the same byte length, its line breaks
//! kept); [`Document::original`] stays the decoded page, so a cell's `raw` text,
//! its span, line and column are the page's.
//!
//! # Why `html5gum`
//!
//! The cells must be byte ranges of the page, so the tokenizer has to report
//! where each token is. `html5gum` (WHATWG-compliant tokenizer, no dependencies,
//! no `unsafe`, fuzzed upstream) reports a byte span for every tag and text
//! token, folds runs of text into one token, and switches to raw text after
//! `<script>`/`<style>`/`<title>` as a browser does. `html5ever` and `scraper`
//! build a tree without source positions; `lol_html` is a streaming rewriter
//! whose positions come with a closure-per-selector API and many dependencies;
//! `tl` hands out slices (offsets only by pointer arithmetic) and is not
//! maintained; `quick-xml` is an XML reader that needs hacks for tag soup
//! (unquoted attributes, unclosed `<p>`, `<br>`). The HTML structure needed here
//! (blocks, tables, rows, cells, spans) is small enough to follow on the token
//! stream without a tree, which also keeps malformed pages readable: unclosed
//! cells, rows and tables are closed by the next one or by the end of the file.

use crate::decode::{decode, Damage};
use crate::error::{self, ReadError};
use crate::fold::fold;
use crate::layout::{Document, DocumentBuilder, Location, MAX_TABLE_CELLS};
use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Emitter, ForwardingEmitter, Span, Tokenizer};
use std::convert::Infallible;
use std::ops::Range;

/// How far into the bytes a `<meta charset>` is looked for.
const CHARSET_SCAN_BYTES: usize = 4096;
/// Grid columns whose `rowspan` coverage is tracked; cells further right are
/// still read, but their `rowspan` is not carried down.
const MAX_COLUMNS: usize = 256;
/// Largest `colspan` and `rowspan` honoured (the HTML limits are 1000 and 65534).
const MAX_COLSPAN: usize = 1000;
const MAX_ROWSPAN: u32 = 65534;
/// A cell holding several paragraphs with more text than this (the longest
/// official label is about 40 characters), or a sentence end (。), is a layout
/// cell, not a table cell.
const CONTAINER_CHARS: usize = 60;
/// Empty cells for covered positions a document may get beyond two per real cell:
/// a bound for crafted pages, never reached by real tables.
const COVERED_ALLOWANCE: usize = 1000;

/// Reads the bytes of a HTML file.
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    read_with_encoding(bytes).map(|(document, _)| document)
}

/// Reads the bytes of a HTML file; also returns the encoding it was decoded
/// from (`UTF-8`, `GB18030`, …). The charset a `<meta>` declares is used when
/// the bytes decode cleanly with it; a BOM wins over it; without either the
/// encoding is detected (see [`decode`]).
pub fn read_with_encoding(bytes: &[u8]) -> Result<(Document, &'static str), ReadError> {
    let declared = declared_charset(bytes);
    let decoded = decode(bytes, declared.as_deref())?;
    let (text, damaged) = if is_js_string(&decoded.text) {
        let text = unescape_js(&decoded.text);
        let damaged = relocated(&decoded.damaged, &text);
        (text, damaged)
    } else {
        (decoded.text, decoded.damaged)
    };
    Ok((from_html(text)?.with_damage(damaged), decoded.encoding))
}

/// The damaged places of a text found again in `text`, the text after its
/// escapes were undone: the replacement characters in the same order (an
/// escape never makes or removes one unless it spells `\ufffd`).
fn relocated(damaged: &[Damage], text: &str) -> Vec<Damage> {
    let width = '\u{FFFD}'.len_utf8();
    let mut replacements = text.match_indices('\u{FFFD}').map(|(i, _)| i);
    let mut out = Vec::with_capacity(damaged.len());
    for damage in damaged {
        let count = damage.range.len() / width;
        let Some(start) = replacements.next() else {
            break;
        };
        let end = replacements
            .by_ref()
            .take(count - 1)
            .last()
            .unwrap_or(start)
            + width;
        out.push(Damage {
            range: start..end,
            bytes: damage.bytes,
        });
    }
    out
}

/// Page content saved as a JavaScript string: closing tags escaped as `<\/p>`
/// (a whole page, whose scripts may escape theirs, is not one).
fn is_js_string(text: &str) -> bool {
    let mut cut = text.len().min(4096);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &text[..cut];
    let page = head.contains("<html") || head.contains("<HTML") || head.contains("<body");
    !page && text.matches("<\\/").take(2).count() == 2
}

/// The string's content with its escapes undone (`\/`, `\"`, `\n`, `\uXXXX`, …).
/// The document is then this text: spans point into it, as they point into a
/// PDF's text layer.
fn unescape_js(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => {}
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(decoded) => out.push(decoded),
                    None => {
                        out.push_str("\\u");
                        out.push_str(&hex);
                    }
                }
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The charset a `<meta charset=…>` or `<meta http-equiv="Content-Type"
/// content="text/html; charset=…">` in the first 4 KB declares. A page that
/// declares UTF-16 without a BOM is read as UTF-8, as browsers do.
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(CHARSET_SCAN_BYTES)];
    let mut from = 0;
    while let Some(at) = find_ascii_ci(&head[from..], b"<meta") {
        let start = from + at + b"<meta".len();
        let end = head[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(head.len(), |e| start + e);
        if let Some(name) = charset_in(&head[start..end]) {
            let utf16 = name.to_ascii_lowercase().starts_with("utf-16");
            return Some(if utf16 { "utf-8".to_string() } else { name });
        }
        from = end;
    }
    None
}

/// The value after `charset` `=` in a tag's attributes, quoted or not.
fn charset_in(tag: &[u8]) -> Option<String> {
    let mut from = 0;
    while let Some(at) = find_ascii_ci(&tag[from..], b"charset") {
        let rest = skip_spaces(&tag[from + at + b"charset".len()..]);
        from += at + 1;
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = skip_spaces(rest);
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let len = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
            .count();
        if len > 0 {
            return Some(String::from_utf8_lossy(&rest[..len]).into_owned());
        }
    }
    None
}

fn skip_spaces(bytes: &[u8]) -> &[u8] {
    let n = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[n..]
}

/// Where `needle` (lowercase ASCII) first occurs in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len()).find(|&i| {
        hay[i..i + needle.len()]
            .iter()
            .zip(needle)
            .all(|(a, b)| a.to_ascii_lowercase() == *b)
    })
}

/// Reads decoded HTML text into a document whose original is that text (with
/// unfoldable markup inside cells blanked, see the module docs). A page with
/// more than [`MAX_TABLE_CELLS`] table cells is refused.
pub fn from_html(html: String) -> Result<Document, ReadError> {
    let lines = {
        let mut walker = Walker::default();
        let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, span: Span<usize>| {
            walker.event(event, span);
            None::<Infallible>
        });
        // Raw text after <script>, <style>, <title>…, as the tree builder would set.
        emitter.naively_switch_states(true);
        let tokenizer = Tokenizer::new_with_emitter(html.as_str(), Lean::new(emitter));
        match tokenizer.finish() {
            Ok(()) => {}
            Err(never) => match never {},
        }
        if walker.cells_left == 0 {
            return Err(error::too_many_cells("HTML", MAX_TABLE_CELLS));
        }
        walker.finish()
    };
    Ok(build(html, lines))
}

/// An emitter that asks the tokenizer for no parse errors, and passes on no
/// attribute but `rowspan` and `colspan`. The walker ignores errors, and the
/// tokenizer checked every byte of the page for them (a fifth of the
/// instructions to read and check a saved page); it reads no other attribute,
/// and every one (Word's long `style` values) was copied into the emitter and
/// handed to the walker.
struct Lean<E> {
    inner: E,
    /// The first bytes of the name of the attribute being read.
    name: [u8; SPAN_NAME.len()],
    /// The bytes of that name, all of them (it may be longer than `name`).
    name_len: usize,
    /// Whether the attribute was passed on (with the first piece of its value).
    passed: bool,
}

/// How long `rowspan` and `colspan` are.
const SPAN_NAME: &[u8] = b"rowspan";

impl<E> Lean<E> {
    fn new(inner: E) -> Lean<E> {
        Lean {
            inner,
            name: [0; SPAN_NAME.len()],
            name_len: 0,
            passed: false,
        }
    }

    /// Whether the attribute being read is one the walker reads.
    fn is_span(&self) -> bool {
        self.name_len == SPAN_NAME.len() && matches!(&self.name, b"rowspan" | b"colspan")
    }
}

impl<E: Emitter> ForwardingEmitter for Lean<E> {
    type Token = E::Token;

    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.inner
    }

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    /// A new attribute, passed on only if its value is read (see
    /// [`Lean::push_attribute_value`]).
    fn init_attribute(&mut self) {
        self.name_len = 0;
        self.passed = false;
    }

    fn push_attribute_name(&mut self, s: &[u8]) {
        // The name comes lowercased, possibly in several pieces.
        if let Some(room) = self.name.get_mut(self.name_len..) {
            let n = room.len().min(s.len());
            room[..n].copy_from_slice(&s[..n]);
        }
        self.name_len += s.len();
    }

    /// A `rowspan` or `colspan` value goes on with the attribute and its name:
    /// the walker reads a value as the value of the name before it, and a
    /// name without a value sets nothing. (The inner emitter's start tag and
    /// the text before it are sent at the latest when the tag ends.)
    fn push_attribute_value(&mut self, s: &[u8]) {
        if !self.is_span() {
            return;
        }
        if !self.passed {
            self.passed = true;
            self.inner.init_attribute();
            self.inner.push_attribute_name(&self.name);
        }
        self.inner.push_attribute_value(s);
    }
}

// ===================================================================== walking

/// What a tag means for reading.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Kind {
    Head,
    Body,
    /// Content is raw text, skipped (the tokenizer switches state for these).
    Raw,
    /// Content skipped up to the matching end tag.
    Template,
    Select,
    Table,
    RowGroup,
    Tr,
    Cell,
    Caption,
    Br,
    /// Ends a line.
    Block,
    /// Preformatted text: its lines are lines, split into cells like text.
    Pre,
    /// Allowed in `<head>` without ending it.
    HeadMeta,
    #[default]
    Inline,
}

fn kind(name: &[u8]) -> Kind {
    match name {
        b"head" => Kind::Head,
        b"body" => Kind::Body,
        // Exactly the tags after which html5gum's naive state switch makes the
        // content raw text (except <plaintext>, whose text is shown).
        b"script" | b"style" | b"title" | b"textarea" | b"noscript" | b"iframe" | b"xmp"
        | b"noembed" | b"noframe" => Kind::Raw,
        b"template" => Kind::Template,
        b"select" | b"datalist" => Kind::Select,
        b"table" => Kind::Table,
        b"thead" | b"tbody" | b"tfoot" => Kind::RowGroup,
        b"tr" => Kind::Tr,
        b"td" | b"th" => Kind::Cell,
        b"caption" => Kind::Caption,
        b"br" => Kind::Br,
        b"p" | b"div" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"li" | b"ul" | b"ol"
        | b"dl" | b"dt" | b"dd" | b"hr" | b"html" | b"address" | b"article" | b"aside"
        | b"blockquote" | b"center" | b"details" | b"dialog" | b"dir" | b"fieldset"
        | b"figcaption" | b"figure" | b"footer" | b"form" | b"frameset" | b"header" | b"hgroup"
        | b"legend" | b"main" | b"menu" | b"nav" | b"section" | b"summary" | b"plaintext" => {
            Kind::Block
        }
        b"pre" | b"listing" => Kind::Pre,
        b"meta" | b"link" | b"base" | b"basefont" | b"bgsound" => Kind::HeadMeta,
        _ => Kind::Inline,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Attr {
    Rowspan,
    Colspan,
}

/// The start tag being read.
#[derive(Debug, Default)]
struct PendingTag {
    kind: Kind,
    /// Byte offset of its `<`.
    start: usize,
    attr: Option<Attr>,
    rowspan: Option<u32>,
    colspan: Option<u32>,
}

impl PendingTag {
    /// An attribute value; the first of duplicate attributes wins, as in HTML.
    fn value(&mut self, value: &[u8]) {
        let slot = match self.attr.take() {
            Some(Attr::Rowspan) => &mut self.rowspan,
            Some(Attr::Colspan) => &mut self.colspan,
            None => return,
        };
        if slot.is_none() {
            *slot = Some(span_number(value));
        }
    }
}

/// `rowspan`/`colspan` as browsers parse them: leading digits after spaces;
/// anything else is 1.
fn span_number(value: &[u8]) -> u32 {
    let digits = skip_spaces(value);
    let digits = &digits[..digits.iter().take_while(|b| b.is_ascii_digit()).count()];
    if digits.is_empty() {
        return 1;
    }
    std::str::from_utf8(digits)
        .ok()
        .and_then(|d| d.parse::<u32>().ok())
        .unwrap_or(u32::MAX)
}

/// Text runs (byte ranges of text tokens) of a paragraph.
#[derive(Debug, Default)]
struct Runs {
    runs: Vec<Range<usize>>,
}

/// A table cell being read.
#[derive(Debug)]
struct CellState {
    /// Grid column.
    col: usize,
    /// Where an empty cell points: just after its start tag.
    at: usize,
    runs: Vec<Range<usize>>,
    /// Indices into `runs` where a new paragraph of the cell starts.
    blocks: Vec<usize>,
    /// Visible characters, and whether a sentence ends in it (for telling
    /// layout cells from table cells).
    chars: usize,
    prose: bool,
}

impl CellState {
    fn new_block(&mut self) {
        if !self.runs.is_empty() && self.blocks.last() != Some(&self.runs.len()) {
            self.blocks.push(self.runs.len());
        }
    }

    /// The runs of each non-empty paragraph of the cell.
    fn paragraphs(&self) -> impl Iterator<Item = &[Range<usize>]> {
        let mut bounds = vec![0];
        bounds.extend(self.blocks.iter().copied());
        bounds.push(self.runs.len());
        (0..bounds.len() - 1)
            .map(move |i| &self.runs[bounds[i]..bounds[i + 1]])
            .filter(|r| !r.is_empty())
            .collect::<Vec<_>>()
            .into_iter()
    }

    fn is_layout(&self) -> bool {
        (self.prose || self.chars > CONTAINER_CHARS) && self.paragraphs().count() >= 2
    }
}

#[derive(Debug)]
enum Item {
    /// A grid position covered by a `rowspan` from above: an empty cell.
    Covered {
        at: usize,
        col: usize,
    },
    Cell(CellState),
}

#[derive(Debug)]
struct RowState {
    index: u32,
    /// Next free grid column.
    col: usize,
    /// A layout row: its text goes out as paragraphs.
    layout: bool,
    items: Vec<Item>,
    cell: Option<CellState>,
}

/// A grid column covered by a `rowspan` in rows `from..until`; the merged cell
/// ends at column `end`.
#[derive(Clone, Copy, Debug, Default)]
struct Cover {
    from: u32,
    until: u32,
    end: usize,
}

#[derive(Debug)]
struct TableState {
    index: u32,
    rows: u32,
    covers: Vec<Cover>,
    row: Option<RowState>,
}

/// One cell of an output line: its text runs (none for an empty cell, which
/// points at `at`) and where it sits.
#[derive(Debug)]
struct OutCell {
    runs: Vec<Range<usize>>,
    at: usize,
    location: Location,
    /// Preformatted text, to be split into lines and cells like a text file.
    pre: bool,
}

/// Follows the token stream and collects lines of cells.
#[derive(Debug)]
struct Walker {
    tag: PendingTag,
    /// Inside a raw-text element (script, style, title…): text skipped.
    raw: bool,
    /// Inside a skipped element (template, select), with its nesting depth.
    skip: Option<(Kind, u32)>,
    in_head: bool,
    /// Body content was seen: a later `<head>` is ignored.
    started: bool,
    paragraph: Runs,
    paragraphs: u32,
    /// Depth of `<pre>` elements the text is in.
    pre: u32,
    tables: Vec<TableState>,
    next_table: u32,
    /// Covered-position cells still allowed (see [`COVERED_ALLOWANCE`]).
    covered_budget: usize,
    /// Table cells still allowed, one more than [`MAX_TABLE_CELLS`]: none
    /// left, the page is refused, and no further cell is kept.
    cells_left: usize,
    lines: Vec<Vec<OutCell>>,
}

impl Default for Walker {
    fn default() -> Walker {
        Walker {
            tag: PendingTag::default(),
            raw: false,
            skip: None,
            in_head: false,
            started: false,
            paragraph: Runs::default(),
            paragraphs: 0,
            pre: 0,
            tables: Vec::new(),
            next_table: 0,
            covered_budget: COVERED_ALLOWANCE,
            cells_left: MAX_TABLE_CELLS + 1,
            lines: Vec::new(),
        }
    }
}

impl Walker {
    fn event(&mut self, event: CallbackEvent<'_>, span: Span<usize>) {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.tag = PendingTag {
                    kind: kind(name),
                    start: span.start,
                    ..PendingTag::default()
                }
            }
            CallbackEvent::AttributeName { name } => {
                self.tag.attr = match name {
                    b"rowspan" => Some(Attr::Rowspan),
                    b"colspan" => Some(Attr::Colspan),
                    _ => None,
                }
            }
            CallbackEvent::AttributeValue { value } => self.tag.value(value),
            CallbackEvent::CloseStartTag { .. } => self.start_tag(span.end),
            CallbackEvent::EndTag { name } => self.end_tag(kind(name)),
            CallbackEvent::String { value } => self.text(value, span.start..span.end),
            CallbackEvent::Comment { .. }
            | CallbackEvent::Doctype { .. }
            | CallbackEvent::Error(_) => {}
        }
    }

    /// A start tag ending at byte `end`.
    fn start_tag(&mut self, end: usize) {
        let tag = std::mem::take(&mut self.tag);
        if self.raw {
            return;
        }
        if let Some((skipped, depth)) = &mut self.skip {
            if tag.kind == *skipped {
                *depth += 1;
                return;
            }
            // A <select> left open ends where the page's structure goes on.
            let structure = matches!(
                tag.kind,
                Kind::Table
                    | Kind::Tr
                    | Kind::Cell
                    | Kind::Block
                    | Kind::Pre
                    | Kind::Caption
                    | Kind::Body
            );
            if *skipped == Kind::Select && structure {
                self.skip = None;
            } else {
                return;
            }
        }
        if self.in_head {
            match tag.kind {
                Kind::Body => {
                    self.in_head = false;
                    return;
                }
                Kind::Raw | Kind::Template | Kind::HeadMeta | Kind::Head => {}
                _ => self.in_head = false,
            }
        }
        match tag.kind {
            Kind::Head => self.in_head = !self.started,
            Kind::Raw => self.raw = true,
            Kind::Template | Kind::Select => self.skip = Some((tag.kind, 1)),
            Kind::Table => self.table_start(),
            Kind::RowGroup => self.row_group(),
            Kind::Tr => self.row_start(),
            Kind::Cell => self.cell_start(&tag, end),
            Kind::Caption | Kind::Br | Kind::Block | Kind::Body => self.boundary(),
            Kind::Pre => {
                // Preformatted text is no table cell: its row is for layout.
                if self.current_cell().is_some() {
                    self.make_layout_row();
                }
                self.boundary();
                self.pre = self.pre.saturating_add(1);
            }
            Kind::HeadMeta | Kind::Inline => {}
        }
    }

    fn end_tag(&mut self, kind: Kind) {
        self.tag = PendingTag::default();
        if self.raw {
            // In raw text the tokenizer only ends at the matching end tag.
            if kind == Kind::Raw {
                self.raw = false;
            }
            return;
        }
        if let Some((skipped, depth)) = &mut self.skip {
            if kind == *skipped {
                *depth -= 1;
                if *depth == 0 {
                    self.skip = None;
                }
            }
            return;
        }
        if self.in_head {
            if kind == Kind::Head {
                self.in_head = false;
            }
            return;
        }
        match kind {
            Kind::Table => self.table_end(),
            Kind::RowGroup => self.row_group(),
            Kind::Tr => self.row_end(),
            Kind::Cell => self.cell_end(),
            Kind::Caption | Kind::Br | Kind::Block | Kind::Body => self.boundary(),
            Kind::Pre => {
                self.boundary();
                self.pre = self.pre.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn text(&mut self, value: &[u8], range: Range<usize>) {
        if self.raw || self.skip.is_some() {
            return;
        }
        let chars = visible_chars(value);
        if chars == 0 {
            return;
        }
        self.in_head = false;
        self.started = true;
        if let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
            if !row.layout {
                if let Some(cell) = row.cell.as_mut() {
                    cell.runs.push(range);
                    cell.chars += chars;
                    cell.prose |= value.windows(3).any(|w| w == "。".as_bytes());
                }
                // Text between cells of a row (invalid; a browser moves it
                // before the table) is left out, so that lines keep page order.
                return;
            }
        }
        self.paragraph.runs.push(range);
    }

    /// The cell text goes to, if any (an open cell of a table row that is not
    /// a layout row).
    fn current_cell(&mut self) -> Option<&mut CellState> {
        let row = self.tables.last_mut()?.row.as_mut()?;
        if row.layout {
            return None;
        }
        row.cell.as_mut()
    }

    /// A block boundary: a new paragraph in a cell, or the end of a line.
    fn boundary(&mut self) {
        match self.current_cell() {
            Some(cell) => cell.new_block(),
            None => self.flush_paragraph(),
        }
    }

    fn flush_paragraph(&mut self) {
        if self.paragraph.runs.is_empty() {
            return;
        }
        let runs = std::mem::take(&mut self.paragraph.runs);
        self.push_paragraph(runs);
    }

    fn push_paragraph(&mut self, runs: Vec<Range<usize>>) {
        let location = Location {
            paragraph: Some(self.paragraphs),
            ..Location::default()
        };
        self.paragraphs = self.paragraphs.saturating_add(1);
        let at = runs.first().map_or(0, |r| r.start);
        let pre = self.pre > 0;
        self.lines.push(vec![OutCell {
            runs,
            at,
            location,
            pre,
        }]);
    }

    fn table_start(&mut self) {
        let in_row = self
            .tables
            .last()
            .and_then(|t| t.row.as_ref())
            .is_some_and(|r| !r.layout);
        if in_row {
            self.make_layout_row();
        } else {
            self.flush_paragraph();
        }
        self.tables.push(TableState {
            index: self.next_table,
            rows: 0,
            covers: Vec::new(),
            row: None,
        });
        self.next_table = self.next_table.saturating_add(1);
    }

    /// The innermost table's open row holds a table: it is a layout row. What it
    /// read so far goes out as paragraphs; the rest of it will too.
    fn make_layout_row(&mut self) {
        let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut()) else {
            return;
        };
        row.layout = true;
        let mut items = std::mem::take(&mut row.items);
        items.extend(row.cell.take().map(Item::Cell));
        self.flush_paragraph();
        self.push_paragraphs_of(items);
    }

    fn push_paragraphs_of(&mut self, items: Vec<Item>) {
        // Cells' paragraphs are not preformatted, whatever encloses the table.
        let pre = std::mem::take(&mut self.pre);
        for item in items {
            if let Item::Cell(cell) = item {
                let paragraphs: Vec<Vec<Range<usize>>> =
                    cell.paragraphs().map(<[Range<usize>]>::to_vec).collect();
                for runs in paragraphs {
                    self.push_paragraph(runs);
                }
            }
        }
        self.pre = pre;
    }

    fn table_end(&mut self) {
        if self.tables.is_empty() {
            self.flush_paragraph();
            return;
        }
        self.close_row();
        self.tables.pop();
        self.flush_paragraph();
    }

    /// `<thead>`, `<tbody>`, `<tfoot>`: rows end, and so do row spans.
    fn row_group(&mut self) {
        self.close_row();
        self.flush_paragraph();
        if let Some(table) = self.tables.last_mut() {
            table.covers.clear();
        }
    }

    fn row_start(&mut self) {
        if self.tables.is_empty() {
            self.boundary();
            return;
        }
        self.close_row();
        self.flush_paragraph();
        if let Some(table) = self.tables.last_mut() {
            let index = table.rows;
            table.rows = table.rows.saturating_add(1);
            table.row = Some(RowState {
                index,
                col: 0,
                layout: false,
                items: Vec::new(),
                cell: None,
            });
        }
    }

    fn row_end(&mut self) {
        if self.tables.is_empty() {
            self.boundary();
            return;
        }
        self.close_row();
        self.flush_paragraph();
    }

    fn cell_start(&mut self, tag: &PendingTag, end: usize) {
        if self.tables.is_empty() {
            self.boundary();
            return;
        }
        if self.cells_left == 0 {
            return;
        }
        self.cells_left -= 1;
        if self.tables.last().is_some_and(|t| t.row.is_none()) {
            self.row_start();
        }
        let budget = &mut self.covered_budget;
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        let Some(row) = table.row.as_mut() else {
            return;
        };
        if row.layout {
            self.flush_paragraph();
            return;
        }
        if let Some(cell) = row.cell.take() {
            row.items.push(Item::Cell(cell));
        }
        *budget = budget.saturating_add(2);
        // Positions covered by row spans from above, up to the first free column.
        while let Some(cover) = table.covers.get(row.col) {
            if !(cover.from <= row.index && row.index < cover.until) {
                break;
            }
            if *budget > 0 {
                *budget -= 1;
                row.items.push(Item::Covered {
                    at: tag.start,
                    col: row.col,
                });
            }
            row.col = cover.end.max(row.col + 1);
        }
        let col = row.col;
        let colspan = (tag.colspan.unwrap_or(1) as usize).clamp(1, MAX_COLSPAN);
        let rowspan = match tag.rowspan.unwrap_or(1) {
            // rowspan=0: to the end of the row group.
            0 => u32::MAX,
            n => n.min(MAX_ROWSPAN),
        };
        if rowspan > 1 && col < MAX_COLUMNS {
            let end = col + colspan;
            let last = end.min(MAX_COLUMNS);
            if table.covers.len() < last {
                table.covers.resize(last, Cover::default());
            }
            for cover in &mut table.covers[col..last] {
                *cover = Cover {
                    from: row.index.saturating_add(1),
                    until: row.index.saturating_add(rowspan),
                    end,
                };
            }
        }
        row.col = col.saturating_add(colspan);
        row.cell = Some(CellState {
            col,
            at: end,
            runs: Vec::new(),
            blocks: Vec::new(),
            chars: 0,
            prose: false,
        });
        self.started = true;
    }

    fn cell_end(&mut self) {
        let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut()) else {
            self.boundary();
            return;
        };
        if row.layout {
            self.flush_paragraph();
        } else if let Some(cell) = row.cell.take() {
            row.items.push(Item::Cell(cell));
        }
    }

    /// Closes the innermost table's open row and sends it out: one line of
    /// cells, or paragraphs if it is a layout row.
    fn close_row(&mut self) {
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        let Some(mut row) = table.row.take() else {
            return;
        };
        let table_index = table.index;
        if row.layout {
            self.flush_paragraph();
            return;
        }
        if let Some(cell) = row.cell.take() {
            row.items.push(Item::Cell(cell));
        }
        let layout = row
            .items
            .iter()
            .any(|i| matches!(i, Item::Cell(c) if c.is_layout()));
        if layout {
            self.push_paragraphs_of(row.items);
            return;
        }
        if !row.items.iter().any(|i| matches!(i, Item::Cell(_))) {
            return;
        }
        let location = |col: usize| Location {
            table: Some(table_index),
            row: Some(row.index),
            cell: Some(u32::try_from(col).unwrap_or(u32::MAX)),
            ..Location::default()
        };
        let mut line: Vec<OutCell> = row
            .items
            .into_iter()
            .map(|item| match item {
                Item::Covered { at, col } => OutCell {
                    runs: Vec::new(),
                    at,
                    location: location(col),
                    pre: false,
                },
                Item::Cell(mut cell) => OutCell {
                    location: location(cell.col),
                    runs: {
                        cell.runs.shrink_to_fit();
                        cell.runs
                    },
                    at: cell.at,
                    pre: false,
                },
            })
            .collect();
        // Every line of the page is held until it ends: no spare capacity
        // (a page of empty cells would otherwise cost ~19 times its size).
        line.shrink_to_fit();
        self.lines.push(line);
    }

    /// End of input: whatever is open is closed.
    fn finish(mut self) -> Vec<Vec<OutCell>> {
        while !self.tables.is_empty() {
            self.close_row();
            self.tables.pop();
            self.flush_paragraph();
        }
        self.flush_paragraph();
        self.lines
    }
}

/// Characters of a text token other than ASCII whitespace (`&nbsp;` counts).
fn visible_chars(value: &[u8]) -> usize {
    value
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80 && !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c))
        .count()
}

// ==================================================================== building

/// Builds the document from the lines. Markup between the text runs of a cell
/// that folding would not remove is blanked for folding (see [`blanked`]); the
/// document's original is the page as it was, which the blanked text matches
/// byte for byte outside those gaps and line for line everywhere, so spans,
/// lines and columns are the page's.
fn build(mut html: String, lines: Vec<Vec<OutCell>>) -> Document {
    let mut fixes: Vec<(Range<usize>, String)> = Vec::new();
    for cell in lines.iter().flatten() {
        for pair in cell.runs.windows(2) {
            let gap = pair[0].end..pair[1].start;
            if let Some(markup) = html.get(gap.clone()) {
                if !markup.is_empty() && !folds_away(markup) {
                    fixes.push((gap, blanked(markup)));
                }
            }
        }
    }
    let page = (!fixes.is_empty()).then(|| html.clone());
    for (gap, filler) in fixes {
        debug_assert_eq!(gap.len(), filler.len());
        if filler.len() == gap.len() {
            html.replace_range(gap, &filler);
        }
    }
    let mut builder = DocumentBuilder::new(html);
    let mut cells: Vec<(Range<usize>, Location)> = Vec::new();
    let mut last_end = 0;
    for line in &lines {
        cells.clear();
        let mut end = last_end;
        let mut in_order = true;
        for cell in line {
            let range = match (cell.runs.first(), cell.runs.last()) {
                (Some(first), Some(last)) => first.start..last.end,
                _ => cell.at..cell.at,
            };
            let original = builder.original();
            let valid = range.start >= end
                && range.start <= range.end
                && original.is_char_boundary(range.start)
                && original.is_char_boundary(range.end);
            if !valid {
                in_order = false;
                break;
            }
            end = range.end;
            cells.push((range, cell.location));
        }
        // Every cell is a range after the one before it: spans across lines
        // (a sentence over two paragraphs) must map to a forward range.
        debug_assert!(in_order, "HTML cells out of page order: {line:?}");
        if in_order && !cells.is_empty() {
            match line.as_slice() {
                [cell] if cell.pre => builder.preformatted(cells[0].0.clone(), cells[0].1),
                _ => builder.line(&cells),
            }
            last_end = end;
        }
    }
    let mut document = builder.build();
    if let Some(page) = page {
        debug_assert_eq!(page.len(), document.original.len());
        // Cells begin and end at text, outside the blanked gaps, so every span
        // lies on the page's character boundaries.
        document.original = page;
    }
    document
}

/// True when folding removes all of `markup` but whitespace.
fn folds_away(markup: &str) -> bool {
    fold(markup).text.trim().is_empty()
}

/// `markup` replaced by markup of the same byte length that folding removes,
/// with its line breaks where they were (so lines and offsets stay): one comment
/// (`<!--  -->`) over all of it, or, if a line break sits where the comment's
/// marks go, a comment, short tag (`<a >`) or spaces per line. Characters other
/// than ASCII are kept inside, so that character columns stay too.
fn blanked(markup: &str) -> String {
    let bytes = markup.as_bytes();
    let n = bytes.len();
    if n >= 7 && !bytes[..4].contains(&b'\n') && !bytes[n - 3..].contains(&b'\n') {
        return filled(markup, "<!--", "-->");
    }
    let mut out = String::with_capacity(n);
    for (i, line) in markup.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let (open, close) = match line.len() {
            7.. => ("<!--", "-->"),
            3..=6 => ("<a", ">"),
            _ => ("", ""),
        };
        out.push_str(&filled(line, open, close));
    }
    out
}

/// `open`, then `text` with ASCII other than line breaks blanked to spaces (and
/// any character overlapping the marks), then `close`: `text.len()` bytes.
fn filled(text: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len());
    out.push_str(open);
    let (low, high) = (open.len(), text.len() - close.len());
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        if at >= low && end <= high && (c == '\n' || !c.is_ascii()) {
            out.push(c);
        } else {
            let covered = end.min(high).saturating_sub(at.max(low));
            out.extend(std::iter::repeat_n(' ', covered));
        }
    }
    out.push_str(close);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::LineKind;

    fn lines(html: &str) -> Vec<Vec<String>> {
        let doc = from_html(html.to_string()).unwrap();
        doc.lines
            .iter()
            .filter(|l| l.kind != LineKind::Blank)
            .map(|l| {
                doc.cells(l)
                    .iter()
                    .map(|&c| doc.text(c).to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn charset_from_meta_tags() {
        let page = |head: &str| format!("<html><head>{head}</head><body>x</body></html>");
        assert_eq!(
            declared_charset(page(r#"<meta charset="GBK">"#).as_bytes()).as_deref(),
            Some("GBK")
        );
        assert_eq!(
            declared_charset(
                page(r#"<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=gb2312">"#)
                    .as_bytes()
            )
            .as_deref(),
            Some("gb2312")
        );
        assert_eq!(
            declared_charset(page("<meta charset='utf-16'>").as_bytes()).as_deref(),
            Some("utf-8")
        );
        assert_eq!(
            declared_charset(page("<meta name=charset><meta charset = big5 >").as_bytes())
                .as_deref(),
            Some("big5")
        );
        assert_eq!(declared_charset(page("<meta name=x>").as_bytes()), None);
        assert_eq!(declared_charset(b"<meta"), None);
    }

    #[test]
    fn blocks_and_rows_become_lines() {
        let html = "<html><head><title>标题</title><style>td{}</style></head><body>\
            <h1>报告</h1><p>第一段<br>第二行</p>\
            <table><tr><td>规章</td><td>1</td><td></td><td>&nbsp;</td></tr></table>\
            <script>document.write('<td>9</td>')</script><div>尾</div></body></html>";
        assert_eq!(
            lines(html),
            [
                vec!["报告"],
                vec!["第一段"],
                vec!["第二行"],
                vec!["规章", "1", "", ""],
                vec!["尾"],
            ]
        );
    }

    #[test]
    fn row_spans_leave_empty_cells_and_column_spans_do_not() {
        let html = "<table>\
            <tr><td rowspan=3>（三）不予公开</td><td>1.属于国家秘密</td><td colspan=2>5</td><td>6</td></tr>\
            <tr><td>2.其他</td><td>7</td><td>8</td><td>9</td></tr>\
            <tr><td>3.危及</td><td rowspan=2>0</td><td>1</td><td>2</td></tr>\
            <tr><td>4.保护</td><td>3</td><td>4</td><td>5</td></tr>\
            </table>";
        assert_eq!(
            lines(html),
            [
                vec!["(三)不予公开", "1.属于国家秘密", "5", "6"],
                vec!["", "2.其他", "7", "8", "9"],
                vec!["", "3.危及", "0", "1", "2"],
                vec!["4.保护", "3", "", "4", "5"],
            ]
        );
        let doc = from_html(html.to_string()).unwrap();
        let line = &doc.lines[3];
        let cells = doc.cells(line);
        let spans: Vec<_> = cells
            .iter()
            .map(|c| doc.span(c.start, c.end).cell)
            .collect();
        assert_eq!(spans, [Some(0), Some(1), Some(2), Some(3), Some(4)]);
    }

    #[test]
    fn nested_tables_make_layout_rows() {
        let html = "<table><tr><td>导航</td><td><p>正文开始</p>\
            <table><tr><td>规章</td><td>1</td></tr></table><p>正文结束</p></td></tr></table>";
        assert_eq!(
            lines(html),
            [
                vec!["导航"],
                vec!["正文开始"],
                vec!["规章", "1"],
                vec!["正文结束"]
            ]
        );
    }

    #[test]
    fn long_markup_between_runs_is_blanked_keeping_offsets() {
        let style = "font-family:宋体;mso-ascii-font-family:\"Times New Roman\";".repeat(6);
        let html = format!(
            "<table><tr><td><span>本年新</span><span\nstyle='{style}'>修订</span></td><td><b>1</b>2</td></tr></table>"
        );
        let doc = from_html(html.clone()).unwrap();
        assert_eq!(doc.original, html);
        let cells = doc.cells(&doc.lines[0]);
        assert_eq!(doc.text(cells[0]), "本年新修订");
        let label = doc.span(cells[0].start, cells[0].end);
        assert_eq!((label.line, label.column, label.end_line), (1, 22, 2));
        assert!(doc
            .original_of(cells[0].start, cells[0].end)
            .contains("宋体"));
        assert_eq!(doc.text(cells[1]), "12");
        let span = doc.span(cells[1].start, cells[1].end);
        assert_eq!(&html[span.start..span.end], "1</b>2");
    }

    #[test]
    fn blanked_markup_folds_away() {
        for markup in [
            "<![if !supportMisalignedColumns]>",
            "</span><span title=\"a>b\">",
            "<x\n>",
            "<span\nstyle='宋体'\n>",
            "<!x>",
        ] {
            let filler = blanked(markup);
            assert_eq!(filler.len(), markup.len(), "{markup}");
            assert_eq!(filler.matches('\n').count(), markup.matches('\n').count());
            assert!(folds_away(&filler), "{markup:?} → {filler:?}");
        }
    }

    #[test]
    fn preformatted_lines_split_like_text() {
        let html = "<p>标题</p><pre>\n规章\t1\t<b>2</b>\n规范性文件    0    3\n| 行政处罚 | 4 |</pre>\
            <table><tr><td>导航</td><td><pre>行政许可&#9;5\n行政强制  6</pre></td></tr></table><p>尾</p>";
        assert_eq!(
            lines(html),
            [
                vec!["标题"],
                vec!["规章", "1", "2"],
                vec!["规范性文件", "0", "3"],
                vec!["行政处罚", "4"],
                vec!["导航"],
                vec!["行政许可", "5"],
                vec!["行政强制", "6"],
                vec!["尾"],
            ]
        );
        let doc = from_html(html.to_string()).unwrap();
        let two = doc
            .lines
            .iter()
            .flat_map(|l| doc.cells(l))
            .find(|&&c| doc.text(c) == "2")
            .copied()
            .unwrap();
        let span = doc.span(two.start, two.end);
        assert_eq!(&html[span.start..span.end], "2");
        assert_eq!(span.paragraph, Some(1));
        // A <select> left open ends at a <pre> as at any block.
        assert_eq!(
            lines("<select><option>选项<pre>规章\t1</pre>"),
            [vec!["规章", "1"]]
        );
    }

    #[test]
    fn damage_points_into_the_document_text() {
        // One bad byte, within the share a page may have (see `decode`).
        let prose = "<p>本年度我镇认真落实条例要求。</p>".repeat(10);
        let page = |body: &str| {
            let body = body.replace("<table>", &format!("{prose}<table>"));
            let mut bytes = body.as_bytes().to_vec();
            let at = body.find('7').unwrap();
            bytes[at] = 0xFF;
            bytes
        };
        let plain = "<html><body><table><tr><td>规章</td><td>7</td></tr></table></body></html>";
        // As the content of a JavaScript string, the text shifts when its
        // escapes are undone.
        let js = r#"var c = "<p>\u4e00<\/p><p>\t\t<\/p><table><tr><td>规章<\/td><td>7<\/td><\/tr><\/table>";"#;
        for body in [plain, js] {
            let (doc, _) = read_with_encoding(&page(body)).unwrap();
            assert_eq!(doc.damaged.len(), 1, "{body}");
            let range = doc.damaged[0].range.clone();
            assert_eq!(&doc.original[range], "\u{FFFD}", "{body}");
        }
    }

    #[test]
    fn head_content_is_skipped_even_without_end_tags() {
        assert_eq!(
            lines("<head><title>页</title><meta charset=utf-8><div>正文</div>"),
            [vec!["正文"]]
        );
        assert_eq!(lines("<head><link rel=x>文字"), [vec!["文字"]]);
        assert_eq!(
            lines("<select><option>选项</option></select><p>段落</p><select><option>未闭合<p>后文"),
            [vec!["段落"], vec!["后文"]]
        );
    }
}
