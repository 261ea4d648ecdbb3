//! The `json` format: `xxgk/findings@1`, one compact object per input per line.

use crate::Checked;
use serde::Serialize;
use serde_json::{json, Value};
use xxgk_model::Lang;

/// The schema id every JSON line carries (`diagnostics-json.md`).
pub const SCHEMA: &str = "xxgk/findings@1";

/// The contract object of one input.
pub fn value(result: &Checked, lang: Lang) -> Value {
    match &result.outcome {
        Ok(examined) => json!({
            "schema": SCHEMA,
            "file": result.file,
            "report": examined.report.to_json(lang),
            "error": null,
            "findings": examined.findings.iter().map(|f| f.to_json(lang)).collect::<Vec<_>>(),
        }),
        Err(error) => json!({
            "schema": SCHEMA,
            "file": result.file,
            "report": null,
            "error": { "kind": error.kind.as_str(), "message": error.message(lang) },
            "findings": [],
        }),
    }
}

/// One JSON Lines record: [`value`], written without building the report's
/// tree (a report may hold a great many sections and figures).
pub fn line(result: &Checked, lang: Lang) -> String {
    match &result.outcome {
        Ok(examined) => {
            let report_json = compact(&examined.report.json(lang));
            line_with_report(&result.file, &report_json, &examined.findings, lang)
        }
        Err(_) => format!("{}\n", value(result, lang)),
    }
}

/// The JSON Lines record of a read input whose report was serialised before
/// (`report_json`: its [`xxgk_model::ReportJson`] as compact JSON): the
/// contract object of [`value`] for that report and `findings`, in compact form.
pub fn line_with_report(
    file: &str,
    report_json: &str,
    findings: &[xxgk_model::Finding],
    lang: Lang,
) -> String {
    let (head, tail) = line_around_report(file, findings, lang);
    let mut line = String::with_capacity(head.len() + report_json.len() + tail.len());
    line.push_str(&head);
    line.push_str(report_json);
    line.push_str(&tail);
    line
}

/// [`line_with_report`] without the report: what comes before its compact
/// JSON and what comes after, for a caller that writes the report's bytes
/// between them itself (without copying them into a string).
pub fn line_around_report(
    file: &str,
    findings: &[xxgk_model::Finding],
    lang: Lang,
) -> (String, String) {
    let findings: Vec<Value> = findings.iter().map(|f| f.to_json(lang)).collect();
    let head = format!(
        "{{\"schema\":{},\"file\":{},\"report\":",
        compact(SCHEMA),
        compact(file)
    );
    let tail = format!(",\"error\":null,\"findings\":{}}}\n", compact(&findings));
    (head, tail)
}

/// Compact JSON of a string or a JSON value.
fn compact<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("strings and JSON values always serialise")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Examined;
    use xxgk_model::{Finding, Message, Report, Severity, Source, SourceFormat};

    /// The streamed line is the contract object, byte for byte.
    #[test]
    fn the_line_is_the_value() {
        let mut report = Report::new(Source {
            file: "a.txt".into(),
            format: SourceFormat::Text,
            sha256: "00".into(),
            encoding: None,
        });
        report.year = Some(2024);
        let finding = Finding::new("a-rule", Severity::Info, Message::new("中", "en"));
        let result = Checked {
            file: "a.txt".into(),
            outcome: Ok(Examined {
                report,
                findings: vec![finding],
                text: None,
            }),
        };
        for lang in [Lang::Zh, Lang::En] {
            assert_eq!(line(&result, lang), format!("{}\n", value(&result, lang)));
            // From the report serialised ahead, the same bytes.
            let Ok(examined) = &result.outcome else {
                unreachable!()
            };
            let report_json = serde_json::to_string(&examined.report.json(lang)).unwrap();
            assert_eq!(
                line_with_report(&result.file, &report_json, &examined.findings, lang),
                line(&result, lang)
            );
        }
    }
}
