//! A report as the store writes it, encoded before it reaches the writer.
//!
//! An ingest has one writer and several extracting workers. Encoding a report
//! (its JSON, deflated; each cell's value as text; each finding's JSON) costs
//! about as much as the SQL that stores it, so the workers do it, each for the
//! report it extracted, and the writer only binds what it is handed. The
//! encoding of the stored blob lives here, beside its decoding.

use crate::sqlite::internal;
use crate::Result;
use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};
use std::cell::RefCell;
use xxgk_model::{Finding, Report, Span};

/// A report with its body key and findings, encoded for storage.
#[derive(Clone, Debug)]
pub struct EncodedReport {
    pub(crate) format: &'static str,
    pub(crate) encoding: Option<String>,
    pub(crate) agency: Option<String>,
    pub(crate) body_key: Option<String>,
    pub(crate) year: Option<i32>,
    pub(crate) template: Option<&'static str>,
    pub(crate) published: Option<String>,
    /// The `xxgk/report@1` JSON, deflated.
    pub(crate) blob: Vec<u8>,
    /// The same of the report cut down to what the corpus pass reads.
    pub(crate) pass: Vec<u8>,
    pub(crate) cells: Vec<EncodedCell>,
    pub(crate) findings: Vec<EncodedFinding>,
}

/// One cell of the long form: its path, its value as text, what was printed
/// and where.
#[derive(Clone, Debug)]
pub(crate) struct EncodedCell {
    pub(crate) path: &'static str,
    pub(crate) value: Option<String>,
    pub(crate) raw: Option<String>,
    pub(crate) span: Option<Span>,
}

/// One finding: its rule and severity (columns of their own) and the finding
/// as `xxgk/findings@1` JSON.
#[derive(Clone, Debug)]
pub(crate) struct EncodedFinding {
    pub(crate) rule: String,
    pub(crate) severity: &'static str,
    pub(crate) json: String,
}

impl EncodedReport {
    /// Encodes `report`, the normalised key of its body (see `xxgk-corpus`)
    /// and the findings of the single-report rules (extraction findings
    /// included); `cut` drops from the report what the corpus pass does not
    /// read (`xxgk_check::keep_for_corpus_pass`), and what is left is encoded
    /// too, for the pass to read instead of the whole.
    pub fn new(
        mut report: Report,
        body_key: Option<String>,
        findings: &[Finding],
        cut: impl FnOnce(&mut Report),
    ) -> Result<Self> {
        let cells = report
            .cell_values()
            .into_iter()
            .map(|(path, value)| {
                let printed = report.cells.get(path);
                EncodedCell {
                    path,
                    value: value.map(|v| v.to_string()),
                    raw: printed.map(|p| p.raw.to_string()),
                    span: printed.map(|p| p.span),
                }
            })
            .collect();
        let blob = deflate(&report)?;
        cut(&mut report);
        let pass = deflate(&report)?;
        Ok(EncodedReport {
            format: report.source.format.as_str(),
            encoding: report.source.encoding.take(),
            agency: report.agency.take(),
            body_key,
            year: report.year,
            template: report.template.map(|t| t.as_str()),
            published: report.published.take(),
            blob,
            pass,
            cells,
            findings: findings
                .iter()
                .map(EncodedFinding::new)
                .collect::<Result<_>>()?,
        })
    }
}

impl EncodedFinding {
    pub(crate) fn new(finding: &Finding) -> Result<Self> {
        Ok(EncodedFinding {
            rule: finding.rule.to_string(),
            severity: finding.severity.as_str(),
            json: serde_json::to_string(finding).map_err(internal)?,
        })
    }
}

/// A JSON buffer kept between reports up to this size; a larger one (a
/// huge input's) is given back.
const KEPT_BUFFER: usize = 1 << 20;

thread_local! {
    /// Each worker's compressor and JSON buffer, kept from one report to the
    /// next: making a compressor allocates and clears its tables, 13 % of
    /// the time deflating a report took.
    static DEFLATING: RefCell<(Compress, Vec<u8>)> =
        RefCell::new((Compress::new(Compression::fast(), false), Vec::new()));
}

/// The stored blob of `report`: its JSON, deflated (raw DEFLATE, level 1).
fn deflate(report: &Report) -> Result<Vec<u8>> {
    DEFLATING.with_borrow_mut(|(compress, json)| {
        json.clear();
        let deflated = serde_json::to_writer(&mut *json, report)
            .map_err(internal)
            .and_then(|()| deflate_all(compress, json));
        if json.capacity() > KEPT_BUFFER {
            *json = Vec::new();
        }
        deflated
    })
}

/// `bytes` as one DEFLATE stream, by `compress` started over.
fn deflate_all(compress: &mut Compress, bytes: &[u8]) -> Result<Vec<u8>> {
    compress.reset();
    let mut out = Vec::with_capacity(bytes.len() / 4 + 64);
    loop {
        let read = compress.total_in() as usize;
        let status = compress
            .compress_vec(&bytes[read..], &mut out, FlushCompress::Finish)
            .map_err(internal)?;
        if status == Status::StreamEnd {
            return Ok(out);
        }
        // The output is full: give it room and go on.
        out.reserve(out.capacity().max(4096));
    }
}

thread_local! {
    /// Each thread's decompressor and JSON buffer, kept from one blob to the
    /// next: making a decompressor allocates and clears its state, and
    /// reading through one cleared a fresh buffer and a growing output for
    /// every blob (together nearly a third of inflating one).
    static INFLATING: RefCell<(Decompress, Vec<u8>)> =
        RefCell::new((Decompress::new(false), Vec::new()));
}

/// What `parse` makes of the JSON a stored report's blob holds. The JSON is
/// checked to be UTF-8 once, as a whole, so that the parser need not check
/// every string it reads (`serde_json::from_str`), which was a sixth of
/// parsing a report.
pub(crate) fn with_json<T>(blob: &[u8], parse: impl FnOnce(&str) -> Result<T>) -> Result<T> {
    INFLATING.with_borrow_mut(|(decompress, json)| {
        json.clear();
        let parsed = inflate_all(decompress, blob, json).and_then(|()| {
            let json = simdutf8::basic::from_utf8(json).map_err(internal)?;
            parse(json)
        });
        if json.capacity() > KEPT_BUFFER {
            *json = Vec::new();
        }
        parsed
    })
}

/// The JSON a stored report's blob holds.
#[cfg(test)]
pub(crate) fn inflate(bytes: &[u8]) -> Result<Vec<u8>> {
    with_json(bytes, |json| Ok(json.as_bytes().to_vec()))
}

/// Appends to `out` what `bytes`, one DEFLATE stream, holds, by `decompress`
/// started over. Bytes after the stream's end are ignored.
fn inflate_all(decompress: &mut Decompress, bytes: &[u8], out: &mut Vec<u8>) -> Result<()> {
    decompress.reset(false);
    // A report's JSON deflates to about a third: room for it at once, most
    // often (the buffer kept is usually large enough already).
    out.reserve(bytes.len() * 4 + 64);
    loop {
        let read = decompress.total_in() as usize;
        let status = decompress
            .decompress_vec(&bytes[read..], out, FlushDecompress::Finish)
            .map_err(internal)?;
        if status == Status::StreamEnd {
            return Ok(());
        }
        if out.len() < out.capacity() {
            // Room was left, so the input ran out before the stream's end.
            return Err(damaged_blob());
        }
        // The output is full: give it room and go on.
        out.reserve(out.capacity());
    }
}

/// A blob whose DEFLATE stream stops short.
fn damaged_blob() -> crate::StoreError {
    internal(std::io::Error::new(
        std::io::ErrorKind::UnexpectedEof,
        "a stored blob ends before its DEFLATE stream does",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgk_model::{Section, Source, SourceFormat};

    fn report_with_text(text: String) -> Report {
        let mut report = Report::new(Source {
            file: "a.txt".into(),
            format: SourceFormat::Text,
            sha256: "0".repeat(64),
            encoding: None,
        });
        report.sections.push(Section {
            number: 1,
            heading: "一、总体情况".into(),
            span: Span::default(),
            text,
        });
        report
    }

    /// One worker's compressor serves report after report, small and huge
    /// (past the buffer it keeps, and past what one call of the compressor
    /// writes): each blob inflates to that report's JSON.
    #[test]
    fn each_blob_inflates_to_its_report_whatever_came_before() {
        let huge: String = (0..400_000u32).map(|i| format!("{i:x}公开")).collect();
        let reports = [
            report_with_text("主动公开政府信息。".repeat(3)),
            report_with_text(huge),
            report_with_text(String::new()),
            report_with_text("依申请公开".into()),
        ];
        for report in &reports {
            let blob = deflate(report).unwrap();
            assert_eq!(inflate(&blob).unwrap(), serde_json::to_vec(report).unwrap());
        }
        DEFLATING.with_borrow(|(_, json)| assert!(json.capacity() <= KEPT_BUFFER));
        INFLATING.with_borrow(|(_, json)| assert!(json.capacity() <= KEPT_BUFFER));
    }

    /// A blob cut short, or not DEFLATE at all, is damage, not a shorter
    /// JSON; the next blob still inflates whole.
    #[test]
    fn a_blob_cut_short_is_damaged() {
        let report = report_with_text("主动公开政府信息。".repeat(300));
        let blob = deflate(&report).unwrap();
        assert!(inflate(&blob[..blob.len() / 2]).is_err());
        assert!(inflate(b"\xff\xff\xff").is_err());
        assert!(inflate(&[]).is_err());
        assert_eq!(
            inflate(&blob).unwrap(),
            serde_json::to_vec(&report).unwrap()
        );
    }
}
