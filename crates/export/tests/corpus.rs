//! Exporting a corpus database: all of it, or a selection of its reports.

use std::path::Path;
use xxgk_export::corpus::{export, Selection, Sink};
use xxgk_export::{CsvExport, FindingsCsv, BOM};
use xxgk_model::Lang;
use xxgk_store::{Access, ReportFilter, Store};

/// A corpus of the seeds and one file that cannot be read.
fn corpus(dir: &Path) -> Box<dyn Store> {
    let db = dir.join("corpus.db");
    let db = db.to_string_lossy();
    let bad = dir.join("bad.docx");
    std::fs::write(&bad, b"PK\x03\x04 not a document").unwrap();
    let mut store = xxgk_store::open(&db, Access::Write).unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/seeds");
    let inputs = xxgk_inputs::expand(&[seeds, bad]);
    xxgk_corpus::ingest::ingest(
        store.as_mut(),
        &inputs,
        &xxgk_corpus::ingest::Options::default(),
        |_, _| {},
    )
    .unwrap();
    store
}

/// The report ids of the records of a long-form CSV.
fn ids(bytes: Vec<u8>) -> (Vec<i64>, usize) {
    let text = String::from_utf8(bytes).unwrap();
    let body = text.strip_prefix(BOM).unwrap();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let mut ids: Vec<i64> = Vec::new();
    let mut records = 0;
    for record in reader.records() {
        let id = record.unwrap()[0].parse().unwrap();
        records += 1;
        if ids.last() != Some(&id) {
            ids.push(id);
        }
    }
    (ids, records)
}

fn csv_of(store: &dyn Store, selection: Selection) -> Vec<u8> {
    let out: Vec<u8> = Vec::new();
    let shared = std::rc::Rc::new(std::cell::RefCell::new(out));
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);
    impl std::io::Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let sink = Sink::Csv(Box::new(
        CsvExport::new(Box::new(Shared(shared.clone())) as Box<dyn std::io::Write>).unwrap(),
    ));
    export(store, selection, sink).unwrap().unwrap();
    let bytes = shared.borrow().clone();
    bytes
}

#[test]
fn a_selection_exports_exactly_its_reports_in_its_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = corpus(dir.path());
    let all = store.reports().unwrap();
    assert_eq!(all.len(), 5);
    let (every, _) = ids(csv_of(store.as_ref(), Selection::All));
    assert_eq!(every, all.iter().map(|r| r.id).collect::<Vec<_>>());

    let filter = ReportFilter {
        year: Some(2020),
        ..ReportFilter::default()
    };
    let chosen = store.report_page(&filter, 0, u64::MAX).unwrap().rows;
    assert_eq!(chosen.len(), 4);
    let cells: usize = chosen
        .iter()
        .map(|r| store.load(r.id).unwrap().cell_values().len())
        .sum();
    let (exported, records) = ids(csv_of(store.as_ref(), Selection::Reports(chosen.clone())));
    assert_eq!(exported, chosen.iter().map(|r| r.id).collect::<Vec<_>>());
    assert_eq!(records, cells);
}

#[test]
fn the_findings_of_a_selection_leave_out_the_unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    let store = corpus(dir.path());
    assert_eq!(store.failures().unwrap().len(), 1);
    let findings = |selection: Selection| -> String {
        let file = dir.path().join("findings.csv");
        let out: Box<dyn std::io::Write> = Box::new(std::fs::File::create(&file).unwrap());
        let sink = Sink::FindingsCsv(
            Box::new(FindingsCsv::named(out, "findings.csv", Lang::Zh).unwrap()),
            Lang::Zh,
        );
        export(store.as_ref(), selection, sink).unwrap().unwrap();
        std::fs::read_to_string(&file).unwrap()
    };
    assert!(findings(Selection::All).contains("bad.docx"));
    let one = store
        .reports()
        .unwrap()
        .into_iter()
        .find(|r| r.errors + r.warnings + r.infos > 0)
        .unwrap();
    let text = findings(Selection::Reports(vec![one.clone()]));
    assert!(!text.contains("bad.docx"));
    assert!(text.contains(&one.file));
}

/// A writer with room for `.0` more bytes, then a full disk.
struct Full(usize);

impl std::io::Write for Full {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.len() > self.0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "disk full",
            ));
        }
        self.0 -= buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An export that cannot write stops with the writer's error: when it comes
/// after every report was read (five reports, fewer than are decoded ahead)
/// and while they are still read (a selection of each report a thousand times,
/// more than are decoded ahead on up to 150 cores).
#[test]
fn an_export_that_cannot_write_stops_with_its_error() {
    let dir = tempfile::tempdir().unwrap();
    let store = corpus(dir.path());
    let rows = store.reports().unwrap();
    let many: Vec<_> = rows
        .iter()
        .cycle()
        .take(1000 * rows.len())
        .cloned()
        .collect();
    for selection in [Selection::All, Selection::Reports(many)] {
        let out: Box<dyn std::io::Write> = Box::new(Full(20_000));
        let sink = Sink::Csv(Box::new(CsvExport::new(out).unwrap()));
        let err = export(store.as_ref(), selection, sink)
            .unwrap()
            .unwrap_err();
        assert_eq!(err.kind, xxgk_export::ExportErrorKind::Io);
        assert_eq!(
            err.io_error().map(std::io::Error::kind),
            Some(std::io::ErrorKind::StorageFull)
        );
        assert!(err.message(Lang::Zh).contains("disk full"), "{err:?}");
    }
}
