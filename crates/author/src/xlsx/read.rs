//! Reading the fill-in sheet back: every row with a key in hidden column A,
//! its values from its table's first value column on.

use super::{cell_name, first_value_column, VALUE_COLUMN};
use crate::author::{self, Author, Entry, InputFormat, Raw};
use crate::problem::{Place, Problem, Problems};
use crate::schema::{self, CellDef, Role, TableId, REQUEST_TOTAL};
use calamine::{Data, DataRef, Reader, Xlsx};
use std::collections::BTreeMap;
use xxgk_model::{Lang, Number, Template};

/// What a fill-in sheet may inflate to, per part and in all: the sheet of a
/// report is tens of kilobytes; anything near this is a ZIP bomb, refused
/// before the workbook is parsed (the XLSX parser inflates parts whole).
pub const MAX_INFLATED_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a fill-in sheet.
pub fn read(bytes: &[u8], file: &str) -> Result<Author, Problems> {
    xxgk_read::archive::check_inflated_sizes(bytes, "XLSX", MAX_INFLATED_BYTES, MAX_INFLATED_BYTES)
        .map_err(|error| {
            Problems::one(
                file,
                Problem::error(
                    None,
                    format!("无法读取 XLSX 文件：{}", error.message.zh),
                    format!("cannot read the XLSX file: {}", error.message.en),
                ),
            )
        })?;
    let not_xlsx = |detail: String| {
        Problems::one(
            file,
            Problem::error(
                None,
                format!("无法读取 XLSX 文件：{detail}"),
                format!("cannot read the XLSX file: {detail}"),
            ),
        )
    };
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| not_xlsx(e.to_string()))?;
    // Every row with a key in column A: (sheet, row, key, the row's cells).
    // Cells are read one by one, never as a dense range: one cell typed at
    // XFD1048576 would make a range of 17 billion cells (half a terabyte)
    // from a 13 KB file. Read sparsely, memory follows the cells written,
    // which the inflation cap bounds.
    let mut keyed: Vec<KeyedRow> = Vec::new();
    for name in workbook.sheet_names() {
        let mut reader = match workbook.worksheet_cells_reader(&name) {
            Ok(reader) => reader,
            // A chart sheet has no cells.
            Err(calamine::XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(not_xlsx(e.to_string())),
        };
        let mut rows: BTreeMap<u32, Vec<(u16, Data)>> = BTreeMap::new();
        while let Some(cell) = reader.next_cell().map_err(|e| not_xlsx(e.to_string()))? {
            let (r, c) = cell.get_position();
            // No value column is past XFD; a column number beyond what a u16
            // holds is no cell of a fill-in sheet.
            let Ok(c) = u16::try_from(c) else {
                continue;
            };
            let value = cell.get_value();
            if *value != DataRef::Empty {
                rows.entry(r)
                    .or_default()
                    .push((c, Data::from(value.clone())));
            }
        }
        for (r, values) in rows {
            let key = values.iter().find_map(|(c, d)| match d {
                Data::String(key) if *c == 0 => Some(key.trim().to_string()),
                _ => None,
            });
            let Some(key) = key.filter(|key| !key.is_empty()) else {
                continue;
            };
            keyed.push((name.clone(), r, key, values));
        }
    }
    if !keyed.iter().any(|(_, _, key, _)| key == "year") {
        return Err(Problems::one(
            file,
            Problem::error(
                None,
                "这不是 xxgk 的数据表（没有找到“报告年度”）；请用 xxgk new --year 年度 --to xlsx 生成",
                "this is not an xxgk fill-in sheet (no report year found); make one with xxgk new --year YEAR --to xlsx",
            ),
        ));
    }
    let value_at = |values: &[(u16, Data)], c: u16| -> Data {
        values
            .iter()
            .find(|(col, _)| *col == c)
            .map_or(Data::Empty, |(_, d)| d.clone())
    };
    // The year decides which cells the table rows hold.
    let year = keyed
        .iter()
        .find(|(_, _, key, _)| key == "year")
        .map(|(_, _, _, values)| raw(&value_at(values, VALUE_COLUMN)))
        .and_then(|raw| match raw {
            Raw::Number(text) => text.parse::<i32>().ok(),
            _ => None,
        });
    let template = Template::for_year(year.unwrap_or(author::FIRST_YEAR));
    let cells = schema::cells(template);
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for (sheet, r, key, values) in &keyed {
        let table = key.split('.').next().and_then(TableId::from_key);
        let Some(table) = table else {
            entries.push(Entry {
                key: key.clone(),
                value: raw(&value_at(values, VALUE_COLUMN)),
                place: Some(Place::Cell {
                    sheet: sheet.clone(),
                    cell: cell_name(*r, VALUE_COLUMN),
                }),
            });
            continue;
        };
        let row_key = key.split_once('.').map_or("", |(_, row)| row);
        let row_defs: Vec<&CellDef> = cells
            .iter()
            .filter(|c| c.table == table && c.row == row_key)
            .collect();
        if row_defs.is_empty() {
            problems.push(
                Problem::error(
                    Some(key),
                    format!(
                        "这一行不属于 {} 年格式的{}",
                        template.as_str(),
                        table.short_name(Lang::Zh)
                    ),
                    format!(
                        "this row is not in {} of the {} format",
                        table.short_name(Lang::En),
                        template.as_str()
                    ),
                )
                .at(Some(Place::Cell {
                    sheet: sheet.clone(),
                    cell: cell_name(*r, 0),
                })),
            );
            continue;
        }
        for def in row_defs {
            // Totals are formulas in the sheet and computed again by xxgk;
            // 结转下年度 is read (the author may enter it).
            let entered = def.role == Role::Leaf
                || (def.row == "carried_out" && def.position < REQUEST_TOTAL);
            if !entered {
                continue;
            }
            let c = first_value_column(table) + def.position as u16;
            entries.push(Entry {
                key: def.path.to_string(),
                value: raw(&value_at(values, c)),
                place: Some(Place::Cell {
                    sheet: sheet.clone(),
                    cell: cell_name(*r, c),
                }),
            });
        }
    }
    let result = author::interpret(file, InputFormat::Xlsx, entries);
    match (result, problems.is_empty()) {
        (Ok(author), true) => Ok(author),
        (Ok(_), false) => Err(Problems {
            file: file.to_string(),
            list: problems,
        }),
        (Err(mut e), _) => {
            e.list.extend(problems);
            Err(e)
        }
    }
}

/// A row of a sheet with a key in column A: sheet, row, key, its cells by column.
type KeyedRow = (String, u32, String, Vec<(u16, Data)>);

/// A spreadsheet cell as a raw value: numbers typed as text count as numbers.
fn raw(data: &Data) -> Raw {
    match data {
        Data::Empty => Raw::Blank,
        Data::String(s) => {
            let t = s.trim();
            if t.is_empty() {
                Raw::Blank
            } else if Number::parse(t).is_some() {
                Raw::Number(t.to_string())
            } else {
                Raw::Text(s.clone())
            }
        }
        Data::Int(i) => Raw::Number(i.to_string()),
        Data::Float(x) => Raw::Number(float_text(*x)),
        Data::Bool(b) => Raw::Bool(*b),
        Data::DateTime(dt) => Raw::Date(serial_date(dt.as_f64())),
        Data::DateTimeIso(s) => Raw::Date(s.clone()),
        Data::DurationIso(_) => Raw::Other("duration"),
        Data::Error(_) => Raw::Other("#error"),
    }
}

/// A spreadsheet number as the shortest decimal that reads back the same.
fn float_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A spreadsheet date serial (days since 1899-12-30) as `YYYY-MM-DD`.
fn serial_date(serial: f64) -> String {
    let days = serial.floor() as i64 - 25569; // days since 1970-01-01
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Howard Hinnant's days → civil date.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates() {
        assert_eq!(serial_date(46042.0), "2026-01-20");
        assert_eq!(float_text(3.0), "3");
        assert_eq!(float_text(461.7), "461.7");
    }
}
