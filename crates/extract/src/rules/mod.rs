//! The rules extraction itself reports: what it could not read with certainty.
//! One module per rule: its doc comment is the rule's documentation (`xxgk rule
//! ID`, collected by xxgk-check's build script), then its definition and the
//! functions that make its findings. The checker registers every one of them.

pub mod damaged_text;
pub mod duplicate_row;
pub mod findings_capped;
pub mod label_fuzzy;
pub mod metadata_inferred;
pub mod no_tables;
pub mod row_long;
pub mod row_short;
pub mod run_together;
pub mod table_too_large;
pub mod template_unknown;
pub mod text_order;
pub mod unattributed_values;
pub mod unknown_row;

/// A table row as the findings about how its values were read name it.
pub(crate) struct RowRead<'a> {
    /// Its label in Chinese messages.
    pub label_zh: &'a str,
    /// Its label in English messages.
    pub label_en: &'a str,
    /// Its values as printed (`7 0 0`).
    pub digits: &'a str,
    /// How many values it prints.
    pub printed: usize,
    /// How many columns it has.
    pub width: usize,
    /// How many of its cells every reading agrees on.
    pub known: usize,
}

impl RowRead<'_> {
    /// Which of the row's cells are kept, Chinese and English.
    fn kept(&self) -> (String, String) {
        let (known, width) = (self.known, self.width);
        if known == 0 {
            ("该行数值留空".into(), "its cells are left empty".into())
        } else {
            (
                format!("只保留各种读法一致的 {known}/{width} 个单元格"),
                format!("only the {known} of {width} cells every reading agrees on are kept"),
            )
        }
    }
}
