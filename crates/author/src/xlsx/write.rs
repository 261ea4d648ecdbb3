//! Writing the fill-in sheet: 基本信息, 正文 and one sheet per table, laid
//! out like the official tables, with the cells to fill in unlocked.

use super::{cell_name, first_value_column, VALUE_COLUMN};
use crate::author::{Author, AUTHOR_SCHEMA, PREAMBLE_KEY, SECTION_KEYS};
use crate::schema::{self, CellDef, Role, TableId, REQUEST_TOTAL};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, Formula,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};
use xxgk_model::labels::{self, ValueKind, SECTIONS};
use xxgk_model::layout::{self, Content};
use xxgk_model::{Lang, RowKind, Schema, Template};

struct Formats {
    title: Format,
    text: Format,
    head: Format,
    label: Format,
    input: Format,
    input_text: Format,
    input_prose: Format,
    computed: Format,
    fixed: Format,
    key: Format,
}

impl Formats {
    fn new() -> Formats {
        let font = |f: Format| f.set_font_name("宋体").set_font_size(11);
        let boxed = |f: Format| {
            font(f)
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap()
        };
        Formats {
            title: font(Format::new()).set_bold().set_font_size(14),
            text: font(Format::new())
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            head: boxed(Format::new())
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xD9E1F2)),
            label: boxed(Format::new()),
            input: boxed(Format::new())
                .set_unlocked()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xFFF2CC)),
            input_text: boxed(Format::new())
                .set_unlocked()
                .set_num_format("@")
                .set_background_color(Color::RGB(0xFFF2CC)),
            input_prose: font(Format::new())
                .set_border(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_unlocked()
                .set_num_format("@")
                .set_background_color(Color::RGB(0xFFF2CC)),
            computed: boxed(Format::new())
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xEDEDED)),
            fixed: boxed(Format::new()).set_background_color(Color::RGB(0xEDEDED)),
            key: Format::new().set_font_color(Color::RGB(0x808080)),
        }
    }
}

/// The fill-in sheet could not be written (the XLSX writer failed).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct WriteError(#[from] XlsxError);

/// Writes the fill-in sheet for `year`, blank or with `author`'s values.
pub fn write(year: i32, lang: Lang, author: Option<&Author>) -> Result<Vec<u8>, WriteError> {
    Ok(write_workbook(year, lang, author)?)
}

fn write_workbook(year: i32, lang: Lang, author: Option<&Author>) -> Result<Vec<u8>, XlsxError> {
    let template = Template::for_year(year);
    let f = Formats::new();
    let mut workbook = Workbook::new();
    let zh = lang == Lang::Zh;

    let sheet = workbook.add_worksheet();
    sheet.set_name("基本信息")?;
    info_sheet(sheet, &f, year, template, zh, author)?;

    let sheet = workbook.add_worksheet();
    sheet.set_name("正文")?;
    prose_sheet(sheet, &f, zh, author)?;

    let cells = schema::cells(template);
    for table in [TableId::Active, TableId::Requests, TableId::Appeals] {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.short_name(Lang::Zh))?;
        let defs: Vec<&CellDef> = cells.iter().filter(|c| c.table == table).collect();
        match table {
            TableId::Active => active_sheet(sheet, &f, &defs, author)?,
            TableId::Requests => requests_sheet(sheet, &f, &defs, template, zh, author)?,
            TableId::Appeals => appeals_sheet(sheet, &f, &defs, author)?,
        }
    }
    workbook.save_to_buffer()
}

fn protect(sheet: &mut Worksheet) {
    sheet.protect_with_options(&ProtectionOptions {
        select_locked_cells: true,
        select_unlocked_cells: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
}

/// Column A: the keys, hidden.
fn key_column(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_column_width(0, 24)?;
    sheet.set_column_hidden(0)?;
    Ok(())
}

fn info_sheet(
    sheet: &mut Worksheet,
    f: &Formats,
    year: i32,
    template: Template,
    zh: bool,
    author: Option<&Author>,
) -> Result<(), XlsxError> {
    key_column(sheet)?;
    sheet.set_column_width(1, 22)?;
    sheet.set_column_width(2, 36)?;
    sheet.set_column_width(3, 60)?;
    let title = if zh {
        format!(
            "政府信息公开工作年度报告 · 数据表（{year} 年度，{} 年格式）",
            template.as_str()
        )
    } else {
        format!(
            "Annual report data sheet ({year}, {} format)",
            template.as_str()
        )
    };
    sheet.write_string_with_format(0, 1, &title, &f.title)?;
    let help: &[&str] = if zh {
        &[
            "黄色单元格由您填写；灰色单元格（各“总计”）由公式计算，xxgk 也会重新计算。",
            "表三“四、结转下年度继续办理”可以不填：xxgk 按 一 + 二 − （七） 计算；填写了就必须一致。",
            "数字直接填写；金额以万元为单位；“本年增/减”可为负数；没有的填 0。",
            "正文写在“正文”表中（Markdown 格式，# 开头为小标题）。",
            "生成报告：xxgk render 本文件.xlsx --to docx -o 报告.docx",
        ]
    } else {
        &[
            "Fill in the yellow cells; grey cells (the totals) are formulas, and xxgk computes them again.",
            "Table 3 四、结转下年度继续办理 may be left empty: xxgk computes 一 + 二 − （七）; if filled in, it must agree.",
            "Numbers only; money in 万元; 本年增/减 may be negative; enter 0 for none.",
            "The prose goes in the sheet 正文 (Markdown; lines starting with # are sub-headings).",
            "Render: xxgk render THIS-FILE.xlsx --to docx -o report.docx",
        ]
    };
    for (i, line) in help.iter().enumerate() {
        sheet.merge_range(1 + i as u32, 1, 1 + i as u32, 3, line, &f.text)?;
    }
    let row0 = 2 + help.len() as u32;
    let text = |s: Option<&str>| s.unwrap_or("").to_string();
    let rows: [(&str, &str, &str, String, &str, &str); 5] = [
        (
            "schema",
            "格式",
            "Schema",
            AUTHOR_SCHEMA.to_string(),
            "",
            "",
        ),
        (
            "agency",
            "发布机关",
            "Issuing body",
            text(author.and_then(|a| a.agency.as_deref())),
            "如：某某县人民政府",
            "e.g. 某某县人民政府",
        ),
        (
            "year",
            "报告年度",
            "Report year",
            year.to_string(),
            "其他年度请重新生成：xxgk new --year 年度 --to xlsx",
            "for another year, make a new sheet: xxgk new --year YEAR --to xlsx",
        ),
        (
            "published",
            "成文日期",
            "Date",
            text(author.and_then(|a| a.published.as_deref())),
            "YYYY-MM-DD，如 2026-01-20",
            "YYYY-MM-DD, e.g. 2026-01-20",
        ),
        (
            "blank_cells",
            "未填写的单元格",
            "Cells not filled in",
            author
                .map_or("error", |a| a.blank_cells.as_str())
                .to_string(),
            "error：报错；zero：按 0 计；keep：留空",
            "error: an error; zero: count as 0; keep: print blank",
        ),
    ];
    for (i, (key, label_zh, label_en, value, note_zh, note_en)) in rows.iter().enumerate() {
        let r = row0 + i as u32;
        sheet.write_string_with_format(r, 0, *key, &f.key)?;
        sheet.write_string_with_format(r, 1, if zh { *label_zh } else { *label_en }, &f.label)?;
        match *key {
            "year" => {
                sheet.write_number_with_format(r, VALUE_COLUMN, f64::from(year), &f.fixed)?;
            }
            "schema" => {
                sheet.write_string_with_format(r, VALUE_COLUMN, value, &f.fixed)?;
            }
            _ => {
                sheet.write_string_with_format(r, VALUE_COLUMN, value, &f.input_text)?;
            }
        }
        sheet.write_string_with_format(r, 3, if zh { *note_zh } else { *note_en }, &f.text)?;
        if *key == "blank_cells" {
            let validation =
                DataValidation::new().allow_list_strings(&["error", "zero", "keep"])?;
            sheet.add_data_validation(r, VALUE_COLUMN, r, VALUE_COLUMN, &validation)?;
        }
    }
    protect(sheet);
    Ok(())
}

fn prose_sheet(
    sheet: &mut Worksheet,
    f: &Formats,
    zh: bool,
    author: Option<&Author>,
) -> Result<(), XlsxError> {
    key_column(sheet)?;
    sheet.set_column_width(1, 26)?;
    sheet.set_column_width(2, 90)?;
    let title = if zh {
        "正文（Markdown）"
    } else {
        "Prose (Markdown)"
    };
    sheet.write_string_with_format(0, 1, title, &f.title)?;
    let mut parts: Vec<(String, String, String)> = vec![(
        format!("sections.{PREAMBLE_KEY}"),
        if zh {
            "导语（可空）".into()
        } else {
            "Preamble (may be empty)".into()
        },
        author.map_or(String::new(), |a| a.preamble.clone()),
    )];
    for (i, key) in SECTION_KEYS.iter().enumerate() {
        parts.push((
            format!("sections.{key}"),
            SECTIONS[i].title.to_string(),
            author.map_or(String::new(), |a| a.sections[i].clone()),
        ));
    }
    for (i, (key, heading, text)) in parts.iter().enumerate() {
        let r = 1 + i as u32;
        sheet.write_string_with_format(r, 0, key, &f.key)?;
        sheet.write_string_with_format(r, 1, heading, &f.label)?;
        sheet.write_string_with_format(r, VALUE_COLUMN, text, &f.input_prose)?;
        sheet.set_row_height(r, 120)?;
    }
    protect(sheet);
    Ok(())
}

/// Writes an input cell (a leaf, or 结转下年度) with its validation.
fn input_cell(
    sheet: &mut Worksheet,
    f: &Formats,
    r: u32,
    c: u16,
    def: &CellDef,
    author: Option<&Author>,
) -> Result<(), XlsxError> {
    match author.and_then(|a| a.entered(def.path)).flatten() {
        Some(n) => sheet.write_number_with_format(r, c, n.to_f64(), &f.input)?,
        None => sheet.write_blank(r, c, &f.input)?,
    };
    let validation = match def.kind {
        ValueKind::Count => DataValidation::new()
            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
            .set_error_message("请填写不小于 0 的整数（件数）")?,
        ValueKind::Change => DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(-1_000_000_000, 1_000_000_000))
            .set_error_message("请填写整数（可为负数）")?,
        ValueKind::MoneyWan => DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_error_message("请填写不小于 0 的金额（万元）")?,
    };
    sheet.add_data_validation(r, c, r, c, &validation)?;
    Ok(())
}

/// Starts the sheet of `table`: the hidden key column, column widths (first
/// column, last column, width), and on row 1 the table's name and title as the
/// official form prints them. Returns the sheet's first value column.
fn table_sheet(
    sheet: &mut Worksheet,
    f: &Formats,
    table: TableId,
    widths: &[(u16, u16, f64)],
) -> Result<u16, XlsxError> {
    key_column(sheet)?;
    for &(first, last, width) in widths {
        for c in first..=last {
            sheet.set_column_width(c, width)?;
        }
    }
    let title = format!("{} {}", table.short_name(Lang::Zh), table.title());
    sheet.write_string_with_format(0, 1, title, &f.title)?;
    Ok(first_value_column(table))
}

fn active_sheet(
    sheet: &mut Worksheet,
    f: &Formats,
    defs: &[&CellDef],
    author: Option<&Author>,
) -> Result<(), XlsxError> {
    let first = table_sheet(sheet, f, TableId::Active, &[(1, 1, 24.0), (2, 4, 18.0)])?;
    let mut r = 1u32;
    let mut columns: Vec<&str> = Vec::new();
    for row_defs in rows_of(defs) {
        let these: Vec<&str> = row_defs.iter().map(|d| d.column_label.as_str()).collect();
        if these != columns {
            columns = these;
            sheet.write_blank(r, 1, &f.head)?;
            for (i, label) in columns.iter().enumerate() {
                sheet.write_string_with_format(r, first + i as u16, *label, &f.head)?;
            }
            r += 1;
        }
        let def = row_defs[0];
        sheet.write_string_with_format(r, 0, format!("{}.{}", def.table.key(), def.row), &f.key)?;
        sheet.write_string_with_format(r, 1, &def.row_label, &f.label)?;
        for def in &row_defs {
            input_cell(sheet, f, r, first + def.position as u16, def, author)?;
        }
        r += 1;
    }
    protect(sheet);
    Ok(())
}

/// The cells of `defs` grouped by row, in order.
fn rows_of<'a>(defs: &[&'a CellDef]) -> Vec<Vec<&'a CellDef>> {
    let mut rows: Vec<Vec<&CellDef>> = Vec::new();
    for def in defs {
        match rows.last_mut() {
            Some(row) if row[0].row == def.row => row.push(def),
            _ => rows.push(vec![def]),
        }
    }
    rows
}

fn requests_sheet(
    sheet: &mut Worksheet,
    f: &Formats,
    defs: &[&CellDef],
    template: Template,
    zh: bool,
    author: Option<&Author>,
) -> Result<(), XlsxError> {
    let widths = [(1, 1, 14.0), (2, 2, 40.0), (3, 9, 10.0), (10, 10, 36.0)];
    let first = table_sheet(sheet, f, TableId::Requests, &widths)?;
    sheet.merge_range(1, 1, 2, 2, labels::REQUESTS_IDENTITY_NOTE, &f.head)?;
    applicant_header(sheet, f, template, first)?;
    sheet.set_row_height(2, 30)?;

    let rows = rows_of(defs);
    let outcomes = schema::outcome_rows(template);
    let first_outcome = 3 + rows
        .iter()
        .position(|r| r[0].row == outcomes[0].key())
        .unwrap_or(0) as u32;
    let last_outcome = first_outcome + outcomes.len() as u32 - 1;
    for (i, row_defs) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        let def = row_defs[0];
        sheet.write_string_with_format(r, 0, format!("{}.{}", def.table.key(), def.row), &f.key)?;
        let row_def = xxgk_model::RequestRow::from_key(def.row).map(|row| row.def());
        match row_def.and_then(|d| d.group().map(|g| (g, d.label))) {
            Some((group, label)) => {
                sheet.write_string_with_format(r, 1, group, &f.label)?;
                sheet.write_string_with_format(r, 2, label, &f.label)?;
            }
            None => {
                sheet.merge_range(r, 1, r, 2, &def.row_label, &f.label)?;
            }
        }
        for def in row_defs {
            let c = first + def.position as u16;
            if def.position == REQUEST_TOTAL {
                let formula = format!("=SUM({}:{})", cell_name(r, first), cell_name(r, first + 5));
                sheet.write_formula_with_format(r, c, Formula::new(formula), &f.computed)?;
            } else if def.row == "total" {
                let formula = format!(
                    "=SUM({}:{})",
                    cell_name(first_outcome, c),
                    cell_name(last_outcome, c)
                );
                sheet.write_formula_with_format(r, c, Formula::new(formula), &f.computed)?;
            } else {
                input_cell(sheet, f, r, c, def, author)?;
            }
        }
        if def.row == "carried_out" {
            let note = if zh {
                "可不填：xxgk 按 一 + 二 − （七） 计算"
            } else {
                "may be left empty: xxgk computes 一 + 二 − （七）"
            };
            sheet.write_string_with_format(r, 10, note, &f.text)?;
        }
    }
    sheet.set_freeze_panes(3, 3)?;
    protect(sheet);
    Ok(())
}

/// Table 3's column header as the official layout draws it below 申请人情况
/// (自然人, 法人或其他组织 over five columns, 总计), on rows 2 and 3 from
/// column `first`.
fn applicant_header(
    sheet: &mut Worksheet,
    f: &Formats,
    template: Template,
    first: u16,
) -> Result<(), XlsxError> {
    let layout = layout::official(TableId::Requests, template);
    let values = layout.first_value_column();
    let below_applicants = layout
        .cells
        .iter()
        .filter(|c| c.row >= 1 && c.row < layout.header_rows && c.col >= values);
    for cell in below_applicants {
        let Content::Text(text) = cell.content else {
            continue;
        };
        let (top, left) = (cell.row as u32, first + (cell.col - values) as u16);
        let bottom = top + cell.rowspan as u32 - 1;
        let right = left + cell.colspan as u16 - 1;
        if (top, left) == (bottom, right) {
            sheet.write_string_with_format(top, left, text, &f.head)?;
        } else {
            sheet.merge_range(top, left, bottom, right, text, &f.head)?;
        }
    }
    Ok(())
}

fn appeals_sheet(
    sheet: &mut Worksheet,
    f: &Formats,
    defs: &[&CellDef],
    author: Option<&Author>,
) -> Result<(), XlsxError> {
    let first = table_sheet(sheet, f, TableId::Appeals, &[(1, 1, 30.0), (2, 6, 12.0)])?;
    sheet.write_blank(1, 1, &f.head)?;
    for (i, column) in Schema::Appeals.columns().iter().enumerate() {
        sheet.write_string_with_format(1, first + i as u16, column.label, &f.head)?;
    }
    for (i, row_defs) in rows_of(defs).iter().enumerate() {
        let r = 2 + i as u32;
        let def = row_defs[0];
        sheet.write_string_with_format(r, 0, format!("{}.{}", def.table.key(), def.row), &f.key)?;
        sheet.write_string_with_format(r, 1, &def.row_label, &f.label)?;
        for def in row_defs {
            let c = first + def.position as u16;
            if def.role == Role::Computed {
                let formula = format!("=SUM({}:{})", cell_name(r, first), cell_name(r, first + 3));
                sheet.write_formula_with_format(r, c, Formula::new(formula), &f.computed)?;
            } else {
                input_cell(sheet, f, r, c, def, author)?;
            }
        }
    }
    protect(sheet);
    Ok(())
}
