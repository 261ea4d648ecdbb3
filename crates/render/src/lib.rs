//! Rendering a report in the official format of its year: 国办公开办函〔2019〕60号
//! for report years 2019–2020, 〔2021〕30号 from 2021 on.
//!
//! A [`Document`] is a [`Report`] (agency, year, date and the three tables) with
//! the prose of its six sections as Markdown. It renders as
//!
//! * **Markdown** ([`markdown`]) — `#` title, `##` section headings, pipe tables
//!   in the shape of the official grid;
//! * **HTML** ([`html`]) — one self-contained printable page (A4 margins of a
//!   公文, 方正小标宋/黑体/仿宋_GB2312 with fallbacks, tables with the official
//!   merged header cells as `rowspan`/`colspan`);
//! * **DOCX** ([`docx()`]) — a Word document written part by part: real tables
//!   with `w:gridSpan`/`w:vMerge` merged cells, styles declaring the 公文 fonts
//!   for East Asian text, page numbers in the footer.
//!
//! Every row and column label comes from [`xxgk_model::labels`]. A blank cell
//! (`None`) prints empty, never as 0; a table the report lacks prints as the
//! official blank table. Output is deterministic: the same document gives the
//! same bytes.
//!
//! ```
//! use xxgk_model::{Report, Source, SourceFormat, Template};
//! let mut report = Report::new(Source {
//!     file: "report.toml".into(),
//!     format: SourceFormat::Markdown,
//!     sha256: String::new(),
//!     encoding: None,
//! });
//! report.agency = Some("王岗镇人民政府".into());
//! report.year = Some(2025);
//! report.template = Some(Template::V2021);
//! let doc = xxgk_render::Document::new(&report);
//! let md = xxgk_render::markdown(&doc);
//! assert!(md.starts_with("# 王岗镇人民政府2025年政府信息公开工作年度报告"));
//! ```

pub mod docx;
pub mod grid;
mod html;
mod markdown;
pub mod prose;
pub mod structure;

use grid::Grid;
use xxgk_model::{Report, RequestRow, Template};

/// What a rendered report prints.
#[derive(Clone, Copy, Debug)]
pub struct Document<'a> {
    /// Agency, year, date, template and the three tables.
    pub report: &'a Report,
    /// Markdown printed between the title and section 一 (may be empty).
    pub preamble: &'a str,
    /// Markdown of sections 一 … 六, in order (each may be empty). The tables
    /// of sections 二, 三 and 四 follow their prose.
    pub sections: [&'a str; 6],
}

impl<'a> Document<'a> {
    /// A document of the report's tables with the prose of its six sections
    /// (as [`prose::of_sections`] gives it), without a preamble.
    pub fn with_prose(report: &'a Report, sections: &'a [String; 6]) -> Document<'a> {
        Document {
            report,
            preamble: "",
            sections: std::array::from_fn(|i| sections[i].as_str()),
        }
    }

    /// A document of the report's tables without prose.
    pub fn new(report: &'a Report) -> Document<'a> {
        Document {
            report,
            preamble: "",
            sections: [""; 6],
        }
    }

    /// The format the tables print in: the report's own, else the one its
    /// tables show, else the one its year calls for, else the current one.
    pub fn template(&self) -> Template {
        let report = self.report;
        if let Some(template) = report.template {
            return template;
        }
        if let Some(active) = &report.active {
            return active.template();
        }
        if let Some(requests) = &report.requests {
            if requests.has_row(RequestRow::Other) {
                return Template::V2019;
            }
        }
        report.year.map_or(Template::V2021, Template::for_year)
    }
}

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Markdown (`.md`).
    Markdown,
    /// One printable HTML page (`.html`).
    Html,
    /// A Word document (`.docx`).
    Docx,
}

impl Format {
    /// The usual file extension (`md`, `html`, `docx`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Docx => "docx",
        }
    }

    /// The format a file extension names (`md`, `markdown`, `html`, `htm`, `docx`).
    pub fn from_extension(extension: &str) -> Option<Format> {
        match extension.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }

    /// True for formats that are not text (not for a terminal).
    pub fn is_binary(self) -> bool {
        self == Format::Docx
    }
}

/// Renders `doc` in `format`.
pub fn render(doc: &Document, format: Format) -> Vec<u8> {
    match format {
        Format::Markdown => markdown(doc).into_bytes(),
        Format::Html => html(doc).into_bytes(),
        Format::Docx => docx(doc),
    }
}

/// The report as Markdown.
pub fn markdown(doc: &Document) -> String {
    markdown::render(doc).0
}

/// Where one part of the prose landed in the Markdown output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProseLines {
    /// 0 for the preamble, 1–6 for sections 一–六.
    pub part: usize,
    /// The 1-based line of the output where the part's text starts.
    pub first_line: u32,
    /// How many lines of output it takes.
    pub lines: u32,
    /// Lines of the author's text dropped before it (leading blank lines): the
    /// output line `first_line + k` is line `source_offset + k` (from 0) of the
    /// part's text.
    pub source_offset: u32,
}

/// The report as Markdown, and where each part of the prose is in it (to trace
/// a finding on the Markdown back to the text the author wrote).
pub fn markdown_with_map(doc: &Document) -> (String, Vec<ProseLines>) {
    markdown::render(doc)
}

/// The report as one self-contained HTML page.
pub fn html(doc: &Document) -> String {
    html::render(doc)
}

/// The report as a DOCX file.
pub fn docx(doc: &Document) -> Vec<u8> {
    docx::render(doc)
}

/// The three grids of a document.
pub(crate) struct Tables {
    active: Grid,
    requests: Grid,
    appeals: Grid,
}

impl Tables {
    pub(crate) fn of(doc: &Document) -> Tables {
        let template = doc.template();
        let report = doc.report;
        Tables {
            active: grid::active(report.active.as_ref(), template),
            requests: grid::requests(report.requests.as_ref(), template),
            appeals: grid::appeals(report.appeals.as_ref()),
        }
    }

    /// The table printed in section `number` (二, 三, 四).
    pub(crate) fn for_section(&self, number: u8) -> Option<&Grid> {
        match number {
            2 => Some(&self.active),
            3 => Some(&self.requests),
            4 => Some(&self.appeals),
            _ => None,
        }
    }
}

/// The lines after the last section: the agency and the date, when known.
pub(crate) fn signature(report: &Report) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(agency) = report.agency.as_deref().filter(|a| !a.is_empty()) {
        lines.push(agency.to_string());
    }
    if let Some(date) = report.published.as_deref().filter(|d| !d.is_empty()) {
        lines.push(structure::date(date));
    }
    lines
}
