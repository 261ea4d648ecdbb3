//! Crash safety of `xxgk ingest`: kill it (SIGKILL) at many points of a run, check
//! after every kill that the database is consistent, then let a last run
//! finish and compare the database with one from a run that was never
//! interrupted.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use support::{assert_consistent, dump, make_corpus};

const KILLS: u64 = 12;

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

#[test]
fn killed_ingests_leave_a_consistent_database_and_a_rerun_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    make_corpus(&corpus, 60);

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
