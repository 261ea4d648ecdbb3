//! One function per text layout seen in the wild (domain.md §6). Each turns a
//! grid into lines; none of them changes what a cell says.

use super::grid::{Cell, Grid};
use super::Outer;
use crate::render::layouts::{columns, texts};
use crate::rng::Rng;

/// Layout 1: cells separated by tabs, as Word and web tables paste (seeds 000,
/// 004). With `residue`, merged cells leave empty cells and rows end in a tab.
pub use crate::render::layouts::tab;

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
    columns(grid, &vec![None; grid.len()], gap)
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
