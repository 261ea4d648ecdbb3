//! Renders a report — its prose and its three tables — as a document in one of
//! the formats of [`crate::Format`]: tab-separated text, `pdftotext -layout`-like
//! aligned text, or an HTML page.

pub mod chinese;
pub mod grid;
pub mod html;
pub(crate) mod layouts;

use crate::prose::Prose;
use crate::rng::Rng;
use crate::Format;
use grid::{Builder, Grid, Style};
use xxgk_model::labels;
use xxgk_model::{Active, AppealGroup, RequestRow, Table};

/// Everything a document prints.
pub struct Document<'a> {
    /// The agency as printed (simplified; traditional is applied to the whole text).
    pub agency: &'a str,
    pub year: i32,
    /// (year, month, day) printed at the end.
    pub date: (i32, u32, u32),
    pub prose: &'a Prose,
    pub active: &'a Active,
    pub requests: &'a Table<RequestRow>,
    pub appeals: &'a Table<AppealGroup>,
    /// Print the whole text in traditional characters.
    pub traditional: bool,
}

/// How documents print a blank cell.
const BLANKS: [&str; 4] = ["/", "-", "—", "无"];

/// Renders `doc` in `format`; `rng` decides the document's style.
pub fn render(doc: &Document, format: Format, rng: &mut Rng) -> String {
    let style = Style {
        ascii_brackets: rng.chance(0.3),
        varied: rng.chance(0.3),
        blank: BLANKS[rng.below(BLANKS.len())],
        thousands: rng.chance(0.15),
    };
    let text = match format {
        Format::Crawled => {
            // A crawler keeps no separators: blank cells vanish, and counts
            // print without thousands separators or sign words.
            let style = Style {
                blank: "",
                thousands: false,
                varied: false,
                ..style
            };
            let mut builder = Builder { style, rng };
            let grids = [
                builder.active(doc.active),
                builder.requests(doc.requests),
                builder.appeals(doc.appeals),
            ];
            crawled(doc, &grids, rng)
        }
        Format::Text | Format::Aligned => {
            let mut builder = Builder { style, rng };
            let grids = [
                builder.active(doc.active),
                builder.requests(doc.requests),
                builder.appeals(doc.appeals),
            ];
            if format == Format::Text {
                text(doc, &grids, rng)
            } else {
                aligned(doc, &grids, rng)
            }
        }
        Format::Html => html::render(doc, style, rng),
    };
    if doc.traditional {
        chinese::traditional(&text)
    } else {
        text
    }
}

/// The sections in order: heading, paragraphs, and which table follows (0–2).
pub fn sections(prose: &Prose) -> [(&'static str, &[String], Option<usize>); 6] {
    let t = |i: usize| labels::SECTIONS[i].title;
    [
        (t(0), &prose.overview[..], None),
        (t(1), &prose.active[..], Some(0)),
        (t(2), &prose.requests[..], Some(1)),
        (t(3), &prose.appeals[..], Some(2)),
        (t(4), &prose.problems[..], None),
        (t(5), &prose.other[..], None),
    ]
}

/// `2024年1月26日`.
pub fn date_line(date: (i32, u32, u32)) -> String {
    format!("{}年{}月{}日", date.0, date.1, date.2)
}

/// The title: on one line, or the agency on a line of its own above it.
fn title_lines(doc: &Document, rng: &mut Rng) -> Vec<String> {
    let year_title = match rng.below(4) {
        0 => format!("{}年度政府信息公开工作年度报告", doc.year),
        _ => format!("{}年政府信息公开工作年度报告", doc.year),
    };
    if rng.chance(0.6) {
        vec![format!("{}{year_title}", doc.agency)]
    } else {
        vec![doc.agency.to_string(), year_title]
    }
}

/// Tab-separated text, as Word and web tables paste (tests/data/seeds).
fn text(doc: &Document, grids: &[Grid; 3], rng: &mut Rng) -> String {
    let residue = rng.chance(0.5);
    let mut lines = vec![String::new()];
    lines.extend(title_lines(doc, rng));
    lines.push(String::new());
    for p in &doc.prose.preamble {
        lines.push(p.clone());
        lines.push(String::new());
    }
    for (heading, paragraphs, table) in sections(doc.prose) {
        lines.push(heading.to_string());
        lines.push(String::new());
        for p in paragraphs {
            lines.push(p.clone());
            lines.push(String::new());
        }
        if let Some(t) = table {
            lines.extend(layouts::tab(&grids[t], residue));
            lines.push(String::new());
        }
    }
    lines.push(doc.agency.to_string());
    lines.push(String::new());
    lines.push(date_line(doc.date));
    lines.join("\n") + "\n"
}

/// Page text as a crawler keeps it (tests/data/crawled): title, page date and
/// address, a blank line, then the page's text on one line — paragraphs set off
/// by ideographic spaces or not at all, each table's cells run together.
fn crawled(doc: &Document, grids: &[Grid; 3], rng: &mut Rng) -> String {
    let title = format!("{}{}年度政府信息公开工作报告", doc.agency, doc.year);
    let page_date = format!("{}-{:02}-{:02}", doc.date.0, doc.date.1, doc.date.2);
    let address = format!(
        "http://www.example.gov.cn/zfxxgk/{}/index.html",
        rng.below(1_000_000)
    );
    let gap = if rng.chance(0.5) {
        "\u{3000}\u{3000}"
    } else {
        ""
    };
    let mut body = String::new();
    for p in &doc.prose.preamble {
        body.push_str(gap);
        body.push_str(p);
    }
    for (heading, paragraphs, table) in sections(doc.prose) {
        body.push_str(gap);
        body.push_str(heading);
        for p in paragraphs {
            body.push_str(gap);
            body.push_str(p);
        }
        if let Some(t) = table {
            body.push_str(&layouts::flattened(&grids[t]));
        }
    }
    body.push_str(gap);
    body.push_str(doc.agency);
    body.push_str(&date_line(doc.date));
    format!("{title}\n{page_date}\n{address}\n\n\n{body}\n")
}

/// Text as `pdftotext -layout` prints a PDF: centred title, paragraphs wrapped
/// at a fixed width with an indented first line, figures spaced off the
/// characters around them, aligned table columns, and a page number and form
/// feed every so many lines (tables included) (tests/data/layout).
fn aligned(doc: &Document, grids: &[Grid; 3], rng: &mut Rng) -> String {
    let width = 28 + rng.below(8);
    let spaced_figures = rng.chance(0.7);
    let page_lines = 44 + rng.below(10);
    let mut lines = Vec::new();
    for (i, t) in title_lines(doc, rng).into_iter().enumerate() {
        let indent = if i == 0 { 16 } else { 6 };
        lines.push(format!("{}{t}", " ".repeat(indent)));
    }
    lines.push(String::new());
    let wrap = |text: &str, lines: &mut Vec<String>| {
        let text = if spaced_figures {
            space_figures(text)
        } else {
            text.to_string()
        };
        for (i, l) in wrap(&text, width).into_iter().enumerate() {
            lines.push(if i == 0 { format!("   {l}") } else { l });
        }
    };
    for p in &doc.prose.preamble {
        wrap(p, &mut lines);
    }
    for (heading, paragraphs, table) in sections(doc.prose) {
        lines.push(format!("   {heading}"));
        for p in paragraphs {
            wrap(p, &mut lines);
        }
        if let Some(t) = table {
            lines.push(String::new());
            lines.extend(layouts::aligned(&grids[t], rng));
            lines.push(String::new());
        }
    }
    lines.push(String::new());
    lines.push(format!("{}{}", " ".repeat(40), doc.agency));
    lines.push(format!("{}{}", " ".repeat(42), date_line(doc.date)));
    // Pages: a number at the foot, a form feed before the next page's first line.
    let mut out = String::new();
    let mut page = 1;
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        if (i + 1) % page_lines == 0 && i + 1 < lines.len() {
            out.push_str(&format!(
                "\n{}-{page}-\n\u{c}",
                " ".repeat(30 + rng.below(20))
            ));
            page += 1;
        }
    }
    out.push_str(&format!("\n{}-{page}-\n\u{c}", " ".repeat(36)));
    out
}

/// Characters a line never starts with (they stay at the end of the line before).
const NO_LINE_START: &[char] = &[
    '，', '。', '、', '；', '：', '）', '”', '》', '！', '？', ' ',
];

/// Breaks a paragraph into lines of at most `width` characters (CJK count
/// one, ASCII half), never inside a run of ASCII letters or digits.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0usize; // in half-width units
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        // A word: one CJK character, or a run of ASCII (plus the spaces after it).
        let start = i;
        if chars[i].is_ascii_alphanumeric() || chars[i] == '.' {
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
        } else {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let w: usize = word.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
        // Closing punctuation never starts a line: it stays on the full one.
        let closing = word.chars().all(|c| NO_LINE_START.contains(&c));
        if used + w > width * 2 && !line.is_empty() && !closing {
            lines.push(std::mem::take(&mut line).trim_end().to_string());
            used = 0;
            if word == " " {
                continue;
            }
        }
        line.push_str(&word);
        used += w;
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// `2023年` → `2023 年`: PDF text layers space figures off CJK text.
fn space_figures(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if let Some(p) = previous {
            let digit = |c: char| c.is_ascii_digit();
            let cjk = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
            if (digit(c) && cjk(p)) || (cjk(c) && digit(p)) {
                out.push(' ');
            }
        }
        out.push(c);
        previous = Some(c);
    }
    out
}
