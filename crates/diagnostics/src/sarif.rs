//! The `sarif` format: one SARIF 2.1.0 log for the whole run, in the shape GitHub
//! code scanning accepts (`github/codeql-action/upload-sarif`).
//!
//! Every rule is listed in `tool.driver.rules` with its title and documentation;
//! each finding is a result pointing at its file and, when it has one, its region.
//! Columns count characters (`columnKind: unicodeCodePoints`), and `endColumn` is
//! one past the last character, as SARIF defines it — the same as the spans.
//! Inputs that could not be read are tool execution notifications.

use crate::Checked;
use serde_json::{json, Value};
use xxgk_check::rules;
use xxgk_model::{Finding, Lang, Report, Severity, Span};

/// The JSON schema a SARIF document names.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The SARIF version written.
pub const VERSION: &str = "2.1.0";

/// One SARIF document for a run: every rule as a descriptor, every finding of every input as a result.
pub fn document(results: &[Checked], lang: Lang) -> Value {
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

    let mut findings = Vec::new();
    let mut notifications = Vec::new();
    for result in results {
        let uri = uri(&result.file);
        match &result.outcome {
            Ok(examined) => findings.extend(
                examined
                    .findings
                    .iter()
                    .map(|f| finding(f, &examined.report, &uri, lang)),
            ),
            Err(error) => notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{}: {}", result.file, error.message(lang)) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri } } }],
                "properties": { "kind": error.kind.as_str() },
            })),
        }
    }

    json!({
        "$schema": SCHEMA,
        "version": VERSION,
        "runs": [{
            "tool": {
                "driver": {
                    "name": "xxgk",
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": descriptors,
                },
            },
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": findings,
        }],
    })
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
