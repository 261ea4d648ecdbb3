//! `xxgk.toml`, found in the current folder or above it, fills in what the
//! command line leaves at its defaults; the command line and environment win.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn layout() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/layout")
}

fn xxgk(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xxgk"));
    command
        .current_dir(dir)
        .env_remove("XXGK_LANG")
        .env_remove("XXGK_DB");
    command
}

fn last_line(output: &std::process::Output) -> String {
    let text = String::from_utf8(output.stdout.clone()).unwrap();
    text.lines().last().unwrap_or_default().to_string()
}

/// A project folder with `xxgk.toml` and a subfolder to run in.
fn project(config: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("xxgk.toml"), config).unwrap();
    let sub = dir.path().join("reports/2024");
    std::fs::create_dir_all(&sub).unwrap();
    (dir, sub)
}

#[test]
fn language_and_rule_selection_come_from_the_nearest_file_above() {
    let (_dir, sub) = project("lang = \"en\"\n[check]\nselect = [\"requests-*\"]\n");
    let out = xxgk(&sub)
        .args(["check", "--format", "concise"])
        .arg(layout())
        .output()
        .unwrap();
    // The two errors of 洪泽 2023 are appeals-total: not selected.
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        last_line(&out),
        "Checked 3 files: 0 errors, 0 warnings, 0 infos; 0 files could not be read"
    );
    // The command line wins over the file.
    let out = xxgk(&sub)
        .args([
            "--lang",
            "zh",
            "check",
            "--format",
            "concise",
            "--select",
            "appeals-total",
        ])
        .arg(layout())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        last_line(&out),
        "已检查 3 个文件：错误 2 个，警告 0 个，提示 0 个；0 个文件无法读取"
    );
}

#[test]
fn the_database_path_is_relative_to_the_file() {
    let (dir, sub) = project("db = \"corpus.db\"\n");
    xxgk(&sub).arg("ingest").arg(layout()).assert().success();
    assert!(dir.path().join("corpus.db").is_file());
    assert!(!sub.join("xxgk.db").exists());
    let out = xxgk(&sub)
        .args(["stats", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_mistake_in_the_file_names_it_and_its_line() {
    let (dir, sub) = project("lang = \"zh\"\n\nignore = [\"narrative-*\"]\n");
    let out = xxgk(&sub).arg("rules").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "xxgk: 错误: {}: 第 3 行有误：不认识的设置「ignore」（可用的设置：lang、db、agencies、[check] select、ignore）\n",
            dir.path().join("xxgk.toml").display()
        )
    );
}
