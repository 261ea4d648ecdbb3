//! One extracted annual report, serialised as `xxgk/report@1`.

use crate::finding::{Finding, Lang};
use crate::table::{Active2019Row, Active2021Row, AppealGroup, RequestRow, Table};
use crate::Span;
use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The schema id of the report JSON contract.
pub const REPORT_SCHEMA: &str = "xxgk/report@1";

/// The official format the tables follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Template {
    /// 国办公开办函〔2019〕60号, report years 2019–2020.
    #[serde(rename = "2019")]
    V2019,
    /// 国办公开办函〔2021〕30号, report years 2021 onwards.
    #[serde(rename = "2021")]
    V2021,
}

impl Template {
    /// `"2019"` or `"2021"`, as in the JSON contract.
    pub fn as_str(self) -> &'static str {
        match self {
            Template::V2019 => "2019",
            Template::V2021 => "2021",
        }
    }
    /// The format a report for `year` should use.
    pub fn for_year(year: i32) -> Template {
        if year >= 2021 {
            Template::V2021
        } else {
            Template::V2019
        }
    }
}

/// Table 2 (主动公开政府信息情况): its rows and columns depend on the format.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Active {
    /// The 2019 format's table 2.
    V2019(Table<Active2019Row>),
    /// The 2021 format's table 2.
    V2021(Table<Active2021Row>),
}

impl Active {
    /// The format this table 2 is in.
    pub fn template(&self) -> Template {
        match self {
            Active::V2019(_) => Template::V2019,
            Active::V2021(_) => Template::V2021,
        }
    }
}

/// The format the source bytes were read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// Plain text, in any encoding (a `pdftotext` layer, crawled page text).
    Text,
    /// Markdown (a converter's output, xxgk's own rendering).
    Markdown,
    /// An HTML page or fragment.
    Html,
    /// A Word document.
    Docx,
    /// A PDF, read through its text layer.
    Pdf,
}

impl SourceFormat {
    /// Every format.
    pub const ALL: [SourceFormat; 5] = [
        SourceFormat::Text,
        SourceFormat::Markdown,
        SourceFormat::Html,
        SourceFormat::Docx,
        SourceFormat::Pdf,
    ];

    /// The format [`SourceFormat::as_str`] names `name`.
    pub fn from_name(name: &str) -> Option<SourceFormat> {
        SourceFormat::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// The lowercase name used in JSON and the corpus (`pdf`).
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Markdown => "markdown",
            SourceFormat::Html => "html",
            SourceFormat::Docx => "docx",
            SourceFormat::Pdf => "pdf",
        }
    }
}

/// Where the report came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The path as given.
    pub file: String,
    /// What the bytes were read as.
    pub format: SourceFormat,
    /// Hex SHA-256 of the input bytes.
    pub sha256: String,
    /// The character encoding the bytes were decoded from (`UTF-8`, `GB18030`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

/// What the document printed for one cell: its text and where. Most printed
/// texts are a few characters (`0`, `461.7 万元`) and are kept inline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Printed {
    /// The text as printed.
    pub raw: CompactString,
    /// Where it was printed.
    pub span: Span,
    /// For labels: the printed text folded (simplified, ASCII digits and brackets,
    /// no spaces), to compare with the official wording.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folded: Option<CompactString>,
}

/// A section (一 … 六): its heading as printed and its prose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// 1 to 6.
    pub number: u8,
    /// The heading as printed.
    pub heading: String,
    /// Where the heading was printed.
    pub span: Span,
    /// The prose of the section up to the next heading, folded (simplified, ASCII
    /// digits), without the tables' cells; for completeness and copied-text checks.
    #[serde(default)]
    pub text: String,
}

/// One report. The fields down to `appeals` are the public contract; the rest is
/// provenance and extraction findings, added under the contract's "other fields".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`REPORT_SCHEMA`].
    pub schema: String,
    /// Where the report came from.
    pub source: Source,
    /// The issuing body, as printed; `None` when it could not be read.
    pub agency: Option<String>,
    /// The report year (统计年度); `None` when it could not be read.
    pub year: Option<i32>,
    /// The official format the tables follow.
    pub template: Option<Template>,
    /// The publication date, `YYYY-MM-DD`, if printed.
    pub published: Option<String>,
    /// Table 2 (主动公开), if found.
    pub active: Option<Active>,
    /// Table 3 (依申请公开), if found.
    pub requests: Option<Table<RequestRow>>,
    /// Table 4 (复议诉讼), if found.
    pub appeals: Option<Table<AppealGroup>>,
    /// Cell path → the text printed for it and where (only cells the document
    /// printed). Paths are the static strings of [`Table::path`].
    #[serde(default, deserialize_with = "deserialize_cells")]
    pub cells: BTreeMap<Cow<'static, str>, Printed>,
    /// Row path (`requests.received`) → the row label as printed.
    #[serde(default)]
    pub row_labels: BTreeMap<String, Printed>,
    /// Column path (`requests.*.social_welfare`) → the column header as printed.
    #[serde(default)]
    pub column_labels: BTreeMap<String, Printed>,
    /// The sections found, in document order.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Where the agency, year and date were read from.
    #[serde(default)]
    pub metadata_spans: BTreeMap<String, Span>,
    /// Figures the prose states, for comparison with the tables.
    #[serde(default)]
    pub narrative: Vec<crate::Claim>,
    /// What extraction could not read with certainty.
    #[serde(default)]
    pub findings: Vec<Finding>,
}

/// A report in its JSON form (see [`Report::json`]): its fields as serde
/// writes them, the findings in their contract form (one language).
pub struct ReportJson<'r> {
    report: &'r Report,
    lang: Lang,
}

impl Serialize for ReportJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeSeq, SerializeStruct};
        /// The findings in their contract form, one at a time.
        struct Findings<'f>(&'f [Finding], Lang);
        impl Serialize for Findings<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
                for finding in self.0 {
                    seq.serialize_element(&finding.to_json(self.1))?;
                }
                seq.end()
            }
        }
        // Every field of `Report`, in order: destructured so that a field
        // added there cannot be forgotten here.
        let Report {
            schema,
            source,
            agency,
            year,
            template,
            published,
            active,
            requests,
            appeals,
            cells,
            row_labels,
            column_labels,
            sections,
            metadata_spans,
            narrative,
            findings,
        } = self.report;
        let mut out = serializer.serialize_struct("Report", 16)?;
        out.serialize_field("schema", schema)?;
        out.serialize_field("source", source)?;
        out.serialize_field("agency", agency)?;
        out.serialize_field("year", year)?;
        out.serialize_field("template", template)?;
        out.serialize_field("published", published)?;
        out.serialize_field("active", active)?;
        out.serialize_field("requests", requests)?;
        out.serialize_field("appeals", appeals)?;
        out.serialize_field("cells", cells)?;
        out.serialize_field("row_labels", row_labels)?;
        out.serialize_field("column_labels", column_labels)?;
        out.serialize_field("sections", sections)?;
        out.serialize_field("metadata_spans", metadata_spans)?;
        out.serialize_field("narrative", narrative)?;
        out.serialize_field("findings", &Findings(findings, self.lang))?;
        out.end()
    }
}

impl Report {
    /// The first section numbered `number` (一 is 1), if the report has it.
    pub fn section(&self, number: u8) -> Option<&Section> {
        self.sections.iter().find(|s| s.number == number)
    }

    /// An empty report of `source`: nothing read yet.
    pub fn new(source: Source) -> Report {
        Report {
            schema: REPORT_SCHEMA.to_string(),
            source,
            agency: None,
            year: None,
            template: None,
            published: None,
            active: None,
            requests: None,
            appeals: None,
            cells: BTreeMap::new(),
            row_labels: BTreeMap::new(),
            column_labels: BTreeMap::new(),
            sections: Vec::new(),
            metadata_spans: BTreeMap::new(),
            narrative: Vec::new(),
            findings: Vec::new(),
        }
    }

    /// The JSON object of `xxgk/report@1`, with messages in `lang`.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        serde_json::to_value(self.json(lang)).expect("a report always serialises")
    }

    /// The report as [`Report::to_json`] shows it, to serialise straight to a
    /// writer: a report with a great many sections or figures need not be
    /// built as a JSON tree first.
    pub fn json(&self, lang: Lang) -> ReportJson<'_> {
        ReportJson { report: self, lang }
    }

    /// Every cell of the printed rows of all three tables as (path, value), in
    /// table order; a blank or unreadable cell is `None`.
    pub fn cell_values(&self) -> Vec<(&'static str, Option<crate::Number>)> {
        let mut out = Vec::new();
        match &self.active {
            Some(Active::V2019(table)) => out.extend(table.cells()),
            Some(Active::V2021(table)) => out.extend(table.cells()),
            None => {}
        }
        if let Some(table) = &self.requests {
            out.extend(table.cells());
        }
        if let Some(table) = &self.appeals {
            out.extend(table.cells());
        }
        out
    }

    /// The value of one cell by path (`requests.received.total`), `None` when
    /// blank, unreadable or not printed.
    pub fn value(&self, path: &str) -> Option<crate::Number> {
        self.cell_values()
            .into_iter()
            .find(|(p, _)| *p == path)
            .and_then(|(_, v)| v)
    }

    /// True when none of the three tables was found.
    pub fn has_no_tables(&self) -> bool {
        self.active.is_none() && self.requests.is_none() && self.appeals.is_none()
    }
}

/// Reads [`Report::cells`] with each official path borrowed from the tables'
/// static paths, as extraction makes them: no string is allocated per cell
/// (a report has about two hundred, and the corpus pass reads every report).
/// A key that is no official path is kept as it was written.
pub fn deserialize_cells<'de, D>(
    deserializer: D,
) -> Result<BTreeMap<Cow<'static, str>, Printed>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Cells;
    impl<'de> serde::de::Visitor<'de> for Cells {
        type Value = BTreeMap<Cow<'static, str>, Printed>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map of cell paths to printed cells")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut cells = BTreeMap::new();
            while let Some(PathKey(path)) = map.next_key()? {
                cells.insert(path, map.next_value()?);
            }
            Ok(cells)
        }
    }
    deserializer.deserialize_map(Cells)
}

/// A cell path read from JSON: the static official path when it is one.
struct PathKey(Cow<'static, str>);

impl<'de> Deserialize<'de> for PathKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Key;
        impl serde::de::Visitor<'_> for Key {
            type Value = PathKey;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a cell path")
            }
            fn visit_str<E: serde::de::Error>(self, path: &str) -> Result<PathKey, E> {
                Ok(PathKey(match crate::table::cell_paths().get(path) {
                    Some(&path) => Cow::Borrowed(path),
                    None => Cow::Owned(path.to_string()),
                }))
            }
        }
        deserializer.deserialize_str(Key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Message, Severity};

    /// Each format reads back from the name JSON and the corpus give it,
    /// which is the name serde writes.
    #[test]
    fn every_format_reads_back_from_its_name() {
        for format in SourceFormat::ALL {
            assert_eq!(SourceFormat::from_name(format.as_str()), Some(format));
            let json = serde_json::to_string(&format).unwrap();
            assert_eq!(json, format!("\"{}\"", format.as_str()));
        }
        assert_eq!(SourceFormat::from_name("pdftotext"), None);
    }

    /// The streamed form is byte for byte the report serde writes, with the
    /// findings in their contract form.
    #[test]
    fn the_streamed_json_is_the_serialised_report() {
        let mut report = Report::new(Source {
            file: "a.txt".into(),
            format: SourceFormat::Text,
            sha256: "00".into(),
            encoding: Some("UTF-8".into()),
        });
        report.agency = Some("某镇人民政府".into());
        report.year = Some(2024);
        report.sections.push(Section {
            number: 1,
            heading: "一、总体情况".into(),
            span: Span::default(),
            text: "正文".into(),
        });
        report.findings.push(
            Finding::new("a-rule", Severity::Warning, Message::new("中", "en"))
                .with_note(Message::new("注", "note")),
        );
        for lang in [Lang::Zh, Lang::En] {
            let mut tree = serde_json::to_value(&report).unwrap();
            tree["findings"] = report.findings.iter().map(|f| f.to_json(lang)).collect();
            let streamed = serde_json::to_string(&report.json(lang)).unwrap();
            assert_eq!(streamed, tree.to_string());
            assert_eq!(report.to_json(lang), tree);
        }
    }

    /// Official paths come back as the static strings extraction uses; any
    /// other key is kept as written.
    #[test]
    fn cells_read_back_with_static_paths() {
        let printed = Printed {
            raw: "3".into(),
            span: Span::default(),
            folded: None,
        };
        let mut report = Report::new(Source {
            file: "a.txt".into(),
            format: SourceFormat::Text,
            sha256: "00".into(),
            encoding: None,
        });
        let official = <RequestRow as crate::table::RowKind>::paths()[0][0];
        report
            .cells
            .insert(Cow::Borrowed(official), printed.clone());
        report
            .cells
            .insert(Cow::Owned("requests.未知".into()), printed);
        let back: Report = serde_json::from_str(&serde_json::to_string(&report).unwrap()).unwrap();
        assert_eq!(back, report);
        let kinds: Vec<(&str, bool)> = back
            .cells
            .keys()
            .map(|k| (k.as_ref(), matches!(k, Cow::Borrowed(_))))
            .collect();
        assert_eq!(kinds, vec![(official, true), ("requests.未知", false)]);
    }
}
