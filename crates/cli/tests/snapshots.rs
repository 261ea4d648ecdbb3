//! Snapshots of what a person reads: the table view with its extraction findings,
//! in both languages, for the real reports whose reading needs a note. A change in
//! wording, numbers or positions shows up as a reviewed diff.

use assert_cmd::Command;

fn xxgk(args: &[&str]) -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let out = Command::cargo_bin("xxgk")
        .unwrap()
        .current_dir(root)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn short_rows_seed_001() {
    insta::assert_snapshot!(xxgk(&[
        "extract",
        "--format",
        "table",
        "tests/data/seeds/001_45d6ed1fafd8548f.txt"
    ]));
}

#[test]
fn lost_characters_hongze_2024_in_english() {
    insta::assert_snapshot!(xxgk(&[
        "--lang",
        "en",
        "extract",
        "--format",
        "table",
        "tests/data/layout/huaian-hongze-district-2024.pdftotext-layout.txt"
    ]));
}

#[test]
fn findings_json_of_every_seed() {
    let lines = xxgk(&["extract", "--format", "jsonl", "tests/data/seeds"]);
    let findings: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| {
            let report: serde_json::Value = serde_json::from_str(l).unwrap();
            serde_json::json!({ "file": report["source"]["file"], "findings": report["findings"] })
        })
        .collect();
    insta::assert_json_snapshot!(findings);
}
