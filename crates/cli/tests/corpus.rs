//! The corpus subcommands on the shipped real reports: ingest (with an agency
//! list), the summary, idempotent re-runs, stats, coverage and compare.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(path)
}

fn xxgk(db: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("xxgk")
        .unwrap()
        .args(args)
        .arg("--db")
        .arg(db)
        .env_remove("XXGK_DB")
        .assert()
}

/// The real reports (text layers, PDFs, HTML, seeds) in one database.
fn ingested(dir: &Path) -> PathBuf {
    let db = dir.join("corpus.db");
    let list = data("corpus/agencies.csv");
    let output = xxgk(
        &db,
        &[
            "ingest",
            data("seeds").to_str().unwrap(),
            data("layout").to_str().unwrap(),
            data("pdf").to_str().unwrap(),
            data("html").to_str().unwrap(),
            "--agencies",
            list.to_str().unwrap(),
        ],
    )
    .success()
    .get_output()
    .stdout
    .clone();
    let summary = String::from_utf8(output).unwrap();
    assert!(
        summary.starts_with("处理 13 个输入：新增报告 13 份，重新提取 0 份，未变 0 份，失败 0 个"),
        "{summary}"
    );
    db
}

#[test]
fn ingest_summarises_and_a_rerun_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let again = xxgk(&db, &["ingest", data("seeds").to_str().unwrap()]).success();
    let out = String::from_utf8(again.get_output().stdout.clone()).unwrap();
    let out = out.replace(&db.display().to_string(), "corpus.db");
    insta::assert_snapshot!(out, @r"
    处理 5 个输入：新增报告 0 份，重新提取 0 份，未变 5 份，失败 0 个
    跨报告检查：报告与名录均无变化，结果不变
    数据库 corpus.db：报告 13 份，无法读取的文件 0 个；全部发现 错误 4、警告 10、提示 16
    ");
}

#[test]
fn unreadable_inputs_are_listed_with_their_reason_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bad.db");
    let bad = dir.path().join("empty.txt");
    std::fs::write(&bad, b"").unwrap();
    let out = xxgk(
        &db,
        &[
            "ingest",
            bad.to_str().unwrap(),
            data("seeds/004_ca48803eb8e502d4.txt").to_str().unwrap(),
        ],
    )
    .code(2)
    .get_output()
    .stdout
    .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("新增报告 1 份"), "{out}");
    assert!(
        out.contains(&format!("  {}: 文件为空", bad.display())),
        "{out}"
    );
}

#[test]
fn stats_by_year() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let out = xxgk(&db, &["stats", "--by", "year", "--format", "csv"]).success();
    insta::assert_snapshot!(String::from_utf8(out.get_output().stdout.clone()).unwrap());
    let json = xxgk(&db, &["stats", "--by", "level", "--format", "json"]).success();
    let json: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    let city = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"][0] == "市级")
        .expect("the listed city level");
    // 淮安市 2024, read twice (text layer and PDF): 3119 received each.
    assert_eq!(city["reports"], 2);
    assert_eq!(city["bodies"], 1);
    assert_eq!(city["received"]["sum"], 6238);
}

#[test]
fn coverage_lists_the_listed_bodies_without_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let out = xxgk(&db, &["coverage", "--year", "2024"]).success();
    insta::assert_snapshot!(String::from_utf8(out.get_output().stdout.clone()).unwrap(), @r"
    机关                    地区                  层级      上级
    淮安市洪泽区交通运输局  江苏省淮安市洪泽区    县级部门  淮安市洪泽区人民政府
    淮安市清江浦区人民政府  江苏省淮安市清江浦区  县级      淮安市人民政府
    王岗镇人民政府                                乡级
    2024 年度：名录中 5 个机关，2 个有报告，3 个没有；另有 0 份报告的机关不在名录中
    ");
}

#[test]
fn compare_lines_up_a_body_printed_under_two_names() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    // 2023 prints 洪泽区人民政府, 2024 淮安市洪泽区人民政府: one body.
    let out = xxgk(&db, &["compare", "洪泽区政府", "--format", "json"]).success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json["body"], "淮安市洪泽区人民政府");
    let years: Vec<i64> = json["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2023, 2024]);
    let received = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "requests.received.total")
        .unwrap();
    assert_eq!(received["values"], serde_json::json!([21, 95]));
    assert_eq!(received["changes"], serde_json::json!([null, 74]));
    // Sections 一 and 五 of 2024 against 2023: figures for both.
    let repeats = json["repeats"].as_array().unwrap();
    let sections: Vec<i64> = repeats
        .iter()
        .map(|r| r["section"].as_i64().unwrap())
        .collect();
    assert!(
        sections.contains(&1) && sections.contains(&5),
        "{repeats:?}"
    );

    let table = xxgk(&db, &["compare", "淮安市洪泽区人民政府"]).success();
    let table = String::from_utf8(table.get_output().stdout.clone()).unwrap();
    assert!(
        table.contains("一、本年新收政府信息公开申请数量 · 总计"),
        "{table}"
    );
    assert!(table.contains("95 (+74)"), "{table}");
}

#[test]
fn compare_names_near_bodies_when_none_matches() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let out = xxgk(&db, &["compare", "淮安市财政局"]).code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("数据库中没有该机关的报告；相近的有："),
        "{err}"
    );
    assert!(err.contains("淮安市人民政府"), "{err}");
}

#[test]
fn a_bad_agency_list_is_refused_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.csv");
    std::fs::write(&list, "name,parent\n甲镇,乙县\n").unwrap();
    let out = xxgk(
        &dir.path().join("x.db"),
        &[
            "ingest",
            data("seeds").to_str().unwrap(),
            "--agencies",
            list.to_str().unwrap(),
        ],
    )
    .code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("第 2 行的上级机关「乙县」不在名录中"), "{err}");
}

/// A damaged byte in a long list is read by the decoder, but a name with a
/// damaged character matches no report: the list is refused, naming the line.
#[test]
fn a_damaged_agency_list_is_refused_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.csv");
    let mut bytes = b"name,parent\n".to_vec();
    for i in 0..200 {
        bytes.extend_from_slice(format!("第{i}镇人民政府,\n").as_bytes());
    }
    let at = bytes.windows(3).position(|w| w == "镇".as_bytes()).unwrap();
    bytes[at] = 0xFF;
    std::fs::write(&list, bytes).unwrap();
    let out = xxgk(
        &dir.path().join("x.db"),
        &[
            "ingest",
            data("seeds").to_str().unwrap(),
            "--agencies",
            list.to_str().unwrap(),
        ],
    )
    .code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("第 2 行有 3 个字节损坏"), "{err}");
}

#[test]
fn a_database_that_is_not_one_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("junk.db");
    std::fs::write(&db, vec![0x41; 4096]).unwrap();
    let out = xxgk(&db, &["stats"]).code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("不是 xxgk 数据库"), "{err}");
}

#[test]
fn reading_commands_refuse_a_database_that_does_not_exist_and_create_none() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("typo.db");
    let commands: &[&[&str]] = &[
        &["stats"],
        &["coverage", "--year", "2024"],
        &["compare", "洪泽区人民政府"],
        &["export", "--to", "csv", "-o", "-"],
        &["reindex"],
    ];
    for args in commands {
        let out = xxgk(&db, args).code(2);
        let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert_eq!(
            err,
            format!(
                "xxgk: 错误: {}: 数据库文件不存在；请先用 xxgk ingest 建立语料库，或用 --db 指定已有的数据库\n",
                db.display()
            ),
            "{args:?}"
        );
        assert!(out.get_output().stdout.is_empty(), "{args:?}");
        assert!(!db.exists(), "{args:?} created {}", db.display());
    }
}

#[test]
fn reindex_reextracts_only_with_all_after_an_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let out = xxgk(&db, &["reindex"]).success();
    let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(out.starts_with("处理 0 个输入"), "{out}");
    let out = xxgk(&db, &["reindex", "--all", "--lang", "en"]).success();
    let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        out.starts_with("13 inputs: 0 reports added, 13 re-extracted"),
        "{out}"
    );
}

#[test]
fn export_writes_the_long_form_and_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let out = xxgk(&db, &["export", "--to", "csv", "-o", "-"]).success();
    let csv = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        csv.starts_with("\u{feff}report_id,sha256,file,agency,body,region,level,year"),
        "{}",
        &csv[..200]
    );
    // Seed 004's 一 新收 总计: printed 10 on line 55.
    let received: Vec<&str> = csv
        .lines()
        .filter(|l| {
            l.contains("004_ca48803eb8e502d4.txt") && l.contains(",requests.received.total,")
        })
        .collect();
    assert_eq!(received.len(), 1);
    assert!(
        received[0].ends_with(",requests.received.total,10,10,55,32,"),
        "{}",
        received[0]
    );
    // The body and region come from the corpus pass and the agency list.
    assert!(
        csv.contains(",淮安市洪泽区人民政府,江苏省淮安市洪泽区,县级,2023,"),
        "no 2023 洪泽 row"
    );

    let xlsx = dir.path().join("corpus.xlsx");
    xxgk(
        &db,
        &["export", "--to", "xlsx", "-o", xlsx.to_str().unwrap()],
    )
    .success();
    let bytes = std::fs::read(&xlsx).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an XLSX is a zip package");
}

#[cfg(not(feature = "parquet"))]
#[test]
fn parquet_needs_the_feature_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e.db");
    xxgk(&db, &["ingest", data("seeds").to_str().unwrap()]).success();
    let out = xxgk(&db, &["export", "--to", "parquet", "-o", "out"]).code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("--features parquet"), "{err}");
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_is_partitioned_by_year() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let out = dir.path().join("parquet");
    xxgk(
        &db,
        &["export", "--to", "parquet", "-o", out.to_str().unwrap()],
    )
    .success();
    let mut years: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    years.sort();
    assert_eq!(
        years,
        [
            "year=2019",
            "year=2020",
            "year=2022",
            "year=2023",
            "year=2024"
        ]
    );
    assert!(out.join("year=2024/part-0.parquet").is_file());
}

#[test]
fn each_input_is_counted_once_even_when_identical_files_fail() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dups.db");
    let inputs = dir.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    for name in ["a.pdf", "b.pdf"] {
        std::fs::write(inputs.join(name), b"%PDF-1.7\n%%EOF").unwrap();
    }
    for name in ["c.txt", "d.txt"] {
        std::fs::write(inputs.join(name), b"\x00\x01\x02 not a report").unwrap();
    }
    let summary = |assert: assert_cmd::assert::Assert| {
        let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
        out.lines().next().unwrap().to_string()
    };
    let args = ["ingest", inputs.to_str().unwrap()];
    // The first run and a re-run: 4 inputs, 4 failures, nothing else.
    for _ in 0..2 {
        assert_eq!(
            summary(xxgk(&db, &args).code(2)),
            "处理 4 个输入：新增报告 0 份，重新提取 0 份，未变 0 份，失败 4 个"
        );
    }
}
