//! The `sarif` format: one SARIF 2.1.0 log for the whole run, in the shape GitHub
//! code scanning accepts (`github/codeql-action/upload-sarif`).
//!
//! Every rule is listed in `tool.driver.rules` with its title and documentation;
//! each finding is a result pointing at its file and, when it has one, its region.
//! Columns count characters (`columnKind: unicodeCodePoints`), and `endColumn` is
//! one past the last character, as SARIF defines it — the same as the spans.
//! Inputs that could not be read are tool execution notifications.

use crate::Checked;
use serde::ser::{Error as _, SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{json, Value};
use std::borrow::Borrow;
use std::cell::RefCell;
use std::io::{self, Write};
use xxgk_check::rules;
use xxgk_model::{Finding, Lang, Report, Severity, Span};
use xxgk_read::ReadError;

/// The JSON schema a SARIF document names.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The SARIF version written.
pub const VERSION: &str = "2.1.0";

/// One SARIF document for a run: every rule as a descriptor, every finding of every input as a result.
pub fn document(results: &[Checked], lang: Lang) -> Value {
    let unreadable: Vec<(&str, &ReadError)> = results
        .iter()
        .filter_map(|r| Some((r.file.as_str(), r.outcome.as_ref().err()?)))
        .collect();
    let read = results.iter().filter(|r| r.outcome.is_ok()).map(Ok);
    let mut bytes = Vec::new();
    write(&mut bytes, &unreadable, read, lang).expect("writing to memory");
    serde_json::from_slice(&bytes).expect("a document just written")
}

/// Writes [`document`] for a run, pretty-printed, taking the inputs that were
/// read one at a time from `read` (an input whose outcome is an error is
/// skipped there: `unreadable` names those, and they come first in the
/// document), so that a run of any size is written in little memory. An error
/// from `read` stops the writing and is returned.
pub fn write<B: Borrow<Checked>>(
    out: impl Write,
    unreadable: &[(&str, &ReadError)],
    read: impl Iterator<Item = io::Result<B>>,
    lang: Lang,
) -> io::Result<()> {
    let descriptors: Vec<Value> = rules()
        .iter()
        .map(|rule| {
            let doc = rule.doc(lang);
            json!({
                "id": rule.id,
                "shortDescription": { "text": rule.title(lang) },
                "fullDescription": { "text": doc },
                "help": { "text": doc, "markdown": doc },
                "defaultConfiguration": { "level": level(rule.severity) },
                "properties": {
                    "tags": if rule.is_cross_report() { vec!["xxgk", "cross-report"] } else { vec!["xxgk"] },
                },
            })
        })
        .collect();
    let notifications: Vec<Value> = unreadable
        .iter()
        .map(|(file, error)| {
            json!({
                "level": "error",
                "message": { "text": format!("{file}: {}", error.message(lang)) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(file) } } }],
                "properties": { "kind": error.kind.as_str() },
            })
        })
        .collect();
    let run = Run {
        tool: json!({
            "driver": {
                "name": "xxgk",
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            },
        }),
        invocations: json!([{
            "executionSuccessful": notifications.is_empty(),
            "toolExecutionNotifications": notifications,
        }]),
        results: Results {
            read: RefCell::new(Some(read)),
            lang,
        },
    };
    let log = Log { run };
    serde_json::to_writer_pretty(out, &log).map_err(io::Error::from)
}

/// The document's top level, in the order the fields are written.
struct Log<R> {
    run: R,
}

impl<R: Serialize> Serialize for Log<R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("$schema", SCHEMA)?;
        map.serialize_entry("version", VERSION)?;
        map.serialize_entry("runs", std::slice::from_ref(&self.run))?;
        map.end()
    }
}

/// The one run: the tool, the invocation, then every result.
struct Run<I> {
    tool: Value,
    invocations: Value,
    results: Results<I>,
}

impl<I: Iterator<Item = io::Result<B>>, B: Borrow<Checked>> Serialize for Run<I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("tool", &self.tool)?;
        map.serialize_entry("invocations", &self.invocations)?;
        map.serialize_entry("columnKind", "unicodeCodePoints")?;
        map.serialize_entry("results", &self.results)?;
        map.end()
    }
}

/// Every finding of the inputs read, taken from the iterator as it is written
/// (serialising needs `&self`, hence the cell; it is written once).
struct Results<I> {
    read: RefCell<Option<I>>,
    lang: Lang,
}

impl<I: Iterator<Item = io::Result<B>>, B: Borrow<Checked>> Serialize for Results<I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        let read = self.read.borrow_mut().take().into_iter().flatten();
        for result in read {
            let result = result.map_err(S::Error::custom)?;
            let result = result.borrow();
            let Ok(examined) = &result.outcome else {
                continue;
            };
            let uri = uri(&result.file);
            for f in &examined.findings {
                seq.serialize_element(&finding(f, &examined.report, &uri, self.lang))?;
            }
        }
        seq.end()
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn finding(finding: &Finding, report: &Report, uri: &str, lang: Lang) -> Value {
    let mut text = finding.message.get(lang).to_string();
    for note in &finding.notes {
        text.push('\n');
        text.push_str(note.get(lang));
    }
    let mut result = json!({
        "ruleId": finding.rule,
        "level": level(finding.severity),
        "message": { "text": text },
        "locations": [location(uri, finding.span)],
    });
    if let Some(index) = rules().iter().position(|r| r.id == finding.rule) {
        result["ruleIndex"] = index.into();
    }
    // The other printed cells the finding is about.
    let related: Vec<Value> = finding
        .cells
        .iter()
        .filter_map(|path| Some((path, report.cells.get(path.as_str())?)))
        .filter(|(_, printed)| Some(printed.span) != finding.span)
        .enumerate()
        .map(|(id, (path, printed))| {
            let mut related = location(uri, Some(printed.span));
            related["id"] = id.into();
            related["message"] = json!({ "text": format!("{path} = {}", printed.raw) });
            related
        })
        .collect();
    if !related.is_empty() {
        result["relatedLocations"] = related.into();
    }
    result
}

/// The file, and the region when the position is known.
fn location(uri: &str, span: Option<Span>) -> Value {
    let mut physical = json!({ "artifactLocation": { "uri": uri } });
    if let Some(span) = span.filter(|s| s.line >= 1 && s.column >= 1) {
        let mut region = json!({ "startLine": span.line, "startColumn": span.column });
        if (span.end_line, span.end_column) >= (span.line, span.column) {
            region["endLine"] = span.end_line.into();
            region["endColumn"] = span.end_column.into();
        }
        physical["region"] = region;
    }
    json!({ "physicalLocation": physical })
}

/// The path as given, as a URI reference: forward slashes, percent-encoded
/// (Chinese file names are common); absolute paths become `file://` URIs.
pub fn uri(path: &str) -> String {
    let slashed = path.replace('\\', "/");
    let absolute = slashed.starts_with('/')
        || (slashed.len() > 2
            && slashed.as_bytes()[0].is_ascii_alphabetic()
            && slashed[1..].starts_with(":/"));
    let mut out = String::with_capacity(slashed.len());
    if absolute {
        out.push_str("file://");
        if !slashed.starts_with('/') {
            out.push('/');
        }
    }
    for (i, byte) in slashed.bytes().enumerate() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/')
            // The drive colon of `file:///C:/…`.
            || (absolute && byte == b':' && i == 1);
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_references_or_file_uris() {
        assert_eq!(uri("tests/data/a b.txt"), "tests/data/a%20b.txt");
        assert_eq!(uri("报告.txt"), "%E6%8A%A5%E5%91%8A.txt");
        assert_eq!(uri("/tmp/x:y.txt"), "file:///tmp/x%3Ay.txt");
        assert_eq!(uri(r"C:\data\r.txt"), "file:///C:/data/r.txt");
        assert_eq!(uri(r"data\r.txt"), "data/r.txt");
    }

    fn read(file: &str, rule: &str) -> Checked {
        use xxgk_model::{Message, Source, SourceFormat};
        let report = Report::new(Source {
            file: file.into(),
            format: SourceFormat::Text,
            sha256: String::new(),
            encoding: None,
        });
        let finding = Finding::new(rule, Severity::Error, Message::new("错", "wrong"));
        Checked {
            file: file.into(),
            outcome: Ok(crate::Examined {
                report,
                findings: vec![finding],
                text: None,
            }),
        }
    }

    /// Results are written as they come: every one in order, and a failure to
    /// produce one stops the document with that error.
    #[test]
    fn results_are_taken_one_at_a_time() {
        let inputs = [read("a.txt", "requests-balance"), read("b.txt", "no-year")];
        let doc = document(&inputs, Lang::En);
        let results = doc["runs"][0]["results"].as_array().unwrap();
        let files: Vec<&str> = results
            .iter()
            .map(|r| {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
            })
            .collect();
        assert_eq!(files, ["a.txt", "b.txt"]);
        assert_eq!(
            doc["runs"][0]["invocations"][0]["executionSuccessful"],
            true
        );

        let failing = [Ok(&inputs[0]), Err(io::Error::other("temporary file gone"))];
        let mut out = Vec::new();
        let error = write(&mut out, &[], failing.into_iter(), Lang::En).unwrap_err();
        assert!(error.to_string().contains("temporary file gone"), "{error}");
    }

    #[test]
    fn every_rule_is_described_with_its_level() {
        let doc = document(&[], Lang::En);
        let described = doc["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        assert_eq!(described.len(), rules().len());
        for (value, rule) in described.iter().zip(rules()) {
            assert_eq!(value["id"], rule.id);
            assert_eq!(value["defaultConfiguration"]["level"], level(rule.severity));
        }
    }
}
