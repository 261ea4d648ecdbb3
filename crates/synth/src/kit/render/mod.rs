//! Renders a [`Model`] as the full text of an annual report, in one of the table
//! layouts seen in the wild, with optional noise on top.
//!
//! The document is what a body publishes: a title line, the six section headings
//! each with a short paragraph, the three tables under sections 二, 三 and 四, and
//! the date at the end. Tables are built once as grids ([`grid`]) and printed by
//! one function per layout ([`layouts`]); noise that applies to the whole text
//! (traditional characters, pinyin) is applied last ([`chinese`]).

pub mod chinese;
pub mod grid;
pub mod html;
pub mod layouts;

use crate::kit::gen::Model;
use crate::rng::Rng;
use xxgk_model::labels;

/// How table cells are laid out in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// 1. Tab-separated rows.
    Tab,
    /// 2. Pipe tables.
    Pipe {
        /// Which outer pipes each line prints.
        outer: Outer,
        /// A markdown rule under the first row.
        rule: bool,
    },
    /// 3. One cell per line.
    PerLine,
    /// 4. One cell per line, cells separated by lines holding only `|`.
    LonePipe,
    /// 5. Whitespace-aligned columns (`pdftotext -layout`).
    Aligned,
    /// 6. Each row's values concatenated right after its label.
    RunTogether,
}

impl Layout {
    /// Only tab and pipe layouts can show an empty cell between two values.
    pub fn allows_empty_cells(self) -> bool {
        matches!(self, Layout::Tab | Layout::Pipe { .. })
    }
}

/// Which outer pipes a pipe table prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outer {
    /// `a | b`
    None,
    /// `| a | b |`
    Both,
    /// `a | b |`
    Trailing,
}

/// A page break inside a table: blank line, page number, blank line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageBreak {
    /// 0, 1, 2: table 2, 3 or 4.
    pub table: usize,
    /// Line before which the break goes, taken modulo the table's lines.
    pub line: usize,
    /// The page number printed.
    pub page: u32,
}

/// Everything about a rendering except the report itself.
#[derive(Clone, Debug)]
pub struct Options {
    /// How table cells are separated.
    pub layout: Layout,
    /// Convert the whole text to traditional characters (layout 7).
    pub traditional: bool,
    /// With `traditional`: pinyin after some characters (國(guó)).
    pub pinyin: bool,
    /// Page breaks inside tables (layout 8).
    pub page_breaks: Vec<PageBreak>,
    /// Break some row labels over two lines (本年新 / 收政府信息公开申请数量).
    pub split_labels: bool,
    /// Break some labels with spaces (自 然 人).
    pub spaced_labels: bool,
    /// Print some values in full-width digits (１２).
    pub fullwidth: bool,
    /// Tab and pipe layouts: empty cells where merged cells were, trailing separator.
    pub residue: bool,
    /// Vary how values print (减3 / +2 / 17.6675 万元 / 176675元, blank markers,
    /// bracket styles, title spacing); off prints every value one canonical way.
    pub varied: bool,
    /// Seed for the per-cell choices the flags above enable.
    pub seed: u64,
}

impl Options {
    /// A clean rendering in `layout`: no noise, canonical values.
    pub fn plain(layout: Layout) -> Options {
        Options {
            layout,
            traditional: false,
            pinyin: false,
            page_breaks: Vec::new(),
            split_labels: false,
            spaced_labels: false,
            fullwidth: false,
            residue: false,
            varied: false,
            seed: 0,
        }
    }
}

/// Short paragraphs, one per section (text and HTML alike). They avoid every table label and section
/// needle: prose is not what these tests are about.
const PROSE: [&str; 6] = [
    "年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化政务公开工作，各项工作有序推进。",
    "本年度持续做好政府信息的主动公开，及时发布各类公开事项，具体数据见下表。",
    "本年度依申请公开工作依法依规办理，按时答复，具体数据见下表。",
    "本年度相关案件情况见下表。",
    "一是公开内容还不够全面；二是队伍业务水平有待提升。下一步将加强培训，提高工作质量。",
    "本年度未收取信息处理费，无需要说明的其他情况。",
];

/// The full report text.
pub fn render(model: &Model, opts: &Options) -> String {
    let mut rng = Rng::new(opts.seed);
    let mut builder = grid::Builder {
        opts,
        rng: Rng::new(rng.next_u64()),
    };
    let grids = [
        builder.active(model),
        builder.requests(model),
        builder.appeals(model),
    ];
    let mut tables: Vec<Vec<String>> = grids.iter().map(|g| lay_out(g, opts, &mut rng)).collect();
    for b in &opts.page_breaks {
        insert_page_break(&mut tables[b.table % 3], b, &mut rng);
    }
    let mut lines = vec![String::new(), title(model, opts, &mut rng), String::new()];
    for (i, section) in labels::SECTIONS.iter().enumerate() {
        lines.push(section.title.to_string());
        lines.push(String::new());
        lines.push(prose(model, i));
        lines.push(String::new());
        if (1..=3).contains(&i) {
            lines.append(&mut tables[i - 1]);
            lines.push(String::new());
        }
    }
    if rng.chance(0.5) {
        lines.push(model.agency.clone());
        lines.push(String::new());
    }
    lines.push(date_line(&model.published));
    let text = lines.join("\n") + "\n";
    if opts.traditional {
        chinese::traditional(&text, opts.pinyin, &mut rng)
    } else {
        text
    }
}

/// Prints one grid in the chosen layout.
fn lay_out(grid: &grid::Grid, opts: &Options, rng: &mut Rng) -> Vec<String> {
    match opts.layout {
        Layout::Tab => layouts::tab(grid, opts.residue),
        Layout::Pipe { outer, rule } => layouts::pipe(grid, opts.residue, outer, rule),
        Layout::PerLine => layouts::per_line(grid),
        Layout::LonePipe => layouts::lone_pipes(grid, rng),
        Layout::Aligned => layouts::aligned(grid, rng),
        Layout::RunTogether => layouts::run_together(grid),
    }
}

/// A blank line, a page number (-3- or — 5 —) and a blank line, strictly
/// inside the table.
fn insert_page_break(lines: &mut Vec<String>, b: &PageBreak, rng: &mut Rng) {
    if lines.len() < 2 {
        return;
    }
    let at = 1 + b.line % (lines.len() - 1);
    let number = match rng.below(3) {
        0 => format!("-{}-", b.page),
        1 => format!("— {} —", b.page),
        _ => format!("- {} -", b.page),
    };
    lines.splice(at..at, [String::new(), number, String::new()]);
}

/// `<agency><year>年政府信息公开工作年度报告`, sometimes with spaces around the
/// year as PDF copies print it (`青铜峡市邵岗镇 2020 年…`).
fn title(model: &Model, opts: &Options, rng: &mut Rng) -> String {
    let spaced = opts.varied && rng.chance(0.3);
    let (before, after) = if spaced { (" ", " ") } else { ("", "") };
    format!(
        "{}{before}{}{after}年政府信息公开工作年度报告",
        model.agency, model.year
    )
}

/// The paragraph under section `i` (0–5); the first starts with the year.
fn prose(model: &Model, i: usize) -> String {
    if i == 0 {
        format!("{}{}", model.year, PROSE[0])
    } else {
        PROSE[i].to_string()
    }
}

/// `2021-01-26` → `2021年1月26日`.
fn date_line(iso: &str) -> String {
    let parts: Vec<u32> = iso.split('-').map(|p| p.parse().unwrap()).collect();
    format!("{}年{}月{}日", parts[0], parts[1], parts[2])
}
