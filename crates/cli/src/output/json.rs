//! `xxgk/report@1` as JSON: the model's own `to_json`, so the CLI cannot drift
//! from the contract.

use std::io::{self, Write};
use xxgk_model::{Lang, Report};

/// Writes one report followed by a newline (a JSON Lines record when compact),
/// streamed: no JSON tree of the report is built.
pub fn write(out: &mut impl Write, report: &Report, lang: Lang, pretty: bool) -> io::Result<()> {
    let value = report.json(lang);
    if pretty {
        serde_json::to_writer_pretty(&mut *out, &value)?;
    } else {
        serde_json::to_writer(&mut *out, &value)?;
    }
    out.write_all(b"\n")
}
