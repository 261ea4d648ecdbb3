//! Which official table is which: the three statutory tables ([`TableId`]) and
//! the four row and column lists they are printed with ([`Schema`]: table 2
//! has one per format), with values derived once per list ([`PerSchema`]).
//!
//! The wording these types hand out is in [`crate::labels`]; how each table is
//! drawn is in [`crate::layout`].

use crate::labels::{self, ColumnDef, RowDef, SectionDef, TableWords};
use crate::{Lang, Template};
use std::fmt;
use std::sync::OnceLock;

/// One of the three statutory tables of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TableId {
    /// Table 2, 主动公开政府信息情况.
    Active,
    /// Table 3, 收到和处理政府信息公开申请情况.
    Requests,
    /// Table 4, 政府信息公开行政复议、行政诉讼情况.
    Appeals,
}

impl TableId {
    /// The three tables in the order a report prints them.
    pub const ALL: [TableId; 3] = [TableId::Active, TableId::Requests, TableId::Appeals];

    fn words(self) -> &'static TableWords {
        &labels::TABLE_NAMES[self as usize]
    }

    /// The contract key, the first segment of the table's cell paths
    /// (`active`, `requests`, `appeals`).
    pub fn key(self) -> &'static str {
        self.words().key
    }

    /// The table a contract key names.
    pub fn from_key(key: &str) -> Option<TableId> {
        TableId::ALL.into_iter().find(|t| t.key() == key)
    }

    /// 表二 / 表三 / 表四 (table 2 / 3 / 4).
    pub fn short_name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.words().short_zh,
            Lang::En => self.words().short_en,
        }
    }

    /// The table with what it is about, for messages: `表三（依申请公开）`,
    /// `table 3 (requests)`.
    pub fn long_name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.words().zh,
            Lang::En => self.words().en,
        }
    }

    /// The number of the report section the table is printed in (二, 三, 四).
    pub fn section_number(self) -> u8 {
        self as u8 + 2
    }

    /// The section the table is printed in.
    pub fn section(self) -> &'static SectionDef {
        &labels::SECTIONS[usize::from(self.section_number()) - 1]
    }

    /// The section heading without its numbering (`收到和处理政府信息公开申请情况`).
    pub fn title(self) -> &'static str {
        let title = self.section().title;
        title.split_once('、').map_or(title, |(_, t)| t)
    }
}

/// The contract key (`requests`), as it starts a cell path.
impl fmt::Display for TableId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// One list of official rows and columns: table 2 in the 2019 or the 2021
/// format, table 3, table 4. Each [`crate::RowKind`] is one schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Schema {
    /// Table 2, 国办公开办函〔2019〕60号.
    Active2019,
    /// Table 2, 国办公开办函〔2021〕30号.
    Active2021,
    /// Table 3 (both formats; （六） is one row in 2019, three in 2021).
    Requests,
    /// Table 4 (both formats).
    Appeals,
}

impl Schema {
    /// Every schema, in the order a report's tables print.
    pub const ALL: [Schema; 4] = [
        Schema::Active2019,
        Schema::Active2021,
        Schema::Requests,
        Schema::Appeals,
    ];

    /// The table the schema lays out.
    pub fn table(self) -> TableId {
        match self {
            Schema::Active2019 | Schema::Active2021 => TableId::Active,
            Schema::Requests => TableId::Requests,
            Schema::Appeals => TableId::Appeals,
        }
    }

    /// The schema of `table` in the format of `template`.
    pub fn of(table: TableId, template: Template) -> Schema {
        match (table, template) {
            (TableId::Active, Template::V2019) => Schema::Active2019,
            (TableId::Active, Template::V2021) => Schema::Active2021,
            (TableId::Requests, _) => Schema::Requests,
            (TableId::Appeals, _) => Schema::Appeals,
        }
    }

    /// The official rows, in print order.
    pub fn rows(self) -> &'static [RowDef] {
        match self {
            Schema::Active2019 => labels::ACTIVE_2019_ROWS,
            Schema::Active2021 => labels::ACTIVE_2021_ROWS,
            Schema::Requests => labels::REQUEST_ROWS,
            Schema::Appeals => labels::APPEAL_ROWS,
        }
    }

    /// The official columns the rows index into.
    pub fn columns(self) -> &'static [ColumnDef] {
        match self {
            Schema::Active2019 => labels::ACTIVE_2019_COLUMNS,
            Schema::Active2021 => labels::ACTIVE_2021_COLUMNS,
            Schema::Requests => labels::APPLICANT_COLUMNS,
            Schema::Appeals => labels::APPEAL_COLUMNS,
        }
    }
}

/// A value derived once per [`Schema`] and kept for the life of the process
/// (compiled label matchers, say): a typed static per schema, built on first use.
///
/// ```
/// use xxgk_model::{PerSchema, Schema};
/// static ROWS: PerSchema<usize> = PerSchema::new();
/// assert_eq!(*ROWS.get(Schema::Appeals, || Schema::Appeals.rows().len()), 3);
/// ```
pub struct PerSchema<T> {
    values: [OnceLock<T>; 4],
}

impl<T> PerSchema<T> {
    /// Nothing built yet.
    pub const fn new() -> Self {
        PerSchema {
            values: [
                OnceLock::new(),
                OnceLock::new(),
                OnceLock::new(),
                OnceLock::new(),
            ],
        }
    }

    /// The value of `schema`, built by `build` the first time it is asked for.
    pub fn get(&self, schema: Schema, build: impl FnOnce() -> T) -> &T {
        self.values[schema as usize].get_or_init(build)
    }
}

impl<T> Default for PerSchema<T> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_named_from_the_labels() {
        assert_eq!(TableId::Requests.key(), "requests");
        assert_eq!(TableId::from_key("appeals"), Some(TableId::Appeals));
        assert_eq!(TableId::from_key("cells"), None);
        assert_eq!(TableId::Active.short_name(Lang::Zh), "表二");
        assert_eq!(TableId::Appeals.short_name(Lang::En), "table 4");
        assert_eq!(TableId::Requests.long_name(Lang::Zh), "表三（依申请公开）");
        assert_eq!(TableId::Requests.title(), "收到和处理政府信息公开申请情况");
        assert_eq!(TableId::Appeals.section().number, 4);
        assert_eq!(format!("{}.x", TableId::Active), "active.x");
    }

    #[test]
    fn schemas_belong_to_their_tables() {
        for schema in Schema::ALL {
            let template = match schema {
                Schema::Active2019 => Template::V2019,
                _ => Template::V2021,
            };
            assert_eq!(Schema::of(schema.table(), template), schema);
            for row in schema.rows() {
                assert!(row.columns.iter().all(|&c| c < schema.columns().len()));
            }
        }
    }
}
