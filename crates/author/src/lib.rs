//! Authoring an annual report: the author file (`xxgk/author@1`) a body fills
//! in — TOML, JSON or an XLSX fill-in sheet — its blank templates, and
//! [`compute`], which turns the cells entered into a full
//! [`Report`](xxgk_model::Report) with every total computed.
//!
//! # The author file
//!
//! The keys are those of the report JSON contract (`xxgk/report@1`), so a cell
//! has the same path everywhere: `requests.granted.natural_person` is the
//! 自然人 cell of table 3 row （一）予以公开, as in `xxgk extract` output and in
//! [`Table::path`](xxgk_model::Table::path).
//!
//! | key | value |
//! |---|---|
//! | `schema` | `"xxgk/author@1"` (optional) |
//! | `agency` | the issuing body as printed in the title and signature (required) |
//! | `year` | the report year, a whole number from 2019; it decides the format: 2019 for 2019–2020, 2021 from 2021 (required) |
//! | `published` | the date printed at the end, `"YYYY-MM-DD"` (TOML also takes a bare date `2026-01-20`; optional, a warning when missing) |
//! | `blank_cells` | what a leaf cell not filled in means: `"error"` (default: an error naming it), `"zero"` (0), `"keep"` (printed blank) |
//! | `sections.preamble` | Markdown between the title and section 一 |
//! | `sections.general` … `sections.other` | Markdown of sections 一 总体情况, 二 `active`, 三 `requests`, 四 `appeals`, 五 `problems`, 六 `other` (the tables of 二–四 follow their text) |
//! | `active.<row>.<column>` | table 2 cells of the year's format (every cell is a leaf) |
//! | `requests.<row>.<column>` | table 3 cells: rows `received`, `carried_in` and the outcome rows are leaves in the six applicant columns |
//! | `appeals.<group>.<column>` | table 4 cells: `upheld`, `corrected`, `other`, `pending` are leaves |
//!
//! Row and column keys and their official labels are listed in
//! `report-json.md` and in [`xxgk_model::labels`]; `xxgk new --year Y` writes a
//! TOML file with every key of that year's format and its label as a comment.
//! A JSON file has the same nesting (`{"requests": {"granted":
//! {"natural_person": 3}}}`); `null` or `""` is a cell not filled in. In the XLSX
//! sheet a cell not filled in is empty.
//!
//! **Values.** Counts are whole numbers ≥ 0; 本年增/减 (`change`) is a whole
//! number and may be negative; money (`amount_wan`) is in 万元, ≥ 0, with at
//! most six decimals. Numbers are written as numbers, not strings (the XLSX
//! sheet also takes numbers typed as text).
//!
//! **Computed cells** (never needed in the file): each row's `total` in table 3,
//! the row `requests.total` （七）总计 (the sum of the outcome rows), the row
//! `requests.carried_out` 四、结转下年度继续办理 (= 一 + 二 − （七）, per column,
//! so the identity printed in the table holds by construction), and each
//! group's `total` in table 4. A computed cell the author enters anyway must
//! agree with the computation, or it is an error naming both values and the
//! computation. A 结转下年度 that would be negative (more concluded than
//! received plus carried in) is an error.
//!
//! **Errors** name the file, the key and, where the format tells, the line
//! (TOML, JSON syntax errors) or the sheet cell (XLSX): invalid syntax, an
//! unknown key (with the key probably meant), a row of the other year's
//! format, a value that is not a number, a negative count, a fraction where a
//! count belongs, a year that is not a whole number from 2019, a date not
//! written `YYYY-MM-DD`.
//!
//! ```
//! let text = r#"
//! agency = "王岗镇人民政府"
//! year = 2025
//! published = "2026-01-20"
//! blank_cells = "zero"
//! [requests.received]
//! natural_person = 10
//! [requests.granted]
//! natural_person = 7
//! "#;
//! let author = xxgk_author::read_toml(text, "report.toml").unwrap();
//! let computed = xxgk_author::compute(&author);
//! assert!(!computed.has_errors());
//! let report = computed.report;
//! assert_eq!(report.value("requests.total.natural_person").unwrap().to_string(), "7");
//! assert_eq!(report.value("requests.carried_out.total").unwrap().to_string(), "3");
//! ```

mod author;
mod compute;
use xxgk_diagnostics::problem;
pub mod schema;
mod template;
mod text;
mod xlsx;
pub use xlsx::WriteError;

pub use author::{
    Author, BlankCells, InputFormat, AUTHOR_SCHEMA, FIRST_YEAR, LAST_YEAR, PREAMBLE_KEY,
    SECTION_KEYS,
};
pub use compute::{compute, computed_paths, Computed};
pub use problem::{Place, Problem, Problems};

use xxgk_model::{Lang, Message};

/// Reads an author file, its format told by the name's extension (`.toml`,
/// `.json`, `.xlsx`).
pub fn read(bytes: &[u8], file: &str) -> Result<Author, Problems> {
    let format = InputFormat::from_name(file).ok_or_else(|| {
        Problems::one(
            file,
            Problem::error(
                None,
                "数据文件应为 .toml、.json 或 .xlsx",
                "an author file is .toml, .json or .xlsx",
            ),
        )
    })?;
    read_as(bytes, file, format)
}

/// Reads an author file of a known format.
pub fn read_as(bytes: &[u8], file: &str, format: InputFormat) -> Result<Author, Problems> {
    let text = || {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        std::str::from_utf8(bytes).map_err(|_| {
            Problems::one(
                file,
                Problem::error(
                    None,
                    "文件不是 UTF-8 编码的文本",
                    "the file is not UTF-8 text",
                ),
            )
        })
    };
    match format {
        InputFormat::Toml => read_toml(text()?, file),
        InputFormat::Json => read_json(text()?, file),
        InputFormat::Xlsx => xlsx::read(bytes, file),
    }
}

/// Reads a TOML author file.
pub fn read_toml(text: &str, file: &str) -> Result<Author, Problems> {
    let entries = text::toml_entries(file, text)?;
    author::interpret(file, InputFormat::Toml, entries)
}

/// Reads a JSON author file.
pub fn read_json(text: &str, file: &str) -> Result<Author, Problems> {
    let entries = text::json_entries(file, text)?;
    author::interpret(file, InputFormat::Json, entries)
}

/// Checks that `year` can have an author file (2019 to 2100).
pub fn check_year(year: i32) -> Result<(), Message> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(Message::new(
            format!("报告年度 {year} 不在 {FIRST_YEAR}–{LAST_YEAR} 之内（2019 年以前的报告格式不同）"),
            format!("the report year {year} is not within {FIRST_YEAR}–{LAST_YEAR} (reports before 2019 used another format)"),
        ))
    }
}

/// The commented TOML author file for `year`, blank (comments in `lang`, labels
/// in Chinese).
pub fn blank_toml(year: i32, lang: Lang) -> String {
    template::toml(year, lang, None)
}

/// The JSON author file for `year`, blank (`null` cells).
pub fn blank_json(year: i32) -> String {
    template::json(year, None)
}

/// The XLSX fill-in sheet for `year`, blank.
pub fn blank_xlsx(year: i32, lang: Lang) -> Result<Vec<u8>, WriteError> {
    xlsx::write(year, lang, None)
}

/// An author file as commented TOML (to convert a JSON or XLSX file).
pub fn to_toml(author: &Author, lang: Lang) -> String {
    template::toml(author.year, lang, Some(author))
}

/// An author file as JSON.
pub fn to_json(author: &Author) -> String {
    template::json(author.year, Some(author))
}

/// An author file as an XLSX fill-in sheet with its values filled in.
pub fn to_xlsx(author: &Author, lang: Lang) -> Result<Vec<u8>, WriteError> {
    xlsx::write(author.year, lang, Some(author))
}
