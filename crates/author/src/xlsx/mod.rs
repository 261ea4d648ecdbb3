//! The XLSX fill-in sheet: written with `rust_xlsxwriter` ([`write`]), read
//! back with `calamine` ([`read`]).
//!
//! Sheets: 基本信息 (agency, year, date, blank-cell policy), 正文 (the prose),
//! 表二, 表三, 表四 (the tables, laid out like the official ones). Cells to fill
//! in are yellow and unlocked, with data validation (whole numbers ≥ 0, signed
//! changes, amounts ≥ 0); totals are grey formulas, so a spreadsheet shows
//! them while the author types, and are not read back (xxgk computes them).
//! Sheets are protected without a password, so the layout is not broken by
//! accident.
//!
//! Reading does not depend on positions alone: hidden column A holds each
//! row's key (`requests.granted`, `agency`, `sections.general`), and a row's
//! values are read from its table's first value column in the order of the
//! official columns. Rows may be moved; columns may not.

mod read;
mod write;

pub use read::read;
pub use write::write;
pub use write::WriteError;

use crate::schema::TableId;

/// The first value column of each table's sheet (0-based: C, D, C).
pub(crate) fn first_value_column(table: TableId) -> u16 {
    match table {
        TableId::Active => 2,
        TableId::Requests => 3,
        TableId::Appeals => 2,
    }
}

/// The column the value of a metadata or prose row is in (C).
pub(crate) const VALUE_COLUMN: u16 = 2;

/// `D7` for (6, 3).
pub(crate) fn cell_name(row: u32, col: u16) -> String {
    let mut letters = String::new();
    let mut c = u32::from(col) + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.insert(0, char::from(b'A' + rem as u8));
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(crate) fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 3), "D7");
        assert_eq!(cell_name(0, 26), "AA1");
    }
}
