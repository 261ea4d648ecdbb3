//! Crash safety of `xxgk ingest`: kill it (SIGKILL) at many points of a run, check
//! after every kill that the database is consistent, then let a last run
//! finish and compare the database with one from a run that was never
//! interrupted.

use rusqlite::Connection;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const KILLS: u64 = 12;

/// Copies of the shipped reports, each made distinct by a trailing line, so that
/// a run takes long enough to be interrupted.
fn make_corpus(dir: &Path) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data");
    let mut originals = Vec::new();
    for folder in ["seeds", "layout"] {
        for entry in std::fs::read_dir(Path::new(root).join(folder)).unwrap() {
            let path = entry.unwrap().path();
            originals.push((
                path.file_name().unwrap().to_owned(),
                std::fs::read(&path).unwrap(),
            ));
        }
    }
    originals.sort();
    for copy in 0..60 {
        let sub = dir.join(format!("batch{copy:02}"));
        std::fs::create_dir_all(&sub).unwrap();
        for (name, bytes) in &originals {
            let mut bytes = bytes.clone();
            bytes.extend_from_slice(format!("\n（副本 {copy}）\n").as_bytes());
            std::fs::write(sub.join(name), bytes).unwrap();
        }
    }
    // One unreadable file: its failure must be stored exactly once too.
    std::fs::write(dir.join("broken.pdf"), b"%PDF-1.7\n%%EOF").unwrap();
}

fn ingest(db: &Path, corpus: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xxgk"));
    command
        .arg("ingest")
        .arg(corpus)
        .arg("--db")
        .arg(db)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Everything stored, keyed by content (not by row ids, which differ between
/// runs), in a canonical order.
fn dump(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let queries = [
        "SELECT 'source', sha256, size FROM sources",
        "SELECT 'file', s.sha256, f.path FROM files f JOIN sources s ON s.id = f.source_id",
        "SELECT 'report', s.sha256, r.agency || '|' || r.year || '|' || COALESCE(r.body, '') || '|' || r.template
           FROM reports r JOIN sources s ON s.id = r.source_id",
        "SELECT 'cell', s.sha256, c.path || '=' || COALESCE(c.value, 'null') || '|' || COALESCE(c.raw, '')
           FROM cell_values c JOIN reports r ON r.id = c.report_id JOIN sources s ON s.id = r.source_id",
        "SELECT 'finding', s.sha256, f.origin || '|' || f.finding
           FROM findings f JOIN reports r ON r.id = f.report_id JOIN sources s ON s.id = r.source_id",
        "SELECT 'failure', s.sha256, f.kind FROM failures f JOIN sources s ON s.id = f.source_id",
        "SELECT 'similar', s.sha256, m.section || '|' || m.ratio
           FROM similarities m JOIN reports r ON r.id = m.report_id JOIN sources s ON s.id = r.source_id",
    ];
    let mut rows = Vec::new();
    for sql in queries {
        let mut statement = conn.prepare(sql).unwrap();
        let found = statement
            .query_map([], |r| {
                Ok(format!(
                    "{} {} {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get_ref(2)?
                        .as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|_| r.get::<_, i64>(2).unwrap().to_string())
                ))
            })
            .unwrap();
        rows.extend(found.map(Result::unwrap));
    }
    rows.sort();
    rows
}

/// The invariants that hold after any interruption.
fn assert_consistent(db: &Path, kill: u64) {
    let store = xxgk_store::SqliteStore::open(db.to_str().unwrap()).unwrap();
    assert_eq!(
        store.integrity_problems().unwrap(),
        Vec::<String>::new(),
        "kill {kill}"
    );
    let conn = Connection::open(db).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    // Every stored source has exactly one result: a report or a failure.
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM sources s WHERE
               (SELECT COUNT(*) FROM reports r WHERE r.source_id = s.id)
             + (SELECT COUNT(*) FROM failures f WHERE f.source_id = s.id) != 1"
        ),
        0,
        "kill {kill}: a source without exactly one result"
    );
    // A report is stored with all its cells or not at all: every report with
    // tables has cells.
    assert_eq!(
        count("SELECT COUNT(*) FROM reports r WHERE r.template IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cells c WHERE c.report_id = r.id)"),
        0,
        "kill {kill}: a report without its cells"
    );
    assert_eq!(count("SELECT COUNT(*) FROM files f WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.id = f.source_id)"), 0);
}

#[test]
fn killed_ingests_leave_a_consistent_database_and_a_rerun_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    make_corpus(&corpus);

    let reference = dir.path().join("reference.db");
    let status = ingest(&reference, &corpus).status().unwrap();
    assert_eq!(
        status.code(),
        Some(2),
        "the broken file makes the run exit 2"
    );
    let expected = dump(&reference);
    assert!(expected.iter().filter(|r| r.starts_with("report ")).count() == 480);

    let db = dir.path().join("crashed.db");
    // Deterministic "random" kill times spread over a run (LCG).
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut interrupted = 0;
    for kill in 0..KILLS {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let delay = 30 + (state >> 33) % 900;
        let mut child = ingest(&db, &corpus).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        if child.try_wait().unwrap().is_none() {
            interrupted += 1;
        }
        child.kill().ok();
        child.wait().unwrap();
        if db.exists() {
            assert_consistent(&db, kill);
        }
    }
    assert!(
        interrupted >= KILLS / 2,
        "only {interrupted} runs were interrupted"
    );

    let status = ingest(&db, &corpus).status().unwrap();
    assert_eq!(status.code(), Some(2));
    assert_consistent(&db, KILLS);
    let actual = dump(&db);
    assert_eq!(actual.len(), expected.len());
    assert!(
        actual == expected,
        "the finished database differs from an uninterrupted run"
    );
}
