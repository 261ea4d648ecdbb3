//! The cache of `xxgk check`'s results: a run that finds its files in the
//! cache prints, byte for byte, what checking them afresh prints, in every
//! format; a changed file, another rule selection or another language is
//! checked again; a cache that cannot be used is said once and changes no
//! result; `xxgk clean` deletes it.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

/// Runs `xxgk` at the workspace root with the cache in `cache` (or none).
fn xxgk(cache: Option<&Path>, args: &[&str]) -> Run {
    let mut command = Command::cargo_bin("xxgk").unwrap();
    command
        .current_dir(root())
        .env_remove("XXGK_NO_CACHE")
        .env_remove("XXGK_LANG")
        .env("NO_COLOR", "1");
    match cache {
        Some(dir) => command.env("XXGK_CACHE_DIR", dir),
        None => command.env("XXGK_NO_CACHE", "1"),
    };
    let output = command.args(args).output().unwrap();
    Run {
        code: output.status.code().expect("exited"),
        stdout: output.stdout,
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// The folders of real reports in text, HTML and page-text layouts.
const FOLDERS: [&str; 4] = [
    "tests/data/seeds",
    "tests/data/layout",
    "tests/data/html",
    "tests/data/crawled",
];

/// The number of results kept in the cache file of `dir`.
fn entries(dir: &Path) -> i64 {
    let db = rusqlite::Connection::open(dir.join("check-v1.sqlite3")).unwrap();
    db.query_row("SELECT count(*) FROM result", [], |row| row.get(0))
        .unwrap()
}

#[test]
fn a_run_from_the_cache_prints_what_checking_afresh_prints() {
    for format in ["full", "concise", "json", "sarif", "github", "csv"] {
        let dir = tempfile::tempdir().unwrap();
        let args = [&["check", "--format", format][..], &FOLDERS[..]].concat();
        let afresh = xxgk(None, &args);
        let first = xxgk(Some(dir.path()), &args);
        let second = xxgk(Some(dir.path()), &args);
        assert!(afresh.code == 1, "{format}: {}", afresh.stderr);
        assert!(afresh.stdout.len() > 1000, "{format}");
        for run in [&first, &second] {
            assert_eq!(run.code, afresh.code, "{format}");
            assert_eq!(run.stderr, afresh.stderr, "{format}");
            assert!(run.stdout == afresh.stdout, "{format}: output differs");
        }
        // Every file was read, and each is kept once.
        let files: usize = FOLDERS
            .iter()
            .map(|f| fs::read_dir(root().join(f)).unwrap().count())
            .sum();
        assert_eq!(entries(dir.path()), files as i64, "{format}");
    }
}

/// The results of the second run come from the cache: a result replaced
/// there is what it prints (which is also why the key must be right).
#[test]
fn the_second_run_reads_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = "tests/data/seeds";
    let first = xxgk(Some(dir.path()), &["check", "--format", "concise", seeds]);
    let db = rusqlite::Connection::open(dir.path().join("check-v1.sqlite3")).unwrap();
    let changed = db
        .execute(
            "UPDATE result SET findings = (SELECT findings FROM result ORDER BY length(findings) LIMIT 1),
                               errors = 0, warnings = 0, infos = 0, left_out = 0",
            [],
        )
        .unwrap();
    assert!(changed >= 5);
    drop(db);
    let second = xxgk(Some(dir.path()), &["check", "--format", "concise", seeds]);
    assert_ne!(second.stdout, first.stdout);
    let afresh = xxgk(None, &["check", "--format", "concise", seeds]);
    assert_eq!(afresh.stdout, first.stdout);
}

#[test]
fn a_changed_file_is_checked_again() {
    let dir = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("report.txt");
    let seed =
        fs::read_to_string(root().join("tests/data/seeds/001_45d6ed1fafd8548f.txt")).unwrap();
    fs::write(&file, &seed).unwrap();
    let path = file.to_str().unwrap();
    let args = ["check", "--format", "json", path];
    let before = xxgk(Some(dir.path()), &args);
    // The same name, other bytes: a space after a heading.
    let changed = seed.replacen("总计", "总计 ", 1);
    assert_ne!(changed, seed);
    fs::write(&file, &changed).unwrap();
    let after = xxgk(Some(dir.path()), &args);
    let afresh = xxgk(None, &args);
    assert_eq!(after.stdout, afresh.stdout);
    assert_ne!(
        after.stdout, before.stdout,
        "the file's digest is in the output"
    );
    assert_eq!(entries(dir.path()), 2);
}

#[test]
fn rules_and_language_are_part_of_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = "tests/data/seeds";
    let cases: [&[&str]; 4] = [
        &["check", "--format", "json", "--select", "requests-*", seeds],
        &["check", "--format", "json", seeds],
        &["--lang", "en", "check", "--format", "json", seeds],
        &[
            "check",
            "--format",
            "json",
            "--ignore",
            "narrative-*",
            seeds,
        ],
    ];
    for _ in 0..2 {
        for args in cases {
            let cached = xxgk(Some(dir.path()), args);
            let afresh = xxgk(None, args);
            assert_eq!(cached.stdout, afresh.stdout, "{args:?}");
        }
    }
}

#[test]
fn without_the_cache_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let mut command = Command::cargo_bin("xxgk").unwrap();
    let output = command
        .current_dir(root())
        .env("XXGK_CACHE_DIR", &cache)
        .args([
            "check",
            "--no-cache",
            "--format",
            "concise",
            "tests/data/seeds",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(!cache.exists());
}

#[test]
fn a_cache_that_cannot_be_used_is_said_once_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("check-v1.sqlite3");
    fs::write(&file, "这不是数据库".repeat(1000)).unwrap();
    let args = ["check", "--format", "concise", "tests/data/seeds"];
    let afresh = xxgk(None, &args);
    let run = xxgk(Some(dir.path()), &args);
    assert_eq!(run.stdout, afresh.stdout);
    assert_eq!(run.code, afresh.code);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(lines[0].starts_with("xxgk: 警告: "), "{}", lines[0]);
    assert!(lines[0].contains("check-v1.sqlite3"), "{}", lines[0]);
    assert!(lines[0].contains("xxgk clean"), "{}", lines[0]);
    // The damaged file is left for the person to see, and clean removes it.
    assert!(file.exists());
    let clean = xxgk(Some(dir.path()), &["clean"]);
    assert_eq!(clean.code, 0);
    assert!(!file.exists());
    let again = xxgk(Some(dir.path()), &args);
    assert_eq!((again.stdout, again.stderr.as_str()), (afresh.stdout, ""));
}

#[test]
fn clean_deletes_the_cache_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    xxgk(Some(dir.path()), &["check", "tests/data/seeds"]);
    let file = dir.path().join("check-v1.sqlite3");
    assert!(file.exists());
    let clean = xxgk(Some(dir.path()), &["clean"]);
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    let said = String::from_utf8(clean.stdout).unwrap();
    assert!(said.starts_with("已删除检查缓存 "), "{said}");
    assert!(said.contains("check-v1.sqlite3"), "{said}");
    assert!(!file.exists());
    let again = xxgk(Some(dir.path()), &["--lang", "en", "clean"]);
    let said = String::from_utf8(again.stdout).unwrap();
    assert!(said.starts_with("no check cache at "), "{said}");
}

#[test]
fn runs_at_the_same_time_share_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let args = [&["check", "--format", "json"][..], &FOLDERS[..]].concat();
    let afresh = xxgk(None, &args);
    let runs: Vec<Run> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..3)
            .map(|_| scope.spawn(|| xxgk(Some(dir.path()), &args)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for run in runs {
        assert_eq!(run.stderr, afresh.stderr);
        assert!(run.stdout == afresh.stdout, "output differs");
    }
}

#[test]
fn a_cache_folder_that_is_a_file_is_named_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder");
    fs::write(&file, "").unwrap();
    let args = ["check", "--format", "json", "tests/data/seeds"];
    let afresh = xxgk(None, &args);
    let run = xxgk(Some(&file), &args);
    assert_eq!(run.stdout, afresh.stdout);
    assert_eq!(run.code, afresh.code);
    let expected = format!("xxgk: 警告: {}: 检查缓存无法使用（", file.display());
    assert!(run.stderr.starts_with(&expected), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

/// The cross-report findings of two files checked before come from the cache
/// too; kept bytes that do not read back are checked again, never printed.
#[test]
fn cross_report_findings_are_kept_per_pair() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "check",
        "--format",
        "concise",
        "tests/data/rules/copied-text",
        "tests/data/rules/in-force-chain",
    ];
    let afresh = xxgk(None, &args);
    let said = String::from_utf8(afresh.stdout.clone()).unwrap();
    assert!(said.contains("[copied-text]"), "{said}");
    assert!(said.contains("[in-force-chain]"), "{said}");
    let first = xxgk(Some(dir.path()), &args);
    assert_eq!(first.stdout, afresh.stdout);
    let db = rusqlite::Connection::open(dir.path().join("check-v1.sqlite3")).unwrap();
    let pairs: i64 = db
        .query_row("SELECT count(*) FROM pair", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pairs, 2);
    // Read from the cache: a pair's findings swapped with the other's show.
    db.execute_batch(
        "UPDATE pair SET findings = (SELECT findings FROM pair ORDER BY length(findings) LIMIT 1);",
    )
    .unwrap();
    let swapped = xxgk(Some(dir.path()), &args);
    assert_ne!(swapped.stdout, afresh.stdout);
    // Damaged bytes: checked again.
    db.execute_batch("UPDATE pair SET findings = x'00ff00ff';")
        .unwrap();
    drop(db);
    let damaged = xxgk(Some(dir.path()), &args);
    assert_eq!(damaged.stdout, afresh.stdout);
    assert_eq!(damaged.stderr, afresh.stderr);
}

/// A file that fails the same way whenever it is read (here PDFs whose text
/// layer is in no known encoding) is kept with why: the next run says the
/// same, byte for byte, without running `pdftotext` again.
#[test]
fn unreadable_files_are_kept_with_why_and_not_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let tool = tempfile::tempdir().unwrap();
    let runs = tool.path().join("runs");
    let wrapper = tool.path().join("pdftotext");
    fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\necho run >> '{}'\nexec pdftotext \"$@\"\n",
            runs.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&wrapper, fs::Permissions::from_mode(0o755)).unwrap();
    let run = |cache: Option<&Path>| {
        let mut command = Command::cargo_bin("xxgk").unwrap();
        command
            .current_dir(root())
            .env_remove("XXGK_NO_CACHE")
            .env_remove("XXGK_LANG")
            .env("NO_COLOR", "1")
            .env("XXGK_PDFTOTEXT", &wrapper);
        match cache {
            Some(dir) => command.env("XXGK_CACHE_DIR", dir),
            None => command.env("XXGK_NO_CACHE", "1"),
        };
        command
            .args(["check", "--format", "full", "tests/data/bad"])
            .output()
            .unwrap()
    };
    let count = || {
        fs::read_to_string(&runs)
            .unwrap_or_default()
            .lines()
            .count()
    };
    // Each PDF read runs the tool twice: its text, and where each piece of
    // text is on the page (to check the text's order).
    let afresh = run(None);
    assert_eq!(count(), 2 * 3);
    assert!(String::from_utf8_lossy(&afresh.stderr).contains("乱码"));
    let first = run(Some(dir.path()));
    assert_eq!(count(), 2 * 6);
    let second = run(Some(dir.path()));
    assert_eq!(count(), 2 * 6, "the second run read the PDFs again");
    for kept in [&first, &second] {
        assert_eq!(kept.status.code(), afresh.status.code());
        assert_eq!(kept.stdout, afresh.stdout);
        assert_eq!(kept.stderr, afresh.stderr);
    }
    let db = rusqlite::Connection::open(dir.path().join("check-v1.sqlite3")).unwrap();
    let kept: i64 = db
        .query_row(
            "SELECT count(*) FROM failure WHERE kind = 'encoding'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 3);
}
