//! What the crash and fault-injection tests share: a corpus to ingest, and
//! the database's content in a form two runs can be compared by.

#![allow(dead_code)]

use rusqlite::Connection;
use std::path::Path;

/// Copies of the shipped reports, each made distinct by a trailing line, so that
/// a run takes long enough to be interrupted.
pub fn make_corpus(dir: &Path, copies: usize) {
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
    for copy in 0..copies {
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

/// Everything stored, keyed by content (not by row ids, which differ between
/// runs), in a canonical order.
pub fn dump(db: &Path) -> Vec<String> {
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
pub fn assert_consistent(db: &Path, kill: u64) {
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
