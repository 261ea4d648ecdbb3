//! The SQLite store: schema versions, idempotent writes, replacement on
//! re-extraction, failures, the corpus results and damaged files.

use std::path::Path;
use xxgk_model::{Finding, Message, Severity};
use xxgk_store::{
    Agency, Batch, CorpusResults, Ingested, Origin, Outcome, Similarity, SqliteStore, Store,
    StoreErrorKind, SCHEMA_VERSION,
};

const SEED_004: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/data/seeds/004_ca48803eb8e502d4.txt"
);

fn seed() -> (Vec<u8>, xxgk_model::Report) {
    let bytes = std::fs::read(SEED_004).unwrap();
    let report = xxgk_extract::extract_bytes(&bytes, "seed_report_004.txt").unwrap();
    (bytes, report)
}

fn entry(file: &str, extractor: &str) -> Ingested {
    let (bytes, report) = seed();
    let finding = Finding::new(
        "missing-section",
        Severity::Warning,
        Message::new("缺", "missing"),
    );
    Ingested {
        file: file.to_string(),
        sha256: report.source.sha256.clone(),
        bytes,
        extractor: extractor.to_string(),
        outcome: Outcome::Report {
            report: Box::new(report),
            body_key: Some("王岗镇".into()),
            findings: vec![finding],
        },
    }
}

fn batch(entries: Vec<Ingested>) -> Batch {
    Batch {
        entries,
        names: Vec::new(),
    }
}

#[test]
fn a_report_is_stored_with_every_cell_and_loads_back_equal() {
    let mut store = SqliteStore::in_memory().unwrap();
    let e = entry("a/seed.txt", "v1");
    store.write(&batch(vec![e.clone()])).unwrap();
    let rows = store.reports().unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(
        (row.file.as_str(), row.format.as_str()),
        ("a/seed.txt", "text")
    );
    assert_eq!(row.year, Some(2020));
    assert_eq!((row.errors, row.warnings, row.infos), (0, 1, 0));
    let Outcome::Report { report, .. } = &e.outcome else {
        unreachable!()
    };
    assert_eq!(&store.load(row.id).unwrap(), report.as_ref());
    // Long form: one row per cell of the printed rows, blank ones included.
    let counts = store.counts().unwrap();
    assert_eq!(counts.cells as usize, report.cell_values().len());
    let received = store.values(&["requests.received.total"]).unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].value.map(|v| v.to_string()), Some("10".into()));
    let findings = store.findings(row.id).unwrap();
    assert_eq!(findings[0].origin, Origin::Report);
    assert_eq!(findings[0].finding.rule, "missing-section");
}

#[test]
fn the_same_bytes_are_one_source_whatever_their_names() {
    let mut store = SqliteStore::in_memory().unwrap();
    store.write(&batch(vec![entry("a.txt", "v1")])).unwrap();
    store.write(&batch(vec![entry("a.txt", "v1")])).unwrap();
    let sha = seed().1.source.sha256;
    store
        .write(&Batch {
            entries: Vec::new(),
            names: vec![(sha.clone(), "copy/b.txt".into())],
        })
        .unwrap();
    let counts = store.counts().unwrap();
    assert_eq!((counts.sources, counts.reports), (1, 1));
    assert_eq!(
        store
            .findings(store.reports().unwrap()[0].id)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(store.processed(&sha).unwrap().unwrap().extractor, "v1");
}

#[test]
fn a_new_extractor_replaces_the_result_and_stale_lists_the_rest() {
    let mut store = SqliteStore::in_memory().unwrap();
    store.write(&batch(vec![entry("a.txt", "v1")])).unwrap();
    assert_eq!(store.stale("v2", false).unwrap().len(), 1);
    assert!(store.stale("v1", false).unwrap().is_empty());
    assert_eq!(store.stale("v1", true).unwrap().len(), 1);
    store.write(&batch(vec![entry("a.txt", "v2")])).unwrap();
    let counts = store.counts().unwrap();
    assert_eq!((counts.reports, counts.findings), (1, 1));
    assert!(store.stale("v2", false).unwrap().is_empty());
    let sha = seed().1.source.sha256;
    assert_eq!(store.source_bytes(&sha).unwrap(), seed().0);
}

#[test]
fn failures_are_stored_with_their_reason_and_replaced_by_a_report() {
    let mut store = SqliteStore::in_memory().unwrap();
    let mut failed = entry("a.txt", "v1");
    failed.outcome = Outcome::Failed {
        kind: "corrupt".into(),
        message: Message::new("坏了", "broken"),
    };
    store.write(&batch(vec![failed])).unwrap();
    let failures = store.failures().unwrap();
    assert_eq!(failures.len(), 1);
    assert_eq!(
        (failures[0].kind.as_str(), failures[0].message.en.as_str()),
        ("corrupt", "broken")
    );
    assert!(
        store
            .processed(&failures[0].sha256)
            .unwrap()
            .unwrap()
            .failed
    );
    store.write(&batch(vec![entry("a.txt", "v2")])).unwrap();
    assert!(store.failures().unwrap().is_empty());
    assert_eq!(store.counts().unwrap().reports, 1);
}

#[test]
fn corpus_results_replace_the_previous_pass() {
    let mut store = SqliteStore::in_memory().unwrap();
    store.write(&batch(vec![entry("a.txt", "v1")])).unwrap();
    let id = store.reports().unwrap()[0].id;
    let finding = Finding::new(
        "carry-chain",
        Severity::Warning,
        Message::new("链", "chain"),
    );
    let results = CorpusResults {
        bodies: vec![(id, "王岗镇人民政府".into())],
        findings: vec![(id, finding.clone()), (id, finding)],
        similarities: vec![Similarity {
            report_id: id,
            previous_id: id,
            section: 5,
            ratio: 0.75,
        }],
    };
    store.replace_corpus(&results).unwrap();
    store.replace_corpus(&results).unwrap();
    let row = &store.reports().unwrap()[0];
    assert_eq!(row.body.as_deref(), Some("王岗镇人民政府"));
    assert_eq!(row.warnings, 3);
    let corpus: Vec<_> = store
        .findings(id)
        .unwrap()
        .into_iter()
        .filter(|f| f.origin == Origin::Corpus)
        .collect();
    assert_eq!(corpus.len(), 2);
    assert_eq!(store.similarities().unwrap()[0].ratio, 0.75);
}

#[test]
fn the_agency_list_is_replaced_as_a_whole() {
    let mut store = SqliteStore::in_memory().unwrap();
    let a = |name: &str| Agency {
        name: name.into(),
        ..Agency::default()
    };
    store.set_agencies(&[a("甲"), a("乙")]).unwrap();
    store.set_agencies(&[a("丙")]).unwrap();
    assert_eq!(store.agencies().unwrap(), vec![a("丙")]);
}

fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(name).tempdir().unwrap()
}

#[test]
fn a_new_file_gets_the_current_schema_and_reopens() {
    let dir = scratch("schema");
    let path = dir.path().join("c.db");
    let path = path.to_str().unwrap();
    {
        let mut store = SqliteStore::open(path).unwrap();
        store.write(&batch(vec![entry("a.txt", "v1")])).unwrap();
    }
    let store = SqliteStore::open(path).unwrap();
    assert_eq!(store.counts().unwrap().reports, 1);
    assert!(store.integrity_problems().unwrap().is_empty());
    let version: u32 = rusqlite::Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
}

#[test]
fn a_new_database_may_be_asked_for_in_a_new_folder() {
    let dir = scratch("folder");
    let path = dir.path().join("a/b/c.db");
    SqliteStore::open(path.to_str().unwrap()).unwrap();
    assert!(path.is_file());
}

#[test]
fn a_database_from_a_newer_xxgk_is_refused() {
    let dir = scratch("newer");
    let path = dir.path().join("n.db");
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    let err = SqliteStore::open(path.to_str().unwrap()).err().unwrap();
    assert_eq!(err.kind, StoreErrorKind::TooNew);
    assert!(err.message.zh.contains("更新版本"), "{}", err.message.zh);
}

#[test]
fn a_file_that_is_not_a_database_is_named_as_such() {
    let dir = scratch("junk");
    let path = dir.path().join("junk.db");
    std::fs::write(&path, vec![0x5a; 8192]).unwrap();
    let err = SqliteStore::open(path.to_str().unwrap()).err().unwrap();
    assert_eq!(err.kind, StoreErrorKind::Corrupt, "{}", err.message.en);
    assert!(
        err.message.en.contains("not an xxgk database"),
        "{}",
        err.message.en
    );
    assert!(Path::new(&path).exists());
}

#[test]
fn postgres_locations_are_refused_clearly() {
    let err = xxgk_store::open("postgres://localhost/xxgk").err().unwrap();
    assert_eq!(err.kind, StoreErrorKind::Unsupported);
}
