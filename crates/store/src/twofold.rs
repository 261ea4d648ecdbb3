//! A report's JSON and the JSON of the report cut down for the corpus pass,
//! written in one go.
//!
//! The store keeps both (see [`crate::EncodedReport`]). Writing the cut
//! report's JSON anew wrote again most of what it keeps (the tables, the
//! kept cells, the compared sections' prose): a fifth of writing the
//! JSON. Here the whole report's JSON is written a piece at a time (the
//! fields before the cells, each cell, each section, each other
//! collection), the report is cut, and the cut report's JSON is put
//! together from those pieces: a piece the cut left is copied, and only one
//! it changed is written anew.
//!
//! The cut (`xxgk_check::keep_for_corpus_pass`) drops cells, labels, spans,
//! claims, findings and the prose of sections, and changes nothing else: it
//! removes entries and empties collections and strings, but rewrites none.
//! So a piece it left at the same length is the piece written before.
//! The bytes are `serde_json`'s for the cut report, which the tests check on
//! every real document of the test data.

use serde::Serialize;
use serde_json::Result;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use xxgk_model::{Printed, Report, Section, Span};

/// Appends the JSON of `report` to `whole`; `cut` then cuts the report down,
/// and the JSON of what is left is appended to `pass`. Each is the bytes
/// `serde_json` writes for the report at the time.
pub(crate) fn write_whole_then_cut(
    report: &mut Report,
    cut: impl FnOnce(&mut Report),
    whole: &mut Vec<u8>,
    pass: &mut Vec<u8>,
) -> Result<()> {
    let pieces = write_whole(report, whole)?;
    cut(report);
    write_cut(report, &pieces, whole, pass)
}

/// Where each piece of a report's JSON was written (ranges of the JSON), and
/// the lengths the cut report's are compared with.
struct Pieces {
    /// The fields before the cells, names and values.
    head: Range<usize>,
    /// Each cell's `"path":{…}`, in path order.
    cells: Vec<(Cow<'static, str>, Range<usize>)>,
    row_labels: Written,
    column_labels: Written,
    /// Each section, and the length of its prose.
    sections: Vec<(Range<usize>, usize)>,
    metadata_spans: Written,
    narrative: Written,
    findings: Written,
}

/// Where a collection's value was written, and its length.
struct Written {
    range: Range<usize>,
    len: usize,
}

/// A struct's JSON being written, one field after the other, each named as
/// serde names it (the tests compare the bytes with serde's).
struct Object<'o> {
    out: &'o mut Vec<u8>,
    /// Whether a field was written (the next is after a comma).
    started: bool,
}

impl<'o> Object<'o> {
    fn open(out: &'o mut Vec<u8>) -> Object<'o> {
        out.push(b'{');
        Object {
            out,
            started: false,
        }
    }

    /// Writes field `name`, then the value `write` writes (and answers
    /// about it); answers where the value is too.
    fn field<T>(
        &mut self,
        name: &str,
        write: impl FnOnce(&mut Vec<u8>) -> Result<T>,
    ) -> Result<(Range<usize>, T)> {
        self.separate();
        serde_json::to_writer(&mut *self.out, name)?;
        self.out.push(b':');
        let start = self.out.len();
        let answer = write(self.out)?;
        Ok((start..self.out.len(), answer))
    }

    /// Writes field `name` with `value`.
    fn value(&mut self, name: &str, value: &impl Serialize) -> Result<Range<usize>> {
        Ok(self.field(name, |out| serde_json::to_writer(out, value))?.0)
    }

    /// Writes field `name`, a collection of `len` entries.
    fn collection(&mut self, name: &str, value: &impl Serialize, len: usize) -> Result<Written> {
        let range = self.value(name, value)?;
        Ok(Written { range, len })
    }

    /// Writes field `name`, a map of labels.
    fn labels(&mut self, name: &str, labels: &BTreeMap<String, Printed>) -> Result<Written> {
        let (range, ()) = self.field(name, |out| write_labels(labels, out))?;
        Ok(Written {
            range,
            len: labels.len(),
        })
    }

    /// Appends fields, names and values, as written before.
    fn copied(&mut self, bytes: &[u8]) {
        self.separate();
        self.out.extend_from_slice(bytes);
    }

    /// The comma before a field that is not the first.
    fn separate(&mut self) {
        if self.started {
            self.out.push(b',');
        }
        self.started = true;
    }

    /// The bytes written since `start`.
    fn since(&self, start: usize) -> Range<usize> {
        start..self.out.len()
    }

    fn close(self) {
        self.out.push(b'}');
    }
}

/// Writes the JSON of `report` a piece at a time (see the [module](self)).
fn write_whole(report: &Report, out: &mut Vec<u8>) -> Result<Pieces> {
    // Every field, in order: destructured so that a field added to `Report`
    // cannot be forgotten here.
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
    } = report;
    let mut object = Object::open(out);
    let head_start = object.out.len();
    object.value("schema", schema)?;
    object.value("source", source)?;
    object.value("agency", agency)?;
    object.value("year", year)?;
    object.value("template", template)?;
    object.value("published", published)?;
    object.value("active", active)?;
    object.value("requests", requests)?;
    object.value("appeals", appeals)?;
    let head = object.since(head_start);
    let (_, cells) = object.field("cells", |out| write_cells(cells, out))?;
    let row_labels = object.labels("row_labels", row_labels)?;
    let column_labels = object.labels("column_labels", column_labels)?;
    let (_, sections) = object.field("sections", |out| write_sections(sections, out))?;
    let metadata_spans =
        object.collection("metadata_spans", metadata_spans, metadata_spans.len())?;
    let narrative = object.collection("narrative", narrative, narrative.len())?;
    let findings = object.collection("findings", findings, findings.len())?;
    object.close();
    Ok(Pieces {
        head,
        cells,
        row_labels,
        column_labels,
        sections,
        metadata_spans,
        narrative,
        findings,
    })
}

/// Writes the cells' map, answering where each entry is.
fn write_cells(
    cells: &BTreeMap<Cow<'static, str>, Printed>,
    out: &mut Vec<u8>,
) -> Result<Vec<(Cow<'static, str>, Range<usize>)>> {
    let mut entries = Vec::with_capacity(cells.len());
    out.push(b'{');
    for (path, printed) in cells {
        if !entries.is_empty() {
            out.push(b',');
        }
        let start = out.len();
        write_cell(path, printed, out)?;
        entries.push((path.clone(), start..out.len()));
    }
    out.push(b'}');
    Ok(entries)
}

/// One cell's `"path":{…}`.
fn write_cell(path: &str, printed: &Printed, out: &mut Vec<u8>) -> Result<()> {
    serde_json::to_writer(&mut *out, path)?;
    out.push(b':');
    write_printed(printed, out)
}

/// A map of printed texts (the row and column labels), as serde writes it.
fn write_labels(labels: &BTreeMap<String, Printed>, out: &mut Vec<u8>) -> Result<()> {
    out.push(b'{');
    for (n, (path, printed)) in labels.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        write_cell(path, printed, out)?;
    }
    out.push(b'}');
    Ok(())
}

/// What `serde_json` writes for `printed`, written by hand: a report has
/// some three hundred printed texts, most of them a few characters, and
/// serde spent more on the names of their fields (each escaped, each
/// written a piece at a time) than on what they hold. The fields are
/// destructured so that one added cannot be forgotten here; the tests
/// compare with serde's bytes.
fn write_printed(printed: &Printed, out: &mut Vec<u8>) -> Result<()> {
    let Printed { raw, span, folded } = printed;
    out.extend_from_slice(br#"{"raw":"#);
    serde_json::to_writer(&mut *out, raw.as_str())?;
    out.extend_from_slice(br#","span":"#);
    write_span(span, out)?;
    if let Some(folded) = folded {
        out.extend_from_slice(br#","folded":"#);
        serde_json::to_writer(&mut *out, folded.as_str())?;
    }
    out.push(b'}');
    Ok(())
}

/// What `serde_json` writes for `span`, by hand (see [`write_printed`]):
/// the fields in order, the optional ones only when set.
fn write_span(span: &Span, out: &mut Vec<u8>) -> Result<()> {
    let Span {
        start,
        end,
        line,
        column,
        end_line,
        end_column,
        page,
        paragraph,
        table,
        row,
        cell,
    } = *span;
    let mut field = |name: &[u8], value: u64| {
        out.extend_from_slice(name);
        serde_json::to_writer(&mut *out, &value)
    };
    field(br#"{"start":"#, start as u64)?;
    field(br#","end":"#, end as u64)?;
    field(br#","line":"#, line.into())?;
    field(br#","column":"#, column.into())?;
    field(br#","end_line":"#, end_line.into())?;
    field(br#","end_column":"#, end_column.into())?;
    let optional = [
        (&br#","page":"#[..], page),
        (br#","paragraph":"#, paragraph),
        (br#","table":"#, table),
        (br#","row":"#, row),
        (br#","cell":"#, cell),
    ];
    for (name, value) in optional {
        if let Some(value) = value {
            field(name, value.into())?;
        }
    }
    out.push(b'}');
    Ok(())
}

/// Writes the sections' list, answering where each section is and the
/// length of its prose.
fn write_sections(sections: &[Section], out: &mut Vec<u8>) -> Result<Vec<(Range<usize>, usize)>> {
    let mut written = Vec::with_capacity(sections.len());
    out.push(b'[');
    for section in sections {
        if !written.is_empty() {
            out.push(b',');
        }
        let start = out.len();
        serde_json::to_writer(&mut *out, section)?;
        written.push((start..out.len(), section.text.len()));
    }
    out.push(b']');
    Ok(written)
}

/// Writes the JSON of the cut `report`, copying from `whole` each piece the
/// cut left (see the [module](self)).
fn write_cut(report: &Report, pieces: &Pieces, whole: &[u8], out: &mut Vec<u8>) -> Result<()> {
    let Report {
        cells,
        row_labels,
        column_labels,
        sections,
        metadata_spans,
        narrative,
        findings,
        ..
    } = report;
    let mut object = Object::open(out);
    object.copied(&whole[pieces.head.clone()]);
    object.field("cells", |out| {
        write_cut_cells(cells, &pieces.cells, whole, out)
    })?;
    object.field(
        "row_labels",
        copy_if_left(row_labels, row_labels.len(), &pieces.row_labels, whole),
    )?;
    object.field(
        "column_labels",
        copy_if_left(
            column_labels,
            column_labels.len(),
            &pieces.column_labels,
            whole,
        ),
    )?;
    object.field("sections", |out| {
        write_cut_sections(sections, &pieces.sections, whole, out)
    })?;
    object.field(
        "metadata_spans",
        copy_if_left(
            metadata_spans,
            metadata_spans.len(),
            &pieces.metadata_spans,
            whole,
        ),
    )?;
    object.field(
        "narrative",
        copy_if_left(narrative, narrative.len(), &pieces.narrative, whole),
    )?;
    object.field(
        "findings",
        copy_if_left(findings, findings.len(), &pieces.findings, whole),
    )?;
    object.close();
    Ok(())
}

/// Writes a collection of `len` entries after the cut: a copy of what was
/// `written` whole when the cut left its length, else anew.
fn copy_if_left<'v>(
    value: &'v impl Serialize,
    len: usize,
    written: &Written,
    whole: &'v [u8],
) -> impl FnOnce(&mut Vec<u8>) -> Result<()> + 'v {
    let left = (len == written.len).then(|| &whole[written.range.clone()]);
    move |out| match left {
        Some(bytes) => {
            out.extend_from_slice(bytes);
            Ok(())
        }
        None => serde_json::to_writer(out, value),
    }
}

/// Writes the cells the cut kept, each copied from where it was written
/// whole: both maps are in path order, and the kept paths are some of the
/// written ones (a path that is not is written anew).
fn write_cut_cells(
    cells: &BTreeMap<Cow<'static, str>, Printed>,
    written: &[(Cow<'static, str>, Range<usize>)],
    whole: &[u8],
    out: &mut Vec<u8>,
) -> Result<()> {
    let mut written = written.iter();
    out.push(b'{');
    for (n, (path, printed)) in cells.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        match written.find(|(was, _)| was == path) {
            Some((_, range)) => out.extend_from_slice(&whole[range.clone()]),
            None => write_cell(path, printed, out)?,
        }
    }
    out.push(b'}');
    Ok(())
}

/// Writes the sections after the cut: each whose prose it left is copied,
/// the others written anew.
fn write_cut_sections(
    sections: &[Section],
    written: &[(Range<usize>, usize)],
    whole: &[u8],
    out: &mut Vec<u8>,
) -> Result<()> {
    if sections.len() != written.len() {
        return serde_json::to_writer(out, sections);
    }
    out.push(b'[');
    for (n, (section, (range, text))) in sections.iter().zip(written).enumerate() {
        if n > 0 {
            out.push(b',');
        }
        if section.text.len() == *text {
            out.extend_from_slice(&whole[range.clone()]);
        } else {
            serde_json::to_writer(&mut *out, section)?;
        }
    }
    out.push(b']');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    /// The two JSONs as written here, and as serde writes the report before
    /// and after `cut`.
    fn both_ways(report: &Report, cut: impl Fn(&mut Report)) -> ([Vec<u8>; 2], [Vec<u8>; 2]) {
        let mut cut_down = report.clone();
        cut(&mut cut_down);
        let serde = [
            serde_json::to_vec(report).unwrap(),
            serde_json::to_vec(&cut_down).unwrap(),
        ];
        let (mut whole, mut pass) = (b"before".to_vec(), Vec::new());
        write_whole_then_cut(&mut report.clone(), cut, &mut whole, &mut pass).unwrap();
        ([whole[b"before".len()..].to_vec(), pass], serde)
    }

    /// Every document of the test data that extracts to a report.
    fn real_reports() -> Vec<(PathBuf, Report)> {
        fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path
                    .extension()
                    .is_some_and(|e| ["txt", "html", "pdf", "docx"].contains(&e.to_str().unwrap()))
                {
                    found.push(path);
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data"),
            &mut files,
        );
        files.sort();
        files
            .into_iter()
            .filter_map(|path| {
                let bytes = std::fs::read(&path).unwrap();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                let report = xxgk_extract::extract_bytes(&bytes, &name).ok()?;
                (!report.has_no_tables()).then_some((path, report))
            })
            .collect()
    }

    /// The corpus pass's own cut, over every real report of the test data:
    /// both JSONs are serde's bytes.
    #[test]
    fn both_jsons_are_serdes_for_every_real_report() {
        let reports = real_reports();
        assert!(reports.len() >= 40, "{} reports", reports.len());
        let mut cut_something = 0;
        for (path, report) in &reports {
            let (ours, serde) = both_ways(report, xxgk_check::keep_for_corpus_pass);
            assert!(ours[0] == serde[0], "{}: whole", path.display());
            assert!(ours[1] == serde[1], "{}: cut", path.display());
            cut_something += usize::from(ours[1].len() < ours[0].len());
        }
        assert_eq!(cut_something, reports.len());
    }

    /// Every optional field of a span set or not, texts that need escaping,
    /// the largest numbers: written as serde writes them.
    #[test]
    fn printed_texts_are_written_as_serde_writes_them() {
        for set in 0..32u32 {
            let some = |field: u32, value: u32| (set & (1 << field) != 0).then_some(value);
            let span = Span {
                start: usize::MAX,
                end: 0,
                line: u32::MAX,
                column: 7,
                end_line: 1,
                end_column: 12,
                page: some(0, 3),
                paragraph: some(1, 0),
                table: some(2, u32::MAX),
                row: some(3, 10),
                cell: some(4, 1),
            };
            for (raw, folded) in [("0", None), ("\"引号\"\n\\ 万元", Some("x\u{1}\t"))] {
                let printed = Printed {
                    raw: raw.into(),
                    span,
                    folded: folded.map(Into::into),
                };
                let mut ours = Vec::new();
                write_printed(&printed, &mut ours).unwrap();
                assert_eq!(ours, serde_json::to_vec(&printed).unwrap());
            }
        }
    }

    /// Cuts that leave everything, or drop from every collection some of
    /// its entries (the rest written anew), or empty everything.
    #[test]
    fn any_cut_that_only_drops_writes_serdes_bytes() {
        let (_, report) = real_reports().swap_remove(0);
        let cuts: [fn(&mut Report); 4] = [
            |_| {},
            |r| {
                let mut n = 0;
                r.cells.retain(|_, _| {
                    n += 1;
                    n % 3 == 0
                });
                r.row_labels.pop_first();
                r.column_labels.pop_last();
                r.metadata_spans.pop_first();
                r.narrative.truncate(1);
                r.findings.truncate(1);
                r.sections.iter_mut().skip(1).for_each(|s| s.text.clear());
            },
            |r| {
                r.sections.pop();
            },
            |r| {
                r.cells.clear();
                r.row_labels.clear();
                r.column_labels.clear();
                r.metadata_spans.clear();
                r.narrative.clear();
                r.findings.clear();
                r.sections.clear();
            },
        ];
        for (n, cut) in cuts.into_iter().enumerate() {
            let (ours, serde) = both_ways(&report, cut);
            assert!(ours == serde, "cut {n}");
        }
    }
}
