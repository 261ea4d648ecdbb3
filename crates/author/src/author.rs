//! An author file as read: metadata, prose, and the cells the author entered,
//! validated key by key against the format of the report year.

use crate::problem::{self, Place, Problem, Problems};
use crate::schema::{self, TableId};
use std::collections::BTreeMap;
use xxgk_model::labels::ValueKind;
use xxgk_model::{Message, Number, Template};

/// The value of `schema` in an author file.
pub const AUTHOR_SCHEMA: &str = "xxgk/author@1";

/// Keys of the six sections under `sections`, in order 一 … 六.
pub const SECTION_KEYS: [&str; 6] = [
    "general", "active", "requests", "appeals", "problems", "other",
];

/// Key of the text between the title and section 一, under `sections`.
pub const PREAMBLE_KEY: &str = "preamble";

/// Earliest report year: the 2019 format is the oldest this schema knows.
pub const FIRST_YEAR: i32 = 2019;
/// Latest report year accepted (a guard against typos such as 20255).
pub const LAST_YEAR: i32 = 2100;

/// What to do with a leaf cell the author did not fill in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BlankCells {
    /// An error naming every such cell (the default): a report's tables are
    /// complete, and a cell left out is more often forgotten than meant.
    #[default]
    Error,
    /// Count it as 0 and print 0 (for bodies whose tables are mostly zero).
    Zero,
    /// Print it blank; totals that depend on it are blank too (unless entered).
    Keep,
}

impl BlankCells {
    /// The word written in the file (`error`, `zero`, `keep`).
    pub fn as_str(self) -> &'static str {
        match self {
            BlankCells::Error => "error",
            BlankCells::Zero => "zero",
            BlankCells::Keep => "keep",
        }
    }

    fn parse(text: &str) -> Option<BlankCells> {
        match text {
            "error" => Some(BlankCells::Error),
            "zero" => Some(BlankCells::Zero),
            "keep" => Some(BlankCells::Keep),
            _ => None,
        }
    }
}

/// The formats an author file comes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// TOML (`.toml`).
    Toml,
    /// JSON (`.json`).
    Json,
    /// The fill-in sheet written by `xxgk new --to xlsx`.
    Xlsx,
}

impl InputFormat {
    /// The format a file name's extension names.
    pub fn from_name(name: &str) -> Option<InputFormat> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "toml" => Some(InputFormat::Toml),
            "json" => Some(InputFormat::Json),
            "xlsx" => Some(InputFormat::Xlsx),
            _ => None,
        }
    }
}

/// A parsed author file.
#[derive(Clone, Debug, PartialEq)]
pub struct Author {
    /// The file as named by the caller (for messages).
    pub file: String,
    /// Which format the file was read from.
    pub format: InputFormat,
    /// The issuing body, as entered.
    pub agency: Option<String>,
    /// The report year (统计年度); it decides the official format.
    pub year: i32,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// What an empty leaf cell means: an error, zero, or printed blank.
    pub blank_cells: BlankCells,
    /// Markdown between the title and section 一.
    pub preamble: String,
    /// Markdown of sections 一 … 六 (keys [`SECTION_KEYS`]).
    pub sections: [String; 6],
    /// The cells the file holds, by contract path; `None` when left blank.
    pub cells: BTreeMap<&'static str, Option<Number>>,
    /// Where each key is in the file, when the format tells.
    pub places: BTreeMap<String, Place>,
}

impl Author {
    /// An empty author file for `year` (what `xxgk new` writes, read back).
    pub fn new(year: i32) -> Author {
        Author {
            file: String::new(),
            format: InputFormat::Toml,
            agency: None,
            year,
            published: None,
            blank_cells: BlankCells::Error,
            preamble: String::new(),
            sections: Default::default(),
            cells: BTreeMap::new(),
            places: BTreeMap::new(),
        }
    }

    /// The official format of the report year.
    pub fn template(&self) -> Template {
        Template::for_year(self.year)
    }

    /// Where `key` is in the file, if known.
    pub fn place(&self, key: &str) -> Option<Place> {
        self.places.get(key).cloned()
    }

    /// The value entered for a cell: `None` when absent, `Some(None)` when blank.
    pub fn entered(&self, path: &str) -> Option<Option<Number>> {
        self.cells.get(path).copied()
    }
}

/// A value as the file holds it, before its key says what it should be.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Raw {
    /// `""`, `null`, an empty cell.
    Blank,
    /// A number as written (`12`, `461.7`, `-3`).
    Number(String),
    Text(String),
    Bool(bool),
    /// A TOML date (`2026-01-20`) or a spreadsheet date, as `YYYY-MM-DD…`.
    Date(String),
    /// An array, a table where a value belongs…: its type for the message.
    Other(&'static str),
}

impl Raw {
    fn type_name(&self, lang_zh: bool) -> &'static str {
        match (self, lang_zh) {
            (Raw::Blank, true) => "空值",
            (Raw::Blank, false) => "blank",
            (Raw::Number(_), true) => "数字",
            (Raw::Number(_), false) => "number",
            (Raw::Text(_), true) => "文字",
            (Raw::Text(_), false) => "text",
            (Raw::Bool(_), true) => "布尔值",
            (Raw::Bool(_), false) => "boolean",
            (Raw::Date(_), true) => "日期",
            (Raw::Date(_), false) => "date",
            (Raw::Other(name), _) => name,
        }
    }
}

/// One key of a file with its value, flattened to a dotted path.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    pub key: String,
    pub value: Raw,
    pub place: Option<Place>,
}

/// The keys an author file may have outside the tables.
const TOP_KEYS: &[&str] = &[
    "schema",
    "agency",
    "year",
    "published",
    "blank_cells",
    "sections",
];

/// Turns the entries of a file into an author file, or every problem found.
pub(crate) fn interpret(
    file: &str,
    format: InputFormat,
    entries: Vec<Entry>,
) -> Result<Author, Problems> {
    let mut problems = Vec::new();
    let year = read_year(&entries, &mut problems);
    let mut author = Author::new(year.unwrap_or(FIRST_YEAR));
    author.file = file.to_string();
    author.format = format;
    let cells = schema::cells(author.template());
    let by_path: std::collections::HashMap<&str, &schema::CellDef> =
        cells.iter().map(|c| (c.path, c)).collect();
    for entry in &entries {
        if let Some(place) = &entry.place {
            author.places.insert(entry.key.clone(), place.clone());
        }
        let bad = |zh: String, en: String| {
            Problem::error(Some(&entry.key), zh, en).at(entry.place.clone())
        };
        let (head, rest) = entry.key.split_once('.').unwrap_or((&entry.key, ""));
        match (head, rest) {
            ("year", "") => {}
            ("schema", "") => match &entry.value {
                Raw::Text(text) if text == AUTHOR_SCHEMA => {}
                Raw::Blank => {}
                other => problems.push(bad(
                    format!("应为 \"{AUTHOR_SCHEMA}\"，而不是 {}", shown(other)),
                    format!("must be \"{AUTHOR_SCHEMA}\", not {}", shown(other)),
                )),
            },
            ("agency", "") => match &entry.value {
                Raw::Text(text) => author.agency = Some(text.trim().to_string()),
                Raw::Blank => {}
                other => problems.push(type_error(
                    &entry.key,
                    entry.place.clone(),
                    "文字",
                    "text",
                    other,
                )),
            },
            ("published", "") => match &entry.value {
                Raw::Blank => {}
                Raw::Text(text) | Raw::Date(text) => match iso_date(text.trim()) {
                    Some(date) => author.published = Some(date),
                    None => problems.push(
                        bad(
                            format!("日期「{text}」应写成 YYYY-MM-DD"),
                            format!("the date `{text}` must be written YYYY-MM-DD"),
                        )
                        .with_note(
                            "如 published = \"2026-01-20\"",
                            "e.g. published = \"2026-01-20\"",
                        ),
                    ),
                },
                other => problems.push(type_error(
                    &entry.key,
                    entry.place.clone(),
                    "日期",
                    "date",
                    other,
                )),
            },
            ("blank_cells", "") => match &entry.value {
                Raw::Text(text) => match BlankCells::parse(text.trim()) {
                    Some(policy) => author.blank_cells = policy,
                    None => problems.push(bad(
                        format!("应为 \"error\"、\"zero\" 或 \"keep\"，而不是「{text}」"),
                        format!("must be \"error\", \"zero\" or \"keep\", not `{text}`"),
                    )),
                },
                Raw::Blank => {}
                other => problems.push(type_error(
                    &entry.key,
                    entry.place.clone(),
                    "文字",
                    "text",
                    other,
                )),
            },
            ("sections", key) => {
                let slot = if key == PREAMBLE_KEY {
                    Some(&mut author.preamble)
                } else {
                    SECTION_KEYS
                        .iter()
                        .position(|k| *k == key)
                        .map(|i| &mut author.sections[i])
                };
                match (slot, &entry.value) {
                    (Some(slot), Raw::Text(text)) => *slot = text.clone(),
                    (Some(_), Raw::Blank) => {}
                    (Some(_), other) => problems.push(type_error(
                        &entry.key,
                        entry.place.clone(),
                        "文字（Markdown）",
                        "text (Markdown)",
                        other,
                    )),
                    (None, _) => {
                        let mut known: Vec<&str> = vec![PREAMBLE_KEY];
                        known.extend(SECTION_KEYS);
                        problems.push(unknown_key(
                            &entry.key,
                            entry.place.clone(),
                            key,
                            &known,
                            "sections.",
                        ));
                    }
                }
            }
            ("active" | "requests" | "appeals", _) => {
                if let Some(year) = year {
                    match cell(&entry.key, Template::for_year(year), &by_path, &entry.value) {
                        Ok((path, value)) => {
                            author.cells.insert(path, value);
                        }
                        Err(problem) => problems.push(problem.at(entry.place.clone())),
                    }
                }
            }
            _ => problems.push(unknown_key(
                &entry.key,
                entry.place.clone(),
                &entry.key,
                TOP_KEYS,
                "",
            )),
        }
    }
    if problems.is_empty() {
        Ok(author)
    } else {
        problem::sort(&mut problems);
        Err(Problems {
            file: file.to_string(),
            list: problems,
        })
    }
}

/// The report year, or why there is none.
fn read_year(entries: &[Entry], problems: &mut Vec<Problem>) -> Option<i32> {
    let Some(entry) = entries.iter().find(|e| e.key == "year") else {
        problems.push(
            Problem::error(Some("year"), "缺少报告年度", "the report year is missing")
                .with_note("如 year = 2025", "e.g. year = 2025"),
        );
        return None;
    };
    let year = match &entry.value {
        Raw::Number(text) => text.parse::<i32>().ok(),
        _ => None,
    };
    match year {
        Some(year) if (FIRST_YEAR..=LAST_YEAR).contains(&year) => Some(year),
        Some(year) => {
            problems.push(
                Problem::error(
                    Some("year"),
                    format!("报告年度 {year} 不在 {FIRST_YEAR}–{LAST_YEAR} 之内（2019 年以前的报告格式不同）"),
                    format!("the report year {year} is not within {FIRST_YEAR}–{LAST_YEAR} (reports before 2019 used another format)"),
                )
                .at(entry.place.clone()),
            );
            None
        }
        None => {
            problems.push(
                Problem::error(
                    Some("year"),
                    format!("报告年度应为四位整数，而不是 {}", shown(&entry.value)),
                    format!(
                        "the report year must be a four-digit whole number, not {}",
                        shown(&entry.value)
                    ),
                )
                .at(entry.place.clone())
                .with_note(
                    "如 year = 2025（不加引号，不写“年”）",
                    "e.g. year = 2025 (no quotes, no 年)",
                ),
            );
            None
        }
    }
}

/// A value for messages: `"2025年"`, `12`, `true`.
fn shown(raw: &Raw) -> String {
    match raw {
        Raw::Blank => "\"\"".into(),
        Raw::Number(text) => text.clone(),
        Raw::Text(text) => format!("\"{text}\""),
        Raw::Bool(b) => b.to_string(),
        Raw::Date(text) => text.clone(),
        Raw::Other(name) => name.to_string(),
    }
}

fn type_error(key: &str, place: Option<Place>, zh_want: &str, en_want: &str, got: &Raw) -> Problem {
    Problem::error(
        Some(key),
        format!("应为{zh_want}，而不是{}", got.type_name(true)),
        format!("must be {en_want}, not {}", got.type_name(false)),
    )
    .at(place)
}

fn unknown_key(
    key: &str,
    place: Option<Place>,
    part: &str,
    known: &[&str],
    prefix: &str,
) -> Problem {
    let problem = Problem::error(Some(key), "未知的键", "unknown key").at(place);
    match nearest(part, known) {
        Some(near) => problem.with_note(
            format!("是否想写 {prefix}{near}？"),
            format!("did you mean {prefix}{near}?"),
        ),
        None => problem.with_note(
            format!(
                "可用的键：{}",
                known
                    .iter()
                    .map(|k| format!("{prefix}{k}"))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            format!(
                "known keys: {}",
                known
                    .iter()
                    .map(|k| format!("{prefix}{k}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    }
}

/// The known word closest to `word`, if it is close (a typo).
fn nearest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (distance(word, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// A table cell: its contract path and value, or why the key or value is wrong.
fn cell(
    key: &str,
    template: Template,
    by_path: &std::collections::HashMap<&str, &schema::CellDef>,
    raw: &Raw,
) -> Result<(&'static str, Option<Number>), Box<Problem>> {
    let Some(def) = by_path.get(key) else {
        return Err(Box::new(unknown_cell(key, template)));
    };
    let value = cell_value(raw, def.kind).map_err(|why| {
        Box::new(Problem::error(
            Some(key),
            format!("{}：{}", def.describe(xxgk_model::Lang::Zh), why.zh),
            format!("{}: {}", def.describe(xxgk_model::Lang::En), why.en),
        ))
    })?;
    Ok((def.path, value))
}

/// Why a table key is not a cell of the format: which part is wrong.
fn unknown_cell(key: &str, template: Template) -> Problem {
    let parts: Vec<&str> = key.split('.').collect();
    let table = TableId::from_key(parts[0]).unwrap_or(TableId::Appeals);
    let cells = schema::cells(template);
    let in_table: Vec<_> = cells.iter().filter(|c| c.table == table).collect();
    let year_format = template.as_str();
    let other = match template {
        Template::V2019 => Template::V2021,
        Template::V2021 => Template::V2019,
    };
    if parts.len() < 3 {
        let mut rows: Vec<&str> = in_table.iter().map(|c| c.row).collect();
        rows.dedup();
        return unknown_key(
            key,
            None,
            parts.get(1).copied().unwrap_or(""),
            &rows,
            &format!("{}.", parts[0]),
        )
        .with_note(
            "表格的键有三段：表.行.列，如 requests.granted.natural_person",
            "table keys have three parts: table.row.column, e.g. requests.granted.natural_person",
        );
    }
    let row_key = parts[1];
    let row_cells: Vec<_> = in_table.iter().filter(|c| c.row == row_key).collect();
    if row_cells.is_empty() {
        if let Some(elsewhere) = schema::cells(other)
            .into_iter()
            .find(|c| c.table == table && c.row == row_key)
        {
            return Problem::error(
                Some(key),
                format!("「{}」只在 {} 年格式中；本报告年度用 {year_format} 年格式", elsewhere.row_label, other.as_str()),
                format!("`{}` ({}) is only in the {} format; this report year uses the {year_format} format", row_key, elsewhere.row_label, other.as_str()),
            );
        }
        let mut rows: Vec<&str> = in_table.iter().map(|c| c.row).collect();
        rows.dedup();
        return unknown_key(key, None, row_key, &rows, &format!("{}.", parts[0]));
    }
    let columns: Vec<&str> = row_cells.iter().map(|c| c.column).collect();
    let extra = parts.len() > 3 || columns.contains(&parts[2]);
    if extra {
        return Problem::error(
            Some(key),
            "单元格的值应为数字，不能再分键",
            "a cell holds a number, not further keys",
        );
    }
    let row_label = &row_cells[0].row_label;
    let problem = Problem::error(
        Some(key),
        format!("「{row_label}」没有「{}」这一列", parts[2]),
        format!(
            "the row `{row_key}` ({row_label}) has no column `{}`",
            parts[2]
        ),
    );
    match nearest(parts[2], &columns) {
        Some(near) => problem.with_note(
            format!("是否想写 {}.{row_key}.{near}？", parts[0]),
            format!("did you mean {}.{row_key}.{near}?", parts[0]),
        ),
        None => problem.with_note(
            format!("这一行的列：{}", columns.join("、")),
            format!("the columns of this row: {}", columns.join(", ")),
        ),
    }
}

/// A cell's value checked against the kind of its column: whole counts ≥ 0,
/// signed whole changes, money in 万元 ≥ 0 with at most six decimals.
pub(crate) fn cell_value(raw: &Raw, kind: ValueKind) -> Result<Option<Number>, Message> {
    let text = match raw {
        Raw::Blank => return Ok(None),
        Raw::Number(text) => text,
        Raw::Text(text) => {
            return Err(Message::new(
                format!("应为数字，而不是文字「{text}」（数字不加引号，金额以万元为单位、不写单位）"),
                format!("must be a number, not the text \"{text}\" (numbers without quotes; money in 万元, without a unit)"),
            ))
        }
        other => {
            return Err(Message::new(
                format!("应为数字，而不是{}", other.type_name(true)),
                format!("must be a number, not a {}", other.type_name(false)),
            ))
        }
    };
    let Some(number) = Number::parse(text.trim()) else {
        return Err(Message::new(
            format!("「{text}」不是一个普通的十进制数"),
            format!("`{text}` is not a plain decimal number"),
        ));
    };
    match kind {
        ValueKind::Count if !number.is_integer() => Err(Message::new(
            format!("件数应为整数，而不是 {number}"),
            format!("a count must be a whole number, not {number}"),
        )),
        ValueKind::Count if number.is_negative() => Err(Message::new(
            format!("件数不能为负数（{number}）"),
            format!("a count cannot be negative ({number})"),
        )),
        ValueKind::Change if !number.is_integer() => Err(Message::new(
            format!("增减数应为整数，而不是 {number}"),
            format!("a change must be a whole number, not {number}"),
        )),
        ValueKind::MoneyWan if number.is_negative() => Err(Message::new(
            format!("金额不能为负数（{number}）"),
            format!("an amount cannot be negative ({number})"),
        )),
        ValueKind::MoneyWan if decimals(number) > 6 => Err(Message::new(
            format!("金额以万元计，最多 6 位小数（到分），而不是 {number}"),
            format!("amounts are in 万元 with at most 6 decimals (to the fen), not {number}"),
        )),
        _ => Ok(Some(number)),
    }
}

fn decimals(number: Number) -> usize {
    number
        .to_string()
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len())
}

/// `2026-01-20` (or a datetime starting with it) if it is a real date.
pub(crate) fn iso_date(text: &str) -> Option<String> {
    let date = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with(['T', ' '])) {
        return None;
    }
    let bytes = date.as_bytes();
    if bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: i32 = date[..4].parse().ok()?;
    let month: u32 = date[5..7].parse().ok()?;
    let day: u32 = date[8..10].parse().ok()?;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((1..=days).contains(&day) && (2000..=2100).contains(&year)).then(|| date.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(iso_date("2026-01-20").as_deref(), Some("2026-01-20"));
        assert_eq!(iso_date("2024-02-29").as_deref(), Some("2024-02-29"));
        assert_eq!(iso_date("2025-02-29"), None);
        assert_eq!(iso_date("2026-1-20"), None);
        assert_eq!(iso_date("2026年1月20日"), None);
    }

    #[test]
    fn values_by_kind() {
        let n = |t: &str| Raw::Number(t.into());
        assert_eq!(
            cell_value(&n("12"), ValueKind::Count),
            Ok(Some(Number::int(12)))
        );
        assert!(cell_value(&n("-1"), ValueKind::Count).is_err());
        assert!(cell_value(&n("1.5"), ValueKind::Count).is_err());
        assert_eq!(
            cell_value(&n("-4"), ValueKind::Change),
            Ok(Some(Number::int(-4)))
        );
        assert_eq!(
            cell_value(&n("461.7"), ValueKind::MoneyWan)
                .unwrap()
                .unwrap()
                .to_string(),
            "461.7"
        );
        assert!(cell_value(&n("1e3"), ValueKind::MoneyWan).is_err());
        assert!(cell_value(&Raw::Text("12".into()), ValueKind::Count).is_err());
        assert_eq!(cell_value(&Raw::Blank, ValueKind::Count), Ok(None));
    }

    #[test]
    fn typos_are_near() {
        assert_eq!(
            nearest("natral_person", &["natural_person", "commercial"]),
            Some("natural_person")
        );
        assert_eq!(nearest("xyz", &["natural_person"]), None);
    }
}
