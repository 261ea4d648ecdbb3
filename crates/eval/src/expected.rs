//! The expected-values file `xxgk/expected@1`: what a careful reader sees in one
//! real document, checked by hand.

use serde::Deserialize;
use std::collections::BTreeMap;
use xxgk_model::{Message, Number, Template};

/// The `schema` value every expected file carries.
pub const EXPECTED_SCHEMA: &str = "xxgk/expected@1";

/// The three tables, as the first segment of a cell path.
pub const TABLES: [&str; 3] = ["active", "requests", "appeals"];

/// One expected-values file.
///
/// Every cell of every row the document prints appears exactly once, either in
/// [`cells`](Expected::cells) (certain: a number, or `None` for a printed blank)
/// or in [`undecidable`](Expected::undecidable) (the readings the text allows).
/// A table the document does not print is named in
/// [`not_printed`](Expected::not_printed) and has no cells.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// Always [`EXPECTED_SCHEMA`].
    pub schema: String,
    /// The documents this file describes (the same report in several formats,
    /// e.g. a PDF and its text layer), relative to the current directory or to
    /// an ancestor folder of the expected file (see [`crate::resolve`]).
    pub files: Vec<String>,
    /// The issuing body as the document names it, `None` when it names none.
    pub agency: Option<String>,
    /// The report year, `None` when the document states none.
    pub year: Option<i32>,
    /// The official format the tables follow.
    pub template: Option<Template>,
    /// Tables (`active`, `requests`, `appeals`) the document does not print.
    #[serde(default)]
    pub not_printed: Vec<String>,
    /// Cell path → the value printed, `None` for a printed blank.
    pub cells: BTreeMap<String, Option<Number>>,
    /// Cell path → every value the text allows (`None`: the cell may be blank).
    #[serde(default)]
    pub undecidable: BTreeMap<String, Vec<Option<Number>>>,
    /// Free text for the human reader: how the values were decided.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// Why an expected file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidExpected(pub Message);

impl Expected {
    /// Parses and validates an expected file's text: the schema, known cell
    /// paths, no path both certain and undecidable, no cell in a table that is
    /// not printed, at least one file.
    pub fn parse(text: &str) -> Result<Expected, InvalidExpected> {
        let expected: Expected = serde_json::from_str(text).map_err(|e| {
            InvalidExpected(Message::new(
                format!("不是有效的预期值文件：{e}"),
                format!("not a valid expected-values file: {e}"),
            ))
        })?;
        expected.validate()?;
        Ok(expected)
    }

    fn validate(&self) -> Result<(), InvalidExpected> {
        let invalid = |zh: String, en: String| Err(InvalidExpected(Message::new(zh, en)));
        if self.schema != EXPECTED_SCHEMA {
            return invalid(
                format!("schema 应为 {EXPECTED_SCHEMA}，实为 {}", self.schema),
                format!("schema must be {EXPECTED_SCHEMA}, not {}", self.schema),
            );
        }
        if self.files.is_empty() {
            return invalid(
                "files 为空：未指明文档".into(),
                "files is empty: no document named".into(),
            );
        }
        for table in &self.not_printed {
            if !TABLES.contains(&table.as_str()) {
                return invalid(
                    format!("not_printed 中的表名未知：{table}"),
                    format!("unknown table in not_printed: {table}"),
                );
            }
        }
        for path in self.cells.keys().chain(self.undecidable.keys()) {
            if !xxgk_model::cell_paths().contains(path.as_str()) {
                return invalid(
                    format!("未知的单元格路径：{path}"),
                    format!("unknown cell path: {path}"),
                );
            }
            if self.not_printed.iter().any(|t| table_of(path) == t) {
                return invalid(
                    format!("{path} 属于未印出的表"),
                    format!("{path} belongs to a table marked not printed"),
                );
            }
        }
        if let Some(path) = self
            .cells
            .keys()
            .find(|p| self.undecidable.contains_key(*p))
        {
            return invalid(
                format!("{path} 既在 cells 中又在 undecidable 中"),
                format!("{path} is both in cells and in undecidable"),
            );
        }
        if let Some((path, _)) = self.undecidable.iter().find(|(_, r)| r.len() < 2) {
            return invalid(
                format!("{path}：无法判定的单元格至少应有两种读法"),
                format!("{path}: an undecidable cell needs at least two readings"),
            );
        }
        Ok(())
    }

    /// Whether the document prints `table` (`active`, `requests`, `appeals`).
    pub fn prints(&self, table: &str) -> bool {
        !self.not_printed.iter().any(|t| t == table)
    }
}

/// The table of a cell path (`requests` of `requests.received.total`).
pub fn table_of(path: &str) -> &str {
    path.split('.').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> serde_json::Value {
        serde_json::json!({
            "schema": EXPECTED_SCHEMA,
            "files": ["a.txt"],
            "agency": "某镇人民政府",
            "year": 2020,
            "template": "2019",
            "cells": {"requests.received.total": 2, "requests.received.commercial": null},
            "undecidable": {"requests.received.natural_person": [2, null]}
        })
    }

    fn parse(value: &serde_json::Value) -> Result<Expected, InvalidExpected> {
        Expected::parse(&value.to_string())
    }

    #[test]
    fn a_valid_file_parses() {
        let e = parse(&base()).unwrap();
        assert_eq!(e.template, Some(Template::V2019));
        assert_eq!(e.cells["requests.received.total"], Some(Number::int(2)));
        assert_eq!(e.cells["requests.received.commercial"], None);
        assert_eq!(
            e.undecidable["requests.received.natural_person"],
            [Some(Number::int(2)), None]
        );
        assert!(e.prints("appeals"));
    }

    #[test]
    fn invalid_files_are_refused() {
        let mut cases = Vec::new();
        let mut v = base();
        v["schema"] = "xxgk/expected@2".into();
        cases.push(v);
        let mut v = base();
        v["cells"]["requests.recieved.total"] = 1.into();
        cases.push(v);
        let mut v = base();
        v["cells"]["requests.received.natural_person"] = 1.into();
        cases.push(v);
        let mut v = base();
        v["not_printed"] = serde_json::json!(["requests"]);
        cases.push(v);
        let mut v = base();
        v["files"] = serde_json::json!([]);
        cases.push(v);
        let mut v = base();
        v["undecidable"]["requests.received.research"] = serde_json::json!([2]);
        cases.push(v);
        let mut v = base();
        v["cell"] = serde_json::json!({});
        cases.push(v);
        for case in cases {
            assert!(parse(&case).is_err(), "{case}");
        }
    }
}
