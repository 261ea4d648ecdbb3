//! One function per text layout seen in the wild (domain.md §6). Each turns a
//! grid into lines; none of them changes what a cell says.

use super::grid::{Cell, Grid, Row};
use super::Outer;
use crate::support::rng::Rng;

/// The text of each cell; residue (pads, empties) kept as empty cells only when
/// `residue` is on.
fn texts(row: &Row, residue: bool) -> Vec<&str> {
    row.iter()
        .filter(|c| residue || !is_residue(c))
        .map(text)
        .collect()
}

fn is_residue(cell: &Cell) -> bool {
    matches!(cell, Cell::Pad | Cell::Empty)
}

fn text(cell: &Cell) -> &str {
    match cell {
        Cell::Pad | Cell::Empty => "",
        Cell::Label(t) | Cell::Head(t) | Cell::Value(t) => t,
    }
}

/// Layout 1: cells separated by tabs, as Word and web tables paste (seeds 000,
/// 004). With `residue`, merged cells leave empty cells and rows end in a tab.
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

/// Layout 2: pipe tables, with or without the outer pipes, optionally with a
/// markdown rule under the first row (seed 002 is `a | b |`).
pub fn pipe(grid: &Grid, residue: bool, outer: Outer, rule: bool) -> Vec<String> {
    let mut lines = Vec::new();
    for (i, row) in grid.iter().enumerate() {
        let mut cells = texts(row, residue);
        if residue {
            cells.push("");
        }
        lines.push(pipe_line(&cells, outer));
        if rule && i == 0 {
            lines.push(pipe_line(&vec!["---"; cells.len()], outer));
        }
    }
    lines
}

fn pipe_line(cells: &[&str], outer: Outer) -> String {
    let inner = cells.join(" | ");
    match outer {
        Outer::None => inner,
        Outer::Both => format!("| {inner} |"),
        Outer::Trailing => format!("{inner} |"),
    }
}

/// Layout 3: one cell per line (crawled HTML tables, copied PDF cells).
pub fn per_line(grid: &Grid) -> Vec<String> {
    grid.iter()
        .flat_map(|row| texts(row, false))
        .map(str::to_string)
        .collect()
}

/// Layout 4: one cell per line with a line holding only `|` between cells, and
/// (for some documents) between rows too.
pub fn lone_pipes(grid: &Grid, rng: &mut Rng) -> Vec<String> {
    let between_rows = rng.chance(0.5);
    let mut lines = Vec::new();
    for (i, row) in grid.iter().enumerate() {
        if i > 0 && between_rows {
            lines.push("|".to_string());
        }
        for (j, cell) in texts(row, false).into_iter().enumerate() {
            if j > 0 {
                lines.push("|".to_string());
            }
            lines.push(cell.to_string());
        }
    }
    lines
}

/// Layout 5: columns aligned with spaces, as `pdftotext -layout` prints them.
/// The label area (row and group labels) is one block; value columns line up
/// under their headers; cells are at least two spaces apart.
pub fn aligned(grid: &Grid, rng: &mut Rng) -> Vec<String> {
    let gap = 2 + rng.below(3);
    let split: Vec<(&[Cell], &[Cell])> = grid
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
    split
        .iter()
        .map(|(labels, values)| {
            let mut line = padded(labels, &label_widths, gap);
            if !values.is_empty() {
                let used = display_width(&line);
                line.extend(std::iter::repeat_n(
                    ' ',
                    label_area.saturating_sub(used).max(gap),
                ));
                line.push_str(&padded(values, &value_widths, gap));
            }
            line.trim_end().to_string()
        })
        .collect()
}

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

/// Layout 6: a row's cells run together with no separator, directly after its
/// label (「予以公开7000007」); group labels stay on their own line, header
/// cells run together too, and table 4's fifteen values are one digit string.
pub fn run_together(grid: &Grid) -> Vec<String> {
    let mut lines = Vec::new();
    for row in grid {
        let has_values = row.iter().any(|c| matches!(c, Cell::Value(_)));
        let labels: Vec<&str> = row
            .iter()
            .filter_map(|c| match c {
                Cell::Label(t) | Cell::Head(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        let values: String = row
            .iter()
            .filter_map(|c| match c {
                Cell::Value(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        if !has_values {
            lines.push(labels.concat());
            continue;
        }
        let (last, groups) = labels
            .split_last()
            .map_or((None, &[][..]), |(l, g)| (Some(*l), g));
        lines.extend(groups.iter().map(|g| g.to_string()));
        lines.push(format!("{}{values}", last.unwrap_or("")));
    }
    lines
}
