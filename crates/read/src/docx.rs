//! Reading DOCX sources into a [`Document`].
//!
//! A DOCX is a ZIP of XML parts; the report is in the main document part
//! (`word/document.xml`, or wherever `_rels/.rels` points). Its text is the
//! document's original: every cell is a byte range of it, from the start of the
//! cell's first text to the end of its last, and the markup between text runs
//! (`</w:t></w:r><w:r><w:t>`) is dropped by folding, so spans point at the very
//! bytes of `document.xml` that hold the printed text.
//!
//! * A body paragraph is a line of one cell (several when it is laid out with
//!   tabs, as a text export would split it), located by its `paragraph` index.
//! * A table row is a line with one cell per `w:tc`, in document order. A cell
//!   spanning grid columns (`w:gridSpan`) is still one cell: empty cells added
//!   for the columns it covers would read as blank values, and hand-made tables
//!   often span columns only because their borders are not aligned. The
//!   continuation of a merged cell (`w:vMerge`, `w:hMerge`) is an empty cell.
//!   Cells are located by `table`, `row` and `cell` (the `w:tc`'s index in its
//!   row), all 0-based in document order. Paragraphs inside a cell join into
//!   the cell, separated by a space.
//! * A table that only frames content (one cell per row, or holding a table of
//!   its own) is read as its content: its paragraphs and inner tables.
//! * `w:tab`, `w:br`, `w:cr` inside runs are spaces within a cell; deleted text,
//!   field instructions, hidden runs, text boxes, drawings and ruby text are not
//!   read; content controls, hyperlinks, insertions and fields' results are.
//!
//! Folding can only drop markup, not turn it into a space. Where the markup
//! between two text runs of a cell must read as a space (a line break, a
//! paragraph break inside a cell) or holds text that must not be read (a hidden
//! run, a field instruction), those bytes of the original are rewritten in place,
//! at the same length and keeping line breaks where they can: `␠<x …>` chunks
//! that fold to a
//! single space or to nothing. The printed text is never rewritten (but for
//! tabs and line breaks typed into a `w:t`, which become spaces), so the byte
//! offsets of every value are those of `document.xml`.

use crate::error::{too_many_cells, ErrorKind, ReadError};
use crate::fold::fold;
use crate::layout::{DocumentBuilder, Location, MAX_TABLE_CELLS};
use crate::Document;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use std::ops::Range;

/// Parts larger than this when uncompressed are refused (`too-large`): a DOCX
/// of a report is a few hundred kilobytes, a larger part is a ZIP bomb.
pub use crate::archive::MAX_PART_BYTES;

/// Tables nested deeper than this are read as plain content.
const MAX_TABLE_DEPTH: usize = 16;

const MAIN_PART: &str = "word/document.xml";
const W_NS: &[u8] = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT_NS: &[u8] = b"http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC_NS: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Reads the bytes of a DOCX file.
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| zip_error(e, "不是完整的 ZIP 文件", "not a complete ZIP file"))?;
    let name = main_part_name(&mut archive)?;
    let Some(part) = read_part(&mut archive, &name)? else {
        return Err(corrupt(
            format!("缺少正文部件 {name}"),
            format!("the main document part {name} is missing"),
        ));
    };
    let xml = decode_part(part, &name)?;
    read_document_xml(xml)
}

/// Reads the text of a main document part (`word/document.xml`).
pub fn read_document_xml(xml: String) -> Result<Document, ReadError> {
    // Form feeds are page breaks to the layout reader; none in XML means one.
    let xml = if xml.contains('\x0c') {
        xml.replace('\x0c', " ")
    } else {
        xml
    };
    let blocks = Parser::new(&xml).parse()?;
    let mut emitter = Emitter {
        xml: &xml,
        lines: Vec::new(),
        edits: Vec::new(),
        paragraph: 0,
    };
    emitter.blocks(&blocks, None);
    let Emitter { lines, edits, .. } = emitter;
    let original = apply_edits(xml, &edits);
    let mut builder = DocumentBuilder::new(original);
    for line in &lines {
        builder.line(line);
    }
    Ok(builder.build())
}

fn corrupt(zh: impl std::fmt::Display, en: impl std::fmt::Display) -> ReadError {
    ReadError::new(
        ErrorKind::Corrupt,
        format!("DOCX 文件已损坏：{zh}"),
        format!("the DOCX file is corrupt: {en}"),
    )
}

fn zip_error(error: zip::result::ZipError, zh: &str, en: &str) -> ReadError {
    use zip::result::ZipError;
    let read_error = match &error {
        ZipError::UnsupportedArchive(what) => ReadError::new(
            ErrorKind::UnsupportedFormat,
            format!("DOCX 文件使用了不支持的 ZIP 特性（加密或压缩方式）：{what}"),
            format!(
                "the DOCX file uses an unsupported ZIP feature (encryption or compression): {what}"
            ),
        ),
        _ => corrupt(format!("{zh}（{error}）"), format!("{en} ({error})")),
    };
    read_error.with_source(error)
}

type Archive<'a> = zip::ZipArchive<std::io::Cursor<&'a [u8]>>;

/// The main document part named by the package relationships, else the usual one.
fn main_part_name(archive: &mut Archive) -> Result<String, ReadError> {
    let Some(rels) = read_part(archive, "_rels/.rels")? else {
        return Ok(MAIN_PART.to_string());
    };
    let rels = String::from_utf8_lossy(&rels);
    let mut reader = quick_xml::Reader::from_str(&rels);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"Relationship" => {
                let kind = attribute(&e, b"Type").unwrap_or_default();
                let target = attribute(&e, b"Target").unwrap_or_default();
                if kind.ends_with("/officeDocument") && !target.is_empty() {
                    let target = target.trim_start_matches("./").trim_start_matches('/');
                    if archive.index_for_name(target).is_some() {
                        return Ok(target.to_string());
                    }
                }
            }
            // A broken relationships part: fall back on the usual name.
            Ok(Event::Eof) | Err(_) => return Ok(MAIN_PART.to_string()),
            Ok(_) => {}
        }
    }
}

/// The value of the attribute with local name `name`, unescaped if possible.
fn attribute(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(
            |a| match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                Ok(v) => v.into_owned(),
                Err(_) => String::from_utf8_lossy(&a.value).into_owned(),
            },
        )
}

/// The uncompressed bytes of part `name`, `None` if the package has no such part.
fn read_part(archive: &mut Archive, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => {
            return Err(zip_error(
                e,
                &format!("无法打开 {name}"),
                &format!("cannot open {name}"),
            ))
        }
    };
    let declared = file.size();
    // The declared size may lie: never read past the limit.
    let bytes = crate::archive::read_capped(file, declared, "DOCX", name, MAX_PART_BYTES)?;
    Ok(Some(bytes))
}

/// The text of an XML part: UTF-8 (with or without BOM), UTF-16 with BOM, or the
/// encoding its declaration names.
fn decode_part(bytes: Vec<u8>, name: &str) -> Result<String, ReadError> {
    let not_text = || {
        corrupt(
            format!("{name} 不是有效的文本"),
            format!("{name} is not valid text"),
        )
    };
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        if encoding != encoding_rs::UTF_8 {
            let (text, malformed) = encoding.decode_without_bom_handling(&bytes[bom..]);
            return if malformed {
                Err(not_text())
            } else {
                Ok(text.into_owned())
            };
        }
    }
    if let Some(encoding) = declared_encoding(&bytes) {
        if encoding != encoding_rs::UTF_8 && encoding.is_ascii_compatible() {
            let (text, malformed) = encoding.decode_without_bom_handling(&bytes);
            return if malformed {
                Err(not_text())
            } else {
                Ok(text.into_owned())
            };
        }
    }
    String::from_utf8(bytes).map_err(|_| not_text())
}

/// The encoding named in `<?xml … encoding="…"?>`, if any.
fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(200)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let decl_end = head
        .strip_prefix(b"<?xml")?
        .iter()
        .position(|&b| b == b'>')?;
    let decl = &head[..decl_end + 5];
    let at = decl.windows(8).position(|w| w == b"encoding")? + 8;
    let rest = &decl[at..];
    let open = rest.iter().position(|&b| b == b'"' || b == b'\'')?;
    let quote = rest[open];
    let label = &rest[open + 1..];
    let close = label.iter().position(|&b| b == quote)?;
    encoding_rs::Encoding::for_label(&label[..close])
}

// ---------------------------------------------------------------------------
// Parsing document.xml into blocks.

/// A piece of a paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    /// Printed text: a byte range of the XML (the content of a `w:t`).
    Text(Range<usize>),
    /// A tab (`w:tab`, `w:ptab`): a cell boundary in a body paragraph.
    Tab,
    /// A line break (`w:br`, `w:cr`) or a paragraph break inside a cell.
    Space,
}

#[derive(Debug, Default)]
struct Para {
    /// Where the `w:p` starts (for empty paragraphs).
    start: usize,
    pieces: Vec<Piece>,
}

#[derive(Debug)]
enum Block {
    Para(Para),
    Table(Table),
}

#[derive(Debug, Default)]
struct Table {
    index: u32,
    rows: Vec<Row>,
}

#[derive(Debug, Default)]
struct Row {
    cells: Vec<Cell>,
}

#[derive(Debug)]
struct Cell {
    /// Where the `w:tc` starts (for empty cells).
    start: usize,
    blocks: Vec<Block>,
    /// The continuation of a merged cell (`w:vMerge`, `w:hMerge` without
    /// `restart`): printed empty.
    continuation: bool,
}

/// What an open XML element is to the parser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Frame {
    Para,
    Table,
    Row,
    Cell,
    Run,
    RunProps,
    CellProps,
    Text,
    /// A paragraph, table, row or cell where WordprocessingML has none (a `w:p`
    /// in a `w:p`, a `w:tc` outside a row…, or tables nested too deep): its
    /// text goes to what holds it, set apart by spaces.
    Misplaced,
    /// Any other element, read through.
    Other,
}

struct Parser<'a> {
    xml: &'a str,
    frames: Vec<Frame>,
    /// Depth inside an element that is not read (0: none).
    skip: usize,
    root: Vec<Block>,
    paras: Vec<Para>,
    tables: Vec<Table>,
    rows: Vec<Row>,
    cells: Vec<Cell>,
    /// The innermost of `Para`, `Table`, `Row`, `Cell` that is open.
    structure: Vec<Frame>,
    run_hidden: bool,
    table_count: u32,
    /// Table cells still allowed, one more than [`MAX_TABLE_CELLS`]: none
    /// left, the document is refused, and no further cell is kept.
    cells_left: usize,
}

/// What an element is, by namespace and local name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ns {
    W,
    Mc,
    Other,
}

impl<'a> Parser<'a> {
    fn new(xml: &'a str) -> Parser<'a> {
        Parser {
            xml,
            frames: Vec::new(),
            skip: 0,
            root: Vec::new(),
            paras: Vec::new(),
            tables: Vec::new(),
            rows: Vec::new(),
            cells: Vec::new(),
            structure: Vec::new(),
            run_hidden: false,
            table_count: 0,
            cells_left: MAX_TABLE_CELLS + 1,
        }
    }

    fn parse(mut self) -> Result<Vec<Block>, ReadError> {
        // The reader skips a byte order mark without counting it in its positions.
        let base = if self.xml.starts_with('\u{FEFF}') {
            3
        } else {
            0
        };
        let mut reader = NsReader::from_str(&self.xml[base..]);
        loop {
            let before = base + reader.buffer_position() as usize;
            let (ns, event) = match reader.read_resolved_event() {
                Ok((ns, event)) => (namespace(&ns, &event), event),
                Err(e) => {
                    let at = base as u64 + reader.error_position();
                    return Err(corrupt(
                        format!("word/document.xml 不是格式正确的 XML（第 {at} 字节：{e}）"),
                        format!("word/document.xml is not well-formed XML (byte {at}: {e})"),
                    ));
                }
            };
            let after = base + reader.buffer_position() as usize;
            // Positions are character boundaries; should one not be, no text is
            // read there (the structure still is).
            let exact = self.xml.is_char_boundary(before) && self.xml.is_char_boundary(after);
            let at = if exact { before } else { self.xml.len() };
            match event {
                Event::Start(e) => self.start(ns, &e, at, false),
                Event::Empty(e) => {
                    self.start(ns, &e, at, true);
                    self.end();
                }
                Event::End(_) => self.end(),
                Event::Text(_) | Event::GeneralRef(_) if exact => self.text(before..after),
                Event::CData(_) if exact && after >= before + 12 => {
                    self.text(before + 9..after - 3)
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if self.cells_left == 0 {
            return Err(too_many_cells("DOCX", MAX_TABLE_CELLS));
        }
        // A part cut short: close what is open, as far as it goes.
        while !self.frames.is_empty() || self.skip > 0 {
            self.end();
        }
        Ok(self.root)
    }

    fn start(&mut self, ns: Ns, e: &BytesStart, at: usize, empty: bool) {
        if self.skip > 0 {
            self.skip += 1;
            return;
        }
        let local = e.local_name();
        let name = local.as_ref();
        let parent = self.frames.last().copied();
        let frame = match ns {
            Ns::Mc if name == b"Fallback" => None,
            Ns::W => match name {
                b"p" => match self.structure.last() {
                    None | Some(Frame::Cell) => {
                        self.paras.push(Para {
                            start: at,
                            pieces: Vec::new(),
                        });
                        Some(Frame::Para)
                    }
                    _ => Some(self.misplaced()),
                },
                b"tbl" => match self.structure.last() {
                    None | Some(Frame::Cell) if self.tables.len() < MAX_TABLE_DEPTH => {
                        self.tables.push(Table {
                            index: self.table_count,
                            rows: Vec::new(),
                        });
                        self.table_count = self.table_count.saturating_add(1);
                        Some(Frame::Table)
                    }
                    _ => Some(self.misplaced()),
                },
                b"tr" if self.structure.last() == Some(&Frame::Table) => {
                    self.rows.push(Row::default());
                    Some(Frame::Row)
                }
                b"tc" if self.structure.last() == Some(&Frame::Row) && self.cells_left > 0 => {
                    self.cells_left -= 1;
                    self.cells.push(Cell {
                        start: at,
                        blocks: Vec::new(),
                        continuation: false,
                    });
                    Some(Frame::Cell)
                }
                b"tr" | b"tc" => Some(self.misplaced()),
                b"r" => {
                    self.run_hidden = false;
                    Some(Frame::Run)
                }
                b"t" => Some(Frame::Text),
                b"rPr" if parent == Some(Frame::Run) => Some(Frame::RunProps),
                b"tcPr" if parent == Some(Frame::Cell) => Some(Frame::CellProps),
                b"vanish" if parent == Some(Frame::RunProps) => {
                    self.run_hidden = on(e);
                    None
                }
                b"vMerge" | b"hMerge" if parent == Some(Frame::CellProps) => {
                    let value = attribute(e, b"val");
                    if let Some(cell) = self.cells.last_mut() {
                        cell.continuation |= value.as_deref() != Some("restart");
                    }
                    None
                }
                b"tab" | b"ptab" if parent == Some(Frame::Run) => {
                    if !self.run_hidden {
                        self.piece(Piece::Tab);
                    }
                    None
                }
                b"br" | b"cr" if parent == Some(Frame::Run) => {
                    if !self.run_hidden {
                        self.piece(Piece::Space);
                    }
                    None
                }
                // Properties, deleted and moved-away text, field instructions,
                // drawings and text boxes, ruby text: not printed as body text.
                b"pPr" | b"rPr" | b"tcPr" | b"trPr" | b"tblPr" | b"tblGrid" | b"tblPrEx"
                | b"sectPr" | b"sdtPr" | b"sdtEndPr" | b"del" | b"delText" | b"moveFrom"
                | b"instrText" | b"delInstrText" | b"fldData" | b"drawing" | b"pict"
                | b"object" | b"txbxContent" | b"rt" | b"customXmlPr" | b"smartTagPr"
                | b"background" => None,
                _ => Some(Frame::Other),
            },
            _ => Some(Frame::Other),
        };
        match frame {
            Some(frame) => {
                if matches!(frame, Frame::Para | Frame::Table | Frame::Row | Frame::Cell) {
                    self.structure.push(frame);
                }
                self.frames.push(frame);
            }
            // An empty element that is not read has nothing to skip.
            None if empty => self.frames.push(Frame::Other),
            None => self.skip = 1,
        }
    }

    fn end(&mut self) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        let Some(frame) = self.frames.pop() else {
            return;
        };
        match frame {
            Frame::Para => {
                self.structure.pop();
                if let Some(para) = self.paras.pop() {
                    self.block(Block::Para(para));
                }
            }
            Frame::Table => {
                self.structure.pop();
                if let Some(table) = self.tables.pop() {
                    self.block(Block::Table(table));
                }
            }
            Frame::Row => {
                self.structure.pop();
                if let (Some(row), Some(table)) = (self.rows.pop(), self.tables.last_mut()) {
                    table.rows.push(row);
                }
            }
            Frame::Cell => {
                self.structure.pop();
                if let (Some(cell), Some(row)) = (self.cells.pop(), self.rows.last_mut()) {
                    row.cells.push(cell);
                }
            }
            Frame::Run => self.run_hidden = false,
            Frame::Misplaced => self.piece(Piece::Space),
            _ => {}
        }
    }

    /// An element read as a break in the text around it.
    fn misplaced(&mut self) -> Frame {
        self.piece(Piece::Space);
        Frame::Misplaced
    }

    /// Adds a finished paragraph or table to what holds it.
    fn block(&mut self, block: Block) {
        match self.structure.last() {
            Some(Frame::Cell) => {
                if let Some(cell) = self.cells.last_mut() {
                    cell.blocks.push(block);
                }
            }
            None => self.root.push(block),
            _ => {}
        }
    }

    fn text(&mut self, range: Range<usize>) {
        if self.skip == 0 && self.frames.last() == Some(&Frame::Text) && !self.run_hidden {
            self.piece(Piece::Text(range));
        }
    }

    /// Adds a piece to the innermost paragraph (text straight in a cell gets one).
    fn piece(&mut self, piece: Piece) {
        match self.structure.last() {
            Some(Frame::Para) => {
                if let Some(para) = self.paras.last_mut() {
                    para.pieces.push(piece);
                }
            }
            Some(Frame::Cell) => {
                if let Some(cell) = self.cells.last_mut() {
                    if !matches!(cell.blocks.last(), Some(Block::Para(_))) {
                        cell.blocks.push(Block::Para(Para {
                            start: cell.start,
                            pieces: Vec::new(),
                        }));
                    }
                    if let Some(Block::Para(para)) = cell.blocks.last_mut() {
                        para.pieces.push(piece);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The namespace of an element event.
fn namespace(resolved: &ResolveResult, event: &Event) -> Ns {
    match resolved {
        ResolveResult::Bound(ns) if ns.as_ref() == W_NS || ns.as_ref() == W_STRICT_NS => Ns::W,
        ResolveResult::Bound(ns) if ns.as_ref() == MC_NS => Ns::Mc,
        // An undeclared `w:` prefix (hand-made documents): WordprocessingML.
        ResolveResult::Unknown(prefix) if prefix.as_slice() == b"w" => Ns::W,
        ResolveResult::Unbound => match event {
            Event::Start(e) | Event::Empty(e)
                if e.name().prefix().is_some_and(|p| p.as_ref() == b"w") =>
            {
                Ns::W
            }
            _ => Ns::Other,
        },
        _ => Ns::Other,
    }
}

/// A toggle property (`<w:vanish/>`, `<w:vanish w:val="false"/>`).
fn on(e: &BytesStart) -> bool {
    !matches!(attribute(e, b"val").as_deref(), Some("0" | "false" | "off"))
}

// ---------------------------------------------------------------------------
// Blocks → lines of cells, and the rewrites that make cells fold right.

struct Emitter<'a> {
    xml: &'a str,
    lines: Vec<Vec<(Range<usize>, Location)>>,
    /// Same-length rewrites of the XML: (offset, bytes).
    edits: Vec<(usize, Vec<u8>)>,
    /// Body paragraphs seen so far.
    paragraph: u32,
}

impl Emitter<'_> {
    /// Emits blocks; `within` is the cell of a framing table they sit in.
    fn blocks(&mut self, blocks: &[Block], within: Option<Location>) {
        for block in blocks {
            match block {
                Block::Para(para) => self.paragraph(para, within),
                Block::Table(table) if is_frame(table) => {
                    for (r, row) in table.rows.iter().enumerate() {
                        for (c, cell) in row.cells.iter().enumerate() {
                            let location = Location {
                                table: Some(table.index),
                                row: Some(index(r)),
                                cell: Some(index(c)),
                                ..Location::default()
                            };
                            self.blocks(&cell.blocks, Some(location));
                        }
                    }
                }
                Block::Table(table) => self.table(table),
            }
        }
    }

    /// A paragraph outside data tables: one line, split into cells at tabs.
    fn paragraph(&mut self, para: &Para, within: Option<Location>) {
        let location = within.unwrap_or_else(|| {
            let location = Location {
                paragraph: Some(self.paragraph),
                ..Location::default()
            };
            self.paragraph = self.paragraph.saturating_add(1);
            location
        });
        let mut segments: Vec<&[Piece]> = para.pieces.split(|p| *p == Piece::Tab).collect();
        // Tabs before or after the text are indentation, not empty cells.
        while segments.len() > 1 && self.is_blank(segments[0]) {
            segments.remove(0);
        }
        while segments.len() > 1 && self.is_blank(segments[segments.len() - 1]) {
            segments.pop();
        }
        let mut line = Vec::with_capacity(segments.len());
        // An empty cell between tabs sits where the cell before it ends.
        let mut at = para.start;
        for segment in segments {
            let range = self.cell_range(segment, at);
            at = range.end;
            line.push((range, location));
        }
        self.lines.push(line);
    }

    fn table(&mut self, table: &Table) {
        for (r, row) in table.rows.iter().enumerate() {
            let mut line = Vec::with_capacity(row.cells.len());
            for (c, cell) in row.cells.iter().enumerate() {
                let range = if cell.continuation {
                    cell.start..cell.start
                } else {
                    let pieces = cell_pieces(&cell.blocks);
                    self.cell_range(&pieces, cell.start)
                };
                let location = Location {
                    table: Some(table.index),
                    row: Some(index(r)),
                    cell: Some(index(c)),
                    ..Location::default()
                };
                line.push((range, location));
            }
            if !line.is_empty() {
                self.lines.push(line);
            }
        }
    }

    fn is_blank(&self, pieces: &[Piece]) -> bool {
        pieces.iter().all(|p| match p {
            Piece::Text(r) => self.xml[r.clone()].chars().all(char::is_whitespace),
            _ => true,
        })
    }

    /// The byte range of a cell's pieces, rewriting the markup between its text
    /// runs so that it folds to nothing, or to one space where the pieces hold a
    /// break; `at` is where an empty cell is.
    fn cell_range(&mut self, pieces: &[Piece], at: usize) -> Range<usize> {
        let mut texts: Vec<(Range<usize>, bool)> = Vec::new();
        let mut space = false;
        for piece in pieces {
            match piece {
                Piece::Text(r) if r.start < r.end => {
                    texts.push((r.clone(), space && !texts.is_empty()));
                    space = false;
                }
                Piece::Text(_) => {}
                Piece::Tab | Piece::Space => space = true,
            }
        }
        let (Some(first), Some(last)) = (texts.first(), texts.last()) else {
            return at..at;
        };
        let range = first.0.start..last.0.end;
        for pair in texts.windows(2) {
            let (previous, (next, space)) = (&pair[0].0, &pair[1]);
            self.gap(previous.end..next.start, if *space { " " } else { "" });
        }
        for (text, _) in &texts {
            self.controls(text.clone());
        }
        range
    }

    /// Makes `xml[gap]` fold to `expected` (`""` or `" "`).
    fn gap(&mut self, gap: Range<usize>, expected: &str) {
        let Some(original) = self.xml.get(gap.clone()) else {
            return;
        };
        if fold(original).text == expected {
            return;
        }
        let rewritten = rewrite_gap(original, expected)
            .filter(|r| std::str::from_utf8(r).is_ok_and(|s| fold(s).text == expected))
            // Spaces can split what should join, never join what should split.
            .unwrap_or_else(|| blank_bytes(original));
        self.edits.push((gap.start, rewritten));
    }

    /// Tabs and line breaks typed into a `w:t` are spaces within the cell.
    fn controls(&mut self, text: Range<usize>) {
        let bytes = &self.xml.as_bytes()[text.clone()];
        let mut i = 0;
        while i < bytes.len() {
            let len = match bytes[i] {
                b'\t' | b'\n' | b'\r' => 1,
                b'&' => control_reference(&bytes[i..]).unwrap_or(0),
                _ => 0,
            };
            if len > 0 {
                self.edits.push((text.start + i, vec![b' '; len]));
            }
            i += len.max(1);
        }
    }
}

/// The byte length of a character reference to a tab or line break
/// (`&#10;`, `&#x9;`) at the start of `bytes`.
fn control_reference(bytes: &[u8]) -> Option<usize> {
    let end = bytes.iter().take(12).position(|&b| b == b';')?;
    let name = std::str::from_utf8(&bytes[1..end]).ok()?;
    let code = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => name.strip_prefix('#')?.parse().ok()?,
    };
    matches!(code, 9..=13).then_some(end + 1)
}

/// A table that frames content rather than holding data: one cell per row, or a
/// table inside.
fn is_frame(table: &Table) -> bool {
    let nested = table.rows.iter().any(|r| {
        r.cells
            .iter()
            .any(|c| c.blocks.iter().any(|b| matches!(b, Block::Table(_))))
    });
    nested || table.rows.iter().all(|r| r.cells.len() <= 1)
}

/// The pieces of a data cell: its paragraphs joined by a break.
fn cell_pieces(blocks: &[Block]) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for block in blocks {
        if let Block::Para(para) = block {
            if !pieces.is_empty() {
                pieces.push(Piece::Space);
            }
            pieces.extend(para.pieces.iter().cloned());
        }
    }
    pieces
}

fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Longest chunk of a rewritten gap: folding reads a tag that holds a line break
/// only up to 200 bytes.
const CHUNK: usize = 180;

/// Rewrites markup `gap` at the same byte length into `<x …>` chunks that
/// folding drops, after one space if `expected` is `" "`, keeping its line
/// breaks inside the chunks. `None` when the line breaks leave no room for the
/// marks (never so for markup, which starts with `<` and ends with `>`).
fn rewrite_gap(gap: &str, expected: &str) -> Option<Vec<u8>> {
    let bytes = gap.as_bytes();
    let n = bytes.len();
    let free = |i: usize| i < n && bytes[i] != b'\n';
    let mut at = expected.len();
    if at > 0 && !free(0) {
        return None;
    }
    // Chunks [s, t): `<x` on two bytes that are not line breaks, `>` on one.
    let mut chunks = Vec::new();
    while at < n {
        if !(free(at) && free(at + 1)) {
            return None;
        }
        let longest = (at + CHUNK).min(n);
        let end = (at + 3..=longest)
            .rev()
            .find(|&t| free(t - 1) && (t == n || (n - t >= 3 && free(t) && free(t + 1))))?;
        chunks.push((at, end));
        at = end;
    }
    let mut out = bytes.to_vec();
    for b in &mut out {
        if *b == b'<' || *b == b'>' {
            *b = b' ';
        }
    }
    // Blank every character a mark touches, then write the marks.
    blank_chars(gap, &mut out, 0..expected.len());
    for &(s, t) in &chunks {
        blank_chars(gap, &mut out, s..s + 3);
        blank_chars(gap, &mut out, t - 1..t);
    }
    out[..expected.len()].copy_from_slice(expected.as_bytes());
    for &(s, t) in &chunks {
        out[s] = b'<';
        out[s + 1] = b'x';
        if out[s + 2] != b'\n' {
            out[s + 2] = b' ';
        }
        out[t - 1] = b'>';
    }
    Some(out)
}

/// Sets to spaces every byte of the characters of `text` that overlap `range`,
/// except line breaks.
fn blank_chars(text: &str, bytes: &mut [u8], range: Range<usize>) {
    if range.start >= range.end {
        return;
    }
    let mut start = range.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = range.end.min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    for b in &mut bytes[start..end] {
        if *b != b'\n' {
            *b = b' ';
        }
    }
}

/// `text` as spaces: a cell never holds a line break.
fn blank_bytes(text: &str) -> Vec<u8> {
    vec![b' '; text.len()]
}

/// Applies same-length rewrites to the XML text.
fn apply_edits(xml: String, edits: &[(usize, Vec<u8>)]) -> String {
    if edits.is_empty() {
        return xml;
    }
    let mut bytes = xml.into_bytes();
    for (at, replacement) in edits {
        if let Some(target) = bytes.get_mut(*at..*at + replacement.len()) {
            target.copy_from_slice(replacement);
        }
    }
    match String::from_utf8(bytes) {
        Ok(text) => text,
        // Every rewrite replaces whole characters with ASCII; should one not,
        // keep the text readable rather than fail.
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(doc: &Document) -> Vec<Vec<String>> {
        doc.lines
            .iter()
            .map(|l| {
                doc.cells(l)
                    .iter()
                    .map(|&c| doc.text(c).to_string())
                    .collect()
            })
            .collect()
    }

    fn body(inner: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{inner}</w:body></w:document>"#
        )
    }

    #[test]
    fn runs_join_and_breaks_are_spaces() {
        let xml = body(
            r#"<w:p><w:r><w:t>总</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>计</w:t></w:r><w:r><w:br/><w:t>1</w:t></w:r><w:r><w:t>2 &amp; 3</w:t></w:r></w:p>"#,
        );
        let doc = read_document_xml(xml).unwrap();
        assert_eq!(cells(&doc), [["总计 12 & 3"]]);
    }

    #[test]
    fn rewrites_keep_length_lines_and_text() {
        let xml = body(
            "<w:p><w:r><w:t>1</w:t></w:r>\n  <w:r><w:rPr><w:vanish/></w:rPr><w:t>99</w:t></w:r>\n  <w:r><w:t>2</w:t></w:r></w:p>",
        );
        let doc = read_document_xml(xml.clone()).unwrap();
        assert_eq!(cells(&doc), [["12"]]);
        assert_eq!(doc.original.len(), xml.len());
        assert_eq!(doc.original.lines().count(), xml.lines().count());
        let cell = doc.cells(&doc.lines[0])[0];
        let span = doc.span(cell.start, cell.end);
        assert_eq!(&xml[span.start..span.start + 1], "1");
        assert_eq!(&xml[span.end - 1..span.end], "2");
    }

    #[test]
    fn rewritten_gaps_fold_to_their_separator() {
        let gap = "</w:t></w:r><w:r><w:rPr><w:rFonts w:ascii=\"宋体\"/></w:rPr><w:br/><w:t>";
        for expected in ["", " "] {
            let out = rewrite_gap(gap, expected).unwrap();
            assert_eq!(out.len(), gap.len());
            assert_eq!(fold(std::str::from_utf8(&out).unwrap()).text, expected);
        }
        let long = format!(
            "</w:t>{}\n{}\n\n  <w:t>",
            "<w:x a=\"国\"/>".repeat(40),
            "文字".repeat(200)
        );
        let out = rewrite_gap(&long, " ").unwrap();
        let out = std::str::from_utf8(&out).unwrap();
        assert_eq!(fold(out).text, " ");
        assert_eq!(out.matches('\n').count(), 3);
        assert_eq!(rewrite_gap("\n<w:t>", " "), None);
        for gap in [
            "</w:t>\n<w:t>",
            "</w:t>\n\n\n<w:t>",
            "<a>\n<b>",
            "</w:t><x>",
        ] {
            let out = rewrite_gap(gap, "").unwrap();
            let out = std::str::from_utf8(&out).unwrap();
            assert_eq!(fold(out).text, "", "{gap:?} → {out:?}");
            assert_eq!(out.matches('\n').count(), gap.matches('\n').count());
        }
    }

    #[test]
    fn table_rows_have_a_cell_per_tc_and_merges_are_empty() {
        let xml = body(concat!(
            r#"<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"#,
            r#"<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>标</w:t></w:r></w:p><w:p><w:r><w:t>签</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>"#,
            r#"<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr>"#,
            r#"</w:tbl><w:p><w:r><w:tab/><w:t>规章</w:t><w:tab/><w:tab/><w:t>3</w:t></w:r></w:p>"#,
        ));
        let doc = read_document_xml(xml).unwrap();
        assert_eq!(
            cells(&doc),
            [vec!["标 签", "1"], vec!["", "2"], vec!["规章", "", "3"]]
        );
        let two = doc.cells(&doc.lines[1])[1];
        let span = doc.span(two.start, two.end);
        assert_eq!(
            (span.table, span.row, span.cell, span.paragraph),
            (Some(0), Some(1), Some(1), None)
        );
        let three = doc.cells(&doc.lines[2])[2];
        assert_eq!(doc.span(three.start, three.end).paragraph, Some(0));
    }

    #[test]
    fn skipped_content_is_not_read() {
        let xml = body(concat!(
            r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>5</w:t></w:r>"#,
            r#"<w:del><w:r><w:delText>6</w:delText></w:r></w:del><w:ins><w:r><w:t>7</w:t></w:r></w:ins></w:p>"#,
            r#"<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>受控</w:t></w:r></w:p></w:sdtContent></w:sdt>"#,
        ));
        let doc = read_document_xml(xml).unwrap();
        assert_eq!(cells(&doc), [["57"], ["受控"]]);
    }

    #[test]
    fn empty_cells_are_located_in_their_row() {
        let xml = body(
            r#"<w:tbl><w:tr><w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>规章</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"#,
        );
        let doc = read_document_xml(xml).unwrap();
        let row = doc.cells(&doc.lines[0]);
        let located: Vec<_> = [row[0], row[2], doc.cells(&doc.lines[1])[0]]
            .iter()
            .map(|c| {
                let span = doc.span(c.start, c.end);
                (doc.text(*c), span.row, span.cell)
            })
            .collect();
        assert_eq!(
            located,
            [
                ("", Some(0), Some(0)),
                ("", Some(0), Some(2)),
                ("", Some(1), Some(0))
            ]
        );
    }

    #[test]
    fn utf16_and_declared_encodings_decode() {
        let xml = body("<w:p><w:r><w:t>規章 5</w:t></w:r></w:p>");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(xml.encode_utf16().flat_map(u16::to_le_bytes));
        let text = decode_part(utf16, MAIN_PART).unwrap();
        assert_eq!(cells(&read_document_xml(text).unwrap()), [["规章 5"]]);
        let gbk_xml = xml.replace("UTF-8", "GBK");
        let (gbk, _, _) = encoding_rs::GBK.encode(&gbk_xml);
        let text = decode_part(gbk.into_owned(), MAIN_PART).unwrap();
        assert_eq!(cells(&read_document_xml(text).unwrap()), [["规章 5"]]);
        let err = decode_part(b"<a>\xff</a>".to_vec(), MAIN_PART).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Corrupt);
    }

    #[test]
    fn control_characters_are_spaces_in_cells() {
        let xml = body("<w:p><w:r><w:t>1&#10;2&#x9;3\r\n4&#x0C;5&amp;6\x0c7</w:t></w:r></w:p>");
        let doc = read_document_xml(xml).unwrap();
        assert_eq!(cells(&doc), [["1     2     3  4      5&6 7"]]);
        assert!(!doc.original.contains('\x0c'));
        assert!(doc.span(0, 1).page.is_none());
    }

    #[test]
    fn a_byte_order_mark_does_not_shift_positions() {
        let xml = format!("\u{FEFF}{}", body("<w:p><w:r><w:t>规章</w:t></w:r></w:p>"));
        let doc = read_document_xml(xml.clone()).unwrap();
        let cell = doc.cells(&doc.lines[0])[0];
        let span = doc.span(cell.start, cell.end);
        assert_eq!(&xml[span.start..span.end], "规章");
    }

    #[test]
    fn misplaced_structure_never_joins_numbers() {
        let xml = body(concat!(
            "<w:p><w:r><w:t>1</w:t></w:r><w:p><w:r><w:t>2</w:t></w:r></w:p>",
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc>",
            "<w:tc><w:p><w:r><w:t>4</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
            "<w:tc><w:r><w:t>5</w:t></w:r></w:tc></w:p>",
        ));
        let doc = read_document_xml(xml).unwrap();
        assert_eq!(cells(&doc), [["1 2 3 4 5"]]);
    }

    /// A table of `cells` empty cells, three to a row.
    fn empty_table(cells: usize) -> String {
        let row = "<w:tr><w:tc></w:tc><w:tc></w:tc><w:tc></w:tc></w:tr>";
        let rest = "<w:tc></w:tc>".repeat(cells % 3);
        body(&format!(
            "<w:p><w:r><w:t>总计</w:t></w:r></w:p><w:tbl>{}<w:tr>{rest}</w:tr></w:tbl>",
            row.repeat(cells / 3)
        ))
    }

    #[test]
    fn a_document_of_too_many_table_cells_is_refused() {
        let doc = read_document_xml(empty_table(MAX_TABLE_CELLS)).unwrap();
        assert_eq!(cells(&doc)[0], ["总计"]);
        let err = read_document_xml(empty_table(MAX_TABLE_CELLS + 1)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::TooLarge);
        assert_eq!(
            err.message(xxgk_model::Lang::Zh),
            "DOCX 表格单元格过多：超过 100,000 个（年度报告的表格只有数百个单元格）"
        );
    }

    #[test]
    fn malformed_xml_is_corrupt() {
        let err = read_document_xml(body("<w:p><w:r></w:p>")).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Corrupt);
    }
}
