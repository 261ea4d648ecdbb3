//! The SQLite store: schema versions, idempotent writes, replacement on
//! re-extraction, failures, the corpus results and damaged files.

use std::path::Path;
use xxgk_model::{Finding, Message, Severity};
use xxgk_store::{
    Access, Agency, Batch, EncodedReport, Ingested, Origin, Outcome, Reading, Similarity,
    SqliteStore, Store, StoreErrorKind, APPLICATION_ID, SCHEMA_VERSION,
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
    entry_with(file, extractor, |_, _| {})
}

/// The seed's entry with one finding, after `edit` changed its report and
/// findings (before they are encoded).
fn entry_with(
    file: &str,
    extractor: &str,
    edit: impl FnOnce(&mut xxgk_model::Report, &mut Vec<Finding>),
) -> Ingested {
    entry_cut(file, extractor, edit, |_| {})
}

/// [`entry_with`], its report stored for the corpus pass as `cut` leaves it.
fn entry_cut(
    file: &str,
    extractor: &str,
    edit: impl FnOnce(&mut xxgk_model::Report, &mut Vec<Finding>),
    cut: impl FnOnce(&mut xxgk_model::Report),
) -> Ingested {
    let (bytes, mut report) = seed();
    let mut findings = vec![Finding::new(
        "missing-section",
        Severity::Warning,
        Message::new("缺", "missing"),
    )];
    edit(&mut report, &mut findings);
    let sha256 = report.source.sha256.clone();
    let encoded = EncodedReport::new(report, Some("王岗镇".into()), &findings, cut).unwrap();
    Ingested {
        file: file.to_string(),
        sha256,
        bytes,
        extractor: extractor.to_string(),
        outcome: Outcome::Report(Box::new(encoded)),
    }
}

/// What a corpus pass writes, given whole: the pass's results as a test
/// sets them.
#[derive(Default)]
struct CorpusResults {
    generation: u64,
    /// Report id → body.
    bodies: Vec<(i64, String)>,
    findings: Vec<(i64, Finding)>,
    similarities: Vec<Similarity>,
    /// (copy, of).
    copies: Vec<(i64, i64)>,
}

/// Replaces the previous pass's results with `results`, through
/// [`Store::begin_corpus`] as the corpus pass writes them.
fn replace_corpus(store: &dyn Store, results: &CorpusResults) {
    let mut pass = store.begin_corpus(results.generation).unwrap();
    pass.forget_everything().unwrap();
    store
        .each_report_key(&mut |key| {
            let body = results.bodies.iter().find(|(id, _)| *id == key.id);
            pass.set_body(key.id, body.map(|(_, b)| b.as_str()))
        })
        .unwrap();
    for &(copy, of) in &results.copies {
        pass.set_copy(copy, of).unwrap();
    }
    for (id, finding) in &results.findings {
        pass.add_finding(*id, finding).unwrap();
    }
    for similarity in &results.similarities {
        pass.add_similarity(similarity).unwrap();
    }
    pass.commit().unwrap();
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
    let report = seed().1;
    assert_eq!(store.load(row.id).unwrap(), report);
    // Long form: one row per cell of the printed rows, blank ones included.
    let counts = store.counts().unwrap();
    assert_eq!(counts.cells as usize, report.cell_values().len());
    let received = store.values(&["requests.received.total"]).unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].value.map(|v| v.to_string()), Some("10".into()));
    // The same by report: the ids asked for, the paths asked for.
    let paths = ["requests.received.total", "requests.total.total"];
    let of_report = store.values_of(&[row.id, row.id + 1], &paths).unwrap();
    assert_eq!(
        of_report
            .iter()
            .map(|v| (v.report_id, v.path.as_str()))
            .collect::<Vec<_>>(),
        [(row.id, paths[0]), (row.id, paths[1])]
    );
    assert_eq!(of_report[0].value, received[0].value);
    assert!(store.values_of(&[], &paths).unwrap().is_empty());
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

/// The writer deletes a replaced report's rows itself (SQLite's cascade is
/// off while it writes): its cells, JSON and findings, of both passes, and
/// the similarities that name it either way, whoever's they are.
#[test]
fn replacing_a_report_leaves_nothing_that_named_it() {
    let mut store = SqliteStore::in_memory().unwrap();
    let mut other = entry("b.txt", "v1");
    other.bytes.extend_from_slice(b"\n");
    other.sha256 = "b".repeat(64);
    store
        .write(&batch(vec![entry("a.txt", "v1"), other]))
        .unwrap();
    let once = store.counts().unwrap();
    let rows = store.reports().unwrap();
    let (a, b) = (rows[0].id, rows[1].id);
    let similarity = |report_id, previous_id| Similarity {
        report_id,
        previous_id,
        section: 1,
        ratio: 0.5,
    };
    let finding = || {
        Finding::new(
            "carry-chain",
            Severity::Warning,
            Message::new("链", "chain"),
        )
    };
    replace_corpus(
        &store,
        &CorpusResults {
            generation: store.generation().unwrap(),
            findings: vec![(a, finding()), (b, finding())],
            similarities: vec![similarity(a, b), similarity(b, a)],
            ..CorpusResults::default()
        },
    );
    store.write(&batch(vec![entry("a.txt", "v2")])).unwrap();
    assert!(store.integrity_problems().unwrap().is_empty());
    assert!(store.similarities().unwrap().is_empty());
    let now = store.counts().unwrap();
    assert_eq!((now.reports, now.cells), (2, once.cells));
    // The new report's own finding, and b's two.
    assert_eq!(now.findings, 3);
    assert_eq!(store.findings(b).unwrap().len(), 2);
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
    // A failure is no report.
    assert_eq!(store.report_of_source(&failures[0].sha256).unwrap(), None);
    store.write(&batch(vec![entry("a.txt", "v2")])).unwrap();
    assert!(store.failures().unwrap().is_empty());
    assert_eq!(store.counts().unwrap().reports, 1);
    let row = store.reports().unwrap().remove(0);
    assert_eq!(store.report_of_source(&row.sha256).unwrap(), Some(row));
    assert_eq!(store.report_of_source(&"0".repeat(64)).unwrap(), None);
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
        generation: store.generation().unwrap(),
        copies: vec![],
    };
    replace_corpus(&store, &results);
    replace_corpus(&store, &results);
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
    // A pass that attributes the report to no body (its agency list changed)
    // clears what the previous one set.
    replace_corpus(
        &store,
        &CorpusResults {
            generation: store.generation().unwrap(),
            ..CorpusResults::default()
        },
    );
    assert_eq!(store.reports().unwrap()[0].body, None);
    assert!(store.similarities().unwrap().is_empty());
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
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    drop(conn);
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
    let err = xxgk_store::open("postgres://localhost/xxgk", Access::Read)
        .err()
        .unwrap();
    assert_eq!(err.kind, StoreErrorKind::Unsupported);
}

/// The tables and application id of a SQLite file, to see that it was not touched.
fn schema_of(path: &Path) -> (i32, Vec<String>) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let id = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    let mut names = first_column(&conn, "SELECT name FROM sqlite_schema");
    names.sort();
    (id, names)
}

/// The first column of every row `sql` selects, as text.
fn first_column(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn another_programs_database_is_refused_and_left_alone() {
    let dir = scratch("foreign");
    for (case, setup) in [
        (
            "tables",
            "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x');",
        ),
        ("id", "PRAGMA application_id = 42;"),
        ("version", "PRAGMA user_version = 7;"),
    ] {
        let path = dir.path().join(format!("{case}.db"));
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(setup)
            .unwrap();
        let before = schema_of(&path);
        for access in [Access::Write, Access::Read] {
            let err = xxgk_store::open(path.to_str().unwrap(), access)
                .err()
                .unwrap();
            assert_eq!(
                err.kind,
                StoreErrorKind::Foreign,
                "{case}: {}",
                err.message.en
            );
            assert!(
                err.message.zh.contains("其他程序的 SQLite 数据库"),
                "{case}"
            );
        }
        assert_eq!(schema_of(&path), before, "{case}: the file was changed");
    }
}

/// Takes a database back to before schema version 10 (reports listed from
/// indexes).
const BEFORE_LISTING_INDEXES: &str = "
    CREATE INDEX findings_report ON findings(report_id);
    DROP INDEX findings_report_counted;
    DROP INDEX sources_sha256_by_id;";

/// Takes a database of this build back to schema version 10: each report's
/// JSON and the corpus pass's cut deflated, as schemas 1 to 10 stored them.
fn back_to_schema_10(path: &str) {
    let deflated = |json: &[u8]| {
        use std::io::Write;
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(json).unwrap();
        encoder.finish().unwrap()
    };
    let unpacked = |blob: &[u8]| {
        let mut json = Vec::new();
        xxgk_store::packed::unpack_into(&blob[1..], &mut json).unwrap();
        json
    };
    let conn = rusqlite::Connection::open(path).unwrap();
    let blobs: Vec<(i64, Vec<u8>, Vec<u8>)> = conn
        .prepare("SELECT report_id, report, pass FROM report_json")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (id, report, pass) in blobs {
        conn.execute(
            "UPDATE report_json SET report = ?2, pass = ?3 WHERE report_id = ?1",
            rusqlite::params![id, deflated(&unpacked(&report)), deflated(&unpacked(&pass))],
        )
        .unwrap();
    }
    conn.pragma_update(None, "user_version", 10).unwrap();
}

/// A database of schema 10 is read as it is (deflated JSON), and opened for
/// writing keeps its reports as they were while the reports written since
/// are packed; every report loads, whole and as the rules read it, as it
/// was extracted.
#[test]
fn reports_stored_deflated_read_as_they_were() {
    let dir = scratch("v10");
    let path = dir.path().join("v10.db");
    let path = path.to_str().unwrap();
    let (old_id, old) = {
        let mut store = SqliteStore::open(path).unwrap();
        store.write(&batch(vec![entry("a.txt", "v1")])).unwrap();
        let id = store.reports().unwrap()[0].id;
        (id, store.load(id).unwrap())
    };
    back_to_schema_10(path);
    let reader = SqliteStore::open_read_only(path).unwrap();
    assert_eq!(reader.load(old_id).unwrap(), old);
    drop(reader);
    let mut store = SqliteStore::open(path).unwrap();
    let (bytes, report) = seed();
    let mut added = entry("b.txt", "v1");
    added.sha256 = "b".repeat(64);
    added.bytes = [bytes, b"\n".to_vec()].concat();
    store.write(&batch(vec![added])).unwrap();
    let new_id = store.reports().unwrap().iter().map(|r| r.id).max().unwrap();
    assert_ne!(new_id, old_id);
    assert_eq!(store.load(old_id).unwrap(), old);
    assert_eq!(store.load(new_id).unwrap(), report);
    let fetched = store.fetch(&[old_id, new_id], Reading::Whole).unwrap();
    assert_eq!(fetched.decode().unwrap(), vec![old.clone(), report.clone()]);
    for reading in [Reading::ForRules, Reading::ForPass] {
        let both = store
            .fetch(&[old_id, new_id], reading)
            .unwrap()
            .decode()
            .unwrap();
        assert_eq!(
            (&both[0].cells, &both[1].cells),
            (&old.cells, &report.cells)
        );
    }
    drop(store);
    let conn = rusqlite::Connection::open(path).unwrap();
    let first_bytes: Vec<u8> = conn
        .prepare("SELECT substr(report, 1, 1) FROM report_json ORDER BY report_id")
        .unwrap()
        .query_map([], |r| r.get::<_, Vec<u8>>(0))
        .unwrap()
        .map(|b| b.unwrap()[0])
        .collect();
    // The old report's DEFLATE stream starts with a block of type 01 (fixed
    // codes, zlib-rs's level 1); the new one with the mark.
    assert_ne!(first_bytes[0], first_bytes[1]);
    assert_eq!(schema_of(Path::new(path)).0, APPLICATION_ID);
}

/// Takes a database back to before schema version 9 (what changed since the
/// last corpus pass), and before 10.
const BEFORE_PASS_CHANGES: &str = "
    CREATE INDEX findings_report ON findings(report_id);
    DROP INDEX findings_report_counted;
    DROP INDEX sources_sha256_by_id;
    DROP TRIGGER reports_added; DROP TRIGGER reports_removed;
    DROP TRIGGER agencies_added; DROP TRIGGER agencies_changed; DROP TRIGGER agencies_removed;
    DROP TABLE pass_added; DROP TABLE pass_removed;
    DELETE FROM state WHERE key = 'pass_everything';";

/// A database of schema 9 is read as it is, and opened for writing gains
/// the indexes its reports are listed from (their findings' counts, their
/// sources' SHA-256), with the same rows.
#[test]
fn reports_are_listed_from_indexes_once_migrated() {
    let dir = scratch("v9");
    let path = dir.path().join("v9.db");
    let path = path.to_str().unwrap();
    // The seed's warning, an error and an info.
    let e = entry_with("a.txt", "v1", |_, findings| {
        for severity in [Severity::Error, Severity::Info] {
            findings.push(Finding::new(
                "some-rule",
                severity,
                Message::new("有", "some"),
            ));
        }
    });
    let before = {
        let mut store = SqliteStore::open(path).unwrap();
        store.write(&batch(vec![e])).unwrap();
        (store.reports().unwrap(), store.processed_all().unwrap())
    };
    assert_eq!(
        (before.0[0].errors, before.0[0].warnings, before.0[0].infos),
        (1, 1, 1)
    );
    back_to_schema_10(path);
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(BEFORE_LISTING_INDEXES).unwrap();
    conn.pragma_update(None, "user_version", 9).unwrap();
    drop(conn);
    let reader = SqliteStore::open_read_only(path).unwrap();
    assert_eq!(
        (reader.reports().unwrap(), reader.processed_all().unwrap()),
        before
    );
    drop(reader);
    let store = SqliteStore::open(path).unwrap();
    assert_eq!(
        (store.reports().unwrap(), store.processed_all().unwrap()),
        before
    );
    drop(store);
    let conn = rusqlite::Connection::open(path).unwrap();
    let plan = |sql: &str| -> Vec<String> {
        conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map([], |r| r.get("detail"))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(
        plan("SELECT COUNT(*) FROM findings WHERE report_id = 1 AND severity = 'error'"),
        ["SEARCH findings USING COVERING INDEX findings_report_counted (report_id=? AND severity=?)"]
    );
    assert!(plan(
        "SELECT s.sha256 FROM reports r
           JOIN sources s INDEXED BY sources_sha256_by_id ON s.id = r.source_id"
    )
    .iter()
    .any(|step| step.contains("COVERING INDEX sources_sha256_by_id")));
}

#[test]
fn a_database_from_before_the_application_id_is_recognised_and_marked() {
    let dir = scratch("legacy");
    let path = dir.path().join("old.db");
    {
        let mut store = SqliteStore::open(path.to_str().unwrap()).unwrap();
        store.write(&batch(vec![entry("a.txt", "v1")])).unwrap();
    }
    // As a database of schema version 1 was: no application id, no state.
    back_to_schema_10(path.to_str().unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(BEFORE_PASS_CHANGES).unwrap();
    conn.execute_batch(
        "PRAGMA application_id = 0;
         ALTER TABLE reports ADD COLUMN report BLOB;
         UPDATE reports SET report = (SELECT report FROM report_json WHERE report_id = id);
         DROP TABLE report_json; DROP INDEX similarities_previous; DROP INDEX api_tokens_user;
         DROP TABLE state;
         DROP INDEX reports_listing; DROP INDEX reports_format; DROP INDEX reports_template;
         ALTER TABLE reports DROP COLUMN copy_of;
         DROP TABLE api_tokens; DROP TABLE sessions; DROP TABLE users;
         DROP TABLE register_events; DROP TABLE register_cases;
         PRAGMA user_version = 1;",
    )
    .unwrap();
    drop(conn);
    let reader = SqliteStore::open_read_only(path.to_str().unwrap()).unwrap();
    assert_eq!(reader.counts().unwrap().reports, 1);
    drop(reader);
    let store = SqliteStore::open(path.to_str().unwrap()).unwrap();
    assert_eq!(store.counts().unwrap().reports, 1);
    // Never passed since the upgrade: the corpus pass is due.
    assert!(store.corpus_pass_due().unwrap());
    // The request register came with the upgrade.
    assert!(store.register_cases().unwrap().is_empty());
    drop(store);
    assert_eq!(schema_of(&path).0, APPLICATION_ID);
}

#[test]
fn reports_keep_their_json_when_it_moves_to_a_table_of_its_own() {
    let dir = scratch("v6");
    let path = dir.path().join("v6.db");
    let path = path.to_str().unwrap();
    let before = {
        let mut store = SqliteStore::open(path).unwrap();
        store
            .write(&batch(vec![entry("a.txt", "v1"), entry("b.txt", "v1")]))
            .unwrap();
        let id = store.reports().unwrap()[0].id;
        (id, store.load(id).unwrap(), store.counts().unwrap())
    };
    // As schema version 6 stored it: the JSON in the report's row.
    back_to_schema_10(path);
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(BEFORE_PASS_CHANGES).unwrap();
    conn.execute_batch(
        "ALTER TABLE reports ADD COLUMN report BLOB;
         UPDATE reports SET report = (SELECT report FROM report_json WHERE report_id = id);
         DROP TABLE report_json; DROP INDEX similarities_previous; DROP INDEX api_tokens_user;
         PRAGMA user_version = 6;",
    )
    .unwrap();
    drop(conn);
    let (id, report, counts) = before;
    // Read as it is, without migrating (read-only media)…
    let reader = SqliteStore::open_read_only(path).unwrap();
    assert_eq!(reader.load(id).unwrap(), report);
    drop(reader);
    // …and migrated when opened for writing.
    let store = SqliteStore::open(path).unwrap();
    assert_eq!(store.load(id).unwrap(), report);
    assert_eq!(store.counts().unwrap(), counts);
    assert!(store.integrity_problems().unwrap().is_empty());
    let columns = first_column(
        &rusqlite::Connection::open(path).unwrap(),
        "SELECT name FROM pragma_table_info('reports')",
    );
    assert!(!columns.iter().any(|c| c == "report"), "{columns:?}");
}

/// Deleting a row finds the rows that cascade from it through an index: a
/// foreign key without one makes every delete scan the referring table
/// (re-extracting a corpus deletes every report).
#[test]
fn every_cascading_foreign_key_is_indexed() {
    let store_dir = scratch("keys");
    let path = store_dir.path().join("k.db");
    SqliteStore::open(path.to_str().unwrap()).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let strings = |sql: &str| -> Vec<(String, String)> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let cascading = strings(
        "SELECT m.name, f.\"from\" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
          WHERE m.type = 'table' AND f.on_delete = 'CASCADE'",
    );
    // The first column of every index, and every rowid alias.
    let leading = strings(
        "SELECT m.name, i.name FROM sqlite_schema m, pragma_index_list(m.name) l,
                pragma_index_info(l.name) i
          WHERE m.type = 'table' AND i.seqno = 0
         UNION
         SELECT m.name, t.name FROM sqlite_schema m, pragma_table_info(m.name) t
          WHERE m.type = 'table' AND t.pk = 1 AND t.type = 'INTEGER'",
    );
    assert!(cascading.len() >= 8, "{cascading:?}");
    let unindexed: Vec<_> = cascading
        .iter()
        .filter(|key| !leading.contains(key))
        .collect();
    assert!(unindexed.is_empty(), "{unindexed:?}");
}

#[test]
fn the_corpus_pass_is_due_after_every_change_until_one_completes() {
    let mut store = SqliteStore::in_memory().unwrap();
    assert!(store.corpus_pass_due().unwrap(), "never passed");
    let pass = |store: &mut SqliteStore| {
        let results = CorpusResults {
            generation: store.generation().unwrap(),
            ..CorpusResults::default()
        };
        replace_corpus(store, &results);
    };
    pass(&mut store);
    assert!(!store.corpus_pass_due().unwrap());
    store.write(&batch(vec![entry("a.txt", "v1")])).unwrap();
    assert!(store.corpus_pass_due().unwrap(), "a report was added");
    pass(&mut store);
    assert!(!store.corpus_pass_due().unwrap());
    // Only another name for stored bytes: the reports are the same.
    let sha = store.processed_all().unwrap()[0].0.clone();
    store
        .write(&Batch {
            entries: vec![],
            names: vec![(sha, "b.txt".into())],
        })
        .unwrap();
    assert!(!store.corpus_pass_due().unwrap());
    // The same (empty) agency list again: nothing changed.
    store.set_agencies(&[]).unwrap();
    assert!(!store.corpus_pass_due().unwrap());
    let listed = [Agency {
        name: "甲".into(),
        ..Agency::default()
    }];
    store.set_agencies(&listed).unwrap();
    assert!(
        store.corpus_pass_due().unwrap(),
        "the agency list was replaced"
    );
    pass(&mut store);
    store.set_agencies(&listed).unwrap();
    assert!(
        !store.corpus_pass_due().unwrap(),
        "the same agency list again changes nothing"
    );
    // A pass computed from an older generation does not count as current.
    let stale = store.generation().unwrap() - 1;
    replace_corpus(
        &store,
        &CorpusResults {
            generation: stale,
            ..CorpusResults::default()
        },
    );
    assert!(store.corpus_pass_due().unwrap());
}

#[test]
fn one_writer_at_a_time_and_readers_beside_it() {
    let dir = scratch("writers");
    let path = dir.path().join("w.db");
    let path = path.to_str().unwrap();
    let mut first = SqliteStore::open(path).unwrap();
    let err = SqliteStore::open(path).err().unwrap();
    assert_eq!(err.kind, StoreErrorKind::Busy);
    assert!(
        err.message.zh.contains("另一个 xxgk 进程"),
        "{}",
        err.message.zh
    );
    first.write(&batch(vec![entry("a.txt", "v1")])).unwrap();
    let reader = SqliteStore::open_read_only(path).unwrap();
    assert_eq!(reader.counts().unwrap().reports, 1);
    drop(first);
    SqliteStore::open(path).unwrap();
}

/// A reading command leaves nothing beside the database once it is the last
/// to close it, and it cannot write, though its connection could.
#[test]
fn a_reader_writes_nothing_and_leaves_no_log_behind() {
    let dir = scratch("reader-leaves");
    let db = dir.path().join("r.db");
    let path = db.to_str().unwrap();
    let mut writer = SqliteStore::open(path).unwrap();
    writer.write(&batch(vec![entry("a.txt", "v1")])).unwrap();
    let beside = |suffix: &str| dir.path().join(format!("r.db{suffix}")).exists();
    // Beside a writer, the log stays: the writer's.
    let mut reader = SqliteStore::open_read_only(path).unwrap();
    assert_eq!(reader.counts().unwrap().reports, 1);
    assert!(reader.write(&batch(vec![entry("b.txt", "v1")])).is_err());
    drop(reader);
    assert!(beside("-wal"));
    drop(writer);
    assert!(!beside("-wal") && !beside("-shm"));
    // Alone, and the last to close: nothing left beside the file.
    let reader = SqliteStore::open_read_only(path).unwrap();
    assert_eq!(reader.counts().unwrap().reports, 1);
    assert!(beside("-shm"));
    drop(reader);
    assert!(!beside("-wal"), "the log was left behind");
    assert!(!beside("-shm"), "the shared memory was left behind");
    assert_eq!(
        SqliteStore::open(path).unwrap().counts().unwrap().reports,
        1
    );
}

#[test]
fn a_missing_or_empty_database_is_not_read() {
    let dir = scratch("readers");
    let missing = dir.path().join("missing.db");
    assert!(SqliteStore::open_read_only(missing.to_str().unwrap()).is_err());
    assert!(!missing.exists(), "reading must not create the file");
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let err = SqliteStore::open_read_only(empty.to_str().unwrap())
        .err()
        .unwrap();
    assert_eq!(err.kind, StoreErrorKind::NotFound);
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
}

/// Statistics walk the reports one at a time: in the order of the report
/// list, each with the same values as the long form holds for it.
#[test]
fn each_report_comes_with_its_values_in_the_order_of_the_list() {
    let mut store = SqliteStore::in_memory().unwrap();
    let entries = (0..3u8)
        .map(|i| {
            let sha256 = format!("{i:064}");
            let mut e = entry_with(&format!("{i}.txt"), "v1", |report, _| {
                report.source.sha256 = sha256.clone();
                // Inserted newest first: the list orders by year.
                report.year = Some(2022 - i32::from(i));
            });
            e.bytes.push(b'0' + i);
            e
        })
        .collect();
    store.write(&batch(entries)).unwrap();
    let paths = [
        "requests.received.total",
        "requests.total.total",
        "no.such.path",
    ];
    let mut seen = Vec::new();
    store
        .each_report_values(&paths, &mut |row, values| {
            let values: Vec<_> = values.into_iter().map(|v| (v.path, v.value)).collect();
            seen.push((row.id, row.year, values));
            Ok(())
        })
        .unwrap();
    let listed: Vec<i64> = store.reports().unwrap().iter().map(|r| r.id).collect();
    assert_eq!(seen.iter().map(|s| s.0).collect::<Vec<_>>(), listed);
    assert_eq!(
        seen.iter().map(|s| s.1).collect::<Vec<_>>(),
        [Some(2020), Some(2021), Some(2022)]
    );
    let all = store.values(&paths).unwrap();
    for (id, _, values) in &seen {
        let expected: Vec<_> = all
            .iter()
            .filter(|v| v.report_id == *id)
            .map(|v| (v.path.clone(), v.value))
            .collect();
        assert_eq!(values, &expected);
        assert_eq!(values.len(), 2);
    }
    // An error from the walker stops the walk and comes back.
    let mut calls = 0;
    let stopped = store.each_report_values(&paths, &mut |_, _| {
        calls += 1;
        Err(xxgk_store::StoreError::new(
            StoreErrorKind::Database,
            "停",
            "stop",
        ))
    });
    assert_eq!(stopped.unwrap_err().message(xxgk_model::Lang::En), "stop");
    assert_eq!(calls, 1);
}

/// The corpus pass reads each report as it was cut when stored; a report
/// stored without a cut (before schema 8) comes whole, as for the rules.
/// The other readings fetch what `load` and `load_for_rules` read.
#[test]
fn the_pass_reads_the_report_as_cut_when_stored() {
    let mut store = SqliteStore::in_memory().unwrap();
    let e = entry_cut("a.txt", "v1", |_, _| {}, |r| r.sections.clear());
    store.write(&batch(vec![e])).unwrap();
    let id = store.reports().unwrap()[0].id;
    let for_rules = store.load_for_rules(id).unwrap();
    assert!(!for_rules.sections.is_empty());
    let mut expected = for_rules.clone();
    expected.sections.clear();
    let fetch = |reading| store.fetch(&[id], reading).unwrap().decode().unwrap();
    assert_eq!(fetch(Reading::ForPass), vec![expected]);
    assert_eq!(fetch(Reading::ForRules), vec![for_rules]);
    assert_eq!(fetch(Reading::Whole), vec![store.load(id).unwrap()]);
    for reading in [Reading::Whole, Reading::ForRules, Reading::ForPass] {
        let missing = store.fetch(&[id + 1], reading).map(|_| ()).unwrap_err();
        assert_eq!(missing.kind, StoreErrorKind::NotFound);
    }
}

/// The corpus pass reads reports without what the rules never read: the
/// rest comes back exactly as stored.
#[test]
fn a_report_loads_for_the_rules_without_labels_figures_or_findings() {
    let mut store = SqliteStore::in_memory().unwrap();
    store.write(&batch(vec![entry("a.txt", "v1")])).unwrap();
    let id = store.reports().unwrap()[0].id;
    let whole = store.load(id).unwrap();
    assert!(!whole.row_labels.is_empty() && !whole.narrative.is_empty());
    let mut expected = whole.clone();
    expected.row_labels.clear();
    expected.column_labels.clear();
    expected.metadata_spans.clear();
    expected.narrative.clear();
    expected.findings.clear();
    let for_rules = store.load_for_rules(id).unwrap();
    assert_eq!(for_rules, expected);
    assert!(!for_rules.cells.is_empty() && !for_rules.sections.is_empty());
    assert_eq!(
        store.load_for_rules(id + 1).unwrap_err().kind,
        StoreErrorKind::NotFound
    );
}

/// The ingest summary's totals are the report rows' counts added up, the
/// findings a capped list left out included.
#[test]
fn totals_add_up_the_report_rows() {
    let mut store = SqliteStore::in_memory().unwrap();
    let e = entry_with("a.txt", "v1", |_, findings| {
        let mut capped = Finding::new(
            "findings-capped",
            Severity::Info,
            Message::new("未列出", "not listed"),
        );
        capped.left_out = Some(xxgk_model::LeftOut {
            rule: "label-drift".into(),
            errors: 2,
            warnings: 5,
            infos: 7,
        });
        findings.push(capped);
    });
    store.write(&batch(vec![e])).unwrap();
    let rows = store.reports().unwrap();
    let totals = store.totals().unwrap();
    let sum = |f: fn(&xxgk_store::ReportRow) -> u32| rows.iter().map(|r| u64::from(f(r))).sum();
    assert_eq!(
        (totals.errors, totals.warnings, totals.infos),
        (sum(|r| r.errors), sum(|r| r.warnings), sum(|r| r.infos))
    );
    assert_eq!((totals.errors, totals.warnings, totals.infos), (2, 6, 8));
    assert_eq!((totals.reports, totals.failures), (1, 0));
}
