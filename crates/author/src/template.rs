//! `xxgk new`: author files for a report year — commented TOML with the
//! official label next to every key, or JSON of the same shape — blank, or
//! filled with an author file's values (to convert between formats).

use crate::author::{Author, AUTHOR_SCHEMA, PREAMBLE_KEY, SECTION_KEYS};
use crate::schema::{self, CellDef, Role, TableId};
use std::fmt::Write as _;
use xxgk_model::labels::{ValueKind, SECTIONS};
use xxgk_model::{Lang, Number, Template};

/// The format's official name, for the header comment.
fn format_name(template: Template) -> &'static str {
    match template {
        Template::V2019 => "国办公开办函〔2019〕60号",
        Template::V2021 => "国办公开办函〔2021〕30号",
    }
}

/// A TOML string literal (basic string, escaped).
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Markdown prose as a TOML multi-line literal when it can be one, else a
/// basic string.
fn toml_text(text: &str) -> String {
    if text.contains("'''")
        || text
            .chars()
            .any(|c| (c as u32) < 0x20 && c != '\n' && c != '\t')
    {
        return toml_string(text);
    }
    let body = text.trim_end_matches('\n');
    format!("'''\n{body}\n'''")
}

fn cell_text(value: Option<Option<Number>>) -> String {
    match value.flatten() {
        Some(n) => n.to_string(),
        None => "\"\"".to_string(),
    }
}

/// The instructions at the top of a TOML file.
fn header(year: i32, template: Template, lang: Lang) -> String {
    let format = format_name(template);
    let t = template.as_str();
    match lang {
        Lang::Zh => format!(
            "# 政府信息公开工作年度报告 · 数据文件（{AUTHOR_SCHEMA}）
# 报告年度 {year}：表格按 {t} 年格式（{format}）。
#
# 填写说明
# · 只填写各表的明细单元格（每个键右侧的注释是官方表格中的行和列）。
#   表三每行的“总计”、“（七）总计”，表四的“总计”由 xxgk 计算，不必填写。
# · 表三“四、结转下年度继续办理”可以不填：xxgk 按 一 + 二 − （七） 计算；
#   填写了，就必须与计算值一致。
# · 数字直接写（12、461.7），不加引号；金额以万元为单位，不写单位。
#   “本年增/减”可以是负数。没有的填 0。
# · 暂未填写的单元格保持 \"\"；如何处理见下面的 blank_cells。
# · 正文用 Markdown 书写，写在三个单引号 ''' 之间；小标题用 #。
#
# 生成报告：xxgk render 本文件 --to docx -o 报告.docx（也可 --to html、--to md）
"
        ),
        Lang::En => format!(
            "# Government information disclosure annual report · data file ({AUTHOR_SCHEMA})
# Report year {year}: tables in the {t} format ({format}).
#
# How to fill it in
# · Enter the detail cells of each table (the comment after each key is the
#   official row and column). Row totals and （七）总计 of table 3 and the
#   totals of table 4 are computed by xxgk; leave them out.
# · Table 3 四、结转下年度继续办理 may be left out: xxgk computes it as
#   一 + 二 − （七）; if entered, it must agree.
# · Numbers without quotes (12, 461.7); money in 万元 without a unit.
#   本年增/减 may be negative. Enter 0 for none.
# · Cells not filled in yet stay \"\"; see blank_cells below.
# · Prose is Markdown between ''' and '''; use # for sub-headings.
#
# Render: xxgk render THIS-FILE --to docx -o report.docx (or --to html, --to md)
"
        ),
    }
}

/// The commented TOML author file for `year`, blank or with `author`'s values.
pub fn toml(year: i32, lang: Lang, author: Option<&Author>) -> String {
    let template = Template::for_year(year);
    let zh = lang == Lang::Zh;
    let mut out = header(year, template, lang);
    let string = |value: Option<&str>| toml_string(value.unwrap_or(""));
    let _ = writeln!(out, "\nschema = {}\n", toml_string(AUTHOR_SCHEMA));
    let agency = author.and_then(|a| a.agency.as_deref());
    let published = author.and_then(|a| a.published.as_deref());
    let blank_cells = author.map_or("error", |a| a.blank_cells.as_str());
    if zh {
        let _ = writeln!(
            out,
            "# 发布机关（标题和落款），如 \"某某县人民政府\"\nagency = {}",
            string(agency)
        );
        let _ = writeln!(out, "# 报告年度\nyear = {year}");
        let _ = writeln!(
            out,
            "# 成文日期，YYYY-MM-DD，如 \"{}-01-20\"\npublished = {}",
            year + 1,
            string(published)
        );
        let _ = writeln!(out, "# 未填写的单元格：\"error\" 报错（默认）；\"zero\" 按 0 计；\"keep\" 留空（依赖它的总计也留空）\nblank_cells = {}", toml_string(blank_cells));
    } else {
        let _ = writeln!(
            out,
            "# Issuing body (title and signature), e.g. \"某某县人民政府\"\nagency = {}",
            string(agency)
        );
        let _ = writeln!(out, "# Report year\nyear = {year}");
        let _ = writeln!(
            out,
            "# Date of the report, YYYY-MM-DD, e.g. \"{}-01-20\"\npublished = {}",
            year + 1,
            string(published)
        );
        let _ = writeln!(out, "# Cells not filled in: \"error\" (default), \"zero\" (count as 0), \"keep\" (print blank, and the totals that depend on them)\nblank_cells = {}", toml_string(blank_cells));
    }

    out.push_str(if zh {
        "\n# ── 正文（Markdown）──\n\n[sections]\n"
    } else {
        "\n# ── Prose (Markdown) ──\n\n[sections]\n"
    });
    let preamble = author.map_or("", |a| a.preamble.as_str());
    let _ = writeln!(
        out,
        "# {}\n{PREAMBLE_KEY} = {}",
        if zh {
            "标题之后、“一、总体情况”之前的导语（可空）"
        } else {
            "Text between the title and section 一 (may be empty)"
        },
        toml_text(preamble)
    );
    for (i, key) in SECTION_KEYS.iter().enumerate() {
        let text = author.map_or("", |a| a.sections[i].as_str());
        let note = match (i, zh) {
            (1..=3, true) => "（表格之前的文字，可空）",
            (1..=3, false) => " (text before the table, may be empty)",
            _ => "",
        };
        let _ = writeln!(
            out,
            "# {}{note}\n{key} = {}",
            SECTIONS[i].title,
            toml_text(text)
        );
    }

    let cells = schema::cells(template);
    for table in [TableId::Active, TableId::Requests, TableId::Appeals] {
        let _ = writeln!(
            out,
            "\n# ══ {} {} ══",
            table.short_name(lang),
            table.title()
        );
        let mut row: Option<&str> = None;
        for def in cells.iter().filter(|c| c.table == table) {
            if row != Some(def.row) {
                row = Some(def.row);
                out.push('\n');
                row_heading(&mut out, def, lang);
            }
            if def.role == Role::Computed
                && !(def.row == "carried_out" && def.position < schema::REQUEST_TOTAL)
            {
                // Totals are computed: shown as a comment only, unless entered.
                match author.and_then(|a| a.entered(def.path)).flatten() {
                    Some(value) => {
                        let assignment = format!("{} = {value}", def.column);
                        let _ = writeln!(out, "{assignment:<22}  # {}", def.column_label);
                    }
                    None => {
                        let assignment = format!("# {} = …", def.column);
                        let note = if zh {
                            "由 xxgk 计算"
                        } else {
                            "computed by xxgk"
                        };
                        let _ = writeln!(out, "{assignment:<22}  # {}（{note}）", def.column_label);
                    }
                }
                continue;
            }
            let value = cell_text(author.and_then(|a| a.entered(def.path)));
            // Money columns say 万元 in their label already.
            let hint = if def.column_label.contains("万元") {
                ""
            } else {
                kind_hint(def.kind, lang)
            };
            let assignment = format!("{} = {value}", def.column);
            let _ = writeln!(out, "{assignment:<22}  # {}{hint}", def.column_label);
        }
    }
    out
}

fn row_heading(out: &mut String, def: &CellDef, lang: Lang) {
    let computed = match (def.row, lang) {
        ("total", Lang::Zh) => "（由 xxgk 计算：办理结果各行之和）",
        ("total", Lang::En) => " (computed by xxgk: the sum of the outcome rows)",
        ("carried_out", Lang::Zh) => "（可不填：xxgk 按 一 + 二 − （七） 计算）",
        ("carried_out", Lang::En) => " (may be left out: xxgk computes 一 + 二 − （七）)",
        _ => "",
    };
    let _ = writeln!(out, "# {}{computed}", def.row_label);
    let _ = writeln!(out, "[{}.{}]", def.table.key(), def.row);
}

fn kind_hint(kind: ValueKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (ValueKind::Count, _) => "",
        (ValueKind::Change, Lang::Zh) => "（可为负数）",
        (ValueKind::Change, Lang::En) => " (may be negative)",
        (ValueKind::MoneyWan, Lang::Zh) => "（万元）",
        (ValueKind::MoneyWan, Lang::En) => " (万元)",
    }
}

/// The JSON author file for `year` (the same keys as TOML; `null` is blank),
/// blank or with `author`'s values. JSON has no comments: the schema is in the
/// crate documentation.
pub fn json(year: i32, author: Option<&Author>) -> String {
    use serde_json::{json, Map, Value};
    let template = Template::for_year(year);
    let text = |s: Option<&str>| {
        s.map_or(Value::String(String::new()), |s| {
            Value::String(s.to_string())
        })
    };
    let mut sections = Map::new();
    sections.insert(
        PREAMBLE_KEY.into(),
        text(author.map(|a| a.preamble.as_str())),
    );
    for (i, key) in SECTION_KEYS.iter().enumerate() {
        sections.insert((*key).into(), text(author.map(|a| a.sections[i].as_str())));
    }
    let mut root = Map::new();
    root.insert("schema".into(), json!(AUTHOR_SCHEMA));
    root.insert(
        "agency".into(),
        text(author.and_then(|a| a.agency.as_deref())),
    );
    root.insert("year".into(), json!(year));
    root.insert(
        "published".into(),
        text(author.and_then(|a| a.published.as_deref())),
    );
    root.insert(
        "blank_cells".into(),
        json!(author.map_or("error", |a| a.blank_cells.as_str())),
    );
    root.insert("sections".into(), Value::Object(sections));
    for def in schema::cells(template) {
        let entered = author.and_then(|a| a.entered(def.path));
        let optional_total = def.role == Role::Computed
            && !(def.row == "carried_out" && def.position < schema::REQUEST_TOTAL);
        if optional_total && entered.flatten().is_none() {
            continue;
        }
        let value = match entered.flatten() {
            Some(n) => serde_json::to_value(n).expect("numbers serialise"),
            None => Value::Null,
        };
        let table = root
            .entry(def.table.key())
            .or_insert_with(|| Value::Object(Map::new()));
        let row = table
            .as_object_mut()
            .expect("tables are objects")
            .entry(def.row)
            .or_insert_with(|| Value::Object(Map::new()));
        row.as_object_mut()
            .expect("rows are objects")
            .insert(def.column.into(), value);
    }
    let mut out = serde_json::to_string_pretty(&Value::Object(root)).expect("JSON serialises");
    out.push('\n');
    out
}
