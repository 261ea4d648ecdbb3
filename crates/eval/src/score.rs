//! Comparing one extracted report with its expected values.

use crate::expected::Expected;
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::AddAssign;
use xxgk_model::{Number, Report, Template};

/// Cell counts of one document or of a whole run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// A printed number read as printed.
    pub right: u32,
    /// A printed number read as blank (or not read at all).
    pub missed: u32,
    /// A value that is not what the document prints: a different number, a
    /// number where the document prints a blank or no such cell, or a number
    /// no reading of an undecidable cell allows.
    pub wrong: u32,
    /// A printed blank read as blank.
    pub blank_right: u32,
    /// An undecidable cell read as one of its possible readings: not provably
    /// wrong, not provably right.
    pub unverifiable: u32,
    /// An undecidable cell left blank by the extractor (what it should do).
    pub undecided: u32,
}

impl AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.right += other.right;
        self.missed += other.missed;
        self.wrong += other.wrong;
        self.blank_right += other.blank_right;
        self.unverifiable += other.unverifiable;
        self.undecided += other.undecided;
    }
}

/// What the document says about a cell that was read wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Expectation {
    /// The number printed.
    Value(Number),
    /// The document prints the cell blank.
    Blank,
    /// The cell cannot be decided; these are the values the text allows.
    Readings(Vec<Option<Number>>),
    /// The document prints no such cell (another row, or a table it does not print).
    NotPrinted,
}

/// One cell read wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WrongCell {
    /// The cell's contract path (`requests.received.total`).
    pub path: String,
    /// What the expected file says the document prints there.
    pub expected: Expectation,
    /// The value extracted.
    pub got: Number,
}

/// How a metadata field was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// As the document states it (or absent where it states none).
    Right,
    /// Not read, although the document states it.
    Missed,
    /// Read as something the document does not state.
    Wrong,
}

/// One metadata field compared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Field<T> {
    /// The value in the expected file (`None`: the document does not state it).
    pub expected: Option<T>,
    /// The value the extractor read.
    pub got: Option<T>,
    /// How the two compare.
    pub verdict: Verdict,
}

impl<T: PartialEq> Field<T> {
    fn new(expected: Option<T>, got: Option<T>) -> Field<T> {
        let verdict = match (&expected, &got) {
            _ if expected == got => Verdict::Right,
            (Some(_), None) => Verdict::Missed,
            _ => Verdict::Wrong,
        };
        Field {
            expected,
            got,
            verdict,
        }
    }

    /// True when read right.
    pub fn right(&self) -> bool {
        self.verdict == Verdict::Right
    }
}

/// The score of one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocScore {
    /// The document, as named in the expected file.
    pub file: String,
    /// The cells, counted by verdict.
    pub counts: Counts,
    /// The report year.
    pub year: Field<i32>,
    /// The official format (2019 or 2021).
    pub template: Field<Template>,
    /// The issuing body.
    pub agency: Field<String>,
    /// Every wrong cell, in path order.
    pub wrong: Vec<WrongCell>,
    /// Every missed cell (a printed number read as blank), in path order.
    pub missed: Vec<String>,
}

impl DocScore {
    /// True when the extraction is provably wrong somewhere: a wrong cell, a
    /// wrong year or format. Missed cells, a year or format not read, and an
    /// agency read differently do not fail.
    pub fn fails(&self) -> bool {
        self.counts.wrong > 0
            || self.year.verdict == Verdict::Wrong
            || self.template.verdict == Verdict::Wrong
    }
}

/// Compares `report` with `expected`; `file` names the document in the result.
pub fn score(expected: &Expected, report: &Report, file: &str) -> DocScore {
    let got: BTreeMap<&str, Option<Number>> = report.cell_values().into_iter().collect();
    let value = |path: &str| got.get(path).copied().flatten();
    let mut counts = Counts::default();
    let mut wrong = Vec::new();
    let mut missed = Vec::new();

    for (path, want) in &expected.cells {
        match (want, value(path)) {
            (Some(w), Some(g)) if *w == g => counts.right += 1,
            (Some(_), None) => {
                counts.missed += 1;
                missed.push(path.clone());
            }
            (None, None) => counts.blank_right += 1,
            (want, Some(g)) => {
                counts.wrong += 1;
                wrong.push(WrongCell {
                    path: path.clone(),
                    expected: want.map_or(Expectation::Blank, Expectation::Value),
                    got: g,
                });
            }
        }
    }
    for (path, readings) in &expected.undecidable {
        match value(path) {
            None => counts.undecided += 1,
            Some(g) if readings.contains(&Some(g)) => counts.unverifiable += 1,
            Some(g) => {
                counts.wrong += 1;
                wrong.push(WrongCell {
                    path: path.clone(),
                    expected: Expectation::Readings(readings.clone()),
                    got: g,
                });
            }
        }
    }
    // A value in a cell the document does not print at all.
    for (path, g) in &got {
        let known = expected.cells.contains_key(*path) || expected.undecidable.contains_key(*path);
        if let (false, Some(g)) = (known, g) {
            counts.wrong += 1;
            wrong.push(WrongCell {
                path: path.to_string(),
                expected: Expectation::NotPrinted,
                got: *g,
            });
        }
    }
    wrong.sort_by(|a, b| a.path.cmp(&b.path));

    DocScore {
        file: file.to_string(),
        counts,
        year: Field::new(expected.year, report.year),
        template: Field::new(expected.template, report.template),
        agency: Field::new(
            expected.agency.as_deref().map(squeeze),
            report.agency.as_deref().map(squeeze),
        ),
        wrong,
        missed,
    }
}

/// The agency without whitespace (titles are often spaced out).
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The sums of a run over all documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Total {
    /// Documents scored.
    pub documents: u32,
    /// Their cells, counted by verdict.
    pub counts: Counts,
    /// Documents whose year was read right.
    pub year_right: u32,
    /// Documents whose format was read right.
    pub template_right: u32,
    /// Documents whose body was read right.
    pub agency_right: u32,
}

impl Total {
    /// Sums the scores.
    pub fn of<'a>(scores: impl IntoIterator<Item = &'a DocScore>) -> Total {
        let mut total = Total::default();
        for s in scores {
            total.documents += 1;
            total.counts += s.counts;
            total.year_right += u32::from(s.year.right());
            total.template_right += u32::from(s.template.right());
            total.agency_right += u32::from(s.agency.right());
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgk_model::{AppealGroup, RequestRow, Source, SourceFormat, Table};

    /// Expected: received natural 2 / commercial blank / total 2; research
    /// undecidable (2 or blank); table 4 not printed.
    fn expected() -> Expected {
        Expected::parse(
            &serde_json::json!({
                "schema": "xxgk/expected@1",
                "files": ["a.txt"],
                "agency": "某镇人民政府",
                "year": 2020,
                "template": "2019",
                "not_printed": ["appeals"],
                "cells": {
                    "requests.received.natural_person": 2,
                    "requests.received.commercial": null,
                    "requests.received.total": 2
                },
                "undecidable": {"requests.received.research": [2, null]}
            })
            .to_string(),
        )
        .unwrap()
    }

    fn report(cells: [Option<i64>; 7]) -> Report {
        let mut report = Report::new(Source {
            file: "a.txt".into(),
            format: SourceFormat::Text,
            sha256: String::new(),
            encoding: None,
        });
        report.agency = Some("某镇 人民政府".into());
        report.year = Some(2020);
        report.template = Some(Template::V2019);
        let mut table = Table::new();
        for (i, v) in cells.iter().enumerate() {
            table
                .set(RequestRow::Received, i, v.map(Number::int))
                .unwrap();
        }
        report.requests = Some(table);
        report
    }

    #[test]
    fn a_perfect_reading_is_all_right() {
        let s = score(
            &expected(),
            &report([Some(2), None, None, None, None, None, Some(2)]),
            "a",
        );
        assert_eq!(
            s.counts,
            Counts {
                right: 2,
                blank_right: 1,
                undecided: 1,
                ..Counts::default()
            }
        );
        assert!(
            s.year.right() && s.template.right() && s.agency.right(),
            "{s:?}"
        );
        assert!(!s.fails());
    }

    #[test]
    fn a_different_value_is_wrong_and_a_blank_is_missed() {
        let s = score(
            &expected(),
            &report([Some(3), None, None, None, None, None, None]),
            "a",
        );
        assert_eq!((s.counts.right, s.counts.wrong, s.counts.missed), (0, 1, 1));
        assert_eq!(s.missed, ["requests.received.total"]);
        assert_eq!(
            s.wrong,
            [WrongCell {
                path: "requests.received.natural_person".into(),
                expected: Expectation::Value(Number::int(2)),
                got: Number::int(3),
            }]
        );
        assert!(s.fails());
    }

    #[test]
    fn a_value_on_a_printed_blank_is_wrong() {
        let s = score(
            &expected(),
            &report([Some(2), Some(0), None, None, None, None, Some(2)]),
            "a",
        );
        assert_eq!((s.counts.wrong, s.counts.blank_right), (1, 0));
        assert_eq!(s.wrong[0].expected, Expectation::Blank);
        assert!(s.fails());
    }

    #[test]
    fn undecidable_cells_are_unverifiable_or_wrong() {
        let s = score(
            &expected(),
            &report([Some(2), None, Some(2), None, None, None, Some(2)]),
            "a",
        );
        assert_eq!((s.counts.unverifiable, s.counts.wrong), (1, 0));
        let s = score(
            &expected(),
            &report([Some(2), None, Some(5), None, None, None, Some(2)]),
            "a",
        );
        assert_eq!((s.counts.unverifiable, s.counts.wrong), (0, 1));
        assert!(matches!(s.wrong[0].expected, Expectation::Readings(_)));
    }

    #[test]
    fn values_where_nothing_is_printed_are_wrong() {
        // A cell of a row the expected file does not list, and table 4 that is not printed.
        let mut r = report([Some(2), None, None, None, None, None, Some(2)]);
        r.requests
            .as_mut()
            .unwrap()
            .set(RequestRow::CarriedIn, 0, Some(Number::int(1)))
            .unwrap();
        let mut appeals = Table::new();
        appeals
            .set(AppealGroup::Review, 4, Some(Number::ZERO))
            .unwrap();
        appeals.set(AppealGroup::Review, 0, None).unwrap();
        r.appeals = Some(appeals);
        let s = score(&expected(), &r, "a");
        assert_eq!(s.counts.wrong, 2);
        assert!(s
            .wrong
            .iter()
            .all(|w| w.expected == Expectation::NotPrinted));
        assert_eq!(s.wrong[0].path, "appeals.review.total");
        // Blank cells there are not counted at all.
        assert_eq!(s.counts.blank_right, 1);
    }

    #[test]
    fn a_wrong_year_or_format_fails_a_wrong_agency_does_not() {
        let mut r = report([Some(2), None, None, None, None, None, Some(2)]);
        r.agency = Some("另一个机关".into());
        let s = score(&expected(), &r, "a");
        assert!(!s.agency.right() && !s.fails());
        r.year = Some(2021);
        assert_eq!(score(&expected(), &r, "a").year.verdict, Verdict::Wrong);
        assert!(score(&expected(), &r, "a").fails());
        r.year = Some(2020);
        r.template = Some(Template::V2021);
        assert!(score(&expected(), &r, "a").fails());
    }

    #[test]
    fn a_year_or_format_not_read_is_missed_not_wrong() {
        let mut r = report([Some(2), None, None, None, None, None, Some(2)]);
        r.year = None;
        r.template = None;
        let s = score(&expected(), &r, "a");
        assert_eq!(s.year.verdict, Verdict::Missed);
        assert_eq!(s.template.verdict, Verdict::Missed);
        assert!(!s.fails());
        assert_eq!(Total::of([&s]).year_right, 0);
    }

    #[test]
    fn totals_add_up() {
        let a = score(
            &expected(),
            &report([Some(2), None, None, None, None, None, Some(2)]),
            "a",
        );
        let b = score(
            &expected(),
            &report([Some(3), None, None, None, None, None, None]),
            "b",
        );
        let t = Total::of([&a, &b]);
        assert_eq!(t.documents, 2);
        assert_eq!(t.counts.right, 2);
        assert_eq!(t.counts.wrong, 1);
        assert_eq!(t.counts.missed, 1);
        assert_eq!((t.year_right, t.template_right, t.agency_right), (2, 2, 2));
    }
}
