//! A report as the store writes it, encoded before it reaches the writer.
//!
//! An ingest has one writer and several extracting workers. Encoding a report
//! (its JSON, packed; each cell's value as text; each finding's JSON) costs
//! about as much as the SQL that stores it, so the workers do it, each for the
//! report it extracted, and the writer only binds what it is handed. The
//! encoding of the stored blob lives here, beside its decoding.
//!
//! A stored blob is the report's JSON whole, in one of two forms, told apart
//! by its first byte:
//! * [`PACKED`], then the JSON [packed](crate::packed) (schema 11 on);
//! * raw DEFLATE: what schemas 1 to 10 wrote, still read.
//!
//! The mark cannot start a DEFLATE stream: bits 1 and 2 of its first byte
//! are the first block's type, and 11 is reserved (RFC 1951, 3.2.3).

use crate::sqlite::internal;
use crate::Result;
use compact_str::{CompactString, ToCompactString};
use flate2::{Decompress, FlushDecompress, Status};
use std::cell::RefCell;
use xxgk_model::{Finding, Number, Report, Span};

/// The first byte of a packed blob.
pub(crate) const PACKED: u8 = 0b0000_0111;

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
    /// The `xxgk/report@1` JSON, packed (see the [module](self)).
    pub(crate) blob: Vec<u8>,
    /// The same of the report cut down to what the corpus pass reads.
    pub(crate) pass: Vec<u8>,
    pub(crate) cells: Vec<EncodedCell>,
    pub(crate) findings: Vec<EncodedFinding>,
}

/// One cell of the long form: its path, its value as text, what was printed
/// and where. The texts are compact: most are a few characters, kept inline
/// rather than allocated (two allocations for each of a report's two hundred
/// cells).
#[derive(Clone, Debug)]
pub(crate) struct EncodedCell {
    pub(crate) path: &'static str,
    pub(crate) value: Option<CompactString>,
    pub(crate) raw: Option<CompactString>,
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
                    value: value.map(decimal),
                    raw: printed.map(|p| p.raw.clone()),
                    span: printed.map(|p| p.span),
                }
            })
            .collect();
        let (blob, pass) = encode_whole_then_cut(&mut report, cut)?;
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

/// The exact decimal text of `value`, as it displays. A whole number (most
/// cells) is written by compact_str's integer formatting: it displays as its
/// integer, and `fmt`'s machinery cost more than the rest of encoding the
/// cell.
fn decimal(value: Number) -> CompactString {
    match value.as_i64() {
        Some(whole) => whole.to_compact_string(),
        None => value.to_compact_string(),
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
    /// Each worker's JSON buffers (a report's, and the corpus pass's), kept
    /// from one report to the next.
    static ENCODING: RefCell<[Vec<u8>; 2]> = const { RefCell::new([Vec::new(), Vec::new()]) };
}

/// The stored blobs of `report`, and of `report` after `cut` (see
/// [`crate::twofold`]).
fn encode_whole_then_cut(
    report: &mut Report,
    cut: impl FnOnce(&mut Report),
) -> Result<(Vec<u8>, Vec<u8>)> {
    ENCODING.with_borrow_mut(|[whole, pass]| {
        whole.clear();
        pass.clear();
        let encoded = crate::twofold::write_whole_then_cut(report, cut, whole, pass)
            .map_err(internal)
            .and_then(|()| Ok((blob_of(whole)?, blob_of(pass)?)));
        for json in [whole, pass] {
            if json.capacity() > KEPT_BUFFER {
                *json = Vec::new();
            }
        }
        encoded
    })
}

/// The stored blob of `json`: [`PACKED`], then the JSON [packed](crate::packed).
/// LZ4 rather than DEFLATE (schemas 1 to 10): a ninth of ingest's CPU was
/// deflating, and LZ4 packs at about twice the speed into 12 % more bytes.
fn blob_of(json: &[u8]) -> Result<Vec<u8>> {
    let mut blob = vec![PACKED];
    crate::packed::pack_onto(json, &mut blob).map_err(internal)?;
    Ok(blob)
}

/// The stored blob of `report`.
#[cfg(test)]
fn encode(report: &Report) -> Result<Vec<u8>> {
    let (blob, _) = encode_whole_then_cut(&mut report.clone(), |_| {})?;
    Ok(blob)
}

thread_local! {
    /// Each thread's decompressor and JSON buffer, kept from one blob to the
    /// next: making a decompressor allocates and clears its state, and
    /// reading through one cleared a fresh buffer and a growing output for
    /// every blob (together nearly a third of inflating one).
    static INFLATING: RefCell<(Decompress, Vec<u8>)> =
        RefCell::new((Decompress::new(false), Vec::new()));
}

/// What `parse` makes of the JSON a stored report's blob holds, in whichever
/// form it was stored (see the [module](self)). The JSON is checked to be
/// UTF-8 once, as a whole, so that the parser need not check every string it
/// reads (`serde_json::from_str`), which was a sixth of parsing a report.
pub(crate) fn with_json<T>(blob: &[u8], parse: impl FnOnce(&str) -> Result<T>) -> Result<T> {
    INFLATING.with_borrow_mut(|(decompress, json)| {
        json.clear();
        let decoded = match blob.split_first() {
            Some((&PACKED, packed)) => crate::packed::unpack_into(packed, json).map_err(internal),
            _ => inflate_all(decompress, blob, json),
        };
        let parsed = decoded.and_then(|()| {
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

    /// A blob as schemas 1 to 10 wrote it: the JSON whole, raw DEFLATE.
    fn deflated(json: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(json).unwrap();
        encoder.finish().unwrap()
    }

    /// One worker's buffer serves report after report, small and huge (past
    /// the buffer it keeps): each blob reads back as that report's JSON.
    #[test]
    fn each_blob_reads_back_as_its_report_whatever_came_before() {
        let huge: String = (0..400_000u32).map(|i| format!("{i:x}公开")).collect();
        let reports = [
            report_with_text("主动公开政府信息。".repeat(3)),
            report_with_text(huge),
            report_with_text(String::new()),
            report_with_text("依申请公开".into()),
        ];
        for report in &reports {
            let blob = encode(report).unwrap();
            assert_eq!(inflate(&blob).unwrap(), serde_json::to_vec(report).unwrap());
        }
        ENCODING
            .with_borrow(|jsons| assert!(jsons.iter().all(|json| json.capacity() <= KEPT_BUFFER)));
        INFLATING.with_borrow(|(_, json)| assert!(json.capacity() <= KEPT_BUFFER));
    }

    /// A cell's value is its text as it displays, whole or not.
    #[test]
    fn values_are_written_as_they_display() {
        for text in [
            "0",
            "3119",
            "-8",
            "17.6675",
            "-0.5",
            "9223372036854775807",
            "0.000000000001",
        ] {
            let number = Number::parse(text).unwrap();
            assert_eq!(decimal(number), number.to_string(), "{text}");
        }
        let min = Number::int(i64::MIN);
        assert_eq!(decimal(min), min.to_string());
    }

    /// A database from before schema 11 holds DEFLATE blobs, which read as
    /// they did, among packed ones.
    #[test]
    fn deflated_blobs_of_older_schemas_still_read() {
        let report = report_with_text("主动公开政府信息。".repeat(300));
        let json = serde_json::to_vec(&report).unwrap();
        for _ in 0..2 {
            assert_eq!(inflate(&deflated(&json)).unwrap(), json);
            assert_eq!(inflate(&encode(&report).unwrap()).unwrap(), json);
        }
    }

    /// The mark is a byte no DEFLATE stream starts with: its first block's
    /// type would be the reserved one, so an old blob is never read as packed.
    #[test]
    fn no_deflate_stream_starts_with_the_mark() {
        assert_eq!((PACKED >> 1) & 0b11, 0b11, "{PACKED:#04x}");
        let mut decompress = Decompress::new(false);
        let mut out = Vec::with_capacity(64);
        let read = decompress.decompress_vec(&[PACKED, 0, 0, 0], &mut out, FlushDecompress::Finish);
        assert!(read.is_err(), "{PACKED:#04x} starts a DEFLATE stream");
    }

    /// A blob cut short, or neither packed nor DEFLATE, is damage, not a
    /// shorter JSON; the next blob still reads whole.
    #[test]
    fn a_blob_cut_short_is_damaged() {
        let report = report_with_text("主动公开政府信息。".repeat(300));
        let json = serde_json::to_vec(&report).unwrap();
        for blob in [encode(&report).unwrap(), deflated(&json)] {
            assert!(inflate(&blob[..blob.len() / 2]).is_err());
            assert!(inflate(&blob[..1]).is_err());
            assert_eq!(inflate(&blob).unwrap(), json);
        }
        assert!(inflate(b"\xff\xff\xff").is_err());
        assert!(inflate(&[]).is_err());
    }
}
