//! Markdown: the title as `#`, the six section headings as `##`, the prose with
//! its headings moved below them, and each table as a pipe table in the shape of
//! the official grid (a merged cell's text in its top-left position, the
//! positions it covers empty, since pipe tables cannot merge cells).

use crate::grid::{Grid, Slot};
use crate::{prose, structure, Document, ProseLines, Tables};
use xxgk_model::labels::SECTIONS;

/// Renders the document; also says where each part of the prose landed.
pub fn render(doc: &Document) -> (String, Vec<ProseLines>) {
    let mut out = Out::default();
    let tables = Tables::of(doc);
    out.block(&format!("# {}", structure::title(doc.report)));
    out.prose(0, doc.preamble);
    for (i, section) in SECTIONS.iter().enumerate() {
        out.block(&format!("## {}", section.title));
        out.prose(i + 1, doc.sections[i]);
        if let Some(grid) = tables.for_section(section.number) {
            out.block(&pipe_table(grid));
        }
    }
    for line in crate::signature(doc.report) {
        out.block(&line);
    }
    (out.text, out.map)
}

#[derive(Default)]
struct Out {
    text: String,
    map: Vec<ProseLines>,
}

impl Out {
    /// Appends a block, separated from the previous one by a blank line.
    fn block(&mut self, block: &str) {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.text.push_str(block);
        self.text.push('\n');
    }

    fn lines(&self) -> u32 {
        self.text.bytes().filter(|&b| b == b'\n').count() as u32
    }

    fn prose(&mut self, part: usize, text: &str) {
        let (markdown, dropped) = prose::markdown_and_offset(text);
        if markdown.is_empty() {
            return;
        }
        // The block starts after the blank separator line.
        let first_line = self.lines() + 2;
        self.block(&markdown);
        self.map.push(ProseLines {
            part,
            first_line,
            lines: markdown.lines().count() as u32,
            source_offset: dropped as u32,
        });
    }
}

/// A grid as a pipe table: its first row is the header row.
pub fn pipe_table(grid: &Grid) -> String {
    let mut out = String::new();
    for (r, row) in grid.rows.iter().enumerate() {
        out.push('|');
        for slot in row {
            let text = match slot {
                Slot::Cell(cell) => cell.text.replace('|', "\\|"),
                Slot::Covered { .. } => String::new(),
            };
            out.push(' ');
            out.push_str(&text);
            out.push_str(" |");
        }
        out.push('\n');
        if r == 0 {
            out.push('|');
            for _ in row {
                out.push_str(" --- |");
            }
            out.push('\n');
        }
    }
    out.pop();
    out
}
