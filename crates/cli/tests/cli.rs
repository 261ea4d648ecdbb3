//! The behaviour of the `xxgk` binary: inputs, formats, errors and exit codes.
//! Extraction results are not asserted here (that is the extractor's job), only
//! what the command line does with them.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn xxgk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xxgk"))
}

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/seeds")
}

/// The seed reports, in the order a folder walk yields them.
fn seeds() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(seeds_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seed reports in tests/data/seeds");
    files
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn assert_report(value: &Value, file: &str) {
    assert_eq!(value["schema"], "xxgk/report@1");
    assert_eq!(value["source"]["file"], file);
}

#[test]
fn one_file_prints_one_pretty_report() {
    let file = seeds()[0].to_string_lossy().into_owned();
    let output = xxgk().args(["extract", &file]).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = stdout_of(&output);
    assert!(stdout.lines().count() > 1, "expected pretty JSON: {stdout}");
    let value: Value = serde_json::from_str(&stdout).unwrap();
    assert_report(&value, &file);
}

#[test]
fn relative_paths_are_kept_as_given() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(&seeds()[0], dir.path().join("report.txt")).unwrap();
    let output = xxgk()
        .current_dir(dir.path())
        .args(["extract", "report.txt"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_report(&value, "report.txt");
}

#[test]
fn a_folder_prints_one_json_line_per_file_in_name_order() {
    let dir = seeds_dir().to_string_lossy().into_owned();
    let output = xxgk().args(["extract", &dir]).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let reports = json_lines(&stdout_of(&output));
    let expected = seeds();
    assert_eq!(reports.len(), expected.len());
    for (report, file) in reports.iter().zip(&expected) {
        let name = file.file_name().unwrap().to_string_lossy();
        assert_report(report, &format!("{dir}/{name}"));
    }
}

#[test]
fn json_with_several_files_is_json_lines() {
    let files: Vec<String> = seeds()[..2]
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let output = xxgk()
        .args(["extract", "--format", "json", &files[0], &files[1]])
        .output()
        .unwrap();
    assert!(output.status.success());
    let reports = json_lines(&stdout_of(&output));
    assert_eq!(reports.len(), 2);
    assert_report(&reports[0], &files[0]);
    assert_report(&reports[1], &files[1]);
}

#[test]
fn jsonl_with_one_file_is_one_compact_line() {
    let file = seeds()[0].to_string_lossy().into_owned();
    let output = xxgk()
        .args(["extract", "--format", "jsonl", &file])
        .output()
        .unwrap();
    assert!(output.status.success());
    let reports = json_lines(&stdout_of(&output));
    assert_eq!(reports.len(), 1);
    assert_report(&reports[0], &file);
}

#[test]
fn a_missing_path_fails_but_the_batch_continues() {
    let good = seeds()[0].to_string_lossy().into_owned();
    let missing = "no/such/report.txt";
    let output = xxgk().args(["extract", missing, &good]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert!(
        stderr.starts_with(&format!("xxgk: 错误: {missing}: ")),
        "{stderr}"
    );
    let reports = json_lines(&stdout_of(&output));
    assert_eq!(reports.len(), 1);
    assert_report(&reports[0], &good);
}

#[test]
fn an_empty_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, b"").unwrap();
    let empty = empty.to_string_lossy().into_owned();
    xxgk()
        .args(["extract", "--lang", "en", &empty])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(format!(
            "xxgk: error: {empty}: "
        )))
        .stderr(predicate::str::contains("empty"));
}

#[test]
fn a_binary_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("report.txt");
    fs::write(
        &binary,
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00",
    )
    .unwrap();
    let binary = binary.to_string_lossy().into_owned();
    xxgk()
        .args(["extract", &binary])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(format!(
            "xxgk: 错误: {binary}: "
        )));
}

#[test]
fn a_too_large_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    // Sparse: takes no disk space, but its size is over the limit.
    fs::File::create(&big)
        .unwrap()
        .set_len(xxgk_extract::MAX_INPUT_BYTES + 1)
        .unwrap();
    let big = big.to_string_lossy().into_owned();
    xxgk()
        .args(["extract", "--lang", "en", &big])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(format!("xxgk: error: {big}: ")));
}

#[test]
fn bad_files_in_a_folder_do_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(&seeds()[0], dir.path().join("a.txt")).unwrap();
    fs::write(dir.path().join("b.txt"), b"").unwrap();
    fs::copy(&seeds()[1], dir.path().join("c.txt")).unwrap();
    let output = xxgk().arg("extract").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let reports = json_lines(&stdout_of(&output));
    let files: Vec<&str> = reports
        .iter()
        .map(|r| r["source"]["file"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 2);
    assert!(files[0].ends_with("a.txt") && files[1].ends_with("c.txt"));
    assert!(stderr_of(&output).contains("b.txt"));
}

#[test]
fn csv_starts_with_bom_and_header() {
    let file = seeds()[0].to_string_lossy().into_owned();
    let output = xxgk()
        .args(["extract", "--format", "csv", &file])
        .output()
        .unwrap();
    assert!(output.status.success());
    let header = "file,agency,year,template,table,row,column,value,raw,line,column_in_line";
    assert!(output.stdout.starts_with(b"\xEF\xBB\xBF"));
    let stdout = stdout_of(&output);
    assert_eq!(
        stdout.trim_start_matches('\u{feff}').lines().next(),
        Some(header)
    );
    // Every data row names the file in its first column.
    for line in stdout.lines().skip(1) {
        assert!(line.starts_with(&format!("{file},")), "{line}");
    }
}

#[test]
fn table_format_titles_each_report() {
    let files: Vec<String> = seeds()
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let output = xxgk()
        .args(["extract", "--format", "table"])
        .args(&files)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = stdout_of(&output);
    for file in &files {
        assert!(stdout.contains(&format!("文件：{file}")), "{stdout}");
    }
    assert_eq!(stdout.matches("表三").count(), files.len());
}

#[test]
fn lang_en_switches_the_error_language() {
    let missing = "missing.txt";
    xxgk()
        .args(["extract", missing])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("xxgk: 错误: missing.txt: "));
    xxgk()
        .args(["--lang", "en", "extract", missing])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("xxgk: error: missing.txt: "))
        .stderr(predicate::str::contains("错误").not());
}

#[test]
fn misuse_is_a_usage_error() {
    xxgk()
        .args(["extract", "--format", "xml", "a.txt"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("--format"));
    xxgk().arg("extract").assert().code(2);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_does_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(&seeds()[0], dir.path().join("a.txt")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    let output = xxgk()
        .arg("extract")
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(json_lines(&stdout_of(&output)).len(), 1);
    assert!(stderr_of(&output).contains("loop"));
}
