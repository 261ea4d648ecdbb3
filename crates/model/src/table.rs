//! One generic table type, specialised by per-format row and column enums.
//!
//! `Table<Active2019Row>` can only be addressed with 2019 rows, and each row only
//! with the columns its format gives it, so a 2019 table 2 cannot hold 2021 columns.
//! A cell is `Option<Number>`: `None` is blank or unreadable, never zero.
//! Row labels come from [`crate::labels`].

use crate::labels::{ColumnDef, RowDef};
use crate::{Number, Schema, TableId};
use serde::ser::SerializeMap;
use std::collections::BTreeMap;
use std::fmt::Debug;

/// A row of one table kind; its labels and columns come from [`labels`](crate::labels)
/// through its [`Schema`].
pub trait RowKind: Copy + Ord + Debug + 'static {
    /// Which table this is; its key is the first segment of a cell path
    /// (`requests`).
    const TABLE: TableId;
    /// The official row and column lists of this row kind.
    const SCHEMA: Schema;
    /// Every row, in official order.
    const ALL: &'static [Self];
    /// The row's position in [`RowKind::ALL`] and in its schema's rows.
    fn index(self) -> usize;
    /// Every cell path of this row kind (`requests.received.total`, …), built once.
    fn paths() -> &'static [Vec<&'static str>];
    /// Every row path of this row kind (`requests.received`, …: the keys of
    /// [`Report::row_labels`](crate::Report::row_labels)), built once.
    fn row_paths() -> &'static [&'static str];

    /// The row's path, the key of its printed label in
    /// [`Report::row_labels`](crate::Report::row_labels).
    fn row_path(self) -> &'static str {
        Self::row_paths()[self.index()]
    }

    /// The official rows of this kind.
    fn defs() -> &'static [RowDef] {
        Self::SCHEMA.rows()
    }
    /// The official columns the rows index into.
    fn column_defs() -> &'static [ColumnDef] {
        Self::SCHEMA.columns()
    }
    /// The row's official definition.
    fn def(self) -> &'static RowDef {
        &Self::defs()[self.index()]
    }
    /// The row's JSON key.
    fn key(self) -> &'static str {
        self.def().key
    }
    /// The columns of this row, as indices into [`RowKind::column_defs`].
    fn columns(self) -> &'static [usize] {
        self.def().columns
    }
    /// The row a JSON key names.
    fn from_key(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| r.key() == key)
    }
}

/// Every cell path of both formats (`active.…`, `requests.…`, `appeals.…`),
/// as the static strings [`Table::path`] gives.
pub fn cell_paths() -> &'static std::collections::BTreeSet<&'static str> {
    static PATHS: std::sync::OnceLock<std::collections::BTreeSet<&'static str>> =
        std::sync::OnceLock::new();
    PATHS.get_or_init(|| {
        [
            Active2019Row::paths(),
            Active2021Row::paths(),
            RequestRow::paths(),
            AppealGroup::paths(),
        ]
        .into_iter()
        .flatten()
        .flatten()
        .copied()
        .collect()
    })
}

macro_rules! row_kind {
    ($(#[$doc:meta])* $name:ident, $table:expr, $schema:expr, [$($variant:ident),* $(,)?]) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[allow(missing_docs)] // the variants are the rows of `labels`, in order
        pub enum $name { $($variant),* }

        impl RowKind for $name {
            const TABLE: TableId = $table;
            const SCHEMA: Schema = $schema;
            const ALL: &'static [Self] = &[$($name::$variant),*];
            fn index(self) -> usize { self as usize }
            fn paths() -> &'static [Vec<&'static str>] {
                static PATHS: std::sync::OnceLock<Vec<Vec<&'static str>>> = std::sync::OnceLock::new();
                PATHS.get_or_init(build_paths::<$name>)
            }
            fn row_paths() -> &'static [&'static str] {
                static PATHS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
                PATHS.get_or_init(build_row_paths::<$name>)
            }
        }
    };
}

row_kind!(
    /// Table 2 rows of the 2019 format.
    Active2019Row, TableId::Active, Schema::Active2019,
    [Regulations, NormativeDocuments, Licensing, OtherServices, Punishment, Coercion, Fees, Procurement]
);
row_kind!(
    /// Table 2 rows of the 2021 format.
    Active2021Row, TableId::Active, Schema::Active2021,
    [Regulations, NormativeDocuments, Licensing, Punishment, Coercion, Fees]
);
row_kind!(
    /// Table 3 rows (both formats; （六） is one row in 2019, three in 2021).
    RequestRow, TableId::Requests, Schema::Requests,
    [
        Received, CarriedIn, Granted, PartiallyGranted,
        DeniedStateSecret, DeniedLaw, DeniedSafety, DeniedThirdParty, DeniedInternal,
        DeniedProcess, DeniedEnforcement, DeniedQuery,
        UnavailableNotHeld, UnavailableNeedsCreation, UnavailableUnclear,
        RejectedPetition, RejectedDuplicate, RejectedPublication, RejectedExcessive,
        RejectedConfirmation,
        Other, OtherNoCorrection, OtherUnpaidFee, OtherMisc,
        Total, CarriedOut,
    ]
);
row_kind!(
    /// Table 4 groups.
    AppealGroup, TableId::Appeals, Schema::Appeals,
    [Review, LitigationDirect, LitigationAfterReview]
);

impl RequestRow {
    /// The outcome rows （一）…（六） that （七）总计 sums.
    pub const OUTCOMES: &'static [RequestRow] = &[
        RequestRow::Granted,
        RequestRow::PartiallyGranted,
        RequestRow::DeniedStateSecret,
        RequestRow::DeniedLaw,
        RequestRow::DeniedSafety,
        RequestRow::DeniedThirdParty,
        RequestRow::DeniedInternal,
        RequestRow::DeniedProcess,
        RequestRow::DeniedEnforcement,
        RequestRow::DeniedQuery,
        RequestRow::UnavailableNotHeld,
        RequestRow::UnavailableNeedsCreation,
        RequestRow::UnavailableUnclear,
        RequestRow::RejectedPetition,
        RequestRow::RejectedDuplicate,
        RequestRow::RejectedPublication,
        RequestRow::RejectedExcessive,
        RequestRow::RejectedConfirmation,
        RequestRow::Other,
        RequestRow::OtherNoCorrection,
        RequestRow::OtherUnpaidFee,
        RequestRow::OtherMisc,
    ];
}

/// Why a cell or row could not be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableError {
    /// The row has no such column in this format.
    NoSuchColumn {
        /// The row's key.
        row: &'static str,
        /// The column position asked for.
        column: usize,
    },
    /// The row cannot be printed together with one already present.
    Excluded {
        /// The row's key.
        row: &'static str,
        /// The key of the row already present that excludes it.
        present: &'static str,
    },
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TableError::NoSuchColumn { row, column } => {
                write!(f, "row `{row}` has no column #{column}")
            }
            TableError::Excluded { row, present } => {
                write!(f, "row `{row}` cannot appear together with `{present}`")
            }
        }
    }
}
impl std::error::Error for TableError {}

/// A table: the rows the report prints, each with one cell per column of its row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table<R: RowKind> {
    rows: BTreeMap<R, Vec<Option<Number>>>,
}

impl<R: RowKind> Default for Table<R> {
    fn default() -> Self {
        Table {
            rows: BTreeMap::new(),
        }
    }
}

impl<R: RowKind> Table<R> {
    /// An empty table: no rows.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a row (all cells blank) if it is not there yet.
    pub fn add_row(&mut self, row: R) -> Result<(), TableError> {
        let excluded = row.def().excludes;
        // Most rows exclude none: then the rows present need no look.
        let clash = || self.rows.keys().find(|r| excluded.contains(&r.key()));
        if let Some(present) = (!excluded.is_empty()).then(clash).flatten() {
            return Err(TableError::Excluded {
                row: row.key(),
                present: present.key(),
            });
        }
        self.rows
            .entry(row)
            .or_insert_with(|| vec![None; row.columns().len()]);
        Ok(())
    }

    /// Sets the `position`-th cell of `row` (adding the row if needed).
    pub fn set(
        &mut self,
        row: R,
        position: usize,
        value: Option<Number>,
    ) -> Result<(), TableError> {
        if position >= row.columns().len() {
            return Err(TableError::NoSuchColumn {
                row: row.key(),
                column: position,
            });
        }
        match self.rows.get_mut(&row) {
            Some(cells) => cells[position] = value,
            None => {
                self.add_row(row)?;
                self.rows.get_mut(&row).expect("row just added")[position] = value;
            }
        }
        Ok(())
    }

    /// The cell, `None` when blank or when the row is not printed.
    pub fn get(&self, row: R, position: usize) -> Option<Number> {
        self.rows
            .get(&row)
            .and_then(|cells| cells.get(position).copied().flatten())
    }

    /// True when `row` has been added.
    pub fn has_row(&self, row: R) -> bool {
        self.rows.contains_key(&row)
    }

    /// The printed rows in official order, each with its cells.
    pub fn rows(&self) -> impl Iterator<Item = (R, &[Option<Number>])> {
        self.rows.iter().map(|(r, cells)| (*r, cells.as_slice()))
    }

    /// True when the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The contract path of a cell, e.g. `requests.received.total`.
    pub fn path(row: R, position: usize) -> &'static str {
        R::paths()[row.index()][position]
    }

    /// Every cell of every printed row as (path, value), in official order.
    pub fn cells(&self) -> impl Iterator<Item = (&'static str, Option<Number>)> + '_ {
        self.rows().flat_map(|(row, cells)| {
            cells
                .iter()
                .enumerate()
                .map(move |(position, value)| (Self::path(row, position), *value))
        })
    }

    /// True when every cell of every printed row is blank.
    pub fn all_blank(&self) -> bool {
        self.rows.values().flatten().all(Option::is_none)
    }
}

/// Every cell path of one row kind. Paths are made for every cell extracted and
/// checked; formatting them each time was a measurable share of both, so each row
/// kind builds its list once (leaked: a few hundred short strings per process).
fn build_paths<R: RowKind>() -> Vec<Vec<&'static str>> {
    R::ALL
        .iter()
        .map(|&row| {
            row.columns()
                .iter()
                .map(|&c| {
                    let path = format!("{}.{}.{}", R::TABLE, row.key(), R::column_defs()[c].key);
                    &*Box::leak(path.into_boxed_str())
                })
                .collect()
        })
        .collect()
}

/// Every row path of one row kind, made once like [`build_paths`]'s.
fn build_row_paths<R: RowKind>() -> Vec<&'static str> {
    R::ALL
        .iter()
        .map(|&row| &*Box::leak(format!("{}.{}", R::TABLE, row.key()).into_boxed_str()))
        .collect()
}

/// The path of a column across every row of `table` (`requests.*.commercial`),
/// the key of its printed header in
/// [`Report::column_labels`](crate::Report::column_labels).
pub fn column_path(table: TableId, column: &ColumnDef) -> String {
    // Joined, not formatted: it is made for every header a report prints.
    [table.key(), ".*.", column.key].concat()
}

struct RowCells<'a, R: RowKind>(R, &'a [Option<Number>]);

impl<R: RowKind> serde::Serialize for RowCells<'_, R> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.1.len()))?;
        for (position, value) in self.1.iter().enumerate() {
            map.serialize_entry(R::column_defs()[self.0.columns()[position]].key, value)?;
        }
        map.end()
    }
}

impl<R: RowKind> serde::Serialize for Table<R> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.rows.len()))?;
        for (row, cells) in &self.rows {
            map.serialize_entry(row.key(), &RowCells(*row, cells))?;
        }
        map.end()
    }
}

impl<'de, R: RowKind> serde::Deserialize<'de> for Table<R> {
    /// Reads the rows straight into the table: collecting them first into
    /// maps of owned keys was a quarter of decoding a stored report. The
    /// result, errors included, is that of adding the rows in the order of
    /// their keys, the last of a key named twice standing.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let table = d.deserialize_map(TableVisitor(std::marker::PhantomData))?;
        table.check_exclusions().map_err(D::Error::custom)?;
        Ok(table)
    }
}

impl<R: RowKind> Table<R> {
    /// The error [`Table::add_row`] would give adding these rows in the order
    /// of their keys (the order a map read from JSON gives them): the row
    /// with the first key that excludes one before it.
    fn check_exclusions(&self) -> Result<(), TableError> {
        let broken = self
            .rows
            .keys()
            .filter(|row| !row.def().excludes.is_empty())
            .filter_map(|&row| {
                let excluded = row.def().excludes;
                self.rows
                    .keys()
                    .find(|p| p.key() < row.key() && excluded.contains(&p.key()))
                    .map(|&present| (row, present))
            })
            .min_by_key(|(row, _)| row.key());
        match broken {
            Some((row, present)) => Err(TableError::Excluded {
                row: row.key(),
                present: present.key(),
            }),
            None => Ok(()),
        }
    }
}

/// Reads a table's rows, each into its cells as it comes.
struct TableVisitor<R>(std::marker::PhantomData<R>);

impl<'de, R: RowKind> serde::de::Visitor<'de> for TableVisitor<R> {
    type Value = Table<R>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a map of rows to their cells")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Table<R>, A::Error> {
        let mut rows = BTreeMap::new();
        let row_of = |key: &str| R::from_key(key).ok_or_else(|| format!("unknown row `{key}`"));
        while let Some(row) = map.next_key_seed(KeySeed(row_of))? {
            // A row named twice: the last stands whole.
            let cells = rows.entry(row).or_insert_with(Vec::new);
            *cells = vec![None; row.columns().len()];
            map.next_value_seed(RowCellsSeed { row, cells })?;
        }
        Ok(Table { rows })
    }
}

/// A JSON key looked up as it is read, no copy of it made: `find` gives what
/// it names (a row, a column's position in a row) or the error's message.
struct KeySeed<F>(F);

impl<'de, T, F: FnOnce(&str) -> Result<T, String>> serde::de::DeserializeSeed<'de> for KeySeed<F> {
    type Value = T;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_str(self)
    }
}

impl<T, F: FnOnce(&str) -> Result<T, String>> serde::de::Visitor<'_> for KeySeed<F> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a row or column key")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<T, E> {
        (self.0)(key).map_err(E::custom)
    }
}

/// Reads one row's cells into `cells` (all blank to begin with).
struct RowCellsSeed<'c, R> {
    row: R,
    cells: &'c mut Vec<Option<Number>>,
}

impl<'de, R: RowKind> serde::de::DeserializeSeed<'de> for RowCellsSeed<'_, R> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, R: RowKind> serde::de::Visitor<'de> for RowCellsSeed<'_, R> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a map of columns to cells")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let row = self.row;
        let position_of = |key: &str| {
            row.columns()
                .iter()
                .position(|&c| R::column_defs()[c].key == key)
                .ok_or_else(|| format!("row `{}` has no column `{key}`", row.key()))
        };
        while let Some(position) = map.next_key_seed(KeySeed(position_of))? {
            self.cells[position] = map.next_value()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RequestRow;

    /// A table as it was read before rows were read in place: every row
    /// collected into a map of owned keys, then added in the order of those
    /// keys.
    fn read_through_maps(json: &str) -> Result<Table<RequestRow>, String> {
        let raw: BTreeMap<String, BTreeMap<String, Option<Number>>> =
            serde_json::from_str(json).map_err(|e| e.to_string())?;
        let mut table = Table::new();
        for (row_key, cells) in raw {
            let row = RequestRow::from_key(&row_key).ok_or("unknown row")?;
            table.add_row(row).map_err(|e| e.to_string())?;
            for (column_key, value) in cells {
                let position = row
                    .columns()
                    .iter()
                    .position(|&c| RequestRow::column_defs()[c].key == column_key)
                    .ok_or("no such column")?;
                table.set(row, position, value).map_err(|e| e.to_string())?;
            }
        }
        Ok(table)
    }

    /// Read in place, a table is what reading through maps gave: a row or
    /// a column named twice, rows that exclude each other either way round,
    /// unknown keys.
    #[test]
    fn reads_in_place_what_reading_through_maps_gave() {
        for json in [
            r#"{"received":{"total":3,"natural_person":2},"granted":{"total":null}}"#,
            r#"{"received":{"total":3},"received":{"natural_person":1,"natural_person":4}}"#,
            r#"{"other":{"total":1},"other_misc":{"total":1}}"#,
            r#"{"other_misc":{"total":1},"other":{"total":1}}"#,
            r#"{"other_misc":{"total":1},"other_unpaid_fee":{"total":2}}"#,
            r#"{}"#,
            r#"{"no_such_row":{"total":1}}"#,
            r#"{"received":{"no_such_column":1}}"#,
        ] {
            let in_place = serde_json::from_str::<Table<RequestRow>>(json);
            match read_through_maps(json) {
                Ok(table) => assert_eq!(in_place.unwrap(), table, "{json}"),
                Err(_) => assert!(in_place.is_err(), "{json}"),
            }
        }
    }

    /// Rows that exclude each other give the error adding them in the order
    /// of their keys gives.
    #[test]
    fn excluded_rows_name_the_row_added_last_in_key_order() {
        let json = r#"{"other_misc":{"total":1},"other":{"total":1}}"#;
        let error = serde_json::from_str::<Table<RequestRow>>(json).unwrap_err();
        let mut table = Table::new();
        table
            .add_row(RequestRow::from_key("other").unwrap())
            .unwrap();
        let expected = table
            .add_row(RequestRow::from_key("other_misc").unwrap())
            .unwrap_err();
        assert!(
            error.to_string().starts_with(&expected.to_string()),
            "{error}"
        );
    }

    #[test]
    fn a_row_path_is_the_start_of_its_cell_paths() {
        assert_eq!(RequestRow::Received.row_path(), "requests.received");
        assert_eq!(Active2021Row::Fees.row_path(), "active.fees");
        for &row in RequestRow::ALL {
            let cell = Table::<RequestRow>::path(row, 0);
            assert_eq!(cell.rsplit_once('.').map(|(r, _)| r), Some(row.row_path()));
        }
        let commercial = &crate::labels::APPLICANT_COLUMNS[1];
        assert_eq!(
            column_path(TableId::Requests, commercial),
            "requests.*.commercial"
        );
    }
}
