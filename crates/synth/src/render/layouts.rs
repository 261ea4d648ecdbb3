//! Text layouts of a grid: tab-separated rows and aligned columns. Neither
//! changes what a cell says. The test kit's layouts ([`crate::kit::render`]) print
//! with the same pieces.

use super::grid::{Cell, Grid, Row};
use crate::rng::Rng;
use xxgk_model::labels::{self, Needle};

/// The text of each cell; residue (pads, empties) kept as empty cells only when
/// `residue` is on.
pub(crate) fn texts(row: &Row, residue: bool) -> Vec<&str> {
    row.iter()
        .filter(|c| residue || !matches!(c, Cell::Pad | Cell::Empty))
        .map(text)
        .collect()
}

/// What a cell prints (residue prints nothing).
pub(crate) fn text(cell: &Cell) -> &str {
    match cell {
        Cell::Pad | Cell::Empty => "",
        Cell::Label(t) | Cell::Head(t) | Cell::Value(t) => t,
    }
}

/// Cells separated by tabs, as Word and web tables paste (seeds 000, 004). With
/// `residue`, merged cells leave empty cells and rows end in a tab.
pub fn tab(grid: &Grid, residue: bool) -> Vec<String> {
    grid.iter()
        .map(|row| {
            let mut line = texts(row, residue).join("\t");
            if residue {
                line.push('\t');
            }
            line
        })
        .collect()
}

/// Every cell run together with nothing between, as a crawler keeps the text of
/// an HTML table (tests/data/crawled).
pub fn flattened(grid: &Grid) -> String {
    grid.iter().flat_map(|row| row.iter().map(text)).collect()
}

/// Columns aligned with spaces, as `pdftotext -layout` prints them. The label
/// area is one block; value columns line up under their headers; cells are at
/// least two spaces apart.
pub fn aligned(grid: &Grid, rng: &mut Rng) -> Vec<String> {
    let gap = 2 + rng.below(3);
    // A long label over header cells (table 3's identity note) stands on a line
    // of its own, as a PDF wraps it above the headers, instead of widening the
    // label column of every row.
    let wrapped = wrap_long_labels(grid, rng);
    let mut notes: Vec<Option<&str>> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    for row in &wrapped {
        match row.first() {
            Some(Cell::Label(t))
                if t.chars().count() > LONG_LABEL
                    && !row.iter().any(|c| matches!(c, Cell::Value(_))) =>
            {
                notes.push(Some(t.as_str()));
                rows.push(
                    std::iter::once(Cell::Pad)
                        .chain(row[1..].iter().cloned())
                        .collect(),
                );
            }
            _ => {
                notes.push(None);
                rows.push(row.clone());
            }
        }
    }
    columns(&rows, &notes, gap)
}

/// `rows` with their label cells as one block and their value cells aligned
/// under one another, cells at least `gap` spaces apart; a row's note (a long
/// label wrapped above it) on a line of its own before it.
pub(crate) fn columns(rows: &[Row], notes: &[Option<&str>], gap: usize) -> Vec<String> {
    let split: Vec<(&[Cell], &[Cell])> = rows
        .iter()
        .map(|row| {
            let labels = row
                .iter()
                .take_while(|c| matches!(c, Cell::Pad | Cell::Label(_)));
            row.split_at(labels.count())
        })
        .collect();
    let label_widths = column_widths(split.iter().map(|(l, _)| *l));
    let value_widths = column_widths(split.iter().map(|(_, v)| *v));
    let label_area: usize = label_widths.iter().map(|w| w + gap).sum();
    let mut lines = Vec::new();
    for ((labels, values), note) in split.iter().zip(notes.iter().copied()) {
        if let Some(note) = note {
            lines.push(note.to_string());
        }
        let mut line = padded(labels, &label_widths, gap);
        if !values.is_empty() {
            let used = display_width(&line);
            line.extend(std::iter::repeat_n(
                ' ',
                label_area.saturating_sub(used).max(gap),
            ));
            line.push_str(&padded(values, &value_widths, gap));
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Labels longer than this (characters) over header cells get a line of their own.
const LONG_LABEL: usize = 24;

/// Widest cell at each index across rows.
fn column_widths<'a>(rows: impl Iterator<Item = &'a [Cell]>) -> Vec<usize> {
    let mut widths: Vec<usize> = Vec::new();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            let w = display_width(text(cell));
            match widths.get_mut(i) {
                Some(max) => *max = (*max).max(w),
                None => widths.push(w),
            }
        }
    }
    widths
}

/// Cells each padded to their column's width plus the gap (the last unpadded).
fn padded(cells: &[Cell], widths: &[usize], gap: usize) -> String {
    let mut line = String::new();
    for (i, cell) in cells.iter().enumerate() {
        let t = text(cell);
        line.push_str(t);
        if i + 1 < cells.len() {
            line.extend(std::iter::repeat_n(' ', widths[i] - display_width(t) + gap));
        }
    }
    line
}

/// Columns a character takes in a monospaced rendering (CJK and full-width: 2).
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum()
}

/// Share of documents whose wrapped labels have the values on their first line
/// (a cell aligned to the top) rather than their last. Real, but 0: the
/// extractor misreads it when the first line alone does not name the row
/// (「5.要求行政机关确认 … 15」 / 「或重新出具已获取信息」 is left out as an unknown
/// row; 「（六）其他处理 1.申请人无正当理由逾期不 … 65」 is read as the 2019 single
/// （六） row).
const VALUES_ON_FIRST_LINE: f64 = 0.0;

/// Row labels longer than this (characters) are wrapped over two lines.
const WRAP_LABEL: usize = 16;

/// Breaks long row labels over two lines as a PDF cell wraps them: the head
/// alone on one line (with the row's group labels), the tail in front of the
/// values on the next. A break never leaves a part that reads as another row
/// or column (「2.其他」 out of 「2.其他法律行政法规禁止公开」).
fn wrap_long_labels(grid: &Grid, rng: &mut Rng) -> Grid {
    let values_first = rng.chance(VALUES_ON_FIRST_LINE);
    let mut out = Grid::new();
    for row in grid {
        let values = row.iter().position(|c| matches!(c, Cell::Value(_)));
        let split = match values {
            Some(v) if v > 0 => match &row[v - 1] {
                Cell::Label(text) if text.chars().count() > WRAP_LABEL => {
                    choose_split(text, rng).map(|s| (v, s))
                }
                _ => None,
            },
            _ => None,
        };
        match split {
            Some((v, (head, tail))) => {
                let mut first: Row = row[..v - 1].to_vec();
                first.push(Cell::Label(head));
                let mut second: Row = vec![Cell::Pad; v - 1];
                second.push(Cell::Label(tail));
                // The values on the label's last line, or (a cell aligned to
                // the top) on its first.
                if values_first {
                    first.extend(row[v..].iter().cloned());
                } else {
                    second.extend(row[v..].iter().cloned());
                }
                out.push(first);
                out.push(second);
            }
            None => out.push(row.clone()),
        }
    }
    out
}

/// Splits a long label near its middle into a head and a tail such that neither
/// part alone matches another row's or column's needles.
fn choose_split(text: &str, rng: &mut Rng) -> Option<(String, String)> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    for _ in 0..6 {
        let at = n / 3 + rng.below(n / 3 + 1);
        let head: String = chars[..at].iter().collect();
        let tail: String = chars[at..].iter().collect();
        let closing = tail.starts_with(['，', '、', '）', ')', '”']);
        if !head.is_empty()
            && !tail.is_empty()
            && !closing
            && only_matches_itself(text, &head, &tail)
        {
            return Some((head, tail));
        }
    }
    None
}

/// True when `head` and `tail` match no needle except those of the row whose
/// label `whole` is.
pub(crate) fn only_matches_itself(whole: &str, head: &str, tail: &str) -> bool {
    let whole = folded(whole);
    let parts = [folded(head), folded(tail)];
    let mut needles: Vec<&'static [Needle]> = Vec::new();
    for defs in [
        labels::ACTIVE_2019_ROWS,
        labels::ACTIVE_2021_ROWS,
        labels::REQUEST_ROWS,
        labels::APPEAL_ROWS,
    ] {
        for d in defs {
            if !d.needles.iter().any(|n| matches(&whole, n)) {
                needles.push(d.needles);
            }
        }
    }
    for columns in [
        labels::ACTIVE_2019_COLUMNS,
        labels::ACTIVE_2021_COLUMNS,
        labels::APPLICANT_COLUMNS,
        labels::APPEAL_COLUMNS,
    ] {
        needles.extend(columns.iter().map(|c| c.needles));
    }
    !needles
        .iter()
        .flat_map(|ns| ns.iter())
        .any(|n| parts.iter().any(|p| matches(p, n)))
}

fn matches(text: &str, needle: &Needle) -> bool {
    match *needle {
        Needle::Contains(n) => text.contains(n),
        Needle::EndsWith(n) => text.ends_with(n),
    }
}

/// The folded form needles are written in: no spaces, ASCII brackets.
fn folded(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}
