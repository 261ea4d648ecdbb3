//! The fault-injection suite: `xxgk ingest` killed (SIGKILL) at every phase of
//! a run, a full disk at every write, two processes on one database, a corpus
//! on read-only media. After each fault, the final state is compared with an
//! uninterrupted run.
//!
//! Phases are stopping points compiled in with the `fault-injection` feature
//! (`xxgk_store::fault`): the process announces the point on stderr and waits
//! there, and the test kills it. Full disks and read-only media are real: a
//! small tmpfs in a private mount namespace (`unshare -r -m`), which needs no
//! privileges on Linux with user namespaces (as on the CI machine).
#![cfg(feature = "fault-injection")]

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use support::{assert_consistent, dump, make_corpus};

const XXGK: &str = env!("CARGO_BIN_EXE_xxgk");

/// The phases of an ingest where a kill is interesting, in run order.
const PHASES: &[&str] = &[
    // A batch committed, more may follow.
    "ingest-batch",
    // Every batch committed; the corpus pass not started.
    "ingest-done",
    // The corpus pass's results written, not committed.
    "corpus-write",
    // The corpus pass committed; the summary not printed.
    "corpus-written",
];

fn agencies() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/corpus/agencies.csv")
}

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    corpus: PathBuf,
    /// The database of an uninterrupted run, dumped.
    expected: Vec<String>,
    /// The exit code of an uninterrupted run.
    code: Option<i32>,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let corpus = root.join("corpus");
        make_corpus(&corpus, 3);
        // Reports whose cross-report rules find something.
        let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/rules");
        for case in ["copied-text", "in-force-chain"] {
            let to = corpus.join(case);
            std::fs::create_dir_all(&to).unwrap();
            for entry in std::fs::read_dir(rules.join(case)).unwrap() {
                let path = entry.unwrap().path();
                std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
            }
        }
        let reference = root.join("reference.db");
        let output = ingest(&reference, &corpus).output().unwrap();
        let expected = dump(&reference);
        assert!(
            expected.iter().any(|r| r.starts_with("similar ")),
            "the corpus pass must have results for the test to mean anything"
        );
        assert!(expected
            .iter()
            .any(|r| r.starts_with("finding ") && r.contains("corpus|")));
        Fixture {
            _dir: dir,
            root,
            corpus,
            expected,
            code: output.status.code(),
        }
    }
}

fn ingest(db: &Path, corpus: &Path) -> Command {
    let mut command = Command::new(XXGK);
    command
        .arg("ingest")
        .arg(corpus)
        .arg("--agencies")
        .arg(agencies())
        .arg("--db")
        .arg(db)
        .env_remove("XXGK_FAULT")
        .env("XXGK_LANG", "zh");
    command
}

/// Runs `command` until it reaches the stopping point `phase`, then kills it
/// with SIGKILL.
fn kill_at(mut command: Command, phase: &str) {
    let mut child = command
        .env("XXGK_FAULT", phase)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let marker = format!("xxgk-fault: {phase}");
    let mut reached = false;
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        if line.unwrap() == marker {
            reached = true;
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(reached, "the run ended without reaching {phase}");
}

#[test]
fn an_ingest_killed_at_any_phase_is_completed_by_the_next_run() {
    let fixture = Fixture::new();
    for phase in PHASES {
        let db = fixture.root.join(format!("{phase}.db"));
        kill_at(ingest(&db, &fixture.corpus), phase);
        assert_consistent(&db, 0);
        let rerun = ingest(&db, &fixture.corpus).output().unwrap();
        assert_eq!(rerun.status.code(), fixture.code, "{phase}");
        assert!(
            dump(&db) == fixture.expected,
            "killed at {phase}: the re-run's database differs from an uninterrupted run"
        );
    }
}

#[test]
fn a_reindex_killed_before_its_corpus_pass_is_completed_by_the_next_reindex() {
    let fixture = Fixture::new();
    let db = fixture.root.join("reindex.db");
    ingest(&db, &fixture.corpus).output().unwrap();
    for phase in ["ingest-done", "corpus-write"] {
        let mut reindex = Command::new(XXGK);
        reindex.args(["reindex", "--all", "--db"]).arg(&db);
        kill_at(reindex, phase);
        // Without --all: nothing is stale, but the pass is still due.
        let rerun = Command::new(XXGK)
            .args(["reindex", "--db"])
            .arg(&db)
            .env("XXGK_LANG", "zh")
            .output()
            .unwrap();
        assert!(rerun.status.success(), "{rerun:?}");
        assert!(
            String::from_utf8_lossy(&rerun.stdout).contains("相邻年度"),
            "the re-run must redo the corpus pass: {}",
            String::from_utf8_lossy(&rerun.stdout)
        );
        assert!(dump(&db) == fixture.expected, "reindex killed at {phase}");
    }
}

#[test]
fn a_second_writer_is_refused_while_readers_go_on() {
    let fixture = Fixture::new();
    let db = fixture.root.join("busy.db");
    let mut first = ingest(&db, &fixture.corpus)
        .env("XXGK_FAULT", "ingest-batch")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(first.stderr.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "xxgk-fault: ingest-batch");

    let second = ingest(&db, &fixture.corpus).output().unwrap();
    assert_eq!(second.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains("数据库正由另一个 xxgk 进程写入（ingest 或 reindex）；请等它结束后再运行"),
        "{stderr}"
    );
    assert!(second.stdout.is_empty(), "no half summary");
    // Readers are not blocked by the writer.
    let stats = Command::new(XXGK)
        .args(["stats", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(stats.status.success(), "{stats:?}");

    first.kill().unwrap();
    first.wait().unwrap();
    let last = ingest(&db, &fixture.corpus).output().unwrap();
    assert_eq!(last.status.code(), fixture.code);
    assert!(dump(&db) == fixture.expected);
}

/// Runs a shell script in a private mount namespace where `$MNT` is a fresh
/// tmpfs of `size`; `$XXGK`, `$CORPUS`, `$AGENCIES` and `$OUT` (a folder
/// outside the tmpfs) are set.
fn in_tmpfs(fixture: &Fixture, size: &str, script: &str) -> Output {
    let mnt = fixture.root.join("mnt");
    let out = fixture.root.join("out");
    std::fs::create_dir_all(&mnt).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    let full = format!("mount -t tmpfs -o size={size} tmpfs \"$MNT\" || exit 90\n{script}");
    let output = Command::new("unshare")
        .args(["-r", "-m", "sh", "-c", &full])
        .env("MNT", &mnt)
        .env("OUT", &out)
        .env("XXGK", XXGK)
        .env("CORPUS", &fixture.corpus)
        .env("AGENCIES", agencies())
        .env("XXGK_LANG", "zh")
        .env_remove("XXGK_FAULT")
        .output()
        .expect("unshare (util-linux) runs the mount tests");
    assert_ne!(
        output.status.code(),
        Some(90),
        "cannot mount a tmpfs in a private namespace: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn a_full_disk_at_any_write_of_an_ingest_is_a_named_error_and_a_rerun_completes_it() {
    let fixture = Fixture::new();
    let out = fixture.root.join("out");
    // From a disk too small for the first transaction to one that fills
    // during the corpus pass.
    let mut full = 0;
    for kib in [64, 160, 320, 480, 640, 800] {
        let script = r#"
            "$XXGK" ingest "$CORPUS" --agencies "$AGENCIES" --db "$MNT/c.db" > "$OUT/first.out" 2> "$OUT/first.err"
            echo $? > "$OUT/first.code"
            mount -o remount,size=64m "$MNT"
            "$XXGK" ingest "$CORPUS" --agencies "$AGENCIES" --db "$MNT/c.db" > /dev/null 2>&1
            echo $? > "$OUT/second.code"
            rm -f "$OUT/c.db"
            cp "$MNT/c.db" "$OUT/c.db"
        "#;
        let output = in_tmpfs(&fixture, &format!("{kib}k"), script);
        assert!(output.status.success(), "{output:?}");
        let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
        let first = read("first.code").trim().parse::<i32>().unwrap();
        // (An uninterrupted run exits 2 too: the corpus has a broken file.)
        if read("first.err").contains("磁盘已满") {
            full += 1;
            assert_eq!(first, 2, "{kib} KiB: {}", read("first.err"));
            assert!(
                read("first.err").contains("磁盘已满，数据库未能写入；本批次未保存，已保存的内容完好。请释放空间后重新运行"),
                "{kib} KiB: {}",
                read("first.err")
            );
        } else {
            assert_eq!(
                Some(first),
                fixture.code,
                "{kib} KiB: {}",
                read("first.err")
            );
        }
        assert_eq!(
            read("second.code").trim().parse::<i32>().ok(),
            fixture.code,
            "{kib} KiB"
        );
        let db = out.join("c.db");
        assert_consistent(&db, kib);
        assert!(dump(&db) == fixture.expected, "{kib} KiB");
    }
    assert!(full >= 4, "only {full} of the disks filled up");
}

#[test]
fn reading_commands_work_on_read_only_media_and_writing_ones_say_why_not() {
    let fixture = Fixture::new();
    let script = r#"
        "$XXGK" ingest "$CORPUS" --agencies "$AGENCIES" --db "$MNT/c.db" > /dev/null 2>&1
        mount -o remount,ro "$MNT"
        set -e
        "$XXGK" stats --by year --db "$MNT/c.db" > "$OUT/stats.out"
        "$XXGK" export --db "$MNT/c.db" --to csv -o "$OUT/cells.csv"
        "$XXGK" coverage --year 2024 --db "$MNT/c.db" > "$OUT/coverage.out"
        "$XXGK" compare 洪泽区 --db "$MNT/c.db" > "$OUT/compare.out"
        set +e
        "$XXGK" ingest "$CORPUS" --db "$MNT/c.db" > /dev/null 2> "$OUT/ingest.err"
        echo $? > "$OUT/ingest.code"
        ls "$MNT" > "$OUT/files"
    "#;
    let output = in_tmpfs(&fixture, "64m", script);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let read = |name: &str| std::fs::read_to_string(fixture.root.join("out").join(name)).unwrap();
    assert!(read("stats.out").contains("2024"), "{}", read("stats.out"));
    assert!(
        read("compare.out").contains("洪泽"),
        "{}",
        read("compare.out")
    );
    assert!(read("cells.csv").lines().count() > 100);
    assert_eq!(read("ingest.code").trim(), "2");
    assert!(
        read("ingest.err").contains("数据库不可写（只读介质或没有写权限"),
        "{}",
        read("ingest.err")
    );
    // Nothing was created beside the database.
    assert_eq!(read("files").trim(), "c.db");
}

#[test]
fn every_file_output_on_a_full_disk_is_a_named_error_and_leaves_no_file() {
    let fixture = Fixture::new();
    let db = fixture.root.join("outputs.db");
    ingest(&db, &fixture.corpus).output().unwrap();
    let toml = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../author/tests/data/hongze-transport-2024.toml");
    let script = r#"
        run() { name=$1; shift; "$XXGK" "$@" > /dev/null 2> "$OUT/$name.err"; echo $? > "$OUT/$name.code"; }
        head -c 1000000 /dev/zero > "$MNT/filler" 2> /dev/null
        run full export --db "$DB" --to xlsx -o "$MNT/full.xlsx"
        rm "$MNT/filler"
        run xlsx export --db "$DB" --to xlsx -o "$MNT/all.xlsx"
        run csv export --db "$DB" --to csv -o "$MNT/all.csv"
        run docx render "$TOML" -o "$MNT/report.docx"
        run new new --year 2025 --to xlsx -o "$MNT/blank.xlsx"
        [ -n "$PARQUET" ] && run parquet export --db "$DB" --to parquet -o "$MNT/parquet"
        ls -A "$MNT" > "$OUT/left"
    "#;
    // Room for a few KB: every output here is larger.
    let parquet = if cfg!(feature = "parquet") { "1" } else { "" };
    let mut command_script = format!(
        "export DB='{}' TOML='{}' PARQUET='{parquet}'\n",
        db.display(),
        toml.display()
    );
    command_script.push_str(script);
    let output = in_tmpfs(&fixture, "8k", &command_script);
    assert!(output.status.success(), "{output:?}");
    let out = fixture.root.join("out");
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
    // (`full`: a disk already full when the workbook is started.)
    let mut names = vec!["full", "xlsx", "csv", "docx", "new"];
    if cfg!(feature = "parquet") {
        names.push("parquet");
    }
    for name in names {
        assert_eq!(
            read(&format!("{name}.code")).trim(),
            "2",
            "{name}: {}",
            read(&format!("{name}.err"))
        );
        let err = read(&format!("{name}.err"));
        assert!(
            err.contains("No space left on device") && !err.contains("panicked"),
            "{name}: {err}"
        );
    }
    for name in ["docx", "full", "xlsx"] {
        let err = read(&format!("{name}.err"));
        assert!(
            err.contains("磁盘已满，未能写出文件，也未留下不完整的文件（No space left on device"),
            "{name}: {err}"
        );
    }
    assert_eq!(read("left"), "", "no partial file may be left");
}

#[test]
fn standard_output_on_a_full_device_is_a_named_error() {
    let fixture = Fixture::new();
    let db = fixture.root.join("stdout.db");
    ingest(&db, &fixture.corpus).output().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/seeds");
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let runs: Vec<Vec<std::ffi::OsString>> = vec![
        vec![
            "export".into(),
            "--db".into(),
            db.clone().into(),
            "--to".into(),
            "csv".into(),
            "-o".into(),
            "-".into(),
        ],
        vec!["stats".into(), "--db".into(), db.clone().into()],
        vec![
            "extract".into(),
            seeds.clone().into(),
            "--format".into(),
            "json".into(),
        ],
        vec!["check".into(), seeds.clone().into()],
        vec!["new".into(), "--year".into(), "2025".into()],
    ];
    for args in runs {
        let output = Command::new(XXGK)
            .args(&args)
            .env("XXGK_LANG", "zh")
            .stdout(full())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("No space left on device") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
    }
}

fn register_import(db: &Path) -> Command {
    let ledger =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/register/ledger-2025.csv");
    let mut command = Command::new(XXGK);
    command
        .args(["register", "import"])
        .arg(ledger)
        .arg("--db")
        .arg(db)
        .env_remove("XXGK_FAULT")
        .env("XXGK_LANG", "zh");
    command
}

/// (cases, events) in the register of `db`.
fn register_rows(db: &Path) -> (i64, i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    (
        count("SELECT COUNT(*) FROM register_cases"),
        count("SELECT COUNT(*) FROM register_events"),
    )
}

#[test]
fn a_register_write_killed_loses_nothing_committed_and_keeps_nothing_half_written() {
    let dir = tempfile::tempdir().unwrap();
    // Killed after the first event row, before the commit: nothing of the import.
    let db = dir.path().join("before.db");
    kill_at(register_import(&db), "register-write");
    assert_consistent(&db, 0);
    assert_eq!(register_rows(&db), (0, 0));
    // The next run imports everything.
    assert!(register_import(&db).output().unwrap().status.success());
    assert_eq!(register_rows(&db), (9, 9));

    // Killed right after the commit: everything is there.
    let db = dir.path().join("after.db");
    kill_at(register_import(&db), "register-written");
    assert_consistent(&db, 0);
    assert_eq!(register_rows(&db), (9, 9));
}
