//! The `json` format: `xxgk/findings@1`, one compact object per input per line.

use crate::Checked;
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

/// One JSON Lines record.
pub fn line(result: &Checked, lang: Lang) -> String {
    let mut line = value(result, lang).to_string();
    line.push('\n');
    line
}
