//! `xxgk eval`: scores, output formats, exit statuses and how documents named
//! in an expected file are found, on temporary expected files.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

const SEED: &str = "004_ca48803eb8e502d4";

fn xxgk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xxgk"))
}

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data")
}

/// A temporary repository: `docs/seed.txt` (a copy of seed 004) and
/// `tests/data/expected/seed.json` (its shipped expected values, edited by `edit`)
/// naming `docs/seed.txt` relative to the repository root.
fn repo(edit: impl FnOnce(&mut Value)) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("docs")).unwrap();
    fs::copy(
        data().join(format!("seeds/{SEED}.txt")),
        dir.path().join("docs/seed.txt"),
    )
    .unwrap();
    let text = fs::read_to_string(data().join(format!("expected/{SEED}.json"))).unwrap();
    let mut expected: Value = serde_json::from_str(&text).unwrap();
    expected["files"] = serde_json::json!(["docs/seed.txt"]);
    edit(&mut expected);
    let folder = dir.path().join("tests/data/expected");
    fs::create_dir_all(&folder).unwrap();
    let file = folder.join("seed.json");
    fs::write(&file, expected.to_string()).unwrap();
    (dir, file)
}

fn run(file: &Path, args: &[&str]) -> (i32, String, String) {
    // Run from elsewhere so the document is found through the expected file's ancestors.
    let output = xxgk()
        .current_dir(std::env::temp_dir())
        .arg("eval")
        .arg(file)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn a_document_read_right_exits_0_with_its_figures() {
    let (_dir, file) = repo(|_| {});
    let (code, stdout, stderr) = run(&file, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("docs/seed.txt"), "{stdout}");
    assert!(
        stdout.ends_with("合计 1 份文档：正确 198 / 漏读 0 / 错误 0 / 空白正确 0 / 无法核实 0 / 存疑留空 0；年度 1/1，格式 1/1，机关 1/1\n"),
        "{stdout}"
    );
}

#[test]
fn a_wrong_value_exits_1_and_is_named() {
    let (_dir, file) = repo(|e| e["cells"]["requests.received.total"] = 11.into());
    let (code, stdout, _) = run(&file, &["--lang", "en"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("wrong: docs/seed.txt: requests.received.total should be 11, read 10"),
        "{stdout}"
    );
    assert!(
        stdout.contains("right 197 / missed 0 / wrong 1 /"),
        "{stdout}"
    );
}

#[test]
fn a_wrong_year_exits_1_a_missed_cell_does_not() {
    let (_dir, file) = repo(|e| e["year"] = 2019.into());
    assert_eq!(run(&file, &[]).0, 1);
    // The document prints 10; pretending it is undecidable between 10 and 12
    // makes the value unverifiable, not wrong.
    let (_dir, file) = repo(|e| {
        e["cells"]
            .as_object_mut()
            .unwrap()
            .remove("requests.received.total");
        e["undecidable"] = serde_json::json!({"requests.received.total": [10, 12]});
    });
    let (code, stdout, _) = run(&file, &["--format", "json"]);
    assert_eq!(code, 0, "{stdout}");
    let value: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["schema"], "xxgk/eval@1");
    assert_eq!(value["total"]["counts"]["unverifiable"], 1);
    assert_eq!(value["total"]["counts"]["right"], 197);
    assert_eq!(value["documents"][0]["year"]["verdict"], "right");
    assert_eq!(value["documents"][0]["fails"], false);
}

#[test]
fn unreadable_input_exits_2() {
    let (_dir, file) = repo(|e| e["files"] = serde_json::json!(["docs/missing.txt"]));
    let (code, _, stderr) = run(&file, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("docs/missing.txt"), "{stderr}");

    let (_dir, file) = repo(|e| e["schema"] = "something/else".into());
    let (code, _, stderr) = run(&file, &["--lang", "en"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("schema must be xxgk/expected@1"),
        "{stderr}"
    );
}

#[test]
fn a_folder_is_searched_for_expected_files() {
    let (dir, _file) = repo(|_| {});
    let folder = dir.path().join("tests/data/expected");
    let (code, stdout, _) = run(&folder, &[]);
    assert_eq!(code, 0);
    assert!(stdout.contains("合计 1 份文档"), "{stdout}");
}
