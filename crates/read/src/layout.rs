//! The one table-and-text representation every reader produces: lines of cells.
//!
//! A text report becomes one line per text line, split into cells at tabs, pipes
//! or runs of two or more spaces (the `pdftotext -layout` look). Later readers
//! (HTML, DOCX, PDF) produce the same shape, so the extractor works on one thing.
//! Cell text is folded (see [`crate::fold`]); spans point at the original.

use crate::decode::Damage;
use crate::fold::{fold, Folded};
use xxgk_model::Span;

/// How the cells of a line were separated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Separator {
    /// A single cell (a paragraph, a heading, a lone value).
    None,
    /// Tab characters.
    Tab,
    /// `|` as in Markdown pipe tables.
    Pipe,
    /// Runs of two or more spaces.
    Spaces,
    /// Cut by the extractor out of one long line that printed a table without
    /// separators (labels and digits run together): see
    /// [`Document::split_lines`].
    Run,
}

/// What a line is, for the extractor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// Empty, or only noise that was dropped (a page number, a rule).
    Blank,
    /// A line holding only `|`: a cell boundary in the "lone pipe" layout.
    LonePipe,
    /// Text in one or more cells.
    Cells,
}

/// One cell: a range of the folded text, trimmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    /// Byte offset of the cell's first byte in the folded text.
    pub start: usize,
    /// Byte offset one past the cell's last byte in the folded text.
    pub end: usize,
}

/// One line of a document: what it is, how its cells were separated, and its cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// What the line is (text, blank, dropped noise).
    pub kind: LineKind,
    /// How its cells were separated.
    pub separator: Separator,
    /// This line's cells, as a range of [`Document::cells`] (one array for the
    /// whole document rather than one allocation per line).
    cells: std::ops::Range<u32>,
    /// 1-based line number in the original text.
    pub number: u32,
    /// What was dropped from this line, if anything (for notes).
    pub dropped: Option<Dropped>,
    /// True when the cells are real cells of a table grid (HTML, DOCX): an empty
    /// cell at a row's end is then a blank value, not layout residue.
    pub grid: bool,
}

/// Line-level noise removed by the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dropped {
    /// A page number such as `— 3 —` or `第 3 页`.
    PageNumber,
    /// A rule line of dashes or box-drawing characters.
    Rule,
}

/// How a line of a PDF's text layer disagrees with the page (see
/// [`crate::pdf`]): no number is read from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutOfOrder {
    /// Its pieces are printed in another left-to-right order than the page
    /// shows them.
    Swapped,
    /// Two of its pieces apart on the page (the values of two columns) are
    /// printed with no space between them.
    RunTogether,
    /// Text on one line of the page (a table row) is printed over several
    /// lines, this one among them.
    Split,
    /// It does not match the text the page places.
    Unmatched,
}

/// A read document: the original text, its folded form, and its lines of cells.
#[derive(Clone, Debug)]
pub struct Document {
    /// The decoded original text, which every span points into.
    pub original: String,
    folded: Folded,
    /// The lines, in reading order.
    pub lines: Vec<Line>,
    all_cells: Vec<Cell>,
    /// Where each cell sits in its container (DOCX table/row/cell, HTML table…),
    /// parallel to `all_cells`; empty for plain text.
    locations: Vec<Location>,
    /// Original byte offset of the start of each line.
    line_starts: Vec<usize>,
    /// Characters of the original before each [`CHAR_BLOCK`]-byte block, so a
    /// column is counted from the nearest block rather than from its line's start
    /// (a table printed on one long line would otherwise be counted once per value).
    char_blocks: Vec<u32>,
    /// Original byte offsets of form feeds (page breaks in `pdftotext` output).
    page_breaks: Vec<usize>,
    /// The places where the source did not decode (see [`crate::decode`]), as
    /// ranges of the original; empty for an undamaged source.
    pub damaged: Vec<Damage>,
    /// The lines whose text the source printed out of its order on the page
    /// (PDF text layers, see [`crate::pdf`]): 1-based number and what is
    /// wrong, ascending.
    out_of_order: Vec<(u32, OutOfOrder)>,
}

/// Where a cell came from in a structured source, added to its spans.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// The PDF page, 1-based.
    pub page: Option<u32>,
    /// The DOCX or HTML paragraph, 0-based.
    pub paragraph: Option<u32>,
    /// The table in the source, 0-based.
    pub table: Option<u32>,
    /// The row of that table, 0-based.
    pub row: Option<u32>,
    /// The cell of that row, 0-based.
    pub cell: Option<u32>,
}

/// Table cells a structured document (HTML `<td>`/`<th>`, DOCX `<w:tc>`)
/// may hold; one with more is refused ([`crate::error::too_many_cells`]).
/// Real reports hold a few hundred. Every cell is held until the document
/// ends, at 30 or more times the bytes of an empty one (`<td></td>`): a
/// 64 MiB page of empty cells took 1.0 GiB, a 175 KB DOCX 0.75 GiB. The
/// scanner keeps as many of one table region (`MAX_REGION_CELLS` of
/// `xxgk-extract`).
pub const MAX_TABLE_CELLS: usize = 100_000;

/// Builds a [`Document`] from cells a structured reader found (HTML table cells,
/// DOCX paragraphs and cells): each cell is a byte range of the original whose
/// text is folded on its own, so markup between its text runs (`</span>`, `<o:p>`,
/// `</w:t></w:r><w:r><w:t>`) is dropped by folding, and spans still point at the
/// original bytes.
pub struct DocumentBuilder {
    original: String,
    folded: Folded,
    lines: Vec<Line>,
    all_cells: Vec<Cell>,
    locations: Vec<Location>,
}

impl DocumentBuilder {
    /// A builder over `original`, the decoded source text the cells point into.
    pub fn new(original: String) -> DocumentBuilder {
        DocumentBuilder {
            original,
            folded: Folded::empty(),
            lines: Vec::new(),
            all_cells: Vec::new(),
            locations: Vec::new(),
        }
    }

    /// The original text, for readers that locate cells in it.
    pub fn original(&self) -> &str {
        &self.original
    }

    /// Adds a line (a paragraph, or a table row) of cells, each an original byte
    /// range with its location. Empty cells are kept (they are blank table cells).
    pub fn line(&mut self, cells: &[(std::ops::Range<usize>, Location)]) {
        let at = self.all_cells.len() as u32;
        let previous_end = cells.first().map_or(self.original.len(), |(r, _)| r.start);
        if !self.folded.text.is_empty() {
            self.folded.append_break(previous_end);
        }
        for (i, (range, location)) in cells.iter().enumerate() {
            if i > 0 {
                // Cells of one line are separated by a tab in the folded text.
                self.folded.append_break(range.start);
                self.folded.text.pop();
                self.folded.text.push('\t');
            }
            let start = self.folded.text.len();
            self.folded.append(&self.original, range.clone());
            let (a, b) = trim(&self.folded.text, start, self.folded.text.len());
            self.all_cells.push(Cell { start: a, end: b });
            self.locations.push(*location);
        }
        let cells_range = at..self.all_cells.len() as u32;
        let kind = if self.all_cells[at as usize..]
            .iter()
            .any(|c| c.end > c.start)
        {
            LineKind::Cells
        } else {
            LineKind::Blank
        };
        let number = 0; // set in build(), once the original's lines are known
        let separator = if cells_range.len() > 1 {
            Separator::Tab
        } else {
            Separator::None
        };
        self.lines.push(Line {
            kind,
            separator,
            cells: cells_range,
            number,
            dropped: None,
            grid: true,
        });
    }

    /// Adds preformatted text (an HTML `<pre>`), the original range `range`:
    /// folded as one piece and split into lines and cells the way a text file
    /// is ([`Document::from_text`]), every cell located at `location`.
    pub fn preformatted(&mut self, range: std::ops::Range<usize>, location: Location) {
        if !self.folded.text.is_empty() {
            self.folded.append_break(range.start);
        }
        let start = self.folded.text.len();
        self.folded.append(&self.original, range);
        let end = self.folded.text.len();
        let mut at = start;
        loop {
            let text = self.folded.text.as_str();
            let line_end = text[at..end].find('\n').map_or(end, |i| at + i);
            let first = self.all_cells.len();
            let number = 0; // set in build(), once the original's lines are known
            let line = read_line(
                text,
                at,
                trim_cr(text, at, line_end),
                number,
                &mut self.all_cells,
            );
            let added = self.all_cells.len() - first;
            self.locations.extend(std::iter::repeat_n(location, added));
            self.lines.push(line);
            if line_end == end {
                break;
            }
            at = line_end + 1;
        }
    }

    /// The document of the cells and lines added so far.
    pub fn build(mut self) -> Document {
        self.folded.finish(self.original.len());
        let line_starts = line_starts(&self.original);
        let char_blocks = char_blocks(&self.original);
        let page_breaks = page_breaks(&self.original);
        for line in &mut self.lines {
            if let Some(cell) = self.all_cells.get(line.cells.start as usize) {
                let (a, _) = self.folded.original_range(cell.start, cell.start);
                line.number = line_number(&line_starts, a);
            }
        }
        Document {
            original: self.original,
            folded: self.folded,
            lines: self.lines,
            all_cells: self.all_cells,
            locations: self.locations,
            line_starts,
            char_blocks,
            page_breaks,
            damaged: Vec::new(),
            out_of_order: Vec::new(),
        }
    }
}

fn page_breaks(text: &str) -> Vec<usize> {
    memchr::memchr_iter(b'\x0c', text.as_bytes()).collect()
}

impl Document {
    /// Reads decoded text as a text document.
    pub fn from_text(original: String) -> Document {
        let folded = fold(&original);
        let line_starts = line_starts(&original);
        let mut lines = Vec::new();
        let mut all_cells = Vec::new();
        let mut start = 0;
        let text = folded.text.as_str();
        // Lines start in order: their origins and numbers are walked to, not searched.
        let (mut pieces_passed, mut lines_passed) = (0, 0);
        // One search for every line end, rather than one set up per line.
        let mut line_ends = memchr::memchr_iter(b'\n', text.as_bytes());
        while start <= text.len() {
            let end = line_ends.next().unwrap_or(text.len());
            let origin = folded.original_at(start, &mut pieces_passed);
            let number = line_number_from(&line_starts, origin, &mut lines_passed);
            lines.push(read_line(
                text,
                start,
                trim_cr(text, start, end),
                number,
                &mut all_cells,
            ));
            if end == text.len() {
                break;
            }
            start = end + 1;
        }
        let page_breaks = page_breaks(&original);
        let char_blocks = char_blocks(&original);
        Document {
            original,
            folded,
            lines,
            all_cells,
            locations: Vec::new(),
            line_starts,
            char_blocks,
            page_breaks,
            damaged: Vec::new(),
            out_of_order: Vec::new(),
        }
    }

    /// The same document, whose source was damaged at `damaged` (ranges of the
    /// original, from [`crate::decode`]).
    pub fn with_damage(mut self, damaged: Vec<Damage>) -> Document {
        self.damaged = damaged;
        self
    }

    /// The same document, in which the lines numbered (1-based) in `lines`
    /// printed their text out of its order on the page: no number is read
    /// from them.
    pub fn with_out_of_order(mut self, lines: &[(u32, OutOfOrder)]) -> Document {
        self.out_of_order = lines.to_vec();
        self.out_of_order.sort_by_key(|&(number, _)| number);
        self.out_of_order.dedup_by_key(|&mut (number, _)| number);
        self
    }

    /// The lines printed out of order: 1-based number and what is wrong, ascending.
    pub fn out_of_order(&self) -> &[(u32, OutOfOrder)] {
        &self.out_of_order
    }

    /// True when `line` printed its text out of its order on the page.
    pub fn is_out_of_order(&self, line: &Line) -> bool {
        !self.out_of_order.is_empty()
            && self
                .out_of_order
                .binary_search_by_key(&line.number, |&(number, _)| number)
                .is_ok()
    }

    /// The span of the text of line `number` (1-based), without the whitespace
    /// around it; `None` past the last line.
    pub fn line_span(&self, number: u32) -> Option<Span> {
        let index = (number as usize).checked_sub(1)?;
        let start = *self.line_starts.get(index)?;
        let end = self
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.original.len());
        let text = &self.original[start..end];
        let trimmed = text.trim_start();
        let start = start + (text.len() - trimmed.len());
        let end = start + trimmed.trim_end().len();
        Some(self.original_span(start, end))
    }

    /// A copy of the document in which each line named in `replace` is replaced
    /// by several lines, one per list of cells. The cells must be ranges of the
    /// folded text inside the replaced line, in order; empty ranges are allowed (a
    /// row printed without any value). The new lines keep the line number, so
    /// spans and positions are unchanged. Used for tables printed on one line
    /// with their separators lost (crawled page text).
    pub fn split_lines(&self, replace: &[(usize, Vec<Vec<Cell>>)]) -> Document {
        let mut lines = Vec::with_capacity(self.lines.len() + replace.len() * 16);
        let mut all_cells = Vec::with_capacity(self.all_cells.len() + replace.len() * 64);
        let mut locations = Vec::new();
        let mut replacements = replace.iter().peekable();
        for (index, line) in self.lines.iter().enumerate() {
            let pieces = match replacements.peek() {
                Some((at, pieces)) if *at == index => {
                    replacements.next();
                    pieces
                }
                _ => {
                    let at = all_cells.len() as u32;
                    all_cells.extend_from_slice(self.cells(line));
                    if !self.locations.is_empty() {
                        locations.extend_from_slice(
                            &self.locations[line.cells.start as usize..line.cells.end as usize],
                        );
                    }
                    lines.push(Line {
                        cells: at..all_cells.len() as u32,
                        ..line.clone()
                    });
                    continue;
                }
            };
            let originals = self.cells(line);
            for piece in pieces {
                let at = all_cells.len() as u32;
                for cell in piece {
                    all_cells.push(*cell);
                    if !self.locations.is_empty() {
                        let within = originals
                            .iter()
                            .position(|c| c.start <= cell.start && cell.end <= c.end)
                            .unwrap_or(0);
                        locations.push(self.locations[line.cells.start as usize + within]);
                    }
                }
                let cells = at..all_cells.len() as u32;
                let kind = if piece.iter().any(|c| c.end > c.start) {
                    LineKind::Cells
                } else {
                    LineKind::Blank
                };
                lines.push(Line {
                    kind,
                    separator: Separator::Run,
                    cells,
                    number: line.number,
                    dropped: None,
                    grid: false,
                });
            }
        }
        Document {
            original: self.original.clone(),
            folded: self.folded.clone(),
            lines,
            all_cells,
            locations,
            line_starts: self.line_starts.clone(),
            char_blocks: self.char_blocks.clone(),
            page_breaks: self.page_breaks.clone(),
            damaged: self.damaged.clone(),
            out_of_order: self.out_of_order.clone(),
        }
    }

    /// The cells of a line.
    pub fn cells(&self, line: &Line) -> &[Cell] {
        &self.all_cells[line.cells.start as usize..line.cells.end as usize]
    }

    /// The folded text of a cell.
    pub fn text(&self, cell: Cell) -> &str {
        &self.folded.text[cell.start..cell.end]
    }

    /// The folded text of a range.
    pub fn slice(&self, start: usize, end: usize) -> &str {
        &self.folded.text[start..end]
    }

    /// The whole folded text.
    pub fn folded_text(&self) -> &str {
        &self.folded.text
    }

    /// The original text a folded range came from.
    pub fn original_of(&self, start: usize, end: usize) -> &str {
        let (a, b) = self.folded.original_range(start, end);
        &self.original[a..b]
    }

    /// The span (in the original) of a folded range.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let (a, b) = self.folded.original_range(start, end);
        self.span_of(start, a, b)
    }

    /// What a folded range printed ([`Document::original_of`]) and its
    /// [`Document::span`], mapping the range to the original once.
    pub fn printed(&self, start: usize, end: usize) -> (&str, Span) {
        self.printed_near(start, end, &mut SpanCursor::default())
    }

    /// [`Document::printed`] for ranges asked for mostly in document order (the
    /// cells of a table, row by row): the line and the cell are looked for from
    /// where `cursor` found the last ones rather than searched for anew. The
    /// same answer whatever the order.
    pub fn printed_near(&self, start: usize, end: usize, cursor: &mut SpanCursor) -> (&str, Span) {
        let (a, b) = self.folded.original_range(start, end);
        (&self.original[a..b], self.span_near(start, a, b, cursor))
    }

    /// The span of the original range `a..b`, which folded range `start..`
    /// came from.
    fn span_of(&self, start: usize, a: usize, b: usize) -> Span {
        self.span_near(start, a, b, &mut SpanCursor::default())
    }

    /// [`Document::span_of`], searching from `cursor` (see
    /// [`Document::printed_near`]).
    fn span_near(&self, start: usize, a: usize, b: usize, cursor: &mut SpanCursor) -> Span {
        let line = partition_point_near(&self.line_starts, cursor.line, |&s| s <= a);
        let (line, column) = self.position_near(line, a, cursor);
        // Most spans sit on one line: count on from the start instead of searching.
        let line_end = self
            .line_starts
            .get(line as usize)
            .copied()
            .unwrap_or(self.original.len());
        let (end_line, end_column) = if b <= line_end && b >= a && self.original.is_char_boundary(b)
        {
            (line, column + self.chars_between(a, b))
        } else {
            self.position(b)
        };
        let location = self.location(start, a, cursor);
        Span {
            start: a,
            end: b,
            line,
            column,
            end_line,
            end_column,
            page: location.page,
            paragraph: location.paragraph,
            table: location.table,
            row: location.row,
            cell: location.cell,
        }
    }

    /// The span of a range of the original that need not be a folded range (a
    /// damaged place, which may lie in markup): the cell location when the
    /// range is text the document read, else its line, column and page.
    pub fn original_span(&self, start: usize, end: usize) -> Span {
        let (a, b) = (self.folded.folded_from(start), self.folded.folded_from(end));
        if a < b && self.folded.original_range(a, b) == (start, end) {
            return self.span(a, b);
        }
        let (line, column) = self.position(start);
        let (end_line, end_column) = self.position(end);
        let page = (!self.page_breaks.is_empty())
            .then(|| self.page_breaks.partition_point(|&p| p < start) as u32 + 1);
        Span {
            start,
            end,
            line,
            column,
            end_line,
            end_column,
            page,
            ..Span::default()
        }
    }

    /// The location of the cell holding folded offset `start`, plus the page
    /// (form feeds before it) for paginated text.
    fn location(&self, start: usize, original: usize, cursor: &mut SpanCursor) -> Location {
        let mut location = if self.locations.is_empty() {
            Location::default()
        } else {
            cursor.cell = partition_point_near(&self.all_cells, cursor.cell, |c| c.end < start);
            let i = cursor.cell.min(self.all_cells.len().saturating_sub(1));
            self.locations.get(i).copied().unwrap_or_default()
        };
        if location.page.is_none() && !self.page_breaks.is_empty() {
            location.page = Some(self.page_breaks.partition_point(|&b| b < original) as u32 + 1);
        }
        location
    }

    /// 1-based line and character column of an original byte offset.
    fn position(&self, offset: usize) -> (u32, u32) {
        self.position_on(line_number(&self.line_starts, offset), offset)
    }

    /// [`Document::position`] of an offset on 1-based line `line`.
    fn position_on(&self, line: u32, offset: usize) -> (u32, u32) {
        let start = self.line_starts[line as usize - 1];
        let end = self.char_start(offset.clamp(start, self.original.len()));
        let column = self.chars_between(start, end) + 1;
        (line, column)
    }

    /// [`Document::position`] of an offset on 1-based line `line`, the column
    /// counted on from the cursor's last one when that is a little before on
    /// the same line (the next cell of a row), and left in the cursor.
    fn position_near(&self, line: usize, offset: usize, cursor: &mut SpanCursor) -> (u32, u32) {
        let start = self.line_starts[line - 1];
        let end = self.char_start(offset.clamp(start, self.original.len()));
        let column = match cursor.column {
            Some((at, column)) if cursor.line == line && at <= end && end - at <= CHAR_BLOCK => {
                column + self.chars_between(at, end)
            }
            _ => self.chars_between(start, end) + 1,
        };
        cursor.line = line;
        cursor.column = Some((end, column));
        (line as u32, column)
    }

    /// The start of the character of the original that holds byte `offset`.
    fn char_start(&self, mut offset: usize) -> usize {
        while !self.original.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// How many characters of the original start in `from..to`: counted in
    /// the range itself when it is no longer than a block (most values and
    /// cells), which reads fewer bytes than the two counts from blocks.
    fn chars_between(&self, from: usize, to: usize) -> u32 {
        if to - from <= CHAR_BLOCK {
            chars_in(&self.original.as_bytes()[from..to])
        } else {
            self.chars_before(to) - self.chars_before(from)
        }
    }

    /// How many characters of the original precede byte `offset` (a character
    /// boundary): the count at its block plus the characters started in the block
    /// before `offset` (every byte but a UTF-8 continuation byte starts one).
    fn chars_before(&self, offset: usize) -> u32 {
        let block = offset / CHAR_BLOCK;
        self.char_blocks[block] + chars_in(&self.original.as_bytes()[block * CHAR_BLOCK..offset])
    }
}

/// Bytes per block of [`Document`]'s character counts: a column costs at most
/// this many bytes counted; the counts cost 4 bytes per block.
const CHAR_BLOCK: usize = 64;

fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// The characters before each [`CHAR_BLOCK`]-byte block of `text`, and one
/// more entry for an offset at the very end.
fn char_blocks(text: &str) -> Vec<u32> {
    let mut blocks = Vec::with_capacity(text.len() / CHAR_BLOCK + 1);
    let mut chars = 0u32;
    blocks.push(0);
    for chunk in text.as_bytes().chunks(CHAR_BLOCK) {
        chars += chars_in(chunk);
        blocks.push(chars);
    }
    blocks
}

/// The characters that start in `block` (at most [`CHAR_BLOCK`] bytes): every
/// byte but a continuation byte (`10xxxxxx`) starts one. Eight bytes at a time:
/// counting byte by byte cost more on a large HTML page than the columns saved.
fn chars_in(block: &[u8]) -> u32 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    debug_assert!(block.len() <= CHAR_BLOCK);
    let mut words = block.chunks_exact(8);
    // One counter per byte lane; at most 8 words, so no lane passes 8 and the
    // lanes' sum (at most 64) fits the top byte of the multiplication below.
    let mut lanes = 0u64;
    for word in &mut words {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        // Bit 7 set and bit 6 (shifted up to bit 7) clear: a continuation byte.
        lanes += (w & !(w << 1) & HIGH) >> 7;
    }
    let continuations = (lanes.wrapping_mul(0x0101_0101_0101_0101) >> 56)
        + words
            .remainder()
            .iter()
            .filter(|&&b| is_continuation(b))
            .count() as u64;
    (block.len() as u64 - continuations) as u32
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect()
}

fn line_number(starts: &[usize], offset: usize) -> u32 {
    starts.partition_point(|&s| s <= offset) as u32
}

/// Where [`Document::printed_near`] found the last range's line and cell.
#[derive(Clone, Copy, Debug, Default)]
pub struct SpanCursor {
    /// The last range's 1-based line (0: none yet).
    line: usize,
    /// Where the last range starts (a character boundary) and its column.
    column: Option<(usize, u32)>,
    /// The index in the document's cells of the last range's cell.
    cell: usize,
}

/// `items.partition_point(pred)`, looked for from `near` (the last answer):
/// a few steps on when it lies just after, else searched on the side it lies.
fn partition_point_near<T>(items: &[T], near: usize, pred: impl Fn(&T) -> bool) -> usize {
    const STEPS: usize = 4;
    let near = near.min(items.len());
    if near == 0 {
        return items.partition_point(pred);
    }
    if !pred(&items[near - 1]) {
        return items[..near - 1].partition_point(pred);
    }
    let mut at = near;
    for _ in 0..STEPS {
        if at == items.len() || !pred(&items[at]) {
            return at;
        }
        at += 1;
    }
    at + items[at..].partition_point(pred)
}

/// [`line_number`] for offsets visited in increasing order, `passed` carrying
/// the line starts passed from one call to the next (0 at first).
fn line_number_from(starts: &[usize], offset: usize, passed: &mut usize) -> u32 {
    while starts.get(*passed).is_some_and(|&s| s <= offset) {
        *passed += 1;
    }
    *passed as u32
}

fn trim_cr(text: &str, start: usize, end: usize) -> usize {
    if end > start && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

fn read_line(text: &str, start: usize, end: usize, number: u32, all_cells: &mut Vec<Cell>) -> Line {
    let at = all_cells.len() as u32;
    let mut line = Line {
        kind: LineKind::Blank,
        separator: Separator::None,
        cells: at..at,
        number,
        dropped: None,
        grid: false,
    };
    let (start, end) = trim(text, start, end);
    if start == end {
        return line;
    }
    let body = &text[start..end];
    if body.bytes().all(|b| b == b'|') {
        line.kind = LineKind::LonePipe;
        return line;
    }
    if is_page_number(body) {
        line.dropped = Some(Dropped::PageNumber);
        return line;
    }
    if is_rule(body) {
        line.dropped = Some(Dropped::Rule);
        return line;
    }
    let marks = SeparatorMarks::of(body);
    let start = start + markdown_prefix_len(body, marks.any());
    let (start, end) = trim(text, start, end);
    if start == end {
        return line;
    }
    line.kind = LineKind::Cells;
    let separator = if marks.tab {
        split_on(text, start, end, |s| find_byte(b'\t', s), all_cells);
        Separator::Tab
    } else if marks.pipe {
        let (start, end) = strip_outer_pipes(text, start, end);
        split_on(text, start, end, |s| find_byte(b'|', s), all_cells);
        Separator::Pipe
    } else if marks.spaces {
        split_on(text, start, end, find_space_run, all_cells);
        Separator::Spaces
    } else {
        all_cells.push(Cell { start, end });
        Separator::None
    };
    line.cells = at..all_cells.len() as u32;
    line.separator = if line.cells.len() > 1 {
        separator
    } else {
        Separator::None
    };
    line
}

fn trim(text: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    while start < end && matches!(bytes[start], b' ' | b'\t' | b'\r' | b'\x0c' | b'\n') {
        start += 1;
    }
    while end > start && matches!(bytes[end - 1], b' ' | b'\t' | b'\r' | b'\x0c' | b'\n') {
        end -= 1;
    }
    (start, end)
}

/// A one-byte separator (tab, pipe): where it is and its length, 1.
fn find_byte(byte: u8, s: &str) -> Option<(usize, usize)> {
    memchr::memchr(byte, s.as_bytes()).map(|i| (i, 1))
}

/// A run of two or more spaces (cell boundary in aligned layouts).
fn find_space_run(s: &str) -> Option<(usize, usize)> {
    let at = space_run_at(s.as_bytes())?;
    let len = s[at..].bytes().take_while(|&b| b == b' ').count();
    Some((at, len))
}

/// Where the first run of two or more spaces in `bytes` starts: found from
/// space to space by byte search, where a search for the two-byte string set
/// up a searcher at every cell of an aligned line.
fn space_run_at(bytes: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b' ', bytes).find(|&i| bytes.get(i + 1) == Some(&b' '))
}

fn split_on(
    text: &str,
    start: usize,
    end: usize,
    find: impl Fn(&str) -> Option<(usize, usize)>,
    cells: &mut Vec<Cell>,
) {
    let mut from = start;
    loop {
        let (cell_end, next) = match find(&text[from..end]) {
            Some((at, len)) => (from + at, from + at + len),
            None => (end, end),
        };
        let (a, b) = trim(text, from, cell_end);
        cells.push(Cell { start: a, end: b });
        if cell_end == end {
            return;
        }
        from = next;
    }
}

fn strip_outer_pipes(text: &str, start: usize, end: usize) -> (usize, usize) {
    let mut start = start;
    let mut end = end;
    if text[start..end].starts_with('|') {
        start += 1;
    }
    // Trailing `||…` are empty cells of a broken row; one closing pipe is framing.
    if end > start && text[start..end].ends_with('|') {
        end -= 1;
    }
    (start, end)
}

/// `-3-`, `— 5 —`, `- 12 -`, `第 3 页`, `第3页 共5页`, `3/5`.
fn is_page_number(body: &str) -> bool {
    if body.len() > 40 || !may_start_page_number(body) {
        return false;
    }
    // At most 40 bytes: compacted on the stack (whole characters are copied,
    // so the bytes stay UTF-8).
    let mut buffer = [0u8; 40];
    let mut len = 0;
    for c in body.chars().filter(|c| !c.is_whitespace()) {
        len += c.encode_utf8(&mut buffer[len..]).len();
    }
    let Ok(compact) = std::str::from_utf8(&buffer[..len]) else {
        return false; // never taken: whole characters were copied
    };
    let inner = compact.trim_matches(is_page_dash);
    let dashed = inner.len() < compact.len()
        && compact.starts_with(is_page_dash)
        && compact.ends_with(is_page_dash)
        && !inner.is_empty()
        && inner.len() <= 3
        && inner.bytes().all(|b| b.is_ascii_digit());
    if dashed {
        return true;
    }
    let paged = compact
        .strip_prefix('第')
        .and_then(|r| r.split_once('页'))
        .is_some_and(|(n, rest)| {
            !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
                && (rest.is_empty()
                    || rest
                        .strip_prefix('共')
                        .and_then(|r| r.strip_suffix('页'))
                        .is_some_and(|m| !m.is_empty() && m.bytes().all(|b| b.is_ascii_digit())))
        });
    let fraction = compact.split_once('/').is_some_and(|(a, b)| {
        !a.is_empty()
            && !b.is_empty()
            && a.len() <= 3
            && b.len() <= 3
            && a.bytes().chain(b.bytes()).all(|x| x.is_ascii_digit())
    });
    paged || fraction
}

/// Whether `body` starts the way every page number does (see
/// [`is_page_number`]): its first character other than whitespace is a dash,
/// `第` or an ASCII digit. Most short lines are not, and are told so without
/// the copy [`is_page_number`] makes.
fn may_start_page_number(body: &str) -> bool {
    body.chars()
        .find(|c| !c.is_whitespace())
        .is_some_and(|c| is_page_dash(c) || matches!(c, '第' | '0'..='9'))
}

/// The dashes a page number is printed between (`-3-`, `— 5 —`).
fn is_page_dash(c: char) -> bool {
    matches!(c, '-' | '—' | '–' | '－' | '─')
}

/// `----`, `|---|:--|`, `------------\t-------`, `====`.
fn is_rule(body: &str) -> bool {
    // Which characters it holds first: that stops at a text line's first
    // character, where counting the marks first read every line whole.
    let only = body
        .chars()
        .all(|c| is_rule_mark(c) || matches!(c, '|' | ':' | '+' | ' ' | '\t'));
    only && body.chars().filter(|&c| is_rule_mark(c)).count() >= 3
}

/// The characters a rule is drawn with (`|`, `:`, `+` and spaces may stand
/// between them).
fn is_rule_mark(c: char) -> bool {
    matches!(c, '-' | '=' | '_' | '—' | '─' | '━')
}

/// Which cell separators a line holds.
#[derive(Clone, Copy)]
struct SeparatorMarks {
    tab: bool,
    pipe: bool,
    /// A run of two or more spaces.
    spaces: bool,
}

impl SeparatorMarks {
    /// Each mark looked for by byte search: cheaper than testing every byte
    /// for all three. One search first tells most lines of Chinese text,
    /// which hold none of the three bytes.
    fn of(body: &str) -> SeparatorMarks {
        let bytes = body.as_bytes();
        if memchr::memchr3(b'\t', b'|', b' ', bytes).is_none() {
            return SeparatorMarks {
                tab: false,
                pipe: false,
                spaces: false,
            };
        }
        SeparatorMarks {
            tab: memchr::memchr(b'\t', bytes).is_some(),
            pipe: memchr::memchr(b'|', bytes).is_some(),
            spaces: space_run_at(bytes).is_some(),
        }
    }

    fn any(self) -> bool {
        self.tab || self.pipe || self.spaces
    }
}

/// Markdown heading marks, block quotes and bullets before the text. A line with
/// cell separators is a table row, not a bullet (`- | 0 | 0`, `-    0    0`).
fn markdown_prefix_len(body: &str, tabular: bool) -> usize {
    let hashes = body.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && body[hashes..].starts_with(' ') {
        return hashes + 1;
    }
    if tabular {
        return 0;
    }
    for bullet in ["> ", "- ", "* ", "+ ", "• ", "· "] {
        if let Some(rest) = body.strip_prefix(bullet) {
            // `- 8` may be a negative value in a one-per-line table.
            if !rest.trim().bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                return bullet.len();
            }
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cells asked for row by row, as a table is read, and then the other
    /// way: the cursor's steps forward and its searches back give what
    /// [`Document::printed`] gives.
    #[test]
    fn printed_near_answers_as_printed_cell_by_cell() {
        for fixture in [
            include_str!("../../../tests/data/layout/huaian-city-2024.pdftotext-layout.txt"),
            include_str!("../../../tests/data/seeds/002_0b1325ff460d94b6.txt"),
        ] {
            let doc = Document::from_text(fixture.to_string());
            let cells: Vec<Cell> = doc
                .lines
                .iter()
                .flat_map(|l| doc.cells(l))
                .copied()
                .collect();
            assert!(cells.len() > 300, "{} cells", cells.len());
            let mut cursor = SpanCursor::default();
            for cell in cells.iter().chain(cells.iter().rev()) {
                assert_eq!(
                    doc.printed_near(cell.start, cell.end, &mut cursor),
                    doc.printed(cell.start, cell.end)
                );
            }
        }
    }

    proptest::proptest! {
        /// A cursor only shortens the searches: ranges asked for in any
        /// order (forwards by cells, backwards, jumping between lines and
        /// pages) give what [`Document::printed`] gives.
        #[test]
        fn printed_near_answers_as_printed_in_any_order(
            picks in proptest::collection::vec((0.0..1.0f64, 0usize..40), 1..60)
        ) {
            let doc = Document::from_text(
                include_str!("../../../tests/data/layout/huaian-city-2024.pdftotext-layout.txt")
                    .to_string(),
            );
            let text = doc.folded_text();
            let boundaries: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let mut cursor = SpanCursor::default();
            for (at, length) in picks {
                let first = (at * (boundaries.len() - 1) as f64) as usize;
                let start = boundaries[first];
                let end = boundaries[(first + length).min(boundaries.len() - 1)];
                proptest::prop_assert_eq!(
                    doc.printed_near(start, end, &mut cursor),
                    doc.printed(start, end)
                );
            }
        }
    }
    #[test]
    fn columns_count_characters_from_the_nearest_block() {
        let line = "总计 1,234 「二〇二一」 abc\u{1F600}é ".repeat(20);
        let text = format!("第一行\n{line}\n{line}");
        let doc = Document::from_text(text.clone());
        let second = text.find('\n').expect("two lines") + 1;
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = text[start..offset].chars().count() as u32 + 1;
            assert_eq!(doc.position(offset).1, expected, "offset {offset}");
            assert_eq!(
                doc.chars_before(offset) - doc.chars_before(second.min(offset)),
                text[second.min(offset)..offset].chars().count() as u32
            );
        }
    }

    fn cells(doc: &Document, line: usize) -> Vec<&str> {
        doc.cells(&doc.lines[line])
            .iter()
            .map(|&c| doc.text(c))
            .collect()
    }

    #[test]
    fn splits_tabs_pipes_and_space_runs() {
        let doc = Document::from_text(
            "行政许可\t0\t\t3\n| 规章 | 0 | 1 |\n规章               0          0       0\n自 然 人"
                .into(),
        );
        assert_eq!(cells(&doc, 0), ["行政许可", "0", "", "3"]);
        assert_eq!(doc.lines[0].separator, Separator::Tab);
        assert_eq!(cells(&doc, 1), ["规章", "0", "1"]);
        assert_eq!(cells(&doc, 2), ["规章", "0", "0", "0"]);
        assert_eq!(cells(&doc, 3), ["自 然 人"]);
    }

    #[test]
    fn drops_page_numbers_rules_and_markdown_marks() {
        let doc = Document::from_text("-3-\n— 5 —\n------------------\t-------\n## **二、主动公开**\n|\n- 1、是偶有\n-8\n第 2 页\n".into());
        let kinds: Vec<_> = doc.lines.iter().map(|l| (l.kind, l.dropped)).collect();
        assert_eq!(kinds[0], (LineKind::Blank, Some(Dropped::PageNumber)));
        assert_eq!(kinds[1], (LineKind::Blank, Some(Dropped::PageNumber)));
        assert_eq!(kinds[2], (LineKind::Blank, Some(Dropped::Rule)));
        assert_eq!(cells(&doc, 3), ["二、主动公开"]);
        assert_eq!(kinds[4].0, LineKind::LonePipe);
        assert_eq!(cells(&doc, 5), ["1、是偶有"]);
        assert_eq!(cells(&doc, 6), ["-8"]);
        let row = Document::from_text("- | 0 | 0\n-    0    0".into());
        assert_eq!(cells(&row, 0), ["-", "0", "0"]);
        assert_eq!(cells(&row, 1), ["-", "0", "0"]);
        assert_eq!(kinds[7], (LineKind::Blank, Some(Dropped::PageNumber)));
    }

    #[test]
    fn spans_are_lines_and_character_columns_of_the_original() {
        let doc = Document::from_text("標題\n（七）總計\t１０".into());
        let cell = doc.cells(&doc.lines[1])[1];
        assert_eq!(doc.text(cell), "10");
        let span = doc.span(cell.start, cell.end);
        assert_eq!(
            (span.line, span.column, span.end_line, span.end_column),
            (2, 7, 2, 9)
        );
        assert_eq!(&doc.original[span.start..span.end], "１０");
    }
}

#[cfg(test)]
mod builder_tests {
    use super::*;

    #[test]
    fn cells_from_markup_fold_alone_and_point_at_the_original() {
        let html =
            "<tr><td><span>（七）總計</span><o:p></o:p></td><td>１０</td><td>&nbsp;</td></tr>"
                .to_string();
        let ranges: Vec<std::ops::Range<usize>> = ["（七）", "１０", "&nbsp;"]
            .iter()
            .map(|needle| {
                let at = html.find(needle).unwrap();
                let end = if *needle == "（七）" {
                    html.find("</td>").unwrap()
                } else {
                    at + needle.len()
                };
                at..end
            })
            .collect();
        let mut builder = DocumentBuilder::new(html.clone());
        let cells: Vec<_> = ranges
            .iter()
            .enumerate()
            .map(|(i, r)| {
                (
                    r.clone(),
                    Location {
                        table: Some(0),
                        row: Some(3),
                        cell: Some(i as u32),
                        ..Location::default()
                    },
                )
            })
            .collect();
        builder.line(&cells);
        let doc = builder.build();
        let line = &doc.lines[0];
        let texts: Vec<&str> = doc.cells(line).iter().map(|&c| doc.text(c)).collect();
        assert_eq!(texts, ["(七)总计", "10", ""]);
        let ten = doc.cells(line)[1];
        let span = doc.span(ten.start, ten.end);
        assert_eq!(&html[span.start..span.end], "１０");
        assert_eq!(
            (span.table, span.row, span.cell),
            (Some(0), Some(3), Some(1))
        );
    }

    #[test]
    fn form_feeds_give_pages() {
        let doc = Document::from_text("第一页\n\x0c规章  1  2  3\n".into());
        let cells = doc.cells(&doc.lines[1]);
        assert_eq!(doc.text(cells[0]), "规章");
        assert_eq!(doc.span(cells[1].start, cells[1].end).page, Some(2));
        assert_eq!(doc.span(doc.cells(&doc.lines[0])[0].start, 3).page, Some(1));
    }
}
