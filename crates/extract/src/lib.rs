//! Extraction: a read [`Document`] → a [`Report`] whose every value keeps the text
//! it was printed as and where.

mod flat;
mod matcher;
mod metadata;
mod narrative;
pub mod rules;
mod scan;
mod solve;
mod tables;
mod value;

use rules::metadata_inferred::FormatSource;
use sha2::{Digest, Sha256};
use xxgk_model::{Report, RequestRow, Section, Source, SourceFormat, Template};
use xxgk_read::{Document, ErrorKind, ReadError};

/// The extractor's version: the package version and a fingerprint of the source
/// of model, read and extract (see build.rs). Stored with every report in a
/// corpus; `xxgk reindex` re-extracts reports made by another version.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "+",
    env!("XXGK_EXTRACTOR_FINGERPRINT")
);

/// Inputs larger than this are refused before they are read (`too-large`).
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads and extracts one report from the bytes of a file named `file`, in any
/// format xxgk reads (text, Markdown, HTML, DOCX, PDF), sniffed from the bytes.
pub fn extract_bytes(bytes: &[u8], file: &str) -> Result<Report, ReadError> {
    extract_with_text(bytes, file).map(|(report, _)| report)
}

/// Like [`extract_bytes`], and also returns the text the report's spans index
/// into (the decoded text, the page markup, or the PDF's text layer), for
/// showing source lines.
pub fn extract_with_text(bytes: &[u8], file: &str) -> Result<(Report, String), ReadError> {
    extract_identified(bytes, file, || sha256_hex(bytes))
}

/// Like [`extract_bytes`], for a caller that hashed the bytes already:
/// `sha256` is their [`sha256_hex`], which the report's source carries.
pub fn extract_hashed(bytes: &[u8], file: &str, sha256: &str) -> Result<Report, ReadError> {
    extract_with_text_hashed(bytes, file, sha256).map(|(report, _)| report)
}

/// Like [`extract_with_text`], for a caller that hashed the bytes already
/// (see [`extract_hashed`]).
pub fn extract_with_text_hashed(
    bytes: &[u8],
    file: &str,
    sha256: &str,
) -> Result<(Report, String), ReadError> {
    debug_assert_eq!(sha256, sha256_hex(bytes), "the digest of these bytes");
    extract_identified(bytes, file, || sha256.to_string())
}

/// Extracts the report and its text from `bytes`, whose hex SHA-256 `sha256`
/// gives if they are read at all.
fn extract_identified(
    bytes: &[u8],
    file: &str,
    sha256: impl FnOnce() -> String,
) -> Result<(Report, String), ReadError> {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    if bytes.is_empty() {
        return Err(ReadError::new(
            ErrorKind::Empty,
            "文件为空",
            "the file is empty",
        ));
    }
    let read = xxgk_read::read(bytes, file)?;
    let source = Source {
        file: file.to_string(),
        format: read.format,
        sha256: sha256(),
        encoding: read.encoding,
    };
    let report = extract_document(&read.document, source);
    Ok((report, read.document.original))
}

/// Extracts a report from text (for tests and for callers that decoded already).
pub fn extract_text(text: &str, file: &str) -> Report {
    let source = Source {
        file: file.to_string(),
        format: text_format(file, text),
        sha256: sha256_hex(text.as_bytes()),
        encoding: Some("UTF-8".to_string()),
    };
    extract_document(&Document::from_text(text.to_string()), source)
}

/// Extracts a report from a read document.
pub fn extract_document(doc: &Document, source: Source) -> Report {
    // Tables printed on one line without separators are cut into lines first.
    let unflattened = flat::unflatten(doc);
    let doc = unflattened.as_ref().unwrap_or(doc);
    let mut report = Report::new(source);
    metadata::read(doc, &mut report);
    // Each table region is built as soon as the scan leaves it, so that only
    // one is in memory at a time.
    let mut cap = rules::findings_capped::Cap::default();
    let mut unordered = rules::text_order::UnorderedCells::default();
    let scanned = scan::scan(doc, |region| {
        tables::build(doc, &region, &mut report, &mut cap, &mut unordered);
    });
    report.sections = sections(doc, &scanned);
    report.narrative = narrative::read(doc, &scanned, report.agency.as_deref(), report.year);
    report.template = template(doc, &mut report);
    let damaged = rules::damaged_text::findings(doc, &report);
    report.findings.extend(damaged);
    let unordered = rules::text_order::findings(doc, &unordered);
    report.findings.extend(unordered);
    if report.has_no_tables() {
        report.findings.push(rules::no_tables::finding());
    }
    report.findings.extend(cap.summaries());
    report
}

/// The format: table 2 tells it; without table 2, table 3's （六） rows, then
/// the header words only one format prints, then the year (reports on 2020
/// and earlier follow the 2019 format, later ones the 2021 format). Evidence
/// other than table 2 is named in a finding.
fn template(doc: &Document, report: &mut Report) -> Option<Template> {
    if let Some(active) = &report.active {
        return Some(active.template());
    }
    // Table 4 is the same in both formats: alone, it says nothing of one.
    report.requests.as_ref()?;
    let (template, source) = if let Some(t) = template_of_requests(report) {
        (t, FormatSource::Requests)
    } else if let Some(t) = template_of_words(doc) {
        (t, FormatSource::Words)
    } else {
        let year = report.year?;
        let t = if year <= 2020 {
            Template::V2019
        } else {
            Template::V2021
        };
        (t, FormatSource::Year)
    };
    report
        .findings
        .push(rules::metadata_inferred::format(template, source));
    Some(template)
}

/// The format table 3's （六） rows show: one row in 2019, three in 2021.
fn template_of_requests(report: &Report) -> Option<Template> {
    let requests = report.requests.as_ref()?;
    if requests.has_row(RequestRow::Other) {
        Some(Template::V2019)
    } else if [
        RequestRow::OtherNoCorrection,
        RequestRow::OtherUnpaidFee,
        RequestRow::OtherMisc,
    ]
    .iter()
    .any(|&r| requests.has_row(r))
    {
        Some(Template::V2021)
    } else {
        None
    }
}

/// The format whose own header words (table 2's columns) the text prints,
/// when only one format's are there.
fn template_of_words(doc: &Document) -> Option<Template> {
    let text: String = doc
        .folded_text()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let count = |markers: &[&str]| markers.iter().filter(|m| text.contains(*m)).count();
    match (
        count(xxgk_model::labels::ACTIVE_2019_MARKERS),
        count(xxgk_model::labels::ACTIVE_2021_MARKERS),
    ) {
        (0, 0) => None,
        (old, 0) if old > 0 => Some(Template::V2019),
        (0, new) if new > 0 => Some(Template::V2021),
        _ => None,
    }
}

fn sections(doc: &Document, scanned: &scan::Scan) -> Vec<Section> {
    let headings = &scanned.headings;
    headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let end = headings
                .get(i + 1)
                .map_or(doc.lines.len(), |next| next.line);
            Section {
                number: h.number,
                heading: doc.original_of(h.range.start, h.range.end).to_string(),
                span: doc.span(h.range.start, h.range.end),
                text: prose(doc, h.line + 1..end, &scanned.table_lines),
            }
        })
        .collect()
}

/// The folded text of the lines in `lines` that are not table rows, one line each.
fn prose(doc: &Document, lines: std::ops::Range<usize>, table_lines: &[usize]) -> String {
    let mut text = String::new();
    for index in lines {
        let cells = doc.cells(&doc.lines[index]);
        if cells.is_empty() || table_lines.binary_search(&index).is_ok() {
            continue;
        }
        let (start, end) = (cells[0].start, cells[cells.len() - 1].end);
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(doc.slice(start, end));
    }
    text
}

/// The error for an input over [`MAX_INPUT_BYTES`]: exact sizes.
pub fn too_large(size: u64) -> ReadError {
    xxgk_read::error::too_large(size, MAX_INPUT_BYTES)
}

/// A source's identity: the SHA-256 of its bytes.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// A SHA-256 as [`Source::sha256`] holds it (and the store keys sources by):
/// lowercase hex.
pub fn digest_hex(digest: &[u8; 32]) -> String {
    // By a table, not `write!`: the formatter was an eighth of hashing a
    // file in a re-run that finds nothing new.
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 0xf)] as char);
    }
    out
}

/// [`Source::sha256`] of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    digest_hex(&sha256(bytes))
}

/// The digest a [`digest_hex`] string names; `None` for any other text.
pub fn digest_of_hex(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 || !hex.is_ascii() {
        return None;
    }
    let mut digest = [0; 32];
    for (byte, pair) in digest.iter_mut().zip(hex.as_bytes().chunks(2)) {
        *byte = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    Some(digest)
}

/// Markdown when the name says so or the text uses markdown headings, else text.
fn text_format(file: &str, text: &str) -> SourceFormat {
    let lower = file.to_ascii_lowercase();
    let markdown_name = lower.ends_with(".md") || lower.ends_with(".markdown");
    let markdown_text = text.lines().take(400).any(|l| {
        let hashes = l.bytes().take_while(|&b| b == b'#').count();
        (1..=6).contains(&hashes) && l[hashes..].starts_with(' ')
    });
    if markdown_name || markdown_text {
        SourceFormat::Markdown
    } else {
        SourceFormat::Text
    }
}

#[cfg(test)]
mod digest_tests {
    use super::*;

    /// The published test vector of SHA-256 (FIPS 180-2, "abc"), in
    /// lowercase hex as stored.
    #[test]
    fn a_digest_is_written_as_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_digest_reads_back_from_its_hex_and_nothing_else_does() {
        let digest = sha256(b"xxgk");
        assert_eq!(digest_of_hex(&digest_hex(&digest)), Some(digest));
        for other in ["", "00", &"g".repeat(64), &"é".repeat(32)] {
            assert_eq!(digest_of_hex(other), None, "{other}");
        }
    }
}
